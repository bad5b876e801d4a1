//! The one span type every recognizer writes, and the annotations built on it.
//!
//! Inside the core every offset is a **byte** offset into the analysed `&str`,
//! always on a `char` boundary. Conversion to UTF-16 code units (what a
//! browser's `Range` wants) happens once, at the boundary, in [`crate::output`].

use std::ops::Index;

/// A half-open range `start..end` of byte offsets into the analysed text.
///
/// ```
/// use lede::Span;
/// let text = "Kelly said";
/// let s = Span::new(0, 5);
/// assert_eq!(&text[s], "Kelly");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    /// First byte of the span.
    pub start: usize,
    /// One past the last byte of the span.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (bytes). Panics in debug builds if `start > end`.
    #[inline]
    pub const fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end);
        Span { start, end }
    }

    /// Length in bytes.
    #[inline]
    pub const fn len(self) -> usize {
        self.end - self.start
    }

    /// True when the span covers no bytes.
    #[inline]
    pub const fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// True when `other` lies entirely inside `self`.
    #[inline]
    pub const fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// True when the two spans share at least one byte.
    #[inline]
    pub const fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The smallest span covering both.
    #[inline]
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

impl Index<Span> for str {
    type Output = str;
    #[inline]
    fn index(&self, s: Span) -> &str {
        &self[s.start..s.end]
    }
}

/// The three layers lede highlights.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// A direct quotation, with who said it.
    Quote,
    /// A figure, with its value and unit.
    Number,
    /// A named person, organisation, place or other name.
    Entity,
}

impl Kind {
    /// The name used in the JSON contract (`"quote"`, `"number"`, `"entity"`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Kind::Quote => "quote",
            Kind::Number => "number",
            Kind::Entity => "entity",
        }
    }
}

/// An entity's type, as in CoNLL-2003.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Label {
    /// A person.
    Per,
    /// An organisation: companies, agencies, teams, parties.
    Org,
    /// A place: countries, cities, regions, landmarks.
    Loc,
    /// Any other name: nationalities, events, works, languages.
    Misc,
}

impl Label {
    /// Every label, in the order used by the entity model.
    pub const ALL: [Label; 4] = [Label::Per, Label::Org, Label::Loc, Label::Misc];

    /// `"PER"`, `"ORG"`, `"LOC"` or `"MISC"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Label::Per => "PER",
            Label::Org => "ORG",
            Label::Loc => "LOC",
            Label::Misc => "MISC",
        }
    }

    /// Parses `"PER"`, `"ORG"`, `"LOC"` or `"MISC"`.
    pub fn parse(s: &str) -> Option<Label> {
        match s {
            "PER" => Some(Label::Per),
            "ORG" => Some(Label::Org),
            "LOC" => Some(Label::Loc),
            "MISC" => Some(Label::Misc),
            _ => None,
        }
    }
}

/// A direct quotation and its attribution.
#[derive(Clone, Debug, PartialEq)]
pub struct Quote {
    /// The quotation, marks included.
    pub span: Span,
    /// The speaker as written: a name, a pronoun, a nominal ("a spokeswoman").
    pub speaker: Option<Span>,
    /// The reporting verb or phrase ("said", "according to", a colon or dash).
    pub cue: Option<Span>,
    /// The named person the speaker resolves to ("John Kelly" for "he").
    pub speaker_name: Option<String>,
    /// The entity group of that person, when the entity layer found one.
    pub speaker_group: Option<u32>,
}

/// What kind of figure a [`Number`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NumberKind {
    /// A count or amount: "11 million", "eleven", "1,234.5".
    Cardinal,
    /// A position: "21st", "the third".
    Ordinal,
    /// A part: "two thirds", "3 1/2", "½".
    Fraction,
    /// "50%", "fifty per cent".
    Percent,
    /// "between 20 and 30", "20-30".
    Range,
    /// Money: "$48.2 million".
    Currency,
    /// A length, area, volume, weight or speed.
    Dimension,
    /// "29 years old".
    Age,
    /// "40 deg celsius", "-5°F".
    Temperature,
    /// A day, date or year.
    Date,
}

impl NumberKind {
    /// The name used in the JSON contract.
    pub const fn as_str(self) -> &'static str {
        match self {
            NumberKind::Cardinal => "cardinal",
            NumberKind::Ordinal => "ordinal",
            NumberKind::Fraction => "fraction",
            NumberKind::Percent => "percent",
            NumberKind::Range => "range",
            NumberKind::Currency => "currency",
            NumberKind::Dimension => "dimension",
            NumberKind::Age => "age",
            NumberKind::Temperature => "temperature",
            NumberKind::Date => "date",
        }
    }
}

/// The endpoints of a range ("between 20 and 30" → `[20, 30]`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NumberRange {
    /// Lower bound, if any ("less than 5" has none).
    pub min: Option<f64>,
    /// Upper bound, if any ("more than 20" has none).
    pub max: Option<f64>,
    /// Whether `min` itself is inside the range.
    pub min_inclusive: bool,
    /// Whether `max` itself is inside the range.
    pub max_inclusive: bool,
}

/// A figure and what it is worth.
#[derive(Clone, Debug, PartialEq)]
pub struct Number {
    /// The figure as written ("$48.2 million").
    pub span: Span,
    /// What kind of figure it is.
    pub kind: NumberKind,
    /// Its value (48200000.0), or `None` when it does not fit an `f64` or has none.
    pub value: Option<f64>,
    /// ISO 4217 code for money, an English singular unit name otherwise.
    pub unit: Option<String>,
    /// For ranges: the endpoints.
    pub range: Option<NumberRange>,
    /// For dates: the ISO 8601 form when it can be resolved ("2017-02-23", "XXXX-02-23").
    pub iso: Option<String>,
}

/// A named entity mention.
#[derive(Clone, Debug, PartialEq)]
pub struct Entity {
    /// The mention ("John Kelly").
    pub span: Span,
    /// Its type.
    pub label: Label,
    /// Mentions of one entity in a text share a group ("John Kelly", "Kelly").
    pub group: u32,
}

/// One highlight: a quote, a number or an entity.
#[derive(Clone, Debug, PartialEq)]
pub enum Annotation {
    /// See [`Quote`].
    Quote(Quote),
    /// See [`Number`].
    Number(Number),
    /// See [`Entity`].
    Entity(Entity),
}

impl Annotation {
    /// The span the highlight covers.
    pub fn span(&self) -> Span {
        match self {
            Annotation::Quote(q) => q.span,
            Annotation::Number(n) => n.span,
            Annotation::Entity(e) => e.span,
        }
    }

    /// Which layer it belongs to.
    pub fn kind(&self) -> Kind {
        match self {
            Annotation::Quote(_) => Kind::Quote,
            Annotation::Number(_) => Kind::Number,
            Annotation::Entity(_) => Kind::Entity,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_relations() {
        let a = Span::new(0, 5);
        let b = Span::new(3, 8);
        assert!(a.overlaps(b));
        assert!(!a.contains(b));
        assert_eq!(a.cover(b), Span::new(0, 8));
        assert!(!Span::new(0, 3).overlaps(Span::new(3, 4)));
        assert_eq!(&"héllo"[Span::new(0, 3)], "hé");
    }

    #[test]
    fn label_round_trip() {
        for l in Label::ALL {
            assert_eq!(Label::parse(l.as_str()), Some(l));
        }
        assert_eq!(Label::parse("O"), None);
    }
}
