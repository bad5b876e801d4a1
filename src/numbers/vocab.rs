//! The words that can open a figure, in one hashed set, so that the walk
//! rejects an ordinary word ("the", "said", "Kelly") with one hash and one
//! comparison instead of running every matcher on it. This is what keeps the
//! stage fast on news text, where most words are not numbers.

use super::{currency, dates, ranges};
use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};
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

/// A word-at-a-time multiplicative hash: keys are short words, and there is
/// no need for DoS resistance (the set is fixed).
#[derive(Default)]
struct WordHash(u64);

impl Hasher for WordHash {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = self.0 ^ bytes.len() as u64;
        for chunk in bytes.chunks(8) {
            let mut w = [0u8; 8];
            w[..chunk.len()].copy_from_slice(chunk);
            h = (h ^ u64::from_le_bytes(w)).wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(29);
        }
        self.0 = h;
    }
}

type Set = HashSet<String, BuildHasherDefault<WordHash>>;

fn openers() -> &'static Set {
    static SET: OnceLock<Set> = OnceLock::new();
    SET.get_or_init(|| {
        let mut s = Set::default();
        for w in OPENERS {
            s.insert(w.to_string());
        }
        for w in ORDINALS {
            s.insert(w.to_string());
            s.insert(format!("{w}s"));
        }
        s.insert("quarters".to_string());
        for w in ranges::first_words() {
            s.insert(w.to_string());
        }
        for w in dates::names() {
            s.insert(w.to_string());
        }
        for c in currency::CODES {
            s.insert(c.to_ascii_lowercase());
            s.insert(format!("m{}", c.to_ascii_lowercase()));
        }
        // Dollar prefixes ("US$", "C$") are let through by the walk when a "$" follows.
        s
    })
}

/// Whether the lowercase word `w` may open a figure.
#[inline]
pub(crate) fn may_open(w: &str) -> bool {
    w.len() <= 12 && openers().contains(w)
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
