//! Candidate islands: the stretches of a sentence that may hold a name.
//!
//! Most tokens of news text are lowercase words and punctuation far from any
//! capitalised word, and the tagger labels them O with near certainty. Those
//! tokens are *fixed* to O: they get no feature extraction and no scores.
//! Viterbi then decouples exactly at every fixed token (the path through it
//! is O whatever came before), so each maximal run of candidate tokens, an
//! island, is decoded on its own, entered from O (or the sentence start) and
//! left into O (or the sentence end); see [`super::decode::Viterbi::decode_island`].
//!
//! A token is a candidate when
//! - it contains an uppercase letter ("Kelly", "NATO", "iPhone");
//! - it sits between capitalised words at most two tokens away on each side
//!   (the connectors of "Bank of England", "van der Sar", "Tour of the Netherlands");
//! - it is a number or an inner punctuation mark next to a capitalised word
//!   ("1860 Munich", "Windows 95", "C$", "Buducnost (P)", "U.S.-led").
//!
//! Measured on CoNLL-2003 (the trainer applies the same rule): a third of the
//! tokens are candidates (a fifth in ordinary prose), and 0.3% of gold names
//! (21 of 5,942 on dev, mostly trailing lowercase words such as "BBC radio")
//! touch a non-candidate token. The shipped model found 5 of those before the
//! rule existed.

use super::features::flag;
use crate::text::Document;
use std::ops::Range;

/// A maximal run of candidate tokens inside one sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Island {
    /// The candidate tokens.
    pub tokens: Range<usize>,
    /// The sentence the island is in.
    pub sentence: Range<usize>,
}

impl Island {
    /// Whether a fixed-O token precedes the island (else the sentence starts there).
    pub fn after_o(&self) -> bool {
        self.tokens.start > self.sentence.start
    }

    /// Whether a fixed-O token follows the island (else the sentence ends there).
    pub fn before_o(&self) -> bool {
        self.tokens.end < self.sentence.end
    }
}

/// Punctuation that separates rather than joins: never part of a name
/// unless it sits between capitalised words.
fn separator(word: &str) -> bool {
    matches!(word, "," | "." | ";" | "\"" | "\u{201c}" | "\u{201d}")
}

/// Whether token `i` of sentence `s` may be part of a name (see the module docs).
pub fn is_candidate(doc: &Document<'_>, flags: &[u16], s: &Range<usize>, i: usize) -> bool {
    let f = flags[i];
    if f & flag::UPPER != 0 {
        return true;
    }
    let up = |j: Option<usize>| j.is_some_and(|j| j >= s.start && j < s.end && flags[j] & flag::UPPER != 0);
    let (l1, l2, r1, r2) = (up(i.checked_sub(1)), up(i.checked_sub(2)), up(Some(i + 1)), up(Some(i + 2)));
    if (l1 || l2) && (r1 || r2) {
        return true;
    }
    let joiner = f & flag::NUMBER != 0 || (f & flag::PUNCT != 0 && !separator(doc.word(i)));
    joiner && (l1 || r1)
}

/// Appends the islands of every sentence of `doc` to `out`, in text order.
/// Linear in the number of tokens.
///
/// The same test as [`is_candidate`], with the UPPER flags of the two
/// tokens either side kept in a sliding window instead of re-read (with
/// their sentence bounds checked) for every token.
pub fn find(doc: &Document<'_>, flags: &[u16], out: &mut Vec<Island>) {
    for s in &doc.sentences {
        let up = |j: usize| j < s.end && flags[j] & flag::UPPER != 0;
        let (mut l2, mut l1) = (false, false);
        let (mut r1, mut r2) = (up(s.start + 1), up(s.start + 2));
        let mut open: Option<usize> = None;
        for i in s.clone() {
            let f = flags[i];
            let upper = f & flag::UPPER != 0;
            let candidate = upper
                || ((l1 || l2) && (r1 || r2))
                || ((l1 || r1) && (f & flag::NUMBER != 0 || (f & flag::PUNCT != 0 && !separator(doc.word(i)))));
            debug_assert_eq!(candidate, is_candidate(doc, flags, s, i));
            match (candidate, open) {
                (true, None) => open = Some(i),
                (false, Some(a)) => {
                    out.push(Island { tokens: a..i, sentence: s.clone() });
                    open = None;
                }
                _ => {}
            }
            (l2, l1, r1, r2) = (l1, upper, r2, up(i + 3));
        }
        if let Some(a) = open {
            out.push(Island { tokens: a..s.end, sentence: s.clone() });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::features::DocContext;

    /// The islands of `text` as token strings.
    fn islands(text: &str) -> Vec<String> {
        let doc = Document::new(text);
        let mut ctx = DocContext::default();
        ctx.build(&doc, None);
        let mut out = Vec::new();
        find(&doc, &ctx.flags, &mut out);
        out.iter().map(|r| r.tokens.clone().map(|i| doc.word(i)).collect::<Vec<_>>().join(" ")).collect()
    }

    /// The sliding-window scan finds the runs of tokens [`is_candidate`]
    /// accepts: short texts with sentence and line breaks, and sentences of
    /// up to 300 tokens.
    #[test]
    fn window_agrees_with_is_candidate() {
        let words = ["Kelly", "of", "the", "5", ",", "(", "\"", "iPhone", "ran", ".", "\n", "U.S.", "-", "x"];
        let mut rng = crate::testing::XorShift::new(0x1234_5678_9abc_def1);
        for round in 0..600 {
            let (n, vocab) = if round % 2 == 0 { (rng.below(14), &words[..]) } else { (rng.below(300), &words[..9]) };
            let text: Vec<&str> = (0..n).map(|_| vocab[rng.below(vocab.len())]).collect();
            let text = text.join(" ");
            let doc = Document::new(&text);
            let mut ctx = DocContext::default();
            ctx.build(&doc, None);
            let mut got = Vec::new();
            find(&doc, &ctx.flags, &mut got);
            let mut want = Vec::new();
            for s in &doc.sentences {
                let mut i = s.start;
                while i < s.end {
                    if !is_candidate(&doc, &ctx.flags, s, i) {
                        i += 1;
                        continue;
                    }
                    let a = i;
                    while i < s.end && is_candidate(&doc, &ctx.flags, s, i) {
                        i += 1;
                    }
                    want.push(Island { tokens: a..i, sentence: s.clone() });
                }
            }
            assert_eq!(got, want, "{text:?}");
        }
    }

    #[test]
    fn candidates() {
        let cases: &[(&str, &[&str])] = &[
            ("the talks at the Bank of England ended on time", &["Bank of England"]),
            ("where Edwin van der Sar saved it", &["Edwin van der Sar"]),
            ("fans of 1860 Munich cheered as did those of Schalke 04 too", &["1860 Munich", "Schalke 04"]),
            ("it rose to C$ in the year to date", &["C $"]),
            ("a vote for Buducnost (P) then", &["Buducnost ( P )"]),
            ("the iPhone sold well", &["iPhone"]),
            ("A\nB", &["A", "B"]),
            // Connectors up to two tokens from capitals on both sides.
            ("a Tour of the Netherlands stage", &["Tour of the Netherlands"]),
            // False positives: lowercase prose, separators and distant numbers stay fixed to O.
            ("the shares rose 5 percent on monday.", &[]),
            ("then Kelly, who said 5 things.", &["Kelly"]),
            ("it was said by the spokesman that 1996 was good", &[]),
            ("", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(islands(text), *want, "{text:?}");
        }
    }

    #[test]
    fn islands_know_their_sentence_edges() {
        let doc = Document::new("Kelly met with the new Bank of England chief. Smith");
        let mut ctx = DocContext::default();
        ctx.build(&doc, None);
        let mut out = Vec::new();
        find(&doc, &ctx.flags, &mut out);
        let edges: Vec<(bool, bool)> = out.iter().map(|r| (r.after_o(), r.before_o())).collect();
        assert_eq!(edges, [(false, true), (true, true), (false, false)]);
    }
}
