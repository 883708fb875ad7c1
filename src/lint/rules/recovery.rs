//! Recovering an unpaid invoice after the formal notice: the notice's deadline passed without
//! payment, and the claim's prescription date coming near (or gone).

use super::money::{amount, label};
use super::{Ctx, Reporter, add_days};
use crate::calendar::prescription_limit;
use crate::diagnostic::Severity;
use crate::journal::schema::ClientKind;
use crate::journal::{Front, Mission};
use crate::tr;

/// Days after the formal notice from which an unanswered one is an error.
const FORMAL_NOTICE_ERROR_DAYS: i64 = 30;

pub(super) fn formal_notice_unanswered(ctx: &Ctx, _: &Mission, f: &Front, out: &mut Reporter) {
    let lang = ctx.lang;
    for (i, inv) in f.invoices.iter().enumerate() {
        let Some(sent) = &inv.formal_notice else {
            continue;
        };
        if inv.paid.is_some() {
            continue;
        }
        let deadline = add_days(sent.value, ctx.policy.formal_notice_days);
        if ctx.today <= deadline {
            continue;
        }
        let severity = if ctx.today > add_days(sent.value, FORMAL_NOTICE_ERROR_DAYS) {
            Severity::Error
        } else {
            Severity::Warning
        };
        let number = label(inv, i);
        let amount = amount(inv, lang);
        let message = tr!(
            lang,
            "facture {number} ({amount}) toujours impayée après la mise en demeure du {} (échéance donnée : {deadline})",
            "invoice {number} ({amount}) still unpaid after the formal notice of {} (deadline given: {deadline})",
            sent.value
        );
        let help = tr!(
            lang,
            "étape suivante : l’injonction de payer, une requête sans avocat au tribunal de commerce (client commerçant) ou au tribunal judiciaire (CPC 1405-1416) ; pour 5\u{202f}000\u{a0}€ au plus, la procédure simplifiée de recouvrement des petites créances par un commissaire de justice (C. proc. exéc. L125-1) ; notez `paid` dès le règlement",
            "next step: an injonction de payer (payment order), a request made without a lawyer to the tribunal de commerce (trader client) or the tribunal judiciaire (CPC 1405–1416); for €5,000 or less, the simplified small-claims recovery procedure through a commissaire de justice (C. proc. exéc. L125-1); record `paid` once paid"
        );
        out.severity(severity).report(inv.pos, message).help(help);
    }
}

pub(super) fn invoice_prescription_near(ctx: &Ctx, _: &Mission, f: &Front, out: &mut Reporter) {
    let lang = ctx.lang;
    let kind = f.client_kind();
    for (i, inv) in f.invoices.iter().enumerate() {
        if inv.paid.is_some() {
            continue;
        }
        let Some(limit) = prescription_limit(f, inv) else {
            continue;
        };
        if ctx.today < add_days(limit, -ctx.policy.prescription_warn_days) {
            continue;
        }
        let number = label(inv, i);
        let amount = amount(inv, lang);
        let law = match kind {
            ClientKind::Business => tr!(
                lang,
                "5 ans entre professionnels (C. com. L110-4, C. civ. 2224)",
                "5 years between businesses (C. com. L110-4, C. civ. 2224)"
            ),
            ClientKind::Consumer => tr!(
                lang,
                "2 ans contre un particulier (C. conso. L218-2)",
                "2 years against a consumer (C. conso. L218-2)"
            ),
        };
        if ctx.today > limit {
            let message = tr!(
                lang,
                "facture {number} ({amount}) prescrite depuis le {limit} : la créance est perdue",
                "invoice {number} ({amount}) prescribed since {limit}: the claim is lost"
            );
            let help = tr!(
                lang,
                "prescription de {law}, comptée ici depuis la plus ancienne de l’émission et de la fin de mission ; si un acte l’a interrompue, demandez conseil ; sinon notez la facture comme perdue dans vos comptes",
                "prescription of {law}, counted here from the earlier of the issue date and the mission's end; if some step interrupted it, seek advice; otherwise write the invoice off in your books"
            );
            out.severity(Severity::Info)
                .report(inv.pos, message)
                .help(help);
        } else {
            let message = tr!(
                lang,
                "facture {number} ({amount}) impayée : la créance sera prescrite le {limit}",
                "invoice {number} ({amount}) unpaid: the claim will be prescribed on {limit}"
            );
            let help = tr!(
                lang,
                "prescription de {law}, comptée ici depuis la plus ancienne de l’émission et de la fin de mission ; une mise en demeure ne l’interrompt pas (C. civ. 1344) : avant cette date, engagez la procédure (par exemple une injonction de payer, CPC 1405-1416) ou demandez conseil",
                "prescription of {law}, counted here from the earlier of the issue date and the mission's end; a formal notice does not interrupt it (C. civ. 1344): before that date, start proceedings (for example an injonction de payer, CPC 1405–1416) or seek advice"
            );
            out.report(inv.pos, message).help(help);
        }
    }
}
