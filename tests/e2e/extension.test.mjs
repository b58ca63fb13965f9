// The extension in Chromium (issue 4): highlights on TikTok.html for the founding-example clauses,
// page text untouched, tooltip on hover and keyboard focus, popup toggles and "Copy all", detector,
// disabling restores the page exactly (both painting paths), screenshots under tests/e2e/out/.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  SHARED, canRun, startServer, launch, record, waitForState, highlights, screenshot, tabIdOf, openPopup, setSettings, serviceWorker,
} from './harness.mjs';

const skip = canRun() === true ? false : canRun();
const SEEDS = readFileSync(join(SHARED, 'data', 'seed-purposes.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const norm = (s) => s.replace(/\s+/g, ' ').trim();

describe('extension in Chromium', { skip, timeout: 180000 }, () => {
  let srv;
  let b;
  let settingsPage; // an extension page to write settings from
  before(async () => {
    srv = await startServer();
    b = await launch();
    settingsPage = await b.context.newPage();
    await settingsPage.goto(`chrome-extension://${b.extId}/popup/popup.html?tab=-1`);
  });
  after(async () => {
    await b?.close();
    await srv?.close();
  });
  const reset = () => setSettings(settingsPage, { autoAnalyze: true, disabledSites: [], hiddenPurposes: [], onlyNotable: false, allOff: false, forceFallback: false });

  async function report(popup, tabId) {
    return popup.evaluate(async (id) => chrome.tabs.sendMessage(id, { type: 'POPUP_TO_CONTENT_GET_REPORT' }, { frameId: 0 }), tabId);
  }

  test('TikTok: founding-example clauses highlighted with their purposes; page text unchanged', async () => {
    await reset();
    const page = await b.context.newPage();
    const log = record(page);
    await page.goto(srv.url('/pages/TikTok.html'));
    assert.equal(await waitForState(page, ['ready', 'error']), 'ready');
    const count = Number(await page.getAttribute('html', 'data-clausemark-clauses'));
    assert.ok(count > 20, `many clauses highlighted (${count})`);
    const hl = await highlights(page);
    const names = Object.keys(hl);
    assert.ok(names.length >= 5, `several purpose highlights: ${names}`);
    assert.ok(names.every((n) => /^clausemark-[a-z-]+$/.test(n)));

    const tabId = await tabIdOf(b.context, b.extId, page);
    const popup = await openPopup(b.context, b.extId, tabId);
    const rep = await report(popup, tabId);
    // The toolbar badge shows the number of highlighted clauses.
    const sw = serviceWorker(b.context, b.extId);
    assert.equal(await sw.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId), String(rep.status.count));
    assert.equal(rep.status.count, count);
    const misses = [];
    for (const seed of SEEDS) {
      const want = norm(seed.text);
      const hits = rep.items.filter((it) => { const t = norm(it.text); return t.length > 20 && (want.includes(t) || t.includes(want.slice(0, 80))); });
      const got = new Set(hits.flatMap((it) => it.purposes.map((p) => p.id)));
      if (!hits.length || !got.has(seed.purposes[0])) misses.push(`${seed.purposes[0]}: got [${[...got]}] for "${want.slice(0, 50)}…"`);
      // Its first purpose's highlight (or a higher one it is painted in) holds the clause's text.
      for (const it of hits) {
        const painted = Object.entries(hl).filter(([n]) => n !== 'clausemark-multi' && n !== 'clausemark-focus').some(([, ts]) => ts.some((t) => norm(t) === norm(it.text)));
        assert.ok(painted, `clause painted: ${it.text.slice(0, 60)}`);
      }
    }
    assert.deepEqual(misses, [], 'every founding example gets its purpose');

    // Multi-purpose clauses are shown as such.
    assert.ok((hl['clausemark-multi'] || []).length > 0, 'clausemark-multi marks clauses with several purposes');
    // The page's text is unchanged (Highlight API: no DOM change at all).
    await screenshot(page, 'tiktok-highlighted.png');
    const painted = await page.evaluate(() => ({ text: document.body.innerText, html: document.body.innerHTML }));
    const plain = await b.context.newPage();
    await setSettings(settingsPage, { disabledSites: ['127.0.0.1'] });
    await plain.goto(srv.url('/pages/TikTok.html'));
    await waitForState(plain, ['off']);
    assert.equal(painted.text, await plain.evaluate(() => document.body.innerText));
    assert.equal(painted.html, await plain.evaluate(() => document.body.innerHTML));
    assert.deepEqual(log.errors, []);
    assert.deepEqual(log.console.filter((m) => /clausemark|error/i.test(m)), []);
    await Promise.all([popup.close(), plain.close(), page.close()]);
  });

  test('hover and keyboard focus open the tooltip; Escape closes it; Copy summary', async () => {
    await reset();
    await b.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: srv.origin });
    const page = await b.context.newPage();
    await page.goto(srv.url('/pages/TikTok.html'));
    await waitForState(page, ['ready']);
    // Hover: the middle of a highlighted clause's first line box.
    const seed = SEEDS.find((s) => s.purposes[0] === 'personalization');
    const pt = await page.evaluate((start) => {
      for (const [name, h] of CSS.highlights) {
        if (!name.startsWith('clausemark-') || name === 'clausemark-multi') continue;
        for (const r of h) {
          if (!r.toString().startsWith(start)) continue;
          r.startContainer.parentElement.scrollIntoView({ block: 'center' });
          const q = r.getClientRects()[0];
          return { x: q.left + Math.min(40, q.width / 2), y: q.top + q.height / 2 };
        }
      }
      return null;
    }, seed.text.slice(0, 30));
    assert.ok(pt, 'founding personalization clause is highlighted');
    await page.mouse.move(pt.x, pt.y);
    await page.mouse.move(pt.x + 3, pt.y);
    const panel = page.locator('clausemark-tooltip .panel');
    await panel.waitFor({ state: 'visible', timeout: 5000 });
    const text = await panel.innerText();
    assert.match(text, /PERS/);
    assert.match(text, /Personalization/);
    assert.match(text, /Summary:/);
    assert.match(text, /Copy summary/);
    // Inside the viewport.
    const box = await panel.boundingBox();
    const vp = page.viewportSize();
    assert.ok(box.x >= 0 && box.y >= 0 && box.x + box.width <= vp.width && box.y + box.height <= vp.height, `tooltip inside the viewport ${JSON.stringify(box)}`);
    await screenshot(page, 'tiktok-tooltip.png');
    // Copy summary from the tooltip puts the clause's Markdown on the clipboard.
    await panel.locator('button.copy').click();
    await page.locator('clausemark-tooltip .status').filter({ hasText: 'Copied' }).waitFor({ timeout: 5000 });
    const clip = await page.evaluate(() => navigator.clipboard.readText());
    assert.match(clip, /^- \*\*/);
    assert.match(clip, /Personalization \(PERS\)/);
    assert.match(clip, /#:~:text=/);
    // Escape closes.
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden', timeout: 3000 });

    // Keyboard: Alt+Shift+N focuses the next clause and opens its tooltip with focus inside.
    await page.mouse.move(5, 5);
    await page.keyboard.press('Alt+Shift+N');
    await panel.waitFor({ state: 'visible', timeout: 3000 });
    assert.equal(await page.evaluate(() => document.activeElement && document.activeElement.tagName), 'CLAUSEMARK-TOOLTIP');
    assert.ok((await highlights(page))['clausemark-focus'], 'the focused clause has a focus highlight');
    assert.equal(await page.locator('clausemark-tooltip .ring').isVisible(), true, 'and a focus ring');
    await screenshot(page, 'tiktok-keyboard.png');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.shadowRoot.activeElement.className), 'copy');
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden', timeout: 3000 });
    await page.close();
  });

  test('popup: a toggle hides a purpose at once; "Copy all" copies the expected Markdown of toggled-on purposes', async () => {
    await reset();
    const page = await b.context.newPage();
    await page.goto(srv.url('/pages/TikTok.html'));
    await waitForState(page, ['ready']);
    const tabId = await tabIdOf(b.context, b.extId, page);
    const popup = await openPopup(b.context, b.extId, tabId);
    await b.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: srv.origin });
    // The clipboard is shared: the popup writes it, the page (whose origin may read it) reads it back.
    const readClipboard = async () => { await page.bringToFront(); const t = await page.evaluate(() => navigator.clipboard.readText()); await popup.bringToFront(); return t; };
    const before = await page.evaluate(() => document.documentElement.getAttribute('data-clausemark-clauses'));
    assert.ok((await highlights(page))['clausemark-personalization'], 'personalization painted');
    const row = popup.locator('li[data-purpose="personalization"]');
    assert.ok(Number(await row.locator('button.count').innerText()) > 0, 'count shown');
    await screenshot(popup, 'popup.png', { fullPage: true });
    await row.locator('input[type=checkbox]').uncheck();
    await page.waitForFunction(() => !CSS.highlights.has('clausemark-personalization'), null, { timeout: 5000 });
    assert.equal(await page.evaluate(() => document.documentElement.getAttribute('data-clausemark-clauses')), before, 'no re-analysis');

    // Jump through a purpose's clauses from its count.
    await popup.locator('li[data-purpose="advertising"] button.count').click();
    await page.waitForFunction(() => CSS.highlights.has('clausemark-focus'), null, { timeout: 5000 });

    await popup.bringToFront();
    await popup.locator('#copyAll').click();
    await popup.locator('#copied').filter({ hasText: 'Copied' }).waitFor({ timeout: 5000 });
    const md = await readClipboard();
    assert.match(md, /^# Clausemark: TikTok Privacy Policy\n/);
    assert.ok(md.includes(`Page: <${srv.url('/pages/TikTok.html')}>`));
    assert.match(md, /\nDate: \d{4}-\d{2}-\d{2}\n/);
    assert.match(md, /\n## Provide services \(SERV\): \d+\n/);
    assert.match(md, /\n## Advertising & marketing \(ADS\): \d+\n/);
    assert.ok(!md.includes('## Personalization'), 'a purpose toggled off is not copied');
    const seed = SEEDS.find((s) => s.purposes[0] === 'provide-services');
    assert.ok(md.includes(`> ${seed.text.slice(0, 40)}`), 'the quoted founding clause');
    assert.match(md, /\[Go to this clause\]\(<http:\/\/127\.0\.0\.1:\d+\/pages\/TikTok\.html#:~:text=Provide%20and%20administer/);
    // Plain text too.
    await popup.locator('#copyText').click();
    await popup.locator('#copied').filter({ hasText: 'Copied' }).waitFor({ timeout: 5000 });
    assert.match(await readClipboard(), /^Clausemark: TikTok Privacy Policy\nPage: http/);

    // Only notable provisions, then all off.
    await popup.locator('#onlyNotable').check();
    await page.waitForFunction(() => [...CSS.highlights.keys()].filter((k) => k.startsWith('clausemark-')).length > 0, null, { timeout: 5000 });
    await popup.locator('#allOff').check();
    await page.waitForFunction(() => ![...CSS.highlights.keys()].some((k) => k.startsWith('clausemark-') && k !== 'clausemark-focus'), null, { timeout: 5000 });
    await Promise.all([popup.close(), page.close()]);
    await reset();
  });

  test('a page that is not a policy gets no highlights (and no engine work) unless asked', async () => {
    await reset();
    const sw = serviceWorker(b.context, b.extId);
    const calls = await sw.evaluate(() => globalThis.clausemarkStats.analyzeCalls);
    const page = await b.context.newPage();
    await page.goto(srv.url('/gen/recipes.html'));
    assert.equal(await waitForState(page, ['not-policy', 'ready', 'analysing']), 'not-policy');
    await page.waitForTimeout(300);
    assert.deepEqual(await highlights(page), {});
    assert.equal(await sw.evaluate(() => globalThis.clausemarkStats.analyzeCalls), calls, 'no analysis requested');
    const tabId = await tabIdOf(b.context, b.extId, page);
    const popup = await openPopup(b.context, b.extId, tabId);
    assert.match(await popup.textContent('#status'), /does not look like a privacy policy/);
    await popup.locator('#analyse').click();
    assert.equal(await waitForState(page, ['ready', 'error']), 'ready');
    assert.ok(Object.keys(await highlights(page)).length > 0, 'highlights once asked');
    // The keyboard command's path: the background asks the tab to analyse.
    await page.reload();
    assert.equal(await waitForState(page, ['not-policy', 'ready']), 'not-policy');
    await serviceWorker(b.context, b.extId).evaluate((id) => chrome.tabs.sendMessage(id, { type: 'BG_TO_CONTENT_ANALYZE' }), tabId);
    assert.equal(await waitForState(page, ['ready', 'error']), 'ready');
    await Promise.all([popup.close(), page.close()]);
  });

  test('a page not in English is not highlighted by itself; the popup says so and still offers the button', async () => {
    await reset();
    const page = await b.context.newPage();
    await page.goto(srv.url('/pages/Telegram.html'));
    assert.equal(await waitForState(page, ['not-policy', 'ready']), 'not-policy');
    const tabId = await tabIdOf(b.context, b.extId, page);
    const popup = await openPopup(b.context, b.extId, tabId);
    assert.equal(await popup.locator('#lang').isVisible(), true);
    assert.match(await popup.locator('#lang').innerText(), /Only English is supported yet/);
    assert.equal(await popup.locator('#analyse').isEnabled(), true);
    await Promise.all([popup.close(), page.close()]);
  });

  for (const forceFallback of [false, true]) {
    test(`disabling restores the page exactly (${forceFallback ? 'fallback <clausemark-mark>' : 'Highlight API'} painting)`, async () => {
      await reset();
      await setSettings(settingsPage, { autoAnalyze: false, forceFallback });
      const page = await b.context.newPage();
      const log = record(page);
      await page.goto(srv.url('/pages/Instagram.html'));
      await waitForState(page, ['not-policy']);
      const snap = () => page.evaluate(() => ({ html: document.body.innerHTML, text: document.body.innerText, nodes: document.body.querySelectorAll('*').length }));
      const original = await snap();
      const tabId = await tabIdOf(b.context, b.extId, page);
      const popup = await openPopup(b.context, b.extId, tabId);
      await popup.locator('#analyse').click();
      assert.equal(await waitForState(page, ['ready', 'error']), 'ready');
      const marks = await page.locator('clausemark-mark').count();
      if (forceFallback) {
        assert.ok(marks > 10, `fallback wraps text (${marks} marks)`);
        assert.deepEqual(await highlights(page), {}, 'no CSS highlights in fallback mode');
        await page.locator('clausemark-mark').nth(8).scrollIntoViewIfNeeded();
        await screenshot(page, 'instagram-fallback.png');
      } else {
        assert.equal(marks, 0);
        assert.ok(Object.keys(await highlights(page)).length > 0);
      }
      assert.equal(await page.evaluate(() => document.body.innerText), original.text, 'innerText unchanged while painted');
      // Switch Clausemark off for this site from the popup.
      await popup.locator('#settings summary').click();
      await popup.locator('#siteOff').check();
      assert.equal(await waitForState(page, ['off']), 'off');
      assert.deepEqual(await snap(), original, 'body restored exactly');
      assert.deepEqual(await highlights(page), {});
      assert.equal(await page.locator('clausemark-tooltip, clausemark-mark').count(), 0);
      assert.equal(await page.evaluate(() => document.documentElement.hasAttribute('data-clausemark-clauses')), false);
      assert.deepEqual(log.errors, []);
      await Promise.all([popup.close(), page.close()]);
      await reset();
    });
  }

  test('dark page: highlights and tooltip use the dark palette', async () => {
    await reset();
    const page = await b.context.newPage();
    await page.goto(srv.url('/gen/dark-privacy.html'));
    await waitForState(page, ['ready']);
    const pt = await page.evaluate(() => {
      const h = [...CSS.highlights].find(([n]) => n.startsWith('clausemark-') && n !== 'clausemark-multi')[1];
      const q = [...h][0].getClientRects()[0];
      return { x: q.left + 20, y: q.top + q.height / 2 };
    });
    await page.mouse.move(pt.x, pt.y);
    await page.mouse.move(pt.x + 2, pt.y);
    const panel = page.locator('clausemark-tooltip .panel');
    await panel.waitFor({ state: 'visible', timeout: 5000 });
    assert.equal(await panel.evaluate((p) => p.classList.contains('dark')), true);
    await screenshot(page, 'dark-tooltip.png');
    await page.close();
  });

  test('choices persist across a browser restart', async () => {
    const profile = mkdtempSync(join(tmpdir(), 'clausemark-persist-'));
    try {
      let browser = await launch({ profile });
      const ext = await browser.context.newPage();
      await ext.goto(`chrome-extension://${browser.extId}/popup/popup.html?tab=-1`);
      await setSettings(ext, { hiddenPurposes: ['advertising'] });
      await browser.close();
      browser = await launch({ profile });
      const page = await browser.context.newPage();
      await page.goto(srv.url('/pages/TikTok.html'));
      await waitForState(page, ['ready']);
      const names = Object.keys(await highlights(page));
      assert.ok(names.includes('clausemark-personalization'));
      assert.ok(!names.includes('clausemark-advertising'), 'advertising stays hidden after the restart');
      await browser.close();
    } finally {
      rmSync(profile, { recursive: true, force: true });
    }
  });
});
