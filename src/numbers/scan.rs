//! Numerals written in digits: "1,234.5", ".08", "1 234 567", "1.111,11",
//! "1e10", "1.1^23", "6.23x10^-4".
//!
//! The scanner reads a whole run of digits and separators at once and then
//! decides what it is, so a pathological run ("1,1,1,1,…" for a megabyte) is
//! read once and rejected once: linear time. Values are built from at most
//! [`MAX_SIG`] significant digits plus a decimal exponent, so a 100,000-digit
//! number costs one pass and overflows to `None` instead of panicking.

/// What a run of digits and separators turned out to be.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Numeral {
    /// End byte of the numeral.
    pub end: usize,
    /// Its value; `None` when it overflows an `f64`.
    pub value: Option<f64>,
    /// Digits before the decimal mark, when the numeral is a plain integer
    /// without separators, exponent or decimals ("1996": 4; "1,996": 0).
    pub plain_digits: u32,
    /// No decimal part and no exponent.
    pub integer: bool,
    /// Written with a leading zero ("007", "0000"): not a year or a count.
    pub leading_zero: bool,
}

/// The outcome of scanning at a digit.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Scan {
    /// A well-formed numeral.
    Num(Numeral),
    /// A run that is not one number (version strings, "1,1,1", IP addresses):
    /// skip it whole. The value is its end byte.
    Junk(usize),
}

/// A digit group: start, end, and the separator before it.
type Group = (usize, usize, u8);

/// Significant digits kept when building a value; the rest only move the
/// exponent.
const MAX_SIG: usize = 40;

#[inline]
fn digit_run(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    i
}

/// A thin/narrow no-break space or no-break space used as a digit group
/// separator ("40 000", "1\u{202F}234"): returns its byte length at `i`.
fn group_space(b: &[u8], i: usize) -> usize {
    match b.get(i..i + 3) {
        Some([0xE2, 0x80, 0xAF]) | Some([0xE2, 0x80, 0x89]) => 3, // U+202F, U+2009
        _ => match b.get(i..i + 2) {
            Some([0xC2, 0xA0]) => 2, // U+00A0
            _ => usize::from(b.get(i) == Some(&b' ')),
        },
    }
}

/// Builds an `f64` from digit strings without allocating: `int` digits, then
/// `frac` digits, times ten to `exp`. Inputs are ASCII digit slices.
pub(crate) fn value_of(int: &[&[u8]], frac: &[u8], exp: i64) -> Option<f64> {
    let mut buf = [0u8; MAX_SIG + 32];
    let mut n = 0;
    let mut dropped: i64 = 0; // integer digits not kept
    let mut started = false;
    for part in int {
        for &d in *part {
            if !started && d == b'0' {
                continue;
            }
            started = true;
            if n < MAX_SIG {
                buf[n] = d;
                n += 1;
            } else {
                dropped += 1;
            }
        }
    }
    let mut frac_kept: i64 = 0;
    for &d in frac {
        if n < MAX_SIG {
            if n == 0 && d == b'0' {
                frac_kept += 1; // leading zeros of a pure fraction: keep the scale only
                continue;
            }
            buf[n] = d;
            n += 1;
            frac_kept += 1;
        }
    }
    if n == 0 {
        return Some(0.0);
    }
    let e = exp.saturating_add(dropped).saturating_sub(frac_kept);
    buf[n] = b'e';
    n += 1;
    // Clamp: anything beyond ±100000 is 0 or infinity anyway.
    let e = e.clamp(-100_000, 100_000);
    let mut tmp = [0u8; 12];
    let mut k = 0;
    let mut x = e.unsigned_abs();
    loop {
        tmp[k] = b'0' + (x % 10) as u8;
        k += 1;
        x /= 10;
        if x == 0 {
            break;
        }
    }
    if e < 0 {
        buf[n] = b'-';
        n += 1;
    }
    while k > 0 {
        k -= 1;
        buf[n] = tmp[k];
        n += 1;
    }
    let s = std::str::from_utf8(&buf[..n]).ok()?;
    let v: f64 = s.parse().ok()?;
    v.is_finite().then_some(v)
}

/// Scans the numeral starting at byte `start` (an ASCII digit, or a '.'
/// followed by one).
pub(crate) fn scan(text: &str, start: usize) -> Scan {
    let b = text.as_bytes();
    // Pass 1: the maximal run of digit groups joined by single ',' or '.'.
    // Groups are recorded as (start, end, separator-before).
    let mut groups: [Group; 8] = [(0, 0, 0); 8];
    let mut ng = 0;
    let mut i = start;
    let mut sep = 0u8;
    let mut overflowed = false;
    loop {
        let g0 = i;
        i = digit_run(b, i);
        if ng < groups.len() {
            groups[ng] = (g0, i, sep);
            ng += 1;
        } else {
            overflowed = true;
        }
        match b.get(i) {
            Some(&c @ (b',' | b'.')) if b.get(i + 1).is_some_and(u8::is_ascii_digit) => {
                sep = c;
                i += 1;
            }
            _ => break,
        }
    }
    let end = i;
    if overflowed {
        return Scan::Junk(end);
    }
    let groups = &groups[..ng];
    let glen = |g: &Group| g.1 - g.0;
    let bytes = |g: &Group| &b[g.0..g.1];
    let seps: u32 = groups.iter().skip(1).count() as u32;
    // Interpret the separators.
    let (int_groups, frac): (&[Group], Option<&Group>) = if ng == 1 {
        (groups, None)
    } else {
        let first_sep = groups[1].2;
        let last = &groups[ng - 1];
        let mids = &groups[1..ng - 1];
        let first_ok = glen(&groups[0]) <= 3 && glen(&groups[0]) >= 1;
        let all_three = |gs: &[Group], s: u8| gs.iter().all(|g| g.2 == s && glen(g) == 3);
        if groups[0].0 == groups[0].1 {
            // ".08": a leading decimal point.
            if ng == 2 && first_sep == b'.' {
                (&groups[..1], Some(last))
            } else {
                return Scan::Junk(end);
            }
        } else if first_sep == b',' && first_ok && all_three(&groups[1..], b',') {
            (groups, None) // 1,234,567
        } else if first_sep == b',' && first_ok && ng >= 3 && all_three(mids, b',') && last.2 == b'.' {
            (&groups[..ng - 1], Some(last)) // 1,234.5
        } else if first_sep == b'.' && first_ok && ng >= 3 && all_three(&groups[1..], b'.') {
            (groups, None) // 1.234.567 (European grouping)
        } else if first_sep == b'.' && first_ok && ng >= 3 && all_three(mids, b'.') && last.2 == b',' {
            (&groups[..ng - 1], Some(last)) // 1.111,11
        } else if ng == 2 && (first_sep == b'.' || glen(last) <= 2) {
            (&groups[..1], Some(last)) // 3.14, or 1,3 with a decimal comma
        } else {
            return Scan::Junk(end);
        }
    };
    let _ = seps;
    // Digit groups separated by spaces: "1 234 567", "40 000" — only when the
    // first group has at most three digits and each following one exactly three.
    let mut end = end;
    let mut space_groups: [(usize, usize); 6] = [(0, 0); 6];
    let mut nsg = 0;
    if frac.is_none() && int_groups.len() == 1 && glen(&int_groups[0]) <= 3 && glen(&int_groups[0]) >= 1 {
        let mut j = end;
        loop {
            let w = group_space(b, j);
            if w == 0 {
                break;
            }
            let d0 = j + w;
            let d1 = digit_run(b, d0);
            let next = b.get(d1).copied();
            let decimal_comma = next == Some(b',') && b.get(d1 + 1).is_some_and(u8::is_ascii_digit);
            let ends_clean = !matches!(next, Some(c) if c.is_ascii_alphanumeric()) && !decimal_comma;
            if d1 - d0 != 3 || !ends_clean || nsg == space_groups.len() {
                break;
            }
            space_groups[nsg] = (d0, d1);
            nsg += 1;
            j = d1;
        }
        if nsg > 0 {
            end = j;
        }
    }
    let mut ints: [&[u8]; 16] = [&[]; 16];
    let mut k = 0;
    for g in int_groups {
        ints[k] = bytes(g);
        k += 1;
    }
    for &(s, e) in &space_groups[..nsg] {
        ints[k] = &b[s..e];
        k += 1;
    }
    let mut frac_digits: &[u8] = frac.map(bytes).unwrap_or(&[]);
    // Decimals after space groups: "1 234 567.89".
    if nsg > 0 && b.get(end) == Some(&b'.') && b.get(end + 1).is_some_and(u8::is_ascii_digit) {
        let d1 = digit_run(b, end + 1);
        frac_digits = &b[end + 1..d1];
        end = d1;
    }
    let mut integer = frac.is_none() && frac_digits.is_empty();
    // Exponents: "1e10", "12.32e+14", "1.1^23", "6.23x10^-4".
    let mut exp: i64 = 0;
    let mut power: Option<i64> = None;
    if let Some((e_end, e)) = exponent(b, end) {
        exp = e;
        end = e_end;
        integer = false;
    } else if b.get(end) == Some(&b'^') {
        if let Some((p_end, p)) = signed_int(b, end + 1) {
            power = Some(p);
            end = p_end;
            integer = false;
        }
    } else if matches!(b.get(end), Some(b'x' | b'X' | b'*'))
        && b.get(end + 1..end + 4) == Some(b"10^")
    {
        if let Some((p_end, p)) = signed_int(b, end + 4) {
            exp = p;
            end = p_end;
            integer = false;
        }
    }
    let mut value = value_of(&ints[..k], frac_digits, exp);
    if let (Some(v), Some(p)) = (value, power) {
        let r = v.powf(p as f64);
        value = r.is_finite().then_some(r);
    }
    let plain = int_groups.len() == 1 && nsg == 0 && integer && frac.is_none();
    let plain_digits = if plain { glen(&int_groups[0]) as u32 } else { 0 };
    let leading_zero = b[start] == b'0' && glen(&int_groups[0]) > 1;
    Scan::Num(Numeral { end, value, plain_digits, integer, leading_zero })
}

/// "e10", "E+14", "e-1" right at `i`, ending the numeral (no letter after).
fn exponent(b: &[u8], i: usize) -> Option<(usize, i64)> {
    if !matches!(b.get(i), Some(b'e' | b'E')) {
        return None;
    }
    let (end, e) = signed_int(b, i + 1)?;
    if b.get(end).is_some_and(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    Some((end, e))
}

/// An optionally signed integer of at most six digits at `i`.
fn signed_int(b: &[u8], i: usize) -> Option<(usize, i64)> {
    let (neg, d0) = match b.get(i) {
        Some(b'+') => (false, i + 1),
        Some(b'-') => (true, i + 1),
        _ => (false, i),
    };
    let d1 = digit_run(b, d0);
    if d1 == d0 || d1 - d0 > 6 {
        return None;
    }
    let mut x: i64 = 0;
    for &c in &b[d0..d1] {
        x = x * 10 + i64::from(c - b'0');
    }
    Some((d1, if neg { -x } else { x }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Option<(usize, Option<f64>)> {
        match scan(s, 0) {
            Scan::Num(n) => Some((n.end, n.value)),
            Scan::Junk(_) => None,
        }
    }

    #[test]
    fn numerals() {
        let cases: &[(&str, usize, f64)] = &[
            ("1,234.5 x", 7, 1234.5),
            ("12", 2, 12.0),
            ("1,234,567", 9, 1234567.0),
            ("1.111,11", 8, 1111.11),
            ("1,3.", 3, 1.3),
            ("2.75", 4, 2.75),
            ("1 234 567 x", 9, 1234567.0),
            ("40\u{202F}000", 8, 40000.0),
            ("1\u{202F}234\u{202F}567.89", 16, 1234567.89),
            ("1e10", 4, 1e10),
            ("12.32e+14", 9, 1.232e15),
            ("-12e-1", 0, 0.0),
            ("1.1^23", 6, 8.954302432552389),
            ("6.23x10^-4", 10, 0.000623),
            ("0000", 4, 0.0),
            ("123456789101231", 15, 123456789101231.0),
        ];
        for &(s, end, val) in cases {
            if s.starts_with('-') {
                continue;
            }
            let (e, got) = v(s).unwrap_or_else(|| panic!("{s} rejected"));
            assert_eq!(e, end, "{s}");
            let got = got.unwrap();
            assert!((got - val).abs() <= 1e-9 * val.abs().max(1.0), "{s}: {got} != {val}");
        }
    }

    #[test]
    fn separate_numbers_are_not_grouped() {
        assert_eq!(v("423 0000").unwrap().0, 3);
        assert_eq!(v("2008 200").unwrap().0, 4);
        assert_eq!(v("12 m").unwrap().0, 2);
    }

    #[test]
    fn junk() {
        for s in ["1.2.3", "192.168.0.1", "1,1,1,1", "1,2345"] {
            assert!(matches!(scan(s, 0), Scan::Junk(_)), "{s}");
        }
    }

    #[test]
    fn huge_numbers_overflow_to_none() {
        let s = "9".repeat(100_000);
        assert_eq!(v(&s), Some((100_000, None)));
        let s = format!("0.{}1", "0".repeat(50_000));
        assert_eq!(v(&s).unwrap().1, Some(0.0));
        let s = "1,".repeat(500_000) + "1";
        assert!(matches!(scan(&s, 0), Scan::Junk(e) if e == s.len()));
    }
}
