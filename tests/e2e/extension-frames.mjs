// What a highlighted page pays per DOM change of its own: a long article
// (LEDE_FRAMES_N paragraphs, default 2,000, built at run time from the shared
// articles, never stored) whose header clock changes its text every 100 ms,
// as a live blog, a ticking clock or a rotating ad does. Chromium revalidates
// and repaints every registered custom highlight of the document on each DOM
// change, wherever the range is, so the cost per change grows with the
// ranges the extension keeps registered.
//
// Not a test (node --test does not pick it up, and timings vary by machine):
//
//   LEDE_SHARED=/work/shared node tests/e2e/extension-frames.mjs [EXTENSION_DIR ...]
//
// For each extension directory (default target/extension) it loads the
// extension unpacked, measures the page alone, presses the button, waits
// until everything is painted and measures again: the renderer's main-thread
// CPU per clock tick (CDP Performance.getMetrics TaskDuration, and the style,
// layout and script parts of it), the frame intervals seen by a rAF loop, and
// how many ranges are registered.

import { chromium } from 'playwright-core';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '../../scripts/serve.mjs';
import { CHROMIUM, CHROMIUM_ARGS, SHARED, escapeHtml } from './helpers.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const N = Number(process.env.LEDE_FRAMES_N) || 2000;
const SECONDS = Number(process.env.LEDE_FRAMES_SECONDS) || 5;
const dirs = process.argv.slice(2).length ? process.argv.slice(2) : [join(ROOT, 'target', 'extension')];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const articles = join(SHARED, 'articles');
if (!existsSync(articles)) {
  console.log(`# notice: ${articles} is absent (set LEDE_SHARED); nothing to measure`);
  process.exit(0);
}
const paragraphs = readdirSync(articles)
  .filter((f) => f.endsWith('.txt'))
  .flatMap((f) => readFileSync(join(articles, f), 'utf8').split(/\n\s*\n/))
  .map((p) => p.replace(/\s+/g, ' ').trim())
  .filter((p) => p.length > 40);
const body = Array.from({ length: N }, (_, i) => `<p>${escapeHtml(paragraphs[i % paragraphs.length])}</p>`).join('\n');
const work = mkdtempSync(join(tmpdir(), 'lede-frames-'));
writeFileSync(join(work, 'clock.js'), `const c = document.getElementById('clock'); let t = 0;
setInterval(() => { c.textContent = 'Updated ' + (++t) + ' ticks ago'; }, 100);
const frames = (window.frames_ = []); let last = 0;
(function loop(now) { if (last) frames.push(now - last); last = now; requestAnimationFrame(loop); })(0);`);
writeFileSync(join(work, 'page.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Live</title>
<script src="clock.js" defer></script></head><body>
<header><span id="clock">Updated 0 ticks ago</span></header>
<main><article><h1>A long article</h1>
${body}
</article></main></body></html>`);
const srv = await serve({ root: work, port: 0 });

/** Main-thread CPU per tick (ms) over SECONDS, and frame intervals. */
async function measure(page, cdp) {
  await page.evaluate(() => (window.frames_.length = 0));
  const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const a = await metrics();
  const ticks0 = await page.evaluate(() => document.getElementById('clock').textContent.match(/\d+/)[0]);
  await sleep(SECONDS * 1000);
  const b = await metrics();
  const ticks1 = await page.evaluate(() => document.getElementById('clock').textContent.match(/\d+/)[0]);
  const ticks = Number(ticks1) - Number(ticks0);
  const per = (k) => (1000 * (b[k] - a[k])) / ticks;
  const frames = (await page.evaluate(() => window.frames_.slice())).sort((x, y) => x - y);
  const q = (p) => frames[Math.min(frames.length - 1, Math.floor(p * frames.length))] ?? NaN;
  const registered = await page.evaluate(() => [...CSS.highlights].filter(([n]) => n.startsWith('lede-')).reduce((s, [, h]) => s + h.size, 0));
  return {
    ticks,
    cpuPerTick: per('TaskDuration').toFixed(2),
    style: per('RecalcStyleDuration').toFixed(2),
    layout: per('LayoutDuration').toFixed(2),
    script: per('ScriptDuration').toFixed(2),
    frameMedian: q(0.5).toFixed(1),
    frameP95: q(0.95).toFixed(1),
    frameMax: frames.length ? frames[frames.length - 1].toFixed(1) : 'n/a',
    registered,
  };
}

for (const dir of dirs) {
  const ext = resolve(dir);
  const context = await chromium.launchPersistentContext(mkdtempSync(join(work, 'profile-')), {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1200, height: 800 },
    args: [...CHROMIUM_ARGS, '--enable-unsafe-extension-debugging', `--disable-extensions-except=${ext}`, `--load-extension=${ext}`],
  });
  const sw = context.serviceWorkers()[0] || (await context.waitForEvent('serviceworker'));
  const extId = new URL(sw.url()).host;
  const browserCdp = await context.browser().newBrowserCDPSession();
  const page = await context.newPage();
  for (const p of context.pages()) if (p !== page) await p.close();
  await page.goto(`${srv.url}/page.html`);
  await page.bringToFront();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  await sleep(500);
  const alone = await measure(page, cdp);

  let status;
  // As tests/e2e/extension.test.mjs does: pressed again if the tab was not yet active (no activeTab grant).
  for (let attempt = 0; attempt < 3 && status?.state !== 'done'; attempt++) {
    const since = Date.now();
    const { targetInfos } = await browserCdp.send('Target.getTargets', { filter: [{ type: 'tab' }] });
    const tab = targetInfos.find((t) => t.type === 'tab' && t.url === page.url());
    await browserCdp.send('Extensions.triggerAction', { id: extId, targetId: tab.targetId });
    for (;;) {
      const w = context.serviceWorkers().filter((x) => x.url().startsWith(`chrome-extension://${extId}/`)).pop();
      status = await w?.evaluate(async () => (await chrome.storage.session.get('status:last'))['status:last'] || null).catch(() => null);
      if (process.env.LEDE_DEBUG) console.error('status', JSON.stringify(status));
      if (status && ['done', 'error'].includes(status.state) && status.at >= since) break;
      await sleep(100);
    }
    if (status.state !== 'done') await page.bringToFront();
  }
  await sleep(1000);
  const lit = await measure(page, cdp);
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight / 2));
  await sleep(1000);
  const scrolled = await measure(page, cdp);
  let diag = '';
  if (process.env.LEDE_FRAMES_PROFILE) {
    // Which script runs per change: self time by function over two seconds.
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.start');
    await sleep(2000);
    const { profile } = await cdp.send('Profiler.stop');
    const dt = (profile.endTime - profile.startTime) / profile.samples.length / 1000;
    const self = new Map();
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    for (const id of profile.samples) {
      const f = byId.get(id).callFrame;
      const key = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
      self.set(key, (self.get(key) || 0) + dt);
    }
    const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([k, v]) => `${v.toFixed(1)} ms ${k}`);
    diag += `\n#   profile (2 s): ${top.join(' | ')}`;
  }
  if (process.env.LEDE_FRAMES_DIAG) {
    // Where the rest goes: the highlights unregistered (page world), then the legend's host removed too.
    await page.evaluate(() => CSS.highlights.clear());
    const bare = await measure(page, cdp);
    await page.evaluate(() => document.querySelector('lede-extension-legend')?.remove());
    const noLegend = await measure(page, cdp);
    diag = `\n#   diag: no ranges ${JSON.stringify(bare)}\n#   diag: no ranges, no legend ${JSON.stringify(noLegend)}`;
  }
  const total = Object.values(status.counts).reduce((a, b) => a + b, 0);
  console.log(`# ${dir}: ${N} paragraphs, ${status.blocks} blocks, ${total} highlights (+ speakers and cues), painted in ${status.ms} ms`);
  console.log(`#   no highlights      ${JSON.stringify(alone)}`);
  console.log(`#   highlighted (top)  ${JSON.stringify(lit)}`);
  console.log(`#   scrolled to middle ${JSON.stringify(scrolled)}${diag}`);
  await context.close();
}
await srv.close();
rmSync(work, { recursive: true, force: true });
