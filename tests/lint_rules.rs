//! `debrief lint` as a freelancer meets it: one story per rule of the catalog
//! (`shared/design/lint-rules.md`), both sides of every severity switch and date boundary, the
//! numbered precisions, how the command is invoked, and what each output format prints.
//!
//! Every test builds a small book in a temporary directory on a fixed day. The rule tests load and
//! lint it in-process (`support::lint`) and assert the whole result as an inline snapshot, one
//! line per diagnostic (`path:line:col: severity [rule] message`), or the human report where the
//! help matters. The tests of invocation, exit codes, output formats and `--lang` run the real
//! binary.

mod support;

use insta::assert_snapshot;
use support::journal::{Journal, line_of};
use support::report::{Diag, Triple};
use support::{TODAY, TempBook};

/// The diagnostics of a French book holding only `journal` (at
/// `content/missions/2025/audit-seo.md`), linted in-process on `today`, one a line.
fn lint_one_on(journal: &Journal, today: &str) -> String {
    let book = TempBook::fr();
    book.mission("2025/audit-seo.md", journal.text());
    book.check_on(today)
}

fn lint_one(journal: &Journal) -> String {
    lint_one_on(journal, TODAY)
}

/// The full diagnostics (with columns and messages) of a book holding only `text`.
fn diags_of(book: TempBook, text: &str) -> Vec<Diag> {
    book.mission("2025/audit-seo.md", text);
    book.diagnostics(&[])
}

#[test]
fn the_baseline_missions_are_clean() {
    assert_snapshot!(lint_one(&Journal::active()), @"");
    assert_snapshot!(lint_one(&Journal::closed()), @"");
}

mod structure {
    use super::*;

    #[test]
    fn a_file_that_is_not_utf8_is_unreadable_and_the_others_are_still_linted() {
        let book = TempBook::en();
        let mut bytes = b"---\ntitle: caf".to_vec();
        bytes.push(0xe9); // Latin-1 `é`
        bytes.extend_from_slice(b"\n---\n");
        book.mission("2024/latin1.md", bytes);
        book.mission(
            "2025/audit-seo.md",
            Journal::closed().without("Livrables").text(),
        );
        assert_snapshot!(book.check(), @"
        content/missions/2024/latin1.md:1:1: error [file-unreadable] the file is not UTF-8 (invalid byte at offset 14); save it again as UTF-8
        content/missions/2025/audit-seo.md:6:1: info [deliverables-missing] closed mission without a list of what was delivered
        ");
    }

    /// A journal of 4 GiB or more (here sparse: no disk used) is refused from its size, without
    /// reading it: positions are kept in 32 bits.
    #[test]
    fn a_file_of_4_gib_is_unreadable_without_being_read() {
        let book = TempBook::en();
        book.mission("2024/huge.md", "");
        let huge = book.root().join("content/missions/2024/huge.md");
        let file = std::fs::OpenOptions::new().write(true).open(&huge).unwrap();
        file.set_len(1 << 32).unwrap();
        drop(file);
        book.mission(
            "2025/audit-seo.md",
            Journal::closed().without("Livrables").text(),
        );
        assert_snapshot!(book.check(), @"
        content/missions/2024/huge.md:1:1: error [file-unreadable] cannot read this file: it is 4 GiB or more, far beyond what a journal can be
        content/missions/2025/audit-seo.md:6:1: info [deliverables-missing] closed mission without a list of what was delivered
        ");
    }

    #[test]
    fn a_file_without_front_matter_gets_only_that_diagnostic() {
        // A `---` further down is a thematic break, not front matter (precision 3); and a closed
        // mission's body rules do not run on a file that has no front matter (precision 2).
        let text = "# Audit SEO\n\nstatus: closed\n\n---\n\ntitle: x\n---\n\n## Accès\n- [ ] GTM\n";
        let book = TempBook::en();
        book.mission("2025/notes.md", text);
        assert_snapshot!(book.check(), @"content/missions/2025/notes.md:1:1: error [front-matter-missing] no front matter: the file must start with a `---` (YAML) or `+++` (TOML) line");
    }

    #[test]
    fn a_front_matter_that_does_not_parse_gets_only_its_syntax_error_at_its_cause() {
        let yaml = "---\ntitle: T\nclient: [Cabinet Roussel\nstart: 2025-01-01\nstatus: closed\n---\n\n## Accès\n- [ ] GTM\n";
        let toml = "+++\ntitle = \"T\"\nclient = = \"C\"\nstatus = \"closed\"\n+++\n";
        let unclosed = "---\ntitle: T\nstatus: closed\n\n## Accès\n- [ ] GTM\n";
        let book = TempBook::en();
        book.mission("a-yaml.md", yaml)
            .mission("b-toml.md", toml)
            .mission("c-unclosed.md", unclosed);
        assert_snapshot!(book.check(), @r#"
        content/missions/a-yaml.md:3:9: error [front-matter-syntax] invalid YAML front matter: a list `[` or a table `{` opened here is not closed (the YAML reader says "illegal placement of ':' indicator")
        content/missions/b-toml.md:3:10: error [front-matter-syntax] invalid TOML front matter: syntax error (the TOML reader says "extra `=`, expected nothing")
        content/missions/c-unclosed.md:1:1: error [front-matter-syntax] the front matter opened by `---` is never closed
        "#);
    }

    #[test]
    fn a_bom_and_crlf_line_endings_are_accepted() {
        let text = format!("\u{feff}{}", Journal::closed().text().replace('\n', "\r\n"));
        let book = TempBook::fr();
        book.mission("2025/windows.md", text);
        assert_snapshot!(book.check(), @"");
    }

    #[test]
    fn a_toml_journal_reports_at_its_keys_and_tables() {
        let text = "\
+++
title = \"Traduction\"
client = \"Musée\"
start = 2025-01-15
status = \"active\"
humeur = \"bonne\"

[feedback]
recieved = 2025-02-01

[[invoices]]
number = \"A1\"
amount = 100
issued = 2025-01-01
due = 2025-01-31

[[lint.allow]]
rule = \"nope\"
reason = \"essai\"
+++

### 2025-02-10 Atelier
";
        let book = TempBook::en();
        book.mission("2025/audit-seo.md", text);
        assert_snapshot!(book.check(), @"
        content/missions/2025/audit-seo.md:6:1: warning [field-unknown] unknown key `humeur`: it is ignored
        content/missions/2025/audit-seo.md:9:1: warning [field-unknown] unknown key `feedback.recieved`: it is ignored
        content/missions/2025/audit-seo.md:11:1: error [invoice-unpaid] invoice A1 (€100) unpaid for 661 days
        content/missions/2025/audit-seo.md:17:1: warning [allow-unknown-rule] `nope` is not a known rule: this has no effect
        content/missions/2025/audit-seo.md:22:1: warning [worked-while-unpaid] work on 2025-02-10 while invoice A1 was unpaid past its due date of 2025-01-31
        ");
    }

    #[test]
    fn each_missing_required_field_is_reported_at_the_status_line() {
        let journal = Journal::empty()
            .set("title", "\"Audit\"")
            .set("status", "closed");
        // title: 2, status: 3. A closed mission also needs `end` and `ended_by`.
        let book = TempBook::en();
        book.mission("2025/audit-seo.md", journal.text());
        assert_snapshot!(book.check(), @"
        content/missions/2025/audit-seo.md:3:1: warning [access-missing] closed mission without a section on access to the client's tools
        content/missions/2025/audit-seo.md:3:1: info [deliverables-missing] closed mission without a list of what was delivered
        content/missions/2025/audit-seo.md:3:1: error [feedback-missing] closed mission without client feedback
        content/missions/2025/audit-seo.md:3:1: error [field-missing] required field `client` is missing
        content/missions/2025/audit-seo.md:3:1: error [field-missing] required field `start` is missing
        content/missions/2025/audit-seo.md:3:1: error [field-missing] required field `end` is missing: it is needed when `status` is `closed`
        content/missions/2025/audit-seo.md:3:1: error [field-missing] required field `ended_by` is missing: it is needed when `status` is `closed`
        content/missions/2025/audit-seo.md:3:1: error [handover-missing] `closed` mission without a handover
        content/missions/2025/audit-seo.md:3:1: warning [lessons-missing] closed mission without lessons learned
        content/missions/2025/audit-seo.md:3:1: warning [rgpd-not-deleted] client data neither deleted nor returned (`rgpd.deleted`, `rgpd.returned`)
        content/missions/2025/audit-seo.md:3:1: warning [rgpd-not-notified] the client was not told their data would be deleted (`rgpd.notified`)
        ");
    }

    #[test]
    fn without_a_status_missing_fields_point_at_line_one() {
        let journal = Journal::empty().set("title", "\"Audit\"");
        assert_snapshot!(lint_one(&journal), @"
        content/missions/2025/audit-seo.md:1:1: error [field-missing] champ obligatoire `client` absent
        content/missions/2025/audit-seo.md:1:1: error [field-missing] champ obligatoire `start` absent
        content/missions/2025/audit-seo.md:1:1: error [field-missing] champ obligatoire `status` absent
        ");
    }

    #[test]
    fn an_active_or_ending_mission_needs_end_and_ended_by_only_when_ending() {
        assert_snapshot!(lint_one(&Journal::active()), @"");
        let ending = Journal::active()
            .set("status", "ending")
            .section("Passation", "En cours.");
        assert_snapshot!(lint_one(&ending), @"
        content/missions/2025/audit-seo.md:5:1: error [field-missing] champ obligatoire `end` absent : il est requis quand `status` vaut `ending`
        content/missions/2025/audit-seo.md:5:1: error [field-missing] champ obligatoire `ended_by` absent : il est requis quand `status` vaut `ending`
        ");
    }

    #[test]
    fn a_misspelt_status_is_invalid_with_a_suggestion_and_triggers_nothing_else() {
        // Precision 4: `status: closd` is not read as `closed`: no `end`/`ended_by` needed, no
        // end-of-mission rule, and no `field-missing` for `status` itself.
        let journal = Journal::active().set("status", "closd");
        let book = TempBook::en();
        book.mission("2025/audit-seo.md", journal.text());
        assert_snapshot!(book.check_human(), @"
        error[field-invalid]: `status`: invalid value `closd`; allowed values: `active`, `ending`, `closed`
         --> content/missions/2025/audit-seo.md:5:1
          |
        5 | status: closd
          | ^^^^^^
          = help: did you mean `closed`?

        1 error, 0 warnings, 0 infos in 1 file
        ");

        // Same story on a mission that lacks every end-of-mission section.
        let bare = Journal::closed()
            .set("status", "closd")
            .unset("end")
            .unset("ended_by")
            .unset("feedback")
            .unset("rgpd")
            .unset("contract");
        let mut got = String::new();
        for heading in ["Passation", "Accès", "Retour client", "Leçons", "Livrables"] {
            got += &format!(
                "without {heading}:\n{}",
                lint_one(&bare.clone().without(heading))
            );
        }
        assert_snapshot!(got, @"
        without Passation:
        content/missions/2025/audit-seo.md:5:1: error [field-invalid] `status` : valeur `closd` invalide ; valeurs permises : `active`, `ending`, `closed`
        without Accès:
        content/missions/2025/audit-seo.md:5:1: error [field-invalid] `status` : valeur `closd` invalide ; valeurs permises : `active`, `ending`, `closed`
        without Retour client:
        content/missions/2025/audit-seo.md:5:1: error [field-invalid] `status` : valeur `closd` invalide ; valeurs permises : `active`, `ending`, `closed`
        without Leçons:
        content/missions/2025/audit-seo.md:5:1: error [field-invalid] `status` : valeur `closd` invalide ; valeurs permises : `active`, `ending`, `closed`
        without Livrables:
        content/missions/2025/audit-seo.md:5:1: error [field-invalid] `status` : valeur `closd` invalide ; valeurs permises : `active`, `ending`, `closed`
        ");
    }

    #[test]
    fn invalid_values_of_other_enums_and_types_count_as_absent() {
        // Lines: title 2, client 3, start 4, end 5, status 6, ended_by 7, feedback 8, rgpd 9,
        // invoices 10.
        let journal = Journal::closed()
            .unset("contract")
            .set("ended_by", "moi") // line 7
            .set("notice", "{ channel: phone }") // line 11
            .set("tags", "seo"); // line 12: not a list
        // `ended_by` is invalid, so it is not also missing, and the rules that need it
        // (`contract-unchecked`, `notice-not-in-writing`) stay silent.
        assert_snapshot!(lint_one(&journal), @"
        content/missions/2025/audit-seo.md:7:1: error [field-invalid] `ended_by` : valeur `moi` invalide ; valeurs permises : `me`, `client`, `mutual`, `term`
        content/missions/2025/audit-seo.md:12:1: error [field-invalid] `tags` doit être une liste de textes, comme `[seo, dev]`, pas un texte
        ");
    }

    #[test]
    fn dates_must_be_real_yyyy_mm_dd_days_even_unquoted_in_yaml() {
        let book = TempBook::en();
        let journal = Journal::active()
            .set("start", "2025-09-31") // line 4: unquoted, not a YAML error
            .set("feedback", "{ requested: \"2025-07-01T10:00:00\" }") // line 6
            .set("rgpd", "{ notified: 30/06/2025 }"); // line 7
        book.mission("2025/audit-seo.md", journal.text());
        // Counted as absent: the start is missing for the linter but not reported missing.
        assert_snapshot!(book.check(), @"
        content/missions/2025/audit-seo.md:4:1: error [field-invalid] `start`: `2025-09-31` is not a real date
        content/missions/2025/audit-seo.md:6:13: error [field-invalid] `feedback.requested`: `2025-07-01T10:00:00` is not a `YYYY-MM-DD` date (it has a time part)
        content/missions/2025/audit-seo.md:7:9: error [field-invalid] `rgpd.notified`: `30/06/2025` is not a date in `YYYY-MM-DD` form
        ");
    }

    /// Loader findings go through the same cap as the rules': a front matter of hundreds of
    /// unknown keys gets the first 200, then one line counting the rest at the first of them.
    #[test]
    fn unknown_keys_past_200_in_one_file_are_counted_on_one_line() {
        let keys: String = (1..=203).map(|i| format!("note{i}: x\n")).collect();
        let text = format!("---\ntitle: \"Notes\"\nclient: \"Acme\"\n{keys}---\n");
        let book = TempBook::en();
        book.mission("2025/notes.md", &text);
        let out = book.check();
        let lines: Vec<&str> = out
            .lines()
            .filter(|l| l.contains("[field-unknown]"))
            .collect();
        assert_eq!(lines.len(), 201, "{out}");
        assert_eq!(
            lines[0],
            "content/missions/2025/notes.md:4:1: warning [field-unknown] unknown key `note1`: it is ignored"
        );
        assert_eq!(
            lines[199],
            "content/missions/2025/notes.md:203:1: warning [field-unknown] unknown key `note200`: it is ignored"
        );
        assert_eq!(
            lines[200],
            "content/missions/2025/notes.md:204:1: warning [field-unknown] and 3 more `field-unknown` in this file (the first 200 are listed)"
        );
    }

    #[test]
    fn unknown_keys_are_warnings_with_a_suggestion_and_are_ignored_by_every_other_rule() {
        // A misspelt `end_reson: unpaid` does not make `lessons-missing` an error (precision 4),
        // and a misspelt `feedback.recieved` does not count as feedback received (precision 6).
        let journal = Journal::closed()
            .without("Leçons")
            .without("Retour client")
            .set("feedback", "{ recieved: 2025-07-08 }") // line 9
            .set("end_reson", "unpaid")
            .set("humeur", "bonne")
            .set(
                "invoices",
                "\n  - number: \"2025-014\"\n    amount: 1800\n    issued: 2025-05-31\n    due: 2025-06-30\n    payed: 2025-07-04",
            );
        let text = journal.text();
        let book = TempBook::en();
        book.mission("2025/audit-seo.md", &text);
        // `payed` is not `paid`: the invoice is still unpaid.
        assert_snapshot!(book.check_human(), @r#"
        error[feedback-missing]: closed mission without client feedback
         --> content/missions/2025/audit-seo.md:6:1
          |
        6 | status: closed
          | ^^^^^^
          = help: ask the client for feedback (and record the date in `feedback.requested`), then sum it up in a `## Client feedback` section → `debrief draft feedback-request audit-seo`

        warning[lessons-missing]: closed mission without lessons learned
         --> content/missions/2025/audit-seo.md:6:1
          |
        6 | status: closed
          | ^^^^^^
          = help: add a `## Lessons learned` section (or `## Leçons`) with its content

        warning[field-unknown]: unknown key `feedback.recieved`: it is ignored
         --> content/missions/2025/audit-seo.md:9:13
          |
        9 | feedback: { recieved: 2025-07-08 }
          |             ^^^^^^^^
          = help: did you mean `feedback.received`?

        error[invoice-unpaid]: invoice 2025-014 (€1,800) unpaid for 511 days
          --> content/missions/2025/audit-seo.md:12:5
           |
        12 |   - number: "2025-014"
           |     ^^^^^^
           = help: send a reminder, then a formal notice (`debrief draft formal-notice audit-seo`): registered letter with acknowledgement of receipt, the invoice enclosed, as a folded letter without envelope so its content is harder to dispute, its registration number copied on the letter, and the same documents by e-mail quoting that number; between businesses, late-payment penalties run from the day after the due date with no reminder needed, plus the €40 recovery indemnity per invoice (C. com. L441-10); stopping work is allowed if proportionate: announce it in writing, ideally in the formal notice (C. civ. 1219–1220); record the date in `formal_notice` and the number in `rar`

        warning[field-unknown]: unknown key `invoices[0].payed`: it is ignored
          --> content/missions/2025/audit-seo.md:16:5
           |
        16 |     payed: 2025-07-04
           |     ^^^^^
           = help: did you mean `invoices[0].paid`?

        warning[field-unknown]: unknown key `end_reson`: it is ignored
          --> content/missions/2025/audit-seo.md:17:1
           |
        17 | end_reson: unpaid
           | ^^^^^^^^^
           = help: did you mean `end_reason`?

        warning[field-unknown]: unknown key `humeur`: it is ignored
          --> content/missions/2025/audit-seo.md:18:1
           |
        18 | humeur: bonne
           | ^^^^^^

        2 errors, 5 warnings, 0 infos in 1 file
        "#);
    }

    #[test]
    fn dates_inconsistent_gives_one_diagnostic_per_inconsistency() {
        let text = "\
---
title: \"Audit SEO\"
client: \"Boutique Lumière\"
start: 2026-12-15
end: 2026-12-01
status: closed
ended_by: client
contract: { termination_checked: 2025-06-02 }
feedback: { received: 2025-07-08 }
rgpd: { notified: 2025-06-30, deleted: 2025-07-15 }
invoices:
  - number: \"2026-001\"
    amount: 900
    issued: 2026-11-01
    due: 2026-10-31
    paid: 2026-10-15
---

## Passation
Remis.

## Accès
Aucun accès.

## Leçons
Poser le périmètre.

## Livrables
Le rapport.
";
        let book = TempBook::en();
        book.mission("2025/audit-seo.md", text);
        assert_snapshot!(book.check(), @"
        content/missions/2025/audit-seo.md:5:1: error [dates-inconsistent] the end (2026-12-01) is before the start (2026-12-15)
        content/missions/2025/audit-seo.md:5:1: error [dates-inconsistent] mission is `closed` but its end (2026-12-01) is after today (2026-11-23)
        content/missions/2025/audit-seo.md:15:5: error [dates-inconsistent] invoice 2026-001: `due` (2026-10-31) is before its issue date (2026-11-01)
        content/missions/2025/audit-seo.md:16:5: error [dates-inconsistent] invoice 2026-001: `paid` (2026-10-15) is before its issue date (2026-11-01)
        ");
    }

    #[test]
    fn consistent_dates_are_quiet_at_the_boundaries() {
        // end == start, a closed mission ending today, due and paid on the issue date.
        let journal = Journal::closed()
            .set("start", "2026-11-23")
            .set("end", "2026-11-23")
            .set(
                "invoices",
                "[{ number: \"A\", amount: 1, issued: 2026-11-23, due: 2026-11-23, paid: 2026-11-23 }]",
            );
        assert_snapshot!(lint_one(&journal), @"");
        // An ending mission may end in the future.
        let ending = Journal::closed()
            .set("status", "ending")
            .set("end", "2027-01-31");
        assert_snapshot!(lint_one(&ending), @"");
    }
}

mod slugs {
    use super::*;

    #[test]
    fn two_years_of_the_same_mission_name_collide_and_the_later_path_is_reported() {
        let book = TempBook::en();
        book.mission("2024/Audit-SEO.md", Journal::active().text())
            .mission("2025/audit-seo.md", Journal::active().text());
        assert_snapshot!(book.check(), @"content/missions/2025/audit-seo.md:1:1: error [duplicate-slug] same page URL as content/missions/2024/Audit-SEO.md (`missions/audit-seo/`)");
    }

    #[test]
    fn accents_are_transliterated_and_byte_order_decides_which_is_later() {
        // `É` (0xC3 0x89) sorts after `e`: `Étude.md` is the later path.
        let book = TempBook::fr();
        book.mission("etude.md", Journal::active().text())
            .mission("Étude.md", Journal::active().text());
        assert_snapshot!(book.check(), @"content/missions/Étude.md:1:1: error [duplicate-slug] même adresse de page que content/missions/etude.md (`missions/etude/`)");
    }

    #[test]
    fn a_collision_is_found_even_when_only_the_later_file_is_named() {
        let book = TempBook::en();
        book.mission("2024/Audit-SEO.md", Journal::active().text())
            .mission("2025/audit-seo.md", Journal::active().text());
        let later = book.lint(&["--format", "json", "content/missions/2025/audit-seo.md"]);
        assert_eq!(later.triples(), [("duplicate-slug", 1, "error")]);
        assert_eq!(later.report().summary.files, 1);
        // Naming only the earlier one reports nothing: the diagnostic belongs to the later path.
        let earlier = book.lint(&["--format", "json", "content/missions/2024/Audit-SEO.md"]);
        assert_eq!(earlier.triples(), Vec::<Triple>::new());
    }

    #[test]
    fn a_broken_file_still_gets_duplicate_slug_besides_its_one_diagnostic() {
        let book = TempBook::en();
        book.mission("2024/audit-seo.md", Journal::active().text())
            .mission("2025/Audit SEO.md", "no front matter here\n");
        assert_snapshot!(book.check(), @"
        content/missions/2025/Audit SEO.md:1:1: error [duplicate-slug] same page URL as content/missions/2024/audit-seo.md (`missions/audit-seo/`)
        content/missions/2025/Audit SEO.md:1:1: error [front-matter-missing] no front matter: the file must start with a `---` (YAML) or `+++` (TOML) line
        ");
    }

    #[test]
    fn different_stems_do_not_collide() {
        let book = TempBook::en();
        book.mission("2024/audit-seo.md", Journal::active().text())
            .mission("2025/audit-seo-2.md", Journal::active().text());
        assert_snapshot!(book.check(), @"");
    }
}

mod end_of_mission {
    use super::*;

    #[test]
    fn a_closed_mission_without_feedback_is_an_error_until_feedback_is_requested() {
        let journal = Journal::closed().without("Retour client").unset("feedback");
        assert_snapshot!(lint_one(&journal), @"content/missions/2025/audit-seo.md:6:1: error [feedback-missing] mission close sans retour client");
        // An empty section (a placeholder) is no feedback either.
        let placeholder = journal.clone().section("Retour client", "TODO");
        assert_snapshot!(lint_one(&placeholder), @"content/missions/2025/audit-seo.md:6:1: error [feedback-missing] mission close sans retour client : la section `## Retour client` est vide");
        // A feedback section or a `feedback.received` date satisfies it.
        let section = journal.clone().section("🔁 retour CLIENT :", "Ravis.");
        assert_snapshot!(lint_one(&section), @"");
        let received = journal.set("feedback", "{ received: 2025-07-08 }");
        assert_snapshot!(lint_one(&received), @"");
    }

    #[test]
    fn requested_feedback_is_a_warning_up_to_the_wait_and_an_error_the_day_after() {
        // Requested on 2025-07-01, 30 days of patience by default: due 2025-07-31.
        let journal = Journal::closed()
            .without("Retour client")
            .set("feedback", "{ requested: 2025-07-01 }");
        assert_snapshot!(lint_one_on(&journal, "2025-07-31"), @"content/missions/2025/audit-seo.md:6:1: warning [feedback-missing] retour client demandé le 2025-07-01 et pas encore reçu (relance prévue après le 2025-07-31)");
        assert_snapshot!(lint_one_on(&journal, "2025-08-01"), @"content/missions/2025/audit-seo.md:6:1: error [feedback-missing] retour client demandé le 2025-07-01 sans réponse depuis plus de 30 jours");
    }

    #[test]
    fn the_feedback_wait_is_the_books_policy() {
        let book = TempBook::with_missions(
            "[book]\ntitle = \"Carnet\"\n[lint.policy]\nfeedback-wait-days = 10\n",
        );
        let journal = Journal::closed()
            .without("Retour client")
            .set("feedback", "{ requested: 2025-07-01 }");
        book.mission("2025/audit-seo.md", journal.text());
        assert_snapshot!(book.check_on("2025-07-11"), @"content/missions/2025/audit-seo.md:6:1: warning [feedback-missing] retour client demandé le 2025-07-01 et pas encore reçu (relance prévue après le 2025-07-11)");
        assert_snapshot!(book.check_on("2025-07-12"), @"content/missions/2025/audit-seo.md:6:1: error [feedback-missing] retour client demandé le 2025-07-01 sans réponse depuis plus de 10 jours");
    }

    #[test]
    fn feedback_messages_in_french_and_english() {
        let journal = Journal::closed()
            .without("Retour client")
            .set("feedback", "{ requested: 2025-07-01 }");
        let book = TempBook::fr();
        book.mission("2025/audit-seo.md", journal.text());
        let message = |today: &str, lang: &str| {
            let run = book.lint_on(today, &["--format", "json", "--lang", lang]);
            run.report().diagnostics[0].message.clone()
        };
        assert_eq!(
            message("2025-07-31", "fr"),
            "retour client demandé le 2025-07-01 et pas encore reçu (relance prévue après le 2025-07-31)"
        );
        assert_eq!(
            message("2025-07-31", "en"),
            "client feedback requested on 2025-07-01 and not received yet (follow up after 2025-07-31)"
        );
        assert_eq!(
            message("2025-08-01", "fr"),
            "retour client demandé le 2025-07-01 sans réponse depuis plus de 30 jours"
        );
        assert_eq!(
            message("2025-08-01", "en"),
            "client feedback requested on 2025-07-01 with no answer for more than 30 days"
        );
    }

    #[test]
    fn feedback_is_only_asked_of_closed_missions() {
        let ending = Journal::closed()
            .set("status", "ending")
            .set("end", "2027-01-31")
            .without("Retour client")
            .unset("feedback");
        assert_snapshot!(lint_one(&ending), @"");
    }

    #[test]
    fn missing_lessons_are_a_warning_and_an_error_after_a_bad_ending() {
        let journal = Journal::closed().without("Leçons");
        assert_snapshot!(lint_one(&journal), @"content/missions/2025/audit-seo.md:6:1: warning [lessons-missing] mission close sans leçons tirées");
        let mut got = String::new();
        for reason in ["dissatisfaction", "unpaid", "toxic", "conflict"] {
            let bad = journal.clone().set("end_reason", reason);
            got += &format!("{reason}:\n{}", lint_one(&bad));
        }
        assert_snapshot!(got, @"
        dissatisfaction:
        content/missions/2025/audit-seo.md:6:1: error [lessons-missing] mission close pour `dissatisfaction` sans leçons tirées
        unpaid:
        content/missions/2025/audit-seo.md:6:1: error [lessons-missing] mission close pour `unpaid` sans leçons tirées
        toxic:
        content/missions/2025/audit-seo.md:6:1: error [lessons-missing] mission close pour `toxic` sans leçons tirées
        conflict:
        content/missions/2025/audit-seo.md:6:1: error [lessons-missing] mission close pour `conflict` sans leçons tirées
        ");
        // Other reasons keep it a warning.
        for reason in ["term", "competitor", "budget", "internalisation", "other"] {
            let fine = journal.clone().set("end_reason", reason);
            assert_eq!(lint_one(&fine), lint_one(&journal), "{reason}");
        }
        // Any lessons alias, filled in, satisfies it.
        for heading in [
            "Retour d’expérience",
            "RETEX",
            "Lessons learned",
            "Bilan de mission",
        ] {
            let filled = journal.clone().section(heading, "Facturer à l'avance.");
            assert_eq!(lint_one(&filled), "", "{heading}");
        }
    }

    #[test]
    fn a_misspelt_end_reason_does_not_raise_lessons_missing_to_an_error() {
        // Lines 2..11 are the baseline's; `end_reson` is line 12.
        let journal = Journal::closed()
            .without("Leçons")
            .set("end_reson", "unpaid");
        assert_snapshot!(lint_one(&journal), @"
        content/missions/2025/audit-seo.md:6:1: warning [lessons-missing] mission close sans leçons tirées
        content/missions/2025/audit-seo.md:12:1: warning [field-unknown] clé inconnue `end_reson` : elle est ignorée
        ");
    }

    #[test]
    fn lessons_message_names_the_bad_ending_in_both_languages() {
        let journal = Journal::closed()
            .without("Leçons")
            .set("end_reason", "toxic");
        let book = TempBook::fr();
        book.mission("2025/audit-seo.md", journal.text());
        let fr = book.lint(&[]);
        assert!(
            fr.stdout.starts_with(
                "erreur[lessons-missing]\u{a0}: mission close pour `toxic` sans leçons tirées\n"
            ),
            "{fr:?}"
        );
        let en = book.lint(&["--lang", "en"]);
        assert!(
            en.stdout.starts_with(
                "error[lessons-missing]: mission closed for `toxic` without lessons learned\n"
            ),
            "{en:?}"
        );
    }

    #[test]
    fn a_handover_is_required_once_the_end_is_decided() {
        let closed = Journal::closed().without("Passation");
        assert_snapshot!(lint_one(&closed), @"content/missions/2025/audit-seo.md:6:1: error [handover-missing] mission `closed` sans passation");
        let ending = closed
            .clone()
            .set("status", "ending")
            .set("end", "2027-01-31");
        assert_snapshot!(lint_one(&ending), @"content/missions/2025/audit-seo.md:6:1: error [handover-missing] mission `ending` sans passation");
        let empty = closed
            .clone()
            .section("Passation", "<!-- à remplir -->\nÀ compléter");
        assert_snapshot!(lint_one(&empty), @"content/missions/2025/audit-seo.md:6:1: error [handover-missing] mission `closed` sans passation : la section `## Passation` est vide");
        let handoff = closed
            .clone()
            .section("Handoff", "Everything handed to Léa.");
        assert_snapshot!(lint_one(&handoff), @"");
        let active = Journal::active();
        assert_snapshot!(lint_one(&active), @"");
    }

    #[test]
    fn two_sections_for_one_element_any_non_empty_one_satisfies_it() {
        let journal = Journal::closed()
            .without("Passation")
            .section("Passation", "TODO")
            .section("Handover", "Handed to the in-house team.");
        assert_snapshot!(lint_one(&journal), @"");
    }

    #[test]
    fn missing_deliverables_are_only_an_info() {
        let journal = Journal::closed().without("Livrables");
        assert_snapshot!(lint_one(&journal), @"content/missions/2025/audit-seo.md:6:1: info [deliverables-missing] mission close sans liste des livrables transmis");
        let ending = journal.set("status", "ending").set("end", "2027-01-31");
        assert_snapshot!(lint_one(&ending), @"");
    }

    #[test]
    fn unchecked_tasks_of_a_closed_mission_are_unfinished_work() {
        let journal = Journal::closed().section(
            "Suivi",
            "- [ ] Envoyer le bilan final\n- [x] Archiver les maquettes\n* [ ] Relire les CGV\n+ [X] Rendre le badge\n1. [ ] Solder le devis\n- Sous-tâches :\n  - [ ] Exporter les rapports\n\n```markdown\n- [ ] un exemple dans du code\n```",
        );
        let text = journal.text();
        let book = TempBook::fr();
        book.mission("2025/audit-seo.md", &text);
        assert_snapshot!(book.check(), @"
        content/missions/2025/audit-seo.md:36:3: warning [unfinished-work] tâche non cochée dans une mission close : « Envoyer le bilan final »
        content/missions/2025/audit-seo.md:38:3: warning [unfinished-work] tâche non cochée dans une mission close : « Relire les CGV »
        content/missions/2025/audit-seo.md:40:4: warning [unfinished-work] tâche non cochée dans une mission close : « Solder le devis »
        content/missions/2025/audit-seo.md:42:5: warning [unfinished-work] tâche non cochée dans une mission close : « Exporter les rapports »
        ");
        // The same tasks in an active mission are simply work in progress.
        let active = Journal::active().section("Suivi", "- [ ] Envoyer le bilan final");
        assert_snapshot!(lint_one(&active), @"");
    }

    #[test]
    fn a_closed_mission_needs_an_access_section() {
        let journal = Journal::closed().without("Accès");
        assert_snapshot!(lint_one(&journal), @"content/missions/2025/audit-seo.md:6:1: warning [access-missing] mission close sans section des accès aux outils du client");
        let placeholder = Journal::closed().section("Accès", "-");
        assert_snapshot!(lint_one(&placeholder), @"content/missions/2025/audit-seo.md:6:1: warning [access-missing] mission close sans section des accès aux outils du client : la section `## Accès` est vide");
        let sentence = Journal::closed().section("Tool access", "None: everything ran on my side.");
        assert_snapshot!(lint_one(&sentence), @"");
    }

    /// A closed mission that ended on 2025-06-30 with one access still open.
    fn open_access() -> (Journal, u32) {
        let journal = Journal::closed().section(
            "Accès",
            "- [x] Google Search Console : client propriétaire\n### Publicité\n- [ ] Google Ads : retirer mon accès",
        );
        let line = line_of(&journal.text(), "Google Ads");
        (journal, line)
    }

    #[test]
    fn an_open_access_is_a_warning_until_end_plus_90_days_then_an_error() {
        // Ended 2025-06-30: removal due by 2025-09-28. The task sits under a deeper heading,
        // still inside the access section; it is not also `unfinished-work`.
        let (journal, _) = open_access();
        assert_snapshot!(lint_one_on(&journal, "2025-09-28"), @"content/missions/2025/audit-seo.md:22:3: warning [access-open] accès encore ouvert : « Google Ads : retirer mon accès » (à retirer d’ici le 2025-09-28)");
        assert_snapshot!(lint_one_on(&journal, "2025-09-29"), @"content/missions/2025/audit-seo.md:22:3: error [access-open] accès encore ouvert : « Google Ads : retirer mon accès » (à retirer avant le 2025-09-28, dépassé)");
    }

    #[test]
    fn access_open_points_at_the_task_and_gives_the_deadline() {
        let (journal, line) = open_access();
        let book = TempBook::fr();
        book.mission("2025/audit-seo.md", journal.text());
        let on = |today: &str, lang: &str| {
            book.lint_on(today, &["--format", "json", "--lang", lang])
                .report()
                .diagnostics
        };
        let d = &on("2025-09-28", "fr")[0];
        assert_eq!((d.line, d.column), (line, 3));
        assert_eq!(
            d.message,
            "accès encore ouvert\u{a0}: «\u{a0}Google Ads\u{a0}: retirer mon accès\u{a0}» (à retirer d’ici le 2025-09-28)"
        );
        assert_eq!(
            on("2025-09-29", "fr")[0].message,
            "accès encore ouvert\u{a0}: «\u{a0}Google Ads\u{a0}: retirer mon accès\u{a0}» (à retirer avant le 2025-09-28, dépassé)"
        );
        assert_eq!(
            on("2025-09-28", "en")[0].message,
            "access still open: \"Google Ads : retirer mon accès\" (to remove by 2025-09-28)"
        );
        assert_eq!(
            on("2025-09-29", "en")[0].message,
            "access still open: \"Google Ads : retirer mon accès\" (to remove by 2025-09-28, overdue)"
        );
    }

    #[test]
    fn without_an_end_date_an_open_access_stays_a_warning() {
        let (journal, _) = open_access();
        let journal = journal.unset("end"); // lines shift up by one
        assert_snapshot!(lint_one_on(&journal, "2030-01-01"), @"
        content/missions/2025/audit-seo.md:5:1: error [field-missing] champ obligatoire `end` absent : il est requis quand `status` vaut `closed`
        content/missions/2025/audit-seo.md:21:3: warning [access-open] accès encore ouvert : « Google Ads : retirer mon accès »
        ");
    }

    #[test]
    fn the_access_grace_is_the_books_policy() {
        let book = TempBook::with_missions(
            "[book]\ntitle = \"Carnet\"\n[lint.policy]\naccess-grace-days = 10\n",
        );
        let (journal, _) = open_access();
        book.mission("2025/audit-seo.md", journal.text());
        assert_snapshot!(book.check_on("2025-07-10"), @"content/missions/2025/audit-seo.md:22:3: warning [access-open] accès encore ouvert : « Google Ads : retirer mon accès » (à retirer d’ici le 2025-07-10)");
        assert_snapshot!(book.check_on("2025-07-11"), @"content/missions/2025/audit-seo.md:22:3: error [access-open] accès encore ouvert : « Google Ads : retirer mon accès » (à retirer avant le 2025-07-10, dépassé)");
    }

    #[test]
    fn checked_or_fenced_access_items_are_not_open() {
        let journal = Journal::closed().section(
            "Accès outils",
            "- [X] GTM : retiré\n\n```\n- [ ] exemple de case\n```",
        );
        assert_snapshot!(lint_one_on(&journal, "2030-01-01"), @"");
    }

    #[test]
    fn rgpd_notification_is_a_warning() {
        let journal = Journal::closed().set("rgpd", "{ deleted: 2025-07-15 }");
        assert_snapshot!(lint_one(&journal), @"content/missions/2025/audit-seo.md:6:1: warning [rgpd-not-notified] le client n’a pas été prévenu de la suppression de ses données (`rgpd.notified`)");
    }

    #[test]
    fn client_data_not_deleted_is_a_warning_until_end_plus_30_days_then_an_error() {
        let journal = Journal::closed().set("rgpd", "{ notified: 2025-06-30 }");
        assert_snapshot!(lint_one_on(&journal, "2025-07-30"), @"content/missions/2025/audit-seo.md:6:1: warning [rgpd-not-deleted] données du client ni supprimées ni rendues (`rgpd.deleted`, `rgpd.returned`) : à faire d’ici le 2025-07-30");
        assert_snapshot!(lint_one_on(&journal, "2025-07-31"), @"content/missions/2025/audit-seo.md:6:1: error [rgpd-not-deleted] données du client ni supprimées ni rendues (`rgpd.deleted`, `rgpd.returned`) : à faire avant le 2025-07-30, dépassé");
        // Without an end date it still fires, as a warning.
        let no_end = journal.unset("end");
        assert_snapshot!(lint_one_on(&no_end, "2030-01-01"), @"
        content/missions/2025/audit-seo.md:5:1: error [field-missing] champ obligatoire `end` absent : il est requis quand `status` vaut `closed`
        content/missions/2025/audit-seo.md:5:1: warning [rgpd-not-deleted] données du client ni supprimées ni rendues (`rgpd.deleted`, `rgpd.returned`)
        ");
    }

    #[test]
    fn the_rgpd_retention_is_the_books_policy_not_a_legal_deadline() {
        let book = TempBook::with_missions(
            "[book]\ntitle = \"Carnet\"\nlanguage = \"en\"\n[lint.policy]\nrgpd-retention-days = 60\n",
        );
        let journal = Journal::closed().set("rgpd", "{ notified: 2025-06-30 }");
        book.mission("2025/audit-seo.md", journal.text());
        assert_snapshot!(book.check_on("2025-08-29"), @"content/missions/2025/audit-seo.md:6:1: warning [rgpd-not-deleted] client data neither deleted nor returned (`rgpd.deleted`, `rgpd.returned`): due by 2025-08-29");
        let run = book.lint_on("2025-08-30", &["--format", "json"]);
        let d = &run.report().diagnostics[0];
        assert_eq!(
            (d.rule.as_str(), d.severity.as_str()),
            ("rgpd-not-deleted", "error")
        );
        assert_eq!(
            d.message,
            "client data neither deleted nor returned (`rgpd.deleted`, `rgpd.returned`): due by 2025-08-29, overdue"
        );
        assert_eq!(
            d.help.as_deref(),
            Some(
                "delete or return the client's personal data, at the client's choice, with its copies (RGPD 28(3)(g)); keep only what the law requires (invoices: 10 years for traders, C. com. L123-22; 6 years minimum for tax, LPF L102 B) and what a legal claim under way needs (RGPD 17(3)(e)); then record the date in `rgpd.deleted` or `rgpd.returned`; the 60 days are this book's policy (`rgpd-retention-days`), not a legal deadline"
            )
        );
    }

    #[test]
    fn the_termination_clause_must_be_reread_unless_the_contract_simply_ran_out() {
        let journal = Journal::closed().unset("contract"); // `status` stays on line 6
        let mut got = String::new();
        for by in ["client", "me", "mutual"] {
            let j = journal.clone().set("ended_by", by);
            got += &format!("ended_by {by}:\n{}", lint_one(&j));
        }
        assert_snapshot!(got, @"
        ended_by client:
        content/missions/2025/audit-seo.md:6:1: warning [contract-unchecked] fin de mission (`ended_by: client`) sans relecture de la clause de résiliation
        ended_by me:
        content/missions/2025/audit-seo.md:6:1: warning [contract-unchecked] fin de mission (`ended_by: me`) sans relecture de la clause de résiliation
        ended_by mutual:
        content/missions/2025/audit-seo.md:6:1: warning [contract-unchecked] fin de mission (`ended_by: mutual`) sans relecture de la clause de résiliation
        content/missions/2025/audit-seo.md:6:1: info [recommendation-not-requested] mission bien terminée : aucune recommandation demandée
        ");
        let term = journal
            .clone()
            .set("ended_by", "term")
            .set("recommendation", "{ requested: 2025-07-01 }");
        assert_snapshot!(lint_one(&term), @"");
        // An ending mission too.
        let ending = journal
            .clone()
            .set("status", "ending")
            .set("end", "2027-01-31");
        assert_snapshot!(lint_one(&ending), @"content/missions/2025/audit-seo.md:6:1: warning [contract-unchecked] fin de mission (`ended_by: client`) sans relecture de la clause de résiliation");
        // Without `ended_by`, `field-missing` says it; no `contract-unchecked` (precision 7).
        let unknown = journal.clone().unset("ended_by");
        assert_snapshot!(lint_one(&unknown), @"content/missions/2025/audit-seo.md:6:1: error [field-missing] champ obligatoire `ended_by` absent : il est requis quand `status` vaut `closed`");
        // An active mission has nothing to re-read yet.
        assert_snapshot!(lint_one(&Journal::active().set("ended_by", "client")), @"");
    }

    /// A closed mission I ended, with 30 days of contractual notice received on 2025-06-01.
    /// Lines: title 2, client 3, start 4, end 5, status 6, ended_by 7, contract 8, feedback 9,
    /// rgpd 10, invoices 11, notice 12.
    fn my_notice(end: &str) -> Journal {
        Journal::closed()
            .set("end", end)
            .set("ended_by", "me")
            .set(
                "contract",
                "{ termination_checked: 2025-05-20, notice_days: 30 }",
            )
            .set("notice", "{ given: 2025-06-01, channel: email }")
    }

    #[test]
    fn a_notice_of_exactly_the_contracts_days_is_long_enough_one_day_less_is_not() {
        assert_snapshot!(lint_one(&my_notice("2025-07-01")), @"");
        assert_snapshot!(lint_one(&my_notice("2025-06-30")), @"content/missions/2025/audit-seo.md:12:11: error [notice-too-short] préavis trop court : 29 jours entre sa réception (2025-06-01) et la fin (2025-06-30), le contrat en impose 30 jours");
        // Without an end date there is nothing to measure (precision 7).
        assert_snapshot!(lint_one(&my_notice("2025-06-30").unset("end").set("status", "ending")), @"content/missions/2025/audit-seo.md:5:1: error [field-missing] champ obligatoire `end` absent : il est requis quand `status` vaut `ending`");
        // Without `notice_days` the rule does not apply; when the client ended it, the client's
        // short notice is `client-notice-short` instead (precision 28).
        let no_days =
            my_notice("2025-06-30").set("contract", "{ termination_checked: 2025-05-20 }");
        assert_snapshot!(lint_one(&no_days), @"");
        let client = my_notice("2025-06-30").set("ended_by", "client");
        assert_snapshot!(lint_one(&client), @"content/missions/2025/audit-seo.md:12:11: info [client-notice-short] le client met fin à la mission le 2025-06-30, avant la fin de son préavis de 30 jours reçu le 2025-06-01 (le 2025-07-01)");
    }

    #[test]
    fn notice_too_short_says_how_short_in_both_languages() {
        let book = TempBook::fr();
        book.mission("2025/audit-seo.md", my_notice("2025-06-20").text());
        let fr = &book.diagnostics(&[])[0];
        assert_eq!((fr.line, fr.column), (12, 11));
        assert_eq!(
            fr.message,
            "préavis trop court\u{a0}: 19 jours entre sa réception (2025-06-01) et la fin (2025-06-20), le contrat en impose 30 jours"
        );
        assert_eq!(
            fr.help.as_deref(),
            Some(
                "le préavis court de sa réception par le client\u{a0}: la fin ne peut pas être avant le 2025-07-01\u{a0}; partir plus tôt vous expose à des dommages et intérêts (C. civ. 1211, 1231-1), sauf accord écrit du client sur une fin anticipée"
            )
        );
        let en = &book.diagnostics(&["--lang", "en"])[0];
        assert_eq!(
            en.message,
            "notice too short: 19 days between its receipt (2025-06-01) and the end (2025-06-20); the contract requires 30 days"
        );
    }

    #[test]
    fn an_oral_notice_needs_a_written_confirmation() {
        let mut got = String::new();
        for channel in ["phone", "meeting"] {
            let oral = my_notice("2025-07-01").set(
                "notice",
                &format!("{{ given: 2025-06-01, channel: {channel} }}"),
            );
            got += &format!("{channel}:\n{}", lint_one(&oral));
            let confirmed = my_notice("2025-07-01").set(
                "notice",
                &format!(
                    "{{ given: 2025-06-01, channel: {channel}, confirmed_in_writing: 2025-06-02 }}"
                ),
            );
            got += &format!("{channel}, confirmed:\n{}", lint_one(&confirmed));
        }
        for channel in ["email", "letter", "rar"] {
            let written = my_notice("2025-07-01").set(
                "notice",
                &format!("{{ given: 2025-06-01, channel: {channel} }}"),
            );
            got += &format!("{channel}:\n{}", lint_one(&written));
        }
        assert_snapshot!(got, @"
        phone:
        content/missions/2025/audit-seo.md:12:30: warning [notice-not-in-writing] préavis donné oralement (`phone`) sans confirmation écrite
        phone, confirmed:
        meeting:
        content/missions/2025/audit-seo.md:12:30: warning [notice-not-in-writing] préavis donné oralement (`meeting`) sans confirmation écrite
        meeting, confirmed:
        email:
        letter:
        rar:
        ");
        // The client's oral notice needs a written confirmation too (precision 28); a mutual
        // ending or one by term does not.
        let client = my_notice("2025-07-01")
            .set("ended_by", "client")
            .set("notice", "{ given: 2025-06-01, channel: phone }");
        assert_snapshot!(lint_one(&client), @"content/missions/2025/audit-seo.md:12:30: warning [notice-not-in-writing] préavis du client reçu oralement (`phone`) sans confirmation écrite");
        let mutual = client
            .set("ended_by", "mutual")
            .set("recommendation", "{ requested: 2025-07-01 }");
        assert_snapshot!(lint_one(&mutual), @"");
    }

    #[test]
    fn notice_rules_apply_to_my_own_ending_whatever_the_status() {
        // Precision 13: an active mission where I already gave notice by phone.
        let active = Journal::active()
            .set("ended_by", "me") // line 6
            .set("end", "2026-12-10") // line 7
            .set("contract", "{ notice_days: 30 }") // line 8
            .set("notice", "{ given: 2026-11-20, channel: phone }"); // line 9
        assert_snapshot!(lint_one(&active), @"
        content/missions/2025/audit-seo.md:9:11: error [notice-too-short] préavis trop court : 20 jours entre sa réception (2026-11-20) et la fin (2026-12-10), le contrat en impose 30 jours
        content/missions/2025/audit-seo.md:9:30: warning [notice-not-in-writing] préavis donné oralement (`phone`) sans confirmation écrite
        ");
    }

    #[test]
    fn a_mission_that_ended_well_should_ask_for_a_recommendation() {
        let mut got = String::new();
        for by in ["term", "mutual"] {
            let j = Journal::closed().set("ended_by", by);
            got += &format!("ended_by {by}:\n{}", lint_one(&j));
            let asked = j.set("recommendation", "{ requested: 2025-07-01 }");
            got += &format!("ended_by {by}, asked:\n{}", lint_one(&asked));
        }
        for by in ["client", "me"] {
            got += &format!(
                "ended_by {by}:\n{}",
                lint_one(&Journal::closed().set("ended_by", by))
            );
        }
        assert_snapshot!(got, @"
        ended_by term:
        content/missions/2025/audit-seo.md:6:1: info [recommendation-not-requested] mission bien terminée : aucune recommandation demandée
        ended_by term, asked:
        ended_by mutual:
        content/missions/2025/audit-seo.md:6:1: info [recommendation-not-requested] mission bien terminée : aucune recommandation demandée
        ended_by mutual, asked:
        ended_by client:
        ended_by me:
        ");
        let ending = Journal::closed()
            .set("status", "ending")
            .set("end", "2027-01-31")
            .set("ended_by", "term");
        assert_snapshot!(lint_one(&ending), @"");
    }
}

mod money {
    use super::*;

    /// An active mission with one invoice (lines 6-10), due on `due`.
    fn invoiced(due: &str, rest: &str) -> Journal {
        Journal::active().set(
            "invoices",
            &format!(
                "\n  - number: \"2026-042\"\n    amount: 1800\n    issued: 2026-10-01\n    due: {due}{rest}"
            ),
        )
    }

    #[test]
    fn an_invoice_due_today_is_not_overdue_one_due_yesterday_is() {
        assert_snapshot!(lint_one(&invoiced("2026-11-23", "")), @"");
        assert_snapshot!(lint_one(&invoiced("2026-11-22", "")), @"content/missions/2025/audit-seo.md:7:5: error [invoice-unpaid] facture 2026-042 (1 800 €) impayée depuis 1 jour");
    }

    #[test]
    fn a_paid_invoice_is_quiet_and_paid_null_means_unpaid() {
        let paid = invoiced("2026-11-01", "\n    paid: 2026-11-20");
        assert_snapshot!(lint_one(&paid), @"");
        let null = invoiced("2026-11-01", "\n    paid: null");
        assert_snapshot!(lint_one(&null), @"content/missions/2025/audit-seo.md:7:5: error [invoice-unpaid] facture 2026-042 (1 800 €) impayée depuis 22 jours");
        let empty = invoiced("2026-11-01", "\n    paid:");
        assert_snapshot!(lint_one(&empty), @"content/missions/2025/audit-seo.md:7:5: error [invoice-unpaid] facture 2026-042 (1 800 €) impayée depuis 22 jours");
    }

    #[test]
    fn after_a_registered_letter_an_unpaid_invoice_is_a_warning() {
        let rar = invoiced("2026-11-01", "\n    rar: \"1A 203 518 4472 6\"");
        assert_snapshot!(lint_one(&rar), @"content/missions/2025/audit-seo.md:7:5: warning [invoice-unpaid] facture 2026-042 (1 800 €) impayée depuis 22 jours ; mise en demeure envoyée (recommandé 1A 203 518 4472 6)");
    }

    #[test]
    fn the_unpaid_invoice_message_gives_number_amount_and_days_overdue() {
        let book = TempBook::fr();
        book.mission("2026/audit-seo.md", invoiced("2026-11-13", "").text());
        let fr = &book.diagnostics(&[])[0];
        assert_eq!((fr.line, fr.column), (7, 5));
        assert_eq!(
            fr.message,
            "facture 2026-042 (1\u{202f}800\u{a0}€) impayée depuis 10 jours"
        );
        let help = fr.help.as_deref().unwrap();
        for step in [
            "mise en demeure",
            "accusé de réception",
            "40\u{a0}€",
            "suspendre le travail est permis s’il reste proportionné",
        ] {
            assert!(help.contains(step), "{step}: {help}");
        }
        let en = &book.diagnostics(&["--lang", "en"])[0];
        assert_eq!(en.message, "invoice 2026-042 (€1,800) unpaid for 10 days");
        assert_eq!(
            en.help.as_deref(),
            Some(
                "send a reminder, then a formal notice (`debrief draft formal-notice audit-seo`): registered letter with acknowledgement of receipt, the invoice enclosed, as a folded letter without envelope so its content is harder to dispute, its registration number copied on the letter, and the same documents by e-mail quoting that number; between businesses, late-payment penalties run from the day after the due date with no reminder needed, plus the €40 recovery indemnity per invoice (C. com. L441-10); stopping work is allowed if proportionate: announce it in writing, ideally in the formal notice (C. civ. 1219–1220); record the date in `formal_notice` and the number in `rar`"
            )
        );
        // With a registered letter the message says so, and a cents amount keeps its cents.
        let book = TempBook::en();
        book.mission(
            "2026/audit-seo.md",
            Journal::active()
                .set(
                    "invoices",
                    "[{ number: \"2026-043\", amount: 950.5, issued: 2026-10-01, due: 2026-11-13, rar: \"1A 23\" }]",
                )
                .text(),
        );
        assert_eq!(
            book.diagnostics(&[])[0].message,
            "invoice 2026-043 (€950.50) unpaid for 10 days; formal notice sent (registered letter 1A 23)"
        );
    }

    #[test]
    fn one_diagnostic_per_unpaid_invoice_whatever_the_status() {
        let journal = Journal::closed().set(
            "invoices",
            "\n  - { number: \"A\", amount: 1, issued: 2026-01-01, due: 2026-02-01 }\n  - { number: \"B\", amount: 2, issued: 2026-01-01, due: 2026-02-01, paid: 2026-02-02 }\n  - { number: \"C\", amount: 3, issued: 2026-01-01, due: 2026-03-01 }",
        );

        assert_snapshot!(lint_one(&journal), @"
        content/missions/2025/audit-seo.md:12:5: error [invoice-unpaid] facture A (1 €) impayée depuis 295 jours
        content/missions/2025/audit-seo.md:14:5: error [invoice-unpaid] facture C (3 €) impayée depuis 267 jours
        ");
    }

    /// Invoice 2025-025 due 2025-05-30, paid 2025-06-10, and a journal around those days.
    fn late_payment(paid: &str) -> Journal {
        Journal::active()
            .set(
                "invoices",
                &format!("[{{ number: \"2025-025\", amount: 1800, issued: 2025-04-30, due: 2025-05-30{paid} }}]"),
            )
            .body(
                "## Journal\n\n### 2025-05-30 — Échéance\nRelance.\n\n### 2025-06-02 — Atelier\nJ'ai continué.\n\n#### 2025-06-10 Paiement reçu\n\n### 2025-06-12 — Reprise\n\n```\n# 2025-06-03 dans un bloc de code\n```\n",
            )
    }

    #[test]
    fn work_after_the_due_date_while_unpaid_is_a_warning_on_the_entry() {
        let journal = late_payment(", paid: 2025-06-10");
        let text = journal.text();
        // Not on the due date, not on the payment date, not after it, not in code.
        assert_snapshot!(lint_one(&journal), @"content/missions/2025/audit-seo.md:14:1: warning [worked-while-unpaid] travail le 2025-06-02 alors que la facture 2025-025 était impayée depuis son échéance du 2025-05-30");
        let book = TempBook::fr();
        let d = &diags_of(book, &text)[0];
        assert_eq!(d.column, 1);
        assert_eq!(
            d.message,
            "travail le 2025-06-02 alors que la facture 2025-025 était impayée depuis son échéance du 2025-05-30"
        );
        let book = TempBook::en();
        assert_eq!(
            diags_of(book, &text)[0].message,
            "work on 2025-06-02 while invoice 2025-025 was unpaid past its due date of 2025-05-30"
        );
    }

    #[test]
    fn while_the_invoice_stays_unpaid_every_later_work_entry_is_reported() {
        // « 2025-06-10 Paiement reçu » is an admin entry, not work (version 2).
        let journal = late_payment("");
        assert_snapshot!(lint_one(&journal), @"
        content/missions/2025/audit-seo.md:6:12: error [invoice-unpaid] facture 2025-025 (1 800 €) impayée depuis 542 jours
        content/missions/2025/audit-seo.md:14:1: warning [worked-while-unpaid] travail le 2025-06-02 alors que la facture 2025-025 était impayée depuis son échéance du 2025-05-30
        content/missions/2025/audit-seo.md:19:1: warning [worked-while-unpaid] travail le 2025-06-12 alors que la facture 2025-025 était impayée depuis son échéance du 2025-05-30
        ");
    }

    #[test]
    fn one_diagnostic_per_entry_naming_the_first_overdue_invoice() {
        let journal = Journal::active()
            .set(
                "invoices",
                "\n  - { number: \"A\", amount: 1, issued: 2025-01-01, due: 2025-02-01, paid: 2025-03-01 }\n  - { number: \"B\", amount: 2, issued: 2025-01-01, due: 2025-01-15, paid: 2025-03-01 }",
            )
            .body("### 2025-02-10 Atelier\n");
        let book = TempBook::en();
        book.mission("2025/audit-seo.md", journal.text());
        assert_snapshot!(book.check(), @"content/missions/2025/audit-seo.md:11:1: warning [worked-while-unpaid] work on 2025-02-10 while invoice A was unpaid past its due date of 2025-02-01");
    }
}

mod publishing {
    use super::*;

    /// A closed mission for "Cabinet Roussel" published as lessons (line 13 is `publish`).
    fn lessons(lessons: &str) -> Journal {
        Journal::closed()
            .set("client", "\"Cabinet Roussel\"")
            .set("client_alias", "\"un cabinet d'expertise comptable\"")
            .set("publish", "lessons")
            .section("Leçons", lessons)
    }

    /// A closed case study for "Cabinet Roussel" with consent and alias (line 13 is `publish`).
    fn case_study() -> Journal {
        Journal::closed()
            .set("client", "\"Cabinet Roussel\"")
            .set("client_alias", "\"un cabinet comptable\"")
            .set("case_study", "{ consent: 2025-07-10 }")
            .set("publish", "case-study")
    }

    #[test]
    fn a_case_study_needs_the_clients_consent_and_an_alias() {
        assert_snapshot!(lint_one(&case_study()), @"");
        let no_consent = case_study().set("case_study", "{ }");
        assert_snapshot!(lint_one(&no_consent), @"content/missions/2025/audit-seo.md:14:1: error [case-study-consent] étude de cas sans accord du client (`case_study.consent`)");
        let bare = Journal::closed().set("publish", "case-study"); // line 12
        assert_snapshot!(lint_one(&bare), @"
        content/missions/2025/audit-seo.md:12:1: error [case-study-alias] étude de cas sans `client_alias` pour nommer le client en public
        content/missions/2025/audit-seo.md:12:1: error [case-study-consent] étude de cas sans accord du client (`case_study.consent`)
        ");
        // Consent and alias are not asked of lessons.
        assert_snapshot!(lint_one(&Journal::closed().set("publish", "lessons")), @"");
    }

    #[test]
    fn the_clients_name_in_published_lessons_is_an_error_at_each_occurrence() {
        let journal = lessons(
            "Avec Cabinet Roussel, cadrer tôt. CABINET ROUSSEL l'a appris aussi.\nLe cabinet roussel n'y est pour rien.",
        );
        let text = journal.text();
        let book = TempBook::fr();
        book.mission("2025/audit-seo.md", &text);
        assert_snapshot!(book.check_human(), @"
        erreur[client-name-leak] : le nom réel du client « Cabinet Roussel » apparaît dans un texte publié
          --> content/missions/2025/audit-seo.md:30:6
           |
        30 | Avec Cabinet Roussel, cadrer tôt. CABINET ROUSSEL l'a appris aussi.
           |      ^^^^^^^
           = aide : remplacez-le par l’alias « un cabinet d’expertise comptable » ou une formule neutre

        erreur[client-name-leak] : le nom réel du client « Cabinet Roussel » apparaît dans un texte publié
          --> content/missions/2025/audit-seo.md:30:35
           |
        30 | Avec Cabinet Roussel, cadrer tôt. CABINET ROUSSEL l'a appris aussi.
           |                                   ^^^^^^^
           = aide : remplacez-le par l’alias « un cabinet d’expertise comptable » ou une formule neutre

        erreur[client-name-leak] : le nom réel du client « Cabinet Roussel » apparaît dans un texte publié
          --> content/missions/2025/audit-seo.md:31:4
           |
        31 | Le cabinet roussel n'y est pour rien.
           |    ^^^^^^^
           = aide : remplacez-le par l’alias « un cabinet d’expertise comptable » ou une formule neutre

        3 erreurs, 0 avertissement, 0 info dans 1 fichier
        ");
        let book = TempBook::en();
        book.mission("2025/audit-seo.md", &text);
        assert_snapshot!(book.check(), @r#"
        content/missions/2025/audit-seo.md:30:6: error [client-name-leak] the client's real name "Cabinet Roussel" appears in published text
        content/missions/2025/audit-seo.md:30:35: error [client-name-leak] the client's real name "Cabinet Roussel" appears in published text
        content/missions/2025/audit-seo.md:31:4: error [client-name-leak] the client's real name "Cabinet Roussel" appears in published text
        "#);
    }

    #[test]
    fn a_name_wrapped_over_two_lines_is_still_found() {
        // Markdown joins the lines: the published text reads "Cabinet Roussel".
        let journal = lessons("Un dossier mené avec Cabinet\nRoussel en 2025.");
        let text = journal.text();
        let book = TempBook::en();
        book.mission("2025/audit-seo.md", &text);
        assert_snapshot!(book.check(), @r#"content/missions/2025/audit-seo.md:30:22: error [client-name-leak] the client's real name "Cabinet Roussel" appears in published text"#);
    }

    #[test]
    fn only_the_lessons_are_public_for_a_lessons_mission() {
        // Not the title, not the other sections, not the front matter.
        let journal = lessons("Cadrer tôt.")
            .set("title", "\"Comptabilité — Cabinet Roussel\"")
            .section("Passation", "Remis à Cabinet Roussel le 2025-06-25.");
        assert_snapshot!(lint_one(&journal), @"");
    }

    #[test]
    fn a_name_matches_whole_words_ignoring_case_and_accents() {
        // `Rousselot` is another word; `Roussel` alone is not `Cabinet Roussel`.
        let journal = lessons("M. Rousselot et Roussel ont validé ; Cabinet Rousselot aussi.");
        assert_snapshot!(lint_one(&journal), @"");
        let short = lessons("M. Rousselot a validé.").set("client", "\"Roussel\"");
        assert_snapshot!(lint_one(&short), @"");
        let accents = Journal::closed()
            .set("publish", "lessons")
            .section("Leçons", "La Boutique Lumiere, puis la BOUTIQUE LUMIÈRE.");
        let text = accents.text();
        let book = TempBook::fr();
        book.mission("2025/audit-seo.md", &text);
        // Privacy v2: accents are ignored too (`Lumiere` is `Lumière` without its accent).
        assert_snapshot!(book.check(), @"
        content/missions/2025/audit-seo.md:29:4: error [client-name-leak] le nom réel du client « Boutique Lumière » apparaît dans un texte publié
        content/missions/2025/audit-seo.md:29:30: error [client-name-leak] le nom réel du client « Boutique Lumière » apparaît dans un texte publié
        ");
    }

    #[test]
    fn a_case_study_publishes_its_title_and_body_but_not_its_private_sections() {
        let journal = case_study()
            .set("title", "\"Refonte pour Cabinet Roussel\"") // line 2
            .section("Contexte", "Cabinet Roussel voulait un site. `cabinet-roussel` dans le code compte aussi (un tiret vaut une espace), comme Cabinet Roussel.")
            .section("Accès", "- [x] OVH de Cabinet Roussel : retiré")
            .section("RGPD", "Fichiers de Cabinet Roussel supprimés.")
            .section("Factures", "Cabinet Roussel a payé.")
            .body("## Annexe\n\n<!-- note privée : Cabinet Roussel -->\n\n```text\nClient : Cabinet Roussel\n```\n");
        let text = journal.text();
        let book = TempBook::fr();
        book.mission("2025/audit-seo.md", &text);
        assert_snapshot!(book.check(), @"
        content/missions/2025/audit-seo.md:2:1: error [client-name-leak] le nom réel du client « Cabinet Roussel » apparaît dans un texte publié
        content/missions/2025/audit-seo.md:39:1: error [client-name-leak] le nom réel du client « Cabinet Roussel » apparaît dans un texte publié
        content/missions/2025/audit-seo.md:39:35: error [client-name-leak] le nom réel du client « Cabinet Roussel » apparaît dans un texte publié
        content/missions/2025/audit-seo.md:39:112: error [client-name-leak] le nom réel du client « Cabinet Roussel » apparaît dans un texte publié
        content/missions/2025/audit-seo.md:54:10: error [client-name-leak] le nom réel du client « Cabinet Roussel » apparaît dans un texte publié
        ");
    }

    #[test]
    fn html_comment_markers_written_as_code_are_published_text_not_comments() {
        // Precision 14: code is published. A `<!--` shown as inline code opens no comment, and
        // a comment inside a code block is printed as is.
        let journal = case_study().section(
            "Contexte",
            "Pour masquer un passage, écrire `<!--` en HTML.\n\nCabinet Roussel voulait un site, jean@roussel.fr aussi.\n\n```html\n<!-- Cabinet Roussel -->\n```",
        );
        let text = journal.text();
        let book = TempBook::fr();
        book.mission("2025/audit-seo.md", &text);
        assert_snapshot!(book.check(), @"
        content/missions/2025/audit-seo.md:41:1: error [client-name-leak] le nom réel du client « Cabinet Roussel » apparaît dans un texte publié
        content/missions/2025/audit-seo.md:41:34: warning [personal-data-leak] adresse e-mail « jean@roussel.fr » dans un texte publié
        content/missions/2025/audit-seo.md:44:6: error [client-name-leak] le nom réel du client « Cabinet Roussel » apparaît dans un texte publié
        ");
    }

    #[test]
    fn real_html_comments_are_not_published_wherever_they_are() {
        let journal = lessons(
            "Cadrer tôt. <!-- Cabinet Roussel, en ligne --> Facturer d'avance.\n\n<!--\nBloc privé : Cabinet Roussel,\n06 12 34 56 78\n-->\n\n> Citation <!-- de Cabinet Roussel -->",
        );
        assert_snapshot!(lint_one(&journal), @"");
    }

    #[test]
    fn a_case_study_without_consent_or_alias_is_still_checked_for_the_name() {
        let journal = Journal::closed()
            .set("client", "\"Cabinet Roussel\"")
            .set("publish", "case-study") // line 12
            .section("Contexte", "Pour Cabinet Roussel.");

        assert_snapshot!(lint_one(&journal), @"
        content/missions/2025/audit-seo.md:12:1: error [case-study-alias] étude de cas sans `client_alias` pour nommer le client en public
        content/missions/2025/audit-seo.md:12:1: error [case-study-consent] étude de cas sans accord du client (`case_study.consent`)
        content/missions/2025/audit-seo.md:37:6: error [client-name-leak] le nom réel du client « Cabinet Roussel » apparaît dans un texte publié
        ");
    }

    #[test]
    fn an_invalid_publish_value_acts_as_private() {
        // Precision 4: `publish: lesson` publishes nothing, so nothing leaks.
        let journal = lessons("Avec Cabinet Roussel, cadrer tôt. Appeler le 06 12 34 56 78.")
            .set("publish", "lesson");
        let book = TempBook::en();
        book.mission("2025/audit-seo.md", journal.text());
        assert_snapshot!(book.check_human(), @"
        error[field-invalid]: `publish`: invalid value `lesson`; allowed values: `private`, `lessons`, `case-study`
          --> content/missions/2025/audit-seo.md:13:1
           |
        13 | publish: lesson
           | ^^^^^^^
           = help: did you mean `lessons`?

        1 error, 0 warnings, 0 infos in 1 file
        ");
    }

    #[test]
    fn a_private_mission_may_name_its_client_anywhere() {
        let journal = Journal::closed()
            .set("title", "\"Boutique Lumière\"")
            .section(
                "Leçons",
                "Boutique Lumière : jean@boutique-lumiere.fr, 06 12 34 56 78.",
            );
        assert_snapshot!(lint_one(&journal), @"");
    }

    #[test]
    fn e_mail_addresses_and_phone_numbers_in_public_text_are_warnings() {
        let journal = lessons(
            "Écrire à jean.dupont+devis@exemple.fr. Tél 06 12 34 56 78 ou 06.12.34.56.78,\n06-12-34-56-78, 0612345678, +33 6 12 34 56 78, +442071838750.\nPas un numéro : +1 200 abonnés, 2025-06-12, 06 12 34.",
        );
        let text = journal.text();
        let book = TempBook::fr();
        book.mission("2025/audit-seo.md", &text);
        assert_snapshot!(book.check(), @"
        content/missions/2025/audit-seo.md:30:10: warning [personal-data-leak] adresse e-mail « jean.dupont+devis@exemple.fr » dans un texte publié
        content/missions/2025/audit-seo.md:30:44: warning [personal-data-leak] numéro de téléphone « 06 12 34 56 78 » dans un texte publié
        content/missions/2025/audit-seo.md:30:62: warning [personal-data-leak] numéro de téléphone « 06.12.34.56.78 » dans un texte publié
        content/missions/2025/audit-seo.md:31:1: warning [personal-data-leak] numéro de téléphone « 06-12-34-56-78 » dans un texte publié
        content/missions/2025/audit-seo.md:31:17: warning [personal-data-leak] numéro de téléphone « 0612345678 » dans un texte publié
        content/missions/2025/audit-seo.md:31:29: warning [personal-data-leak] numéro de téléphone « +33 6 12 34 56 78 » dans un texte publié
        content/missions/2025/audit-seo.md:31:48: warning [personal-data-leak] numéro de téléphone « +442071838750 » dans un texte publié
        ");
        let book = TempBook::en();
        book.mission("2025/audit-seo.md", &text);
        assert_snapshot!(book.check(), @r#"
        content/missions/2025/audit-seo.md:30:10: warning [personal-data-leak] e-mail address "jean.dupont+devis@exemple.fr" in published text
        content/missions/2025/audit-seo.md:30:44: warning [personal-data-leak] phone number "06 12 34 56 78" in published text
        content/missions/2025/audit-seo.md:30:62: warning [personal-data-leak] phone number "06.12.34.56.78" in published text
        content/missions/2025/audit-seo.md:31:1: warning [personal-data-leak] phone number "06-12-34-56-78" in published text
        content/missions/2025/audit-seo.md:31:17: warning [personal-data-leak] phone number "0612345678" in published text
        content/missions/2025/audit-seo.md:31:29: warning [personal-data-leak] phone number "+33 6 12 34 56 78" in published text
        content/missions/2025/audit-seo.md:31:48: warning [personal-data-leak] phone number "+442071838750" in published text
        "#);
    }

    #[test]
    fn a_case_studys_title_is_public_for_personal_data_too() {
        let title = "\"Refonte — écrire à jean@roussel.fr ou au 06 12 34 56 78\"";
        let book = TempBook::en();
        book.mission("2025/audit-seo.md", case_study().set("title", title).text());
        assert_snapshot!(book.check(), @r#"
        content/missions/2025/audit-seo.md:2:1: warning [personal-data-leak] e-mail address "jean@roussel.fr" in published text
        content/missions/2025/audit-seo.md:2:1: warning [personal-data-leak] phone number "06 12 34 56 78" in published text
        "#);
        // The title of a lessons mission is not published.
        assert_snapshot!(lint_one(&lessons("Cadrer tôt.").set("title", title)), @"");
    }

    #[test]
    fn personal_data_in_private_sections_and_comments_is_not_published() {
        let journal = case_study()
            .section("Accès", "- [x] Compte jean@cabinet.fr retiré")
            .section("Données personnelles", "Contact : 06 12 34 56 78")
            .section("Facturation", "Compta : compta@cabinet.fr")
            .body("## Annexe\n\n<!-- joindre Léa au 06 98 76 54 32 -->\n");
        assert_snapshot!(lint_one(&journal), @"");
        // In a lessons mission, only the lessons are public.
        let journal = lessons("Cadrer tôt.").section("Passation", "Léa : lea@cabinet.fr");
        assert_snapshot!(lint_one(&journal), @"");
    }
}

mod suppression {
    use super::*;

    /// A closed mission without deliverables (an info on line 6) and with `lint.allow` entries
    /// (YAML, one per item) starting on line 13.
    fn allowing(entries: &str) -> Journal {
        Journal::closed()
            .without("Livrables")
            .set("lint", &format!("\n  allow:{entries}"))
    }

    #[test]
    fn an_allow_with_a_reason_silences_its_rule_for_this_file() {
        let journal = allowing(
            "\n    - rule: deliverables-missing\n      reason: \"mission de conseil, rien à livrer\"",
        );
        assert_snapshot!(lint_one(&journal), @"");
        // Only in this file.
        let book = TempBook::fr();
        book.mission("a.md", journal.text())
            .mission("b.md", Journal::closed().without("Livrables").text());
        assert_snapshot!(book.check(), @"content/missions/b.md:6:1: info [deliverables-missing] mission close sans liste des livrables transmis");
    }

    #[test]
    fn an_allow_without_a_reason_still_silences_but_is_reported() {
        for reason in [
            "",
            "\n      reason: \"\"",
            "\n      reason: \"   \"",
            "\n      reason:",
        ] {
            let journal = allowing(&format!("\n    - rule: deliverables-missing{reason}"));
            let book = TempBook::en();
            book.mission("2025/audit-seo.md", journal.text());
            insta::allow_duplicates! {
                assert_snapshot!(book.check(), @"content/missions/2025/audit-seo.md:14:7: warning [allow-without-reason] `lint.allow` silences `deliverables-missing` without a reason");
            }
        }
    }

    #[test]
    fn an_allow_naming_an_unknown_rule_is_reported_and_silences_nothing() {
        let journal = allowing("\n    - rule: deliverable-missing\n      reason: \"conseil\"");
        let book = TempBook::en();
        book.mission("2025/audit-seo.md", journal.text());
        assert_snapshot!(book.check_human(), @"
        info[deliverables-missing]: closed mission without a list of what was delivered
         --> content/missions/2025/audit-seo.md:6:1
          |
        6 | status: closed
          | ^^^^^^
          = help: add a `## Deliverables` section (or `## Livrables`) with its content

        warning[allow-unknown-rule]: `deliverable-missing` is not a known rule: this has no effect
          --> content/missions/2025/audit-seo.md:14:7
           |
        14 |     - rule: deliverable-missing
           |       ^^^^
           = help: did you mean `deliverables-missing`?

        0 errors, 1 warning, 1 info in 1 file
        ");
    }

    #[test]
    fn the_allow_rules_themselves_cannot_be_silenced() {
        let journal = allowing(
            "\n    - rule: allow-unknown-rule\n      reason: \"chut\"\n    - rule: allow-without-reason\n      reason: \"chut\"\n    - rule: no-such-rule",
        );

        assert_snapshot!(lint_one(&journal), @"
        content/missions/2025/audit-seo.md:6:1: info [deliverables-missing] mission close sans liste des livrables transmis
        content/missions/2025/audit-seo.md:18:7: warning [allow-unknown-rule] `no-such-rule` n’est pas une règle connue : cette exception ne fait rien
        content/missions/2025/audit-seo.md:18:7: warning [allow-without-reason] `lint.allow` fait taire `no-such-rule` sans donner de raison
        ");
    }

    #[test]
    fn an_allow_silences_every_diagnostic_of_its_rule_including_loader_ones() {
        let journal = Journal::closed()
            .section("Accès", "- [ ] GTM\n- [ ] Google Ads")
            .set("humeur", "bonne")
            .set(
                "lint",
                "{ allow: [ { rule: access-open, reason: \"le client garde mon accès en secours\" }, { rule: field-unknown, reason: \"notes perso\" } ] }",
            );
        assert_snapshot!(lint_one(&journal), @"");
    }

    #[test]
    fn lint_rules_turns_a_rule_off_for_the_whole_book() {
        let book = TempBook::with_missions(
            "[book]\ntitle = \"Carnet\"\n[lint.rules]\ndeliverables-missing = \"off\"\nfield-unknown = \"off\"\n",
        );
        book.mission("a.md", Journal::closed().without("Livrables").text())
            .mission("b.md", Journal::active().set("humeur", "bonne").text());
        assert_snapshot!(book.check(), @"");
    }

    #[test]
    fn a_fixed_severity_replaces_a_variable_one() {
        let book = TempBook::with_missions(
            "[book]\ntitle = \"Carnet\"\n[lint.rules]\naccess-open = \"error\"\nrgpd-not-deleted = \"info\"\ninvoice-unpaid = \"warning\"\n",
        );
        let journal = Journal::closed()
            .set("rgpd", "{ notified: 2025-06-30 }")
            .set(
                "invoices",
                "[{ number: \"A\", amount: 1, issued: 2025-06-01, due: 2025-07-01 }]",
            )
            .section("Accès", "- [ ] GTM");
        let text = journal.text();
        book.mission("a.md", &text);
        // On 2025-07-31: access still within its grace (a warning by default), client data
        // overdue (an error by default), invoice overdue (an error by default).
        assert_snapshot!(book.check_on("2025-07-31"), @"
        content/missions/a.md:6:1: info [rgpd-not-deleted] données du client ni supprimées ni rendues (`rgpd.deleted`, `rgpd.returned`) : à faire avant le 2025-07-30, dépassé
        content/missions/a.md:11:12: warning [invoice-unpaid] facture A (1 €) impayée depuis 30 jours
        content/missions/a.md:20:3: error [access-open] accès encore ouvert : « GTM » (à retirer d’ici le 2025-09-28)
        ");
    }

    #[test]
    fn an_unknown_rule_in_lint_rules_is_reported_on_book_toml_at_its_key() {
        let book = TempBook::with_missions(
            "[book]\ntitle = \"Carnet\"\nlanguage = \"en\"\n\n[lint.rules]\ndeliverables-missing = \"off\"\nacces-open = \"off\"\n",
        );
        book.mission(
            "a.md",
            Journal::closed().section("Accès", "- [ ] GTM").text(),
        );
        let run = book.lint(&["--format", "json"]);
        let report = run.report();
        let got: Vec<_> = report
            .diagnostics
            .iter()
            .map(|d| {
                (
                    d.path.as_str(),
                    d.line,
                    d.column,
                    d.rule.as_str(),
                    d.severity.as_str(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("book.toml", 7, 1, "allow-unknown-rule", "warning"),
                // The misspelt key silences nothing.
                ("content/missions/a.md", 20, 3, "access-open", "error"),
            ]
        );
        assert_eq!(
            report.diagnostics[0].message,
            "`acces-open` is not a known rule: this has no effect"
        );
        assert_eq!(
            report.diagnostics[0].help.as_deref(),
            Some("did you mean `access-open`?")
        );
        // The human format shows the book.toml line.
        let human = book.lint(&[]);
        assert!(
            human.stdout.starts_with(
                "warning[allow-unknown-rule]: `acces-open` is not a known rule: this has no effect\n --> book.toml:7:1\n  |\n7 | acces-open = \"off\"\n  | ^^^^^^^^^^\n"
            ),
            "{human:?}"
        );
    }

    #[test]
    fn lint_rules_also_sets_the_level_of_its_own_unknown_key_warnings() {
        let off = TempBook::with_missions(
            "[book]\ntitle = \"Carnet\"\n[lint.rules]\nallow-unknown-rule = \"off\"\nacces-open = \"off\"\n",
        );
        off.mission("a.md", Journal::closed().text());
        assert_snapshot!(off.check(), @"");
        let raised = TempBook::with_missions(
            "[book]\ntitle = \"Carnet\"\n[lint.rules]\nacces-open = \"off\"\nallow-unknown-rule = \"error\"\n",
        );
        raised.mission("a.md", Journal::closed().text());
        let run = raised.lint(&["--format", "json"]);
        assert_eq!(run.triples(), [("allow-unknown-rule", 4, "error")]);
        assert_eq!(run.code, 1);
    }

    #[test]
    fn an_invalid_level_in_lint_rules_stops_with_exit_2_at_book_toml_line_and_column() {
        let book = TempBook::with_missions(
            "[book]\ntitle = \"Carnet\"\n[lint.rules]\naccess-open = \"warn\"\n",
        );
        book.mission("a.md", Journal::active().text());
        let run = book.lint(&["--lang", "en"]);
        assert_eq!(run.code, 2, "{run:?}");
        assert_eq!(run.stdout, "");
        assert_eq!(
            run.stderr,
            "error: ./book.toml:4:15: `lint.rules.access-open`: invalid value `warn`; allowed values: `off`, `info`, `warning`, `error`\n  = help: did you mean `warning`?\n"
        );
    }
}

mod custom_elements {
    use super::*;

    const TRACKING: &str = r#"[book]
title = "Carnet"

[[lint.require]]
id = "tracking-removed"
headings = ["Outils de suivi", "Tracking"]
status = ["closed"]
tags = ["webmarketing", "seo"]
severity = "warning"
message = "Désactiver puis supprimer les outils de suivi internes"
"#;

    #[test]
    fn a_required_element_fires_on_applicable_missions_without_its_section() {
        let book = TempBook::with_missions(TRACKING);
        let seo = Journal::closed().set("tags", "[seo, audit]"); // status on line 6
        book.mission("1-seo.md", seo.text())
            .mission(
                "2-seo-done.md",
                seo.clone()
                    .section(
                        "📊 outils de SUIVI :",
                        "GTM et Hotjar supprimés le 2025-07-02.",
                    )
                    .text(),
            )
            .mission(
                "3-seo-placeholder.md",
                seo.clone().section("Tracking", "TODO").text(),
            )
            .mission("4-dev.md", Journal::closed().set("tags", "[dev]").text())
            .mission("5-untagged.md", Journal::closed().text())
            .mission(
                "6-seo-active.md",
                Journal::active().set("tags", "[webmarketing]").text(),
            );
        assert_snapshot!(book.check_human(), @"
        avertissement[tracking-removed] : Désactiver puis supprimer les outils de suivi internes
         --> content/missions/1-seo.md:6:1
          |
        6 | status: closed
          | ^^^^^^
          = aide : ajoutez une section non vide : `## Outils de suivi`, `## Tracking`

        avertissement[tracking-removed] : Désactiver puis supprimer les outils de suivi internes
         --> content/missions/3-seo-placeholder.md:6:1
          |
        6 | status: closed
          | ^^^^^^
          = aide : ajoutez une section non vide : `## Outils de suivi`, `## Tracking`

        0 erreur, 2 avertissements, 0 info dans 6 fichiers
        ");
    }

    #[test]
    fn status_severity_and_default_message_are_configurable() {
        let book = TempBook::with_missions(
            "[book]\ntitle = \"Carnet\"\nlanguage = \"en\"\n[[lint.require]]\nid = \"invoice-archived\"\nheadings = [\"Archivage\"]\nstatus = [\"ending\"]\nseverity = \"error\"\n",
        );
        let ending = Journal::closed()
            .set("status", "ending")
            .set("end", "2027-01-31");
        book.mission("a-ending.md", ending.text())
            .mission("b-closed.md", Journal::closed().text());
        assert_snapshot!(book.check(), @r#"content/missions/a-ending.md:6:1: error [invoice-archived] section "Archivage" is missing or empty"#);
    }

    #[test]
    fn a_custom_element_is_a_known_rule_for_allow_and_lint_rules() {
        let book = TempBook::with_missions(&format!(
            "{TRACKING}\n[lint.rules]\ntracking-removed = \"error\"\n"
        ));
        let seo = Journal::closed().set("tags", "[seo]");
        book.mission("a.md", seo.text()).mission(
            "b.md",
            seo.clone()
                .set(
                    "lint",
                    "{ allow: [ { rule: tracking-removed, reason: \"aucun outil posé\" } ] }",
                )
                .text(),
        );
        assert_snapshot!(book.check(), @"content/missions/a.md:6:1: error [tracking-removed] Désactiver puis supprimer les outils de suivi internes");
    }

    #[test]
    fn a_custom_id_that_clashes_with_a_built_in_rule_stops_with_exit_2() {
        let book = TempBook::with_missions(
            "[book]\ntitle = \"Carnet\"\n[[lint.require]]\nid = \"access-open\"\nheadings = [\"Accès\"]\n",
        );
        book.mission("a.md", Journal::active().text());
        let run = book.lint(&["--lang", "en"]);
        assert_eq!(run.code, 2, "{run:?}");
        assert_eq!(run.stdout, "");
        assert_eq!(
            run.stderr,
            "error: ./book.toml:4:6: `lint.require.id`: `access-open` is already a built-in rule; choose another id\n"
        );
    }
}

mod invocation {
    use super::*;

    fn two_missions() -> TempBook {
        let book = TempBook::en();
        book.mission("2025/a.md", Journal::closed().without("Passation").text())
            .mission("2025/b.md", Journal::closed().without("Livrables").text());
        book
    }

    #[test]
    fn naming_files_reports_only_on_those_files() {
        let book = two_missions();
        let run = book.lint(&["--format", "json", "content/missions/2025/b.md"]);
        let report = run.report();
        assert_eq!(report.diagnostics.len(), 1, "{run:?}");
        assert_eq!(report.diagnostics[0].path, "content/missions/2025/b.md");
        assert_eq!(report.diagnostics[0].rule, "deliverables-missing");
        assert_eq!(report.summary.files, 1);
        assert_eq!(run.code, 0);
        // An absolute path or a `./` path names the same file.
        let absolute = book.root().join("content/missions/2025/a.md");
        let run = book.lint(&[
            "--format",
            "json",
            absolute.to_str().unwrap(),
            "./content/missions/2025/b.md",
        ]);
        assert_eq!(
            run.triples(),
            [
                ("handover-missing", 6, "error"),
                ("deliverables-missing", 6, "info")
            ]
        );
        assert_eq!(run.code, 1);
    }

    #[test]
    fn files_outside_the_content_dir_index_pages_and_non_markdown_files_are_ignored() {
        let book = two_missions();
        book.file("README.md", "# Mes missions\n")
            .file("notes/brouillon.md", "pas de front matter\n")
            .file("content/_index.md", "pas de front matter\n")
            .mission("2025/_index.md", "---\ntitle: [\n---\n")
            .mission("2025/notes.txt", "---\nstatus: closd\n---\n");
        let run = book.lint(&[
            "--format",
            "json",
            "README.md",
            "book.toml",
            "notes/brouillon.md",
            "content/_index.md",
            "content/missions/2025/_index.md",
            "content/missions/2025/notes.txt",
        ]);
        let report = run.report();
        assert_eq!(report.diagnostics, []);
        assert_eq!(report.summary.files, 0);
        assert_eq!(run.code, 0, "{run:?}");
    }

    #[test]
    fn index_pages_are_never_linted_and_other_files_are_skipped() {
        let book = TempBook::en();
        book.file("content/_index.md", "Bienvenue, pas de front matter.\n")
            .mission("_index.md", "---\ntitle: \"Missions\"\n---\nIntro.\n")
            .mission("2025/deep/_index.md", "---\ntitle: [broken\n---\n")
            .mission("2025/photo.png", [0x89, b'P', b'N', b'G', 0xff, 0x00])
            .mission("2025/notes.txt", "pas un journal\n")
            .mission("2025/audit-seo.md", Journal::active().text());
        let run = book.lint(&["--format", "json"]);
        let report = run.report();
        assert_eq!(report.diagnostics, []);
        assert_eq!(report.summary.files, 1);
    }

    #[test]
    fn drafts_are_linted_like_any_mission() {
        let journal = Journal::closed().set("draft", "true").without("Passation");
        assert_snapshot!(lint_one(&journal), @"content/missions/2025/audit-seo.md:6:1: error [handover-missing] mission `closed` sans passation");
    }

    #[test]
    fn missions_may_sit_at_any_depth_and_in_toml() {
        let toml = "+++\ntitle = \"Traduction\"\nclient = \"Musée\"\nstart = 2025-01-15\nend = \"2025-06-30\"\nstatus = \"closed\"\nended_by = \"client\"\n+++\n\n## Handover\n\nDone.\n";
        let book = TempBook::en();
        book.file("content/2025/q1/traduction.md", toml);
        let triples = book.triples();
        assert_eq!(
            triples,
            [
                ("access-missing", 6, "warning"),
                ("contract-unchecked", 6, "warning"),
                ("deliverables-missing", 6, "info"),
                ("feedback-missing", 6, "error"),
                ("final-invoice-missing", 6, "warning"),
                ("lessons-missing", 6, "warning"),
                ("rgpd-not-deleted", 6, "error"),
                ("rgpd-not-notified", 6, "warning"),
            ]
        );
    }
}

mod exit_codes {
    use super::*;

    #[test]
    fn a_clean_book_exits_0_and_says_so_in_its_language() {
        let book = TempBook::fr();
        book.mission("a.md", Journal::closed().text());
        let fr = book.lint(&[]);
        assert_eq!(
            (fr.code, fr.stdout.as_str()),
            (0, "Aucun problème dans 1 fichier\n")
        );
        let en = book.lint(&["--lang", "en"]);
        assert_eq!(
            (en.code, en.stdout.as_str()),
            (0, "No problems in 1 file\n")
        );
        assert_eq!(en.stderr, "");
    }

    #[test]
    fn warnings_exit_0_unless_denied() {
        let book = TempBook::en();
        book.mission("a.md", Journal::closed().without("Leçons").text())
            .mission("b.md", Journal::closed().without("Livrables").text());
        let run = book.lint(&[]);
        assert_eq!(run.code, 0, "{run:?}");
        assert!(
            run.stdout
                .ends_with("\n0 errors, 1 warning, 1 info in 2 files\n"),
            "{run:?}"
        );
        assert_eq!(book.lint(&["--deny", "warnings"]).code, 1);
        // Infos never fail the run.
        let infos = TempBook::en();
        infos.mission("b.md", Journal::closed().without("Livrables").text());
        assert_eq!(infos.lint(&["--deny", "warnings"]).code, 0);
    }

    #[test]
    fn errors_exit_1() {
        let book = TempBook::fr();
        book.mission("a.md", Journal::closed().without("Passation").text());
        let run = book.lint(&[]);
        assert_eq!(run.code, 1, "{run:?}");
        assert!(
            run.stdout
                .ends_with("\n1 erreur, 0 avertissement, 0 info dans 1 fichier\n"),
            "{run:?}"
        );
    }

    #[test]
    fn debrief_exits_2_when_it_cannot_do_its_job() {
        let book = TempBook::en();
        book.mission("a.md", Journal::closed().text());
        for args in [
            &["--today", "2026-02-30"][..],
            &["--today", "23/11/2026"],
            &["--format", "xml"],
            &["--deny", "infos"],
            &["--lang", "de"],
        ] {
            let mut all = vec!["lint"];
            all.extend_from_slice(args);
            let run = book.run(&all);
            assert_eq!(run.code, 2, "{args:?}: {run:?}");
            assert_eq!(run.stdout, "", "{args:?}");
        }
        let run = book.run(&["lint", "--today", "2026-02-30"]);
        assert!(
            run.stderr
                .contains("`2026-02-30` is not a real date; did you mean `2026-02-28`?"),
            "{run:?}"
        );

        let broken = TempBook::with_missions("[book\ntitle = \"Carnet\"\n");
        let run = broken.lint(&["--lang", "en"]);
        assert_eq!(run.code, 2, "{run:?}");
        assert!(run.stderr.starts_with("error: ./book.toml:1:"), "{run:?}");
        assert!(run.stderr.contains("invalid TOML"), "{run:?}");

        let no_content = TempBook::en();
        std::fs::remove_dir_all(no_content.root().join("content")).unwrap();
        let run = no_content.lint(&["--lang", "en"]);
        assert_eq!(run.code, 2, "{run:?}");
        assert!(
            run.stderr
                .starts_with("error: ./content: the content directory does not exist\n"),
            "{run:?}"
        );

        let no_book = TempBook::en();
        std::fs::remove_file(no_book.root().join("book.toml")).unwrap();
        let run = no_book.lint(&["--lang", "en"]);
        assert_eq!(run.code, 2, "{run:?}");
        assert!(
            run.stderr
                .starts_with("error: .: no book.toml in this directory\n"),
            "{run:?}"
        );
    }

    #[test]
    fn today_comes_from_debrief_today_unless_given_on_the_command_line() {
        // Ended 2025-06-30 with an open access: due by 2025-09-28.
        let book = TempBook::en();
        let journal = Journal::closed().section("Accès", "- [ ] GTM");
        book.mission("a.md", journal.text());
        let line = line_of(&journal.text(), "- [ ] GTM");
        let with_env = |today: &str, args: &[&str]| {
            let mut all = vec!["lint", "--format", "json"];
            all.extend_from_slice(args);
            let out = book
                .command(&all)
                .env("DEBRIEF_TODAY", today)
                .output()
                .unwrap();
            support::Run::of(out)
        };
        let run = with_env("2025-09-28", &[]);
        assert_eq!(run.report().today, "2025-09-28");
        assert_eq!(run.triples(), [("access-open", line, "warning")]);
        let run = with_env("2025-09-29", &[]);
        assert_eq!(run.triples(), [("access-open", line, "error")]);
        assert_eq!(run.code, 1);
        let run = with_env("2025-09-29", &["--today", "2025-09-28"]);
        assert_eq!(run.report().today, "2025-09-28");
        assert_eq!(run.triples(), [("access-open", line, "warning")]);
        let run = with_env("bientôt", &[]);
        assert_eq!(run.code, 2, "{run:?}");
    }

    #[test]
    fn lang_overrides_the_books_language() {
        let journal = Journal::closed().without("Passation");
        let fr_book = TempBook::fr();
        fr_book.mission("a.md", journal.text());
        let en_book = TempBook::en();
        en_book.mission("a.md", journal.text());
        let first_line = |run: support::Run| run.stdout.lines().next().unwrap().to_string();
        let french = "erreur[handover-missing]\u{a0}: mission `closed` sans passation";
        let english = "error[handover-missing]: `closed` mission without a handover";
        assert_eq!(first_line(fr_book.lint(&[])), french);
        assert_eq!(first_line(en_book.lint(&[])), english);
        assert_eq!(first_line(fr_book.lint(&["--lang", "en"])), english);
        assert_eq!(first_line(en_book.lint(&["--lang", "fr"])), french);
        // `--lang` is global: it may come before the command too.
        assert_eq!(
            first_line(en_book.run(&["--lang", "fr", "lint", "--today", TODAY])),
            french
        );
    }
}

/// Every rule id of the catalog, in catalog order.
const CATALOG: [&str; 37] = [
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
];

/// A book where every rule of the catalog, and one custom element, fires at least once.
fn book_of_every_rule() -> TempBook {
    let book = TempBook::with_missions(
        "[book]\ntitle = \"Carnet\"\nlanguage = \"en\"\n\n[[lint.require]]\nid = \"tracking-removed\"\nheadings = [\"Tracking\"]\ntags = [\"seo\"]\n",
    );
    let mut latin1 = b"---\ntitle: caf".to_vec();
    latin1.extend_from_slice(&[0xe9, b'\n']);
    book.mission("structure/latin1.md", latin1)
        .mission("structure/no-front-matter.md", "# Notes\n")
        .mission("structure/broken.md", "---\ntitle: [\n---\n")
        .mission(
            "structure/deep.md",
            format!("{}\n{}x\n", Journal::active().text(), "> ".repeat(100)),
        )
        .mission(
            "structure/fields.md",
            Journal::active()
                .unset("client")
                .set("status", "closd")
                .set("humeur", "bonne")
                .set("end", "2025-01-01")
                .text(),
        )
        .mission("structure/2024/Audit-SEO.md", Journal::active().text())
        .mission("structure/2025/audit-seo.md", Journal::active().text())
        .mission(
            "end/forgotten.md",
            Journal::closed()
                .set("ended_by", "mutual")
                .unset("contract")
                .unset("feedback")
                .unset("rgpd")
                .unset("invoices")
                .set("tags", "[seo]")
                .without("Passation")
                .without("Accès")
                .without("Retour client")
                .without("Leçons")
                .without("Livrables")
                .section("Suivi", "- [ ] Envoyer le bilan")
                .text(),
        )
        .mission(
            "end/my-notice.md",
            Journal::closed()
                .set("ended_by", "me")
                .set("end", "2025-06-20")
                .set(
                    "contract",
                    "{ termination_checked: 2025-05-20, notice_days: 30 }",
                )
                .set("notice", "{ given: 2025-06-01, channel: phone }")
                .section("Accès", "- [ ] GTM")
                .text(),
        )
        .mission(
            "end/stale.md",
            Journal::active().set("end", "2025-06-30").text(),
        )
        .mission(
            "end/client-notice.md",
            Journal::closed()
                .set("contract", "{ termination_checked: 2025-06-02, notice_months: 1 }")
                .set("notice", "{ given: 2025-06-01, channel: email }")
                .text(),
        )
        .mission(
            "money/recovery.md",
            Journal::active()
                .set("deposit", "{ amount: 500, requested: 2021-01-05 }")
                .set(
                    "invoices",
                    "[{ number: \"B\", amount: 10, issued: 2021-01-01, due: 2021-04-01, formal_notice: 2021-05-01 }]",
                )
                .body("### 2021-01-10 Maquettes\n")
                .text(),
        )
        .mission(
            "money/late.md",
            Journal::active()
                .set(
                    "invoices",
                    "[{ number: \"A\", amount: 10, issued: 2025-01-01, due: 2025-02-01 }]",
                )
                .body("### 2025-02-10 Atelier\n")
                .text(),
        )
        .mission(
            "publishing/case.md",
            Journal::closed()
                .set("publish", "case-study")
                .section("Contexte", "Boutique Lumière, 06 12 34 56 78.")
                .text(),
        )
        .mission(
            "suppression/allow.md",
            Journal::active()
                .set("lint", "{ allow: [ { rule: no-such-rule } ] }")
                .text(),
        );
    book
}

#[test]
fn every_rule_of_the_catalog_and_a_custom_element_fire_in_one_book() {
    let book = book_of_every_rule();
    let run = book.lint(&["--format", "json"]);
    let mut fired: Vec<String> = run
        .report()
        .diagnostics
        .into_iter()
        .map(|d| d.rule)
        .collect();
    fired.sort();
    fired.dedup();
    let mut expected: Vec<String> = CATALOG
        .iter()
        .chain(&["tracking-removed"])
        .map(|s| s.to_string())
        .collect();
    expected.sort();
    assert_eq!(fired, expected);
    assert_eq!(run.code, 1);
}

mod outputs {
    use super::*;

    /// A small French book: a badly closed mission I ended, and an active one with a typo.
    fn small_book() -> TempBook {
        let book = TempBook::fr();
        book.mission(
            "2025/refonte-site.md",
            r#"---
title: "Refonte du site"
client: "Cabinet Roussel"
client_alias: "un cabinet comptable"
start: 2025-03-03
end: 2025-06-20
status: closed
ended_by: me
publish: lessons
contract: { termination_checked: 2025-06-05, notice_days: 30 }
notice: { given: 2025-06-05, channel: phone }
invoices:
  - { number: "2025-025", amount: 1800, issued: 2025-04-30, due: 2025-05-30 }
rgpd: { notified: 2025-06-20 }
---

## Journal

### 2025-06-02 — Maquettes
J'ai continué malgré le retard de paiement.

## Passation

Remis à l'équipe le 2025-06-20.

## Accès

- [ ] OVH : retirer mon accès

## Leçons

Avec Cabinet Roussel, facturer d'avance.
"#,
        )
        .mission(
            "2026/traduction.md",
            "---\ntitle: \"Traduction du catalogue\"\nclient: \"Pompes Martin\"\nstart: 2026-01-05\nstatus: active\nend_reson: budget\n---\n",
        );
        book
    }

    #[test]
    fn the_human_format_in_french() {
        let run = small_book().lint(&[]);
        assert_eq!(run.code, 1);
        insta::assert_snapshot!("human_fr", run.stdout);
    }

    #[test]
    fn the_human_format_in_english() {
        let run = small_book().lint(&["--lang", "en"]);
        assert_eq!(run.code, 1);
        insta::assert_snapshot!("human_en", run.stdout);
    }

    #[test]
    fn colour_only_when_asked_or_on_a_terminal() {
        let book = small_book();
        // Not a terminal: no escape codes by default.
        let plain = support::Run::of(book.command(&["lint", "--today", TODAY]).output().unwrap());
        assert!(!plain.stdout.contains('\x1b'), "{plain:?}");
        assert_eq!(plain.stdout, book.lint(&[]).stdout);
        let coloured = book.run(&["lint", "--today", TODAY, "--color", "always"]);
        assert!(
            coloured
                .stdout
                .contains("\x1b[1m\x1b[31merreur[feedback-missing]\x1b[0m"),
            "{coloured:?}"
        );
    }

    #[test]
    fn quiet_drops_the_summary_line() {
        let book = TempBook::fr();
        book.mission("a.md", Journal::closed().text());
        assert_eq!(book.lint(&["--quiet"]).stdout, "");
        let run = small_book().lint(&["--quiet"]);
        assert!(
            run.stdout.ends_with("6 | end_reson: budget\n  | ^^^^^^^^^\n  = aide\u{a0}: vouliez-vous dire `end_reason`\u{a0}?\n\n"),
            "{run:?}"
        );
    }

    #[test]
    fn json_has_exactly_the_documented_schema() {
        let run = small_book().lint(&["--format", "json"]);
        let value = run.json();
        let keys = |v: &serde_json::Value| {
            let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
            k.sort();
            k
        };
        assert_eq!(keys(&value), ["diagnostics", "summary", "today", "version"]);
        assert_eq!(value["version"], 1);
        assert_eq!(value["today"], TODAY);
        assert_eq!(
            keys(&value["summary"]),
            ["errors", "files", "infos", "warnings"]
        );
        let diagnostics = value["diagnostics"].as_array().unwrap();
        assert!(!diagnostics.is_empty());
        for d in diagnostics {
            assert_eq!(
                keys(d),
                [
                    "column", "help", "line", "message", "path", "rule", "severity"
                ]
            );
            assert!(d["path"].is_string() && d["rule"].is_string() && d["message"].is_string());
            assert!(d["line"].is_u64() && d["column"].is_u64());
            assert!(d["help"].is_string() || d["help"].is_null());
            assert!(["error", "warning", "info"].contains(&d["severity"].as_str().unwrap()));
        }
        let report = run.report();
        assert_eq!(
            report.summary,
            support::report::Summary {
                files: 2,
                errors: 6,
                warnings: 4,
                infos: 1
            }
        );
        let first = &report.diagnostics[0];
        assert_eq!(
            first,
            &Diag {
                path: "content/missions/2025/refonte-site.md".into(),
                line: 7,
                column: 1,
                rule: "deliverables-missing".into(),
                severity: "info".into(),
                message: "mission close sans liste des livrables transmis".into(),
                help: Some(
                    "ajoutez une section `## Livrables` (ou `## Deliverables`) avec son contenu"
                        .into()
                ),
            }
        );
    }

    #[test]
    fn json_diagnostics_are_sorted_by_path_line_column_rule_and_counted() {
        let run = book_of_every_rule().lint(&["--format", "json"]);
        let report = run.report();
        let keys: Vec<_> = report
            .diagnostics
            .iter()
            .map(|d| (d.path.clone(), d.line, d.column, d.rule.clone()))
            .collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted);
        let count = |s: &str| {
            report
                .diagnostics
                .iter()
                .filter(|d| d.severity == s)
                .count()
        };
        assert_eq!(report.summary.errors, count("error"));
        assert_eq!(report.summary.warnings, count("warning"));
        assert_eq!(report.summary.infos, count("info"));
        assert_eq!(report.summary.files, 15);
        assert!(
            report
                .diagnostics
                .iter()
                .all(|d| d.path.starts_with("content/missions/"))
        );
    }

    #[test]
    fn github_annotations_are_one_workflow_command_per_diagnostic() {
        let book = small_book();
        let run = book.lint(&["--format", "github"]);
        assert_eq!(run.code, 1);
        let lines: Vec<&str> = run.stdout.lines().collect();
        assert_eq!(
            lines[..4],
            [
                "::notice file=content/missions/2025/refonte-site.md,line=7,col=1,title=deliverables-missing::mission close sans liste des livrables transmis",
                "::error file=content/missions/2025/refonte-site.md,line=7,col=1,title=feedback-missing::mission close sans retour client",
                "::warning file=content/missions/2025/refonte-site.md,line=7,col=1,title=final-invoice-missing::mission close sans facture émise depuis le 2025-05-20 (31 jours avant la fin du 2025-06-20)",
                "::error file=content/missions/2025/refonte-site.md,line=7,col=1,title=rgpd-not-deleted::données du client ni supprimées ni rendues (`rgpd.deleted`, `rgpd.returned`)\u{a0}: à faire avant le 2025-07-20, dépassé",
            ]
        );
        assert_eq!(
            lines.last().unwrap(),
            &"::warning file=content/missions/2026/traduction.md,line=6,col=1,title=field-unknown::clé inconnue `end_reson`\u{a0}: elle est ignorée"
        );
        // One line per diagnostic, in the same order as the JSON report.
        let diags = book.diagnostics(&[]);
        assert_eq!(lines.len(), diags.len());
        for (line, d) in lines.iter().zip(&diags) {
            let command = match d.severity.as_str() {
                "info" => "notice",
                other => other,
            };
            assert_eq!(
                *line,
                format!(
                    "::{command} file={},line={},col={},title={}::{}",
                    d.path, d.line, d.column, d.rule, d.message
                )
            );
        }
    }

    #[test]
    fn github_annotations_escape_what_workflow_commands_need() {
        let book = TempBook::en();
        let journal = Journal::closed()
            .set("client", "\"100% Bio\"")
            .set("publish", "lessons")
            .section("Leçons", "Avec 100% Bio, cadrer tôt.");
        book.mission("a,b.md", journal.text());
        let line = line_of(&journal.text(), "Avec 100% Bio");
        let run = book.lint(&["--format", "github"]);
        assert_eq!(
            run.stdout,
            format!(
                "::error file=content/missions/a%2Cb.md,line={line},col=6,title=client-name-leak::the client's real name \"100%25 Bio\" appears in published text\n"
            )
        );
    }

    #[test]
    fn sarif_is_2_1_0_with_every_result_tied_to_a_described_rule() {
        let book = book_of_every_rule();
        let run = book.lint(&["--format", "sarif"]);
        assert_eq!(run.code, 1);
        let sarif = run.json();
        assert_eq!(sarif["version"], "2.1.0");
        assert!(sarif["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
        let runs = sarif["runs"].as_array().unwrap();
        assert_eq!(runs.len(), 1);
        let driver = &runs[0]["tool"]["driver"];
        assert_eq!(driver["name"], "debrief");
        let rules = driver["rules"].as_array().unwrap();
        let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
        let mut expected: Vec<&str> = CATALOG.to_vec();
        expected.push("tracking-removed");
        assert_eq!(ids, expected);
        for rule in rules {
            assert!(
                !rule["shortDescription"]["text"]
                    .as_str()
                    .unwrap()
                    .is_empty()
            );
            assert!(!rule["help"]["text"].as_str().unwrap().is_empty());
            let level = rule["defaultConfiguration"]["level"].as_str().unwrap();
            assert!(["error", "warning", "note"].contains(&level), "{rule}");
        }
        let results = runs[0]["results"].as_array().unwrap();
        let json = book.diagnostics(&[]);
        assert_eq!(results.len(), json.len());
        for (result, d) in results.iter().zip(&json) {
            let id = result["ruleId"].as_str().unwrap();
            assert!(ids.contains(&id), "{id} is not in tool.driver.rules");
            let index = result["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(ids[index], id);
            let level = match d.severity.as_str() {
                "info" => "note",
                other => other,
            };
            assert_eq!(result["level"], level);
            let location = &result["locations"][0]["physicalLocation"];
            assert_eq!(location["artifactLocation"]["uri"], d.path.as_str());
            assert_eq!(location["region"]["startLine"], d.line);
            assert_eq!(location["region"]["startColumn"], d.column);
            assert!(
                result["message"]["text"]
                    .as_str()
                    .unwrap()
                    .starts_with(&d.message)
            );
        }
        let levels: Vec<&str> = results
            .iter()
            .map(|r| r["level"].as_str().unwrap())
            .collect();
        for level in ["error", "warning", "note"] {
            assert!(levels.contains(&level), "no {level} result");
        }
    }
}

mod commands {
    use super::*;

    #[test]
    fn rules_lists_every_rule_of_the_catalog() {
        let dir = TempBook::en();
        let run = dir.run(&["rules"]);
        assert_eq!(run.code, 0, "{run:?}");
        let ids: Vec<&str> = run
            .stdout
            .lines()
            .skip(1)
            .map(|l| l.split_whitespace().next().unwrap())
            .collect();
        assert_eq!(ids, CATALOG);
        assert!(run.stdout.starts_with("RULE "), "{run:?}");
        assert!(
            run.stdout
                .lines()
                .any(|l| l.starts_with("access-open ") && l.contains(" warning ")),
            "{run:?}"
        );
    }

    #[test]
    fn rules_as_json_parses_and_includes_custom_elements() {
        let book = TempBook::with_missions(
            "[book]\ntitle = \"Carnet\"\n[[lint.require]]\nid = \"tracking-removed\"\nheadings = [\"Tracking\"]\n",
        );
        let run = book.run(&["rules", "--format", "json"]);
        assert_eq!(run.code, 0, "{run:?}");
        let json = run.json();
        let items = json.as_array().unwrap();
        let ids: Vec<&str> = items.iter().map(|i| i["id"].as_str().unwrap()).collect();
        let mut expected: Vec<&str> = CATALOG.to_vec();
        expected.push("tracking-removed");
        assert_eq!(ids, expected);
        let access = &items[16];
        assert_eq!(access["id"], "access-open");
        assert_eq!(access["severity"], "warning");
        assert_eq!(access["custom"], false);
        assert_eq!(items[37]["custom"], true);
    }

    #[test]
    fn explain_prints_a_rules_documentation_in_french_and_english() {
        let dir = TempBook::fr();
        let fr = dir.run(&["--lang", "fr", "explain", "access-open"]);
        assert_eq!(fr.code, 0, "{fr:?}");
        assert!(
            fr.stdout.starts_with(
                "access-open — Un accès à un outil du client est encore ouvert après la fin de la mission\ngravité\u{a0}: avertissement    s’applique à\u{a0}: closed\n\n## Ce que vérifie la règle\n"
            ),
            "{fr:?}"
        );
        assert!(fr.stdout.contains("erreur dès le 2025-09-29"), "{fr:?}");
        let en = dir.run(&["--lang", "en", "explain", "access-open"]);
        assert_eq!(en.code, 0, "{en:?}");
        assert!(
            en.stdout.starts_with(
                "access-open — An access to one of the client's tools is still open after the mission ended\nseverity: warning    applies to: closed\n\n## What it checks\n"
            ),
            "{en:?}"
        );
        assert!(en.stdout.contains("error from 2025-09-29"), "{en:?}");
        // Without `--lang`, the book's language.
        assert_eq!(dir.run(&["explain", "access-open"]).stdout, fr.stdout);
    }

    #[test]
    fn explain_an_unknown_rule_exits_2_and_suggests_the_closest() {
        let dir = TempBook::en();
        let run = dir.run(&["--lang", "en", "explain", "acces-open"]);
        assert_eq!(run.code, 2, "{run:?}");
        assert_eq!(run.stdout, "");
        assert_eq!(
            run.stderr,
            "error: unknown rule `acces-open`\n  = help: did you mean `access-open`? `debrief rules` lists every rule\n"
        );
        let fr = dir.run(&["--lang", "fr", "explain", "acces-open"]);
        assert_eq!(fr.code, 2);
        assert!(
            fr.stderr.contains("vouliez-vous dire `access-open`"),
            "{fr:?}"
        );
    }
}
