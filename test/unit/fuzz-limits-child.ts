// Run by fuzz-limits.test.ts in its own process. The hostile inputs up to 1 MB: named ones, and
// fast-check mutations of real manifests tiled to 1 MB. Modes:
//   dump <dir>   writes every input to <dir> (flink-lint is then run on each file, one process each)
//   editor       runs validate() in-process on every input, as the extension host does, and prints one
//                JSON line: inputs tried, worst CPU time and which input, and the RSS growth over the
//                process before the first input (an upper bound for any one input's memory)
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { validate } from '../../src/core';
import { session } from './validate-helpers';

export const MB = 1 << 20;
const CORPUS = join(__dirname, '..', '..', '..', 'shared', 'corpus', 'operator-examples');
const samples = [
  session(),
  session({ confKey: 'flink-conf.yaml', image: 'flink:1.17' }),
  ...readdirSync(CORPUS)
    .filter((f) => /\.ya?ml$/.test(f))
    .slice(0, 6)
    .map((f) => readFileSync(join(CORPUS, f), 'utf8')),
];

/** Repeats `unit(i)` with `---` until the text is just under 1 MB. */
function tile(unit: (i: number) => string): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; ; i++) {
    const u = unit(i);
    if (size + u.length + 5 > MB) break;
    parts.push(u);
    size += u.length + 5;
  }
  return parts.join('\n---\n');
}
const lines = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join('\n');
const cm = (body: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n${body}\n`;

const big: Record<string, string> = {
  'distinct clusters': tile((i) => session().replace(/flink-(\w+)/g, `flink-$1-${i}`)),
  'one cluster repeated': tile(() => session()),
  'full-parser clusters (yes, tabs in values)': tile((i) => session().replace(/flink-(\w+)/g, `f$1${i}`) + 'x: yes'),
  'config block of 30,000 keys': cm(`data:\n  flink-conf.yaml: |\n${lines(30_000, (i) => `    key.n${i}: v${i}`)}`),
  'config.yaml block of 30,000 keys': cm(`data:\n  config.yaml: |\n${lines(30_000, (i) => `    key.n${i}: v${i}`)}`),
  '40,000 keys needing the full parser': cm(`x: yes\ndata:\n${lines(40_000, (i) => `  k${i}: "v${i}"`)}`),
  '40,000 duplicate keys': cm(`x: yes\ndata:\n${lines(40_000, (i) => `  k: "v${i}"`)}`),
  '30,000 anchors': cm(`data:\n${lines(30_000, (i) => `  k${i}: &a${i} v`)}`),
  '30,000 aliases of one anchor': cm(`a: &a {x: 1}\ndata:\n${lines(30_000, (i) => `  k${i}: *a`)}`),
  'quoted-key alias bomb, 40 levels': cm(
    `data: {"k0":&a0 {"a":"lol"}, ${Array.from({ length: 40 }, (_, i) => `"k${i + 1}":&a${i + 1} {${Array.from({ length: 9 }, (_, j) => `"${j}":*a${i}`).join(',')}}`).join(', ')}}`,
  ),
  '500,000 nested brackets': 'a: ' + '['.repeat(500_000) + ']'.repeat(500_000),
  '1,400 nested block levels': lines(1400, (i) => ' '.repeat(i) + 'a:'),
  'one 1 MB line': 'a: ' + 'x'.repeat(MB - 4),
  '262,144 empty documents': '---\n'.repeat(MB / 4),
  'tab-indented lines': 'a:\n' + '\tb: 1\n'.repeat(Math.floor(MB / 7)),
  '300,000 bad escapes': 'a: "' + 'x\\'.repeat(300_000) + '"\n',
  dashes: '- '.repeat(MB / 2),
  'question marks': '? '.repeat(MB / 2),
  colons: 'a: ' + ': '.repeat(MB / 2 - 2),
  'random bytes': Buffer.from(Array.from({ length: MB }, (_, i) => (i * 7919 + 13) % 251)).toString('latin1'),
};

const yamlish = fc.constantFrom(
  ':',
  '-',
  ' ',
  '\n',
  '\t',
  '[',
  '{',
  '}',
  ']',
  '&a ',
  '*a',
  '|',
  '>',
  '#',
  '"',
  "'",
  '<<',
);
/** One fast-check mutation of a real manifest per seed, tiled to 1 MB. */
function mutations(seeds: number[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const seed of seeds) {
    const [[text, edits]] = fc.sample(
      fc.tuple(fc.constantFrom(...samples), fc.array(fc.tuple(fc.nat(), yamlish), { maxLength: 6 })),
      { numRuns: 1, seed },
    ) as [[string, [number, string][]]];
    let t = text;
    for (const [pos, s] of edits) {
      const i = pos % (t.length + 1);
      t = t.slice(0, i) + s + t.slice(i + 1);
    }
    out[`mutation ${seed}`] = tile(() => t);
  }
  return out;
}

const inputs = { ...big, ...mutations([1806, 1807, 1808, 1809, 1810, 1811, 1812, 1813]) };

if (process.argv[2] === 'dump') {
  const dir = process.argv[3] ?? '.';
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(inputs))
    writeFileSync(join(dir, `${name.replace(/[^a-z0-9]+/gi, '-')}.yaml`), text, 'latin1');
  console.log(JSON.stringify(Object.keys(inputs).length));
} else if (process.argv[2] === 'editor') {
  // The editor validates on every keystroke: schemas are compiled once, before the first input counts.
  validate([{ path: '/ws/warm.yaml', text: samples.join('\n---\n') }]);
  global.gc?.();
  const baseRss = process.memoryUsage().rss;
  let tried = 0;
  let worst = { ms: 0, input: '' };
  for (const [name, text] of Object.entries(inputs)) {
    if (text.length > MB) continue;
    const c0 = process.cpuUsage();
    validate([
      { path: '/ws/config.yaml', text },
      { path: '/ws/other.yaml', text: samples[0] ?? '' },
    ]);
    const c = process.cpuUsage(c0);
    const ms = (c.user + c.system) / 1000;
    tried++;
    if (ms > worst.ms) worst = { ms, input: `${name} (${text.length} chars)` };
    global.gc?.();
  }
  const growthMb = (process.resourceUsage().maxRSS * 1024 - baseRss) / MB;
  console.log(
    JSON.stringify({
      tried,
      worstCpuMs: Math.round(worst.ms),
      worstInput: worst.input,
      growthMb: Math.round(growthMb),
    }),
  );
}
