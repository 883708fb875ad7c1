//! Positions, severities, rules and findings: the vocabulary shared by the loader, the linter and
//! the site.
//!
//! A `Finding` is one problem at one place in one file, already worded in the output language, of
//! one rule of the catalog. The loader produces the structural ones (unreadable file, front matter,
//! fields); the linter adds the rest and decides severities. Nothing here prints.

pub mod catalog;
mod rule;

use crate::i18n::Lang;
pub use catalog::RULES;
pub use rule::{Family, FixKind, LetterKind, Rule};
use std::fmt;
use std::str::FromStr;

/// A 1-based line and column (columns count characters, not bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

impl Pos {
    /// Line 1, column 1: where whole-file findings point.
    pub const START: Pos = Pos { line: 1, col: 1 };

    pub fn new(line: u32, col: u32) -> Pos {
        Pos { line, col }
    }
}

impl Default for Pos {
    fn default() -> Self {
        Pos::START
    }
}

/// How serious a diagnostic is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// The severity's word for people reading `lang` (`erreur`, `avertissement`, `info`);
    /// `as_str` is the machine name, the same in every language.
    pub fn word(self, lang: Lang) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => lang.pick("avertissement", "warning"),
            Severity::Error => lang.pick("erreur", "error"),
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        match s {
            "info" => Ok(Severity::Info),
            "warning" => Ok(Severity::Warning),
            "error" => Ok(Severity::Error),
            _ => Err(()),
        }
    }
}

/// One problem found in a file, before the linter gives it a severity.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// The rule it breaks (its severity is the rule's).
    pub rule: &'static Rule,
    pub pos: Pos,
    pub message: String,
    pub help: Option<String>,
}

impl Finding {
    pub fn new(rule: &'static Rule, pos: Pos, message: String) -> Finding {
        Finding {
            rule,
            pos,
            message,
            help: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<Option<String>>) -> Finding {
        self.help = help.into();
        self
    }
}
