// content.js — what one click on the toolbar button does to the current tab.
//
// Loaded as a module into the content script's isolated world by loader.js
// (so it can import dom.js, the module the page and the embed share).
// `toggle()` starts a session or, if one is running, clears it.
//
// A session: find the article, cut it into blocks, read each block's text
// with dom.js's `collectText`, send the text in batches to the service worker
// (the wasm runs there: a page's CSP cannot block it), map the spans it
// returns onto DOM ranges with `staticRangeFor`, and paint them with the CSS Custom
// Highlight API. The page's DOM is never modified; the only element added is
// the legend's host. Each batch is an `await` on the worker, so the page's
// own scripts, input and rendering run between batches. Afterwards a
// MutationObserver re-reads only the blocks that changed, debounced.
//
// Only the ranges of blocks near the viewport are registered (dom.js's
// NearViewport, as the embed does): Chromium revalidates and repaints every
// registered highlight of the document on each DOM change, wherever it is,
// so on a page that changes on its own (a clock, a live blog, an ad) 8,200
// ranges registered cost ~90 ms of main-thread work per change (measured on
// 2,000 paragraphs, tests/e2e/extension-frames.mjs): the page froze. Every
// block keeps its items, so counts, navigation, toggles and `clear` still
// cover the whole page; a block's ranges are registered as it scrolls in
// (navigation scrolls to an item, so it paints), and all of them while the
// page prints. Only a window of blocks around the viewport is watched
// (WATCH_AROUND): the observer too costs per target on every DOM change.

import { collectText, staticRangeFor, highlightName, kindOf, KINDS, paintTransient, NearViewport } from './dom.js';
import { makeSkip, findArticle, blocksOf, looksLikeArticle, insideSkipped } from './article.js';
import { Painter } from './painter.js';
import { Legend } from './legend.js';
import { loadSettings } from './settings.js';
import { pageCss } from './theme.js';

/** Text per message to the worker (UTF-16 units): big enough to amortise the round trip. */
const BATCH_CHARS = 64 * 1024;
/** Longest stretch of main-thread work between two yields, in ms. */
const SLICE_MS = 12;
/** Quiet time before re-analysing mutations, and the longest a change waits. */
const DEBOUNCE_MS = 200;
const MAX_WAIT_MS = 1000;

/**
 * Blocks watched on each side of those near the viewport. Why not all of
 * them: an IntersectionObserver costs ~3 µs per target on every DOM change
 * of the page too (measured: 20,000 watched blocks, ~60 ms per change of a
 * page's clock), so only a window of blocks around the viewport is watched,
 * moved as the near ones move, and found again by position after a jump.
 */
const WATCH_AROUND = 100;
/** The margin (px) of dom.js's NearViewport, for finding the viewport by position. */
const NEAR_PX = 320;

const LABEL_NAMES = { PER: 'Person', ORG: 'Organisation', LOC: 'Place', MISC: 'Name' };

/** Lets the event loop run (input, rendering, the page's own tasks). */
function yieldToPage() {
  if (globalThis.scheduler?.yield) return globalThis.scheduler.yield();
  return new Promise((r) => setTimeout(r, 0));
}

/** A live Range from a StaticRange, for geometry and scrolling. */
function liveRange(r) {
  const range = document.createRange();
  try {
    range.setStart(r.startContainer, r.startOffset);
    range.setEnd(r.endContainer, r.endOffset);
  } catch {
    return null; // the text changed under it
  }
  return range;
}

/** Asks the service worker to analyse `text`. */
async function analyzeRemote(text) {
  const reply = await chrome.runtime.sendMessage({ type: 'lede:analyze', text });
  if (!reply || reply.error) throw new Error(reply?.error || 'lede: no answer from the extension');
  return reply.spans;
}

function report(message) {
  chrome.runtime.sendMessage({ type: 'lede:status', ...message }).catch(() => {});
}

/**
 * @typedef {object} Item   one painted span
 * @property {object} span  the span of the JSON contract (offsets local to its batch)
 * @property {string} name  highlight name
 * @property {StaticRange} range
 * @property {Block} block
 * @property {string} [group] entity group key ("PER Jane Doe") for counting mentions
 * @property {boolean} [piece] a quote's speaker or cue, not a navigation stop
 */

/**
 * @typedef {object} Block  one block of the article
 * @property {Element} el
 * @property {Item[]} items
 * @property {boolean} shown its items' ranges are in the painter (the block is near the viewport)
 */

class Session {
  constructor() {
    this.stopped = false;
    this.started = performance.now();
    /** @type {Set<Element>} article roots (more than one after infinite scroll) */
    this.roots = new Set();
    /** @type {Map<Element, Block>} */
    this.blocks = new Map();
    /** entity group key → number of mentions painted */
    this.mentions = new Map();
    this.counts = Object.fromEntries(KINDS.map((k) => [k, 0]));
    /** @type {WeakMap<AbstractRange, Item>} */
    this.itemOf = new WeakMap();
    /** @type {Item[] | null} navigation order cache */
    this.order = null;
    this.current = -1;
    this.queue = new Set(); // blocks waiting for (re-)analysis
    this.working = null; // the running drain, if any
    this.errors = 0;
    /** Where the time goes (ms): reading the DOM, waiting for the worker, mapping and painting. */
    this.timing = { read: 0, analyse: 0, paint: 0 };
    this.flushed = false;
    this.lastFlush = 0;
  }

  async start() {
    this.settings = await loadSettings();
    if (this.stopped) return;
    this.painter = new Painter(KINDS.filter((k) => this.settings.kinds[k]));
    // Blocks count as far until their first report (a frame later): a block
    // analysed before its first report would otherwise be registered, then
    // taken out again, which on a long page is the whole page's ranges.
    this.viewport = new NearViewport(window, (els) => this.moved(els), { onScreen: false, unknown: false });
    /** @type {Block[] | null} blocks with items in document order (cached), each with its `index` */
    this.sequence = null;
    /** @type {Set<Block>} the blocks the viewport watches: a window of `sequence` */
    this.watched = new Set();
    this.printed = false;
    this.retargetFrame = 0;
    this.onScroll = () => this.retargetSoon();
    document.addEventListener('scroll', this.onScroll, { capture: true, passive: true });
    window.addEventListener('resize', this.onScroll, { passive: true });
    const doc = document;
    this.legend = new Legend({
      doc,
      theme: this.settings.theme,
      kinds: this.settings.kinds,
      onToggle: (kind, on) => this.toggleKind(kind, on),
      onStep: (step) => this.step(step),
      onClose: () => stopSession('closed'),
    });
    this.skip = makeSkip(this.legend.host);
    this.sheet = new CSSStyleSheet();
    this.sheet.replaceSync(pageCss(this.settings.theme));
    doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, this.sheet];
    this.legend.mount();

    this.onMove = (e) => this.hover(e);
    doc.addEventListener('mousemove', this.onMove, { capture: true, passive: true });

    this.addRoot(findArticle(doc, this.skip));
    this.observer = new MutationObserver((records) => this.mutated(records));
    this.observer.observe(doc.documentElement, { childList: true, subtree: true, characterData: true });
    report({ state: 'running', counts: this.counts });
    await this.drain();
  }

  /** Adds an article root and queues its blocks. */
  addRoot(root) {
    for (const r of this.roots) {
      if (r === root || r.contains(root)) return;
      if (root.contains(r)) this.dropRoot(r);
    }
    this.roots.add(root);
    for (const el of blocksOf(root, this.skip)) this.queueBlock(el);
  }

  dropRoot(root) {
    this.roots.delete(root);
    for (const [el, block] of this.blocks) if (root.contains(el) || !el.isConnected) this.dropBlock(block);
  }

  queueBlock(el) {
    let block = this.blocks.get(el);
    if (!block) this.blocks.set(el, (block = { el, items: [], shown: false }));
    this.queue.add(block);
  }

  dropBlock(block) {
    this.unpaint(block);
    this.viewport.unobserve(block.el);
    this.watched.delete(block);
    this.blocks.delete(block.el);
    this.queue.delete(block);
  }

  /** Analyses every queued block, in batches; resolves when the queue is empty. */
  drain() {
    if (!this.working) {
      this.working = this.work().finally(() => {
        this.working = null;
      });
    }
    return this.working;
  }

  async work() {
    let done = 0;
    while (this.queue.size && !this.stopped) {
      let slice = performance.now();
      /** @type {Array<{block: Block, text: string, segments: any[], offset: number}>} */
      const batch = [];
      let chars = 0;
      for (const block of this.queue) {
        this.queue.delete(block);
        if (!block.el.isConnected) {
          this.dropBlock(block);
          continue;
        }
        const tc = performance.now();
        const { text, segments } = collectText(block.el, { skip: this.skip });
        this.timing.read += performance.now() - tc;
        if (!text.trim()) {
          this.unpaint(block);
          continue;
        }
        batch.push({ block, text, segments, offset: chars });
        chars += text.length + 2;
        if (chars >= BATCH_CHARS) break;
        if (performance.now() - slice > SLICE_MS) {
          await yieldToPage();
          if (this.stopped) return;
          slice = performance.now();
        }
      }
      if (!batch.length) continue;
      const total = done + batch.length + this.queue.size;
      let spans;
      const ta = performance.now();
      try {
        spans = await analyzeRemote(batch.map((b) => b.text).join('\n\n'));
        this.timing.analyse += performance.now() - ta;
      } catch (e) {
        this.errors += 1;
        console.warn(String(e?.message || e));
        this.legend.setStatus('Part of the page could not be analysed');
        continue;
      }
      if (this.stopped) return;
      const tp = performance.now();
      this.apply(batch, spans);
      // Show the first batch at once (the top of the article), then at
      // intervals growing with the elapsed time: O(log) repaints in all.
      if (tp - this.lastFlush >= Math.max(400, (tp - this.started) / 2) || !this.flushed) {
        this.painter.flush();
        this.flushed = true;
        this.lastFlush = performance.now();
      }
      this.timing.paint += performance.now() - tp;
      done += batch.length;
      // The legend changes at most once a second: each change is a frame, and
      // with 100,000 ranges painted a frame costs the browser O(ranges)
      // (measured on 20,000 paragraphs: updates every 250 ms took 31 s in all,
      // every 2.5 s took 20 s).
      if (!this.queue.size || performance.now() - (this.lastLegend || 0) > 1000) {
        this.legend.setStatus(this.queue.size ? `Analysing… ${Math.floor((100 * done) / total)}%` : '');
        this.legend.setCounts(this.counts);
        this.lastLegend = performance.now();
      }
      if (this.queue.size) report({ state: 'running', counts: this.counts, progress: done / total });
    }
    if (this.stopped) return;
    this.painter.flush();
    this.legend.setStatus(this.errors ? 'Some parts could not be analysed' : '');
    this.legend.setPosition(this.focused ? this.navigation().indexOf(this.focused) : -1, this.visibleCount());
    report({ state: 'done', counts: this.counts, ms: Math.round(performance.now() - this.started), blocks: this.blocks.size, errors: this.errors, timing: Object.fromEntries(Object.entries(this.timing).map(([k, v]) => [k, Math.round(v)])) });
  }

  /** Maps one batch's spans onto its blocks and paints them. */
  apply(batch, spans) {
    for (const b of batch) this.unpaint(b.block);
    const groups = new Map(); // batch-local entity group → key
    for (const s of spans) if (s.kind === 'entity') groups.set(s.group, `${s.label} ${s.text}`);
    let i = 0;
    for (const span of spans) {
      // Spans are sorted by start: advance to the block holding it.
      while (i + 1 < batch.length && span.start >= batch[i + 1].offset) i += 1;
      const b = batch[i];
      const name = highlightName(span);
      const item = this.paintItem(b, span, name, span.start, span.end);
      if (!item) continue;
      if (span.kind === 'entity') {
        item.group = groups.get(span.group);
        this.mentions.set(item.group, (this.mentions.get(item.group) || 0) + 1);
      }
      if (span.kind === 'quote') {
        item.speakerKey = span.speakerGroup != null ? groups.get(span.speakerGroup) : undefined;
        for (const [piece, pname] of [[span.speaker, 'lede-speaker'], [span.cue, 'lede-cue']]) {
          if (!piece) continue;
          const p = this.paintItem(b, span, pname, piece.start, piece.end);
          if (p) p.piece = true;
        }
      }
    }
    for (const b of batch) this.place(b.block);
    this.order = null;
  }

  /** After a block got its items: registered at once if watched and near; the watched window follows. */
  place(block) {
    this.sequence = null;
    if (block.items.length && this.watched.has(block) && this.viewport.near(block.el)) this.show(block);
    this.retargetSoon();
  }

  /** Blocks with items, in document order (one walk, cached until blocks change). */
  ordered() {
    if (this.sequence) return this.sequence;
    const roots = [...this.roots].sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
    const out = [];
    for (const root of roots) {
      const stack = [root];
      while (stack.length) {
        const el = stack.pop();
        const block = this.blocks.get(el);
        if (block) {
          if (block.items.length) {
            block.index = out.length;
            out.push(block);
          }
          continue;
        }
        for (let c = el.lastElementChild; c; c = c.previousElementSibling) stack.push(c);
      }
    }
    return (this.sequence = out);
  }

  retargetSoon() {
    if (this.retargetFrame || this.stopped) return;
    this.retargetFrame = requestAnimationFrame(() => {
      this.retargetFrame = 0;
      this.retarget();
    });
  }

  /**
   * Moves the watched window: WATCH_AROUND blocks on each side of the
   * watched blocks near the viewport or, when none is (a jump, or the first
   * blocks), of the block found at the viewport by position.
   */
  retarget() {
    if (this.stopped) return;
    const seq = this.ordered();
    let lo = Infinity;
    let hi = -1;
    for (const b of this.watched) {
      if (seq[b.index] !== b || !this.viewport.near(b.el)) continue;
      if (b.index < lo) lo = b.index;
      if (b.index > hi) hi = b.index;
    }
    if (hi < 0) lo = hi = this.locate(seq);
    const next = new Set(seq.slice(Math.max(0, lo - WATCH_AROUND), hi + WATCH_AROUND + 1));
    for (const b of this.watched) {
      if (next.has(b)) continue;
      this.viewport.unobserve(b.el);
      if (b.shown && !this.viewport.printing) this.hide(b);
    }
    for (const b of next) if (!this.watched.has(b)) this.viewport.observe(b.el);
    this.watched = next;
  }

  /** The first block (index) whose bottom is below the top of the viewport's margin: blocks run down the page in order. */
  locate(seq) {
    let lo = 0;
    let hi = seq.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (seq[mid].el.getBoundingClientRect().bottom < -NEAR_PX) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Queues a block's ranges for the painter (they show at its next flush). */
  show(block) {
    for (const item of block.items) this.painter.add(item.name, item.range);
    block.shown = true;
  }

  /** Takes a block's ranges out of the painter; the items stay. */
  hide(block) {
    for (const item of block.items) this.painter.delete(item.name, item.range);
    block.shown = false;
  }

  /** NearViewport callback: blocks that came near get their ranges registered, those that left lose them. */
  moved(els) {
    if (this.stopped) return;
    let added = false;
    if (this.viewport.printing !== this.printed) {
      // A printout shows everything, watched or not; afterwards only the near ones again.
      this.printed = this.viewport.printing;
      els = this.blocks.keys();
    }
    for (const el of els) {
      const block = this.blocks.get(el);
      if (!block || !block.items.length) continue;
      const near = this.viewport.printing || (this.watched.has(block) && this.viewport.near(el));
      if (near === block.shown) continue;
      if (near) {
        this.show(block);
        added = true;
      } else {
        this.hide(block);
      }
    }
    if (added) this.painter.flush();
    this.retargetSoon();
  }

  /** Paints [start, end) (batch offsets) of block `b`; returns the item or null. */
  paintItem(b, span, name, start, end) {
    const from = Math.max(start - b.offset, 0);
    const to = Math.min(end - b.offset, b.text.length);
    // A StaticRange costs the page nothing on later DOM mutations (a live
    // Range, even one dropped but not yet collected, is updated on every
    // one); changed blocks are re-read anyway.
    const stat = staticRangeFor(b.segments, from, to);
    if (!stat) return null;
    const item = { span, name, range: stat, block: b.block };
    b.block.items.push(item);
    this.itemOf.set(stat, item);
    if (name !== 'lede-speaker' && name !== 'lede-cue') this.counts[kindOf(name)] += 1;
    return item;
  }

  /** Removes a block's highlights. */
  unpaint(block) {
    if (!block.items.length) return;
    if (block.shown) this.hide(block);
    this.sequence = null;
    for (const item of block.items) {
      if (item.piece) continue;
      this.counts[kindOf(item.name)] -= 1;
      if (item.group) this.mentions.set(item.group, this.mentions.get(item.group) - 1);
      if (this.focused === item) this.unfocus();
    }
    block.items = [];
    this.order = null;
  }

  /** Collects what changed; re-analysis waits for a quiet moment. */
  mutated(records) {
    const host = this.legend.host;
    let relevant = false;
    for (const rec of records) {
      const target = rec.target;
      if (target === host || host.contains(target)) continue;
      // Inside a block: re-read that block.
      let block = null;
      let root = null;
      for (let n = target; n; n = n.parentNode) {
        block = this.blocks.get(n);
        if (block) break;
        if (this.roots.has(n)) {
          root = n;
          break;
        }
      }
      if (block) {
        this.queue.add(block);
        relevant = true;
        continue;
      }
      if (rec.type !== 'childList') continue;
      if (root) {
        // Between the root and its blocks: new blocks came, or old ones went.
        for (const node of rec.addedNodes) {
          if (node.nodeType === 1 && !insideSkipped(node, this.skip, root)) {
            for (const el of blocksOf(node, this.skip)) this.queueBlock(el);
            relevant = true;
          } else if (node.nodeType === 3 && node.data.trim()) {
            // Loose text: the container becomes a block of its own.
            const parent = /** @type {Element} */ (node.parentNode);
            for (const [el, b] of this.blocks) if (parent.contains(el)) this.dropBlock(b);
            this.queueBlock(parent);
            relevant = true;
          }
        }
        // Blocks may have gone with a removed element; removed text between blocks was never read.
        for (const node of rec.removedNodes) if (node.nodeType === 1) relevant = true;
        continue;
      }
      // Outside every article: another article may have arrived (infinite scroll).
      for (const node of rec.addedNodes) {
        if (node === host || node.nodeType !== 1) continue;
        if (looksLikeArticle(node, this.skip)) {
          this.pendingRoots = this.pendingRoots || new Set();
          this.pendingRoots.add(node);
          relevant = true;
        }
      }
      // Something outside the articles went (a clock's old text, a rotated ad): relevant only if an article went with it.
      if (rec.removedNodes.length && !relevant) for (const r of this.roots) if (!r.isConnected) relevant = true;
    }
    if (!relevant) return;
    clearTimeout(this.timer);
    this.firstChange ??= performance.now();
    const wait = Math.max(0, Math.min(DEBOUNCE_MS, MAX_WAIT_MS - (performance.now() - this.firstChange)));
    this.timer = setTimeout(() => this.reanalyse(), wait);
  }

  reanalyse() {
    this.firstChange = undefined;
    if (this.stopped) return;
    // Blocks and roots that left the page.
    for (const root of [...this.roots]) if (!root.isConnected) this.dropRoot(root);
    for (const block of [...this.blocks.values()]) if (!block.el.isConnected) this.dropBlock(block);
    for (const root of this.pendingRoots || []) if (root.isConnected) this.addRoot(root);
    this.pendingRoots = null;
    // The article was swapped out (single-page apps): find the new one.
    if (!this.roots.size) this.addRoot(findArticle(document, this.skip));
    this.legend.setCounts(this.counts);
    this.order = null;
    this.sequence = null; // blocks may have moved
    report({ state: 'running', counts: this.counts });
    this.drain();
  }

  toggleKind(kind, on) {
    this.painter.setVisible(kind, on);
    this.order = null;
    if (this.focused && kindOf(this.focused.name) === kind && !on) this.unfocus();
    this.legend.setPosition(-1, this.visibleCount());
    report({ state: this.working ? 'running' : 'done', counts: this.counts, visible: [...this.painter.visible] });
  }

  /** How many highlights next/previous visit. */
  visibleCount() {
    return KINDS.reduce((n, k) => n + (this.painter.isVisible(k) ? this.counts[k] : 0), 0);
  }

  /**
   * Visible items in document order (cached until something changes). One
   * walk over the roots' elements: sorting blocks with compareDocumentPosition
   * would cost O(siblings) per comparison on a 50,000-paragraph article.
   */
  navigation() {
    if (this.order) return this.order;
    const out = [];
    for (const block of this.ordered()) for (const it of block.items) if (!it.piece && this.painter.isVisible(kindOf(it.name))) out.push(it);
    this.order = out;
    if (this.focused) this.current = out.indexOf(this.focused);
    return out;
  }

  step(delta) {
    const order = this.navigation();
    if (!order.length) return;
    this.current = this.current < 0 ? (delta > 0 ? 0 : order.length - 1) : (this.current + delta + order.length) % order.length;
    const item = order[this.current];
    this.focused = item;
    paintTransient('lede-focus', [item.range]);
    this.legend.setPosition(this.current, order.length);
    const live = liveRange(item.range);
    if (!live) return;
    const target = live.startContainer.parentElement;
    target?.scrollIntoView({ block: 'center', inline: 'nearest' });
    const rect = live.getBoundingClientRect();
    this.legend.showCard(this.describe(item), rect.left, rect.bottom - 8);
  }

  unfocus() {
    this.focused = null;
    this.current = -1;
    paintTransient('lede-focus', []);
    this.legend.hideCard();
  }

  /** Shows the card for the highlight under the pointer. */
  hover(e) {
    if (this.pendingHover) {
      this.pendingHover = e;
      return;
    }
    this.pendingHover = e;
    requestAnimationFrame(() => {
      const ev = this.pendingHover;
      this.pendingHover = null;
      if (this.stopped || !ev) return;
      const item = this.itemAt(ev.clientX, ev.clientY);
      if (item === this.hovered) {
        if (item) this.legend.showCard(this.describe(item), ev.clientX, ev.clientY);
        return;
      }
      this.hovered = item;
      if (item) {
        paintTransient('lede-hover', [item.range]);
        this.legend.showCard(this.describe(item), ev.clientX, ev.clientY);
      } else {
        paintTransient('lede-hover', []);
        if (this.focused) this.legend.hideCard();
        else this.legend.hideCard();
      }
    });
  }

  /** The painted, visible item at a viewport point, or null. */
  itemAt(x, y) {
    const reg = CSS.highlights;
    if (typeof reg.highlightsFromPoint === 'function') {
      for (const hit of reg.highlightsFromPoint(x, y)) {
        for (const r of hit.ranges || []) {
          const item = this.itemOf.get(r);
          if (item && !item.piece) return item;
          if (item?.piece) {
            // A speaker or cue: show its quote.
            const quote = item.block.items.find((q) => q.span === item.span && !q.piece);
            if (quote) return quote;
          }
        }
      }
      return null;
    }
    // Older browsers: the caret position, then the smallest item around it.
    const pos = document.caretPositionFromPoint?.(x, y);
    if (!pos || pos.offsetNode.nodeType !== 3) return null;
    let best = null;
    for (let n = pos.offsetNode; n; n = n.parentNode) {
      const block = this.blocks.get(n);
      if (!block) continue;
      for (const it of block.items) {
        if (it.piece || !this.painter.isVisible(kindOf(it.name))) continue;
        const live = liveRange(it.range);
        if (live && live.isPointInRange(pos.offsetNode, pos.offset) && (!best || it.span.end - it.span.start < best.span.end - best.span.start)) best = it;
      }
      break;
    }
    return best;
  }

  /** The card's title and rows for an item: text only, never markup. */
  describe(item) {
    const s = item.span;
    const clip = (t, n = 160) => (t.length > n ? `${t.slice(0, n - 1)}…` : t);
    if (s.kind === 'quote') {
      return {
        title: 'Quote',
        rows: [
          ['Speaker', s.speakerName || s.speaker?.text || 'not attributed'],
          ['Cue', s.cue?.text || ''],
          ['Said', clip(s.text)],
        ],
      };
    }
    if (s.kind === 'number') {
      const fmt = (v) => (typeof v === 'number' && Number.isFinite(v) ? v.toLocaleString() : '');
      let range = '';
      if (s.range && (s.range.min != null || s.range.max != null)) {
        range = `${s.range.min != null ? fmt(s.range.min) : '…'} – ${s.range.max != null ? fmt(s.range.max) : '…'}`;
      }
      return {
        title: `Number${s.numberKind ? ` (${s.numberKind})` : ''}`,
        rows: [
          ['Value', [fmt(s.value), s.unit || ''].filter(Boolean).join(' ')],
          ['Range', range],
          ['Date', s.iso || ''],
          ['Text', clip(s.text)],
        ],
      };
    }
    const n = this.mentions.get(item.group) || 1;
    return {
      title: LABEL_NAMES[s.label] || 'Name',
      rows: [
        ['Name', clip(s.text)],
        ['Mentions', String(n)],
      ],
    };
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    this.observer?.disconnect();
    this.viewport?.disconnect();
    cancelAnimationFrame(this.retargetFrame);
    document.removeEventListener('scroll', this.onScroll, { capture: true });
    window.removeEventListener('resize', this.onScroll);
    document.removeEventListener('mousemove', this.onMove, { capture: true });
    this.painter?.clear();
    paintTransient('lede-focus', []);
    paintTransient('lede-hover', []);
    if (this.sheet) document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== this.sheet);
    this.legend?.destroy();
  }
}

/** @type {Session | null} */
let session = null;

function stopSession(why) {
  if (!session) return;
  session.stop();
  session = null;
  report({ state: 'off', why });
}

/**
 * Starts highlighting this page, or clears it if it is highlighted.
 * Resolves as soon as the state flipped (analysis goes on in the background).
 * @returns {Promise<{on: boolean}>}
 */
export async function toggle() {
  if (session) {
    stopSession('toggled');
    return { on: false };
  }
  if (typeof Highlight !== 'function' || !globalThis.CSS?.highlights) {
    report({ state: 'unsupported' });
    return { on: false, error: 'This browser lacks the CSS Custom Highlight API.' };
  }
  const s = new Session();
  session = s;
  s.start().catch((e) => {
    console.error('lede:', e);
    if (session === s) stopSession('error');
  });
  return { on: true };
}
