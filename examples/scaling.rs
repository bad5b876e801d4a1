//! Time per doubling of input size for each adversarial input of issue 9,
//! from about 1 KB to 10 MB: linear code costs about 2× per doubling, and a
//! ratio above 2.2× points at superlinear work.
//!
//! ```text
//! cargo run --release --example scaling -- [--max BYTES] [--only NAME] [--layers qne] [--check]
//! ```
//!
//! `--layers` picks the layers to time (`q` quotes, `n` numbers, `e`
//! entities; `-` none, which leaves tokenizing, linking and output), to find
//! which stage a superlinear input hits.
//!
//! Each size is timed end to end as the browser runs it (analysis, UTF-16
//! conversion, JSON), median of several runs. Small sizes are noisy, so the
//! verdict uses the sizes from 64 KB up and the average per doubling over the
//! last three doublings. `--check` exits with status 1 when a verdict fails.

#[path = "../tests/support/adversarial.rs"]
mod adversarial;

use lede::output::to_json_spans;
use lede::{Highlighter, Options};
use std::time::Instant;

/// The ratio per doubling above which an input is called superlinear.
const LIMIT: f64 = 2.2;

fn median_secs(lede: &Highlighter, text: &str, runs: usize) -> (f64, usize) {
    let mut times = Vec::with_capacity(runs);
    let mut out_len = 0;
    for _ in 0..runs {
        let t = Instant::now();
        let found = lede.analyze(text);
        let json = serde_json::to_string(&to_json_spans(text, &found)).expect("spans serialize");
        times.push(t.elapsed().as_secs_f64());
        out_len = json.len();
    }
    times.sort_by(f64::total_cmp);
    (times[runs / 2], out_len)
}

fn main() {
    let mut max = 10_000_000usize;
    let mut only: Option<String> = None;
    let mut check = false;
    let mut options = Options::default();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--max" => max = args.next().and_then(|v| v.parse().ok()).expect("--max BYTES"),
            "--only" => only = args.next(),
            "--check" => check = true,
            "--layers" => {
                let l = args.next().expect("--layers qne");
                options = options.quotes(l.contains('q')).numbers(l.contains('n')).entities(l.contains('e'));
            }
            "--bench" => {} // passed by `cargo bench`
            other => panic!("unexpected argument {other:?}"),
        }
    }
    let lede = Highlighter::new(options);
    // Sizes max/2^k down to about 1 KB, so each step is an exact doubling.
    let mut sizes = vec![max];
    while sizes[0] / 2 >= 1000 {
        sizes.insert(0, sizes[0] / 2);
    }
    let mut failed = Vec::new();
    println!("{:<18} {:>10} {:>10} {:>8} {:>8} {:>10}", "input", "bytes", "ms", "ratio", "MB/s", "json bytes");
    for input in adversarial::INPUTS {
        if only.as_deref().is_some_and(|o| !input.name.contains(o)) {
            continue;
        }
        let mut rows: Vec<(usize, f64)> = Vec::new();
        for &n in &sizes {
            let text = (input.make)(n);
            let runs = if n <= 1 << 20 { 7 } else { 3 };
            let (secs, out_len) = median_secs(&lede, &text, runs);
            let ratio = rows.last().map(|&(_, prev)| secs / prev);
            println!(
                "{:<18} {:>10} {:>10.3} {:>8} {:>8.1} {:>10}",
                input.name,
                text.len(),
                secs * 1e3,
                ratio.map_or(String::new(), |r| format!("{r:.2}")),
                text.len() as f64 / secs / 1e6,
                out_len
            );
            rows.push((text.len(), secs));
        }
        // Worst single doubling from 64 KB up, and the mean over the last three.
        let big: Vec<&(usize, f64)> = rows.iter().filter(|r| r.0 >= 64 * 1024).collect();
        let worst = big.windows(2).map(|w| w[1].1 / w[0].1).fold(0.0, f64::max);
        let last3 = if rows.len() >= 4 { (rows[rows.len() - 1].1 / rows[rows.len() - 4].1).powf(1.0 / 3.0) } else { f64::NAN };
        let ok = last3.is_nan() || last3 <= LIMIT;
        println!(
            "{:<18} per doubling: last three {last3:.2}, worst single (>= 64 KB) {worst:.2} -> {}\n",
            input.name,
            if ok { "linear" } else { "SUPERLINEAR" }
        );
        if !ok {
            failed.push(input.name);
        }
    }
    if check && !failed.is_empty() {
        eprintln!("scaling: superlinear: {}", failed.join(", "));
        std::process::exit(1);
    }
}
