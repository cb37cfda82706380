// Issue 18's last check: nothing the suites log (test-results/: screenshots' sidecar logs, the
// output channel and extension host logs of the vscode and e2e suites) may hold the test bed's
// credentials or Secret values. Collects those values from the kubeconfig (token, password, client
// key) and from extra values, then scans every text file for them, raw and base64-encoded.
// Findings name the file, the value's name and the offset, never the value.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export interface NamedSecret {
  name: string;
  value: string;
}

export interface Finding {
  file: string;
  secret: string;
  offset: number;
}

/** Shorter values would match by chance. */
const MIN_LENGTH = 12;
/** Compressed or image files cannot hold a readable value. */
const SKIP = /\.(png|jpe?g|gif|webm|mp4|zip|gz|vsix)$/i;

interface KubeconfigUser {
  name?: string;
  user?: Record<string, unknown>;
}

/** The pieces of a PEM key worth looking for: its base64 body lines (a log may quote a few). */
function pemPieces(pem: string): string[] {
  return pem
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length >= MIN_LENGTH && !l.startsWith('-----'));
}

export function secretsFromKubeconfig(path: string): NamedSecret[] {
  const doc = parse(readFileSync(path, 'utf8')) as { users?: KubeconfigUser[] } | null;
  const out: NamedSecret[] = [];
  for (const u of doc?.users ?? []) {
    const who = `user ${u.name ?? '?'}`;
    const user = u.user ?? {};
    for (const field of ['token', 'password'] as const) {
      const v = user[field];
      if (typeof v === 'string') out.push({ name: `${who} ${field}`, value: v });
    }
    const keyData = user['client-key-data'];
    if (typeof keyData === 'string') {
      out.push({ name: `${who} client-key-data`, value: keyData });
      for (const piece of pemPieces(Buffer.from(keyData, 'base64').toString('utf8')))
        out.push({ name: `${who} client key`, value: piece });
    }
    const keyFile = user['client-key'];
    if (typeof keyFile === 'string') {
      for (const piece of pemPieces(readFileSync(keyFile, 'utf8')))
        out.push({ name: `${who} client key`, value: piece });
    }
  }
  return out.filter((s) => s.value.length >= MIN_LENGTH);
}

/** Each value and its base64 form (Secret data and basic auth headers are base64). */
function needles(secrets: readonly NamedSecret[]): { name: string; bytes: Buffer }[] {
  const out: { name: string; bytes: Buffer }[] = [];
  for (const s of secrets) {
    if (s.value.length < MIN_LENGTH) continue;
    out.push({ name: s.name, bytes: Buffer.from(s.value, 'utf8') });
    out.push({ name: `${s.name} (base64)`, bytes: Buffer.from(Buffer.from(s.value, 'utf8').toString('base64')) });
  }
  return out;
}

function* files(dir: string): Generator<string> {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* files(p);
    else if (e.isFile() && !SKIP.test(e.name)) yield p;
  }
}

export function scanDirs(dirs: readonly string[], secrets: readonly NamedSecret[]): Finding[] {
  const ns = needles(secrets);
  const found: Finding[] = [];
  for (const dir of dirs)
    for (const file of files(dir)) {
      if (statSync(file).size > 256 * 1024 * 1024) continue;
      const buf = readFileSync(file);
      for (const n of ns) {
        const at = buf.indexOf(n.bytes);
        if (at >= 0) found.push({ file, secret: n.name, offset: at });
      }
    }
  return found;
}
