//! The deadlines of the private site (`deadlines`): `deadlines.ics` at its root, for a calendar
//! to subscribe to, the next five on the home page and each checklist item's due date. A public
//! build has none of them.

use super::{Listing, Renderer};
use crate::deadlines::{Deadline, ics};
use crate::i18n::{Lang, days};
use crate::journal::Book;
use crate::lint::Diagnostic;
use crate::site::context::DeadlineRow;
use crate::tr;
use jiff::civil::Date;
use std::collections::HashMap;

/// How many deadlines the home page shows.
const ON_HOME: usize = 5;

/// `deadlines.ics` of a private build, from the book's open deadlines on `today`
/// (`deadlines::deadlines(book, today, lang)`) worked out already.
pub fn calendar(book: &Book, list: &[Deadline], today: Date, lang: Lang) -> Vec<u8> {
    ics::calendar(list, &book.config.book.title, today, lang).into_bytes()
}

impl Renderer<'_> {
    /// The renderer with the book's open deadlines on the build's day, worked out already
    /// (`deadlines::deadlines(book, today, lang)`); ignored in a public view.
    pub fn with_deadline_list(mut self, list: Vec<Deadline>) -> Self {
        if self.private {
            self.deadlines = list;
        }
        self
    }

    /// The first deadlines, overdue first, for the home page.
    pub(super) fn next_deadlines(&self, listing: &Listing) -> Vec<DeadlineRow> {
        let urls: HashMap<&str, Option<&str>> = self
            .view
            .missions
            .iter()
            .zip(listing.all)
            .map(|(v, s)| (v.key(), s.card.url.as_deref()))
            .collect();
        self.deadlines
            .iter()
            .take(ON_HOME)
            .map(|d| DeadlineRow {
                due: d.due.to_string(),
                late: d.is_overdue().then(|| {
                    let n = days(d.overdue_days, self.lang);
                    tr!(self.lang, "{n} de retard", "{n} late")
                }),
                title: d.title.clone(),
                mission: d.mission.clone(),
                url: urls
                    .get(d.path.as_str())
                    .copied()
                    .flatten()
                    .map(str::to_string),
            })
            .collect()
    }

    /// The due date of the deadline a checklist item reports, when it has one: the only deadline
    /// of its rule in its file, else the one on its line, else the first one below it (an
    /// invoice's diagnostic points at the invoice, its deadlines at its dates). `index` is
    /// [`Renderer::deadline_index`].
    pub(super) fn due_of(index: &DeadlineIndex, d: &Diagnostic) -> Option<Date> {
        let of_rule = index.get(&(d.path.as_str(), d.rule.as_str()))?;
        if let [(_, due)] = of_rule.as_slice() {
            return Some(*due);
        }
        let first_below = of_rule
            .iter()
            .map(|(line, _)| *line)
            .filter(|l| *l >= d.line)
            .min()?;
        of_rule
            .iter()
            .filter(|(line, _)| *line == first_below)
            .map(|(_, due)| *due)
            .min()
    }

    /// The deadlines by file and rule, for [`Renderer::due_of`]: one look-up per checklist item
    /// rather than a pass over every deadline.
    pub(super) fn deadline_index(&self) -> DeadlineIndex<'_> {
        let mut index: DeadlineIndex = HashMap::new();
        for x in &self.deadlines {
            if let Some(rule) = x.kind.rule() {
                index
                    .entry((x.path.as_str(), rule))
                    .or_default()
                    .push((x.line, x.due));
            }
        }
        index
    }
}

/// Deadlines by (journal path, rule): their lines and due dates.
pub(super) type DeadlineIndex<'d> = HashMap<(&'d str, &'d str), Vec<(u32, Date)>>;
