//! What a mission card and page show beyond its text: its period, its tags with their pages, the
//! facts panel and its invoices (private view only).

use crate::audience::Shown;
use crate::i18n::Lang;
use crate::i18n::format;
use crate::site::context::{Fact, InvoiceRow, TagRef};
use crate::site::routes;
use crate::site::strings::{channel_label, end_reason_label, ended_by_label, status_label};
use std::collections::{BTreeMap, HashSet};

/// The dates of a mission in prose, `start → end` (either may be missing).
pub fn period(v: &Shown, lang: Lang) -> String {
    format::period(v.start, v.end, lang)
}

/// The tags of a mission; only those in `with_page` (slugs) link to a page.
pub fn tag_refs(tags: &[String], with_page: &HashSet<String>) -> Vec<TagRef> {
    tags.iter()
        .map(|t| {
            let slug = routes::tag_slug(t);
            TagRef {
                name: t.clone(),
                url: with_page.contains(&slug).then(|| routes::tag(&slug)),
            }
        })
        .collect()
}

/// The facts of a mission: only ever called for a private view. Dates read as prose in the
/// facts list and stay ISO (`2026-03-05`) in the invoices table, where they line up and sort.
/// `t`: the interface strings of `lang` (`strings`).
pub fn facts(
    v: &Shown,
    f: &crate::journal::Front,
    t: &BTreeMap<&'static str, &'static str>,
    lang: Lang,
) -> (Vec<Fact>, Vec<InvoiceRow>) {
    type DateField = Option<crate::journal::schema::Field<jiff::civil::Date>>;
    let date = |d: &DateField| d.as_ref().map(|d| format::date(d.value, lang));
    let iso = |d: &DateField| d.as_ref().map(|d| d.value.to_string());
    let mut out = vec![Fact {
        label: t["client"],
        value: v.client_label.clone(),
    }];
    let mut push = |label: &'static str, value: Option<String>| {
        if let Some(value) = value {
            out.push(Fact { label, value });
        }
    };
    push(t["period"], Some(period(v, lang)).filter(|p| !p.is_empty()));
    push(
        t["status"],
        f.status().map(|s| status_label(s, lang).to_string()),
    );
    push(
        t["ended_by"],
        f.ended_by().map(|b| ended_by_label(b, lang).to_string()),
    );
    push(
        t["end_reason"],
        f.end_reason.as_ref().map(|r| {
            end_reason_label(&r.value, lang).map_or_else(|| r.value.clone(), str::to_string)
        }),
    );
    push(t["facts_contract"], date(&f.contract.termination_checked));
    push(
        t["facts_notice_days"],
        f.contract
            .notice_days
            .as_ref()
            .map(|d| crate::i18n::days(d.value, lang)),
    );
    push(t["facts_notice"], date(&f.notice.given));
    push(
        t["facts_notice_channel"],
        f.notice
            .channel
            .as_ref()
            .map(|c| channel_label(c.value, lang).to_string()),
    );
    push(
        t["facts_notice_written"],
        date(&f.notice.confirmed_in_writing),
    );
    push(t["facts_feedback_requested"], date(&f.feedback.requested));
    push(t["facts_feedback_received"], date(&f.feedback.received));
    push(t["facts_reco_requested"], date(&f.recommendation.requested));
    push(t["facts_reco_received"], date(&f.recommendation.received));
    push(t["facts_consent"], date(&f.case_study_consent));
    push(t["facts_rgpd_notified"], date(&f.rgpd.notified));
    push(t["facts_rgpd_deleted"], date(&f.rgpd.deleted));
    let invoices = f
        .invoices
        .iter()
        .map(|i| InvoiceRow {
            number: i
                .number
                .as_ref()
                .map(|n| n.value.clone())
                .unwrap_or_default(),
            amount: i
                .amount
                .as_ref()
                .map_or_else(String::new, |a| format::amount(a.value, lang)),
            issued: iso(&i.issued).unwrap_or_default(),
            due: iso(&i.due).unwrap_or_default(),
            paid: iso(&i.paid).unwrap_or_default(),
            rar: i.rar.as_ref().map(|r| r.value.clone()).unwrap_or_default(),
            unpaid: i.paid.is_none(),
        })
        .collect();
    (out, invoices)
}
