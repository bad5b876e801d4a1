//! Ties each quote's speaker to a named person: the entity group its speaker
//! span falls in, or for a pronoun or nominal ("he", "the spokesman") the
//! nearest earlier named speaker.

use crate::span::{Annotation, Label};
use crate::text::Document;

/// Fills `speaker_name` and `speaker_group` of every quote in `found`.
pub fn link(doc: &Document<'_>, found: &mut [Annotation]) {
    let text = doc.text;
    // Person mentions, in text order, and the longest name of each group.
    let mut people: Vec<(usize, usize, u32)> = Vec::new();
    let mut longest: Vec<(u32, &str)> = Vec::new();
    for a in found.iter() {
        if let Annotation::Entity(e) = a {
            if e.label == Label::Per {
                people.push((e.span.start, e.span.end, e.group));
                let t = &text[e.span];
                match longest.iter_mut().find(|(g, _)| *g == e.group) {
                    Some(entry) if entry.1.len() < t.len() => entry.1 = t,
                    Some(_) => {}
                    None => longest.push((e.group, t)),
                }
            }
        }
    }
    people.sort_unstable();
    let name_of = |g: u32| longest.iter().find(|(x, _)| *x == g).map(|(_, n)| n.to_string());
    let mut quotes: Vec<usize> = (0..found.len()).filter(|&i| matches!(found[i], Annotation::Quote(_))).collect();
    quotes.sort_by_key(|&i| found[i].span().start);
    let mut last_named: Option<(u32, String)> = None;
    for qi in quotes {
        let Annotation::Quote(q) = &mut found[qi] else { unreachable!() };
        let Some(sp) = q.speaker else { continue };
        let hit = people.iter().find(|&&(s, e, _)| s < sp.end && sp.start < e);
        if let Some(&(_, _, g)) = hit {
            q.speaker_group = Some(g);
            q.speaker_name = name_of(g);
        } else if text[sp].starts_with(char::is_uppercase) && !is_pronoun(&text[sp]) {
            q.speaker_name = Some(text[sp].to_string());
        } else if let Some((g, n)) = &last_named {
            q.speaker_group = Some(*g);
            q.speaker_name = Some(n.clone());
        } else if let Some(&(_, _, g)) = people.iter().rev().find(|&&(_, e, _)| e <= sp.start) {
            q.speaker_group = Some(g);
            q.speaker_name = name_of(g);
        }
        if let (Some(g), Some(n)) = (q.speaker_group, &q.speaker_name) {
            last_named = Some((g, n.clone()));
        }
    }
}

/// Personal pronouns that can be a speaker.
pub fn is_pronoun(w: &str) -> bool {
    matches!(w.to_ascii_lowercase().as_str(), "he" | "she" | "they" | "i" | "we" | "it" | "you")
}
