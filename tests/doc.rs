//! Loading real documents: the same policy as Markdown and as a rendered page gives the same blocks.
use clausemark::{doc, Block, BlockKind};

const DATA: &str = "../shared/data";

fn load(path: &str) -> Vec<Block> {
    let full = format!("{DATA}/{path}");
    let bytes = std::fs::read(&full).unwrap_or_else(|e| panic!("cannot read {full}: {e}"));
    doc::load(&bytes, &full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

fn check_tiktok(blocks: &[Block], markdown: bool) {
    let heading = blocks
        .iter()
        .position(|b| b.kind == BlockKind::Heading && b.text == "How We Use Your Information")
        .expect("heading 'How We Use Your Information'");
    let item = blocks
        .iter()
        .position(|b| {
            b.kind == BlockKind::Item && b.text.starts_with("Provide and administer the Platform")
        })
        .expect("item 'Provide and administer the Platform…'");
    assert!(item > heading, "the item comes under the heading");
    // Markup is gone. (The page itself shows one unrendered Markdown link, "[Information You
    // Provide](#info-you-provide)", so "](" is checked on the Markdown only.)
    for b in blocks {
        for junk in ["**", "<", "&amp;", "&nbsp;", "\n#"] {
            assert!(!b.text.contains(junk), "{junk:?} in block {:?}", b.text);
        }
        assert!(
            !markdown || !b.text.contains("]("),
            "a link in block {:?}",
            b.text
        );
    }
    assert!(blocks
        .iter()
        .any(|b| b.kind == BlockKind::Heading && b.text == "Introduction"));
}

#[test]
fn tiktok_markdown() {
    let blocks = load("policies/TikTok.md");
    check_tiktok(&blocks, true);
    assert!(blocks.iter().filter(|b| b.kind == BlockKind::Item).count() > 50);
}

#[test]
fn tiktok_page() {
    let blocks = load("pages/TikTok.html");
    check_tiktok(&blocks, false);
    for b in &blocks {
        assert!(
            !b.text.contains("getElementById"),
            "inline script text leaked: {:?}",
            b.text
        );
        assert!(
            !b.text.contains("parentNode"),
            "cookie banner script leaked: {:?}",
            b.text
        );
        assert!(
            !b.text.contains("font-family"),
            "style text leaked: {:?}",
            b.text
        );
        assert!(
            !b.text.contains("TikTok Privacy Policy"),
            "the head's title leaked: {:?}",
            b.text
        );
        assert_ne!(b.text, "Log in", "button text is not policy text");
    }
    // The page's policy blocks match the Markdown's (the page adds navigation, a footer, a banner).
    let md = load("policies/TikTok.md");
    let page: std::collections::HashSet<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
    let same = md.iter().filter(|b| page.contains(b.text.as_str())).count();
    assert!(
        same * 100 >= md.len() * 95,
        "only {same} of {} Markdown blocks are on the page",
        md.len()
    );
}

#[test]
fn real_pages_have_no_script_or_style() {
    for name in [
        "real-DeepSeek_Privacy_Policy.html",
        "real-Tinder_Privacy_Policy.html",
    ] {
        let blocks = load(&format!("pages/{name}"));
        assert!(blocks.len() > 50, "{name}: {} blocks", blocks.len());
        for b in &blocks {
            assert!(
                !b.text.contains("!important") && !b.text.contains("border-collapse"),
                "{name}: {:?}",
                b.text
            );
            assert!(
                !b.text.contains("function(") && !b.text.contains("window."),
                "{name}: {:?}",
                b.text
            );
        }
    }
}

#[test]
fn markdown_tables_give_cells() {
    let blocks = load("policies/WhatsApp.md");
    let cells: Vec<&Block> = blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Cell)
        .collect();
    assert!(cells.len() > 20);
    assert!(cells
        .iter()
        .any(|b| b.text == "Why And How We Process Your Information"));
    assert!(cells
        .iter()
        .all(|b| !b.text.contains('|') && !b.text.contains("---") && !b.text.contains("<br>")));
    // Bullets inside a cell become separate clauses, without their markers.
    let c = cells
        .iter()
        .find(|b| b.text.starts_with("Assists you in creating"))
        .expect("cell");
    let segs = clausemark::segment::segment(&c.text, c.kind);
    let texts: Vec<&str> = segs.iter().map(|s| &c.text[s.start..s.end]).collect();
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("verifying your WhatsApp account")),
        "{texts:?}"
    );
}

#[test]
fn binary_is_rejected() {
    let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00";
    let err = doc::load(png, "image.png").unwrap_err();
    assert!(err.contains("binary"), "{err}");
    let noise: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8 | 0x80)
        .collect();
    assert!(doc::load(&noise, "x.md").unwrap_err().contains("binary"));
    assert_eq!(doc::load(b"", "x.html").unwrap(), vec![]);
    // A stray invalid byte in a long text is tolerated.
    let mut text = b"We collect data. ".repeat(100);
    text.push(0xff);
    assert_eq!(doc::load(&text, "x.txt").unwrap().len(), 1);
}

#[test]
fn malformed_html_never_panics() {
    let cases = [
        "<p>unclosed <b><i>x</p></div></div>",
        "<html><body><p>a<li>b<td>c</tr></table></html></body>",
        "<div hidden><p>x</div>y",
        "<scr<script>ipt>alert(1)</script>",
        "<p title='a>b'>quoted</p>",
        "<<p>>text<</p>>",
        "<!DOCTYPE><?xml?><!-- a -- b --><p>after</p>",
        "&#1114112; &#xD800; &#99999999999; &amp &lt;p&gt;",
        "<svg><p>inside svg</p></svg><p>outside</p>",
        "<head><p>no closing head",
        "<style>never closed",
    ];
    for c in cases {
        let blocks = doc::load(c.as_bytes(), "x.html").unwrap();
        for b in &blocks {
            assert!(!b.text.is_empty());
            assert!(
                !b.text.contains("alert(1)") || c.starts_with("<scr<"),
                "{c}: {:?}",
                b.text
            );
        }
    }
    let b = doc::load(b"<head><p>no closing head", "x.html").unwrap();
    assert_eq!(b[0].text, "no closing head");
    let b = doc::load(b"<svg><p>inside svg</p></svg><p>outside</p>", "x.html").unwrap();
    assert_eq!(b.len(), 1);
    // Truncated at every byte: never a panic.
    let page = std::fs::read_to_string(format!("{DATA}/pages/TikTok.html")).unwrap();
    let head = clausemark::truncate_bytes(&page, 6000);
    for cut in (0..head.len())
        .filter(|&i| head.is_char_boundary(i))
        .step_by(7)
    {
        let _ = doc::parse(&head[..cut], doc::Format::Html);
        let _ = doc::parse(&head[cut..], doc::Format::Markdown);
    }
}

mod props {
    use clausemark::doc::{self, Format};
    use proptest::prelude::*;

    /// Fragments of markup that stress the HTML and Markdown readers.
    const PIECES: &[&str] = &[
        "<p>",
        "</p>",
        "<li>",
        "</li>",
        "<ul>",
        "<td>",
        "<tr>",
        "<table>",
        "</table>",
        "<h2>",
        "</h2>",
        "<b>",
        "</b>",
        "<br>",
        "<br/>",
        "<div hidden>",
        "</div>",
        "<script>",
        "</script>",
        "<style>",
        "<!--",
        "-->",
        "<",
        ">",
        "&amp;",
        "&#x1F600;",
        "&#99999999;",
        "&",
        "&nbsp;",
        "\n",
        "\n\n",
        "* ",
        "- ",
        "1. ",
        "# ",
        "| a | b |",
        "| --- |",
        "**",
        "__",
        "_",
        "`",
        "[",
        "](",
        ")",
        "![",
        "\\",
        "---",
        "===",
        "> ",
        "```",
        "<br>*   ",
        "'",
        "\"",
        "é",
        "中",
        "😀",
        "\u{200b}",
        " ",
        "text",
        "We collect data.",
    ];

    fn markup() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop_oneof![4 => prop::sample::select(PIECES).prop_map(str::to_string), 1 => "\\PC{0,6}"],
            0..200,
        )
        .prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        #[test]
        fn readers_never_panic_and_give_trimmed_blocks(text in markup()) {
            for format in [Format::Html, Format::Markdown, Format::Text] {
                for b in doc::parse(&text, format) {
                    prop_assert!(!b.text.is_empty());
                    prop_assert_eq!(b.text.trim(), b.text.as_str());
                }
            }
        }

        #[test]
        fn load_never_panics_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
            let _ = doc::load(&bytes, "x");
            let _ = doc::load(&bytes, "x.html");
            let _ = doc::load(&bytes, "x.md");
        }
    }
}
