// The one settings module: DEFAULT_SETTINGS, read as defaults under stored values, written only
// here. Usable from a plain web page too: pass any `{get(keys), set(obj)}` storage area (e.g.
// `localStorageArea()`); the extension's `chrome.storage.local` is looked up lazily, never at import.

/**
 * Every setting and its default.
 * @typedef {object} Settings
 * @property {boolean} autoAnalyze   analyse pages that look like a policy by themselves
 * @property {string[]} disabledSites hostnames where Clausemark is off
 * @property {string[]} hiddenPurposes purpose ids toggled off in the popup
 * @property {boolean} onlyNotable   show only clauses with a notable-provision flag
 * @property {boolean} allOff        hide every highlight (without forgetting the per-purpose toggles)
 * @property {boolean} forceFallback paint with wrapped `<clausemark-mark>` elements instead of CSS highlights
 * @property {'markdown'|'text'} copyFormat what "Copy all" puts on the clipboard
 * @property {boolean} memory        remember analysed policies (locally, never in private windows) to show
 *                                   what changed since the last visit and how other policies compare
 */

/** @type {Readonly<Settings>} */
export const DEFAULT_SETTINGS = Object.freeze({
  autoAnalyze: true,
  disabledSites: Object.freeze([]),
  hiddenPurposes: Object.freeze([]),
  onlyNotable: false,
  allOff: false,
  forceFallback: false,
  copyFormat: 'markdown',
  memory: true,
});

const KEYS = Object.keys(DEFAULT_SETTINGS);

function defaultArea() {
  const area = globalThis.chrome?.storage?.local;
  if (!area) throw new Error('clausemark: no storage area (pass one to the settings functions)');
  return area;
}

/**
 * Defaults under stored values: unknown keys are dropped, values of the wrong type fall back.
 * @param {object} [stored]
 * @returns {Settings}
 */
export function mergeSettings(stored) {
  const out = {};
  for (const k of KEYS) {
    const d = DEFAULT_SETTINGS[k];
    const v = stored ? stored[k] : undefined;
    if (Array.isArray(d)) out[k] = Array.isArray(v) ? v.filter((x) => typeof x === 'string') : [...d];
    else out[k] = typeof v === typeof d ? v : d;
  }
  if (out.copyFormat !== 'markdown' && out.copyFormat !== 'text') out.copyFormat = DEFAULT_SETTINGS.copyFormat;
  return out;
}

/**
 * Reads the settings (defaults under stored values).
 * @param {{get: Function}} [area] a storage area; defaults to chrome.storage.local
 * @returns {Promise<Settings>}
 */
export async function getSettings(area) {
  const stored = await (area || defaultArea()).get(KEYS);
  return mergeSettings(stored);
}

/**
 * Writes some settings (only known keys) and returns the merged result.
 * @param {Partial<Settings>} patch
 * @param {{get: Function, set: Function}} [area]
 * @returns {Promise<Settings>}
 */
export async function updateSettings(patch, area) {
  const a = area || defaultArea();
  const current = await getSettings(a);
  const next = mergeSettings({ ...current, ...patch });
  const changed = {};
  for (const k of KEYS) if (k in patch) changed[k] = next[k];
  await a.set(changed);
  return next;
}

/**
 * Calls `cb(settings)` whenever stored settings change (chrome.storage only). Returns an unsubscribe.
 * @param {(s: Settings) => void} cb
 * @returns {() => void}
 */
export function onSettingsChanged(cb) {
  const onChanged = globalThis.chrome?.storage?.onChanged;
  if (!onChanged) return () => {};
  const listener = (changes, areaName) => {
    if (areaName !== 'local' || !KEYS.some((k) => k in changes)) return;
    getSettings().then(cb, () => {});
  };
  onChanged.addListener(listener);
  return () => { try { onChanged.removeListener(listener); } catch { /* context gone */ } };
}

/**
 * The key a site is switched off under: its hostname ('' for non-http pages).
 * @param {string} url
 * @returns {string}
 */
export function siteKey(url) {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.hostname : '';
  } catch {
    return '';
  }
}

/**
 * The purpose ids whose highlights are shown, given the settings and the taxonomy.
 * @param {Settings} settings
 * @param {{purposes: {id: string}[]}} taxonomy
 * @returns {Set<string>}
 */
export function enabledPurposes(settings, taxonomy) {
  if (settings.allOff) return new Set();
  const hidden = new Set(settings.hiddenPurposes);
  return new Set(taxonomy.purposes.map((p) => p.id).filter((id) => !hidden.has(id)));
}

/**
 * A storage area over `window.localStorage` (for the www demo), shaped like chrome.storage.local.
 * @param {Storage} [storage]
 * @param {string} [prefix]
 */
export function localStorageArea(storage = globalThis.localStorage, prefix = 'clausemark-settings:') {
  return {
    async get(keys) {
      const out = {};
      for (const k of keys) {
        const raw = storage.getItem(prefix + k);
        if (raw !== null) try { out[k] = JSON.parse(raw); } catch { /* ignore bad value */ }
      }
      return out;
    },
    async set(obj) {
      for (const [k, v] of Object.entries(obj)) storage.setItem(prefix + k, JSON.stringify(v));
    },
  };
}
