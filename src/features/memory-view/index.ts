// Registers the memory layout picture: a CodeLens above `<role>.memory.process.size` in a Flink
// config (ConfigMap, bare config file, FLINK_PROPERTIES) and above a FlinkDeployment's
// `<role>.resource`, the command `flink.showMemoryLayout` it runs (also from the palette, for the
// active YAML editor), and the serializer that reopens the view after a window reload.
import * as vscode from 'vscode';
import { UserError } from '../shared/problems';
import type { Services } from '../shared/services';
import { layoutOf, MEMORY_VIEW_TYPE, MemoryPanels } from './panel';
import { lensTitle, mayHaveMemoryLens } from './picture';
import { isPageState, type MemoryPicture } from './protocol';

export const SHOW_MEMORY_LAYOUT_COMMAND = 'flink.showMemoryLayout';

function uriOf(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string' && arg.length > 0) {
    try {
      return vscode.Uri.parse(arg, true);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export function register(services: Services): void {
  const { context, log, commands } = services;
  let last: { uri: string; picture: MemoryPicture } | undefined;
  const panels = new MemoryPanels({ context, log, onPicture: (uri, picture) => (last = { uri, picture }) });

  const lenses: vscode.CodeLensProvider = {
    provideCodeLenses(document) {
      const text = document.getText();
      if (!mayHaveMemoryLens(text)) return [];
      const layout = layoutOf(document);
      return layout.anchors.map(
        (a) =>
          new vscode.CodeLens(new vscode.Range(a.line, 0, a.line, 0), {
            title: lensTitle(layout, a),
            tooltip: 'Show how Flink divides this container memory, against the container limit',
            command: SHOW_MEMORY_LAYOUT_COMMAND,
            arguments: [document.uri.toString(), a.ids[0]],
          }),
      );
    },
  };

  context.subscriptions.push(
    vscode.languages.registerCodeLensProvider({ language: 'yaml' }, lenses),
    commands.register(
      SHOW_MEMORY_LAYOUT_COMMAND,
      (arg?: unknown, focus?: unknown) => {
        const uri = uriOf(arg) ?? (arg === undefined ? vscode.window.activeTextEditor?.document.uri : undefined);
        if (!uri)
          throw new UserError(
            'it needs a Flink manifest: open a YAML file with a Flink config or a FlinkDeployment, then run it again (or click the "Memory layout" CodeLens).',
          );
        panels.show(uri, typeof focus === 'string' ? focus : undefined);
      },
      { what: 'Showing the memory layout failed' },
    ),
    commands.register('_flink.memoryLayout.lastPicture', () => last, { internal: true, retry: false }),
    vscode.window.registerWebviewPanelSerializer(MEMORY_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
        if (!isPageState(state)) {
          panel.dispose(); // the page never said which document it showed
          return;
        }
        panels.show(vscode.Uri.parse(state.uri), state.focus, panel);
      },
    }),
    panels,
  );
  log.info('Flink memory layout CodeLens registered');
}
