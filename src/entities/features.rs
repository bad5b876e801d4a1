//! Feature extraction: each token becomes a few dozen hashed feature indices.
//!
//! A feature is a template id mixed with one or two per-token values (the
//! word, its lowercase form, its shape, a prefix...). Per-token values are
//! hashed once per document ([`TokenInfo`]); a template then costs one or two
//! multiply-rotate mixes, and the hash's top bits index a row of the weight
//! table. Nothing here allocates per token: callers reuse a [`Features`]
//! buffer and the per-document vectors in [`DocContext`].
//!
//! Every token needs its flags and lowercase hash (candidate islands, line
//! modes, document flags, gazetteer); only the candidate tokens and their
//! neighbours need the rest, so the tagger fills that lazily
//! ([`DocContext::build_sparse`], [`DocContext::fill_features`],
//! [`DocContext::set_priors_in`]): a fifth to a third of the tokens are
//! candidates, and the rest are never scored.
//!
//! Feature *groups* can be switched off one at a time (the model header stores
//! which were on when it was trained, so inference extracts exactly the same
//! set); the trainer uses that to measure what each group buys on dev.

use super::gazetteer::Gazetteer;
use super::island::Island;
use super::rowcache::WordCache;
use crate::text::{Document, TokenKind};
use std::ops::Range;

/// Number of entity labels (PER, ORG, LOC, MISC).
pub const N_LABELS: usize = 4;

/// Feature groups (bits of the model header's `groups` field).
pub mod group {
    /// Word, lowercase, shape, prefixes and suffixes of the token itself.
    pub const TOKEN: u32 = 1 << 0;
    /// Neighbouring words and shapes (±2), and bigrams.
    pub const CONTEXT: u32 = 1 << 1;
    /// Position in the sentence (first token, after a quote or colon).
    pub const POSITION: u32 = 1 << 2;
    /// Capitalisation of the whole line (ALL-CAPS headlines and tables, Title Case).
    pub const LINE: u32 = 1 << 3;
    /// Title cues before ("Mr", "Secretary") and company suffixes after ("Corp").
    pub const CUES: u32 = 1 << 4;
    /// The run of capitalised words a token sits in: its first and last word.
    pub const RUN: u32 = 1 << 5;
    /// Gazetteer matches (entity names seen in training).
    pub const GAZETTEER: u32 = 1 << 6;
    /// How the same word is written elsewhere in the document (lowercase? capitalised mid-sentence?).
    pub const DOCUMENT: u32 = 1 << 7;
    /// Second pass: labels the first pass gave the same word elsewhere in the document.
    pub const PRIOR: u32 = 1 << 8;
    /// Word-level gazetteer: the word occurred inside training names (first or
    /// later word, by label), and whether training text wrote it lowercase
    /// (the gazetteer's vocabulary: a capitalised "Well" is no name).
    pub const WORDS: u32 = 1 << 9;
    /// The document's topic word (the "SOCCER" of an ALL-CAPS "SOCCER - ..." headline).
    pub const TOPIC: u32 = 1 << 10;
    /// Not features: the second pass reads only [`PRIOR`] and adds its scores
    /// to the first pass's, instead of re-scoring with every group.
    pub const RESIDUAL: u32 = 1 << 11;
    /// Every feature group.
    pub const ALL: u32 = (1 << 11) - 1;
    /// Names, for reports: one entry per group bit.
    pub const NAMES: &[(u32, &str)] = &[
        (TOKEN, "token"),
        (CONTEXT, "context"),
        (POSITION, "position"),
        (LINE, "line-caps"),
        (CUES, "cues"),
        (RUN, "cap-run"),
        (GAZETTEER, "gazetteer"),
        (DOCUMENT, "document"),
        (PRIOR, "second-pass"),
        (WORDS, "word-gazetteer"),
        (TOPIC, "topic"),
    ];
}

const K: u64 = 0x517c_c1b7_2722_0a95;

/// One FxHash-style step: rotate, xor, multiply.
#[inline(always)]
pub fn mix(h: u64, v: u64) -> u64 {
    (h.rotate_left(5) ^ v).wrapping_mul(K)
}

/// Hash of a string's lowercase characters (the gazetteer key of one word).
pub fn lower_hash(s: &str) -> u64 {
    let mut h = SEED_LOWER;
    for c in s.chars() {
        h = mix(h, lower(c) as u64);
    }
    h
}

/// Combines per-word lowercase hashes into the key of a multi-word name.
#[inline]
pub fn phrase_step(h: u64, word_lower: u64) -> u64 {
    mix(h ^ 0x9e37_79b9_7f4a_7c15, word_lower)
}

/// Start value of [`phrase_step`] chains.
pub const PHRASE_SEED: u64 = 0x2545_f491_4f6c_dd1d;

const SEED_WORD: u64 = 1;
const SEED_LOWER: u64 = 2;
const SEED_SHAPE: u64 = 3;

#[inline]
fn lower(c: char) -> char {
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        // Curly apostrophes read as straight ones.
        if c == '\u{2019}' {
            return '\'';
        }
        c.to_lowercase().next().unwrap_or(c)
    }
}

#[inline]
fn shape_char(c: char) -> char {
    if c.is_uppercase() {
        'X'
    } else if c.is_lowercase() {
        'x'
    } else if c.is_numeric() {
        'd'
    } else if c == '\u{2019}' {
        '\''
    } else {
        c
    }
}

/// [`BYTE_CLASS`] bits.
const UPPER_LETTER: u8 = 1;
const LOWER_LETTER: u8 = 2;
const NOT_ASCII: u8 = 4;

/// The class of every byte value: an ASCII upper- or lowercase letter, or
/// not ASCII (a byte of a multi-byte character).
const BYTE_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = if b >= 0x80 {
            NOT_ASCII
        } else if (b as u8).is_ascii_uppercase() {
            UPPER_LETTER
        } else if (b as u8).is_ascii_lowercase() {
            LOWER_LETTER
        } else {
            0
        };
        b += 1;
    }
    t
};

/// Every byte value lowercased as [`lower`] lowercases an ASCII character
/// (bytes from 0x80 on are never used: the Unicode path takes over).
const ASCII_LOWER: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = (b as u8).to_ascii_lowercase();
        b += 1;
    }
    t
};

/// Every ASCII byte's shape character as [`shape_char`] gives it (bytes
/// from 0x80 on are never used).
const ASCII_SHAPE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c.is_ascii_uppercase() {
            b'X'
        } else if c.is_ascii_lowercase() {
            b'x'
        } else if c.is_ascii_digit() {
            b'd'
        } else {
            c
        };
        b += 1;
    }
    t
};

/// Token flags (bits of [`TokenInfo::flags`]).
pub mod flag {
    /// First character is uppercase.
    pub const CAP: u16 = 1 << 0;
    /// Has letters and none is lowercase ("NATO", "U.S.").
    pub const ALL_CAPS: u16 = 1 << 1;
    /// First character is lowercase.
    pub const LOWER: u16 = 1 << 2;
    /// A number token.
    pub const NUMBER: u16 = 1 << 3;
    /// A punctuation token.
    pub const PUNCT: u16 = 1 << 4;
    /// A title or role word that often precedes a name ("Mr", "Secretary").
    pub const TITLE: u16 = 1 << 5;
    /// A company suffix ("Corp", "Ltd", "Plc").
    pub const CORP: u16 = 1 << 6;
    /// A connector allowed inside names ("of", "de", "the", "and", "&").
    pub const CONNECT: u16 = 1 << 7;
    /// First token of a line.
    pub const LINE_START: u16 = 1 << 8;
    /// Has an uppercase letter anywhere ("Kelly", "iPhone"): a name candidate
    /// (see [`super::island`]). Not read by any feature template.
    pub const UPPER: u16 = 1 << 9;
}

/// What is hashed per token.
///
/// Two parts, computed at different times: [`TokenInfo::light`] fills the
/// lowercase hash and the flags, which the whole document reads (islands,
/// line modes, document flags, gazetteer); [`TokenInfo::hash_features`]
/// fills the hashes only feature templates read (word, shape, affixes),
/// which the tagger computes just for candidate tokens and their immediate
/// neighbours (see [`DocContext::build_sparse`]): most tokens are fixed to O
/// and never have features extracted.
#[derive(Clone, Copy, Debug, Default)]
pub struct TokenInfo {
    /// The word as written (0 until [`TokenInfo::hash_features`]).
    pub word: u64,
    /// Its lowercase form.
    pub lower: u64,
    /// Its shape with repeats collapsed ("Xx", "X.X.", "d,d").
    pub shape: u64,
    /// Lowercase prefixes of 1..=4 characters (0 when the word is shorter).
    pub pre: [u64; 4],
    /// Lowercase suffixes of 1..=4 characters (0 when the word is shorter).
    pub suf: [u64; 4],
    /// [`flag`] bits.
    pub flags: u16,
}

impl TokenInfo {
    /// Hashes one token completely ([`TokenInfo::light`] and
    /// [`TokenInfo::hash_features`]).
    pub fn new(word: &str, kind: TokenKind) -> TokenInfo {
        let mut t = TokenInfo::light(word, kind);
        t.hash_features(word);
        t
    }

    /// The lowercase hash and the flags of one token; the feature hashes
    /// stay 0.
    pub fn light(word: &str, kind: TokenKind) -> TokenInfo {
        let mut hl = SEED_LOWER;
        // The lowercase hash before the last character: that of the word
        // without a final "." ("Mr." looks up "Mr").
        let mut prev = hl;
        // Whether an uppercase / lowercase letter occurs (ALL CAPS: some
        // uppercase and no lowercase letter).
        let (mut uppers, mut lowers) = (false, false);
        // News text is mostly ASCII: a byte loop with ASCII classes gives the
        // same values as the Unicode path without decoding UTF-8 or
        // consulting Unicode tables (which the size-optimized wasm build does
        // not inline). It runs first, over the whole word without a branch
        // per byte (two table loads: the lowercase byte and its class), and
        // its result is thrown away when a byte turned out not to be ASCII.
        let mut class = 0u8;
        for &b in word.as_bytes() {
            prev = hl;
            hl = mix(hl, ASCII_LOWER[b as usize] as u64);
            class |= BYTE_CLASS[b as usize];
        }
        if class & NOT_ASCII == 0 {
            (uppers, lowers) = (class & UPPER_LETTER != 0, class & LOWER_LETTER != 0);
        } else {
            (hl, prev) = (SEED_LOWER, SEED_LOWER);
            for c in word.chars() {
                prev = hl;
                hl = mix(hl, lower(c) as u64);
                if c.is_alphabetic() {
                    let up = c.is_uppercase();
                    uppers |= up;
                    lowers |= c.is_lowercase() && !up;
                }
            }
        }
        let mut f = 0u16;
        match word.as_bytes().first() {
            Some(b) if b.is_ascii_uppercase() => f |= flag::CAP,
            Some(b) if b.is_ascii_lowercase() => f |= flag::LOWER,
            Some(b) if b.is_ascii() => {}
            _ => {
                let first = word.chars().next().unwrap_or(' ');
                if first.is_uppercase() {
                    f |= flag::CAP;
                }
                if first.is_lowercase() {
                    f |= flag::LOWER;
                }
            }
        }
        if uppers && !lowers {
            f |= flag::ALL_CAPS;
        }
        if uppers {
            f |= flag::UPPER;
        }
        match kind {
            TokenKind::Number => f |= flag::NUMBER,
            TokenKind::Punct => f |= flag::PUNCT,
            TokenKind::Word => {}
        }
        let lists = WordLists::get();
        let own = lists.flags(hl, word);
        f |= own & flag::CONNECT;
        match word.strip_suffix('.') {
            Some(bare) => f |= lists.flags(prev, bare) & (flag::TITLE | flag::CORP),
            None => f |= own & (flag::TITLE | flag::CORP),
        }
        TokenInfo { lower: hl, flags: f, ..TokenInfo::default() }
    }

    /// Fills the hashes only feature templates read: the word, its shape,
    /// prefixes and suffixes.
    pub fn hash_features(&mut self, word: &str) {
        // The ASCII fast path, as in [`TokenInfo::light`]: the values of
        // [`TokenInfo::hash_features_chars`], computed as three plain loops
        // (the word and shape over every byte, the prefixes over the first
        // four, the suffixes from the last four) with table lookups for the
        // lowercase and shape bytes.
        if !word.is_ascii() {
            return self.hash_features_chars(word);
        }
        let b = word.as_bytes();
        let (mut hw, mut hs, mut last) = (SEED_WORD, SEED_SHAPE, 0u8);
        for &x in b {
            hw = mix(hw, x as u64);
            let s = ASCII_SHAPE[x as usize];
            if s != last {
                hs = mix(hs, s as u64);
                last = s;
            }
        }
        let n = b.len();
        let mut hl = SEED_LOWER;
        let mut pre = [0u64; 4];
        for k in 0..n.min(4) {
            hl = mix(hl, ASCII_LOWER[b[k] as usize] as u64);
            pre[k] = mix(hl, 0x70);
        }
        let mut suf = [0u64; 4];
        for (k, s) in suf.iter_mut().enumerate().take(n) {
            *s = b[n - 1 - k..].iter().fold(0x73, |h, &x| mix(h, ASCII_LOWER[x as usize] as u64));
        }
        (self.word, self.shape, self.pre, self.suf) = (hw, hs, pre, suf);
    }

    /// [`TokenInfo::hash_features`] character by character (any text).
    fn hash_features_chars(&mut self, word: &str) {
        let (mut hw, mut hl, mut hs) = (SEED_WORD, SEED_LOWER, SEED_SHAPE);
        let mut last_shape = '\0';
        let mut pre = [0u64; 4];
        // The last four lowercase characters, the latest at `n & 3`.
        let mut ring = [0u64; 4];
        let mut n = 0usize;
        for c in word.chars() {
            let (l, s) = (lower(c), shape_char(c));
            hw = mix(hw, c as u64);
            if s != last_shape {
                hs = mix(hs, s as u64);
                last_shape = s;
            }
            if n < 4 {
                hl = mix(hl, l as u64);
                pre[n] = mix(hl, 0x70);
            }
            n += 1;
            ring[n & 3] = l as u64;
        }
        // Suffix of k characters: the chain over the last k, oldest first.
        let c = |back: usize| ring[n.wrapping_sub(back) & 3];
        let s1 = mix(0x73, c(0));
        let s2 = mix(mix(0x73, c(1)), c(0));
        let s3 = mix(mix(mix(0x73, c(2)), c(1)), c(0));
        let s4 = mix(mix(mix(mix(0x73, c(3)), c(2)), c(1)), c(0));
        let suf = [s1, s2, s3, s4];
        for k in 0..4 {
            self.suf[k] = if k < n { suf[k] } else { 0 };
        }
        self.pre = pre;
        self.word = hw;
        self.shape = hs;
    }
}

/// [`TITLES`], [`CORP_SUFFIXES`] and [`CONNECTORS`] in one open-addressing
/// table keyed by the lowercase hash (which every token needs anyway; the
/// exact string compare keeps "mr" apart from "Mr"): every token is looked
/// up, and one probe with an integer compare costs far less than three
/// binary searches of strings (which were a fifth of the tagger's time once
/// candidate islands existed).
struct WordLists {
    /// `(hash, flags, word)`; an empty slot has no word.
    slots: Vec<(u64, u16, &'static str)>,
}

impl WordLists {
    const BITS: u32 = 9;

    fn get() -> &'static WordLists {
        static LISTS: std::sync::OnceLock<WordLists> = std::sync::OnceLock::new();
        LISTS.get_or_init(|| {
            let mut w = WordLists { slots: vec![(0, 0, ""); 1 << Self::BITS] };
            for (list, f) in [(TITLES, flag::TITLE), (CORP_SUFFIXES, flag::CORP), (CONNECTORS, flag::CONNECT)] {
                for &word in list {
                    let h = lower_hash(word);
                    let mut i = (h >> (64 - Self::BITS)) as usize;
                    while !w.slots[i].2.is_empty() && w.slots[i].2 != word {
                        i = (i + 1) & ((1 << Self::BITS) - 1);
                    }
                    w.slots[i] = (h, w.slots[i].1 | f, word);
                }
            }
            w
        })
    }

    /// The list flags of `word`, whose [`lower_hash`] is `h`.
    #[inline]
    fn flags(&self, h: u64, word: &str) -> u16 {
        let mut i = (h >> (64 - Self::BITS)) as usize;
        loop {
            let (k, f, w) = self.slots[i];
            if w.is_empty() {
                return 0;
            }
            if k == h && w == word {
                return f;
            }
            i = (i + 1) & ((1 << Self::BITS) - 1);
        }
    }
}

/// True for title words that precede names ("Mr", "Mr.", "Secretary").
pub fn is_title(word: &str) -> bool {
    TITLES.binary_search(&word.strip_suffix('.').unwrap_or(word)).is_ok()
}

/// Words that often stand right before a person's name. One per line, sorted (binary search).
const TITLES: &[&str] = &[
    "Adm",
    "Admiral",
    "Ambassador",
    "Capt",
    "Captain",
    "Chancellor",
    "Col",
    "Colonel",
    "Dame",
    "Dr",
    "Father",
    "Gen",
    "General",
    "Gov",
    "Governor",
    "Judge",
    "Justice",
    "King",
    "Lady",
    "Lord",
    "Lt",
    "Mayor",
    "Minister",
    "Miss",
    "Mr",
    "Mrs",
    "Ms",
    "Pope",
    "Premier",
    "President",
    "Prime",
    "Prince",
    "Princess",
    "Prof",
    "Professor",
    "Queen",
    "Rep",
    "Representative",
    "Rev",
    "Reverend",
    "Secretary",
    "Sen",
    "Senator",
    "Sgt",
    "Sheikh",
    "Sir",
    "Vice",
    "ambassador",
    "analyst",
    "captain",
    "chairman",
    "chairwoman",
    "chief",
    "coach",
    "commander",
    "defender",
    "director",
    "economist",
    "envoy",
    "executive",
    "goalkeeper",
    "governor",
    "head",
    "leader",
    "manager",
    "mayor",
    "midfielder",
    "minister",
    "officer",
    "official",
    "president",
    "secretary",
    "senator",
    "spokesman",
    "spokesperson",
    "spokeswoman",
    "striker",
];

/// Words that end organisation names. One per line, sorted (binary search).
const CORP_SUFFIXES: &[&str] = &[
    "AG",
    "Agency",
    "Airlines",
    "Airways",
    "Association",
    "Authority",
    "BV",
    "Bancorp",
    "Bank",
    "Center",
    "Centre",
    "Club",
    "Co",
    "Commission",
    "Committee",
    "Corp",
    "Corporation",
    "Council",
    "Court",
    "Department",
    "Exchange",
    "Federation",
    "Foundation",
    "GmbH",
    "Group",
    "Holdings",
    "Inc",
    "Incorporated",
    "Industries",
    "Institute",
    "LLC",
    "LLP",
    "Limited",
    "Ltd",
    "Ministry",
    "Motors",
    "N.V",
    "NV",
    "News",
    "Organisation",
    "Organization",
    "PLC",
    "Party",
    "Plc",
    "Post",
    "S.A",
    "SA",
    "Systems",
    "Technologies",
    "Times",
    "Union",
    "University",
    "plc",
];

/// Lowercase words allowed inside a capitalised run ("Bank of England"). Sorted.
const CONNECTORS: &[&str] = &[
    "&",
    "'s",
    "-",
    "al",
    "and",
    "bin",
    "de",
    "der",
    "du",
    "for",
    "la",
    "le",
    "of",
    "the",
    "van",
    "von",
];

/// Per-document state the features read: token hashes, line modes, document
/// flags, gazetteer matches and (second pass) first-pass label priors.
#[derive(Default, Debug)]
pub struct DocContext {
    /// One per token.
    pub info: Vec<TokenInfo>,
    /// Per token, a copy of [`TokenInfo::flags`] (plus two length bits) and
    /// of [`TokenInfo::lower`]: the whole-document passes (line modes,
    /// document flags, capitalised runs, gazetteer, islands) read only
    /// these, and reading them from `info` (88 bytes a token) cost a cache
    /// line per token and pass (a sixth of all L1 misses of an analysis).
    pub flags: Vec<u16>,
    /// See [`DocContext::flags`].
    pub lowers: Vec<u64>,
    /// Line mode per token: 0 normal, 1 ALL CAPS, 2 Title Case.
    pub line_mode: Vec<u8>,
    /// [`doc_flag`] bits of the token's lowercase form in the whole document.
    pub doc: Vec<u8>,
    /// Gazetteer bits: `label * 4 + position` (B, I, L, U).
    pub gaz: Vec<u16>,
    /// Word gazetteer bits: `label * 2` (first word of a name), `label * 2 + 1` (later word).
    pub words: Vec<u8>,
    /// The gazetteer's [`Gazetteer::vocab`] code of each capitalised token
    /// (0 for the others).
    pub vocab: Vec<u8>,
    /// Hash of the topic word of an ALL-CAPS first line, or 0.
    pub topic: u64,
    /// Second pass: bit `l` set when the same word was tagged label `l` elsewhere.
    pub prior: Vec<u8>,
    /// Second pass: bit `l` set when label `l` was tagged elsewhere in the same sentence.
    pub sent_prior: Vec<u8>,
    /// Start of the capitalised run each token is in, and its end (exclusive); equal when none.
    pub run: Vec<(u32, u32)>,
    /// Index of the sentence start for each token.
    pub sent_start: Vec<u32>,
    seen: FastMap,
    types: TypeCache,
}

/// The feature hashes of recently seen word types, kept across documents:
/// [`TokenInfo::hash_features`] depends only on the word's bytes, and most
/// capitalised words of news text ("The", "U.S.", a name said twice) have
/// been hashed before, in the document or in an earlier one.
///
/// Direct-mapped by the lowercase hash and checked against the word's exact
/// bytes, so a hit is the value [`TokenInfo::hash_features`] would compute:
/// the cache changes no output. Words longer than
/// [`super::rowcache::MAX_LEN`] bytes are hashed every time.
#[derive(Debug, Default)]
struct TypeCache {
    hashes: WordCache<TypeHashes>,
}

/// What [`TokenInfo::hash_features`] computes from a word's bytes.
#[derive(Clone, Copy, Debug, Default)]
struct TypeHashes {
    word: u64,
    shape: u64,
    pre: [u64; 4],
    suf: [u64; 4],
}

impl TypeCache {
    /// Fills the feature hashes of `info`, whose word is `word`.
    #[inline]
    fn hash_features(&mut self, info: &mut TokenInfo, word: &str) {
        let b = word.as_bytes();
        let Some(k) = self.hashes.slot(b, info.lower) else {
            info.hash_features(word);
            return;
        };
        if let Some(h) = self.hashes.get(k, b) {
            (info.word, info.shape, info.pre, info.suf) = (h.word, h.shape, h.pre, h.suf);
            return;
        }
        info.hash_features(word);
        self.hashes.put(k, b, TypeHashes { word: info.word, shape: info.shape, pre: info.pre, suf: info.suf });
    }
}

/// Bits of [`DocContext::flags`] only (not of [`TokenInfo::flags`], which
/// feature templates read): the token is at least 4 bytes long, at least 2.
const LEN_4: u16 = 1 << 14;
const LEN_2: u16 = 1 << 15;
const _: () = assert!(flag::UPPER < LEN_4);

/// Document flags (bits of [`DocContext::doc`]).
pub mod doc_flag {
    /// The word also appears lowercase in the document.
    pub const SEEN_LOWER: u8 = 1 << 0;
    /// The word also appears capitalised, not first in its sentence, in a normal line.
    pub const SEEN_CAP_MID: u8 = 1 << 1;
    /// The word also appears in ALL CAPS in a normal line (an acronym).
    pub const SEEN_ACRONYM: u8 = 1 << 2;
    /// The word appears more than once.
    pub const REPEATED: u8 = 1 << 3;
}

/// A tiny open-addressing map from u64 keys (already hashes) to u8 flags,
/// cleared and reused between documents.
#[derive(Default, Debug)]
struct FastMap {
    keys: Vec<u64>,
    vals: Vec<u8>,
    used: usize,
}

impl FastMap {
    fn reset(&mut self, n: usize) {
        let cap = (n * 2).next_power_of_two().max(16);
        self.keys.clear();
        self.keys.resize(cap, 0);
        self.vals.clear();
        self.vals.resize(cap, 0);
        self.used = 0;
    }
    #[inline]
    fn slot(&self, key: u64) -> usize {
        let key = key | 1; // 0 marks an empty slot
        let mask = self.keys.len() - 1;
        let mut i = (key >> 17) as usize & mask;
        loop {
            let k = self.keys[i];
            if k == key || k == 0 {
                return i;
            }
            i = (i + 1) & mask;
        }
    }
    #[inline]
    fn or(&mut self, key: u64, v: u8) {
        let i = self.slot(key);
        if self.keys[i] == 0 {
            self.keys[i] = key | 1;
            self.used += 1;
        }
        self.vals[i] |= v;
    }
    /// Ors `v` into the flags of `key`, with `again` too when the key was
    /// marked before: [`FastMap::get`] then [`FastMap::or`] with one probe.
    /// Bit 7 of the value records "marked".
    #[inline]
    fn mark(&mut self, key: u64, v: u8, again: u8) {
        let i = self.slot(key);
        if self.keys[i] == 0 {
            self.keys[i] = key | 1;
            self.used += 1;
        }
        let old = self.vals[i];
        self.vals[i] = old | v | 0x80 | if old & 0x80 != 0 { again } else { 0 };
    }
    #[inline]
    fn get(&self, key: u64) -> u8 {
        let i = self.slot(key);
        self.vals[i]
    }
}

impl DocContext {
    /// Fills the per-document state for `doc` (first pass: no priors), with
    /// the feature hashes of every token.
    pub fn build(&mut self, doc: &Document<'_>, gazetteer: Option<&Gazetteer>) {
        self.build_sparse(doc, gazetteer);
        self.fill_features(doc, gazetteer, 0..doc.tokens.len());
    }

    /// Like [`DocContext::build`], but without the per-token state only
    /// feature templates read (the hashes of [`TokenInfo::hash_features`],
    /// [`DocContext::doc`], [`DocContext::words`], [`DocContext::vocab`]):
    /// call [`DocContext::fill_features`] for every token whose features
    /// will be extracted and its neighbours (one token either side, within
    /// the sentence) before extracting.
    pub fn build_sparse(&mut self, doc: &Document<'_>, gazetteer: Option<&Gazetteer>) {
        let n = doc.tokens.len();
        self.info.clear();
        self.flags.clear();
        self.lowers.clear();
        // `extend` writes each TokenInfo in place; a `push` of the 88-byte
        // value was a memcpy call per token in wasm.
        let (flags, lowers) = (&mut self.flags, &mut self.lowers);
        self.info.extend(doc.tokens.iter().map(|t| {
            let mut info = TokenInfo::light(doc.token_text(t), t.kind);
            if t.line_start {
                info.flags |= flag::LINE_START;
            }
            let len = t.span.len();
            flags.push(info.flags | if len >= 4 { LEN_4 } else { 0 } | if len > 1 { LEN_2 } else { 0 });
            lowers.push(info.lower);
            info
        }));
        let (flags, lowers) = (&self.flags[..n], &self.lowers[..n]);
        // The sentences cover the tokens in order, and so do the lines below:
        // the per-token vectors they fill are built by appending, not zeroed
        // first and then overwritten.
        self.sent_start.clear();
        for s in &doc.sentences {
            self.sent_start.extend(std::iter::repeat_n(s.start as u32, s.len()));
        }
        debug_assert_eq!(self.sent_start.len(), n);
        // Line modes.
        self.line_mode.clear();
        let mut i = 0;
        while i < n {
            let mut j = i + 1;
            while j < n && flags[j] & flag::LINE_START == 0 {
                j += 1;
            }
            let (mut words, mut caps, mut lowers, mut long_words, mut long_caps) = (0, 0, 0, 0, 0);
            for k in i..j {
                let f = flags[k];
                if f & (flag::CAP | flag::LOWER) != 0 {
                    words += 1;
                    if f & flag::ALL_CAPS != 0 {
                        caps += 1;
                    }
                    if f & flag::LOWER != 0 {
                        lowers += 1;
                    }
                    if f & LEN_4 != 0 {
                        long_words += 1;
                        if f & flag::CAP != 0 {
                            long_caps += 1;
                        }
                    }
                }
            }
            let mode = if words >= 2 && lowers == 0 && caps == words {
                1
            } else if long_words >= 3 && long_caps == long_words {
                2
            } else {
                0
            };
            self.line_mode.extend(std::iter::repeat_n(mode, j - i));
            i = j;
        }
        // Document flags per lowercase form.
        self.seen.reset(n);
        for k in 0..n {
            let f = flags[k];
            let mut v = 0;
            if f & flag::LOWER != 0 {
                v |= doc_flag::SEEN_LOWER;
            }
            if self.line_mode[k] == 0 && self.sent_start[k] as usize != k {
                if f & flag::CAP != 0 {
                    v |= doc_flag::SEEN_CAP_MID;
                }
                if f & flag::ALL_CAPS != 0 && f & LEN_2 != 0 {
                    v |= doc_flag::SEEN_ACRONYM;
                }
            }
            self.seen.mark(lowers[k], v, doc_flag::REPEATED);
        }
        self.doc.clear();
        self.doc.resize(n, 0);
        // Capitalised runs.
        self.run.clear();
        let capish = |f: u16| f & flag::CAP != 0;
        for s in &doc.sentences {
            let mut k = s.start;
            while k < s.end {
                if !capish(flags[k]) {
                    self.run.push((k as u32, k as u32));
                    k += 1;
                    continue;
                }
                let mut j = k + 1;
                while j < s.end {
                    let f = flags[j];
                    if capish(f) {
                        j += 1;
                    } else if f & flag::CONNECT != 0 && j + 1 < s.end && capish(flags[j + 1]) {
                        j += 2;
                    } else {
                        break;
                    }
                }
                self.run.extend(std::iter::repeat_n((k as u32, j as u32), j - k));
                k = j;
            }
        }
        // Gazetteer.
        self.gaz.clear();
        self.gaz.resize(n, 0);
        if let Some(g) = gazetteer {
            for s in &doc.sentences {
                for k in s.clone() {
                    if flags[k] & (flag::LOWER | flag::PUNCT) != 0 {
                        continue;
                    }
                    let mut h = PHRASE_SEED;
                    for j in k..s.end.min(k + super::gazetteer::MAX_WORDS) {
                        h = phrase_step(h, lowers[j]);
                        let Some(v) = g.get(h) else { break };
                        for l in 0..N_LABELS {
                            if v & (1 << l) == 0 {
                                continue;
                            }
                            let base = (l * 4) as u16;
                            if j == k {
                                self.gaz[k] |= 1 << (base + 3);
                            } else {
                                self.gaz[k] |= 1 << base;
                                for m in k + 1..j {
                                    self.gaz[m] |= 1 << (base + 1);
                                }
                                self.gaz[j] |= 1 << (base + 2);
                            }
                        }
                        if v & super::gazetteer::PREFIX == 0 {
                            break;
                        }
                    }
                }
            }
        }
        self.words.clear();
        self.words.resize(n, 0);
        self.vocab.clear();
        self.vocab.resize(n, 0);
        self.topic = 0;
        if n > 1 && self.line_mode[0] == 1 && self.info[0].flags & flag::ALL_CAPS != 0 && doc.word(1) == "-" {
            self.topic = self.info[0].lower;
        }
        self.prior.clear();
        self.prior.resize(n, 0);
        self.sent_prior.clear();
        self.sent_prior.resize(n, 0);
    }

    /// Fills the feature-only state of the tokens `range` of `doc` (see
    /// [`DocContext::build_sparse`], which must have been called with the
    /// same gazetteer, and [`DocContext::set_priors`] not yet: the document
    /// flags are read from the map it reuses).
    pub fn fill_features(&mut self, doc: &Document<'_>, gazetteer: Option<&Gazetteer>, range: Range<usize>) {
        for k in range {
            let info = &mut self.info[k];
            self.types.hash_features(info, doc.token_text(&doc.tokens[k]));
            let (lower, flags) = (info.lower, info.flags);
            self.doc[k] = self.seen.get(lower) & 0x7f;
            if let Some(g) = gazetteer {
                if flags & (flag::LOWER | flag::PUNCT) == 0 {
                    self.words[k] = g.word(lower);
                    self.vocab[k] = g.vocab(lower);
                }
            }
        }
    }

    /// Second pass: sets [`DocContext::prior`] from the first pass's tags
    /// (one label index per token, `None` outside entities).
    pub fn set_priors(&mut self, labels: &[Option<u8>]) {
        let n = self.info.len();
        // Count, per lowercase form, the label bits seen; then for each token
        // the bits seen at *other* positions (own bit removed when it was the only one).
        self.seen.reset(n);
        for k in 0..n {
            self.count_label(labels, k);
        }
        for k in 0..n {
            self.prior[k] = self.prior_bits(labels, k);
        }
        // Labels of the other tokens of the same sentence.
        let mut k = 0;
        while k < n {
            let s = self.sent_start[k] as usize;
            let mut e = k + 1;
            while e < n && self.sent_start[e] as usize == s {
                e += 1;
            }
            let all = labels[k..e].iter().flatten().fold(0u8, |a, &l| a | 1 << l);
            for m in k..e {
                self.sent_prior[m] = all & !labels[m].map_or(0, |l| 1 << l);
            }
            k = e;
        }
    }

    /// Like [`DocContext::set_priors`], but only where the features of the
    /// tokens of `islands` read priors: [`DocContext::prior`] of those
    /// tokens and one neighbour either side, [`DocContext::sent_prior`] of
    /// those tokens (the rest stay 0). `labels` must be `None` outside the
    /// islands (the tagger fixes those tokens to O), and `islands` are in
    /// text order, as [`super::island::find`] gives them.
    pub fn set_priors_in(&mut self, labels: &[Option<u8>], islands: &[Island]) {
        let candidates = islands.iter().map(|r| r.tokens.len()).sum();
        self.seen.reset(candidates);
        for r in islands {
            for k in r.tokens.clone() {
                self.count_label(labels, k);
            }
        }
        let mut done = 0;
        for r in islands {
            let from = r.tokens.start.saturating_sub(1).max(r.sentence.start).max(done);
            let to = (r.tokens.end + 1).min(r.sentence.end);
            for k in from..to {
                self.prior[k] = self.prior_bits(labels, k);
            }
            done = done.max(to);
        }
        // Labels of the other tokens of the same sentence: all in its islands.
        let mut b = 0;
        while b < islands.len() {
            let sentence = &islands[b].sentence;
            let e = b + islands[b..].iter().take_while(|r| r.sentence == *sentence).count();
            let all = islands[b..e].iter().flat_map(|r| labels[r.tokens.clone()].iter().flatten()).fold(0u8, |a, &l| a | 1 << l);
            for r in &islands[b..e] {
                for m in r.tokens.clone() {
                    self.sent_prior[m] = all & !labels[m].map_or(0, |l| 1 << l);
                }
            }
            b = e;
        }
    }

    /// Counts token `k`'s label under its lowercase form in the document map:
    /// two bits per label, 1 = once, 3 = more than once.
    #[inline]
    fn count_label(&mut self, labels: &[Option<u8>], k: usize) {
        if let Some(l) = labels[k] {
            if self.info[k].flags & flag::PUNCT == 0 {
                let key = self.info[k].lower;
                let bit = 1u8 << (l * 2);
                let cur = self.seen.get(key);
                self.seen.or(key, if cur & bit != 0 { bit << 1 } else { bit });
            }
        }
    }

    /// The labels counted for token `k`'s lowercase form at *other*
    /// positions (its own bit removed when it was the only one).
    #[inline]
    fn prior_bits(&self, labels: &[Option<u8>], k: usize) -> u8 {
        let v = self.seen.get(self.info[k].lower);
        let mut bits = 0u8;
        for l in 0..N_LABELS as u8 {
            let once = v & (1 << (l * 2)) != 0;
            let more = v & (2 << (l * 2)) != 0;
            let own = labels[k] == Some(l);
            if (once && !own) || more {
                bits |= 1 << l;
            }
        }
        bits
    }
}

/// A reusable buffer of feature indices for one token.
#[derive(Debug)]
pub struct Features {
    /// Row indices into the weight table.
    pub idx: Vec<u32>,
    /// Where the templates write, `len` of them: a fixed array needs no
    /// capacity check per feature, and one copy fills `idx` at the end.
    buf: [u32; MAX_FEATURES],
    len: usize,
    shift: u32,
    groups: u32,
}

/// More than any token can have (about 100 with every gazetteer bit set); a
/// power of two (see [`Features::push`]).
const MAX_FEATURES: usize = 128;
const _: () = assert!(MAX_FEATURES.is_power_of_two());

// Template ids: one per line; never renumber (a model's weights depend on them).
const T_BIAS: u64 = 1;
const T_WORD: u64 = 2;
const T_LOWER: u64 = 3;
const T_SHAPE: u64 = 4;
const T_PRE: u64 = 5;
const T_SUF: u64 = 6;
const T_L_M1: u64 = 7;
const T_L_P1: u64 = 8;
const T_L_M2: u64 = 9;
const T_L_P2: u64 = 10;
const T_S_M1: u64 = 11;
const T_S_P1: u64 = 12;
const T_S_M1_S0: u64 = 13;
const T_S0_S_P1: u64 = 14;
const T_L_M1_L0: u64 = 15;
const T_L0_L_P1: u64 = 16;
const T_FIRST_SHAPE: u64 = 17;
const T_FIRST_LOWER: u64 = 18;
const T_LINE_SHAPE: u64 = 19;
const T_LINE_LOWER: u64 = 20;
const T_LINE_DOC: u64 = 21;
const T_DOC_SHAPE: u64 = 22;
const T_TITLE_M1: u64 = 23;
const T_TITLE_M2: u64 = 24;
const T_CORP_AHEAD: u64 = 25;
const T_RUN_LAST: u64 = 26;
const T_RUN_FIRST: u64 = 27;
const T_RUN_POS: u64 = 28;
const T_GAZ: u64 = 29;
const T_GAZ_SHAPE: u64 = 30;
const T_PRIOR: u64 = 31;
const T_PRIOR_SHAPE: u64 = 32;
const T_PRIOR_M1: u64 = 33;
const T_PRIOR_P1: u64 = 34;
const T_W_M1: u64 = 35;
const T_W_P1: u64 = 36;
const T_AFTER_QUOTE: u64 = 37;
const T_CORP_SELF: u64 = 38;
const T_S_M1_S0_S_P1: u64 = 39;
const T_LINE_CONTEXT: u64 = 40;
const T_WGAZ: u64 = 41;
const T_WGAZ_SHAPE: u64 = 42;
const T_WGAZ_M1: u64 = 43;
const T_WGAZ_P1: u64 = 44;
const T_TOPIC_SHAPE: u64 = 45;
const T_TOPIC_GAZ: u64 = 46;
const T_TOPIC_LOWER: u64 = 47;
const T_SENT_PRIOR: u64 = 48;
const T_VOCAB: u64 = 49;
const T_TITLE_SELF: u64 = 50;

impl Features {
    /// A buffer for a table of `2^hash_bits` rows, extracting `groups`.
    pub fn new(hash_bits: u32, groups: u32) -> Features {
        Features { idx: Vec::with_capacity(MAX_FEATURES), buf: [0; MAX_FEATURES], len: 0, shift: 64 - hash_bits, groups }
    }

    #[inline(always)]
    fn push(&mut self, h: u64) {
        // The mask spares a bounds check per feature: no token comes near
        // MAX_FEATURES (a power of two).
        debug_assert!(self.len < MAX_FEATURES);
        self.buf[self.len & (MAX_FEATURES - 1)] = (mix(h, 0x5bd1_e995) >> self.shift) as u32;
        self.len += 1;
    }
    #[inline(always)]
    fn f1(&mut self, t: u64, a: u64) {
        self.push(mix(t.wrapping_mul(0x9e37_79b9_7f4a_7c15), a));
    }
    #[inline(always)]
    fn f2(&mut self, t: u64, a: u64, b: u64) {
        self.push(mix(mix(t.wrapping_mul(0x9e37_79b9_7f4a_7c15), a), b));
    }

    /// Extracts the features of token `i` of the sentence `sent` into `self.idx`.
    pub fn extract(&mut self, ctx: &DocContext, sent: Range<usize>, i: usize) {
        self.len = 0;
        self.extract_all(ctx, sent, i);
        self.publish();
    }

    /// Like [`Features::extract`], but returns the features in place
    /// instead of copying them into `idx` (which it leaves as it was).
    #[inline]
    pub fn features(&mut self, ctx: &DocContext, sent: Range<usize>, i: usize) -> &[u32] {
        self.len = 0;
        self.extract_all(ctx, sent, i);
        &self.buf[..self.len]
    }

    /// Like [`Features::extract_priors`], returning the features in place.
    #[inline]
    pub fn priors(&mut self, ctx: &DocContext, sent: Range<usize>, i: usize) -> &[u32] {
        self.len = 0;
        self.prior_features(ctx, sent, i);
        &self.buf[..self.len]
    }

    /// Copies the buffer's features into the public `idx`.
    fn publish(&mut self) {
        self.idx.clear();
        self.idx.extend_from_slice(&self.buf[..self.len]);
    }

    #[inline(always)]
    fn extract_all(&mut self, ctx: &DocContext, sent: Range<usize>, i: usize) {
        self.word_features(&ctx.info[i]);
        self.context_features(ctx, sent, i);
    }

    /// Like [`Features::features`], also saying how many of the features,
    /// at the front, depend on the token's word alone (the bias and
    /// [`group::TOKEN`]): the same for every occurrence of the word, so
    /// their weight sums can be kept per word (see `RowCache` in the tagger).
    #[inline]
    pub fn features_split(&mut self, ctx: &DocContext, sent: Range<usize>, i: usize) -> (&[u32], usize) {
        self.len = 0;
        self.word_features(&ctx.info[i]);
        let mid = self.len;
        self.context_features(ctx, sent, i);
        (&self.buf[..self.len], mid)
    }

    /// The features of token `i` after the word's own (those of
    /// [`Features::features_split`] from its split point on).
    #[inline]
    pub fn context_only(&mut self, ctx: &DocContext, sent: Range<usize>, i: usize) -> &[u32] {
        self.len = 0;
        self.context_features(ctx, sent, i);
        &self.buf[..self.len]
    }

    /// The bias and the features of the word itself.
    #[inline(always)]
    fn word_features(&mut self, t: &TokenInfo) {
        self.f1(T_BIAS, 0);
        if self.groups & group::TOKEN != 0 {
            self.f1(T_WORD, t.word);
            self.f1(T_LOWER, t.lower);
            self.f1(T_SHAPE, t.shape);
            for k in 0..4 {
                if t.pre[k] != 0 {
                    self.f2(T_PRE, k as u64, t.pre[k]);
                }
                if t.suf[k] != 0 {
                    self.f2(T_SUF, k as u64, t.suf[k]);
                }
            }
        }
    }

    /// Every feature after [`Features::word_features`].
    #[inline(always)]
    fn context_features(&mut self, ctx: &DocContext, sent: Range<usize>, i: usize) {
        let g = self.groups;
        let info = &ctx.info;
        let t = &info[i];
        const PAD_L: u64 = 0xB0;
        const PAD_R: u64 = 0xE0;
        // A neighbour's (word, lowercase, shape), or padding past either
        // sentence end. Plain values, no field-accessor closures: the
        // size-optimized wasm build would call those indirectly.
        let near = |k: isize| -> (u64, u64, u64) {
            let j = i as isize + k;
            if j < sent.start as isize {
                (PAD_L, PAD_L, PAD_L)
            } else if j >= sent.end as isize {
                (PAD_R, PAD_R, PAD_R)
            } else {
                let t = &info[j as usize];
                (t.word, t.lower, t.shape)
            }
        };
        let ((wm1, lm1, sm1), (wp1, lp1, sp1)) = (near(-1), near(1));
        if g & group::CONTEXT != 0 {
            self.f1(T_L_M1, lm1);
            self.f1(T_L_P1, lp1);
            self.f1(T_L_M2, near(-2).1);
            self.f1(T_L_P2, near(2).1);
            self.f1(T_W_M1, wm1);
            self.f1(T_W_P1, wp1);
            self.f1(T_S_M1, sm1);
            self.f1(T_S_P1, sp1);
            self.f2(T_S_M1_S0, sm1, t.shape);
            self.f2(T_S0_S_P1, t.shape, sp1);
            self.f2(T_S_M1_S0_S_P1, mix(sm1, t.shape), sp1);
            self.f2(T_L_M1_L0, lm1, t.lower);
            self.f2(T_L0_L_P1, t.lower, lp1);
        }
        let first = ctx.sent_start[i] as usize == i;
        if g & group::POSITION != 0 {
            self.f2(T_FIRST_SHAPE, first as u64, t.shape);
            if first {
                self.f1(T_FIRST_LOWER, t.lower);
            }
            if i > sent.start {
                let p = info[i - 1].flags;
                if p & flag::PUNCT != 0 {
                    self.f2(T_AFTER_QUOTE, info[i - 1].word, t.flags as u64 & 7);
                }
            }
        }
        let mode = ctx.line_mode[i] as u64;
        if g & group::LINE != 0 {
            self.f2(T_LINE_SHAPE, mode, t.shape);
            if mode != 0 {
                self.f2(T_LINE_LOWER, mode, t.lower);
                self.f2(T_LINE_CONTEXT, mode, mix(lm1, lp1));
            }
        }
        if g & group::DOCUMENT != 0 {
            let d = ctx.doc[i] as u64;
            self.f2(T_DOC_SHAPE, d, t.shape);
            if g & group::LINE != 0 {
                self.f2(T_LINE_DOC, mode, d | (t.flags as u64 & 7) << 8 | (first as u64) << 12);
            }
        }
        if g & group::CUES != 0 {
            if i > sent.start && info[i - 1].flags & flag::TITLE != 0 {
                self.f2(T_TITLE_M1, t.flags as u64 & 7, 1);
            }
            if i > sent.start + 1 && info[i - 2].flags & flag::TITLE != 0 {
                self.f2(T_TITLE_M2, t.flags as u64 & 7, 1);
            }
            if t.flags & flag::CORP != 0 {
                self.f1(T_CORP_SELF, t.flags as u64 & 7);
            }
            // The title itself ("Mr." as much as "Mr"), usually outside the name.
            if t.flags & flag::TITLE != 0 {
                self.f1(T_TITLE_SELF, t.flags as u64 & 7);
            }
            // A company suffix ahead within the same capitalised stretch.
            let mut j = i + 1;
            while j < sent.end && j <= i + 4 {
                let f = info[j].flags;
                if f & flag::CORP != 0 {
                    self.f2(T_CORP_AHEAD, (j - i) as u64, t.flags as u64 & 7);
                    break;
                }
                if f & (flag::CAP | flag::CONNECT) == 0 && f & flag::PUNCT == 0 {
                    break;
                }
                j += 1;
            }
        }
        if g & group::RUN != 0 {
            let (s, e) = ctx.run[i];
            if e > s {
                let (s, e) = (s as usize, e as usize);
                let pos = if e - s == 1 {
                    0
                } else if i == s {
                    1
                } else if i + 1 == e {
                    2
                } else {
                    3
                };
                self.f2(T_RUN_POS, pos, (e - s).min(5) as u64 | mode << 4);
                if e - s > 1 && mode != 1 {
                    self.f2(T_RUN_LAST, pos, info[e - 1].lower);
                    self.f2(T_RUN_FIRST, pos, info[s].lower);
                }
            }
        }
        if g & group::GAZETTEER != 0 {
            let bits = ctx.gaz[i];
            if bits != 0 {
                let mut b = bits;
                while b != 0 {
                    let k = b.trailing_zeros() as u64;
                    b &= b - 1;
                    self.f1(T_GAZ, k);
                    self.f2(T_GAZ_SHAPE, k, t.flags as u64 & 7);
                }
            }
        }
        if g & group::WORDS != 0 {
            let w = ctx.words[i] as u64;
            let mut b = w;
            while b != 0 {
                let k = b.trailing_zeros() as u64;
                b &= b - 1;
                self.f1(T_WGAZ, k);
                self.f2(T_WGAZ_SHAPE, k, t.flags as u64 & 7);
            }
            let wm1 = if i > sent.start { ctx.words[i - 1] as u64 } else { 0x100 };
            let wp1 = if i + 1 < sent.end { ctx.words[i + 1] as u64 } else { 0x100 };
            self.f2(T_WGAZ_M1, wm1, w);
            self.f2(T_WGAZ_P1, w, wp1);
            if t.flags & flag::CAP != 0 {
                let v = ctx.vocab[i] as u64;
                self.f2(T_VOCAB, v, (t.flags as u64 & 7) | (first as u64) << 3 | mode << 4);
            }
        }
        if g & group::TOPIC != 0 && ctx.topic != 0 {
            self.f2(T_TOPIC_SHAPE, ctx.topic, t.shape);
            self.f2(T_TOPIC_LOWER, ctx.topic, t.lower);
            self.f2(T_TOPIC_GAZ, ctx.topic, ctx.gaz[i] as u64 | (ctx.words[i] as u64) << 16);
        }
        if g & group::PRIOR != 0 {
            self.prior_features(ctx, sent, i);
        }
    }

    /// Only the [`group::PRIOR`] features of token `i` (no bias): with the
    /// features of the other groups, which the first pass already looked up,
    /// they make the second pass's set.
    pub fn extract_priors(&mut self, ctx: &DocContext, sent: Range<usize>, i: usize) {
        self.len = 0;
        self.prior_features(ctx, sent, i);
        self.publish();
    }

    #[inline(always)]
    fn prior_features(&mut self, ctx: &DocContext, sent: Range<usize>, i: usize) {
        let t = &ctx.info[i];
        self.f2(T_SENT_PRIOR, ctx.sent_prior[i] as u64, t.flags as u64 & 7);
        let p = ctx.prior[i] as u64;
        self.f1(T_PRIOR, p);
        self.f2(T_PRIOR_SHAPE, p, t.shape);
        let pm1 = if i > sent.start { ctx.prior[i - 1] as u64 } else { 0xF0 };
        let pp1 = if i + 1 < sent.end { ctx.prior[i + 1] as u64 } else { 0xF0 };
        self.f2(T_PRIOR_M1, pm1, p);
        self.f2(T_PRIOR_P1, p, pp1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(text: &str) -> (Document<'_>, DocContext) {
        let d = Document::new(text);
        let mut c = DocContext::default();
        c.build(&d, None);
        (d, c)
    }

    /// The ASCII fast path of [`TokenInfo::hash_features`] gives what the
    /// character steps give.
    #[test]
    fn ascii_feature_hashes_match_the_char_steps() {
        let words = ["", "a", "Mr", "Mr.", "U.S.", "Kelly", "KELLY", "iPhone", "12,345", "O'Neill", "x\0y", "\0", "internationalisation-and-more", "ab1CD-ef"];
        for w in words {
            let (mut fast, mut slow) = (TokenInfo::default(), TokenInfo::default());
            fast.hash_features(w);
            slow.hash_features_chars(w);
            assert_eq!((fast.word, fast.shape, fast.pre, fast.suf), (slow.word, slow.shape, slow.pre, slow.suf), "{w:?}");
        }
        // False positive check: other words hash differently.
        let (mut a, mut b) = (TokenInfo::default(), TokenInfo::default());
        a.hash_features("Kelly");
        b.hash_features("Kelley");
        assert_ne!((a.word, a.suf), (b.word, b.suf));
    }

    #[test]
    fn type_cache_gives_what_hashing_gives() {
        let mut cache = TypeCache::default();
        let words = [
            "Kelly", "KELLY", "kelly", "Kelly", "Mr.", "U.S.", "Müller", "MÜLLER", "a", "Kelly", "S",
            "internationalisation-and-more", "internationalisation-and-more", "Washington", "washington",
            "Washington", "\u{2019}s", "O\u{2019}Neill", "12,345", "ABCDEFGHIJKLMNOPQRSTUVW", "ABCDEFGHIJKLMNOPQRSTUVWX",
        ];
        // Twice over, so that the second round hits where the first filled.
        for w in words.iter().chain(words.iter()) {
            let want = TokenInfo::new(w, TokenKind::Word);
            let mut got = TokenInfo::light(w, TokenKind::Word);
            cache.hash_features(&mut got, w);
            assert_eq!((got.word, got.lower, got.shape, got.pre, got.suf, got.flags), (want.word, want.lower, want.shape, want.pre, want.suf, want.flags), "{w}");
        }
    }

    #[test]
    fn word_lists_are_sorted() {
        for list in [TITLES, CORP_SUFFIXES, CONNECTORS] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{list:?}");
        }
    }

    #[test]
    fn word_list_table_agrees_with_the_lists() {
        let lists = WordLists::get();
        for (list, f) in [(TITLES, flag::TITLE), (CORP_SUFFIXES, flag::CORP), (CONNECTORS, flag::CONNECT)] {
            for &w in list {
                assert_ne!(lists.flags(lower_hash(w), w) & f, 0, "{w}");
            }
        }
        // False positives: near misses and other words are in no list.
        for w in ["mr", "MR", "Corps", "ofs", "", "Kelly", "said"] {
            assert_eq!(lists.flags(lower_hash(w), w), 0, "{w}");
        }
    }

    #[test]
    fn light_ascii_loop_agrees_with_the_char_loop() {
        // The lowercase hash, the hash before the last char and the letter
        // cases, computed the Unicode way for every word.
        let reference = |w: &str| {
            let (mut hl, mut prev, mut up, mut low) = (SEED_LOWER, SEED_LOWER, false, false);
            for c in w.chars() {
                prev = hl;
                hl = mix(hl, lower(c) as u64);
                if c.is_alphabetic() {
                    up |= c.is_uppercase();
                    low |= c.is_lowercase() && !c.is_uppercase();
                }
            }
            (hl, prev, up && !low, up)
        };
        let mut state = crate::testing::XorShift::new(11);
        let mut words: Vec<String> = (0..3000)
            .map(|_| (0..1 + state.below(8)).map(|_| (0x20 + state.below(0x5f) as u8) as char).collect())
            .collect();
        // Non-ASCII anywhere: the byte loop gives way and starts over.
        words.extend(["Kelly\u{e9}", "\u{c9}T\u{c9}", "NATO\u{2019}s", "M\u{fc}ller.", "\u{2019}"].map(String::from));
        for w in &words {
            let (hl, prev, all_caps, upper) = reference(w);
            let t = TokenInfo::light(w, TokenKind::Word);
            assert_eq!(t.lower, hl, "{w:?}");
            assert_eq!(t.flags & flag::ALL_CAPS != 0, all_caps, "{w:?}");
            assert_eq!(t.flags & flag::UPPER != 0, upper, "{w:?}");
            // "Mr." looks up "Mr" by the hash before the last char.
            if let Some(bare) = w.strip_suffix('.') {
                assert_eq!(lower_hash(bare), prev, "{w:?}");
            }
        }
    }

    #[test]
    fn token_flags() {
        // The ASCII fast path hashes exactly like the Unicode path: a word
        // with one non-ASCII letter differs from its ASCII twin only there.
        let (a, b) = (TokenInfo::new("Muller", TokenKind::Word), TokenInfo::new("Müller", TokenKind::Word));
        assert_eq!((a.pre[0], a.suf[2], a.flags), (b.pre[0], b.suf[2], b.flags));
        assert_ne!(a.lower, b.lower);
        let cases: &[(&str, TokenKind, u16, u16)] = &[
            // (word, kind, must have, must not have)
            ("Kelly", TokenKind::Word, flag::CAP, flag::ALL_CAPS | flag::LOWER),
            ("NATO", TokenKind::Word, flag::CAP | flag::ALL_CAPS, flag::LOWER),
            ("U.S.", TokenKind::Word, flag::ALL_CAPS, flag::LOWER),
            ("said", TokenKind::Word, flag::LOWER, flag::CAP),
            ("Mr.", TokenKind::Word, flag::TITLE, 0),
            ("Secretary", TokenKind::Word, flag::TITLE, 0),
            ("Corp.", TokenKind::Word, flag::CORP, 0),
            ("of", TokenKind::Word, flag::CONNECT, flag::CAP),
            ("1996", TokenKind::Number, flag::NUMBER, flag::CAP | flag::LOWER),
            // False positives: not titles, not companies.
            ("Kelly", TokenKind::Word, 0, flag::TITLE | flag::CORP),
            ("company", TokenKind::Word, 0, flag::CORP),
        ];
        for &(w, k, yes, no) in cases {
            let f = TokenInfo::new(w, k).flags;
            assert_eq!(f & yes, yes, "{w}: missing flags");
            assert_eq!(f & no, 0, "{w}: unexpected flags");
        }
    }

    #[test]
    fn hashes_fold_case_but_words_do_not() {
        let a = TokenInfo::new("Kelly", TokenKind::Word);
        let b = TokenInfo::new("KELLY", TokenKind::Word);
        let c = TokenInfo::new("kelly", TokenKind::Word);
        assert_eq!(a.lower, b.lower);
        assert_eq!(a.lower, c.lower);
        assert_ne!(a.word, b.word);
        assert_ne!(a.shape, b.shape);
        assert_eq!(a.suf[2], c.suf[2]); // "lly"
        assert_eq!(a.pre[1], b.pre[1]); // "ke"
        assert_ne!(a.pre[0], a.suf[0]);
        // Curly and straight apostrophes hash alike.
        assert_eq!(TokenInfo::new("O\u{2019}Neill", TokenKind::Word).lower, TokenInfo::new("O'Neill", TokenKind::Word).lower);
        assert_eq!(lower_hash("Kelly"), a.lower);
    }

    #[test]
    fn short_words_have_no_long_affixes() {
        let t = TokenInfo::new("EU", TokenKind::Word);
        assert_ne!(t.pre[1], 0);
        assert_eq!(t.pre[2], 0);
        assert_eq!(t.suf[3], 0);
    }

    #[test]
    fn line_modes() {
        let (_, c) = ctx("CRICKET - LEICESTERSHIRE TAKE OVER AT TOP.\nThe Big Match Report Today\nKelly said it was fine.");
        assert_eq!(c.line_mode[0], 1);
        let second = c.info.iter().position(|t| t.flags & flag::LINE_START != 0 && t.word != c.info[0].word).unwrap();
        assert_eq!(c.line_mode[second], 2);
        assert_eq!(*c.line_mode.last().unwrap(), 0);
    }

    #[test]
    fn document_flags() {
        let (d, c) = ctx("LEICESTERSHIRE WIN.\nThey said Leicestershire won the match and will win again.");
        let i = d.tokens.iter().position(|t| d.token_text(t) == "LEICESTERSHIRE").unwrap();
        assert_ne!(c.doc[i] & doc_flag::SEEN_CAP_MID, 0);
        assert_eq!(c.doc[i] & doc_flag::SEEN_LOWER, 0);
        let w = d.tokens.iter().position(|t| d.token_text(t) == "WIN").unwrap();
        assert_ne!(c.doc[w] & doc_flag::SEEN_LOWER, 0);
    }

    #[test]
    fn capitalised_runs() {
        let (d, c) = ctx("He joined the Bank of England on Monday.");
        let b = d.tokens.iter().position(|t| d.token_text(t) == "Bank").unwrap();
        assert_eq!(c.run[b], (b as u32, b as u32 + 3));
        assert_eq!(c.run[b + 2], (b as u32, b as u32 + 3));
        // False positive: "of" alone is not a run.
        assert_eq!(c.run[b + 1].0, b as u32);
        let he = 0;
        assert_eq!(c.run[he], (0, 1));
    }

    #[test]
    fn features_are_deterministic_and_in_range() {
        let (d, c) = ctx("Mr. John Kelly met Exxon Corp officials in Mexico City.");
        let mut f = Features::new(16, group::ALL);
        let mut g = Features::new(16, group::ALL);
        for s in &d.sentences {
            for i in s.clone() {
                f.extract(&c, s.clone(), i);
                g.extract(&c, s.clone(), i);
                assert_eq!(f.idx, g.idx);
                assert!(f.idx.len() > 20 && f.idx.len() < 64);
                assert!(f.idx.iter().all(|&x| x < 1 << 16));
            }
        }
        // The prior block alone is the tail of the full set.
        let mut priors = Features::new(16, group::ALL);
        let (s, i) = (d.sentences[0].clone(), 2);
        f.extract(&c, s.clone(), i);
        priors.extract_priors(&c, s.clone(), i);
        assert!(!priors.idx.is_empty() && f.idx.ends_with(&priors.idx));
        // Groups switch features off.
        let mut only = Features::new(16, group::TOKEN);
        only.extract(&c, 0..d.tokens.len(), 2);
        assert_eq!(only.idx.len(), 1 + 3 + 8);
    }

    #[test]
    fn vocabulary_codes_of_capitalised_tokens() {
        let text = "Well, Kelly said the well was dry.";
        let d = Document::new(text);
        let g = Gazetteer::build_with_vocab([], [(lower_hash("well"), 3), (lower_hash("said"), 2)]);
        let mut c = DocContext::default();
        c.build(&d, Some(&g));
        let at = |w: &str| d.tokens.iter().position(|t| d.token_text(t) == w).unwrap();
        assert_eq!(c.vocab[at("Well")], 3);
        // False positives: lowercase tokens are not looked up, unknown names have none.
        assert_eq!(c.vocab[at("well")], 0);
        assert_eq!(c.vocab[at("said")], 0);
        assert_eq!(c.vocab[at("Kelly")], 0);
        // Without a gazetteer, none.
        let (_, bare) = ctx(text);
        assert!(bare.vocab.iter().all(|&v| v == 0));
        // The code is a feature: "Well" with and without it differ.
        let mut f = Features::new(16, group::ALL);
        let mut g = Features::new(16, group::ALL);
        let mut c2 = DocContext::default();
        c2.build(&d, Some(&Gazetteer::default()));
        let s = d.sentences[0].clone();
        f.extract(&c, s.clone(), 0);
        g.extract(&c2, s, 0);
        let mut c3 = DocContext::default();
        c3.build(&d, Some(&Gazetteer::build_with_vocab([], [(lower_hash("well"), 3)])));
        let mut h = Features::new(16, group::ALL);
        h.extract(&c3, d.sentences[0].clone(), 0);
        assert_eq!(f.idx, h.idx);
        assert_ne!(g.idx, h.idx);
    }

    #[test]
    fn a_title_is_a_feature_of_itself() {
        // "Mr." (as often in US news) and "Mr" (Reuters) share the title feature.
        let (d, c) = ctx("Mr. Kelly and Mr Smith met Kelly");
        let mut f = Features::new(16, group::CUES);
        let mut cues = |i: usize| {
            f.extract(&c, d.sentences[0].clone(), i);
            f.idx.clone()
        };
        let bare_at = d.tokens.iter().position(|t| d.token_text(t) == "Mr").unwrap();
        assert_eq!(d.word(0), "Mr.");
        let (dotted, bare, name) = (cues(0), cues(bare_at), cues(d.tokens.len() - 1));
        assert!(dotted.len() > 1 && dotted == bare);
        // False positive: a name after no title has only the bias.
        assert_eq!(name.len(), 1);
    }

    #[test]
    fn sparse_state_matches_the_full_state_where_features_read_it() {
        // The tagger fills the feature-only state (hashes, document flags,
        // word gazetteer, priors) just around candidate islands; every
        // feature of every candidate token must come out as with the
        // state of the whole document.
        let model = crate::entities::embedded_model().unwrap();
        let texts = [
            "SOCCER - LEICESTERSHIRE TAKE OVER AT TOP.\nLONDON 1996-08-30\nMr. John Kelly met Exxon Corp officials in Mexico City, said the Bank of England.",
            "The company said on Tuesday that profits rose 5 percent. Kelly, who joined in 1860 Munich, said \u{201c}no\u{201d} to the U.S.-led plan.",
            "a b c D e f g H I j k. L m n o p Q. r s T.",
            "",
            "Kelly",
        ];
        for text in texts {
            let d = Document::new(text);
            let gaz = Some(&model.gazetteer);
            let mut full = DocContext::default();
            full.build(&d, gaz);
            let mut sparse = DocContext::default();
            sparse.build_sparse(&d, gaz);
            let mut islands = Vec::new();
            super::super::island::find(&d, &sparse.flags, &mut islands);
            for r in &islands {
                let from = r.tokens.start.saturating_sub(1).max(r.sentence.start);
                sparse.fill_features(&d, gaz, from..(r.tokens.end + 1).min(r.sentence.end));
            }
            // Some labels on the island tokens (none elsewhere, as the tagger gives).
            let mut labels = vec![None; d.tokens.len()];
            for (n, r) in islands.iter().enumerate() {
                for i in r.tokens.clone() {
                    labels[i] = Some(((i + n) % 5) as u8).filter(|&l| l < 4);
                }
            }
            full.set_priors(&labels);
            sparse.set_priors_in(&labels, &islands);
            let (mut f, mut g) = (Features::new(model.hash_bits, group::ALL), Features::new(model.hash_bits, group::ALL));
            let mut checked = 0;
            for r in &islands {
                for i in r.tokens.clone() {
                    f.extract(&full, r.sentence.clone(), i);
                    g.extract(&sparse, r.sentence.clone(), i);
                    assert_eq!(f.idx, g.idx, "{text:?} token {i}");
                    checked += 1;
                }
            }
            assert_eq!(checked, islands.iter().map(|r| r.tokens.len()).sum::<usize>());
            // Every token has the flags and lowercase hash the whole document
            // reads; tokens away from islands (most of the prose) have no
            // feature hashes.
            let mut near = vec![false; d.tokens.len()];
            for r in &islands {
                let from = r.tokens.start.saturating_sub(1).max(r.sentence.start);
                near[from..(r.tokens.end + 1).min(r.sentence.end)].fill(true);
            }
            for (k, (a, b)) in full.info.iter().zip(&sparse.info).enumerate() {
                assert_eq!((a.lower, a.flags), (b.lower, b.flags), "{text:?} token {k}");
                assert_eq!(b.word != 0, near[k], "{text:?} token {k}");
            }
            if text.starts_with("The company") {
                assert!(near.iter().filter(|&&x| x).count() + 5 < d.tokens.len());
            }
        }
    }

    #[test]
    fn priors_exclude_the_token_itself() {
        let (_, mut c) = ctx("Kelly met Kelly and Smith");
        // Tags: Kelly PER, met -, Kelly PER, and -, Smith PER.
        c.set_priors(&[Some(0), None, Some(0), None, Some(0)]);
        assert_eq!(c.prior[0], 1); // the other "Kelly"
        assert_eq!(c.prior[4], 0); // "Smith" appears once
        assert_eq!(c.prior[1], 0);
    }
}
