// theme.js — the colours, in one place: the page's `::highlight()` rules and
// the legend's style sheet. Both are installed as constructed style sheets
// (`adoptedStyleSheets`), which a page's `style-src` CSP does not block and
// which never appear in the page's DOM.

/** Highlight name → [light background, dark background, decoration]. */
const COLORS = {
  'lede-quote': ['rgba(255, 193, 7, 0.32)', 'rgba(255, 193, 7, 0.30)'],
  'lede-speaker': [null, null, 'underline 2px solid #c77700'],
  'lede-cue': [null, null, 'underline 1px dotted #c77700'],
  'lede-entity-PER': ['rgba(33, 150, 243, 0.26)', 'rgba(100, 181, 246, 0.34)'],
  'lede-entity-ORG': ['rgba(156, 39, 176, 0.22)', 'rgba(206, 147, 216, 0.32)'],
  'lede-entity-LOC': ['rgba(0, 150, 136, 0.26)', 'rgba(77, 208, 196, 0.30)'],
  'lede-entity-MISC': ['rgba(120, 120, 120, 0.24)', 'rgba(189, 189, 189, 0.28)'],
  'lede-number': ['rgba(76, 175, 80, 0.32)', 'rgba(129, 199, 132, 0.34)'],
  'lede-hover': ['rgba(255, 87, 34, 0.30)', 'rgba(255, 138, 101, 0.36)'],
  'lede-focus': ['rgba(255, 87, 34, 0.50)', 'rgba(255, 138, 101, 0.55)', 'underline 2px solid #d84315'],
};

/** The legend's swatch colour for a kind ("quote", "entity-PER", …). */
export function swatch(kind) {
  return (COLORS[`lede-${kind}`] ?? COLORS['lede-entity-MISC'])[0];
}

function rules(dark) {
  const out = [];
  for (const [name, [light, darkBg, deco]] of Object.entries(COLORS)) {
    const bg = dark ? darkBg : light;
    const decl = [];
    if (bg) decl.push(`background-color: ${bg}`);
    if (deco) decl.push(`text-decoration: ${deco}`);
    out.push(`::highlight(${name}) { ${decl.join('; ')}; }`);
  }
  return out.join('\n');
}

/** The page's highlight rules for `theme` ("auto" follows the system). */
export function pageCss(theme) {
  if (theme === 'dark') return rules(true);
  if (theme === 'light') return rules(false);
  return `${rules(false)}\n@media (prefers-color-scheme: dark) {\n${rules(true)}\n}`;
}

const LEGEND_BASE = `
.panel {
  all: initial; box-sizing: border-box; display: block; position: fixed; right: 16px; bottom: 16px;
  width: 250px; max-height: calc(100vh - 32px); overflow: auto; padding: 10px 12px;
  font: 13px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--fg); background: var(--bg); border: 1px solid var(--line); border-radius: 10px;
  box-shadow: 0 6px 24px rgba(0, 0, 0, 0.25); pointer-events: auto;
}
.panel * { box-sizing: border-box; font: inherit; color: inherit; }
.head { display: flex; align-items: center; gap: 8px; margin-bottom: 6px; }
.title { font-weight: 700; letter-spacing: 0.02em; }
.status { flex: 1; color: var(--muted); font-size: 12px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
button {
  cursor: pointer; border: 1px solid var(--line); background: var(--btn); border-radius: 6px;
  padding: 2px 8px; line-height: 1.5;
}
button:hover { background: var(--btn-hover); }
button:focus-visible, input:focus-visible { outline: 2px solid var(--ring); outline-offset: 1px; }
.close { padding: 0 7px; }
.kinds { list-style: none; margin: 0; padding: 0; }
.kind { display: flex; align-items: center; gap: 6px; padding: 2px 0; }
.kind label { display: flex; align-items: center; gap: 6px; flex: 1; cursor: pointer; }
.kind input { margin: 0; accent-color: var(--ring); }
.sw { display: inline-block; width: 14px; height: 10px; border-radius: 3px; border: 1px solid var(--line); }
.count { font-variant-numeric: tabular-nums; color: var(--muted); min-width: 3ch; text-align: right; }
.nav { display: flex; align-items: center; gap: 6px; margin-top: 8px; }
.pos { flex: 1; text-align: center; color: var(--muted); font-variant-numeric: tabular-nums; }
.card {
  all: initial; box-sizing: border-box; position: fixed; display: none; max-width: 320px; padding: 8px 10px;
  font: 13px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg);
  border: 1px solid var(--line); border-radius: 8px; box-shadow: 0 6px 20px rgba(0, 0, 0, 0.28); pointer-events: none;
}
.card.open { display: block; }
.card * { font: inherit; color: inherit; }
.card .ctitle { font-weight: 700; margin-bottom: 4px; }
.card dl { margin: 0; display: grid; grid-template-columns: auto 1fr; gap: 2px 8px; }
.card dt { color: var(--muted); }
.card dd { margin: 0; overflow-wrap: anywhere; }
`;

const LIGHT = '--fg: #1d1d1f; --bg: #ffffff; --muted: #5f6368; --line: #d0d4da; --btn: #f3f4f6; --btn-hover: #e6e8eb; --ring: #1a73e8;';
const DARK = '--fg: #e8eaed; --bg: #202124; --muted: #a0a4a8; --line: #4a4d52; --btn: #303134; --btn-hover: #3c4043; --ring: #8ab4f8;';

/** The legend's style sheet text for `theme`. */
export function legendCss(theme) {
  const vars =
    theme === 'dark'
      ? `.root { ${DARK} }`
      : theme === 'light'
        ? `.root { ${LIGHT} }`
        : `.root { ${LIGHT} }\n@media (prefers-color-scheme: dark) { .root { ${DARK} } }`;
  return `${vars}\n${LEGEND_BASE}`;
}
