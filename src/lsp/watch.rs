//! Our own watcher of the books' files, for a client that does not watch them for us: each
//! loaded book's root, recursively, debounced (100 ms); only `book.toml` and `.md` files count.

use super::Event;
use notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::mpsc::Sender;
use std::time::Duration;

pub struct Watcher {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    roots: BTreeSet<PathBuf>,
}

impl Watcher {
    pub fn start(to: Sender<Event>) -> notify::Result<Watcher> {
        let handler = move |result: DebounceEventResult| {
            let Ok(events) = result else {
                return;
            };
            let mut paths: Vec<PathBuf> = events
                .into_iter()
                .flat_map(|e| e.event.paths)
                .filter(|p| {
                    p.extension().is_some_and(|x| x == "md")
                        || p.file_name().is_some_and(|n| n == crate::layout::BOOK_TOML)
                })
                .collect();
            paths.sort();
            paths.dedup();
            if paths.is_empty() {
                return;
            }
            let changes = paths
                .into_iter()
                .map(|p| {
                    let exists = p.is_file();
                    (p, exists)
                })
                .collect();
            let _ = to.send(Event::Disk(changes));
        };
        Ok(Watcher {
            debouncer: new_debouncer(Duration::from_millis(100), None, handler)?,
            roots: BTreeSet::new(),
        })
    }

    /// Watches exactly `roots`.
    pub fn sync<'r>(&mut self, roots: impl Iterator<Item = &'r PathBuf>) {
        let wanted: BTreeSet<PathBuf> = roots.cloned().collect();
        for gone in self.roots.difference(&wanted) {
            let _ = self.debouncer.unwatch(gone);
        }
        for new in wanted.difference(&self.roots) {
            if let Err(e) = self.debouncer.watch(new, RecursiveMode::Recursive) {
                super::log::error(&format!("cannot watch {}: {e}", new.display()));
            }
        }
        self.roots = wanted;
    }
}
