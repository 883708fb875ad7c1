//! Money rules before and at the due date: the deposit paid before work goes on, payment terms
//! within the law, invoices paid on time, and no work done while an invoice is overdue. What
//! follows a formal notice is `recovery`'s.

use super::{Ctx, Reporter, days_between};
use crate::diagnostic::Severity;
use crate::i18n::Lang;
use crate::i18n::format::amount as euros;
use crate::journal::schema::{ClientKind, Invoice};
use crate::journal::{Front, Mission, Status};
use crate::lint::Policy;
use crate::tr;
use jiff::civil::Date;

/// The invoice's number, or its rank when it has none.
pub(super) fn label(inv: &Invoice, index: usize) -> String {
    inv.number
        .as_ref()
        .map_or_else(|| format!("#{}", index + 1), |n| n.value.clone())
}

/// An invoice's amount as the language writes it, `?` without one.
pub(super) fn amount(inv: &Invoice, lang: Lang) -> String {
    inv.amount
        .as_ref()
        .map_or_else(|| "?".into(), |a| euros(a.value, lang))
}

/// What the law adds to a late invoice, by the client's kind.
fn late_costs(kind: ClientKind, lang: Lang) -> String {
    match kind {
        ClientKind::Business => tr!(
            lang,
            "entre professionnels, les pénalités de retard courent dès le lendemain de l’échéance, sans relance, et l’indemnité forfaitaire de 40\u{a0}€ s’ajoute par facture (C. com. L441-10)",
            "between businesses, late-payment penalties run from the day after the due date with no reminder needed, plus the €40 recovery indemnity per invoice (C. com. L441-10)"
        ),
        ClientKind::Consumer => tr!(
            lang,
            "avec un particulier, l’intérêt au taux légal court à partir de la mise en demeure, sans indemnité de 40\u{a0}€ (C. civ. 1231-6, 1344-1)",
            "with a consumer, legal interest runs from the formal notice, and there is no €40 indemnity (C. civ. 1231-6, 1344-1)"
        ),
    }
}

/// Stopping work while unpaid (C. civ. 1219–1220).
fn stopping_work(lang: Lang) -> String {
    tr!(
        lang,
        "suspendre le travail est permis s’il reste proportionné : annoncez-le par écrit, au mieux dans la mise en demeure (C. civ. 1219-1220)",
        "stopping work is allowed if proportionate: announce it in writing, ideally in the formal notice (C. civ. 1219–1220)"
    )
}

pub(super) fn invoice_unpaid(ctx: &Ctx, _: &Mission, f: &Front, out: &mut Reporter) {
    let lang = ctx.lang;
    let kind = f.client_kind();
    for (i, inv) in f.invoices.iter().enumerate() {
        let Some(due) = &inv.due else { continue };
        if inv.paid.is_some() || ctx.today <= due.value {
            continue;
        }
        let number = label(inv, i);
        let amount = amount(inv, lang);
        let late = crate::i18n::days(days_between(due.value, ctx.today), lang);
        let sent = match (&inv.formal_notice, &inv.rar) {
            (Some(date), Some(rar)) => Some(tr!(
                lang,
                "le {}, recommandé {}",
                "on {}, registered letter {}",
                date.value,
                rar.value
            )),
            (Some(date), None) => Some(tr!(lang, "le {}", "on {}", date.value)),
            (None, Some(rar)) => Some(tr!(
                lang,
                "recommandé {}",
                "registered letter {}",
                rar.value
            )),
            (None, None) => None,
        };
        let costs = late_costs(kind, lang);
        let stop = stopping_work(lang);
        let (severity, message, help) = match sent {
            Some(sent) => (
                Severity::Warning,
                tr!(
                    lang,
                    "facture {number} ({amount}) impayée depuis {late} ; mise en demeure envoyée ({sent})",
                    "invoice {number} ({amount}) unpaid for {late}; formal notice sent ({sent})"
                ),
                tr!(
                    lang,
                    "la mise en demeure est partie : sans paiement à l’échéance qu’elle fixe, passez à l’étape suivante (voir `formal-notice-unanswered`) ; {costs} ; {stop} ; `debrief draft formal-notice` rédige la lettre ; notez `paid` dès le règlement",
                    "the formal notice has gone out: if its deadline passes unpaid, take the next step (see `formal-notice-unanswered`); {costs}; {stop}; `debrief draft formal-notice` writes the letter; record `paid` once paid"
                ),
            ),
            None => (
                Severity::Error,
                tr!(
                    lang,
                    "facture {number} ({amount}) impayée depuis {late}",
                    "invoice {number} ({amount}) unpaid for {late}"
                ),
                tr!(
                    lang,
                    "relancez, puis envoyez une mise en demeure (`debrief draft formal-notice`) : lettre recommandée avec accusé de réception, facture jointe, en pli sans enveloppe pour que son contenu soit plus difficile à contester, le numéro du recommandé recopié sur la lettre, et les mêmes documents par courriel en citant ce numéro ; {costs} ; {stop} ; notez la date dans `formal_notice` et le numéro dans `rar`",
                    "send a reminder, then a formal notice (`debrief draft formal-notice`): registered letter with acknowledgement of receipt, the invoice enclosed, as a folded letter without envelope so its content is harder to dispute, its registration number copied on the letter, and the same documents by e-mail quoting that number; {costs}; {stop}; record the date in `formal_notice` and the number in `rar`"
                ),
            ),
        };
        out.severity(severity).report(inv.pos, message).help(help);
    }
}

/// The journal entries that are work (not a reminder, an invoice, a notice…), with their date.
fn work_entries<'m>(
    m: &'m Mission,
    policy: &'m Policy,
) -> impl Iterator<Item = (&'m crate::journal::Heading, Date)> {
    m.body
        .entries()
        .filter(move |(heading, _)| !policy.is_admin_normalized(&heading.norm))
}

pub(super) fn worked_while_unpaid(ctx: &Ctx, m: &Mission, f: &Front, out: &mut Reporter) {
    if f.invoices.is_empty() {
        return;
    }
    let lang = ctx.lang;
    // The date first: the admin words are read only for an entry dated while an invoice was late.
    for (heading, day) in m.body.entries() {
        let overdue = f.invoices.iter().enumerate().find(|(_, inv)| {
            inv.due.as_ref().is_some_and(|due| day > due.value)
                && inv.paid.as_ref().is_none_or(|paid| paid.value > day)
        });
        let Some((i, inv)) = overdue else { continue };
        if ctx.policy.is_admin_normalized(&heading.norm) {
            continue;
        }
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
            "{} ; une entrée de relance, de facture ou de préavis n’est pas du travail : les mots de `[lint.policy] admin-words` la font reconnaître",
            "{}; an entry about a reminder, an invoice or a notice is not work: the words of `[lint.policy] admin-words` tell it apart",
            stopping_work(lang)
        );
        out.report(m.pos(heading.range.start), message).help(help);
    }
}

pub(super) fn deposit_unpaid(ctx: &Ctx, m: &Mission, f: &Front, out: &mut Reporter) {
    if !matches!(f.status(), Some(Status::Active | Status::Ending)) || f.deposit.received.is_some()
    {
        return;
    }
    let Some(requested) = &f.deposit.requested else {
        return;
    };
    // The earliest work entry after the request; the first in the file among equals.
    let first = work_entries(m, ctx.policy)
        .filter(|(_, day)| *day > requested.value)
        .min_by_key(|(heading, day)| (*day, heading.range.start));
    let Some((heading, day)) = first else { return };
    let lang = ctx.lang;
    let amount = f
        .deposit
        .amount
        .as_ref()
        .map_or_else(String::new, |a| format!(" ({})", euros(a.value, lang)));
    let message = tr!(
        lang,
        "travail le {day} alors que l’acompte{amount} demandé le {} n’est pas reçu",
        "work on {day} while the deposit{amount} requested on {} has not been received",
        requested.value
    );
    let help = tr!(
        lang,
        "relancez le client pour l’acompte (`debrief draft payment-reminder`) avant d’avancer davantage ; notez sa réception dans `deposit.received`",
        "remind the client about the deposit (`debrief draft payment-reminder`) before going further; record its receipt in `deposit.received`"
    );
    out.report(m.pos(heading.range.start), message).help(help);
}

pub(super) fn payment_terms_too_long(ctx: &Ctx, _: &Mission, f: &Front, out: &mut Reporter) {
    if f.client_kind() != ClientKind::Business {
        return;
    }
    let lang = ctx.lang;
    let max = ctx.policy.payment_terms_max_days;
    for (i, inv) in f.invoices.iter().enumerate() {
        let (Some(issued), Some(due)) = (&inv.issued, &inv.due) else {
            continue;
        };
        let term = days_between(issued.value, due.value);
        if term <= max {
            continue;
        }
        let number = label(inv, i);
        let message = tr!(
            lang,
            "facture {number} : délai de paiement de {} entre l’émission ({}) et l’échéance ({}), au-delà de {}",
            "invoice {number}: payment term of {} from issue ({}) to due date ({}), over {}",
            crate::i18n::days(term, lang),
            issued.value,
            due.value,
            crate::i18n::days(max, lang)
        );
        let help = tr!(
            lang,
            "entre professionnels, le délai ne peut dépasser 60 jours après l’émission de la facture, ou 45 jours fin de mois s’il est expressément convenu (C. com. L441-10) ; corrigez `due`, ou, si le contrat prévoit 45 jours fin de mois, relevez `[lint.policy] payment-terms-max-days` (jusqu’à 75)",
            "between businesses, the term cannot exceed 60 days from the invoice's issue, or 45 days end of month if expressly agreed (C. com. L441-10); fix `due`, or, if the contract agreed 45 days end of month, raise `[lint.policy] payment-terms-max-days` (up to 75)"
        );
        out.report(inv.pos, message).help(help);
    }
}
