//! Grouping: which mentions in a text name the same entity.
//!
//! Walking the mentions in text order, a mention joins an earlier group when
//! - it is written the same way (case-insensitively), whatever its label;
//! - it is a person's surname or first name alone after the full name
//!   ("John Kelly" … "Kelly", "Mr Kelly"): a shorter PER mention whose words
//!   all occur, in order, in the group's name;
//! - it is an ORG/LOC/MISC mention whose words form a contiguous part of the
//!   group's name of the same label ("Pew Research Centre" … "Pew");
//! - it is an acronym of the group's name ("Department of Homeland Security"
//!   … "DHS": the initials of its capitalised words), which covers the usual
//!   "Department of Homeland Security (DHS)" introduction.
//!
//! When several groups match, the most recent one wins ("John Kelly" and
//! "Megyn Kelly": a later "Kelly" goes with whoever was named last). Group
//! ids count from 0 in order of first mention.

use super::features::is_title;
use crate::span::{Entity, Label};
use crate::text::Document;
use std::collections::HashMap;

struct Group {
    label: Label,
    /// Lowercase words of the longest mention so far.
    words: Vec<String>,
    last_seen: usize,
}

/// Lowercase words of a mention, without leading titles or trailing possessives.
fn words_of(text: &str) -> Vec<String> {
    let mut w: Vec<&str> = text.split(|c: char| c.is_whitespace()).filter(|s| !s.is_empty()).collect();
    while w.len() > 1 && is_title(w[0]) {
        w.remove(0);
    }
    w.iter()
        .map(|s| {
            let s = s.trim_end_matches("'s").trim_end_matches("\u{2019}s").trim_end_matches(['\'', '\u{2019}']);
            s.to_lowercase()
        })
        .collect()
}

fn initials(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| w.starts_with(char::is_uppercase))
        .filter_map(|w| w.chars().next())
        .flat_map(char::to_lowercase)
        .collect()
}

/// `short` occurs in `long` as an in-order subsequence.
fn subsequence(short: &[String], long: &[String]) -> bool {
    let mut it = long.iter();
    short.iter().all(|w| it.any(|x| x == w))
}

/// `short` occurs in `long` contiguously.
fn contiguous(short: &[String], long: &[String]) -> bool {
    short.len() <= long.len() && long.windows(short.len()).any(|w| w == short)
}

/// An acronym mention: 2-6 capitals (periods allowed), no lowercase.
fn acronym(text: &str) -> Option<String> {
    let letters: String = text.chars().filter(|c| *c != '.').collect();
    let n = letters.chars().count();
    if (2..=6).contains(&n) && letters.chars().all(|c| c.is_uppercase()) {
        Some(letters.to_lowercase())
    } else {
        None
    }
}

/// Sets `group` on every entity of `found` (which must be in text order).
///
/// Groups are indexed by their exact words, by each of their words and by
/// their initials, so a mention is compared only with groups that share a
/// word with it: linear in the number of mentions for ordinary texts.
pub fn assign(doc: &Document<'_>, found: &mut [Entity]) {
    let mut groups: Vec<Group> = Vec::new();
    let mut exact: HashMap<Vec<String>, usize> = HashMap::new();
    let mut by_word: HashMap<String, Vec<usize>> = HashMap::new();
    let mut by_initials: HashMap<String, Vec<usize>> = HashMap::new();
    for (idx, e) in found.iter_mut().enumerate() {
        let text = &doc.text[e.span.start..e.span.end];
        let words = words_of(text);
        // An identical name first, then the most recent partial or acronym match.
        let mut best = exact.get(&words).copied();
        if best.is_none() {
            let mut rank: Option<(usize, usize)> = None;
            let partial = words.first().and_then(|w| by_word.get(w)).into_iter().flatten();
            for &g in partial {
                let grp = &groups[g];
                let ok = words.len() < grp.words.len()
                    && (e.label == grp.label || grp.label == Label::Per && e.label != Label::Loc)
                    && if grp.label == Label::Per { subsequence(&words, &grp.words) } else { contiguous(&words, &grp.words) };
                if ok && rank.is_none_or(|r| r < (grp.last_seen, g)) {
                    rank = Some((grp.last_seen, g));
                }
            }
            if let Some(a) = acronym(text) {
                for &g in by_initials.get(&a).into_iter().flatten() {
                    let grp = &groups[g];
                    if grp.words.len() > 1 && rank.is_none_or(|r| r < (grp.last_seen, g)) {
                        rank = Some((grp.last_seen, g));
                    }
                }
            }
            best = rank.map(|r| r.1);
        }
        let g = match best {
            Some(g) => {
                groups[g].last_seen = idx;
                g
            }
            None => {
                let g = groups.len();
                for w in &words {
                    let list = by_word.entry(w.clone()).or_default();
                    if list.last() != Some(&g) {
                        list.push(g);
                    }
                }
                let ini = initials(text);
                by_initials.entry(ini).or_default().push(g);
                exact.insert(words.clone(), g);
                groups.push(Group { label: e.label, words, last_seen: idx });
                g
            }
        };
        e.group = g as u32;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;

    /// Groups for mentions given as (text, label), found in order in `text`.
    fn groups(text: &str, mentions: &[(&str, Label)]) -> Vec<u32> {
        let doc = Document::new(text);
        let mut at = 0;
        let mut found: Vec<Entity> = mentions
            .iter()
            .map(|&(m, label)| {
                let s = at + text[at..].find(m).expect(m);
                at = s + m.len();
                Entity { span: Span::new(s, s + m.len()), label, group: 99 }
            })
            .collect();
        assign(&doc, &mut found);
        found.iter().map(|e| e.group).collect()
    }

    use Label::*;

    #[test]
    fn people() {
        let t = "John Kelly met Rex Tillerson. Kelly said Mr Kelly and Tillerson's aide agreed.";
        assert_eq!(
            groups(t, &[("John Kelly", Per), ("Rex Tillerson", Per), ("Kelly", Per), ("Mr Kelly", Per), ("Tillerson", Per)]),
            [0, 1, 0, 0, 1]
        );
    }

    #[test]
    fn most_recent_wins() {
        let t = "John Kelly and Megyn Kelly spoke. Kelly left.";
        assert_eq!(groups(t, &[("John Kelly", Per), ("Megyn Kelly", Per), ("Kelly", Per)]), [0, 1, 1]);
    }

    #[test]
    fn acronyms_and_parts() {
        let t = "The Department of Homeland Security (DHS) and the Pew Research Centre. DHS said Pew found it.";
        assert_eq!(
            groups(
                t,
                &[
                    ("Department of Homeland Security", Org),
                    ("DHS", Org),
                    ("Pew Research Centre", Org),
                    ("DHS", Org),
                    ("Pew", Org)
                ]
            ),
            [0, 0, 1, 0, 1]
        );
    }

    #[test]
    fn same_text_any_label() {
        let t = "Mexico beat Brazil. Mexico City is big. MEXICO won.";
        assert_eq!(groups(t, &[("Mexico", Org), ("Brazil", Org), ("Mexico City", Loc), ("MEXICO", Loc)]), [0, 1, 2, 0]);
    }

    #[test]
    fn false_positives() {
        // Different people with different names; a place inside a person's name stays apart.
        let t = "John Kelly met John Smith in Washington. George Washington was there. The UN and the US.";
        assert_eq!(
            groups(
                t,
                &[
                    ("John Kelly", Per),
                    ("John Smith", Per),
                    ("Washington", Loc),
                    ("George Washington", Per),
                    ("UN", Org),
                    ("US", Loc)
                ]
            ),
            [0, 1, 2, 3, 4, 5]
        );
    }
}
