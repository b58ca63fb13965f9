// The content script (bundled into dist/extension/content.js by scripts/bundle-content.mjs).
// Runs on every http(s) page and frame. A cheap detector runs first; only on a policy-looking page
// (or when asked by the popup or the keyboard command) are blocks collected and sent, in chunks, to
// the engine in the background, and the result painted. Safe to inject twice (guard). One
// `cleanup()` undoes everything. Testability contract: `data-clausemark` on <html> is `analysing`,
// then `ready` (+ `data-clausemark-clauses`), or `not-policy`, `off`, `error`; removed on cleanup.

import { MSG, isMessage, fromExtensionPage } from '../shared/messages.js';
import { getSettings, onSettingsChanged, siteKey, enabledPurposes } from '../shared/settings.js';
import { clauseToMarkdown } from '../shared/format.js';
import { collectBlocksAsync, rangeFor } from './collect.js';
import { createPainter, isDarkPage } from './paint.js';
import { createTooltip } from './tooltip.js';
import { createMessageEngine } from './engine.js';
import { createMemory } from './memory.js';
import { looksLikePolicy, looksEnglish } from './detect.js';

const GUARD = '__clausemarkContentScript';
const CHUNK_CHARS = 128 * 1024; // ≤ 256 KB of UTF-8 per message for any text
const MIN_AUTO_CLAUSES = 3; // fewer purpose clauses than this: not a policy after all (auto mode)
const MUTATION_DEBOUNCE_MS = 400;
const MAX_RELOOKS = 5;
const HOVER_DELAY_MS = 200;
const ATTR = 'data-clausemark';
const ATTR_COUNT = 'data-clausemark-clauses';
const ATTR_CHUNKS = 'data-clausemark-chunks';

if (!globalThis[GUARD]) {
  globalThis[GUARD] = true;
  try {
    start();
  } catch {
    /* never throw into the page */
  }
}

function start() {
  const doc = document;
  const html = doc.documentElement;
  const rt = chrome.runtime;
  const extOrigin = rt.getURL('');
  const isFirefox = typeof navigator !== 'undefined' && /Firefox\//.test(navigator.userAgent);
  const host = siteKey(location.href);
  const startedAt = performance.now(); // for the benchmark's 'clausemark-start' mark

  let settings = null;
  let taxonomy = null;
  let state = '';
  let english = true;
  let painter = null;
  let tooltip = null;
  let map = null;
  let blocks = [];
  let items = []; // clauses with their text, in document order
  let runId = 0;
  let cancelled = false;
  let analysing = false;
  let dirty = false;
  let analysedOnce = false;
  let manualRun = false;
  let chunks = 0;
  let progress = 0;
  let observer = null;
  let debounce = 0;
  let port = null;
  let dead = false;
  let lookedAtLength = -1; // page text length when the density check said "not a policy"
  let reported = false;
  let aliveTimer = 0;
  let relooks = 0; // automatic second looks at a page that grew after "not a policy"
  const cache = new Map(); // section + \0 + block text → clauses relative to that block
  const jumpAt = new Map();
  const unsubscribers = [];

  const alive = () => {
    if (dead) return false;
    try {
      return !!(rt && rt.id);
    } catch {
      return false;
    }
  };

  const send = (msg) => {
    if (!alive()) return Promise.reject(new Error('clausemark: extension context gone'));
    try {
      return Promise.resolve(rt.sendMessage(msg));
    } catch (e) {
      return Promise.reject(e);
    }
  };
  const engine = createMessageEngine(send);
  // Policy memory: remembers this page's clauses, marks what changed since the last visit.
  const memory = createMemory({
    document: doc,
    send,
    top: globalThis === globalThis.top,
    jumpToItem: (i) => !!painter && painter.isVisible(i) && jumpTo(i),
    showTooltip: (clause, rect) => ensureTooltip().show(clause, rect, { focus: true }),
    dark: () => isDarkPage(doc),
    styleElement: isFirefox,
  });
  let cacheWithEmpty = false; // the cache holds every clause (memory needs them), not only painted ones

  // ---------- state and status
  function setState(s) {
    state = s;
    if (dead) return;
    html.setAttribute(ATTR, s);
    if (s === 'ready') html.setAttribute(ATTR_COUNT, String(paintedCount()));
    else html.removeAttribute(ATTR_COUNT);
    report();
  }
  function paintedCount() {
    return items.filter((it) => it.painted).length;
  }
  function visibleCount() {
    return painter ? painter.visibleIndices().length : 0;
  }
  function report() {
    // Pages that never get analysed never wake the background.
    if (!reported && state !== 'analysing' && state !== 'ready' && state !== 'error') return;
    reported = true;
    send({
      type: MSG.CONTENT_TO_BG_STATUS,
      status: { state, count: visibleCount(), total: paintedCount(), chunks, progress, english, title: doc.title.slice(0, 300) },
    }).catch(() => {});
  }

  // ---------- analysis
  function idle(fn) {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(fn, { timeout: 2000 });
    else setTimeout(fn, 200);
  }
  const yieldToPage = () => new Promise((r) => setTimeout(r, 0));
  const SLICE_MS = 8; // main-thread work between two yields to the page

  function sample(bs, max) {
    // The first `max` characters of the page's text (without joining all of it).
    const parts = [];
    let n = 0;
    for (let i = 0; i < bs.length && n < max; i++) {
      parts.push(bs[i].text);
      n += bs[i].text.length + 1;
    }
    return parts.join(' ');
  }

  function sectionsOf(bs) {
    // The section heading in force before each block (as the core computes it).
    const out = new Array(bs.length);
    let section = '';
    for (let i = 0; i < bs.length; i++) {
      out[i] = section;
      if (bs[i].kind === 'heading') {
        const h = bs[i].text.trim();
        if (h) section = [...h].slice(0, 200).join('');
      }
    }
    return out;
  }

  function previousOf(bs) {
    // The text of the block before each one in the same section, the first clause's context (as
    // the core reads it: a non-empty heading starts a section afresh).
    const out = new Array(bs.length);
    let previous = '';
    for (let i = 0; i < bs.length; i++) {
      out[i] = previous;
      if (bs[i].kind !== 'heading') previous = bs[i].text;
      else if (bs[i].text.trim()) previous = '';
    }
    return out;
  }

  function chunked(needed) {
    // Runs of blocks to send: each holds needed blocks (and the headings between them, which give
    // the core its section context), ≤ CHUNK_CHARS of text; a cached block in between ends a run.
    const out = [];
    let cur = [];
    let size = 0;
    const close = () => {
      while (cur.length && !needed[cur[cur.length - 1]]) cur.pop();
      if (cur.some((i) => needed[i])) out.push(cur);
      cur = [];
      size = 0;
    };
    for (let i = 0; i < blocks.length; i++) {
      const len = blocks[i].text.length;
      if (blocks[i].kind === 'heading') {
        if (cur.length) { cur.push(i); size += len; }
        continue;
      }
      if (!needed[i]) { close(); continue; }
      if (cur.length && size + len > CHUNK_CHARS) close();
      cur.push(i);
      size += len;
    }
    close();
    return out;
  }

  async function analyse({ manual = false } = {}) {
    if (dead) return;
    if (analysing) {
      dirty = true;
      if (manual) manualRun = true;
      return;
    }
    analysing = true;
    cancelled = false;
    dirty = false;
    manualRun = manual || manualRun;
    const my = ++runId;
    try {
      setState('analysing');
      const timing = { wasmMs: 0, instantiateMs: 0, chars: 0 }; // benchMark() detail
      benchMark('clausemark-start', { startTime: startedAt });
      benchMark('clausemark-analyse');
      chunks = 0;
      progress = 0;
      html.setAttribute(ATTR_CHUNKS, '0');
      warmEngine();
      const collectStart = performance.now();
      const collected = await collectBlocksAsync(doc, { shadow: true, cancelled: () => cancelled || my !== runId || dead });
      if (!collected) {
        // Cancelled while reading the page: keep what was painted before, if anything.
        if (my === runId && !dead) setState(painter ? 'ready' : 'not-policy');
        return;
      }
      collectMs = performance.now() - collectStart;
      blocks = collected.blocks;
      map = collected.map;
      english = looksEnglish(sample(blocks, 20000), 20000) && !/^(?!en)[a-z]{2}/i.test(html.lang || 'en');
      if (!english && !manualRun) {
        clearPaint();
        notPolicyAfterLook();
        return;
      }
      if (!taxonomy) taxonomy = await engine.taxonomy();
      if (my !== runId || dead) return;
      const sections = sectionsOf(blocks);
      const previous = previousOf(blocks);
      // A block's clauses depend on its section and the block before it (the classifier's context).
      const keyOf = (i) => sections[i] + '\0' + previous[i] + '\0' + blocks[i].text;
      const withEmpty = memory.wanted(settings, blocks);
      if (withEmpty !== cacheWithEmpty) { cache.clear(); cacheWithEmpty = withEmpty; }
      const needed = blocks.map((bl, i) => bl.kind !== 'heading' && !cache.has(keyOf(i)));
      const todo = needed.filter(Boolean);
      const runs = chunked(needed);
      let done = 0;
      for (const run of runs) {
        if (cancelled || my !== runId || dead) break;
        const result = await engine.analyze(run.map((i) => blocks[i]), { section: sections[run[0]], previous: previous[run[0]], includeEmpty: withEmpty });
        if (result.timings) {
          timing.wasmMs += result.timings.wasmMs || 0;
          timing.instantiateMs = result.timings.instantiateMs || 0;
          for (const i of run) timing.chars += blocks[i].text.length;
        }
        if (my !== runId || dead) return;
        const per = new Map(run.filter((i) => needed[i]).map((i) => [i, []]));
        for (const c of result.clauses) {
          const bi = run[c.block];
          if (per.has(bi)) per.get(bi).push(c);
        }
        for (const [bi, cs] of per) cache.set(keyOf(bi), cs);
        chunks++;
        done += per.size;
        progress = Math.round((100 * done) / Math.max(1, todo.length));
        html.setAttribute(ATTR_CHUNKS, String(chunks));
        sendProgress();
        await yieldToPage();
      }
      if (my !== runId || dead) return;
      // Every block's clauses (cached or fresh), with their text, in document order.
      items = [];
      for (let i = 0; i < blocks.length; i++) {
        const cs = blocks[i].kind === 'heading' ? null : cache.get(keyOf(i));
        if (!cs) continue;
        for (const c of cs) {
          if (!c.purposes || !c.purposes.length) continue;
          items.push({ ...c, block: i, text: blocks[i].text.slice(c.start, c.end) });
        }
      }
      if (!manualRun && !analysedOnce && !denseEnough()) {
        // Density check: too few purpose clauses for a policy.
        items = [];
        clearPaint();
        notPolicyAfterLook();
        return;
      }
      analysedOnce = true;
      const ranges = [];
      let sliceStart = performance.now();
      for (let k = 0; k < items.length; k++) {
        ranges.push(rangeFor(map, items[k].block, items[k].start, items[k].end));
        if ((k & 63) === 63 && performance.now() - sliceStart > SLICE_MS) {
          await yieldToPage();
          if (my !== runId || dead) return;
          sliceStart = performance.now();
        }
      }
      paintAll(ranges);
      benchMark('clausemark-highlighted', { detail: { ...timing, chunks, clauses: items.length } });
      if (benchOn()) requestAnimationFrame(() => setTimeout(() => benchMark('clausemark-painted'), 0));
      setState('ready');
      observe();
      // The policy memory (a message with every clause) waits until the highlights are painted.
      const memItems = items;
      const memMap = map;
      idle(() => {
        if (dead || my !== runId) return;
        memory.update({ blocks, clausesOf: (i) => cache.get(keyOf(i)), items: memItems, rangeFor: (b, s, e) => rangeFor(memMap, b, s, e), taxonomy, enabled: !!settings.memory, complete: withEmpty }).catch(() => {});
      });
    } catch (e) {
      if (!alive()) return teardown();
      if (my === runId) setState('error');
    } finally {
      analysing = false;
      if (dirty && !dead && !cancelled) setTimeout(() => analyse(), 0);
    }
  }

  // Asks for the taxonomy without waiting for it: the background instantiates (and warms) the
  // engine while this script collects the page's blocks, instead of after.
  function warmEngine() {
    if (!taxonomy) engine.taxonomy().catch(() => {});
  }

  // Performance marks for bench/browser.mjs, only when <html data-clausemark-bench> is set (so an
  // ordinary page's performance timeline, which analytics scripts may collect, never shows them).
  function benchOn() {
    return html.hasAttribute('data-clausemark-bench');
  }
  function benchMark(name, opts) {
    try {
      if (benchOn()) performance.mark(name, opts);
    } catch {
      /* never throw into the page */
    }
  }

  function denseEnough() {
    // Density of purpose clauses: enough of them, or a good share of the page's substantial blocks.
    if (items.length >= MIN_AUTO_CLAUSES) return true;
    const substantial = blocks.filter((bl) => bl.kind !== 'heading' && bl.text.trim().length >= 40).length;
    return items.length >= 1 && items.length / Math.max(1, substantial) >= 0.25;
  }

  function notPolicyAfterLook() {
    // Looked like a policy but is not (or not English): watch for the page growing a lot (an SPA
    // loading its text), not for every small change.
    lookedAtLength = textLength();
    setState('not-policy');
    observe();
  }
  function textLength() {
    return doc.body ? doc.body.textContent.length : 0;
  }

  function sendProgress() {
    send({ type: MSG.CONTENT_TO_BG_STATUS, status: { state: 'analysing', count: 0, total: 0, chunks, progress, english } }).catch(() => {});
  }

  function ensurePainter() {
    if (painter) return painter;
    painter = createPainter({ document: doc, taxonomy, fallback: !!settings.forceFallback, styleElement: isFirefox });
    return painter;
  }

  function paintAll(given) {
    const p = ensurePainter();
    const ranges = given || items.map((it) => rangeFor(map, it.block, it.start, it.end));
    pauseObserver(() => {
      for (const r of ranges) {
        const root = r && r.startContainer.getRootNode();
        if (root && root.nodeType === 11 && root.host) p.styleShadowRoot(root);
      }
      p.clear();
      applyVisibility(); // set before painting (nothing painted now), so the highlights are built once
      p.paint(items, ranges);
    });
    items.forEach((it, i) => { it.painted = !!ranges[i]; });
    ensurePort();
  }

  function applyVisibility() {
    if (!painter || !taxonomy) return;
    painter.setVisible(enabledPurposes(settings, taxonomy), settings.onlyNotable);
    if (tooltip && tooltip.isOpen()) {
      const i = items.indexOf(tooltip.current());
      if (i < 0 || !painter.isVisible(i)) tooltip.hide();
    }
  }

  function clearPaint() {
    if (tooltip) tooltip.hide();
    if (painter) pauseObserver(() => painter.destroy());
    painter = null;
  }

  // ---------- SPA changes
  function isOwnNode(n) {
    return n && n.nodeType === 1 && n.tagName.startsWith('CLAUSEMARK-');
  }
  function observe() {
    if (observer || dead) return;
    observer = new MutationObserver((records) => {
      if (!records.some(relevant)) return;
      if (!alive()) return teardown();
      clearTimeout(debounce);
      // Re-reading a huge page costs; wait longer there (≤ 10% of the time spent re-reading).
      debounce = setTimeout(onChange, Math.max(MUTATION_DEBOUNCE_MS, Math.min(60000, collectMs * 10)));
    });
    observer.observe(html, { childList: true, subtree: true, characterData: true });
  }
  function relevant(r) {
    if (isOwnNode(r.target) || (r.target.parentElement && r.target.parentElement.closest('clausemark-tooltip'))) return false;
    if (r.type === 'childList') {
      const all = [...r.addedNodes, ...r.removedNodes];
      return all.length > 0 && !all.every(isOwnNode);
    }
    return true;
  }
  function unchanged(now) {
    // Same blocks, same text, and every text node we painted still in place: nothing to redo.
    if (!map || now.blocks.length !== blocks.length) return false;
    for (let i = 0; i < blocks.length; i++) if (now.blocks[i].text !== blocks[i].text || now.blocks[i].kind !== blocks[i].kind) return false;
    for (const it of items) {
      const b = map.blocks[it.block];
      if (!b || !b.nodes.every((n, k) => n.isConnected && n.data.length === b.lens[k])) return false;
    }
    return true;
  }
  function pauseObserver(fn) {
    if (observer) observer.disconnect();
    try {
      fn();
    } finally {
      if (observer) {
        observer.observe(html, { childList: true, subtree: true, characterData: true });
      }
    }
  }
  function onChange() {
    if (dead || state === 'off') return;
    if (state === 'not-policy' || state === '') {
      if (!settings.autoAnalyze || !looksLikePolicy(doc).policy) return;
      if (lookedAtLength >= 0 && (textLength() < lookedAtLength + 200 || relooks >= MAX_RELOOKS)) return;
      if (lookedAtLength >= 0) relooks++;
      idle(() => analyse());
      return;
    }
    if (state === 'ready' && painter && painter.mode !== 'fallback' && !checking) {
      // Re-read the page in slices first: a ticking clock elsewhere on the page changes nothing.
      checking = true;
      const my = runId;
      collectBlocksAsync(doc, { shadow: true, cancelled: () => dead || my !== runId })
        .then((now) => {
          checking = false;
          if (now && !dead && my === runId && state === 'ready' && !unchanged(now)) analyse({ manual: manualRun });
        })
        .catch(() => { checking = false; });
      return;
    }
    if (painter && painter.mode === 'fallback') pauseObserver(() => painter.clear());
    analyse({ manual: manualRun });
  }

  // ---------- hover, keyboard, tooltip
  let hoverTimer = 0;
  let hideTimer = 0;
  let pending = null;
  let rafQueued = false;
  let hoverShown = false;
  let focusedIndex = -1;
  let checking = false; // a re-read after a mutation is running
  let collectMs = 0; // how long the last read of the page took

  function ensureTooltip() {
    if (tooltip) return tooltip;
    tooltip = createTooltip({
      document: doc,
      taxonomy,
      styleElement: isFirefox,
      dark: isDarkPage(doc),
      onCopy: copyClause,
      onHide: () => {
        hoverShown = false;
        focusedIndex = -1;
        if (painter) painter.focus(-1);
      },
    });
    return tooltip;
  }

  async function copyClause(clause) {
    const text = clauseToMarkdown(clause, ctx());
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      return false;
    }
  }
  function ctx() {
    return { title: doc.title, url: location.href, date: new Date().toISOString().slice(0, 10), taxonomy, enabled: enabledPurposes(settings, taxonomy) };
  }

  function anchorFor(i, x, y) {
    const r = painter.rangeOf(i);
    if (!r) return null;
    const rects = [...r.getClientRects()];
    if (x !== undefined) for (const q of rects) if (x >= q.left - 1 && x <= q.right + 1 && y >= q.top - 1 && y <= q.bottom + 1) return q;
    return rects[0] || r.getBoundingClientRect();
  }

  function onPointerMove(e) {
    if (!e.isTrusted || !painter || state !== 'ready') return; // page scripts cannot drive us
    pending = e;
    if (rafQueued) return;
    rafQueued = true;
    requestAnimationFrame(() => {
      rafQueued = false;
      const ev = pending;
      if (!ev || !painter) return;
      if (!alive()) return teardown();
      if (tooltip && tooltip.containsEvent(ev)) {
        clearTimeout(hideTimer);
        return;
      }
      const i = painter.clauseAtPoint(ev.clientX, ev.clientY);
      clearTimeout(hoverTimer);
      if (i >= 0) {
        clearTimeout(hideTimer);
        if (tooltip && tooltip.isOpen() && tooltip.current() === items[i]) return;
        hoverTimer = setTimeout(() => {
          const a = anchorFor(i, ev.clientX, ev.clientY);
          if (!a) return;
          ensureTooltip().show(items[i], a);
          hoverShown = true;
        }, HOVER_DELAY_MS);
      } else if (tooltip && tooltip.isOpen() && hoverShown) {
        clearTimeout(hideTimer);
        hideTimer = setTimeout(() => tooltip && hoverShown && tooltip.hide(), 350);
      }
    });
  }

  function jumpTo(i) {
    const r = painter && painter.rangeOf(i);
    if (!r) return false;
    const el = r.startContainer.nodeType === 1 ? r.startContainer : r.startContainer.parentElement;
    if (el) el.scrollIntoView({ block: 'center', inline: 'nearest', behavior: 'instant' });
    painter.focus(i);
    focusedIndex = i;
    const a = anchorFor(i);
    if (a) {
      const t = ensureTooltip();
      t.show(items[i], a, { focus: true });
      t.showRing(r.getBoundingClientRect());
    }
    hoverShown = false;
    return true;
  }

  function jumpList(filter) {
    if (!painter) return [];
    return painter.visibleIndices().filter((i) => filter(items[i]));
  }

  function jump({ purpose, flag, direction = 1 }) {
    const key = purpose ? `p:${purpose}` : flag ? `f:${flag}` : 'all';
    const list = jumpList((it) => (purpose ? it.purposes.some((p) => p.id === purpose) : flag ? it.flags.some((f) => f.id === flag) : true));
    if (!list.length) return { ok: true, index: -1, total: 0 };
    const prev = jumpAt.has(key) ? jumpAt.get(key) : -1;
    const k = (((prev + direction) % list.length) + list.length) % list.length;
    jumpAt.set(key, k);
    jumpTo(list[k]);
    return { ok: true, index: k, total: list.length };
  }

  function onKeyDown(e) {
    if (!e.isTrusted || !painter || state !== 'ready' || !e.altKey || !e.shiftKey || e.ctrlKey || e.metaKey) return;
    if (e.code !== 'KeyN' && e.code !== 'KeyP') return;
    if (!alive()) return teardown();
    e.preventDefault();
    e.stopPropagation();
    jump({ direction: e.code === 'KeyN' ? 1 : -1 });
  }

  let scrollQueued = false;
  function onScroll() {
    if (!tooltip || !tooltip.isOpen()) return;
    if (hoverShown) return tooltip.hide();
    // A keyboard-focused clause: keep its ring and tooltip with it.
    if (scrollQueued) return;
    scrollQueued = true;
    requestAnimationFrame(() => {
      scrollQueued = false;
      const r = painter && focusedIndex >= 0 && painter.rangeOf(focusedIndex);
      if (!r || !tooltip || !tooltip.isOpen()) return;
      tooltip.showRing(r.getBoundingClientRect());
      const a = anchorFor(focusedIndex);
      if (a) tooltip.reposition(a);
    });
  }

  // ---------- lifecycle
  function ensurePort() {
    if (port || dead) return;
    try {
      port = rt.connect({ name: 'clausemark-content' });
      port.onDisconnect.addListener(() => {
        port = null;
        try {
          void rt.lastError;
        } catch {
          /* context gone */
        }
        // Extension reloaded or removed: orphaned, clean up silently. (A stopped worker also breaks
        // the port; then the context is still alive and the port is reopened on the next paint.)
        const check = () => { if (!alive()) teardown(); };
        check();
        setTimeout(check, 300);
        setTimeout(check, 1500);
      });
      if (!aliveTimer) aliveTimer = setInterval(() => { if (!alive()) teardown(); }, 5000);
    } catch {
      teardown();
    }
  }

  function deactivate() {
    runId++;
    cancelled = true;
    clearTimeout(debounce);
    clearTimeout(hoverTimer);
    clearTimeout(hideTimer);
    if (observer) observer.disconnect();
    observer = null;
    clearPaint();
    memory.clear();
    if (tooltip) tooltip.destroy();
    tooltip = null;
    items = [];
    map = null;
    blocks = [];
    html.removeAttribute(ATTR);
    html.removeAttribute(ATTR_COUNT);
    html.removeAttribute(ATTR_CHUNKS);
  }

  /** Undoes everything this script did to the page and stops listening. */
  function cleanup() {
    deactivate();
    for (const u of unsubscribers.splice(0)) {
      try {
        u();
      } catch {
        /* context gone */
      }
    }
    if (port) {
      try {
        port.disconnect();
      } catch {
        /* gone */
      }
    }
    port = null;
  }
  function teardown() {
    clearInterval(aliveTimer);
    if (dead) return;
    cleanup();
    dead = true;
    globalThis[GUARD] = false;
  }

  function listen(target, type, fn, opts) {
    target.addEventListener(type, fn, opts);
    unsubscribers.push(() => target.removeEventListener(type, fn, opts));
  }

  function onMessage(msg, sender, sendResponse) {
    if (!isMessage(msg) || !fromExtensionPage(sender, rt.id, extOrigin)) return false;
    switch (msg.type) {
      case MSG.POPUP_TO_CONTENT_ANALYZE:
      case MSG.BG_TO_CONTENT_ANALYZE:
        if (state === 'off' && msg.type === MSG.BG_TO_CONTENT_ANALYZE) return false;
        cache.clear();
        analysedOnce = false;
        if (state === 'off') state = '';
        analyse({ manual: true });
        sendResponse({ ok: true });
        return false;
      case MSG.POPUP_TO_CONTENT_CANCEL:
        if (analysing) cancelled = true;
        sendResponse({ ok: true });
        return false;
      case MSG.POPUP_TO_CONTENT_GET_REPORT:
        sendResponse({
          ok: true,
          status: { state, count: visibleCount(), total: paintedCount(), chunks, progress, english },
          title: doc.title,
          url: location.href,
          items: items.map((it, i) => ({ index: i, text: it.text, summary: it.summary, section: it.section, purposes: it.purposes, flags: it.flags, visible: !!(painter && painter.isVisible(i)) })),
        });
        return false;
      case MSG.POPUP_TO_CONTENT_JUMP:
        if (Number.isInteger(msg.index)) {
          const okJump = !!painter && painter.isVisible(msg.index) && jumpTo(msg.index);
          sendResponse({ ok: true, index: okJump ? msg.index : -1, total: items.length });
        } else {
          sendResponse(jump({ purpose: typeof msg.purpose === 'string' ? msg.purpose : '', flag: typeof msg.flag === 'string' ? msg.flag : '' }));
        }
        return false;
      default:
        return memory.onMessage(msg, sendResponse) ?? false; // policy memory's report and jumps
    }
  }

  async function applySettings(next) {
    const before = settings;
    settings = next;
    if (dead) return;
    const off = next.disabledSites.includes(host);
    if (off) {
      if (state !== 'off') {
        deactivate();
        setState('off');
      }
      return;
    }
    if (before && state === 'off') {
      state = '';
      html.removeAttribute(ATTR);
      return begin();
    }
    if (before && before.forceFallback !== next.forceFallback && painter && items.length) {
      clearPaint(); // unwraps (fallback) so the page is read afresh; the analysis itself is cached
      return analyse({ manual: manualRun });
    }
    applyVisibility();
    if (state === 'ready') report();
    if (before && !before.autoAnalyze && next.autoAnalyze && state === 'not-policy') begin();
  }

  function begin() {
    if (settings.disabledSites.includes(host)) return setState('off');
    if (settings.autoAnalyze && looksLikePolicy(doc).policy) {
      warmEngine(); // the engine loads in the background while the page's blocks are collected
      idle(() => {
        if (!dead && state !== 'off' && !analysing && state !== 'ready') analyse();
      });
    } else {
      setState('not-policy');
      observe(); // an SPA may turn into a policy page later
    }
  }

  // ---------- go
  rt.onMessage.addListener(onMessage);
  unsubscribers.push(() => rt.onMessage.removeListener(onMessage));
  unsubscribers.push(onSettingsChanged((s) => applySettings(s)));
  listen(doc, 'pointermove', onPointerMove, { passive: true, capture: true });
  listen(doc, 'keydown', onKeyDown, { capture: true });
  listen(globalThis, 'scroll', onScroll, { passive: true, capture: true });

  getSettings()
    .then((s) => {
      settings = s;
      begin();
    })
    .catch(() => {
      if (!alive()) teardown();
    });
}
