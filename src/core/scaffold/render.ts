// Renders plain objects as multi-document YAML with short comments attached to keys.
import { Document, isMap, isScalar, isSeq, type Node } from 'yaml';

export type CommentPath = readonly (string | number)[];

export interface YamlDoc {
  /** Comment above the document. */
  readonly header?: string;
  readonly body: object;
  /** Comments placed above the key (or sequence item) at each path. */
  readonly comments?: ReadonlyArray<readonly [CommentPath, string]>;
}

function asComment(text: string): string {
  return text
    .split('\n')
    .map((l) => (l ? ` ${l}` : ''))
    .join('\n');
}

function attach(doc: Document, path: CommentPath, text: string): void {
  let node: unknown = doc.contents;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && p.key.value === seg);
      if (!pair) throw new Error(`scaffold comment path not found: ${path.join('.')}`);
      if (last) {
        (pair.key as Node).commentBefore = asComment(text);
        return;
      }
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number' && seg < node.items.length) {
      if (last) {
        (node.items[seg] as Node).commentBefore = asComment(text);
        return;
      }
      node = node.items[seg];
    } else {
      throw new Error(`scaffold comment path not found: ${path.join('.')}`);
    }
  }
}

export function renderYaml(docs: readonly YamlDoc[]): string {
  return docs
    .map((d) => {
      // YAML 1.1 as Kubernetes reads it (go-yaml): strings such as `on`, `no`, `0644` or `e0` get quoted.
      // No anchors/aliases for shared objects (labels reused in selector and template): plain YAML reads best.
      const doc = new Document(d.body, { version: '1.1', aliasDuplicateObjects: false });
      for (const [path, text] of d.comments ?? []) attach(doc, path, text);
      if (d.header) doc.commentBefore = asComment(d.header);
      return doc.toString({ lineWidth: 0 });
    })
    .join('---\n');
}
