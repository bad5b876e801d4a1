//! Direct and mixed quotations, and who said them.
//!
//! Three steps, one module each:
//! 1. [`marks`] pairs quotation marks (straight, curly, single, guillemets,
//!    across paragraphs) and leaves apostrophes, inch marks and markup alone.
//! 2. [`attribution`] reads the speaker and the reporting verb (cue) around
//!    each quote with a small grammar over the shared tokens, using the word
//!    lists of [`lexicon`].
//! 3. This module decides what each pair is: a **direct** quote (a sentence
//!    or more, set off by a colon, comma, reporting verb or sentence start)
//!    is kept as marked; a **fragment** inside running text is a quotation
//!    only when a reporting verb governs it (`said the plan was "dead on
//!    arrival"`), and then it becomes a **mixed** quote spanning the reported
//!    clause from after the verb, with every fragment governed by the same
//!    verb in one span. Fragments no verb governs are titles or scare quotes
//!    ("the so-called “reform”") and are dropped. Direct quotes without an
//!    attribution of their own take the speaker of the quote before them in
//!    the paragraph, of a colon introduction, of the paragraph before (a
//!    continued quote), or of the sentence before when it reports speech
//!    ("Coan argues that his client was never violent. “The government …”").
//!    A line of nothing but a short quote in single marks or capitals, below
//!    the headline, is a subhead repeating the story's words and is skipped.
//!    A quote carried on to
//!    the next paragraph that closes there with its own attribution is split
//!    at the paragraph break. An article title cited with its author
//!    (`"…," by DNAinfo's Eddie Small`) is not a quote, nor is the
//!    article text after it, nor a slogan or work cited with its year
//!    (`“…” (2005)`). In a text that quotes in double marks, single marks
//!    below the headline set off terms and decks, not speech, unless a
//!    reporting verb introduces them. Words chanted ("chants of “…”") and
//!    predicates ("referring to her as “…”", "the judge was “…”") are
//!    quotes. Quotes never overlap: a mixed quote reaching back over a
//!    fragment takes it in; quotes back to back or joined by a bare "and"
//!    are one, and so is a mixed quote and the lower-case quote set off by
//!    a comma that goes on with its sentence.
//!
//! Two apostrophes in a row (`''…''`) are apostrophes unless
//! [`QuoteRecognizer::typewriter`] is set: see [`marks`].

mod attribution;
mod lexicon;
mod marks;

pub use lexicon::{is_pronoun, is_reporting_verb};
pub use marks::{pair, pair_with, Marked};

use crate::span::{Annotation, Kind, Quote, Span};
use crate::text::Document;
use crate::Recognizer;
use attribution::{after, before, colon_intro, Attribution, Tokens};

/// Finds quotations; see the [module docs](self).
#[derive(Debug, Default, Clone)]
pub struct QuoteRecognizer {
    typewriter: bool,
}

impl QuoteRecognizer {
    /// A recognizer with the default settings.
    pub fn new() -> QuoteRecognizer {
        QuoteRecognizer::default()
    }

    /// Read two apostrophes or backticks in a row (`''…''`, ``` ``…'' ```)
    /// as a double quotation mark (default: off, they are apostrophes). See
    /// [`crate::Options::typewriter_quotes`] for why it is off.
    pub fn typewriter(mut self, yes: bool) -> QuoteRecognizer {
        self.typewriter = yes;
        self
    }

    /// Every quote of `doc` with these settings, in text order.
    pub fn find(&self, doc: &Document<'_>) -> Vec<Quote> {
        find_with(doc, self.typewriter)
    }
}

/// One candidate while the document is read.
#[derive(Clone, Copy, Debug)]
struct Candidate {
    mark: Marked,
    /// Token of the opening mark.
    open: usize,
    /// Token of the closing mark (last token inside for an unclosed quote).
    close: usize,
    direct: bool,
    attr: Attribution,
    para: usize,
    /// Paragraph of its closing mark (later than `para` for a multi-paragraph quote).
    para_end: usize,
    /// The attribution was inherited from another quote.
    inherited: bool,
}

impl Recognizer for QuoteRecognizer {
    fn kind(&self) -> Kind {
        Kind::Quote
    }

    fn recognize(&self, doc: &Document<'_>, out: &mut Vec<Annotation>) {
        for q in self.find(doc) {
            out.push(Annotation::Quote(q));
        }
    }
}

/// Every quote of `doc` with the default settings, in text order.
pub fn find(doc: &Document<'_>) -> Vec<Quote> {
    find_with(doc, false)
}

/// Every quote of `doc`; `typewriter`: see [`QuoteRecognizer::typewriter`].
fn find_with(doc: &Document<'_>, typewriter: bool) -> Vec<Quote> {
    let t = Tokens::new(doc);
    let mut cands: Vec<Candidate> = Vec::new();
    let marks = marks::pair_with(doc.text, typewriter);
    let double_style = prints_double(&marks);
    for mark in marks.into_iter().flat_map(|m| {
        let (first, rest) = split_continued(doc, &t, m);
        std::iter::once(first).chain(rest)
    }) {
        let open = doc.token_at_or_after(mark.span.start);
        if open >= doc.tokens.len() || doc.tokens[open].span.start != mark.span.start {
            continue;
        }
        let close = doc.token_at_or_after(mark.span.end).saturating_sub(1).max(open);
        if close <= open + usize::from(mark.closed) {
            continue; // nothing inside
        }
        let para = doc.paragraphs.partition_point(|p| p.end <= mark.span.start);
        let para_end = doc.paragraphs.partition_point(|p| p.end < mark.span.end);
        if is_subhead(doc, open, close, mark) || is_work_title(doc, open, close) {
            continue;
        }
        let direct = is_direct(doc, open, close, mark);
        if direct && is_cited_title(doc, open, close, mark) {
            continue;
        }
        if is_dated(doc, close, mark) || is_cited_excerpt(doc, open) {
            continue;
        }
        let mut attr = attribute(&t, open, close, mark.closed, direct);
        if double_style && is_single_mention(doc, open, mark, para) && !governed_in_sentence(doc, open, &attr) {
            continue;
        }
        // A cue or speaker found inside the quote before is that quote's
        // own words ("“We had written two dozen songs,” Kiedis said,
        // mentioning the album is “in the home stretch”": not "written"
        // with "We"): this quote has no attribution of its own.
        if let Some(p) = cands.last() {
            let inside = |s: Span| s.start >= doc.tokens[p.open].span.end && s.end <= doc.tokens[p.close].span.start;
            if attr.cue.is_some_and(inside) || attr.speaker.is_some_and(inside) {
                attr = Attribution::default();
            }
        }
        if (attr.cue.is_none() || !direct) && is_headline(doc, para) {
            continue;
        }
        cands.push(Candidate { mark, open, close, direct, attr, para, para_end, inherited: false });
    }
    // Only quotes that stay quotes lend their speaker: not a title or scare
    // quote that `build` drops ("a host on the TV show “Shark Tank.”").
    let lends: Vec<bool> = cands.iter().map(|c| c.direct || (c.attr.cue_token.is_some() && !is_title(doc, c))).collect();
    inherit(&t, &mut cands, &lends);
    build(doc, &t, &cands)
}

/// A quotation opened inside a paragraph, carried on to the next with the
/// multi-paragraph convention, that closes there with a comma and an
/// attribution of its own ("… he said. "They separate the women and the
/// children …↵"This is still my family," he said.") is two quotations: the
/// rest of the first paragraph, and the attributed one. A quotation that
/// opens its paragraph and runs on is one speech and stays whole.
fn split_continued(doc: &Document<'_>, t: &Tokens<'_, '_>, mark: Marked) -> (Marked, Option<Marked>) {
    let whole = (mark, None);
    if !mark.closed || mark.single {
        return whole;
    }
    let open = doc.token_at_or_after(mark.span.start);
    if open >= doc.tokens.len() || doc.tokens[open].line_start {
        return whole;
    }
    let para = doc.paragraphs.partition_point(|p| p.end <= mark.span.start);
    let last = doc.paragraphs.partition_point(|p| p.end < mark.span.end);
    if last <= para || last >= doc.paragraphs.len() {
        return whole;
    }
    let (prev, tail) = (doc.paragraphs[last - 1], doc.paragraphs[last]);
    let Some(c) = doc.text[tail.start..].chars().next() else { return whole };
    if !matches!(c, '"' | '\u{201C}' | '\u{201E}' | '\u{00AB}') || tail.start >= mark.inner.end {
        return whole;
    }
    let close = doc.token_at_or_after(mark.span.end).saturating_sub(1);
    if close < 2 || doc.word(close - 1) != "," || after(t, close, true).and_then(|a| a.speaker).is_none() {
        return whole;
    }
    let first = Marked { span: Span::new(mark.span.start, prev.end), inner: Span::new(mark.inner.start, prev.end), single: false, closed: false };
    let second = Marked { span: Span::new(tail.start, mark.span.end), inner: Span::new(tail.start + c.len_utf8(), mark.inner.end), single: false, closed: true };
    (first, Some(second))
}

/// A line holding nothing but a short quotation in single marks, or in
/// capitals: a subhead that repeats words from the story ("'Totally
/// pro-Israel.'", "“DIVISIVE, STUPID AND WRONG”"), not a quotation of its
/// own. News prints quotations in body text in double marks; single marks at
/// the top level are headline style.
fn is_subhead(doc: &Document<'_>, open: usize, close: usize, mark: Marked) -> bool {
    if !mark.closed || !doc.tokens[open].line_start {
        return false;
    }
    let after = close + 1;
    let ends_line = after >= doc.tokens.len()
        || doc.tokens[after].line_start
        || (matches!(doc.word(after), "." | "!" | "?" | ";") && (after + 1 >= doc.tokens.len() || doc.tokens[after + 1].line_start));
    if !ends_line {
        return false;
    }
    let inner = &doc.text[mark.inner];
    let words = inner.split_whitespace().count();
    let caps = inner.chars().any(|c| c.is_alphabetic()) && !inner.chars().any(|c| c.is_lowercase());
    words <= 8 && (mark.single || caps) && open > 0
}

/// The text prints its quotations in double marks: more closed pairs of
/// double marks than of single ones. American news does; British news
/// prints them in single marks, with double ones nested inside.
fn prints_double(marks: &[Marked]) -> bool {
    let (mut double, mut single) = (0usize, 0usize);
    for m in marks.iter().filter(|m| m.closed) {
        if m.single {
            single += 1;
        } else {
            double += 1;
        }
    }
    double > single
}

/// In a text printing its quotations in double marks ([`prints_double`]),
/// single marks outside a double quote below the headline set off what is
/// not a quotation: a deck or subhead in headline style ("Wary of
/// 'chaos.'", "– ‘Who cares?’ –"), a scare-quoted term ("Obama’s
/// strategic ‘rebalance’ towards Asia", "the so-called ‘special
/// relationship’"), a nickname ("'Guccifer' targeted about 100
/// Americans"). Words a reporting verb introduces stay quotations ("you
/// should have said ‘over their dead bodies’"; see also
/// [`governed_in_sentence`]).
fn is_single_mention(doc: &Document<'_>, open: usize, mark: Marked, para: usize) -> bool {
    if !mark.single || para == 0 {
        return false;
    }
    let mut p = open;
    if p > 0 && doc.word(p - 1) == "," {
        p -= 1;
    }
    !(p > 0 && lexicon::is_reporting_verb(doc.word(p - 1)))
}

/// A reporting verb earlier in the quote's sentence governs it ("John
/// Kelly promised there will be 'no mass deportations'").
fn governed_in_sentence(doc: &Document<'_>, open: usize, attr: &Attribution) -> bool {
    attr.cue_token.is_some_and(|v| v < open && sentence_of(doc, v) == sentence_of(doc, open))
}

/// The headline: a short first line with the story below it. Headlines
/// capitalize every word and drop verbs, so a quoted phrase there that no
/// colon or reporting verb attributes ("Sanders declares ‘revolution’" has
/// one; "Obama’s ‘pivot’ falters" has none) cannot be told from a title or
/// a scare quote, and its words come again, attributed, in the story. A
/// headline sets off what it quotes with a colon or right after the verb;
/// a fragment further on is a scare-quoted word ("Obama slams GOP’s ‘doom
/// and despair’", "Flynn says Trump ‘absolutely right’").
fn is_headline(doc: &Document<'_>, para: usize) -> bool {
    /// Longest first line read as a headline, in tokens.
    const MAX_TOKENS: usize = 30;
    para == 0
        && doc.paragraphs.len() > 1
        && doc.tokens.iter().take(MAX_TOKENS + 1).skip(1).any(|t| t.line_start)
}

/// A title after the noun naming its work ("the documentary “13th”", "his
/// memoir, "Gifted Hands"", "the film "13 Hours""): every word capitalized
/// or a number.
fn is_work_title(doc: &Document<'_>, open: usize, close: usize) -> bool {
    let mut p = open;
    if p > 0 && doc.word(p - 1) == "," {
        p -= 1;
    }
    p > 0 && lexicon::is_work_noun(doc.word(p - 1)) && title_case(doc, open, close, true)
}

/// The title of an article cited with its author, as news digests and
/// reading lists print them: `—"Pop-up art show strives to confront
/// gentrification," by DNAinfo's Eddie Small`. A quotation set off with a
/// comma is followed by its speaker and a verb; a title, by "by" and a
/// name. Only for a quote standing on its own ([`is_direct`]): fragments
/// inside a sentence ("the “ugliness of utterances, largely unprompted,” by
/// Trump") are left to the attribution rules.
fn is_cited_title(doc: &Document<'_>, open: usize, close: usize, mark: Marked) -> bool {
    let by = close + 1;
    mark.closed
        && close > open + 1
        && doc.word(close - 1) == ","
        && by + 1 < doc.tokens.len()
        && doc.word(by) == "by"
        && !doc.tokens[by].line_start
        && doc.word(by + 1).starts_with(char::is_uppercase)
}

/// A quotation followed by a year in brackets is a work, a slogan or a
/// poster cited with its date (`“Lose safety? Lose work? No to Schengen”
/// (2005)`, `“Jaws” (1975)`): no one's words at the time of the story.
fn is_dated(doc: &Document<'_>, close: usize, mark: Marked) -> bool {
    let k = close + 1;
    mark.closed
        && k + 2 < doc.tokens.len()
        && doc.word(k) == "("
        && doc.word(k + 2) == ")"
        && doc.word(k + 1).len() == 4
        && doc.word(k + 1).bytes().all(|b| b.is_ascii_digit())
        && !doc.tokens[k].line_start
}

/// The text of an article after its cited title, as digests print them:
/// `"The Living Room to close," by Times' Ben Sisario: "The Living Room, a
/// no-frills nightclub …"`. An excerpt of writing credited with "by", not
/// speech. Only a colon after a "by" phrase that follows a closing mark on
/// the same line (a few tokens back at most).
fn is_cited_excerpt(doc: &Document<'_>, open: usize) -> bool {
    /// Longest "by" phrase looked through, in tokens.
    const MAX_BY: usize = 10;
    if open < 4 || doc.word(open - 1) != ":" {
        return false;
    }
    let colon = open - 1;
    for k in (colon.saturating_sub(MAX_BY)..colon).rev() {
        if doc.tokens[k + 1].line_start {
            return false;
        }
        if doc.word(k) == "by" {
            return k >= 1 && attribution::is_quote_mark(doc.word(k - 1)) && !doc.tokens[k].line_start && doc.word(k + 1).starts_with(char::is_uppercase);
        }
    }
    false
}

/// True when the quote stands as a sentence of its own rather than inside
/// running text: at a line or sentence start, after a colon, comma, dash or
/// bracket, or right after a reporting verb.
fn is_direct(doc: &Document<'_>, open: usize, close: usize, mark: Marked) -> bool {
    if open == 0 || doc.tokens[open].line_start {
        return true;
    }
    let prev = doc.word(open - 1);
    if matches!(prev, ":" | "," | "(" | "[" | ">" | "." | "!" | "?" | ";" | "\u{2014}" | "\u{2013}" | "-" | "\u{2026}") {
        return true;
    }
    if attribution::is_quote_mark(prev) && !(open >= 2 && doc.word(open - 2) == ",") {
        // Another quote mark right before: `”“`; not after a quote that
        // ended in a comma, a list going on (`an "anchor baby," "unstable"
        // and "sick"`).
        return true;
    }
    if lexicon::is_reporting_verb(prev) {
        return true;
    }
    // What a crowd chanted or someone shouted ("greeted with chants of
    // “Bobby!”").
    if prev.eq_ignore_ascii_case("of") && open >= 2 && lexicon::is_sound_noun(doc.word(open - 2)) {
        return true;
    }
    // A whole sentence inside the marks: capitalized and with its own end.
    let inner = &doc.text[mark.inner];
    let first_cap = inner.trim_start().chars().next().is_some_and(|c| c.is_uppercase());
    let words = doc.tokens[open + 1..close].iter().filter(|t| t.kind != crate::text::TokenKind::Punct).count();
    first_cap && words >= 6 && inner.trim_end().ends_with(['.', '!', '?'])
}

fn attribute(t: &Tokens<'_, '_>, open: usize, close: usize, closed: bool, direct: bool) -> Attribution {
    let after_ = || if closed { after(t, close, direct) } else { None };
    // A quote ending in a comma hands over to an attribution after it.
    let comma_end = closed && close > open + 1 && t.word(close - 1) == ",";
    if let Some(a) = attribution::transcript_speaker(t, open, close) {
        return a;
    }
    let found = if direct && comma_end {
        after_().or_else(|| before(t, open, true).filter(|a| a.speaker.is_some())).or_else(|| before(t, open, false))
    } else if direct {
        before(t, open, true).filter(|a| a.speaker.is_some()).or_else(after_).or_else(|| before(t, open, false))
    } else if governed_at_once(t, open) {
        // "is describing as “unhinged” a Donald Trump tweet": the verb
        // before the fragment governs it, not a noun after it.
        before(t, open, false).filter(|a| a.speaker.is_some()).or_else(after_)
    } else {
        after_().or_else(|| before(t, open, false))
    };
    let mut a = found.unwrap_or_default();
    // An implausible speaker ("quick" from "Trump was quick to add that
    // …"): the subject of the quote's own clause instead.
    if a.speaker.is_some_and(|s| !attribution::plausible_speaker(t.text(s))) {
        a.speaker = attribution::subject_of(t, open).filter(|&s| attribution::plausible_speaker(t.text(s)));
    }
    // A speaker before the quote that opens a clause reported by the
    // sentence's subject: that subject ("Lynch said she recalled thinking,
    // “…”"; "Trump said Fox executives were calling “every 15 minutes”").
    if let Some(sp) = a.speaker.filter(|sp| sp.end <= t.span(open).start) {
        if let Some(s) = attribution::outer_subject(t, t.token_at(sp.start)) {
            a.speaker = Some(s);
        }
    }
    a
}

/// A reporting verb right before the mark at `open`, or before an "as"
/// there ("called it “…”" aside, "described as “…”").
fn governed_at_once(t: &Tokens<'_, '_>, open: usize) -> bool {
    open >= 2 && (t.cue_at(open - 1) || (t.word(open - 1).eq_ignore_ascii_case("as") && t.cue_at(open - 2)))
}

/// Direct quotes without a speaker take one from the quote before them in the
/// paragraph, from a colon introduction ending the paragraph before, from the
/// next quote of the paragraph, or from the last quote of the paragraph
/// before when they open their own paragraph (a continued quote).
/// How many neighbouring quotes `inherit` looks at on each side.
const NEIGHBORS: usize = 8;

fn inherit(t: &Tokens<'_, '_>, cands: &mut [Candidate], lends: &[bool]) {
    for i in 0..cands.len() {
        if cands[i].attr.speaker.is_some() || !cands[i].direct {
            continue;
        }
        let para = cands[i].para;
        let starts_para = t_line_start(t, cands[i].open);
        // Scans are bounded (`NEIGHBORS`) so that a paragraph of thousands of
        // unattributed quotes stays linear.
        let prev_same = (0..i).rev().take(NEIGHBORS).take_while(|&j| cands[j].para_end == para).find(|&j| cands[j].attr.speaker.is_some() && lends[j]);
        let got = if let Some(j) = prev_same {
            Some(cands[j].attr)
        } else if let Some(a) = starts_para.then(|| colon_intro(t, cands[i].open)).flatten() {
            Some(a)
        } else if let Some(j) = (i + 1..cands.len()).take(NEIGHBORS).take_while(|&j| cands[j].para == para).find(|&j| cands[j].attr.speaker.is_some() && !cands[j].inherited && lends[j]) {
            Some(cands[j].attr)
        } else if starts_para {
            (0..i)
                .rev()
                .take(NEIGHBORS)
                .take_while(|&j| cands[j].para_end + 1 >= para)
                .find(|&j| cands[j].para_end + 1 == para && cands[j].attr.speaker.is_some() && lends[j])
                .map(|j| cands[j].attr)
        } else {
            None
        };
        // The sentence before reports what the speaker says.
        let got = got.or_else(|| attribution::previous_sentence(t, cands[i].open));
        // "Trump issued a statement, “…”", "Her campaign blasted out an
        // email to supporters stating, “…”": the subject of the clause the
        // quote is set off from by a comma.
        let got = got.or_else(|| attribution::comma_intro(t, cands[i].open));
        if let Some(a) = got {
            cands[i].attr = Attribution { speaker: a.speaker, cue: a.cue, cue_token: None };
            cands[i].inherited = true;
        }
    }
}

fn t_line_start(t: &Tokens<'_, '_>, i: usize) -> bool {
    t.line_start(i)
}

/// Turns candidates into quotes: direct ones as marked, fragments merged by
/// their governing verb into mixed quotes, ungoverned fragments dropped.
fn build(doc: &Document<'_>, t: &Tokens<'_, '_>, cands: &[Candidate]) -> Vec<Quote> {
    let mut out: Vec<Quote> = Vec::with_capacity(cands.len());
    // The mixed quote being grown: its cue token and index in `out`.
    let mut growing: Option<(usize, usize)> = None;
    // The ungoverned fragment quote being grown: its sentence and index.
    let mut loose: Option<(usize, usize)> = None;
    for c in cands {
        if c.direct {
            out.push(quote(c.mark.span, c.attr));
            continue;
        }
        let Some(v) = c.attr.cue_token else {
            // No verb governs it: a title or scare quote, unless it is a
            // clause-sized stretch of someone's words in running text.
            if is_speech_fragment(doc, t, c) || is_predicative(doc, c.open) {
                let sent = sentence_of(doc, c.open);
                if let Some((gs, at)) = loose {
                    if gs == sent {
                        out[at].span = out[at].span.cover(c.mark.span);
                        continue;
                    }
                }
                let mut a = c.attr;
                if a.speaker.is_none() {
                    a.speaker = fragment_subject(t, c.open);
                }
                out.push(quote(c.mark.span, a));
                loose = Some((sent, out.len() - 1));
            }
            continue;
        };
        // A title after a governed preposition ("said on MSNBC's “Morning
        // Joe”") is not what was said.
        if is_title(doc, c) && v + 1 != c.open && !is_predicative(doc, c.open) {
            continue;
        }
        if let Some((gv, at)) = growing {
            // Fragments of one clause ("a “loser,” a “liar” and a “whiner”")
            // are one quote; a later clause under the same verb is another.
            if gv == v && !doc.text[out[at].span.end..c.mark.span.start].contains([',', ';', ':']) {
                out[at].span = out[at].span.cover(c.mark.span);
                continue;
            }
        }
        let start = if v < c.open {
            // The reported clause starts after the verb.
            // From "that" when the verb has an object first ("told a news
            // conference that “…”").
            // Not a determiner "that" after a preposition ("responded to
            // that tweet by calling Alwaleed “dopey”").
            let from = (v + 1..c.open)
                .find(|&k| doc.word(k).eq_ignore_ascii_case("that") && !lexicon::is_preposition(doc.word(k - 1)))
                .unwrap_or(v + 1);
            // Not from the comma after the verb ("Perhaps, he said, this
            // “small town …”").
            let from = (from..c.open).find(|&k| doc.tokens[k].kind != crate::text::TokenKind::Punct).unwrap_or(c.open);
            // A fragment joined by ", and" after the verb's own adjuncts
            // continues the quote before ("Oz is “smart as hell,” Mosko
            // wrote in an email to Rich Eisen, and “full of s---.”"): the
            // words between are the attribution's, not the speaker's.
            // Only after an adjunct of the verb (a prepositional phrase):
            // after a reported clause ("said that I had long felt that way,
            // and “in this case …”") the fragment goes on with it.
            let joined = c.open >= from + 2 && matches!(doc.word(c.open - 1), "and" | "but") && doc.word(c.open - 2) == ",";
            let from = if joined && lexicon::is_preposition(doc.word(from)) { c.open } else { from };
            doc.tokens[from].span.start.min(c.mark.span.start)
        } else {
            doc.tokens[t.clause_start_pub(c.open)].span.start
        };
        // A fragment kept on its own earlier in the sentence opens the same
        // stretch of reported words ("The four “loopholes” he cited are
        // “the ability to …”", "Trump was “absolutely right” when he said
        // that …"): one quote, with this one's attribution. Not across a
        // comma or a dash, where the sentence goes on to other words.
        if let Some((gs, at)) = loose {
            // From the last word inside the first quote's marks, so that a
            // comma before its closing mark counts ("“New York values,”
            // saying …").
            // (A few characters back at most: linear on any input.)
            let tail = out[at].span.end.min(c.mark.span.start);
            let inside = doc.text[..tail].char_indices().rev().take(8).find(|&(_, ch)| ch.is_alphanumeric()).map_or(tail, |(k, ch)| k + ch.len_utf8());
            let between = &doc.text[inside.max(out[at].span.start)..c.mark.span.start];
            // The verb governing this fragment stands between the two, and
            // not as a second predicate ("thanked its members “…” and
            // called the union “…”": two quotes).
            let verb_between = v < c.open && doc.tokens[v].span.start >= out[at].span.end && !matches!(doc.word(v - 1), "and" | "but" | "or" | "then");
            if gs == sentence_of(doc, c.open) && at + 1 == out.len() && out[at].cue.is_none() && verb_between && !between.contains([',', ';', ':', '(', '\u{2014}']) {
                let mut q = quote(out[at].span.cover(Span::new(start, c.mark.span.end)), c.attr);
                if q.speaker.is_none() {
                    q.speaker = out[at].speaker;
                }
                out[at] = q;
                growing = Some((v, at));
                loose = None;
                continue;
            }
        }
        out.push(quote(Span::new(start, c.mark.span.end), c.attr));
        growing = Some((v, out.len() - 1));
    }
    // Direct quotes by where their marks open (candidates are in text order).
    let direct: Vec<usize> = cands.iter().filter(|c| c.direct).map(|c| c.mark.span.start).collect();
    let is_direct = |q: &Quote| direct.binary_search(&q.span.start).is_ok();
    merge_runs(doc, merge_overlapping(out), is_direct)
}

/// A quotation mark of any kind.
fn is_mark_char(c: char) -> bool {
    matches!(c, '"' | '\'' | '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{00AB}' | '\u{00BB}' | '\u{2018}' | '\u{2019}' | '\u{2039}' | '\u{203A}')
}

/// Quotations printed back to back, or joined by a bare "and" or "or",
/// are one stretch of the speaker's words ("comparing Mexican immigrants
/// to “criminals” and “rapists”", "he "loves China," and "people from
/// China love me"", "that “ethanol people” “do a fantastic job""): one
/// quote, with the first one's attribution (or the second's when the first
/// has none). Not after words that end a sentence inside the marks ("“…
/// security guards.” He said"), nor across a line break. Looks a few
/// characters past each quote: linear.
///
/// A quotation set off by a comma that goes on in lower case after a
/// mixed quote of the same sentence continues it, when no verb of saying
/// comes between ("had made “numerous requests” to withdraw the motion,
/// “and even to agree to cancel the meeting”", "there are still "some
/// people" who feel that way, "but not among the vast majority""): not an
/// interrupted quote ("“…,” he said, “but …”"), whose parts stay two.
fn merge_runs(doc: &Document<'_>, quotes: Vec<Quote>, is_direct: impl Fn(&Quote) -> bool) -> Vec<Quote> {
    let text = doc.text;
    merge_into_previous(quotes, |last, q| runs_on(text, last.span, q.span) || (!is_direct(last) && is_direct(q) && continues(doc, last.span, q.span)))
}

/// Folds each quote (in order) into the one kept before it when `joins`
/// says so: one span covering both, with the first's attribution, or the
/// second's when the first has none.
fn merge_into_previous(quotes: Vec<Quote>, joins: impl Fn(&Quote, &Quote) -> bool) -> Vec<Quote> {
    let mut out: Vec<Quote> = Vec::with_capacity(quotes.len());
    for q in quotes {
        if let Some(last) = out.last_mut() {
            if joins(last, &q) {
                last.span = last.span.cover(q.span);
                if last.speaker.is_none() && q.speaker.is_some() {
                    last.speaker = q.speaker;
                    last.cue = q.cue;
                }
                continue;
            }
        }
        out.push(q);
    }
    out
}

/// The direct quote `b` goes on with the sentence of the quote `a` before
/// it: `b` opens in lower case after a comma, and between them no line
/// break, no sentence end and no verb of saying. Looks at the words
/// between the two once: linear.
fn continues(doc: &Document<'_>, a: Span, b: Span) -> bool {
    if b.start < a.end {
        return false;
    }
    let inner = &doc.text[b.start..b.end];
    let mut chars = inner.chars();
    chars.next(); // the opening mark
    if !chars.next().is_some_and(char::is_lowercase) {
        return false;
    }
    let gap = &doc.text[a.end..b.start];
    if !gap.trim_end().ends_with(',') || gap.contains(['\n', '\u{2028}', '\u{2029}']) {
        return false;
    }
    // A sentence ended inside the first quote's marks.
    if doc.text[..a.end].trim_end_matches(is_mark_char).ends_with(['.', '!', '?']) {
        return false;
    }
    // A verb of saying interrupts ("…,” she says, “but …”) unless a
    // "that" after it opens the reported clause the quote goes on with
    // ("was “absolutely right” when he said that under Obama, “the
    // generals …”").
    let (from, to) = (doc.token_at_or_after(a.end), doc.token_at_or_after(b.start));
    let mut open_verb = false;
    for k in from..to {
        let w = doc.word(k);
        if matches!(w, "." | "!" | "?") && k + 1 < to && doc.word(k + 1).starts_with(char::is_uppercase) {
            return false;
        }
        if lexicon::is_reporting_verb(w) {
            open_verb = true;
        } else if w.eq_ignore_ascii_case("that") {
            open_verb = false;
        }
    }
    !open_verb
}

/// The quote `b` opens with a mark right after the closing mark of `a`,
/// with nothing but spaces and at most one "and" or "or" between, and `a`
/// does not end its sentence inside its marks.
fn runs_on(text: &str, a: Span, b: Span) -> bool {
    let mut before = text[..a.end].chars().rev();
    if !before.next().is_some_and(is_mark_char) || before.next().is_some_and(|c| matches!(c, '.' | '!' | '?' | '\u{2026}')) {
        return false;
    }
    let rest = &text[a.end..b.end.max(a.end)];
    let skip_spaces = |s: &str| s.trim_start_matches([' ', '\t', '\u{00A0}']).len();
    let mut at = rest.len() - skip_spaces(rest);
    for word in ["and", "or"] {
        if rest[at..].starts_with(word) && rest[at + word.len()..].starts_with([' ', '\u{00A0}']) {
            at += word.len();
            at = rest.len() - skip_spaces(&rest[at..]);
            break;
        }
    }
    let m = a.end + at;
    m >= b.start && m < b.end && text[m..].chars().next().is_some_and(is_mark_char)
}

/// A mixed quote reaches back to the start of its reported clause, so it
/// can take in a quote found before it ("Trump says “the whole game has
/// become screwed up” because “football has become soft”": the first
/// fragment alone, then the clause from "the whole game" to the second).
/// Overlapping quotes are one stretch of the speaker's words: they become
/// one quote, with the attribution of the first that has a speaker.
fn merge_overlapping(mut out: Vec<Quote>) -> Vec<Quote> {
    out.sort_by_key(|q| q.span.start);
    merge_into_previous(out, |last, q| q.span.start < last.span.end)
}

/// Index of the sentence holding token `i`.
fn sentence_of(doc: &Document<'_>, i: usize) -> usize {
    doc.sentences.partition_point(|r| r.end <= i)
}

/// An ungoverned fragment that still reads as someone's words: not a title
/// (every word capitalized), not introduced as a name ("so-called",
/// "dubbed"); a short one (up to three words) also needs a person as the
/// subject of its clause, and a lone word after a determiner is a scare
/// quote ("the “reform”").
fn is_speech_fragment(doc: &Document<'_>, t: &Tokens<'_, '_>, c: &Candidate) -> bool {
    let n = doc.tokens[c.open + 1..c.close].iter().filter(|t| t.kind != crate::text::TokenKind::Punct).count();
    if n == 0 || is_title(doc, c) {
        return false;
    }
    let prev = if c.open > 0 { doc.word(c.open - 1) } else { "" };
    let is = |list: &[&str]| list.iter().any(|w| w.eq_ignore_ascii_case(prev));
    if is(&["so-called", "dubbed", "titled", "named", "entitled", "nicknamed", "word", "term", "phrase", "label"]) {
        return false;
    }
    // "According to US government estimates, there are 1.9 million
    // “removeable criminal aliens”": attributed words.
    if n >= 4 || c.attr.cue.is_some_and(|s| doc.text[s].eq_ignore_ascii_case("according to")) {
        return true;
    }
    if n == 1 && is(&["the", "a", "an", "this", "that", "its", "his", "her", "their", "our", "my", "your"]) {
        return false;
    }
    // A lone pronoun is a word mentioned, not said ("unless “she” is a
    // “he”").
    if n == 1 && lexicon::is_pronoun(doc.text[doc.text.len().min(c.mark.inner.start)..c.mark.inner.end].trim_matches(|ch: char| !ch.is_alphabetic())) {
        return false;
    }
    // The "subject" must not run into the marks: in "Tea Party “super
    // PACs” supported by …" and "The only “medical records”" the quoted
    // words end a noun phrase, not a clause someone spoke.
    // A pronoun, or a quote opening with a verb form ("Clinton “turning
    // [Obama] around”", "he “fabricated” the story"), still makes a clause.
    let first = doc.word(c.open + 1);
    let verb_first = first.len() > 4 && (first.ends_with("ing") || first.ends_with("ed"));
    fragment_subject(t, c.open).is_some_and(|s| {
        let w = &doc.text[s];
        let runs_in = doc.token_at_or_after(s.end) == c.open && !lexicon::is_pronoun(w) && !verb_first;
        (w.starts_with(char::is_uppercase) || lexicon::is_pronoun(w)) && !runs_in
    })
}

/// A quotation right after "as", a form of "be" or the conjunction
/// "that" is what someone is called or said to be, or a clause they said
/// ("referring to Sen. Elizabeth Warren as "Pocahontas"", "the judge was
/// "Mexican."", "his comment that "Islam hates us""), though every word
/// is capitalized or the words are few: a predicate, not a title standing
/// as a noun.
fn is_predicative(doc: &Document<'_>, open: usize) -> bool {
    open > 0 && matches!(doc.word(open - 1), "as" | "is" | "was" | "are" | "were" | "that")
}

/// The subject of the clause holding the fragment opened at `open`; in a
/// "that" clause after a verb, the sentence's subject, who reports it
/// ("Gingrich found last year that the party was “a mess …”").
fn fragment_subject(t: &Tokens<'_, '_>, open: usize) -> Option<Span> {
    let s = attribution::subject_of(t, open)?;
    Some(attribution::that_clause_reporter(t, t.token_at(s.start)).unwrap_or(s))
}

/// Every word inside the marks is capitalized: a title ("Meet the Press"
/// counts: short function words may stay lower case).
fn is_title(doc: &Document<'_>, c: &Candidate) -> bool {
    title_case(doc, c.open, c.close, false)
}

/// Every word between the marks at `open` and `close` is capitalized (or,
/// with `digits`, starts with a digit: "13 Hours"), short function words
/// aside.
fn title_case(doc: &Document<'_>, open: usize, close: usize, digits: bool) -> bool {
    let mut n = 0;
    for tok in &doc.tokens[open + 1..close] {
        if tok.kind == crate::text::TokenKind::Punct {
            continue;
        }
        let w = &doc.text[tok.span];
        n += 1;
        let cap = w.starts_with(char::is_uppercase) || (digits && w.starts_with(|c: char| c.is_ascii_digit()));
        if !cap && !matches!(w, "the" | "of" | "and" | "a" | "an" | "in" | "on" | "for" | "to" | "with") {
            return false;
        }
    }
    n > 0
}

fn quote(span: Span, a: Attribution) -> Quote {
    Quote { span, speaker: a.speaker, cue: a.cue, speaker_name: None, speaker_group: None }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quotes(text: &str) -> Vec<(String, Option<String>)> {
        let doc = Document::new(text);
        find(&doc).into_iter().map(|q| (text[q.span].to_string(), q.speaker.map(|s| text[s].to_string()))).collect()
    }

    /// Checks a table of (text, how many quotes are found in it).
    fn assert_quote_counts(cases: &[(&str, usize)]) {
        for (text, n) in cases {
            assert_eq!(quotes(text).len(), *n, "{text:?}");
        }
    }

    /// Checks a table of (text, the speaker of its first quote).
    fn assert_first_speakers(cases: &[(&str, Option<&str>)]) {
        for (text, speaker) in cases {
            let q = quotes(text);
            assert_eq!(q.first().and_then(|q| q.1.as_deref()), *speaker, "{text:?}");
        }
    }

    /// Checks a table of (text, the text of every quote found in it).
    fn assert_quote_texts(cases: &[(&str, &[&str])]) {
        for (text, want) in cases {
            let got: Vec<String> = quotes(text).into_iter().map(|q| q.0).collect();
            assert_eq!(got, *want, "{text:?}");
        }
    }

    #[test]
    fn subheads() {
        // (text, quotes kept)
        let cases: &[(&str, usize)] = &[
            ("Intro.\n\n'Totally pro-Israel.'\n\nBody.", 0),
            ("Intro.\n\n\u{201C}DIVISIVE, STUPID AND WRONG\u{201D}\n\nBody.", 0),
            // An attributed headline quote stays, and so do double-quoted lines.
            ("Trump: \u{2018}Carson is cratering\u{2019}\n\nBody.", 1),
            ("Intro.\n\n\"We will win this state.\"\n\nBody.", 1),
            // A single-quoted line with an attribution is not a subhead.
            ("Intro.\n\n'We will win,' he said.\n\nBody.", 1),
        ];
        assert_quote_counts(cases);
    }

    #[test]
    fn headlines() {
        // (text, quotes kept): a headline quote needs a colon or a
        // reporting verb (capitalized there too); a bare quoted phrase in
        // a headline is a title or a scare quote.
        let cases: &[(&str, usize)] = &[
            ("Trump: \u{2018}I\u{2019}m the Worst Thing for the Establishment.\u{2019}\n\nBody.", 1),
            ("Sanders declares \u{2018}revolution,\u{2019} ignores losses.\n\nBody.", 1),
            ("Clinton Speaks \u{2018}Directly To White People\u{2019}\n\nBody.", 1),
            // False positives.
            ("'Carson is cratering' while Trump rises.\n\nBody.", 0),
            ("Obama's \u{2018}pivot\u{2019} falters in Asia\n\nBody.", 0),
            ("Mary J. Blige sings in preview clip of \u{2018}The 411.\u{2019}\n\nBody.", 0),
            ("Obama slams GOP\u{2019}s \u{2018}doom and despair\u{2019} on economy.\n\nBody.", 0),
            ("Flynn says Trump 'absolutely right' in saying generals reduced to rubble.\n\nBody.", 0),
            // Straight single marks, newspaper-site style: an attributed
            // headline quote is a quote (the issue asks for headline quotes,
            // though PolNeAR's annotators skipped them).
            ("Reid: 'Never, ever, ever underestimate Trump.'\n\nBody.", 1),
            ("Gowdy promises Benghazi panel report 'as soon as possible.'\n\nBody.", 1),
            // Not a headline: a one-line text, or a long first paragraph.
            ("Obama's \u{2018}pivot\u{2019} falters in Asia, the minister said.", 1),
        ];
        assert_quote_counts(cases);
    }

    #[test]
    fn work_titles() {
        // (text, quotes kept): a capitalized title after the noun naming
        // its work is no one's words; a memo's or an ad's title is.
        let cases: &[(&str, usize)] = &[
            ("Mook released a memo titled \"The Facts on Where the Race Stands.\"", 1),
            // After a work noun, words in sentence case are quoted text.
            ("She wrote in her column, \"the plan is dead on arrival,\" and left it there.", 1),
            // False positives.
            ("The director makes this clear in her new documentary \u{201C}13th.\u{201D} It debuts Friday.", 0),
            ("His memoir, \"Gifted Hands,\" sold well.", 0),
            ("They watched the movie \"13 Hours: The Secret Soldiers of Benghazi,\" on Friday.", 0),
            ("The party anthem \"Purple Rain\" blared from the speakers.", 0),
        ];
        assert_quote_counts(cases);
    }

    #[test]
    fn scare_quotes() {
        // (text, quotes kept): a short fragment no verb governs is a quote
        // only in a clause with a person's subject.
        let cases: &[(&str, usize)] = &[
            ("Then he turned to \"little\" Marco Rubio.", 1),
            ("And on Friday, it was a report that he \"fabricated\" the story.", 1),
            ("Celebrating Clinton \"turning [Obama] around,\" apparently on Libya.", 1),
            // False positives: the quoted words end a noun phrase, or are a
            // pronoun mentioned.
            ("By the fall, Tea Party \"super PACs\" supported by the brothers had seized on it.", 0),
            ("The only \"medical records\" that Trump released was a letter.", 0),
            ("Why are you voting for Trump, unless simply because \"she\" is a man?", 0),
        ];
        assert_quote_counts(cases);
    }

    #[test]
    fn speakers() {
        // (text, speaker of the first quote)
        let cases: &[(&str, Option<&str>)] = &[
            // An implausible speaker gives way to the clause's subject.
            ("Trump was quick to add that the wall was \u{201C}not negotiable.\u{201D}", Some("Trump")),
            // A pronoun opening a clause reported by a named subject.
            ("Lynch said she recalled thinking, \u{201C}This is what people have talked about.\u{201D}", Some("Lynch")),
            ("Trump said Fox executives were calling \u{201C}every 15 minutes.\u{201D}", Some("Trump")),
            ("The governor said Democrats and the media are to blame for \u{201C}focusing on tweets.\u{201D}", Some("The governor")),
            ("Clinton, the former secretary of State, said she has the quality for the job, a \u{201C}rock steadiness.\u{201D}", Some("Clinton")),
            // Not after a relative "that", nor an inverted parenthetical.
            ("The paradox of Nancy, says Carl Anthony, a historian, is that she was \"one of the most powerful first ladies.\"", Some("Carl Anthony")),
            ("He was hurt by an explosion that Mayor Bill de Blasio described as \u{201C}an intentional act.\u{201D}", Some("Mayor Bill de Blasio")),
            // The outlet reporting an attribution.
            ("\u{201C}Delegates should be able to vote,\u{201D} Walker said, according to an Associated Press account.", Some("an Associated Press account")),
            ("More than 100,000 people took part in a \u{201C}walk-in\u{201D} at 2,000 schools, according to the organizer Schools United.", Some("the organizer Schools United")),
            // Not from the next sentence.
            ("Clinton said police should release the videos \"without delay.\" She plans to visit, according to a campaign aide.", Some("Clinton")),
            // A surname that is a stop word; an inverted verb with an appositive.
            ("They saw them as \"the party of overwhelming government,\" From said.", Some("From")),
            ("Said Dorothy Poynter, who grew up with Ali, \u{201C}We were all so proud of him.\u{201D}", Some("Dorothy Poynter")),
            // "it" as the subject of a past-tense verb; a fronted adverb is not a subject.
            ("Meanwhile, it attacked Trump, saying he \u{201C}has offended Hispanics and women.\u{201D}", Some("it")),
            // The verb right before the fragment governs it.
            ("Hillary Clinton is describing as \u{201C}unhinged\u{201D} a Donald Trump tweet.", Some("Hillary Clinton")),
            ("Protesters marching through the streets chanted \u{201C}What curfew?\u{201D} and kept going.", Some("Protesters")),
            ("In August, several environmental groups granted Clarke an extension, saying his \"start-up capital was less than expected.\"", Some("several environmental groups")),
            // False positives: a dash before a nominal that does not end
            // the clause; a pronoun after "although" keeps its own verb.
            ("Gingrich placed Estonia in the \u{201C}suburbs of St. Petersburg\u{201D} \u{2014} a metaphor for the party.", Some("Gingrich")),
            ("Netanyahu said that he would go ahead, although he tweeted that he \"rejects the comments.\"", Some("he")),
        ];
        assert_first_speakers(cases);
    }

    #[test]
    fn one_quote_per_stretch() {
        // (text, quotes with their speakers): quotes never overlap; a cue
        // or speaker inside the quote before is not an attribution.
        let cases: &[(&str, &[(&str, Option<&str>)])] = &[
            // A mixed quote reaching back over the fragment before it.
            (
                "Trump says \u{201C}the whole game has become screwed up\u{201D} because \u{201C}football has become soft like the country.\u{201D}",
                &[("\u{201C}the whole game has become screwed up\u{201D} because \u{201C}football has become soft like the country.\u{201D}", Some("Trump"))],
            ),
            // Not "written" with "We" from inside the first quote.
            (
                "\u{201C}We had written two dozen songs before we got with him,\u{201D} Kiedis said, mentioning the album is \u{201C}in the home stretch.\u{201D}",
                &[("\u{201C}We had written two dozen songs before we got with him,\u{201D}", Some("Kiedis")), ("\u{201C}in the home stretch.\u{201D}", Some("Kiedis"))],
            ),
            // A determiner "that" after a preposition does not open the reported clause.
            (
                "Trump responded to that tweet by calling Alwaleed \"dopey\" and accusing him of wanting to control politicians \"with daddy's money.\"",
                &[("to that tweet by calling Alwaleed \"dopey\" and accusing him of wanting to control politicians \"with daddy's money.\"", Some("Trump"))],
            ),
            // A fragment kept on its own, then the verb governing the next:
            // one stretch of reported words.
            (
                "The four \u{201C}loopholes\u{201D} he cited are \u{201C}the ability to use real estate losses to offset income.\u{201D}",
                &[("The four \u{201C}loopholes\u{201D} he cited are \u{201C}the ability to use real estate losses to offset income.\u{201D}", Some("he"))],
            ),
            // False positive: the next fragment's verb is a second predicate.
            (
                "Sanders thanked its members \u{201C}for their support in my campaign\u{201D} and called the union \u{201C}one of the sponsors of my campaign.\u{201D}",
                &[("\u{201C}for their support in my campaign\u{201D}", Some("Sanders")), ("the union \u{201C}one of the sponsors of my campaign.\u{201D}", Some("Sanders"))],
            ),
            // A fragment joined by ", and" after the verb's adjunct is the
            // quote's own; after a reported clause it goes on with it.
            (
                "Oz is \u{201C}smart as hell,\u{201D} Steve Mosko wrote in an email to Rich Eisen, and \u{201C}full of s---.\u{201D}",
                &[("Oz is \u{201C}smart as hell,\u{201D}", Some("Steve Mosko")), ("\u{201C}full of s---.\u{201D}", Some("Steve Mosko"))],
            ),
            (
                "He said that he had long felt that way, and \u{201C}in this case I think he is right.\u{201D}",
                &[("that he had long felt that way, and \u{201C}in this case I think he is right.\u{201D}", Some("He"))],
            ),
            // The mixed quote starts at a word, not at the comma after the verb.
            (
                "Perhaps, he said, this \"small town has something to teach.\"",
                &[("this \"small town has something to teach.\"", Some("he"))],
            ),
        ];
        for (text, want) in cases {
            let got = quotes(text);
            let want: Vec<(String, Option<String>)> = want.iter().map(|(q, s)| (q.to_string(), s.map(str::to_string))).collect();
            assert_eq!(got, want, "{text:?}");
        }
    }

    #[test]
    fn sentence_after_a_quote() {
        // (text, speaker of the second quote): a "he said" inside the next
        // sentence is that sentence's attribution, not the quote's.
        let cases: &[(&str, Option<&str>)] = &[
            ("\"Hindus are noticeable here,\" said Dennis Gaskin, a retiree. \"You never see a Muslim.\" Perhaps, he said, this \"small town has something to teach.\"", Some("Dennis Gaskin")),
            ("\"Maybe we're just trying,\" Tripp said. \"We're trying to show some mercy.\" South Carolina, he said, was \"where we start.\"", Some("Tripp")),
            // A short attribution of its own still counts.
            ("\"We will win,\" Tripp said. \"We're trying to show some mercy.\" He said, adding nothing.", Some("He")),
        ];
        for (text, speaker) in cases {
            let q = quotes(text);
            assert_eq!(q.get(1).and_then(|q| q.1.as_deref()), *speaker, "{text:?}");
        }
    }

    #[test]
    fn cited_titles() {
        // (text, quotes kept): an article's title with its author is no
        // one's words.
        let cases: &[(&str, usize)] = &[
            ("\u{2014}\"Pop-up art show strives to confront gentrification,\" by DNAinfo's Eddie Small: http://dnain.fo/1NJeFcM.", 0),
            ("Also: \"Met accused of whitewashing baby Jesus,\" by Post's Kathianne Boniello.", 0),
            // False positives: a quote and its attribution; a fragment
            // with its agent; "by" not followed by a name.
            ("\"We will win,\" said Trump, cheered by the crowd.", 1),
            ("Salceda said the \"ugliness of utterances, largely unprompted,\" by Trump last week stood out.", 1),
            ("\"We will win,\" by all accounts, was his message to the crowd.", 1),
        ];
        assert_quote_counts(cases);
    }

    #[test]
    fn that_clause_fragments() {
        // (text, speaker): a fragment in a "that" clause is reported by the
        // sentence's subject, whatever the verb.
        let cases: &[(&str, Option<&str>)] = &[
            ("Gingrich found last year that the party was \u{201C}a mess without any real leaders.\u{201D}", Some("Gingrich")),
            ("Gingrich believes that the party is \u{201C}a mess without any real leaders.\u{201D}", Some("Gingrich")),
        ];
        assert_first_speakers(cases);
    }

    #[test]
    fn single_marks_in_double_mark_text() {
        // (text, quotes kept): in a text quoting in double marks, single
        // marks below the headline set off terms, nicknames and decks.
        let cases: &[(&str, &[&str])] = &[
            (
                "Head.\n\n\"We will win,\" he said. \"Soon,\" she said. Obama\u{2019}s \u{2018}pivot\u{2019} to Asia stalled.",
                &["\"We will win,\"", "\"Soon,\""],
            ),
            ("Head.\n\nCampaign tries to reach 'undercover' female backers.\n\n\"Yes,\" she said. \"No,\" he said.", &["\"Yes,\"", "\"No,\""]),
            ("Head.\n\n\u{2013} \u{2018}Who cares?\u{2019} \u{2013}.\n\n\"No,\" he said. \"Go,\" she said.", &["\"No,\"", "\"Go,\""]),
            // Words a reporting verb introduces stay quotations.
            (
                "Head.\n\n\"Sorry,\" Ann wrote. \"Fine,\" he said. You should have said \u{2018}over their dead bodies\u{2019}.",
                &["\"Sorry,\"", "\"Fine,\"", "\u{2018}over their dead bodies\u{2019}"],
            ),
            (
                "Head.\n\nKelly promised there will be 'no mass deportations' this year.\n\n\"Yes,\" she said. \"No,\" he said.",
                &["there will be 'no mass deportations'", "\"Yes,\"", "\"No,\""],
            ),
            // False positives: British style quotes in single marks, and
            // the headline, keep theirs.
            ("Head.\n\n'We will win,' he said. 'Soon,' she said. \"Fine.\"", &["'We will win,'", "'Soon,'", "\"Fine.\""]),
            ("Reid: 'Never underestimate Trump.'\n\n\"Yes,\" he said. \"No,\" she said.", &["'Never underestimate Trump.'", "\"Yes,\"", "\"No,\""]),
        ];
        assert_quote_texts(cases);
    }

    #[test]
    fn chants_and_predicates() {
        // (text, quotes kept): what a crowd chants, and what someone is
        // called or said to be, are quotations though no verb governs them
        // or their words are capitalized.
        let cases: &[(&str, &[&str])] = &[
            ("Walking in to chants of \"Marco! Marco!\" he waved.", &["\"Marco! Marco!\""]),
            ("McAuliffe was greeted with the cries of \u{201C}Bobby!\u{201D} at the hall.", &["\u{201C}Bobby!\u{201D}"]),
            ("He kept referring to Sen. Warren as \"Pocahontas\" on the stump.", &["to Sen. Warren as \"Pocahontas\""]),
            ("Trump identified the judge as \u{201C}Spanish,\u{201D} then left.", &["\u{201C}Spanish,\u{201D}"]),
            ("Trump stood by his comment that \"Islam hates us\" all week.", &["\"Islam hates us\""]),
            // False positives: a sound noun not before "of", a title with
            // no predicate.
            ("A chorus of boos met the \u{201C}plan\u{201D} today.", &[]),
            ("He watched \"The Walking Dead\" on Sunday.", &[]),
        ];
        assert_quote_texts(cases);
    }

    #[test]
    fn runs_of_quotes() {
        // (text, quotes): quotations back to back or joined by a bare "and"
        // are one stretch; not after a sentence ends inside the marks.
        let cases: &[(&str, &[&str])] = &[
            (
                "Trump called Mexican immigrants \u{201C}criminals\u{201D} and \u{201C}rapists\u{201D} in June.",
                &["Mexican immigrants \u{201C}criminals\u{201D} and \u{201C}rapists\u{201D}"],
            ),
            (
                "He said that \u{201C}ethanol people\u{201D} \u{201C}do a fantastic job.\u{201D}",
                &["that \u{201C}ethanol people\u{201D} \u{201C}do a fantastic job.\u{201D}"],
            ),
            // False positives: a sentence ended inside the first quote; words between.
            (
                "He likened them to \"Wal-Mart guards.\" \"It is a distortion,\" he said.",
                &["\"Wal-Mart guards.\"", "\"It is a distortion,\""],
            ),
            (
                "He called it \"absurd\" and then said \"we will fight.\"",
                &["it \"absurd\"", "\"we will fight.\""],
            ),
            // A quote after a comma going on in lower case continues the
            // mixed quote before it.
            (
                "Sanders acknowledged that there are still \"some people\" who feel that way, \"but not among the vast majority.\"",
                &["that there are still \"some people\" who feel that way, \"but not among the vast majority.\""],
            ),
            (
                "Flynn said Trump was \u{201C}absolutely right\u{201D} when he said that under Obama, \u{201C}the generals have been reduced to rubble.\u{201D}",
                &["Trump was \u{201C}absolutely right\u{201D} when he said that under Obama, \u{201C}the generals have been reduced to rubble.\u{201D}"],
            ),
            // False positives: an interrupted quote, a verb of saying between.
            (
                "\"We will win,\" he said, \"and soon.\"",
                &["\"We will win,\"", "\"and soon.\""],
            ),
            (
                "He said it was \"a disgrace\" on Monday, adding, \"and a shame.\"",
                &["it was \"a disgrace\"", "\"and a shame.\""],
            ),
        ];
        assert_quote_texts(cases);
    }

    #[test]
    fn dated_and_excerpted() {
        // (text, quotes kept): a slogan or work cited with its year, an
        // article's text after its credited title.
        let cases: &[(&str, usize)] = &[
            ("The posters read \u{201C}Lose safety? No to Schengen\u{201D} (2005) \u{2014} and more.", 0),
            ("NOW OPEN\u{2014}\"Art show opens,\" by DNAinfo's Eddie Small: \"Curators of a pop-up art show are determined to go on.\" http://x.y", 0),
            // False positives: a year elsewhere, a colon after a "by" with
            // no cited title before it.
            ("\u{201C}We will win,\u{201D} he said (in 2005).", 1),
            ("He explained the headline by saying: \u{201C}It was late and I was tired of it all.\u{201D}", 1),
        ];
        assert_quote_counts(cases);
    }

    #[test]
    fn smoke() {
        let q = quotes("\u{201C}We will build it,\u{201D} said John Kelly.");
        assert_eq!(q, [("\u{201C}We will build it,\u{201D}".to_string(), Some("John Kelly".to_string()))]);
    }
}
