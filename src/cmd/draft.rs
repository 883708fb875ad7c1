//! `debrief draft`: writes a letter the seeds tell a freelancer to send, filled from a mission's
//! journal, to stdout or `--out` (never overwriting without `--force`); `--list` shows the kinds.
//! Warnings and the notes for the author go to stderr, so a redirect captures only the letter.

use crate::cmd::{Globals, parse_date_arg};
use crate::diagnostic::LetterKind;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::journal::{Book, Mission};
use crate::letters::{self, Format, Request};
use crate::tr;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The letter to write (see `--list`).
    #[arg(required_unless_present = "list", value_name = "KIND")]
    pub kind: Option<String>,
    /// The mission: its journal's path or its slug.
    #[arg(required_unless_present = "list", value_name = "MISSION")]
    pub mission: Option<String>,
    /// List the kinds of letter and what each needs.
    #[arg(long, conflicts_with_all = ["kind", "mission"])]
    pub list: bool,
    /// An invoice to claim, by number (repeatable; default: every unpaid invoice that is late).
    #[arg(long = "invoice", value_name = "NUMBER")]
    pub invoices: Vec<String>,
    /// The letter's date (default: DEBRIEF_TODAY, else the local date).
    #[arg(long, value_parser = parse_date_arg, value_name = "YYYY-MM-DD")]
    pub date: Option<jiff::civil::Date>,
    /// Alias of `--date`, as other commands name it.
    #[arg(long, value_parser = parse_date_arg, value_name = "YYYY-MM-DD", conflicts_with = "date", hide = true)]
    pub today: Option<jiff::civil::Date>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Md)]
    pub format: Format,
    /// Write the letter to FILE instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Replace an existing `--out` file; include an invoice named by `--invoice` that is not late.
    #[arg(long)]
    pub force: bool,
}

pub fn run(globals: &Globals, args: &Args) -> Result<i32> {
    if args.list {
        return list(globals.optional_config().1);
    }
    let ctx = globals.context(args.date.or(args.today))?;
    let lang = ctx.lang;
    let kind_name = args.kind.as_deref().unwrap_or_default();
    let kind = LetterKind::parse(kind_name).ok_or_else(|| {
        let names: Vec<&str> = LetterKind::ALL.iter().map(|k| k.name()).collect();
        Error::new(tr!(
            lang,
            "`{kind_name}` n’est pas un type de lettre\u{A0}; types\u{A0}: {} (voir `debrief draft --list`)",
            "`{kind_name}` is not a kind of letter; kinds: {} (see `debrief draft --list`)",
            names.join(", ")
        ))
    })?;
    let theme_dir = ctx.root.join(&ctx.config.build.theme_dir);
    let book = Book::load(&ctx.root, ctx.config, lang)?;
    let mission = find_mission(&book, args.mission.as_deref().unwrap_or_default(), lang)?;
    let req = Request {
        kind,
        lang,
        date: ctx.today,
        invoices: &args.invoices,
        force: args.force,
        eml: args.format == Format::Eml,
    };
    let templates = letters::Templates::load(&theme_dir, lang)?;
    let letter = letters::draft(&book.config, &templates, mission, &req, args.format)?;
    let mut stderr = anstream::stderr();
    let label = tr!(lang, "avertissement", "warning");
    for w in &letter.warnings {
        let _ = writeln!(stderr, "{label}: {}", crate::text::escape_controls(w));
    }
    match &args.out {
        Some(path) => write_out(path, &letter.text, args.force, lang)?,
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(letter.text.as_bytes())
                .and_then(|()| out.flush())
                .map_err(|e| {
                    Error::new(tr!(
                        lang,
                        "impossible d’écrire la lettre\u{A0}: {e}",
                        "cannot write the letter: {e}"
                    ))
                })?;
        }
    }
    for note in &letter.notes {
        let _ = writeln!(stderr, "\n{note}");
    }
    Ok(0)
}

/// `draft --list`: each kind, when to send it and what it needs.
fn list(lang: Lang) -> Result<i32> {
    let mut out = std::io::stdout().lock();
    let width = LetterKind::ALL
        .iter()
        .map(|k| k.name().len())
        .max()
        .unwrap_or(0);
    for kind in LetterKind::ALL {
        let _ = writeln!(out, "{:width$}  {}", kind.name(), kind.summary(lang));
    }
    Ok(0)
}

/// The mission named by a journal path or a slug.
fn find_mission<'b>(book: &'b Book, wanted: &str, lang: Lang) -> Result<&'b Mission> {
    let path = Path::new(wanted);
    if path.is_file() {
        let canonical = path.canonicalize().ok();
        if let Some(m) = book
            .missions
            .iter()
            .find(|m| m.path.canonicalize().ok() == canonical)
        {
            return Ok(m);
        }
    }
    if let Some(m) = book.missions.iter().find(|m| m.slug == wanted) {
        return Ok(m);
    }
    let slugs: Vec<&str> = book.missions.iter().map(|m| m.slug.as_str()).collect();
    let hint = crate::text::closest(wanted, &slugs, 3).map_or_else(String::new, |s| {
        tr!(
            lang,
            "\u{A0}; vouliez-vous dire `{s}`\u{A0}?",
            "; did you mean `{s}`?"
        )
    });
    Err(Error::new(tr!(
        lang,
        "aucune mission `{wanted}` dans le carnet (ni chemin de journal ni slug){hint}",
        "no mission `{wanted}` in the book (neither a journal path nor a slug){hint}"
    )))
}

/// Writes `--out`, refusing to replace an existing file without `--force`.
fn write_out(path: &Path, text: &str, force: bool, lang: Lang) -> Result<()> {
    if !force {
        return crate::cmd::write_new(path, text, lang).map_err(|e| {
            if path.symlink_metadata().is_ok() {
                Error::new(tr!(
                    lang,
                    "{} existe déjà\u{A0}; ajoutez --force pour le remplacer",
                    "{} already exists; add --force to replace it",
                    path.display()
                ))
            } else {
                e
            }
        });
    }
    std::fs::write(path, text).map_err(|e| {
        let what = lang.pick("impossible d’écrire le fichier", "cannot write the file");
        Error::io(path, lang, what, &e)
    })
}
