//! The command line: the top-level clap definition (global options, the list of subcommands),
//! parsing, and exit codes. Each subcommand's arguments and work live in `cmd/`; this module only
//! resolves what a command starts from and turns its errors into exit code 2. The language of the
//! help and of clap's errors is settled before parsing (`language`); `fr` holds the French texts
//! of the definition, `clap_error` the French wording of clap's errors.

mod clap_error;
mod fr;

use crate::cmd::{self, Globals};
use crate::error::Result;
use crate::i18n::Lang;
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use std::ffi::OsString;
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "debrief",
    version,
    about = "Lint freelance mission journals for forgotten end-of-mission steps",
    long_about = "debrief reads a book of mission journals (one Markdown file per client mission, with \
front matter) and checks each ending: client feedback, handover, access removed, client data deleted \
(RGPD), unpaid invoices chased, lessons learned.",
    after_help = "Examples:\n  debrief init mes-missions                 create a journal repository\n  debrief new \"Refonte SEO\" --client \"Boutique Lumière\"\n  debrief lint                              check every journal of the book\n  debrief explain access-open               what a rule checks and how to fix it\n  debrief build --audience private          the whole career as a browsable site"
)]
pub struct Cli {
    /// The book's root directory (holding book.toml); default: the nearest one at or above the
    /// current directory.
    #[arg(long, global = true, value_name = "DIR")]
    pub book: Option<PathBuf>,

    /// Print only diagnostics and errors, no summary or progress.
    #[arg(long, short, global = true)]
    pub quiet: bool,

    /// When to colour the output (NO_COLOR is respected with `auto`).
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto, value_name = "WHEN")]
    pub color: ColorWhen,

    /// Language of messages (default: the book's `language`, else from LANG).
    #[arg(long, global = true, value_parser = parse_lang, value_name = "fr|en")]
    pub lang: Option<Lang>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Create a journal repository: book.toml, content/missions/, an example mission, .gitignore,
    /// a pre-commit configuration and a git repository.
    #[command(
        after_help = "Examples:\n  debrief init                 in the current directory\n  debrief init mes-missions    in a new directory\n  debrief init ~/missions --lang en --no-git\n\nNothing is overwritten: in an existing directory (a git repository, say), only the missing\nfiles are written, and the site's directory is added to an existing .gitignore."
    )]
    Init(cmd::init::Args),

    /// Start a new mission journal from the template, in the book's language.
    #[command(
        after_help = "Examples:\n  debrief new \"Refonte SEO\" --client \"Boutique Lumière SARL\"\n  debrief new \"Traduction catalogue\" --start 2026-01-05\n\nWrites content/missions/<year>/<slug>.md and prints its path; never overwrites a file."
    )]
    New(cmd::new::Args),

    /// Check the journals for missing end-of-mission elements.
    #[command(
        after_help = "Examples:\n  debrief lint                         the whole book\n  debrief lint content/missions/2025/refonte-seo.md   only these files (what pre-commit passes)\n  debrief lint --format sarif > debrief.sarif        for GitHub code scanning\n  debrief lint --today 2026-01-31 --deny warnings\n\nExit codes: 0 no error, 1 errors found (or warnings with --deny warnings), 2 debrief could not run."
    )]
    Lint(cmd::lint::Args),

    /// List every lint rule with its severity and what it checks.
    #[command(
        after_help = "Examples:\n  debrief rules\n  debrief rules --format json\n  debrief --lang en rules --format markdown > docs/rules.md"
    )]
    Rules(cmd::rules::Args),

    /// Explain a rule: what it checks, why it matters, how to fix it, an example.
    #[command(
        after_help = "Examples:\n  debrief explain access-open\n  debrief --lang en explain invoice-unpaid"
    )]
    Explain(cmd::explain::Args),

    /// Build the static site: public (lessons and case studies only) or private (everything).
    #[command(
        after_help = "Examples:\n  debrief build                        the public site into build-dir (default: site/)\n  debrief build --audience private --dest /tmp/career\n  debrief build --drafts --today 2026-01-31\n  debrief build --keep-going           build even if some journals do not load\n\nThe destination is replaced atomically; a failed build leaves the previous site untouched.\nA journal that cannot be loaded (front matter missing or broken, unreadable file, not UTF-8)\nfails the build; with --keep-going it is left out with a warning.\n\nExit codes: 0 built, 1 journals could not be loaded (nothing written), 2 debrief could not run\n(book.toml, theme, destination, disk)."
    )]
    Build(cmd::build::Args),

    /// Serve the site locally, rebuilt and reloaded in the browser as the journals change.
    #[command(
        after_help = "Examples:\n  debrief serve                        the private view at http://127.0.0.1:3000/\n  debrief serve --audience public --open\n  debrief serve --port 8080 --poll     on a network or virtual file system\n  debrief serve --bind 0.0.0.0 --host laptop.local --audience public\n                                       from other machines, as http://laptop.local:3000/\n\nOnly the loopback address is used unless --bind says otherwise: the private view shows every client.\nRequests are answered only when addressed to localhost, 127.0.0.1, [::1], the --bind address or a\n--host name, and not when a page of another site asks for anything but a navigation (403).\nA change to a journal rebuilds only what it affects; open pages reload at the same URL. A journal\nor template that breaks the build is shown in the terminal and over the page, and the last good\nsite is served until it is fixed; the terminal says when a journal loads again. Ctrl-C stops\nthe server."
    )]
    Serve(cmd::serve::Args),

    /// Run the language server: the linter in the editor as the journal is typed (LSP over stdio).
    #[command(
        after_help = "Examples:\n  debrief lsp                          started by the editor, not by hand\n  debrief --lang en lsp                messages in English whatever the book's language\n  DEBRIEF_LOG=debug debrief lsp        details on stderr\n\nEach opened journal is linted from its text in the editor, as `debrief lint` would, with the\nbook found from its path: the nearest book.toml at or above it (`--book` and the working\ndirectory are not used). Quick fixes rename an unknown key, add a missing section's heading\nor a `lint.allow` entry; hover explains rules and keys; completion offers keys, values and\ntoday's date. Setup for Neovim, Helix, VS Code and Zed: docs/editors.md.\n\nExit codes: 0 after `shutdown` then `exit`, 1 on `exit` without `shutdown` or at the end of\nthe input."
    )]
    Lsp,

    /// List the deadlines the journals imply: invoices to chase, access to remove, missions to close…
    #[command(
        after_help = "Examples:\n  debrief todo                         overdue and due within 30 days\n  debrief todo --within 7\n  debrief todo --all --format json\n  debrief todo --format ics > deadlines.ics   every open deadline, for a calendar\n\nExit codes: 0 listed (even with overdue deadlines), 2 debrief could not run."
    )]
    Todo(cmd::todo::Args),

    /// Draft a letter from a mission's journal: notice, payment reminder, formal notice…
    #[command(
        after_help = "Examples:\n  debrief draft --list                             the kinds and what each needs\n  debrief draft formal-notice refonte-seo > lettre.md\n  debrief draft payment-reminder refonte-seo --invoice 2026-014 --date 2026-03-05\n  debrief draft feedback-request content/missions/2025/refonte-seo.md --format eml --out retour.eml\n\nNothing is sent. Warnings and notes for you go to stderr; --out never replaces a file without --force.\nExit codes: 0 written, 2 a fact is missing or debrief could not run."
    )]
    Draft(cmd::draft::Args),

    /// Print a shell completion script.
    #[command(
        after_help = "Examples:\n  debrief completions bash > ~/.local/share/bash-completion/completions/debrief\n  debrief completions zsh > ~/.zfunc/_debrief\n  debrief completions fish > ~/.config/fish/completions/debrief.fish"
    )]
    Completions {
        /// The shell to generate the script for.
        shell: clap_complete::Shell,
    },
}

pub fn parse_lang(s: &str) -> std::result::Result<Lang, String> {
    parse_lang_in(s, Lang::En)
}

/// `--lang`'s value, the error worded in `lang`.
fn parse_lang_in(s: &str, lang: Lang) -> std::result::Result<Lang, String> {
    s.parse().map_err(|_| {
        crate::tr!(
            lang,
            "`{s}` n’est pas une langue prise en charge\u{a0}; utilisez `fr` ou `en`",
            "`{s}` is not a supported language; use `fr` or `en`"
        )
    })
}

/// `arg` with its value parser wording its errors in `lang`, for the arguments that have our own
/// parser (dates, audiences, languages, host names).
fn localized_parser(arg: clap::Arg, lang: Lang) -> clap::Arg {
    match arg.get_id().as_str() {
        "today" | "start" => arg.value_parser(move |s: &str| cmd::parse_date_in(s, lang)),
        "audience" => arg.value_parser(move |s: &str| cmd::parse_audience_in(s, lang)),
        "lang" => arg.value_parser(move |s: &str| parse_lang_in(s, lang)),
        "host" => arg.value_parser(move |s: &str| crate::serve::guard::parse_host_in(s, lang)),
        _ => arg,
    }
}

/// The clap definition with its texts in `lang`.
pub fn clap_command(lang: Lang) -> clap::Command {
    match lang {
        Lang::En => Cli::command(),
        Lang::Fr => fr::localize(Cli::command()),
    }
}

/// The language of the help and of clap's errors, known before parsing: `--lang` in `args`, else
/// the `language` of the book (`--book`, else the nearest book.toml), else the locale.
pub fn language(args: &[OsString]) -> Lang {
    let mut lang = None;
    let mut book = None;
    let mut it = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(arg) = it.next() {
        if arg == "--" {
            break;
        }
        let mut value = |name: &str| match arg.strip_prefix(name) {
            Some("") => it.next().map(|v| v.into_owned()),
            Some(rest) => rest.strip_prefix('=').map(str::to_string),
            None => None,
        };
        if let Some(v) = value("--lang") {
            lang = v.parse().ok().or(lang);
        } else if let Some(v) = value("--book") {
            book = Some(PathBuf::from(v));
        }
    }
    let globals = Globals {
        book,
        lang,
        quiet: true,
    };
    globals.optional_config().1
}

/// Parses the command line, runs the command and returns the process exit code.
pub fn run() -> i32 {
    let args: Vec<OsString> = std::env::args_os().collect();
    let lang = language(&args);
    let parsed = clap_command(lang)
        .try_get_matches_from(&args)
        .and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => return clap_failure(&e, lang),
    };
    let choice = match cli.color {
        ColorWhen::Always => anstream::ColorChoice::Always,
        ColorWhen::Never => anstream::ColorChoice::Never,
        ColorWhen::Auto => anstream::ColorChoice::Auto,
    };
    choice.write_global();
    let globals = Globals {
        book: cli.book.clone(),
        lang: cli.lang,
        quiet: cli.quiet,
    };
    match dispatch(&cli.command, &globals) {
        Ok(code) => code,
        Err(err) => {
            cmd::report_error(&err, globals.ui_lang());
            2
        }
    }
}

/// Prints what clap stopped at (help, version, or a usage error in `lang`) and returns the exit
/// code: 0 for help and version, 2 for an error.
fn clap_failure(e: &clap::Error, lang: Lang) -> i32 {
    use clap::error::ErrorKind;
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            0
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            2
        }
        _ => {
            let mut stderr = anstream::stderr();
            let _ = std::io::Write::write_all(&mut stderr, clap_error::render(e, lang).as_bytes());
            2
        }
    }
}

fn dispatch(command: &Command, globals: &Globals) -> Result<i32> {
    match command {
        Command::Init(args) => cmd::init::run(globals, args),
        Command::New(args) => cmd::new::run(globals.context(args.start)?, args),
        Command::Lint(args) => cmd::lint::run(globals.context(args.today)?, args),
        Command::Todo(args) => cmd::todo::run(globals.context(args.today)?, args),
        Command::Build(args) => cmd::build::run(globals.context(args.today)?, args),
        Command::Serve(args) => cmd::serve::run(globals.canonical_context()?, args),
        Command::Rules(args) => cmd::rules::run(globals, args),
        Command::Explain(args) => cmd::explain::run(globals, args),
        Command::Lsp => cmd::lsp::run(globals),
        Command::Draft(args) => cmd::draft::run(globals, args),
        Command::Completions { shell } => {
            let mut cmd = clap_command(globals.optional_config().1);
            clap_complete::generate(*shell, &mut cmd, "debrief", &mut std::io::stdout());
            Ok(0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cli_definition_is_valid() {
        Cli::command().debug_assert();
    }

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    #[test]
    fn the_language_is_read_before_parsing() {
        assert_eq!(
            language(&args(&["debrief", "--lang", "en", "init"])),
            Lang::En
        );
        assert_eq!(language(&args(&["debrief", "lint", "--lang=fr"])), Lang::Fr);
        let tmp = std::env::temp_dir().join(format!("debrief-lang-{}", std::process::id()));
        std::fs::create_dir_all(&tmp).unwrap();
        std::fs::write(
            tmp.join("book.toml"),
            "[book]\ntitle = \"T\"\nlanguage = \"en\"\n",
        )
        .unwrap();
        let book = tmp.to_string_lossy().into_owned();
        assert_eq!(
            language(&args(&["debrief", "--book", &book, "lint"])),
            Lang::En
        );
        assert_eq!(
            language(&args(&[
                "debrief",
                &format!("--book={book}"),
                "--lang",
                "fr"
            ])),
            Lang::Fr
        );
        // After `--`, nothing is an option.
        assert_eq!(
            language(&args(&[
                "debrief", "--book", &book, "lint", "--", "--lang", "fr"
            ])),
            Lang::En
        );
        std::fs::remove_dir_all(&tmp).unwrap();
    }
}
