//! The promises every analysis result keeps, checked in one place.
//!
//! Property tests, fuzz targets and the stable fuzz driver all call these, so
//! that "no offset is wrong" means one precise thing: every span (and every
//! quote's speaker and cue) is non-empty, inside the text and on `char`
//! boundaries; annotations are sorted as [`crate::sort_annotations`] sorts
//! them; and in the JSON contract, slicing the UTF-16 encoding of the text at
//! `[start, end)` gives exactly the span's `text`, with no NaN or infinity
//! anywhere in the serialized JSON.
//!
//! ```
//! use lede::{invariants, Highlighter, Options};
//! let text = "\u{1F469}\u{200D}\u{1F52C} Kelly said 11 million.";
//! let found = Highlighter::new(Options::default()).analyze(text);
//! invariants::check(text, &found).unwrap();
//! invariants::check_json(text, &lede::output::to_json_spans(text, &found)).unwrap();
//! ```

use crate::output::{JsonSpan, Piece};
use crate::span::{Annotation, Span};
use crate::{Highlighter, Options};
use std::cmp::Ordering;
use std::sync::OnceLock;

/// A shared highlighter for one combination of layers, so that property
/// tests and fuzzers cover every combination without rebuilding pipelines.
/// Bits of `layers`: 1 quotes, 2 numbers, 4 entities (higher bits ignored).
pub fn highlighter_for_layers(layers: u8) -> &'static Highlighter {
    static ALL: OnceLock<Vec<Highlighter>> = OnceLock::new();
    let all = ALL.get_or_init(|| {
        (0..8u8)
            .map(|b| Highlighter::new(Options::default().quotes(b & 1 != 0).numbers(b & 2 != 0).entities(b & 4 != 0)))
            .collect()
    });
    &all[layers as usize & 7]
}

/// Checks the byte-offset annotations of `text`; the error names the first
/// broken promise.
pub fn check(text: &str, found: &[Annotation]) -> Result<(), String> {
    let span_ok = |what: &str, s: Span| -> Result<(), String> {
        if s.start >= s.end || s.end > text.len() {
            return Err(format!("{what} {s:?} is empty or out of bounds (text has {} bytes)", text.len()));
        }
        if !text.is_char_boundary(s.start) || !text.is_char_boundary(s.end) {
            return Err(format!("{what} {s:?} is not on char boundaries"));
        }
        Ok(())
    };
    for (i, a) in found.iter().enumerate() {
        span_ok("span", a.span())?;
        if let Annotation::Quote(q) = a {
            if let Some(s) = q.speaker {
                span_ok("speaker", s)?;
            }
            if let Some(s) = q.cue {
                span_ok("cue", s)?;
            }
        }
        if i > 0 && order(&found[i - 1], a) == Ordering::Greater {
            return Err(format!("annotations {} and {i} are out of order: {:?} then {:?}", i - 1, found[i - 1].span(), a.span()));
        }
    }
    Ok(())
}

/// The order of [`crate::sort_annotations`]: start, then longer first, then kind.
fn order(a: &Annotation, b: &Annotation) -> Ordering {
    let (sa, sb) = (a.span(), b.span());
    sa.start.cmp(&sb.start).then(sb.end.cmp(&sa.end)).then(a.kind().cmp(&b.kind()))
}

/// Checks the JSON-contract spans of `text`: UTF-16 offsets that slice back
/// to each `text`, sorted by start, and JSON with only finite numbers.
pub fn check_json(text: &str, spans: &[JsonSpan<'_>]) -> Result<(), String> {
    let units: Vec<u16> = text.encode_utf16().collect();
    let slice_ok = |what: &str, start: usize, end: usize, want: &str| -> Result<(), String> {
        let got = units.get(start..end).ok_or_else(|| format!("{what} [{start},{end}) is out of bounds ({} units)", units.len()))?;
        // Comparing units, not a lossy decoding: a split surrogate pair must fail.
        if !got.iter().copied().eq(want.encode_utf16()) {
            return Err(format!("{what} [{start},{end}) slices to {:?}, not {want:?}", String::from_utf16_lossy(got)));
        }
        if start >= end {
            return Err(format!("{what} [{start},{end}) is empty"));
        }
        Ok(())
    };
    let piece_ok = |what: &str, p: &Option<Piece<'_>>| match p {
        Some(p) => slice_ok(what, p.start, p.end, p.text),
        None => Ok(()),
    };
    let mut last_start = 0;
    for s in spans {
        slice_ok("span", s.start(), s.end(), s.text())?;
        if let JsonSpan::Quote { speaker, cue, .. } = s {
            piece_ok("speaker", speaker)?;
            piece_ok("cue", cue)?;
        }
        if s.start() < last_start {
            return Err(format!("span at {} comes after one at {last_start}", s.start()));
        }
        last_start = s.start();
    }
    let json = serde_json::to_string(spans).map_err(|e| format!("does not serialize: {e}"))?;
    // serde_json rejects NaN and infinities when reading, so a round trip proves there are none.
    let back: serde_json::Value = serde_json::from_str(&json).map_err(|e| format!("serialized JSON does not parse: {e}"))?;
    let n = back.as_array().map_or(0, Vec::len);
    if n != spans.len() {
        return Err(format!("serialized {n} spans, not {}", spans.len()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::{Entity, Label, Quote};

    fn entity(start: usize, end: usize) -> Annotation {
        Annotation::Entity(Entity { span: Span::new(start, end), label: Label::Per, group: 0 })
    }

    #[test]
    fn accepts_good_annotations() {
        let text = "Kelly \u{1F600} Smith";
        check(text, &[entity(0, 5), entity(11, 16)]).unwrap();
        check(text, &[]).unwrap();
    }

    #[test]
    fn rejects_broken_annotations() {
        let text = "Kelly \u{1F600} Smith";
        let quote_with = |speaker: Span| {
            Annotation::Quote(Quote { span: Span::new(0, 5), speaker: Some(speaker), cue: None, speaker_name: None, speaker_group: None })
        };
        let cases: &[(&[Annotation], &str)] = &[
            (&[entity(0, 0)], "empty"),
            (&[entity(0, 17)], "out of bounds"),
            (&[entity(7, 9)], "char boundaries"),
            (&[entity(11, 16), entity(0, 5)], "out of order"),
            (&[entity(0, 3), entity(0, 5)], "out of order"),
        ];
        for (found, want) in cases {
            let e = check(text, found).unwrap_err();
            assert!(e.contains(want), "{e}");
        }
        let e = check(text, &[quote_with(Span::new(6, 8))]).unwrap_err();
        assert!(e.starts_with("speaker"), "{e}");
    }

    #[test]
    fn json_offsets_must_slice_back() {
        let text = "\u{1F600}ab";
        let good = [JsonSpan::Entity { start: 2, end: 4, text: "ab", label: "PER", group: 0 }];
        check_json(text, &good).unwrap();
        let bad: &[(JsonSpan<'_>, &str)] = &[
            (JsonSpan::Entity { start: 1, end: 3, text: "ab", label: "PER", group: 0 }, "slices to"),
            (JsonSpan::Entity { start: 0, end: 1, text: "\u{1F600}", label: "PER", group: 0 }, "slices to"),
            (JsonSpan::Entity { start: 3, end: 5, text: "b", label: "PER", group: 0 }, "out of bounds"),
        ];
        for (span, want) in bad {
            let e = check_json(text, std::slice::from_ref(span)).unwrap_err();
            assert!(e.contains(want), "{e}");
        }
    }
}
