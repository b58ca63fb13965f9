//! Clause → purposes with scores and evidence, plus notable-provision flags. (Stub.)
use crate::taxonomy::{Flag, Purpose, NUM_PURPOSES};

/// One purpose that cleared its threshold.
#[derive(Clone, Debug, PartialEq)]
pub struct PurposeScore {
    pub purpose: Purpose,
    /// In [0, 1].
    pub score: f32,
    /// The words or phrases of the clause that drove the decision (for the tooltip's "why").
    pub evidence: Vec<String>,
}

/// What a clause says, as the classifier reads it.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Classification {
    /// A score in [0, 1] for every purpose, indexed by [`Purpose::index`].
    pub scores: [f32; NUM_PURPOSES],
    /// The purposes that cleared their thresholds, best first. Empty = abstain.
    pub purposes: Vec<PurposeScore>,
    pub flags: Vec<Flag>,
}

/// Classifies one clause, given the nearest section heading above it ("" when none).
pub fn classify(text: &str, _section: &str) -> Classification {
    let mut c = Classification::default();
    let lower = text.to_lowercase();
    if lower.contains("advertis") {
        c.scores[Purpose::Advertising.index()] = 0.9;
        c.purposes.push(PurposeScore { purpose: Purpose::Advertising, score: 0.9, evidence: vec!["advertising".into()] });
    }
    c
}
