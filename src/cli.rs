//! The command line: the top-level clap definition (global options, the list of subcommands),
//! parsing, and exit codes. Each subcommand's arguments and work live in `cmd/`; this module only
//! resolves what a command starts from and turns its errors into exit code 2.

use crate::cmd::{self, Globals};
use crate::error::Result;
use crate::i18n::Lang;
use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
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
    /// Create a journal repository: book.toml, content/missions/, an example mission, .gitignore
    /// and a pre-commit configuration.
    #[command(
        after_help = "Examples:\n  debrief init                 in the current directory\n  debrief init ~/missions --lang en\n\nNothing is overwritten: if any file to create already exists, nothing is written."
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
    s.parse()
        .map_err(|_| format!("`{s}` is not a supported language; use `fr` or `en`"))
}

/// Parses the command line, runs the command and returns the process exit code.
pub fn run() -> i32 {
    let cli = Cli::parse();
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

fn dispatch(command: &Command, globals: &Globals) -> Result<i32> {
    match command {
        Command::Init(args) => cmd::init::run(globals, args),
        Command::New(args) => cmd::new::run(globals.context(args.start)?, args),
        Command::Lint(args) => cmd::lint::run(globals.context(args.today)?, args),
        Command::Build(args) => cmd::build::run(globals.context(args.today)?, args),
        Command::Serve(args) => cmd::serve::run(globals.canonical_context()?, args),
        Command::Rules(args) => cmd::rules::run(globals, args),
        Command::Explain(args) => cmd::explain::run(globals, args),
        Command::Draft(args) => cmd::draft::run(globals, args),
        Command::Completions { shell } => {
            let mut cmd = Cli::command();
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
}
