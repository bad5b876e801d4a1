//! A read-only map from words to values, for the tables the stage consults
//! at every lexeme or after every number (openers, unit and currency
//! names, abbreviations).
//!
//! A word of up to 16 bytes is packed into a `u128` (little-endian, zero
//! padded), so a lookup is one multiply-shift hash and, usually, one integer
//! comparison: much cheaper than a binary search of string comparisons on
//! the hot path. The few longer keys ("square kilometer") sit in a sorted
//! list searched the ordinary way.

/// Packs a word of 1..=16 bytes into an integer: its bytes little-endian,
/// zero padded (so no word packs to 0); `None` for other lengths.
///
/// Built from overlapping fixed-size loads rather than a copy of variable
/// length, which would be a `memcpy` call on the hottest path of the stage.
#[inline(always)]
fn pack(b: &[u8]) -> Option<u128> {
    let n = b.len();
    let (lo, hi) = match n {
        0 => return None,
        1..=3 => {
            let mut x = 0u64;
            for (k, &c) in b.iter().enumerate() {
                x |= (c as u64) << (8 * k);
            }
            (x, 0)
        }
        // Bytes 4.. are the top of the last four.
        4..=7 => (le32(b, 0) | (le32(b, n - 4) >> (8 * (8 - n))) << 32, 0),
        8 => (le64(b, 0), 0),
        // Bytes 8.. are the top of the last eight.
        9..=16 => (le64(b, 0), le64(b, n - 8) >> (8 * (16 - n))),
        _ => return None,
    };
    Some(lo as u128 | (hi as u128) << 64)
}

#[inline(always)]
fn le64(b: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(b[at..at + 8].try_into().unwrap_or_default())
}

#[inline(always)]
fn le32(b: &[u8], at: usize) -> u64 {
    u32::from_le_bytes(b[at..at + 4].try_into().unwrap_or_default()) as u64
}

/// Words to values. Built once (tables are static), then only read.
#[derive(Debug)]
pub(crate) struct WordMap<V: Copy> {
    /// Open addressing with linear probing; 0 is an empty slot (no packed
    /// word is 0, since words are not empty).
    keys: Vec<u128>,
    vals: Vec<Option<V>>,
    /// log2 of the slot count.
    bits: u32,
    /// Keys over 16 bytes, sorted.
    long: Vec<(Box<str>, V)>,
}

impl<V: Copy> WordMap<V> {
    /// A map of `entries`; a later entry replaces an earlier one with the
    /// same key.
    pub fn new<'a>(entries: impl IntoIterator<Item = (&'a str, V)>) -> WordMap<V> {
        let entries: Vec<(&str, V)> = entries.into_iter().collect();
        // At most half full, so probe runs stay short.
        let bits = (entries.len().max(4) * 2).next_power_of_two().trailing_zeros();
        let mut map = WordMap { keys: vec![0; 1 << bits], vals: vec![None; 1 << bits], bits, long: Vec::new() };
        for (w, v) in entries {
            map.insert(w, v);
        }
        map
    }

    #[inline]
    fn slot(&self, k: u128) -> usize {
        let x = (k as u64) ^ ((k >> 64) as u64).rotate_left(23);
        (x.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - self.bits)) as usize
    }

    fn insert(&mut self, w: &str, v: V) {
        let Some(k) = pack(w.as_bytes()) else {
            match self.long.binary_search_by(|e| (*e.0).cmp(w)) {
                Ok(i) => self.long[i].1 = v,
                Err(i) => self.long.insert(i, (w.into(), v)),
            }
            return;
        };
        let mask = self.keys.len() - 1;
        let mut i = self.slot(k);
        while self.keys[i] != 0 && self.keys[i] != k {
            i = (i + 1) & mask;
        }
        self.keys[i] = k;
        self.vals[i] = Some(v);
    }

    /// The value of `w`, if it is a key.
    #[inline(always)]
    pub fn get(&self, w: &str) -> Option<V> {
        self.get_bytes(w.as_bytes())
    }

    /// The value of the word whose bytes are `w`, if it is a key: for
    /// callers holding bytes, which need no char-boundary checks to slice.
    #[inline(always)]
    pub fn get_bytes(&self, w: &[u8]) -> Option<V> {
        let Some(k) = pack(w) else {
            if w.len() <= 16 {
                return None;
            }
            // Byte order is the order of `str`.
            return self.long.binary_search_by(|e| e.0.as_bytes().cmp(w)).ok().map(|i| self.long[i].1);
        };
        let mask = self.keys.len() - 1;
        let mut i = self.slot(k);
        loop {
            match self.keys[i] {
                0 => return None,
                x if x == k => return self.vals[i],
                _ => i = (i + 1) & mask,
            }
        }
    }

    /// Whether `w` is a key.
    #[inline]
    pub fn contains(&self, w: &str) -> bool {
        self.get(w).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packing_is_zero_padded_little_endian() {
        let words = ["a", "ab", "abc", "abcd", "abcde", "abcdefg", "abcdefgh", "abcdefghi", "abcdefghijklmnop", "m²", "µg"];
        for w in words {
            let mut buf = [0u8; 16];
            buf[..w.len()].copy_from_slice(w.as_bytes());
            assert_eq!(pack(w.as_bytes()), Some(u128::from_le_bytes(buf)), "{w}");
        }
        assert_eq!(pack(b""), None);
        assert_eq!(pack(b"abcdefghijklmnopq"), None);
    }

    #[test]
    fn lookups() {
        let long = "square kilometer per hour";
        let m = WordMap::new([("km", 1), ("kilometer", 2), ("sixteen-letters!", 3), (long, 4), ("km", 5)]);
        let cases = [
            ("km", Some(5)),
            ("kilometer", Some(2)),
            ("sixteen-letters!", Some(3)),
            (long, Some(4)),
            // False positives: prefixes, extensions, case, empty.
            ("k", None),
            ("kms", None),
            ("KM", None),
            ("", None),
            ("sixteen-letters!!", None),
            ("square kilometer per hours", None),
        ];
        for (w, want) in cases {
            assert_eq!(m.get(w), want, "{w:?}");
            assert_eq!(m.get_bytes(w.as_bytes()), want, "{w:?}");
            assert_eq!(m.contains(w), want.is_some(), "{w:?}");
        }
    }

    #[test]
    fn many_keys_all_found() {
        let words: Vec<String> = (0..5000).map(|i| format!("w{i}")).collect();
        let m = WordMap::new(words.iter().enumerate().map(|(i, w)| (w.as_str(), i)));
        for (i, w) in words.iter().enumerate() {
            assert_eq!(m.get(w), Some(i));
        }
        assert_eq!(m.get("w5000"), None);
    }
}
