//! Money: currency signs, ISO 4217 codes and currency names, one entry per
//! line.
//!
//! The unit of a money figure is the ISO 4217 code when the text names one
//! current currency unambiguously ("$" → USD, "C$" → CAD, "euros" → EUR);
//! otherwise the English name of the denomination ("Cent", "Pence",
//! "Franc", "Peseta"), since a code would claim more than the text says.

use super::lex::Lexed;
use super::units::Names;
use super::wordmap::WordMap;
use std::sync::OnceLock;

/// Signs written before (or after) the amount.
pub(crate) const SIGNS: &[(&str, &str)] = &[
    ("$", "USD"),
    ("£", "GBP"),
    ("€", "EUR"),
    ("¥", "JPY"),
    ("₹", "INR"),
    ("₿", "BTC"),
    ("₭", "LAK"),
    ("₩", "KRW"),
    ("₽", "RUB"),
    ("₺", "TRY"),
    ("₪", "ILS"),
    ("₫", "VND"),
    ("₱", "PHP"),
    ("₦", "NGN"),
    ("฿", "THB"),
    ("₴", "UAH"),
];

/// Letters glued or spaced before "$" ("US$", "C$", "nzd$").
pub(crate) const DOLLAR_PREFIXES: &[(&str, &str)] = &[
    ("us", "USD"),
    ("usd", "USD"),
    ("c", "CAD"),
    ("ca", "CAD"),
    ("can", "CAD"),
    ("cad", "CAD"),
    ("a", "AUD"),
    ("au", "AUD"),
    ("aud", "AUD"),
    ("nz", "NZD"),
    ("nzd", "NZD"),
    ("hk", "HKD"),
    ("hkd", "HKD"),
    ("s", "SGD"),
    ("sg", "SGD"),
    ("sgd", "SGD"),
    ("r", "BRL"),
    ("mex", "MXN"),
    ("nt", "TWD"),
];

/// ISO 4217 codes (upper case in the text; see [`LOWERCASE_CODES`]).
pub(crate) const CODES: &[&str] = &[
    "USD", "EUR", "GBP", "JPY", "CNY", "CHF", "CAD", "AUD", "NZD", "INR", "HKD", "SGD", "SEK", "NOK", "DKK", "KRW",
    "RUB", "BRL", "MXN", "ZAR", "TRY", "BTC", "LAK", "PLN", "HUF", "CZK", "ILS", "AED", "SAR", "THB", "MYR", "IDR",
    "NGN", "EGP", "PKR", "TWD", "ARS", "CLP", "COP", "KES", "UAH", "VND", "QAR", "KWD",
];

/// Codes also recognised in lower case: none of them is an English word.
pub(crate) const LOWERCASE_CODES: &[&str] =
    &["usd", "eur", "gbp", "jpy", "cny", "rmb", "chf", "cad", "aud", "nzd", "inr", "hkd", "btc", "sgd"];

/// Currency names, lowercase singular (plurals by "s" or listed).
pub(crate) const NAMES: &[(&str, &str)] = &[
    ("dollar", "USD"),
    ("us dollar", "USD"),
    ("u.s. dollar", "USD"),
    ("american dollar", "USD"),
    ("canadian dollar", "CAD"),
    ("australian dollar", "AUD"),
    ("new zealand dollar", "NZD"),
    ("hong kong dollar", "HKD"),
    ("singapore dollar", "SGD"),
    ("taiwan dollar", "TWD"),
    ("euro", "EUR"),
    ("pound sterling", "GBP"),
    ("pounds sterling", "GBP"),
    ("british pound", "GBP"),
    ("sterling", "GBP"),
    ("yen", "JPY"),
    ("japanese yen", "JPY"),
    ("yuan", "CNY"),
    ("chinese yuan", "CNY"),
    ("renminbi", "CNY"),
    ("rmb", "CNY"),
    ("rupee", "INR"),
    ("indian rupee", "INR"),
    ("pakistani rupee", "PKR"),
    ("turkish lira", "TRY"),
    ("lira", "Lira"),
    ("swiss franc", "CHF"),
    ("franc", "Franc"),
    ("french franc", "French franc"),
    ("peseta", "Peseta"),
    ("dutch guilder", "Netherlands guilder"),
    ("guilder", "Netherlands guilder"),
    ("deutsche mark", "Deutsche mark"),
    ("mexican peso", "MXN"),
    ("peso", "Peso"),
    ("brazilian real", "BRL"),
    ("reais", "BRL"),
    ("south african rand", "ZAR"),
    ("rand", "ZAR"),
    ("rouble", "RUB"),
    ("ruble", "RUB"),
    ("won", "KRW"),
    ("krona", "SEK"),
    ("kronor", "SEK"),
    ("swedish krona", "SEK"),
    ("norwegian krone", "NOK"),
    ("danish krone", "DKK"),
    ("krone", "Krone"),
    ("kroner", "Krone"),
    ("shekel", "ILS"),
    ("dirham", "AED"),
    ("dinar", "Dinar"),
    ("naira", "NGN"),
    ("baht", "THB"),
    ("ringgit", "MYR"),
    ("rupiah", "IDR"),
    ("zloty", "PLN"),
    ("forint", "HUF"),
    ("kip", "LAK"),
    ("hryvnia", "UAH"),
    ("bitcoin", "BTC"),
    ("cent", "Cent"),
    ("pence", "Pence"),
    ("penny", "Penny"),
    ("pennies", "Penny"),
];

fn names() -> &'static Names {
    static T: OnceLock<Names> = OnceLock::new();
    T.get_or_init(|| Names::new(NAMES))
}

/// [`CODES`] hashed: `code_at` and `million_code_at` run after every number.
fn codes() -> &'static WordMap<&'static str> {
    static T: OnceLock<WordMap<&'static str>> = OnceLock::new();
    T.get_or_init(|| WordMap::new(CODES.iter().map(|&c| (c, c))))
}

/// The currency sign at `i`.
pub(crate) fn sign_at(l: &Lexed<'_>, i: usize) -> Option<&'static str> {
    let raw = l.raw(i);
    SIGNS.iter().find(|e| e.0 == raw).map(|e| e.1)
}

/// The ISO code written at `i` ("USD", "usd"; "rmb" → CNY).
pub(crate) fn code_at(l: &Lexed<'_>, i: usize) -> Option<&'static str> {
    if !l.is_word(i) {
        return None;
    }
    let raw = l.raw(i);
    if raw.len() != 3 {
        return None;
    }
    if let Some(c) = codes().get(raw) {
        return Some(c);
    }
    if raw == "RMB" || raw == "rmb" {
        return Some("CNY");
    }
    let w = l.w(i);
    if raw.bytes().all(|b| b.is_ascii_lowercase()) && LOWERCASE_CODES.contains(&w) {
        return CODES.iter().find(|c| c.eq_ignore_ascii_case(w)).copied();
    }
    None
}

/// A million-prefixed code written as one word: "MEUR", "MGBP", "MAUD".
pub(crate) fn million_code_at(l: &Lexed<'_>, i: usize) -> Option<&'static str> {
    let raw = l.raw(i);
    let rest = raw.strip_prefix('M').filter(|r| r.len() == 3)?;
    codes().get(rest)
}

/// The letters before a "$" at `i` (glued "US$", or "us $" with a space for
/// prefixes of two letters or more, and "c $").
pub(crate) fn dollar_prefix(l: &Lexed<'_>, i: usize) -> Option<&'static str> {
    if !l.is_word(i) || !l.same_line(i + 1) || l.raw(i + 1) != "$" {
        return None;
    }
    let w = l.w(i);
    let code = DOLLAR_PREFIXES.iter().find(|e| e.0 == w).map(|e| e.1)?;
    let spaced = !l.glued(i + 1);
    if spaced && w.len() < 2 && w != "c" {
        return None;
    }
    // "a $5 bill": lowercase "a" before a sign is the article.
    if w == "a" && l.raw(i) == "a" {
        return None;
    }
    Some(code)
}

/// A currency name at `i` ("dollars", "australian dollars", "pence"): its
/// unit and the index after it.
pub(crate) fn name_at(l: &Lexed<'_>, i: usize) -> Option<(&'static str, usize)> {
    if !l.same_line(i) || !l.is_word(i) {
        return None;
    }
    names().longest_at(l, i)
}

/// True for the units of subdivisions ("Cent", "Pence", "Penny").
pub(crate) fn is_subunit(u: &str) -> bool {
    matches!(u, "Cent" | "Pence" | "Penny")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_codes() {
        let cases = [
            ("dollars", Some("USD")),
            ("australian dollars", Some("AUD")),
            ("euros", Some("EUR")),
            ("pence", Some("Pence")),
            ("turkish lira", Some("TRY")),
            ("dutch guilders", Some("Netherlands guilder")),
            ("people", None),
        ];
        for (s, want) in cases {
            let t = format!("5 {s}");
            let l = Lexed::new(&t);
            assert_eq!(name_at(&l, 1).map(|x| x.0), want, "{s}");
        }
        let l = Lexed::new("USD usd try TRY MEUR");
        assert_eq!(code_at(&l, 0), Some("USD"));
        assert_eq!(code_at(&l, 1), Some("USD"));
        assert_eq!(code_at(&l, 2), None);
        assert_eq!(code_at(&l, 3), Some("TRY"));
        assert_eq!(million_code_at(&l, 4), Some("EUR"));
    }
}
