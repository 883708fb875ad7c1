//! Pages kept by their template and context (`debrief serve`): a rebuild that hands a template
//! the same context as the rebuild before gets the bytes rendered then, without rendering them
//! again. A page is a function of its template and its context only, so a memo is valid for one
//! template environment: whoever makes a new environment makes a new memo.

use crate::error::Result;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

/// Template name and serialised context → rendered bytes.
type Pages = HashMap<Vec<u8>, Vec<u8>>;

#[derive(Default)]
pub struct Memo {
    /// The pages of the rebuild before, and those asked for since `next_round`.
    rounds: Mutex<(Pages, Pages)>,
}

impl Memo {
    /// Starts a rebuild: pages not asked for since the previous call are forgotten.
    pub fn next_round(&self) {
        let mut rounds = self.rounds.lock().unwrap_or_else(PoisonError::into_inner);
        rounds.0 = std::mem::take(&mut rounds.1);
    }

    /// The page of `template` with `ctx`: the bytes kept, else `render()` (and kept). A context
    /// that does not serialise to JSON is rendered every time.
    pub(super) fn page(
        &self,
        template: &str,
        ctx: &impl Serialize,
        render: impl FnOnce() -> Result<Vec<u8>>,
    ) -> Result<Vec<u8>> {
        let mut key = template.as_bytes().to_vec();
        key.push(0);
        if serde_json::to_writer(&mut key, ctx).is_err() {
            return render();
        }
        {
            let mut rounds = self.rounds.lock().unwrap_or_else(PoisonError::into_inner);
            let (before, now) = &mut *rounds;
            if let Some(bytes) = now.get(&key) {
                return Ok(bytes.clone());
            }
            if let Some(bytes) = before.remove(&key) {
                now.insert(key, bytes.clone());
                return Ok(bytes);
            }
        }
        let bytes = render()?;
        self.rounds
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .1
            .insert(key, bytes.clone());
        Ok(bytes)
    }
}
