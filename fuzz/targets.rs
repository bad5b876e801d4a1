//! The fuzz targets' bodies, shared by the cargo-fuzz binaries
//! (`fuzz_targets/*.rs`, nightly) and the stable driver
//! (`examples/fuzz_stable.rs`), so both check exactly the same promises.
//! Each panics with a message naming the broken promise.
#![allow(dead_code)] // each binary uses only its own target

use lede::output::{to_json_spans, utf16_len};
use lede::invariants::highlighter_for_layers as highlighter;
use lede::{invariants, jsonl};

/// The targets by name, for the stable driver.
pub const TARGETS: &[(&str, fn(&[u8]))] = &[("analyze", analyze), ("jsonl", jsonl)];


/// The first byte picks the layers (its low 3 bits), the rest is the text,
/// decoded lossily as a browser hands a string with lone surrogates over.
pub fn analyze(data: &[u8]) {
    let (layers, rest) = data.split_first().map_or((7, data), |(b, r)| (*b, r));
    let text = String::from_utf8_lossy(rest);
    let found = highlighter(layers).analyze(&text);
    if let Err(e) = invariants::check(&text, &found) {
        panic!("analyze: {e}\ntext: {text:?}");
    }
    if let Err(e) = invariants::check_json(&text, &to_json_spans(&text, &found)) {
        panic!("analyze (JSON): {e}\ntext: {text:?}");
    }
}

/// The bytes as the CLI's JSONL input: every error line names a line that
/// exists, failures are counted once, and every output line is a
/// `{"id","spans"}` object whose spans' UTF-16 lengths match their text.
pub fn jsonl(data: &[u8]) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let failed = jsonl::annotate_lines(highlighter(7), data, &mut out, &mut err, "fuzz").expect("writing to memory succeeds");
    // Lines as `read_until` counts them: a last line needs no newline.
    let lines = data.iter().filter(|&&b| b == b'\n').count() + usize::from(data.last().is_some_and(|&b| b != b'\n'));
    let err = String::from_utf8(err).expect("error messages are UTF-8");
    let mut last = 0usize;
    let mut reported = 0;
    for e in err.lines() {
        let n: usize = e
            .strip_prefix("lede: fuzz:")
            .and_then(|r| r.split(':').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("jsonl: malformed error line {e:?}"));
        assert!(n > last && n <= lines, "jsonl: error for line {n} after {last} of {lines}: {e:?}");
        last = n;
        reported += 1;
    }
    assert_eq!(reported, failed, "jsonl: {failed} failures but {reported} error lines");
    let out = String::from_utf8(out).expect("output is UTF-8");
    let mut written = 0;
    for line in out.lines() {
        written += 1;
        let v: serde_json::Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("jsonl: output {line:?} is not JSON: {e}"));
        assert!(v.get("id").is_some(), "jsonl: output without id: {line}");
        let spans = v["spans"].as_array().unwrap_or_else(|| panic!("jsonl: output without spans: {line}"));
        for s in spans {
            let (start, end) = (s["start"].as_u64().unwrap() as usize, s["end"].as_u64().unwrap() as usize);
            let text = s["text"].as_str().unwrap();
            assert!(start < end && end - start == utf16_len(text), "jsonl: span {s} has wrong offsets");
        }
    }
    assert!(written + failed <= lines, "jsonl: {written} written + {failed} failed > {lines} lines");
}
