//! Entity recognition: the embedded model, the golden article and a dev-set
//! accuracy floor (so that a broken retrain cannot land silently).
//!
//! Data from `../shared` (or `$LEDE_SHARED`) is read at run time; tests that
//! need it print a notice and pass when it is absent.

use lede::entities::decode::{self, Pos, Viterbi, NT};
use lede::entities::features::{group, DocContext, Features};
use lede::entities::model::{Model, ModelError, FORMAT_VERSION, MAGIC};
use lede::entities::EntityRecognizer;
use lede::{Document, Entity, Label, Span};
use std::path::PathBuf;

fn shared() -> Option<PathBuf> {
    let dir = std::env::var_os("LEDE_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("notice: {} is absent; skipping this test", dir.display());
        None
    }
}

fn entities(text: &str) -> Vec<Entity> {
    let rec = EntityRecognizer::try_embedded().expect("the embedded model parses");
    rec.entities(&Document::new(text))
}

#[test]
fn embedded_model_is_valid() {
    let rec = EntityRecognizer::try_embedded().expect("embedded model");
    let m = rec.model().unwrap();
    assert!(m.hash_bits >= 12);
    assert!(!m.stages.is_empty());
    assert!(m.gazetteer.len() > 1000, "gazetteer has {} entries", m.gazetteer.len());
    // The model's own serialization round-trips.
    assert_eq!(Model::parse(&m.to_bytes()).as_ref(), Ok(m));
}

#[test]
fn wrong_magic_or_version_is_an_error() {
    let good = EntityRecognizer::try_embedded().unwrap().model().unwrap().to_bytes();
    assert_eq!(&good[..8], MAGIC);
    let mut bad = good.clone();
    bad[..8].copy_from_slice(b"NOTAMODL");
    assert_eq!(Model::parse(&bad), Err(ModelError::BadMagic));
    let mut newer = good.clone();
    newer[8..10].copy_from_slice(&(FORMAT_VERSION + 1).to_le_bytes());
    let err = Model::parse(&newer).unwrap_err();
    assert_eq!(err, ModelError::UnsupportedVersion { found: FORMAT_VERSION + 1, expected: FORMAT_VERSION });
    assert!(err.to_string().contains("version"));
    assert_eq!(Model::parse(&good[..good.len() / 2]), Err(ModelError::Truncated));
}

#[test]
fn simple_sentences() {
    let cases: &[(&str, &[(&str, Label)])] = &[
        ("Chancellor Helmut Kohl met President Bill Clinton in Washington on Monday.", &[("Helmut Kohl", Label::Per), ("Bill Clinton", Label::Per), ("Washington", Label::Loc)]),
        ("Shares of Microsoft Corp rose in New York.", &[("Microsoft Corp", Label::Org), ("New York", Label::Loc)]),
        ("The European Union said on Thursday it disagreed with Germany.", &[("European Union", Label::Org), ("Germany", Label::Loc)]),
    ];
    for (text, want) in cases {
        let got: Vec<(&str, Label)> = entities(text).iter().map(|e| (&text[e.span.start..e.span.end], e.label)).collect();
        for w in *want {
            assert!(got.contains(w), "{text:?}: want {w:?}, got {got:?}");
        }
    }
    // False positives: no entities in plain lowercase prose or numbers.
    for text in ["the shares rose 5 percent on monday and fell again.", "", "   \n\n", "12 345 6.7 %"] {
        assert!(entities(text).is_empty(), "{text:?}");
    }
}

#[test]
fn entities_never_cross_line_breaks() {
    let text = "Talks with John\nKelly ended.\nBank of\nEngland";
    for e in entities(text) {
        assert!(!text[e.span].contains('\n'), "{:?}", &text[e.span.start..e.span.end]);
    }
}

#[test]
fn features_and_decoder_through_the_public_api() {
    let doc = Document::new("Mr. John Kelly visited Mexico City.");
    let mut ctx = DocContext::default();
    ctx.build(&doc, None);
    let mut f = Features::new(18, group::ALL);
    let sent = doc.sentences[0].clone();
    f.extract(&ctx, sent.clone(), 1);
    let john = f.idx.clone();
    f.extract(&ctx, sent, 2);
    assert_ne!(john, f.idx);
    assert!(john.iter().all(|&x| x < 1 << 18));
    // The decoder never outputs an entity cut open at the sentence end.
    let mut v = Viterbi::new();
    let mut emit = vec![0.0f32; 2 * NT];
    emit[decode::tag(0, Pos::B)] = 9.0;
    emit[NT + decode::tag(0, Pos::B)] = 9.0;
    let mut out = Vec::new();
    v.decode(&emit, &vec![0.0; (NT + 1) * NT], &mut out);
    assert!(decode::allowed_end(out[1] as usize));
}

/// The article the project started from: who and what it names.
#[test]
fn golden_article() {
    let Some(dir) = shared() else { return };
    let path = dir.join("articles/000_11e5508c510430c4.txt");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let found = entities(&text);
    let has = |name: &str, label: Label| found.iter().any(|e| &text[e.span.start..e.span.end] == name && e.label == label);
    let want = [
        ("John Kelly", Label::Per),
        ("Rex Tillerson", Label::Per),
        ("DHS", Label::Org),
        ("Pew Research Centre", Label::Org),
        ("Department of Homeland Security", Label::Org),
        ("Mexico City", Label::Loc),
        ("United States", Label::Loc),
    ];
    let listing: Vec<String> = found.iter().map(|e| format!("{}:{:?}", &text[e.span.start..e.span.end], e.label)).collect();
    for (name, label) in want {
        assert!(has(name, label), "{name} as {label:?} not found in {listing:?}");
    }
    // "White House": ORG by this project's contract; CoNLL-2003 itself labels
    // it LOC (12 of 12 times in train), so either is accepted from a model
    // trained on it, but it must be found as a name.
    assert!(has("White House", Label::Org) || has("White House", Label::Loc), "White House not found in {listing:?}");
    // Groups: every "Kelly" mention with "John Kelly", DHS with its full name.
    let group_of = |name: &str| -> Vec<u32> { found.iter().filter(|e| &text[e.span.start..e.span.end] == name).map(|e| e.group).collect() };
    let kelly = group_of("John Kelly")[0];
    assert!(group_of("Kelly").iter().all(|&g| g == kelly));
    let dhs = group_of("Department of Homeland Security")[0];
    assert!(group_of("DHS").iter().all(|&g| g == dhs));
    assert_ne!(kelly, dhs);
    assert_ne!(group_of("Rex Tillerson")[0], kelly);
}

/// Exact-span F1 on CoNLL-2003 dev (PER, ORG, LOC), computed as the project's
/// scorer does; a floor below the shipped model's score.
#[test]
fn dev_f1_floor() {
    let Some(dir) = shared() else { return };
    let path = dir.join("data/conll2003/dev.jsonl");
    let Ok(data) = std::fs::read_to_string(&path) else {
        eprintln!("notice: {} is absent; skipping", path.display());
        return;
    };
    let rec = EntityRecognizer::try_embedded().unwrap();
    let (mut tp, mut n_pred, mut n_gold) = (0usize, 0usize, 0usize);
    let scored = [Label::Per, Label::Org, Label::Loc];
    for line in data.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let text = v["text"].as_str().unwrap();
        let mut byte_at: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        byte_at.push(text.len());
        let gold: Vec<(Span, Label)> = v["entities"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                let s = byte_at[e["start"].as_u64().unwrap() as usize];
                let t = byte_at[e["end"].as_u64().unwrap() as usize];
                (Span::new(s, t), Label::parse(e["label"].as_str().unwrap()).unwrap())
            })
            .filter(|g| scored.contains(&g.1))
            .collect();
        let pred: Vec<(Span, Label)> =
            rec.entities(&Document::new(text)).iter().map(|e| (e.span, e.label)).filter(|p| scored.contains(&p.1)).collect();
        tp += pred.iter().filter(|p| gold.contains(p)).count();
        n_pred += pred.len();
        n_gold += gold.len();
    }
    let p = tp as f64 / n_pred.max(1) as f64;
    let r = tp as f64 / n_gold.max(1) as f64;
    let f1 = 2.0 * p * r / (p + r).max(1e-9);
    eprintln!("dev PER/ORG/LOC exact: P {p:.4} R {r:.4} F1 {f1:.4} ({n_gold} gold)");
    assert!(n_gold > 4000, "dev gold looks wrong: {n_gold}");
    assert!(f1 >= 0.925, "dev F1 {f1:.4} fell below the floor 0.925");
}
