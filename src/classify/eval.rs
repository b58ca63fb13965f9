//! Measuring the classifier against labelled sentences (`clausemark eval`, `tests/accuracy.rs`,
//! and the cross-validation figures of `clausemark train`).

use super::NUM_OUTPUTS;
use crate::taxonomy::{Flag, Purpose, NUM_PURPOSES};
use serde::{Deserialize, Serialize};

/// One labelled line of `labels/clauses.jsonl` (or of `data/extra-labels.jsonl`, or of
/// `seed-purposes.jsonl`: missing fields take defaults).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct LabelRow {
    pub policy: String,
    pub id: String,
    pub kind: String,
    pub section: String,
    pub text: String,
    pub purposes: Vec<String>,
    pub flags: Vec<String>,
    pub split: String,
    pub lang: String,
}

impl LabelRow {
    /// Headings never carry a purpose; only sentences are classified and measured.
    pub fn is_sentence(&self) -> bool {
        self.kind != "heading"
    }

    /// The gold labels as an output mask (bit `i` = purpose `i`, bit `13 + j` = flag `j`).
    pub fn mask(&self) -> u32 {
        let mut m = 0;
        for p in self.purposes.iter().filter_map(|p| Purpose::from_id(p)) {
            m |= 1 << p.index();
        }
        for f in self.flags.iter().filter_map(|f| Flag::from_id(f)) {
            m |= 1 << (NUM_PURPOSES + f.index());
        }
        m
    }
}

/// Reads a JSON Lines label file (blank lines skipped).
pub fn load_labels(path: &str) -> Result<Vec<LabelRow>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    let mut rows = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let row: LabelRow =
            serde_json::from_str(line).map_err(|e| format!("{path}:{}: {e}", n + 1))?;
        rows.push(row);
    }
    Ok(rows)
}

/// The predicted output mask of a classification.
pub fn predicted_mask(c: &super::Classification) -> u32 {
    let mut m = 0;
    for p in &c.purposes {
        m |= 1 << p.purpose.index();
    }
    for f in &c.flags {
        m |= 1 << (NUM_PURPOSES + f.index());
    }
    m
}

/// Precision, recall and F1 of one label.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Stat {
    pub id: String,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub support: u32,
    pub tp: u32,
    pub fp: u32,
    #[serde(rename = "fn")]
    pub fn_: u32,
}

impl Stat {
    fn new(id: &str, tp: u32, fp: u32, fn_: u32) -> Stat {
        let (precision, recall, f1) = prf(tp, fp, fn_);
        Stat {
            id: id.to_string(),
            precision,
            recall,
            f1,
            support: tp + fn_,
            tp,
            fp,
            fn_,
        }
    }
}

fn ratio(a: u32, b: u32) -> f64 {
    if b == 0 {
        0.0
    } else {
        f64::from(a) / f64::from(b)
    }
}

/// (precision, recall, F1); 0 when undefined.
pub fn prf(tp: u32, fp: u32, fn_: u32) -> (f64, f64, f64) {
    let p = ratio(tp, tp + fp);
    let r = ratio(tp, tp + fn_);
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f)
}

/// Every figure `clausemark eval` prints.
#[derive(Clone, Debug, Default, Serialize)]
pub struct EvalReport {
    /// Sentences measured.
    pub sentences: u32,
    pub purposes: Vec<Stat>,
    pub micro_precision: f64,
    pub micro_recall: f64,
    pub micro_f1: f64,
    /// Macro-F1 over the purposes with support ≥ [`MACRO_MIN_SUPPORT`].
    pub macro_f1: f64,
    pub macro_purposes: u32,
    /// "Has any purpose" as a binary decision.
    pub any_purpose: Stat,
    pub flags: Vec<Stat>,
}

/// Purposes with fewer gold sentences than this are left out of macro-F1.
pub const MACRO_MIN_SUPPORT: u32 = 5;

/// Scores `(gold mask, predicted mask)` pairs.
pub fn score(pairs: impl IntoIterator<Item = (u32, u32)>) -> EvalReport {
    let mut tp = [0u32; NUM_OUTPUTS];
    let mut fp = [0u32; NUM_OUTPUTS];
    let mut fn_ = [0u32; NUM_OUTPUTS];
    let (mut atp, mut afp, mut afn) = (0, 0, 0);
    let mut n = 0;
    let pmask = (1u32 << NUM_PURPOSES) - 1;
    for (gold, pred) in pairs {
        n += 1;
        for o in 0..NUM_OUTPUTS {
            let (g, p) = (gold >> o & 1 == 1, pred >> o & 1 == 1);
            match (g, p) {
                (true, true) => tp[o] += 1,
                (false, true) => fp[o] += 1,
                (true, false) => fn_[o] += 1,
                _ => {}
            }
        }
        match (gold & pmask != 0, pred & pmask != 0) {
            (true, true) => atp += 1,
            (false, true) => afp += 1,
            (true, false) => afn += 1,
            _ => {}
        }
    }
    let purposes: Vec<Stat> = Purpose::ALL
        .iter()
        .map(|p| Stat::new(p.id(), tp[p.index()], fp[p.index()], fn_[p.index()]))
        .collect();
    let flags = Flag::ALL
        .iter()
        .map(|f| {
            let o = NUM_PURPOSES + f.index();
            Stat::new(f.id(), tp[o], fp[o], fn_[o])
        })
        .collect();
    let (stp, sfp, sfn) = purposes
        .iter()
        .fold((0, 0, 0), |a, s| (a.0 + s.tp, a.1 + s.fp, a.2 + s.fn_));
    let (micro_precision, micro_recall, micro_f1) = prf(stp, sfp, sfn);
    let macro_set: Vec<&Stat> = purposes
        .iter()
        .filter(|s| s.support >= MACRO_MIN_SUPPORT)
        .collect();
    let macro_f1 = if macro_set.is_empty() {
        0.0
    } else {
        macro_set.iter().map(|s| s.f1).sum::<f64>() / macro_set.len() as f64
    };
    EvalReport {
        sentences: n,
        macro_purposes: macro_set.len() as u32,
        purposes,
        micro_precision,
        micro_recall,
        micro_f1,
        macro_f1,
        any_purpose: Stat::new("any-purpose", atp, afp, afn),
        flags,
    }
}

/// Classifies every sentence of `rows` (optionally only those of `split`) with the shipped model,
/// through the same code path as `clausemark classify`, and scores it.
pub fn evaluate(rows: &[LabelRow], split: Option<&str>) -> EvalReport {
    score(
        rows.iter()
            .enumerate()
            .filter(|(_, r)| r.is_sentence() && split.is_none_or(|s| r.split == s))
            .map(|(i, r)| {
                let c = super::classify_text(&r.text, &r.section, previous_sentence(rows, i));
                (r.mask(), predicted_mask(&c))
            }),
    )
}

/// The text of the sentence just before `rows[i]` in the same policy and section ("" when
/// `rows[i]` opens its section): the context the classifier reads a sentence in, as
/// `analyze` does on a page. Rows must be in document order, as in the labels file.
pub fn previous_sentence(rows: &[LabelRow], i: usize) -> &str {
    let (Some(r), Some(p)) = (rows.get(i), i.checked_sub(1).and_then(|j| rows.get(j))) else {
        return "";
    };
    if p.policy == r.policy && p.section == r.section && p.is_sentence() {
        &p.text
    } else {
        ""
    }
}

impl EvalReport {
    /// A table for humans.
    pub fn table(&self) -> String {
        let mut s = String::new();
        let line = |s: &mut String, st: &Stat| {
            s.push_str(&format!(
                "{:<26} {:>6.3} {:>6.3} {:>6.3} {:>7}\n",
                st.id, st.precision, st.recall, st.f1, st.support
            ));
        };
        s.push_str(&format!("{} sentences\n\n", self.sentences));
        s.push_str(&format!(
            "{:<26} {:>6} {:>6} {:>6} {:>7}\n",
            "purpose", "P", "R", "F1", "support"
        ));
        for st in &self.purposes {
            line(&mut s, st);
        }
        s.push_str(&format!(
            "\nmicro P {:.3}  R {:.3}  F1 {:.3}\nmacro F1 {:.3} (over {} purposes with support >= {})\n",
            self.micro_precision, self.micro_recall, self.micro_f1, self.macro_f1, self.macro_purposes, MACRO_MIN_SUPPORT
        ));
        s.push_str(&format!(
            "has any purpose: P {:.3}  R {:.3}  F1 {:.3}  (support {})\n\n",
            self.any_purpose.precision,
            self.any_purpose.recall,
            self.any_purpose.f1,
            self.any_purpose.support
        ));
        s.push_str(&format!(
            "{:<26} {:>6} {:>6} {:>6} {:>7}\n",
            "flag", "P", "R", "F1", "support"
        ));
        for st in &self.flags {
            line(&mut s, st);
        }
        s
    }

    /// The figure for one purpose or flag id.
    pub fn stat(&self, id: &str) -> Option<&Stat> {
        self.purposes.iter().chain(&self.flags).find(|s| s.id == id)
    }
}
