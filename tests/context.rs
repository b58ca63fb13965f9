//! Each clause is read after the clause before it in the same section (issue 3: "list context").
//! The context must be the same however the page is cut into chunks, and a heading must start it
//! afresh.
use clausemark::classify::{classify, classify_in_context, classify_text};
use clausemark::{analyze, doc, Block, BlockKind, Options, Purpose, Report};

const POLICY: &str = "../shared/data/policies/TikTok.md";

fn blocks() -> Vec<Block> {
    let bytes = std::fs::read(POLICY).expect("../shared/data must sit beside the repository");
    doc::load(&bytes, POLICY).expect("the policy loads")
}

fn options() -> Options {
    Options {
        include_text: true,
        include_empty: true,
        ..Options::default()
    }
}

/// What a clause was given, comparable across reports: (text, section, purposes, flags).
fn digest(r: &Report) -> Vec<(String, String, Vec<&'static str>, Vec<&'static str>)> {
    r.clauses
        .iter()
        .map(|c| {
            (
                c.text.clone().unwrap_or_default(),
                c.section.clone(),
                c.purposes.iter().map(|p| p.id).collect(),
                c.flags.iter().map(|f| f.id).collect(),
            )
        })
        .collect()
}

#[test]
fn chunked_analysis_equals_whole_analysis() {
    let bs = blocks();
    assert!(bs.len() > 100, "{} blocks", bs.len());
    let whole = analyze(&bs, &options());
    for size in [1, 7, 40] {
        // As the extension and the demo do: each chunk gets the section in force and the text of
        // the block before it, unless that block was a heading.
        let mut clauses = Vec::new();
        let mut section = String::new();
        let mut previous = String::new();
        for chunk in bs.chunks(size) {
            let r = analyze(
                chunk,
                &Options {
                    section: section.clone(),
                    previous: previous.clone(),
                    ..options()
                },
            );
            clauses.extend(r.clauses);
            section = r.section;
            if let Some(last) = chunk.last() {
                if last.kind != BlockKind::Heading {
                    previous = last.text.clone();
                } else if !last.text.trim().is_empty() {
                    previous.clear();
                }
            }
        }
        let chunked = Report {
            clauses,
            ..Report::default()
        };
        assert_eq!(digest(&whole), digest(&chunked), "chunks of {size} blocks");
    }
}

#[test]
fn a_clause_is_read_after_the_one_before_it() {
    let bs = blocks();
    let report = analyze(&bs, &options());
    let clauses = &report.clauses;
    let mut with_context = 0;
    for pair in clauses.windows(2) {
        let (prev, cur) = (&pair[0], &pair[1]);
        let text = cur.text.as_deref().unwrap_or_default();
        // Within one section, the previous clause is the context (as `clausemark eval` reads
        // labelled sentences); the first clause of a section has none.
        let same_section = prev.section == cur.section && !cur.section.is_empty();
        let expected = if same_section {
            classify_in_context(text, &cur.section, prev.text.as_deref().unwrap_or_default())
        } else {
            continue;
        };
        let got: Vec<&str> = cur.purposes.iter().map(|p| p.id).collect();
        let want: Vec<&str> = expected.purposes.iter().map(|p| p.purpose.id()).collect();
        assert_eq!(got, want, "{text:?} after {:?}", prev.text);
        with_context += 1;
    }
    assert!(with_context > 100, "{with_context} clauses checked");
}

#[test]
fn a_heading_starts_the_context_afresh() {
    let intro = Block {
        text: "We use your information to:".into(),
        kind: BlockKind::Paragraph,
    };
    let heading = Block {
        text: "Other things".into(),
        kind: BlockKind::Heading,
    };
    let item = Block {
        text: "Provide recommendations.".into(),
        kind: BlockKind::Item,
    };
    let after_heading = analyze(&[intro, heading, item.clone()], &options());
    let alone = analyze(
        &[item],
        &Options {
            section: "Other things".into(),
            ..options()
        },
    );
    assert_eq!(digest(&after_heading)[1..], digest(&alone)[..]);
    let c = classify_in_context("Provide recommendations.", "Other things", "");
    let got: Vec<&str> = alone.clauses[0].purposes.iter().map(|p| p.id).collect();
    let want: Vec<&str> = c.purposes.iter().map(|p| p.purpose.id()).collect();
    assert_eq!(got, want);
}

#[test]
fn context_only_adds_context() {
    // The previous clause's words are never evidence, and no context means plain `classify`.
    let item = "Measure how people use our features and develop new ones.";
    let intro = "We use information we collect about you for the following purposes:";
    let plain = classify(item, "");
    assert_eq!(classify_in_context(item, "", ""), plain);
    assert_eq!(classify_text(item, "", ""), plain);
    let read = classify_in_context(item, "", intro);
    for p in &read.purposes {
        for e in &p.evidence {
            assert!(
                item.contains(e.as_str()),
                "evidence {e:?} is not in the clause"
            );
        }
    }
}

#[test]
fn the_next_clause_reads_the_purposes_of_the_one_before() {
    use clausemark::classify::context_of;
    let ads = context_of(
        "We use your information to show you personalised advertising and to measure how our ads perform.",
        "How we use your information",
    );
    assert!(ads.present);
    assert_ne!(ads.fired & 1 << Purpose::Advertising.index(), 0, "{ads:?}");
    // A clause that states no purpose passes none on, and the context is the clause's own
    // reading: the same whatever came before it.
    let contact = context_of("You can write to us at the address below.", "Contact us");
    assert_eq!(contact.fired, 0, "{contact:?}");
    let (_, after) = clausemark::classify::classify_after(
        "You can write to us at the address below.",
        "Contact us",
        ads,
    );
    assert_eq!(after, contact);
}
