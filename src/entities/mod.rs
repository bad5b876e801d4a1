//! Named entities: people, organisations, places and other names.

use crate::span::{Annotation, Entity, Kind, Label, Span};
use crate::text::{Document, TokenKind};
use crate::Recognizer;

/// Finds entities; see the [module docs](self).
#[derive(Debug, Clone)]
pub struct EntityRecognizer {}

impl EntityRecognizer {
    /// The recognizer with the model embedded in the library.
    pub fn embedded() -> EntityRecognizer {
        EntityRecognizer {}
    }
}

const TITLES: &[&str] = &["Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Dr.", "Secretary", "President", "spokesman", "spokeswoman", "chief"];
const ORG_END: &[&str] = &["Corp", "Corp.", "Inc", "Inc.", "Ltd", "Centre", "Center", "Department", "Security", "House", "Party"];
const LOC_BEFORE: &[&str] = &["in", "to", "from", "at", "near"];

impl Recognizer for EntityRecognizer {
    fn kind(&self) -> Kind {
        Kind::Entity
    }

    fn recognize(&self, doc: &Document<'_>, out: &mut Vec<Annotation>) {
        let toks = &doc.tokens;
        let cap = |i: usize| toks[i].kind == TokenKind::Word && doc.word(i).starts_with(char::is_uppercase);
        let mut found: Vec<(Span, Label, String)> = Vec::new();
        for sent in &doc.sentences {
            let mut i = sent.start;
            while i < sent.end {
                if !cap(i) || TITLES.contains(&doc.word(i)) {
                    i += 1;
                    continue;
                }
                let mut j = i + 1;
                while j < sent.end && (cap(j) || (matches!(doc.word(j), "of" | "for") && j + 1 < sent.end && cap(j + 1))) {
                    j += 1;
                }
                if i == sent.start && j == i + 1 {
                    i = j;
                    continue;
                }
                let last = doc.word(j - 1);
                let label = if i > 0 && TITLES.contains(&doc.word(i - 1)) {
                    Label::Per
                } else if ORG_END.contains(&last) || doc.word(i).chars().all(|c| c.is_uppercase()) && doc.word(i).len() > 1 {
                    Label::Org
                } else if i > 0 && LOC_BEFORE.contains(&doc.word(i - 1)) {
                    Label::Loc
                } else if j - i >= 2 {
                    Label::Per
                } else {
                    Label::Misc
                };
                found.push((doc.tokens_span(i..j), label, last.to_string()));
                i = j;
            }
        }
        let mut groups: Vec<String> = Vec::new();
        for (span, label, key) in found {
            let group = match groups.iter().position(|k| *k == key) {
                Some(g) => g,
                None => {
                    groups.push(key);
                    groups.len() - 1
                }
            } as u32;
            out.push(Annotation::Entity(Entity { span, label, group }));
        }
    }
}
