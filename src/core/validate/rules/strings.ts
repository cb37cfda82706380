// Edit distance for "did you mean" suggestions.

/** Optimal string alignment distance (Damerau-Levenshtein with adjacent transpositions), capped at `max + 1`. */
export function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  // Rows are read only within their bounds (j <= b.length): `at` only satisfies the type checker.
  const at = (row: number[], j: number) => row[j] ?? 0;
  const prev2: number[] = new Array(b.length + 1).fill(0);
  let prev: number[] = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur: number[] = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(at(prev, j) + 1, at(cur, j - 1) + 1, at(prev, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, at(prev2, j - 2) + 1);
      cur.push(d);
      rowMin = Math.min(rowMin, d);
    }
    for (let j = 0; j <= b.length; j++) prev2[j] = at(prev, j);
    prev = cur;
    if (rowMin > max) return max + 1;
  }
  return at(prev, b.length);
}

/** The candidate closest to `word` when it is a plausible typo of it (case slips always count). */
export function closest(word: string, candidates: string[]): string | undefined {
  const lower = word.toLowerCase();
  const max = word.length >= 12 ? 2 : word.length >= 6 ? 1 : 0;
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    if (c === word) return undefined;
    if (c.toLowerCase() === lower) return c;
    const d = distance(word, c, max);
    if (d <= max && d < bestD) {
      best = c;
      bestD = d;
    }
  }
  return best;
}
