//! Table-driven tests of the quote stage: each attribution pattern, each
//! false-positive case, bad input, and a golden article.
//!
//! The golden article is third-party text: it is read at run time from
//! `$LEDE_SHARED/articles` (default `../shared`) and the test is skipped with
//! a notice when it is absent.

use lede::{Annotation, Highlighter, Options, Quote};

/// Quotes only, with the speaker resolution of `link` but no entity model,
/// so these tests pin the quote stage alone.
fn quotes(text: &str) -> Vec<Quote> {
    quotes_with(text, Options::default())
}

/// Like [`quotes`], with the quote settings of `options`.
fn quotes_with(text: &str, options: Options) -> Vec<Quote> {
    let h = Highlighter::new(options.entities(false).numbers(false));
    h.analyze(text)
        .into_iter()
        .filter_map(|a| match a {
            Annotation::Quote(q) => Some(q),
            _ => None,
        })
        .collect()
}

/// (quote text trimmed of marks and edge punctuation, speaker text, cue text)
fn described(text: &str) -> Vec<(String, Option<String>, Option<String>)> {
    described_with(text, Options::default())
}

fn described_with(text: &str, options: Options) -> Vec<(String, Option<String>, Option<String>)> {
    let edge = |c: char| c.is_whitespace() || "\"'`\u{201C}\u{201D}\u{2018}\u{2019}\u{00AB}\u{00BB},.:;!?".contains(c);
    quotes_with(text, options)
        .into_iter()
        .map(|q| {
            (
                text[q.span].trim_matches(edge).to_string(),
                q.speaker.map(|s| text[s].to_string()),
                q.cue.map(|s| text[s].to_string()),
            )
        })
        .collect()
}

#[test]
fn attribution_patterns() {
    // (text, [(quote, speaker, cue)])
    let cases: &[(&str, &[(&str, &str, &str)])] = &[
        ("\u{201C}We will build it,\u{201D} Kelly said.", &[("We will build it", "Kelly", "said")]),
        (
            "\"We will build it,\" said Rex Tillerson, the secretary of state.",
            &[("We will build it", "Rex Tillerson", "said")],
        ),
        ("Kelly said: \"There will be no mass deportations.\"", &[("There will be no mass deportations", "Kelly", "said")]),
        ("Kelly said \"there will be no mass deportations.\"", &[("there will be no mass deportations", "Kelly", "said")]),
        (
            "According to Tillerson, \"the talks went well.\"",
            &[("the talks went well", "Tillerson", "According to")],
        ),
        ("\"The talks went well,\" according to a State Department official.", &[("The talks went well", "a State Department official", "according to")]),
        ("\"Ask not what your country can do for you.\" \u{2014} John F. Kennedy", &[("Ask not what your country can do for you", "John F. Kennedy", "\u{2014}")]),
        (
            "\u{201C}We are getting drug lords out,\u{201D} he said. \u{201C}We are getting bad dudes out.\u{201D}",
            &[("We are getting drug lords out", "he", "said"), ("We are getting bad dudes out", "he", "said")],
        ),
        (
            "\"It is a good plan,\" she said, \"and we will pass it.\"",
            &[("It is a good plan", "she", "said"), ("and we will pass it", "she", "said")],
        ),
        (
            "A White House spokeswoman said: \"The president is confident.\"",
            &[("The president is confident", "A White House spokeswoman", "said")],
        ),
        (
            "Gene Sperling, a top Clinton adviser, said: \"It is not hunky-dory.\"",
            &[("It is not hunky-dory", "Gene Sperling", "said")],
        ),
        ("\"We won,\" Trump also told reporters on Monday.", &[("We won", "Trump", "told")]),
        ("The mayor was quoted as saying \"the city is safe.\"", &[("the city is safe", "The mayor", "saying")]),
        ("Kasich: \u{2018}We Are Going To Cleveland.\u{2019}", &[("We Are Going To Cleveland", "Kasich", ":")]),
        (
            "Senator Smith said the plan was \"dead on arrival\" in the Senate.",
            &[("the plan was \"dead on arrival", "Senator Smith", "said")],
        ),
        (
            "Bush tweeted that Trump is a \u{201C}loser,\u{201D} a \u{201C}liar\u{201D} and a \u{201C}whiner.\u{201D}",
            &[("that Trump is a \u{201C}loser,\u{201D} a \u{201C}liar\u{201D} and a \u{201C}whiner", "Bush", "tweeted")],
        ),
        ("\u{00AB}Nous gagnerons,\u{00BB} said Macron.", &[("Nous gagnerons", "Macron", "said")]),
        ("\u{2018}We will win,\u{2019} the minister said.", &[("We will win", "the minister", "said")]),
        (
            "\u{201C}He called it \u{2018}fake\u{2019} news,\u{201D} she said.",
            &[("He called it \u{2018}fake\u{2019} news", "she", "said")],
        ),
    ];
    for (text, want) in cases {
        let got = described(text);
        let want: Vec<_> = want.iter().map(|(q, s, c)| (q.to_string(), Some(s.to_string()), Some(c.to_string()))).collect();
        assert_eq!(got, want, "{text:?}");
    }
}

/// Typewriter double marks (`''…''`, ``` ``…'' ```): quotations only with
/// `Options::typewriter_quotes(true)`; by default two apostrophes.
#[test]
fn typewriter_quotes() {
    // (text, [(quote, speaker, cue)] with the convention on)
    let cases: &[(&str, &[(&str, &str, &str)])] = &[
        ("''We will win,'' the senator said.", &[("We will win", "the senator", "said")]),
        ("``We will win,'' the senator said.", &[("We will win", "the senator", "said")]),
        ("Kelly said: ''There will be no mass deportations.''", &[("There will be no mass deportations", "Kelly", "said")]),
        (
            "''It is a good plan,'' she said, ''and we will pass it.''",
            &[("It is a good plan", "she", "said"), ("and we will pass it", "she", "said")],
        ),
    ];
    let on = Options::default().typewriter_quotes(true);
    for (text, want) in cases {
        let want: Vec<_> = want.iter().map(|(q, s, c)| (q.to_string(), Some(s.to_string()), Some(c.to_string()))).collect();
        assert_eq!(described_with(text, on), want, "{text:?} with the convention");
        // The default: no quotation at all.
        assert_eq!(described(text), vec![], "{text:?} by default");
        assert_eq!(described_with(text, on.typewriter_quotes(false)), vec![], "{text:?} turned off");
    }
    // By default, real marks next to apostrophes are read as always.
    let cases: &[(&str, &[(&str, &str, &str)])] = &[
        ("\"We said ''no'' twice,\" Kelly said.", &[("We said ''no'' twice", "Kelly", "said")]),
        ("\u{201C}Rock ''n'' roll,\u{201D} she said.", &[("Rock ''n'' roll", "she", "said")]),
    ];
    for (text, want) in cases {
        let want: Vec<_> = want.iter().map(|(q, s, c)| (q.to_string(), Some(s.to_string()), Some(c.to_string()))).collect();
        assert_eq!(described(text), want, "{text:?}");
    }
}

/// Speakers the grammar reads past appositives, relative clauses,
/// participles, roles and transcripts (issue #3, second round).
#[test]
fn speaker_patterns() {
    // (text, [(quote, speaker, cue)])
    let cases: &[(&str, &[(&str, &str, &str)])] = &[
        // A role before the name.
        ("\"It will appear in an ad,\" said pollster Frank Luntz.", &[("It will appear in an ad", "pollster Frank Luntz", "said")]),
        ("\"It is fine,\" said 9/11 widow Terry Strada.", &[("It is fine", "9/11 widow Terry Strada", "said")]),
        // An appositive that never closes before the verb.
        (
            "\"This ad raises questions,\" Katie Packer, who leads the group said in a statement.",
            &[("This ad raises questions", "Katie Packer", "said")],
        ),
        // A long appositive, and one between dashes.
        (
            "Rich Heffley, a top operative who ran the early-vote effort in the state, said the program is a \"critical part of our strategy.\"",
            &[("the program is a \"critical part of our strategy", "Rich Heffley", "said")],
        ),
        (
            "On Friday, Gingrich \u{2014} mentioned as the leading choice \u{2014} told a host that \"you have to look at it.\"",
            &[("that \"you have to look at it", "Gingrich", "told")],
        ),
        // "as X said" after a fragment; "as X puts it" before a quote.
        ("Still, the race \"is a dead heat right now,\" as Cruz said on Monday.", &[("Still, the race \"is a dead heat right now", "Cruz", "said")]),
        ("As The Post's Dana Milbank puts it, \"Senate Republicans are unmoved.\"", &[("Senate Republicans are unmoved", "The Post's Dana Milbank", "puts")]),
        // Any verb after a quote ending in a comma, with a longer subject.
        ("\"Let me help you out,\" the Republican vice-presidential nominee riffed.", &[("Let me help you out", "the Republican vice-presidential nominee", "riffed")]),
        ("\"Jeb wants to be a tough guy,\" Trump shot back.", &[("Jeb wants to be a tough guy", "Trump", "shot")]),
        // A subject and a verb set off by a comma before the quote.
        ("Sanders shot back, \"Secretary Clinton called them out.\"", &[("Secretary Clinton called them out", "Sanders", "shot")]),
        // A relative clause between the speaker and the verb.
        (
            "A White House official who spoke anonymously to discuss strategy said Wednesday, \"There are discussions.\"",
            &[("There are discussions", "A White House official", "said")],
        ),
        // A participle after "X said,": X, not a name inside the quote before.
        (
            "\"He stands for the middle class,\" Anderson said, adding that Sanders is \"the most trustworthy.\"",
            &[("He stands for the middle class", "Anderson", "said"), ("that Sanders is \"the most trustworthy", "Anderson", "adding")],
        ),
        // The cue after the last comma governs the fragment.
        (
            "Republicans were quick to chime in, with Donald Trump tweeting that it was a \"disaster\" for Clinton.",
            &[("that it was a \"disaster", "Donald Trump", "tweeting")],
        ),
        // A possessor speaks through a noun with a "that" clause.
        (
            "He faced a backlash over his warning that Britain would go to the \"back of the queue\" on trade.",
            &[("that Britain would go to the \"back of the queue", "his", "warning")],
        ),
        // "what he called": the clause's named subject.
        ("Ban Ki-moon condemned what he called a \"brazen breach\" of U.N. resolutions.", &[("a \"brazen breach", "Ban Ki-moon", "called")]),
        // A reporting word after a possessive is a noun, not the cue.
        (
            "The lawmaker, who represents a district, said Trump's remarks \"have had widespread dissemination, thus aggravating the shame.\"",
            &[("have had widespread dissemination, thus aggravating the shame", "The lawmaker", "said")],
        ),
        // "and said": the subject after the last comma.
        ("When asked about a press conference, he laughed and said, \"We will see.\"", &[("We will see", "he", "said")]),
        // A transcript line.
        ("Partial transcript:\n\"PENCE: Well, the question is why they invited him.\"", &[("PENCE: Well, the question is why they invited him", "PENCE", ":")]),
        // A period inside an abbreviation does not end the clause.
        ("\u{201C}They have nothing to worry about,\u{201D} Sen. Chuck Schumer (D-N.Y.) said Tuesday.", &[("They have nothing to worry about", "Sen. Chuck Schumer", "said")]),
        // "but added": the speaker of the clause's earlier verb.
        (
            "Suu Kyi, 70, said it was too early to congratulate winners but added, \"I think you all have an idea of the results.\"",
            &[("I think you all have an idea of the results", "Suu Kyi", "added")],
        ),
        // The object of a preposition is not the subject.
        (
            "In a statement released Thursday, Rep. Hakeem Jeffries reacted to the news, saying: \"The killer should be in prison.\"",
            &[("The killer should be in prison", "Rep. Hakeem Jeffries", "saying")],
        ),
        // A reporting word after "of" is a noun of the speaker phrase.
        (
            "At a rally, the secretary of state said she was \"not only here to do my job\" tonight.",
            &[("she was \"not only here to do my job", "the secretary of state", "said")],
        ),
        // The sentence before reports what the speaker says.
        (
            "Coan, the attorney, argues that his client was never violent. \"The government is alleging that his calls were violent.\"",
            &[("The government is alleging that his calls were violent", "Coan", "argues")],
        ),
        // A relative clause's pronoun, as written (link names "who").
        (
            "Beck, who has in the past described Trump as \u{201C}a pathological narcissistic sociopath,\u{201D} spoke on Friday.",
            &[("Trump as \u{201C}a pathological narcissistic sociopath", "who", "described")],
        ),
        ("They passed out water bottles that said, \u{201C}The party welcomes you.\u{201D}", &[("The party welcomes you", "that", "said")]),
        ("The resolution, which said the city \u{201C}condemns anti-Muslim speech,\u{201D} passed.", &[("the city \u{201C}condemns anti-Muslim speech", "which", "said")]),
        // An abbreviation ending a sentence before a pronoun.
        (
            "Cox says Obama is trying to distract from attacks in the U.S. He says Americans don\u{2019}t need any more \u{201C}condescending lectures.\u{201D}",
            &[("Americans don\u{2019}t need any more \u{201C}condescending lectures", "He", "says")],
        ),
    ];
    for (text, want) in cases {
        let got = described(text);
        let want: Vec<_> = want.iter().map(|(q, s, c)| (q.to_string(), Some(s.to_string()), Some(c.to_string()))).collect();
        assert_eq!(got, want, "{text:?}");
    }
}

/// False positives of the speaker grammar: no relative pronoun when a name
/// or pronoun is the relative clause's own subject, and "That said," is no
/// relative clause.
#[test]
fn relative_pronoun_false_positives() {
    let cases: &[(&str, &[(&str, &str, &str)])] = &[
        ("The plan that Trump called \u{201C}a disaster\u{201D} failed.", &[("a disaster", "Trump", "called")]),
        ("That said, the senator called it \u{201C}a disaster.\u{201D}", &[("it \u{201C}a disaster", "the senator", "called")]),
        ("The senator said that he \u{201C}will not yield.\u{201D}", &[("that he \u{201C}will not yield", "The senator", "said")]),
    ];
    for (text, want) in cases {
        let want: Vec<_> = want.iter().map(|(q, s, c)| (q.to_string(), Some(s.to_string()), Some(c.to_string()))).collect();
        assert_eq!(described(text), want, "{text:?}");
    }
}

/// A direct quote set off by a comma from a clause with no reporting verb
/// takes that clause's subject when nothing else attributes it.
#[test]
fn comma_introductions() {
    // (text, speaker)
    let cases: &[(&str, Option<&str>)] = &[
        ("Intro.\n\nAfter the attacks, Trump issued a statement, \u{201C}Our nation was attacked.\u{201D}", Some("Trump")),
        ("Intro.\n\nEarlier this week, she shared her anxiety with an audience, \u{201C}I do not know which Trump will show up.\u{201D}", Some("she")),
        // False positives: no subject, or no verb after it.
        ("Intro.\n\nIn Iowa, \u{201C}Yes, we can.\u{201D}", None),
        ("Intro.\n\nThe crowd in the hall, \u{201C}Yes, we can.\u{201D}", None),
    ];
    for (text, speaker) in cases {
        let got = described(text);
        assert_eq!(got.len(), 1, "{text:?}");
        assert_eq!(got[0].1.as_deref(), *speaker, "{text:?}");
    }
}

/// Fragments in a list after a quote that ended in a comma go on the same
/// mixed quote (`a "nasty guy," an "anchor baby," "unstable" and "sick"`).
#[test]
fn listed_fragments_are_one_quote() {
    let text = "Trump called the senator a \"nasty guy,\" an \"anchor baby,\" \"unstable\" and \"sick.\"";
    let got = described(text);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].1.as_deref(), Some("Trump"));
    // Two quoted sentences in a row are still two quotes.
    let got = described("Intro.\n\n\u{201C}We won.\u{201D} \u{201C}They lost,\u{201D} he said.");
    assert_eq!(got.len(), 2, "{got:?}");
}

/// A quote carried on to the next paragraph that closes there with its
/// own attribution is two quotes; one that opens its paragraph stays whole.
#[test]
fn continued_quote_with_its_own_attribution_splits() {
    let text = "Intro.\n\n\u{201C}They are angry,\u{201D} he said. \u{201C}They separate the women and the children.\n\n\u{201C}This is still my family,\u{201D} he said.";
    let got: Vec<_> = described(text).into_iter().map(|(q, s, _)| (q, s)).collect();
    let he = || Some("he".to_string());
    assert_eq!(
        got,
        [
            ("They are angry".to_string(), he()),
            ("They separate the women and the children".to_string(), he()),
            ("This is still my family".to_string(), he())
        ]
    );
    // Opening its paragraph, the quote is one speech.
    let text = "Intro.\n\n\u{201C}They separate the women and the children.\n\n\u{201C}This is still my family,\u{201D} he said.";
    assert_eq!(described(text).len(), 1);
}

#[test]
fn multi_paragraph_and_continued_quotes() {
    let text = "Kelly said: \u{201C}We will act within the law.\n\n\u{201C}Nobody will be deported by force.\u{201D}\n\n\u{201C}We will work with Mexico.\u{201D}";
    let got = described(text);
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(got[0].0.contains("within the law") && got[0].0.contains("by force"));
    assert_eq!(got[0].1.as_deref(), Some("Kelly"));
    // The next paragraph continues the same speaker.
    assert_eq!(got[1].1.as_deref(), Some("Kelly"));
}

#[test]
fn speaker_names_resolve() {
    let text = "Secretary of State Rex Tillerson met ministers. \u{201C}We agreed,\u{201D} Tillerson said. \u{201C}It went well,\u{201D} he said. \"It was fine,\" a spokeswoman said.";
    let names: Vec<Option<String>> = quotes(text).into_iter().map(|q| q.speaker_name).collect();
    let rex = Some("Rex Tillerson".to_string());
    // Without an entity layer the name comes from the speaker span itself
    // (the sentence before names nobody as a speaker); "he" takes the last
    // named speaker; a nominal with no person entity before it stays unnamed.
    assert_eq!(names, [Some("Tillerson".to_string()), Some("Tillerson".to_string()), None]);
    let text = "\u{201C}We agreed,\u{201D} said Secretary of State Rex Tillerson. \u{201C}It went well,\u{201D} Tillerson said.";
    let names: Vec<Option<String>> = quotes(text).into_iter().map(|q| q.speaker_name).collect();
    assert_eq!(names, [rex.clone(), rex]);
}

#[test]
fn false_positives() {
    let cases: &[&str] = &[
        // Apostrophes and elisions.
        "Don\u{2019}t stop rock \u{2019}n\u{2019} roll, the \u{2019}90s band told Jones\u{2019} fans.",
        "Don't stop rock 'n' roll, the '90s band told Jones' fans.",
        // Inch and foot marks.
        "The 6'2\" center and the 5'11\" guard played.",
        // Titles of works and scare quotes with no source.
        "She starred in \u{201C}Saturday Night Live\u{201D} for years.",
        "The so-called \u{201C}reform\u{201D} passed on Tuesday.",
        "The \"plan\" was announced on Monday.",
        // Markup attributes.
        "<tweet id=\"672138506081275904\" author=\"@someone\">Hello</tweet>",
        // Subheads: a line of nothing but a short quote in single marks or
        // capitals repeats the story's words as a section title.
        "Trump spoke for an hour.\n\n'Totally pro-Israel.'\n\nStill, he has sought to reassure voters.",
        "Two columns ran.\n\n\"DIVISIVE, STUPID AND WRONG\"\n\nThe first column argues for a change.",
    ];
    for text in cases {
        assert_eq!(described(text), Vec::new(), "{text:?}");
    }
}

#[test]
fn nominal_speakers_are_not_named_by_their_modifiers() {
    // "the Republican vice-presidential nominee" names nobody: without a
    // person before it, it stays unnamed rather than becoming "Republican".
    let text = "\"Let me help you out,\" the Republican vice-presidential nominee riffed. \"No,\" a White House spokeswoman said.";
    let names: Vec<Option<String>> = quotes(text).into_iter().map(|q| q.speaker_name).collect();
    assert_eq!(names, [None, None]);
    // A name after a role is still read: "Cruz spokeswoman Catherine Frazier".
    let text = "\"No,\" said Cruz spokeswoman Catherine Frazier.";
    let names: Vec<Option<String>> = quotes(text).into_iter().map(|q| q.speaker_name).collect();
    assert_eq!(names, [Some("Catherine Frazier".to_string())]);
}

#[test]
fn headline_quotes_stay() {
    // A quote in the first line is a headline, not a subhead.
    let got = described("Kasich: \u{2018}We Are Going To Cleveland.\u{2019}\n\nThe governor spoke.");
    assert_eq!(got, [("We Are Going To Cleveland".to_string(), Some("Kasich".to_string()), Some(":".to_string()))]);
}

#[test]
fn unclosed_mark_closes_at_paragraph_end() {
    let text = "He said: \u{201C}We will never give up\nThe next paragraph is news.\n\nAnother one.";
    let qs = quotes(text);
    assert_eq!(qs.len(), 1);
    assert_eq!(&text[qs[0].span], "\u{201C}We will never give up");
}

#[test]
fn bad_input_never_panics_and_stays_in_bounds() {
    let inputs = [
        "\"".repeat(100_000),
        "\u{201C}".repeat(100_000),
        "'a ".repeat(100_000),
        format!("\u{201C}{}", "word said he ".repeat(800_000)),
        "\u{201D}\u{201C}\u{2019}\u{2018}\u{00BB}\u{00AB}\"'".repeat(20_000),
        "\"a\" ".repeat(50_000),
        "\u{201C}We won,\u{201D} ".repeat(50_000),
    ];
    for text in &inputs {
        let qs = quotes(text);
        for q in &qs {
            assert!(q.span.end <= text.len());
        }
    }
}

fn shared_dir() -> std::path::PathBuf {
    match std::env::var_os("LEDE_SHARED") {
        Some(d) => d.into(),
        None => std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"),
    }
}

#[test]
fn golden_article() {
    let path = shared_dir().join("articles/000_11e5508c510430c4.txt");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("skipping golden_article: {} not found (set LEDE_SHARED)", path.display());
        return;
    };
    let text: &str = &text;
    let qs = quotes(text);
    // (a phrase inside the quote, a phrase inside its speaker span, the surname of the resolved name)
    let want: &[(&str, &str, &str)] = &[
        ("'no mass deportations'", "Kelly", "Kelly"),
        ("\u{201C}no mass deportations\u{201D}", "Kelly", "Kelly"),
        ("\"concern and irritation\"", "who", ""),
        ("\u{201C}a military operation\u{201D}", "The President", ""),
        ("getting drug lords out", "he", ""),
        ("really bad dudes", "he", ""),
        ("\"military\"", "Sean Spicer", "Spicer"),
        ("no, repeat, no mass deportations", "Kelly", "Kelly"),
        ("no use of military force", "he", "Kelly"),
        ("reiterated our joint commitment", "Tillerson", "Tillerson"),
        ("stopping the illegal firearms", "he", "Tillerson"),
        ("no mistaking that the rule of law", "he", "Tillerson"),
        ("removeable criminal aliens", "US government estimates", ""),
    ];
    assert_eq!(qs.len(), want.len(), "{:#?}", qs.iter().map(|q| &text[q.span]).collect::<Vec<_>>());
    for (q, (inside, speaker, name)) in qs.iter().zip(want) {
        let qt = &text[q.span];
        assert!(qt.contains(inside), "{qt:?} should contain {inside:?}");
        let sp = q.speaker.map(|s| &text[s]).unwrap_or("");
        assert!(sp.contains(speaker), "{qt:?}: speaker {sp:?} should contain {speaker:?}");
        let n = q.speaker_name.as_deref().unwrap_or("");
        assert!(n.ends_with(name), "{qt:?}: name {n:?} should end with {name:?}");
        assert!(q.cue.is_some(), "{qt:?} has no cue");
    }
}
