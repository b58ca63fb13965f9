//! The WebAssembly bindings: the only file that touches wasm-bindgen. Thin wrappers over the
//! pure core; errors cross as real JS `Error`s, never panics.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::diff::ClauseRecord;
use crate::{Block, Options};

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** One block of page text, as the content script collects it from one block-level element. */
export interface Block { text: string; kind?: "paragraph" | "heading" | "item" | "cell"; }
/** Options for `analyze`. */
export interface AnalyzeOptions {
  /** Section heading in force before the first block (the previous chunk's `report.section`). */
  section?: string;
  /** Text of the block just before the first block, when it is in the same section (the last
   * block of the previous chunk unless it was a heading): the first clause's context. */
  previous?: string;
  /** Include each clause's text. */
  includeText?: boolean;
  /** Report clauses with no purpose and no flag too (for change detection). */
  includeEmpty?: boolean;
}
export interface PurposeHit { id: string; score: number; evidence: string[]; }
export interface FlagHit { id: string; sentence: string; }
/** One clause. `start`/`end` are UTF-16 code units (JS string indices) into `blocks[block].text`. */
export interface Clause {
  block: number; start: number; end: number; text?: string; section: string;
  purposes: PurposeHit[]; flags: FlagHit[]; summary: string;
}
export interface Report {
  clauses: Clause[];
  /** Section heading in force after the last block. */
  section: string;
  stats: { blocks: number; bytes: number; clauses: number; work: number };
}
export interface PurposeInfo {
  id: string; label: string; short: string; description: string;
  color_light: string; color_dark: string; swatch: string; underline: string;
}
export interface FlagInfo { id: string; label: string; description: string; }
export interface Taxonomy { purposes: PurposeInfo[]; flags: FlagInfo[]; }
export interface Classification { purposes: PurposeHit[]; flags: string[]; scores: Record<string, number>; }
/** One stored clause of a policy version (a heading has `heading: true`). */
export interface ClauseRecord { text: string; purposes?: string[]; flags?: string[]; heading?: boolean; }
/** What changed between two lists of clause records, as indices into them. `added` and `changed`
 * are in the new list's order, `removed` in the old list's; headings are never listed. */
export interface RecordDiff {
  /** Indices into `newer` of clauses only in the new version. */
  added: number[];
  /** Indices into `older` of clauses only in the old version. */
  removed: number[];
  /** Reworded clauses: `old` indexes `older`, `new` indexes `newer`. */
  changed: { old: number; new: number }[];
  /** Clauses found, word for word after normalisation, in both. */
  unchanged: number;
}
"#;

/// Largest input `analyze` accepts, in bytes of text (larger pages must be sent in chunks).
const MAX_INPUT_BYTES: usize = 64 * 1024 * 1024;

#[wasm_bindgen(start)]
fn start() {
    console_error_panic_hook::set_once();
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&format!("clausemark: cannot return result: {e}")))
}

/// The core's version.
#[wasm_bindgen]
pub fn version() -> String {
    crate::VERSION.to_string()
}

/// The 13 purposes and 8 flags with ids, labels, descriptions and colours.
#[wasm_bindgen(unchecked_return_type = "Taxonomy")]
pub fn taxonomy() -> Result<JsValue, JsError> {
    to_js(&crate::taxonomy::taxonomy())
}

/// Segments blocks of page text into clauses and classifies each.
///
/// Throws an `Error` when `blocks` is not an array of `{text, kind?}` or the input is too large.
#[wasm_bindgen(unchecked_return_type = "Report")]
pub fn analyze(
    #[wasm_bindgen(unchecked_param_type = "Block[]")] blocks: JsValue,
    #[wasm_bindgen(unchecked_param_type = "AnalyzeOptions | undefined")] options: JsValue,
) -> Result<JsValue, JsError> {
    let blocks: Vec<Block> = serde_wasm_bindgen::from_value(blocks).map_err(|e| {
        JsError::new(&format!(
            "clausemark: blocks must be an array of {{text, kind?}}: {e}"
        ))
    })?;
    let total: usize = blocks.iter().map(|b| b.text.len()).sum();
    if total > MAX_INPUT_BYTES {
        return Err(JsError::new(&format!(
            "clausemark: input of {total} bytes is larger than {MAX_INPUT_BYTES}; send it in chunks"
        )));
    }
    let options: Options = if options.is_undefined() || options.is_null() {
        Options::default()
    } else {
        serde_wasm_bindgen::from_value(options)
            .map_err(|e| JsError::new(&format!("clausemark: bad options: {e}")))?
    };
    to_js(&crate::analyze(&blocks, &options))
}

#[derive(Serialize)]
struct ClassificationOut {
    purposes: Vec<crate::PurposeOut>,
    flags: Vec<&'static str>,
    scores: std::collections::BTreeMap<&'static str, f32>,
}

/// Classifies one clause (no segmentation), given its section heading and the clause before it
/// in the same section (its context, as `analyze` reads it; omit both when unknown).
#[wasm_bindgen(js_name = classify, unchecked_return_type = "Classification")]
pub fn classify_clause(
    text: &str,
    section: Option<String>,
    previous: Option<String>,
) -> Result<JsValue, JsError> {
    let text = crate::truncate_bytes(text, crate::MAX_CLASSIFY_BYTES);
    let c = crate::classify::classify_in_context(
        text,
        section.as_deref().unwrap_or(""),
        previous.as_deref().unwrap_or(""),
    );
    to_js(&ClassificationOut {
        purposes: c
            .purposes
            .iter()
            .map(|p| crate::PurposeOut {
                id: p.purpose.id(),
                score: p.score,
                evidence: p.evidence.clone(),
            })
            .collect(),
        flags: c.flags.iter().map(|f| f.id()).collect(),
        scores: crate::Purpose::ALL
            .iter()
            .map(|p| (p.id(), c.scores[p.index()]))
            .collect(),
    })
}

fn records(value: JsValue, which: &str) -> Result<Vec<ClauseRecord>, JsError> {
    let recs: Vec<ClauseRecord> = serde_wasm_bindgen::from_value(value).map_err(|e| {
        JsError::new(&format!(
            "clausemark: {which} must be an array of {{text, purposes?, flags?, heading?}}: {e}"
        ))
    })?;
    let total: usize = recs.iter().map(|r| r.text.len()).sum();
    if total > MAX_INPUT_BYTES {
        return Err(JsError::new(&format!(
            "clausemark: {which} holds {total} bytes of text, more than {MAX_INPUT_BYTES}"
        )));
    }
    Ok(recs)
}

/// Compares two stored versions of a policy clause by clause (the same alignment as
/// `clausemark diff`): reordering, renumbering, whitespace and punctuation are not changes; a
/// reworded clause is matched to its old version.
///
/// Throws an `Error` when either argument is not an array of `{text, purposes?, flags?, heading?}`.
#[wasm_bindgen(js_name = diffClauses, unchecked_return_type = "RecordDiff")]
pub fn diff_clauses(
    #[wasm_bindgen(unchecked_param_type = "ClauseRecord[]")] older: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ClauseRecord[]")] newer: JsValue,
) -> Result<JsValue, JsError> {
    let older = records(older, "older")?;
    let newer = records(newer, "newer")?;
    to_js(&crate::diff::diff_records(&older, &newer))
}

/// The fingerprint of a clause's normalised text, as 16 hex digits: two clauses that differ only
/// in case, whitespace, punctuation, bullets, numbering, quote or dash style have the same one.
#[wasm_bindgen]
pub fn fingerprint(text: &str) -> String {
    format!("{:016x}", crate::diff::fingerprint(text))
}
