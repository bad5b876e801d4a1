// boot.js — starts compiling the page's wasm as soon as this small module has
// loaded, before the rest of the page's modules have.
//
// Why a module of its own: app.js runs only once its whole module graph
// (dom.js, engine.js, example.js) has arrived, and the wasm's streaming
// compilation used to start there; on a cold start the wasm had often
// finished downloading by then (index.html preloads it), so its compilation
// ran after the download instead of alongside it. This module depends on
// engine.js alone and is an async module script in index.html (it runs as
// soon as it has loaded); app.js imports the promise from here (one module
// instance, one compilation, whichever runs first).

import { compileWasm } from './engine.js';

performance.mark('lede:boot');

/**
 * The compiled wasm, or null when it could not be fetched or compiled here
 * (the worker then fetches it itself and reports what failed).
 * @type {Promise<WebAssembly.Module | null>}
 */
export const wasmModule = compileWasm(new URL('./pkg/lede_bg.wasm', import.meta.url).href).then(
  (m) => {
    performance.mark('lede:compiled');
    return m;
  },
  () => null,
);
