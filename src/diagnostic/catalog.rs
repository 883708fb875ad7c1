//! The catalog: every built-in rule, declared once, in the order `debrief rules`, `docs/rules.md`
//! and SARIF list them (`RULES`). Each rule's documentation is `docs/<id>.md` next to this file,
//! read by `debrief explain`, `debrief rules` and `docs/rules.md`.
//!
//! The loader reports against these values (`file-unreadable`, `front-matter-*`, `body-too-deep`,
//! `field-*`), `lint::check` against `duplicate-slug`, and every other rule has its check in
//! `lint::rules`, whose table pairs each such rule with its check.

use super::Severity::{Error, Info, Warning};
use super::rule::Family::{EndOfMission, Money, Publishing, Structure, Suppression};
use super::rule::FixKind::{self, AddAllow, InsertSection, RenameKey};
use super::rule::LetterKind::{
    CaseStudyConsent, FeedbackRequest, FormalNotice, Handover, NoticeConfirmation, PaymentReminder,
    RecommendationRequest, RgpdDeletion,
};
use super::rule::Rule;

const CLOSED: (&str, &str) = ("closed", "closed");
const ENDING_CLOSED: (&str, &str) = ("ending, closed", "ending, closed");
const ACTIVE_ENDING: (&str, &str) = ("active, ending", "active, ending");
const ENDED_BY_ME: (&str, &str) = ("`ended_by: me`", "`ended_by: me`");
const CASE_STUDY: (&str, &str) = ("`publish: case-study`", "`publish: case-study`");
const PUBLISHED: (&str, &str) = (
    "`publish: lessons` ou `case-study`",
    "`publish: lessons` or `case-study`",
);

/// Found where no front matter was parsed: no `lint.allow` entry can be added, nothing to offer.
const NO_FRONT_MATTER: &[FixKind] = &[];
/// A missing section: insert its heading, or silence the rule.
const SECTION: &[FixKind] = &[InsertSection, AddAllow];

pub static FILE_UNREADABLE: Rule = Rule::new(
    "file-unreadable",
    Structure,
    Error,
    include_str!("docs/file-unreadable.md"),
)
.fixes(NO_FRONT_MATTER);

pub static FRONT_MATTER_MISSING: Rule = Rule::new(
    "front-matter-missing",
    Structure,
    Error,
    include_str!("docs/front-matter-missing.md"),
)
.fixes(NO_FRONT_MATTER);

pub static FRONT_MATTER_SYNTAX: Rule = Rule::new(
    "front-matter-syntax",
    Structure,
    Error,
    include_str!("docs/front-matter-syntax.md"),
)
.fixes(NO_FRONT_MATTER);

pub static BODY_TOO_DEEP: Rule = Rule::new(
    "body-too-deep",
    Structure,
    Error,
    include_str!("docs/body-too-deep.md"),
)
.fixes(NO_FRONT_MATTER);

pub static FIELD_MISSING: Rule = Rule::new(
    "field-missing",
    Structure,
    Error,
    include_str!("docs/field-missing.md"),
);

pub static FIELD_INVALID: Rule = Rule::new(
    "field-invalid",
    Structure,
    Error,
    include_str!("docs/field-invalid.md"),
);

pub static FIELD_UNKNOWN: Rule = Rule::new(
    "field-unknown",
    Structure,
    Warning,
    include_str!("docs/field-unknown.md"),
)
.fixes(&[RenameKey, AddAllow]);

pub static DATES_INCONSISTENT: Rule = Rule::new(
    "dates-inconsistent",
    Structure,
    Error,
    include_str!("docs/dates-inconsistent.md"),
);

pub static DUPLICATE_SLUG: Rule = Rule::new(
    "duplicate-slug",
    Structure,
    Error,
    include_str!("docs/duplicate-slug.md"),
);

pub static MISSION_STALE: Rule = Rule::new(
    "mission-stale",
    EndOfMission,
    Warning,
    include_str!("docs/mission-stale.md"),
)
.applies(ACTIVE_ENDING);

pub static FEEDBACK_MISSING: Rule = Rule::new(
    "feedback-missing",
    EndOfMission,
    Error,
    include_str!("docs/feedback-missing.md"),
)
.applies(CLOSED)
.fixes(SECTION)
.letter(FeedbackRequest);

pub static LESSONS_MISSING: Rule = Rule::new(
    "lessons-missing",
    EndOfMission,
    Warning,
    include_str!("docs/lessons-missing.md"),
)
.applies(CLOSED)
.fixes(SECTION);

pub static HANDOVER_MISSING: Rule = Rule::new(
    "handover-missing",
    EndOfMission,
    Error,
    include_str!("docs/handover-missing.md"),
)
.applies(ENDING_CLOSED)
.fixes(SECTION)
.letter(Handover);

pub static DELIVERABLES_MISSING: Rule = Rule::new(
    "deliverables-missing",
    EndOfMission,
    Info,
    include_str!("docs/deliverables-missing.md"),
)
.applies(CLOSED)
.fixes(SECTION);

pub static UNFINISHED_WORK: Rule = Rule::new(
    "unfinished-work",
    EndOfMission,
    Warning,
    include_str!("docs/unfinished-work.md"),
)
.applies(CLOSED);

pub static ACCESS_MISSING: Rule = Rule::new(
    "access-missing",
    EndOfMission,
    Warning,
    include_str!("docs/access-missing.md"),
)
.applies(CLOSED)
.fixes(SECTION);

pub static ACCESS_OPEN: Rule = Rule::new(
    "access-open",
    EndOfMission,
    Warning,
    include_str!("docs/access-open.md"),
)
.applies(CLOSED);

pub static RGPD_NOT_NOTIFIED: Rule = Rule::new(
    "rgpd-not-notified",
    EndOfMission,
    Warning,
    include_str!("docs/rgpd-not-notified.md"),
)
.applies(CLOSED)
.letter(RgpdDeletion);

pub static RGPD_NOT_DELETED: Rule = Rule::new(
    "rgpd-not-deleted",
    EndOfMission,
    Warning,
    include_str!("docs/rgpd-not-deleted.md"),
)
.applies(CLOSED);

pub static CONTRACT_UNCHECKED: Rule = Rule::new(
    "contract-unchecked",
    EndOfMission,
    Warning,
    include_str!("docs/contract-unchecked.md"),
)
.applies((
    "ending, closed, `ended_by` autre que `term`",
    "ending, closed, `ended_by` other than `term`",
));

pub static NOTICE_TOO_SHORT: Rule = Rule::new(
    "notice-too-short",
    EndOfMission,
    Error,
    include_str!("docs/notice-too-short.md"),
)
.applies(ENDED_BY_ME);

pub static NOTICE_NOT_IN_WRITING: Rule = Rule::new(
    "notice-not-in-writing",
    EndOfMission,
    Warning,
    include_str!("docs/notice-not-in-writing.md"),
)
.applies(("`ended_by: me` ou `client`", "`ended_by: me` or `client`"))
.letter(NoticeConfirmation);

pub static CLIENT_NOTICE_SHORT: Rule = Rule::new(
    "client-notice-short",
    EndOfMission,
    Info,
    include_str!("docs/client-notice-short.md"),
)
.applies(("`ended_by: client`", "`ended_by: client`"));

pub static FINAL_INVOICE_MISSING: Rule = Rule::new(
    "final-invoice-missing",
    EndOfMission,
    Warning,
    include_str!("docs/final-invoice-missing.md"),
)
.applies(CLOSED);

pub static RECOMMENDATION_NOT_REQUESTED: Rule = Rule::new(
    "recommendation-not-requested",
    EndOfMission,
    Info,
    include_str!("docs/recommendation-not-requested.md"),
)
.applies((
    "closed, `ended_by` `term` ou `mutual`",
    "closed, `ended_by` `term` or `mutual`",
))
.letter(RecommendationRequest);

pub static DEPOSIT_UNPAID: Rule = Rule::new(
    "deposit-unpaid",
    Money,
    Warning,
    include_str!("docs/deposit-unpaid.md"),
)
.applies(ACTIVE_ENDING)
.letter(PaymentReminder);

pub static PAYMENT_TERMS_TOO_LONG: Rule = Rule::new(
    "payment-terms-too-long",
    Money,
    Warning,
    include_str!("docs/payment-terms-too-long.md"),
)
.applies(("`client_kind: business`", "`client_kind: business`"));

pub static INVOICE_UNPAID: Rule = Rule::new(
    "invoice-unpaid",
    Money,
    Error,
    include_str!("docs/invoice-unpaid.md"),
)
.letter(FormalNotice);

pub static FORMAL_NOTICE_UNANSWERED: Rule = Rule::new(
    "formal-notice-unanswered",
    Money,
    Warning,
    include_str!("docs/formal-notice-unanswered.md"),
)
.letter(FormalNotice);

pub static INVOICE_PRESCRIPTION_NEAR: Rule = Rule::new(
    "invoice-prescription-near",
    Money,
    Error,
    include_str!("docs/invoice-prescription-near.md"),
);

pub static WORKED_WHILE_UNPAID: Rule = Rule::new(
    "worked-while-unpaid",
    Money,
    Warning,
    include_str!("docs/worked-while-unpaid.md"),
);

pub static CASE_STUDY_CONSENT: Rule = Rule::new(
    "case-study-consent",
    Publishing,
    Error,
    include_str!("docs/case-study-consent.md"),
)
.applies(CASE_STUDY)
.letter(CaseStudyConsent);

pub static CASE_STUDY_ALIAS: Rule = Rule::new(
    "case-study-alias",
    Publishing,
    Error,
    include_str!("docs/case-study-alias.md"),
)
.applies(CASE_STUDY);

pub static CLIENT_NAME_LEAK: Rule = Rule::new(
    "client-name-leak",
    Publishing,
    Error,
    include_str!("docs/client-name-leak.md"),
)
.applies(PUBLISHED);

pub static PERSONAL_DATA_LEAK: Rule = Rule::new(
    "personal-data-leak",
    Publishing,
    Warning,
    include_str!("docs/personal-data-leak.md"),
)
.applies(PUBLISHED);

pub static ALLOW_WITHOUT_REASON: Rule = Rule::new(
    "allow-without-reason",
    Suppression,
    Warning,
    include_str!("docs/allow-without-reason.md"),
)
.unsilenceable();

pub static ALLOW_UNKNOWN_RULE: Rule = Rule::new(
    "allow-unknown-rule",
    Suppression,
    Warning,
    include_str!("docs/allow-unknown-rule.md"),
)
.unsilenceable();

/// The registry, in catalog order.
pub static RULES: &[&Rule] = &[
    &FILE_UNREADABLE,
    &FRONT_MATTER_MISSING,
    &FRONT_MATTER_SYNTAX,
    &BODY_TOO_DEEP,
    &FIELD_MISSING,
    &FIELD_INVALID,
    &FIELD_UNKNOWN,
    &DATES_INCONSISTENT,
    &DUPLICATE_SLUG,
    &MISSION_STALE,
    &FEEDBACK_MISSING,
    &LESSONS_MISSING,
    &HANDOVER_MISSING,
    &DELIVERABLES_MISSING,
    &UNFINISHED_WORK,
    &ACCESS_MISSING,
    &ACCESS_OPEN,
    &RGPD_NOT_NOTIFIED,
    &RGPD_NOT_DELETED,
    &CONTRACT_UNCHECKED,
    &NOTICE_TOO_SHORT,
    &NOTICE_NOT_IN_WRITING,
    &CLIENT_NOTICE_SHORT,
    &FINAL_INVOICE_MISSING,
    &RECOMMENDATION_NOT_REQUESTED,
    &DEPOSIT_UNPAID,
    &PAYMENT_TERMS_TOO_LONG,
    &INVOICE_UNPAID,
    &FORMAL_NOTICE_UNANSWERED,
    &INVOICE_PRESCRIPTION_NEAR,
    &WORKED_WHILE_UNPAID,
    &CASE_STUDY_CONSENT,
    &CASE_STUDY_ALIAS,
    &CLIENT_NAME_LEAK,
    &PERSONAL_DATA_LEAK,
    &ALLOW_WITHOUT_REASON,
    &ALLOW_UNKNOWN_RULE,
];

/// The built-in rule with this id.
pub fn find(id: &str) -> Option<&'static Rule> {
    RULES.iter().copied().find(|r| r.id == id)
}

/// The documentation of custom elements (`[[lint.require]]`), which have no `Rule`: their ids
/// come from `book.toml`.
pub const CUSTOM_ELEMENT_DOC: &str = include_str!("docs/custom-element.md");

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{FixKind, LetterKind};

    #[test]
    fn ids_are_unique_and_in_catalog_order() {
        let ids: Vec<&str> = RULES.iter().map(|r| r.id).collect();
        assert_eq!(
            ids,
            [
                "file-unreadable",
                "front-matter-missing",
                "front-matter-syntax",
                "body-too-deep",
                "field-missing",
                "field-invalid",
                "field-unknown",
                "dates-inconsistent",
                "duplicate-slug",
                "mission-stale",
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
                "client-notice-short",
                "final-invoice-missing",
                "recommendation-not-requested",
                "deposit-unpaid",
                "payment-terms-too-long",
                "invoice-unpaid",
                "formal-notice-unanswered",
                "invoice-prescription-near",
                "worked-while-unpaid",
                "case-study-consent",
                "case-study-alias",
                "client-name-leak",
                "personal-data-leak",
                "allow-without-reason",
                "allow-unknown-rule",
            ]
        );
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), RULES.len());
        // Families are contiguous, so the catalog can be listed family by family.
        let mut families: Vec<_> = RULES.iter().map(|r| r.family).collect();
        families.dedup();
        assert_eq!(families.len(), 5);
    }

    #[test]
    fn find_knows_every_rule_and_only_them() {
        for rule in RULES {
            assert!(std::ptr::eq(find(rule.id).unwrap(), *rule), "{}", rule.id);
        }
        assert!(find("tracking-removed").is_none());
        assert!(find("").is_none());
    }

    /// What `lint.allow` could silence before it was a field: every rule but the `allow-*` ones.
    #[test]
    fn silenceable_is_what_it_always_was() {
        for rule in RULES {
            assert_eq!(
                rule.silenceable,
                !rule.id.starts_with("allow-"),
                "{}",
                rule.id
            );
        }
    }

    /// The quick fixes of `design/lsp.md`: rename an unknown key, insert a missing section, add a
    /// `lint.allow` entry (any rule it can silence whose diagnostics come with a parsed front
    /// matter).
    #[test]
    fn fixes_follow_the_language_server_design() {
        use FixKind::{AddAllow, InsertSection, RenameKey};
        let special: &[(&str, &[FixKind])] = &[
            ("file-unreadable", &[]),
            ("front-matter-missing", &[]),
            ("front-matter-syntax", &[]),
            ("body-too-deep", &[]),
            ("field-unknown", &[RenameKey, AddAllow]),
            ("feedback-missing", &[InsertSection, AddAllow]),
            ("lessons-missing", &[InsertSection, AddAllow]),
            ("handover-missing", &[InsertSection, AddAllow]),
            ("deliverables-missing", &[InsertSection, AddAllow]),
            ("access-missing", &[InsertSection, AddAllow]),
            ("allow-without-reason", &[]),
            ("allow-unknown-rule", &[]),
        ];
        for rule in RULES {
            let expected = special
                .iter()
                .find(|(id, _)| *id == rule.id)
                .map_or(&[AddAllow][..], |(_, fixes)| fixes);
            assert_eq!(rule.fixes, expected, "{}", rule.id);
            assert!(
                rule.silenceable || !rule.fixes.contains(&AddAllow),
                "{}",
                rule.id
            );
        }
    }

    /// The letters of `design/letters.md` that act on a rule's diagnostics.
    #[test]
    fn letters_follow_the_draft_design() {
        use LetterKind::*;
        let letters: Vec<(&str, LetterKind)> = RULES
            .iter()
            .filter_map(|r| r.letter.map(|l| (r.id, l)))
            .collect();
        assert_eq!(
            letters,
            [
                ("feedback-missing", FeedbackRequest),
                ("handover-missing", Handover),
                ("rgpd-not-notified", RgpdDeletion),
                ("notice-not-in-writing", NoticeConfirmation),
                ("recommendation-not-requested", RecommendationRequest),
                ("deposit-unpaid", PaymentReminder),
                ("invoice-unpaid", FormalNotice),
                ("formal-notice-unanswered", FormalNotice),
                ("case-study-consent", CaseStudyConsent),
            ]
        );
    }

    #[test]
    fn defaults_and_applies_texts() {
        assert_eq!(DATES_INCONSISTENT.applies, ("toutes", "all"));
        assert_eq!(FEEDBACK_MISSING.applies, ("closed", "closed"));
        assert_eq!(FIELD_UNKNOWN.severity, Warning);
        assert_eq!(DELIVERABLES_MISSING.severity, Info);
        assert_eq!(MISSION_STALE.applies, ("active, ending", "active, ending"));
        assert_eq!(CLIENT_NOTICE_SHORT.severity, Info);
        assert_eq!(INVOICE_PRESCRIPTION_NEAR.severity, Error);
        assert_eq!(
            NOTICE_NOT_IN_WRITING.applies,
            ("`ended_by: me` ou `client`", "`ended_by: me` or `client`")
        );
    }
}
