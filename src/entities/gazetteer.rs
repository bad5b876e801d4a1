//! Gazetteer: names seen as entities in the training data, stored as 32-bit
//! hashes of their lowercase word sequence with the labels they had, and
//! per word, the labels of the names it occurred in (first word or later).
//!
//! Only hashes ship in the model (no training text). Every proper prefix of
//! a name is stored too (flag [`PREFIX`]), so matching extends a phrase word
//! by word and stops at the first miss. Lookup is a binary search over a
//! sorted array: no allocation, no hashing beyond the phrase hash.

use super::features::{phrase_step, PHRASE_SEED};

/// The longest name matched, in words.
pub const MAX_WORDS: usize = 6;
/// Value bit: the phrase is a proper prefix of a longer name.
pub const PREFIX: u8 = 1 << 7;

/// A set of phrase hashes with label bits (bit `l` = seen with label `l`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Gazetteer {
    /// Sorted keys (top 32 bits of the phrase hash).
    pub keys: Vec<u32>,
    /// Values: label bits and [`PREFIX`].
    pub vals: Vec<u8>,
}

/// The key of a single word in the word-level table (distinct from phrase keys).
#[inline]
fn word_key(lower: u64) -> u64 {
    phrase_step(0x6a09_e667_f3bc_c908, lower)
}

#[inline]
fn key(h: u64) -> u32 {
    (h >> 32) as u32
}

impl Gazetteer {
    /// Builds a gazetteer from names given as lowercase word hashes with a label index.
    pub fn build<'a>(names: impl IntoIterator<Item = (&'a [u64], u8)>) -> Gazetteer {
        let mut all: Vec<(u32, u8)> = Vec::new();
        for (words, label) in names {
            if words.is_empty() || words.len() > MAX_WORDS {
                continue;
            }
            for (k, &w) in words.iter().enumerate() {
                all.push((key(word_key(w)), 1 << (label * 2 + (k > 0) as u8)));
            }
            let mut h = PHRASE_SEED;
            for (k, &w) in words.iter().enumerate() {
                h = phrase_step(h, w);
                if k + 1 < words.len() {
                    all.push((key(h), PREFIX));
                } else {
                    all.push((key(h), 1 << label));
                }
            }
        }
        all.sort_unstable();
        all.dedup();
        let mut g = Gazetteer::default();
        for (k, v) in all {
            if g.keys.last() == Some(&k) {
                *g.vals.last_mut().unwrap() |= v;
            } else {
                g.keys.push(k);
                g.vals.push(v);
            }
        }
        g
    }

    /// The value stored for phrase hash `h`, if any.
    #[inline]
    pub fn get(&self, h: u64) -> Option<u8> {
        self.keys.binary_search(&key(h)).ok().map(|i| self.vals[i])
    }

    /// Word-level bits of a lowercase word hash: bit `2l` when it began a
    /// name of label `l`, bit `2l + 1` when it was a later word of one.
    #[inline]
    pub fn word(&self, lower: u64) -> u8 {
        self.get(word_key(lower)).unwrap_or(0)
    }

    /// Number of stored phrases (names and prefixes).
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::features::lower_hash;

    fn phrase(s: &str) -> Vec<u64> {
        s.split(' ').map(lower_hash).collect()
    }

    #[test]
    fn names_and_prefixes() {
        let a = phrase("Mexico City");
        let b = phrase("Mexico");
        let c = phrase("Pew Research Centre");
        let g = Gazetteer::build([(&a[..], 2u8), (&b[..], 2), (&c[..], 1)]);
        let h = |s: &str| phrase(s).iter().fold(PHRASE_SEED, |h, &w| phrase_step(h, w));
        assert_eq!(g.get(h("mexico")), Some(PREFIX | 1 << 2));
        assert_eq!(g.get(h("MEXICO CITY")), Some(1 << 2));
        assert_eq!(g.get(h("pew")), Some(PREFIX));
        assert_eq!(g.get(h("pew research centre")), Some(1 << 1));
        // False positives: other phrases and word orders are absent.
        assert_eq!(g.get(h("city mexico")), None);
        assert_eq!(g.get(h("research")), None);
        assert_eq!(g.get(h("pew research centre report")), None);
        // Word level: "mexico" began LOC names, "city" and "centre" were later words.
        assert_eq!(g.word(lower_hash("Mexico")), 1 << 4);
        assert_eq!(g.word(lower_hash("city")), 1 << 5);
        assert_eq!(g.word(lower_hash("Research")), 1 << 3);
        assert_eq!(g.word(lower_hash("London")), 0);
    }
}
