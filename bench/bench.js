// In-page half of the browser benchmark: loads lede's wasm and the peers,
// then waits for bench/browser.mjs to call the functions on `window.bench`.
import init, { analyze } from '../www/pkg/lede.js';
import * as peers from '../target/bench/peers.js';
import { collectText, rangesFor, paint, clear } from '../www/dom.js';
import { load as loadEmbed, highlight, adoptStyles } from '../www/lede.js';

const words = (t) => (t.match(/\S+/g) || []).length;

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/**
 * Median seconds of `runs` timed calls of fn over all docs, after a warm-up
 * of at least one pass and 1 s (at most 5 passes), the same rule for every
 * tool. Why more than one pass: V8 runs wasm (and JS) first in baseline code
 * and tiers hot functions up in the background; on 2 busy cores lede's second
 * pass was still partly in baseline code (passes of one page: 343, 155, 107,
 * 106, … ms), so a one-pass warm-up timed the tier-up, not the throughput.
 * The first pass's cost is the cold start's, measured on its own.
 */
function time(docs, fn, runs) {
  const warm = performance.now();
  for (let pass = 0; pass < 5 && (pass < 1 || performance.now() - warm < 1000); pass++) for (const d of docs) fn(d);
  const ts = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    for (const d of docs) fn(d);
    ts.push((performance.now() - t0) / 1000);
  }
  return median(ts);
}

let wasm;
window.bench = {
  async ready() {
    wasm = await init();
    return { versions: peers.versions };
  },
  /** Throughput of every tool on the same documents. */
  throughput(docs, runs) {
    const w = docs.reduce((n, d) => n + words(d), 0);
    const bytes = docs.reduce((n, d) => n + new TextEncoder().encode(d).length, 0);
    const tools = {
      'lede (full analysis)': (d) => analyze(d),
      'lede entities only': (d) => analyze(d, { quotes: false, numbers: false }),
      compromise: peers.compromise,
      'wink-nlp entities': peers.winkEntities,
    };
    const out = {};
    for (const [name, fn] of Object.entries(tools)) {
      const runsFor = name.startsWith('lede') ? runs : Math.max(1, Math.ceil(runs / 3));
      const secs = time(docs, fn, runsFor);
      out[name] = { secs, wordsPerSec: w / secs, mbPerSec: bytes / 1e6 / secs };
    }
    return { words: w, bytes, tools: out };
  },
  /** wasm linear memory after analysing each size; then the largest again. */
  memory(text, sizes) {
    const rows = [];
    for (const n of sizes) {
      let t = text;
      while (t.length < n) t += '\n\n' + text;
      t = t.slice(0, n);
      const t0 = performance.now();
      analyze(t);
      rows.push({ chars: n, secs: (performance.now() - t0) / 1000, memoryBytes: wasm.memory.buffer.byteLength });
    }
    return rows;
  },
};
// The next animation frame: [when its callbacks run, when its rendering
// (style, layout, paint on the main thread) is done]. A message posted from
// a rAF callback is delivered after the frame.
const frame = () => new Promise((resolve) => requestAnimationFrame(() => {
  const start = performance.now();
  const c = new MessageChannel();
  c.port1.onmessage = () => resolve([start, performance.now()]);
  c.port2.postMessage(0);
}));
const settle = () => new Promise((r) => setTimeout(r, 30));
const pct = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * q))];
};
const summary = (xs) => {
  const ys = xs.filter((x) => typeof x === 'number' && Number.isFinite(x));
  return ys.length ? { median: median(ys), p95: pct(ys, 0.95) } : null;
};

/**
 * Painting 1,000 number highlights over 250 paragraphs, as the page does it
 * (dom.js: collect the text, one Range per span made in one pass over the
 * text nodes, one Highlight per name), styled with the embed's default
 * colours, started from a task that is not aligned to a frame. Reported
 * apart: the script (collect, ranges, register), the analysis (not painting,
 * but shown), the wait for the next frame (frame cadence) and the rendering
 * of that frame.
 *
 * `layout: "viewport"` (the budget's measure) sets the paragraphs in four
 * columns of small type fixed over the viewport, so that all 1,000
 * highlights are on screen in the measured frame; `visible` reports how many
 * were (each range's boxes checked after the timing). `layout: "page"` is the
 * earlier layout, one paragraph per line down the page: only the first
 * hundred or so are on screen, and Chromium paints those within its cull
 * rect (the viewport and some 4,000 px beyond it).
 */
window.bench.paint1000 = async (runs, { layout = 'viewport' } = {}) => {
  adoptStyles(document); // the embed's default colours: the frame renders what a reader would see
  const host = document.getElementById('paint-target');
  host.replaceChildren();
  host.className = layout === 'viewport' ? 'all-on-screen' : '';
  for (let i = 0; i < 250; i++) {
    const p = document.createElement('p');
    p.textContent = `Item ${i}: ${i * 7 + 3} boxes, ${i + 2}% more, £${i * 3 + 1} each, ${i * 11 + 5} km away.`;
    host.append(p);
  }
  const rows = { collect: [], analyse: [], ranges: [], register: [], script: [], wait: [], render: [], paint: [], repaintOnly: [] };
  let painted = 0;
  let visible = 0;
  for (let r = 0; r < runs; r++) {
    clear();
    await frame();
    await settle();
    // The floor of the frame below: the same paragraphs repainted without any
    // highlight (a colour change Chromium repaints but does not lay out).
    host.style.color = r % 2 ? '#000' : '#010101';
    const [b0, b1] = await frame();
    rows.repaintOnly.push(b1 - b0);
    await settle();
    const t0 = performance.now();
    const { text, segments } = collectText(host);
    const t1 = performance.now();
    const spans = analyze(text, { quotes: false, entities: false }).slice(0, 1000);
    const t2 = performance.now();
    const ranges = rangesFor(segments, spans);
    const items = spans.map((span, k) => ({ span, range: ranges[k] }));
    const t3 = performance.now();
    paint(items);
    const t4 = performance.now();
    const [t5, t6] = await frame();
    painted = spans.length;
    if (r === 0) visible = onScreen(ranges);
    rows.collect.push(t1 - t0);
    rows.analyse.push(t2 - t1);
    rows.ranges.push(t3 - t2);
    rows.register.push(t4 - t3);
    rows.script.push(t1 - t0 + (t4 - t2));
    rows.wait.push(t5 - t4);
    rows.render.push(t6 - t5);
    rows.paint.push(t1 - t0 + (t4 - t2) + (t6 - t5));
  }
  clear();
  host.replaceChildren();
  host.className = '';
  host.style.color = '';
  return { spans: painted, visible, layout, runs, ...Object.fromEntries(Object.entries(rows).map(([k, v]) => [k, summary(v)])) };
};

/** How many of `ranges` lie wholly inside the viewport (every box of each). */
function onScreen(ranges) {
  const w = document.documentElement.clientWidth;
  const h = document.documentElement.clientHeight;
  let n = 0;
  for (const r of ranges) {
    const boxes = r ? [...r.getClientRects()] : [];
    if (boxes.length && boxes.every((b) => b.width > 0 && b.left >= 0 && b.top >= 0 && b.right <= w && b.bottom <= h)) n++;
  }
  return n;
}

/**
 * Keystroke → repainted highlights with the embed (`options` for highlight(),
 * default none), on a ~2,000-word article in a contenteditable element that
 * lede highlights. bench/browser.mjs types real keys (CDP key events); each
 * sample runs from the keydown event's timestamp to (a) the "change" event of
 * the pass that re-analysed the edit (highlights updated) and (b) the end of
 * the main thread's rendering of the next frame (highlights painted; the pass
 * runs in the MutationObserver's microtask, so that frame is the one that
 * shows the typed character, and its paint includes Chromium's repaint of
 * every registered highlight: (b) is the measure).
 */
window.bench.keystrokeSetup = async (article, withLede = true, options = {}) => {
  await loadEmbed();
  const host = document.getElementById('paint-target');
  host.replaceChildren();
  host.contentEditable = 'true';
  const words = article.split(/\s+/);
  const paras = [];
  for (let i = 0; paras.join(' ').split(/\s+/).length < 2000; i++) paras.push(words.slice((i * 60) % words.length, ((i * 60) % words.length) + 60).join(' '));
  for (const t of paras) {
    const p = document.createElement('p');
    p.textContent = t;
    host.append(p);
  }
  // Without lede (the baseline: what typing costs in this page anyway), samples end at the input event.
  const ctl = withLede ? highlight(host, options) : new EventTarget();
  if (withLede) await new Promise((r) => ctl.addEventListener('change', r, { once: true }));
  else host.addEventListener('input', () => ctl.dispatchEvent(new CustomEvent('change', { detail: { analysed: [], full: false } })));
  // The caret at the end of the first paragraph.
  const first = host.querySelector('p').firstChild;
  host.focus();
  const sel = document.getSelection();
  sel.removeAllRanges();
  const r = document.createRange();
  r.setStart(first, first.length);
  sel.addRange(r);
  const state = { pending: null, samples: [], full: [], text: host.textContent.length, spans: ctl.spans?.length ?? 0 };
  document.addEventListener('keydown', (e) => {
    state.pending = { key: e.timeStamp };
  }, true);
  ctl.addEventListener('change', (e) => {
    if (e.detail.full) {
      queueMicrotask(() => state.full.push(ctl.lastCost));
      return;
    }
    const p = state.pending;
    if (!p || p.updated) return;
    p.updated = performance.now();
    // Ranges registered in the frame of the keystroke (lazy registration: the paragraphs on screen).
    if (withLede) p.registered = [...CSS.highlights.values()].reduce((n, h) => n + h.size, 0);
    p.analysedChars = (e.detail.analysed ?? [{ start: 0, end: e.detail.text.length }]).reduce((n, x) => n + x.end - x.start, 0);
    queueMicrotask(() => (p.cost = ctl.lastCost));
    frame().then(([, done]) => {
      p.shown = done;
      state.samples.push(p);
    });
  });
  window.keystrokeState = state;
  window.keystrokeRanges = withLede ? rangeCount(ctl.spans) : null;
  window.keystrokeCtl = ctl;
  return { words: paras.join(' ').split(/\s+/).length, chars: state.text };
};

/** Ranges a controller makes for `spans`: one per span, speaker and cue. */
const rangeCount = (spans) => spans.reduce((n, s) => n + 1 + (s.speaker ? 1 : 0) + (s.cue ? 1 : 0), 0);

window.bench.keystrokeResult = () => {
  const st = window.keystrokeState;
  window.keystrokeCtl.clear?.();
  const host = document.getElementById('paint-target');
  host.replaceChildren();
  host.contentEditable = 'false';
  const s = st.samples;
  return {
    samples: s.length,
    raw: s.map((x) => [+(x.updated - x.key).toFixed(1), +(x.shown - x.key).toFixed(1), x.cost == null ? null : +x.cost.toFixed(1)]),
    registered: s.length && s[0].registered != null ? median(s.map((x) => x.registered)) : null,
    ranges: window.keystrokeRanges,
    updated: summary(s.map((x) => x.updated - x.key)),
    shown: summary(s.map((x) => x.shown - x.key)),
    pass: summary(s.map((x) => x.cost)),
    analysedChars: median(s.map((x) => x.analysedChars)),
    fullPasses: st.full.length,
    fullPass: st.full.length ? summary(st.full) : null,
    fullRaw: st.full,
    textChars: st.text,
    spans: st.spans,
  };
};

window.benchReady = true;
