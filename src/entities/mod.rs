//! Named entities: people (PER), organisations (ORG), places (LOC) and other
//! names (MISC).
//!
//! A linear sequence model: every token gets a few dozen hashed features
//! ([`features`]), a weight table scores the 17 BILOU tags ([`decode`]) and
//! Viterbi picks the best legal tag sequence. Two passes: the second adds
//! features of what the first pass labelled the same word elsewhere in the
//! document ("Kelly" was PER in line 3, so the "KELLY" of the headline
//! probably is too). The weights come from an averaged perceptron trained on
//! CoNLL-2003 (see [`model`] for provenance and `src/bin/train.rs`), shipped
//! as int8 inside the library and parsed once. Mentions of one entity are
//! then grouped ([`group`]).
//!
//! Where the time goes, and why it is small: only the candidate tokens of
//! [`island`]s (capitalised words and what may join them: a fifth of the
//! tokens of ordinary news prose, a third of CoNLL's) are scored and
//! decoded; the rest are O without a look, in training as at run time. The second pass reuses the first pass's feature lookups: both
//! stages' rows sit side by side in one cache line ([`model`]), so it only
//! extracts its five prior features. Rows are 16 O-relative i16 lanes that
//! sum as SIMD vectors, and the decoder follows the BILOU structure instead
//! of testing every tag pair; a one-token island, the commonest, is decided
//! without the trellis. One [`Tagger`] per thread is reused across
//! documents, and with it two caches keyed by a word's exact bytes that
//! change no output: its feature hashes (`TypeCache` in [`features`]) and the
//! weight sums of its own features ([`rowcache`]); about half the candidate
//! words of news text hit them.

pub mod decode;
pub mod features;
pub mod gazetteer;
pub mod group;
pub mod island;
pub mod model;
pub mod rowcache;

use crate::span::{Annotation, Entity, Kind, Label};
use crate::text::Document;
use crate::Recognizer;
use decode::{Viterbi, NT};
use features::{DocContext, Features};
use island::Island;
use model::{Model, ModelError, LANES};
use rowcache::RowCache;
use std::cell::RefCell;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

/// The trained model, committed and embedded (rebuild: `make model`).
static EMBEDDED: &[u8] = include_bytes!("model.bin");

static PARSED: OnceLock<Result<Arc<Model>, ModelError>> = OnceLock::new();

/// The embedded model, parsed on first use.
pub fn embedded_model() -> Result<Arc<Model>, ModelError> {
    PARSED.get_or_init(|| Model::parse_static(EMBEDDED).map(Arc::new)).clone()
}

thread_local! {
    /// One tagger per thread, reused: allocating its buffers (and the
    /// decoder's tables) per document cost more than tagging a short one.
    static TAGGER: RefCell<Tagger> = RefCell::new(Tagger::new());
}

/// Buffers grown past this many tokens are freed after the document rather
/// than kept for the next one.
const KEEP_TOKENS: usize = 1 << 16;

/// Finds entities; see the [module docs](self).
#[derive(Debug, Clone)]
pub struct EntityRecognizer {
    model: Option<Arc<Model>>,
}

impl EntityRecognizer {
    /// The recognizer with the model embedded in the library. If that model
    /// could not be read (a broken build; the test suite guards against it)
    /// the recognizer finds nothing rather than panicking in a page.
    pub fn embedded() -> EntityRecognizer {
        EntityRecognizer { model: embedded_model().ok() }
    }

    /// Like [`EntityRecognizer::embedded`], but says why the model is unusable.
    pub fn try_embedded() -> Result<EntityRecognizer, ModelError> {
        Ok(EntityRecognizer { model: Some(embedded_model()?) })
    }

    /// A recognizer with another model (tests, the trainer).
    pub fn with_model(model: Model) -> EntityRecognizer {
        EntityRecognizer { model: Some(Arc::new(model)) }
    }

    /// The model in use, if any.
    pub fn model(&self) -> Option<&Model> {
        self.model.as_deref()
    }

    /// The grouped entities of `doc`, in text order.
    pub fn entities(&self, doc: &Document<'_>) -> Vec<Entity> {
        let Some(model) = &self.model else { return Vec::new() };
        let mut found = Vec::new();
        let mut collect = |tagger: &mut Tagger| {
            let tags = tagger.tag(model, doc);
            for s in &doc.sentences {
                decode::spans(&tags[s.clone()], |a, b, l| {
                    found.push(Entity { span: doc.tokens_span(s.start + a..s.start + b), label: Label::ALL[l], group: 0 });
                });
            }
        };
        TAGGER.with(|t| match t.try_borrow_mut() {
            Ok(mut tagger) => {
                collect(&mut tagger);
                if tagger.tags.capacity() > KEEP_TOKENS {
                    *tagger = Tagger::new();
                }
            }
            Err(_) => collect(&mut Tagger::new()),
        });
        group::assign(doc, &mut found);
        found
    }
}

impl Recognizer for EntityRecognizer {
    fn kind(&self) -> Kind {
        Kind::Entity
    }

    fn recognize(&self, doc: &Document<'_>, out: &mut Vec<Annotation>) {
        out.extend(self.entities(doc).into_iter().map(Annotation::Entity));
    }
}

/// Reusable buffers for tagging documents with a [`Model`].
#[derive(Debug, Default)]
pub struct Tagger {
    /// Per-document feature state.
    pub ctx: DocContext,
    islands: Vec<Island>,
    /// Scores of the candidate tokens only, `NT` per token (O first, always
    /// 0), in island order.
    emit: Vec<f32>,
    /// Per candidate token: the second pass's codes summed over the features
    /// the first pass looked up (the same rows, see [`model`]).
    second: Vec<[i16; LANES]>,
    vit: Viterbi,
    tags: Vec<u8>,
    island_tags: Vec<u8>,
    labels: Vec<Option<u8>>,
    idx: Vec<u32>,
    off: Vec<u32>,
    /// Per word type, the first pass's sums over the word's own features.
    rows: RowCache,
    /// Per token of a batch: where its sum starts (a cached word's sums, or 0).
    base: Vec<[i16; 2 * LANES]>,
    /// Per token of a batch whose word's sums are to be kept: the cache
    /// slot, the end of the word's own features in `idx`, and the token.
    fill: Vec<Option<(u32, u32, u32)>>,
}

/// Hints the CPU to fetch `table[at..]` into cache (a no-op where unsupported).
#[inline(always)]
fn prefetch(table: &[i16], at: usize) {
    // No bounds test: a prefetch never faults and has no effect a program
    // can observe, and `wrapping_add` makes no claim about the allocation
    // (feature indices are below the table's row count anyway).
    #[cfg(target_arch = "x86_64")]
    // SAFETY: prefetching reads nothing the program sees and cannot fault.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(table.as_ptr().wrapping_add(at) as *const i8)
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (table, at);
}

/// Adds the rows `idx` of `table` (stride `S`) to `acc`.
///
/// 16-bit lanes cannot overflow (see [`model`]: under 100 features of at
/// most 254 each), and they vectorize: two SIMD adds per row and stage.
///
/// The sum lives in a local copy, stored once at the end: adding straight
/// into `acc` made the compiler store all lanes back after every row (a
/// bounds-check panic could otherwise observe a half-updated `acc`), which
/// doubled the instructions per row.
///
/// Not inlined: inlined into the tagger's loop, the compiler split the
/// first stage's 16 lanes into four 4-lane pieces (for [`scaled`]) and
/// loaded every row with 64-bit loads, 20 instructions per row instead of
/// 16 (measured with callgrind on x86-64), which cost more than one call
/// per token.
#[inline(never)]
fn sum_rows<const S: usize>(table: &[i16], idx: &[u32], acc: &mut [i16; S]) {
    let mut a = *acc;
    for &f in idx {
        add_row(&mut a, table, f as usize * S);
    }
    *acc = a;
}

/// The weights of summed codes: `code × scale` per lane, widened to i32
/// first so that the conversion vectorizes (SSE2 and wasm SIMD have no
/// direct i16 → f32 conversion).
#[inline(always)]
fn scaled(acc: &[i16; LANES], scale: f32) -> [f32; LANES] {
    let mut wide = [0i32; LANES];
    for t in 0..LANES {
        wide[t] = acc[t] as i32;
    }
    let mut out = [0f32; LANES];
    for t in 0..LANES {
        out[t] = wide[t] as f32 * scale;
    }
    out
}

/// Adds the `N` codes of `table` at `at` to `acc` (one bounds check).
#[inline(always)]
fn add_row<const N: usize>(acc: &mut [i16; N], table: &[i16], at: usize) {
    let w: &[i16; N] = table[at..at + N].try_into().unwrap();
    for t in 0..N {
        acc[t] = acc[t].wrapping_add(w[t]);
    }
}

/// The batches of `islands` that share a sentence (features of a whole
/// sentence are extracted before any is summed, to prefetch their rows).
fn batches(islands: &[Island]) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut k = 0;
    std::iter::from_fn(move || {
        let first = islands.get(k)?;
        let end = k + islands[k..].iter().take_while(|r| r.sentence == first.sentence).count();
        let b = k..end;
        k = end;
        Some(b)
    })
}

impl Tagger {
    /// Empty buffers.
    pub fn new() -> Tagger {
        Tagger { vit: Viterbi::new(), ..Tagger::default() }
    }

    /// The BILOU tag of every token of `doc` (tags never cross sentences;
    /// tokens outside the candidate [`island`]s are O).
    pub fn tag(&mut self, model: &Model, doc: &Document<'_>) -> &[u8] {
        let gaz = model.groups & (features::group::GAZETTEER | features::group::WORDS | features::group::TOPIC) != 0;
        let gazetteer = gaz.then_some(&model.gazetteer);
        self.ctx.build_sparse(doc, gazetteer);
        self.islands.clear();
        island::find(doc, &self.ctx.flags, &mut self.islands);
        // Feature-only state only where features are extracted: the
        // candidate tokens and one neighbour either side (which the context
        // templates read), each token once.
        let mut done = 0;
        for r in &self.islands {
            let from = r.tokens.start.saturating_sub(1).max(r.sentence.start).max(done);
            let to = (r.tokens.end + 1).min(r.sentence.end);
            if from < to {
                self.ctx.fill_features(doc, gazetteer, from..to);
                done = to;
            }
        }
        let n = doc.tokens.len();
        self.tags.clear();
        self.tags.resize(n, decode::O as u8);
        let candidates: usize = self.islands.iter().map(|r| r.tokens.len()).sum();
        // Filled token by token, in order, by the first pass.
        self.emit.clear();
        self.emit.reserve(candidates * NT);
        self.second.clear();
        self.second.reserve(candidates);
        let mut feats = Features::new(model.hash_bits, model.stage_groups(0));
        self.rows.use_model(model.id());
        if model.stages.len() == 1 {
            self.first_pass::<LANES>(model, doc, &mut feats);
        } else {
            self.first_pass::<{ 2 * LANES }>(model, doc, &mut feats);
            // Tokens outside the islands are O: no label.
            self.labels.clear();
            self.labels.resize(n, None);
            for r in &self.islands {
                for i in r.tokens.clone() {
                    self.labels[i] = decode::split(self.tags[i] as usize).map(|(l, _)| l as u8);
                }
            }
            self.ctx.set_priors_in(&self.labels, &self.islands);
            self.second_pass(model, &mut feats);
        }
        &self.tags
    }

    /// Scores every candidate token with the first stage (keeping the second
    /// stage's sums of the same rows when `S` covers two stages) and decodes
    /// every island.
    ///
    /// The features of a sentence's islands are extracted first, prefetching
    /// each weight row as its index is known, then summed: the table is larger
    /// than L2, and without the prefetch the sums wait on one cache miss
    /// after another. A word whose own features were summed before starts
    /// from the kept sum ([`rowcache`]) and extracts only the others.
    fn first_pass<const S: usize>(&mut self, model: &Model, doc: &Document<'_>, feats: &mut Features) {
        let Tagger { ctx, islands, emit, second, vit, tags, island_tags, idx, off, rows, base, fill, .. } = self;
        let (table, stage) = (model.table(), &model.stages[0]);
        let mut row = 0; // candidate index of the first token of the batch
        for batch in batches(islands) {
            let sentence = islands[batch.start].sentence.clone();
            idx.clear();
            off.clear();
            base.clear();
            fill.clear();
            for r in &islands[batch.clone()] {
                for i in r.tokens.clone() {
                    let word = doc.word(i).as_bytes();
                    let slot = rows.slot(word, ctx.info[i].lower);
                    // A hit is copied now: a miss of another word in the
                    // same slot may overwrite it before this batch is summed.
                    let found = match slot.and_then(|k| rows.get(k, word)) {
                        Some(sum) => {
                            base.push(*sum);
                            fill.push(None);
                            feats.context_only(ctx, sentence.clone(), i)
                        }
                        None => {
                            base.push([0; 2 * LANES]);
                            let (found, mid) = feats.features_split(ctx, sentence.clone(), i);
                            fill.push(slot.map(|k| (k as u32, (idx.len() + mid) as u32, i as u32)));
                            found
                        }
                    };
                    debug_assert!(found.len() < 120);
                    for &f in found {
                        prefetch(table, f as usize * S);
                    }
                    idx.extend_from_slice(found);
                    off.push(idx.len() as u32);
                }
            }
            let mut from = 0;
            for (j, &to) in off.iter().enumerate() {
                let mut acc: [i16; S] = base[j][..S].try_into().unwrap();
                if let Some((k, mid, i)) = fill[j] {
                    sum_rows::<S>(table, &idx[from..mid as usize], &mut acc);
                    rows.put(k as usize, doc.word(i as usize).as_bytes(), &acc);
                    from = mid as usize;
                }
                sum_rows::<S>(table, &idx[from..to as usize], &mut acc);
                from = to as usize;
                // Grown token by token, not zeroed for all candidates first:
                // O's score (0), then the 16 others (`extend` from an array
                // writes in place; `extend_from_slice` of it may be a memcpy
                // call in wasm).
                debug_assert_eq!(emit.len(), (row + j) * NT);
                emit.push(0.0);
                emit.extend(scaled(acc[..LANES].try_into().unwrap(), stage.scale));
                if S > LANES {
                    second.push(acc[LANES..].try_into().unwrap());
                }
            }
            for r in &islands[batch] {
                let len = r.tokens.len();
                vit.decode_island(&emit[row * NT..(row + len) * NT], &stage.trans, r.after_o(), r.before_o(), island_tags);
                tags[r.tokens.clone()].copy_from_slice(island_tags);
                row += len;
            }
        }
    }

    /// Scores every candidate token with the second stage: its sums over the
    /// first pass's features plus the rows of the prior features, added to
    /// the first pass's scores when the model is residual; decodes again.
    fn second_pass(&mut self, model: &Model, feats: &mut Features) {
        let Tagger { ctx, islands, emit, second, vit, tags, island_tags, .. } = self;
        let stride = model.stride();
        let table = &model.table()[LANES..];
        let stage = &model.stages[1];
        let residual = model.residual();
        let mut row = 0;
        for r in islands.iter() {
            for (j, i) in r.tokens.clone().enumerate() {
                let mut acc = second[row + j];
                for &f in feats.priors(ctx, r.sentence.clone(), i) {
                    add_row(&mut acc, table, f as usize * stride);
                }
                let e: &mut [f32; LANES] = (&mut emit[(row + j) * NT + 1..(row + j + 1) * NT]).try_into().unwrap();
                let w = scaled(&acc, stage.scale);
                for t in 0..LANES {
                    e[t] = if residual { e[t] + w[t] } else { w[t] };
                }
            }
            let len = r.tokens.len();
            vit.decode_island(&emit[row * NT..(row + len) * NT], &stage.trans, r.after_o(), r.before_o(), island_tags);
            tags[r.tokens.clone()].copy_from_slice(island_tags);
            row += len;
        }
    }
}
