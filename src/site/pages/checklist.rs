//! The end-of-mission checklist (private view only): the open items of the lint outcome, on the
//! checklist page and on each mission page.

use super::{Listing, Renderer};
use crate::diagnostic::Family;
use crate::error::Result;
use crate::lint::Diagnostic;
use crate::site::context::{Checklist, ChecklistItem, Text};
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
        let (template, rel, kind, title) = (
            "checklist.html",
            routes::CHECKLIST,
            "checklist",
            self.t["checklist"],
        );
        match self.memo {
            // `debrief serve`: the memo reads the items as they are to know whether they changed.
            Some(_) => self.put_page(out, template, rel, kind, title, size, Checklist { items }),
            // A build: 32,000 items for 10,000 missions, read by the template field by field.
            None => {
                let items = ChecklistItem::values(shared(items));
                self.put_page(out, template, rel, kind, title, size, Checklist { items })
            }
        }
    }
}

/// A rule's id, and the last help text seen with it (the same for most of its items).
type RuleTexts<'a> = (Text, Option<(&'a str, Text)>);

/// The items owning their texts, each text repeated by several items held once: a mission's
/// title, path and link (its items are consecutive), a rule's id and help.
fn shared(items: Vec<ChecklistItem<&str>>) -> Vec<ChecklistItem<Text>> {
    let text = |s: &str| Text(Arc::from(s));
    let mut rules: HashMap<&str, RuleTexts> = HashMap::new();
    let mut last: Option<ChecklistItem<Text>> = None;
    let mut out = Vec::with_capacity(items.len());
    for i in items {
        let (rule, help) = rules.entry(i.rule).or_insert_with(|| (text(i.rule), None));
        let help = i.help.map(|h| match help {
            Some((seen, t)) if *seen == h => t.clone(),
            _ => help.insert((h, text(h))).1.clone(),
        });
        let same = |a: &Text, b: &str| &*a.0 == b;
        let (mission, path, url) = match &last {
            Some(l) if same(&l.path, i.path) && same(&l.mission, i.mission) => {
                (l.mission.clone(), l.path.clone(), l.url.clone())
            }
            _ => (text(i.mission), text(i.path), i.url.map(text)),
        };
        let item = ChecklistItem {
            severity: i.severity,
            rule: rule.clone(),
            message: text(i.message),
            help,
            line: i.line,
            mission,
            url,
            path,
            due: i.due,
        };
        last = Some(item.clone());
        out.push(item);
    }
    out
}
