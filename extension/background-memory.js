// Policy memory in the background (the extension's own origin): every analysed policy page is kept in
// IndexedDB (storage.local has quotas), by its final URL without fragment: title, the date seen and,
// per clause, its fingerprint (from the core), purposes, flags and text. For each URL the current
// version and the one before it are kept, for the change report. The comparison of two versions runs
// in the core (WASM `diffClauses`). Nothing leaves the browser; private (incognito) tabs are never
// recorded; the `memory` setting turns recording off.
//
// One entry point for background.js: `memoryMessage(msg, sender, ctx)` answers the memory messages
// (a promise of the response payload) and returns null for every other message.

import { diffClauses, fingerprint } from './pkg/clausemark.js';
import { MSG } from './shared/messages.js';
import { getSettings } from './shared/settings.js';
import {
  memoryKey, summaryOf, exportMemory, validateImport, MAX_CLAUSES, MAX_TEXT_CHARS,
} from './shared/memory.js';

const DB_NAME = 'clausemark-memory';
const DB_VERSION = 1;
const POLICIES = 'policies'; // {url, title, current, previous, visit, visitChanged}
const SUMMARIES = 'summaries'; // {url, title, firstSeen, seen, purposes, flags, clauses}

// Counters for the browser tests (read through the worker's global, which no page can reach; the
// tests also call `memoryMessage` there with a made-up private-tab sender).
const memoryStats = { remembered: 0, refusedPrivate: 0, refusedOff: 0 };
globalThis.clausemarkMemoryStats = memoryStats;
globalThis.clausemarkMemoryMessage = (msg, sender, ctx) => memoryMessage(msg, sender, ctx);

let dbPromise = null;
function db() {
  if (!dbPromise) {
    dbPromise = new Promise((resolve, reject) => {
      const req = indexedDB.open(DB_NAME, DB_VERSION);
      req.onupgradeneeded = () => {
        const d = req.result;
        if (!d.objectStoreNames.contains(POLICIES)) d.createObjectStore(POLICIES, { keyPath: 'url' });
        if (!d.objectStoreNames.contains(SUMMARIES)) d.createObjectStore(SUMMARIES, { keyPath: 'url' });
      };
      req.onsuccess = () => {
        const d = req.result;
        d.onversionchange = () => { d.close(); dbPromise = null; };
        resolve(d);
      };
      req.onerror = () => reject(req.error);
      req.onblocked = () => reject(new Error('clausemark: memory database blocked'));
    });
    dbPromise.catch(() => { dbPromise = null; });
  }
  return dbPromise;
}

const done = (req) => new Promise((resolve, reject) => {
  req.onsuccess = () => resolve(req.result);
  req.onerror = () => reject(req.error);
});
const finished = (tx) => new Promise((resolve, reject) => {
  tx.oncomplete = () => resolve();
  tx.onabort = () => reject(tx.error || new Error('clausemark: memory transaction aborted'));
  tx.onerror = () => reject(tx.error);
});

/** Clause records from a content script, checked and fingerprinted (by the core). */
function cleanClauses(list) {
  if (!Array.isArray(list)) throw new Error('clauses must be an array');
  if (list.length > MAX_CLAUSES) return null;
  let chars = 0;
  const out = new Array(list.length);
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if (!c || typeof c.text !== 'string') throw new Error('each clause needs a text');
    chars += c.text.length;
    if (chars > MAX_TEXT_CHARS) return null;
    const ids = (v) => (Array.isArray(v) ? v.filter((x) => typeof x === 'string' && /^[a-z0-9-]{1,40}$/.test(x)).slice(0, 32) : []);
    out[i] = { fp: fingerprint(c.text), text: c.text, purposes: ids(c.purposes), flags: ids(c.flags) };
    if (c.heading === true) out[i].heading = true;
  }
  return out;
}

const signature = (clauses) => clauses.map((c) => (c.heading ? 'h' : 'c') + c.fp).join(',');
const plain = (c) => ({ text: c.text, purposes: c.purposes, flags: c.flags });

/**
 * Stores one visit and says what changed since the visit before it.
 * A page analysed again during the same visit (`visit` is the content script's id for one page
 * load; an SPA may grow) replaces that visit's version and is compared with the same baseline.
 */
async function remember({ url, title, visit, clauses }, now) {
  const d = await db();
  const tx = d.transaction([POLICIES, SUMMARIES], 'readwrite');
  const ended = finished(tx);
  const policies = tx.objectStore(POLICIES);
  const entry = await done(policies.get(url));
  const stamp = now.toISOString();
  const version = { firstSeen: stamp, seen: stamp, clauses };
  let result;
  let next;
  if (!entry) {
    next = { url, title, current: version, previous: null, visit, visitChanged: false, firstVisit: true };
    result = { status: 'first' };
  } else if (entry.visit === visit && entry.firstVisit) {
    // The first visit, analysed again (an SPA grew): still the first.
    next = { ...entry, title: title || entry.title, current: { ...version, firstSeen: entry.current.firstSeen } };
    result = { status: 'first' };
  } else {
    const sameVisit = entry.visit === visit;
    const changedThisVisit = !!(sameVisit && entry.visitChanged && entry.previous);
    const base = changedThisVisit ? entry.previous : entry.current;
    // The date of the visit before this one (a same-visit update keeps the date it first showed).
    const since = sameVisit && entry.since ? entry.since : entry.current.seen;
    const diff = signature(base.clauses) === signature(clauses) ? null : diffClauses(base.clauses, clauses);
    next = { ...entry, title: title || entry.title, visit, since, visitChanged: changedThisVisit, firstVisit: false };
    if (!diff || (!diff.added.length && !diff.removed.length && !diff.changed.length)) {
      // Same text (formatting at most): refresh the words and the last-seen date, keep the rest.
      next.current = { ...version, firstSeen: changedThisVisit ? entry.current.firstSeen : base.firstSeen };
      result = { status: 'unchanged', since };
      if (!changedThisVisit && entry.previous) {
        // The last change you saw, for the popup's "last change" line.
        const last = diffClauses(entry.previous.clauses, entry.current.clauses);
        result.lastChange = { seen: entry.current.firstSeen, since: entry.previous.seen, added: last.added.length, removed: last.removed.length, changed: last.changed.length };
      }
    } else {
      next.previous = base;
      next.current = version;
      next.visitChanged = true;
      result = {
        status: 'changed',
        since,
        added: diff.added,
        changed: diff.changed.map((p) => ({ index: p.new, old: plain(base.clauses[p.old]) })),
        removed: diff.removed.map((i) => plain(base.clauses[i])),
        unchanged: diff.unchanged,
      };
    }
  }
  policies.put(next);
  tx.objectStore(SUMMARIES).put(summaryOf(next));
  await ended;
  memoryStats.remembered++;
  return result;
}

async function summaries() {
  const d = await db();
  const tx = d.transaction(SUMMARIES, 'readonly');
  const all = await done(tx.objectStore(SUMMARIES).getAll());
  return all.sort((a, b) => (a.seen < b.seen ? 1 : a.seen > b.seen ? -1 : 0));
}

/** The other policies in memory, for the tooltip's comparison (the current URL left out). */
async function compareFor(url) {
  const all = await summaries();
  return { policies: all.filter((s) => s.url !== url).map((s) => ({ url: s.url, title: s.title, purposes: s.purposes, flags: s.flags })) };
}

async function allEntries() {
  const d = await db();
  const tx = d.transaction(POLICIES, 'readonly');
  return done(tx.objectStore(POLICIES).getAll());
}

/** Imports validated policies: a URL not in memory is added; one in memory is replaced only when the
 * file's version was seen later. Returns counts. */
async function importPolicies(data, engine) {
  const policies = validateImport(data); // throws before anything is written
  await engine();
  for (const p of policies) {
    for (const v of [p.current, p.previous]) if (v) for (const c of v.clauses) c.fp = fingerprint(c.text);
  }
  const d = await db();
  const tx = d.transaction([POLICIES, SUMMARIES], 'readwrite');
  const ended = finished(tx);
  const store = tx.objectStore(POLICIES);
  let added = 0;
  let updated = 0;
  for (const p of policies) {
    const old = await done(store.get(p.url));
    if (old && old.current.seen >= p.current.seen) continue;
    if (old) updated++; else added++;
    const entry = { ...p, visit: '', visitChanged: false, firstVisit: false };
    store.put(entry);
    tx.objectStore(SUMMARIES).put(summaryOf(entry));
  }
  await ended;
  return { imported: policies.length, added, updated };
}

async function clearAll() {
  const d = await db();
  const tx = d.transaction([POLICIES, SUMMARIES], 'readwrite');
  const ended = finished(tx);
  tx.objectStore(POLICIES).clear();
  tx.objectStore(SUMMARIES).clear();
  await ended;
}

/**
 * Answers a memory message, or returns null when `msg` is not one (or its sender may not send it).
 * @param {{type: string}} msg
 * @param {chrome.runtime.MessageSender} sender
 * @param {{fromContent: boolean, fromPage: boolean, engine: () => Promise<unknown>, now?: () => Date}} ctx
 * @returns {Promise<object>|null}
 */
export function memoryMessage(msg, sender, { fromContent, fromPage, engine, now = () => new Date() }) {
  switch (msg.type) {
    case MSG.CONTENT_TO_BG_REMEMBER:
      if (!fromContent) return null;
      return (async () => {
        // Private windows are never recorded (nor compared with what was recorded elsewhere).
        if (sender.tab && sender.tab.incognito) {
          memoryStats.refusedPrivate++;
          return { status: 'private' };
        }
        if (sender.frameId) return { status: 'skipped' }; // only top-level pages are policies to remember
        const settings = await getSettings();
        if (!settings.memory) {
          memoryStats.refusedOff++;
          return { status: 'off' };
        }
        // The final document URL (after redirects), as the content script reads it; same origin as
        // the frame that sent it.
        const url = memoryKey(String(msg.url || ''));
        if (!url || (sender.url && new URL(sender.url).origin !== new URL(url).origin)) return { status: 'skipped' };
        await engine();
        const clauses = cleanClauses(msg.clauses);
        if (!clauses) return { status: 'too-large' };
        const title = String(msg.title || '').slice(0, 500);
        const visit = String(msg.visit || '').slice(0, 64);
        const result = await remember({ url, title, visit, clauses }, now());
        return { ...result, compare: await compareFor(url) };
      })();
    case MSG.POPUP_TO_BG_MEMORY_LIST:
      if (!fromPage) return null;
      return getSettings().then(async (s) => ({ memory: s.memory, policies: await summaries() }));
    case MSG.POPUP_TO_BG_MEMORY_EXPORT:
      if (!fromPage) return null;
      return allEntries().then((entries) => ({ data: exportMemory(entries, now()) }));
    case MSG.POPUP_TO_BG_MEMORY_IMPORT:
      if (!fromPage) return null;
      return importPolicies(msg.data, engine);
    case MSG.POPUP_TO_BG_MEMORY_DELETE:
      if (!fromPage) return null;
      return clearAll().then(() => ({ deleted: true }));
    default:
      return null;
  }
}
