//! `debrief todo` and `deadlines.ics` (`/work/shared/design/deadlines.md`): each kind's date and
//! condition, the policy numbers of `book.toml` that move them, the order, the window, the JSON
//! shape, the exit codes, and the calendar parsed back by an independent iCalendar parser (the
//! `ical` crate: a small, stand-alone RFC 5545 reader that unfolds lines and splits components
//! and parameters, with no code in common with ours) with UIDs that do not change.

mod support;

use serde_json::json;
use support::TempBook;

/// A mission that is ending, with one deadline of every kind (13 in all). Today is Monday
/// 2025-03-10 in these tests.
const ENDING: &str = "---
title: \"Refonte SEO\"
client: \"Boutique Lumière\"
start: 2025-01-06
end: 2025-03-01
status: ending
ended_by: client
notice: { given: 2025-02-01 }
contract: { notice_months: 1 }
deposit: { amount: 500, requested: 2025-01-02 }
feedback: { requested: 2025-02-20 }
invoices:
  - number: \"2025-014\"
    amount: 1800
    issued: 2025-02-01
    due: 2025-03-03
  - number: \"2025-015\"
    amount: 250.5
    issued: 2025-01-20
    due: 2025-02-20
    formal_notice: 2025-03-05
---

## Accès

- [x] GitHub
- [ ] Google Ads, compte; principal
- [ ] Search Console
";

const PATH: &str = "content/missions/2025/refonte-seo.md";
const TODAY: &str = "2025-03-10";

fn book(config: &str, journal: &str) -> TempBook {
    let book = TempBook::with_missions(&format!(
        "[book]\ntitle = \"Carnet\"\nlanguage = \"fr\"\n{config}"
    ));
    book.mission("2025/refonte-seo.md", journal);
    book
}

fn todo(book: &TempBook, args: &[&str]) -> support::Run {
    let mut all = vec!["todo", "--today", TODAY];
    all.extend_from_slice(args);
    let run = book.run(&all);
    assert_eq!(run.code, 0, "{run:?}");
    run
}

/// (kind, due, line) of every deadline `--all --format json` lists.
fn kinds(book: &TempBook) -> Vec<(String, String, u64)> {
    todo(book, &["--all", "--format", "json"]).json()["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["kind"].as_str().unwrap().to_string(),
                d["due"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn triples(list: &[(&str, &str, u64)]) -> Vec<(String, String, u64)> {
    list.iter()
        .map(|(k, d, l)| (k.to_string(), d.to_string(), *l))
        .collect()
}

#[test]
fn every_kind_with_the_default_policy_sorted_by_due_date() {
    let b = book("", ENDING);
    assert_eq!(
        kinds(&b),
        triples(&[
            ("deposit", "2025-01-10", 10),
            ("invoice-due", "2025-02-20", 20),
            ("notice-end", "2025-03-01", 8),
            ("invoice-due", "2025-03-03", 16),
            ("close-mission", "2025-03-08", 5),
            ("payment-reminder", "2025-03-10", 16),
            ("formal-notice-deadline", "2025-03-13", 21),
            ("feedback-follow-up", "2025-03-22", 11),
            ("rgpd-deletion", "2025-03-31", 5),
            ("access-removal", "2025-05-30", 27),
            ("access-removal", "2025-05-30", 28),
            ("prescription", "2030-01-20", 17),
            ("prescription", "2030-02-01", 13),
        ])
    );
}

#[test]
fn policy_numbers_in_book_toml_move_the_dates() {
    let config = "[lint.policy]\naccess-grace-days = 10\nrgpd-retention-days = 5\nfeedback-wait-days = 3\nstale-grace-days = 2\nformal-notice-days = 20\n[money]\nformal-notice-days = 15\n";
    let journal = ENDING
        .replace("notice_months: 1", "notice_days: 45")
        .replace(
            "ended_by: client",
            "ended_by: client\nclient_kind: consumer",
        );
    let b = book(config, &journal);
    let shifted = |l: u64| if l >= 7 { l + 1 } else { l };
    let expected: Vec<(String, String, u64)> = [
        ("deposit", "2025-01-10", 10),
        ("invoice-due", "2025-02-20", 20),
        ("feedback-follow-up", "2025-02-23", 11),
        ("invoice-due", "2025-03-03", 16),
        ("close-mission", "2025-03-03", 5),
        ("rgpd-deletion", "2025-03-06", 5),
        ("payment-reminder", "2025-03-10", 16),
        ("access-removal", "2025-03-11", 27),
        ("access-removal", "2025-03-11", 28),
        ("notice-end", "2025-03-18", 8),
        ("formal-notice-deadline", "2025-03-20", 21),
        ("prescription", "2027-01-20", 17),
        ("prescription", "2027-02-01", 13),
    ]
    .iter()
    .map(|(k, d, l)| (k.to_string(), d.to_string(), shifted(*l)))
    .collect();
    let mut got = kinds(&b);
    // Same day: by line.
    got.sort_by(|a, b| (&a.1, a.2).cmp(&(&b.1, b.2)));
    let mut want = expected;
    want.sort_by(|a, b| (&a.1, a.2).cmp(&(&b.1, b.2)));
    assert_eq!(got, want);
}

#[test]
fn a_deadline_closes_when_its_condition_no_longer_holds() {
    let journal = ENDING
        .replace("status: ending", "status: closed")
        .replace("    due: 2025-03-03\n", "    due: 2025-03-03\n    paid: 2025-03-04\n")
        .replace(
            "    formal_notice: 2025-03-05\n",
            "    formal_notice: 2025-03-05\n    paid: 2025-03-06\n",
        )
        .replace(
            "deposit: { amount: 500, requested: 2025-01-02 }",
            "deposit: { amount: 500, requested: 2025-01-02, received: 2025-01-09 }",
        )
        .replace(
            "feedback: { requested: 2025-02-20 }",
            "feedback: { requested: 2025-02-20, received: 2025-02-25 }\nrgpd: { hold: \"litige en cours\" }",
        )
        .replace("- [ ] Search Console", "- [x] Search Console");
    let b = book("", &journal);
    // Closed: no notice end, no closing; paid: nothing of the invoices; one access left, three
    // lines further down (two `paid`, `rgpd`).
    assert_eq!(kinds(&b), triples(&[("access-removal", "2025-05-30", 30)]));
    // A reminder sent: no more reminder, the due date stays; `lint.allow` of the prescription
    // rule closes the prescription (precision 4).
    let journal = ENDING
        .replace("    due: 2025-03-03\n", "    due: 2025-03-03\n    reminded: 2025-03-09\n")
        .replace(
            "---\n\n## Accès",
            "lint:\n  allow:\n    - { rule: invoice-prescription-near, reason: \"reconnaissance de dette signée\" }\n---\n\n## Accès",
        );
    let b = book("", &journal);
    let all = kinds(&b);
    assert!(!all.iter().any(|k| k.0 == "payment-reminder"), "{all:?}");
    assert!(!all.iter().any(|k| k.0 == "prescription"), "{all:?}");
    assert!(all.contains(&("invoice-due".into(), "2025-03-03".into(), 16)));
    assert_eq!(all.len(), 10, "{all:?}");
}

#[test]
fn human_output_groups_by_week_overdue_first() {
    let b = book("", ENDING);
    let nb = "\u{a0}";
    let thin = "\u{202f}";
    let expected = format!(
        "En retard
  ven. 2025-01-10  Vérifier la réception de l’acompte (500,00{nb}€) — Refonte SEO (59 jours de retard)
  jeu. 2025-02-20  Vérifier le paiement de la facture 2025-015 (250,50{nb}€) — Refonte SEO (18 jours de retard)
  sam. 2025-03-01  Fin du préavis{nb}: la mission peut s’arrêter — Refonte SEO (9 jours de retard)
  lun. 2025-03-03  Vérifier le paiement de la facture 2025-014 (1{thin}800,00{nb}€) — Refonte SEO (7 jours de retard)
  sam. 2025-03-08  Clôturer la mission (`status: closed`) — Refonte SEO (2 jours de retard)

Cette semaine
  lun. 2025-03-10  Relancer la facture 2025-014 (1{thin}800,00{nb}€) — Refonte SEO
  jeu. 2025-03-13  Fin du délai de la mise en demeure{nb}: facture 2025-015 (250,50{nb}€) — Refonte SEO

Semaine prochaine
  sam. 2025-03-22  Relancer le client pour son retour — Refonte SEO

Semaine du 2025-03-31
  lun. 2025-03-31  Supprimer ou rendre les données du client — Refonte SEO

9 échéances, dont 5 en retard
"
    );
    assert_eq!(todo(&b, &[]).stdout, expected);
    // `--quiet`: no summary.
    let quiet = todo(&b, &["--quiet"]).stdout;
    assert!(
        quiet.ends_with("données du client — Refonte SEO\n"),
        "{quiet}"
    );
}

#[test]
fn the_window_keeps_the_overdue_and_the_next_days() {
    let b = book("", ENDING);
    let count = |args: &[&str]| {
        let mut all = vec!["--format", "json"];
        all.extend_from_slice(args);
        todo(&b, &all).json()["deadlines"].as_array().unwrap().len()
    };
    assert_eq!(count(&[]), 9); // up to 2025-04-09
    assert_eq!(count(&["--within", "7"]), 7); // up to 2025-03-17
    assert_eq!(count(&["--within", "0"]), 6); // overdue and today
    assert_eq!(count(&["--within", "80"]), 9); // 2025-05-30 is day 81
    assert_eq!(count(&["--within", "81"]), 11);
    assert_eq!(count(&["--all"]), 13);
    let empty = book(
        "",
        "---\ntitle: T\nclient: C\nstart: 2025-01-06\nstatus: active\n---\n",
    );
    assert_eq!(
        todo(&empty, &[]).stdout,
        "Aucune échéance en retard ni dans les 30 jours à venir.\n"
    );
    assert_eq!(
        todo(&empty, &["--all"]).stdout,
        "Aucune échéance ouverte.\n"
    );
}

#[test]
fn json_has_exactly_the_spec_shape() {
    let b = book("", ENDING);
    let report = todo(&b, &["--within", "0", "--format", "json"]).json();
    let first = json!({
        "mission": "Refonte SEO",
        "path": PATH,
        "line": 10,
        "kind": "deposit",
        "due": "2025-01-10",
        "overdue_days": 59,
        "title": "Vérifier la réception de l’acompte (500,00\u{a0}€)"
    });
    assert_eq!(report["version"], json!(1));
    assert_eq!(report["today"], json!(TODAY));
    assert_eq!(report["deadlines"][0], first);
    let keys: Vec<&str> = report
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys.len(), 3);
    // Due today: not overdue.
    let today = &report["deadlines"][5];
    assert_eq!(today["kind"], json!("payment-reminder"));
    assert_eq!(today["overdue_days"], json!(0));
    assert_eq!(report["deadlines"].as_array().unwrap().len(), 6);
}

#[test]
fn files_restrict_the_list_and_errors_exit_2() {
    let b = book("", ENDING);
    b.mission(
        "2025/autre.md",
        "---\ntitle: Autre\nclient: C\nstart: 2025-01-06\nend: 2025-03-05\nstatus: active\n---\n",
    );
    let all = todo(&b, &["--format", "json"]).json();
    assert!(
        all["deadlines"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["mission"] == "Autre")
    );
    let only = todo(&b, &["--format", "json", "content/missions/2025/autre.md"]).json();
    let only = only["deadlines"].as_array().unwrap();
    assert_eq!(only.len(), 1);
    assert_eq!(only[0]["kind"], json!("close-mission"));
    assert_eq!(only[0]["due"], json!("2025-03-12"));

    let bad = b.run(&["todo", "--today", "2025-02-30"]);
    assert_eq!(bad.code, 2, "{bad:?}");
    let bad = b.run(&["todo", "--all", "--within", "3"]);
    assert_eq!(bad.code, 2, "{bad:?}");
    let missing = b.run(&["todo", "--today", TODAY, "content/missions/nope.md"]);
    assert_eq!(missing.code, 2, "{missing:?}");
    assert!(missing.stderr.contains("nope.md"), "{missing:?}");
}

#[test]
fn a_journal_that_does_not_load_is_named_on_stderr() {
    let b = book("", ENDING);
    b.mission("2025/casse.md", "---\ntitle: [\n---\n");
    let run = todo(&b, &["--within", "0"]);
    assert!(
        run.stderr
            .starts_with("avertissement: content/missions/2025/casse.md:")
            && run.stderr.contains("(ses échéances ne sont pas listées)"),
        "{run:?}"
    );
    assert!(run.stdout.starts_with("En retard\n"), "{run:?}");
}

// --- the calendar --------------------------------------------------------------------------------

fn parse(ics: &str) -> ical::parser::ical::component::IcalCalendar {
    let mut parser = ical::IcalParser::new(ics.as_bytes());
    let calendar = parser
        .next()
        .expect("one calendar")
        .unwrap_or_else(|e| panic!("{e}\n{ics}"));
    assert!(parser.next().is_none(), "a single VCALENDAR");
    calendar
}

fn prop<'p>(props: &'p [ical::property::Property], name: &str) -> &'p ical::property::Property {
    let all: Vec<_> = props.iter().filter(|p| p.name == name).collect();
    assert_eq!(all.len(), 1, "one {name}: {props:?}");
    all[0]
}

fn value(props: &[ical::property::Property], name: &str) -> String {
    prop(props, name).value.clone().unwrap_or_default()
}

fn uids(ics: &str) -> Vec<String> {
    parse(ics)
        .todos
        .iter()
        .map(|t| value(&t.properties, "UID"))
        .collect()
}

#[test]
fn the_ics_parses_back_with_every_open_deadline() {
    let b = book("", ENDING);
    // The window does not apply to the calendar (precision 3).
    let ics = todo(&b, &["--within", "0", "--format", "ics"]).stdout;
    let cal = parse(&ics);
    assert_eq!(value(&cal.properties, "VERSION"), "2.0");
    assert_eq!(
        value(&cal.properties, "PRODID"),
        "-//debrief//deadlines//FR"
    );
    assert_eq!(value(&cal.properties, "CALSCALE"), "GREGORIAN");
    assert_eq!(value(&cal.properties, "X-WR-CALNAME"), "Échéances — Carnet");
    assert_eq!(cal.todos.len(), 13);
    let access = cal
        .todos
        .iter()
        .find(|t| value(&t.properties, "UID") == "access-removal.1.refonte-seo@debrief")
        .expect("the Google Ads access");
    let p = &access.properties;
    assert_eq!(value(p, "DTSTAMP"), "20250310T000000Z");
    assert_eq!(value(p, "DUE"), "20250530");
    assert_eq!(
        prop(p, "DUE").params,
        Some(vec![("VALUE".to_string(), vec!["DATE".to_string()])])
    );
    // Escaped as RFC 5545 says (the parser returns values as written).
    assert_eq!(
        value(p, "SUMMARY"),
        "Retirer l’accès «\u{a0}Google Ads\\, compte\\; principal\u{a0}» — Refonte SEO"
    );
    assert_eq!(
        value(p, "DESCRIPTION"),
        format!(
            "Retirer l’accès «\u{a0}Google Ads\\, compte\\; principal\u{a0}»\\nRefonte SEO\\n{PATH}:27"
        )
    );
    assert_eq!(value(p, "STATUS"), "NEEDS-ACTION");
    assert_eq!(value(p, "CATEGORIES"), "access-removal");
    let mut all = uids(&ics);
    all.sort();
    assert_eq!(
        all,
        [
            "access-removal.1.refonte-seo@debrief",
            "access-removal.2.refonte-seo@debrief",
            "close-mission.refonte-seo@debrief",
            "deposit.refonte-seo@debrief",
            "feedback-follow-up.refonte-seo@debrief",
            "formal-notice-deadline.1.refonte-seo@debrief",
            "invoice-due.0.refonte-seo@debrief",
            "invoice-due.1.refonte-seo@debrief",
            "notice-end.refonte-seo@debrief",
            "payment-reminder.0.refonte-seo@debrief",
            "prescription.0.refonte-seo@debrief",
            "prescription.1.refonte-seo@debrief",
            "rgpd-deletion.refonte-seo@debrief",
        ]
    );
}

#[test]
fn the_ics_lines_end_with_crlf_and_fold_at_75_octets() {
    let b = book(
        "",
        &ENDING.replace(
            "Refonte SEO",
            "Refonte SEO du site de la Boutique Lumière, été 2025",
        ),
    );
    let ics = todo(&b, &["--format", "ics"]).stdout;
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    assert!(!ics.replace("\r\n", "").contains('\n'), "a bare LF");
    let lines: Vec<&str> = ics.split("\r\n").collect();
    assert!(lines.iter().all(|l| l.len() <= 75), "a line over 75 octets");
    assert!(
        lines.iter().any(|l| l.starts_with(' ')),
        "nothing was folded"
    );
    let summary = parse(&ics).todos[0]
        .properties
        .iter()
        .find(|p| p.name == "SUMMARY")
        .and_then(|p| p.value.clone())
        .unwrap();
    assert!(
        summary.ends_with("— Refonte SEO du site de la Boutique Lumière\\, été 2025"),
        "{summary}"
    );
}

#[test]
fn uids_do_not_change_with_the_title_or_today() {
    let b = book("", ENDING);
    let before = uids(&todo(&b, &["--format", "ics"]).stdout);
    let renamed = ENDING
        .replace("Refonte SEO", "Refonte complète")
        .replace("amount: 1800", "amount: 2100");
    b.mission("2025/refonte-seo.md", &renamed);
    let ics = b
        .run(&["todo", "--today", "2025-04-01", "--format", "ics"])
        .stdout;
    assert!(ics.contains("DTSTAMP:20250401T000000Z"));
    assert!(ics.contains("Refonte complète"));
    assert_eq!(uids(&ics), before);
}

#[test]
fn two_journals_with_one_slug_do_not_share_uids() {
    let b = book("", ENDING);
    let other =
        "---\ntitle: Autre\nclient: C\nstart: 2024-01-06\nend: 2024-03-05\nstatus: active\n---\n";
    b.mission("2024/refonte-seo.md", other);
    let mut all = uids(&todo(&b, &["--format", "ics"]).stdout);
    let count = all.len();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), count, "{all:?}");
    // By path order: the 2024 journal keeps the slug, the 2025 one gets `-2`.
    assert!(all.contains(&"close-mission.refonte-seo@debrief".to_string()));
    assert!(all.contains(&"close-mission.refonte-seo-2@debrief".to_string()));
    assert!(all.contains(&"deposit.refonte-seo-2@debrief".to_string()));
}

#[test]
fn the_private_build_writes_the_same_calendar_as_todo() {
    let b = book("", ENDING);
    let out = tempfile::tempdir().unwrap();
    let dest = out.path().join("site");
    let dest_arg = dest.to_str().unwrap();
    let built = b.run(&[
        "build",
        "--audience",
        "private",
        "--today",
        TODAY,
        "--dest",
        dest_arg,
    ]);
    assert_eq!(built.code, 0, "{built:?}");
    let written = std::fs::read_to_string(dest.join("deadlines.ics")).unwrap();
    assert_eq!(written, todo(&b, &["--format", "ics"]).stdout);
    let built = b.run(&[
        "build",
        "--audience",
        "public",
        "--today",
        TODAY,
        "--dest",
        dest_arg,
    ]);
    assert_eq!(built.code, 0, "{built:?}");
    assert!(!dest.join("deadlines.ics").exists());
}

#[test]
fn the_private_home_shows_the_next_five_and_the_checklist_their_dates() {
    let b = book("", ENDING);
    let out = tempfile::tempdir().unwrap();
    let dest = out.path().join("site");
    let dest_arg = dest.to_str().unwrap();
    let built = b.run(&[
        "build",
        "--audience",
        "private",
        "--today",
        TODAY,
        "--dest",
        dest_arg,
    ]);
    assert_eq!(built.code, 0, "{built:?}");
    let home = std::fs::read_to_string(dest.join("index.html")).unwrap();
    let section = home
        .split("<h2 id=\"deadlines-title\">Prochaines échéances</h2>")
        .nth(1)
        .expect("the deadlines section")
        .split("</section>")
        .next()
        .unwrap();
    let dates: Vec<&str> = section
        .split("<time datetime=\"")
        .skip(1)
        .map(|s| &s[..10])
        .collect();
    assert_eq!(
        dates,
        [
            "2025-01-10",
            "2025-02-20",
            "2025-03-01",
            "2025-03-03",
            "2025-03-08"
        ]
    );
    assert!(
        section.contains("Vérifier la réception de l’acompte (500,00\u{a0}€) — <a href=\"missions&#x2f;refonte-seo&#x2f;index.html\">Refonte SEO</a> <strong class=\"late\">(59 jours de retard)</strong>"),
        "{section}"
    );
    assert!(
        !section.contains("Relancer la facture"),
        "the sixth is not shown"
    );
    assert!(section.contains("<a href=\"deadlines.ics\">"), "{section}");
    // The checklist: `mission-stale` is due when the mission should have been closed, and each
    // unpaid invoice's item is due on the invoice's date.
    let checklist = std::fs::read_to_string(dest.join("checklist/index.html")).unwrap();
    let row = |rule: &str, line: u32| {
        checklist
            .split("<tr class=\"sev-")
            .find(|r| {
                r.contains(&format!("<code>{rule}</code>"))
                    && r.contains(&format!("refonte-seo.md:{line}</code>"))
            })
            .unwrap_or_else(|| panic!("no {rule} at line {line}:\n{checklist}"))
            .to_string()
    };
    let due = "Échéance\u{a0}: <time datetime=\"";
    assert!(row("mission-stale", 6).contains(&format!("{due}2025-03-08\">")));
    assert!(row("invoice-unpaid", 13).contains(&format!("{due}2025-03-03\">")));
    assert!(row("invoice-unpaid", 17).contains(&format!("{due}2025-02-20\">")));
    // The public home has no deadline.
    let built = b.run(&[
        "build",
        "--audience",
        "public",
        "--today",
        TODAY,
        "--dest",
        dest_arg,
    ]);
    assert_eq!(built.code, 0, "{built:?}");
    let home = std::fs::read_to_string(dest.join("index.html")).unwrap();
    assert!(!home.contains("échéance"), "{home}");
}

#[test]
fn the_json_shape_holds_in_english_too() {
    let b = TempBook::en();
    b.mission("2025/refonte-seo.md", ENDING);
    let report = todo(&b, &["--within", "0", "--format", "json"]).json();
    let titles: Vec<&str> = report["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "Check that the deposit (€500.00) came in",
            "Check that invoice 2025-015 (€250.50) is paid",
            "Notice period over: the mission may end",
            "Check that invoice 2025-014 (€1,800.00) is paid",
            "Close the mission (`status: closed`)",
            "Send a reminder for invoice 2025-014 (€1,800.00)",
        ]
    );
}
