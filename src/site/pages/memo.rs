//! Pages kept by their template and context (`debrief serve`): a rebuild that hands a template
//! the same context as the rebuild before gets the bytes rendered then, without rendering them
//! again. A page is a function of its template and its context only, so a memo is valid for one
//! template environment: whoever makes a new environment makes a new memo.

mod key;

use crate::error::Result;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

/// Template name → the pages rendered from it: context written as a key (`key::Key`), bytes.
type Pages = HashMap<String, Vec<(Vec<u8>, Vec<u8>)>>;

#[derive(Default)]
pub struct Memo {
    /// The pages of the rebuild before, and those asked for since `next_round`.
    rounds: Mutex<(Pages, Pages)>,
    /// How many pages were asked for, and how many of them rendered (not kept), since
    /// `next_round`.
    asked: AtomicUsize,
    rendered: AtomicUsize,
}

impl Memo {
    /// Starts a rebuild: pages not asked for since the previous call are forgotten.
    pub fn next_round(&self) {
        let mut rounds = self.rounds.lock().unwrap_or_else(PoisonError::into_inner);
        rounds.0 = std::mem::take(&mut rounds.1);
        self.asked.store(0, Ordering::Relaxed);
        self.rendered.store(0, Ordering::Relaxed);
    }

    /// How many pages this rebuild asked for, and how many of them it rendered rather than took
    /// from the rebuild before (for the tests of `debrief serve`).
    #[cfg(test)]
    pub fn counts(&self) -> (usize, usize) {
        (
            self.asked.load(Ordering::Relaxed),
            self.rendered.load(Ordering::Relaxed),
        )
    }

    /// The page of `template` with `ctx`: the bytes kept, else `render()` (and kept). A context
    /// that does not serialise is rendered every time.
    pub(super) fn page(
        &self,
        template: &str,
        ctx: &impl Serialize,
        render: impl FnOnce() -> Result<Vec<u8>>,
    ) -> Result<Vec<u8>> {
        self.asked.fetch_add(1, Ordering::Relaxed);
        let mut key = Vec::new();
        if ctx.serialize(key::Key(&mut key)).is_err() {
            return render();
        }
        {
            let mut rounds = self.rounds.lock().unwrap_or_else(PoisonError::into_inner);
            let (before, now) = &mut *rounds;
            let kept = now
                .get(template)
                .and_then(|p| p.iter().find(|(k, _)| *k == key));
            if let Some((_, bytes)) = kept {
                return Ok(bytes.clone());
            }
            if let Some(pages) = before.get_mut(template)
                && let Some(at) = pages.iter().position(|(k, _)| *k == key)
            {
                let (key, bytes) = pages.swap_remove(at);
                now.entry(template.to_string())
                    .or_default()
                    .push((key, bytes.clone()));
                return Ok(bytes);
            }
        }
        let bytes = render()?;
        self.rendered.fetch_add(1, Ordering::Relaxed);
        self.rounds
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .1
            .entry(template.to_string())
            .or_default()
            .push((key, bytes.clone()));
        Ok(bytes)
    }
}
