// Policy memory in Chromium (issue 8): a TikTok policy version served at a fixed URL, then the next
// version at the same URL: the popup's change report (counts equal to `clausemark diff` on the same
// two pages), `clausemark-changed` highlights in the page, removed clauses listed, tooltips "Changed
// since …" with the old text; an unchanged revisit says so; comparison sentences after reading other
// policies; the popup's table; export → delete → import round trip; a bad import keeps memory;
// memory off stores nothing; a private-tab sender is refused (unit-level: Playwright cannot open an
// incognito window with the extension). Screenshots under tests/e2e/out/.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { readFileSync, readdirSync, writeFileSync, mkdtempSync, rmSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { ROOT, SHARED, PAGES, OUT, canRun, launch, waitForState, screenshot, tabIdOf, openPopup, setSettings, serviceWorker, esc } from './harness.mjs';
import { markdownBlocks } from '../../www/markdown.js';

const CLI = process.env.CLAUSEMARK_BIN || join(ROOT, 'target', 'release', 'clausemark');
const VERSIONS = join(SHARED, 'data', 'versions', 'TikTok');
const skip = canRun() !== true ? canRun() : !existsSync(CLI) ? `no ${CLI}: run \`make build\`` : !existsSync(VERSIONS) ? 'no TikTok versions' : false;
const norm = (s) => s.replace(/\s+/g, ' ').trim();

// ---------- a minimal Markdown → HTML page (the www reader's block tree, every text escaped)
function inline(list) {
  return (list || []).map((x) => {
    if (typeof x === 'string') return esc(x);
    if (x.t === 'br') return '<br>';
    if (x.t === 'code') return `<code>${esc(x.text)}</code>`;
    if (x.t === 'a') return `<a href="#">${inline(x.c)}</a>`;
    const tag = { strong: 'strong', em: 'em', del: 'del' }[x.t] || 'span';
    return `<${tag}>${inline(x.c)}</${tag}>`;
  }).join('');
}
function block(b) {
  switch (b.t) {
    case 'h': return `<h${Math.min(6, b.level)}>${inline(b.inl)}</h${Math.min(6, b.level)}>`;
    case 'p': return `<p>${inline(b.inl)}</p>`;
    case 'list': {
      const tag = b.ordered ? 'ol' : 'ul';
      const items = b.items.map((it) => `<li>${it.length === 1 && it[0].t === 'p' ? inline(it[0].inl) : it.map(block).join('')}</li>`);
      return `<${tag}>${items.join('')}</${tag}>`;
    }
    case 'quote': return `<blockquote>${b.blocks.map(block).join('')}</blockquote>`;
    case 'table': {
      const row = (cells, tag) => `<tr>${cells.map((c) => `<${tag}>${c.map((x) => (x.t === 'p' ? inline(x.inl) : block(x))).join(' ')}</${tag}>`).join('')}</tr>`;
      return `<table>${b.head ? row(b.head, 'th') : ''}${b.rows.map((r) => row(r, 'td')).join('')}</table>`;
    }
    case 'pre': return `<pre>${esc(b.text)}</pre>`;
    case 'hr': return '<hr>';
    default: return '';
  }
}
function page(md, title) {
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font:16px/1.5 Georgia,serif;max-width:760px;margin:24px auto;padding:0 16px;color:#222}</style></head>
<body><main>${markdownBlocks(md).map(block).join('\n')}</main></body></html>\n`;
}

// ---------- the test server: /policy/tiktok-privacy.html serves whichever version is current
function server(state) {
  const s = http.createServer((req, res) => {
    const u = new URL(req.url, 'http://127.0.0.1');
    const send = (status, body, headers = {}) => {
      res.writeHead(status, { 'Cache-Control': 'no-store', 'Content-Type': 'text/html; charset=utf-8', ...headers });
      res.end(body);
    };
    if (u.pathname === '/policy/tiktok-privacy.html') return send(200, state.html);
    if (u.pathname === '/old/tiktok-privacy') return send(302, '', { Location: '/policy/tiktok-privacy.html' });
    if (u.pathname.startsWith('/pages/')) {
      const f = join(PAGES, decodeURIComponent(u.pathname.slice(7)).replace(/[/\\]/g, ''));
      return existsSync(f) ? send(200, readFileSync(f)) : send(404, 'not found');
    }
    send(404, 'not found');
  });
  return new Promise((r) => s.listen(0, '127.0.0.1', () => r({
    url: (p) => `http://127.0.0.1:${s.address().port}${p}`,
    close: () => new Promise((q) => { s.closeAllConnections?.(); s.close(() => q()); }),
  })));
}

describe('policy memory in Chromium', { skip, timeout: 120000 }, () => {
  const files = skip ? [] : readdirSync(VERSIONS).filter((f) => f.endsWith('.md')).sort();
  const state = { html: '' };
  const html = files.slice(0, 2).map((f) => page(readFileSync(join(VERSIONS, f), 'utf8'), 'TikTok Privacy Policy'));
  let srv;
  let b;
  let ext; // an extension page (the popup bound to no tab) for settings and background messages
  let tmp;
  before(async () => {
    srv = await server(state);
    b = await launch();
    ext = await b.context.newPage();
    await ext.goto(`chrome-extension://${b.extId}/popup/popup.html?tab=-1`);
    await setSettings(ext, { autoAnalyze: true, disabledSites: [], memory: true });
    tmp = mkdtempSync(join(tmpdir(), 'clausemark-memory-'));
  });
  after(async () => {
    await b?.close();
    await srv?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  const bg = (msg) => ext.evaluate((m) => chrome.runtime.sendMessage(m), msg);
  const list = async () => (await bg({ type: 'POPUP_TO_BG_MEMORY_LIST' })).policies;
  const stats = () => serviceWorker(b.context, b.extId).evaluate(() => ({ ...globalThis.clausemarkMemoryStats }));
  async function popupFor(p) {
    const tabId = await tabIdOf(b.context, b.extId, p);
    const popup = await openPopup(b.context, b.extId, tabId);
    await popup.waitForSelector('html[data-memory-ready="1"]', { timeout: 15000 });
    return popup;
  }
  async function visit(p, url) {
    const before = (await stats()).remembered;
    await p.goto(url);
    assert.equal(await waitForState(p, ['ready', 'error']), 'ready');
    await p.waitForFunction(() => true);
    for (let i = 0; i < 100 && (await stats()).remembered === before; i++) await new Promise((r) => setTimeout(r, 50));
  }

  let changedReport;
  test('a new version at the same URL: change report in the popup and markers in the page', async () => {
    // Expected counts: the CLI on the same two pages.
    writeFileSync(join(tmp, 'v1.html'), html[0]);
    writeFileSync(join(tmp, 'v2.html'), html[1]);
    const want = JSON.parse(execFileSync(CLI, ['diff', join(tmp, 'v1.html'), join(tmp, 'v2.html')], { maxBuffer: 64 << 20 }).toString());
    assert.ok(want.added.length + want.removed.length + want.changed.length > 10, 'the two versions differ');

    const p = await b.context.newPage();
    state.html = html[0];
    // First visit through a redirect: remembered under the final URL.
    await visit(p, srv.url('/old/tiktok-privacy'));
    assert.equal(p.url(), srv.url('/policy/tiktok-privacy.html'));
    let popup = await popupFor(p);
    assert.match(await popup.textContent('#changes-status'), /First visit/);
    assert.deepEqual((await list()).map((x) => x.url), [srv.url('/policy/tiktok-privacy.html')]);
    assert.equal((await p.evaluate(() => CSS.highlights.get('clausemark-changed')?.size)) ?? 0, 0, 'first visit marks nothing');
    await popup.close();

    state.html = html[1];
    await p.goto('about:blank');
    await visit(p, srv.url('/policy/tiktok-privacy.html#section')); // the fragment is not part of the key
    popup = await popupFor(p);
    const status = await popup.textContent('#changes-status');
    assert.match(status, /^Changed since your visit on \d{1,2} \w{3} \d{4}: /);
    assert.ok(status.includes(`${want.added.length} added, ${want.removed.length} removed, ${want.changed.length} changed`), `${status} vs CLI ${want.added.length}/${want.removed.length}/${want.changed.length}`);
    // Removed clauses listed with their old text.
    const removed = await popup.$$eval('#changes-lists details[data-kind="removed"] li .old', (els) => els.map((e) => e.textContent));
    assert.equal(removed.length, want.removed.length);
    assert.ok(norm(removed[0]).startsWith(norm(want.removed[0].text).slice(0, 40)), `${removed[0]} / ${want.removed[0].text}`);
    // Added and changed clauses are marked in the page.
    const marked = await p.evaluate(() => [...(CSS.highlights.get('clausemark-changed') || [])].map((r) => r.toString()));
    assert.equal(marked.length, want.added.length + want.changed.length);
    const markedSet = new Set(marked.map(norm));
    for (const c of want.changed) assert.ok(markedSet.has(norm(c.new.text)), `marked: ${c.new.text.slice(0, 60)}`);
    changedReport = want;
    await popup.evaluate(() => { for (const d of document.querySelectorAll('#changes-lists details')) d.open = d.dataset.kind !== 'added'; });
    await popup.setViewportSize({ width: 400, height: 760 });
    const box = await popup.locator('#changes').boundingBox();
    await screenshot(popup, 'memory-popup-changes.png', { clip: { x: 0, y: 0, width: 400, height: Math.ceil(box.y + box.height + 12) } });

    // A changed clause that is painted: its tooltip says so and shows the old text.
    const target = want.changed.find((c) => c.new.purposes.length && c.new.text.length > 60) || want.changed[0];
    const pt = await p.evaluate((text) => {
      const n = (s) => s.replace(/\s+/g, ' ').trim();
      for (const r of CSS.highlights.get('clausemark-changed')) {
        if (n(r.toString()) !== n(text)) continue;
        r.startContainer.parentElement.scrollIntoView({ block: 'center' });
        const q = r.getClientRects()[0];
        const box = r.getBoundingClientRect();
        return { x: q.left + Math.min(30, q.width / 2), y: q.top + q.height / 2, clip: { x: 0, y: Math.max(0, box.top - 120), width: 1200, height: box.height + 240 } };
      }
      return null;
    }, target.new.text);
    assert.ok(pt);
    await screenshot(p, 'memory-changed-markers.png', { clip: pt.clip });
    await p.mouse.move(pt.x, pt.y);
    await p.mouse.move(pt.x + 2, pt.y);
    const panel = p.locator('clausemark-tooltip .panel');
    await panel.waitFor({ state: 'visible', timeout: 5000 });
    const tip = await panel.innerText();
    assert.match(tip, /Changed since your visit on/);
    assert.ok(norm(tip).includes(norm(target.old.text).slice(0, 40)), 'the old text is shown');
    await screenshot(p, 'memory-changed-tooltip.png');

    // Clicking an added clause in the popup jumps to it in the page.
    await popup.evaluate(() => { document.querySelector('#changes-lists details[data-kind="added"]').open = true; });
    await popup.click('#changes-lists details[data-kind="added"] li button');
    await p.waitForFunction(() => {
      const t = document.querySelector('clausemark-tooltip');
      return t && t.shadowRoot && /New since your visit on/.test(t.shadowRoot.textContent);
    }, null, { timeout: 5000 });
    await popup.close();

    // A later visit with no change says so and marks nothing.
    await visit(p, srv.url('/policy/tiktok-privacy.html'));
    popup = await popupFor(p);
    assert.match(await popup.textContent('#changes-status'), /^No changes since your visit on /);
    assert.match(await popup.textContent('.last-change'), new RegExp(`^Last change, seen on .*: ${want.added.length} added, ${want.removed.length} removed, ${want.changed.length} changed`));
    assert.equal((await p.evaluate(() => CSS.highlights.get('clausemark-changed')?.size)) ?? 0, 0);
    await Promise.all([popup.close(), p.close()]);
  });

  test('other policies: comparison sentences in the tooltip, table in the popup', async () => {
    const p = await b.context.newPage();
    await visit(p, srv.url('/pages/Instagram.html'));
    await visit(p, srv.url('/pages/TikTok.html'));
    // Hover a painted clause: the tooltip compares it with the 2 other policies read.
    const pt = await p.evaluate(() => {
      for (const [name, h] of CSS.highlights) {
        if (name !== 'clausemark-advertising') continue;
        for (const r of h) {
          if (r.toString().length < 60) continue;
          r.startContainer.parentElement.scrollIntoView({ block: 'center' });
          const q = r.getClientRects()[0];
          return { x: q.left + Math.min(30, q.width / 2), y: q.top + q.height / 2 };
        }
      }
      return null;
    });
    assert.ok(pt, 'an advertising clause');
    await p.mouse.move(pt.x, pt.y);
    await p.mouse.move(pt.x + 2, pt.y);
    const panel = p.locator('clausemark-tooltip .panel');
    await panel.waitFor({ state: 'visible', timeout: 5000 });
    const tip = await panel.innerText();
    assert.match(tip, /\d of 2 other policies you have read state the purpose “Advertising & marketing”/);
    const links = await panel.locator('.compare a').evaluateAll((as) => as.map((a) => a.href));
    assert.ok(links.length > 0 && links.every((h) => h.startsWith('http://127.0.0.1')), `${links}`);
    await screenshot(p, 'memory-compare-tooltip.png');
    const popup = await popupFor(p);
    await popup.evaluate(() => { document.getElementById('memory-table-box').open = true; });
    assert.equal(await popup.locator('#memory-table tbody tr').count(), 3);
    assert.equal(await popup.locator('#memory-table thead th').count(), 1 + 13 + 8);
    await popup.locator('#memory-table-box').scrollIntoViewIfNeeded();
    await popup.locator('#memory-table-box').screenshot({ path: join(OUT, 'memory-popup-table.png') });
    await Promise.all([popup.close(), p.close()]);
  });

  test('export → delete → import round trip; a bad file is refused and memory kept', async () => {
    const p = await b.context.newPage();
    await p.goto(srv.url('/pages/TikTok.html'));
    await waitForState(p, ['ready']);
    const popup = await popupFor(p);
    await popup.evaluate(() => { document.getElementById('settings').open = true; });
    const [download] = await Promise.all([popup.waitForEvent('download'), popup.click('#memory-export')]);
    const file = join(tmp, 'export.json');
    await download.saveAs(file);
    const data = JSON.parse(readFileSync(file, 'utf8'));
    assert.equal(data.format, 'clausemark-memory');
    assert.equal(data.version, 1);
    assert.equal(data.policies.length, 3);
    const tiktok = data.policies.find((x) => x.url.endsWith('/policy/tiktok-privacy.html'));
    assert.ok(tiktok.previous && tiktok.current.clauses.length > 100 && /^[0-9a-f]{16}$/.test(tiktok.current.clauses[0].fp));

    // Bad files: not JSON, foreign JSON, damaged clause. Nothing is lost.
    for (const [name, body, re] of [
      ['notes.txt', 'hello', /not JSON/],
      ['other.json', JSON.stringify({ format: 'something-else', policies: [] }), /not a Clausemark memory file/],
      ['damaged.json', JSON.stringify({ ...data, policies: [data.policies[0], { ...data.policies[1], current: { ...data.policies[1].current, clauses: [{ text: 5 }] } }] }), /damaged at policies\[1\]/],
    ]) {
      await popup.setInputFiles('#memory-import', { name, mimeType: 'application/json', buffer: Buffer.from(body) });
      await popup.waitForFunction((r) => new RegExp(r).test(document.getElementById('memory-msg').textContent), re.source, { timeout: 5000 });
      assert.ok(await popup.$eval('#memory-msg', (e) => e.classList.contains('error')));
      assert.match(await popup.textContent('#memory-msg'), /Your memory is unchanged/);
      assert.equal((await list()).length, 3);
    }

    await popup.click('#memory-delete');
    assert.match(await popup.textContent('#memory-confirm-text'), /Forget all 3 remembered policies/);
    await popup.click('#memory-delete-yes');
    await popup.waitForFunction(() => /Memory deleted/.test(document.getElementById('memory-msg').textContent));
    assert.equal((await list()).length, 0);

    await popup.setInputFiles('#memory-import', file);
    await popup.waitForFunction(() => /Imported 3 policies/.test(document.getElementById('memory-msg').textContent), null, { timeout: 5000 });
    const back = await bg({ type: 'POPUP_TO_BG_MEMORY_EXPORT' });
    assert.deepEqual(back.data.policies.map((x) => x.url).sort(), data.policies.map((x) => x.url).sort());
    assert.deepEqual(back.data.policies.find((x) => x.url === tiktok.url).current, tiktok.current);
    await Promise.all([popup.close(), p.close()]);
  });

  test('memory off stores nothing; a private tab is never recorded', async () => {
    await setSettings(ext, { memory: false });
    const p = await b.context.newPage();
    await p.goto(srv.url('/pages/Facebook.html'));
    await waitForState(p, ['ready']);
    const popup = await popupFor(p);
    assert.match(await popup.textContent('#changes-status'), /memory is off/i);
    assert.ok(!(await list()).some((x) => x.url.endsWith('/Facebook.html')), 'not stored');
    await Promise.all([popup.close(), p.close()]);
    await setSettings(ext, { memory: true });

    // Unit-level: the background's handler with a private (incognito) tab as the sender.
    const sw = serviceWorker(b.context, b.extId);
    const res = await sw.evaluate(async () => {
      const msg = { type: 'CONTENT_TO_BG_REMEMBER', url: 'https://private.example/privacy', title: 'Private', visit: 'v', clauses: [{ text: 'We sell your data.', purposes: ['advertising'], flags: [] }] };
      const sender = { id: chrome.runtime.id, tab: { id: 99, incognito: true }, frameId: 0, url: 'https://private.example/privacy' };
      return clausemarkMemoryMessage(msg, sender, { fromContent: true, fromPage: false, engine: async () => {} });
    });
    assert.equal(res.status, 'private');
    assert.ok(!(await list()).some((x) => x.url.includes('private.example')));
  });
});
