//! The end-of-mission checklist (private view only): the open items of the lint outcome, on the
//! checklist page and on each mission page.

use super::{Listing, Renderer};
use crate::diagnostic::Family;
use crate::error::Result;
use crate::lint::Diagnostic;
use crate::site::context::{Checklist, ChecklistItem};
use crate::site::output::Sink;
use crate::site::routes;
use std::collections::HashMap;

/// Whether a diagnostic is an open end-of-mission item (not a structural or suppression one).
pub fn is_open_item(rule: &str) -> bool {
    crate::diagnostic::catalog::find(rule).is_none_or(|r| {
        matches!(
            r.family,
            Family::EndOfMission | Family::Money | Family::Publishing
        )
    })
}

/// A diagnostic as a checklist item of `mission` (its title), linking to `url`.
pub fn checklist_item<'a>(
    d: &'a Diagnostic,
    mission: &'a str,
    url: Option<&'a str>,
) -> ChecklistItem<'a> {
    ChecklistItem {
        severity: d.severity.as_str(),
        rule: &d.rule,
        message: &d.message,
        help: d.help.as_deref(),
        line: d.line,
        mission,
        url,
        path: &d.path,
        due: None,
    }
}

impl Renderer<'_> {
    /// `checklist/index.html`: every open item, errors first, then warnings, then the rest.
    pub(super) fn render_checklist(&self, listing: &Listing, out: &dyn Sink) -> Result<()> {
        let titles: HashMap<&str, (&str, Option<&str>)> = self
            .view
            .missions
            .iter()
            .zip(listing.all)
            .map(|(v, s)| (v.key(), (s.card.title.as_str(), s.card.url.as_deref())))
            .collect();
        let due = self.deadline_index();
        let mut items: Vec<ChecklistItem> = listing
            .open
            .iter()
            .map(|d| {
                let (title, url) = titles
                    .get(d.path.as_str())
                    .copied()
                    .unwrap_or((d.path.as_str(), None));
                let mut item = checklist_item(d, title, url);
                item.due = Self::due_of(&due, d).map(|due| due.to_string());
                item
            })
            .collect();
        items.sort_by(|a, b| {
            let rank = |s: &str| match s {
                "error" => 0,
                "warning" => 1,
                _ => 2,
            };
            (rank(a.severity), &a.path, a.line).cmp(&(rank(b.severity), &b.path, b.line))
        });
        // An item is about a kilobyte of the page.
        let size = (items.len() + 8) << 10;
        self.put_page(
            out,
            "checklist.html",
            routes::CHECKLIST,
            "checklist",
            self.t["checklist"],
            size,
            Checklist { items },
        )
    }
}
