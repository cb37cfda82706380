// What a log line shows: terminal escape sequences (colours, cursor moves, titles) are dropped, and
// characters that could reorder or hide text (bidi overrides and isolates, zero-width characters)
// or that have no glyph (C0 controls) are shown as visible markers, so a line cannot spoof another.
// eslint-disable-next-line no-control-regex
const ESCAPES = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]/g;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f]/g;
const INVISIBLE = /[\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

export function visibleText(line: string): string {
  if (!/[\x00-\x1f\x7f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/.test(line)) return line; // eslint-disable-line no-control-regex
  return line
    .replace(ESCAPES, '')
    .replace(CONTROL, (c) => String.fromCharCode(c === '\x7f' ? 0x2421 : 0x2400 + c.charCodeAt(0)))
    .replace(INVISIBLE, (c) => `⟨U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}⟩`);
}
