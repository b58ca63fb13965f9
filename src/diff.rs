//! What changed between two versions of a policy, clause by clause.
//!
//! One alignment, [`diff_records`], compares two lists of [`ClauseRecord`]s (text, purposes,
//! flags; headings marked): the extension's stored versions go straight in; [`diff`] first turns
//! two documents into records with [`records`] (through [`crate::analyze`]: every clause, with its
//! text, and every heading). Each clause's text is
//! normalised ([`normalize`]: case, whitespace, punctuation, bullets and numbering, quotes and
//! dashes folded away) and fingerprinted ([`fingerprint`], 64-bit FNV-1a). Then:
//! 1. clauses whose normalised text occurs in both versions are unchanged, wherever they stand
//!    (so reordering is not a change); duplicates are matched one for one;
//! 2. a clause that became a heading, or a heading that became a clause, is a formatting change
//!    (counted as unchanged);
//! 3. the remaining clauses are paired, best first, when their word bigrams overlap enough
//!    (Jaccard ≥ [`CHANGED_SIMILARITY`]; two short clauses may also pair by word-level edit
//!    similarity): those are `changed`;
//! 4. the rest are `added` (new only) or `removed` (old only).
//!
//! Steps 1–2 are hash lookups; step 3 compares only leftover clauses that share a word, through
//! an inverted index with bounded posting lists and a bounded number of candidates per clause, so
//! work stays near linear.
use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::{analyze, Block, BlockKind, ClauseOut, Options};

/// Leftover clauses whose word-bigram Jaccard similarity reaches this are one changed clause.
pub const CHANGED_SIMILARITY: f64 = 0.5;

/// Clauses of at most this many words are also compared by word-level edit distance.
const SHORT_WORDS: usize = 10;

/// A word shared by more leftover old clauses than this does not propose candidates (it is
/// too common to say two clauses are versions of each other).
const MAX_POSTING: usize = 64;

/// At most this many candidate old clauses are scored for each leftover new clause.
const MAX_CANDIDATES: usize = 32;

/// One clause as the diff reports it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DiffClause {
    pub text: String,
    /// Purpose ids, best first.
    pub purposes: Vec<String>,
    /// Flag ids.
    pub flags: Vec<String>,
}

/// A clause of the old version and the reworded clause that replaced it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Changed {
    pub old: DiffClause,
    pub new: DiffClause,
}

/// The difference between two versions. `added` and `changed` are in the new version's order,
/// `removed` in the old version's.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Diff {
    pub added: Vec<DiffClause>,
    pub removed: Vec<DiffClause>,
    pub changed: Vec<Changed>,
    /// Clauses found, word for word (after normalisation), in both versions.
    pub unchanged: usize,
}

impl Diff {
    /// Nothing was added, removed or changed.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// One stored clause of a version, as the extension remembers it: its text, purposes and flags.
/// A heading is stored as a record with `heading: true` (it gives no clause of its own, but a
/// clause that became a heading, or the other way round, is only a formatting change).
/// Fingerprints are computed from `text` here, in the core.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ClauseRecord {
    pub text: String,
    /// Purpose ids, best first.
    #[serde(default)]
    pub purposes: Vec<String>,
    /// Flag ids.
    #[serde(default)]
    pub flags: Vec<String>,
    #[serde(default)]
    pub heading: bool,
}

/// An old record and the new record that rewords it (indices into the two inputs).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Pair {
    pub old: usize,
    pub new: usize,
}

/// The difference between two lists of [`ClauseRecord`]s, as indices into them: `added` and
/// `changed` in the new list's order, `removed` in the old list's. Headings are never listed.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct RecordDiff {
    /// Indices into `new` of clauses found only in the new version.
    pub added: Vec<usize>,
    /// Indices into `old` of clauses found only in the old version.
    pub removed: Vec<usize>,
    /// Reworded clauses.
    pub changed: Vec<Pair>,
    /// Clauses found, word for word (after normalisation), in both versions.
    pub unchanged: usize,
}

impl RecordDiff {
    /// Nothing was added, removed or changed.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// The records of a document, in order: every clause (with its text, purposes and flags, as
/// [`analyze`] gives them) and every heading.
pub fn records(blocks: &[Block]) -> Vec<ClauseRecord> {
    let options = Options {
        include_text: true,
        include_empty: true,
        ..Options::default()
    };
    let report = analyze(blocks, &options);
    let mut clauses = report.clauses.into_iter().peekable();
    let mut out = Vec::new();
    for (bi, b) in blocks.iter().enumerate() {
        if b.kind == BlockKind::Heading {
            out.push(ClauseRecord {
                text: b.text.clone(),
                heading: true,
                ..ClauseRecord::default()
            });
        }
        while let Some(c) = clauses.next_if(|c| c.block as usize == bi) {
            out.push(record(c));
        }
    }
    out.extend(clauses.map(record));
    out
}

fn record(c: ClauseOut) -> ClauseRecord {
    ClauseRecord {
        text: c.text.unwrap_or_default(),
        purposes: c.purposes.iter().map(|p| p.id.to_string()).collect(),
        flags: c.flags.iter().map(|f| f.id.to_string()).collect(),
        heading: false,
    }
}

/// A clause prepared for matching: its index in the input, fingerprint and normalised text.
struct Item {
    index: usize,
    fp: u64,
    norm: String,
}

/// The clauses (not headings) of a list of records with some words, prepared for matching.
fn items(recs: &[ClauseRecord]) -> Vec<Item> {
    recs.iter()
        .enumerate()
        .filter(|(_, r)| !r.heading)
        .filter_map(|(index, r)| {
            let norm = normalize(&r.text);
            (!norm.is_empty()).then(|| Item {
                index,
                fp: fnv1a(norm.as_bytes()),
                norm,
            })
        })
        .collect()
}

/// Fingerprints of the headings of a list of records, with how often each occurs.
fn heading_fps(recs: &[ClauseRecord]) -> HashMap<u64, usize> {
    let mut m = HashMap::new();
    for r in recs.iter().filter(|r| r.heading) {
        *m.entry(fingerprint(&r.text)).or_default() += 1;
    }
    m
}

/// Takes one `fp` from a multiset.
fn take(m: &mut HashMap<u64, usize>, fp: u64) -> bool {
    match m.get_mut(&fp) {
        Some(n) if *n > 0 => {
            *n -= 1;
            true
        }
        _ => false,
    }
}

/// Compares two versions of a document.
pub fn diff(old: &[Block], new: &[Block]) -> Diff {
    let (old, new) = (records(old), records(new));
    let d = diff_records(&old, &new);
    let clause = |r: &ClauseRecord| DiffClause {
        text: r.text.clone(),
        purposes: r.purposes.clone(),
        flags: r.flags.clone(),
    };
    Diff {
        added: d.added.iter().map(|&j| clause(&new[j])).collect(),
        removed: d.removed.iter().map(|&i| clause(&old[i])).collect(),
        changed: d
            .changed
            .iter()
            .map(|p| Changed {
                old: clause(&old[p.old]),
                new: clause(&new[p.new]),
            })
            .collect(),
        unchanged: d.unchanged,
    }
}

/// Compares two versions given as stored clause records (the one alignment: [`diff`] uses it too).
pub fn diff_records(old: &[ClauseRecord], new: &[ClauseRecord]) -> RecordDiff {
    let olds = items(old);
    let news = items(new);
    let mut out = RecordDiff::default();

    // 1. Exact matches (normalised), anywhere, one for one.
    let mut by_fp: HashMap<u64, Vec<usize>> = HashMap::new();
    for (i, it) in olds.iter().enumerate().rev() {
        by_fp.entry(it.fp).or_default().push(i);
    }
    let mut old_used = vec![false; olds.len()];
    let mut new_used = vec![false; news.len()];
    for (j, it) in news.iter().enumerate() {
        if let Some(list) = by_fp.get_mut(&it.fp) {
            // Guard against a hash collision: the texts must agree too.
            if let Some(pos) = list.iter().rposition(|&i| olds[i].norm == it.norm) {
                let i = list.remove(pos);
                old_used[i] = true;
                new_used[j] = true;
                out.unchanged += 1;
            }
        }
    }

    // 2. A clause that became a heading, or the other way round, is formatting: a leftover
    //    clause whose text is a heading only in the other version, matched one for one.
    let old_headings = heading_fps(old);
    let new_headings = heading_fps(new);
    let mut spare = old_headings.clone();
    for (j, it) in news.iter().enumerate() {
        if !new_used[j] && !new_headings.contains_key(&it.fp) && take(&mut spare, it.fp) {
            new_used[j] = true;
            out.unchanged += 1;
        }
    }
    let mut spare = new_headings.clone();
    for (i, it) in olds.iter().enumerate() {
        if !old_used[i] && !old_headings.contains_key(&it.fp) && take(&mut spare, it.fp) {
            old_used[i] = true;
            out.unchanged += 1;
        }
    }

    // 3. Reworded clauses: best-first pairing by similarity among the leftovers. Candidates
    //    share a word (through an inverted index with bounded posting lists).
    let left_old: Vec<usize> = (0..olds.len()).filter(|&i| !old_used[i]).collect();
    let left_new: Vec<usize> = (0..news.len()).filter(|&j| !new_used[j]).collect();
    let old_sh: Vec<Shingles> = left_old
        .iter()
        .map(|&i| Shingles::new(&olds[i].norm))
        .collect();
    let new_sh: Vec<Shingles> = left_new
        .iter()
        .map(|&j| Shingles::new(&news[j].norm))
        .collect();
    let mut postings: HashMap<u64, Vec<usize>> = HashMap::new();
    for (a, sh) in old_sh.iter().enumerate() {
        for &w in &sh.words {
            postings.entry(w).or_default().push(a);
        }
    }
    let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
    let mut counts: HashMap<usize, u32> = HashMap::new();
    for (b, sh) in new_sh.iter().enumerate() {
        counts.clear();
        for w in &sh.words {
            if let Some(list) = postings.get(w) {
                if list.len() <= MAX_POSTING {
                    for &a in list {
                        *counts.entry(a).or_default() += 1;
                    }
                }
            }
        }
        let mut cands: Vec<(u32, usize)> = counts.iter().map(|(&a, &n)| (n, a)).collect();
        cands.sort_unstable_by(|x, y| y.cmp(x));
        for &(_, a) in cands.iter().take(MAX_CANDIDATES) {
            let sim = old_sh[a].similarity(sh);
            if sim >= CHANGED_SIMILARITY {
                pairs.push((sim, a, b));
            }
        }
    }
    pairs.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.2.cmp(&y.2)).then(x.1.cmp(&y.1)));
    let mut changed: Vec<(usize, usize)> = Vec::new();
    for (_, a, b) in pairs {
        let (i, j) = (left_old[a], left_new[b]);
        if !old_used[i] && !new_used[j] {
            old_used[i] = true;
            new_used[j] = true;
            changed.push((i, j));
        }
    }
    changed.sort_by_key(|&(_, j)| j);
    out.changed = changed
        .into_iter()
        .map(|(i, j)| Pair {
            old: olds[i].index,
            new: news[j].index,
        })
        .collect();

    // 4. The rest.
    out.removed = olds
        .iter()
        .zip(&old_used)
        .filter(|(_, &u)| !u)
        .map(|(it, _)| it.index)
        .collect();
    out.added = news
        .iter()
        .zip(&new_used)
        .filter(|(_, &u)| !u)
        .map(|(it, _)| it.index)
        .collect();
    out
}

/// A normalised clause as sets of hashed words and word bigrams (sorted, deduplicated), and, for
/// a short clause, its word sequence.
struct Shingles {
    words: Vec<u64>,
    bigrams: Vec<u64>,
    /// The words in order, for clauses of at most [`SHORT_WORDS`] words (else empty).
    short: Vec<u64>,
}

impl Shingles {
    fn new(norm: &str) -> Shingles {
        let seq: Vec<u64> = norm.split(' ').map(|w| fnv1a(w.as_bytes())).collect();
        let mut bigrams: Vec<u64> = seq
            .windows(2)
            .map(|w| w[0].rotate_left(17) ^ w[1].wrapping_mul(0x9E37_79B9_7F4A_7C15))
            .collect();
        bigrams.sort_unstable();
        bigrams.dedup();
        let short = if seq.len() <= SHORT_WORDS {
            seq.clone()
        } else {
            Vec::new()
        };
        let mut words = seq;
        words.sort_unstable();
        words.dedup();
        Shingles {
            words,
            bigrams,
            short,
        }
    }

    /// Jaccard similarity of the word bigrams; for two short clauses, their word-level edit
    /// similarity if that is higher: "Effective March 26, 2026 (archived versions)" and
    /// "Effective June 8, 2026 (archived versions)" are one changed line.
    fn similarity(&self, other: &Shingles) -> f64 {
        let bi = jaccard(&self.bigrams, &other.bigrams);
        if self.short.is_empty() || other.short.is_empty() {
            return bi;
        }
        let longest = self.short.len().max(other.short.len());
        let edit = 1.0 - edit_distance(&self.short, &other.short) as f64 / longest as f64;
        bi.max(edit)
    }
}

/// Levenshtein distance between two short word sequences.
fn edit_distance(a: &[u64], b: &[u64]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, x) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, y) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(x != y);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// |A ∩ B| / |A ∪ B| of two sorted sets.
fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    let (mut i, mut j, mut both) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                both += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = a.len() + b.len() - both;
    if union == 0 {
        0.0
    } else {
        both as f64 / union as f64
    }
}

/// The 64-bit fingerprint of a clause: FNV-1a over its [`normalize`]d text. Two clauses that
/// differ only in case, whitespace, punctuation, bullets, numbering, emphasis, quote or dash
/// style have the same fingerprint.
pub fn fingerprint(text: &str) -> u64 {
    fnv1a(normalize(text).as_bytes())
}

/// FNV-1a, 64 bits.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// A clause's text reduced to its words: a leading list marker dropped; quotes, dashes, spaces
/// and full-width forms folded; `&` read as "and"; lowercased; apostrophes and zero-width characters
/// removed; every other non-alphanumeric run made one space; trimmed.
///
/// `normalize("* **We** don’t  sell—ever.")` is `"we dont sell ever"`.
pub fn normalize(text: &str) -> String {
    let mut t = text.trim_start_matches(crate::segment::is_space);
    // Leading list markers, possibly several ("1. (a) ").
    for _ in 0..3 {
        match crate::segment::marker_len(t) {
            Some(n) if n > 0 && n <= t.len() => t = &t[n..],
            _ => break,
        }
    }
    let mut out = String::with_capacity(t.len());
    let mut space = false;
    for c in t.chars() {
        let c = fold(c);
        match c {
            // Apostrophes and invisible characters vanish: "don’t" = "dont".
            '\'' | '\u{ad}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' => {}
            _ if c.is_alphanumeric() => {
                if space && !out.is_empty() {
                    out.push(' ');
                }
                space = false;
                if c.is_ascii() {
                    out.push(c.to_ascii_lowercase());
                } else {
                    out.extend(c.to_lowercase());
                }
            }
            // "Privacy & Safety" = "Privacy and Safety".
            '&' | '＆' => {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str("and");
                space = true;
            }
            // Combining marks stay with their letter.
            '\u{300}'..='\u{36f}' if !out.is_empty() && !space => out.push(c),
            _ => space = true,
        }
    }
    out
}

/// Folds look-alike characters: typographic quotes to `'`/`"`, dashes to `-`, full-width ASCII
/// to ASCII.
fn fold(c: char) -> char {
    match c {
        '‘' | '’' | '‚' | '‛' | '′' | 'ʼ' | '`' | '´' => '\'',
        '“' | '”' | '„' | '‟' | '″' | '«' | '»' => '"',
        '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' => '-',
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(paras: &[&str]) -> Vec<Block> {
        paras
            .iter()
            .map(|p| Block::new(*p, BlockKind::Paragraph))
            .collect()
    }

    #[test]
    fn normalize_folds_formatting() {
        assert_eq!(normalize("* **We** don’t  sell—ever."), "we dont sell ever");
        assert_eq!(
            normalize("1. We collect “data”\n  from you"),
            normalize("- We collect \"data\" from you")
        );
        assert_eq!(normalize("(a) ＡＢＣ end-to-end"), "abc end to end");
        assert_eq!(
            fingerprint("We collect data."),
            fingerprint("we  COLLECT data")
        );
        assert_ne!(
            fingerprint("We keep it 30 days."),
            fingerprint("We keep it 60 days.")
        );
        assert_eq!(normalize("..."), "");
        assert_eq!(
            normalize("Privacy & Safety"),
            normalize("privacy and safety")
        );
    }

    #[test]
    fn reorder_and_rewording() {
        let old = blocks(&[
            "We collect your email address when you sign up. We use cookies to remember your language.",
            "We share information with advertisers to measure the performance of their ads.",
        ]);
        let new = blocks(&[
            "We share information with advertisers to measure the performance of their ads.",
            "We use cookies to remember your language. We collect your email address when you sign up.",
        ]);
        let d = diff(&old, &new);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(d.unchanged, 3);

        let new = blocks(&[
            "We collect your email address and phone number when you sign up. We use cookies to remember your language.",
            "We share information with advertisers to measure the performance of their ads.",
            "We may sell your data.",
        ]);
        let d = diff(&old, &new);
        assert_eq!(d.changed.len(), 1, "{d:?}");
        assert_eq!(
            d.changed[0].old.text,
            "We collect your email address when you sign up."
        );
        assert_eq!(d.added.len(), 1);
        assert_eq!(d.added[0].text, "We may sell your data.");
        assert!(d.removed.is_empty());
        assert_eq!(d.unchanged, 2);
    }

    #[test]
    fn short_clauses_pair_by_edit_similarity() {
        let old = blocks(&[
            "Effective June 8, 2026 (archived versions)",
            "Information Associated With Your Account.",
        ]);
        let new = blocks(&[
            "Effective July 2, 2026 (archived versions)",
            "Your Account Information",
            "Information Associated With Your Account or Visible to Others.",
        ]);
        let d = diff(&old, &new);
        assert_eq!(d.changed.len(), 2, "{d:?}");
        assert_eq!(
            d.changed[1].new.text,
            "Information Associated With Your Account or Visible to Others."
        );
        assert_eq!(d.added.len(), 1);
        assert_eq!(d.added[0].text, "Your Account Information");
    }

    #[test]
    fn duplicates_match_one_for_one() {
        let old = blocks(&["Learn more.", "Learn more.", "Learn more."]);
        let new = blocks(&["Learn more.", "Learn more."]);
        let d = diff(&old, &new);
        assert_eq!((d.unchanged, d.removed.len(), d.added.len()), (2, 1, 0));
    }

    fn rec(text: &str, purposes: &[&str]) -> ClauseRecord {
        ClauseRecord {
            text: text.to_string(),
            purposes: purposes.iter().map(|p| p.to_string()).collect(),
            ..ClauseRecord::default()
        }
    }

    #[test]
    fn records_reordered_is_nothing() {
        let old = vec![
            rec("We collect your email address.", &["provide-services"]),
            rec("We show you targeted ads.", &["advertising"]),
            rec("We keep logs for 30 days.", &[]),
        ];
        let new = vec![
            rec("3. We keep logs for 30 days", &[]),
            rec("* We show you **targeted** ads.", &["advertising"]),
            rec("We collect your email address.", &["provide-services"]),
        ];
        let d = diff_records(&old, &new);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(d.unchanged, 3);
    }

    #[test]
    fn records_reworded_is_one_changed_and_removed_keeps_old_text() {
        let old = vec![
            ClauseRecord {
                text: "How we use data".into(),
                heading: true,
                ..ClauseRecord::default()
            },
            rec("We collect your email address when you sign up.", &[]),
            rec(
                "We show you targeted ads based on your activity.",
                &["advertising"],
            ),
            rec("We sell your data to brokers.", &["advertising"]),
        ];
        let new = vec![
            rec(
                "We show you targeted ads based on your activity.",
                &["advertising"],
            ),
            rec(
                "We collect your email address and phone number when you sign up.",
                &["provide-services"],
            ),
        ];
        let d = diff_records(&old, &new);
        assert_eq!(d.changed, vec![Pair { old: 1, new: 1 }], "{d:?}");
        assert_eq!(d.removed, vec![3]);
        assert_eq!(old[d.removed[0]].text, "We sell your data to brokers.");
        assert!(d.added.is_empty());
        assert_eq!(d.unchanged, 1);
    }

    #[test]
    fn diff_on_blocks_is_diff_on_their_records() {
        let old = blocks(&[
            "We collect your email address when you sign up. We use cookies to remember your language.",
            "We share information with advertisers.",
        ]);
        let new = vec![
            Block::new("We share information with advertisers", BlockKind::Heading),
            Block::new(
                "We collect your email address and phone number when you sign up.",
                BlockKind::Paragraph,
            ),
        ];
        let (ro, rn) = (records(&old), records(&new));
        assert!(rn[0].heading);
        let d = diff_records(&ro, &rn);
        let b = diff(&old, &new);
        assert_eq!(
            (d.added.len(), d.removed.len(), d.changed.len(), d.unchanged),
            (b.added.len(), b.removed.len(), b.changed.len(), b.unchanged)
        );
        assert_eq!((b.changed.len(), b.removed.len(), b.unchanged), (1, 1, 1));
        assert_eq!(
            b.removed[0].text,
            "We use cookies to remember your language."
        );
    }

    #[test]
    fn heading_becoming_paragraph_is_formatting() {
        let old = vec![
            Block::new("Data Controller", BlockKind::Heading),
            Block::new("We decide.", BlockKind::Paragraph),
        ];
        let new = blocks(&["Data Controller", "We decide."]);
        assert!(diff(&old, &new).is_empty());
        assert!(diff(&new, &old).is_empty());
    }
}
