// Loads flink-lint's own bundles (dist/lint.js, dist/validators/*.js) through V8 code caches written
// AFTER a run, so they hold the bytecode of every function the run compiled. Node's compile cache
// (module.enableCompileCache) is written right after compiling, when V8 has compiled only the top
// level; the lazily compiled functions of the YAML parser, the rules and the validators were then
// compiled again on every start, a third of a one-file run.
// The cache lives in a private per-user folder; a cache file is keyed by the bundle's size, times and
// inode (a rewritten file never reuses an old cache; V8 itself only checks the source length) and by
// the Node version. Any failure falls back to a plain compile: the cache is never needed to lint.
import * as fs from 'node:fs';
import { createRequire, wrap } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';

export type Loader = (path: string) => unknown;

interface Loaded {
  script: Script;
  cacheFile: string;
  stale: boolean;
}

function cacheFolder(): string | undefined {
  const env = process.env;
  if (env.NODE_DISABLE_COMPILE_CACHE || env.FLINK_LINT_CODE_CACHE === '0') return undefined;
  const uid = process.getuid?.() ?? 0;
  const dir = env.FLINK_LINT_CODE_CACHE || join(tmpdir(), `flink-lint-code-cache-${uid}`);
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = fs.lstatSync(dir);
    // Someone else's folder in a shared temp dir could hand us bytecode: use only our own.
    if (!st.isDirectory() || (process.getuid && st.uid !== uid)) return undefined;
    return dir;
  } catch {
    return undefined;
  }
}

export class CodeCache {
  private readonly loaded: Loaded[] = [];
  constructor(private readonly dir: string | undefined = cacheFolder()) {}

  /** Runs a CommonJS file like `require` would, with its code cache when there is one. */
  load: Loader = (path) => {
    const source = fs.readFileSync(path, 'utf8');
    const st = fs.statSync(path);
    const key = `${basename(path)}-${st.size}-${st.mtimeMs}-${st.ctimeMs}-${st.ino}-${process.version}`;
    const cacheFile = this.dir ? join(this.dir, key.replace(/[^\w.-]/g, '_')) : '';
    let cachedData: Buffer | undefined;
    try {
      if (cacheFile) cachedData = fs.readFileSync(cacheFile);
    } catch {
      cachedData = undefined; // first run with this build
    }
    const script = new Script(wrap(source), { filename: path, cachedData });
    if (cacheFile) this.loaded.push({ script, cacheFile, stale: !cachedData || script.cachedDataRejected === true });
    const module = { exports: {} as unknown, id: path, filename: path, loaded: false };
    const fn = script.runInThisContext() as (...args: unknown[]) => void;
    fn.call(module.exports, module.exports, createRequire(path), module, path, dirname(path));
    module.loaded = true;
    return module.exports;
  };

  /** Writes the caches that were missing or rejected, now that the run compiled what it uses. */
  save(): void {
    for (const l of this.loaded) {
      if (!l.stale || !this.dir) continue;
      const tmp = `${l.cacheFile}.${process.pid}`;
      try {
        fs.writeFileSync(tmp, l.script.createCachedData(), { mode: 0o600 });
        fs.renameSync(tmp, l.cacheFile); // atomic: a parallel run reads the old file or the new one
        // Older caches of the same file (earlier builds or installs) would only pile up.
        const name = basename(l.cacheFile);
        const prefix = name.slice(0, name.indexOf('-') + 1);
        for (const f of fs.readdirSync(this.dir))
          if (f.startsWith(prefix) && f !== name) fs.rmSync(join(this.dir, f), { force: true });
      } catch {
        fs.rmSync(tmp, { force: true });
      }
    }
  }
}
