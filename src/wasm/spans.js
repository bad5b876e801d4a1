// Builds the spans of the JSON contract from the numbers `src/wasm/spans.rs`
// packs (one Float64Array view of wasm memory, read before anything else runs
// in wasm) and the input text itself: every `text` is a slice of the string
// the caller passed, every other string a slice of `extra` (UTF-16 code
// units, a Uint16Array view of wasm memory).
//
// Why not JSON: `JSON.parse` of the same spans (after decoding the UTF-8
// JSON string) took ~10x as long as building the objects here; the whole
// analyze call got about a fifth faster in Chromium. The record layouts are
// documented in spans.rs; the two files change together.
//
// `make wasm` inlines this file into pkg/lede.js (scripts/inline-snippets.mjs):
// the glue stays one file.

const ledeUtf16 = new TextDecoder('utf-16le');

export function ledeBuildSpans(text, n, units) {
  // A few labels, units, dates and names: fromCharCode beats a TextDecoder
  // call (a fixed cost of microseconds) until the strings get long.
  const extra = units.length <= 2048 ? String.fromCharCode.apply(null, units) : ledeUtf16.decode(units);
  const out = [];
  const str = (at, len) => (len < 0 ? null : extra.slice(at, at + len));
  const num = (x) => (x === x ? x : null); // NaN is null
  const piece = (s, e) => (s < 0 ? null : { start: s, end: e, text: text.slice(s, e) });
  for (let i = 0; i < n.length; ) {
    const kind = n[i];
    const start = n[i + 1];
    const end = n[i + 2];
    if (kind === 2) {
      out.push({ kind: 'entity', start, end, text: text.slice(start, end), label: str(n[i + 3], n[i + 4]), group: n[i + 5] });
      i += 6;
    } else if (kind === 1) {
      const s = { kind: 'number', start, end, text: text.slice(start, end), numberKind: str(n[i + 3], n[i + 4]), value: num(n[i + 5]), unit: str(n[i + 6], n[i + 7]) };
      const flags = n[i + 8];
      if (flags & 1) s.range = { min: num(n[i + 9]), max: num(n[i + 10]), minInclusive: (flags & 2) !== 0, maxInclusive: (flags & 4) !== 0 };
      if (n[i + 12] >= 0) s.iso = str(n[i + 11], n[i + 12]);
      out.push(s);
      i += 13;
    } else {
      out.push({
        kind: 'quote', start, end, text: text.slice(start, end),
        speaker: piece(n[i + 3], n[i + 4]), cue: piece(n[i + 5], n[i + 6]),
        speakerName: str(n[i + 7], n[i + 8]), speakerGroup: n[i + 9] < 0 ? null : n[i + 9],
      });
      i += 10;
    }
  }
  return out;
}
