// In-page half of the browser benchmark: loads lede's wasm and the peers,
// then waits for bench/browser.mjs to call the functions on `window.bench`.
import init, { analyze } from '../www/pkg/lede.js';
import * as peers from '../target/bench/peers.js';

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
window.benchReady = true;
