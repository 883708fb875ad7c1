//! Structure rules: the file can be read, its front matter is there and parses, its fields are
//! present, valid and known, its dates agree, and its page URL is its own. All but
//! `dates-inconsistent` are found by the loader (`journal`) or book-wide (`lint::check`); their
//! declarations and documentation are in `diagnostic::catalog`, like every rule's.

use super::{Ctx, Reporter};
use crate::journal::{Front, Mission, Status};
use crate::tr;

pub(super) fn dates_inconsistent(ctx: &Ctx, _: &Mission, f: &Front, out: &mut Reporter) {
    let lang = ctx.lang;
    if let (Some(start), Some(end)) = (&f.start, &f.end)
        && end.value < start.value
    {
        let message = tr!(
            lang,
            "la fin ({}) précède le début ({})",
            "the end ({}) is before the start ({})",
            end.value,
            start.value
        );
        out.report(end.pos, message);
    }
    if let (Some(Status::Closed), Some(end)) = (f.status(), &f.end)
        && end.value > ctx.today
    {
        let message = tr!(
            lang,
            "mission `closed` dont la fin ({}) est après aujourd'hui ({})",
            "mission is `closed` but its end ({}) is after today ({})",
            end.value,
            ctx.today
        );
        let help = tr!(
            lang,
            "si la fin est décidée mais pas encore arrivée, mettez `status: ending` ; sinon corrigez `end`",
            "if the end is decided but not reached yet, use `status: ending`; otherwise fix `end`"
        );
        out.report(end.pos, message).help(help);
    }
    for (i, inv) in f.invoices.iter().enumerate() {
        let Some(issued) = &inv.issued else { continue };
        let number = inv
            .number
            .as_ref()
            .map_or_else(|| format!("#{}", i + 1), |n| n.value.clone());
        for (key, date) in [("due", &inv.due), ("paid", &inv.paid)] {
            if let Some(d) = date
                && d.value < issued.value
            {
                let message = tr!(
                    lang,
                    "facture {number} : `{key}` ({}) précède la date d'émission ({})",
                    "invoice {number}: `{key}` ({}) is before its issue date ({})",
                    d.value,
                    issued.value
                );
                out.report(d.pos, message);
            }
        }
    }
}
