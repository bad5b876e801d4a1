// loader.js — the only script chrome.scripting injects (a classic script, as
// injected files must be). It imports the content module from the extension
// package into this isolated world and flips the tab's state; the value of
// the last expression (a promise) is what executeScript hands back to the
// service worker. The module instance, and so a running session, persists
// across clicks: the second click imports the same module and clears it.
//
// Why a dynamic import rather than injecting the files themselves: dom.js is
// an ES module shared with the page and the embed, and an injected file
// cannot be one. The import is of the extension's own files (listed under
// web_accessible_resources with use_dynamic_url, so pages cannot probe for
// them); a page's CSP does not govern what an isolated world imports from the
// extension, so this works on pages with a strict CSP too.
(async () => {
  // The per-session dynamic origin when the browser has one (pages cannot
  // guess it), else the extension's fixed one.
  const id = chrome.runtime.dynamicId;
  const url = id ? `chrome-extension://${id}/content.js` : chrome.runtime.getURL('content.js');
  const { toggle } = await import(url);
  return toggle();
})();
