//! Runs of ASCII letters, eight bytes at a time.
//!
//! The numbers stage's lexer spends most of its time inside words; testing
//! a byte at a time cost about six instructions per letter, a whole `u64`
//! of bytes costs about as much as two letters (1.7M fewer instructions on
//! the dev sets). The tokenizer's run of letters *and digits* was tried the
//! same way and came out slower (its words are short and its byte table
//! loop was already tight), so it keeps the table.

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `x` set when that byte is in `lo..=hi`
/// (both ASCII). Bytes at or above 0x80 may come out either way: callers
/// mask them off.
#[inline(always)]
fn in_range(x: u64, lo: u8, hi: u8) -> u64 {
    // Seven low bits of each byte, so adding below cannot carry into the
    // next byte (0x7F + 0x80 - '0' < 0x100).
    let h = x & !HIGH;
    let ge_lo = h.wrapping_add(ONES * (0x80 - lo as u64));
    let gt_hi = h.wrapping_add(ONES * (0x80 - hi as u64 - 1));
    ge_lo & !gt_hi & HIGH
}

/// High bit set in each byte of `x` that is an ASCII letter.
#[inline(always)]
fn alpha_mask(x: u64) -> u64 {
    in_range(x | ONES * 0x20, b'a', b'z') & !x
}

#[inline(always)]
fn run(b: &[u8], from: usize, mask: impl Fn(u64) -> u64, one: impl Fn(u8) -> bool) -> usize {
    let mut i = from;
    while let Some(chunk) = b.get(i..i + 8) {
        let m = mask(u64::from_le_bytes(chunk.try_into().unwrap()));
        if m != HIGH {
            // The first byte (lowest, little-endian) without its bit.
            return i + ((!m & HIGH).trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < b.len() && one(b[i]) {
        i += 1;
    }
    i
}

/// The end of the run of ASCII letters starting at `from` (`from` itself
/// when `b[from]` is not one).
#[inline]
pub(crate) fn alpha_run(b: &[u8], from: usize) -> usize {
    run(b, from, alpha_mask, |c| c.is_ascii_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naive(b: &[u8], from: usize, f: fn(&u8) -> bool) -> usize {
        from + b[from..].iter().position(|c| !f(c)).unwrap_or(b.len() - from)
    }

    /// Every byte value at every position of a run, against the byte test.
    #[test]
    fn every_byte_ends_a_run_exactly_when_it_should() {
        for stop in 0..=255u8 {
            for at in 0..20 {
                let mut b = vec![b'k'; 20];
                b.extend_from_slice(b"Zz09");
                b[at] = stop;
                for from in [0, 1, 7, 8, 9] {
                    assert_eq!(alpha_run(&b, from), naive(&b, from, u8::is_ascii_alphabetic), "{stop:#x} at {at} from {from}");
                }
            }
        }
    }

    #[test]
    fn runs_in_text() {
        let cases: &[(&str, usize, usize)] = &[
            // text, from, end of the letters
            ("Kelly said", 0, 5),
            ("said Kelly", 5, 10),
            ("COVID19 cases", 0, 5),
            ("", 0, 0),
            ("abcdefghijklmnopqrstuvwxyz", 0, 26),
            ("telef\u{f3}nica", 0, 5),
            ("ab@[`{/:", 0, 2),
            // False positives: none of these bytes is a letter.
            ("@[`{/:09\u{e9}", 0, 0),
        ];
        for &(text, from, end) in cases {
            assert_eq!(alpha_run(text.as_bytes(), from), end, "{text:?}");
        }
    }
}
