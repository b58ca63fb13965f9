//! Text → clauses: one forward pass over the bytes of a block.
//!
//! A clause is a sentence, a list item, a table cell or a heading; a colon followed by a capital
//! letter or a digit also ends one ("Data Controller: If you live …"), as the labelled data does. The segmenter knows
//! abbreviations ("e.g.", "Inc.", "U.S."), initials, decimals, URLs, e-mail addresses and
//! ellipses (none ends a sentence), closing quotes and parentheses after a full stop, CJK and
//! Arabic sentence marks, list markers and bullets at line starts, Markdown table rows (one clause
//! per cell), and caps a clause at [`MAX_CLAUSE_BYTES`] so that work stays linear on any input.
use crate::BlockKind;

/// A clause's byte range in its block, trimmed of surrounding whitespace.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Segment {
    pub start: usize,
    pub end: usize,
}

/// A clause without a sentence end is cut (at its last whitespace) before it grows past this.
pub const MAX_CLAUSE_BYTES: usize = 2000;

/// An open parenthesis older than this (in bytes) no longer keeps a sentence end from splitting.
const MAX_PAREN_SPAN: usize = 400;

/// Splits one block's text into clauses.
///
/// The ranges are ascending, non-overlapping, on char boundaries, never empty, trimmed of
/// whitespace (including NBSP and zero-width characters), and each holds at least one letter or
/// digit. List markers ("1.", "(a)", "•") at line starts are left out of the clause they start.
pub fn segment(text: &str, _kind: BlockKind) -> Vec<Segment> {
    let mut s = Segmenter {
        text,
        bytes: text.as_bytes(),
        out: Vec::new(),
        region: 0,
        content: None,
        alnum: false,
        depth: 0,
        depth_since: 0,
        last_ws: None,
        table: false,
    };
    s.run();
    s.out
}

/// Whitespace for clause purposes: Unicode White_Space (which includes NBSP) plus zero-width
/// spaces and joiners and the byte-order mark.
#[inline]
pub fn is_space(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
        )
}

/// `s` without leading and trailing [`is_space`] characters, as a byte range.
pub fn trim_range(s: &str, start: usize, end: usize) -> (usize, usize) {
    let t = &s[start..end];
    let a = t.len() - t.trim_start_matches(is_space).len();
    let b = t.trim_end_matches(is_space).len();
    if b <= a {
        (start + a, start + a)
    } else {
        (start + a, start + b)
    }
}

struct Segmenter<'a> {
    text: &'a str,
    bytes: &'a [u8],
    out: Vec<Segment>,
    /// Where the current clause's region begins (may start with whitespace).
    region: usize,
    /// The first non-space byte of the region.
    content: Option<usize>,
    /// The region holds a letter or digit.
    alnum: bool,
    /// Open parentheses/brackets in the current clause.
    depth: u32,
    depth_since: usize,
    /// The last whitespace byte after `content` (a place to cut an over-long clause).
    last_ws: Option<usize>,
    /// Inside a Markdown table row: `|` ends a clause.
    table: bool,
}

impl<'a> Segmenter<'a> {
    fn run(&mut self) {
        let n = self.bytes.len();
        let mut i = self.line_start(0);
        while i < n {
            if let Some(c0) = self.content {
                if i - c0 >= MAX_CLAUSE_BYTES {
                    i = self.cut(i);
                    continue;
                }
            }
            let b = self.bytes[i];
            let class = CLASS[b as usize];
            if class & SPECIAL == 0 {
                // Fast path: a run of ordinary ASCII bytes (letters, digits, most punctuation).
                self.mark(i);
                let c0 = self.content.unwrap_or(i);
                let limit = n.min(c0 + MAX_CLAUSE_BYTES);
                let mut seen = class;
                let mut j = i + 1;
                while j < limit {
                    let c = CLASS[self.bytes[j] as usize];
                    if c & SPECIAL != 0 {
                        break;
                    }
                    seen |= c;
                    j += 1;
                }
                if seen & ALNUM != 0 {
                    self.alnum = true;
                }
                i = j;
                continue;
            }
            if b < 0x80 {
                match b {
                    b'\n' => {
                        i = self.newline(i);
                        continue;
                    }
                    b' ' | b'\t' | b'\r' | 0x0b | 0x0c => {
                        if self.content.is_some() {
                            self.last_ws = Some(i);
                        }
                    }
                    b'.' | b'!' | b'?' => {
                        self.mark(i);
                        if let Some(end) = self.sentence_end(i, b) {
                            self.emit(end);
                            i = end;
                            continue;
                        }
                    }
                    b':' => {
                        self.mark(i);
                        if let Some(end) = self.colon_end(i) {
                            self.emit(end);
                            i = end;
                            continue;
                        }
                    }
                    b'(' | b'[' => {
                        self.mark(i);
                        if self.depth == 0 {
                            self.depth_since = i;
                        }
                        self.depth += 1;
                    }
                    b')' | b']' => {
                        self.mark(i);
                        self.depth = self.depth.saturating_sub(1);
                    }
                    b'|' if self.table && (i == 0 || self.bytes[i - 1] != b'\\') => {
                        self.emit(i);
                        self.region = i + 1;
                    }
                    _ => {
                        self.mark(i);
                        if b.is_ascii_alphanumeric() {
                            self.alnum = true;
                        }
                    }
                }
                i += 1;
            } else {
                let c = self.text[i..].chars().next().unwrap_or(' ');
                let len = c.len_utf8();
                if is_space(c) {
                    if self.content.is_some() {
                        self.last_ws = Some(i);
                    }
                } else {
                    self.mark(i);
                    if !self.alnum && c.is_alphanumeric() {
                        self.alnum = true;
                    }
                    match c {
                        // CJK full stops end a sentence without a following space.
                        '。' | '！' | '？' | '｡' => {
                            let end = self.skip_closers(i + len);
                            self.emit(end);
                            i = end;
                            continue;
                        }
                        // Arabic question mark and full stop, Devanagari danda.
                        '؟' | '۔' | '।' => {
                            let end = self.skip_closers(i + len);
                            if end >= n || self.space_at(end) {
                                self.emit(end);
                                i = end;
                                continue;
                            }
                        }
                        _ => {}
                    }
                }
                i += len;
            }
        }
        self.emit(n);
    }

    /// Notes a non-space byte of the current clause.
    #[inline]
    fn mark(&mut self, i: usize) {
        if self.content.is_none() {
            self.content = Some(i);
        }
    }

    /// Ends the current clause at `end` (exclusive) and starts a new region there.
    fn emit(&mut self, end: usize) {
        if self.alnum && end > self.region {
            let (a, b) = trim_range(self.text, self.region, end);
            if b > a {
                self.out.push(Segment { start: a, end: b });
            }
        }
        self.region = end;
        self.content = None;
        self.alnum = false;
        self.depth = 0;
        self.last_ws = None;
    }

    /// Cuts an over-long clause at its last whitespace (or at `i`, a char boundary) and returns
    /// where to resume scanning. Each byte is rescanned at most once, so work stays linear.
    fn cut(&mut self, i: usize) -> usize {
        let at = match (self.last_ws, self.content) {
            (Some(w), Some(c)) if w > c => w,
            _ => i,
        };
        let table = self.table;
        self.emit(at);
        self.table = table;
        at
    }

    /// Is there a whitespace char at byte `i`?
    fn space_at(&self, i: usize) -> bool {
        self.text
            .get(i..)
            .and_then(|t| t.chars().next())
            .is_some_and(is_space)
    }

    /// Skips closing quotes, parentheses and emphasis marks after a sentence end.
    fn skip_closers(&mut self, mut k: usize) -> usize {
        let mut count = 0;
        while k < self.bytes.len() && count < 8 {
            let Some(c) = self.text[k..].chars().next() else {
                break;
            };
            match c {
                ')' | ']' | '）' | '】' => self.depth = self.depth.saturating_sub(1),
                '"' | '\'' | '”' | '’' | '»' | '›' | '」' | '』' | '*' | '_' => {}
                _ => break,
            }
            k += c.len_utf8();
            count += 1;
        }
        k
    }

    /// If the `.`, `!` or `?` at `i` ends a sentence, where the sentence ends (after closers).
    fn sentence_end(&mut self, i: usize, b: u8) -> Option<usize> {
        let n = self.bytes.len();
        if b == b'.'
            && ((i + 1 < n && self.bytes[i + 1] == b'.') || (i > 0 && self.bytes[i - 1] == b'.'))
        {
            return None; // an ellipsis
        }
        if i + 1 < n && matches!(self.bytes[i + 1], b'!' | b'?') {
            return None; // "?!": the last one decides
        }
        if self.depth > 0 && i - self.depth_since > MAX_PAREN_SPAN {
            self.depth = 0;
        }
        let saved_depth = self.depth;
        let end = self.skip_closers(i + 1);
        if self.depth > 0 {
            // A sentence end inside parentheses that go on: the outer sentence continues.
            self.depth = saved_depth;
            return None;
        }
        if end >= n {
            return Some(end);
        }
        // What follows must be whitespace, then the next word.
        let rest = &self.text[end..];
        let mut chars = rest.char_indices();
        let mut next = None;
        let mut saw_space = false;
        for (_, c) in chars.by_ref() {
            if is_space(c) {
                saw_space = true;
            } else {
                next = Some(c);
                break;
            }
        }
        if !saw_space {
            self.depth = saved_depth;
            return None; // "3.5", "tiktok.com", "a.b@c.d", "U.S.-based"
        }
        let Some(next) = next else { return Some(end) };
        if next.is_lowercase() {
            self.depth = saved_depth;
            return None; // "e.g. your", "approx. five", 'see "What are your rights?" section'
        }
        if b != b'.' {
            return Some(end);
        }
        if self.abbreviation_holds(i, next, &self.text[end..]) {
            self.depth = saved_depth;
            return None;
        }
        Some(end)
    }

    /// A colon followed by whitespace and a capital letter or a digit ends a clause
    /// ("Data Controller: If you live …", "Last updated: 30 November 2025"), unless inside
    /// parentheses. Returns the end (after the colon).
    fn colon_end(&mut self, i: usize) -> Option<usize> {
        if self.depth > 0 && i - self.depth_since <= MAX_PAREN_SPAN {
            return None;
        }
        let rest = self.text.get(i + 1..)?;
        let after = rest.trim_start_matches(is_space);
        if after.len() == rest.len() {
            return None; // "10:30", "https://"
        }
        let next = after.chars().next()?;
        // "Attn: Privacy Policy Inquiry" is one line of an address.
        let word = &self.bytes[i.saturating_sub(4)..i];
        if word.eq_ignore_ascii_case(b"attn") {
            return None;
        }
        (next.is_uppercase() || next.is_ascii_digit()).then_some(i + 1)
    }

    /// Whether the word before the period at `i` is an abbreviation that does not end the
    /// sentence here, given the next non-space char and the text after the period.
    fn abbreviation_holds(&self, i: usize, next: char, after: &str) -> bool {
        // The token: letters and inner dots right before the period (at most 12 bytes).
        let mut s = i;
        while s > 0
            && i - s < 12
            && (self.bytes[s - 1].is_ascii_alphabetic() || self.bytes[s - 1] == b'.')
        {
            s -= 1;
        }
        if s > 0 && i - s >= 12 {
            return false;
        }
        // A token glued to more letters (non-ASCII) is not an abbreviation we know.
        if s > 0 && self.bytes[s - 1] >= 0x80 {
            return false;
        }
        let tok = &self.bytes[s..i];
        if tok.is_empty() {
            return false;
        }
        let mut low = [0u8; 12];
        for (d, &c) in low.iter_mut().zip(tok) {
            *d = c.to_ascii_lowercase();
        }
        let low = &low[..tok.len()];
        // Initials: "J. Smith", "J. R. R. Tolkien".
        if tok.len() == 1 && tok[0].is_ascii_uppercase() {
            return true;
        }
        if NEVER_FINAL.contains(&low) {
            return true;
        }
        if BEFORE_NUMBER.contains(&low) {
            return next.is_ascii_digit() || next == '#';
        }
        let dotted = low.contains(&b'.');
        if dotted || MAYBE_FINAL.contains(&low) {
            // "TikTok Inc. and", "U.S. users" hold; "… Inc. We also" ends the sentence.
            return !starts_sentence(after);
        }
        false
    }

    /// Newline at `i`: a blank line, or a next line starting with a list marker or `|`, ends the
    /// clause. Returns where to resume.
    fn newline(&mut self, i: usize) -> usize {
        if self.table {
            self.emit(i);
            self.table = false;
        } else if self.content.is_some() {
            self.last_ws = Some(i);
        }
        // Blank line?
        let n = self.bytes.len();
        let mut j = i + 1;
        while j < n && matches!(self.bytes[j], b' ' | b'\t' | b'\r') {
            j += 1;
        }
        if j >= n || self.bytes[j] == b'\n' {
            self.emit(i);
            return j;
        }
        self.line_start(i + 1)
    }

    /// At the start of a line (`i`): a `|` starts a table row, a list marker a new clause (the
    /// marker is left out). Returns where to resume.
    fn line_start(&mut self, i: usize) -> usize {
        let n = self.bytes.len();
        let mut j = i;
        while j < n && matches!(self.bytes[j], b' ' | b'\t' | b'\r') {
            j += 1;
        }
        if j >= n {
            return j;
        }
        if self.bytes[j] == b'|' {
            self.emit(j);
            self.region = j + 1;
            self.table = true;
            return j + 1;
        }
        if let Some(len) = marker_len(&self.text[j..]) {
            self.emit(j);
            self.region = j + len;
            return j + len;
        }
        i
    }
}

/// Byte classes for the fast path: [`SPECIAL`] bytes need a look (whitespace, sentence and
/// clause punctuation, brackets, `|`, non-ASCII); others are ordinary, [`ALNUM`] if a letter or digit.
const SPECIAL: u8 = 1;
const ALNUM: u8 = 2;
const CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c >= 0x80
            || matches!(
                c,
                b' ' | b'\t'
                    | b'\n'
                    | b'\r'
                    | 0x0b
                    | 0x0c
                    | b'.'
                    | b'!'
                    | b'?'
                    | b':'
                    | b'('
                    | b')'
                    | b'['
                    | b']'
                    | b'|'
            ) {
            SPECIAL
        } else if c.is_ascii_alphanumeric() {
            ALNUM
        } else {
            0
        };
        b += 1;
    }
    t
};

/// Abbreviations after which a period never ends a sentence.
const NEVER_FINAL: &[&[u8]] = &[
    b"e.g", b"i.e", b"eg", b"ie", b"mr", b"mrs", b"ms", b"dr", b"prof", b"vs", b"cf", b"viz",
    b"approx", b"incl", b"esp", b"dept", b"min", b"max", b"est", b"jan", b"feb", b"mar", b"apr",
    b"jun", b"jul", b"aug", b"sep", b"sept", b"oct", b"nov", b"dec", b"mt", b"ft", b"gen", b"gov",
    b"rev", b"hon", b"sr", b"jr", b"resp",
];

/// Abbreviations that hold only before a number ("No. 5", "Art. 6", "Sec. 2").
const BEFORE_NUMBER: &[&[u8]] = &[
    b"no", b"nos", b"nr", b"art", b"arts", b"sec", b"fig", b"vol", b"p", b"pp", b"ch", b"para",
];

/// Abbreviations that may also end a sentence: they do when the next word starts a sentence.
const MAYBE_FINAL: &[&[u8]] = &[
    b"etc", b"inc", b"ltd", b"co", b"corp", b"llc", b"plc", b"bv", b"gmbh", b"ag", b"st", b"al",
    b"pte", b"pty", b"ave", b"rd", b"blvd",
];

/// Words that commonly begin a sentence in a policy (capitalised).
const STARTERS: &[&str] = &[
    "A",
    "Additionally",
    "All",
    "Also",
    "An",
    "Any",
    "As",
    "At",
    "By",
    "Depending",
    "Each",
    "For",
    "From",
    "However",
    "How",
    "I",
    "If",
    "In",
    "Information",
    "It",
    "Its",
    "Learn",
    "Note",
    "On",
    "Our",
    "Please",
    "Some",
    "Such",
    "That",
    "The",
    "Their",
    "There",
    "These",
    "They",
    "This",
    "Those",
    "To",
    "Under",
    "Unless",
    "We",
    "What",
    "When",
    "Where",
    "Whether",
    "Which",
    "Who",
    "Why",
    "With",
    "You",
    "Your",
];

fn starts_sentence(after: &str) -> bool {
    let w = after.trim_start_matches(is_space);
    let end = w
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(w.len());
    STARTERS.contains(&&w[..end])
}

/// The length (marker plus following spaces) of a list marker at the start of `s`, if any:
/// bullets (`*`, `-`, `+` followed by a space; `•`, `◦`, `▪`, …), `1.`, `1)`, `2.1.`, `(a)`,
/// `(iv)`, `a)`, `iv.`, `A.`.
pub fn marker_len(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let spaces = |k: usize, required: bool| -> Option<usize> {
        let mut e = k;
        while e < b.len() && matches!(b[e], b' ' | b'\t') {
            e += 1;
        }
        // NBSP after a marker counts too.
        while s[e..].starts_with('\u{a0}') {
            e += 2;
        }
        if e == k && required && e < b.len() {
            None
        } else {
            Some(e)
        }
    };
    let first = s.chars().next()?;
    match first {
        '*' | '-' | '+' => {
            if b.len() > 1 && matches!(b[1], b' ' | b'\t') {
                return spaces(1, true);
            }
            None
        }
        '•' | '◦' | '▪' | '▫' | '‣' | '●' | '○' | '■' | '□' | '·' | '–' | '—' | '➢' | '►' | '▶'
        | '✓' | '✔' | '→' => {
            let k = first.len_utf8();
            if k == b.len() {
                return None;
            }
            spaces(k, first == '–' || first == '—' || first == '·')
        }
        '(' => {
            let mut k = 1;
            while k < b.len() && k <= 5 && b[k].is_ascii_alphanumeric() {
                k += 1;
            }
            if k > 1 && k < b.len() && b[k] == b')' && is_enumerator(&b[1..k]) {
                return spaces(k + 1, true);
            }
            None
        }
        _ => {
            // digits with inner dots: "1.", "2.1.", "10)"
            let mut k = 0;
            while k < b.len()
                && k < 12
                && (b[k].is_ascii_digit() || (k > 0 && b[k] == b'.' && b[k - 1].is_ascii_digit()))
            {
                k += 1;
            }
            if k > 0 && b[0].is_ascii_digit() {
                // "1." (k includes the dot) or "1)"
                let digits = b[..k].iter().filter(|c| c.is_ascii_digit()).count();
                if b[k - 1] == b'.'
                    && digits <= 6
                    && b[..k].split(|&c| c == b'.').all(|p| p.len() <= 3)
                {
                    return spaces(k, true).filter(|&e| e > k || e == b.len());
                }
                if k < b.len() && b[k] == b')' && b[..k].iter().all(u8::is_ascii_digit) && k <= 3 {
                    return spaces(k + 1, true).filter(|&e| e > k + 1 || e == b.len());
                }
                return None;
            }
            // letters: "a)", "iv.", "A."
            let mut k = 0;
            while k < b.len() && k <= 4 && b[k].is_ascii_alphabetic() {
                k += 1;
            }
            if k > 0 && k < b.len() && (b[k] == b')' || b[k] == b'.') && is_enumerator(&b[..k]) {
                return spaces(k + 1, true).filter(|&e| e > k + 1);
            }
            None
        }
    }
}

/// A list enumerator: 1–3 digits, one letter, or a small roman numeral.
fn is_enumerator(t: &[u8]) -> bool {
    if t.is_empty() {
        return false;
    }
    if t.iter().all(u8::is_ascii_digit) {
        return t.len() <= 3;
    }
    if t.len() == 1 {
        return t[0].is_ascii_alphabetic();
    }
    let low: Vec<u8> = t.iter().map(u8::to_ascii_lowercase).collect();
    const ROMAN: &[&[u8]] = &[
        b"ii", b"iii", b"iv", b"vi", b"vii", b"viii", b"ix", b"xi", b"xii", b"xiii", b"xiv", b"xv",
    ];
    let same_case = t.iter().all(u8::is_ascii_lowercase) || t.iter().all(u8::is_ascii_uppercase);
    same_case && ROMAN.contains(&low.as_slice())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(text: &str) -> Vec<&str> {
        segment(text, BlockKind::Paragraph)
            .iter()
            .map(|s| &text[s.start..s.end])
            .collect()
    }

    #[test]
    fn sentences_split() {
        let t = "We collect information that you provide when you set up an account. You can choose to add other information to your account, such as a bio or image.";
        assert_eq!(
            seg(t),
            vec![
                "We collect information that you provide when you set up an account.",
                "You can choose to add other information to your account, such as a bio or image."
            ]
        );
        assert_eq!(
            seg("Is this covered? Yes! It is."),
            vec!["Is this covered?", "Yes!", "It is."]
        );
        assert_eq!(
            seg("To exercise your rights, see the \"What are your rights?\" section. Then go.")
                .len(),
            2
        );
    }

    #[test]
    fn abbreviations_hold() {
        let t = "We share data with service providers, e.g. cloud hosts, i.e. companies that store data for us. Next.";
        assert_eq!(
            seg(t),
            vec![
                "We share data with service providers, e.g. cloud hosts, i.e. companies that store data for us.",
                "Next."
            ]
        );
        let t = "TikTok Inc. and TikTok Pte. Ltd. process data of U.S. users under No. 5 of the Agreement. Mr. Smith agrees.";
        assert_eq!(seg(t).len(), 2, "{:?}", seg(t));
        let t = "We collect photos, videos, audio recordings, etc. and the associated metadata.";
        assert_eq!(seg(t).len(), 1);
        // "etc." before a sentence starter ends the sentence.
        assert_eq!(
            seg("We collect photos, videos, etc. We also collect comments.").len(),
            2
        );
        assert_eq!(
            seg("This was written by J. R. R. Tolkien in 1937. It is long.").len(),
            2
        );
        // "No." before a word is the word "no".
        assert_eq!(seg("You can always say no. We will respect that.").len(), 2);
    }

    #[test]
    fn numbers_urls_emails_ellipses_hold() {
        let t = "Version 2.5 of the policy applies to www.tiktok.com and https://www.tiktok.com/legal/privacy?a=1.2 too. Write to privacy@tiktok.com with questions… or wait... We answer in 3.5 days.";
        assert_eq!(
            seg(t),
            vec![
                "Version 2.5 of the policy applies to www.tiktok.com and https://www.tiktok.com/legal/privacy?a=1.2 too.",
                "Write to privacy@tiktok.com with questions… or wait... We answer in 3.5 days."
            ]
        );
        // A URL ending a sentence still ends it.
        assert_eq!(
            seg("Visit https://www.youtube.com/howyoutubeworks. We explain more there.").len(),
            2
        );
    }

    #[test]
    fn quotes_and_parentheses() {
        let t = "We call this the “Platform data.” Next we explain it.";
        assert_eq!(
            seg(t),
            vec!["We call this the “Platform data.”", "Next we explain it."]
        );
        let t = "We use cookies (see our Cookie Policy. It explains more) to remember you. Then we stop.";
        assert_eq!(
            seg(t),
            vec![
                "We use cookies (see our Cookie Policy. It explains more) to remember you.",
                "Then we stop."
            ]
        );
        let t = "Read the summary. (You can skip it.) Then continue.";
        assert_eq!(
            seg(t),
            vec!["Read the summary.", "(You can skip it.)", "Then continue."]
        );
        let t = "He said \"we store it.\" Then left.";
        assert_eq!(seg(t), vec!["He said \"we store it.\"", "Then left."]);
        // An unclosed parenthesis does not swallow the rest of a long block.
        let long = format!(
            "Data (see below. {} Final sentence here. Another one.",
            "word ".repeat(100)
        );
        assert!(seg(&long).len() >= 2);
    }

    #[test]
    fn list_markers_and_bullets() {
        let t = "We use your information to:\n* Provide and administer the Platform.\n* Improve the Platform\n  across devices.\n- Send you messages.";
        assert_eq!(
            seg(t),
            vec![
                "We use your information to:",
                "Provide and administer the Platform.",
                "Improve the Platform\n  across devices.",
                "Send you messages."
            ]
        );
        let t = "1. Account information\n2) Usage data\n(a) device data\ni) location data\n(iv) contacts\n• messages\nb. cookies";
        assert_eq!(
            seg(t),
            vec![
                "Account information",
                "Usage data",
                "device data",
                "location data",
                "contacts",
                "messages",
                "cookies"
            ]
        );
        // Not markers: a year, a bold line, a separator, a word.
        assert_eq!(seg("2025. the year\n**Bold** text\nword. next").len(), 1);
        assert_eq!(seg("2.1. Section text"), vec!["Section text"]);
    }

    #[test]
    fn colons_before_capitals_split() {
        assert_eq!(
            seg("Data Controller: If you live in the EEA, TikTok Ireland is the controller."),
            vec![
                "Data Controller:",
                "If you live in the EEA, TikTok Ireland is the controller."
            ]
        );
        assert_eq!(
            seg("Last updated: 30 November 2025"),
            vec!["Last updated:", "30 November 2025"]
        );
        assert_eq!(
            seg("TikTok Inc., Attn: Privacy Policy Inquiry, 5800 Bristol Parkway").len(),
            1
        );
        assert_eq!(
            seg("We collect data such as: your name, at 10:30 via https://x.com").len(),
            1
        );
        assert_eq!(seg("We collect (for example: Your name) data.").len(), 1);
    }

    #[test]
    fn lines_and_blank_lines() {
        let t = "First paragraph line one\nline two\n\nSecond paragraph";
        assert_eq!(
            seg(t),
            vec!["First paragraph line one\nline two", "Second paragraph"]
        );
        assert_eq!(seg("a\r\n \r\nb"), vec!["a", "b"]);
    }

    #[test]
    fn markdown_table_cells() {
        let t = "| **Data Category** | **Description** |\n| --- | --- |\n| Account Data | We collect your phone number. We also collect your name. |";
        assert_eq!(
            seg(t),
            vec![
                "**Data Category**",
                "**Description**",
                "Account Data",
                "We collect your phone number.",
                "We also collect your name."
            ]
        );
    }

    #[test]
    fn unicode() {
        assert_eq!(
            seg("我们收集信息。我们使用信息！为什么？"),
            vec!["我们收集信息。", "我们使用信息！", "为什么？"]
        );
        assert_eq!(
            seg("「データを収集します。」次に"),
            vec!["「データを収集します。」", "次に"]
        );
        assert_eq!(
            seg("\u{a0}\u{200b}We collect data.\u{a0}We share it 😀.\u{feff}"),
            vec!["We collect data.", "We share it 😀."]
        );
        assert_eq!(
            seg("نحن نجمع البيانات. نحن نشاركها؟ نعم"),
            vec!["نحن نجمع البيانات.", "نحن نشاركها؟", "نعم"]
        );
        assert_eq!(
            seg("Cafe\u{301}s use data. Nai\u{308}ve."),
            vec!["Cafe\u{301}s use data.", "Nai\u{308}ve."]
        );
        assert!(seg(" \u{200b} ").is_empty());
        assert!(seg("— ... !!").is_empty());
    }

    #[test]
    fn long_clauses_are_capped_linearly() {
        let word = "x".repeat(10_000);
        let v = segment(&word, BlockKind::Paragraph);
        assert_eq!(v.len(), 5);
        assert!(v.iter().all(|s| s.end - s.start <= MAX_CLAUSE_BYTES));
        let prose = "we collect data and use it ".repeat(200);
        let v = segment(&prose, BlockKind::Paragraph);
        assert!(v.len() >= 2 && v.iter().all(|s| s.end - s.start <= MAX_CLAUSE_BYTES));
        assert!(v
            .iter()
            .all(|s| prose[s.start..s.end].ends_with(|c: char| c.is_alphabetic())));
        let cjk = "中".repeat(1000);
        let v = segment(&cjk, BlockKind::Paragraph);
        assert!(
            v.len() == 2
                && v.iter()
                    .all(|s| cjk.is_char_boundary(s.start) && cjk.is_char_boundary(s.end))
        );
    }
}
