//! Watching the book for `debrief serve`: the content directory and the theme directory
//! (recursively) and the book root (not recursively: book.toml, and the content or theme
//! directory appearing or disappearing). Events are debounced (notify-debouncer-full), filtered
//! (editor temporary files, hidden entries, the build directory, anything else in the book root)
//! and sent as one batch of changed paths per burst. It decides nothing about rebuilding:
//! `state::Builder::plan` does.
//!
//! The book root is not watched recursively on purpose: it often holds `.git`, `target/` or the
//! built site, thousands of directories that would each take an inotify watch.

use notify::{EventKind, PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{
    DebounceEventResult, Debouncer, RecommendedCache, new_debouncer, new_debouncer_opt,
};
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

/// How long a path must stay quiet before its change is handed over. Short, because the time
/// from saving to reloading is what a user feels; bursts closer than this are merged, and those
/// that arrive while a rebuild runs are merged into the next one.
pub const DEBOUNCE: Duration = Duration::from_millis(20);
/// How often `--poll` looks at the files.
pub const POLL_INTERVAL: Duration = Duration::from_millis(500);

/// What the watcher must know to filter events.
#[derive(Clone)]
pub struct Scope {
    pub root: PathBuf,
    pub content_dir: PathBuf,
    pub theme_dir: PathBuf,
    pub build_dir: PathBuf,
}

enum Inner {
    Native(Debouncer<RecommendedWatcher, RecommendedCache>),
    Poll(Debouncer<PollWatcher, RecommendedCache>),
}

/// The running watcher; dropping it stops watching.
pub struct Watcher {
    inner: Inner,
    /// The directories watched recursively, with their identity when they were watched.
    dirs: Vec<(PathBuf, u64)>,
    root: PathBuf,
}

/// Whether a file name is an editor's temporary or backup file: vim's `.swp`/`.swx` and its
/// `4913` write test, `~` backups, Emacs' `.#` lock files, `.tmp` files (atomic saves).
pub fn is_temporary(name: &str) -> bool {
    name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name.ends_with('~')
        || name.starts_with(".#")
        || name == "4913"
        || name.ends_with(".tmp")
        || (name.starts_with('#') && name.ends_with('#'))
}

/// Whether a change at `path` may matter to the site.
pub fn relevant(scope: &Scope, path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    if is_temporary(&name) || path.starts_with(&scope.build_dir) {
        return false;
    }
    if path == scope.root.join(crate::config::FILE_NAME) {
        return true;
    }
    for dir in [&scope.content_dir, &scope.theme_dir] {
        if let Ok(inside) = path.strip_prefix(dir) {
            // Hidden entries are not part of the book (`.git`, `.obsidian`…).
            return !inside
                .components()
                .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
        }
    }
    false
}

impl Watcher {
    /// Starts watching; each burst of relevant changes is sent on `to` as one batch.
    pub fn start(scope: Scope, poll: bool, to: Sender<Vec<PathBuf>>) -> notify::Result<Watcher> {
        let filter = scope.clone();
        let handler = move |result: DebounceEventResult| {
            let Ok(events) = result else {
                // A watcher error (e.g. a directory gone): rebuild everything to be safe.
                let _ = to.send(Vec::new());
                return;
            };
            let mut paths: Vec<PathBuf> = events
                .into_iter()
                // Reads (ours included: the builder opens every file) change nothing.
                .filter(|e| !matches!(e.event.kind, EventKind::Access(_)))
                .flat_map(|e| e.event.paths)
                .filter(|p| relevant(&filter, p))
                .collect();
            paths.sort();
            paths.dedup();
            if !paths.is_empty() {
                let _ = to.send(paths);
            }
        };
        let tick = Some(DEBOUNCE / 4);
        let inner = if poll {
            Inner::Poll(new_debouncer_opt(
                DEBOUNCE,
                tick,
                handler,
                RecommendedCache::new(),
                notify::Config::default().with_poll_interval(POLL_INTERVAL),
            )?)
        } else {
            Inner::Native(new_debouncer(DEBOUNCE, tick, handler)?)
        };
        let mut watcher = Watcher {
            inner,
            dirs: Vec::new(),
            root: scope.root.clone(),
        };
        watcher.watch(&scope.root, RecursiveMode::NonRecursive)?;
        watcher.watch_dirs(&[scope.content_dir, scope.theme_dir]);
        Ok(watcher)
    }

    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        match &mut self.inner {
            Inner::Native(d) => d.watch(path, mode),
            Inner::Poll(d) => d.watch(path, mode),
        }
    }

    fn unwatch(&mut self, path: &Path) {
        let _ = match &mut self.inner {
            Inner::Native(d) => d.unwatch(path),
            Inner::Poll(d) => d.unwatch(path),
        };
    }

    /// Watches `dirs` recursively, keeping the watches that are still right: a directory that
    /// is gone is unwatched, one that appeared (or was replaced by a new one) is watched.
    pub fn watch_dirs(&mut self, dirs: &[PathBuf]) {
        let wanted: Vec<(PathBuf, u64)> = dirs
            .iter()
            .filter(|d| d.is_dir() && d.starts_with(&self.root))
            .map(|d| (d.clone(), identity(d)))
            .collect();
        for dir in std::mem::take(&mut self.dirs) {
            if wanted.contains(&dir) {
                self.dirs.push(dir);
            } else {
                self.unwatch(&dir.0);
            }
        }
        for dir in wanted {
            if !self.dirs.contains(&dir) && self.watch(&dir.0, RecursiveMode::Recursive).is_ok() {
                self.dirs.push(dir);
            }
        }
    }
}

/// What tells a directory from another one made later at the same path.
fn identity(dir: &Path) -> u64 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(dir).map_or(0, |m| m.ino())
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_temporary_files_are_ignored() {
        for name in [
            ".mission.md.swp",
            ".mission.md.swx",
            "mission.md~",
            ".#mission.md",
            "4913",
            "mission.md.tmp",
            "#mission.md#",
        ] {
            assert!(is_temporary(name), "{name}");
        }
        for name in ["mission.md", "_index.md", "style.css", "4914"] {
            assert!(!is_temporary(name), "{name}");
        }
    }

    #[test]
    fn only_the_book_s_sources_are_relevant() {
        let scope = Scope {
            root: "/b".into(),
            content_dir: "/b/content".into(),
            theme_dir: "/b/theme".into(),
            build_dir: "/b/site".into(),
        };
        for p in [
            "/b/book.toml",
            "/b/content/missions/a.md",
            "/b/content",
            "/b/theme/templates/base.html",
        ] {
            assert!(relevant(&scope, Path::new(p)), "{p}");
        }
        for p in [
            "/b/README.md",
            "/b/site/index.html",
            "/b/content/.git/index",
            "/b/content/missions/.a.md.swp",
            "/b/content/missions/4913",
            "/b/book.toml~",
        ] {
            assert!(!relevant(&scope, Path::new(p)), "{p}");
        }
    }
}
