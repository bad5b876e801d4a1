//! Dates: "Tuesday", "Feb. 23, 2017", "23 February 2017", "the 4th of July",
//! "March 2021", "1996-08-30", "02/23/2017", and clock times (recognised
//! only so that "2:00 pm" is not read as two numbers and a unit).
//!
//! The `iso` field is ISO 8601 with unknown parts as `X`, the convention of
//! Recognizers-Text: "XXXX-02-23" for "Feb. 23", "XXXX-WXX-2" for "Tuesday".

use super::lex::Lexed;
use std::ops::Not;

/// Month names and abbreviations, lowercase, with their number.
const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("jan", 1),
    ("february", 2),
    ("feb", 2),
    ("march", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("may", 5),
    ("june", 6),
    ("jun", 6),
    ("july", 7),
    ("jul", 7),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sept", 9),
    ("sep", 9),
    ("october", 10),
    ("oct", 10),
    ("november", 11),
    ("nov", 11),
    ("december", 12),
    ("dec", 12),
];

/// Weekdays, lowercase, ISO numbered from Monday = 1.
const WEEKDAYS: &[(&str, u32)] = &[
    ("monday", 1),
    ("tuesday", 2),
    ("wednesday", 3),
    ("thursday", 4),
    ("friday", 5),
    ("saturday", 6),
    ("sunday", 7),
];

/// Words after which a capitalised month name alone is a date ("in March").
const MONTH_CUES: &[&str] = &[
    "in", "of", "since", "until", "till", "by", "early", "late", "mid", "last", "next", "this", "during", "from",
    "through", "between", "and", "to", "before", "after", "on", "or", "since", "end", "beginning",
];

/// Month and weekday names, lowercase.
pub(crate) fn names() -> impl Iterator<Item = &'static str> {
    MONTHS.iter().map(|e| e.0).chain(WEEKDAYS.iter().map(|e| e.0))
}

/// The month named by word `i`.
pub(crate) fn month(l: &Lexed<'_>, i: usize) -> Option<u32> {
    if !l.is_word(i) {
        return None;
    }
    let w = l.w(i);
    MONTHS.iter().find(|e| e.0 == w).map(|e| e.1)
}

/// The weekday named by word `i` (capitalised full names only).
pub(crate) fn weekday(l: &Lexed<'_>, i: usize) -> Option<u32> {
    if !l.is_word(i) || !l.capitalized(i) && l.raw(i) != l.w(i) {
        return None;
    }
    let w = l.w(i);
    WEEKDAYS.iter().find(|e| e.0 == w).map(|e| e.1)
}

/// A found date: lexemes up to `end`, its ISO form, and a value for years.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Date {
    pub end: usize,
    pub iso: Option<String>,
    pub value: Option<f64>,
}

fn int(l: &Lexed<'_>, i: usize) -> Option<(u32, u32)> {
    let n = l.num(i)?;
    if !n.integer || n.plain_digits == 0 {
        return None;
    }
    let v = n.value?;
    (v < 1e6).then_some((v as u32, n.plain_digits))
}

/// A day number at `i` ("23", "4th", "1st"): its value and the index after.
fn day_at(l: &Lexed<'_>, i: usize) -> Option<(u32, usize)> {
    if i >= l.len() {
        return None;
    }
    let (d, digits) = int(l, i)?;
    if !(1..=31).contains(&d) || digits > 2 {
        return None;
    }
    let mut end = i + 1;
    if l.glued(end) && l.is_word(end) {
        if super::words::ordinal_suffix_ok(f64::from(d), l.w(end)) {
            end += 1;
        } else {
            return None;
        }
    }
    // "23:00", "23.5", "23-year": not a day.
    if l.glued(end) && (l.sym(end, &[":", "-", "/"]) || l.num(end).is_some()) {
        return None;
    }
    Some((d, end))
}

/// A year at `i`: four digits, 1000..=2999.
fn year_at(l: &Lexed<'_>, i: usize) -> Option<(u32, usize)> {
    if !l.same_line(i) {
        return None;
    }
    let (y, digits) = int(l, i)?;
    if digits != 4 || !(1000..=2999).contains(&y) {
        return None;
    }
    if l.glued(i + 1) && (l.is_word(i + 1) || l.num(i + 1).is_some() || l.sym(i + 1, &["-", "/", ":"])) {
        return None;
    }
    Some((y, i + 1))
}

fn iso(y: Option<u32>, m: u32, d: Option<u32>) -> String {
    let y = y.map_or_else(|| "XXXX".to_string(), |y| format!("{y:04}"));
    match d {
        Some(d) => format!("{y}-{m:02}-{d:02}"),
        None => format!("{y}-{m:02}"),
    }
}

/// Skips an optional "." or "," right after `i` (the dot of "Feb.").
fn skip_punct(l: &Lexed<'_>, i: usize, p: &str) -> usize {
    if l.same_line(i) && l.sym(i, &[p]) {
        i + 1
    } else {
        i
    }
}

fn valid(m: u32, d: u32) -> bool {
    let max = match m {
        2 => 29,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    (1..=12).contains(&m) && (1..=max).contains(&d)
}

/// A date starting with a month name at `i`.
fn month_first(l: &Lexed<'_>, i: usize) -> Option<Date> {
    let m = month(l, i)?;
    let w = l.w(i);
    // Full names ("March") may stand alone; abbreviations ("Mar.", "Sept") need a day or year.
    let full = MONTHS.iter().any(|e| e.1 == m && e.0.len() > w.len()).not();
    let mut j = i + 1;
    if !full && l.glued(j) {
        j = skip_punct(l, j, ".");
    }
    if let Some((d, e)) = day_at(l, j).filter(|&(d, _)| valid(m, d) && l.same_line(j)) {
        // "Feb. 23, 2017", "February 23 2017".
        let k = skip_punct(l, e, ",");
        if let Some((y, e2)) = year_at(l, k) {
            return Some(Date { end: e2, iso: Some(iso(Some(y), m, Some(d))), value: None });
        }
        return Some(Date { end: e, iso: Some(iso(None, m, Some(d))), value: None });
    }
    if let Some((y, e)) = year_at(l, skip_punct(l, j, ",")) {
        if l.capitalized(i) {
            return Some(Date { end: e, iso: Some(format!("{y:04}-{m:02}")), value: None });
        }
    }
    // A month alone: capitalised, a full name, after a cue word.
    if full && l.capitalized(i) && i > 0 && l.same_line(i) && MONTH_CUES.contains(&l.w(i - 1)) {
        if w == "may" && (l.is(i + 1, "be") || l.w(i - 1) == "and" || l.w(i - 1) == "or") {
            return None;
        }
        return Some(Date { end: i + 1, iso: Some(format!("XXXX-{m:02}")), value: None });
    }
    None
}

/// A date starting with a day number: "23 February 2017", "4th of July".
fn day_first(l: &Lexed<'_>, i: usize) -> Option<Date> {
    let (d, e) = day_at(l, i)?;
    let mut j = e;
    if l.is(j, "of") {
        j += 1;
    }
    if !l.same_line(j) || l.glued(j) {
        return None;
    }
    let m = month(l, j)?;
    if !valid(m, d) || !l.capitalized(j) && l.w(j) != l.raw(j) {
        return None;
    }
    if l.w(j) == "may" && !l.capitalized(j) {
        return None;
    }
    let mut end = j + 1;
    if l.w(j).len() == 3 {
        end = skip_punct(l, end, ".");
    }
    if let Some((y, e2)) = year_at(l, skip_punct(l, end, ",")) {
        return Some(Date { end: e2, iso: Some(iso(Some(y), m, Some(d))), value: None });
    }
    Some(Date { end, iso: Some(iso(None, m, Some(d))), value: None })
}

/// A numeric date: "1996-08-30", "2017/02/23", "02/23/2017", "23/02/2017".
fn numeric(l: &Lexed<'_>, i: usize) -> Option<Date> {
    let (a, da) = int(l, i)?;
    let sep = l.raw(i + 1);
    if !matches!(sep, "-" | "/" | ".") || !l.glued(i + 1) || !l.glued(i + 2) || !l.glued(i + 3) || !l.glued(i + 4) {
        return None;
    }
    if l.raw(i + 3) != sep {
        return None;
    }
    let (b, db) = int(l, i + 2)?;
    let (c, dc) = int(l, i + 4)?;
    if l.glued(i + 5) && (l.num(i + 5).is_some() || l.is_word(i + 5) || l.sym(i + 5, &[sep])) {
        return None;
    }
    let (y, m, d) = if da == 4 && db <= 2 && dc <= 2 {
        (a, b, c)
    } else if dc == 4 && da <= 2 && db <= 2 {
        // US order unless the first number cannot be a month.
        if a > 12 {
            (c, b, a)
        } else {
            (c, a, b)
        }
    } else {
        return None;
    };
    if !valid(m, d) || !(1000..=2999).contains(&y) {
        return None;
    }
    Some(Date { end: i + 5, iso: Some(iso(Some(y), m, Some(d))), value: None })
}

/// A date at lexeme `i`, if one starts there.
pub(crate) fn date_at(l: &Lexed<'_>, i: usize) -> Option<Date> {
    if l.is_word(i) {
        // Every month and weekday name has three letters or more: the
        // frequent short words that open other figures ("a", "in", "at")
        // stop here.
        if l.w(i).len() < 3 {
            return None;
        }
        if let Some(wd) = weekday(l, i) {
            return Some(Date { end: i + 1, iso: Some(format!("XXXX-WXX-{wd}")), value: None });
        }
        return month_first(l, i);
    }
    if l.num(i).is_some() {
        return numeric(l, i).or_else(|| day_first(l, i));
    }
    None
}

/// A clock time at `i` ("2:00 pm", "10:30", "6pm", "9 a.m."): the index
/// after it. Times are not figures to check; this keeps "6pm" from being
/// read as six picometres.
pub(crate) fn time_at(l: &Lexed<'_>, i: usize) -> Option<usize> {
    let (h, hd) = int(l, i)?;
    if hd > 2 || h > 24 {
        return None;
    }
    let mut end = i + 1;
    let mut clock = false;
    if l.glued(end) && l.sym(end, &[":"]) && l.glued(end + 1) {
        let (mi, md) = int(l, end + 1)?;
        if md != 2 || mi > 59 {
            return None;
        }
        end += 2;
        clock = true;
        if l.glued(end) && l.sym(end, &[":"]) && l.glued(end + 1) && int(l, end + 1).is_some_and(|x| x.1 == 2) {
            end += 2;
        }
    }
    if l.same_line(end) && l.is_word(end) {
        match l.w(end) {
            "am" | "pm" => return Some(end + 1),
            "a" | "p" if l.glued(end + 1) && l.sym(end + 1, &["."]) && l.is(end + 2, "m") => {
                let e = end + 3;
                return Some(if l.glued(e) && l.sym(e, &["."]) { e + 1 } else { e });
            }
            _ => {}
        }
    }
    clock.then_some(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<(String, Option<String>)> {
        let l = Lexed::new(s);
        let x = date_at(&l, 0)?;
        let end = if x.end == 0 { 0 } else { l.end(x.end - 1) };
        Some((s[..end].to_string(), x.iso))
    }

    #[test]
    fn names_have_three_letters_or_more() {
        // `date_at` relies on it to skip short words.
        assert!(names().all(|n| n.len() >= 3));
    }

    #[test]
    fn dates() {
        let cases = [
            ("Feb. 23, 2017 was", "Feb. 23, 2017", "2017-02-23"),
            ("February 23", "February 23", "XXXX-02-23"),
            ("Tuesday", "Tuesday", "XXXX-WXX-2"),
            ("1996-08-30", "1996-08-30", "1996-08-30"),
            ("02/23/2017", "02/23/2017", "2017-02-23"),
            ("23/02/2017", "23/02/2017", "2017-02-23"),
            ("23 February 2017", "23 February 2017", "2017-02-23"),
            ("4th of July", "4th of July", "XXXX-07-04"),
            ("March 2021 C.P.I.", "March 2021", "2021-03"),
            ("may 19 , the", "may 19", "XXXX-05-19"),
        ];
        for (s, span, iso) in cases {
            assert_eq!(d(s), Some((span.to_string(), Some(iso.to_string()))), "{s}");
        }
    }

    #[test]
    fn not_dates() {
        for s in ["May be", "march on", "2017-13-45", "1.2.3", "13/45/2017"] {
            assert_eq!(d(s), None, "{s}");
        }
    }

    #[test]
    fn times() {
        for (s, n) in [("2:00 pm", 4), ("6pm", 2), ("10:30", 3), ("9 a.m.", 5)] {
            let l = Lexed::new(s);
            assert_eq!(time_at(&l, 0), Some(n), "{s}");
        }
        let l = Lexed::new("6 people");
        assert_eq!(time_at(&l, 0), None);
    }
}
