//! The `--format json` lint report parsed back, and a diagnostic reduced to (rule, line,
//! severity) for short assertions.

use serde::Deserialize;
use std::fmt;

/// A `--format json` lint report (`code`: the exit code of the run that printed it).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Report {
    pub version: u32,
    pub today: String,
    pub diagnostics: Vec<Diag>,
    pub summary: Summary,
    #[serde(skip)]
    pub code: i32,
}

/// One diagnostic of the JSON report.
#[derive(Debug, Clone, PartialEq, Deserialize)]
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

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
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

    /// The diagnostics as (rule, line, severity).
    pub fn triples(&self) -> Vec<Triple> {
        self.diagnostics
            .iter()
            .map(|d| Triple(d.rule.clone(), d.line, d.severity.clone()))
            .collect()
    }
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
