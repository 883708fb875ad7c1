//! `debrief serve`: the site of the book on a local HTTP server, rebuilt as the journals change,
//! and reloaded in every open page. The command (`cmd::serve`) wires the parts and owns the
//! terminal output; this module owns the builder loop (watch batches → `state::Builder::rebuild`),
//! the tokio runtime of the HTTP server and Ctrl-C.
//!
//! - `state`: the in-memory site, the incremental rebuild and publishing (site swap, then reload);
//! - `watch`: the file watcher, its filtering and debouncing;
//! - `http`: the router, URL → site file, content types, server-sent events, the reload script;
//! - `guard`: who is answered (the `Host` allow-list, cross-site refusal, and
//!   `Cross-Origin-Resource-Policy`);
//! - `conn`: accepting connections, HTTP/1.1 with a header-read timeout, the graceful stop.

pub mod conn;
pub mod guard;
pub mod http;
pub mod state;
pub mod watch;

use crate::config::Config;
use crate::error::{Error, Result};
use crate::tr;
use state::{Builder, Report, Shared};
use std::net::TcpListener;
use std::ops::ControlFlow;
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Duration;

/// The builder thread: one rebuild per batch of changes (batches that queued up meanwhile are
/// merged into one), each told to `rebuilt` once published, until the watcher stops or `rebuilt`
/// says to stop. Before each rebuild the watches are made to match the book's directories, so
/// that no change falls between the rebuild and the watches (see `watch`); when the rebuild
/// moved a directory (book.toml changed `content-dir` or `theme-dir`), the new one is watched and
/// the book is built once more, from scratch. `again` starts with that second build.
pub fn rebuild_loop(
    builder: &mut Builder,
    mut watcher: Option<watch::Watcher>,
    batches: &mpsc::Receiver<Vec<PathBuf>>,
    config: &Config,
    mut again: bool,
    mut rebuilt: impl FnMut(&Builder, &Report, &[PathBuf]) -> ControlFlow<()>,
) {
    loop {
        let mut paths = Vec::new();
        if !std::mem::take(&mut again) {
            let Ok(first) = batches.recv() else {
                return;
            };
            let mut everything = first.is_empty();
            paths = first;
            while let Ok(more) = batches.try_recv() {
                everything |= more.is_empty();
                paths.extend(more);
            }
            paths.sort();
            paths.dedup();
            if everything {
                paths.clear();
            }
        }
        let scope = builder.scope(config);
        if let Some(w) = &mut watcher {
            w.sync(&scope, &paths);
        }
        let report = builder.rebuild(&paths);
        again = watcher.is_some() && builder.scope(config) != scope;
        if rebuilt(builder, &report, &paths).is_break() {
            return;
        }
    }
}

/// Runs the HTTP server on its own runtime until Ctrl-C (or SIGTERM), then stops cleanly: no new
/// connection, open event streams ended, requests in flight finished (at most 3 s).
pub fn run_server(
    listener: TcpListener,
    shared: std::sync::Arc<Shared>,
    guard: guard::Guard,
) -> Result<()> {
    let lang = guard.lang;
    let cannot_start = |e: std::io::Error| {
        Error::new(tr!(
            lang,
            "impossible de démarrer le serveur\u{a0}: {e}",
            "cannot start the server: {e}"
        ))
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(cannot_start)?;
    listener.set_nonblocking(true).map_err(cannot_start)?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener).map_err(cannot_start)?;
        serve(listener, shared, guard).await;
        Ok(())
    })
}

async fn serve(
    listener: tokio::net::TcpListener,
    shared: std::sync::Arc<Shared>,
    guard: guard::Guard,
) {
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let app = http::router(
        http::App {
            shared,
            shutdown: stopped.clone(),
        },
        guard,
    );
    tokio::spawn(async move {
        shutdown_signal().await;
        let _ = stop.send(true);
    });
    let server = conn::run(listener, app, stopped.clone());
    let mut deadline = stopped;
    let grace = async move {
        let _ = deadline.wait_for(|s| *s).await;
        tokio::time::sleep(Duration::from_secs(3)).await;
    };
    tokio::select! {
        () = server => {}
        () = grace => {}
    }
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

#[cfg(test)]
mod tests {
    //! The rebuild loop with a real watcher on a temporary book. Each test changes the book from
    //! inside the loop, right after a rebuild was published and before anything else the loop
    //! does: the moment a user reacting to the reload (or a test reacting to the event) acts. The
    //! change must still be seen, whatever the watches were then.

    use super::*;
    use crate::i18n::Lang;
    use crate::site::Audience;
    use std::path::Path;
    use std::sync::Arc;

    const BOOK_TOML: &str = "[book]\ntitle = \"Test book\"\nlanguage = \"en\"\n";

    fn journal(title: &str, text: &str) -> String {
        format!(
            "---\ntitle: \"{title}\"\nclient: \"Acme\"\nstart: 2025-01-15\nstatus: active\n---\n\n## Handover\n\n{text}\n"
        )
    }

    /// A temporary book: `book.toml` and `content/missions/alpha.md`.
    fn book(toml: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::write(root.join("book.toml"), toml).unwrap();
        let missions = root.join("content/missions");
        std::fs::create_dir_all(&missions).unwrap();
        std::fs::write(missions.join("alpha.md"), journal("Alpha", "Alpha text.")).unwrap();
        (dir, root)
    }

    /// What the loop's callback sees.
    struct Seen<'a> {
        report: &'a Report,
        paths: &'a [PathBuf],
        site: Arc<state::Site>,
    }

    impl Seen<'_> {
        fn page(&self, path: &str) -> Option<String> {
            let bytes = self.site.files.get(path)?;
            Some(String::from_utf8_lossy(bytes).into_owned())
        }

        fn error(&self) -> &str {
            self.report.error.as_deref().unwrap_or("")
        }
    }

    /// Serves the book at `root` as `run` does (the watcher, the first build, then the loop on
    /// its own thread), makes the changes `act` makes, and calls `step` after each rebuild of
    /// the loop until it says `Break`. Fails when that has not happened within 10 s.
    fn serve_until(
        root: &Path,
        act: impl FnOnce(),
        step: impl FnMut(&Seen) -> ControlFlow<()> + Send + 'static,
    ) {
        serve_until_with(false, root, act, step);
    }

    /// `serve_until`, with `--poll` or not.
    fn serve_until_with(
        poll: bool,
        root: &Path,
        act: impl FnOnce(),
        mut step: impl FnMut(&Seen) -> ControlFlow<()> + Send + 'static,
    ) {
        let config = Config::load(root, Lang::En).unwrap();
        let shared = Shared::new();
        let mut builder = Builder::new(
            state::Options {
                root: root.to_path_buf(),
                audience: Audience::Private,
                drafts: false,
                lang_flag: Some(Lang::En),
                lang: Lang::En,
                today: jiff::civil::date(2026, 1, 15),
            },
            shared.clone(),
        );
        let (to, batches) = mpsc::channel();
        let watcher = watch::Watcher::start(builder.scope(&config), poll, to).unwrap();
        let first = builder.rebuild(&[]);
        assert_eq!(first.error, None);
        act();
        let (done, finished) = mpsc::channel();
        let log = Arc::new(std::sync::Mutex::new(Vec::new()));
        let logged = log.clone();
        std::thread::spawn(move || {
            rebuild_loop(
                &mut builder,
                Some(watcher),
                &batches,
                &config,
                false,
                |_, report, paths| {
                    logged
                        .lock()
                        .unwrap()
                        .push(format!("{paths:?} → {:?}", report.error));
                    let seen = Seen {
                        report,
                        paths,
                        site: shared.site(),
                    };
                    let flow = step(&seen);
                    if flow.is_break() {
                        let _ = done.send(());
                    }
                    flow
                },
            );
        });
        if finished.recv_timeout(Duration::from_secs(10)).is_err() {
            panic!(
                "the change was not seen; rebuilds:\n{}",
                log.lock().unwrap().join("\n")
            );
        }
    }

    /// A theme directory created while serving, with a template that does not compile, deleted
    /// as soon as its error is shown.
    fn template_deleted_right_after_the_theme_directory_was_built(poll: bool) {
        let (_dir, root) = book(BOOK_TOML);
        let templates = root.join("theme/templates");
        let template = templates.join("mission.html");
        let act = {
            let template = template.clone();
            move || {
                std::fs::create_dir_all(&templates).unwrap();
                std::fs::write(&template, "{% if %}").unwrap();
            }
        };
        let mut deleted = false;
        serve_until_with(poll, &root, act, move |seen| {
            if !deleted && seen.error().contains("mission.html:1:") {
                std::fs::remove_file(&template).unwrap();
                deleted = true;
            } else if deleted && seen.report.error.is_none() && seen.report.rebuilt.is_some() {
                return ControlFlow::Break(());
            }
            ControlFlow::Continue(())
        });
    }

    #[test]
    fn a_template_deleted_right_after_the_theme_directory_was_built_reloads() {
        template_deleted_right_after_the_theme_directory_was_built(false);
    }

    #[test]
    fn a_template_deleted_right_after_the_theme_directory_was_built_reloads_when_polling() {
        template_deleted_right_after_the_theme_directory_was_built(true);
    }

    #[test]
    fn a_journal_written_right_after_its_new_directory_was_built_is_seen() {
        let (_dir, root) = book(BOOK_TOML);
        let new = root.join("content/missions/2026");
        let act = {
            let new = new.clone();
            move || std::fs::create_dir(&new).unwrap()
        };
        let mut written = false;
        serve_until(&root, act, move |seen| {
            if !written && seen.paths.contains(&new) {
                std::fs::write(new.join("gamma.md"), journal("Gamma", "Gamma text.")).unwrap();
                written = true;
            }
            match seen.page("missions/gamma/index.html") {
                Some(page) if page.contains("Gamma text.") => ControlFlow::Break(()),
                _ => ControlFlow::Continue(()),
            }
        });
    }

    #[test]
    fn journals_in_a_renamed_directory_are_followed() {
        let (_dir, root) = book(BOOK_TOML);
        let old = root.join("content/missions/2026");
        std::fs::create_dir(&old).unwrap();
        std::fs::write(old.join("gamma.md"), journal("Gamma", "Gamma text.")).unwrap();
        let new = root.join("content/missions/archive");
        let act = {
            let new = new.clone();
            move || std::fs::rename(&old, &new).unwrap()
        };
        let mut step = 0;
        serve_until(&root, act, move |seen| {
            if step == 0 && seen.paths.contains(&new) {
                // Edited where it now is, and a journal added next to it.
                std::fs::write(new.join("gamma.md"), journal("Gamma", "Gamma moved.")).unwrap();
                std::fs::write(new.join("delta.md"), journal("Delta", "Delta text.")).unwrap();
                step = 1;
            }
            let gamma = seen.page("missions/gamma/index.html").unwrap_or_default();
            let delta = seen.page("missions/delta/index.html").unwrap_or_default();
            if gamma.contains("Gamma moved.") && delta.contains("Delta text.") {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        });
    }

    #[test]
    fn a_directory_deleted_and_made_again_is_still_watched() {
        let (_dir, root) = book(BOOK_TOML);
        let missions = root.join("content/missions");
        let act = {
            let missions = missions.clone();
            move || {
                std::fs::remove_dir_all(&missions).unwrap();
                std::fs::create_dir(&missions).unwrap();
            }
        };
        let mut written = false;
        serve_until(&root, act, move |seen| {
            if !written && seen.paths.contains(&missions) {
                std::fs::write(missions.join("beta.md"), journal("Beta", "Beta text.")).unwrap();
                written = true;
            }
            match seen.page("missions/beta/index.html") {
                Some(page) if page.contains("Beta text.") => ControlFlow::Break(()),
                _ => ControlFlow::Continue(()),
            }
        });
    }

    #[test]
    fn a_nested_theme_directory_is_seen_appearing() {
        let toml = format!("{BOOK_TOML}\n[build]\ntheme-dir = \"look/theme\"\n");
        let (_dir, root) = book(&toml);
        std::fs::create_dir(root.join("look")).unwrap();
        let templates = root.join("look/theme/templates");
        let template = templates.join("mission.html");
        let act = {
            let template = template.clone();
            move || {
                std::fs::create_dir_all(&templates).unwrap();
                std::fs::write(&template, "{% if %}").unwrap();
            }
        };
        let mut deleted = false;
        serve_until(&root, act, move |seen| {
            if !deleted && seen.error().contains("mission.html:1:") {
                std::fs::remove_file(&template).unwrap();
                deleted = true;
            } else if deleted && seen.report.error.is_none() && seen.report.rebuilt.is_some() {
                return ControlFlow::Break(());
            }
            ControlFlow::Continue(())
        });
    }

    #[test]
    fn a_content_directory_moved_by_book_toml_is_watched() {
        let (_dir, root) = book(BOOK_TOML);
        let journal_dir = root.join("journal");
        std::fs::create_dir(&journal_dir).unwrap();
        std::fs::write(journal_dir.join("beta.md"), journal("Beta", "Beta text.")).unwrap();
        let act = {
            let root = root.clone();
            move || {
                let toml = format!("{BOOK_TOML}\n[build]\ncontent-dir = \"journal\"\n");
                std::fs::write(root.join("book.toml"), toml).unwrap();
            }
        };
        let mut written = false;
        serve_until(&root, act, move |seen| {
            if !written && seen.page("missions/beta/index.html").is_some() {
                // Right after the rebuild that read the new content directory.
                std::fs::write(
                    journal_dir.join("gamma.md"),
                    journal("Gamma", "Gamma text."),
                )
                .unwrap();
                written = true;
            }
            match seen.page("missions/gamma/index.html") {
                Some(page) if page.contains("Gamma text.") => ControlFlow::Break(()),
                _ => ControlFlow::Continue(()),
            }
        });
    }
}
