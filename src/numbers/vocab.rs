//! The words that can open a figure, in one hashed set, so that the walk
//! rejects an ordinary word ("the", "said", "Kelly") with one hash and one
//! comparison instead of running every matcher on it. This is what keeps the
//! stage fast on news text, where most words are not numbers.

use super::{currency, dates, ranges};
use std::sync::OnceLock;

/// Words, lowercase, that start a figure or a phrase leading to one, besides
/// those derived from the other modules' tables (see [`openers`]).
const OPENERS: &[&str] = &[
    "zero", "nought", "naught", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
    "thirty", "forty", "fourty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "a", "an", "half",
    "quarter", "minus", "negative", "dollar", "dollars", "between", "from", "http", "https", "www", "celsius",
    "celcius", "centigrade", "fahrenheit", "farenheit", "fahrenheight", "kelvin", "degrees", "degree", "percent",
    "percentage", "percents", "rmb", "rs",
];

/// Ordinal stems: each also opens in the plural ("fifths").
const ORDINALS: &[&str] = &[
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh",
    "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth",
    "twentieth", "thirtieth", "fortieth", "fiftieth", "sixtieth", "seventieth", "eightieth", "ninetieth",
    "hundredth", "thousandth", "millionth", "billionth", "trillionth",
];

/// Words of up to 16 bytes packed into a `u128` (little-endian, zero
/// padded): comparing two words is one integer comparison.
#[inline]
fn key(w: &str) -> Option<u128> {
    let b = w.as_bytes();
    if b.is_empty() || b.len() > 16 {
        return None;
    }
    let mut buf = [0u8; 16];
    buf[..b.len()].copy_from_slice(b);
    Some(u128::from_le_bytes(buf))
}

/// Slots in the open-addressing table: a power of two, well over twice the
/// number of openers.
const SLOTS: usize = 2048;

#[inline]
fn slot(k: u128) -> usize {
    let x = (k as u64) ^ ((k >> 64) as u64).rotate_left(23);
    (x.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - SLOTS.trailing_zeros())) as usize
}

/// The openers as a linear-probing hash table of packed words (0 = empty).
struct Table(Vec<u128>);

impl Table {
    fn insert(&mut self, w: &str) {
        let Some(k) = key(w) else { return };
        let mut i = slot(k);
        while self.0[i] != 0 && self.0[i] != k {
            i = (i + 1) & (SLOTS - 1);
        }
        self.0[i] = k;
    }

    #[inline]
    fn contains(&self, w: &str) -> bool {
        let Some(k) = key(w) else { return false };
        let mut i = slot(k);
        loop {
            match self.0[i] {
                0 => return false,
                x if x == k => return true,
                _ => i = (i + 1) & (SLOTS - 1),
            }
        }
    }
}

fn openers() -> &'static Table {
    static SET: OnceLock<Table> = OnceLock::new();
    SET.get_or_init(|| {
        let mut s = Table(vec![0; SLOTS]);
        for w in OPENERS {
            s.insert(w);
        }
        for w in ORDINALS {
            s.insert(w);
            s.insert(&format!("{w}s"));
        }
        s.insert("quarters");
        for w in ranges::first_words() {
            s.insert(w);
        }
        for w in dates::names() {
            s.insert(w);
        }
        for c in currency::CODES {
            s.insert(&c.to_ascii_lowercase());
            s.insert(&format!("m{}", c.to_ascii_lowercase()));
        }
        // Dollar prefixes ("US$", "C$") are let through by the walk when a "$" follows.
        s
    })
}

/// Whether the lowercase word `w` may open a figure.
#[inline]
pub(crate) fn may_open(w: &str) -> bool {
    openers().contains(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn openers_cover_the_grammar() {
        for w in OPENERS.iter().chain(ORDINALS) {
            assert!(may_open(w), "{w}");
        }
        for w in ["one", "fifths", "more", "between", "tuesday", "march", "usd", "meur"] {
            assert!(may_open(w), "{w}");
        }
        for w in ["the", "said", "kelly", "thousand", "million"] {
            assert!(!may_open(w), "{w}");
        }
        // Every number word that can start a cardinal is an opener.
        for w in OPENERS {
            if let Some(super::super::words::Word::Unit(_)) = super::super::words::word(w) {
                assert!(may_open(w));
            }
        }
    }
}
