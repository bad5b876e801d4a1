//! Native throughput of lede, stage by stage, and how time scales with input
//! size. Run with `cargo bench --bench native` (or `make bench`, which also
//! runs the browser comparison against compromise and wink-nlp).
//!
//! Corpus: every document of the CoNLL-2003 and PolNeAR dev sets and the
//! articles in `$LEDE_SHARED` (default `../shared`), read at run time. Each
//! measurement is the shortest of several timed runs after a warm-up, the
//! rows taking turns round by round, so that a slow spell of the shared
//! machine falls on every row alike rather than on one. Two counts of the
//! text: "tokens" are lede's tokens (words, numbers and punctuation marks, as
//! CoNLL counts them: the unit of the issues' budget), "words" are
//! whitespace-separated words, the count the browser benchmark uses for
//! every tool, so that ratios against peers compare like with like.
//!
//! Rows: whole pipelines from raw text ("tokenize + numbers" is what an
//! analysis with only numbers on costs), then tokenizing alone and each
//! stage alone on documents tokenized beforehand, as
//! `Highlighter::analyze_document` runs them: issue 4's "numbers stage ≥ 50
//! MB/s" is the "numbers stage alone" row.
//!
//! Output: a Markdown table on stdout and `target/bench/native.json`.
//! `cargo bench --bench native -- --no-scaling` skips the size sweep.

use lede::output::to_json_spans;
use lede::entities::EntityRecognizer;
use lede::numbers::NumberRecognizer;
use lede::quotes::QuoteRecognizer;
use lede::{Document, Highlighter, Options, Recognizer};
use std::fmt::Write as _;
use std::hint::black_box;
use std::time::{Duration, Instant};

fn shared_dir() -> std::path::PathBuf {
    std::env::var_os("LEDE_SHARED").map(Into::into).unwrap_or_else(|| "../shared".into())
}

/// The `text` field of every line of a JSONL file.
fn jsonl_texts(path: &std::path::Path) -> Vec<String> {
    let Ok(data) = std::fs::read_to_string(path) else {
        eprintln!("bench: {} not found, skipped", path.display());
        return Vec::new();
    };
    data.lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v.get("text").and_then(|t| t.as_str()).map(str::to_string))
        .collect()
}

fn corpus() -> Vec<String> {
    let dir = shared_dir();
    let mut docs = jsonl_texts(&dir.join("data/conll2003/dev.jsonl"));
    docs.extend(jsonl_texts(&dir.join("data/quotes/dev.jsonl")));
    if let Ok(entries) = std::fs::read_dir(dir.join("articles")) {
        let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "txt")).collect();
        paths.sort();
        docs.extend(paths.iter().filter_map(|p| std::fs::read_to_string(p).ok()));
    }
    docs
}

fn words(text: &str) -> usize {
    text.split_whitespace().count()
}

/// Shortest wall time of `runs` calls of `f` after one warm-up call: on a
/// shared machine the shortest run is the one least disturbed by others
/// (the median of a loaded 2-core machine swings by half).
fn best_time(runs: usize, mut f: impl FnMut()) -> Duration {
    f();
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

struct Row {
    name: &'static str,
    secs: f64,
}

/// Every case's wall time in each of `runs` rounds (`[case][round]`), after
/// one warm-up round; every round runs every case once, in turn.
fn round_robin(runs: usize, cases: &mut [(&'static str, Box<dyn FnMut() + '_>)]) -> Vec<Vec<f64>> {
    let mut times = vec![Vec::with_capacity(runs); cases.len()];
    for round in 0..=runs {
        for (i, (_, f)) in cases.iter_mut().enumerate() {
            let t = Instant::now();
            f();
            let took = t.elapsed().as_secs_f64();
            if round > 0 {
                times[i].push(took);
            }
        }
    }
    times
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

fn main() {
    // `cargo bench` passes `--bench`; `--no-scaling` skips the size sweep.
    let scaling_sweep = !std::env::args().any(|a| a == "--no-scaling");
    let docs = corpus();
    if docs.is_empty() {
        eprintln!("bench: no corpus under {} (set LEDE_SHARED)", shared_dir().display());
        std::process::exit(2);
    }
    let bytes: usize = docs.iter().map(String::len).sum();
    let word_count: usize = docs.iter().map(|d| words(d)).sum();
    let token_count: usize = docs.iter().map(|d| Document::new(d).tokens.len()).sum();
    let runs = std::env::var("LEDE_BENCH_RUNS").ok().and_then(|s| s.parse().ok()).unwrap_or(15);

    let none = Options::default().quotes(false).numbers(false).entities(false);
    let built: Vec<Document<'_>> = docs.iter().map(|d| Document::new(d)).collect();
    // One case per row. Whole pipelines run from raw text ("tokenize +
    // numbers" is what an analysis with only numbers on costs); "… stage
    // alone" rows run on documents tokenized beforehand, the way
    // `Highlighter::analyze_document` runs them, so a row is that stage's own cost.
    let pipeline = |opts: Options| {
        let h = Highlighter::new(opts);
        let docs = &docs;
        Box::new(move || {
            for d in docs {
                black_box(h.analyze(d));
            }
        }) as Box<dyn FnMut() + '_>
    };
    let stage = |r: Box<dyn Recognizer>| {
        let built = &built;
        let mut out = Vec::new();
        Box::new(move || {
            for doc in built {
                out.clear();
                r.recognize(doc, &mut out);
                black_box(out.len());
            }
        }) as Box<dyn FnMut() + '_>
    };
    let json_out = {
        let h = Highlighter::new(Options::default());
        let docs = &docs;
        Box::new(move || {
            for d in docs {
                let found = h.analyze(d);
                black_box(serde_json::to_string(&to_json_spans(d, &found)).unwrap());
            }
        }) as Box<dyn FnMut() + '_>
    };
    let tokenize = Box::new(|| {
        for d in &docs {
            black_box(Document::new(d).tokens.len());
        }
    }) as Box<dyn FnMut() + '_>;
    let mut cases: Vec<(&'static str, Box<dyn FnMut() + '_>)> = vec![
        ("full analysis", pipeline(Options::default())),
        ("tokenize + entities", pipeline(none.entities(true))),
        ("tokenize + numbers", pipeline(none.numbers(true))),
        ("tokenize + quotes", pipeline(none.quotes(true))),
        ("tokenize (Document::new)", tokenize),
        ("numbers stage alone", stage(Box::new(NumberRecognizer::new()))),
        ("quotes stage alone", stage(Box::new(QuoteRecognizer::new()))),
        ("entities stage alone", stage(Box::new(EntityRecognizer::embedded()))),
        ("full without quotes", pipeline(Options::default().quotes(false))),
        ("full + JSON output", json_out),
    ];
    let times = round_robin(runs.max(1), &mut cases);
    let rows: Vec<Row> = cases.iter().zip(&times).map(|((name, _), t)| Row { name, secs: t.iter().copied().fold(f64::MAX, f64::min) }).collect();
    // The quote stage's share, paired round by round (both runs of a round
    // see the same machine), then the median: steadier than two minima.
    let at = |name: &str| cases.iter().position(|(n, _)| *n == name).unwrap();
    let quote_share = median(times[at("full analysis")].iter().zip(&times[at("full without quotes")]).map(|(f, n)| f / n - 1.0).collect());
    drop(cases);

    let mut md = String::new();
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    writeln!(md, "### Native, one thread ({} documents, {:.2} MB, {} tokens, {} words; {} cores; best of {runs} rounds)\n", docs.len(), bytes as f64 / 1e6, token_count, word_count, cores).unwrap();
    writeln!(md, "| stage | time (ms) | tokens/s | words/s | MB/s |").unwrap();
    writeln!(md, "|---|---:|---:|---:|---:|").unwrap();
    for r in &rows {
        writeln!(md, "| {} | {:.1} | {:.0} | {:.0} | {:.1} |", r.name, r.secs * 1e3, token_count as f64 / r.secs, word_count as f64 / r.secs, bytes as f64 / 1e6 / r.secs).unwrap();
    }
    writeln!(md, "\nThe quote stage adds {:.1}% to a full analysis (median over the rounds of full ÷ full without quotes).", quote_share * 100.0).unwrap();

    // Scaling: the corpus repeated to 1 KB … 8 MB, doubling each step.
    let full = Highlighter::new(Options::default());
    let joined = docs.join("\n\n");
    let mut scaling = Vec::new();
    writeln!(md, "\n### Scaling (full analysis of the corpus cut/repeated to size)\n").unwrap();
    writeln!(md, "| size | time (ms) | × previous |").unwrap();
    writeln!(md, "|---:|---:|---:|").unwrap();
    let mut size = 1024usize;
    let mut prev: Option<f64> = None;
    while scaling_sweep && size <= 8 << 20 {
        let text = repeat_to(&joined, size);
        let r = if size >= 1 << 20 { 3 } else { runs };
        let secs = best_time(r, || {
            black_box(full.analyze(&text));
        })
        .as_secs_f64();
        let ratio = prev.map(|p| secs / p);
        writeln!(md, "| {} | {:.3} | {} |", human(size), secs * 1e3, ratio.map_or("".into(), |x| format!("{x:.2}"))).unwrap();
        scaling.push(serde_json::json!({"bytes": size, "secs": secs, "ratio": ratio}));
        prev = Some(secs);
        size *= 2;
    }
    print!("{md}");

    let json = serde_json::json!({
        "cores": cores,
        "documents": docs.len(),
        "bytes": bytes,
        "words": word_count,
        "tokens": token_count,
        "runs": runs,
        "quote_share": quote_share,
        "stages": rows.iter().map(|r| serde_json::json!({
            "stage": r.name, "secs": r.secs,
            "words_per_sec": word_count as f64 / r.secs,
            "tokens_per_sec": token_count as f64 / r.secs,
            "mb_per_sec": bytes as f64 / 1e6 / r.secs,
        })).collect::<Vec<_>>(),
        "scaling": scaling,
    });
    std::fs::create_dir_all("target/bench").unwrap();
    std::fs::write("target/bench/native.json", serde_json::to_string_pretty(&json).unwrap()).unwrap();
    std::fs::write("target/bench/native.md", md).unwrap();
}

/// `text` repeated and cut (on a char boundary) to `size` bytes.
fn repeat_to(text: &str, size: usize) -> String {
    let mut s = String::with_capacity(size + 4);
    while s.len() < size {
        s.push_str(text);
        s.push_str("\n\n");
    }
    let mut end = size;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s.truncate(end);
    s
}

fn human(n: usize) -> String {
    if n >= 1 << 20 {
        format!("{} MB", n >> 20)
    } else {
        format!("{} KB", n >> 10)
    }
}
