// Every message the extension's parts exchange, in one place. Names are direction-prefixed
// (SENDER_TO_RECEIVER_WHAT). Messages are plain objects `{type, ...payload}`; a receiver ignores
// any type it does not know. Page scripts can never send these: the content script listens only to
// chrome.runtime messages (never window.postMessage) and every receiver checks the sender.

/**
 * All message types.
 * @readonly
 * @enum {string}
 */
export const MSG = Object.freeze({
  /** content → background: `{blocks, options}` → `{ok, report}` (runs the WASM `analyze`). */
  CONTENT_TO_BG_ANALYZE: 'CONTENT_TO_BG_ANALYZE',
  /** content → background: `{}` → `{ok, taxonomy, version}`. */
  CONTENT_TO_BG_TAXONOMY: 'CONTENT_TO_BG_TAXONOMY',
  /** content → background: `{status}` (state, count, counts, chunks, english, …) for the badge and popup. */
  CONTENT_TO_BG_STATUS: 'CONTENT_TO_BG_STATUS',
  /** background → content: the keyboard command asks to analyse the page `{}`. */
  BG_TO_CONTENT_ANALYZE: 'BG_TO_CONTENT_ANALYZE',
  /** popup → background: `{tabId}` → `{ok, frames: [{frameId, status}]}`. */
  POPUP_TO_BG_TAB_STATE: 'POPUP_TO_BG_TAB_STATE',
  /** popup → background: `{}` → `{ok, taxonomy}` (the popup's swatches and labels). */
  POPUP_TO_BG_TAXONOMY: 'POPUP_TO_BG_TAXONOMY',
  /** popup → content: start analysing now, whatever the detector said `{}` → `{ok}`. */
  POPUP_TO_CONTENT_ANALYZE: 'POPUP_TO_CONTENT_ANALYZE',
  /** popup → content: stop a running analysis `{}` → `{ok}`. */
  POPUP_TO_CONTENT_CANCEL: 'POPUP_TO_CONTENT_CANCEL',
  /** popup → content: `{}` → `{ok, status, items, title, url}` (clauses with their text, for lists and copy). */
  POPUP_TO_CONTENT_GET_REPORT: 'POPUP_TO_CONTENT_GET_REPORT',
  /** popup → content: `{purpose?, flag?, index?}` → `{ok, index, total}`: scroll to and focus a clause. */
  POPUP_TO_CONTENT_JUMP: 'POPUP_TO_CONTENT_JUMP',
  /** content → background: `{url, title, visit, clauses: [{text, purposes, flags, heading?}]}` →
   * `{ok, status: 'first'|'unchanged'|'changed'|'off'|'private'|'skipped'|'too-large', since?, added?,
   * changed?, removed?, unchanged?, compare?}`: remember this version of the page (policy memory). */
  CONTENT_TO_BG_REMEMBER: 'CONTENT_TO_BG_REMEMBER',
  /** popup → background: `{}` → `{ok, memory, policies: [{url, title, firstSeen, seen, purposes, flags, clauses}]}`. */
  POPUP_TO_BG_MEMORY_LIST: 'POPUP_TO_BG_MEMORY_LIST',
  /** popup → background: `{}` → `{ok, data}` (the export file's object). */
  POPUP_TO_BG_MEMORY_EXPORT: 'POPUP_TO_BG_MEMORY_EXPORT',
  /** popup → background: `{data}` → `{ok, imported, added, updated}` or `{ok: false, error}` (nothing written). */
  POPUP_TO_BG_MEMORY_IMPORT: 'POPUP_TO_BG_MEMORY_IMPORT',
  /** popup → background: `{}` → `{ok}`: forget every remembered policy. */
  POPUP_TO_BG_MEMORY_DELETE: 'POPUP_TO_BG_MEMORY_DELETE',
  /** popup → content: `{}` → `{ok, memory}`: this page's change report (what changed since the last visit). */
  POPUP_TO_CONTENT_MEMORY: 'POPUP_TO_CONTENT_MEMORY',
  /** popup → content: `{kind: 'added'|'changed', index}` → `{ok, index}`: scroll to and show a new or changed clause. */
  POPUP_TO_CONTENT_MEMORY_JUMP: 'POPUP_TO_CONTENT_MEMORY_JUMP',
});

const KNOWN = new Set(Object.values(MSG));

/**
 * True when `msg` is a well-formed message of a known type (or of `type`, when given).
 * @param {unknown} msg
 * @param {string} [type]
 * @returns {boolean}
 */
export function isMessage(msg, type) {
  return !!msg && typeof msg === 'object' && typeof msg.type === 'string' && KNOWN.has(msg.type) && (type === undefined || msg.type === type);
}

/**
 * True when a runtime message comes from this extension's own pages (popup, background), not from a
 * content script in a web page. `extensionOrigin` is `chrome.runtime.getURL('')`.
 * @param {{id?: string, url?: string, origin?: string}} sender
 * @param {string} extensionId
 * @param {string} extensionOrigin
 * @returns {boolean}
 */
export function fromExtensionPage(sender, extensionId, extensionOrigin) {
  if (!sender || sender.id !== extensionId) return false;
  const url = sender.url || sender.origin || '';
  return url === '' ? !sender.tab : url.startsWith(extensionOrigin);
}

/**
 * True when a runtime message comes from this extension's content script in some tab.
 * @param {{id?: string, tab?: object, url?: string}} sender
 * @param {string} extensionId
 * @returns {boolean}
 */
export function fromContentScript(sender, extensionId) {
  return !!sender && sender.id === extensionId && !!sender.tab && typeof sender.tab.id === 'number';
}
