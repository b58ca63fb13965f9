// Policy memory's shared pure functions in Node (extension/shared/memory.js): URL keys, the import
// validation (every way a file can be foreign or damaged gives a clear error), counts, comparison
// sentences, change snippets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  memoryKey, validateImport, exportMemory, countsOf, compareSentences, changeSnippet, formatDate, MEMORY_FORMAT,
} from '../../extension/shared/memory.js';

const version = (clauses, seen = '2026-11-01T10:00:00.000Z') => ({ firstSeen: seen, seen, clauses });
const good = () => ({
  format: MEMORY_FORMAT,
  version: 1,
  policies: [
    { url: 'https://a.example/privacy#top', title: 'A', current: version([{ text: 'We sell data.', purposes: ['advertising'], flags: ['sale-or-ad-sharing'], fp: '0123456789abcdef' }, { text: 'Intro', heading: true }]), previous: null },
    { url: 'https://b.example/privacy?lang=en', title: 'B', current: version([{ text: 'We train AI.', purposes: ['ai-training'], flags: ['ai-training'] }]) },
  ],
});

test('memoryKey: no fragment, query kept, http(s) only', () => {
  assert.equal(memoryKey('https://x.example/p?lang=en#s2'), 'https://x.example/p?lang=en');
  assert.equal(memoryKey('file:///etc/passwd'), '');
  assert.equal(memoryKey('javascript:alert(1)'), '');
  assert.equal(memoryKey('not a url'), '');
});

test('validateImport accepts a good file and cleans it', () => {
  const out = validateImport(good());
  assert.equal(out.length, 2);
  assert.equal(out[0].url, 'https://a.example/privacy');
  assert.equal(out[0].current.clauses[1].heading, true);
  assert.equal(out[1].previous, null);
  assert.deepEqual(out[1].current.clauses[0].purposes, ['ai-training']);
  // Round trip through the export envelope.
  assert.deepEqual(validateImport(JSON.parse(JSON.stringify(exportMemory(out)))), out);
});

test('validateImport refuses foreign and damaged files with a clear message', () => {
  const cases = [
    [null, /not a Clausemark memory file/],
    [[1, 2], /not a Clausemark memory file/],
    [{ format: 'other', version: 1, policies: [] }, /not a Clausemark memory file.*"other"/],
    [{ ...good(), version: 2 }, /version 2/],
    [{ ...good(), policies: 'x' }, /no "policies" list/],
  ];
  const damage = (fn) => { const g = good(); fn(g); return g; };
  cases.push(
    [damage((g) => { g.policies[1].url = 'ftp://b.example/'; }), /policies\[1\].*http\(s\)/],
    [damage((g) => { g.policies[1].url = g.policies[0].url; }), /appears twice/],
    [damage((g) => { g.policies[0].current.clauses[0].text = 5; }), /policies\[0\].*needs a text/],
    [damage((g) => { g.policies[0].current.clauses[0].purposes = ['<script>']; }), /list of ids/],
    [damage((g) => { g.policies[0].current.seen = 'yesterday'; }), /not a date/],
    [damage((g) => { g.policies[0].current.clauses[0].fp = 'xyz'; }), /not a fingerprint/],
    [damage((g) => { delete g.policies[1].current; }), /current: missing/],
  );
  for (const [data, re] of cases) {
    assert.throws(() => validateImport(data), (e) => e instanceof Error && re.test(e.message), JSON.stringify(data).slice(0, 80));
  }
});

test('counts, comparison sentences and change snippets', () => {
  assert.deepEqual(countsOf([{ text: 'h', heading: true }, { text: 'a', purposes: ['advertising'], flags: [] }, { text: 'b', purposes: ['advertising', 'ai-training'], flags: ['ai-training'] }]),
    { purposes: { advertising: 2, 'ai-training': 1 }, flags: { 'ai-training': 1 }, clauses: 2 });
  const taxonomy = { purposes: [{ id: 'advertising', label: 'Advertising & marketing' }], flags: [{ id: 'ai-training', label: 'AI training' }] };
  const compare = { policies: [
    { url: 'https://a.example/p', title: 'A', purposes: { advertising: 3 }, flags: {} },
    { url: 'https://b.example/p', title: 'B', purposes: {}, flags: { 'ai-training': 1 } },
    { url: 'https://c.example/p', title: '', purposes: { advertising: 1 }, flags: { 'ai-training': 2 } },
  ] };
  const s = compareSentences({ purposes: [{ id: 'advertising' }], flags: [{ id: 'ai-training' }] }, compare, taxonomy);
  assert.equal(s[0].text, '2 of 3 other policies you have read have “AI training” clauses:');
  assert.deepEqual(s[0].policies.map((p) => p.name), ['B', 'c.example/p']);
  assert.equal(s[1].text, '2 of 3 other policies you have read state the purpose “Advertising & marketing”:');
  assert.deepEqual(compareSentences({ purposes: [{ id: 'advertising' }], flags: [] }, { policies: [] }, taxonomy), []);
  assert.deepEqual(changeSnippet('one two three four five six seven eight nine', 'one two three four five SIX seven eight nine', 2),
    { before: '… four five six seven eight …', after: '… four five SIX seven eight …' });
  assert.match(formatDate('2026-11-27T05:00:00Z'), /^2\d Nov 2026$/);
});
