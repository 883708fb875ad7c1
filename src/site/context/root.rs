//! `Root`: what an HTML template receives at its top level (`Ctx`: `site`, `root`, `t`, `nav`,
//! `page` and the page's own data), seen exactly as `Ctx` serialised (one map, keys in sorted
//! order), but read by `&str` with one comparison for the names every page reads most.

use super::{PageMeta, Shared};
use minijinja::Value;
use minijinja::value::{Enumerator, Object, Serde};
use serde::Serialize;
use std::sync::Arc;

#[derive(Debug)]
pub struct Root {
    site: Value,
    root: Value,
    t: Value,
    nav: Value,
    page: Value,
    /// The page's own data (a map), none of whose keys is one of the five above.
    data: Value,
}

impl Root {
    /// The context of a page at `root` (the way back to the site root) with its own `data`.
    pub fn value(shared: &Shared, root: &str, page: PageMeta, data: &impl Serialize) -> Value {
        let data = Value::from(Serde(data));
        debug_assert!(
            data.try_iter()
                .into_iter()
                .flatten()
                .all(|k| !matches!(k.as_str(), Some("site" | "root" | "t" | "nav" | "page"))),
            "a page's data would hide a key every page has"
        );
        Value::from_object(Root {
            site: shared.site.clone(),
            root: Value::from(root),
            t: shared.t.clone(),
            nav: shared.nav.clone(),
            page: Value::from(Serde(page)),
            data,
        })
    }
}

impl Object for Root {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        self.get_value_by_str(key.as_str()?)
    }

    fn get_value_by_str(self: &Arc<Self>, key: &str) -> Option<Value> {
        match key {
            "site" => Some(self.site.clone()),
            "root" => Some(self.root.clone()),
            "t" => Some(self.t.clone()),
            "nav" => Some(self.nav.clone()),
            "page" => Some(self.page.clone()),
            _ => self.data.as_object()?.get_value_by_str(key),
        }
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        let fixed = [
            ("site", &self.site),
            ("root", &self.root),
            ("t", &self.t),
            ("nav", &self.nav),
            ("page", &self.page),
        ]
        .map(|(k, v)| (Value::from(k), v.clone()));
        let mut pairs: Vec<(Value, Value)> = fixed.into_iter().collect();
        if let Some(data) = self.data.as_object().and_then(|d| d.try_iter_pairs()) {
            pairs.extend(data);
        }
        pairs.sort_by(|a, b| a.0.cmp(&b.0));
        Enumerator::Values(pairs.into_iter().map(|(k, _)| k).collect())
    }

    fn enumerator_len(self: &Arc<Self>) -> Option<usize> {
        Some(5 + self.data.as_object()?.enumerator_len()?)
    }
}

#[cfg(test)]
mod tests;
