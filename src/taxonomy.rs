//! The 13 purposes and 8 notable-provision flags of `shared/taxonomy.md`.
//!
//! Ids, labels, descriptions and colours live here once; JS receives them through the WASM
//! `taxonomy()` export and never repeats the list.

use serde::Serialize;

/// What a clause says the service does with a person's data, and why.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Purpose {
    ProvideServices,
    OrderFulfillment,
    Personalization,
    SocialConnections,
    ProductImprovement,
    ThirdPartyIntegration,
    ResearchFacilitation,
    CustomerSupport,
    Advertising,
    SafetySecurity,
    LegalCompliance,
    AiTraining,
    BusinessTransfer,
}

/// Number of purposes.
pub const NUM_PURPOSES: usize = 13;

/// A notable provision a clause states.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Flag {
    AiTraining,
    SaleOrAdSharing,
    NoOptIn,
    PrivateContentScanning,
    CrossDeviceOrOffsite,
    GovernmentAccess,
    PolicyChange,
    Negated,
}

/// Number of flags.
pub const NUM_FLAGS: usize = 8;

/// Static facts about one purpose.
#[derive(Debug, Serialize)]
pub struct PurposeInfo {
    pub id: &'static str,
    pub label: &'static str,
    /// A short label (≤ 4 letters) shown beside colour so colour is never the only cue.
    pub short: &'static str,
    pub description: &'static str,
    /// Highlight background on light pages (translucent so text stays readable).
    pub color_light: &'static str,
    /// Highlight background on dark pages.
    pub color_dark: &'static str,
    /// Solid swatch colour for the popup and underline.
    pub swatch: &'static str,
    /// CSS `text-decoration-style` that tells purposes apart without colour.
    pub underline: &'static str,
}

/// Static facts about one flag.
#[derive(Debug, Serialize)]
pub struct FlagInfo {
    pub id: &'static str,
    pub label: &'static str,
    /// What the clause says, as a factual statement (never a legal judgement).
    pub description: &'static str,
}

const PURPOSES: [PurposeInfo; NUM_PURPOSES] = [
    PurposeInfo { id: "provide-services", label: "Provide services", short: "SERV", description: "Operating and delivering the service itself: accounts, content, core features, service messages.", color_light: "rgba(66,133,244,0.28)", color_dark: "rgba(120,170,255,0.40)", swatch: "#4285f4", underline: "solid" },
    PurposeInfo { id: "order-fulfillment", label: "Order fulfillment", short: "ORDR", description: "Purchases, payments, shipping and delivery, including sharing with sellers and payment providers.", color_light: "rgba(0,150,136,0.28)", color_dark: "rgba(77,208,190,0.40)", swatch: "#009688", underline: "double" },
    PurposeInfo { id: "personalization", label: "Personalization", short: "PERS", description: "Tailoring feeds, recommendations, features and content to you.", color_light: "rgba(156,39,176,0.24)", color_dark: "rgba(206,147,216,0.40)", swatch: "#9c27b0", underline: "dotted" },
    PurposeInfo { id: "social-connections", label: "Social connections", short: "SOC", description: "Suggesting accounts, finding friends, syncing contacts, connecting users to each other.", color_light: "rgba(233,30,99,0.22)", color_dark: "rgba(244,143,177,0.40)", swatch: "#e91e63", underline: "dashed" },
    PurposeInfo { id: "product-improvement", label: "Product improvement", short: "IMPR", description: "Developing, testing and improving the service; usage analytics, measurement and diagnostics.", color_light: "rgba(139,195,74,0.34)", color_dark: "rgba(174,213,129,0.40)", swatch: "#7cb342", underline: "wavy" },
    PurposeInfo { id: "third-party-integration", label: "Third-party integration", short: "3RD", description: "Sharing data with other platforms so integrations work: logins, cross-posting, connected apps.", color_light: "rgba(255,152,0,0.30)", color_dark: "rgba(255,183,77,0.40)", swatch: "#fb8c00", underline: "solid" },
    PurposeInfo { id: "research-facilitation", label: "Research facilitation", short: "RSCH", description: "Enabling independent, academic or the company's own published research.", color_light: "rgba(121,85,72,0.28)", color_dark: "rgba(188,170,164,0.40)", swatch: "#795548", underline: "double" },
    PurposeInfo { id: "customer-support", label: "Customer support", short: "SUPP", description: "Answering questions, handling complaints, claims, disputes and data requests.", color_light: "rgba(0,188,212,0.28)", color_dark: "rgba(128,222,234,0.40)", swatch: "#00acc1", underline: "dotted" },
    PurposeInfo { id: "advertising", label: "Advertising & marketing", short: "ADS", description: "Targeted ads, ad measurement, marketing and promotions, sale or sharing of data for advertising.", color_light: "rgba(244,67,54,0.26)", color_dark: "rgba(239,154,154,0.42)", swatch: "#e53935", underline: "wavy" },
    PurposeInfo { id: "safety-security", label: "Safety & security", short: "SAFE", description: "Fraud prevention, security, integrity, abuse detection, enforcing terms, protecting people.", color_light: "rgba(63,81,181,0.24)", color_dark: "rgba(159,168,218,0.42)", swatch: "#3f51b5", underline: "dashed" },
    PurposeInfo { id: "legal-compliance", label: "Legal compliance", short: "LAW", description: "Complying with law, regulators, court orders and law-enforcement requests; legal claims.", color_light: "rgba(96,125,139,0.30)", color_dark: "rgba(176,190,197,0.42)", swatch: "#607d8b", underline: "solid" },
    PurposeInfo { id: "ai-training", label: "AI & model training", short: "AI", description: "Using your data, content or interactions to train, test or improve AI / machine-learning models.", color_light: "rgba(255,235,59,0.45)", color_dark: "rgba(255,241,118,0.40)", swatch: "#fdd835", underline: "double" },
    PurposeInfo { id: "business-transfer", label: "Business transfer", short: "BIZ", description: "Passing data on in a merger, acquisition, bankruptcy or sale of assets.", color_light: "rgba(103,58,183,0.24)", color_dark: "rgba(179,157,219,0.42)", swatch: "#673ab7", underline: "dotted" },
];

const FLAGS: [FlagInfo; NUM_FLAGS] = [
    FlagInfo {
        id: "ai-training",
        label: "AI training",
        description:
            "Data or content may be used to train, test or improve AI / machine-learning models.",
    },
    FlagInfo {
        id: "sale-or-ad-sharing",
        label: "Sale or ad sharing",
        description: "Data may be sold, or shared for cross-context behavioural advertising.",
    },
    FlagInfo {
        id: "no-opt-in",
        label: "No opt-in",
        description:
            "Processing happens by default or without consent, or only an opt-out is offered.",
    },
    FlagInfo {
        id: "private-content-scanning",
        label: "Private content scanned",
        description:
            "Private messages or other private content may be scanned, reviewed or analysed.",
    },
    FlagInfo {
        id: "cross-device-or-offsite",
        label: "Cross-device / off-site",
        description:
            "Data is collected across devices, from other websites or apps, or from third parties.",
    },
    FlagInfo {
        id: "government-access",
        label: "Government access",
        description: "Data may be shared with law enforcement or government.",
    },
    FlagInfo {
        id: "policy-change",
        label: "Policy may change",
        description: "The company may change this policy.",
    },
    FlagInfo {
        id: "negated",
        label: "Says it does NOT",
        description: "The company says it does not do the practice this clause names.",
    },
];

impl Purpose {
    /// All purposes, in taxonomy order (the order of `shared/taxonomy.md`).
    pub const ALL: [Purpose; NUM_PURPOSES] = [
        Purpose::ProvideServices,
        Purpose::OrderFulfillment,
        Purpose::Personalization,
        Purpose::SocialConnections,
        Purpose::ProductImprovement,
        Purpose::ThirdPartyIntegration,
        Purpose::ResearchFacilitation,
        Purpose::CustomerSupport,
        Purpose::Advertising,
        Purpose::SafetySecurity,
        Purpose::LegalCompliance,
        Purpose::AiTraining,
        Purpose::BusinessTransfer,
    ];

    /// Position in [`Purpose::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
    pub fn info(self) -> &'static PurposeInfo {
        &PURPOSES[self.index()]
    }
    /// The fixed id, e.g. `"provide-services"`.
    pub fn id(self) -> &'static str {
        self.info().id
    }
    pub fn label(self) -> &'static str {
        self.info().label
    }
    pub fn from_id(id: &str) -> Option<Purpose> {
        Purpose::ALL.iter().copied().find(|p| p.id() == id)
    }
}

impl Flag {
    /// All flags, in taxonomy order.
    pub const ALL: [Flag; NUM_FLAGS] = [
        Flag::AiTraining,
        Flag::SaleOrAdSharing,
        Flag::NoOptIn,
        Flag::PrivateContentScanning,
        Flag::CrossDeviceOrOffsite,
        Flag::GovernmentAccess,
        Flag::PolicyChange,
        Flag::Negated,
    ];
    pub fn index(self) -> usize {
        self as usize
    }
    pub fn info(self) -> &'static FlagInfo {
        &FLAGS[self.index()]
    }
    pub fn id(self) -> &'static str {
        self.info().id
    }
    pub fn label(self) -> &'static str {
        self.info().label
    }
    pub fn from_id(id: &str) -> Option<Flag> {
        Flag::ALL.iter().copied().find(|f| f.id() == id)
    }
}

/// The whole taxonomy, as the WASM `taxonomy()` export and `clausemark taxonomy` return it.
#[derive(Debug, Serialize)]
pub struct Taxonomy {
    pub purposes: &'static [PurposeInfo],
    pub flags: &'static [FlagInfo],
}

pub fn taxonomy() -> Taxonomy {
    Taxonomy {
        purposes: &PURPOSES,
        flags: &FLAGS,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_match_the_taxonomy_file() {
        let ids: Vec<&str> = Purpose::ALL.iter().map(|p| p.id()).collect();
        assert_eq!(
            ids,
            [
                "provide-services",
                "order-fulfillment",
                "personalization",
                "social-connections",
                "product-improvement",
                "third-party-integration",
                "research-facilitation",
                "customer-support",
                "advertising",
                "safety-security",
                "legal-compliance",
                "ai-training",
                "business-transfer"
            ]
        );
        for p in Purpose::ALL {
            assert_eq!(Purpose::from_id(p.id()), Some(p));
        }
        for f in Flag::ALL {
            assert_eq!(Flag::from_id(f.id()), Some(f));
        }
        assert_eq!(Purpose::from_id("nope"), None);
    }
}
