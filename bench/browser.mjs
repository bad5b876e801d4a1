#!/usr/bin/env node
// The browser half of `make bench`: lede's wasm against compromise and
// wink-nlp in one headless Chromium page, on the same documents; then the
// page's weight and cold start, and memory growth. Prints Markdown and writes
// target/bench/browser.json. No assertion here: these are measurements.
//
// usage: node bench/browser.mjs   (after `make wasm`; LEDE_SHARED=../shared)

import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { readFileSync, readdirSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import os from 'node:os';
import { serve } from '../scripts/serve.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const shared = process.env.LEDE_SHARED || join(root, '..', 'shared');
const runs = Number(process.env.LEDE_BENCH_RUNS || 5);
const require = createRequire(import.meta.url);
const pkgVersion = (name) => require(`${name}/package.json`).version;

const jsonlTexts = (p) =>
  existsSync(p) ? readFileSync(p, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l).text) : [];

function corpus() {
  const docs = [
    ...jsonlTexts(join(shared, 'data/conll2003/dev.jsonl')),
    ...jsonlTexts(join(shared, 'data/quotes/dev.jsonl')),
  ];
  const dir = join(shared, 'articles');
  if (existsSync(dir)) {
    for (const f of readdirSync(dir).filter((f) => f.endsWith('.txt')).sort()) docs.push(readFileSync(join(dir, f), 'utf8'));
  }
  return docs;
}

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

async function bundlePeers() {
  mkdirSync(join(root, 'target/bench'), { recursive: true });
  await build({
    entryPoints: [join(root, 'bench/peers.js')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    minify: true,
    outfile: join(root, 'target/bench/peers.js'),
    define: {},
    logLevel: 'error',
  });
  const out = join(root, 'target/bench/peers.js');
  const src = readFileSync(out, 'utf8')
    .replace('__WINK_VERSION__', pkgVersion('wink-nlp'))
    .replace('__WINK_MODEL_VERSION__', pkgVersion('wink-eng-lite-web-model'));
  writeFileSync(out, src);
}

/** gzip -9 size of every response a fresh load of `url` fetched, and the cold start. */
async function pageWeight(browser, base) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const sizes = [];
  page.on('response', async (res) => {
    try {
      const body = await res.body();
      sizes.push({ url: res.url().replace(base, ''), raw: body.length, gzip: gzipSync(body, { level: 9 }).length });
    } catch { /* redirects have no body */ }
  });
  await page.goto(`${base}/www/index.html`, { waitUntil: 'load' });
  // Cold start: from navigation to the first painted highlight of the example.
  const example = page.getByRole('button', { name: /example/i }).first();
  let coldStartMs = null;
  if (await example.count()) {
    await example.click();
    await page.waitForFunction(() => CSS.highlights && CSS.highlights.size > 0 &&
      [...CSS.highlights.values()].some((h) => h.size > 0), null, { polling: 'raf', timeout: 30000 });
    coldStartMs = await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(performance.now()))));
  }
  await page.waitForTimeout(300);
  await context.close();
  return { files: sizes, coldStartMs };
}

/** The performance budget of issue 8, each line measured in this run. */
function budget(r, pageBytes) {
  const t = r.throughput.tools;
  const lede = t['lede (full analysis)'];
  const nativePath = join(root, 'target/bench/native.json');
  const native = existsSync(nativePath) ? JSON.parse(readFileSync(nativePath, 'utf8')) : null;
  const nativeFull = native?.stages.find((s) => s.stage === 'full analysis');
  const worstDoubling = native ? Math.max(...native.scaling.filter((s) => s.bytes >= 64 << 10 && s.ratio).map((s) => s.ratio)) : null;
  const mem = r.memory;
  const memDoubling = mem.length > 2 ? mem[mem.length - 2].memoryBytes / mem[mem.length - 3].memoryBytes / ((10 << 20) / (1 << 21)) : null;
  const rows = [
    ['full analysis in wasm (words/s)', Math.round(lede.wordsPerSec), '≥ 1,000,000', lede.wordsPerSec >= 1e6],
    ['lede ÷ compromise, same text', (t.compromise.secs / lede.secs).toFixed(1) + '×', '≥ 40×', t.compromise.secs / lede.secs >= 40],
    ['full analysis native (words/s)', nativeFull ? Math.round(nativeFull.words_per_sec) : 'not run', '≥ 2,000,000', nativeFull ? nativeFull.words_per_sec >= 2e6 : null],
    ['page weight gzip', (pageBytes / 1024).toFixed(1) + ' KB', '≤ 500 KB', pageBytes <= 500 * 1024],
    ['cold start to first highlight', r.page.coldStartMs == null ? 'n/a' : r.page.coldStartMs.toFixed(0) + ' ms', '≤ 100 ms', r.page.coldStartMs == null ? null : r.page.coldStartMs <= 100],
    ['worst time ratio per doubling, 64 KB–8 MB (native)', worstDoubling == null ? 'not run' : worstDoubling.toFixed(2), '≤ 2.2', worstDoubling == null ? null : worstDoubling <= 2.2],
    ['wasm memory 2 MB → 10 MB, per unit of input', memDoubling == null ? 'n/a' : memDoubling.toFixed(2), '≈ 1 (linear)', memDoubling == null ? null : memDoubling <= 1.5],
  ];
  const mark = (ok) => (ok == null ? '–' : ok ? 'met' : '**missed**');
  return ['### Budget', '', '| measure | this run | target | |', '|---|---:|---:|---|',
    ...rows.map(([m, v, tgt, ok]) => `| ${m} | ${v} | ${tgt} | ${mark(ok)} |`)].join('\n');
}

async function main() {
  await bundlePeers();
  const server = await serve({ root, port: 0 });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  const result = { cores: os.cpus().length, chromium: browser.version(), runs };
  try {
    const page = await browser.newPage();
    page.on('console', (m) => m.type() === 'error' && console.error('page:', m.text()));
    await page.goto(`${server.url}/bench/bench.html`);
    await page.waitForFunction(() => window.benchReady === true, null, { timeout: 30000 });
    const { versions } = await page.evaluate(() => window.bench.ready());
    result.versions = { lede: JSON.parse(readFileSync(join(root, 'Cargo.toml'), 'utf8').match(/^version = (".*")/m)[1]), ...versions, 'playwright-core': pkgVersion('playwright-core') };
    const docs = corpus();
    result.throughput = await page.evaluate(([d, r]) => window.bench.throughput(d, r), [docs, runs]);
    const sizes = [1 << 10, 1 << 13, 1 << 16, 1 << 19, 1 << 21, 10 << 20];
    result.memory = await page.evaluate(([t, s]) => window.bench.memory(t, s), [docs.join('\n\n'), [...sizes, 10 << 20]]);
    result.paint = await page.evaluate((r) => window.bench.paint1000(r), runs);
    const article = docs[docs.length - 1];
    result.keystroke = await page.evaluate(([a, r]) => window.bench.keystroke(a, r), [article, 40]);
    await page.close();
    result.page = await pageWeight(browser, server.url);
  } finally {
    await browser.close();
    await server.close();
  }
  writeFileSync(join(root, 'target/bench/browser.json'), JSON.stringify(result, null, 2));
  console.log(report(result));
}

function report(r) {
  const t = r.throughput.tools;
  const lede = t['lede (full analysis)'];
  const lines = [];
  lines.push(`### In Chromium ${r.chromium} (one page, ${r.throughput.words} words, ${(r.throughput.bytes / 1e6).toFixed(2)} MB, median of ${r.runs})`, '');
  lines.push('| tool | time (ms) | words/s | MB/s | lede full ÷ tool time |', '|---|---:|---:|---:|---:|');
  for (const [name, m] of Object.entries(t)) {
    lines.push(`| ${name} | ${(m.secs * 1e3).toFixed(1)} | ${Math.round(m.wordsPerSec)} | ${m.mbPerSec.toFixed(2)} | ${(m.secs / lede.secs).toFixed(1)}× |`);
  }
  lines.push('', `Versions: ${Object.entries(r.versions).map(([k, v]) => `${k} ${v}`).join(', ')}; ${r.cores} cores.`, '');
  const files = r.page.files;
  const wasm = files.find((f) => f.url.endsWith('.wasm'));
  const total = files.reduce((n, f) => n + f.gzip, 0);
  lines.push('### The page', '', '| measure | value | budget |', '|---|---:|---:|');
  lines.push(`| everything the page loads (gzip -9) | ${(total / 1024).toFixed(1)} KB in ${files.length} files | ≤ 500 KB |`);
  if (wasm) lines.push(`| the wasm alone | ${(wasm.raw / 1024).toFixed(1)} KB raw, ${(wasm.gzip / 1024).toFixed(1)} KB gzip | |`);
  lines.push(`| cold start to first highlight of the example | ${r.page.coldStartMs == null ? 'n/a (no example button)' : r.page.coldStartMs.toFixed(0) + ' ms'} | ≤ 100 ms |`);
  lines.push(`| paint ${r.paint.spans} highlights (collect text, analyse, map to Ranges, paint, next frame) | ${r.paint.syncMs.toFixed(1)} ms of script, ${r.paint.medianMs.toFixed(1)} ms to the next frame | ≤ 16 ms |`);
  lines.push(`| keystroke → repainted highlights, embed, ${r.keystroke.words}-word article (median / p95) | ${r.keystroke.medianMs.toFixed(1)} / ${r.keystroke.p95Ms.toFixed(1)} ms | median ≤ 8 ms |`);
  lines.push('', '### wasm memory after analysing (full analysis)', '', '| chars | time (ms) | memory (MB) |', '|---:|---:|---:|');
  for (const m of r.memory) lines.push(`| ${m.chars} | ${(m.secs * 1e3).toFixed(1)} | ${(m.memoryBytes / 2 ** 20).toFixed(1)} |`);
  lines.push('', '(The last row analyses 10 MB a second time: equal memory means it was reused.)');
  lines.push('', budget(r, total));
  return lines.join('\n');
}

await main();
