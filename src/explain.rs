//! Clause summaries and flag sentences for the tooltip, built from the clause's own words.
//!
//! A summary is one plain-text line of up to [`MAX_SUMMARY_CHARS`] characters made of sections
//! joined by `" · "`:
//!
//! ```text
//! Does not: sell your personal information · Used to: facilitate the purchase and delivery of
//! products; process your orders · Data: payment details · Shared with: sellers, service providers
//! · From: partners · Conditions: at your request
//! ```
//!
//! Every phrase after a section label is a slice of the clause itself (whitespace collapsed,
//! control and bidi-override characters dropped); the labels and the flag-sentence templates are
//! the only words that are not the clause's own ([`TEMPLATE_WORDS`] lists them all). Small
//! lexicons built from the taxonomy, the labelling guide and the training policies *detect* purpose
//! verbs, data types, recipients and conditions; they never supply output words.
//!
//! Cost: one tokenising pass with one hash lookup per word, then a few linear passes over the
//! tokens; input beyond [`MAX_INPUT_BYTES`] is ignored. No regex, no panic on any input.
use std::collections::HashMap;
use std::sync::OnceLock;

use crate::classify::Classification;
use crate::taxonomy::Flag;

/// A summary is never longer than this many characters (it is cut with "…" if it must be).
pub const MAX_SUMMARY_CHARS: usize = 220;
/// Only the first this-many bytes of a clause are read.
pub const MAX_INPUT_BYTES: usize = 4096;
/// The separator between summary sections.
pub const SEPARATOR: &str = " · ";
const MAX_PHRASE_WORDS: usize = 12;
const MAX_PHRASE_CHARS: usize = 90;
const MAX_ITEMS: usize = 4;

/// Every word the summaries and flag sentences may use that is not the clause's own.
#[rustfmt::skip]
pub const TEMPLATE_WORDS: &[&str] = &[
    // summary section labels
    "used", "to", "data", "shared", "with", "from", "conditions", "does", "not", "is", "negation",
    // flag-sentence templates
    "your", "may", "be", "train", "trained", "machine", "learning", "models", "no", "opt", "in",
    "mentioned", "an", "out", "the", "clause", "mentions", "sold", "or", "for", "cross", "context",
    "advertising", "this", "happens", "by", "default", "without", "consent", "only", "offered",
    "private", "content", "scanned", "reviewed", "analysed", "read", "monitored", "processed",
    "accessed", "collected", "across", "devices", "other", "websites", "apps", "third", "parties",
    "law", "enforcement", "government", "policy", "says", "it", "change", "notice", "and", "as",
    "stated", "do", "practice", "names", "a", "an", "of", "on", "condition", "conditions", "at",
    "request", "some", "including", "its", "users",
];

// ---------------------------------------------------------------------------------------------
// Lexicons (detectors only)
// ---------------------------------------------------------------------------------------------

/// Purpose verbs: what data is used *to* do (base forms; "-ing" forms are derived).
#[rustfmt::skip]
const PURPOSE_VERBS: &[&str] = &[
    "provide", "administer", "operate", "deliver", "maintain", "enable", "facilitate", "process",
    "personalise", "personalize", "customise", "customize", "tailor", "recommend", "suggest",
    "connect", "improve", "develop", "review", "test", "train", "analyse", "analyze", "measure",
    "understand", "research", "respond", "answer", "handle", "resolve", "support", "show", "serve",
    "display", "send", "market", "promote", "advertise", "target", "protect", "prevent", "detect",
    "combat", "fight", "verify", "secure", "enforce", "investigate", "comply", "establish",
    "exercise", "defend", "fulfil", "fulfill", "complete", "ship", "bill", "charge", "sell",
    "create", "communicate", "notify", "contact", "inform", "conduct", "evaluate", "monitor",
    "debug", "troubleshoot", "fix", "identify", "authenticate", "ensure", "rank", "learn", "build",
    "manage", "offer", "find", "allow", "let", "match", "optimise", "optimize", "estimate",
    "assess", "report", "audit", "publish", "study", "moderate", "remove", "limit", "suspend",
    "integrate", "safeguard", "run", "power", "perform", "determine", "infer", "generate",
    "innovate", "enhance", "assist", "keep", "detect", "calculate", "attribute", "sync",
    "synchronise", "synchronize", "recognise", "recognize", "translate", "transcribe", "fine-tune",
    "pay", "purchase", "distribute",
];

/// Purpose nouns: start a purpose phrase at the clause start or after "for" ("development and
/// improvement of our Services").
#[rustfmt::skip]
const PURPOSE_NOUNS: &[&str] = &[
    "development", "improvement", "improvements", "provision", "prevention", "detection",
    "personalisation", "personalization", "customisation", "customization", "analysis",
    "analytics", "measurement", "protection", "compliance", "delivery", "research", "security",
    "safety", "fulfilment", "fulfillment", "administration", "operation", "maintenance",
    "verification", "authentication", "investigation", "moderation", "recommendations",
    "optimisation", "optimization", "enforcement", "troubleshooting", "debugging", "billing",
    "payment", "payments", "communication", "communications", "promotion", "promotions",
    "prevent", "establishment", "exercise", "defence", "defense",
];

/// Other verbs: start a phrase only after "to" or at the clause start; continue verb groups.
#[rustfmt::skip]
const OTHER_VERBS: &[&str] = &[
    "share", "consume", "interact", "view", "post", "upload", "access", "store", "receive", "make",
    "give", "get", "see", "read", "write", "join", "participate", "buy", "download", "install",
    "log", "sign", "register", "search", "browse", "message", "call", "chat", "play", "watch",
    "follow", "comment", "save", "edit", "update", "delete", "use", "collect", "disclose",
    "transfer", "trade", "engage", "rent", "lease", "license", "retain", "link", "combine", "track",
    "reach", "discover", "explore", "respond", "help", "work", "carry", "continue", "grow",
];

#[rustfmt::skip]
const STOP_WORDS: &[&str] = &[
    "a", "an", "the", "of", "to", "for", "with", "in", "on", "at", "by", "from", "as", "and", "or",
    "nor", "but", "into", "onto", "about", "over", "under", "between", "among", "across", "within",
    "without", "through", "via", "per", "is", "are", "was", "were", "be", "been", "being", "it",
    "its", "this", "these", "those", "we", "us", "our", "ours", "you", "your", "yours", "they",
    "them", "their", "he", "she", "his", "her", "any", "all", "some", "other", "others", "such",
    "certain", "each", "every", "may", "might", "can", "could", "will", "would", "shall", "should",
    "must", "do", "does", "did", "has", "have", "had", "also", "which", "that", "who", "whom",
    "whose", "when", "where", "if", "unless", "so", "than", "then", "there", "here", "more", "most",
    "both", "either", "only", "not", "no", "etc", "e.g", "i.e", "including", "like", "upon", "own",
];

#[rustfmt::skip]
const DETERMINERS: &[&str] = &[
    "a", "an", "the", "our", "your", "their", "its", "his", "her", "other", "certain", "any",
    "some", "such", "these", "those", "all", "select", "selected", "various", "relevant", "this",
    "that", "each", "every", "applicable",
];

/// Words that end a phrase.
#[rustfmt::skip]
const END_WORDS: &[&str] = &[
    "such", "including", "like", "which", "who", "whom", "whose", "that", "when", "where",
    "whereas", "if", "unless", "because", "so", "while", "whether", "e.g", "i.e", "etc", "via",
    "although", "though", "but", "however", "except", "provided", "subject", "namely", "whenever",
    "wherever", "until", "after", "before", "since", "once", "using",
];

/// Words that introduce an example rather than a condition.
#[rustfmt::skip]
const EXAMPLE_WORDS: &[&str] = &[
    "including", "such", "e.g", "like", "example", "instance", "as",
];

const NEGATIONS: &[&str] = &["not", "never", "cannot", "neither", "nor"];

/// Skipped between a negation and its verb ("we do not currently sell").
#[rustfmt::skip]
const NEG_SKIP: &[&str] = &[
    "ever", "currently", "otherwise", "knowingly", "intentionally", "directly", "generally",
    "actively", "routinely", "also", "and", "or", "even", "further", "however", "though",
    "therefore",
];

#[rustfmt::skip]
const AUXILIARIES: &[&str] = &[
    "do", "does", "did", "will", "would", "may", "might", "can", "could", "shall", "should", "must",
    "is", "are", "was", "were", "has", "have", "had",
];

/// Verbs of giving data away.
#[rustfmt::skip]
const TRANSFER_VERBS: &[&str] = &[
    "share", "shares", "shared", "sharing", "disclose", "discloses", "disclosed", "disclosing",
    "disclosure", "disclosures", "transfer", "transfers", "transferred", "transferring", "sell",
    "sells", "sold", "selling", "sale", "give", "gives", "given", "giving", "send", "sends", "sent",
    "sending", "pass", "passes", "passed", "passing", "available", "accessible", "visible",
    "provide", "provides", "provided", "providing", "report", "reports", "reported", "submit",
    "transmit", "transmits", "transmitted", "release", "released", "rent", "trade", "distribute",
    "distributed", "exchange", "exchanged", "licensed", "supply", "supplied", "reveal", "revealed",
];

/// Verbs and nouns of getting data from somewhere.
#[rustfmt::skip]
const SOURCE_WORDS: &[&str] = &[
    "receive", "receives", "received", "receiving", "collect", "collects", "collected",
    "collecting", "obtain", "obtains", "obtained", "get", "gets", "got", "gather", "gathers",
    "gathered", "information", "data", "info", "comes", "come", "derived", "acquire", "acquired",
    "purchase", "purchased", "buy", "bought", "import", "imported", "signals",
];

/// Recipients that stand alone ("advertisers").
#[rustfmt::skip]
const RECIPIENT_HEADS: &[&str] = &[
    "sellers", "seller", "merchants", "merchant", "advertisers", "advertiser", "marketers",
    "partners", "providers", "provider", "vendors", "vendor", "suppliers", "contractors",
    "processors", "subprocessors", "sub-processors", "researchers", "academics", "police",
    "authorities", "government", "governments", "agencies", "regulators", "courts", "court",
    "affiliates", "subsidiaries", "developers", "brokers", "buyers", "buyer", "purchasers",
    "purchaser", "acquirers", "acquirer", "successor", "successors", "agents", "publishers",
    "creators", "businesses", "friends", "followers", "contacts", "public", "officials",
    "tribunals", "prosecutors", "insurers", "auditors", "advisors", "advisers", "lawyers", "banks",
    "platforms", "recipients", "third-parties", "meta", "partner", "researcher", "affiliate",
    "developer", "broker", "agency", "authority", "regulator", "platform", "contractor",
    "processor", "agent", "publisher", "creator", "marketer", "supplier", "insurer", "auditor",
    "advisor", "official",
];

/// Recipients that need a modifier ("third parties", "law enforcement", "other users").
#[rustfmt::skip]
const RECIPIENT_NEED_MOD: &[&str] = &[
    "parties", "party", "enforcement", "users", "user", "services", "apps", "websites", "sites",
    "companies", "company", "entities", "entity", "organisations", "organizations", "organization",
    "organisation", "institutions", "bodies", "people", "members", "teams", "groups", "family",
    "network", "networks", "operators", "owners", "individuals", "persons", "issuers", "carriers",
    "sources", "service",
];

/// Data that stands alone ("location", "contacts").
#[rustfmt::skip]
const DATA_HEADS: &[&str] = &[
    "location", "locations", "contacts", "messages", "message", "chats", "photos", "photo",
    "videos", "video", "content", "posts", "comments", "cookies", "interactions", "activity",
    "activities", "identifiers", "biometrics", "voice", "audio", "images", "emails", "calls",
    "purchases", "transactions", "searches", "age", "birthday", "gender", "address", "addresses",
    "name", "names", "username", "password", "passwords", "recordings", "communications",
    "conversations", "likes", "followers", "connections", "preferences", "interests",
    "demographics", "inferences", "signals", "metadata", "geolocation", "keystrokes", "faceprints",
    "selfie", "selfies", "id", "prompts", "inputs", "outputs", "files", "documents", "livestreams",
    "stories", "reels", "pixels", "sdks", "usage", "behaviour", "behavior", "ethnicity", "religion",
    "sexuality",
];

/// Data heads that also have other senses ("to address issues", "legitimate interests"): data only
/// after a possessive ("your age") or a data modifier ("home address").
#[rustfmt::skip]
const DATA_WEAK: &[&str] = &[
    "age", "name", "names", "address", "addresses", "interests", "gender", "birthday", "id",
    "voice", "likes", "connections", "preferences",
];

/// Data heads that need a modifier ("payment information", "phone number").
#[rustfmt::skip]
const DATA_NEED_MOD: &[&str] = &[
    "information", "data", "details", "info", "history", "histories", "records", "number",
    "numbers", "card", "cards", "list", "lists", "book", "logs", "log", "ids", "attributes",
    "characteristics", "status",
];

/// Modifiers that make a data phrase ("precise location", "payment information").
#[rustfmt::skip]
const DATA_MODS: &[&str] = &[
    "precise", "approximate", "private", "direct", "personal", "payment", "contact", "device",
    "location", "profile", "account", "usage", "log", "browsing", "search", "purchase",
    "transaction", "financial", "health", "biometric", "voice", "face", "facial", "email", "e-mail",
    "phone", "telephone", "mobile", "ip", "user", "billing", "credit", "debit", "bank", "network",
    "technical", "demographic", "sensitive", "camera", "microphone", "call", "message", "messaging",
    "address", "gps", "wi-fi", "wifi", "bluetooth", "cookie", "browser", "app", "government",
    "government-issued", "identity", "id", "age", "birth", "shipping", "delivery", "viewing",
    "watch", "listening", "engagement", "interaction", "activity", "behavioral", "behavioural",
    "precise", "real-time", "user-generated", "shopping", "order", "chat", "audio", "video",
    "photo", "image", "friend", "friends", "contacts", "social", "professional", "employment",
    "education", "inferred", "derived", "aggregated", "de-identified", "anonymized", "anonymised",
    "pseudonymised", "pseudonymized", "advertising", "marketing", "diagnostic", "crash",
    "performance", "unique", "mobile", "postal", "home", "physical", "date",
];

/// Recognised conditions, matched word by word (longest first at each position).
#[rustfmt::skip]
const CONDITION_PHRASES: &[&str] = &[
    "at your request", "at your direction", "upon your request", "on your request",
    "at the request of", "with your consent", "with your explicit consent",
    "with your prior consent", "with your express consent", "with your permission",
    "with your explicit permission", "with your prior permission", "with consent",
    "without your consent", "without consent", "without your permission", "without your knowledge",
    "without your explicit consent", "without separate opt-in", "without opt-in",
    "based on your consent", "subject to your consent", "where you have consented",
    "where you have given consent", "if you have consented", "by default", "default settings",
    "as required by law", "where required by law", "when required by law", "if required by law",
    "required by law", "as permitted by law", "where permitted by law", "permitted by law",
    "as required by applicable law", "where required by applicable law",
    "required by applicable law", "where permitted by applicable law",
    "permitted by applicable law", "in accordance with applicable law",
    "depending on your settings", "based on your settings", "according to your settings",
    "subject to your settings", "in your settings", "through your settings", "with your settings",
    "without notice", "without prior notice", "with notice",
];

/// Verbs after "you can" / "you may" that make a choice a condition ("you can opt out").
#[rustfmt::skip]
const CHOICE_VERBS: &[&str] = &[
    "opt", "opt-out", "turn", "disable", "object", "withdraw", "change", "control", "choose",
    "manage", "adjust", "delete", "limit", "unsubscribe", "decline", "refuse", "revoke", "switch",
    "deactivate", "remove", "restrict", "stop", "review", "update", "select",
];

/// Data that AI-training sentences name when the clause does ("content", "messages").
#[rustfmt::skip]
const AI_DATA: &[&str] = &[
    "content", "message", "post", "interaction", "prompt", "input", "photo", "video", "voice",
    "audio", "conversation", "chat", "image", "activity",
];

/// Private content that scanning sentences name when the clause does.
#[rustfmt::skip]
const PRIVATE_DATA: &[&str] = &[
    "message", "chat", "email", "content", "communication", "conversation", "call", "photo",
    "video", "file", "document", "post",
];

/// Determiners kept before a recipient that needs a modifier ("other users", "these companies").
const KEPT_DETERMINERS: &[&str] = &["other", "these", "those", "such", "certain", "selected"];

/// A modal starts a new predicate ("… obligation will be processed").
const MODALS: &[&str] = &[
    "will", "would", "may", "might", "can", "could", "must", "should", "shall",
];

/// "if you choose to sync your contacts": the condition goes on through "to".
const CHOOSE_WORDS: &[&str] = &[
    "choose", "chose", "decide", "opt", "agree", "want", "wish", "elect", "prefer", "consent",
];

/// "We process …", "we provide information …": what is done, not what for.
const NOT_AFTER_WE: &[&str] = &[
    "process",
    "provide",
    "learn",
    "find",
    "determine",
    "allow",
    "let",
    "offer",
    "run",
    "make",
];

/// "… they want to run": the verb after these is no purpose of the company's.
#[rustfmt::skip]
const WANT_WORDS: &[&str] = &["want", "wants", "able", "going", "like", "try", "tries", "choose", "chooses", "decide", "decides", "wish"];

/// Organisations named after a data word make it a name, not data ("communications companies",
/// "payment providers").
#[rustfmt::skip]
const ORG_WORDS: &[&str] = &[
    "companies", "company", "providers", "provider", "partners", "partner", "vendors", "vendor",
    "brokers", "broker", "carriers", "carrier", "operators", "operator", "firms", "firm",
    "processors", "processor", "agencies", "agency", "networks",
];

/// "requests from governments": what comes from these is no data.
#[rustfmt::skip]
const ASK_WORDS: &[&str] = &["requests", "request", "orders", "order", "demands", "questions", "inquiries", "subpoenas"];

/// Words that name law enforcement or government.
#[rustfmt::skip]
const GOV_CUES: &[&str] = &[
    "enforcement", "government", "authorit", "police", "court", "regulator", "agenc", "official",
    "tribunal", "prosecutor",
];

/// Cue stems per purpose, to rank purpose phrases (detectors only).
const PURPOSE_CUES: [&[&str]; 13] = [
    &[
        "provid", "administ", "operat", "deliver", "maintain", "enabl", "creat", "share",
        "content", "account", "feature", "servic", "platform", "support", "function",
    ],
    &[
        "purchas",
        "order",
        "payment",
        "pay",
        "deliver",
        "ship",
        "transaction",
        "seller",
        "fulfil",
        "billing",
        "bill",
        "checkout",
        "subscri",
        "refund",
    ],
    &[
        "personali",
        "customi",
        "tailor",
        "recommend",
        "feed",
        "relevant",
        "interest",
        "experience",
    ],
    &[
        "suggest", "connect", "friend", "contact", "follow", "people", "account", "find", "users",
    ],
    &[
        "improv",
        "develop",
        "review",
        "test",
        "analy",
        "measur",
        "usage",
        "troubleshoot",
        "debug",
        "research",
        "understand",
        "innovat",
    ],
    &[
        "third", "integrat", "connect", "platform", "app", "login", "log", "share", "partner",
        "service",
    ],
    &[
        "research",
        "researcher",
        "academic",
        "study",
        "scien",
        "public",
    ],
    &[
        "respond",
        "queries",
        "query",
        "question",
        "claim",
        "dispute",
        "complaint",
        "request",
        "support",
        "help",
        "contact",
        "feedback",
    ],
    &[
        "advertis", "ads", "ad", "market", "promot", "campaign", "sponsor", "measur", "sell",
        "offer",
    ],
    &[
        "protect",
        "secur",
        "fraud",
        "safe",
        "abuse",
        "spam",
        "prevent",
        "detect",
        "enforc",
        "verif",
        "integrity",
        "violat",
        "harm",
        "investigat",
    ],
    &[
        "comply",
        "complian",
        "law",
        "legal",
        "regulat",
        "court",
        "claim",
        "defend",
        "establish",
        "obligation",
        "enforcement",
    ],
    &[
        "train",
        "machine",
        "learning",
        "model",
        "artificial",
        "intelligence",
        "algorithm",
        "ai",
        "generative",
    ],
    &[
        "merger",
        "acquisition",
        "sale",
        "bankrupt",
        "reorgani",
        "transaction",
        "asset",
        "transfer",
    ],
];

// Word classes (bit flags).
const PV: u32 = 1; // purpose verb, base form
const PVI: u32 = 1 << 1; // purpose verb, -ing form
const OV: u32 = 1 << 2; // other verb, base form
const OVI: u32 = 1 << 3; // other verb, -ing form
const STOP: u32 = 1 << 4;
const DET: u32 = 1 << 5;
const END: u32 = 1 << 6;
const NEG: u32 = 1 << 7;
const AUX: u32 = 1 << 8;
const XFER: u32 = 1 << 9;
const SRC: u32 = 1 << 10;
const RHEAD: u32 = 1 << 11;
const RNEED: u32 = 1 << 12;
const DHEAD: u32 = 1 << 13;
const DNEED: u32 = 1 << 14;
const DMOD: u32 = 1 << 15;
const EXAMPLE: u32 = 1 << 16;
const NEGSKIP: u32 = 1 << 17;
const CHOICE: u32 = 1 << 18;
const DWEAK: u32 = 1 << 19;
const NOM: u32 = 1 << 20;
const VERB: u32 = PV | PVI | OV | OVI;

#[derive(Default, Debug)]
struct Entry {
    class: u32,
    /// Indices into `Lexicon::phrases` of condition phrases starting with this word.
    conditions: Vec<u16>,
    /// In `Lexicon::cues` (keyed by a stem's first three bytes): the purpose-cue stems, each with
    /// the bit of its purpose.
    cues: Vec<(&'static str, u16)>,
}

/// The multiply-rotate hash of rustc (FxHash): fast for short words.
fn fx(bytes: &[u8]) -> u64 {
    const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
    let mut h = 0u64;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let mut b = [0u8; 8];
        b.copy_from_slice(c);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(b)).wrapping_mul(K);
    }
    for &b in chunks.remainder() {
        h = (h.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
    }
    h
}

/// Bytes compared one by one: the words are short, a memcmp call costs more.
#[inline]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// An open-addressing table from lexicon words to entries (built once; page words are only
/// looked up).
struct Table {
    mask: usize,
    /// 0 = empty, else 1 + an index into `keys`.
    slots: Vec<u32>,
    keys: Vec<(u64, String, Entry)>,
}

impl Table {
    fn new(map: HashMap<String, Entry>) -> Table {
        let size = (map.len() * 2).next_power_of_two().max(16);
        let mut t = Table {
            mask: size - 1,
            slots: vec![0; size],
            keys: Vec::with_capacity(map.len()),
        };
        for (k, e) in map {
            let h = fx(k.as_bytes());
            let mut i = h as usize & t.mask;
            while t.slots[i] != 0 {
                i = (i + 1) & t.mask;
            }
            t.keys.push((h, k, e));
            t.slots[i] = t.keys.len() as u32;
        }
        t
    }

    #[inline]
    fn get(&self, w: &str) -> Option<&Entry> {
        let h = fx(w.as_bytes());
        let mut i = h as usize & self.mask;
        loop {
            let s = self.slots[i] as usize;
            if s == 0 {
                return None;
            }
            let (kh, k, e) = &self.keys[s - 1];
            if *kh == h && same_bytes(k.as_bytes(), w.as_bytes()) {
                return Some(e);
            }
            i = (i + 1) & self.mask;
        }
    }
}

/// The longest word of any lexicon, in bytes: longer page words are not looked up.
const MAX_LEXICON_WORD: usize = 24;

struct Lexicon {
    words: Table,
    phrases: Vec<Vec<&'static str>>,
    /// Purpose-cue stems by their first three bytes (shorter stems: the whole word).
    cues: Table,
}

/// The purposes (one bit per [`crate::Purpose::index`]) whose cue stems begin `w`.
fn cue_mask(w: &str) -> u16 {
    let lex = lexicon();
    let key = if w.len() > 3 { w.get(..3) } else { Some(w) };
    let Some(e) = key.and_then(|k| lex.cues.get(k)) else {
        return 0;
    };
    e.cues
        .iter()
        .filter(|(cue, _)| {
            if cue.len() < 3 {
                w == *cue
            } else {
                w.starts_with(cue)
            }
        })
        .fold(0, |m, (_, bit)| m | bit)
}

fn ing_form(base: &str) -> String {
    match base {
        "ship" | "run" | "plan" | "chat" | "log" | "bill" => {
            // doubled final consonant ("shipping"; "billing" already doubles)
            let last = base.chars().last().unwrap_or('g');
            if base.ends_with("ll") {
                format!("{base}ing")
            } else {
                format!("{base}{last}ing")
            }
        }
        "see" | "be" | "free" => format!("{base}ing"),
        _ if base.ends_with("ie") => format!("{}ying", &base[..base.len() - 2]),
        _ if base.ends_with('e') && !base.ends_with("ee") => {
            format!("{}ing", &base[..base.len() - 1])
        }
        _ => format!("{base}ing"),
    }
}

fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(|| {
        let mut words: HashMap<String, Entry> = HashMap::new();
        let mut add = |list: &[&str], class: u32| {
            for w in list {
                words.entry((*w).to_string()).or_default().class |= class;
            }
        };
        add(PURPOSE_VERBS, PV);
        add(OTHER_VERBS, OV);
        add(STOP_WORDS, STOP);
        add(DETERMINERS, DET);
        add(END_WORDS, END);
        add(EXAMPLE_WORDS, EXAMPLE);
        add(NEGATIONS, NEG);
        add(NEG_SKIP, NEGSKIP);
        add(AUXILIARIES, AUX);
        add(TRANSFER_VERBS, XFER);
        add(SOURCE_WORDS, SRC);
        add(RECIPIENT_HEADS, RHEAD);
        add(RECIPIENT_NEED_MOD, RNEED);
        add(DATA_HEADS, DHEAD);
        add(DATA_NEED_MOD, DNEED);
        add(DATA_MODS, DMOD);
        add(CHOICE_VERBS, CHOICE);
        add(DATA_WEAK, DWEAK);
        add(PURPOSE_NOUNS, NOM);
        let pvi: Vec<String> = PURPOSE_VERBS.iter().map(|v| ing_form(v)).collect();
        let ovi: Vec<String> = OTHER_VERBS.iter().map(|v| ing_form(v)).collect();
        for w in &pvi {
            words.entry(w.clone()).or_default().class |= PVI;
        }
        for w in &ovi {
            words.entry(w.clone()).or_default().class |= OVI;
        }
        let mut phrases: Vec<Vec<&'static str>> = CONDITION_PHRASES
            .iter()
            .map(|p| p.split(' ').collect())
            .collect();
        // Longest first, so that the first match at a position is the longest.
        phrases.sort_by_key(|p| std::cmp::Reverse(p.len()));
        for (i, p) in phrases.iter().enumerate() {
            if let Some(first) = p.first() {
                words
                    .entry((*first).to_string())
                    .or_default()
                    .conditions
                    .push(i as u16);
            }
        }
        let mut cues: HashMap<String, Entry> = HashMap::new();
        for (pi, stems) in PURPOSE_CUES.iter().enumerate() {
            for stem in stems.iter() {
                let key = stem.get(..3).unwrap_or(stem);
                cues.entry(key.to_string())
                    .or_default()
                    .cues
                    .push((stem, 1 << pi));
            }
        }
        Lexicon {
            words: Table::new(words),
            phrases,
            cues: Table::new(cues),
        }
    })
}

// ---------------------------------------------------------------------------------------------
// Tokens
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug)]
struct Tok {
    s: usize,
    e: usize,
    word: bool,
    class: u32,
    /// For punctuation: the character.
    punct: char,
    /// Inside parentheses.
    paren: bool,
    /// The word is a contraction ending in "n't" ("don't").
    neg_contraction: bool,
    /// The word's lexicon entry.
    entry: Option<&'static Entry>,
}

struct Clause<'a> {
    text: &'a str,
    lower: String,
    toks: Vec<Tok>,
}

/// The char at byte `i` (a char boundary) and its length; ASCII without decoding.
#[inline]
fn char_at(text: &str, i: usize) -> (char, usize) {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        return (b as char, 1);
    }
    match text[i..].chars().next() {
        Some(c) => (c, c.len_utf8()),
        None => (' ', 1),
    }
}

#[inline]
fn is_alnum(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        c.is_alphanumeric()
    }
}

/// ASCII-case-insensitive substring test, without allocating.
fn contains_ci(hay: &str, needle: &str) -> bool {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    if !n.iter().any(u8::is_ascii_uppercase) && !h.iter().any(u8::is_ascii_uppercase) {
        return hay.contains(needle); // the usual case: both lowercase already (fast search)
    }
    n.is_empty() || h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n))
}

fn is_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '-' | '.' | '_' | '/')
}

fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}' | '\u{00AD}')
}

impl<'a> Clause<'a> {
    fn new(text: &'a str) -> Clause<'a> {
        let text = crate::truncate_bytes(text, MAX_INPUT_BYTES);
        let lower = text.to_ascii_lowercase();
        let lex = lexicon();
        let b = text.as_bytes();
        let n = b.len();
        let mut toks: Vec<Tok> = Vec::with_capacity(n / 5 + 1);
        let mut depth = 0i32;
        let mut i = 0;
        while i < n {
            let (c, len) = char_at(text, i);
            if is_alnum(c) {
                // A word: letters and digits, with joiners (' ’ - . _ /) between two of them.
                let mut e = i + len;
                while e < n {
                    let (d, dl) = char_at(text, e);
                    let joined = is_joiner(d) && e + dl < n && is_alnum(char_at(text, e + dl).0);
                    if is_alnum(d) || joined {
                        e += dl;
                    } else {
                        break;
                    }
                }
                let w = &lower[i..e];
                let (w, neg_contraction) =
                    match w.strip_suffix("n't").or_else(|| w.strip_suffix("n’t")) {
                        Some(stem) => (stem, true),
                        None => (w, false),
                    };
                let entry = if w.len() <= MAX_LEXICON_WORD {
                    lex.words.get(w)
                } else {
                    None
                };
                toks.push(Tok {
                    s: i,
                    e,
                    word: true,
                    class: entry.map_or(0, |en| en.class),
                    punct: ' ',
                    paren: depth > 0,
                    neg_contraction,
                    entry,
                });
                i = e;
                continue;
            }
            if !(c.is_whitespace() || is_invisible(c) || c.is_control()) {
                match c {
                    '(' | '[' => depth += 1,
                    ')' | ']' => depth = (depth - 1).max(0),
                    _ => {}
                }
                toks.push(Tok {
                    s: i,
                    e: i + len,
                    word: false,
                    class: 0,
                    punct: c,
                    paren: depth > 0 || c == ')' || c == ']',
                    neg_contraction: false,
                    entry: None,
                });
            }
            i += len;
        }
        Clause { text, lower, toks }
    }

    fn lw(&self, i: usize) -> &str {
        let t = &self.toks[i];
        &self.lower[t.s..t.e]
    }

    #[inline]
    fn is(&self, i: usize, w: &str) -> bool {
        match self.toks.get(i) {
            // Compared byte by byte: the words are short, a memcmp call costs more.
            Some(t) if t.word => same_bytes(&self.lower.as_bytes()[t.s..t.e], w.as_bytes()),
            _ => false,
        }
    }

    fn word_in(&self, i: usize, list: &[&str]) -> bool {
        i < self.toks.len() && self.toks[i].word && list.contains(&self.lw(i))
    }

    fn class(&self, i: usize) -> u32 {
        self.toks.get(i).map_or(0, |t| t.class)
    }

    fn is_punct(&self, i: usize, set: &[char]) -> bool {
        self.toks
            .get(i)
            .is_some_and(|t| !t.word && set.contains(&t.punct))
    }

    fn is_neg(&self, i: usize) -> bool {
        self.toks
            .get(i)
            .is_some_and(|t| t.word && (t.class & NEG != 0 || t.neg_contraction))
    }

    fn slice(&self, a: usize, b: usize) -> &'a str {
        &self.text[self.toks[a].s..self.toks[b - 1].e]
    }
}

// ---------------------------------------------------------------------------------------------
// Extraction
// ---------------------------------------------------------------------------------------------

/// A phrase of the clause: tokens `a..b`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Span {
    a: usize,
    b: usize,
}

impl Span {
    fn overlaps(&self, o: &Span) -> bool {
        self.a < o.b && o.a < self.b
    }
    fn inside_any(&self, spans: &[Span]) -> bool {
        spans.iter().any(|o| o.a <= self.a && self.b <= o.b)
    }
}

/// What [`extract`] finds in a clause: each item is the clause's own words.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Parts {
    /// What the company says it does not do ("sell your personal information").
    pub not: Vec<String>,
    /// Passive negations ("disclosed to third parties" from "is not disclosed to third parties").
    pub is_not: Vec<String>,
    /// What data is used to do (best first).
    pub used: Vec<String>,
    pub data: Vec<String>,
    pub shared: Vec<String>,
    pub from: Vec<String>,
    pub conditions: Vec<String>,
}

struct Found {
    /// How far each negation reaches.
    scopes: Vec<Span>,
    not: Vec<Span>,
    is_not: Vec<Span>,
    used: Vec<(Span, i32)>,
    data: Vec<Span>,
    shared: Vec<Span>,
    from: Vec<Span>,
    conditions: Vec<Span>,
}

/// Where a phrase that starts at `a` ends (exclusive), following the clause's own boundaries.
fn phrase_end(cl: &Clause, a: usize, max_words: usize) -> usize {
    let n = cl.toks.len();
    let mut i = a;
    let mut words = 0;
    let mut verb_group = true; // only verbs (and "and"/"or"/",") seen so far
    while i < n && words < max_words {
        let t = cl.toks[i];
        if !t.word {
            match t.punct {
                ',' => {
                    // Continue a list: "review, improve, and develop …" or "products, goods and services".
                    let mut j = i + 1;
                    let last_item = cl.is(j, "and") || cl.is(j, "or");
                    if last_item {
                        j += 1;
                        if cl.is(j, "other") && !verb_group {
                            j += 1; // "abuse, fraud, or other harmful activity"
                        }
                    }
                    let nc = cl.class(j);
                    let next_word = cl.toks.get(j).is_some_and(|t| t.word);
                    let cont = if verb_group {
                        next_word && nc & VERB != 0
                    } else {
                        // A list goes on while commas follow, and through its ", and/or" item
                        // ("fraud, abuse, or illegal activity").
                        next_word
                            && nc & (STOP | END | VERB | NEG) == 0
                            && ((last_item && closes_list(cl, j))
                                || cl.is_punct(j + 1, &[','])
                                || cl.is(j + 1, "and")
                                || cl.is(j + 1, "or"))
                    };
                    if !cont {
                        break;
                    }
                }
                '/' | '&' | '\'' | '’' | '"' | '“' | '”' | '‘' | '-' => {}
                _ => break,
            }
            i += 1;
            continue;
        }
        let c = t.class;
        if i > a {
            let w = cl.lw(i);
            let gerund_object =
                w == "using" && cl.toks[i - 1].word && cl.toks[i - 1].class & STOP != 0;
            if (c & END != 0 && !gerund_object) || t.neg_contraction || c & NEG != 0 {
                break;
            }
            if cl.word_in(i, MODALS) {
                break; // "… obligation will be processed": a new predicate
            }
            if w == "to" && (cl.class(i + 1) & VERB != 0) {
                if verb_group && !cl.is(i + 1, "help") {
                    // "seek to infer …": one verb phrase
                    words += 1;
                    i += 1;
                    continue;
                }
                break; // "… to help connect …": a new purpose
            }
            if verb_group && (w == "and" || w == "or") && cl.class(i + 1) & DET != 0 {
                break; // "… want to reach and the types of content": no verb follows
            }
            if (w == "by" || w == "for" || w == "in") && cl.class(i + 1) & (PVI | OVI) != 0 {
                break; // "by monitoring …": the means, a phrase of its own
            }
            if w == "in" && cl.is(i + 1, "order") {
                break;
            }
            if (w == "and" || w == "or") && !verb_group && cl.class(i + 1) & (PV | PVI) != 0 {
                break; // "… and facilitate …": the next purpose
            }
            if w == "as"
                && (cl.is(i + 1, "well") || cl.is(i + 1, "described") || cl.is(i + 1, "set"))
            {
                break;
            }
            // Prepositions keep a verb group open ("respond to and process …").
            if c & (VERB | STOP) == 0 || c & DET != 0 {
                verb_group = false;
            }
        }
        words += 1;
        i += 1;
    }
    if words >= max_words && i < n && cl.toks[i].word {
        // Cut by the cap in mid-phrase: end before the last preposition or conjunction.
        if let Some(k) = (a + 3..i)
            .rev()
            .find(|&k| cl.toks[k].word && cl.toks[k].class & STOP != 0)
        {
            i = k;
        }
    }
    trim_end(cl, a, i)
}

/// "Processing Personal Data is necessary …": a clause-initial "-ing" word that is the subject of
/// "is"/"are" within a few words names an activity, not a purpose.
fn gerund_subject(cl: &Clause, i: usize) -> bool {
    cl.lw(i).ends_with("ing")
        && (i + 1..i + 6)
            .take_while(|&k| {
                cl.toks.get(k).is_some_and(|t| t.word)
                    && !cl.word_in(
                        k,
                        &["how", "what", "whether", "when", "that", "which", "who"],
                    )
            })
            .any(|k| cl.word_in(k, &["is", "are", "was", "were"]))
}

/// Whether the words from `j` to the next punctuation mark (or the clause end) read as the last
/// item of a list: a few words, none that starts a new predicate ("…, and later …", "…, and
/// hashed values are not kept").
fn closes_list(cl: &Clause, j: usize) -> bool {
    let mut k = j;
    while let Some(t) = cl.toks.get(k).filter(|t| t.word) {
        if k >= j + 5
            || t.class & (END | NEG | VERB | AUX) != 0
            || cl.word_in(
                k,
                &[
                    "how",
                    "later",
                    "then",
                    "also",
                    "otherwise",
                    "we",
                    "they",
                    "you",
                    "it",
                ],
            )
        {
            return false;
        }
        k += 1;
    }
    k > j
}

/// Drops trailing function words and punctuation (keeping object pronouns: "connect you"), and
/// a last "you" that is the subject of what follows ("sites you | have given access to", "apps
/// you | might like"): one followed by a word that is no preposition, conjunction or
/// determiner.
fn trim_end(cl: &Clause, a: usize, mut i: usize) -> usize {
    const LINKS: &[&str] = &[
        "with", "to", "for", "in", "on", "at", "by", "from", "about", "through", "and", "or",
        "into", "via", "as", "across", "over", "within", "between", "of", "when", "if",
    ];
    let subject_you = |i: usize| {
        i > a + 1
            && cl.is(i - 1, "you")
            // "People You May Know": a name.
            && cl.text.as_bytes().get(cl.toks[i - 1].s) == Some(&b'y')
            // ("send you such communications": "you" before a determiner is an object.)
            && cl.toks.get(i).is_some_and(|t| t.word && t.class & DET == 0)
            && !cl.word_in(i, LINKS)
            // "learn more about how you …" would end in "how"; "about you", "to you": objects.
            && !cl.word_in(i - 2, &["how", "why", "whether", "what"])
            && (!cl.word_in(i - 2, LINKS) || cl.word_in(i - 2, &["and", "or", "if", "when"]))
    };
    loop {
        if subject_you(i) {
            i -= 1;
        }
        let before = i;
        while i > a + 1 {
            let t = cl.toks[i - 1];
            let pronoun = t.word && matches!(cl.lw(i - 1), "you" | "us" | "them" | "others" | "it");
            if !t.word || (t.class & (STOP | DET) != 0 && !pronoun) {
                i -= 1;
            } else {
                break;
            }
        }
        // "… your location and you [are not a minor]": trimming back reached a subject "you".
        if i == before || !subject_you(i) {
            return i;
        }
    }
}

/// Negated practices: "we do not sell …" → the span of "sell …".
fn find_negations(
    cl: &Clause,
    flagged: bool,
    out_active: &mut Vec<Span>,
    out_passive: &mut Vec<Span>,
) {
    let n = cl.toks.len();
    for i in 0..n {
        if !cl.is_neg(i) {
            continue;
        }
        // Who does not? Skip "you", "if", "unless" subjects.
        let lo = i.saturating_sub(4);
        let mut ok = true;
        for j in (lo..i).rev() {
            if !cl.toks[j].word {
                break;
            }
            let w = cl.lw(j);
            if matches!(
                w,
                "you" | "if" | "unless" | "whether" | "i" | "users" | "user"
            ) {
                ok = false;
                break;
            }
        }
        if !ok {
            continue;
        }
        // Skip "do not knowingly \"sell\"", "will not in any way use" to the verb.
        let mut j = i + 1;
        while j < n && j < i + 6 && !cl.is(j, "be") {
            let t = cl.toks[j];
            let skip = if t.word {
                t.class & (NEGSKIP | AUX) != 0
                    || (matches!(cl.lw(j), "in" | "any" | "way" | "for" | "to")
                        && (j + 1..(j + 4).min(n)).any(|k| cl.class(k) & (VERB | XFER) != 0))
            } else {
                // Quotes, and the commas around "however" ("we do not, however, store …").
                matches!(t.punct, '"' | '“' | '”' | '\'' | '‘' | '’')
                    || (t.punct == ',' && (cl.is(j + 1, "however") || cl.is(j - 1, "however")))
            };
            if !skip {
                break;
            }
            j += 1;
        }
        let mut passive = false;
        if cl.is(j, "be") || cl.is(j, "been") || cl.is(j, "being") {
            passive = true;
            j += 1;
        } else if cl.toks[i].neg_contraction {
            // "isn't sold", "aren't shared"
            let w = cl.lw(i);
            if ["isn", "aren", "wasn", "weren"]
                .iter()
                .any(|p| w.starts_with(p))
            {
                passive = true;
            }
        } else if i > 0
            && matches!(cl.lw(i - 1), "is" | "are" | "was" | "were")
            && cl.toks[i - 1].word
        {
            passive = true;
        }
        if j >= n || !cl.toks[j].word {
            continue;
        }
        let c = cl.class(j);
        // Without the flag, only "we" + a known verb (or a passive) makes a negated practice.
        let verb_ok = c & VERB != 0 || c & XFER != 0;
        let we = (i.saturating_sub(4)..i)
            .any(|k| cl.is(k, "we") || cl.is(k, "we'll") || cl.is(k, "we’ll"));
        if !(verb_ok || flagged && c & (STOP | DET | END) == 0) {
            continue;
        }
        if !flagged && !we && !passive {
            continue;
        }
        if c & (DET | END) != 0 || (c & STOP != 0 && c & XFER == 0) {
            continue;
        }
        let b = phrase_end(cl, j, MAX_PHRASE_WORDS);
        if b > j {
            if passive {
                out_passive.push(Span { a: j, b });
            } else {
                out_active.push(Span { a: j, b });
            }
        }
    }
}

fn find_conditions(cl: &Clause, out: &mut Vec<Span>) {
    let lex = lexicon();
    let n = cl.toks.len();
    let mut i = 0;
    while i < n {
        let t = cl.toks[i];
        if !t.word {
            i += 1;
            continue;
        }
        let w = cl.lw(i);
        // Fixed phrases.
        let mut matched = None;
        if let Some(en) = t.entry {
            for &pi in &en.conditions {
                let p = &lex.phrases[pi as usize];
                let mut k = 0;
                while k < p.len() && cl.is(i + k, p[k]) {
                    k += 1;
                }
                if k == p.len() {
                    matched = Some(i + k);
                    break;
                }
            }
        }
        if let Some(b) = matched {
            // "only with your consent", "unless required by law"
            let a = if i > 0
                && cl.toks[i - 1].word
                && matches!(
                    cl.lw(i - 1),
                    "only" | "where" | "as" | "if" | "when" | "unless" | "except"
                ) {
                i - 1
            } else {
                i
            };
            out.push(Span { a, b });
            i = b;
            continue;
        }
        // "you can opt out …", "you may choose …"
        if w == "you"
            && (cl.is(i + 1, "can") || cl.is(i + 1, "may"))
            && cl.class(i + 2) & CHOICE != 0
        {
            let b = phrase_end(cl, i + 2, 7);
            out.push(Span { a: i, b });
            i = b.max(i + 1);
            continue;
        }
        if (w == "opt-out"
            || w == "opt-in"
            || (w == "opt" && (cl.is(i + 1, "out") || cl.is(i + 1, "in"))))
            && !out
                .iter()
                .any(|s| (s.a..s.b).any(|k| cl.lw(k).starts_with("opt")))
        {
            let b = if w == "opt" { i + 2 } else { i + 1 };
            out.push(Span { a: i, b });
            i = b;
            continue;
        }
        // "if you …", "when you …", "unless …", "only if …"
        let starts = matches!(w, "if" | "unless" | "whenever")
            || ((w == "when" || w == "where" || w == "once") && cl.is(i + 1, "you"));
        if starts {
            let prev_example = i > 0 && cl.toks[i - 1].word && cl.toks[i - 1].class & EXAMPLE != 0;
            let prev2_example = i > 1 && cl.is(i - 2, "for") && cl.is(i - 1, "example");
            if !prev_example && !prev2_example {
                let a = if i > 0 && cl.is(i - 1, "only") {
                    i - 1
                } else {
                    i
                };
                // The condition runs to the clause's next boundary (its own END words do not stop it).
                let mut b = i + 1;
                let mut words = 1;
                while b < n && words < 12 {
                    let t = cl.toks[b];
                    if !t.word {
                        if matches!(t.punct, '\'' | '’' | '-' | '/' | '“' | '”' | '"') {
                            b += 1;
                            continue;
                        }
                        break;
                    }
                    if b > i + 1
                        && matches!(
                            cl.lw(b),
                            "which"
                                | "who"
                                | "whom"
                                | "when"
                                | "where"
                                | "because"
                                | "but"
                                | "while"
                                | "including"
                                | "such"
                                | "e.g"
                                | "i.e"
                                | "unless"
                                | "except"
                                | "although"
                                | "whereas"
                        )
                    {
                        break;
                    }
                    if b > i + 2
                        && (cl.lw(b) == "we"
                            // "if strictly required to verify …" (but "if you choose to sync …")
                            || (cl.lw(b) == "to"
                                && cl.class(b + 1) & PV != 0
                                && !cl.word_in(b - 1, CHOOSE_WORDS)))
                    {
                        break;
                    }
                    words += 1;
                    b += 1;
                }
                b = trim_end(cl, i, b);
                if b > i + 1 {
                    out.push(Span { a, b });
                    i = b;
                    continue;
                }
            }
        }
        i += 1;
    }
}

/// Purpose phrases, with a score.
fn find_purposes(cl: &Clause, c: &Classification, blocked: &[Span], out: &mut Vec<(Span, i32)>) {
    let n = cl.toks.len();
    let first_word = cl.toks.iter().position(|t| t.word);
    let wanted: u16 = c.purposes.iter().fold(0, |m, p| m | 1 << p.purpose.index());
    let quoted = quoted_tokens(cl);
    let mut i = 0;
    while i < n {
        let t = cl.toks[i];
        if !t.word || t.class & (VERB | NOM) == 0 {
            i += 1;
            continue;
        }
        let c0 = t.class;
        let first_is_to = first_word.is_some_and(|f| cl.is(f, "to") && f + 1 == i);
        // "we (may) (also) analyse …": the company's own verb
        let after_we = c0 & PV != 0 && !cl.word_in(i, NOT_AFTER_WE) && {
            let mut k = i;
            while k > 0
                && k + 4 > i
                && cl.toks[k - 1].word
                && (cl.toks[k - 1].class & AUX != 0
                    || cl.lw(k - 1).ends_with("ly")
                    || cl.is(k - 1, "also"))
            {
                k -= 1;
            }
            k > 0 && (cl.is(k - 1, "we") || cl.is(k - 1, "we'll") || cl.is(k - 1, "we’ll"))
        };
        let prev = if i > 0 { Some(i - 1) } else { None };
        let mut prev_w = prev.filter(|&p| cl.toks[p].word).map(|p| cl.lw(p));
        // "to better understand", "to quickly find": the adverb between "to" and its verb.
        if i >= 2
            && prev_w.is_some_and(|w| w == "better" || (w.len() > 4 && w.ends_with("ly")))
            && cl.is(i - 2, "to")
        {
            prev_w = Some("to");
        }
        let prev_p = prev.filter(|&p| !cl.toks[p].word).map(|p| cl.toks[p].punct);
        let at_start = Some(i) == first_word;
        let have_prev = !out.is_empty();
        let last_nom = out.last().is_some_and(|(s, _)| cl.class(s.a) & VERB == 0);
        // Skip "help (us)" to the verb it introduces.
        let mut start = i;
        let after_help = matches!(
            prev_w,
            Some("help" | "helps" | "helping" | "us" | "you" | "them")
        ) && i >= 2
            && (cl.is(i - 1, "help")
                || cl.is(i - 1, "helps")
                || cl.is(i - 2, "help")
                || cl.is(i - 2, "helps"));
        let ok = if c0 & VERB == 0 {
            // a purpose noun, or a list of them; not one that names data ("Payment card data is
            // …", "Communications data")
            (at_start
                && cl.class(i + 1) & (DHEAD | DMOD | DNEED) == 0
                && !(cl.toks.get(i + 1).is_some_and(|t| t.word)
                    && cl.class(i + 2) & (DHEAD | DNEED) != 0))
                || matches!(prev_w, Some("for" | "including"))
                || (matches!(prev_w, Some("and" | "or")) && last_nom)
                || (matches!(prev_p, Some(',' | ';' | ':')) && last_nom)
        } else if at_start {
            c0 & (PV | OV | PVI) != 0
                && !cl.is(i, "use")
                && !cl.is(i, "share")
                && !gerund_subject(cl, i)
        } else if after_we {
            true
        } else {
            match prev_w {
                Some("to") => {
                    let wants = i >= 2 && cl.word_in(i - 2, WANT_WORDS);
                    // A quoted label ("tap to call" button, "Send a text to …") is no purpose.
                    c0 & (PV | OV) != 0
                        && !cl.is(i, "help")
                        && !wants
                        && quoted.get(i - 1) != Some(&true)
                }
                Some("for" | "by" | "in" | "including") => c0 & PVI != 0,
                Some("and" | "or") => have_prev && c0 & (PV | PVI) != 0,
                _ if after_help => c0 & (PV | OV) != 0,
                Some(_) => false,
                None => match prev_p {
                    Some(',' | ';' | ':') => have_prev && c0 & (PV | PVI) != 0,
                    Some('•' | '-' | '*' | '(') => c0 & PV != 0,
                    _ => false,
                },
            }
        };
        // "use", "share", "collect" … are not purposes in themselves.
        let generic = c0 & (PV | PVI) == 0
            && matches!(cl.lw(i), "use" | "collect" | "share" | "disclose" | "transfer" | "help" | "store" | "retain" | "receive")
            // "collect and analyze this information" is a purpose through its second verb
            && !((cl.is(i + 1, "and") || cl.is(i + 1, "or")) && cl.class(i + 2) & (PV | PVI) != 0);
        if !ok || (generic && !first_is_to) {
            i += 1;
            continue;
        }
        if cl.is(i, "help") || (cl.is(i, "keep") && cl.is(i + 1, "in") && cl.is(i + 2, "mind")) {
            // ("Keep in mind that …": an aside.)
            i += 1;
            continue;
        }
        // A negation just before ("you cannot provide") makes this no purpose.
        let lo = i.saturating_sub(3);
        if (lo..i).any(|j| cl.is_neg(j)) {
            i += 1;
            continue;
        }
        let b = phrase_end(cl, start, MAX_PHRASE_WORDS);
        let span = Span { a: start, b };
        let words = (start..b).filter(|&k| cl.toks[k].word).count();
        let nom = c0 & VERB == 0;
        // A purpose noun phrase that ends in a recipient ("payment … providers") is none.
        let names_recipient = nom
            && cl.class(b - 1) & (RHEAD | RNEED) != 0
            && !(cl.is(b - 1, "service") && cl.is(b - 2, "of"));
        // A lone gerund after "for" ("identifiers for advertising") names no purpose phrase.
        let lone_gerund = words < 2 && c0 & PV == 0;
        if (words < 2 && (c0 & (PV | PVI) == 0 || after_we)) || lone_gerund || names_recipient {
            i += 1;
            continue;
        }
        if blocked.iter().any(|s| s.overlaps(&span) && s.a <= start) {
            i = b.max(i + 1);
            continue;
        }
        // Score: cue words of the classified purposes, then evidence.
        let mut score = 0;
        for k in start..b {
            if cl.toks[k].word {
                score += 2 * (cue_mask(cl.lw(k)) & wanted).count_ones() as i32;
            }
        }
        let phrase = &cl.lower[cl.toks[start].s..cl.toks[b - 1].e];
        for p in &c.purposes {
            for ev in &p.evidence {
                let ev = ev.trim();
                if ev.len() >= 3 && contains_ci(phrase, ev) {
                    score += 3;
                }
            }
        }
        if c0 & (PV | PVI) != 0 {
            score += 1;
        }
        if t.paren {
            score -= 2;
        }
        out.push((span, score));
        start = b;
        i = start.max(i + 1);
    }
}

/// Noun phrases ending in a recipient head, with their direction (to / from).
fn find_recipients(cl: &Clause, blocked: &[Span], shared: &mut Vec<Span>, from: &mut Vec<Span>) {
    let n = cl.toks.len();
    let mut i = 0;
    while i < n {
        let t = cl.toks[i];
        // ("Terms of Service" names a document.)
        let terms = cl.is(i, "service") && i > 0 && cl.is(i - 1, "of");
        if !t.word || t.class & (RHEAD | RNEED) == 0 || terms {
            i += 1;
            continue;
        }
        // Extend right over adjacent heads ("government agencies", "law enforcement authorities").
        let mut h = i;
        while h + 1 < n
            && cl.toks[h + 1].word
            && cl.toks[h + 1].class & (RHEAD | RNEED) != 0
            && cl.toks[h + 1].class & STOP == 0
        {
            h += 1;
        }
        // Extend left over modifiers.
        let mut a = i;
        let mut mods = 0;
        while a > 0 && mods < 4 {
            let p = cl.toks[a - 1];
            if p.word
                && p.class & (STOP | DET | END | NEG | XFER | SRC) == 0
                && p.class & (PV | PVI | OV | OVI) == 0
                && p.class & RHEAD == 0
            {
                a -= 1;
                mods += 1;
                continue;
            }
            // "payment and transaction fulfilment providers"
            if p.word && cl.lw(a - 1) == "and" && a >= 2 && mods > 0 {
                let q = cl.toks[a - 2];
                if q.word
                    && q.class & (STOP | DET | END | NEG | XFER | SRC | RHEAD | RNEED | VERB) == 0
                {
                    a -= 2;
                    mods += 2;
                    continue;
                }
            }
            if p.punct == '-' && !p.word && a >= 2 && cl.toks[a - 2].word {
                a -= 2;
                mods += 1;
                continue;
            }
            break;
        }
        // "other users": keep "other" when nothing else qualifies the head.
        let mut np_a = a;
        let head_needs_mod = cl.toks[h].class & RHEAD == 0 && cl.toks[i].class & RHEAD == 0;
        if a == i && a > 0 && cl.word_in(a - 1, KEPT_DETERMINERS) && head_needs_mod {
            np_a = a - 1;
        }
        let end = h + 1;
        if head_needs_mod && np_a == i && end == i + 1 {
            i = end;
            continue;
        }
        // "your TikTok user account", "partner IDs": the recipient word qualifies a thing.
        if cl.word_in(
            end,
            &[
                "account", "accounts", "id", "ids", "profile", "profiles", "name", "names",
            ],
        ) {
            i = end;
            continue;
        }
        // Direction: walk left over the coordinated list to the preposition.
        let mut j = np_a;
        let mut steps = 0;
        let mut dir = None;
        while j > 0 && steps < 16 {
            j -= 1;
            steps += 1;
            let p = cl.toks[j];
            if !p.word {
                if matches!(p.punct, ',' | '/' | '-' | '&') {
                    continue;
                }
                break;
            }
            let w = cl.lw(j);
            match w {
                "with" | "to" | "among" | "between" => {
                    dir = Some(true);
                    break;
                }
                "from" => {
                    // "requests from governments" are no data from them
                    let asks = j > 0 && cl.word_in(j - 1, ASK_WORDS);
                    dir = if asks { None } else { Some(false) };
                    break;
                }
                "and" | "or" | "and/or" => continue,
                _ if p.class & DET != 0 => continue,
                _ if p.class & (STOP | END | NEG | VERB | XFER) != 0 => break,
                _ => continue,
            }
        }
        let span = Span { a: np_a, b: end };
        // Strip leading determiners other than a lone "other".
        let mut sa = span.a;
        while sa + 1 < end
            && cl.toks[sa].class & DET != 0
            && !(cl.word_in(sa, KEPT_DETERMINERS) && sa + 1 == i && head_needs_mod)
        {
            sa += 1;
        }
        let span = Span { a: sa, b: end };
        if !span.inside_any(blocked) {
            match dir {
                Some(true) => {
                    let lo = j.saturating_sub(14);
                    if (lo..j).any(|k| cl.toks[k].word && cl.toks[k].class & XFER != 0) {
                        shared.push(span);
                    }
                }
                Some(false) => {
                    let lo = j.saturating_sub(10);
                    if (lo..j).any(|k| cl.toks[k].word && cl.toks[k].class & SRC != 0) {
                        from.push(span);
                    }
                }
                None => {}
            }
        }
        i = end;
    }
}

fn find_data(cl: &Clause, blocked: &[Span], out: &mut Vec<Span>) {
    let n = cl.toks.len();
    let mut i = 0;
    while i < n {
        let t = cl.toks[i];
        if !t.word
            || t.class & (DMOD | DHEAD | DNEED) == 0
            || t.class & DNEED != 0 && t.class & (DMOD | DHEAD) == 0
        {
            i += 1;
            continue;
        }
        let possessive = i > 0
            && cl.toks[i - 1].word
            && matches!(
                cl.lw(i - 1),
                "your" | "their" | "his" | "her" | "user's" | "user’s" | "users'" | "users’"
            );
        let mut j = i;
        let mut last_ok = None;
        while j < n
            && j < i + 4
            && cl.toks[j].word
            && cl.toks[j].class & (DMOD | DHEAD | DNEED) != 0
        {
            let c = cl.toks[j].class;
            let head = c & DHEAD != 0 && (c & DWEAK == 0 || j > i || possessive);
            if head || (c & DNEED != 0 && j > i) {
                last_ok = Some(j + 1);
            }
            j += 1;
        }
        match last_ok {
            Some(b) => {
                let span = Span { a: i, b };
                if !blocked.iter().any(|s| s.overlaps(&span)) && !cl.word_in(b, ORG_WORDS) {
                    out.push(span);
                }
                i = b;
            }
            None => i = j.max(i + 1),
        }
    }
}

/// For every token, whether it stands inside quotation marks opened before it in the clause
/// (“…” or "…"); one pass.
fn quoted_tokens(cl: &Clause) -> Vec<bool> {
    let (mut curly, mut straight) = (false, false);
    cl.toks
        .iter()
        .map(|t| {
            let inside = curly || straight;
            match (t.word, t.punct) {
                (false, '“') => curly = true,
                (false, '”') => curly = false,
                (false, '"') => straight = !straight,
                _ => {}
            }
            inside
        })
        .collect()
}

/// The end of a negation's reach: the next sentence mark, or "but", "however", "unless" ….
fn negation_scope_end(cl: &Clause, from: usize) -> usize {
    (from..cl.toks.len())
        .find(|&k| {
            let t = cl.toks[k];
            if t.word {
                matches!(
                    cl.lw(k),
                    "but"
                        | "however"
                        | "unless"
                        | "except"
                        | "instead"
                        | "although"
                        | "though"
                        | "whereas"
                        | "while"
                )
            } else {
                matches!(t.punct, '.' | ';' | ':' | '!' | '?')
            }
        })
        .unwrap_or(cl.toks.len())
}

fn find(cl: &Clause, c: &Classification) -> Found {
    let flagged = c.flags.contains(&Flag::Negated);
    let mut f = Found {
        scopes: vec![],
        not: vec![],
        is_not: vec![],
        used: vec![],
        data: vec![],
        shared: vec![],
        from: vec![],
        conditions: vec![],
    };
    find_negations(cl, flagged, &mut f.not, &mut f.is_not);
    find_conditions(cl, &mut f.conditions);
    // A negation reaches to the next boundary: "we do not infer … for advertising purposes".
    // (It starts at the negation word, a little before the negated verb.)
    f.scopes = f
        .not
        .iter()
        .chain(&f.is_not)
        .map(|s| Span {
            a: s.a.saturating_sub(4),
            b: negation_scope_end(cl, s.b),
        })
        .collect();
    let mut blocked: Vec<Span> = f.scopes.iter().chain(&f.conditions).copied().collect();
    find_purposes(cl, c, &blocked, &mut f.used);
    blocked.extend(f.used.iter().map(|(s, _)| *s));
    find_recipients(cl, &blocked, &mut f.shared, &mut f.from);
    let mut blocked: Vec<Span> = f
        .not
        .iter()
        .chain(&f.is_not)
        .chain(&f.conditions)
        .copied()
        .collect();
    blocked.extend(f.used.iter().map(|(s, _)| *s));
    blocked.extend(f.shared.iter().chain(&f.from).copied());
    find_data(cl, &blocked, &mut f.data);
    f
}

/// The clause's own words for a span: whitespace collapsed, invisible and control characters
/// dropped, capped at `max_chars` (cut at a char boundary with "…").
fn clean(s: &str, max_chars: usize, lower_first: bool) -> String {
    // Fast path: printable ASCII with single spaces, short enough.
    let b = s.as_bytes();
    if b.len() <= max_chars
        && b.iter().all(|&c| (0x20..0x7f).contains(&c) && c != b'"')
        && !s.contains("  ")
    {
        let mut out = s.trim().to_string();
        if lower_first {
            if let Some(f) = out.get_mut(..1) {
                f.make_ascii_lowercase();
            }
        }
        return out;
    }
    let mut out = String::with_capacity(s.len().min(max_chars * 4));
    let mut chars = 0;
    let mut space = false;
    for ch in s.chars() {
        if is_invisible(ch) || (ch.is_control() && !ch.is_whitespace()) {
            continue;
        }
        if ch.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if chars + usize::from(space) + 1 > max_chars {
            out.push('…');
            return out;
        }
        if space {
            out.push(' ');
            chars += 1;
            space = false;
        }
        if lower_first && chars == 0 && ch.is_uppercase() {
            out.extend(ch.to_lowercase());
        } else {
            out.push(ch);
        }
        chars += 1;
    }
    balance_quotes(out)
}

/// Drops quotation marks left unpaired by a phrase's boundaries ("sell\" your data").
fn balance_quotes(s: String) -> String {
    if s.is_ascii() && !s.contains('"') {
        return s;
    }
    let straight = s.matches('"').count();
    let open = s.matches('“').count();
    let close = s.matches('”').count();
    if straight.is_multiple_of(2) && open == close {
        return s;
    }
    s.chars()
        .filter(|&ch| {
            !((ch == '"' && straight % 2 == 1) || ((ch == '“' || ch == '”') && open != close))
        })
        .collect::<String>()
        .trim()
        .to_string()
}

fn texts(cl: &Clause, spans: &[Span], lower_first: bool, max: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in spans {
        if out.len() >= max {
            break;
        }
        let t = clean(cl.slice(s.a, s.b), MAX_PHRASE_CHARS, lower_first);
        if !t.is_empty() && !out.iter().any(|o| contains_ci(o, &t)) {
            out.push(t);
        }
    }
    out
}

/// Finds the purpose phrases, data, recipients, sources and conditions a clause names, each in
/// the clause's own words. `summarize` formats these.
pub fn extract(text: &str, c: &Classification) -> Parts {
    let cl = Clause::new(text);
    let f = find(&cl, c);
    extract_found(&cl, &f)
}

fn extract_found(cl: &Clause, f: &Found) -> Parts {
    // Best three purposes, in document order.
    let mut ranked: Vec<(Span, i32)> = f.used.clone();
    ranked.sort_by_key(|(s, score)| (std::cmp::Reverse(*score), s.a));
    ranked.truncate(3);
    ranked.sort_by_key(|(s, _)| s.a);
    let used: Vec<Span> = ranked.iter().map(|(s, _)| *s).collect();
    let not = texts(cl, &f.not, true, 2);
    let is_not = texts(cl, &f.is_not, true, 2);
    let used = texts(cl, &used, true, 3);
    // Data already named in a phrase adds nothing.
    let mut data = texts(cl, &f.data, false, MAX_ITEMS + 2);
    data.retain(|d| {
        !used
            .iter()
            .chain(&not)
            .chain(&is_not)
            .any(|u| contains_ci(u, d))
    });
    data.truncate(MAX_ITEMS);
    Parts {
        not,
        is_not,
        used,
        data,
        shared: texts(cl, &f.shared, false, MAX_ITEMS),
        from: texts(cl, &f.from, false, 3),
        conditions: texts(cl, &f.conditions, true, 2),
    }
}

// ---------------------------------------------------------------------------------------------
// Summary
// ---------------------------------------------------------------------------------------------

fn char_len(s: &str) -> usize {
    s.chars().count()
}

fn render(sections: &[(&str, &[String], &str)]) -> String {
    let mut out = String::new();
    for (label, items, sep) in sections {
        if items.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push_str(SEPARATOR);
        }
        out.push_str(label);
        out.push_str(": ");
        out.push_str(&items.join(sep));
    }
    out
}

/// Cuts `s` to at most `max` characters, ending with "…" when cut.
pub fn cut(s: &str, max: usize) -> String {
    if char_len(s) <= max {
        return s.to_string();
    }
    let keep = max.saturating_sub(1);
    let end = s.char_indices().nth(keep).map_or(s.len(), |(i, _)| i);
    let mut out = s[..end].trim_end().to_string();
    out.push('…');
    out
}

/// A faithful one-line summary built from the clause's own words:
/// `Does not: … · Used to: …; … · Data: … · Shared with: … · From: … · Conditions: …`
/// (sections without content are left out; at most [`MAX_SUMMARY_CHARS`] characters).
pub fn summarize(text: &str, c: &Classification) -> String {
    let cl = Clause::new(text);
    let f = find(&cl, c);
    summarize_found(&cl, &f, c)
}

/// The summary (empty when the clause has no purpose) and the sentence of each of its flags (in
/// the order of `c.flags`): the same as [`summarize`] and [`flag_sentence`], with the clause read
/// once for all of them.
pub fn explain(text: &str, c: &Classification) -> (String, Vec<String>) {
    let cl = Clause::new(text);
    let f = find(&cl, c);
    let summary = if c.purposes.is_empty() {
        String::new()
    } else {
        summarize_found(&cl, &f, c)
    };
    let flags = c
        .flags
        .iter()
        .map(|&flag| flag_sentence_found(flag, &cl, &f))
        .collect();
    (summary, flags)
}

fn summarize_found(cl: &Clause, f: &Found, c: &Classification) -> String {
    let mut p = extract_found(cl, f);
    let flagged = c.flags.contains(&Flag::Negated);
    // A negated clause must say so, even when no verb phrase could be read.
    let mut negation = Vec::new();
    if flagged && p.not.is_empty() && p.is_not.is_empty() {
        if let Some(i) =
            (0..cl.toks.len()).find(|&i| cl.is_neg(i) || cl.is(i, "no") || cl.is(i, "none"))
        {
            let b = (i + 1..cl.toks.len())
                .find(|&k| cl.is_punct(k, &['.', ';', ':', '(', '!', '?']))
                .unwrap_or(cl.toks.len());
            let b = b.min(i + 10);
            negation.push(clean(cl.slice(i, b), MAX_PHRASE_CHARS, true));
        }
    }
    loop {
        let out = render(&[
            ("Does not", &p.not, "; "),
            ("Is not", &p.is_not, "; "),
            ("Negation", &negation, "; "),
            ("Used to", &p.used, "; "),
            ("Data", &p.data, ", "),
            ("Shared with", &p.shared, ", "),
            ("From", &p.from, ", "),
            ("Conditions", &p.conditions, "; "),
        ]);
        if char_len(&out) <= MAX_SUMMARY_CHARS {
            // Conditions alone ("Conditions: opt-out") say nothing of what the clause is about:
            // its first words say more.
            let only_conditions = [
                &p.not, &p.is_not, &negation, &p.used, &p.data, &p.shared, &p.from,
            ]
            .iter()
            .all(|v| v.is_empty());
            if out.is_empty() || only_conditions {
                return fallback(cl);
            }
            return out;
        }
        // Too long: drop the least important item and try again.
        let dropped = if !p.from.is_empty() {
            p.from.pop()
        } else if p.data.len() > 1 {
            p.data.pop()
        } else if p.used.len() > 2 {
            p.used.pop()
        } else if p.shared.len() > 2 {
            p.shared.pop()
        } else if p.conditions.len() > 1 {
            p.conditions.pop()
        } else if !p.data.is_empty() {
            p.data.pop()
        } else if p.used.len() > 1 {
            p.used.pop()
        } else if p.not.len() > 1 {
            p.not.pop()
        } else {
            None
        };
        if dropped.is_none() {
            return cut(&out, MAX_SUMMARY_CHARS);
        }
    }
}

/// When nothing could be read: the clause's first words.
fn fallback(cl: &Clause) -> String {
    let words: Vec<usize> = (0..cl.toks.len())
        .filter(|&i| cl.toks[i].word)
        .take(14)
        .collect();
    match (words.first(), words.last()) {
        (Some(&a), Some(&b)) => {
            let more = cl.toks[b + 1..].iter().any(|t| t.word);
            let s = clean(cl.slice(a, b + 1), MAX_SUMMARY_CHARS - 1, false);
            let s = cut(&s, MAX_SUMMARY_CHARS - 1);
            if more && !s.ends_with('…') {
                format!("{s}…")
            } else {
                s
            }
        }
        _ => String::new(),
    }
}

// ---------------------------------------------------------------------------------------------
// Flag sentences
// ---------------------------------------------------------------------------------------------

fn has_any(cl: &Clause, words: &[&str]) -> bool {
    (0..cl.toks.len()).any(|i| cl.toks[i].word && words.contains(&cl.lw(i)))
}

fn has_prefix(cl: &Clause, prefixes: &[&str]) -> bool {
    (0..cl.toks.len()).any(|i| cl.toks[i].word && prefixes.iter().any(|p| cl.lw(i).starts_with(p)))
}

/// Consent or opt-in wording.
fn mentions_consent(cl: &Clause) -> bool {
    has_prefix(
        cl,
        &["consent", "permission", "opt-in", "authoriz", "authoris"],
    ) || (0..cl.toks.len()).any(|i| cl.is(i, "opt") && cl.is(i + 1, "in"))
        || has_any(
            cl,
            &[
                "agree", "agreed", "approve", "approved", "allow", "choose", "chosen", "enable",
            ],
        )
}

fn mentions_opt_out(cl: &Clause) -> bool {
    has_prefix(cl, &["opt-out", "unsubscrib"])
        || (0..cl.toks.len()).any(|i| {
            (cl.is(i, "opt") && cl.is(i + 1, "out"))
                || (cl.is(i, "turn") && (cl.is(i + 1, "off") || cl.is(i + 2, "off")))
                || cl.is(i, "disable")
                || cl.is(i, "object")
                || cl.is(i, "withdraw")
        })
}

/// "You cannot unsubscribe", "you can't opt out".
fn opt_out_denied(cl: &Clause) -> bool {
    (0..cl.toks.len()).any(|i| {
        let w = cl.lw(i);
        cl.toks[i].word
            && (w.starts_with("unsubscrib")
                || w.starts_with("opt")
                || w == "object"
                || w == "disable"
                || w == "withdraw")
            && (i.saturating_sub(3)..i).any(|k| cl.is_neg(k))
    })
}

fn join_list(items: &[String]) -> String {
    match items.len() {
        0 => String::new(),
        1 => items[0].clone(),
        _ => {
            let (last, rest) = items
                .split_last()
                .map_or((&items[0], &items[..0]), |(l, r)| (l, r));
            format!("{} and {}", rest.join(", "), last)
        }
    }
}

fn capitalise(s: &str) -> String {
    let mut ch = s.chars();
    match ch.next() {
        Some(f) => f.to_uppercase().chain(ch).collect(),
        None => String::new(),
    }
}

/// Data items the clause names among `wanted` heads (its own words), e.g. "content", "messages".
fn named_data(cl: &Clause, f: &Found, wanted: Option<&[&str]>) -> Vec<String> {
    let mut spans: Vec<Span> = Vec::new();
    find_data(cl, &[], &mut spans);
    let _ = f;
    let spans: Vec<Span> = spans
        .into_iter()
        .filter(|s| match wanted {
            None => true,
            Some(w) => w.iter().any(|h| cl.lw(s.b - 1).starts_with(h)),
        })
        .collect();
    texts(cl, &spans, false, 3)
}

/// A short factual sentence for a flag, for the tooltip. The parts that are not template words
/// ([`TEMPLATE_WORDS`]) are the clause's own words.
pub fn flag_sentence(flag: Flag, text: &str, c: &Classification) -> String {
    let cl = Clause::new(text);
    let f = find(&cl, c);
    flag_sentence_found(flag, &cl, &f)
}

fn flag_sentence_found(flag: Flag, cl: &Clause, f: &Found) -> String {
    // A practice the clause says it does not do is reported as such, whatever the flag.
    if practice_only_negated(cl, f, flag) {
        let mut s = negated_sentence(cl, f);
        if let Some(cnd) = texts(cl, &f.conditions, true, 1).first() {
            s.push_str(&format!(" ({cnd})"));
        }
        return finish(s);
    }
    let s = match flag {
        Flag::AiTraining => {
            let items = named_data(cl, f, Some(AI_DATA));
            let subject = if items.is_empty() {
                "Your data".to_string()
            } else {
                format!("Your {}", join_list(&items))
            };
            let mut s = format!("{subject} may be used to train machine-learning models");
            if mentions_opt_out(cl) && !mentions_consent(cl) {
                s.push_str("; an opt-out is mentioned");
            } else if !mentions_consent(cl) && !mentions_opt_out(cl) {
                s.push_str("; no opt-in is mentioned");
            }
            s
        }
        Flag::SaleOrAdSharing => {
            let sold = has_prefix(cl, &["sell", "sold", "sale"]);
            let mut s = if sold {
                "Your data may be sold".to_string()
            } else {
                "Your data may be shared for cross-context advertising".to_string()
            };
            let shared = texts(cl, &f.shared, false, 3);
            if !shared.is_empty() {
                s = if sold {
                    format!(
                        "Your data may be sold or shared (with {})",
                        join_list(&shared)
                    )
                } else {
                    format!(
                        "Your data may be shared with {} for cross-context advertising",
                        join_list(&shared)
                    )
                };
            }
            if mentions_opt_out(cl) {
                s.push_str("; an opt-out is mentioned");
            }
            s
        }
        Flag::NoOptIn => {
            let conds: Vec<String> = f
                .conditions
                .iter()
                .filter(|s| {
                    let t = &cl.lower[cl.toks[s.a].s..cl.toks[s.b - 1].e];
                    t.contains("default") || t.contains("without")
                })
                .map(|s| clean(cl.slice(s.a, s.b), MAX_PHRASE_CHARS, true))
                .take(1)
                .collect();
            let auto = has_any(cl, &["automatically"]);
            let mut s = match conds.first() {
                Some(cnd) => format!("This happens {cnd}"),
                None if auto => {
                    let w = (0..cl.toks.len())
                        .find(|&i| cl.is(i, "automatically"))
                        .map_or("automatically", |i| cl.slice(i, i + 1));
                    format!("This happens {}", w.to_lowercase())
                }
                None => "This happens by default or without consent".to_string(),
            };
            if opt_out_denied(cl) {
                s.push_str(" without an opt-out");
            } else if mentions_opt_out(cl) {
                s.push_str("; only an opt-out is mentioned");
            } else if !mentions_consent(cl) {
                s.push_str("; no opt-in is mentioned");
            }
            s
        }
        Flag::PrivateContentScanning => {
            let items = named_data(cl, f, Some(PRIVATE_DATA));
            let subject = if items.is_empty() {
                "Private content".to_string()
            } else {
                capitalise(&join_list(&items))
            };
            let verb = if has_prefix(cl, &["scan"]) {
                "scanned"
            } else if has_prefix(cl, &["review"]) {
                "reviewed"
            } else if has_prefix(cl, &["analy"]) {
                "analysed"
            } else if has_prefix(cl, &["monitor"]) {
                "monitored"
            } else if has_any(cl, &["read", "reads"]) {
                "read"
            } else if has_prefix(cl, &["access"]) {
                "accessed"
            } else {
                "scanned, reviewed or analysed"
            };
            format!("{subject} may be {verb}")
        }
        Flag::CrossDeviceOrOffsite => {
            let devices = (0..cl.toks.len()).any(|i| {
                cl.is(i, "across")
                    && (cl.toks.get(i + 1..i + 4).is_some_and(|r| {
                        r.iter()
                            .any(|t| t.word && cl.lower[t.s..t.e].starts_with("device"))
                    }))
            });
            let from = texts(cl, &f.from, false, 3);
            match (devices, from.is_empty()) {
                (true, false) => format!("Data may be collected across devices and from {}", join_list(&from)),
                (true, true) => "Data may be collected across devices".to_string(),
                (false, false) => format!("Data may be collected from {}", join_list(&from)),
                (false, true) => "Data may be collected across devices, from other websites or apps, or from third parties".to_string(),
            }
        }
        Flag::GovernmentAccess => {
            let gov: Vec<String> = texts(cl, &f.shared, false, 4)
                .into_iter()
                .filter(|r| {
                    let l = r.to_lowercase();
                    GOV_CUES.iter().any(|k| l.contains(k))
                })
                .collect();
            let mut s = if gov.is_empty() {
                "Data may be shared with law enforcement or government".to_string()
            } else {
                format!("Data may be shared with {}", join_list(&gov))
            };
            if let Some(cnd) = texts(cl, &f.conditions, true, 1).first() {
                s.push_str(&format!(" ({cnd})"));
            }
            s
        }
        Flag::PolicyChange => {
            let without = (0..cl.toks.len())
                .any(|i| cl.is(i, "without") && (cl.is(i + 1, "notice") || cl.is(i + 2, "notice")));
            if without {
                "The policy may change without notice".to_string()
            } else if has_prefix(cl, &["notif", "notice", "inform", "email", "post"]) {
                "The policy may change; notice is mentioned".to_string()
            } else {
                "The policy may change; no notice is mentioned".to_string()
            }
        }
        Flag::Negated => negated_sentence(cl, f),
    };
    finish(s)
}

/// Whether every word of the clause that names the flag's practice lies inside a negation
/// ("we do not sell …"), so that the flag sentence must say "does not".
fn practice_only_negated(cl: &Clause, f: &Found, flag: Flag) -> bool {
    if f.scopes.is_empty() {
        return false;
    }
    let cues: &[&str] = match flag {
        Flag::AiTraining => &[
            "train",
            "machine",
            "learning",
            "model",
            "ai",
            "artificial",
            "algorithm",
        ],
        Flag::SaleOrAdSharing => &[
            "sell", "sold", "sale", "share", "shar", "advertis", "ads", "target", "rent", "trade",
        ],
        Flag::PrivateContentScanning => &[
            "scan", "review", "analy", "monitor", "read", "access", "see", "seen", "process",
        ],
        Flag::GovernmentAccess => GOV_CUES,
        Flag::CrossDeviceOrOffsite => {
            if !f.from.is_empty() {
                return false;
            }
            &[
                "across", "device", "partner", "broker", "websites", "apps", "third", "receiv",
                "collect", "obtain",
            ]
        }
        _ => return false,
    };
    let mut any = false;
    for i in 0..cl.toks.len() {
        if !cl.toks[i].word {
            continue;
        }
        let w = cl.lw(i);
        if cues.iter().any(|c| {
            if c.len() <= 3 {
                w == *c || (w.starts_with(c) && c.len() == 3 && *c != "see")
            } else {
                w.starts_with(c)
            }
        }) {
            any = true;
            if !f.scopes.iter().any(|s| s.a <= i && i < s.b) {
                return false;
            }
        }
    }
    any || !f.scopes.is_empty()
}

fn finish(s: String) -> String {
    let mut s = cut(&s, MAX_SUMMARY_CHARS - 1);
    if !s.ends_with('…') {
        s.push('.');
    }
    s
}

fn negated_sentence(cl: &Clause, f: &Found) -> String {
    if let Some(sp) = f.not.first() {
        format!(
            "The policy says it does not {}",
            clean(cl.slice(sp.a, sp.b), MAX_PHRASE_CHARS, true)
        )
    } else if let Some(sp) = f.is_not.first() {
        format!(
            "The policy says this is not {}",
            clean(cl.slice(sp.a, sp.b), MAX_PHRASE_CHARS, true)
        )
    } else {
        "The policy says it does not do the practice this clause names".to_string()
    }
}
