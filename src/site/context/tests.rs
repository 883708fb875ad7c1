//! The template contract and its documentation agree: docs/templates.md names every field.

use super::*;
use crate::site::markdown::TocEntry;
use serde_json::{Value, to_value};
use std::collections::BTreeSet;

/// Every key of `value`, at any depth.
fn keys(value: &Value, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                out.insert(k.clone());
                keys(v, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| keys(v, out)),
        _ => {}
    }
}

/// Whether `docs` names `key` as a word.
fn names(docs: &str, key: &str) -> bool {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    docs.match_indices(key)
        .any(|(at, _)| !docs[..at].ends_with(word) && !docs[at + key.len()..].starts_with(word))
}

fn card() -> Card {
    Card {
        title: String::new(),
        url: None,
        client: String::new(),
        period: String::new(),
        start: None,
        end: None,
        year: None,
        tags: vec![TagRef {
            name: String::new(),
            url: None,
        }],
        summary: String::new(),
        status: None,
        status_label: "",
        draft: false,
        publish: "",
        publish_label: "",
    }
}

fn item() -> ChecklistItem<&'static str> {
    ChecklistItem {
        severity: "",
        rule: "",
        message: "",
        help: None,
        line: 0,
        mission: "",
        url: None,
        path: "",
        due: None,
    }
}

#[test]
fn docs_templates_md_names_every_field_of_every_context() {
    let docs = include_str!("../../../docs/templates.md");
    let card = card();
    let fact = || Fact {
        label: "",
        value: String::new(),
    };
    let site = SiteCtx {
        title: "",
        description: "",
        lang: "",
        base_url: None,
        audience: "",
        private: false,
    };
    let t = BTreeMap::new();
    let nav = [NavItem {
        url: "",
        label: "",
        kind: "",
    }];
    let mission = MissionPage {
        mission: MissionData {
            card: &card,
            ended_by: None,
            end_reason: None,
            html: Body::value(String::new()),
            toc: Lazy::value(vec![TocEntry {
                level: 1,
                id: String::new(),
                text: String::new(),
            }]),
            facts: vec![fact()],
            invoices: vec![InvoiceRow {
                number: String::new(),
                amount: String::new(),
                issued: String::new(),
                due: String::new(),
                paid: String::new(),
                rar: String::new(),
                unpaid: false,
            }],
            checklist: vec![item()],
            source: None,
            letters: Some((String::new(), "")),
        }
        .value(),
    };
    let entry = LessonEntry {
        anchor: String::new(),
        label: String::new(),
        url: None,
        tags: Vec::new(),
        tag_slugs: String::new(),
        year: None,
        html: String::new(),
        reason: String::new(),
    };
    let atom = Atom {
        site_url: String::new(),
        feed_url: String::new(),
        updated: String::new(),
        entries: vec![FeedEntry {
            title: String::new(),
            url: String::new(),
            updated: String::new(),
            summary: String::new(),
        }],
    };
    let shared = Shared::new(&site, &t, &nav);
    let values = [
        to_value(Ctx {
            site: &shared.site,
            root: "",
            t: &shared.t,
            nav: &shared.nav,
            page: PageMeta {
                kind: "",
                title: "",
            },
            data: mission,
        }),
        to_value(Home {
            intro_html: None,
            figures: vec![fact()],
            charts: vec![super::super::charts::bars("", "", Vec::new())],
            recent: vec![&card],
            deadlines: vec![DeadlineRow {
                due: String::new(),
                late: None,
                title: String::new(),
                mission: String::new(),
                url: None,
            }],
            missions_url: "",
            publish_hint: false,
        }),
        to_value(MissionList {
            cards: vec![&card],
            statuses: vec![("", "")],
            years: vec![2026],
            publish_hint: false,
        }),
        to_value(Lessons {
            groups: vec![LessonGroup {
                reason: String::new(),
                label: String::new(),
                entries: vec![entry],
            }],
            filter_tags: Vec::new(),
        }),
        to_value(Cards { cards: vec![&card] }),
        to_value(TagIndex {
            tags: vec![TagRow {
                name: String::new(),
                url: String::new(),
                count: 0,
            }],
        }),
        to_value(TagPage {
            tag: "",
            cards: &[&card],
        }),
        to_value(Checklist {
            items: Lazy::value(vec![item()]),
        }),
        to_value(NotFound {}),
        to_value(XmlCtx {
            site: &shared.site,
            data: atom,
        }),
        to_value(Sitemap { urls: Vec::new() }),
    ];
    let mut all = BTreeSet::new();
    for value in values {
        keys(&value.unwrap(), &mut all);
    }
    let missing: Vec<&String> = all.iter().filter(|k| !names(docs, k)).collect();
    assert!(missing.is_empty(), "not in docs/templates.md: {missing:?}");
}
