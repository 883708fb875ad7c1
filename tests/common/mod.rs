//! Shared helpers for the integration tests: a `TempBook` built from inline files, a `Journal`
//! builder for missions whose lines are easy to count, and a `Run` holding what the `debrief`
//! binary printed, with the diagnostics parsed from `--format json`.
#![allow(dead_code)]

use assert_cmd::Command;
use serde::Deserialize;
use std::fmt;
use std::path::Path;

/// The day every test lives in, unless it says otherwise.
pub const TODAY: &str = "2026-11-23";

/// A minimal `book.toml` in French (the default language) or English.
pub fn book_toml(lang: &str) -> String {
    format!("[book]\ntitle = \"Carnet\"\nlanguage = \"{lang}\"\n")
}

/// A temporary book: `book.toml` plus `content/`, deleted when dropped.
pub struct TempBook {
    dir: tempfile::TempDir,
}

impl TempBook {
    /// A book whose `book.toml` is `toml`, with an empty `content/missions/`.
    pub fn with_config(toml: &str) -> TempBook {
        let dir = tempfile::Builder::new()
            .prefix("debrief-test-")
            .tempdir()
            .expect("create a temporary directory");
        let book = TempBook { dir };
        book.file("book.toml", toml);
        std::fs::create_dir_all(book.root().join("content/missions")).unwrap();
        book
    }

    /// A French book (`language = "fr"`).
    pub fn fr() -> TempBook {
        TempBook::with_config(&book_toml("fr"))
    }

    /// An English book (`language = "en"`).
    pub fn en() -> TempBook {
        TempBook::with_config(&book_toml("en"))
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Writes any file, `rel` relative to the book root (directories are created).
    pub fn file(&self, rel: &str, contents: impl AsRef<[u8]>) -> &TempBook {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, contents).unwrap();
        self
    }

    /// Writes a journal under `content/missions/`.
    pub fn mission(&self, rel: &str, text: impl AsRef<[u8]>) -> &TempBook {
        self.file(&format!("content/missions/{rel}"), text)
    }

    /// `debrief --book . ARGS` run from the book root, with a clean environment (no locale,
    /// no `DEBRIEF_TODAY`, no `NO_COLOR`).
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::cargo_bin("debrief").expect("the debrief binary");
        cmd.current_dir(self.root())
            .env_remove("DEBRIEF_TODAY")
            .env_remove("LANG")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE")
            .arg("--book")
            .arg(".")
            .args(args);
        cmd
    }

    /// Runs `debrief --book . ARGS` as it is.
    pub fn run(&self, args: &[&str]) -> Run {
        Run::from(self.command(args).output().expect("run debrief"))
    }

    /// `debrief lint --today TODAY --color never ARGS`.
    pub fn lint(&self, args: &[&str]) -> Run {
        self.lint_on(TODAY, args)
    }

    /// `debrief lint --today DAY --color never ARGS`.
    pub fn lint_on(&self, today: &str, args: &[&str]) -> Run {
        let mut all = vec!["lint", "--today", today, "--color", "never"];
        all.extend_from_slice(args);
        self.run(&all)
    }

    /// `debrief lint --format json` on `today`: the diagnostics as (rule, line, severity).
    pub fn triples_on(&self, today: &str) -> Vec<Triple> {
        self.lint_on(today, &["--format", "json"]).triples()
    }

    /// `debrief lint --format json` on `TODAY`: the diagnostics as (rule, line, severity).
    pub fn triples(&self) -> Vec<Triple> {
        self.triples_on(TODAY)
    }

    /// `debrief lint --format json` on `TODAY`: the whole diagnostics.
    pub fn diagnostics(&self, args: &[&str]) -> Vec<Diag> {
        let mut all = vec!["--format", "json"];
        all.extend_from_slice(args);
        self.lint(&all).report().diagnostics
    }
}

/// What one run of the binary printed, and its exit code.
pub struct Run {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

impl From<std::process::Output> for Run {
    fn from(out: std::process::Output) -> Run {
        Run {
            stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
            code: out.status.code().expect("debrief exited normally"),
        }
    }
}

impl fmt::Debug for Run {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "exit {}\n--- stdout\n{}\n--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

impl Run {
    /// stdout parsed as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{self:?}"))
    }

    /// stdout parsed as a `--format json` lint report.
    pub fn report(&self) -> Report {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not a lint report ({e}):\n{self:?}"))
    }

    /// The diagnostics of a `--format json` report as (rule, line, severity).
    pub fn triples(&self) -> Vec<Triple> {
        self.report()
            .diagnostics
            .into_iter()
            .map(|d| Triple(d.rule, d.line, d.severity))
            .collect()
    }
}

/// A `--format json` lint report.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Report {
    pub version: u32,
    pub today: String,
    pub diagnostics: Vec<Diag>,
    pub summary: Summary,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Diag {
    pub path: String,
    pub line: u32,
    pub column: u32,
    pub rule: String,
    pub severity: String,
    pub message: String,
    pub help: Option<String>,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

/// A diagnostic reduced to (rule, line, severity); compares with `("rule", 6, "error")`.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Triple(pub String, pub u32, pub String);

impl fmt::Debug for Triple {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "({:?}, {}, {:?})", self.0, self.1, self.2)
    }
}

impl PartialEq<(&str, u32, &str)> for Triple {
    fn eq(&self, other: &(&str, u32, &str)) -> bool {
        self.0 == other.0 && self.1 == other.1 && self.2 == other.2
    }
}

/// The 1-based line of the first line of `text` containing `needle`.
pub fn line_of(text: &str, needle: &str) -> u32 {
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("`{needle}` is not in:\n{text}")) as u32
        + 1
}

/// A journal built from front-matter lines and body sections, so that a test can say what it
/// changes in an otherwise complete mission. Every key is one line (tables in flow style), in
/// insertion order; `set` on an existing key keeps its line.
#[derive(Clone, Debug)]
pub struct Journal {
    front: Vec<(String, String)>,
    sections: Vec<(String, String)>,
    extra: String,
}

impl Journal {
    /// An empty journal: no keys, no sections.
    pub fn empty() -> Journal {
        Journal {
            front: Vec::new(),
            sections: Vec::new(),
            extra: String::new(),
        }
    }

    /// An active mission with its four required keys; nothing to report.
    ///
    /// ```text
    /// 1 ---
    /// 2 title: "Audit SEO"
    /// 3 client: "Boutique Lumière"
    /// 4 start: 2025-01-15
    /// 5 status: active
    /// ```
    pub fn active() -> Journal {
        Journal::empty()
            .set("title", "\"Audit SEO\"")
            .set("client", "\"Boutique Lumière\"")
            .set("start", "2025-01-15")
            .set("status", "active")
    }

    /// A closed mission (ended by the client on 2025-06-30) where every end-of-mission step is
    /// done; nothing to report. `status` is on line 6.
    ///
    /// ```text
    ///  1 ---
    ///  2 title: "Audit SEO"
    ///  3 client: "Boutique Lumière"
    ///  4 start: 2025-01-15
    ///  5 end: 2025-06-30
    ///  6 status: closed
    ///  7 ended_by: client
    ///  8 contract: { termination_checked: 2025-06-02 }
    ///  9 feedback: { requested: 2025-07-01, received: 2025-07-08 }
    /// 10 rgpd: { notified: 2025-06-30, deleted: 2025-07-15 }
    /// 11 invoices: [{ number: "2025-030", amount: 1800, issued: 2025-06-30, due: 2025-07-30, paid: 2025-07-20 }]
    /// 12 ---
    /// ```
    /// then the sections Passation, Accès, Retour client, Leçons, Livrables, all filled in.
    pub fn closed() -> Journal {
        Journal::empty()
            .set("title", "\"Audit SEO\"")
            .set("client", "\"Boutique Lumière\"")
            .set("start", "2025-01-15")
            .set("end", "2025-06-30")
            .set("status", "closed")
            .set("ended_by", "client")
            .set("contract", "{ termination_checked: 2025-06-02 }")
            .set(
                "feedback",
                "{ requested: 2025-07-01, received: 2025-07-08 }",
            )
            .set("rgpd", "{ notified: 2025-06-30, deleted: 2025-07-15 }")
            .set(
                "invoices",
                "[{ number: \"2025-030\", amount: 1800, issued: 2025-06-30, due: 2025-07-30, paid: 2025-07-20 }]",
            )
            .section(
                "Passation",
                "Chantiers remis à l'équipe interne le 2025-06-25.",
            )
            .section("Accès", "- [x] Google Search Console : client propriétaire")
            .section("Retour client", "Très satisfaits de l'audit.")
            .section("Leçons", "Poser le périmètre par écrit dès le devis.")
            .section("Livrables", "Rapport d'audit (PDF), plan de redirections.")
    }

    /// Sets a top-level key (its YAML value as written), in place if it exists, else last.
    pub fn set(mut self, key: &str, value: &str) -> Journal {
        match self.front.iter_mut().find(|(k, _)| k == key) {
            Some(entry) => entry.1 = value.to_string(),
            None => self.front.push((key.to_string(), value.to_string())),
        }
        self
    }

    /// Removes a top-level key (its line disappears).
    pub fn unset(mut self, key: &str) -> Journal {
        self.front.retain(|(k, _)| k != key);
        self
    }

    /// Sets a `## heading` section's content, in place if it exists, else last.
    pub fn section(mut self, heading: &str, content: &str) -> Journal {
        match self.sections.iter_mut().find(|(h, _)| h == heading) {
            Some(entry) => entry.1 = content.to_string(),
            None => self
                .sections
                .push((heading.to_string(), content.to_string())),
        }
        self
    }

    /// Removes a section.
    pub fn without(mut self, heading: &str) -> Journal {
        self.sections.retain(|(h, _)| h != heading);
        self
    }

    /// Appends raw Markdown after the sections.
    pub fn body(mut self, markdown: &str) -> Journal {
        self.extra.push_str(markdown);
        self
    }

    /// The file's text.
    pub fn text(&self) -> String {
        let mut s = String::from("---\n");
        for (k, v) in &self.front {
            s.push_str(&format!("{k}: {v}\n"));
        }
        s.push_str("---\n");
        for (h, c) in &self.sections {
            s.push_str(&format!("\n## {h}\n\n{c}\n"));
        }
        if !self.extra.is_empty() {
            s.push('\n');
            s.push_str(&self.extra);
        }
        s
    }
}
