// The clause tooltip: lives in a shadow root under a `<clausemark-tooltip>` host appended to the
// document element (outside the body, so the page's text and layout are untouched). Built only with
// textContent and DOM APIs: page text can never become markup. Shows each purpose's short code,
// label and one-line description, why (the evidence words), the summary, the notable-provision flags
// with their sentence, and a "Copy summary" button. Escape closes it; it never overflows the
// viewport; light or dark to match the page. Usable from a plain web page (no chrome.*).

import { addStyles, isDarkPage } from './paint.js';
import { renderMemory, MEMORY_TOOLTIP_CSS } from './tooltip-memory.js';

const SAFE_ID = /^[a-z0-9-]{1,40}$/;
const SAFE_COLOR = /^[#(),.%\w\s-]{1,60}$/;
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function css(taxonomy) {
  const chips = taxonomy.purposes
    .filter((p) => SAFE_ID.test(p.id) && SAFE_COLOR.test(p.swatch))
    .map((p) => `.chip[data-purpose="${p.id}"]{background:${p.swatch};}`)
    .join('\n');
  return `
:host{all:initial;}
.panel{position:fixed;z-index:2147483647;box-sizing:border-box;max-width:min(440px,calc(100vw - 16px));
  max-height:calc(100vh - 16px);overflow:auto;padding:12px 14px;border-radius:8px;
  font:13px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;text-align:left;
  background:#fff;color:#1b1b1b;border:1px solid #8a8a8a;box-shadow:0 6px 24px rgba(0,0,0,.25);
  overflow-wrap:anywhere;word-break:break-word;unicode-bidi:isolate;direction:ltr;}
.panel.dark{background:#1f2124;color:#f1f1f1;border-color:#9a9a9a;box-shadow:0 6px 24px rgba(0,0,0,.6);}
.panel:focus{outline:none;}
.panel:focus-visible{outline:3px solid #1a73e8;outline-offset:2px;}
.purpose{display:flex;gap:8px;align-items:flex-start;margin:0 0 6px;}
.chip{flex:none;min-width:34px;padding:1px 5px;border-radius:4px;color:#fff;font-weight:700;font-size:11px;
  text-align:center;letter-spacing:.03em;text-shadow:0 0 2px #000;}
.label{font-weight:600;}
.desc{opacity:.85;font-size:12px;}
.k{font-weight:600;margin-right:4px;}
.why,.summary,.flags{margin:6px 0 0;}
.text{unicode-bidi:isolate;}
.flags{padding:0;list-style:none;}
.flags li{margin:3px 0;padding-left:18px;text-indent:-18px;}
.actions{display:flex;gap:8px;align-items:center;margin-top:10px;}
button{font:inherit;font-size:12px;padding:3px 10px;border-radius:5px;cursor:pointer;
  border:1px solid currentColor;background:transparent;color:inherit;}
button:focus-visible{outline:3px solid #1a73e8;outline-offset:1px;}
.close{margin-left:auto;padding:1px 7px;}
.status{font-size:12px;opacity:.85;}
.ring{position:fixed;pointer-events:none;box-sizing:border-box;border-radius:4px;
  outline:3px solid #1a73e8;outline-offset:2px;box-shadow:0 0 0 5px rgba(255,255,255,.7);}
${MEMORY_TOOLTIP_CSS}
${chips}`;
}

function clean(s, max) {
  let t = String(s ?? '').replace(BIDI, '');
  if (t.length > max) t = t.slice(0, max - 1) + '…';
  return t;
}

/**
 * @typedef {object} Tooltip
 * @property {(clause: object, anchorRect: DOMRect|{left: number, top: number, right: number, bottom: number},
 *             opts?: {focus?: boolean}) => void} show  shows the clause's tooltip next to `anchorRect`
 *             (viewport coordinates); with `focus`, moves keyboard focus into it
 * @property {() => void} hide  hides it and the focus ring (and gives focus back if it had taken it)
 * @property {(rect: DOMRect|null) => void} showRing  draws a focus ring around a clause's rect (viewport coordinates)
 * @property {(anchorRect: DOMRect) => void} reposition  moves the open tooltip next to a new anchor
 * @property {() => boolean} isOpen
 * @property {(e: Event) => boolean} containsEvent  whether an event happened inside the tooltip
 * @property {() => object|null} current  the clause shown
 * @property {() => void} destroy  removes the host and its listeners
 * @property {Element} host
 */

/**
 * Creates the tooltip for one document.
 * @param {object} o
 * @param {Document} o.document
 * @param {{purposes: object[], flags: object[]}} o.taxonomy  from the WASM `taxonomy()`
 * @param {(clause: object) => Promise<boolean>|boolean} [o.onCopy]  copies the clause's summary
 * @param {boolean} [o.dark]  dark theme (default: detected from the page)
 * @param {boolean} [o.styleElement]  use a `<style>` element in the shadow root (Firefox content scripts)
 * @param {() => void} [o.onHide]
 * @returns {Tooltip}
 */
export function createTooltip({ document: doc, taxonomy, onCopy, dark, styleElement = false, onHide }) {
  const host = doc.createElement('clausemark-tooltip');
  // Inline CSSOM (not a style attribute): allowed under a strict style-src CSP.
  for (const [k, v] of [['all', 'initial'], ['position', 'fixed'], ['top', '0'], ['left', '0'], ['width', '0'], ['height', '0'], ['z-index', '2147483647'], ['display', 'block']]) {
    host.style.setProperty(k, v, 'important');
  }
  const root = host.attachShadow({ mode: 'open' });
  const removeStyles = addStyles(root, css(taxonomy), styleElement);
  const panel = doc.createElement('div');
  panel.className = 'panel';
  panel.setAttribute('role', 'dialog');
  panel.setAttribute('aria-label', 'Clausemark: what this clause lets the company do');
  panel.tabIndex = -1;
  panel.hidden = true;
  const ring = doc.createElement('div');
  ring.className = 'ring';
  ring.hidden = true;
  root.append(ring, panel);
  let attached = false;
  let clause = null;
  let returnFocus = null;
  const purposes = new Map(taxonomy.purposes.map((p) => [p.id, p]));
  const flags = new Map(taxonomy.flags.map((f) => [f.id, f]));

  const el = (tag, cls, text) => {
    const e = doc.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  };

  function render(c) {
    panel.replaceChildren();
    const isDark = dark === undefined ? isDarkPage(doc) : dark;
    panel.classList.toggle('dark', isDark);
    for (const p of c.purposes || []) {
      const info = purposes.get(p.id) || { id: p.id, label: p.id, short: '?', description: '' };
      const row = el('div', 'purpose');
      const chip = el('span', 'chip', info.short);
      if (SAFE_ID.test(info.id)) chip.setAttribute('data-purpose', info.id);
      const body = el('div');
      body.append(el('div', 'label', info.label), el('div', 'desc', info.description));
      row.append(chip, body);
      panel.append(row);
    }
    const evidence = [...new Set((c.purposes || []).flatMap((p) => p.evidence || []))].slice(0, 8);
    if (evidence.length) {
      const why = el('div', 'why');
      why.append(el('span', 'k', 'Why:'), el('span', 'text', evidence.map((w) => `“${clean(w, 80)}”`).join(', ')));
      panel.append(why);
    }
    if (c.summary) {
      const sum = el('div', 'summary');
      sum.append(el('span', 'k', 'Summary:'), el('span', 'text', clean(c.summary, 600)));
      panel.append(sum);
    }
    if (c.flags && c.flags.length) {
      const ul = el('ul', 'flags');
      for (const f of c.flags) {
        const li = el('li');
        li.append(el('span', 'k', `⚑ ${(flags.get(f.id) || { label: f.id }).label}:`), el('span', 'text', clean(f.sentence, 400)));
        ul.append(li);
      }
      panel.append(ul);
    }
    if (c.memory) renderMemory(panel, c.memory, el, clean); // policy memory: what changed, how others compare
    const actions = el('div', 'actions');
    const copy = el('button', 'copy', 'Copy summary');
    copy.type = 'button';
    const status = el('span', 'status');
    status.setAttribute('role', 'status');
    const close = el('button', 'close', '×');
    close.type = 'button';
    close.setAttribute('aria-label', 'Close');
    copy.addEventListener('click', async (e) => {
      if (!e.isTrusted || !onCopy) return; // page scripts cannot trigger our actions
      let ok = false;
      try { ok = await onCopy(c); } catch { ok = false; }
      status.textContent = ok ? 'Copied' : 'Could not copy';
    });
    close.addEventListener('click', (e) => { if (e.isTrusted) hide(); });
    actions.append(copy, status, close);
    panel.append(actions);
  }

  function place(anchor) {
    const vw = doc.documentElement.clientWidth || doc.defaultView.innerWidth;
    const vh = doc.documentElement.clientHeight || doc.defaultView.innerHeight;
    panel.style.setProperty('left', '0px');
    panel.style.setProperty('top', '0px');
    const w = panel.offsetWidth;
    const h = panel.offsetHeight;
    let top = anchor.bottom + 8;
    if (top + h > vh - 8) top = anchor.top - h - 8;
    if (top < 8) top = Math.max(8, Math.min(vh - h - 8, anchor.bottom + 8));
    const left = Math.max(8, Math.min(anchor.left, vw - w - 8));
    panel.style.setProperty('left', `${Math.round(left)}px`);
    panel.style.setProperty('top', `${Math.round(Math.max(8, top))}px`);
  }

  function onKey(e) {
    if (e.key === 'Escape' && !panel.hidden) {
      e.stopPropagation();
      hide();
    }
  }

  function attach() {
    if (!attached) {
      doc.documentElement.appendChild(host);
      doc.addEventListener('keydown', onKey, true);
      attached = true;
    }
  }

  function show(c, anchorRect, opts = {}) {
    attach();
    clause = c;
    render(c);
    panel.hidden = false;
    place(anchorRect);
    if (opts.focus) {
      const active = doc.activeElement;
      if (active !== host) returnFocus = active;
      panel.focus({ preventScroll: true });
    }
  }

  /** Draws a focus ring around `rect` (viewport coordinates); null hides it. */
  function showRing(rect) {
    if (!rect) { ring.hidden = true; return; }
    attach();
    for (const [k, v] of [['left', rect.left], ['top', rect.top], ['width', rect.right - rect.left], ['height', rect.bottom - rect.top]]) {
      ring.style.setProperty(k, `${Math.round(v)}px`);
    }
    ring.hidden = false;
  }

  function hide() {
    ring.hidden = true;
    if (panel.hidden) return;
    panel.hidden = true;
    clause = null;
    const had = doc.activeElement === host;
    if (had) {
      const back = returnFocus;
      returnFocus = null;
      if (back && back.isConnected && typeof back.focus === 'function' && back !== doc.body) back.focus({ preventScroll: true });
      else host.blur();
    }
    if (onHide) onHide();
  }

  return {
    host,
    show,
    hide,
    showRing,
    /** Moves the open tooltip next to a new anchor (e.g. after the page scrolled). */
    reposition(anchorRect) { if (!panel.hidden) place(anchorRect); },
    isOpen: () => !panel.hidden,
    current: () => clause,
    containsEvent: (e) => typeof e.composedPath === 'function' && e.composedPath().includes(host),
    destroy() {
      hide();
      doc.removeEventListener('keydown', onKey, true);
      removeStyles();
      host.remove();
      attached = false;
    },
  };
}
