// Collects the text of a page as blocks for the core, and maps the core's UTF-16 offsets back to DOM
// Ranges. A block is the text of one block-level element (p, li, td, h1…); inline markup (a, b, span)
// stays inside its block. The text is the page's text nodes concatenated, with whitespace characters
// replaced one-for-one by spaces (offsets stay exact); `<br>` adds one separating space that maps to
// no node. Reads the DOM only: never modifies it. Usable from a plain web page (no chrome.*).

/** Elements whose text starts a block of its own. */
const BLOCK_TAGS = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'BODY', 'CAPTION', 'CENTER', 'DD', 'DETAILS', 'DIALOG', 'DIV', 'DL',
  'DT', 'FIELDSET', 'FIGCAPTION', 'FIGURE', 'FOOTER', 'FORM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HGROUP',
  'HR', 'HTML', 'LEGEND', 'LI', 'MAIN', 'MENU', 'NAV', 'OL', 'P', 'PRE', 'SECTION', 'SUMMARY', 'TABLE', 'TBODY', 'TD',
  'TFOOT', 'TH', 'THEAD', 'TR', 'UL',
]);

/** Elements whose content is never page prose. */
const SKIP_TAGS = new Set([
  'SCRIPT', 'STYLE', 'NOSCRIPT', 'TEXTAREA', 'INPUT', 'SELECT', 'OPTION', 'BUTTON', 'TEMPLATE', 'SVG', 'MATH',
  'CANVAS', 'IFRAME', 'FRAME', 'OBJECT', 'EMBED', 'VIDEO', 'AUDIO', 'IMG', 'HEAD', 'TITLE', 'META', 'LINK',
]);

const HEADING = /^H[1-6]$/;
const WS = /[\t\n\r\f\v]/g;

/**
 * @typedef {object} BlockMap  where each block's text came from
 * @property {{nodes: Text[], starts: number[], lens: number[], length: number}[]} blocks
 *   per block: its text nodes, each node's offset in the block text, and its length when collected
 */

/**
 * @typedef {object} CollectOptions
 * @property {(el: Element) => boolean} [skip]  extra elements to leave out (with their subtree)
 * @property {boolean} [shadow=true]  descend into open shadow roots (flat tree, slots honoured)
 * @property {boolean} [checkHidden=true]  leave out elements that are not rendered (display:none, hidden)
 */

function isOwnUi(el) {
  const t = el.tagName;
  return t.length > 11 && t.startsWith('CLAUSEMARK-') && t !== 'CLAUSEMARK-MARK';
}

function kindOf(el) {
  const t = el.tagName;
  if (HEADING.test(t)) return 'heading';
  if (t === 'LI' || t === 'DT') return 'item';
  if (t === 'TD' || t === 'TH') return 'cell';
  return 'paragraph';
}

function isBlock(el) {
  return BLOCK_TAGS.has(el.tagName) || !!el.shadowRoot;
}

function hidden(el, checkHidden) {
  if (el.hasAttribute('hidden')) return true;
  if (!checkHidden) return false;
  // Cheap first test: a rendered element has an offsetParent unless it is fixed or the body.
  if (el.offsetParent !== null || el.tagName === 'BODY' || el.tagName === 'HTML') return false;
  const view = el.ownerDocument.defaultView;
  const cs = view && view.getComputedStyle(el);
  if (!cs) return false;
  if (cs.display === 'none') return true;
  if (cs.display === 'contents') return false;
  return cs.position !== 'fixed' && typeof el.getClientRects === 'function' && el.getClientRects().length === 0;
}

/**
 * Children of `node` in the flat tree (open shadow roots and slots honoured).
 * @param {Node} node
 * @param {boolean} shadow
 * @returns {ArrayLike<Node>}
 */
function flatChildren(node, shadow) {
  if (shadow && node.nodeType === 1) {
    if (node.shadowRoot) return node.shadowRoot.childNodes;
    if (node.tagName === 'SLOT' && typeof node.assignedNodes === 'function') {
      const assigned = node.assignedNodes({ flatten: true });
      if (assigned.length) return assigned;
    }
  }
  return node.childNodes;
}

/**
 * Collects the blocks of text under `root` (an Element, Document or ShadowRoot).
 * @param {Node} root
 * @param {CollectOptions} [opts]
 * @returns {{blocks: {text: string, kind: string}[], map: BlockMap}}
 */
export function collectBlocks(root, opts = {}) {
  const steps = collectSteps(root, opts);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** Yields to the page: `scheduler.yield()` where there is one (it resumes before other queued
 * tasks), else a macrotask. */
function yieldTask() {
  const sch = globalThis.scheduler;
  if (sch && typeof sch.yield === 'function') return sch.yield();
  return new Promise((r) => setTimeout(r, 0));
}

/**
 * The same as `collectBlocks`, but yields to the page (awaits `pause()`, default a macrotask)
 * after `sliceMs` milliseconds (default 8) or `sliceNodes` nodes of work, whichever comes first,
 * so a page is read in many short tasks, not one long one.
 * @param {Node} root
 * @param {CollectOptions & {sliceNodes?: number, sliceMs?: number, pause?: () => Promise<void>, cancelled?: () => boolean}} [opts]
 * @returns {Promise<{blocks: {text: string, kind: string}[], map: BlockMap}|null>} null when cancelled
 */
export async function collectBlocksAsync(root, opts = {}) {
  const pause = opts.pause || yieldTask;
  const steps = collectSteps(root, opts, opts.sliceNodes || 20000, opts.sliceMs || 8);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    await pause();
    if (opts.cancelled && opts.cancelled()) return null;
  }
}

function* collectSteps(root, opts, sliceNodes = Infinity, sliceMs = Infinity) {
  const shadow = opts.shadow !== false;
  const checkHidden = opts.checkHidden !== false;
  const skip = opts.skip;
  const blocks = [];
  const mapBlocks = [];
  let parts = [];
  let cur = null; // {nodes, starts, lens, length, kind, strongOnly, hasText}

  const open = (kind) => {
    flush();
    cur = { nodes: [], starts: [], lens: [], length: 0, kind, strongOnly: true, hasText: false };
    parts = [];
  };
  const flush = () => {
    if (cur && cur.hasText) {
      const text = parts.join('');
      let kind = cur.kind;
      // A short bold line standing alone reads as a heading.
      if (kind === 'paragraph' && cur.strongOnly && text.trim().length < 120 && !/[.:;]\s*$/.test(text)) kind = 'heading';
      blocks.push({ text, kind });
      mapBlocks.push({ nodes: cur.nodes, starts: cur.starts, lens: cur.lens, length: cur.length });
    }
    cur = null;
    parts = [];
  };

  // Iterative walk (deep pages must not overflow the stack). Frames: [node, nextChild, children, isBlock, isStrong].
  const start = root.nodeType === 9 ? root.documentElement || root.body : root;
  if (!start) return { blocks, map: { blocks: mapBlocks } };
  const stack = [];
  const blockKinds = []; // kinds of the enclosing block elements, innermost last
  let strongDepth = 0;

  const enter = (node) => {
    if (node.nodeType === 3) {
      const data = node.data;
      if (!data.length) return;
      if (!cur) open(blockKinds.length ? blockKinds[blockKinds.length - 1] : 'paragraph');
      cur.nodes.push(node);
      cur.starts.push(cur.length);
      cur.lens.push(data.length);
      cur.length += data.length;
      parts.push(data.replace(WS, ' '));
      if (/\S/.test(data)) {
        cur.hasText = true;
        if (strongDepth === 0) cur.strongOnly = false;
      }
      return;
    }
    if (node.nodeType === 11) {
      stack.push([node, 0, node.childNodes, false, false]);
      return;
    }
    if (node.nodeType !== 1) return;
    const el = node;
    const tag = el.tagName.toUpperCase();
    if (SKIP_TAGS.has(tag) || isOwnUi(el) || (skip && skip(el))) return;
    const ce = el.getAttribute('contenteditable');
    if (ce !== null && ce !== 'false') return;
    if (hidden(el, checkHidden)) return;
    if (tag === 'BR') {
      if (cur) { parts.push(' '); cur.length += 1; }
      return;
    }
    if (isBlock(el)) {
      const kind = kindOf(el);
      blockKinds.push(kind);
      open(kind);
      stack.push([el, 0, flatChildren(el, shadow), true, false]);
      return;
    }
    const strong = tag === 'B' || tag === 'STRONG';
    if (strong) strongDepth++;
    stack.push([el, 0, flatChildren(el, shadow), false, strong]);
  };

  enter(start);
  let budget = sliceNodes;
  const timed = sliceMs !== Infinity;
  let sliceStart = timed ? performance.now() : 0;
  let tick = 0;
  while (stack.length) {
    // The clock is read every 32 nodes only.
    if (--budget <= 0 || (timed && (++tick & 31) === 0 && performance.now() - sliceStart > sliceMs)) {
      budget = sliceNodes;
      yield;
      if (timed) sliceStart = performance.now();
    }
    const frame = stack[stack.length - 1];
    const children = frame[2];
    if (frame[1] < children.length) {
      enter(children[frame[1]++]);
      continue;
    }
    stack.pop();
    if (frame[4]) strongDepth--;
    if (frame[3]) {
      // Leaving a block: text that follows continues the enclosing block as a new block.
      flush();
      blockKinds.pop();
    }
  }
  flush();
  return { blocks, map: { blocks: mapBlocks } };
}

function locate(b, offset, isEnd) {
  // Binary search: the last node whose start <= offset (for an end, < offset).
  const starts = b.starts;
  let lo = 0;
  let hi = starts.length - 1;
  let best = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (isEnd ? starts[mid] < offset : starts[mid] <= offset) { best = mid; lo = mid + 1; } else hi = mid - 1;
  }
  if (best < 0) return isEnd ? null : { i: 0, off: 0 };
  const rel = offset - starts[best];
  if (rel <= b.lens[best]) return { i: best, off: rel };
  // The offset falls in a synthetic separator after this node.
  if (isEnd) return { i: best, off: b.lens[best] };
  return best + 1 < starts.length ? { i: best + 1, off: 0 } : null;
}

/**
 * A DOM Range over UTF-16 offsets [start, end) of block `blockIndex`, or null when the block's nodes
 * have since vanished or changed (so stale highlights are dropped, never misplaced).
 * @param {BlockMap} map
 * @param {number} blockIndex
 * @param {number} start
 * @param {number} end
 * @returns {Range|null}
 */
export function rangeFor(map, blockIndex, start, end) {
  const b = map && map.blocks[blockIndex];
  if (!b || !b.nodes.length || !(end > start)) return null;
  const s = locate(b, start, false);
  const e = locate(b, end, true);
  if (!s || !e || e.i < s.i) return null;
  const sn = b.nodes[s.i];
  const en = b.nodes[e.i];
  for (let i = s.i; i <= e.i; i++) {
    const n = b.nodes[i];
    if (!n.isConnected || n.data.length !== b.lens[i]) return null;
  }
  const range = sn.ownerDocument.createRange();
  range.setStart(sn, Math.min(s.off, sn.data.length));
  range.setEnd(en, Math.min(e.off, en.data.length));
  return range.collapsed ? null : range;
}

/**
 * The text nodes a block was collected from, with their offsets (for interval lookups).
 * @param {BlockMap} map
 * @param {number} blockIndex
 */
export function blockNodes(map, blockIndex) {
  return map.blocks[blockIndex] || null;
}
