//! Grouping: which mentions in a text name the same entity.
//!
//! Walking the mentions in text order, a mention joins an earlier group when
//! - it is written the same way (case-insensitively), whatever its label;
//! - it is a person's surname or first name alone after the full name
//!   ("John Kelly" … "Kelly", "Mr Kelly"): a shorter PER mention whose words
//!   all occur, in order, in the group's name;
//! - it is an ORG/LOC/MISC mention whose words form a contiguous part of the
//!   group's name of the same label ("Pew Research Centre" … "Pew");
//! - it is an acronym of the group's name ("Department of Homeland Security"
//!   … "DHS": the initials of its capitalised words), which covers the usual
//!   "Department of Homeland Security (DHS)" introduction.
//!
//! When several groups match, the most recent one wins ("John Kelly" and
//! "Megyn Kelly": a later "Kelly" goes with whoever was named last). Group
//! ids count from 0 in order of first mention.
//!
//! Why it is shaped this way: every lowercase word is interned once per
//! document ([`Interner`]) and everything after compares small integer ids,
//! so a mention costs no allocation (a `String` per word and a `Vec<String>`
//! key per mention were a fifth of the entity stage). The tables hash with
//! [`Seeded`], a folded multiply keyed afresh for every document from the
//! standard library's random keys: with SipHash, interning a word cost ~355
//! instructions (callgrind, CoNLL + PolNeAR dev), with it ~140, and a
//! per-document random key still keeps crafted input from choosing which
//! strings collide. Every helper that reads a mention's text takes whether
//! it is ASCII (`ascii`, tested once per mention) and then works on bytes,
//! without decoding UTF-8.

use super::features::is_title;
use crate::span::{Entity, Label};
use crate::text::Document;
use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;

/// A hash for the short keys of one document (lowercase words, word-id
/// sequences): 16 bytes per folded 64x64→128-bit multiply, keyed by two
/// random words (the construction of foldhash and aHash's fallback). Keys
/// drawn per document from [`RandomState`] make which keys share a slot
/// unpredictable from the text, so linear probing stays short on any
/// input, at a tenth of SipHash's cost on words of a few bytes.
#[derive(Clone, Copy)]
struct Seeded {
    k0: u64,
    k1: u64,
}

/// Odd constants (from the digits of pi) mixed into the keys so the two
/// multiplicands of a fold are never both zero.
const PI: [u64; 3] = [0x243f_6a88_85a3_08d3, 0x1319_8a2e_0370_7344, 0xa409_3822_299f_31d1];

/// The high and low halves of the 128-bit product, xored.
#[inline]
fn fold(a: u64, b: u64) -> u64 {
    let p = (a as u128).wrapping_mul(b as u128);
    (p as u64) ^ ((p >> 64) as u64)
}

impl Seeded {
    fn new() -> Seeded {
        let r = RandomState::new();
        Seeded { k0: r.hash_one(PI[0]) ^ PI[1], k1: r.hash_one(PI[1]) ^ PI[2] }
    }

    /// The hash of `bytes`: its length, then 16 bytes (two little-endian
    /// words, zero padded at the end) per fold.
    #[inline]
    fn bytes(&self, bytes: &[u8]) -> u64 {
        let mut h = self.k0 ^ bytes.len() as u64;
        let mut chunks = bytes.chunks_exact(16);
        for c in &mut chunks {
            let a = u64::from_le_bytes(c[..8].try_into().unwrap());
            let b = u64::from_le_bytes(c[8..].try_into().unwrap());
            h = fold(a ^ h, b ^ self.k1);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() || bytes.is_empty() {
            let mut buf = [0u8; 16];
            buf[..rest.len()].copy_from_slice(rest);
            let a = u64::from_le_bytes(buf[..8].try_into().unwrap());
            let b = u64::from_le_bytes(buf[8..].try_into().unwrap());
            h = fold(a ^ h, b ^ self.k1);
        }
        // One more fold spreads the high bits into the low ones that pick slots.
        fold(h ^ PI[2], self.k1 ^ PI[0])
    }

    /// The hash of a sequence of word ids: two ids per word, four per fold.
    #[inline]
    fn ids(&self, ids: &[u32]) -> u64 {
        let mut h = self.k0 ^ ids.len() as u64;
        let word = |p: &[u32]| p.iter().enumerate().fold(0u64, |w, (i, &x)| w | (x as u64) << (32 * i));
        for c in ids.chunks(4) {
            let (a, b) = c.split_at(c.len().min(2));
            h = fold(word(a) ^ h, word(b) ^ self.k1);
        }
        fold(h ^ PI[2], self.k1 ^ PI[0])
    }
}
use std::ops::Range;

/// No id / end of a list.
const NONE: u32 = u32::MAX;

/// How many groups sharing a mention's first word (or its initials, or, for
/// a full name taking over a short one, its first or last word) are
/// compared with it, the most recently created first. News text never
/// comes near it (a document has a handful of "John"s); without it, a text
/// of thousands of different "John X" took time quadratic in their number
/// (each new one compared with every earlier one), with it the work per
/// mention is bounded.
const MAX_CANDIDATES: usize = 256;

/// Lowercase strings ↔ dense ids, for one document: an open-addressing table
/// of ids over one arena of their text.
struct Interner {
    hasher: Seeded,
    /// The lowercase forms, concatenated.
    arena: String,
    /// Per id: its range in `arena` and its hash.
    entries: Vec<(Range<u32>, u64)>,
    /// Ids (or [`NONE`]); the length is a power of two, under half full.
    slots: Vec<u32>,
}

impl Interner {
    /// An interner for about `words` strings of `bytes` bytes in all, sized
    /// so that it need not grow (it still can).
    fn new(hasher: Seeded, words: usize, bytes: usize) -> Interner {
        let slots = (2 * words + 1).next_power_of_two().max(16);
        Interner { hasher, arena: String::with_capacity(bytes), entries: Vec::with_capacity(words), slots: vec![NONE; slots] }
    }

    fn text(&self, id: u32) -> &str {
        let r = &self.entries[id as usize].0;
        &self.arena[r.start as usize..r.end as usize]
    }

    /// The id of `s`, added if new.
    fn intern(&mut self, s: &str) -> u32 {
        let h = self.hasher.bytes(s.as_bytes());
        let mask = self.slots.len() - 1;
        let mut i = h as usize & mask;
        loop {
            let id = self.slots[i];
            if id == NONE {
                break;
            }
            if self.entries[id as usize].1 == h && self.text(id) == s {
                return id;
            }
            i = (i + 1) & mask;
        }
        let id = self.entries.len() as u32;
        let start = self.arena.len() as u32;
        self.arena.push_str(s);
        self.entries.push((start..self.arena.len() as u32, h));
        self.slots[i] = id;
        if self.entries.len() * 2 > self.slots.len() {
            self.grow();
        }
        id
    }

    fn grow(&mut self) {
        let mut slots = vec![NONE; self.slots.len() * 2];
        let mask = slots.len() - 1;
        for (id, (_, h)) in self.entries.iter().enumerate() {
            let mut i = *h as usize & mask;
            while slots[i] != NONE {
                i = (i + 1) & mask;
            }
            slots[i] = id as u32;
        }
        self.slots = slots;
    }
}

/// Singly linked lists of group indices, one per key id, in one arena.
#[derive(Default)]
struct Lists {
    /// Per key id: the last link added, or [`NONE`].
    head: Vec<u32>,
    /// `(group, previous link)`.
    links: Vec<(u32, u32)>,
}

impl Lists {
    fn push(&mut self, key: u32, group: u32) {
        if self.head.len() <= key as usize {
            self.head.resize(key as usize + 1, NONE);
        }
        let prev = self.head[key as usize];
        self.head[key as usize] = self.links.len() as u32;
        self.links.push((group, prev));
    }

    /// The group most recently added under `key`, if any.
    fn last(&self, key: u32) -> Option<u32> {
        let l = *self.head.get(key as usize)?;
        (l != NONE).then(|| self.links[l as usize].0)
    }

    /// The groups under `key`, most recent first.
    fn iter(&self, key: u32) -> impl Iterator<Item = u32> + '_ {
        let mut l = self.head.get(key as usize).copied().unwrap_or(NONE);
        std::iter::from_fn(move || {
            if l == NONE {
                return None;
            }
            let (g, prev) = self.links[l as usize];
            l = prev;
            Some(g)
        })
    }
}

struct Group {
    label: Label,
    /// Ids of the lowercase words of its first mention: a range of `Grouper::words`.
    words: Range<u32>,
    last_seen: usize,
}

/// Appends the lowercase form of `s` to `out`, as `str::to_lowercase` would
/// write it (ASCII without decoding; anything else through the standard
/// function, which treats a final sigma specially).
/// (`ascii`: `s` is known to be ASCII, as are the words of an ASCII mention.)
fn push_lower(out: &mut String, s: &str, ascii: bool) {
    if ascii || s.is_ascii() {
        let at = out.len();
        out.push_str(s);
        out[at..].make_ascii_lowercase();
    } else {
        out.push_str(&s.to_lowercase());
    }
}

/// The words of a mention as they are compared: split at whitespace, without
/// leading titles, each without a trailing possessive (still in original case).
fn words_of<'t>(text: &'t str, ascii: bool, out: &mut Vec<&'t str>) {
    out.clear();
    if ascii {
        // The runs between `char::is_whitespace` characters, on bytes.
        let mut start = None;
        for (i, &b) in text.as_bytes().iter().enumerate() {
            match (is_ascii_space(b), start) {
                (true, Some(s)) => {
                    out.push(&text[s..i]);
                    start = None;
                }
                (false, None) => start = Some(i),
                _ => {}
            }
        }
        if let Some(s) = start {
            out.push(&text[s..]);
        }
    } else {
        out.extend(text.split(|c: char| c.is_whitespace()).filter(|s| !s.is_empty()));
    }
    let titles = out.iter().take(out.len().saturating_sub(1)).take_while(|w| is_title(w)).count();
    out.drain(..titles);
    for w in out.iter_mut() {
        *w = trim_possessive(w);
    }
}

/// `char::is_whitespace` for an ASCII byte (unlike `u8::is_ascii_whitespace`,
/// with the vertical tab).
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t'..=b'\r')
}

/// `w` without trailing "'s", then "\u{2019}s", then apostrophes (each
/// removed as often as it repeats, as `trim_end_matches` would): byte
/// compares, where a string pattern set up a substring searcher per call
/// (a fifth of grouping's time).
fn trim_possessive(w: &str) -> &str {
    let mut w = w;
    while let Some(r) = w.strip_suffix("'s") {
        w = r;
    }
    while let Some(r) = w.strip_suffix("\u{2019}s") {
        w = r;
    }
    while let Some(r) = w.strip_suffix(['\'', '\u{2019}']) {
        w = r;
    }
    w
}

/// The lowercase initials of the capitalised words of `text` (split at
/// whitespace and hyphens), appended to `out`.
fn initials(text: &str, ascii: bool, out: &mut String) {
    if ascii {
        let mut prev = b' ';
        for c in text.bytes() {
            if (is_ascii_space(prev) || prev == b'-') && c.is_ascii_uppercase() {
                out.push(c.to_ascii_lowercase() as char);
            }
            prev = c;
        }
        return;
    }
    text.split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| w.starts_with(char::is_uppercase))
        .filter_map(|w| w.chars().next())
        .flat_map(char::to_lowercase)
        .for_each(|c| out.push(c));
}

/// An acronym mention (2-6 capitals, periods allowed, no lowercase): its
/// lowercase letters appended to `out`.
fn acronym(text: &str, ascii: bool, out: &mut String) -> bool {
    if ascii {
        // One pass that gives up at the first lowercase letter or seventh capital.
        let mut n = 0;
        for c in text.bytes() {
            if c == b'.' {
                continue;
            }
            if !c.is_ascii_uppercase() || n == 6 {
                return false;
            }
            n += 1;
        }
        if n < 2 {
            return false;
        }
        out.extend(text.bytes().filter(|&c| c != b'.').map(|c| c.to_ascii_lowercase() as char));
        return true;
    }
    let letters = text.chars().filter(|c| *c != '.');
    let n = letters.clone().count();
    if !(2..=6).contains(&n) || !letters.clone().all(|c| c.is_uppercase()) {
        return false;
    }
    if text.is_ascii() {
        out.extend(letters.map(|c| c.to_ascii_lowercase()));
    } else {
        out.push_str(&letters.collect::<String>().to_lowercase());
    }
    true
}

/// `short` occurs in `long` as an in-order subsequence.
fn subsequence(short: &[u32], long: &[u32]) -> bool {
    let mut it = long.iter();
    short.iter().all(|w| it.any(|x| x == w))
}

/// `short` occurs in `long` contiguously.
fn contiguous(short: &[u32], long: &[u32]) -> bool {
    short.len() <= long.len() && long.windows(short.len()).any(|w| w == short)
}

/// The per-document state of [`assign`].
struct Grouper {
    strings: Interner,
    groups: Vec<Group>,
    /// The word ids of every group, concatenated.
    words: Vec<u32>,
    /// Names by exact word sequence: an open-addressing table of indices
    /// into `names` (or [`NONE`]) keyed by the hash of their ids, under half
    /// full.
    exact: Vec<u32>,
    /// Every name a group has been written as: the hash of its word ids, the
    /// ids (a range of `words`) and the group. A group has one name, or two
    /// when a full name followed a short one ("Trump" … "Donald Trump").
    names: Vec<(u64, Range<u32>, u32)>,
    by_word: Lists,
    by_initials: Lists,
}

impl Grouper {
    /// State for `mentions` mentions of `words` words and `bytes` bytes in all.
    fn new(mentions: usize, words: usize, bytes: usize) -> Grouper {
        Grouper {
            strings: Interner::new(Seeded::new(), words + mentions, bytes),
            groups: Vec::with_capacity(mentions),
            words: Vec::with_capacity(words),
            exact: vec![NONE; (2 * mentions + 1).next_power_of_two().max(16)],
            names: Vec::with_capacity(mentions),
            by_word: Lists::default(),
            by_initials: Lists::default(),
        }
    }

    fn group_words(&self, g: u32) -> &[u32] {
        let r = &self.groups[g as usize].words;
        &self.words[r.start as usize..r.end as usize]
    }

    /// The slot of the name whose words are exactly `ids` (hash `h`), or the
    /// empty slot to put it in.
    fn exact_slot(&self, ids: &[u32], h: u64) -> usize {
        let mask = self.exact.len() - 1;
        let mut i = h as usize & mask;
        loop {
            let n = self.exact[i];
            if n == NONE {
                return i;
            }
            let (nh, r, _) = &self.names[n as usize];
            if *nh == h && &self.words[r.start as usize..r.end as usize] == ids {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    /// The group named exactly as the name in `slot`, if any.
    fn exact_group(&self, slot: usize) -> Option<u32> {
        let n = self.exact[slot];
        (n != NONE).then(|| self.names[n as usize].2)
    }

    /// Files the words `r` of `st.words` (hash `h`) under group `g`, in the
    /// empty `slot` that [`Grouper::exact_slot`] returned for them.
    fn add_exact(&mut self, slot: usize, g: u32, h: u64, r: Range<u32>) {
        self.exact[slot] = self.names.len() as u32;
        self.names.push((h, r, g));
        if self.names.len() * 2 > self.exact.len() {
            let mut table = vec![NONE; self.exact.len() * 2];
            let mask = table.len() - 1;
            for (g, &(h, _, _)) in self.names.iter().enumerate() {
                let mut i = h as usize & mask;
                while table[i] != NONE {
                    i = (i + 1) & mask;
                }
                table[i] = g as u32;
            }
            self.exact = table;
        }
    }
}

/// Sets `group` on every entity of `found` (which must be in text order).
///
/// Groups are indexed by their exact words, by each of their words and by
/// their initials, so a mention is compared only with groups that share a
/// word with it, and with at most [`MAX_CANDIDATES`] of those: linear in the
/// number of mentions.
pub fn assign(doc: &Document<'_>, found: &mut [Entity]) {
    let bytes: usize = found.iter().map(|e| e.span.end - e.span.start).sum();
    // (A sizing hint only: news mentions average under two words.)
    let words = 2 * found.len();
    let mut st = Grouper::new(found.len(), words, bytes);
    let mut raw: Vec<&str> = Vec::new();
    let mut scratch = String::new();
    let mut all_ids: Vec<u32> = Vec::with_capacity(words);
    let mut ranges: Vec<Range<u32>> = Vec::with_capacity(found.len());
    // Per mention: its text is ASCII (the byte paths of the helpers apply).
    let mut ascii_text: Vec<bool> = Vec::with_capacity(found.len());
    for e in found.iter() {
        let text = &doc.text[e.span.start..e.span.end];
        let ascii = text.is_ascii();
        ascii_text.push(ascii);
        words_of(text, ascii, &mut raw);
        let start = all_ids.len() as u32;
        for w in &raw {
            scratch.clear();
            push_lower(&mut scratch, w, ascii);
            all_ids.push(st.strings.intern(&scratch));
        }
        ranges.push(start..all_ids.len() as u32);
    }
    // A word that ends a person's full name in the text names that person
    // when it stands alone: the model, trained on 1996 news, reads a lone
    // "Trump" as the hotel company and a headline's "Obama" as a place. One
    // text rarely uses a surname for an organisation; it may use one for a
    // place ("Washington" … "George Washington"), so a place is re-read as
    // the person only after the full name. `full_name[id]`: the index of the
    // first full name ending in word `id`.
    let mut full_name = vec![NONE; st.strings.entries.len()];
    for (i, (e, r)) in found.iter().zip(&ranges).enumerate() {
        let last = &mut full_name[all_ids[r.end as usize - 1] as usize];
        if e.label == Label::Per && r.len() >= 2 && *last == NONE {
            *last = i as u32;
        }
    }
    for (idx, e) in found.iter_mut().enumerate() {
        let text = &doc.text[e.span.start..e.span.end];
        let ascii = ascii_text[idx];
        let r = &ranges[idx];
        let ids = &all_ids[r.start as usize..r.end as usize];
        if ids.len() == 1 {
            let first = full_name[ids[0] as usize];
            if first != NONE && (e.label != Label::Loc || (first as usize) < idx) {
                e.label = Label::Per;
            }
        }
        // An identical name first, then the most recent partial or acronym match.
        let h = st.strings.hasher.ids(ids);
        let slot = st.exact_slot(ids, h);
        // (A person does not join a same-written place or organisation while
        // a person's group can take them: "Obama" the re-read person after
        // "Obama" the place.)
        let exact = st.exact_group(slot);
        let mut best = exact.filter(|&g| e.label != Label::Per || st.groups[g as usize].label == Label::Per);
        if best.is_none() {
            let mut rank: Option<(usize, u32)> = None;
            if let Some(&first) = ids.first() {
                for g in st.by_word.iter(first).take(MAX_CANDIDATES) {
                    let grp = &st.groups[g as usize];
                    let long = st.group_words(g);
                    let ok = ids.len() < long.len()
                        && (e.label == grp.label || grp.label == Label::Per && e.label != Label::Loc)
                        && if grp.label == Label::Per { subsequence(ids, long) } else { contiguous(&ids, long) };
                    if ok && rank.is_none_or(|r| r < (grp.last_seen, g)) {
                        rank = Some((grp.last_seen, g));
                    }
                }
            }
            scratch.clear();
            if acronym(text, ascii, &mut scratch) {
                let a = st.strings.intern(&scratch);
                for g in st.by_initials.iter(a).take(MAX_CANDIDATES) {
                    let grp = &st.groups[g as usize];
                    if grp.words.len() > 1 && rank.is_none_or(|r| r < (grp.last_seen, g)) {
                        rank = Some((grp.last_seen, g));
                    }
                }
            }
            best = rank.map(|r| r.1).or(exact);
        }
        // A full name after a short one ("Trump" in a headline, "Donald Trump"
        // below) takes over the short one's group rather than starting its
        // own, and later mentions find it by either name. Only the most
        // recent groups that share the first or last word are looked at.
        if best.is_none() && e.label == Label::Per && ids.len() >= 2 {
            let mut rank: Option<(usize, u32)> = None;
            for w in [ids[0], ids[ids.len() - 1]] {
                for g in st.by_word.iter(w).take(MAX_CANDIDATES) {
                    let grp = &st.groups[g as usize];
                    let short = st.group_words(g);
                    if grp.label == Label::Per && short.len() < ids.len() && subsequence(short, ids)
                        && rank.is_none_or(|r| r < (grp.last_seen, g)) {
                        rank = Some((grp.last_seen, g));
                    }
                }
            }
            if let Some((_, g)) = rank {
                let start = st.words.len() as u32;
                st.words.extend_from_slice(ids);
                let r = start..st.words.len() as u32;
                st.groups[g as usize].words = r.clone();
                for &w in ids {
                    if st.by_word.last(w) != Some(g) {
                        st.by_word.push(w, g);
                    }
                }
                st.add_exact(slot, g, h, r);
                best = Some(g);
            }
        }
        let g = match best {
            Some(g) => {
                st.groups[g as usize].last_seen = idx;
                g
            }
            None => {
                let g = st.groups.len() as u32;
                for &w in ids {
                    if st.by_word.last(w) != Some(g) {
                        st.by_word.push(w, g);
                    }
                }
                scratch.clear();
                initials(text, ascii, &mut scratch);
                // An acronym has two letters or more: shorter initials
                // could never be looked up.
                if scratch.chars().nth(1).is_some() {
                    let ini = st.strings.intern(&scratch);
                    st.by_initials.push(ini, g);
                }
                let start = st.words.len() as u32;
                st.words.extend_from_slice(ids);
                let r = start..st.words.len() as u32;
                st.groups.push(Group { label: e.label, words: r.clone(), last_seen: idx });
                st.add_exact(slot, g, h, r);
                g
            }
        };
        e.group = g;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;

    /// Groups for mentions given as (text, label), found in order in `text`.
    fn groups(text: &str, mentions: &[(&str, Label)]) -> Vec<u32> {
        let doc = Document::new(text);
        let mut at = 0;
        let mut found: Vec<Entity> = mentions
            .iter()
            .map(|&(m, label)| {
                let s = at + text[at..].find(m).expect(m);
                at = s + m.len();
                Entity { span: Span::new(s, s + m.len()), label, group: 99 }
            })
            .collect();
        assign(&doc, &mut found);
        found.iter().map(|e| e.group).collect()
    }

    /// The first implementation (a `String` per word, SipHash maps of
    /// strings), kept as the reference the interned one must agree with.
    mod reference {
        use super::super::is_title;
        use crate::span::{Entity, Label};
        use crate::text::Document;
        use std::collections::HashMap;

        struct Group {
            label: Label,
            words: Vec<String>,
            last_seen: usize,
        }

        fn words_of(text: &str) -> Vec<String> {
            let mut w: Vec<&str> = text.split(|c: char| c.is_whitespace()).filter(|s| !s.is_empty()).collect();
            while w.len() > 1 && is_title(w[0]) {
                w.remove(0);
            }
            w.iter()
                .map(|s| s.trim_end_matches("'s").trim_end_matches("\u{2019}s").trim_end_matches(['\'', '\u{2019}']).to_lowercase())
                .collect()
        }

        fn initials(text: &str) -> String {
            text.split(|c: char| c.is_whitespace() || c == '-')
                .filter(|w| w.starts_with(char::is_uppercase))
                .filter_map(|w| w.chars().next())
                .flat_map(char::to_lowercase)
                .collect()
        }

        fn acronym(text: &str) -> Option<String> {
            let letters: String = text.chars().filter(|c| *c != '.').collect();
            let n = letters.chars().count();
            ((2..=6).contains(&n) && letters.chars().all(|c| c.is_uppercase())).then(|| letters.to_lowercase())
        }

        pub fn assign(doc: &Document<'_>, found: &mut [Entity]) {
            let mut groups: Vec<Group> = Vec::new();
            let mut exact: HashMap<Vec<String>, usize> = HashMap::new();
            let mut by_word: HashMap<String, Vec<usize>> = HashMap::new();
            let mut by_initials: HashMap<String, Vec<usize>> = HashMap::new();
            let mut full_name: HashMap<String, usize> = HashMap::new();
            for (i, e) in found.iter().enumerate() {
                let w = words_of(&doc.text[e.span.start..e.span.end]);
                if e.label == Label::Per && w.len() >= 2 {
                    full_name.entry(w[w.len() - 1].clone()).or_insert(i);
                }
            }
            for (idx, e) in found.iter_mut().enumerate() {
                let text = &doc.text[e.span.start..e.span.end];
                let words = words_of(text);
                if words.len() == 1 {
                    if let Some(&first) = full_name.get(&words[0]) {
                        if e.label != Label::Loc || first < idx {
                            e.label = Label::Per;
                        }
                    }
                }
                let same = exact.get(&words).copied();
                let mut best = same.filter(|&g| e.label != Label::Per || groups[g].label == Label::Per);
                if best.is_none() {
                    let mut rank: Option<(usize, usize)> = None;
                    for &g in words.first().and_then(|w| by_word.get(w)).into_iter().flatten() {
                        let grp = &groups[g];
                        let ok = words.len() < grp.words.len()
                            && (e.label == grp.label || grp.label == Label::Per && e.label != Label::Loc)
                            && if grp.label == Label::Per {
                                let mut it = grp.words.iter();
                                words.iter().all(|w| it.any(|x| x == w))
                            } else {
                                grp.words.windows(words.len().max(1)).any(|w| w == &words[..])
                            };
                        if ok && rank.is_none_or(|r| r < (grp.last_seen, g)) {
                            rank = Some((grp.last_seen, g));
                        }
                    }
                    if let Some(a) = acronym(text) {
                        for &g in by_initials.get(&a).into_iter().flatten() {
                            let grp = &groups[g];
                            if grp.words.len() > 1 && rank.is_none_or(|r| r < (grp.last_seen, g)) {
                                rank = Some((grp.last_seen, g));
                            }
                        }
                    }
                    best = rank.map(|r| r.1).or(same);
                }
                if best.is_none() && e.label == Label::Per && words.len() >= 2 {
                    let mut rank: Option<(usize, usize)> = None;
                    for w in [&words[0], &words[words.len() - 1]] {
                        for &g in by_word.get(w).into_iter().flatten().rev().take(256) {
                            let grp = &groups[g];
                            let mut it = words.iter();
                            if grp.label == Label::Per
                                && grp.words.len() < words.len()
                                && grp.words.iter().all(|w| it.any(|x| x == w))
                                && rank.is_none_or(|r| r < (grp.last_seen, g))
                            {
                                rank = Some((grp.last_seen, g));
                            }
                        }
                    }
                    if let Some((_, g)) = rank {
                        for w in &words {
                            let list = by_word.entry(w.clone()).or_default();
                            if list.last() != Some(&g) {
                                list.push(g);
                            }
                        }
                        exact.insert(words.clone(), g);
                        groups[g].words = words.clone();
                        best = Some(g);
                    }
                }
                let g = match best {
                    Some(g) => {
                        groups[g].last_seen = idx;
                        g
                    }
                    None => {
                        let g = groups.len();
                        for w in &words {
                            let list = by_word.entry(w.clone()).or_default();
                            if list.last() != Some(&g) {
                                list.push(g);
                            }
                        }
                        by_initials.entry(initials(text)).or_default().push(g);
                        exact.insert(words.clone(), g);
                        groups.push(Group { label: e.label, words, last_seen: idx });
                        g
                    }
                };
                e.group = g as u32;
            }
        }
    }

    /// Random mentions (runs of 1-4 tokens, random labels) over texts full of
    /// repeats, titles, possessives, acronyms, hyphens and non-ASCII case.
    #[test]
    fn ascii_paths_are_the_char_paths() {
        for t in [
            "", " ", "A", "ab", "John  Kelly", " Dr. John\tKelly's\n", "U.S.", "DHS", "D.H.S.", "ABCDEF", "ABCDEFG",
            "A-B", "Jean-Luc Picard", "a\x0bB", "Pew Research Centre", "US-led", "-A", "A.", "AbC", "A B",
        ] {
            let (mut a, mut b) = (Vec::new(), Vec::new());
            words_of(t, true, &mut a);
            words_of(t, false, &mut b);
            assert_eq!(a, b, "words_of {t:?}");
            let (mut a, mut b) = (String::new(), String::new());
            initials(t, true, &mut a);
            initials(t, false, &mut b);
            assert_eq!(a, b, "initials {t:?}");
            let (mut a, mut b) = (String::new(), String::new());
            assert_eq!(acronym(t, true, &mut a), acronym(t, false, &mut b), "acronym {t:?}");
            assert_eq!(a, b, "acronym {t:?}");
            let (mut a, mut b) = (String::from("x"), String::from("x"));
            push_lower(&mut a, t, true);
            push_lower(&mut b, t, false);
            assert_eq!(a, format!("x{}", t.to_lowercase()), "push_lower {t:?}");
            assert_eq!(a, b);
        }
    }

    /// Keys that differ in one byte or one id spread over the slots (a
    /// weak hash would put these runs in a few clusters), and two documents
    /// get different keys.
    #[test]
    fn seeded_hash_spreads_keys() {
        let h = Seeded::new();
        let slots = |hashes: Vec<u64>| {
            let mut seen = vec![false; 1 << 12];
            hashes.iter().for_each(|&x| seen[x as usize & ((1 << 12) - 1)] = true);
            seen.iter().filter(|&&s| s).count()
        };
        // 2,048 keys in 4,096 slots: a random hash fills ~1,612.
        let words: Vec<u64> = (0..2048u32).map(|i| h.bytes(format!("w{i}").as_bytes())).collect();
        assert!(slots(words) > 1400);
        let long: Vec<u64> = (0..2048u32).map(|i| h.bytes(format!("{:>40}", i).as_bytes())).collect();
        assert!(slots(long) > 1400);
        let ids: Vec<u64> = (0..2048u32).map(|i| h.ids(&[7, 7, 7, 7, i])).collect();
        assert!(slots(ids) > 1400);
        let firsts: Vec<u64> = (0..2048u32).map(|i| h.ids(&[i << 20])).collect();
        assert!(slots(firsts) > 1400);
        // Lengths are hashed: zero padding does not collide.
        assert_ne!(h.bytes(b"a"), h.bytes(b"a\0"));
        assert_ne!(h.ids(&[5]), h.ids(&[5, 0]));
        assert_ne!(h.bytes(b"kelly"), Seeded::new().bytes(b"kelly"));
    }

    #[test]
    fn trim_possessive_is_the_three_trims() {
        let old = |w: &str| -> String {
            w.trim_end_matches("'s").trim_end_matches("\u{2019}s").trim_end_matches(['\'', '\u{2019}']).to_string()
        };
        for w in [
            "Kelly", "Kelly's", "Kelly\u{2019}s", "Kelly's's", "Kellys'", "Kelly''", "Kelly\u{2019}s's", "Kelly's\u{2019}s",
            "'s", "\u{2019}", "", "s", "Jones'", "Paris\u{2019}\u{2019}", "O'Neill", "it's'",
        ] {
            assert_eq!(trim_possessive(w), old(w), "{w:?}");
        }
    }

    #[test]
    fn interned_grouping_matches_the_reference() {
        let texts = [
            "Mr John Kelly's aide, Kelly, met the DHS and the Department of Homeland Security; \u{2019}s KELLY Jr. U.S. Army U.S.",
            "Σίσυφος ΣΊΣΥΦΟΣ Σ Ας ΑΣ Άρης Émile ÉMILE émile Zoë ZOË van der Berg Van Der Berg VDB Pew Research Centre Pew PRC",
            "Dr. Smith Smith's Dr Smith Jean-Luc Picard JLP Picard's Jean-Luc the The THE New York New York City NYC N.Y.C. York",
            "A B C A-B AB ABC A.B. a b c Kelly' Kelly\u{2019} Kelly's's 's Mr Mr. Mrs Gen. General General Motors GM G.M.",
        ];
        let labels = [Label::Per, Label::Org, Label::Loc, Label::Misc];
        let mut rng = crate::testing::XorShift::new(0x51f1_5eed_0bad_cafe);
        for round in 0..400 {
            let text = texts[round % texts.len()];
            let doc = Document::new(text);
            let n = doc.tokens.len();
            let mut found = Vec::new();
            let mut i = rng.below(3);
            while i < n {
                let len = 1 + rng.below(4).min(n - i - 1);
                found.push(Entity { span: doc.tokens_span(i..i + len), label: labels[rng.below(4)], group: 0 });
                i += len + rng.below(3);
            }
            let mut want = found.clone();
            reference::assign(&doc, &mut want);
            assign(&doc, &mut found);
            assert_eq!(found, want, "round {round}: {text}");
        }
    }

    /// The dev corpora's real mentions group as before.
    #[test]
    fn dev_documents_group_like_the_reference() {
        let dir = std::env::var_os("LEDE_SHARED").map(std::path::PathBuf::from).unwrap_or_else(|| "../shared".into());
        let Ok(data) = std::fs::read_to_string(dir.join("data/conll2003/dev.jsonl")) else {
            eprintln!("group: no CoNLL dev set under {} (set LEDE_SHARED), skipped", dir.display());
            return;
        };
        let rec = crate::entities::EntityRecognizer::embedded();
        for line in data.lines().take(120) {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            let text = v["text"].as_str().unwrap();
            let doc = Document::new(text);
            let mut found = rec.entities(&doc);
            let mut want = found.clone();
            reference::assign(&doc, &mut want);
            assign(&doc, &mut found);
            assert_eq!(found, want);
        }
    }

    use Label::*;

    #[test]
    fn people() {
        let t = "John Kelly met Rex Tillerson. Kelly said Mr Kelly and Tillerson's aide agreed.";
        assert_eq!(
            groups(t, &[("John Kelly", Per), ("Rex Tillerson", Per), ("Kelly", Per), ("Mr Kelly", Per), ("Tillerson", Per)]),
            [0, 1, 0, 0, 1]
        );
    }

    #[test]
    fn a_surname_is_the_person() {
        // The tagger's ORG for a lone surname, before or after the full name,
        // and its LOC after it, are read as the person; a full name after a
        // short one joins the short one's group.
        let t = "Trump urges supporters. Donald Trump spoke. Trump left for Obama country. Barack Obama said Obama agreed.";
        let labels = |found: &[Entity]| found.iter().map(|e| e.label).collect::<Vec<_>>();
        let doc = Document::new(t);
        let mut at = 0;
        let mut found: Vec<Entity> = [("Trump", Org), ("Donald Trump", Per), ("Trump", Org), ("Obama", Loc), ("Barack Obama", Per), ("Obama", Loc)]
            .iter()
            .map(|&(m, label)| {
                let s = at + t[at..].find(m).unwrap();
                at = s + m.len();
                Entity { span: Span::new(s, s + m.len()), label, group: 99 }
            })
            .collect();
        assign(&doc, &mut found);
        assert_eq!(labels(&found), [Per, Per, Per, Loc, Per, Per]);
        assert_eq!(found.iter().map(|e| e.group).collect::<Vec<_>>(), [0, 0, 0, 1, 2, 2]);
    }

    #[test]
    fn most_recent_wins() {
        let t = "John Kelly and Megyn Kelly spoke. Kelly left.";
        assert_eq!(groups(t, &[("John Kelly", Per), ("Megyn Kelly", Per), ("Kelly", Per)]), [0, 1, 1]);
    }

    #[test]
    fn acronyms_and_parts() {
        let t = "The Department of Homeland Security (DHS) and the Pew Research Centre. DHS said Pew found it.";
        assert_eq!(
            groups(
                t,
                &[
                    ("Department of Homeland Security", Org),
                    ("DHS", Org),
                    ("Pew Research Centre", Org),
                    ("DHS", Org),
                    ("Pew", Org)
                ]
            ),
            [0, 0, 1, 0, 1]
        );
    }

    #[test]
    fn same_text_any_label() {
        let t = "Mexico beat Brazil. Mexico City is big. MEXICO won.";
        assert_eq!(groups(t, &[("Mexico", Org), ("Brazil", Org), ("Mexico City", Loc), ("MEXICO", Loc)]), [0, 1, 2, 0]);
    }

    #[test]
    fn false_positives() {
        // Different people with different names; a place inside a person's name stays apart.
        let t = "John Kelly met John Smith in Washington. George Washington was there. The UN and the US.";
        assert_eq!(
            groups(
                t,
                &[
                    ("John Kelly", Per),
                    ("John Smith", Per),
                    ("Washington", Loc),
                    ("George Washington", Per),
                    ("UN", Org),
                    ("US", Loc)
                ]
            ),
            [0, 1, 2, 3, 4, 5]
        );
    }
}
