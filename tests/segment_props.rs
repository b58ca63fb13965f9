//! Properties of the segmenter on arbitrary Unicode input, directly and through `analyze`.
use clausemark::segment::{segment, Segment};
use clausemark::{analyze, Block, BlockKind, Options};
use proptest::prelude::*;

/// Characters that stress the segmenter: punctuation, quotes, brackets, markers, whitespace of
/// every kind, zero-width characters, emoji (with ZWJ and skin tones), CJK, combining marks, RTL.
const SPECIAL: &[char] = &[
    '.',
    '.',
    '.',
    '!',
    '?',
    ';',
    ':',
    ',',
    '"',
    '\'',
    '“',
    '”',
    '‘',
    '’',
    '«',
    '»',
    '(',
    ')',
    '[',
    ']',
    '（',
    '）',
    '|',
    '*',
    '-',
    '+',
    '•',
    '·',
    '–',
    '—',
    '…',
    '\n',
    '\n',
    '\r',
    '\t',
    ' ',
    ' ',
    ' ',
    '\u{a0}',
    '\u{200b}',
    '\u{200c}',
    '\u{200d}',
    '\u{feff}',
    '\u{2060}',
    '\u{3000}',
    '😀',
    '👍',
    '\u{1f3fd}',
    '👨',
    '🇩',
    '🇪',
    '。',
    '！',
    '？',
    '、',
    '「',
    '」',
    '中',
    '文',
    'あ',
    '한',
    '\u{301}',
    '\u{308}',
    '\u{20dd}',
    'ا',
    'ل',
    'ب',
    '؟',
    '۔',
    '\u{200f}',
    '\u{202e}',
    'ש',
    'ם',
    '।',
    '1',
    '2',
    '0',
    'a',
    'i',
    'v',
    'e',
    'g',
    'U',
    'S',
    'W',
    'x',
    '@',
    '/',
    '#',
    '&',
    '\\',
    '\u{0}',
    '\u{7f}',
    '\u{ffff}',
    '\u{10ffff}',
];

fn special_char() -> impl Strategy<Value = char> {
    prop::sample::select(SPECIAL)
}

/// Short words of letters, to make prose-like text.
fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z]{1,8}",
        "[A-Z][a-z]{0,6}",
        Just("e.g.".to_string()),
        Just("Inc.".to_string()),
        Just("U.S.".to_string()),
        Just("3.5".to_string()),
        Just("1.".to_string()),
        Just("(a)".to_string()),
        Just("www.tiktok.com".to_string()),
    ]
}

fn unicode_text() -> impl Strategy<Value = String> {
    prop_oneof![
        // Any chars at all.
        prop::collection::vec(any::<char>(), 0..400)
            .prop_map(|v| v.into_iter().collect::<String>()),
        // Mostly special chars.
        prop::collection::vec(prop_oneof![3 => special_char(), 1 => any::<char>()], 0..500)
            .prop_map(|v| v.into_iter().collect::<String>()),
        // Prose-like: words separated by special chars.
        prop::collection::vec(
            (word(), special_char(), prop::option::of(special_char())),
            0..120
        )
        .prop_map(|v| {
            let mut s = String::new();
            for (w, a, b) in v {
                s.push_str(&w);
                s.push(a);
                if let Some(b) = b {
                    s.push(b);
                }
            }
            s
        }),
    ]
    .prop_filter("at most 2 KB", |s| s.len() <= 2048)
}

fn kind() -> impl Strategy<Value = BlockKind> {
    prop::sample::select(vec![
        BlockKind::Paragraph,
        BlockKind::Item,
        BlockKind::Cell,
        BlockKind::Heading,
    ])
}

fn check_segments(text: &str, segs: &[Segment]) -> Result<(), TestCaseError> {
    let mut prev_end = 0;
    for s in segs {
        prop_assert!(s.start < s.end, "empty segment {:?}", s);
        prop_assert!(
            s.start >= prev_end,
            "overlap or out of order: {:?} after {}",
            s,
            prev_end
        );
        prop_assert!(s.end <= text.len());
        prop_assert!(
            text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
            "{:?} not on char boundaries",
            s
        );
        let clause = &text[s.start..s.end];
        prop_assert_eq!(clause, clause.trim(), "clause not trimmed");
        prop_assert!(!clause.is_empty());
        prev_end = s.end;
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn segments_are_well_formed(text in unicode_text(), kind in kind()) {
        let segs = segment(&text, kind);
        check_segments(&text, &segs)?;
    }

    #[test]
    fn analyze_utf16_offsets_match(texts in prop::collection::vec((unicode_text(), kind()), 1..4)) {
        let blocks: Vec<Block> = texts.iter().map(|(t, k)| Block::new(t.clone(), *k)).collect();
        let opts = Options { include_text: true, include_empty: true, ..Options::default() };
        let report = analyze(&blocks, &opts);
        let mut prev: Option<(u32, u32)> = None;
        for c in &report.clauses {
            let block = &blocks[c.block as usize];
            prop_assert!(block.kind != BlockKind::Heading);
            let units: Vec<u16> = block.text.encode_utf16().collect();
            prop_assert!(c.start < c.end && (c.end as usize) <= units.len());
            if let Some((pb, pe)) = prev {
                prop_assert!(c.block > pb || c.start >= pe, "clauses out of order");
            }
            prev = Some((c.block, c.end));
            let text = c.text.as_deref().unwrap_or_default();
            prop_assert!(!text.is_empty());
            prop_assert_eq!(text, text.trim());
            let want: Vec<u16> = text.encode_utf16().collect();
            prop_assert_eq!(&units[c.start as usize..c.end as usize], want.as_slice());
        }
    }
}

fn prose() -> String {
    let para = "We collect information that you provide when you set up an account, such as your date of birth, \
                username, email address and/or telephone number, and password. We use cookies (e.g. to remember \
                your settings) and similar technologies. “Advertisers” are companies that pay us. ";
    para.repeat(50)
}

#[test]
fn work_is_linear() {
    let opts = Options {
        include_text: false,
        include_empty: true,
        ..Options::default()
    };
    let x = prose();
    let one = analyze(&[Block::new(x.clone(), BlockKind::Paragraph)], &opts);
    let two = analyze(
        &[Block::new(format!("{x}{x}"), BlockKind::Paragraph)],
        &opts,
    );
    let ratio = two.stats.work as f64 / one.stats.work as f64;
    assert!(
        (1.95..=2.05).contains(&ratio),
        "work ratio {ratio} ({} vs {})",
        one.stats.work,
        two.stats.work
    );
    assert_eq!(two.stats.clauses, 2 * one.stats.clauses);

    // One word without spaces or punctuation.
    let w = "a".repeat(50_000);
    let one = analyze(&[Block::new(w.clone(), BlockKind::Paragraph)], &opts);
    let two = analyze(&[Block::new(w.repeat(2), BlockKind::Paragraph)], &opts);
    let ratio = two.stats.work as f64 / one.stats.work as f64;
    assert!((1.95..=2.05).contains(&ratio), "work ratio {ratio}");
}

#[test]
fn one_megabyte_word_completes() {
    let w = "x".repeat(1 << 20);
    let start = std::time::Instant::now();
    let segs = segment(&w, BlockKind::Paragraph);
    assert_eq!(
        segs.len(),
        (1 << 20) / clausemark::segment::MAX_CLAUSE_BYTES + 1
    );
    let opts = Options {
        include_text: false,
        include_empty: true,
        ..Options::default()
    };
    let report = analyze(&[Block::new(w, BlockKind::Paragraph)], &opts);
    assert_eq!(report.stats.clauses as usize, segs.len());
    // Generous: a debug build on a busy machine.
    assert!(start.elapsed().as_secs() < 30);
}

/// Throughput on real prose: `cargo test --release --test segment_props -- --ignored --nocapture`.
#[test]
#[ignore]
fn throughput() {
    let mut text = String::new();
    for p in ["TikTok", "Facebook", "YouTube", "Instagram", "WhatsApp"] {
        text.push_str(
            &std::fs::read_to_string(format!("../shared/data/policies/{p}.md")).unwrap_or_default(),
        );
    }
    let blocks: Vec<&str> = text.split("\n\n").collect();
    let total: usize = blocks.iter().map(|b| b.len()).sum();
    let rounds = (50_000_000 / total.max(1)).max(1);
    let start = std::time::Instant::now();
    let mut n = 0;
    for _ in 0..rounds {
        for b in &blocks {
            n += segment(b, BlockKind::Paragraph).len();
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "segment: {:.0} MB/s ({n} clauses)",
        (total * rounds) as f64 / secs / 1e6
    );
}
