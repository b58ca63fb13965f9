//! Clause summaries and flag sentences (issue 3): golden files for the eight founding examples,
//! faithfulness over every dev sentence, negation, hostile input.
//!
//! Golden files live in tests/fixtures/summaries/<case>/{clause.txt, summary.txt} (plus
//! purposes.txt when the case has more than its folder's purpose). Regenerate them after an
//! intended change with `UPDATE_GOLDEN=1 cargo test --test summaries`, and review the diff.
use std::collections::HashSet;
use std::path::{Path, PathBuf};

use clausemark::explain::{flag_sentence, summarize, MAX_SUMMARY_CHARS, TEMPLATE_WORDS};
use clausemark::{Classification, Flag, Purpose, PurposeScore};

fn classification(purposes: &[Purpose], flags: &[Flag]) -> Classification {
    let mut c = Classification::default();
    for &p in purposes {
        c.scores[p.index()] = 0.9;
        c.purposes.push(PurposeScore {
            purpose: p,
            score: 0.9,
            evidence: vec![],
        });
    }
    c.flags = flags.to_vec();
    c
}

/// A labelled sentence's text and a classification made of its labels (not the classifier's).
/// The summary of `text` classified with these purposes and flags.
fn summary(text: &str, purposes: &[Purpose], flags: &[Flag]) -> String {
    summarize(text, &classification(purposes, flags))
}

fn labelled(r: &serde_json::Value) -> (&str, Classification) {
    let purposes: Vec<Purpose> = strings(&r["purposes"])
        .iter()
        .filter_map(|id| Purpose::from_id(id))
        .collect();
    let flags: Vec<Flag> = strings(&r["flags"])
        .iter()
        .filter_map(|id| Flag::from_id(id))
        .collect();
    (
        r["text"].as_str().unwrap_or(""),
        classification(&purposes, &flags),
    )
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn shared_data() -> PathBuf {
    root().join("../shared/data")
}

fn read_jsonl(path: &Path) -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("valid JSONL"))
        .collect()
}

fn strings(v: &serde_json::Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// Words that carry no claim (checked summaries may use them freely).
const STOPWORDS: &[&str] = &[
    "the", "and", "for", "with", "from", "that", "this", "these", "those", "are", "was", "were",
    "been", "being", "has", "have", "had", "its", "our", "your", "their", "them", "they", "you",
    "may", "can", "not", "any", "all", "such", "into", "onto", "about", "also", "other", "than",
];

/// Lowercase alphabetic tokens of three letters or more, minus stopwords.
fn content_words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() >= 3)
        .map(|w| w.to_lowercase())
        .filter(|w| !STOPWORDS.contains(&w.as_str()))
        .collect()
}

fn word_set(s: &str) -> HashSet<String> {
    s.split(|c: char| !c.is_alphabetic())
        .map(|w| w.to_lowercase())
        .collect()
}

/// Every content word of `out` occurs in `clause` or among the template words.
fn unfaithful_words(out: &str, clause: &str) -> Vec<String> {
    let clause_words = word_set(clause);
    content_words(out)
        .into_iter()
        .filter(|w| !clause_words.contains(w) && !TEMPLATE_WORDS.contains(&w.as_str()))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// (1) Golden files for the founding examples
// ---------------------------------------------------------------------------------------------

#[test]
fn golden_summaries_for_the_founding_examples() {
    let seeds = read_jsonl(&shared_data().join("seed-purposes.jsonl"));
    assert_eq!(seeds.len(), 8, "eight founding examples");
    let dir = root().join("tests/fixtures/summaries");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut failures = Vec::new();
    for seed in &seeds {
        let text = seed["text"].as_str().expect("text");
        let ids = strings(&seed["purposes"]);
        let purposes: Vec<Purpose> = ids
            .iter()
            .map(|id| Purpose::from_id(id).expect("known purpose id"))
            .collect();
        let case = dir.join(&ids[0]);
        let c = classification(&purposes, &[]);
        let got = summarize(text, &c);
        if update {
            std::fs::create_dir_all(&case).expect("mkdir");
            std::fs::write(case.join("clause.txt"), format!("{text}\n")).expect("write");
            std::fs::write(case.join("purposes.txt"), format!("{}\n", ids.join(" ")))
                .expect("write");
            std::fs::write(case.join("summary.txt"), format!("{got}\n")).expect("write");
            continue;
        }
        let clause = std::fs::read_to_string(case.join("clause.txt")).expect("clause.txt");
        assert_eq!(
            clause.trim_end(),
            text,
            "{}: clause.txt is the founding example",
            ids[0]
        );
        let want = std::fs::read_to_string(case.join("summary.txt")).expect("summary.txt");
        if want.trim_end() != got {
            failures.push(format!(
                "{}:\n  want: {}\n  got:  {}",
                ids[0],
                want.trim_end(),
                got
            ));
        }
        assert!(unfaithful_words(&got, text).is_empty(), "{}: {got}", ids[0]);
    }
    assert!(
        failures.is_empty(),
        "summaries changed (UPDATE_GOLDEN=1 to accept):\n{}",
        failures.join("\n")
    );
}

#[test]
fn founding_order_example_names_purposes_and_recipients() {
    let text = "Provide our shopping features (such as personalised shopping benefits) and facilitate the purchase and delivery of products, goods and services, including sharing your information with sellers, payment and transaction fulfilment providers, and other service providers in order to process your orders.";
    let s = summarize(text, &classification(&[Purpose::OrderFulfillment], &[]));
    assert!(s.contains("Used to: "), "{s}");
    assert!(
        s.contains("facilitate the purchase and delivery of products"),
        "{s}"
    );
    assert!(s.contains("process your orders"), "{s}");
    assert!(
        s.contains(
            "Shared with: sellers, payment and transaction fulfilment providers, service providers"
        ),
        "{s}"
    );
}

// ---------------------------------------------------------------------------------------------
// (2) Faithfulness over every dev sentence (labels only: independent of the classifier)
// ---------------------------------------------------------------------------------------------

#[test]
fn summaries_and_flag_sentences_only_use_the_clause_words() {
    let rows = read_jsonl(&shared_data().join("labels/clauses.jsonl"));
    let mut checked = 0;
    let mut bad = Vec::new();
    for r in rows
        .iter()
        .filter(|r| r["split"] == "dev" && r["kind"] == "sentence")
    {
        let (text, c) = labelled(r);
        let flags = c.flags.clone();
        if c.purposes.is_empty() && flags.is_empty() {
            continue;
        }
        let s = summarize(text, &c);
        assert!(s.chars().count() <= MAX_SUMMARY_CHARS, "too long: {s}");
        assert!(!s.is_empty(), "empty summary for {text}");
        let words = unfaithful_words(&s, text);
        if !words.is_empty() {
            bad.push(format!("{}: {words:?} in {s:?}", r["id"]));
        }
        if flags.contains(&Flag::Negated) {
            assert!(
                s.contains("Does not") || s.contains("Is not") || s.contains("Negation"),
                "{}: {s}",
                r["id"]
            );
        }
        for &f in &flags {
            let fs = flag_sentence(f, text, &c);
            assert!(
                !fs.is_empty() && fs.chars().count() <= MAX_SUMMARY_CHARS,
                "{fs}"
            );
            let words = unfaithful_words(&fs, text);
            if !words.is_empty() {
                bad.push(format!("{} [{}]: {words:?} in {fs:?}", r["id"], f.id()));
            }
        }
        checked += 1;
    }
    assert!(checked > 300, "only {checked} dev sentences checked");
    assert!(
        bad.is_empty(),
        "{} unfaithful outputs:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

// ---------------------------------------------------------------------------------------------
// (3) Negation
// ---------------------------------------------------------------------------------------------

#[test]
fn negated_clause_says_does_not() {
    let text = "We do not sell your personal information.";
    let c = classification(&[Purpose::Advertising], &[Flag::Negated]);
    let s = summarize(text, &c);
    assert!(s.contains("Does not"), "{s}");
    assert!(s.contains("sell"), "{s}");
    assert!(
        !s.contains("Used to"),
        "a negated practice is no purpose: {s}"
    );
    assert_eq!(s, "Does not: sell your personal information");
    let f = flag_sentence(Flag::Negated, text, &c);
    assert_eq!(
        f,
        "The policy says it does not sell your personal information."
    );
}

#[test]
fn negated_practice_is_never_a_purpose_even_without_the_flag() {
    let text = "We don’t use your private messages to show you ads.";
    let s = summarize(text, &classification(&[Purpose::Advertising], &[]));
    assert!(!s.contains("Used to: show"), "{s}");
    assert!(s.contains("Does not"), "{s}");
}

#[test]
fn passive_negation_reads_is_not() {
    let text = "Text message subscriber information will not be disclosed to or shared with third parties.";
    let c = classification(&[Purpose::LegalCompliance], &[Flag::Negated]);
    let s = summarize(text, &c);
    assert!(s.starts_with("Is not: disclosed"), "{s}");
    let f = flag_sentence(Flag::Negated, text, &c);
    assert!(
        f.starts_with("The policy says this is not disclosed"),
        "{f}"
    );
}

// ---------------------------------------------------------------------------------------------
// Conditions, recipients and flag sentences
// ---------------------------------------------------------------------------------------------

#[test]
fn conditions_are_the_clause_words() {
    let text = "Share your information with third party platforms to provide you with features, like content sharing at your request when you integrate your TikTok account with a third party service.";
    let s = summarize(
        text,
        &classification(&[Purpose::ThirdPartyIntegration], &[]),
    );
    assert!(s.contains("Shared with: third party platforms"), "{s}");
    assert!(s.contains("Conditions: at your request"), "{s}");
    let text = "With your consent, we may use your precise location to show you nearby events. You can opt out in your settings.";
    let s = summarize(text, &classification(&[Purpose::Personalization], &[]));
    assert!(s.contains("Conditions: with your consent"), "{s}");
    assert!(s.contains("Data: precise location"), "{s}");
}

#[test]
fn received_from_is_not_shared_with() {
    let text = "We receive information about your activity from advertisers and measurement partners to measure ads.";
    let s = summarize(
        text,
        &classification(&[Purpose::Advertising], &[Flag::CrossDeviceOrOffsite]),
    );
    assert!(!s.contains("Shared with"), "{s}");
    assert!(s.contains("From: advertisers, measurement partners"), "{s}");
    let f = flag_sentence(
        Flag::CrossDeviceOrOffsite,
        text,
        &classification(&[Purpose::Advertising], &[Flag::CrossDeviceOrOffsite]),
    );
    assert_eq!(
        f,
        "Data may be collected from advertisers and measurement partners."
    );
}

#[test]
fn ai_training_sentence_names_only_what_the_clause_names() {
    let c = classification(&[Purpose::AiTraining], &[Flag::AiTraining]);
    let f = flag_sentence(
        Flag::AiTraining,
        "We use your content and messages to train our machine learning models.",
        &c,
    );
    assert_eq!(f, "Your content and messages may be used to train machine-learning models; no opt-in is mentioned.");
    let f = flag_sentence(
        Flag::AiTraining,
        "We use information to train our AI models.",
        &c,
    );
    assert_eq!(
        f,
        "Your data may be used to train machine-learning models; no opt-in is mentioned."
    );
    let f = flag_sentence(
        Flag::AiTraining,
        "With your consent, we use your posts to train our models.",
        &c,
    );
    assert_eq!(
        f,
        "Your posts may be used to train machine-learning models."
    );
}

#[test]
fn government_access_and_policy_change_sentences() {
    let text = "We may share information with law enforcement agencies where required by law.";
    let c = classification(&[Purpose::LegalCompliance], &[Flag::GovernmentAccess]);
    let f = flag_sentence(Flag::GovernmentAccess, text, &c);
    assert_eq!(
        f,
        "Data may be shared with law enforcement agencies (where required by law)."
    );
    let f = flag_sentence(
        Flag::PolicyChange,
        "We may update this policy from time to time.",
        &c,
    );
    assert_eq!(f, "The policy may change; no notice is mentioned.");
}

// ---------------------------------------------------------------------------------------------
// (4) Hostile text
// ---------------------------------------------------------------------------------------------

#[test]
fn hostile_text_never_panics_and_stays_bounded() {
    let long_word = "a".repeat(10_000);
    let long_multibyte = "é".repeat(10_000);
    let inputs = [
        "<img src=x onerror=alert(1)>".to_string(),
        "We share \u{202E}sresitrevda htiw\u{202C} your data to show ads.".to_string(),
        long_word.clone(),
        format!("We use {long_word} to provide the service."),
        format!("We share your data with {long_multibyte} partners to provide ads."),
        "We do not".to_string(),
        "not".to_string(),
        "".to_string(),
        "   ".to_string(),
        "((((((((((".to_string(),
        "don't n't n’t ’ ' - -- , , ;".to_string(),
        "to to to to to provide".to_string(),
        "We use data to provide, improve, and, and, develop, , , services".to_string(),
        "\u{0}\u{1}\u{7}\u{1b}[31m".to_string(),
        "🙂🙂🙂 share with 🙂 partners 🙂".to_string(),
        "ﬁ İstanbul ǅ ß ΣΑΣ".to_string(),
        format!("{}.", "share with partners, ".repeat(2000)),
    ];
    let all_flags = Flag::ALL;
    let c = classification(&Purpose::ALL, &all_flags);
    for input in &inputs {
        let s = summarize(input, &c);
        assert!(
            s.chars().count() <= MAX_SUMMARY_CHARS,
            "{} chars",
            s.chars().count()
        );
        assert!(
            !s.contains('\u{202E}') && !s.chars().any(|ch| ch.is_control()),
            "{s:?}"
        );
        for f in all_flags {
            let fs = flag_sentence(f, input, &c);
            assert!(fs.chars().count() <= MAX_SUMMARY_CHARS, "{fs}");
            assert!(!fs.contains('\u{202E}'));
        }
    }
    let s = summarize(&long_word, &c);
    assert!(
        s.ends_with('…'),
        "a cut summary ends with an ellipsis: {}",
        &s[s.len().saturating_sub(10)..]
    );
    // The page's markup is just text: it comes back as text, never interpreted.
    let s = summarize(
        "<img src=x onerror=alert(1)>",
        &classification(&[Purpose::Advertising], &[]),
    );
    assert!(s.chars().count() <= MAX_SUMMARY_CHARS);
}

#[test]
fn summaries_are_linear_in_input() {
    // A huge clause is read on its first MAX_INPUT_BYTES only.
    let c = classification(&[Purpose::ProvideServices], &[]);
    let big = "We use your data to provide the service and improve it, ".repeat(20_000);
    let t = std::time::Instant::now();
    for _ in 0..10 {
        let s = summarize(&big, &c);
        assert!(s.chars().count() <= MAX_SUMMARY_CHARS);
    }
    assert!(t.elapsed().as_secs() < 5);
}

/// Prints summaries of sampled train sentences (`cargo test --test summaries -- --ignored --nocapture`).
#[test]
#[ignore]
fn print_train_samples() {
    let rows = read_jsonl(&shared_data().join("labels/clauses.jsonl"));
    let step: usize = std::env::var("STEP")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(17);
    for r in rows
        .iter()
        .filter(|r| r["split"] == "train" && !strings(&r["purposes"]).is_empty())
        .step_by(step)
    {
        let (text, c) = labelled(r);
        let flags = c.flags.clone();
        println!(
            "{} {:?} {:?}\n  T: {}\n  S: {}",
            r["id"],
            strings(&r["purposes"]),
            strings(&r["flags"]),
            text,
            summarize(text, &c)
        );
        for &f in &flags {
            println!("  F[{}]: {}", f.id(), flag_sentence(f, text, &c));
        }
    }
}

/// Prints summary throughput over every labelled sentence with a purpose
/// (`cargo test --release --test summaries -- --ignored --nocapture throughput`).
#[test]
#[ignore]
fn throughput() {
    let rows = read_jsonl(&shared_data().join("labels/clauses.jsonl"));
    let cases: Vec<(&str, Classification)> = rows
        .iter()
        .map(labelled)
        .filter(|(_, c)| !c.purposes.is_empty())
        .collect();
    let bytes: usize = cases.iter().map(|(t, _)| t.len()).sum();
    let t = std::time::Instant::now();
    let rounds = 5;
    let mut out = 0;
    for _ in 0..rounds {
        for (text, c) in &cases {
            out += summarize(text, c).len();
            for &f in &c.flags {
                out += flag_sentence(f, text, c).len();
            }
        }
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "{} clauses, {:.1} MB/s, {:.0} clauses/s ({out} bytes out)",
        cases.len(),
        (bytes * rounds) as f64 / secs / 1e6,
        (cases.len() * rounds) as f64 / secs
    );
}

#[test]
fn a_quoted_label_is_no_purpose_and_an_organisation_is_no_data() {
    // YouTube's policy (a training platform): "tap to call" names a button, not a use.
    let text = "For example, if you see an ad for a nearby flower shop and select the “tap to call” button, we’ll connect your call and may share your phone number with the flower shop.";
    let s = summary(text, &[Purpose::Advertising], &[]);
    assert!(s.starts_with("Used to: connect your call"), "{s}");
    assert!(!s.contains("call button"), "{s}");
    // Quotes after an unquoted "to" do not hide the purpose.
    let text = "We use your activity to show you “Suggested for you” posts.";
    let s = summary(text, &[Purpose::Personalization], &[]);
    assert!(s.starts_with("Used to: show you"), "{s}");
    // "communications companies", "a location data provider": names of organisations, not data.
    let text = "Like other technology and communications companies, Google regularly receives requests from governments and courts around the world to disclose user data.";
    let s = summary(text, &[Purpose::LegalCompliance], &[]);
    assert!(s.contains("Data: user data"), "{s}");
    assert!(!s.contains("communications"), "{s}");
    let text = "We share it with a location data provider to enable you to share your location with other users.";
    let s = summary(text, &[Purpose::ProvideServices], &[]);
    assert!(!s.contains("location data"), "{s}");
}

#[test]
fn a_purpose_does_not_end_on_the_subject_of_what_follows() {
    // YouTube's policy: "you" starts a relative clause ("sites you have given access to").
    let text = "We also provide you with controls to review and manage third party apps and sites you have given access to data in your Google Account.";
    let s = summary(text, &[Purpose::ThirdPartyIntegration], &[]);
    assert!(
        s.starts_with("Used to: review and manage third party apps and sites"),
        "{s}"
    );
    assert!(!s.contains("sites you"), "{s}");
    // An object stays: "send you such communications", "connect you with".
    let text = "Where required, we will obtain your consent to send you such communications.";
    let s = summary(text, &[Purpose::Advertising], &[]);
    assert!(s.contains("send you"), "{s}");
    // BeReal's policy: trimming a condition back to "and you" goes on past it.
    let text = "If you choose to share your location and you are not a minor, by default, your precise location (street level) is shared but you can switch it to your approximate location (city level).";
    let s = summary(text, &[Purpose::ProvideServices], &[Flag::NoOptIn]);
    assert!(
        s.contains("Conditions: if you choose to share your location; by default"),
        "{s}"
    );
    // LINE's policy: "distribute" is a purpose verb.
    let text = "Furthermore, in certain countries or regions (*3), we will use Personal Data for distributing recommended contents, such as optimized ads, to users.";
    let s = summary(text, &[Purpose::Advertising], &[]);
    assert!(
        s.starts_with("Used to: distributing recommended contents"),
        "{s}"
    );
    // A capitalised "You" is part of a name.
    let text = "We use your contacts to suggest a friend to you through Facebook's People You May Know feature.";
    let s = summary(text, &[Purpose::SocialConnections], &[]);
    assert!(!s.contains("People ·") && !s.ends_with("People"), "{s}");
}

#[test]
fn conditions_alone_give_way_to_the_clause_words_and_however_does_not_hide_a_negation() {
    // Tumblr's policy (a training platform).
    let text = "You may have the right to opt-out of having your data sold or shared (as those terms are defined in your state’s law).";
    let s = summary(text, &[Purpose::Advertising], &[]);
    assert!(s.starts_with("You may have the right to opt-out"), "{s}");
    let text = "We do not, however, store that financial information; such information is stored by our payment processor (the \"Payment Processor\").";
    let c = classification(&[Purpose::OrderFulfillment], &[Flag::Negated]);
    let s = summarize(text, &c);
    assert!(s.starts_with("Does not: store"), "{s}");
}

#[test]
fn a_list_runs_through_its_last_item() {
    // Parler's policy (a training platform).
    let text = "Information necessary to detect, investigate, or prevent fraud, abuse, or illegal activity;";
    let s = summary(text, &[Purpose::SafetySecurity], &[]);
    assert_eq!(
        s,
        "Used to: detect, investigate, or prevent fraud, abuse, or illegal activity"
    );
    // Facebook's policy: through "or other …" too.
    let text =
        "Preventing abuse, fraud, or other harmful or illegal activity, on and off our Products";
    let s = summary(text, &[Purpose::SafetySecurity], &[]);
    assert!(
        s.starts_with("Used to: preventing abuse, fraud, or other harmful or illegal activity"),
        "{s}"
    );
    // …but not into a new predicate.
    let text = "We do not receive phone numbers in clear text from advertisers, and hashed values are not kept beyond the matching operation.";
    let s = summary(text, &[Purpose::Advertising], &[Flag::Negated]);
    assert!(!s.contains("hashed values"), "{s}");
}

#[test]
fn a_purpose_noun_that_names_data_is_data() {
    // WeChat's policy (a training platform): "Payment card data", not a "payment" purpose.
    let text = "*Payment card data is only processed if you choose to verify your account using your payment card.";
    let s = summary(text, &[Purpose::SafetySecurity], &[]);
    assert!(s.starts_with("Data: Payment card data"), "{s}");
    // A purpose noun before a purpose-noun list is no data.
    let text = "Development and improvement of our Services;";
    let s = summary(text, &[Purpose::ProductImprovement], &[]);
    assert!(!s.contains("Data:"), "{s}");
}

#[test]
fn a_gerund_subject_is_no_purpose() {
    // Truth Social's policy (a training platform).
    let text = "Processing Personal Data is necessary in order to protect your vital interests or those of another natural person.";
    let s = summary(text, &[Purpose::SafetySecurity], &[]);
    assert!(
        s.starts_with("Used to: protect your vital interests"),
        "{s}"
    );
    // A clause-initial "-ing" purpose stays one ("… how our Products are used" is inside it).
    let text = "Analyzing how our Products are used.";
    let s = summary(text, &[Purpose::ProductImprovement], &[]);
    assert!(
        s.starts_with("Used to: analyzing how our Products are used"),
        "{s}"
    );
}

#[test]
fn a_service_can_receive_data_but_terms_of_service_cannot() {
    // Threads' policy (a training platform).
    let text = "Similarly, if you make your profile public, a copy of your post and your information is made available to the applicable Third Party Service so that it can store and process that information.";
    let s = summary(text, &[Purpose::ThirdPartyIntegration], &[]);
    assert!(s.contains("Shared with: Third Party Service"), "{s}");
    let text = "Enforce legal claims, including investigation of potential violations of applicable Terms of Service.";
    let s = summary(text, &[Purpose::SafetySecurity], &[]);
    assert!(s.contains("investigation of potential violations"), "{s}");
    // "Keep in mind that …" is an aside, not a use.
    let text = "Keep in mind that whether your profile is private or public, some information on your profile, such as your username, name, profile picture, and bio remain public.";
    let s = summary(text, &[Purpose::ProvideServices], &[]);
    assert!(!s.contains("keep in mind"), "{s}");
}

#[test]
fn an_adverb_after_to_and_a_user_account() {
    // TikTok's policy (a training platform).
    let text = "We also use this information to better understand and promote the Platform, popular topics, and emerging trends, and offer certain personalised features.";
    let s = summary(text, &[Purpose::ProductImprovement], &[]);
    assert!(
        s.starts_with("Used to: understand and promote the Platform"),
        "{s}"
    );
    let text = "With your consent and in regions where it is available, we use certain information associated with your TikTok user account to personalise ads served via our ad network.";
    let s = summary(text, &[Purpose::Advertising], &[]);
    assert!(!s.contains("Shared with"), "{s}");
}
