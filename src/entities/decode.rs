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
#[derive(Debug)]
pub struct Viterbi {
    score: Vec<f32>,
    back: Vec<u8>,
    legal: Vec<bool>,
    /// For each tag, the tags that may precede it (97 pairs of 289).
    preds: Vec<Vec<u8>>,
}

impl Default for Viterbi {
    fn default() -> Viterbi {
        Viterbi::new()
    }
}

impl Viterbi {
    /// New buffers.
    pub fn new() -> Viterbi {
        let mut legal = vec![false; (NT + 1) * NT];
        for p in 0..=NT {
            for t in 0..NT {
                legal[p * NT + t] = allowed(if p == NT { None } else { Some(p) }, t);
            }
        }
        let preds = (0..NT).map(|t| (0..NT).filter(|&p| legal[p * NT + t]).map(|p| p as u8).collect()).collect();
        Viterbi { score: Vec::new(), back: Vec::new(), legal, preds }
    }

    /// The best legal tag sequence for `emit` (`n * NT` scores, row per
    /// token) under `trans` (`(NT + 1) * NT`: row `p` = previous tag `p`, row
    /// `NT` = sentence start). Writes `n` tags to `out`.
    pub fn decode(&mut self, emit: &[f32], trans: &[f32], out: &mut Vec<u8>) {
        let n = emit.len() / NT;
        out.clear();
        if n == 0 {
            return;
        }
        self.score.clear();
        self.score.resize(n * NT, f32::NEG_INFINITY);
        self.back.clear();
        self.back.resize(n * NT, 0);
        for t in 0..NT {
            if self.legal[NT * NT + t] {
                self.score[t] = emit[t] + trans[NT * NT + t];
            }
        }
        for i in 1..n {
            let (prev, cur) = self.score.split_at_mut(i * NT);
            let prev = &prev[(i - 1) * NT..];
            for t in 0..NT {
                let mut best = f32::NEG_INFINITY;
                let mut arg = 0u8;
                for &p in &self.preds[t] {
                    let p = p as usize;
                    let s = prev[p] + trans[p * NT + t];
                    if s > best {
                        best = s;
                        arg = p as u8;
                    }
                }
                cur[t] = best + emit[i * NT + t];
                self.back[i * NT + t] = arg;
            }
        }
        let last = &self.score[(n - 1) * NT..];
        let mut bt = 0;
        let mut best = f32::NEG_INFINITY;
        for t in 0..NT {
            if allowed_end(t) && last[t] > best {
                best = last[t];
                bt = t;
            }
        }
        out.resize(n, 0);
        out[n - 1] = bt as u8;
        for i in (1..n).rev() {
            bt = self.back[i * NT + bt] as usize;
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

    #[test]
    fn ill_formed_sequences_still_give_spans() {
        let i = tag(0, Pos::I) as u8;
        let b = tag(1, Pos::B) as u8;
        assert_eq!(collect(&[i, i, 0]), [(0, 2, 0)]);
        assert_eq!(collect(&[b, i]), [(0, 1, 1), (1, 2, 0)]);
    }
}
