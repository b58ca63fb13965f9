// Unit tests (Node, no browser) of the demo's text readers in www/markdown.js: Markdown and plain text
// into the block tree, safe link targets, and cutting large sources into chunks without losing text.
// The HTML reader and the DOM renderer need a browser: www.test.mjs covers them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { markdownBlocks, parseInline, textBlocks, splitMarkdown, safeHref, blockSize } from '../../www/markdown.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const POLICIES = join(process.env.CLAUSEMARK_SHARED || join(repo, '..', 'shared'), 'data', 'policies');

/** All text of a block tree, in order (what the page would show, without markup). */
function textOf(blocks) {
  const inl = (xs) => xs.map((x) => (typeof x === 'string' ? x : x.t === 'code' ? x.text : x.t === 'br' ? ' ' : inl(x.c))).join('');
  return blocks.map((b) => {
    switch (b.t) {
      case 'list': return b.items.map(textOf).join(' ');
      case 'quote': return textOf(b.blocks);
      case 'table': return [b.head || [], ...b.rows].map((r) => r.map(textOf).join(' ')).join(' ');
      case 'pre': return b.text;
      case 'hr': return '';
      default: return inl(b.inl);
    }
  }).join(' ');
}

test('Markdown: ATX and setext headings, paragraphs, emphasis, links', () => {
  const b = markdownBlocks('Privacy Policy\n==============\n\n**Introduction**\n----------------\n\n### Sub *heading*\n\nWe use **your data** for _ads_, see [our policy](https://example.com/p "t").\nSecond line.');
  assert.deepEqual(b.map((x) => [x.t, x.level]), [['h', 1], ['h', 2], ['h', 3], ['p', undefined]]);
  assert.deepEqual(b[1].inl, [{ t: 'strong', c: ['Introduction'] }]);
  assert.deepEqual(b[3].inl, ['We use ', { t: 'strong', c: ['your data'] }, ' for ', { t: 'em', c: ['ads'] }, ', see ', { t: 'a', href: 'https://example.com/p', c: ['our policy'] }, '. Second line.']);
});

test('Markdown: nested and loose lists, blockquotes, tables with <br> and lists in cells', () => {
  const b = markdownBlocks('*   One\n    *   Nested\n\n*   Two\n\n> Quoted **text**\n\n|     |     |\n| --- | --- |\n| **A** | x<br><br>*   y<br>*   z |\n| B | w |\n');
  assert.equal(b[0].t, 'list');
  assert.equal(b[0].items.length, 2, 'a blank line between items keeps one list');
  assert.equal(b[0].items[0][1].t, 'list', 'nested list');
  assert.equal(b[1].t, 'quote');
  assert.equal(b[2].t, 'table');
  assert.equal(b[2].head, null, 'an empty header row is dropped');
  assert.equal(b[2].rows.length, 2);
  assert.deepEqual(b[2].rows[0][1].map((x) => x.t), ['p', 'list']);
  assert.equal(textOf(b[2].rows[0][1]), 'x y z');
});

test('Markdown: escapes, code, images as alt text, inline HTML dropped, intraword underscores kept', () => {
  const inl = parseInline('READ\\_CALL\\_LOG and snake_case_name `a*b*` ![logo](http://x/i.png) <span onclick="x">tag</span> 2 * 3 * 4');
  assert.equal(textOf([{ t: 'p', inl }]), 'READ_CALL_LOG and snake_case_name a*b* logo tag 2 * 3 * 4');
  assert.ok(!JSON.stringify(inl).includes('i.png'), 'an image URL is never kept');
});

test('safeHref keeps http(s) and mailto only', () => {
  assert.equal(safeHref('https://example.com/a?b#c'), 'https://example.com/a?b#c');
  assert.equal(safeHref('mailto:privacy@example.com'), 'mailto:privacy@example.com');
  for (const bad of ['javascript:alert(1)', ' JavaScript:alert(1)', 'data:text/html,x', 'vbscript:x', '#anchor', '/relative', '//evil.example/x', 'http://', '']) {
    assert.equal(safeHref(bad), null, bad);
  }
});

test('plain text: one block per line, bullets become a list, short title lines become headings', () => {
  const b = textBlocks('How We Use Your Information\nWe use your data to provide the service.\n- To show you ads.\n• To keep you safe.\n\nshort line.\n');
  assert.deepEqual(b.map((x) => x.t), ['h', 'p', 'list', 'p']);
  assert.equal(b[2].items.length, 2);
  assert.equal(textOf(b), 'How We Use Your Information We use your data to provide the service. To show you ads. To keep you safe. short line.');
});

test('every bundled policy parses; cutting it into pieces keeps every character and every block', () => {
  for (const f of readdirSync(POLICIES).filter((x) => x.endsWith('.md'))) {
    const src = readFileSync(join(POLICIES, f), 'utf8');
    const whole = markdownBlocks(src);
    assert.ok(whole.length > 5, f);
    const pieces = splitMarkdown(src, 4096);
    assert.equal(pieces.join(''), src.replace(/\r\n?/g, '\n'), `${f}: pieces join to the source`);
    const parts = pieces.flatMap((p) => markdownBlocks(p));
    assert.equal(textOf(parts), textOf(whole), `${f}: same text when parsed in pieces`);
    assert.ok(blockSize({ t: 'list', items: [whole] }) > src.length / 3, `${f}: sizes are counted`);
  }
});

test('pathological input: a 2 MB line of delimiters and deep nesting parse (bounded by the test timeout)', { timeout: 20000 }, () => {
  const nasty = '*_[('.repeat(500000);
  assert.equal(markdownBlocks(nasty).length, 1);
  assert.equal(markdownBlocks('x *_[( '.repeat(2000)).length, 1, 'a paragraph just under the inline-parse limit');
  const deep = '> '.repeat(5000) + 'x\n' + '    *   '.repeat(2000) + 'y';
  assert.ok(markdownBlocks(deep).length >= 1, 'deep nesting does not overflow the stack');
});
