//! A `Fields` value is seen by a template exactly as the serialised struct it replaces.

use super::super::{Body, Card, ChecklistItem, Fact, InvoiceRow, Lazy, MissionData, TagRef};
use crate::i18n::Lang;
use crate::site::markdown::TocEntry;
use minijinja::Value;
use minijinja::value::Serde;
use std::collections::BTreeMap;

/// What a template can observe of `m`, key `key` and a missing key: attributes, `[]`, iteration
/// (keys and pairs, both ways), `length`, truthiness, `pprint`, printing, `is defined`, equality.
pub(crate) fn observe(m: &Value, same: &Value, key: &str) -> String {
    let mut env =
        crate::site::templates::environment(std::path::Path::new("/nonexistent-theme"), Lang::En)
            .expect("the default theme loads");
    let source = "{{ m }}|{{ m | pprint }}|{{ m | length }}|{% if m %}y{% endif %}|\
        {% for k in m %}{{ k }}={{ m[k] }};{% endfor %}|\
        {% for k, v in m | items %}{{ k }}:{{ v | pprint }};{% endfor %}|\
        {{ m | list | reverse | join(',') }}|{{ m | dictsort }}|\
        {{ m[key] }}|{{ m[key] | pprint }}|{{ m.nope is defined }}|{{ m.nope.deeper is defined }}|\
        {{ m[key] is defined }}|{{ m[0] is defined }}|{{ m == same }}|{{ m is mapping }}|\
        {{ m | first }}|{{ m | last }}|{{ debug(m) }}";
    env.add_template_owned("observe.html".to_string(), source.to_string())
        .unwrap();
    env.get_template("observe.html")
        .unwrap()
        .render(minijinja::context! { m => m, same => same, key => key })
        .unwrap()
}

pub(crate) fn card() -> Card {
    Card {
        title: "Refonte <du> site".into(),
        url: Some("missions/refonte/index.html".into()),
        client: "ACME & fils".into(),
        period: "5 mars 2026 → 30 juin 2026".into(),
        start: Some("2026-03-05".into()),
        end: None,
        year: Some(2026),
        tags: vec![TagRef {
            name: "rust".into(),
            url: Some("tags/rust/index.html".into()),
        }],
        summary: "Un premier paragraphe, un peu long pour ne pas tenir en place.".into(),
        status: Some("done"),
        status_label: "Terminée",
        draft: false,
        publish: "case-study",
        publish_label: "Étude de cas",
    }
}

fn mission<'a>(card: &'a Card, html: &Value, toc: &Value) -> MissionData<'a> {
    MissionData {
        card,
        ended_by: Some("client"),
        end_reason: None,
        html: html.clone(),
        toc: toc.clone(),
        facts: vec![Fact {
            label: "TJM",
            value: "650 €".into(),
        }],
        invoices: vec![InvoiceRow {
            number: "F-1".into(),
            amount: "1 000 €".into(),
            issued: "2026-04-01".into(),
            due: "2026-05-01".into(),
            paid: String::new(),
            rar: String::new(),
            unpaid: true,
        }],
        checklist: vec![ChecklistItem {
            severity: "warning",
            rule: "missing-retro",
            message: "ajouter `## Rétro`",
            help: None,
            line: 3,
            mission: "Refonte",
            url: None,
            path: "missions/refonte.md",
            due: Some("2026-07-01".into()),
        }],
        source: Some("missions/refonte.md".into()),
        letters: Some(("letters/refonte/index.html".into(), "Lettres")),
    }
}

#[test]
fn a_mission_as_fields_reads_as_the_serialised_mission() {
    let card = card();
    let html = Body::value("<p>corps</p>".into());
    let toc = Lazy::value(vec![TocEntry {
        level: 2,
        id: "a".into(),
        text: "A".into(),
    }]);
    let serialised = Value::from(Serde(&mission(&card, &html, &toc)));
    let fields = mission(&card, &html, &toc).value();
    for key in [
        "title",
        "tags",
        "year",
        "end",
        "letters",
        "checklist",
        "html",
        "zzz",
    ] {
        assert_eq!(
            observe(&fields, &serialised, key),
            observe(&serialised, &serialised, key),
            "{key}"
        );
    }
    // And the same to whatever serialises it (`debrief serve`'s memo, the docs test).
    assert_eq!(
        serde_json::to_string(&fields).unwrap(),
        serde_json::to_string(&serialised).unwrap()
    );
}

#[test]
fn the_strings_read_as_a_serialised_map() {
    let t = crate::site::strings::strings(Lang::Fr);
    let serialised = Value::from(Serde(&t));
    let object = super::super::Strings::value(&t);
    let same: BTreeMap<&str, &str> = t.clone();
    for key in ["draft", "warning", "zzz"] {
        assert_eq!(
            observe(&object, &Value::from(Serde(&same)), key),
            observe(&serialised, &Value::from(Serde(&same)), key),
            "{key}"
        );
    }
}
