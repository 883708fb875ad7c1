//! The facts of the letters that end a mission: the notice (its period, the end date computed
//! from the date of receipt, how it is delivered or was given) and the RGPD ending (deleted,
//! returned, kept and why).

use super::facts::{Needs, Request, long_date, placeholder};
use crate::calendar::add_months;
use crate::diagnostic::LetterKind;
use crate::error::Result;
use crate::journal::Front;
use crate::journal::schema::{Channel, EndedBy, NoticePeriod};
use crate::tr;
use jiff::civil::Date;
use serde::Serialize;

#[derive(Serialize, Debug)]
pub struct NoticeFacts {
    /// When the notice was (or is to be) received.
    pub given: String,
    /// `30 jours`, `2 mois`; `30 days`, `2 months`.
    pub period: String,
    /// given + the period.
    pub end: String,
    /// `notice`: how it is delivered; `notice-confirmation`: where it was given.
    pub channel: String,
    /// `notice-confirmation`: the decision was mine (`ended_by: me`), else the client's.
    pub mine: bool,
}

#[derive(Serialize, Debug)]
pub struct RgpdFacts {
    pub deleted: Option<String>,
    pub returned: Option<String>,
    pub hold: Option<String>,
}

pub(super) fn notice(
    front: &Front,
    req: &Request,
    need: &mut Needs,
    warnings: &mut Vec<String>,
) -> Result<NoticeFacts> {
    let lang = req.lang;
    let given = front
        .notice
        .given
        .as_ref()
        .map(|f| f.value)
        .ok_or_else(|| need.missing("notice.given", None))?;
    let period = front.contract.notice_period().ok_or_else(|| {
        need.missing(
            "contract.notice_days",
            Some(lang.pick("contract.notice_months", "contract.notice_months")),
        )
    })?;
    let (end, period_text) = match period {
        NoticePeriod::Days(n) => (
            given
                .checked_add(jiff::Span::new().days(n))
                .unwrap_or(Date::MAX),
            crate::i18n::days(n, lang),
        ),
        NoticePeriod::Months(n) => (
            add_months(given, n),
            if n >= 2 {
                tr!(lang, "{n} mois", "{n} months")
            } else {
                tr!(lang, "{n} mois", "{n} month")
            },
        ),
    };
    if let Some(journal_end) = &front.end
        && journal_end.value != end
    {
        warnings.push(tr!(
            lang,
            "{}\u{A0}: `end` vaut {} mais le préavis mène au {} (notice.given + préavis)\u{A0}; la lettre utilise le {}",
            "{}: `end` is {} but the notice ends on {} (notice.given + the notice period); the letter uses {}",
            need.file,
            journal_end.value,
            end,
            end
        ));
    }
    let channel = front.notice.channel.as_ref().map(|c| c.value);
    let channel_text = match (req.kind, channel) {
        (LetterKind::Notice, Some(Channel::Rar)) => lang
            .pick(
                "Lettre recommandée avec accusé de réception",
                "By registered letter with acknowledgement of receipt",
            )
            .to_string(),
        (LetterKind::NoticeConfirmation, Some(Channel::Phone)) => lang
            .pick("lors de notre échange téléphonique", "on the phone")
            .to_string(),
        (LetterKind::NoticeConfirmation, Some(Channel::Meeting)) => lang
            .pick("lors de notre rendez-vous", "in our meeting")
            .to_string(),
        (LetterKind::Notice, _) => {
            warnings.push(tr!(
                lang,
                "notice.channel n’est pas `rar`\u{A0}: indiquez dans la lettre comment elle est remise",
                "notice.channel is not `rar`: say in the letter how it is delivered"
            ));
            placeholder(
                lang,
                lang.pick(
                    "remise en main propre contre décharge, ou lettre recommandée avec accusé de réception",
                    "delivered by hand against a receipt, or by registered letter",
                ),
            )
        }
        _ => {
            warnings.push(tr!(
                lang,
                "notice.channel n’est ni `phone` ni `meeting`\u{A0}: précisez dans la lettre où le préavis a été donné",
                "notice.channel is neither `phone` nor `meeting`: say in the letter where the notice was given"
            ));
            placeholder(
                lang,
                lang.pick(
                    "où le préavis a été donné (téléphone, rendez-vous)",
                    "where the notice was given (phone, meeting)",
                ),
            )
        }
    };
    let mine = match req.kind {
        LetterKind::Notice => true,
        _ => match front.ended_by.as_ref().map(|e| e.value) {
            Some(EndedBy::Me) => true,
            Some(EndedBy::Client) => false,
            _ => return Err(need.missing("ended_by", None)),
        },
    };
    Ok(NoticeFacts {
        given: long_date(given, lang),
        period: period_text,
        end: long_date(end, lang),
        channel: channel_text,
        mine,
    })
}

pub(super) fn rgpd(front: &Front, need: &mut Needs) -> Result<RgpdFacts> {
    let lang = need.lang;
    let r = &front.rgpd;
    let deleted = r.deleted.as_ref().map(|d| long_date(d.value, lang));
    let returned = r.returned.as_ref().map(|d| long_date(d.value, lang));
    if deleted.is_none() && returned.is_none() {
        return Err(need.missing("rgpd.deleted", Some("rgpd.returned")));
    }
    Ok(RgpdFacts {
        deleted,
        returned,
        hold: r
            .hold
            .as_ref()
            .map(|h| h.value.trim().to_string())
            .filter(|s| !s.is_empty()),
    })
}
