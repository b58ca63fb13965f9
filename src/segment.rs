//! Text → clauses. (Stub: replaced by the real segmenter.)
use crate::BlockKind;

/// A clause's byte range in its block, trimmed of surrounding whitespace.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Segment {
    pub start: usize,
    pub end: usize,
}

/// Splits one block's text into clauses.
pub fn segment(text: &str, _kind: BlockKind) -> Vec<Segment> {
    let t = text.trim();
    if t.is_empty() {
        return vec![];
    }
    let start = text.len() - text.trim_start().len();
    vec![Segment { start, end: start + t.len() }]
}
