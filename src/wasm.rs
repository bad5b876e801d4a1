//! The browser binding: conversions only. Every decision is made in the core.

use crate::output::{to_json_spans, write_json};
use crate::{Highlighter, Options};
use serde::Deserialize;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = r#"
export interface AnalyzeOptions { quotes?: boolean; numbers?: boolean; entities?: boolean }
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
}

thread_local! {
    // Built once per instance: the entity model is parsed on first use.
    static HIGHLIGHTER: RefCell<Option<(Options, Highlighter)>> = const { RefCell::new(None) };
}

/// Analyses `text` and returns the spans of the JSON contract (UTF-16 offsets).
#[wasm_bindgen(unchecked_return_type = "LedeSpan[]")]
pub fn analyze(text: &str, #[wasm_bindgen(unchecked_param_type = "AnalyzeOptions | undefined")] options: JsValue) -> Result<JsValue, JsError> {
    let js: JsOptions = if options.is_undefined() || options.is_null() {
        JsOptions::default()
    } else {
        serde_wasm_bindgen::from_value(options).map_err(|e| JsError::new(&format!("bad options: {e}")))?
    };
    let opts = Options::default()
        .quotes(js.quotes.unwrap_or(true))
        .numbers(js.numbers.unwrap_or(true))
        .entities(js.entities.unwrap_or(true));
    HIGHLIGHTER.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.as_ref().map(|(o, _)| *o) != Some(opts) {
            *slot = Some((opts, Highlighter::new(opts)));
        }
        let (_, lede) = slot.as_ref().unwrap();
        let found = lede.analyze(text);
        let spans = to_json_spans(text, &found);
        // One JSON string and one `JSON.parse` beat building thousands of
        // small objects property by property through serde-wasm-bindgen
        // (measured ~4x on the dev corpus; see `make bench`). The string is
        // written directly, byte for byte what serde_json would write.
        let mut json = String::with_capacity(64 + text.len() / 2);
        write_json(&spans, &mut json);
        js_sys::JSON::parse(&json).map_err(|_| JsError::new("lede produced invalid JSON"))
    })
}

/// The crate version, for logs and the page footer.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
