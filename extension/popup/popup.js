// The toolbar popup: analyse button, the 13 purposes with swatch, short label, count and toggle,
// "only notable" and "all off", the page's notable provisions, "Copy all", and the settings. The tab
// it works on is `?tab=<id>` when given (tests open the popup in a tab), else the active tab.
import { MSG } from '../shared/messages.js';
import { getSettings, updateSettings, onSettingsChanged, siteKey, enabledPurposes } from '../shared/settings.js';
import { reportToMarkdown, reportToText, cleanText } from '../shared/format.js';
import { $, el } from './dom.js';

const api = globalThis.chrome;

let tabId = null;
let taxonomy = null;
let settings = null;
let frames = [{ frameId: 0 }];
let reports = []; // [{frameId, status, items, title, url}]
let poll = 0;

async function activeTabId() {
  const q = new URLSearchParams(location.search).get('tab');
  if (q && /^\d+$/.test(q)) return Number(q);
  const [tab] = await api.tabs.query({ active: true, currentWindow: true });
  return tab ? tab.id : null;
}

function toContent(msg, frameId = 0) {
  return api.tabs.sendMessage(tabId, msg, { frameId }).catch(() => null);
}

async function refresh() {
  const st = await api.runtime.sendMessage({ type: MSG.POPUP_TO_BG_TAB_STATE, tabId }).catch(() => null);
  const ids = new Set([0, ...((st && st.ok && st.frames) || []).map((f) => f.frameId)]);
  frames = [...ids].map((frameId) => ({ frameId }));
  const got = await Promise.all(frames.map((f) => toContent({ type: MSG.POPUP_TO_CONTENT_GET_REPORT }, f.frameId).then((r) => (r && r.ok ? { ...r, frameId: f.frameId } : null))));
  reports = got.filter(Boolean);
  render();
  const busy = reports.some((r) => r.status.state === 'analysing');
  clearTimeout(poll);
  if (busy) poll = setTimeout(refresh, 400);
}

function allItems() {
  return reports.flatMap((r) => r.items.map((it) => ({ ...it, frameId: r.frameId })));
}

function render() {
  const top = reports.find((r) => r.frameId === 0);
  const items = allItems();
  const states = reports.map((r) => r.status.state);
  const status = $('status');
  if (!top) status.textContent = 'Clausemark cannot read this page yet. Press “Analyse this page” to start.';
  else if (states.includes('analysing')) {
    const p = Math.max(...reports.map((r) => r.status.progress || 0));
    status.textContent = `Analysing… ${p}%`;
  } else if (states.includes('ready')) {
    const visible = items.filter((i) => i.visible).length;
    status.textContent = `${items.length} clause${items.length === 1 ? '' : 's'} highlighted${visible !== items.length ? ` (${visible} shown)` : ''}.`;
  } else if (states.includes('off')) status.textContent = 'Clausemark is off for this site.';
  else if (states.includes('error')) status.textContent = 'Something went wrong while analysing this page.';
  else status.textContent = 'This page does not look like a privacy policy. You can still analyse it.';
  $('lang').hidden = !top || top.status.english !== false;
  $('cancel').hidden = !states.includes('analysing');
  const url = top ? top.url : '';
  $('site').textContent = siteKey(url) || 'this site';
  $('siteOff').disabled = !siteKey(url);
  if (settings) {
    $('siteOff').checked = settings.disabledSites.includes(siteKey(url));
    $('autoAnalyze').checked = settings.autoAnalyze;
    $('forceFallback').checked = settings.forceFallback;
    $('onlyNotable').checked = settings.onlyNotable;
    $('allOff').checked = settings.allOff;
  }
  renderPurposes(items);
  renderFlags(items);
}

function renderPurposes(items) {
  if (!taxonomy) return;
  const list = $('purposes');
  list.replaceChildren();
  const hidden = new Set(settings ? settings.hiddenPurposes : []);
  for (const p of taxonomy.purposes) {
    const n = items.filter((it) => it.purposes.some((q) => q.id === p.id)).length;
    const li = el('li');
    li.dataset.purpose = p.id;
    const label = el('label');
    const box = el('input');
    box.type = 'checkbox';
    box.checked = !hidden.has(p.id);
    box.disabled = !!(settings && settings.allOff);
    box.setAttribute('aria-label', `Show ${p.label}`);
    box.addEventListener('change', () => togglePurpose(p.id, box.checked));
    // The swatch shows both cues the page uses: the colour and the purpose's own underline style.
    const sw = el('span', 'swatch', 'abc');
    sw.setAttribute('aria-hidden', 'true');
    sw.style.background = p.color_light;
    sw.style.textDecoration = `underline ${p.underline} ${p.swatch} 2px`;
    sw.title = `${p.label}: ${p.underline} underline`;
    label.append(box, sw, el('span', 'short', p.short), el('span', 'name', p.label));
    label.title = p.description;
    const count = el('button', 'count', String(n));
    count.type = 'button';
    count.disabled = n === 0;
    count.setAttribute('aria-label', `${n} ${p.label} clauses: jump to the next one`);
    count.addEventListener('click', () => jump({ purpose: p.id }));
    li.append(label, count);
    list.append(li);
  }
}

function renderFlags(items) {
  if (!taxonomy) return;
  const box = $('flags');
  box.replaceChildren();
  let any = false;
  for (const f of taxonomy.flags) {
    const with_ = items.filter((it) => it.flags.some((q) => q.id === f.id));
    if (!with_.length) continue;
    any = true;
    const div = el('details', 'flag');
    div.dataset.flag = f.id;
    const sum = el('summary');
    sum.append(el('span', 'flag-label', `⚑ ${f.label} (${with_.length})`));
    sum.title = f.description;
    div.append(sum);
    const ul = el('ul');
    for (const it of with_.slice(0, 50)) {
      const li = el('li');
      const b = el('button', '', cleanText(it.summary || it.text, 140));
      b.type = 'button';
      b.title = f.description;
      b.addEventListener('click', () => jump({ index: it.index }, it.frameId));
      li.append(b);
      ul.append(li);
    }
    div.append(ul);
    box.append(div);
  }
  if (!any) box.append(el('p', 'muted', 'None on this page.'));
}

async function jump(what, frameId) {
  if (frameId !== undefined) return toContent({ type: MSG.POPUP_TO_CONTENT_JUMP, ...what }, frameId);
  // The first frame that has such a clause.
  for (const r of reports) {
    const has = r.items.some((it) => it.visible && (what.purpose ? it.purposes.some((p) => p.id === what.purpose) : true));
    if (has) return toContent({ type: MSG.POPUP_TO_CONTENT_JUMP, ...what }, r.frameId);
  }
  return null;
}

async function togglePurpose(id, on) {
  const hidden = new Set(settings.hiddenPurposes);
  if (on) hidden.delete(id); else hidden.add(id);
  settings = await updateSettings({ hiddenPurposes: [...hidden] });
  setTimeout(refresh, 50);
}

async function analyse() {
  let ok = await toContent({ type: MSG.POPUP_TO_CONTENT_ANALYZE });
  if (!ok) {
    // No content script yet (the page was open before the extension was installed): inject it now,
    // under activeTab, then ask again.
    try {
      await api.scripting.executeScript({ target: { tabId, allFrames: true }, files: ['content.js'] });
      await new Promise((r) => setTimeout(r, 150));
      ok = await toContent({ type: MSG.POPUP_TO_CONTENT_ANALYZE });
    } catch { ok = null; }
  }
  if (!ok) $('status').textContent = 'Clausemark cannot analyse this page (browser pages and stores are off limits).';
  setTimeout(refresh, 100);
}

async function copy(format) {
  const top = reports.find((r) => r.frameId === 0) || reports[0];
  const items = allItems().filter((it) => it.visible);
  const ctx = {
    title: top ? top.title : '',
    url: top ? top.url : '',
    date: new Date().toISOString().slice(0, 10),
    taxonomy,
    enabled: enabledPurposes(settings, taxonomy),
  };
  const text = format === 'text' ? reportToText(items, ctx) : reportToMarkdown(items, ctx);
  try {
    await navigator.clipboard.writeText(text);
    $('copied').textContent = `Copied ${items.length} clause${items.length === 1 ? '' : 's'}.`;
  } catch {
    $('copied').textContent = 'Could not copy.';
  }
}

async function main() {
  tabId = await activeTabId();
  settings = await getSettings();
  const t = await api.runtime.sendMessage({ type: MSG.POPUP_TO_BG_TAXONOMY }).catch(() => null);
  taxonomy = t && t.ok ? t.taxonomy : { purposes: [], flags: [] };
  $('analyse').addEventListener('click', analyse);
  $('cancel').addEventListener('click', async () => {
    await Promise.all(frames.map((f) => toContent({ type: MSG.POPUP_TO_CONTENT_CANCEL }, f.frameId)));
    setTimeout(refresh, 100);
  });
  $('copyAll').addEventListener('click', () => copy('markdown'));
  $('copyText').addEventListener('click', () => copy('text'));
  const bind = (id, key) => $(id).addEventListener('change', async () => {
    settings = await updateSettings({ [key]: $(id).checked });
    setTimeout(refresh, 50);
  });
  bind('onlyNotable', 'onlyNotable');
  bind('allOff', 'allOff');
  bind('autoAnalyze', 'autoAnalyze');
  bind('forceFallback', 'forceFallback');
  $('siteOff').addEventListener('change', async () => {
    const top = reports.find((r) => r.frameId === 0);
    const site = siteKey(top ? top.url : '');
    if (!site) return;
    const sites = new Set(settings.disabledSites);
    if ($('siteOff').checked) sites.add(site); else sites.delete(site);
    settings = await updateSettings({ disabledSites: [...sites] });
    setTimeout(refresh, 100);
  });
  onSettingsChanged((s) => { settings = s; render(); });
  await refresh();
  document.documentElement.dataset.ready = '1';
}

main();
