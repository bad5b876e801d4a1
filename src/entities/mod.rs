//! Named entities: people (PER), organisations (ORG), places (LOC) and other
//! names (MISC).
//!
//! A linear sequence model: every token gets a few dozen hashed features
//! ([`features`]), a weight table scores the 17 BILOU tags ([`decode`]) and
//! Viterbi picks the best legal tag sequence per sentence. Two passes: the
//! second adds the scores of a small model over what the first pass labelled
//! the same word elsewhere in the document ("Kelly" was PER in line 3, so the "KELLY" of the headline
//! probably is too). The weights come from an averaged perceptron trained on
//! CoNLL-2003 (see [`model`] for provenance and `src/bin/train.rs`), shipped
//! as int8 inside the library and parsed once. Mentions of one entity are
//! then grouped ([`group`]).

pub mod decode;
pub mod features;
pub mod gazetteer;
pub mod group;
pub mod model;

use crate::span::{Annotation, Entity, Kind, Label};
use crate::text::Document;
use crate::Recognizer;
use decode::{Viterbi, NT};
use features::{DocContext, Features};
use model::{Model, ModelError, Stage};
use std::sync::{Arc, OnceLock};

/// The trained model, committed and embedded (rebuild: `make model`).
static EMBEDDED: &[u8] = include_bytes!("model.bin");

static PARSED: OnceLock<Result<Arc<Model>, ModelError>> = OnceLock::new();

/// The embedded model, parsed on first use.
pub fn embedded_model() -> Result<Arc<Model>, ModelError> {
    PARSED.get_or_init(|| Model::parse(EMBEDDED).map(Arc::new)).clone()
}

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
        let mut tagger = Tagger::new();
        let tags = tagger.tag(model, doc);
        let mut found = Vec::new();
        for s in &doc.sentences {
            decode::spans(&tags[s.clone()], |a, b, l| {
                found.push(Entity { span: doc.tokens_span(s.start + a..s.start + b), label: Label::ALL[l], group: 0 });
            });
        }
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
    emit: Vec<f32>,
    vit: Viterbi,
    tags: Vec<u8>,
    sent_tags: Vec<u8>,
    labels: Vec<Option<u8>>,
    idx: Vec<u32>,
    off: Vec<u32>,
}

/// Hints the CPU to fetch `rows[at..]` into cache (a no-op where unsupported).
#[inline(always)]
fn prefetch(rows: &[i8], at: usize) {
    #[cfg(target_arch = "x86_64")]
    if at < rows.len() {
        // SAFETY: prefetching has no side effects, and the pointer is in bounds.
        unsafe { std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(rows.as_ptr().add(at) as *const i8) }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (rows, at);
}

impl Tagger {
    /// Empty buffers.
    pub fn new() -> Tagger {
        Tagger { vit: Viterbi::new(), ..Tagger::default() }
    }

    /// The BILOU tag of every token of `doc` (tags never cross sentences).
    pub fn tag(&mut self, model: &Model, doc: &Document<'_>) -> &[u8] {
        let gaz = model.groups & (features::group::GAZETTEER | features::group::WORDS | features::group::TOPIC) != 0;
        self.ctx.build(doc, gaz.then_some(&model.gazetteer));
        let n = doc.tokens.len();
        self.tags.clear();
        self.tags.resize(n, decode::O as u8);
        self.emit.clear();
        self.emit.resize(n * NT, 0.0);
        for (k, stage) in model.stages.iter().enumerate() {
            if k > 0 {
                self.labels.clear();
                self.labels.extend(self.tags.iter().map(|&t| decode::split(t as usize).map(|(l, _)| l as u8)));
                self.ctx.set_priors(&self.labels);
                if !model.residual() {
                    self.emit.fill(0.0);
                }
            }
            let mut feats = Features::new(model.hash_bits, model.stage_groups(k));
            self.run(stage, &mut feats, doc);
        }
        &self.tags
    }

    /// Adds `stage`'s scores to the emissions and decodes every sentence.
    ///
    /// Features of a whole sentence are extracted first, prefetching each
    /// weight row as its index is known, then summed: the table is larger
    /// than L2, and without the prefetch the sums wait on one cache miss
    /// after another.
    fn run(&mut self, stage: &Stage, feats: &mut Features, doc: &Document<'_>) {
        for s in &doc.sentences {
            self.idx.clear();
            self.off.clear();
            for i in s.clone() {
                feats.extract(&self.ctx, s.clone(), i);
                for &f in &feats.idx {
                    prefetch(&stage.rows, f as usize * NT);
                }
                self.idx.extend_from_slice(&feats.idx);
                self.off.push(self.idx.len() as u32);
            }
            let mut from = 0;
            for (k, i) in s.clone().enumerate() {
                let to = self.off[k] as usize;
                let mut acc = [0i32; NT];
                for &f in &self.idx[from..to] {
                    let row: &[i8; NT] = stage.rows[f as usize * NT..f as usize * NT + NT].try_into().unwrap();
                    for t in 0..NT {
                        acc[t] += row[t] as i32;
                    }
                }
                from = to;
                for (e, a) in self.emit[i * NT..i * NT + NT].iter_mut().zip(acc) {
                    *e += a as f32 * stage.scale;
                }
            }
            self.vit.decode(&self.emit[s.start * NT..s.end * NT], &stage.trans, &mut self.sent_tags);
            self.tags[s.clone()].copy_from_slice(&self.sent_tags);
        }
    }
}
