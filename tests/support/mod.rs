//! What every integration test shares: the `debrief` binary with one clean environment
//! ([`debrief`], [`debrief_process`]), a book in a temporary directory ([`TempBook`]), what a run
//! printed ([`Run`]), the JSON lint report parsed back ([`report`]), journals easy to count lines
//! in ([`journal`]), the rules run in-process for snapshots ([`lint`]), and a built site read and
//! checked ([`site`], [`html`]).
//!
//! Each test file includes it with `mod support;` and uses only part of it.
#![allow(dead_code)]

pub mod html;
pub mod journal;
pub mod lint;
pub mod report;
pub mod site;

use report::{Report, Triple};
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::Output;
use tempfile::TempDir;

/// The day every lint run is pinned to, unless a test says otherwise.
pub const TODAY: &str = "2026-11-23";

/// The environment variables removed before every run of the binary, so that no test depends on
/// the machine it runs on: the date (`DEBRIEF_TODAY`), the locale that picks the language when
/// there is no book (`LANG`, `LC_ALL`, `LC_MESSAGES`), and what decides colours (`NO_COLOR`,
/// `CLICOLOR`, `CLICOLOR_FORCE`, `TERM`). A test that needs one sets it on the command.
pub const CLEARED_ENV: [&str; 8] = [
    "DEBRIEF_TODAY",
    "LANG",
    "LC_ALL",
    "LC_MESSAGES",
    "NO_COLOR",
    "CLICOLOR",
    "CLICOLOR_FORCE",
    "TERM",
];

/// The `debrief` binary as a process to spawn (a server, a build to time), with the
/// [`CLEARED_ENV`] variables removed.
pub fn debrief_process() -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_debrief"));
    for var in CLEARED_ENV {
        cmd.env_remove(var);
    }
    cmd
}

/// The `debrief` binary to run to completion, with the [`CLEARED_ENV`] variables removed.
pub fn debrief() -> assert_cmd::Command {
    assert_cmd::Command::from_std(debrief_process())
}

/// Runs `cmd` and collects its output.
pub fn run(cmd: &mut assert_cmd::Command) -> Run {
    Run::of(cmd.output().expect("debrief runs"))
}

/// What one run of the binary printed, and its exit code.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn of(output: Output) -> Run {
        Run {
            code: output
                .status
                .code()
                .expect("debrief was killed by a signal"),
            stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
        }
    }

    /// stdout parsed as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{self:?}"))
    }

    /// stdout parsed as a `--format json` lint report.
    pub fn report(&self) -> Report {
        let mut report: Report = serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not a lint report ({e}):\n{self:?}"));
        report.code = self.code;
        report
    }

    /// The diagnostics of a `--format json` report as (rule, line, severity).
    pub fn triples(&self) -> Vec<Triple> {
        self.report().triples()
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

/// A minimal `book.toml` titled "Carnet", in French (the default language) or English.
pub fn book_toml(lang: &str) -> String {
    format!("[book]\ntitle = \"Carnet\"\nlanguage = \"{lang}\"\n")
}

/// A book in a temporary directory, deleted when dropped.
pub struct TempBook {
    pub dir: TempDir,
}

impl TempBook {
    /// An empty temporary directory.
    pub fn bare() -> TempBook {
        TempBook {
            dir: tempfile::Builder::new()
                .prefix("debrief-test-")
                .tempdir()
                .expect("a temporary directory"),
        }
    }

    /// A book with this `book.toml` and nothing else.
    pub fn with_toml(book_toml: &str) -> TempBook {
        let book = TempBook::bare();
        book.write("book.toml", book_toml);
        book
    }

    /// A book with this `book.toml` and an empty `content/` directory.
    pub fn with_config(book_toml: &str) -> TempBook {
        let book = TempBook::with_toml(book_toml);
        std::fs::create_dir_all(book.path("content")).expect("create content/");
        book
    }

    /// A book titled "Test", in English, with an empty `content/` directory.
    pub fn new() -> TempBook {
        TempBook::with_config("[book]\ntitle = \"Test\"\nlanguage = \"en\"\n")
    }

    /// A French book titled "Carnet" with an empty `content/missions/`.
    pub fn fr() -> TempBook {
        TempBook::with_missions(&book_toml("fr"))
    }

    /// An English book titled "Carnet" with an empty `content/missions/`.
    pub fn en() -> TempBook {
        TempBook::with_missions(&book_toml("en"))
    }

    /// A book with this `book.toml` and an empty `content/missions/`.
    pub fn with_missions(book_toml: &str) -> TempBook {
        let book = TempBook::with_toml(book_toml);
        std::fs::create_dir_all(book.path("content/missions")).expect("create content/missions/");
        book
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    /// Writes `contents` at `rel` (a `/`-separated path inside the book), creating directories.
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("create a directory");
        std::fs::write(&path, contents).unwrap_or_else(|e| panic!("write {rel}: {e}"));
        path
    }

    /// [`TempBook::write`], for chaining.
    pub fn file(&self, rel: &str, contents: impl AsRef<[u8]>) -> &TempBook {
        self.write(rel, contents);
        self
    }

    /// Writes a journal at `content/<rel>`.
    pub fn journal(&self, rel: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        self.write(&format!("content/{rel}"), contents)
    }

    /// Writes a journal at `content/missions/<rel>`, for chaining.
    pub fn mission(&self, rel: &str, text: impl AsRef<[u8]>) -> &TempBook {
        self.file(&format!("content/missions/{rel}"), text)
    }

    pub fn read(&self, rel: &str) -> Vec<u8> {
        std::fs::read(self.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// `debrief --book ROOT`.
    pub fn cmd(&self) -> assert_cmd::Command {
        let mut cmd = debrief();
        cmd.arg("--book").arg(self.root());
        cmd
    }

    /// `debrief --book . ARGS`, run from the book root.
    pub fn command(&self, args: &[&str]) -> assert_cmd::Command {
        let mut cmd = debrief();
        cmd.current_dir(self.root())
            .arg("--book")
            .arg(".")
            .args(args);
        cmd
    }

    /// Runs `debrief --book . ARGS` from the book root.
    pub fn run(&self, args: &[&str]) -> Run {
        run(&mut self.command(args))
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

    /// `debrief lint --format json` on `TODAY`, parsed; the exit code must be 0 or 1.
    pub fn report(&self) -> Report {
        let out = run(self
            .cmd()
            .args(["lint", "--format", "json", "--today", TODAY]));
        assert!(out.code == 0 || out.code == 1, "{out:?}");
        out.report()
    }

    /// `debrief lint --format json` on `today`: the diagnostics as (rule, line, severity).
    pub fn triples_on(&self, today: &str) -> Vec<Triple> {
        self.lint_on(today, &["--format", "json"]).triples()
    }

    /// `debrief lint --format json` on `TODAY`: the diagnostics as (rule, line, severity).
    pub fn triples(&self) -> Vec<Triple> {
        self.triples_on(TODAY)
    }

    /// `debrief lint --format json ARGS` on `TODAY`: the whole diagnostics.
    pub fn diagnostics(&self, args: &[&str]) -> Vec<report::Diag> {
        let mut all = vec!["--format", "json"];
        all.extend_from_slice(args);
        self.lint(&all).report().diagnostics
    }
}
