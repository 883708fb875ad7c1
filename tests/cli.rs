//! The command line itself: help and version, completions, book discovery, `book.toml` errors,
//! `today`, and colour.

mod support;

use std::collections::BTreeSet;
use support::{TempBook, debrief, run};

const SUBCOMMANDS: [&str; 11] = [
    "init",
    "new",
    "lint",
    "rules",
    "explain",
    "todo",
    "build",
    "serve",
    "lsp",
    "draft",
    "completions",
];

/// The subcommand names of a clap help text (the `Commands:` or `Commandes :` section).
fn listed_subcommands(help: &str) -> BTreeSet<String> {
    help.lines()
        .skip_while(|l| !l.starts_with("Commands:") && !l.starts_with("Commandes\u{a0}:"))
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_string)
        .collect()
}

#[test]
fn help_lists_exactly_the_working_subcommands() {
    for args in [
        &["--help"][..],
        &["-h"],
        &["help"],
        &["--lang", "en", "--help"],
        &["--lang", "en", "help"],
    ] {
        let out = run(debrief().args(args));
        assert_eq!(out.code, 0, "{out:?}");
        let listed = listed_subcommands(&out.stdout);
        let mut expected: BTreeSet<String> = SUBCOMMANDS.iter().map(|s| s.to_string()).collect();
        // clap's own `help` subcommand works too.
        expected.insert("help".into());
        assert_eq!(listed, expected, "{args:?}: {out:?}");
    }
    // Each one works (its help at least), and the ones not built are unknown.
    for sub in SUBCOMMANDS {
        let out = run(debrief().args([sub, "--help", "--lang", "en"]));
        assert_eq!(out.code, 0, "{sub}: {out:?}");
        assert!(out.stdout.contains("Usage: debrief"), "{sub}: {out:?}");
        let out = run(debrief().args([sub, "--help", "--lang", "fr"]));
        assert_eq!(out.code, 0, "{sub}: {out:?}");
        assert!(
            out.stdout.contains("Utilisation\u{a0}: debrief"),
            "{sub}: {out:?}"
        );
    }
    for sub in ["publish", "check"] {
        let out = run(debrief().arg(sub));
        assert_eq!(out.code, 2, "{sub}: {out:?}");
        assert!(out.stderr.contains(sub), "{sub}: {out:?}");
    }
}

#[test]
fn no_subcommand_is_a_usage_error() {
    let out = run(debrief().args(["--lang", "en"]));
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("Usage: debrief"), "{out:?}");
    let out = run(debrief().args(["--lang", "fr"]));
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("Utilisation\u{a0}: debrief"), "{out:?}");
}

/// `debrief --help` and `debrief init --help` as a user reads them, in each language, the
/// language known before parsing: `--lang`, else the book's, else the locale.
#[test]
fn help_in_both_languages() {
    let tmp = TempBook::bare();
    let help = |args: &[&str], env: &[(&str, &str)]| {
        let mut cmd = debrief();
        // Without a terminal, clap wraps at COLUMNS, else 100 columns.
        cmd.env_remove("COLUMNS").current_dir(tmp.root()).args(args);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = run(&mut cmd);
        assert_eq!(out.code, 0, "{args:?} {env:?}: {out:?}");
        assert_eq!(out.stderr, "", "{args:?}");
        out.stdout
    };
    let fr = help(&["--help"], &[("LANG", "fr_FR.UTF-8")]);
    insta::assert_snapshot!("help_fr", fr);
    let en = help(&["--help"], &[("LANG", "en_US.UTF-8")]);
    insta::assert_snapshot!("help_en", en);
    insta::assert_snapshot!(
        "init_help_fr",
        help(&["init", "--help", "--lang", "fr"], &[])
    );
    insta::assert_snapshot!(
        "init_help_en",
        help(&["init", "--help", "--lang", "en"], &[])
    );
    // `--lang` wins over the locale, before or after the command; `-h` too.
    assert_eq!(
        help(&["--lang", "fr", "--help"], &[("LANG", "en_US.UTF-8")]),
        fr
    );
    assert_eq!(
        help(&["-h", "--lang=en"], &[("LANG", "fr_FR.UTF-8")]),
        help(&["-h"], &[("LANG", "en_US.UTF-8")])
    );
    // The book's language wins over the locale: `--book`, or the nearest book.toml.
    let en_book = TempBook::new();
    let book = en_book.root().to_str().unwrap();
    assert_eq!(
        help(&["--book", book, "--help"], &[("LANG", "fr_FR.UTF-8")]),
        en
    );
    let out = run(debrief()
        .env_remove("COLUMNS")
        .current_dir(en_book.root().join("content"))
        .env("LANG", "fr_FR.UTF-8")
        .arg("--help"));
    assert_eq!(out.stdout, en);
    // No English left in the French help: clap's section titles and notes are all replaced.
    for sub in SUBCOMMANDS {
        let text = help(&[sub, "--help", "--lang", "fr"], &[]);
        for english in [
            "Usage",
            "Options:",
            "Arguments:",
            "Commands:",
            "Print",
            "[default",
            "[possible",
            "[env",
            "Possible values",
        ] {
            assert!(!text.contains(english), "{sub}: {english} in {text}");
        }
        assert!(
            !text.contains(" :"),
            "{sub}: a plain space before a colon in {text}"
        );
    }
}

/// clap's own errors (a typo in a command, a bad value, a missing argument, an impossible
/// date) in French, with a hint and the usage line; exit code 2.
#[test]
fn usage_errors_in_french() {
    let err = |args: &[&str]| {
        let out = run(debrief().args(["--lang", "fr"]).args(args));
        assert_eq!(out.code, 2, "{args:?}: {out:?}");
        assert_eq!(out.stdout, "");
        out.stderr
    };
    assert_eq!(
        err(&["buidl"]),
        "erreur\u{a0}: commande inconnue\u{a0}: `buidl`\n\n  astuce\u{a0}: une commande proche existe\u{a0}: `build`\n\nUtilisation\u{a0}: debrief [OPTIONS] <COMMANDE>\n\nPour en savoir plus, essayez `--help`.\n"
    );
    assert_eq!(
        err(&["lint", "--format", "xml"]),
        "erreur\u{a0}: `xml` n’est pas une valeur possible pour `--format <FORMAT>`\n\n  astuce\u{a0}: valeurs possibles\u{a0}: human, json, sarif, github\n\nPour en savoir plus, essayez `--help`.\n"
    );
    assert_eq!(
        err(&["new"]),
        "erreur\u{a0}: argument obligatoire manquant\u{a0}: <TITRE>\n\nUtilisation\u{a0}: debrief new <TITRE>\n\nPour en savoir plus, essayez `--help`.\n"
    );
    assert!(
        err(&["lint", "--today", "2025-02-30"]).starts_with(
            "erreur\u{a0}: valeur invalide pour `--today <AAAA-MM-JJ>`\u{a0}: `2025-02-30` n’est pas une date qui existe\u{a0}; vouliez-vous dire `2025-02-28`\u{a0}?\n"
        )
    );
    assert!(
        err(&["lint", "--lnag", "en"])
            .contains("astuce\u{a0}: une option proche existe\u{a0}: `--lang`")
    );
    assert!(
        err(&["build", "--audience", "tous"])
            .contains("`tous` n’est pas un public\u{a0}; utilisez `public` ou `private`")
    );
    // English keeps clap's wording.
    let out = run(debrief().args(["--lang", "en", "buidl"]));
    assert!(
        out.stderr
            .starts_with("error: unrecognized subcommand 'buidl'"),
        "{out:?}"
    );
}

#[test]
fn version() {
    for flag in ["--version", "-V"] {
        let out = run(debrief().arg(flag));
        assert_eq!(out.code, 0, "{out:?}");
        assert_eq!(
            out.stdout.trim_end(),
            format!("debrief {}", env!("CARGO_PKG_VERSION"))
        );
    }
}

#[test]
fn completions_print_a_script_for_each_shell() {
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef debrief"),
        ("fish", "complete -c debrief"),
        ("elvish", "debrief"),
        ("powershell", "debrief"),
    ] {
        let out = run(debrief().args(["completions", shell, "--lang", "fr"]));
        assert_eq!(out.code, 0, "{shell}: {out:?}");
        assert!(out.stdout.contains(marker), "{shell}: {}", out.stdout);
        for sub in SUBCOMMANDS {
            assert!(out.stdout.contains(sub), "{shell} lacks {sub}");
        }
        assert!(out.stderr.is_empty(), "{shell}: {out:?}");
    }
    // Completions need no book.
    let tmp = TempBook::bare();
    let out = run(debrief()
        .current_dir(tmp.root())
        .args(["completions", "bash"]));
    assert_eq!(out.code, 0, "{out:?}");
    let out = run(debrief().args(["completions", "nushell"]));
    assert_eq!(out.code, 2, "{out:?}");
}

/// A book with one journal whose only problem is an unknown key, so the report names the file.
fn book_with_one_problem(key: &str) -> TempBook {
    let book = TempBook::new();
    book.journal(
        "m.md",
        format!("---\ntitle: T\nclient: C\nstart: 2025-01-01\nstatus: active\n{key}: 1\n---\n"),
    );
    book
}

fn lint_json_in(dir: &std::path::Path, extra: &[&str]) -> support::Run {
    run(debrief().current_dir(dir).args(extra).args([
        "lint",
        "--format",
        "json",
        "--today",
        support::TODAY,
    ]))
}

#[test]
fn the_book_is_found_in_a_parent_directory() {
    let book = book_with_one_problem("from_the_parent");
    std::fs::create_dir_all(book.path("content/missions/2025/deep")).unwrap();
    std::fs::create_dir_all(book.path("elsewhere/a/b")).unwrap();
    for dir in ["", "content", "content/missions/2025/deep", "elsewhere/a/b"] {
        let out = lint_json_in(&book.path(dir), &[]);
        assert_eq!(out.code, 0, "{dir}: {out:?}");
        let report: support::report::Report = serde_json::from_str(&out.stdout).unwrap();
        let d = report.one("field-unknown");
        // Paths stay relative to the book root, wherever the command runs.
        assert_eq!(d.path, "content/m.md", "{dir}");
        assert!(d.message.contains("from_the_parent"), "{dir}");
    }
}

#[test]
fn the_nearest_book_wins_and_book_overrides_discovery() {
    let outer = book_with_one_problem("outer_key");
    let inner_root = outer.path("nested");
    std::fs::create_dir_all(inner_root.join("content")).unwrap();
    std::fs::write(inner_root.join("book.toml"), "[book]\nlanguage = \"en\"\n").unwrap();
    std::fs::write(
        inner_root.join("content/i.md"),
        "---\ntitle: T\nclient: C\nstart: 2025-01-01\nstatus: active\ninner_key: 1\n---\n",
    )
    .unwrap();
    let messages = |out: &support::Run| -> String {
        let report: support::report::Report = serde_json::from_str(&out.stdout).unwrap();
        report
            .diagnostics
            .iter()
            .map(|d| d.message.clone())
            .collect()
    };
    let out = lint_json_in(&inner_root, &[]);
    assert!(messages(&out).contains("inner_key"), "{out:?}");
    assert!(!messages(&out).contains("outer_key"), "{out:?}");
    // `--book` wins over the directory the command runs in.
    let out = lint_json_in(&inner_root, &["--book", outer.root().to_str().unwrap()]);
    assert!(messages(&out).contains("outer_key"), "{out:?}");
    assert!(!messages(&out).contains("inner_key"), "{out:?}");
    // A relative `--book` is relative to the current directory.
    let out = lint_json_in(outer.root(), &["--book", "nested"]);
    assert!(messages(&out).contains("inner_key"), "{out:?}");
    // `--book` is global: after the subcommand too.
    let out = run(debrief()
        .current_dir(&inner_root)
        .args(["lint", "--format", "json", "--book"])
        .arg(outer.root()));
    assert!(messages(&out).contains("outer_key"), "{out:?}");
}

#[test]
fn book_must_name_a_directory_holding_book_toml() {
    let book = TempBook::new();
    std::fs::create_dir_all(book.path("content/sub")).unwrap();
    // `--book` does not search upwards.
    let out = run(debrief()
        .arg("--book")
        .arg(book.path("content/sub"))
        .args(["--lang", "en", "lint"]));
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("no book.toml"), "{out:?}");
    assert!(out.stderr.contains("sub"), "{out:?}");
    assert!(out.stderr.contains("debrief init"), "{out:?}");
    assert!(out.stdout.is_empty(), "{out:?}");
}

#[test]
fn without_any_book_toml_the_error_says_to_run_init() {
    let tmp = TempBook::bare();
    assert!(
        tmp.root()
            .ancestors()
            .all(|d| !d.join("book.toml").exists()),
        "a book.toml above the temporary directory would be found"
    );
    for (lang, words) in [
        ("en", "no book.toml in this directory or any parent"),
        ("fr", "aucun book.toml"),
    ] {
        for sub in [&["lint"][..], &["new", "X", "--client", "C"]] {
            let out = run(debrief()
                .current_dir(tmp.root())
                .args(["--lang", lang])
                .args(sub));
            assert_eq!(out.code, 2, "{out:?}");
            assert!(out.stderr.contains(words), "{lang}: {out:?}");
            assert!(out.stderr.contains("debrief init"), "{out:?}");
            assert!(out.stdout.is_empty(), "{out:?}");
        }
    }
}

/// Lints a book with this `book.toml` (messages in English) and returns the run.
fn with_book_toml(toml: &str) -> support::Run {
    let book = TempBook::with_config(toml);
    let out = run(book
        .cmd()
        .args(["--lang", "en", "lint", "--today", "2026-11-23"]));
    drop(book);
    out
}

#[test]
fn book_toml_errors_are_positioned_and_stop_with_exit_2() {
    let cases: &[(&str, &str, &[&str])] = &[
        // Unknown keys, with "did you mean".
        (
            "[book]\ntitle = \"T\"\nlanguge = \"fr\"\n",
            "book.toml:3:1:",
            &[
                "unknown key `book.languge`",
                "did you mean `book.language`?",
            ],
        ),
        (
            "[build]\ncontent_dir = \"content\"\n",
            "book.toml:2:1:",
            &["did you mean `build.content-dir`?"],
        ),
        (
            "[lint.policy]\naccess-grace-day = 10\n",
            "book.toml:2:1:",
            &["did you mean `lint.policy.access-grace-days`?"],
        ),
        (
            "bok = 1\n",
            "book.toml:1:1:",
            &["unknown key `bok`", "did you mean `book`?"],
        ),
        (
            "[site]\nwhatever = 1\n",
            "book.toml:2:1:",
            &["unknown key `site.whatever`", "`site.base-url`"],
        ),
        // Wrong types.
        (
            "[book]\ntitle = 3\n",
            "book.toml:2:9:",
            &["`book.title` must be a string"],
        ),
        (
            "[book]\nauthors = \"me\"\n",
            "book.toml:2:11:",
            &["`book.authors` must be a list of strings"],
        ),
        (
            "[lint.policy]\naccess-grace-days = \"90\"\n",
            "book.toml:2:21:",
            &["`lint.policy.access-grace-days`", "whole number"],
        ),
        (
            "[lint.policy]\nrgpd-retention-days = -1\n",
            "book.toml:2:23:",
            &["`lint.policy.rgpd-retention-days`"],
        ),
        ("book = 1\n", "book.toml:1:8:", &["`book` must be a table"]),
        // Invalid values.
        (
            "[book]\nlanguage = \"de\"\n",
            "book.toml:2:12:",
            &["`book.language`", "`de`", "`fr`", "`en`"],
        ),
        (
            "[book]\nlanguage = \"EN\"\n",
            "book.toml:2:12:",
            &["`EN`", "did you mean `en`?"],
        ),
        (
            "[lint.rules]\naccess-open = \"loud\"\n",
            "book.toml:2:15:",
            &[
                "`lint.rules.access-open`",
                "`loud`",
                "`off`, `info`, `warning`, `error`",
            ],
        ),
        (
            "[lint.rules]\naccess-open = \"warn\"\n",
            "book.toml:2:15:",
            &["did you mean `warning`?"],
        ),
        (
            "[lint.rules]\naccess-open = false\n",
            "book.toml:2:15:",
            &["must be a string"],
        ),
        (
            "[[lint.require]]\nid = \"access-open\"\nheadings = [\"X\"]\n",
            "book.toml:2:6:",
            &["built-in"],
        ),
        // Not TOML at all.
        ("[book\n", "book.toml:1:6:", &["invalid TOML"]),
    ];
    for (toml, at, words) in cases {
        let out = with_book_toml(toml);
        assert_eq!(out.code, 2, "{toml:?}: {out:?}");
        let first = out.stderr.lines().next().unwrap_or("");
        assert!(first.starts_with("error: "), "{toml:?}: {out:?}");
        assert!(first.contains(at), "{toml:?}: expected {at}: {out:?}");
        for w in *words {
            assert!(out.stderr.contains(w), "{toml:?}: expected {w:?}: {out:?}");
        }
        assert!(out.stdout.is_empty(), "{toml:?}: {out:?}");
    }
}

#[test]
fn book_toml_errors_are_in_the_locale_language() {
    // The book's own `language` cannot be trusted before book.toml is read.
    let book = TempBook::with_config("[book]\nlanguge = \"en\"\n");
    let out = run(book.cmd().arg("lint").env("LANG", "fr_FR.UTF-8"));
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.starts_with("erreur\u{a0}: "), "{out:?}");
    assert!(out.stderr.contains("\n  = aide\u{a0}: "), "{out:?}");
    assert!(out.stderr.contains("clé inconnue"), "{out:?}");
    assert!(out.stderr.contains("vouliez-vous dire"), "{out:?}");
    let out = run(book.cmd().arg("lint").env("LANG", "en_US.UTF-8"));
    assert!(out.stderr.starts_with("error: "), "{out:?}");
    assert!(out.stderr.contains("unknown key"), "{out:?}");
}

#[test]
fn a_book_toml_that_is_not_utf8_is_an_error() {
    let book = TempBook::with_config("");
    book.write("book.toml", b"[book]\ntitle = \"caf\xe9\"\n");
    let out = run(book.cmd().args(["--lang", "en", "lint"]));
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("book.toml"), "{out:?}");
}

#[test]
fn an_unknown_lint_rules_key_is_a_warning_not_an_error() {
    let out = with_book_toml("[book]\nlanguage = \"en\"\n\n[lint.rules]\nacess-open = \"off\"\n");
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.contains("allow-unknown-rule"), "{out:?}");
    assert!(out.stdout.contains("book.toml:5:1"), "{out:?}");
    assert!(out.stdout.contains("access-open"), "{out:?}");
}

#[test]
fn a_missing_content_directory_is_named() {
    let book = TempBook::bare();
    book.write("book.toml", "[book]\nlanguage = \"en\"\n");
    let out = run(book.cmd().arg("lint"));
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("content"), "{out:?}");
    assert!(
        out.stderr.contains("content directory does not exist"),
        "{out:?}"
    );
    let book = TempBook::bare();
    book.write("book.toml", "[build]\ncontent-dir = \"journaux\"\n");
    std::fs::create_dir_all(book.path("content")).unwrap();
    let out = run(book.cmd().args(["--lang", "en", "lint"]));
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("journaux"), "{out:?}");
    assert!(out.stderr.contains("content-dir"), "{out:?}");
    // A file where the directory should be.
    let book = TempBook::bare();
    book.write("book.toml", "[book]\nlanguage = \"en\"\n");
    book.write("content", "not a directory");
    let out = run(book.cmd().arg("lint"));
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("content"), "{out:?}");
}

#[test]
fn today_comes_from_the_flag_then_debrief_today_then_the_clock() {
    let book = TempBook::new();
    let today = |env: Option<&str>, flag: Option<&str>| -> support::Run {
        let mut cmd = book.cmd();
        cmd.args(["lint", "--format", "json"]);
        if let Some(f) = flag {
            cmd.args(["--today", f]);
        }
        if let Some(e) = env {
            cmd.env("DEBRIEF_TODAY", e);
        }
        run(&mut cmd)
    };
    let json = |out: &support::Run| -> String {
        let report: support::report::Report = serde_json::from_str(&out.stdout).unwrap();
        report.today
    };
    assert_eq!(json(&today(Some("2024-02-29"), None)), "2024-02-29");
    assert_eq!(
        json(&today(Some("2024-02-29"), Some("2025-01-01"))),
        "2025-01-01"
    );
    // Empty means unset, as for `new` and `init`: the clock.
    let clock = json(&today(Some(""), None));
    assert_eq!(clock.len(), 10, "{clock}");
    assert_eq!(json(&today(None, None)), clock);
    // Bad values stop with exit 2, naming what is wrong.
    let out = today(Some("2025-02-29"), None);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("DEBRIEF_TODAY"), "{out:?}");
    for bad in ["2025-02-29", "31/12/2025", "today"] {
        let out = today(None, Some(bad));
        assert_eq!(out.code, 2, "{out:?}");
        assert!(out.stderr.contains(bad), "{out:?}");
    }
}

const ESC: &str = "\u{1b}[";

/// A book whose lint has an error to show, and the command that lints it (human format).
fn coloured_book() -> TempBook {
    let book = TempBook::new();
    book.journal("m.md", "no front matter\n");
    book
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let book = coloured_book();
    let lint = |args: &[&str], env: &[(&str, &str)]| -> support::Run {
        let mut cmd = book.cmd();
        cmd.args(args).args(["lint", "--today", support::TODAY]);
        for (k, v) in env {
            cmd.env(k, v);
        }
        run(&mut cmd)
    };
    // `always` colours even into a pipe.
    let out = lint(&["--color", "always"], &[]);
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stdout.contains(ESC), "{out:?}");
    assert!(out.stdout.contains("front-matter-missing"), "{out:?}");
    // `never`, and `auto` into a pipe, do not.
    for (args, env) in [
        (&["--color", "never"][..], &[][..]),
        (&[], &[]),
        (&["--color", "auto"], &[]),
        (&["--color", "never"], &[("CLICOLOR_FORCE", "1")]),
    ] {
        let out = lint(args, env);
        assert_eq!(out.code, 1, "{out:?}");
        assert!(!out.stdout.contains(ESC), "{args:?} {env:?}: {out:?}");
        assert!(!out.stdout.contains('\u{1b}'), "{args:?} {env:?}: {out:?}");
        assert!(
            out.stdout.contains("error[front-matter-missing]"),
            "{out:?}"
        );
    }
    // NO_COLOR wins over a forced colour in `auto` mode (CLICOLOR_FORCE alone does colour,
    // so this is not vacuous).
    let forced = lint(&[], &[("CLICOLOR_FORCE", "1")]);
    assert!(forced.stdout.contains(ESC), "{forced:?}");
    let out = lint(&[], &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]);
    assert!(!out.stdout.contains('\u{1b}'), "{out:?}");
    let out = lint(&[], &[("NO_COLOR", "1")]);
    assert!(!out.stdout.contains('\u{1b}'), "{out:?}");
}

#[test]
fn colour_applies_to_errors_and_never_to_machine_formats() {
    let book = coloured_book();
    // A fatal error on stderr.
    let missing = TempBook::bare();
    let out = run(debrief()
        .arg("--book")
        .arg(missing.root())
        .args(["--color", "always", "lint"]));
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains(ESC), "{out:?}");
    for env in [&[("NO_COLOR", "1")][..], &[]] {
        let mut cmd = debrief();
        cmd.arg("--book").arg(missing.root()).arg("lint");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = run(&mut cmd);
        assert!(!out.stderr.contains('\u{1b}'), "{out:?}");
    }
    let out = run(book
        .cmd()
        .args(["--color", "never", "lint"])
        .arg("--today")
        .arg(support::TODAY));
    assert!(!out.stderr.contains('\u{1b}') && !out.stdout.contains('\u{1b}'));
    // JSON, SARIF and GitHub output stay plain even with `--color always`.
    for format in ["json", "sarif", "github"] {
        let out = run(book.cmd().args([
            "--color",
            "always",
            "lint",
            "--format",
            format,
            "--today",
            support::TODAY,
        ]));
        assert_eq!(out.code, 1, "{format}: {out:?}");
        assert!(!out.stdout.contains('\u{1b}'), "{format}: {out:?}");
        if format != "github" {
            serde_json::from_str::<serde_json::Value>(&out.stdout)
                .unwrap_or_else(|e| panic!("{format}: {e}\n{out:?}"));
        }
    }
}

#[test]
fn bad_arguments_exit_2() {
    let book = TempBook::new();
    for args in [
        &["lint", "--format", "xml"][..],
        &["lint", "--deny", "infos"],
        &["--color", "sometimes", "lint"],
        &["lint", "--no-such-flag"],
        &["explain"],
        &["new"],
    ] {
        let out = run(book.cmd().args(args));
        assert_eq!(out.code, 2, "{args:?}: {out:?}");
        assert!(!out.stderr.is_empty(), "{args:?}");
    }
}

/// A task item that would retitle the terminal (OSC 0, ended by BEL), an unknown key made of
/// control characters (YAML `\e` and `\a` escapes), a link to a file whose name has them, and a
/// journal whose own file name would turn the terminal red.
fn book_with_control_characters() -> TempBook {
    let book = TempBook::new();
    book.journal(
        "a.md",
        "---\ntitle: T\nclient: C\nstart: 2025-01-01\nstatus: active\n\"\\e]0;KEY\\a\": 1\n---\n\n\
         ## Handover\n\n- [ ] \u{1b}]0;PWNED\u{7} call back\n\n\
         See [the brief](<brief\u{1b}]0;PWNED\u{7}.md>).\n",
    );
    book.journal("b\u{1b}[31mred.md", "no front matter\n");
    book
}

/// The control sequences the book above plants, raw: none may be printed.
fn assert_no_planted_controls(what: &str, text: &str) {
    for raw in ["\u{7}", "\u{1b}]", "b\u{1b}[31mred"] {
        assert!(!text.contains(raw), "{what}: {raw:?} printed raw:\n{text}");
    }
}

#[test]
fn control_characters_from_journals_are_escaped_in_lint_output() {
    let book = book_with_control_characters();
    let lint = |args: &[&str]| {
        run(book
            .cmd()
            .args(["lint", "--today", support::TODAY])
            .args(args))
    };
    let plain = lint(&["--color", "never"]);
    assert_eq!(plain.code, 1, "{plain:?}");
    assert!(!plain.stdout.contains('\u{1b}'), "{plain:?}");
    assert_no_planted_controls("human", &plain.stdout);
    for expected in [
        "warning[field-unknown]: unknown key `\\u{1b}]0;KEY\\u{7}`: it is ignored\n --> content/a.md:6:1\n",
        "error[front-matter-missing]: no front matter: the file must start with a `---` (YAML) or `+++` (TOML) line\n \
         --> content/b\\u{1b}[31mred.md:1:1\n",
    ] {
        assert!(
            plain.stdout.contains(expected),
            "{expected:?} in:\n{plain:?}"
        );
    }
    let coloured = lint(&["--color", "always"]);
    assert!(coloured.stdout.contains(ESC), "{coloured:?}");
    assert_no_planted_controls("human, coloured", &coloured.stdout);
    assert!(
        coloured.stdout.contains("content/b\\u{1b}[31mred.md"),
        "{coloured:?}"
    );
    let github = lint(&["--format", "github"]);
    assert_no_planted_controls("github", &github.stdout);
    assert!(
        github.stdout.contains(
            "::warning file=content/a.md,line=6,col=1,title=field-unknown::unknown key `\\u{1b}]0;KEY\\u{7}`: it is ignored\n"
        ),
        "{github:?}"
    );
    // Machine formats escape them their own way.
    let json = lint(&["--format", "json"]);
    assert!(!json.stdout.contains(['\u{1b}', '\u{7}']), "{json:?}");
}

#[test]
fn a_task_item_that_would_retitle_the_terminal_is_shown_escaped() {
    let book = TempBook::new();
    book.journal(
        "m.md",
        "---\ntitle: T\nclient: C\nstart: 2025-01-01\nend: 2025-06-30\nstatus: closed\n\
         ended_by: term\nlint:\n  allow:\n    - { rule: access-missing, reason: none }\n    \
         - { rule: deliverables-missing, reason: x }\n    - { rule: feedback-missing, reason: x }\n    \
         - { rule: lessons-missing, reason: x }\n    - { rule: recommendation-not-requested, reason: x }\n    \
         - { rule: rgpd-not-deleted, reason: x }\n    - { rule: rgpd-not-notified, reason: x }\n    \
         - { rule: handover-missing, reason: x }\n    - { rule: final-invoice-missing, reason: x }\n\
         ---\n\n- [ ] \u{1b}]0;PWNED\u{7} call back\n",
    );
    let out = run(book
        .cmd()
        .args(["lint", "--today", support::TODAY, "--color", "never"]));
    assert_eq!(
        out.stdout,
        "warning[unfinished-work]: unchecked task in a closed mission: \"\\u{1b}]0;PWNED\\u{7} call back\"\n  \
         --> content/m.md:21:3\n   |\n21 | - [ ] \\u{1b}]0;PWNED\\u{7} call back\n   |   ^\n   \
         = help: check it if it is done; otherwise write down why it will not be\n\n\
         0 errors, 1 warning, 0 infos in 1 file\n",
        "{out:?}"
    );
}

#[test]
fn control_characters_are_escaped_in_build_warnings_and_errors() {
    let book = book_with_control_characters();
    let out = run(book.cmd().args([
        "--color",
        "always",
        "build",
        "--keep-going",
        "--audience",
        "private",
        "--dest",
        "site",
    ]));
    assert_eq!(out.code, 0, "{out:?}");
    assert_no_planted_controls("build", &out.stderr);
    let warning = "\u{1b}[1m\u{1b}[33mwarning\u{1b}[0m";
    assert_eq!(
        out.stderr,
        format!(
            "{warning}: content/a.md:13:5: broken internal link: brief\\u{{1b}}]0;PWNED\\u{{7}}.md\n\
             {warning}: content/b\\u{{1b}}[31mred.md:1:1: journal left out: no front matter: the file must start with a `---` (YAML) or `+++` (TOML) line\n"
        ),
        "{out:?}"
    );
    // Fatal errors quote paths and arguments.
    let dir = TempBook::bare();
    let odd = dir.root().join("x\u{1b}]0;PWNED\u{7}");
    std::fs::create_dir_all(&odd).unwrap();
    let errors = [
        run(debrief().arg("--book").arg(&odd).arg("lint")),
        run(book.cmd().args(["explain", "\u{1b}]0;PWNED\u{7}"])),
        run(book.cmd().args(["new", "\u{1b}]\u{7}"])),
        run(book.cmd().args([
            "lint",
            "content/b\u{1b}[31mred.md",
            "nope\u{1b}]0;PWNED\u{7}.md",
        ])),
    ];
    for out in errors {
        assert_eq!(out.code, 2, "{out:?}");
        assert_no_planted_controls("error", &out.stderr);
        assert!(out.stderr.contains("\\u{1b}"), "{out:?}");
    }
}

/// A destination inside a regular file cannot be created: the error names the file and says why,
/// in French (no-break space before the colon) and in English, and the exit code is 2.
#[test]
fn build_into_a_path_inside_a_file_is_an_io_error_in_both_languages() {
    let book = TempBook::new();
    book.write("file.txt", "not a directory");
    let parent = book.path("file.txt");
    for (lang, expected) in [
        (
            "fr",
            format!(
                "erreur\u{a0}: {}: impossible de créer le dossier\u{a0}: File exists (os error 17)\n",
                parent.display()
            ),
        ),
        (
            "en",
            format!(
                "error: {}: cannot create the directory: File exists (os error 17)\n",
                parent.display()
            ),
        ),
    ] {
        let out = run(book
            .cmd()
            .args(["--lang", lang, "build", "--dest"])
            .arg(parent.join("site")));
        assert_eq!(out.code, 2, "{out:?}");
        assert_eq!(out.stderr, expected, "{lang}: {out:?}");
        assert_eq!(out.stdout, "", "{lang}: {out:?}");
    }
}

/// Errors of the disk and of the environment speak the language of the book or of `--lang`, as
/// every other message does.
#[test]
fn io_and_environment_errors_speak_french_too() {
    let book = TempBook::new();
    // `new` cannot create the year's directory: `missions` is a file.
    book.write("content/missions", "not a directory");
    for (lang, expected) in [
        ("fr", "impossible de créer le dossier"),
        ("en", "cannot create the directory"),
    ] {
        let out = run(book
            .cmd()
            .args(["--lang", lang, "new", "Refonte", "--start", "2026-01-05"]));
        assert_eq!(out.code, 2, "{out:?}");
        assert!(out.stderr.contains(expected), "{lang}: {out:?}");
        assert!(out.stderr.contains("content/missions"), "{lang}: {out:?}");
    }
    // A bad DEBRIEF_TODAY, named.
    let out = run(book
        .cmd()
        .env("DEBRIEF_TODAY", "2025-02-29")
        .args(["--lang", "fr", "lint"]));
    assert_eq!(out.code, 2, "{out:?}");
    assert!(
        out.stderr
            .contains("DEBRIEF_TODAY\u{a0}: `2025-02-29` n’est pas une date qui existe\u{a0}; vouliez-vous dire `2025-02-28`\u{a0}?"),
        "{out:?}"
    );
}

/// A report that cannot be written (a full disk) is an error in the book's language.
#[cfg(target_os = "linux")]
#[test]
fn a_report_that_cannot_be_written_is_an_error_in_the_books_language() {
    let book = TempBook::with_config("[book]\ntitle = \"Test\"\nlanguage = \"fr\"\n");
    for (args, expected) in [
        (
            &["lint"][..],
            "erreur\u{a0}: impossible d’écrire le rapport\u{a0}: ",
        ),
        (&["rules"], "erreur\u{a0}: impossible d’écrire\u{a0}: "),
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let output = support::debrief_process()
            .env("DEBRIEF_TODAY", support::TODAY)
            .arg("--book")
            .arg(book.root())
            .args(args)
            .stdout(full)
            .output()
            .unwrap();
        let out = support::Run::of(output);
        assert_eq!(out.code, 2, "{args:?}: {out:?}");
        assert!(out.stderr.contains(expected), "{args:?}: {out:?}");
    }
}
