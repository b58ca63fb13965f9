//! Whole documents (HTML, Markdown, plain text) → blocks, for the CLI and tests.
//!
//! Hand-written and tolerant: malformed markup never panics, and work is linear in the input.
//! - HTML: block elements (p, li, td, th, dd, dt, h1–h6, blockquote, div, pre, caption, …) become
//!   blocks; inline elements stay inside them; script, style, head, svg, hidden elements and form
//!   controls are skipped; entities are decoded and whitespace collapsed like a browser.
//! - Markdown: headings (ATX, setext, a line that is only bold text), list items, table cells,
//!   paragraphs; inline markup is stripped (`**`, `_x_`, code, links, images, HTML tags, escapes).
//! - Plain text: paragraphs separated by blank lines.
use crate::{Block, BlockKind};

/// The formats [`load`] reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Html,
    Markdown,
    Text,
}

/// Reads a document's bytes into blocks. `name` (a file name) hints at the format; without a
/// known extension the format is sniffed from the content.
pub fn load(bytes: &[u8], name: &str) -> Result<Vec<Block>, String> {
    let text = decode(bytes)?;
    Ok(parse(&text, detect(&text, name)))
}

/// Parses text in a known format into blocks.
pub fn parse(text: &str, format: Format) -> Vec<Block> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match format {
        Format::Html => html(text),
        Format::Markdown => markdown(text),
        Format::Text => plain(text),
    }
}

/// Bytes → text: rejects binary data (NUL bytes, or many invalid UTF-8 sequences); a few invalid
/// sequences become U+FFFD.
pub fn decode(bytes: &[u8]) -> Result<String, String> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let nuls = bytes.iter().filter(|&&b| b == 0).count();
    if nuls > 0 {
        return Err(format!(
            "the input looks like binary data ({nuls} NUL bytes), not a text document"
        ));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(_) => {
            let lossy = String::from_utf8_lossy(bytes);
            let bad = lossy.chars().filter(|&c| c == '\u{fffd}').count();
            if bad * 50 > bytes.len() || (bytes.len() < 64 && bad > 2) {
                Err(format!("the input looks like binary data ({bad} invalid UTF-8 sequences), not a text document"))
            } else {
                Ok(lossy.into_owned())
            }
        }
    }
}

/// The format of a document, from its file name's extension, else from its content.
pub fn detect(text: &str, name: &str) -> Format {
    let lower = name.to_ascii_lowercase();
    let ext = lower.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    match ext {
        "html" | "htm" | "xhtml" | "shtml" => return Format::Html,
        "md" | "markdown" | "mdown" | "mkd" | "mdx" => return Format::Markdown,
        "txt" | "text" => return Format::Text,
        _ => {}
    }
    let head = crate::truncate_bytes(text.trim_start(), 4096).to_ascii_lowercase();
    if head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || head.starts_with("<?xml")
        || [
            "<p>", "<p ", "<div", "<body", "<li>", "<h1", "<h2", "<table",
        ]
        .iter()
        .any(|t| head.contains(t))
    {
        return Format::Html;
    }
    let md_signals = head
        .lines()
        .filter(|l| {
            let t = l.trim_start();
            t.starts_with("# ")
                || t.starts_with("## ")
                || t.starts_with("* ")
                || t.starts_with("- ")
                || t.starts_with("| ")
                || t.starts_with("**")
                || t.contains("](")
        })
        .count();
    if md_signals > 0 {
        Format::Markdown
    } else {
        Format::Text
    }
}

// ---------------------------------------------------------------------------------------------
// Plain text

fn plain(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut cur = String::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            push_block(&mut blocks, &cur, BlockKind::Paragraph);
            cur.clear();
        } else {
            if !cur.is_empty() {
                cur.push('\n');
            }
            cur.push_str(line.trim_end());
        }
    }
    push_block(&mut blocks, &cur, BlockKind::Paragraph);
    blocks
}

fn push_block(blocks: &mut Vec<Block>, text: &str, kind: BlockKind) {
    let t = text.trim();
    if !t.is_empty() {
        blocks.push(Block::new(t, kind));
    }
}

// ---------------------------------------------------------------------------------------------
// Markdown

enum Cur {
    None,
    Para(String),
    Item(String),
}

struct Md {
    blocks: Vec<Block>,
    cur: Cur,
}

impl Md {
    fn flush(&mut self) {
        match std::mem::replace(&mut self.cur, Cur::None) {
            Cur::None => {}
            Cur::Para(p) => {
                let t = strip_inline(&p, false);
                push_block(&mut self.blocks, &t, BlockKind::Paragraph);
            }
            Cur::Item(p) => {
                let t = strip_inline(&p, false);
                push_block(&mut self.blocks, &t, BlockKind::Item);
            }
        }
    }

    fn heading(&mut self, raw: &str) {
        let t = strip_inline(raw, false);
        push_block(&mut self.blocks, &t, BlockKind::Heading);
    }
}

fn markdown(text: &str) -> Vec<Block> {
    let mut md = Md {
        blocks: Vec::new(),
        cur: Cur::None,
    };
    let mut fence: Option<&str> = None;
    for raw in text.lines() {
        let t = raw.trim();
        if let Some(f) = fence {
            if t.starts_with(f) {
                fence = None;
                md.flush();
            } else {
                match &mut md.cur {
                    Cur::Para(p) => {
                        p.push(' ');
                        p.push_str(t);
                    }
                    _ => md.cur = Cur::Para(t.to_string()),
                }
            }
            continue;
        }
        if t.is_empty() {
            md.flush();
            continue;
        }
        if t.starts_with("```") || t.starts_with("~~~") {
            md.flush();
            fence = Some(&t[..3]);
            continue;
        }
        // Setext underline under a paragraph: the paragraph is a heading.
        if is_rule_of(t, b'=') || (is_rule_of(t, b'-') && !t.contains(' ')) {
            if let Cur::Para(p) = &md.cur {
                let p = p.clone();
                md.cur = Cur::None;
                md.heading(&p);
                continue;
            }
        }
        if is_thematic_break(t) {
            md.flush();
            continue;
        }
        if let Some(h) = atx_heading(t) {
            md.flush();
            md.heading(h);
            continue;
        }
        if t.starts_with('|') {
            md.flush();
            table_row(t, &mut md.blocks);
            continue;
        }
        let lead = raw.trim_start();
        if let Some(len) = md_list_marker(lead) {
            md.flush();
            md.cur = Cur::Item(lead[len..].trim().to_string());
            continue;
        }
        let mut t = t;
        while let Some(rest) = t.strip_prefix('>') {
            t = rest.trim_start();
        }
        if t.is_empty() {
            md.flush();
            continue;
        }
        if matches!(md.cur, Cur::None) && is_bold_only(t) {
            md.heading(t);
            continue;
        }
        // A hard line break (two trailing spaces or a backslash) becomes a line break.
        let hard = raw.ends_with("  ") || raw.ends_with('\\');
        let t = t.strip_suffix('\\').unwrap_or(t);
        match &mut md.cur {
            Cur::Para(p) | Cur::Item(p) => {
                if !p.is_empty() && !p.ends_with("<br>") {
                    p.push(' ');
                }
                p.push_str(t);
            }
            Cur::None => md.cur = Cur::Para(t.to_string()),
        }
        if hard {
            if let Cur::Para(p) | Cur::Item(p) = &mut md.cur {
                p.push_str("<br>");
            }
        }
    }
    md.flush();
    md.blocks
}

fn is_rule_of(t: &str, c: u8) -> bool {
    t.len() >= 2 && t.bytes().all(|b| b == c)
}

/// `---`, `***`, `___`, `- - -`.
fn is_thematic_break(t: &str) -> bool {
    let b = t.as_bytes();
    let Some(&c) = b.first() else { return false };
    matches!(c, b'-' | b'*' | b'_')
        && b.iter().filter(|&&x| x == c).count() >= 3
        && b.iter().all(|&x| x == c || x == b' ' || x == b'\t')
}

fn atx_heading(t: &str) -> Option<&str> {
    let hashes = t.bytes().take_while(|&b| b == b'#').count();
    if hashes == 0 || hashes > 6 {
        return None;
    }
    let rest = &t[hashes..];
    if !rest.is_empty() && !rest.starts_with([' ', '\t']) {
        return None;
    }
    let rest = rest.trim();
    // Closing hashes.
    let body = rest.trim_end_matches('#');
    if body.is_empty() || body.ends_with([' ', '\t']) {
        Some(body.trim())
    } else {
        Some(rest)
    }
}

/// A Markdown list marker (`*`, `-`, `+`, `1.`, `1)`) plus its spaces: the length to skip.
fn md_list_marker(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let k = match b.first()? {
        b'*' | b'-' | b'+' => 1,
        b'0'..=b'9' => {
            let d = b.iter().take_while(|c| c.is_ascii_digit()).count();
            if d > 3 || d >= b.len() || !matches!(b[d], b'.' | b')') {
                return None;
            }
            d + 1
        }
        _ => return None,
    };
    if k < b.len() && !matches!(b[k], b' ' | b'\t') {
        return None;
    }
    Some(
        k + b[k..]
            .iter()
            .take_while(|&&c| c == b' ' || c == b'\t')
            .count(),
    )
}

/// A line that is only bold text (`**Title**`, `__Title__`, `**Title**:`), standing alone and not
/// ending like a sentence.
fn is_bold_only(t: &str) -> bool {
    let t = t.trim_end_matches(':').trim_end();
    for d in ["**", "__"] {
        if let Some(inner) = t.strip_prefix(d).and_then(|r| r.strip_suffix(d)) {
            let inner = inner.trim();
            // "**Retain your payment card information.**" is a sentence, not a heading.
            if !inner.is_empty()
                && !inner.contains(d)
                && inner.len() < 200
                && !inner.ends_with(['.', '!', '?'])
            {
                return true;
            }
        }
    }
    false
}

/// One Markdown table row → one Cell block per non-empty cell; separator rows are dropped.
fn table_row(t: &str, blocks: &mut Vec<Block>) {
    let cells = split_cells(t);
    if cells
        .iter()
        .all(|c| c.bytes().all(|b| matches!(b, b'-' | b':' | b' ' | b'\t')))
    {
        return;
    }
    for cell in cells {
        let text = cell_text(cell);
        push_block(blocks, &text, BlockKind::Cell);
    }
}

fn split_cells(t: &str) -> Vec<&str> {
    let t = t.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let b = t.as_bytes();
    let mut cells = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'|' => {
                cells.push(&t[start..i]);
                start = i + 1;
                i += 1;
            }
            _ => i += 1,
        }
    }
    let last = &t[start.min(t.len())..];
    if !last.trim().is_empty() {
        cells.push(last);
    }
    cells
}

/// A table cell: `<br>`-separated lines, with list markers turned into bullets.
fn cell_text(cell: &str) -> String {
    let stripped = strip_inline(cell, true);
    let mut out = String::with_capacity(stripped.len());
    for line in stripped.split('\n') {
        if !out.is_empty() {
            out.push('\n');
        }
        let t = line.trim();
        if let Some(len) = md_list_marker(t) {
            out.push_str("• ");
            out.push_str(&t[len..]);
        } else {
            out.push_str(t);
        }
    }
    // At most one blank line in a row.
    while out.contains("\n\n\n") {
        out = out.replace("\n\n\n", "\n\n");
    }
    out
}

/// Strips Markdown inline markup: emphasis, code spans, links and images (their text stays),
/// HTML tags (`<br>` becomes a line break when `keep_list_markers` is set, else a space), escapes,
/// entities; collapses whitespace. With `keep_list_markers`, `*` at a line start is kept.
pub fn strip_inline(s: &str, keep_list_markers: bool) -> String {
    let mut out = String::with_capacity(s.len());
    strip_into(s, keep_list_markers, &mut out, 0);
    collapse_spaces(&out)
}

fn strip_into(s: &str, lines: bool, out: &mut String, depth: u32) {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match c {
            b'\\' if i + 1 < b.len() && b[i + 1].is_ascii_punctuation() => {
                out.push(b[i + 1] as char);
                i += 2;
            }
            b'`' => {
                let k = b[i..].iter().take_while(|&&x| x == b'`').count();
                let fence = &s[i..i + k];
                match s[i + k..].find(fence) {
                    Some(rel) => {
                        out.push_str(s[i + k..i + k + rel].trim());
                        i += k + rel + k;
                    }
                    None => {
                        out.push_str(fence);
                        i += k;
                    }
                }
            }
            b'!' if i + 1 < b.len() && b[i + 1] == b'[' => match link_at(s, i + 1) {
                Some((text, after)) if depth < 4 => {
                    strip_into(text, lines, out, depth + 1);
                    i = after;
                }
                _ => {
                    out.push('!');
                    i += 1;
                }
            },
            b'[' => match link_at(s, i) {
                Some((text, after)) if depth < 4 => {
                    strip_into(text, lines, out, depth + 1);
                    i = after;
                }
                _ => {
                    out.push('[');
                    i += 1;
                }
            },
            b'<' => match tag_at(s, i) {
                Some((TagKind::Br, end)) => {
                    out.push(if lines { '\n' } else { ' ' });
                    i = end;
                }
                Some((TagKind::Other, end)) => i = end,
                Some((TagKind::Autolink(a, z), end)) => {
                    out.push_str(&s[a..z]);
                    i = end;
                }
                None => {
                    out.push('<');
                    i += 1;
                }
            },
            b'&' => match entity_at(s, i) {
                Some((ch, len)) => {
                    ch.push_to(out);
                    i += len;
                }
                None => {
                    out.push('&');
                    i += 1;
                }
            },
            b'*' | b'_' | b'~' => {
                let k = b[i..].iter().take_while(|&&x| x == c).count();
                let prev = s[..i].chars().next_back();
                let next = s[i + k..].chars().next();
                let left = next.is_some_and(|n| !n.is_whitespace());
                let right = prev.is_some_and(|p| !p.is_whitespace());
                let at_line_start = prev.is_none() || prev == Some('\n') || out.ends_with('\n');
                let keep = match c {
                    b'~' => k < 2,
                    b'_' => {
                        let intraword = prev.is_some_and(char::is_alphanumeric)
                            && next.is_some_and(char::is_alphanumeric);
                        intraword || !(left || right)
                    }
                    _ => (lines && at_line_start && k == 1 && !left) || !(left || right),
                };
                if keep {
                    out.push_str(&s[i..i + k]);
                }
                i += k;
            }
            _ => {
                // Copy a run of ordinary text at once.
                let mut j = i + 1;
                while j < b.len()
                    && !matches!(
                        b[j],
                        b'\\' | b'`' | b'!' | b'[' | b'<' | b'&' | b'*' | b'_' | b'~'
                    )
                {
                    j += 1;
                }
                while !s.is_char_boundary(j) {
                    j += 1;
                }
                out.push_str(&s[i..j]);
                i = j;
            }
        }
    }
}

/// `[text](url)`, `[text][ref]` at `i` (which holds `[`): the text and where the link ends.
fn link_at(s: &str, i: usize) -> Option<(&str, usize)> {
    let b = s.as_bytes();
    let mut depth = 0;
    let mut j = i;
    let close = loop {
        if j >= b.len() || j - i > 2000 {
            return None;
        }
        match b[j] {
            b'\\' => j += 1,
            b'[' => depth += 1,
            b']' => {
                depth -= 1;
                if depth == 0 {
                    break j;
                }
            }
            _ => {}
        }
        j += 1;
    };
    let text = &s[i + 1..close];
    match b.get(close + 1) {
        Some(b'(') => {
            let mut depth = 0;
            let mut k = close + 1;
            loop {
                if k >= b.len() || k - close > 2000 {
                    return None;
                }
                match b[k] {
                    b'(' => depth += 1,
                    b')' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some((text, k + 1));
                        }
                    }
                    b'\n' => return None,
                    _ => {}
                }
                k += 1;
            }
        }
        Some(b'[') => {
            let end = s[close + 1..].find(']')?;
            Some((text, close + 1 + end + 1))
        }
        _ => None,
    }
}

enum TagKind {
    Br,
    Other,
    Autolink(usize, usize),
}

/// An HTML tag, comment or autolink at `i` (which holds `<`) inside Markdown.
fn tag_at(s: &str, i: usize) -> Option<(TagKind, usize)> {
    let rest = &s[i + 1..];
    if rest.starts_with("!--") {
        let end = rest.find("-->")?;
        return Some((TagKind::Other, i + 1 + end + 3));
    }
    let close = rest.find('>')?;
    let inner = &rest[..close];
    if close > 1000 || inner.contains('<') || inner.is_empty() {
        return None;
    }
    let lower = inner.to_ascii_lowercase();
    if (lower.starts_with("http://")
        || lower.starts_with("https://")
        || lower.starts_with("mailto:")
        || lower.contains('@'))
        && !inner.contains(char::is_whitespace)
    {
        return Some((TagKind::Autolink(i + 1, i + 1 + close), i + 1 + close + 1));
    }
    let name = lower.trim_start_matches('/');
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let tag: String = name
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    let kind = if tag == "br" {
        TagKind::Br
    } else {
        TagKind::Other
    };
    Some((kind, i + 1 + close + 1))
}

/// Collapses runs of spaces and tabs (and spaces around line breaks) into one space; trims.
fn collapse_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending = false;
    for c in s.chars() {
        match c {
            ' ' | '\t' | '\r' | '\u{c}' => pending = true,
            '\n' => {
                while out.ends_with(' ') {
                    out.pop();
                }
                out.push('\n');
                pending = false;
            }
            _ => {
                if pending && !out.is_empty() && !out.ends_with('\n') {
                    out.push(' ');
                }
                pending = false;
                out.push(c);
            }
        }
    }
    out.trim().to_string()
}

// ---------------------------------------------------------------------------------------------
// HTML

/// Elements whose content is raw text (not markup) and is skipped.
const RAW_TEXT: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "noscript", "iframe", "noembed", "noframes",
];

/// Elements skipped with everything inside.
const SKIPPED: &[&str] = &[
    "head", "template", "svg", "math", "select", "button", "object", "canvas", "audio", "video",
];

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen",
];

/// Elements that start and end a block of text.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "html",
    "legend",
    "li",
    "main",
    "menu",
    "nav",
    "ol",
    "option",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// How deep the element stack may grow (browsers cap nesting similarly).
const MAX_DEPTH: usize = 512;
/// How far down the stack an end tag looks for its element.
const MAX_END_SEARCH: usize = 128;

struct Open {
    name: String,
    skip: bool,
}

struct Html {
    stack: Vec<Open>,
    skipping: usize,
    pre: usize,
    bold: usize,
    /// Open head elements.
    head: usize,
    buf: String,
    all_bold: bool,
    blocks: Vec<Block>,
}

fn html(text: &str) -> Vec<Block> {
    let mut h = Html {
        stack: Vec::new(),
        skipping: 0,
        pre: 0,
        bold: 0,
        head: 0,
        buf: String::new(),
        all_bold: true,
        blocks: Vec::new(),
    };
    let b = text.as_bytes();
    let n = b.len();
    let mut i = 0;
    while i < n {
        if b[i] != b'<' {
            let j = text[i..].find('<').map_or(n, |k| i + k);
            if h.skipping == 0 {
                h.text(&text[i..j]);
            }
            i = j;
            continue;
        }
        let rest = &text[i..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            i = comment.find("-->").map_or(n, |k| i + 4 + k + 3);
            continue;
        }
        let next = b.get(i + 1).copied().unwrap_or(0);
        if next == b'!' || next == b'?' {
            i = rest.find('>').map_or(n, |k| i + k + 1);
            continue;
        }
        let end_tag = next == b'/';
        let name_start = if end_tag { i + 2 } else { i + 1 };
        if !b.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
            if h.skipping == 0 {
                h.text("<");
            }
            i += 1;
            continue;
        }
        let mut k = name_start;
        while k < n && !matches!(b[k], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>') {
            k += 1;
        }
        let name = text[name_start..k].to_ascii_lowercase();
        let (attrs_end, close) = tag_end(b, k);
        let attrs = &text[k..attrs_end];
        i = close;
        if end_tag {
            h.end(&name);
            continue;
        }
        let self_closing = attrs.trim_end().ends_with('/');
        h.start(&name, attrs, self_closing);
        if RAW_TEXT.contains(&name.as_str()) && !self_closing {
            // Skip to the matching end tag, which is then handled as usual.
            i = find_end_tag(text, i, &name).unwrap_or(n);
        }
    }
    h.flush();
    h.blocks
}

/// The end of a tag's attributes and the position after its `>` (quotes respected).
fn tag_end(b: &[u8], mut k: usize) -> (usize, usize) {
    let mut quote = 0u8;
    while k < b.len() {
        let c = b[k];
        if quote != 0 {
            if c == quote {
                quote = 0;
            }
        } else if c == b'"' || c == b'\'' {
            quote = c;
        } else if c == b'>' {
            return (k, k + 1);
        }
        k += 1;
    }
    (b.len(), b.len())
}

/// Position of `</name` (case-insensitive) at or after `from`.
fn find_end_tag(text: &str, from: usize, name: &str) -> Option<usize> {
    let b = text.as_bytes();
    let mut i = from;
    while let Some(rel) = text[i..].find("</") {
        let p = i + rel;
        let q = p + 2 + name.len();
        if q <= b.len()
            && b[p + 2..q].eq_ignore_ascii_case(name.as_bytes())
            && b.get(q).is_none_or(|c| !c.is_ascii_alphanumeric())
        {
            return Some(p);
        }
        i = p + 2;
    }
    None
}

/// Attribute names and values of a tag (tolerant).
fn attributes(attrs: &str) -> Vec<(String, String)> {
    let b = attrs.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        let s = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'=' && b[i] != b'/' {
            i += 1;
        }
        if s == i {
            i += 1;
            continue;
        }
        let name = attrs[s..i].to_ascii_lowercase();
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if i < b.len() && b[i] == b'=' {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                let q = b[i];
                let vs = i + 1;
                i = vs;
                while i < b.len() && b[i] != q {
                    i += 1;
                }
                value = attrs[vs..i].to_string();
                i += 1;
            } else {
                let vs = i;
                while i < b.len() && !b[i].is_ascii_whitespace() {
                    i += 1;
                }
                value = attrs[vs..i].to_string();
            }
        }
        out.push((name, value));
    }
    out
}

fn is_hidden(attrs: &str) -> bool {
    if attrs.is_empty() {
        return false;
    }
    attributes(attrs).iter().any(|(n, v)| {
        n == "hidden"
            || (n == "style"
                && v.to_ascii_lowercase()
                    .replace(' ', "")
                    .contains("display:none"))
    })
}

impl Html {
    fn start(&mut self, name: &str, attrs: &str, self_closing: bool) {
        // Content that belongs in the body ends an unclosed head.
        if !matches!(
            name,
            "title" | "meta" | "link" | "style" | "script" | "base" | "noscript" | "template"
        ) && self.head > 0
        {
            self.pop_to("head");
        }
        if name == "br" {
            if self.skipping == 0 {
                while self.buf.ends_with(' ') {
                    self.buf.pop();
                }
                self.buf.push('\n');
            }
            return;
        }
        let block = BLOCKS.contains(&name);
        if block {
            self.implicit_close(name);
            self.flush();
        }
        if VOID.contains(&name) || self_closing {
            return;
        }
        let skip = SKIPPED.contains(&name) || RAW_TEXT.contains(&name) || is_hidden(attrs);
        if self.stack.len() >= MAX_DEPTH && !skip {
            return;
        }
        if skip {
            self.skipping += 1;
        }
        if name == "pre" {
            self.pre += 1;
        }
        match name {
            "b" | "strong" => self.bold += 1,
            "head" => self.head += 1,
            _ => {}
        }
        self.stack.push(Open {
            name: name.to_string(),
            skip,
        });
    }

    /// A new p, li, td, … closes the open one it cannot sit inside.
    fn implicit_close(&mut self, name: &str) {
        let (targets, barriers): (&[&str], &[&str]) = match name {
            "li" => (&["li"], &["ul", "ol", "menu", "table"]),
            "td" | "th" => (&["td", "th"], &["table", "tr"]),
            "tr" => (&["tr"], &["table", "tbody", "thead", "tfoot"]),
            "dt" | "dd" => (&["dt", "dd"], &["dl"]),
            "option" => (&["option"], &["select"]),
            "tbody" | "thead" | "tfoot" => (&["tbody", "thead", "tfoot"], &["table"]),
            _ => (&[], &[]),
        };
        // A block inside a p closes the p.
        if self.stack.last().is_some_and(|o| o.name == "p") {
            self.pop_n(1);
        }
        if targets.is_empty() {
            return;
        }
        for (d, o) in self.stack.iter().rev().enumerate().take(MAX_END_SEARCH) {
            if barriers.contains(&o.name.as_str()) {
                return;
            }
            if targets.contains(&o.name.as_str()) {
                self.flush();
                self.pop_n(d + 1);
                return;
            }
        }
    }

    fn end(&mut self, name: &str) {
        if name == "br" {
            self.start("br", "", false);
            return;
        }
        let found = self
            .stack
            .iter()
            .rev()
            .take(MAX_END_SEARCH)
            .position(|o| o.name == name);
        let Some(d) = found else { return };
        if self
            .stack
            .iter()
            .rev()
            .take(d + 1)
            .any(|o| BLOCKS.contains(&o.name.as_str()))
        {
            self.flush();
        }
        self.pop_n(d + 1);
    }

    fn pop_to(&mut self, name: &str) {
        if let Some(d) = self.stack.iter().rev().position(|o| o.name == name) {
            self.pop_n(d + 1);
        }
    }

    fn pop_n(&mut self, n: usize) {
        for _ in 0..n {
            let Some(o) = self.stack.pop() else { return };
            if o.skip {
                self.skipping -= 1;
            }
            match o.name.as_str() {
                "pre" => self.pre -= 1,
                "b" | "strong" => self.bold -= 1,
                "head" => self.head -= 1,
                _ => {}
            }
        }
    }

    fn text(&mut self, raw: &str) {
        let decoded = decode_entities(raw);
        for c in decoded.chars() {
            if self.pre == 0 && matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}') {
                if !self.buf.is_empty() && !self.buf.ends_with([' ', '\n']) {
                    self.buf.push(' ');
                }
                continue;
            }
            if c == '\r' {
                continue;
            }
            if self.bold == 0 && !c.is_whitespace() {
                self.all_bold = false;
            }
            self.buf.push(c);
        }
    }

    /// Ends the current block: its kind comes from the innermost heading, list item or cell.
    fn flush(&mut self) {
        let t = self.buf.trim();
        if !t.is_empty() {
            let mut kind = BlockKind::Paragraph;
            for o in self.stack.iter().rev() {
                kind = match o.name.as_str() {
                    "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => BlockKind::Heading,
                    "li" => BlockKind::Item,
                    "td" | "th" => BlockKind::Cell,
                    _ => continue,
                };
                break;
            }
            // A paragraph that is only bold text, short and without a full stop, is a heading.
            if kind == BlockKind::Paragraph
                && self.all_bold
                && t.len() < 150
                && !t.ends_with(['.', '!', '?'])
                && self.stack.last().is_some_and(|o| o.name == "p")
            {
                kind = BlockKind::Heading;
            }
            self.blocks.push(Block::new(t, kind));
        }
        self.buf.clear();
        self.all_bold = true;
    }
}

/// Decodes HTML character references (`&amp;`, `&#39;`, `&#x2019;`, `&rsquo;`, …).
pub fn decode_entities(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains('&') {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while let Some(rel) = s[i..].find('&') {
        let p = i + rel;
        out.push_str(&s[i..p]);
        match entity_at(s, p) {
            Some((ch, len)) => {
                ch.push_to(&mut out);
                i = p + len;
            }
            None => {
                out.push('&');
                i = p + 1;
            }
        }
    }
    out.push_str(&s[i..]);
    std::borrow::Cow::Owned(out)
}

/// The character reference at `i` (which holds `&`): its text and length.
fn entity_at(s: &str, i: usize) -> Option<(Ent, usize)> {
    let b = s.as_bytes();
    let semi = b[i + 1..].iter().take(34).position(|&c| c == b';')?;
    let body = &s[i + 1..i + 1 + semi];
    let len = semi + 2;
    if let Some(num) = body.strip_prefix('#') {
        let code = if let Some(hex) = num.strip_prefix(['x', 'X']) {
            u32::from_str_radix(hex, 16).ok()?
        } else {
            num.parse::<u32>().ok()?
        };
        let c = match code {
            0 => '\u{fffd}',
            0x80..=0x9f => windows_1252(code),
            _ => char::from_u32(code).unwrap_or('\u{fffd}'),
        };
        return Some((Ent::Char(c), len));
    }
    Some((Ent::Str(named_entity(body)?), len))
}

/// A decoded character reference.
enum Ent {
    Str(&'static str),
    Char(char),
}

impl Ent {
    fn push_to(&self, out: &mut String) {
        match self {
            Ent::Str(s) => out.push_str(s),
            Ent::Char(c) => out.push(*c),
        }
    }
}

fn windows_1252(code: u32) -> char {
    const T: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    T[(code - 0x80) as usize]
}

fn named_entity(name: &str) -> Option<&'static str> {
    Some(match name {
        "amp" | "AMP" => "&",
        "lt" | "LT" => "<",
        "gt" | "GT" => ">",
        "quot" | "QUOT" => "\"",
        "apos" => "'",
        "nbsp" => "\u{a0}",
        "rsquo" => "’",
        "lsquo" => "‘",
        "rdquo" => "”",
        "ldquo" => "“",
        "sbquo" => "‚",
        "bdquo" => "„",
        "ndash" => "–",
        "mdash" => "—",
        "minus" => "−",
        "hellip" => "…",
        "copy" => "©",
        "reg" => "®",
        "trade" => "™",
        "bull" => "•",
        "middot" => "·",
        "laquo" => "«",
        "raquo" => "»",
        "lsaquo" => "‹",
        "rsaquo" => "›",
        "euro" => "€",
        "pound" => "£",
        "yen" => "¥",
        "cent" => "¢",
        "sect" => "§",
        "para" => "¶",
        "deg" => "°",
        "plusmn" => "±",
        "times" => "×",
        "divide" => "÷",
        "frac12" => "½",
        "frac14" => "¼",
        "frac34" => "¾",
        "shy" => "\u{ad}",
        "zwj" => "\u{200d}",
        "zwnj" => "\u{200c}",
        "lrm" => "\u{200e}",
        "rlm" => "\u{200f}",
        "thinsp" => "\u{2009}",
        "ensp" => "\u{2002}",
        "emsp" => "\u{2003}",
        "dagger" => "†",
        "Dagger" => "‡",
        "prime" => "′",
        "rarr" => "→",
        "larr" => "←",
        "uarr" => "↑",
        "darr" => "↓",
        "check" => "✓",
        "iexcl" => "¡",
        "iquest" => "¿",
        "aacute" => "á",
        "Aacute" => "Á",
        "agrave" => "à",
        "Agrave" => "À",
        "acirc" => "â",
        "auml" => "ä",
        "Auml" => "Ä",
        "aring" => "å",
        "atilde" => "ã",
        "aelig" => "æ",
        "ccedil" => "ç",
        "Ccedil" => "Ç",
        "eacute" => "é",
        "Eacute" => "É",
        "egrave" => "è",
        "Egrave" => "È",
        "ecirc" => "ê",
        "euml" => "ë",
        "iacute" => "í",
        "igrave" => "ì",
        "icirc" => "î",
        "iuml" => "ï",
        "ntilde" => "ñ",
        "Ntilde" => "Ñ",
        "oacute" => "ó",
        "Oacute" => "Ó",
        "ograve" => "ò",
        "ocirc" => "ô",
        "ouml" => "ö",
        "Ouml" => "Ö",
        "otilde" => "õ",
        "oslash" => "ø",
        "uacute" => "ú",
        "Uacute" => "Ú",
        "ugrave" => "ù",
        "ucirc" => "û",
        "uuml" => "ü",
        "Uuml" => "Ü",
        "szlig" => "ß",
        "yacute" => "ý",
        "yuml" => "ÿ",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(blocks: &[Block]) -> Vec<(&str, BlockKind)> {
        blocks.iter().map(|b| (b.text.as_str(), b.kind)).collect()
    }

    #[test]
    fn markdown_inline_markup_is_stripped() {
        assert_eq!(
            strip_inline(
                "We collect **content** _you_ create via `code` [User Content](#uc) and ![alt text](x.png).",
                false
            ),
            "We collect content you create via code User Content and alt text."
        );
        assert_eq!(
            strip_inline("snake_case stays, 5 * 3 stays, \\*escaped\\*", false),
            "snake_case stays, 5 * 3 stays, *escaped*"
        );
        assert_eq!(
            strip_inline("a<br>b <span class=\"x\">c</span> &amp; d", false),
            "a b c & d"
        );
        assert_eq!(
            strip_inline("see <https://example.com/a>", false),
            "see https://example.com/a"
        );
        assert_eq!(
            strip_inline("[broken link](no end", false),
            "[broken link](no end"
        );
    }

    #[test]
    fn markdown_blocks() {
        let md = "Title line\n==========\n\n**Introduction**\n----------------\n\nFirst line\nsecond line.\n\n### **Info**\n\n*   **Account.** We collect\n    your name.\n*   Second item\n1. Numbered\n\n| a | b |\n| --- | --- |\n| **x** | y<br><br>*   one<br>*   two |\n";
        let b = markdown(md);
        assert_eq!(
            texts(&b),
            vec![
                ("Title line", BlockKind::Heading),
                ("Introduction", BlockKind::Heading),
                ("First line second line.", BlockKind::Paragraph),
                ("Info", BlockKind::Heading),
                ("Account. We collect your name.", BlockKind::Item),
                ("Second item", BlockKind::Item),
                ("Numbered", BlockKind::Item),
                ("a", BlockKind::Cell),
                ("b", BlockKind::Cell),
                ("x", BlockKind::Cell),
                ("y\n\n• one\n• two", BlockKind::Cell),
            ]
        );
    }

    #[test]
    fn html_blocks() {
        let h = "<html><head><title>T</title><style>p{}</style></head><body><h2><strong>How We Use</strong></h2>\
                 <p>We <b>use</b> it&nbsp;&amp; share&rsquo;s &#39;x&#x27; &#8212;\n  more</p><ul><li>One<ul><li>Sub</li></ul></li><li>Two</ul>\
                 <table><tr><td>c1<td>c2</table><div hidden>secret</div><div style=\"display: none\">gone</div>\
                 <script>var x = '<p>no</p>';</script><noscript>nojs</noscript><button>Accept</button><div>leaf</div>\
                 <p><strong>Bold only</strong></p><pre>a\n  b</pre><p>x<br>y</p></body></html>";
        let b = html(h);
        assert_eq!(
            texts(&b),
            vec![
                ("How We Use", BlockKind::Heading),
                (
                    "We use it\u{a0}& share’s 'x' —\u{20}more",
                    BlockKind::Paragraph
                ),
                ("One", BlockKind::Item),
                ("Sub", BlockKind::Item),
                ("Two", BlockKind::Item),
                ("c1", BlockKind::Cell),
                ("c2", BlockKind::Cell),
                ("leaf", BlockKind::Paragraph),
                ("Bold only", BlockKind::Heading),
                ("a\n  b", BlockKind::Paragraph),
                ("x\ny", BlockKind::Paragraph),
            ]
        );
    }

    #[test]
    fn malformed_html_does_not_panic() {
        for h in [
            "<p>unclosed <b><i>x</p></div></div>",
            "<",
            "<<<>>>",
            "</p></p><p",
            "<p a='unterminated>text",
            "<script>never closed",
            "<!-- never closed",
            "&#xFFFFFFFF; &#0; &#55296; &bogus; &; &#x;",
            "<div><div><div>",
            "<td>x</td></tr></table></li></ul>",
            "<é>ü</é>",
        ] {
            let _ = html(h);
            let _ = markdown(h);
        }
        let deep = "<div>".repeat(100_000) + "x" + &"</span>".repeat(100_000);
        assert_eq!(texts(&html(&deep)), vec![("x", BlockKind::Paragraph)]);
    }

    #[test]
    fn binary_and_empty() {
        assert!(load(b"\x00\x01\x02PNG", "x.png")
            .unwrap_err()
            .contains("binary"));
        assert!(load(&[0xff; 100], "x").unwrap_err().contains("binary"));
        assert_eq!(load(b"", "x.md").unwrap(), vec![]);
        assert_eq!(load(b"hello\n\nworld", "x").unwrap().len(), 2);
        assert_eq!(detect("<!DOCTYPE html><p>x", "page"), Format::Html);
        assert_eq!(detect("# Title\n\ntext", "file"), Format::Markdown);
    }
}
