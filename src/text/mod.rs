//! Tokens, sentences and paragraphs: the one pass over the text that every
//! recognizer shares.
//!
//! The tokenizer is written for news text: "U.S.", "Mr.", "Jan." and initials
//! such as "J.K." stay one token; possessives split off ("Kelly" + "'s", with
//! straight or curly apostrophes); hyphenated words ("short-lived",
//! "COVID-19") stay whole; every other punctuation mark is a token of its own.
//! A line break always ends a sentence, because headlines, datelines and
//! tables are laid out in lines.
//!
//! ```
//! use lede::text::Document;
//! let doc = Document::new("Mr. Kelly's visit to the U.S. ended.\nNext line");
//! let words: Vec<&str> = doc.tokens.iter().map(|t| doc.token_text(t)).collect();
//! assert_eq!(words, ["Mr.", "Kelly", "'s", "visit", "to", "the", "U.S.", "ended", ".", "Next", "line"]);
//! assert_eq!(doc.sentences.len(), 2);
//! ```

mod abbrev;
pub(crate) mod ascii;

use crate::span::Span;
use std::ops::Range;

pub use abbrev::is_abbreviation;

/// What a token is made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// Starts with a letter: "Kelly", "U.S.", "G7", "short-lived".
    Word,
    /// Starts with a digit: "11", "1,234.5", "21st", "5bn".
    Number,
    /// Any other single character: punctuation, quote marks, symbols.
    Punct,
}

/// One token with its byte span.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// Where it is in the text (bytes).
    pub span: Span,
    /// Word, number or punctuation.
    pub kind: TokenKind,
    /// Whitespace comes right before this token (or it starts the text).
    pub space_before: bool,
    /// A line break comes before this token (or it starts the text).
    pub line_start: bool,
}

/// A text split once into tokens, sentences and paragraphs.
#[derive(Clone, Debug)]
pub struct Document<'t> {
    /// The analysed text.
    pub text: &'t str,
    /// Every non-space token, in order.
    pub tokens: Vec<Token>,
    /// Sentences as ranges of token indices, in order, covering every token.
    pub sentences: Vec<Range<usize>>,
    /// Paragraphs as byte spans: each maximal run of non-blank lines' text is
    /// split at line breaks, so one line is one paragraph (trimmed).
    pub paragraphs: Vec<Span>,
}

impl<'t> Document<'t> {
    /// Tokenizes `text` and splits it into sentences and paragraphs.
    pub fn new(text: &'t str) -> Document<'t> {
        let tokens = tokenize(text);
        let sentences = split_sentences(text, &tokens);
        let paragraphs = split_paragraphs(text);
        Document { text, tokens, sentences, paragraphs }
    }

    /// The text of a token.
    #[inline]
    pub fn token_text(&self, t: &Token) -> &'t str {
        &self.text[t.span.start..t.span.end]
    }

    /// The text of the token at index `i`.
    #[inline]
    pub fn word(&self, i: usize) -> &'t str {
        self.token_text(&self.tokens[i])
    }

    /// The span of tokens `range` (which must be non-empty).
    pub fn tokens_span(&self, range: Range<usize>) -> Span {
        Span::new(self.tokens[range.start].span.start, self.tokens[range.end - 1].span.end)
    }

    /// Index of the first token starting at or after byte `offset`.
    pub fn token_at_or_after(&self, offset: usize) -> usize {
        self.tokens.partition_point(|t| t.span.start < offset)
    }
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

fn is_hyphen(c: char) -> bool {
    c == '-' || c == '\u{2010}' || c == '\u{2011}'
}

/// `rest` starts with an "s" that ends the word (after an apostrophe).
fn is_possessive_s(rest: &str) -> bool {
    let mut rc = rest.chars();
    matches!(rc.next(), Some('s' | 'S')) && !rc.next().is_some_and(|x| x.is_alphanumeric())
}

/// Splits `text` into tokens. Linear in the length of the text.
pub fn tokenize(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    // News text has about one token per five bytes, tables and tokenized
    // corpora (spaces around every mark) up to one per three: room for one
    // per four spares most documents the regrowth and its copy.
    let mut tokens = Vec::with_capacity(text.len() / 4 + 1);
    let mut i = 0;
    let mut space_before = true;
    let mut line_start = true;
    let n = text.len();
    let char_at = |i: usize| -> Option<char> { text[i..].chars().next() };
    while i < n {
        // Fast path for ASCII whitespace.
        let b = bytes[i];
        if b == b' ' || b == b'\t' || b == b'\r' {
            space_before = true;
            i += 1;
            continue;
        }
        if b == b'\n' {
            space_before = true;
            line_start = true;
            i += 1;
            continue;
        }
        let c = if b < 0x80 { b as char } else { char_at(i).unwrap() };
        if c.is_whitespace() {
            space_before = true;
            if c == '\u{2028}' || c == '\u{2029}' || c == '\u{85}' {
                line_start = true;
            }
            i += c.len_utf8();
            continue;
        }
        let start = i;
        let kind;
        if c.is_alphanumeric() {
            kind = if c.is_numeric() { TokenKind::Number } else { TokenKind::Word };
            i = scan_word(text, i, kind);
        } else if is_apostrophe(c) && !space_before && is_possessive_s(&text[i + c.len_utf8()..]) {
            // The possessive "'s" of "Kelly's" is a token of its own.
            kind = TokenKind::Word;
            i += c.len_utf8() + 1;
        } else {
            kind = TokenKind::Punct;
            i += c.len_utf8();
        }
        tokens.push(Token { span: Span::new(start, i), kind, space_before, line_start });
        space_before = false;
        line_start = false;
    }
    tokens
}

/// `ASCII_ALNUM[b]`: `b.is_ascii_alphanumeric()`, as one load in the
/// tokenizer's innermost loop.
static ASCII_ALNUM: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    t
};

/// Scans an alphanumeric token starting at `start`; returns its end.
///
/// ASCII letters and digits, nearly every byte of news text, are taken a
/// byte at a time; anything else is decoded and goes through the rules.
fn scan_word(text: &str, start: usize, kind: TokenKind) -> usize {
    let b = text.as_bytes();
    // Letters-and-periods initialisms ("U.S.", "J.K.", "a.m.") and initials
    // ("S. Waugh") both need a period right after the first character: an
    // ASCII first character not followed by one is neither.
    let ascii_no_period = b[start] < 0x80 && b.get(start + 1) != Some(&b'.');
    if kind == TokenKind::Word && !ascii_no_period {
        if let Some(end) = scan_initialism(text, start) {
            return if period_ends_line(text, end - 1) { end - 1 } else { end };
        }
        // A single capital and a period is an initial: "S. Waugh", "George W. Bush".
        let mut cs = text[start..].chars();
        if let (Some(c), Some('.')) = (cs.next(), cs.next()) {
            let after = start + c.len_utf8();
            if c.is_uppercase() && !period_ends_line(text, after) {
                return after + 1;
            }
        }
    }
    let mut i = start;
    while i < b.len() {
        if ASCII_ALNUM[b[i] as usize] {
            i += 1;
            continue;
        }
        let c = if b[i] < 0x80 {
            // Only these ASCII marks can continue a word; anything else
            // (spaces above all) ends it.
            if !matches!(b[i], b'-' | b',' | b'.' | b':' | b'/' | b'\'') {
                break;
            }
            b[i] as char
        } else {
            let c = text[i..].chars().next().unwrap();
            if c.is_alphanumeric() || c == '\u{00AD}' || is_combining(c) {
                i += c.len_utf8();
                continue;
            }
            c
        };
        let at = i;
        let next = match b.get(at + c.len_utf8()) {
            None => None,
            Some(&x) if x < 0x80 => Some(x as char),
            Some(_) => text[at + c.len_utf8()..].chars().next(),
        };
        match (c, next) {
            // Hyphenated words and identifiers: "short-lived", "COVID-19".
            (h, Some(n)) if is_hyphen(h) && n.is_alphanumeric() => {
                // Numbers split at hyphens ("20-30", "1996-08-30") so that the
                // numbers stage sees ranges and dates; words keep them.
                if kind == TokenKind::Number && n.is_numeric() {
                    break;
                }
                i = at + c.len_utf8();
            }
            // Digit groups and decimals: "1,234.5", "12:30", "3/4".
            (',' | '.' | ':' | '/', Some(n)) if kind == TokenKind::Number && n.is_ascii_digit() => {
                i = at + 1;
            }
            // Apostrophes inside words: "O'Neill", "don't"; but "Kelly's" splits.
            (a, Some(n)) if is_apostrophe(a) && n.is_alphabetic() => {
                if is_possessive_s(&text[at + a.len_utf8()..]) {
                    break;
                }
                i = at + c.len_utf8();
            }
            _ => break,
        }
    }
    // Abbreviations take their period: "Mr.", "Jan.", "Corp.".
    if kind == TokenKind::Word && b.get(i) == Some(&b'.') && is_abbreviation(&text[start..i]) && !period_ends_line(text, i) {
        i += 1;
    }
    i
}

/// The period at byte `at` is the last thing on its line: it ends the
/// sentence, and an abbreviation before it gives it up ("in Troy, Mich." →
/// "Mich" + "."), as news text has one period for both.
fn period_ends_line(text: &str, at: usize) -> bool {
    text[at + 1..].bytes().find(|&b| b != b' ' && b != b'\t').is_none_or(|b| b == b'\n' || b == b'\r')
}

fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// "U.S.", "J.K.", "a.m.", "U.S.A.": single letters each followed by a period,
/// at least two of them. Returns the end after the last period.
fn scan_initialism(text: &str, start: usize) -> Option<usize> {
    let b = text.as_bytes();
    let mut i = start;
    let mut count = 0;
    loop {
        let c = text[i..].chars().next()?;
        if !c.is_alphabetic() {
            break;
        }
        let after = i + c.len_utf8();
        if b.get(after) != Some(&b'.') {
            break;
        }
        count += 1;
        i = after + 1;
        if i >= b.len() {
            break;
        }
    }
    if count >= 2 {
        // Not when a letter follows right away ("U.S.based" stays split anyway).
        Some(i)
    } else {
        None
    }
}

const CLOSERS: &[&str] = &["\"", "'", "\u{201D}", "\u{2019}", ")", "]", "\u{00BB}"];

/// Splits tokens into sentences: at `.`, `!`, `?` (and a closing quote or
/// bracket after them) before a capital, digit or opening mark; after an
/// abbreviation only when a line break follows; always at a line break.
fn split_sentences(text: &str, tokens: &[Token]) -> Vec<Range<usize>> {
    // About one sentence per twenty tokens in news text.
    let mut out = Vec::with_capacity(tokens.len() / 16 + 1);
    let mut start = 0;
    let mut i = 0;
    while i < tokens.len() {
        if i > start && tokens[i].line_start {
            out.push(start..i);
            start = i;
        }
        // Every terminal ends in one of these bytes (0xA6 ends "\u{2026}"):
        // most tokens are ruled out by one compare of their last byte (a
        // token is never empty), before any slicing of the text.
        if !matches!(text.as_bytes()[tokens[i].span.end - 1], b'.' | b'!' | b'?' | 0xA6) {
            i += 1;
            continue;
        }
        let t = &text[tokens[i].span.start..tokens[i].span.end];
        let terminal = matches!(t, "." | "!" | "?" | "\u{2026}")
            || (t.len() > 2 && t.ends_with('.') && scan_initialism(t, 0) == Some(t.len()) && i + 1 < tokens.len() && {
                // "U.S." ends a sentence only before a capitalised common word
                // start; keep it simple: before a line break.
                tokens[i + 1].line_start
            });
        if terminal {
            let mut j = i + 1;
            while j < tokens.len() && !tokens[j].space_before && CLOSERS.contains(&&text[tokens[j].span.start..tokens[j].span.end]) {
                j += 1;
            }
            let next_starts = j >= tokens.len()
                || tokens[j].line_start
                || text[tokens[j].span.start..]
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || c.is_numeric() || "\"'\u{201C}\u{2018}(\u{00AB}".contains(c));
            if next_starts && j > start {
                out.push(start..j);
                start = j;
                i = j;
                continue;
            }
        }
        i += 1;
    }
    if start < tokens.len() {
        out.push(start..tokens.len());
    }
    out
}

/// Each non-blank line, trimmed, is a paragraph.
///
/// Lines end at "\n" and at U+2029 (bytes E2 80 A9), found by bytes.
fn split_paragraphs(text: &str) -> Vec<Span> {
    // About one line per 130 bytes in news text.
    let mut out = Vec::with_capacity(text.len() / 100 + 1);
    let b = text.as_bytes();
    let mut line_start = 0;
    let mut i = 0;
    loop {
        let brk = match b.get(i) {
            None => Some(0),
            Some(b'\n') => Some(1),
            Some(0xE2) if b.get(i + 1) == Some(&0x80) && b.get(i + 2) == Some(&0xA9) => Some(3),
            Some(_) => None,
        };
        let Some(len) = brk else {
            // Skip to the next byte that may break a line.
            i = next_line_byte(b, i + 1);
            continue;
        };
        let line = &text[line_start..i];
        let lead = line.len() - line.trim_start().len();
        let trimmed = line.trim();
        if !trimmed.is_empty() {
            let s = line_start + lead;
            out.push(Span::new(s, s + trimmed.len()));
        }
        if len == 0 {
            break;
        }
        line_start = i + len;
        i += len;
    }
    out
}

/// The index of the first "\n" or 0xE2 byte (which may start U+2029) of
/// `b` at or after `from`, or `b.len()`.
///
/// Eight bytes at a time: a paragraph is a whole line, and a byte-by-byte
/// search cost more than the tokenizer's own pass over the same bytes.
fn next_line_byte(b: &[u8], from: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Whether some byte of `x` is zero (exact as a yes/no answer).
    let has_zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH != 0;
    let mut i = from;
    while let Some(chunk) = b.get(i..i + 8) {
        let x = u64::from_le_bytes(chunk.try_into().unwrap());
        if has_zero(x ^ (ONES * b'\n' as u64)) || has_zero(x ^ (ONES * 0xE2)) {
            break;
        }
        i += 8;
    }
    i + b[i.min(b.len())..].iter().position(|&x| x == b'\n' || x == 0xE2).unwrap_or(b.len().saturating_sub(i))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte scan of [`split_paragraphs`] against the obvious char loop.
    #[test]
    fn next_line_byte_finds_the_first_break_byte() {
        let naive = |b: &[u8], from: usize| from + b[from..].iter().position(|&x| x == b'\n' || x == 0xE2).unwrap_or(b.len() - from);
        let mut state = crate::testing::XorShift::new(7);
        for round in 0..2000 {
            let len = round % 40;
            // Mostly letters, sometimes a line break, 0xE2 or a byte one off either.
            let b: Vec<u8> = (0..len)
                .map(|_| match state.below(30) {
                    0 => b'\n',
                    1 => 0xE2,
                    2 => 0x0B,
                    3 => 0xE3,
                    4 => 0x8A,
                    5 => 0x00,
                    _ => b'a' + state.below(26) as u8,
                })
                .collect();
            for from in 0..=len {
                assert_eq!(next_line_byte(&b, from), naive(&b, from), "{b:?} from {from}");
            }
        }
    }

    #[test]
    fn paragraphs_match_the_char_loop() {
        fn reference(text: &str) -> Vec<Span> {
            let mut out = Vec::new();
            let mut line_start = 0;
            for (i, c) in text.char_indices().chain(std::iter::once((text.len(), '\n'))) {
                if c == '\n' || c == '\u{2029}' {
                    let line = &text[line_start..i];
                    let lead = line.len() - line.trim_start().len();
                    let trimmed = line.trim();
                    if !trimmed.is_empty() {
                        out.push(Span::new(line_start + lead, line_start + lead + trimmed.len()));
                    }
                    line_start = i + c.len_utf8();
                }
            }
            out
        }
        let parts = ["a", " ", "\n", "\u{2029}", "\u{2028}", "\u{2026}", "\u{2019}", "\u{00A0}", "bc", "\r\n", "\t"];
        let mut rng = crate::testing::XorShift::new(0xfeed_f00d_1234_5678);
        for _ in 0..2000 {
            let text: String = (0..rng.below(12)).map(|_| parts[rng.below(parts.len())]).collect();
            assert_eq!(split_paragraphs(&text), reference(&text), "{text:?}");
        }
    }

    fn words(text: &str) -> Vec<&str> {
        tokenize(text).iter().map(|t| &text[t.span]).collect()
    }

    #[test]
    fn news_tokens() {
        let cases: &[(&str, &[&str])] = &[
            ("U.S. officials", &["U.S.", "officials"]),
            ("J.K. Rowling", &["J.K.", "Rowling"]),
            ("Mr. Kelly's plan", &["Mr.", "Kelly", "'s", "plan"]),
            ("Jones\u{2019} dog", &["Jones", "\u{2019}", "dog"]),
            ("Kelly\u{2019}s plan", &["Kelly", "\u{2019}s", "plan"]),
            ("O'Neill won't", &["O'Neill", "won't"]),
            ("short-lived COVID-19 G7", &["short-lived", "COVID-19", "G7"]),
            ("$1,234.5 and 20-30", &["$", "1,234.5", "and", "20", "-", "30"]),
            ("1996-08-30", &["1996", "-", "08", "-", "30"]),
            ("St. Louis, Mo., said", &["St.", "Louis", ",", "Mo.", ",", "said"]),
            // A line-final period ends the sentence, not the abbreviation.
            ("Troy, Mich.\nNext", &["Troy", ",", "Mich", ".", "Next"]),
            ("in the U.S.", &["in", "the", "U.S", "."]),
            ("in the U.S. \r\nNext", &["in", "the", "U.S", ".", "Next"]),
            // Single-letter initials.
            ("S. Waugh and George W. Bush", &["S.", "Waugh", "and", "George", "W.", "Bush"]),
            ("(N. Knight 113)", &["(", "N.", "Knight", "113", ")"]),
            // False positives: a lone lowercase letter or a final capital is not an initial.
            ("plan a. Then", &["plan", "a", ".", "Then"]),
            ("Plan B.\nThen", &["Plan", "B", ".", "Then"]),
            ("“We’re out,” he said.", &["“", "We’re", "out", ",", "”", "he", "said", "."]),
            ("21st 5bn 11m", &["21st", "5bn", "11m"]),
            ("naïve café", &["naïve", "café"]),
        ];
        for (text, want) in cases {
            assert_eq!(words(text), *want, "tokenizing {text:?}");
        }
    }

    #[test]
    fn sentences_and_lines() {
        let d = Document::new("He left. She stayed in the U.S. for years.\nLONDON 1996-08-30\n\"Yes.\" He nodded.");
        let s: Vec<String> = d
            .sentences
            .iter()
            .map(|r| d.text[d.tokens_span(r.clone())].to_string())
            .collect();
        assert_eq!(s, ["He left.", "She stayed in the U.S. for years.", "LONDON 1996-08-30", "\"Yes.\"", "He nodded."]);
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        let d = Document::new("Mr. Smith met Dr. Jones on Jan. 5 at St. Paul's.");
        assert_eq!(d.sentences.len(), 1);
        let d = Document::new("Surrey 468 (C. Lewis 94, M. Butcher 70, J. K. Rowling 63).");
        assert_eq!(d.sentences.len(), 1);
    }

    #[test]
    fn paragraphs_are_lines() {
        let d = Document::new("  One.\n\nTwo\r\n Three ");
        let p: Vec<&str> = d.paragraphs.iter().map(|&s| &d.text[s]).collect();
        assert_eq!(p, ["One.", "Two", "Three"]);
    }

    #[test]
    fn empty_and_odd_input() {
        assert!(Document::new("").tokens.is_empty());
        assert!(Document::new("\n\n  \t").sentences.is_empty());
        let d = Document::new("\u{1F600}\u{200D}x \u{0301}a");
        for t in &d.tokens {
            assert!(d.text.is_char_boundary(t.span.start) && d.text.is_char_boundary(t.span.end));
        }
    }
}
