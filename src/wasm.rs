//! The browser binding: conversions only. Every decision is made in the core.

mod spans;

use crate::output::to_json_spans;
use crate::{Highlighter, Options};
use serde::Deserialize;
use spans::Packed;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

// The builder of the result objects; `make wasm` inlines it into the glue.
#[wasm_bindgen(module = "/src/wasm/spans.js")]
extern "C" {
    #[wasm_bindgen(js_name = ledeBuildSpans)]
    fn build_spans(text: &JsValue, nums: &[f64], extra: &[u16]) -> JsValue;
}

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = r#"
export interface AnalyzeOptions { quotes?: boolean; numbers?: boolean; entities?: boolean; typewriterQuotes?: boolean }
export interface Piece { start: number; end: number; text: string }
export type LedeSpan =
  | { kind: "quote"; start: number; end: number; text: string; speaker: Piece | null; cue: Piece | null; speakerName: string | null; speakerGroup: number | null }
  | { kind: "number"; start: number; end: number; text: string; numberKind: string; value: number | null; unit: string | null; range?: { min: number | null; max: number | null; minInclusive: boolean; maxInclusive: boolean }; iso?: string }
  | { kind: "entity"; start: number; end: number; text: string; label: "PER" | "ORG" | "LOC" | "MISC"; group: number };
"#;

/// The options object JS passes; absent fields mean "on".
#[derive(Deserialize, Default)]
struct JsOptions {
    quotes: Option<bool>,
    numbers: Option<bool>,
    entities: Option<bool>,
    /// Two apostrophes make a double quotation mark (default: off).
    #[serde(rename = "typewriterQuotes")]
    typewriter_quotes: Option<bool>,
}

thread_local! {
    // Built once per instance: the entity model is parsed on first use.
    static HIGHLIGHTER: RefCell<Option<(Options, Highlighter)>> = const { RefCell::new(None) };
    // The packed spans of the last call (buffers reused).
    static PACKED: RefCell<Packed> = RefCell::new(Packed::default());
}

/// Analyses `text` and returns the spans of the JSON contract (UTF-16 offsets).
#[wasm_bindgen(unchecked_return_type = "LedeSpan[]")]
pub fn analyze(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    #[wasm_bindgen(unchecked_param_type = "AnalyzeOptions | undefined")] options: JsValue,
) -> Result<JsValue, JsError> {
    // The JS string is kept: every span's text is sliced from it.
    let Some(s) = text.as_string() else {
        return Err(JsError::new("analyze: the text must be a string"));
    };
    let js: JsOptions = if options.is_undefined() || options.is_null() {
        JsOptions::default()
    } else {
        serde_wasm_bindgen::from_value(options).map_err(|e| JsError::new(&format!("bad options: {e}")))?
    };
    let opts = Options::default()
        .quotes(js.quotes.unwrap_or(true))
        .numbers(js.numbers.unwrap_or(true))
        .entities(js.entities.unwrap_or(true))
        .typewriter_quotes(js.typewriter_quotes.unwrap_or(false));
    HIGHLIGHTER.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.as_ref().map(|(o, _)| *o) != Some(opts) {
            *slot = Some((opts, Highlighter::new(opts)));
        }
        let (_, lede) = slot.as_ref().unwrap();
        let found = lede.analyze(&s);
        let spans = to_json_spans(&s, &found);
        // The objects are built in JS (spans.js) from packed numbers and
        // slices of `text`, not parsed from a JSON string: in Chromium on the
        // dev corpus the whole call took about a fifth less time (205 -> 159
        // ms CPU, alternating runs); building them property by property
        // through serde-wasm-bindgen had been ~4x slower than JSON.
        PACKED.with(|p| {
            let mut p = p.borrow_mut();
            p.pack(&spans);
            Ok(build_spans(&text, &p.nums, &p.extra))
        })
    })
}

/// The crate version, for logs and the page footer.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
