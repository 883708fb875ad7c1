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
    let report = builder.rebuild(&[]);
    print_report(&report, None, &root, lang, cli.quiet);

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

    let (to_builder, batches) = mpsc::channel::<Vec<PathBuf>>();
    let (content_dir, theme_dir) = builder.watched_dirs(&config);
    let scope = watch::Scope {
        root: root.clone(),
        content_dir,
        theme_dir,
        build_dir: root.join(&config.build.build_dir),
    };
    let watcher = match watch::Watcher::start(scope, args.poll, to_builder) {
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
    let quiet = cli.quiet;
    let build_root = root.clone();
    std::thread::Builder::new()
        .name("debrief-rebuild".into())
        .spawn(move || rebuild_loop(builder, watcher, batches, &config, &build_root, quiet))
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
/// merged into one), then the watches follow the content and theme directories.
fn rebuild_loop(
    mut builder: Builder,
    mut watcher: Option<watch::Watcher>,
    batches: mpsc::Receiver<Vec<PathBuf>>,
    config: &Config,
    root: &Path,
    quiet: bool,
) {
    while let Ok(first) = batches.recv() {
        let mut everything = first.is_empty();
        let mut paths = first;
        while let Ok(more) = batches.try_recv() {
            everything |= more.is_empty();
            paths.extend(more);
        }
        paths.sort();
        paths.dedup();
        if everything {
            paths.clear();
        }
        let report = builder.rebuild(&paths);
        print_report(&report, Some(&paths), root, builder.lang(), quiet);
        if let Some(w) = &mut watcher {
            let (content, theme) = builder.watched_dirs(config);
            w.watch_dirs(&[content, theme]);
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
