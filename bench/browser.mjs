// In-browser benchmark (issue 6): Chromium (playwright-core) with the unpacked extension on
// Facebook.html (largest rendered page), the real ChatGPT EU policy page and a synthetic 5 MB policy
// page; and the www/ demo (dist/www) on its default policy and a 5 MB paste. Prints one JSON object
// (medians over BENCH_RUNS runs, default 3) to stdout; progress goes to stderr.
//
// How each figure is obtained:
// - Extension timings come from performance marks the content script makes only when
//   <html data-clausemark-bench> is set (this script sets it from an init script):
//   clausemark-start (content script start), clausemark-analyse (analysis starts),
//   clausemark-highlighted (ranges handed to the painter; detail = {wasmMs, instantiateMs, chars,
//   chunks, clauses}, summed from the `timings` the background adds to each analyze report) and
//   clausemark-painted (the task after the next animation frame, i.e. once the highlights are on screen).
// - Longest main-thread task caused by Clausemark: Chromium does not attribute content-script
//   (isolated-world) code in Long Animation Frame `scripts[]` (checked: the list stays empty, so
//   `loafScriptsFromExtension` is reported as seen). So each run is also traced (CDP Tracing, with
//   the V8 sampling profiler): a main-thread task is Clausemark's when a sample or a script event in
//   it comes from chrome-extension://. Reported: the longest such task, and the longest Long
//   Animation Frame (main-world PerformanceObserver, buffered, from an init script) that contains one
//   (it adds the style/layout/paint the highlights cause).
// - JS heap added: CDP Performance.getMetrics JSHeapUsedSize after HeapProfiler.collectGarbage, with
//   the extension (after painting) minus without it (same page, same settle time).
// - The 5 MB page: the badge text is polled through the service worker while it is analysed.
import { writeFileSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { GENERATED, SHARED, canRun, launch, startServer, tabIdOf, serviceWorker } from '../tests/e2e/harness.mjs';

const RUNS = Math.max(1, Number(process.env.BENCH_RUNS) || 3);
const SYNTH_BYTES = 5 * 1024 * 1024;
const DEV = new Set(['Bluesky', 'Quora', 'Moltbook', 'X', 'Twitter']); // never used to build inputs
const SETTLE_MS = 500;
const log = (m) => process.stderr.write(`[bench:browser] ${m}\n`);

const PAGES = [
  { name: 'Facebook.html', path: '/pages/Facebook.html', warm: true },
  { name: 'real-ChatGPT', path: '/pages/real-ChatGPT_Privacy_Policy_policies_eu_privacy_policy.html' },
  { name: 'synthetic-5MB', path: '/gen/bench-5mb-privacy.html', big: true },
].filter((p) => !process.env.BENCH_PAGES || process.env.BENCH_PAGES.split(',').includes(p.name));
const WWW_ON = process.env.BENCH_WWW !== '0';

// ---------- inputs: train-platform policy text (English), repeated to 5 MB
function trainLines() {
  const dir = join(SHARED, 'data', 'policies');
  const out = [];
  for (const f of readdirSync(dir).sort()) {
    const name = f.replace(/\.md$/, '');
    if (!f.endsWith('.md') || DEV.has(name) || name === 'Telegram') continue; // Telegram's is German
    for (const raw of readFileSync(join(dir, f), 'utf8').split('\n')) {
      const heading = /^#{1,6}\s/.test(raw);
      const text = raw.replace(/^#{1,6}\s+|^\s*[-*+]\s+|^\s*\d+\.\s+/, '').replace(/[*_`|>]|\[|\]\([^)]*\)/g, '').trim();
      if (text) out.push({ heading, text });
    }
  }
  return out;
}
const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
function synthetic() {
  const lines = trainLines();
  const html = [];
  const plain = [];
  let n = 0;
  for (let i = 0; n < SYNTH_BYTES; i++) {
    const l = lines[i % lines.length];
    html.push(l.heading ? `<h2>${esc(l.text)}</h2>` : `<p>${esc(l.text)}</p>`);
    plain.push(l.text);
    n += Buffer.byteLength(l.text) + 1;
  }
  return {
    html: `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Privacy Policy</title></head>\n<body><h1>Privacy Policy</h1>\n${html.join('\n')}\n</body></html>\n`,
    text: plain.join('\n\n'),
    bytes: n,
  };
}

// ---------- helpers
const median = (xs) => {
  const v = xs.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};
const round = (x, d = 1) => (x === null || x === undefined ? null : Math.round(x * 10 ** d) / 10 ** d);
function medians(runs, key) {
  // Median of every numeric field over the runs (nested one level); other fields (lists, text) from
  // the median run by `key` (so a breakdown belongs to a run near the median).
  const out = {};
  const byKey = key ? [...runs].sort((a, b) => (a[key] ?? Infinity) - (b[key] ?? Infinity)) : runs;
  const mid = byKey[(byKey.length - 1) >> 1];
  for (const k of Object.keys(runs[runs.length - 1])) {
    const vals = runs.map((r) => r[k]);
    if (vals.every((v) => typeof v === 'number' || v === null || v === undefined)) out[k] = vals.some((v) => typeof v === 'number') ? round(median(vals), 2) : null;
    else if (vals.every((v) => v && typeof v === 'object' && !Array.isArray(v))) out[k] = medians(vals, key);
    else out[k] = mid[k];
  }
  return out;
}

// Set in every page before its scripts run: the bench flag and a buffered LoAF observer.
function initScript() {
  window.__cmLoaf = [];
  try {
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) {
        window.__cmLoaf.push({
          startTime: e.startTime, duration: e.duration, blockingDuration: e.blockingDuration,
          renderStart: e.renderStart, styleAndLayoutStart: e.styleAndLayoutStart,
          scripts: e.scripts.map((s) => ({ sourceURL: s.sourceURL, duration: s.duration, invoker: s.invoker })),
        });
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
  } catch { /* no LoAF */ }
  const flag = () => document.documentElement && document.documentElement.setAttribute('data-clausemark-bench', '');
  flag();
  document.addEventListener('DOMContentLoaded', flag);
}

const CATEGORIES = ['toplevel', 'devtools.timeline', 'blink.user_timing', 'v8.execute', 'disabled-by-default-v8.cpu_profiler'];
async function traceStart(cdp) {
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => { for (const x of e.value) events.push(x); });
  await cdp.send('Tracing.start', { transferMode: 'ReportEvents', traceConfig: { includedCategories: CATEGORIES } });
  return async () => {
    const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
    await cdp.send('Tracing.end');
    await done;
    return events;
  };
}

/**
 * Main-thread tasks of the page (the thread that recorded `markName`), each flagged when Clausemark's
 * code ran in it (a V8 sample whose stack holds a chrome-extension:// frame, or a script event from
 * there). Returns {tasks: [{ts, end, dur (ms), ext, extMs}], offsetMs} where trace time (µs) / 1000 =
 * performance time + offsetMs.
 */
export function analyseTrace(events, markName, markStartTime) {
  const mark = events.find((e) => e.name === markName && e.cat && e.cat.includes('blink.user_timing'));
  if (!mark) return null;
  const { pid, tid } = mark;
  const offsetMs = mark.ts / 1000 - markStartTime;
  const isExt = (u) => typeof u === 'string' && u.startsWith('chrome-extension://');
  // V8 samples of that thread.
  const profiles = new Map(); // id → {start, nodes: Map(id → {url, parent})}
  for (const e of events) {
    if (e.pid !== pid) continue;
    if (e.name === 'Profile' && e.tid === tid) profiles.set(e.id, { start: e.args.data.startTime, t: e.args.data.startTime, nodes: new Map() });
  }
  const samples = []; // [ts, ext]
  const extNode = new Map();
  for (const e of events) {
    if (e.name !== 'ProfileChunk' || e.pid !== pid || !profiles.has(e.id)) continue;
    const p = profiles.get(e.id);
    const cp = (e.args.data && e.args.data.cpuProfile) || {};
    for (const n of cp.nodes || []) p.nodes.set(n.id, { url: n.callFrame && n.callFrame.url, parent: n.parent });
    const deltas = e.args.data.timeDeltas || [];
    (cp.samples || []).forEach((id, i) => {
      p.t += deltas[i] || 0;
      const key = e.id + ':' + id;
      if (!extNode.has(key)) {
        let ext = false;
        for (let n = p.nodes.get(id), guard = 0; n && guard < 500; n = p.nodes.get(n.parent), guard++) if (isExt(n.url)) { ext = true; break; }
        extNode.set(key, ext);
      }
      samples.push([p.t, extNode.get(key)]);
    });
  }
  samples.sort((a, b) => a[0] - b[0]);
  const interval = samples.length > 1 ? median(samples.slice(1, 2000).map((s, i) => s[0] - samples[i][0])) / 1000 : 0.1;
  // Script events from the extension, ignoring sub-millisecond callbacks (e.g. the rAF that places the
  // benchmark's own 'clausemark-painted' mark, which runs inside the rendering task it measures).
  const scriptEvents = events.filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X' && e.dur >= 1000 && isExt(e.args && e.args.data && e.args.data.url));
  const tasks = [];
  for (const e of events
    .filter((x) => x.pid === pid && x.tid === tid && x.ph === 'X' && x.name === 'ThreadControllerImpl::RunTask')
    .sort((a, b) => a.ts - b.ts)) {
    const last = tasks[tasks.length - 1];
    if (last && e.ts < last.end) continue; // nested (a nested run loop): counted in the outer task
    tasks.push({ ts: e.ts, end: e.ts + e.dur, dur: e.dur / 1000 });
  }
  let si = 0;
  for (const t of tasks) {
    while (si < samples.length && samples[si][0] < t.ts) si++;
    let ext = 0;
    for (let j = si; j < samples.length && samples[j][0] <= t.end; j++) if (samples[j][1]) ext++;
    t.extMs = ext * interval;
    t.ext = ext > 0 || scriptEvents.some((s) => s.ts >= t.ts && s.ts <= t.end);
  }
  return { tasks, offsetMs, sampleMs: interval, pid, tid };
}

const PARTS = new Set(['FunctionCall', 'EvaluateScript', 'RunMicrotasks', 'TimerFire', 'FireIdleCallback', 'FireAnimationFrame', 'EventDispatch', 'UpdateLayoutTree', 'Layout', 'PrePaint', 'Paint', 'Layerize', 'ParseHTML', 'MinorGC', 'MajorGC', 'HitTest']);
/** What a task spent its time on: its biggest timeline events (for docs/BENCHMARKS.md). */
function breakdown(events, tr, task) {
  return events
    .filter((e) => e.pid === tr.pid && e.tid === tr.tid && e.ph === 'X' && PARTS.has(e.name) && e.ts >= task.ts && e.ts <= task.end && e.dur >= 2000)
    .sort((a, b) => b.dur - a.dur)
    .slice(0, 5)
    .map((e) => `${e.name}${e.args && e.args.data && e.args.data.url ? ' ' + String(e.args.data.url).replace(/^chrome-extension:\/\/[a-z]+/, 'ext') : ''} ${Math.round(e.dur / 1000)} ms`);
}

async function heapMB(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const m = metrics.find((x) => x.name === 'JSHeapUsedSize');
  return m ? m.value / 1048576 : null;
}

const marksOf = (page) => page.evaluate(() => Object.fromEntries(performance.getEntriesByType('mark').filter((m) => m.name.startsWith('clausemark-')).map((m) => [m.name, { t: m.startTime, detail: m.detail }])));

// ---------- one page with the extension (fresh browser: the engine is instantiated anew)
async function extensionRun(srv, spec) {
  const b = await launch();
  try {
    await b.context.addInitScript(initScript);
    const page = await b.context.newPage();
    const cdp = await b.context.newCDPSession(page);
    const stop = await traceStart(cdp);
    const badges = new Set();
    let polling = !!spec.big;
    let tabId = null;
    const poller = (async () => {
      while (polling) {
        try {
          if (tabId === null) tabId = await tabIdOf(b.context, b.extId, page);
          const sw = serviceWorker(b.context, b.extId);
          if (sw) badges.add(await sw.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId));
        } catch { /* navigating */ }
        await new Promise((r) => setTimeout(r, 150));
      }
    })();
    const problems = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => { if (/clausemark/i.test(m.text())) problems.push(`console: ${m.text()}`); });
    await page.goto(srv.url(spec.path), { waitUntil: 'load', timeout: 180000 });
    const painted = () => performance.getEntriesByName('clausemark-painted').length > 0;
    const finished = await page.waitForFunction(() => performance.getEntriesByName('clausemark-painted').length > 0 || ['not-policy', 'error'].includes(document.documentElement.getAttribute('data-clausemark')), null, { timeout: spec.big ? 150000 : 45000, polling: 100 }).then(() => true, () => false);
    let state = await page.evaluate(() => document.documentElement.getAttribute('data-clausemark'));
    if (!finished) {
      const chunks = await page.evaluate(() => document.documentElement.getAttribute('data-clausemark-chunks'));
      const sw = serviceWorker(b.context, b.extId);
      const stats = sw ? await sw.evaluate(() => globalThis.clausemarkStats).catch(() => null) : null;
      problems.push(`timed out in state '${state}' (chunks ${chunks}, worker stats ${JSON.stringify(stats)})`);
    }
    if (state === 'error') {
      // Not necessarily final (a later look may succeed): give it a while, and say so.
      const errorAt = await page.evaluate(() => performance.now());
      await page.waitForFunction(painted, null, { timeout: 15000, polling: 100 }).catch(() => {});
      state = await page.evaluate(() => document.documentElement.getAttribute('data-clausemark'));
      problems.push(`state was 'error' at ${Math.round(errorAt)} ms, then '${state}'`);
    }
    if (problems.length) log(`${spec.name}: ${problems.join('; ')}`);
    polling = false;
    await poller;
    await page.waitForTimeout(SETTLE_MS);
    if (spec.big && tabId !== null) {
      const sw = serviceWorker(b.context, b.extId);
      if (sw) badges.add(await sw.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId).catch(() => null));
    }
    const events = await stop();
    if (process.env.BENCH_DEBUG) writeFileSync(join(os.tmpdir(), `clausemark-bench-trace-${spec.name}.json`), JSON.stringify(events));
    const marks = await marksOf(page);
    const loafs = await page.evaluate(() => window.__cmLoaf);
    const heap = await heapMB(cdp);
    let warm = null;
    if (spec.warm) {
      // The same page again in the same browser: the engine is instantiated and V8 has compiled and
      // optimised the WASM, which the first (cold) analysis had to do as it went.
      const again = await b.context.newPage();
      await again.goto(srv.url(spec.path), { waitUntil: 'load', timeout: 180000 });
      await again.waitForFunction(() => performance.getEntriesByName('clausemark-painted').length > 0, null, { timeout: 120000, polling: 100 }).catch(() => {});
      const m2 = await marksOf(again);
      if (m2['clausemark-painted']) warm = { ...m2['clausemark-highlighted'].detail, analyseToPaintedMs: m2['clausemark-painted'].t - m2['clausemark-analyse'].t };
      await again.close();
    }
    const d = (marks['clausemark-highlighted'] && marks['clausemark-highlighted'].detail) || {};
    const tr = marks['clausemark-analyse'] ? analyseTrace(events, 'clausemark-analyse', marks['clausemark-analyse'].t) : null;
    let longestTask = null;
    let longestLoaf = null;
    if (tr) {
      const ext = tr.tasks.filter((t) => t.ext);
      longestTask = ext.reduce((a, t) => (!a || t.dur > a.dur ? t : a), null);
      if (process.env.BENCH_DEBUG) for (const t of ext.filter((x) => x.dur > 50)) log(`${spec.name}: task ${Math.round(t.dur)} ms at +${Math.round(t.ts / 1000 - tr.offsetMs - marks['clausemark-analyse'].t)} ms: ${breakdown(events, tr, t).join(', ')}`);
      // A frame is Clausemark's when it holds one of its tasks, or the moment it handed the
      // highlights to the painter (that frame's style/layout/paint is the highlights' cost).
      const paintAt = marks['clausemark-highlighted'] ? marks['clausemark-highlighted'].t : -1;
      for (const l of loafs) {
        const s = (l.startTime + tr.offsetMs) * 1000;
        const e = s + l.duration * 1000;
        const mine = ext.some((t) => t.ts < e && t.end > s) || (paintAt >= l.startTime && paintAt <= l.startTime + l.duration);
        if (mine && (!longestLoaf || l.duration > longestLoaf.duration)) longestLoaf = l;
      }
    }
    const at = (n) => (marks[n] ? marks[n].t : null);
    return {
      state,
      problems,
      clauses: d.clauses ?? null,
      chunks: d.chunks ?? null,
      chars: d.chars ?? null,
      startToPaintedMs: at('clausemark-painted') !== null ? at('clausemark-painted') - at('clausemark-start') : null,
      analyseToPaintedMs: at('clausemark-painted') !== null ? at('clausemark-painted') - at('clausemark-analyse') : null,
      analyseToHighlightedMs: at('clausemark-highlighted') !== null ? at('clausemark-highlighted') - at('clausemark-analyse') : null,
      highlightedToPaintedMs: at('clausemark-painted') !== null && at('clausemark-highlighted') !== null ? at('clausemark-painted') - at('clausemark-highlighted') : null,
      // analysis → highlighted that is not time inside WASM: collecting the blocks, engine load,
      // message round trips, building ranges and highlights.
      outsideWasmMs: at('clausemark-highlighted') !== null && d.wasmMs !== undefined ? at('clausemark-highlighted') - at('clausemark-analyse') - d.wasmMs : null,
      instantiateMs: d.instantiateMs ?? null,
      wasmMs: d.wasmMs ?? null,
      wasmMBps: d.wasmMs ? d.chars / 1e6 / (d.wasmMs / 1000) : null,
      warmAnalyseToPaintedMs: warm ? warm.analyseToPaintedMs : undefined,
      warmWasmMs: warm ? warm.wasmMs : undefined,
      warmWasmMBps: warm && warm.wasmMs ? warm.chars / 1e6 / (warm.wasmMs / 1000) : undefined,
      longestTaskMs: longestTask ? longestTask.dur : null,
      longestTaskClausemarkMs: longestTask ? longestTask.extMs : null,
      longestTaskParts: longestTask ? breakdown(events, tr, longestTask) : null,
      longestLoafMs: longestLoaf ? longestLoaf.duration : null,
      longestLoafBlockingMs: longestLoaf ? longestLoaf.blockingDuration : null,
      tasksOver50Ms: tr ? tr.tasks.filter((t) => t.ext && t.dur > 50).length : null,
      loafScriptsFromExtension: loafs.reduce((n, l) => n + l.scripts.filter((s) => String(s.sourceURL).startsWith('chrome-extension://')).length, 0),
      heapWithMB: heap,
      badgeTexts: spec.big ? [...badges].filter((x) => x !== null) : undefined,
    };
  } finally {
    await b.close();
  }
}

async function plainHeap(b, srv, spec) {
  const page = await b.context.newPage();
  try {
    const cdp = await b.context.newCDPSession(page);
    await page.goto(srv.url(spec.path), { waitUntil: 'load', timeout: 180000 });
    await page.waitForTimeout(SETTLE_MS);
    return await heapMB(cdp);
  } finally {
    await page.close();
  }
}

// ---------- the www demo (WASM on the page's own main thread, chunked)
async function wwwRun(b, srv, text) {
  const page = await b.context.newPage();
  try {
    const cdp = await b.context.newCDPSession(page);
    await page.goto(srv.url('/www/index.html'), { waitUntil: 'load' });
    const readyAt = await (await page.waitForFunction(() => {
      const s = document.documentElement.dataset.clausemark;
      return (s === 'ready' || s === 'error') && window.clausemarkDemo && window.clausemarkDemo.stats.runs > 0 ? performance.now() : 0;
    }, null, { timeout: 60000, polling: 20 })).jsonValue();
    await page.waitForTimeout(SETTLE_MS);
    // Every long frame on the demo page is the demo's own work (page load included for `default`).
    const wwwLoaf = (ls, from = 0) => ls.filter((l) => l.startTime + l.duration >= from).reduce((m, l) => Math.max(m, l.duration), 0);
    const def = await page.evaluate(() => ({ stats: { ...window.clausemarkDemo.stats }, clauses: window.clausemarkDemo.clauses.length, loafs: window.__cmLoaf }));
    const defHeap = await heapMB(cdp);
    const res = {
      default: {
        loadToHighlightedMs: readyAt,
        analysisMs: def.stats.ms,
        coreMs: def.stats.coreMs,
        coreMBps: def.stats.coreMs ? def.stats.chars / 1e6 / (def.stats.coreMs / 1000) : null,
        clauses: def.clauses,
        longestLoafMs: wwwLoaf(def.loafs),
        heapMB: defHeap,
      },
    };
    // 5 MB paste.
    const p = await page.evaluate(async (t) => {
      const root = document.documentElement;
      const runs = window.clausemarkDemo.stats.runs;
      const from = performance.now();
      const dt = new DataTransfer();
      dt.setData('text/plain', t);
      document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
      while (!(window.clausemarkDemo.stats.runs > runs && (root.dataset.clausemark === 'ready' || root.dataset.clausemark === 'error'))) await new Promise((r) => setTimeout(r, 20));
      const done = performance.now();
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      return { from, ms: done - from, paintedMs: performance.now() - from, state: root.dataset.clausemark, stats: { ...window.clausemarkDemo.stats }, clauses: window.clausemarkDemo.clauses.length };
    }, text);
    await page.waitForTimeout(SETTLE_MS);
    const loafs = await page.evaluate(() => window.__cmLoaf);
    res.paste5MB = {
      state: p.state,
      chars: p.stats.chars,
      pasteToHighlightedMs: p.paintedMs,
      analysisMs: p.stats.ms,
      coreMs: p.stats.coreMs,
      coreMBps: p.stats.coreMs ? p.stats.chars / 1e6 / (p.stats.coreMs / 1000) : null,
      chunks: p.stats.chunks,
      clauses: p.clauses,
      longestLoafMs: wwwLoaf(loafs, p.from),
      heapMB: await heapMB(cdp),
    };
    return res;
  } finally {
    await page.close();
  }
}

async function main() {
  const ok = canRun();
  if (ok !== true) throw new Error(ok);
  const synth = synthetic();
  GENERATED['bench-5mb-privacy.html'] = () => ({ body: synth.html });
  const srv = await startServer();
  const out = { runs: RUNS, chromium: null, loadavg: os.loadavg().map((x) => Math.round(x * 10) / 10), pages: {}, www: null };
  try {
    const without = await launch({ extension: false });
    await without.context.addInitScript(initScript);
    {
      const pg = await without.context.newPage();
      const v = await (await without.context.newCDPSession(pg)).send('Browser.getVersion');
      out.chromium = v.product;
      await pg.close();
    }
    try {
      const perPage = Object.fromEntries(PAGES.map((p) => [p.name, []]));
      const heapsWithout = Object.fromEntries(PAGES.map((p) => [p.name, []]));
      const www = [];
      for (let r = 0; r < RUNS; r++) {
        for (const spec of PAGES) {
          const t = Date.now();
          const res = await extensionRun(srv, spec);
          const h = await plainHeap(without, srv, spec);
          heapsWithout[spec.name].push(h);
          res.heapWithoutMB = h;
          res.heapAddedMB = res.heapWithMB !== null && h !== null ? res.heapWithMB - h : null;
          perPage[spec.name].push(res);
          log(`run ${r + 1}/${RUNS} ${spec.name}: ${res.state}, ${round(res.analyseToPaintedMs)} ms analyse→painted, wasm ${round(res.wasmMs)} ms, longest task ${round(res.longestTaskMs)} ms, LoAF ${round(res.longestLoafMs)} ms, heap +${round(res.heapAddedMB, 2)} MB (${((Date.now() - t) / 1000).toFixed(1)} s)`);
        }
        if (!WWW_ON) continue;
        const t = Date.now();
        www.push(await wwwRun(without, srv, synth.text));
        log(`run ${r + 1}/${RUNS} www: default ${round(www[r].default.analysisMs)} ms, 5 MB paste ${round(www[r].paste5MB.analysisMs)} ms (${((Date.now() - t) / 1000).toFixed(1)} s)`);
      }
      for (const spec of PAGES) {
        const runs = perPage[spec.name];
        const m = medians(runs.map(({ badgeTexts, ...rest }) => rest), 'longestTaskMs');
        if (spec.big) {
          m.badgeTexts = runs[runs.length - 1].badgeTexts; // one run's sequence
          m.badgeProgressSeen = runs.every((x) => (x.badgeTexts || []).some((s) => /^\d+%$|^…$/.test(s)));
          m.completed = runs.every((x) => x.state === 'ready');
          m.bytes = synth.bytes;
        }
        out.pages[spec.name] = m;
      }
      out.www = www.length ? medians(www) : null;
    } finally {
      await without.close();
    }
  } finally {
    await srv.close();
  }
  process.stdout.write(JSON.stringify(out, null, 2) + '\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((e) => {
    process.stderr.write(`[bench:browser] failed: ${(e && e.stack) || e}\n`);
    process.exit(1);
  });
}
