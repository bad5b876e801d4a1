//! The JSON contract: annotations with **UTF-16** offsets, as the browser,
//! the CLI and the embed all see them.
//!
//! Byte offsets become UTF-16 code-unit offsets here, in one pass over the
//! text for all offsets of a document ([`Utf16Index`]). A span's `text` is
//! always the slice of the input at its offsets, never copied from elsewhere.
//!
//! ```
//! use lede::output::to_json_spans;
//! use lede::{Highlighter, Options};
//! let text = "\u{1F600} Kelly said 11 million.";
//! let found = Highlighter::new(Options::default()).analyze(text);
//! let spans = to_json_spans(text, &found);
//! let eleven = spans.iter().find(|s| s.text() == "11 million").unwrap();
//! assert_eq!((eleven.start(), eleven.end()), (14, 24)); // the emoji is 2 UTF-16 units
//! ```

use crate::span::{Annotation, Span};
use serde::Serialize;

/// Byte offset → UTF-16 offset for a fixed set of byte offsets, computed in
/// one pass over the text.
pub struct Utf16Map {
    bytes: Vec<usize>,
    units: Vec<usize>,
}

impl Utf16Map {
    /// Prepares the conversion of every offset in `offsets` (any order,
    /// repeats allowed). Each must be a char boundary of `text`.
    pub fn new(text: &str, mut offsets: Vec<usize>) -> Utf16Map {
        offsets.sort_unstable();
        offsets.dedup();
        let mut units = Vec::with_capacity(offsets.len());
        let mut pos = 0usize; // byte position reached
        let mut u16s = 0usize; // UTF-16 units before `pos`
        for &off in &offsets {
            u16s += utf16_len(&text[pos..off]);
            pos = off;
            units.push(u16s);
        }
        Utf16Map { bytes: offsets, units }
    }

    /// The UTF-16 offset of byte offset `byte`, which must have been given to [`Utf16Map::new`].
    pub fn get(&self, byte: usize) -> usize {
        let i = self.bytes.binary_search(&byte).expect("offset was registered");
        self.units[i]
    }

    /// Converts a byte span.
    pub fn span(&self, s: Span) -> (usize, usize) {
        (self.get(s.start), self.get(s.end))
    }
}

/// Byte offset → UTF-16 offset for any char boundary of a text, in constant
/// time: the UTF-16 length of every 64-byte block's prefix, counted in one
/// pass, plus a count of the at most 63 bytes between the block's start and
/// the offset.
///
/// Why not [`Utf16Map`]: converting a document's spans with it meant
/// collecting, sorting and binary-searching every offset, which cost more
/// than counting the text. Here the offsets need no order and no registering,
/// and the work stays linear in the text plus the number of offsets.
pub struct Utf16Index<'t> {
    bytes: &'t [u8],
    /// `blocks[k]`: UTF-16 units before byte `64 * k`.
    blocks: Vec<usize>,
}

impl<'t> Utf16Index<'t> {
    const BLOCK: usize = 64;

    /// Counts `text` once.
    pub fn new(text: &'t str) -> Utf16Index<'t> {
        let bytes = text.as_bytes();
        let mut blocks = Vec::with_capacity(bytes.len() / Self::BLOCK + 1);
        let mut units = 0;
        blocks.push(0);
        for chunk in bytes.chunks_exact(Self::BLOCK) {
            units += utf16_units(chunk);
            blocks.push(units);
        }
        Utf16Index { bytes, blocks }
    }

    /// The UTF-16 offset of byte offset `byte` (a char boundary of the text).
    #[inline]
    pub fn get(&self, byte: usize) -> usize {
        let k = byte / Self::BLOCK;
        self.blocks[k] + utf16_units(&self.bytes[k * Self::BLOCK..byte])
    }

    /// Converts a byte span.
    #[inline]
    pub fn span(&self, s: Span) -> (usize, usize) {
        (self.get(s.start), self.get(s.end))
    }
}

/// UTF-16 units of the chars that start in `b` (a slice of at most 255
/// bytes, possibly cut inside chars: a cut char counts where its first byte
/// is).
#[inline]
fn utf16_units(b: &[u8]) -> usize {
    b.iter().fold(0u8, |n, &b| n + ((b & 0xC0) != 0x80) as u8 + (b >= 0xF0) as u8) as usize
}

/// Number of UTF-16 code units in `s`. ASCII runs are counted a word at a time.
pub fn utf16_len(s: &str) -> usize {
    // Each byte that starts a char counts one unit; 4-byte chars count two.
    // Continuation bytes are 0b10xx_xxxx; 4-byte leads are 0b1111_0xxx.
    // Counted in u8 lanes over chunks of 127 bytes (at most 254 per chunk),
    // which vectorizes 16 bytes at a time (SSE2, wasm SIMD) where usize
    // lanes did not.
    s.as_bytes()
        .chunks(127)
        .map(|chunk| chunk.iter().fold(0u8, |n, &b| n + ((b & 0xC0) != 0x80) as u8 + (b >= 0xF0) as u8) as usize)
        .sum()
}

/// A span with UTF-16 offsets, as the JSON contract writes it.
#[derive(Serialize, Debug, Clone, Copy, PartialEq)]
pub struct Piece<'a> {
    /// UTF-16 start.
    pub start: usize,
    /// UTF-16 end (exclusive).
    pub end: usize,
    /// The covered text.
    pub text: &'a str,
}

/// A range's endpoints in the JSON contract.
#[derive(Serialize, Debug, Clone, Copy, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct JsonRange {
    /// Lower bound or null.
    pub min: Option<f64>,
    /// Upper bound or null.
    pub max: Option<f64>,
    /// Whether min is included.
    pub min_inclusive: bool,
    /// Whether max is included.
    pub max_inclusive: bool,
}

/// One span of the JSON contract.
#[derive(Serialize, Debug, Clone, PartialEq)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum JsonSpan<'a> {
    /// `{"kind":"quote", start, end, text, speaker, cue, speakerName, speakerGroup}`
    #[serde(rename_all = "camelCase")]
    Quote {
        /// UTF-16 start.
        start: usize,
        /// UTF-16 end.
        end: usize,
        /// The quotation.
        text: &'a str,
        /// The speaker as written.
        speaker: Option<Piece<'a>>,
        /// The reporting verb or phrase.
        cue: Option<Piece<'a>>,
        /// The named person the speaker resolves to.
        speaker_name: Option<&'a str>,
        /// The entity group of that person.
        speaker_group: Option<u32>,
    },
    /// `{"kind":"number", start, end, text, numberKind, value, unit, range?, iso?}`
    #[serde(rename_all = "camelCase")]
    Number {
        /// UTF-16 start.
        start: usize,
        /// UTF-16 end.
        end: usize,
        /// The figure as written.
        text: &'a str,
        /// cardinal, ordinal, … date.
        number_kind: &'static str,
        /// The value; null when none or not finite.
        value: Option<f64>,
        /// ISO 4217 code or English singular unit name.
        unit: Option<&'a str>,
        /// Endpoints, for ranges only.
        #[serde(skip_serializing_if = "Option::is_none")]
        range: Option<JsonRange>,
        /// ISO 8601 date, for dates when resolvable.
        #[serde(skip_serializing_if = "Option::is_none")]
        iso: Option<&'a str>,
    },
    /// `{"kind":"entity", start, end, text, label, group}`
    Entity {
        /// UTF-16 start.
        start: usize,
        /// UTF-16 end.
        end: usize,
        /// The mention.
        text: &'a str,
        /// PER, ORG, LOC or MISC.
        label: &'static str,
        /// Mentions of one entity share a group.
        group: u32,
    },
}

impl<'a> JsonSpan<'a> {
    /// UTF-16 start.
    pub fn start(&self) -> usize {
        match *self {
            JsonSpan::Quote { start, .. } | JsonSpan::Number { start, .. } | JsonSpan::Entity { start, .. } => start,
        }
    }
    /// UTF-16 end.
    pub fn end(&self) -> usize {
        match *self {
            JsonSpan::Quote { end, .. } | JsonSpan::Number { end, .. } | JsonSpan::Entity { end, .. } => end,
        }
    }
    /// The covered text.
    pub fn text(&self) -> &'a str {
        match *self {
            JsonSpan::Quote { text, .. } | JsonSpan::Number { text, .. } | JsonSpan::Entity { text, .. } => text,
        }
    }
}

fn finite(v: Option<f64>) -> Option<f64> {
    v.filter(|x| x.is_finite())
}

/// Converts annotations (byte offsets, as [`crate::Highlighter::analyze`]
/// returns them) into the JSON contract's spans, in the same order.
pub fn to_json_spans<'a>(text: &'a str, found: &'a [Annotation]) -> Vec<JsonSpan<'a>> {
    let map = Utf16Index::new(text);
    let piece = |s: Span| {
        let (start, end) = map.span(s);
        Piece { start, end, text: &text[s] }
    };
    found
        .iter()
        .map(|a| {
            let (start, end) = map.span(a.span());
            let t = &text[a.span()];
            match a {
                Annotation::Quote(q) => JsonSpan::Quote {
                    start,
                    end,
                    text: t,
                    speaker: q.speaker.map(piece),
                    cue: q.cue.map(piece),
                    speaker_name: q.speaker_name.as_deref(),
                    speaker_group: q.speaker_group,
                },
                Annotation::Number(n) => JsonSpan::Number {
                    start,
                    end,
                    text: t,
                    number_kind: n.kind.as_str(),
                    value: finite(n.value),
                    unit: n.unit.as_deref(),
                    range: n.range.map(|r| JsonRange {
                        min: finite(r.min),
                        max: finite(r.max),
                        min_inclusive: r.min_inclusive,
                        max_inclusive: r.max_inclusive,
                    }),
                    iso: n.iso.as_deref(),
                },
                Annotation::Entity(e) => {
                    JsonSpan::Entity { start, end, text: t, label: e.label.as_str(), group: e.group }
                }
            }
        })
        .collect()
}

/// Writes `spans` as a JSON array to `out`: the same bytes as
/// `serde_json::to_string(spans)`, written directly.
///
/// Why: the browser gets one JSON string (see `wasm.rs`), and serde's
/// generic machinery, compiled for size with the other dependencies in the
/// wasm build, cost as much per span as converting it. Floats still go
/// through serde_json, so every number is formatted exactly as before.
pub fn write_json(spans: &[JsonSpan<'_>], out: &mut String) {
    out.push('[');
    for (k, s) in spans.iter().enumerate() {
        if k > 0 {
            out.push(',');
        }
        match *s {
            JsonSpan::Quote { start, end, text, speaker, cue, speaker_name, speaker_group } => {
                head(out, "quote", start, end, text);
                out.push_str(",\"speaker\":");
                piece(out, speaker);
                out.push_str(",\"cue\":");
                piece(out, cue);
                out.push_str(",\"speakerName\":");
                match speaker_name {
                    Some(n) => string(out, n),
                    None => out.push_str("null"),
                }
                out.push_str(",\"speakerGroup\":");
                match speaker_group {
                    Some(g) => uint(out, g as usize),
                    None => out.push_str("null"),
                }
            }
            JsonSpan::Number { start, end, text, number_kind, value, unit, range, iso } => {
                head(out, "number", start, end, text);
                out.push_str(",\"numberKind\":");
                string(out, number_kind);
                out.push_str(",\"value\":");
                float(out, value);
                out.push_str(",\"unit\":");
                match unit {
                    Some(u) => string(out, u),
                    None => out.push_str("null"),
                }
                if let Some(r) = range {
                    out.push_str(",\"range\":{\"min\":");
                    float(out, r.min);
                    out.push_str(",\"max\":");
                    float(out, r.max);
                    out.push_str(",\"minInclusive\":");
                    out.push_str(if r.min_inclusive { "true" } else { "false" });
                    out.push_str(",\"maxInclusive\":");
                    out.push_str(if r.max_inclusive { "true" } else { "false" });
                    out.push('}');
                }
                if let Some(d) = iso {
                    out.push_str(",\"iso\":");
                    string(out, d);
                }
            }
            JsonSpan::Entity { start, end, text, label, group } => {
                head(out, "entity", start, end, text);
                out.push_str(",\"label\":");
                string(out, label);
                out.push_str(",\"group\":");
                uint(out, group as usize);
            }
        }
        out.push('}');
    }
    out.push(']');
}

/// `{"kind":…,"start":…,"end":…,"text":…` (the object left open).
fn head(out: &mut String, kind: &str, start: usize, end: usize, text: &str) {
    out.push_str("{\"kind\":\"");
    out.push_str(kind);
    out.push_str("\",\"start\":");
    uint(out, start);
    out.push_str(",\"end\":");
    uint(out, end);
    out.push_str(",\"text\":");
    string(out, text);
}

fn piece(out: &mut String, p: Option<Piece<'_>>) {
    match p {
        Some(p) => {
            out.push_str("{\"start\":");
            uint(out, p.start);
            out.push_str(",\"end\":");
            uint(out, p.end);
            out.push_str(",\"text\":");
            string(out, p.text);
            out.push('}');
        }
        None => out.push_str("null"),
    }
}

fn uint(out: &mut String, mut v: usize) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    // Only ASCII digits were written: pushed as chars, no UTF-8 check.
    for &d in &buf[i..] {
        out.push(d as char);
    }
}

fn float(out: &mut String, v: Option<f64>) {
    match v {
        Some(x) => out.push_str(&serde_json::to_string(&x).unwrap_or_else(|_| "null".into())),
        None => out.push_str("null"),
    }
}

/// A JSON string with serde_json's escapes: `"` and `\`, and control
/// characters as `\b \t \n \f \r` or `\u00xx`; everything else verbatim.
fn string(out: &mut String, s: &str) {
    out.push('"');
    let b = s.as_bytes();
    let mut from = 0;
    for (i, &c) in b.iter().enumerate() {
        let esc: &str = match c {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\t' => "\\t",
            b'\r' => "\\r",
            0x08 => "\\b",
            0x0C => "\\f",
            0..=0x1F => "",
            _ => continue,
        };
        out.push_str(&s[from..i]);
        if esc.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("\\u00");
            out.push(HEX[(c >> 4) as usize] as char);
            out.push(HEX[(c & 15) as usize] as char);
        } else {
            out.push_str(esc);
        }
        from = i + 1;
    }
    out.push_str(&s[from..]);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_lengths() {
        assert_eq!(utf16_len("abc"), 3);
        assert_eq!(utf16_len("é"), 1);
        assert_eq!(utf16_len("中文"), 2);
        assert_eq!(utf16_len("\u{1F600}"), 2);
        assert_eq!(utf16_len("e\u{0301}"), 2);
        assert_eq!(utf16_len("\u{1F468}\u{200D}\u{1F469}"), 5);
    }

    #[test]
    fn utf16_length_counts_like_encode_utf16() {
        let parts = ["a", "é", "中", "\u{1F600}", "\u{2019}", " ", "\n"];
        let mut rng = crate::testing::XorShift::new(0x0ddb_a11c_0ffe_e123);
        for _ in 0..500 {
            let s: String = (0..rng.below(400)).map(|_| parts[rng.below(parts.len())]).collect();
            assert_eq!(utf16_len(&s), s.encode_utf16().count());
        }
    }

    /// The index against `encode_utf16` at every char boundary, on texts
    /// longer than a few blocks (so block edges fall inside chars).
    #[test]
    fn index_matches_encode_utf16_at_every_boundary() {
        let parts = ["a", "é", "中", "\u{1F600}", "\u{2019}", " ", "\n", "abcdefghij"];
        let mut rng = crate::testing::XorShift::new(0x5eed_1d3c_0ffe_e123);
        for _ in 0..300 {
            let s: String = (0..rng.below(120)).map(|_| parts[rng.below(parts.len())]).collect();
            let index = Utf16Index::new(&s);
            for b in (0..=s.len()).filter(|&b| s.is_char_boundary(b)) {
                assert_eq!(index.get(b), s[..b].encode_utf16().count(), "{s:?} at {b}");
            }
        }
        // Empty text, and a text of exactly one block.
        assert_eq!(Utf16Index::new("").get(0), 0);
        let block = "\u{1F600}".repeat(16);
        assert_eq!(Utf16Index::new(&block).get(64), 32);
    }

    #[test]
    fn map_converts_unsorted_offsets() {
        let text = "a\u{1F600}b中c";
        // bytes: a=0, emoji=1..5, b=5, 中=6..9, c=9
        let m = Utf16Map::new(text, vec![9, 0, 5, 6, 10, 5]);
        assert_eq!([m.get(0), m.get(5), m.get(6), m.get(9), m.get(10)], [0, 3, 4, 5, 6]);
    }

    /// `write_json` writes what serde_json writes, on awkward strings and
    /// on every span of the dev corpora.
    #[test]
    fn direct_json_matches_serde() {
        use crate::{Highlighter, Options};
        let lede = Highlighter::new(Options::default());
        let mut texts: Vec<String> = vec![
            "Kelly said \"it rose 5% to $3.5bn\" on \\ Monday,\n\ttab\r\u{8}\u{c}\u{1}\u{1f}\u{7f} \u{1F600} \u{2019}Smith\u{2019}".into(),
            "\"I'm out,\" said John Smith. It fell 20-30 percent, between 1.5 and 2 million, on March 3, 2020.".into(),
            String::new(),
        ];
        let dir = std::env::var_os("LEDE_SHARED").map(std::path::PathBuf::from).unwrap_or_else(|| "../shared".into());
        for f in ["data/conll2003/dev.jsonl", "data/quotes/dev.jsonl", "data/numbers/dev.jsonl"] {
            let Ok(data) = std::fs::read_to_string(dir.join(f)) else {
                eprintln!("output: {f} not found under {} (set LEDE_SHARED), skipped", dir.display());
                continue;
            };
            for line in data.lines() {
                let v: serde_json::Value = serde_json::from_str(line).unwrap();
                texts.push(v["text"].as_str().unwrap().to_string());
            }
        }
        let mut out = String::new();
        for text in &texts {
            let found = lede.analyze(text);
            let spans = to_json_spans(text, &found);
            out.clear();
            write_json(&spans, &mut out);
            assert_eq!(out, serde_json::to_string(&spans).unwrap(), "{text:?}");
        }
        // Every escape, and the numbers' optional fields.
        let spans = [
            JsonSpan::Entity { start: 0, end: 1, text: "\u{0}\u{1f}\"\\/\u{7f}é", label: "PER", group: 4_294_967_295 },
            JsonSpan::Number {
                start: 10,
                end: 12,
                text: "x",
                number_kind: "range",
                value: Some(-0.000_001_5),
                unit: None,
                range: Some(JsonRange { min: None, max: Some(1e300), min_inclusive: true, max_inclusive: false }),
                iso: Some("2020-01-01"),
            },
            JsonSpan::Quote { start: 1, end: 2, text: "q", speaker: None, cue: Some(Piece { start: 3, end: 4, text: "c" }), speaker_name: None, speaker_group: Some(0) },
        ];
        out.clear();
        write_json(&spans, &mut out);
        assert_eq!(out, serde_json::to_string(&spans[..]).unwrap());
    }
}
