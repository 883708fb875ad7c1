//! Money rules: invoices paid on time, and no work done while an invoice is overdue.

use super::{Ctx, Reporter, days_between};
use crate::diagnostic::Severity;
use crate::journal::schema::Invoice;
use crate::journal::{Front, Mission};
use crate::tr;

/// The invoice's number, or its rank when it has none.
fn label(inv: &Invoice, index: usize) -> String {
    inv.number
        .as_ref()
        .map_or_else(|| format!("#{}", index + 1), |n| n.value.clone())
}

/// An amount as a person writes it: `1800`, `1800.50`.
fn amount(inv: &Invoice) -> String {
    match &inv.amount {
        Some(a) if a.value.fract() == 0.0 => format!("{:.0}", a.value),
        Some(a) => format!("{:.2}", a.value),
        None => "?".into(),
    }
}

pub(super) fn invoice_unpaid(ctx: &Ctx, _: &Mission, f: &Front, out: &mut Reporter) {
    let lang = ctx.lang;
    for (i, inv) in f.invoices.iter().enumerate() {
        let Some(due) = &inv.due else { continue };
        if inv.paid.is_some() || ctx.today <= due.value {
            continue;
        }
        let number = label(inv, i);
        let amount = amount(inv);
        let late = crate::i18n::days(days_between(due.value, ctx.today), lang);
        let (severity, message, help) = match &inv.rar {
            Some(rar) => (
                Severity::Warning,
                tr!(
                    lang,
                    "facture {number} ({amount} €) impayée depuis {late} ; mise en demeure envoyée ({})",
                    "invoice {number} ({amount} €) unpaid for {late}; formal notice sent ({})",
                    rar.value
                ),
                tr!(
                    lang,
                    "sans paiement après la mise en demeure, passez à l'injonction de payer ou au recouvrement ; notez `paid` dès le règlement",
                    "if the formal notice brings no payment, move on to a payment order or debt collection; record `paid` once paid"
                ),
            ),
            None => (
                Severity::Error,
                tr!(
                    lang,
                    "facture {number} ({amount} €) impayée depuis {late}",
                    "invoice {number} ({amount} €) unpaid for {late}"
                ),
                tr!(
                    lang,
                    "envoyez une mise en demeure par lettre recommandée avec accusé de réception, la facture jointe, en pli sans enveloppe pour que le contenu soit prouvé, le numéro du recommandé recopié sur la lettre ; envoyez les mêmes documents par courriel en citant ce numéro ; entre professionnels, réclamez les pénalités de retard et l'indemnité forfaitaire de 40 € ; arrêtez de travailler jusqu'au paiement ; notez le numéro dans `rar`",
                    "send a formal notice (mise en demeure) by registered letter with acknowledgement of receipt, the invoice enclosed, as a folded letter without envelope so its content is proven, its registration number copied on the letter; email the same documents quoting that number; between businesses, claim the late-payment penalties and the €40 recovery indemnity; stop working until paid; record the number in `rar`"
                ),
            ),
        };
        out.severity(severity).report(inv.pos, message).help(help);
    }
}

pub(super) fn worked_while_unpaid(ctx: &Ctx, m: &Mission, f: &Front, out: &mut Reporter) {
    if f.invoices.is_empty() {
        return;
    }
    let lang = ctx.lang;
    for (heading, day) in m.body.entries() {
        let overdue = f.invoices.iter().enumerate().find(|(_, inv)| {
            inv.due.as_ref().is_some_and(|due| day > due.value)
                && inv.paid.as_ref().is_none_or(|paid| paid.value > day)
        });
        let Some((i, inv)) = overdue else { continue };
        let number = label(inv, i);
        let due = inv
            .due
            .as_ref()
            .map(|d| d.value.to_string())
            .unwrap_or_default();
        let message = tr!(
            lang,
            "travail le {day} alors que la facture {number} était impayée depuis son échéance du {due}",
            "work on {day} while invoice {number} was unpaid past its due date of {due}"
        );
        let help = tr!(
            lang,
            "dès qu'une facture est en retard, arrêtez de travailler jusqu'au paiement",
            "once an invoice is overdue, stop working until it is paid"
        );
        out.report(m.pos(heading.range.start), message).help(help);
    }
}
