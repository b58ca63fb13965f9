// The WASM export surface, loaded in Node exactly as built for the extension (dist/extension/pkg).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const pkg = join(process.env.CLAUSEMARK_EXT || join(root, 'dist', 'extension'), 'pkg');
const wasm = await import(join(pkg, 'clausemark.js'));
wasm.initSync({ module: readFileSync(join(pkg, 'clausemark_bg.wasm')) });

test('taxonomy lists the 13 purposes and 8 flags with fixed ids', () => {
  const t = wasm.taxonomy();
  assert.equal(t.purposes.length, 13);
  assert.equal(t.flags.length, 8);
  assert.equal(t.purposes[0].id, 'provide-services');
  assert.ok(t.purposes.every((p) => p.label && p.description && p.swatch && p.short));
  assert.match(wasm.version(), /^\d+\.\d+\.\d+/);
});

test('analyze returns UTF-16 offsets that slice the block text in JS', () => {
  const text = '😀 Intro 中文. We use your data for targeted advertising and marketing. 🎉 Done.';
  const report = wasm.analyze([{ text, kind: 'paragraph' }], { includeText: true, includeEmpty: true });
  assert.ok(report.clauses.length >= 1);
  for (const c of report.clauses) {
    assert.equal(text.slice(c.start, c.end), c.text, 'JS slice at UTF-16 offsets equals the clause');
    assert.ok(c.start < c.end && c.end <= text.length);
  }
  const ad = report.clauses.find((c) => c.purposes.some((p) => p.id === 'advertising'));
  assert.ok(ad, 'the advertising clause is found');
  assert.ok(ad.summary.length > 0);
});

test('headings carry section context across chunks', () => {
  const r1 = wasm.analyze([{ text: 'How We Use Your Information', kind: 'heading' }], {});
  assert.equal(r1.section, 'How We Use Your Information');
  const r2 = wasm.analyze([{ text: 'To show you advertising.', kind: 'item' }], { section: r1.section, includeEmpty: true });
  assert.equal(r2.clauses[0]?.section, 'How We Use Your Information');
});

test('the block before a chunk is its first clause\'s context, as in one whole analysis', () => {
  const blocks = [
    { text: 'Privacy', kind: 'heading' },
    { text: 'We use the information we collect for the following purposes:', kind: 'paragraph' },
    { text: 'Measuring how our features are used.', kind: 'item' },
    { text: 'Suggesting people you may know.', kind: 'item' },
  ];
  const ids = (c) => c.purposes.map((p) => p.id).join(',') + '|' + c.flags.map((f) => f.id).join(',');
  const whole = wasm.analyze(blocks, { includeEmpty: true }).clauses.map(ids);
  const first = wasm.analyze(blocks.slice(0, 2), { includeEmpty: true });
  const second = wasm.analyze(blocks.slice(2), { section: first.section, previous: blocks[1].text, includeEmpty: true });
  assert.deepEqual([...first.clauses, ...second.clauses].map(ids), whole);
  // classify() takes the same context: (text, section, previous).
  const c = wasm.classify(blocks[2].text, 'Privacy', blocks[1].text);
  assert.equal(c.purposes.map((p) => p.id).join(','), whole[1].split('|')[0]);
  assert.ok(Array.isArray(wasm.classify('We sell ads.').purposes));
});

test('bad input is a real Error, never a crash', () => {
  for (const bad of [42, 'text', [{ nope: 1 }], [{ text: 5 }], null]) {
    assert.throws(() => wasm.analyze(bad, {}), (e) => e instanceof Error && /clausemark/.test(e.message));
  }
  assert.throws(() => wasm.analyze([], { section: 7 }), Error);
  // Empty and odd input give a clean empty result.
  assert.deepEqual(wasm.analyze([], undefined).clauses, []);
  assert.deepEqual(wasm.analyze([{ text: '' }, { text: '   \u200b\u00a0 ' }], {}).clauses, []);
  const lone = wasm.analyze([{ text: 'advertising \ud800 lone surrogate' }], { includeText: true });
  assert.ok(Array.isArray(lone.clauses));
});

test('diffClauses aligns stored clause records; fingerprint is 16 hex digits', () => {
  const rec = (text, purposes = []) => ({ text, purposes, flags: [] });
  const older = [
    { text: 'How we use data', heading: true },
    rec('We collect your email address when you sign up.'),
    rec('We show you targeted ads based on your activity.', ['advertising']),
    rec('We sell your data to brokers.', ['advertising']),
  ];
  const newer = [
    rec('* We show you **targeted** ads based on your activity', ['advertising']),
    rec('We collect your email address and phone number when you sign up.'),
    rec('We keep logs for 30 days.'),
  ];
  const d = wasm.diffClauses(older, newer);
  assert.deepEqual(d, { added: [2], removed: [3], changed: [{ old: 1, new: 1 }], unchanged: 1 });
  assert.deepEqual(wasm.diffClauses(newer, [...newer].reverse()), { added: [], removed: [], changed: [], unchanged: 3 });
  assert.match(wasm.fingerprint('We collect data.'), /^[0-9a-f]{16}$/);
  assert.equal(wasm.fingerprint('We collect data.'), wasm.fingerprint('  we COLLECT “data”'));
  assert.notEqual(wasm.fingerprint('We keep it 30 days.'), wasm.fingerprint('We keep it 60 days.'));
  for (const bad of [42, [{ nope: 1 }], [{ text: 5 }], null]) {
    assert.throws(() => wasm.diffClauses(bad, []), (e) => e instanceof Error && /clausemark/.test(e.message));
  }
});

test('a result never depends on what was analysed before (fresh instance vs. later calls)', () => {
  const text = readFileSync(join(root, '..', 'shared', 'data', 'policies', 'Facebook.md'), 'utf8');
  const blocks = text.split(/\n\s*\n/).map((t) => ({ text: t, kind: /^#/.test(t) ? 'heading' : 'paragraph' }));
  // This file's instance has only seen tiny inputs so far; compare its first Facebook analysis
  // with the next ones.
  const first = wasm.analyze(blocks, {});
  const second = wasm.analyze(blocks, {});
  const third = wasm.analyze(blocks, {});
  assert.equal(first.clauses.length, second.clauses.length);
  assert.deepEqual(first.clauses, second.clauses);
  assert.deepEqual(second.clauses, third.clauses);
});

test('a fresh instance reads a page exactly as one that has read other pages first', async () => {
  // A second, untouched copy of the module (its own memory, so its own per-thread caches):
  // its very first call is the page below, whose first clauses have no heading above them.
  const fresh = await import(join(pkg, 'clausemark.js') + '?fresh');
  fresh.initSync({ module: readFileSync(join(pkg, 'clausemark_bg.wasm')) });
  const text = readFileSync(join(root, '..', 'shared', 'data', 'policies', 'TikTok.md'), 'utf8');
  const blocks = text.split(/\n\s*\n/).map((t) => ({ text: t, kind: /^#/.test(t) ? 'heading' : 'paragraph' }));
  const cold = fresh.analyze(blocks, {});
  wasm.analyze([{ text: 'Cookies', kind: 'heading' }, { text: 'We use cookies to show you ads.', kind: 'paragraph' }], {});
  const warm = wasm.analyze(blocks, {});
  assert.ok(cold.clauses.length > 50);
  assert.deepEqual(cold.clauses, warm.clauses);
});
