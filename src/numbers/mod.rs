//! Figures and what they are worth: every number a fact-checker would check,
//! with its kind, value and unit.
//!
//! ```
//! let text = "Around 11 million people; $48.2 million; between 20 and 30; Feb. 23, 2017.";
//! let found = lede::numbers::figures(text);
//! let got: Vec<(&str, &str, Option<f64>)> =
//!     found.iter().map(|n| (&text[n.span], n.kind.as_str(), n.value)).collect();
//! assert_eq!(got[0], ("11 million", "cardinal", Some(11e6)));
//! assert_eq!(got[1], ("$48.2 million", "currency", Some(48.2e6)));
//! assert_eq!(got[2].1, "range");
//! assert_eq!(found[3].iso.as_deref(), Some("2017-02-23"));
//! ```
//!
//! ## How
//! The stage cuts the raw text into its own lexemes (`lex.rs`; numerals are
//! read whole by `scan.rs`), then walks them left to right. At each lexeme it
//! tries, in order: identifiers to skip ("G7", "COVID-19", URLs), phone
//! numbers, dates and times (`dates.rs`), bounds and intervals (`ranges.rs`),
//! and quantities: a number in digits or words (`words.rs`) with what follows
//! it — percent, currency (`currency.rs`), age, temperature or unit of
//! measure (`units.rs`). A match is emitted and the walk jumps past it, so
//! figures never overlap and every lexeme is visited once; all lookahead
//! past a match attempt is bounded, so the stage is linear in the text.
//!
//! ## Conventions
//! - `value`: the figure's value in its unit ("$48.2 million" → 48200000);
//!   `None` when it overflows an `f64` or has none ("percent" alone, dates
//!   other than bare years).
//! - `unit`: ISO 4217 code for money when the text names one current
//!   currency, else the English name of the denomination ("Cent"); the
//!   English singular name of a unit of measure ("Kilometer", "Mile per
//!   hour"); "Year"/"Month"/"Week"/"Day" for ages; "Celsius", "Fahrenheit"
//!   or "Degree" for temperatures; "percentage point" for percentage points.
//! - A bound ("more than 20", "500 or more") is a range only around a bare
//!   number; with a unit ("more than $247 million") the figure is the amount
//!   itself. Intervals ("between 20 and 30", "from 5 to 10 percent",
//!   "20-30", "20 to 30") are ranges with the unit of their second end.
//! - Ordinary words are rejected by one hash lookup (`vocab.rs`); only the
//!   few words that can open a figure run the matchers.
//! - Dates carry an ISO 8601 `iso` with unknown parts as X ("XXXX-02-23").

mod currency;
mod dates;
mod lex;
mod ranges;
mod scan;
mod units;
mod vocab;
mod wordmap;
mod words;

use crate::span::{Annotation, Kind, Number, NumberKind, NumberRange, Span};
use crate::text::Document;
use crate::Recognizer;
use lex::{LexKind, Lexed};
use ranges::Bound;
use words::Word;

/// Finds numbers; see the [module docs](self).
#[derive(Debug, Default, Clone)]
pub struct NumberRecognizer {}

impl NumberRecognizer {
    /// A recognizer with the default settings.
    pub fn new() -> NumberRecognizer {
        NumberRecognizer {}
    }
}

impl Recognizer for NumberRecognizer {
    fn kind(&self) -> Kind {
        Kind::Number
    }

    fn recognize(&self, doc: &Document<'_>, out: &mut Vec<Annotation>) {
        walk(doc.text, |n| out.push(Annotation::Number(n)));
    }
}

/// Every figure of `text`, in order (byte offsets).
pub fn figures(text: &str) -> Vec<Number> {
    let mut out = Vec::new();
    walk(text, |n| out.push(n));
    out
}

fn walk(text: &str, mut emit: impl FnMut(Number)) {
    let l = Lexed::new(text);
    let mut i = 0;
    while i < l.len() {
        // Most lexemes are words and punctuation that open nothing: skipped
        // here, without the call into the matchers.
        if opens_nothing(&l, i) {
            i += 1;
            continue;
        }
        match figure(&l, i) {
            Found::Fig(f) => {
                let next = f.end.max(i + 1);
                if f.end > f.start {
                    emit(f.into_number(&l));
                }
                i = next;
            }
            Found::Skip(n) => i = n.max(i + 1),
        }
    }
}

/// A unit as found: a name, or a rate of two names.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Unit {
    None,
    One(&'static str),
    Per(&'static str, &'static str),
}

/// A figure over lexemes `start..end`.
#[derive(Clone, Debug, PartialEq)]
struct Fig {
    start: usize,
    end: usize,
    kind: NumberKind,
    value: Option<f64>,
    unit: Unit,
    range: Option<NumberRange>,
    iso: Option<String>,
    /// The number was one numeral with nothing else ("1996").
    lone_numeral: bool,
}

impl Fig {
    fn new(start: usize, end: usize, kind: NumberKind, value: Option<f64>) -> Fig {
        Fig { start, end, kind, value, unit: Unit::None, range: None, iso: None, lone_numeral: false }
    }

    /// A plain count or part, without a unit: what a bound can apply to.
    fn bare(&self) -> bool {
        self.unit == Unit::None && matches!(self.kind, NumberKind::Cardinal | NumberKind::Fraction)
    }

    fn into_number(self, l: &Lexed<'_>) -> Number {
        let unit = match self.unit {
            Unit::None => None,
            Unit::One(u) => Some(u.to_string()),
            Unit::Per(a, b) => Some(format!("{a} per {b}")),
        };
        Number {
            span: Span::new(l.start(self.start), l.end(self.end - 1)),
            kind: self.kind,
            value: self.value.filter(|v| v.is_finite()),
            unit,
            range: self.range,
            iso: self.iso,
        }
    }
}

enum Found {
    Fig(Fig),
    Skip(usize),
}

/// Words that, right before "one", make it a pronoun ("the one", "which one").
const ONE_PRONOUN_BEFORE: &[&str] = &[
    "the", "which", "this", "that", "each", "every", "any", "no", "another", "some", "little", "other", "such",
    "someone", "anyone", "everyone", "only", "big", "new", "old", "good", "right", "wrong", "last", "first",
];

/// Words before a hyphen that make "-19" part of an ordinary word rather
/// than an identifier ("mid-2000s", "pre-1990").
const HYPHEN_PREFIXES: &[&str] = &[
    "mid", "pre", "post", "early", "late", "over", "under", "top", "about", "around", "circa", "ca", "c", "and",
    "or", "to", "than", "from", "between", "the", "of", "in", "up", "nearly", "almost", "roughly", "some", "aged",
    "age", "ages", "minus", "plus", "sub", "non", "anti", "super", "ultra", "multi", "year", "years", "week",
    "day", "month", "by",
];

/// Plural nouns without a final "s": "11m people" is a count, not metres.
const PLURALS_WITHOUT_S: &[&str] = &[
    "people", "children", "men", "women", "cattle", "livestock", "poultry", "sheep", "deer", "fish", "staff",
    "personnel", "police", "youth",
];

/// Words after which a numeral is a version, not a figure ("version 4.2").
const VERSION_CUES: &[&str] = &["version", "versions", "ver", "firmware"];

/// Words before a year that make a four-digit number below 1900 a year.
const YEAR_CUES: &[&str] = &[
    "in", "since", "of", "by", "until", "till", "from", "to", "before", "after", "during", "circa", "year", "around",
    "c", "ca", "early", "late", "mid", "between", "through", "and",
];

/// Time words after "over N": "over 3 years" is a span of time, not a bound.
const TIME_WORDS: &[&str] = &[
    "year", "years", "month", "months", "week", "weeks", "day", "days", "hour", "hours", "minute", "minutes",
    "decade", "decades", "century", "centuries", "season", "seasons", "night", "nights",
];

fn figure(l: &Lexed<'_>, i: usize) -> Found {
    match l.lx[i].kind {
        LexKind::Junk => Found::Skip(chain_end(l, i)),
        LexKind::Num(_) => at_numeral(l, i),
        LexKind::Word => at_word(l, i),
        LexKind::Sym => at_symbol(l, i),
    }
}

/// The index after an identifier-like chain of glued letters, digits and
/// inner punctuation starting at `i` ("COVID-19", "G7", "v1.2.3").
fn chain_end(l: &Lexed<'_>, i: usize) -> usize {
    let mut j = i + 1;
    while j < l.len() && l.glued(j) {
        match l.lx[j].kind {
            LexKind::Word | LexKind::Num(_) | LexKind::Junk => j += 1,
            LexKind::Sym
                if l.sym(j, &["-", ".", "_", "/", "\u{2010}", "\u{2011}"])
                    && l.glued(j + 1)
                    && matches!(l.lx.get(j + 1).map(|x| x.kind), Some(LexKind::Word | LexKind::Num(_))) =>
            {
                j += 2
            }
            _ => break,
        }
    }
    j
}

/// Numeral `i` is glued to letters before it ("G7", "COVID-19", "SCP-173"),
/// or sits inside a URL-like string.
fn identifier_before(l: &Lexed<'_>, i: usize) -> bool {
    if i == 0 || !l.glued(i) {
        return false;
    }
    if l.is_word(i - 1) {
        return currency::code_at(l, i - 1).is_none();
    }
    if l.sym(i - 1, &["_", "=", "&", "@", "#", "\\"]) {
        return true;
    }
    if l.is_hyphen(i - 1) && i >= 2 && l.glued(i - 1) && l.is_word(i - 2) {
        let w = l.w(i - 2);
        return !HYPHEN_PREFIXES.contains(&w) && words::word(w).is_none() && ranges::prefix_at(l, i - 2).is_none();
    }
    false
}

/// Numeral `i` follows "version" or the like on its line ("version 4.2",
/// "iOS version 17"): a name, not a figure.
fn version_before(l: &Lexed<'_>, i: usize) -> bool {
    i > 0 && l.same_line(i) && !l.glued(i) && l.is_word(i - 1) && VERSION_CUES.contains(&l.w(i - 1))
}

fn at_numeral(l: &Lexed<'_>, i: usize) -> Found {
    if identifier_before(l, i) || version_before(l, i) {
        return Found::Skip(chain_end(l, i));
    }
    if let Some(d) = dates::date_at(l, i) {
        return Found::Fig(date_fig(i, d));
    }
    if let Some(f) = phone(l, i) {
        return Found::Fig(f);
    }
    if let Some(end) = dates::time_at(l, i) {
        return Found::Skip(end);
    }
    let Some(q) = quantity(l, i) else { return Found::Skip(chain_end(l, i)) };
    // Letters or digits glued right after what was understood: "11a", "24703m212".
    if l.glued(q.end) && (l.is_word(q.end) || l.num(q.end).is_some()) {
        if q.lone_numeral && l.w(q.end) == "s" && !l.glued(q.end + 1) {
            // Decades: "1990s".
            if let Some(v) = q.value.filter(|v| (1000.0..=2999.0).contains(v) && v % 10.0 == 0.0) {
                let mut f = Fig::new(i, q.end + 1, NumberKind::Date, Some(v));
                f.iso = Some(format!("{}X", (v as u32) / 10));
                return Found::Fig(f);
            }
        }
        return Found::Skip(chain_end(l, i));
    }
    if q.bare() || q.kind == NumberKind::Percent {
        if let Some(f) = dash_interval(l, &q) {
            return Found::Fig(f);
        }
    }
    if q.bare() {
        if let Some(f) = bound_after(l, q.clone()) {
            return Found::Fig(f);
        }
        if let Some(f) = year(l, &q) {
            return Found::Fig(f);
        }
    }
    Found::Fig(q)
}

/// Lexeme `i` is an ordinary word or punctuation mark: one that neither
/// opens a figure nor glues to one ("G7", "US$"). The cheap first test of
/// [`at_word`] and [`at_symbol`].
#[inline(always)]
fn opens_nothing(l: &Lexed<'_>, i: usize) -> bool {
    match l.lx[i].kind {
        LexKind::Word => {
            let glued_digits = l.glued(i + 1) && l.num(i + 1).is_some();
            !glued_digits && !l.is_char(i + 1, b'$') && !vocab::may_open_bytes(l.w_bytes(i))
        }
        LexKind::Sym => {
            let raw = l.raw(i).as_bytes();
            raw.len() == 1 && !matches!(raw[0], b'$' | b'+' | b'-' | b'(' | b'<' | b'>')
        }
        _ => false,
    }
}

fn at_word(l: &Lexed<'_>, i: usize) -> Found {
    let w = l.w(i);
    let glued_digits = l.glued(i + 1) && l.num(i + 1).is_some();
    let before_dollar = l.raw(i + 1) == "$";
    if opens_nothing(l, i) {
        return Found::Skip(i + 1);
    }
    // "a" and "an" only open "a hundred", "a half", "a third", "a minimum of".
    if (w == "a" || w == "an") && !before_dollar {
        let next = l.w(i + 1);
        let ok = l.same_line(i + 1)
            && l.is_word(i + 1)
            && (vocab::may_open(next) || words::word(next).is_some() || matches!(next, "minimum" | "maximum"));
        if !ok {
            return Found::Skip(i + 1);
        }
    }
    // URLs: skip to the next space.
    if matches!(w, "http" | "https" | "www") && l.glued(i + 1) && l.sym(i + 1, &[":", "."]) {
        let mut j = i + 1;
        while j < l.len() && l.glued(j) {
            j += 1;
        }
        return Found::Skip(j);
    }
    // "G7", "MP3", "COVID19": letters glued to digits.
    if glued_digits && currency::code_at(l, i).is_none() {
        return Found::Skip(chain_end(l, i));
    }
    if w == "between" || w == "from" {
        if let Some(f) = interval(l, i, w) {
            return Found::Fig(f);
        }
    }
    if ranges::prefix_at(l, i).is_some() {
        if let Some(f) = bound_before(l, i) {
            return Found::Fig(f);
        }
    }
    if let Some(d) = dates::date_at(l, i) {
        return Found::Fig(date_fig(i, d));
    }
    if let Some(f) = bare_unit_word(l, i) {
        return Found::Fig(f);
    }
    let may_number = words::word(w).is_some()
        || words::ordinal(w).is_some()
        || matches!(w, "a" | "an" | "half" | "quarter" | "minus" | "negative" | "dollar" | "dollars" | "rs")
        || currency::code_at(l, i).is_some()
        || currency::million_code_at(l, i).is_some()
        || currency::dollar_prefix(l, i).is_some();
    if !may_number {
        return Found::Skip(i + 1);
    }
    let Some(q) = quantity(l, i) else { return Found::Skip(i + 1) };
    if pronoun_one(l, &q) || time_second(l, &q) {
        return Found::Skip(q.end);
    }
    if q.bare() {
        if let Some(f) = bound_after(l, q.clone()) {
            return Found::Fig(f);
        }
    }
    Found::Fig(q)
}

fn at_symbol(l: &Lexed<'_>, i: usize) -> Found {
    let raw = l.raw(i);
    // Most punctuation opens nothing: one byte test.
    if opens_nothing(l, i) {
        return Found::Skip(i + 1);
    }
    if raw == "+" || raw == "(" {
        if let Some(f) = phone(l, i) {
            return Found::Fig(f);
        }
    }
    if ranges::prefix_at(l, i).is_some() {
        if let Some(f) = bound_before(l, i) {
            return Found::Fig(f);
        }
        return Found::Skip(i + 1);
    }
    let may = currency::sign_at(l, i).is_some()
        || words::vulgar(raw).is_some()
        || matches!(raw, "-" | "+" | "\u{2212}") && sign_ok(l, i);
    if !may {
        return Found::Skip(i + 1);
    }
    match quantity(l, i) {
        Some(q) => {
            if q.bare() {
                if let Some(f) = dash_interval(l, &q) {
                    return Found::Fig(f);
                }
                if let Some(f) = bound_after(l, q.clone()) {
                    return Found::Fig(f);
                }
            }
            Found::Fig(q)
        }
        None => Found::Skip(i + 1),
    }
}

fn date_fig(i: usize, d: dates::Date) -> Fig {
    let mut f = Fig::new(i, d.end, NumberKind::Date, d.value);
    f.iso = d.iso;
    f
}

/// "the one", "one of the", "one-time": "one" that is not a count.
fn pronoun_one(l: &Lexed<'_>, q: &Fig) -> bool {
    if q.end != q.start + 1 || l.w(q.start) != "one" || q.unit != Unit::None {
        return false;
    }
    let before = q.start > 0 && l.same_line(q.start) && ONE_PRONOUN_BEFORE.contains(&l.w(q.start - 1));
    let after = l.is(q.end, "of") || l.is(q.end, "another") || l.is(q.end, "day") || l.is(q.end, "by")
        || l.glued(q.end) && l.is_hyphen(q.end);
    before || after
}

/// "a second" (of time), "per second", "split second": not an ordinal.
fn time_second(l: &Lexed<'_>, q: &Fig) -> bool {
    if q.kind != NumberKind::Ordinal || l.w(q.start) != "second" || q.end != q.start + 1 || q.start == 0 {
        return false;
    }
    let prev = l.w(q.start - 1);
    if matches!(prev, "per" | "split" | "every" | "each" | "one" | "nano" | "milli" | "fraction") {
        return true;
    }
    if prev == "a" {
        let next = l.w(q.end);
        let noun_follows = l.is_word(q.end)
            && l.same_line(q.end)
            && !matches!(next, "later" | "ago" | "or" | "and" | "to" | "of" | "before" | "after" | "longer" | "earlier" | "in" | "for" | "on" | "at" | "more" | "too");
        return !noun_follows;
    }
    false
}

/// "celsius", "degrees fahrenheit", "percent", "percentage" without a number.
fn bare_unit_word(l: &Lexed<'_>, i: usize) -> Option<Fig> {
    let w = l.w(i);
    if let Some(t) = temperature_name(w) {
        let mut f = Fig::new(i, i + 1, NumberKind::Temperature, None);
        f.unit = Unit::One(t);
        return Some(f);
    }
    if matches!(w, "degrees" | "degree") {
        if let Some(t) = temperature_name(l.w(i + 1)).filter(|_| l.same_line(i + 1) && l.is_word(i + 1)) {
            let mut f = Fig::new(i, i + 2, NumberKind::Temperature, None);
            f.unit = Unit::One(t);
            return Some(f);
        }
    }
    if matches!(w, "percent" | "percentage" | "percents") {
        let mut f = Fig::new(i, i + 1, NumberKind::Percent, None);
        if w == "percentage" && (l.is(i + 1, "point") || l.is(i + 1, "points")) {
            f.end = i + 2;
            f.unit = Unit::One("percentage point");
        }
        return Some(f);
    }
    None
}

fn temperature_name(w: &str) -> Option<&'static str> {
    Some(match w {
        "celsius" | "celcius" | "centigrade" => "Celsius",
        "fahrenheit" | "farenheit" | "fahrenheight" => "Fahrenheit",
        "kelvin" => "Kelvin",
        _ => return None,
    })
}

/// A sign at `i` may start a number: "-1", "<-30", "- 1 4/5" at the start
/// or after a word; not the dash of "1000 - 5000" or "COVID-19".
fn sign_ok(l: &Lexed<'_>, i: usize) -> bool {
    let next_ok = l.same_line(i + 1)
        && (l.num(i + 1).is_some() || l.is_word(i + 1) && words::word(l.w(i + 1)).is_some() && !l.glued(i + 1));
    if !next_ok {
        return false;
    }
    if i == 0 || !l.same_line(i) {
        return true;
    }
    let prev_num_like = l.num(i - 1).is_some() || l.is_word(i - 1) && words::word(l.w(i - 1)).is_some();
    if l.glued(i + 1) {
        // "-1": a space (or an opening bracket or comparison) before the sign.
        (!l.glued(i) || l.sym(i - 1, &["(", "[", "<", ">", "=", "~", "\u{2264}", "\u{2265}"])) && !prev_num_like
    } else {
        // "- 20": only before digits, after a word that is not part of a number.
        !l.glued(i) && l.is_word(i - 1) && !prev_num_like && l.num(i + 1).is_some()
    }
}

/// A number with an optional sign and whatever unit follows it.
fn quantity(l: &Lexed<'_>, i: usize) -> Option<Fig> {
    let (neg, j) = match l.w(i) {
        "minus" | "negative" if l.is_word(i) => match words::next_atom(l, i + 1) {
            Some((k, false)) => (true, k),
            _ => return None,
        },
        "-" | "+" | "\u{2212}" if !l.is_word(i) => {
            if !sign_ok(l, i) {
                return None;
            }
            (l.raw(i) != "+", i + 1)
        }
        _ => (false, i),
    };
    if let Some(mut f) = money_first(l, j) {
        f.start = i;
        if neg {
            f.value = f.value.map(|v| -v);
        }
        return Some(f);
    }
    let n = words::number(l, j, false)?;
    let mut f = Fig::new(i, n.end, n.kind, n.value.map(|v| if neg { -v } else { v }));
    f.start = if n.kind == NumberKind::Ordinal && !neg { n.start } else { i };
    f.lone_numeral = !neg && n.card.is_some_and(|c| c.digits_only) && n.kind == NumberKind::Cardinal && n.end == j + 1;
    if n.kind == NumberKind::Ordinal {
        return Some(f);
    }
    let scaled = n.card.is_some_and(|c| c.max_scale >= 1e6);
    suffix(l, &mut f, scaled);
    Some(f)
}

/// Money written with the currency first: "$48.2 million", "US$ 10",
/// "c $ 300 million", "EUR 125", "USD115", "MAUD 60", "dollar 22.5 million".
fn money_first(l: &Lexed<'_>, i: usize) -> Option<Fig> {
    // Signs, codes and names are words or symbols, never numerals.
    if i >= l.len() || l.num(i).is_some() {
        return None;
    }
    let (code, k, mult) = if let Some(c) = currency::sign_at(l, i) {
        (c, i + 1, 1.0)
    } else if let Some(c) = currency::dollar_prefix(l, i) {
        (c, i + 2, 1.0)
    } else if let Some(c) = currency::code_at(l, i) {
        if l.glued(i + 1) && l.raw(i + 1) == "$" {
            (c, i + 2, 1.0)
        } else {
            (c, i + 1, 1.0)
        }
    } else if let Some(c) = currency::million_code_at(l, i) {
        if l.glued(i + 1) {
            return None;
        }
        (c, i + 1, 1e6)
    } else if matches!(l.raw(i), "Rs" | "rs" | "RS") {
        // "Rs. 500", "Rs 5 crore".
        let k = if l.sym(i + 1, &["."]) && l.glued(i + 1) { i + 2 } else { i + 1 };
        ("INR", k, 1.0)
    } else if matches!(l.w(i), "dollar" | "dollars") && l.is_word(i) && !l.glued(i + 1) {
        let n = words::number(l, i + 1, true)?;
        if !n.card.is_some_and(|c| c.max_scale > 1.0) {
            return None;
        }
        ("USD", i + 1, 1.0)
    } else {
        return None;
    };
    if !l.same_line(k) || l.num(k).is_none() {
        return None;
    }
    let n = words::number(l, k, true)?;
    if !matches!(n.kind, NumberKind::Cardinal | NumberKind::Fraction) {
        return None;
    }
    let mut f = Fig::new(i, n.end, NumberKind::Currency, n.value.map(|v| v * mult));
    f.unit = Unit::One(code);
    Some(f)
}

/// Fills in what follows the number of `f` (which ends at `f.end`): percent,
/// money, age, temperature or a unit of measure.
fn suffix(l: &Lexed<'_>, f: &mut Fig, scaled: bool) {
    let k = f.end;
    if !l.same_line(k) {
        return;
    }
    // Percent.
    if l.sym(k, &["%", "\u{FF05}"]) {
        f.kind = NumberKind::Percent;
        f.end = k + 1;
        return;
    }
    let wk = l.w(k);
    if l.is_word(k) && !l.glued(k) || l.is_word(k) && wk.starts_with("percent") {
        match wk {
            "percent" | "percents" | "pct" | "percentage" => {
                f.kind = NumberKind::Percent;
                f.end = k + 1;
                if (l.is(k + 1, "point") || l.is(k + 1, "points")) && wk != "pct" {
                    f.end = k + 2;
                    f.unit = Unit::One("percentage point");
                }
                return;
            }
            "per" if l.is(k + 1, "cent") => {
                f.kind = NumberKind::Percent;
                f.end = k + 2;
                return;
            }
            _ => {}
        }
    }
    if l.is_word(k) && l.glued(k) && wk == "percent" {
        f.kind = NumberKind::Percent;
        f.end = k + 1;
        return;
    }
    if money_after(l, f, k, scaled) {
        return;
    }
    if age(l, f, k) || temperature(l, f, k) {
        return;
    }
    dimension(l, f, k);
}

/// Money after the amount: "10 $", "10 €", "5 dollars", "125 million
/// australian dollars", "115.5USD", "75 USD million", "120 MEUR",
/// "one-yen", and cents after dollars: "3 dollars 50 cents", "15 USD 50".
fn money_after(l: &Lexed<'_>, f: &mut Fig, k: usize, scaled: bool) -> bool {
    let (unit, mut end, mult) = if let Some(c) = currency::sign_at(l, k) {
        // "1 $10": the sign belongs to the next amount.
        if l.glued(k + 1) && l.num(k + 1).is_some() {
            return false;
        }
        (c, k + 1, 1.0)
    } else if l.raw(k) == "¢" {
        ("Cent", k + 1, 1.0)
    } else if let Some(c) = currency::million_code_at(l, k).filter(|_| !l.glued(k)) {
        (c, k + 1, 1e6)
    } else if let Some(c) = currency::code_at(l, k) {
        if l.glued(k + 1) && (l.is_word(k + 1) || l.num(k + 1).is_some()) {
            return false;
        }
        // "75 USD million".
        match words::word(l.w(k + 1)).filter(|_| l.same_line(k + 1) && !l.glued(k + 1)) {
            Some(Word::Scale(s)) => (c, k + 2, s),
            _ => (c, k + 1, 1.0),
        }
    } else {
        // Names, also hyphen-joined: "one-yen".
        let at = if l.glued(k) && l.is_hyphen(k) && l.glued(k + 1) { k + 1 } else { k };
        if l.glued(at) && at == k {
            return false;
        }
        match currency::name_at(l, at) {
            Some((u, e)) => (u, e, 1.0),
            None => {
                let w = l.w(at);
                if (w == "pound" || w == "pounds") && scaled {
                    ("GBP", at + 1, 1.0)
                } else {
                    return false;
                }
            }
        }
    };
    f.kind = NumberKind::Currency;
    f.unit = Unit::One(unit);
    f.value = f.value.map(|v| v * mult);
    // Cents after the main unit: "3 dollars 50 cents", "13 dollars and 45 cents", "15 dollars 50".
    if !currency::is_subunit(unit) && mult == 1.0 && l.same_line(end) && !l.glued(end) {
        let mut j = end;
        if l.is(j, "and") {
            j += 1;
        }
        if let Some(c) = words::cardinal(l, j, false).filter(|c| !l.glued(c.start) && l.same_line(c.start)) {
            let small = c.value >= 1.0 && c.value < 100.0 && c.value.fract() == 0.0;
            let after = c.end;
            let sub = currency::name_at(l, after).filter(|(u, _)| currency::is_subunit(u));
            let next_is_money = currency::name_at(l, after).is_some()
                || currency::code_at(l, after).is_some()
                || currency::sign_at(l, after).is_some()
                || l.sym(after, &["%"])
                || l.glued(after) && (l.is_word(after) || l.num(after).is_some())
                || units::unit_at(l, after).is_some();
            if small {
                if let Some((_, e)) = sub {
                    f.value = f.value.map(|v| v + c.value / 100.0);
                    end = e;
                } else if !next_is_money {
                    // "15 dollars 50", "15 dollars and 50."
                    f.value = f.value.map(|v| v + c.value / 100.0);
                    end = after;
                }
            }
        }
    }
    f.end = end;
    true
}

/// "29 years old", "29-year-old", "3 years of age", "ten months old", "87 yo".
fn age(l: &Lexed<'_>, f: &mut Fig, k: usize) -> bool {
    let hyph = l.glued(k) && l.is_hyphen(k);
    let u = if hyph { k + 1 } else { k };
    if !l.is_word(u) || !l.same_line(u) || l.glued(u) != hyph {
        return false;
    }
    let unit = match l.w(u) {
        "year" | "years" | "yr" | "yrs" => "Year",
        "month" | "months" => "Month",
        "week" | "weeks" => "Week",
        "day" | "days" => "Day",
        "yo" if !hyph => {
            f.kind = NumberKind::Age;
            f.unit = Unit::One("Year");
            f.end = u + 1;
            return true;
        }
        "y" if !hyph && l.sym(u + 1, &["."]) && l.is(u + 2, "o") => {
            f.kind = NumberKind::Age;
            f.unit = Unit::One("Year");
            f.end = if l.sym(u + 3, &["."]) && l.glued(u + 3) { u + 4 } else { u + 3 };
            return true;
        }
        _ => return false,
    };
    let end = if hyph && l.is_hyphen(u + 1) && l.glued(u + 1) && l.glued(u + 2) && l.w(u + 2) == "old" {
        u + 3
    } else if !hyph && l.is(u + 1, "old") && !l.glued(u + 1) {
        u + 2
    } else if !hyph && l.is(u + 1, "of") && l.is(u + 2, "age") {
        u + 3
    } else {
        return false;
    };
    f.kind = NumberKind::Age;
    f.unit = Unit::One(unit);
    f.end = end;
    true
}

/// "40 deg celsius", "-5°F", "100 degrees f", "20.3 celsius", "98 degrees".
fn temperature(l: &Lexed<'_>, f: &mut Fig, k: usize) -> bool {
    let w = l.w(k);
    let scale_at = |j: usize, letters: bool| -> Option<&'static str> {
        if !l.same_line(j) || !l.is_word(j) {
            return None;
        }
        if let Some(t) = temperature_name(l.w(j)) {
            return Some(t);
        }
        let raw = l.raw(j);
        let letter_ok = letters && !(l.glued(j + 1) && (l.is_word(j + 1) || l.num(j + 1).is_some()));
        match raw {
            "C" | "c" if letter_ok => Some("Celsius"),
            "F" | "f" if letter_ok => Some("Fahrenheit"),
            "K" if letter_ok => Some("Kelvin"),
            _ => None,
        }
    };
    // "℃", and "ºC" where the masculine ordinal sign stands for a degree.
    let one_sign = match l.raw(k) {
        "℃" | "ºC" | "ºc" => Some("Celsius"),
        "℉" | "ºF" | "ºf" => Some("Fahrenheit"),
        _ => None,
    };
    if let Some(t) = one_sign {
        f.kind = NumberKind::Temperature;
        f.unit = Unit::One(t);
        f.end = k + 1;
        return true;
    }
    if l.raw(k) == "°" || l.raw(k) == "º" {
        let glued_scale = l.glued(k + 1) || l.same_line(k + 1);
        if let Some(t) = scale_at(k + 1, true).filter(|_| glued_scale) {
            f.kind = NumberKind::Temperature;
            f.unit = Unit::One(t);
            f.end = k + 2;
        } else {
            f.kind = NumberKind::Dimension;
            f.unit = Unit::One("Degree");
            f.end = k + 1;
        }
        return true;
    }
    if !l.is_word(k) || l.glued(k) && temperature_name(w).is_none() {
        return false;
    }
    if let Some(t) = temperature_name(w) {
        f.kind = NumberKind::Temperature;
        f.unit = Unit::One(t);
        f.end = k + 1;
        return true;
    }
    if matches!(w, "degrees" | "degree" | "deg" | "degs") {
        f.kind = NumberKind::Temperature;
        f.end = k + 1;
        f.unit = Unit::One("Degree");
        if let Some(t) = scale_at(k + 1, true).filter(|_| !l.glued(k + 1) || w == "deg") {
            f.unit = Unit::One(t);
            f.end = k + 2;
        } else if angle_context(l, f.start) {
            f.kind = NumberKind::Dimension;
        }
        return true;
    }
    false
}

/// Words before a number of degrees that make it an angle.
fn angle_context(l: &Lexed<'_>, start: usize) -> bool {
    (start.saturating_sub(3)..start).any(|j| {
        matches!(l.w(j), "turn" | "turned" | "turns" | "rotate" | "rotated" | "angle" | "tilt" | "tilted" | "left" | "right" | "latitude" | "longitude")
    })
}

/// A unit of measure after the number: "500 metres", "7.62mm", "3-inch",
/// "20 [kg]", "188 miles an hour", "50 km/ms", "5 feet 2 inches".
fn dimension(l: &Lexed<'_>, f: &mut Fig, k: usize) {
    // Where the unit starts and which closing bracket it needs.
    let (at, close) = if l.glued(k) && l.is_hyphen(k) && l.glued(k + 1) && l.is_word(k + 1) {
        (k + 1, None)
    } else if l.sym(k, &["[", "{", "<"]) && l.glued(k + 1) {
        let close = match l.raw(k) {
            "[" => "]",
            "{" => "}",
            _ => ">",
        };
        (k + 1, Some(close))
    } else if l.sym(k, &["\"", "\u{2033}"]) && l.same_line(k) {
        // 10" long: an inch mark before a lowercase word or the end.
        let next_ok = !l.same_line(k + 1) || l.is_word(k + 1) && !l.glued(k + 1) && !l.capitalized(k + 1);
        let ok = if l.raw(k) == "\"" { next_ok && !l.glued(k) } else { true };
        if ok {
            f.kind = NumberKind::Dimension;
            f.unit = Unit::One("Inch");
            f.end = k + 1;
        }
        return;
    } else {
        (k, None)
    };
    let Some((name, mut end)) = units::unit_at(l, at) else { return };
    if let Some(c) = close {
        if !(l.glued(end) && l.raw(end) == c) {
            return;
        }
    }
    let raw = l.raw(at);
    // "11m people": a glued "m" before a plural noun is a million.
    if raw == "m" && l.glued(at) && close.is_none() && l.same_line(end) && l.is_word(end) && !l.glued(end) {
        let next = l.w(end);
        let noun = (next.len() >= 4 && next.ends_with('s') || PLURALS_WITHOUT_S.contains(&next))
            && units::unit_at(l, end).is_none()
            && !matches!(next, "hurdles" | "towers" | "waves" | "seas" | "floods" | "heights" | "depths");
        if noun {
            f.value = f.value.map(|v| v * 1e6);
            f.end = at + 1;
            return;
        }
    }
    if close.is_some() {
        end += 1;
    }
    f.kind = NumberKind::Dimension;
    f.unit = Unit::One(name);
    // Rates: "km/h", "meters per millisecond", "miles an hour".
    if close.is_none() && l.same_line(end) {
        let slash = l.sym(end, &["/"]) && l.glued(end) && l.glued(end + 1);
        let per = if slash || l.is(end, "per") && !l.glued(end) {
            units::time_unit_at(l, end + 1)
        } else if (l.is(end, "an") || l.is(end, "a")) && l.is(end + 1, "hour") && name.ends_with("meter") | name.ends_with("Mile") {
            Some(("hour", end + 2))
        } else {
            None
        };
        if let Some((t, e)) = per {
            if !(l.glued(e) && (l.is_word(e) || l.num(e).is_some())) {
                f.unit = Unit::Per(name, t);
                end = e;
            }
        }
    }
    // "5 feet 2 inches", "6 lb 4 oz".
    let second = match name {
        "Foot" => Some(("Inch", 12.0)),
        "Pound" => Some(("Ounce", 16.0)),
        _ => None,
    };
    if let (Some((sub, per)), Unit::One(_)) = (second, f.unit) {
        if let Some(n) = l.num(end).filter(|n| n.integer && !l.glued(end) && l.same_line(end)) {
            if let Some((u2, e2)) = units::unit_at(l, end + 1) {
                if u2 == sub {
                    f.value = f.value.zip(n.value).map(|(a, b)| a + b / per);
                    end = e2;
                }
            }
        }
    }
    f.end = end;
}

/// A four-digit number alone is a year ("in 1996", "1988 sales").
fn year(l: &Lexed<'_>, q: &Fig) -> Option<Fig> {
    if !q.lone_numeral || q.kind != NumberKind::Cardinal {
        return None;
    }
    let n = l.num(q.start)?;
    let v = q.value?;
    if n.plain_digits != 4 || n.leading_zero || !(1000.0..=2999.0).contains(&v) {
        return None;
    }
    let cue = q.start > 0 && l.same_line(q.start) && YEAR_CUES.contains(&l.w(q.start - 1));
    if !((1900.0..=2099.0).contains(&v) || cue && v <= 2099.0) {
        return None;
    }
    let mut f = Fig::new(q.start, q.end, NumberKind::Date, Some(v));
    f.iso = Some(format!("{:04}", v as u32));
    Some(f)
}

/// "20-30", "1000 – 5000", "20~100", "2010-15" after the bare number `q`.
fn dash_interval(l: &Lexed<'_>, q: &Fig) -> Option<Fig> {
    let j = q.end;
    if !l.same_line(j) || !l.same_line(j + 1) {
        return None;
    }
    // "20 to 30 people": two bare numbers joined by "to".
    if l.is(j, "to") && !l.glued(j) && q.bare() {
        let q2 = quantity(l, j + 1).filter(|q2| q2.bare() && q2.start == j + 1)?;
        let (a, b) = (shared_scale(l, q, &q2)?, q2.value?);
        if b <= a || l.glued(q2.end) && !l.is_word(q2.end) && l.sym(q2.end, &["-", "/", ":"]) {
            return None;
        }
        let mut f = Fig::new(q.start, q2.end, NumberKind::Range, None);
        f.range = Some(NumberRange { min: Some(a), max: Some(b), min_inclusive: true, max_inclusive: true });
        return Some(f);
    }
    if !l.sym(j, &["-", "\u{2013}", "\u{2014}", "~", "\u{2010}", "\u{2011}"]) {
        return None;
    }
    // Both sides spaced alike: "1000 - 5000" or "1000-5000".
    if l.glued(j) != l.glued(j + 1) || l.num(j + 1).is_none() {
        return None;
    }
    // "30%-40%": both percents; otherwise the first number is bare.
    if q.kind == NumberKind::Percent && !l.sym(j + 2, &["%"]) {
        return None;
    }
    if q.kind != NumberKind::Percent {
        l.num(q.end - 1)?;
    }
    let q2 = quantity(l, j + 1)?;
    if !matches!(q2.kind, NumberKind::Cardinal | NumberKind::Fraction | NumberKind::Percent | NumberKind::Dimension | NumberKind::Currency | NumberKind::Age | NumberKind::Temperature) {
        return None;
    }
    // "1-222-2222", "1-2-3": identifiers and phone numbers, not ranges.
    if l.glued(q2.end) && (l.sym(q2.end, &["-", "/", "."]) || l.is_word(q2.end) || l.num(q2.end).is_some()) {
        return None;
    }
    let (a, mut b) = (shared_scale(l, q, &q2)?, q2.value?);
    // "2010-15": a year range written short.
    if q.lone_numeral && (1000.0..=2999.0).contains(&a) && b < 100.0 && l.num(j + 1).is_some_and(|n| n.plain_digits == 2) {
        b += a - a % 100.0;
    }
    if b <= a {
        return None;
    }
    let mut f = Fig::new(q.start, q2.end, NumberKind::Range, None);
    f.unit = q2.unit;
    if q2.kind == NumberKind::Percent {
        f.unit = Unit::One("percent");
    }
    f.range = Some(NumberRange { min: Some(a), max: Some(b), min_inclusive: true, max_inclusive: true });
    Some(f)
}

/// The value of an interval's first end `q1`, which takes the scale word
/// of the second when it has none of its own and is smaller than the
/// second before its scale: "between 3 and 5 million" is 3,000,000 to
/// 5,000,000, "$3-5 billion" starts at $3 billion; "between 300 and 5
/// million" keeps 300.
fn shared_scale(l: &Lexed<'_>, q1: &Fig, q2: &Fig) -> Option<f64> {
    let a = q1.value?;
    // The first scale word of the second end ("5 billion dollars").
    let scale = (q2.start..q2.end).find_map(|j| match words::word(l.w(j)) {
        Some(Word::Scale(s)) if l.is_word(j) => Some(s),
        _ => None,
    });
    let Some(scale) = scale else { return Some(a) };
    // The first end is one numeral or number word, with no scale of its own.
    let last1 = l.w(q1.end - 1);
    let bare_first = l.num(q1.end - 1).is_some() || matches!(words::word(last1), Some(Word::Unit(_) | Word::Teen(_) | Word::Tens(_)));
    let b_unscaled = q2.value? / scale;
    let same_unit = q1.unit == Unit::None || q1.unit == q2.unit;
    Some(if bare_first && same_unit && a < b_unscaled { a * scale } else { a })
}

/// "between 20 and 30", "from 5 to 10 percent".
fn interval(l: &Lexed<'_>, i: usize, opener: &str) -> Option<Fig> {
    let q1 = quantity(l, i + 1)?;
    if !q1.bare() && !matches!(q1.kind, NumberKind::Currency | NumberKind::Dimension | NumberKind::Percent) {
        return None;
    }
    let j = ranges::joiner_at(l, q1.end, opener)?;
    if !l.same_line(j) {
        return None;
    }
    let q2 = quantity(l, j)?;
    if !matches!(q2.kind, NumberKind::Cardinal | NumberKind::Fraction | NumberKind::Currency | NumberKind::Dimension | NumberKind::Percent | NumberKind::Age | NumberKind::Temperature) {
        return None;
    }
    if q1.unit != Unit::None && q1.unit != q2.unit {
        return None;
    }
    let (a, b) = (shared_scale(l, &q1, &q2)?, q2.value?);
    if b < a {
        return None;
    }
    let mut f = Fig::new(i, q2.end, NumberKind::Range, None);
    f.unit = q2.unit;
    if q2.kind == NumberKind::Percent {
        f.unit = Unit::One("percent");
    }
    f.range = Some(NumberRange { min: Some(a), max: Some(b), min_inclusive: true, max_inclusive: true });
    Some(f)
}

fn range_of(b: Bound, v: Option<f64>) -> NumberRange {
    match b {
        Bound::Lower { inclusive } => NumberRange { min: v, max: None, min_inclusive: inclusive, max_inclusive: false },
        Bound::Upper { inclusive } => NumberRange { min: None, max: v, min_inclusive: false, max_inclusive: inclusive },
        Bound::Exact => NumberRange { min: v, max: v, min_inclusive: true, max_inclusive: true },
    }
}

fn inclusive(b: Bound) -> Bound {
    match b {
        Bound::Lower { .. } => Bound::Lower { inclusive: true },
        Bound::Upper { .. } => Bound::Upper { inclusive: true },
        Bound::Exact => Bound::Exact,
    }
}

/// A bound, the number it applies to, and the index after the phrase.
type OneBound = (Bound, Option<f64>, usize);

/// One bound and its number: (bound, value, end), or the unit figure when
/// the number has a unit.
fn one_bound(l: &Lexed<'_>, i: usize) -> Option<Result<OneBound, Fig>> {
    let (b, k) = ranges::prefix_at(l, i)?;
    if !l.same_line(k) {
        return None;
    }
    let q = quantity(l, k)?;
    if !q.bare() {
        return Some(Err(q));
    }
    // "over 3 years": a span of time, not a bound.
    if matches!(l.w(i), "over" | "under" | "above" | "below") && l.same_line(q.end) && TIME_WORDS.contains(&l.w(q.end)) {
        return Some(Err(q));
    }
    let mut b = b;
    let mut end = q.end;
    if let Some(e) = ranges::or_equal_at(l, end) {
        b = inclusive(b);
        end = e;
    }
    Some(Ok((b, q.value, end)))
}

/// "more than 20", "at most 100 and at least 20", "> = 30".
fn bound_before(l: &Lexed<'_>, i: usize) -> Option<Fig> {
    let (b, v, end) = match one_bound(l, i)? {
        Ok(x) => x,
        Err(q) => return Some(q),
    };
    let mut f = Fig::new(i, end, NumberKind::Range, None);
    f.range = Some(range_of(b, v));
    // A second bound joined by "and": "more than 10 and less than 40".
    if l.is(end, "and") {
        if let Some(Ok((b2, v2, end2))) = one_bound(l, end + 1) {
            let (lo, hi) = match (b, b2) {
                (Bound::Lower { .. }, Bound::Upper { .. }) => ((b, v), (b2, v2)),
                (Bound::Upper { .. }, Bound::Lower { .. }) => ((b2, v2), (b, v)),
                _ => return Some(f),
            };
            if let (Some(a), Some(z)) = (lo.1, hi.1) {
                if a < z {
                    let incl = |b: Bound| matches!(b, Bound::Lower { inclusive: true } | Bound::Upper { inclusive: true });
                    f.end = end2;
                    f.range = Some(NumberRange { min: Some(a), max: Some(z), min_inclusive: incl(lo.0), max_inclusive: incl(hi.0) });
                }
            }
        }
    }
    Some(f)
}

/// "five hundred or more", "200 or greater" after the bare number `q`.
fn bound_after(l: &Lexed<'_>, q: Fig) -> Option<Fig> {
    let (b, end) = ranges::suffix_at(l, q.end)?;
    let mut f = Fig::new(q.start, end, NumberKind::Range, None);
    f.range = Some(range_of(b, q.value));
    Some(f)
}

/// Phone numbers: "+1-222-2222/2222", "(555) 123-4567", "555-123-4567". One
/// span, a cardinal without a value.
fn phone(l: &Lexed<'_>, i: usize) -> Option<Fig> {
    let mut j = i;
    let plus = l.raw(i) == "+";
    let mut spaced = plus;
    if plus {
        if !l.glued(i + 1) || l.num(i + 1).is_none() || i > 0 && l.glued(i) && l.num(i - 1).is_some() {
            return None;
        }
        j += 1;
    }
    let mut digits = 0u32;
    let mut groups = 0u32;
    let mut last = j;
    loop {
        let mut k = j;
        let paren = l.raw(k) == "(" && l.glued(k + 1) && l.raw(k + 2) == ")" && l.glued(k + 2);
        // After "+" or an area code in brackets, groups may be spaced:
        // "(02) 9876 5432".
        spaced |= paren;
        if paren {
            k += 1;
        }
        let Some(n) = l.num(k).filter(|n| n.plain_digits > 0 || n.leading_zero) else { break };
        let nd = if n.plain_digits > 0 { n.plain_digits } else { (l.end(k) - l.start(k)) as u32 };
        digits += nd;
        groups += 1;
        k += 1;
        if paren {
            k += 1;
        }
        last = k;
        // Separator: a glued "-", "/", "." or (after "+" or a bracket) a space.
        if l.same_line(k) && l.sym(k, &["-", "/", "."]) && l.glued(k) && l.glued(k + 1) && l.num(k + 1).is_some() {
            j = k + 1;
        } else if spaced && l.same_line(k) && !l.glued(k) && (l.num(k).is_some() || l.raw(k) == "(") && groups < 6 {
            j = k;
        } else {
            break;
        }
    }
    let ok = digits >= 7 && (groups >= 3 || plus && groups >= 2);
    if !ok || l.glued(last) && (l.is_word(last) || l.num(last).is_some()) {
        return None;
    }
    Some(Fig::new(i, last, NumberKind::Cardinal, None))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Vec<(String, &'static str, Option<f64>, Option<String>)> {
        figures(text).into_iter().map(|n| (text[n.span].to_string(), n.kind.as_str(), n.value, n.unit)).collect()
    }

    #[test]
    fn simple() {
        assert_eq!(one("about 11 million people"), [("11 million".into(), "cardinal", Some(11e6), None)]);
        assert_eq!(one("$48.2 million")[0].2, Some(48.2e6));
    }
}
