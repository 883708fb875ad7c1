//! Notice rules: the notice I give is long enough, a notice given or received orally is confirmed
//! in writing, and a client who leaves before the end of its notice owes the period's pay.
//!
//! A notice period runs from the day the other party receives the notice (`notice.given`); in
//! months it ends on the same day of the month, or the month's last day (`calendar`).

use super::{Ctx, Reporter, days_between};
use crate::calendar::notice_end;
use crate::i18n::{Lang, count, days};
use crate::journal::Front;
use crate::journal::Mission;
use crate::journal::schema::{Channel, EndedBy, NoticePeriod};
use crate::tr;
use jiff::civil::Date;

/// `30 jours`, `2 mois`; `30 days`, `2 months`.
fn period_text(period: NoticePeriod, lang: Lang) -> String {
    match period {
        NoticePeriod::Days(n) => days(n, lang),
        NoticePeriod::Months(n) => count(n, lang, ("mois", "mois"), ("month", "months")),
    }
}

/// The notice's receipt, the contract's period and the mission's end, when all three are known
/// and the end comes before the period allows; with the earliest end it allows.
fn short_notice(f: &Front) -> Option<(Date, NoticePeriod, Date, Date)> {
    let given = f.notice.given.as_ref()?.value;
    let period = f.contract.notice_period()?;
    let end = f.end()?;
    let earliest = notice_end(given, period);
    (end < earliest).then_some((given, period, end, earliest))
}

pub(super) fn notice_too_short(ctx: &Ctx, _: &Mission, f: &Front, out: &mut Reporter) {
    if f.ended_by() != Some(EndedBy::Me) {
        return;
    }
    let (Some(given_at), Some((given, period, end, earliest))) = (&f.notice.given, short_notice(f))
    else {
        return;
    };
    let lang = ctx.lang;
    let required = period_text(period, lang);
    let message = match period {
        NoticePeriod::Days(_) => {
            let actual = days_between(given, end);
            tr!(
                lang,
                "préavis trop court : {actual} jours entre sa réception ({given}) et la fin ({end}), le contrat en impose {required}",
                "notice too short: {actual} days between its receipt ({given}) and the end ({end}); the contract requires {required}"
            )
        }
        NoticePeriod::Months(_) => tr!(
            lang,
            "préavis trop court : fin le {end}, mais {required} après sa réception ({given}) mènent au {earliest}",
            "notice too short: the end is {end}, but {required} after its receipt ({given}) is {earliest}"
        ),
    };
    let help = tr!(
        lang,
        "le préavis court de sa réception par le client : la fin ne peut pas être avant le {earliest} ; partir plus tôt vous expose à des dommages et intérêts (C. civ. 1211, 1231-1), sauf accord écrit du client sur une fin anticipée",
        "the notice runs from the client's receipt of it: the end cannot be before {earliest}; leaving earlier exposes you to damages (C. civ. 1211, 1231-1), unless the client agrees in writing to an earlier end"
    );
    out.report(given_at.pos, message).help(help);
}

pub(super) fn notice_not_in_writing(ctx: &Ctx, _: &Mission, f: &Front, out: &mut Reporter) {
    let Some(by @ (EndedBy::Me | EndedBy::Client)) = f.ended_by() else {
        return;
    };
    if f.notice.confirmed_in_writing.is_some() {
        return;
    }
    let Some(channel) = &f.notice.channel else {
        return;
    };
    if !matches!(channel.value, Channel::Phone | Channel::Meeting) {
        return;
    }
    let lang = ctx.lang;
    let how = channel.value;
    let (message, help) = if by == EndedBy::Me {
        (
            tr!(
                lang,
                "préavis donné oralement (`{how}`) sans confirmation écrite",
                "notice given orally (`{how}`) with no written confirmation"
            ),
            tr!(
                lang,
                "confirmez le préavis par écrit (courriel ou lettre recommandée ; `debrief draft notice-confirmation`), puis notez la date dans `notice.confirmed_in_writing`",
                "confirm the notice in writing (e-mail or registered letter; `debrief draft notice-confirmation`), then record the date in `notice.confirmed_in_writing`"
            ),
        )
    } else {
        (
            tr!(
                lang,
                "préavis du client reçu oralement (`{how}`) sans confirmation écrite",
                "the client's notice received orally (`{how}`) with no written confirmation"
            ),
            tr!(
                lang,
                "demandez au client de confirmer par écrit, ou confirmez-le vous-même par courriel (date de l’échange, fin de mission, préavis), puis notez la date dans `notice.confirmed_in_writing`",
                "ask the client to confirm it in writing, or confirm it yourself by e-mail (date of the conversation, end of the mission, notice period), then record the date in `notice.confirmed_in_writing`"
            ),
        )
    };
    out.report(channel.pos, message).help(help);
}

pub(super) fn client_notice_short(ctx: &Ctx, _: &Mission, f: &Front, out: &mut Reporter) {
    if f.ended_by() != Some(EndedBy::Client) {
        return;
    }
    let (Some(given_at), Some((given, period, end, earliest))) = (&f.notice.given, short_notice(f))
    else {
        return;
    };
    let lang = ctx.lang;
    let required = period_text(period, lang);
    let message = tr!(
        lang,
        "le client met fin à la mission le {end}, avant la fin de son préavis de {required} reçu le {given} (le {earliest})",
        "the client ends the mission on {end}, before the end of its {required} notice received on {given} ({earliest})"
    );
    let help = tr!(
        lang,
        "vous pouvez réclamer la rémunération de la période de préavis non respectée, à titre de dommages et intérêts, selon votre contrat (C. civ. 1211, 1231-1) ; relisez la clause de résiliation avant d’écrire au client",
        "you may claim the pay of the notice period not given, as damages, per your contract (C. civ. 1211, 1231-1); re-read the termination clause before writing to the client"
    );
    out.report(given_at.pos, message).help(help);
}
