//! The `lede` binary end to end (issue 9): JSONL in, JSONL out; a malformed
//! or non-UTF-8 line is reported on stderr with its line number, the other
//! lines are still annotated, and the exit status is 1; `--text FILE` prints
//! one JSON array.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn lede(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_lede"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run lede");
    // Write from another thread: a large output must not block on a full pipe.
    let mut pipe = child.stdin.take().unwrap();
    let input = stdin.to_vec();
    let writer = std::thread::spawn(move || pipe.write_all(&input));
    let out = child.wait_with_output().expect("wait for lede");
    writer.join().unwrap().expect("write stdin");
    out
}

fn lines(bytes: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8(bytes.to_vec())
        .expect("stdout is UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l:?} is not JSON: {e}")))
        .collect()
}

/// A scratch file removed on drop.
struct TempFile(std::path::PathBuf);

impl TempFile {
    fn new(name: &str, contents: &[u8]) -> TempFile {
        let path = std::env::temp_dir().join(format!("lede-cli-{}-{name}", std::process::id()));
        std::fs::write(&path, contents).unwrap();
        TempFile(path)
    }
    fn path(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

#[test]
fn valid_jsonl_round_trips_ids_and_utf16_offsets() {
    let input = "{\"id\":\"a\",\"text\":\"\u{1F600} Kelly said 11 million people live there.\"}\n\
                 {\"id\":7,\"text\":\"\"}\n\
                 \n\
                 {\"id\":{\"doc\":[1,2]},\"text\":\"\u{201C}Yes,\u{201D} said Ana Ruiz.\",\"extra\":true}\n";
    let out = lede(&["annotate"], input.as_bytes());
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stderr.is_empty(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    let got = lines(&out.stdout);
    let ids: Vec<&serde_json::Value> = got.iter().map(|v| &v["id"]).collect();
    assert_eq!(ids, [&serde_json::json!("a"), &serde_json::json!(7), &serde_json::json!({"doc": [1, 2]})]);
    assert_eq!(got[1]["spans"], serde_json::json!([]));
    // Offsets are UTF-16 units of the input text: slicing them gives each span's text.
    let text: Vec<u16> = "\u{1F600} Kelly said 11 million people live there.".encode_utf16().collect();
    let spans = got[0]["spans"].as_array().unwrap();
    assert!(!spans.is_empty());
    for s in spans {
        let (start, end) = (s["start"].as_u64().unwrap() as usize, s["end"].as_u64().unwrap() as usize);
        assert_eq!(String::from_utf16(&text[start..end]).unwrap(), s["text"].as_str().unwrap());
    }
}

#[test]
fn bad_lines_are_reported_by_number_and_the_rest_still_run() {
    let mut input = Vec::new();
    input.extend_from_slice(b"{\"id\":1,\"text\":\"Kelly said 5 km.\"}\n"); // line 1
    input.extend_from_slice(b"{\"id\":2,\"text\":\"unterminated}\n"); // line 2: malformed JSON
    input.extend_from_slice(b"{\"id\":3,\"text\":\"caf\xe9 \xff\"}\n"); // line 3: Latin-1, not UTF-8
    input.extend_from_slice(b"{\"id\":4}\n"); // line 4: no text
    input.extend_from_slice(b"{\"id\":5,\"text\":\"Ruiz paid $3.\"}"); // line 5, no final newline
    let out = lede(&["annotate"], &input);
    assert_eq!(out.status.code(), Some(1), "exit status");
    let ids: Vec<u64> = lines(&out.stdout).iter().map(|v| v["id"].as_u64().unwrap()).collect();
    assert_eq!(ids, [1, 5]);
    let err = String::from_utf8(out.stderr).unwrap();
    let reported: Vec<&str> = err.lines().collect();
    assert_eq!(reported.len(), 3, "{err}");
    assert!(reported[0].starts_with("lede: <stdin>:2: "), "{err}");
    assert!(reported[1].starts_with("lede: <stdin>:3: invalid UTF-8"), "{err}");
    assert!(reported[2].starts_with("lede: <stdin>:4: "), "{err}");
}

#[test]
fn a_file_argument_is_named_in_errors() {
    let file = TempFile::new("input.jsonl", b"not json\n{\"id\":1,\"text\":\"x\"}\n");
    let out = lede(&["annotate", file.path()], b"");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(lines(&out.stdout).len(), 1);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.starts_with(&format!("lede: {}:1: ", file.path())), "{err}");
}

#[test]
fn text_mode_prints_one_array_with_utf16_offsets() {
    let text = "\u{4E2D}\u{6587} \u{201C}We will build it,\u{201D} said John Kelly. Around 11 million people live there.\n";
    let file = TempFile::new("article.txt", text.as_bytes());
    let out = lede(&["annotate", "--text", file.path()], b"");
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    let spans: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    let spans = spans.as_array().expect("an array");
    assert!(!spans.is_empty());
    let units: Vec<u16> = text.encode_utf16().collect();
    let mut last = 0;
    for s in spans {
        let (start, end) = (s["start"].as_u64().unwrap() as usize, s["end"].as_u64().unwrap() as usize);
        assert_eq!(String::from_utf16(&units[start..end]).unwrap(), s["text"].as_str().unwrap());
        assert!(start >= last, "sorted by start");
        last = start;
    }
}

#[test]
fn usage_errors_exit_with_status_2() {
    for args in [&[][..], &["frobnicate"], &["annotate", "--text"], &["annotate", "--bogus"]] {
        let out = lede(args, b"");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("usage:"), "{args:?}");
    }
    let missing = lede(&["annotate", "--text", "/nonexistent/lede-input.txt"], b"");
    assert_eq!(missing.status.code(), Some(2));
}
