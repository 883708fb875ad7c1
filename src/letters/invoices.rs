//! The unpaid invoices a money letter claims: which ones (all unpaid, or `--invoice`), how late
//! each is at the letter's date, and for a business client the late penalties at the rate of the
//! half-year it fell due (`[money] late-rate`, else the shipped ECB rate + 10 points) and the €40
//! indemnity; the totals. Amounts are exact cents read from the journal's text.

use super::facts::{Needs, Request, long_date};
use crate::config::Config;
use crate::diagnostic::LetterKind;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::journal::schema::ClientKind;
use crate::journal::{Front, Mission};
use crate::money::{Cents, Rate, ecb, penalty};
use crate::tr;
use jiff::civil::Date;
use serde::Serialize;

/// The €40 recovery indemnity per late invoice between businesses (C. com. D441-5).
pub const INDEMNITY: Cents = Cents(4_000);

/// The small-claims threshold on the principal (C. proc. exéc. L125-1, R125-1).
pub const SMALL_CLAIMS: Cents = Cents(500_000);

/// One invoice as the letter states it; amounts already written in the letter's language.
#[derive(Serialize, Debug, Clone)]
pub struct Line {
    /// The invoice's number; for the deposit, `acompte` / `deposit`.
    pub number: String,
    /// The requested deposit (`payment-reminder` only): `due` is the date it was requested.
    pub deposit: bool,
    pub amount: String,
    pub issued: Option<String>,
    /// When a friendly reminder was sent (`reminded`).
    pub reminded: Option<String>,
    pub due: String,
    pub days_late: i64,
    /// `12,15 %`; empty for a consumer client.
    pub rate: String,
    /// Where the rate comes from, as the letter says it.
    pub rate_basis: String,
    pub penalty: String,
    pub indemnity: String,
    /// amount + penalty + indemnity.
    pub total: String,
    #[serde(skip)]
    pub cents: Amounts,
}

/// A line's amounts, for the totals.
#[derive(Debug, Clone, Copy, Default)]
pub struct Amounts {
    pub principal: Cents,
    pub penalty: Cents,
    pub indemnity: Cents,
}

#[derive(Serialize, Debug)]
pub struct Totals {
    pub principal: String,
    pub penalties: String,
    pub indemnities: String,
    /// principal + penalties + indemnities.
    pub claimed: String,
    /// The principal is at most €5,000: the simplified small-claims procedure is open.
    pub small_claims: bool,
}

/// The invoices the letter claims, each late at the letter's date.
pub fn select(
    config: &Config,
    mission: &Mission,
    front: &Front,
    req: &Request,
    warnings: &mut Vec<String>,
) -> Result<Vec<Line>> {
    let lang = req.lang;
    let need = Needs {
        kind: req.kind,
        lang,
        file: &mission.rel,
    };
    let business = front.client_kind.as_ref().map(|k| k.value) != Some(ClientKind::Consumer);
    let number_of = |i: usize| {
        front.invoices[i]
            .number
            .as_ref()
            .map(|n| n.value.trim().to_string())
    };
    for wanted in req.invoices {
        if !(0..front.invoices.len()).any(|i| number_of(i).as_deref() == Some(wanted.as_str())) {
            let known: Vec<String> = (0..front.invoices.len()).filter_map(number_of).collect();
            return Err(Error::new(tr!(
                lang,
                "{}\u{A0}: pas de facture numéro `{wanted}` (factures du journal\u{A0}: {})",
                "{}: no invoice numbered `{wanted}` (the journal’s invoices: {})",
                mission.rel,
                if known.is_empty() {
                    "—".into()
                } else {
                    known.join(", ")
                }
            )));
        }
    }
    let mut lines = Vec::new();
    let mut earliest: Option<Date> = None;
    for (i, inv) in front.invoices.iter().enumerate() {
        let named = number_of(i).is_some_and(|n| req.invoices.contains(&n));
        if !req.invoices.is_empty() && !named {
            continue;
        }
        let number = number_of(i);
        if inv.paid.is_some() {
            if named {
                return Err(Error::new(tr!(
                    lang,
                    "{}\u{A0}: la facture {} est payée (invoices[{i}].paid)",
                    "{}: invoice {} is paid (invoices[{i}].paid)",
                    mission.rel,
                    number.unwrap_or_default()
                )));
            }
            continue;
        }
        let number = number.ok_or_else(|| need.missing(&format!("invoices[{i}].number"), None))?;
        let due = inv
            .due
            .as_ref()
            .map(|d| d.value)
            .ok_or_else(|| need.missing(&format!("invoices[{i}].due"), None))?;
        let amount = inv
            .amount_text
            .as_deref()
            .ok_or_else(|| need.missing(&format!("invoices[{i}].amount"), None))
            .and_then(|text| {
                Cents::parse(text).map_err(|_| {
                    Error::new(tr!(
                        lang,
                        "{}\u{A0}: invoices[{i}].amount `{text}` n’est pas un montant en euros avec au plus 2 décimales",
                        "{}: invoices[{i}].amount `{text}` is not an amount in euros with at most 2 decimals",
                        mission.rel
                    ))
                })
            })?;
        let days_late = i64::from((req.date - due).get_days());
        if days_late <= 0 {
            if named && !req.force {
                return Err(Error::new(tr!(
                    lang,
                    "{}\u{A0}: la facture {number} n’est pas en retard au {} (échéance le {})\u{A0}; ajoutez --force pour l’inclure quand même",
                    "{}: invoice {number} is not late on {} (due {}); add --force to include it anyway",
                    mission.rel,
                    long_date(req.date, lang),
                    long_date(due, lang)
                )));
            }
            if !named {
                earliest = Some(earliest.map_or(due, |e| e.min(due)));
                warnings.push(tr!(
                    lang,
                    "facture {number} laissée de côté\u{A0}: pas encore en retard (échéance le {})",
                    "invoice {number} left out: not late yet (due {})",
                    long_date(due, lang)
                ));
                continue;
            }
        }
        let (rate, basis) = if business && req.kind == LetterKind::FormalNotice {
            let (rate, basis) = rate_for(config, due, &number, lang)?;
            (Some(rate), basis)
        } else {
            (None, String::new())
        };
        let pen = rate.map_or(Cents(0), |r| penalty(amount, r, days_late));
        let indemnity = if business && req.kind == LetterKind::FormalNotice && days_late > 0 {
            INDEMNITY
        } else {
            Cents(0)
        };
        let cents = Amounts {
            principal: amount,
            penalty: pen,
            indemnity,
        };
        lines.push(Line {
            deposit: false,
            number,
            amount: amount.format(lang),
            issued: inv.issued.as_ref().map(|d| long_date(d.value, lang)),
            reminded: inv.reminded.as_ref().map(|d| long_date(d.value, lang)),
            due: long_date(due, lang),
            days_late,
            rate: rate.map_or_else(String::new, |r| r.format(lang)),
            rate_basis: basis,
            penalty: pen.format(lang),
            indemnity: indemnity.format(lang),
            total: amount.plus(pen).plus(indemnity).format(lang),
            cents,
        });
    }
    if req.kind == LetterKind::PaymentReminder && req.invoices.is_empty() {
        lines.extend(deposit(front, req, &need)?);
    }
    if lines.is_empty() {
        return Err(match earliest {
            Some(due) => Error::new(tr!(
                lang,
                "{}\u{A0}: aucune facture impayée n’est en retard au {}\u{A0}; la première échéance est le {}",
                "{}: no unpaid invoice is late on {}; the earliest due date is {}",
                mission.rel,
                long_date(req.date, lang),
                long_date(due, lang)
            )),
            None => Error::new(tr!(
                lang,
                "{}\u{A0}: aucune facture impayée dans le journal (invoices[] sans paid)",
                "{}: no unpaid invoice in the journal (invoices[] without paid)",
                mission.rel
            )),
        });
    }
    Ok(lines)
}

/// The requested deposit not received yet, as a reminder line, when it was requested before the
/// letter's date.
fn deposit(front: &Front, req: &Request, need: &Needs) -> Result<Option<Line>> {
    let d = &front.deposit;
    let (Some(requested), None) = (&d.requested, &d.received) else {
        return Ok(None);
    };
    let days = i64::from((req.date - requested.value).get_days());
    if days <= 0 {
        return Ok(None);
    }
    let lang = req.lang;
    let text = d
        .amount_text
        .as_deref()
        .ok_or_else(|| need.missing("deposit.amount", None))?;
    let amount = Cents::parse(text).map_err(|_| {
        Error::new(tr!(
            lang,
            "{}\u{A0}: deposit.amount `{text}` n’est pas un montant en euros avec au plus 2 décimales",
            "{}: deposit.amount `{text}` is not an amount in euros with at most 2 decimals",
            need.file
        ))
    })?;
    Ok(Some(Line {
        number: lang.pick("acompte", "deposit").to_string(),
        deposit: true,
        amount: amount.format(lang),
        issued: None,
        reminded: None,
        due: long_date(requested.value, lang),
        days_late: days,
        rate: String::new(),
        rate_basis: String::new(),
        penalty: Cents(0).format(lang),
        indemnity: Cents(0).format(lang),
        total: amount.format(lang),
        cents: Amounts {
            principal: amount,
            ..Amounts::default()
        },
    }))
}

/// The late-penalty rate of an invoice due on `due`, and its basis as the letter says it.
fn rate_for(config: &Config, due: Date, number: &str, lang: Lang) -> Result<(Rate, String)> {
    if let Some(rate) = config.money.late_rate {
        let basis = tr!(
            lang,
            "taux prévu dans nos conditions générales",
            "the rate set in our terms of sale"
        );
        return Ok((rate, basis));
    }
    let entry = ecb::lookup(ecb::TABLE, due).ok_or_else(|| {
        Error::new(tr!(
            lang,
            "facture {number} échue le {}\u{A0}: debrief n’a pas le taux BCE de ce semestre\u{A0}; indiquez le taux de vos conditions générales dans book.toml, `[money] late-rate` (par exemple `late-rate = 12.15`)",
            "invoice {number} fell due on {}: debrief does not ship the ECB rate of that half-year; set the rate of your terms of sale in book.toml, `[money] late-rate` (for example `late-rate = 12.15`)",
            long_date(due, lang)
        ))
    })?;
    let start = long_date(entry.half.start(), lang);
    let ecb_rate = entry.ecb.format(lang);
    let basis = tr!(
        lang,
        "taux BCE de {ecb_rate} en vigueur au {start} + 10 points, à défaut de taux prévu dans nos conditions",
        "ECB rate of {ecb_rate} in force on {start} + 10 points, as our terms set no rate"
    );
    Ok((entry.ecb.plus_points(10), basis))
}

/// The totals of the claimed lines.
pub fn totals(lines: &[Line], lang: Lang) -> Totals {
    let sum =
        |f: fn(&Amounts) -> Cents| lines.iter().fold(Cents(0), |acc, l| acc.plus(f(&l.cents)));
    let principal = sum(|a| a.principal);
    let penalties = sum(|a| a.penalty);
    let indemnities = sum(|a| a.indemnity);
    Totals {
        principal: principal.format(lang),
        penalties: penalties.format(lang),
        indemnities: indemnities.format(lang),
        claimed: principal.plus(penalties).plus(indemnities).format(lang),
        small_claims: principal <= SMALL_CLAIMS,
    }
}
