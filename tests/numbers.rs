//! The numbers stage, kind by kind: what is found (span, kind, value, unit,
//! range, iso), what must not be found, bad input, and a golden test on the
//! shared article (read at run time from `$LEDE_SHARED`).

mod support {
    pub mod shared;
}

use lede::numbers::figures;
use lede::{Number, NumberKind};

/// Finds the figure whose text is exactly `span` in `text`.
fn find<'a>(found: &'a [Number], text: &str, span: &str) -> Option<&'a Number> {
    found.iter().find(|n| &text[n.span] == span)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// (text, expected span, kind, value, unit)
type Case = (&'static str, &'static str, NumberKind, Option<f64>, Option<&'static str>);

fn check(cases: &[Case]) {
    let mut failures = Vec::new();
    for &(text, span, kind, value, unit) in cases {
        let found = figures(text);
        let Some(n) = find(&found, text, span) else {
            let got: Vec<&str> = found.iter().map(|n| &text[n.span]).collect();
            failures.push(format!("{text:?}: no figure {span:?}; found {got:?}"));
            continue;
        };
        if n.kind != kind {
            failures.push(format!("{text:?}: {span:?} is {:?}, want {kind:?}", n.kind));
        }
        match (n.value, value) {
            (Some(a), Some(b)) if close(a, b) => {}
            (None, None) => {}
            (got, want) => failures.push(format!("{text:?}: {span:?} value {got:?}, want {want:?}")),
        }
        if n.unit.as_deref() != unit {
            failures.push(format!("{text:?}: {span:?} unit {:?}, want {unit:?}", n.unit));
        }
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

use NumberKind::*;

#[test]
fn cardinals() {
    check(&[
        ("It cost 1,234.5 dollars", "1,234.5 dollars", Currency, Some(1234.5), Some("USD")),
        ("a rate of .08 here", ".08", Cardinal, Some(0.08), None),
        ("China has 1 414 021 100 people", "1 414 021 100", Cardinal, Some(1414021100.0), None),
        ("eleven", "eleven", Cardinal, Some(11.0), None),
        ("twenty-one", "twenty-one", Cardinal, Some(21.0), None),
        ("three hundred and twenty-one", "three hundred and twenty-one", Cardinal, Some(321.0), None),
        ("a dozen eggs", "a dozen", Cardinal, Some(12.0), None),
        ("a hundred thousand people", "a hundred thousand", Cardinal, Some(100000.0), None),
        ("around 1.9 million people", "1.9 million", Cardinal, Some(1.9e6), None),
        ("it lost 11m viewers", "11m", Cardinal, Some(11e6), None),
        ("11m people live there", "11m", Cardinal, Some(11e6), None),
        ("it helped 5m children", "5m", Cardinal, Some(5e6), None),
        ("3 hundred", "3 hundred", Cardinal, Some(300.0), None),
        ("4 thousand 3 hundred and 21 cars", "4 thousand 3 hundred and 21", Cardinal, Some(4321.0), None),
        ("13 lakh", "13 lakh", Cardinal, Some(1.3e6), None),
        ("three lakh crore", "three lakh crore", Cardinal, Some(3e12), None),
        ("6 crore and two hundred", "6 crore and two hundred", Cardinal, Some(60000200.0), None),
        ("two hundred and two thousand", "two hundred and two thousand", Cardinal, Some(202000.0), None),
        ("thirty-one million two hundred fifty-six thousand seven hundred twenty-one", "thirty-one million two hundred fifty-six thousand seven hundred twenty-one", Cardinal, Some(31256721.0), None),
        ("it was -1 today", "-1", Cardinal, Some(-1.0), None),
        ("The answer is minus one", "minus one", Cardinal, Some(-1.0), None),
        ("negative 1200000", "negative 1200000", Cardinal, Some(-1.2e6), None),
        ("1e10", "1e10", Cardinal, Some(1e10), None),
        ("6.23x10^-4", "6.23x10^-4", Cardinal, Some(0.000623), None),
        ("1.111,11", "1.111,11", Cardinal, Some(1111.11), None),
        ("two hundred point seventy-one", "two hundred point seventy-one", Cardinal, Some(200.71), None),
        ("nine point nought four", "nine point nought four", Cardinal, Some(9.04), None),
        ("half a dozen", "half a dozen", Cardinal, Some(6.0), None),
        ("100K", "100K", Cardinal, Some(1e5), None),
        ("1.2b", "1.2b", Cardinal, Some(1.2e9), None),
        ("nearly 5bn people", "5bn", Cardinal, Some(5e9), None),
    ]);
}

#[test]
fn fractions() {
    check(&[
        ("two thirds of voters", "two thirds", Fraction, Some(2.0 / 3.0), None),
        ("two-thirds", "two-thirds", Fraction, Some(2.0 / 3.0), None),
        ("3 1/2 apples", "3 1/2", Fraction, Some(3.5), None),
        ("-4/5", "-4/5", Fraction, Some(-0.8), None),
        ("the result is ½", "½", Fraction, Some(0.5), None),
        ("a quarter of them", "a quarter", Fraction, Some(0.25), None),
        ("half a million", "half a million", Fraction, Some(5e5), None),
        ("five and a half million", "five and a half million", Fraction, Some(5.5e6), None),
        ("one hundred and three quarters", "one hundred and three quarters", Fraction, Some(100.75), None),
        ("one hundred and thirty fifths", "one hundred and thirty fifths", Fraction, Some(26.0), None),
        ("two and fifty-four hundredths", "two and fifty-four hundredths", Fraction, Some(2.54), None),
        ("3 million and a half", "3 million and a half", Fraction, Some(3.5e6), None),
        ("one over twenty", "one over twenty", Fraction, Some(0.05), None),
        ("one out of three", "one out of three", Fraction, Some(1.0 / 3.0), None),
    ]);
}

#[test]
fn ordinals() {
    check(&[
        ("the 21st century", "21st", Ordinal, Some(21.0), None),
        ("twenty-first", "twenty-first", Ordinal, Some(21.0), None),
        ("the third time", "third", Ordinal, Some(3.0), None),
        ("one hundred twenty-fifth", "one hundred twenty-fifth", Ordinal, Some(125.0), None),
        ("a hundred trillionth", "a hundred trillionth", Ordinal, Some(1e14), None),
        ("She finished second!", "second", Ordinal, Some(2.0), None),
        ("one hundred and first", "one hundred and first", Ordinal, Some(101.0), None),
        ("in a second term", "second", Ordinal, Some(2.0), None),
    ]);
}

#[test]
fn percents() {
    check(&[
        ("up 50%", "50%", Percent, Some(50.0), None),
        ("50 percent", "50 percent", Percent, Some(50.0), None),
        ("fifty per cent", "fifty per cent", Percent, Some(50.0), None),
        ("rose 2.5 percentage points", "2.5 percentage points", Percent, Some(2.5), Some("percentage point")),
        ("sales rose 27 % in", "27 %", Percent, Some(27.0), None),
    ]);
}

#[test]
fn currencies() {
    check(&[
        ("won a $48.2 million contract", "$48.2 million", Currency, Some(48.2e6), Some("USD")),
        ("US$10 billion", "US$10 billion", Currency, Some(1e10), Some("USD")),
        ("the c $ 300 million charge", "c $ 300 million", Currency, Some(3e8), Some("CAD")),
        ("C$5", "C$5", Currency, Some(5.0), Some("CAD")),
        ("cost £8.10 million", "£8.10 million", Currency, Some(8.1e6), Some("GBP")),
        ("€2.3bn", "€2.3bn", Currency, Some(2.3e9), Some("EUR")),
        ("¥500", "¥500", Currency, Some(500.0), Some("JPY")),
        ("$5bn deal", "$5bn", Currency, Some(5e9), Some("USD")),
        ("£11m fee", "£11m", Currency, Some(11e6), Some("GBP")),
        ("EUR 125", "EUR 125", Currency, Some(125.0), Some("EUR")),
        ("500 USD", "500 USD", Currency, Some(500.0), Some("USD")),
        ("75 USD million", "75 USD million", Currency, Some(75e6), Some("USD")),
        ("120 MEUR", "120 MEUR", Currency, Some(120e6), Some("EUR")),
        ("323 million euros", "323 million euros", Currency, Some(323e6), Some("EUR")),
        ("five million yen", "five million yen", Currency, Some(5e6), Some("JPY")),
        ("125 million australian dollars", "125 million australian dollars", Currency, Some(125e6), Some("AUD")),
        ("down 34 cents", "34 cents", Currency, Some(34.0), Some("Cent")),
        ("197 pence", "197 pence", Currency, Some(197.0), Some("Pence")),
        ("3 dollars 50 cents", "3 dollars 50 cents", Currency, Some(3.5), Some("USD")),
        ("thirteen dollars and forty-five cents", "thirteen dollars and forty-five cents", Currency, Some(13.45), Some("USD")),
        ("35 lakh rupees", "35 lakh rupees", Currency, Some(3.5e6), Some("INR")),
        ("a quarter million us dollars", "a quarter million us dollars", Currency, Some(250000.0), Some("USD")),
        ("10 million pounds", "10 million pounds", Currency, Some(1e7), Some("GBP")),
        ("Rs. 500", "Rs. 500", Currency, Some(500.0), Some("INR")),
    ]);
}

#[test]
fn dimensions() {
    check(&[
        ("200 miles north", "200 miles", Dimension, Some(200.0), Some("Mile")),
        ("a 3-inch thickness", "3-inch", Dimension, Some(3.0), Some("Inch")),
        ("the six-mile trip", "six-mile", Dimension, Some(6.0), Some("Mile")),
        ("I'm 1.8m tall.", "1.8m", Dimension, Some(1.8), Some("Meter")),
        ("he won the 100m sprint", "100m", Dimension, Some(100.0), Some("Meter")),
        ("a 400m race for men", "400m", Dimension, Some(400.0), Some("Meter")),
        ("a 7.62mm barrel", "7.62mm", Dimension, Some(7.62), Some("Millimeter")),
        ("291,890 metric tons", "291,890 metric tons", Dimension, Some(291890.0), Some("Metric ton")),
        ("at 188 miles an hour", "188 miles an hour", Dimension, Some(188.0), Some("Mile per hour")),
        ("at 120 km/h", "120 km/h", Dimension, Some(120.0), Some("Kilometer per hour")),
        ("at 60 mph", "60 mph", Dimension, Some(60.0), Some("Mile per hour")),
        ("he is 5 feet 2 inches", "5 feet 2 inches", Dimension, Some(5.0 + 2.0 / 12.0), Some("Foot")),
        ("20 [kg]", "20 [kg]", Dimension, Some(20.0), Some("Kilogram")),
        ("120 μg", "120 μg", Dimension, Some(120.0), Some("Microgram")),
        ("100 square meters", "100 square meters", Dimension, Some(100.0), Some("Square meter")),
        ("5,000 acres", "5,000 acres", Dimension, Some(5000.0), Some("Acre")),
        ("500 ml", "500 ml", Dimension, Some(500.0), Some("Milliliter")),
        ("15 lbs", "15 lbs", Dimension, Some(15.0), Some("Pound")),
        ("two tonnes", "two tonnes", Dimension, Some(2.0), Some("Metric ton")),
        ("100 MB", "100 MB", Dimension, Some(100.0), Some("Megabyte")),
    ]);
}

#[test]
fn ages_and_temperatures() {
    check(&[
        ("He is 29 years old", "29 years old", Age, Some(29.0), Some("Year")),
        ("a 29-year-old man", "29-year-old", Age, Some(29.0), Some("Year")),
        ("ninety five years of age", "ninety five years of age", Age, Some(95.0), Some("Year")),
        ("ten months old", "ten months old", Age, Some(10.0), Some("Month")),
        ("a 87 yo man", "87 yo", Age, Some(87.0), Some("Year")),
        ("40 deg celsius", "40 deg celsius", Temperature, Some(40.0), Some("Celsius")),
        ("-5°F", "-5°F", Temperature, Some(-5.0), Some("Fahrenheit")),
        ("30°C", "30°C", Temperature, Some(30.0), Some("Celsius")),
        ("100 degrees f", "100 degrees f", Temperature, Some(100.0), Some("Fahrenheit")),
        ("the temperature outside is 98 degrees", "98 degrees", Temperature, Some(98.0), Some("Degree")),
        ("convert - 20 degrees fahrenheit", "- 20 degrees fahrenheit", Temperature, Some(-20.0), Some("Fahrenheit")),
    ]);
}

#[test]
fn ranges() {
    let cases: &[(&str, &str, Option<f64>, Option<f64>)] = &[
        ("between 20 and 30", "between 20 and 30", Some(20.0), Some(30.0)),
        ("ages 20-30 only", "20-30", Some(20.0), Some(30.0)),
        ("from 5 to 10 percent", "from 5 to 10 percent", Some(5.0), Some(10.0)),
        ("more than 20 and at most 35", "more than 20 and at most 35", Some(20.0), Some(35.0)),
        ("more than half of them", "more than half", Some(0.5), None),
        ("up to 700 workers", "up to 700", None, Some(700.0)),
        ("five hundred or more", "five hundred or more", Some(500.0), None),
        ("when >= 30", ">= 30", Some(30.0), None),
        ("when <-30", "<-30", None, Some(-30.0)),
        ("1000 – 5000", "1000 – 5000", Some(1000.0), Some(5000.0)),
        ("at most 100 and at least 20", "at most 100 and at least 20", Some(20.0), Some(100.0)),
        ("between $30,000 and $60,000", "between $30,000 and $60,000", Some(30000.0), Some(60000.0)),
        ("in 2010-15", "2010-15", Some(2010.0), Some(2015.0)),
        ("20 to 30 people", "20 to 30", Some(20.0), Some(30.0)),
        ("30%-40% of them", "30%-40%", Some(30.0), Some(40.0)),
        ("30 at most", "30 at most", None, Some(30.0)),
        // A scale word after the second end applies to a bare first end.
        ("between 3 and 5 million people", "between 3 and 5 million", Some(3e6), Some(5e6)),
        ("3-5 billion dollars", "3-5 billion dollars", Some(3e9), Some(5e9)),
        ("from $3 to $5 million", "from $3 to $5 million", Some(3e6), Some(5e6)),
        ("3 to 5 million people", "3 to 5 million", Some(3e6), Some(5e6)),
        // But not to a first end that is already larger, or has a scale.
        ("between 300 and 5 million", "between 300 and 5 million", Some(300.0), Some(5e6)),
        ("between 1 million and 2 billion", "between 1 million and 2 billion", Some(1e6), Some(2e9)),
    ];
    let mut failures = Vec::new();
    for &(text, span, min, max) in cases {
        let found = figures(text);
        match find(&found, text, span) {
            Some(n) if n.kind == Range => {
                let r = n.range.expect("a range has endpoints");
                if r.min != min || r.max != max {
                    failures.push(format!("{text:?}: [{:?}, {:?}], want [{min:?}, {max:?}]", r.min, r.max));
                }
            }
            other => failures.push(format!("{text:?}: {other:?}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // A bound around an amount with a unit leaves the amount as the figure.
    let text = "racked up more than $ 247 million";
    assert!(find(&figures(text), text, "$ 247 million").is_some());
    // Two bounds that do not make an interval stay apart.
    let text = "More than 40 and less than 10";
    let got: Vec<&str> = figures(text).iter().map(|n| &text[n.span]).collect::<Vec<_>>().into_iter().collect();
    assert_eq!(got, ["More than 40", "less than 10"]);
}

#[test]
fn dates() {
    let cases = [
        ("On Tuesday the", "Tuesday", "XXXX-WXX-2"),
        ("on Feb. 23, 2017.", "Feb. 23, 2017", "2017-02-23"),
        ("born 1996-08-30 in", "1996-08-30", "1996-08-30"),
        ("in 1996 he", "1996", "1996"),
        ("the 1990s boom", "1990s", "199X"),
        ("on 23 February 2017", "23 February 2017", "2017-02-23"),
        ("in March 2021", "March 2021", "2021-03"),
        ("since May", "May", "XXXX-05"),
        ("the 4th of July", "4th of July", "XXXX-07-04"),
    ];
    for (text, span, iso) in cases {
        let found = figures(text);
        let n = find(&found, text, span).unwrap_or_else(|| panic!("{text:?}: no {span:?} in {found:?}"));
        assert_eq!(n.kind, Date, "{text:?}");
        assert_eq!(n.iso.as_deref(), Some(iso), "{text:?}");
    }
}

#[test]
fn false_positives() {
    let none = [
        "a",
        "A man and an apple",
        "The one you mentioned is invalid",
        "Which one do you prefer?",
        "one of the best",
        "She May be late",
        "wait a second",
        "G7 leaders met",
        "COVID-19 cases",
        "an F-16 crashed",
        "U2 played",
        "version 1.2.3 is out",
        "version 4.2 is out",
        "Update to firmware 2.1 now",
        "You can go to https://www.test.com/search?q=30%25%2020%",
        "I'll give you a surprise at 2:00 pm",
        "or at 6pm, too late",
        "Send them a quick DM",
        "24703m212",
        "scp-173m",
        "The 13F filing",
        "I was a current student last semester",
        "He was looking for a next of kin",
        "Yo dude!",
    ];
    for text in none {
        let found: Vec<String> = figures(text)
            .iter()
            .map(|n| format!("{:?} {:?}", &text[n.span], n.kind))
            .collect();
        assert!(found.is_empty(), "{text:?}: {found:?}");
    }
    // A postcode before a letter is not a temperature.
    let text = "Jane Doe, 123 Random Street, Cloud City, PA 23456 F Block";
    assert!(figures(text).iter().all(|n| n.kind == Cardinal), "{:?}", figures(text));
    // A phone number is one span.
    let text = "+1-222-2222/2222 is a phone number.";
    let found = figures(text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(&text[found[0].span], "+1-222-2222/2222");
    assert_eq!(found[0].value, None);
    // Spaced groups after an area code in brackets are one phone number too.
    for (text, phone) in [("Call (02) 9876 5432 now", "(02) 9876 5432"), ("Call +1 (555) 123-4567 today", "+1 (555) 123-4567")] {
        let found = figures(text);
        assert_eq!(found.iter().map(|n| &text[n.span]).collect::<Vec<_>>(), [phone], "{text}");
    }
    // Two numbers, not one: "423 0000".
    let text = "423 0000 will be two numbers";
    let got: Vec<&str> = figures(text).iter().map(|n| &text[n.span]).collect::<Vec<_>>().into_iter().collect();
    assert_eq!(got, ["423", "0000", "two"]);
}

#[test]
fn bad_input_never_panics_or_overflows() {
    // Completes without a panic (no timing here: `make bench` checks that each
    // of these families is linear, by instruction counts per doubling).
    // A 100,000-digit number: one figure, value null.
    let text = "9".repeat(100_000);
    let found = figures(&text);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].value, None);
    // "1,1,1,…" for a megabyte: no panic, linear.
    let text = "1,".repeat(500_000);
    figures(&text);
    // Repeated scale words.
    let text = "one ".to_string() + &"million ".repeat(200_000);
    let found = figures(&text);
    assert!(found.iter().all(|n| n.value.is_none_or(f64::is_finite)));
    let text = "one hundred and ".repeat(100_000);
    figures(&text);
    let text = "twenty ".repeat(100_000) + "fifths";
    figures(&text);
    let text = "more than ".repeat(100_000) + "5";
    figures(&text);
    let text = "between 1 and ".repeat(100_000);
    figures(&text);
    let text = "1-".repeat(300_000);
    figures(&text);
    let text = "$".repeat(300_000) + "5";
    figures(&text);
    for piece in ["+1-", "1/", "½", "- ", "123 ", "one and a half and ", "1 to ", "Feb. ", "(", "20-", "a "] {
        let text = piece.repeat(1_000_000 / piece.len());
        figures(&text);
    }
    // Overflowing words: a value that is not finite is null.
    let text = "a million ".to_string() + &"trillion ".repeat(40);
    for n in figures(&text) {
        assert!(n.value.is_none_or(f64::is_finite));
    }
    let text = format!("{}e999999", "9".repeat(400));
    for n in figures(&text) {
        assert!(n.value.is_none_or(f64::is_finite));
    }
}

#[test]
fn golden_article() {
    let Some(dir) = support::shared::dir() else { return };
    let path = dir.join("articles/000_11e5508c510430c4.txt");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("notice: {} is absent; skipping", path.display());
        return;
    };
    let found = figures(&text);
    let got: Vec<(&str, NumberKind, Option<f64>)> = found.iter().map(|n| (&text.as_str()[n.span], n.kind, n.value)).collect();
    let want: &[(&str, NumberKind, Option<f64>)] = &[
        ("Tuesday", Date, None),
        ("Thursday", Date, None),
        ("two", Cardinal, Some(2.0)),
        ("11 million", Cardinal, Some(11e6)),
        ("More than half", Range, None),
        ("1.9 million", Cardinal, Some(1.9e6)),
    ];
    assert_eq!(got, want);
    let half = &found[4];
    assert_eq!(half.range.and_then(|r| r.min), Some(0.5));
}
