// Types for lede.js, the lede embed (package "lede-highlight").

/** Options of the core: which recognizers run (all by default). */
export interface AnalyzeOptions {
  quotes?: boolean;
  numbers?: boolean;
  entities?: boolean;
  /** Two apostrophes (`''…''`, wire and archive style) make a double quotation mark. Default false. */
  typewriterQuotes?: boolean;
}

/** A piece of text: UTF-16 offsets into the analysed text, half-open. */
export interface Piece { start: number; end: number; text: string }

export interface QuoteSpan {
  kind: "quote"; start: number; end: number; text: string;
  /** The speaker as written ("Kelly", "he", "a spokeswoman"). */
  speaker: Piece | null;
  /** The reporting verb or phrase ("said", "told reporters"). */
  cue: Piece | null;
  /** The named person the speaker resolves to. */
  speakerName: string | null;
  /** The entity group of that person. */
  speakerGroup: number | null;
}
export interface NumberSpan {
  kind: "number"; start: number; end: number; text: string;
  numberKind: "cardinal" | "ordinal" | "fraction" | "percent" | "range" | "currency" | "dimension" | "age" | "temperature" | "date";
  value: number | null;
  /** ISO 4217 code for currencies, an English singular unit name otherwise. */
  unit: string | null;
  range?: { min: number | null; max: number | null; minInclusive: boolean; maxInclusive: boolean };
  iso?: string;
}
export interface EntitySpan {
  kind: "entity"; start: number; end: number; text: string;
  label: "PER" | "ORG" | "LOC" | "MISC";
  /** Mentions of one entity in one text share a group. */
  group: number;
}
/** One span of the JSON contract; arrays of them are sorted by start. */
export type LedeSpan = QuoteSpan | NumberSpan | EntitySpan;

/** A kind to show: "quote", "number", "entity" (all labels) or one label, "entity-PER" etc. */
export type Kind = "quote" | "number" | "entity" | "entity-PER" | "entity-ORG" | "entity-LOC" | "entity-MISC";

export interface LoadOptions {
  /** Where lede_bg.wasm is served (default: pkg/lede_bg.wasm next to lede.js). */
  wasmUrl?: string | URL;
  /** The wasm-bindgen glue (default: pkg/lede.js next to lede.js). */
  bindingsUrl?: string | URL;
}

/** Fetches and instantiates the wasm once; later calls share the same promise. */
export function load(options?: LoadOptions): Promise<void>;
/** True once load() finished and the wasm is usable now. */
export function isLoaded(): boolean;
/** The crate version ("" before load()). */
export function version(): string;
/** Analyses text synchronously (after load()). Throws TrapError if the wasm trapped (it then re-instantiates). */
export function analyze(text: string, options?: AnalyzeOptions): LedeSpan[];

/** Thrown when the wasm trapped on an input; carries its size, never the text. */
export class TrapError extends Error {
  readonly size: number;
}

export interface HighlightOptions {
  /** Kinds to show; default all. */
  kinds?: Iterable<Kind>;
  /** "highlight": CSS Custom Highlight API, no DOM change (default where supported). "mark": <mark> elements. */
  mode?: "highlight" | "mark";
  /**
   * Milliseconds of quiet after a change before re-analysing the changed paragraphs (default 0:
   * the first change in a frame is handled at once, so the highlights are in the frame that shows
   * the edit; later changes in the same frame are handled at the next frame).
   */
  debounce?: number;
  /** Longest wait, in milliseconds, while changes keep coming (default 600; with `debounce`). */
  maxWait?: number;
  /**
   * Milliseconds of quiet after which the whole document is analysed again, in an idle period
   * (default 400): entity groups and speakers named in another paragraph, which one paragraph
   * analysed alone cannot know.
   */
  idle?: number;
  /** Longest text (UTF-16 units) given whole-document passes (default 30000); longer texts are analysed paragraph by paragraph only. */
  fullPassMax?: number;
  /** Follow the element's changes with a MutationObserver (default true). */
  observe?: boolean;
  /**
   * Register a paragraph's highlights only while its element is near the viewport (default true):
   * within 320 px of it, or only on screen while the element is being edited (until `idle` ms of
   * quiet); all of them while the page is printed. Chromium repaints every registered highlight on each
   * DOM change, so this keeps keystrokes cheap in long documents; `spans` and the change events are the
   * same either way. `false`: always all.
   */
  lazy?: boolean;
  /** Add lede's default colours as a constructed stylesheet (default true). */
  styles?: boolean;
  /** Leave elements out of the analysis. */
  skip?: (el: Element) => boolean;
  /** Options of the core. */
  analyze?: AnalyzeOptions;
  /** Passed to load() when the wasm is not loaded yet. */
  load?: LoadOptions;
}

export interface ChangeDetail {
  spans: LedeSpan[];
  text: string;
  /** The ranges of `text` this pass sent to the analyser: the edited paragraphs, or all of it; empty when nothing was re-analysed. */
  analysed: { start: number; end: number }[];
  /** True after a whole-document pass (`update()`, the first analysis, or the idle pass). */
  full: boolean;
}
export interface ErrorDetail { error: unknown; size?: number }

/** Keeps an element highlighted. Events: "change" (CustomEvent<ChangeDetail>), "error" (CustomEvent<ErrorDetail>). */
export class Controller extends EventTarget {
  readonly element: Element;
  readonly mode: "highlight" | "mark";
  /** The spans of the last analysis. */
  readonly spans: LedeSpan[];
  /** The text those spans refer to (block elements separated by blank lines). */
  readonly text: string;
  /** True when `spans` come from a whole-document pass over the current text. */
  readonly settled: boolean;
  /** Milliseconds the last pass took, and how many passes ran. */
  readonly lastCost: number;
  readonly passes: number;
  /** Re-reads the element and re-analyses it (the whole document when it is at most `fullPassMax` long), repaints. */
  update(): Promise<LedeSpan[]>;
  /** Removes the highlights and stops following changes until update(). */
  clear(): void;
  /** Alias of clear(). */
  disconnect(): void;
  /** Shows only these kinds (null: all); repaints without re-analysing. */
  setKinds(kinds: Iterable<Kind> | null): void;
  addEventListener(type: "change", listener: (e: CustomEvent<ChangeDetail>) => void, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: "error", listener: (e: CustomEvent<ErrorDetail>) => void, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
}

/** Highlights an element live and returns its controller. */
export function highlight(element: Element, options?: HighlightOptions): Controller;

/** Defines <lede-article> (done on import; call with another name to add an alias). */
export function defineElement(name?: string): void;

/** Adds lede's default highlight colours to a document or shadow root, once (what `highlight()` does unless `styles: false`). */
export function adoptStyles(root?: Document | ShadowRoot): void;

/** The flat text lede analyses for a subtree, with a map back to its text nodes. */
export function collectText(root: Node, options?: { skip?: (el: Element) => boolean; styles?: boolean }): {
  text: string;
  segments: { node: Text; start: number; end: number }[];
};
/** A DOM Range for UTF-16 [start, end) of collectText's text. */
export function rangeFor(segments: { node: Text; start: number; end: number }[], start: number, end: number, doc?: Document): Range | null;
/** rangeFor for many spans (sorted by start: one pass over the text nodes): one Range or null per span, in order. */
export function rangesFor(segments: { node: Text; start: number; end: number }[], spans: ArrayLike<{ start: number; end: number }>, doc?: Document): (Range | null)[];
/** "lede-quote", "lede-number", "lede-entity-PER", … */
export function highlightName(span: { kind: string; label?: string }): string;
/** All highlight names, in painting order. */
export const KIND_HIGHLIGHTS: readonly string[];

declare global {
  interface HTMLElementTagNameMap { "lede-article": HTMLElement & { controller?: Controller } }
}
