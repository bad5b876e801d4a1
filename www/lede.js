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
import { collectText, rangeFor, highlightName, enabled, markUp, unmark, highlightsSupported, KIND_HIGHLIGHTS } from './dom.js';

export { TrapError };
export { collectText, rangeFor, highlightName, KIND_HIGHLIGHTS } from './dom.js';

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
 * @param {{quotes?: boolean, numbers?: boolean, entities?: boolean}} [options]
 * @throws {TrapError} when the wasm trapped; it is re-instantiated in the background.
 */
export function analyze(text, options) {
  if (!engine) throw new Error('lede: call `await load()` before analyze()');
  return engine.analyze(String(text), options);
}

// ---------------------------------------------------------------- analysis with a paragraph cache

/** Below this length a whole re-analysis is cheaper than bookkeeping. */
const INCREMENTAL_MIN = 20000;

/**
 * Analyses `text`, reusing `cache` (paragraph text → spans) for paragraphs
 * that did not change when the text is long. Entity groups are renumbered so
 * one name keeps one group across paragraphs.
 */
function analyzeIncremental(text, options, cache) {
  if (text.length < INCREMENTAL_MIN) {
    cache.clear();
    return analyze(text, options);
  }
  const out = [];
  const seen = new Map();
  const joiner = new PieceJoiner();
  let at = 0;
  while (at < text.length) {
    let cut = text.indexOf('\n\n', at);
    cut = cut < 0 ? text.length : cut + 2;
    const para = text.slice(at, cut);
    let spans = cache.get(para);
    if (!spans) spans = analyze(para, options);
    seen.set(para, spans);
    for (const s of joiner.add(spans, at)) out.push(s);
    at = cut;
  }
  cache.clear();
  for (const [k, v] of seen) cache.set(k, v);
  return out;
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

const CSS_TEXT = `
:root, [data-lede-theme="light"], lede-article[theme="light"] {
  --lede-quote: rgb(230 159 0 / 0.30); --lede-speaker: rgb(213 94 0 / 0.22); --lede-speaker-line: #D55E00;
  --lede-number: rgb(0 158 115 / 0.28); --lede-number-line: #009E73;
  --lede-per: rgb(86 180 233 / 0.38); --lede-org: rgb(204 121 167 / 0.38);
  --lede-loc: rgb(240 228 66 / 0.70); --lede-misc: rgb(0 0 0 / 0.07); --lede-misc-line: #0072B2;
}
[data-lede-theme="dark"], lede-article[theme="dark"] {
  --lede-quote: rgb(230 159 0 / 0.30); --lede-speaker: rgb(213 94 0 / 0.35); --lede-speaker-line: #ff8c3a;
  --lede-number: rgb(0 158 115 / 0.40); --lede-number-line: #2fd3a2;
  --lede-per: rgb(86 180 233 / 0.38); --lede-org: rgb(204 121 167 / 0.42);
  --lede-loc: rgb(240 228 66 / 0.32); --lede-misc: rgb(255 255 255 / 0.10); --lede-misc-line: #56B4E9;
}
@media (prefers-color-scheme: dark) {
  lede-article:not([theme="light"]), [data-lede-theme="auto"] {
    --lede-quote: rgb(230 159 0 / 0.30); --lede-speaker: rgb(213 94 0 / 0.35); --lede-speaker-line: #ff8c3a;
    --lede-number: rgb(0 158 115 / 0.40); --lede-number-line: #2fd3a2;
    --lede-per: rgb(86 180 233 / 0.38); --lede-org: rgb(204 121 167 / 0.42);
    --lede-loc: rgb(240 228 66 / 0.32); --lede-misc: rgb(255 255 255 / 0.10); --lede-misc-line: #56B4E9;
  }
}
lede-article { display: block; }
::highlight(lede-quote) { background-color: var(--lede-quote); }
::highlight(lede-speaker) { background-color: var(--lede-speaker); text-decoration: underline 2px var(--lede-speaker-line); }
::highlight(lede-cue) { text-decoration: underline dotted 2px var(--lede-speaker-line); }
::highlight(lede-number) { background-color: var(--lede-number); text-decoration: underline 2px var(--lede-number-line); }
::highlight(lede-entity-PER) { background-color: var(--lede-per); }
::highlight(lede-entity-ORG) { background-color: var(--lede-org); }
::highlight(lede-entity-LOC) { background-color: var(--lede-loc); }
::highlight(lede-entity-MISC) { background-color: var(--lede-misc); text-decoration: underline dotted 2px var(--lede-misc-line); }
mark.lede-mark { background: transparent; color: inherit; }
mark.lede-quote { background: var(--lede-quote); }
mark.lede-speaker { background: var(--lede-speaker); text-decoration: underline 2px var(--lede-speaker-line); }
mark.lede-cue { text-decoration: underline dotted 2px var(--lede-speaker-line); }
mark.lede-number { background: var(--lede-number); text-decoration: underline 2px var(--lede-number-line); }
mark.lede-entity-PER { background: var(--lede-per); }
mark.lede-entity-ORG { background: var(--lede-org); }
mark.lede-entity-LOC { background: var(--lede-loc); }
mark.lede-entity-MISC { background: var(--lede-misc); text-decoration: underline dotted 2px var(--lede-misc-line); }
`;

const styled = new WeakSet();

/**
 * Adds lede's default highlight styles to the element's document or shadow
 * root, once, as a constructed stylesheet (no <style> element, so a strict
 * host CSP without 'unsafe-inline' is fine).
 */
function adoptStyles(root) {
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
 * @property {number} [debounce=120] ms to wait after the last change before re-analysing.
 * @property {number} [maxWait=600] ms after which a change is analysed even while edits keep coming.
 * @property {boolean} [observe=true] re-highlight when the element's content changes.
 * @property {boolean} [styles=true] add lede's default colours (a constructed stylesheet).
 * @property {(el: Element) => boolean} [skip] leave elements out (see dom.js collectText).
 * @property {{quotes?: boolean, numbers?: boolean, entities?: boolean}} [analyze] options for the core.
 */

const KIND_NAMES = KIND_HIGHLIGHTS.filter((n) => n !== 'lede-hover' && n !== 'lede-focus');

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
    /** The spans of the last analysis (JSON contract). */
    this.spans = [];
    /** The text they refer to. */
    this.text = '';
    this.cache = new Map();
    /** @type {Map<string, Range[]>} this controller's ranges per highlight name */
    this.ranges = new Map();
    this.timer = 0;
    this.firstChange = 0;
    this.trappedText = null;
    this.active = true;
    this.observer = null;
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
    this.schedule();
  }

  /** Coalesces changes: one analysis after `debounce` ms of quiet, or `maxWait` ms at most. */
  schedule() {
    const now = performance.now();
    const debounce = this.options.debounce ?? 120;
    const maxWait = this.options.maxWait ?? 600;
    if (!this.timer) this.firstChange = now;
    clearTimeout(this.timer);
    const wait = Math.max(0, Math.min(debounce, this.firstChange + maxWait - now));
    this.timer = setTimeout(() => {
      this.timer = 0;
      this.update().catch(() => {});
    }, wait);
  }

  /**
   * Re-reads the element, re-analyses what changed and repaints. Resolves to
   * the spans (also in `spans`), after a "change" event.
   * @returns {Promise<object[]>}
   */
  async update() {
    clearTimeout(this.timer);
    this.timer = 0;
    this.active = true;
    if (this.observer && !this.observing) {
      this.observe();
      this.observing = true;
    }
    await load(this.options.load);
    if (!engine.live) await engine.ready;
    this.run();
    return this.spans;
  }

  /** The synchronous part of update(): read, analyse, paint. */
  run() {
    const el = this.element;
    if (!this.active) return;
    if (!el.isConnected) {
      // The host element was removed or replaced: drop our ranges and wait for it to come back.
      this.unpaint();
      return;
    }
    if (this.mode === 'mark') this.withoutObserving(() => unmark(el));
    const { text, segments } = collectText(el, { skip: this.options.skip });
    let spans = this.spans;
    if (text !== this.text || !this.painted) {
      if (text === this.trappedText) return;
      try {
        spans = text.trim() ? analyzeIncremental(text, this.options.analyze, this.cache) : [];
      } catch (err) {
        if (err instanceof TrapError) {
          this.trappedText = text;
          this.unpaint();
          this.dispatchEvent(new CustomEvent('error', { detail: { error: err, size: text.length } }));
          return;
        }
        throw err;
      }
      this.trappedText = null;
    }
    this.text = text;
    this.spans = spans;
    this.segments = segments;
    this.paint();
    this.dispatchEvent(new CustomEvent('change', { detail: { spans, text } }));
  }

  paint() {
    this.painted = true;
    if (this.mode === 'mark') {
      const extra = [];
      for (const s of this.spans) {
        if (s.kind !== 'quote') continue;
        if (s.speaker) extra.push({ name: 'lede-speaker', start: s.speaker.start, end: s.speaker.end });
        if (s.cue) extra.push({ name: 'lede-cue', start: s.cue.start, end: s.cue.end });
      }
      this.withoutObserving(() => {
        unmark(this.element);
        const { segments } = collectText(this.element, { skip: this.options.skip });
        markUp(segments, this.spans, { kinds: this.kinds, extra, doc: this.element.ownerDocument });
      });
      return;
    }
    const doc = this.element.ownerDocument;
    const next = new Map(KIND_NAMES.map((n) => [n, []]));
    const add = (name, start, end) => {
      if (!enabled(name, this.kinds)) return;
      const r = rangeFor(this.segments, start, end, doc);
      if (r) next.get(name).push(r);
    };
    for (const s of this.spans) {
      add(highlightName(s), s.start, s.end);
      if (s.kind === 'quote') {
        if (s.speaker) add('lede-speaker', s.speaker.start, s.speaker.end);
        if (s.cue) add('lede-cue', s.cue.start, s.cue.end);
      }
    }
    this.unpaint();
    for (const [name, ranges] of next) {
      if (!ranges.length) continue;
      const h = sharedHighlight(doc, name);
      for (const r of ranges) h.add(r);
    }
    this.ranges = next;
  }

  /** Removes this controller's ranges (highlight mode) or marks (mark mode). */
  unpaint() {
    this.painted = false;
    if (this.mode === 'mark') {
      if (this.element.querySelector?.('mark.lede-mark')) this.withoutObserving(() => unmark(this.element));
      return;
    }
    const byName = shared.get(this.element.ownerDocument);
    if (!byName) return;
    for (const [name, ranges] of this.ranges) {
      const h = byName.get(name);
      if (h) for (const r of ranges) h.delete(r);
    }
    this.ranges = new Map();
  }

  withoutObserving(fn) {
    if (!this.observer) return fn();
    this.observer.disconnect();
    try {
      return fn();
    } finally {
      this.observer.takeRecords();
      if (this.active) this.observe();
    }
  }

  /**
   * Shows only these kinds ("quote", "number", "entity", "entity-PER", …); repaints without re-analysing.
   * @param {Iterable<string> | null} kinds null for all.
   */
  setKinds(kinds) {
    this.kinds = kinds ? new Set(kinds) : undefined;
    if (!this.painted && !this.spans.length) return;
    if (!this.element.isConnected) return;
    if (this.mode === 'mark') this.withoutObserving(() => unmark(this.element));
    this.segments = collectText(this.element, { skip: this.options.skip }).segments;
    this.paint();
    this.dispatchEvent(new CustomEvent('change', { detail: { spans: this.spans, text: this.text } }));
  }

  /** Removes the highlights and stops following changes (until `update()`). */
  clear() {
    clearTimeout(this.timer);
    this.timer = 0;
    this.active = false;
    this.observer?.disconnect();
    this.observing = false;
    this.unpaint();
  }

  /** Alias of `clear()`. */
  disconnect() {
    this.clear();
  }
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
  ctl.update().catch((error) => ctl.dispatchEvent(new CustomEvent('error', { detail: { error } })));
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
