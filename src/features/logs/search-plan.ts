// How the whole-log search (search-scan.ts) looks for one query: which block-at-once search gives
// exactly the page's per-line answer, and which queries must take the line-by-line path everywhere.
// The page searches the text it shows (line-text.ts: escape sequences dropped, controls and invisible
// characters replaced); the block search looks at the raw bytes, so every plan below says which
// blocks it is exact for, and search-scan.ts checks that before using it.
import { compile, type SearchQuery } from './line-text';

export type Plan =
  /** Case-sensitive text: its UTF-8 bytes, found in the raw bytes (exact for any bytes, even invalid UTF-8). */
  | { kind: 'bytes'; needle: Buffer; latin1: string; hexish: boolean }
  /** Any-case ASCII text: a `gi` regex over the bytes read as Latin-1, counted where the page's toLowerCase agrees. */
  | { kind: 'lower'; re: RegExp; len: number; hexish: boolean }
  /**
   * A regex without lookarounds, run over the block with the `m` flag; a match across a newline is
   * checked alone. `blind`: it cannot tell a control character from the picture the page shows for it.
   * `recheck`: every line it finds is counted again alone (it has a lookahead or lookbehind, which in a
   * block can see past the line: a positive one then only finds more lines, never fewer).
   */
  | { kind: 'regex'; re: RegExp; blind: boolean; recheck: boolean }
  /** Any-case text whose lower case is not all ASCII: no ASCII line can hold it, other blocks go line by line. */
  | { kind: 'foreign' }
  /** Only the line-by-line path gives the page's answer. */
  | { kind: 'lines' };

/** Text the page's line rules can add (control pictures, `⟨U+…⟩`, U+FFFD for bad bytes). */
const MADE_BY_RULES = /[\u2400-\u2421⟨⟩\ufffd]|U\+/;
/** Characters the rules replace or that no line holds (a newline): a query with one is searched line by line. */
// eslint-disable-next-line no-control-regex
const CHANGED_BY_RULES = /[\x00-\x08\x0a-\x1f\x7f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;
/** Text that can match inside the `⟨U+200B⟩` the rules put for an invisible character. */
const HEXISH = /^[0-9a-f+u]+$/i;
const LOOKAROUND = /\(\?<?[=!]/;
const NEGATIVE_LOOKAROUND = /\(\?<?!/;
// eslint-disable-next-line no-control-regex
const ALL_ASCII = /^[\x00-\x7f]*$/;

const escapeRegExp = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The plan for a compiled query (`compile` from line-text.ts), or the line-by-line plan. Lines with a
 * `[pod/…]` tag are always searched line by line (the tag is not searched and levels are per pod).
 */
export function planFor(q: SearchQuery, tagged: boolean): Plan {
  const c = compile(q);
  if (tagged || c === undefined || (typeof c === 'string' && q.regex)) return { kind: 'lines' };
  if (MADE_BY_RULES.test(q.text) || CHANGED_BY_RULES.test(q.text)) return { kind: 'lines' };
  if (typeof c !== 'string') {
    // Lookarounds could see the neighbouring lines in a block.
    // A negative lookaround could fail in a block where it holds in the line (`(?![^])` at a line's end).
    if (NEGATIVE_LOOKAROUND.test(q.text)) return { kind: 'lines' };
    const re = new RegExp(c.source, `${c.flags}m`);
    return { kind: 'regex', re, blind: controlBlind(q.text), recheck: LOOKAROUND.test(q.text) };
  }
  const hexish = HEXISH.test(c);
  if (q.caseSensitive) {
    const needle = Buffer.from(c, 'utf8');
    return { kind: 'bytes', needle, latin1: needle.toString('latin1'), hexish };
  }
  // toLowerCase and the regex `i` flag agree on ASCII text only; the lower case of ASCII text is ASCII.
  if (!ALL_ASCII.test(c)) return ALL_ASCII.test(c.toLowerCase()) ? { kind: 'lines' } : { kind: 'foreign' };
  return { kind: 'lower', re: new RegExp(escapeRegExp(c), 'gi'), len: c.length, hexish };
}

/**
 * Whether a regex matches the same wherever a line holds a control character or the page's picture
 * of it (U+2400…U+2421) instead, so blocks with controls need no line-by-line search. Conservative:
 * no character escapes (`\x`, `\u`, `\c`, octal), no `\s`/`\S`/`\v`/`\f`/`\r`, no `.`, `^` or `$`
 * (a CR is a line end for them), no class ranges but between ASCII letters or digits.
 */
export function controlBlind(source: string): boolean {
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i] ?? '';
    if (ch === '\\') {
      if (/[xucsSvfr0-9]/.test(source[i + 1] ?? '')) return false;
      i++;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      else if (ch === '-' && source[i + 1] !== ']' && source[i - 1] !== '[') {
        const from = source[i - 1] ?? '';
        const to = source[i + 1] ?? '';
        if (!/[a-zA-Z0-9]/.test(from) || !/[a-zA-Z0-9]/.test(to) || source[i - 2] === '\\') return false;
      }
      continue;
    }
    if (ch === '[') {
      inClass = true;
      if (source[i + 1] === '^') i++;
      continue;
    }
    if (ch === '.' || ch === '^' || ch === '$') return false;
  }
  return true;
}

/** Characters the page shows as `⟨U+…⟩` (line-text.ts INVISIBLE). */
export const INVISIBLE = /[\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;
/** The only characters whose toLowerCase holds ASCII (U+0130 İ and U+212A K), as UTF-8 read as Latin-1. */
export const LOWER_TO_ASCII_LATIN1 = ['\xc4\xb0', '\xe2\x84\xaa'];
