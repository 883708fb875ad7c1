//! The linter's settings, as `book.toml`'s `[lint]` table gives them: `[lint.rules]` levels, the
//! `[lint.policy]` delays and the `[[lint.require]]` custom elements. Only the types live here,
//! with the linter that reads them; `config` reads and validates them with the rest of the file.

use crate::diagnostic::{Pos, Severity};
use crate::journal::Status;

/// The `[lint]` table of `book.toml`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Settings {
    pub rules: Vec<RuleSetting>,
    pub policy: Policy,
    pub require: Vec<CustomElement>,
}

/// A `[lint.rules]` entry: a rule id (checked against the registry by the linter) and its level.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleSetting {
    pub id: String,
    /// `None` = `off`.
    pub level: Option<Severity>,
    pub pos: Pos,
}

/// `[lint.policy]`: the delays, in days, that some rules give before they report.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Policy {
    pub access_grace_days: i64,
    pub rgpd_retention_days: i64,
    pub feedback_wait_days: i64,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            access_grace_days: 90,
            rgpd_retention_days: 30,
            feedback_wait_days: 30,
        }
    }
}

/// A `[[lint.require]]` custom element.
#[derive(Debug, Clone, PartialEq)]
pub struct CustomElement {
    pub id: String,
    pub headings: Vec<String>,
    /// `headings`, normalised like section headings.
    pub norms: Vec<String>,
    pub status: Vec<Status>,
    pub tags: Vec<String>,
    pub severity: Severity,
    pub message: String,
}
