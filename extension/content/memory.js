// Policy memory, in the page: after each analysis of a top-level page, sends every clause (text,
// purposes, flags; headings marked) to the background, which remembers this version and answers with
// what changed since the last visit and how the other remembered policies compare. Added and changed
// clauses get their own highlight, `clausemark-changed` (a dashed orange box of underline and
// overline, distinct from the purposes' underlines); clause tooltips carry "New since …" /
// "Changed since …" (with the old text) and the comparison sentences (`clause.memory`). The popup
// asks for the change report and jumps to a new or changed clause through messages handled here.
// Never modifies the page's DOM (the Highlight API only).

import { MSG } from '../shared/messages.js';
import { formatDate, compareSentences, MAX_CLAUSES, MAX_TEXT_CHARS } from '../shared/memory.js';
import { addStyles, hasHighlightApi } from './paint.js';

const NAME = 'clausemark-changed';
const FOCUS = 'clausemark-changed-focus';
const MAX_REPORTED = 500; // clauses listed per kind in the popup's report

function css(dark) {
  const c = dark ? '#ffa94d' : '#e8590c';
  return `::highlight(${NAME}){text-decoration-line:underline overline;text-decoration-style:dashed;text-decoration-color:${c};text-decoration-thickness:3px;}
::highlight(${FOCUS}){background-color:${dark ? 'rgba(255,169,77,0.35)' : 'rgba(217,72,15,0.18)'};}`;
}

/**
 * @param {object} o
 * @param {Document} o.document
 * @param {(msg: object) => Promise<any>} o.send  a runtime message to the background
 * @param {boolean} o.top  whether this is the top-level frame (only top-level pages are remembered)
 * @param {(itemIndex: number) => boolean} o.jumpToItem  scrolls to and shows a painted clause
 * @param {(clause: object, rect: DOMRect) => void} o.showTooltip  shows the tooltip for any clause
 * @param {() => boolean} o.dark  whether the page is dark
 * @param {boolean} [o.styleElement]
 */
export function createMemory({ document: doc, send, top, jumpToItem, showTooltip, dark, styleElement = false }) {
  const view = doc.defaultView;
  const visit = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  let run = 0;
  let report = null; // the background's answer for this page
  let records = []; // [{text, purposes, flags, heading?}] as sent
  let where = []; // per record: {block, start, end} (null for headings)
  let itemOf = new Map(); // record index → item index
  let items = [];
  let rangeFor = () => null;
  let removeStyles = null;
  let styledRoots = new WeakSet();

  function clearHighlights() {
    if (!hasHighlightApi(doc)) return;
    view.CSS.highlights.delete(NAME);
    view.CSS.highlights.delete(FOCUS);
  }

  function clear() {
    run++;
    clearHighlights();
    if (removeStyles) removeStyles.forEach((r) => r());
    removeStyles = null;
    styledRoots = new WeakSet();
    report = null;
    records = [];
    where = [];
    itemOf = new Map();
    for (const it of items) delete it.memory;
    items = [];
  }

  function ensureStyles(ranges) {
    if (!removeStyles) removeStyles = [addStyles(doc, css(dark()), styleElement)];
    for (const r of ranges) {
      const root = r && r.startContainer.getRootNode();
      if (root && root.nodeType === 11 && root.host && !styledRoots.has(root)) {
        styledRoots.add(root);
        removeStyles.push(addStyles(root, css(dark()), styleElement));
      }
    }
  }

  /** The changed/added record indices of the report. */
  const marked = () => (report && report.status === 'changed' ? [...report.added, ...report.changed.map((c) => c.index)] : []);

  function paint() {
    clearHighlights();
    const ranges = marked().map((k) => (where[k] ? rangeFor(where[k].block, where[k].start, where[k].end) : null)).filter(Boolean);
    if (!ranges.length || !hasHighlightApi(doc)) return;
    ensureStyles(ranges);
    const h = new view.Highlight();
    for (const r of ranges) h.add(r);
    h.priority = 3;
    view.CSS.highlights.set(NAME, h);
  }

  function annotate(taxonomy) {
    if (!report) return;
    const since = report.since ? formatDate(report.since) : '';
    const notes = new Map();
    if (report.status === 'changed') {
      for (const k of report.added) notes.set(k, { note: `New since your visit on ${since}` });
      for (const c of report.changed) notes.set(c.index, { note: `Changed since your visit on ${since}`, old: c.old.text });
    }
    for (const [k, i] of itemOf) {
      const it = items[i];
      const m = { ...(notes.get(k) || {}), compare: report.compare ? compareSentences(it, report.compare, taxonomy) : [] };
      if (m.note || m.compare.length) it.memory = m;
      else delete it.memory;
    }
  }

  /**
   * Called after each completed analysis: remembers this version and marks what changed.
   * @param {object} o
   * @param {{text: string, kind: string}[]} o.blocks
   * @param {(i: number) => object[]|null} o.clausesOf  every clause of block i (with empty ones), or null
   * @param {object[]} o.items  the painted clauses ({block, start, end, purposes, flags})
   * @param {(block: number, start: number, end: number) => Range|null} o.rangeFor
   * @param {object} o.taxonomy
   * @param {boolean} o.enabled  the memory setting
   * @param {boolean} o.complete  whether `clausesOf` holds every clause (see `wanted`)
   */
  async function update({ blocks, clausesOf, items: newItems, rangeFor: rf, taxonomy, enabled, complete }) {
    const my = ++run;
    for (const it of items) delete it.memory;
    items = newItems;
    rangeFor = rf;
    if (!top || !enabled || !complete) {
      clearHighlights();
      report = !top ? null : { status: !enabled ? 'off' : 'too-large' };
      return;
    }
    if (globalThis.chrome?.extension?.inIncognitoContext === true) {
      report = { status: 'private' }; // the background refuses too (sender.tab.incognito)
      return;
    }
    // Every clause and heading, in document order, with where it is.
    const recs = [];
    const pos = [];
    let chars = 0;
    for (let i = 0; i < blocks.length; i++) {
      const b = blocks[i];
      if (b.kind === 'heading') {
        recs.push({ text: b.text, heading: true });
        pos.push(null);
        chars += b.text.length;
        continue;
      }
      const cs = clausesOf(i);
      if (!cs) return; // an analysis cut short (cancelled): not a whole version, remember nothing
      for (const c of cs) {
        recs.push({ text: b.text.slice(c.start, c.end), purposes: (c.purposes || []).map((p) => p.id), flags: (c.flags || []).map((f) => f.id) });
        pos.push({ block: i, start: c.start, end: c.end });
        chars += c.end - c.start;
      }
      if (recs.length > MAX_CLAUSES || chars > MAX_TEXT_CHARS) {
        report = { status: 'too-large' };
        clearHighlights();
        return;
      }
    }
    const index = new Map(pos.map((p, k) => [p ? `${p.block}:${p.start}` : '', k]));
    const ofItem = new Map();
    newItems.forEach((it, i) => {
      const k = index.get(`${it.block}:${it.start}`);
      if (k !== undefined) ofItem.set(k, i);
    });
    let answer;
    try {
      answer = await send({ type: MSG.CONTENT_TO_BG_REMEMBER, url: location.href, title: doc.title, visit, clauses: recs });
    } catch {
      return;
    }
    if (my !== run || !answer || answer.ok !== true) return;
    records = recs;
    where = pos;
    itemOf = ofItem;
    report = answer;
    paint();
    annotate(taxonomy);
  }

  function summary() {
    if (!report) return { status: top ? 'pending' : 'skipped' };
    const out = { status: report.status, since: report.since || '', sinceText: report.since ? formatDate(report.since) : '' };
    if (report.lastChange) out.lastChange = { ...report.lastChange, seenText: formatDate(report.lastChange.seen), sinceText: formatDate(report.lastChange.since) };
    if (report.status !== 'changed') return out;
    const clip = (list) => list.slice(0, MAX_REPORTED);
    return {
      ...out,
      counts: { added: report.added.length, removed: report.removed.length, changed: report.changed.length, unchanged: report.unchanged },
      added: clip(report.added).map((k, i) => ({ i, text: records[k].text, purposes: records[k].purposes })),
      changed: clip(report.changed).map((c, i) => ({ i, text: records[c.index].text, old: c.old.text, purposes: records[c.index].purposes })),
      removed: clip(report.removed),
    };
  }

  function jump(kind, i) {
    if (!report || report.status !== 'changed') return false;
    const k = kind === 'added' ? report.added[i] : kind === 'changed' && report.changed[i] ? report.changed[i].index : undefined;
    if (k === undefined || !where[k]) return false;
    if (itemOf.has(k) && jumpToItem(itemOf.get(k))) return true;
    // A clause with no purpose (not painted): scroll to it, mark it, and show its change.
    const r = rangeFor(where[k].block, where[k].start, where[k].end);
    if (!r) return false;
    const el = r.startContainer.nodeType === 1 ? r.startContainer : r.startContainer.parentElement;
    if (el) el.scrollIntoView({ block: 'center', inline: 'nearest', behavior: 'instant' });
    if (hasHighlightApi(doc)) {
      const h = new view.Highlight(r);
      h.priority = 4;
      view.CSS.highlights.set(FOCUS, h);
      doc.addEventListener('pointerdown', () => view.CSS.highlights.delete(FOCUS), { once: true, capture: true, passive: true });
    }
    const changed = kind === 'changed' ? report.changed[i] : null;
    const since = formatDate(report.since);
    const clause = {
      text: records[k].text,
      purposes: [],
      flags: [],
      summary: '',
      memory: changed ? { note: `Changed since your visit on ${since}`, old: changed.old.text, compare: [] } : { note: `New since your visit on ${since}`, compare: [] },
    };
    const rect = r.getClientRects()[0] || r.getBoundingClientRect();
    showTooltip(clause, rect);
    return true;
  }

  /** Answers the popup's memory messages; returns undefined for any other message. */
  function onMessage(msg, sendResponse) {
    switch (msg.type) {
      case MSG.POPUP_TO_CONTENT_MEMORY:
        sendResponse({ ok: true, memory: summary() });
        return false;
      case MSG.POPUP_TO_CONTENT_MEMORY_JUMP:
        sendResponse({ ok: true, index: jump(String(msg.kind), Number(msg.index)) ? Number(msg.index) : -1 });
        return false;
      default:
        return undefined;
    }
  }

  /**
   * Whether this analysis should ask the core for every clause (empty ones too) to remember the
   * page: a top-level page, memory on, not larger than a policy page can be.
   */
  function wanted(settings, blocks) {
    if (!top || !settings || !settings.memory) return false;
    let chars = 0;
    for (const b of blocks) if ((chars += b.text.length) > MAX_TEXT_CHARS) return false;
    return true;
  }

  return { update, wanted, clear, onMessage };
}
