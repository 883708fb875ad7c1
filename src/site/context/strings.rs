//! `Strings`: the interface strings `t`, seen by a template exactly as the map of them it
//! replaces (keys in sorted order), but looked up by hash: every page reads dozens of them
//! (`t.search`, `t[d.severity]`…), and each value is a template string made once, not at
//! each read.

use crate::text::short_hash;
use hashbrown::HashTable;
use minijinja::Value;
use minijinja::value::{Enumerator, Object, ObjectExt};
use std::collections::BTreeMap;
use std::sync::Arc;

#[derive(Debug)]
pub struct Strings {
    /// The strings sorted by key.
    sorted: Vec<(&'static str, Value)>,
    /// Where each key is in `sorted`, found by its `short_hash`.
    index: HashTable<usize>,
}

impl Strings {
    /// `strings` as a template value.
    pub fn value(strings: &BTreeMap<&'static str, &'static str>) -> Value {
        let sorted: Vec<(&'static str, Value)> =
            strings.iter().map(|(k, v)| (*k, Value::from(*v))).collect();
        let mut index = HashTable::with_capacity(sorted.len());
        for (at, (key, _)) in sorted.iter().enumerate() {
            index.insert_unique(short_hash(key.as_bytes()), at, |&i: &usize| {
                short_hash(sorted[i].0.as_bytes())
            });
        }
        Value::from_object(Strings { sorted, index })
    }
}

impl Object for Strings {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        self.get_value_by_str(key.as_str()?)
    }

    fn get_value_by_str(self: &Arc<Self>, key: &str) -> Option<Value> {
        let at = self
            .index
            .find(short_hash(key.as_bytes()), |&i| self.sorted[i].0 == key)?;
        Some(self.sorted[*at].1.clone())
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        self.mapped_rev_key_value_enumerator(|this| {
            Box::new(
                this.sorted
                    .iter()
                    .map(|(key, value)| (Value::from(*key), value.clone())),
            )
        })
    }

    fn enumerator_len(self: &Arc<Self>) -> Option<usize> {
        Some(self.sorted.len())
    }
}

#[cfg(test)]
mod tests {
    use super::Strings;
    use crate::i18n::Lang;
    use crate::site::context::fields::tests::observe;
    use minijinja::Value;

    /// Read as the map it replaces, in both languages: every key, a missing one, one that
    /// differs from a key by its case or a last letter.
    #[test]
    fn the_strings_read_as_the_map_of_them() {
        for lang in [Lang::Fr, Lang::En] {
            let map = crate::site::strings::strings(lang);
            let (strings, same) = (Strings::value(&map), Value::from_object(map.clone()));
            let keys = map
                .keys()
                .copied()
                .chain(["zzz", "", "Draft", "draf", "drafts"]);
            for key in keys {
                assert_eq!(
                    observe(&strings, &same, key),
                    observe(&same, &same, key),
                    "{key}"
                );
            }
        }
    }
}
