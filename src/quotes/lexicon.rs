//! Word lists the attribution grammar reads: reporting verbs, speaker
//! pronouns, the little words that may sit between a speaker and its verb,
//! and titles that open a name.
//!
//! One entry per line, so that a diff reads as a change of data. Every list
//! is matched case-insensitively on ASCII, and kept sorted only by meaning:
//! lookups are a linear scan over a few hundred short strings, done only at
//! the handful of tokens around each quote, never per token of the text.

use std::sync::OnceLock;

/// Reporting verbs in every inflection news uses: a quote's cue.
///
/// Verbs that take their object as the quote ("called him a “…”",
/// "described it as “…”") are here too: news prints mixed quotes after them.
const REPORTING_VERBS: &[&str] = &[
    "say",
    "says",
    "said",
    "saying",
    "tell",
    "tells",
    "told",
    "telling",
    "add",
    "adds",
    "added",
    "adding",
    "ask",
    "asks",
    "asked",
    "asking",
    "write",
    "writes",
    "wrote",
    "writing",
    "written",
    "tweet",
    "tweets",
    "tweeted",
    "tweeting",
    "post",
    "posted",
    "insist",
    "insists",
    "insisted",
    "insisting",
    "state",
    "states",
    "stated",
    "explain",
    "explains",
    "explained",
    "explaining",
    "note",
    "notes",
    "noted",
    "noting",
    "argue",
    "argues",
    "argued",
    "arguing",
    "claim",
    "claims",
    "claimed",
    "claiming",
    "continue",
    "continues",
    "continued",
    "reply",
    "replies",
    "replied",
    "respond",
    "responds",
    "responded",
    "answer",
    "answers",
    "answered",
    "declare",
    "declares",
    "declared",
    "declaring",
    "conclude",
    "concludes",
    "concluded",
    "report",
    "reports",
    "reported",
    "reporting",
    "read",
    "reads",
    "warn",
    "warns",
    "warned",
    "warning",
    "admit",
    "admits",
    "admitted",
    "acknowledge",
    "acknowledges",
    "acknowledged",
    "promise",
    "promises",
    "promised",
    "promising",
    "pledge",
    "pledges",
    "pledged",
    "vow",
    "vows",
    "vowed",
    "vowing",
    "assure",
    "assures",
    "assured",
    "suggest",
    "suggests",
    "suggested",
    "suggesting",
    "recall",
    "recalls",
    "recalled",
    "recalling",
    "remark",
    "remarks",
    "remarked",
    "announce",
    "announces",
    "announced",
    "announcing",
    "urge",
    "urges",
    "urged",
    "urging",
    "joke",
    "jokes",
    "joked",
    "joking",
    "shout",
    "shouts",
    "shouted",
    "shouting",
    "chant",
    "chants",
    "chanted",
    "chanting",
    "yell",
    "yells",
    "yelled",
    "exclaim",
    "exclaimed",
    "scream",
    "screamed",
    "cry",
    "cried",
    "whisper",
    "whispered",
    "mutter",
    "muttered",
    "quip",
    "quips",
    "quipped",
    "boast",
    "boasts",
    "boasted",
    "brag",
    "bragged",
    "complain",
    "complains",
    "complained",
    "complaining",
    "contend",
    "contends",
    "contended",
    "counter",
    "counters",
    "countered",
    "retort",
    "retorted",
    "observe",
    "observes",
    "observed",
    "predict",
    "predicts",
    "predicted",
    "predicting",
    "describe",
    "describes",
    "described",
    "describing",
    "call",
    "calls",
    "called",
    "calling",
    "label",
    "labels",
    "labeled",
    "labelled",
    "dub",
    "dubs",
    "dubbed",
    "accuse",
    "accuses",
    "accused",
    "accusing",
    "blame",
    "blames",
    "blamed",
    "blaming",
    "praise",
    "praises",
    "praised",
    "praising",
    "criticize",
    "criticizes",
    "criticized",
    "criticizing",
    "criticise",
    "criticised",
    "slam",
    "slams",
    "slammed",
    "slamming",
    "condemn",
    "condemns",
    "condemned",
    "deny",
    "denies",
    "denied",
    "denying",
    "confirm",
    "confirms",
    "confirmed",
    "emphasize",
    "emphasizes",
    "emphasized",
    "stress",
    "stresses",
    "stressed",
    "stressing",
    "maintain",
    "maintains",
    "maintained",
    "believe",
    "believes",
    "believed",
    "think",
    "thinks",
    "thought",
    "figure",
    "figures",
    "figured",
    "hope",
    "hopes",
    "hoped",
    "fear",
    "fears",
    "feared",
    "worry",
    "worries",
    "worried",
    "predict",
    "mention",
    "mentions",
    "mentioned",
    "proclaim",
    "proclaims",
    "proclaimed",
    "tout",
    "touts",
    "touted",
    "touting",
    "agree",
    "agrees",
    "agreed",
    "echo",
    "echoes",
    "echoed",
    "echoing",
    "repeat",
    "repeats",
    "repeated",
    "repeating",
    "testify",
    "testifies",
    "testified",
    "inform",
    "informed",
    "advise",
    "advised",
    "caution",
    "cautions",
    "cautioned",
    "demand",
    "demands",
    "demanded",
    "demanding",
    "threaten",
    "threatens",
    "threatened",
    "threatening",
    "insult",
    "insulted",
    "mock",
    "mocks",
    "mocked",
    "mocking",
    "ridicule",
    "ridiculed",
    "dismiss",
    "dismisses",
    "dismissed",
    "dismissing",
    "refer",
    "refers",
    "referred",
    "referring",
    "characterize",
    "characterizes",
    "characterized",
    "characterizing",
    "deem",
    "deems",
    "deemed",
    "brand",
    "brands",
    "branded",
    "quote",
    "quotes",
    "quoted",
    "quoting",
    "cite",
    "cites",
    "cited",
    "citing",
    "retweet",
    "retweeted",
    "recount",
    "recounts",
    "recounted",
    "concede",
    "concedes",
    "conceded",
    "allege",
    "alleges",
    "alleged",
    "alleging",
    "assert",
    "asserts",
    "asserted",
    "asserting",
    "charge",
    "charges",
    "charged",
    "lament",
    "laments",
    "lamented",
    "reiterate",
    "reiterates",
    "reiterated",
    "preach",
    "preached",
    "sing",
    "sang",
    "speak",
    "speaks",
    "spoke",
    "speaking",
    "wonder",
    "wonders",
    "wondered",
    "exult",
    "sigh",
    "sighed",
    "chime",
    "chimed",
    "instruct",
    "instructed",
    "order",
    "ordered",
    "opine",
    "opined",
    "express",
    "expresses",
    "expressed",
    "expressing",
    "termed",
    "rated",
];

/// Reporting verbs that open a direct quote only when a colon or the quote
/// follows at once ("The email reads: “…”"): too common as plain verbs to
/// serve as a cue elsewhere. Subset of [`REPORTING_VERBS`] kept apart so that
/// "read" in "the bill would read the same" is not a cue.
const WEAK_VERBS: &[&str] = &[
    "express",
    "expresses",
    "read",
    "reads",
    "post",
    "posted",
    "order",
    "ordered",
    "think",
    "thinks",
    "thought",
    "believe",
    "believes",
    "believed",
    "hope",
    "hopes",
    "hoped",
    "fear",
    "fears",
    "feared",
    "worry",
    "worries",
    "worried",
    "figure",
    "figures",
    "figured",
    "sing",
    "sang",
    "cry",
    "cried",
    "state",
    "states",
    "charge",
    "charges",
    "note",
    "notes",
    "call",
    "calls",
    "order",
    "speak",
    "speaks",
    "spoke",
    "speaking",
    "quote",
    "quotes",
    "cite",
    "cites",
    "report",
    "reports",
];

/// Personal and relative pronouns that can be a speaker.
const PRONOUNS: &[&str] = &[
    "he",
    "she",
    "they",
    "i",
    "we",
    "it",
    "you",
    "who",
];

/// Adverbs that may stand between a speaker and its verb ("he also said",
/// "she later told"), or between a verb and a following speaker.
const ADVERBS: &[&str] = &[
    "also",
    "later",
    "then",
    "again",
    "once",
    "previously",
    "earlier",
    "recently",
    "repeatedly",
    "frequently",
    "often",
    "always",
    "never",
    "simply",
    "just",
    "even",
    "further",
    "similarly",
    "reportedly",
    "publicly",
    "privately",
    "famously",
    "flatly",
    "bluntly",
    "angrily",
    "quickly",
    "finally",
    "once",
    "still",
    "now",
    "first",
    "only",
    "immediately",
    "directly",
];

/// Auxiliaries and particles that may stand between a speaker and its verb
/// ("Trump has said", "he went on to say", "was quoted as saying").
const AUXILIARIES: &[&str] = &[
    "has",
    "have",
    "had",
    "is",
    "was",
    "are",
    "were",
    "will",
    "would",
    "could",
    "can",
    "may",
    "might",
    "did",
    "does",
    "do",
    "not",
    "n't",
    "went",
    "on",
    "to",
    "go",
    "goes",
    "going",
    "been",
    "being",
    "'s",
    "\u{2019}s",
    "'ve",
    "\u{2019}ve",
];

/// Words that start a name's title or describe the speaker's role; kept in a
/// speaker span read to the right of its cue ("said former Gov. Jeb Bush").
const NAME_OPENERS: &[&str] = &[
    "the",
    "a",
    "an",
    "former",
    "then",
    "current",
    "late",
    "his",
    "her",
    "their",
    "its",
    "one",
    "another",
];

/// Nouns naming a work whose title may follow in quotation marks ("the
/// documentary “13th”", "his memoir, "Gifted Hands""): a title is not
/// anyone's words. Not "titled": the title of a memo or an ad ("a memo
/// titled “The Facts on Where the Race Stands”") is its author's words.
const WORK_NOUNS: &[&str] = &[
    "film",
    "movie",
    "documentary",
    "book",
    "memoir",
    "novel",
    "biography",
    "show",
    "series",
    "sitcom",
    "miniseries",
    "program",
    "programme",
    "podcast",
    "play",
    "musical",
    "opera",
    "album",
    "song",
    "anthem",
    "single",
    "ballad",
    "poem",
    "painting",
    "exhibit",
    "exhibition",
    "episode",
    "magazine",
    "newspaper",
    "column",
    "op-ed",
    "essay",
];

/// Nouns naming a crowd's or a voice's words: a quotation after one and
/// "of" is what was chanted or shouted ("chants of “Ted! Ted!”", "the
/// cries of “Bitch!”"), though no verb reports it.
const SOUND_NOUNS: &[&str] = &[
    "chant",
    "chants",
    "chorus",
    "choruses",
    "cries",
    "cry",
    "jeers",
    "refrain",
    "refrains",
    "roar",
    "roars",
    "scream",
    "screams",
    "shout",
    "shouts",
    "yell",
    "yells",
];

/// Prepositions: a "that" after one is a determiner ("responded to that
/// tweet"), not the conjunction opening a reported clause.
const PREPOSITIONS: &[&str] = &[
    "about",
    "after",
    "against",
    "at",
    "before",
    "by",
    "for",
    "from",
    "in",
    "into",
    "of",
    "on",
    "over",
    "to",
    "under",
    "with",
    "without",
];

/// `word` (ASCII case-insensitively) is in `list`: a binary search in a
/// sorted copy made once, since the grammar asks about nearly every token
/// near a quote and a linear scan of four hundred verbs was most of the
/// quote stage's time. The copy holds each entry packed into one integer
/// ([`pack`]), so a probe compares integers, not strings (comparing `&str`s
/// was a `memcmp` call per step: 13M instructions on the dev sets).
pub(super) fn contains(list: &'static [&'static str], sorted: &'static OnceLock<Vec<u128>>, word: &str) -> bool {
    let Some(key) = pack(word) else { return false };
    let sorted = sorted.get_or_init(|| {
        let mut v: Vec<u128> = list.iter().filter_map(|w| pack(w)).collect();
        v.sort_unstable();
        v.dedup();
        v
    });
    sorted.binary_search(&key).is_ok()
}

/// `word` ASCII-lowercased as one integer: its bytes, big-endian, zero
/// padded. None for words longer than 16 bytes (no entry is that long) or
/// holding a NUL byte (which the padding could not tell apart).
fn pack(word: &str) -> Option<u128> {
    let bytes = word.as_bytes();
    if bytes.len() > 16 || bytes.contains(&0) {
        return None;
    }
    let mut buf = [0u8; 16];
    for (d, s) in buf.iter_mut().zip(bytes) {
        *d = s.to_ascii_lowercase();
    }
    Some(u128::from_be_bytes(buf))
}

/// `lookup!(LIST, word)`: [`contains`] with a sorted copy of `LIST` of its own.
macro_rules! lookup {
    ($list:expr, $word:expr) => {{
        static SORTED: std::sync::OnceLock<Vec<u128>> = std::sync::OnceLock::new();
        $crate::quotes::lexicon::contains($list, &SORTED, $word)
    }};
}
pub(super) use lookup;

/// True for a reporting verb ("said", "tweeted", "calling").
pub fn is_reporting_verb(word: &str) -> bool {
    lookup!(REPORTING_VERBS, word)
}

/// True for a reporting verb that is a cue only right before the quote or a colon.
pub fn is_weak_verb(word: &str) -> bool {
    lookup!(WEAK_VERBS, word)
}

/// True for a pronoun that can be a speaker ("he", "She", "who").
pub fn is_pronoun(word: &str) -> bool {
    lookup!(PRONOUNS, word)
}

/// True for an adverb or auxiliary allowed between speaker and verb.
pub fn is_filler(word: &str) -> bool {
    lookup!(ADVERBS, word) || lookup!(AUXILIARIES, word)
}

/// True for an adverb allowed between a verb and its speaker ("said also").
pub fn is_adverb(word: &str) -> bool {
    lookup!(ADVERBS, word)
}

/// True for a noun naming a work ("documentary", "memoir").
pub fn is_work_noun(word: &str) -> bool {
    lookup!(WORK_NOUNS, word)
}

/// True for a preposition ("to", "Of").
pub fn is_preposition(word: &str) -> bool {
    lookup!(PREPOSITIONS, word)
}

/// True for a noun naming a chant or a shout ("chants", "cries").
pub fn is_sound_noun(word: &str) -> bool {
    lookup!(SOUND_NOUNS, word)
}

/// True for a determiner or role word that may open a speaker phrase.
pub fn is_name_opener(word: &str) -> bool {
    lookup!(NAME_OPENERS, word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups() {
        for w in ["said", "Said", "tweeted", "according", "calling"] {
            assert_eq!(is_reporting_verb(w), w != "according", "{w}");
        }
        assert!(is_pronoun("He"));
        assert!(!is_pronoun("Kelly"));
        assert!(is_filler("also"));
        assert!(is_weak_verb("reads"));
        assert!(is_sound_noun("Chants") && !is_sound_noun("calls"));
        assert!(!is_weak_verb("said"));
        // False positives: padding, prefixes, extensions, over-long words.
        for w in ["", "said\0", "sai", "saidx", "said said", "tweetedtweetedtweeted", "s\u{e1}id"] {
            assert!(!is_reporting_verb(w), "{w:?}");
        }
    }

    /// The lookups lower-case the word asked about, so every entry must be
    /// lower case to be found.
    #[test]
    fn entries_are_lower_case() {
        for list in [REPORTING_VERBS, WEAK_VERBS, PRONOUNS, ADVERBS, AUXILIARIES, NAME_OPENERS, WORK_NOUNS, PREPOSITIONS, SOUND_NOUNS] {
            for w in list {
                assert_eq!(w.to_ascii_lowercase(), *w);
                assert!(w.len() <= 16, "{w}");
            }
        }
        assert!(is_reporting_verb("SAID") && is_filler("\u{2019}s") && !is_reporting_verb("saidx"));
    }

    #[test]
    fn weak_verbs_are_reporting_verbs() {
        for w in WEAK_VERBS {
            assert!(is_reporting_verb(w), "{w}");
        }
    }
}
