// app.js — the paste page. The editor is a plain-text contenteditable; the
// analysis runs in worker.js (only short texts, until the worker is ready,
// are analysed here: see analyseEarly); highlights are painted
// over the editor's text nodes with the CSS Custom Highlight API (dom.js), or
// with <mark> elements where that API is missing. Every element built here
// gets its text through textContent / createTextNode: nothing derived from
// the input is ever parsed as markup.

import { collectText, rangeFor, rangesFor, paint, paintTransient, clear, markUp, unmark, highlightsSupported, highlightName, kindOf, enabled, offsetOf, KINDS } from './dom.js';
import { Engine, createEngine, compileWasm } from './engine.js';
import { EXAMPLE } from './example.js';
import * as lede from './pkg/lede.js';

// Cold start: the wasm is downloaded from the first bytes of the HTML (a
// preload) and compiled, streaming, by index.html's inline script while the
// page loads; where a first text is coming (the example link, a short draft)
// that script instantiates it too. The first short text is analysed here
// with it, in the task that shows the text when the instance is ready by then
// (see earlyNow), and the module is handed to the worker, which starts once
// that text is painted. Every step is a performance mark ("lede:…", the worker's
// steps too), so the page measures its own cold start (see bench/browser.mjs).
performance.mark('lede:app');

/**
 * The compiled wasm, or null where it could not be compiled (the worker then
 * fetches it itself and reports what failed): index.html's inline script's,
 * or compiled here where that script did not run (a CSP that refused it).
 * @type {Promise<WebAssembly.Module | null>}
 */
const wasmModule = self.ledeBoot?.wasm ?? compileWasm(new URL('./pkg/lede_bg.wasm', import.meta.url).href).catch(() => null);

const $ = (id) => document.getElementById(id);
const doc = $('doc');
const message = $('message');
const progress = $('progress');
const bar = $('bar');
const progressLabel = $('progress-label');
const tip = $('tip');

const HAS_HIGHLIGHTS = highlightsSupported();
const DRAFT_KEY = 'lede.draft';
const KINDS_KEY = 'lede.kinds';
const THEME_KEY = 'lede.theme';
const LIST_LIMIT = 400; // items rendered per side list; counts stay exact
const SLICE = 20000; // ranges built per task, so huge results never block the page long
const PROGRESS_AFTER_MS = 200;
/** Longer texts are shown read-only, in chunks the browser lays out only when on screen. */
const LARGE = 1_000_000;
/** Texts up to this length are analysed on this thread while the worker is still starting (cold start). */
const EARLY_MAX = 16384;
const CHUNK = 8192;

let intl = null; // made on first need only: creating an Intl.NumberFormat costs tens of ms at start-up

/**
 * `v` in en-US style with at most 6 decimals ("48,200,000", "0.25",
 * "-1,234.5"): exactly what `Intl.NumberFormat('en-US', {maximumFractionDigits: 6})`
 * prints (the shortest decimal of `v`, rounded half away from zero), without
 * its start-up cost (26–42 ms here on the first call, on the cold-start path
 * before). Exponents above 20 and non-finite values go to Intl itself.
 */
export function formatNumber(v) {
  if (!Number.isFinite(v) || Object.is(v, -0) || Math.abs(v) >= 1e21) {
    intl ??= new Intl.NumberFormat('en-US', { maximumFractionDigits: 6 });
    return intl.format(v);
  }
  let s = String(Math.abs(v)); // the shortest decimal that reads back as v
  const e = s.indexOf('e'); // only "e-" here: 1.5e-7 → 0.00000015
  if (e >= 0) s = `0.${'0'.repeat(Number(s.slice(e + 2)) - 1)}${s.slice(0, e).replace('.', '')}`;
  let [int, frac = ''] = s.split('.');
  if (frac.length > 6) {
    const up = frac[6] >= '5';
    frac = frac.slice(0, 6);
    if (up) {
      const digits = (int + frac).split('');
      let i = digits.length - 1;
      for (; i >= 0 && digits[i] === '9'; i--) digits[i] = '0';
      if (i >= 0) digits[i] = String(Number(digits[i]) + 1);
      else digits.unshift('1');
      int = digits.slice(0, digits.length - 6).join('');
      frac = digits.slice(-6).join('');
    }
  }
  frac = frac.replace(/0+$/, '');
  return `${v < 0 ? '-' : ''}${int.replace(/\B(?=(\d{3})+$)/g, ',')}${frac ? `.${frac}` : ''}`;
}

const LABEL_NAMES = { PER: 'People', ORG: 'Organisations', LOC: 'Places', MISC: 'Other names' };

/** The page state. `items` are spans with their ranges, in text order. */
const state = {
  revision: 0, // bumped on every edit; results for older revisions are dropped
  text: '',
  spans: [],
  items: [], // {span, range, speakerRange, cueRange}
  kinds: new Set(loadKinds()),
  cursor: -1, // j/k position in visible items
  painting: 0, // token of the current paint job
  worker: null,
  ready: false,
  progressTimer: 0,
  pending: null, // id of the analysis in flight
  byKind: { quote: [], number: [], entity: [] }, // sorted by start, for hit-testing
  segmentIndex: new Map(),
  segments: [],
  large: null, // {text, segments, chunks, visible:Set} in large-text mode
};

// The worker is started once the first highlights are on screen (render), or
// at once when there is no short first text to analyse here: a worker's
// start-up (thread, isolate, glue, instance) competes for the CPU with the
// cold start's own work on the main thread, and a short text does not need it.

// ---------------------------------------------------------------- small DOM helpers

/** Builds an element; string children become text nodes (never markup). */
function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v == null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c != null && c !== false) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

function say(text, isError = false) {
  message.textContent = text;
  message.className = isError ? 'error' : '';
}

function clip(s, n) {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

const yieldToPage = () => new Promise((r) => setTimeout(r, 0));

/** Resolves after the next frame is rendered (or after 100 ms where no frames come, as in a hidden tab). */
function afterNextFrame() {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 100);
    requestAnimationFrame(() => {
      const c = new MessageChannel();
      c.port1.onmessage = () => {
        clearTimeout(timer);
        resolve();
      };
      c.port2.postMessage(0);
    });
  });
}

// ---------------------------------------------------------------- theme

const THEMES = ['auto', 'light', 'dark'];
function applyTheme(theme) {
  if (theme === 'auto') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
  $('theme').textContent = `Theme: ${theme}`;
}
let theme = safeGet(THEME_KEY) || 'auto';
if (!THEMES.includes(theme)) theme = 'auto';
applyTheme(theme);
$('theme').addEventListener('click', () => {
  theme = THEMES[(THEMES.indexOf(theme) + 1) % THEMES.length];
  applyTheme(theme);
  safeSet(THEME_KEY, theme);
});

function safeGet(key) {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}
function safeSet(key, value) {
  try {
    if (value == null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
    return true;
  } catch {
    return false;
  }
}

function loadKinds() {
  try {
    const k = JSON.parse(safeGet(KINDS_KEY) || 'null');
    if (Array.isArray(k)) return k.filter((x) => KINDS.includes(x));
  } catch {
    /* fall through */
  }
  return KINDS;
}

// ---------------------------------------------------------------- the worker

/** Starts the worker if it is not running yet. */
function ensureWorker() {
  if (!state.worker) startWorker();
}

function startWorker() {
  state.ready = false;
  const w = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  wasmModule.then((module) => w.postMessage({ type: 'module', module }));
  w.onmessage = ({ data }) => onWorkerMessage(w, data);
  w.onerror = (e) => {
    e.preventDefault();
    say(`The analyser could not start: ${e.message || 'unknown error'}`, true);
  };
  state.worker = w;
}

function onWorkerMessage(w, data) {
  if (w !== state.worker) return;
  switch (data.type) {
    case 'ready':
      state.ready = true;
      earlyEngine = null; // from now on the worker does all the analysis
      earlyNow = null;
      markWorker(data.timings);
      $('version').textContent = data.version ? `v${data.version}` : '';
      break;
    case 'progress':
      if (data.id !== state.pending) return;
      bar.max = data.total;
      bar.value = data.done;
      progressLabel.textContent = `Analysing… ${Math.round((100 * data.done) / data.total)}%`;
      break;
    case 'result':
      if (data.id !== state.pending) return;
      endProgress();
      if (data.id === state.revision) {
        if (!firstShown && data.spans.length) performance.mark('lede:result', { detail: { analyseMs: data.ms } });
        render(data.spans);
      }
      break;
    case 'trap':
      if (data.id !== state.pending) return;
      endProgress();
      // The worker has logged it (input size only) and re-instantiated its wasm. Keep the text.
      resetHighlights();
      say('The analyser stopped on this text and was restarted. Your text is kept; edit it to try again.', true);
      idle();
      document.body.dataset.trap = String(Number(document.body.dataset.trap || 0) + 1);
      break;
    case 'error':
      if (data.id != null && data.id !== state.pending) return;
      endProgress();
      say(`Analysis failed: ${data.message}`, true);
      idle();
      break;
  }
}

/** The worker's steps as marks on this page's timeline (its times are epoch ms). */
function markWorker(timings) {
  if (!timings || performance.getEntriesByName('lede:worker-ready').length) return;
  const names = { started: 'lede:worker-started', module: 'lede:worker-module', ready: 'lede:worker-ready' };
  for (const [k, name] of Object.entries(names)) {
    if (timings[k]) performance.mark(name, { startTime: Math.max(0, timings[k] - performance.timeOrigin) });
  }
}

/** The first highlights on screen: marked once, at the end of the frame that shows them. */
let firstShown = false;
/** @type {Array<() => void> | null} work held back until the first highlights are on screen */
let deferred = [];
function markFirstHighlight() {
  if (firstShown || !state.items.length) return;
  firstShown = true;
  performance.mark('lede:painted');
  requestAnimationFrame(() => {
    const c = new MessageChannel();
    c.port1.onmessage = () => {
      performance.mark('lede:first-highlight');
      performance.measure('lede:cold-start', { start: 0, end: 'lede:first-highlight' });
      runDeferred();
    };
    c.port2.postMessage(0);
  });
}

/** Runs `fn` once the first highlights are on screen (at once after that; after 2 s at the latest). */
function afterFirstHighlight(fn) {
  if (!deferred) return fn();
  deferred.push(fn);
  if (deferred.length === 1) setTimeout(runDeferred, 2000); // a text with nothing to highlight
}

function runDeferred() {
  const list = deferred;
  deferred = null;
  for (const fn of list ?? []) fn();
}

function analyse() {
  const text = currentText();
  state.text = text;
  // The first write to localStorage costs milliseconds: the start-up text (the example, a restored
  // draft) is saved once its first highlights are on screen; typing is saved at once.
  if (firstShown || state.revision > 1) saveDraft(text);
  else afterFirstHighlight(() => state.text === text && saveDraft(text));
  if (!text.trim()) {
    state.pending = null;
    endProgress();
    resetHighlights();
    render([]);
    say('');
    return;
  }
  const id = state.revision;
  state.pending = id;
  document.body.dataset.analysing = 'true';
  clearTimeout(state.progressTimer);
  state.progressTimer = setTimeout(() => {
    if (state.pending !== id) return;
    bar.removeAttribute('value'); // indeterminate until the worker reports pieces
    progressLabel.textContent = 'Analysing…';
    progress.hidden = false;
  }, PROGRESS_AFTER_MS);
  if (!firstShown) performance.mark('lede:sent');
  if (!state.ready && text.length <= EARLY_MAX) analyseEarly(id, text);
  else toWorker(id, text);
}

function toWorker(id, text) {
  ensureWorker();
  state.worker.postMessage({ type: 'analyze', id, text });
}

/**
 * Cold start: until the worker is ready (its thread and module take a while
 * to start), a short text is analysed here, as soon as the wasm is compiled
 * — a bounded one-off (EARLY_MAX) on a page with nothing else to do yet, and
 * the same compiled module (no second download or compilation). Where this
 * cannot be done (no module, a trap) the worker gets the text instead.
 *
 * The very first analysis reads only the lines on screen (up to the line
 * break after the editor's last visible line; see visibleEnd): the wasm's
 * first call runs baseline-compiled code, whose cost grows with the text, so
 * the highlights the reader sees come sooner. The whole text is analysed
 * right after that frame, and its spans replace the first ones.
 */
let earlyEngine = null;
/**
 * That engine once it is ready, for an analysis in the caller's task: with the
 * glue index.html's script instantiated (self.ledeBoot.instance) the start-up
 * text is analysed and painted in the task that shows it, so the page is laid
 * out and painted once, with its highlights (awaiting the engine, as before,
 * let the browser draw the page without them first: 6-18 ms later, median of
 * paired fresh-context runs).
 * @type {Engine | null}
 */
let earlyNow = null;

/**
 * The main thread's engine for analyseEarly: the glue index.html's script
 * instantiated (at once when it has), or else one instantiated here once the
 * wasm is compiled.
 */
function startEarlyEngine() {
  if (earlyEngine) return earlyEngine;
  const boot = self.ledeBoot;
  const fromBoot = ({ module, glue }) => (earlyNow = new Engine(new URL('./pkg/lede.js', import.meta.url).href, module, glue));
  if (boot?.module && !boot.instance) {
    // Compiled, but the inline script's import of the glue comes after this task: instantiate here.
    try {
      lede.initSync({ module: boot.module });
      performance.mark('lede:instantiated');
      boot.instance = { module: boot.module, glue: lede };
    } catch {
      /* the async path below tries again, and reports */
    }
  }
  if (boot?.instance) return (earlyEngine = Promise.resolve(fromBoot(boot.instance)));
  earlyEngine = Promise.resolve(boot?.ready)
    .then((instance) => (instance ? fromBoot(instance) : wasmModule.then((module) => (module ? createEngine({ module }) : null))))
    .then((engine) => {
      if (engine && !firstShown && !performance.getEntriesByName('lede:instantiated').length) performance.mark('lede:instantiated');
      earlyNow = engine;
      return engine;
    })
    .catch(() => null);
  return earlyEngine;
}

function analyseEarly(id, text) {
  if (earlyNow?.live) analyseEarlyWith(earlyNow, id, text, false);
  else startEarlyEngine().then((engine) => analyseEarlyWith(engine, id, text, true));
}

/** analyseEarly with `engine` (null: none could be made); `awaited`: not in the task that sent the text. */
async function analyseEarlyWith(engine, id, text, awaited) {
  if (state.pending !== id || id !== state.revision) return;
  if (!engine) return toWorker(id, text);
  const cut = firstShown ? text.length : visibleEnd(text);
  let spans;
  const t0 = performance.now();
  try {
    spans = engine.analyze(cut < text.length ? text.slice(0, cut) : text);
  } catch {
    return toWorker(id, text); // a trap (logged by the engine, size only): the worker tries, and reports
  }
  if (state.pending !== id) return;
  if (!firstShown && spans.length) performance.mark('lede:result', { detail: { analyseMs: performance.now() - t0, thread: 'main', chars: cut, sameTask: engine === earlyNow && !awaited } });
  if (cut < text.length) {
    if (!(await render(spans, { partial: true }))) return; // edited meanwhile: that revision's own analysis follows
    if (state.pending !== id || id !== state.revision) return;
    try {
      spans = engine.analyze(text);
    } catch {
      return toWorker(id, text);
    }
  }
  endProgress();
  render(spans);
}

/**
 * Where the first analysis of `text` (the editor's text) may stop: after the
 * line the editor shows at the bottom of its box, or the whole text when that
 * is most of it. Reads the layout, which the frame showing the text needs
 * anyway.
 */
function visibleEnd(text) {
  if (state.large || typeof document.caretPositionFromPoint !== 'function') return text.length;
  const box = doc.getBoundingClientRect();
  const bottom = Math.min(box.bottom, window.innerHeight) - 8;
  if (!(bottom > box.top)) return text.length;
  const at = document.caretPositionFromPoint(box.left + 24, bottom);
  if (!at || !doc.contains(at.offsetNode)) return text.length;
  const pos = offsetOf(collectText(doc).segments, at.offsetNode, at.offset);
  if (pos < 0) return text.length;
  const br = text.indexOf('\n', pos);
  return br < 0 || br > text.length * 0.75 ? text.length : br;
}

function idle() {
  delete document.body.dataset.busy;
}

function endProgress() {
  clearTimeout(state.progressTimer);
  progress.hidden = true;
  state.pending = null;
  delete document.body.dataset.analysing;
}

$('cancel').addEventListener('click', () => {
  // The wasm call cannot be interrupted from outside: end the worker, start a fresh one.
  state.worker?.terminate();
  startWorker();
  endProgress();
  say('Analysis cancelled. Edit the text to analyse it again.');
  idle();
});

function saveDraft(text) {
  if (text.length > 4_000_000) {
    safeSet(DRAFT_KEY, null);
    return;
  }
  if (!safeSet(DRAFT_KEY, text)) say('This text is too large to keep as a draft; it will not survive a reload.');
}

// ---------------------------------------------------------------- editing

let debounce = 0;
function edited(delay = 250) {
  state.revision += 1;
  document.body.dataset.busy = 'true'; // until this revision is painted (tests and styles wait on it)
  state.painting += 1; // stop a paint in progress: its offsets are stale
  clearTimeout(debounce);
  debounce = setTimeout(analyse, delay);
}

/** Replaces the whole editor content with `text`, as one text node. */
function setText(text) {
  if (text.length > LARGE) return setLargeText(text);
  leaveLarge();
  unmark(doc);
  doc.replaceChildren();
  if (text) doc.append(document.createTextNode(text));
  edited(0);
}

/** The text being analysed: the editor's, or the large text's. */
function currentText() {
  return state.large ? state.large.text : collectText(doc).text;
}

/**
 * Large-text mode: the text is cut at line breaks into chunks of about CHUNK
 * characters, one text node each, and the editor becomes read-only. With
 * `content-visibility: auto` the browser lays out only the chunks on screen,
 * and only their highlights are made (see paintLarge), so a 10 MB paste
 * stays usable. The segments are built here, offsets equal to the text's.
 */
function setLargeText(text) {
  leaveLarge();
  unmark(doc);
  const chunks = [];
  const segments = [];
  for (let at = 0; at < text.length; ) {
    let cut = text.indexOf('\n', at + CHUNK);
    cut = cut < 0 ? text.length : cut + 1;
    const node = document.createTextNode(text.slice(at, cut));
    const div = h('div', { class: 'chunk', dataset: { chunk: chunks.length } }, node);
    chunks.push(div);
    segments.push({ node, start: at, end: cut });
    at = cut;
  }
  doc.contentEditable = 'false';
  doc.classList.add('large');
  doc.setAttribute('aria-readonly', 'true');
  doc.replaceChildren(...chunks);
  const visible = new Set();
  const io = new IntersectionObserver((entries) => {
    for (const e of entries) {
      const i = Number(e.target.dataset.chunk);
      if (e.isIntersecting) visible.add(i);
      else visible.delete(i);
    }
    schedulePaintLarge();
  }, { root: doc, rootMargin: '50% 0px' });
  for (const c of chunks) io.observe(c);
  state.large = { text, segments, chunks, visible, io };
  say(`Large text (${(text.length / 1e6).toFixed(1)} million characters): shown read-only. Clear to start again.`);
  edited(0);
}

function leaveLarge() {
  if (!state.large) return;
  state.large.io.disconnect();
  state.large = null;
  doc.contentEditable = 'plaintext-only';
  doc.classList.remove('large');
  doc.removeAttribute('aria-readonly');
}

/** Inserts plain text at the caret (or replaces the selection); never markup. */
function insertPlainText(text) {
  text = text.replace(/\r\n?/g, '\n');
  const sel = document.getSelection();
  if (!sel || !sel.rangeCount || !doc.contains(sel.getRangeAt(0).commonAncestorContainer)) {
    setText(currentText() + text);
    return;
  }
  const before = collectText(doc).text;
  if (before.length + text.length > LARGE) {
    // Too large to edit in place: splice it into the text and switch to large-text mode.
    const r = sel.getRangeAt(0);
    const { segments } = collectText(doc);
    const a = Math.max(0, offsetOf(segments, r.startContainer, r.startOffset));
    const b = Math.max(a, offsetOf(segments, r.endContainer, r.endOffset));
    setText(before.slice(0, a) + text + before.slice(b));
    return;
  }
  if (!HAS_HIGHLIGHTS) unmarkKeepingCaret();
  const r = sel.getRangeAt(0);
  r.deleteContents();
  const node = document.createTextNode(text);
  r.insertNode(node);
  // Keep the caret after the insertion across normalize(), which merges nodes.
  const { segments } = collectText(doc);
  const caret = offsetOf(segments, node, node.length);
  doc.normalize();
  setCaret(caret);
  edited(0);
}

function setCaret(offset) {
  const { segments } = collectText(doc);
  const sel = document.getSelection();
  if (!sel || offset < 0) return;
  let seg = segments.find((s) => offset >= s.start && offset <= s.end) || segments[segments.length - 1];
  if (!seg) return;
  const r = document.createRange();
  r.setStart(seg.node, Math.min(offset - seg.start, seg.node.length));
  r.collapse(true);
  sel.removeAllRanges();
  sel.addRange(r);
}

function unmarkKeepingCaret() {
  if (!doc.querySelector('mark.lede-mark')) return;
  const sel = document.getSelection();
  let caret = -1;
  if (sel && sel.rangeCount && doc.contains(sel.anchorNode)) {
    const { segments } = collectText(doc);
    caret = offsetOf(segments, sel.anchorNode, sel.anchorOffset);
  }
  unmark(doc);
  if (caret >= 0) setCaret(caret);
}

doc.addEventListener('paste', (e) => {
  e.preventDefault();
  // Only the plain-text flavour is read: pasted HTML never becomes markup.
  const text = e.clipboardData ? e.clipboardData.getData('text/plain') : '';
  if (text) insertPlainText(text);
});
doc.addEventListener('drop', (e) => {
  e.preventDefault();
  const text = e.dataTransfer ? e.dataTransfer.getData('text/plain') : '';
  if (text) insertPlainText(text);
});
doc.addEventListener('beforeinput', (e) => {
  if (!HAS_HIGHLIGHTS) unmarkKeepingCaret();
  // Rich formatting commands make no sense in a plain-text box.
  if (e.inputType.startsWith('format')) e.preventDefault();
});
doc.addEventListener('input', () => {
  // A browser without plaintext-only may still have added elements: flatten them to text.
  if (doc.querySelector(':scope *:not(br):not(div):not(p):not(mark.lede-mark)')) {
    const t = collectText(doc).text;
    doc.replaceChildren(document.createTextNode(t));
  }
  edited();
});

function showExample() {
  setText(EXAMPLE);
  // (Not on a fresh editor, at start-up: scrollTop forces a layout before the first frame.)
  if (firstShown || state.revision > 1) doc.scrollTop = 0;
  say('Loaded the example: a fictional story written for lede.');
}
$('example').addEventListener('click', showExample);
$('clear').addEventListener('click', () => {
  setText('');
  doc.focus();
});

// ---------------------------------------------------------------- rendering

function resetHighlights() {
  state.items = [];
  state.byKind = { quote: [], number: [], entity: [] };
  state.cursor = -1;
  if (HAS_HIGHLIGHTS) clear();
  else unmarkKeepingCaret();
}

/**
 * Maps spans to ranges (in slices), paints them and fills the side lists.
 * `partial`: spans of the first lines only (cold start, analyseEarly): painted,
 * but no lists and no worker yet. Resolves to false when an edit or a newer
 * render made this one stale.
 */
async function render(spans, { partial = false } = {}) {
  const token = ++state.painting;
  const revision = state.revision;
  state.spans = spans;
  const { segments } = state.large ?? collectText(doc);
  state.segments = segments;
  state.segmentIndex = new Map(segments.map((s) => [s.node, s]));
  const items = [];
  for (let i = 0; i < spans.length; i += SLICE) {
    if (i > 0) {
      await yieldToPage();
      if (token !== state.painting || revision !== state.revision) return false;
    }
    const slice = spans.slice(i, i + SLICE).map((span) => ({ span }));
    if (!state.large) mapItems(slice); // large texts map only what is on screen
    for (const it of slice) items.push(it);
  }
  state.items = items;
  state.byKind = { quote: [], number: [], entity: [] };
  for (const it of items) state.byKind[it.span.kind]?.push(it);
  state.cursor = -1;
  repaint();
  markFirstHighlight();
  // The highlights go on screen first; the side lists are built after that frame.
  await afterNextFrame();
  if (partial) return token === state.painting && revision === state.revision;
  ensureWorker(); // the first text is on screen: the worker may start now (see the top of this file)
  if (token !== state.painting || revision !== state.revision) return false;
  renderLists();
  const n = spans.length;
  const large = state.large ? ` Large text (${(state.text.length / 1e6).toFixed(1)} million characters): read-only; Clear to start again.` : '';
  if (n) say(`Found ${plural(countOf('quote'), 'quote')}, ${plural(countOf('number'), 'figure')} and ${plural(countOf('entity'), 'name')}.${large}`);
  else if (state.text.trim()) say('Nothing found in this text.');
  if (revision === state.revision) idle();
  return true;
}

function plural(n, word) {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * An item with its DOM ranges (`range`, `speakerRange`, `cueRange`). Cached on
 * the item for the editor; made afresh in large-text mode, where only the
 * ranges on screen should exist.
 */
function mapItem(it) {
  if (it.range !== undefined) return it;
  const s = it.span;
  const seg = state.segments;
  const m = { span: s, range: rangeFor(seg, s.start, s.end) };
  if (s.kind === 'quote') {
    if (s.speaker) m.speakerRange = rangeFor(seg, s.speaker.start, s.speaker.end);
    if (s.cue) m.cueRange = rangeFor(seg, s.cue.start, s.cue.end);
  }
  if (!state.large) Object.assign(it, m);
  return m;
}

/**
 * `mapItem` for many items of the editor at once: their spans, speakers and
 * cues go to dom.js's `rangesFor` in one call, which finds the sorted spans'
 * text nodes in one forward pass.
 */
function mapItems(items) {
  const wanted = [];
  for (const it of items) {
    const s = it.span;
    wanted.push(s);
    if (s.kind === 'quote') {
      if (s.speaker) wanted.push(s.speaker);
      if (s.cue) wanted.push(s.cue);
    }
  }
  const ranges = rangesFor(state.segments, wanted);
  let k = 0;
  for (const it of items) {
    const s = it.span;
    it.range = ranges[k++];
    if (s.kind === 'quote') {
      if (s.speaker) it.speakerRange = ranges[k++];
      if (s.cue) it.cueRange = ranges[k++];
    }
  }
}

/** Index of the first item whose span starts at or after `pos`. */
function firstFrom(items, pos) {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (items[mid].span.start < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

let largeFrame = 0;
function schedulePaintLarge() {
  if (!largeFrame) largeFrame = requestAnimationFrame(() => ((largeFrame = 0), paintLarge()));
}

/** Large-text mode: paints the spans of the chunks on (or near) the screen only. */
function paintLarge() {
  if (!state.large || !HAS_HIGHLIGHTS) return;
  const { segments, visible } = state.large;
  const list = [];
  for (const i of visible) {
    const seg = segments[i];
    for (let k = firstFrom(state.items, seg.start); k < state.items.length && state.items[k].span.start < seg.end; k++) {
      const m = mapItem(state.items[k]);
      list.push(m);
      if (m.speakerRange) list.push({ span: { kind: 'speaker' }, range: m.speakerRange });
      if (m.cueRange) list.push({ span: { kind: 'cue' }, range: m.cueRange });
    }
  }
  paint(list, { kinds: state.kinds });
}

function countOf(kind) {
  return state.byKind[kind]?.length ?? 0;
}

/** Paints the current items for the enabled kinds. */
function repaint() {
  const counts = Object.fromEntries(KINDS.map((k) => [k, 0]));
  for (const it of state.items) counts[kindOf(highlightName(it.span))] += 1;
  for (const label of document.querySelectorAll('.toggle')) {
    label.querySelector('.count').textContent = String(counts[label.dataset.kind] ?? 0);
    label.querySelector('input').checked = state.kinds.has(label.dataset.kind);
  }
  if (state.large) {
    if (HAS_HIGHLIGHTS) paintLarge();
  } else if (HAS_HIGHLIGHTS) {
    const list = [];
    for (const it of state.items) {
      list.push(it);
      if (it.speakerRange) list.push({ span: { kind: 'speaker' }, range: it.speakerRange });
      if (it.cueRange) list.push({ span: { kind: 'cue' }, range: it.cueRange });
    }
    paint(list, { kinds: state.kinds });
  } else {
    unmarkKeepingCaret();
    const { segments } = collectText(doc);
    const extra = [];
    for (const s of state.spans) {
      if (s.kind !== 'quote') continue;
      if (s.speaker) extra.push({ name: 'lede-speaker', start: s.speaker.start, end: s.speaker.end });
      if (s.cue) extra.push({ name: 'lede-cue', start: s.cue.start, end: s.cue.end });
    }
    const caret = caretOffset();
    markUp(segments, state.spans, { kinds: state.kinds, extra });
    if (caret >= 0) setCaret(caret);
  }
}

function caretOffset() {
  const sel = document.getSelection();
  if (!sel || !sel.rangeCount || !doc.contains(sel.anchorNode) || document.activeElement !== doc) return -1;
  const { segments } = collectText(doc);
  return offsetOf(segments, sel.anchorNode, sel.anchorOffset);
}

for (const label of document.querySelectorAll('.toggle')) {
  label.querySelector('input').addEventListener('change', (e) => {
    if (e.target.checked) state.kinds.add(label.dataset.kind);
    else state.kinds.delete(label.dataset.kind);
    safeSet(KINDS_KEY, JSON.stringify([...state.kinds]));
    state.cursor = -1;
    repaint();
  });
}

// ---------------------------------------------------------------- side lists

function renderLists() {
  renderQuotes();
  renderFigures();
  renderEntities();
}

function speakerKey(s) {
  return s.speakerName || (s.speaker ? s.speaker.text : null);
}

function describeQuote(s) {
  const parts = [];
  const who = speakerKey(s);
  if (who) {
    parts.push(`Speaker: ${who}`);
    if (s.speaker && s.speaker.text !== who) parts.push(`written “${s.speaker.text}”`);
  } else parts.push('No speaker found');
  if (s.cue) parts.push(`cue: “${s.cue.text}”`);
  return parts.join(' · ');
}

function renderQuotes() {
  const box = $('quotes');
  const quotes = state.byKind.quote;
  $('quotes-count').textContent = String(quotes.length);
  const groups = new Map();
  for (const it of quotes) {
    const key = speakerKey(it.span) ?? '';
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(it);
  }
  const ordered = [...groups.entries()].sort((a, b) => (a[0] === '') - (b[0] === '') || b[1].length - a[1].length || a[1][0].span.start - b[1][0].span.start);
  const out = [];
  let shown = 0;
  for (const [key, list] of ordered) {
    if (shown >= LIST_LIMIT) break;
    const ol = h('ol');
    for (const it of list) {
      if (shown++ >= LIST_LIMIT) break;
      const s = it.span;
      const meta = [s.speaker ? s.speaker.text : null, s.cue ? s.cue.text : null].filter(Boolean).join(' · ');
      ol.append(
        h('li', {},
          h('button', { type: 'button', class: 'item', title: describeQuote(s), 'aria-description': describeQuote(s), dataset: { start: s.start } },
            h('span', { class: 'q' }, clip(s.text, 180)),
            meta ? h('span', { class: 'meta' }, meta) : null)),
      );
      wire(ol.lastChild.firstChild, () => quoteRanges(mapItem(it)), () => [it]);
    }
    out.push(h('details', { open: true, dataset: { speaker: key } },
      h('summary', {}, key || 'Speaker not found', h('span', { class: 'count' }, String(list.length))), ol));
  }
  if (quotes.length > shown) out.push(h('p', { class: 'more' }, `… and ${quotes.length - shown} more`));
  if (!quotes.length) out.push(h('p', { class: 'empty' }, 'No quotes yet.'));
  box.replaceChildren(...out);
}

function quoteRanges(it) {
  return [it.range, it.speakerRange, it.cueRange].filter(Boolean);
}

/** "48,200,000 USD", "30–60 centimeter", "2024-10" … */
export function formatFigure(s) {
  const unit = s.unit ? ` ${s.unit}` : '';
  if (s.range && (s.range.min != null || s.range.max != null)) {
    const a = s.range.min != null ? formatNumber(s.range.min) : '…';
    const b = s.range.max != null ? formatNumber(s.range.max) : '…';
    return `${a}–${b}${unit}`;
  }
  if (s.iso) return s.iso;
  if (s.value == null) return s.unit || '—';
  return `${formatNumber(s.value)}${unit}`;
}

let figureSort = 'position';
$('figure-sort').addEventListener('change', (e) => {
  figureSort = e.target.value;
  renderFigures();
});

function renderFigures() {
  const list = [...state.byKind.number];
  $('figures-count').textContent = String(list.length);
  if (figureSort === 'kind') list.sort((a, b) => a.span.numberKind.localeCompare(b.span.numberKind) || a.span.start - b.span.start);
  const out = [];
  for (const it of list.slice(0, LIST_LIMIT)) {
    const s = it.span;
    const li = h('li', {},
      h('button', { type: 'button', class: 'item fig', dataset: { start: s.start, value: s.value ?? '' } },
        h('span', { class: 'text' }, clip(s.text, 60)),
        h('span', { class: 'arrow', 'aria-hidden': 'true' }, '→'),
        h('span', { class: 'value' }, formatFigure(s)),
        h('span', { class: 'tag' }, s.numberKind)));
    wire(li.firstChild, () => [mapItem(it).range].filter(Boolean), () => [it]);
    out.push(li);
  }
  if (list.length > LIST_LIMIT) out.push(h('li', { class: 'more' }, `… and ${list.length - LIST_LIMIT} more (all are in the CSV)`));
  if (!list.length) out.push(h('li', { class: 'empty' }, 'No figures yet.'));
  $('figures').replaceChildren(...out);
}

function csvCell(v) {
  if (v == null) return '';
  let s = String(v);
  // Spreadsheet formula injection: a text cell must not start a formula.
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function figuresCsv(spans) {
  const rows = [['text', 'kind', 'value', 'unit', 'min', 'max', 'iso', 'start', 'end']];
  for (const s of spans) {
    if (s.kind !== 'number') continue;
    rows.push([s.text, s.numberKind, s.value, s.unit, s.range?.min, s.range?.max, s.iso, s.start, s.end]);
  }
  return rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

$('export').addEventListener('click', () => {
  const blob = new Blob([figuresCsv(state.spans)], { type: 'text/csv;charset=utf-8' });
  const a = h('a', { href: URL.createObjectURL(blob), download: 'lede-figures.csv' });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
});

function renderEntities() {
  const ents = state.byKind.entity;
  const groups = new Map();
  for (const it of ents) {
    const g = it.span.group;
    if (!groups.has(g)) groups.set(g, []);
    groups.get(g).push(it);
  }
  $('entities-count').textContent = String(groups.size);
  const byLabel = { PER: [], ORG: [], LOC: [], MISC: [] };
  for (const [g, list] of groups) {
    const tally = {};
    let name = list[0].span.text;
    for (const it of list) {
      tally[it.span.label] = (tally[it.span.label] || 0) + 1;
      if (it.span.text.length > name.length) name = it.span.text;
    }
    const label = Object.entries(tally).sort((a, b) => b[1] - a[1])[0][0];
    (byLabel[label] || byLabel.MISC).push({ g, list, name, label });
  }
  const out = [];
  let shown = 0;
  for (const label of ['PER', 'ORG', 'LOC', 'MISC']) {
    const rows = byLabel[label].sort((a, b) => b.list.length - a.list.length || a.list[0].span.start - b.list[0].span.start);
    if (!rows.length) continue;
    const ul = h('ul');
    for (const row of rows) {
      if (shown++ >= LIST_LIMIT) break;
      const li = h('li', {},
        h('button', { type: 'button', class: 'item ent', title: `${row.list.length} mention${row.list.length === 1 ? '' : 's'}; click to step through them`, dataset: { group: row.g, label } },
          h('span', { class: `swatch ${label}`, 'aria-hidden': 'true' }),
          h('span', { class: 'name' }, clip(row.name, 60)),
          h('span', { class: 'count' }, String(row.list.length))));
      wire(li.firstChild, () => row.list.slice(0, 2000).map((it) => mapItem(it).range).filter(Boolean), () => row.list);
      ul.append(li);
    }
    out.push(h('section', {}, h('h3', { class: 'sub' }, LABEL_NAMES[label]), ul));
  }
  if (groups.size > shown) out.push(h('p', { class: 'more' }, `… and ${groups.size - shown} more`));
  if (!groups.size) out.push(h('p', { class: 'empty' }, 'No names yet.'));
  $('entities').replaceChildren(...out);
}

/**
 * Hover/focus on a list item highlights its ranges (all mentions of a name,
 * a quote with its speaker and cue); a click scrolls to the next one and flashes it.
 */
function wire(button, ranges, targets) {
  let step = 0;
  const on = () => paintHover(ranges());
  const off = () => paintHover([]);
  button.addEventListener('mouseenter', on);
  button.addEventListener('focus', on);
  button.addEventListener('mouseleave', off);
  button.addEventListener('blur', off);
  button.addEventListener('click', () => {
    const list = targets();
    if (!list.length) return;
    const it = list[step % list.length];
    step += 1;
    goTo(it);
  });
}

function paintHover(ranges) {
  if (HAS_HIGHLIGHTS) paintTransient('lede-hover', ranges);
}

// ---------------------------------------------------------------- navigation

let flashTimer = 0;
function goTo(item) {
  const it = item && mapItem(item);
  if (!it || !it.range) return;
  scrollToRange(it.range);
  clearTimeout(flashTimer);
  if (HAS_HIGHLIGHTS) {
    paintTransient('lede-focus', [it.range]);
    flashTimer = setTimeout(() => paintTransient('lede-focus', []), 1400);
  } else {
    const marks = doc.querySelectorAll(`mark.lede-mark[data-lede-start="${Number(it.span.start)}"]`);
    for (const m of marks) m.classList.add('flash');
    flashTimer = setTimeout(() => marks.forEach((m) => m.classList.remove('flash')), 1400);
  }
  document.body.dataset.focus = `${it.span.start}-${it.span.end}`;
  say(describe(it.span));
}

function describe(s) {
  if (s.kind === 'quote') return `Quote: ${clip(s.text, 80)} — ${describeQuote(s)}`;
  if (s.kind === 'number') return `Figure: ${s.text} → ${formatFigure(s)} (${s.numberKind})`;
  return `${LABEL_NAMES[s.label] ?? s.label}: ${s.text}`;
}

function scrollToRange(range) {
  const rect = range.getBoundingClientRect();
  const box = doc.getBoundingClientRect();
  if (doc.scrollHeight > doc.clientHeight && (rect.top < box.top || rect.bottom > box.bottom)) {
    doc.scrollTop += rect.top - box.top - doc.clientHeight / 3;
  }
  const r2 = range.getBoundingClientRect();
  if (r2.top < 0 || r2.bottom > window.innerHeight) window.scrollBy({ top: r2.top - window.innerHeight / 3 });
}

function visibleItems() {
  return state.items.filter((it) => enabled(highlightName(it.span), state.kinds));
}

document.addEventListener('keydown', (e) => {
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
  const t = e.target;
  if (t instanceof HTMLElement && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
  if (e.key !== 'j' && e.key !== 'k') return;
  const list = visibleItems();
  if (!list.length) return;
  e.preventDefault();
  state.cursor = e.key === 'j' ? (state.cursor + 1) % list.length : (state.cursor - 1 + list.length) % list.length;
  goTo(list[state.cursor]);
});

// ---------------------------------------------------------------- hover tooltip in the text

/** The innermost spans of each kind containing text offset `pos`. */
function spansAt(pos) {
  const found = [];
  for (const kind of ['quote', 'number', 'entity']) {
    const list = state.byKind[kind];
    let lo = 0;
    let hi = list.length - 1;
    let best = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].span.start <= pos) (best = mid), (lo = mid + 1);
      else hi = mid - 1;
    }
    // Quotes may nest inside long quotes: look back a little.
    for (let i = best; i >= 0 && i > best - 8; i--) {
      const s = list[i].span;
      if (s.start <= pos && pos < s.end && enabled(highlightName(s), state.kinds)) {
        found.push(s);
        break;
      }
    }
  }
  return found;
}

let tipFrame = 0;
doc.addEventListener('mousemove', (e) => {
  if (tipFrame) return;
  tipFrame = requestAnimationFrame(() => {
    tipFrame = 0;
    showTip(e.clientX, e.clientY);
  });
});
doc.addEventListener('mouseleave', () => {
  tip.hidden = true;
});

function showTip(x, y) {
  if (!state.items.length) return;
  let node = null;
  let offset = 0;
  if (document.caretPositionFromPoint) {
    const p = document.caretPositionFromPoint(x, y);
    if (p) (node = p.offsetNode), (offset = p.offset);
  } else if (document.caretRangeFromPoint) {
    const r = document.caretRangeFromPoint(x, y);
    if (r) (node = r.startContainer), (offset = r.startOffset);
  }
  const pos = node ? offsetOf(state.segments, node, offset, state.segmentIndex) : -1;
  const found = pos >= 0 ? spansAt(pos) : [];
  if (!found.length) {
    tip.hidden = true;
    return;
  }
  const lines = found.map((s) => h('div', {}, h('b', {}, s.kind === 'entity' ? `${s.label}` : s.kind === 'number' ? 'Figure' : 'Quote'), ' ', describe(s).replace(/^[^:]*: /, '')));
  tip.replaceChildren(...lines);
  tip.hidden = false;
  tip.style.left = `${Math.min(x + 14, window.innerWidth - tip.offsetWidth - 8)}px`;
  tip.style.top = `${y + 18}px`;
}

// ---------------------------------------------------------------- start

// The side lists start as index.html has them (empty: "No quotes yet." …) and
// are built once the first highlights are on screen (render): building them
// here, empty, cost the cold start a few ms of script before its first analysis.
const draft = safeGet(DRAFT_KEY);
// A first text to analyse here: instantiate as soon as the wasm is compiled, not when the text is sent.
if (location.hash === '#example' || (draft && draft.length <= EARLY_MAX)) startEarlyEngine();
if (location.hash === '#example') {
  // A link to the page showing the example (what "Try an example" shows).
  showExample();
} else if (draft) {
  setText(draft);
  say('Restored your draft.');
}
if (location.hash === '#example' || draft) {
  // The start-up text is sent now, not from a timer task after the next frame.
  clearTimeout(debounce);
  analyse();
}
// No short first text being analysed here (empty editor, a long draft): start the worker now.
setTimeout(() => {
  if (state.pending == null) ensureWorker();
}, 0);
