// painter.js — incremental painting with the CSS Custom Highlight API.
//
// dom.js's `paint()` rebuilds every Highlight from a full list, which is right
// for a page that re-analyses a textarea, but the extension adds ranges batch
// by batch on pages of 50,000 paragraphs and replaces only the paragraphs a
// MutationObserver reports. So this keeps one `Highlight` per name (dom.js's
// names and painting order) and adds or deletes single ranges. A kind that is
// toggled off is taken out of the registry, ranges and all, so toggling it
// back costs nothing. The page's DOM is never touched. Which ranges are here
// at all is content.js's choice: only those of blocks near the viewport
// (Chromium repaints every registered range on each DOM change of the page).

import { KIND_HIGHLIGHTS, kindOf } from './dom.js';

const PRIORITY = Object.fromEntries(KIND_HIGHLIGHTS.map((n, i) => [n, i]));

export class Painter {
  /**
   * @param {Iterable<string>} visibleKinds kinds ("quote", "entity-PER", …) shown at first
   * @param {HighlightRegistry} [registry]
   */
  constructor(visibleKinds, registry = globalThis.CSS.highlights) {
    this.registry = registry;
    this.visible = new Set(visibleKinds);
    /** @type {Map<string, Highlight>} */
    this.highlights = new Map();
    /** @type {Map<string, AbstractRange[]>} ranges waiting for `flush()` */
    this.pending = new Map();
  }

  /** The Highlight for `name`, created (and registered if its kind is visible) on first use. */
  highlight(name) {
    let h = this.highlights.get(name);
    if (!h) {
      h = new Highlight();
      h.priority = PRIORITY[name] ?? 0;
      this.highlights.set(name, h);
      if (this.visible.has(kindOf(name))) this.registry.set(name, h);
    }
    return h;
  }

  /**
   * Queues a range; it shows at the next `flush()`. Why queued: every change
   * to a registered Highlight makes the browser revalidate all of lede's
   * ranges at the next frame, so adding 150,000 ranges batch by batch costs
   * O(n²) rendering work (measured: 20,000 paragraphs took 33 s painted as
   * they came, 13 s with the ranges held back). The caller flushes rarely.
   * @param {string} name @param {AbstractRange} range
   */
  add(name, range) {
    let list = this.pending.get(name);
    if (!list) this.pending.set(name, (list = []));
    list.push(range);
  }

  /** Adds the queued ranges to their highlights. */
  flush() {
    for (const [name, list] of this.pending) {
      const h = this.highlight(name);
      for (const r of list) h.add(r);
    }
    this.pending.clear();
  }

  /** @param {string} name @param {AbstractRange} range */
  delete(name, range) {
    this.highlights.get(name)?.delete(range);
    const list = this.pending.get(name);
    if (list) {
      const i = list.indexOf(range);
      if (i >= 0) list.splice(i, 1);
    }
  }

  /** Shows or hides every highlight of `kind` (a quote's speaker and cue go with "quote"). */
  setVisible(kind, on) {
    if (on) this.visible.add(kind);
    else this.visible.delete(kind);
    for (const [name, h] of this.highlights) {
      if (kindOf(name) !== kind) continue;
      if (on) this.registry.set(name, h);
      else if (this.registry.get(name) === h) this.registry.delete(name);
    }
  }

  /** @param {string} kind */
  isVisible(kind) {
    return this.visible.has(kind);
  }

  /** Unregisters every highlight this painter made. */
  clear() {
    for (const [name, h] of this.highlights) if (this.registry.get(name) === h) this.registry.delete(name);
    this.highlights.clear();
    this.pending.clear();
  }
}
