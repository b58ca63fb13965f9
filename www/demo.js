// The Clausemark demo page: renders a policy (bundled, pasted, opened or dropped) into safe DOM, then
// collects, analyses, paints and explains it with the very modules the extension uses:
// the WASM core (pkg/), extension/content/{collect,paint,tooltip}.js and extension/shared/*.js.
// Large inputs are rendered and analysed in chunks, with the event loop free between chunks.

import init, { analyze, taxonomy as wasmTaxonomy, version as wasmVersion } from './pkg/clausemark.js';
import { collectBlocks, rangeFor } from './extension/content/collect.js';
import { createPainter } from './extension/content/paint.js';
import { createTooltip } from './extension/content/tooltip.js';
import { clauseToMarkdown, clauseToText, reportToMarkdown, reportToText } from './extension/shared/format.js';
import { getSettings, updateSettings, localStorageArea } from './extension/shared/settings.js';
import { markdownBlocks, splitMarkdown, textBlocks, htmlBlocks, renderBlocks, blockSize } from './markdown.js';

/** Text per analysis chunk (characters); the event loop is yielded to between chunks. */
const CHUNK_CHARS = 128 * 1024;
/** Larger inputs are refused (the rendered page would grow unwieldy; the extension handles bigger pages in place). */
const MAX_INPUT_CHARS = 32 * 1024 * 1024;
/** Links listed per notable-provision group in the side panel. */
const MAX_FLAG_LINKS = 60;

const $ = (id) => document.getElementById(id);
const root = document.documentElement;
const els = {
  policy: $('ui-policy'), open: $('ui-open'), file: $('ui-file'), pasteToggle: $('ui-paste-toggle'),
  pastePanel: $('ui-paste-panel'), paste: $('ui-paste'), analyse: $('ui-analyse'),
  kind: $('doc-kind'), title: $('doc-title'), attribution: $('doc-attribution'), body: $('doc-body'),
  progress: $('ui-progress'), progressBar: $('ui-progress-bar'), statusText: $('ui-status-text'),
  statClauses: $('ui-stat-clauses'), statFlags: $('ui-stat-flags'), statMs: $('ui-stat-ms'),
  purposes: $('ui-purposes'), allOn: $('ui-all-on'), allOff: $('ui-all-off'), notableOnly: $('ui-notable-only'),
  copySummary: $('ui-copy-summary'), copyAll: $('ui-copy-all'), copyStatus: $('ui-copy-status'),
  flags: $('ui-flags'), drop: $('ui-drop'), footAttribution: $('ui-foot-attribution'), version: $('ui-version'),
};

/** Counters for tests and for the curious (window.clausemarkDemo.stats). */
const stats = { yields: 0, chunks: 0, clauses: 0, ms: 0, coreMs: 0, renderMs: 0, collectMs: 0, paintMs: 0, parseMs: 0, summaryMs: 0, chars: 0, runs: 0 };

const state = {
  taxonomy: null,
  settingsArea: localStorageArea(),
  settings: null,
  painter: null,
  tooltip: null,
  policies: null,
  run: 0,          // generation: a newer load cancels an older one between chunks
  source: null,    // {kind, title, attribution, url}
  chunks: [],      // [{root, blocks, map}]
  focused: -1,
  paintedCount: 0, // clauses handed to the painter so far
  clauses: [],     // every analysed clause: {chunk, block, start, end, text, summary, section, purposes, flags}
};

// ───────────────────────────── Start-up ─────────────────────────────

main().catch((e) => fail(e));

async function main() {
  setStatus('analysing', 'Loading the Clausemark core…');
  const [, policies] = await Promise.all([init(), fetchJson('policies.json').catch(() => null)]);
  state.taxonomy = wasmTaxonomy();
  state.settings = await getSettings(state.settingsArea);
  els.version.textContent = `Clausemark core ${wasmVersion()} · WebAssembly, in this tab`;
  state.painter = createPainter({ document, taxonomy: state.taxonomy });
  state.tooltip = createTooltip({ document, taxonomy: state.taxonomy, onCopy: copyClause });
  // The painter picks light or dark highlight colours when created: follow a change of colour scheme.
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => {
    state.painter.destroy();
    state.painter = createPainter({ document, taxonomy: state.taxonomy });
    applySettings();
    repaint();
  });
  buildPurposeList();
  applySettings();
  wireUi();
  wireHover();
  exposeForTests();

  state.policies = policies;
  fillPolicySelect(policies);
  const wanted = new URLSearchParams(location.search).get('policy');
  const names = (policies?.policies || []).map((p) => p.name);
  const first = names.includes(wanted) ? wanted : names.includes(policies?.default) ? policies.default : names[0];
  if (first) await loadPolicy(first);
  else await loadText('Paste a privacy policy above to see what each clause lets the company do with your data.', { kind: 'text', title: 'No bundled policy found' });
}

async function fetchJson(url) {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url}: ${r.status}`);
  return r.json();
}

function fillPolicySelect(policies) {
  els.policy.replaceChildren();
  for (const p of policies?.policies || []) {
    const o = document.createElement('option');
    o.value = p.name;
    o.textContent = p.name;
    els.policy.appendChild(o);
  }
  const custom = document.createElement('option');
  custom.value = '';
  custom.textContent = 'Your text';
  custom.hidden = true;
  els.policy.appendChild(custom);
  els.policy.disabled = !(policies?.policies || []).length;
}

async function loadPolicy(name) {
  const p = state.policies.policies.find((x) => x.name === name);
  if (!p) return;
  els.policy.value = name;
  const url = new URL(location.href);
  url.searchParams.set('policy', name);
  url.hash = '';
  if (url.href !== location.href) history.replaceState(null, '', url.href);
  const r = await fetch(p.file);
  if (!r.ok) throw new Error(`${p.file}: ${r.status}`);
  await loadText(await r.text(), {
    kind: 'markdown', title: `${name} privacy policy`, label: 'Bundled privacy policy',
    attribution: state.policies.attribution, url: url.href,
  });
}

// ───────────────────────────── Loading and analysis ─────────────────────────────

/**
 * Renders `text` (kind: 'markdown' | 'text' | 'html') into the document area and analyses it,
 * chunk by chunk. Resolves when done (or when a newer load replaced this one).
 */
async function loadText(text, { kind, title, label, attribution = '', url = '' }) {
  const run = ++state.run;
  stats.runs++;
  if (text.length > MAX_INPUT_CHARS) {
    throw new Error(`This input has ${text.length.toLocaleString()} characters; the demo takes up to ${MAX_INPUT_CHARS.toLocaleString()}.`);
  }
  state.tooltip.hide();
  state.painter.clear();
  state.paintedCount = 0;
  state.focused = -1;
  state.chunks = [];
  state.clauses = [];
  Object.assign(stats, { yields: 0, chunks: 0, clauses: 0, ms: 0, coreMs: 0, renderMs: 0, collectMs: 0, paintMs: 0, parseMs: 0, summaryMs: 0, chars: text.length });
  root.dataset.clausemarkChunks = '0';
  state.source = { kind, title, attribution, url: url || location.href.split('#')[0] };
  els.kind.textContent = label || { markdown: 'Markdown file', html: 'HTML page', text: 'Plain text' }[kind] || 'Text';
  els.title.textContent = title;
  els.attribution.textContent = attribution;
  els.attribution.hidden = !attribution;
  els.footAttribution.textContent = attribution ? `${title}: ${attribution}.` : '';
  els.body.replaceChildren();
  document.title = `${title} · Clausemark`;
  setStatus('analysing', 'Reading…');
  setProgress(0);
  renderSummary();

  const t0 = performance.now();
  // Let the event that started this (a paste, a drop) finish and the status paint before any work.
  await nextTask();
  if (run !== state.run) return;
  const pieces = sourcePieces(text, kind); // cheap: cuts the source, parses nothing yet
  const total = pieces.reduce((n, p) => n + p.size, 0) || 1;
  let done = 0;
  // The context carried from one chunk to the next: the section heading in force and the text of
  // the last block when it was not a heading (the core reads each clause after the one before it).
  let context = { section: '', previous: '' };
  let pending = [];
  let pendingSize = 0;
  const flush = async () => {
    if (!pending.length) return;
    const blocks = pending;
    pending = [];
    pendingSize = 0;
    context = analyseChunk(blocks, context);
    setProgress(done / total);
    setStatus('analysing', `Analysing… ${Math.round((100 * done) / total)}% · ${state.clauses.length.toLocaleString()} clauses`);
    await yieldToEventLoop();
  };
  for (const piece of pieces) {
    const tp = performance.now();
    const parsed = piece.blocks();
    stats.parseMs += performance.now() - tp;
    for (const b of parsed) {
      if (run !== state.run) return;
      for (const part of splitBlock(b)) {
        pending.push(part);
        pendingSize += blockSize(part);
        if (pendingSize >= CHUNK_CHARS) {
          done += pendingSize;
          await flush();
          if (run !== state.run) return;
        }
      }
    }
    done = Math.max(done, 0);
  }
  done = total;
  await flush();
  if (run !== state.run) return;
  if (!state.chunks.length) {
    const p = document.createElement('p');
    p.className = 'doc-empty';
    p.textContent = 'This input holds no text.';
    els.body.appendChild(p);
  }
  if (state.paintedCount !== state.clauses.length) {
    const t = performance.now();
    repaint();
    stats.paintMs += performance.now() - t;
  }
  applySettings();
  stats.ms = performance.now() - t0;
  stats.clauses = state.clauses.length;
  setProgress(1);
  renderSummary();
  els.statusText.textContent = `Analysed ${formatChars(text.length)} in ${formatMs(stats.ms)}: ${stats.chunks} chunk${stats.chunks === 1 ? '' : 's'}, ${formatMs(stats.coreMs)} in the core.`;
  root.dataset.clausemarkClauses = String(state.clauses.length);
  root.dataset.clausemark = 'ready';
}

/** Source text → pieces, each able to produce its blocks lazily (so parsing is chunked too). */
function sourcePieces(text, kind) {
  if (kind === 'markdown') {
    return splitMarkdown(text, CHUNK_CHARS).map((src) => ({ size: src.length, blocks: () => markdownBlocks(src) }));
  }
  if (kind === 'html') {
    let blocks = null;
    return [{ size: text.length, blocks: () => (blocks ??= htmlBlocks(text)) }];
  }
  // Plain text: cut at line ends.
  const pieces = [];
  for (let from = 0; from < text.length;) {
    let to = Math.min(text.length, from + CHUNK_CHARS);
    if (to < text.length) {
      const nl = text.indexOf('\n', to);
      to = nl === -1 ? text.length : nl + 1;
    }
    const src = text.slice(from, to);
    pieces.push({ size: src.length, blocks: () => textBlocks(src) });
    from = to;
  }
  return pieces;
}

/** A list or table larger than a chunk is split into several, so no chunk grows without bound. */
function splitBlock(b) {
  if (blockSize(b) < CHUNK_CHARS) return [b];
  const parts = [];
  if (b.t === 'list') {
    let cur = [];
    let size = 0;
    for (const item of b.items) {
      cur.push(item);
      size += item.reduce((n, x) => n + blockSize(x), 0);
      if (size >= CHUNK_CHARS / 2) { parts.push({ ...b, items: cur }); cur = []; size = 0; }
    }
    if (cur.length) parts.push({ ...b, items: cur });
    return parts;
  }
  if (b.t === 'table') {
    let cur = [];
    let size = 0;
    for (const row of b.rows) {
      cur.push(row);
      size += row.reduce((n, c) => n + c.reduce((m, x) => m + blockSize(x), 0), 0);
      if (size >= CHUNK_CHARS / 2) { parts.push({ ...b, rows: cur }); cur = []; size = 0; }
    }
    if (cur.length) parts.push({ ...b, rows: cur });
    return parts;
  }
  return [b];
}

/** Renders one chunk of blocks, collects its text with the extension's collector, analyses and paints it;
 * returns the context for the next chunk ({section, previous}). */
function analyseChunk(blocks, context) {
  const chunkRoot = document.createElement('div');
  chunkRoot.className = 'doc-chunk';
  let t = performance.now();
  chunkRoot.appendChild(renderBlocks(blocks, document));
  els.body.appendChild(chunkRoot);
  stats.renderMs += performance.now() - t;
  t = performance.now();
  // The demo built this DOM itself and hides none of it, so the per-element visibility check is skipped.
  const collected = collectBlocks(chunkRoot, { checkHidden: false });
  stats.collectMs += performance.now() - t;
  const chunk = { root: chunkRoot, blocks: collected.blocks, map: collected.map };
  const ci = state.chunks.push(chunk) - 1;
  stats.chunks++;
  t = performance.now();
  const report = analyze(collected.blocks.map(({ text, kind }) => ({ text, kind })), context);
  stats.coreMs += performance.now() - t;
  const added = [];
  for (const c of report.clauses) {
    const text = collected.blocks[c.block]?.text.slice(c.start, c.end) ?? '';
    const entry = { ...c, chunk: ci, text, index: state.clauses.length };
    state.clauses.push(entry);
    added.push(entry);
  }
  t = performance.now();
  paintChunk(chunk, added);
  stats.paintMs += performance.now() - t;
  stats.clauses = state.clauses.length;
  const last = collected.blocks[collected.blocks.length - 1];
  const previous = !last ? context.previous : last.kind !== 'heading' ? last.text : last.text.trim() ? '' : context.previous;
  return { section: report.section, previous };
}

/**
 * Yields to the event loop with a macrotask (a timer), so input, rendering and other timers run between
 * chunks. A timer rather than scheduler.yield(): yield() continuations are prioritised over other tasks,
 * which keeps input responsive but can starve the page's own timers during a long analysis.
 */
function yieldToEventLoop() {
  stats.yields++;
  root.dataset.clausemarkChunks = String(stats.yields);
  return nextTask();
}

function nextTask() {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

// ───────────────────────────── Painting and tooltips ─────────────────────────────

function paintChunk(chunk, clauses) {
  for (const c of clauses) c.range = rangeFor(chunk.map, c.block, c.start, c.end);
  // The shared painter repaints its whole list on each call; repainting only when the list has grown
  // by half since the last paint keeps the total painting work linear in the page size.
  if (state.clauses.length >= state.paintedCount * 1.5 + 1) {
    repaint();
    const ts = performance.now();
    renderSummary(false);
    stats.summaryMs += performance.now() - ts;
  }
}

/** Paints every analysed clause (painter indices are clause indices, used for hit testing). */
function repaint() {
  state.paintedCount = state.clauses.length;
  state.painter.paint(state.clauses, state.clauses.map((c) => c.range));
}

function enabledSet(s = state.settings) {
  if (s.allOff) return new Set();
  const hidden = new Set(s.hiddenPurposes);
  return new Set(state.taxonomy.purposes.map((p) => p.id).filter((id) => !hidden.has(id)));
}

function applySettings() {
  const s = state.settings;
  const enabled = enabledSet(s);
  state.painter.setVisible(enabled, s.onlyNotable);
  els.notableOnly.checked = s.onlyNotable;
  for (const li of els.purposes.children) {
    const on = enabled.has(li.dataset.purpose);
    li.querySelector('input').checked = on;
    li.firstChild.classList.toggle('is-off', !on);
  }
  for (const r of document.querySelectorAll('input[name="ui-format"]')) r.checked = r.value === s.copyFormat;
  root.dataset.clausemarkShown = String(state.painter.visibleIndices().length);
}

async function changeSettings(patch) {
  state.settings = await updateSettings(patch, state.settingsArea);
  applySettings();
}

// ───────────────────────────── Side panel ─────────────────────────────

function buildPurposeList() {
  els.purposes.replaceChildren();
  for (const p of state.taxonomy.purposes) {
    const li = document.createElement('li');
    li.dataset.purpose = p.id;
    const label = document.createElement('label');
    label.className = 'ui-purpose';
    label.title = p.description;
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.checked = true;
    box.setAttribute('aria-label', `Show ${p.label}`);
    box.addEventListener('change', () => {
      const hidden = new Set(state.settings.hiddenPurposes);
      if (box.checked) hidden.delete(p.id); else hidden.add(p.id);
      const patch = { hiddenPurposes: [...hidden] };
      if (box.checked && state.settings.allOff) {
        // Leaving "all off" by switching one purpose on: the others stay off.
        patch.allOff = false;
        patch.hiddenPurposes = state.taxonomy.purposes.map((x) => x.id).filter((id) => id !== p.id);
      }
      changeSettings(patch);
    });
    const chip = document.createElement('span');
    chip.className = 'ui-chip';
    chip.style.background = p.swatch;
    chip.textContent = p.short;
    const name = document.createElement('span');
    name.className = 'ui-purpose-label';
    name.textContent = p.label;
    // The count jumps through this purpose's clauses on the page (as in the extension's popup).
    const count = document.createElement('button');
    count.type = 'button';
    count.className = 'ui-count ui-jump';
    count.textContent = '0';
    count.title = `Jump to the next “${p.label}” clause`;
    count.addEventListener('click', (e) => {
      e.preventDefault(); // not a click on the label's checkbox
      jumpToPurpose(p.id);
    });
    const bar = document.createElement('span');
    bar.className = 'ui-bar';
    const fill = document.createElement('span');
    fill.style.background = p.swatch;
    fill.style.width = '0';
    bar.appendChild(fill);
    label.append(box, chip, name, count, bar);
    li.appendChild(label);
    els.purposes.appendChild(li);
  }
}

/** Counts per purpose, the stats tiles and the notable-provisions list (the list only when `full`). */
function renderSummary(full = true) {
  const counts = new Map(state.taxonomy.purposes.map((p) => [p.id, 0]));
  const byFlag = new Map(state.taxonomy.flags.map((f) => [f.id, []]));
  let flagged = 0;
  for (const c of state.clauses) {
    for (const p of c.purposes) counts.set(p.id, (counts.get(p.id) || 0) + 1);
    if (c.flags.length) flagged++;
    if (full) for (const f of c.flags) (byFlag.get(f.id) || byFlag.set(f.id, []).get(f.id)).push(c);
  }
  const max = Math.max(1, ...counts.values());
  for (const li of els.purposes.children) {
    const n = counts.get(li.dataset.purpose) || 0;
    li.querySelector('.ui-count').textContent = n.toLocaleString();
    li.querySelector('.ui-bar > span').style.width = `${(100 * n) / max}%`;
    li.firstChild.classList.toggle('is-empty', n === 0);
    li.dataset.count = String(n);
  }
  els.statClauses.textContent = state.clauses.length.toLocaleString();
  els.statFlags.textContent = flagged.toLocaleString();
  els.statMs.textContent = stats.ms ? formatMs(stats.ms) : '–';
  els.copySummary.disabled = els.copyAll.disabled = !state.clauses.length;
  if (!full) return;

  els.flags.replaceChildren();
  for (const f of state.taxonomy.flags) {
    const list = byFlag.get(f.id);
    if (!list.length) continue;
    const group = document.createElement('details');
    group.className = 'ui-flag-group';
    group.dataset.flag = f.id;
    const summary = document.createElement('summary');
    const name = document.createElement('span');
    name.className = 'ui-flag-name';
    name.textContent = f.label;
    const count = document.createElement('span');
    count.className = 'ui-count';
    count.textContent = list.length.toLocaleString();
    summary.append(name, count);
    const desc = document.createElement('p');
    desc.className = 'ui-flag-desc';
    desc.textContent = f.description;
    const ul = document.createElement('ul');
    ul.className = 'ui-flag-list';
    for (const c of list.slice(0, MAX_FLAG_LINKS)) {
      const li = document.createElement('li');
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'ui-flag-link';
      b.dataset.clause = String(c.index);
      // Where it is (its section) and its opening words; the flag's own sentence on hover.
      if (c.section) {
        const where = document.createElement('span');
        where.className = 'ui-flag-where';
        where.textContent = snippet(c.section, 60);
        b.appendChild(where);
      }
      const what = document.createElement('span');
      what.className = 'ui-flag-text';
      what.textContent = `“${snippet(c.text, 120)}”`;
      b.appendChild(what);
      b.title = snippet(c.flags.find((x) => x.id === f.id)?.sentence || c.summary, 300);
      b.addEventListener('click', () => goToClause(c));
      li.appendChild(b);
      ul.appendChild(li);
    }
    group.append(summary, desc, ul);
    if (list.length > MAX_FLAG_LINKS) {
      const more = document.createElement('p');
      more.className = 'ui-flag-more';
      more.textContent = `and ${(list.length - MAX_FLAG_LINKS).toLocaleString()} more (all are in "Copy all")`;
      group.appendChild(more);
    }
    els.flags.appendChild(group);
  }
  if (!els.flags.children.length) {
    const p = document.createElement('p');
    p.className = 'ui-flags-empty';
    p.textContent = state.clauses.length || root.dataset.clausemark === 'ready' ? 'None found on this page.' : 'Waiting for the analysis…';
    els.flags.appendChild(p);
  }
}

function snippet(s, max = 140) {
  const t = String(s || '').replace(/\s+/g, ' ').trim();
  if (t.length <= max) return t;
  const cut = t.lastIndexOf(' ', max - 1);
  return `${t.slice(0, cut > max / 2 ? cut : max - 1).replace(/[\s,;:.]+$/, '')}…`;
}

/** Goes to the next shown clause (after the focused one, wrapping) that has purpose `id`. */
function jumpToPurpose(id) {
  const n = state.clauses.length;
  for (let k = 1; k <= n; k++) {
    const i = (Math.max(state.focused, -1) + k + n) % n;
    const c = state.clauses[i];
    if (state.painter.isVisible(i) && c.purposes.some((p) => p.id === id)) {
      goToClause(c);
      return;
    }
  }
}

/** Scrolls a clause into view, marks it focused and opens its tooltip. */
function goToClause(c) {
  const range = state.painter.rangeOf(c.index) || c.range;
  if (!range) return;
  const node = range.startContainer;
  const el = node.nodeType === 1 ? node : node.parentElement;
  el?.scrollIntoView({ block: 'center', behavior: 'auto' });
  state.painter.focus(c.index);
  state.focused = c.index;
  requestAnimationFrame(() => showTooltipFor(c.index));
}

/**
 * Opens the tooltip for clause `i`, anchored below the whole clause (so it never hides the clause), or
 * below the line under the pointer when the clause is too tall for that.
 */
function showTooltipFor(i, pointer = null) {
  const range = state.painter.rangeOf(i);
  if (!range) return;
  let rect = range.getBoundingClientRect();
  if (rect.height > innerHeight * 0.35) {
    const lines = [...range.getClientRects()];
    rect = (pointer && lines.find((r) => pointer.y >= r.top && pointer.y <= r.bottom)) || lines[0] || rect;
  }
  state.tooltip.show(state.clauses[i], rect);
}

/** Hover: the shared painter finds the clause under the pointer; the shared tooltip explains it. */
function wireHover() {
  let pending = false;
  let last = null;
  let current = -1;
  let hideTimer = 0;
  const cancelHide = () => { clearTimeout(hideTimer); hideTimer = 0; };
  // Leaving a clause hides its tooltip after a moment, so the pointer can travel into it (to copy).
  const hideSoon = () => {
    if (!hideTimer) hideTimer = setTimeout(() => { hideTimer = 0; current = -1; state.tooltip.hide(); }, 350);
  };
  els.body.addEventListener('pointermove', (e) => {
    last = e;
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      const i = state.painter.clauseAtPoint(last.clientX, last.clientY);
      if (i < 0) { if (current >= 0) hideSoon(); return; }
      cancelHide();
      if (i === current && state.tooltip.isOpen()) return;
      current = i;
      showTooltipFor(i, { x: last.clientX, y: last.clientY });
    });
  });
  els.body.addEventListener('pointerleave', () => { if (current >= 0) hideSoon(); });
  document.addEventListener('pointermove', (e) => { if (state.tooltip.containsEvent(e)) cancelHide(); });
  // Keyboard: with the document focused, n / p (or j / k) step through the shown clauses.
  els.body.tabIndex = 0;
  els.body.setAttribute('aria-label', 'Analysed document. Press n or p to step through highlighted clauses.');
  els.body.addEventListener('keydown', (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const dir = e.key === 'n' || e.key === 'j' ? 1 : e.key === 'p' || e.key === 'k' ? -1 : 0;
    if (e.key === 'Escape') { state.tooltip.hide(); state.painter.focus(-1); return; }
    if (!dir) return;
    const shown = state.painter.visibleIndices();
    if (!shown.length) return;
    e.preventDefault();
    let pos = shown.indexOf(state.focused);
    pos = pos === -1 ? (dir > 0 ? 0 : shown.length - 1) : (pos + dir + shown.length) % shown.length;
    goToClause(state.clauses[shown[pos]]);
  });
}

// ───────────────────────────── Copy ─────────────────────────────

function formatContext() {
  const s = state.settings;
  return {
    title: state.source?.title || document.title,
    url: state.source?.url || location.href,
    date: new Date().toISOString().slice(0, 10),
    taxonomy: state.taxonomy,
    enabled: enabledSet(s),
  };
}

/** The clauses a copy includes: those currently shown (purpose toggles and "only notable" apply). */
function shownClauses(ctx) {
  return state.clauses.filter((c) => (!state.settings.onlyNotable || c.flags.length) && c.purposes.some((p) => ctx.enabled.has(p.id)));
}

async function copy(which) {
  const ctx = formatContext();
  const md = state.settings.copyFormat === 'markdown';
  const items = shownClauses(ctx);
  const text = which === 'all'
    ? (md ? reportToMarkdown : reportToText)(items, ctx)
    : (md ? reportToMarkdown : reportToText)(items.filter((c) => c.flags.length), ctx);
  await writeClipboard(text, `${which === 'all' ? 'All shown clauses' : 'Summary'} copied as ${md ? 'Markdown' : 'plain text'}.`);
}

async function copyClause(c) {
  const ctx = formatContext();
  const text = state.settings.copyFormat === 'markdown' ? clauseToMarkdown(c, ctx) : clauseToText(c, ctx);
  return writeClipboard(text, 'Clause copied.');
}

async function writeClipboard(text, message) {
  try {
    await navigator.clipboard.writeText(text);
    els.copyStatus.textContent = message;
    return true;
  } catch (e) {
    els.copyStatus.textContent = `Could not copy: ${e.message}`;
    return false;
  }
}

// ───────────────────────────── Input: select, paste, open, drop ─────────────────────────────

function wireUi() {
  els.policy.addEventListener('change', () => { if (els.policy.value) loadPolicy(els.policy.value).catch(fail); });
  els.open.addEventListener('click', () => els.file.click());
  els.file.addEventListener('change', () => {
    const f = els.file.files?.[0];
    if (f) loadFile(f).catch(fail);
    els.file.value = '';
  });
  els.pasteToggle.addEventListener('click', () => {
    const open = els.pastePanel.hidden;
    els.pastePanel.hidden = !open;
    els.pasteToggle.setAttribute('aria-expanded', String(open));
    if (open) els.paste.focus();
  });
  els.analyse.addEventListener('click', () => {
    const text = els.paste.value;
    if (text.trim()) loadUserText(text, looksLikeMarkdown(text) ? 'markdown' : 'text', 'Pasted text').catch(fail);
  });
  // Paste anywhere (outside other fields), or into the paste box: analysed at once.
  document.addEventListener('paste', (e) => {
    const t = e.target;
    const inOtherField = t instanceof HTMLElement && t !== els.paste && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
    if (inOtherField || !e.clipboardData) return;
    const html = e.clipboardData.getData('text/html');
    const text = e.clipboardData.getData('text/plain');
    if (!html.trim() && !text.trim()) return;
    e.preventDefault();
    if (t === els.paste) els.paste.value = text.length <= 200000 ? text : `${text.slice(0, 200000)}…`;
    const kind = html.trim() && htmlHasStructure(html) ? 'html' : looksLikeMarkdown(text) ? 'markdown' : 'text';
    loadUserText(kind === 'html' ? html : text, kind, 'Pasted text').catch(fail);
  });
  // Drop a file anywhere.
  let depth = 0;
  const hasFiles = (e) => [...(e.dataTransfer?.types || [])].includes('Files');
  window.addEventListener('dragenter', (e) => { if (hasFiles(e)) { depth++; els.drop.hidden = false; e.preventDefault(); } });
  window.addEventListener('dragover', (e) => { if (hasFiles(e)) e.preventDefault(); });
  window.addEventListener('dragleave', () => { if (--depth <= 0) { depth = 0; els.drop.hidden = true; } });
  window.addEventListener('drop', (e) => {
    depth = 0;
    els.drop.hidden = true;
    const f = e.dataTransfer?.files?.[0];
    if (!f) return;
    e.preventDefault();
    loadFile(f).catch(fail);
  });
  // Toggles and copy.
  els.allOn.addEventListener('click', () => changeSettings({ allOff: false, hiddenPurposes: [] }));
  els.allOff.addEventListener('click', () => changeSettings({ allOff: true }));
  els.notableOnly.addEventListener('change', () => changeSettings({ onlyNotable: els.notableOnly.checked }));
  for (const r of document.querySelectorAll('input[name="ui-format"]')) {
    r.addEventListener('change', () => { if (r.checked) changeSettings({ copyFormat: r.value }); });
  }
  els.copySummary.addEventListener('click', () => copy('summary'));
  els.copyAll.addEventListener('click', () => copy('all'));
}

/**
 * Pasted plain text is read as Markdown when several lines use its block syntax (headings, bullets,
 * tables) and some use its inline syntax (links, bold); otherwise each line is a paragraph.
 */
function looksLikeMarkdown(text) {
  const sample = text.slice(0, 200000);
  const blocks = (sample.match(/^(#{1,6} \S|\s{0,3}[*+-] {1,4}\S|\|.*\|\s*$|[=-]{3,}\s*$)/gm) || []).length;
  const inline = (sample.match(/\*\*[^*\n]+\*\*|\[[^\]\n]+\]\([^)\s]+\)/g) || []).length;
  return blocks >= 3 && inline >= 2;
}

/** Pasted HTML is used only when it carries block structure (else its plain text is better). */
function htmlHasStructure(html) {
  return /<(p|li|h[1-6]|td|div|br)\b/i.test(html);
}

function loadUserText(text, kind, title) {
  els.policy.value = '';
  const url = new URL(location.href);
  url.searchParams.delete('policy');
  url.hash = '';
  history.replaceState(null, '', url.href);
  return loadText(text, { kind, title, label: { html: 'Your HTML', markdown: 'Your Markdown', text: 'Your text' }[kind] });
}

async function loadFile(file) {
  const name = file.name || 'file';
  const ext = (name.match(/\.([a-z0-9]+)$/i)?.[1] || '').toLowerCase();
  const kind = ['html', 'htm', 'xhtml'].includes(ext) || file.type === 'text/html' ? 'html'
    : ['md', 'markdown', 'mdown'].includes(ext) || file.type === 'text/markdown' ? 'markdown'
      : ['txt', 'text', ''].includes(ext) || file.type.startsWith('text/') ? 'text' : null;
  if (!kind) throw new Error(`${name}: open a .html, .md or .txt file.`);
  if (file.size > MAX_INPUT_CHARS * 2) throw new Error(`${name} is too large for the demo (${formatChars(file.size)}).`);
  setStatus('analysing', `Reading ${name}…`);
  const text = await file.text();
  return loadUserText(text, kind, name);
}

// ───────────────────────────── Status ─────────────────────────────

function setStatus(state_, message) {
  root.dataset.clausemark = state_;
  els.statusText.textContent = message;
}

function setProgress(fraction) {
  const pct = Math.round(100 * Math.min(1, Math.max(0, fraction)));
  els.progressBar.style.width = `${pct}%`;
  els.progress.setAttribute('aria-valuenow', String(pct));
}

function formatMs(ms) {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10000 ? 2 : 1)} s`;
}

function formatChars(n) {
  if (n < 1024) return `${n} characters`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} K characters`;
  return `${(n / 1024 / 1024).toFixed(1)} M characters`;
}

function fail(e) {
  console.warn('clausemark demo:', e);
  root.dataset.clausemark = 'error';
  els.statusText.textContent = `Something went wrong: ${e?.message || e}`;
}

function exposeForTests() {
  window.clausemarkDemo = {
    stats,
    get taxonomy() { return state.taxonomy; },
    get clauses() { return state.clauses.map(({ range, ...c }) => c); },
    loadText: (text, opts) => loadText(text, { kind: 'text', title: 'Text', ...opts }),
  };
}
