//! Reporters: turn a lint `Outcome` into one of the output formats. Each writes to any `Write`,
//! so tests read exactly what a user sees.

pub mod github;
pub mod human;
pub mod json;
pub mod sarif;

use clap::ValueEnum;

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// rustc-style, with the source line and a caret.
    Human,
    /// One JSON object with every diagnostic and a summary.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other viewers.
    Sarif,
    /// GitHub Actions workflow annotations.
    Github,
}
