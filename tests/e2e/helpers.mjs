// Shared helpers for the browser suites: Debian Chromium through
// playwright-core, the project's static server on a free port, a log of every
// request the browser makes, and the shared (third-party) articles, read at
// run time only.

import { chromium } from 'playwright-core';
import { existsSync, readFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '../../scripts/serve.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const WWW = join(ROOT, 'www');
export const SHARED = resolve(ROOT, process.env.LEDE_SHARED || '../shared');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Why a suite cannot run here, or null when it can. */
export function missing() {
  if (!existsSync(CHROMIUM)) return `no Chromium at ${CHROMIUM} (apt-get install chromium)`;
  if (!existsSync(join(WWW, 'pkg', 'lede_bg.wasm'))) return 'www/pkg is not built (make wasm)';
  return null;
}

/** Launches headless Chromium. */
export function launch(options = {}) {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, ...options });
}

/** Serves a directory (default www/) on 127.0.0.1, a free port. */
export function start(options = {}) {
  return serve({ root: WWW, port: 0, ...options });
}

/**
 * Records every request a browser context makes (pages and workers), and
 * every console error, page error and dialog.
 */
export function record(context) {
  const log = { requests: [], errors: [], dialogs: [] };
  context.on('request', (r) => log.requests.push(r.url()));
  context.on('page', (page) => watch(page, log));
  for (const p of context.pages()) watch(p, log);
  return log;
}

function watch(page, log) {
  page.on('pageerror', (e) => log.errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') log.errors.push(`console: ${m.text()}`);
  });
  page.on('dialog', (d) => {
    log.dialogs.push(`${d.type()}: ${d.message()}`);
    d.dismiss().catch(() => {});
  });
}

/** The URLs in `requests` that are not under `origin` (blob: and data: are local). */
export function foreign(requests, ...origins) {
  return requests.filter((u) => !u.startsWith('blob:') && !u.startsWith('data:') && !origins.some((o) => u.startsWith(`${o}/`)));
}

/** A shared article's text, or null (with a notice) when ../shared is absent. */
export function sharedArticle(name) {
  const path = join(SHARED, 'articles', name);
  if (!existsSync(path)) {
    console.log(`# notice: ${path} is absent (set LEDE_SHARED); skipping what needs it`);
    return null;
  }
  return readFileSync(path, 'utf8');
}

/** Where screenshots go: target/screenshots/. */
export function screenshotPath(name) {
  const dir = join(ROOT, 'target', 'screenshots');
  mkdirSync(dir, { recursive: true });
  return join(dir, name);
}

/**
 * Pastes `text` into the focused element with a real paste event carrying a
 * DataTransfer (text/plain, and text/html when given), as a clipboard paste does.
 */
export async function paste(page, selector, text, html) {
  await page.focus(selector);
  await page.evaluate(
    ([sel, t, hm]) => {
      const el = document.querySelector(sel);
      const dt = new DataTransfer();
      dt.setData('text/plain', t);
      if (hm) dt.setData('text/html', hm);
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    },
    [selector, text, html],
  );
}

/** The marker that makes a glue routed through `routeTrappingGlue` trap. */
export const TRAP_MARKER = '\u2063lede-trap\u2063';

/**
 * Serves the wasm-bindgen glue (pkg/lede.js) with its `analyze` wrapped so
 * that an input containing TRAP_MARKER runs a real wasm `unreachable` and
 * leaves that instance dead, as a Rust panic (panic=abort) would: every later
 * call on it traps too. A fresh instance (new glue module) works again.
 */
export async function routeTrappingGlue(target) {
  await target.route(/\/pkg\/lede\.js(\?.*)?$/, async (route) => {
    const res = await route.fetch();
    const body = `${await res.text()}
;{
  // Test wrapper (tests/e2e/helpers.mjs): a real trap, from a module whose only function is 'unreachable'.
  const trapper = new WebAssembly.Instance(new WebAssembly.Module(new Uint8Array([
    0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 7, 5, 1, 1, 102, 0, 0, 10, 5, 1, 3, 0, 0, 11]))).exports.f;
  const real = analyze;
  let dead = false;
  analyze = function (text, options) {
    if (dead || String(text).includes(${JSON.stringify(TRAP_MARKER)})) { dead = true; trapper(); }
    return real(text, options);
  };
}
`;
    await route.fulfill({ response: res, body, headers: { ...res.headers(), 'content-type': 'text/javascript; charset=utf-8' } });
  });
}
