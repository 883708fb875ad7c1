//! `debrief serve`: the site of the book on a local HTTP server, rebuilt as the journals change,
//! and reloaded in every open page. This module wires the parts and owns the terminal output and
//! the threads: the port choice, the builder thread (watch batches → `state::Builder::rebuild` →
//! one line per rebuild), the tokio runtime of the HTTP server and Ctrl-C.
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

use crate::cli::{Cli, ServeArgs, find_root, ui_lang};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::site::Audience;
use crate::text::escape_controls;
use crate::tr;
use state::{Builder, Report, Shared};
use std::io::Write;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

/// The default port, and how many after it are tried when it is taken and `--port` was not given.
pub const DEFAULT_PORT: u16 = 3000;
const PORTS_TRIED: u16 = 20;

pub fn run(cli: &Cli, args: &ServeArgs) -> Result<i32> {
    let lang = ui_lang(cli.lang);
    let root = find_root(cli.book.as_ref(), lang)?;
    let root = root
        .canonicalize()
        .map_err(|e| Error::io(&root, "cannot read the book's directory", &e))?;
    let config = Config::load(&root, lang)?;
    let lang = config.lang(cli.lang);
    let listener = bind(args.bind, args.port, lang)?;
    let port = listener
        .local_addr()
        .map_err(|e| Error::new(format!("cannot read the server's address: {e}")))?
        .port();

    let shared = Shared::new();
    let mut builder = Builder::new(
        state::Options {
            root: root.clone(),
            audience: args.audience,
            drafts: args.drafts,
            cli_lang: cli.lang,
            ui_lang: lang,
        },
        shared.clone(),
    );
    // The watcher starts before the first build, which reads the book only once it is watched:
    // a change made meanwhile is either read or reported (see `watch`).
    let (to_builder, batches) = mpsc::channel::<Vec<PathBuf>>();
    let scope = builder.scope(&config);
    let watcher = match watch::Watcher::start(scope.clone(), args.poll, to_builder) {
        Ok(w) => Some(w),
        Err(e) => {
            warn(
                lang,
                &tr!(
                    lang,
                    "impossible de surveiller les fichiers ({e}) : le site ne sera pas reconstruit ; essayez `--poll`",
                    "cannot watch the files ({e}): the site will not be rebuilt; try `--poll`"
                ),
            );
            None
        }
    };
    let report = builder.rebuild(&[]);
    print_report(&report, None, &root, lang, cli.quiet);
    // The book's configuration changed its directories since it was read above: watch those and
    // build again.
    let again = builder.scope(&config) != scope;

    let host = if args.bind.is_unspecified() {
        "127.0.0.1".to_string()
    } else if args.bind.is_ipv6() {
        format!("[{}]", args.bind)
    } else {
        args.bind.to_string()
    };
    let url = format!("http://{host}:{port}/");
    let audience = match (args.audience, lang) {
        (Audience::Private, Lang::Fr) => "privée",
        (Audience::Public, Lang::Fr) => "publique",
        (a, Lang::En) => a.as_str(),
    };
    println!(
        "{}",
        tr!(
            lang,
            "Vue {audience} de « {} » servie sur {url} (Ctrl-C pour arrêter)",
            "Serving {audience} view of {} at {url} (Ctrl-C to stop)",
            escape_controls(&config.book.title)
        )
    );
    if !args.bind.is_loopback() && args.audience == Audience::Private {
        warn(
            lang,
            &tr!(
                lang,
                "le serveur écoute sur {}, pas seulement sur cette machine : la vue privée (clients, montants, accès) est visible depuis le réseau ; utilisez `--audience public` ou `--bind 127.0.0.1`",
                "the server listens on {}, not only on this machine: the private view (clients, amounts, access) is visible to the network; use `--audience public` or `--bind 127.0.0.1`",
                args.bind
            ),
        );
    }
    if args.open {
        open_browser(&url);
    }

    let quiet = cli.quiet;
    let build_root = root.clone();
    std::thread::Builder::new()
        .name("debrief-rebuild".into())
        .spawn(move || {
            let mut builder = builder;
            rebuild_loop(
                &mut builder,
                watcher,
                &batches,
                &config,
                again,
                |builder, report, paths| {
                    print_report(report, Some(paths), &build_root, builder.lang(), quiet);
                    ControlFlow::Continue(())
                },
            );
        })
        .map_err(|e| Error::new(format!("cannot start the rebuild thread: {e}")))?;

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::new(format!("cannot start the server: {e}")))?;
    let guard = guard::Guard {
        allowed: guard::Allowed::new(args.bind, &args.host),
        lang,
        url,
    };
    runtime.block_on(serve(listener, shared, guard))?;
    if !cli.quiet {
        println!("{}", tr!(lang, "Serveur arrêté.", "Server stopped."));
    }
    Ok(0)
}

/// Binds `port` (an error when it is taken), or without `--port` the first free one from 3000.
fn bind(ip: IpAddr, port: Option<u16>, lang: Lang) -> Result<TcpListener> {
    if let Some(port) = port {
        return TcpListener::bind(SocketAddr::new(ip, port)).map_err(|e| {
            Error::new(tr!(
                lang,
                "impossible d'écouter sur {ip}:{port} : {e}",
                "cannot listen on {ip}:{port}: {e}"
            ))
            .with_help(tr!(
                lang,
                "ce port est sans doute pris par un autre programme : choisissez-en un autre avec `--port`, ou omettez `--port` pour prendre le premier libre à partir de 3000",
                "another program probably uses this port: choose another with `--port`, or leave `--port` out to take the first free one from 3000"
            ))
        });
    }
    let mut last = None;
    for port in DEFAULT_PORT..DEFAULT_PORT + PORTS_TRIED {
        match TcpListener::bind(SocketAddr::new(ip, port)) {
            Ok(listener) => {
                if port != DEFAULT_PORT {
                    println!(
                        "{}",
                        tr!(
                            lang,
                            "Le port {DEFAULT_PORT} est pris : port {port} utilisé.",
                            "Port {DEFAULT_PORT} is taken: using port {port}."
                        )
                    );
                }
                return Ok(listener);
            }
            Err(e) => last = Some(e),
        }
    }
    let last_port = DEFAULT_PORT + PORTS_TRIED - 1;
    let e = last.map(|e| e.to_string()).unwrap_or_default();
    Err(Error::new(tr!(
        lang,
        "aucun port libre entre {DEFAULT_PORT} et {last_port} sur {ip} ({e})",
        "no free port from {DEFAULT_PORT} to {last_port} on {ip} ({e})"
    ))
    .with_help(tr!(
        lang,
        "choisissez un port avec `--port`",
        "choose a port with `--port`"
    )))
}

/// The builder thread: one rebuild per batch of changes (batches that queued up meanwhile are
/// merged into one), each told to `rebuilt` once published, until the watcher stops or `rebuilt`
/// says to stop. Before each rebuild the watches are made to match the book's directories, so
/// that no change falls between the rebuild and the watches (see `watch`); when the rebuild
/// moved a directory (book.toml changed `content-dir` or `theme-dir`), the new one is watched and
/// the book is built once more, from scratch. `again` starts with that second build.
fn rebuild_loop(
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

/// One line per rebuild; build warnings and errors with their `path:line:col`.
fn print_report(
    report: &Report,
    changed: Option<&[PathBuf]>,
    root: &Path,
    lang: Lang,
    quiet: bool,
) {
    // Warnings, errors and paths quote journals and file names: `warn`, `describe` and the error
    // below escape their control characters.
    for w in &report.warnings {
        warn(lang, w);
    }
    // Even with --quiet: it closes an error that was printed.
    for rel in &report.fixed {
        let rel = escape_controls(rel);
        println!(
            "{}",
            tr!(
                lang,
                "Corrigé : {rel} se charge de nouveau.",
                "Fixed: {rel} loads again."
            )
        );
    }
    if let Some((pages, elapsed)) = report.rebuilt
        && !quiet
    {
        let ms = elapsed.as_secs_f64() * 1000.0;
        match changed {
            None => println!(
                "{}",
                tr!(
                    lang,
                    "{pages} pages construites en {ms:.0} ms",
                    "Built {pages} pages in {ms:.0} ms"
                )
            ),
            Some(paths) => {
                let what = describe(paths, root, lang);
                println!(
                    "{}",
                    tr!(
                        lang,
                        "{pages} pages reconstruites en {ms:.0} ms ({what})",
                        "Rebuilt {pages} pages in {ms:.0} ms ({what})"
                    )
                );
            }
        }
    }
    if let Some(error) = &report.error {
        let style = anstyle::Style::new()
            .bold()
            .fg_color(Some(anstyle::AnsiColor::Red.into()));
        let label = tr!(lang, "erreur", "error");
        let mut stderr = anstream::stderr();
        let error = escape_controls(error);
        let _ = writeln!(stderr, "{style}{label}{style:#}: {error}");
        let _ = writeln!(
            stderr,
            "{}",
            tr!(
                lang,
                "  = le dernier site correct reste servi jusqu'à la correction",
                "  = the last good site is still served until this is fixed"
            )
        );
    }
}

/// `content/missions/a.md changed`, `a.md and 2 more changed`, `everything`.
fn describe(paths: &[PathBuf], root: &Path, lang: Lang) -> String {
    let Some(first) = paths.first() else {
        return tr!(lang, "tout", "everything");
    };
    let first = crate::journal::relative(root, first);
    let first = escape_controls(&first);
    match paths.len() - 1 {
        0 => tr!(lang, "{first} modifié", "{first} changed"),
        n => tr!(
            lang,
            "{first} et {n} autres modifiés",
            "{first} and {n} more changed"
        ),
    }
}

fn warn(lang: Lang, message: &str) {
    let style = anstyle::Style::new()
        .bold()
        .fg_color(Some(anstyle::AnsiColor::Yellow.into()));
    let label = tr!(lang, "avertissement", "warning");
    let message = escape_controls(message);
    let _ = writeln!(anstream::stderr(), "{style}{label}{style:#}: {message}");
}

/// Opens `url` in the default browser; a failure is not an error (the URL is printed).
fn open_browser(url: &str) {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    let _ = command
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
}

/// Runs the HTTP server until Ctrl-C (or SIGTERM), then stops cleanly: no new connection, open
/// event streams ended, requests in flight finished (at most 3 s).
async fn serve(
    listener: TcpListener,
    shared: std::sync::Arc<Shared>,
    guard: guard::Guard,
) -> Result<()> {
    listener
        .set_nonblocking(true)
        .map_err(|e| Error::new(format!("cannot start the server: {e}")))?;
    let listener = tokio::net::TcpListener::from_std(listener)
        .map_err(|e| Error::new(format!("cannot start the server: {e}")))?;
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
    Ok(())
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
                cli_lang: Some(Lang::En),
                ui_lang: Lang::En,
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
