// dom.js — the one mapping between a DOM subtree and the plain text lede
// analyses, shared by the page, the embed (lede.js) and the browser extension.
//
// Why a module of its own: lede works on a flat string with UTF-16 offsets,
// while a page keeps its text in many text nodes under many elements. This
// module walks the text nodes once (`collectText`), remembers where each node
// begins in the flat string (`segments`), and turns any `[start, end)` of that
// string back into a DOM `Range` (`rangeFor`) by binary search, so a highlight
// can cross element boundaries (`<p>He said “a <b>bold</b> plan”</p>`).
// Painting goes through the CSS Custom Highlight API (`paint`, `clear`), which
// never touches the DOM; `markUp` is the `<mark>` fallback for browsers or
// hosts that need real elements.
//
// Nothing here inserts markup from text: all elements are made with
// `createElement` and all text with `createTextNode`.

/** Elements whose text is never analysed: code, scripts, styles, form fields. */
const SKIP_TAGS = new Set([
  'SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'TEXTAREA', 'PRE', 'CODE',
  'SVG', 'MATH', 'CANVAS', 'IFRAME', 'OBJECT', 'VIDEO', 'AUDIO', 'SELECT', 'INPUT', 'BUTTON',
]);

/** Block-level elements, used when computed styles are unavailable (detached trees). */
const BLOCK_TAGS = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'BODY', 'DD', 'DETAILS', 'DIALOG', 'DIV', 'DL', 'DT',
  'FIELDSET', 'FIGCAPTION', 'FIGURE', 'FOOTER', 'FORM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER',
  'HGROUP', 'HR', 'LI', 'MAIN', 'NAV', 'OL', 'P', 'SECTION', 'SUMMARY', 'TABLE', 'TBODY', 'TD', 'TFOOT',
  'TH', 'THEAD', 'TR', 'UL', 'CAPTION', 'LEGEND',
]);

/** The separator between two blocks: a blank line, which the core treats as a paragraph break. */
const BLOCK_BREAK = '\n\n';

/**
 * @typedef {object} Segment
 * @property {Text} node   The text node.
 * @property {number} start UTF-16 offset in `text` where `node.data` begins.
 * @property {number} end   UTF-16 offset in `text` where it ends (`start + node.data.length` at collection time).
 */

/**
 * @typedef {object} CollectOptions
 * @property {(el: Element) => boolean} [skip] Return true to leave an element (and its subtree) out.
 * @property {boolean} [styles=true] Consult computed styles (display:none, block vs inline,
 *   white-space). Turn off for speed on huge trees; tag names are used instead.
 */

/**
 * Walks the text nodes under `root` in document order and returns the text lede
 * should analyse, with a map back to the nodes.
 *
 * Skipped: `script, style, noscript, template, textarea, pre, code` (and other
 * non-prose elements), `[contenteditable=false]` islands, elements with the
 * `hidden` attribute or `display: none`, and any element for which
 * `options.skip(el)` is true. Blocks are separated by "\n\n" so paragraphs stay
 * separate; `<br>` becomes "\n". In text whose `white-space` collapses, line
 * breaks and tabs are read as spaces, one for one, so offsets still equal the
 * node's own offsets.
 *
 * @param {Node} root
 * @param {CollectOptions} [options]
 * @returns {{ text: string, segments: Segment[] }} `segments` is sorted by `start`.
 */
export function collectText(root, options = {}) {
  const skip = options.skip;
  const view = root.ownerDocument?.defaultView ?? (root.defaultView || null);
  const useStyles = options.styles !== false && !!view && root.isConnected;
  /** @type {string[]} */
  const parts = [];
  /** @type {Segment[]} */
  const segments = [];
  let length = 0;
  let pending = ''; // separator owed before the next text
  let lastChar = ''; // last character emitted

  const owe = (sep) => {
    if (length === 0) return; // no separator before the first text
    if (sep.length > pending.length) pending = sep;
  };

  const emit = (node, collapse) => {
    let data = node.data;
    if (data.length === 0) return;
    if (collapse && /^[ \t\r\n\f]*$/.test(data)) {
      // Inter-element whitespace: keep one space between inline runs only.
      if (pending || length === 0 || lastChar === ' ' || lastChar === '\n') return;
    }
    if (pending) {
      parts.push(pending);
      length += pending.length;
      pending = '';
    }
    if (collapse && /[\t\r\n\f]/.test(data)) data = data.replace(/[\t\r\n\f]/g, ' ');
    segments.push({ node, start: length, end: length + data.length });
    parts.push(data);
    length += data.length;
    lastChar = data[data.length - 1];
  };

  // Iterative walk: [node, collapse] pairs, with block exits marked.
  const EXIT = 1;
  /** @type {Array<[Node, boolean, number]>} */
  const stack = [[root, true, 0]];
  if (root.nodeType === 1 && useStyles) stack[0][1] = collapses(view.getComputedStyle(root));
  while (stack.length) {
    const [node, collapse, flag] = stack.pop();
    if (flag === EXIT) {
      owe(BLOCK_BREAK);
      continue;
    }
    if (node.nodeType === 3) {
      emit(/** @type {Text} */ (node), collapse);
      continue;
    }
    if (node.nodeType !== 1 && node.nodeType !== 9 && node.nodeType !== 11) continue;
    let childCollapse = collapse;
    if (node.nodeType === 1 && node !== root) {
      const el = /** @type {Element} */ (node);
      const tag = el.tagName.toUpperCase();
      if (SKIP_TAGS.has(tag) || el.hasAttribute('hidden') || el.getAttribute('contenteditable') === 'false') continue;
      if (el.getAttribute('aria-hidden') === 'true') continue;
      if (skip && skip(el)) continue;
      if (tag === 'BR') {
        owe('\n');
        continue;
      }
      let block = BLOCK_TAGS.has(tag);
      if (useStyles) {
        const cs = view.getComputedStyle(el);
        const display = cs.display;
        if (display === 'none') continue;
        if (display) block = !display.startsWith('inline') && display !== 'contents' && display !== 'ruby';
        childCollapse = collapses(cs);
      }
      if (block) {
        owe(BLOCK_BREAK);
        stack.push([el, childCollapse, EXIT]);
      }
    }
    // Children in reverse so the first child is popped first.
    for (let c = node.lastChild; c; c = c.previousSibling) stack.push([c, childCollapse, 0]);
  }
  return { text: parts.join(''), segments };
}

/** True when this style collapses line breaks (so "\n" in the source is a space on screen). */
function collapses(cs) {
  // `white-space-collapse` (the newer longhand) alone decides where it exists: one read per element.
  const wsc = cs.whiteSpaceCollapse;
  if (wsc) return !(wsc === 'preserve' || wsc === 'preserve-breaks' || wsc === 'break-spaces');
  const ws = cs.whiteSpace || 'normal';
  return !(ws === 'pre' || ws === 'pre-wrap' || ws === 'pre-line' || ws === 'break-spaces');
}

/**
 * Index of the last segment whose start is ≤ `pos` (or -1).
 * @param {Segment[]} segments
 * @param {number} pos
 */
function segmentAt(segments, pos) {
  let lo = 0;
  let hi = segments.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (segments[mid].start <= pos) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

/**
 * A `Range` covering UTF-16 `[start, end)` of the text `collectText` returned,
 * crossing element boundaries as needed; ends that fall in a separator are
 * moved inwards to the nearest text. Returns null for an empty or out-of-range
 * span, or when the nodes changed so much the offsets no longer fit.
 *
 * @param {Segment[]} segments
 * @param {number} start
 * @param {number} end
 * @param {Document} [doc]
 * @returns {Range | null}
 */
export function rangeFor(segments, start, end, doc = globalThis.document) {
  if (!(end > start) || segments.length === 0) return null;
  return rangeFrom(segments, segmentAt(segments, start), start, end, doc);
}

/**
 * `rangeFor` as a `StaticRange`, made without a live `Range`. Why: the
 * document keeps every live Range it has handed out (until it is garbage
 * collected) and updates each one on every node removal or text change, so
 * thousands made and dropped by a caller that keeps only static copies cost
 * the page on each of its own DOM changes: measured, 20,000 paragraphs left
 * ~50 ms of script in every `textContent =` of a page's clock.
 *
 * @param {Segment[]} segments
 * @param {number} start
 * @param {number} end
 * @returns {StaticRange | null}
 */
export function staticRangeFor(segments, start, end) {
  if (!(end > start) || segments.length === 0) return null;
  return rangeFrom(segments, segmentAt(segments, start), start, end, null, true);
}

/**
 * `rangeFor` for many spans at once: one Range (or null) per span, in the
 * order given. Spans sorted by start (the contract's order) are found by one
 * forward pass over the segments, each from where the previous one began,
 * instead of a binary search each; any other order still works (a span before
 * the cursor is looked up by binary search).
 *
 * @param {Segment[]} segments
 * @param {ArrayLike<{start: number, end: number}>} spans
 * @param {Document} [doc]
 * @returns {Array<Range | null>}
 */
export function rangesFor(segments, spans, doc = globalThis.document) {
  const out = new Array(spans.length);
  const n = segments.length;
  let i = -1; // last segment whose start is ≤ the previous span's start
  for (let k = 0; k < spans.length; k++) {
    const { start, end } = spans[k];
    if (!(end > start) || n === 0) {
      out[k] = null;
      continue;
    }
    if (i >= 0 && start < segments[i].start) i = segmentAt(segments, start);
    else while (i + 1 < n && segments[i + 1].start <= start) i++;
    out[k] = rangeFrom(segments, i, start, end, doc);
  }
  return out;
}

/**
 * The Range of `[start, end)` given `i`, the last segment whose start is ≤
 * `start` (-1 for none). The end's segment is found by scanning forward from
 * `i`: a span covers few text nodes, so this is as cheap as a lookup.
 */
function rangeFrom(segments, i, start, end, doc, asStatic = false) {
  if (i < 0 || start >= segments[i].end) {
    i += 1; // start is in a separator (or before the first text): move to the next node
    if (i >= segments.length) return null;
    start = segments[i].start;
  }
  let j = i;
  while (j + 1 < segments.length && segments[j + 1].start <= end - 1) j++;
  if (end > segments[j].end) end = segments[j].end; // end is in a separator: back to the node's end
  if (end <= start) return null;
  const a = segments[i];
  const b = segments[j];
  const aOff = start - a.start;
  const bOff = end - b.start;
  if (aOff > a.node.length || bOff > b.node.length) return null;
  if (asStatic) return new StaticRange({ startContainer: a.node, startOffset: aOff, endContainer: b.node, endOffset: bOff });
  const range = (doc || a.node.ownerDocument).createRange();
  range.setStart(a.node, aOff);
  range.setEnd(b.node, bOff);
  return range;
}

/**
 * The highlight names, one per kind/label, in painting order (later paints on
 * top). Style them with `::highlight(lede-quote) { … }`.
 * `lede-speaker` and `lede-cue` mark a quote's speaker and reporting verb;
 * `lede-hover` and `lede-focus` are transient (hovered group, current item).
 */
export const KIND_HIGHLIGHTS = Object.freeze([
  'lede-quote',
  'lede-speaker',
  'lede-cue',
  'lede-entity-PER',
  'lede-entity-ORG',
  'lede-entity-LOC',
  'lede-entity-MISC',
  'lede-number',
  'lede-hover',
  'lede-focus',
]);

/** The toggleable kinds, as `kinds` options and legends name them. */
export const KINDS = Object.freeze(['quote', 'number', 'entity-PER', 'entity-ORG', 'entity-LOC', 'entity-MISC']);

/**
 * The highlight name for a span of the JSON contract (or a pseudo-span of
 * kind "speaker" / "cue"): `lede-quote`, `lede-number`, `lede-entity-PER`, …
 * @param {{kind: string, label?: string}} span
 * @returns {string}
 */
export function highlightName(span) {
  // The usual names come from a table: paint() asks once per span, and a
  // string built per call is an allocation per highlight.
  if (span.kind === 'entity') return ENTITY_NAMES[span.label] ?? `lede-entity-${span.label || 'MISC'}`;
  return KIND_NAMES[span.kind] ?? `lede-${span.kind}`;
}

const KIND_NAMES = { quote: 'lede-quote', number: 'lede-number', speaker: 'lede-speaker', cue: 'lede-cue' };
const ENTITY_NAMES = { PER: 'lede-entity-PER', ORG: 'lede-entity-ORG', LOC: 'lede-entity-LOC', MISC: 'lede-entity-MISC' };

/**
 * The toggle a highlight name belongs to: `lede-speaker` → "quote",
 * `lede-entity-ORG` → "entity-ORG".
 * @param {string} name
 */
export function kindOf(name) {
  const k = name.slice(5);
  return k === 'speaker' || k === 'cue' ? 'quote' : k;
}

/**
 * Whether highlight `name` is on for a `kinds` selection. `kinds` lists kinds
 * ("quote", "number", "entity") or entity labels ("entity-PER"); absent = all.
 * @param {string} name
 * @param {Iterable<string> | undefined} kinds
 */
export function enabled(name, kinds) {
  if (!kinds) return true;
  const set = kinds instanceof Set ? kinds : new Set(kinds);
  const k = kindOf(name);
  if (k === 'hover' || k === 'focus') return true;
  return set.has(k) || (k.startsWith('entity-') && set.has('entity'));
}

const PRIORITY = Object.fromEntries(KIND_HIGHLIGHTS.map((n, i) => [n, i]));

/**
 * @typedef {object} SpanWithRange
 * @property {{kind: string, label?: string}} span A span of the JSON contract (or {kind:"speaker"|"cue"}).
 * @property {Range | AbstractRange} range Where it is in the DOM.
 * @property {string} [name] Highlight name; defaults to `highlightName(span)`.
 */

/**
 * Paints spans with the CSS Custom Highlight API: one `Highlight` per name,
 * registered in `registry` (replacing lede's previous ones). Does not touch the
 * DOM. Names switched off by `kinds` are removed from the registry.
 *
 * @param {SpanWithRange[]} spansWithRanges
 * @param {{ registry?: HighlightRegistry, kinds?: Iterable<string> }} [options]
 * @returns {Map<string, Highlight>} the highlights now registered, by name.
 */
export function paint(spansWithRanges, { registry = globalThis.CSS?.highlights, kinds } = {}) {
  if (!registry) throw new Error('lede: the CSS Custom Highlight API is not available; use markUp()');
  const kindSet = kinds ? new Set(kinds) : undefined;
  /** @type {Map<string, Range[]>} */
  const byName = new Map();
  /** @type {Map<string, boolean>} whether a name is on: decided once per name, not per span */
  const on = new Map();
  for (const item of spansWithRanges) {
    if (!item || !item.range) continue;
    const name = item.name || highlightName(item.span);
    let ok = on.get(name);
    if (ok === undefined) on.set(name, (ok = enabled(name, kindSet)));
    if (!ok) continue;
    let list = byName.get(name);
    if (!list) byName.set(name, (list = []));
    list.push(item.range);
  }
  const out = new Map();
  for (const name of KIND_HIGHLIGHTS) {
    if (name === 'lede-hover' || name === 'lede-focus') continue; // transient, owned by the caller
    const ranges = byName.get(name);
    if (!ranges || !enabled(name, kindSet)) {
      registry.delete(name);
      continue;
    }
    const h = new Highlight(...ranges);
    h.priority = PRIORITY[name];
    registry.set(name, h);
    out.set(name, h);
  }
  return out;
}

/**
 * Sets one transient highlight (`lede-hover` or `lede-focus`) to `ranges`, or
 * removes it when `ranges` is empty.
 * @param {string} name
 * @param {Range[]} ranges
 * @param {{ registry?: HighlightRegistry }} [options]
 */
export function paintTransient(name, ranges, { registry = globalThis.CSS?.highlights } = {}) {
  if (!registry) return;
  if (!ranges.length) {
    registry.delete(name);
    return;
  }
  const h = new Highlight(...ranges);
  h.priority = PRIORITY[name] ?? 100;
  registry.set(name, h);
}

/**
 * Removes every lede highlight (names starting with "lede-") from `registry`.
 * @param {{ registry?: HighlightRegistry }} [options]
 */
export function clear({ registry = globalThis.CSS?.highlights } = {}) {
  if (!registry) return;
  for (const name of [...registry.keys()]) if (String(name).startsWith('lede-')) registry.delete(name);
}

/** True when this browser has the CSS Custom Highlight API. */
export function highlightsSupported() {
  return typeof globalThis.Highlight === 'function' && !!globalThis.CSS?.highlights;
}

/**
 * The `<mark>` fallback: wraps the parts of text nodes covered by spans in
 * `<mark class="lede-mark" data-lede="lede-quote">` elements (nested where
 * spans nest), for browsers without the Highlight API and for hosts that want
 * real elements (screen readers announce marks). Mutates the DOM; `unmark`
 * undoes it. `spans` must be sorted by start (the contract's order).
 *
 * @param {Segment[]} segments from `collectText` on the current DOM.
 * @param {Array<{kind: string, label?: string, start: number, end: number}>} spans
 * @param {{ kinds?: Iterable<string>, doc?: Document, extra?: Array<{name: string, start: number, end: number}> }} [options]
 *   `extra` adds named pieces (e.g. speakers) painted like spans.
 * @returns {HTMLElement[]} the marks created, in document order of their text.
 */
export function markUp(segments, spans, { kinds, doc = globalThis.document, extra = [] } = {}) {
  const kindSet = kinds ? new Set(kinds) : undefined;
  const items = [];
  for (const s of spans) {
    const name = highlightName(s);
    if (enabled(name, kindSet) && s.end > s.start) items.push({ name, start: s.start, end: s.end });
  }
  for (const e of extra) if (enabled(e.name, kindSet) && e.end > e.start) items.push(e);
  items.sort(byNesting);
  const marks = [];
  let next = 0;
  /** @type {typeof items} */
  let active = [];
  for (const seg of segments) {
    const node = seg.node;
    if (!node.parentNode) continue;
    const segEnd = seg.start + Math.min(node.length, seg.end - seg.start);
    active = active.filter((it) => it.end > seg.start);
    while (next < items.length && items[next].start < segEnd) {
      if (items[next].end > seg.start) active.push(items[next]);
      next += 1;
    }
    if (!active.length) continue;
    // Clip to this node and nest: a span inside another becomes a mark inside its mark.
    const clipped = active
      .map((it) => ({ name: it.name, origin: it.start, start: Math.max(it.start, seg.start), end: Math.min(it.end, segEnd) }))
      .filter((it) => it.end > it.start)
      .sort(byNesting);
    const frag = doc.createDocumentFragment();
    nest({ doc, data: node.data, base: seg.start, marks }, clipped, seg.start, segEnd, frag);
    node.parentNode.replaceChild(frag, node);
    active = active.filter((it) => it.end > segEnd);
  }
  return marks;
}

/** Outer spans first: by start, then longest, then painting order. */
function byNesting(a, b) {
  return a.start - b.start || b.end - a.end || PRIORITY[a.name] - PRIORITY[b.name];
}

/**
 * Appends to `parent` the text `[start, end)` of one text node with `list`
 * (sorted by `byNesting`, all inside `[start, end)`) as nested marks. A span
 * that crosses the end of an earlier one is split at that end. Linear in the
 * number of spans for flat or properly nested spans.
 */
function nest(ctx, list, start, end, parent) {
  const { doc, data, base, marks } = ctx;
  const text = (a, b) => parent.appendChild(doc.createTextNode(data.slice(a - base, b - base)));
  let pos = start;
  let k = 0;
  let carry = []; // remainders of split spans, starting at `pos`
  while (carry.length || k < list.length) {
    const it = carry.length ? carry.shift() : list[k++];
    if (it.end <= pos) continue;
    if (it.start < pos) it.start = pos;
    if (it.start > pos) text(pos, it.start);
    const children = [];
    const rest = [];
    const split = (c) => {
      if (c.end <= it.end) children.push(c);
      else {
        children.push({ ...c, end: it.end });
        rest.push({ ...c, start: it.end });
      }
    };
    while (carry.length) split(carry.shift());
    while (k < list.length && list[k].start < it.end) split(list[k++]);
    const m = doc.createElement('mark');
    m.className = `lede-mark ${it.name}`;
    m.dataset.lede = it.name;
    m.dataset.ledeStart = String(it.origin);
    marks.push(m);
    parent.appendChild(m);
    nest(ctx, children, it.start, it.end, m);
    pos = it.end;
    carry = rest.sort(byNesting);
  }
  if (pos < end) text(pos, end);
}

/**
 * Removes the marks `markUp` made under `root`, restoring plain text nodes.
 * @param {ParentNode} root
 */
export function unmark(root) {
  const marks = root.querySelectorAll('mark.lede-mark');
  const parents = new Set();
  for (let i = marks.length - 1; i >= 0; i--) {
    const m = marks[i];
    const parent = m.parentNode;
    if (!parent) continue;
    while (m.firstChild) parent.insertBefore(m.firstChild, m);
    parent.removeChild(m);
    parents.add(parent);
  }
  for (const p of parents) if (p.isConnected || p === root) p.normalize();
}

/**
 * The text offset of a DOM position (node, offset) under the segments, or -1
 * when the position is not in a collected text node. For hit-testing
 * (`caretPositionFromPoint`) and selections.
 * @param {Segment[]} segments
 * @param {Node} node
 * @param {number} offset
 * @param {Map<Node, Segment>} [index] a prebuilt node → segment map, for repeated calls.
 */
export function offsetOf(segments, node, offset, index) {
  const seg = index ? index.get(node) : segments.find((s) => s.node === node);
  return seg ? seg.start + Math.min(offset, seg.end - seg.start) : -1;
}

// ---------------------------------------------------------------- near the viewport

// Why: Chromium keeps custom highlights as document markers and, on every DOM
// change anywhere in the document (a keystroke, a ticking clock, a rotating
// ad), revalidates and repaints every text node holding a registered range,
// wherever it is (HighlightRegistry::ValidateHighlightMarkers): ~24 µs of
// paint + ~4.5 µs of marker rebuild per registered range. So the embed
// (lede.js) and the extension register the ranges of an element only while it
// is near the viewport, and this is the one piece that knows which elements
// are. Ranges of the others are kept aside, registered as they scroll in.

/** How far beyond the viewport (every side) an element still counts as near. */
export const NEAR_MARGIN = '320px';

/**
 * Tracks which of a set of elements are near the viewport (within `margin`)
 * and which are on screen, with IntersectionObservers, and tells `changed`
 * whenever that may have changed for some of them. While the window prints
 * (beforeprint … afterprint) every element counts as on screen, so a printout
 * shows every highlight.
 */
export class NearViewport {
  /**
   * @param {Window} view the window whose viewport counts.
   * @param {(elements: Iterable<Element>) => void} changed called with the elements whose state
   *   changed (every observed element when printing starts or ends).
   * @param {{margin?: string, onScreen?: boolean, unknown?: boolean}} [options]
   *   `onScreen`: also track what is on screen (a second observer; default true; when false,
   *   `onScreen` answers like `near`). `unknown`: what an element counts as until its first report,
   *   which comes after the next frame (default true: near and on screen, so nothing flashes in).
   */
  constructor(view, changed, { margin = NEAR_MARGIN, onScreen = true, unknown = true } = {}) {
    this.view = view;
    this.changed = changed;
    this.unknown = unknown;
    /** @type {Map<Element, {near?: boolean, screen?: boolean}>} last reports; undefined = none yet */
    this.state = new Map();
    this.printing = false;
    const IO = view.IntersectionObserver;
    // scrollMargin (where supported) widens the clip of every scrolling box, the page's and a scrolling
    // pane's; rootMargin only the viewport's (with both, the page would get the margin twice).
    const wide = 'scrollMargin' in IO.prototype ? { scrollMargin: margin } : { rootMargin: margin };
    this.io = [new IO((entries) => this.reported(entries, 'near'), wide)];
    if (onScreen) this.io.push(new IO((entries) => this.reported(entries, 'screen')));
    this.onPrint = (e) => {
      this.printing = e.type === 'beforeprint';
      this.changed(this.state.keys());
    };
    view.addEventListener('beforeprint', this.onPrint);
    view.addEventListener('afterprint', this.onPrint);
  }

  /** Starts tracking `el` (once; again is a no-op). */
  observe(el) {
    if (this.state.has(el)) return;
    this.state.set(el, {});
    for (const io of this.io) io.observe(el);
  }

  /** Stops tracking `el`. */
  unobserve(el) {
    if (!this.state.delete(el)) return;
    for (const io of this.io) io.unobserve(el);
  }

  /** Whether `el` is within the margin of the viewport (or printing, or not reported yet and `unknown`). */
  near(el) {
    if (this.printing) return true;
    const s = this.state.get(el);
    if (!s) return this.unknown;
    return s.screen === true || (s.near ?? this.unknown);
  }

  /** Whether `el` is on screen (or printing, or not reported yet and `unknown`). */
  onScreen(el) {
    if (this.io.length < 2) return this.near(el);
    if (this.printing) return true;
    return this.state.get(el)?.screen ?? this.unknown;
  }

  /** Stops tracking every element, for good. */
  disconnect() {
    for (const io of this.io) io.disconnect();
    this.io = [];
    this.state.clear();
    this.view.removeEventListener('beforeprint', this.onPrint);
    this.view.removeEventListener('afterprint', this.onPrint);
    this.printing = false;
  }

  /** IntersectionObserver callback: records `key` for each entry, then reports the elements. */
  reported(entries, key) {
    const els = [];
    for (const e of entries) {
      const s = this.state.get(e.target);
      if (!s) continue;
      s[key] = e.isIntersecting;
      els.push(e.target);
    }
    if (els.length) this.changed(els);
  }
}
