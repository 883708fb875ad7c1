//! Deadlines: every dated obligation a journal implies (`deadlines.md`), computed once by
//! `deadlines(book, today, lang)` for `debrief todo`, the private site's `deadlines.ics` and its
//! pages. Each kind's date and condition live here; the dates the linter also reads (notice end,
//! prescription limit) come from `calendar`, so both always agree. Writers: `report` (human and
//! JSON) and `ics` (RFC 5545).

pub mod ics;
pub mod report;
mod titles;

use crate::calendar::{add_days, notice_end, prescription_limit};
use crate::i18n::Lang;
use crate::journal::schema::Field;
use crate::journal::{Book, Element, Front, Mission, Status};
use jiff::civil::Date;
use std::collections::HashMap;

/// Days after `deposit.requested` by which the deposit should have come in.
const DEPOSIT_DAYS: i64 = 8;
/// Days after an invoice's `due` date to send a friendly reminder.
const REMINDER_DAYS: i64 = 7;

/// What a deadline asks for, in the spec's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    InvoiceDue,
    PaymentReminder,
    FormalNoticeDeadline,
    Prescription,
    NoticeEnd,
    AccessRemoval,
    RgpdDeletion,
    FeedbackFollowUp,
    Deposit,
    CloseMission,
}

impl Kind {
    pub const ALL: [Kind; 10] = [
        Kind::InvoiceDue,
        Kind::PaymentReminder,
        Kind::FormalNoticeDeadline,
        Kind::Prescription,
        Kind::NoticeEnd,
        Kind::AccessRemoval,
        Kind::RgpdDeletion,
        Kind::FeedbackFollowUp,
        Kind::Deposit,
        Kind::CloseMission,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::InvoiceDue => "invoice-due",
            Kind::PaymentReminder => "payment-reminder",
            Kind::FormalNoticeDeadline => "formal-notice-deadline",
            Kind::Prescription => "prescription",
            Kind::NoticeEnd => "notice-end",
            Kind::AccessRemoval => "access-removal",
            Kind::RgpdDeletion => "rgpd-deletion",
            Kind::FeedbackFollowUp => "feedback-follow-up",
            Kind::Deposit => "deposit",
            Kind::CloseMission => "close-mission",
        }
    }

    /// The lint rule that reports this deadline once missed: a `lint.allow` of it in the journal
    /// says the mission has settled it otherwise (precision 4), and closes the deadline.
    pub fn rule(self) -> Option<&'static str> {
        match self {
            Kind::InvoiceDue | Kind::PaymentReminder => Some("invoice-unpaid"),
            Kind::FormalNoticeDeadline => Some("formal-notice-unanswered"),
            Kind::Prescription => Some("invoice-prescription-near"),
            Kind::NoticeEnd => None,
            Kind::AccessRemoval => Some("access-open"),
            Kind::RgpdDeletion => Some("rgpd-not-deleted"),
            Kind::FeedbackFollowUp => Some("feedback-missing"),
            Kind::Deposit => Some("deposit-unpaid"),
            Kind::CloseMission => Some("mission-stale"),
        }
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One open deadline.
#[derive(Debug, Clone, PartialEq)]
pub struct Deadline {
    /// The mission's title (its slug when it has none).
    pub mission: String,
    /// The journal's path relative to the book root.
    pub path: String,
    /// The line of the key the date comes from.
    pub line: u32,
    pub kind: Kind,
    pub due: Date,
    /// today − due when positive, else 0.
    pub overdue_days: i64,
    /// The action, in the book's language.
    pub title: String,
    /// The calendar UID: kind, item (for invoices and access items), slug; stable across builds.
    pub uid: String,
}

impl Deadline {
    pub fn is_overdue(&self) -> bool {
        self.overdue_days > 0
    }
}

/// Every open deadline of the loaded journals of `book`, sorted by due date (then path, line
/// and kind). A journal that did not load has none.
pub fn deadlines(book: &Book, today: Date, lang: Lang) -> Vec<Deadline> {
    let policy = &book.config.lint.policy;
    let mut out = Vec::new();
    // Two journals with one slug (a `duplicate-slug` error) must not share UIDs: the later
    // path gets `-2`, `-3`…
    let mut slugs: HashMap<&str, usize> = HashMap::new();
    for m in &book.missions {
        let seen = slugs.entry(m.slug.as_str()).or_default();
        *seen += 1;
        let Some(f) = &m.front else { continue };
        let uid_slug = match *seen {
            1 => m.slug.clone(),
            n => format!("{}-{n}", m.slug),
        };
        let mut add = |kind: Kind, item: Option<usize>, due: Date, line: u32, title: String| {
            if kind.rule().is_some_and(|id| {
                f.allow
                    .iter()
                    .any(|a| a.rule.as_ref().is_some_and(|r| r.value == id))
            }) {
                return;
            }
            let uid = match item {
                Some(i) => format!("{kind}.{i}.{uid_slug}@debrief"),
                None => format!("{kind}.{uid_slug}@debrief"),
            };
            let mission = match f.title() {
                "" => m.slug.clone(),
                t => t.to_string(),
            };
            out.push(Deadline {
                mission,
                path: m.rel.clone(),
                line,
                kind,
                due,
                overdue_days: due
                    .until(today)
                    .map_or(0, |s| i64::from(s.get_days()).max(0)),
                title,
                uid,
            });
        };
        of_invoices(f, lang, policy.formal_notice_days, &mut add);
        of_mission(m, f, lang, policy, &mut add);
    }
    out.sort_by(|a, b| (a.due, &a.path, a.line, a.kind).cmp(&(b.due, &b.path, b.line, b.kind)));
    out
}

type Add<'a> = dyn FnMut(Kind, Option<usize>, Date, u32, String) + 'a;

fn of_invoices(f: &Front, lang: Lang, formal_notice_days: i64, add: &mut Add) {
    for (i, inv) in f.invoices.iter().enumerate() {
        if inv.paid.is_some() {
            continue;
        }
        let label = titles::invoice(inv, i, lang);
        if let Some(due) = &inv.due {
            add(
                Kind::InvoiceDue,
                Some(i),
                due.value,
                due.pos.line,
                titles::title(Kind::InvoiceDue, &label, lang),
            );
            if inv.reminded.is_none() && inv.formal_notice.is_none() {
                add(
                    Kind::PaymentReminder,
                    Some(i),
                    add_days(due.value, REMINDER_DAYS),
                    due.pos.line,
                    titles::title(Kind::PaymentReminder, &label, lang),
                );
            }
        }
        if let Some(sent) = &inv.formal_notice {
            add(
                Kind::FormalNoticeDeadline,
                Some(i),
                add_days(sent.value, formal_notice_days),
                sent.pos.line,
                titles::title(Kind::FormalNoticeDeadline, &label, lang),
            );
        }
        if let Some(limit) = prescription_limit(f, inv) {
            add(
                Kind::Prescription,
                Some(i),
                limit,
                inv.pos.line,
                titles::title(Kind::Prescription, &label, lang),
            );
        }
    }
}

fn of_mission(m: &Mission, f: &Front, lang: Lang, policy: &crate::lint::Policy, add: &mut Add) {
    let status = f.status();
    let over = matches!(status, Some(Status::Closed | Status::Ending));
    let after_end = |field: &Option<Field<Date>>, days: i64| {
        field
            .as_ref()
            .map(|e| (add_days(e.value, days), e.pos.line))
    };
    if status == Some(Status::Ending)
        && let (Some(given), Some(period)) = (&f.notice.given, f.contract.notice_period())
    {
        add(
            Kind::NoticeEnd,
            None,
            notice_end(given.value, period),
            given.pos.line,
            titles::title(Kind::NoticeEnd, "", lang),
        );
    }
    if over && let Some((due, _)) = after_end(&f.end, policy.access_grace_days) {
        for (i, task) in m.body.tasks.iter().enumerate() {
            if task.checked || !m.body.in_element(Element::Access, task.offset) {
                continue;
            }
            let title = titles::title(Kind::AccessRemoval, &task.text, lang);
            add(
                Kind::AccessRemoval,
                Some(i),
                due,
                m.pos(task.offset).line,
                title,
            );
        }
    }
    let rgpd_done = f.rgpd.deleted.is_some() || f.rgpd.returned.is_some() || f.rgpd.hold.is_some();
    if over
        && !rgpd_done
        && let Some((due, line)) = after_end(&f.end, policy.rgpd_retention_days)
    {
        add(
            Kind::RgpdDeletion,
            None,
            due,
            line,
            titles::title(Kind::RgpdDeletion, "", lang),
        );
    }
    if f.feedback.received.is_none()
        && let Some((due, line)) = after_end(&f.feedback.requested, policy.feedback_wait_days)
    {
        let title = titles::title(Kind::FeedbackFollowUp, "", lang);
        add(Kind::FeedbackFollowUp, None, due, line, title);
    }
    if f.deposit.received.is_none()
        && let Some((due, line)) = after_end(&f.deposit.requested, DEPOSIT_DAYS)
    {
        let amount = f
            .deposit
            .amount
            .as_ref()
            .map(|a| titles::euros(a.value, lang));
        let title = titles::title(Kind::Deposit, amount.as_deref().unwrap_or(""), lang);
        add(Kind::Deposit, None, due, line, title);
    }
    if matches!(status, Some(Status::Active | Status::Ending))
        && let Some((due, line)) = after_end(&f.end, policy.stale_grace_days)
    {
        add(
            Kind::CloseMission,
            None,
            due,
            line,
            titles::title(Kind::CloseMission, "", lang),
        );
    }
}

/// The deadlines a window of `within` days keeps: every overdue one, and those due by
/// today + `within`. `None`: all of them.
pub fn window(all: Vec<Deadline>, today: Date, within: Option<i64>) -> Vec<Deadline> {
    match within {
        None => all,
        Some(days) => {
            let last = add_days(today, days);
            all.into_iter().filter(|d| d.due <= last).collect()
        }
    }
}
