//! Whole documents (HTML, Markdown, plain text) → blocks, for the CLI and tests. (Stub.)
use crate::{Block, BlockKind};

/// Reads a document's bytes into blocks. `name` (a file name) hints at the format.
pub fn load(bytes: &[u8], _name: &str) -> Result<Vec<Block>, String> {
    let text = std::str::from_utf8(bytes).map_err(|e| format!("not UTF-8 text: {e}"))?;
    Ok(text.split("\n\n").map(|p| Block::new(p, BlockKind::Paragraph)).collect())
}
