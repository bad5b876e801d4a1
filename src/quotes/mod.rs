//! Direct quotations and who said them.
//!
//! Pairs opening and closing marks inside a paragraph, then looks for the
//! attribution after the quote (`"…," X said.` / `"…," said X`) or before it
//! (`X said: "…"`).

use crate::span::{Annotation, Kind, Quote, Span};
use crate::text::{Document, TokenKind};
use crate::Recognizer;

/// Reporting verbs, one per line.
const CUES: &[&str] = &["said", "says", "told", "added", "asked", "wrote", "insisted", "stated", "explained", "noted", "argued", "claimed"];

/// Finds quotations; see the [module docs](self).
#[derive(Debug, Default, Clone)]
pub struct QuoteRecognizer {}

impl QuoteRecognizer {
    /// A recognizer with the default settings.
    pub fn new() -> QuoteRecognizer {
        QuoteRecognizer {}
    }
}

fn opens(c: char) -> Option<char> {
    match c {
        '\u{201C}' => Some('\u{201D}'),
        '"' => Some('"'),
        '\u{00AB}' => Some('\u{00BB}'),
        _ => None,
    }
}

impl Recognizer for QuoteRecognizer {
    fn kind(&self) -> Kind {
        Kind::Quote
    }

    fn recognize(&self, doc: &Document<'_>, out: &mut Vec<Annotation>) {
        let text = doc.text;
        for &para in &doc.paragraphs {
            let p = &text[para];
            let mut open: Option<(usize, char)> = None;
            for (i, c) in p.char_indices() {
                let at = para.start + i;
                match open {
                    Some((start, close)) if c == close => {
                        let span = Span::new(start, at + c.len_utf8());
                        out.push(Annotation::Quote(attribute(doc, span)));
                        open = None;
                    }
                    None => {
                        if let Some(close) = opens(c) {
                            open = Some((at, close));
                        }
                    }
                    _ => {}
                }
            }
        }
    }
}

/// Finds speaker and cue around `span`.
fn attribute(doc: &Document<'_>, span: Span) -> Quote {
    let mut q = Quote { span, speaker: None, cue: None, speaker_name: None, speaker_group: None };
    let after = doc.token_at_or_after(span.end);
    let toks = &doc.tokens;
    let is_cue = |i: usize| i < toks.len() && CUES.contains(&doc.word(i));
    let name_run = |from: usize| -> Option<Span> {
        let mut j = from;
        while j < toks.len() && toks[j].kind == TokenKind::Word && (j == from || doc.word(j).starts_with(char::is_uppercase)) {
            j += 1;
            if !doc.word(j - 1).starts_with(char::is_uppercase) {
                break;
            }
        }
        (j > from).then(|| doc.tokens_span(from..j))
    };
    // "…," said X  /  "…," X said
    let mut i = after;
    if i < toks.len() && matches!(doc.word(i), "," | "\u{2014}" | "-") {
        i += 1;
    }
    if is_cue(i) {
        q.cue = Some(toks[i].span);
        q.speaker = name_run(i + 1);
    } else if let Some(s) = name_run(i) {
        let j = doc.token_at_or_after(s.end);
        if is_cue(j) {
            q.speaker = Some(s);
            q.cue = Some(toks[j].span);
        }
    }
    if q.speaker.is_none() {
        // X said: "…"
        let before = doc.token_at_or_after(span.start);
        if before >= 2 && doc.word(before - 1) == ":" && CUES.contains(&doc.word(before - 2)) {
            q.cue = Some(toks[before - 2].span);
            let mut k = before - 2;
            while k > 0 && doc.word(k - 1).starts_with(char::is_uppercase) && toks[k - 1].kind == TokenKind::Word {
                k -= 1;
            }
            if k < before - 2 {
                q.speaker = Some(doc.tokens_span(k..before - 2));
            }
        }
    }
    q
}
