//! Bad input to the core (issue 7, item 7): arbitrary bytes and Unicode into the document reader,
//! `analyze`, `classify` and `diff`: no panic, offsets always valid, scores in range.
//!
//! CI runs a bounded number of cases (64 per property). The long run is `make fuzz`, which sets
//! `PROPTEST_CASES` (e.g. 20000) and runs this file in release mode.

use clausemark::{analyze, classify, diff, doc, Block, BlockKind, Options};
use proptest::prelude::*;

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(64)
}

/// Text biased towards what breaks text code: markup, punctuation, astral chars, controls, RTL.
fn nasty_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => "[a-zA-Z ]{1,12}",
        1 => Just("<img src=x onerror=alert(1)>".to_string()),
        1 => Just("</style><script>".to_string()),
        1 => Just("javascript:alert(1)".to_string()),
        1 => Just("\u{202E}\u{202D}\u{200F}".to_string()),
        1 => Just("e.g. U.S. Inc. 1. (a) “quoted.” (paren.)".to_string()),
        1 => Just("\u{0}\u{7}\u{FEFF}\u{200B}\u{A0}\r\n\t".to_string()),
        1 => Just("😀🏳️‍🌈 中文。日本語！".to_string()),
        1 => Just("we do not sell your data to advertisers for marketing".to_string()),
        2 => any::<String>(),
    ];
    prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

fn kind() -> impl Strategy<Value = BlockKind> {
    prop_oneof![
        Just(BlockKind::Paragraph),
        Just(BlockKind::Heading),
        Just(BlockKind::Item),
        Just(BlockKind::Cell)
    ]
}

fn blocks() -> impl Strategy<Value = Vec<Block>> {
    prop::collection::vec(
        (nasty_text(), kind()).prop_map(|(t, k)| Block::new(t, k)),
        0..6,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn documents_from_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..4096),
                                name in prop_oneof![Just("x.html"), Just("x.md"), Just("x.txt"), Just("x")]) {
        // Either a clean error or blocks; never a panic.
        if let Ok(blocks) = doc::load(&bytes, name) {
            let _ = analyze(&blocks, &Options::default());
        }
    }

    #[test]
    fn documents_from_any_markup(text in nasty_text(), name in prop_oneof![Just("x.html"), Just("x.md")]) {
        let wrapped = format!("<html><body><p>{text}</p><ul><li>{text}</ul><table><td>{text}</table>");
        let blocks = doc::load(wrapped.as_bytes(), name).unwrap_or_default();
        let _ = analyze(&blocks, &Options::default());
    }

    #[test]
    fn analyze_any_blocks(blocks in blocks(), section in nasty_text(), previous in nasty_text()) {
        let options = Options { section, previous, include_text: true, include_empty: true };
        let report = analyze(&blocks, &options);
        for c in &report.clauses {
            let text = &blocks[c.block as usize].text;
            let units: Vec<u16> = text.encode_utf16().collect();
            prop_assert!(c.start < c.end && (c.end as usize) <= units.len());
            let clause = c.text.as_deref().unwrap_or_default();
            prop_assert_eq!(String::from_utf16_lossy(&units[c.start as usize..c.end as usize]), clause);
            for p in &c.purposes {
                prop_assert!((0.0..=1.0).contains(&p.score));
            }
            prop_assert!(c.summary.chars().count() <= 400);
        }
    }

    #[test]
    fn classify_any_text(text in nasty_text(), section in nasty_text()) {
        let c = classify(&text, &section);
        for s in c.scores {
            prop_assert!((0.0..=1.0).contains(&s));
        }
    }

    #[test]
    fn diff_any_blocks(old in blocks(), new in blocks()) {
        let d = diff::diff(&old, &new);
        let same = diff::diff(&new, &new);
        prop_assert!(same.added.is_empty() && same.removed.is_empty() && same.changed.is_empty());
        let _ = d;
    }
}
