// worker.js — the page's analysis thread. The main thread runs the wasm only
// on short texts until this worker is ready (app.js analyseEarly; the page
// starts it once its first text is painted), so a 10 MB paste leaves the page
// responsive; the page cancels work by
// terminating this worker and starting a new one (with the compiled module it
// already has: no second download).
//
// Messages in:  {type: "module", module: WebAssembly.Module | null} (the page
//                compiles the wasm while this worker starts; null: fetch it here)
//               | {type: "analyze", id, text, options}
// Messages out: {type: "ready", version, timings} | {type: "progress", id, done, total}
//             | {type: "result", id, spans, ms} | {type: "trap", id, size}
//             | {type: "error", id?, message}
// `timings` are epoch milliseconds (timeOrigin + now), comparable across threads.

import { createEngine, PieceJoiner, TrapError } from './engine.js';

/** Texts longer than this are analysed in pieces cut at paragraph breaks, with progress. */
const CHUNK = 256 * 1024;

const epoch = () => performance.timeOrigin + performance.now();
const timings = { started: epoch() };
let gotModule;
const module = new Promise((resolve) => (gotModule = resolve)).then((m) => {
  timings.module = epoch();
  return m;
});

let engine = null;
const ready = createEngine({ module }).then(
  (e) => {
    engine = e;
    timings.ready = epoch();
    self.postMessage({ type: 'ready', version: e.version(), timings });
  },
  (e) => self.postMessage({ type: 'error', message: String(e && e.message ? e.message : e) }),
);

self.onmessage = async ({ data }) => {
  if (data && data.type === 'module') {
    gotModule(data.module instanceof WebAssembly.Module ? data.module : null);
    return;
  }
  if (!data || data.type !== 'analyze') return;
  await ready;
  if (!engine) return;
  await engine.ready;
  const { id, text, options } = data;
  try {
    const t0 = performance.now();
    const spans = text.length > CHUNK ? analyzeInChunks(id, text, options) : engine.analyze(text, options);
    self.postMessage({ type: 'result', id, spans, ms: performance.now() - t0 });
  } catch (e) {
    if (e instanceof TrapError) self.postMessage({ type: 'trap', id, size: e.size });
    else self.postMessage({ type: 'error', id, message: String(e && e.message ? e.message : e) });
  }
};

/**
 * Cuts `text` at paragraph (or line) breaks into pieces of about CHUNK units.
 * Never cuts inside a surrogate pair: cuts are only made after "\n".
 */
export function chunkBounds(text) {
  const bounds = [0];
  let at = 0;
  while (text.length - at > CHUNK) {
    const limit = at + CHUNK;
    let cut = text.lastIndexOf('\n\n', limit);
    if (cut <= at) cut = text.lastIndexOf('\n', limit);
    if (cut <= at) cut = text.indexOf('\n', limit); // one very long line: the next break
    if (cut < 0) break;
    at = cut + 1;
    bounds.push(at);
  }
  bounds.push(text.length);
  return bounds;
}

/**
 * Analyses a long text piece by piece, posting progress, and merges the
 * results: offsets are shifted, and entity groups are renumbered so that the
 * same name (label + text) keeps one group across pieces.
 */
function analyzeInChunks(id, text, options) {
  const bounds = chunkBounds(text);
  const total = bounds.length - 1;
  const out = [];
  const joiner = new PieceJoiner();
  for (let c = 0; c < total; c++) {
    const base = bounds[c];
    const spans = engine.analyze(text.slice(base, bounds[c + 1]), options);
    for (const s of joiner.add(spans, base)) out.push(s);
    self.postMessage({ type: 'progress', id, done: c + 1, total });
  }
  return out;
}
