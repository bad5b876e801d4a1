// temporary profiling driver (robust helper), deleted after use
use lede::numbers::NumberRecognizer;
use lede::{Document, Recognizer};
fn main() {
    let dir = std::path::PathBuf::from("/work/shared");
    let mut docs = Vec::new();
    for f in ["data/conll2003/dev.jsonl", "data/quotes/dev.jsonl"] {
        let data = std::fs::read_to_string(dir.join(f)).unwrap();
        for l in data.lines() {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            docs.push(v["text"].as_str().unwrap().to_string());
        }
    }
    let reps: usize = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(20);
    let built: Vec<Document> = docs.iter().map(|d| Document::new(d)).collect();
    let r = NumberRecognizer::new();
    let mut out = Vec::new();
    let mut n = 0;
    let t = std::time::Instant::now();
    for _ in 0..reps {
        n += measured(&r, &built, &mut out);
    }
    let bytes: usize = docs.iter().map(|d| d.len()).sum::<usize>() * reps;
    eprintln!("{n} figures, {:.1} MB/s", bytes as f64 / 1e6 / t.elapsed().as_secs_f64());
}

#[inline(never)]
fn measured(r: &NumberRecognizer, built: &[Document], out: &mut Vec<lede::Annotation>) -> usize {
    let mut n = 0;
    for d in built { out.clear(); r.recognize(d, out); n += out.len(); }
    n
}
