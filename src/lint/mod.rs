//! The linter: runs every rule of the catalog (`diagnostic::catalog`) over a loaded `Book` (`run`),
//! or over its journals read one at a time (`run_listed`, what `debrief lint` does), and turns
//! findings into `Diagnostic`s with their final severity, after `[lint.rules]` overrides and
//! `lint.allow`.
//!
//! Rules never re-read files: they look at the `Mission` model. Loader findings (unreadable file,
//! front matter, fields) are passed through here like any other rule's.

mod check;
pub mod doc;
pub mod report;
pub mod rules;
mod settings;
mod typeset;

use crate::diagnostic::Severity;
pub use check::{Options, Outcome, run, run_listed, run_mission};
pub use settings::{CustomElement, Policy, RuleSetting, Settings};

/// One diagnostic, ready for a reporter.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// The file's path relative to the book root, `/`-separated.
    pub path: String,
    pub line: u32,
    pub column: u32,
    /// A built-in rule id or a custom element's id.
    pub rule: String,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    /// The text of the line the diagnostic points at (for the human format).
    pub source_line: String,
}
