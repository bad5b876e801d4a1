// options.js — the options page: which kinds are highlighted when a page is
// first analysed (the legend's toggles change them per page), and the
// legend's theme. Each change is saved at once.

import { KIND_LABELS, loadSettings, saveSettings } from './settings.js';

const form = document.getElementById('options');
const kinds = document.getElementById('kinds');
const saved = document.getElementById('saved');

for (const [kind, label] of Object.entries(KIND_LABELS)) {
  const box = document.createElement('input');
  box.type = 'checkbox';
  box.name = 'kind';
  box.value = kind;
  const row = document.createElement('label');
  row.append(box, ` ${label}`);
  kinds.append(row);
}

function read() {
  const out = { kinds: {}, theme: form.elements.theme.value || 'auto' };
  for (const box of form.querySelectorAll('input[name="kind"]')) out.kinds[box.value] = box.checked;
  return out;
}

function show(settings) {
  for (const box of form.querySelectorAll('input[name="kind"]')) box.checked = settings.kinds[box.value] !== false;
  for (const radio of form.querySelectorAll('input[name="theme"]')) radio.checked = radio.value === settings.theme;
}

let timer = 0;
form.addEventListener('change', async () => {
  show(await saveSettings(read()));
  saved.textContent = 'Saved.';
  clearTimeout(timer);
  timer = setTimeout(() => (saved.textContent = ''), 1500);
});

show(await loadSettings());
document.documentElement.dataset.ready = 'true';
