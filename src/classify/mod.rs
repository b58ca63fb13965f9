//! Clause → purposes with scores and evidence, plus notable-provision flags.
//!
//! The model is one logistic regression per output (13 purposes + 8 flags + a "states any
//! purpose" gate, see [`GATE`]) over sparse hashed
//! features ([`features`]), trained by `clausemark train` ([`train`]) on the train split of
//! `shared/data/labels/clauses.jsonl` and stored, pruned and quantised, in the generated
//! [`weights`] module. Per-output thresholds were chosen by leave-platforms-out cross-validation
//! on the train split; scores are re-centred so that a score ≥ 0.5 means "fires".

pub mod features;
mod weights;

#[cfg(not(target_arch = "wasm32"))]
pub mod eval;
#[cfg(not(target_arch = "wasm32"))]
pub mod train;

use crate::taxonomy::{Flag, Purpose, NUM_FLAGS, NUM_PURPOSES};
use crate::BlockKind;
use features::Feat;
use std::sync::OnceLock;

/// Number of model outputs: the purposes, the flags, then the gate.
pub const NUM_OUTPUTS: usize = NUM_PURPOSES + NUM_FLAGS + 1;
/// The gate: one more logistic regression, trained on "the sentence states any purpose at all",
/// so that a clause stating none (a definition, a list of data types) is not highlighted for a
/// purpose word it happens to contain.
pub const GATE: usize = NUM_PURPOSES + NUM_FLAGS;
/// A purpose this far (in margin) over its threshold fires even when the gate is closed. Chosen,
/// with the gate's threshold, by cross-validation on the train split.
pub const STRONG_MARGIN: f32 = 1.0;

/// Whether a purpose fires, from its margin and the gate's (both shifted so 0 is the threshold).
pub fn fires(margin: f32, gate: f32) -> bool {
    margin > 0.0 && (gate > 0.0 || margin > STRONG_MARGIN)
}

/// At most this many evidence phrases per purpose.
const MAX_EVIDENCE: usize = 4;
/// The strongest this-many features are considered for evidence.
const EVIDENCE_CANDIDATES: usize = 12;

/// One purpose that cleared its threshold.
#[derive(Clone, Debug, PartialEq)]
pub struct PurposeScore {
    pub purpose: Purpose,
    /// In [0, 1]; ≥ 0.5 (the purpose's threshold is mapped to 0.5).
    pub score: f32,
    /// The words or phrases of the clause that drove the decision (for the tooltip's "why"),
    /// strongest first, as they appear in the clause.
    pub evidence: Vec<String>,
}

/// What a clause says, as the classifier reads it.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Classification {
    /// A score in [0, 1] for every purpose, indexed by [`Purpose::index`]; ≥ 0.5 means it fired.
    pub scores: [f32; NUM_PURPOSES],
    /// The purposes that cleared their thresholds, best first. Empty = abstain.
    pub purposes: Vec<PurposeScore>,
    /// Flags that fired, in taxonomy order.
    pub flags: Vec<Flag>,
    /// A score in [0, 1] for every flag, indexed by [`Flag::index`]; ≥ 0.5 means it fired.
    pub flag_scores: [f32; NUM_FLAGS],
}

impl Classification {
    /// Whether `p` fired.
    pub fn has(&self, p: Purpose) -> bool {
        self.purposes.iter().any(|s| s.purpose == p)
    }
}

fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

/// Feature id → row, as an open-addressing table of `row + 1` (0 = empty; linear probing, at
/// most ~40 % full, built once), checked against `weights::IDS[row]`: a lookup is usually one
/// load from a 128 KB table and one from `IDS`. (Until session 4 the table packed `id << 14 |
/// row` into a `u32`, which silently fell back to binary search once the model passed 16,384
/// rows.)
const EMPTY: u16 = 0;
/// "No row" in a feature → row mapping.
const NO_ROW: u32 = u32::MAX;

struct Index {
    slots: Vec<u16>,
    mask: usize,
}

fn slot_of(id: u32, mask: usize) -> usize {
    (id.wrapping_mul(0x9e37_79b1) >> 7) as usize & mask
}

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        let n = weights::IDS.len();
        if n >= usize::from(u16::MAX) {
            // Too many rows for `u16` slots: an empty table, and `row_of` binary-searches.
            return Index {
                slots: Vec::new(),
                mask: 0,
            };
        }
        let cap = (n * 5 / 2).next_power_of_two().max(16);
        let mut idx = Index {
            slots: vec![EMPTY; cap],
            mask: cap - 1,
        };
        for (row, &id) in weights::IDS.iter().enumerate() {
            let mut i = slot_of(id, idx.mask);
            while idx.slots[i] != EMPTY {
                i = (i + 1) & idx.mask;
            }
            idx.slots[i] = row as u16 + 1;
        }
        idx
    })
}

/// The row of `weights::ROWS` that holds feature `id`'s weights, or [`NO_ROW`].
fn row_of(index: &Index, id: u32) -> u32 {
    if index.slots.is_empty() {
        return weights::IDS.binary_search(&id).map_or(NO_ROW, |r| r as u32);
    }
    let mut i = slot_of(id, index.mask);
    loop {
        match index.slots.get(i) {
            Some(&EMPTY) | None => return NO_ROW,
            Some(&v) => {
                let row = u32::from(v) - 1;
                if weights::IDS.get(row as usize) == Some(&id) {
                    return row;
                }
                i = (i + 1) & index.mask;
            }
        }
    }
}

/// Raw (margin) scores of every output, already shifted so that 0 is the threshold: those of
/// the first `base` rows alone (the clause read on its own) and of all rows
/// (read in its context), both at the scale of all rows.
fn margins_split(rows: &[u32], base: usize) -> ([f32; NUM_OUTPUTS], [f32; NUM_OUTPUTS]) {
    let mut acc = [0i32; NUM_OUTPUTS];
    let mut base_acc = acc;
    for (i, &r) in rows.iter().enumerate() {
        if i == base {
            base_acc = acc;
        }
        if let Some(row) = weights::ROWS.get(r as usize) {
            for (a, &w) in acc.iter_mut().zip(row) {
                *a += i32::from(w);
            }
        }
    }
    if base >= rows.len() {
        base_acc = acc;
    }
    let scale = features::feature_scale(rows.len());
    let finish = |acc: [i32; NUM_OUTPUTS]| {
        let mut m = [0f32; NUM_OUTPUTS];
        for o in 0..NUM_OUTPUTS {
            m[o] = acc[o] as f32 * weights::SCALES[o] * scale - weights::OFFSETS[o];
        }
        m
    };
    (finish(base_acc), finish(acc))
}

/// Words that carry no purpose on their own (never shown alone as evidence).
const FUNCTION_WORDS: &[&str] = &[
    "a",
    "about",
    "all",
    "also",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "by",
    "can",
    "could",
    "do",
    "e",
    "each",
    "eg",
    "for",
    "from",
    "g",
    "has",
    "have",
    "how",
    "i",
    "ie",
    "if",
    "in",
    "including",
    "into",
    "is",
    "it",
    "its",
    "like",
    "may",
    "might",
    "more",
    "must",
    "of",
    "on",
    "or",
    "other",
    "our",
    "own",
    "s",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "to",
    "upon",
    "us",
    "via",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "who",
    "will",
    "with",
    "would",
    "you",
    "your",
];

/// Words every clause of a policy uses: never shown alone as evidence (sorted).
const GENERIC_ALONE: &[&str] = &["content", "data", "details", "information", "personal"];

/// Whether `phrase` is one word of [`GENERIC_ALONE`] ("information": no reason to a reader).
fn generic_alone(phrase: &str) -> bool {
    static SET: OnceLock<Vec<u128>> = OnceLock::new();
    in_list(&SET, GENERIC_ALONE, phrase)
}

/// Whether `word`, ASCII-lowercased, is one of `list`'s words, without allocating: the list is
/// packed into sorted integers once (evidence checks every candidate word of every clause that
/// fires).
fn in_list(set: &'static OnceLock<Vec<u128>>, list: &[&str], word: &str) -> bool {
    let set = set.get_or_init(|| {
        let mut v: Vec<u128> = list.iter().filter_map(|w| pack(w)).collect();
        v.sort_unstable();
        v
    });
    pack(word).is_some_and(|k| set.binary_search(&k).is_ok())
}

/// Up to 15 bytes of `word`, ASCII-lowercased, and its length, as one integer (`None` when
/// longer).
fn pack(word: &str) -> Option<u128> {
    let b = word.as_bytes();
    if b.len() > 15 {
        return None;
    }
    let bytes = b
        .iter()
        .fold(0u128, |k, &c| k << 8 | u128::from(c.to_ascii_lowercase()));
    Some(bytes | (b.len() as u128) << 120)
}

/// Whether `phrase` is made of function words only (or of no word at all).
fn only_function_words(phrase: &str) -> bool {
    static SET: OnceLock<Vec<u128>> = OnceLock::new();
    phrase
        .split(|c: char| !c.is_alphanumeric())
        .all(|w| w.is_empty() || in_list(&SET, FUNCTION_WORDS, w))
}

/// The clause's own words that pushed output `o` up the most (merged into phrases).
fn evidence(text: &str, feats: &[Feat], rows: &[u32], o: usize) -> Vec<String> {
    let mut contrib: Vec<(i8, u32, u32)> = Vec::new();
    for (f, &r) in feats.iter().zip(rows) {
        if f.start >= f.end {
            continue;
        }
        let w = weights::ROWS.get(r as usize).map_or(0, |row| row[o]);
        if w > 0 {
            contrib.push((w, f.start, f.end));
        }
    }
    let by_weight = |a: &(i8, u32, u32), b: &(i8, u32, u32)| b.0.cmp(&a.0).then(a.1.cmp(&b.1));
    if contrib.len() > EVIDENCE_CANDIDATES {
        contrib.select_nth_unstable_by(EVIDENCE_CANDIDATES, by_weight);
        contrib.truncate(EVIDENCE_CANDIDATES);
    }
    contrib.sort_by(by_weight);
    let mut chosen: Vec<(u32, u32)> = Vec::with_capacity(MAX_EVIDENCE);
    for &(_, s, e) in &contrib {
        if text
            .get(s as usize..e as usize)
            .is_none_or(only_function_words)
        {
            // "such", "your", "the": true to the weights, useless to a reader.
            continue;
        }
        if let Some(c) = chosen.iter_mut().find(|c| s <= c.1 + 1 && e + 1 >= c.0) {
            // Overlapping or adjacent: grow the phrase, within reason.
            let (ns, ne) = (c.0.min(s), c.1.max(e));
            if ne - ns <= 40 {
                *c = (ns, ne);
            }
        } else if chosen.len() < MAX_EVIDENCE {
            chosen.push((s, e));
        }
    }
    // Phrases that grew into one another: keep the longer (the order stays by weight).
    let mut spans: Vec<(u32, u32)> = Vec::with_capacity(chosen.len());
    for &(s, e) in &chosen {
        match spans.iter_mut().find(|c| s <= c.1 && e >= c.0) {
            Some(c) if c.1 - c.0 < e - s => *c = (s, e),
            Some(_) => {}
            None => spans.push((s, e)),
        }
    }
    // (phrase, its lowercase form)
    let mut out: Vec<(&str, String)> = Vec::with_capacity(spans.len());
    for phrase in spans
        .iter()
        .filter_map(|&(s, e)| text.get(s as usize..e as usize))
        .map(trim_function_words)
    {
        if phrase.is_empty() || generic_alone(phrase) {
            continue;
        }
        // The same words twice ("location" beside "collect location information") say nothing
        // new: keep the longer phrase, in the place of the first.
        let lower = phrase.to_lowercase();
        if out.iter().any(|(_, o)| o.contains(&lower)) {
            continue;
        }
        let first = out.iter().position(|(_, o)| lower.contains(o.as_str()));
        out.retain(|(_, o)| !lower.contains(o.as_str()));
        out.insert(first.unwrap_or(out.len()), (phrase, lower));
    }
    out.into_iter().map(|(p, _)| p.to_string()).collect()
}

/// `phrase` without the function words and punctuation at its ends ("and improve the" →
/// "improve"); a slice of `phrase`, so still the clause's own words.
fn trim_function_words(phrase: &str) -> &str {
    let words: Vec<(usize, usize)> = {
        let mut v = Vec::new();
        let mut start = None;
        for (i, c) in phrase.char_indices() {
            match (c.is_alphanumeric(), start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    v.push((s, i));
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(s) = start {
            v.push((s, phrase.len()));
        }
        v
    };
    let content = |&&(s, e): &&(usize, usize)| !only_function_words(&phrase[s..e]);
    match (words.iter().find(content), words.iter().rev().find(content)) {
        (Some(&(s, _)), Some(&(_, e))) => &phrase[s..e],
        _ => "",
    }
}

/// Classifies one clause, given the nearest section heading above it ("" when none).
pub fn classify(text: &str, section: &str) -> Classification {
    classify_in_context(text, section, "")
}

/// Classifies one clause read in its context: the nearest section heading above it and the
/// clause just before it in the same section (`previous`; "" when none). The previous clause
/// only adds context (a list intro such as "We use your information to:"); its words are
/// never evidence.
pub fn classify_in_context(text: &str, section: &str, previous: &str) -> Classification {
    classify_after(text, section, context_of(previous, section)).0
}

/// The context the clause `previous` ("" = none) gives the clause after it in `section`: its
/// cue groups, whether it is a list intro, and the purposes it states on its own (it is
/// classified without context).
pub fn context_of(previous: &str, section: &str) -> features::Context {
    classify_after(previous, section, features::Context::default()).1
}

/// [`classify_in_context`] with the previous clause already read; also returns the context
/// this clause gives the next one (so a document is tokenised once).
pub fn classify_after(
    text: &str,
    section: &str,
    ctx: features::Context,
) -> (Classification, features::Context) {
    let text = crate::truncate_bytes(text, crate::MAX_CLASSIFY_BYTES);
    let tokens = features::tokenize(text);
    let mut next = features::Context::after(text, &tokens);
    let mut c = Classification::default();
    if tokens.is_empty() {
        return (c, next);
    }
    let mut feats = features::features(text, &tokens, section);
    let base = feats.len();
    features::context_features(ctx, &mut feats);
    let index = index();
    let rows: Vec<u32> = feats.iter().map(|f| row_of(index, f.id)).collect();
    let (alone, m) = margins_split(&rows, base);
    // The next clause reads the purposes this one states on its own (so that a clause's context
    // depends on the clause before it only, however the text is cut into chunks).
    next.fired = Purpose::ALL
        .iter()
        .filter(|p| fires(alone[p.index()], alone[GATE]))
        .fold(0, |mask, p| mask | 1 << p.index());
    for p in Purpose::ALL {
        let i = p.index();
        let fired = fires(m[i], m[GATE]);
        // A score ≥ 0.5 means "fired", also when the gate holds a purpose back.
        c.scores[i] = if fired {
            sigmoid(m[i])
        } else {
            sigmoid(m[i]).min(0.499)
        };
        if fired {
            c.purposes.push(PurposeScore {
                purpose: p,
                score: c.scores[i],
                evidence: evidence(text, &feats, &rows, i),
            });
        }
    }
    c.purposes.sort_by(|a, b| b.score.total_cmp(&a.score));
    for f in Flag::ALL {
        let i = f.index();
        c.flag_scores[i] = sigmoid(m[NUM_PURPOSES + i]);
    }
    // The AI-training flag is the AI-training purpose, flagged for notability.
    c.flag_scores[Flag::AiTraining.index()] = c.scores[Purpose::AiTraining.index()];
    for f in Flag::ALL {
        if c.flag_scores[f.index()] >= 0.5 {
            c.flags.push(f);
        }
    }
    (c, next)
}

/// Classifies a text that may hold several sentences: the union of its clauses' purposes and
/// flags (scores are the maximum over clauses). This is what `clausemark classify` and
/// `clausemark eval` run on each input line. `previous` is the sentence before the text in the
/// same section ("" when none); each later clause of the text is read after the one before it.
pub fn classify_text(text: &str, section: &str, previous: &str) -> Classification {
    let text = crate::truncate_bytes(text, crate::MAX_CLASSIFY_BYTES);
    let segs = crate::segment::segment(text, BlockKind::Paragraph);
    if segs.len() <= 1 {
        return classify_in_context(text, section, previous);
    }
    let mut out = Classification::default();
    let mut ctx = context_of(previous, section);
    for seg in segs {
        let Some(part) = text.get(seg.start..seg.end) else {
            continue;
        };
        let (c, next) = classify_after(part, section, ctx);
        ctx = next;
        for i in 0..NUM_PURPOSES {
            out.scores[i] = out.scores[i].max(c.scores[i]);
        }
        for i in 0..NUM_FLAGS {
            out.flag_scores[i] = out.flag_scores[i].max(c.flag_scores[i]);
        }
        for ps in c.purposes {
            match out.purposes.iter_mut().find(|q| q.purpose == ps.purpose) {
                Some(q) if q.score < ps.score => *q = ps,
                Some(_) => {}
                None => out.purposes.push(ps),
            }
        }
        for f in c.flags {
            if !out.flags.contains(&f) {
                out.flags.push(f);
            }
        }
    }
    out.purposes.sort_by(|a, b| b.score.total_cmp(&a.score));
    out.flags.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_row_table_finds_every_feature_and_only_those() {
        let index = index();
        // The shipped model fits the table, so lookups never fall back to binary search.
        assert!(!index.slots.is_empty());
        for (row, &id) in weights::IDS.iter().enumerate() {
            assert_eq!(row_of(index, id), row as u32, "feature {id}");
        }
        let absent = (0..1u32 << features::FEATURE_BITS)
            .filter(|id| weights::IDS.binary_search(id).is_err())
            .take(50_000);
        for id in absent {
            assert_eq!(row_of(index, id), NO_ROW, "feature {id}");
        }
    }

    #[test]
    fn never_panics_on_odd_input() {
        for t in [
            "",
            " ",
            "\u{0}",
            "’’’",
            "n't",
            "'",
            "🙂🙂",
            "ß\u{301}İ",
            &"x".repeat(9000),
            &"é ".repeat(3000),
        ] {
            let c = classify(t, t);
            assert!(c.scores.iter().all(|s| (0.0..=1.0).contains(s)));
            let _ = classify_text(t, "", t);
            let _ = classify_in_context(t, "", t);
        }
    }

    #[test]
    fn function_words_are_never_evidence_alone() {
        assert!(FUNCTION_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(only_function_words("such"));
        assert!(only_function_words("Your, and the"));
        assert!(only_function_words(""));
        assert!(!only_function_words("sharing your"));
        assert!(!only_function_words("Personalise"));
        assert_eq!(trim_function_words("and improve the"), "improve");
        assert_eq!(
            trim_function_words("Enforce our Terms, Guidelines, and"),
            "Enforce our Terms, Guidelines"
        );
        assert_eq!(trim_function_words("“to the Platform.”"), "Platform");
        assert_eq!(trim_function_words("such as"), "");
        let text =
            "Personalise and customise certain features and content such as providing your feed.";
        for p in classify(text, "How we use your information").purposes {
            assert!(
                p.evidence.iter().all(|e| !only_function_words(e)),
                "{:?}",
                p.evidence
            );
        }
    }

    #[test]
    fn weights_are_sorted() {
        assert!(weights::IDS.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(weights::IDS.len(), weights::ROWS.len());
    }
}
