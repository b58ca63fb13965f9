// Every page in ../shared/data/pages, loaded with and without the extension (issues 4 and 7): the
// extension adds no request to any origin and no console message, leaves document.body.innerText
// identical, and shifts no text (the real-* pages make their own requests and log their own errors:
// compared, not counted).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { canRun, startServer, launch, record, waitForState, pageNames } from './harness.mjs';

const skip = canRun() === true ? false : canRun();
const SETTLE_MS = 400;

async function snapshot(page) {
  return page.evaluate(() => ({
    text: document.body.innerText,
    // Positions of the first text blocks (layout shift check).
    rects: [...document.querySelectorAll('h1, h2, h3, p, li')].slice(0, 60).map((e) => { const r = e.getBoundingClientRect(); return [Math.round(r.left), Math.round(r.top + scrollY), Math.round(r.width), Math.round(r.height)]; }),
  }));
}

const origins = (urls) => new Set(urls.filter((u) => /^(https?|wss?):/.test(u)).map((u) => new URL(u).origin));

describe('every shared page, with and without the extension', { skip, timeout: 240000 }, () => {
  let srv;
  let withExt;
  let without;
  before(async () => {
    srv = await startServer();
    [withExt, without] = await Promise.all([launch(), launch({ extension: false })]);
  });
  after(async () => {
    await Promise.all([withExt?.close(), without?.close()]);
    await srv?.close();
  });

  for (const name of pageNames()) {
    test(name, async () => {
      const url = srv.url(`/pages/${name}`);
      const a = await without.context.newPage();
      const b = await withExt.context.newPage();
      const la = record(a);
      const lb = record(b);
      // Both loads at once (they are independent browsers).
      const [sa, [state, sb]] = await Promise.all([
        (async () => {
          await a.goto(url, { waitUntil: 'load' });
          await a.waitForTimeout(SETTLE_MS);
          return snapshot(a);
        })(),
        (async () => {
          await b.goto(url, { waitUntil: 'load' });
          const s = await waitForState(b, ['ready', 'not-policy', 'error'], 30000);
          await b.waitForTimeout(SETTLE_MS);
          return [s, await snapshot(b)];
        })(),
      ]);
      assert.notEqual(state, 'error');
      assert.equal(sb.text, sa.text, 'document.body.innerText identical');
      assert.deepEqual(sb.rects, sa.rects, 'no layout shift');
      const extra = [...origins(lb.requests)].filter((o) => !origins(la.requests).has(o));
      assert.deepEqual(extra, [], 'no request to an origin the page does not use itself');
      const localA = new Set(la.requests.filter((u) => u.startsWith(srv.origin)));
      assert.deepEqual(lb.requests.filter((u) => u.startsWith(srv.origin) && !localA.has(u)), [], 'no extra request to the page origin');
      const consoleA = new Set(la.console.map((m) => m.replace(/\d+/g, '#')));
      assert.deepEqual(lb.console.filter((m) => !consoleA.has(m.replace(/\d+/g, '#'))), [], 'no new console message');
      const errorsA = new Set(la.errors);
      assert.deepEqual(lb.errors.filter((e) => !errorsA.has(e)), [], 'no new page error');
      if (!name.startsWith('real-') && name !== 'Telegram.html') assert.equal(state, 'ready', 'rendered English policies are analysed by themselves');
      if (name === 'Telegram.html') assert.equal(state, 'not-policy', 'the German policy is not highlighted by itself');
      await Promise.all([a.close(), b.close()]);
    });
  }
});
