//! Units of measurement after a number: lengths, areas, volumes, weights,
//! speeds, data sizes, power, angles. One entry per line; the name given is
//! the English singular ("Kilometer", "Mile per hour").
//!
//! Two tables: [`NAMES`] are matched on the lowercased words (with a plural
//! "s"/"es" stripped when the plural is regular), [`ABBREVIATIONS`] on the
//! text as written, because case carries meaning there ("m" metre, "M"
//! million; "MB" megabyte).

use super::lex::Lexed;
use super::wordmap::WordMap;
use std::sync::OnceLock;

/// Unit names, lowercase, singular; multi-word names use single spaces.
pub(crate) const NAMES: &[(&str, &str)] = &[
    ("millimeter", "Millimeter"),
    ("millimetre", "Millimeter"),
    ("centimeter", "Centimeter"),
    ("centimetre", "Centimeter"),
    ("decimeter", "Decimeter"),
    ("decimetre", "Decimeter"),
    ("meter", "Meter"),
    ("metre", "Meter"),
    ("kilometer", "Kilometer"),
    ("kilometre", "Kilometer"),
    ("micrometer", "Micrometer"),
    ("micrometre", "Micrometer"),
    ("nanometer", "Nanometer"),
    ("nanometre", "Nanometer"),
    ("inch", "Inch"),
    ("foot", "Foot"),
    ("feet", "Foot"),
    ("yard", "Yard"),
    ("mile", "Mile"),
    ("nautical mile", "Nautical mile"),
    ("light year", "Light year"),
    ("light-year", "Light year"),
    ("square millimeter", "Square millimeter"),
    ("square centimeter", "Square centimeter"),
    ("square centimetre", "Square centimeter"),
    ("square meter", "Square meter"),
    ("square metre", "Square meter"),
    ("square kilometer", "Square kilometer"),
    ("square kilometre", "Square kilometer"),
    ("square foot", "Square foot"),
    ("square feet", "Square foot"),
    ("square yard", "Square yard"),
    ("square mile", "Square mile"),
    ("square inch", "Square inch"),
    ("acre", "Acre"),
    ("hectare", "Hectare"),
    ("cubic meter", "Cubic meter"),
    ("cubic metre", "Cubic meter"),
    ("cubic centimeter", "Cubic centimeter"),
    ("cubic centimetre", "Cubic centimeter"),
    ("cubic foot", "Cubic foot"),
    ("cubic feet", "Cubic foot"),
    ("cubic yard", "Cubic yard"),
    ("cubic inch", "Cubic inch"),
    ("milliliter", "Milliliter"),
    ("millilitre", "Milliliter"),
    ("centiliter", "Centiliter"),
    ("centilitre", "Centiliter"),
    ("liter", "Liter"),
    ("litre", "Liter"),
    ("hectoliter", "Hectoliter"),
    ("hectolitre", "Hectoliter"),
    ("gallon", "Gallon"),
    ("pint", "Pint"),
    ("quart", "Quart"),
    ("fluid ounce", "Fluid ounce"),
    ("barrel", "Barrel"),
    ("teaspoon", "Teaspoon"),
    ("tablespoon", "Tablespoon"),
    ("cup", "Cup"),
    ("microgram", "Microgram"),
    ("microgramme", "Microgram"),
    ("milligram", "Milligram"),
    ("milligramme", "Milligram"),
    ("gram", "Gram"),
    ("gramme", "Gram"),
    ("kilogram", "Kilogram"),
    ("kilogramme", "Kilogram"),
    ("kilo", "Kilogram"),
    ("tonne", "Metric ton"),
    ("metric ton", "Metric ton"),
    ("metric tonne", "Metric ton"),
    ("ton", "Ton"),
    ("short ton", "Short ton"),
    ("long ton", "Long ton"),
    ("pound", "Pound"),
    ("ounce", "Ounce"),
    ("carat", "Carat"),
    ("mile per hour", "Mile per hour"),
    ("miles per hour", "Mile per hour"),
    ("miles an hour", "Mile per hour"),
    ("mile an hour", "Mile per hour"),
    ("kilometer per hour", "Kilometer per hour"),
    ("kilometers per hour", "Kilometer per hour"),
    ("kilometre per hour", "Kilometer per hour"),
    ("kilometres per hour", "Kilometer per hour"),
    ("kilometers an hour", "Kilometer per hour"),
    ("kilometres an hour", "Kilometer per hour"),
    ("knot", "Knot"),
    ("bit", "Bit"),
    ("byte", "Byte"),
    ("kilobit", "Kilobit"),
    ("kilobyte", "Kilobyte"),
    ("megabit", "Megabit"),
    ("megabyte", "Megabyte"),
    ("gigabit", "Gigabit"),
    ("gigabyte", "Gigabyte"),
    ("terabyte", "Terabyte"),
    ("petabyte", "Petabyte"),
    ("watt", "Watt"),
    ("kilowatt", "Kilowatt"),
    ("megawatt", "Megawatt"),
    ("gigawatt", "Gigawatt"),
    ("kilowatt hour", "Kilowatt hour"),
    ("kilowatt-hour", "Kilowatt hour"),
    ("megawatt hour", "Megawatt hour"),
    ("gigawatt hour", "Gigawatt hour"),
    ("terawatt hour", "Terawatt hour"),
    ("horsepower", "Horsepower"),
    ("volt", "Volt"),
    ("kilovolt", "Kilovolt"),
    ("ampere", "Ampere"),
    ("amp", "Ampere"),
    ("hertz", "Hertz"),
    ("kilohertz", "Kilohertz"),
    ("megahertz", "Megahertz"),
    ("gigahertz", "Gigahertz"),
    ("calorie", "Calorie"),
    ("kilocalorie", "Kilocalorie"),
    ("joule", "Joule"),
    ("kilojoule", "Kilojoule"),
    ("decibel", "Decibel"),
    ("pascal", "Pascal"),
    ("turn", "Turn"),
    ("radian", "Radian"),
];

/// Abbreviations, matched as written.
pub(crate) const ABBREVIATIONS: &[(&str, &str)] = &[
    ("nm", "Nanometer"),
    ("µm", "Micrometer"),
    ("μm", "Micrometer"),
    ("mm", "Millimeter"),
    ("cm", "Centimeter"),
    ("dm", "Decimeter"),
    ("m", "Meter"),
    ("km", "Kilometer"),
    ("KM", "Kilometer"),
    ("Km", "Kilometer"),
    ("ft", "Foot"),
    ("yd", "Yard"),
    ("yds", "Yard"),
    ("mi", "Mile"),
    ("m2", "Square meter"),
    ("m²", "Square meter"),
    ("km2", "Square kilometer"),
    ("km²", "Square kilometer"),
    ("sq km", "Square kilometer"),
    ("sq m", "Square meter"),
    ("sq ft", "Square foot"),
    ("sq mi", "Square mile"),
    ("ha", "Hectare"),
    ("m3", "Cubic meter"),
    ("m³", "Cubic meter"),
    ("cm3", "Cubic centimeter"),
    ("cc", "Cubic centimeter"),
    ("ml", "Milliliter"),
    ("mL", "Milliliter"),
    ("cl", "Centiliter"),
    ("l", "Liter"),
    ("L", "Liter"),
    ("gal", "Gallon"),
    ("bbl", "Barrel"),
    ("tsp", "Teaspoon"),
    ("tbsp", "Tablespoon"),
    ("µg", "Microgram"),
    ("μg", "Microgram"),
    ("mcg", "Microgram"),
    ("mg", "Milligram"),
    ("g", "Gram"),
    ("kg", "Kilogram"),
    ("kgs", "Kilogram"),
    ("Kg", "Kilogram"),
    ("KG", "Kilogram"),
    ("t", "Ton"),
    ("lb", "Pound"),
    ("lbs", "Pound"),
    ("oz", "Ounce"),
    ("ct", "Carat"),
    ("mph", "Mile per hour"),
    ("MPH", "Mile per hour"),
    ("kph", "Kilometer per hour"),
    ("kmh", "Kilometer per hour"),
    ("kn", "Knot"),
    ("kB", "Kilobyte"),
    ("KB", "Kilobyte"),
    ("MB", "Megabyte"),
    ("GB", "Gigabyte"),
    ("TB", "Terabyte"),
    ("PB", "Petabyte"),
    ("kb", "Kilobit"),
    ("Kb", "Kilobit"),
    ("Mb", "Megabit"),
    ("Gb", "Gigabit"),
    ("kbps", "Kilobit per second"),
    ("Mbps", "Megabit per second"),
    ("Gbps", "Gigabit per second"),
    ("W", "Watt"),
    ("kW", "Kilowatt"),
    ("KW", "Kilowatt"),
    ("MW", "Megawatt"),
    ("GW", "Gigawatt"),
    ("kWh", "Kilowatt hour"),
    ("KWh", "Kilowatt hour"),
    ("MWh", "Megawatt hour"),
    ("GWh", "Gigawatt hour"),
    ("TWh", "Terawatt hour"),
    ("hp", "Horsepower"),
    ("bhp", "Horsepower"),
    ("kV", "Kilovolt"),
    ("Hz", "Hertz"),
    ("kHz", "Kilohertz"),
    ("MHz", "Megahertz"),
    ("GHz", "Gigahertz"),
    ("kcal", "Kilocalorie"),
    ("kJ", "Kilojoule"),
    ("dB", "Decibel"),
    ("psi", "Pound per square inch"),
    ("hPa", "Hectopascal"),
];

/// Time units, only as the denominator of a rate ("km/h", "meters per
/// millisecond") — durations alone are not measured figures here.
pub(crate) const TIME_UNITS: &[(&str, &str)] = &[
    ("ms", "millisecond"),
    ("millisecond", "millisecond"),
    ("milliseconds", "millisecond"),
    ("s", "second"),
    ("sec", "second"),
    ("second", "second"),
    ("min", "minute"),
    ("minute", "minute"),
    ("h", "hour"),
    ("hr", "hour"),
    ("hour", "hour"),
    ("day", "day"),
    ("week", "week"),
    ("year", "year"),
];

#[cfg(test)]
fn sorted(table: &'static [(&'static str, &'static str)]) -> Vec<(&'static str, &'static str)> {
    let mut v = table.to_vec();
    v.sort_unstable_by_key(|e| e.0);
    v
}

/// A table of names of one or more words, hashed for the lookups made after
/// every number (see [`Names::longest_at`]).
#[derive(Debug)]
pub(crate) struct Names {
    map: WordMap<&'static str>,
    /// The first word of each name of more than one word ("square" for
    /// "square meter", "foot" for "foot-pound").
    firsts: WordMap<()>,
}

impl Names {
    /// The names of `table` (lowercase keys, no duplicates).
    pub fn new(table: &[(&'static str, &'static str)]) -> Names {
        let first_word = |k: &'static str| k.split(|c: char| !c.is_alphabetic()).next().unwrap_or("");
        Names {
            map: WordMap::new(table.iter().copied()),
            firsts: WordMap::new(table.iter().filter(|e| first_word(e.0) != e.0).map(|e| (first_word(e.0), ()))),
        }
    }

    /// `key`, or its singular when `key` is a regular plural.
    pub fn find_plural(&self, key: &str) -> Option<&'static str> {
        self.map
            .get(key)
            .or_else(|| key.strip_suffix('s').and_then(|k| self.map.get(k)))
            .or_else(|| key.strip_suffix("es").and_then(|k| self.map.get(k)))
    }

    /// The longest run of up to three words at `i` that names an entry
    /// (singular or plural): its value and the index after it.
    ///
    /// Most calls come right after a number, on an ordinary word ("people",
    /// "and"). A key of several words can only name an entry that starts
    /// with the key's first word followed by a space or hyphen, so unless
    /// that word is in `firsts` only the one-word key is looked up.
    pub fn longest_at(&self, l: &Lexed<'_>, i: usize) -> Option<(&'static str, usize)> {
        if l.is_word(i) && !self.firsts.contains(l.w(i)) {
            let first = l.w(i);
            if first.len() > 40 || !l.same_line(i) {
                return None;
            }
            return self.find_plural(first).map(|u| (u, i + 1));
        }
        let mut buf = String::new();
        let keys = word_keys(l, i, 3, &mut buf);
        keys.iter().rev().filter(|&&(len, _)| len > 0).find_map(|&(len, end)| self.find_plural(&buf[..len]).map(|u| (u, end)))
    }
}

fn names() -> &'static Names {
    static T: OnceLock<Names> = OnceLock::new();
    T.get_or_init(|| Names::new(NAMES))
}

fn abbreviations() -> &'static WordMap<&'static str> {
    static T: OnceLock<WordMap<&'static str>> = OnceLock::new();
    T.get_or_init(|| WordMap::new(ABBREVIATIONS.iter().copied()))
}

fn find(table: &WordMap<&'static str>, key: &str) -> Option<&'static str> {
    table.get(key)
}

/// Joins the lowercased words `i..` (up to `n` of them, space-separated on
/// one line) into `buf`; returns (length of the key in `buf`, index after
/// it) for 1..=n words, a length of 0 where there are fewer words.
pub(crate) fn word_keys(l: &Lexed<'_>, i: usize, n: usize, buf: &mut String) -> [(usize, usize); 3] {
    buf.clear();
    let mut out = [(0usize, 0usize); 3];
    for (j, slot) in (i..).zip(out.iter_mut().take(n.min(3))) {
        if !l.same_line(j) || !(l.is_word(j) || l.sym(j, &["-"])) {
            break;
        }
        if j > i {
            if l.glued(j) && !l.sym(j, &["-"]) && !l.sym(j - 1, &["-"]) {
                break;
            }
            if !l.glued(j) {
                buf.push(' ');
            }
        }
        buf.push_str(l.w(j));
        if buf.len() > 40 {
            break;
        }
        *slot = (buf.len(), j + 1);
    }
    out
}

/// A unit at lexeme `i`: its name and the index after it. `glued`: written
/// right after the digits ("7.62mm").
pub(crate) fn unit_at(l: &Lexed<'_>, i: usize) -> Option<(&'static str, usize)> {
    if !l.same_line(i) {
        return None;
    }
    if let Some(found) = names().longest_at(l, i) {
        return Some(found);
    }
    // Abbreviations as written, one or two lexemes ("km", "km2", "sq km").
    let raw = l.raw(i);
    if l.is_word(i) {
        if l.num(i + 1).is_some() && l.glued(i + 1) {
            let two = &l.text[l.start(i)..l.end(i + 1)];
            if let Some(name) = find(abbreviations(), two) {
                if !(l.glued(i + 2) && (l.is_word(i + 2) || l.num(i + 2).is_some())) {
                    return Some((name, i + 2));
                }
            }
            return None;
        }
        if l.same_line(i + 1) && l.is_word(i + 1) && !l.glued(i + 1) && raw == "sq" {
            let key = format!("sq {}", l.raw(i + 1));
            if let Some(name) = find(abbreviations(), &key) {
                return Some((name, i + 2));
            }
        }
        if let Some(name) = find(abbreviations(), raw) {
            // "m²", "km²".
            if l.glued(i + 1) && l.sym(i + 1, &["²", "³"]) {
                let two = &l.text[l.start(i)..l.end(i + 1)];
                if let Some(n2) = find(abbreviations(), two) {
                    return Some((n2, i + 2));
                }
            }
            return Some((name, i + 1));
        }
    } else if matches!(raw, "µ" | "μ") && l.glued(i + 1) && l.is_word(i + 1) {
        let two = &l.text[l.start(i)..l.end(i + 1)];
        if let Some(name) = find(abbreviations(), two) {
            return Some((name, i + 2));
        }
    }
    None
}

/// A time unit at `i` (for rates): its name and the index after it.
pub(crate) fn time_unit_at(l: &Lexed<'_>, i: usize) -> Option<(&'static str, usize)> {
    if !l.same_line(i) || !l.is_word(i) {
        return None;
    }
    let w = l.w(i);
    TIME_UNITS
        .iter()
        .find(|e| e.0 == w || (w.len() > 3 && w.strip_suffix('s') == Some(e.0)))
        .map(|e| (e.1, i + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_have_no_duplicates() {
        for t in [NAMES, ABBREVIATIONS] {
            let s = sorted(t);
            for w in s.windows(2) {
                assert_ne!(w[0].0, w[1].0, "duplicate unit {}", w[0].0);
            }
        }
    }

    #[test]
    fn lookups() {
        let cases = [
            ("kilometres", "Kilometer"),
            ("metric tons", "Metric ton"),
            ("miles an hour", "Mile per hour"),
            ("square meters", "Square meter"),
            ("acres", "Acre"),
            ("inches", "Inch"),
            ("km", "Kilometer"),
            ("MB", "Megabyte"),
            ("μg", "Microgram"),
            ("microgrammes", "Microgram"),
        ];
        // Units follow a number: look them up at lexeme 1.
        for (s, name) in cases {
            let t = format!("5 {s}");
            let l = Lexed::new(&t);
            assert_eq!(unit_at(&l, 1).map(|u| u.0), Some(name), "{s}");
        }
        for s in ["people", "M", "in", "DM"] {
            let t = format!("5 {s}");
            let l = Lexed::new(&t);
            assert_eq!(unit_at(&l, 1), None, "{s}");
        }
    }
}
