// Checks on a block of raw bytes for the whole-log search (search-scan.ts): whether it holds
// characters the page shows differently, which decide if the block can be searched at once.

/** 0: no control characters; 1: only CRs before a newline; 2: others (the page shows them differently). */
export function controlsIn(bytes: Buffer): 0 | 1 | 2 {
  if (bytes.indexOf(0x7f) >= 0) return 2;
  let found: 0 | 1 = 0;
  // A byte below 0x20 other than a tab or a newline: a CR before a newline is allowed (found = 1).
  const other = (i: number, c: number): boolean => {
    if (c === 0x0d && bytes[i + 1] === 0x0a) {
      found = 1;
      return false;
    }
    return true;
  };
  const head = Math.min((4 - (bytes.byteOffset & 3)) & 3, bytes.length);
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset + head, (bytes.length - head) >> 2);
  const tail = head + (words.length << 2);
  for (let i = 0; i < head; i++) {
    const c = bytes[i] ?? 0x20;
    if (c < 0x20 && c !== 0x0a && c !== 0x09 && other(i, c)) return 2;
  }
  for (let i = tail; i < bytes.length; i++) {
    const c = bytes[i] ?? 0x20;
    if (c < 0x20 && c !== 0x0a && c !== 0x09 && other(i, c)) return 2;
  }
  // Four bytes at a time: a word has a byte below 0x20 iff ((x - 0x20202020) & ~x & 0x80808080) != 0;
  // most such words only hold a newline.
  for (let w = 0; w < words.length; w++) {
    const x = words[w] ?? 0;
    if (((x - 0x20202020) & ~x & 0x80808080) === 0) continue;
    for (let i = head + (w << 2), e = i + 4; i < e; i++) {
      const c = bytes[i] ?? 0x20;
      if (c < 0x20 && c !== 0x0a && c !== 0x09 && other(i, c)) return 2;
    }
  }
  return found;
}

const BOM = Buffer.from('\ufeff');
/**
 * Whether the block holds a character HEADER's `\s` matches that the page shows as something else
 * (VT, FF, a CR inside a line, a BOM), so the header rule can differ between the bytes and the page.
 */
export function headerSpacesChange(bytes: Buffer): boolean {
  if (bytes.indexOf(0x0b) >= 0 || bytes.indexOf(0x0c) >= 0 || bytes.indexOf(BOM) >= 0) return true;
  for (let p = bytes.indexOf(0x0d); p >= 0; p = bytes.indexOf(0x0d, p + 1)) if (bytes[p + 1] !== 0x0a) return true;
  return false;
}
