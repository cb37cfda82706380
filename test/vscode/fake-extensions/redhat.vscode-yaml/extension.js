// FAKE Red Hat YAML: only the schema contributor API (its src/schema-extension-api.ts), with the
// same rules: one contributor per name, and a schema URI's scheme names the contributor that
// serves its content.
'use strict';
/* global exports -- CommonJS, loaded by VS Code's extension host */

class SchemaExtensionAPI {
  constructor() {
    this.contributors = {};
  }

  registerContributor(schema, requestSchema, requestSchemaContent, label) {
    if (this.contributors[schema]) return false;
    if (!requestSchema) throw new Error('Illegal parameter for requestSchema.');
    this.contributors[schema] = { requestSchema, requestSchemaContent, label };
    return true;
  }

  /** What its language client asks when the server needs the schemas of a resource. */
  requestCustomSchema(resource) {
    const out = [];
    for (const c of Object.values(this.contributors)) {
      const uri = c.requestSchema(resource);
      if (uri) out.push(uri);
    }
    return out;
  }

  /** And then the content of one of them. */
  async requestCustomSchemaContent(uri) {
    const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(uri || '');
    const c = scheme && this.contributors[scheme[1]];
    return c && c.requestSchemaContent ? c.requestSchemaContent(uri) : undefined;
  }

  async modifySchemaContent() {}

  registerCustomSchemaContentModifier() {}
}

exports.activate = () => new SchemaExtensionAPI();
exports.deactivate = () => {};
