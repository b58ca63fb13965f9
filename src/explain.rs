//! Tooltip text and clause summaries. (Stub.)
use crate::classify::Classification;
use crate::taxonomy::Flag;

/// A faithful one-line summary built from the clause's own words.
pub fn summarize(text: &str, _c: &Classification) -> String {
    crate::truncate_bytes(text, 160).to_string()
}

/// A short factual sentence for a flag, for the tooltip.
pub fn flag_sentence(flag: Flag, _text: &str, _c: &Classification) -> String {
    flag.info().description.to_string()
}
