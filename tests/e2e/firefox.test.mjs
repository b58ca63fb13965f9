// Firefox smoke test: `web-ext run` loads dist/extension as a temporary add-on in Debian's
// firefox-esr (headless) on a local policy page; the page reports its `data-clausemark` state and
// highlights back to the test server. Also: `web-ext lint` reports no errors. Skips cleanly when
// firefox-esr or the build is missing; time-bounded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { ROOT, EXT, startServer } from './harness.mjs';

const FIREFOX = process.env.FIREFOX || '/usr/bin/firefox-esr';
const WEB_EXT = join(ROOT, 'node_modules', '.bin', 'web-ext');
const built = existsSync(join(EXT, 'manifest.json'));

test('web-ext lint: no errors on the extension', { skip: !built || !existsSync(WEB_EXT) ? 'build or web-ext missing' : false, timeout: 90000 }, async () => {
  const out = await new Promise((resolve, reject) => {
    execFile(WEB_EXT, ['lint', '--source-dir', EXT, '--output', 'json', '--no-config-discovery'], { maxBuffer: 16 << 20 }, (err, stdout) => {
      if (stdout) resolve(stdout); else reject(err);
    });
  });
  const report = JSON.parse(out.slice(out.indexOf('{')));
  assert.deepEqual(report.errors.map((e) => `${e.code}: ${e.message} (${e.file})`), []);
});

test('Firefox: a policy page served with a strict CSP gets highlighted, with no CSP violation', { skip: !existsSync(FIREFOX) ? `no ${FIREFOX}` : !built ? 'run make build first' : false, timeout: 120000 }, async () => {
  const srv = await startServer();
  const profileHome = mkdtempSync(join(tmpdir(), 'clausemark-ff-'));
  const child = spawn(WEB_EXT, [
    'run', '--firefox', FIREFOX, '--arg=-headless', '--no-input', '--no-reload', '--no-config-discovery',
    '--source-dir', EXT, '--start-url', srv.url('/gen/report-privacy.html?csp=strict-report'),
  ], { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HOME: profileHome, MOZ_HEADLESS: '1' } });
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  try {
    const deadline = Date.now() + 90000;
    let last = null;
    while (Date.now() < deadline) {
      last = srv.reports.at(-1) || null;
      if (last && last.get('state') === 'ready' && Number(last.get('clauses')) > 0 && (last.get('highlights') || Number(last.get('marks')) > 0)) break;
      if (child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const states = srv.reports.map((r) => r.get('state'));
    assert.ok(last, `the page reported back (web-ext output: ${output.slice(-1500)})`);
    assert.equal(last.get('state'), 'ready', `states seen: ${states.join(' → ')}`);
    assert.ok(Number(last.get('clauses')) > 0);
    console.log(`firefox: ${last.toString()}`);
    assert.ok(last.get('highlights').split(',').some((h) => h.startsWith('clausemark-')) || Number(last.get('marks')) > 0, 'painted');
    assert.equal(last.get('violations'), '', 'no CSP violation on the page');
  } finally {
    try { process.kill(-child.pid, 'SIGTERM'); } catch { /* gone */ }
    await new Promise((r) => setTimeout(r, 500));
    try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
    await srv.close();
    rmSync(profileHome, { recursive: true, force: true });
  }
});
