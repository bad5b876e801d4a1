// engine.js — loads lede's wasm once and keeps it usable after a trap.
//
// Why: the core is built with panic=abort, so a Rust panic becomes a wasm trap
// (`WebAssembly.RuntimeError`) that leaves the instance unusable. The engine
// compiles the module once, instantiates it through a fresh copy of the
// wasm-bindgen glue (each glue module holds exactly one instance), and on a
// trap drops that instance and instantiates a new one from the compiled module
// — no second download. Used by the page's worker and by the embed (lede.js).

/** Thrown by `Engine.analyze` when the wasm trapped; the engine is re-instantiating. */
export class TrapError extends Error {
  /**
   * @param {number} size the input's length in UTF-16 units (never the text itself).
   * @param {unknown} cause
   */
  constructor(size, cause) {
    super(`lede: the analyser stopped on an input of ${size} characters and was restarted`);
    this.name = 'LedeTrapError';
    this.size = size;
    this.cause = cause;
  }
}

/** Errors that leave a wasm instance in an unknown state. */
function isTrap(e) {
  return e instanceof WebAssembly.RuntimeError || e instanceof RangeError;
}

/**
 * Fetches and compiles the wasm at `url`, streaming (compilation overlaps the
 * download) when the host serves it as application/wasm.
 * @param {string} url
 * @returns {Promise<WebAssembly.Module>}
 */
export async function compileWasm(url) {
  if (url.startsWith('file:')) {
    // Node (server-side rendering, tests): read the file instead of fetching it.
    const { readFile } = await import('node:fs/promises');
    return WebAssembly.compile(await readFile(new URL(url)));
  }
  const res = await fetch(url);
  if (!res.ok) throw new Error(`lede: could not load ${url}: HTTP ${res.status}`);
  // Streaming needs the application/wasm type; other hosts get the bytes compiled.
  // (No res.clone() for a fallback: a tee would buffer the whole download twice.)
  const type = (res.headers.get('content-type') || '').split(';')[0].trim().toLowerCase();
  if (typeof WebAssembly.compileStreaming === 'function' && type === 'application/wasm') {
    return WebAssembly.compileStreaming(res);
  }
  return WebAssembly.compile(await res.arrayBuffer());
}

export class Engine {
  /**
   * @param {string} bindingsHref
   * @param {WebAssembly.Module} module
   * @param {any} [bindings] the glue at `bindingsHref`, already instantiated
   *   from `module` (the page's inline script does that): the engine is then
   *   usable at once, in the caller's task, with no import or await first.
   */
  constructor(bindingsHref, module, bindings = null) {
    this.bindingsHref = bindingsHref;
    this.module = module;
    /** @type {any} the current glue module, or null while re-instantiating */
    this.bindings = bindings;
    this.instances = bindings ? 1 : 0;
    this.traps = 0;
    /** Resolves when an instance is ready. */
    this.ready = bindings ? Promise.resolve(this) : this.instantiate();
  }

  async instantiate() {
    // The first instance uses the plain URL; later ones a fresh module record.
    const href = this.instances === 0 ? this.bindingsHref : `${this.bindingsHref}?instance=${this.instances}`;
    this.instances += 1;
    const glue = await import(href);
    await glue.default({ module_or_path: this.module });
    this.bindings = glue;
    return this;
  }

  /** True when `analyze` can be called now. */
  get live() {
    return this.bindings !== null;
  }

  /** The crate version. */
  version() {
    return this.bindings ? this.bindings.version() : '';
  }

  /**
   * Analyses `text`; returns the spans of the JSON contract.
   * @param {string} text
   * @param {{quotes?: boolean, numbers?: boolean, entities?: boolean}} [options]
   * @throws {TrapError} when the wasm trapped (the engine is then re-instantiating; await `ready`).
   */
  analyze(text, options) {
    if (!this.bindings) throw new Error('lede: not loaded yet (await load())');
    try {
      return this.bindings.analyze(text, options);
    } catch (e) {
      if (!isTrap(e)) throw e;
      this.bindings = null;
      this.traps += 1;
      // Log the size only: the text is the user's.
      console.error(`lede: wasm trap on an input of ${text.length} characters (${e.message}); re-instantiating`);
      this.ready = this.instantiate();
      throw new TrapError(text.length, e);
    }
  }
}

/**
 * Loads the wasm once and resolves to a ready `Engine`. The glue is imported
 * while the wasm downloads and compiles.
 * @param {{ wasmUrl?: string | URL, bindingsUrl?: string | URL, module?: WebAssembly.Module | Promise<WebAssembly.Module | null> }} [options]
 *   `wasmUrl`: where lede_bg.wasm is (default: next to the glue, `pkg/lede_bg.wasm`);
 *   `bindingsUrl`: the wasm-bindgen glue (default `pkg/lede.js` next to this file);
 *   `module`: the wasm already compiled (or being compiled) elsewhere, e.g. by
 *   the page for its worker; when it resolves to null the wasm is fetched here.
 */
export async function createEngine({ wasmUrl, bindingsUrl, module } = {}) {
  const bindingsHref = new URL(bindingsUrl ?? './pkg/lede.js', import.meta.url).href;
  const wasmHref = new URL(wasmUrl ?? 'lede_bg.wasm', wasmUrl ? globalThis.location?.href ?? import.meta.url : bindingsHref).href;
  const glue = import(bindingsHref); // in parallel with the download and compilation
  glue.catch(() => {}); // (reported by Engine.instantiate's own import)
  const compiled = (await module) ?? (await compileWasm(wasmHref));
  const engine = new Engine(bindingsHref, compiled);
  await engine.ready;
  return engine;
}

/**
 * Joins the spans of consecutive pieces of one text (analysed apart, for
 * progress or incremental updates) into the spans of the whole: offsets are
 * shifted by each piece's start, and entity groups are renumbered so that the
 * same name (label + text) keeps one group across pieces. Input spans are
 * not modified.
 */
export class PieceJoiner {
  constructor() {
    /** @type {Map<string, number>} "LABEL text" → group in the whole text */
    this.byName = new Map();
    this.nextGroup = 0;
  }

  /** Takes the group numbering of `spans` of the whole text (a full pass), for the pieces that follow. */
  adopt(spans) {
    this.byName = new Map();
    this.nextGroup = 0;
    for (const s of spans) {
      if (s.kind !== 'entity') continue;
      const key = `${s.label} ${s.text}`;
      if (!this.byName.has(key)) this.byName.set(key, s.group);
      if (s.group >= this.nextGroup) this.nextGroup = s.group + 1;
    }
  }

  /** The spans of a piece starting at UTF-16 offset `base`, shifted and regrouped. */
  add(spans, base) {
    const local = new Map(); // piece group → whole-text group
    for (const s of spans) {
      if (s.kind !== 'entity' || local.has(s.group)) continue;
      const key = `${s.label} ${s.text}`;
      let g = this.byName.get(key);
      if (g === undefined) this.byName.set(key, (g = this.nextGroup++));
      local.set(s.group, g);
    }
    const move = (p) => p && { ...p, start: p.start + base, end: p.end + base };
    return spans.map((s) => {
      const t = { ...s, start: s.start + base, end: s.end + base };
      if (s.kind === 'entity') t.group = local.get(s.group);
      if (s.kind === 'quote') {
        t.speaker = move(s.speaker);
        t.cue = move(s.cue);
        if (s.speakerGroup != null) t.speakerGroup = local.get(s.speakerGroup) ?? null;
      }
      return t;
    });
  }
}
