// The log viewer page in Chromium, driven by the test harness with the typed host messages.
import assert from 'node:assert/strict';
import { until } from '../support/poll';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import type { HostMessage, PageMessage, PageState, SourceInfo } from '../../src/features/logs/protocol';
import { HarnessPage, launchChromium, startPageServer } from './harness';

const SOURCE: SourceInfo = { title: 'TM test', description: 'harness source', tagged: false, canFollow: true };
const init = (over: Partial<Extract<HostMessage, { type: 'init' }>> = {}): HostMessage => ({
  type: 'init',
  source: SOURCE,
  following: true,
  maxWindowBytes: 8 << 20,
  ...over,
});

function logLine(i: number, level = 'INFO', msg = `message number ${i}`): string {
  const s = String(i % 60).padStart(2, '0');
  return `2026-11-22 10:00:${s},${String(i % 1000).padStart(3, '0')} ${level.padEnd(5)} org.apache.flink.runtime.taskexecutor.TaskExecutor            [] - ${msg}`;
}
const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

function chunk(
  mode: 'tail' | 'at' | 'before' | 'after' | 'append',
  start: number,
  text: string,
  size?: number,
): HostMessage {
  const end = start + bytes(text);
  return { type: 'chunk', mode, start, end, text, size: size ?? end };
}

const STACK = [
  logLine(1, 'ERROR', 'Task failed'),
  'java.lang.IllegalStateException: boom',
  '\tat org.example.Job.map(Job.java:42)',
  '\tat org.apache.flink.streaming.runtime.tasks.StreamTask.invoke(StreamTask.java:100)',
  'Caused by: java.io.IOException: disk full',
  '\t... 12 more',
];

describe('log viewer page (Chromium, test harness host)', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startPageServer>>;
  const open = async (opts: { initialState?: PageState } = {}) => {
    const h = await HarnessPage.open(browser, server.url, opts);
    await h.waitFor((m) => m.type === 'ready');
    return h;
  };

  before(async () => {
    browser = await launchChromium();
    server = await startPageServer();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('has a strict CSP with a nonce, and the page script is the only script', async () => {
    const h = await open();
    const csp = await h.eval<string>(`document.querySelector('meta[http-equiv="Content-Security-Policy"]').content`);
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'nonce-[A-Za-z0-9+/=]{16,}'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    // The policy is enforced: an inline script without the nonce does not run.
    const ran = await h.eval<unknown>(
      `(() => { const s = document.createElement('script'); s.textContent = 'window.__inline = 1'; document.body.appendChild(s); return window.__inline; })()`,
    );
    assert.equal(ran, undefined);
    await h.page.close();
  });

  it('renders the tail of a large window virtually, last line visible', async () => {
    const h = await open();
    await h.send(init());
    const text = Array.from({ length: 20_000 }, (_, i) => logLine(i)).join('\n') + '\n';
    await h.send(chunk('tail', 1000, text, 1000 + bytes(text)));
    await h.page.waitForSelector('body[data-loaded="true"]');
    const visible = await h.visibleTexts();
    assert.equal(visible.at(-1), logLine(19_999));
    const domRows = await h.eval<number>(`document.querySelectorAll('#rows .row:not([hidden])').length`);
    assert.ok(domRows < 200, `only the rows in view are in the DOM (${domRows})`);
    assert.equal(await h.eval<string>(`document.getElementById('viewport').dataset.lines`), '20000');
    assert.match(await h.text('#source'), /harness source/);
    await h.page.close();
  });

  it('says it drew its first lines, for the tail and for a restored position, not for a jump', async () => {
    const h = await open();
    await h.send(init());
    const text = Array.from({ length: 50 }, (_, i) => logLine(i)).join('\n') + '\n';
    await h.send(chunk('tail', 0, text));
    await h.waitFor((m) => m.type === 'tailShown');
    const shown = () => h.received.filter((m) => m.type === 'tailShown').length;
    await h.send(chunk('at', 0, text));
    await until(() => shown() === 2, 'tailShown after the lines at a saved position', 5_000);
    await h.send({
      type: 'chunk',
      mode: 'around',
      start: 0,
      end: bytes(text),
      text,
      size: bytes(text),
      focusLine: 3,
      direction: 'next',
    });
    // Past the frame in which the page would have said so (it posts after a frame and a task).
    await h.eval(`new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 0))))`);
    assert.equal(shown(), 2, 'a jump to a search hit is no first draw');
    await h.send(chunk('tail', 0, text));
    await until(() => shown() === 3, 'tailShown after the next tail', 5_000);
    await h.page.close();
  });

  it('shows HTML and script in log lines as text; nothing runs, no element is created', async () => {
    const h = await open();
    await h.send(init());
    const evil = [
      logLine(1, 'INFO', '<img src=x onerror="window.__pwned=1">'),
      logLine(2, 'WARN', '<script>window.__pwned=2</script>'),
      '<svg onload="window.__pwned=3"><a href="javascript:window.__pwned=4">x</a></svg>',
      logLine(3, 'INFO', '</span></div><iframe src="javascript:window.__pwned=5"></iframe>'),
    ];
    await h.send(chunk('tail', 0, evil.join('\n') + '\n'));
    await h.page.waitForSelector('body[data-loaded="true"]');
    assert.deepEqual(await h.visibleTexts(), evil);
    // With a search, the line is split into text nodes and <mark>: still text.
    await h.page.fill('#query', 'onerror');
    await h.until(`document.getElementById('count').textContent.includes('of 1')`);
    assert.deepEqual(await h.visibleTexts(), evil);
    const created = await h.eval<number>(
      `document.querySelectorAll('#rows img, #rows script, #rows svg, #rows iframe, #rows a').length`,
    );
    assert.equal(created, 0);
    await h.page.waitForTimeout(200);
    assert.equal(await h.eval<unknown>('window.__pwned'), undefined);
    await h.page.close();
  });

  it('drops terminal escapes and shows bidi, zero-width and control characters as markers', async () => {
    const h = await open();
    await h.send(init());
    const lines = [
      logLine(1, 'ERROR', '\x1b[31mred\x1b[0m and \x1b]0;title\x07 set'),
      // "evil.jar" would read as "raj.live" with a right-to-left override.
      logLine(2, 'INFO', 'loaded \u202eraj.live\u202c from /opt'),
      logLine(3, 'INFO', 'zero\u200bwidth, bell\x07, backspace\x08 and tab\tstay'),
    ];
    await h.send(chunk('tail', 0, lines.join('\n') + '\n'));
    await h.page.waitForSelector('body[data-loaded="true"]');
    assert.deepEqual(await h.visibleTexts(), [
      logLine(1, 'ERROR', 'red and  set'),
      logLine(2, 'INFO', 'loaded ⟨U+202E⟩raj.live⟨U+202C⟩ from /opt'),
      logLine(3, 'INFO', 'zero⟨U+200B⟩width, bell\u2407, backspace\u2408 and tab\tstay'),
    ]);
    // The level still comes from the line: escapes do not hide an ERROR.
    assert.equal(await h.eval<number>(`document.querySelectorAll('#rows .lvl-error').length`), 1);
    await h.page.close();
  });

  it('follows appended lines, stops auto-scrolling when scrolled up, and pauses', async () => {
    const h = await open();
    await h.send(init());
    let text = Array.from({ length: 500 }, (_, i) => logLine(i)).join('\n') + '\n';
    await h.send(chunk('tail', 0, text));
    await h.page.waitForSelector('body[data-loaded="true"]');
    await h.send({ type: 'status', state: 'live' });
    assert.match(await h.text('#state'), /Following/);
    const add = logLine(500, 'INFO', 'appended while following') + '\n';
    await h.send(chunk('append', bytes(text), add));
    text += add;
    await h.until(
      `Array.from(document.querySelectorAll('#rows .text')).some((e) => e.textContent.includes('appended while following'))`,
    );
    assert.equal((await h.visibleTexts()).at(-1), logLine(500, 'INFO', 'appended while following'));

    // Scrolled up: new lines arrive but the view stays where the reader is.
    await h.eval(`document.getElementById('viewport').scrollTop = 0`);
    await h.page.waitForTimeout(50);
    const firstBefore = (await h.visibleTexts())[0];
    const add2 = logLine(501, 'INFO', 'second append') + '\n';
    await h.send(chunk('append', bytes(text), add2));
    await h.page.waitForTimeout(100);
    assert.equal((await h.visibleTexts())[0], firstBefore);
    assert.equal(await h.eval<string>(`document.getElementById('viewport').dataset.lines`), '502');

    // The stream breaks and resumes: the host writes marker lines, shown as markers.
    await h.send({ type: 'status', state: 'broken', message: 'connection refused' });
    assert.match(await h.text('#state'), /Stream broken: connection refused/);

    await h.page.click('#follow');
    const m = await h.waitFor((x) => x.type === 'setFollow');
    assert.deepEqual(m, { type: 'setFollow', follow: false });
    assert.match(await h.text('#follow'), /Follow/);
    await h.page.close();
  });

  it('renders marker lines as markers', async () => {
    const h = await open();
    await h.send(init());
    const lines = [
      logLine(1),
      '──── stream broken: connection refused at 2026-11-22 10:00:00.000 UTC ────',
      '──── stream resumed at 2026-11-22 10:00:05.000 UTC ────',
      logLine(2),
    ];
    await h.send(chunk('tail', 0, lines.join('\n') + '\n'));
    await h.page.waitForSelector('#rows .row.marker');
    assert.equal(await h.eval<number>(`document.querySelectorAll('#rows .row.marker').length`), 2);
    await h.page.close();
  });

  it('searches text and regex, counts, goes next and previous, reports a bad regex', async () => {
    const h = await open();
    await h.send(init());
    const lines = Array.from({ length: 300 }, (_, i) =>
      logLine(i, 'INFO', i % 100 === 7 ? `checkpoint ${i} completed` : `record ${i}`),
    );
    await h.send(chunk('tail', 0, lines.join('\n') + '\n'));
    await h.page.waitForSelector('body[data-loaded="true"]');
    await h.page.fill('#query', 'checkpoint');
    await h.until(`/of 3$/.test(document.getElementById('count').textContent)`);
    const cur = () => h.eval<string>(`document.querySelector('mark.current')?.textContent ?? ''`);
    const curLine = () =>
      h.eval<string>(
        `document.querySelector('mark.current')?.closest('.row').querySelector('.text').textContent ?? ''`,
      );
    assert.equal(await cur(), 'checkpoint');
    const first = await curLine();
    await h.page.click('#next');
    const second = await curLine();
    assert.notEqual(second, first);
    await h.page.click('#prev');
    assert.equal(await curLine(), first);
    assert.match(await h.text('#count'), /^\d of 3$/);

    await h.page.click('#regex');
    await h.page.fill('#query', 'checkpoint (1|2)\\d\\d');
    await h.until(`/of 2$/.test(document.getElementById('count').textContent)`);
    await h.page.fill('#query', 'checkpoint (');
    await h.until(`document.getElementById('count').textContent === 'Invalid regex'`);
    assert.equal(await h.eval<boolean>(`document.getElementById('query').classList.contains('invalid')`), true);
    await h.page.close();
  });

  it('refuses a regex that backtracks exponentially, so a long line cannot freeze the page, also on restore', async () => {
    const long = 'a'.repeat(40_000) + '!';
    const text = [logLine(0), `${logLine(1, 'INFO', long)}`, logLine(2)].join('\n') + '\n';
    const h = await open();
    await h.send(init());
    await h.send(chunk('tail', 0, text));
    await h.page.waitForSelector('body[data-loaded="true"]');
    await h.page.click('#regex');
    await h.page.fill('#query', '(a+)+$');
    await h.until(`document.getElementById('count').textContent === 'Regex refused'`);
    assert.match(await h.eval<string>(`document.getElementById('count').title`), /exponential time.*simplify it/);
    // The page still answers at once, and a linear regex on the same long line works.
    const t0 = Date.now();
    assert.equal(await h.eval<number>('1 + 1'), 2);
    assert.ok(Date.now() - t0 < 1_000);
    await h.page.fill('#query', 'a+!');
    await h.until(`document.getElementById('count').textContent === '1 of 1'`);
    await h.page.fill('#query', '(a+)+$');
    await h.until(`document.getElementById('count').textContent === 'Regex refused'`);
    const state = await h.eval<PageState>('window.__harnessState()');
    assert.equal(state.regex, true);
    await h.page.close();

    // A restored page gets the same query before any line arrives, then the long line: no freeze.
    const again = await HarnessPage.open(browser, server.url, { initialState: state });
    await again.waitFor((m) => m.type === 'ready');
    await again.send(init());
    await again.send(chunk('tail', 0, text));
    await again.page.waitForSelector('body[data-loaded="true"]');
    await again.until(`document.getElementById('count').textContent === 'Regex refused'`, 3_000);
    await again.page.close();
  });

  it("filters by level; a record's continuation lines follow their level", async () => {
    const h = await open();
    await h.send(init());
    const lines = [
      logLine(1, 'INFO', 'info one'),
      logLine(2, 'DEBUG', 'debug one'),
      ...STACK,
      logLine(3, 'WARN', 'warn one'),
      logLine(4, 'INFO', 'info two'),
      '\tinfo continuation',
    ];
    await h.send(chunk('tail', 0, lines.join('\n') + '\n'));
    await h.page.waitForSelector('body[data-loaded="true"]');
    assert.equal((await h.visibleTexts()).length, lines.length);
    await h.page.uncheck('input[data-level="INFO"]');
    await h.page.uncheck('input[data-level="DEBUG"]');
    const shown = await h.visibleTexts();
    assert.deepEqual(shown, [...STACK, logLine(3, 'WARN', 'warn one')]);
    await h.page.uncheck('input[data-level="ERROR"]');
    assert.deepEqual(await h.visibleTexts(), [logLine(3, 'WARN', 'warn one')]);
    await h.page.check('input[data-level="INFO"]');
    assert.deepEqual(await h.visibleTexts(), [
      logLine(1, 'INFO', 'info one'),
      logLine(3, 'WARN', 'warn one'),
      logLine(4, 'INFO', 'info two'),
      '\tinfo continuation',
    ]);
    await h.page.close();
  });

  it('keeps stack traces with their line, highlights exceptions, folds and unfolds', async () => {
    const h = await open();
    await h.send(init());
    const lines = [logLine(0), ...STACK, logLine(2)];
    await h.send(chunk('tail', 0, lines.join('\n') + '\n'));
    await h.page.waitForSelector('body[data-loaded="true"]');
    const excLines = await h.eval<string[]>(
      `Array.from(document.querySelectorAll('#rows .row.exc .text')).map((e) => e.textContent)`,
    );
    assert.deepEqual(excLines, ['java.lang.IllegalStateException: boom', 'Caused by: java.io.IOException: disk full']);
    assert.equal(
      await h.eval<boolean>(
        `document.querySelector('#rows .row.lvl-error .text').textContent === ${JSON.stringify(STACK[0])}`,
      ),
      true,
    );
    // The trace lines carry the record's level (ERROR) and are continuation rows.
    assert.equal(
      await h.eval<number>(`document.querySelectorAll('#rows .row.cont.lvl-error').length`),
      STACK.length - 1,
    );

    await h.page.click('#rows .row.lvl-error .fold.toggle');
    assert.deepEqual(await h.visibleTexts(), [logLine(0), STACK[0], logLine(2)]);
    assert.match(await h.eval<string>(`document.querySelector('#rows .row.folded .more').textContent`), /5 more lines/);
    await h.page.click('#rows .row.lvl-error .fold.toggle');
    assert.deepEqual(await h.visibleTexts(), lines);
    await h.page.click('#foldAll');
    assert.deepEqual(await h.visibleTexts(), [logLine(0), STACK[0], logLine(2)]);
    // A search hit inside a folded trace unfolds it.
    await h.page.fill('#query', 'disk full');
    await h.until(`document.querySelector('mark.current') !== null`);
    assert.ok((await h.visibleTexts()).includes('Caused by: java.io.IOException: disk full'));
    await h.page.click('#unfoldAll');
    assert.deepEqual(await h.visibleTexts(), lines);
    await h.page.close();
  });

  it("asks for earlier lines on scroll up and keeps the reader's place when they arrive", async () => {
    const h = await open();
    await h.send(init());
    const older = Array.from({ length: 200 }, (_, i) => logLine(i, 'INFO', `older ${i}`)).join('\n') + '\n';
    const newer = Array.from({ length: 200 }, (_, i) => logLine(i, 'INFO', `newer ${i}`)).join('\n') + '\n';
    const start = bytes(older);
    await h.send(chunk('tail', start, newer, start + bytes(newer)));
    await h.page.waitForSelector('body[data-loaded="true"]');
    assert.match(await h.text('#window'), /scroll up for earlier lines/);
    await h.eval(`document.getElementById('viewport').scrollTop = 0`);
    const req = await h.waitFor((m) => m.type === 'loadBefore');
    assert.deepEqual(req, { type: 'loadBefore', offset: start });
    const topBefore = (await h.visibleTexts())[0];
    await h.send({ type: 'chunk', mode: 'before', start: 0, end: start, text: older, size: start + bytes(newer) });
    await h.until(`document.getElementById('viewport').dataset.lines === '400'`);
    assert.equal((await h.visibleTexts())[0], topBefore);
    assert.doesNotMatch(await h.text('#window'), /scroll up/);
    await h.page.close();
  });

  it('says in the status bar while earlier lines are read, and from where, until they are in', async () => {
    const h = await open();
    await h.send(init());
    const text = Array.from({ length: 20 }, (_, i) => logLine(i)).join('\n') + '\n';
    await h.send(chunk('tail', 0, text));
    await h.page.waitForSelector('body[data-loaded="true"]');
    const earlier = () =>
      h.eval(`(() => { const e = document.getElementById('earlier'); return [e.hidden, e.textContent]; })()`);
    assert.deepEqual(await earlier(), [true, '']);
    await h.send({ type: 'earlier', reading: true, bytes: 45 << 20, from: 'pod' });
    await h.until(`!document.getElementById('earlier').hidden`);
    assert.deepEqual(await earlier(), [false, 'Reading earlier lines… 45.0 MB']);
    await h.send({ type: 'earlier', reading: true, bytes: 3 << 20, from: 'file' });
    await h.until(`document.getElementById('earlier').textContent.includes('file')`);
    assert.deepEqual(await earlier(), [false, "Reading earlier lines from Flink's log file… 3.0 MB"]);
    await h.send({ type: 'earlier', reading: false, bytes: 0, from: 'pod' });
    await h.until(`document.getElementById('earlier').hidden`);
    assert.equal(await h.page.isVisible('#earlier'), false);
    await h.page.close();
  });

  it('keeps its memory bounded: the window drops old chunks past its byte budget', async () => {
    const h = await open();
    await h.send(init({ maxWindowBytes: 200_000 }));
    let offset = 0;
    const block = (k: number) =>
      Array.from({ length: 500 }, (_, i) => logLine(i, 'INFO', `block ${k} line ${i}`)).join('\n') + '\n';
    const first = block(0);
    await h.send(chunk('tail', 0, first));
    offset = bytes(first);
    await h.page.waitForSelector('body[data-loaded="true"]');
    for (let k = 1; k <= 20; k++) {
      const b = block(k);
      await h.send(chunk('append', offset, b));
      offset += bytes(b);
    }
    await h.until(`document.getElementById('window').textContent.includes('scroll up')`);
    const lines = Number(await h.eval<string>(`document.getElementById('viewport').dataset.lines`));
    assert.ok(lines < 2_000, `window bounded (${lines} lines kept of 10500)`);
    assert.equal((await h.visibleTexts()).at(-1), logLine(499, 'INFO', 'block 20 line 499'));
    await h.page.close();
  });

  it('copies, opens in an editor and saves through typed messages', async () => {
    const h = await open();
    await h.send(init());
    const lines = [logLine(1, 'INFO', 'a'), logLine(2, 'ERROR', 'b')];
    await h.send(chunk('tail', 0, lines.join('\n') + '\n'));
    await h.page.waitForSelector('body[data-loaded="true"]');
    await h.page.uncheck('input[data-level="INFO"]');
    await h.page.click('#copy');
    assert.deepEqual(await h.waitFor((m) => m.type === 'copy'), { type: 'copy', text: lines[1] });
    // Without a selection the host opens the whole log (its spool), not the lines on screen.
    await h.page.click('#openInEditor');
    assert.deepEqual(await h.waitFor((m) => m.type === 'openInEditor'), { type: 'openInEditor' });
    await h.page.click('#save');
    assert.deepEqual(await h.waitFor((m) => m.type === 'saveToFile'), { type: 'saveToFile' });
    await h.page.close();
  });

  it('keeps its state for a restore: filters, search, follow, position', async () => {
    const h = await open();
    await h.send(init());
    await h.send(chunk('tail', 0, Array.from({ length: 50 }, (_, i) => logLine(i)).join('\n') + '\n'));
    await h.page.waitForSelector('body[data-loaded="true"]');
    await h.page.uncheck('input[data-level="DEBUG"]');
    await h.page.fill('#query', 'number 4');
    await h.page.click('#follow');
    await h.page.waitForTimeout(200);
    const state = await h.eval<PageState>('window.__harnessState()');
    assert.deepEqual(state.levels.sort(), ['ERROR', 'INFO', 'WARN']);
    assert.equal(state.query, 'number 4');
    assert.equal(state.following, false);
    await h.page.close();

    const again = await HarnessPage.open(browser, server.url, { initialState: { ...state, topOffset: 1234 } });
    const ready = (await again.waitFor((m) => m.type === 'ready')) as Extract<PageMessage, { type: 'ready' }>;
    assert.deepEqual(ready, { type: 'ready', restoreOffset: 1234, follow: false });
    assert.equal(await again.eval<string>(`document.getElementById('query').value`), 'number 4');
    assert.equal(await again.eval<boolean>(`document.querySelector('input[data-level="DEBUG"]').checked`), false);
    await again.page.close();
  });

  it('tags lines with their pod in a label-selector view', async () => {
    const h = await open();
    await h.send(init({ source: { ...SOURCE, tagged: true } }));
    const lines = [
      `[pod/tm-1/taskmanager] ${logLine(1)}`,
      `[pod/tm-2/taskmanager] ${logLine(2, 'ERROR', 'failed')}`,
      `[pod/tm-2/taskmanager] java.lang.RuntimeException: x`,
    ];
    await h.send(chunk('tail', 0, lines.join('\n') + '\n'));
    await h.page.waitForSelector('body[data-loaded="true"]');
    const tags = await h.eval<string[]>(
      `Array.from(document.querySelectorAll('#rows .row .tag')).map((e) => e.textContent)`,
    );
    assert.deepEqual(tags, ['tm-1/taskmanager', 'tm-2/taskmanager', 'tm-2/taskmanager']);
    assert.deepEqual(await h.visibleTexts(), [
      logLine(1),
      logLine(2, 'ERROR', 'failed'),
      'java.lang.RuntimeException: x',
    ]);
    assert.equal(await h.eval<number>(`document.querySelectorAll('#rows .row.cont.lvl-error').length`), 1);
    await h.page.close();
  });
});
