//! Pairs opening and closing quotation marks.
//!
//! News text mixes straight and curly marks, gets their direction wrong
//! (`“It's unusual,“ said`), uses the same characters as apostrophes
//! (`don’t`, `’90s`, `Jones’`), inch marks (`6'2"`) and markup attributes
//! (`id="672"`, `date="May 9">`). So a mark's role is read from what flanks it, like
//! CommonMark's emphasis rules: a mark with a letter after it and a space
//! before it opens, a mark with a letter before it and a space or punctuation
//! after it closes; only when both or neither side says so does the glyph's
//! own direction decide. A mark opening a line with nothing open opens,
//! whatever its glyph (`” … what I learned`), and invisible formatting
//! characters before a mark count as space.
//!
//! Double marks (`"` `“` `”` `„` `«` `»`) pair with each other; single marks
//! (`'` `‘` `’` `‹` `›`) pair only outside a double quote (inside one they are
//! nested quotes and belong to it). A double quote left open at the end of a
//! line continues when the next line opens with a mark (the multi-paragraph
//! convention) or carries on a sentence broken by a hard line wrap;
//! otherwise it closes at the line's end. A single quote left open is
//! dropped: it was most likely an elision (`'em`, `'til`). One pass, no
//! backtracking: linear in the text however the marks are arranged.
//!
//! Two apostrophes or backticks in a row (`''…''`, ``` ``…'' ```) are the
//! typewriter spelling of a double mark in wire copy and LDC archives. They
//! are read as quotation marks only when asked ([`pair_with`] with
//! `typewriter`): the annotated news this crate is measured on classes such
//! passages as indirect speech, and a run of apostrophes is otherwise never a
//! mark (neither of the two may open or close a single quote).

use crate::span::Span;

/// One paired quotation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Marked {
    /// From the opening mark to just after the closing mark (or to the end of
    /// the line where an unclosed quote was cut).
    pub span: Span,
    /// Between the marks.
    pub inner: Span,
    /// Made of single marks.
    pub single: bool,
    /// A closing mark was found.
    pub closed: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Open,
    Close,
    Either,
    Neither,
}

fn is_double(c: char) -> bool {
    matches!(c, '"' | '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{00AB}' | '\u{00BB}')
}

fn is_single(c: char) -> bool {
    matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{2039}' | '\u{203A}')
}

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '\u{2013}' | '\u{2014}' | '\u{2015}' | '/')
}

/// A mark after `prev` may open: nothing or space or an opening bracket,
/// dash or other mark before it.
fn open_side(prev: Option<char>) -> bool {
    match prev {
        None => true,
        Some(p) => p.is_whitespace() || is_format(p) || matches!(p, '(' | '[' | '{' | '<' | '>') || is_dash(p) || is_double(p) || is_single(p),
    }
}

/// An invisible formatting character (zero-width space and joiners,
/// direction marks and embeddings, word joiner, byte-order mark): pasted
/// text carries them before a mark (`\u{202A}”Sorry Sarah`), where they
/// stand for nothing and count as space.
fn is_format(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}')
}

/// The mark with `prev` and `prev2` before it opens its line (invisible
/// formatting characters aside).
fn at_line_start(prev: Option<char>, prev2: Option<char>) -> bool {
    prev.is_none() || (prev.is_some_and(is_format) && prev2.is_none())
}

/// A mark before `next` may close: nothing, space or punctuation after it.
fn close_side(next: Option<char>) -> bool {
    match next {
        None => true,
        Some(n) => !n.is_alphanumeric(),
    }
}

fn role(c: char, prev: Option<char>, next: Option<char>) -> Role {
    let left = next.is_some_and(|n| !n.is_whitespace()) && open_side(prev);
    let right = prev.is_some_and(|p| !p.is_whitespace()) && close_side(next);
    match (left, right) {
        (true, false) => Role::Open,
        (false, true) => Role::Close,
        _ => match c {
            '\u{201C}' | '\u{201E}' | '\u{00AB}' | '\u{2018}' | '\u{2039}' => Role::Open,
            '\u{201D}' | '\u{00BB}' | '\u{2019}' | '\u{203A}' => Role::Close,
            '"' => Role::Either,
            _ => Role::Neither,
        },
    }
}

/// Terminal punctuation: a line ending in one of these ends its sentence.
fn ends_sentence(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | ':' | ';' | '\u{2026}') || is_double(c) || is_single(c)
}

struct Open {
    start: usize,
    mark_len: usize,
    /// Opened by a straight `"` (or `''`).
    straight: bool,
}

/// A curly opening double mark or guillemet.
fn is_curly_opener(c: char) -> bool {
    matches!(c, '\u{201C}' | '\u{201E}' | '\u{00AB}')
}

/// The open marks and the quotations found so far: the state machine both
/// the byte-skipping scanner and the char-by-char reference in the tests
/// drive, so that they differ only in which characters they visit.
#[derive(Default)]
struct Pairs {
    out: Vec<Marked>,
    dbl: Option<Open>,
    sgl: Option<Open>,
    /// Inside typewriter double marks read as apostrophes (`''…''` with
    /// the convention off): single marks there are the passage's nested
    /// quotes (`''He said, 'No.' ''`), not quotations of their own.
    typewriter_open: bool,
}

impl Pairs {
    /// Ends the open double quote at `end`, without a closing mark.
    fn cut(&mut self, end: usize) {
        if let Some(o) = self.dbl.take() {
            let end = end.max(o.start + o.mark_len);
            let inner = Span::new((o.start + o.mark_len).min(end), end);
            self.out.push(Marked { span: Span::new(o.start, end), inner, single: false, closed: false });
        }
    }

    /// The first non-space character `c` of a line, after a line that ended
    /// at `end` with `last` while a double quote was open: the quote goes on
    /// when the line opens with a double mark again (a continued paragraph)
    /// or in lowercase after no sentence end (a hard wrap); otherwise it is
    /// cut at `end`. True when `c` is the repeated opening mark, which then
    /// means nothing more.
    fn line_start(&mut self, c: char, next: Option<char>, end: usize, last: char) -> bool {
        if self.stray_straight(c, role(c, None, next)) {
            return false;
        }
        let continues = (is_double(c) && role(c, None, next) != Role::Close) || (c.is_lowercase() && !ends_sentence(last));
        if !continues {
            self.cut(end);
        }
        continues && is_double(c)
    }

    /// A straight `"` left open when a curly opening mark comes (`"Kevin
    /// was snoring.↵↵“Here he is, babe,” she said`, `"Trump walked onto the
    /// stage, chanting “U-S-A!”`): a text that prints curly marks does not
    /// nest curly double marks in straight ones, so the straight mark was a
    /// stray (left over from a copy, a mangled paste) and is dropped; the
    /// curly mark (role `r`) opens. True when it was dropped.
    fn stray_straight(&mut self, c: char, r: Role) -> bool {
        let stray = is_curly_opener(c) && r == Role::Open && self.dbl.as_ref().is_some_and(|o| o.straight);
        if stray {
            self.dbl = None;
        }
        stray
    }

    /// A character `c` (`len` bytes, at byte `i`) between `prev`/`prev2`
    /// and `next`: opens or closes a quotation when it is a mark in that
    /// position.
    #[allow(clippy::too_many_arguments)]
    fn visit(&mut self, text: &str, i: usize, len: usize, c: char, prev: Option<char>, prev2: Option<char>, next: Option<char>) {
        if is_double(c) {
            // `="` and `">` are markup (`<tweet id="6721">`); a digit
            // before `"` is an inch mark unless it closes an open quote
            // (and is not `6'2"`).
            let skip = c == '"'
                && (prev == Some('=')
                    || next == Some('>')
                    || (prev.is_some_and(|p| p.is_ascii_digit()) && (self.dbl.is_none() || prev2 == Some('\''))));
            if skip {
                return;
            }
            match (&self.dbl, role(c, prev, next)) {
                // Nothing is open for a mark opening its line to close:
                // a closing glyph there opens (`” … what I learned`, the
                // wrong glyph before an elided start).
                (None, r) if r != Role::Neither && (r != Role::Close || at_line_start(prev, prev2)) => {
                    self.sgl = None;
                    self.dbl = Some(Open { start: i, mark_len: len, straight: c == '"' });
                }
                (Some(o), Role::Close | Role::Either) => {
                    let end = i + len;
                    self.out.push(Marked {
                        span: Span::new(o.start, end),
                        inner: Span::new(o.start + o.mark_len, i),
                        single: false,
                        closed: true,
                    });
                    self.dbl = None;
                }
                _ => {}
            }
        } else if is_single(c) && self.dbl.is_none() && !self.typewriter_open {
            let digit_after = next.is_some_and(|n| n.is_ascii_digit());
            let foot = c == '\'' && prev.is_some_and(|p| p.is_ascii_digit());
            match role(c, prev, next) {
                Role::Open | Role::Either if !digit_after && !foot && c != '\u{2019}' && c != '\u{203A}' => {
                    self.sgl = Some(Open { start: i, mark_len: len, straight: c == '\'' });
                }
                Role::Close | Role::Either if !foot && !next.is_some_and(|n| n.is_alphabetic()) => {
                    if let Some(o) = self.sgl.take() {
                        let inner = Span::new(o.start + o.mark_len, i);
                        if text[inner].chars().filter(|ch| ch.is_alphabetic()).take(2).count() == 2 {
                            self.out.push(Marked { span: Span::new(o.start, i + len), inner, single: true, closed: true });
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// A run of two or more apostrophes or backticks between `prev` and
    /// `next`, with the typewriter convention off: no mark, but it opens or
    /// closes a passage whose single marks are left alone.
    fn apostrophes(&mut self, prev: Option<char>, next: Option<char>) {
        if self.dbl.is_some() {
            return;
        }
        match role('"', prev, next) {
            Role::Open if !self.typewriter_open => {
                self.typewriter_open = true;
                self.sgl = None;
            }
            Role::Close if self.typewriter_open => self.typewriter_open = false,
            Role::Either => {
                self.typewriter_open = !self.typewriter_open;
                self.sgl = None;
            }
            _ => {}
        }
    }

    /// A line break: single quotes and typewriter passages end there.
    fn line_break(&mut self) {
        self.sgl = None;
        self.typewriter_open = false;
    }

    /// Cuts a quote still open at the end of the text at `end`; the
    /// quotations in order of their opening marks.
    fn finish(mut self, end: usize) -> Vec<Marked> {
        self.cut(end);
        self.out.sort_by_key(|m| m.span.start);
        self.out
    }
}

/// Bytes that may change the scanner's state: ASCII marks and line breaks,
/// and the lead bytes of the curly marks, guillemets and Unicode line
/// separators (U+2018–U+201F, U+2039, U+203A, U+2028, U+2029 start with
/// 0xE2; U+00AB and U+00BB with 0xC2). Every other byte is skipped without
/// decoding: most of a text is letters, and the scan is most of the quote
/// stage's time.
const INTERESTING: [bool; 256] = {
    let mut t = [false; 256];
    t[b'"' as usize] = true;
    t[b'\'' as usize] = true;
    t[b'`' as usize] = true;
    t[b'\n' as usize] = true;
    t[0xE2] = true;
    t[0xC2] = true;
    t
};

fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\u{2028}' | '\u{2029}')
}

/// A backtick stands for an opening single mark.
fn normalize(c: char) -> char {
    if c == '`' {
        '\u{2018}'
    } else {
        c
    }
}

/// The character before byte `i` and the one before that, within the line
/// (`None` at a line start).
fn prev_chars(text: &str, i: usize) -> (Option<char>, Option<char>) {
    let mut it = text[..i].chars().rev();
    let p = match it.next() {
        Some(c) if !is_line_break(c) => normalize(c),
        _ => return (None, None),
    };
    let p2 = it.next().filter(|&c| !is_line_break(c)).map(normalize);
    (Some(p), p2)
}

/// Just past the last non-space character before byte `i`, and that
/// character. Only asked at a line break with a quote open, and it walks
/// back over spaces only, so the scan stays linear.
fn last_nonspace_before(text: &str, i: usize) -> (usize, char) {
    text[..i].char_indices().rev().find(|&(_, c)| !c.is_whitespace()).map_or((0, ' '), |(k, c)| (k + c.len_utf8(), normalize(c)))
}

/// Every quotation in `text`, in order of their opening marks, with
/// typewriter double marks read as apostrophes (see [`pair_with`]).
pub fn pair(text: &str) -> Vec<Marked> {
    pair_with(text, false)
}

/// Like [`pair`]; with `typewriter`, two apostrophes or backticks in a row
/// are a double mark (`''We will,'' he said.`, ``` ``Yes.'' ```), else they
/// are apostrophes and never a mark.
pub fn pair_with(text: &str, typewriter: bool) -> Vec<Marked> {
    let mut pairs = Pairs::default();
    // End of the last line's text while a double quote is open across a line
    // break, with that line's last character.
    let mut pending: Option<(usize, char)> = None;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if pending.is_none() {
            while i < bytes.len() && !INTERESTING[bytes[i] as usize] {
                i += 1;
            }
            if i >= bytes.len() {
                break;
            }
        } else {
            // The first character of the next line decides whether the open
            // quote continues.
            match text[i..].char_indices().find(|&(_, c)| !c.is_whitespace()) {
                Some((k, _)) => i += k,
                None => break,
            }
        }
        let Some(raw) = text[i..].chars().next() else { break };
        let mut len = raw.len_utf8();
        let mut next = text[i + len..].chars().next();
        let mut c = raw;
        // Two single marks or backticks stand for a double one (`''…''`,
        // ```…''`): typewriter style, common in wire copy. Without the
        // convention the whole run is apostrophes: no mark at all.
        if (c == '\'' || c == '`') && next == Some(c) && !typewriter {
            if let Some((end, last)) = pending.take() {
                pairs.line_start(normalize(c), next, end, last);
            }
            let run = text[i..].bytes().take_while(|&b| b == c as u8).count();
            let (prev, _) = prev_chars(text, i);
            pairs.apostrophes(prev, text[i + run..].chars().next().map(normalize));
            i += run;
            continue;
        }
        if (c == '\'' || c == '`') && next == Some(c) {
            len = 2;
            next = text[i + len..].chars().next();
            c = if c == '`' { '\u{201C}' } else { '"' };
        } else {
            c = normalize(c);
        }
        if is_line_break(c) {
            pairs.line_break();
            if pairs.dbl.is_some() && pending.is_none() {
                pending = Some(last_nonspace_before(text, i));
            }
            i += len;
            continue;
        }
        if c.is_whitespace() {
            i += len;
            continue;
        }
        let (prev, prev2) = prev_chars(text, i);
        if let Some((end, last)) = pending.take() {
            if pairs.line_start(c, next, end, last) {
                i += len;
                continue;
            }
        }
        pairs.visit(text, i, len, c, prev, prev2, next);
        i += len;
    }
    let end = match pending {
        Some((end, _)) => end,
        None => last_nonspace_before(text, text.len()).0,
    };
    pairs.finish(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quoted(text: &str) -> Vec<&str> {
        pair(text).into_iter().map(|m| &text[m.span]).collect()
    }

    #[test]
    fn pairs() {
        let cases: &[(&str, &[&str])] = &[
            ("He said \"yes\" and left.", &["\"yes\""]),
            ("\u{201C}We will,\u{201D} he said.", &["\u{201C}We will,\u{201D}"]),
            ("\u{201C}It's unusual,\u{201C} said Noble.", &["\u{201C}It's unusual,\u{201C}"]),
            ("\"Mixed marks\u{201D} happen.", &["\"Mixed marks\u{201D}"]),
            ("\u{00AB}Oui,\u{00BB} dit-il.", &["\u{00AB}Oui,\u{00BB}"]),
            ("Kasich: \u{2018}We Are Going To Cleveland.\u{2019}", &["\u{2018}We Are Going To Cleveland.\u{2019}"]),
            ("She said 'no way' twice.", &["'no way'"]),
            ("\u{201C}He called it \u{2018}fake\u{2019} news,\u{201D} she said.", &["\u{201C}He called it \u{2018}fake\u{2019} news,\u{201D}"]),
            ("\"Open to the end\nNext line.", &["\"Open to the end"]),
            ("\"First paragraph.\n\n\"Second paragraph.\" he said.", &["\"First paragraph.\n\n\"Second paragraph.\""]),
            ("\"broken across\na hard wrap\" here.", &["\"broken across\na hard wrap\""]),
            // A straight mark left open at a paragraph's end before a
            // paragraph opening with a curly mark is a stray, dropped.
            ("\"Kevin was snoring.\n\n\u{201C}Here he is, babe,\u{201D} she said.", &["\u{201C}Here he is, babe,\u{201D}"]),
            // The continuation convention with one style of marks stays.
            ("\u{201C}First paragraph.\n\n\u{201C}Second.\u{201D} he said.", &["\u{201C}First paragraph.\n\n\u{201C}Second.\u{201D}"]),
            // Curly marks nested in a straight quote on one line stay nested.
            ("\"PENCE: He thinks this is an episode of \u{201C}Shark Tank.\u{201D} It is not.\" Then", &["\"PENCE: He thinks this is an episode of \u{201C}Shark Tank.\u{201D}"]),
            // A closing glyph opening a line, where nothing is open, opens
            // (an elided start, `” …`), and so does a mark after an
            // invisible direction mark.
            ("Intro.\n\n\u{201D} \u{2026} what I learned is that,\u{201D} he said.", &["\u{201D} \u{2026} what I learned is that,\u{201D}"]),
            ("Intro.\n\u{202A}\u{201D}Sorry Sarah, you should have,\u{201D} wrote Ann.", &["\u{201D}Sorry Sarah, you should have,\u{201D}"]),
            // Markup attributes around a quote in the tag's content.
            ("<tweet author=\"@x\" date=\"March 9, 2016\">\u{201C}Very good.\u{201D}", &["\u{201C}Very good.\u{201D}"]),
        ];
        for (text, want) in cases {
            assert_eq!(quoted(text), *want, "{text:?}");
        }
    }

    #[test]
    fn typewriter_marks() {
        // (text, quotations with the typewriter convention on, and off)
        let cases: &[(&str, &[&str], &[&str])] = &[
            ("''We will,'' he said. ``Yes.''", &["''We will,''", "``Yes.''"], &[]),
            ("He called it ''a disgrace.''", &["''a disgrace.''"], &[]),
            ("``Never,'' she said.", &["``Never,''"], &[]),
            // Nested single marks inside typewriter double ones.
            // Without the convention they are still nested quotes of the
            // passage, not quotations of their own.
            ("''He said `no' twice,'' she said.", &["''He said `no' twice,''"], &[]),
            ("''I said, 'No boots on the ground,' and meant it.''", &["''I said, 'No boots on the ground,' and meant it.''"], &[]),
            ("''He said, 'Eight years.'.'' Then 'this' was quoted.", &["''He said, 'Eight years.'.''", "'this'"], &["'this'"]),
            // Ordinary marks are read the same either way.
            ("\"We will,\" he said.", &["\"We will,\""], &["\"We will,\""]),
            ("''First paragraph.\n\n''Second.'' he said.", &["''First paragraph.\n\n''Second.''"], &[]),
        ];
        for (text, on, off) in cases {
            let got = |typewriter| pair_with(text, typewriter).into_iter().map(|m| &text[m.span]).collect::<Vec<_>>();
            assert_eq!(got(true), *on, "{text:?} with the convention");
            assert_eq!(got(false), *off, "{text:?} without");
        }
        // The default is off.
        assert_eq!(quoted("''We will,'' he said."), Vec::<&str>::new());
    }

    #[test]
    fn false_positives() {
        let cases: &[&str] = &[
            "Don\u{2019}t stop rock \u{2019}n\u{2019} roll in the \u{2019}90s at Jones\u{2019} house.",
            "Don't stop rock 'n' roll in the '90s at Jones' house.",
            "He is 6'2\" and she is 5'8\" tall.",
            "A 12\" pizza.",
            "<tweet id=\"6721\" author=\"@x\">",
            "Stray close\u{201D} mark.",
            // A closing glyph opens only at a line start, with nothing open.
            "One \u{201D} two.",
            "<tweet tweet-author=\"@tedcruz\" tweet-date=\"January 19, 2016\n\">I love her",
        ];
        for text in cases {
            assert_eq!(quoted(text), Vec::<&str>::new(), "{text:?}");
        }
    }

    /// The scanner as first written, visiting every character: the
    /// reference the byte-skipping [`pair`] must agree with.
    fn pair_reference(text: &str, typewriter: bool) -> Vec<Marked> {
        let mut pairs = Pairs::default();
        let mut pending: Option<(usize, char)> = None;
        let mut prev: Option<char> = None;
        // The character before `prev`, for inch marks (`6'2"`).
        let mut prev2: Option<char> = None;
        let mut last_nonspace: (usize, char) = (0, ' ');
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let mut next = chars.peek().map(|&(_, n)| n);
            let mut c = c;
            let mut len = c.len_utf8();
            if (c == '\'' || c == '`') && next == Some(c) && !typewriter {
                if let Some((end, last)) = pending.take() {
                    pairs.line_start(normalize(c), next, end, last);
                }
                let mut end = i + len;
                while chars.peek().is_some_and(|&(_, n)| n == c) {
                    end += chars.next().map_or(0, |(_, n)| n.len_utf8());
                }
                pairs.apostrophes(prev, chars.peek().map(|&(_, n)| normalize(n)));
                last_nonspace = (end, normalize(c));
                prev2 = Some(normalize(c));
                prev = Some(normalize(c));
                continue;
            }
            if (c == '\'' || c == '`') && next == Some(c) {
                chars.next();
                next = chars.peek().map(|&(_, n)| n);
                c = if c == '`' { '\u{201C}' } else { '"' };
                len = 2;
            } else {
                c = normalize(c);
            }
            if is_line_break(c) {
                pairs.line_break();
                if pairs.dbl.is_some() && pending.is_none() {
                    pending = Some(last_nonspace);
                }
                prev = None;
                prev2 = None;
                continue;
            }
            if c.is_whitespace() {
                prev2 = prev;
                prev = Some(c);
                continue;
            }
            last_nonspace = (i + len, c);
            let skip = match pending.take() {
                Some((end, last)) => pairs.line_start(c, next, end, last),
                None => false,
            };
            if !skip {
                pairs.visit(text, i, len, c, prev, prev2, next);
            }
            prev2 = prev;
            prev = Some(c);
        }
        let end = match pending {
            Some((end, _)) => end,
            None => last_nonspace.0,
        };
        pairs.finish(end)
    }

    /// The byte-skipping scanner finds exactly what the char-by-char one
    /// does, on random texts made of the characters that matter.
    #[test]
    fn agrees_with_the_reference() {
        const ALPHABET: &[&str] = &[
            "\"", "'", "`", "\u{201C}", "\u{201D}", "\u{2018}", "\u{2019}", "\u{00AB}", "\u{00BB}", "\u{201E}", "\u{2039}",
            "\u{203A}", "\n", "\u{2029}", " ", "\u{00A0}", "a", "We", "s", "6", ".", ",", "=", "-", "\u{2014}", "(", ":", "?",
            "\u{00E9}", "\u{2026}", "\r",
        ];
        let mut rng = crate::testing::XorShift::new(0x9E37_79B9_7F4A_7C15);
        let mut next = |n: usize| rng.below(n);
        for _ in 0..20_000 {
            let len = 1 + next(24);
            let text: String = (0..len).map(|_| ALPHABET[next(ALPHABET.len())]).collect();
            for typewriter in [false, true] {
                assert_eq!(pair_with(&text, typewriter), pair_reference(&text, typewriter), "{text:?} {typewriter}");
            }
        }
        for text in ["He said \"yes\" and left.", "''We will,'' he said. ``Yes.''", "\"First paragraph.\n\n\"Second.\" he said.", "6'2\" tall", "\"Open\n'''x"] {
            for typewriter in [false, true] {
                assert_eq!(pair_with(text, typewriter), pair_reference(text, typewriter), "{text:?} {typewriter}");
            }
        }
    }

    #[test]
    fn many_marks_stay_linear() {
        let text = "\"".repeat(100_000);
        let t = std::time::Instant::now();
        let found = pair(&text);
        assert!(found.len() <= 50_000);
        let text = "\u{201C}".repeat(100_000) + "\n" + &"'a ".repeat(100_000);
        pair(&text);
        let text = "''a ".repeat(50_000) + &"'".repeat(100_000);
        pair_with(&text, false);
        pair_with(&text, true);
        assert!(t.elapsed().as_secs() < 2);
    }
}
