//! The command line: clap definitions, global options, book discovery and dispatch. Each command's
//! work lives in `cmd/`; this module only turns arguments into calls and errors into exit codes.

use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::tr;
use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
use std::io::Write;
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
    Init(InitArgs),

    /// Start a new mission journal from the template, in the book's language.
    #[command(
        after_help = "Examples:\n  debrief new \"Refonte SEO\" --client \"Boutique Lumière SARL\"\n  debrief new \"Traduction catalogue\" --start 2026-01-05\n\nWrites content/missions/<year>/<slug>.md and prints its path; never overwrites a file."
    )]
    New(NewArgs),

    /// Check the journals for missing end-of-mission elements.
    #[command(
        after_help = "Examples:\n  debrief lint                         the whole book\n  debrief lint content/missions/2025/refonte-seo.md   only these files (what pre-commit passes)\n  debrief lint --format sarif > debrief.sarif        for GitHub code scanning\n  debrief lint --today 2026-01-31 --deny warnings\n\nExit codes: 0 no error, 1 errors found (or warnings with --deny warnings), 2 debrief could not run."
    )]
    Lint(LintArgs),

    /// List every lint rule with its severity and what it checks.
    #[command(
        after_help = "Examples:\n  debrief rules\n  debrief rules --format json\n  debrief --lang en rules --format markdown > docs/rules.md"
    )]
    Rules {
        /// Output format.
        #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
        format: RulesFormat,
    },

    /// Explain a rule: what it checks, why it matters, how to fix it, an example.
    #[command(
        after_help = "Examples:\n  debrief explain access-open\n  debrief --lang en explain invoice-unpaid"
    )]
    Explain {
        /// The rule id, as shown in brackets in diagnostics.
        rule: String,
    },

    /// Build the static site: public (lessons and case studies only) or private (everything).
    #[command(
        after_help = "Examples:\n  debrief build                        the public site into build-dir (default: site/)\n  debrief build --audience private --dest /tmp/career\n  debrief build --drafts --today 2026-01-31\n  debrief build --keep-going           build even if some journals do not load\n\nThe destination is replaced atomically; a failed build leaves the previous site untouched.\nA journal that cannot be loaded (front matter missing or broken, unreadable file, not UTF-8)\nfails the build; with --keep-going it is left out with a warning.\n\nExit codes: 0 built, 1 journals could not be loaded (nothing written), 2 debrief could not run\n(book.toml, theme, destination, disk)."
    )]
    Build(BuildArgs),

    /// Serve the site locally, rebuilt and reloaded in the browser as the journals change.
    #[command(
        after_help = "Examples:\n  debrief serve                        the private view at http://127.0.0.1:3000/\n  debrief serve --audience public --open\n  debrief serve --port 8080 --poll     on a network or virtual file system\n  debrief serve --bind 0.0.0.0 --host laptop.local --audience public\n                                       from other machines, as http://laptop.local:3000/\n\nOnly the loopback address is used unless --bind says otherwise: the private view shows every client.\nRequests are answered only when addressed to localhost, 127.0.0.1, [::1], the --bind address or a\n--host name, and not when a page of another site asks for anything but a navigation (403).\nA change to a journal rebuilds only what it affects; open pages reload at the same URL. A journal\nor template that breaks the build is shown in the terminal and over the page, and the last good\nsite is served until it is fixed; the terminal says when a journal loads again. Ctrl-C stops\nthe server."
    )]
    Serve(ServeArgs),

    /// Run the language server: the linter in the editor as the journal is typed (LSP over stdio).
    #[command(
        after_help = "Examples:\n  debrief lsp                          started by the editor, not by hand\n  debrief --lang en lsp                messages in English whatever the book's language\n  DEBRIEF_LOG=debug debrief lsp        details on stderr\n\nEach opened journal is linted from its text in the editor, as `debrief lint` would, with the\nbook found from its path: the nearest book.toml at or above it (`--book` and the working\ndirectory are not used). Quick fixes rename an unknown key, add a missing section's heading\nor a `lint.allow` entry; hover explains rules and keys; completion offers keys, values and\ntoday's date. Setup for Neovim, Helix, VS Code and Zed: docs/editors.md.\n\nExit codes: 0 after `shutdown` then `exit`, 1 on `exit` without `shutdown` or at the end of\nthe input."
    )]
    Lsp,

    /// Print a shell completion script.
    #[command(
        after_help = "Examples:\n  debrief completions bash > ~/.local/share/bash-completion/completions/debrief\n  debrief completions zsh > ~/.zfunc/_debrief\n  debrief completions fish > ~/.config/fish/completions/debrief.fish"
    )]
    Completions {
        /// The shell to generate the script for.
        shell: clap_complete::Shell,
    },
}

#[derive(Args, Debug)]
pub struct LintArgs {
    /// Journals to report on (default: the whole book). Files outside the content directory,
    /// `_index.md` and non-Markdown files are ignored.
    pub files: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = crate::lint::report::Format::Human)]
    pub format: crate::lint::report::Format,
    /// The date rules compare with (default: DEBRIEF_TODAY, else the local date).
    // DEBRIEF_TODAY is read by `today()`, like `new` and `init` do, not by clap: an empty value
    // means unset, and a bad one is reported under the variable's name.
    #[arg(long, value_parser = parse_date_arg, value_name = "YYYY-MM-DD")]
    pub today: Option<jiff::civil::Date>,
    /// `--deny warnings`: exit 1 on warnings too.
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub deny: Option<DenyLevel>,
}

impl LintArgs {
    pub fn deny_warnings(&self) -> bool {
        self.deny == Some(DenyLevel::Warnings)
    }
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum DenyLevel {
    Warnings,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    /// An aligned table.
    Text,
    /// A JSON array.
    Json,
    /// The full Markdown reference (docs/rules.md).
    Markdown,
}

#[derive(Args, Debug)]
pub struct BuildArgs {
    /// Who the site is for: `public` shows only lessons and consented case studies.
    #[arg(long, value_parser = parse_audience, default_value = "public", value_name = "public|private")]
    pub audience: crate::site::Audience,
    /// Where to write the site (default: `build-dir` of book.toml, relative to the book root).
    #[arg(long, value_name = "DIR")]
    pub dest: Option<PathBuf>,
    /// Include missions marked `draft: true` in a public build.
    #[arg(long)]
    pub drafts: bool,
    /// The date the checklist compares with (default: DEBRIEF_TODAY, else the local date).
    #[arg(long, env = "DEBRIEF_TODAY", value_parser = parse_date_arg, value_name = "YYYY-MM-DD")]
    pub today: Option<jiff::civil::Date>,
    /// Build the site even when journals cannot be loaded (front matter missing or broken,
    /// unreadable file): they are left out, each with a warning, and the summary counts them.
    #[arg(long)]
    pub keep_going: bool,
}

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// The port to listen on (default: 3000, or the next free one; a taken --port is an error).
    #[arg(long, value_name = "N")]
    pub port: Option<u16>,
    /// The address to listen on. Anything but a loopback address makes the site visible to the
    /// network.
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
    pub bind: std::net::IpAddr,
    /// Also answer requests addressed to this host name or IP address, on any port (repeatable).
    /// Only localhost, 127.0.0.1, [::1] and the --bind address are answered otherwise (403).
    #[arg(long, value_parser = crate::serve::guard::parse_host_arg, value_name = "NAME")]
    pub host: Vec<crate::serve::guard::Host>,
    /// Who the site is for (default: private, your own view of every mission).
    #[arg(long, value_parser = parse_audience, default_value = "private", value_name = "private|public")]
    pub audience: crate::site::Audience,
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

pub fn parse_audience(s: &str) -> std::result::Result<crate::site::Audience, String> {
    match s {
        "public" => Ok(crate::site::Audience::Public),
        "private" => Ok(crate::site::Audience::Private),
        _ => Err(format!(
            "`{s}` is not an audience; use `public` or `private`"
        )),
    }
}

#[derive(Args, Debug)]
pub struct InitArgs {
    /// Where to create the repository (default: the current directory).
    pub dir: Option<PathBuf>,
    /// Write only the default theme (templates and static files) into DIR/theme, to edit.
    #[arg(long)]
    pub theme: bool,
}

#[derive(Args, Debug)]
pub struct NewArgs {
    /// The mission's title.
    pub title: String,
    /// The client's real name (private: never published).
    #[arg(long)]
    pub client: Option<String>,
    /// First day of the mission, YYYY-MM-DD (default: today, or DEBRIEF_TODAY).
    #[arg(long, value_parser = parse_date_arg, value_name = "DATE")]
    pub start: Option<jiff::civil::Date>,
}

pub fn parse_lang(s: &str) -> std::result::Result<Lang, String> {
    s.parse()
        .map_err(|_| format!("`{s}` is not a supported language; use `fr` or `en`"))
}

pub fn parse_date_arg(s: &str) -> std::result::Result<jiff::civil::Date, String> {
    crate::text::parse_date(s).map_err(|_| format!("`{s}` is not a real date in YYYY-MM-DD form"))
}

/// The language before any book is read: `--lang`, else the locale, else French.
pub fn ui_lang(flag: Option<Lang>) -> Lang {
    flag.or_else(|| {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|v| std::env::var(v).ok())
            .find(|v| !v.is_empty())
            .and_then(|v| Lang::from_locale(&v))
    })
    .unwrap_or_default()
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
    let lang = ui_lang(cli.lang);
    match dispatch(&cli) {
        Ok(code) => code,
        Err(err) => {
            report_error(&err, lang);
            2
        }
    }
}

fn dispatch(cli: &Cli) -> Result<i32> {
    let lang = ui_lang(cli.lang);
    match &cli.command {
        Command::Init(args) => crate::cmd::init::run(args, cli.lang, lang, cli.quiet),
        Command::New(args) => crate::cmd::new::run(cli, args),
        Command::Lint(args) => crate::cmd::lint::run(cli, args),
        Command::Build(args) => crate::cmd::build::run(cli, args),
        Command::Serve(args) => crate::serve::run(cli, args),
        Command::Rules { format } => crate::cmd::rules::list(cli, *format),
        Command::Explain { rule } => crate::cmd::rules::explain(cli, rule),
        Command::Lsp => crate::cmd::lsp::run(cli),
        Command::Completions { shell } => {
            let mut cmd = Cli::command();
            clap_complete::generate(*shell, &mut cmd, "debrief", &mut std::io::stdout());
            Ok(0)
        }
    }
}

/// Prints a fatal error as `error: …` on stderr, control characters escaped: it can quote a file
/// name or a command-line argument.
pub fn report_error(err: &Error, lang: Lang) {
    let style = anstyle::Style::new()
        .bold()
        .fg_color(Some(anstyle::AnsiColor::Red.into()));
    let mut stderr = anstream::stderr();
    let label = tr!(lang, "erreur", "error");
    let err = crate::text::escape_controls(&err.to_string()).into_owned();
    let _ = writeln!(stderr, "{style}{label}{style:#}: {err}");
}

/// The book root: `--book DIR`, else the nearest directory at or above the current one that
/// holds `book.toml`.
pub fn find_root(flag: Option<&PathBuf>, lang: Lang) -> Result<PathBuf> {
    if let Some(dir) = flag {
        if dir.join(crate::config::FILE_NAME).is_file() {
            return Ok(dir.clone());
        }
        return Err(Error::at(
            dir,
            None,
            tr!(lang, "pas de book.toml dans ce dossier", "no book.toml in this directory"),
        )
        .with_help(tr!(
            lang,
            "indiquez le dossier racine du carnet avec `--book`, ou créez-en un avec `debrief init`",
            "pass the book's root directory to `--book`, or create one with `debrief init`"
        )));
    }
    let cwd = std::env::current_dir()
        .map_err(|e| Error::new(format!("cannot read the current directory: {e}")))?;
    cwd.ancestors()
        .find(|d| d.join(crate::config::FILE_NAME).is_file())
        .map(PathBuf::from)
        .ok_or_else(|| {
            Error::at(
                &cwd,
                None,
                tr!(
                    lang,
                    "aucun book.toml dans ce dossier ni dans ses parents",
                    "no book.toml in this directory or any parent"
                ),
            )
            .with_help(tr!(
                lang,
                "lancez la commande dans un carnet de missions, passez `--book DIR`, ou créez un carnet avec `debrief init`",
                "run the command inside a book of missions, pass `--book DIR`, or create one with `debrief init`"
            ))
        })
}

/// Today's date: `flag`, else `DEBRIEF_TODAY`, else the local date.
pub fn today(flag: Option<jiff::civil::Date>) -> Result<jiff::civil::Date> {
    if let Some(d) = flag {
        return Ok(d);
    }
    if let Ok(v) = std::env::var("DEBRIEF_TODAY")
        && !v.is_empty()
    {
        return parse_date_arg(&v).map_err(|e| Error::new(format!("DEBRIEF_TODAY: {e}")));
    }
    Ok(jiff::Zoned::now().date())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cli_definition_is_valid() {
        Cli::command().debug_assert();
    }
}
