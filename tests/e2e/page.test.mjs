// The paste page in a real Chromium: what a person sees after pasting an
// article, the toggles, the lists, the keyboard, the draft, the example, the
// security promises (no markup from input, CSP, no request but the page's own
// files) and recovery from a wasm trap.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { launch, start, record, foreign, missing, paste, sharedArticle, screenshotPath, routeTrappingGlue, TRAP_MARKER, WWW, XSS_PAYLOADS } from './helpers.mjs';

const why = missing();
const SEED = '000_11e5508c510430c4.txt';

/** The page's own files: the complete list of what it may request. */
const OWN_FILES = new Set(['/', '/style.css', '/app.js', '/dom.js', '/example.js', '/worker.js', '/engine.js', '/pkg/lede.js', '/pkg/lede_bg.wasm', '/favicon.svg']);

let server;
let browser;

before(async () => {
  if (why) return;
  server = await start();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** A fresh context and page on the app, ready (wasm loaded in the worker). */
async function open(options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const log = record(context);
  await context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  if (options.trap) await routeTrappingGlue(context);
  const page = await context.newPage();
  await page.goto(`${server.url}/`);
  await page.waitForFunction(() => document.getElementById('version').textContent !== '');
  return { context, page, log };
}

/** Waits until the analysis of the current text is painted. */
async function settled(page) {
  await page.waitForFunction(() => !document.body.dataset.busy);
}

/** Highlight sizes by name, and the text of every range, as the page paints them. */
function highlights(page) {
  return page.evaluate(() => {
    const out = {};
    for (const [name, h] of CSS.highlights) out[name] = [...h].map((r) => r.toString());
    return out;
  });
}

function legend(page) {
  return page.evaluate(() => Object.fromEntries([...document.querySelectorAll('.toggle')].map((l) => [l.dataset.kind, Number(l.querySelector('.count').textContent)])));
}

/** The same analysis outside the page: the wasm in Node, for counts to compare against. */
async function nodeAnalysis(text) {
  const glue = await import(join(WWW, 'pkg', 'lede.js'));
  glue.initSync({ module: readFileSync(join(WWW, 'pkg', 'lede_bg.wasm')) });
  return glue.analyze(text);
}

function pathsOf(urls) {
  return urls.map((u) => new URL(u).pathname);
}

test('the seed article: counts per kind, known spans, lists', { skip: why ?? false }, async (t) => {
  const text = sharedArticle(SEED);
  if (!text) return t.skip('shared article absent');
  const { context, page, log } = await open();
  await paste(page, '#doc', text);
  await settled(page);

  // Every span the core finds is painted: counts per kind equal an independent run of the same wasm.
  const spans = await nodeAnalysis(text);
  const want = { 'lede-quote': 0, 'lede-number': 0, 'lede-entity-PER': 0, 'lede-entity-ORG': 0, 'lede-entity-LOC': 0, 'lede-entity-MISC': 0 };
  for (const s of spans) want[s.kind === 'entity' ? `lede-entity-${s.label}` : `lede-${s.kind}`] += 1;
  const hl = await highlights(page);
  for (const [name, n] of Object.entries(want)) assert.equal(hl[name]?.length ?? 0, n, `${name} painted`);
  const counts = await legend(page);
  assert.deepEqual(counts, { quote: want['lede-quote'], number: want['lede-number'], 'entity-PER': want['lede-entity-PER'], 'entity-ORG': want['lede-entity-ORG'], 'entity-LOC': want['lede-entity-LOC'], 'entity-MISC': want['lede-entity-MISC'] });
  // This article has many quotes, a few figures, many names.
  assert.ok(counts.quote >= 8, `quotes: ${counts.quote}`);
  assert.ok(counts.number >= 2, `figures: ${counts.number}`);
  assert.ok(counts['entity-PER'] + counts['entity-ORG'] + counts['entity-LOC'] + counts['entity-MISC'] >= 15, 'names');
  // Each painted range's text is its span's text: the offsets land where they should.
  const quoteTexts = spans.filter((s) => s.kind === 'quote').map((s) => s.text);
  assert.deepEqual(hl['lede-quote'], quoteTexts);

  // Known spans of each kind.
  assert.ok(hl['lede-entity-LOC']?.includes('Mexico City'), `"Mexico City" as LOC; LOC: ${JSON.stringify(hl['lede-entity-LOC'])}`);
  const eleven = await page.evaluate(() => [...document.querySelectorAll('#figures .fig')].map((b) => ({ text: b.querySelector('.text').textContent, value: b.dataset.value, shown: b.querySelector('.value').textContent })).find((f) => f.text === '11 million'));
  assert.ok(eleven, '"11 million" is in the figures list');
  assert.equal(Number(eleven.value), 11000000);
  assert.equal(eleven.shown, '11,000,000');
  // Hovering a quote in the list highlights the quote with its speaker and cue; hovering a name, all its mentions.
  const withSpeaker = page.locator('#quotes details:not([data-speaker=""]) .item').first();
  await withSpeaker.hover();
  const hover = await page.evaluate(() => CSS.highlights.get('lede-hover')?.size ?? 0);
  assert.ok(hover >= 2, `quote + speaker (+ cue) hovered: ${hover}`);
  assert.match(await withSpeaker.getAttribute('title'), /Speaker: .+/);
  const ent = page.locator('#entities .ent').first();
  await ent.hover();
  const mentions = Number(await ent.locator('.count').textContent());
  assert.equal(await page.evaluate(() => CSS.highlights.get('lede-hover')?.size ?? 0), mentions);

  await page.screenshot({ path: screenshotPath('page-seed.png') });
  assert.deepEqual(foreign(log.requests, server.url), []);
  assert.deepEqual(log.errors, []);
  // Last, as it depends most on the quote recognizer's speaker attribution.
  const kelly = await page.evaluate(() => {
    for (const group of document.querySelectorAll('#quotes details')) {
      for (const b of group.querySelectorAll('.item')) {
        if (b.querySelector('.q').textContent.includes('there will be no, repeat, no mass deportations')) return { speaker: group.dataset.speaker, title: b.title };
      }
    }
    return null;
  });
  assert.ok(kelly, 'the quote “there will be no, repeat, no mass deportations” is listed');
  assert.match(kelly.speaker, /Kelly/, `attributed to Kelly (got ${JSON.stringify(kelly)})`);

  await context.close();
});

test('toggles hide and show a kind', { skip: why ?? false }, async () => {
  const { context, page } = await open();
  await page.click('#example');
  await settled(page);
  const before = await highlights(page);
  assert.ok(before['lede-number']?.length > 0 && before['lede-quote']?.length > 0);
  await page.locator('.toggle[data-kind="number"] input').uncheck();
  let now = await highlights(page);
  assert.equal(now['lede-number'], undefined, 'figures hidden');
  assert.deepEqual(now['lede-quote'], before['lede-quote'], 'quotes untouched');
  assert.equal((await legend(page)).number, before['lede-number'].length, 'the count stays');
  await page.locator('.toggle[data-kind="quote"] input').uncheck();
  now = await highlights(page);
  assert.equal(now['lede-quote'], undefined);
  assert.equal(now['lede-speaker'], undefined, 'speakers go with quotes');
  // The choice survives a reload.
  await page.reload();
  await settled(page);
  now = await highlights(page);
  assert.equal(now['lede-number'], undefined);
  await page.locator('.toggle[data-kind="number"] input').check();
  await page.locator('.toggle[data-kind="quote"] input').check();
  now = await highlights(page);
  assert.deepEqual(now['lede-number'], before['lede-number']);
  assert.deepEqual(now['lede-quote'], before['lede-quote']);
  await context.close();
});

test('"Try an example" loads the fictional story; the screenshot', { skip: why ?? false }, async () => {
  const { context, page, log } = await open();
  await page.click('#example');
  await settled(page);
  const text = await page.locator('#doc').textContent();
  assert.match(text, /^Port Ellery votes/);
  assert.match(text, /This story is fiction/);
  const counts = await legend(page);
  assert.ok(counts.quote >= 5, `quotes ${counts.quote}`);
  assert.ok(counts.number >= 10, `figures ${counts.number}`);
  const figures = await page.locator('#figures .fig').allTextContents();
  assert.ok(figures.some((f) => f.includes('$48.2 million') && f.includes('48,200,000')), `figures list: ${figures.slice(0, 5)}`);
  await page.screenshot({ path: screenshotPath('page.png') });
  // Figures sort by kind, and export as CSV.
  await page.selectOption('#figure-sort', 'kind');
  const kinds = await page.locator('#figures .fig .tag').allTextContents();
  assert.deepEqual(kinds, [...kinds].sort());
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
  const csv = readFileSync(await download.path(), 'utf8');
  assert.match(csv, /^text,kind,value,unit,min,max,iso,start,end\r\n/);
  assert.equal(csv.trim().split('\r\n').length, counts.number + 1);
  assert.match(csv, /\$48\.2 million,\w+,48200000,/);
  assert.deepEqual(pathsOf(foreign(log.requests, server.url)), []);
  await context.close();
});

test('j / k step through the highlights; clicking a list item flashes it', { skip: why ?? false }, async () => {
  const { context, page } = await open();
  await page.click('#example');
  await settled(page);
  await page.locator('h1').click();
  await page.keyboard.press('j');
  const first = await page.evaluate(() => document.body.dataset.focus);
  assert.ok(first, 'a highlight is focused');
  assert.equal(await page.evaluate(() => CSS.highlights.get('lede-focus')?.size), 1);
  await page.keyboard.press('j');
  const second = await page.evaluate(() => document.body.dataset.focus);
  assert.ok(Number(second.split('-')[0]) >= Number(first.split('-')[0]) && second !== first, `${first} then ${second}`);
  await page.keyboard.press('k');
  assert.equal(await page.evaluate(() => document.body.dataset.focus), first);
  // Typing j in the editor types a j.
  await page.click('#doc');
  await page.keyboard.press('End');
  await page.keyboard.type('j');
  assert.match(await page.locator('#doc').textContent(), /j/);
  // Hovering a quote in the text shows its speaker and cue.
  const box = await page.evaluate(() => {
    const r = [...CSS.highlights.get('lede-quote')].find((x) => x.toString().startsWith('"We cannot ask'));
    const b = r.getClientRects()[0];
    return { x: b.left + 8, y: b.top + b.height / 2 };
  });
  await page.mouse.move(box.x, box.y);
  await page.waitForSelector('#tip:not([hidden])');
  assert.match(await page.locator('#tip').textContent(), /Quote.*Speaker: \S+.*cue: “said”/);
  // A click on a figure goes to it.
  await page.locator('#figures .fig').nth(3).click();
  const start = await page.locator('#figures .fig').nth(3).getAttribute('data-start');
  assert.equal((await page.evaluate(() => document.body.dataset.focus)).split('-')[0], start);
  await context.close();
});

test('pasted markup is text: no element, no script, no dialog', { skip: why ?? false }, async () => {
  const { context, page, log } = await open();
  assert.ok(XSS_PAYLOADS.length >= 100);
  const text = XSS_PAYLOADS.join('\n');
  // Both flavours on the clipboard, as copying from a web page puts them: the HTML one must be ignored.
  await paste(page, '#doc', text, XSS_PAYLOADS.join('<br>'));
  await settled(page);
  assert.equal(await page.locator('#doc').textContent(), text);
  assert.equal(await page.locator('#doc *').count(), 0, 'the editor holds only text');
  // Typed by hand too.
  await page.keyboard.press('End');
  await page.keyboard.type(' <img src=z onerror=alert(9)>');
  await settled(page);
  assert.match(await page.locator('#doc').textContent(), /<img src=z onerror=alert\(9\)>$/);
  assert.equal(await page.locator('#doc *').count(), 0);
  // (#lede-boot: index.html's own inline script, allowed by its hash in the CSP.)
  assert.equal(await page.locator('img, iframe, svg, script:not([src]):not(#lede-boot)').count(), 0);
  assert.deepEqual(log.dialogs, []);
  assert.deepEqual(log.errors, []);
  // The lists show the payloads as text.
  const listed = await page.locator('#quotes .q').allTextContents();
  assert.ok(listed.some((q) => q.includes('<img src=x onerror=alert(1)>')), JSON.stringify(listed));
  // Hovering the text and the lists shows tooltips built from text only.
  await page.locator('#quotes .item').first().hover();
  await page.locator('#entities .ent').first().hover().catch(() => {});
  assert.equal(await page.locator('#tip *:not(div):not(b)').count(), 0);
  assert.equal(await page.locator('[onerror], [onload], [onfocus], [ontoggle], [onbegin], [onstart], [onblur]').count(), 0, 'no element with a handler');
  assert.deepEqual(pathsOf(log.requests).filter((p) => !OWN_FILES.has(p)), [], 'no request for x, y or z');
  await context.close();
});

test('the request log holds only the page\'s own files; CSP holds', { skip: why ?? false }, async () => {
  const { context, page, log } = await open();
  await page.click('#example');
  await settled(page);
  await page.locator('#quotes .item').first().hover();
  await page.locator('#figures .fig').first().click();
  await page.locator('h1').click();
  await page.keyboard.press('j');
  const paths = pathsOf(log.requests);
  assert.deepEqual(foreign(log.requests, server.url), [], 'nothing leaves 127.0.0.1');
  assert.deepEqual(paths.filter((p) => !OWN_FILES.has(p)), [], 'own files only');
  for (const p of ['/', '/app.js', '/worker.js', '/pkg/lede_bg.wasm']) assert.ok(paths.includes(p), `${p} loaded`);
  assert.deepEqual(await page.evaluate(() => window.__csp), [], 'no CSP violation');
  const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
  assert.match(csp, /default-src 'self'; script-src 'self' 'wasm-unsafe-eval'/);
  assert.deepEqual(log.errors, []);
  await context.close();
});

test('index.html#example shows the example at once and marks its own cold start, step by step', { skip: why ?? false }, async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const log = record(context);
  const page = await context.newPage();
  await page.goto(`${server.url}/#example`);
  await page.waitForFunction(() => performance.getEntriesByName('lede:first-highlight').length > 0, null, { timeout: 30000 });
  const r = await page.evaluate(() => {
    const at = (n) => performance.getEntriesByName(n)[0]?.startTime ?? null;
    return {
      marks: ['lede:app', 'lede:sent', 'lede:result', 'lede:painted', 'lede:first-highlight'].map(at),
      compiled: at('lede:compiled'),
      measure: performance.getEntriesByName('lede:cold-start')[0]?.duration ?? null,
      text: document.getElementById('doc').textContent,
      painted: [...CSS.highlights.values()].reduce((n, h) => n + h.size, 0),
    };
  });
  assert.match(r.text, /^Port Ellery votes/);
  assert.ok(r.painted > 20, `${r.painted} ranges painted`);
  assert.ok(r.marks.every((t, i) => t != null && (i === 0 || t >= r.marks[i - 1])), `marks in order: ${r.marks}`);
  assert.ok(r.compiled != null && r.compiled <= r.marks[2], 'the wasm is compiled (on the page, streaming: index.html\'s inline script) before the first result');
  assert.ok(Math.abs(r.measure - r.marks[r.marks.length - 1]) < 0.5, 'the measure runs from navigation start');
  // The lists follow the highlights; the worker takes over once it is ready.
  await page.waitForFunction(() => document.getElementById('version').textContent !== '');
  await settled(page);
  assert.ok((await legend(page)).quote >= 5);
  // The example was analysed on the page's thread, and the worker started only after its
  // highlights were on screen (its start-up would compete with the cold start for the CPU).
  const order = await page.evaluate(() => ({
    thread: performance.getEntriesByName('lede:result')[0]?.detail?.thread,
    shown: performance.getEntriesByName('lede:painted')[0]?.startTime,
    worker: performance.getEntriesByName('lede:worker-started')[0]?.startTime,
  }));
  assert.equal(order.thread, 'main');
  assert.ok(order.worker >= order.shown, `worker started at ${order.worker}, highlights painted at ${order.shown}`);
  assert.deepEqual(pathsOf(log.requests).filter((p) => !OWN_FILES.has(p)), []);
  assert.deepEqual(log.errors, []);
  await context.close();
});

test('cold start: the first analysis reads the lines on screen, then the whole example replaces it', { skip: why ?? false }, async () => {
  // [viewport height, whether the editor shows only part of the example]
  const cases = [[560, true], [2400, false]];
  for (const [height, part] of cases) {
    const context = await browser.newContext({ viewport: { width: 1280, height } });
    const log = record(context);
    const page = await context.newPage();
    await page.goto(`${server.url}/#example`);
    await page.waitForFunction(() => performance.getEntriesByName('lede:first-highlight').length > 0, null, { timeout: 30000 });
    const first = await page.evaluate(() => {
      const text = document.getElementById('doc').textContent;
      const chars = performance.getEntriesByName('lede:result')[0]?.detail?.chars;
      // The ranges painted in the frame the first-highlight mark closes (before the whole text replaces them, at most).
      return { length: text.length, chars, cutAt: text[chars] ?? null };
    });
    await settled(page);
    const whole = await highlights(page);
    const lastFigure = await page.evaluate(() => [...CSS.highlights.get('lede-number')].map((r) => r.toString()).at(-1));
    // The same text analysed at once (the button, with the worker running): the same highlights.
    await page.click('#example');
    await page.waitForFunction(() => document.body.dataset.busy === 'true').catch(() => {});
    await settled(page);
    const again = await highlights(page);
    if (part) {
      assert.ok(first.chars > 200 && first.chars < first.length, `first analysis: ${first.chars} of ${first.length} characters`);
      assert.equal(first.cutAt, '\n', 'cut at a line break');
    } else {
      // False positive: with the whole example on screen there is nothing to leave for later.
      assert.equal(first.chars, first.length, 'the whole text at once');
    }
    assert.equal(lastFigure, 'April 30', 'the last figure of the example is painted');
    assert.deepEqual(whole, again, 'the highlights of the whole text, as a full analysis paints them');
    assert.deepEqual(log.errors, []);
    await context.close();
  }
});

test('cold start: the wasm instantiated before app.js runs, the example is analysed and painted in the task that shows it', { skip: why ?? false }, async () => {
  // [the file that arrives late (400 ms), whether the first analysis runs in app.js's own task]
  // With the wasm late, app.js runs first and analyses once the wasm is ready (a later task):
  // the same highlights either way.
  const cases = [['/app.js', true], ['/pkg/lede_bg.wasm', false]];
  const painted = [];
  for (const [late, sameTask] of cases) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const log = record(context);
    await context.route((url) => url.pathname === late, async (route) => {
      await new Promise((r) => setTimeout(r, 400));
      await route.continue();
    });
    const page = await context.newPage();
    await page.goto(`${server.url}/#example`);
    await page.waitForFunction(() => performance.getEntriesByName('lede:first-highlight').length > 0, null, { timeout: 30000 });
    const r = await page.evaluate(() => ({
      detail: performance.getEntriesByName('lede:result')[0]?.detail,
      instantiated: performance.getEntriesByName('lede:instantiated')[0]?.startTime,
      app: performance.getEntriesByName('lede:app')[0]?.startTime,
    }));
    assert.equal(r.detail?.sameTask, sameTask, `${late} late: ${JSON.stringify(r)}`);
    assert.equal(r.instantiated < r.app, sameTask, `${late} late: instantiated at ${r.instantiated}, app.js at ${r.app}`);
    await settled(page);
    painted.push(await highlights(page));
    assert.deepEqual(log.errors, []);
    await context.close();
  }
  assert.deepEqual(painted[0], painted[1]);
  assert.ok(painted[0]['lede-number'].length > 20, `${painted[0]['lede-number'].length} figures painted`);
});

test('figures are formatted as Intl.NumberFormat en-US (≤ 6 decimals) formats them, without its start-up cost', { skip: why ?? false }, async () => {
  const { context, page } = await open();
  const bad = await page.evaluate(async () => {
    const { formatNumber } = await import('./app.js');
    const intl = new Intl.NumberFormat('en-US', { maximumFractionDigits: 6 });
    const values = [
      0, -0, 1, -1, 0.5, 12, 1234.5, 48200000, -1234567.891, 0.1 + 0.2, 2.675, 1.005,
      // rounding at the 6th decimal, carries into the integer part
      0.0000005, 0.0000015, 4.9999995e-7, 1.0000005, 3.0657815, 999999.9999995, 9.9999995, -9.9999995, 0.9999996,
      // exponent forms of the shortest decimal
      1e-7, -1e-7, 1.5e-7, 1e-6, 123e-20, 1e20, 9.99e20, 1e21, 1.5e300, -2e22,
      // not numbers
      NaN, Infinity, -Infinity,
    ];
    let seed = 7;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let i = 0; i < 20000; i++) values.push((rnd() - 0.3) * 10 ** Math.floor(rnd() * 34 - 12), Math.round(rnd() * 1e8) / 10 ** Math.floor(rnd() * 10));
    return values.filter((v) => formatNumber(v) !== intl.format(v)).map((v) => `${v}: ${formatNumber(v)} vs ${intl.format(v)}`);
  });
  assert.deepEqual(bad, []);
  await context.close();
});

test('the sources keep to the CSP and never parse input as markup', { skip: why ?? false }, () => {
  for (const f of readdirSync(WWW).filter((f) => f.endsWith('.html'))) {
    const html = readFileSync(join(WWW, f), 'utf8');
    const csp = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)"/)?.[1] ?? '';
    assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'/, `${f}: CSP without 'unsafe-inline' or 'unsafe-eval'`);
    // An inline script runs only when the CSP names its SHA-256 (index.html's cold-start script):
    // a change to the script without its hash would be refused by the browser.
    for (const [, body] of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)) {
      const hash = createHash('sha256').update(body, 'utf8').digest('base64');
      assert.ok(csp.includes(`'sha256-${hash}'`), `${f}: an inline script whose hash the CSP does not allow`);
    }
    assert.doesNotMatch(html, /<style|\sstyle=|\son[a-z]+=/i, `${f}: inline style or handler`);
    assert.match(html, /Content-Security-Policy/, `${f}: CSP`);
  }
  for (const f of readdirSync(WWW).filter((f) => f.endsWith('.js'))) {
    const js = readFileSync(join(WWW, f), 'utf8');
    assert.doesNotMatch(js, /\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write|\beval\(|new Function\(/, `${f}`);
  }
});

test('the draft survives a reload', { skip: why ?? false }, async () => {
  const { context, page } = await open();
  await page.click('#doc');
  await page.keyboard.type('Mayor Ines Calloway said "the pier opens in May."');
  await settled(page);
  await page.reload();
  await settled(page);
  assert.equal(await page.locator('#doc').textContent(), 'Mayor Ines Calloway said "the pier opens in May."');
  assert.ok((await legend(page)).quote >= 1);
  await context.close();
});

test('a wasm trap: message, text kept, size logged, analysis works again', { skip: why ?? false }, async () => {
  const { context, page, log } = await open({ trap: true });
  const text = `Kelly said "we will reopen the border" on Monday. ${TRAP_MARKER}`;
  await paste(page, '#doc', text);
  await page.waitForFunction(() => document.body.dataset.trap === '1');
  assert.match(await page.locator('#message').textContent(), /restarted/);
  assert.equal(await page.locator('#doc').textContent(), text, 'the text stays');
  const logged = log.errors.filter((e) => /trap/.test(e));
  assert.equal(logged.length, 1, JSON.stringify(log.errors));
  assert.match(logged[0], new RegExp(`input of ${text.length} characters`));
  assert.doesNotMatch(logged[0], /reopen the border/, 'the text is not logged');
  // Edit: the re-instantiated wasm analyses again.
  await page.click('#doc');
  await page.keyboard.press('Control+a');
  await page.keyboard.type('Kelly said "we will reopen the border" on Monday.');
  await settled(page);
  assert.ok((await legend(page)).quote >= 1);
  assert.ok(log.requests.some((u) => u.includes('/pkg/lede.js?instance=1')), 'a fresh instance');
  assert.equal(log.requests.filter((u) => u.endsWith('lede_bg.wasm')).length, 1, 'compiled once, not downloaded again');
  await context.close();
});

test('10 MB: progress shows, the page stays responsive, the analysis can be cancelled', { skip: why ?? false }, async () => {
  const { context, page } = await open();
  const para = 'Mayor Ines Calloway said "we cannot ask 12,000 people a day to wait" on Tuesday, and the plan costs $48.2 million. ';
  const big = `${para.repeat(3)}\n\n`.repeat(Math.ceil(10_000_000 / (para.length * 3 + 2)));
  await paste(page, '#doc', big);
  await page.waitForSelector('#progress:not([hidden])');
  // The main thread answers while the worker works.
  assert.equal(await page.evaluate(() => document.body.dataset.analysing), 'true');
  assert.equal(await page.evaluate(() => 6 * 7), 42);
  await page.click('#cancel');
  await page.waitForSelector('#progress', { state: 'hidden' });
  assert.match(await page.locator('#message').textContent(), /cancelled/);
  // A new worker serves the next analysis.
  await page.evaluate(() => document.getElementById('clear').click());
  await page.click('#doc');
  await page.keyboard.type('Kelly said "it works" on Monday.');
  await settled(page);
  assert.ok((await legend(page)).quote >= 1);
  await context.close();
});

test('10 MB analysed to the end: every figure counted, only what is on screen painted', { skip: why ?? false }, async () => {
  const { context, page, log } = await open();
  const para = 'Harbour master Quentin Marsh said "the pier is safe" and the repair cost $310,000. ';
  const copies = Math.ceil(10_000_000 / (para.length + 2));
  await paste(page, '#doc', `${para}\n\n`.repeat(copies));
  await page.waitForFunction(() => !document.body.dataset.busy, null, { timeout: 240_000 });
  assert.match(await page.locator('#message').textContent(), /Large text .* read-only/);
  const counts = await legend(page);
  // The same paragraph again and again: the count is a multiple of the copies.
  assert.ok(counts.number >= copies && counts.number % copies === 0, `${counts.number} figures in ${copies} paragraphs`);
  assert.ok(counts.quote >= copies && counts.quote % copies === 0, `${counts.quote} quotes`);
  const painted = await page.evaluate(() => CSS.highlights.get('lede-number')?.size ?? 0);
  assert.ok(painted > 0 && painted < counts.number / 100, `${painted} figures painted of ${counts.number}`);
  // Scrolling far paints there; j jumps through the whole text.
  await page.evaluate(() => { const d = document.getElementById('doc'); d.scrollTop = d.scrollHeight / 2; });
  await page.waitForFunction(() => [...(CSS.highlights.get('lede-number') ?? [])].some((r) => Number(r.startContainer.parentElement.dataset.chunk) > 100));
  assert.equal(await page.locator('#figures .fig').count(), 400, '400 listed');
  assert.match(await page.locator('#figures .more').textContent(), new RegExp(`and ${counts.number - 400} more`));
  assert.deepEqual(log.errors, []);
  await context.close();
});

test('dark theme switch', { skip: why ?? false }, async () => {
  const { context, page } = await open({ colorScheme: 'light' });
  const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const light = await bg();
  await page.click('#theme'); // auto → light
  await page.click('#theme'); // light → dark
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  assert.notEqual(await bg(), light);
  await context.close();
  const dark = await open({ colorScheme: 'dark' });
  await dark.page.click('#example');
  await settled(dark.page);
  assert.notEqual(await dark.page.evaluate(() => getComputedStyle(document.body).backgroundColor), light, 'follows prefers-color-scheme');
  await dark.page.screenshot({ path: screenshotPath('page-dark.png') });
  await dark.context.close();
});

test('without the CSS Custom Highlight API: the <mark> fallback', { skip: why ?? false }, async () => {
  const context = await browser.newContext();
  const log = record(context);
  await context.addInitScript(() => {
    delete window.Highlight;
    Object.defineProperty(CSS, 'highlights', { value: undefined });
  });
  const page = await context.newPage();
  await page.goto(`${server.url}/`);
  await page.click('#example');
  await settled(page);
  const text = await page.locator('#doc').textContent();
  assert.match(text, /^Port Ellery votes/);
  const marks = await page.locator('#doc mark.lede-mark').evaluateAll((ms) => ms.map((m) => `${m.dataset.lede}:${m.textContent}`));
  assert.ok(marks.includes('lede-number:$48.2 million'), JSON.stringify(marks.slice(0, 10)));
  assert.ok(marks.some((m) => m.startsWith('lede-quote:"We cannot ask 12,000 people')));
  await page.locator('.toggle[data-kind="number"] input').uncheck();
  assert.equal(await page.locator('#doc mark.lede-number').count(), 0);
  assert.equal(await page.locator('#doc').textContent(), text, 'marks never change the text');
  // Typing inside the marked text still edits plain text.
  await page.click('#doc');
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await page.keyboard.type('"Fine," she said.');
  await settled(page);
  assert.ok((await page.locator('#doc').textContent()).endsWith('"Fine," she said.'));
  assert.ok(await page.locator('#doc mark.lede-quote', { hasText: '"Fine,"' }).count() >= 1);
  assert.deepEqual(log.errors, []);
  await context.close();
});
