//! `debrief rules` (the catalog: a table, JSON, or the Markdown reference in `docs/`) and
//! `debrief explain RULE` (one rule's documentation). Both read each rule's own documentation.

use crate::cli::{Cli, RulesFormat, find_root, ui_lang};
use crate::config::Config;
use crate::diagnostic::catalog::{self, CUSTOM_ELEMENT_DOC};
use crate::diagnostic::{RULES, Rule};
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::lint::{CustomElement, doc};
use crate::text::closest;
use crate::tr;
use std::io::Write;

/// The book's config when there is a book here, for its language and custom elements.
fn optional_config(cli: &Cli) -> Option<Config> {
    let lang = ui_lang(cli.lang);
    let root = find_root(cli.book.as_ref(), lang).ok()?;
    Config::load(&root, lang).ok()
}

fn language(cli: &Cli, config: Option<&Config>) -> Lang {
    cli.lang
        .or(config.map(|c| c.book.language))
        .unwrap_or_else(|| ui_lang(None))
}

fn applies(rule: &Rule, lang: Lang) -> &'static str {
    lang.pick(rule.applies.0, rule.applies.1)
}

fn custom_applies(c: &CustomElement) -> String {
    let statuses: Vec<&str> = c.status.iter().map(|s| s.as_str()).collect();
    let mut s = statuses.join(", ");
    if !c.tags.is_empty() {
        s.push_str(&format!(" [{}]", c.tags.join(", ")));
    }
    s
}

pub fn list(cli: &Cli, format: RulesFormat) -> Result<i32> {
    let config = optional_config(cli);
    let lang = language(cli, config.as_ref());
    let customs = config.as_ref().map_or(&[][..], |c| &c.lint.require[..]);
    let text = match format {
        // Custom ids and messages come from book.toml.
        RulesFormat::Text => crate::text::escape_controls(&table(lang, customs)).into_owned(),
        RulesFormat::Json => json(lang, customs),
        RulesFormat::Markdown => markdown(lang),
    };
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| Error::new(format!("cannot write: {e}")))?;
    Ok(0)
}

fn table(lang: Lang, customs: &[CustomElement]) -> String {
    let mut rows: Vec<[String; 4]> = vec![[
        lang.pick("RÈGLE", "RULE").into(),
        lang.pick("GRAVITÉ", "SEVERITY").into(),
        lang.pick("S’APPLIQUE À", "APPLIES TO").into(),
        lang.pick("VÉRIFIE", "CHECKS").into(),
    ]];
    for r in RULES {
        rows.push([
            r.id.into(),
            r.severity.word(lang).into(),
            applies(r, lang).replace('`', ""),
            doc::summary(r.doc, lang).into(),
        ]);
    }
    for c in customs {
        rows.push([
            c.id.clone(),
            c.severity.word(lang).into(),
            custom_applies(c),
            if c.message.is_empty() {
                c.headings.join(", ")
            } else {
                c.message.clone()
            },
        ]);
    }
    let widths: Vec<usize> = (0..3)
        .map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            if i < 3 {
                let pad = widths[i] - cell.chars().count();
                out.push_str(cell);
                out.push_str(&" ".repeat(pad + 2));
            } else {
                out.push_str(cell);
            }
        }
        out.push('\n');
    }
    out
}

fn json(lang: Lang, customs: &[CustomElement]) -> String {
    let mut items: Vec<serde_json::Value> = RULES
        .iter()
        .map(|r| {
            serde_json::json!({
                "id": r.id,
                "severity": r.severity.as_str(),
                "family": r.family.name(Lang::En).to_lowercase().replace(' ', "-"),
                "applies": applies(r, lang),
                "summary": doc::summary(r.doc, lang),
                "custom": false,
            })
        })
        .collect();
    for c in customs {
        items.push(serde_json::json!({
            "id": c.id,
            "severity": c.severity.as_str(),
            "family": "custom",
            "applies": custom_applies(c),
            "summary": c.message,
            "custom": true,
        }));
    }
    let mut s = serde_json::to_string_pretty(&items).unwrap_or_default();
    s.push('\n');
    s
}

/// Demotes a documentation part's headings by one level, to nest it under a rule's heading.
fn nested(body: &str) -> String {
    body.lines()
        .map(|l| {
            if l.starts_with('#') {
                format!("#{l}")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The Markdown rules reference (`docs/rules.md`, `docs/regles.md`).
pub fn markdown(lang: Lang) -> String {
    let mut out = String::new();
    out.push_str(&tr!(
        lang,
        "# Règles de `debrief lint`\n\n<!-- Généré par `debrief --lang fr rules --format markdown`\u{a0}: ne pas modifier à la main. -->\n\n",
        "# `debrief lint` rules\n\n<!-- Generated by `debrief --lang en rules --format markdown`: do not edit by hand. -->\n\n"
    ));
    out.push_str(&format!(
        "| {} | {} | {} | {} |\n|---|---|---|---|\n",
        lang.pick("règle", "rule"),
        lang.pick("gravité", "severity"),
        lang.pick("s’applique à", "applies to"),
        lang.pick("vérifie", "checks")
    ));
    for r in RULES {
        out.push_str(&format!(
            "| [`{id}`](#{id}) | {} | {} | {} |\n",
            r.severity.word(lang),
            applies(r, lang),
            doc::summary(r.doc, lang),
            id = r.id
        ));
    }
    let mut family = None;
    for r in RULES {
        if family != Some(r.family) {
            family = Some(r.family);
            out.push_str(&format!("\n## {}\n", r.family.name(lang)));
        }
        out.push_str(&format!(
            "\n### `{}`\n\n**{}** — {}: {} — {}: {}\n\n{}\n",
            r.id,
            doc::summary(r.doc, lang),
            lang.pick("gravité\u{a0}", "severity"),
            r.severity.word(lang),
            lang.pick("s’applique à\u{a0}", "applies to"),
            applies(r, lang),
            nested(&nested(doc::body(r.doc, lang)))
        ));
    }
    out.push_str(&format!(
        "\n## {}\n\n**{}**\n\n{}\n",
        lang.pick("Éléments personnalisés", "Custom elements"),
        doc::summary(CUSTOM_ELEMENT_DOC, lang),
        nested(doc::body(CUSTOM_ELEMENT_DOC, lang))
    ));
    out
}

pub fn explain(cli: &Cli, id: &str) -> Result<i32> {
    let config = optional_config(cli);
    let lang = language(cli, config.as_ref());
    let text = if let Some(rule) = catalog::find(id) {
        format!(
            "{id} — {}\n{}: {}    {}: {}\n\n{}\n",
            doc::summary(rule.doc, lang),
            lang.pick("gravité\u{a0}", "severity"),
            rule.severity.word(lang),
            lang.pick("s’applique à\u{a0}", "applies to"),
            applies(rule, lang),
            doc::body(rule.doc, lang)
        )
    } else if let Some(c) = config
        .as_ref()
        .and_then(|c| c.lint.require.iter().find(|c| c.id == id))
    {
        format!(
            "{id} — {}\n{}: {}    {}: {}\n{}: {}\n\n{}\n",
            c.message,
            lang.pick("gravité\u{a0}", "severity"),
            c.severity.word(lang),
            lang.pick("s’applique à\u{a0}", "applies to"),
            custom_applies(c),
            lang.pick("titres acceptés\u{a0}", "accepted headings"),
            c.headings.join(", "),
            doc::body(CUSTOM_ELEMENT_DOC, lang)
        )
    } else {
        let mut known: Vec<&str> = RULES.iter().map(|r| r.id).collect();
        if let Some(c) = &config {
            known.extend(c.lint.require.iter().map(|c| c.id.as_str()));
        }
        let mut near: Vec<&str> = known
            .iter()
            .copied()
            .filter(|k| strsim::osa_distance(id, k) <= 3 || k.contains(id))
            .collect();
        near.sort_by_key(|k| strsim::osa_distance(id, k));
        near.truncate(3);
        if near.is_empty() {
            near.extend(closest(id, &known, usize::MAX));
        }
        let list = near
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ");
        return Err(
            Error::new(tr!(lang, "règle inconnue `{id}`", "unknown rule `{id}`")).with_help(tr!(
                lang,
                "vouliez-vous dire {list}\u{a0}? `debrief rules` liste toutes les règles",
                "did you mean {list}? `debrief rules` lists every rule"
            )),
        );
    };
    print!("{}", crate::text::escape_controls(&text));
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The checked-in references are generated from the rules' own documentation; regenerate them
    /// with the command in their first lines when a rule's documentation changes.
    #[test]
    fn docs_rules_references_are_current() {
        let en = include_str!("../../docs/rules.md");
        let fr = include_str!("../../docs/regles.md");
        assert!(
            markdown(Lang::En) == en,
            "docs/rules.md is stale: run `cargo run -- --lang en rules --format markdown > docs/rules.md`"
        );
        assert!(
            markdown(Lang::Fr) == fr,
            "docs/regles.md is stale: run `cargo run -- --lang fr rules --format markdown > docs/regles.md`"
        );
    }
}
