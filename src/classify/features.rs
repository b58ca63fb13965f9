//! Clause → sparse hashed features, shared by inference ([`super::classify`]) and training.
//!
//! One pass over the text makes lowercase, lightly stemmed word tokens (with their byte spans, for
//! evidence); features are then hashed into a `2^FEATURE_BITS` space:
//! word unigrams and bigrams, the first words of the clause (and their cue groups), section-heading words (a separate
//! space), length and punctuation shape, and hand-written cue *groups* (synonym lists from the
//! taxonomy cues and the labelling guide: "use", "share", "sell", "ads", "personalise", …) with
//! pairwise group conjunctions and a negation-scope feature ("we do not … sell"). Groups let the
//! model generalise beyond the exact wording it was trained on.
//!
//! Nothing here allocates per token: one `Vec` of tokens and one of features per call.

use std::sync::OnceLock;

/// Feature ids live in `0..2^FEATURE_BITS`.
pub const FEATURE_BITS: u32 = 18;
const FEATURE_MASK: u64 = (1 << FEATURE_BITS) - 1;

/// A word of the clause: its byte span in the original text, the hash of its normalised stem and
/// the cue groups it belongs to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Token {
    pub start: u32,
    pub end: u32,
    pub hash: u64,
    pub groups: u64,
}

/// One active feature with the byte span of the words that produced it (`start == end` when it
/// has no span in the clause, e.g. section or length features).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Feat {
    pub id: u32,
    pub start: u32,
    pub end: u32,
}

// ---------------------------------------------------------------------------------------------
// Cue groups (hand-written from the taxonomy cues and LABELING.md; single words or two-word phrases)

/// `(name, words)`. Words pass through the same normalisation and stemming as clause text.
pub const GROUPS: &[(&str, &[&str])] = &[
    (
        "use",
        &[
            "use",
            "uses",
            "used",
            "using",
            "process",
            "processed",
            "processing",
            "utilize",
            "analyze",
            "analyse",
            "leverage",
            "rely",
        ],
    ),
    (
        "share",
        &[
            "share",
            "shared",
            "sharing",
            "disclose",
            "disclosed",
            "disclosure",
            "transfer",
            "transferred",
            "give",
            "provide to",
            "make available",
            "pass",
            "send",
        ],
    ),
    (
        "collect",
        &[
            "collect",
            "collected",
            "collection",
            "receive",
            "received",
            "obtain",
            "gather",
            "store",
            "stored",
            "retain",
            "keep",
            "log",
            "record",
        ],
    ),
    (
        "purpose",
        &[
            "purpose",
            "purposes",
            "in order",
            "so that",
            "help us",
            "allow us",
            "enable us",
            "help you",
            "allows us",
            "enables us",
            "necessary for",
            "for the",
            "in connection",
        ],
    ),
    ("neg", &["not", "never", "no", "neither", "nor"]),
    ("we", &["we", "us", "our", "ourselves"]),
    ("you", &["you", "your", "yourself"]),
    ("cond", &["if", "unless", "when", "whether", "where"]),
    (
        "sell",
        &[
            "sell", "sells", "sale", "sales", "sold", "rent", "trade", "monetize", "broker",
            "brokers",
        ],
    ),
    (
        "ads",
        &[
            "ad",
            "ads",
            "advertising",
            "advertisement",
            "advertiser",
            "advertisers",
            "marketing",
            "market",
            "promotional",
            "promotion",
            "promote",
            "sponsored",
            "campaign",
            "targeted",
            "interest-based",
            "cross-context",
            "behavioral",
        ],
    ),
    (
        "personal",
        &[
            "personalize",
            "personalized",
            "personalization",
            "customize",
            "customized",
            "customization",
            "tailor",
            "tailored",
            "recommend",
            "recommendation",
            "recommendations",
            "relevant",
            "feed",
            "preferences",
            "interests",
            "curate",
            "rank",
            "ranking",
        ],
    ),
    (
        "social",
        &[
            "friend",
            "friends",
            "contacts",
            "connect",
            "connections",
            "follow",
            "follower",
            "followers",
            "people you",
            "may know",
            "suggest",
            "suggestions",
            "find",
            "address book",
            "invite",
        ],
    ),
    (
        "improve",
        &[
            "improve",
            "improvement",
            "develop",
            "development",
            "test",
            "testing",
            "troubleshoot",
            "troubleshooting",
            "debug",
            "analytics",
            "measure",
            "measurement",
            "understand",
            "diagnose",
            "diagnostics",
            "optimize",
            "fix",
            "bugs",
            "survey",
            "surveys",
            "feedback",
            "innovate",
            "new features",
            "statistics",
            "statistical",
            "performance",
            "evaluate",
        ],
    ),
    (
        "ai",
        &[
            "ai",
            "artificial intelligence",
            "machine learning",
            "model",
            "models",
            "algorithm",
            "algorithms",
            "train",
            "training",
            "generative",
            "llm",
            "neural",
        ],
    ),
    (
        "safe",
        &[
            "security",
            "secure",
            "fraud",
            "fraudulent",
            "spam",
            "abuse",
            "safety",
            "safe",
            "protect",
            "protection",
            "integrity",
            "violation",
            "violations",
            "enforce",
            "enforcement",
            "malicious",
            "harm",
            "harmful",
            "suspicious",
            "verify",
            "verification",
            "authenticate",
            "scam",
            "illegal",
            "unauthorized",
            "moderation",
            "misuse",
            "threat",
            "threats",
            "attack",
            "prevent",
            "detect",
            "investigate",
        ],
    ),
    (
        "legal",
        &[
            "law",
            "laws",
            "legal",
            "comply",
            "compliance",
            "regulation",
            "regulations",
            "regulatory",
            "court",
            "subpoena",
            "obligation",
            "obligations",
            "claims",
            "defend",
            "litigation",
            "tax",
            "lawful",
            "legally",
            "required by",
            "rights",
            "judicial",
            "warrant",
        ],
    ),
    (
        "gov",
        &[
            "government",
            "governmental",
            "law enforcement",
            "police",
            "authorities",
            "authority",
            "regulator",
            "regulators",
            "agencies",
            "public authorities",
        ],
    ),
    (
        "support",
        &[
            "support",
            "customer service",
            "question",
            "questions",
            "inquiry",
            "inquiries",
            "queries",
            "complaint",
            "complaints",
            "request",
            "requests",
            "respond",
            "dispute",
            "disputes",
            "contact us",
            "assist",
            "help center",
            "ticket",
        ],
    ),
    (
        "order",
        &[
            "purchase",
            "purchases",
            "payment",
            "payments",
            "pay",
            "billing",
            "transaction",
            "transactions",
            "order",
            "orders",
            "shipping",
            "delivery",
            "seller",
            "sellers",
            "merchant",
            "buy",
            "refund",
            "subscription",
            "card",
            "checkout",
            "shop",
            "shopping",
        ],
    ),
    (
        "thirdparty",
        &[
            "third-party",
            "third",
            "integrate",
            "integration",
            "integrations",
            "login",
            "log in",
            "sign in",
            "plug-in",
            "plugin",
            "api",
            "developer",
            "developers",
            "apps",
            "connected",
            "linked",
            "link",
            "cross-post",
        ],
    ),
    (
        "research",
        &[
            "research",
            "researcher",
            "researchers",
            "academic",
            "scientific",
            "study",
            "studies",
            "public interest",
            "scholars",
        ],
    ),
    (
        "biz",
        &[
            "merger",
            "acquisition",
            "acquired",
            "bankruptcy",
            "reorganization",
            "sale of",
            "change of",
            "insolvency",
            "divestiture",
            "restructuring",
            "assets",
            "successor",
            "merge",
            "acquire",
        ],
    ),
    (
        "service",
        &[
            "provide",
            "operate",
            "operation",
            "service",
            "services",
            "features",
            "feature",
            "account",
            "deliver",
            "maintain",
            "administer",
            "function",
            "functionality",
            "platform",
            "products",
        ],
    ),
    (
        "change",
        &[
            "change",
            "changes",
            "changed",
            "update",
            "updates",
            "updated",
            "modify",
            "modification",
            "amend",
            "amendment",
            "revise",
            "revision",
        ],
    ),
    (
        "policy",
        &[
            "policy",
            "notice",
            "statement",
            "privacy policy",
            "this policy",
            "version",
            "effective date",
            "last updated",
        ],
    ),
    (
        "offsite",
        &[
            "websites",
            "website",
            "sites",
            "other apps",
            "devices",
            "device",
            "across",
            "partners",
            "partner",
            "third parties",
            "data brokers",
            "sources",
            "cookies",
            "pixel",
            "pixels",
            "sdk",
            "sdks",
            "offline",
            "off",
            "browsers",
            "publicly available",
        ],
    ),
    ("info", &["information", "data", "content", "personal"]),
    (
        "comm",
        &[
            "email",
            "emails",
            "notification",
            "notifications",
            "message",
            "messages",
            "notify",
            "communicate",
            "communications",
            "newsletter",
        ],
    ),
    (
        "consent",
        &[
            "consent",
            "permission",
            "opt",
            "choose",
            "choice",
            "choices",
            "settings",
            "agree",
            "opt-out",
            "opt out",
            "opt-in",
            "object",
        ],
    ),
    (
        "default",
        &[
            "default",
            "automatically",
            "without your",
            "without consent",
            "by default",
        ],
    ),
    (
        "private",
        &[
            "private",
            "chats",
            "chat",
            "direct messages",
            "dms",
            "scan",
            "scanning",
            "encrypted",
            "end-to-end",
        ],
    ),
    (
        "define",
        &[
            "means",
            "refers",
            "include",
            "includes",
            "including",
            "such as",
            "for example",
            "e.g",
            "example",
        ],
    ),
    ("may", &["may", "might", "can", "could"]),
];

/// Number of cue groups (≤ 64).
pub const NUM_GROUPS: usize = GROUPS.len();

/// Index of a group by name (for the negation rules below).
fn group_bit(name: &str) -> u64 {
    GROUPS
        .iter()
        .position(|(n, _)| *n == name)
        .map_or(0, |i| 1u64 << i)
}

/// A fixed open-addressing table from 64-bit hashes to group masks (linear probing; built once).
/// Most lookups are misses, which a quarter-full table answers in about one probe.
struct HashTable {
    slots: Vec<(u64, u64)>,
    mask: usize,
}

impl HashTable {
    fn new(entries: &[(u64, u64)]) -> HashTable {
        let cap = (entries.len() * 4).next_power_of_two().max(16);
        let mut t = HashTable {
            slots: vec![(0, 0); cap],
            mask: cap - 1,
        };
        for &(k, v) in entries {
            let k = k.max(1);
            let mut i = (k as usize) & t.mask;
            loop {
                if t.slots[i].0 == 0 {
                    t.slots[i] = (k, v);
                    break;
                }
                if t.slots[i].0 == k {
                    t.slots[i].1 |= v;
                    break;
                }
                i = (i + 1) & t.mask;
            }
        }
        t
    }

    fn get(&self, k: u64) -> u64 {
        let k = k.max(1);
        let mut i = (k as usize) & self.mask;
        loop {
            match self.slots.get(i) {
                Some(&(key, v)) if key == k => return v,
                Some(&(0, _)) | None => return 0,
                Some(_) => i = (i + 1) & self.mask,
            }
        }
    }
}

struct Lex {
    words: HashTable,
    pairs: HashTable,
    neg: u64,
    we: u64,
    you_cond: u64,
    neg_targets: u64,
    to: u64,
    for_: u64,
}

fn lex() -> &'static Lex {
    static LEX: OnceLock<Lex> = OnceLock::new();
    LEX.get_or_init(|| {
        let mut words = Vec::new();
        let mut pairs = Vec::new();
        let mut toks = Vec::new();
        let mut buf = Vec::new();
        for (gi, (_, list)) in GROUPS.iter().enumerate() {
            for w in list.iter() {
                toks.clear();
                tokenize_into(w, &mut toks, &mut buf, None);
                match toks.as_slice() {
                    [t] => words.push((t.hash, 1 << gi)),
                    [a, b, ..] => pairs.push((pair_hash(a.hash, b.hash), 1 << gi)),
                    [] => {}
                }
            }
        }
        let neg_targets = [
            "use", "share", "collect", "sell", "ads", "personal", "ai", "private", "info",
        ]
        .iter()
        .fold(0, |m, g| m | group_bit(g));
        Lex {
            words: HashTable::new(&words),
            pairs: HashTable::new(&pairs),
            neg: group_bit("neg"),
            we: group_bit("we"),
            you_cond: group_bit("you") | group_bit("cond"),
            neg_targets,
            to: fnv(b"to"),
            for_: fnv(b"for"),
        }
    })
}

// ---------------------------------------------------------------------------------------------
// Tokenising and stemming

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// 64-bit FNV-1a.
pub fn fnv(bytes: &[u8]) -> u64 {
    let mut h = FNV_OFFSET;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(FNV_PRIME);
    }
    h
}

fn mix(mut x: u64) -> u64 {
    // splitmix64 finaliser
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

fn pair_hash(a: u64, b: u64) -> u64 {
    mix(a.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ b.rotate_left(17))
}

/// Feature id of `(kind, value)`.
fn fid(kind: u64, value: u64) -> u32 {
    (mix(value ^ kind.wrapping_mul(0xd6e8_feb8_6659_fd93)) & FEATURE_MASK) as u32
}

/// Replaces a suffix of `w` (in place) when the remaining stem is at least `min` bytes long.
fn replace_suffix(w: &mut Vec<u8>, suffix: &str, with: &str, min: usize) -> bool {
    if w.len() >= suffix.len() + min && w.ends_with(suffix.as_bytes()) {
        w.truncate(w.len() - suffix.len());
        w.extend_from_slice(with.as_bytes());
        true
    } else {
        false
    }
}

/// A light, deterministic stemmer for lowercase ASCII English words (British → American
/// spelling, common inflections). Non-ASCII words are left as they are. Rules are picked by the
/// word's last byte, so most words test one or two suffixes.
fn stem(w: &mut Vec<u8>) {
    if !w.is_ascii() || w.len() <= 3 {
        return;
    }
    let spelling: &[(&str, &str)] = match w.last() {
        Some(b's') => &[
            ("isations", "izations"),
            ("ises", "izes"),
            ("aviours", "aviors"),
        ],
        Some(b'n') => &[("isation", "ization")],
        Some(b'g') => &[("ising", "izing"), ("ysing", "yzing")],
        Some(b'd') => &[("ised", "ized"), ("ysed", "yzed")],
        Some(b'e') => &[("ise", "ize"), ("yse", "yze"), ("ogramme", "ogram")],
        Some(b'r') => &[("aviour", "avior")],
        Some(b'l') => &[("avioural", "avioral")],
        _ => &[],
    };
    for (from, to) in spelling {
        if replace_suffix(w, from, to, 2) {
            break;
        }
    }
    let inflections: &[(&str, &str)] = match w.last() {
        Some(b's') => &[("ations", ""), ("ings", ""), ("ies", "i"), ("es", "")],
        Some(b'n') => &[("ation", "")],
        Some(b'g') => &[("ing", "")],
        Some(b'd') => &[("ied", "i"), ("ed", "")],
        _ => &[],
    };
    for (suffix, with) in inflections {
        if replace_suffix(w, suffix, with, 3) {
            return;
        }
    }
    if w.ends_with(b"s") && !(w.ends_with(b"ss") || w.ends_with(b"us") || w.ends_with(b"is")) {
        replace_suffix(w, "s", "", 2);
        return;
    }
    if !replace_suffix(w, "e", "", 3) {
        replace_suffix(w, "y", "i", 3);
    }
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// The per-thread word and section caches. They were off from session 1 to session 4 because
/// the first analysis in a fresh WASM instance differed from later ones (tests/e2e/wasm-api.test.mjs):
/// the empty section cache passed for the features of an empty heading. Fixed; a result never
/// depends on what was analysed before (tests `caches_never_change_a_result` here and in the
/// browser).
const USE_CACHES: bool = true;

/// Size of the per-thread cache of normalised words (direct-mapped, power of two).
const WORD_CACHE_SLOTS: usize = 2048;

thread_local! {
    /// `(hash of the lowercase word | 1, stem hash, cue groups)`: frequent words skip stemming.
    static WORD_CACHE: std::cell::RefCell<Vec<(u64, u64, u64)>> =
        std::cell::RefCell::new(vec![(0, 0, 0); WORD_CACHE_SLOTS]);
}

/// Pushes the token of a plain ASCII word (no apostrophe) from the word cache; false on a miss.
fn push_cached(raw: &str, start: usize, out: &mut Vec<Token>, key: u64) -> bool {
    let hit = WORD_CACHE
        .try_with(|c| {
            c.try_borrow()
                .ok()
                .and_then(|c| c.get(key as usize % WORD_CACHE_SLOTS).copied())
        })
        .ok()
        .flatten()
        .filter(|e| e.0 == key);
    match hit {
        Some((_, hash, groups)) => {
            out.push(Token {
                start: start as u32,
                end: (start + raw.len()) as u32,
                hash,
                groups,
            });
            true
        }
        None => false,
    }
}

fn remember(key: u64, t: &Token) {
    let _ = WORD_CACHE.try_with(|c| {
        if let Ok(mut c) = c.try_borrow_mut() {
            if let Some(e) = c.get_mut(key as usize % WORD_CACHE_SLOTS) {
                *e = (key, t.hash, t.groups);
            }
        }
    });
}

/// Pushes the normalised token(s) of one raw word, through the word cache when it has a lexicon.
fn push_word(raw: &str, start: usize, out: &mut Vec<Token>, buf: &mut Vec<u8>, lex: Option<&Lex>) {
    let plain = USE_CACHES && lex.is_some() && raw.bytes().all(|b| b.is_ascii_alphanumeric());
    if !plain {
        return push_word_uncached(raw, start, out, buf, lex);
    }
    let mut key = FNV_OFFSET;
    for b in raw.bytes() {
        key ^= u64::from(b.to_ascii_lowercase());
        key = key.wrapping_mul(FNV_PRIME);
    }
    let key = key | 1;
    if push_cached(raw, start, out, key) {
        return;
    }
    let before = out.len();
    push_word_uncached(raw, start, out, buf, lex);
    if out.len() == before + 1 {
        remember(key, &out[before]);
    }
}

/// Pushes the normalised token(s) of one raw word (`raw` is the original slice).
fn push_word_uncached(
    raw: &str,
    start: usize,
    out: &mut Vec<Token>,
    buf: &mut Vec<u8>,
    lex: Option<&Lex>,
) {
    buf.clear();
    let mut apostrophe = None;
    if raw.is_ascii() {
        for &b in raw.as_bytes() {
            if b == b'\'' {
                apostrophe.get_or_insert(buf.len());
            }
            buf.push(b.to_ascii_lowercase());
        }
    } else {
        let mut tmp = [0u8; 4];
        for c in raw.chars() {
            if is_apostrophe(c) {
                apostrophe.get_or_insert(buf.len());
                buf.push(b'\'');
            } else if c.is_ascii() {
                buf.push(c.to_ascii_lowercase() as u8);
            } else {
                for l in c.to_lowercase() {
                    buf.extend_from_slice(l.encode_utf8(&mut tmp).as_bytes());
                }
            }
        }
    }
    let mut neg_contraction = false;
    if let Some(q) = apostrophe {
        if buf.ends_with(b"n't") && buf.len() > 3 {
            neg_contraction = true;
            buf.truncate(buf.len() - 3);
            let full: Option<&[u8]> = match buf.as_slice() {
                b"wo" => Some(b"will"),
                b"ca" => Some(b"can"),
                b"sha" => Some(b"shall"),
                _ => None,
            };
            if let Some(f) = full {
                buf.clear();
                buf.extend_from_slice(f);
            }
        } else {
            buf.truncate(q);
        }
    }
    if !buf.is_empty() && buf.iter().all(u8::is_ascii_digit) {
        buf.clear();
        buf.push(b'0');
    }
    stem(buf);
    let (s, e) = (start as u32, (start + raw.len()) as u32);
    let groups_of = |hash: u64| lex.map_or(0, |l| l.words.get(hash));
    if !buf.is_empty() {
        let hash = fnv(buf);
        out.push(Token {
            start: s,
            end: e,
            hash,
            groups: groups_of(hash),
        });
    }
    if neg_contraction {
        let hash = fnv(b"not");
        out.push(Token {
            start: s,
            end: e,
            hash,
            groups: groups_of(hash),
        });
    }
}

/// The char at byte `i` of `text` (None at the end or off a boundary) and its length.
fn char_at(text: &str, i: usize) -> Option<(char, usize)> {
    let b = *text.as_bytes().get(i)?;
    if b < 0x80 {
        return Some((b as char, 1));
    }
    let c = text.get(i..)?.chars().next()?;
    Some((c, c.len_utf8()))
}

/// Splits `text` into word tokens (letters and digits, with inner apostrophes; hyphens and all
/// other characters separate words). With a lexicon, tokens carry their cue groups, and two-word
/// cue phrases add their groups to both words.
fn tokenize_into(text: &str, out: &mut Vec<Token>, buf: &mut Vec<u8>, lex: Option<&Lex>) {
    let first = out.len();
    let bytes = text.as_bytes();
    let is_word_at = |i: usize| -> Option<usize> {
        // The length of the word char at byte i, if it is one.
        let (c, len) = char_at(text, i)?;
        let word = if c.is_ascii() {
            c.is_ascii_alphanumeric()
        } else {
            c.is_alphanumeric()
        };
        word.then_some(len)
    };
    let mut i = 0;
    while i < bytes.len() {
        let Some(len) = is_word_at(i) else {
            i += char_at(text, i).map_or(1, |(_, l)| l);
            continue;
        };
        let s = i;
        i += len;
        loop {
            // Tight ASCII run, then the slower cases: non-ASCII letters, inner apostrophes.
            while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                i += 1;
            }
            if let Some(len) = is_word_at(i) {
                i += len;
                continue;
            }
            match char_at(text, i) {
                Some((c, len)) if is_apostrophe(c) && is_word_at(i + len).is_some() => i += len,
                _ => break,
            }
        }
        push_word(&text[s..i], s, out, buf, lex);
    }
    if let Some(l) = lex {
        for i in first + 1..out.len() {
            let g = l.pairs.get(pair_hash(out[i - 1].hash, out[i].hash));
            if g != 0 {
                out[i - 1].groups |= g;
                out[i].groups |= g;
            }
        }
    }
}

/// Word tokens of `text`, with cue groups.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 5 + 4);
    let mut buf = Vec::with_capacity(32);
    tokenize_into(text, &mut out, &mut buf, Some(lex()));
    out
}

// ---------------------------------------------------------------------------------------------
// Features

const K_BIAS: u64 = 1;
const K_UNI: u64 = 2;
const K_BI: u64 = 3;
const K_FIRST: u64 = 4;
const K_FIRST2: u64 = 5;
const K_SEC: u64 = 6;
const K_SEC_GROUP: u64 = 7;
const K_GROUP: u64 = 8;
const K_GROUP_PAIR: u64 = 9;
const K_SHAPE: u64 = 10;
const K_NEG: u64 = 11;
const K_FIRST_GROUP: u64 = 13;
const K_PREP_GROUP: u64 = 14;
const K_PREV: u64 = 15;
const K_PREV_GROUP: u64 = 16;
const K_PREV_FIRED: u64 = 17;

/// How many bytes of the section heading are read.
const MAX_SECTION_BYTES: usize = 200;

fn len_bucket(n: usize) -> u64 {
    match n {
        0..=2 => 0,
        3..=5 => 1,
        6..=9 => 2,
        10..=14 => 3,
        15..=24 => 4,
        25..=39 => 5,
        _ => 6,
    }
}

/// The value of every feature of a clause with `n` features (so long clauses do not score high
/// just for being long).
pub fn feature_scale(n: usize) -> f32 {
    6.0 / (n.max(1) as f32).sqrt()
}

/// All features of one clause read under its section heading. `tokens` must be
/// `tokenize(text)`.
pub fn features(text: &str, tokens: &[Token], section: &str) -> Vec<Feat> {
    let lex = lex();
    let mut f = Vec::with_capacity(tokens.len() * 3 + 64);
    let none = |id| Feat {
        id,
        start: 0,
        end: 0,
    };
    f.push(none(fid(K_BIAS, 0)));
    f.push(none(fid(K_SHAPE, 100 + len_bucket(tokens.len()))));
    let trimmed = text.trim_end();
    let last = trimmed.chars().last().map_or(0, |c| match c {
        ':' => 1,
        ';' => 2,
        '.' => 3,
        ',' => 4,
        '?' => 5,
        _ => 6,
    });
    f.push(none(fid(K_SHAPE, 200 + last)));
    let first_lower = text
        .trim_start()
        .chars()
        .next()
        .is_some_and(|c| c.is_lowercase());
    f.push(none(fid(K_SHAPE, 300 + u64::from(first_lower))));

    for (i, t) in tokens.iter().enumerate() {
        f.push(Feat {
            id: fid(K_UNI, t.hash),
            start: t.start,
            end: t.end,
        });
        if let Some(n) = tokens.get(i + 1) {
            f.push(Feat {
                id: fid(K_BI, pair_hash(t.hash, n.hash)),
                start: t.start,
                end: n.end,
            });
        }
    }
    if let Some(t) = tokens.first() {
        f.push(Feat {
            id: fid(K_FIRST, t.hash),
            start: t.start,
            end: t.end,
        });
        if let Some(n) = tokens.get(1) {
            f.push(Feat {
                id: fid(K_FIRST2, pair_hash(t.hash, n.hash)),
                start: t.start,
                end: n.end,
            });
        }
    }

    // The cue groups of the first word (list items often start with their purpose verb), and of
    // the words right after "to" / "for" (purpose phrases: "to improve", "for security").
    if let Some(t) = tokens.first() {
        let mut g = t.groups;
        while g != 0 {
            let b = u64::from(g.trailing_zeros());
            g &= g - 1;
            f.push(Feat {
                id: fid(K_FIRST_GROUP, b),
                start: t.start,
                end: t.end,
            });
        }
    }
    for (i, t) in tokens.iter().enumerate() {
        let prep = if t.hash == lex.to {
            1
        } else if t.hash == lex.for_ {
            2
        } else {
            continue;
        };
        for n in tokens.iter().skip(i + 1).take(2) {
            let mut g = n.groups;
            while g != 0 {
                let b = u64::from(g.trailing_zeros());
                g &= g - 1;
                f.push(Feat {
                    id: fid(K_PREP_GROUP, prep * 64 + b),
                    start: t.start,
                    end: n.end,
                });
            }
        }
    }

    // Cue groups: first occurrence span of each, then every group and every pair of groups.
    let mut present = 0u64;
    let mut spans = [(0u32, 0u32); 64];
    for t in tokens {
        let mut new = t.groups & !present;
        present |= t.groups;
        while new != 0 {
            let g = new.trailing_zeros() as usize;
            new &= new - 1;
            spans[g] = (t.start, t.end);
        }
    }
    let mut rest = present;
    while rest != 0 {
        let a = rest.trailing_zeros() as u64;
        rest &= rest - 1;
        let (s, e) = spans[a as usize];
        f.push(Feat {
            id: fid(K_GROUP, a),
            start: s,
            end: e,
        });
        let mut others = rest;
        while others != 0 {
            let b = others.trailing_zeros() as u64;
            others &= others - 1;
            // Evidence span: the rarer-looking second group is usually the topical one.
            let (s2, e2) = spans[b as usize];
            f.push(Feat {
                id: fid(K_GROUP_PAIR, a * 64 + b),
                start: s2,
                end: e2,
            });
        }
    }

    // Negation scope: a negator, who says it (we / you-or-condition) and what it negates.
    for (i, t) in tokens.iter().enumerate() {
        if t.groups & lex.neg == 0 {
            continue;
        }
        let back = &tokens[i.saturating_sub(3)..i];
        let subj = if back.iter().any(|b| b.groups & lex.you_cond != 0) {
            1
        } else if back.iter().any(|b| b.groups & lex.we != 0) {
            2
        } else {
            3
        };
        f.push(Feat {
            id: fid(K_NEG, subj),
            start: t.start,
            end: t.end,
        });
        for n in tokens.iter().skip(i + 1).take(6) {
            let mut g = n.groups & lex.neg_targets;
            while g != 0 {
                let b = u64::from(g.trailing_zeros());
                g &= g - 1;
                f.push(Feat {
                    id: fid(K_NEG, 100 * subj + 10 + b),
                    start: t.start,
                    end: n.end,
                });
            }
        }
    }

    // Section heading: its words and its cue groups, in their own feature spaces. Consecutive
    // clauses share their heading, so the last heading's features are kept per thread.
    let section = crate::truncate_bytes(section, MAX_SECTION_BYTES);
    let cached = USE_CACHES
        && SECTION_CACHE
            .try_with(|c| {
                let c = c.try_borrow().ok()?;
                let (last, feats) = c.as_ref()?;
                (last == section).then(|| f.extend_from_slice(feats))
            })
            .ok()
            .flatten()
            .is_some();
    if !cached {
        let from = f.len();
        section_features(section, lex, &mut f);
        let _ = SECTION_CACHE.try_with(|c| {
            if let Ok(mut c) = c.try_borrow_mut() {
                let (last, feats) = c.get_or_insert_with(Default::default);
                last.clear();
                last.push_str(section);
                feats.clear();
                feats.extend_from_slice(&f[from..]);
            }
        });
    }
    f
}

thread_local! {
    /// The last heading read and its features; `None` until one is read (an empty cache must
    /// not pass for the features of an empty heading, which has one: that mistake made the
    /// first analysis in a fresh WASM instance differ from later ones).
    static SECTION_CACHE: std::cell::RefCell<Option<(String, Vec<Feat>)>> =
        const { std::cell::RefCell::new(None) };
}

/// What the classifier reads of the clause just before a clause in the same section: whether it
/// ends in a colon (a list intro: "We use your information to:"), its cue groups and the
/// purposes it states read on its own. A purpose
/// is often stated by the clause before ("For example, …", list items), as the labelling
/// guideline says.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Context {
    /// False when there is no previous clause (the first clause of a section).
    pub present: bool,
    pub colon: bool,
    pub groups: u64,
    /// The purposes the classifier finds in the previous clause read on its own, without its
    /// own context (bit `Purpose::index()`); set by `classify::classify_after`.
    pub fired: u32,
}

impl Context {
    /// The context a clause with this text and these tokens (`tokenize(text)`) gives the next one.
    pub fn after(text: &str, tokens: &[Token]) -> Context {
        if tokens.is_empty() && text.trim().is_empty() {
            return Context::default();
        }
        Context {
            present: true,
            colon: text.trim_end().ends_with(':'),
            groups: tokens.iter().fold(0, |g, t| g | t.groups),
            fired: 0,
        }
    }

    /// The context given by the clause `previous` ("" = none), without its purposes (the
    /// classifier's [`crate::classify::context_of`] adds them).
    pub fn of(previous: &str) -> Context {
        let previous = crate::truncate_bytes(previous, crate::MAX_CLASSIFY_BYTES);
        Context::after(previous, &tokenize(previous))
    }
}

/// The context features (each cue group and each purpose of the previous clause, in two spaces:
/// after a colon or not). They have no span in the clause, so they never become evidence.
pub fn context_features(ctx: Context, f: &mut Vec<Feat>) {
    if !ctx.present {
        return;
    }
    let colon = u64::from(ctx.colon);
    let none = |id| Feat {
        id,
        start: 0,
        end: 0,
    };
    f.push(none(fid(K_PREV, colon)));
    let mut groups = ctx.groups;
    while groups != 0 {
        let g = u64::from(groups.trailing_zeros());
        groups &= groups - 1;
        f.push(none(fid(K_PREV_GROUP, g * 2 + colon)));
    }
    let mut fired = ctx.fired;
    while fired != 0 {
        let p = u64::from(fired.trailing_zeros());
        fired &= fired - 1;
        f.push(none(fid(K_PREV_FIRED, p * 2 + colon)));
    }
}

fn section_features(section: &str, lex: &Lex, f: &mut Vec<Feat>) {
    let none = |id| Feat {
        id,
        start: 0,
        end: 0,
    };
    let mut stoks = Vec::with_capacity(16);
    let mut buf = Vec::with_capacity(32);
    tokenize_into(section, &mut stoks, &mut buf, Some(lex));
    let mut sgroups = 0u64;
    for t in &stoks {
        f.push(none(fid(K_SEC, t.hash)));
        sgroups |= t.groups;
    }
    if stoks.is_empty() {
        f.push(none(fid(K_SEC, 0)));
    }
    while sgroups != 0 {
        let g = u64::from(sgroups.trailing_zeros());
        sgroups &= sgroups - 1;
        f.push(none(fid(K_SEC_GROUP, g)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(s: &str) -> Vec<u64> {
        tokenize(s).iter().map(|t| t.hash).collect()
    }

    /// Features of `(text, section)` read in a fresh thread (fresh caches) after `before`.
    fn fresh_features(before: &[(&str, &str)], text: &str, section: &str) -> Vec<u32> {
        let (before, text, section): (Vec<(String, String)>, String, String) = (
            before
                .iter()
                .map(|(t, s)| (t.to_string(), s.to_string()))
                .collect(),
            text.to_string(),
            section.to_string(),
        );
        std::thread::spawn(move || {
            for (t, s) in &before {
                let _ = features(t, &tokenize(t), s);
            }
            let mut ids: Vec<u32> = features(&text, &tokenize(&text), &section)
                .iter()
                .map(|f| f.id)
                .collect();
            ids.sort_unstable();
            ids
        })
        .join()
        .unwrap_or_default()
    }

    #[test]
    fn caches_never_change_a_result() {
        let clause = "We use cookies to personalise ads and improve our services.";
        for section in ["", "How we use your information", "Cookies"] {
            let cold = fresh_features(&[], clause, section);
            assert!(!cold.is_empty());
            for before in [
                &[("", "")][..],
                &[("We use cookies.", "Cookies"), ("We share data.", "")][..],
                &[(clause, section), (clause, "Other")][..],
            ] {
                assert_eq!(
                    fresh_features(before, clause, section),
                    cold,
                    "section {section:?} after {before:?}"
                );
            }
        }
    }

    #[test]
    fn spelling_and_inflections_share_stems() {
        assert_eq!(stems("personalise"), stems("personalized"));
        assert_eq!(stems("Personalising"), stems("personalize"));
        assert_eq!(stems("services"), stems("service"));
        assert_eq!(stems("cookies"), stems("cookie"));
        assert_eq!(stems("don't"), stems("do not"));
        assert_eq!(stems("won’t"), stems("will not"));
        assert_eq!(stems("behavioural"), stems("behavioral"));
    }

    #[test]
    fn spans_point_into_the_text() {
        let text = "We don’t sell your data — ever.";
        for t in tokenize(text) {
            assert!(
                text.is_char_boundary(t.start as usize) && text.is_char_boundary(t.end as usize)
            );
        }
        assert!(!features(text, &tokenize(text), "").is_empty());
    }

    #[test]
    fn groups_exist_and_fit() {
        const { assert!(NUM_GROUPS <= 64) };
        let t = tokenize("we do not sell");
        assert!(t[2].groups & group_bit("neg") != 0);
        assert!(t[3].groups & group_bit("sell") != 0);
    }
}
