// legend.js — the panel the extension adds to a page: counts, per-kind
// toggles, next/previous, and a card with a span's speaker or value.
//
// It lives in a *closed* shadow root on a host element of its own, so the
// page's CSS (even `* { all: unset }`) cannot restyle it and the page's
// scripts cannot reach into it. The host goes into the top layer as a manual
// popover, above any z-index, with its few outer styles set `!important`
// inline. Everything is built with createElement/textContent: text read from
// the page is never parsed as HTML.

import { legendCss, swatch } from './theme.js';
import { KIND_LABELS } from './settings.js';

/** The host element's tag: a custom-element name no page is likely to use. */
export const HOST_TAG = 'lede-extension-legend';

const HOST_STYLE = {
  all: 'initial',
  display: 'block',
  position: 'fixed',
  inset: 'auto',
  top: '0',
  left: '0',
  width: '0',
  height: '0',
  margin: '0',
  padding: '0',
  border: '0',
  overflow: 'visible',
  background: 'transparent',
  'z-index': '2147483647',
  'pointer-events': 'none',
};

function el(doc, tag, props = {}, children = []) {
  const e = doc.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'text') e.textContent = v;
    else if (k === 'class') e.className = v;
    else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c);
  return e;
}

export class Legend {
  /**
   * @param {object} o
   * @param {Document} o.doc
   * @param {'auto'|'light'|'dark'} o.theme
   * @param {Record<string, boolean>} o.kinds  initial toggle states
   * @param {(kind: string, on: boolean) => void} o.onToggle
   * @param {(step: 1|-1) => void} o.onStep
   * @param {() => void} o.onClose
   */
  constructor({ doc, theme, kinds, onToggle, onStep, onClose }) {
    this.doc = doc;
    const host = doc.createElement(HOST_TAG);
    for (const [p, v] of Object.entries(HOST_STYLE)) host.style.setProperty(p, v, 'important');
    this.host = host;
    const shadow = host.attachShadow({ mode: 'closed' });
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(legendCss(theme));
    shadow.adoptedStyleSheets = [sheet];

    this.status = el(doc, 'span', { class: 'status', role: 'status', text: 'Reading the page…' });
    const close = el(doc, 'button', { class: 'close', type: 'button', title: 'Clear highlights', 'aria-label': 'Clear highlights', text: '×' });
    close.addEventListener('click', () => onClose());

    /** @type {Map<string, HTMLElement>} */
    this.counts = new Map();
    /** @type {Map<string, HTMLInputElement>} */
    this.toggles = new Map();
    const list = el(doc, 'ul', { class: 'kinds' });
    for (const [kind, label] of Object.entries(KIND_LABELS)) {
      const box = el(doc, 'input', { type: 'checkbox', 'data-kind': kind });
      box.checked = kinds[kind] !== false;
      box.addEventListener('change', () => onToggle(kind, box.checked));
      const sw = el(doc, 'span', { class: 'sw' });
      sw.style.background = swatch(kind);
      const count = el(doc, 'span', { class: 'count', 'data-count': kind, text: '0' });
      list.append(el(doc, 'li', { class: 'kind' }, [el(doc, 'label', {}, [box, sw, el(doc, 'span', { text: label })]), count]));
      this.counts.set(kind, count);
      this.toggles.set(kind, box);
    }

    const prev = el(doc, 'button', { type: 'button', class: 'prev', 'aria-label': 'Previous highlight', text: '◀ Prev' });
    const next = el(doc, 'button', { type: 'button', class: 'next', 'aria-label': 'Next highlight', text: 'Next ▶' });
    prev.addEventListener('click', () => onStep(-1));
    next.addEventListener('click', () => onStep(1));
    this.pos = el(doc, 'span', { class: 'pos', 'aria-live': 'polite', text: '' });

    this.card = el(doc, 'div', { class: 'card', role: 'tooltip' });
    const panel = el(doc, 'section', { class: 'panel', 'aria-label': 'lede highlights' }, [
      el(doc, 'div', { class: 'head' }, [el(doc, 'span', { class: 'title', text: 'lede' }), this.status, close]),
      list,
      el(doc, 'div', { class: 'nav' }, [prev, this.pos, next]),
    ]);
    // Keys inside the panel: n/p step, Escape clears.
    panel.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') onClose();
      else if (e.key === 'n' && e.target.tagName !== 'INPUT') onStep(1);
      else if (e.key === 'p' && e.target.tagName !== 'INPUT') onStep(-1);
    });
    shadow.append(el(doc, 'div', { class: 'root' }, [panel, this.card]));
    this.panel = panel;
  }

  /** Adds the host to the page, in the top layer when the browser can. */
  mount() {
    this.doc.documentElement.appendChild(this.host);
    if (typeof this.host.showPopover === 'function') {
      try {
        this.host.popover = 'manual';
        this.host.showPopover();
      } catch {
        // Not in the top layer (e.g. a modal dialog is open): z-index still applies.
      }
    }
  }

  /** @param {string} text */
  setStatus(text) {
    this.status.textContent = text;
  }

  /** @param {Record<string, number>} counts by kind */
  setCounts(counts) {
    for (const [kind, node] of this.counts) node.textContent = String(counts[kind] ?? 0);
  }

  /** @param {number} index 0-based, or -1 @param {number} total */
  setPosition(index, total) {
    this.pos.textContent = index >= 0 ? `${index + 1} / ${total}` : total ? `${total}` : '';
  }

  /**
   * Shows the card near (x, y) in viewport coordinates.
   * @param {{title: string, rows: Array<[string, string]>}} info
   * @param {number} x @param {number} y
   */
  showCard(info, x, y) {
    const d = this.doc;
    const dl = el(d, 'dl');
    for (const [k, v] of info.rows) if (v) dl.append(el(d, 'dt', { text: k }), el(d, 'dd', { text: v }));
    this.card.replaceChildren(el(d, 'div', { class: 'ctitle', text: info.title }), dl);
    this.card.classList.add('open');
    const view = d.defaultView;
    const w = this.card.offsetWidth || 260;
    const h = this.card.offsetHeight || 80;
    const left = Math.max(8, Math.min(x + 12, view.innerWidth - w - 8));
    const top = y + 16 + h > view.innerHeight ? Math.max(8, y - h - 12) : y + 16;
    this.card.style.left = `${left}px`;
    this.card.style.top = `${top}px`;
  }

  hideCard() {
    this.card.classList.remove('open');
  }

  /** Removes the host (and so the panel and card) from the page. */
  destroy() {
    try {
      if (this.host.matches(':popover-open')) this.host.hidePopover();
    } catch {
      // already hidden
    }
    this.host.remove();
  }
}
