//! An open item of the checklist page as a template value read field by field: the same keys,
//! order and values as the item serialised, without serialising the 32,000 items of a
//! 10,000-mission book (each text handed over as it is shared, not copied).

use super::{ChecklistItem, Text};
use minijinja::Value;
use minijinja::value::{Enumerator, Object};
use std::sync::Arc;

/// The fields of a `ChecklistItem`, in their order.
const FIELDS: &[&str] = &[
    "severity", "rule", "message", "help", "line", "mission", "url", "path", "due",
];

impl Object for ChecklistItem<Text> {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        self.get_value_by_str(key.as_str()?)
    }

    fn get_value_by_str(self: &Arc<Self>, key: &str) -> Option<Value> {
        let text = |t: &Text| Value::from(t.0.clone());
        let maybe = |t: &Option<Text>| t.as_ref().map_or(Value::from(()), text);
        Some(match key {
            "severity" => Value::from(self.severity),
            "rule" => text(&self.rule),
            "message" => text(&self.message),
            "help" => maybe(&self.help),
            "line" => Value::from(self.line),
            "mission" => text(&self.mission),
            "url" => maybe(&self.url),
            "path" => text(&self.path),
            "due" => self.due.as_deref().map_or(Value::from(()), Value::from),
            _ => return None,
        })
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Str(FIELDS)
    }
}

impl ChecklistItem<Text> {
    /// The items as a template list.
    pub fn values(items: Vec<ChecklistItem<Text>>) -> Value {
        Value::from(
            items
                .into_iter()
                .map(Value::from_object)
                .collect::<Vec<Value>>(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::super::fields::tests::observe;
    use super::super::{ChecklistItem, Lazy, Text};
    use crate::i18n::Lang;
    use minijinja::Value;
    use minijinja::value::Serde;

    fn item(help: Option<&str>, url: Option<&str>, due: Option<&str>) -> ChecklistItem<Text> {
        let text = |s: &str| Text(s.into());
        ChecklistItem {
            severity: "warning",
            rule: text("missing-retro"),
            message: text("ajouter `## Rétro` au journal, une section qui manque encore"),
            help: help.map(text),
            line: 12,
            mission: text("Refonte <du> site"),
            url: url.map(text),
            path: text("missions/2026/refonte-du-site.md"),
            due: due.map(str::to_string),
        }
    }

    #[test]
    fn an_item_reads_as_the_serialised_item() {
        let items = [
            item(None, None, None),
            item(
                Some("voir `debrief explain`"),
                Some("missions/refonte/index.html"),
                Some("2026-07-01"),
            ),
        ];
        for i in items {
            let serialised = Value::from(Serde(&i));
            let object = Value::from_object(i);
            for key in ["severity", "message", "help", "line", "url", "due", "zzz"] {
                assert_eq!(
                    observe(&object, &serialised, key),
                    observe(&serialised, &serialised, key),
                    "{key}"
                );
            }
        }
    }

    /// The list of them reads as the `Lazy` list it replaces.
    #[test]
    fn the_items_read_as_a_lazy_list() {
        let all = || {
            vec![
                item(None, None, None),
                item(Some("h"), Some("u"), Some("d")),
            ]
        };
        let mut env = crate::site::templates::environment(
            std::path::Path::new("/nonexistent-theme"),
            Lang::En,
        )
        .unwrap();
        env.add_template(
            "list.html",
            "{{ l }}|{{ l | length }}|{% if l %}y{% endif %}|{% for d in l %}{{ loop.index }}{{ d }};{% endfor %}|\
             {{ l[1].help }}{{ l[-1].due }}{{ l[5] is defined }}|{{ l | reverse | map(attribute='line') | list }}|\
             {{ l | first }}|{{ l == same }}|{{ debug(l) }}",
        )
        .unwrap();
        let render = |l: Value| {
            let same = Lazy::value(all());
            env.get_template("list.html")
                .unwrap()
                .render(minijinja::context! { l => l, same => same })
                .unwrap()
        };
        assert_eq!(
            render(ChecklistItem::values(all())),
            render(Lazy::value(all()))
        );
    }
}
