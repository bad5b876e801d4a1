// lede.js — the embed: highlight quotes (with speakers), figures and names
// in any element of a page, live, entirely in the browser.
//
//   import { load, analyze, highlight } from 'lede-highlight';
//   await load();                                  // fetches and instantiates the wasm once
//   const spans = analyze('Kelly said "no".');     // the JSON contract
//   const ctl = highlight(document.querySelector('#preview'), { kinds: ['quote', 'number'] });
//   ctl.addEventListener('change', () => console.log(ctl.spans.length));
//
// Or, with no script of your own beyond the import:
//   <lede-article kinds="quote number entity" theme="auto">…article HTML…</lede-article>
//
// In the default "highlight" mode nothing in the page's DOM is changed: spans
// become DOM Ranges (dom.js) painted with the CSS Custom Highlight API. The
// "mark" mode wraps them in <mark> elements instead, for screen readers and
// browsers without that API. The host page's CSP must allow
// `script-src 'wasm-unsafe-eval'`; hosted on another origin, the files need
// `Access-Control-Allow-Origin`.

import { createEngine, PieceJoiner, TrapError } from './engine.js';
import { collectText, rangesFor, highlightName, enabled, markUp, unmark, highlightsSupported, KIND_HIGHLIGHTS, NearViewport } from './dom.js';

export { TrapError };
export { collectText, rangeFor, rangesFor, highlightName, KIND_HIGHLIGHTS } from './dom.js';

/** @type {Promise<import('./engine.js').Engine> | null} */
let loading = null;
/** @type {import('./engine.js').Engine | null} */
let engine = null;

/**
 * Loads and instantiates the wasm, once; later calls return the same promise.
 * @param {{ wasmUrl?: string | URL, bindingsUrl?: string | URL }} [options]
 *   `wasmUrl` points at `lede_bg.wasm` when it is hosted elsewhere (a CDN path).
 * @returns {Promise<void>}
 */
export function load(options = {}) {
  if (!loading) {
    loading = createEngine(options).then(
      (e) => {
        engine = e;
        return e;
      },
      (err) => {
        loading = null; // allow a retry
        throw err;
      },
    );
  }
  return loading.then(() => undefined);
}

/** True once `load()` has finished and the wasm is usable right now. */
export function isLoaded() {
  return !!engine && engine.live;
}

/** The crate version ("" before `load()`). */
export function version() {
  return engine ? engine.version() : '';
}

/**
 * Analyses `text` and returns its spans (the JSON contract: quote, number and
 * entity spans sorted by start, UTF-16 offsets). Synchronous; call `load()` first.
 * @param {string} text
 * @param {{quotes?: boolean, numbers?: boolean, entities?: boolean, typewriterQuotes?: boolean}} [options]
 * @throws {TrapError} when the wasm trapped; it is re-instantiated in the background.
 */
export function analyze(text, options) {
  if (!engine) throw new Error('lede: call `await load()` before analyze()');
  return engine.analyze(String(text), options);
}

// ---------------------------------------------------------------- paragraphs

// Why paragraphs: a whole analysis of a 2,000-word article costs ~17 ms in
// wasm, more than a frame, while one paragraph costs well under a
// millisecond. So on an edit only the paragraphs whose text changed are
// analysed (on their own: "quick" spans), and their ranges alone are swapped
// in the shared Highlights. What one paragraph cannot know (entity groups,
// a pronoun speaker named in an earlier paragraph, document-level entity
// features, quotes across paragraphs) comes from a whole-document pass run
// when the editor is idle, which repaints only the paragraphs that differ.

/** Texts up to this many UTF-16 units get whole-document passes (on `update()` and when idle). */
const FULL_PASS_MAX = 30000;

/** When two passes in a row for changes cost more than this (ms), changes then wait 2× the lower cost. */
const FRAME_BUDGET = 8;

// Why lazy registration: Chromium keeps custom highlights as document markers
// and rebuilds all of them whenever the DOM changes (a keystroke, or the CMS
// re-rendering its preview), repainting every text node that has one
// (HighlightRegistry::ValidateHighlightMarkers). That cost is per registered
// highlighted paragraph, wherever it is: on the 2,000-word bench article,
// ~10 ms of paint in the frame of every keystroke with all ~330 ranges
// registered, ~4 ms with only those on screen. So a paragraph's ranges are
// registered only while its element is near the viewport (dom.js's
// NearViewport, shared with the extension: on screen, and within 320 px); the others
// are made but kept aside, and registered as they scroll in. While the
// element is being edited, only the paragraphs on screen stay registered
// (the margin, which keeps scrolling smooth, would cost every keystroke);
// after `idle` ms of quiet the margin's paragraphs are registered again.

/**
 * The paragraphs of `text`: the pieces between the "\n\n" separators that
 * collectText puts between blocks (separators excluded, so a paragraph's
 * text does not change when one is added after it).
 * @returns {{start: number, end: number}[]}
 */
function paragraphsOf(text) {
  const out = [];
  let at = 0;
  for (;;) {
    const cut = text.indexOf('\n\n', at);
    if (cut < 0) break;
    out.push({ start: at, end: cut });
    at = cut + 2;
  }
  out.push({ start: at, end: text.length });
  return out;
}

/** A copy of span `s` moved by `d` UTF-16 units (`s` itself when `d` is 0). */
function shifted(s, d) {
  if (d === 0) return s;
  const t = { ...s, start: s.start + d, end: s.end + d };
  if (s.kind === 'quote') {
    if (s.speaker) t.speaker = { ...s.speaker, start: s.speaker.start + d, end: s.speaker.end + d };
    if (s.cue) t.cue = { ...s.cue, start: s.cue.start + d, end: s.cue.end + d };
  }
  return t;
}

/** What is painted for a span, relative to `base`: equal strings, equal highlights. */
function paintKey(s, base) {
  const sp = s.speaker ? `${s.speaker.start - base}-${s.speaker.end - base}` : '';
  const cue = s.cue ? `${s.cue.start - base}-${s.cue.end - base}` : '';
  return `${s.kind}${s.label ?? ''} ${s.start - base}-${s.end - base} ${sp} ${cue}`;
}

/** Everything else a span says (groups, speaker name, values), for telling whether `spans` changed. */
function dataKey(s) {
  return JSON.stringify([s.group, s.speakerName, s.speakerGroup, s.numberKind, s.value, s.unit, s.range, s.iso]);
}

function sameSpans(a, aBase, b, bBase, key) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (key(a[i], aBase) !== key(b[i], bBase)) return false;
  return true;
}

/**
 * One paragraph of the element's text. `spans` have absolute offsets that
 * were right when the paragraph started at `base` (moved lazily when an
 * earlier paragraph changes length); `ranges` are its [highlight name, Range]
 * pairs, made on the text nodes in `nodes` (at `offsets` from its start).
 */
class Paragraph {
  /** @param {string} text */
  constructor(text) {
    this.text = text;
    this.start = 0;
    this.base = 0;
    /** @type {object[]} */
    this.spans = [];
    /** From a whole-document pass (true) or analysed alone (false). */
    this.full = false;
    /** @type {Array<[string, Range]> | null} */
    this.ranges = null;
    /** @type {Text[]} */
    this.nodes = [];
    /** @type {number[]} */
    this.offsets = [];
    /** True while `ranges` are in the shared Highlights (lazy: only near the viewport). */
    this.shown = false;
    /** @type {Element | null} the element whose box holds the paragraph's text (lazy registration) */
    this.anchor = null;
  }

  get end() {
    return this.start + this.text.length;
  }

  /** Moves the spans to the paragraph's current start. */
  settle() {
    const d = this.start - this.base;
    if (d !== 0) this.spans = this.spans.map((s) => shifted(s, d));
    this.base = this.start;
  }
}

// ---------------------------------------------------------------- shared highlights

// Several controllers may paint in one document: each highlight name is one
// shared `Highlight`, and each controller adds and deletes only its own ranges.
/** @type {Map<Document, Map<string, Highlight>>} */
const shared = new Map();

function sharedHighlight(doc, name) {
  let byName = shared.get(doc);
  if (!byName) shared.set(doc, (byName = new Map()));
  let h = byName.get(name);
  if (!h) {
    h = new doc.defaultView.Highlight();
    h.priority = KIND_HIGHLIGHTS.indexOf(name);
    byName.set(name, h);
  }
  if (doc.defaultView.CSS.highlights.get(name) !== h) doc.defaultView.CSS.highlights.set(name, h);
  return h;
}

// ---------------------------------------------------------------- default styles

// Figures and other names (the most numerous kinds) are background colour
// only: a text-decoration on ::highlight() makes Chromium paint the text again
// in pieces: about +40% CPU for a frame showing 1,000 underlined figures.
const CSS_TEXT = `
:root, [data-lede-theme="light"], lede-article[theme="light"] {
  --lede-quote: rgb(230 159 0 / 0.30); --lede-speaker: rgb(213 94 0 / 0.22); --lede-speaker-line: #D55E00;
  --lede-number: rgb(0 158 115 / 0.34); --lede-number-line: #009E73;
  --lede-per: rgb(86 180 233 / 0.38); --lede-org: rgb(204 121 167 / 0.38);
  --lede-loc: rgb(240 228 66 / 0.70); --lede-misc: rgb(0 0 0 / 0.13); --lede-misc-line: #0072B2;
}
[data-lede-theme="dark"], lede-article[theme="dark"] {
  --lede-quote: rgb(230 159 0 / 0.30); --lede-speaker: rgb(213 94 0 / 0.35); --lede-speaker-line: #ff8c3a;
  --lede-number: rgb(0 158 115 / 0.46); --lede-number-line: #2fd3a2;
  --lede-per: rgb(86 180 233 / 0.38); --lede-org: rgb(204 121 167 / 0.42);
  --lede-loc: rgb(240 228 66 / 0.32); --lede-misc: rgb(255 255 255 / 0.17); --lede-misc-line: #56B4E9;
}
@media (prefers-color-scheme: dark) {
  lede-article:not([theme="light"]), [data-lede-theme="auto"] {
    --lede-quote: rgb(230 159 0 / 0.30); --lede-speaker: rgb(213 94 0 / 0.35); --lede-speaker-line: #ff8c3a;
    --lede-number: rgb(0 158 115 / 0.46); --lede-number-line: #2fd3a2;
    --lede-per: rgb(86 180 233 / 0.38); --lede-org: rgb(204 121 167 / 0.42);
    --lede-loc: rgb(240 228 66 / 0.32); --lede-misc: rgb(255 255 255 / 0.17); --lede-misc-line: #56B4E9;
  }
}
lede-article { display: block; }
::highlight(lede-quote) { background-color: var(--lede-quote); }
::highlight(lede-speaker) { background-color: var(--lede-speaker); text-decoration: underline 2px var(--lede-speaker-line); }
::highlight(lede-cue) { text-decoration: underline dotted 2px var(--lede-speaker-line); }
::highlight(lede-number) { background-color: var(--lede-number); }
::highlight(lede-entity-PER) { background-color: var(--lede-per); }
::highlight(lede-entity-ORG) { background-color: var(--lede-org); }
::highlight(lede-entity-LOC) { background-color: var(--lede-loc); }
::highlight(lede-entity-MISC) { background-color: var(--lede-misc); }
mark.lede-mark { background: transparent; color: inherit; }
mark.lede-quote { background: var(--lede-quote); }
mark.lede-speaker { background: var(--lede-speaker); text-decoration: underline 2px var(--lede-speaker-line); }
mark.lede-cue { text-decoration: underline dotted 2px var(--lede-speaker-line); }
mark.lede-number { background: var(--lede-number); }
mark.lede-entity-PER { background: var(--lede-per); }
mark.lede-entity-ORG { background: var(--lede-org); }
mark.lede-entity-LOC { background: var(--lede-loc); }
mark.lede-entity-MISC { background: var(--lede-misc); }
`;

const styled = new WeakSet();

/**
 * Adds lede's default highlight styles to the element's document or shadow
 * root, once, as a constructed stylesheet (no <style> element, so a strict
 * host CSP without 'unsafe-inline' is fine). `highlight()` does it unless
 * `styles: false`; exported for hosts that paint with dom.js's `paint`.
 * @param {Document | ShadowRoot} [root]
 */
export function adoptStyles(root = globalThis.document) {
  if (styled.has(root) || !('adoptedStyleSheets' in root)) return;
  styled.add(root);
  const view = (root.ownerDocument || root).defaultView;
  const sheet = new view.CSSStyleSheet();
  sheet.replaceSync(CSS_TEXT);
  root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
}

// ---------------------------------------------------------------- the controller

/**
 * @typedef {object} HighlightOptions
 * @property {Iterable<string>} [kinds] kinds to show: "quote", "number", "entity" or "entity-PER"…; default all.
 * @property {'highlight' | 'mark'} [mode] "highlight" (CSS Custom Highlight API, no DOM change; default where
 *   supported) or "mark" (wraps spans in <mark class="lede-mark …">).
 * @property {number} [debounce=0] ms to wait after the last change before re-analysing the changed
 *   paragraphs. 0: the first change in a frame is handled at once (the highlights are in the frame that
 *   shows the edit), later ones in the same frame at the next frame.
 * @property {number} [maxWait=600] ms after which a change is handled even while edits keep coming.
 * @property {number} [idle=400] ms of quiet after which the whole document is analysed again (when idle),
 *   for what one paragraph alone cannot tell: entity groups, speakers named in another paragraph.
 * @property {number} [fullPassMax=30000] longest text (UTF-16 units) given whole-document passes; longer
 *   texts are only ever analysed paragraph by paragraph.
 * @property {boolean} [observe=true] re-highlight when the element's content changes.
 * @property {boolean} [lazy=true] register a paragraph's highlights only while it is near the viewport
 *   (within 320 px; registered as it scrolls in), and only while on screen when the element is being
 *   edited (until `idle` ms of quiet). Chromium repaints every registered highlight on each DOM change,
 *   so this keeps keystrokes cheap in long documents. `false`: all of them, always.
 * @property {boolean} [styles=true] add lede's default colours (a constructed stylesheet).
 * @property {(el: Element) => boolean} [skip] leave elements out (see dom.js collectText).
 * @property {{quotes?: boolean, numbers?: boolean, entities?: boolean, typewriterQuotes?: boolean}} [analyze] options for the core.
 */

/** Runs `fn` at the next animation frame, or after 100 ms where frames do not come (a hidden tab). */
function nextFrame(fn) {
  let done = false;
  const once = () => {
    if (done) return;
    stop();
    fn();
  };
  const raf = typeof requestAnimationFrame === 'function' ? requestAnimationFrame(once) : 0;
  const timer = setTimeout(once, 100);
  const stop = () => {
    done = true;
    if (raf) cancelAnimationFrame(raf);
    clearTimeout(timer);
  };
  return stop;
}

/** Highlights an element live. Returned by `highlight()`. Events: "change", "error". */
export class Controller extends EventTarget {
  /** @param {Element} element @param {HighlightOptions} options */
  constructor(element, options = {}) {
    super();
    this.element = element;
    this.options = options;
    this.mode = options.mode === 'mark' || !highlightsSupported() ? 'mark' : 'highlight';
    /** @type {Set<string> | undefined} */
    this.kinds = options.kinds ? new Set(options.kinds) : undefined;
    /** The spans of the last analysis (JSON contract), over `text`. */
    this.spans = [];
    /** The text they refer to. */
    this.text = '';
    /** @type {Paragraph[]} */
    this.paragraphs = [];
    /** Entity groups in the document's numbering: one name ("LABEL text") keeps one group across paragraphs analysed apart. */
    this.joiner = new PieceJoiner();
    /** Text nodes changed in place since the last pass: ranges on them are rebuilt. */
    this.touched = new Set();
    /** True when the spans come from a whole-document pass over the current text. */
    this.settled = false;
    /** Cost in ms of the last pass, and how many passes ran (for hosts and tests). */
    this.lastCost = 0;
    /**
     * Cost of the last two passes run for a change (paragraphs only), which alone decide whether changes
     * are coalesced: the lower of the two, so that one slow pass (a garbage collection, a busy machine)
     * does not delay the next keystrokes; a whole-document pass (the first one also compiles the wasm's
     * functions) says nothing of what a change costs.
     */
    this.changeCosts = [0, 0];
    this.passes = 0;
    this.timer = 0;
    this.firstChange = 0;
    this.cancelFrame = null;
    this.busyFrame = null;
    this.idleTimer = 0;
    this.idleHandle = 0;
    this.trappedText = null;
    this.painted = false;
    this.active = true;
    /** @type {Promise<void> | null} an update waiting for the wasm */
    this.waiting = null;
    this.observer = null;
    /** Lazy registration (highlight mode): anchor element → its paragraphs, and where the anchors are (dom.js NearViewport). */
    this.lazy = this.mode === 'highlight' && options.lazy !== false && typeof element.ownerDocument?.defaultView?.IntersectionObserver === 'function';
    /** @type {NearViewport | null} made with the first anchor */
    this.viewport = null;
    /** @type {Map<Element, Set<Paragraph>>} */
    this.anchored = new Map();
    /** True from a change of the element's content until `idle` ms of quiet. */
    this.editing = false;
    this.quietTimer = 0;
    if (options.styles !== false) adoptStyles(element.getRootNode());
    if (options.observe !== false && typeof MutationObserver !== 'undefined') {
      this.observer = new MutationObserver((records) => this.mutated(records));
      this.observe();
    }
  }

  observe() {
    this.observer?.observe(this.element, { childList: true, characterData: true, subtree: true, attributes: true, attributeFilter: ['hidden', 'style', 'class'] });
  }

  mutated(records) {
    if (!this.active || !records.length) return;
    for (const r of records) if (r.type === 'characterData') this.touched.add(r.target);
    if (this.lazy) {
      this.editing = true;
      clearTimeout(this.quietTimer);
      this.quietTimer = setTimeout(() => {
        this.quietTimer = 0;
        this.editing = false;
        this.reconcile();
      }, this.options.idle ?? 400);
    }
    this.schedule();
  }

  /**
   * Coalesces changes. By default the first change in a frame is handled at
   * once and later ones at the next frame, so at most one pass runs per
   * frame; with `debounce`, or when passes get expensive, after a quiet
   * delay (`maxWait` at most). Never more than one pass is pending.
   */
  schedule() {
    this.cancelIdle();
    this.settled = false;
    const cost = Math.min(this.changeCosts[0], this.changeCosts[1]);
    const debounce = Math.max(this.options.debounce ?? 0, cost > FRAME_BUDGET ? 2 * cost : 0);
    if (debounce > 0) {
      const now = performance.now();
      const maxWait = this.options.maxWait ?? 600;
      if (!this.timer) this.firstChange = now;
      clearTimeout(this.timer);
      const wait = Math.max(0, Math.min(debounce, this.firstChange + maxWait - now));
      this.timer = setTimeout(() => {
        this.timer = 0;
        this.step(false);
      }, wait);
    } else if (!this.busyFrame) {
      this.step(false);
    } else if (!this.cancelFrame) {
      this.cancelFrame = nextFrame(() => {
        this.cancelFrame = null;
        this.step(false);
      });
    }
  }

  cancelIdle() {
    clearTimeout(this.idleTimer);
    this.idleTimer = 0;
    if (this.idleHandle && typeof cancelIdleCallback === 'function') cancelIdleCallback(this.idleHandle);
    this.idleHandle = 0;
  }

  /** After `idle` ms of quiet, a whole-document pass in an idle period. */
  scheduleIdle() {
    this.cancelIdle();
    if (this.settled || !this.active || this.text.length > (this.options.fullPassMax ?? FULL_PASS_MAX)) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = 0;
      const run = () => {
        this.idleHandle = 0;
        this.step(true);
      };
      if (typeof requestIdleCallback === 'function') this.idleHandle = requestIdleCallback(run, { timeout: 1000 });
      else run();
    }, this.options.idle ?? 400);
  }

  /** Runs one pass now if the wasm is ready; otherwise once it is. */
  step(full) {
    clearTimeout(this.timer);
    this.timer = 0;
    this.cancelFrame?.();
    this.cancelFrame = null;
    if (!this.active) return;
    if (!engine || !engine.live) {
      // Still loading (or re-instantiating after a trap): one update when ready, however many changes come meanwhile.
      this.waiting ??= this.update().catch(() => {}).finally(() => (this.waiting = null));
      return;
    }
    const t0 = performance.now();
    this.inPass = true;
    try {
      this.pass(full);
    } finally {
      this.inPass = false;
    }
    this.lastCost = performance.now() - t0;
    if (!full) this.changeCosts = [this.changeCosts[1], this.lastCost];
    this.passes += 1;
    if (!this.busyFrame) {
      this.busyFrame = nextFrame(() => {
        this.busyFrame = null;
      });
    }
    if (!full) this.scheduleIdle();
  }

  /**
   * Re-reads the element, re-analyses it (the whole document when it is at
   * most `fullPassMax` long, else the changed paragraphs) and repaints.
   * Resolves to the spans (also in `spans`), after a "change" event.
   * @returns {Promise<object[]>}
   */
  async update() {
    clearTimeout(this.timer);
    this.timer = 0;
    this.cancelIdle();
    this.active = true;
    if (this.observer && !this.observing) {
      this.observe();
      this.observing = true;
    }
    await load(this.options.load);
    if (!engine.live) await engine.ready;
    this.step(true);
    return this.spans;
  }

  /**
   * One pass: read the element's text, match its paragraphs with the last
   * pass's, analyse what is new (the whole text when `full` and short
   * enough), repaint the paragraphs whose spans or nodes changed, and emit
   * "change" with `analysed`, the text ranges sent to the analyser.
   */
  pass(full) {
    const el = this.element;
    if (!el.isConnected) {
      // The host element was removed or replaced: drop our ranges and wait for it to come back.
      this.unpaint();
      return;
    }
    const mark = this.mode === 'mark';
    if (mark) this.withoutObserving(() => unmark(el));
    const { text, segments } = collectText(el, { skip: this.options.skip });
    const touched = this.touched;
    this.touched = new Set();
    if (this.observer) for (const r of this.observer.takeRecords()) if (r.type === 'characterData') touched.add(r.target);
    if (text === this.trappedText) return;

    // Match paragraphs by text: unchanged ones at both ends, moved ones in between.
    const cuts = paragraphsOf(text);
    const texts = cuts.map((c) => text.slice(c.start, c.end));
    const old = this.paragraphs;
    let a = 0;
    while (a < old.length && a < texts.length && old[a].text === texts[a]) a++;
    let b = 0;
    while (b < old.length - a && b < texts.length - a && old[old.length - 1 - b].text === texts[texts.length - 1 - b]) b++;
    const spare = new Map();
    for (let i = a; i < old.length - b; i++) if (!spare.has(old[i].text)) spare.set(old[i].text, old[i]);
    /** @type {Paragraph[]} */
    const paras = [];
    const fresh = [];
    for (let i = 0; i < texts.length; i++) {
      let p;
      if (i < a) p = old[i];
      else if (i >= texts.length - b) p = old[old.length - (texts.length - i)];
      else if ((p = spare.get(texts[i]))) spare.delete(texts[i]);
      if (!p) {
        p = new Paragraph(texts[i]);
        fresh.push(p);
      }
      p.start = cuts[i].start;
      paras.push(p);
    }
    const kept = new Set(paras);
    const gone = old.filter((p) => !kept.has(p));

    const wholeDoc = full && text.length <= (this.options.fullPassMax ?? FULL_PASS_MAX);
    const analysed = [];
    /** Paragraphs whose painted spans changed. */
    const repaint = new Set(fresh);
    let dataChanged = fresh.length > 0 || gone.length > 0;
    try {
      if (wholeDoc) {
        const spans = text.trim() ? analyze(text, this.options.analyze) : [];
        analysed.push({ start: 0, end: text.length });
        this.joiner.adopt(spans);
        let k = 0;
        for (let i = 0; i < paras.length; i++) {
          const p = paras[i];
          const mine = [];
          const end = i + 1 < paras.length ? paras[i + 1].start : Infinity;
          while (k < spans.length && spans[k].start < end) mine.push(spans[k++]);
          if (!sameSpans(mine, p.start, p.spans, p.base, paintKey)) repaint.add(p);
          if (!sameSpans(mine, 0, p.spans, 0, dataKey)) dataChanged = true;
          p.spans = mine;
          p.base = p.start;
          p.full = true;
        }
        this.settled = true;
      } else {
        for (const p of fresh) {
          if (p.text.trim()) {
            p.spans = this.joiner.add(analyze(p.text, this.options.analyze), p.start);
            analysed.push({ start: p.start, end: p.end });
          }
          p.base = p.start;
        }
        this.settled = this.settled && !fresh.length && !gone.length;
      }
    } catch (err) {
      if (!(err instanceof TrapError)) throw err;
      this.trappedText = text;
      this.unpaint();
      this.paragraphs = [];
      this.dispatchEvent(new CustomEvent('error', { detail: { error: err, size: text.length } }));
      return;
    }
    this.trappedText = null;
    for (const p of paras) p.settle();
    this.paragraphs = paras;
    this.text = text;
    this.segments = segments;
    if (paras.length === 1) this.spans = paras[0].spans;
    else {
      const all = [];
      for (const p of paras) for (const sp of p.spans) all.push(sp);
      this.spans = all;
    }

    if (mark) {
      this.withoutObserving(() => markUp(segments, this.spans, { kinds: this.kinds, extra: extrasOf(this.spans), doc: el.ownerDocument }));
      this.painted = true;
    } else {
      this.paintParagraphs(paras, gone, repaint, segments, touched);
    }
    if (!dataChanged && !repaint.size && !analysed.length) return;
    this.dispatchEvent(new CustomEvent('change', { detail: { spans: this.spans, text, analysed, full: wholeDoc } }));
  }

  /**
   * Highlight mode: drops the ranges of removed paragraphs, and remakes the
   * ranges of paragraphs whose spans changed or whose text nodes are not the
   * ones their ranges were made on; every other range stays as it is.
   */
  paintParagraphs(paras, gone, repaint, segments, touched) {
    const doc = this.element.ownerDocument;
    const highlightFor = highlightsOf(doc);
    for (const p of gone) {
      this.dropRanges(p, highlightFor);
      this.unanchor(p);
    }
    let k = 0; // first segment that may overlap paragraph p
    for (const p of paras) {
      const end = p.end;
      while (k < segments.length && segments[k].end <= p.start) k++;
      const nodes = [];
      const offsets = [];
      let stale = false;
      for (let j = k; j < segments.length && segments[j].start < end; j++) {
        const n = segments[j].node;
        nodes.push(n);
        offsets.push(segments[j].start - p.start);
        if (touched.has(n)) stale = true;
      }
      if (p.ranges && !stale && !repaint.has(p) && sameList(nodes, p.nodes) && sameList(offsets, p.offsets)) {
        if (p.shown !== this.wanted(p)) this.toggle(p, highlightFor);
        continue;
      }
      this.dropRanges(p, highlightFor);
      p.nodes = nodes;
      p.offsets = offsets;
      p.ranges = rangesOf(p.spans, segments, doc);
      if (this.lazy) this.anchorTo(p, anchorOf(nodes));
      if (this.wanted(p)) this.showRanges(p, highlightFor);
    }
    this.painted = true;
  }

  /** Registers the ranges of `p` (of the kinds shown) in the shared Highlights. */
  showRanges(p, highlightFor) {
    for (const [name, r] of p.ranges) if (enabled(name, this.kinds)) highlightFor(name).add(r);
    p.shown = true;
  }

  /** Takes the ranges of `p` out of the shared Highlights, keeping them. */
  hideRanges(p, highlightFor) {
    for (const [name, r] of p.ranges) highlightFor(name).delete(r);
    p.shown = false;
  }

  dropRanges(p, highlightFor) {
    if (!p.ranges) return;
    if (p.shown) this.hideRanges(p, highlightFor);
    p.ranges = null;
  }

  /**
   * Whether the ranges of `p` should be registered: always, unless lazy; then
   * while its element is on screen (or the window prints), or within the
   * margin when not editing. An element not reported yet counts as on screen.
   */
  wanted(p) {
    const a = p.anchor;
    const v = this.viewport;
    if (!this.lazy || !a || !v || v.onScreen(a)) return true;
    return !this.editing && v.near(a);
  }

  toggle(p, highlightFor) {
    if (p.shown) this.hideRanges(p, highlightFor);
    else this.showRanges(p, highlightFor);
  }

  /** Registers or sets aside every paragraph whose state differs from `wanted`. */
  reconcile(paras = this.paragraphs) {
    if (!this.active || this.mode !== 'highlight') return;
    let highlightFor = null;
    for (const p of paras) {
      if (!p.ranges || p.shown === this.wanted(p)) continue;
      this.toggle(p, (highlightFor ??= highlightsOf(this.element.ownerDocument)));
    }
  }

  /** Watches `el` for `p` (an element's first report comes after the next frame; until then it counts as on screen). */
  anchorTo(p, el) {
    if (p.anchor === el) return;
    this.unanchor(p);
    if (!el) return;
    let set = this.anchored.get(el);
    if (!set) {
      this.anchored.set(el, (set = new Set()));
      this.viewport ??= new NearViewport(this.element.ownerDocument.defaultView, (els) => this.intersected(els));
      this.viewport.observe(el);
    }
    set.add(p);
    p.anchor = el;
  }

  unanchor(p) {
    const el = p.anchor;
    if (!el) return;
    p.anchor = null;
    const set = this.anchored.get(el);
    if (!set) return;
    set.delete(p);
    if (set.size) return;
    this.anchored.delete(el);
    this.viewport?.unobserve(el);
  }

  /** Stops watching every element (the ranges are being dropped: the next pass anchors again). */
  unwatch() {
    this.viewport?.disconnect();
    this.viewport = null;
    this.anchored.clear();
    for (const p of this.paragraphs) p.anchor = null;
  }

  /** NearViewport callback: reconciles the paragraphs of the elements that came near or left (all of them around printing). */
  intersected(els) {
    for (const el of els) {
      const paras = this.anchored.get(el);
      if (paras) this.reconcile(paras);
    }
  }

  /** Removes this controller's ranges (highlight mode) or marks (mark mode). */
  unpaint() {
    this.painted = false;
    if (this.mode === 'mark') {
      if (this.element.querySelector?.('mark.lede-mark')) this.withoutObserving(() => unmark(this.element));
      return;
    }
    const byName = shared.get(this.element.ownerDocument);
    for (const p of this.paragraphs) {
      if (byName && p.ranges && p.shown) for (const [name, r] of p.ranges) byName.get(name)?.delete(r);
      p.ranges = null;
      p.shown = false;
    }
    this.unwatch();
  }

  withoutObserving(fn) {
    if (!this.observer) return fn();
    const pending = this.observer.takeRecords();
    this.observer.disconnect();
    try {
      return fn();
    } finally {
      this.observer.takeRecords();
      if (this.active) this.observe();
      // Changes by the host that were pending: a pass reads them anyway; otherwise schedule one.
      if (pending.length && !this.inPass) queueMicrotask(() => this.mutated(pending));
    }
  }

  /**
   * Shows only these kinds ("quote", "number", "entity", "entity-PER", …); repaints without re-analysing.
   * @param {Iterable<string> | null} kinds null for all.
   */
  setKinds(kinds) {
    this.kinds = kinds ? new Set(kinds) : undefined;
    if (!this.painted) return;
    if (!this.element.isConnected) return;
    if (this.mode === 'mark') {
      this.withoutObserving(() => {
        unmark(this.element);
        const { segments } = collectText(this.element, { skip: this.options.skip });
        markUp(segments, this.spans, { kinds: this.kinds, extra: extrasOf(this.spans), doc: this.element.ownerDocument });
      });
    } else {
      const doc = this.element.ownerDocument;
      for (const p of this.paragraphs) {
        if (!p.ranges || !p.shown) continue;
        for (const [name, r] of p.ranges) {
          const h = sharedHighlight(doc, name);
          if (enabled(name, this.kinds)) h.add(r);
          else h.delete(r);
        }
      }
    }
    this.dispatchEvent(new CustomEvent('change', { detail: { spans: this.spans, text: this.text, analysed: [], full: false } }));
  }

  /** Removes the highlights and stops following changes (until `update()`). */
  clear() {
    clearTimeout(this.timer);
    this.timer = 0;
    this.cancelFrame?.();
    this.cancelFrame = null;
    this.cancelIdle();
    this.active = false;
    clearTimeout(this.quietTimer);
    this.quietTimer = 0;
    this.editing = false;
    this.observer?.disconnect();
    this.observing = false;
    this.unpaint();
  }

  /** Alias of `clear()`. */
  disconnect() {
    this.clear();
  }
}

/** A per-call cache of `sharedHighlight(doc, name)`: one registry check per name, not per range. */
function highlightsOf(doc) {
  const hl = new Map();
  return (name) => {
    let h = hl.get(name);
    if (!h) hl.set(name, (h = sharedHighlight(doc, name)));
    return h;
  };
}

/**
 * The element whose box holds a paragraph's text nodes: their nearest common
 * ancestor (all nodes of one paragraph lie between the first and the last).
 * @param {Text[]} nodes
 */
function anchorOf(nodes) {
  if (!nodes.length) return null;
  const last = nodes[nodes.length - 1];
  let a = nodes[0].parentElement;
  while (a && !a.contains(last)) a = a.parentElement;
  return a;
}

function sameList(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** [highlight name, Range] for each span, speaker and cue (dom.js rangesFor: one pass over the text nodes). */
function rangesOf(spans, segments, doc) {
  const names = [];
  const wanted = [];
  for (const s of spans) {
    names.push(highlightName(s));
    wanted.push(s);
    if (s.kind === 'quote') {
      if (s.speaker) names.push('lede-speaker'), wanted.push(s.speaker);
      if (s.cue) names.push('lede-cue'), wanted.push(s.cue);
    }
  }
  const ranges = rangesFor(segments, wanted, doc);
  const out = [];
  for (let i = 0; i < ranges.length; i++) if (ranges[i]) out.push([names[i], ranges[i]]);
  return out;
}

/** Speakers and cues as named pieces, for markUp. */
function extrasOf(spans) {
  const extra = [];
  for (const s of spans) {
    if (s.kind !== 'quote') continue;
    if (s.speaker) extra.push({ name: 'lede-speaker', start: s.speaker.start, end: s.speaker.end });
    if (s.cue) extra.push({ name: 'lede-cue', start: s.cue.start, end: s.cue.end });
  }
  return extra;
}

/**
 * Highlights `element` (its text nodes, across inline and block elements;
 * `script`, `style`, `code`, `pre`, hidden elements skipped) and keeps the
 * highlights in step with its content. Starts the first analysis immediately
 * (loading the wasm if needed).
 * @param {Element} element
 * @param {HighlightOptions & { load?: { wasmUrl?: string | URL } }} [options]
 * @returns {Controller}
 */
export function highlight(element, options = {}) {
  if (!element || element.nodeType !== 1) throw new TypeError('lede: highlight() needs an element');
  const ctl = new Controller(element, options);
  ctl.observing = !!ctl.observer;
  ctl.waiting = ctl
    .update()
    .catch((error) => ctl.dispatchEvent(new CustomEvent('error', { detail: { error } })))
    .finally(() => (ctl.waiting = null));
  return ctl;
}

// ---------------------------------------------------------------- <lede-article>

/**
 * `<lede-article kinds="quote number entity" theme="auto|light|dark" mode="highlight|mark">`:
 * highlights its own content, live. `el.controller` is its Controller.
 */
export function defineElement(name = 'lede-article') {
  if (typeof customElements === 'undefined' || customElements.get(name)) return;
  class LedeArticle extends HTMLElement {
    static observedAttributes = ['kinds', 'mode'];
    connectedCallback() {
      if (!this.controller) {
        this.controller = highlight(this, { kinds: this.kindList(), mode: this.getAttribute('mode') || undefined });
        this.controller.addEventListener('change', () => this.dispatchEvent(new CustomEvent('lede-change', { detail: { spans: this.controller.spans } })));
      } else {
        this.controller.update().catch(() => {});
      }
    }
    disconnectedCallback() {
      // Keep the controller: the element may be moved. Its ranges are dropped on the next update.
      this.controller?.unpaint();
    }
    attributeChangedCallback(attr) {
      if (!this.controller) return;
      if (attr === 'kinds') this.controller.setKinds(this.kindList());
    }
    kindList() {
      const k = this.getAttribute('kinds');
      return k ? k.split(/[\s,]+/).filter(Boolean) : undefined;
    }
  }
  customElements.define(name, LedeArticle);
}

defineElement();
