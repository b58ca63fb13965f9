//! Issue 2's acceptance check: scanning TikTok's real policy (the whole document, through the
//! document reader, the segmenter and the classifier, as `clausemark scan` does) finds the clause of
//! each of the eight founding examples, and its purposes include the founding purpose.
use clausemark::{analyze, doc, Options};

fn norm(t: &str) -> String {
    t.replace(['“', '”'], "\"")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[test]
fn scan_finds_every_founding_example_with_its_purpose() {
    let policy = std::fs::read("../shared/data/policies/TikTok.md")
        .expect("../shared/data must sit beside the repo");
    let blocks = doc::load(&policy, "TikTok.md").expect("a readable policy");
    let report = analyze(
        &blocks,
        &Options {
            include_text: true,
            ..Options::default()
        },
    );
    let seeds = std::fs::read_to_string("../shared/data/seed-purposes.jsonl").expect("seed file");
    let mut checked = 0;
    for line in seeds.lines().filter(|l| !l.trim().is_empty()) {
        let seed: serde_json::Value = serde_json::from_str(line).expect("seed JSON");
        let text = norm(seed["text"].as_str().unwrap_or_default());
        let purpose = seed["purposes"][0].as_str().unwrap_or_default();
        let head: String = text.chars().take(80).collect();
        let clause = report
            .clauses
            .iter()
            .find(|c| norm(c.text.as_deref().unwrap_or_default()).contains(&head))
            .unwrap_or_else(|| panic!("no clause for the {purpose} founding example"));
        assert!(
            clause.purposes.iter().any(|p| p.id == purpose),
            "the {purpose} founding clause got {:?}",
            clause.purposes.iter().map(|p| p.id).collect::<Vec<_>>()
        );
        assert!(!clause.summary.is_empty());
        checked += 1;
    }
    assert_eq!(checked, 8);
}
