//! The same text gets the same result whatever was analysed before it (the classifier keeps
//! per-thread caches for speed; they must never change a result).
use clausemark::{analyze, doc, Options, Report};

fn report_of(name: &str) -> Report {
    let bytes = std::fs::read(format!("../shared/data/policies/{name}.md"))
        .expect("../shared/data beside the repo");
    let blocks = doc::load(&bytes, "x.md").expect("policy");
    analyze(
        &blocks,
        &Options {
            include_text: true,
            include_empty: true,
            ..Options::default()
        },
    )
}

#[test]
fn results_do_not_depend_on_what_was_analysed_before() {
    // A fresh thread has fresh caches.
    let fresh = std::thread::spawn(|| report_of("Facebook"))
        .join()
        .expect("thread");
    let after_others = std::thread::spawn(|| {
        for p in ["TikTok", "Instagram", "YouTube", "Facebook"] {
            let _ = report_of(p);
        }
        report_of("Facebook")
    })
    .join()
    .expect("thread");
    assert_eq!(fresh.clauses.len(), after_others.clauses.len());
    for (a, b) in fresh.clauses.iter().zip(&after_others.clauses) {
        assert_eq!(a, b);
    }
}
