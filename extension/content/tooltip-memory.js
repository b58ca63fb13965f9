// The policy-memory part of a clause's tooltip (see memory.js): "New since …" / "Changed since …"
// with the clause's old text, and how the other policies you have read handle its purposes and flags
// (with links to them). DOM APIs and textContent only; links are http(s) only and open in a new tab.

/** CSS for the tooltip's shadow root. */
export const MEMORY_TOOLTIP_CSS = `
.memory{margin:8px 0 0;padding:6px 0 0;border-top:1px solid rgba(128,128,128,.45);}
.memory .note{font-weight:700;color:#c2410c;}
.panel.dark .memory .note{color:#ffa94d;}
.memory .was{margin:3px 0 0;padding-left:8px;border-left:3px solid rgba(194,65,12,.6);opacity:.9;font-size:12px;}
.memory .compare{margin:4px 0 0;padding:0;list-style:none;font-size:12px;}
.memory .compare li{margin:2px 0;}
.memory a{color:inherit;}`;

function safeUrl(u) {
  try {
    const url = new URL(u);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * Appends the memory section for `m` ({note?, old?, compare: [{text, policies: [{url, name}]}]}).
 * @param {Element} panel
 * @param {object} m
 * @param {(tag: string, cls?: string, text?: string) => Element} el
 * @param {(s: string, max: number) => string} clean
 */
export function renderMemory(panel, m, el, clean) {
  if (!m || (!m.note && !(m.compare && m.compare.length))) return;
  const box = el('div', 'memory');
  if (m.note) box.append(el('div', 'note', m.note));
  if (m.old) {
    const was = el('div', 'was');
    was.append(el('span', 'k', 'Before:'), el('span', 'text', clean(m.old, 600)));
    box.append(was);
  }
  if (m.compare && m.compare.length) {
    const ul = el('ul', 'compare');
    for (const s of m.compare.slice(0, 8)) {
      const li = el('li', '', `${clean(s.text, 200)} `);
      const names = s.policies.slice(0, 6);
      names.forEach((p, i) => {
        const href = safeUrl(p.url);
        const a = el(href ? 'a' : 'span', '', clean(p.name, 60));
        if (href) {
          a.href = href;
          a.target = '_blank';
          a.rel = 'noopener noreferrer';
        }
        li.append(a);
        if (i < names.length - 1) li.append(', ');
      });
      if (s.policies.length > names.length) li.append(` and ${s.policies.length - names.length} more`);
      ul.append(li);
    }
    box.append(ul);
  }
  panel.append(box);
}
