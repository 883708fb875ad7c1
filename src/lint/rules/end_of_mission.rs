//! End-of-mission rules: a mission that is over gets closed, and a closing (or closed) mission
//! must have done its steps — feedback, lessons, handover, deliverables, finished tasks, access
//! removed, client data deleted or returned, contract re-read, final invoice, recommendation
//! asked. The notice rules are `notice`'s.

use super::{Ctx, Reporter, add_days};
use crate::diagnostic::Severity;
use crate::i18n::Lang;
use crate::journal::schema::EndedBy;
use crate::journal::{Element, Front, Heading, Mission, Status};
use crate::tr;

fn closed(f: &Front) -> bool {
    f.status() == Some(Status::Closed)
}

/// The headings that would satisfy `element`, for help texts: `## Passation` (or `## Handover`);
/// when the journal has the heading but nothing under it, to write under it.
fn heading_hint(m: &Mission, element: Element, lang: Lang) -> String {
    if let Some(h) = empty_section(m, element) {
        let heading = heading_of(h);
        return tr!(
            lang,
            "écrivez le contenu sous `{heading}`",
            "write the content under `{heading}`"
        );
    }
    tr!(
        lang,
        "ajoutez une section `## {}` (ou `## {}`) avec son contenu",
        "add a `## {}` section (or `## {}`) with its content",
        element.heading(lang),
        element.heading(lang.pick(Lang::En, Lang::Fr))
    )
}

/// The first section of `element` whose heading is there with nothing under it (`## Passation`
/// left empty by `debrief new`).
fn empty_section(m: &Mission, element: Element) -> Option<&Heading> {
    m.body.sections(element).find(|h| h.empty)
}

/// A heading as written: `## Passation`.
fn heading_of(h: &Heading) -> String {
    format!("{} {}", "#".repeat(usize::from(h.level)), h.text)
}

/// `message`, completed when the section is there but empty (`mission close sans passation`,
/// then `la section `## Passation` est vide`).
fn said_empty(m: &Mission, element: Element, message: String, lang: Lang) -> String {
    match empty_section(m, element) {
        Some(h) => {
            let heading = heading_of(h);
            tr!(
                lang,
                "{message}\u{a0}: la section `{heading}` est vide",
                "{message}: the `{heading}` section is empty"
            )
        }
        None => message,
    }
}

pub(super) fn mission_stale(ctx: &Ctx, _: &Mission, f: &Front, out: &mut Reporter) {
    let Some(status @ (Status::Active | Status::Ending)) = f.status() else {
        return;
    };
    let Some(end) = f.end() else { return };
    let grace = add_days(end, ctx.policy.stale_grace_days);
    if ctx.today <= grace {
        return;
    }
    let lang = ctx.lang;
    let message = tr!(
        lang,
        "mission terminée le {end} mais toujours `{status}` : elle n’a jamais été clôturée",
        "mission over on {end} but still `{status}`: it was never closed"
    );
    let help = tr!(
        lang,
        "si elle est finie, passez `status` à `closed` et faites les étapes de fin de mission ; si elle continue, corrigez `end`",
        "if it is over, set `status` to `closed` and go through the end-of-mission steps; if it goes on, fix `end`"
    );
    out.report(f.anchor(), message).help(help);
}

pub(super) fn final_invoice_missing(ctx: &Ctx, _: &Mission, f: &Front, out: &mut Reporter) {
    if !closed(f) {
        return;
    }
    let Some(end) = f.end() else { return };
    let days = ctx.policy.final_invoice_days;
    let from = add_days(end, -days);
    let invoiced = f
        .invoices
        .iter()
        .any(|inv| inv.issued.as_ref().is_some_and(|d| d.value >= from));
    if invoiced {
        return;
    }
    let lang = ctx.lang;
    let message = tr!(
        lang,
        "mission close sans facture émise depuis le {from} ({} avant la fin du {end})",
        "closed mission with no invoice issued since {from} ({} before its end on {end})",
        crate::i18n::days(days, lang)
    );
    let help = tr!(
        lang,
        "émettez la facture de solde pour le travail qui reste à facturer, puis notez-la dans `invoices` avec sa date `issued` ; si tout était déjà facturé, dites-le dans `lint.allow`",
        "issue the final invoice for the work not yet invoiced, then record it in `invoices` with its `issued` date; if everything was already invoiced, say so in `lint.allow`"
    );
    out.report(f.anchor(), message).help(help);
}

pub(super) fn feedback_missing(ctx: &Ctx, m: &Mission, f: &Front, out: &mut Reporter) {
    if !closed(f) || m.body.has_content(Element::Feedback) || f.feedback.received.is_some() {
        return;
    }
    let lang = ctx.lang;
    match &f.feedback.requested {
        Some(req) if ctx.today <= add_days(req.value, ctx.policy.feedback_wait_days) => {
            let until = add_days(req.value, ctx.policy.feedback_wait_days);
            let message = tr!(
                lang,
                "retour client demandé le {} et pas encore reçu (relance prévue après le {until})",
                "client feedback requested on {} and not received yet (follow up after {until})",
                req.value
            );
            let help = tr!(
                lang,
                "notez la réponse dans une section `## Retour client`, ou sa date dans `feedback.received`",
                "record the answer in a `## Client feedback` section, or its date in `feedback.received`"
            );
            out.severity(Severity::Warning)
                .report(f.anchor(), message)
                .help(help);
        }
        Some(req) => {
            let message = tr!(
                lang,
                "retour client demandé le {} sans réponse depuis plus de {} jours",
                "client feedback requested on {} with no answer for more than {} days",
                req.value,
                ctx.policy.feedback_wait_days
            );
            let help = tr!(
                lang,
                "relancez le client, puis notez sa réponse dans une section `## Retour client`",
                "follow up with the client, then record the answer in a `## Client feedback` section"
            );
            out.report(f.anchor(), message).help(help);
        }
        None => {
            let message = tr!(
                lang,
                "mission close sans retour client",
                "closed mission without client feedback"
            );
            let message = said_empty(m, Element::Feedback, message, lang);
            let help = tr!(
                lang,
                "demandez son avis au client (et notez la date dans `feedback.requested`), puis résumez-le dans une section `## Retour client`",
                "ask the client for feedback (and record the date in `feedback.requested`), then sum it up in a `## Client feedback` section"
            );
            out.report(f.anchor(), message).help(help);
        }
    }
}

pub(super) fn lessons_missing(ctx: &Ctx, m: &Mission, f: &Front, out: &mut Reporter) {
    if !closed(f) || m.body.has_content(Element::Lessons) {
        return;
    }
    let lang = ctx.lang;
    let hard = f.end_reason.as_ref().map(|r| r.value.as_str());
    let (severity, message) = match hard {
        Some(reason @ ("dissatisfaction" | "unpaid" | "toxic" | "conflict")) => (
            Severity::Error,
            tr!(
                lang,
                "mission close pour `{reason}` sans leçons tirées",
                "mission closed for `{reason}` without lessons learned"
            ),
        ),
        _ => (
            Severity::Warning,
            tr!(
                lang,
                "mission close sans leçons tirées",
                "closed mission without lessons learned"
            ),
        ),
    };
    let message = said_empty(m, Element::Lessons, message, lang);
    let help = heading_hint(m, Element::Lessons, lang);
    out.severity(severity)
        .report(f.anchor(), message)
        .help(help);
}

pub(super) fn handover_missing(ctx: &Ctx, m: &Mission, f: &Front, out: &mut Reporter) {
    let Some(status @ (Status::Ending | Status::Closed)) = f.status() else {
        return;
    };
    if m.body.has_content(Element::Handover) {
        return;
    }
    let lang = ctx.lang;
    let message = tr!(
        lang,
        "mission `{status}` sans passation",
        "`{status}` mission without a handover"
    );
    let message = said_empty(m, Element::Handover, message, lang);
    let help = tr!(
        lang,
        "{}\u{a0}: ce qui a été remis, à qui, quand",
        "{}: what was handed over, to whom, when",
        heading_hint(m, Element::Handover, lang)
    );
    out.report(f.anchor(), message).help(help);
}

pub(super) fn deliverables_missing(ctx: &Ctx, m: &Mission, f: &Front, out: &mut Reporter) {
    if !closed(f) || m.body.has_content(Element::Deliverables) {
        return;
    }
    let lang = ctx.lang;
    let message = tr!(
        lang,
        "mission close sans liste des livrables transmis",
        "closed mission without a list of what was delivered"
    );
    let message = said_empty(m, Element::Deliverables, message, lang);
    let help = heading_hint(m, Element::Deliverables, lang);
    out.report(f.anchor(), message).help(help);
}

pub(super) fn unfinished_work(ctx: &Ctx, m: &Mission, f: &Front, out: &mut Reporter) {
    if !closed(f) {
        return;
    }
    for task in m.body.tasks.iter().filter(|t| !t.checked) {
        if m.body.in_element(Element::Access, task.offset) {
            continue;
        }
        let text = &task.text;
        let message = tr!(
            ctx.lang,
            "tâche non cochée dans une mission close : « {text} »",
            "unchecked task in a closed mission: \"{text}\""
        );
        let help = tr!(
            ctx.lang,
            "cochez-la si elle est faite ; sinon notez pourquoi elle ne le sera pas",
            "check it if it is done; otherwise write down why it will not be"
        );
        out.report(m.pos(task.offset), message).help(help);
    }
}

pub(super) fn access_missing(ctx: &Ctx, m: &Mission, f: &Front, out: &mut Reporter) {
    if !closed(f) || m.body.has_content(Element::Access) {
        return;
    }
    let lang = ctx.lang;
    let message = tr!(
        lang,
        "mission close sans section des accès aux outils du client",
        "closed mission without a section on access to the client's tools"
    );
    let message = said_empty(m, Element::Access, message, lang);
    let help = tr!(
        lang,
        "ajoutez une section `## Accès` avec une case par outil (`- [x] Google Ads : mon accès retiré`), ou une phrase s'il n'y en avait aucun",
        "add an `## Access` section with one box per tool (`- [x] Google Ads: my access removed`), or one sentence if there was none"
    );
    out.report(f.anchor(), message).help(help);
}

pub(super) fn access_open(ctx: &Ctx, m: &Mission, f: &Front, out: &mut Reporter) {
    if !closed(f) {
        return;
    }
    let lang = ctx.lang;
    let due = f.end().map(|e| add_days(e, ctx.policy.access_grace_days));
    for task in m.body.tasks.iter().filter(|t| !t.checked) {
        if !m.body.in_element(Element::Access, task.offset) {
            continue;
        }
        let text = &task.text;
        let (severity, message) = match due {
            Some(due) if ctx.today > due => (
                Severity::Error,
                tr!(
                    lang,
                    "accès encore ouvert : « {text} » (à retirer avant le {due}, dépassé)",
                    "access still open: \"{text}\" (to remove by {due}, overdue)"
                ),
            ),
            Some(due) => (
                Severity::Warning,
                tr!(
                    lang,
                    "accès encore ouvert : « {text} » (à retirer d'ici le {due})",
                    "access still open: \"{text}\" (to remove by {due})"
                ),
            ),
            None => (
                Severity::Warning,
                tr!(
                    lang,
                    "accès encore ouvert : « {text} »",
                    "access still open: \"{text}\""
                ),
            ),
        };
        let help = tr!(
            lang,
            "vérifiez que le client est propriétaire de l'outil, retirez votre accès, puis cochez la case",
            "make sure the client owns the tool, remove your access, then check the box"
        );
        out.severity(severity)
            .report(m.pos(task.offset), message)
            .help(help);
    }
}

pub(super) fn rgpd_not_notified(ctx: &Ctx, _: &Mission, f: &Front, out: &mut Reporter) {
    if !closed(f) || f.rgpd.notified.is_some() {
        return;
    }
    let lang = ctx.lang;
    let message = tr!(
        lang,
        "le client n'a pas été prévenu de la suppression de ses données (`rgpd.notified`)",
        "the client was not told their data would be deleted (`rgpd.notified`)"
    );
    let help = tr!(
        lang,
        "écrivez au client ce que vous supprimez, ce que vous gardez et pourquoi, puis notez la date dans `rgpd.notified`",
        "write to the client what you delete, what you keep and why, then record the date in `rgpd.notified`"
    );
    out.report(f.anchor(), message).help(help);
}

pub(super) fn rgpd_not_deleted(ctx: &Ctx, _: &Mission, f: &Front, out: &mut Reporter) {
    if !closed(f) || f.rgpd.deleted.is_some() || f.rgpd.returned.is_some() {
        return;
    }
    let lang = ctx.lang;
    let days = ctx.policy.rgpd_retention_days;
    let due = f.end().map(|e| add_days(e, days));
    let keep = tr!(
        lang,
        "ne gardez que ce que la loi impose (factures : 10 ans pour un commerçant, C. com. L123-22 ; 6 ans au moins pour l’impôt, LPF L102 B) et ce qu’exige une action en justice en cours (RGPD 17(3)(e))",
        "keep only what the law requires (invoices: 10 years for traders, C. com. L123-22; 6 years minimum for tax, LPF L102 B) and what a legal claim under way needs (RGPD 17(3)(e))"
    );
    if let Some(hold) = &f.rgpd.hold {
        let message = tr!(
            lang,
            "données du client conservées pour l’instant (`rgpd.hold`) : « {} »",
            "client data kept for now (`rgpd.hold`): \"{}\"",
            hold.value
        );
        let help = tr!(
            lang,
            "{keep} ; quand ce motif tombe, supprimez ou rendez le reste au choix du client (RGPD 28(3)(g)), puis notez la date dans `rgpd.deleted` ou `rgpd.returned`",
            "{keep}; once that reason ends, delete or return the rest at the client's choice (RGPD 28(3)(g)), then record the date in `rgpd.deleted` or `rgpd.returned`"
        );
        out.severity(Severity::Info)
            .report(f.anchor(), message)
            .help(help);
        return;
    }
    let (severity, message) = match due {
        Some(due) if ctx.today > due => (
            Severity::Error,
            tr!(
                lang,
                "données du client ni supprimées ni rendues (`rgpd.deleted`, `rgpd.returned`) : à faire avant le {due}, dépassé",
                "client data neither deleted nor returned (`rgpd.deleted`, `rgpd.returned`): due by {due}, overdue"
            ),
        ),
        Some(due) => (
            Severity::Warning,
            tr!(
                lang,
                "données du client ni supprimées ni rendues (`rgpd.deleted`, `rgpd.returned`) : à faire d’ici le {due}",
                "client data neither deleted nor returned (`rgpd.deleted`, `rgpd.returned`): due by {due}"
            ),
        ),
        None => (
            Severity::Warning,
            tr!(
                lang,
                "données du client ni supprimées ni rendues (`rgpd.deleted`, `rgpd.returned`)",
                "client data neither deleted nor returned (`rgpd.deleted`, `rgpd.returned`)"
            ),
        ),
    };
    let help = tr!(
        lang,
        "supprimez ou rendez les données personnelles du client, à son choix, avec leurs copies (RGPD 28(3)(g)) ; {keep} ; puis notez la date dans `rgpd.deleted` ou `rgpd.returned` ; le délai de {days} jours est la règle du carnet (`rgpd-retention-days`), pas un délai légal",
        "delete or return the client's personal data, at the client's choice, with its copies (RGPD 28(3)(g)); {keep}; then record the date in `rgpd.deleted` or `rgpd.returned`; the {days} days are this book's policy (`rgpd-retention-days`), not a legal deadline"
    );
    out.severity(severity)
        .report(f.anchor(), message)
        .help(help);
}

pub(super) fn contract_unchecked(ctx: &Ctx, _: &Mission, f: &Front, out: &mut Reporter) {
    if !matches!(f.status(), Some(Status::Ending | Status::Closed))
        || f.contract.termination_checked.is_some()
    {
        return;
    }
    let Some(by) = f.ended_by() else { return };
    if by == EndedBy::Term {
        return;
    }
    let lang = ctx.lang;
    let message = tr!(
        lang,
        "fin de mission (`ended_by: {by}`) sans relecture de la clause de résiliation",
        "mission ended (`ended_by: {by}`) without re-reading the termination clause"
    );
    let help = tr!(
        lang,
        "relisez la clause de résiliation et les conditions générales (préavis, pénalités), puis notez la date dans `contract.termination_checked`",
        "re-read the termination clause and terms of sale (notice, penalties), then record the date in `contract.termination_checked`"
    );
    out.report(f.anchor(), message).help(help);
}

pub(super) fn recommendation_not_requested(ctx: &Ctx, _: &Mission, f: &Front, out: &mut Reporter) {
    if !closed(f)
        || !matches!(f.ended_by(), Some(EndedBy::Term | EndedBy::Mutual))
        || f.recommendation.requested.is_some()
    {
        return;
    }
    let lang = ctx.lang;
    let message = tr!(
        lang,
        "mission bien terminée : aucune recommandation demandée",
        "mission ended well: no recommendation requested"
    );
    let help = tr!(
        lang,
        "demandez un témoignage ou un avis au client, puis notez la date dans `recommendation.requested`",
        "ask the client for a testimonial or review, then record the date in `recommendation.requested`"
    );
    out.report(f.anchor(), message).help(help);
}
