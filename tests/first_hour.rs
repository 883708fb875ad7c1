//! The first hour of a French freelancer, end to end: `init`, a first public build that says how
//! a mission gets published, a journal made by `new` then closed whose empty sections are called
//! empty, a lint run that shows only infos, and dates that do not exist. In both languages, with
//! French plurals (0 and 1 singular) and decimals (`0,11 s`).

mod support;

use support::{TODAY, TempBook, debrief, run};

/// `init` in `dir`, without git (git has its own tests), with today pinned.
fn init(tmp: &TempBook, lang: &str) -> std::path::PathBuf {
    let dir = tmp.path("mes-missions");
    let out = run(debrief()
        .env("DEBRIEF_TODAY", TODAY)
        .args(["init", "--no-git", "--lang", lang])
        .arg(&dir));
    assert_eq!(out.code, 0, "{out:?}");
    dir
}

/// The build summary with its duration and the book's path replaced, after checking the
/// duration's form: `0,11 s` in French, `0.11 s` in English (a no-break space before `s`).
fn redacted(stdout: &str, root: &std::path::Path, mark: char) -> String {
    let end = stdout.find("\u{a0}s (").expect("a duration");
    let start = stdout[..end]
        .rfind(' ')
        .map(|i| i + 1)
        .expect("a space before the duration");
    let number = &stdout[start..end];
    let (whole, frac) = number.split_once(mark).expect("the decimal mark");
    assert!(
        whole.chars().all(|c| c.is_ascii_digit()) && frac.len() == 2,
        "{number}"
    );
    let stdout = format!("{}[durée]{}", &stdout[..start], &stdout[end..]);
    stdout.replace(&root.display().to_string(), "[carnet]")
}

#[test]
fn the_first_public_build_says_how_a_mission_gets_published() {
    for (lang, mark) in [("fr", ','), ("en", '.')] {
        let tmp = TempBook::bare();
        let dir = init(&tmp, lang);
        let out = run(debrief()
            .current_dir(&dir)
            .args(["build", "--today", TODAY]));
        assert_eq!(out.code, 0, "{out:?}");
        assert_eq!(out.stderr, "", "{out:?}");
        insta::assert_snapshot!(
            format!("first_build_{lang}"),
            redacted(&out.stdout, &dir, mark)
        );
        // The private build shows the mission: no hint there.
        let out = run(debrief().current_dir(&dir).args([
            "build",
            "--audience",
            "private",
            "--today",
            TODAY,
        ]));
        assert_eq!(out.stdout.lines().count(), 1, "{out:?}");
        let summary = redacted(&out.stdout, &dir, mark);
        let expected = if lang == "fr" {
            "à partir de 1 mission en [durée]\u{a0}s (privé, [carnet]/site)\n"
        } else {
            "from 1 mission in [durée]\u{a0}s (private, [carnet]/site)\n"
        };
        assert!(summary.ends_with(expected), "{summary}");
        // Published, the public build shows it and says nothing more.
        let journal = std::fs::read_dir(dir.join("content/missions/2026"))
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path();
        let text = std::fs::read_to_string(&journal).unwrap();
        std::fs::write(
            &journal,
            text.replace("publish: private", "publish: lessons"),
        )
        .unwrap();
        let out = run(debrief()
            .current_dir(&dir)
            .args(["build", "--today", TODAY]));
        assert_eq!(out.stdout.lines().count(), 1, "{out:?}");
        assert!(!out.stdout.contains("publish:"), "{out:?}");
    }
}

/// The journal `new` writes, then closed: its element sections are there, empty.
fn closed_new_journal(lang: &str) -> TempBook {
    let book = TempBook::with_config(&format!(
        "[book]\ntitle = \"Carnet\"\nlanguage = \"{lang}\"\n"
    ));
    let out = run(book.cmd().args([
        "new",
        "Refonte SEO",
        "--client",
        "Boutique",
        "--start",
        "2026-01-05",
    ]));
    assert_eq!(out.code, 0, "{out:?}");
    let path = book.path("content/missions/2026/refonte-seo.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let closed = text.replacen(
        "status: active",
        "status: closed\nend: 2026-02-01\nended_by: client\nend_reason: completed",
        1,
    );
    std::fs::write(&path, closed).unwrap();
    book
}

#[test]
fn an_empty_section_is_called_empty() {
    let book = closed_new_journal("fr");
    let out = run(book.cmd().args(["lint", "--today", TODAY]));
    assert!(
        out.stdout.contains(
            "erreur[handover-missing]\u{a0}: mission `closed` sans passation\u{a0}: la section `## Passation` est vide\n"
        ),
        "{out:?}"
    );
    assert!(
        out.stdout
            .contains("  = aide\u{a0}: écrivez le contenu sous `## Passation`\u{a0}: ce qui a été remis, à qui, quand → `debrief draft handover refonte-seo`\n"),
        "{out:?}"
    );
    assert!(
        out.stdout
            .contains("mission close sans leçons tirées\u{a0}: la section `## Leçons` est vide"),
        "{out:?}"
    );
    let book = closed_new_journal("en");
    let out = run(book.cmd().args(["lint", "--today", TODAY]));
    assert!(
        out.stdout.contains(
            "error[handover-missing]: `closed` mission without a handover: the `## Handover` section is empty\n"
        ),
        "{out:?}"
    );
    assert!(
        out.stdout.contains(
            "  = help: write the content under `## Handover`: what was handed over, to whom, when → `debrief draft handover refonte-seo`\n"
        ),
        "{out:?}"
    );
}

#[test]
fn a_run_with_only_infos_says_what_they_mean() {
    let book = TempBook::with_config("[book]\ntitle = \"Carnet\"\nlanguage = \"fr\"\n");
    // Everything done but the deliverables list (an info).
    book.journal(
        "missions/2026/refonte.md",
        "---\ntitle: Refonte\nclient: Boutique\nstart: 2026-01-05\nstatus: closed\nend: 2026-02-01\n\
ended_by: client\nend_reason: completed\ncontract: { termination_checked: 2026-01-20, notice_days: 30 }\n\
notice: { given: 2025-12-01, channel: email }\nrgpd: { notified: 2026-02-01, deleted: 2026-02-02 }\n\
feedback: { requested: 2026-02-01, received: 2026-02-03 }\n\
invoices: [{ number: F-1, amount: 1800, issued: 2026-02-01, due: 2026-03-03, paid: 2026-02-20 }]\n---\n\n## Passation\n\nRemis le 2026-02-01.\n\n\
## Accès\n\n- [x] CMS\u{a0}: mon accès retiré\n\n## Retour client\n\nTrès content.\n\n## Leçons\n\nCadrer plus tôt.\n",
    );
    let out = run(book.cmd().args(["lint", "--today", TODAY]));
    assert_eq!(out.code, 0, "{out:?}");
    let infos: Vec<&str> = out
        .stdout
        .lines()
        .filter(|l| {
            l.starts_with("info[") || l.starts_with("erreur[") || l.starts_with("avertissement[")
        })
        .collect();
    assert!(
        !infos.is_empty() && infos.iter().all(|l| l.starts_with("info[")),
        "{out:?}"
    );
    assert!(
        out.stdout.ends_with(
            "Les infos sont des rappels, pas des erreurs\u{a0}: le carnet passe (code de sortie 0). \
`debrief explain RÈGLE` dit ce que chacune suggère\u{a0}; `[lint.rules]` dans book.toml peut les taire.\n"
        ),
        "{out:?}"
    );
    // Not with --quiet, and not when there is a warning or an error.
    let quiet = run(book.cmd().args(["lint", "--today", TODAY, "--quiet"]));
    assert!(!quiet.stdout.contains("rappels"), "{quiet:?}");
}

#[test]
fn a_date_that_does_not_exist_suggests_the_nearest_real_one() {
    let book = TempBook::with_config("[book]\ntitle = \"Carnet\"\nlanguage = \"fr\"\n");
    book.journal(
        "missions/a.md",
        "---\ntitle: T\nclient: C\nstart: 2025-02-30\nstatus: active\n---\n",
    );
    let out = run(book.cmd().args(["lint", "--today", TODAY]));
    assert!(
        out.stdout
            .contains("  = aide\u{a0}: la date réelle la plus proche est `2025-02-28`\n"),
        "{out:?}"
    );
    let out = run(book.cmd().args(["new", "X", "--start", "2024-02-30"]));
    assert_eq!(out.code, 2, "{out:?}");
    assert!(
        out.stderr.contains("`2024-02-30` n’est pas une date qui existe\u{a0}; vouliez-vous dire `2024-02-29`\u{a0}?"),
        "{out:?}"
    );
}

#[test]
fn yaml_errors_are_a_french_sentence_with_a_help_line() {
    let book = TempBook::with_config("[book]\ntitle = \"Carnet\"\nlanguage = \"fr\"\n");
    book.journal(
        "missions/a.md",
        "---\ntitle: Refonte: SEO\nclient: C\nstart: 2025-01-01\nstatus: active\n---\n",
    );
    let out = run(book
        .cmd()
        .args(["lint", "--today", TODAY, "--color", "never"]));
    insta::assert_snapshot!("yaml_error_fr", out.stdout);
}

#[test]
fn linting_a_book_without_journals_says_how_to_start_one() {
    let book = TempBook::with_config("[book]\ntitle = \"Carnet\"\nlanguage = \"fr\"\n");
    let out = run(book.cmd().args(["lint", "--today", TODAY]));
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(
        out.stdout,
        "Aucun problème dans 0 fichier\nLe carnet n’a encore aucun journal\u{a0}: `debrief new \"Titre\" --client \"Client\"` en commence un.\n"
    );
    let out = run(book
        .cmd()
        .args(["lint", "--today", TODAY, "--lang", "en", "--quiet"]));
    assert_eq!(out.stdout, "");
}
