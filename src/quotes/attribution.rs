//! Who said a quote, and with which words: the attribution grammar.
//!
//! Works on the shared tokens, within the clause around the quote (bounded
//! by sentence punctuation, line breaks and other quotes), trying the shapes
//! news prints, most specific first:
//!
//! | shape                                 | speaker      | cue            |
//! |---------------------------------------|--------------|----------------|
//! | `X said: "…"` / `X told CNN, "…"`     | X, left      | said / told    |
//! | `"…," X said.` / `"…," said X, the …` | X            | said           |
//! | `"…" — X`                             | X            | —              |
//! | `According to X, "…"` / `"…," according to X` | X    | according to   |
//! | `X said that the plan was "dead"`     | X            | said           |
//! | `X was quoted as saying "…"`          | X            | saying         |
//! | `Trump: ‘…’` (headlines)              | Trump        | :              |
//! | `"…," said pollster Frank Luntz`      | pollster Frank Luntz | said   |
//! | `"…," Trump shot back` / `Sanders shot back, "…"` | Trump / Sanders | shot |
//! | `"…," as Cruz said` / `As X puts it, "…"` | Cruz / X | said / puts     |
//! | `his warning that …"…"`               | his          | warning        |
//! | `X condemned what he called "…"`      | X            | called         |
//! | `"PENCE: Well, …"` (transcripts)      | PENCE        | :              |
//! | `"…," according to officials with …` / `according to audio provided by X` | officials / X | according to |
//! | `"…," said X, a …, reports USA Today` | USA Today    | reports        |
//! | `Rubio was asked by moderator X whether "…"` | moderator X | asked     |
//! | `"…" about it, said X, a …`           | X            | said           |
//!
//! Appositives may be long or set off by dashes ("Rich Heffley, a top
//! operative who …, said"; "Gingrich — mentioned as … — told"), and a
//! relative clause may stand between speaker and verb ("a White House
//! official who spoke anonymously … said"). A reporting word after a
//! determiner or possessive is a noun ("Trump's remarks"), not a cue. A cue
//! after the last comma before a fragment governs it before the sentence's
//! outer verb ("…, with Donald Trump tweeting that it was a “disaster”"). A
//! direct quote with no attribution of its own may take the speaker of the
//! sentence right before it when that sentence reports speech
//! ([`previous_sentence`]).
//!
//! A speaker is a pronoun ("he"), a name with its title ("Sen. Ted Cruz"), or
//! a nominal ("a White House spokeswoman"); an appositive between speaker and
//! verb ("Gene Sperling, a top adviser, said") is skipped. Quotes without
//! their own attribution inherit one in [`super`] (same paragraph, or the
//! paragraph before).

use super::lexicon::lookup;
use super::lexicon::{is_adverb, is_filler, is_name_opener, is_preposition, is_pronoun, is_reporting_verb, is_weak_verb};
use crate::span::Span;
use crate::text::{Document, TokenKind};

/// How far (in tokens) to look for a cue or a speaker.
const NEAR: usize = 12;
const FAR: usize = 60;

/// An attribution found for one quote.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Attribution {
    /// The speaker as written.
    pub speaker: Option<Span>,
    /// The reporting verb or phrase.
    pub cue: Option<Span>,
    /// Token index of the cue, when it is a word: quotes sharing a cue are
    /// fragments of one mixed quote.
    pub cue_token: Option<usize>,
}

impl Attribution {
    fn new(speaker: Span, cue: Span, cue_token: Option<usize>) -> Attribution {
        Attribution { speaker: Some(speaker), cue: Some(cue), cue_token }
    }
}

/// Token helpers over one document.
pub struct Tokens<'d, 't> {
    doc: &'d Document<'t>,
}

pub fn is_quote_mark(s: &str) -> bool {
    let mut cs = s.chars();
    match (cs.next(), cs.next()) {
        (Some(c), None) => matches!(
            c,
            '"' | '\'' | '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{00AB}' | '\u{00BB}' | '\u{2018}' | '\u{2019}' | '\u{2039}' | '\u{203A}'
        ),
        _ => false,
    }
}

fn is_dash(s: &str) -> bool {
    matches!(s, "\u{2014}" | "\u{2013}" | "-" | "--" | "\u{2015}")
}

/// Words that end a speaker phrase read leftwards or rightwards: the phrase
/// is a noun phrase, so clause words and most prepositions bound it.
fn is_boundary_word(w: &str) -> bool {
    const STOP: &[&str] = &[
        "that", "which", "whom", "whose", "and", "but", "or", "because", "while", "when", "where", "as", "if", "whether",
        "though", "although", "since", "after", "before", "during", "in", "on", "at", "for", "with", "to", "from",
        "by", "about", "into", "than", "so", "yet", "not", "also", "then", "has", "have", "had", "is", "was", "are",
        "were", "will", "would", "could", "should", "can", "may", "might", "did", "does", "do", "this", "last",
        "earlier", "later", "today", "yesterday", "tonight", "monday", "tuesday", "wednesday", "thursday",
        "friday", "saturday", "sunday", "there", "here", "what", "how", "why", "again", "once", "still", "just",
        "even", "over", "under", "through", "via", "per", "said", "says", "told", "saying",
    ];
    w.len() <= 9 && lookup!(STOP, w)
}

/// The ASCII lower case of a short word, without allocating: `as_str` is
/// empty for words over 16 bytes, which no word list holds.
struct Lower {
    buf: [u8; 16],
    len: usize,
}

impl Lower {
    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or("")
    }
}

fn lower(w: &str) -> Lower {
    let mut buf = [0u8; 16];
    if w.len() > 16 {
        return Lower { buf, len: 0 };
    }
    for (d, s) in buf.iter_mut().zip(w.as_bytes()) {
        *d = s.to_ascii_lowercase();
    }
    Lower { buf, len: w.len() }
}

/// A single capital letter: a name's initial.
fn is_initial(w: &str) -> bool {
    let mut cs = w.chars();
    cs.next().is_some_and(|c| c.is_uppercase()) && cs.next().is_none()
}

fn is_cap(w: &str) -> bool {
    w.chars().next().is_some_and(|c| c.is_uppercase())
}

impl<'d, 't> Tokens<'d, 't> {
    /// Helpers over `doc`'s tokens.
    pub fn new(doc: &'d Document<'t>) -> Tokens<'d, 't> {
        Tokens { doc }
    }

    /// Token `i` opens a line.
    pub fn line_start(&self, i: usize) -> bool {
        self.doc.tokens[i].line_start
    }

    /// First token of the clause before token `i` (see `clause_start`).
    pub fn clause_start_pub(&self, i: usize) -> usize {
        self.clause_start(i, FAR)
    }

    /// Token `i` ends a speaker phrase read rightwards: punctuation, the
    /// end of the text or line, or a preposition opening an adjunct.
    fn ends_phrase(&self, i: usize) -> bool {
        i >= self.len()
            || self.doc.tokens[i].line_start
            || matches!(self.w(i), "." | "," | ";" | ":" | "(" | "!" | "?" | "\u{2014}" | "\u{2013}")
            || matches!(lower(self.w(i)).as_str(), "in" | "on" | "at" | "during" | "after" | "before" | "when" | "while" | "as" | "of" | "from" | "to" | "about" | "last" | "this" | "yesterday" | "today" | "earlier" | "later" | "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday" | "who" | "and")
    }

    /// A reporting verb at `i` (weak ones included).
    pub fn cue_at(&self, i: usize) -> bool {
        self.is_cue(i, false)
    }

    /// The span of token `i`.
    pub fn span(&self, i: usize) -> Span {
        self.doc.tokens[i].span
    }

    /// The token starting at or after byte `offset`.
    pub fn token_at(&self, offset: usize) -> usize {
        self.doc.token_at_or_after(offset)
    }

    /// The text of `span`.
    pub fn text(&self, span: Span) -> &'t str {
        &self.doc.text[span]
    }

    /// The text of token `i`.
    pub fn word(&self, i: usize) -> &'t str {
        self.doc.word(i)
    }

    fn len(&self) -> usize {
        self.doc.tokens.len()
    }

    fn w(&self, i: usize) -> &'t str {
        self.doc.word(i)
    }

    fn is_word(&self, i: usize) -> bool {
        self.doc.tokens[i].kind == TokenKind::Word
    }

    /// True when token `i` ends a clause for attribution purposes.
    fn stops(&self, i: usize) -> bool {
        let w = self.w(i);
        if w == "." && i > 0 && !self.doc.tokens[i].space_before {
            // "John F. Kennedy", "(I-Vt.)", "R-Ky., said": an abbreviation's period.
            if is_initial(self.w(i - 1)) || (i + 1 < self.len() && matches!(self.w(i + 1), ")" | ",")) {
                return false;
            }
            // "(D-N.Y.)": a period inside a word.
            if i + 1 < self.len() && !self.doc.tokens[i + 1].space_before && self.is_word(i + 1) && !self.doc.tokens[i + 1].line_start {
                return false;
            }
        }
        if matches!(w, "." | "!" | "?" | ";" | "\u{2026}") {
            return true;
        }
        // "… attacks in the U.S. He says …": an abbreviation's period ends
        // the sentence before a capitalized pronoun, which no name goes on
        // with.
        if w.len() > 2 && w.ends_with('.') && i + 1 < self.len() && matches!(self.w(i + 1), "He" | "She" | "They" | "We" | "I" | "But") {
            return true;
        }
        if !is_quote_mark(w) {
            return false;
        }
        // "Sanders’ campaign": a possessive apostrophe, not a quote.
        let tok = &self.doc.tokens[i];
        let attached_left = !tok.space_before;
        let spaced_right = i + 1 >= self.len() || self.doc.tokens[i + 1].space_before;
        !(matches!(w, "'" | "\u{2019}") && attached_left && spaced_right && i > 0 && self.is_word(i - 1))
    }

    /// A reporting verb at `i` (weak verbs only when `strong_only` is false).
    fn is_cue(&self, i: usize, strong_only: bool) -> bool {
        let w = self.w(i);
        if !self.is_word(i) {
            return false;
        }
        // "as The Post's Dana Milbank puts it, “…”"
        if matches!(w, "put" | "puts") && i + 1 < self.len() && self.w(i + 1) == "it" {
            return true;
        }
        let noun = || i > 0 && is_noun_use(self.w(i - 1), w) && !(is_possessive(self.w(i - 1)) && i + 1 < self.len() && self.w(i + 1) == "that");
        is_reporting_verb(w) && !(strong_only && is_weak_verb(w)) && !is_cap_mid(self, i) && !noun()
    }

    /// The speaker phrase ending just before `end` (exclusive), read leftwards.
    fn subject_left(&self, end: usize, floor: usize) -> Option<Span> {
        let mut j = end;
        // Auxiliaries and adverbs: "he also said", "Trump has said", "was quoted as".
        loop {
            if j > floor && self.is_word(j - 1) && {
                let w = self.w(j - 1);
                is_filler(w) || w == "quoted" || w == "as" || (w.len() > 4 && w.ends_with("ly") && !is_cap(w)) || (is_time_word(w) && j - 1 > floor && matches!(self.w(j - 2), "later" | "earlier" | "on" | "late" | "early"))
            } {
                j -= 1;
            } else if j > floor + 1 && matches!(self.w(j - 1), "and" | "but") && !is_pronoun(self.w(j - 2)) {
                // "he laughed and said", "Trump called on her to resign and
                // said": the clause's subject.
                // The subject after the last comma comes first: "When asked
                // about the devil, I laughed and said".
                // The speaker of an earlier verb of the same clause: "Suu
                // Kyi, 70, said it was too early … but added, “…”".
                // Within the conjunction's own clause: back to the comma
                // before it, past one comma right before the conjunction
                // (", but said").
                let c = if j - 1 > floor && self.w(j - 2) == "," { j - 2 } else { j - 1 };
                let from = (floor..c).rev().find(|&k| self.w(k) == ",").map_or(floor, |k| k + 1);
                let prior = (from..c).rev().take(30).find(|&u| self.is_cue(u, true) && !self.w(u).ends_with("ing"));
                if let Some(sp) = prior.and_then(|u| self.subject_left(u, floor)) {
                    return Some(sp);
                }
                let seg = (floor..j - 1).rev().find(|&k| self.w(k) == ",").map_or(floor, |k| k + 1);
                let near = if seg > floor { last_subject(self, seg, j - 1) } else { None };
                return near.or_else(|| sentence_subject(self, floor, j - 1));
            } else {
                break;
            }
        }
        // "Sen. Elizabeth Warren (D-MA) said": skip the parenthesis.
        if j > floor + 1 && self.w(j - 1) == ")" {
            if let Some(o) = (floor..j - 1).rev().take(8).find(|&k| self.w(k) == "(") {
                j = o;
            }
        }
        // Appositive: "Gene Sperling, a top adviser, said".
        if j > floor + 1 && self.w(j - 1) == "," {
            let mut k = j - 1;
            let mut steps = 0;
            while k > floor && self.w(k - 1) != "," && !self.stops(k - 1) && steps < 14 {
                k -= 1;
                steps += 1;
            }
            if k > floor + 1 && self.w(k - 1) == "," && steps > 0 {
                if let Some(s) = self.np_left(k - 1, floor) {
                    return Some(s);
                }
            }
            // A long appositive, or a fronted phrase ("In Iowa, said …"):
            // no speaker on this side.
            return self.appositive_head(j - 1, floor);
        }
        // "Gingrich — mentioned by Newsmax as … — told".
        if j > floor + 1 && is_dash(self.w(j - 1)) {
            return self.appositive_head(j - 1, floor);
        }
        let np = self.np_left(j, floor)?;
        let first = self.doc.token_at_or_after(np.start);
        // "Trump was quoted by the Times as saying": the agent of "quoted"
        // reports; the one quoted speaks.
        if first > floor + 2 && self.w(first - 1) == "by" && self.w(first - 2) == "quoted" {
            if let Some(s) = self.subject_left(first - 2, floor) {
                return Some(s);
            }
        }
        // "a White House official who spoke anonymously to discuss strategy
        // said", "Another source speaking to Fox News said": the noun the
        // relative clause describes.
        let after_prep = first > floor && matches!(self.w(first - 1), "to" | "with" | "for" | "at" | "of" | "from" | "on" | "about");
        if first > floor + 1 && !is_pronoun(&self.doc.text[np]) && (after_prep || !is_cap(&self.doc.text[np])) {
            let rel = (first.saturating_sub(12).max(floor + 1)..first).rev().take_while(|&r| self.is_word(r)).find(|&r| {
                let w = self.w(r);
                w == "who" || (w.len() > 5 && w.ends_with("ing") && !is_cap(w) && matches!(self.w(r + 1), "to" | "with" | "for" | "at" | "on" | "from" | "through" | "in" | "into" | "across" | "outside" | "around" | "along" | "down"))
            });
            if let Some(s) = rel.and_then(|r| self.np_left(r, floor)).filter(|s| {
                let h = self.w(self.doc.token_at_or_after(s.start));
                is_cap(h) || is_name_opener(h)
            }) {
                return Some(s);
            }
        }
        // "Trump took to Twitter overnight to accuse": a name after a
        // preposition is not the subject; the clause's subject is.
        if first > floor + 1 && is_cap(&self.doc.text[np]) && matches!(self.w(first - 1), "to" | "on" | "at" | "in" | "from") {
            if let Some(s) = sentence_subject(self, floor, first - 1).filter(|s| s.end <= self.doc.tokens[first - 1].span.start) {
                let h = self.w(self.doc.token_at_or_after(s.start));
                if is_cap(h) || is_pronoun(h) {
                    return Some(s);
                }
            }
        }
        let lower = !is_cap(&self.doc.text[np]);
        if lower && first > floor + 1 && matches!(self.w(first - 1), "at" | "on" | "in" | "during" | "for" | "from" | "after" | "before" | "with" | "over" | "last" | "this" | "earlier" | "later") {
            if let Some(s) = self.np_left(first - 1, floor) {
                return Some(s);
            }
        }
        Some(np)
    }

    /// The name an appositive ending at token `end` (a comma or dash)
    /// describes: the leftmost name that opens the clause (or follows a
    /// fronted phrase's comma) and is followed by a comma, dash or
    /// parenthesis. "Rich Heffley, a top Tallahassee GOP operative who …,
    /// said" → "Rich Heffley".
    fn appositive_head(&self, end: usize, floor: usize) -> Option<Span> {
        let lo = end.saturating_sub(48).max(floor);
        let mut best = None;
        for k in (lo + 1..end).rev() {
            let w = self.w(k);
            if !(w == "," || w == "(" || is_dash(w)) {
                continue;
            }
            let Some(np) = self.np_left(k, lo) else { continue };
            let first = self.doc.token_at_or_after(np.start);
            let head = self.w(first);
            let opens = first == floor || (first > floor && self.w(first - 1) == ",");
            let fronted = first == k - 1 && (head.ends_with("ly") || is_time_word(head) || is_boundary_word(head) || is_fronted_adverb(head));
            if opens && !fronted && (is_cap(head) || is_name_opener(head)) && !is_pronoun(head) {
                best = Some(np);
            }
        }
        best
    }

    /// The noun phrase ending before `end`, read leftwards.
    fn np_left(&self, end: usize, floor: usize) -> Option<Span> {
        if end <= floor {
            return None;
        }
        let last = end - 1;
        if !self.is_word(last) && self.doc.tokens[last].kind != TokenKind::Number {
            return None;
        }
        if is_pronoun(self.w(last)) {
            return Some(self.doc.tokens[last].span);
        }
        let mut k = end;
        while k > floor && end - k < 8 {
            let i = k - 1;
            let w = self.w(i);
            let ok = match self.doc.tokens[i].kind {
                TokenKind::Word => {
                    // "the secretary of state said": a reporting word after
                    // "of" or a determiner is a noun of the phrase.
                    let noun = i > floor && (self.w(i - 1) == "of" || is_noun_use(self.w(i - 1), w));
                    // "meddling the California congressman said": a
                    // participle before a determiner is outside the phrase.
                    let participle = w.len() > 4 && w.ends_with("ing") && !is_cap(w) && i + 1 < end && matches!(lower(self.w(i + 1)).as_str(), "the" | "a" | "an");
                    !is_boundary_word(w) && !(is_reporting_verb(w) && !is_cap(w) && !noun) && !is_pronoun(w) && !participle
                }
                TokenKind::Number => true,
                TokenKind::Punct => matches!(w, "." | "&") && i > floor && self.is_word(i - 1) && k < end,
            };
            if !ok {
                break;
            }
            k -= 1;
        }
        while k < end && !self.is_word(k) {
            k += 1;
        }
        (k < end).then(|| self.doc.tokens_span(k..end))
    }

    /// The speaker phrase starting at `start`, read rightwards ("said Larry
    /// Noble, an attorney" → "Larry Noble").
    fn np_right(&self, start: usize, ceil: usize) -> Option<Span> {
        let number = start < ceil && self.doc.tokens[start].kind == TokenKind::Number;
        if start >= ceil || !(self.is_word(start) || number) {
            return None;
        }
        if is_pronoun(self.w(start)) {
            return Some(self.doc.tokens[start].span);
        }
        // "Will Doyle", "May Smith": a capitalized stop word before another
        // capitalized word opens a name.
        let named_stop = is_cap(self.w(start)) && start + 1 < ceil && self.is_word(start + 1) && is_cap(self.w(start + 1)) && !is_time_word(self.w(start + 1));
        if is_boundary_word(self.w(start)) && !named_stop {
            return None;
        }
        let mut k = start;
        while k < ceil && k - start < 8 {
            let w = self.w(k);
            let ok = match self.doc.tokens[k].kind {
                TokenKind::Word => {
                    (k == start || !is_boundary_word(w) || (w == "of" && k + 1 < ceil && is_cap(self.w(k + 1))))
                        && !(is_reporting_verb(w) && !is_cap(w))
                }
                TokenKind::Number => true,
                TokenKind::Punct => w == "&" || (w == "." && k > start && is_initial(self.w(k - 1))),
            };
            if !ok {
                break;
            }
            k += 1;
        }
        while k > start && !self.is_word(k - 1) {
            k -= 1;
        }
        if k == start {
            return None;
        }
        let first = self.w(start);
        // A role before a name: "said pollster Frank Luntz", "said
        // conservative activist Bob Klaus".
        let role_then_name = || (start + 1..k.min(start + 4)).find(|&n| is_cap(self.w(n))).is_some_and(|n| self.is_word(n) && (start..n).all(|m| (self.is_word(m) || (m == start && number)) && !is_cap(self.w(m)) && !is_reporting_verb(self.w(m))) && !is_time_word(self.w(n)));
        (((is_cap(first) || is_name_opener(first)) && !number) || role_then_name()).then(|| self.doc.tokens_span(start..k))
    }

    /// First token of the clause that ends before `i`: scanning left stops at
    /// sentence punctuation, another quote mark or a line start.
    fn clause_start(&self, i: usize, limit: usize) -> usize {
        self.clause_start_in(i, limit, true)
    }

    /// Like `clause_start`; `marks_stop`: whether other quotes' marks bound
    /// the clause (not for a fragment, whose sentence may quote several).
    fn clause_start_in(&self, i: usize, limit: usize, marks_stop: bool) -> usize {
        let mut k = i;
        while k > 0 && i - k < limit {
            let stop = if marks_stop { self.stops(k - 1) } else { self.stops(k - 1) && !is_quote_mark(self.w(k - 1)) };
            if stop || self.doc.tokens[k].line_start {
                break;
            }
            k -= 1;
        }
        k
    }

    /// One past the last token of the clause starting at `i`.
    fn clause_end(&self, i: usize, limit: usize) -> usize {
        let mut k = i;
        while k < self.len() && k - i < limit {
            if self.stops(k) || (k > i && self.doc.tokens[k].line_start) {
                break;
            }
            k += 1;
        }
        k
    }
}

/// A reporting word after a determiner or possessive is a noun: "Trump's
/// remarks", "the report", "her warning". After "'s", which may also stand
/// for "is" or "has", a past participle stays a verb ("it's called").
fn is_possessive(w: &str) -> bool {
    matches!(lower(w).as_str(), "his" | "her" | "their" | "its" | "'s" | "\u{2019}s")
}

fn is_noun_use(prev: &str, w: &str) -> bool {
    if matches!(prev, "'s" | "\u{2019}s") {
        return !(w.ends_with("ed") || matches!(w, "said" | "told" | "written" | "spoken" | "thought"));
    }
    const DETERMINERS: &[&str] = &["the", "a", "an", "his", "her", "their", "its", "our", "my", "your", "this", "these", "those"];
    DETERMINERS.iter().any(|d| d.eq_ignore_ascii_case(prev)) && !(prev.eq_ignore_ascii_case("her") && matches!(w, "say" | "tell" | "ask"))
}

/// Sentence adverbs that open a clause before a comma ("Meanwhile, …").
fn is_fronted_adverb(w: &str) -> bool {
    const FRONTED: &[&str] = &[
        "meanwhile", "however", "instead", "indeed", "moreover", "separately", "still", "yet", "now", "thus",
        "nevertheless", "nonetheless", "afterward", "afterwards", "overall", "finally", "first", "second", "then",
        "again", "otherwise", "besides", "furthermore", "similarly", "likewise", "today", "yesterday", "tonight",
        "however", "yes", "no", "perhaps", "also", "so", "but", "and", "or", "ironically", "unfortunately",
    ];
    lookup!(FRONTED, w)
}

/// A day or month name: not a person.
fn is_time_word(w: &str) -> bool {
    const TIME: &[&str] = &[
        "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March",
        "April", "May", "June", "July", "August", "September", "October", "November", "December", "Jan.", "Feb.",
        "Aug.", "Sept.", "Oct.", "Nov.", "Dec.",
    ];
    TIME.contains(&w)
}

/// A capitalized reporting verb in mid-sentence is a name ("Says", "Rep. Said").
fn is_cap_mid(t: &Tokens<'_, '_>, i: usize) -> bool {
    is_cap(t.w(i)) && i > 0 && !t.doc.tokens[i].line_start && !t.stops(i - 1) && t.w(i - 1) != ":" && !in_headline(t, i)
}

/// Token `i` is on a short first line with more text below: a headline,
/// which capitalizes its verbs too ("Clinton Speaks ‘Directly To White
/// People’").
fn in_headline(t: &Tokens<'_, '_>, i: usize) -> bool {
    /// Longest headline, in tokens; bounds the scan.
    const MAX_TOKENS: usize = 30;
    let toks = &t.doc.tokens;
    i < MAX_TOKENS && toks.iter().take(i + 1).skip(1).all(|k| !k.line_start) && toks.iter().take(MAX_TOKENS + 1).skip(i + 1).any(|k| k.line_start)
}

/// `according to X` starting at token `i`.
fn according_to(t: &Tokens<'_, '_>, i: usize, ceil: usize) -> Option<Attribution> {
    if i + 2 < ceil && t.w(i).eq_ignore_ascii_case("according") && t.w(i + 1) == "to" {
        let sp = t.np_right(i + 2, ceil).or_else(|| common_np_right(t, i + 2, ceil))?;
        // "according to audio provided by Wyoming Public Radio", "according
        // to calculations by Amy Glasmeier": the document's author speaks.
        let e = t.doc.token_at_or_after(sp.end);
        let by = if e < ceil && t.w(e) == "by" { Some(e) } else if e + 1 < ceil && t.w(e).ends_with("ed") && t.w(e + 1) == "by" { Some(e + 1) } else { None };
        let sp = by.and_then(|b| t.np_right(b + 1, ceil)).filter(|a| is_cap(&t.doc.text[*a])).unwrap_or(sp);
        return Some(Attribution::new(sp, t.doc.tokens_span(i..i + 2), None));
    }
    None
}

/// A common noun phrase starting at `start`: after "according to" any noun
/// phrase names the source, not only a name ("according to multiple
/// intelligence sources", "according to officials with knowledge of …").
/// Stops at clause words, prepositions and verbs; needs a word that is not a
/// determiner.
fn common_np_right(t: &Tokens<'_, '_>, start: usize, ceil: usize) -> Option<Span> {
    let mut k = start;
    while k < ceil && k - start < 6 && t.is_word(k) && !is_boundary_word(t.w(k)) && !t.is_cue(k, false) && !is_pronoun(t.w(k)) {
        k += 1;
    }
    let det = |w: &str| matches!(lower(w).as_str(), "the" | "a" | "an" | "his" | "her" | "their" | "its" | "our" | "some" | "several" | "multiple" | "two" | "three");
    (k > start && (start..k).any(|m| !det(t.w(m)))).then(|| t.doc.tokens_span(start..k))
}

/// A past or present tense verb by its ending ("barked", "quips").
fn looks_like_verb(w: &str) -> bool {
    const IRREGULAR: &[&str] = &[
        "shot", "went", "began", "broke", "threw", "struck", "hit", "got", "gave", "took", "came", "made", "fought",
        "swore", "snapped", "put", "let", "kept", "held", "felt", "left", "ran", "bit", "shook", "spoke", "sent",
        "found", "thought", "knew", "saw", "heard", "meant",
    ];
    is_reporting_verb(w) || IRREGULAR.contains(&w) || (w.len() > 3 && (w.ends_with("ed") || (w.ends_with('s') && !w.ends_with("ss"))))
}

/// `X said.` / `X said,` / `said X.`: a short clause holding only an
/// attribution, starting at token `i`.
///
/// Not a parenthetical "he said" inside the next sentence: in "“… here.”
/// Perhaps, he said, this “small town has …”" the words before the comma
/// open a sentence of their own, which the "he said" attributes.
fn short_attribution(t: &Tokens<'_, '_>, i: usize) -> bool {
    let end = (i + 5).min(t.len());
    (i..end).take_while(|&v| t.w(v) != ",").any(|v| {
        t.is_cue(v, true) && (v + 1 >= t.len() || matches!(t.w(v + 1), "." | "," | ";") || {
            // said X.
            let ceil = t.clause_end(v + 1, 8);
            v == i && ceil < t.len() && matches!(t.w(ceil), "." | "," | ";") && t.np_right(v + 1, ceil).is_some()
        })
    })
}

/// Attribution after a quote whose last token is `close` (the closing mark).
/// `direct`: the quote stands as a sentence of its own (a fragment's comma
/// may continue its sentence instead: `a “rant,” the number needed`).
pub fn after(t: &Tokens<'_, '_>, close: usize, direct: bool) -> Option<Attribution> {
    let Some(a) = after_quote(t, close, direct) else {
        // "… took part in a nationwide “walk-in” at 2,000 schools,
        // according to the organizer": a closing "according to" in the
        // quote's sentence attributes it.
        let ended = close > 0 && matches!(t.w(close - 1), "." | "!" | "?");
        if ended || close + 1 >= t.len() || t.doc.tokens[close + 1].line_start {
            return None;
        }
        // The source's phrase may run past the search window: room for it.
        let ceil = t.clause_end(close + 1, NEAR + 16);
        return (close + 2..ceil).take(NEAR + 8).find(|&k| t.w(k - 1) == "," && t.w(k).eq_ignore_ascii_case("according")).and_then(|k| according_to(t, k, ceil));
    };
    // "“…,” Walker said, according to an Associated Press account": the
    // outlet that reports the attribution is the quote's source.
    if let (Some(sp), Some(cue)) = (a.speaker, a.cue) {
        if cue.end <= sp.start || cue.start >= sp.end {
            let from = t.doc.token_at_or_after(sp.end.max(cue.end));
            let ceil = t.clause_end(from, NEAR + 16);
            // The comma may be missing: "Ware said in a statement according
            // to The Blaze".
            let outlet = (from + 1..ceil).take(NEAR).find(|&k| t.w(k).eq_ignore_ascii_case("according"));
            if let Some(o) = outlet.and_then(|k| according_to(t, k, ceil)) {
                return Some(o);
            }
            // "“…,” said Kristen Day, executive director of Democrats for
            // Life, reports USA Today": the outlet, named, after a comma.
            let reports = (from + 1..ceil).take(NEAR).find(|&k| t.w(k - 1) == "," && matches!(t.w(k), "reports" | "reported"));
            if let Some(k) = reports {
                if let Some(o) = t.np_right(k + 1, ceil).filter(|o| is_cap(&t.doc.text[*o])) {
                    return Some(Attribution::new(o, t.doc.tokens[k].span, Some(k)));
                }
            }
        }
    }
    Some(a)
}

/// [`after`] before the outlet check.
fn after_quote(t: &Tokens<'_, '_>, close: usize, direct: bool) -> Option<Attribution> {
    let mut i = close + 1;
    if i >= t.len() {
        return None;
    }
    if t.doc.tokens[i].line_start {
        // A byline-style attribution on the next line: "- Hillary Clinton."
        if is_dash(t.w(i)) && i + 1 < t.len() && !t.doc.tokens[i + 1].line_start {
            let ceil = t.clause_end(i + 1, NEAR);
            let sp = t.np_right(i + 1, ceil)?;
            return Some(Attribution::new(sp, t.doc.tokens[i].span, None));
        }
        return None;
    }
    // "…" — X, where X ends the clause: not "“…” — a metaphor for …".
    if is_dash(t.w(i)) {
        let ceil = t.clause_end(i + 1, NEAR);
        let sp = t.np_right(i + 1, ceil).filter(|sp| t.ends_phrase(t.doc.token_at_or_after(sp.end)))?;
        return Some(Attribution::new(sp, t.doc.tokens[i].span, None));
    }
    // `“… tomorrow.” He’s predicting …`: the quote ended its sentence.
    let ended = close > 0 && t.w(close - 1) == "." && is_cap(t.w(i)) && t.doc.tokens[i].space_before;
    if ended && !short_attribution(t, i) {
        return None;
    }
    if matches!(t.w(i), "," | ":") {
        i += 1;
    }
    // "…," as Cruz said / as he put it.
    if i + 2 < t.len() && t.w(i).eq_ignore_ascii_case("as") && t.is_word(i + 1) && !is_boundary_word(t.w(i + 1)) {
        i += 1;
    }
    let ceil = t.clause_end(i, 30);
    if let Some(a) = according_to(t, i, ceil) {
        return Some(a);
    }
    // "…," said X
    let mut v = i;
    while v < ceil && t.is_word(v) && is_adverb(t.w(v)) {
        v += 1;
    }
    if v < ceil && t.is_cue(v, false) && !is_cap_mid(t, v) {
        let mut s = v + 1;
        // "said to be": not an attribution.
        if s < ceil && t.w(s) == "to" {
            return None;
        }
        while s < ceil && t.is_word(s) && is_adverb(t.w(s)) && !is_name_opener(t.w(s)) {
            s += 1;
        }
        // The speaker phrase must end its clause ("said Larry Noble, an
        // attorney" / "said Kelly in a statement"), else it is the verb's
        // object ("saying the city embodied …").
        let participle = t.w(v).ends_with("ing");
        if let Some(sp) = t.np_right(s, ceil).filter(|sp| !participle || t.ends_phrase(t.doc.token_at_or_after(sp.end))) {
            return Some(Attribution::new(sp, t.doc.tokens[v].span, Some(v)));
        }
    }
    // "…," Trump barked: after a quote ending in a comma, a pronoun or a
    // name followed by a verb is the speaker whatever the verb.
    let comma_inside = close > 0 && matches!(t.w(close - 1), "," | "?" | "!");
    if comma_inside && i + 1 < ceil && t.is_word(i + 1) && !is_cap(t.w(i + 1)) && looks_like_verb(t.w(i + 1)) {
        let w = t.w(i);
        // A surname that is also a stop word ("…," From said / May said).
        let named_stop = is_cap(w) && t.is_cue(i + 1, false) && matches!(lower(w).as_str(), "from" | "will" | "may" | "over");
        if t.is_word(i) && (is_pronoun(w) || is_cap(w)) && (!is_boundary_word(w) || named_stop) {
            return Some(Attribution::new(t.doc.tokens[i].span, t.doc.tokens[i + 1].span, Some(i + 1)));
        }
    }
    // The same with a longer subject: "…," the Republican vice-presidential
    // nominee riffed / "…," Trump's campaign manager shot back.
    if direct && comma_inside && t.is_word(i) && !is_pronoun(t.w(i)) && (is_cap(t.w(i)) || matches!(lower(t.w(i)).as_str(), "the" | "a" | "an" | "this" | "that" | "one" | "another")) {
        let verb = (i + 1..ceil.min(i + 8))
            .take_while(|&k| t.is_word(k) || matches!(t.w(k), "'s" | "\u{2019}s" | "." | "-"))
            .find(|&k| t.is_word(k) && !is_cap(t.w(k)) && (looks_like_verb(t.w(k)) || is_boundary_word(t.w(k))));
        if let Some(k) = verb.filter(|&k| looks_like_verb(t.w(k)) && !is_boundary_word(t.w(k))) {
            return Some(Attribution::new(t.doc.tokens_span(i..k), t.doc.tokens[k].span, Some(k)));
        }
    }
    // "This is fantastic!" beamed Donald Hartley
    if comma_inside && t.is_word(i) && !is_cap(t.w(i)) && looks_like_verb(t.w(i)) {
        if let Some(sp) = t.np_right(i + 1, ceil).filter(|sp| is_cap(&t.doc.text[*sp]) && t.ends_phrase(t.doc.token_at_or_after(sp.end))) {
            return Some(Attribution::new(sp, t.doc.tokens[i].span, Some(i)));
        }
    }
    // "…," X said / "…," X, a spokesman, said
    for v in i + 1..ceil {
        // A weak verb only when it ends the clause ("the statement read.");
        // never after a determiner or preposition ("secretary of state").
        let ends = v + 1 >= t.len() || matches!(t.w(v + 1), "." | "," | ";" | ":");
        if t.is_cue(v, !ends) && !matches!(lower(t.w(v - 1)).as_str(), "the" | "a" | "an" | "of" | "to" | "for" | "in" | "on") {
            // "“We're extremely happy” about the decision, said RoseAnn
            // DeMoro, executive director of …": an inverted attribution
            // closing the quote's sentence after a run-on of it.
            // Only verbs of saying with no object: after "told" or "asked"
            // the name is the listener ("…, told AFP").
            // Not a prepositional phrase after the verb ("…," Terrie Rizzo,
            // the Democratic chair, said of the Clintons).
            if t.w(v - 1) == "," && matches!(t.w(v), "said" | "says" | "added" | "adds" | "wrote" | "writes" | "explained" | "explains" | "noted" | "notes" | "argued" | "argues") && !(v + 1 < t.len() && is_preposition(t.w(v + 1))) {
                let named = t.np_right(v + 1, ceil).filter(|sp| {
                    let e = t.doc.token_at_or_after(sp.end);
                    t.doc.text[*sp].bytes().any(|b| b.is_ascii_uppercase()) && (e >= ceil || t.w(e) == ",")
                });
                if let Some(sp) = named {
                    return Some(Attribution::new(sp, t.doc.tokens[v].span, Some(v)));
                }
            }
            let sp = t.subject_left(v, i)?;
            // The speaker follows the quote at once, or after a comma that
            // closes a run-on of the quoted sentence ("…" than that, Zuckoff said).
            let first = t.doc.token_at_or_after(sp.start);
            if sp.start != t.doc.tokens[i].span.start && !(first > i && t.w(first - 1) == ",") {
                // "…," Katie Packer, who is chairman of the PAC, said: the
                // name that opens the clause, before its appositive.
                let named = t.np_right(i, v).filter(|n| is_cap(&t.doc.text[*n]) && t.w(t.doc.token_at_or_after(n.end)) == ",");
                // "…," the Florida senator and Republican presidential
                // candidate said / CBS This Morning co-anchor DeMarco Morgan
                // said: words only from the quote to the verb, opened by a
                // name or a determiner, are the speaker phrase.
                let phrase = || {
                    let opener = is_cap(t.w(i)) || matches!(lower(t.w(i)).as_str(), "the" | "a" | "an" | "this" | "that" | "another" | "one");
                    (direct && opener && v - i <= 10 && !is_pronoun(t.w(i)) && (i..v).all(|k| t.is_word(k) || matches!(t.w(k), "-" | "." | "'s" | "\u{2019}s")))
                        .then(|| t.doc.tokens_span(i..v))
                };
                return named.or_else(phrase).map(|n| Attribution::new(n, t.doc.tokens[v].span, Some(v)));
            }
            return Some(Attribution::new(sp, t.doc.tokens[v].span, Some(v)));
        }
    }
    None
}

/// Attribution before a quote whose first token is `open` (the opening mark).
/// `near_only`: only a cue right before the quote (`X said: "…"`).
pub fn before(t: &Tokens<'_, '_>, open: usize, near_only: bool) -> Option<Attribution> {
    if open == 0 || t.doc.tokens[open].line_start {
        return None;
    }
    let floor = t.clause_start_in(open, FAR, near_only);
    let mut j = open;
    if matches!(t.w(j - 1), ":" | ",") || is_dash(t.w(j - 1)) {
        j -= 1;
    }
    // According to X, "…"
    for k in floor..j {
        if let Some(a) = according_to(t, k, j) {
            return Some(a);
        }
    }
    let reach = if near_only { 6 } else { FAR };
    let lowest = j.saturating_sub(reach).max(floor);
    // Near: the closest cue ("X said: “…”"). Far: the outermost one, which
    // governs the reported clause ("Bolton said he would advise …").
    // Near: the closest cue ("X said: “…”"). Far: the outermost cue with a
    // speaker, which governs the reported clause ("Bolton said he would
    // advise …"); a cue word with no subject ("in praise of") is passed over.
    let mut first_cue: Option<usize> = None;
    // A cue right before the fragment governs it ("whom he described as
    // “peaceful”") even when an outer verb heads the sentence.
    let close_by = (j.saturating_sub(4).max(lowest)..j).rev().find(|&v| t.is_cue(v, v + 1 != j));
    let order: Box<dyn Iterator<Item = usize>> = if near_only {
        Box::new((lowest..j).rev())
    } else {
        // Cues after the last comma first: "Republicans were quick to chime
        // in, with Donald Trump tweeting that it was a “disaster”".
        let tail = (lowest..j).rev().find(|&k| matches!(t.w(k), "," | ";" | "(")).map_or(lowest, |k| k + 1);
        Box::new(close_by.into_iter().chain(tail..j).chain(lowest..tail))
    };
    for v in order {
        if !t.is_cue(v, v + 1 != j) {
            continue;
        }
        first_cue.get_or_insert(v);
        if let Some(sp) = speaker_of_cue(t, v, floor, j) {
            return Some(Attribution::new(sp, t.doc.tokens[v].span, Some(v)));
        }
        if near_only {
            break;
        }
    }
    // "Sanders shot back, “…”" / "Maher interjected, “…”": a short clause
    // of a subject and a verb right before a direct quote.
    if open >= 3 && matches!(t.w(open - 1), "," | ":") {
        let end = open - 1;
        let seg = (floor..end).rev().find(|&k| matches!(t.w(k), "," | ";" | ":") || is_dash(t.w(k))).map_or(floor, |k| k + 1);
        let mut v = end;
        while v > seg && t.is_word(v - 1) && matches!(t.w(v - 1), "back" | "up" | "out" | "in" | "on" | "again" | "later" | "then") {
            v -= 1;
        }
        if v > seg + 1 && end - seg <= 8 && t.is_word(v - 1) && !is_cap(t.w(v - 1)) && looks_like_verb(t.w(v - 1)) && !t.w(v - 1).ends_with("ing") {
            if let Some(sp) = last_subject(t, seg, v) {
                return Some(Attribution::new(sp, t.doc.tokens[v - 1].span, None));
            }
        }
    }
    // X did something: “…” / Trump: ‘…’
    if open >= 2 && t.w(open - 1) == ":" {
        // The name right before the colon when it is all the clause holds
        // ("Trump: ‘…’", "Pollsters agree - Carl Bialik: “…”"), or its
        // agent ("More from Jones: “…”", "a statement by the White House:
        // “…”", "with Trump reportedly yelling: “…”"); after a
        // verb it is an object ("McConnell delivered a blunt message to
        // Trump: “…”"), and the clause's subject speaks.
        let whole = |sp: &Span| {
            let first = t.doc.token_at_or_after(sp.start);
            first == floor || matches!(t.w(first - 1), "," | ";" | "and" | "from" | "by" | "with") || is_dash(t.w(first - 1))
        };
        if let Some(sp) = t.np_left(open - 1, floor).filter(|sp| is_cap(&t.doc.text[*sp]) && whole(sp)) {
            return Some(Attribution::new(sp, t.doc.tokens[open - 1].span, None));
        }
        if let Some(sp) = sentence_subject(t, floor, open - 1) {
            return Some(Attribution::new(sp, t.doc.tokens[open - 1].span, None));
        }
    }
    first_cue.map(|v| Attribution { speaker: None, cue: Some(t.doc.tokens[v].span), cue_token: Some(v) })
}

/// The relative pronoun that is the subject of the cue at `v`: "Beck, who
/// has in the past described Trump as “…”", "a message that said, “…”",
/// "the Chicago Police Department, which reported “…”". News annotators
/// take the pronoun as written for the speaker of such a relative clause
/// (the link stage names "who" after its antecedent). Only auxiliaries,
/// adverbs and short time phrases may stand between the pronoun and the
/// verb: a name or pronoun there is the clause's own subject ("the plan
/// that Trump called “…”").
fn relative_subject(t: &Tokens<'_, '_>, v: usize, floor: usize) -> Option<Span> {
    /// Words allowed between the pronoun and its verb.
    fn between(w: &str) -> bool {
        is_filler(w)
            || (w.len() > 4 && w.ends_with("ly") && !is_cap(w))
            || matches!(w, "in" | "the" | "past" | "once" | "later" | "earlier" | "recently" | "then" | "now" | "first" | "also" | "often")
            || w.bytes().all(|b| b.is_ascii_digit())
    }
    let lo = v.saturating_sub(6).max(floor + 1);
    let k = (lo..v).rev().take_while(|&k| k == v - 1 || t.is_word(k) || t.doc.tokens[k].kind == TokenKind::Number).find(|&k| matches!(t.w(k), "who" | "which" | "that"))?;
    if !(k + 1..v).all(|m| !is_cap(t.w(m)) && between(t.w(m))) {
        return None;
    }
    // "that" is relative after a noun ("a message that said"), not after a
    // verb or a comma ("said that", "so that").
    let prev = t.w(k - 1);
    let relative = match t.w(k) {
        "that" => t.is_word(k - 1) && !is_cap(prev) && !t.cue_at(k - 1) && !is_boundary_word(prev) && !is_pronoun(prev) && !is_filler(prev),
        _ => prev == "," || (t.is_word(k - 1) && !t.cue_at(k - 1) && !is_boundary_word(prev) && !is_pronoun(prev)),
    };
    relative.then(|| t.doc.tokens[k].span)
}

/// The speaker of the cue at `v` in the clause `floor..j`.
fn speaker_of_cue(t: &Tokens<'_, '_>, v: usize, floor: usize, j: usize) -> Option<Span> {
    if let Some(sp) = passive_agent(t, v, floor, j) {
        return Some(sp);
    }
    if let Some(sp) = relative_subject(t, v, floor) {
        return Some(sp);
    }
    // A participle after a comma takes the clause's subject: "Sanders
    // stepped up his emphasis, saying, “…”".
    let participle = t.w(v).ends_with("ing");
    // "Ban Ki-moon condemned what he called a “brazen breach”": the pronoun
    // is the clause's subject, named.
    if v >= floor + 2 && t.w(v - 2).eq_ignore_ascii_case("what") && matches!(t.w(v - 1), "he" | "she" | "it" | "they") {
        let named = |sp: &Span| {
            let w = t.w(t.doc.token_at_or_after(sp.start));
            is_cap(w) && !is_pronoun(w) && !is_name_opener(w)
        };
        if let Some(sp) = sentence_subject(t, floor, v - 2).filter(named) {
            return Some(sp);
        }
    }
    // "his warning that …", "Trump's claim that …": the possessor speaks.
    if v > floor && v + 1 < t.len() && t.w(v + 1) == "that" && is_possessive(t.w(v - 1)) {
        if matches!(t.w(v - 1), "'s" | "\u{2019}s") {
            return t.np_left(v - 1, floor);
        }
        return Some(t.doc.tokens[v - 1].span);
    }
    // Adverbs may stand between the comma and the participle ("…,
    // recently telling one person …").
    let mut c = v;
    while c > floor + 1 && t.is_word(c - 1) && (is_adverb(t.w(c - 1)) || (t.w(c - 1).ends_with("ly") && !is_cap(t.w(c - 1)))) {
        c -= 1;
    }
    // The comma may sit inside a quote just closed: `“New York values,” saying`.
    let after_comma = c > floor && (t.w(c - 1) == "," || (c > floor + 1 && is_quote_mark(t.w(c - 1)) && t.w(c - 2) == ","));
    if participle && after_comma {
        // "he said, adding that …": the speaker of the verb before.
        let prior = (floor..c - 1).rev().take(8).find(|&u| t.is_cue(u, true) && !t.w(u).ends_with("ing"));
        if let Some(sp) = prior.and_then(|u| t.subject_left(u, floor).or_else(|| t.np_right(u + 1, c - 1))) {
            return Some(sp);
        }
        if let Some(sp) = sentence_subject(t, floor, v) {
            return Some(sp);
        }
    }
    if let Some(sp) = t.subject_left(v, floor) {
        // "a memo to the Post in April explaining": the noun before a
        // participle after a preposition is not its subject.
        let first = t.doc.token_at_or_after(sp.start);
        let in_pp = first > floor && matches!(lower(t.w(first - 1)).as_str(), "in" | "on" | "at" | "to" | "of" | "for" | "from" | "during" | "after" | "before" | "about");
        if participle && in_pp {
            if let Some(s) = sentence_subject(t, floor, v) {
                return Some(s);
            }
        }
        return Some(sp);
    }
    // Inverted: "explained CBS moderator Nancy Cordes: “…”", with the verb
    // opening its clause.
    let opens_clause = !participle && (v == floor || matches!(t.w(v - 1), "," | ":") || is_quote_mark(t.w(v - 1)));
    // "Said Dorothy Poynter, who grew up with Ali, “…”": the name may
    // take an appositive.
    let fills = |sp: &Span| {
        let e = t.doc.token_at_or_after(sp.end);
        e >= j || (t.w(e) == "," && is_cap(&t.doc.text[*sp]))
    };
    if let Some(sp) = t.np_right(v + 1, j).filter(|sp| opens_clause && fills(sp)) {
        return Some(sp);
    }
    // A participle with the sentence's subject: "…, calling him a “…”".
    if participle {
        return sentence_subject(t, floor, v);
    }
    None
}

/// The agent of a passive cue: "Rubio was asked by Fox Business moderator
/// Gerard Baker whether …", "Asked by Thrush if …", "she was told by an
/// aide that …": the one after "by" speaks, not the subject. The verb is a
/// participle after a form of "be" or opening its clause; "quoted by the
/// Times as saying" keeps its subject, the one quoted.
fn passive_agent(t: &Tokens<'_, '_>, v: usize, floor: usize, j: usize) -> Option<Span> {
    let w = t.w(v);
    if v + 2 >= j || t.w(v + 1) != "by" || w == "quoted" || !(w.ends_with("ed") || w == "told") {
        return None;
    }
    let mut b = v;
    while b > floor && t.is_word(b - 1) && (is_adverb(t.w(b - 1)) || (t.w(b - 1).len() > 4 && t.w(b - 1).ends_with("ly"))) {
        b -= 1;
    }
    let passive = b == floor || matches!(t.w(b - 1), "," | "was" | "were" | "is" | "are" | "been" | "being" | "be" | "When" | "when" | "After" | "after");
    if !passive {
        return None;
    }
    t.np_right(v + 2, j)
}

/// The first pronoun or capitalized phrase of the clause `from..to`.
fn sentence_subject(t: &Tokens<'_, '_>, from: usize, to: usize) -> Option<Span> {
    // Candidates: pronouns, capitalized names, determiner phrases; the first
    // one followed by a verb (or an auxiliary) is the subject, else the first.
    let mut first: Option<Span> = None;
    let mut k = from;
    while k < to {
        let w = t.w(k);
        // Quoted words are not the clause's subject: "“He stands for the
        // middle class,” Anderson said, adding …".
        if let Some(end) = quoted_until(t, k, to) {
            k = end;
            continue;
        }
        let mut np: Option<(usize, usize)> = None;
        // "it" only as the subject of a reporting or past-tense verb ("it
        // attacked Trump, saying …"), not "it is" or "it's".
        let it_reports = w.eq_ignore_ascii_case("it") && k + 1 < to && t.is_word(k + 1) && (t.is_cue(k + 1, true) || t.w(k + 1).ends_with("ed"));
        if t.is_word(k) && is_pronoun(w) && (!w.eq_ignore_ascii_case("it") || it_reports) {
            np = Some((k, k + 1));
        } else if t.is_word(k) && matches!(lower(w).as_str(), "the" | "a" | "an" | "his" | "her" | "their" | "its" | "several" | "many" | "some" | "both" | "multiple" | "other" | "most") {
            let mut e = k + 1;
            while e < to && e - k <= 4 && t.is_word(e) && !is_boundary_word(t.w(e)) && !is_reporting_verb(t.w(e)) && !t.w(e).ends_with("ed") {
                e += 1;
            }
            if e > k + 1 {
                np = Some((k, e));
            }
        } else if t.is_word(k) && is_cap(w) && !is_boundary_word(w) && !w.ends_with("ing") && !is_fronted_adverb(w) && !(k + 1 < to && t.w(k + 1) == "," && w.ends_with("ly")) {
            let mut e = k + 1;
            while e < to && (t.is_word(e) && is_cap(t.w(e)) || t.w(e) == ".") {
                e += 1;
            }
            np = Some((k, e));
        }
        // The object of a preposition is not the subject: "In a statement
        // released Thursday, Rep. Hakeem Jeffries reacted …".
        let np = np.filter(|&(s, _)| s == from || !matches!(lower(t.w(s - 1)).as_str(), "in" | "on" | "at" | "for" | "with" | "from" | "by" | "of" | "to" | "about" | "after" | "before" | "during" | "under" | "over" | "into" | "through"));
        if let Some((s, e)) = np {
            let span = t.doc.tokens_span(s..e);
            first.get_or_insert(span);
            let mut n = e;
            while n < to && t.is_word(n) && is_adverb(t.w(n)) {
                n += 1;
            }
            if n < to && t.is_word(n) && !is_cap(t.w(n)) && (looks_like_verb(t.w(n)) || is_filler(t.w(n)) || matches!(t.w(n), "went" | "held" | "made" | "took" | "gave" | "spoke")) {
                return Some(span);
            }
            k = e;
        } else {
            k += 1;
        }
    }
    first
}

/// The last pronoun or name of `from..to` followed at once by a verb: the
/// subject of the clause's last verb ("When asked about Clinton, he laughed
/// and said").
fn last_subject(t: &Tokens<'_, '_>, from: usize, to: usize) -> Option<Span> {
    let mut best = None;
    let mut k = from;
    while k < to {
        if let Some(end) = quoted_until(t, k, to) {
            k = end;
            continue;
        }
        let w = t.w(k);
        let np = if t.is_word(k) && is_pronoun(w) && !w.eq_ignore_ascii_case("it") && !w.eq_ignore_ascii_case("who") {
            Some((k, k + 1))
        } else if t.is_word(k) && is_cap(w) && !is_boundary_word(w) && !is_fronted_adverb(w) && !is_time_word(w) {
            let mut e = k + 1;
            while e < to && ((t.is_word(e) && is_cap(t.w(e))) || t.w(e) == ".") {
                e += 1;
            }
            Some((k, e))
        } else {
            None
        };
        if let Some((s, e)) = np {
            let mut n = e;
            while n < to && t.is_word(n) && (is_adverb(t.w(n)) || is_filler(t.w(n))) {
                n += 1;
            }
            if n < to && t.is_word(n) && !is_cap(t.w(n)) && looks_like_verb(t.w(n)) {
                best = Some(t.doc.tokens_span(s..e));
            }
            k = e;
        } else {
            k += 1;
        }
    }
    best
}

/// When token `k` opens a quotation that closes before `to`, the token after
/// its closing mark.
fn quoted_until(t: &Tokens<'_, '_>, k: usize, to: usize) -> Option<usize> {
    let w = t.w(k);
    if !is_quote_mark(w) || k + 1 >= to || t.doc.tokens[k + 1].space_before {
        return None;
    }
    let double = !matches!(w, "'" | "\u{2018}" | "\u{2019}" | "\u{2039}" | "\u{203A}");
    (k + 2..to)
        .find(|&e| {
            let c = t.w(e);
            is_quote_mark(c) && !t.doc.tokens[e].space_before && double != matches!(c, "'" | "\u{2018}" | "\u{2019}" | "\u{2039}" | "\u{203A}")
        })
        .map(|e| e + 1)
}

/// The attribution of the paragraph ending just before token `first` when it
/// ends with a colon ("He told his audience:"), else `None`.
pub fn colon_intro(t: &Tokens<'_, '_>, first: usize) -> Option<Attribution> {
    if first == 0 || t.w(first - 1) != ":" {
        return None;
    }
    let end = first - 1;
    let floor = t.clause_start(end, FAR);
    for v in (floor..end).rev() {
        if t.is_cue(v, false) {
            if let Some(sp) = t.subject_left(v, floor).or_else(|| t.np_right(v + 1, end)) {
                return Some(Attribution::new(sp, t.doc.tokens[v].span, None));
            }
        }
    }
    let sp = sentence_subject(t, floor, end)?;
    Some(Attribution::new(sp, t.doc.tokens[end].span, None))
}

/// False for a speaker phrase no grammar would give a person: one opening
/// in lower case with a function word, adverb, contraction or participle
/// ("quick" from "Trump was quick to add", "until Haley", "won't",
/// "choosing"), or a lone past participle ("bothered"). Names, pronouns and
/// nominals ("the senator", "a spokeswoman", "former aides") pass.
pub fn plausible_speaker(text: &str) -> bool {
    const FUNCTION: &[&str] = &[
        "of", "until", "whether", "be", "that", "more", "like", "far", "soon", "thus", "always", "already",
        "otherwise", "meanwhile", "better", "quick", "year", "week", "night", "afternoon", "morning", "evening",
        "hours", "days", "months", "weeks", "years", "time", "than", "as", "to", "in", "on", "at", "for", "with",
        "from", "by", "about", "into", "over", "after", "before", "during", "also", "still", "just", "even",
        "only", "then", "now",
    ];
    // A relative pronoun read by `relative_subject`.
    if matches!(text, "which" | "that") {
        return true;
    }
    let mut words = text.split_whitespace();
    let Some(w) = words.next() else { return false };
    if is_cap(w) || is_pronoun(w) {
        return true;
    }
    let mut lone = true;
    let mut last = w;
    for x in words {
        lone = false;
        // "the partner being supportive of": a clause, not a speaker.
        if x == "being" {
            return false;
        }
        last = x;
    }
    if !lone && matches!(lower(last).as_str(), "of" | "for" | "to" | "with" | "from" | "by" | "about" | "in" | "on" | "at") {
        return false;
    }
    let l = lower(w);
    let l = l.as_str();
    !(w.contains(['\'', '\u{2019}'])
        || lookup!(FUNCTION, w)
        || l.ends_with("ly")
        || (l.ends_with("ing") && l != "leading")
        || (lone && l.ends_with("ed")))
}

/// The speaker a pronoun or name at token `k` stands in for when it opens
/// a clause reported by the sentence's own subject ("Trump said Fox
/// executives were calling “every 15 minutes”"), "Lynch said she recalled
/// thinking, “…”", "Trump has indicated he would try to “open up” libel
/// laws", "Priebus … acknowledged that he had only “read the passages”":
/// whoever says the outer clause says the quoted words. `None` unless a
/// name or nominal subject opens the sentence and a reporting verb (or
/// "that") stands between it and the pronoun.
pub fn outer_subject(t: &Tokens<'_, '_>, k: usize) -> Option<Span> {
    let from = t.clause_start(k, FAR);
    // The second of two conjoined subjects ("said Democrats and the media
    // are to blame"): the clause opens before the first.
    let k = if k > from + 1 && matches!(t.w(k - 1), "and" | "or") {
        t.np_left(k - 1, from).map_or(k, |np| t.doc.token_at_or_after(np.start))
    } else {
        k
    };
    let s = sentence_subject(t, from, k)?;
    let first = t.doc.token_at_or_after(s.start);
    let end = t.doc.token_at_or_after(s.end);
    if end > k || is_pronoun(t.w(first)) || !plausible_speaker(t.text(s)) {
        return None;
    }
    // The pronoun follows the verb or its "that" at once, with no comma or
    // clause word ("although he tweeted") between the subject and it.
    // "that" as a complementizer ("acknowledged Tuesday that he"), not a
    // relative pronoun ("an explosion that Mayor de Blasio described").
    let complementizer = k > end + 1 && t.w(k - 1).eq_ignore_ascii_case("that") && (k.saturating_sub(4).max(end)..k - 1).any(|v| t.is_cue(v, false));
    // Not an inverted parenthetical ("The paradox, says Carl Anthony, is
    // that …"), whose speaker follows its verb.
    let inverted = k >= 2 && t.w(k - 2) == ",";
    let opens_report = k > end && ((t.is_cue(k - 1, false) && !inverted) || complementizer);
    let one_clause = (end..k).all(|v| !matches!(lower(t.w(v)).as_str(), "although" | "though" | "but" | "when" | "while" | "after" | "before" | "because" | "as" | "if" | "whom" | "who" | "which"));
    (opens_report && one_clause).then_some(s)
}

/// The subject of the sentence when token `k` opens a "that" clause after
/// its verb ("Two military analysts, Patrick Megahan and Chris Harman,
/// found in 2014 that the Israeli Air Force is “the best in the world”"):
/// a quoted fragment in that clause is what the outer subject found,
/// said or wrote, whatever the verb. `None` for a relative "that" after a
/// noun ("the plan that Trump called “…”"), whose clause speaks for itself.
pub fn that_clause_reporter(t: &Tokens<'_, '_>, k: usize) -> Option<Span> {
    if k < 3 || !t.w(k - 1).eq_ignore_ascii_case("that") {
        return None;
    }
    // A conjunction, not a report: "so that", "now that", "given that".
    if matches!(lower(t.w(k - 2)).as_str(), "so" | "such" | "now" | "given" | "except" | "provided" | "assuming") {
        return None;
    }
    let from = t.clause_start(k, FAR);
    // The verb right before "that", or before a short adjunct ("found in
    // 2014 that", "said Tuesday that"); a determiner on the way opens the
    // noun a relative "that" describes ("hated the plan that").
    let verb = (k.saturating_sub(6).max(from + 1)..k - 1)
        .rev()
        .take_while(|&v| t.w(v) != "," && !matches!(lower(t.w(v)).as_str(), "the" | "a" | "an" | "this" | "his" | "her" | "their" | "its" | "our"))
        .find(|&v| t.is_word(v) && !is_cap(t.w(v)) && looks_like_verb(t.w(v)))?;
    let s = sentence_subject(t, from, verb)?;
    let end = t.doc.token_at_or_after(s.end);
    (end <= verb && plausible_speaker(t.text(s))).then_some(s)
}

/// The subject of the clause holding token `i`: its first pronoun or name.
pub fn subject_of(t: &Tokens<'_, '_>, i: usize) -> Option<Span> {
    let from = t.clause_start(i, FAR);
    sentence_subject(t, from, i)
}

/// The attribution of the sentence that ends just before token `open`, when
/// that sentence reports speech ("Coan, Santilli's attorney, argues that his
/// client was never violent. “The government is alleging …”"): a quote with
/// no attribution of its own continues what that speaker says.
pub fn previous_sentence(t: &Tokens<'_, '_>, open: usize) -> Option<Attribution> {
    if open == 0 || !(matches!(t.w(open - 1), "." | "!" | "?" | ":") || is_quote_mark(t.w(open - 1))) {
        return None;
    }
    let end = open - 1;
    let floor = t.clause_start(end, FAR);
    if floor >= end {
        return None;
    }
    (floor..end).find_map(|v| {
        if !t.is_cue(v, true) {
            return None;
        }
        let sp = speaker_of_cue(t, v, floor, end)?;
        Some(Attribution { speaker: Some(sp), cue: Some(t.doc.tokens[v].span), cue_token: None })
    })
}

/// The subject of the clause ending in the comma before token `open`
/// ("Earlier this week, Clinton shared her anxiety with an audience,
/// “…”"): a pronoun or a capitalized name followed by a verb. `None` when
/// the clause has no such subject ("In Iowa, “…”").
pub fn comma_intro(t: &Tokens<'_, '_>, open: usize) -> Option<Attribution> {
    if open < 3 || t.w(open - 1) != "," {
        return None;
    }
    let end = open - 1;
    let floor = t.clause_start(end, FAR);
    let sp = sentence_subject(t, floor, end)?;
    let after = t.doc.token_at_or_after(sp.end);
    let head = t.w(t.doc.token_at_or_after(sp.start));
    let verb = after < end && t.is_word(after) && !is_cap(t.w(after)) && (looks_like_verb(t.w(after)) || is_filler(t.w(after)));
    (verb && (is_cap(head) || is_pronoun(head)) && plausible_speaker(t.text(sp))).then(|| Attribution { speaker: Some(sp), cue: None, cue_token: None })
}

/// A transcript line inside a quote, `"PENCE: Well, the question …"`: the
/// name before the colon that opens the quoted text speaks.
pub fn transcript_speaker(t: &Tokens<'_, '_>, open: usize, close: usize) -> Option<Attribution> {
    let first = open + 1;
    let colon = (first..close.min(first + 4)).find(|&k| t.w(k) == ":")?;
    if colon == first || (first..colon).any(|k| !t.is_word(k) || !is_cap(t.w(k))) {
        return None;
    }
    // Transcripts print the speaker in capitals.
    let caps = (first..colon).all(|k| !t.w(k).chars().any(char::is_lowercase));
    if !caps || (first..colon).any(|k| t.w(k).chars().count() < 2) {
        return None;
    }
    Some(Attribution::new(t.doc.tokens_span(first..colon), t.doc.tokens[colon].span, None))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Speaker and cue of the first quote mark's attribution in `text`,
    /// found before and then after it.
    fn attributed(text: &str) -> (Option<String>, Option<String>) {
        let doc = Document::new(text);
        let t = Tokens::new(&doc);
        let marks: Vec<usize> = (0..doc.tokens.len()).filter(|&i| is_quote_mark(doc.word(i))).collect();
        let (open, close) = (marks[0], marks[1]);
        let a = transcript_speaker(&t, open, close)
            .or_else(|| before(&t, open, true).filter(|a| a.speaker.is_some()))
            .or_else(|| after(&t, close, true))
            .or_else(|| before(&t, open, false))
            .unwrap_or_default();
        (a.speaker.map(|s| text[s].to_string()), a.cue.map(|s| text[s].to_string()))
    }

    #[test]
    fn shapes() {
        let cases: &[(&str, &str, &str)] = &[
            ("\"Yes,\" said pollster Frank Luntz.", "pollster Frank Luntz", "said"),
            ("\"Yes,\" said 9/11 widow Terry Strada.", "9/11 widow Terry Strada", "said"),
            ("\"Yes,\" Katie Packer, who leads the group said.", "Katie Packer", "said"),
            ("\"Yes,\" the Republican nominee riffed.", "the Republican nominee", "riffed"),
            ("\"Yes,\" Trump shot back.", "Trump", "shot"),
            ("Sanders shot back, \"Yes.\"", "Sanders", "shot"),
            ("As Vulture put it, \"Hello.\"", "Vulture", "put"),
            ("Priebus later Thursday told Fox News: \"Yes.\"", "Priebus", "told"),
            ("Another source speaking to Fox News said, \"Yes.\"", "Another source", "said"),
            ("Rich Heffley, a top operative who ran the early-vote effort in the state, said: \"Yes.\"", "Rich Heffley", "said"),
            ("\"PENCE: Well, yes.\"", "PENCE", ":"),
            // A source named after "according to", any noun phrase, or the
            // author of the document it names.
            ("The wage is about \"$12 an hour,\" according to officials with knowledge of it.", "officials", "according to"),
            ("The wage is about \"$12 an hour,\" according to calculations by Amy Glasmeier of MIT.", "Amy Glasmeier of MIT", "according to"),
            ("The wage is \"fair,\" according to audio provided by Wyoming Public Radio.", "Wyoming Public Radio", "according to"),
            // The outlet after an attribution, with or without a comma.
            ("\"Yes,\" Jamal Ware said in a statement according to The Blaze.", "The Blaze", "according to"),
            ("\"Yes,\" said Kristen Day, executive director of Democrats for Life, reports USA Today.", "USA", "reports"),
            // The agent of a passive cue.
            ("Rubio was asked by Fox Business moderator Gerard Baker whether it would risk \"adding another program.\"", "Fox Business moderator Gerard Baker", "asked"),
            // An inverted attribution closing a run-on of the quote.
            ("\"We're extremely happy\" about the decision, said RoseAnn DeMoro, executive director of the union.", "RoseAnn DeMoro", "said"),
            ("\"They don't have a choice\" but to take the lead, says Evan Tracey, a consultant.", "Evan Tracey", "says"),
            // A long appositive before a verb with a prepositional phrase.
            ("\"They expect us to know this,\" Terrie Rizzo, the Democratic chair of Florida's Palm Beach County, said of the Clintons.", "Terrie Rizzo", "said"),
            // A colon after the subject's clause, not after its object;
            // the name before the colon when it stands alone or as an agent.
            ("Senate Majority Leader Mitch McConnell delivered a blunt message to Trump: \"Quit attacking people.\"", "Senate Majority Leader Mitch McConnell", ":"),
            ("More from Jones: \"The partisanship of the state is a starting point.\"", "Jones", ":"),
            ("IOWA POLLS NOT WRONG - Mark Blumenthal and Jon Cohen: \"The polls were fine.\"", "Jon Cohen", ":"),
        ];
        for (text, speaker, cue) in cases {
            assert_eq!(attributed(text), (Some(speaker.to_string()), Some(cue.to_string())), "{text:?}");
        }
    }

    #[test]
    fn that_clause_reporters() {
        // (text, reporter of the clause after its first "that")
        let cases: &[(&str, Option<&str>)] = &[
            ("Gingrich found last year that the party was lost.", Some("Gingrich")),
            ("The senator said Tuesday that the party was lost.", Some("The senator")),
            ("Gingrich, a historian, believes that the party is lost.", Some("Gingrich")),
            // False positives: a relative "that" after a noun, "so that",
            // a verb before a comma.
            ("Voters hated the plan that Obama signed.", None),
            ("Gingrich left early so that the party was lost.", None),
            ("Gingrich found, in short, that the party was lost.", None),
        ];
        for (text, want) in cases {
            let doc = Document::new(text);
            let t = Tokens::new(&doc);
            let k = (0..doc.tokens.len()).find(|&i| doc.word(i) == "that").unwrap() + 1;
            assert_eq!(that_clause_reporter(&t, k).map(|s| &text[s]), *want, "{text:?}");
        }
    }

    #[test]
    fn false_positives() {
        // Not a speaker: a fronted phrase, a title-case line that is not a
        // transcript, a reporting noun after a possessive or determiner.
        let cases: &[(&str, Option<&str>)] = &[
            ("In Iowa, \"Yes.\"", None),
            ("Meanwhile, the crowd grew, \"Yes.\"", None),
            ("\"Chris Christie: Bad for New Jersey.\"", None),
            ("The report \"found nothing.\"", None),
            // "according to" before a clause, not a noun phrase.
            ("It was \"fine,\" according to whether it rains.", None),
        ];
        for (text, speaker) in cases {
            assert_eq!(attributed(text).0.as_deref(), *speaker, "{text:?}");
        }
        // Not the speaker: the subject of "quoted by", the listener after
        // "told" closing a run-on, the object of a reporting verb.
        let cases: &[(&str, Option<&str>)] = &[
            ("Trump was quoted by the Times as saying \"Yes.\"", Some("Trump")),
            ("\"We had more successes\" than this one, Texas delegate Bill Eastland, a Cruz fan, told AFP.", Some("Texas delegate Bill Eastland")),
            ("\"Yes,\" Walker said, reporting from Iowa.", Some("Walker")),
        ];
        for (text, speaker) in cases {
            assert_eq!(attributed(text).0.as_deref(), *speaker, "{text:?}");
        }
        // (speaker phrase, plausible)
        let speakers: &[(&str, bool)] = &[
            ("Kelly", true),
            ("he", true),
            ("the senator", true),
            ("former aides", true),
            ("spokesman", true),
            ("retired general Flynn", true),
            // False positives.
            ("quick", false),
            ("until Haley", false),
            ("won\u{2019}t", false),
            ("choosing", false),
            ("bothered", false),
            ("especially keen", false),
            ("the partner being supportive of", false),
            ("of his Mexican heritage", false),
        ];
        for (s, ok) in speakers {
            assert_eq!(plausible_speaker(s), *ok, "{s:?}");
        }
        for (prev, w, noun) in [("Trump's", "remarks", false), ("'s", "remarks", true), ("'s", "called", false), ("the", "report", true), ("her", "say", false), ("he", "said", false)] {
            assert_eq!(is_noun_use(prev, w), noun, "{prev} {w}");
        }
    }
}
