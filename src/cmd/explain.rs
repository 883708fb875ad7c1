//! `debrief explain RULE`: one rule's documentation (what it checks, why, how to fix it, an
//! example), or a custom element's from book.toml; an unknown id gets the nearest ones.

use super::rules::{applies, custom_applies};
use crate::cmd::Globals;
use crate::diagnostic::RULES;
use crate::diagnostic::catalog::{self, CUSTOM_ELEMENT_DOC};
use crate::error::{Error, Result};
use crate::lint::doc;
use crate::text::closest;
use crate::tr;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The rule id, as shown in brackets in diagnostics.
    pub rule: String,
}

pub fn run(globals: &Globals, args: &Args) -> Result<i32> {
    let (config, lang) = globals.optional_config();
    let id = args.rule.as_str();
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
