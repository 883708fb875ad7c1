//! The end-of-mission checklist (private view only): the open items of the lint outcome, on the
//! checklist page and on each mission page.

use super::{Listing, Renderer};
use crate::diagnostic::Family;
use crate::error::Result;
use crate::lint::Diagnostic;
use crate::site::context::{Checklist, ChecklistItem, Lazy, Text};
use crate::site::output::Sink;
use crate::site::routes;
use std::collections::HashMap;
use std::sync::Arc;

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
) -> ChecklistItem<&'a str> {
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
        let mut items: Vec<ChecklistItem<&str>> = listing
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
        let items = Lazy::value(shared(items));
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

/// The items owning their texts, each text repeated by several items (a mission's title, path
/// and link, a rule's id and help) held once.
fn shared<'a>(items: Vec<ChecklistItem<&'a str>>) -> Vec<ChecklistItem<Text>> {
    let mut texts: HashMap<&'a str, Text> = HashMap::new();
    let mut text = |s: &'a str| -> Text {
        if let Some(t) = texts.get(s) {
            return t.clone();
        }
        let t = Text(Arc::from(s));
        texts.insert(s, t.clone());
        t
    };
    items
        .into_iter()
        .map(|i| ChecklistItem {
            severity: i.severity,
            rule: text(i.rule),
            message: Text(Arc::from(i.message)),
            help: i.help.map(&mut text),
            line: i.line,
            mission: text(i.mission),
            url: i.url.map(&mut text),
            path: text(i.path),
            due: i.due,
        })
        .collect()
}
