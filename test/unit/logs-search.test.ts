// The log page's search (media/src/logs/search.ts) is plain TypeScript: its bounds are checked here
// in Node; the page behaviour (no freeze, the count's status) in test/webview/logs-page.test.ts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LogModel } from '../../media/src/logs/model';
import { catastrophicReason, compile, findMatches, SearchState } from '../../media/src/logs/search';

const model = (texts: string[]) => ({ texts, length: texts.length, base: 0 }) as unknown as LogModel;
const all = () => true;

describe('log page search bounds', () => {
  it('refuses regexes with nested unbounded repetition or back-references, and allows the rest', () => {
    for (const bad of [
      '(a+)+$',
      '(a*)*',
      '(?:\\w+\\s?)*$',
      '((a+)b)*',
      '(x+x+)+y',
      '(a|b+){2,}',
      '(.*a){2,}',
      '(a)\\1',
    ])
      assert.ok(catastrophicReason(bad), `should refuse ${bad}`);
    for (const ok of [
      'a+',
      '(ERROR|WARN)+',
      'checkpoint (1|2)\\d\\d',
      '\\d+ms',
      '[(a+)]+',
      '\\(a+\\)+',
      '(ab){2,3}',
      '(a+)?b',
    ])
      assert.equal(catastrophicReason(ok), undefined, `should allow ${ok}`);
    assert.match(String(compile({ text: '(a+)+$', regex: true, caseSensitive: false })), /exponential time/);
    // As plain text the same characters are harmless.
    assert.equal(compile({ text: '(a+)+$', regex: false, caseSensitive: false }), '(a+)+$');
  });

  it('stops at the time budget between lines and says so in the count', () => {
    const texts = Array.from({ length: 20_000 }, (_, i) => `line ${i} checkpoint`);
    const r = findMatches(
      model(texts),
      { text: 'checkpoint', regex: false, caseSensitive: false },
      all,
      0,
      texts.length,
      [],
      0,
    );
    assert.ok(r.stoppedAt !== undefined && r.stoppedAt < texts.length);
    assert.equal(r.matches.length, r.stoppedAt);
    const full = findMatches(model(texts), { text: 'check\\w+', regex: true, caseSensitive: false }, all);
    assert.equal(full.stoppedAt, undefined);
    assert.equal(full.matches.length, texts.length);

    const s = new SearchState();
    s.query.text = '(a+)+$';
    s.query.regex = true;
    s.recompute(model(['a'.repeat(50_000)]), all);
    assert.equal(s.countText(false), 'Regex refused');
    s.stoppedAt = 64;
    s.error = '';
    s.matches = [{ line: 1, start: 0, end: 1 }];
    assert.equal(s.countText(false), '? of 1 (search stopped after 250 ms)');
  });
});
