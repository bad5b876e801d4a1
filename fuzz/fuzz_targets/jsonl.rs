//! Any bytes as the CLI's JSONL input; panics when the reader breaks a promise.
#![no_main]

#[path = "../targets.rs"]
mod targets;

libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::jsonl(data));
