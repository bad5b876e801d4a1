//! Any bytes → (lossy UTF-8, as a browser's TextEncoder would hand lone
//! surrogates over) → analysis; panics when a promise of
//! `lede::invariants` breaks.
#![no_main]

#[path = "../targets.rs"]
mod targets;

libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::analyze(data));
