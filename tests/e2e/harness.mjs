// Browser-test harness: a local HTTP server (127.0.0.1, random port) serving ../shared/data/pages
// and generated test pages, Chromium with the unpacked extension (dist/extension) via playwright-core,
// and helpers to open the popup, record requests and console messages, and save screenshots under
// tests/e2e/out/ (ignored by git). Used by the extension and www test files.
import http from 'node:http';
import { readFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, readdirSync } from 'node:fs';
import { join, dirname, extname, normalize } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const EXT = process.env.CLAUSEMARK_EXT || join(ROOT, 'dist', 'extension'); // a private build may be tested instead
export const WWW = join(ROOT, 'dist', 'www');
export const SHARED = process.env.CLAUSEMARK_SHARED || join(ROOT, '..', 'shared');
export const PAGES = join(SHARED, 'data', 'pages');
export const OUT = join(ROOT, 'tests', 'e2e', 'out');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const STRICT_CSP = "default-src 'none'; script-src 'self'; style-src 'self'";

/** The names of the rendered and real pages in ../shared/data/pages. */
export function pageNames() {
  return existsSync(PAGES) ? readdirSync(PAGES).filter((f) => f.endsWith('.html')).sort() : [];
}

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.wasm': 'application/wasm', '.md': 'text/markdown; charset=utf-8', '.png': 'image/png', '.svg': 'image/svg+xml' };

const POLICY_PARAS = [
  'We use your information to show you targeted advertising and to measure how our ads perform.',
  'We share information with advertising partners for marketing and promotional purposes.',
  'We use your data to personalise your feed and recommend content you may like.',
  'We use information to detect fraud, prevent abuse and keep our platform secure.',
  'We may disclose information to law enforcement when required by law or a court order.',
  'We use your data to improve and develop our services, and to analyse how people use them.',
];

const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function doc(title, body, { head = '', lang = 'en' } = {}) {
  return `<!doctype html>\n<html lang="${lang}"><head><meta charset="utf-8"><title>${title}</title>${head}</head>\n<body>${body}</body></html>\n`;
}

/** Generated test pages: name → () => {body, headers?, type?}. */
export const GENERATED = {
  // A page that is not a policy (no policy words in URL, title or headings), with purpose-like text.
  'recipes.html': () => ({
    body: doc('Weekend recipes', `<h1>Weekend recipes</h1>${POLICY_PARAS.map((p) => `<p>${p}</p>`).join('\n')}<p>Whisk the eggs with sugar until pale, then fold in the flour.</p>`),
  }),
  // Served with a strict CSP: no inline script or style allowed; its script is same-origin.
  'strict-privacy-policy.html': () => ({
    headers: { 'Content-Security-Policy': STRICT_CSP },
    body: doc('Strict Privacy Policy', `<h1>Privacy Policy</h1><h2>How we use your information</h2>${POLICY_PARAS.map((p) => `<p>${p}</p>`).join('\n')}<script src="/gen/csp-probe.js"></script>`),
  }),
  'csp-probe.js': () => ({
    type: 'text/javascript',
    body: `window.__cspViolations = [];\ndocument.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));\n`,
  }),
  // Hostile text: markup-looking text, javascript: URLs, RTL overrides, a 10,000-character word.
  'hostile-privacy.html': () => ({
    body: doc('Hostile Privacy Policy', `<h1>Privacy Policy</h1>
<p id="h1">We use your data for targeted advertising &lt;img src=x onerror="window.__pwned=1"&gt; and &lt;/style&gt;&lt;script&gt;window.__pwned=2&lt;/script&gt; marketing.</p>
<p id="h2">We share data with advertising partners, see [click](javascript:window.__pwned=3) for marketing details.</p>
<p id="h3">We use your information for advertising \u202Egnitekram\u202C and promotional purposes.</p>
<p id="h4">We use your data for advertising ${'A'.repeat(10000)} and marketing.</p>
${POLICY_PARAS.map((p) => `<p>${p}</p>`).join('\n')}
<script>window.__pwned = 0; window.addEventListener('message', () => { window.__sawMessage = true; });
setTimeout(() => { window.postMessage({ type: 'POPUP_TO_CONTENT_ANALYZE' }, '*'); window.postMessage({ type: 'POPUP_TO_CONTENT_CANCEL' }, '*'); }, 50);</script>`),
  }),
  // A single-page app: replaces and appends the policy text after load via setTimeout + pushState.
  'spa-privacy.html': () => ({
    body: doc('Account privacy', `<h1>Privacy policy</h1><main id="app"><p>Loading…</p></main>
<script>
const paras = ${JSON.stringify(POLICY_PARAS)};
setTimeout(() => {
  history.pushState({}, '', '/gen/spa-privacy.html?step=1');
  const app = document.getElementById('app');
  app.replaceChildren(...paras.slice(0, 3).map((t) => { const p = document.createElement('p'); p.textContent = t; return p; }));
  window.__step = 1;
}, 300);
window.__next = () => {
  history.pushState({}, '', '/gen/spa-privacy.html?step=2');
  const app = document.getElementById('app');
  app.firstElementChild.remove();
  for (const t of paras.slice(3)) { const p = document.createElement('p'); p.textContent = t; app.append(p); }
  window.__step = 2;
};
</script>`),
  }),
  // A same-origin iframe and an open shadow root, each holding policy text.
  'frames-privacy.html': () => ({
    body: doc('Frames Privacy Policy', `<h1>Privacy Policy</h1><p>${POLICY_PARAS[0]}</p>
<div id="shadow-host"></div>
<iframe id="frame" src="/gen/frame-inner-privacy.html" style="width:600px;height:300px"></iframe>
<script>
const root = document.getElementById('shadow-host').attachShadow({ mode: 'open' });
const p = document.createElement('p'); p.id = 'in-shadow'; p.textContent = ${JSON.stringify(POLICY_PARAS[1])}; root.append(p);
</script>`),
  }),
  'frame-inner-privacy.html': () => ({
    body: doc('Inner privacy policy', `<h2>Privacy Policy: advertising</h2>${POLICY_PARAS.map((p) => `<p>${p}</p>`).join('\n')}`),
  }),
  // About 20 MB of policy text in many paragraphs.
  'huge-privacy.html': () => {
    const unit = POLICY_PARAS.map((p) => `<p>${p} ${'Lorem ipsum dolor sit amet consectetur. '.repeat(8)}</p>`).join('\n');
    const parts = [];
    let size = 0;
    let i = 0;
    while (size < 20 * 1024 * 1024) {
      const s = `<h2>Section ${i++}</h2>\n${unit}\n`;
      parts.push(s);
      size += s.length;
    }
    return { body: doc('Huge Privacy Policy', `<h1>Privacy Policy</h1>${parts.join('')}`) };
  },
  // Policy text nested 2,000 elements deep.
  'deep-privacy.html': () => {
    const depth = 2000;
    return { body: doc('Deep Privacy Policy', `<h1>Privacy Policy</h1>${'<div>'.repeat(depth)}<p id="deep">${POLICY_PARAS[0]}</p><p>${POLICY_PARAS[1]}</p><p>${POLICY_PARAS[2]}</p>${'</div>'.repeat(depth)}`) };
  },
  // A dark policy page.
  'dark-privacy.html': () => ({
    body: doc('Dark Privacy Policy', `<h1>Privacy Policy</h1>${POLICY_PARAS.map((p) => `<p>${p}</p>`).join('\n')}`, { head: '<style>html,body{background:#121212;color:#e6e6e6;font:16px/1.5 sans-serif;margin:24px}</style>' }),
  }),
  // Reports a value back to the server (Firefox smoke test): polls data-clausemark and fetches
  // /report. Its script is same-origin, so it also runs under the strict CSP (`?csp=strict-report`).
  'report-privacy.html': () => ({
    body: doc('Reporting Privacy Policy', `<h1>Privacy Policy</h1>${POLICY_PARAS.map((p) => `<p>${p}</p>`).join('\n')}<script src="/gen/report.js"></script>`),
  }),
  'report.js': () => ({
    type: 'text/javascript',
    body: `let last = '';
const violations = [];
document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
setInterval(() => {
  const s = document.documentElement.getAttribute('data-clausemark') || '';
  const n = document.documentElement.getAttribute('data-clausemark-clauses') || '';
  const h = (window.CSS && CSS.highlights) ? [...CSS.highlights.keys()].join(',') : '';
  const marks = document.querySelectorAll('clausemark-mark').length;
  const v = [s, n, h, marks, violations.join(',')].join('|');
  if (v !== last) { last = v; fetch('/report?state=' + encodeURIComponent(s) + '&clauses=' + n + '&highlights=' + encodeURIComponent(h) + '&marks=' + marks + '&violations=' + encodeURIComponent(violations.join(','))); }
}, 250);
`,
  }),
};

/**
 * Starts the test server. Routes: /pages/<file> (../shared/data/pages), /gen/<name> (generated),
 * /www/<path> (dist/www), /report?… (recorded in `reports`). `?csp=strict` on any page adds the strict
 * CSP header.
 * @returns {Promise<{origin: string, url: (p: string) => string, reports: URLSearchParams[], served: string[], close: () => Promise<void>}>}
 */
export async function startServer() {
  const reports = [];
  const served = [];
  const cache = new Map();
  const server = http.createServer((req, res) => {
    const u = new URL(req.url, 'http://127.0.0.1');
    served.push(u.pathname + u.search);
    const headers = { 'Cache-Control': 'no-store' };
    if (u.searchParams.get('csp') === 'strict') headers['Content-Security-Policy'] = STRICT_CSP;
    if (u.searchParams.get('csp') === 'strict-report') headers['Content-Security-Policy'] = `${STRICT_CSP}; connect-src 'self'`;
    const send = (status, body, type) => {
      res.writeHead(status, { ...headers, 'Content-Type': type || 'text/plain; charset=utf-8' });
      res.end(body);
    };
    if (u.pathname === '/report') {
      reports.push(u.searchParams);
      return send(204, '');
    }
    if (u.pathname === '/favicon.ico') return send(404, '');
    if (u.pathname.startsWith('/gen/')) {
      const name = u.pathname.slice(5);
      const gen = GENERATED[name];
      if (!gen) return send(404, 'not found');
      if (!cache.has(name)) cache.set(name, gen());
      const g = cache.get(name);
      Object.assign(headers, g.headers || {});
      return send(200, g.body, g.type ? `${g.type}; charset=utf-8` : TYPES['.html']);
    }
    const bases = [['/pages/', PAGES], ['/www/', WWW]];
    for (const [prefix, dir] of bases) {
      if (!u.pathname.startsWith(prefix)) continue;
      const rel = normalize(decodeURIComponent(u.pathname.slice(prefix.length))).replace(/^(\.\.[/\\])+/, '');
      const file = join(dir, rel || 'index.html');
      if (!file.startsWith(dir) || !existsSync(file)) return send(404, 'not found');
      return send(200, readFileSync(file), TYPES[extname(file)] || 'application/octet-stream');
    }
    send(404, 'not found');
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    url: (p) => origin + p,
    reports,
    served,
    close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r()); }),
  };
}

/**
 * Launches Chromium (persistent context in a temporary profile, or in `profile` which is then kept),
 * with the extension unless `extension: false`. Requests to any origin other than 127.0.0.1 are recorded, then aborted (the
 * machine is offline; aborting keeps the real-* pages fast and identical with and without extension).
 * @returns {Promise<{context, extId: string|null, sw, close: () => Promise<void>}>}
 */
export async function launch({ extension = true, profile: keep } = {}) {
  const profile = keep || mkdtempSync(join(tmpdir(), 'clausemark-e2e-'));
  const args = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-features=Translate,OptimizationHints,MediaRouter', '--lang=en-US'];
  if (extension) args.push(`--disable-extensions-except=${EXT}`, `--load-extension=${EXT}`);
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args,
    viewport: { width: 1200, height: 900 },
  });
  await context.route(/^(https?|wss?):\/\/(?!127\.0\.0\.1[:/])/, (route) => route.abort());
  let extId = null;
  let sw = null;
  if (extension) {
    sw = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://')) || (await context.waitForEvent('serviceworker', { timeout: 15000 }));
    extId = new URL(sw.url()).host;
  }
  return {
    context,
    extId,
    sw,
    close: async () => {
      await context.close().catch(() => {});
      if (!keep) rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The current service worker of the extension (it may have been restarted). */
export function serviceWorker(context, extId) {
  return context.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${extId}/`)) || null;
}

/**
 * Records a page's requests (URL strings), console messages ("type: text") and page errors.
 * Attach before navigating.
 */
export function record(page) {
  const log = { requests: [], console: [], errors: [] };
  page.on('request', (r) => log.requests.push(r.url()));
  page.on('console', (m) => log.console.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => log.errors.push(String(e && e.message)));
  return log;
}

/** Waits until `data-clausemark` on <html> is one of `states`; returns it. */
export async function waitForState(page, states = ['ready'], timeout = 20000) {
  const handle = await page.waitForFunction(
    (ss) => { const s = document.documentElement.getAttribute('data-clausemark'); return ss.includes(s) ? s : null; },
    states,
    { timeout, polling: 50 },
  );
  return handle.jsonValue();
}

/** The tab id of `page` (brings it to the front and asks the extension for the active tab). */
export async function tabIdOf(context, extId, page) {
  await page.bringToFront();
  const sw = serviceWorker(context, extId) || (await context.waitForEvent('serviceworker'));
  return sw.evaluate(async () => (await chrome.tabs.query({ active: true, lastFocusedWindow: true }))[0].id);
}

/** Opens the popup in a tab, bound to `tabId`; waits until it has loaded the page's state. */
export async function openPopup(context, extId, tabId) {
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extId}/popup/popup.html?tab=${tabId}`);
  await popup.waitForSelector('html[data-ready="1"]', { timeout: 15000 });
  return popup;
}

/** Writes settings through the extension's own settings module (from an extension page). */
export async function setSettings(extPage, patch) {
  await extPage.evaluate(async (p) => {
    const { updateSettings } = await import('/shared/settings.js');
    await updateSettings(p);
  }, patch);
}

/** Names of the clausemark highlights registered in the page, with their ranges' text (main world). */
export async function highlights(page) {
  return page.evaluate(() => {
    const out = {};
    if (!globalThis.CSS || !CSS.highlights) return out;
    for (const [name, h] of CSS.highlights) if (name.startsWith('clausemark-')) out[name] = [...h].map((r) => r.toString());
    return out;
  });
}

/** Saves a screenshot under tests/e2e/out/ and returns its path. */
export async function screenshot(page, name, opts = {}) {
  mkdirSync(OUT, { recursive: true });
  const path = join(OUT, name);
  await page.screenshot({ path, ...opts });
  return path;
}

/** True when the built extension and browser exist (tests skip otherwise, with a reason). */
export function canRun() {
  if (!existsSync(join(EXT, 'manifest.json'))) return 'dist/extension missing: run `make build` first';
  if (!existsSync(CHROMIUM)) return `no Chromium at ${CHROMIUM}`;
  return true;
}

export { esc };
