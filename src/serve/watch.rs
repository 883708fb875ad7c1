//! Watching the book for `debrief serve`: `book.toml` (through the book root, watched on its own,
//! which also sees the content or theme directory appear or disappear), and every directory of
//! the content and theme directories, each watched on its own (not recursively). Events are
//! debounced (notify-debouncer-full), filtered (editor temporary files, hidden entries, the build
//! directory, anything else in the book root) and sent as one batch of changed paths per burst;
//! an empty batch means "anything may have changed". It decides nothing about rebuilding:
//! `state::Builder::plan` does.
//!
//! No change may fall between a rebuild and the watches. The rule: the builder thread calls
//! `Watcher::sync` before each rebuild, so every directory the rebuild reads is watched before it
//! reads it. A change made before the watch is in place is read by the rebuild; one made after
//! gives an event, and so another rebuild. That is why the watcher keeps its own list of
//! directories instead of notify's recursive mode: notify watches a directory created inside a
//! watched one only after it has reported its creation, and a `theme/` created while serving was
//! watched only after the rebuild that read it — a template deleted in between never reloaded
//! the page.
//!
//! The book root is not watched recursively on purpose: it often holds `.git`, `target/` or the
//! built site, thousands of directories that would each take an inotify watch. Hidden
//! directories (`.git`, `.obsidian`) and the build directory are not watched either.

use notify::{EventKind, PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{
    DebounceEventResult, Debouncer, RecommendedCache, new_debouncer, new_debouncer_opt,
};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

/// How long a path must stay quiet before its change is handed over. Short, because the time
/// from saving to reloading is what a user feels; bursts closer than this are merged, and those
/// that arrive while a rebuild runs are merged into the next one.
pub const DEBOUNCE: Duration = Duration::from_millis(10);
/// How often `--poll` looks at the files.
pub const POLL_INTERVAL: Duration = Duration::from_millis(500);

/// The book's directories: what is watched, and what the watcher must know to filter events.
#[derive(Clone, Debug, PartialEq)]
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
    /// What events are filtered with; `sync` updates it when the configuration moves a directory.
    scope: Arc<Mutex<Scope>>,
    /// The directories watched (each on its own), with their identity when they were watched.
    dirs: BTreeMap<PathBuf, u64>,
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
    if path == scope.root.join(crate::layout::BOOK_TOML) {
        return true;
    }
    // A directory on the way to the content or theme directory (`docs/` for `docs/journal`):
    // creating, deleting or renaming it makes that directory appear or disappear.
    if path != scope.root
        && path.starts_with(&scope.root)
        && (scope.content_dir.starts_with(path) || scope.theme_dir.starts_with(path))
    {
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
    /// Starts watching `scope`; each burst of relevant changes is sent on `to` as one batch.
    pub fn start(scope: Scope, poll: bool, to: Sender<Vec<PathBuf>>) -> notify::Result<Watcher> {
        let shared = Arc::new(Mutex::new(scope.clone()));
        let filter = shared.clone();
        let handler = move |result: DebounceEventResult| {
            let Ok(events) = result else {
                // A watcher error (e.g. a directory gone): rebuild everything to be safe.
                let _ = to.send(Vec::new());
                return;
            };
            // Events were lost (the kernel's queue overflowed): anything may have changed.
            if events.iter().any(|e| e.event.need_rescan()) {
                let _ = to.send(Vec::new());
                return;
            }
            let scope = filter
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .clone();
            let mut paths: Vec<PathBuf> = events
                .into_iter()
                // Reads (ours included: the builder opens every file) change nothing.
                .filter(|e| !matches!(e.event.kind, EventKind::Access(_)))
                .flat_map(|e| e.event.paths)
                .filter(|p| relevant(&scope, p))
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
            scope: shared,
            dirs: BTreeMap::new(),
        };
        watcher.watch(&scope.root)?;
        watcher.sync(&scope, &[]);
        Ok(watcher)
    }

    fn watch(&mut self, path: &Path) -> notify::Result<()> {
        match &mut self.inner {
            Inner::Native(d) => d.watch(path, RecursiveMode::NonRecursive),
            Inner::Poll(d) => d.watch(path, RecursiveMode::NonRecursive),
        }
    }

    fn unwatch(&mut self, path: &Path) {
        // An error only says that the watch is already gone (notify drops the watch of a
        // directory deleted or moved away).
        let _ = match &mut self.inner {
            Inner::Native(d) => d.unwatch(path),
            Inner::Poll(d) => d.unwatch(path),
        };
    }

    /// Makes the watches match the directories of `scope` as they are now on disk; to be called
    /// before each rebuild (see the module's documentation). `changed` is the batch the rebuild
    /// is for: a directory at or under one of its paths is watched again (it may have been
    /// deleted and made again, and notify may have dropped its watch), and so is every
    /// directory when `changed` is empty. A directory that is gone is unwatched; one that
    /// appeared, or was replaced by another one, is watched.
    pub fn sync(&mut self, scope: &Scope, changed: &[PathBuf]) {
        *self.scope.lock().unwrap_or_else(PoisonError::into_inner) = scope.clone();
        let wanted = directories(scope);
        let touched = |dir: &Path| changed.is_empty() || changed.iter().any(|c| dir.starts_with(c));
        let stale: Vec<PathBuf> = self
            .dirs
            .iter()
            .filter(|&(dir, id)| wanted.get(dir) != Some(id) || touched(dir))
            .map(|(dir, _)| dir.clone())
            .collect();
        for dir in stale {
            self.unwatch(&dir);
            self.dirs.remove(&dir);
        }
        for (dir, id) in wanted {
            // A failure (the directory went away meanwhile) is retried at the next sync.
            if !self.dirs.contains_key(&dir) && self.watch(&dir).is_ok() {
                self.dirs.insert(dir, id);
            }
        }
    }
}

/// The directories to watch for `scope`, with their identity: for the content and the theme
/// directory when they are inside the book root, the directory itself and every directory under
/// it, hidden ones and the build directory left out, symbolic links followed (as the book's
/// loader does); and the directories on the way to it from the book root, when they exist, so
/// that it is seen appearing. The book root itself is watched apart.
fn directories(scope: &Scope) -> BTreeMap<PathBuf, u64> {
    let mut out = BTreeMap::new();
    for dir in [&scope.content_dir, &scope.theme_dir] {
        if !dir.starts_with(&scope.root) {
            continue;
        }
        let above = dir.ancestors().skip(1);
        for above in above.take_while(|a| *a != scope.root && a.starts_with(&scope.root)) {
            if above.is_dir() {
                out.insert(above.to_path_buf(), identity(above));
            }
        }
        let walker = walkdir::WalkDir::new(dir)
            .follow_links(true)
            .into_iter()
            .filter_entry(|e| {
                e.depth() == 0
                    || (!e.file_name().to_string_lossy().starts_with('.')
                        && e.path() != scope.build_dir)
            });
        for entry in walker.flatten() {
            if entry.file_type().is_dir() && entry.path() != scope.root {
                let path = entry.into_path();
                let id = identity(&path);
                out.insert(path, id);
            }
        }
    }
    out
}

/// What tells a directory from another one made later at the same path. Not always: an inode
/// number can be reused at once, which is why `sync` also watches again what a batch names.
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
        let nested = Scope {
            content_dir: "/b/docs/journal".into(),
            ..scope.clone()
        };
        assert!(relevant(&nested, Path::new("/b/docs")));
        assert!(!relevant(&nested, Path::new("/b/docs/README.md")));
        assert!(!relevant(&nested, Path::new("/b")));
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

    #[test]
    fn every_directory_of_the_book_s_sources_is_watched_but_hidden_ones_and_the_build_one() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        for d in [
            "content/missions/2026",
            "content/.git/objects",
            "content/out",
            "docs/look",
        ] {
            std::fs::create_dir_all(root.join(d)).unwrap();
        }
        let scope = Scope {
            root: root.clone(),
            content_dir: root.join("content"),
            // Not made yet: the directories on the way to it are watched, to see it appear.
            theme_dir: root.join("docs/look/theme"),
            build_dir: root.join("content/out"),
        };
        let watched = |scope: &Scope| -> Vec<String> {
            directories(scope)
                .into_keys()
                .map(|p| crate::journal::relative(&root, &p))
                .collect()
        };
        assert_eq!(
            watched(&scope),
            [
                "content",
                "content/missions",
                "content/missions/2026",
                "docs",
                "docs/look"
            ]
        );
        // `content-dir = "."`: the book root is watched apart, on its own.
        let scope = Scope {
            content_dir: root.join("."),
            ..scope
        };
        assert_eq!(
            watched(&scope),
            [
                "content",
                "content/missions",
                "content/missions/2026",
                "docs",
                "docs/look"
            ]
        );
    }
}
