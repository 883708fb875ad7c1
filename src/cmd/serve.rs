//! `debrief serve`: its arguments, the port choice, the wiring of the parts of `serve` (the
//! in-memory site, the watcher, the builder thread, the HTTP server) and everything it prints:
//! the address, one line per rebuild, build warnings and errors.

use crate::cmd::{Context, parse_audience};
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::serve;
use crate::serve::guard::{Host, parse_host_arg};
use crate::serve::state::{self, Builder, Report, Shared};
use crate::site::Audience;
use crate::text::escape_controls;
use crate::tr;
use std::io::Write;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::mpsc;

/// The default port, and how many after it are tried when it is taken and `--port` was not given.
const DEFAULT_PORT: u16 = 3000;
const PORTS_TRIED: u16 = 20;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The port to listen on (default: 3000, or the next free one; a taken --port is an error).
    #[arg(long, value_name = "N")]
    pub port: Option<u16>,
    /// The address to listen on. Anything but a loopback address makes the site visible to the
    /// network.
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
    pub bind: IpAddr,
    /// Also answer requests addressed to this host name or IP address, on any port (repeatable).
    /// Only localhost, 127.0.0.1, [::1] and the --bind address are answered otherwise (403).
    #[arg(long, value_parser = parse_host_arg, value_name = "NAME")]
    pub host: Vec<Host>,
    /// Who the site is for (default: private, your own view of every mission).
    #[arg(long, value_parser = parse_audience, default_value = "private", value_name = "private|public")]
    pub audience: Audience,
    /// Include missions marked `draft: true` in the public view.
    #[arg(long)]
    pub drafts: bool,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Look for changes every 500 ms instead of waiting for file system events (network and
    /// virtual file systems, containers' bind mounts).
    #[arg(long)]
    pub poll: bool,
}

/// `ctx.root` is canonical (`Globals::canonical_context`): the watcher's paths are compared with
/// it.
pub fn run(ctx: Context, args: &Args) -> Result<i32> {
    let Context {
        root,
        config,
        lang,
        lang_flag,
        today,
        quiet,
    } = ctx;
    let listener = bind(args.bind, args.port, lang)?;
    let port = listener
        .local_addr()
        .map_err(|e| {
            Error::new(tr!(
                lang,
                "impossible de lire l’adresse du serveur\u{a0}: {e}",
                "cannot read the server's address: {e}"
            ))
        })?
        .port();

    let shared = Shared::new();
    let mut builder = Builder::new(
        state::Options {
            root: root.clone(),
            audience: args.audience,
            drafts: args.drafts,
            lang_flag,
            lang,
            today,
        },
        shared.clone(),
    );
    // The watcher starts before the first build, which reads the book only once it is watched:
    // a change made meanwhile is either read or reported (see `watch`).
    let (to_builder, batches) = mpsc::channel::<Vec<PathBuf>>();
    let scope = builder.scope(&config);
    let watcher = match serve::watch::Watcher::start(scope.clone(), args.poll, to_builder) {
        Ok(w) => Some(w),
        Err(e) => {
            warn(
                lang,
                &tr!(
                    lang,
                    "impossible de surveiller les fichiers ({e})\u{a0}: le site ne sera pas reconstruit\u{a0}; essayez `--poll`",
                    "cannot watch the files ({e}): the site will not be rebuilt; try `--poll`"
                ),
            );
            None
        }
    };
    let report = builder.rebuild(&[]);
    print_report(&report, None, &root, lang, quiet);
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
            "Vue {audience} de «\u{a0}{}\u{a0}» servie sur {url} (Ctrl-C pour arrêter)",
            "Serving {audience} view of {} at {url} (Ctrl-C to stop)",
            escape_controls(&config.book.title)
        )
    );
    if !args.bind.is_loopback() && args.audience == Audience::Private {
        warn(
            lang,
            &tr!(
                lang,
                "le serveur écoute sur {}, pas seulement sur cette machine\u{a0}: la vue privée (clients, montants, accès) est visible depuis le réseau\u{a0}; utilisez `--audience public` ou `--bind 127.0.0.1`",
                "the server listens on {}, not only on this machine: the private view (clients, amounts, access) is visible to the network; use `--audience public` or `--bind 127.0.0.1`",
                args.bind
            ),
        );
    }
    if args.open {
        // A failure is not an error: the URL is printed above.
        let _ = opener::open_browser(&url);
    }

    let build_root = root.clone();
    std::thread::Builder::new()
        .name("debrief-rebuild".into())
        .spawn(move || {
            let mut builder = builder;
            serve::rebuild_loop(
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
        .map_err(|e| {
            Error::new(tr!(
                lang,
                "impossible de lancer la reconstruction\u{a0}: {e}",
                "cannot start the rebuild thread: {e}"
            ))
        })?;

    let guard = serve::guard::Guard {
        allowed: serve::guard::Allowed::new(args.bind, &args.host),
        lang,
        url,
    };
    serve::run_server(listener, shared, guard)?;
    if !quiet {
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
                "impossible d’écouter sur {ip}:{port}\u{a0}: {e}",
                "cannot listen on {ip}:{port}: {e}"
            ))
            .with_help(tr!(
                lang,
                "ce port est sans doute pris par un autre programme\u{a0}: choisissez-en un autre avec `--port`, ou omettez `--port` pour prendre le premier libre à partir de 3000",
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
                            "Le port {DEFAULT_PORT} est pris\u{a0}: port {port} utilisé.",
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
                "Corrigé\u{a0}: {rel} se charge de nouveau.",
                "Fixed: {rel} loads again."
            )
        );
    }
    if let Some((pages, elapsed)) = report.rebuilt
        && !quiet
    {
        let ms = crate::i18n::plural::decimal(elapsed.as_secs_f64() * 1000.0, 0, lang);
        let one = crate::i18n::plural::is_singular(i64::try_from(pages).unwrap_or(i64::MAX), lang);
        let pages = crate::i18n::count_of(pages, lang, ("page", "pages"), ("page", "pages"));
        let line = match (changed, lang, one) {
            (None, Lang::Fr, true) => format!("{pages} construite en {ms}\u{a0}ms"),
            (None, Lang::Fr, false) => format!("{pages} construites en {ms}\u{a0}ms"),
            (None, Lang::En, _) => format!("Built {pages} in {ms}\u{a0}ms"),
            (Some(paths), _, _) => {
                let what = describe(paths, root, lang);
                match (lang, one) {
                    (Lang::Fr, true) => format!("{pages} reconstruite en {ms}\u{a0}ms ({what})"),
                    (Lang::Fr, false) => {
                        format!("{pages} reconstruites en {ms}\u{a0}ms ({what})")
                    }
                    (Lang::En, _) => format!("Rebuilt {pages} in {ms}\u{a0}ms ({what})"),
                }
            }
        };
        println!("{line}");
    }
    if let Some(error) = &report.error {
        let style = anstyle::Style::new()
            .bold()
            .fg_color(Some(anstyle::AnsiColor::Red.into()));
        let label = tr!(lang, "erreur", "error");
        let mut stderr = anstream::stderr();
        let error = escape_controls(error);
        let colon = lang.colon();
        let _ = writeln!(stderr, "{style}{label}{style:#}{colon} {error}");
        let _ = writeln!(
            stderr,
            "{}",
            tr!(
                lang,
                "  = le dernier site correct reste servi jusqu’à la correction",
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
        1 => tr!(
            lang,
            "{first} et 1 autre modifiés",
            "{first} and 1 more changed"
        ),
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
    let colon = lang.colon();
    let _ = writeln!(
        anstream::stderr(),
        "{style}{label}{style:#}{colon} {message}"
    );
}
