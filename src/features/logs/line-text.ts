// What the page shows of a line and how a query is compiled, shared by the page (media/src/logs) and
// the whole-log search worker so both count the same matches. No imports, no Node or DOM types.

// What a log line shows: terminal escape sequences (colours, cursor moves, titles) are dropped, and
// characters that could reorder or hide text (bidi overrides and isolates, zero-width characters)
// or that have no glyph (C0 controls) are shown as visible markers, so a line cannot spoof another.
// eslint-disable-next-line no-control-regex
const ESCAPES = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]/g;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f]/g;
const INVISIBLE = /[\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
// eslint-disable-next-line no-control-regex
const NEEDS_WORK = /[\x00-\x1f\x7f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;

export function visibleText(line: string): string {
  if (!NEEDS_WORK.test(line)) return line;
  return line
    .replace(ESCAPES, '')
    .replace(CONTROL, (c) => String.fromCharCode(c === '\x7f' ? 0x2421 : 0x2400 + c.charCodeAt(0)))
    .replace(INVISIBLE, (c) => `⟨U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}⟩`);
}

export interface SearchQuery {
  text: string;
  regex: boolean;
  caseSensitive: boolean;
}

/**
 * Why a regex may take exponential time, or undefined: a repeated group that itself holds an
 * unbounded repetition (`(a+)+`, `(\w*x?)*`, `(?:a|b+){2,}`), or a back-reference. Linear and
 * polynomial patterns pass (time limits bound those).
 */
export function catastrophicReason(source: string): string | undefined {
  // Per open group: whether it holds an unbounded quantifier.
  const stack: boolean[] = [];
  let lastGroupUnbounded: boolean | undefined; // the group that just closed, if the previous token was ')'
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    const closed = lastGroupUnbounded;
    lastGroupUnbounded = undefined;
    if (ch === '\\') {
      const next = source[i + 1] ?? '';
      if (!inClass && /[1-9k]/.test(next)) return 'it uses a back-reference';
      i++;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      continue;
    }
    if (ch === '[') {
      inClass = true;
      continue;
    }
    if (ch === '(') {
      stack.push(false);
      continue;
    }
    if (ch === ')') {
      const inner = stack.pop() ?? false;
      lastGroupUnbounded = inner;
      continue;
    }
    const unbounded = ch === '*' || ch === '+' || (ch === '{' && /^\{\d+,\}/.test(source.slice(i)));
    const counted = ch === '{' && /^\{\d+(,\d+)?\}/.test(source.slice(i));
    if (unbounded || counted) {
      if (closed && (unbounded || /^\{\d+,(\d{2,})\}/.test(source.slice(i))))
        return 'a repeated group holds another unbounded repetition';
      if (unbounded && stack.length) stack[stack.length - 1] = true;
      // A repeated group marks its parent too: `((a+)b)*` nests as well.
      if (closed && stack.length) stack[stack.length - 1] = true;
    } else if (closed && stack.length) {
      stack[stack.length - 1] = true;
    }
  }
  return undefined;
}

/** The query as a global regex, the plain text, an error message (invalid or refused regex), or undefined (empty). */
export function compile(q: SearchQuery): RegExp | string | undefined {
  if (!q.text) return undefined;
  if (!q.regex) return q.text;
  let re: RegExp;
  try {
    re = new RegExp(q.text, q.caseSensitive ? 'g' : 'gi');
  } catch (e) {
    return (e as Error).message;
  }
  const why = catastrophicReason(q.text);
  if (why) return `This regex can take exponential time on a long line (${why}): simplify it, e.g. (a+)+ to a+.`;
  return re;
}

// Flink's log4j layout: `%d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n`.
export const HEADER = /^\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:[,.]\d{1,9})?\s+(ERROR|WARN|INFO|DEBUG|TRACE|FATAL)\b/;
/** `[pod/<name>/<container>] ` in front of the lines of a label-selector view. */
export const POD_TAG = /^\[pod\/[^\]\s]+\] /;
