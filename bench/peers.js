// The peers lede is compared with, bundled for the browser by bench/browser.mjs
// (esbuild; wink-nlp ships CommonJS only). Each function does the work a
// highlighter needs from that tool on one text.
import nlp from 'compromise';
import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

const wink = winkNLP(model);
const its = wink.its;

export const versions = {
  compromise: nlp.version,
  'wink-nlp': '__WINK_VERSION__',
  'wink-eng-lite-web-model': '__WINK_MODEL_VERSION__',
};

/** compromise 14: people, places, organizations, quotations, numbers. */
export function compromise(text) {
  const doc = nlp(text);
  return (
    doc.people().out('array').length +
    doc.places().out('array').length +
    doc.organizations().out('array').length +
    doc.quotations().out('array').length +
    doc.numbers().json().length
  );
}

/** wink-nlp with its lite web model: the entity pass. */
export function winkEntities(text) {
  return wink.readDoc(text).entities().out(its.detail).length;
}
