//! Structure rules: the file can be read, its front matter is there and parses, its fields are
//! present, valid and known, its dates agree, and its page URL is its own. All but
//! `dates-inconsistent` are found by the loader or book-wide; their code is elsewhere, their
//! declaration and documentation here.

use super::{Check, Ctx, Family, Rule, Sink};
use crate::diagnostic::Severity;
use crate::journal::{Front, Mission, Status};
use crate::tr;

const ALL: (&str, &str) = ("toutes", "all");

pub const FILE_UNREADABLE: Rule = Rule {
    id: "file-unreadable",
    family: Family::Structure,
    severity: Severity::Error,
    applies: ALL,
    doc: include_str!("docs/file-unreadable.md"),
    check: Check::Loader,
};

pub const FRONT_MATTER_MISSING: Rule = Rule {
    id: "front-matter-missing",
    family: Family::Structure,
    severity: Severity::Error,
    applies: ALL,
    doc: include_str!("docs/front-matter-missing.md"),
    check: Check::Loader,
};

pub const FRONT_MATTER_SYNTAX: Rule = Rule {
    id: "front-matter-syntax",
    family: Family::Structure,
    severity: Severity::Error,
    applies: ALL,
    doc: include_str!("docs/front-matter-syntax.md"),
    check: Check::Loader,
};

pub const BODY_TOO_DEEP: Rule = Rule {
    id: "body-too-deep",
    family: Family::Structure,
    severity: Severity::Error,
    applies: ALL,
    doc: include_str!("docs/body-too-deep.md"),
    check: Check::Loader,
};

pub const FIELD_MISSING: Rule = Rule {
    id: "field-missing",
    family: Family::Structure,
    severity: Severity::Error,
    applies: ALL,
    doc: include_str!("docs/field-missing.md"),
    check: Check::Loader,
};

pub const FIELD_INVALID: Rule = Rule {
    id: "field-invalid",
    family: Family::Structure,
    severity: Severity::Error,
    applies: ALL,
    doc: include_str!("docs/field-invalid.md"),
    check: Check::Loader,
};

pub const FIELD_UNKNOWN: Rule = Rule {
    id: "field-unknown",
    family: Family::Structure,
    severity: Severity::Warning,
    applies: ALL,
    doc: include_str!("docs/field-unknown.md"),
    check: Check::Loader,
};

pub const DUPLICATE_SLUG: Rule = Rule {
    id: "duplicate-slug",
    family: Family::Structure,
    severity: Severity::Error,
    applies: ALL,
    doc: include_str!("docs/duplicate-slug.md"),
    check: Check::Book,
};

pub const DATES_INCONSISTENT: Rule = Rule {
    id: "dates-inconsistent",
    family: Family::Structure,
    severity: Severity::Error,
    applies: ALL,
    doc: include_str!("docs/dates-inconsistent.md"),
    check: Check::Mission(dates_inconsistent),
};

fn dates_inconsistent(ctx: &Ctx, _: &Mission, f: &Front, out: &mut Sink) {
    const ID: &str = "dates-inconsistent";
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
        out.push(ID, end.pos, Severity::Error, message);
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
        out.push_help(ID, end.pos, Severity::Error, message, help);
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
                out.push(ID, d.pos, Severity::Error, message);
            }
        }
    }
}
