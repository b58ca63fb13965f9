// Policy memory, the parts every side shares: the memory's file format (export, import and its full
// validation), URL keys, per-policy purpose/flag counts, dates, and the sentences that compare a
// clause with the other policies you have read. Pure functions: no DOM, no chrome.*, no storage
// (the background keeps the memory in IndexedDB; see background-memory.js). Usable from the
// background, the popup, the content script and Node alike.

/** The `format` field of an exported memory file. */
export const MEMORY_FORMAT = 'clausemark-memory';
/** The version of the export format this code writes and reads. */
export const MEMORY_VERSION = 1;

/** A page with more clauses or text than this is not remembered (it is not a policy page). */
export const MAX_CLAUSES = 20000;
export const MAX_TEXT_CHARS = 4 * 1024 * 1024;
/** Limits an import file must respect (checked before anything is written). */
export const MAX_IMPORT_POLICIES = 5000;
const MAX_URL = 4096;
const MAX_TITLE = 500;
const MAX_CLAUSE_CHARS = 20000;
const MAX_IDS = 32;
const ID = /^[a-z0-9-]{1,40}$/;
const FP = /^[0-9a-f]{16}$/;

/**
 * The key a page is remembered under: its URL without the fragment (the query is kept, it often
 * selects the policy or its language). Only http(s) URLs are remembered; anything else gives ''.
 * @param {string} url
 * @returns {string}
 */
export function memoryKey(url) {
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return '';
    u.hash = '';
    const s = u.href;
    return s.length <= MAX_URL ? s : '';
  } catch {
    return '';
  }
}

/**
 * How many clauses of a version state each purpose and each flag.
 * @param {{purposes?: string[], flags?: string[], heading?: boolean}[]} clauses
 * @returns {{purposes: Record<string, number>, flags: Record<string, number>, clauses: number}}
 */
export function countsOf(clauses) {
  const purposes = {};
  const flags = {};
  let n = 0;
  for (const c of clauses) {
    if (c.heading) continue;
    n++;
    for (const p of c.purposes || []) purposes[p] = (purposes[p] || 0) + 1;
    for (const f of c.flags || []) flags[f] = (flags[f] || 0) + 1;
  }
  return { purposes, flags, clauses: n };
}

/**
 * The short summary of a remembered policy (what the compare sentences and the popup's table read).
 * @param {object} entry  a stored policy `{url, title, current: {firstSeen, seen, clauses}}`
 */
export function summaryOf(entry) {
  return { url: entry.url, title: entry.title, firstSeen: entry.current.firstSeen, seen: entry.current.seen, ...countsOf(entry.current.clauses) };
}

/**
 * A date for people: "27 Nov 2026" (English, the user's time zone).
 * @param {string|number|Date} when
 * @returns {string}
 */
export function formatDate(when) {
  const d = new Date(when);
  if (Number.isNaN(d.getTime())) return 'an earlier date';
  return d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });
}

/**
 * A title for a remembered policy: its page title, else its host and path.
 * @param {{title?: string, url: string}} p
 * @returns {string}
 */
export function policyName(p) {
  const t = String(p.title || '').replace(/\s+/g, ' ').trim();
  if (t) return t.length > 80 ? t.slice(0, 79) + '…' : t;
  try {
    const u = new URL(p.url);
    return u.host + u.pathname;
  } catch {
    return String(p.url || '');
  }
}

/**
 * How the other remembered policies handle a clause's purposes and flags.
 * @param {{purposes: {id: string}[], flags: {id: string}[]}} clause  an analysed clause
 * @param {{policies: {url: string, title: string, purposes: Record<string, number>, flags: Record<string, number>}[]}} compare
 *   the other policies in memory (the current one left out)
 * @param {{purposes: {id: string, label: string}[], flags: {id: string, label: string}[]}} taxonomy
 * @returns {{kind: 'purpose'|'flag', id: string, text: string, count: number, total: number, policies: {url: string, name: string}[]}[]}
 */
export function compareSentences(clause, compare, taxonomy) {
  const out = [];
  const others = (compare && compare.policies) || [];
  const total = others.length;
  if (!total) return out;
  const label = (list, id) => (list.find((x) => x.id === id) || { label: id }).label;
  const noun = total === 1 ? 'policy' : 'policies';
  for (const f of clause.flags || []) {
    const with_ = others.filter((p) => (p.flags || {})[f.id] > 0);
    out.push({
      kind: 'flag',
      id: f.id,
      count: with_.length,
      total,
      text: `${with_.length} of ${total} other ${noun} you have read ${with_.length === 1 ? 'has' : 'have'} “${label(taxonomy.flags, f.id)}” clauses${with_.length ? ':' : '.'}`,
      policies: with_.map((p) => ({ url: p.url, name: policyName(p) })),
    });
  }
  for (const p of clause.purposes || []) {
    const with_ = others.filter((q) => (q.purposes || {})[p.id] > 0);
    out.push({
      kind: 'purpose',
      id: p.id,
      count: with_.length,
      total,
      text: `${with_.length} of ${total} other ${noun} you have read state the purpose “${label(taxonomy.purposes, p.id)}”${with_.length ? ':' : '.'}`,
      policies: with_.map((q) => ({ url: q.url, name: policyName(q) })),
    });
  }
  return out;
}

/**
 * The export file: every remembered policy, both versions, in a versioned envelope.
 * @param {object[]} entries  stored policies
 * @param {Date} [now]
 */
export function exportMemory(entries, now = new Date()) {
  return {
    format: MEMORY_FORMAT,
    version: MEMORY_VERSION,
    exported: now.toISOString(),
    policies: entries.map((e) => ({ url: e.url, title: e.title, current: e.current, previous: e.previous || null })),
  };
}

function fail(msg) {
  throw new Error(msg);
}

function checkDate(v, where) {
  if (typeof v !== 'string' || v.length > 40 || Number.isNaN(Date.parse(v))) fail(`${where}: not a date`);
  return new Date(v).toISOString();
}

function checkIds(v, where) {
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.length > MAX_IDS || !v.every((x) => typeof x === 'string' && ID.test(x))) fail(`${where}: must be a list of ids`);
  return [...v];
}

function checkVersion(v, where) {
  if (!v || typeof v !== 'object' || Array.isArray(v)) fail(`${where}: missing`);
  if (!Array.isArray(v.clauses)) fail(`${where}.clauses: must be a list`);
  if (v.clauses.length > MAX_CLAUSES) fail(`${where}.clauses: more than ${MAX_CLAUSES}`);
  let chars = 0;
  const clauses = v.clauses.map((c, i) => {
    const w = `${where}.clauses[${i}]`;
    if (!c || typeof c !== 'object' || typeof c.text !== 'string') fail(`${w}: needs a text`);
    if (c.text.length > MAX_CLAUSE_CHARS) fail(`${w}: text too long`);
    chars += c.text.length;
    if (c.fp !== undefined && (typeof c.fp !== 'string' || !FP.test(c.fp))) fail(`${w}.fp: not a fingerprint`);
    const out = { text: c.text, purposes: checkIds(c.purposes, `${w}.purposes`), flags: checkIds(c.flags, `${w}.flags`) };
    if (c.fp !== undefined) out.fp = c.fp;
    if (c.heading === true) out.heading = true;
    else if (c.heading !== undefined && c.heading !== false) fail(`${w}.heading: must be true or false`);
    return out;
  });
  if (chars > MAX_TEXT_CHARS) fail(`${where}: more text than a policy page holds`);
  const firstSeen = checkDate(v.firstSeen ?? v.seen, `${where}.firstSeen`);
  return { firstSeen, seen: checkDate(v.seen, `${where}.seen`), clauses };
}

/**
 * Validates an import file completely, before anything is written. Returns the clean policies
 * (only known fields, dates normalised) or throws an Error whose message says what is wrong.
 * Fingerprints missing from a file are filled in by the caller (the core computes them).
 * @param {unknown} data  the parsed JSON
 * @returns {{url: string, title: string, current: object, previous: object|null}[]}
 */
export function validateImport(data) {
  if (!data || typeof data !== 'object' || Array.isArray(data)) fail('This is not a Clausemark memory file (expected a JSON object).');
  if (data.format !== MEMORY_FORMAT) fail(`This is not a Clausemark memory file (its "format" is ${JSON.stringify(data.format ?? null).slice(0, 40)}, expected "${MEMORY_FORMAT}").`);
  if (data.version !== MEMORY_VERSION) fail(`This memory file has version ${JSON.stringify(data.version ?? null).slice(0, 20)}; this Clausemark reads version ${MEMORY_VERSION}.`);
  if (!Array.isArray(data.policies)) fail('The memory file has no "policies" list.');
  if (data.policies.length > MAX_IMPORT_POLICIES) fail(`The memory file holds more than ${MAX_IMPORT_POLICIES} policies.`);
  const seen = new Set();
  return data.policies.map((p, i) => {
    const where = `policies[${i}]`;
    try {
      if (!p || typeof p !== 'object') fail('not an object');
      const url = typeof p.url === 'string' ? memoryKey(p.url) : '';
      if (!url) fail('"url" must be an http(s) address');
      if (seen.has(url)) fail(`${url} appears twice`);
      seen.add(url);
      if (p.title !== undefined && p.title !== null && typeof p.title !== 'string') fail('"title" must be text');
      return {
        url,
        title: String(p.title || '').slice(0, MAX_TITLE),
        current: checkVersion(p.current, 'current'),
        previous: p.previous === null || p.previous === undefined ? null : checkVersion(p.previous, 'previous'),
      };
    } catch (e) {
      throw new Error(`The memory file is damaged at ${where}: ${e.message}. Nothing was imported.`);
    }
  });
}

/**
 * The part of a reworded clause that changed, with a few words of context on each side, for the
 * popup's list: `{before, after}` (each "…"-cut where words were left out).
 * @param {string} oldText
 * @param {string} newText
 * @param {number} [context] words kept on each side of the change
 * @returns {{before: string, after: string}}
 */
export function changeSnippet(oldText, newText, context = 4) {
  const a = String(oldText).split(/\s+/).filter(Boolean);
  const b = String(newText).split(/\s+/).filter(Boolean);
  let p = 0;
  while (p < a.length && p < b.length && a[p] === b[p]) p++;
  let q = 0;
  while (q < a.length - p && q < b.length - p && a[a.length - 1 - q] === b[b.length - 1 - q]) q++;
  const cut = (w) => {
    const from = Math.max(0, p - context);
    const to = Math.min(w.length, w.length - q + context);
    return `${from > 0 ? '… ' : ''}${w.slice(from, to).join(' ')}${to < w.length ? ' …' : ''}`;
  };
  return { before: cut(a), after: cut(b) };
}
