// The generated catalog of Flink, operator and autoscaler options (options.json, made by
// scripts/gen-flink-catalog.mjs), behind lookups by key, key family and Flink version.
// Loaded on first use: activation does not pay for parsing it.
import type { FlinkVersion } from '../version';

export interface CatalogOption {
  /** Type: string, int, long, bool, float, duration, memory, map, enum, list<...>. */
  t: string;
  /** Enum constants (Flink compares case-insensitively). */
  e?: string[];
  /** Default in the newest version that has the option. */
  d?: string;
  /** Older defaults: version -> default valid up to and including that version. */
  dd?: Record<string, string>;
  /** First sentence of the description. */
  h?: string;
  /** Index ranges into `versions` where Flink reads the key (absent for operator options). */
  v?: [number, number][];
  /** Replacement key, when this key is a deprecated spelling of another option. */
  r?: string;
  /** First version (of those covered) that marks the key deprecated. */
  ds?: string;
  /** Internal option (not documented by Flink): never offered in completion. */
  i?: 1;
  /** Flink Kubernetes Operator or autoscaler option. */
  o?: 1;
}

interface CatalogFile {
  source: string;
  versions: string[];
  releases: string[];
  counts: Record<string, number>;
  options: Record<string, CatalogOption>;
  families: { p: string; h: string }[];
}

export interface Found {
  /** The catalog key (a pattern such as `metrics.reporter.<name>.port` for families). */
  key: string;
  option: CatalogOption;
  family: boolean;
}

interface Family {
  pattern: string;
  re: RegExp;
  option: CatalogOption;
}

/** A key pattern with `<placeholders>`: a placeholder matches one segment, or the rest when it is last. */
function patternRe(p: string): RegExp {
  const parts = p.split('.');
  const src = parts.map((s, i) =>
    /^<[^>]+>$/.test(s) ? (i === parts.length - 1 ? '.+' : '[^.]+') : s.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&'),
  );
  return new RegExp(`^${src.join('\\.')}$`);
}

export class Catalog {
  readonly versions: string[];
  readonly releases: string[];
  readonly source: string;
  private readonly exact = new Map<string, CatalogOption>();
  private readonly families: Family[] = [];
  private sortedKeys?: string[];

  constructor(file: CatalogFile) {
    this.versions = file.versions;
    this.releases = file.releases;
    this.source = file.source;
    for (const [k, o] of Object.entries(file.options)) {
      if (k.includes('<')) this.families.push({ pattern: k, re: patternRe(k), option: o });
      else this.exact.set(k, o);
    }
    // Specific families (more literal text) before generic ones.
    for (const f of file.families)
      this.families.push({ pattern: f.p, re: patternRe(f.p), option: { t: 'string', h: f.h } });
    this.families.sort((a, b) => b.pattern.replace(/<[^>]+>/g, '').length - a.pattern.replace(/<[^>]+>/g, '').length);
  }

  /** The option for a key: an exact entry, else the most specific family whose pattern matches. */
  find(key: string): Found | undefined {
    const o = this.exact.get(key);
    if (o) return { key, option: o, family: false };
    for (const f of this.families) if (f.re.test(key)) return { key: f.pattern, option: f.option, family: true };
    return undefined;
  }

  /** Every exact key (no families), sorted. */
  keys(): string[] {
    return (this.sortedKeys ??= [...this.exact.keys()].sort());
  }

  familyPatterns(): { pattern: string; option: CatalogOption }[] {
    return this.families.map((f) => ({ pattern: f.pattern, option: f.option }));
  }

  /** Index of a Flink version in `versions`, clamped to the covered range; undefined when unknown. */
  index(v: FlinkVersion | undefined): number | undefined {
    if (!v) return undefined;
    const s = `${v.major}.${v.minor}`;
    const i = this.versions.indexOf(s);
    if (i >= 0) return i;
    const [first, last] = [this.versions[0] ?? '', this.versions[this.versions.length - 1] ?? ''];
    const num = (x: string) => {
      const [a = 0, b = 0] = x.split('.').map(Number);
      return a * 1000 + b;
    };
    if (num(s) < num(first)) return 0;
    if (num(s) > num(last)) return this.versions.length - 1;
    return undefined;
  }

  /** True when Flink of version index `vi` reads the option (operator options: always). */
  has(o: CatalogOption, vi: number): boolean {
    return !o.v || o.v.some(([a, b]) => vi >= a && vi <= b);
  }

  /** "1.19" .. "2.3", or "1.17 (and earlier)" .. "2.0 (removed in 2.1)". */
  range(o: CatalogOption): { since?: string; removedIn?: string; addedIn?: string } {
    if (!o.v || !o.v.length) return {};
    const first = o.v[0]?.[0] ?? 0;
    const last = o.v[o.v.length - 1]?.[1] ?? 0;
    return {
      since: this.versions[first],
      addedIn: first > 0 ? this.versions[first] : undefined,
      removedIn: last < this.versions.length - 1 ? this.versions[last + 1] : undefined,
    };
  }

  /** The default Flink of version index `vi` uses. */
  defaultAt(o: CatalogOption, vi: number | undefined): string | undefined {
    if (vi !== undefined && o.dd) {
      const older = Object.keys(o.dd)
        .map((v) => ({ v, i: this.versions.indexOf(v) }))
        .filter((x) => x.i >= vi)
        .sort((a, b) => a.i - b.i)[0];
      if (older) return o.dd[older.v];
    }
    return o.d;
  }

  /** The docs page of a version ("stable" for operator options). */
  docsUrl(key: string, o: CatalogOption, vi: number | undefined): string {
    if (o.o)
      return 'https://nightlies.apache.org/flink/flink-kubernetes-operator-docs-stable/docs/operations/configuration/';
    const v = this.versions[vi ?? this.versions.length - 1] ?? 'stable';
    return `https://nightlies.apache.org/flink/flink-docs-release-${v}/docs/deployment/config/#${key.replace(/[^a-z0-9-]/gi, '-').toLowerCase()}`;
  }
}

let loaded: Catalog | undefined;

/** The catalog, parsed on first call. */
export function catalog(): Catalog {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (loaded ??= new Catalog(require('./options.json') as CatalogFile));
}
