//! Golden UTF-16 offsets (issue 9): the JSON contract's `start`/`end` are
//! what JavaScript's `String.prototype.slice` wants, whatever precedes the
//! span: astral emoji (2 units), ZWJ sequences, CJK (1 unit, 3 bytes),
//! combining marks, right-to-left text, NUL, and U+FFFD standing for a lone
//! surrogate (JS passes `"\uD800"` through wasm-bindgen's TextEncoder as
//! U+FFFD: 3 bytes but still 1 unit, so offsets into the original JS string
//! stay right).
//!
//! The expected numbers are written out by hand (counted as JS counts), not
//! computed by the code under test.

use lede::output::{to_json_spans, JsonSpan, Piece};
use lede::{Annotation, Entity, Highlighter, Label, Options, Quote, Span};

/// An entity annotation over the first occurrence of `needle` in `text`.
fn entity(text: &str, needle: &str) -> Annotation {
    let start = text.find(needle).unwrap_or_else(|| panic!("{needle:?} not in {text:?}"));
    Annotation::Entity(Entity { span: Span::new(start, start + needle.len()), label: Label::Per, group: 0 })
}

#[test]
fn golden_utf16_offsets() {
    // (text, span text, bytes before it, UTF-16 start, UTF-16 end), as JS counts.
    let cases: &[(&str, &str, usize, usize, usize)] = &[
        ("Ann Lee", "Lee", 4, 4, 7),
        ("\u{1F600} Ann", "Ann", 5, 3, 6),                               // emoji: 4 bytes, 2 units
        ("\u{1F600}\u{1F600}Ann", "Ann", 8, 4, 7),
        ("\u{1F469}\u{200D}\u{1F52C} Ann", "Ann", 12, 6, 9),             // ZWJ: 2+1+2 units, 4+3+4 bytes
        ("\u{1F1FA}\u{1F1F8} Ann", "Ann", 9, 5, 8),                      // flag: two regional indicators
        ("\u{1F44D}\u{1F3FD} Ann", "Ann", 9, 5, 8),                      // skin tone modifier
        ("\u{4E2D}\u{6587} Ann", "Ann", 7, 3, 6),                        // CJK: 3 bytes, 1 unit each
        ("cafe\u{0301} Ann", "Ann", 7, 6, 9),                            // combining acute: its own unit
        ("e\u{0301}\u{0301}\u{0301}Ann", "Ann", 7, 4, 7),                 // stacked marks
        ("\u{05E9}\u{05DC}\u{05D5}\u{05DD} Ann", "Ann", 9, 5, 8),        // Hebrew: 2 bytes, 1 unit
        ("\u{202E}\u{200F}Ann", "Ann", 6, 2, 5),                         // RLO and RLM controls
        ("\u{0000}\u{0000}Ann", "Ann", 2, 2, 5),                         // NUL
        ("\u{FFFD} Ann", "Ann", 4, 2, 5),                                // a lone surrogate from JS
        ("\u{FFFD}\u{FFFD}\u{1F600}Ann", "Ann", 10, 4, 7),               // two lone surrogates, then a pair
        ("\u{1D400}\u{10400} Ann", "Ann", 9, 5, 8),                      // astral letters
        ("\u{1F600}", "\u{1F600}", 0, 0, 2),                              // a span that is one astral char
        ("a\u{1F469}\u{200D}\u{1F52C}b", "\u{1F469}\u{200D}\u{1F52C}", 1, 1, 6), // a span that is a ZWJ sequence
        ("x e\u{0301}", "e\u{0301}", 2, 2, 4),                           // a span ending in a combining mark
        ("\u{4E2D}\u{6587}", "\u{6587}", 3, 1, 2),
    ];
    for &(text, needle, bytes, start, end) in cases {
        let found = [entity(text, needle)];
        assert_eq!(found[0].span().start, bytes, "byte offset of {needle:?} in {text:?}");
        let spans = to_json_spans(text, &found);
        assert_eq!((spans[0].start(), spans[0].end(), spans[0].text()), (start, end, needle), "{text:?}");
    }
}

#[test]
fn quote_speaker_and_cue_pieces_convert_too() {
    // Units: \u{201C} 0, \u{1F600} 1-2, \u{201D} 3, " " 4, "said" 5-8, " " 9,
    // three Hebrew letters 10-12, " " 13, "Lee" 14-16.
    let text = "\u{201C}\u{1F600}\u{201D} said \u{05D3}\u{05E0}\u{05D4} Lee";
    let at = |s: &str| {
        let i = text.find(s).unwrap();
        Span::new(i, i + s.len())
    };
    let q = Annotation::Quote(Quote {
        span: at("\u{201C}\u{1F600}\u{201D}"),
        speaker: Some(at("Lee")),
        cue: Some(at("said")),
        speaker_name: Some("Lee".into()),
        speaker_group: Some(3),
    });
    let spans = to_json_spans(text, std::slice::from_ref(&q));
    let JsonSpan::Quote { start, end, speaker, cue, .. } = &spans[0] else { panic!("not a quote") };
    assert_eq!((*start, *end), (0, 4));
    assert_eq!(*cue, Some(Piece { start: 5, end: 9, text: "said" }));
    assert_eq!(*speaker, Some(Piece { start: 14, end: 17, text: "Lee" }));
    let json = serde_json::to_string(&spans).unwrap();
    assert!(json.contains("\"speaker\":{\"start\":14,\"end\":17,\"text\":\"Lee\"}"), "{json}");
}

/// End to end: whatever the recognizers find in these texts, every offset
/// equals the UTF-16 length of the text before it, counted char by char.
#[test]
fn analysis_offsets_match_a_char_by_char_count() {
    let texts = [
        "\u{1F600} Kelly said 11 million people \u{1F469}\u{200D}\u{1F52C} live in Mexico City.",
        "\u{201C}\u{4E2D}\u{6587} is hard,\u{201D} said John Kelly. Prices rose 12% to $5.2 billion.",
        "\u{FFFD}\u{FFFD} \u{201C}We will build it,\u{201D} Sean Spicer told reporters on Jan. 5, 2017.",
        "caf\u{0065}\u{0301} \u{05E9}\u{05DC}\u{05D5}\u{05DD} \u{0000} Dr. Ana Ruiz, 54, ran 20 km.\n\u{202E}The U.S. paid 1.9 million.",
    ];
    let lede = Highlighter::new(Options::default());
    let units = |text: &str, byte: usize| text[..byte].chars().map(char::len_utf16).sum::<usize>();
    for text in texts {
        let found = lede.analyze(text);
        let spans = to_json_spans(text, &found);
        assert_eq!(found.len(), spans.len());
        for (a, s) in found.iter().zip(&spans) {
            let b = a.span();
            assert_eq!((s.start(), s.end()), (units(text, b.start), units(text, b.end)), "{:?} in {text:?}", s.text());
            assert_eq!(s.text(), &text[b]);
        }
        assert!(!found.is_empty(), "nothing found in {text:?}");
    }
}
