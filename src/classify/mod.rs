//! Clause → purposes with scores and evidence, plus notable-provision flags.
//!
//! The model is one logistic regression per output (13 purposes + 8 flags) over sparse hashed
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

/// Number of model outputs: the purposes, then the flags.
pub const NUM_OUTPUTS: usize = NUM_PURPOSES + NUM_FLAGS;

/// At most this many evidence phrases per purpose.
const MAX_EVIDENCE: usize = 4;

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

/// The weights of feature `id`: `(output, weight)` pairs.
fn weights_of(id: u32) -> impl Iterator<Item = (usize, f32)> {
    let key = id << 5;
    let from = weights::KEYS.partition_point(|&k| k < key);
    weights::KEYS[from..]
        .iter()
        .zip(&weights::WEIGHTS[from..])
        .take_while(move |(&k, _)| k >> 5 == id)
        .map(|(&k, &w)| ((k & 31) as usize, f32::from(w) * weights::SCALE))
}

/// Raw (margin) scores of every output, already shifted so that 0 is the threshold.
fn margins(feats: &[Feat]) -> [f32; NUM_OUTPUTS] {
    let mut m = [0f32; NUM_OUTPUTS];
    for f in feats {
        for (o, w) in weights_of(f.id) {
            if o < NUM_OUTPUTS {
                m[o] += w;
            }
        }
    }
    let scale = features::feature_scale(feats.len());
    for (o, v) in m.iter_mut().enumerate() {
        *v = *v * scale - weights::OFFSETS[o];
    }
    m
}

/// The clause's own words that pushed output `o` up the most (merged into phrases).
fn evidence(text: &str, feats: &[Feat], o: usize) -> Vec<String> {
    let mut contrib: Vec<(f32, u32, u32)> = Vec::new();
    for f in feats {
        if f.start >= f.end {
            continue;
        }
        let w: f32 = weights_of(f.id)
            .filter(|&(k, _)| k == o)
            .map(|(_, w)| w)
            .sum();
        if w > 0.0 {
            contrib.push((w, f.start, f.end));
        }
    }
    contrib.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut chosen: Vec<(u32, u32)> = Vec::with_capacity(MAX_EVIDENCE);
    for &(_, s, e) in contrib.iter().take(12) {
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
    chosen
        .iter()
        .filter_map(|&(s, e)| text.get(s as usize..e as usize))
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Classifies one clause, given the nearest section heading above it ("" when none).
pub fn classify(text: &str, section: &str) -> Classification {
    let text = crate::truncate_bytes(text, crate::MAX_CLASSIFY_BYTES);
    let tokens = features::tokenize(text);
    let mut c = Classification::default();
    if tokens.is_empty() {
        return c;
    }
    let feats = features::features(text, &tokens, section);
    let m = margins(&feats);
    for p in Purpose::ALL {
        let i = p.index();
        c.scores[i] = sigmoid(m[i]);
        if m[i] > 0.0 {
            c.purposes.push(PurposeScore {
                purpose: p,
                score: c.scores[i],
                evidence: evidence(text, &feats, i),
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
    c
}

/// Classifies a text that may hold several sentences: the union of its clauses' purposes and
/// flags (scores are the maximum over clauses). This is what `clausemark classify` and
/// `clausemark eval` run on each input line.
pub fn classify_text(text: &str, section: &str) -> Classification {
    let text = crate::truncate_bytes(text, crate::MAX_CLASSIFY_BYTES);
    let segs = crate::segment::segment(text, BlockKind::Paragraph);
    if segs.len() <= 1 {
        return classify(text, section);
    }
    let mut out = Classification::default();
    for seg in segs {
        let Some(part) = text.get(seg.start..seg.end) else {
            continue;
        };
        let c = classify(part, section);
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
            let _ = classify_text(t, "");
        }
    }

    #[test]
    fn weights_are_sorted() {
        assert!(weights::KEYS.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(weights::KEYS.len(), weights::WEIGHTS.len());
    }
}
