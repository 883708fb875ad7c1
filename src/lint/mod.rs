//! The linter: the rule registry and the run of every rule over a loaded book.

/// Every built-in rule id.
pub const RULE_IDS: &[&str] = &[
    "file-unreadable",
    "front-matter-missing",
    "front-matter-syntax",
    "field-missing",
    "field-invalid",
    "field-unknown",
    "dates-inconsistent",
    "duplicate-slug",
    "feedback-missing",
    "lessons-missing",
    "handover-missing",
    "deliverables-missing",
    "unfinished-work",
    "access-missing",
    "access-open",
    "rgpd-not-notified",
    "rgpd-not-deleted",
    "contract-unchecked",
    "notice-too-short",
    "notice-not-in-writing",
    "recommendation-not-requested",
    "invoice-unpaid",
    "worked-while-unpaid",
    "case-study-consent",
    "case-study-alias",
    "client-name-leak",
    "personal-data-leak",
    "allow-without-reason",
    "allow-unknown-rule",
];

pub fn is_builtin(id: &str) -> bool {
    RULE_IDS.contains(&id)
}
