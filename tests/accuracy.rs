//! The shipped model against the labelled dev platforms (Bluesky, Quora, Moltbook, X, Twitter),
//! which the model never saw: the figures must not fall below those recorded in
//! docs/ACCURACY.md (minus 0.02), nor below the floor. Plus the founding examples.
use clausemark::classify::eval::{evaluate, load_labels, LabelRow};
use clausemark::{classify, Flag, Purpose};

const LABELS: &str = "../shared/data/labels/clauses.jsonl";
const SEEDS: &str = "../shared/data/seed-purposes.jsonl";

/// Recorded in docs/ACCURACY.md (`clausemark eval ../shared/data/labels/clauses.jsonl --split dev`).
const DEV_MICRO_F1: f64 = 0.691;
const DEV_MACRO_F1: f64 = 0.700;
const DEV_ANY_PRECISION: f64 = 0.826;
/// Issue 2's floor.
const FLOOR_MICRO_F1: f64 = 0.60;
const TOLERANCE: f64 = 0.02;

fn labels(path: &str) -> Option<Vec<LabelRow>> {
    // The shared data sits beside the repository on every machine and in CI: a missing file is a
    // failure, never a silent skip.
    assert!(
        std::path::Path::new(path).exists(),
        "{path} not found (../shared must sit beside the repo)"
    );
    Some(load_labels(path).expect("labels parse"))
}

#[test]
fn dev_figures_hold() {
    let Some(rows) = labels(LABELS) else { return };
    let r = evaluate(&rows, Some("dev"));
    assert!(
        r.sentences > 1000,
        "dev split has {} sentences",
        r.sentences
    );
    eprintln!("{}", r.table());
    assert!(
        r.micro_f1 >= FLOOR_MICRO_F1,
        "micro-F1 {:.3} below the floor {FLOOR_MICRO_F1}",
        r.micro_f1
    );
    assert!(
        r.micro_f1 >= DEV_MICRO_F1 - TOLERANCE,
        "micro-F1 {:.3} < recorded {DEV_MICRO_F1}",
        r.micro_f1
    );
    assert!(
        r.macro_f1 >= DEV_MACRO_F1 - TOLERANCE,
        "macro-F1 {:.3} < recorded {DEV_MACRO_F1}",
        r.macro_f1
    );
    assert!(
        r.any_purpose.precision >= DEV_ANY_PRECISION - TOLERANCE,
        "has-any-purpose precision {:.3} < recorded {DEV_ANY_PRECISION}",
        r.any_purpose.precision
    );
}

#[test]
fn founding_examples_get_their_purpose() {
    let Some(rows) = labels(SEEDS) else { return };
    assert_eq!(rows.len(), 8);
    for r in rows {
        let c = classify(&r.text, "");
        for p in r.purposes.iter().filter_map(|p| Purpose::from_id(p)) {
            assert!(
                c.has(p),
                "{:?} missing {}: got {:?}",
                r.text,
                p.id(),
                c.purposes
            );
        }
    }
}

#[test]
fn negated_sale_is_advertising_and_negated() {
    let c = classify("We do not sell your personal information.", "");
    assert!(c.has(Purpose::Advertising), "{c:?}");
    assert!(c.flags.contains(&Flag::Negated), "{c:?}");
}

#[test]
fn evidence_comes_from_the_clause() {
    let text = "Personalise and customise certain features and content such as providing your “For You” feed.";
    let c = classify(text, "How we use your information");
    let p = c
        .purposes
        .iter()
        .find(|p| p.purpose == Purpose::Personalization)
        .expect("personalization");
    assert!(!p.evidence.is_empty() && p.evidence.len() <= 4);
    for e in &p.evidence {
        assert!(text.contains(e.as_str()), "{e:?}");
    }
}

#[test]
fn headings_and_boilerplate_abstain() {
    // Headings, definitions, contact details, dates, rights without a purpose and lists of data
    // types with no stated use get no purpose (LABELING.md). Written for this test.
    for (t, section) in [
        ("", ""),
        ("Contact us", ""),
        ("Last updated: 1 January 2026", ""),
        ("Privacy Policy", ""),
        ("Table of contents", ""),
        ("Personal information means any information relating to an identified or identifiable natural person.", "Definitions"),
        ("Cookies are small text files placed on your device.", ""),
        ("In this policy, \"we\", \"us\" and \"our\" refer to Example Ltd.", ""),
        ("You can contact our Data Protection Officer at privacy@example.com.", "Contact us"),
        ("Email: privacy@example.com", ""),
        ("123 Example Street, Dublin 2, Ireland", ""),
        ("Your name, email address, phone number and date of birth.", "Information we collect"),
        ("Device information, such as your IP address, browser type and operating system.", ""),
        ("We collect the content you create, such as photos, videos and comments.", "Information we collect"),
        ("Information you provide to us", "What information we collect"),
        ("This section explains your rights.", ""),
        ("You have the right to access, correct or delete your personal data.", "Your rights"),
    ] {
        let c = classify(t, section);
        assert!(c.purposes.is_empty(), "{t:?}: {:?}", c.purposes);
    }
}

/// `cargo test --release --test accuracy -- --ignored --nocapture throughput`: classify every line
/// of every policy in ../shared/data/policies and print MB/s.
#[test]
#[ignore]
fn throughput() {
    let Ok(dir) = std::fs::read_dir("../shared/data/policies") else {
        return;
    };
    let mut lines = Vec::new();
    for e in dir.flatten() {
        if let Ok(t) = std::fs::read_to_string(e.path()) {
            lines.extend(t.lines().map(str::to_string));
        }
    }
    let bytes: usize = lines.iter().map(String::len).sum();
    let sec = "How we use your information";
    let mut best = [f64::MAX; 3];
    for _ in 0..3 {
        let t0 = std::time::Instant::now();
        let mut n = 0;
        for l in &lines {
            n += clausemark::classify::features::tokenize(l).len();
        }
        best[0] = best[0].min(t0.elapsed().as_secs_f64());
        let t0 = std::time::Instant::now();
        for l in &lines {
            let t = clausemark::classify::features::tokenize(l);
            n += clausemark::classify::features::features(l, &t, sec).len();
        }
        best[1] = best[1].min(t0.elapsed().as_secs_f64());
        let t0 = std::time::Instant::now();
        for l in &lines {
            n += clausemark::classify::classify(l, sec).purposes.len();
        }
        best[2] = best[2].min(t0.elapsed().as_secs_f64());
        std::hint::black_box(n);
    }
    let mbs = |s: f64| bytes as f64 / 1e6 / s;
    eprintln!(
        "unsegmented lines: tokenize {:.1} MB/s, +features {:.1} MB/s, classify {:.1} MB/s",
        mbs(best[0]),
        mbs(best[1]),
        mbs(best[2])
    );
    let start = std::time::Instant::now();
    let mut fired = 0;
    let rounds = 5;
    for _ in 0..rounds {
        for l in &lines {
            fired += clausemark::classify::classify_text(l, "How we use your information", "")
                .purposes
                .len();
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let mb = (bytes * rounds) as f64 / 1e6;
    eprintln!(
        "{} lines, {:.1} MB in {secs:.2}s: {:.1} MB/s ({fired} purposes)",
        lines.len(),
        mb,
        mb / secs
    );
}

#[test]
fn extra_examples_never_repeat_a_labelled_sentence() {
    // data/README.md promises it: a dev sentence in the extra file would be trained on, and a
    // train sentence would be counted twice.
    let Some(rows) = labels(LABELS) else { return };
    let Some(extra) = labels("data/extra-labels.jsonl") else {
        return;
    };
    let norm = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let labelled: std::collections::HashSet<String> = rows.iter().map(|r| norm(&r.text)).collect();
    let mut seen = std::collections::HashSet::new();
    for r in &extra {
        let t = norm(&r.text);
        assert!(
            !labelled.contains(&t),
            "{} repeats a labelled sentence",
            r.id
        );
        assert!(seen.insert(t), "{} repeats an earlier extra line", r.id);
        assert!(
            r.policy.starts_with("extra-"),
            "{}: policy {}",
            r.id,
            r.policy
        );
    }
    assert!(extra.len() > 1000, "{} extra lines", extra.len());
}

#[test]
fn evidence_reads_as_reasons_on_a_whole_policy() {
    // Over every clause of a real policy: no lone generic word ("information"), no phrase that
    // repeats part of another phrase of the same purpose, every phrase the clause's own words.
    let bytes = std::fs::read("../shared/data/policies/YouTube.md").expect("policy");
    let blocks = clausemark::doc::load(&bytes, "YouTube.md").expect("loads");
    let report = clausemark::analyze(
        &blocks,
        &clausemark::Options {
            include_text: true,
            ..clausemark::Options::default()
        },
    );
    let mut phrases = 0;
    for c in &report.clauses {
        let text = c.text.as_deref().unwrap_or_default();
        for p in &c.purposes {
            for (i, e) in p.evidence.iter().enumerate() {
                phrases += 1;
                assert!(text.contains(e.as_str()), "{e:?} not in {text:?}");
                let lower = e.to_lowercase();
                assert!(
                    !["information", "data", "personal", "content", "details"]
                        .contains(&lower.as_str()),
                    "{e:?} alone in {text:?}"
                );
                for (j, other) in p.evidence.iter().enumerate() {
                    assert!(
                        i == j || !other.contains(e.as_str()),
                        "{e:?} inside {other:?} ({})",
                        p.id
                    );
                }
            }
        }
    }
    assert!(phrases > 500, "{phrases} evidence phrases");
}
