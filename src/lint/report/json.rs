//! The JSON format: one object, a stable schema (`version` 1) documented in `docs/lint.md`.

use crate::diagnostic::Severity;
use crate::lint::Outcome;
use jiff::civil::Date;
use serde::Serialize;
use std::io::{self, Write};

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    today: String,
    diagnostics: Vec<Entry<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct Entry<'a> {
    path: &'a str,
    line: u32,
    column: u32,
    rule: &'a str,
    severity: &'static str,
    message: &'a str,
    help: Option<&'a str>,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
}

pub fn write(out: &mut dyn Write, outcome: &Outcome, today: Date) -> io::Result<()> {
    let report = Report {
        version: 1,
        today: today.to_string(),
        diagnostics: outcome
            .diagnostics
            .iter()
            .map(|d| Entry {
                path: &d.path,
                line: d.line,
                column: d.column,
                rule: &d.rule,
                severity: d.severity.as_str(),
                message: &d.message,
                help: d.help.as_deref(),
            })
            .collect(),
        summary: Summary {
            files: outcome.files,
            errors: outcome.count(Severity::Error),
            warnings: outcome.count(Severity::Warning),
            infos: outcome.count(Severity::Info),
        },
    };
    serde_json::to_writer_pretty(&mut *out, &report)?;
    writeln!(out)
}
