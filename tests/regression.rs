//! One test per bug found by the robustness work of issue 9 (fuzzing,
//! property tests, adversarial inputs). Each names the issue and the input
//! that exposed the bug.

use lede::link::link;
use lede::{Annotation, Document, Entity, Label, Quote, Span};

/// Issue 9: `link` was quadratic. For each quote it scanned every person
/// mention for one overlapping the speaker, and for each mention it scanned
/// every group for its longest name; 200,000 quotes whose pronoun speakers
/// ("he") precede 200,000 distinct people took about 10^10 steps. Now both
/// are lookups, and this completes at once.
#[test]
fn issue_9_link_is_not_quadratic_in_quotes_times_people() {
    const N: usize = 200_000;
    let quote = "\u{201C}x\u{201D} he said. ";
    let person = "Ann Lee ";
    let mut text = quote.repeat(N);
    let people_start = text.len();
    text.push_str(&person.repeat(N));
    let mut found = Vec::with_capacity(2 * N);
    for i in 0..N {
        let q = i * quote.len();
        let he = q + quote.find("he").unwrap();
        found.push(Annotation::Quote(Quote {
            span: Span::new(q, q + "\u{201C}x\u{201D}".len()),
            speaker: Some(Span::new(he, he + 2)),
            cue: Some(Span::new(he + 3, he + 7)),
            speaker_name: None,
            speaker_group: None,
        }));
        let p = people_start + i * person.len();
        found.push(Annotation::Entity(Entity { span: Span::new(p, p + 7), label: Label::Per, group: i as u32 }));
    }
    link(&Document::new(&text), &mut found);
    // No person precedes any quote, so no speaker resolves.
    assert!(found.iter().all(|a| !matches!(a, Annotation::Quote(q) if q.speaker_name.is_some())));
}
