//! `clausemark train LABELS.jsonl [--out src/classify/weights.rs] [--extra FILE] [--seeds FILE]
//! [--epochs N] [--l1 X] [--l2 X] [--alpha X] [--prune X] [--train-fraction X] [--cv-only]`
//!
//! Fits the classifier on the `train` split of LABELS (plus the extra labelled examples and the
//! founding seed clauses, which are always trained on), prints leave-platforms-out
//! cross-validated figures on the train split, and writes the generated weights module.
use clausemark::classify::eval::{load_labels, LabelRow};
use clausemark::classify::features::fnv;
use clausemark::classify::train::{render_weights, train, Config, Data};

const DEFAULT_OUT: &str = "src/classify/weights.rs";
const DEFAULT_EXTRA: &str = "data/extra-labels.jsonl";
const DEFAULT_SEEDS: &str = "../shared/data/seed-purposes.jsonl";

fn describe(path: &str, rows: usize) -> String {
    let hash = std::fs::read(path).map(|b| fnv(&b)).unwrap_or(0);
    format!("{path} ({rows} rows used, FNV-1a {hash:016x})")
}

pub fn run(args: &[String]) -> u8 {
    let mut labels = None;
    let mut out = DEFAULT_OUT.to_string();
    let mut extra = DEFAULT_EXTRA.to_string();
    let mut seeds = DEFAULT_SEEDS.to_string();
    let mut cfg = Config::default();
    let mut cv_only = false;
    let mut dump = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut val = |name: &str| -> Result<String, String> {
            it.next().cloned().ok_or(format!("{name} needs a value"))
        };
        let num = |v: Result<String, String>| -> Result<f64, String> {
            v?.parse::<f64>().map_err(|e| e.to_string())
        };
        let r: Result<(), String> = match a.as_str() {
            "--out" => val("--out").map(|v| out = v),
            "--extra" => val("--extra").map(|v| extra = v),
            "--seeds" => val("--seeds").map(|v| seeds = v),
            "--epochs" => num(val("--epochs")).map(|v| cfg.epochs = v as usize),
            "--l1" => num(val("--l1")).map(|v| cfg.l1 = v),
            "--l2" => num(val("--l2")).map(|v| cfg.l2 = v),
            "--alpha" => num(val("--alpha")).map(|v| cfg.alpha = v),
            "--min-any-precision" => {
                num(val("--min-any-precision")).map(|v| cfg.min_any_precision = v)
            }
            "--pos-weight" => num(val("--pos-weight")).map(|v| cfg.pos_weight = v),
            "--prune" => num(val("--prune")).map(|v| cfg.prune = v),
            "--train-fraction" => num(val("--train-fraction")).map(|v| cfg.train_fraction = v),
            "--dump-oof" => val("--dump-oof").map(|v| dump = Some(v)),
            "--cv-only" => {
                cv_only = true;
                Ok(())
            }
            s if !s.starts_with("--") && labels.is_none() => {
                labels = Some(s.to_string());
                Ok(())
            }
            s => Err(format!("unexpected argument {s:?}")),
        };
        if let Err(e) = r {
            eprintln!("clausemark train: {e}");
            return 2;
        }
    }
    let Some(labels) = labels else {
        eprintln!("usage: clausemark train LABELS.jsonl [--out FILE] [--extra FILE] [--seeds FILE] [--cv-only]");
        return 2;
    };
    let rows = match load_labels(&labels) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("clausemark train: {e}");
            return 1;
        }
    };
    // The English model trains on English sentences (Telegram's German policy is left out).
    let train_rows: Vec<LabelRow> = rows
        .into_iter()
        .filter(|r| r.split == "train" && (r.lang.is_empty() || r.lang == "en"))
        .collect();
    let mut always = Vec::new();
    let mut provenance = vec![
        format!("Command: clausemark train {}", args.join(" ")),
        format!(
            "Data: {} (split=train, lang=en only), config {:?}",
            describe(
                &labels,
                train_rows.iter().filter(|r| r.is_sentence()).count()
            ),
            cfg
        ),
    ];
    for path in [&extra, &seeds] {
        if std::path::Path::new(path).exists() {
            match load_labels(path) {
                Ok(r) => {
                    provenance.push(format!("Always trained on: {}", describe(path, r.len())));
                    always.extend(r);
                }
                Err(e) => {
                    eprintln!("clausemark train: {e}");
                    return 1;
                }
            }
        }
    }
    let data = Data::new(&train_rows, &always, None);
    eprintln!(
        "training on {} examples ({} extra)...",
        data.len(),
        always.len()
    );
    // Round 1 predicts every train sentence out of fold; round 2 reads the previous sentence's
    // predicted purposes as context (what the classifier reads at run time).
    let first = train(&data, &cfg);
    let mut fired = vec![0u32; train_rows.len()];
    for &(row, pred) in &first.alone {
        if let Some(f) = fired.get_mut(row) {
            *f = pred;
        }
    }
    eprintln!(
        "round 1 CV micro-F1 {:.3}; round 2 reads its predictions as context",
        first.cv.micro_f1
    );
    provenance.push(format!(
        "Two rounds: round 1 (CV micro-F1 {:.3}) predicts each train sentence out of fold, read on its own; round 2 trains with the previous sentence's round-1 purposes as context features. Repeated (text, section, labels) examples are trained on once.",
        first.cv.micro_f1
    ));
    let data = Data::new(&train_rows, &always, Some(&fired));
    let t = train(&data, &cfg);
    println!(
        "Leave-platforms-out cross-validation on the train split ({} folds: one per platform, Facebook, Instagram and Threads as one; {} examples):\n",
        t.groups, t.examples
    );
    println!("{}", t.cv.table());
    println!(
        "purpose thresholds raised by {:.3} (margin) so that CV precision of \"has any purpose\" >= {}",
        t.shift, cfg.min_any_precision
    );
    let rows = clausemark::classify::train::quantise(&t.weights).0.len();
    println!(
        "{} non-zero weights in {rows} feature rows (~{} KB as data)",
        t.weights.len(),
        rows * (4 + clausemark::classify::NUM_OUTPUTS) / 1024
    );
    if let Some(path) = dump {
        let lines: Vec<String> = t
            .oof
            .iter()
            .filter_map(|(row, gold, pred, m)| {
                let r = train_rows.get(*row)?;
                let margins: Vec<f64> = m.iter().map(|x| (x * 100.0).round() / 100.0).collect();
                let v =
                    serde_json::json!({"id": r.id, "gold": gold, "pred": pred, "margins": margins});
                Some(v.to_string())
            })
            .collect();
        if let Err(e) = std::fs::write(&path, lines.join("\n") + "\n") {
            eprintln!("clausemark train: {path}: {e}");
            return 1;
        }
    }
    if cv_only {
        return 0;
    }
    let src = render_weights(&t, &provenance);
    if let Err(e) = std::fs::write(&out, src) {
        eprintln!("clausemark train: {out}: {e}");
        return 1;
    }
    println!("wrote {out}");
    0
}
