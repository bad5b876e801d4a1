//! Ties each quote's speaker to a named person.
//!
//! A speaker span is resolved, in order, to:
//! 1. the person entity it overlaps (any entity layer: the group ties every
//!    mention of one person together), named by the group's longest mention;
//! 2. a name read from the speaker span itself when no entity overlaps it
//!    ("Cruz spokeswoman Catherine Frazier" → "Catherine Frazier"): the last
//!    run of capitalized words, titles dropped; a surname alone ("Kelly")
//!    becomes the full name of an earlier person or named speaker
//!    ("John Kelly"), and takes that person's group;
//! 3. for a pronoun ("he"), the nearer of the last named speaker and the
//!    last person entity; for "who", the name right before it; for a
//!    nominal ("the president"), the last person entity a few paragraphs
//!    back at most; other phrases ("US government estimates") stay unnamed.
//!
//! Runs after every recognizer; works with whatever person entities exist,
//! including none.

use crate::lookup::{BySurname, Covering, Ends};
use crate::span::{Annotation, Label, Span};
use crate::text::Document;
use std::collections::{HashMap, HashSet};

/// Titles and roles dropped from the front of a name read from a speaker span.
const TITLES: &[&str] = &[
    "Mr.", "Mrs.", "Ms.", "Dr.", "Sen.", "Rep.", "Gov.", "Gen.", "Lt.", "Col.", "Capt.", "Sgt.", "Adm.", "Rev.",
    "Prof.", "Sir", "Dame", "Lord", "Lady", "President", "Vice", "Senator", "Representative", "Governor",
    "Mayor", "Secretary", "Minister", "Prime", "Chancellor", "Judge", "Justice", "Chairman", "Chairwoman",
    "Speaker", "Leader", "Director", "General", "Attorney", "Ambassador", "Commissioner", "Chief", "Former",
    "State", "Defense", "Deputy", "Press", "Congressman", "Congresswoman", "Pope", "King", "Queen", "Prince",
    "Princess", "Gov", "Sen", "Rep", "Mr", "Mrs", "Ms", "Dr", "The", "A", "An", "U.S.", "US", "UK", "U.K.", "House", "White",
];

fn is_title(w: &str) -> bool {
    TITLES.contains(&w)
}

fn is_cap(w: &str) -> bool {
    w.chars().next().is_some_and(|c| c.is_uppercase())
}

fn last_word(s: &str) -> &str {
    s.rsplit(|c: char| c.is_whitespace()).next().unwrap_or(s).trim_end_matches(['.', ',', '\'', '\u{2019}'])
}

/// A person name inside `span`: its last run of capitalized words, without
/// leading titles. `None` for a pronoun or a phrase without a name.
pub fn name_in(doc: &Document<'_>, span: Span) -> Option<Span> {
    let first = doc.token_at_or_after(span.start);
    let last = doc.token_at_or_after(span.end);
    let mut best: Option<(usize, usize)> = None;
    let mut i = first;
    while i < last {
        let w = doc.word(i);
        if is_cap(w) && !crate::quotes::is_pronoun(w) {
            let s = i;
            while i < last && (is_cap(doc.word(i)) || doc.word(i) == "." || doc.word(i) == "-") {
                i += 1;
            }
            let mut s2 = s;
            while s2 < i && is_title(doc.word(s2)) {
                s2 += 1;
            }
            if s2 < i {
                best = Some((s2, i));
            }
        } else {
            i += 1;
        }
    }
    best.map(|(s, e)| doc.tokens_span(s..e))
}

/// Fills `speaker_name` and `speaker_group` of every quote in `found`.
pub fn link(doc: &Document<'_>, found: &mut [Annotation]) {
    let text = doc.text;
    // Person mentions in text order, and the longest mention of each group.
    let mut people: Vec<(usize, usize, u32)> = Vec::new();
    let mut longest: Vec<(u32, &str)> = Vec::new();
    // Every lookup below is a hash or a binary search (crate::lookup), so
    // linking stays linear in quotes and people (issue 9).
    let mut group_at: HashMap<u32, usize> = HashMap::new();
    for a in found.iter() {
        if let Annotation::Entity(e) = a {
            if e.label == Label::Per {
                people.push((e.span.start, e.span.end, e.group));
                let t = &text[e.span];
                match group_at.get(&e.group) {
                    Some(&i) if longest[i].1.len() < t.len() => longest[i].1 = t,
                    Some(_) => {}
                    None => {
                        group_at.insert(e.group, longest.len());
                        longest.push((e.group, t));
                    }
                }
            }
        }
    }
    let mut longest_by_surname = BySurname::default();
    for (i, &(_, full)) in longest.iter().enumerate() {
        longest_by_surname.push(last_word(full), i, full.len());
    }
    // A person named inside a quote is spoken about, not speaking.
    let quoted: Vec<Span> = found
        .iter()
        .filter_map(|a| match a {
            Annotation::Quote(q) => Some(q.span),
            _ => None,
        })
        .collect();
    let quoted = Covering::new(quoted);
    people.retain(|&(s, e, _)| !quoted.covers(Span::new(s, e)));
    people.sort_unstable();
    let ends = Ends::new(people.iter().map(|p| p.1).collect());
    let name_of = |g: u32| group_at.get(&g).map(|&i| longest[i].1.to_string());
    let mut quotes: Vec<usize> = (0..found.len()).filter(|&i| matches!(found[i], Annotation::Quote(_))).collect();
    quotes.sort_by_key(|&i| found[i].span().start);
    // Named speakers so far: (full name, group).
    let mut named: Vec<(String, Option<u32>)> = Vec::new();
    let mut named_set: HashSet<String> = HashSet::new();
    let mut named_by_surname = BySurname::default();
    // The last resolved speaker, with where its speaker span starts.
    let mut last_named: Option<(String, Option<u32>, usize)> = None;
    for qi in quotes {
        let Annotation::Quote(q) = &mut found[qi] else { unreachable!() };
        let Some(sp) = q.speaker else { continue };
        // The last person overlapping the speaker: among those starting
        // before its end, the last one ending after its start.
        let hit = ends.last_above(0, people.partition_point(|p| p.0 < sp.end), sp.start).map(|j| &people[j]);
        let resolved: Option<(String, Option<u32>)> = if let Some(&(_, _, g)) = hit {
            name_of(g).map(|n| (n, Some(g)))
        } else if let Some(ns) = name_in(doc, sp) {
            let n = &text[ns];
            let surname = last_word(n);
            // A surname alone, or a name an entity group already has.
            let by_entity = longest_by_surname.first_at_least(surname, n.len()).map(|i| &longest[i]);
            let by_speaker = named_by_surname.first_at_least(surname, n.len()).map(|i| &named[i]);
            match (by_entity, by_speaker) {
                (Some(&(g, full)), _) => Some((full.to_string(), Some(g))),
                (None, Some((full, g))) => Some((full.clone(), *g)),
                (None, None) => Some((n.to_string(), None)),
            }
        } else if !refers_to_person(&text[sp]) {
            None
        } else if text[sp].eq_ignore_ascii_case("who") {
            // "Barkley, who said": the name right before; "ministers who
            // expressed": nobody named.
            let at = doc.token_at_or_after(sp.start);
            let mut k = at;
            if k > 0 && doc.word(k - 1) == "," {
                k -= 1;
            }
            let before = if k > 0 && is_cap(doc.word(k - 1)) { Some(doc.tokens[k - 1].span) } else { None };
            before.and_then(|b| {
                let s = doc.tokens[k.saturating_sub(4)].span.start;
                name_in(doc, Span::new(s, b.end))
            })
            .map(|ns| {
                // The first person overlapping the name: the first one ending
                // after its start, if that one starts before its end.
                let hit = ends.first_above(0, people.len(), ns.start).map(|j| &people[j]).filter(|p| p.0 < ns.end);
                match hit {
                    Some(&(_, _, g)) => (name_of(g).unwrap_or_else(|| text[ns].to_string()), Some(g)),
                    None => (text[ns].to_string(), None),
                }
            })
        } else if !crate::quotes::is_pronoun(text[sp].split_whitespace().next().unwrap_or("")) {
            // A nominal ("the president"): the last person entity before it,
            // within a few paragraphs.
            let near = sp.start.saturating_sub(1500);
            ends.last_at_most(people.partition_point(|p| p.0 < near), people.len(), sp.start)
                .and_then(|j| name_of(people[j].2).map(|n| (n, Some(people[j].2))))
        } else {
            // The nearer of the last named speaker and the last person entity.
            let entity = ends.last_at_most(0, people.len(), sp.start).map(|j| &people[j]);
            match (&last_named, entity) {
                (Some((_, _, at)), Some(&(s, _, eg))) if s > *at => name_of(eg).map(|n| (n, Some(eg))),
                (Some((n, g, _)), _) => Some((n.clone(), *g)),
                (None, Some(&(_, _, eg))) => name_of(eg).map(|n| (n, Some(eg))),
                (None, None) => None,
            }
        };
        if let Some((n, g)) = resolved {
            q.speaker_name = Some(n.clone());
            q.speaker_group = g;
            if named_set.insert(n.clone()) {
                named_by_surname.push(last_word(&n), named.len(), n.len());
                named.push((n.clone(), g));
            }
            last_named = Some((n, g, sp.start));
        }
    }
}

/// A pronoun ("he", "who") or a determiner phrase ("a spokeswoman", "the
/// senator"): a speaker that stands for a person named elsewhere.
fn refers_to_person(speaker: &str) -> bool {
    let first = speaker.split_whitespace().next().unwrap_or("");
    crate::quotes::is_pronoun(first)
        || matches!(first.to_ascii_lowercase().as_str(), "the" | "a" | "an" | "his" | "her" | "their" | "its" | "one" | "another")
}

/// Personal pronouns that can be a speaker.
pub fn is_pronoun(w: &str) -> bool {
    crate::quotes::is_pronoun(w)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::{Entity, Quote};

    fn quote(text: &str, q: &str, speaker: &str) -> Annotation {
        let s = text.find(q).unwrap();
        let p = text.find(speaker).unwrap();
        Annotation::Quote(Quote {
            span: Span::new(s, s + q.len()),
            speaker: Some(Span::new(p, p + speaker.len())),
            cue: None,
            speaker_name: None,
            speaker_group: None,
        })
    }

    fn names(found: &[Annotation]) -> Vec<Option<String>> {
        found
            .iter()
            .filter_map(|a| match a {
                Annotation::Quote(q) => Some(q.speaker_name.clone()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn without_entities() {
        let text = "\"A,\" said Secretary John Kelly. \"B,\" Kelly added. \"C,\" he said. \"D,\" a spokeswoman said.";
        let doc = Document::new(text);
        let mut found = vec![
            quote(text, "\"A,\"", "Secretary John Kelly"),
            quote(text, "\"B,\"", "Kelly added"),
            quote(text, "\"C,\"", "he"),
            quote(text, "\"D,\"", "a spokeswoman"),
        ];
        if let Annotation::Quote(q) = &mut found[1] {
            q.speaker = Some(Span::new(q.speaker.unwrap().start, q.speaker.unwrap().start + 5));
        }
        link(&doc, &mut found);
        let want = Some("John Kelly".to_string());
        assert_eq!(names(&found), [want.clone(), want.clone(), want, None]);
    }

    #[test]
    fn with_entities() {
        let text = "John Kelly spoke. \"A,\" Kelly said. \"B,\" he said.";
        let doc = Document::new(text);
        let mut found = vec![
            Annotation::Entity(Entity { span: Span::new(0, 10), label: Label::Per, group: 7 }),
            Annotation::Entity(Entity { span: Span::new(23, 28), label: Label::Per, group: 7 }),
            quote(text, "\"A,\"", "Kelly"),
            quote(text, "\"B,\"", "he"),
        ];
        link(&doc, &mut found);
        assert_eq!(names(&found), [Some("John Kelly".to_string()), Some("John Kelly".to_string())]);
        for a in &found {
            if let Annotation::Quote(q) = a {
                assert_eq!(q.speaker_group, Some(7));
            }
        }
    }
}
