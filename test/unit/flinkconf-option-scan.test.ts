// The catalog's option count, found a second way: tools/flink-catalog/KeyScanner.java reads the bytecode of
// every Flink class in the same cached jars (no class-name filter, no class loading) for string constants
// passed to ConfigOptions.key(String). Per version, every scanned key must be in the catalog or on the
// commented exclusions below, and every catalog key must be scanned or explained (a deprecated spelling,
// a key built at run time). Needs the jar cache `node scripts/gen-flink-catalog.mjs` fills; without it
// the test fails, never skips.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CACHE, jarFiles } from '../../scripts/gen-flink-catalog.mjs';

const ROOT = join(__dirname, '..', '..');
const SCANNER = join(ROOT, 'tools', 'flink-catalog', 'KeyScanner.java');
type Entry = { v?: [number, number][]; o?: number; r?: string };
const committed = JSON.parse(
  readFileSync(join(ROOT, 'src', 'core', 'flinkconf', 'catalog', 'options.json'), 'utf8'),
) as {
  versions: string[];
  releases: string[];
  counts: Record<string, number>;
  options: Record<string, Entry>;
};

/** Scanned keys the catalog leaves out on purpose, each with the reason. */
const EXCLUDED: { why: string; test: (key: string, cls: string) => boolean }[] = [
  {
    why: 'connectors and formats (table WITH-clause options): the product leaves them out',
    test: (_k, c) => /\.(connector|connectors|formats)\./.test(c),
  },
  {
    why: 'FactoryUtil: WITH-clause options every table connector shares (scan.*, sink.*, connector, format)',
    test: (k, c) =>
      c === 'org.apache.flink.table.factories.FactoryUtil' && !/^(sql-gateway|workflow-scheduler)\./.test(k),
  },
  {
    why: '$internal.*: values Flink passes between its own processes, never written by a user',
    test: (k) => k.startsWith('$internal.'),
  },
  {
    // Outside configuration/metrics a bare key is a table catalog/module/hint option, an ML_PREDICT or
    // VECTOR_SEARCH runtime option, or StreamConfig's per-operator entry: set in SQL or by the planner.
    why: 'bare keys (no dot) outside org.apache.flink.configuration/metrics: not cluster configuration',
    test: (k, c) => !k.includes('.') && !/^org\.apache\.flink\.(configuration|metrics)\./.test(c),
  },
];

/** ConfigOptions.key calls whose argument is computed at run time: what each builds and why that is fine. */
const DYNAMIC: { site: RegExp; keys?: RegExp; why: string }[] = [
  {
    site: /^org\.apache\.flink\.configuration\.CleanupOptions\.<clinit>$/,
    keys: /^cleanup-strategy\.(fixed-delay|exponential-delay)\./,
    why: 'prefix helpers join the strategy name and the parameter; the extractor reads the resulting fields',
  },
  {
    site: /^org\.apache\.flink\.configuration\.ExternalResourceOptions\.<clinit>$/,
    keys: /^external-resource\.<resource_name>\./,
    why: 'genericKeyWithSuffix builds the templated external-resource.<resource_name>.* keys',
  },
  {
    site: /^org\.apache\.flink\.runtime\.externalresource\.ExternalResourceUtils\./,
    why: 'reads external-resource.<name>.* for each configured name: the templated keys above',
  },
  {
    site: /^org\.apache\.flink\.(contrib\.streaming\.state|state\.rocksdb|state\.forst)\.\w+NativeMetricOptions\.<clinit>$/,
    keys: /^state\.backend\.(rocksdb|forst)\.metrics\./,
    why: 'each native metric enum constant gives its own state.backend.<backend>.metrics.* key',
  },
  {
    site: /^org\.apache\.flink\.table\.api\.config\.MaterializedTableConfigOptions\.<clinit>$/,
    keys: /^partition\.fields\.#\./,
    why: 'String.format builds the templated partition.fields.#.* key',
  },
  {
    site: /^org\.apache\.flink\.(kubernetes|yarn)\.configuration\.(Kubernetes|Yarn)ConfigOptions\.<clinit>$/,
    why: 'genericKeyWithSuffix prefixes kubernetes./yarn.; the same keys are also declared as constants',
  },
  {
    site: /^org\.apache\.flink\.configuration\.AkkaOptions\.<clinit>$/,
    why: 'deprecated aliases declared as key(OTHER.key()): the key is the other option constant',
  },
  {
    site: /^org\.apache\.flink\.configuration\.CoreOptions\.fileSystem\w+$/,
    why: 'fs.<scheme>.* per file system scheme: the catalog family fs.<scheme>.<option>',
  },
  {
    site: /^org\.apache\.flink\.configuration\.ConfigurationUtils\.get\w+ConfigOption$/,
    why: 'generic helpers that wrap any key the caller passes',
  },
  {
    site: /^org\.apache\.flink\.runtime\.(clusterframework\.BootstrapTools|util\.ConfigurationParserUtils)\./,
    why: 'wrap the -D dynamic properties of a process start, whatever keys they hold',
  },
  {
    site: /^org\.apache\.flink\.streaming\.api\.graph\.StreamConfig\.getManagedMemoryFractionConfigOption$/,
    why: 'per-operator managed memory fraction in the task configuration, not cluster configuration',
  },
  { site: /\.(connector|connectors|formats)\./, why: 'connectors and formats: the product leaves them out' },
];

function jarsOf(release: string): string[] {
  const dir = join(CACHE, 'jars', release);
  if (!existsSync(join(dir, '.complete')))
    assert.fail(`no Flink ${release} jars in ${dir}: run "node scripts/setup.mjs catalog" to download them`);
  return jarFiles(dir);
}

/** Compiles the scanner once per content, beside the jars. */
function scannerClasses(): string {
  const hash = createHash('sha256').update(readFileSync(SCANNER)).digest('hex').slice(0, 12);
  const dir = join(CACHE, `keyscanner-${hash}`);
  if (!existsSync(join(dir, 'KeyScanner.class'))) {
    const tmp = `${dir}.tmp${process.pid}`;
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    execFileSync('javac', ['-nowarn', '-d', tmp, SCANNER], { stdio: 'pipe' });
    rmSync(dir, { recursive: true, force: true });
    renameSync(tmp, dir);
  }
  return dir;
}

type Scan = { keys: Map<string, string[]>; dynamic: Set<string> };

/** Scanner output per release, cached under a name made of the scanner's content and the jars' paths,
 * sizes and times: the scan is redone whenever either changes. */
function cacheFile(classes: string, release: string, jars: string[]): string {
  const h = createHash('sha256').update(classes);
  for (const j of jars) h.update(`${j}\0${statSync(j).size}\0${statSync(j).mtimeMs}\n`);
  return join(CACHE, 'keyscan', `${release}-${h.digest('hex').slice(0, 16)}.tsv`);
}

/** Runs the scanner where the cache has no answer: two JVMs (the machine's two cores), half the releases each. */
async function scanAll(): Promise<Map<string, Scan>> {
  const classes = scannerClasses();
  const todo = committed.releases.map((r) => {
    const jars = jarsOf(r);
    return { r, jars, file: cacheFile(classes, r, jars) };
  });
  const missing = todo.filter((t) => !existsSync(t.file));
  const half = Math.ceil(missing.length / 2);
  const run = promisify(execFile);
  const outs = await Promise.all(
    [missing.slice(0, half), missing.slice(half)]
      .filter((part) => part.length)
      .map((part) =>
        run(
          'java',
          ['-XX:TieredStopAtLevel=1', '-cp', classes, 'KeyScanner', ...part.flatMap((t) => [`@${t.r}`, ...t.jars])],
          {
            encoding: 'utf8',
            maxBuffer: 64 << 20,
          },
        ),
      ),
  );
  const lines = outs.flatMap((o) => o.stdout.split('\n'));
  mkdirSync(join(CACHE, 'keyscan'), { recursive: true });
  for (const t of missing) {
    writeFileSync(`${t.file}.tmp${process.pid}`, lines.filter((l) => l.startsWith(`${t.r}\t`)).join('\n'));
    renameSync(`${t.file}.tmp${process.pid}`, t.file);
  }
  const scans = new Map<string, Scan>();
  for (const t of todo) {
    const s: Scan = { keys: new Map(), dynamic: new Set() };
    for (const line of readFileSync(t.file, 'utf8').split('\n')) {
      const [, kind, a, b, c] = line.split('\t');
      if (!a) continue;
      if (kind === 'KEY') s.keys.set(a, [...(s.keys.get(a) ?? []), b ?? '']);
      else if (kind === 'DYNAMIC') s.dynamic.add(`${a}.${b} (${c})`);
    }
    scans.set(t.r, s);
  }
  return scans;
}

const inVersion = (e: Entry, vi: number) => e.v?.some(([a, b]) => a <= vi && vi <= b) ?? false;

describe('Flink option count, found by a bytecode scan', () => {
  it('every key Flink declares is in the catalog for its version, and every catalog key is accounted for', async () => {
    const scans = await scanAll();
    // A @SuffixOption is declared bare and read under a templated prefix (metrics.reporter.<name>.).
    const suffixed = (keys: string[], k: string) =>
      keys.some((x) => x.endsWith(`.${k}`) && x.slice(0, -k.length).includes('<'));
    const problems: string[] = [];
    committed.releases.forEach((release, vi) => {
      const version = committed.versions[vi] ?? release;
      const scan = scans.get(release);
      assert.ok(scan && scan.keys.size > 500, `${release}: the scan found ${scan?.keys.size ?? 0} keys`);
      const flink = Object.entries(committed.options).filter(([, e]) => !e.o && inVersion(e, vi));
      const have = new Set(flink.map(([k]) => k));
      const templated = [...have].filter((k) => k.includes('<'));
      let found = 0;
      let excluded = 0;
      for (const [key, classes] of scan.keys) {
        if (have.has(key) || suffixed(templated, key)) {
          found++;
          continue;
        }
        if (classes.every((c) => EXCLUDED.some((x) => x.test(key, c)))) excluded++;
        else problems.push(`${version}: ${key} (declared in ${classes.join(', ')}) is missing from the catalog`);
      }
      const sites = [...scan.dynamic].map((d) => ({
        d,
        rule: DYNAMIC.find((x) => x.site.test(d.replace(/ \(.*$/, ''))),
      }));
      for (const { d } of sites.filter((s) => !s.rule))
        problems.push(`${version}: ${d} builds a key at run time: see what it builds, then add it to DYNAMIC`);
      const built = sites.flatMap((s) => (s.rule?.keys ? [s.rule.keys] : []));
      // The other way round: a catalog key nobody declares as a constant must be explained.
      let declared = 0;
      let aliases = 0;
      let dynamic = 0;
      for (const [key, e] of flink) {
        if (scan.keys.has(key) || (key.includes('<') && [...scan.keys.keys()].some((s) => suffixed([key], s))))
          declared++;
        else if (e.r) aliases++;
        else if (built.some((r) => r.test(key))) dynamic++;
        else problems.push(`${version}: catalog key ${key} is declared nowhere the scan can see`);
      }
      process.stdout.write(
        `Flink ${version}: catalog ${committed.counts[version]} options, ${have.size} keys = ${declared} declared ` +
          `as constants (found by the scan) + ${aliases} deprecated spellings + ${dynamic} built at run time; ` +
          `scan: ${scan.keys.size} constant keys, ${found} in the catalog, ${excluded} excluded\n`,
      );
    });
    assert.deepEqual(problems, []);
  });
});
