//! Bounds and ranges: "more than 20", "at most 100 and at least 20",
//! "five hundred or more", ">= 30", and the words that join two numbers into
//! an interval ("between … and …", "from … to …", "20-30").
//!
//! Phrase tables are one entry per line, longest first where one phrase is a
//! prefix of another, so the first match is the longest.

use super::lex::Lexed;

/// Which side of a number a comparison leaves open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Bound {
    /// "more than x": x is the lower bound.
    Lower { inclusive: bool },
    /// "less than x": x is the upper bound.
    Upper { inclusive: bool },
    /// "equal to x".
    Exact,
}

use Bound::*;

/// Comparisons written before the number.
const PREFIXES: &[(&[&str], Bound)] = &[
    (&["more", "than", "or", "equal", "to"], Lower { inclusive: true }),
    (&["greater", "than", "or", "equal", "to"], Lower { inclusive: true }),
    (&["larger", "than", "or", "equal", "to"], Lower { inclusive: true }),
    (&["higher", "than", "or", "equal", "to"], Lower { inclusive: true }),
    (&["greater", "or", "equal", "to"], Lower { inclusive: true }),
    (&["greater", "or", "equal", "than"], Lower { inclusive: true }),
    (&["more", "or", "equal", "than"], Lower { inclusive: true }),
    (&["larger", "or", "equal", "than"], Lower { inclusive: true }),
    (&["less", "than", "or", "equal", "to"], Upper { inclusive: true }),
    (&["fewer", "than", "or", "equal", "to"], Upper { inclusive: true }),
    (&["smaller", "than", "or", "equal", "to"], Upper { inclusive: true }),
    (&["lower", "than", "or", "equal", "to"], Upper { inclusive: true }),
    (&["more", "than", "or", "equal"], Lower { inclusive: true }),
    (&["greater", "than", "or", "equal"], Lower { inclusive: true }),
    (&["less", "than", "or", "equal"], Upper { inclusive: true }),
    (&["fewer", "than", "or", "equal"], Upper { inclusive: true }),
    (&["less", "or", "equal", "than"], Upper { inclusive: true }),
    (&["less", "or", "equal", "to"], Upper { inclusive: true }),
    (&["smaller", "or", "equal", "than"], Upper { inclusive: true }),
    (&["equal", "to", "or", "less", "than"], Upper { inclusive: true }),
    (&["equal", "to", "or", "fewer", "than"], Upper { inclusive: true }),
    (&["equal", "to", "or", "smaller", "than"], Upper { inclusive: true }),
    (&["equal", "to", "or", "more", "than"], Lower { inclusive: true }),
    (&["equal", "to", "or", "greater", "than"], Lower { inclusive: true }),
    (&["equal", "to", "or", "larger", "than"], Lower { inclusive: true }),
    (&["at", "least"], Lower { inclusive: true }),
    (&["no", "less", "than"], Lower { inclusive: true }),
    (&["not", "less", "than"], Lower { inclusive: true }),
    (&["no", "fewer", "than"], Lower { inclusive: true }),
    (&["not", "fewer", "than"], Lower { inclusive: true }),
    (&["a", "minimum", "of"], Lower { inclusive: true }),
    (&["at", "most"], Upper { inclusive: true }),
    (&["up", "to"], Upper { inclusive: true }),
    (&["no", "more", "than"], Upper { inclusive: true }),
    (&["not", "more", "than"], Upper { inclusive: true }),
    (&["a", "maximum", "of"], Upper { inclusive: true }),
    (&["as", "many", "as"], Upper { inclusive: true }),
    (&["as", "much", "as"], Upper { inclusive: true }),
    (&["more", "than"], Lower { inclusive: false }),
    (&["greater", "than"], Lower { inclusive: false }),
    (&["larger", "than"], Lower { inclusive: false }),
    (&["higher", "than"], Lower { inclusive: false }),
    (&["bigger", "than"], Lower { inclusive: false }),
    (&["in", "excess", "of"], Lower { inclusive: false }),
    (&["upwards", "of"], Lower { inclusive: false }),
    (&["over"], Lower { inclusive: false }),
    (&["above"], Lower { inclusive: false }),
    (&["exceeding"], Lower { inclusive: false }),
    (&["less", "than"], Upper { inclusive: false }),
    (&["fewer", "than"], Upper { inclusive: false }),
    (&["smaller", "than"], Upper { inclusive: false }),
    (&["lower", "than"], Upper { inclusive: false }),
    (&["below"], Upper { inclusive: false }),
    (&["under"], Upper { inclusive: false }),
    (&["equal", "to"], Exact),
    (&["equals"], Exact),
];

/// Comparisons written after the number: "five hundred or more".
const SUFFIXES: &[(&[&str], Bound)] = &[
    (&["or", "more"], Lower { inclusive: true }),
    (&["or", "greater"], Lower { inclusive: true }),
    (&["or", "higher"], Lower { inclusive: true }),
    (&["or", "larger"], Lower { inclusive: true }),
    (&["or", "above"], Lower { inclusive: true }),
    (&["or", "over"], Lower { inclusive: true }),
    (&["and", "above"], Lower { inclusive: true }),
    (&["and", "over"], Lower { inclusive: true }),
    (&["or", "less"], Upper { inclusive: true }),
    (&["or", "fewer"], Upper { inclusive: true }),
    (&["or", "lower"], Upper { inclusive: true }),
    (&["or", "smaller"], Upper { inclusive: true }),
    (&["or", "below"], Upper { inclusive: true }),
    (&["or", "under"], Upper { inclusive: true }),
    (&["and", "below"], Upper { inclusive: true }),
    (&["and", "under"], Upper { inclusive: true }),
    (&["at", "least"], Lower { inclusive: true }),
    (&["at", "most"], Upper { inclusive: true }),
];

/// A cheap test that a prefix comparison may start at word `i`: the first
/// two words of every phrase, so common words ("in", "at", "no", "as")
/// cost one comparison.
pub(crate) fn may_start(l: &Lexed<'_>, i: usize) -> bool {
    let next = || l.w(i + 1);
    match l.w(i) {
        "in" => next() == "excess",
        "at" => matches!(next(), "least" | "most"),
        "as" => matches!(next(), "many" | "much"),
        "up" => next() == "to",
        "no" | "not" => matches!(next(), "more" | "less" | "fewer"),
        "upwards" => next() == "of",
        "a" => matches!(next(), "minimum" | "maximum"),
        "more" | "greater" | "larger" | "higher" | "bigger" | "less" | "fewer" | "smaller" | "lower" | "equal"
        | "equals" | "over" | "above" | "exceeding" | "below" | "under" => true,
        _ => false,
    }
}

/// The first words of the prefix comparisons.
pub(crate) fn first_words() -> impl Iterator<Item = &'static str> {
    PREFIXES.iter().map(|(p, _)| p[0])
}

/// Matches the words of `phrase` at `i`, each on the line of and spaced
/// from the word before it.
fn words_at(l: &Lexed<'_>, i: usize, phrase: &[&str]) -> Option<usize> {
    let mut j = i;
    for w in phrase {
        if l.w(j) != *w || !l.same_line(j) || l.glued(j) || !l.is_word(j) {
            return None;
        }
        j += 1;
    }
    Some(j)
}

fn table_at(l: &Lexed<'_>, i: usize, table: &[(&[&str], Bound)]) -> Option<(Bound, usize)> {
    // The first word is compared once here, not once per phrase.
    let first = l.w(i);
    if !l.is_word(i) {
        return None;
    }
    table.iter().filter(|(p, _)| p[0] == first).find_map(|(p, b)| words_at(l, i + 1, &p[1..]).map(|e| (*b, e)))
}

/// A comparison before a number at `i`, in words or symbols (">", ">=",
/// "< =", "≤"): the bound and the index after it.
pub(crate) fn prefix_at(l: &Lexed<'_>, i: usize) -> Option<(Bound, usize)> {
    if l.is_word(i) {
        if !may_start(l, i) {
            return None;
        }
        return table_at(l, i, PREFIXES);
    }
    let s = l.raw(i);
    let eq_next = l.same_line(i + 1) && l.raw(i + 1) == "=";
    let b = match s {
        ">" if eq_next => return Some((Lower { inclusive: true }, i + 2)),
        "<" if eq_next => return Some((Upper { inclusive: true }, i + 2)),
        ">" => Lower { inclusive: false },
        "<" => Upper { inclusive: false },
        "≥" => Lower { inclusive: true },
        "≤" => Upper { inclusive: true },
        _ => return None,
    };
    Some((b, i + 1))
}

/// A comparison after a number, at `i`.
pub(crate) fn suffix_at(l: &Lexed<'_>, i: usize) -> Option<(Bound, usize)> {
    if !l.is_word(i) || l.glued(i) {
        return None;
    }
    table_at(l, i, SUFFIXES)
}

/// "or equal", "or equal to" after "less than 5000": makes
/// the bound inclusive. Returns the index after it.
pub(crate) fn or_equal_at(l: &Lexed<'_>, i: usize) -> Option<usize> {
    if !l.is_word(i) || l.w(i) != "or" {
        return None;
    }
    let mut j = words_at(l, i + 1, &["equal"])?;
    if l.is(j, "to") {
        j += 1;
    }
    Some(j)
}

/// The word or sign joining the ends of an interval after `opener`
/// ("between" → "and", "from" → "to"), at `i`.
pub(crate) fn joiner_at(l: &Lexed<'_>, i: usize, opener: &str) -> Option<usize> {
    if !l.same_line(i) {
        return None;
    }
    let ok = match opener {
        "between" => l.is(i, "and") || l.sym(i, &["-", "–", "—"]),
        "from" => l.is(i, "to") || l.is(i, "through") || l.sym(i, &["-", "–", "—"]),
        _ => l.sym(i, &["-", "–", "—", "~"]) || l.is(i, "to"),
    };
    ok.then_some(i + 1)
}
