// Reading what flink-lint is asked to check: files, folders (searched for *.yaml/*.yml) and `-`
// (standard input). Every failure is a UsageError with the path and a next step.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isValidationInput, type SourceFile } from '../core';

export class UsageError extends Error {}

const SKIP_DIRS = new Set(['node_modules', '.git']);

function reason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a folder';
  return (e as Error).message;
}

/** Files named on the command line are always validated; files found in folders only when they are inputs. */
interface Found {
  path: string;
  named: boolean;
}

function collect(path: string, out: Found[], named = true): void {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    throw new UsageError(`cannot read ${path}: ${reason(e)}`);
  }
  if (!st.isDirectory()) {
    out.push({ path, named });
    return;
  }
  let entries;
  try {
    entries = readdirSync(path, { withFileTypes: true });
  } catch (e) {
    throw new UsageError(`cannot read folder ${path}: ${reason(e)}`);
  }
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name)) collect(join(path, e.name), out, false);
    } else if (/\.ya?ml$/i.test(e.name)) out.push({ path: join(path, e.name), named: false });
  }
}

function readStdin(): string {
  try {
    return readFileSync(0, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read standard input: ${reason(e)}`);
  }
}

/** All inputs as one set; `-` is read once from standard input and reported as `stdinName`. */
export function readInputs(paths: string[], stdinName: string): SourceFile[] {
  const found: Found[] = [];
  let stdin = false;
  for (const p of paths) {
    if (p === '-') stdin = true;
    else collect(p, found);
  }
  const seen = new Set<string>();
  const out: SourceFile[] = [];
  for (const { path, named } of found) {
    if (seen.has(path)) continue;
    seen.add(path);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      throw new UsageError(`cannot read ${path}: ${reason(e)}`);
    }
    // The same test as the editor and the folder command: Helm values or CI files in a folder are not ours.
    if (named || isValidationInput(path, text)) out.push({ path, text });
  }
  if (stdin) out.push({ path: stdinName, text: readStdin() });
  if (!out.length)
    throw new UsageError(
      found.length
        ? `no Kubernetes manifests (YAML with a top-level kind) or Flink configuration files found in ${paths.join(', ')}: pass manifest files, folders that hold them, or - for standard input`
        : `no .yaml or .yml files found in ${paths.join(', ')}: pass manifest files, folders that hold them, or - for standard input`,
    );
  return out;
}
