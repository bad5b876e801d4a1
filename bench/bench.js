// In-page half of the browser benchmark: loads lede's wasm and the peers,
// then waits for bench/browser.mjs to call the functions on `window.bench`.
import init, { analyze } from '../www/pkg/lede.js';
import * as peers from '../target/bench/peers.js';
import { collectText, rangeFor, paint, clear } from '../www/dom.js';
import { load as loadEmbed, highlight } from '../www/lede.js';

const words = (t) => (t.match(/\S+/g) || []).length;

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Median seconds of `runs` timed calls of fn over all docs, after a warm-up. */
function time(docs, fn, runs) {
  for (const d of docs) fn(d);
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
// The next animation frame: the highlights are then in the frame being painted.
// (Frame cadence adds up to one vsync interval to each figure; the synchronous
// part is reported apart.)
const frame = () => new Promise((r) => requestAnimationFrame(r));

/** Time to map 1,000 number spans to Ranges and paint them, up to the next frame. */
window.bench.paint1000 = async (runs) => {
  const host = document.getElementById('paint-target');
  host.replaceChildren();
  for (let i = 0; i < 250; i++) {
    const p = document.createElement('p');
    p.textContent = `Item ${i}: ${i * 7 + 3} boxes, ${i + 2}% more, £${i * 3 + 1} each, ${i * 11 + 5} km away.`;
    host.append(p);
  }
  const times = [];
  const sync = [];
  let painted = 0;
  for (let r = 0; r < runs; r++) {
    clear();
    await frame();
    const t0 = performance.now();
    const { text, segments } = collectText(host);
    const spans = analyze(text, { quotes: false, entities: false }).slice(0, 1000);
    painted = spans.length;
    paint(spans.map((span) => ({ span, range: rangeFor(segments, span.start, span.end) })));
    sync.push(performance.now() - t0);
    await frame();
    times.push(performance.now() - t0);
  }
  clear();
  host.replaceChildren();
  return { spans: painted, medianMs: median(times), syncMs: median(sync) };
};

/** Keystroke → repainted highlights with the embed on a ~2,000-word article (debounce 0). */
window.bench.keystroke = async (article, runs) => {
  await loadEmbed();
  const host = document.getElementById('paint-target');
  host.replaceChildren();
  const words = article.split(/\s+/);
  const paras = [];
  for (let i = 0; paras.join(' ').split(/\s+/).length < 2000; i++) paras.push(words.slice((i * 60) % words.length, ((i * 60) % words.length) + 60).join(' '));
  for (const t of paras) {
    const p = document.createElement('p');
    p.textContent = t;
    host.append(p);
  }
  const ctl = highlight(host, { debounce: 0 });
  await new Promise((r) => ctl.addEventListener('change', r, { once: true }));
  const target = host.querySelector('p').firstChild;
  const times = [];
  for (let r = 0; r < runs; r++) {
    const changed = new Promise((res) => ctl.addEventListener('change', res, { once: true }));
    const t0 = performance.now();
    target.insertData(target.length, r % 5 === 4 ? ' ' : 'x'); // what a keystroke does to the text
    await changed;
    await frame();
    times.push(performance.now() - t0);
  }
  ctl.clear();
  host.replaceChildren();
  const sorted = [...times].sort((a, b) => a - b);
  return { words: paras.join(' ').split(/\s+/).length, medianMs: median(times), p95Ms: sorted[Math.floor(sorted.length * 0.95)] };
};

window.benchReady = true;
