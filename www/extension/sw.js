// sw.js — the extension's module service worker: the toolbar button (and its
// keyboard shortcut, `_execute_action`) toggles highlighting in the current
// tab, and content scripts send it text to analyse with the wasm, which runs
// here under the extension's own CSP (see analyzer.js).
//
// It makes no network request: the wasm is fetched from the extension
// package, and there are no host permissions to reach anything else.

import { Analyzer } from './analyzer.js';

const analyzer = new Analyzer();

/** tabId → the last status its content script reported (for the badge and for tests). */
const status = new Map();

/** Toggles highlighting in `tab`; called by the action button and its shortcut. */
export async function toggleTab(tab) {
  if (!tab || tab.id == null) return { on: false, error: 'no tab' };
  try {
    const [res] = await chrome.scripting.executeScript({ target: { tabId: tab.id }, files: ['loader.js'] });
    const result = res?.result ?? { on: false };
    if (!result.on) await badge(tab.id, '');
    return result;
  } catch (e) {
    // chrome:// pages, the web store, PDFs: no content scripts allowed.
    await badge(tab.id, '!', `lede cannot read this page (${e.message})`);
    const entry = { state: 'error', error: e.message, at: Date.now() };
    chrome.storage.session.set({ [`status:${tab.id}`]: entry, 'status:last': { tabId: tab.id, ...entry } }).catch(() => {});
    return { on: false, error: e.message };
  }
}

async function badge(tabId, text, title) {
  try {
    await chrome.action.setBadgeText({ tabId, text });
    await chrome.action.setBadgeBackgroundColor({ tabId, color: '#5f6368' });
    await chrome.action.setTitle({ tabId, title: title || 'lede: highlight quotes, numbers and names' });
  } catch {
    // the tab is gone
  }
}

/** A compact count for the badge: 7, 42, 1.2k, 35k. */
function compact(n) {
  if (n < 1000) return String(n);
  if (n < 10000) return `${(n / 1000).toFixed(1)}k`;
  return `${Math.round(n / 1000)}k`;
}

chrome.action.onClicked.addListener((tab) => {
  toggleTab(tab);
});

chrome.runtime.onMessage.addListener((msg, sender, sendResponse) => {
  if (sender.id !== chrome.runtime.id || !msg || typeof msg !== 'object') return false;
  if (msg.type === 'lede:analyze' && typeof msg.text === 'string') {
    analyzer.analyze(msg.text).then(
      (spans) => sendResponse({ spans }),
      (e) => sendResponse({ error: String(e?.message || e) }),
    );
    return true; // the answer is asynchronous
  }
  if (msg.type === 'lede:status' && sender.tab?.id != null) {
    const tabId = sender.tab.id;
    const { type, ...rest } = msg;
    const entry = { ...rest, at: Date.now() };
    status.set(tabId, entry);
    // Kept in session storage too: the browser may stop this worker between
    // two messages, and the map goes with it.
    // `status:last` is the most recent report of any tab (what the tests wait on).
    chrome.storage.session.set({ [`status:${tabId}`]: entry, 'status:last': { tabId, ...entry } }).catch(() => {});
    if (msg.state === 'off' || msg.state === 'unsupported') badge(tabId, '');
    else if (msg.state === 'running') badge(tabId, '…');
    else if (msg.state === 'done') {
      const total = Object.values(msg.counts || {}).reduce((a, b) => a + b, 0);
      badge(tabId, compact(total));
    }
  }
  return false;
});

chrome.tabs.onRemoved.addListener((tabId) => {
  status.delete(tabId);
  chrome.storage.session.remove(`status:${tabId}`).catch(() => {});
});

// For the browser tests and for debugging from the worker's console.
globalThis.lede = { toggleTab, status, analyzer };
