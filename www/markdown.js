// Text sources → a small block tree → safe DOM.
//
// Three readers (Markdown, plain text, HTML) produce the same tree of blocks; one renderer turns it into
// DOM with createElement/textContent only. Policy text never reaches innerHTML, and nothing rendered can
// run code or load a resource: links are http(s)/mailto with rel="noopener noreferrer" (anything else is
// inert text), images become their alt text.
//
// Block: {t:'h', level, inl} | {t:'p', inl} | {t:'list', ordered, start, items:[Block[]]}
//      | {t:'quote', blocks} | {t:'table', head: Cell[]|null, rows: Cell[][]} (Cell = Block[])
//      | {t:'pre', text} | {t:'hr'}
// Inline: string | {t:'strong'|'em'|'del', c: Inline[]} | {t:'code', text} | {t:'a', href, c} | {t:'br'}

/** Paragraphs longer than this are not parsed for inline markup (keeps pathological input linear). */
const MAX_INLINE_PARSE = 20000;

// ───────────────────────────── Markdown ─────────────────────────────

const RE_ATX = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const RE_SETEXT = /^ {0,3}(=+|-+)[ \t]*$/;
const RE_HR = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const RE_ITEM = /^( {0,3})([*+-]|\d{1,9}[.)])([ \t]+|$)/;
const RE_FENCE = /^ {0,3}(`{3,}|~{3,})/;
const RE_QUOTE = /^ {0,3}> ?/;
const RE_TABLE_DELIM = /^ {0,3}\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;
const RE_BR_TAG = /<br\s*\/?>/gi;

/** Parses Markdown (the CommonMark subset real policies use, plus GFM tables) into blocks. */
export function markdownBlocks(src) {
  const lines = String(src).replace(/\r\n?/g, '\n').replace(/\t/g, '    ').split('\n');
  return parseLines(lines, 0);
}

/**
 * Cuts Markdown source into pieces of about `target` characters at safe top-level boundaries (a blank
 * line followed by an unindented line that starts no list item or table row), so a large file can be
 * parsed and rendered piece by piece with the event loop free in between.
 */
export function splitMarkdown(src, target) {
  const text = String(src).replace(/\r\n?/g, '\n');
  const pieces = [];
  let from = 0;
  while (text.length - from > target * 1.5) {
    let cut = -1;
    let k = from + target;
    while (cut === -1) {
      const j = text.indexOf('\n\n', k);
      if (j === -1) break;
      let n = j + 2;
      while (text[n] === '\n') n++;
      const next = text.slice(n, n + 12);
      if (next && !/^[ \t]/.test(next) && !RE_ITEM.test(next) && !next.startsWith('|') && !RE_SETEXT.test(next.split('\n')[0])) cut = n;
      else k = n;
      if (k - from > target * 8) break;
    }
    if (cut === -1) break;
    pieces.push(text.slice(from, cut));
    from = cut;
  }
  pieces.push(text.slice(from));
  return pieces;
}

function parseLines(lines, depth) {
  const out = [];
  let para = [];
  const flush = () => {
    if (para.length) out.push({ t: 'p', inl: inlineFromLines(para) });
    para = [];
  };
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (!line.trim()) { flush(); i++; continue; }
    // Setext heading: a paragraph line underlined by === or ---.
    if (para.length && RE_SETEXT.test(line)) {
      const level = line.trim()[0] === '=' ? 1 : 2;
      const text = para.join(' ');
      para = [];
      out.push({ t: 'h', level, inl: parseInline(text) });
      i++;
      continue;
    }
    let m;
    if ((m = RE_ATX.exec(line))) {
      flush();
      out.push({ t: 'h', level: m[1].length, inl: parseInline(m[2] || '') });
      i++;
      continue;
    }
    if (RE_HR.test(line)) { flush(); out.push({ t: 'hr' }); i++; continue; }
    if ((m = RE_FENCE.exec(line))) {
      flush();
      const fence = m[1];
      const body = [];
      i++;
      while (i < lines.length && !lines[i].trim().startsWith(fence)) body.push(lines[i++]);
      i++;
      out.push({ t: 'pre', text: body.join('\n') });
      continue;
    }
    if (RE_QUOTE.test(line)) {
      flush();
      const body = [];
      while (i < lines.length && lines[i].trim() && RE_QUOTE.test(lines[i])) body.push(lines[i++].replace(RE_QUOTE, ''));
      out.push({ t: 'quote', blocks: depth < 8 ? parseLines(body, depth + 1) : [{ t: 'p', inl: [body.join(' ')] }] });
      continue;
    }
    if (line.trimStart().startsWith('|') && i + 1 < lines.length && RE_TABLE_DELIM.test(lines[i + 1]) && lines[i + 1].includes('-')) {
      flush();
      const head = splitRow(line);
      const rows = [];
      i += 2;
      while (i < lines.length && lines[i].trimStart().startsWith('|')) rows.push(splitRow(lines[i++]));
      const cell = (c) => (depth < 8 ? parseLines(c.split(RE_BR_TAG), depth + 1) : [{ t: 'p', inl: [c] }]);
      out.push({
        t: 'table',
        head: head.some((c) => c.trim()) ? head.map(cell) : null,
        rows: rows.map((r) => r.map(cell)),
      });
      continue;
    }
    if ((m = RE_ITEM.exec(line)) && (!para.length || !/^\d/.test(m[2]) || m[2].startsWith('1'))) {
      flush();
      const { block, next } = parseList(lines, i, depth);
      out.push(block);
      i = next;
      continue;
    }
    para.push(line);
    i++;
  }
  flush();
  return out;
}

function parseList(lines, i, depth) {
  const first = RE_ITEM.exec(lines[i]);
  const ordered = /\d/.test(first[2]);
  const block = { t: 'list', ordered, start: ordered ? parseInt(first[2], 10) : 1, items: [] };
  const baseIndent = first[1].length;
  while (i < lines.length) {
    const m = RE_ITEM.exec(lines[i]);
    if (!m || m[1].length !== baseIndent || /\d/.test(m[2]) !== ordered) break;
    const contentIndent = m[0].length;
    const body = [lines[i].slice(contentIndent)];
    i++;
    while (i < lines.length) {
      const l = lines[i];
      const indent = l.length - l.trimStart().length;
      if (!l.trim()) {
        // A blank line stays in the item only when the next non-blank line is indented into it.
        let j = i + 1;
        while (j < lines.length && !lines[j].trim()) j++;
        if (j < lines.length && lines[j].length - lines[j].trimStart().length >= Math.min(contentIndent, baseIndent + 2)) {
          body.push('');
          i++;
          continue;
        }
        break;
      }
      if (indent > baseIndent) { body.push(l.slice(Math.min(indent, contentIndent))); i++; continue; }
      // A lazy continuation line (not a new block) still belongs to the item's paragraph.
      if (RE_ITEM.test(l) || RE_ATX.test(l) || RE_HR.test(l) || RE_QUOTE.test(l) || l.trimStart().startsWith('|')) break;
      if (!body[body.length - 1].trim()) break;
      body.push(l);
      i++;
    }
    block.items.push(depth < 8 ? parseLines(body, depth + 1) : [{ t: 'p', inl: [body.join(' ')] }]);
    // Blank lines between sibling items keep the list going (a "loose" list).
    let j = i;
    while (j < lines.length && !lines[j].trim()) j++;
    const sib = j < lines.length && RE_ITEM.exec(lines[j]);
    if (j > i && sib && sib[1].length === baseIndent && /\d/.test(sib[2]) === ordered) i = j;
  }
  return { block, next: i };
}

function splitRow(line) {
  let s = line.trim();
  if (s.startsWith('|')) s = s.slice(1);
  if (s.endsWith('|') && !s.endsWith('\\|')) s = s.slice(0, -1);
  const cells = [];
  let cur = '';
  for (let k = 0; k < s.length; k++) {
    const ch = s[k];
    if (ch === '\\' && s[k + 1] === '|') { cur += '|'; k++; continue; }
    if (ch === '|') { cells.push(cur.trim()); cur = ''; continue; }
    cur += ch;
  }
  cells.push(cur.trim());
  return cells;
}

function inlineFromLines(lines) {
  // A line ending in two spaces or a backslash is a hard break; other line ends are spaces.
  const parts = [];
  lines.forEach((l, k) => {
    const last = k === lines.length - 1;
    const hard = !last && (/ {2,}$/.test(l) || /\\$/.test(l));
    const text = l.trim().replace(/\\$/, '');
    parts.push(text);
    if (!last) parts.push(hard ? '\u2028' : ' ');
  });
  return parseInline(parts.join(''));
}

const ESCAPABLE = '\\`*_{}[]()#+-.!|<>~"\'';

/** Parses inline Markdown: emphasis, code, links, images (as alt text), autolinks, <br>, escapes. */
export function parseInline(text) {
  if (text.length > MAX_INLINE_PARSE) return [stripTags(text)];
  return inlineRun(text, 0, text.length, 0);
}

function inlineRun(s, from, to, depth) {
  const out = [];
  let buf = '';
  const push = (node) => {
    if (buf) out.push(buf);
    buf = '';
    out.push(node);
  };
  let i = from;
  while (i < to) {
    const ch = s[i];
    if (ch === '\\' && i + 1 < to && ESCAPABLE.includes(s[i + 1])) { buf += s[i + 1]; i += 2; continue; }
    if (ch === '\u2028') { push({ t: 'br' }); i++; continue; }
    if (ch === '`') {
      let n = 1;
      while (s[i + n] === '`') n++;
      const fence = '`'.repeat(n);
      const close = s.indexOf(fence, i + n);
      if (close !== -1 && close < to) {
        push({ t: 'code', text: s.slice(i + n, close).trim() });
        i = close + n;
        continue;
      }
      buf += fence;
      i += n;
      continue;
    }
    if (ch === '<') {
      const tag = /^<(\/?)([a-zA-Z][a-zA-Z0-9]*)\b[^<>]*>/.exec(s.slice(i, Math.min(to, i + 200)));
      if (tag) {
        if (tag[2].toLowerCase() === 'br') push({ t: 'br' });
        i += tag[0].length; // other inline HTML tags are dropped, never interpreted
        continue;
      }
      const auto = /^<((?:https?:\/\/|mailto:)[^\s<>]+)>/i.exec(s.slice(i, Math.min(to, i + 2000)));
      if (auto) { push({ t: 'a', href: auto[1], c: [auto[1]] }); i += auto[0].length; continue; }
    }
    if ((ch === '[' || (ch === '!' && s[i + 1] === '[')) && depth < 6) {
      const img = ch === '!';
      const link = parseLink(s, img ? i + 1 : i, to);
      if (link) {
        const inner = inlineRun(s, link.textFrom, link.textTo, depth + 1);
        if (img) {
          // Images are never loaded: keep their alt text, in the link's flow.
          for (const n of inner) if (typeof n === 'string') buf += n; else push(n);
        } else {
          push({ t: 'a', href: link.href, c: inner });
        }
        i = link.end;
        continue;
      }
    }
    if ((ch === '*' || ch === '_' || ch === '~') && depth < 6) {
      const n = s[i + 1] === ch ? 2 : 1;
      if (ch === '~' && n === 1) { buf += ch; i++; continue; }
      const prev = i > from ? s[i - 1] : ' ';
      const nextCh = s[i + n];
      const canOpen = nextCh !== undefined && !/\s/.test(nextCh) && !(ch === '_' && /[\p{L}\p{N}]/u.test(prev));
      if (canOpen) {
        const close = findCloser(s, i + n, to, ch, n);
        if (close !== -1) {
          const kind = ch === '~' ? 'del' : n === 2 ? 'strong' : 'em';
          push({ t: kind, c: inlineRun(s, i + n, close, depth + 1) });
          i = close + n;
          continue;
        }
      }
      buf += s.slice(i, i + n);
      i += n;
      continue;
    }
    buf += ch;
    i++;
  }
  if (buf) out.push(buf);
  return out;
}

function findCloser(s, from, to, ch, n) {
  const delim = ch.repeat(n);
  let k = from;
  const limit = Math.min(to, from + 4000);
  while (k < limit) {
    const j = s.indexOf(delim, k);
    if (j === -1 || j + n > to) return -1;
    if (s[j - 1] === '\\') { k = j + 1; continue; }
    const before = s[j - 1];
    const after = s[j + n];
    const okBefore = before !== undefined && !/\s/.test(before) && j > from;
    const okAfter = !(ch === '_' && after !== undefined && /[\p{L}\p{N}]/u.test(after));
    // For single delimiters, skip over a double one (e.g. **bold** inside *em*).
    if (n === 1 && s[j + 1] === ch) { k = j + 2; continue; }
    if (okBefore && okAfter) return j;
    k = j + n;
  }
  return -1;
}

/** Index of the bracket closing the one open before `from` (backslash escapes skipped), or -1. */
function closingBracket(s, from, to, open, close, limit) {
  let depth = 1;
  for (let k = from; k < to && k < from + limit; k++) {
    if (s[k] === '\\') { k++; continue; }
    if (s[k] === open) depth++;
    else if (s[k] === close && --depth === 0) return k;
  }
  return -1;
}

function parseLink(s, i, to) {
  // [text](href "title") with nested brackets in text and parentheses in href.
  const k = closingBracket(s, i + 1, to, '[', ']', 2000);
  if (k === -1 || s[k + 1] !== '(') return null;
  const textFrom = i + 1;
  const textTo = k;
  const hrefFrom = k + 2;
  const p = closingBracket(s, hrefFrom, to, '(', ')', 4000);
  if (p === -1) return null;
  let inner = s.slice(hrefFrom, p).trim();
  const titled = /^(\S+)\s+(["'(]).*$/.exec(inner);
  if (titled) inner = titled[1];
  const href = inner.replace(/^<|>$/g, '').replace(/\\(.)/g, '$1');
  return { textFrom, textTo, href, end: p + 1 };
}

function stripTags(s) {
  return s.replace(RE_BR_TAG, ' ').replace(/<\/?[a-zA-Z][^<>]*>/g, '');
}

// ───────────────────────────── Plain text ─────────────────────────────

const RE_TEXT_BULLET = /^\s*(?:[-*•◦▪‣–]|\(?\d{1,3}[.)]|\(?[a-z][.)])\s+/;

/**
 * Plain text (a paste or a .txt): one block per line. A short line without closing punctuation that
 * is followed by text becomes a heading; bulleted lines become list items.
 */
export function textBlocks(src) {
  const lines = String(src).replace(/\r\n?/g, '\n').split('\n');
  const out = [];
  let list = null;
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k].trim();
    if (!line) { list = null; continue; }
    if (RE_TEXT_BULLET.test(lines[k])) {
      if (!list) { list = { t: 'list', ordered: false, start: 1, items: [] }; out.push(list); }
      list.items.push([{ t: 'p', inl: [line.replace(RE_TEXT_BULLET, '')] }]);
      continue;
    }
    list = null;
    let next = '';
    for (let j = k + 1; j < lines.length && !next; j++) next = lines[j].trim();
    const heading = line.length <= 90 && !/[.,;:!?)"”’]$/.test(line) && /^[\p{Lu}\p{N}]/u.test(line) && next.length > line.length;
    out.push(heading ? { t: 'h', level: 2, inl: [line] } : { t: 'p', inl: [line] });
  }
  return out;
}

// ───────────────────────────── HTML ─────────────────────────────

const SKIP_TAGS = new Set([
  'script', 'style', 'noscript', 'template', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'svg',
  'math', 'canvas', 'video', 'audio', 'picture', 'img', 'map', 'button', 'select', 'option', 'textarea', 'input',
  'form', 'nav', 'head', 'meta', 'link', 'title', 'base', 'dialog', 'slot',
]);
const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const BLOCKS = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'dd', 'details', 'div', 'dl', 'dt', 'fieldset', 'figcaption',
  'figure', 'footer', 'header', 'hgroup', 'hr', 'li', 'main', 'ol', 'p', 'pre', 'section', 'summary', 'table',
  'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul', 'caption', 'center', 'html', ...HEADINGS,
]);

/**
 * Parses HTML into an inert document (DOMParser: no scripts run, no resources load) and keeps only its
 * text-bearing structure as blocks. Scripts, styles, forms, media, event handlers and hidden elements
 * are dropped; links keep only their href (checked again when rendered).
 */
export function htmlBlocks(html, DOMParserImpl = globalThis.DOMParser) {
  const doc = new DOMParserImpl().parseFromString(String(html), 'text/html');
  const root = doc.querySelector('main, article, [role="main"]') || doc.body;
  return root ? containerBlocks(root, 0) : [];
}

function hidden(el) {
  if (el.hasAttribute('hidden') || el.getAttribute('aria-hidden') === 'true') return true;
  const style = (el.getAttribute('style') || '').replace(/\s+/g, '').toLowerCase();
  return style.includes('display:none') || style.includes('visibility:hidden');
}

function containerBlocks(el, depth) {
  const out = [];
  let run = [];
  const flush = () => {
    const inl = trimInline(run);
    if (inl.length) out.push({ t: 'p', inl });
    run = [];
  };
  for (const node of el.childNodes) {
    if (node.nodeType === 3) { run.push(node.data.replace(/\s+/g, ' ')); continue; }
    if (node.nodeType !== 1) continue;
    const tag = node.localName;
    if (SKIP_TAGS.has(tag) || hidden(node)) continue;
    if (tag === 'br') { run.push({ t: 'br' }); continue; }
    if (!BLOCKS.has(tag) || depth > 40) {
      if (!containsBlock(node)) { run.push(...inlineNode(node, 0)); continue; }
    }
    flush();
    out.push(...elementBlocks(node, depth + 1));
  }
  flush();
  return out;
}

function containsBlock(el) {
  for (const c of el.children) if (BLOCKS.has(c.localName) && !SKIP_TAGS.has(c.localName)) return true;
  return false;
}

function elementBlocks(el, depth) {
  const tag = el.localName;
  if (HEADINGS.has(tag)) {
    const inl = trimInline(inlineOf(el, 0));
    return inl.length ? [{ t: 'h', level: Number(tag[1]), inl }] : [];
  }
  if (tag === 'hr') return [{ t: 'hr' }];
  if (tag === 'pre') return [{ t: 'pre', text: el.textContent }];
  if (tag === 'ul' || tag === 'ol') {
    const items = [];
    for (const li of el.children) {
      if (hidden(li) || SKIP_TAGS.has(li.localName)) continue;
      const blocks = containerBlocks(li, depth);
      if (blocks.length) items.push(blocks);
    }
    return items.length ? [{ t: 'list', ordered: tag === 'ol', start: Number(el.getAttribute('start')) || 1, items }] : [];
  }
  if (tag === 'blockquote') {
    const blocks = containerBlocks(el, depth);
    return blocks.length ? [{ t: 'quote', blocks }] : [];
  }
  if (tag === 'table') {
    const rows = [];
    let head = null;
    for (const tr of el.querySelectorAll('tr')) {
      if (tr.closest('table') !== el || hidden(tr)) continue;
      const cells = [...tr.children].filter((c) => c.localName === 'td' || c.localName === 'th').map((c) => containerBlocks(c, depth));
      if (!cells.length) continue;
      if (!head && !rows.length && tr.parentElement.localName === 'thead') head = cells;
      else rows.push(cells);
    }
    return rows.length || head ? [{ t: 'table', head, rows }] : [];
  }
  if (tag === 'dt') {
    const inl = trimInline(inlineOf(el, 0));
    return inl.length ? [{ t: 'p', inl: [{ t: 'strong', c: inl }] }] : [];
  }
  return containerBlocks(el, depth);
}

function inlineOf(el, depth) {
  const out = [];
  for (const node of el.childNodes) out.push(...inlineNode(node, depth));
  return out;
}

/** One node as inline content (text, emphasis, code, links; block elements inside inline become spaces). */
function inlineNode(node, depth) {
  if (node.nodeType === 3) return [node.data.replace(/\s+/g, ' ')];
  if (node.nodeType !== 1) return [];
  const tag = node.localName;
  if (SKIP_TAGS.has(tag) || hidden(node)) return tag === 'img' && node.getAttribute('alt') ? [node.getAttribute('alt')] : [];
  if (tag === 'br') return [{ t: 'br' }];
  const c = depth < 20 ? inlineOf(node, depth + 1) : [node.textContent];
  if (BLOCKS.has(tag)) return [' ', ...c, ' '];
  if (tag === 'a' && node.getAttribute('href')) return [{ t: 'a', href: node.getAttribute('href'), c }];
  if (tag === 'strong' || tag === 'b') return [{ t: 'strong', c }];
  if (tag === 'em' || tag === 'i') return [{ t: 'em', c }];
  if (tag === 'code' || tag === 'kbd' || tag === 'samp') return [{ t: 'code', text: node.textContent }];
  if (tag === 'del' || tag === 's') return [{ t: 'del', c }];
  return c;
}

function trimInline(inl) {
  // Collapse runs of spaces across nodes and trim both ends (as a browser lays out HTML text).
  const out = [];
  let lastSpace = true;
  const walk = (nodes, into) => {
    for (const n of nodes) {
      if (typeof n === 'string') {
        let s = n.replace(/\s+/g, ' ');
        if (lastSpace) s = s.replace(/^ /, '');
        if (!s) continue;
        lastSpace = s.endsWith(' ');
        into.push(s);
      } else if (n.t === 'br') {
        into.push(n);
        lastSpace = true;
      } else if (n.t === 'code') {
        into.push(n);
        lastSpace = false;
      } else {
        const c = [];
        walk(n.c, c);
        if (c.length) into.push({ ...n, c });
      }
    }
  };
  walk(inl, out);
  // Trim the trailing space.
  for (let k = out.length - 1; k >= 0; k--) {
    const n = out[k];
    if (typeof n !== 'string') break;
    const s = n.replace(/ $/, '');
    if (s) { out[k] = s; break; }
    out.pop();
  }
  return out;
}

// ───────────────────────────── Rendering ─────────────────────────────

/** The href a rendered link may carry, or null (inert): only http(s) and mailto, never javascript:/data:. */
export function safeHref(href) {
  const h = String(href || '').trim();
  if (!/^(https?:\/\/|mailto:)/i.test(h)) return null;
  try {
    const u = new URL(h);
    return u.protocol === 'http:' || u.protocol === 'https:' || u.protocol === 'mailto:' ? u.href : null;
  } catch {
    return null;
  }
}

/** Renders blocks into a DocumentFragment (createElement / textContent only). */
export function renderBlocks(blocks, doc = document) {
  const frag = doc.createDocumentFragment();
  for (const b of blocks) frag.appendChild(renderBlock(b, doc));
  return frag;
}

function renderBlock(b, doc) {
  switch (b.t) {
    case 'h': {
      const el = doc.createElement(`h${Math.min(6, Math.max(1, b.level))}`);
      appendInline(el, b.inl, doc);
      return el;
    }
    case 'list': {
      const el = doc.createElement(b.ordered ? 'ol' : 'ul');
      if (b.ordered && b.start !== 1) el.start = b.start;
      for (const item of b.items) {
        const li = doc.createElement('li');
        // A single-paragraph item holds its text directly (one block for the collector).
        if (item.length === 1 && item[0].t === 'p') appendInline(li, item[0].inl, doc);
        else li.appendChild(renderBlocks(item, doc));
        el.appendChild(li);
      }
      return el;
    }
    case 'quote': {
      const el = doc.createElement('blockquote');
      el.appendChild(renderBlocks(b.blocks, doc));
      return el;
    }
    case 'table': {
      const wrap = doc.createElement('div');
      wrap.className = 'doc-table';
      const table = doc.createElement('table');
      const cellEl = (tag, blocks) => {
        const c = doc.createElement(tag);
        if (blocks.length === 1 && blocks[0].t === 'p') appendInline(c, blocks[0].inl, doc);
        else c.appendChild(renderBlocks(blocks, doc));
        return c;
      };
      if (b.head) {
        const thead = doc.createElement('thead');
        const tr = doc.createElement('tr');
        for (const c of b.head) tr.appendChild(cellEl('th', c));
        thead.appendChild(tr);
        table.appendChild(thead);
      }
      const tbody = doc.createElement('tbody');
      for (const r of b.rows) {
        const tr = doc.createElement('tr');
        for (const c of r) tr.appendChild(cellEl('td', c));
        tbody.appendChild(tr);
      }
      table.appendChild(tbody);
      wrap.appendChild(table);
      return wrap;
    }
    case 'pre': {
      const el = doc.createElement('pre');
      el.textContent = b.text;
      return el;
    }
    case 'hr':
      return doc.createElement('hr');
    default: {
      const el = doc.createElement('p');
      appendInline(el, b.inl, doc);
      return el;
    }
  }
}

function appendInline(parent, inl, doc) {
  for (const n of inl) {
    if (typeof n === 'string') { parent.appendChild(doc.createTextNode(n)); continue; }
    switch (n.t) {
      case 'br': parent.appendChild(doc.createElement('br')); break;
      case 'code': {
        const el = doc.createElement('code');
        el.textContent = n.text;
        parent.appendChild(el);
        break;
      }
      case 'a': {
        const href = safeHref(n.href);
        const el = doc.createElement(href ? 'a' : 'span');
        if (href) {
          el.href = href;
          el.rel = 'noopener noreferrer nofollow';
          el.target = '_blank';
          el.referrerPolicy = 'no-referrer';
        } else {
          el.className = 'doc-link-inert';
        }
        appendInline(el, n.c, doc);
        parent.appendChild(el);
        break;
      }
      case 'strong': case 'em': case 'del': {
        const el = doc.createElement(n.t);
        appendInline(el, n.c, doc);
        parent.appendChild(el);
        break;
      }
      default: break;
    }
  }
}

/** Rough text length of a block (to cut a document into analysis chunks of similar size). */
export function blockSize(b) {
  switch (b.t) {
    case 'list': return b.items.reduce((n, it) => n + it.reduce((m, x) => m + blockSize(x), 0), 0);
    case 'quote': return b.blocks.reduce((n, x) => n + blockSize(x), 0);
    case 'table': return [b.head || [], ...b.rows].reduce((n, r) => n + r.reduce((m, c) => m + c.reduce((q, x) => q + blockSize(x), 0), 0), 0);
    case 'pre': return b.text.length;
    case 'hr': return 1;
    default: return inlineSize(b.inl);
  }
}

function inlineSize(inl) {
  let n = 0;
  for (const x of inl) n += typeof x === 'string' ? x.length : x.t === 'code' ? x.text.length : x.c ? inlineSize(x.c) : 1;
  return n;
}
