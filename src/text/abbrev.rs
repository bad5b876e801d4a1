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

/// True when `word` (without its period) is an abbreviation that takes one.
///
/// ```
/// assert!(lede::text::is_abbreviation("Mr"));
/// assert!(!lede::text::is_abbreviation("Kelly"));
/// ```
pub fn is_abbreviation(word: &str) -> bool {
    word.len() <= 5 && ABBREVIATIONS.contains(&word)
}
