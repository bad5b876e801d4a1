//! The words that can open a figure, in one hashed set, so that the walk
//! rejects an ordinary word ("the", "said", "Kelly") with one hash and one
//! comparison ([`WordMap`]) instead of running every matcher on it. This is what keeps the
//! stage fast on news text, where most words are not numbers.

use super::wordmap::WordMap;
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

fn openers() -> &'static WordMap<()> {
    static SET: OnceLock<WordMap<()>> = OnceLock::new();
    SET.get_or_init(|| {
        let mut words: Vec<String> = OPENERS.iter().map(|w| w.to_string()).collect();
        for w in ORDINALS {
            words.push(w.to_string());
            words.push(format!("{w}s"));
        }
        words.push("quarters".into());
        words.extend(ranges::first_words().map(str::to_string));
        words.extend(dates::names().map(str::to_string));
        for c in currency::CODES {
            words.push(c.to_ascii_lowercase());
            words.push(format!("m{}", c.to_ascii_lowercase()));
        }
        // Dollar prefixes ("US$", "C$") are let through by the walk when a "$" follows.
        WordMap::new(words.iter().map(|w| (w.as_str(), ())))
    })
}

/// Whether the lowercase word `w` may open a figure.
#[inline(always)]
pub(crate) fn may_open(w: &str) -> bool {
    may_open_bytes(w.as_bytes())
}

/// [`may_open`] for the bytes of a word (the walk's test of every word).
#[inline(always)]
pub(crate) fn may_open_bytes(w: &[u8]) -> bool {
    openers().get_bytes(w).is_some()
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
            assert!(!may_open_bytes(w.as_bytes()), "{w}");
        }
        // Every number word that can start a cardinal is an opener.
        for w in OPENERS {
            if let Some(super::super::words::Word::Unit(_)) = super::super::words::word(w) {
                assert!(may_open(w));
            }
        }
    }
}
