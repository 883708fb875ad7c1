//! The journal format (docs/design journal-format.md and the precisions of lint-rules.md), pinned
//! end to end: temporary books linted by the binary with `--format json --today 2026-11-23`.
//!
//! Element sections are observed through the rules that look for them: the `*-missing` rules of
//! a closed mission for feedback, lessons, handover, access and deliverables, and
//! `client-name-leak` of a case study for the private sections (access, rgpd, invoices), whose
//! text is never public.

mod support;

use support::TempBook;
use support::report::Report;

/// A closed mission whose front matter is complete: with an empty body, only the five
/// `*-missing` element rules fire. `status` is on line 6.
const CLOSED: &str = "---
title: Mission
client: Zorglub
start: 2025-01-01
end: 2025-06-30
status: closed
ended_by: term
rgpd: { notified: 2025-06-30, deleted: 2025-07-01 }
recommendation: { requested: 2025-07-01 }
---
";

/// A complete, consented case study: the client's name in public text is a `client-name-leak`,
/// in a private section (access, rgpd, invoices) it is not.
const CASE_STUDY: &str = "---
title: Case study
client: Zorglub
client_alias: a retailer
start: 2025-01-01
end: 2025-06-30
status: closed
ended_by: term
publish: case-study
case_study: { consent: 2025-07-01 }
rgpd: { notified: 2025-06-30, deleted: 2025-07-01 }
recommendation: { requested: 2025-07-01 }
---
";

const ELEMENT_RULES: [&str; 5] = [
    "access-missing",
    "deliverables-missing",
    "feedback-missing",
    "handover-missing",
    "lessons-missing",
];

/// Every alias of the contract, by the rule that fires when the element is missing.
const ALIASES: &[(&str, &[&str])] = &[
    (
        "feedback-missing",
        &[
            "Retour client",
            "Retours client",
            "Bilan client",
            "Feedback",
            "Client feedback",
        ],
    ),
    (
        "lessons-missing",
        &[
            "Leçons",
            "Leçons apprises",
            "Enseignements",
            "Retour d'expérience",
            "RETEX",
            "Introspection",
            "Rétrospective",
            "Bilan de mission",
            "Lessons",
            "Lessons learned",
            "Retrospective",
        ],
    ),
    (
        "handover-missing",
        &[
            "Passation",
            "Plan de transition",
            "Transition",
            "Handover",
            "Handoff",
        ],
    ),
    (
        "access-missing",
        &["Accès", "Accès outils", "Access", "Tool access"],
    ),
    (
        "deliverables-missing",
        &[
            "Livrables",
            "Fichiers transmis",
            "Documents transmis",
            "Deliverables",
        ],
    ),
];

/// The private elements' aliases (their text is never public).
const PRIVATE_ALIASES: &[&str] = &[
    "Accès",
    "Accès outils",
    "Access",
    "Tool access",
    "RGPD",
    "Données personnelles",
    "GDPR",
    "Personal data",
    "Factures",
    "Facturation",
    "Invoices",
    "Billing",
];

/// Removes the accents the aliases use, written out so the test does not share the
/// implementation's normalisation.
fn strip_accents(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'à' | 'â' => 'a',
            'ç' => 'c',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' => 'i',
            'ô' => 'o',
            'ù' | 'û' => 'u',
            'À' | 'Â' => 'A',
            'Ç' => 'C',
            'É' | 'È' | 'Ê' | 'Ë' => 'E',
            'Î' | 'Ï' => 'I',
            'Ô' => 'O',
            'Ù' | 'Û' => 'U',
            c => c,
        })
        .collect()
}

/// The ways a journal may write the heading of `alias`: case, accents, emoji (with a variation
/// selector), trailing colon, typographic apostrophe, every level, setext.
fn heading_variants(alias: &str) -> Vec<String> {
    let mut v = vec![
        format!("## {alias}"),
        format!("## {}", alias.to_uppercase()),
        format!("## {}", alias.to_lowercase()),
        format!("## {}", strip_accents(alias)),
        format!("## {}", strip_accents(&alias.to_uppercase())),
        format!("## \u{270d}\u{fe0f} {alias}"),
        format!("## 🔁 {} :", alias.to_lowercase()),
        format!("## {alias} :"),
        format!("## {alias}:"),
        format!("##    {alias}   "),
        format!("## {alias} ##"),
    ];
    for level in 1..=6 {
        v.push(format!("{} {alias}", "#".repeat(level)));
    }
    v.push(format!("{alias}\n{}", "=".repeat(alias.chars().count())));
    v.push(format!("{alias}\n{}", "-".repeat(alias.chars().count())));
    if alias.contains('\'') {
        v.push(format!("## {}", alias.replace('\'', "’")));
        v.push(format!("## {}", strip_accents(&alias.replace('\'', "’"))));
    }
    v
}

/// The element rules a file gets.
fn missing_elements<'r>(report: &'r Report, path: &str) -> Vec<&'r str> {
    report
        .rules_of(path)
        .into_iter()
        .filter(|r| ELEMENT_RULES.contains(r))
        .collect()
}

fn all_missing_but(rule: &str) -> Vec<&'static str> {
    ELEMENT_RULES.into_iter().filter(|r| *r != rule).collect()
}

/// Lints one closed mission with this body.
fn closed(body: &str) -> Report {
    let book = TempBook::new();
    book.journal("m.md", format!("{CLOSED}{body}"));
    book.report()
}

#[test]
fn a_closed_mission_with_an_empty_body_misses_every_element() {
    let report = closed("\nNothing here.\n");
    // No invoice at all: the final one is missing too (`final-invoice-missing`, same place).
    let mut expected = ELEMENT_RULES.to_vec();
    expected.insert(3, "final-invoice-missing");
    assert_eq!(report.rules(), expected, "{report:#?}");
    for d in &report.diagnostics {
        assert_eq!((d.path.as_str(), d.line, d.column), ("content/m.md", 6, 1));
    }
    assert_eq!(report.code, 1);
}

#[test]
fn every_alias_in_every_spelling_opens_its_element() {
    let book = TempBook::new();
    let mut cases = Vec::new();
    for (rule, aliases) in ALIASES {
        for alias in *aliases {
            for heading in heading_variants(alias) {
                let path = format!("content/f{}.md", cases.len());
                book.write(
                    &path,
                    format!("{CLOSED}\n{heading}\n\nHanded over to the team on 2025-06-25.\n"),
                );
                cases.push((path, *rule, heading));
            }
        }
    }
    let report = book.report();
    assert_eq!(report.summary.files, cases.len());
    let mut failures = Vec::new();
    for (path, rule, heading) in &cases {
        let got = missing_elements(&report, path);
        if got != all_missing_but(rule) {
            failures.push(format!("{heading:?} ({rule}): got {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn private_section_aliases_keep_the_client_name_out_of_public_text() {
    let book = TempBook::new();
    let mut cases = Vec::new();
    for alias in PRIVATE_ALIASES {
        for heading in heading_variants(alias) {
            let path = format!("content/p{}.md", cases.len());
            book.write(
                &path,
                format!("{CASE_STUDY}\n{heading}\n\nZorglub's files were returned.\n"),
            );
            cases.push((path, heading));
        }
    }
    // Control: the same text under a public heading leaks.
    book.journal(
        "control.md",
        format!("{CASE_STUDY}\n## Notes\n\nZorglub's files were returned.\n"),
    );
    let report = book.report();
    let leak = report
        .diagnostics
        .iter()
        .find(|d| d.path == "content/control.md" && d.rule == "client-name-leak")
        .unwrap_or_else(|| panic!("the control does not leak: {report:#?}"));
    assert_eq!((leak.line, leak.column), (17, 1));
    let failures: Vec<_> = cases
        .iter()
        .filter(|(path, _)| report.rules_of(path).contains(&"client-name-leak"))
        .map(|(_, heading)| format!("{heading:?}"))
        .collect();
    assert!(
        failures.is_empty(),
        "leak under a private heading:\n{}",
        failures.join("\n")
    );
}

#[test]
fn headings_that_are_not_an_alias_open_no_element() {
    let book = TempBook::new();
    let headings = [
        "## Passation 2",
        "## Pas de passation",
        "## Passations",
        "## Handover notes",
        "## Retour",
        "## Transition — suite",
        "Passation", // a paragraph, not a heading
        "```\n## Passation\n```",
        "    ## Passation",
        "<!--\n## Passation\n-->",
    ];
    for (i, heading) in headings.iter().enumerate() {
        book.journal(
            &format!("n{i}.md"),
            format!("{CLOSED}\n{heading}\n\nHanded over to the team.\n"),
        );
    }
    let report = book.report();
    for (i, heading) in headings.iter().enumerate() {
        assert_eq!(
            missing_elements(&report, &format!("content/n{i}.md")),
            ELEMENT_RULES.to_vec(),
            "{heading:?}"
        );
    }
}

#[test]
fn empty_and_placeholder_sections_count_as_missing() {
    let empty = [
        "",
        "TODO",
        "todo",
        "Todo",
        "TBD",
        "tbd",
        "à faire",
        "À FAIRE",
        "a faire",
        "A compléter",
        "à compléter",
        "a completer",
        "...",
        "…",
        "-",
        "   TODO   ",
        "<!-- only a comment -->",
        "<!--\nA comment\non several lines\n-->",
        "<!-- a comment --> TODO",
        "<!-- a comment -->\n\nTODO\n\n<!-- another -->",
        "### A sub-heading only",
        "### A sub-heading\n\nTODO",
        "### One\n\n#### Two\n\n<!-- x -->",
    ];
    let filled = [
        "Handed over.",
        "TODO TODO",
        "TODO\n\nTBD",
        "TODO: call the client",
        "### Detail\n\nHanded over.",
        "- [x] Repository transferred",
        "- Repository transferred",
        "`make deploy`",
        "```\nmake deploy\n```",
        "<!-- a comment --> Handed over.",
        "| what | when |\n|---|---|\n| repo | 2025-06-25 |",
        "—",
        "x",
    ];
    let book = TempBook::new();
    for (i, content) in empty.iter().enumerate() {
        book.journal(
            &format!("e{i}.md"),
            format!("{CLOSED}\n## Handover\n\n{content}\n\n## Notes\n\nSomething else.\n"),
        );
    }
    for (i, content) in filled.iter().enumerate() {
        book.journal(
            &format!("f{i}.md"),
            format!("{CLOSED}\n## Handover\n\n{content}\n\n## Notes\n\nSomething else.\n"),
        );
    }
    let report = book.report();
    for (i, content) in empty.iter().enumerate() {
        let rules = report.rules_of(&format!("content/e{i}.md"));
        assert!(
            rules.contains(&"handover-missing"),
            "{content:?}: {rules:?}"
        );
    }
    for (i, content) in filled.iter().enumerate() {
        let rules = report.rules_of(&format!("content/f{i}.md"));
        assert!(
            !rules.contains(&"handover-missing"),
            "{content:?}: {rules:?}"
        );
    }
}

#[test]
fn any_non_empty_section_of_an_element_satisfies_it() {
    let report = closed("\n## Passation\n\nTODO\n\n## Handover\n\nDone on 2025-06-25.\n");
    assert!(!report.has("handover-missing"), "{report:#?}");
    let report = closed("\n## Handover\n\nDone on 2025-06-25.\n\n## Passation\n\nTODO\n");
    assert!(!report.has("handover-missing"), "{report:#?}");
    let report = closed("\n## Passation\n\nTODO\n\n## Handover\n\n…\n");
    assert!(report.has("handover-missing"), "{report:#?}");
}

#[test]
fn a_section_runs_until_a_heading_of_the_same_or_a_higher_level() {
    // A deeper heading stays inside the section, with its text.
    let report = closed("\n## Passation\n\n### Détails\n\nRemis le 2025-06-25.\n");
    assert!(!report.has("handover-missing"), "{report:#?}");
    let report = closed("\n# Passation\n\n###### Très profond\n\nRemis.\n");
    assert!(!report.has("handover-missing"), "{report:#?}");
    // The same level ends it.
    let report = closed("\n## Passation\n\n## Notes\n\nRemis le 2025-06-25.\n");
    assert!(report.has("handover-missing"), "{report:#?}");
    // A higher level ends it.
    let report = closed("\n### Passation\n\n## Notes\n\nRemis le 2025-06-25.\n");
    assert!(report.has("handover-missing"), "{report:#?}");
    // Tasks under a sub-heading of the access section are access tasks.
    let report = closed("\n## Accès\n\n### Google\n\n- [ ] GTM\n\n## Suite\n\n- [ ] Relancer\n");
    let open = report.one("access-open");
    assert_eq!((open.line, open.column), (16, 3));
    let unfinished = report.one("unfinished-work");
    assert_eq!((unfinished.line, unfinished.column), (20, 3));
}

/// A closed mission with task items of every kind. Unchecked items outside the access section
/// are `unfinished-work`, inside it `access-open`; checked items and items in code are nothing.
const TASKS: &str = "
## Access

- [ ] GTM
* [x] Search Console
+ [X] Analytics

## Journal

- [ ] dash
* [ ] star
+ [ ] plus
1. [ ] ordered
- parent
  - [ ] nested
    * [ ] deeper
- [x] done
- [X] DONE

```
- [ ] in a fenced block
```

~~~markdown
* [ ] in a tilde fence
~~~

Not a task: - [ ] inline.
";

fn task_positions(report: &Report) -> Vec<(u32, u32, &str)> {
    report
        .positions()
        .into_iter()
        .filter(|(_, _, r)| *r == "unfinished-work" || *r == "access-open")
        .collect()
}

#[test]
fn task_items_of_every_bullet_nested_and_outside_code() {
    let report = closed(TASKS);
    assert_eq!(
        task_positions(&report),
        vec![
            (14, 3, "access-open"),
            (20, 3, "unfinished-work"),
            (21, 3, "unfinished-work"),
            (22, 3, "unfinished-work"),
            (23, 4, "unfinished-work"),
            (25, 5, "unfinished-work"),
            (26, 7, "unfinished-work"),
        ],
        "{report:#?}"
    );
    let messages: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.rule == "unfinished-work")
        .map(|d| d.message.as_str())
        .collect();
    for (m, text) in messages
        .iter()
        .zip(["dash", "star", "plus", "ordered", "nested"])
    {
        assert!(m.contains(text), "{m}");
    }
}

#[test]
fn crlf_line_endings_and_a_bom_change_nothing() {
    let lf = format!("{CLOSED}{TASKS}\n## Handover\n\nTODO\n\n## Feedback\n\nGreat.\n");
    let crlf = lf.replace('\n', "\r\n");
    let book = TempBook::new();
    book.journal("lf.md", &lf);
    book.journal("crlf.md", &crlf);
    book.journal("bom.md", format!("\u{feff}{lf}"));
    book.journal("bomcrlf.md", format!("\u{feff}{crlf}"));
    let report = book.report();
    let of = |name: &str| -> Vec<(u32, u32, String)> {
        report
            .diagnostics
            .iter()
            .filter(|d| d.path == format!("content/{name}.md"))
            .map(|d| (d.line, d.column, d.rule.clone()))
            .collect()
    };
    let expected = of("lf");
    assert!(
        expected.iter().any(|(_, _, r)| r == "handover-missing"),
        "{expected:?}"
    );
    assert!(!expected.iter().any(|(_, _, r)| r == "feedback-missing"));
    for name in ["crlf", "bom", "bomcrlf"] {
        assert_eq!(of(name), expected, "{name}");
    }
}

#[test]
fn crlf_and_bom_positions_of_front_matter_problems() {
    let yaml = "---\ntitle: T\nclient: C\nstart: 2025-09-31\nstatus: active\n---\n";
    let toml = "+++\ntitle = \"T\"\nclient = \"C\"\nstart = 2025-01-01\nstatus = \"actif\"\n+++\n";
    let book = TempBook::new();
    for (name, text) in [("y", yaml), ("t", toml)] {
        book.journal(&format!("{name}-lf.md"), text);
        book.journal(
            &format!("{name}-crlf.md"),
            format!("\u{feff}{}", text.replace('\n', "\r\n")),
        );
    }
    let report = book.report();
    for name in ["y-lf", "y-crlf"] {
        let d: Vec<_> = report
            .diagnostics
            .iter()
            .filter(|d| d.path == format!("content/{name}.md"))
            .map(|d| (d.line, d.column, d.rule.as_str()))
            .collect();
        assert_eq!(d, vec![(4, 1, "field-invalid")], "{name}");
    }
    for name in ["t-lf", "t-crlf"] {
        let d: Vec<_> = report
            .diagnostics
            .iter()
            .filter(|d| d.path == format!("content/{name}.md"))
            .map(|d| (d.line, d.column, d.rule.as_str()))
            .collect();
        assert_eq!(d, vec![(5, 1, "field-invalid")], "{name}");
    }
}

fn front(lines: &str) -> String {
    format!("---\n{lines}---\n")
}

#[test]
fn yaml_dates_quoted_or_not_and_toml_native_or_string_dates_are_read() {
    let book = TempBook::new();
    // Each file has `end` before `start`: `dates-inconsistent` proves both dates were read.
    book.journal(
        "yaml-plain.md",
        front("title: T\nclient: C\nstart: 2026-12-15\nend: 2026-12-14\nstatus: active\n"),
    );
    book.journal(
        "yaml-quoted.md",
        front("title: T\nclient: C\nstart: \"2026-12-15\"\nend: '2026-12-14'\nstatus: active\n"),
    );
    book.journal(
        "toml-native.md",
        "+++\ntitle = \"T\"\nclient = \"C\"\nstart = 2026-12-15\nend = 2026-12-14\nstatus = \"active\"\n+++\n",
    );
    book.journal(
        "toml-string.md",
        "+++\ntitle = \"T\"\nclient = \"C\"\nstart = \"2026-12-15\"\nend = '2026-12-14'\nstatus = \"active\"\n+++\n",
    );
    // Valid dates in every form: nothing at all.
    book.journal(
        "clean-yaml.md",
        front("title: T\nclient: C\nstart: 2025-01-01\nend: \"2026-12-30\"\nstatus: active\nfeedback: { requested: 2025-07-01, received: '2025-07-08' }\n"),
    );
    book.journal(
        "clean-toml.md",
        "+++\ntitle = \"T\"\nclient = \"C\"\nstart = 2025-01-01\nend = \"2026-12-30\"\nstatus = \"active\"\n[feedback]\nrequested = 2025-07-01\nreceived = \"2025-07-08\"\n+++\n",
    );
    let report = book.report();
    for name in ["yaml-plain", "yaml-quoted", "toml-native", "toml-string"] {
        assert_eq!(
            report.rules_of(&format!("content/{name}.md")),
            vec!["dates-inconsistent"],
            "{name}: {report:#?}"
        );
    }
    assert!(report.rules_of("content/clean-yaml.md").is_empty());
    assert!(report.rules_of("content/clean-toml.md").is_empty());
}

#[test]
fn an_invalid_date_is_a_field_problem_at_the_key_line() {
    let book = TempBook::new();
    // YAML, unquoted: read as a string and validated, not a syntax error.
    book.journal(
        "yaml-plain.md",
        front("title: T\nclient: C\nstart: 2025-01-01\nend: 2025-09-31\nstatus: closed\nended_by: term\n"),
    );
    book.journal(
        "yaml-quoted.md",
        front("title: T\nclient: C\nstart: 2025-01-01\nend: \"2025-09-31\"\nstatus: closed\nended_by: term\n"),
    );
    // TOML string.
    book.journal(
        "toml-string.md",
        "+++\ntitle = \"T\"\nclient = \"C\"\nstart = 2025-01-01\nend = \"2025-09-31\"\nstatus = \"closed\"\nended_by = \"term\"\n+++\n",
    );
    // Nested keys point at their own line.
    book.journal(
        "nested.md",
        front("title: T\nclient: C\nstart: 2025-01-01\nstatus: active\nfeedback:\n  requested: 2025-02-30\n"),
    );
    let report = book.report();
    for name in ["yaml-plain", "yaml-quoted", "toml-string"] {
        let path = format!("content/{name}.md");
        let d: Vec<_> = report
            .diagnostics
            .iter()
            .filter(|d| {
                d.path == path && (d.rule.starts_with("field-") || d.rule.starts_with("front-"))
            })
            .collect();
        assert_eq!(d.len(), 1, "{name}: {d:#?}");
        assert_eq!(
            (d[0].rule.as_str(), d[0].line, d[0].column),
            ("field-invalid", 5, 1),
            "{name}"
        );
        assert!(d[0].message.contains("2025-09-31"), "{}", d[0].message);
        // An invalid `end` counts as absent but is not also `field-missing`.
        assert!(!report.rules_of(&path).contains(&"field-missing"));
        assert!(!report.rules_of(&path).contains(&"front-matter-syntax"));
    }
    let nested: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.path == "content/nested.md")
        .map(|d| (d.line, d.column, d.rule.as_str()))
        .collect();
    assert_eq!(nested, vec![(7, 3, "field-invalid")]);
}

#[test]
fn a_native_toml_date_that_does_not_exist_is_a_toml_syntax_error() {
    // In TOML a bare date is grammar: `2025-09-31` does not parse, so it is
    // `front-matter-syntax` at the value, and (precision 2) the only diagnostic of the file.
    let book = TempBook::new();
    book.journal(
        "m.md",
        format!(
            "+++\ntitle = \"T\"\nclient = \"C\"\nstart = 2025-01-01\nend = 2025-09-31\nstatus = \"closed\"\nended_by = \"term\"\n+++\n{}",
            "\n## Notes\n\n- [ ] unfinished\n"
        ),
    );
    let report = book.report();
    assert_eq!(
        report.positions(),
        vec![(5, 7, "front-matter-syntax")],
        "{report:#?}"
    );
    assert_eq!(report.code, 1);
}

#[test]
fn timestamps_with_a_time_part_are_invalid_dates() {
    let book = TempBook::new();
    let yaml = [
        "2025-01-15T10:00:00",
        "2025-01-15 10:00",
        "2025-01-15T10:00:00Z",
        "\"2025-01-15T10:00:00+01:00\"",
        "2025-1-15",
        "15/01/2025",
        "2025-01-15x",
        "20250115",
    ];
    for (i, value) in yaml.iter().enumerate() {
        book.journal(
            &format!("y{i}.md"),
            front(&format!(
                "title: T\nclient: C\nstart: {value}\nstatus: active\n"
            )),
        );
    }
    let toml = [
        "2025-01-15T10:00:00",
        "2025-01-15 10:00:00",
        "2025-01-15T10:00:00Z",
        "2025-01-15T10:00:00+01:00",
        "10:00:00",
        "\"2025-01-15T10:00\"",
        "\"2025-01-15 10:00\"",
        "20250115",
    ];
    for (i, value) in toml.iter().enumerate() {
        book.journal(
            &format!("t{i}.md"),
            format!(
                "+++\ntitle = \"T\"\nclient = \"C\"\nstart = {value}\nstatus = \"active\"\n+++\n"
            ),
        );
    }
    let report = book.report();
    for (prefix, values) in [("y", &yaml), ("t", &toml)] {
        for (i, value) in values.iter().enumerate() {
            let path = format!("content/{prefix}{i}.md");
            let d: Vec<_> = report
                .diagnostics
                .iter()
                .filter(|d| d.path == path)
                .map(|d| (d.line, d.column, d.rule.as_str()))
                .collect();
            assert_eq!(d, vec![(4, 1, "field-invalid")], "{prefix} {value}");
        }
    }
    let time = report
        .diagnostics
        .iter()
        .find(|d| d.path == "content/y0.md")
        .unwrap();
    assert!(time.message.contains("time"), "{}", time.message);
}

#[test]
fn yaml_syntax_errors_are_reported_at_the_file_line() {
    let book = TempBook::new();
    let cases = [
        // (front-matter lines, the error's position in the file: its cause when debrief
        // knows it, else where the parser stopped)
        // An indented key: at the start of its line.
        (
            "title: T\n  client: C\nstart: 2025-01-01\nstatus: active\n",
            (3, 3),
        ),
        // Detected at the end of the block, reported at the `[` never closed.
        (
            "title: T\nclient: C\nstart: 2025-01-01\nstatus: active\ntags: [seo\n",
            (6, 7),
        ),
        // Ours: the second occurrence of the key.
        (
            "title: T\nclient: C\nstart: 2025-01-01\nstatus: active\ntitle: again\n",
            (6, 1),
        ),
        // The parser points at the quoted scalar that runs on.
        ("title: \"T\nclient: C\n", (2, 8)),
        ("title: T\nclient: C\nnotes: \"unterminated\n", (4, 8)),
        // A list item where a key is expected: at the start of its line.
        ("title: T\n- a\n", (3, 1)),
        ("a:\n  b: 1\n c: 2\n", (4, 2)),
    ];
    for (i, (lines, _)) in cases.iter().enumerate() {
        book.journal(&format!("m{i}.md"), front(lines));
        // The same block after a BOM, with CRLF.
        book.journal(
            &format!("w{i}.md"),
            format!("\u{feff}{}", front(lines).replace('\n', "\r\n")),
        );
    }
    let report = book.report();
    for (i, (lines, pos)) in cases.iter().enumerate() {
        for name in [format!("m{i}"), format!("w{i}")] {
            let path = format!("content/{name}.md");
            let d: Vec<_> = report
                .diagnostics
                .iter()
                .filter(|d| d.path == path)
                .collect();
            assert_eq!(d.len(), 1, "{lines:?}: {d:#?}");
            assert_eq!(d[0].rule, "front-matter-syntax", "{lines:?}");
            assert_eq!(
                (d[0].line, d[0].column),
                *pos,
                "{name} {lines:?}: {}",
                d[0].message
            );
            assert!(d[0].message.contains("YAML"), "{}", d[0].message);
        }
    }
}

#[test]
fn toml_syntax_errors_are_reported_at_the_file_line_and_column() {
    let book = TempBook::new();
    let cases = [
        ("title = \"T\"\nclient = C\n", (3, 10)),
        (
            "title = \"T\"\nclient = \"C\"\nstart = = 2025-01-01\n",
            (4, 9),
        ),
        ("title = \"T\"\ntitle = \"U\"\n", (3, 1)),
        ("title = \"T\"\n\n\n[contract\n", (5, 10)),
        // An unclosed string: at its opening quote.
        ("title = \"T\nclient = \"C\"\n", (2, 9)),
    ];
    for (i, (lines, _)) in cases.iter().enumerate() {
        book.journal(&format!("m{i}.md"), format!("+++\n{lines}+++\n"));
        book.journal(
            &format!("w{i}.md"),
            format!("\u{feff}+++\r\n{}+++\r\n", lines.replace('\n', "\r\n")),
        );
    }
    let report = book.report();
    for (i, (lines, (line, col))) in cases.iter().enumerate() {
        for name in [format!("m{i}"), format!("w{i}")] {
            let path = format!("content/{name}.md");
            let d: Vec<_> = report
                .diagnostics
                .iter()
                .filter(|d| d.path == path)
                .collect();
            assert_eq!(d.len(), 1, "{lines:?}: {d:#?}");
            assert_eq!(d[0].rule, "front-matter-syntax");
            assert_eq!(line, &d[0].line, "{name} {lines:?}: {}", d[0].message);
            if name.starts_with('m') {
                assert_eq!(col, &d[0].column, "{name} {lines:?}: {}", d[0].message);
            }
            assert!(d[0].message.contains("TOML"), "{}", d[0].message);
        }
    }
}

#[test]
fn an_unclosed_front_matter_is_a_syntax_error_at_1_1() {
    let book = TempBook::new();
    book.journal(
        "yaml.md",
        "---\ntitle: T\nclient: C\nstart: 2025-01-01\nstatus: active\n\n## Passation\n\nTODO\n",
    );
    book.journal("toml.md", "+++\ntitle = \"T\"\n");
    book.journal("mixed.md", "+++\ntitle = \"T\"\n---\n");
    book.journal("bom.md", "\u{feff}---\r\ntitle: T\r\n");
    book.journal("alone.md", "---");
    let report = book.report();
    for name in ["yaml", "toml", "mixed", "bom", "alone"] {
        let d: Vec<_> = report
            .diagnostics
            .iter()
            .filter(|d| d.path == format!("content/{name}.md"))
            .map(|d| (d.line, d.column, d.rule.as_str()))
            .collect();
        assert_eq!(d, vec![(1, 1, "front-matter-syntax")], "{name}");
    }
    assert!(
        report.diagnostics[0].message.contains("never closed"),
        "{}",
        report.diagnostics[0].message
    );
}

#[test]
fn front_matter_starts_on_the_first_line_and_a_later_rule_is_a_thematic_break() {
    let book = TempBook::new();
    book.journal(
        "late.md",
        "# Mission\n\n---\ntitle: T\nclient: C\nstart: 2025-01-01\nstatus: active\n---\n",
    );
    book.journal(
        "blank-first.md",
        "\n---\ntitle: T\nclient: C\nstart: 2025-01-01\nstatus: active\n---\n",
    );
    book.journal("empty.md", "");
    book.journal(
        "breaks.md",
        "---\ntitle: T\nclient: C\nstart: 2025-01-01\nstatus: active\n---\n\nIntro.\n\n---\n\nMore.\n\n---\ntitle: not front matter\n---\n\n+++\n",
    );
    let report = book.report();
    for name in ["late", "blank-first", "empty"] {
        let d: Vec<_> = report
            .diagnostics
            .iter()
            .filter(|d| d.path == format!("content/{name}.md"))
            .map(|d| (d.line, d.column, d.rule.as_str()))
            .collect();
        assert_eq!(d, vec![(1, 1, "front-matter-missing")], "{name}");
    }
    assert!(
        report.rules_of("content/breaks.md").is_empty(),
        "{report:#?}"
    );
}

#[test]
fn a_broken_front_matter_is_the_only_diagnostic_of_its_file() {
    let body = "\n## Notes\n\n- [ ] unfinished\n";
    let book = TempBook::new();
    book.journal(
        "a.md",
        format!("---\ntitle: T\nstatus: closed\nstatus: closed\n---\n{body}"),
    );
    book.journal("b.md", format!("# No front matter\n{body}"));
    book.journal("c.md", format!("---\n- a list\n---\n{body}"));
    let report = book.report();
    assert_eq!(
        report.rules(),
        vec![
            "front-matter-syntax",
            "front-matter-missing",
            "front-matter-syntax"
        ],
        "{report:#?}"
    );
}

#[test]
fn a_file_that_is_not_utf8_is_unreadable_and_the_others_are_still_linted() {
    let book = TempBook::new();
    let mut bytes = b"---\ntitle: caf".to_vec();
    bytes.push(0xe9);
    bytes.extend_from_slice(b"\nclient: C\n---\n");
    book.journal("latin1.md", &bytes);
    let mut with_bom = "\u{feff}---\ntitle: ok\n".as_bytes().to_vec();
    with_bom.extend_from_slice(&[0xff, 0xfe]);
    book.journal("bom-then-bad.md", &with_bom);
    book.journal(
        "ok.md",
        front("title: T\nclient: C\nstart: 2025-01-01\nstatus: closd\n"),
    );
    let report = book.report();
    assert_eq!(report.summary.files, 3);
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.path == "content/latin1.md")
        .unwrap();
    assert_eq!(
        (d.line, d.column, d.rule.as_str()),
        (1, 1, "file-unreadable")
    );
    assert!(d.message.contains("UTF-8"), "{}", d.message);
    assert!(d.message.contains("14"), "{}", d.message);
    assert_eq!(
        report.rules_of("content/latin1.md"),
        vec!["file-unreadable"]
    );
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.path == "content/bom-then-bad.md")
        .unwrap();
    assert_eq!(d.rule, "file-unreadable");
    // The offset is in the file, BOM included.
    assert!(d.message.contains("17"), "{}", d.message);
    // The valid file is linted as usual.
    let ok = report.one("field-invalid");
    assert_eq!((ok.path.as_str(), ok.line), ("content/ok.md", 5));
    assert_eq!(report.code, 1);
}

#[test]
fn the_unreadable_message_is_in_the_book_language() {
    let book = TempBook::with_config("[book]\nlanguage = \"fr\"\n");
    book.journal("latin1.md", b"---\ntitle: caf\xe9\n---\n");
    let report = book.report();
    let d = report.one("file-unreadable");
    assert!(d.message.contains("UTF-8"), "{}", d.message);
    assert!(d.message.contains("14"), "{}", d.message);
    assert!(d.message.contains("octet"), "{}", d.message);
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_in_the_content_directory_neither_hangs_nor_panics() {
    use std::os::unix::fs::symlink;
    let book = TempBook::new();
    book.journal(
        "missions/ok.md",
        front("title: T\nclient: C\nstart: 2025-01-01\nstatus: closd\n"),
    );
    symlink("..", book.path("content/missions/up")).unwrap();
    symlink(".", book.path("content/missions/here")).unwrap();
    symlink("self", book.path("content/self")).unwrap();
    symlink("b", book.path("content/a")).unwrap();
    symlink("a", book.path("content/b")).unwrap();
    let out = support::run(
        book.cmd()
            .args(["lint", "--format", "json", "--today", support::TODAY])
            .timeout(std::time::Duration::from_secs(30)),
    );
    assert!(out.code == 0 || out.code == 1, "{out:?}");
    assert!(!out.stderr.contains("panicked"), "{out:?}");
    let report: Report = serde_json::from_str(&out.stdout).unwrap();
    // The journal is linted once, not once per path through the loops.
    let ok: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.rule == "field-invalid")
        .collect();
    assert_eq!(ok.len(), 1, "{report:#?}");
    assert_eq!(ok[0].path, "content/missions/ok.md");
    for d in &report.diagnostics {
        assert!(
            d.rule == "field-invalid" || d.rule == "file-unreadable",
            "{d:#?}"
        );
    }
}

#[test]
fn index_pages_at_any_depth_and_non_markdown_files_are_not_missions() {
    let book = TempBook::new();
    book.journal("_index.md", "# Home\n\nNo front matter at all.\n");
    book.journal("missions/_index.md", "---\ntitle: [broken\n---\n");
    book.journal("missions/2025/_index.md", b"not utf-8 \xff\n");
    book.journal("a/b/c/d/_index.md", "+++\ntitle = \n");
    book.journal("notes.txt", "garbage");
    book.journal("missions/2025/draft.markdown", "garbage");
    book.journal("missions/2025/old.md.bak", "garbage");
    book.journal("missions/2025/image.png", [0x89, b'P', b'N', b'G', 0xff]);
    book.journal("missions/2025/Makefile", "garbage");
    std::fs::create_dir_all(book.path("content/missions/folder.md")).unwrap();
    book.journal(
        "missions/2025/real.md",
        front("title: T\nclient: C\nstart: 2025-01-01\nstatus: active\n"),
    );
    let report = book.report();
    assert_eq!(report.summary.files, 1, "{report:#?}");
    assert!(report.diagnostics.is_empty(), "{report:#?}");
    assert_eq!(report.code, 0);
}

#[test]
fn the_json_report_is_sorted_and_uses_book_relative_paths() {
    let book = TempBook::new();
    book.journal("z.md", "no front matter\n");
    book.journal("missions/2025/b.md", front("title: T\nstatus: closed\n"));
    book.journal("missions/2024/a.md", front("titel: T\nstatus: active\n"));
    let report = book.report();
    assert_eq!(report.version, 1);
    assert_eq!(report.today, "2026-11-23");
    let keys: Vec<_> = report
        .diagnostics
        .iter()
        .map(|d| (d.path.clone(), d.line, d.column, d.rule.clone()))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    assert_eq!(keys.first().unwrap().0, "content/missions/2024/a.md");
    assert_eq!(keys.last().unwrap().0, "content/z.md");
    let unknown = report.one("field-unknown");
    assert_eq!((unknown.line, unknown.column), (2, 1));
    assert!(
        unknown.help.as_deref().unwrap_or("").contains("title"),
        "{unknown:#?}"
    );
    let s = &report.summary;
    assert_eq!(
        s.errors + s.warnings + s.infos,
        report.diagnostics.len(),
        "{s:?}"
    );
    assert_eq!(s.files, 3);
}

#[test]
fn yaml_aliases_are_read_but_cannot_explode() {
    let book = TempBook::new();
    book.journal(
        "alias.md",
        front("title: &t Same\nclient: *t\nstart: &d 2026-12-01\nend: *d\nstatus: active\n"),
    );
    // "Billion laughs": nine short lines that would expand to 10^8 values.
    let mut bomb = String::from("title: T\nlol0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..9 {
        let items = vec![format!("*a{}", i - 1); 10].join(", ");
        bomb.push_str(&format!("lol{i}: &a{i} [{items}]\n"));
    }
    book.journal("bomb.md", front(&bomb));
    let out = support::run(
        book.cmd()
            .args(["lint", "--format", "json", "--today", support::TODAY])
            .timeout(std::time::Duration::from_secs(30)),
    );
    assert_eq!(out.code, 1, "{out:?}");
    let report: Report = serde_json::from_str(&out.stdout).unwrap();
    assert!(
        report.rules_of("content/alias.md").is_empty(),
        "{report:#?}"
    );
    let d = report.one("front-matter-syntax");
    assert_eq!(d.path, "content/bomb.md");
    assert!(d.line >= 3 && d.line <= 11, "{d:#?}");
    assert!(d.message.contains("aliases"), "{d:#?}");
}

#[test]
fn a_lone_carriage_return_is_not_a_line_break() {
    // Positions count lines at `\n` only, in the front matter as everywhere else, so they
    // stay inside the file.
    let book = TempBook::new();
    book.journal(
        "cr.md",
        "---\ntitle: T\r\r\r\rclint: C\nstart: 2025-01-01\nstatus: active\nclient: C\n---\n",
    );
    book.journal(
        "cr-error.md",
        "---\ntitle: T\r\r\r\r\r\r\r\r\rclient: [C\n---\n",
    );
    let report = book.report();
    let d: Vec<_> = report
        .diagnostics
        .iter()
        .map(|d| (d.path.as_str(), d.line, d.column, d.rule.as_str()))
        .collect();
    assert_eq!(
        d,
        vec![
            // At the `[` never closed, on the line the lone CRs do not break.
            ("content/cr-error.md", 2, 26, "front-matter-syntax"),
            ("content/cr.md", 2, 13, "field-unknown"),
        ],
        "{report:#?}"
    );
}

/// Journals nested far past the depth limit (64), in every syntax that nests, and one exactly
/// at it. 10,000 levels of front matter, 100,000 of body: once enough to overflow the stack of
/// the loader's threads (2 MiB) and of the main thread (8 MiB).
fn deep_book() -> TempBook {
    const FRONT: &str = "---\ntitle: T\nclient: C\nstart: 2025-01-01\nstatus: active\n";
    const TOML: &str =
        "+++\ntitle = \"T\"\nclient = \"C\"\nstart = 2025-01-01\nstatus = \"active\"\n";
    let n = 10_000;
    let body = 100_000;
    let book = TempBook::new();
    for (name, text) in [
        (
            "block.md",
            format!("{FRONT}zq:\n{}a\n---\n", "- ".repeat(n)),
        ),
        (
            "keys.md",
            format!("{FRONT}zq:\n  {}a\n---\n", "? ".repeat(n)),
        ),
        (
            "flow.md",
            format!("{FRONT}zq: {}{}\n---\n", "[".repeat(n), "]".repeat(n)),
        ),
        (
            "toml.md",
            format!("{TOML}zq = {}{}\n+++\n", "[".repeat(n), "]".repeat(n)),
        ),
        (
            "dotted.md",
            format!("{FRONT}{}: 1\n---\n", vec!["a"; 65].join(".")),
        ),
        (
            "limit.md",
            format!("{FRONT}zq:\n{}a\n---\n", "- ".repeat(63)),
        ),
        (
            "quotes.md",
            format!("{FRONT}---\n\n{}x\n", "> ".repeat(body)),
        ),
        (
            "lists.md",
            format!("{FRONT}---\n\n{}x\n", "- ".repeat(body)),
        ),
        (
            "footnote.md",
            format!("{FRONT}---\n\nText[^1].\n\n[^1]: {}x\n", "> ".repeat(body)),
        ),
        (
            "html.md",
            format!(
                "{FRONT}---\n\n{}x{}\n",
                "<div>".repeat(body),
                "</div>".repeat(body)
            ),
        ),
    ] {
        book.journal(name, text);
    }
    book
}

#[test]
fn nesting_past_the_depth_limit_is_one_diagnostic_at_the_first_level_too_deep() {
    let book = deep_book();
    let out = support::run(
        book.cmd()
            .args(["lint", "--format", "json", "--today", support::TODAY])
            .timeout(std::time::Duration::from_secs(60)),
    );
    assert_eq!(out.code, 1, "{out:?}");
    let report: Report = serde_json::from_str(&out.stdout).unwrap();
    let yaml = "invalid YAML front matter: lists and tables nested more than 64 levels deep";
    let toml = "invalid TOML front matter: lists and tables nested more than 64 levels deep";
    let body = "the journal's body nests more than 64 levels deep (block quotes, lists, HTML tags)";
    let found: Vec<_> = report
        .diagnostics
        .iter()
        .map(|d| {
            (
                d.path.as_str(),
                d.line,
                d.column,
                d.rule.as_str(),
                d.message.as_str(),
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![
            // The 64th `- ` of line 7: the front matter's table is the first level.
            ("content/block.md", 7, 127, "front-matter-syntax", yaml),
            ("content/dotted.md", 6, 1, "front-matter-syntax", yaml),
            // In flow style YAML's own limit (255 levels) stops first: same message.
            ("content/flow.md", 6, 260, "front-matter-syntax", yaml),
            // The footnote definition is a level.
            ("content/footnote.md", 10, 133, "body-too-deep", body),
            ("content/html.md", 8, 1, "body-too-deep", body),
            ("content/keys.md", 7, 129, "front-matter-syntax", yaml),
            (
                "content/limit.md",
                6,
                1,
                "field-unknown",
                "unknown key `zq`: it is ignored"
            ),
            // A list and its item are two levels.
            ("content/lists.md", 8, 65, "body-too-deep", body),
            ("content/quotes.md", 8, 129, "body-too-deep", body),
            // TOML's own limit (80) stops first: same message.
            ("content/toml.md", 6, 86, "front-matter-syntax", toml),
        ],
        "{report:#?}"
    );
    assert_eq!(
        report.diagnostics[0].help.as_deref(),
        Some("flatten this value: no key debrief reads needs nesting this deep")
    );
    assert_eq!(
        report.diagnostics[4].help.as_deref(),
        Some("flatten this passage: fewer `>` or list levels, and close every HTML tag you open")
    );
}

#[test]
fn nesting_past_the_depth_limit_reads_in_french_with_its_help() {
    let book = TempBook::with_config("[book]\ntitle = \"Carnet\"\nlanguage = \"fr\"\n");
    book.journal(
        "a.md",
        format!(
            "+++\ntitle = \"T\"\nzq = {}1{}\n+++\n",
            "[".repeat(64),
            "]".repeat(64)
        ),
    );
    let out =
        support::run(
            book.cmd()
                .args(["lint", "--today", support::TODAY, "--color", "never"]),
        );
    assert_eq!(out.code, 1, "{out:?}");
    // The root table is the first level, `zq`'s array the second: the 64th `[` is the 65th.
    assert_eq!(
        out.stdout,
        format!(
            "erreur[front-matter-syntax]\u{a0}: en-tête TOML invalide\u{a0}: listes et tables imbriquées sur plus de 64 niveaux\n \
             --> content/a.md:3:69\n  |\n3 | zq = {open}1{close}\n  | {pad}^\n  \
             = aide\u{a0}: aplatissez cette valeur\u{a0}: aucune clé lue par debrief n’a besoin d’une telle imbrication\n\n\
             1 erreur, 0 avertissement, 0 info dans 1 fichier\n",
            open = "[".repeat(64),
            close = "]".repeat(64),
            pad = " ".repeat(68)
        ),
        "{out:?}"
    );
}

#[test]
fn build_leaves_journals_nested_too_deep_out_and_names_them() {
    let book = deep_book();
    for audience in ["public", "private"] {
        let dest = book.path(&format!("site-{audience}"));
        // Without `--keep-going` a journal that does not load fails the build (tests/site.rs).
        let out = support::run(
            book.cmd()
                .args(["build", "--keep-going", "--audience", audience, "--dest"])
                .arg(&dest)
                .timeout(std::time::Duration::from_secs(60)),
        );
        assert_eq!(out.code, 0, "{audience}: {out:?}");
        let warnings: Vec<&str> = out.stderr.lines().collect();
        let yaml = "journal left out: invalid YAML front matter: lists and tables nested more than 64 levels deep";
        let body = "journal left out: the journal's body nests more than 64 levels deep (block quotes, lists, HTML tags)";
        assert_eq!(
            warnings,
            vec![
                format!("warning: content/block.md:7:127: {yaml}"),
                format!("warning: content/dotted.md:6:1: {yaml}"),
                format!("warning: content/flow.md:6:260: {yaml}"),
                format!("warning: content/footnote.md:10:133: {body}"),
                format!("warning: content/html.md:8:1: {body}"),
                format!("warning: content/keys.md:7:129: {yaml}"),
                format!("warning: content/lists.md:8:65: {body}"),
                format!("warning: content/quotes.md:8:129: {body}"),
                format!(
                    "warning: content/toml.md:6:86: {}",
                    yaml.replace("YAML", "TOML")
                ),
            ],
            "{audience}: {out:?}"
        );
        // The journal at the limit is built (in the private view, where it has a page).
        let built = if audience == "private" { 1 } else { 0 };
        assert!(
            out.stdout.contains(&format!(
                "pages from {built} mission{}",
                if built == 1 { " " } else { "s" }
            )),
            "{audience}: {out:?}"
        );
    }
}
