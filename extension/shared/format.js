// Pure functions that turn analysed clauses into Markdown or plain text for the clipboard, and
// build `#:~:text=` links back to a clause. No DOM, no chrome.*: usable from the popup, the content
// script, the www demo and Node alike. Page text is untrusted: it is cleaned of control and
// bidirectional-override characters and escaped for Markdown, so a copied summary is inert text.

/**
 * @typedef {object} Clause  one analysed clause as the WASM `analyze` reports it, plus its text
 * @property {string} text   the clause's own words (sliced from the page by the caller)
 * @property {string} [summary]
 * @property {string} [section]
 * @property {{id: string, score?: number, evidence?: string[]}[]} purposes
 * @property {{id: string, sentence: string}[]} flags
 */

/**
 * @typedef {object} FormatContext
 * @property {string} title  the page title
 * @property {string} url    the page URL
 * @property {string} date   the date shown in the heading (e.g. "2026-11-27")
 * @property {{purposes: {id: string, label: string, short: string, description: string}[],
 *             flags: {id: string, label: string}[]}} taxonomy  from the WASM `taxonomy()`
 * @property {Set<string>} [enabled] purpose ids to include (all when absent)
 */

const MAX_QUOTE = 2000;
// C0/C1 controls (except tab/newline handled as spaces), bidi embeddings/overrides/isolates, marks.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Page text made safe to paste anywhere: no control or bidi-override characters, whitespace
 * collapsed, cut at `max` characters.
 * @param {string} s
 * @param {number} [max]
 * @returns {string}
 */
export function cleanText(s, max = MAX_QUOTE) {
  let t = String(s ?? '').replace(UNSAFE, '').replace(/\s+/g, ' ').trim();
  if (t.length > max) t = t.slice(0, max - 1).trimEnd() + '…';
  return t;
}

/**
 * Escapes Markdown syntax so page text stays text (no links, images, HTML or emphasis).
 * @param {string} s
 * @returns {string}
 */
export function escapeMarkdown(s) {
  return s.replace(/[\\`*_{}[\]()<>#+!|~&]/g, (c) => '\\' + c)
    .replace(/^(\s*)([-=]|\d+\.)/, '$1\\$2');
}

function encodeFragmentPart(s) {
  return encodeURIComponent(s).replace(/-/g, '%2D');
}

/**
 * A URL that scrolls to and highlights `clauseText` on `pageUrl` (a text fragment). Long clauses use
 * `textStart,textEnd` (first and last five words).
 * @param {string} pageUrl
 * @param {string} clauseText
 * @returns {string}
 */
export function textFragmentUrl(pageUrl, clauseText) {
  const base = String(pageUrl ?? '').split('#')[0];
  const text = cleanText(clauseText, 100000).replace(/[\s]+/g, ' ');
  if (!text) return base;
  const words = text.split(' ');
  let directive;
  if (text.length <= 80 || words.length <= 10) directive = encodeFragmentPart(text);
  else directive = `${encodeFragmentPart(words.slice(0, 5).join(' '))},${encodeFragmentPart(words.slice(-5).join(' '))}`;
  return `${base}#:~:text=${directive}`;
}

function purposeInfo(ctx, id) {
  return ctx.taxonomy?.purposes?.find((p) => p.id === id) || { id, label: id, short: id, description: '' };
}

function flagInfo(ctx, id) {
  return ctx.taxonomy?.flags?.find((f) => f.id === id) || { id, label: id };
}

function enabledIds(clause, ctx) {
  return (clause.purposes || []).map((p) => p.id).filter((id) => !ctx.enabled || ctx.enabled.has(id));
}

/**
 * One clause as Markdown: summary, purposes, the quoted clause, its flags and a link back.
 * @param {Clause} clause
 * @param {FormatContext} ctx
 * @returns {string}
 */
export function clauseToMarkdown(clause, ctx) {
  const lines = [];
  const summary = cleanText(clause.summary || clause.text, 400);
  lines.push(`- **${escapeMarkdown(summary)}**`);
  const labels = (clause.purposes || []).map((p) => { const i = purposeInfo(ctx, p.id); return `${i.label} (${i.short})`; });
  if (labels.length) lines.push(`  Purposes: ${labels.join(', ')}`);
  lines.push(`  > ${escapeMarkdown(cleanText(clause.text))}`);
  for (const f of clause.flags || []) {
    lines.push(`  - ⚑ ${flagInfo(ctx, f.id).label}: ${escapeMarkdown(cleanText(f.sentence, 400))}`);
  }
  if (ctx.url) lines.push(`  [Go to this clause](<${textFragmentUrl(ctx.url, clause.text).replace(/[<>\s]/g, encodeURIComponent)}>)`);
  return lines.join('\n');
}

/**
 * One clause as plain text.
 * @param {Clause} clause
 * @param {FormatContext} ctx
 * @returns {string}
 */
export function clauseToText(clause, ctx) {
  const lines = [];
  lines.push(`* ${cleanText(clause.summary || clause.text, 400)}`);
  const labels = (clause.purposes || []).map((p) => { const i = purposeInfo(ctx, p.id); return `${i.label} (${i.short})`; });
  if (labels.length) lines.push(`  Purposes: ${labels.join(', ')}`);
  lines.push(`  "${cleanText(clause.text)}"`);
  for (const f of clause.flags || []) lines.push(`  ! ${flagInfo(ctx, f.id).label}: ${cleanText(f.sentence, 400)}`);
  if (ctx.url) lines.push(`  ${textFragmentUrl(ctx.url, clause.text)}`);
  return lines.join('\n');
}

/**
 * Groups clauses by purpose in taxonomy order; a clause appears under each of its enabled purposes.
 * @param {Clause[]} items
 * @param {FormatContext} ctx
 * @returns {{purpose: object, clauses: Clause[]}[]}
 */
export function groupByPurpose(items, ctx) {
  const groups = new Map();
  for (const p of ctx.taxonomy?.purposes || []) groups.set(p.id, { purpose: p, clauses: [] });
  for (const c of items) {
    for (const id of enabledIds(c, ctx)) {
      if (!groups.has(id)) groups.set(id, { purpose: purposeInfo(ctx, id), clauses: [] });
      groups.get(id).clauses.push(c);
    }
  }
  return [...groups.values()].filter((g) => g.clauses.length > 0);
}

function header(ctx, md) {
  const title = cleanText(ctx.title || ctx.url || 'Untitled page', 300);
  if (md) return [`# Clausemark: ${escapeMarkdown(title)}`, '', `Page: <${String(ctx.url || '').replace(/[<>\s]/g, encodeURIComponent)}>  `, `Date: ${escapeMarkdown(cleanText(ctx.date, 40))}`];
  return [`Clausemark: ${title}`, `Page: ${ctx.url || ''}`, `Date: ${cleanText(ctx.date, 40)}`];
}

/**
 * Every clause grouped by purpose as Markdown, headed by the page title, URL and date. Only
 * purposes in `ctx.enabled` are included.
 * @param {Clause[]} items
 * @param {FormatContext} ctx
 * @returns {string}
 */
export function reportToMarkdown(items, ctx) {
  const out = header(ctx, true);
  const groups = groupByPurpose(items, ctx);
  if (!groups.length) out.push('', '_No highlighted clauses._');
  for (const g of groups) {
    out.push('', `## ${g.purpose.label} (${g.purpose.short || ''}): ${g.clauses.length}`, '');
    if (g.purpose.description) out.push(`_${g.purpose.description}_`, '');
    for (const c of g.clauses) out.push(clauseToMarkdown(c, ctx));
  }
  return out.join('\n') + '\n';
}

/**
 * Every clause grouped by purpose as plain text (same content as `reportToMarkdown`).
 * @param {Clause[]} items
 * @param {FormatContext} ctx
 * @returns {string}
 */
export function reportToText(items, ctx) {
  const out = header(ctx, false);
  const groups = groupByPurpose(items, ctx);
  if (!groups.length) out.push('', 'No highlighted clauses.');
  for (const g of groups) {
    out.push('', `${g.purpose.label} (${g.purpose.short || ''}): ${g.clauses.length}`, '');
    for (const c of g.clauses) out.push(clauseToText(c, ctx));
  }
  return out.join('\n') + '\n';
}
