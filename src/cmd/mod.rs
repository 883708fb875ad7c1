//! One module per subcommand: each declares its clap `Args` and a `run` that takes the resolved
//! `Context` (or, for commands that need no book, the global options) and does the work. Also the
//! pieces they share: argument parsers, printing a fatal error, writing a new file.

pub mod build;
pub mod context;
pub mod draft;
pub mod explain;
pub mod init;
pub mod lint;
pub mod lsp;
pub mod new;
pub mod rules;
pub mod serve;
pub mod todo;

pub use context::{Context, Globals};

use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::site::Audience;
use crate::tr;
use std::io::Write;
use std::path::Path;

/// `--today`, `--start`: a real date in YYYY-MM-DD form.
pub fn parse_date_arg(s: &str) -> std::result::Result<jiff::civil::Date, String> {
    parse_date_in(s, Lang::En)
}

/// `parse_date_arg` with its error in `lang`; a day past the end of its month suggests the
/// nearest real date (`2025-02-30`: `2025-02-28`).
pub fn parse_date_in(s: &str, lang: Lang) -> std::result::Result<jiff::civil::Date, String> {
    crate::text::parse_date(s).map_err(|_| match crate::text::nearest_date(s) {
        Some(near) => tr!(
            lang,
            "`{s}` n’est pas une date qui existe\u{a0}; vouliez-vous dire `{near}`\u{a0}?",
            "`{s}` is not a real date; did you mean `{near}`?"
        ),
        None => tr!(
            lang,
            "`{s}` n’est pas une date réelle au format AAAA-MM-JJ",
            "`{s}` is not a real date in YYYY-MM-DD form"
        ),
    })
}

/// `--audience`: `public` or `private`.
pub fn parse_audience(s: &str) -> std::result::Result<Audience, String> {
    parse_audience_in(s, Lang::En)
}

/// `parse_audience` with its error in `lang`.
pub fn parse_audience_in(s: &str, lang: Lang) -> std::result::Result<Audience, String> {
    match s {
        "public" => Ok(Audience::Public),
        "private" => Ok(Audience::Private),
        _ => Err(tr!(
            lang,
            "`{s}` n’est pas un public\u{a0}; utilisez `public` ou `private`",
            "`{s}` is not an audience; use `public` or `private`"
        )),
    }
}

/// Prints a fatal error as `error: …` (`erreur : …`) on stderr, its help line as `= help: …`
/// (`= aide : …`), control characters escaped: it can quote a file name or a command-line
/// argument.
pub fn report_error(err: &Error, lang: Lang) {
    let style = anstyle::Style::new()
        .bold()
        .fg_color(Some(anstyle::AnsiColor::Red.into()));
    let mut stderr = anstream::stderr();
    let label = tr!(lang, "erreur", "error");
    let colon = lang.colon();
    let help = err.help.clone();
    let body = Error {
        help: None,
        ..err.clone()
    };
    let body = crate::text::escape_controls(&body.to_string()).into_owned();
    let _ = writeln!(stderr, "{style}{label}{style:#}{colon} {body}");
    if let Some(help) = help {
        let word = lang.pick("aide", "help");
        let help = crate::text::escape_controls(&help).into_owned();
        let _ = writeln!(stderr, "  = {word}{colon} {help}");
    }
}

/// Creates `path` with `contents`, refusing to replace an existing file (O_EXCL), and creating
/// parent directories as needed.
pub fn write_new(path: &Path, contents: &str, lang: Lang) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| {
            let what = lang.pick(
                "impossible de créer le dossier",
                "cannot create the directory",
            );
            Error::io(parent, lang, what, &e)
        })?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| {
            let what = lang.pick("impossible de créer le fichier", "cannot create the file");
            Error::io(path, lang, what, &e)
        })?;
    file.write_all(contents.as_bytes()).map_err(|e| {
        let what = lang.pick("impossible d’écrire le fichier", "cannot write the file");
        Error::io(path, lang, what, &e)
    })
}

/// A YAML double-quoted string.
pub fn yaml_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
