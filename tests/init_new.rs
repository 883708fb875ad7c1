//! `debrief init` and `debrief new`, end to end: what they write, in which language, that it lints
//! clean, and that they never overwrite anything.

mod support;

use std::path::Path;
use support::{TempBook, debrief, run};

/// The date `init` and `new` take as today in these tests.
const TODAY: &str = "2026-03-15";

/// The element headings, French then English aliases, by element.
const ELEMENTS: &[(&str, &[&str], &[&str])] = &[
    (
        "feedback",
        &[
            "Retour client",
            "Retours client",
            "Bilan client",
            "Feedback",
        ],
        &["Feedback", "Client feedback"],
    ),
    (
        "lessons",
        &[
            "Leçons",
            "Leçons apprises",
            "Enseignements",
            "Retour d'expérience",
            "RETEX",
            "Introspection",
            "Rétrospective",
            "Bilan de mission",
        ],
        &["Lessons", "Lessons learned", "Retrospective"],
    ),
    (
        "handover",
        &["Passation", "Plan de transition", "Transition"],
        &["Handover", "Handoff", "Transition"],
    ),
    (
        "access",
        &["Accès", "Accès outils"],
        &["Access", "Tool access"],
    ),
    (
        "rgpd",
        &["RGPD", "Données personnelles"],
        &["GDPR", "Personal data"],
    ),
    (
        "invoices",
        &["Factures", "Facturation"],
        &["Invoices", "Billing"],
    ),
    (
        "deliverables",
        &["Livrables", "Fichiers transmis", "Documents transmis"],
        &["Deliverables"],
    ),
];

/// The `##` headings of a journal.
fn headings(text: &str) -> Vec<&str> {
    text.lines()
        .filter_map(|l| l.strip_prefix("## "))
        .map(str::trim)
        .collect()
}

/// Asserts that `text` has a heading for every element, in `lang`.
fn assert_every_element_heading(text: &str, lang: &str) {
    let hs = headings(text);
    for (element, fr, en) in ELEMENTS {
        let aliases = if lang == "fr" { fr } else { en };
        assert!(
            hs.iter().any(|h| aliases.contains(h)),
            "no {lang} heading for {element} in {hs:?}\n{text}"
        );
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `debrief init DIR` with today pinned and the given extra arguments and environment.
fn init(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> support::Run {
    let mut cmd = debrief();
    cmd.env("DEBRIEF_TODAY", TODAY)
        .arg("init")
        .arg(dir)
        .args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    run(&mut cmd)
}

/// The four files `init` writes, relative to its directory.
fn init_files(lang: &str) -> [String; 4] {
    let slug = if lang == "fr" {
        "exemple-refonte-du-site-vitrine"
    } else {
        "example-website-redesign"
    };
    [
        "book.toml".to_string(),
        format!("content/missions/2026/{slug}.md"),
        ".gitignore".to_string(),
        ".pre-commit-config.yaml".to_string(),
    ]
}

/// Lints the book at `dir` (human format) with today pinned.
fn lint_human(dir: &Path, extra: &[&str]) -> support::Run {
    run(debrief()
        .env("DEBRIEF_TODAY", TODAY)
        .arg("--book")
        .arg(dir)
        .arg("lint")
        .args(extra))
}

#[test]
fn init_writes_the_book_the_example_mission_gitignore_and_pre_commit() {
    let tmp = TempBook::bare();
    let dir = tmp.path("journal");
    let out = init(&dir, &["--lang", "en"], &[]);
    assert_eq!(out.code, 0, "{out:?}");
    for rel in init_files("en") {
        assert!(dir.join(&rel).is_file(), "{rel} missing");
        assert!(out.stdout.contains(&rel), "{rel} not listed: {out:?}");
    }
    let book = read(&dir.join("book.toml"));
    assert!(book.contains("[book]"), "{book}");
    assert!(book.contains("language = \"en\""), "{book}");
    assert!(book.contains("content-dir = \"content\""), "{book}");
    assert!(book.contains("build-dir = \"site\""), "{book}");
    // The build directory is ignored by git.
    let gitignore = read(&dir.join(".gitignore"));
    assert!(
        gitignore.lines().any(|l| l.trim_matches('/') == "site"),
        "{gitignore}"
    );
    // pre-commit runs `debrief lint` on Markdown files.
    let precommit = read(&dir.join(".pre-commit-config.yaml"));
    assert!(precommit.contains("repos:"), "{precommit}");
    assert!(precommit.contains("entry: debrief lint"), "{precommit}");
    assert!(precommit.contains("markdown"), "{precommit}");
    // The example mission starts today, is active, and has every element.
    let mission = read(&dir.join(&init_files("en")[1]));
    assert!(mission.starts_with("---\n"), "{mission}");
    assert!(mission.contains("\nstart: 2026-03-15\n"), "{mission}");
    assert!(mission.contains("\nstatus: active\n"), "{mission}");
    assert_every_element_heading(&mission, "en");
    // Nothing else.
    let count = walk(&dir).len();
    assert_eq!(count, 4, "{:?}", walk(&dir));
    // And a git repository.
    assert!(dir.join(".git").is_dir(), "{out:?}");
    assert!(out.stdout.contains("git repository created"), "{out:?}");
}

/// The files under `dir`, but not those of its git repository.
fn walk(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.file_name().is_some_and(|n| n == ".git") {
            continue;
        }
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path.display().to_string());
        }
    }
    out
}

#[test]
fn init_in_the_current_directory() {
    let tmp = TempBook::bare();
    let out = run(debrief()
        .env("DEBRIEF_TODAY", TODAY)
        .current_dir(tmp.root())
        .args(["init", "--lang", "fr"]));
    assert_eq!(out.code, 0, "{out:?}");
    for rel in init_files("fr") {
        assert!(tmp.path(&rel).is_file(), "{rel} missing");
    }
}

#[test]
fn the_language_comes_from_the_flag_then_the_locale_then_french() {
    type Case<'a> = (&'a [&'a str], &'a [(&'a str, &'a str)], &'a str);
    let cases: &[Case] = &[
        (&["--lang", "en"], &[], "en"),
        (&["--lang", "fr"], &[], "fr"),
        (&["--lang", "fr"], &[("LANG", "en_US.UTF-8")], "fr"),
        (&["--lang", "en"], &[("LANG", "fr_FR.UTF-8")], "en"),
        (&[], &[("LANG", "en_US.UTF-8")], "en"),
        (&[], &[("LANG", "fr_FR.UTF-8")], "fr"),
        (&[], &[("LANG", "en_GB")], "en"),
        (
            &[],
            &[("LC_ALL", "fr_FR.UTF-8"), ("LANG", "en_US.UTF-8")],
            "fr",
        ),
        (&[], &[("LANG", "de_DE.UTF-8")], "fr"),
        (&[], &[("LANG", "C")], "fr"),
        (&[], &[], "fr"),
    ];
    for (args, env, lang) in cases {
        let tmp = TempBook::bare();
        let dir = tmp.path("b");
        let out = init(&dir, args, env);
        assert_eq!(out.code, 0, "{args:?} {env:?}: {out:?}");
        let book = read(&dir.join("book.toml"));
        assert!(
            book.contains(&format!("language = \"{lang}\"")),
            "{args:?} {env:?}: {book}"
        );
        let mission = read(&dir.join(&init_files(lang)[1]));
        assert_every_element_heading(&mission, lang);
        let done = if *lang == "fr" {
            "Carnet prêt"
        } else {
            "Book ready"
        };
        assert!(out.stdout.contains(done), "{args:?} {env:?}: {out:?}");
    }
    // `--lang` is global: accepted before the subcommand too.
    let tmp = TempBook::bare();
    let out = run(debrief()
        .env("DEBRIEF_TODAY", TODAY)
        .args(["--lang", "en", "init"])
        .arg(tmp.path("b")));
    assert_eq!(out.code, 0, "{out:?}");
    assert!(read(&tmp.path("b/book.toml")).contains("language = \"en\""));
}

#[test]
fn an_unsupported_lang_flag_is_a_usage_error() {
    let tmp = TempBook::bare();
    let out = init(&tmp.path("b"), &["--lang", "de"], &[]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("de"), "{out:?}");
    assert!(!tmp.path("b").exists());
}

#[test]
fn what_init_writes_lints_clean() {
    for (lang, clean) in [("fr", "Aucun problème"), ("en", "No problems")] {
        let tmp = TempBook::bare();
        let dir = tmp.path("b");
        assert_eq!(init(&dir, &["--lang", lang], &[]).code, 0);
        let out = lint_human(&dir, &[]);
        assert_eq!(out.code, 0, "{lang}: {out:?}");
        assert!(out.stdout.contains(clean), "{lang}: {out:?}");
        assert!(!out.stdout.contains("warning"), "{lang}: {out:?}");
        // Not even a warning or an info, years later.
        let out = lint_human(&dir, &["--deny", "warnings", "--today", "2031-01-01"]);
        assert_eq!(out.code, 0, "{lang}: {out:?}");
        assert!(out.stdout.contains(clean), "{lang}: {out:?}");
        let json = run(debrief()
            .arg("--book")
            .arg(&dir)
            .args(["lint", "--format", "json", "--today", TODAY]));
        let report: support::report::Report = serde_json::from_str(&json.stdout).unwrap();
        assert!(report.diagnostics.is_empty(), "{report:#?}");
        assert_eq!(report.summary.files, 1);
    }
}

#[test]
fn init_keeps_every_existing_file_and_writes_the_missing_ones() {
    for victim in 0..4 {
        let tmp = TempBook::bare();
        let dir = tmp.path("b");
        let files = init_files("en");
        let existing = &files[victim];
        let original = b"precious \xe2\x9c\x8d content\n".to_vec();
        std::fs::create_dir_all(dir.join(existing).parent().unwrap()).unwrap();
        std::fs::write(dir.join(existing), &original).unwrap();
        let out = init(&dir, &["--lang", "en"], &[]);
        assert_eq!(out.code, 0, "{existing}: {out:?}");
        let after = std::fs::read(dir.join(existing)).unwrap();
        if existing == ".gitignore" {
            // Added to, never replaced.
            let mut expected = original.clone();
            expected.extend_from_slice(b"/site/\n");
            assert_eq!(after, expected);
            assert!(out.stdout.contains("updated  "), "{out:?}");
        } else {
            assert_eq!(after, original, "{existing}");
            let kept = format!("kept     {} (already there)", dir.join(existing).display());
            assert!(out.stdout.contains(&kept), "{existing}: {out:?}");
        }
        for rel in &files {
            assert!(
                dir.join(rel).is_file(),
                "{rel} missing although {existing} exists"
            );
        }
        assert_eq!(walk(&dir).len(), 4, "{:?}", walk(&dir));
    }
}

#[test]
fn init_again_keeps_everything() {
    let tmp = TempBook::bare();
    let dir = tmp.path("b");
    assert_eq!(init(&dir, &["--lang", "fr"], &[]).code, 0);
    let before: Vec<_> = init_files("fr")
        .iter()
        .map(|rel| std::fs::read(dir.join(rel)).unwrap())
        .collect();
    let out = init(&dir, &["--lang", "fr"], &[]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(
        out.stdout.contains("Le carnet était déjà en place"),
        "{out:?}"
    );
    assert!(!out.stdout.contains("dépôt git créé"), "{out:?}");
    for (rel, bytes) in init_files("fr").iter().zip(before) {
        let kept = format!("gardé     {} (existe déjà)", dir.join(rel).display());
        assert!(out.stdout.contains(&kept), "{rel}: {out:?}");
        assert_eq!(std::fs::read(dir.join(rel)).unwrap(), bytes, "{rel}");
    }
}

#[cfg(unix)]
#[test]
fn init_counts_a_dangling_symlink_as_an_existing_file() {
    let tmp = TempBook::bare();
    let dir = tmp.path("b");
    std::fs::create_dir_all(&dir).unwrap();
    std::os::unix::fs::symlink("nowhere", dir.join(".gitignore")).unwrap();
    let out = init(&dir, &["--lang", "en"], &[]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains(".gitignore"), "{out:?}");
    assert!(out.stderr.contains("nothing was written"), "{out:?}");
    assert!(!dir.join("book.toml").exists(), "book.toml was written");
    assert!(!dir.join("content").exists(), "content/ was written");
    assert!(!dir.join("nowhere").exists(), "written through the symlink");
    // Elsewhere, a dangling symlink is an existing file: kept, not written through.
    std::fs::remove_file(dir.join(".gitignore")).unwrap();
    std::os::unix::fs::symlink("nowhere", dir.join("book.toml")).unwrap();
    let out = init(&dir, &["--lang", "en"], &[]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.contains("kept     "), "{out:?}");
    assert!(!dir.join("nowhere").exists(), "written through the symlink");
}

#[test]
fn init_refuses_a_file_where_a_directory_must_be_and_writes_nothing() {
    let tmp = TempBook::bare();
    let dir = tmp.path("b");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("content"), "notes\n").unwrap();
    let out = init(&dir, &["--lang", "fr"], &[]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("rien n’a été écrit"), "{out:?}");
    assert!(out.stderr.contains("content"), "{out:?}");
    assert!(!dir.join("book.toml").exists());
    assert!(!dir.join(".git").exists());
}

/// `init` where a freelancer keeps notes in git: a repository with a `.gitignore` and a file.
/// Everything missing is written, the site's directory is added to the `.gitignore`, no second
/// repository is made, and the output ends with the exact next commands.
#[test]
fn init_in_a_git_repository_with_a_gitignore() {
    let tmp = TempBook::bare();
    let status = std::process::Command::new("git")
        .args(["init", "-q", "mes-missions"])
        .current_dir(tmp.root())
        .status()
        .unwrap();
    assert!(status.success());
    std::fs::write(tmp.path("mes-missions/.gitignore"), "*.tmp\n.env").unwrap();
    std::fs::write(tmp.path("mes-missions/notes.md"), "# Mes notes\n").unwrap();
    for (lang, snapshot) in [
        ("fr", "init_git_repository_fr"),
        ("en", "init_git_repository_en"),
    ] {
        let out = run(debrief()
            .env("DEBRIEF_TODAY", TODAY)
            .current_dir(tmp.root())
            .args(["init", "mes-missions", "--lang", lang]));
        assert_eq!(out.code, 0, "{out:?}");
        assert_eq!(out.stderr, "", "{out:?}");
        insta::assert_snapshot!(snapshot, out.stdout);
        // Only the first run adds to the .gitignore.
        assert_eq!(
            read(&tmp.path("mes-missions/.gitignore")),
            "*.tmp\n.env\n/site/\n"
        );
        std::fs::remove_file(tmp.path("mes-missions/book.toml")).unwrap();
    }
    assert_eq!(read(&tmp.path("mes-missions/notes.md")), "# Mes notes\n");
}

#[test]
fn init_without_git() {
    let tmp = TempBook::bare();
    let dir = tmp.path("b");
    let out = init(&dir, &["--lang", "fr", "--no-git"], &[]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(!dir.join(".git").exists());
    assert!(!out.stdout.contains("dépôt git"), "{out:?}");
    // In the current directory, no `cd` line.
    let out = run(debrief()
        .env("DEBRIEF_TODAY", TODAY)
        .current_dir(&dir)
        .args(["init", "--lang", "fr", "--no-git"]));
    assert!(out.stdout.ends_with("Ensuite\u{a0}:\n  debrief new \"Titre de la mission\" --client \"Nom du client\"\n  debrief lint\n"), "{out:?}");
}

/// A fresh book made by `init` in `lang`.
fn book(lang: &str) -> TempBook {
    let tmp = TempBook::bare();
    let out = init(tmp.root(), &["--lang", lang], &[]);
    assert_eq!(out.code, 0, "{out:?}");
    tmp
}

/// `debrief --book ROOT new ARGS…` with today pinned.
fn new(book: &TempBook, args: &[&str]) -> support::Run {
    run(book.cmd().env("DEBRIEF_TODAY", TODAY).arg("new").args(args))
}

#[test]
fn new_writes_a_journal_from_the_template_in_the_book_language() {
    for lang in ["fr", "en"] {
        let book = book(lang);
        let out = new(
            &book,
            &["Refonte SEO", "--client", "X", "--start", "2025-03-01"],
        );
        assert_eq!(out.code, 0, "{out:?}");
        let rel = "content/missions/2025/refonte-seo.md";
        assert!(out.stdout.trim_end().ends_with(rel), "{out:?}");
        assert_eq!(out.stdout.lines().count(), 1, "{out:?}");
        let text = read(&book.path(rel));
        assert!(text.starts_with("---\n"), "{text}");
        assert!(text.contains("\ntitle: \"Refonte SEO\"\n"), "{text}");
        assert!(text.contains("\nclient: \"X\""), "{text}");
        assert!(text.contains("\nstart: 2025-03-01\n"), "{text}");
        assert!(text.contains("\nstatus: active\n"), "{text}");
        assert_every_element_heading(&text, lang);
        let handover = if lang == "fr" {
            "## Passation\n"
        } else {
            "## Handover\n"
        };
        assert!(text.contains(handover), "{text}");
        // It lints clean (and so does the rest of the book).
        let report = book.report();
        assert!(report.diagnostics.is_empty(), "{report:#?}");
        assert_eq!(report.summary.files, 2);
    }
}

#[test]
fn the_lang_flag_overrides_the_book_language_for_new() {
    let book = book("fr");
    let out = run(book
        .cmd()
        .args(["--lang", "en", "new", "Audit", "--client", "Y", "--start"])
        .arg("2025-05-05"));
    assert_eq!(out.code, 0, "{out:?}");
    let text = read(&book.path("content/missions/2025/audit.md"));
    assert_every_element_heading(&text, "en");
}

#[test]
fn new_without_start_uses_today_from_debrief_today() {
    let book = book("en");
    let out = run(book
        .cmd()
        .env("DEBRIEF_TODAY", "2024-02-29")
        .args(["new", "Leap day", "--client", "Z"]));
    assert_eq!(out.code, 0, "{out:?}");
    let text = read(&book.path("content/missions/2024/leap-day.md"));
    assert!(text.contains("\nstart: 2024-02-29\n"), "{text}");
    let bad = run(book
        .cmd()
        .env("DEBRIEF_TODAY", "2025-02-29")
        .args(["new", "Nope", "--client", "Z"]));
    assert_eq!(bad.code, 2, "{bad:?}");
    assert!(bad.stderr.contains("DEBRIEF_TODAY"), "{bad:?}");
    assert!(!book.path("content/missions/2025/nope.md").exists());
}

#[test]
fn new_rejects_an_invalid_start_date() {
    let book = book("en");
    for start in ["2025-02-30", "2025-3-1", "tomorrow"] {
        let out = new(&book, &["Bad", "--client", "Z", "--start", start]);
        assert_eq!(out.code, 2, "{start}: {out:?}");
        assert!(out.stderr.contains(start), "{start}: {out:?}");
    }
    assert_eq!(
        std::fs::read_dir(book.path("content/missions"))
            .unwrap()
            .count(),
        1
    );
}

#[test]
fn new_refuses_to_overwrite() {
    let book = book("en");
    let args = ["Refonte SEO", "--client", "X", "--start", "2025-03-01"];
    assert_eq!(new(&book, &args).code, 0);
    let rel = "content/missions/2025/refonte-seo.md";
    book.write(rel, "---\ntitle: mine\n---\nhand-written notes\n");
    let before = book.read(rel);
    let out = new(&book, &args);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("refonte-seo.md"), "{out:?}");
    assert!(out.stderr.contains("already exists"), "{out:?}");
    assert!(out.stdout.is_empty(), "{out:?}");
    assert_eq!(book.read(rel), before);
    // Another title with the same slug is refused too.
    let out = new(&book, &["Refonte — SEO !", "--start", "2025-12-31"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert_eq!(book.read(rel), before);
}

#[test]
fn new_without_client_writes_an_empty_client_which_is_field_invalid() {
    let book = book("en");
    let out = new(&book, &["No client yet", "--start", "2025-03-01"]);
    assert_eq!(out.code, 0, "{out:?}");
    let report = book.report();
    // It loads: no front-matter problem, only the empty client, at its key.
    let d: Vec<_> = report
        .diagnostics
        .iter()
        .map(|d| (d.path.as_str(), d.line, d.column, d.rule.as_str()))
        .collect();
    assert_eq!(
        d,
        vec![(
            "content/missions/2025/no-client-yet.md",
            3,
            1,
            "field-invalid"
        )],
        "{report:#?}"
    );
    assert!(report.diagnostics[0].message.contains("client"));
    assert_eq!(report.code, 1);
}

#[test]
fn what_new_writes_always_parses_whatever_the_title_and_client() {
    let book = book("en");
    let titles = [
        "A \"quoted\" \\back\\slash",
        "Colon: # not a comment",
        "it's l’été",
        "{braces} [brackets] &anchor *alias !tag %dir @at `tick` | pipe > gt",
        "emoji 🎉 ✍️ and ZWJ 👩‍💻",
        "line\nbreak and\ttab",
        "control \u{1} \u{7f} \u{85} chars",
        "separators \u{2028} \u{2029}",
        "bom \u{feff} inside",
        "lone \r CR",
        "trailing spaces   ",
        "true",
        "2025-01-01",
        "null",
        "~",
        "123",
    ];
    for (i, title) in titles.iter().enumerate() {
        let out = new(
            &book,
            &[
                &format!("{i} {title}"),
                "--client",
                title,
                "--start",
                "2025-03-01",
            ],
        );
        assert_eq!(out.code, 0, "{title:?}: {out:?}");
    }
    let report = book.report();
    assert_eq!(report.summary.files, titles.len() + 1);
    assert!(report.diagnostics.is_empty(), "{report:#?}");
}

#[test]
fn a_title_without_letters_or_digits_is_refused() {
    let book = book("en");
    let out = new(&book, &["!!! ???", "--client", "X"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("!!! ???"), "{out:?}");
    assert_eq!(
        std::fs::read_dir(book.path("content/missions"))
            .unwrap()
            .count(),
        1
    );
}

#[test]
fn new_finds_the_book_from_a_subdirectory_and_honours_content_dir() {
    let book =
        TempBook::with_config("[book]\nlanguage = \"fr\"\n\n[build]\ncontent-dir = \"journaux\"\n");
    std::fs::create_dir_all(book.path("journaux")).unwrap();
    std::fs::create_dir_all(book.path("notes/deep")).unwrap();
    let out = run(debrief().current_dir(book.path("notes/deep")).args([
        "new",
        "Étude de cas",
        "--client",
        "C",
        "--start",
        "2025-06-01",
    ]));
    assert_eq!(out.code, 0, "{out:?}");
    let path = book.path("journaux/missions/2025/etude-de-cas.md");
    assert!(path.is_file(), "{out:?}");
    assert_eq!(
        std::fs::canonicalize(out.stdout.trim_end()).unwrap(),
        std::fs::canonicalize(&path).unwrap()
    );
    assert_every_element_heading(&read(&path), "fr");
}

#[test]
fn new_outside_a_book_fails_with_a_hint() {
    let tmp = TempBook::bare();
    let out = run(debrief()
        .current_dir(tmp.root())
        .args(["--lang", "en", "new", "X", "--client", "C"]));
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("debrief init"), "{out:?}");
    assert_eq!(walk(tmp.root()).len(), 0);
}

#[cfg(unix)]
#[test]
fn new_counts_a_dangling_symlink_as_an_existing_file() {
    let book = book("en");
    std::fs::create_dir_all(book.path("content/missions/2025")).unwrap();
    std::os::unix::fs::symlink("nowhere", book.path("content/missions/2025/x.md")).unwrap();
    let out = new(&book, &["X", "--client", "C", "--start", "2025-01-01"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("already exists"), "{out:?}");
    assert!(!book.path("content/missions/2025/nowhere").exists());
}

#[test]
fn new_offers_the_optional_client_money_and_ending_keys_as_comments() {
    for lang in ["fr", "en"] {
        let book = book(lang);
        let out = new(&book, &["Keys", "--client", "X", "--start", "2025-03-01"]);
        assert_eq!(out.code, 0, "{out:?}");
        let rel = "content/missions/2025/keys.md";
        let text = read(&book.path(rel));
        let front: Vec<&str> = text.lines().skip(1).take_while(|l| *l != "---").collect();
        for key in [
            "# client_kind: consumer  # ",
            "# client_contact: { name: \"\", email: \"\", address: \"\" }  # ",
            "# contract: { signed: YYYY-MM-DD, notice_days: 30 }  # ",
            "notice_months: 1",
            "# deposit: { amount: 0, requested: YYYY-MM-DD, received: YYYY-MM-DD }  # ",
            "reminded: YYYY-MM-DD",
            "formal_notice: YYYY-MM-DD",
            "returned: YYYY-MM-DD",
            "hold: \"",
        ] {
            let line = front.iter().find(|l| l.contains(key));
            assert!(
                line.is_some_and(|l| l.starts_with('#')),
                "{lang}: no commented `{key}` in\n{text}"
            );
        }
        // The hints never invite pasting a password.
        let (asked, warned) = if lang == "fr" {
            (
                "mots de passe transmis",
                "Un mot de passe ne s’écrit pas ici",
            )
        } else {
            ("passwords transferred", "Never write a password here")
        };
        assert!(!text.contains(asked) && text.contains(warned), "{text}");
        // As written it lints clean; uncommented, it still parses (the placeholders are invalid
        // dates, and the keys this binary predates are unknown: no syntax error).
        assert!(book.report().diagnostics.is_empty());
        let uncommented: String = text
            .lines()
            .enumerate()
            .map(|(i, l)| {
                let l = if i <= front.len() {
                    l.strip_prefix("# ").unwrap_or(l)
                } else {
                    l
                };
                format!("{l}\n")
            })
            .collect();
        book.file(rel, &uncommented);
        let report = book.report();
        assert!(report.has("field-invalid"), "{report:#?}");
        for d in &report.diagnostics {
            assert!(
                d.rule == "field-invalid" || d.rule == "field-unknown",
                "{lang}: {d:?}\n{uncommented}"
            );
        }
    }
}
