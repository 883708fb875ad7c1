//! The SARIF 2.1.0 format, as GitHub code scanning ingests it: every rule with its description
//! and help (from the same documentation as `debrief explain`), results with relative locations.

use crate::diagnostic::{RULES, Severity};
use crate::i18n::Lang;
use crate::lint::{CustomElement, Outcome, doc};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::{Value, json};
use std::io::{self, Write};

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// What a relative path keeps as is in a URI reference: the unreserved characters and `/`.
const PATH: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/');

/// A relative path as a URI reference: every byte outside the unreserved set (and `/`) is
/// percent-encoded, so `étude de cas.md` becomes `%C3%A9tude%20de%20cas.md`.
fn uri(path: &str) -> String {
    utf8_percent_encode(path, PATH).to_string()
}

/// `access-open` → `AccessOpen`, the rule's friendly name.
fn pascal(id: &str) -> String {
    id.split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

fn rule_descriptor(id: &str, summary: &str, help: &str, severity: Severity) -> Value {
    json!({
        "id": id,
        "name": pascal(id),
        "shortDescription": { "text": summary },
        "fullDescription": { "text": summary },
        "help": { "text": help, "markdown": help },
        "defaultConfiguration": { "level": level(severity) },
        "properties": { "tags": ["debrief"] }
    })
}

pub fn write(
    out: &mut dyn Write,
    outcome: &Outcome,
    customs: &[CustomElement],
    lang: Lang,
) -> io::Result<()> {
    let mut ids: Vec<String> = Vec::new();
    let mut rules: Vec<Value> = Vec::new();
    for r in RULES {
        ids.push(r.id.to_string());
        rules.push(rule_descriptor(
            r.id,
            doc::summary(r.doc, lang),
            doc::body(r.doc, lang),
            r.severity,
        ));
    }
    for c in customs {
        ids.push(c.id.clone());
        let summary = if c.message.is_empty() {
            c.headings.join(", ")
        } else {
            c.message.clone()
        };
        let help = format!(
            "{summary}\n\n{}",
            c.headings
                .iter()
                .map(|h| format!("- `## {h}`"))
                .collect::<Vec<_>>()
                .join("\n")
        );
        rules.push(rule_descriptor(&c.id, &summary, &help, c.severity));
    }
    let results: Vec<Value> = outcome
        .diagnostics
        .iter()
        .map(|d| {
            let index = ids.iter().position(|id| *id == d.rule);
            let text = match &d.help {
                Some(help) => format!("{} ({help})", d.message),
                None => d.message.clone(),
            };
            let mut result = json!({
                "ruleId": d.rule,
                "level": level(d.severity),
                "message": { "text": text },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri(&d.path) },
                        "region": { "startLine": d.line, "startColumn": d.column }
                    }
                }]
            });
            if let Some(i) = index {
                result["ruleIndex"] = json!(i);
            }
            result
        })
        .collect();
    let report = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "debrief",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "informationUri": env!("CARGO_PKG_REPOSITORY"),
                    "rules": rules
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results
        }]
    });
    serde_json::to_writer_pretty(&mut *out, &report)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(
            super::uri("content/2025/étude de cas.md"),
            "content/2025/%C3%A9tude%20de%20cas.md"
        );
        assert_eq!(
            super::uri("a-Z.0_9~/ %#?[]@!$&'()*+,;=:\""),
            "a-Z.0_9~/%20%25%23%3F%5B%5D%40%21%24%26%27%28%29%2A%2B%2C%3B%3D%3A%22"
        );
    }

    #[test]
    fn friendly_names() {
        assert_eq!(super::pascal("access-open"), "AccessOpen");
    }
}
