//! The entity model file: a versioned binary with int8 weights.
//!
//! ## Provenance
//! `model.bin` is trained by `make model` (`src/bin/train.rs`) on the
//! CoNLL-2003 English shared-task training set (Tjong Kim Sang & De Meulder
//! 2003; Reuters RCV1 news from 1996, distributed for research use) and tuned
//! on its development set. The training text is not in this repository; the
//! model holds only hashed feature weights and 32-bit hashes of the entity
//! names seen in training (the gazetteer). To rebuild it, put the data in
//! `../shared/data/conll2003/{train,dev}.jsonl` and run `make model`
//! (deterministic: the same data gives the same bytes).
//!
//! ## Format (all integers little-endian)
//! ```text
//! magic      8 bytes  "LEDE-NER"
//! version    u16      FORMAT_VERSION
//! hash_bits  u8       the weight table has 2^hash_bits rows
//! n_tags     u8       17 (O + BILOU × 4 labels)
//! n_labels   u8       then per label: u8 length + ASCII name ("PER", "ORG", "LOC", "MISC")
//! groups     u32      feature groups the model was trained with
//! gazetteer  u32 n, n varint key deltas, n value bytes
//! n_stages   u8       1, or 2 when a second pass reads first-pass labels
//! per stage: f32 scale, (n_tags+1)·n_tags f32 transitions,
//!            u32 rows, rows varint row-index gaps, rows 3-byte masks of the
//!            non-zero tags, then the non-zero int8 codes in order
//! ```
//! Only rows with a non-zero weight are stored; loading expands them into a
//! dense `[row][tag]` table so that scoring a feature reads one cache line.
//! A weight is `int8 × scale`. A file with another magic or version is
//! refused with a [`ModelError`], never a panic.

use super::decode::NT;
use super::features::{group, N_LABELS};
use super::gazetteer::Gazetteer;
use crate::span::Label;
use std::fmt;

/// File magic.
pub const MAGIC: &[u8; 8] = b"LEDE-NER";
/// The format version this code reads and writes.
pub const FORMAT_VERSION: u16 = 1;

/// Bytes of a row's tag mask (NT = 17 bits).
const MASK_BYTES: usize = 3;
const _: () = assert!(NT <= MASK_BYTES * 8);

/// Why a model file could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ModelError {
    /// The file does not start with [`MAGIC`]: not a lede entity model.
    BadMagic,
    /// The file is a lede model of another format version.
    UnsupportedVersion {
        /// The version in the file.
        found: u16,
        /// The version this build reads.
        expected: u16,
    },
    /// The file ends early.
    Truncated,
    /// A field has an impossible value.
    Corrupt(&'static str),
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ModelError::BadMagic => write!(f, "not a lede entity model (bad magic)"),
            ModelError::UnsupportedVersion { found, expected } => {
                write!(f, "entity model format version {found}, this build reads version {expected}: rebuild with `make model`")
            }
            ModelError::Truncated => write!(f, "entity model file is truncated"),
            ModelError::Corrupt(what) => write!(f, "entity model file is corrupt: {what}"),
        }
    }
}

impl std::error::Error for ModelError {}

/// The weights of one decoding pass.
#[derive(Clone, Debug, PartialEq)]
pub struct Stage {
    /// A weight is `rows[i] as f32 * scale`.
    pub scale: f32,
    /// `(NT + 1) × NT` transition scores; row `NT` is the sentence start.
    pub trans: Vec<f32>,
    /// Dense `[row][tag]` int8 weights, `2^hash_bits × NT`: scoring sums
    /// them as integers (vectorized) and scales once per token.
    pub rows: Vec<i8>,
}

impl Stage {
    /// The weight of code `c`.
    #[inline]
    pub fn weight(&self, c: i8) -> f32 {
        c as f32 * self.scale
    }
}

/// A trained entity model.
#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    /// log2 of the number of weight rows.
    pub hash_bits: u32,
    /// Feature groups (see [`group`]) the model was trained with.
    pub groups: u32,
    /// Names seen in training.
    pub gazetteer: Gazetteer,
    /// One or two passes; the second reads the first's labels ([`group::PRIOR`]).
    pub stages: Vec<Stage>,
}

impl Model {
    /// The feature groups of pass `k`: the first pass reads every group but
    /// the priors; the second reads them all, or with [`group::RESIDUAL`]
    /// only the priors, its scores then *added* to the first pass's (a small
    /// model: half the lookups and a fraction of the size).
    pub fn stage_groups(&self, k: usize) -> u32 {
        let g = self.groups & group::ALL;
        if k == 0 {
            g & !group::PRIOR
        } else if self.residual() {
            group::PRIOR
        } else {
            g
        }
    }

    /// Whether the second pass adds to the first pass's scores.
    pub fn residual(&self) -> bool {
        self.groups & group::RESIDUAL != 0
    }

    /// Parses a model file.
    pub fn parse(bytes: &[u8]) -> Result<Model, ModelError> {
        let mut r = Reader { b: bytes, at: 0 };
        if r.take(8).map_err(|_| ModelError::BadMagic)? != MAGIC {
            return Err(ModelError::BadMagic);
        }
        let version = r.u16()?;
        if version != FORMAT_VERSION {
            return Err(ModelError::UnsupportedVersion { found: version, expected: FORMAT_VERSION });
        }
        let hash_bits = r.u8()? as u32;
        if !(8..=24).contains(&hash_bits) {
            return Err(ModelError::Corrupt("hash size"));
        }
        if r.u8()? as usize != NT {
            return Err(ModelError::Corrupt("tag count"));
        }
        if r.u8()? as usize != N_LABELS {
            return Err(ModelError::Corrupt("label count"));
        }
        for want in Label::ALL {
            let n = r.u8()? as usize;
            if r.take(n)? != want.as_str().as_bytes() {
                return Err(ModelError::Corrupt("label set"));
            }
        }
        let groups = r.u32()?;
        if groups & !(group::ALL | group::RESIDUAL) != 0 {
            return Err(ModelError::Corrupt("feature groups"));
        }
        let n = r.u32()? as usize;
        if n > bytes.len() {
            return Err(ModelError::Truncated);
        }
        let mut gazetteer = Gazetteer { keys: Vec::with_capacity(n), vals: Vec::with_capacity(n) };
        let mut key = 0u64;
        for i in 0..n {
            let d = r.varint()?;
            if i > 0 && d == 0 {
                return Err(ModelError::Corrupt("gazetteer order"));
            }
            key += d;
            if key > u32::MAX as u64 {
                return Err(ModelError::Corrupt("gazetteer key"));
            }
            gazetteer.keys.push(key as u32);
        }
        gazetteer.vals.extend_from_slice(r.take(n)?);
        let n_stages = r.u8()? as usize;
        if !(1..=2).contains(&n_stages) || (n_stages == 2) != (groups & group::PRIOR != 0) {
            return Err(ModelError::Corrupt("stage count"));
        }
        let size = 1usize << hash_bits;
        let mut stages = Vec::with_capacity(n_stages);
        for _ in 0..n_stages {
            let scale = r.f32()?;
            if !scale.is_finite() {
                return Err(ModelError::Corrupt("scale"));
            }
            let mut trans = Vec::with_capacity((NT + 1) * NT);
            for _ in 0..(NT + 1) * NT {
                trans.push(r.f32()?);
            }
            let n_rows = r.u32()? as usize;
            if n_rows > size {
                return Err(ModelError::Corrupt("row count"));
            }
            let mut idx = Vec::with_capacity(n_rows);
            let mut row = 0u64;
            for i in 0..n_rows {
                let gap = r.varint()?;
                row += gap + (i > 0) as u64;
                if row >= size as u64 {
                    return Err(ModelError::Corrupt("row index"));
                }
                idx.push(row as usize);
            }
            let masks = r.take(n_rows * MASK_BYTES)?;
            let n_vals: usize = masks.iter().map(|m| m.count_ones() as usize).sum();
            let vals = r.take(n_vals)?;
            let mut rows = vec![0i8; size * NT];
            let mut v = vals.iter();
            for (k, &ri) in idx.iter().enumerate() {
                let m = &masks[k * MASK_BYTES..(k + 1) * MASK_BYTES];
                let mask = u32::from_le_bytes([m[0], m[1], m[2], 0]);
                if mask >> NT != 0 {
                    return Err(ModelError::Corrupt("tag mask"));
                }
                for t in 0..NT {
                    if mask & 1 << t != 0 {
                        // Enough values: n_vals counted every mask bit.
                        rows[ri * NT + t] = *v.next().unwrap() as i8;
                    }
                }
            }
            stages.push(Stage { scale, trans, rows });
        }
        if r.at != bytes.len() {
            return Err(ModelError::Corrupt("trailing bytes"));
        }
        Ok(Model { hash_bits, groups, gazetteer, stages })
    }

    /// Serializes the model (the inverse of [`Model::parse`]).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        out.push(self.hash_bits as u8);
        out.push(NT as u8);
        out.push(N_LABELS as u8);
        for l in Label::ALL {
            out.push(l.as_str().len() as u8);
            out.extend_from_slice(l.as_str().as_bytes());
        }
        out.extend_from_slice(&self.groups.to_le_bytes());
        out.extend_from_slice(&(self.gazetteer.keys.len() as u32).to_le_bytes());
        let mut prev = 0u32;
        for &k in &self.gazetteer.keys {
            varint(&mut out, (k - prev) as u64);
            prev = k;
        }
        out.extend_from_slice(&self.gazetteer.vals);
        out.push(self.stages.len() as u8);
        for s in &self.stages {
            out.extend_from_slice(&s.scale.to_le_bytes());
            for &t in &s.trans {
                out.extend_from_slice(&t.to_le_bytes());
            }
            let nonzero: Vec<usize> =
                (0..s.rows.len() / NT).filter(|&r| s.rows[r * NT..(r + 1) * NT].iter().any(|&w| w != 0)).collect();
            out.extend_from_slice(&(nonzero.len() as u32).to_le_bytes());
            let mut prev = 0usize;
            for (i, &r) in nonzero.iter().enumerate() {
                varint(&mut out, (r - prev - (i > 0) as usize) as u64);
                prev = r;
            }
            for &r in &nonzero {
                let mask = (0..NT).filter(|&t| s.rows[r * NT + t] != 0).fold(0u32, |m, t| m | 1 << t);
                out.extend_from_slice(&mask.to_le_bytes()[..MASK_BYTES]);
            }
            for &r in &nonzero {
                out.extend(s.rows[r * NT..(r + 1) * NT].iter().filter(|&&w| w != 0).map(|&w| w as u8));
            }
        }
        out
    }
}

fn varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        let end = self.at.checked_add(n).ok_or(ModelError::Truncated)?;
        let s = self.b.get(self.at..end).ok_or(ModelError::Truncated)?;
        self.at = end;
        Ok(s)
    }
    fn u8(&mut self) -> Result<u8, ModelError> {
        Ok(self.take(1)?[0])
    }
    fn u16(&mut self) -> Result<u16, ModelError> {
        Ok(u16::from_le_bytes(self.take(2)?.try_into().unwrap()))
    }
    fn u32(&mut self) -> Result<u32, ModelError> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into().unwrap()))
    }
    fn f32(&mut self) -> Result<f32, ModelError> {
        Ok(f32::from_le_bytes(self.take(4)?.try_into().unwrap()))
    }
    fn varint(&mut self) -> Result<u64, ModelError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.u8()?;
            v |= ((b & 0x7f) as u64) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(ModelError::Corrupt("varint"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> Model {
        let mut rows = vec![0i8; 256 * NT];
        rows[3 * NT + 2] = 7;
        rows[200 * NT] = -128;
        rows[201 * NT + 16] = 127;
        let trans = (0..(NT + 1) * NT).map(|i| i as f32 * 0.5).collect();
        Model {
            hash_bits: 8,
            groups: group::TOKEN | group::PRIOR,
            gazetteer: Gazetteer { keys: vec![5, 9, 4000], vals: vec![1, 2, 0x81] },
            stages: vec![
                Stage { scale: 0.25, trans, rows: rows.clone() },
                Stage { scale: 1.0, trans: vec![0.0; (NT + 1) * NT], rows },
            ],
        }
    }

    #[test]
    fn round_trip() {
        let m = tiny();
        assert_eq!(Model::parse(&m.to_bytes()), Ok(m));
    }

    #[test]
    fn bad_files_are_errors_not_panics() {
        let good = tiny().to_bytes();
        let mut bad_magic = good.clone();
        bad_magic[0] = b'X';
        let mut v2 = good.clone();
        v2[8] = 2;
        let cases: Vec<(Vec<u8>, ModelError)> = vec![
            (bad_magic, ModelError::BadMagic),
            (b"LEDE".to_vec(), ModelError::BadMagic),
            (Vec::new(), ModelError::BadMagic),
            (v2, ModelError::UnsupportedVersion { found: 2, expected: FORMAT_VERSION }),
            (good[..good.len() - 1].to_vec(), ModelError::Truncated),
            (good[..20].to_vec(), ModelError::Truncated),
            ([&good[..], &[0]].concat(), ModelError::Corrupt("trailing bytes")),
        ];
        for (bytes, want) in cases {
            assert_eq!(Model::parse(&bytes), Err(want));
        }
        // Every prefix fails cleanly.
        for n in 0..good.len() {
            assert!(Model::parse(&good[..n]).is_err());
        }
        let msg = ModelError::UnsupportedVersion { found: 9, expected: 1 }.to_string();
        assert!(msg.contains("version 9") && msg.contains("make model"));
    }
}
