// The cheap detector that runs on every page before anything else: does this page look like a
// privacy policy, terms or cookie notice (URL, title, headings)? And is its text English? On pages
// that fail, the WASM engine is never loaded. Reads the DOM only. Usable from a plain web page.

const WORDS = /\b(privacy|policy|policies|terms|cookies?|data[\s-]+protection|gdpr|ccpa|personal[\s-]+(?:data|information)|legal|notice|conditions|agreement|tos)\b/gi;
const URL_WORDS = /(privacy|policy|policies|terms|legal|cookie|gdpr|ccpa|data[-_]?protection|tos\b|datenschutz)/i;

/**
 * Scores how much a page looks like a policy. `policy` is true at score ≥ 2 (a policy-ish URL or
 * title alone, or headings).
 * @param {Document} doc
 * @param {string} [url]
 * @returns {{policy: boolean, score: number, reasons: string[]}}
 */
export function looksLikePolicy(doc, url = doc.location ? doc.location.href : '') {
  let score = 0;
  const reasons = [];
  let path = '';
  try { const u = new URL(url); path = decodeURIComponent(u.pathname + u.search + u.hash); } catch { /* no URL */ }
  if (URL_WORDS.test(path)) { score += 2; reasons.push('url'); }
  const title = (doc.title || '').slice(0, 300);
  if ((title.match(WORDS) || []).length) { score += 2; reasons.push('title'); }
  const heads = doc.querySelectorAll('h1, h2, h3, [role="heading"]');
  let hits = 0;
  for (let i = 0; i < heads.length && i < 40; i++) {
    if (((heads[i].textContent || '').slice(0, 200).match(WORDS) || []).length) hits++;
  }
  if (hits) { score += Math.min(hits, 3); reasons.push(`headings:${hits}`); }
  return { policy: score >= 2, score, reasons };
}

const EN = new Set('the and of to a in that is for we you your our with by or as be are this on may from information data use not it which when such'.split(' '));
const OTHER = new Set('der die das und ist nicht mit wir sie ihre ihren den dem des zu von auf le la les des et est pour vous nous votre vos el los las y que para su sus por con una il che di per non della het een van en ik je är och att det som'.split(' '));

/**
 * True when text reads as English (common function words), looking at most `max` characters.
 * @param {string} text
 * @param {number} [max]
 * @returns {boolean}
 */
export function looksEnglish(text, max = 20000) {
  const words = String(text).slice(0, max).toLowerCase().match(/[a-zà-ÿ]+/g) || [];
  if (words.length < 20) return true; // too little to say: do not refuse
  let en = 0;
  let other = 0;
  for (const w of words) {
    if (EN.has(w)) en++;
    else if (OTHER.has(w)) other++;
  }
  return en / words.length >= 0.08 && en > other * 1.5;
}
