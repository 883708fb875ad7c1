//! Helpers shared by the end-to-end tests of the format, `init`/`new` and the CLI: a temporary
//! book, the `debrief` binary with a clean environment, and the JSON report parsed back.
//!
//! Named `support` (not `common`) so it does not clash with the lint tests' helpers.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Output;
use tempfile::TempDir;

/// The date every lint run is pinned to.
pub const TODAY: &str = "2026-11-23";

/// The `debrief` binary, with none of the variables that change its behaviour inherited from
/// the environment the tests run in.
pub fn debrief() -> assert_cmd::Command {
    let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("debrief");
    for var in [
        "LANG",
        "LC_ALL",
        "LC_MESSAGES",
        "DEBRIEF_TODAY",
        "NO_COLOR",
        "CLICOLOR",
        "CLICOLOR_FORCE",
        "TERM",
    ] {
        cmd.env_remove(var);
    }
    cmd
}

/// The exit code, stdout and stderr of a finished command.
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
}

impl std::fmt::Debug for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit {}\n--- stdout\n{}\n--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

/// Runs `cmd` and collects its output.
pub fn run(cmd: &mut assert_cmd::Command) -> Run {
    Run::of(cmd.output().expect("debrief runs"))
}

/// One diagnostic of the JSON report.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
pub struct Diag {
    pub path: String,
    pub line: u32,
    pub column: u32,
    pub rule: String,
    pub severity: String,
    pub message: String,
    pub help: Option<String>,
}

#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

/// `debrief lint --format json`, parsed.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
pub struct Report {
    pub version: u32,
    pub today: String,
    pub diagnostics: Vec<Diag>,
    pub summary: Summary,
    #[serde(skip)]
    pub code: i32,
}

impl Report {
    /// The rule ids, in report order.
    pub fn rules(&self) -> Vec<&str> {
        self.diagnostics.iter().map(|d| d.rule.as_str()).collect()
    }

    /// The rule ids of one file.
    pub fn rules_of(&self, path: &str) -> Vec<&str> {
        self.diagnostics
            .iter()
            .filter(|d| d.path == path)
            .map(|d| d.rule.as_str())
            .collect()
    }

    /// `(line, column, rule)` of every diagnostic.
    pub fn positions(&self) -> Vec<(u32, u32, &str)> {
        self.diagnostics
            .iter()
            .map(|d| (d.line, d.column, d.rule.as_str()))
            .collect()
    }

    pub fn has(&self, rule: &str) -> bool {
        self.diagnostics.iter().any(|d| d.rule == rule)
    }

    /// The only diagnostic with this rule id.
    pub fn one(&self, rule: &str) -> &Diag {
        let found: Vec<_> = self.diagnostics.iter().filter(|d| d.rule == rule).collect();
        assert_eq!(found.len(), 1, "expected one `{rule}`: {self:#?}");
        found[0]
    }
}

/// A book in a temporary directory.
pub struct TempBook {
    pub dir: TempDir,
}

impl TempBook {
    /// A book in English with an empty `content/` directory.
    pub fn new() -> TempBook {
        TempBook::with_config("[book]\ntitle = \"Test\"\nlanguage = \"en\"\n")
    }

    /// A book with this `book.toml` and an empty `content/` directory.
    pub fn with_config(book_toml: &str) -> TempBook {
        let book = TempBook::bare();
        book.write("book.toml", book_toml);
        std::fs::create_dir_all(book.path("content")).unwrap();
        book
    }

    /// An empty temporary directory.
    pub fn bare() -> TempBook {
        TempBook {
            dir: tempfile::tempdir().expect("a temporary directory"),
        }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    /// Writes `contents` at `rel` (relative to the root), creating directories.
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, contents).unwrap();
        path
    }

    /// Writes a journal at `content/<rel>`.
    pub fn journal(&self, rel: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        self.write(&format!("content/{rel}"), contents)
    }

    pub fn read(&self, rel: &str) -> Vec<u8> {
        std::fs::read(self.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// `debrief --book ROOT` with a clean environment.
    pub fn cmd(&self) -> assert_cmd::Command {
        let mut cmd = debrief();
        cmd.arg("--book").arg(self.root());
        cmd
    }

    /// `debrief lint --format json --today 2026-11-23`, parsed; the exit code must be 0 or 1.
    pub fn lint(&self) -> Report {
        let out = run(self
            .cmd()
            .args(["lint", "--format", "json", "--today", TODAY]));
        assert!(out.code == 0 || out.code == 1, "{out:?}");
        let mut report: Report = serde_json::from_str(&out.stdout)
            .unwrap_or_else(|e| panic!("the JSON report does not parse: {e}\n{out:?}"));
        report.code = out.code;
        report
    }
}
