//! Numbers in words and mixed with digits: "three hundred and twenty-one",
//! "1.9 million", "4 thousand 3 hundred and 21", "a dozen", "half a million",
//! "two thirds", "five and a half million", "twenty-first", "nine point
//! nought four".
//!
//! [`cardinal`] is a left-to-right state machine over number atoms that stops
//! at the first atom that cannot continue the number; [`number`] adds what can
//! follow a cardinal (ordinal endings, fraction denominators, "and a half",
//! "over"/"out of", digit fractions). Lookahead past the point where a number
//! stops is bounded, so the stage stays linear even on "one hundred and one
//! hundred and …" or a million repeated scale words.

use super::lex::{LexKind, Lexed};
use crate::span::NumberKind;

/// A number word.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Word {
    /// zero, nought, naught.
    Zero,
    /// one … nine.
    Unit(u8),
    /// ten … nineteen.
    Teen(u8),
    /// twenty … ninety.
    Tens(u8),
    /// hundred.
    Hundred,
    /// thousand, million, …, lakh, crore.
    Scale(f64),
    /// dozen: twelve, but only after a count.
    Dozen,
}

/// The number word `w` (lowercase), if it is one.
pub(crate) fn word(w: &str) -> Option<Word> {
    use Word::*;
    Some(match w {
        "zero" | "nought" | "naught" => Zero,
        "one" => Unit(1),
        "two" => Unit(2),
        "three" => Unit(3),
        "four" => Unit(4),
        "five" => Unit(5),
        "six" => Unit(6),
        "seven" => Unit(7),
        "eight" => Unit(8),
        "nine" => Unit(9),
        "ten" => Teen(10),
        "eleven" => Teen(11),
        "twelve" => Teen(12),
        "thirteen" => Teen(13),
        "fourteen" => Teen(14),
        "fifteen" => Teen(15),
        "sixteen" => Teen(16),
        "seventeen" => Teen(17),
        "eighteen" => Teen(18),
        "nineteen" => Teen(19),
        "twenty" => Tens(20),
        "thirty" => Tens(30),
        "forty" | "fourty" => Tens(40),
        "fifty" => Tens(50),
        "sixty" => Tens(60),
        "seventy" => Tens(70),
        "eighty" => Tens(80),
        "ninety" => Tens(90),
        // Plural scales only continue a number: "five hundreds", "4 thousands".
        "hundred" | "hundreds" => Hundred,
        "thousand" | "thousands" => Scale(1e3),
        "lakh" | "lakhs" | "lac" => Scale(1e5),
        "million" | "millions" => Scale(1e6),
        "crore" | "crores" => Scale(1e7),
        "billion" | "billions" => Scale(1e9),
        "trillion" | "trillions" => Scale(1e12),
        "quadrillion" => Scale(1e15),
        "dozen" | "dozens" | "doz" | "dozs" => Dozen,
        _ => return None,
    })
}

/// Scale abbreviations written after digits: "5bn", "2.33 k", "1.2b",
/// "2mil". "m" is left to the caller (metre or million).
pub(crate) fn scale_abbrev(raw: &str) -> Option<f64> {
    Some(match raw {
        "k" | "K" | "thou" => 1e3,
        "mil" | "mn" | "mln" | "mio" | "MM" | "Mn" => 1e6,
        "b" | "B" | "bn" | "Bn" | "bln" | "BN" => 1e9,
        "tn" | "trn" | "Tn" => 1e12,
        "cr" => 1e7,
        _ => return None,
    })
}

/// An ordinal word: its value and whether it is plural ("fifths").
pub(crate) fn ordinal(w: &str) -> Option<(f64, bool)> {
    let (stem, plural) = match w.strip_suffix('s') {
        Some(s) if w != "tens" => (s, true),
        _ => (w, false),
    };
    let v = match stem {
        "first" => 1.0,
        "second" => 2.0,
        "third" => 3.0,
        "fourth" | "quarter" => 4.0,
        "fifth" => 5.0,
        "sixth" => 6.0,
        "seventh" => 7.0,
        "eighth" => 8.0,
        "ninth" => 9.0,
        "tenth" => 10.0,
        "eleventh" => 11.0,
        "twelfth" => 12.0,
        "thirteenth" => 13.0,
        "fourteenth" => 14.0,
        "fifteenth" => 15.0,
        "sixteenth" => 16.0,
        "seventeenth" => 17.0,
        "eighteenth" => 18.0,
        "nineteenth" => 19.0,
        "twentieth" => 20.0,
        "thirtieth" => 30.0,
        "fortieth" => 40.0,
        "fiftieth" => 50.0,
        "sixtieth" => 60.0,
        "seventieth" => 70.0,
        "eightieth" => 80.0,
        "ninetieth" => 90.0,
        "hundredth" => 100.0,
        "thousandth" => 1e3,
        "millionth" => 1e6,
        "billionth" => 1e9,
        "trillionth" => 1e12,
        _ => return None,
    };
    Some((v, plural))
}

/// The suffix of a digit ordinal matches its number: "21st", "12th", "3rd".
pub(crate) fn ordinal_suffix_ok(v: f64, suffix: &str) -> bool {
    if v < 0.0 || v.fract() != 0.0 {
        return false;
    }
    let n = v as u64;
    let want = if (11..=13).contains(&(n % 100)) {
        "th"
    } else {
        match n % 10 {
            1 => "st",
            2 => "nd",
            3 => "rd",
            _ => "th",
        }
    };
    suffix == want || (suffix == "d" && matches!(n % 10, 2 | 3) && !(11..=13).contains(&(n % 100)))
}

/// What the last atom of a cardinal was.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Last {
    Zero,
    Unit,
    Teen,
    Tens,
    Hundred,
    Scale(f64),
    Dozen,
    Digits,
    Point,
}

/// A cardinal number phrase: lexemes `start..end`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Card {
    pub start: usize,
    pub end: usize,
    pub value: f64,
    pub last: Last,
    /// The largest scale word used (1 when none).
    pub max_scale: f64,
    /// Made of a single numeral lexeme.
    pub digits_only: bool,
    /// Uses at least one number word.
    pub words: bool,
    /// The value before the last "and", the scale that ended it, and the
    /// index where "and" was: for "one hundred and three quarters".
    pub before_and: Option<(f64, Option<f64>, usize)>,
    /// Index of the last atom.
    pub last_atom: usize,
    /// Whether the last atom was joined to the one before by a hyphen.
    pub last_hyphen: bool,
}

/// The next atom after the one ending before `j`: a word or numeral joined by
/// spaces or a hyphen ("sixty-one", "ninety - five"). Returns its index and
/// whether a hyphen joined it.
pub(crate) fn next_atom(l: &Lexed<'_>, j: usize) -> Option<(usize, bool)> {
    if !l.same_line(j) {
        return None;
    }
    if l.is_hyphen(j) {
        let k = j + 1;
        // "five - eighths" or "sixty-one"; not "30 - year" (checked by caller).
        if l.same_line(k) && (l.is_word(k)) && (l.glued(j) == l.glued(k)) {
            return Some((k, true));
        }
        return None;
    }
    if l.glued(j) {
        return None;
    }
    match l.lx[j].kind {
        LexKind::Word | LexKind::Num(_) => Some((j, false)),
        _ => None,
    }
}

#[derive(Clone, Copy)]
struct St {
    total: f64,
    cur: f64,
    last: Last,
    max_scale: f64,
    /// Atoms in the current below-a-thousand group.
    group_atoms: u32,
    end: usize,
    last_atom: usize,
    last_hyphen: bool,
    words: bool,
}

impl St {
    fn value(&self) -> f64 {
        self.total + self.cur
    }
}

/// Parses a cardinal starting at lexeme `i`. `money`: "m" after the digits
/// means million (after a currency sign).
pub(crate) fn cardinal(l: &Lexed<'_>, i: usize, money: bool) -> Option<Card> {
    let mut st = St {
        total: 0.0,
        cur: 0.0,
        last: Last::Zero,
        max_scale: 1.0,
        group_atoms: 0,
        end: i,
        last_atom: i,
        last_hyphen: false,
        words: false,
    };
    let mut started = false;
    let mut j = i;
    let mut hyphen = false;
    // State before a pending "and", and whether it must be undone when the
    // number stops right after it.
    let mut and_snap: Option<St> = None;
    let mut and_at = 0usize;
    let mut before_and: Option<(f64, Option<f64>, usize)> = None;
    let mut atoms_after_and = 0u32;
    loop {
        let w = l.w(j);
        let mut ok = false;
        if let Some(n) = l.num(j) {
            // A numeral too large for an f64 is still a number, worth null.
            let v = n.value.unwrap_or(f64::INFINITY);
            if !started {
                st.cur = v;
                st.last = Last::Digits;
                st.group_atoms = 1;
                ok = true;
            } else if !hyphen
                && n.integer
                && v >= 1.0
                && match st.last {
                    Last::Scale(s) => v < 1000.0 && v < s,
                    Last::Hundred => v < 100.0,
                    _ => false,
                }
            {
                st.cur += v;
                st.last = Last::Digits;
                st.group_atoms += 1;
                ok = true;
            }
            if ok {
                // Glued or spaced scale abbreviations: "5bn", "2.33 k", "11m".
                let k = j + 1;
                if l.same_line(k) && l.is_word(k) && !started {
                    let raw = l.raw(k);
                    let sc = scale_abbrev(raw)
                        .filter(|_| l.glued(k) || !matches!(raw, "b" | "B" | "thou"))
                        .or(match raw {
                            "m" if money && l.glued(k) => Some(1e6),
                            "M" => Some(1e6),
                            "G" if !l.glued(k) => Some(1e9),
                            _ => None,
                        });
                    let after_ok = !l.same_line(k + 1) || !l.glued(k + 1) || l.num(k + 1).is_none();
                    if let (Some(s), true) = (sc, after_ok) {
                        // "120 MEUR" style prefixes are the currency module's.
                        st.cur *= s;
                        st.total += st.cur;
                        st.cur = 0.0;
                        st.max_scale = s;
                        st.last = Last::Scale(s);
                        st.end = k + 1;
                        st.last_atom = k;
                        return Some(finish(st, i, None));
                    }
                }
            }
        } else if l.is_word(j) {
            if w == "and" && started {
                if matches!(st.last, Last::Hundred | Last::Scale(_)) && and_snap.is_none() {
                    if let Some((k, false)) = next_atom(l, j + 1) {
                        and_snap = Some(st);
                        and_at = j;
                        atoms_after_and = 0;
                        j = k;
                        hyphen = false;
                        continue;
                    }
                }
                break;
            }
            if w == "point" && started && st.words && matches!(st.last, Last::Zero | Last::Unit | Last::Teen | Last::Tens | Last::Hundred) {
                if let Some((frac, end)) = point_digits(l, j + 1) {
                    st.cur += frac;
                    st.last = Last::Point;
                    st.end = end;
                    st.last_atom = end - 1;
                    st.last_hyphen = false;
                    // A scale may follow: "one point five million".
                    if let Some((k, false)) = next_atom(l, end) {
                        if let Some(Word::Scale(s)) = word(l.w(k)) {
                            st.total = (st.total + st.cur) * s;
                            st.cur = 0.0;
                            st.max_scale = st.max_scale.max(s);
                            st.last = Last::Scale(s);
                            st.end = k + 1;
                            st.last_atom = k;
                        }
                    }
                    return Some(finish(st, i, before_and));
                }
                break;
            }
            let a_word = !started && (w == "a" || w == "an");
            let nw = if a_word { None } else { word(w) };
            if a_word {
                // "a hundred", "a million", "a dozen": the article counts one.
                match next_atom(l, j + 1).map(|(k, h)| (word(l.w(k)), h)) {
                    Some((Some(Word::Hundred | Word::Scale(_) | Word::Dozen), false)) => {
                        st.cur = 1.0;
                        st.last = Last::Unit;
                        st.group_atoms = 1;
                        ok = true;
                    }
                    _ => return None,
                }
            } else if let Some(nw) = nw {
                ok = apply(&mut st, nw, started, hyphen);
            }
        }
        if !ok {
            break;
        }
        if and_snap.is_some() {
            atoms_after_and += 1;
        }
        started = true;
        st.words |= l.is_word(j);
        st.end = j + 1;
        st.last_atom = j;
        st.last_hyphen = hyphen;
        if st.last == Last::Dozen {
            break;
        }
        match next_atom(l, j + 1) {
            Some((k, h)) => {
                j = k;
                hyphen = h;
            }
            None => break,
        }
        // A committed "and" group: remember the split for fractions.
        if let Some(snap) = and_snap {
            if atoms_after_and > 0 {
                let sc = match snap.last {
                    Last::Scale(s) => Some(s),
                    _ => None,
                };
                before_and = Some((snap.value(), sc, and_at));
            }
        }
    }
    if !started {
        return None;
    }
    // An "and" followed by nothing usable, or by a group that the next word
    // shows belongs to a new number ("3 hundred and 2 hundred"): undo it.
    if let Some(snap) = and_snap {
        let stopped_at = l.w(j);
        let stop_word = word(stopped_at);
        let new_number = matches!(stop_word, Some(Word::Hundred | Word::Scale(_)))
            && st.end == j
            && !matches!(st.last, Last::Scale(_) | Last::Hundred);
        let zero_after = atoms_after_and == 0;
        if zero_after || new_number {
            st = snap;
            before_and = None;
        } else if before_and.is_none() {
            let sc = match snap.last {
                Last::Scale(s) => Some(s),
                _ => None,
            };
            before_and = Some((snap.value(), sc, and_at));
        }
    }
    Some(finish(st, i, before_and))
}

fn finish(st: St, start: usize, before_and: Option<(f64, Option<f64>, usize)>) -> Card {
    Card {
        start,
        end: st.end,
        value: st.value(),
        last: st.last,
        max_scale: st.max_scale,
        digits_only: !st.words && st.end == start + 1,
        words: st.words,
        before_and,
        last_atom: st.last_atom,
        last_hyphen: st.last_hyphen,
    }
}

/// Applies number word `nw` to the state; false when it cannot continue.
fn apply(st: &mut St, nw: Word, started: bool, hyphen: bool) -> bool {
    use Word::*;
    match nw {
        Zero => {
            if started {
                return false;
            }
            st.last = Last::Zero;
            st.group_atoms = 1;
        }
        Unit(u) => {
            let after_tens = st.last == Last::Tens && st.group_atoms > 0;
            if started && !matches!(st.last, Last::Hundred | Last::Scale(_)) && !after_tens {
                return false;
            }
            st.cur += f64::from(u);
            st.last = Last::Unit;
            st.group_atoms += 1;
        }
        Teen(t) | Tens(t) => {
            if hyphen || started && !matches!(st.last, Last::Hundred | Last::Scale(_)) {
                return false;
            }
            st.cur += f64::from(t);
            st.last = if matches!(nw, Teen(_)) { Last::Teen } else { Last::Tens };
            st.group_atoms += 1;
        }
        Hundred => {
            let ok = match st.last {
                _ if !started => true,
                Last::Unit | Last::Teen | Last::Tens => st.cur < 100.0,
                Last::Digits => st.group_atoms == 1,
                _ => false,
            };
            if !ok || hyphen && st.last == Last::Digits {
                return false;
            }
            st.cur = if started { st.cur * 100.0 } else { 100.0 };
            st.last = Last::Hundred;
            st.group_atoms += 1;
        }
        Scale(s) => {
            if !started {
                return false;
            }
            match st.last {
                Last::Scale(p) if st.cur == 0.0 => {
                    // "lakh crore", "thousand million": compound scales.
                    if s <= p {
                        return false;
                    }
                    st.total *= s;
                }
                Last::Unit | Last::Teen | Last::Tens | Last::Hundred | Last::Digits => {
                    if st.total == 0.0 || s > st.max_scale && st.cur == 0.0 {
                        st.total = (st.total + st.cur) * s;
                    } else if s < st.max_scale {
                        st.total += st.cur * s;
                    } else {
                        return false;
                    }
                }
                _ => return false,
            }
            st.cur = 0.0;
            st.max_scale = st.max_scale.max(s);
            st.last = Last::Scale(s);
            st.group_atoms = 0;
        }
        Dozen => {
            if !started || !matches!(st.last, Last::Unit | Last::Teen | Last::Tens | Last::Digits) {
                return false;
            }
            st.cur *= 12.0;
            st.last = Last::Dozen;
        }
    }
    true
}

/// The digits after "point": "nought four" → .04, "seventy-one" → .71,
/// "eleven" → .11. Returns the fraction and the index after it.
fn point_digits(l: &Lexed<'_>, j: usize) -> Option<(f64, usize)> {
    let (mut k, _) = next_atom(l, j)?;
    let mut digits = [0u8; 24];
    let mut n = 0;
    let mut end = None;
    loop {
        let w = word(l.w(k));
        let push: &[u8] = match w {
            Some(Word::Zero) => &[0],
            Some(Word::Unit(u)) => &[u],
            Some(Word::Teen(t)) | Some(Word::Tens(t)) => &[t / 10, t % 10],
            _ => break,
        };
        if n + push.len() > digits.len() {
            break;
        }
        let mut push = push.to_vec();
        // "seventy-one": the unit replaces the tens' zero.
        if let Some(Word::Tens(_)) = w {
            if let Some((k2, true)) = next_atom(l, k + 1) {
                if let Some(Word::Unit(u)) = word(l.w(k2)) {
                    push[1] = u;
                    k = k2;
                }
            }
        }
        digits[n..n + push.len()].copy_from_slice(&push);
        n += push.len();
        end = Some(k + 1);
        match next_atom(l, k + 1) {
            Some((k2, false)) => k = k2,
            _ => break,
        }
    }
    let end = end?;
    let mut f = 0.0;
    let mut scale = 0.1;
    for &d in &digits[..n] {
        f += f64::from(d) * scale;
        scale /= 10.0;
    }
    Some((f, end))
}

/// A number with what may follow a cardinal: lexemes `start..end`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Num {
    pub start: usize,
    pub end: usize,
    pub value: Option<f64>,
    pub kind: NumberKind,
    /// The cardinal it was built on, if any.
    pub card: Option<Card>,
}

fn fin(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}

/// The value of "half"/"quarter" after "a"/"one", as a fraction.
fn half_quarter(w: &str) -> Option<f64> {
    match w {
        "half" => Some(0.5),
        "quarter" => Some(0.25),
        _ => None,
    }
}

/// A scale word after `j` (space-joined), with its index.
fn scale_after(l: &Lexed<'_>, j: usize) -> Option<(f64, usize)> {
    let (k, h) = next_atom(l, j)?;
    match word(l.w(k)) {
        Some(Word::Scale(s)) if !h => Some((s, k)),
        _ => None,
    }
}

/// A fraction phrase at `j` after "and": "a half", "one half", "three
/// quarters", "a thirtieth", "fifty-four hundredths", optionally followed by
/// a scale ("a half million"). Returns (fraction, scale, end).
fn and_fraction(l: &Lexed<'_>, j: usize) -> Option<(f64, Option<f64>, usize)> {
    let (k, _) = next_atom(l, j)?;
    let w = l.w(k);
    let (f, end) = if w == "a" || w == "an" || w == "one" {
        let (k2, _) = next_atom(l, k + 1)?;
        let w2 = l.w(k2);
        if let Some(f) = half_quarter(w2) {
            (f, k2 + 1)
        } else if let Some((d, false)) = ordinal(w2) {
            if d < 3.0 {
                return None;
            }
            (1.0 / d, k2 + 1)
        } else {
            return None;
        }
    } else {
        let c = cardinal(l, k, false)?;
        let (k2, _) = next_atom(l, c.end)?;
        let (d, _) = ordinal(l.w(k2)).filter(|&(d, _)| d >= 3.0)?;
        if c.value >= d {
            return None;
        }
        (c.value / d, k2 + 1)
    };
    match scale_after(l, end) {
        Some((s, k)) => Some((f, Some(s), k + 1)),
        None => Some((f, None, end)),
    }
}

/// Parses a number at `i`: a cardinal and what completes it, or a fraction
/// or ordinal word. Signs are the caller's.
pub(crate) fn number(l: &Lexed<'_>, i: usize, money: bool) -> Option<Num> {
    let w = l.w(i);
    // A numeral opens none of the word forms below: straight to the cardinal.
    if l.num(i).is_none() {
        if let Some(n) = word_number(l, i, w) {
            return n;
        }
    }
    let c = cardinal(l, i, money)?;
    // A bare "hundred"/"thousand" only opens a number before another scale.
    if matches!(word(w), Some(Word::Hundred)) && c.end == i + 1 {
        return None;
    }
    let v = c.value;
    let j = c.end;
    let plain = Num { start: i, end: j, value: fin(v), kind: NumberKind::Cardinal, card: Some(c) };
    // Digit ordinals and fractions.
    if c.digits_only {
        let n = l.num(i)?;
        if l.glued(j) && l.is_word(j) && n.integer {
            let suf = l.w(j);
            if ordinal_suffix_ok(v, suf) {
                return Some(Num { end: j + 1, kind: NumberKind::Ordinal, ..plain });
            }
        }
        if n.integer {
            // "4/5", "7 3 / 4".
            if let Some((nv, dv, end)) = frac_at(l, i) {
                return Some(Num { end, value: fin(nv / dv), kind: NumberKind::Fraction, ..plain });
            }
            // A whole part before a fraction: "1 4/5".
            if l.same_line(j) && !l.glued(j) {
                if let Some((nv, dv, end)) = frac_at(l, j) {
                    if nv < dv {
                        return Some(Num { end, value: fin(v + nv / dv), kind: NumberKind::Fraction, ..plain });
                    }
                }
            }
            // "3½", "3 ½".
            if l.same_line(j) {
                if let Some(u) = vulgar(l.raw(j)) {
                    return Some(Num { end: j + 1, value: fin(v + u), kind: NumberKind::Fraction, ..plain });
                }
            }
        }
    }
    let Some((k, hyph)) = next_atom(l, j) else { return Some(plain) };
    let wk = l.w(k);
    // Ordinal endings and denominators.
    if let Some((d, plural)) = ordinal(wk) {
        let scale_ord = d >= 100.0 && d.log10().fract() == 0.0;
        if !plural {
            if scale_ord {
                return Some(Num { end: k + 1, value: fin(v * d), kind: NumberKind::Ordinal, ..plain });
            }
            let compound = match c.last {
                Last::Tens => d < 10.0 && v % 10.0 == 0.0,
                Last::Hundred | Last::Scale(_) => d < 100.0,
                _ => false,
            };
            if compound && c.words {
                return Some(Num { end: k + 1, value: fin(v + d), kind: NumberKind::Ordinal, ..plain });
            }
        }
        if d >= 3.0 || wk == "quarters" || plural {
            if d < 2.0 {
                return Some(plain);
            }
            // "one hundred thirty-fifths": the tens belong to the denominator.
            if hyph && plural && c.last == Last::Tens && c.last_atom + 2 == k && d < 10.0 {
                let tens = word(l.w(c.last_atom)).map_or(0.0, |t| match t {
                    Word::Tens(t) => f64::from(t),
                    _ => 0.0,
                });
                if v > tens {
                    return Some(Num { end: k + 1, value: fin((v - tens) / (tens + d)), kind: NumberKind::Fraction, ..plain });
                }
            }
            // "one hundred and three quarters": a proper fraction after "and".
            if let Some((before, sc, _)) = c.before_and {
                let part = v - before;
                if part < d && part > 0.0 {
                    let f = part / d * sc.unwrap_or(1.0);
                    return Some(Num { end: k + 1, value: fin(before + f), kind: NumberKind::Fraction, ..plain });
                }
            }
            if !plural && v != 1.0 && !matches!(c.last, Last::Unit | Last::Teen) {
                return Some(plain);
            }
            return Some(Num { end: k + 1, value: fin(v / d), kind: NumberKind::Fraction, ..plain });
        }
        return Some(plain);
    }
    if wk == "half" && c.before_and.is_some() {
        let (before, sc, _) = c.before_and.unwrap_or_default();
        let part = v - before;
        if part == 1.0 {
            return Some(Num { end: k + 1, value: fin(before + 0.5 * sc.unwrap_or(1.0)), kind: NumberKind::Fraction, ..plain });
        }
    }
    // "twenty twenty fifths": a tens word and a plural ordinal as denominator.
    if c.last == Last::Tens && !hyph {
        if let Some(Word::Tens(t)) = word(wk) {
            if let Some((k2, _)) = next_atom(l, k + 1) {
                if let Some((d, true)) = ordinal(l.w(k2)) {
                    if d < 10.0 {
                        return Some(Num { end: k2 + 1, value: fin(v / (f64::from(t) + d)), kind: NumberKind::Fraction, ..plain });
                    }
                }
            }
        }
    }
    if hyph {
        return Some(plain);
    }
    // "one hundred and first", "two thousand and twenty-second".
    if wk == "and" && matches!(c.last, Last::Hundred | Last::Scale(_)) && c.words {
        if let Some((k1, false)) = next_atom(l, k + 1) {
            if let Some((d, false)) = ordinal(l.w(k1)).filter(|&(d, _)| d < 100.0) {
                return Some(Num { end: k1 + 1, value: fin(v + d), kind: NumberKind::Ordinal, ..plain });
            }
            if let (Some(Word::Tens(t)), Some((k2, true))) = (word(l.w(k1)), next_atom(l, k1 + 1)) {
                if let Some((d, false)) = ordinal(l.w(k2)).filter(|&(d, _)| d < 10.0) {
                    return Some(Num { end: k2 + 1, value: fin(v + f64::from(t) + d), kind: NumberKind::Ordinal, ..plain });
                }
            }
        }
    }
    // "five and a half million", "three and one fourth".
    if wk == "and" {
        if let Some((f, sc, end)) = and_fraction(l, k + 1) {
            let val = match (sc, c.last) {
                (Some(s), _) if s > c.max_scale => (v + f) * s,
                (Some(s), _) => v + f * s,
                (None, Last::Scale(s)) => v + f * s,
                (None, _) => v + f,
            };
            return Some(Num { end, value: fin(val), kind: NumberKind::Fraction, ..plain });
        }
        return Some(plain);
    }
    // "2000 over 3", "one out of three".
    if wk == "over" || (wk == "out" && l.is(k + 1, "of")) {
        let k1 = if wk == "over" { k + 1 } else { k + 2 };
        if let Some((k2, false)) = next_atom(l, k1) {
            if let Some(d) = cardinal(l, k2, false) {
                let ends = !l.same_line(d.end) || !l.is_word(d.end) || !l.glued(d.end) && l.lx[d.end].kind != LexKind::Word;
                let ok = if wk == "over" { ends && !money } else { d.value > v };
                if ok && d.value != 0.0 && l.num(d.end).is_none() {
                    return Some(Num { end: d.end, value: fin(v / d.value), kind: NumberKind::Fraction, ..plain });
                }
            }
        }
    }
    Some(plain)
}

/// The forms of [`number`] that open with a word or a vulgar fraction:
/// `Some(result)` when one applies, `None` to go on to the cardinal.
fn word_number(l: &Lexed<'_>, i: usize, w: &str) -> Option<Option<Num>> {
    // "half a dozen", "half a million", "half million", "half".
    if w == "half" || w == "quarter" {
        let f = half_quarter(w).unwrap_or(0.5);
        if let Some((k, false)) = next_atom(l, i + 1) {
            let wk = l.w(k);
            if wk == "a" || wk == "an" {
                if let Some((k2, false)) = next_atom(l, k + 1) {
                    match word(l.w(k2)) {
                        Some(Word::Dozen) => return Some(Some(mk(i, k2 + 1, fin(f * 12.0), NumberKind::Cardinal))),
                        Some(Word::Scale(s)) => return Some(Some(mk(i, k2 + 1, fin(f * s), NumberKind::Fraction))),
                        _ => {}
                    }
                }
            }
            if let Some(Word::Scale(s)) = word(wk) {
                return Some(Some(mk(i, k + 1, fin(f * s), NumberKind::Fraction)));
            }
        }
        if w == "half" {
            return Some(Some(mk(i, i + 1, Some(0.5), NumberKind::Fraction)));
        }
        return Some(None);
    }
    // "a half", "a quarter (million)", "a third", "an eighth".
    if w == "a" || w == "an" || w == "one" {
        if let Some((k, h)) = next_atom(l, i + 1) {
            let wk = l.w(k);
            if let Some(f) = half_quarter(wk).filter(|_| !h || w == "one") {
                if let Some((s, k2)) = scale_after(l, k + 1) {
                    return Some(Some(mk(i, k2 + 1, fin(f * s), NumberKind::Fraction)));
                }
                return Some(Some(mk(i, k + 1, Some(f), NumberKind::Fraction)));
            }
            if let Some((d, false)) = ordinal(wk) {
                if (3.0..1e3).contains(&d) {
                    return Some(Some(mk(i, k + 1, Some(1.0 / d), NumberKind::Fraction)));
                }
            }
        }
    }
    // A lone ordinal word: "second", "twentieth".
    if let Some((v, false)) = ordinal(w) {
        if w != "quarter" {
            return Some(Some(mk(i, i + 1, Some(v), NumberKind::Ordinal)));
        }
    }
    if let Some(u) = vulgar(l.raw(i)) {
        return Some(Some(mk(i, i + 1, Some(u), NumberKind::Fraction)));
    }
    None
}

fn mk(start: usize, end: usize, value: Option<f64>, kind: NumberKind) -> Num {
    Num { start, end, value, kind, card: None }
}

/// A digit fraction whose numerator is lexeme `i`: "4/5" (glued) or "3 / 4"
/// (spaced, proper only). Returns numerator, denominator and the end.
fn frac_at(l: &Lexed<'_>, i: usize) -> Option<(f64, f64, usize)> {
    let slash = i + 1;
    if !l.sym(slash, &["/", "\u{2044}"]) || !l.same_line(slash) || !l.same_line(slash + 1) {
        return None;
    }
    let n = l.num(i)?;
    let d = l.num(slash + 1)?;
    let spaced = !l.glued(slash);
    if spaced == l.glued(slash + 1) || !n.integer || !d.integer {
        return None;
    }
    let (nv, dv) = (n.value?, d.value?);
    if dv == 0.0 || spaced && nv >= dv {
        return None;
    }
    // "12/25/2017" is a date, "222-2222/2222" part of a phone number, "1/2a" an identifier.
    let after = slash + 2;
    if l.glued(after) && (l.sym(after, &["/", "-"]) || l.is_word(after) || l.num(after).is_some()) {
        return None;
    }
    if i > 0 && l.glued(i) && (l.sym(i - 1, &["/"]) || l.is_word(i - 1)) {
        return None;
    }
    if i > 1 && l.glued(i) && l.sym(i - 1, &["-"]) && l.glued(i - 1) && l.num(i - 2).is_some() {
        return None;
    }
    Some((nv, dv, after))
}

/// Unicode vulgar fractions.
pub(crate) fn vulgar(s: &str) -> Option<f64> {
    Some(match s {
        "½" => 0.5,
        "⅓" => 1.0 / 3.0,
        "⅔" => 2.0 / 3.0,
        "¼" => 0.25,
        "¾" => 0.75,
        "⅕" => 0.2,
        "⅖" => 0.4,
        "⅗" => 0.6,
        "⅘" => 0.8,
        "⅙" => 1.0 / 6.0,
        "⅚" => 5.0 / 6.0,
        "⅛" => 0.125,
        "⅜" => 0.375,
        "⅝" => 0.625,
        "⅞" => 0.875,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The number at lexeme 0: (text covered, value, kind).
    fn parse(s: &str) -> Option<(String, Option<f64>, NumberKind)> {
        let l = Lexed::new(s);
        let n = number(&l, 0, false)?;
        Some((s[l.start(n.start)..l.end(n.end - 1)].to_string(), n.value, n.kind))
    }

    #[test]
    fn numbers() {
        use NumberKind::*;
        let cases: &[(&str, &str, f64, NumberKind)] = &[
            ("one hundred and sixty-one x", "one hundred and sixty-one", 161.0, Cardinal),
            ("two  thousand  and  two hundred", "two  thousand  and  two hundred", 2200.0, Cardinal),
            ("322 hundred", "322 hundred", 32200.0, Cardinal),
            ("ninety - five hundred", "ninety - five hundred", 9500.0, Cardinal),
            ("2.33 k", "2.33 k", 2330.0, Cardinal),
            ("2mil SEK", "2mil", 2e6, Cardinal),
            ("1,674.5 G", "1,674.5 G", 1.6745e12, Cardinal),
            ("five dozs", "five dozs", 60.0, Cardinal),
            ("zero point zero eight", "zero point zero eight", 0.08, Cardinal),
            ("nought point eleven", "nought point eleven", 0.11, Cardinal),
            ("twenty-three fifths", "twenty-three fifths", 4.6, Fraction),
            ("twenty twenty fifths", "twenty twenty fifths", 0.8, Fraction),
            ("one hundred thirty-fifths", "one hundred thirty-fifths", 100.0 / 35.0, Fraction),
            ("ninety - five hundred-fifths", "ninety - five hundred-fifths", 1900.0, Fraction),
            ("one million two thousand two hundred three fifths", "one million two thousand two hundred three fifths", 200440.6, Fraction),
            ("six million and two thirds", "six million and two thirds", 6e6 + 2e6 / 3.0, Fraction),
            ("one billion and a half million", "one billion and a half million", 1.0005e9, Fraction),
            ("two out of five hundreds", "two out of five hundreds", 0.004, Fraction),
            ("twenty-one trillion and three hundred twenty second", "twenty-one trillion and three hundred twenty second", 21000000000322.0, Ordinal),
            ("Half million eggs", "Half million", 5e5, Fraction),
        ];
        for &(s, span, v, kind) in cases {
            let (got_span, got_v, got_kind) = parse(s).unwrap_or_else(|| panic!("{s}: nothing"));
            assert_eq!(got_span, span, "{s}");
            let g = got_v.unwrap();
            assert!((g - v).abs() <= 1e-9 * v.abs().max(1.0), "{s}: {g} != {v}");
            assert_eq!(got_kind, kind, "{s}");
        }
    }

    #[test]
    fn stops_where_a_new_number_starts() {
        // "3 hundred and 2 hundred" is two numbers; so is "4 thousand 3 hundred and 0".
        assert_eq!(parse("3 hundred and 2 hundred").unwrap().0, "3 hundred");
        assert_eq!(parse("4 thousand 3 hundred and 0").unwrap().0, "4 thousand 3 hundred");
        assert_eq!(parse("one two").unwrap().0, "one");
        assert_eq!(parse("12 out of 10").unwrap().0, "12");
    }

    #[test]
    fn not_numbers() {
        for s in ["a", "an apple", "hundred", "thousands of", "million", "dozens of", "quarter", "and"] {
            assert_eq!(parse(s), None, "{s}");
        }
    }

    #[test]
    fn ordinal_suffixes() {
        for (v, s) in [(1.0, "st"), (2.0, "nd"), (3.0, "rd"), (11.0, "th"), (12.0, "th"), (21.0, "st"), (111.0, "th")] {
            assert!(ordinal_suffix_ok(v, s), "{v}{s}");
        }
        for (v, s) in [(1.0, "th"), (11.0, "st"), (2.5, "nd")] {
            assert!(!ordinal_suffix_ok(v, s), "{v}{s}");
        }
    }
}
