//! A fuzz driver for the stable toolchain: where cargo-fuzz or nightly is
//! missing, `make fuzz` runs this instead. It has no coverage feedback; it
//! mutates the committed seeds (`fuzz/corpus/seed/<target>/`), any corpus the
//! nightly fuzzers grew, and the shared articles (`$LEDE_SHARED`), with edits
//! biased towards what breaks offsets and scanners (multi-byte characters,
//! quote marks, digits, line breaks, invalid UTF-8), and runs the same target
//! bodies as the cargo-fuzz binaries (`fuzz/targets.rs`).
//!
//! ```text
//! cargo run --release --example fuzz_stable -- [--seconds N] [--target analyze|jsonl] [--seed S]
//! ```
//!
//! A panicking input is written to `fuzz/artifacts/stable-<target>/` and the
//! run exits with status 1 after all targets ran.

#[path = "../fuzz/targets.rs"]
mod targets;

use std::panic;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Byte strings worth inserting, one per line.
const TOKENS: &[&[u8]] = &[
    "\u{201C}".as_bytes(),
    "\u{201D}".as_bytes(),
    "\u{2018}".as_bytes(),
    "\u{2019}".as_bytes(),
    "\u{00AB}".as_bytes(),
    "\u{00BB}".as_bytes(),
    b"\"",
    b"'",
    b"\n",
    b"\r\n",
    "\u{2028}".as_bytes(),
    "\u{2029}".as_bytes(),
    "\u{0085}".as_bytes(),
    "\u{1F600}".as_bytes(),
    "\u{1F469}\u{200D}\u{1F52C}".as_bytes(),
    "\u{0301}".as_bytes(),
    "\u{05E9}\u{05DC}".as_bytes(),
    "\u{202E}".as_bytes(),
    "\u{FFFD}".as_bytes(),
    "\u{4E2D}".as_bytes(),
    "\u{0130}".as_bytes(),
    "\u{00BD}".as_bytes(),
    b"\x00",
    b"\xff",
    b"\xed\xa0\x80",
    b"\xf0\x9f",
    b" said ",
    b" told ",
    b" according to ",
    b" he ",
    b"Mr. ",
    b"U.S.",
    b"'s",
    b" - ",
    "\u{2014}".as_bytes(),
    b": ",
    b", ",
    b". ",
    b"$",
    b"%",
    "\u{20AC}".as_bytes(),
    b"1,234.5",
    b"11",
    b"0",
    b" million",
    b" percent",
    b" km",
    b" years old",
    b"20-30",
    b"between 5 and 7",
    b"1996-08-30",
    b"21st",
    b"3/4",
    b"John Kelly",
    b"Centre",
    b" in ",
    b"{\"id\":1,\"text\":\"",
    b"\"}\n",
    b"\\u",
    b"\\ud800",
    b"\\n",
];

/// xorshift64*: deterministic for a given `--seed`.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Applies one random edit to `data`, keeping it under `max_len` bytes.
fn mutate(rng: &mut Rng, data: &mut Vec<u8>, corpus: &[Vec<u8>], max_len: usize) {
    let at = rng.below(data.len() + 1);
    match rng.below(9) {
        0 | 1 | 2 => {
            let t = TOKENS[rng.below(TOKENS.len())];
            data.splice(at..at, t.iter().copied());
        }
        3 => {
            // A random char of any plane.
            let c = char::from_u32(rng.below(0x11_0000) as u32).unwrap_or('\u{FFFD}');
            let mut buf = [0; 4];
            data.splice(at..at, c.encode_utf8(&mut buf).bytes());
        }
        4 => {
            let end = (at + rng.below(16)).min(data.len());
            data.drain(at..end);
        }
        5 => {
            // Repeat a slice: runs of marks, digits or capitals.
            let end = (at + 1 + rng.below(8)).min(data.len());
            let piece = data[at.min(end)..end].to_vec();
            for _ in 0..rng.below(64) {
                data.splice(end..end, piece.iter().copied());
            }
        }
        6 => {
            if let Some(b) = data.get_mut(at) {
                *b ^= 1 << rng.below(8);
            }
        }
        7 => {
            // Splice in part of another input.
            let other = &corpus[rng.below(corpus.len())];
            let s = rng.below(other.len() + 1);
            let e = (s + rng.below(256)).min(other.len());
            data.splice(at..at, other[s..e].iter().copied());
        }
        _ => data.truncate(at),
    }
    data.truncate(max_len);
}

fn read_dir_files(dir: &Path, max_len: usize, out: &mut Vec<Vec<u8>>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_file()).collect();
    paths.sort();
    for p in paths {
        if let Ok(mut d) = std::fs::read(&p) {
            d.truncate(max_len);
            out.push(d);
        }
    }
}

/// A short name for an input: FNV-1a of its bytes.
fn hash(data: &[u8]) -> u64 {
    data.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| (h ^ b as u64).wrapping_mul(0x100_0000_01b3))
}

fn main() {
    let mut seconds = 30.0f64;
    let mut only: Option<String> = None;
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().unwrap_or_else(|| panic!("{a} needs a value"));
        match a.as_str() {
            "--seconds" => seconds = value().parse().expect("--seconds N"),
            "--target" => only = Some(value()),
            "--seed" => seed = value().parse().expect("--seed S"),
            other => panic!("unexpected argument {other:?}"),
        }
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let shared = std::env::var_os("LEDE_SHARED").map(PathBuf::from).unwrap_or_else(|| root.join("../shared"));
    let max_len = 64 * 1024;
    // Panics are expected findings: report them once each, not with a backtrace per input.
    panic::set_hook(Box::new(|_| {}));
    let mut crashed = 0;
    for &(name, target) in targets::TARGETS {
        if only.as_deref().is_some_and(|o| o != name) {
            continue;
        }
        let mut corpus = Vec::new();
        read_dir_files(&root.join("fuzz/corpus/seed").join(name), max_len, &mut corpus);
        read_dir_files(&root.join("fuzz/corpus").join(name), max_len, &mut corpus);
        let seeds = corpus.len();
        if name == "analyze" {
            // Real articles, prefixed with the layers byte ("G": all layers).
            let mut articles = Vec::new();
            read_dir_files(&shared.join("articles"), max_len, &mut articles);
            corpus.extend(articles.into_iter().map(|a| [b"G".as_slice(), &a].concat()));
        }
        if corpus.is_empty() {
            corpus.push(Vec::new());
        }
        let mut rng = Rng(seed ^ hash(name.as_bytes()));
        let (start, budget) = (Instant::now(), Duration::from_secs_f64(seconds));
        let (mut runs, mut crashes) = (0u64, 0u64);
        while start.elapsed() < budget {
            let mut data = corpus[rng.below(corpus.len())].clone();
            for _ in 0..1 + rng.below(6) {
                mutate(&mut rng, &mut data, &corpus, max_len);
            }
            runs += 1;
            if let Err(e) = panic::catch_unwind(|| target(&data)) {
                crashes += 1;
                let dir = root.join("fuzz/artifacts").join(format!("stable-{name}"));
                std::fs::create_dir_all(&dir).expect("create artifacts dir");
                let path = dir.join(format!("crash-{:016x}", hash(&data)));
                std::fs::write(&path, &data).expect("write crash input");
                let msg = e.downcast_ref::<String>().map(String::as_str).or_else(|| e.downcast_ref::<&str>().copied()).unwrap_or("?");
                let msg: String = msg.chars().take(300).collect();
                eprintln!("fuzz_stable: {name}: CRASH saved to {}: {msg}", path.display());
            } else if corpus.len() < 4096 && rng.below(64) == 0 {
                // Keep some mutants so edits accumulate.
                corpus.push(data);
            }
        }
        let secs = start.elapsed().as_secs_f64();
        println!(
            "fuzz_stable: {name}: {runs} runs in {secs:.1} s ({:.0}/s), {seeds} seeds, {crashes} crashes",
            runs as f64 / secs
        );
        crashed += crashes;
    }
    if crashed > 0 {
        std::process::exit(1);
    }
}
