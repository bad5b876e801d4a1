//! Sublinear lookups over spans and names, for the stages that relate every
//! quote to every person ([`crate::link`]). A scan per quote over all people
//! is quadratic: 100,000 quotes and 100,000 people are 10^10 steps (issue 9).
//! Each structure here answers one such question with a hash lookup or a
//! binary search, and is checked against the obvious scan in its tests.

use crate::span::Span;
use std::collections::HashMap;

/// Names indexed by surname, in insertion order, answering "the first name
/// with this surname at least this long" by binary search on the running
/// maximum of lengths.
#[derive(Default)]
pub struct BySurname {
    /// Surname → (indices, running maximum of the names' lengths).
    lists: HashMap<String, (Vec<usize>, Vec<usize>)>,
}

impl BySurname {
    /// Adds name number `index`, of `len` bytes, under `surname`.
    pub fn push(&mut self, surname: &str, index: usize, len: usize) {
        let (indices, max_len) = self.lists.entry(surname.to_string()).or_default();
        indices.push(index);
        max_len.push(max_len.last().map_or(len, |&m| m.max(len)));
    }

    /// The index of the first name pushed under `surname` that is at least `len` bytes long.
    pub fn first_at_least(&self, surname: &str, len: usize) -> Option<usize> {
        let (indices, max_len) = self.lists.get(surname)?;
        indices.get(max_len.partition_point(|&m| m < len)).copied()
    }
}

/// Spans (quotes) sorted by start with the running maximum of their ends:
/// whether any of them contains a span is one binary search.
pub struct Covering {
    starts: Vec<usize>,
    max_end: Vec<usize>,
}

impl Covering {
    /// Indexes `spans` (any order).
    pub fn new(mut spans: Vec<Span>) -> Covering {
        spans.sort_unstable();
        let starts = spans.iter().map(|s| s.start).collect();
        let mut m = 0;
        let max_end = spans.iter().map(|s| {
            m = s.end.max(m);
            m
        });
        Covering { starts, max_end: max_end.collect() }
    }

    /// True when one of the spans contains `s`.
    pub fn covers(&self, s: Span) -> bool {
        let k = self.starts.partition_point(|&x| x <= s.start);
        k > 0 && self.max_end[k - 1] >= s.end
    }
}

/// The end offsets of start-sorted spans in a segment tree of minima and
/// maxima, for "the first/last span in an index range whose end is above /
/// at most x": O(log n) each, whether or not the spans overlap.
pub struct Ends {
    size: usize,
    max: Vec<usize>,
    min: Vec<usize>,
}

impl Ends {
    /// Indexes `ends` (index i is the end of span i).
    pub fn new(ends: Vec<usize>) -> Ends {
        let size = ends.len().next_power_of_two();
        let (mut max, mut min) = (vec![0; 2 * size], vec![usize::MAX; 2 * size]);
        for (i, &e) in ends.iter().enumerate() {
            max[size + i] = e;
            min[size + i] = e;
        }
        for i in (1..size).rev() {
            max[i] = max[2 * i].max(max[2 * i + 1]);
            min[i] = min[2 * i].min(min[2 * i + 1]);
        }
        Ends { size, max, min }
    }

    /// The first (or last, with `rev`) index in `lo..hi` whose leaf passes
    /// `ok`; `ok` holds at a node whenever it holds at one of its leaves.
    fn search(&self, lo: usize, hi: usize, rev: bool, ok: &dyn Fn(usize) -> bool) -> Option<usize> {
        struct Search<'a> {
            lo: usize,
            hi: usize,
            rev: bool,
            ok: &'a dyn Fn(usize) -> bool,
        }
        impl Search<'_> {
            fn go(&self, node: usize, nlo: usize, nhi: usize) -> Option<usize> {
                if self.hi <= nlo || nhi <= self.lo || !(self.ok)(node) {
                    return None;
                }
                if nhi - nlo == 1 {
                    return Some(nlo);
                }
                let mid = (nlo + nhi) / 2;
                let (left, right) = ((2 * node, nlo, mid), (2 * node + 1, mid, nhi));
                let (a, b) = if self.rev { (right, left) } else { (left, right) };
                self.go(a.0, a.1, a.2).or_else(|| self.go(b.0, b.1, b.2))
            }
        }
        Search { lo, hi, rev, ok }.go(1, 0, self.size)
    }

    /// The first index in `lo..hi` whose end is above `x`.
    pub fn first_above(&self, lo: usize, hi: usize, x: usize) -> Option<usize> {
        self.search(lo, hi, false, &|n| self.max[n] > x)
    }

    /// The last index in `lo..hi` whose end is above `x`.
    pub fn last_above(&self, lo: usize, hi: usize, x: usize) -> Option<usize> {
        self.search(lo, hi, true, &|n| self.max[n] > x)
    }

    /// The last index in `lo..hi` whose end is at most `x`.
    pub fn last_at_most(&self, lo: usize, hi: usize, x: usize) -> Option<usize> {
        self.search(lo, hi, true, &|n| self.min[n] <= x)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lookups answer exactly what the obvious scans answer, overlapping
    /// and nested spans included.
    #[test]
    fn lookups_match_linear_scans() {
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        for _ in 0..500 {
            let mut people: Vec<(usize, usize, u32)> = (0..next(9))
                .map(|g| {
                    let s = next(40);
                    (s, s + 1 + next(10), g as u32)
                })
                .collect();
            people.sort_unstable();
            let ends = Ends::new(people.iter().map(|p| p.1).collect());
            let quotes: Vec<Span> = (0..next(4))
                .map(|_| {
                    let s = next(40);
                    Span::new(s, s + next(15))
                })
                .collect();
            let covering = Covering::new(quotes.clone());
            for _ in 0..20 {
                let (a, b) = (next(50), next(50));
                let (start, end) = (a.min(b), a.max(b));
                let overlaps = |&&(s, e, _): &&(usize, usize, u32)| s < end && start < e;
                let k = people.partition_point(|p| p.0 < end);
                let got = ends.last_above(0, k, start).map(|j| people[j]);
                assert_eq!(got, people.iter().filter(overlaps).last().copied(), "{people:?} {start}..{end}");
                let got = ends.first_above(0, people.len(), start).map(|j| people[j]).filter(|p| p.0 < end);
                assert_eq!(got, people.iter().find(overlaps).copied(), "{people:?} {start}..{end}");
                let near = people.partition_point(|p| p.0 < a);
                let got = ends.last_at_most(near, people.len(), b).map(|j| people[j]);
                assert_eq!(got, people.iter().rev().find(|p| p.1 <= b && p.0 >= a).copied(), "{people:?} {a} {b}");
                let span = Span::new(start, end);
                assert_eq!(covering.covers(span), quotes.iter().any(|q| q.contains(span)), "{quotes:?} {span:?}");
            }
        }
    }

    #[test]
    fn surname_lookup_takes_the_first_long_enough_name() {
        let mut by = BySurname::default();
        for (i, (surname, name)) in [("Kelly", "Kelly"), ("Lee", "Ann Lee"), ("Kelly", "John Kelly"), ("Kelly", "Mary Kelly"), ("Lee", "Lee")]
            .iter()
            .enumerate()
        {
            by.push(surname, i, name.len());
        }
        assert_eq!(by.first_at_least("Kelly", 5), Some(0));
        assert_eq!(by.first_at_least("Kelly", 6), Some(2));
        assert_eq!(by.first_at_least("Kelly", 11), None);
        assert_eq!(by.first_at_least("Lee", 3), Some(1));
        assert_eq!(by.first_at_least("Smith", 1), None);
    }

    #[test]
    fn empty_structures_answer_none() {
        let ends = Ends::new(Vec::new());
        assert_eq!(ends.first_above(0, 0, 0), None);
        assert_eq!(ends.last_at_most(0, 0, 5), None);
        assert!(!Covering::new(Vec::new()).covers(Span::new(0, 1)));
    }
}
