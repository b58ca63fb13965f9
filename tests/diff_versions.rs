//! Change detection on real consecutive versions of privacy policies, against golden counts, plus
//! formatting-only rewrites, a reworded sentence and a reordering.
//!
//! Golden counts live in `tests/fixtures/diff/<Platform>/<old>__<new>.json`; how they were checked
//! by hand is in `tests/fixtures/diff/README.md`. Regenerate with `UPDATE_GOLDEN=1 cargo test
//! --test diff_versions` (and check the new counts by hand again).
use std::path::{Path, PathBuf};

use clausemark::diff::{diff, Diff};
use clausemark::{doc, Block};
use serde_json::{json, Value};

const VERSIONS: &str = "../shared/data/versions";
const PLATFORMS: [&str; 4] = ["TikTok", "X", "Bluesky", "WhatsApp"];

fn versions(platform: &str) -> Vec<PathBuf> {
    let dir = Path::new(VERSIONS).join(platform);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    files.sort();
    files
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn md(text: &str) -> Vec<Block> {
    doc::load(text.as_bytes(), "version.md").expect("a Markdown document")
}

fn counts(d: &Diff) -> Value {
    json!({
        "added": d.added.len(),
        "removed": d.removed.len(),
        "changed": d.changed.len(),
        "unchanged": d.unchanged,
    })
}

fn stem(p: &Path) -> String {
    p.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[test]
fn consecutive_versions_match_golden_counts() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut failures = Vec::new();
    let mut pairs = 0;
    for platform in PLATFORMS {
        let files = versions(platform);
        assert!(files.len() >= 2, "{platform}: fewer than two versions");
        for w in files.windows(2) {
            pairs += 1;
            let d = diff(&md(&read(&w[0])), &md(&read(&w[1])));
            let got = counts(&d);
            let golden = Path::new("tests/fixtures/diff")
                .join(platform)
                .join(format!("{}__{}.json", stem(&w[0]), stem(&w[1])));
            if update {
                std::fs::create_dir_all(golden.parent().unwrap_or(Path::new(".")))
                    .expect("fixture folder");
                let text = serde_json::to_string_pretty(&got).expect("json") + "\n";
                std::fs::write(&golden, text).expect("write golden");
                continue;
            }
            let want: Value = match std::fs::read_to_string(&golden) {
                Ok(s) => serde_json::from_str(&s).expect("golden JSON"),
                Err(e) => {
                    failures.push(format!("{}: {e}", golden.display()));
                    continue;
                }
            };
            if got != want {
                failures.push(format!("{}: got {got}, golden {want}", golden.display()));
            }
        }
    }
    assert_eq!(pairs, 11, "the data set has 11 consecutive pairs");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Does a word, at the start of a line, read as Markdown block syntax (a list marker, heading,
/// table row, quote, rule or fence)? A careful re-wrap never starts a line with one.
fn block_syntax(word: &str) -> bool {
    let b = word.as_bytes();
    matches!(word, "*" | "-" | "+" | "•")
        || word.starts_with(['#', '|', '>', '=', '`'])
        || word.starts_with("--")
        || (b.len() >= 2
            && b[..b.len() - 1].iter().all(u8::is_ascii_digit)
            && matches!(b[b.len() - 1], b'.' | b')'))
}

/// Re-wraps one line at `width` columns: its indentation and list marker stay on the first line,
/// the rest is indented to the marker's width.
fn wrap_line(line: &str, width: usize, out: &mut String) {
    let trimmed = line.trim_start();
    let indent = line.len() - trimmed.len();
    let first_word = trimmed.split(' ').next().unwrap_or("");
    let is_marker = block_syntax(first_word) && !first_word.starts_with(['#', '|', '>', '=', '`']);
    let (prefix, content) = if is_marker {
        let after = &trimmed[first_word.len()..];
        let content = after.trim_start();
        (&line[..line.len() - content.len()], content)
    } else {
        (&line[..indent], trimmed)
    };
    let hang = " ".repeat(prefix.chars().count());
    let mut cur = prefix.to_string();
    let mut empty = true;
    for word in content.split_whitespace() {
        let fits = cur.chars().count() + 1 + word.chars().count() <= width;
        if !empty && !fits && !block_syntax(word) {
            out.push_str(&cur);
            out.push('\n');
            cur = hang.clone();
            empty = true;
        }
        if !empty {
            cur.push(' ');
        }
        cur.push_str(word);
        empty = false;
    }
    out.push_str(&cur);
    out.push('\n');
}

/// A formatting-only rewrite: `*` bullets become `-`, `**` is removed, paragraphs and list items
/// are re-wrapped at 60 columns. Tables, headings and rules are left alone.
fn reformat(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim();
        let next = lines.get(i + 1).map(|l| l.trim()).unwrap_or("");
        let setext_next =
            !next.is_empty() && next.bytes().all(|b| b == b'-' || b == b'=') && next.len() >= 2;
        let mut l = line.replace("**", "");
        let lead = l.len() - l.trim_start().len();
        let rule = t.bytes().all(|b| matches!(b, b'*' | b'-' | b'_' | b' '));
        if l[lead..].starts_with("* ") && !rule {
            l.replace_range(lead..lead + 1, "-");
        }
        if t.is_empty()
            || t.starts_with(['|', '#', '`'])
            || setext_next
            || t.bytes().all(|b| b == b'-' || b == b'=')
        {
            out.push_str(&l);
            out.push('\n');
        } else {
            wrap_line(&l, 60, &mut out);
        }
    }
    out
}

#[test]
fn formatting_only_rewrite_reports_nothing() {
    for platform in ["TikTok", "Bluesky", "WhatsApp"] {
        let files = versions(platform);
        let last = files.last().expect("a version");
        let text = read(last);
        let rewritten = reformat(&text);
        assert_ne!(text, rewritten);
        assert!(rewritten
            .lines()
            .filter(|l| !l.trim_start().starts_with('|'))
            .all(|l| l.chars().count() <= 60
                || !l.trim().contains(' ')
                || l.trim().starts_with('#')
                || l.split_whitespace().any(block_syntax)));
        let d = diff(&md(&text), &md(&rewritten));
        assert!(
            d.is_empty(),
            "{platform}: a formatting-only rewrite reported {}: {d:#?}",
            counts(&d)
        );
        assert!(d.unchanged > 200, "{platform}: {}", counts(&d));
    }
}

#[test]
fn one_reworded_sentence_is_one_change() {
    let files = versions("TikTok");
    let text = read(files.last().expect("a version"));
    let old = "We collect information that you provide when you set up an account, such as your date of birth";
    assert!(text.contains(old));
    let new = "We collect the information you give us when you create an account, such as your date of birth";
    let d = diff(&md(&text), &md(&text.replacen(old, new, 1)));
    assert_eq!(
        (d.added.len(), d.removed.len(), d.changed.len()),
        (0, 0, 1),
        "{d:#?}"
    );
    assert!(d.changed[0]
        .old
        .text
        .starts_with("We collect information that you provide"));
    assert!(d.changed[0]
        .new
        .text
        .starts_with("We collect the information you give us"));

    // A sentence added to an item is one addition; the item's other sentences are unchanged.
    let added = "We also collect your favourite colour.";
    let anchor = "You can choose to add other information to your account";
    assert!(text.contains(anchor));
    let d = diff(
        &md(&text),
        &md(&text.replacen(anchor, &format!("{added} {anchor}"), 1)),
    );
    assert_eq!(
        (d.added.len(), d.removed.len(), d.changed.len()),
        (1, 0, 0),
        "{d:#?}"
    );
    assert_eq!(d.added[0].text, added);
}

#[test]
fn reordering_is_not_a_change() {
    let files = versions("TikTok");
    let text = read(files.last().expect("a version"));
    // Reverse the order of the paragraphs (blank-line separated chunks) of the whole policy.
    let mut chunks: Vec<&str> = text.split("\n\n").collect();
    chunks.reverse();
    let reordered = chunks.join("\n\n");
    let d = diff(&md(&text), &md(&reordered));
    assert!(d.is_empty(), "{}: {d:#?}", counts(&d));
    // And the list items of one section, one by one.
    let lines: Vec<&str> = text.lines().collect();
    let items: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].starts_with("* "))
        .collect();
    assert!(items.len() > 10);
    let mut swapped: Vec<&str> = lines.clone();
    swapped.swap(items[0], items[5]);
    swapped.swap(items[2], items[9]);
    let d = diff(&md(&text), &md(&swapped.join("\n")));
    assert!(d.is_empty(), "{}", counts(&d));
}

#[test]
fn cli_diff_outputs() {
    let exe = env!("CARGO_BIN_EXE_clausemark");
    let files = versions("TikTok");
    let (a, b) = (&files[files.len() - 2], &files[files.len() - 1]);
    let out = std::process::Command::new(exe)
        .arg("diff")
        .arg(a)
        .arg(b)
        .output()
        .expect("run clausemark diff");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON output");
    for key in ["added", "removed", "changed"] {
        assert!(v[key].is_array(), "{key}");
    }
    assert!(v["unchanged"].as_u64().is_some());
    let first = &v["added"][0];
    assert!(
        first["text"].is_string() && first["purposes"].is_array() && first["flags"].is_array(),
        "{first}"
    );

    let out = std::process::Command::new(exe)
        .args(["diff", "--format", "text"])
        .arg(a)
        .arg(b)
        .output()
        .expect("run clausemark diff");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.lines()
            .next()
            .is_some_and(|l| l.contains("added") && l.contains("unchanged")),
        "{text}"
    );
    assert!(text.lines().any(|l| l.starts_with("+ ")));

    // Unchanged input: still exit 0. Bad input: non-zero.
    let same = std::process::Command::new(exe)
        .arg("diff")
        .arg(a)
        .arg(a)
        .output()
        .expect("run");
    assert!(same.status.success());
    let missing = std::process::Command::new(exe)
        .args(["diff", "/nonexistent/a.md"])
        .arg(a)
        .output()
        .expect("run");
    assert!(!missing.status.success());
    let bad = std::process::Command::new(exe)
        .args(["diff", "--format", "xml"])
        .arg(a)
        .arg(b)
        .output()
        .expect("run");
    assert!(!bad.status.success());
}
