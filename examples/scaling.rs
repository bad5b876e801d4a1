//! Cost per doubling of input size for each adversarial input of issue 9,
//! from about 1 KB up: linear code costs about 2× per doubling, and a ratio
//! above 2.2× points at superlinear work.
//!
//! ```text
//! cargo run --release --example scaling -- [--max BYTES] [--only NAME] [--layers qne]
//!     [--runs N] [--instructions] [--imax BYTES] [--check]
//! ```
//!
//! Three measures per size, each of one analysis as the browser runs it
//! (analysis, UTF-16 conversion, JSON):
//! - **time**: the minimum of `--runs` runs (default 5; 3 over 1 MB). On a
//!   shared machine the minimum is the run least disturbed by others; the
//!   median of a loaded machine swings by 50%.
//! - **peak heap**: the most bytes allocated at once during the analysis
//!   (this binary counts its allocations), deterministic.
//! - **instructions** (`--instructions`): instructions executed, counted by
//!   valgrind's callgrind, which this binary runs on itself (one process per
//!   input, every size in it: callgrind dumps its counters before each
//!   measured call). Deterministic, so its ratios are free of noise: the
//!   check to trust on a loaded machine. Valgrind is about 50× slower, so
//!   these sizes stop at `--imax` (default 256 KB).
//!
//! `--layers` picks the layers to run (`q` quotes, `n` numbers, `e`
//! entities; `-` none, which leaves tokenizing, linking and output), to find
//! which stage a superlinear input hits.
//!
//! Verdicts (each at most 2.2): for time, the mean ratio per doubling over
//! the last three doublings (small sizes are noise); for heap, the largest
//! over the smallest heap per input byte from 64 KB up (buffers that double
//! their capacity make one doubling of the input cost up to 4× in heap while
//! the whole stays linear; superlinear memory grows the ratio with every
//! doubling); for instructions, which are exact, the worst single doubling
//! from 16 KB up. `--check` exits with status 1 when a verdict fails.

#[path = "../tests/support/adversarial.rs"]
mod adversarial;

use lede::output::to_json_spans;
use lede::{Highlighter, Options};
use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::Instant;

/// The ratio per doubling above which an input is called superlinear.
const LIMIT: f64 = 2.2;

/// Exact verdicts (heap, instructions) look at doublings from this size up,
/// where fixed costs no longer hide the slope.
const EXACT_FROM: usize = 16 * 1024;

/// The system allocator, counting live bytes and their peak.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc(layout);
        if !p.is_null() {
            let live = LIVE.fetch_add(layout.size(), Relaxed) + layout.size();
            PEAK.fetch_max(live, Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
        LIVE.fetch_sub(layout.size(), Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = System.realloc(ptr, layout, new_size);
        if !p.is_null() {
            if new_size >= layout.size() {
                let live = LIVE.fetch_add(new_size - layout.size(), Relaxed) + new_size - layout.size();
                PEAK.fetch_max(live, Relaxed);
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// One analysis as the browser runs it; returns the JSON length. Never
/// inlined: callgrind dumps its counters when this is entered, by name.
#[inline(never)]
fn scaling_measured(lede: &Highlighter, text: &str) -> usize {
    let found = lede.analyze(text);
    serde_json::to_string(&to_json_spans(text, &found)).expect("spans serialize").len()
}

/// (minimum seconds over `runs`, peak heap bytes above the input, JSON bytes).
fn time_and_heap(lede: &Highlighter, text: &str, runs: usize) -> (f64, usize, usize) {
    let mut best = f64::INFINITY;
    let mut out_len = 0;
    let base = LIVE.load(Relaxed);
    PEAK.store(base, Relaxed);
    for _ in 0..runs {
        let t = Instant::now();
        out_len = black_box(scaling_measured(lede, text));
        best = best.min(t.elapsed().as_secs_f64());
    }
    (best, PEAK.load(Relaxed) - base, out_len)
}

/// Sizes max/2^k down to about 1 KB, so each step is an exact doubling.
fn sizes(max: usize) -> Vec<usize> {
    let mut sizes = vec![max];
    while sizes[0] / 2 >= 1000 {
        sizes.insert(0, sizes[0] / 2);
    }
    sizes
}

/// Worst ratio between consecutive values whose size is at least `from`.
fn worst_ratio(rows: &[(usize, f64)], from: usize) -> f64 {
    rows.windows(2).filter(|w| w[0].0 >= from).map(|w| w[1].1 / w[0].1).fold(f64::NAN, f64::max)
}

fn fmt_ratio(r: Option<f64>) -> String {
    r.map_or(String::new(), |r| format!("{r:.2}"))
}

/// In the child run under valgrind: every size of `input`, each measured once.
fn child(lede: &Highlighter, input: &adversarial::Input, max: usize) {
    let texts: Vec<String> = sizes(max).into_iter().map(input.make).collect();
    // Warm-up: one-time setup (tables built on first use) is not counted.
    black_box(scaling_measured(lede, &(input.make)(1000)));
    for t in &texts {
        black_box(scaling_measured(lede, t));
    }
    // Closes the last size's dump.
    black_box(scaling_measured(lede, ""));
}

/// Instructions of each size of `input`, counted by callgrind; `None` when
/// valgrind is missing or fails.
fn instructions(input: &str, max: usize, layers: &str, dir: &Path) -> Option<Vec<u64>> {
    let exe = std::env::current_exe().ok()?;
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).ok()?;
    let status = Command::new("valgrind")
        .arg("--tool=callgrind")
        .arg(format!("--callgrind-out-file={}/cg.%p", dir.display()))
        .arg("--dump-before=*scaling_measured*")
        .arg("--dump-instr=no")
        .arg(exe)
        .args(["--child", input, "--max", &max.to_string(), "--layers", layers])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .ok()?;
    if !status.success() {
        return None;
    }
    // Dumps cg.PID.1 (start-up), .2 (warm-up), then one per size; the last
    // file (no number) holds the closing call.
    let mut parts: Vec<(u32, u64)> = std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            // "cg.PID.N"; the final "cg.PID" has no N.
            let n: u32 = name.split('.').nth(2)?.parse().ok()?;
            let text = std::fs::read_to_string(e.path()).ok()?;
            let total = text.lines().find_map(|l| l.strip_prefix("totals: "))?.trim().parse().ok()?;
            Some((n, total))
        })
        .collect();
    parts.sort();
    let counts: Vec<u64> = parts.iter().filter(|p| p.0 >= 3).map(|p| p.1).collect();
    let _ = std::fs::remove_dir_all(dir);
    (counts.len() == sizes(max).len()).then_some(counts)
}

fn valgrind_available() -> bool {
    Command::new("valgrind").arg("--version").output().is_ok_and(|o| o.status.success())
}

/// A JSON number, or `null` for NaN (not measured).
fn json_num(x: f64) -> String {
    if x.is_finite() {
        format!("{x:.3}")
    } else {
        "null".to_string()
    }
}

fn main() {
    let mut max = 10_000_000usize;
    let mut imax = 256 * 1024;
    let mut runs: Option<usize> = None;
    let mut only: Option<String> = None;
    let mut child_of: Option<String> = None;
    let mut check = false;
    let mut count_instructions = false;
    let mut layers = "qne".to_string();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--max" => max = args.next().and_then(|v| v.parse().ok()).expect("--max BYTES"),
            "--imax" => imax = args.next().and_then(|v| v.parse().ok()).expect("--imax BYTES"),
            "--runs" => runs = Some(args.next().and_then(|v| v.parse().ok()).expect("--runs N")),
            "--only" => only = args.next(),
            "--check" => check = true,
            "--instructions" => count_instructions = true,
            "--layers" => layers = args.next().expect("--layers qne"),
            "--child" => child_of = args.next(),
            "--bench" => {} // passed by `cargo bench`
            other => panic!("unexpected argument {other:?}"),
        }
    }
    let options = Options::default().quotes(layers.contains('q')).numbers(layers.contains('n')).entities(layers.contains('e'));
    let lede = Highlighter::new(options);
    if let Some(name) = child_of {
        let input = adversarial::INPUTS.iter().find(|i| i.name == name).expect("--child NAME");
        child(&lede, input, max);
        return;
    }
    if count_instructions && !valgrind_available() {
        eprintln!("scaling: valgrind not found, instruction counts skipped (apt-get install valgrind)");
        count_instructions = false;
    }
    let tmp = PathBuf::from(std::env::var_os("CARGO_TARGET_DIR").unwrap_or_else(|| "target".into())).join("scaling-callgrind");
    println!(
        "layers {layers}; time = minimum of {} runs; heap = peak bytes allocated during the analysis{}",
        runs.map_or("5 (3 over 1 MB)".to_string(), |r| r.to_string()),
        if count_instructions { format!("; instructions by callgrind up to {imax} bytes") } else { String::new() }
    );
    println!(
        "{:<18} {:>9} {:>10} {:>6} {:>7} {:>11} {:>6} {:>14} {:>6}",
        "input", "bytes", "min ms", "ratio", "MB/s", "peak heap", "ratio", "instructions", "ratio"
    );
    let mut failed = Vec::new();
    let mut summary: Vec<String> = Vec::new();
    for input in adversarial::INPUTS {
        if only.as_deref().is_some_and(|o| !input.name.contains(o)) {
            continue;
        }
        let all = sizes(max.max(imax));
        let instr = if count_instructions {
            let dir = tmp.join(input.name.replace(' ', "_"));
            let got = instructions(input.name, imax, &layers, &dir);
            if got.is_none() {
                eprintln!("scaling: callgrind failed for {}", input.name);
            }
            got
        } else {
            None
        };
        let mut times: Vec<(usize, f64)> = Vec::new();
        let mut heaps: Vec<(usize, f64)> = Vec::new();
        let mut counts: Vec<(usize, f64)> = Vec::new();
        for (k, &n) in all.iter().enumerate() {
            let count = instr.as_ref().and_then(|c| c.get(k)).copied();
            let timed = n <= max;
            if !timed && count.is_none() {
                continue;
            }
            let text = (input.make)(n);
            let (secs, heap, _) = if timed {
                time_and_heap(&lede, &text, runs.unwrap_or(if n <= 1 << 20 { 5 } else { 3 }))
            } else {
                (f64::NAN, 0, 0)
            };
            // Ratio to the size just below, when it was measured too.
            let below = k.checked_sub(1).map(|b| all[b]);
            let prev = |rows: &[(usize, f64)], x: f64| rows.last().filter(|p| Some(p.0) == below).map(|p| x / p.1);
            let (rt, rh) = if timed { (prev(&times, secs), prev(&heaps, heap as f64)) } else { (None, None) };
            let rc = count.and_then(|c| prev(&counts, c as f64));
            println!(
                "{:<18} {:>9} {:>10} {:>6} {:>7} {:>11} {:>6} {:>14} {:>6}",
                input.name,
                text.len(),
                if timed { format!("{:.3}", secs * 1e3) } else { String::new() },
                fmt_ratio(rt),
                if timed { format!("{:.1}", text.len() as f64 / secs / 1e6) } else { String::new() },
                if timed { heap.to_string() } else { String::new() },
                fmt_ratio(rh),
                count.map_or(String::new(), |c| c.to_string()),
                fmt_ratio(rc)
            );
            if timed {
                times.push((n, secs));
                heaps.push((n, heap as f64));
            }
            if let Some(c) = count {
                counts.push((n, c as f64));
            }
        }
        let last3 = |rows: &[(usize, f64)]| if rows.len() >= 4 { (rows[rows.len() - 1].1 / rows[rows.len() - 4].1).powf(1.0 / 3.0) } else { f64::NAN };
        let time3 = last3(&times);
        // Heap per input byte at the largest size over that at 64 KB:
        // buffers that double their capacity make it step up and down by up
        // to 2× from one size to the next while staying linear; superlinear
        // memory keeps growing it.
        let per_byte: Vec<f64> = heaps.iter().filter(|h| h.0 >= 64 * 1024).map(|h| h.1 / h.0 as f64).collect();
        let heap_growth = match (per_byte.first(), per_byte.last()) {
            (Some(first), Some(last)) if per_byte.len() >= 2 => last / first,
            _ => f64::NAN,
        };
        let worst_time = worst_ratio(&times, 64 * 1024);
        let worst_heap = worst_ratio(&heaps, EXACT_FROM);
        let worst_count = worst_ratio(&counts, EXACT_FROM);
        // The verdict reads instruction counts, which are exact, where
        // callgrind ran; wall time on a shared machine swings by more than
        // the 10% the limit allows, so it only decides without them.
        // NaN (too few sizes) passes: there is nothing to judge.
        let ok = |r: f64| r.is_nan() || r <= LIMIT;
        let work = if counts.len() >= 2 { worst_count } else { time3 };
        let verdict = ok(work) && ok(heap_growth);
        println!(
            "{:<18} per doubling: instructions worst {worst_count:.2}; time last three {time3:.2} (worst >= 64 KB {worst_time:.2}); heap per byte 64 KB → largest {heap_growth:.2} (worst doubling {worst_heap:.2}) -> {}\n",
            input.name,
            if verdict { "linear" } else { "SUPERLINEAR" }
        );
        summary.push(format!(
            "{{\"input\":{:?},\"instructionsWorstDoubling\":{},\"timeLastThree\":{},\"heapGrowth\":{},\"linear\":{verdict}}}",
            input.name,
            json_num(worst_count),
            json_num(time3),
            json_num(heap_growth)
        ));
        if !verdict {
            failed.push(input.name);
        }
    }
    // For the budget table of bench/browser.mjs.
    if only.is_none() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench");
        let _ = std::fs::create_dir_all(&dir);
        let json = format!("{{\"limit\":{LIMIT},\"inputs\":[{}]}}\n", summary.join(","));
        if let Err(e) = std::fs::write(dir.join("scaling.json"), json) {
            eprintln!("scaling: could not write target/bench/scaling.json: {e}");
        }
    }
    if check && !failed.is_empty() {
        eprintln!("scaling: superlinear: {}", failed.join(", "));
        std::process::exit(1);
    }
}
