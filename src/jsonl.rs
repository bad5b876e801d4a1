//! The CLI's JSONL reader: `{"id","text"}` lines in, `{"id","spans"}` lines out.
//!
//! It lives in the library (not in `src/bin/lede.rs`) so that the fuzzers and
//! tests drive exactly the code the command line runs. One bad line (invalid
//! UTF-8, malformed JSON, a missing field) is reported with its line number and
//! skipped; every other line is still annotated.
//!
//! ```
//! use lede::{Highlighter, Options};
//! let lede = Highlighter::new(Options::default());
//! let input = b"{\"id\":1,\"text\":\"Kelly said 11 million.\"}\nnot json\n";
//! let (mut out, mut err) = (Vec::new(), Vec::new());
//! let failed = lede::jsonl::annotate_lines(&lede, &input[..], &mut out, &mut err, "in").unwrap();
//! assert_eq!(failed, 1);
//! assert!(String::from_utf8(out).unwrap().starts_with("{\"id\":1,\"spans\":["));
//! assert!(String::from_utf8(err).unwrap().starts_with("lede: in:2: "));
//! ```

use crate::output::{to_json_spans, write_json};
use crate::Highlighter;
use serde::Deserialize;
use std::fmt;
use std::io::{self, BufRead, Write};

/// One input line.
#[derive(Deserialize)]
struct Input {
    id: serde_json::Value,
    text: String,
}

/// Why a line was skipped.
#[derive(Debug)]
pub enum LineError {
    /// The line is not UTF-8.
    Utf8(std::str::Utf8Error),
    /// The line is not a JSON object with `id` and a string `text`.
    Json(serde_json::Error),
}

impl fmt::Display for LineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LineError::Utf8(e) => write!(f, "invalid UTF-8 ({e})"),
            LineError::Json(e) => write!(f, "expected {{\"id\",\"text\"}}: {e}"),
        }
    }
}

impl std::error::Error for LineError {}

/// Annotates one line (without or with its trailing newline) and returns the
/// output line without a newline, or `None` for a blank line.
pub fn annotate_line(lede: &Highlighter, line: &[u8]) -> Result<Option<String>, LineError> {
    let line = std::str::from_utf8(line).map_err(LineError::Utf8)?.trim();
    if line.is_empty() {
        return Ok(None);
    }
    let input: Input = serde_json::from_str(line).map_err(LineError::Json)?;
    let found = lede.analyze(&input.text);
    let spans = to_json_spans(&input.text, &found);
    // The id as it came (any JSON value), then the spans through the same
    // writer as the wasm binding, so both emit byte-identical JSON.
    let mut out = String::with_capacity(64 + input.text.len() * 2);
    out.push_str("{\"id\":");
    out.push_str(&serde_json::to_string(&input.id).expect("a parsed JSON value serializes"));
    out.push_str(",\"spans\":");
    write_json(&spans, &mut out);
    out.push('}');
    Ok(Some(out))
}

/// Annotates every line of `reader` into `out`; a bad line is reported on
/// `errors` as `lede: NAME:LINE: reason` and skipped. Returns how many lines
/// failed; an `Err` only for a failed read or write.
pub fn annotate_lines(
    lede: &Highlighter,
    mut reader: impl BufRead,
    out: &mut impl Write,
    errors: &mut impl Write,
    name: &str,
) -> io::Result<usize> {
    let mut failures = 0;
    let mut buf = Vec::new();
    let mut line_no = 0usize;
    loop {
        buf.clear();
        // Raw bytes, so that one line of invalid UTF-8 does not end the run.
        if reader.read_until(b'\n', &mut buf)? == 0 {
            break;
        }
        line_no += 1;
        match annotate_line(lede, &buf) {
            Ok(Some(line)) => {
                out.write_all(line.as_bytes())?;
                out.write_all(b"\n")?;
            }
            Ok(None) => {}
            Err(e) => {
                writeln!(errors, "lede: {name}:{line_no}: {e}")?;
                failures += 1;
            }
        }
    }
    Ok(failures)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Options;

    fn run(input: &[u8]) -> (usize, String, String) {
        let lede = Highlighter::new(Options::default());
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let n = annotate_lines(&lede, input, &mut out, &mut err, "f").unwrap();
        (n, String::from_utf8(out).unwrap(), String::from_utf8(err).unwrap())
    }

    #[test]
    fn good_lines_round_trip_ids() {
        let (n, out, err) = run(b"{\"id\":\"a\",\"text\":\"x\"}\n\n  \n{\"id\":[1,{}],\"text\":\"\"}");
        assert_eq!((n, err.as_str()), (0, ""));
        assert_eq!(out, "{\"id\":\"a\",\"spans\":[]}\n{\"id\":[1,{}],\"spans\":[]}\n");
    }

    #[test]
    fn bad_lines_are_numbered_and_skipped() {
        let cases: &[(&[u8], &str)] = &[
            (b"\xff\xfe\n", "lede: f:1: invalid UTF-8"),
            (b"{\"id\":1}\n", "lede: f:1: expected {\"id\",\"text\"}"),
            (b"{\"id\":1,\"text\":5}\n", "lede: f:1: expected"),
            (b"[1,2]\n", "lede: f:1: expected"),
            (b"{\"id\":1,\"text\":\"\\ud800\"}\n", "lede: f:1: expected"),
            (b"{\"id\":1,\"text\":\"a\"} trailing\n", "lede: f:1: expected"),
        ];
        for (bad, want) in cases {
            let mut input = bad.to_vec();
            input.extend_from_slice(b"{\"id\":2,\"text\":\"ok\"}\n");
            let (n, out, err) = run(&input);
            assert_eq!(n, 1, "{bad:?}");
            assert!(err.starts_with(want), "{bad:?}: {err}");
            assert_eq!(out, "{\"id\":2,\"spans\":[]}\n", "{bad:?}");
        }
    }
}
