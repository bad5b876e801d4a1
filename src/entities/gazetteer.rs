//! Gazetteer: names seen as entities in the training data, stored as 32-bit
//! hashes of their lowercase word sequence with the labels they had, and
//! per word, the labels of the names it occurred in (first word or later).
//!
//! Only hashes ship in the model (no training text). Every proper prefix of
//! a name is stored too (flag [`PREFIX`]), so matching extends a phrase word
//! by word and stops at the first miss. Lookup is a binary search over a
//! sorted array: no allocation, no hashing beyond the phrase hash.

use super::features::{phrase_step, PHRASE_SEED};
use std::sync::OnceLock;

/// The longest name matched, in words.
pub const MAX_WORDS: usize = 6;
/// Value bit: the phrase is a proper prefix of a longer name.
pub const PREFIX: u8 = 1 << 7;

/// A set of phrase hashes with label bits (bit `l` = seen with label `l`).
#[derive(Clone, Debug, Default)]
pub struct Gazetteer {
    /// Sorted keys (top 32 bits of the phrase hash). Neither these nor the
    /// values may change after the first lookup (see `index`).
    pub keys: Vec<u32>,
    /// Values: label bits and [`PREFIX`].
    pub vals: Vec<u8>,
    /// Built on first lookup: where each bucket of keys (by their top
    /// [`BUCKET_BITS`] bits) starts in `keys`. Keys are hashes, so buckets
    /// hold a handful each and a lookup scans a few entries instead of
    /// binary-searching all 18,000 (every capitalised token makes up to
    /// seven lookups).
    index: OnceLock<Vec<u32>>,
}

const BUCKET_BITS: u32 = 12;

impl PartialEq for Gazetteer {
    fn eq(&self, o: &Gazetteer) -> bool {
        (&self.keys, &self.vals) == (&o.keys, &o.vals)
    }
}

impl Eq for Gazetteer {}

/// The key of a single word in the word-level table (distinct from phrase keys).
#[inline]
fn word_key(lower: u64) -> u64 {
    phrase_step(0x6a09_e667_f3bc_c908, lower)
}

/// The key of a word in the lowercase vocabulary (distinct from the others).
#[inline]
fn vocab_key(lower: u64) -> u64 {
    phrase_step(0xbb67_ae85_84ca_a73b, lower)
}

#[inline]
fn key(h: u64) -> u32 {
    (h >> 32) as u32
}

impl Gazetteer {
    /// Builds a gazetteer from names given as lowercase word hashes with a label index.
    pub fn build<'a>(names: impl IntoIterator<Item = (&'a [u64], u8)>) -> Gazetteer {
        Gazetteer::build_with_vocab(names, [])
    }

    /// [`Gazetteer::build`] plus a vocabulary of common lowercase words:
    /// `(lowercase word hash, value 1..=255)` (see [`Gazetteer::vocab`]).
    pub fn build_with_vocab<'a>(names: impl IntoIterator<Item = (&'a [u64], u8)>, vocab: impl IntoIterator<Item = (u64, u8)>) -> Gazetteer {
        let mut all: Vec<(u32, u8)> = vocab.into_iter().filter(|v| v.1 != 0).map(|(w, v)| (key(vocab_key(w)), v)).collect();
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

    /// A gazetteer of sorted, distinct `keys` with their values.
    pub fn new(keys: Vec<u32>, vals: Vec<u8>) -> Gazetteer {
        Gazetteer { keys, vals, index: OnceLock::new() }
    }

    /// The value stored for phrase hash `h`, if any.
    #[inline]
    pub fn get(&self, h: u64) -> Option<u8> {
        let k = key(h);
        let index = self.index.get_or_init(|| {
            // starts[b] = the first key of bucket b or later = the number
            // of keys in buckets below b: a count per bucket, then running
            // sums (this runs on the first lookup, on the path to a page's
            // first highlight; 4,097 binary searches cost 12x, and growing
            // the index key by key 4x).
            let mut starts = vec![0u32; (1 << BUCKET_BITS) + 1];
            for &x in &self.keys {
                starts[(x >> (32 - BUCKET_BITS)) as usize + 1] += 1;
            }
            for b in 1..starts.len() {
                starts[b] += starts[b - 1];
            }
            starts
        });
        let b = (k >> (32 - BUCKET_BITS)) as usize;
        let (from, to) = (index[b] as usize, index[b + 1] as usize);
        self.keys[from..to].iter().position(|&x| x == k).map(|i| self.vals[from + i])
    }

    /// Word-level bits of a lowercase word hash: bit `2l` when it began a
    /// name of label `l`, bit `2l + 1` when it was a later word of one.
    #[inline]
    pub fn word(&self, lower: u64) -> u8 {
        self.get(word_key(lower)).unwrap_or(0)
    }

    /// How the training text wrote a word, by lowercase hash: 0 when it was
    /// not a common lowercase word there, else a small code (the trainer's
    /// bucket of how often it was lowercase rather than capitalised). The
    /// tagger decodes capitalised tokens only, so without this a
    /// sentence-initial "Well" or a headline's "Meanwhile" looks like any
    /// unseen name.
    #[inline]
    pub fn vocab(&self, lower: u64) -> u8 {
        self.get(vocab_key(lower)).unwrap_or(0)
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
        assert_eq!(g.vocab(lower_hash("mexico")), 0);
    }

    #[test]
    fn vocabulary_is_its_own_key_space() {
        let a = phrase("Mexico City");
        let g = Gazetteer::build_with_vocab([(&a[..], 2u8)], [(lower_hash("well"), 3), (lower_hash("city"), 1), (lower_hash("zero"), 0)]);
        assert_eq!(g.vocab(lower_hash("Well")), 3);
        assert_eq!(g.vocab(lower_hash("city")), 1);
        // The word table and phrases are unchanged by it.
        assert_eq!(g.word(lower_hash("city")), 1 << 5);
        assert_eq!(g.word(lower_hash("well")), 0);
        // False positives: absent words, value 0, and names are not vocabulary.
        assert_eq!(g.vocab(lower_hash("zero")), 0);
        assert_eq!(g.vocab(lower_hash("mexico")), 0);
        assert_eq!(g.vocab(lower_hash("wells")), 0);
    }

    #[test]
    fn bucket_index_finds_every_key() {
        // Keys at both ends of the range and in one crowded bucket.
        let keys: Vec<u32> = vec![0, 1, 2, 77, 0x0010_0000, 0x0010_0001, 0x8000_0000, u32::MAX - 1, u32::MAX];
        let g = Gazetteer::new(keys.clone(), (0..keys.len() as u8).collect());
        for (i, &k) in keys.iter().enumerate() {
            assert_eq!(g.get((k as u64) << 32 | 0xabc), Some(i as u8), "{k:#x}");
        }
        // False positives: near misses are absent.
        for k in [3u32, 78, 0x0010_0002, 0x7fff_ffff, u32::MAX - 2] {
            assert_eq!(g.get((k as u64) << 32), None, "{k:#x}");
        }
        assert_eq!(Gazetteer::default().get(5), None);
    }
}
