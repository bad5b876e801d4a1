//! Ties each quote's speaker to a named person: the entity group its speaker
//! span falls in, or for a pronoun or nominal ("he", "the spokesman") the
//! nearest earlier named speaker.

use crate::span::{Annotation, Label};
use crate::text::Document;
use std::collections::HashMap;

/// Fills `speaker_name` and `speaker_group` of every quote in `found`.
///
/// Linear after sorting: person lookups are binary searches, group names a
/// hash lookup, so a text with 100,000 quotes and people stays fast.
pub fn link(doc: &Document<'_>, found: &mut [Annotation]) {
    let text = doc.text;
    // Person mentions, in text order, and the longest name of each group.
    let mut people: Vec<(usize, usize, u32)> = Vec::new();
    let mut longest: HashMap<u32, &str> = HashMap::new();
    for a in found.iter() {
        if let Annotation::Entity(e) = a {
            if e.label == Label::Per {
                people.push((e.span.start, e.span.end, e.group));
                let t = &text[e.span];
                let entry = longest.entry(e.group).or_insert(t);
                if entry.len() < t.len() {
                    *entry = t;
                }
            }
        }
    }
    people.sort_unstable();
    let people = People::new(people);
    let name_of = |g: u32| longest.get(&g).map(|n| n.to_string());
    let mut quotes: Vec<usize> = (0..found.len()).filter(|&i| matches!(found[i], Annotation::Quote(_))).collect();
    quotes.sort_by_key(|&i| found[i].span().start);
    let mut last_named: Option<(u32, String)> = None;
    for qi in quotes {
        let Annotation::Quote(q) = &mut found[qi] else { unreachable!() };
        let Some(sp) = q.speaker else { continue };
        if let Some(g) = people.first_overlapping(sp.start, sp.end) {
            q.speaker_group = Some(g);
            q.speaker_name = name_of(g);
        } else if text[sp].starts_with(char::is_uppercase) && !is_pronoun(&text[sp]) {
            q.speaker_name = Some(text[sp].to_string());
        } else if let Some((g, n)) = &last_named {
            q.speaker_group = Some(*g);
            q.speaker_name = Some(n.clone());
        } else if let Some(g) = people.last_ending_by(sp.start) {
            q.speaker_group = Some(g);
            q.speaker_name = name_of(g);
        }
        if let (Some(g), Some(n)) = (q.speaker_group, &q.speaker_name) {
            last_named = Some((g, n.clone()));
        }
    }
}

/// Person mentions `(start, end, group)` sorted by start, with the running
/// maximum and the suffix minimum of their ends: both monotonic, so the two
/// questions [`link`] asks are binary searches even when mentions overlap.
struct People {
    list: Vec<(usize, usize, u32)>,
    max_end: Vec<usize>,
    min_end_after: Vec<usize>,
}

impl People {
    fn new(list: Vec<(usize, usize, u32)>) -> People {
        let max_end = list.iter().scan(0, |m, p| {
            *m = p.1.max(*m);
            Some(*m)
        });
        let max_end = max_end.collect();
        let mut min_end_after: Vec<usize> = list.iter().rev().scan(usize::MAX, |m, p| {
            *m = p.1.min(*m);
            Some(*m)
        }).collect();
        min_end_after.reverse();
        People { list, max_end, min_end_after }
    }

    /// The group of the first mention (in start order) overlapping `start..end`.
    fn first_overlapping(&self, start: usize, end: usize) -> Option<u32> {
        // The first mention ending after `start` is where `max_end` first
        // passes `start`; if it does not start before `end`, none later does.
        let i = self.max_end.partition_point(|&m| m <= start);
        self.list.get(i).filter(|p| p.0 < end).map(|p| p.2)
    }

    /// The group of the last mention (in start order) ending at or before `at`.
    fn last_ending_by(&self, at: usize) -> Option<u32> {
        let i = self.min_end_after.partition_point(|&m| m <= at);
        i.checked_sub(1).map(|i| self.list[i].2)
    }
}

/// Personal pronouns that can be a speaker.
pub fn is_pronoun(w: &str) -> bool {
    matches!(w.to_ascii_lowercase().as_str(), "he" | "she" | "they" | "i" | "we" | "it" | "you")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The binary searches answer exactly what the obvious scans answer,
    /// overlapping and nested mentions included.
    #[test]
    fn people_lookups_match_linear_scans() {
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        for _ in 0..500 {
            let mut list: Vec<(usize, usize, u32)> = (0..next(8))
                .map(|g| {
                    let s = next(40);
                    (s, s + 1 + next(10), g as u32)
                })
                .collect();
            list.sort_unstable();
            let people = People::new(list.clone());
            for _ in 0..20 {
                let (a, b) = (next(50), next(50));
                let (start, end) = (a.min(b), a.max(b));
                let want = list.iter().find(|&&(s, e, _)| s < end && start < e).map(|p| p.2);
                assert_eq!(people.first_overlapping(start, end), want, "{list:?} {start}..{end}");
                let want = list.iter().rev().find(|&&(_, e, _)| e <= start).map(|p| p.2);
                assert_eq!(people.last_ending_by(start), want, "{list:?} {start}");
            }
        }
    }

    #[test]
    fn pronoun_speakers_take_the_last_named_person() {
        use crate::span::{Entity, Quote, Span};
        let text = "\u{201C}Yes,\u{201D} said John Kelly. \u{201C}No,\u{201D} he said. Kelly left.";
        let at = |s: &str| {
            let i = text.find(s).unwrap();
            Span::new(i, i + s.len())
        };
        let quote = |q: &str, speaker: &str| {
            Annotation::Quote(Quote { span: at(q), speaker: Some(at(speaker)), cue: None, speaker_name: None, speaker_group: None })
        };
        let mut found = vec![
            Annotation::Entity(Entity { span: at("John Kelly"), label: Label::Per, group: 7 }),
            Annotation::Entity(Entity { span: Span::new(at("Kelly left").start, at("Kelly left").start + 5), label: Label::Per, group: 7 }),
            quote("\u{201C}Yes,\u{201D}", "John Kelly"),
            quote("\u{201C}No,\u{201D}", "he"),
        ];
        link(&Document::new(text), &mut found);
        let got: Vec<(Option<&str>, Option<u32>)> = found
            .iter()
            .filter_map(|a| match a {
                Annotation::Quote(q) => Some((q.speaker_name.as_deref(), q.speaker_group)),
                _ => None,
            })
            .collect();
        assert_eq!(got, [(Some("John Kelly"), Some(7)), (Some("John Kelly"), Some(7))]);
    }
}
