//! Suppression rules: `lint.allow` entries must say why, and must name a rule that exists. The
//! suppression itself (and `[lint.rules]` overrides) is applied by `lint::check`.

use super::{Ctx, Reporter};
use crate::journal::{Front, Mission};
use crate::text::closest;
use crate::tr;

pub(super) fn allow_without_reason(ctx: &Ctx, _: &Mission, f: &Front, out: &mut Reporter) {
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
        out.report(allow.pos, message).help(help);
    }
}

pub(super) fn allow_unknown_rule(ctx: &Ctx, _: &Mission, f: &Front, out: &mut Reporter) {
    for allow in &f.allow {
        let Some(rule) = &allow.rule else { continue };
        if ctx.known_ids.contains(&rule.value.as_str()) {
            continue;
        }
        let (message, help) = unknown_rule_message(ctx, &rule.value);
        out.report_uncapped(allow.pos, message).help(help);
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
