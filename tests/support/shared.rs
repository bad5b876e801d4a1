//! Third-party texts, read at run time from `$LEDE_SHARED` (default
//! `../shared` next to the crate) and never copied into the repository.

use std::path::PathBuf;

/// The shared folder, or `None` (with a printed notice) when it is absent.
pub fn dir() -> Option<PathBuf> {
    let dir = std::env::var_os("LEDE_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    if dir.join("articles").is_dir() {
        Some(dir)
    } else {
        eprintln!("notice: {} is absent; skipping the tests on shared texts (set LEDE_SHARED)", dir.display());
        None
    }
}

/// Every article of `articles/*.txt` and the first `quotes` texts of the
/// quotes dev set, or nothing when the shared folder is absent.
#[allow(dead_code)]
pub fn texts(quotes: usize) -> Vec<String> {
    let Some(dir) = dir() else { return Vec::new() };
    let mut out = Vec::new();
    let mut articles: Vec<PathBuf> = std::fs::read_dir(dir.join("articles"))
        .map(|it| it.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    articles.sort();
    for p in articles.iter().filter(|p| p.extension().is_some_and(|e| e == "txt")) {
        if let Ok(t) = std::fs::read_to_string(p) {
            out.push(t);
        }
    }
    if let Ok(lines) = std::fs::read_to_string(dir.join("data/quotes/dev.jsonl")) {
        for line in lines.lines().take(quotes) {
            let v: serde_json::Value = serde_json::from_str(line).expect("dev.jsonl lines are JSON");
            if let Some(t) = v["text"].as_str() {
                out.push(t.to_string());
            }
        }
    }
    out
}
