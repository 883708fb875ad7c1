//! `debrief draft`: every kind of letter in both languages on a fixture journal (snapshots),
//! the money of a formal notice checked against values computed here independently (several
//! invoices, a leap year, a due date in each half-year), the e-mail form parsed back by a real
//! e-mail parser, missing facts, `--out` and determinism. Every test runs the real binary.

mod support;

use support::{Run, TempBook};

const NBSP: &str = "\u{A0}";
const NNBSP: &str = "\u{202F}";

const AUTHOR: &str = "[author]\nname = \"Claire Martin\"\nbusiness = \"Claire Martin EI\"\nsiret = \"123 456 789 00012\"\naddress = \"12 rue des Lilas\\n69003 Lyon\"\nemail = \"claire@example.fr\"\ncity = \"Lyon\"\n";

/// A book in `lang` with `[author]` and `extra` (more `book.toml` tables).
fn book(lang: &str, extra: &str) -> TempBook {
    TempBook::with_missions(&format!(
        "[book]\ntitle = \"Carnet\"\nlanguage = \"{lang}\"\n\n{AUTHOR}\n{extra}"
    ))
}

/// A mission ending, with every fact the letters read.
const JOURNAL: &str = r#"---
title: "Refonte SEO — Boutique Lumière"
client: "Boutique Lumière SARL"
client_names: ["Boutique Lumière", "Jeanne Dupont"]
client_alias: "un e-commerçant lyonnais"
client_contact: { name: "Jeanne Dupont", email: "jeanne@lumiere.example", address: "3 place Bellecour\n69002 Lyon" }
start: 2025-03-03
end: 2025-12-31
status: ending
ended_by: me
publish: private
contract: { notice_months: 2 }
notice: { given: 2025-10-31, channel: rar }
rgpd: { deleted: 2025-11-05, hold: "les échanges sur la facture 2025-014" }
invoices:
  - { number: "2025-014", amount: 1800, issued: 2025-07-01, due: 2025-07-31, reminded: 2025-09-01 }
  - { number: "2025-015", amount: 2500.50, issued: 2025-08-01, due: 2025-08-31 }
  - { number: "2025-016", amount: 999.99, issued: 2025-05-01, due: 2025-06-30, paid: 2025-07-02 }
  - { number: "2025-017", amount: 300, issued: 2025-11-01, due: 2025-12-01 }
---

## Livrables

- Audit SEO (PDF)
- Nouvelle arborescence

## Passation

- Documentation remise à l’équipe interne

## Accès

- [x] CMS : compte retiré le 2025-11-05

## Leçons

Demander un acompte avant de commencer, même chez Boutique Lumière.
"#;

const KINDS: [&str; 9] = [
    "notice",
    "notice-confirmation",
    "payment-reminder",
    "formal-notice",
    "rgpd-deletion",
    "feedback-request",
    "recommendation-request",
    "case-study-consent",
    "handover",
];

fn draft(book: &TempBook, args: &[&str]) -> Run {
    let mut all = vec!["draft"];
    all.extend_from_slice(args);
    book.run(&all)
}

#[test]
fn every_kind_in_both_languages() {
    for lang in ["fr", "en"] {
        let b = book(lang, "");
        b.mission("2025/refonte-seo.md", JOURNAL);
        for kind in KINDS {
            let run = draft(&b, &[kind, "refonte-seo", "--date", "2025-11-10"]);
            assert_eq!(run.code, 0, "{kind} {lang}: {run:?}");
            insta::assert_snapshot!(format!("draft_{lang}_{kind}"), run.stdout);
        }
    }
}

#[test]
fn the_letter_alone_on_stdout_the_notes_on_stderr() {
    let b = book("fr", "");
    b.mission("2025/refonte-seo.md", JOURNAL);
    let run = draft(
        &b,
        &["formal-notice", "refonte-seo", "--date", "2025-11-10"],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert!(!run.stdout.contains("Modèle indicatif"), "{run:?}");
    assert!(!run.stdout.contains("pliez la lettre"), "{run:?}");
    assert!(
        run.stderr.contains("pliez la lettre sans enveloppe"),
        "{run:?}"
    );
    assert!(run.stderr.contains(&format!(
        "Modèle indicatif{NBSP}: relisez-le{NBSP}; en cas de doute, demandez conseil."
    )));
    assert!(run.stderr.contains("coordonnées bancaires"), "{run:?}");
    assert!(run.stdout.contains(&format!(
        "**Objet{NBSP}: Mise en demeure de payer — factures 2025-014, 2025-015**"
    )));
    assert!(run.stdout.contains("Fait à Lyon, le 10 novembre 2025\n"));
    // Not late on the letter's date: left out, with a warning.
    assert!(!run.stdout.contains("2025-017"));
    assert!(
        run.stderr.contains("facture 2025-017 laissée de côté"),
        "{run:?}"
    );
    // The paid invoice is not claimed.
    assert!(!run.stdout.contains("2025-016"));
    // A letter that is not legal in nature has no advice note.
    let run = draft(
        &b,
        &["feedback-request", "refonte-seo", "--date", "2025-11-10"],
    );
    assert!(!run.stderr.contains("Modèle indicatif"), "{run:?}");
}

/// Days from 0000-03-01 in the proleptic Gregorian calendar, written here independently of the
/// binary's calendar.
fn day_number(date: &str) -> i64 {
    let p: Vec<i64> = date.split('-').map(|s| s.parse().unwrap()).collect();
    let (mut y, mut m, d) = (p[0], p[1], p[2]);
    if m < 3 {
        y -= 1;
        m += 12;
    }
    365 * y + y / 4 - y / 100 + y / 400 + (153 * (m - 3) + 2) / 5 + d
}

/// Euro cents written the French way, built digit by digit here.
fn fr_euros(cents: i64) -> String {
    let units = (cents / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in units.chars().enumerate() {
        if i > 0 && (units.len() - i).is_multiple_of(3) {
            grouped.push_str(NNBSP);
        }
        grouped.push(c);
    }
    format!("{grouped},{:02}{NBSP}€", cents % 100)
}

#[test]
fn formal_notice_money_matches_an_independent_computation() {
    // 10.5 % a year from the terms of sale; invoices due on a leap day (first half-year), in the
    // second half of 2024, and in the first half of 2025.
    let b = book("fr", "[money]\nlate-rate = 10.5\nformal-notice-days = 15\n");
    b.mission(
        "2025/calcul.md",
        "---\ntitle: \"Calcul\"\nclient: \"ACME SAS\"\nclient_contact: { address: \"1 rue A\\n75001 Paris\" }\nstart: 2024-01-02\ninvoices:\n  - { number: \"A1\", amount: 1234.56, due: 2024-02-29 }\n  - { number: \"A2\", amount: 800, due: 2024-07-01 }\n  - { number: \"A3\", amount: 15000.1, due: 2025-01-15 }\n---\n",
    );
    let letter_date = "2025-03-05";
    let run = draft(&b, &["formal-notice", "calcul", "--date", letter_date]);
    assert_eq!(run.code, 0, "{run:?}");
    let invoices = [
        ("A1", 123_456_i64, "2024-02-29", "29 février 2024"),
        ("A2", 80_000, "2024-07-01", "1er juillet 2024"),
        ("A3", 1_500_010, "2025-01-15", "15 janvier 2025"),
    ];
    let (mut principal, mut penalties) = (0, 0);
    for (number, cents, due, due_fr) in invoices {
        let days = day_number(letter_date) - day_number(due);
        // amount × 10.5 / 100 × days / 365 = cents × 105 × days / 365 000, rounded half up.
        let penalty = (cents * 105 * days * 2 + 365_000) / 730_000;
        principal += cents;
        penalties += penalty;
        assert!(
            run.stdout
                .contains(&format!("- Facture {number}{NBSP}: {}\n", fr_euros(cents))),
            "{number}: {run:?}"
        );
        assert!(
            run.stdout.contains(&format!(
                "échéance{NBSP}: {due_fr}, soit {days} jours de retard au 5 mars 2025"
            )),
            "{number} {days}: {run:?}"
        );
        assert!(
            run.stdout.contains(&format!(
                "pénalités de retard au taux de 10,50{NBSP}% (taux prévu dans nos conditions générales){NBSP}: {}\n",
                fr_euros(penalty)
            )),
            "{number} {penalty}: {run:?}"
        );
    }
    assert_eq!(day_number("2025-03-05") - day_number("2024-02-29"), 370);
    let claimed = principal + penalties + 3 * 4000;
    assert!(
        run.stdout.contains(&format!(
            "**Total réclamé{NBSP}: {}**, soit {} en principal, {} de pénalités de retard et {} d’indemnités forfaitaires.",
            fr_euros(claimed),
            fr_euros(principal),
            fr_euros(penalties),
            fr_euros(12_000)
        )),
        "{run:?}"
    );
    // Deadline: the letter's date + formal-notice-days (15).
    assert!(
        run.stdout.contains("au plus tard le 20 mars 2025"),
        "{run:?}"
    );
    // The principal is above €5,000: no small-claims procedure.
    assert!(!run.stdout.contains("petites créances"), "{run:?}");
}

#[test]
fn the_shipped_ecb_rate_per_half_year_and_none_guessed() {
    let b = book("en", "");
    b.mission(
        "2025/ecb.md",
        "---\ntitle: \"ECB\"\nclient: \"ACME Ltd\"\nclient_contact: { address: \"1 High St\" }\nstart: 2025-01-02\ninvoices:\n  - { number: \"B1\", amount: 1800, due: 2025-07-31 }\n  - { number: \"B0\", amount: 100, due: 2025-06-30 }\n---\n",
    );
    let run = draft(
        &b,
        &[
            "formal-notice",
            "ecb",
            "--date",
            "2025-09-05",
            "--invoice",
            "B1",
        ],
    );
    assert_eq!(run.code, 0, "{run:?}");
    // 1800 × 12.15 % × 36 / 365 = 21.5704…
    assert!(run.stdout.contains(
        "  - late-payment penalties at 12.15% (ECB rate of 2.15% in force on 1 July 2025 + 10 points, as our terms set no rate): €21.57\n"
    ), "{run:?}");
    assert!(
        run.stdout
            .contains("  - fixed recovery indemnity: €40.00\n"),
        "{run:?}"
    );
    assert!(
        run.stdout.contains("**Total claimed: €1,861.57**"),
        "{run:?}"
    );
    assert!(run.stdout.contains("simplified small-claims"), "{run:?}");
    // Due in the first half of 2025: the table has no rate for it, and none is guessed.
    let run = draft(&b, &["formal-notice", "ecb", "--date", "2025-09-05"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stdout.is_empty());
    assert!(run.stderr.contains("invoice B0 fell due on 30 June 2025: debrief does not ship the ECB rate of that half-year; set the rate of your terms of sale in book.toml, `[money] late-rate`"), "{run:?}");
}

#[test]
fn consumers_get_legal_interest_and_no_indemnity() {
    let b = book("fr", "");
    b.mission(
        "2025/conso.md",
        "---\ntitle: \"Portrait\"\nclient: \"Jean Martin\"\nclient_kind: consumer\nclient_contact: { address: \"2 rue B\" }\nstart: 2025-01-02\nstatus: closed\ninvoices:\n  - { number: \"C1\", amount: 450, due: 2025-09-30 }\n---\n",
    );
    let run = draft(&b, &["formal-notice", "conso", "--date", "2025-10-10"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("intérêts au taux légal à compter de la présente mise en demeure (art. 1231-6 et 1344-1 du Code civil)"));
    assert!(run.stdout.contains(&format!(
        "**Total réclamé{NBSP}: 450,00{NBSP}€** en principal."
    )));
    assert!(!run.stdout.contains("indemnité"), "{run:?}");
    assert!(!run.stdout.contains("pénalités"), "{run:?}");
    // A closed mission: no work to suspend.
    assert!(!run.stdout.contains("suspends"), "{run:?}");
}

#[test]
fn missing_facts_are_errors_naming_the_key() {
    let b = book("en", "");
    let no_address = JOURNAL.replace(", address: \"3 place Bellecour\\n69002 Lyon\"", "");
    b.mission("2025/refonte-seo.md", no_address);
    let run = draft(
        &b,
        &[
            "--lang",
            "en",
            "formal-notice",
            "refonte-seo",
            "--date",
            "2025-11-10",
        ],
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert_eq!(
        run.stderr,
        "error: formal-notice needs client_contact.address (content/missions/2025/refonte-seo.md) — or pass --format eml\n"
    );
    let no_notice = JOURNAL.replace("notice: { given: 2025-10-31, channel: rar }\n", "");
    b.mission("2025/refonte-seo.md", no_notice);
    let run = draft(
        &b,
        &[
            "--lang",
            "en",
            "notice",
            "refonte-seo",
            "--date",
            "2025-11-10",
        ],
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert_eq!(
        run.stderr,
        "error: notice needs notice.given (content/missions/2025/refonte-seo.md)\n"
    );
    let no_author = TempBook::en();
    no_author.mission("2025/refonte-seo.md", JOURNAL);
    let run = draft(
        &no_author,
        &[
            "--lang",
            "en",
            "handover",
            "refonte-seo",
            "--date",
            "2025-11-10",
        ],
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert_eq!(
        run.stderr,
        "error: handover needs [author] name (book.toml)\n"
    );
}

#[test]
fn invoices_not_late() {
    let b = book("en", "");
    b.mission("2025/refonte-seo.md", JOURNAL);
    let run = draft(
        &b,
        &["payment-reminder", "refonte-seo", "--date", "2025-07-31"],
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains(
            "no unpaid invoice is late on 31 July 2025; the earliest due date is 31 July 2025"
        ),
        "{run:?}"
    );
    let named = [
        "payment-reminder",
        "refonte-seo",
        "--date",
        "2025-11-10",
        "--invoice",
        "2025-017",
    ];
    let run = draft(&b, &named);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains(
            "invoice 2025-017 is not late on 10 November 2025 (due 1 December 2025); add --force"
        ),
        "{run:?}"
    );
    let mut forced = named.to_vec();
    forced.push("--force");
    let run = draft(&b, &forced);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout
            .contains("- invoice 2025-017 of 1 November 2025: €300.00, due on 1 December 2025\n"),
        "{run:?}"
    );
}

#[test]
fn eml_is_parsed_back_by_an_email_parser() {
    let b = book("fr", "");
    b.mission("2025/refonte-seo.md", JOURNAL);
    let run = draft(
        &b,
        &[
            "formal-notice",
            "refonte-seo",
            "--date",
            "2025-11-10",
            "--format",
            "eml",
        ],
    );
    assert_eq!(run.code, 0, "{run:?}");
    let raw = run.stdout.as_bytes();
    let (head, _) = run.stdout.split_once("\r\n\r\n").expect("headers end");
    assert!(head.is_ascii(), "{head}");
    assert!(
        !run.stdout.replace("\r\n", "").contains('\n'),
        "every line ends with CRLF"
    );
    let message = mail_parser::MessageParser::default()
        .parse(raw)
        .expect("a message");
    assert_eq!(
        message.subject(),
        Some("Mise en demeure de payer — factures 2025-014, 2025-015")
    );
    let from = message.from().and_then(|a| a.first()).expect("From");
    assert_eq!(
        (from.name(), from.address()),
        (Some("Claire Martin"), Some("claire@example.fr"))
    );
    let to = message.to().and_then(|a| a.first()).expect("To");
    assert_eq!(
        (to.name(), to.address()),
        (Some("Jeanne Dupont"), Some("jeanne@lumiere.example"))
    );
    assert_eq!(
        message.header("X-Unsent").and_then(|h| h.as_text()),
        Some("1")
    );
    let date = message.date().expect("Date");
    assert_eq!(
        (date.year, date.month, date.day, date.hour),
        (2025, 11, 10, 9)
    );
    let body = message.body_text(0).expect("a text body");
    assert!(
        body.contains(&format!(
            "Facture 2025-014 du 1er juillet 2025{NBSP}: 1{NNBSP}800,00{NBSP}€"
        )),
        "{body}"
    );
    assert!(body.lines().all(|l| l.chars().count() <= 72), "{body}");
    assert!(!body.contains("**"), "{body}");
    // Without the client's e-mail address there is no message to write.
    let b = book("en", "");
    b.mission(
        "2025/refonte-seo.md",
        JOURNAL.replace("email: \"jeanne@lumiere.example\", ", ""),
    );
    let run = draft(
        &b,
        &[
            "--lang",
            "en",
            "feedback-request",
            "refonte-seo",
            "--format",
            "eml",
            "--date",
            "2025-11-10",
        ],
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert_eq!(
        run.stderr,
        "error: feedback-request needs client_contact.email (content/missions/2025/refonte-seo.md)\n"
    );
}

#[test]
fn txt_is_wrapped_at_72_columns() {
    let b = book("en", "");
    b.mission("2025/refonte-seo.md", JOURNAL);
    let run = draft(
        &b,
        &[
            "formal-notice",
            "refonte-seo",
            "--date",
            "2025-11-10",
            "--format",
            "txt",
        ],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout.lines().all(|l| l.chars().count() <= 72),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("Claire Martin\nClaire Martin EI\n12 rue des Lilas\n"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains('\\'));
}

#[test]
fn out_never_overwrites_without_force_and_output_is_deterministic() {
    let b = book("fr", "");
    b.mission("2025/refonte-seo.md", JOURNAL);
    let args = ["handover", "refonte-seo", "--date", "2025-11-10"];
    let first = draft(&b, &args);
    let second = draft(&b, &args);
    assert_eq!(first.stdout, second.stdout);
    b.file("lettre.md", "mine");
    let mut out = args.to_vec();
    out.extend(["--out", "lettre.md"]);
    let run = draft(&b, &out);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains(&format!(
            "lettre.md existe déjà{NBSP}; ajoutez --force pour le remplacer"
        )),
        "{run:?}"
    );
    assert_eq!(
        std::fs::read_to_string(b.root().join("lettre.md")).unwrap(),
        "mine"
    );
    out.push("--force");
    let run = draft(&b, &out);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.is_empty());
    assert_eq!(
        std::fs::read_to_string(b.root().join("lettre.md")).unwrap(),
        first.stdout
    );
    let mut new = args.to_vec();
    new.extend(["--out", "neuve.md"]);
    assert_eq!(draft(&b, &new).code, 0);
    assert_eq!(
        std::fs::read_to_string(b.root().join("neuve.md")).unwrap(),
        first.stdout
    );
}

#[test]
fn notice_end_date_computed_and_a_different_end_warned() {
    let b = book("fr", "");
    b.mission(
        "2025/refonte-seo.md",
        JOURNAL.replace("end: 2025-12-31", "end: 2025-12-15"),
    );
    let run = draft(
        &b,
        &["notice-confirmation", "refonte-seo", "--date", "2025-11-10"],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains(&format!("préavis prévu par notre contrat est de 2 mois, compté à partir du 31 octobre 2025{NBSP}: la mission prendra donc fin le 31 décembre 2025.")), "{run:?}");
    assert!(
        run.stderr
            .contains("`end` vaut 2025-12-15 mais le préavis mène au 2025-12-31"),
        "{run:?}"
    );
}

#[test]
fn templates_are_overridable_from_the_theme() {
    let b = book("en", "");
    b.mission("2025/refonte-seo.md", JOURNAL);
    b.file(
        "theme/letters/en/feedback-request.md.j2",
        "Hi {{ recipient.name }}, how was {{ mission.title }}?\n",
    );
    let run = draft(
        &b,
        &["feedback-request", "refonte-seo", "--date", "2025-11-10"],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        run.stdout,
        "Hi Jeanne Dupont, how was Refonte SEO — Boutique Lumière?\n"
    );
}

#[test]
fn list_and_unknown_kind() {
    let b = book("en", "");
    let run = draft(&b, &["--list"]);
    assert_eq!(run.code, 0, "{run:?}");
    for kind in KINDS {
        assert!(
            run.stdout.lines().any(|l| l.starts_with(kind)),
            "{kind}: {run:?}"
        );
    }
    let run = draft(&b, &["mise-en-demeure", "x"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr
            .contains("`mise-en-demeure` is not a kind of letter"),
        "{run:?}"
    );
}

#[test]
fn init_theme_writes_the_letter_templates_and_they_give_the_same_letters() {
    let b = book("fr", "");
    b.mission("2025/refonte-seo.md", JOURNAL);
    let args = ["formal-notice", "refonte-seo", "--date", "2025-11-10"];
    let before = draft(&b, &args);
    let run = b.run(&["init", "--theme", "."]);
    assert_eq!(run.code, 0, "{run:?}");
    for lang in ["fr", "en"] {
        for kind in KINDS.iter().copied().chain(["base"]) {
            let path = b.root().join(format!("theme/letters/{lang}/{kind}.md.j2"));
            assert!(path.is_file(), "{}", path.display());
        }
    }
    assert_eq!(draft(&b, &args).stdout, before.stdout);
}

#[test]
fn a_payment_reminder_covers_the_requested_deposit() {
    let b = book("fr", "");
    b.mission(
        "2025/acompte.md",
        "---\ntitle: \"Site\"\nclient: \"ACME SAS\"\nclient_contact: { address: \"1 rue A\" }\nstart: 2025-03-01\nstatus: active\ndeposit: { amount: 600, requested: 2025-03-01 }\n---\n",
    );
    let run = draft(&b, &["payment-reminder", "acompte", "--date", "2025-03-10"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout
            .contains(&format!("**Objet{NBSP}: Relance — acompte**")),
        "{run:?}"
    );
    assert!(
        run.stdout.contains(&format!(
            "- l’acompte de 600,00{NBSP}€ demandé le 1er mars 2025\n"
        )),
        "{run:?}"
    );
    assert!(
        run.stdout.contains(&format!(
            "le paiement suivant ne m’est pas parvenu à ce jour{NBSP}:"
        )),
        "{run:?}"
    );
    // Received: nothing to remind.
    b.mission(
        "2025/acompte.md",
        "---\ntitle: \"Site\"\nclient: \"ACME SAS\"\nclient_contact: { address: \"1 rue A\" }\nstart: 2025-03-01\ndeposit: { amount: 600, requested: 2025-03-01, received: 2025-03-05 }\n---\n",
    );
    let run = draft(&b, &["payment-reminder", "acompte", "--date", "2025-03-10"]);
    assert_eq!(run.code, 2, "{run:?}");
}

/// Every file under `dir`, as (path relative to it, contents).
fn site_files(dir: &std::path::Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((
                    rel,
                    String::from_utf8_lossy(&std::fs::read(&p).unwrap()).into_owned(),
                ));
            }
        }
    }
    out
}

#[test]
fn the_private_site_links_each_missions_letters_and_the_public_one_never() {
    let b = book("fr", "");
    let published = JOURNAL
        .replace(
            "publish: private",
            "publish: case-study\ncase_study: { consent: 2025-11-01 }",
        )
        .replace(
            "rgpd: { deleted: 2025-11-05, hold: \"les échanges sur la facture 2025-014\" }\n",
            "",
        );
    b.mission("2025/refonte-seo.md", published);
    let out = tempfile::tempdir().unwrap();
    let private = out.path().join("private");
    let public = out.path().join("public");
    let dest = |d: &std::path::Path| d.to_string_lossy().into_owned();
    for (audience, dir) in [("private", &private), ("public", &public)] {
        let run = b.run(&[
            "build",
            "--audience",
            audience,
            "--dest",
            &dest(dir),
            "--today",
            "2025-11-10",
        ]);
        assert_eq!(run.code, 0, "{audience}: {run:?}");
    }
    let private = site_files(&private);
    let letters = private
        .iter()
        .find(|(rel, _)| rel == "missions/refonte-seo/letters/index.html")
        .map(|(_, html)| html)
        .expect("a letters page in the private build");
    assert!(
        letters.contains("Mise en demeure de payer — factures 2025-014, 2025-015"),
        "{letters}"
    );
    assert!(
        letters.contains("debrief draft formal-notice refonte-seo --date 2025-11-10"),
        "{letters}"
    );
    // A letter the journal cannot fill yet says what it needs.
    assert!(
        letters.contains("rgpd-deletion a besoin de rgpd.deleted"),
        "{letters}"
    );
    let mission = private
        .iter()
        .find(|(rel, _)| rel == "missions/refonte-seo/index.html")
        .map(|(_, html)| html)
        .unwrap();
    assert!(
        mission.contains("letters&#x2f;index.html\">Lettres prêtes à envoyer</a>"),
        "{mission}"
    );
    // Public: the mission is published, but no letters page, no link, no author, no contact.
    let public = site_files(&public);
    assert!(
        public.iter().any(|(rel, _)| rel.starts_with("missions/")),
        "the case study is published"
    );
    for (rel, text) in &public {
        assert!(!rel.contains("letters"), "{rel}");
        for secret in [
            "Lettres prêtes",
            "letters-link",
            "Claire Martin",
            "claire@example.fr",
            "jeanne@lumiere.example",
            "Bellecour",
            "Mise en demeure",
        ] {
            assert!(!text.contains(secret), "{secret} in {rel}");
        }
    }
}

#[test]
fn non_ascii_names_are_encoded_words_and_a_journal_path_names_the_mission() {
    let b = book("en", "");
    b.mission(
        "2025/refonte-seo.md",
        JOURNAL.replace("name: \"Jeanne Dupont\"", "name: \"Jérôme Lefèvre\""),
    );
    let run = draft(
        &b,
        &[
            "feedback-request",
            "content/missions/2025/refonte-seo.md",
            "--format",
            "eml",
            "--date",
            "2025-11-10",
        ],
    );
    assert_eq!(run.code, 0, "{run:?}");
    let (head, _) = run.stdout.split_once("\r\n\r\n").unwrap();
    assert!(head.is_ascii(), "{head}");
    assert!(
        head.contains("To: =?UTF-8?Q?J=C3=A9r=C3=B4me_Lef=C3=A8vre?= <jeanne@lumiere.example>"),
        "{head}"
    );
    let message = mail_parser::MessageParser::default()
        .parse(run.stdout.as_bytes())
        .unwrap();
    let to = message.to().and_then(|a| a.first()).unwrap();
    assert_eq!(to.name(), Some("Jérôme Lefèvre"));
    assert_eq!(
        message.subject(),
        Some("Your feedback on the mission — Refonte SEO — Boutique Lumière")
    );
    assert!(
        message
            .body_text(0)
            .unwrap()
            .contains("Hello Jérôme Lefèvre,")
    );
}
