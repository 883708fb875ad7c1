//! Completion: in the front matter, the keys valid at the cursor's level and not yet written,
//! the values of keys that have a set of them, today's date for a date; in the body, after `#`s
//! at a line start, the element headings.

use super::frontmatter::{self, Block};
use super::hover::char_index;
use super::position::{Position, range_json, utf16_len};
use super::server::book_lang;
use super::state::{Doc, State, today};
use crate::diagnostic::RULES;
use crate::i18n::Lang;
use crate::journal::keys::{self, Type};
use crate::journal::{Element, Format};
use crate::lint::CustomElement;
use serde_json::{Value, json};

const PROPERTY: u32 = 10;
const ENUM_MEMBER: u32 = 20;
const TEXT: u32 = 1;

fn item(
    label: &str,
    kind: u32,
    detail: &str,
    line: u32,
    from: &str,
    to: &str,
    new: String,
) -> Value {
    let start = Position {
        line,
        character: utf16_len(from),
    };
    let end = Position {
        line,
        character: utf16_len(to),
    };
    json!({
        "label": label,
        "kind": kind,
        "detail": detail,
        "textEdit": {"range": range_json(start, end), "newText": new},
    })
}

pub fn complete(state: &State, doc: &Doc, pos: Position) -> Value {
    let lang = book_lang(state, doc);
    let all: Vec<&str> = doc.text.lines().collect();
    let n = pos.line as usize;
    let Some(line) = all.get(n).copied() else {
        return json!([]);
    };
    let col = char_index(line, pos.character);
    let before: String = line.chars().take(col).collect();
    match Block::find(&all) {
        Some(block) if block.contains(n) => {
            Value::Array(front_matter(state, doc, &all, block, n, &before, lang))
        }
        Some(block) if block.close.is_none_or(|c| n <= c) => json!([]),
        _ => Value::Array(headings(state, doc, pos.line, &before, lang)),
    }
}

fn front_matter(
    state: &State,
    doc: &Doc,
    all: &[&str],
    block: Block,
    n: usize,
    before: &str,
    lang: Lang,
) -> Vec<Value> {
    let line = n as u32;
    let yaml = block.format == Format::Yaml;
    let trimmed = before.trim_start();
    if !yaml && trimmed.starts_with('[') && !trimmed.contains(']') {
        let double = trimmed.starts_with("[[");
        let from: String = before
            .chars()
            .take(before.chars().count() - trimmed.chars().count() + usize::from(double) + 1)
            .collect();
        return keys::KEYS
            .iter()
            .filter(|k| k.ty == if double { Type::Tables } else { Type::Table })
            .map(|k| {
                item(
                    k.path,
                    PROPERTY,
                    &k.ty.name(lang),
                    line,
                    &from,
                    before,
                    k.path.to_string(),
                )
            })
            .collect();
    }
    let lines = frontmatter::lines(all, block);
    let Some(Some(here)) = lines.get(n) else {
        return Vec::new();
    };
    let flow = frontmatter::flow(before, before.chars().count(), &here.scope, block.format);
    let from: String = before.chars().take(flow.word_start).collect();
    let scope = frontmatter::path(&flow.scope);
    let join = |k: &str| {
        if scope.is_empty() {
            k.to_string()
        } else {
            format!("{scope}.{k}")
        }
    };
    if let Some(key) = &flow.value_of {
        let path = join(key);
        let Some(k) = keys::find(&path) else {
            return Vec::new();
        };
        let quote = |v: &str| {
            if yaml {
                v.to_string()
            } else {
                format!("\"{v}\"")
            }
        };
        let mut out = Vec::new();
        if k.ty == Type::Date {
            let today = today().to_string();
            out.push(item(
                &today,
                ENUM_MEMBER,
                lang.pick("aujourd’hui", "today"),
                line,
                &from,
                before,
                today.clone(),
            ));
        }
        let bare = matches!(k.ty, Type::Bool);
        for v in k.values {
            let new = if bare { v.to_string() } else { quote(v) };
            out.push(item(
                v,
                ENUM_MEMBER,
                &k.ty.name(lang),
                line,
                &from,
                before,
                new,
            ));
        }
        if path == "lint.allow[].rule" {
            let customs: Vec<String> = required(state, doc).iter().map(|c| c.id.clone()).collect();
            let ids = RULES
                .iter()
                .filter(|r| r.silenceable)
                .map(|r| r.id.to_string())
                .chain(customs.into_iter().filter(|id| !id.starts_with("allow-")));
            for id in ids {
                out.push(item(
                    &id,
                    ENUM_MEMBER,
                    "rule",
                    line,
                    &from,
                    before,
                    quote(&id),
                ));
            }
        }
        return out;
    }
    // A key: those of this level not written yet (in this item, for a list's items).
    let present: Vec<String> = if !flow.nested {
        lines
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != n)
            .filter_map(|(_, l)| l.as_ref())
            .filter(|l| l.scope == here.scope)
            .filter_map(|l| l.key.as_ref().map(|k| k.0.clone()))
            .collect()
    } else {
        flow.siblings.clone()
    };
    let sep = if yaml { ": " } else { " = " };
    keys::children(&scope)
        .filter(|k| !present.iter().any(|p| p == k.name()))
        .map(|k| {
            item(
                k.name(),
                PROPERTY,
                &k.ty.name(lang),
                line,
                &from,
                before,
                format!("{}{sep}", k.name()),
            )
        })
        .collect()
}

/// After `#`s at a line start: the headings of the built-in elements and the book's own.
/// The custom elements (`[[lint.require]]`) of the book `doc` belongs to, when it is loaded.
fn required<'s>(state: &'s State, doc: &Doc) -> &'s [CustomElement] {
    doc.root
        .as_ref()
        .and_then(|r| state.books.get(r))
        .and_then(|b| b.loaded.as_ref().ok())
        .map_or(&[], |l| &l.book.config.lint.require)
}

fn headings(state: &State, doc: &Doc, line: u32, before: &str, lang: Lang) -> Vec<Value> {
    let hashes = before.chars().take_while(|c| *c == '#').count();
    if hashes == 0 || hashes > 6 {
        return Vec::new();
    }
    let rest = &before[hashes..];
    let typed = rest.trim_start();
    if typed.contains('#') {
        return Vec::new();
    }
    let spaced = rest.len() > typed.len();
    let from = &before[..before.len() - typed.len()];
    let customs: Vec<String> = required(state, doc)
        .iter()
        .filter_map(|c| c.headings.first().cloned())
        .collect();
    Element::ALL
        .iter()
        .map(|e| e.heading(lang).to_string())
        .chain(customs)
        .map(|h| {
            let new = if spaced { h.clone() } else { format!(" {h}") };
            item(&h, TEXT, "", line, from, before, new)
        })
        .collect()
}
