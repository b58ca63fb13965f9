// Merges bench-out/{criterion,sizes,baseline,browser}.json into bench-out/summary.json (printed), then
// prints the budgets of issue 6 as a Markdown table (also written to bench-out/table.md), met or not.
// A missing input gives "not measured" rows, never a crash.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = process.argv[2] || join(root, 'bench-out');
const read = (name) => {
  const p = join(outDir, `${name}.json`);
  try {
    return existsSync(p) ? JSON.parse(readFileSync(p, 'utf8')) : null;
  } catch {
    return null;
  }
};
const criterion = read('criterion');
const sizes = read('sizes');
const baseline = read('baseline');
const browser = read('browser');

const KB = 1024;
const MB = 1024 * 1024;
const fmt = {
  ms: (x) => (x === null || x === undefined ? 'n/a' : `${Math.round(x)} ms`),
  mbps: (x) => (x === null || x === undefined ? 'n/a' : `${x >= 10 ? Math.round(x) : x.toFixed(1)} MB/s`),
  kb: (x) => (x === null || x === undefined ? 'n/a' : `${Math.round(x / KB)} KB`),
  mb: (x) => (x === null || x === undefined ? 'n/a' : `${x.toFixed(1)} MB`),
};

// ---------- the figures each budget looks at
const benches = (criterion && criterion.benchmarks) || [];
const byteBenches = benches.filter((b) => b.mb_per_s);
// The whole-corpus figure when there is one (an id naming all policies), else the slowest bench.
const allBench = byteBenches.find((b) => /\b(all|corpus|together|19)\b/i.test(b.id)) || byteBenches.reduce((a, b) => (!a || b.mb_per_s < a.mb_per_s ? b : a), null);
const clauseBench = benches.find((b) => b.elements_per_s && /\b(all|corpus|together|19)\b/i.test(b.id)) || null;
const pages = (browser && browser.pages) || {};
const pageList = Object.entries(pages);
const fb = pages['Facebook.html'] || null;
const big = pages['synthetic-5MB'] || null;
const wasmRates = pageList.map(([n, p]) => [n, p.wasmMBps]).filter(([, x]) => typeof x === 'number');
const minWasm = wasmRates.reduce((a, r) => (!a || r[1] < a[1] ? r : a), null);
const loafs = pageList.map(([n, p]) => [n, p.longestLoafMs ?? 0, p.longestTaskMs ?? 0]);
const worstLoaf = loafs.reduce((a, r) => (!a || r[1] > a[1] ? r : a), null);
const inst = pageList.map(([, p]) => p.instantiateMs).filter((x) => typeof x === 'number');
const maxInst = inst.length ? Math.max(...inst) : null;
const www = (browser && browser.www) || null;

const yes = (c) => (c === null || c === undefined ? null : !!c);
const rows = [
  {
    budget: 'Native core throughput (criterion, analyze on the 19 policies)', target: '≥ 50 MB/s',
    measured: allBench
      ? byteBenches.map((b) => `${fmt.mbps(b.mb_per_s)} (${b.id})`).join('; ') + (clauseBench ? `; ${clauseBench.elements_per_s} clauses/s` : '') + (criterion.invalid && criterion.invalid.length ? `; INVALID: ${criterion.invalid.join(', ')}` : '')
      : 'not measured',
    met: allBench && !(criterion.invalid && criterion.invalid.length) ? allBench.mb_per_s >= 50 : null,
  },
  {
    budget: 'WASM throughput in Chromium (text / time inside WASM)', target: '≥ 20 MB/s',
    measured: minWasm ? wasmRates.map(([n, x]) => `${n} ${fmt.mbps(x)}`).join('; ') + (fb && fb.warmWasmMBps ? ` (Facebook.html again, engine warm: ${fmt.mbps(fb.warmWasmMBps)})` : '') : 'not measured',
    met: minWasm ? minWasm[1] >= 20 : null,
  },
  {
    budget: 'Facebook.html: analysis start → all highlights painted', target: '≤ 100 ms',
    measured: fb ? `${fmt.ms(fb.analyseToPaintedMs)} (content script start → painted ${fmt.ms(fb.startToPaintedMs)}; engine warm: ${fmt.ms(fb.warmAnalyseToPaintedMs)})` : 'not measured',
    met: fb && typeof fb.analyseToPaintedMs === 'number' ? fb.analyseToPaintedMs <= 100 : null,
  },
  {
    budget: 'Longest main-thread frame caused by Clausemark, any page (LoAF holding a Clausemark task)', target: '≤ 50 ms',
    measured: worstLoaf ? loafs.map(([n, l, t]) => `${n} ${fmt.ms(l)} (task ${fmt.ms(t)})`).join('; ') : 'not measured',
    met: worstLoaf ? worstLoaf[1] <= 50 && loafs.every(([, , t]) => t <= 50) : null,
  },
  {
    budget: '5 MB page completes, with progress in the badge', target: 'yes',
    measured: big ? `${big.completed ? 'completed' : 'did not complete'} in ${fmt.ms(big.analyseToPaintedMs)} (${Math.round(big.bytes / MB)} MB, ${big.clauses} clauses); badge (one run): ${(big.badgeTexts || []).filter(Boolean).join(' ')}` : 'not measured',
    met: big ? yes(big.completed && big.badgeProgressSeen) : null,
  },
  {
    budget: '.wasm size, raw', target: '≤ 1 MB',
    measured: sizes ? fmt.kb(sizes.wasm_bytes) : 'not measured', met: sizes ? sizes.wasm_bytes <= MB : null,
  },
  {
    budget: '.wasm size, gzip -9', target: '≤ 300 KB',
    measured: sizes ? fmt.kb(sizes.wasm_gzip_bytes) : 'not measured', met: sizes ? sizes.wasm_gzip_bytes <= 300 * KB : null,
  },
  {
    budget: 'WASM instantiation (fetch + compile + instantiate, in the service worker)', target: '≤ 30 ms',
    measured: inst.length ? pageList.map(([n, p]) => `${n} ${fmt.ms(p.instantiateMs)}`).join('; ') : 'not measured',
    met: maxInst === null ? null : maxInst <= 30,
  },
  {
    budget: 'Extension zip (Chrome; Firefox)', target: '≤ 1 MB',
    measured: sizes ? `${fmt.kb(sizes.chrome_zip_bytes)}; ${fmt.kb(sizes.firefox_zip_bytes)}` : 'not measured',
    met: sizes ? sizes.chrome_zip_bytes <= MB && sizes.firefox_zip_bytes <= MB : null,
  },
  {
    budget: 'JS heap added on Facebook.html (after GC, with − without)', target: '≤ 10 MB',
    measured: fb ? fmt.mb(fb.heapAddedMB) : 'not measured',
    met: fb && typeof fb.heapAddedMB === 'number' ? fb.heapAddedMB <= 10 : null,
  },
  {
    budget: 'Faster than TF-IDF + LR per clause, at equal or better F1 (dev split)', target: 'speed ratio > 1, micro-F1 Δ ≥ 0',
    measured: baseline
      ? `${baseline.speed_ratio}× (${baseline.clausemark.clauses_per_second} vs ${baseline.baseline.clauses_per_second} clauses/s); micro-F1 ${baseline.clausemark.micro_f1} vs ${baseline.baseline.micro_f1} (Δ ${baseline.micro_f1_difference >= 0 ? '+' : ''}${baseline.micro_f1_difference}); macro-F1 Δ ${baseline.macro_f1_difference >= 0 ? '+' : ''}${baseline.macro_f1_difference}`
      : 'not measured',
    met: baseline ? baseline.speed_ratio > 1 && baseline.micro_f1_difference >= 0 : null,
  },
];

// ---------- details
const detail = [];
if (pageList.length) {
  detail.push('| page (extension) | clauses | chunks | start → painted | analysis → painted | of which in WASM | outside WASM before paint | highlighted → painted | WASM MB/s | instantiate | longest Clausemark task | longest Clausemark LoAF (blocking) | heap added |');
  detail.push('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const [n, p] of pageList) {
    detail.push(`| ${n} | ${p.clauses ?? 'n/a'} | ${p.chunks ?? 'n/a'} | ${fmt.ms(p.startToPaintedMs)} | ${fmt.ms(p.analyseToPaintedMs)} | ${fmt.ms(p.wasmMs)} | ${fmt.ms(p.outsideWasmMs)} | ${fmt.ms(p.highlightedToPaintedMs)} | ${fmt.mbps(p.wasmMBps)} | ${fmt.ms(p.instantiateMs)} | ${fmt.ms(p.longestTaskMs)}: ${(p.longestTaskParts || []).slice(0, 2).join(', ')} | ${fmt.ms(p.longestLoafMs)} (${fmt.ms(p.longestLoafBlockingMs)}) | ${fmt.mb(p.heapAddedMB)} |`);
  }
}
if (www) {
  detail.push('');
  detail.push('| www demo | clauses | load/paste → highlighted | analysis | in the core | core MB/s | longest LoAF | JS heap |');
  detail.push('|---|---|---|---|---|---|---|---|');
  if (www.default) detail.push(`| default policy (TikTok) | ${www.default.clauses} | ${fmt.ms(www.default.loadToHighlightedMs)} | ${fmt.ms(www.default.analysisMs)} | ${fmt.ms(www.default.coreMs)} | ${fmt.mbps(www.default.coreMBps)} | ${fmt.ms(www.default.longestLoafMs)} | ${fmt.mb(www.default.heapMB)} |`);
  if (www.paste5MB) detail.push(`| 5 MB paste | ${www.paste5MB.clauses} | ${fmt.ms(www.paste5MB.pasteToHighlightedMs)} | ${fmt.ms(www.paste5MB.analysisMs)} | ${fmt.ms(www.paste5MB.coreMs)} | ${fmt.mbps(www.paste5MB.coreMBps)} | ${fmt.ms(www.paste5MB.longestLoafMs)} | ${fmt.mb(www.paste5MB.heapMB)} |`);
}
if (benches.length) {
  detail.push('');
  detail.push('| criterion benchmark (native) | time / iteration | MB/s | elements/s |');
  detail.push('|---|---|---|---|');
  for (const b of benches) detail.push(`| ${b.id} | ${b.ms_per_iter} ms | ${b.mb_per_s ?? ''} | ${b.elements_per_s ?? ''} |`);
}

const machine = {
  nproc: os.cpus().length,
  cpu: (os.cpus()[0] || {}).model || null,
  memory_gb: Math.round(os.totalmem() / 1e9),
  loadavg_at_report: os.loadavg().map((x) => Math.round(x * 10) / 10),
  loadavg_at_browser_start: browser ? browser.loadavg : null,
  chromium: browser ? browser.chromium : null,
  node: process.version,
};

const table = [
  '| budget | target | measured | met |',
  '|---|---|---|---|',
  ...rows.map((r) => `| ${r.budget} | ${r.target} | ${r.measured} | ${r.met === null ? 'not measured' : r.met ? '**met**' : '**not met**'} |`),
].join('\n');
const md = `${table}\n\n${detail.join('\n')}\n`;
const summary = { date: new Date().toISOString(), machine, budgets: rows, criterion, sizes, baseline, browser };
writeFileSync(join(outDir, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
writeFileSync(join(outDir, 'table.md'), md);
process.stdout.write(JSON.stringify(summary, null, 2) + '\n\n' + md);
