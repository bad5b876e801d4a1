//! BILOU tags and Viterbi decoding.
//!
//! Each entity label has four tags: **B**egin, **I**nside, **L**ast and
//! **U**nit (a one-token entity), plus one **O**utside tag: 17 in all. BILOU
//! makes the model learn what ends a name as well as what starts one, which
//! measured better than BIO on CoNLL in the literature (Ratinov & Roth 2009).
//! Illegal sequences (I after O, B before O...) are excluded during decoding,
//! so every decoded sequence maps to well-formed spans.

use super::features::N_LABELS;

/// Number of tags.
pub const NT: usize = 1 + 4 * N_LABELS;
/// The outside tag.
pub const O: usize = 0;

/// Position of a tag within its entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pos {
    /// First of several tokens.
    B = 0,
    /// Middle token.
    I = 1,
    /// Last of several tokens.
    L = 2,
    /// The only token.
    U = 3,
}

/// The tag for label index `label` at `pos`.
#[inline]
pub const fn tag(label: usize, pos: Pos) -> usize {
    1 + 4 * label + pos as usize
}

/// The label index and position of a tag (`None` for O).
#[inline]
pub fn split(t: usize) -> Option<(usize, Pos)> {
    if t == O {
        return None;
    }
    let pos = match (t - 1) % 4 {
        0 => Pos::B,
        1 => Pos::I,
        2 => Pos::L,
        _ => Pos::U,
    };
    Some(((t - 1) / 4, pos))
}

/// Whether tag `next` may follow `prev` (`None` = sentence start).
pub fn allowed(prev: Option<usize>, next: usize) -> bool {
    let open = prev.and_then(split).filter(|&(_, p)| matches!(p, Pos::B | Pos::I));
    match (open, split(next)) {
        // Inside an entity: only I or L of the same label.
        (Some((l, _)), Some((m, p))) => l == m && matches!(p, Pos::I | Pos::L),
        (Some(_), None) => false,
        // Outside: O, B or U.
        (None, None) => true,
        (None, Some((_, p))) => matches!(p, Pos::B | Pos::U),
    }
}

/// Whether a sentence may end with tag `t`.
pub fn allowed_end(t: usize) -> bool {
    !matches!(split(t), Some((_, Pos::B | Pos::I)))
}

/// Reusable Viterbi buffers.
///
/// The forward pass exploits the shape of BILOU: the 9 *closed* tags (O, L-x,
/// U-x) may be followed by any of the 9 *opening* tags (O, B-x, U-x) and by
/// nothing else, while I-x and L-x follow only B-x or I-x of the same label.
/// So a step is 9 dense 17-lane max-plus updates (vectorized, no branch, no
/// legality table) plus 8 two-way maxima. No back-pointers are stored: the
/// backtrace recomputes the argmax for the one chosen tag per token, with
/// the same tie-breaking as a forward argmax (lowest previous tag wins).
#[derive(Debug, Default)]
pub struct Viterbi {
    score: Vec<f32>,
}

/// The tags that end an entity or are outside one: any opening tag may follow.
const CLOSED: [usize; 1 + N_LABELS * 2] = closed();

const fn closed() -> [usize; 1 + N_LABELS * 2] {
    let mut out = [O; 1 + N_LABELS * 2];
    let mut l = 0;
    while l < N_LABELS {
        out[1 + 2 * l] = tag(l, Pos::L);
        out[2 + 2 * l] = tag(l, Pos::U);
        l += 1;
    }
    out
}

/// Bit `t` set when [`allowed_end`] allows tag `t` (a table: the end of
/// every island tests all 17 tags).
const END_OK: u32 = end_ok();

const fn end_ok() -> u32 {
    let mut m = 1 << O;
    let mut l = 0;
    while l < N_LABELS {
        m |= 1 << tag(l, Pos::L) | 1 << tag(l, Pos::U);
        l += 1;
    }
    m
}

/// The tags a one-token island may take, in tag order: O and U-x.
const LONE: [usize; 1 + N_LABELS] = lone();

const fn lone() -> [usize; 1 + N_LABELS] {
    let mut out = [O; 1 + N_LABELS];
    let mut l = 0;
    while l < N_LABELS {
        out[1 + l] = tag(l, Pos::U);
        l += 1;
    }
    out
}

/// Whether `t` may start after a closed tag (O, B-x or U-x).
#[inline]
fn opening(t: usize) -> bool {
    t == O || matches!((t - 1) % 4, 0 | 3)
}

impl Viterbi {
    /// New buffers.
    pub fn new() -> Viterbi {
        Viterbi::default()
    }

    /// The best legal tag sequence for `emit` (`n * NT` scores, row per
    /// token) under `trans` (`(NT + 1) * NT`: row `p` = previous tag `p`, row
    /// `NT` = sentence start). Writes `n` tags to `out`.
    pub fn decode(&mut self, emit: &[f32], trans: &[f32], out: &mut Vec<u8>) {
        self.decode_island(emit, trans, false, false, out)
    }

    /// Like [`Viterbi::decode`] for a stretch of a sentence whose neighbours
    /// are fixed to O (see [`super::island`]): with `after_o` the stretch is
    /// entered from O (transition row O instead of the sentence start), with
    /// `before_o` it is left into O (adding the tag → O transition, so only
    /// tags that may precede O can end it). Decoding every island this way
    /// gives exactly the full-sentence path in which the fixed tokens are O.
    pub fn decode_island(&mut self, emit: &[f32], trans: &[f32], after_o: bool, before_o: bool, out: &mut Vec<u8>) {
        let n = emit.len() / NT;
        out.clear();
        if n == 0 {
            return;
        }
        let trans: &[f32; (NT + 1) * NT] = trans.try_into().expect("(NT + 1) × NT transitions");
        let start = if after_o { O } else { NT };
        if n == 1 {
            // A lone token, the commonest island: its tag opens and closes,
            // so O or U-x, whichever scores best (the lowest tag on ties, as
            // below).
            let mut bt = O;
            let mut best = f32::NEG_INFINITY;
            for t in LONE {
                let mut s = emit[t] + trans[start * NT + t];
                if before_o {
                    s += trans[t * NT + O];
                }
                if s > best {
                    best = s;
                    bt = t;
                }
            }
            out.push(bt as u8);
            return;
        }
        self.score.clear();
        self.score.resize(n * NT, f32::NEG_INFINITY);
        for t in (0..NT).filter(|&t| opening(t)) {
            self.score[t] = emit[t] + trans[start * NT + t];
        }
        for i in 1..n {
            let (prev, cur) = self.score.split_at_mut(i * NT);
            let prev: &[f32; NT] = prev[(i - 1) * NT..].try_into().unwrap();
            let cur: &mut [f32; NT] = (&mut cur[..NT]).try_into().unwrap();
            let mut best = [f32::NEG_INFINITY; NT];
            for p in CLOSED {
                let row: &[f32; NT] = trans[p * NT..p * NT + NT].try_into().unwrap();
                for t in 0..NT {
                    let s = prev[p] + row[t];
                    best[t] = if s > best[t] { s } else { best[t] };
                }
            }
            for l in 0..N_LABELS {
                let (b, m) = (tag(l, Pos::B), tag(l, Pos::I));
                for t in [m, tag(l, Pos::L)] {
                    let (x, y) = (prev[b] + trans[b * NT + t], prev[m] + trans[m * NT + t]);
                    best[t] = if y > x { y } else { x };
                }
            }
            let e: &[f32; NT] = emit[i * NT..i * NT + NT].try_into().unwrap();
            for t in 0..NT {
                cur[t] = best[t] + e[t];
            }
        }
        let last = &self.score[(n - 1) * NT..];
        let mut bt = 0;
        let mut best = f32::NEG_INFINITY;
        for t in 0..NT {
            let s = if before_o { last[t] + trans[t * NT + O] } else { last[t] };
            if END_OK >> t & 1 != 0 && s > best {
                best = s;
                bt = t;
            }
        }
        out.resize(n, 0);
        out[n - 1] = bt as u8;
        for i in (1..n).rev() {
            let prev = &self.score[(i - 1) * NT..i * NT];
            let (mut arg, mut best) = (0, f32::NEG_INFINITY);
            let inside; // B-x and I-x before an I-x or L-x
            let preds: &[usize] = if opening(bt) {
                &CLOSED
            } else {
                let b = bt - (bt - 1) % 4;
                inside = [b, b + 1];
                &inside
            };
            for &p in preds {
                let s = prev[p] + trans[p * NT + bt];
                if s > best {
                    best = s;
                    arg = p;
                }
            }
            bt = arg;
            out[i - 1] = bt as u8;
        }
    }
}

/// The entities of a tag sequence as `(first token, end token, label index)`.
/// Tolerates ill-formed sequences (an unclosed B ends at the next O).
pub fn spans(tags: &[u8], mut f: impl FnMut(usize, usize, usize)) {
    let mut open: Option<(usize, usize)> = None;
    for (i, &t) in tags.iter().enumerate() {
        match split(t as usize) {
            None => {
                if let Some((s, l)) = open.take() {
                    f(s, i, l);
                }
            }
            Some((l, p)) => {
                if let Some((s, ol)) = open {
                    if ol != l || matches!(p, Pos::B | Pos::U) {
                        f(s, i, ol);
                        open = None;
                    }
                }
                match p {
                    Pos::U => f(i, i + 1, l),
                    Pos::B => open = Some((i, l)),
                    Pos::I => {
                        if open.is_none() {
                            open = Some((i, l));
                        }
                    }
                    Pos::L => {
                        let s = open.take().map_or(i, |(s, _)| s);
                        f(s, i + 1, l);
                    }
                }
            }
        }
    }
    if let Some((s, l)) = open {
        f(s, tags.len(), l);
    }
}

/// The BILOU tags of `n` tokens with the given entities (token ranges, label index).
pub fn encode(n: usize, entities: &[(usize, usize, usize)], out: &mut Vec<u8>) {
    out.clear();
    out.resize(n, O as u8);
    for &(s, e, l) in entities {
        if e - s == 1 {
            out[s] = tag(l, Pos::U) as u8;
        } else {
            out[s] = tag(l, Pos::B) as u8;
            for t in &mut out[s + 1..e - 1] {
                *t = tag(l, Pos::I) as u8;
            }
            out[e - 1] = tag(l, Pos::L) as u8;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(tags: &[u8]) -> Vec<(usize, usize, usize)> {
        let mut v = Vec::new();
        spans(tags, |s, e, l| v.push((s, e, l)));
        v
    }

    #[test]
    fn tags_round_trip() {
        for l in 0..N_LABELS {
            for p in [Pos::B, Pos::I, Pos::L, Pos::U] {
                assert_eq!(split(tag(l, p)), Some((l, p)));
            }
        }
        assert_eq!(split(O), None);
        let ents = [(0, 2, 0), (3, 4, 2), (5, 8, 1)];
        let mut tags = Vec::new();
        encode(9, &ents, &mut tags);
        assert_eq!(collect(&tags), ents);
    }

    #[test]
    fn transitions() {
        let cases: &[(Option<usize>, usize, bool)] = &[
            (None, O, true),
            (None, tag(0, Pos::B), true),
            (None, tag(0, Pos::U), true),
            (Some(tag(0, Pos::B)), tag(0, Pos::I), true),
            (Some(tag(0, Pos::B)), tag(0, Pos::L), true),
            (Some(tag(0, Pos::L)), tag(1, Pos::B), true),
            (Some(tag(0, Pos::U)), O, true),
            // Illegal.
            (None, tag(0, Pos::I), false),
            (None, tag(0, Pos::L), false),
            (Some(O), tag(2, Pos::L), false),
            (Some(tag(0, Pos::B)), O, false),
            (Some(tag(0, Pos::B)), tag(1, Pos::L), false),
            (Some(tag(0, Pos::I)), tag(0, Pos::B), false),
        ];
        for &(p, t, want) in cases {
            assert_eq!(allowed(p, t), want, "{p:?} -> {t}");
        }
        for t in 0..NT {
            assert_eq!(END_OK >> t & 1 != 0, allowed_end(t), "tag {t}");
        }
        assert!(!allowed_end(tag(0, Pos::B)));
        assert!(allowed_end(tag(0, Pos::L)));
    }

    #[test]
    fn viterbi_prefers_best_legal_path() {
        let mut v = Viterbi::new();
        let trans = vec![0.0; (NT + 1) * NT];
        // Token 0 wants B-PER, token 1 wants O strongly: B then O is illegal,
        // so the decoder must choose U-PER, O (or O, O).
        let mut emit = vec![0.0; 2 * NT];
        emit[tag(0, Pos::B)] = 5.0;
        emit[tag(0, Pos::U)] = 4.0;
        emit[NT + O] = 10.0;
        let mut out = Vec::new();
        v.decode(&emit, &trans, &mut out);
        assert_eq!(out, [tag(0, Pos::U) as u8, O as u8]);
        // A transition bonus can flip the choice.
        let mut emit = vec![0.0; 2 * NT];
        emit[tag(1, Pos::B)] = 1.0;
        emit[NT + tag(1, Pos::L)] = 1.0;
        emit[NT + O] = 1.5;
        v.decode(&emit, &trans, &mut out);
        assert_eq!(out, [tag(1, Pos::B) as u8, tag(1, Pos::L) as u8]);
        // Empty input.
        v.decode(&[], &trans, &mut out);
        assert!(out.is_empty());
    }

    /// A score in -10.0..=10.0 from the tests' deterministic generator.
    fn rng(state: &mut crate::testing::XorShift) -> f32 {
        state.below(2001) as f32 / 100.0 - 10.0
    }

    #[test]
    fn islands_decode_like_the_whole_sentence_with_fixed_o() {
        let mut v = Viterbi::new();
        let mut state = crate::testing::XorShift::new(0x2545_f491_4f6c_dd1d);
        let (mut full, mut part) = (Vec::new(), Vec::new());
        for round in 0..300 {
            let n = 1 + round % 13;
            let trans: Vec<f32> = (0..(NT + 1) * NT).map(|_| rng(&mut state)).collect();
            let mut emit: Vec<f32> = (0..n * NT).map(|_| rng(&mut state)).collect();
            // Fix about a third of the tokens to O: every other tag impossible.
            let fixed: Vec<bool> = (0..n).map(|_| rng(&mut state) < -3.0).collect();
            for i in (0..n).filter(|&i| fixed[i]) {
                for t in 1..NT {
                    emit[i * NT + t] = -1e9;
                }
            }
            v.decode(&emit, &trans, &mut full);
            // Decode each run of free tokens alone; fixed tokens are O.
            let mut got = vec![O as u8; n];
            let mut i = 0;
            while i < n {
                if fixed[i] {
                    i += 1;
                    continue;
                }
                let mut j = i;
                while j < n && !fixed[j] {
                    j += 1;
                }
                v.decode_island(&emit[i * NT..j * NT], &trans, i > 0, j < n, &mut part);
                got[i..j].copy_from_slice(&part);
                i = j;
            }
            assert_eq!(got, full, "round {round}, fixed {fixed:?}");
        }
    }

    /// The textbook decoder: every legal pair, forward argmax, back-pointers.
    fn reference(emit: &[f32], trans: &[f32]) -> Vec<u8> {
        let n = emit.len() / NT;
        let mut score = vec![f32::NEG_INFINITY; n * NT];
        let mut back = vec![0usize; n * NT];
        for t in (0..NT).filter(|&t| allowed(None, t)) {
            score[t] = emit[t] + trans[NT * NT + t];
        }
        for i in 1..n {
            for t in 0..NT {
                for p in (0..NT).filter(|&p| allowed(Some(p), t)) {
                    let s = score[(i - 1) * NT + p] + trans[p * NT + t] + emit[i * NT + t];
                    if s > score[i * NT + t] {
                        score[i * NT + t] = s;
                        back[i * NT + t] = p;
                    }
                }
            }
        }
        let mut bt = (0..NT).filter(|&t| allowed_end(t)).fold(O, |b, t| if score[(n - 1) * NT + t] > score[(n - 1) * NT + b] { t } else { b });
        let mut out = vec![0u8; n];
        for i in (0..n).rev() {
            out[i] = bt as u8;
            bt = back[i * NT + bt];
        }
        out
    }

    #[test]
    fn structured_decoder_matches_the_textbook_one() {
        let mut v = Viterbi::new();
        let mut state = crate::testing::XorShift::new(0x9e37_79b9_7f4a_7c15);
        let mut out = Vec::new();
        for round in 0..500 {
            let n = 1 + round % 9;
            let trans: Vec<f32> = (0..(NT + 1) * NT).map(|_| rng(&mut state)).collect();
            let emit: Vec<f32> = (0..n * NT).map(|_| rng(&mut state)).collect();
            v.decode(&emit, &trans, &mut out);
            assert_eq!(out, reference(&emit, &trans), "round {round}");
        }
    }

    #[test]
    fn island_edges_follow_o_transitions() {
        let mut v = Viterbi::new();
        let mut trans = vec![0.0; (NT + 1) * NT];
        let mut out = Vec::new();
        // Equal emissions; only the edge transitions decide.
        let emit = vec![0.0; NT];
        trans[O * NT + tag(2, Pos::U)] = 1.0; // O -> U-LOC
        trans[NT * NT + tag(1, Pos::U)] = 2.0; // start -> U-ORG
        trans[NT * NT + tag(2, Pos::U)] = 0.5; // start -> U-LOC
        v.decode_island(&emit, &trans, true, false, &mut out);
        assert_eq!(out, [tag(2, Pos::U) as u8]);
        v.decode_island(&emit, &trans, false, false, &mut out);
        assert_eq!(out, [tag(1, Pos::U) as u8]);
        // Leaving into O: U-ORG -> O costs more than U-LOC -> O gains.
        trans[tag(1, Pos::U) * NT + O] = -5.0;
        v.decode_island(&emit, &trans, false, true, &mut out);
        assert_eq!(out, [tag(2, Pos::U) as u8]);
    }

    #[test]
    fn ill_formed_sequences_still_give_spans() {
        let i = tag(0, Pos::I) as u8;
        let b = tag(1, Pos::B) as u8;
        assert_eq!(collect(&[i, i, 0]), [(0, 2, 0)]);
        assert_eq!(collect(&[b, i]), [(0, 1, 1), (1, 2, 0)]);
    }
}
