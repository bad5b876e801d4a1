//! The spans of the JSON contract as numbers, for `spans.js` to build the
//! JS objects from.
//!
//! Why: handing the browser one JSON string cost more than building the
//! objects in JS: the string is decoded from UTF-8 and `JSON.parse` creates
//! (and interns) every string again, where `spans.js` takes each span's text
//! as a slice of the string the caller passed in. What cannot be sliced from
//! the text (labels, number kinds, units, ISO dates, speaker names) goes into
//! one `extra` string of UTF-16 code units (which JS turns into a string
//! without a TextDecoder call, whose fixed cost per call was larger than the
//! strings), referred to by offset and length.
//!
//! Records, one after another in one `f64` array (null: length -1, or NaN
//! for a number; every offset in UTF-16 code units):
//! ```text
//! quote   0, start, end, speaker start|-1, speaker end, cue start|-1, cue end,
//!         speakerName at, len|-1, speakerGroup|-1                   (10)
//! number  1, start, end, numberKind at, len, value|NaN, unit at, len|-1,
//!         range flags (1 present, 2 minInclusive, 4 maxInclusive),
//!         min|NaN, max|NaN, iso at, len|-1                          (13)
//! entity  2, start, end, label at, len, group                       (6)
//! ```

use crate::output::{JsonSpan, Piece};

/// Reused buffers: the records and the extra strings.
#[derive(Default)]
pub struct Packed {
    /// The records.
    pub nums: Vec<f64>,
    /// The strings the records refer to, in UTF-16 code units.
    pub extra: Vec<u16>,
    /// Static strings (labels, kinds) already in `extra`, by address.
    statics: Vec<(usize, [f64; 2])>,
}

impl Packed {
    /// Packs `spans`, replacing what was there.
    pub fn pack(&mut self, spans: &[JsonSpan<'_>]) {
        self.nums.clear();
        self.extra.clear();
        self.statics.clear();
        for s in spans {
            self.push(s);
        }
    }

    fn push(&mut self, s: &JsonSpan<'_>) {
        match *s {
            JsonSpan::Quote { start, end, speaker, cue, speaker_name, speaker_group, .. } => {
                let [sp0, sp1] = piece(speaker);
                let [cue0, cue1] = piece(cue);
                let [n0, n1] = self.string(speaker_name);
                let group = speaker_group.map_or(-1.0, |g| g as f64);
                self.nums.extend([0.0, start as f64, end as f64, sp0, sp1, cue0, cue1, n0, n1, group]);
            }
            JsonSpan::Number { start, end, number_kind, value, unit, range, iso, .. } => {
                let [k0, k1] = self.static_string(number_kind);
                let [u0, u1] = self.string(unit);
                let (flags, min, max) = match range {
                    Some(r) => (1 | (r.min_inclusive as u8) << 1 | (r.max_inclusive as u8) << 2, or_nan(r.min), or_nan(r.max)),
                    None => (0, f64::NAN, f64::NAN),
                };
                let [i0, i1] = self.string(iso);
                let v = or_nan(value);
                self.nums.extend([1.0, start as f64, end as f64, k0, k1, v, u0, u1, flags as f64, min, max, i0, i1]);
            }
            JsonSpan::Entity { start, end, label, group, .. } => {
                let [l0, l1] = self.static_string(label);
                self.nums.extend([2.0, start as f64, end as f64, l0, l1, group as f64]);
            }
        }
    }

    /// Appends `s` to `extra`: its offset and length, or (0, -1) for none.
    fn string(&mut self, s: Option<&str>) -> [f64; 2] {
        let Some(s) = s else { return [0.0, -1.0] };
        let at = self.extra.len();
        self.extra.extend(s.encode_utf16());
        [at as f64, (self.extra.len() - at) as f64]
    }

    /// Like `string`, once per call for each of the few static names.
    fn static_string(&mut self, s: &'static str) -> [f64; 2] {
        let key = s.as_ptr() as usize;
        if let Some(&(_, r)) = self.statics.iter().find(|(k, _)| *k == key) {
            return r;
        }
        let r = self.string(Some(s));
        self.statics.push((key, r));
        r
    }
}

fn piece(p: Option<Piece<'_>>) -> [f64; 2] {
    p.map_or([-1.0, -1.0], |p| [p.start as f64, p.end as f64])
}

/// `to_json_spans` already made every non-finite value None.
fn or_nan(v: Option<f64>) -> f64 {
    v.unwrap_or(f64::NAN)
}
