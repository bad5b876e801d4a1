// settings.js — the options the user sets once (options page) and the
// extension reads at each activation: which kinds are painted by default, and
// the legend's theme. Stored with chrome.storage.sync; anything unknown or
// malformed in storage falls back to the default, so a bad value can never
// break a page.

import { KINDS } from './dom.js';

/** The toggleable kinds (dom.js's names) with the words the legend shows. */
export const KIND_LABELS = Object.freeze({
  quote: 'Quotes',
  number: 'Numbers',
  'entity-PER': 'People',
  'entity-ORG': 'Organisations',
  'entity-LOC': 'Places',
  'entity-MISC': 'Other names',
});

export const THEMES = Object.freeze(['auto', 'light', 'dark']);

/** Everything on, theme from the system. */
export function defaults() {
  return { kinds: Object.fromEntries(KINDS.map((k) => [k, true])), theme: 'auto' };
}

/** Keeps only known keys with values of the right type. */
export function normalize(raw) {
  const out = defaults();
  if (raw && typeof raw === 'object') {
    if (raw.kinds && typeof raw.kinds === 'object') {
      for (const k of KINDS) if (typeof raw.kinds[k] === 'boolean') out.kinds[k] = raw.kinds[k];
    }
    if (THEMES.includes(raw.theme)) out.theme = raw.theme;
  }
  return out;
}

/** Reads the settings; storage errors give the defaults. */
export async function loadSettings(storage = globalThis.chrome?.storage?.sync) {
  try {
    const got = storage ? await storage.get(['kinds', 'theme']) : {};
    return normalize(got);
  } catch {
    return defaults();
  }
}

/** Writes the settings (normalised first). */
export async function saveSettings(settings, storage = globalThis.chrome?.storage?.sync) {
  const clean = normalize(settings);
  await storage.set(clean);
  return clean;
}
