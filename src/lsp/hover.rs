//! Hover: the explanation of the rules whose diagnostics are under the cursor, the
//! documentation of a front-matter key, or of a rule named in `lint.allow`.

use super::diagnostics::range;
use super::frontmatter::{self, Block, is_key_char};
use super::position::Position;
use super::server::book_lang;
use super::state::{Doc, Linted, State};
use crate::diagnostic::catalog::{self, CUSTOM_ELEMENT_DOC};
use crate::i18n::Lang;
use crate::journal::{Book, Format, keys};
use crate::lint::doc;
use serde_json::{Value, json};

/// `**RULE** — summary` and the body of `debrief explain RULE`.
pub fn explain(book: Option<&Book>, rule: &str, lang: Lang) -> Option<String> {
    if let Some(r) = catalog::find(rule) {
        return Some(format!(
            "**{rule}** — {}\n\n{}",
            doc::summary(r.doc, lang),
            doc::body(r.doc, lang)
        ));
    }
    let custom = book?.config.lint.require.iter().find(|c| c.id == rule)?;
    let summary = if custom.message.is_empty() {
        doc::summary(CUSTOM_ELEMENT_DOC, lang).to_string()
    } else {
        custom.message.clone()
    };
    Some(format!(
        "**{rule}** — {summary}\n\n{}",
        doc::body(CUSTOM_ELEMENT_DOC, lang)
    ))
}

pub fn hover(state: &State, d: &Doc, pos: Position, markdown: bool) -> Value {
    let lang = book_lang(state, d);
    let mut parts: Vec<String> = Vec::new();
    let mut book = None;
    if let Linted::Journal {
        loaded,
        mission,
        diagnostics,
    } = state.lint(d)
    {
        book = Some(&loaded.book);
        let mut seen: Vec<&str> = Vec::new();
        for diag in &diagnostics {
            let (start, end) = range(&mission, diag);
            if start <= pos && pos <= end && !seen.contains(&diag.rule.as_str()) {
                seen.push(&diag.rule);
                parts.extend(explain(book, &diag.rule, lang));
            }
        }
    }
    if parts.is_empty() {
        parts.extend(front_matter(&d.text, pos, book, lang));
    }
    if parts.is_empty() {
        return Value::Null;
    }
    let kind = if markdown { "markdown" } else { "plaintext" };
    json!({"contents": {"kind": kind, "value": parts.join("\n\n---\n\n")}})
}

/// The documentation of the key or `lint.allow` rule id under the cursor.
fn front_matter(text: &str, pos: Position, book: Option<&Book>, lang: Lang) -> Option<String> {
    let all: Vec<&str> = text.lines().collect();
    let block = Block::find(&all)?;
    let n = pos.line as usize;
    if !block.contains(n) {
        return None;
    }
    let line = *all.get(n)?;
    let chars: Vec<char> = line.chars().collect();
    let col = char_index(line, pos.character);
    let mut start = col;
    while start > 0 && is_key_char(chars[start - 1]) {
        start -= 1;
    }
    let mut end = col;
    while end < chars.len() && is_key_char(chars[end]) {
        end += 1;
    }
    if start == end {
        return None;
    }
    let word: String = chars[start..end].iter().collect();
    let trimmed = line.trim();
    if block.format == Format::Toml && trimmed.starts_with('[') {
        return keys::find(&word).map(|k| k.describe(lang));
    }
    let lines = frontmatter::lines(&all, block);
    let scope = lines.get(n)?.as_ref()?.scope.clone();
    let flow = frontmatter::flow(line, start, &scope, block.format);
    let sep = match block.format {
        Format::Yaml => ':',
        Format::Toml => '=',
    };
    let after: String = chars[end..].iter().collect();
    let after = after.trim_start_matches(['"', '\'']).trim_start();
    match &flow.value_of {
        None if after.starts_with(sep) => {
            let scope = frontmatter::path(&flow.scope);
            let path = if scope.is_empty() {
                word
            } else {
                format!("{scope}.{word}")
            };
            keys::find(&path).map(|k| k.describe(lang))
        }
        Some(key) if key == "rule" && frontmatter::path(&flow.scope) == "lint.allow[]" => {
            explain(book, &word, lang)
        }
        _ => None,
    }
}

/// The character index of a UTF-16 column in `line` (clamped).
pub fn char_index(line: &str, units: u32) -> usize {
    let mut seen = 0;
    for (i, c) in line.chars().enumerate() {
        if seen >= units {
            return i;
        }
        seen += c.len_utf16() as u32;
    }
    line.chars().count()
}
