//! `Fields`: a context value made of named fields, seen by a template exactly as the map that
//! serialising a struct with a flattened part makes (keys in sorted order), but built without
//! inserting each field into a map keyed by template values, and read by `&str`. `mission`, the
//! largest value of the pages rendered most (one per mission), is one.

use super::MissionData;
use minijinja::Value;
use minijinja::value::{Enumerator, Object, ObjectExt, Serde};
use std::sync::Arc;

/// Fields sorted by name, each name once.
#[derive(Debug)]
pub struct Fields(Vec<(&'static str, Value)>);

impl Fields {
    /// The fields as a template value: `fields` in any order, each name once.
    pub fn value(mut fields: Vec<(&'static str, Value)>) -> Value {
        fields.sort_unstable_by_key(|(name, _)| *name);
        Value::from_object(Fields(fields))
    }
}

impl Object for Fields {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        self.get_value_by_str(key.as_str()?)
    }

    fn get_value_by_str(self: &Arc<Self>, key: &str) -> Option<Value> {
        let at = self.0.binary_search_by_key(&key, |(name, _)| name).ok()?;
        Some(self.0[at].1.clone())
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        self.mapped_rev_key_value_enumerator(|this| {
            Box::new(
                this.0
                    .iter()
                    .map(|(name, value)| (Value::from(*name), value.clone())),
            )
        })
    }

    fn enumerator_len(self: &Arc<Self>) -> Option<usize> {
        Some(self.0.len())
    }
}

impl MissionData<'_> {
    /// `mission` as a template value: the same keys, values and order as this struct
    /// serialised (its card flattened into it), each value serialised as it would be.
    pub fn value(self) -> Value {
        fn v(x: impl serde::Serialize) -> Value {
            Value::from(Serde(x))
        }
        let c = self.card;
        Fields::value(vec![
            ("title", v(&c.title)),
            ("url", v(&c.url)),
            ("client", v(&c.client)),
            ("period", v(&c.period)),
            ("start", v(&c.start)),
            ("end", v(&c.end)),
            ("year", v(c.year)),
            ("tags", v(&c.tags)),
            ("summary", v(&c.summary)),
            ("status", v(c.status)),
            ("status_label", v(c.status_label)),
            ("draft", v(c.draft)),
            ("publish", v(c.publish)),
            ("publish_label", v(c.publish_label)),
            ("ended_by", v(self.ended_by)),
            ("end_reason", v(&self.end_reason)),
            ("html", self.html),
            ("toc", self.toc),
            ("facts", v(&self.facts)),
            ("invoices", v(&self.invoices)),
            ("checklist", v(&self.checklist)),
            ("source", v(&self.source)),
            ("letters", v(&self.letters)),
        ])
    }
}

#[cfg(test)]
pub(super) mod tests;
