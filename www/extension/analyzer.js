// analyzer.js — runs lede's wasm inside the extension's service worker.
//
// Why here and not in the content script: a content script's
// `WebAssembly.instantiate` is subject to the *page's* CSP, so any page with
// `script-src 'self'` (no 'wasm-unsafe-eval') would block it. The service
// worker is an extension page: its CSP is the manifest's
// `script-src 'self' 'wasm-unsafe-eval'`, whatever site the tab shows.
//
// Why three static imports of the same glue: a Rust panic is a wasm trap that
// leaves the instance unusable, and wasm-bindgen's glue holds exactly one
// instance per module record. Pages re-import the glue with `import()`, but
// `import()` is forbidden in service workers, so the spare module records
// are imported statically (same file, different URL, so a different record)
// and instantiated only when needed, from the module compiled once. After the
// spares are used up the worker answers with an error until the browser
// restarts it (it does so after 30 s idle), which brings fresh records.

import * as glue0 from './lede.js';
import * as glue1 from './lede.js?instance=1';
import * as glue2 from './lede.js?instance=2';

const GLUES = [glue0, glue1, glue2];

/** Errors that leave a wasm instance in an unknown state. */
function isTrap(e) {
  return e instanceof WebAssembly.RuntimeError || e instanceof RangeError;
}

export class Analyzer {
  constructor(wasmUrl = new URL('./lede_bg.wasm', import.meta.url)) {
    this.wasmUrl = wasmUrl;
    /** @type {Promise<WebAssembly.Module> | null} */
    this.module = null;
    /** index into GLUES of the live instance, or -1 before the first load */
    this.current = -1;
    this.traps = 0;
    /** Time spent in analysis and characters analysed, for the status and the tests. */
    this.busyMs = 0;
    this.chars = 0;
  }

  /** Compiles the module once and instantiates the next unused glue. */
  async ready() {
    if (!this.module) {
      this.module = WebAssembly.compileStreaming(fetch(this.wasmUrl)).catch((e) => {
        this.module = null;
        throw e;
      });
    }
    const module = await this.module;
    if (this.current < 0) {
      this.current = 0;
      await GLUES[0].default({ module_or_path: module });
    }
    return this;
  }

  /** The crate version, or '' before loading. */
  version() {
    return this.current >= 0 && this.current < GLUES.length ? GLUES[this.current].version() : '';
  }

  /**
   * Analyses `text` (all kinds: the content script filters what it paints, so
   * toggling a kind on later needs no second analysis).
   * @param {string} text
   * @returns {Promise<object[]>} spans of the JSON contract
   */
  async analyze(text) {
    await this.ready();
    if (this.current >= GLUES.length) throw new Error('lede: the analyser stopped repeatedly; reload the extension');
    const t0 = performance.now();
    try {
      return GLUES[this.current].analyze(text, { quotes: true, numbers: true, entities: true });
    } catch (e) {
      if (!isTrap(e)) throw e;
      this.traps += 1;
      // The size only: the text belongs to the page's reader.
      console.error(`lede: wasm trap on an input of ${text.length} characters (${e.message})`);
      this.current += 1;
      if (this.current < GLUES.length) await GLUES[this.current].default({ module_or_path: await this.module });
      throw new Error(`lede: the analyser stopped on a block of ${text.length} characters and was restarted`);
    } finally {
      this.busyMs += performance.now() - t0;
      this.chars += text.length;
    }
  }
}
