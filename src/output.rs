//! The JSON contract: annotations with **UTF-16** offsets, as the browser,
//! the CLI and the embed all see them.
//!
//! Byte offsets become UTF-16 code-unit offsets here, in one pass over the
//! text for all offsets of a document ([`Utf16Map`]). A span's `text` is
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

/// Number of UTF-16 code units in `s`. ASCII runs are counted a word at a time.
pub fn utf16_len(s: &str) -> usize {
    // Each byte that starts a char counts one unit; 4-byte chars count two.
    // Continuation bytes are 0b10xx_xxxx; 4-byte leads are 0b1111_0xxx.
    s.bytes().map(|b| ((b & 0xC0) != 0x80) as usize + (b >= 0xF0) as usize).sum()
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
    let mut offsets = Vec::with_capacity(found.len() * 2);
    for a in found {
        let s = a.span();
        offsets.extend([s.start, s.end]);
        if let Annotation::Quote(q) = a {
            for p in [q.speaker, q.cue].into_iter().flatten() {
                offsets.extend([p.start, p.end]);
            }
        }
    }
    let map = Utf16Map::new(text, offsets);
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
    fn map_converts_unsorted_offsets() {
        let text = "a\u{1F600}b中c";
        // bytes: a=0, emoji=1..5, b=5, 中=6..9, c=9
        let m = Utf16Map::new(text, vec![9, 0, 5, 6, 10, 5]);
        assert_eq!([m.get(0), m.get(5), m.get(6), m.get(9), m.get(10)], [0, 3, 4, 5, 6]);
    }
}
