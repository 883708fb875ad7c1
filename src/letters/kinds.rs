//! The kinds of letter as `debrief draft` names them (`formal-notice`), what each needs, and
//! the subject line each letter carries. The kinds themselves are the rule catalog's
//! `LetterKind`: there is no second list.

use crate::diagnostic::LetterKind;
use crate::i18n::Lang;

impl LetterKind {
    /// Every kind, in the order `draft --list` shows them.
    pub const ALL: [LetterKind; 9] = [
        LetterKind::Notice,
        LetterKind::NoticeConfirmation,
        LetterKind::PaymentReminder,
        LetterKind::FormalNotice,
        LetterKind::RgpdDeletion,
        LetterKind::FeedbackRequest,
        LetterKind::RecommendationRequest,
        LetterKind::CaseStudyConsent,
        LetterKind::Handover,
    ];

    /// The `KIND` argument and the template's file stem.
    pub fn name(self) -> &'static str {
        match self {
            LetterKind::Notice => "notice",
            LetterKind::NoticeConfirmation => "notice-confirmation",
            LetterKind::PaymentReminder => "payment-reminder",
            LetterKind::FormalNotice => "formal-notice",
            LetterKind::RgpdDeletion => "rgpd-deletion",
            LetterKind::FeedbackRequest => "feedback-request",
            LetterKind::RecommendationRequest => "recommendation-request",
            LetterKind::CaseStudyConsent => "case-study-consent",
            LetterKind::Handover => "handover",
        }
    }

    pub fn parse(name: &str) -> Option<LetterKind> {
        LetterKind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// Whether the letter is legal in nature (it then ends with the advice note for the author).
    pub fn is_legal(self) -> bool {
        matches!(
            self,
            LetterKind::Notice
                | LetterKind::NoticeConfirmation
                | LetterKind::FormalNotice
                | LetterKind::RgpdDeletion
        )
    }

    /// Whether it is about unpaid invoices.
    pub fn is_money(self) -> bool {
        matches!(self, LetterKind::PaymentReminder | LetterKind::FormalNotice)
    }

    /// When to send it and what it needs, for `draft --list`.
    pub fn summary(self, lang: Lang) -> &'static str {
        match self {
            LetterKind::Notice => lang.pick(
                "mettre fin à la mission soi-même — notice.given, contract.notice_days ou notice_months",
                "ending the mission myself — notice.given, contract.notice_days or notice_months",
            ),
            LetterKind::NoticeConfirmation => lang.pick(
                "confirmer par écrit un préavis donné de vive voix — notice.given, la durée du préavis",
                "confirming in writing a notice given by phone or in a meeting — notice.given, the notice period",
            ),
            LetterKind::PaymentReminder => lang.pick(
                "relance amiable d’une facture échue ou de l’acompte — invoices[] avec number, amount, due\u{A0}; deposit",
                "friendly reminder of an invoice past due or the deposit — invoices[] with number, amount, due; deposit",
            ),
            LetterKind::FormalNotice => lang.pick(
                "mise en demeure de payer — invoices[] avec number, amount, due\u{A0}; [money]",
                "formal notice to pay — invoices[] with number, amount, due; [money]",
            ),
            LetterKind::RgpdDeletion => lang.pick(
                "confirmer la suppression ou la restitution des données — rgpd.deleted ou rgpd.returned",
                "confirming the client’s data was deleted or returned — rgpd.deleted or rgpd.returned",
            ),
            LetterKind::FeedbackRequest => lang.pick(
                "demander un retour en fin de mission — la section Livrables",
                "asking for feedback at the end — the Deliverables section",
            ),
            LetterKind::RecommendationRequest => lang.pick(
                "demander une recommandation — où elle paraîtra",
                "asking for a testimonial — where it will appear",
            ),
            LetterKind::CaseStudyConsent => lang.pick(
                "demander l’accord pour une étude de cas — client_alias, publish",
                "asking consent for a case study — client_alias, publish",
            ),
            LetterKind::Handover => lang.pick(
                "le dossier de passation — sections Livrables, Passation, Accès",
                "the handover pack — Deliverables, Handover and Access sections",
            ),
        }
    }

    /// The subject (without `Objet :`), for the letter and the e-mail.
    /// `invoices`: the claimed numbers, `true` for the deposit.
    pub fn subject(self, lang: Lang, mission: &str, invoices: &[(String, bool)]) -> String {
        let what = claimed(lang, invoices);
        match (self, lang) {
            (LetterKind::Notice, Lang::Fr) => format!("Résiliation — {mission}"),
            (LetterKind::Notice, Lang::En) => format!("Notice of termination — {mission}"),
            (LetterKind::NoticeConfirmation, Lang::Fr) => {
                format!("Confirmation de préavis — {mission}")
            }
            (LetterKind::NoticeConfirmation, Lang::En) => {
                format!("Confirmation of notice — {mission}")
            }
            (LetterKind::PaymentReminder, Lang::Fr) => format!("Relance — {what}"),
            (LetterKind::PaymentReminder, Lang::En) => format!("Payment reminder — {what}"),
            (LetterKind::FormalNotice, Lang::Fr) => format!("Mise en demeure de payer — {what}"),
            (LetterKind::FormalNotice, Lang::En) => {
                format!("Formal notice to pay (mise en demeure) — {what}")
            }
            (LetterKind::RgpdDeletion, Lang::Fr) => {
                format!("Suppression de vos données personnelles — {mission}")
            }
            (LetterKind::RgpdDeletion, Lang::En) => {
                format!("Deletion of your personal data — {mission}")
            }
            (LetterKind::FeedbackRequest, Lang::Fr) => {
                format!("Votre retour sur la mission — {mission}")
            }
            (LetterKind::FeedbackRequest, Lang::En) => {
                format!("Your feedback on the mission — {mission}")
            }
            (LetterKind::RecommendationRequest, Lang::Fr) => {
                format!("Une recommandation — {mission}")
            }
            (LetterKind::RecommendationRequest, Lang::En) => {
                format!("A short testimonial — {mission}")
            }
            (LetterKind::CaseStudyConsent, Lang::Fr) => {
                format!("Accord pour une étude de cas anonymisée — {mission}")
            }
            (LetterKind::CaseStudyConsent, Lang::En) => {
                format!("Consent to an anonymised case study — {mission}")
            }
            (LetterKind::Handover, Lang::Fr) => format!("Dossier de passation — {mission}"),
            (LetterKind::Handover, Lang::En) => format!("Handover pack — {mission}"),
        }
    }
}

/// `facture 2025-014`, `factures 2025-014, 2025-015 et acompte`; `invoice 2025-014`, `deposit`.
fn claimed(lang: Lang, invoices: &[(String, bool)]) -> String {
    let numbers: Vec<&str> = invoices
        .iter()
        .filter(|(_, deposit)| !deposit)
        .map(|(n, _)| n.as_str())
        .collect();
    let mut parts = Vec::new();
    if !numbers.is_empty() {
        let word = match (lang, numbers.len() >= 2) {
            (Lang::Fr, false) => "facture",
            (Lang::Fr, true) => "factures",
            (Lang::En, false) => "invoice",
            (Lang::En, true) => "invoices",
        };
        parts.push(format!("{word} {}", numbers.join(", ")));
    }
    if invoices.iter().any(|(_, deposit)| *deposit) {
        parts.push(lang.pick("acompte", "deposit").to_string());
    }
    parts.join(lang.pick(" et ", " and "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for k in LetterKind::ALL {
            assert_eq!(LetterKind::parse(k.name()), Some(k));
        }
        assert_eq!(LetterKind::parse("formal_notice"), None);
    }

    #[test]
    fn subjects_name_what_is_claimed() {
        let one = [("2025-014".to_string(), false)];
        let mixed = [
            ("2025-014".to_string(), false),
            ("2025-015".to_string(), false),
            ("acompte".to_string(), true),
        ];
        assert_eq!(
            LetterKind::FormalNotice.subject(Lang::Fr, "M", &one),
            "Mise en demeure de payer — facture 2025-014"
        );
        assert_eq!(
            LetterKind::PaymentReminder.subject(Lang::Fr, "M", &mixed),
            "Relance — factures 2025-014, 2025-015 et acompte"
        );
        assert_eq!(
            LetterKind::PaymentReminder.subject(Lang::En, "M", &[("deposit".into(), true)]),
            "Payment reminder — deposit"
        );
    }
}
