//! The weight sums of a word's own features, kept per word type.
//!
//! A third of a candidate token's features depend on its word alone (the
//! bias, the word, its lowercase form, shape, prefixes and suffixes: see
//! [`super::features::Features::features_split`]), and most capitalised
//! words of news text have been tagged before ("The", "U.S.", a name said
//! twice, in this document or an earlier one). Their rows' sum is the same
//! each time, so the tagger keeps it: a repeated word then costs neither the
//! hashing of those features nor the reading of their rows, which sit at
//! random places in a table larger than L2.
//!
//! Direct-mapped by the word's lowercase hash and checked against its exact
//! bytes, and emptied whenever another [`super::model::Model`] is used: a
//! hit is exactly the sum that would have been computed (the 16-bit lanes
//! add with wrapping, so the order of the rows does not matter), and the
//! cache changes no output. Words over [`MAX_LEN`] bytes are not kept.

use super::model::LANES;

/// The longest word kept, in bytes.
pub const MAX_LEN: usize = 23;

/// log2 of the number of slots: 2,048 (about 180 KB of sums and 210 KB of
/// feature hashes once full, allocated on first use). Measured on the
/// CoNLL + PolNeAR dev texts against 512 slots: 2.6M fewer instructions
/// (23 per word), and no more cache misses in a simulated 32 KB L1 /
/// 512 KB L2 (the rows a hit spares outweigh the larger cache).
const BITS: u32 = 11;

/// A direct-mapped cache of one value per word type: the slot is chosen by
/// the word's lowercase hash, and a hit needs the word's exact bytes, so a
/// kept value is exactly what would be computed again. Shared by this
/// module's [`RowCache`] and the feature hashes' cache in
/// [`super::features`].
#[derive(Debug)]
pub struct WordCache<V> {
    slots: Vec<Slot<V>>,
}

#[derive(Clone, Copy, Debug)]
struct Slot<V> {
    /// The word's length; 0 for an empty slot (words are never empty).
    len: u8,
    bytes: [u8; MAX_LEN],
    value: V,
}

impl<V> Default for WordCache<V> {
    fn default() -> Self {
        WordCache { slots: Vec::new() }
    }
}

impl<V: Copy + Default> WordCache<V> {
    /// Forgets every value.
    pub fn clear(&mut self) {
        self.slots.clear();
    }

    /// The slot of `word` (whose lowercase hash is `lower`), or `None` for a
    /// word too long (or too short) to keep.
    #[inline]
    pub fn slot(&self, word: &[u8], lower: u64) -> Option<usize> {
        (1..=MAX_LEN).contains(&word.len()).then_some((lower >> (64 - BITS)) as usize)
    }

    /// The value kept in slot `k`, if it is that of `word`.
    #[inline]
    pub fn get(&self, k: usize, word: &[u8]) -> Option<&V> {
        let s = self.slots.get(k)?;
        (s.len as usize == word.len() && &s.bytes[..word.len()] == word).then_some(&s.value)
    }

    /// Keeps `value` as that of `word` in slot `k` (from [`WordCache::slot`]).
    #[inline]
    pub fn put(&mut self, k: usize, word: &[u8], value: V) {
        if self.slots.is_empty() {
            self.slots = vec![Slot { len: 0, bytes: [0; MAX_LEN], value: V::default() }; 1 << BITS];
        }
        let s = &mut self.slots[k];
        s.len = word.len() as u8;
        s.bytes[..word.len()].copy_from_slice(word);
        s.value = value;
    }
}

/// See the [module docs](self).
#[derive(Debug, Default)]
pub struct RowCache {
    /// The [`super::model::Model::id`] the sums were computed with.
    model: u64,
    /// The sums of both stages (the first [`LANES`] only for a one-stage model).
    sums: WordCache<[i16; 2 * LANES]>,
}

impl RowCache {
    /// Empties the cache unless it holds sums of the model with id `model`.
    pub fn use_model(&mut self, model: u64) {
        if self.model != model {
            self.model = model;
            self.sums.clear();
        }
    }

    /// The slot of `word` (whose lowercase hash is `lower`), or `None` for a
    /// word too long to keep.
    #[inline]
    pub fn slot(&self, word: &[u8], lower: u64) -> Option<usize> {
        self.sums.slot(word, lower)
    }

    /// The sums kept in slot `k`, if they are those of `word`.
    #[inline]
    pub fn get(&self, k: usize, word: &[u8]) -> Option<&[i16; 2 * LANES]> {
        self.sums.get(k, word)
    }

    /// Keeps `sum` (one or two stages) as the sums of `word` in slot `k`.
    #[inline]
    pub fn put(&mut self, k: usize, word: &[u8], sum: &[i16]) {
        let mut all = [0i16; 2 * LANES];
        all[..sum.len()].copy_from_slice(sum);
        self.sums.put(k, word, all);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hits_only_the_same_word_of_the_same_model() {
        let mut c = RowCache::default();
        c.use_model(1);
        let sum: Vec<i16> = (0..2 * LANES as i16).collect();
        let k = c.slot(b"Kelly", 42 << (64 - BITS)).unwrap();
        assert_eq!(k, 42);
        assert!(c.get(k, b"Kelly").is_none());
        c.put(k, b"Kelly", &sum);
        assert_eq!(&c.get(k, b"Kelly").unwrap()[..], &sum[..]);
        // False positives: another word in the slot, a prefix, another case.
        for w in [&b"Kelley"[..], b"Kell", b"KELLY", b""] {
            assert!(c.get(k, w).is_none(), "{w:?}");
        }
        // Same model: kept; another model: gone.
        c.use_model(1);
        assert!(c.get(k, b"Kelly").is_some());
        c.use_model(2);
        assert!(c.get(k, b"Kelly").is_none());
        // Too long or empty words have no slot.
        assert!(c.slot(&[b'a'; MAX_LEN + 1], 0).is_none());
        assert!(c.slot(b"", 0).is_none());
        assert!(c.slot(&[b'a'; MAX_LEN], 0).is_some());
    }
}
