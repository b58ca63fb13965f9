// The engine seen from the content script: the WASM core never runs here (in Chromium a page's CSP
// applies to WASM compiled in a content script); it runs in the extension's own background context
// and is reached by messages. One module hides the path, so the rest of the content script does not care.

import { MSG } from '../shared/messages.js';

/**
 * @typedef {object} Engine
 * @property {() => Promise<object>} taxonomy  the WASM `taxonomy()` (cached)
 * @property {(blocks: {text: string, kind: string}[], options?: object) => Promise<object>} analyze
 *   the WASM `analyze(blocks, options)` report
 */

/**
 * An engine that sends messages to the background (`send(msg) → Promise<response>`); a call that
 * gets no answer within `timeoutMs` fails.
 * @param {(msg: object) => Promise<any>} send
 * @param {{timeoutMs?: number}} [opts]
 * @returns {Engine}
 */
export function createMessageEngine(send, { timeoutMs = 30000 } = {}) {
  let taxonomyPromise = null;
  const call = async (msg) => {
    // A background that never answers (failed to start) must end in an error, not hang forever.
    let timer = 0;
    const timeout = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error('clausemark: engine did not answer')), timeoutMs); });
    const r = await Promise.race([send(msg), timeout]).finally(() => clearTimeout(timer));
    if (!r || r.ok !== true) throw new Error((r && typeof r.error === 'string' && r.error) || 'clausemark: engine unavailable');
    return r;
  };
  return {
    taxonomy() {
      if (!taxonomyPromise) {
        taxonomyPromise = call({ type: MSG.CONTENT_TO_BG_TAXONOMY }).then((r) => r.taxonomy);
        taxonomyPromise.catch(() => { taxonomyPromise = null; });
      }
      return taxonomyPromise;
    },
    async analyze(blocks, options = {}) {
      return (await call({ type: MSG.CONTENT_TO_BG_ANALYZE, blocks, options })).report;
    },
  };
}
