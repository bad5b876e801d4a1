// The wasm glue's result objects (src/wasm/spans.rs packs them, spans.js
// builds them, `make wasm` inlines spans.js into pkg/lede.js), in Node: no
// browser needed. Every span must be exactly what the JSON contract says:
// its keys in contract order, its texts slices of the input, numbers finite
// or null; with LEDE_BIN (the native CLI, same source), the very spans the
// native JSON writer produces for the same texts.

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const pkg = join(root, 'www', 'pkg');
const shared = process.env.LEDE_SHARED || join(root, '..', 'shared');

/** Hand-written texts: astral characters, lone surrogates, ranges, dates, speakers. */
const TEXTS = [
  '',
  ' ',
  'Angela Merkel said in Berlin on Monday that 3,000 people had come.',
  '“We will win,” said Emmanuel Macron, the French president, on 12 May 2024.',
  'Prices rose between 5 and 10 per cent, to $3.5 million, up from £2bn in the 1990s.',
  'Émile Zola 😀 wrote “J’accuse” in 1898 😀😀; it sold 300,000 copies in Paris.',
  'A lone \ud800 surrogate, then Barack Obama \udc00 said: "It is 5 km away."',
  'The 12th of March, 3–5 km, ½ a cup, 1/2 mile, -0.5 degrees, 1e400 and 40% more.',
  '"One," said Smith.\n"Two," said Jones.\n\nUnited Nations officials met in New York.',
];

/** The keys of each kind, in contract order (optional ones last). */
const KEYS = {
  quote: ['kind', 'start', 'end', 'text', 'speaker', 'cue', 'speakerName', 'speakerGroup'],
  number: ['kind', 'start', 'end', 'text', 'numberKind', 'value', 'unit'],
  entity: ['kind', 'start', 'end', 'text', 'label', 'group'],
};
const OPTIONS = [undefined, { quotes: false, numbers: false }, { entities: false }, { typewriterQuotes: true }];

let lede;
const why = existsSync(join(pkg, 'lede.js')) ? false : 'www/pkg is missing: run `make wasm` first';

before(async () => {
  if (why) return;
  lede = await import(join(pkg, 'lede.js'));
  await lede.default({ module_or_path: readFileSync(join(pkg, 'lede_bg.wasm')) });
});

function texts() {
  const out = [...TEXTS];
  for (const set of ['conll2003', 'quotes', 'numbers']) {
    const p = join(shared, 'data', set, 'dev.jsonl');
    if (!existsSync(p)) continue;
    // Every 4th document: a few hundred texts in total, a second or two.
    const lines = readFileSync(p, 'utf8').split('\n').filter(Boolean);
    for (let i = 0; i < lines.length; i += 4) out.push(JSON.parse(lines[i]).text);
  }
  if (out.length === TEXTS.length) console.log(`# glue: ${shared}/data not found: hand-written texts only`);
  return out;
}

function piece(p, text, what) {
  if (p === null) return;
  assert.deepEqual(Object.keys(p), ['start', 'end', 'text'], what);
  assert.equal(p.text, text.slice(p.start, p.end), what);
}

function check(span, text) {
  const what = JSON.stringify(span);
  const keys = Object.keys(span);
  const want = [...KEYS[span.kind]];
  if (span.kind === 'number') {
    if ('range' in span) want.push('range');
    if ('iso' in span) want.push('iso');
  }
  assert.deepEqual(keys, want, what);
  assert.ok(Number.isInteger(span.start) && span.start >= 0 && span.start <= span.end && span.end <= text.length, what);
  assert.equal(span.text, text.slice(span.start, span.end), what);
  if (span.kind === 'entity') {
    assert.ok(['PER', 'ORG', 'LOC', 'MISC'].includes(span.label), what);
    assert.ok(Number.isInteger(span.group) && span.group >= 0, what);
  } else if (span.kind === 'number') {
    assert.equal(typeof span.numberKind, 'string', what);
    assert.ok(span.value === null || Number.isFinite(span.value), what);
    assert.ok(span.unit === null || (typeof span.unit === 'string' && span.unit.length > 0), what);
    if ('range' in span) {
      assert.deepEqual(Object.keys(span.range), ['min', 'max', 'minInclusive', 'maxInclusive'], what);
      for (const x of [span.range.min, span.range.max]) assert.ok(x === null || Number.isFinite(x), what);
      for (const x of [span.range.minInclusive, span.range.maxInclusive]) assert.equal(typeof x, 'boolean', what);
    }
    if ('iso' in span) assert.equal(typeof span.iso, 'string', what);
  } else {
    piece(span.speaker, text, what);
    piece(span.cue, text, what);
    assert.ok(span.speakerName === null || typeof span.speakerName === 'string', what);
    assert.ok(span.speakerGroup === null || Number.isInteger(span.speakerGroup), what);
  }
}

test('every span is the contract: key order, texts sliced from the input, numbers finite or null', { skip: why }, () => {
  let n = 0;
  for (const options of OPTIONS) {
    for (const text of texts()) {
      const spans = lede.analyze(text, options);
      assert.ok(Array.isArray(spans));
      for (let i = 0; i < spans.length; i++) {
        check(spans[i], text);
        if (i > 0) assert.ok(spans[i - 1].start <= spans[i].start, 'sorted by start');
      }
      n += spans.length;
    }
  }
  assert.ok(n > 0, 'something was found');
});

test('the same spans as the native JSON writer (LEDE_BIN)', { skip: why || (process.env.LEDE_BIN ? false : 'LEDE_BIN (the native CLI) not set') }, () => {
  const all = texts();
  const dir = mkdtempSync(join(tmpdir(), 'lede-glue-'));
  try {
    const input = join(dir, 'in.jsonl');
    // JSON.stringify escapes lone surrogates; the CLI reads them as U+FFFD, as the wasm's input does.
    const usable = all.filter((t) => !/[\ud800-\udfff]/.test(t.replace(/[\ud800-\udbff][\udc00-\udfff]/g, '')));
    writeFileSync(input, usable.map((text, id) => JSON.stringify({ id: String(id), text })).join('\n') + '\n');
    const out = execFileSync(process.env.LEDE_BIN, ['annotate', input], { encoding: 'utf8', maxBuffer: 1 << 28 });
    const native = out.split('\n').filter(Boolean).map((l) => JSON.parse(l));
    assert.equal(native.length, usable.length);
    for (const row of native) {
      const text = usable[Number(row.id)];
      assert.equal(JSON.stringify(lede.analyze(text)), JSON.stringify(row.spans), text.slice(0, 80));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a text that is not a string is an error, not a trap: the instance keeps working', { skip: why }, () => {
  for (const bad of [123, null, undefined, {}, ['x']]) {
    assert.throws(() => lede.analyze(bad), /must be a string/);
  }
  assert.ok(lede.analyze('It cost $5 million.').length > 0);
});

test('the glue is one file: the snippets were inlined', { skip: why }, () => {
  const glue = readFileSync(join(pkg, 'lede.js'), 'utf8');
  assert.doesNotMatch(glue, /from '\.\/snippets\//);
  assert.ok(!existsSync(join(pkg, 'snippets')));
});
