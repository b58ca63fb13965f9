//! `clausemark eval LABELS.jsonl [--split S] [--json]`: per-purpose and per-flag precision,
//! recall and F1 of the shipped model against labelled sentences (headings are skipped), through
//! the same code path as `clausemark classify` (text + section of each line).
use clausemark::classify::eval::{evaluate, load_labels};

pub fn run(args: &[String]) -> u8 {
    let mut labels = None;
    let mut split = None;
    let mut json = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--json" => json = true,
            "--split" => match it.next() {
                Some(s) => split = Some(s.clone()),
                None => {
                    eprintln!("clausemark eval: --split needs a value");
                    return 2;
                }
            },
            s if !s.starts_with("--") && labels.is_none() => labels = Some(s.to_string()),
            s => {
                eprintln!("clausemark eval: unexpected argument {s:?}");
                return 2;
            }
        }
    }
    let Some(labels) = labels else {
        eprintln!("usage: clausemark eval LABELS.jsonl [--split S] [--json]");
        return 2;
    };
    let rows = match load_labels(&labels) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("clausemark eval: {e}");
            return 1;
        }
    };
    let report = evaluate(&rows, split.as_deref());
    if json {
        match serde_json::to_string_pretty(&report) {
            Ok(s) => println!("{s}"),
            Err(e) => {
                eprintln!("clausemark eval: {e}");
                return 1;
            }
        }
    } else {
        println!("split: {}", split.as_deref().unwrap_or("all"));
        print!("{}", report.table());
    }
    0
}
