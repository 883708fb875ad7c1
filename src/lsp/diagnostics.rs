//! `debrief lint`'s diagnostics as LSP diagnostics: 0-based lines, UTF-16 ranges over what the
//! human format underlines, severities as numbers, and the `data` a quick fix is built from.

use super::position::{Position, range_json, utf16_len};
use crate::diagnostic::{FixKind, Severity, catalog};
use crate::journal::{Book, Mission};
use crate::lint::Diagnostic;
use crate::lint::report::human::caret_len;
use serde_json::{Value, json};

/// The range a diagnostic covers in `m`'s text.
pub fn range(m: &Mission, d: &Diagnostic) -> (Position, Position) {
    let line = m.line_text(d.line);
    let col = d.column.max(1) as usize;
    let chars = line.chars().count();
    let before: String = line.chars().take(col - 1).collect();
    let len = caret_len(line, col).min(chars.saturating_sub(col - 1));
    let covered: String = line.chars().skip(col - 1).take(len).collect();
    let start = Position {
        line: d.line.saturating_sub(1),
        character: utf16_len(&before),
    };
    let end = Position {
        character: start.character + utf16_len(&covered),
        ..start
    };
    (start, end)
}

/// The fixes a diagnostic's rule offers: the catalog's for a built-in rule; a custom element
/// is a missing section, silenceable unless its id starts with `allow-`.
pub fn fixes(book: &Book, rule: &str) -> &'static [FixKind] {
    if let Some(r) = catalog::find(rule) {
        return r.fixes;
    }
    if book.config.lint.require.iter().any(|c| c.id == rule) {
        if rule.starts_with("allow-") {
            return &[FixKind::InsertSection];
        }
        return &[FixKind::InsertSection, FixKind::AddAllow];
    }
    &[]
}

/// The first text between backquotes after `from` in `s`.
fn quoted_after<'s>(s: &'s str, from: &str) -> Option<&'s str> {
    let at = s.find(from)? + from.len();
    let rest = &s[at..];
    rest.split_once('`').map(|(inside, _)| inside)
}

/// The heading a section fix inserts: the first the help names (`## Passation`).
pub fn heading(help: &str) -> Option<&str> {
    quoted_after(help, "`## ")
        .map(str::trim)
        .filter(|h| !h.is_empty())
}

/// An unknown key's suggestion: the help's `did you mean `feedback.received`?`.
pub fn suggestion(help: &str) -> Option<&str> {
    let start = help.find('`')?;
    quoted_after(&help[start..], "`").filter(|s| !s.is_empty())
}

/// One LSP diagnostic, with its `data`.
pub fn to_lsp(book: &Book, m: &Mission, d: &Diagnostic, version: i64) -> Value {
    let (start, end) = range(m, d);
    let severity = match d.severity {
        Severity::Error => 1,
        Severity::Warning => 2,
        Severity::Info => 3,
    };
    let message = match &d.help {
        Some(help) => format!("{}\n{help}", d.message),
        None => d.message.clone(),
    };
    let mut data = json!({"rule": d.rule, "version": version});
    let fixes = fixes(book, &d.rule);
    let help = d.help.as_deref().unwrap_or("");
    if fixes.contains(&FixKind::InsertSection)
        && let Some(h) = heading(help)
    {
        data["heading"] = json!(h);
    }
    if fixes.contains(&FixKind::RenameKey)
        && let Some(s) = suggestion(help)
    {
        let line = m.line_text(d.line);
        let key: String = line
            .chars()
            .skip(d.column.max(1) as usize - 1)
            .take(caret_len(line, d.column as usize))
            .collect();
        data["key"] = json!(key);
        data["suggestion"] = json!(s);
    }
    json!({
        "range": range_json(start, end),
        "severity": severity,
        "code": d.rule,
        "source": "debrief",
        "message": message,
        "data": data,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_texts() {
        assert_eq!(
            suggestion("did you mean `feedback.received`?"),
            Some("feedback.received")
        );
        assert_eq!(
            suggestion("vouliez-vous dire `end_reason` ?"),
            Some("end_reason")
        );
        assert_eq!(
            heading("ajoutez une section `## Passation` (ou `## Handover`) avec son contenu"),
            Some("Passation")
        );
        assert_eq!(
            heading("add a non-empty section: `## Tracking`, `## X`"),
            Some("Tracking")
        );
        assert_eq!(heading("no heading here"), None);
    }
}
