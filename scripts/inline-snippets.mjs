#!/usr/bin/env node
// Inlines wasm-bindgen's JS snippets into the glue, so that the package stays
// two files (lede.js + lede_bg.wasm): the page, the worker, the embed, the
// extension and the npm package all load exactly those.
//
// usage: node scripts/inline-snippets.mjs PKG_DIR
//
// wasm-bindgen (--target web) writes each `#[wasm_bindgen(module = ...)]` file
// to PKG_DIR/snippets/… and imports it from lede.js with one line
// `import { a, b } from './snippets/…';`. Each such line is replaced by the
// file's text with its `export` keywords dropped (the snippets are ours:
// plain `export function` declarations, no imports). Anything else fails
// loudly rather than shipping a glue that cannot load.

import { readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
if (!dir) throw new Error('usage: inline-snippets.mjs PKG_DIR');
const gluePath = join(dir, 'lede.js');
let glue = readFileSync(gluePath, 'utf8');
let n = 0;
glue = glue.replace(/^import \{([^}]*)\} from '(\.\/snippets\/[^']+)';$/gm, (_, names, path) => {
  const src = readFileSync(join(dir, path), 'utf8');
  if (/^\s*import\b/m.test(src)) throw new Error(`${path}: a snippet with imports cannot be inlined`);
  const code = src.replace(/^export (function|const|let|class) /gm, '$1 ');
  for (const name of names.split(',').map((s) => s.trim()).filter(Boolean)) {
    if (!new RegExp(`^(function|const|let|class) ${name}\\b`, 'm').test(code)) throw new Error(`${path}: ${name} not declared`);
  }
  n++;
  return `// ${path.replace(/^\.\/snippets\/[^/]+\//, '')}, inlined by scripts/inline-snippets.mjs\n${code.trimEnd()}\n`;
});
if (/from '\.\/snippets\//.test(glue)) throw new Error('lede.js still imports a snippet');
writeFileSync(gluePath, glue);
rmSync(join(dir, 'snippets'), { recursive: true, force: true });
console.log(`inline-snippets: ${n} snippet(s) inlined into ${gluePath}`);
