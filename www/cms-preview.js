// The CMS preview demo: a plain editor, a preview pane rendered the way a CMS
// would (elements and text nodes, never HTML strings from the editor), and
// lede's embed following the preview with highlight(). The preview is
// updated paragraph by paragraph so unchanged paragraphs keep their nodes.

import { highlight } from './lede.js';

const headline = document.getElementById('headline');
const body = document.getElementById('body');
const pHeadline = document.getElementById('p-headline');
const pBody = document.getElementById('p-body');
const stats = document.getElementById('stats');

function setText(el, text) {
  if (el.firstChild && el.firstChild.nodeType === 3 && el.childNodes.length === 1) {
    if (el.firstChild.data !== text) el.firstChild.data = text;
  } else {
    el.replaceChildren(document.createTextNode(text));
  }
}

function render() {
  setText(pHeadline, headline.value);
  const paras = body.value.split('\n').filter((p) => p.trim());
  while (pBody.children.length > paras.length) pBody.lastElementChild.remove();
  paras.forEach((text, i) => {
    let p = pBody.children[i];
    if (!p) p = pBody.appendChild(document.createElement('p'));
    setText(p, text);
  });
}

render();
headline.addEventListener('input', render);
body.addEventListener('input', render);

// Default options: the paragraph being typed is re-analysed in the frame that shows the keystroke,
// the whole preview again once typing pauses.
const preview = highlight(document.getElementById('preview'));
preview.addEventListener('change', () => {
  const n = { quote: 0, number: 0, entity: 0 };
  for (const s of preview.spans) n[s.kind] += 1;
  stats.textContent = `${n.quote} quotes · ${n.number} figures · ${n.entity} names`;
  globalThis.ledeChanges = (globalThis.ledeChanges || 0) + 1;
});
preview.addEventListener('error', (e) => {
  stats.textContent = 'lede restarted after an error; keep typing.';
  console.error('lede:', e.detail.error?.message ?? e.detail.error);
});

for (const box of document.querySelectorAll('#kinds input')) {
  box.addEventListener('change', () => {
    preview.setKinds([...document.querySelectorAll('#kinds input:checked')].map((b) => b.value));
  });
}

// For tests and the console.
globalThis.ledePreview = preview;
