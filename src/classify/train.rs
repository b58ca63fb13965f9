//! Training (`clausemark train`): one L1/L2-regularised logistic regression per output, fitted by
//! FTRL-proximal (sparse weights), with per-output thresholds chosen by leave-platforms-out
//! cross-validation on the train split. Deterministic: fixed shuffling seed, no threads.
//!
//! `clausemark train` runs it twice: the first round's out-of-fold predictions give every train
//! sentence the purposes a model that never saw its policy finds in the sentence before it, and
//! the second round trains with them as context (at run time the classifier reads the purposes
//! it finds in the previous clause read on its own: [`super::context_of`]).

use super::eval::{self, EvalReport, LabelRow};
use super::{features, GATE, NUM_OUTPUTS};
use crate::taxonomy::NUM_PURPOSES;
use std::collections::HashMap;
use std::fmt::Write as _;

/// Hyper-parameters.
#[derive(Clone, Copy, Debug)]
pub struct Config {
    pub epochs: usize,
    pub alpha: f64,
    pub beta: f64,
    pub l1: f64,
    pub l2: f64,
    /// Weights smaller than this (in absolute value) are dropped from the shipped model.
    pub prune: f64,
    pub seed: u64,
    /// The cross-validated precision of "has any purpose" that the thresholds must reach.
    pub min_any_precision: f64,
    /// Weight of positive examples in the loss.
    pub pos_weight: f64,
    /// The share of examples trained on (a fixed pseudo-random subset; 1 = all), for learning
    /// curves: how cross-validated F1 grows with the amount of labelled text.
    pub train_fraction: f64,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            epochs: 12,
            alpha: 0.25,
            beta: 1.0,
            l1: 1.0,
            l2: 0.5,
            prune: 0.1,
            seed: 20_261_127,
            pos_weight: 1.0,
            min_any_precision: 0.80,
            train_fraction: 1.0,
        }
    }
}

/// One training example: compact feature indices and the gold output mask.
struct Example {
    feats: Vec<u32>,
    y: u32,
    /// The cross-validation fold that holds this example out (`None`: trained on in every fold).
    fold: Option<usize>,
    /// Whether the example is scored when its fold is held out (train-split sentences are;
    /// extra labelled examples are only held out, so that they never leak a held-out policy's
    /// wording into its own fold).
    scored: bool,
    /// False for a repeat of an earlier example (same text, section and labels): it is scored
    /// but not trained on again, so that a policy that repeats a sentence many times (a table
    /// of data types) does not outweigh the others.
    trained: bool,
    /// The first `base` features are the clause's own; the rest are its context's.
    base: usize,
    /// The value of each feature ([`features::feature_scale`]).
    scale: f64,
    /// Position of the source row in `train` then `always`.
    row: usize,
}

/// The data set with its compact feature vocabulary.
pub struct Data {
    examples: Vec<Example>,
    /// Compact index → feature id.
    ids: Vec<u32>,
    groups: Vec<String>,
}

/// The cross-validation group of a policy: policies that share most of their text (Meta's
/// Facebook, Instagram and Threads policies) form one group, so that a fold never trains on
/// the held-out policy's sentences under another name. Extra examples quoted from a policy
/// (`"policy": "extra-Facebook"`, `"extra-TikTok-2025-07-31"`) belong to that policy's group.
pub fn cv_group(policy: &str) -> &str {
    let name = policy.strip_prefix("extra-").unwrap_or(policy);
    let name = name.split('-').next().unwrap_or(name);
    match name {
        "Facebook" | "Instagram" | "Threads" => "Meta",
        _ => name,
    }
}

impl Data {
    /// `train` rows (in document order) are split into CV groups by [`cv_group`]; `always` rows
    /// are trained on in every fold except their own group's, and never scored.
    ///
    /// `fired[i]` (when given) is the purposes predicted for train row `i` by a model that did not
    /// train on its policy (out-of-fold): the row after it reads them as its context, as the
    /// classifier reads the purposes it gave the previous clause.
    pub fn new(train: &[LabelRow], always: &[LabelRow], fired: Option<&[u32]>) -> Data {
        let mut index: HashMap<u32, u32> = HashMap::new();
        let mut ids = Vec::new();
        let mut groups: Vec<String> = Vec::new();
        for r in train {
            let g = cv_group(&r.policy);
            if !groups.iter().any(|x| x == g) {
                groups.push(g.to_string());
            }
        }
        let mut examples = Vec::new();
        let mut seen: std::collections::HashSet<(&str, &str, u32)> = Default::default();
        let rows = train
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let previous = eval::previous_sentence(train, i);
                let prev_fired = match (previous.is_empty(), fired) {
                    (false, Some(f)) => f.get(i.wrapping_sub(1)).copied().unwrap_or(0),
                    _ => 0,
                };
                (r, previous, prev_fired, true)
            })
            .chain(always.iter().map(|r| (r, "", 0, false)));
        for (row, (r, previous, prev_fired, scored)) in rows.enumerate() {
            if !r.is_sentence() || r.text.trim().is_empty() {
                continue;
            }
            let text = crate::truncate_bytes(&r.text, crate::MAX_CLASSIFY_BYTES);
            let toks = features::tokenize(text);
            let mut fv = features::features(text, &toks, &r.section);
            let base = fv.len();
            let mut ctx = features::Context::of(previous);
            ctx.fired = prev_fired;
            features::context_features(ctx, &mut fv);
            let feats = fv
                .iter()
                .map(|f| {
                    *index.entry(f.id).or_insert_with(|| {
                        ids.push(f.id);
                        (ids.len() - 1) as u32
                    })
                })
                .collect::<Vec<u32>>();
            let g = cv_group(&r.policy);
            let mask = r.mask();
            let trained = seen.insert((r.text.as_str(), r.section.as_str(), mask));
            let any = u32::from(mask & ((1 << NUM_PURPOSES) - 1) != 0);
            examples.push(Example {
                scale: f64::from(features::feature_scale(feats.len())),
                feats,
                y: mask | any << GATE,
                fold: groups.iter().position(|x| x == g),
                scored,
                trained,
                base,
                row,
            });
        }
        Data {
            examples,
            ids,
            groups,
        }
    }

    pub fn len(&self) -> usize {
        self.examples.len()
    }

    pub fn is_empty(&self) -> bool {
        self.examples.is_empty()
    }
}

/// Dense weights over the compact vocabulary: `w[i * NUM_OUTPUTS + o]`.
struct Model {
    w: Vec<f32>,
}

impl Model {
    fn margins(&self, feats: &[u32], scale: f64) -> [f64; NUM_OUTPUTS] {
        let mut m = [0f64; NUM_OUTPUTS];
        for &i in feats {
            let row = &self.w[i as usize * NUM_OUTPUTS..(i as usize + 1) * NUM_OUTPUTS];
            for (o, w) in row.iter().enumerate() {
                m[o] += f64::from(*w) * scale;
            }
        }
        m
    }
}

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// Whether source row `row` is in the fixed pseudo-random subset of `fraction` of all rows.
fn in_fraction(row: usize, fraction: f64) -> bool {
    let h = (row as u64 ^ 0x9E37_79B9_7F4A_7C15).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    fraction >= 1.0 || ((h >> 40) % 10_000) as f64 / 10_000.0 < fraction
}

fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x.clamp(-35.0, 35.0)).exp())
}

/// FTRL-proximal over the examples selected by `take`.
fn fit(data: &Data, take: &dyn Fn(&Example) -> bool, cfg: &Config) -> Model {
    let n = data.ids.len() * NUM_OUTPUTS;
    let mut z = vec![0f64; n];
    let mut q = vec![0f64; n];
    let mut order: Vec<usize> = (0..data.examples.len())
        .filter(|&i| data.examples[i].trained && take(&data.examples[i]))
        .filter(|&i| in_fraction(data.examples[i].row, cfg.train_fraction))
        .collect();
    let mut rng = Rng(cfg.seed | 1);
    let weight = |z: f64, q: f64| -> f64 {
        if z.abs() <= cfg.l1 {
            0.0
        } else {
            -(z - z.signum() * cfg.l1) / ((cfg.beta + q.sqrt()) / cfg.alpha + cfg.l2)
        }
    };
    let mut wbuf: Vec<f64> = Vec::new();
    for _ in 0..cfg.epochs {
        for i in (1..order.len()).rev() {
            let j = (rng.next() % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        for &e in &order {
            let ex = &data.examples[e];
            wbuf.clear();
            let mut m = [0f64; NUM_OUTPUTS];
            for &f in &ex.feats {
                let base = f as usize * NUM_OUTPUTS;
                for o in 0..NUM_OUTPUTS {
                    let w = weight(z[base + o], q[base + o]);
                    wbuf.push(w);
                    m[o] += w * ex.scale;
                }
            }
            let mut g = [0f64; NUM_OUTPUTS];
            for o in 0..NUM_OUTPUTS {
                let y = ex.y >> o & 1 == 1;
                let cw = if y { cfg.pos_weight } else { 1.0 };
                g[o] = (sigmoid(m[o]) - f64::from(u8::from(y))) * ex.scale * cw;
            }
            for (k, &f) in ex.feats.iter().enumerate() {
                let base = f as usize * NUM_OUTPUTS;
                for o in 0..NUM_OUTPUTS {
                    let idx = base + o;
                    let gi = g[o];
                    let sigma = ((q[idx] + gi * gi).sqrt() - q[idx].sqrt()) / cfg.alpha;
                    z[idx] += gi - sigma * wbuf[k * NUM_OUTPUTS + o];
                    q[idx] += gi * gi;
                }
            }
        }
    }
    let w = z
        .iter()
        .zip(&q)
        .map(|(&z, &q)| {
            let w = weight(z, q);
            if w.abs() < cfg.prune {
                0.0
            } else {
                w as f32
            }
        })
        .collect();
    Model { w }
}

/// The margin threshold that maximises F1 on `(margin, gold)` pairs.
fn best_threshold(scored: &mut [(f64, bool)]) -> f64 {
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let pos = scored.iter().filter(|s| s.1).count() as f64;
    if pos == 0.0 {
        return scored.first().map_or(0.0, |s| s.0 + 1.0).max(0.0);
    }
    let (mut tp, mut fp) = (0f64, 0f64);
    let (mut best, mut best_f1) = (f64::INFINITY, -1.0);
    for i in 0..scored.len() {
        if scored[i].1 {
            tp += 1.0;
        } else {
            fp += 1.0;
        }
        // Only cut between distinct scores.
        let next = scored.get(i + 1).map(|s| s.0);
        if next == Some(scored[i].0) {
            continue;
        }
        let f1 = 2.0 * tp / (tp + fp + pos);
        if f1 > best_f1 {
            best_f1 = f1;
            best = match next {
                Some(n) => (scored[i].0 + n) / 2.0,
                None => scored[i].0 - 0.5,
            };
        }
    }
    best
}

/// What training produced.
pub struct Trained {
    /// `(feature id, output, weight)` for every non-zero weight.
    pub weights: Vec<(u32, usize, f32)>,
    /// Per-output margin thresholds.
    pub offsets: [f64; NUM_OUTPUTS],
    /// Leave-platforms-out cross-validated figures (thresholds chosen on the same folds).
    pub cv: EvalReport,
    pub examples: usize,
    pub groups: usize,
    /// The common margin added to every purpose threshold (see [`Config::min_any_precision`]).
    pub shift: f64,
    /// Out-of-fold `(source row, gold mask, predicted mask, margins − thresholds)` of every
    /// cross-validated example (for error analysis).
    pub oof: Vec<(usize, u32, u32, [f64; NUM_OUTPUTS])>,
    /// Out-of-fold `(source row, purposes fired)` of every cross-validated example read on its
    /// own (without its context features), as the classifier passes a clause's purposes on.
    pub alone: Vec<(usize, u32)>,
}

/// Cross-validates (one fold per policy), picks thresholds, then fits on everything.
pub fn train(data: &Data, cfg: &Config) -> Trained {
    let mut oof: Vec<Option<[f64; NUM_OUTPUTS]>> = vec![None; data.examples.len()];
    let mut alone = oof.clone();
    for g in 0..data.groups.len() {
        let model = fit(data, &|e: &Example| e.fold != Some(g), cfg);
        for (i, ex) in data.examples.iter().enumerate() {
            if ex.scored && ex.fold == Some(g) {
                oof[i] = Some(model.margins(&ex.feats, ex.scale));
                let own = ex.feats.get(..ex.base).unwrap_or(&ex.feats);
                alone[i] = Some(model.margins(own, ex.scale));
            }
        }
    }
    let mut offsets = [0f64; NUM_OUTPUTS];
    for (o, off) in offsets.iter_mut().enumerate() {
        let mut scored: Vec<(f64, bool)> = data
            .examples
            .iter()
            .zip(&oof)
            .filter_map(|(ex, m)| m.map(|m| (m[o], ex.y >> o & 1 == 1)))
            .collect();
        *off = best_threshold(&mut scored);
    }
    // A highlighter must be trusted: raise every purpose threshold by the smallest common margin
    // that brings the cross-validated precision of "has any purpose" to `min_any_precision`.
    let pmask = (1u32 << NUM_PURPOSES) - 1;
    let any_precision = |shift: f64| {
        let (mut tp, mut fp) = (0u32, 0u32);
        for (ex, m) in data.examples.iter().zip(&oof) {
            let Some(m) = m else { continue };
            let gate = (m[GATE] - offsets[GATE]) as f32;
            if (0..NUM_PURPOSES).any(|o| super::fires((m[o] - offsets[o] - shift) as f32, gate)) {
                if ex.y & pmask != 0 {
                    tp += 1;
                } else {
                    fp += 1;
                }
            }
        }
        eval::prf(tp, fp, 0).0
    };
    let shift = (0..=80)
        .map(|i| f64::from(i) * 0.025)
        .find(|&s| any_precision(s) >= cfg.min_any_precision)
        .unwrap_or(2.0);
    for off in offsets.iter_mut().take(NUM_PURPOSES) {
        *off += shift;
    }
    let oof: Vec<(usize, u32, u32, [f64; NUM_OUTPUTS])> = data
        .examples
        .iter()
        .zip(&oof)
        .filter_map(|(ex, m)| {
            let mut m = (*m)?;
            let mut pred = 0u32;
            for o in 0..NUM_OUTPUTS {
                m[o] -= offsets[o];
            }
            for o in 0..NUM_OUTPUTS {
                let on = if o < NUM_PURPOSES {
                    super::fires(m[o] as f32, m[GATE] as f32)
                } else {
                    m[o] > 0.0
                };
                if on {
                    pred |= 1 << o;
                }
            }
            Some((ex.row, ex.y, apply_ai_flag(pred), m))
        })
        .collect();
    let cv = eval::score(oof.iter().map(|o| (o.1, o.2)));
    let alone = data
        .examples
        .iter()
        .zip(&alone)
        .filter_map(|(ex, m)| {
            let m = (*m)?;
            let gate = (m[GATE] - offsets[GATE]) as f32;
            let fired = (0..NUM_PURPOSES)
                .filter(|&o| super::fires((m[o] - offsets[o]) as f32, gate))
                .fold(0, |mask, o| mask | 1 << o);
            Some((ex.row, fired))
        })
        .collect();
    let model = fit(data, &|_| true, cfg);
    let mut weights = Vec::new();
    for (i, &id) in data.ids.iter().enumerate() {
        for o in 0..NUM_OUTPUTS {
            let w = model.w[i * NUM_OUTPUTS + o];
            if w != 0.0 {
                weights.push((id, o, w));
            }
        }
    }
    weights.sort_by_key(|&(id, o, _)| (id, o));
    Trained {
        weights,
        offsets,
        cv,
        examples: data.examples.len(),
        groups: data.groups.len(),
        shift,
        oof,
        alone,
    }
}

/// The AI-training flag follows the AI-training purpose (as `classify` does).
fn apply_ai_flag(mut pred: u32) -> u32 {
    use crate::taxonomy::{Flag, Purpose};
    let flag = 1 << (NUM_PURPOSES + Flag::AiTraining.index());
    pred &= !flag;
    if pred >> Purpose::AiTraining.index() & 1 == 1 {
        pred |= flag;
    }
    pred
}

/// `YYYY-MM-DD` (UTC) of a Unix time.
fn utc_date(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    // Howard Hinnant's civil-from-days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Dense quantised rows: `(feature ids, per-output scales, rows of NUM_OUTPUTS i8 weights)`.
pub fn quantise(
    weights: &[(u32, usize, f32)],
) -> (Vec<u32>, [f32; NUM_OUTPUTS], Vec<[i8; NUM_OUTPUTS]>) {
    let mut scales = [0f32; NUM_OUTPUTS];
    for &(_, o, w) in weights {
        scales[o] = scales[o].max(w.abs() / 127.0);
    }
    for sc in scales.iter_mut() {
        if *sc == 0.0 {
            *sc = 1.0;
        }
    }
    let mut ids = Vec::new();
    let mut rows: Vec<[i8; NUM_OUTPUTS]> = Vec::new();
    for &(id, o, w) in weights {
        let q = (w / scales[o]).round().clamp(-127.0, 127.0) as i8;
        if q == 0 {
            continue;
        }
        if ids.last() != Some(&id) {
            ids.push(id);
            rows.push([0; NUM_OUTPUTS]);
        }
        if let Some(r) = rows.last_mut() {
            r[o] = q;
        }
    }
    (ids, scales, rows)
}

/// The generated `weights.rs` source. `provenance` lines go into the header.
pub fn render_weights(t: &Trained, provenance: &[String]) -> String {
    let (ids, scales, rows) = quantise(&t.weights);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let mut s = String::new();
    let _ = writeln!(
        s,
        "//! GENERATED FILE: do not edit. Written by `clausemark train` on {} (UTC).",
        utc_date(now)
    );
    for p in provenance {
        let _ = writeln!(s, "//! {p}");
    }
    let _ = writeln!(
        s,
        "//! {} features with weights: IDS (sorted feature ids) and ROWS (one i8 weight per output, \
         times SCALES[output]; outputs: the 13 purposes, the 8 flags, then the any-purpose gate). OFFSETS: per-output \
         margin thresholds chosen by leave-platforms-out cross-validation on the train split.",
        ids.len()
    );
    s.push_str("#![cfg_attr(rustfmt, rustfmt_skip)]\n#![allow(clippy::all)]\n\n");
    let list = |s: &mut String, name: &str, ty: &str, v: &[f64]| {
        let _ = write!(s, "pub const {name}: [{ty}; super::NUM_OUTPUTS] = [");
        for (i, x) in v.iter().enumerate() {
            let _ = write!(s, "{}{:e}", if i > 0 { ", " } else { "" }, *x as f32);
        }
        s.push_str("];\n");
    };
    list(
        &mut s,
        "SCALES",
        "f32",
        &scales.iter().map(|&x| f64::from(x)).collect::<Vec<_>>(),
    );
    list(&mut s, "OFFSETS", "f32", &t.offsets);
    let _ = writeln!(s, "pub static IDS: [u32; {}] = [", ids.len());
    for chunk in ids.chunks(12) {
        s.push_str("    ");
        for id in chunk {
            let _ = write!(s, "{id},");
        }
        s.push('\n');
    }
    s.push_str("];\n");
    let _ = writeln!(
        s,
        "pub static ROWS: [[i8; super::NUM_OUTPUTS]; {}] = [",
        ids.len()
    );
    for r in &rows {
        s.push_str("    [");
        for q in r {
            let _ = write!(s, "{q},");
        }
        s.push_str("],\n");
    }
    s.push_str("];\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(utc_date(0), "1970-01-01");
        assert_eq!(utc_date(1_795_000_000), "2026-11-18");
    }

    #[test]
    fn threshold_separates() {
        let mut s = vec![(2.0, true), (1.0, true), (0.0, false), (-1.0, false)];
        let t = best_threshold(&mut s);
        assert!(t > 0.0 && t < 1.0);
    }

    #[test]
    fn a_train_fraction_keeps_that_share_of_rows_and_nests() {
        let share = |f: f64| (0..10_000).filter(|&r| in_fraction(r, f)).count();
        assert_eq!(share(1.0), 10_000);
        assert_eq!(share(0.0), 0);
        let half = share(0.5);
        assert!((4_700..=5_300).contains(&half), "{half}");
        // A smaller share is a subset of a larger one, so a learning curve adds text, never swaps it.
        assert!((0..10_000).all(|r| !in_fraction(r, 0.25) || in_fraction(r, 0.5)));
    }
}
