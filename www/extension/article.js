// article.js — which part of a page is "the article", and how to cut it into
// blocks the extension can read, analyse and re-analyse one at a time.
//
// Why blocks: `collectText` on a 50,000-paragraph article is one long
// synchronous walk, and a MutationObserver that reports one changed paragraph
// should not cost a re-read of the whole page. So the article is split into
// blocks (paragraph-level elements, or bigger elements that cannot be split
// cleanly), each read with its own `collectText` and joined with the blank
// line `collectText` itself puts between blocks.

/** Never part of the article: navigation, chrome, forms, asides. */
const SKIP_TAGS = new Set([
  'NAV', 'ASIDE', 'MENU', 'FOOTER', 'FORM', 'DIALOG', 'BUTTON', 'SELECT', 'INPUT', 'TEXTAREA', 'LABEL',
  'SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'PRE', 'CODE', 'IFRAME', 'FRAME', 'OBJECT', 'EMBED',
  'SVG', 'MATH', 'CANVAS', 'VIDEO', 'AUDIO', 'HEAD', 'TITLE',
]);

/** ARIA roles of page furniture. */
const SKIP_ROLES = new Set([
  'navigation', 'menu', 'menubar', 'menuitem', 'toolbar', 'banner', 'contentinfo', 'complementary',
  'search', 'dialog', 'alertdialog', 'tablist', 'tab', 'button', 'form', 'tooltip',
]);

/** class/id words of page furniture (whole words only, so "shared-story" is not "share"). */
const FURNITURE = /(?:^|[\s_-])(?:nav|navbar|menu|breadcrumbs?|share|sharing|social|comments?|related|recommended|promo|newsletter|subscribe|advert|ads?|sponsor(?:ed)?|sidebar|cookie|consent|paywall|footer|masthead)(?:$|[\s_-])/i;

/** Elements the article's blocks are made of (an element of another tag is read inline). */
const BLOCK_TAGS = new Set([
  'ADDRESS', 'ARTICLE', 'BLOCKQUOTE', 'DD', 'DETAILS', 'DIV', 'DL', 'DT', 'FIELDSET', 'FIGCAPTION',
  'FIGURE', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HGROUP', 'HR', 'LI', 'MAIN', 'OL', 'P',
  'SECTION', 'SUMMARY', 'TABLE', 'TBODY', 'TD', 'TFOOT', 'TH', 'THEAD', 'TR', 'UL', 'CAPTION',
]);

/** Semantic containers of the main text. */
const ARTICLE_SELECTOR = 'article, main, [role="main"], [itemprop~="articleBody"]';

/** Paragraph-level elements: read whole, never split further. */
const LEAF_TAGS = new Set(['P', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'LI', 'DT', 'DD', 'FIGCAPTION', 'CAPTION', 'SUMMARY', 'ADDRESS', 'TD', 'TH']);

/**
 * The skip predicate for `collectText` and for choosing the article: true for
 * page furniture, editable regions and the extension's own legend (`own`).
 * @param {Element | null} own
 * @returns {(el: Element) => boolean}
 */
export function makeSkip(own) {
  return (el) => {
    if (el === own) return true;
    if (SKIP_TAGS.has(el.tagName.toUpperCase())) return true;
    // Text the user is editing is theirs: never painted over.
    if (el.isContentEditable) return true;
    const role = el.getAttribute('role');
    if (role && SKIP_ROLES.has(role)) return true;
    if (el.getAttribute('aria-hidden') === 'true' || el.hasAttribute('hidden')) return true;
    const cls = typeof el.className === 'string' ? el.className : '';
    if ((cls && FURNITURE.test(cls)) || (el.id && FURNITURE.test(el.id))) return true;
    return false;
  };
}

/** True when `el` or an ancestor up to (not including) `stop` is skipped. */
export function insideSkipped(el, skip, stop = null) {
  for (let n = el; n && n !== stop && n.nodeType === 1; n = n.parentElement) if (skip(n)) return true;
  return false;
}

/** The length of the text directly inside `el` (its own text nodes, not its children's). */
function ownTextLength(el) {
  let n = 0;
  for (let c = el.firstChild; c; c = c.nextSibling) if (c.nodeType === 3) n += c.data.trim().length;
  return n;
}

/**
 * Finds the article: the element holding the densest run of paragraphs,
 * widened to the innermost `<article>`/`<main>` around it (which brings the
 * headline and byline along); without paragraphs, the biggest semantic
 * container; failing all, `<body>`. Navigation, menus, asides and scripts are
 * never chosen (they are skipped while scoring).
 *
 * @param {Document} doc
 * @param {(el: Element) => boolean} skip
 * @returns {Element}
 */
export function findArticle(doc, skip) {
  const body = doc.body || doc.documentElement;
  /** @type {Map<Element, number>} */
  const score = new Map();
  const bump = (el, v) => el && el !== doc.documentElement && score.set(el, (score.get(el) || 0) + v);
  const all = body.getElementsByTagName('*');
  /** @type {Map<Element, boolean>} memo of "inside a skipped element" per parent */
  const skipped = new Map();
  const isSkipped = (el) => {
    const path = [];
    let n = el;
    let verdict = false;
    while (n && n !== body) {
      const known = skipped.get(n);
      if (known !== undefined) {
        verdict = known;
        break;
      }
      path.push(n);
      if (skip(n)) {
        verdict = true;
        break;
      }
      n = n.parentElement;
    }
    // Everything below a skipped element is skipped; above it, unknown.
    for (const p of path) skipped.set(p, verdict);
    return verdict;
  };
  for (let i = 0; i < all.length; i++) {
    const el = all[i];
    const tag = el.tagName.toUpperCase();
    let len;
    if (tag === 'P') len = el.textContent.trim().length;
    else if (BLOCK_TAGS.has(tag)) len = ownTextLength(el);
    else continue;
    if (len < 40 || isSkipped(el)) continue; // bylines, captions, buttons: not prose
    bump(el.parentElement, len);
    bump(el.parentElement?.parentElement, len / 2);
  }
  let best = null;
  let bestScore = 0;
  for (const [el, s] of score) if (s > bestScore) (best = el), (bestScore = s);
  if (best) {
    const semantic = best.closest(ARTICLE_SELECTOR);
    return semantic && semantic !== doc.documentElement ? semantic : best;
  }
  let biggest = null;
  for (const el of doc.querySelectorAll(ARTICLE_SELECTOR)) {
    if (isSkipped(el)) continue;
    if (!biggest || el.textContent.length > biggest.textContent.length) biggest = el;
  }
  return biggest || body;
}

/**
 * True when an element added outside the current article looks like another
 * article (infinite scroll, "next story"): an `<article>`, or a container of
 * at least three paragraphs of prose.
 */
export function looksLikeArticle(el, skip) {
  if (el.nodeType !== 1 || insideSkipped(el, skip)) return false;
  if (el.matches(ARTICLE_SELECTOR)) return el.textContent.trim().length >= 80;
  let paragraphs = 0;
  for (const p of el.getElementsByTagName('p')) if (p.textContent.trim().length >= 40) paragraphs += 1;
  return paragraphs >= 3;
}

/** True when `el` can be replaced by its children: only blocks, comments and blank text inside. */
function splittable(el) {
  let blocks = 0;
  for (let c = el.firstChild; c; c = c.nextSibling) {
    if (c.nodeType === 3) {
      if (c.data.trim()) return false;
    } else if (c.nodeType === 1) {
      const tag = c.tagName.toUpperCase();
      if (BLOCK_TAGS.has(tag)) blocks += 1;
      else if (!SKIP_TAGS.has(tag) && tag !== 'BR' && tag !== 'IMG' && tag !== 'PICTURE') return false;
    }
  }
  return blocks > 0;
}

/**
 * Cuts `root` into blocks in document order: paragraph-level elements, and
 * containers that cannot be split without changing how their text reads
 * (text or inline elements next to blocks). Joined with a blank line, the
 * blocks' texts are what `collectText(root)` reads, so cutting changes no
 * analysis; it lets a mutation re-read one paragraph instead of the article.
 * Skipped and invisible elements are left out.
 *
 * @param {Element} root
 * @param {(el: Element) => boolean} skip
 * @returns {Element[]}
 */
export function blocksOf(root, skip) {
  const out = [];
  /** @type {Element[]} */
  const stack = [root];
  while (stack.length) {
    const el = stack.pop();
    if (el !== root && skip(el)) continue;
    if (!el.textContent.trim()) continue;
    if (!LEAF_TAGS.has(el.tagName.toUpperCase()) && splittable(el)) {
      for (let c = el.lastElementChild; c; c = c.previousElementSibling) stack.push(c);
      continue;
    }
    // Hidden blocks (display:none on it or an ancestor) are not the article's text.
    if (el.checkVisibility && !el.checkVisibility()) continue;
    out.push(el);
  }
  return out;
}
