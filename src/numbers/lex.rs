//! The numbers stage's own pass over the raw text.
//!
//! The shared tokenizer is built for words and sentences; figures need finer
//! and different cuts ("5bn" is a number and a scale, "20-30" two numbers and
//! a dash, "1 234 567" one number). So this module cuts the text into
//! lexemes once — letter runs, numerals (via [`super::scan`]) and single
//! symbols — remembering what separates each from the one before, and keeps
//! an ASCII-lowercased copy of the text so word tests are plain `==` on
//! slices at the same byte offsets. One allocation per document, none per
//! token.

use super::scan::{self, Numeral, Scan};
use crate::text::ascii::alpha_run;

/// What separates a lexeme from the one before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Gap {
    /// Nothing: "5" and "bn" in "5bn".
    Glued,
    /// Spaces or tabs.
    Space,
    /// A line break: figures never span one.
    Line,
}

/// What a lexeme is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum LexKind {
    /// A run of letters.
    Word,
    /// A numeral; what [`scan`] found is in [`Lexed::nums`] at this index.
    Num(u32),
    /// A run of digits and separators that is not one number: skipped.
    Junk,
    /// One other character.
    Sym,
}

/// One lexeme: bytes `s..e` of the text. Kept to 16 bytes: there is one
/// per word of the document.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Lex {
    s: u32,
    e: u32,
    pub kind: LexKind,
    pub gap: Gap,
}

/// A document cut into lexemes, with its lowercased text.
pub(crate) struct Lexed<'t> {
    pub text: &'t str,
    pub low: String,
    pub lx: Vec<Lex>,
    nums: Vec<Numeral>,
}

fn is_space_char(c: char) -> bool {
    c.is_whitespace() && !matches!(c, '\u{2028}' | '\u{2029}' | '\u{85}')
}

impl<'t> Lexed<'t> {
    /// Cuts `text` into lexemes. Linear in its length.
    ///
    /// Offsets are stored as `u32`: a text over 4 GiB is cut at the last
    /// character boundary before that.
    pub fn new(text: &'t str) -> Lexed<'t> {
        let mut cut = text.len().min(u32::MAX as usize - 1);
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        let text = &text[..cut];
        let b = text.as_bytes();
        // Room for news text without regrowing (tables of figures have more
        // lexemes per byte and grow once).
        let mut lx = Vec::with_capacity(text.len() / 4 + 1);
        let mut nums = Vec::with_capacity(text.len() / 64 + 1);
        let mut gap = Gap::Line;
        let mut i = 0;
        while i < b.len() {
            let c = b[i];
            match c {
                b' ' | b'\t' | b'\r' => {
                    if gap == Gap::Glued {
                        gap = Gap::Space;
                    }
                    i += 1;
                    continue;
                }
                b'\n' | 0x0B | 0x0C => {
                    gap = Gap::Line;
                    i += 1;
                    continue;
                }
                _ => {}
            }
            let s = i;
            let kind;
            if c.is_ascii_digit() || (c == b'.' && b.get(i + 1).is_some_and(u8::is_ascii_digit) && !prev_digit(b, i)) {
                match scan::scan(text, i) {
                    Scan::Num(n) => {
                        i = n.end;
                        kind = LexKind::Num(nums.len() as u32);
                        nums.push(n);
                    }
                    Scan::Junk(end) => {
                        i = end;
                        kind = LexKind::Junk;
                    }
                }
            } else if c.is_ascii_alphabetic() {
                i = alpha_run(b, i + 1);
                // Non-ASCII letters continuing an ASCII word ("telefónica").
                while i < b.len() && b[i] >= 0x80 {
                    let ch = text[i..].chars().next().unwrap_or(' ');
                    if !ch.is_alphabetic() {
                        break;
                    }
                    i = alpha_run(b, i + ch.len_utf8());
                }
                kind = LexKind::Word;
            } else if c < 0x80 {
                i += 1;
                kind = LexKind::Sym;
            } else {
                let ch = text[i..].chars().next().unwrap_or(' ');
                if is_space_char(ch) {
                    if gap == Gap::Glued {
                        gap = Gap::Space;
                    }
                    i += ch.len_utf8();
                    continue;
                }
                if matches!(ch, '\u{2028}' | '\u{2029}' | '\u{85}') {
                    gap = Gap::Line;
                    i += ch.len_utf8();
                    continue;
                }
                if ch.is_alphabetic() && ch != 'µ' && ch != 'μ' {
                    i += ch.len_utf8();
                    while i < b.len() {
                        let d = text[i..].chars().next().unwrap_or(' ');
                        if !d.is_alphabetic() {
                            break;
                        }
                        i += d.len_utf8();
                    }
                    kind = LexKind::Word;
                } else {
                    i += ch.len_utf8();
                    kind = LexKind::Sym;
                }
            }
            lx.push(Lex { s: s as u32, e: i as u32, kind, gap });
            gap = Gap::Glued;
        }
        Lexed { text, low: text.to_ascii_lowercase(), lx, nums }
    }

    /// Number of lexemes.
    #[inline]
    pub fn len(&self) -> usize {
        self.lx.len()
    }

    /// The lowercased text of lexeme `i` ("" past the end).
    #[inline]
    pub fn w(&self, i: usize) -> &str {
        match self.lx.get(i) {
            Some(l) => &self.low[l.s as usize..l.e as usize],
            None => "",
        }
    }

    /// The bytes of [`Lexed::w`]: the same slice without the char-boundary
    /// checks of slicing a `str` (lexemes start and end on boundaries).
    #[inline]
    pub fn w_bytes(&self, i: usize) -> &[u8] {
        match self.lx.get(i) {
            Some(l) => &self.low.as_bytes()[l.s as usize..l.e as usize],
            None => b"",
        }
    }

    /// Lexeme `i` is the one ASCII character `c`.
    #[inline]
    pub fn is_char(&self, i: usize, c: u8) -> bool {
        self.lx.get(i).is_some_and(|l| l.e == l.s + 1 && self.text.as_bytes()[l.s as usize] == c)
    }

    /// The original text of lexeme `i` ("" past the end).
    #[inline]
    pub fn raw(&self, i: usize) -> &'t str {
        match self.lx.get(i) {
            Some(l) => &self.text[l.s as usize..l.e as usize],
            None => "",
        }
    }

    /// Lexeme `i` is a word.
    #[inline]
    pub fn is_word(&self, i: usize) -> bool {
        matches!(self.lx.get(i), Some(Lex { kind: LexKind::Word, .. }))
    }

    /// The numeral at `i`, if lexeme `i` is one.
    #[inline]
    pub fn num(&self, i: usize) -> Option<Numeral> {
        match self.lx.get(i) {
            Some(Lex { kind: LexKind::Num(n), .. }) => Some(self.nums[*n as usize]),
            _ => None,
        }
    }

    /// The gap before lexeme `i` (a line break past the end).
    #[inline]
    pub fn gap(&self, i: usize) -> Gap {
        self.lx.get(i).map_or(Gap::Line, |l| l.gap)
    }

    /// Lexeme `i` directly follows the previous one.
    #[inline]
    pub fn glued(&self, i: usize) -> bool {
        self.gap(i) == Gap::Glued
    }

    /// Lexeme `i` exists and is on the same line as the previous one.
    #[inline]
    pub fn same_line(&self, i: usize) -> bool {
        i < self.lx.len() && self.lx[i].gap != Gap::Line
    }

    /// Lexeme `i` is the word `w` (lowercase), on the same line.
    #[inline]
    pub fn is(&self, i: usize, w: &str) -> bool {
        self.same_line(i) && self.w(i) == w
    }

    /// Lexeme `i` is one of the symbols in `set`.
    #[inline]
    pub fn sym(&self, i: usize, set: &[&str]) -> bool {
        matches!(self.lx.get(i), Some(Lex { kind: LexKind::Sym, .. })) && set.contains(&self.raw(i))
    }

    /// A hyphen or dash (any of "-", "‐", "‑", "–", "—").
    #[inline]
    pub fn is_hyphen(&self, i: usize) -> bool {
        self.sym(i, &["-", "\u{2010}", "\u{2011}"])
    }

    /// The first letter of word `i` is upper case.
    #[inline]
    pub fn capitalized(&self, i: usize) -> bool {
        self.raw(i).chars().next().is_some_and(char::is_uppercase)
    }

    /// Byte start of lexeme `i`.
    #[inline]
    pub fn start(&self, i: usize) -> usize {
        self.lx[i].s as usize
    }

    /// Byte end of lexeme `i`.
    #[inline]
    pub fn end(&self, i: usize) -> usize {
        self.lx[i].e as usize
    }
}

fn prev_digit(b: &[u8], i: usize) -> bool {
    i > 0 && b[i - 1].is_ascii_digit()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexemes() {
        let l = Lexed::new("$48.2 million, 5bn 20-30\nCOVID-19");
        let got: Vec<(&str, Gap)> = (0..l.len()).map(|i| (l.raw(i), l.gap(i))).collect();
        assert_eq!(
            got,
            [
                ("$", Gap::Line),
                ("48.2", Gap::Glued),
                ("million", Gap::Space),
                (",", Gap::Glued),
                ("5", Gap::Space),
                ("bn", Gap::Glued),
                ("20", Gap::Space),
                ("-", Gap::Glued),
                ("30", Gap::Glued),
                ("COVID", Gap::Line),
                ("-", Gap::Glued),
                ("19", Gap::Glued),
            ]
        );
        assert_eq!(l.w(2), "million");
        assert_eq!(l.w_bytes(9), b"covid");
        assert_eq!(l.w_bytes(99), b"");
        assert!(l.is_char(0, b'$') && l.is_char(7, b'-'));
        // False positives: another mark, a longer lexeme, past the end.
        assert!(!l.is_char(0, b'-') && !l.is_char(1, b'4') && !l.is_char(99, b'$'));
    }
}
