// Paints analysed clauses on the page. Preferred path: the CSS Custom Highlight API (one `Highlight`
// per purpose named `clausemark-<purpose-id>`, plus `clausemark-multi` for clauses with several
// purposes and `clausemark-focus` for the clause being jumped to); the page's DOM is not touched at
// all. Fallback path (no Highlight API, or forced): each clause's text is wrapped in
// `<clausemark-mark>` elements, and `clear()` unwraps them and re-joins the text nodes it split, so the
// DOM and `innerText` are exactly as before. Styles go in a constructed stylesheet adopted by the
// document (not blocked by a page's `style-src` CSP), or a `<style>` element where adopting is not
// possible (Firefox content scripts). Colour is never the only cue: each purpose also has its own
// underline style. Usable from a plain web page (no chrome.*).

const PREFIX = 'clausemark-';
const SAFE_ID = /^[a-z0-9-]{1,40}$/;
const SAFE_CSS_VALUE = /^[#(),.%\w\s-]{1,60}$/;

/**
 * Relative luminance (0 black … 1 white) of a CSS colour string like `rgb(…)`/`rgba(…)`, or null
 * when transparent or unparseable.
 * @param {string} color
 * @returns {number|null}
 */
export function luminance(color) {
  const m = /rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:[,\s/]+([\d.]+%?))?/.exec(color || '');
  if (!m) return null;
  let a = m[4] === undefined ? 1 : parseFloat(m[4]);
  if (m[4] && m[4].endsWith('%')) a /= 100;
  if (a < 0.5) return null;
  const lin = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  return 0.2126 * lin(+m[1]) + 0.7152 * lin(+m[2]) + 0.0722 * lin(+m[3]);
}

/**
 * True when the page (around `el`, default the body) has a dark background: the first opaque
 * background colour up the tree, else the text colour being light, else the colour scheme.
 * @param {Document} doc
 * @param {Element} [el]
 * @returns {boolean}
 */
export function isDarkPage(doc, el) {
  const view = doc.defaultView;
  if (!view) return false;
  for (let n = el || doc.body; n && n.nodeType === 1; n = n.parentElement) {
    const l = luminance(view.getComputedStyle(n).backgroundColor);
    if (l !== null) return l < 0.3;
  }
  const body = doc.body || doc.documentElement;
  const text = body && luminance(view.getComputedStyle(body).color);
  if (text !== null && text !== undefined) return text > 0.6;
  return false;
}

/**
 * Adds CSS to a document or shadow root; returns a function that removes it.
 * @param {Document|ShadowRoot} root
 * @param {string} css
 * @param {boolean} [useElement] use a `<style>` element instead of an adopted stylesheet
 * @returns {() => void}
 */
export function addStyles(root, css, useElement = false) {
  const doc = root.nodeType === 9 ? root : root.ownerDocument;
  const view = doc.defaultView;
  if (!useElement && view && 'adoptedStyleSheets' in root && typeof view.CSSStyleSheet === 'function') {
    try {
      const sheet = new view.CSSStyleSheet();
      sheet.replaceSync(css);
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
      if ([...root.adoptedStyleSheets].includes(sheet)) {
        return () => { try { root.adoptedStyleSheets = [...root.adoptedStyleSheets].filter((s) => s !== sheet); } catch { /* gone */ } };
      }
    } catch { /* fall through to an element */ }
  }
  const style = doc.createElement('style');
  style.className = PREFIX + 'style';
  style.textContent = css;
  (root.nodeType === 9 ? doc.head || doc.documentElement : root).appendChild(style);
  return () => style.remove();
}

function cssFor(taxonomy, dark, fallback) {
  const rules = [];
  for (const p of taxonomy.purposes) {
    if (!SAFE_ID.test(p.id)) continue;
    const bg = dark ? p.color_dark : p.color_light;
    const ul = ['solid', 'double', 'dotted', 'dashed', 'wavy'].includes(p.underline) ? p.underline : 'solid';
    if (!SAFE_CSS_VALUE.test(bg) || !SAFE_CSS_VALUE.test(p.swatch)) continue;
    const decl = `background-color:${bg};text-decoration-line:underline;text-decoration-style:${ul};text-decoration-color:${p.swatch};text-decoration-thickness:2px;`;
    rules.push(fallback
      ? `clausemark-mark[data-clausemark-purpose="${p.id}"]{${decl}text-decoration-skip-ink:none;}`
      : `::highlight(${PREFIX}${p.id}){${decl}}`);
  }
  const multi = 'text-decoration-line:underline overline;text-decoration-thickness:2px;';
  const focus = `background-color:${dark ? 'rgba(255,255,255,0.35)' : 'rgba(0,0,0,0.18)'};text-decoration-line:underline;text-decoration-thickness:3px;`;
  if (fallback) {
    rules.unshift('clausemark-mark{all:unset;}');
    rules.push(`clausemark-mark[data-clausemark-multi][data-clausemark-purpose]:not([data-clausemark-purpose=""]){${multi}}`);
    rules.push(`clausemark-mark[data-clausemark-focus]{outline:2px solid ${dark ? '#fff' : '#111'};outline-offset:1px;}`);
  } else {
    rules.push(`::highlight(${PREFIX}multi){text-decoration-line:overline;text-decoration-style:solid;text-decoration-thickness:2px;text-decoration-color:${dark ? '#eee' : '#333'};}`);
    rules.push(`::highlight(${PREFIX}focus){${focus}}`);
  }
  return rules.join('\n');
}

/** True when this document supports the CSS Custom Highlight API. */
export function hasHighlightApi(doc) {
  const view = doc.defaultView;
  return !!(view && view.CSS && view.CSS.highlights && typeof view.Highlight === 'function');
}

/**
 * @typedef {object} Painter
 * @property {(clauses: {purposes: {id: string}[], flags: object[]}[], ranges: (Range|null)[]) => number} paint
 *   paints clause i over ranges[i] (null = skip), replacing what was painted; returns how many were painted
 * @property {(enabled: Set<string>, onlyNotable: boolean) => void} setVisible
 *   shows only clauses with an enabled purpose (and, if onlyNotable, at least one flag), at once
 * @property {(index: number) => boolean} isVisible  whether clause `index` is painted and shown
 * @property {() => number[]} visibleIndices  the shown clauses' indices, in document order
 * @property {(node: Node, offset: number) => number} clauseAt  the shown clause at a DOM point, or -1
 * @property {(x: number, y: number) => number} clauseAtPoint  the shown clause under a viewport point, or -1
 * @property {(index: number) => Range|null} rangeOf  the clause's live range (fallback: over its marks)
 * @property {(index: number) => void} focus  marks one clause as focused (-1: none)
 * @property {() => void} clear  removes every highlight (fallback: unwraps and re-joins text nodes)
 * @property {() => void} destroy  clear() and remove the styles
 * @property {'highlight'|'fallback'} mode
 */

/**
 * Creates a painter for one document.
 * @param {object} o
 * @param {Document} o.document
 * @param {{purposes: object[]}} o.taxonomy  from the WASM `taxonomy()`
 * @param {boolean} [o.fallback]  force the wrapping fallback
 * @param {boolean} [o.dark]  dark page colours (default: detected)
 * @param {boolean} [o.styleElement]  use a `<style>` element instead of an adopted stylesheet
 * @param {Document|ShadowRoot} [o.styleRoot]  where the styles go (default: the document)
 * @returns {Painter}
 */
export function createPainter({ document: doc, taxonomy, fallback = false, dark, styleElement = false, styleRoot }) {
  const mode = fallback || !hasHighlightApi(doc) ? 'fallback' : 'highlight';
  const view = doc.defaultView;
  const isDark = dark === undefined ? isDarkPage(doc) : dark;
  const css = cssFor(taxonomy, isDark, mode === 'fallback');
  const removers = [addStyles(styleRoot || doc, css, styleElement)];
  const styledRoots = new WeakSet();
  const purposeIds = taxonomy.purposes.map((p) => p.id).filter((id) => SAFE_ID.test(id));

  let clauses = [];
  let ranges = [];
  let enabled = new Set(purposeIds);
  let onlyNotable = false;
  let shown = []; // per clause: the purpose id it is painted in, or ''
  let focused = -1;
  // highlight mode
  let byNode = new Map(); // Text → [[index, start, end], …]
  // fallback mode
  let marks = []; // per clause: Element[]
  const origin = new Map(); // split-off Text → the original Text it came from
  const originals = new Set();

  function visiblePurpose(c) {
    if (onlyNotable && !(c.flags && c.flags.length)) return '';
    for (const p of c.purposes || []) if (enabled.has(p.id) && SAFE_ID.test(p.id)) return p.id;
    return '';
  }
  function visibleCount(c) {
    let n = 0;
    for (const p of c.purposes || []) if (enabled.has(p.id)) n++;
    return n;
  }

  function textNodesOf(range) {
    const out = [];
    const sc = range.startContainer;
    const ec = range.endContainer;
    if (sc === ec && sc.nodeType === 3) return [[sc, range.startOffset, range.endOffset]];
    const rootNode = range.commonAncestorContainer;
    const walker = doc.createTreeWalker(rootNode, 4 /* SHOW_TEXT */);
    let n = sc.nodeType === 3 ? sc : null;
    if (n) walker.currentNode = n; else n = walker.nextNode();
    while (n) {
      if (range.intersectsNode(n)) {
        const s = n === sc ? range.startOffset : 0;
        const e = n === ec ? range.endOffset : n.data.length;
        if (e > s) out.push([n, s, e]);
      } else if (out.length) break;
      if (n === ec) break;
      n = walker.nextNode();
    }
    return out;
  }

  // ---- highlight mode
  function highlightOf(rs) {
    // add() one by one: spreading 100,000 ranges into the constructor overflows the argument limit.
    const h = new view.Highlight();
    for (const r of rs) h.add(r);
    return h;
  }
  function applyHighlights() {
    const reg = view.CSS.highlights;
    const sets = new Map(purposeIds.map((id) => [id, []]));
    const multi = [];
    shown = clauses.map((c, i) => {
      const id = ranges[i] ? visiblePurpose(c) : '';
      if (id) {
        sets.get(id).push(ranges[i]);
        if (visibleCount(c) > 1) multi.push(ranges[i]);
      }
      return id;
    });
    for (const [id, rs] of sets) {
      if (rs.length) reg.set(PREFIX + id, highlightOf(rs));
      else reg.delete(PREFIX + id);
    }
    if (multi.length) {
      const h = highlightOf(multi);
      h.priority = 1;
      reg.set(PREFIX + 'multi', h);
    } else reg.delete(PREFIX + 'multi');
    applyFocus();
  }
  function applyFocus() {
    if (mode === 'highlight') {
      const reg = view.CSS.highlights;
      if (focused >= 0 && ranges[focused] && shown[focused]) {
        const h = new view.Highlight(ranges[focused]);
        h.priority = 2;
        reg.set(PREFIX + 'focus', h);
      } else reg.delete(PREFIX + 'focus');
    } else {
      marks.forEach((ms, i) => ms.forEach((m) => {
        if (i === focused && shown[i]) m.setAttribute('data-clausemark-focus', '');
        else m.removeAttribute('data-clausemark-focus');
      }));
    }
  }

  // ---- fallback mode
  function split(node, offset) {
    const piece = node.splitText(offset);
    origin.set(piece, origin.get(node) || node);
    originals.add(origin.get(node) || node);
    return piece;
  }
  function wrap(index, range) {
    const out = [];
    for (const [node, s, e] of textNodesOf(range)) {
      if (!/\S/.test(node.data.slice(s, e))) continue;
      let mid = node;
      if (e < node.data.length) split(node, e);
      if (s > 0) mid = split(node, s);
      const mark = doc.createElement('clausemark-mark');
      mark.setAttribute('data-clausemark-index', String(index));
      mid.parentNode.insertBefore(mark, mid);
      mark.appendChild(mid);
      out.push(mark);
    }
    return out;
  }
  function applyMarks() {
    shown = clauses.map((c, i) => {
      const id = marks[i] && marks[i].length ? visiblePurpose(c) : '';
      const multi = id && visibleCount(c) > 1;
      for (const m of marks[i] || []) {
        m.setAttribute('data-clausemark-purpose', id);
        if (multi) m.setAttribute('data-clausemark-multi', ''); else m.removeAttribute('data-clausemark-multi');
      }
      return id;
    });
    applyFocus();
  }
  function unwrapAll() {
    for (const ms of marks) {
      for (const m of ms) {
        const parent = m.parentNode;
        if (!parent) continue;
        while (m.firstChild) parent.insertBefore(m.firstChild, m);
        m.remove();
      }
    }
    marks = [];
    for (const o of originals) {
      let n = o.nextSibling;
      while (n && n.nodeType === 3 && origin.get(n) === o) {
        const next = n.nextSibling;
        o.appendData(n.data);
        n.remove();
        n = next;
      }
    }
    origin.clear();
    originals.clear();
  }

  function clear() {
    if (mode === 'highlight') {
      const reg = view.CSS.highlights;
      for (const id of purposeIds) reg.delete(PREFIX + id);
      reg.delete(PREFIX + 'multi');
      reg.delete(PREFIX + 'focus');
    } else unwrapAll();
    clauses = [];
    ranges = [];
    shown = [];
    byNode = new Map();
    focused = -1;
  }

  return {
    mode,
    paint(newClauses, newRanges) {
      clear();
      clauses = newClauses.slice();
      if (mode === 'highlight') {
        ranges = newClauses.map((_, i) => newRanges[i] || null);
        ranges.forEach((r, i) => {
          if (!r) return;
          for (const [node, s, e] of textNodesOf(r)) {
            let list = byNode.get(node);
            if (!list) byNode.set(node, (list = []));
            list.push([i, s, e]);
          }
        });
        applyHighlights();
      } else {
        // Wrap from the last clause backwards so earlier ranges' offsets stay valid.
        marks = new Array(clauses.length);
        for (let i = clauses.length - 1; i >= 0; i--) marks[i] = newRanges[i] ? wrap(i, newRanges[i]) : [];
        ranges = marks.map((ms) => {
          if (!ms.length) return null;
          const r = doc.createRange();
          r.setStartBefore(ms[0]);
          r.setEndAfter(ms[ms.length - 1]);
          return r;
        });
        applyMarks();
      }
      return ranges.filter(Boolean).length;
    },
    setVisible(newEnabled, newOnlyNotable) {
      enabled = new Set(newEnabled);
      onlyNotable = !!newOnlyNotable;
      if (mode === 'highlight') applyHighlights(); else applyMarks();
    },
    isVisible(i) { return !!shown[i]; },
    shownPurpose(i) { return shown[i] || ''; },
    visibleIndices() {
      const out = [];
      shown.forEach((id, i) => { if (id) out.push(i); });
      return out;
    },
    clauseAt(node, offset) {
      if (!node) return -1;
      if (mode === 'fallback') {
        const el = node.nodeType === 1 ? node : node.parentElement;
        const m = el && el.closest('clausemark-mark');
        const i = m ? Number(m.getAttribute('data-clausemark-index')) : -1;
        return i >= 0 && shown[i] ? i : -1;
      }
      const list = byNode.get(node);
      if (!list) return -1;
      for (const [i, s, e] of list) if (offset >= s && offset < e && shown[i]) return i;
      return -1;
    },
    clauseAtPoint(x, y) {
      let node = null;
      let offset = 0;
      if (typeof doc.caretPositionFromPoint === 'function') {
        const p = doc.caretPositionFromPoint(x, y);
        if (p) { node = p.offsetNode; offset = p.offset; }
      } else if (typeof doc.caretRangeFromPoint === 'function') {
        const r = doc.caretRangeFromPoint(x, y);
        if (r) { node = r.startContainer; offset = r.startOffset; }
      }
      let i = this.clauseAt(node, offset);
      if (i < 0 && node && offset > 0) i = this.clauseAt(node, offset - 1);
      if (i < 0) return -1;
      // The caret is the nearest one; make sure the point is really over the clause's text.
      for (const r of ranges[i].getClientRects()) {
        if (x >= r.left - 1 && x <= r.right + 1 && y >= r.top - 1 && y <= r.bottom + 1) return i;
      }
      return -1;
    },
    rangeOf(i) { return ranges[i] || null; },
    focus(i) { focused = i; applyFocus(); },
    clear,
    /** Adds the highlight styles to an open shadow root holding clauses (styles do not cross it). */
    styleShadowRoot(root) {
      if (styledRoots.has(root)) return;
      styledRoots.add(root);
      removers.push(addStyles(root, css, styleElement));
    },
    destroy() { clear(); removers.splice(0).forEach((r) => r()); },
  };
}
