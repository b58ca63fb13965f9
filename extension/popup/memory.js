// The popup's policy-memory parts: "Since your last visit" (what changed in this policy since you last
// read it: counts, the new and changed clauses, which jump to them in the page, and the removed ones
// with their old text), the table of the policies you have read by purpose and flag, and the memory
// settings (on/off, export as a JSON file, import one back, delete). Everything stays in the browser:
// export is a download made from a blob URL in this page.
import { MSG } from '../shared/messages.js';
import { getSettings, updateSettings, onSettingsChanged } from '../shared/settings.js';
import { cleanText } from '../shared/format.js';
import { formatDate, policyName, changeSnippet } from '../shared/memory.js';
import { $, el } from './dom.js';

const api = globalThis.chrome;
const MAX_IMPORT_BYTES = 64 * 1024 * 1024;
const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

let tabId = null;
let taxonomy = { purposes: [], flags: [] };
let policies = [];
let pollUntil = 0;

async function activeTabId() {
  const q = new URLSearchParams(location.search).get('tab');
  if (q && /^-?\d+$/.test(q)) return Number(q);
  const [tab] = await api.tabs.query({ active: true, currentWindow: true });
  return tab ? tab.id : null;
}

function toContent(msg) {
  if (tabId === null || tabId < 0) return Promise.resolve(null);
  return api.tabs.sendMessage(tabId, msg, { frameId: 0 }).catch(() => null);
}
async function toBackground(msg) {
  const r = await api.runtime.sendMessage(msg).catch((e) => ({ ok: false, error: String(e && e.message) }));
  if (!r || r.ok !== true) throw new Error((r && r.error) || 'Clausemark did not answer.');
  return r;
}

// ---------- since your last visit
function renderChanges(m) {
  const box = $('changes');
  const status = $('changes-status');
  const lists = $('changes-lists');
  lists.replaceChildren();
  box.dataset.status = m ? m.status : 'none';
  if (!m || m.status === 'pending' || m.status === 'skipped' || m.status === 'too-large') {
    box.hidden = true;
    return;
  }
  box.hidden = false;
  if (m.status === 'first') status.textContent = 'First visit: Clausemark remembers this policy (in this browser only) and will show what changes.';
  else if (m.status === 'unchanged') {
    status.textContent = `No changes since your visit on ${m.sinceText}.`;
    const l = m.lastChange;
    if (l) lists.append(el('p', 'muted last-change', `Last change, seen on ${l.seenText} (since your visit on ${l.sinceText}): ${l.added} added, ${l.removed} removed, ${l.changed} changed.`));
  }
  else if (m.status === 'off') status.textContent = 'Policy memory is off (see Settings).';
  else if (m.status === 'private') status.textContent = 'Private window: nothing is remembered.';
  else if (m.status === 'changed') {
    const c = m.counts;
    status.textContent = `Changed since your visit on ${m.sinceText}: ${c.added} added, ${c.removed} removed, ${c.changed} changed.`;
    lists.append(
      changeList('added', `Added (${c.added})`, m.added, (it) => cleanText(it.text, 160), true),
      changeList('changed', `Changed (${c.changed})`, m.changed, (it) => cleanText(changeSnippet(it.old, it.text).after, 200), true),
      changeList('removed', `Removed (${c.removed})`, m.removed, (it) => cleanText(it.text, 300), false),
    );
    const first = lists.querySelector('details:not([data-empty])');
    if (first) first.open = true;
  } else status.textContent = '';
}

function changeList(kind, title, list, text, jumps) {
  const d = el('details', 'changes-list');
  d.dataset.kind = kind;
  if (!list.length) d.dataset.empty = '';
  d.append(el('summary', '', title));
  const ul = el('ul');
  for (const it of list) {
    const li = el('li');
    if (jumps) {
      const b = el('button', 'link', text(it));
      b.type = 'button';
      b.title = kind === 'changed' ? `Before: ${cleanText(it.old, 400)}` : 'Show it on the page';
      b.addEventListener('click', () => toContent({ type: MSG.POPUP_TO_CONTENT_MEMORY_JUMP, kind, index: it.i }));
      li.append(b);
      if (kind === 'changed') li.append(el('div', 'was', `Before: ${cleanText(changeSnippet(it.old, it.text).before, 200)}`));
    } else li.append(el('span', 'old', text(it)));
    ul.append(li);
  }
  if (!list.length) ul.append(el('li', 'muted', 'None.'));
  d.append(ul);
  return d;
}

async function refreshChanges() {
  const r = await toContent({ type: MSG.POPUP_TO_CONTENT_MEMORY });
  const m = r && r.ok ? r.memory : null;
  renderChanges(m);
  if (tabId === null || tabId < 0) {
    document.documentElement.dataset.memoryReady = '1';
    return;
  }
  // The page may still be analysing or waiting for the background: ask again for a while.
  if ((!m || m.status === 'pending') && Date.now() < pollUntil) setTimeout(refreshChanges, 300);
  else {
    document.documentElement.dataset.memoryReady = '1';
    if (m && m.status !== 'pending') refreshTable();
  }
}

// ---------- the policies you have read
async function refreshTable() {
  let r;
  try {
    r = await toBackground({ type: MSG.POPUP_TO_BG_MEMORY_LIST });
  } catch {
    return;
  }
  policies = r.policies;
  $('memory').checked = !!r.memory;
  $('memory-count').textContent = plural(policies.length, 'policy', 'policies');
  renderTable();
}

function renderTable() {
  const table = $('memory-table');
  table.replaceChildren();
  $('memory-table-box').hidden = policies.length === 0;
  if (!policies.length) return;
  const head = el('tr');
  head.append(el('th', 'policy', 'Policy (last read)'));
  for (const p of taxonomy.purposes) {
    const th = el('th', 'p', p.short);
    th.title = p.label;
    th.scope = 'col';
    head.append(th);
  }
  for (const f of taxonomy.flags) {
    const th = el('th', 'f');
    th.append(el('span', '', `⚑ ${f.label}`));
    th.title = f.description;
    th.scope = 'col';
    head.append(th);
  }
  const thead = el('thead');
  thead.append(head);
  const tbody = el('tbody');
  for (const pol of policies) {
    const tr = el('tr');
    const th = el('th', 'policy');
    th.scope = 'row';
    const a = el('a', '', policyName(pol));
    try {
      const u = new URL(pol.url);
      if (u.protocol === 'http:' || u.protocol === 'https:') {
        a.href = u.href;
        a.target = '_blank';
        a.rel = 'noopener noreferrer';
      }
    } catch { /* stays text */ }
    a.title = pol.url;
    th.append(a, el('span', 'date', formatDate(pol.seen)));
    tr.append(th);
    const cell = (n, title) => {
      const td = el('td', n ? 'n' : 'n zero', n ? String(n) : '·');
      td.title = title;
      return td;
    };
    for (const p of taxonomy.purposes) tr.append(cell((pol.purposes || {})[p.id] || 0, `${p.label}: ${plural((pol.purposes || {})[p.id] || 0, 'clause')}`));
    for (const f of taxonomy.flags) tr.append(cell((pol.flags || {})[f.id] || 0, `${f.label}: ${plural((pol.flags || {})[f.id] || 0, 'clause')}`));
    tbody.append(tr);
  }
  table.append(thead, tbody);
}

// ---------- settings: on/off, export, import, delete
function say(text, error = false) {
  const m = $('memory-msg');
  m.textContent = text;
  m.classList.toggle('error', error);
}

async function exportMemory() {
  try {
    const { data } = await toBackground({ type: MSG.POPUP_TO_BG_MEMORY_EXPORT });
    const blob = new Blob([JSON.stringify(data, null, 1)], { type: 'application/json' });
    const url = URL.createObjectURL(blob);
    const a = el('a');
    a.href = url;
    a.download = `clausemark-memory-${new Date().toISOString().slice(0, 10)}.json`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
    say(`Exported ${plural(data.policies.length, 'policy', 'policies')}.`);
  } catch (e) {
    say(`Could not export: ${e.message}`, true);
  }
}

async function importMemory(file) {
  if (!file) return;
  try {
    if (file.size > MAX_IMPORT_BYTES) throw new Error('The file is too large to be a Clausemark memory file.');
    let data;
    try {
      data = JSON.parse(await file.text());
    } catch {
      throw new Error('This file is not JSON, so it is not a Clausemark memory file.');
    }
    const r = await toBackground({ type: MSG.POPUP_TO_BG_MEMORY_IMPORT, data });
    say(`Imported ${plural(r.imported, 'policy', 'policies')} (${r.added} new, ${r.updated} updated).`);
    await refreshTable();
  } catch (e) {
    say(`Import failed: ${e.message.replace(/\s*Nothing was imported\.$/, '')} Your memory is unchanged.`, true);
  } finally {
    $('memory-import').value = '';
  }
}

async function deleteMemory() {
  try {
    await toBackground({ type: MSG.POPUP_TO_BG_MEMORY_DELETE });
    say('Memory deleted.');
    $('memory-confirm').hidden = true;
    await refreshTable();
  } catch (e) {
    say(`Could not delete: ${e.message}`, true);
  }
}

async function main() {
  tabId = await activeTabId();
  const t = await api.runtime.sendMessage({ type: MSG.POPUP_TO_BG_TAXONOMY }).catch(() => null);
  if (t && t.ok) taxonomy = t.taxonomy;
  const settings = await getSettings();
  $('memory').checked = settings.memory;
  $('memory').addEventListener('change', async () => {
    await updateSettings({ memory: $('memory').checked });
    say($('memory').checked ? 'Memory on: policies you analyse are remembered in this browser.' : 'Memory off: nothing new is remembered.');
  });
  onSettingsChanged((s) => { $('memory').checked = s.memory; });
  $('memory-export').addEventListener('click', exportMemory);
  $('memory-import').addEventListener('change', () => importMemory($('memory-import').files[0]));
  $('memory-delete').addEventListener('click', () => {
    $('memory-confirm-text').textContent = `Forget all ${plural(policies.length, 'remembered policy', 'remembered policies')}? This cannot be undone.`;
    $('memory-confirm').hidden = false;
    $('memory-delete-yes').focus();
  });
  $('memory-delete-yes').addEventListener('click', deleteMemory);
  $('memory-delete-no').addEventListener('click', () => { $('memory-confirm').hidden = true; });
  pollUntil = Date.now() + 15000;
  await refreshTable();
  await refreshChanges();
}

main();
