//! Suppression rules: `lint.allow` entries must say why, and must name a rule that exists. The
//! suppression itself (and `[lint.rules]` overrides) is applied by `lint::check`.

use super::{Check, Ctx, Family, Rule, Sink};
use crate::diagnostic::Severity;
use crate::journal::{Front, Mission};
use crate::text::closest;
use crate::tr;

const ALL: (&str, &str) = ("toutes", "all");

pub const ALLOW_WITHOUT_REASON: Rule = Rule {
    id: "allow-without-reason",
    family: Family::Suppression,
    severity: Severity::Warning,
    applies: ALL,
    doc: include_str!("docs/allow-without-reason.md"),
    check: Check::Mission(allow_without_reason),
};

fn allow_without_reason(ctx: &Ctx, _: &Mission, f: &Front, out: &mut Sink) {
    for allow in f.allow.iter().filter(|a| a.reason.is_none()) {
        let Some(rule) = &allow.rule else { continue };
        let message = tr!(
            ctx.lang,
            "`lint.allow` fait taire `{}` sans donner de raison",
            "`lint.allow` silences `{}` without a reason",
            rule.value
        );
        let help = tr!(
            ctx.lang,
            "ajoutez `reason: \"…\"` : pourquoi cette règle ne s'applique pas à cette mission",
            "add `reason: \"…\"`: why this rule does not apply to this mission"
        );
        out.push_help(
            "allow-without-reason",
            allow.pos,
            Severity::Warning,
            message,
            help,
        );
    }
}

pub const ALLOW_UNKNOWN_RULE: Rule = Rule {
    id: "allow-unknown-rule",
    family: Family::Suppression,
    severity: Severity::Warning,
    applies: ALL,
    doc: include_str!("docs/allow-unknown-rule.md"),
    check: Check::Mission(allow_unknown_rule),
};

fn allow_unknown_rule(ctx: &Ctx, _: &Mission, f: &Front, out: &mut Sink) {
    for allow in &f.allow {
        let Some(rule) = &allow.rule else { continue };
        if ctx.known_ids.contains(&rule.value.as_str()) {
            continue;
        }
        let (message, help) = unknown_rule_message(ctx, &rule.value);
        out.raws.push(super::Raw {
            rule: "allow-unknown-rule",
            pos: allow.pos,
            severity: Severity::Warning,
            message,
            help,
        });
    }
}

/// The message and help for an id that names no rule (also used for `[lint.rules]` keys).
pub fn unknown_rule_message(ctx: &Ctx, id: &str) -> (String, Option<String>) {
    let message = tr!(
        ctx.lang,
        "`{id}` n'est pas une règle connue : cette exception ne fait rien",
        "`{id}` is not a known rule: this has no effect"
    );
    let help = closest(id, ctx.known_ids, 3)
        .or_else(|| closest(&id.replace('_', "-"), ctx.known_ids, 3))
        .map(|s| tr!(ctx.lang, "vouliez-vous dire `{s}` ?", "did you mean `{s}`?"))
        .or_else(|| {
            Some(tr!(
                ctx.lang,
                "`debrief rules` liste toutes les règles",
                "`debrief rules` lists every rule"
            ))
        });
    (message, help)
}
