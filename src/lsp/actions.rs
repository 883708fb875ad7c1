//! Quick fixes, from a diagnostic's `data` (or the server's own diagnostic at the same place):
//! rename an unknown key, append a missing section's heading, add a `lint.allow` entry. None
//! states a fact the journal does not give: no status, date, ticked task or section content.

use super::diagnostics::{fixes, to_lsp};
use super::position::{Position, offset, position, range_from_json, range_json, utf16_len};
use super::server::{Caps, book_lang};
use super::state::{Doc, Linted, State};
use crate::diagnostic::FixKind;
use crate::journal::Format;
use crate::tr;
use serde_json::{Value, json};

/// A text edit: replace bytes `start..end` by `new`.
struct Edit {
    start: usize,
    end: usize,
    new: String,
}

pub fn actions(state: &State, doc: &Doc, params: &Value, caps: &Caps) -> Value {
    let lang = book_lang(state, doc);
    let Linted::Journal {
        loaded,
        mission,
        diagnostics,
    } = state.lint(doc)
    else {
        return json!([]);
    };
    let book = &loaded.book;
    let own: Vec<Value> = diagnostics
        .iter()
        .map(|d| to_lsp(book, &mission, d, doc.version))
        .collect();
    let asked: Vec<Value> = params
        .pointer("/context/diagnostics")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter(|d| d.get("source").is_none_or(|s| s == "debrief"))
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    let asked = if asked.is_empty() {
        let Some((a, b)) = params.get("range").and_then(range_from_json) else {
            return json!([]);
        };
        own.iter()
            .filter(|d| range_from_json(&d["range"]).is_some_and(|(s, e)| s <= b && a <= e))
            .cloned()
            .collect()
    } else {
        asked
    };
    let mut out = Vec::new();
    for diag in &asked {
        let data = match diag.get("data").filter(|d| d.get("rule").is_some()) {
            Some(data) => data.clone(),
            None => match own
                .iter()
                .find(|o| o.get("code") == diag.get("code") && o.get("range") == diag.get("range"))
            {
                Some(o) => o["data"].clone(),
                None => continue,
            },
        };
        let Some(rule) = data.get("rule").and_then(Value::as_str) else {
            continue;
        };
        let Some(start) = diag.get("range").and_then(range_from_json).map(|r| r.0) else {
            continue;
        };
        for fix in fixes(book, rule) {
            let made = match fix {
                FixKind::RenameKey => rename(&doc.text, start, &data).map(|(e, from, to)| {
                    let title = tr!(
                        lang,
                        "Remplacer `{from}` par `{to}`",
                        "Replace `{from}` with `{to}`"
                    );
                    (title, e, true)
                }),
                FixKind::InsertSection => data.get("heading").and_then(Value::as_str).map(|h| {
                    let title = tr!(
                        lang,
                        "Ajouter une section «\u{a0}{h}\u{a0}»",
                        "Add a “{h}” section"
                    );
                    (title, section(&doc.text, h), false)
                }),
                FixKind::AddAllow => mission
                    .front
                    .as_ref()
                    .and(mission.format)
                    .and_then(|format| allow(&doc.text, format, rule))
                    .map(|e| {
                        let title = tr!(
                            lang,
                            "Ignorer `{rule}` dans ce fichier (`lint.allow`)",
                            "Allow `{rule}` in this file (`lint.allow`)"
                        );
                        (title, e, false)
                    }),
            };
            let Some((title, edit, preferred)) = made else {
                continue;
            };
            let mut action = json!({
                "title": title,
                "kind": "quickfix",
                "diagnostics": [diag],
                "edit": workspace_edit(doc, &edit, caps),
            });
            if preferred {
                action["isPreferred"] = json!(true);
            }
            out.push(action);
        }
    }
    Value::Array(out)
}

fn workspace_edit(doc: &Doc, edit: &Edit, caps: &Caps) -> Value {
    let text_edit = json!({
        "range": range_json(position(&doc.text, edit.start), position(&doc.text, edit.end)),
        "newText": edit.new,
    });
    if caps.document_changes {
        json!({"documentChanges": [{
            "textDocument": {"uri": doc.uri, "version": doc.version},
            "edits": [text_edit],
        }]})
    } else {
        json!({"changes": {doc.uri.as_str(): [text_edit]}})
    }
}

/// Replaces the key as written by the suggestion's last parts (as many as the key has):
/// `recieved` → `received`, `feedback.recieved` → `feedback.received`.
fn rename(text: &str, start: Position, data: &Value) -> Option<(Edit, String, String)> {
    let key = data.get("key")?.as_str()?;
    let suggestion = data.get("suggestion")?.as_str()?;
    if key.is_empty() {
        return None;
    }
    let a = offset(text, start);
    let b = offset(
        text,
        Position {
            character: start.character + utf16_len(key),
            ..start
        },
    );
    if text.get(a..b) != Some(key) {
        return None;
    }
    let parts = key.split('.').count();
    let all: Vec<&str> = suggestion.split('.').collect();
    let to = all[all.len().saturating_sub(parts)..].join(".");
    if to.is_empty() || to == key {
        return None;
    }
    Some((
        Edit {
            start: a,
            end: b,
            new: to.clone(),
        },
        key.to_string(),
        to,
    ))
}

/// `## HEADING` after a blank line at the end of the file, left empty.
fn section(text: &str, heading: &str) -> Edit {
    let lead = if text.is_empty() || text.ends_with("\n\n") {
        ""
    } else if text.ends_with('\n') {
        "\n"
    } else {
        "\n\n"
    };
    Edit {
        start: text.len(),
        end: text.len(),
        new: format!("{lead}## {heading}\n\n"),
    }
}

/// A `lint.allow` entry for `rule` with an empty reason (`allow-without-reason` then asks for
/// one): an item in the existing list, else a new list before the closing fence.
fn allow(text: &str, format: Format, rule: &str) -> Option<Edit> {
    let yaml = format == Format::Yaml;
    let entry = if yaml {
        format!("{{ rule: {rule}, reason: \"\" }}")
    } else {
        format!("{{ rule = \"{rule}\", reason = \"\" }}")
    };
    let all: Vec<&str> = text.split('\n').collect();
    let block = super::frontmatter::Block::find(&all)?;
    let close = block.close?;
    let lines = super::frontmatter::lines(&all, block);
    let starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let key_line = |scope: &str, key: &str| {
        lines.iter().enumerate().find_map(|(i, l)| {
            let l = l.as_ref()?;
            let (k, col) = l.key.as_ref()?;
            (l.scope == scope && k == key).then_some((i, *col))
        })
    };
    let value_start = |i: usize| {
        let line = all[i];
        let sep = if yaml { ':' } else { '=' };
        let at = line.find(sep)? + 1;
        let rest = &line[at..];
        let skip = rest.len() - rest.trim_start().len();
        Some(starts[i] + at + skip)
    };
    let into_list = |open: usize| -> Option<Edit> {
        let close = matching(text, open)?;
        let inside = text[open + 1..close].trim();
        let new = if inside.is_empty() {
            entry.clone()
        } else if inside.ends_with(',') {
            format!(" {entry}")
        } else {
            format!(", {entry}")
        };
        Some(Edit {
            start: close,
            end: close,
            new,
        })
    };
    // `allow` as a key of `lint` (block or `[lint]` table), or a dotted `lint.allow`.
    let allow_line = key_line("lint", "allow").or_else(|| key_line("", "lint.allow"));
    if let Some((i, col)) = allow_line {
        let v = value_start(i)?;
        if text[v..].starts_with('[') {
            return into_list(v);
        }
        if !yaml {
            return None;
        }
        let items: Vec<usize> = (i + 1..close)
            .filter(|j| {
                lines[*j]
                    .as_ref()
                    .is_some_and(|l| l.scope.starts_with("lint.allow["))
            })
            .collect();
        let after = items.last().copied().unwrap_or(i) + 1;
        let dash = items
            .first()
            .map(|j| all[*j].len() - all[*j].trim_start().len())
            .unwrap_or(col + 2);
        return Some(Edit {
            start: starts[after],
            end: starts[after],
            new: format!("{}- {entry}\n", " ".repeat(dash)),
        });
    }
    if let Some((i, col)) = key_line("", "lint") {
        let v = value_start(i)?;
        if text[v..].starts_with('{') {
            let close = matching(text, v)?;
            let inside = text[v + 1..close].trim();
            let list = if yaml {
                format!("allow: [{entry}]")
            } else {
                format!("allow = [{entry}]")
            };
            if let Some(at) = text[v..close].find("allow") {
                let open = v + at + text[v + at..close].find('[')?;
                return into_list(open);
            }
            let new = if inside.is_empty() {
                format!(" {list} ")
            } else {
                format!(", {list} ")
            };
            return Some(Edit {
                start: close,
                end: close,
                new,
            });
        }
        if !yaml || v != starts[i] + all[i].trim_end().len() {
            return None;
        }
        return Some(Edit {
            start: starts[i + 1],
            end: starts[i + 1],
            new: format!("{0}  allow:\n{0}    - {entry}\n", " ".repeat(col)),
        });
    }
    let new = if yaml {
        format!("lint:\n  allow:\n    - {entry}\n")
    } else if lines.iter().flatten().any(|l| l.scope == "lint") {
        // A `[lint]` table without `allow`: its own key.
        let header = (1..close).find(|j| all[*j].trim() == "[lint]")?;
        return Some(Edit {
            start: starts[header + 1],
            end: starts[header + 1],
            new: format!("allow = [{entry}]\n"),
        });
    } else {
        format!("[[lint.allow]]\nrule = \"{rule}\"\nreason = \"\"\n")
    };
    Some(Edit {
        start: starts[close],
        end: starts[close],
        new,
    })
}

/// The offset of the bracket closing the one at `open`, skipping quoted strings.
fn matching(text: &str, open: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    let mut i = open;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(q) if b == b'\\' && q == b'"' => i += 1,
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None => match b {
                b'"' | b'\'' => quote = Some(b),
                b'[' | b'{' => depth += 1,
                b']' | b'}' => {
                    depth = depth.checked_sub(1)?;
                    if depth == 0 {
                        return Some(i);
                    }
                }
                _ => {}
            },
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn any_front_matter_gets_an_edit_inside_the_text_or_none(
            body in "(lint|allow|rule|[-\\[\\]{}:=,#'\" aé🚀\\n])*",
        ) {
            for (fence, format) in [("---", Format::Yaml), ("+++", Format::Toml)] {
                let text = format!("{fence}\n{body}\n{fence}\n");
                if let Some(e) = allow(&text, format, "access-open") {
                    proptest::prop_assert!(e.start <= e.end && e.end <= text.len());
                    proptest::prop_assert!(text.is_char_boundary(e.start));
                }
                let s = section(&text, "Passation");
                proptest::prop_assert_eq!(s.start, text.len());
            }
        }
    }

    #[test]
    fn brackets_match_past_quotes() {
        let text = "a: [\"]\", '[', { b: [1] }] x";
        assert_eq!(matching(text, 3), Some(text.len() - 3));
        assert_eq!(matching("[[]", 0), None);
    }
}
