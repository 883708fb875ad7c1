//! `debrief lint`, version 2 of the rule catalog ("Money and endings", `lint-rules.md`): the seven
//! new rules, the changed ones, precisions 19 to 28, and the front-matter keys and `book.toml`
//! tables they read. Every test runs the real binary on a small book with a fixed `--today` and
//! asserts what the user sees: rule id, line, severity, message, help, exit code.

mod support;

use support::TempBook;
use support::journal::{Journal, line_of};
use support::report::{Diag, Triple};

/// The diagnostics of `rule` when a French book holding only `journal` is linted on `today`.
fn fired(journal: &Journal, today: &str, rule: &str) -> Vec<Triple> {
    fired_in(&TempBook::fr(), journal, today, rule)
}

fn fired_in(book: &TempBook, journal: &Journal, today: &str, rule: &str) -> Vec<Triple> {
    book.mission("2025/mission.md", journal.text());
    book.triples_on(today)
        .into_iter()
        .filter(|t| t.0 == rule)
        .collect()
}

/// The full diagnostics of `rule` (message, help, column) in `lang`.
fn diags(journal: &Journal, today: &str, rule: &str, lang: &str) -> Vec<Diag> {
    let book = if lang == "fr" {
        TempBook::fr()
    } else {
        TempBook::en()
    };
    book.mission("2025/mission.md", journal.text());
    book.lint_on(today, &["--format", "json"])
        .report()
        .diagnostics
        .into_iter()
        .filter(|d| d.rule == rule)
        .collect()
}

fn none() -> Vec<Triple> {
    Vec::new()
}

fn book_with(policy: &str) -> TempBook {
    TempBook::with_missions(&format!(
        "[book]\ntitle = \"Carnet\"\nlanguage = \"fr\"\n{policy}"
    ))
}

mod mission_stale {
    use super::*;

    /// An active mission that ended on 2025-06-30; `status` is line 5.
    fn over() -> Journal {
        Journal::active().set("end", "2025-06-30")
    }

    #[test]
    fn fires_from_end_plus_eight_days_at_the_status_key() {
        assert_eq!(fired(&over(), "2025-07-07", "mission-stale"), none());
        assert_eq!(
            fired(&over(), "2025-07-08", "mission-stale"),
            [("mission-stale", 5, "warning")]
        );
        let d = &diags(&over(), "2025-07-08", "mission-stale", "fr")[0];
        assert_eq!(
            d.message,
            "mission terminée le 2025-06-30 mais toujours `active`\u{a0}: elle n’a jamais été clôturée"
        );
        let en = &diags(&over(), "2025-07-08", "mission-stale", "en")[0];
        assert_eq!(
            en.message,
            "mission over on 2025-06-30 but still `active`: it was never closed"
        );
    }

    #[test]
    fn applies_to_ending_missions_not_closed_ones_and_needs_an_end() {
        let ending = over().set("status", "ending").set("ended_by", "client");
        assert_eq!(
            fired(&ending, "2025-07-08", "mission-stale"),
            [("mission-stale", 5, "warning")]
        );
        let closed = Journal::closed();
        assert_eq!(fired(&closed, "2026-11-23", "mission-stale"), none());
        // Precision 20: no `end`, no date to pass.
        assert_eq!(
            fired(&Journal::active(), "2030-01-01", "mission-stale"),
            none()
        );
        let invalid = Journal::active().set("end", "2025-06-31");
        assert_eq!(fired(&invalid, "2030-01-01", "mission-stale"), none());
    }

    #[test]
    fn the_grace_is_the_books_policy() {
        let book = book_with("[lint.policy]\nstale-grace-days = 14\n");
        assert_eq!(
            fired_in(&book, &over(), "2025-07-14", "mission-stale"),
            none()
        );
        assert_eq!(
            fired_in(&book, &over(), "2025-07-15", "mission-stale"),
            [("mission-stale", 5, "warning")]
        );
    }
}

mod final_invoice_missing {
    use super::*;

    /// `Journal::closed()` (end 2025-06-30, `status` line 6) with these invoices.
    fn closed_with(invoices: &str) -> Journal {
        Journal::closed().set("invoices", invoices)
    }

    #[test]
    fn an_invoice_issued_exactly_end_minus_31_days_is_enough_paid_or_not() {
        let paid = closed_with(
            "[{ number: \"F1\", amount: 100, issued: 2025-05-30, due: 2025-06-29, paid: 2025-06-29 }]",
        );
        assert_eq!(fired(&paid, "2026-11-23", "final-invoice-missing"), none());
        let unpaid = closed_with("[{ number: \"F1\", amount: 100, issued: 2025-05-30 }]");
        assert_eq!(
            fired(&unpaid, "2026-11-23", "final-invoice-missing"),
            none()
        );
        let earlier = closed_with("[{ number: \"F1\", amount: 100, issued: 2025-05-29 }]");
        assert_eq!(
            fired(&earlier, "2026-11-23", "final-invoice-missing"),
            [("final-invoice-missing", 6, "warning")]
        );
        let d = &diags(&earlier, "2026-11-23", "final-invoice-missing", "fr")[0];
        assert_eq!(
            d.message,
            "mission close sans facture émise depuis le 2025-05-30 (31 jours avant la fin du 2025-06-30)"
        );
    }

    #[test]
    fn no_invoice_counts_and_invoices_without_issued_are_ignored() {
        let none_at_all = Journal::closed().unset("invoices");
        assert_eq!(
            fired(&none_at_all, "2026-11-23", "final-invoice-missing"),
            [("final-invoice-missing", 6, "warning")]
        );
        let undated = closed_with("[{ number: \"F1\", amount: 100, due: 2025-07-30 }]");
        assert_eq!(
            fired(&undated, "2026-11-23", "final-invoice-missing"),
            [("final-invoice-missing", 6, "warning")]
        );
    }

    #[test]
    fn only_closed_missions_with_an_end() {
        let active = Journal::active().set("end", "2025-06-30");
        assert_eq!(
            fired(&active, "2026-11-23", "final-invoice-missing"),
            none()
        );
        // Precision 20: a closed mission without `end` gets `field-missing`, not this.
        let no_end = Journal::closed().unset("end").unset("invoices");
        assert_eq!(
            fired(&no_end, "2026-11-23", "final-invoice-missing"),
            none()
        );
    }

    #[test]
    fn the_window_is_the_books_policy() {
        let book = book_with("[lint.policy]\nfinal-invoice-days = 40\n");
        let j =
            closed_with("[{ number: \"F1\", amount: 100, issued: 2025-05-21, paid: 2025-06-01 }]");
        assert_eq!(
            fired_in(&book, &j, "2026-11-23", "final-invoice-missing"),
            none()
        );
    }
}

mod payment_terms_too_long {
    use super::*;

    fn terms(due: &str) -> Journal {
        Journal::active().set(
            "invoices",
            &format!(
                "[{{ number: \"T1\", amount: 100, issued: 2025-01-01, due: {due}, paid: 2025-01-02 }}]"
            ),
        )
    }

    #[test]
    fn sixty_days_is_allowed_sixty_one_is_not() {
        // 2025-01-01 + 60 days = 2025-03-02.
        assert_eq!(
            fired(&terms("2025-03-02"), "2025-01-02", "payment-terms-too-long"),
            none()
        );
        let long = terms("2025-03-03");
        let line = line_of(&long.text(), "invoices:");
        assert_eq!(
            fired(&long, "2025-01-02", "payment-terms-too-long"),
            [("payment-terms-too-long", line, "warning")]
        );
        let d = &diags(&long, "2025-01-02", "payment-terms-too-long", "en")[0];
        assert_eq!(
            d.message,
            "invoice T1: payment term of 61 days from issue (2025-01-01) to due date (2025-03-03), over 60 days"
        );
        let help = d.help.as_deref().unwrap();
        assert!(help.contains("60 days from the invoice's issue"), "{help}");
        assert!(
            help.contains("45 days end of month if expressly agreed"),
            "{help}"
        );
        assert!(help.contains("C. com. L441-10"), "{help}");
    }

    #[test]
    fn only_for_business_clients_the_default() {
        let long = terms("2025-06-01");
        let consumer = long.clone().set("client_kind", "consumer");
        assert_eq!(
            fired(&consumer, "2025-01-02", "payment-terms-too-long"),
            none()
        );
        let business = long.clone().set("client_kind", "business");
        assert_eq!(
            fired(&business, "2025-01-02", "payment-terms-too-long").len(),
            1
        );
        // Precision 24: an invalid kind is `field-invalid` and counts as `business`.
        let invalid = long.set("client_kind", "particulier");
        let book = TempBook::en();
        book.mission("2025/mission.md", invalid.text());
        let all = book.lint_on("2025-01-02", &["--format", "json"]).report();
        let rules: Vec<&str> = all.diagnostics.iter().map(|d| d.rule.as_str()).collect();
        assert_eq!(rules, ["payment-terms-too-long", "field-invalid"]);
        let bad = &all.diagnostics[1];
        assert_eq!(bad.line, line_of(&invalid.text(), "client_kind:"));
        assert_eq!(
            bad.message,
            "`client_kind`: invalid value `particulier`; allowed values: `business`, `consumer`"
        );
    }

    #[test]
    fn the_maximum_is_the_books_policy() {
        let book = book_with("[lint.policy]\npayment-terms-max-days = 75\n");
        // 2025-01-01 + 75 days = 2025-03-17.
        assert_eq!(
            fired_in(
                &book,
                &terms("2025-03-17"),
                "2025-01-02",
                "payment-terms-too-long"
            ),
            none()
        );
        let book = book_with("[lint.policy]\npayment-terms-max-days = 75\n");
        assert_eq!(
            fired_in(
                &book,
                &terms("2025-03-18"),
                "2025-01-02",
                "payment-terms-too-long"
            )
            .len(),
            1
        );
    }
}

mod deposit_unpaid {
    use super::*;

    fn with_entries(body: &str) -> Journal {
        Journal::active()
            .set("deposit", "{ amount: 600, requested: 2025-03-01 }")
            .body(body)
    }

    const ENTRIES: &str = "## Journal\n\n### 2025-03-01 — Lancement\n\n### 2025-03-02 — Deuxième relance\n\n### 2025-03-05 — Refonte de la page d’accueil\n\n### 2025-03-03 — Facture de janvier en retard\n\n### 2025-03-04\n\n### 2025-03-06 — Dernière notice livrée\n";

    #[test]
    fn one_diagnostic_at_the_earliest_work_entry_strictly_after_the_request() {
        let j = with_entries(ENTRIES);
        let text = j.text();
        // 03-01 is the request day, 03-02 and 03-03 are admin; the date-only 03-04 is work.
        assert_eq!(
            fired(&j, "2025-03-10", "deposit-unpaid"),
            [(
                "deposit-unpaid",
                line_of(&text, "### 2025-03-04"),
                "warning"
            )]
        );
        let d = &diags(&j, "2025-03-10", "deposit-unpaid", "fr")[0];
        assert_eq!(d.column, 1);
        assert_eq!(
            d.message,
            "travail le 2025-03-04 alors que l’acompte (600\u{a0}€) demandé le 2025-03-01 n’est pas reçu"
        );
        assert!(
            d.help
                .as_deref()
                .unwrap()
                .contains("`debrief draft payment-reminder mission`")
        );
        let en = &diags(&j, "2025-03-10", "deposit-unpaid", "en")[0];
        assert_eq!(
            en.message,
            "work on 2025-03-04 while the deposit (€600) requested on 2025-03-01 has not been received"
        );
    }

    #[test]
    fn admin_entries_alone_do_not_fire_it() {
        let admin = with_entries(
            "### 2025-03-01 — Maquettes\n\n### 2025-03-02 — Deuxième relance\n\n### 2025-03-03 — Facture de janvier en retard\n",
        );
        assert_eq!(fired(&admin, "2025-03-10", "deposit-unpaid"), none());
    }

    #[test]
    fn received_closed_or_without_a_request_it_is_silent() {
        let received = with_entries(ENTRIES).set(
            "deposit",
            "{ amount: 600, requested: 2025-03-01, received: 2025-03-05 }",
        );
        assert_eq!(fired(&received, "2025-03-10", "deposit-unpaid"), none());
        let closed = Journal::closed()
            .set("deposit", "{ requested: 2025-03-01 }")
            .body(ENTRIES);
        assert_eq!(fired(&closed, "2026-11-23", "deposit-unpaid"), none());
        let unrequested = Journal::active()
            .set("deposit", "{ amount: 600 }")
            .body(ENTRIES);
        assert_eq!(fired(&unrequested, "2025-03-10", "deposit-unpaid"), none());
    }
}

mod worked_while_unpaid {
    use super::*;

    /// An invoice due 2025-02-28, never paid, and entries after it.
    fn late(body: &str) -> Journal {
        Journal::active()
            .set(
                "invoices",
                "[{ number: \"2025-002\", amount: 900, issued: 2025-01-31, due: 2025-02-28 }]",
            )
            .body(body)
    }

    #[test]
    fn only_work_entries_count() {
        let j = late(
            "### 2025-03-03 — Deuxième relance\n\n### 2025-03-04 — Facture de janvier en retard\n\n### 2025-03-05 — Refonte de la page d’accueil\n\n### 2025-03-06\n\n### 2025-03-07 — Dernière notice livrée\n\n### 2025-03-08 — MISE EN DEMEURE envoyée\n\n### 2025-03-09 — Point sur le préavis\n",
        );
        let text = j.text();
        assert_eq!(
            fired(&j, "2025-03-10", "worked-while-unpaid"),
            [
                ("worked-while-unpaid", line_of(&text, "Refonte"), "warning"),
                (
                    "worked-while-unpaid",
                    line_of(&text, "### 2025-03-06"),
                    "warning"
                ),
                (
                    "worked-while-unpaid",
                    line_of(&text, "notice livrée"),
                    "warning"
                ),
            ]
        );
        let d = &diags(&j, "2025-03-10", "worked-while-unpaid", "en")[0];
        assert_eq!(
            d.help.as_deref(),
            Some(
                "stopping work is allowed if proportionate: announce it in writing, ideally in the formal notice (C. civ. 1219–1220); an entry about a reminder, an invoice or a notice is not work: the words of `[lint.policy] admin-words` tell it apart"
            )
        );
    }

    #[test]
    fn the_books_admin_words_are_added_to_the_defaults() {
        let j = late(
            "### 2025-03-03 — Réunion de suivi\n\n### 2025-03-04 — Relance\n\n### 2025-03-05 — Atelier\n",
        );
        let book = book_with("[lint.policy]\nadmin-words = [\"réunion de suivi\"]\n");
        let text = j.text();
        assert_eq!(
            fired_in(&book, &j, "2025-03-10", "worked-while-unpaid"),
            [("worked-while-unpaid", line_of(&text, "Atelier"), "warning")]
        );
    }
}

mod invoice_unpaid {
    use super::*;

    fn unpaid(extra: &str) -> Journal {
        Journal::active().set(
            "invoices",
            &format!(
                "[{{ number: \"2026-042\", amount: 1800, issued: 2026-10-01, due: 2026-11-13{extra} }}]"
            ),
        )
    }

    #[test]
    fn a_formal_notice_date_alone_makes_it_a_warning() {
        let sent = unpaid(", formal_notice: 2026-11-20");
        assert_eq!(
            fired(&sent, "2026-11-23", "invoice-unpaid"),
            [("invoice-unpaid", 6, "warning")]
        );
        let d = &diags(&sent, "2026-11-23", "invoice-unpaid", "fr")[0];
        assert_eq!(
            d.message,
            "facture 2026-042 (1\u{202f}800\u{a0}€) impayée depuis 10 jours\u{a0}; mise en demeure envoyée (le 2026-11-20)"
        );
        let reminded = unpaid(", reminded: 2026-11-20");
        assert_eq!(
            fired(&reminded, "2026-11-23", "invoice-unpaid"),
            [("invoice-unpaid", 6, "error")]
        );
    }

    #[test]
    fn the_help_follows_the_clients_kind() {
        let business = &diags(&unpaid(""), "2026-11-23", "invoice-unpaid", "fr")[0];
        assert_eq!(
            business.help.as_deref(),
            Some(
                "relancez, puis envoyez une mise en demeure (`debrief draft formal-notice mission`)\u{a0}: lettre recommandée avec accusé de réception, facture jointe, en pli sans enveloppe pour que son contenu soit plus difficile à contester, le numéro du recommandé recopié sur la lettre, et les mêmes documents par courriel en citant ce numéro\u{a0}; entre professionnels, les pénalités de retard courent dès le lendemain de l’échéance, sans relance, et l’indemnité forfaitaire de 40\u{a0}€ s’ajoute par facture (C. com. L441-10)\u{a0}; suspendre le travail est permis s’il reste proportionné\u{a0}: annoncez-le par écrit, au mieux dans la mise en demeure (C. civ. 1219-1220)\u{a0}; notez la date dans `formal_notice` et le numéro dans `rar`"
            )
        );
        let consumer = unpaid("").set("client_kind", "consumer");
        let help = diags(&consumer, "2026-11-23", "invoice-unpaid", "en")[0]
            .help
            .clone()
            .unwrap();
        assert!(
            help.contains("with a consumer, legal interest runs from the formal notice, and there is no €40 indemnity (C. civ. 1231-6, 1344-1)"),
            "{help}"
        );
        assert!(!help.contains("between businesses"), "{help}");
        assert!(
            help.contains("harder to dispute") && !help.contains("proven"),
            "{help}"
        );
        assert!(
            help.contains("`debrief draft formal-notice mission`"),
            "{help}"
        );
    }
}

mod formal_notice_unanswered {
    use super::*;

    /// An invoice with a formal notice sent on 2025-09-01; the invoice is line 6.
    fn noticed(extra: &str) -> Journal {
        Journal::active().set(
            "invoices",
            &format!(
                "[{{ number: \"2025-021\", amount: 950, issued: 2025-07-31, due: 2025-08-30, formal_notice: 2025-09-01{extra} }}]"
            ),
        )
    }

    #[test]
    fn silent_on_the_deadline_a_warning_after_an_error_from_day_31() {
        let j = noticed("");
        assert_eq!(fired(&j, "2025-09-09", "formal-notice-unanswered"), none());
        for day in ["2025-09-10", "2025-10-01"] {
            assert_eq!(
                fired(&j, day, "formal-notice-unanswered"),
                [("formal-notice-unanswered", 6, "warning")],
                "{day}"
            );
        }
        assert_eq!(
            fired(&j, "2025-10-02", "formal-notice-unanswered"),
            [("formal-notice-unanswered", 6, "error")]
        );
    }

    #[test]
    fn invoice_unpaid_fires_on_the_same_invoice() {
        let book = TempBook::en();
        book.mission("2025/mission.md", noticed("").text());
        let triples = book.triples_on("2025-09-10");
        assert_eq!(
            triples,
            [
                ("formal-notice-unanswered", 6, "warning"),
                ("invoice-unpaid", 6, "warning"),
            ]
        );
        let d = &book
            .lint_on("2025-09-10", &["--format", "json"])
            .report()
            .diagnostics[0];
        assert_eq!(
            d.message,
            "invoice 2025-021 (€950) still unpaid after the formal notice of 2025-09-01 (deadline given: 2025-09-09)"
        );
        assert_eq!(
            d.help.as_deref(),
            Some(
                "next step: an injonction de payer (payment order), a request made without a lawyer to the tribunal de commerce (trader client) or the tribunal judiciaire (CPC 1405–1416); for €5,000 or less, the simplified small-claims recovery procedure through a commissaire de justice (C. proc. exéc. L125-1); record `paid` once paid → `debrief draft formal-notice mission`"
            )
        );
    }

    #[test]
    fn the_french_help_writes_amounts_the_french_way() {
        let d = &diags(&noticed(""), "2025-10-02", "formal-notice-unanswered", "fr")[0];
        assert_eq!(
            d.message,
            "facture 2025-021 (950\u{a0}€) toujours impayée après la mise en demeure du 2025-09-01 (échéance donnée\u{a0}: 2025-09-09)"
        );
        let help = d.help.as_deref().unwrap();
        assert!(
            help.contains("pour 5\u{202f}000\u{a0}€ au plus, la procédure simplifiée de recouvrement des petites créances par un commissaire de justice (C. proc. exéc. L125-1)"),
            "{help}"
        );
        assert!(
            help.contains("sans avocat") && help.contains("CPC 1405-1416"),
            "{help}"
        );
    }

    #[test]
    fn a_paid_invoice_or_one_without_formal_notice_is_silent() {
        let paid = noticed(", paid: 2025-09-05");
        assert_eq!(
            fired(&paid, "2025-12-01", "formal-notice-unanswered"),
            none()
        );
        let reminded = Journal::active().set(
            "invoices",
            "[{ number: \"2025-021\", amount: 950, due: 2025-08-30, reminded: 2025-09-01 }]",
        );
        assert_eq!(
            fired(&reminded, "2025-12-01", "formal-notice-unanswered"),
            none()
        );
    }

    #[test]
    fn the_deadline_comes_from_money_which_wins_over_the_policy() {
        for config in [
            "[money]\nformal-notice-days = 15\n",
            "[lint.policy]\nformal-notice-days = 15\n",
            "[lint.policy]\nformal-notice-days = 3\n[money]\nformal-notice-days = 15\n",
            "[money]\nformal-notice-days = 15\n[lint.policy]\nformal-notice-days = 3\n",
        ] {
            let book = book_with(config);
            assert_eq!(
                fired_in(
                    &book,
                    &noticed(""),
                    "2025-09-16",
                    "formal-notice-unanswered"
                ),
                none(),
                "{config}"
            );
            let book = book_with(config);
            assert_eq!(
                fired_in(
                    &book,
                    &noticed(""),
                    "2025-09-17",
                    "formal-notice-unanswered"
                )
                .len(),
                1,
                "{config}"
            );
        }
    }
}

mod invoice_prescription_near {
    use super::*;

    fn unpaid(issued: &str) -> Journal {
        Journal::active().set(
            "invoices",
            &format!("[{{ number: \"P1\", amount: 500, issued: {issued} }}]"),
        )
    }

    #[test]
    fn an_error_from_limit_minus_90_through_the_limit_then_an_info() {
        // Business by default: 2021-01-15 + 5 years = 2026-01-15; − 90 days = 2025-10-17.
        let j = unpaid("2021-01-15");
        assert_eq!(fired(&j, "2025-10-16", "invoice-prescription-near"), none());
        for day in ["2025-10-17", "2026-01-15"] {
            assert_eq!(
                fired(&j, day, "invoice-prescription-near"),
                [("invoice-prescription-near", 6, "error")],
                "{day}"
            );
        }
        assert_eq!(
            fired(&j, "2026-01-16", "invoice-prescription-near"),
            [("invoice-prescription-near", 6, "info")]
        );
        let near = &diags(&j, "2025-10-17", "invoice-prescription-near", "fr")[0];
        assert_eq!(
            near.message,
            "facture P1 (500\u{a0}€) impayée\u{a0}: la créance sera prescrite le 2026-01-15"
        );
        assert!(near.help.as_deref().unwrap().starts_with(
            "prescription de 5 ans entre professionnels (C. com. L110-4, C. civ. 2224)"
        ));
        let gone = &diags(&j, "2026-01-16", "invoice-prescription-near", "en")[0];
        assert_eq!(
            gone.message,
            "invoice P1 (€500) prescribed since 2026-01-15: the claim is lost"
        );
    }

    #[test]
    fn two_years_against_a_consumer_and_29_february() {
        // 2024-02-29 + 2 years = 2026-02-28.
        let j = unpaid("2024-02-29").set("client_kind", "consumer");
        assert_eq!(
            fired(&j, "2026-02-28", "invoice-prescription-near"),
            [("invoice-prescription-near", 6, "error")]
        );
        assert_eq!(
            fired(&j, "2026-03-01", "invoice-prescription-near"),
            [("invoice-prescription-near", 6, "info")]
        );
        // Precision 19: 2020-02-29 + 5 years = 2025-02-28.
        let leap = unpaid("2020-02-29");
        assert_eq!(
            fired(&leap, "2025-02-28", "invoice-prescription-near"),
            [("invoice-prescription-near", 6, "error")]
        );
        assert_eq!(
            fired(&leap, "2025-03-01", "invoice-prescription-near"),
            [("invoice-prescription-near", 6, "info")]
        );
    }

    #[test]
    fn the_limit_counts_from_the_earlier_of_issued_and_end() {
        // Issued after the end: the end (2021-01-15) gives the limit, 2026-01-15.
        let after_end = unpaid("2021-03-01").set("end", "2021-01-15");
        assert_eq!(
            fired(&after_end, "2026-01-16", "invoice-prescription-near")[0].2,
            "info"
        );
        // Issued before the end: the issue date gives it.
        let before_end = unpaid("2021-01-15").set("end", "2021-06-30");
        assert_eq!(
            fired(&before_end, "2026-01-16", "invoice-prescription-near")[0].2,
            "info"
        );
        // Without `issued`, `end` alone.
        let no_issue = Journal::active()
            .set("end", "2021-01-15")
            .set("invoices", "[{ number: \"P1\", amount: 500 }]");
        assert_eq!(
            fired(&no_issue, "2025-10-17", "invoice-prescription-near")[0].2,
            "error"
        );
        assert_eq!(
            fired(&no_issue, "2025-10-16", "invoice-prescription-near"),
            none()
        );
        // Neither: no limit, nothing to say.
        let nothing = Journal::active().set("invoices", "[{ number: \"P1\", amount: 500 }]");
        assert_eq!(
            fired(&nothing, "2040-01-01", "invoice-prescription-near"),
            none()
        );
    }

    #[test]
    fn a_paid_invoice_never_fires_it() {
        let paid = Journal::active().set(
            "invoices",
            "[{ number: \"P1\", amount: 500, issued: 2015-01-15, paid: 2015-02-01 }]",
        );
        assert_eq!(
            fired(&paid, "2026-11-23", "invoice-prescription-near"),
            none()
        );
    }

    #[test]
    fn the_warning_window_is_the_books_policy() {
        let book = book_with("[lint.policy]\nprescription-warn-days = 120\n");
        assert_eq!(
            fired_in(
                &book,
                &unpaid("2021-01-15"),
                "2025-09-17",
                "invoice-prescription-near"
            )
            .len(),
            1
        );
    }
}

mod notices {
    use super::*;

    /// A closed mission ended on `end` after a notice received on `given`, with `contract`.
    fn ended(by: &str, contract: &str, given: &str, end: &str) -> Journal {
        Journal::closed()
            .set("end", end)
            .set("ended_by", by)
            .set("contract", contract)
            .set("notice", &format!("{{ given: {given}, channel: email }}"))
    }

    #[test]
    fn notice_in_months_ends_on_the_same_day_or_the_months_last_day() {
        let months = |n: u32| format!("{{ termination_checked: 2025-01-02, notice_months: {n} }}");
        let cases = [
            (1, "2025-01-31", "2025-02-27", "2025-02-28"),
            (1, "2024-01-31", "2024-02-28", "2024-02-29"),
            (2, "2025-03-15", "2025-05-14", "2025-05-15"),
            (1, "2025-03-31", "2025-04-29", "2025-04-30"),
        ];
        for (n, given, short, enough) in cases {
            let j = ended("me", &months(n), given, short);
            let line = line_of(&j.text(), "notice:");
            assert_eq!(
                fired(&j, "2026-11-23", "notice-too-short"),
                [("notice-too-short", line, "error")],
                "{given} + {n} months, end {short}"
            );
            let j = ended("me", &months(n), given, enough);
            assert_eq!(
                fired(&j, "2026-11-23", "notice-too-short"),
                none(),
                "{given} + {n} months, end {enough}"
            );
        }
        let j = ended("me", &months(2), "2025-03-15", "2025-05-14");
        let fr = &diags(&j, "2026-11-23", "notice-too-short", "fr")[0];
        assert_eq!(
            fr.message,
            "préavis trop court\u{a0}: fin le 2025-05-14, mais 2 mois après sa réception (2025-03-15) mènent au 2025-05-15"
        );
        let en = &diags(&j, "2026-11-23", "notice-too-short", "en")[0];
        assert_eq!(
            en.message,
            "notice too short: the end is 2025-05-14, but 2 months after its receipt (2025-03-15) is 2025-05-15"
        );
    }

    #[test]
    fn a_client_leaving_before_its_notice_is_an_info_for_me() {
        let contract = "{ termination_checked: 2025-01-02, notice_months: 1 }";
        let short = ended("client", contract, "2025-01-31", "2025-02-27");
        let line = line_of(&short.text(), "notice:");
        // Precision 28: `client-notice-short` for the client, never `notice-too-short`.
        let book = TempBook::fr();
        book.mission("2025/mission.md", short.text());
        let triples = book.triples_on("2026-11-23");
        assert_eq!(triples, [("client-notice-short", line, "info")]);
        let fr = &diags(&short, "2026-11-23", "client-notice-short", "fr")[0];
        assert_eq!(fr.column, 11);
        assert_eq!(
            fr.message,
            "le client met fin à la mission le 2025-02-27, avant la fin de son préavis de 1 mois reçu le 2025-01-31 (le 2025-02-28)"
        );
        assert!(
            fr.help
                .as_deref()
                .unwrap()
                .contains("dommages et intérêts, selon votre contrat (C. civ. 1211, 1231-1)")
        );
        let enough = ended("client", contract, "2025-01-31", "2025-02-28");
        assert_eq!(fired(&enough, "2026-11-23", "client-notice-short"), none());
        let days = ended(
            "client",
            "{ termination_checked: 2025-01-02, notice_days: 30 }",
            "2025-06-01",
            "2025-06-30",
        );
        assert_eq!(
            fired(&days, "2026-11-23", "client-notice-short"),
            [("client-notice-short", line, "info")]
        );
        let mutual = ended("mutual", contract, "2025-01-31", "2025-02-27");
        assert_eq!(fired(&mutual, "2026-11-23", "client-notice-short"), none());
        // No notice period in the contract: nothing to compare.
        let no_period = ended(
            "client",
            "{ termination_checked: 2025-01-02 }",
            "2025-01-31",
            "2025-02-01",
        );
        assert_eq!(
            fired(&no_period, "2026-11-23", "client-notice-short"),
            none()
        );
    }

    #[test]
    fn both_notice_days_and_months_the_later_is_invalid_and_ignored() {
        // Days first: months is invalid; 30 days from 2025-06-01 is 2025-07-01.
        let days_first = ended(
            "me",
            "{ termination_checked: 2025-01-02, notice_days: 30, notice_months: 3 }",
            "2025-06-01",
            "2025-07-01",
        );
        let line = line_of(&days_first.text(), "contract:");
        let book = TempBook::en();
        book.mission("2025/mission.md", days_first.text());
        let report = book.lint_on("2026-11-23", &["--format", "json"]).report();
        let got: Vec<_> = report
            .diagnostics
            .iter()
            .map(|d| (d.rule.as_str(), d.line, d.message.as_str()))
            .collect();
        assert_eq!(
            got,
            [(
                "field-invalid",
                line,
                "`contract.notice_months`: the notice is already given by `contract.notice_days`; this key is ignored"
            )]
        );
        // Months first: days is invalid, and the months are what the rule reads.
        let months_first = ended(
            "me",
            "{ termination_checked: 2025-01-02, notice_months: 3, notice_days: 30 }",
            "2025-06-01",
            "2025-07-01",
        );
        let book = TempBook::en();
        book.mission("2025/mission.md", months_first.text());
        let report = book.lint_on("2026-11-23", &["--format", "json"]).report();
        let got: Vec<_> = report
            .diagnostics
            .iter()
            .map(|d| (d.rule.as_str(), d.column))
            .collect();
        let column = months_first
            .text()
            .lines()
            .nth(line as usize - 1)
            .unwrap()
            .find("notice_days")
            .unwrap() as u32
            + 1;
        assert_eq!(got, [("field-invalid", column), ("notice-too-short", 11)]);
    }

    #[test]
    fn a_notice_received_orally_from_the_client_needs_a_written_confirmation() {
        let oral = Journal::closed().set("notice", "{ given: 2025-06-01, channel: meeting }");
        let line = line_of(&oral.text(), "notice:");
        assert_eq!(
            fired(&oral, "2026-11-23", "notice-not-in-writing"),
            [("notice-not-in-writing", line, "warning")]
        );
        let fr = &diags(&oral, "2026-11-23", "notice-not-in-writing", "fr")[0];
        assert_eq!(
            fr.message,
            "préavis du client reçu oralement (`meeting`) sans confirmation écrite"
        );
        assert_eq!(
            fr.help.as_deref(),
            Some(
                "demandez au client de confirmer par écrit, ou confirmez-le vous-même par courriel (date de l’échange, fin de mission, préavis), puis notez la date dans `notice.confirmed_in_writing` → `debrief draft notice-confirmation mission`"
            )
        );
        let confirmed = Journal::closed().set(
            "notice",
            "{ given: 2025-06-01, channel: phone, confirmed_in_writing: 2025-06-02 }",
        );
        assert_eq!(
            fired(&confirmed, "2026-11-23", "notice-not-in-writing"),
            none()
        );
    }
}

mod rgpd_not_deleted {
    use super::*;

    /// `Journal::closed()` (end 2025-06-30, `status` line 6) with this `rgpd` table.
    fn rgpd(table: &str) -> Journal {
        Journal::closed().set("rgpd", table)
    }

    #[test]
    fn returned_data_satisfies_it_like_deleted_data() {
        let j = rgpd("{ notified: 2025-06-30, returned: 2025-07-10 }");
        assert_eq!(fired(&j, "2026-11-23", "rgpd-not-deleted"), none());
    }

    #[test]
    fn a_hold_makes_it_an_info_quoting_the_hold_never_an_error() {
        let j = rgpd("{ notified: 2025-06-30, hold: \"litige sur la facture 2025-021\" }");
        for day in ["2025-07-01", "2026-11-23"] {
            assert_eq!(
                fired(&j, day, "rgpd-not-deleted"),
                [("rgpd-not-deleted", 6, "info")],
                "{day}"
            );
        }
        let d = &diags(&j, "2026-11-23", "rgpd-not-deleted", "fr")[0];
        assert_eq!(
            d.message,
            "données du client conservées pour l’instant (`rgpd.hold`)\u{a0}: «\u{a0}litige sur la facture 2025-021\u{a0}»"
        );
        let help = d.help.as_deref().unwrap();
        for part in [
            "RGPD 17(3)(e)",
            "RGPD 28(3)(g)",
            "10 ans pour un commerçant",
            "6 ans au moins pour l’impôt",
        ] {
            assert!(help.contains(part), "{part}: {help}");
        }
    }

    #[test]
    fn returned_wins_over_hold_and_a_blank_hold_is_absent() {
        let both = rgpd("{ notified: 2025-06-30, returned: 2025-07-10, hold: \"litige\" }");
        assert_eq!(fired(&both, "2026-11-23", "rgpd-not-deleted"), none());
        let blank = rgpd("{ notified: 2025-06-30, hold: \"  \" }");
        let book = TempBook::fr();
        book.mission("2025/mission.md", blank.text());
        assert_eq!(
            book.triples_on("2026-11-23"),
            [("rgpd-not-deleted", 6, "error")]
        );
    }

    #[test]
    fn neither_affects_rgpd_not_notified() {
        let j = rgpd("{ returned: 2025-07-10, hold: \"litige\" }");
        assert_eq!(
            fired(&j, "2026-11-23", "rgpd-not-notified"),
            [("rgpd-not-notified", 6, "warning")]
        );
    }

    #[test]
    fn the_help_says_what_the_law_requires() {
        let j = rgpd("{ notified: 2025-06-30 }");
        let en = &diags(&j, "2026-11-23", "rgpd-not-deleted", "en")[0];
        assert_eq!(
            en.help.as_deref(),
            Some(
                "delete or return the client's personal data, at the client's choice, with its copies (RGPD 28(3)(g)); keep only what the law requires (invoices: 10 years for traders, C. com. L123-22; 6 years minimum for tax, LPF L102 B) and what a legal claim under way needs (RGPD 17(3)(e)); then record the date in `rgpd.deleted` or `rgpd.returned`; the 30 days are this book's policy (`rgpd-retention-days`), not a legal deadline"
            )
        );
    }
}

mod front_matter {
    use super::*;

    fn report(text: &str) -> Vec<(String, u32, String, Option<String>)> {
        let book = TempBook::en();
        book.mission("2025/mission.md", text);
        book.lint_on("2025-01-16", &["--format", "json"])
            .report()
            .diagnostics
            .into_iter()
            .map(|d| (d.rule, d.line, d.message, d.help))
            .collect()
    }

    #[test]
    fn the_new_keys_are_known_and_typed() {
        let j = Journal::active()
            .set("client_kind", "consumer")
            .set(
                "client_contact",
                "{ name: \"Mme Dupont\", email: \"dupont@example.fr\", address: \"1 rue A\\n69001 Lyon\" }",
            )
            .set("contract", "{ notice_months: 2, signed: 2025-01-10 }")
            .set("deposit", "{ amount: 500.5, requested: 2025-01-10, received: 2025-01-12 }")
            .set(
                "invoices",
                "[{ number: \"A\", amount: 1, issued: 2025-01-10, due: 2025-02-10, reminded: 2025-02-12, formal_notice: 2025-02-20, rar: \"1A\" }]",
            )
            .set("rgpd", "{ returned: 2025-01-15, hold: \"litige\" }")
            .set("client_names", "[\"Lumière\", \"M. Dupont\"]");
        assert_eq!(report(&j.text()), []);
    }

    #[test]
    fn unknown_and_invalid_values_in_the_new_keys() {
        let j = Journal::active()
            .set("client_kind", "Consumer")
            .set("client_contact", "{ mail: \"x@example.fr\" }")
            .set(
                "deposit",
                "{ amount: \"cinq cents\", requestd: 2025-01-10 }",
            )
            .set("contract", "{ notice_months: -1, signed: 2025-02-30 }")
            .set(
                "invoices",
                "[{ number: \"A\", reminded: 2025-13-01, formal_notce: 2025-02-20 }]",
            )
            .set("rgpd", "{ returned: yesterday, hold: 3 }");
        let text = j.text();
        let at = |key: &str| line_of(&text, key);
        let got = report(&text);
        let short: Vec<(&str, u32, &str)> = got
            .iter()
            .map(|(r, l, m, _)| (r.as_str(), *l, m.as_str()))
            .collect();
        assert_eq!(
            short,
            [
                (
                    "field-invalid",
                    at("client_kind:"),
                    "`client_kind`: invalid value `Consumer`; allowed values: `business`, `consumer`"
                ),
                (
                    "field-unknown",
                    at("client_contact:"),
                    "unknown key `client_contact.mail`: it is ignored"
                ),
                (
                    "field-invalid",
                    at("deposit:"),
                    "`deposit.amount` must be a number, not a string"
                ),
                (
                    "field-unknown",
                    at("deposit:"),
                    "unknown key `deposit.requestd`: it is ignored"
                ),
                (
                    "field-invalid",
                    at("contract:"),
                    "`contract.notice_months` must be a whole number of months, zero or more, not -1"
                ),
                (
                    "field-invalid",
                    at("contract:"),
                    "`contract.signed`: `2025-02-30` is not a real date"
                ),
                (
                    "field-invalid",
                    at("invoices:"),
                    "`invoices[0].reminded`: `2025-13-01` is not a real date"
                ),
                (
                    "field-unknown",
                    at("invoices:"),
                    "unknown key `invoices[0].formal_notce`: it is ignored"
                ),
                (
                    "field-invalid",
                    at("rgpd:"),
                    "`rgpd.returned`: `yesterday` is not a date in `YYYY-MM-DD` form"
                ),
            ]
        );
        let helps: Vec<Option<&str>> = got.iter().map(|(_, _, _, h)| h.as_deref()).collect();
        assert_eq!(helps[0], Some("did you mean `consumer`?"));
        assert_eq!(helps[1], Some("did you mean `client_contact.email`?"));
        assert_eq!(helps[3], Some("did you mean `deposit.requested`?"));
        assert_eq!(helps[7], Some("did you mean `invoices[0].formal_notice`?"));
    }
}

mod book_toml {
    use super::*;

    fn refused(config: &str) -> support::Run {
        let book = TempBook::with_missions(config);
        book.mission("a.md", Journal::active().text());
        let run = book.lint(&["--lang", "en"]);
        assert_eq!(run.code, 2, "{run:?}");
        run
    }

    #[test]
    fn author_and_money_are_read_and_unknown_keys_refused() {
        let ok = TempBook::with_missions(
            "[book]\ntitle = \"Carnet\"\n[author]\nname = \"Claire Martin\"\nbusiness = \"Claire Martin EI\"\nsiret = \"123 456 789 00012\"\naddress = \"12 rue des Lilas\\n69003 Lyon\"\nemail = \"claire@example.fr\"\nphone = \"06 12 34 56 78\"\ncity = \"Lyon\"\n[money]\nlate-rate = 12.15\nformal-notice-days = 8\nvat = \"included\"\n",
        );
        ok.mission("a.md", Journal::active().text());
        assert_eq!(ok.lint(&[]).code, 0);
        let run = refused("[author]\nname = \"Claire\"\nsignature = \"C. M.\"\n");
        assert_eq!(
            run.stderr,
            "error: ./book.toml:3:1: unknown key `author.signature`\n  = help: known keys: `author.name`, `author.business`, `author.siret`, `author.address`, `author.email`, `author.phone`, `author.city`\n"
        );
        let run = refused("[money]\nvat = \"ht\"\n");
        assert_eq!(
            run.stderr,
            "error: ./book.toml:2:7: `money.vat`: invalid value `ht`; allowed values: `included`, `none`\n"
        );
    }

    #[test]
    fn formal_notice_days_must_be_1_to_30() {
        for (config, col) in [
            ("[money]\nformal-notice-days = 31\n", 22),
            ("[money]\nformal-notice-days = 0\n", 22),
            ("[lint.policy]\nformal-notice-days = 45\n", 22),
        ] {
            let run = refused(config);
            let table = if config.starts_with("[money]") {
                "money"
            } else {
                "lint.policy"
            };
            assert_eq!(
                run.stderr,
                format!(
                    "error: ./book.toml:2:{col}: `{table}.formal-notice-days` must be a whole number of days from 1 to 30 (8 is usual, up to 15)\n"
                ),
                "{config}"
            );
        }
    }

    #[test]
    fn new_policy_numbers_are_validated_like_the_others() {
        let run = refused("[lint.policy]\nstale-grace-days = -1\n");
        assert!(run.stderr.contains("book.toml:2:"), "{run:?}");
        let run = refused("[lint.policy]\nadmin-words = [1]\n");
        assert!(
            run.stderr
                .contains("`lint.policy.admin-words` must be a list of strings"),
            "{run:?}"
        );
        let run = refused("[lint.policy]\nprescription-warn-day = 30\n");
        assert!(
            run.stderr
                .contains("did you mean `lint.policy.prescription-warn-days`?"),
            "{run:?}"
        );
    }
}

mod documentation {
    use super::*;

    const NEW_AND_CHANGED: [&str; 13] = [
        "mission-stale",
        "final-invoice-missing",
        "payment-terms-too-long",
        "deposit-unpaid",
        "formal-notice-unanswered",
        "invoice-prescription-near",
        "client-notice-short",
        "worked-while-unpaid",
        "invoice-unpaid",
        "notice-too-short",
        "notice-not-in-writing",
        "rgpd-not-deleted",
        "client-name-leak",
    ];

    /// `debrief explain` prints each new or changed rule's documentation in both languages, and
    /// each says once that it is a practical reminder, not legal advice.
    #[test]
    fn explain_says_each_is_a_reminder_not_legal_advice() {
        let book = TempBook::en();
        for id in NEW_AND_CHANGED {
            for (lang, note) in [
                ("fr", "Rappel pratique, pas un conseil juridique."),
                ("en", "A practical reminder, not legal advice."),
            ] {
                let run = book.run(&["--lang", lang, "explain", id]);
                assert_eq!(run.code, 0, "{run:?}");
                assert_eq!(run.stdout.matches(note).count(), 1, "{id} {lang}: {run:?}");
            }
        }
    }

    /// The articles the help texts cite are in the documentation too.
    #[test]
    fn the_docs_name_their_articles() {
        let book = TempBook::en();
        for (id, articles) in [
            ("payment-terms-too-long", &["L441-10"][..]),
            (
                "formal-notice-unanswered",
                &["CPC 1405–1416", "L125-1", "C. civ. 1344"][..],
            ),
            (
                "invoice-prescription-near",
                &["L110-4", "C. civ. 2224", "L218-2"][..],
            ),
            ("client-notice-short", &["C. civ. 1211, 1231-1"][..]),
            (
                "invoice-unpaid",
                &[
                    "L441-10",
                    "1231-6",
                    "1219–1220",
                    "CPC 1405–1416",
                    "harder to dispute",
                ][..],
            ),
            (
                "notice-too-short",
                &["C. civ. 1211", "L442-1 II", "CPC 641"][..],
            ),
            (
                "rgpd-not-deleted",
                &["28(3)(g)", "17(3)(e)", "L123-22", "LPF L102 B"][..],
            ),
        ] {
            let run = book.run(&["--lang", "en", "explain", id]);
            for article in articles {
                assert!(run.stdout.contains(article), "{id}: {article}\n{run:?}");
            }
            assert!(!run.stdout.contains("proven"), "{id}: {run:?}");
        }
    }
}
