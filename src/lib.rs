//! Clausemark core: reads the text of a privacy policy or terms page, clause by clause, and says
//! what each clause lets the company do with your data, and why.
//!
//! Pure Rust: no DOM, no I/O. The same core runs natively (CLI, tests, benchmarks) and in the
//! browser through `wasm.rs`, the only file that touches wasm-bindgen.
//!
//! Data flow: blocks of page text ([`Block`]) → [`segment`] into clauses → [`classify`] each
//! (purposes, scores, evidence, flags) → [`explain`] (summary, flag sentences) → [`Report`]
//! with UTF-16 offsets (converted once, in [`span`]).

pub mod classify;
pub mod diff;
pub mod doc;
pub mod explain;
pub mod segment;
pub mod span;
pub mod taxonomy;
#[cfg(target_arch = "wasm32")]
mod wasm;

use serde::{Deserialize, Serialize};

pub use classify::{classify, Classification, PurposeScore};
pub use taxonomy::{Flag, Purpose, NUM_FLAGS, NUM_PURPOSES};

/// The crate version, as `version()` reports it.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Clauses longer than this (in bytes) are classified on their first `MAX_CLASSIFY_BYTES` only,
/// so that work stays linear in the input whatever the page holds.
pub const MAX_CLASSIFY_BYTES: usize = 4096;

/// What kind of block-level element a block of text came from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BlockKind {
    /// A paragraph or any other block (div, dd, blockquote, …).
    #[default]
    Paragraph,
    /// h1–h6 (or a Markdown heading, or a bold line standing alone): never a purpose clause; it
    /// becomes the section context of the clauses beneath it.
    Heading,
    /// A list item.
    Item,
    /// A table cell.
    Cell,
}

/// One block of page text: what the content script collects from one block-level element.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Block {
    pub text: String,
    #[serde(default)]
    pub kind: BlockKind,
}

impl Block {
    pub fn new(text: impl Into<String>, kind: BlockKind) -> Block {
        Block {
            text: text.into(),
            kind,
        }
    }
}

/// Options for [`analyze`].
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Options {
    /// The section heading in force before the first block (for analysing a page in chunks:
    /// pass the previous chunk's [`Report::section`]).
    pub section: String,
    /// The text of the block just before the first block, when it is in the same section (for
    /// analysing a page in chunks: the last block of the previous chunk unless it was a
    /// heading). Its last clause is the context the first clause is read in.
    pub previous: String,
    /// Include each clause's text in the report (the CLI does; the extension slices it itself).
    pub include_text: bool,
    /// Report clauses that state no purpose and no flag too (for change detection).
    pub include_empty: bool,
}

/// One purpose of a clause, with its score and the words that drove it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PurposeOut {
    pub id: &'static str,
    pub score: f32,
    pub evidence: Vec<String>,
}

/// One flag of a clause, with its factual sentence for the tooltip.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FlagOut {
    pub id: &'static str,
    pub sentence: String,
}

/// One clause of the report. Offsets are UTF-16 code units into its block's text.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClauseOut {
    pub block: u32,
    pub start: u32,
    pub end: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The nearest heading above the clause.
    pub section: String,
    /// Purposes that cleared their threshold, best first.
    pub purposes: Vec<PurposeOut>,
    pub flags: Vec<FlagOut>,
    /// A one-line summary built from the clause's own words (empty when it has no purpose).
    pub summary: String,
}

/// Counters for tests and benchmarks (work is counted, not timed).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Stats {
    pub blocks: u32,
    pub bytes: u64,
    pub clauses: u32,
    /// Units of work done (bytes scanned by the segmenter and classifier): grows linearly with input.
    pub work: u64,
}

/// The result of [`analyze`].
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Report {
    pub clauses: Vec<ClauseOut>,
    /// The section heading in force after the last block (feed it to the next chunk).
    pub section: String,
    pub stats: Stats,
}

/// The last clause of a block's text ("" when it has none).
fn last_clause(text: &str) -> &str {
    // Only the tail can hold the last clause (a block may be megabytes long).
    let mut from = text.len().saturating_sub(4 * MAX_CLASSIFY_BYTES);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let text = &text[from..];
    segment::segment(text, BlockKind::Paragraph)
        .last()
        .and_then(|s| text.get(s.start..s.end))
        .unwrap_or("")
}

/// Analyses blocks of page text: segments them into clauses, classifies each, explains each.
pub fn analyze(blocks: &[Block], options: &Options) -> Report {
    let mut section = options.section.clone();
    // The clause before the current one in the same section (the classifier's context).
    let mut context = classify::context_of(last_clause(&options.previous), &section);
    let mut report = Report::default();
    for (bi, block) in blocks.iter().enumerate() {
        report.stats.blocks += 1;
        report.stats.bytes += block.text.len() as u64;
        if block.kind == BlockKind::Heading {
            let h = block.text.trim();
            if !h.is_empty() {
                section = truncate_chars(h, 200).to_string();
                context = classify::features::Context::default();
            }
            report.stats.work += block.text.len() as u64;
            continue;
        }
        let segments = segment::segment(&block.text, block.kind);
        report.stats.work += block.text.len() as u64;
        let mut offsets = Vec::with_capacity(segments.len() * 2);
        let mut outs = Vec::with_capacity(segments.len());
        for seg in &segments {
            let text = &block.text[seg.start..seg.end];
            let limited = truncate_bytes(text, MAX_CLASSIFY_BYTES);
            report.stats.work += limited.len() as u64;
            let (cls, next) = classify::classify_after(limited, &section, context);
            context = next;
            if cls.purposes.is_empty() && cls.flags.is_empty() && !options.include_empty {
                continue;
            }
            // One reading of the clause for the summary and every flag sentence.
            let (summary, sentences) = explain::explain(limited, &cls);
            let flags = cls
                .flags
                .iter()
                .zip(sentences)
                .map(|(&f, sentence)| FlagOut {
                    id: f.id(),
                    sentence,
                })
                .collect();
            let purposes = cls
                .purposes
                .into_iter()
                .map(|p| PurposeOut {
                    id: p.purpose.id(),
                    score: p.score,
                    evidence: p.evidence,
                })
                .collect();
            offsets.push(seg.start);
            offsets.push(seg.end);
            outs.push(ClauseOut {
                block: bi as u32,
                start: 0,
                end: 0,
                text: options.include_text.then(|| text.to_string()),
                section: section.clone(),
                purposes,
                flags,
                summary,
            });
        }
        // Byte → UTF-16, once per block, in the one helper that does it.
        let units = span::bytes_to_utf16(&block.text, &offsets);
        for (i, out) in outs.iter_mut().enumerate() {
            out.start = units[2 * i];
            out.end = units[2 * i + 1];
        }
        report.stats.clauses += outs.len() as u32;
        report.clauses.extend(outs);
    }
    report.section = section;
    report
}

/// The longest prefix of `s` of at most `max` bytes that ends on a char boundary.
pub fn truncate_bytes(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

fn truncate_chars(s: &str, max: usize) -> &str {
    match s.char_indices().nth(max) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}
