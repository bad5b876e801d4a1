//! Adversarial inputs of any size (issue 9), shared by `tests/adversarial.rs`
//! (each completes at full size) and `examples/scaling.rs` (time per
//! doubling). All are generated, deterministic and original text.

/// One adversarial input family.
pub struct Input {
    /// A short name for tables.
    pub name: &'static str,
    /// The size the issue asks to survive, in bytes.
    #[allow(dead_code)] // only the tests read it
    pub full: usize,
    /// Builds an input of about `n` bytes (never more than `n + 64`).
    pub make: fn(usize) -> String,
}

/// Every family, with the size issue 9 names for it.
pub const INPUTS: &[Input] = &[
    Input { name: "news text", full: 10_000_000, make: news },
    Input { name: "one 10 MB line", full: 10_000_000, make: one_line },
    Input { name: "one word", full: 1_000_000, make: word },
    Input { name: "unbalanced quotes", full: 450_000, make: unbalanced_quotes },
    Input { name: "nested quotes", full: 1_200_000, make: nested_quotes },
    Input { name: "digits", full: 100_000, make: digits },
    Input { name: "capitalized words", full: 1_000_000, make: capitalized },
    Input { name: "binary noise", full: 1_000_000, make: noise },
    // Issue 4's bad input for the numbers stage.
    Input { name: "1,1,1 list", full: 1_000_000, make: comma_ones },
    Input { name: "scale words", full: 1_000_000, make: scale_words },
    Input { name: "dash chain", full: 1_000_000, make: dash_chain },
    Input { name: "number fragments", full: 1_000_000, make: number_fragments },
];

/// Original news-like sentences with quotes, speakers, figures and names.
const SENTENCES: &[&str] = &[
    "\u{201C}We will not wait for the courts,\u{201D} said Maria Lopez, the mayor of Port Ellis. ",
    "The council approved $48.2 million for 3,400 new homes, a rise of 12.5% on 2019. ",
    "Dr. Ana Ruiz of the Harbor Research Centre told reporters: \u{201C}The water is safe.\u{201D} ",
    "About 1.9 million people live within 20 km of the plant, according to the U.S. census. ",
    "\u{201C}It\u{2019}s a \u{2018}good\u{2019} start,\u{201D} she added, \u{201C}but not enough.\u{201D}\n",
    "Mr. Tom Beck, 54, left Lisbon on Jan. 5 and reached Oslo between 20 and 30 days later. ",
    "The \u{1F600} emoji, caf\u{0065}\u{0301} prices and \u{4E2D}\u{6587} signs rose by two thirds.\n\n",
    "\"Nobody asked us,\" a spokesman for Beck Corp. said on Monday. ",
];

/// News-like text with paragraphs.
pub fn news(n: usize) -> String {
    cycle(n, SENTENCES.iter().copied())
}

/// The same text with every line break turned into a space: one line.
pub fn one_line(n: usize) -> String {
    news(n).replace(['\n', '\r'], " ")
}

/// One word of letters, no space or punctuation.
pub fn word(n: usize) -> String {
    (b'a'..=b'z').cycle().take(n).map(char::from).collect()
}

/// Opening marks that never close, with a little text between.
pub fn unbalanced_quotes(n: usize) -> String {
    cycle(n, ["\u{201C}a ", "\"b ", "\u{00AB}c ", "\u{2018}d "].into_iter())
}

/// Quotes nested as deep as the size allows: `“a ‘a “a … ”’”`.
pub fn nested_quotes(n: usize) -> String {
    let depth = n / 12;
    let mut s = String::with_capacity(n + 16);
    for i in 0..depth {
        s.push_str(if i % 2 == 0 { "\u{201C}a " } else { "\u{2018}a " });
    }
    for i in (0..depth).rev() {
        s.push_str(if i % 2 == 0 { "a\u{201D} " } else { "a\u{2019} " });
    }
    s
}

/// One number of `n` digits.
pub fn digits(n: usize) -> String {
    (b'0'..=b'9').cycle().skip(1).take(n).map(char::from).collect()
}

/// Distinct capitalized words (a new name every time), with some commas and periods.
pub fn capitalized(n: usize) -> String {
    let mut s = String::with_capacity(n + 16);
    let mut i = 0u64;
    while s.len() < n {
        s.push((b'A' + (i % 26) as u8) as char);
        let mut k = i / 26;
        loop {
            s.push((b'a' + (k % 26) as u8) as char);
            k /= 26;
            if k == 0 {
                break;
            }
        }
        s.push_str(match i % 7 {
            3 => ", ",
            6 => ". ",
            _ => " ",
        });
        i += 1;
    }
    s
}

/// "1,1,1,…": one malformed thousands-separated numeral.
pub fn comma_ones(n: usize) -> String {
    cycle(n, ["1,"].into_iter())
}

/// Scale words repeated: "a million million billion thousand …".
pub fn scale_words(n: usize) -> String {
    let mut s = "a ".to_string();
    s.push_str(&cycle(n.saturating_sub(2), ["million ", "million ", "billion ", "thousand ", "hundred "].into_iter()));
    s
}

/// Digit groups glued by hyphens, ending in a letter: "12-34-56-…-78x",
/// a phone number or range that fails only at its end.
pub fn dash_chain(n: usize) -> String {
    let mut s = cycle(n.saturating_sub(1), ["12-", "345-", "6789-"].into_iter());
    s.push('x');
    s
}

/// Pieces that each start a figure and break it off: signs, fractions,
/// ranges, words and scales that never complete ("+1-1/½- one and a half and 1 to (20-…").
pub fn number_fragments(n: usize) -> String {
    cycle(n, ["+1-", "1/", "\u{00BD}", "- ", "one and a half and ", "1 to ", "(", "20-", "a ", "1,", "million "].into_iter())
}

/// Random bytes, decoded lossily (invalid sequences become U+FFFD).
pub fn noise(n: usize) -> String {
    let mut x = 0x2545_F491_4F6C_DD1Du64;
    let bytes: Vec<u8> = (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect();
    let mut s = String::from_utf8_lossy(&bytes).into_owned();
    let mut end = n.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s.truncate(end);
    s
}

/// Repeats `pieces` up to `n` bytes (cut at a char boundary).
fn cycle<'a>(n: usize, pieces: impl Iterator<Item = &'a str> + Clone) -> String {
    let mut s = String::with_capacity(n + 128);
    for p in pieces.cycle() {
        if s.len() >= n {
            break;
        }
        s.push_str(p);
    }
    let mut end = n.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s.truncate(end);
    s
}
