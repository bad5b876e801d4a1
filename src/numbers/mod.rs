//! Figures and what they are worth.
//!
//! Digits with separators and decimals, scale words ("11 million"), percents
//! and currency symbols.

use crate::span::{Annotation, Kind, Number, NumberKind, Span};
use crate::text::{Document, TokenKind};
use crate::Recognizer;

/// Finds numbers; see the [module docs](self).
#[derive(Debug, Default, Clone)]
pub struct NumberRecognizer {}

impl NumberRecognizer {
    /// A recognizer with the default settings.
    pub fn new() -> NumberRecognizer {
        NumberRecognizer {}
    }
}

fn scale(word: &str) -> Option<f64> {
    Some(match word.to_ascii_lowercase().as_str() {
        "hundred" => 1e2,
        "thousand" => 1e3,
        "million" => 1e6,
        "billion" => 1e9,
        "trillion" => 1e12,
        _ => return None,
    })
}

impl Recognizer for NumberRecognizer {
    fn kind(&self) -> Kind {
        Kind::Number
    }

    fn recognize(&self, doc: &Document<'_>, out: &mut Vec<Annotation>) {
        let toks = &doc.tokens;
        let mut i = 0;
        while i < toks.len() {
            if toks[i].kind != TokenKind::Number {
                i += 1;
                continue;
            }
            let w = doc.word(i);
            let Ok(mut value) = w.replace(',', "").parse::<f64>() else {
                i += 1;
                continue;
            };
            let mut span = toks[i].span;
            let mut kind = NumberKind::Cardinal;
            let mut unit = None;
            let mut j = i + 1;
            if j < toks.len() {
                if let Some(s) = scale(doc.word(j)) {
                    value *= s;
                    span = span.cover(toks[j].span);
                    j += 1;
                }
            }
            if j < toks.len() && (doc.word(j) == "%" || doc.word(j).eq_ignore_ascii_case("percent")) {
                kind = NumberKind::Percent;
                span = span.cover(toks[j].span);
                j += 1;
            } else if i > 0 && doc.word(i - 1) == "$" && !toks[i].space_before {
                kind = NumberKind::Currency;
                unit = Some("USD".to_string());
                span = Span::new(toks[i - 1].span.start, span.end);
            }
            out.push(Annotation::Number(Number { span, kind, value: Some(value), unit, range: None, iso: None }));
            i = j;
        }
    }
}
