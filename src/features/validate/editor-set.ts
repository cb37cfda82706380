// Which files the editor validates an open document with: pure (no vscode), so the parity test runs
// the editor's own selection beside the folder command's and flink-lint's.
import { isFlinkConfigFile, isValidationInput, looksLikeFlinkManifest, type SourceFile } from '../../core';

/** Whether a document is Flink's: a Flink manifest, or a Flink configuration file. */
export function isFlinkDocument(path: string, text: string): boolean {
  return looksLikeFlinkManifest(text) || isFlinkConfigFile(path, text);
}

/**
 * The set an open document is validated in: itself and its folder's other inputs (`siblings`, already
 * filtered with isValidationInput). undefined when it is not validated: neither Flink's nor a Kubernetes
 * manifest, or a plain Kubernetes file (a Service, a Secret) with nothing of Flink's beside it.
 */
export function editorFileSet(path: string, text: string, siblings: readonly SourceFile[]): SourceFile[] | undefined {
  const flink = isFlinkDocument(path, text);
  if (!flink && !isValidationInput(path, text)) return undefined;
  const files: SourceFile[] = [{ path, text }, ...siblings.filter((s) => s.path !== path)];
  if (!flink && !files.some((f) => f.path !== path && isFlinkDocument(f.path, f.text))) return undefined;
  return files;
}

/** The inputs of the folder command among the files it read (the same test as flink-lint's folder walk). */
export function folderFileSet(files: readonly SourceFile[]): SourceFile[] {
  return files.filter((f) => isValidationInput(f.path, f.text));
}
