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
//!
//! A speaker is a pronoun ("he"), a name with its title ("Sen. Ted Cruz"), or
//! a nominal ("a White House spokeswoman"); an appositive between speaker and
//! verb ("Gene Sperling, a top adviser, said") is skipped. Quotes without
//! their own attribution inherit one in [`super`] (same paragraph, or the
//! paragraph before).

use super::lexicon::{is_adverb, is_filler, is_name_opener, is_pronoun, is_reporting_verb, is_weak_verb};
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
        "that", "which", "whom", "whose", "and", "but", "or", "because", "while", "when", "where", "as", "if",
        "though", "although", "since", "after", "before", "during", "in", "on", "at", "for", "with", "to", "from",
        "by", "about", "into", "than", "so", "yet", "not", "also", "then", "has", "have", "had", "is", "was", "are",
        "were", "will", "would", "could", "should", "can", "may", "might", "did", "does", "do", "this", "last",
        "earlier", "later", "today", "yesterday", "tonight", "monday", "tuesday", "wednesday", "thursday",
        "friday", "saturday", "sunday", "there", "here", "what", "how", "why", "again", "once", "still", "just",
        "even", "over", "under", "through", "via", "per", "said", "says", "told", "saying",
    ];
    w.len() <= 9 && STOP.iter().any(|s| s.eq_ignore_ascii_case(w))
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
            || matches!(self.w(i).to_ascii_lowercase().as_str(), "in" | "on" | "at" | "during" | "after" | "before" | "when" | "while" | "as" | "of" | "from" | "to" | "about" | "last" | "this" | "yesterday" | "today" | "earlier" | "later" | "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday" | "who" | "and")
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
        }
        if matches!(w, "." | "!" | "?" | ";" | "\u{2026}") {
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
        self.is_word(i) && is_reporting_verb(w) && !(strong_only && is_weak_verb(w)) && !is_cap_mid(self, i)
    }

    /// The speaker phrase ending just before `end` (exclusive), read leftwards.
    fn subject_left(&self, end: usize, floor: usize) -> Option<Span> {
        let mut j = end;
        // Auxiliaries and adverbs: "he also said", "Trump has said", "was quoted as".
        loop {
            if j > floor && self.is_word(j - 1) && {
                let w = self.w(j - 1);
                is_filler(w) || w == "quoted" || w == "as" || (w.len() > 4 && w.ends_with("ly") && !is_cap(w))
            } {
                j -= 1;
            } else if j > floor + 1 && self.w(j - 1) == "and" && !is_pronoun(self.w(j - 2)) {
                // "he laughed and said", "Trump called on her to resign and
                // said": the clause's subject.
                return sentence_subject(self, floor, j - 1);
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
            // A fronted phrase ("In Iowa, said …"): no speaker on this side.
            return None;
        }
        let np = self.np_left(j, floor)?;
        let first = self.doc.token_at_or_after(np.start);
        let lower = !is_cap(&self.doc.text[np]);
        if lower && first > floor + 1 && matches!(self.w(first - 1), "at" | "on" | "in" | "during" | "for" | "from" | "after" | "before" | "with" | "over" | "last" | "this" | "earlier" | "later") {
            if let Some(s) = self.np_left(first - 1, floor) {
                return Some(s);
            }
        }
        Some(np)
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
                TokenKind::Word => !is_boundary_word(w) && !(is_reporting_verb(w) && !is_cap(w)) && !is_pronoun(w),
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
        if start >= ceil || !self.is_word(start) {
            return None;
        }
        if is_pronoun(self.w(start)) {
            return Some(self.doc.tokens[start].span);
        }
        if is_boundary_word(self.w(start)) {
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
        (is_cap(first) || is_name_opener(first)).then(|| self.doc.tokens_span(start..k))
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

/// A capitalized reporting verb in mid-sentence is a name ("Says", "Rep. Said").
fn is_cap_mid(t: &Tokens<'_, '_>, i: usize) -> bool {
    is_cap(t.w(i)) && i > 0 && !t.doc.tokens[i].line_start && !t.stops(i - 1) && t.w(i - 1) != ":"
}

/// `according to X` starting at token `i`.
fn according_to(t: &Tokens<'_, '_>, i: usize, ceil: usize) -> Option<Attribution> {
    if i + 2 < ceil && t.w(i).eq_ignore_ascii_case("according") && t.w(i + 1) == "to" {
        let sp = t.np_right(i + 2, ceil)?;
        return Some(Attribution::new(sp, t.doc.tokens_span(i..i + 2), None));
    }
    None
}

/// A past or present tense verb by its ending ("barked", "quips").
fn looks_like_verb(w: &str) -> bool {
    is_reporting_verb(w) || (w.len() > 3 && (w.ends_with("ed") || (w.ends_with('s') && !w.ends_with("ss"))))
}

/// `X said.` / `X said,` / `said X.`: a short clause holding only an
/// attribution, starting at token `i`.
fn short_attribution(t: &Tokens<'_, '_>, i: usize) -> bool {
    let end = (i + 5).min(t.len());
    (i..end).any(|v| {
        t.is_cue(v, true) && (v + 1 >= t.len() || matches!(t.w(v + 1), "." | "," | ";") || {
            // said X.
            let ceil = t.clause_end(v + 1, 8);
            v == i && ceil < t.len() && matches!(t.w(ceil), "." | "," | ";") && t.np_right(v + 1, ceil).is_some()
        })
    })
}

/// Attribution after a quote whose last token is `close` (the closing mark).
pub fn after(t: &Tokens<'_, '_>, close: usize) -> Option<Attribution> {
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
    // "…" — X
    if is_dash(t.w(i)) {
        let ceil = t.clause_end(i + 1, NEAR);
        let sp = t.np_right(i + 1, ceil)?;
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
        if t.is_word(i) && (is_pronoun(w) || is_cap(w)) && !is_boundary_word(w) {
            return Some(Attribution::new(t.doc.tokens[i].span, t.doc.tokens[i + 1].span, Some(i + 1)));
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
        if t.is_cue(v, !ends) && !matches!(t.w(v - 1).to_ascii_lowercase().as_str(), "the" | "a" | "an" | "of" | "to" | "for" | "in" | "on") {
            let sp = t.subject_left(v, i)?;
            // The speaker follows the quote at once, or after a comma that
            // closes a run-on of the quoted sentence ("…" than that, Zuckoff said).
            let first = t.doc.token_at_or_after(sp.start);
            if sp.start != t.doc.tokens[i].span.start && !(first > i && t.w(first - 1) == ",") {
                return None;
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
    } else if let Some(v) = close_by {
        Box::new(std::iter::once(v).chain(lowest..j))
    } else {
        Box::new(lowest..j)
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
    // X did something: “…” / Trump: ‘…’
    if open >= 2 && t.w(open - 1) == ":" {
        if let Some(sp) = t.np_left(open - 1, floor).filter(|sp| is_cap(&t.doc.text[*sp])) {
            return Some(Attribution::new(sp, t.doc.tokens[open - 1].span, None));
        }
        if let Some(sp) = sentence_subject(t, floor, open - 1) {
            return Some(Attribution::new(sp, t.doc.tokens[open - 1].span, None));
        }
    }
    first_cue.map(|v| Attribution { speaker: None, cue: Some(t.doc.tokens[v].span), cue_token: Some(v) })
}

/// The speaker of the cue at `v` in the clause `floor..j`.
fn speaker_of_cue(t: &Tokens<'_, '_>, v: usize, floor: usize, j: usize) -> Option<Span> {
    // A participle after a comma takes the clause's subject: "Sanders
    // stepped up his emphasis, saying, “…”".
    let participle = t.w(v).ends_with("ing");
    // The comma may sit inside a quote just closed: `“New York values,” saying`.
    let after_comma = v > floor && (t.w(v - 1) == "," || (v > floor + 1 && is_quote_mark(t.w(v - 1)) && t.w(v - 2) == ","));
    if participle && after_comma {
        if let Some(sp) = sentence_subject(t, floor, v) {
            return Some(sp);
        }
    }
    if let Some(sp) = t.subject_left(v, floor) {
        // "a memo to the Post in April explaining": the noun before a
        // participle after a preposition is not its subject.
        let first = t.doc.token_at_or_after(sp.start);
        let in_pp = first > floor && matches!(t.w(first - 1).to_ascii_lowercase().as_str(), "in" | "on" | "at" | "to" | "of" | "for" | "from" | "during" | "after" | "before" | "about");
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
    if let Some(sp) = t.np_right(v + 1, j).filter(|sp| opens_clause && t.doc.token_at_or_after(sp.end) >= j) {
        return Some(sp);
    }
    // A participle with the sentence's subject: "…, calling him a “…”".
    if participle {
        return sentence_subject(t, floor, v);
    }
    None
}

/// The first pronoun or capitalized phrase of the clause `from..to`.
fn sentence_subject(t: &Tokens<'_, '_>, from: usize, to: usize) -> Option<Span> {
    // Candidates: pronouns, capitalized names, determiner phrases; the first
    // one followed by a verb (or an auxiliary) is the subject, else the first.
    let mut first: Option<Span> = None;
    let mut k = from;
    while k < to {
        let w = t.w(k);
        let mut np: Option<(usize, usize)> = None;
        if t.is_word(k) && is_pronoun(w) && !w.eq_ignore_ascii_case("it") {
            np = Some((k, k + 1));
        } else if t.is_word(k) && matches!(w.to_ascii_lowercase().as_str(), "the" | "a" | "an" | "his" | "her" | "their" | "its") {
            let mut e = k + 1;
            while e < to && e - k <= 4 && t.is_word(e) && !is_boundary_word(t.w(e)) && !is_reporting_verb(t.w(e)) && !t.w(e).ends_with("ed") {
                e += 1;
            }
            if e > k + 1 {
                np = Some((k, e));
            }
        } else if t.is_word(k) && is_cap(w) && !is_boundary_word(w) && !w.ends_with("ing") && !w.eq_ignore_ascii_case("however") {
            let mut e = k + 1;
            while e < to && (t.is_word(e) && is_cap(t.w(e)) || t.w(e) == ".") {
                e += 1;
            }
            np = Some((k, e));
        }
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

/// The subject of the clause holding token `i`: its first pronoun or name.
pub fn subject_of(t: &Tokens<'_, '_>, i: usize) -> Option<Span> {
    let from = t.clause_start(i, FAR);
    sentence_subject(t, from, i)
}
