//! `clausemark diff OLD NEW [--format json|text]`: what changed between two versions of a policy.
//!
//! Exit status 0 whether or not anything changed; 1 on unreadable input, 2 on bad arguments.
use clausemark::diff::{diff, Diff, DiffClause};
use clausemark::doc;

const USAGE: &str = "usage: clausemark diff OLD NEW [--format json|text]";

pub fn run(args: &[String]) -> u8 {
    let mut files = Vec::new();
    let mut format = "json".to_string();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--format" | "-f" => match it.next() {
                Some(f) => format = f.clone(),
                None => return usage("--format needs a value"),
            },
            s if s.starts_with("--format=") => format = s["--format=".len()..].to_string(),
            "-h" | "--help" => {
                println!("{USAGE}");
                return 0;
            }
            s if s.starts_with('-') && s.len() > 1 => return usage(&format!("unknown option {s}")),
            s => files.push(s.to_string()),
        }
    }
    if files.len() != 2 {
        return usage("expected two files, OLD and NEW");
    }
    if format != "json" && format != "text" {
        return usage(&format!("unknown format {format:?} (json or text)"));
    }
    let mut versions = Vec::new();
    for path in &files {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("clausemark: cannot read {path}: {e}");
                return 1;
            }
        };
        match doc::load(&bytes, path) {
            Ok(b) => versions.push(b),
            Err(e) => {
                eprintln!("clausemark: {path}: {e}");
                return 1;
            }
        }
    }
    let d = diff(&versions[0], &versions[1]);
    if format == "text" {
        print!("{}", text(&d));
        return 0;
    }
    match serde_json::to_string_pretty(&d) {
        Ok(s) => {
            println!("{s}");
            0
        }
        Err(e) => {
            eprintln!("clausemark: {e}");
            1
        }
    }
}

fn usage(msg: &str) -> u8 {
    eprintln!("clausemark diff: {msg}\n{USAGE}");
    2
}

/// A readable summary: counts, then `+ ` added, `- ` removed, `~ ` changed (with the old text).
fn text(d: &Diff) -> String {
    let mut s = format!(
        "{} added, {} removed, {} changed, {} unchanged\n",
        d.added.len(),
        d.removed.len(),
        d.changed.len(),
        d.unchanged
    );
    for c in &d.added {
        s.push_str(&line("+ ", c));
    }
    for c in &d.removed {
        s.push_str(&line("- ", c));
    }
    for c in &d.changed {
        s.push_str(&line("~ ", &c.new));
        s.push_str(&line("  was: ", &c.old));
    }
    s
}

fn line(prefix: &str, c: &DiffClause) -> String {
    let text = c.text.split_whitespace().collect::<Vec<_>>().join(" ");
    let tags: Vec<&str> = c
        .purposes
        .iter()
        .chain(&c.flags)
        .map(String::as_str)
        .collect();
    if tags.is_empty() {
        format!("{prefix}{text}\n")
    } else {
        format!("{prefix}{text} [{}]\n", tags.join(", "))
    }
}
