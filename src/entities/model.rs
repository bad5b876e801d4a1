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
use std::borrow::Cow;
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
    /// Per stage, its rows exactly as stored in the file, from the row count
    /// on: what [`Model::to_bytes`] writes back and a clone re-expands (the
    /// dense table has lost the O codes). Keeping the bytes rather than
    /// decoded vectors lets loading fill the table straight from the file.
    /// Borrowed from the file when that is static (the embedded model:
    /// no copy of its ~350 KB on the way to the first highlight).
    rows: Vec<Cow<'static, [u8]>>,
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
        Model::from_rows(self.hash_bits, self.groups, self.gazetteer.clone(), self.stages.clone(), self.rows.clone())
            .expect("the rows of a built model are valid")
    }
}

impl PartialEq for Model {
    fn eq(&self, o: &Model) -> bool {
        (self.hash_bits, self.groups, &self.gazetteer, &self.stages, &self.rows) == (o.hash_bits, o.groups, &o.gazetteer, &o.stages, &o.rows)
    }
}

impl Model {
    /// A model from dense per-stage codes (`2^hash_bits × NT` each, in stage
    /// order; the trainer's output).
    pub fn new(hash_bits: u32, groups: u32, gazetteer: Gazetteer, stages: Vec<Stage>, rows: &[Vec<i8>]) -> Model {
        assert_eq!(stages.len(), rows.len());
        let rows = rows
            .iter()
            .map(|dense| {
                assert_eq!(dense.len(), (1 << hash_bits) * NT);
                let (mut n, mut prev) = (0u32, 0u32);
                let (mut gaps, mut masks, mut codes) = (Vec::new(), Vec::new(), Vec::new());
                for (r, row) in dense.chunks(NT).enumerate() {
                    let mask = row.iter().enumerate().filter(|(_, &w)| w != 0).fold(0u32, |m, (t, _)| m | 1 << t);
                    if mask != 0 {
                        let r = r as u32;
                        varint(&mut gaps, (r - prev - (n > 0) as u32) as u64);
                        masks.extend_from_slice(&mask.to_le_bytes()[..MASK_BYTES]);
                        codes.extend(row.iter().filter(|&&w| w != 0).map(|&w| w as u8));
                        (n, prev) = (n + 1, r);
                    }
                }
                [&n.to_le_bytes()[..], &gaps, &masks, &codes].concat()
            })
            .map(Cow::Owned)
            .collect();
        Model::from_rows(hash_bits, groups, gazetteer, stages, rows).expect("encoded rows are valid")
    }

    /// Builds the dense table from the stored rows of each stage.
    fn from_rows(hash_bits: u32, groups: u32, gazetteer: Gazetteer, stages: Vec<Stage>, rows: Vec<Cow<'static, [u8]>>) -> Result<Model, ModelError> {
        let mut dense = Dense::new(hash_bits, stages.len());
        for (k, bytes) in rows.iter().enumerate() {
            let mut r = Reader { b: bytes, at: 0 };
            dense.expand(&mut r, k)?;
            if r.at != bytes.len() {
                return Err(ModelError::Corrupt("trailing bytes"));
            }
        }
        Ok(dense.finish(hash_bits, groups, gazetteer, stages, rows))
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
    ///
    /// This runs once per page on the first analysis, in the browser's
    /// baseline compiler, on the way to the first highlight: the loops below
    /// decode tens of thousands of varints and rows, so they keep the common
    /// one-byte varint inline and fill the dense table straight from the
    /// file (see [`Dense::expand`]).
    pub fn parse(bytes: &[u8]) -> Result<Model, ModelError> {
        Model::parse_keeping(bytes, |rows| Cow::Owned(rows.to_vec()))
    }

    /// [`Model::parse`] of a file that lives as long as the program (the
    /// embedded model): the model keeps pointing into it instead of a copy.
    pub fn parse_static(bytes: &'static [u8]) -> Result<Model, ModelError> {
        Model::parse_keeping(bytes, Cow::Borrowed)
    }

    /// [`Model::parse`], keeping each stage's stored rows with `keep`.
    fn parse_keeping<'a>(bytes: &'a [u8], keep: impl Fn(&'a [u8]) -> Cow<'static, [u8]>) -> Result<Model, ModelError> {
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
            // Compared before adding, so a huge delta cannot overflow.
            key += d.min(1 << 32);
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
        let mut dense = Dense::new(hash_bits, n_stages);
        let mut stages = Vec::with_capacity(n_stages);
        let mut rows = Vec::with_capacity(n_stages);
        for k in 0..n_stages {
            let scale = r.f32()?;
            if !scale.is_finite() {
                return Err(ModelError::Corrupt("scale"));
            }
            let trans = r.take((NT + 1) * NT * 4)?.chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect();
            let start = r.at;
            dense.expand(&mut r, k)?;
            stages.push(Stage { scale, trans });
            rows.push(keep(&bytes[start..r.at]));
        }
        if r.at != bytes.len() {
            return Err(ModelError::Corrupt("trailing bytes"));
        }
        Ok(dense.finish(hash_bits, groups, gazetteer, stages, rows))
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
        for (s, rows) in self.stages.iter().zip(&self.rows) {
            out.extend_from_slice(&s.scale.to_le_bytes());
            for &t in &s.trans {
                out.extend_from_slice(&t.to_le_bytes());
            }
            out.extend_from_slice(rows);
        }
        out
    }
}

/// The dense table being filled, stage by stage.
struct Dense {
    table: Vec<i16>,
    base: usize,
    /// Rows per stage.
    size: usize,
    stride: usize,
}

impl Dense {
    fn new(hash_bits: u32, n_stages: usize) -> Dense {
        let size = 1usize << hash_bits;
        let stride = n_stages * LANES;
        let table = vec![0i16; size * stride + ALIGN / 2];
        let base = table.as_ptr().align_offset(ALIGN).min(ALIGN / 2);
        Dense { table, base, size, stride }
    }

    /// Reads the stored rows of stage `k` (row count, varint row gaps,
    /// 3-byte masks, codes) and writes them into the table, reporting the
    /// same first error a decode of each section in turn would: a bad gap
    /// before a bad mask before missing codes.
    ///
    /// No intermediate vectors: one pass validates the gaps (finding where
    /// the masks start), one the masks (all at once: any bad one is the same
    /// error), and a last decodes the gaps again beside the masks and codes
    /// and fills each row.
    fn expand(&mut self, r: &mut Reader<'_>, k: usize) -> Result<(), ModelError> {
        let n = r.u32()? as usize;
        if n > self.size {
            return Err(ModelError::Corrupt("row count"));
        }
        let gaps_at = r.at;
        // Every gap of a dense enough model is one byte (the shipped one's
        // are): then the gaps are the next `n` bytes, checked with two
        // loops that vectorize instead of a varint decode per row. A row is
        // the previous one plus one plus its gap, so the rows stay inside
        // the table exactly when the last does: the sum below is what the
        // general loop checks row by row.
        let short = r.b.get(gaps_at..gaps_at + n).filter(|g| g.iter().fold(0u8, |a, &b| a | b) < 0x80);
        let one_byte = short.is_some();
        if let Some(g) = short {
            let last = g.iter().map(|&b| b as usize).sum::<usize>() + n;
            if last > self.size {
                return Err(ModelError::Corrupt("row index"));
            }
            r.at += n;
        } else {
            let mut next = 0usize;
            for _ in 0..n {
                let gap = r.varint()?;
                // Compared first, so a huge gap cannot overflow the sum.
                if gap >= (self.size - next) as u64 {
                    return Err(ModelError::Corrupt("row index"));
                }
                next += gap as usize + 1;
            }
        }
        let gap_bytes = &r.b[gaps_at..r.at];
        let mut gaps = Reader { b: gap_bytes, at: 0 };
        let masks = r.take(n * MASK_BYTES)?;
        // Only a mask's top byte can hold bits past NT.
        let top = masks.chunks_exact(MASK_BYTES).fold(0u8, |any, m| any | m[MASK_BYTES - 1]);
        if ((top as u32) << (8 * (MASK_BYTES - 1))) >> NT != 0 {
            return Err(ModelError::Corrupt("tag mask"));
        }
        // The codes are a prefix of what follows.
        let all = &r.b[r.at..];
        let mut codes = all;
        let mut next = self.base + k * LANES;
        if one_byte {
            for (m, &gap) in masks.chunks_exact(MASK_BYTES).zip(gap_bytes) {
                let mask = u32::from_le_bytes([m[0], m[1], m[2], 0]);
                let at = next + gap as usize * self.stride;
                next = at + self.stride;
                let lanes: &mut [i16; LANES] = (&mut self.table[at..at + LANES]).try_into().expect("LANES codes");
                codes = fill(lanes, mask, codes).ok_or(ModelError::Truncated)?;
            }
        } else {
            for m in masks.chunks_exact(MASK_BYTES) {
                let mask = u32::from_le_bytes([m[0], m[1], m[2], 0]);
                // Validated above: cannot fail.
                let at = next + gaps.varint().unwrap_or(0) as usize * self.stride;
                next = at + self.stride;
                let lanes: &mut [i16; LANES] = (&mut self.table[at..at + LANES]).try_into().expect("LANES codes");
                codes = fill(lanes, mask, codes).ok_or(ModelError::Truncated)?;
            }
        }
        r.at += all.len() - codes.len();
        Ok(())
    }

    fn finish(self, hash_bits: u32, groups: u32, gazetteer: Gazetteer, stages: Vec<Stage>, rows: Vec<Cow<'static, [u8]>>) -> Model {
        static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let id = NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Model { hash_bits, groups, gazetteer, stages, rows, table: self.table, base: self.base, id }
    }
}

/// Writes one stored row (its tag `mask` and as many codes as the mask has
/// bits, taken from the front of `codes`) into `lanes`, which hold zeros,
/// relative to its O code; what follows its codes, or `None` when `codes`
/// ends first. Counting as it goes spares a population count per row, which
/// is a dozen instructions on baseline x86-64.
#[inline(always)]
fn fill<'a>(lanes: &mut [i16; LANES], mask: u32, codes: &'a [u8]) -> Option<&'a [u8]> {
    let mut it = codes.iter();
    // Tag O is bit 0: its code, if stored, comes first.
    let o = if mask & 1 != 0 { *it.next()? as i8 as i16 } else { 0 };
    if o != 0 {
        *lanes = [-o; LANES];
    }
    let mut m = mask >> 1;
    while m != 0 {
        // `mask >> NT == 0`, so the tag is below LANES; the `%` keeps the
        // compiler from checking.
        lanes[m.trailing_zeros() as usize % LANES] = *it.next()? as i8 as i16 - o;
        m &= m - 1;
    }
    Some(it.as_slice())
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
    /// An LEB128 varint of at most 10 bytes (the last one's high bits
    /// are dropped). The loaders call it tens of thousands of times: inline,
    /// with the one-byte case (every row gap of the shipped model) first.
    #[inline(always)]
    fn varint(&mut self) -> Result<u64, ModelError> {
        match self.b.get(self.at) {
            Some(&x) if x < 0x80 => {
                self.at += 1;
                Ok(x as u64)
            }
            _ => self.varint_long(),
        }
    }

    #[inline(always)]
    fn varint_long(&mut self) -> Result<u64, ModelError> {
        let (b, start) = (self.b, self.at);
        // Two and three bytes: the gazetteer's key deltas (tens of
        // thousands of 32-bit hashes, sorted), unrolled.
        if let Some(&[x0, x1, x2]) = b.get(start..start + 3) {
            let v = (x0 & 0x7f) as u64 | ((x1 & 0x7f) as u64) << 7;
            if x0 >= 0x80 && x1 < 0x80 {
                self.at = start + 2;
                return Ok(v);
            }
            if x0 >= 0x80 && x2 < 0x80 {
                self.at = start + 3;
                return Ok(v | (x2 as u64) << 14);
            }
        }
        let end = b.len().min(start + 10);
        let (mut at, mut v, mut shift) = (start, 0u64, 0u32);
        while at < end {
            let x = b[at];
            at += 1;
            v |= ((x & 0x7f) as u64) << shift;
            if x < 0x80 {
                self.at = at;
                return Ok(v);
            }
            shift += 7;
        }
        Err(if end - start == 10 { ModelError::Corrupt("varint") } else { ModelError::Truncated })
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

    /// A one-stage model file whose stored rows are `rows` (from the row
    /// count on), for hand-made sections.
    fn with_rows(rows: &[u8]) -> Vec<u8> {
        let m = Model::new(8, group::TOKEN, Gazetteer::new(vec![5], vec![1]), vec![Stage { scale: 1.0, trans: vec![0.0; (NT + 1) * NT] }], &[vec![0; 256 * NT]]);
        let good = m.to_bytes();
        [&good[..good.len() - m.rows[0].len()], rows].concat()
    }

    #[test]
    fn hand_made_rows() {
        let ok = |rows: &[u8]| Model::parse(&with_rows(rows)).expect("valid rows");
        // Row 0, tag 2: code 5.
        let m = ok(&[1, 0, 0, 0, 0, 0x04, 0, 0, 5]);
        assert_eq!(m.table()[1], 5);
        assert_eq!(m.table().iter().filter(|&&c| c != 0).count(), 1);
        // Row 7 with O = -2 and tag 1 = 3; row 255 (a two-byte gap), tag 16.
        let m = ok(&[2, 0, 0, 0, 7, 0xf7, 0x01, 0x03, 0, 0, 0x00, 0, 1, 0xfe, 3, 9]);
        let t = m.table();
        assert_eq!(t[7 * LANES..8 * LANES], [&[5i16][..], &[2; LANES - 1]].concat()[..]);
        assert_eq!(t[255 * LANES + 15], 9);
        assert_eq!(Model::parse(&m.to_bytes()), Ok(m));

        let bad: &[(&[u8], ModelError)] = &[
            (&[1, 1, 0, 0], ModelError::Corrupt("row count")),
            (&[1, 0, 0, 0, 0x80, 0x02, 4, 0, 0, 5], ModelError::Corrupt("row index")),
            (&[2, 0, 0, 0, 0xff, 0x01, 0, 4, 0, 0, 4, 0, 0, 5, 5], ModelError::Corrupt("row index")),
            // A gap near 2^64 must not wrap around the row sum.
            (&[2, 0, 0, 0, 1, 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 4, 0, 0, 4, 0, 0, 5, 5], ModelError::Corrupt("row index")),
            (&[1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01], ModelError::Corrupt("varint")),
            (&[1, 0, 0, 0, 0x80], ModelError::Truncated),
            (&[1, 0, 0, 0, 0, 0, 0, 2, 5], ModelError::Corrupt("tag mask")),
            (&[1, 0, 0, 0, 0, 0x04, 0, 0], ModelError::Truncated),
            (&[1, 0, 0, 0, 0, 0x07, 0, 0, 1, 2], ModelError::Truncated),
            // The codes run out at row 0, but the bad mask of row 1 is
            // what a section-by-section decode reports.
            (&[2, 0, 0, 0, 0, 0, 0x06, 0, 0, 0, 0, 4, 7], ModelError::Corrupt("tag mask")),
            (&[1, 0, 0, 0, 0, 0x04, 0, 0, 5, 0], ModelError::Corrupt("trailing bytes")),
        ];
        for (rows, want) in bad {
            assert_eq!(Model::parse(&with_rows(rows)), Err(want.clone()), "{rows:?}");
        }
    }

    #[test]
    fn huge_gazetteer_delta_is_an_error() {
        let good = tiny().to_bytes();
        // The gazetteer count sits after the 34-byte header.
        let bytes = [&good[..34], &[2, 0, 0, 0, 1], &[0xff; 9], &[0x01]].concat();
        assert_eq!(Model::parse(&bytes), Err(ModelError::Corrupt("gazetteer key")));
    }

    /// The shipped model: loading and writing back gives the file's bytes,
    /// and the dense table is what a plain decode of the file gives.
    #[test]
    fn embedded_model_matches_a_plain_decode() {
        let bytes: &[u8] = include_bytes!("model.bin");
        let m = Model::parse(bytes).expect("the shipped model parses");
        assert_eq!(m.to_bytes(), bytes);
        let mut want = vec![0i16; m.table().len()];
        let mut at = bytes.len();
        for (k, rows) in m.rows.iter().enumerate().rev() {
            at -= rows.len();
            assert_eq!(&bytes[at..at + rows.len()], &rows[..]);
            let n = u32::from_le_bytes(rows[..4].try_into().unwrap()) as usize;
            let (mut p, mut row, mut idx) = (4, 0usize, Vec::new());
            for i in 0..n {
                let (mut v, mut shift) = (0usize, 0);
                loop {
                    let b = rows[p];
                    p += 1;
                    v |= ((b & 0x7f) as usize) << shift;
                    shift += 7;
                    if b < 0x80 {
                        break;
                    }
                }
                row += v + (i > 0) as usize;
                idx.push(row);
            }
            let mut c = p + 3 * n;
            for (i, &r) in idx.iter().enumerate() {
                let mask = u32::from_le_bytes([rows[p + 3 * i], rows[p + 3 * i + 1], rows[p + 3 * i + 2], 0]);
                let mut codes = [0i16; NT];
                for (t, code) in codes.iter_mut().enumerate() {
                    if mask >> t & 1 != 0 {
                        *code = rows[c] as i8 as i16;
                        c += 1;
                    }
                }
                for t in 1..NT {
                    want[r * m.stride() + k * LANES + t - 1] = codes[t] - codes[0];
                }
            }
            assert_eq!(c, rows.len());
            // Back over this stage's scale and transitions.
            at -= 4 + (NT + 1) * NT * 4;
        }
        assert!(m.table() == want, "dense table differs from a plain decode");
        assert!(m.clone().table() == want);
    }
}
