// FAKE Kubernetes Tools: only the API broker of vscode-kubernetes-tools-api and its cluster
// explorer v1 surface. `fake` (not part of the real API) lets the tests walk what was contributed.
'use strict';
/* global exports -- CommonJS, loaded by VS Code's extension host */

function clusterExplorerV1(state) {
  const source = (nodes) => ({
    at: () => ({ contributesChildren: () => true, getChildren: nodes }),
    if: () => source(nodes),
    nodes,
  });
  return {
    resolveCommandTarget: () => undefined,
    registerNodeContributor: (c) => state.contributors.push(c),
    registerNodeUICustomizer: (c) => state.customizers.push(c),
    refresh: () => state.refreshes++,
    nodeSources: {
      resourceFolder: () => source(async () => []),
      groupingFolder: () => source(async () => []),
    },
  };
}

exports.activate = () => {
  const state = { contributors: [], customizers: [], refreshes: 0 };
  const explorer = clusterExplorerV1(state);
  return {
    get(component, version) {
      if (component === 'clusterexplorer' && version === 'v1') return { available: true, api: explorer };
      return { available: false, reason: 'version-unknown' };
    },
    fake: state,
  };
};
exports.deactivate = () => {};
