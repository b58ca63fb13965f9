// The background: a module service worker in Chromium, an event page (background.scripts, same file)
// in Firefox. It hosts the engine: the WASM core is instantiated here, in the extension's own
// context (a page's CSP cannot block it), lazily on the first request and again after the worker
// was stopped. It also keeps the per-tab status for the badge and the popup, and turns the keyboard
// command into a message to the tab. No network: the only fetch is the extension's own .wasm file.

import init, { analyze, taxonomy, version } from './pkg/clausemark.js';
import { MSG, isMessage, fromContentScript, fromExtensionPage } from './shared/messages.js';
import { memoryMessage } from './background-memory.js';

const api = globalThis.chrome;
const EXT_ORIGIN = api.runtime.getURL('');
const session = api.storage && api.storage.session; // survives a stopped worker, not a browser restart

// Counters for the browser tests (the worker's global is not reachable from any page).
const stats = { engineLoads: 0, analyzeCalls: 0 };
globalThis.clausemarkStats = stats;

let ready = null;
let instantiateMs = 0; // fetch + compile + instantiate of the last engine load (bench/browser.mjs)
function engine() {
  if (!ready) {
    stats.engineLoads++;
    const t0 = performance.now();
    ready = init({ module_or_path: api.runtime.getURL('pkg/clausemark_bg.wasm') }).then((v) => {
      instantiateMs = performance.now() - t0;
      setTimeout(warmUp, 0); // after the request that loaded the engine, before the next one
      return v;
    });
    ready.catch(() => { ready = null; });
  }
  return ready;
}

// V8 compiles WebAssembly function by function on first call: one small analysis right after
// loading compiles the core's hot paths (segmenter, classifier, explainer) while the content script
// is still collecting the page, instead of during the page's first analysis.
const WARM_UP = [
  { text: 'Privacy Policy', kind: 'heading' },
  { text: 'We collect your contact information, device identifiers and location when you use our services. We use this information to provide and improve the services, to personalise content and ads, to prevent fraud and to comply with legal obligations. We may share it with service providers and advertising partners, and with law enforcement when required by law. We do not sell your personal information. You can opt out of targeted advertising in your settings. We may update this policy from time to time.', kind: 'paragraph' },
  { text: 'We use your content to train our machine learning models, unless you opt out.', kind: 'item' },
];
let warmed = false;
function warmUp() {
  if (warmed) return;
  warmed = true;
  try { analyze(WARM_UP, { includeEmpty: true }); } catch { /* only a warm-up */ }
}

// ---------- per-tab status (frames report theirs), badge
const tabs = new Map(); // tabId → Map(frameId → status)
let restored = null;

function restore() {
  if (!restored) {
    restored = (session ? session.get('tabs').then((v) => {
      for (const [tabId, frames] of Object.entries((v && v.tabs) || {})) {
        if (!tabs.has(+tabId)) tabs.set(+tabId, new Map(Object.entries(frames).map(([f, s]) => [+f, s])));
      }
    }) : Promise.resolve()).catch(() => {});
  }
  return restored;
}
function persist() {
  if (!session) return;
  const out = {};
  for (const [tabId, frames] of tabs) out[tabId] = Object.fromEntries(frames);
  session.set({ tabs: out }).catch(() => {});
}

function badgeFor(tabId) {
  const frames = tabs.get(tabId);
  let text = '';
  let color = '#3b5bdb';
  if (frames) {
    let count = 0;
    let busy = null;
    let error = false;
    let anyReady = false;
    for (const s of frames.values()) {
      if (s.state === 'ready') { count += s.count || 0; anyReady = true; }
      if (s.state === 'analysing') busy = Math.max(busy || 0, s.progress || 0);
      if (s.state === 'error') error = true;
    }
    if (busy !== null) { text = busy > 0 && busy < 100 ? `${busy}%` : '…'; color = '#868e96'; }
    else if (anyReady) text = count > 999 ? '999+' : String(count);
    else if (error) { text = '!'; color = '#c92a2a'; }
  }
  const quiet = (f) => { try { Promise.resolve(f()).catch(() => {}); } catch { /* tab gone */ } };
  quiet(() => api.action.setBadgeText({ tabId, text }));
  if (text) quiet(() => api.action.setBadgeBackgroundColor({ tabId, color }));
}

function setStatus(tabId, frameId, status) {
  if (!tabs.has(tabId)) tabs.set(tabId, new Map());
  const clean = {
    state: String(status.state || '').slice(0, 20),
    count: Number(status.count) || 0,
    total: Number(status.total) || 0,
    chunks: Number(status.chunks) || 0,
    progress: Math.max(0, Math.min(100, Number(status.progress) || 0)),
    english: status.english !== false,
  };
  tabs.get(tabId).set(frameId, clean);
  badgeFor(tabId);
  persist();
}

// ---------- messages
function respond(promise, sendResponse) {
  promise.then(
    (v) => sendResponse({ ok: true, ...v }),
    (e) => sendResponse({ ok: false, error: String((e && e.message) || e).slice(0, 500) }),
  );
  return true; // keep the channel open for the async answer
}

api.runtime.onMessage.addListener((msg, sender, sendResponse) => {
  if (!isMessage(msg)) return false; // unknown types are ignored
  const fromContent = fromContentScript(sender, api.runtime.id);
  const fromPage = fromExtensionPage(sender, api.runtime.id, EXT_ORIGIN);
  const memory = memoryMessage(msg, sender, { fromContent, fromPage, engine }); // policy memory
  if (memory) return respond(memory, sendResponse);
  switch (msg.type) {
    case MSG.CONTENT_TO_BG_ANALYZE:
      if (!fromContent && !fromPage) return false;
      if (!Array.isArray(msg.blocks)) return respond(Promise.reject(new Error('blocks must be an array')), sendResponse);
      stats.analyzeCalls++;
      return respond(engine().then(() => {
        warmed = true; // a real analysis warms it as well
        const t0 = performance.now();
        const report = analyze(msg.blocks, msg.options && typeof msg.options === 'object' ? msg.options : {});
        // Timings for the benchmark, carried in the report (the content script sums them).
        report.timings = { instantiateMs, wasmMs: performance.now() - t0 };
        return { report };
      }), sendResponse);
    case MSG.CONTENT_TO_BG_TAXONOMY:
    case MSG.POPUP_TO_BG_TAXONOMY:
      if (!fromContent && !fromPage) return false;
      return respond(engine().then(() => ({ taxonomy: taxonomy(), version: version() })), sendResponse);
    case MSG.CONTENT_TO_BG_STATUS:
      if (!fromContent || !msg.status || typeof msg.status !== 'object') return false;
      restore().then(() => setStatus(sender.tab.id, sender.frameId || 0, msg.status));
      return false;
    case MSG.POPUP_TO_BG_TAB_STATE:
      if (!fromPage || typeof msg.tabId !== 'number') return false;
      return respond(restore().then(() => ({
        frames: [...(tabs.get(msg.tabId) || new Map())].map(([frameId, status]) => ({ frameId, status })),
      })), sendResponse);
    default:
      return false;
  }
});

// Content scripts keep a port open while their highlights are on the page: when the extension is
// reloaded or removed the port breaks and they clean up. Nothing to do here but accept it.
api.runtime.onConnect.addListener((port) => {
  if (port.name !== 'clausemark-content' || !port.sender || port.sender.id !== api.runtime.id) port.disconnect();
});

api.tabs.onRemoved.addListener((tabId) => {
  restore().then(() => { tabs.delete(tabId); persist(); });
});
api.tabs.onUpdated.addListener((tabId, info) => {
  if (info.status === 'loading') {
    restore().then(() => { tabs.delete(tabId); persist(); badgeFor(tabId); });
  }
});

if (api.commands && api.commands.onCommand) {
  api.commands.onCommand.addListener((command, tab) => {
    if (command !== 'analyse-page') return;
    const go = (id) => api.tabs.sendMessage(id, { type: MSG.BG_TO_CONTENT_ANALYZE }).catch(() => {});
    if (tab && typeof tab.id === 'number') go(tab.id);
    else api.tabs.query({ active: true, currentWindow: true }).then((ts) => ts[0] && go(ts[0].id));
  });
}
