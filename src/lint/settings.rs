//! The linter's settings, as `book.toml`'s `[lint]` table gives them: `[lint.rules]` levels, the
//! `[lint.policy]` delays and words, and the `[[lint.require]]` custom elements. Only the types live here,
//! with the linter that reads them; `config` reads and validates them with the rest of the file.

use crate::diagnostic::{Pos, Severity};
use crate::vocab::Status;

/// The `[lint]` table of `book.toml`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Settings {
    pub rules: Vec<RuleSetting>,
    pub policy: Policy,
    pub require: Vec<CustomElement>,
}

/// A `[lint.rules]` entry: a rule id (checked against the registry by the linter) and its level.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleSetting {
    pub id: String,
    /// `None` = `off`.
    pub level: Option<Severity>,
    pub pos: Pos,
}

/// `[lint.policy]`: the delays, in days, that some rules give before they report, and the words
/// that make a journal entry administrative rather than work.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    pub access_grace_days: i64,
    pub rgpd_retention_days: i64,
    pub feedback_wait_days: i64,
    pub stale_grace_days: i64,
    /// The deadline a formal notice gives, 1 to 30 (`[money]` wins over `[lint.policy]`).
    pub formal_notice_days: i64,
    pub prescription_warn_days: i64,
    pub final_invoice_days: i64,
    pub payment_terms_max_days: i64,
    /// Admin words and phrases, each normalised like headings and split into words
    /// (`DEFAULT_ADMIN_WORDS` then the book's `admin-words`).
    pub admin_words: Vec<Vec<String>>,
}

/// The admin words every book has: a journal entry whose heading contains one is not work.
/// Accent-free, compared after removing accents and case.
pub const DEFAULT_ADMIN_WORDS: &[&str] = &[
    "relance",
    "relances",
    "rappel",
    "rappels",
    "mise en demeure",
    "recommande",
    "preavis",
    "resiliation",
    "fin de mission",
    "facture",
    "factures",
    "facturation",
    "paiement",
    "paiements",
    "impaye",
    "impayee",
    "impayes",
    "impayees",
    "acompte",
    "acomptes",
    "recouvrement",
    "injonction",
    "avocat",
    "commissaire de justice",
    "huissier",
    "reminder",
    "reminders",
    "formal notice",
    "notice period",
    "termination",
    "end of mission",
    "invoice",
    "invoices",
    "invoicing",
    "payment",
    "payments",
    "unpaid",
    "deposit",
    "collection",
    "lawyer",
];

/// The words of `phrase` as admin words are compared: normalised like headings, split on
/// anything but letters and digits (`Mise en demeure` → `mise`, `en`, `demeure`).
pub fn words(phrase: &str) -> Vec<String> {
    crate::text::normalize_heading(phrase)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

impl Policy {
    /// Adds the book's own admin words to the defaults (blank ones are skipped).
    pub fn add_admin_words<'w>(&mut self, extra: impl IntoIterator<Item = &'w str>) {
        for phrase in extra {
            let w = words(phrase);
            if !w.is_empty() && !self.admin_words.contains(&w) {
                self.admin_words.push(w);
            }
        }
    }

    /// True when `heading` (a journal entry's heading, date included) names administration
    /// (a reminder, an invoice, a notice…) rather than work: it contains an admin word or
    /// phrase as whole words.
    pub fn is_admin(&self, heading: &str) -> bool {
        self.is_admin_normalized(&crate::text::normalize_heading(heading))
    }

    /// `is_admin` of a heading already normalised (`Heading::norm`).
    pub fn is_admin_normalized(&self, norm: &str) -> bool {
        let words: Vec<&str> = norm
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        self.admin_words.iter().any(|phrase| {
            words
                .windows(phrase.len())
                .any(|window| window.iter().zip(phrase).all(|(a, b)| a == b))
        })
    }
}

impl Default for Policy {
    fn default() -> Self {
        let mut policy = Policy {
            access_grace_days: 90,
            rgpd_retention_days: 30,
            feedback_wait_days: 30,
            stale_grace_days: 7,
            formal_notice_days: 8,
            prescription_warn_days: 90,
            final_invoice_days: 31,
            payment_terms_max_days: 60,
            admin_words: Vec::new(),
        };
        policy.add_admin_words(DEFAULT_ADMIN_WORDS.iter().copied());
        policy
    }
}

/// A `[[lint.require]]` custom element.
#[derive(Debug, Clone, PartialEq)]
pub struct CustomElement {
    pub id: String,
    pub headings: Vec<String>,
    /// `headings`, normalised like section headings.
    pub norms: Vec<String>,
    pub status: Vec<Status>,
    pub tags: Vec<String>,
    pub severity: Severity,
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The work entries of `lint-rules.md` version 2.
    #[test]
    fn admin_entries_and_work_entries() {
        let p = Policy::default();
        for admin in [
            "2025-03-01 — Deuxième relance",
            "2025-03-01 Facture de janvier en retard",
            "2025-03-01 : MISE EN DEMEURE envoyée",
            "2025-03-01 Envoi en recommandé",
            "2025-03-01 Préavis reçu",
            "2025-03-01 — Appel au commissaire de justice",
            "2025-03-01 Invoice sent",
            "2025-03-01 Impayées",
        ] {
            assert!(p.is_admin(admin), "{admin}");
        }
        for work in [
            "2025-03-01 — Refonte de la page d’accueil",
            "2025-03-01",
            "2025-03-01 — Dernière notice livrée",
            "2025-03-01 Facturier refondu",
            "2025-03-01 Relancement du site",
            "2025-03-01 Mise en ligne",
            "2025-03-01 Demeure de campagne",
        ] {
            assert!(!p.is_admin(work), "{work}");
        }
    }

    #[test]
    fn book_words_are_added_to_the_defaults() {
        let mut p = Policy::default();
        let before = p.admin_words.len();
        p.add_admin_words(["Réunion de suivi", "  ", "relance"]);
        assert_eq!(p.admin_words.len(), before + 1);
        assert!(p.is_admin("2025-03-01 — réunion de SUIVI hebdo"));
        assert!(!p.is_admin("2025-03-01 — réunion"));
    }
}
