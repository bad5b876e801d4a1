//! Abbreviations that keep their period ("Mr.", "Jan.", "Corp.").
//!
//! One entry per line so that a diff reads as a change of data. Matching is
//! case-sensitive: "No." is an abbreviation, "no." ends a sentence.

const ABBREVIATIONS: &[&str] = &[
    // Titles
    "Mr", "Mrs", "Ms", "Dr", "Prof", "Rev", "Sen", "Rep", "Gov", "Gen", "Lt", "Col", "Maj", "Capt",
    "Sgt", "Cpl", "Adm", "Cmdr", "Pres", "Supt", "Insp", "Hon", "Fr", "Sr", "Jr", "St", "Mt", "Ft",
    // Months and days
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
    "Mon", "Tue", "Tues", "Wed", "Thu", "Thur", "Thurs", "Fri", "Sat", "Sun",
    // Companies and addresses
    "Inc", "Corp", "Co", "Ltd", "Bros", "Cie", "Ave", "Blvd", "Rd", "Dept", "Univ", "Assn",
    // US states as newspapers abbreviate them
    "Ala", "Ariz", "Ark", "Calif", "Colo", "Conn", "Del", "Fla", "Ga", "Ill", "Ind", "Kan", "Ky",
    "La", "Md", "Mass", "Mich", "Minn", "Miss", "Mo", "Mont", "Neb", "Nev", "Okla", "Ore", "Pa",
    "Tenn", "Tex", "Va", "Vt", "Wash", "Wis", "Wyo",
    // Other
    "No", "Nos", "vs", "etc", "approx", "est", "Vol", "Fig",
];

/// An abbreviation of at most 7 bytes as one integer: its bytes, then its
/// length in the top byte (so "No" and "No\0" differ).
const fn pack(word: &[u8]) -> u64 {
    let mut k = (word.len() as u64) << 56;
    let mut i = 0;
    while i < word.len() {
        k |= (word[i] as u64) << (8 * i);
        i += 1;
    }
    k
}

/// [`ABBREVIATIONS`] packed and sorted at compile time: the tokenizer asks
/// about every word before a period, and a binary search of integers costs
/// a tenth of comparing the word with each string of the list.
static PACKED: [u64; ABBREVIATIONS.len()] = {
    let mut out = [0u64; ABBREVIATIONS.len()];
    let mut i = 0;
    while i < out.len() {
        assert!(ABBREVIATIONS[i].len() <= 7, "abbreviations pack into 7 bytes");
        out[i] = pack(ABBREVIATIONS[i].as_bytes());
        i += 1;
    }
    // Insertion sort: a hundred entries, once, at compile time.
    let mut i = 1;
    while i < out.len() {
        let mut j = i;
        while j > 0 && out[j - 1] > out[j] {
            let t = out[j];
            out[j] = out[j - 1];
            out[j - 1] = t;
            j -= 1;
        }
        i += 1;
    }
    out
};

/// True when `word` (without its period) is an abbreviation that takes one.
///
/// ```
/// assert!(lede::text::is_abbreviation("Mr"));
/// assert!(!lede::text::is_abbreviation("Kelly"));
/// ```
pub fn is_abbreviation(word: &str) -> bool {
    word.len() <= 7 && PACKED.binary_search(&pack(word.as_bytes())).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_table_agrees_with_the_list() {
        for &a in ABBREVIATIONS {
            assert!(is_abbreviation(a), "{a}");
            // Case-sensitive, and a prefix or extension is not the word.
            assert_eq!(is_abbreviation(&a.to_uppercase()), ABBREVIATIONS.contains(&a.to_uppercase().as_str()), "{a}");
            assert_eq!(is_abbreviation(&a[..a.len() - 1]), ABBREVIATIONS.contains(&&a[..a.len() - 1]), "{a}");
            assert_eq!(is_abbreviation(&format!("{a}x")), ABBREVIATIONS.contains(&format!("{a}x").as_str()), "{a}");
        }
        // False positives.
        for w in ["", "Kelly", "no", "mr", "Mr\0", "Janu", "Sept1", "\u{e9}t\u{e9}", "approxim", "Calif\0\0"] {
            assert!(!is_abbreviation(w), "{w:?}");
        }
    }
}
