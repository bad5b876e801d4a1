//! Adversarial inputs (issue 9) finish, keep every promise, and produce
//! output that grows linearly: a nested or overlapping result whose JSON
//! grows quadratically (each span repeats its text) fails here, with no
//! timing involved. Time per doubling is measured by
//! `cargo run --release --example scaling` (`make bench`), not asserted.
//!
//! Sizes: the issue's own sizes for the inputs of 1.2 MB and less; 2 MB for
//! the two 10 MB inputs (set `LEDE_ADVERSARIAL_FULL=1` for 10 MB). Debug
//! builds use a sixteenth of each.

mod support {
    pub mod adversarial;
}

use lede::output::to_json_spans;
use lede::{invariants, Highlighter, Options};
use support::adversarial::{Input, INPUTS};

fn size(input: &Input) -> usize {
    let full = std::env::var_os("LEDE_ADVERSARIAL_FULL").is_some();
    let n = if full { input.full } else { input.full.min(2_000_000) };
    if cfg!(debug_assertions) {
        n / 16
    } else {
        n
    }
}

/// Analyses `text`, checks every promise, returns (annotations, JSON bytes).
fn run(lede: &Highlighter, text: &str) -> (usize, usize) {
    let found = lede.analyze(text);
    invariants::check(text, &found).unwrap();
    let spans = to_json_spans(text, &found);
    invariants::check_json(text, &spans).unwrap();
    (found.len(), serde_json::to_string(&spans).unwrap().len())
}

fn survives(name: &str) {
    let input = INPUTS.iter().find(|i| i.name == name).unwrap();
    let lede = Highlighter::new(Options::default());
    let n = size(input);
    let (half, whole) = ((input.make)(n / 2), (input.make)(n));
    let (count_half, json_half) = run(&lede, &half);
    let (count, json) = run(&lede, &whole);
    // Output doubles with the input, give or take the edges.
    assert!(count <= count_half * 22 / 10 + 16, "{name}: {count_half} then {count} annotations");
    assert!(json <= json_half * 22 / 10 + 4096, "{name}: {json_half} then {json} bytes of JSON");
    // And never dwarfs the input: each span's text is bounded by the text itself.
    assert!(json <= 256 * whole.len() + 4096, "{name}: {json} bytes of JSON for {} of text", whole.len());
}

#[test]
fn ten_megabytes_of_news_text() {
    survives("news text");
}

#[test]
fn a_single_ten_megabyte_line() {
    survives("one 10 MB line");
}

#[test]
fn a_one_megabyte_word() {
    survives("one word");
}

#[test]
fn a_hundred_thousand_unbalanced_quote_marks() {
    survives("unbalanced quotes");
}

#[test]
fn a_hundred_thousand_nested_quotes() {
    survives("nested quotes");
}

#[test]
fn a_hundred_thousand_digit_number() {
    survives("digits");
}

#[test]
fn a_megabyte_of_capitalized_words() {
    survives("capitalized words");
}

#[test]
fn binary_noise() {
    survives("binary noise");
}

#[test]
fn a_megabyte_of_one_comma_one() {
    survives("1,1,1 list");
}

#[test]
fn a_megabyte_of_scale_words() {
    survives("scale words");
}

#[test]
fn a_megabyte_long_hyphenated_digit_chain() {
    survives("dash chain");
}

#[test]
fn a_megabyte_of_broken_off_number_fragments() {
    survives("number fragments");
}

/// The generators make what they promise, so the tests above test it.
#[test]
fn inputs_are_what_they_say() {
    use support::adversarial::*;
    assert_eq!(word(1000).len(), 1000);
    assert!(word(1000).chars().all(|c| c.is_ascii_lowercase()));
    assert_eq!(digits(100_000).len(), 100_000);
    assert!(digits(100_000).bytes().all(|b| b.is_ascii_digit()));
    assert!(!one_line(100_000).contains('\n'));
    assert!(news(100_000).contains('\n'));
    assert!(unbalanced_quotes(450_000).chars().filter(|c| "\u{201C}\"\u{00AB}\u{2018}".contains(*c)).count() >= 100_000);
    let nested = nested_quotes(1_200_000);
    assert!(nested.matches('\u{201C}').count() + nested.matches('\u{2018}').count() >= 100_000);
    for n in [1000, 4321, 100_000] {
        for input in INPUTS {
            let len = (input.make)(n).len();
            assert!(len <= n + 64 && len + 64 >= n * 4 / 5, "{}: {len} bytes for {n}", input.name);
        }
    }
}
