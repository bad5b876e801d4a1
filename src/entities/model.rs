//! The entity model file: a versioned binary with int8 weights.
//!
//! ## Provenance
//! `model.bin` is trained by `make model` (`src/bin/train.rs`) on the
//! CoNLL-2003 English shared-task training set (Tjong Kim Sang & De Meulder
//! 2003; Reuters RCV1 news from 1996, distributed for research use) and tuned
//! on its development set. The training text is not in this repository; the
//! model holds only hashed feature weights and 32-bit hashes of the entity
//! names seen in training and of words it wrote lowercase (the gazetteer). To rebuild it, put the data in
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
//! Only rows with a non-zero weight are stored. A weight is `int8 × scale`.
//! A file with another magic or version is refused with a [`ModelError`],
//! never a panic.
//!
//! ## In memory
//! Loading expands the rows into one dense table of 16-bit codes, 64-byte
//! aligned, in which each row index holds [`LANES`] = 16 codes per stage,
//! the stages side by side (64 bytes for two stages): one cache line then
//! serves a feature in both passes (the second pass reads the first pass's
//! features plus a few more). Every code is stored relative to the O code of
//! its row: adding one constant to all tags of a token changes no Viterbi
//! decision, so O always scores 0 and 16 lanes remain, which fill whole SIMD
//! registers (wasm `v128`, SSE). The differences need 9 bits, hence i16; a
//! token's sum stays far inside i16 (under 100 features × 254).

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

/// Codes per row and stage in memory: one per tag after O.
pub const LANES: usize = NT - 1;

/// Alignment of the dense table in bytes: a row never straddles a cache line.
const ALIGN: usize = 64;

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

/// The scale and transitions of one decoding pass (its weights are in the
/// [`Model`]'s shared table).
#[derive(Clone, Debug, PartialEq)]
pub struct Stage {
    /// A weight is `code as f32 * scale`.
    pub scale: f32,
    /// `(NT + 1) × NT` transition scores; row `NT` is the sentence start.
    pub trans: Vec<f32>,
}

impl Stage {
    /// The weight of code `c`.
    #[inline]
    pub fn weight(&self, c: i8) -> f32 {
        c as f32 * self.scale
    }
}

/// The stored rows of one stage, as in the file: what [`Model::to_bytes`]
/// writes back (the dense table has lost the O codes).
#[derive(Clone, Debug, Default, PartialEq)]
struct Sparse {
    /// Row indices, ascending.
    rows: Vec<u32>,
    /// Per row, bit `t` set when tag `t` has a non-zero code.
    masks: Vec<u32>,
    /// The non-zero codes, row by row, tag by tag.
    codes: Vec<i8>,
}

/// A trained entity model.
#[derive(Debug)]
pub struct Model {
    /// log2 of the number of weight rows.
    pub hash_bits: u32,
    /// Feature groups (see [`group`]) the model was trained with.
    pub groups: u32,
    /// Names seen in training.
    pub gazetteer: Gazetteer,
    /// One or two passes; the second reads the first's labels ([`group::PRIOR`]).
    pub stages: Vec<Stage>,
    sparse: Vec<Sparse>,
    /// The dense table from the [`ALIGN`]-ed offset `base` (see the module docs).
    table: Vec<i16>,
    base: usize,
    /// Distinct for every model built in this process (clones included):
    /// what caches of weight sums are keyed by.
    id: u64,
}

/// By hand: a copied table may sit at another alignment offset.
impl Clone for Model {
    fn clone(&self) -> Model {
        Model::from_sparse(self.hash_bits, self.groups, self.gazetteer.clone(), self.stages.clone(), self.sparse.clone())
    }
}

impl PartialEq for Model {
    fn eq(&self, o: &Model) -> bool {
        (self.hash_bits, self.groups, &self.gazetteer, &self.stages, &self.sparse) == (o.hash_bits, o.groups, &o.gazetteer, &o.stages, &o.sparse)
    }
}

impl Model {
    /// A model from dense per-stage codes (`2^hash_bits × NT` each, in stage
    /// order; the trainer's output).
    pub fn new(hash_bits: u32, groups: u32, gazetteer: Gazetteer, stages: Vec<Stage>, rows: &[Vec<i8>]) -> Model {
        assert_eq!(stages.len(), rows.len());
        let sparse = rows
            .iter()
            .map(|dense| {
                assert_eq!(dense.len(), (1 << hash_bits) * NT);
                let mut s = Sparse::default();
                for (r, row) in dense.chunks(NT).enumerate() {
                    let mask = row.iter().enumerate().filter(|(_, &w)| w != 0).fold(0u32, |m, (t, _)| m | 1 << t);
                    if mask != 0 {
                        s.rows.push(r as u32);
                        s.masks.push(mask);
                        s.codes.extend(row.iter().filter(|&&w| w != 0));
                    }
                }
                s
            })
            .collect();
        Model::from_sparse(hash_bits, groups, gazetteer, stages, sparse)
    }

    /// Builds the dense table; `sparse` has been validated.
    fn from_sparse(hash_bits: u32, groups: u32, gazetteer: Gazetteer, stages: Vec<Stage>, sparse: Vec<Sparse>) -> Model {
        let stride = stages.len() * LANES;
        let mut table = vec![0i16; (1usize << hash_bits) * stride + ALIGN / 2];
        let base = table.as_ptr().align_offset(ALIGN).min(ALIGN / 2);
        for (k, s) in sparse.iter().enumerate() {
            let mut codes = &s.codes[..];
            for (&r, &mask) in s.rows.iter().zip(&s.masks) {
                let (c, rest) = codes.split_at(mask.count_ones() as usize);
                codes = rest;
                // Tag O is bit 0: its code, if stored, comes first.
                let o = if mask & 1 != 0 { c[0] as i16 } else { 0 };
                let at = base + r as usize * stride + k * LANES;
                let lanes = &mut table[at..at + LANES];
                if o != 0 {
                    lanes.fill(-o);
                }
                let (mut m, mut j) = (mask >> 1, (mask & 1) as usize);
                while m != 0 {
                    lanes[m.trailing_zeros() as usize] = c[j] as i16 - o;
                    j += 1;
                    m &= m - 1;
                }
            }
        }
        static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let id = NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Model { hash_bits, groups, gazetteer, stages, sparse, table, base, id }
    }

    /// This model's identity: distinct for every model built in this process.
    #[inline]
    pub fn id(&self) -> u64 {
        self.id
    }

    /// Codes per row index: [`LANES`] per stage.
    #[inline]
    pub fn stride(&self) -> usize {
        self.stages.len() * LANES
    }

    /// The dense table: row `r` of stage `k` is the [`LANES`] codes of tags
    /// `1..NT`, minus the row's O code, at `r * stride + k * LANES`.
    #[inline]
    pub fn table(&self) -> &[i16] {
        &self.table[self.base..self.base + (1usize << self.hash_bits) * self.stride()]
    }

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
        let mut keys = Vec::with_capacity(n);
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
            keys.push(key as u32);
        }
        let gazetteer = Gazetteer::new(keys, r.take(n)?.to_vec());
        let n_stages = r.u8()? as usize;
        if !(1..=2).contains(&n_stages) || (n_stages == 2) != (groups & group::PRIOR != 0) {
            return Err(ModelError::Corrupt("stage count"));
        }
        let size = 1usize << hash_bits;
        let mut stages = Vec::with_capacity(n_stages);
        let mut sparse = Vec::with_capacity(n_stages);
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
            let mut s = Sparse { rows: Vec::with_capacity(n_rows), masks: Vec::with_capacity(n_rows), codes: Vec::new() };
            let mut row = 0u64;
            for i in 0..n_rows {
                let gap = r.varint()?;
                row += gap + (i > 0) as u64;
                if row >= size as u64 {
                    return Err(ModelError::Corrupt("row index"));
                }
                s.rows.push(row as u32);
            }
            for m in r.take(n_rows * MASK_BYTES)?.chunks(MASK_BYTES) {
                let mask = u32::from_le_bytes([m[0], m[1], m[2], 0]);
                if mask >> NT != 0 {
                    return Err(ModelError::Corrupt("tag mask"));
                }
                s.masks.push(mask);
            }
            let n_codes: usize = s.masks.iter().map(|m| m.count_ones() as usize).sum();
            s.codes.extend(r.take(n_codes)?.iter().map(|&b| b as i8));
            stages.push(Stage { scale, trans });
            sparse.push(s);
        }
        if r.at != bytes.len() {
            return Err(ModelError::Corrupt("trailing bytes"));
        }
        Ok(Model::from_sparse(hash_bits, groups, gazetteer, stages, sparse))
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
        for (s, sp) in self.stages.iter().zip(&self.sparse) {
            out.extend_from_slice(&s.scale.to_le_bytes());
            for &t in &s.trans {
                out.extend_from_slice(&t.to_le_bytes());
            }
            out.extend_from_slice(&(sp.rows.len() as u32).to_le_bytes());
            let mut prev = 0u32;
            for (i, &r) in sp.rows.iter().enumerate() {
                varint(&mut out, (r - prev - (i > 0) as u32) as u64);
                prev = r;
            }
            for &mask in &sp.masks {
                out.extend_from_slice(&mask.to_le_bytes()[..MASK_BYTES]);
            }
            out.extend(sp.codes.iter().map(|&c| c as u8));
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
        let mut second = rows.clone();
        second[5 * NT] = 100;
        second[5 * NT + 1] = -100;
        let trans: Vec<f32> = (0..(NT + 1) * NT).map(|i| i as f32 * 0.5).collect();
        Model::new(
            8,
            group::TOKEN | group::PRIOR,
            Gazetteer::new(vec![5, 9, 4000], vec![1, 2, 0x81]),
            vec![Stage { scale: 0.25, trans }, Stage { scale: 1.0, trans: vec![0.0; (NT + 1) * NT] }],
            &[rows, second],
        )
    }

    #[test]
    fn round_trip() {
        let m = tiny();
        assert_eq!(Model::parse(&m.to_bytes()), Ok(m.clone()));
    }

    #[test]
    fn dense_table_is_aligned_and_o_relative() {
        let m = tiny();
        let t = m.table();
        assert_eq!(m.stride(), 2 * LANES);
        assert_eq!(t.as_ptr().align_offset(ALIGN), 0);
        assert_eq!(m.clone().table().as_ptr().align_offset(ALIGN), 0);
        let at = |k: usize, r: usize, tag: usize| t[r * m.stride() + k * LANES + tag - 1];
        assert_eq!(at(0, 3, 2), 7);
        // Row 200 had O = -128: every other tag is 128 above it.
        assert!((1..NT).all(|tag| at(0, 200, tag) == 128 && at(1, 200, tag) == 128));
        assert_eq!(at(1, 201, 16), 127);
        // O = 100, tag 1 = -100: a difference beyond int8.
        assert_eq!(at(1, 5, 1), -200);
        assert_eq!(at(0, 5, 1), 0);
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
