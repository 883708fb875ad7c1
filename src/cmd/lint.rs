//! `debrief lint`: read and lint the book's journals one by one, print the diagnostics in the
//! chosen format and return the exit code (0 clean, 1 errors — or warnings under `--deny warnings`).

use crate::cmd::{Context, parse_date_arg};
use crate::diagnostic::Severity;
use crate::error::{Error, Result};
use crate::journal::Book;
use crate::lint::report::{self, Format};
use crate::lint::{self, Options};
use crate::tr;
use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Journals to report on (default: the whole book). Files outside the content directory,
    /// `_index.md` and non-Markdown files are ignored.
    pub files: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// The date rules compare with (default: DEBRIEF_TODAY, else the local date).
    // DEBRIEF_TODAY is read with the context (`cmd::context::today`), like `new` and `init` do,
    // not by clap: an empty value means unset, and a bad one is reported under the variable's name.
    #[arg(long, value_parser = parse_date_arg, value_name = "YYYY-MM-DD")]
    pub today: Option<jiff::civil::Date>,
    /// `--deny warnings`: exit 1 on warnings too.
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub deny: Option<DenyLevel>,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum DenyLevel {
    Warnings,
}

pub fn run(ctx: Context, args: &Args) -> Result<i32> {
    let (lang, today) = (ctx.lang, ctx.today);
    // Each journal is read, linted and dropped in turn: the others are known by their path only
    // (`duplicate-slug` needs no more), and with FILE arguments only those files are read.
    let book = Book::open(&ctx.root, ctx.config, lang)?;
    let only = if args.files.is_empty() {
        None
    } else {
        Some(selected_files(&book, &args.files, lang)?)
    };
    let listing = book.list();
    let outcome = lint::run_listed(&book, &listing, &Options { today, lang, only });

    // One buffered writer: reports of thousands of diagnostics must not cost a syscall per line.
    // Colour (human format only) is decided once from the real stdout.
    let stdout = std::io::stdout();
    let choice = anstream::AutoStream::choice(&stdout);
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let written = match args.format {
        Format::Human => {
            let color = choice != anstream::ColorChoice::Never;
            report::human::write(&mut out, &outcome, lang, ctx.quiet, color).and_then(|()| {
                if listing.journals.is_empty() && !ctx.quiet {
                    let hint = tr!(
                        lang,
                        "Le carnet n’a encore aucun journal\u{a0}: `debrief new \"Titre\" --client \"Client\"` en commence un.",
                        "The book has no journal yet: `debrief new \"Title\" --client \"Client\"` starts one."
                    );
                    writeln!(out, "{hint}")?;
                }
                Ok(())
            })
        }
        Format::Json => report::json::write(&mut out, &outcome, today),
        Format::Sarif => report::sarif::write(&mut out, &outcome, &book.config.lint.require, lang),
        Format::Github => report::github::write(&mut out, &outcome),
    };
    written.and_then(|()| out.flush()).map_err(|e| {
        Error::new(tr!(
            lang,
            "impossible d’écrire le rapport\u{a0}: {e}",
            "cannot write the report: {e}"
        ))
    })?;

    let failing = outcome.diagnostics.iter().any(|d| {
        d.severity == Severity::Error
            || (args.deny == Some(DenyLevel::Warnings) && d.severity == Severity::Warning)
    });
    Ok(i32::from(failing))
}

/// The book-relative paths of the journals among `files` (as pre-commit passes them). Files
/// outside the content directory, `_index.md` and non-Markdown files are ignored.
pub fn selected_files(
    book: &Book,
    files: &[PathBuf],
    lang: crate::i18n::Lang,
) -> Result<HashSet<String>> {
    let canonical = |p: &Path| {
        p.canonicalize().map_err(|e| {
            Error::io(
                p,
                lang,
                &tr!(lang, "fichier introuvable", "cannot find this file"),
                &e,
            )
        })
    };
    let content = canonical(&book.content_dir)?;
    let root = canonical(&book.root)?;
    let mut set = HashSet::new();
    for file in files {
        let is_journal = file.extension().is_some_and(|x| x == "md")
            && file.file_name().is_some_and(|n| n != "_index.md");
        if !is_journal {
            continue;
        }
        let path = canonical(file)?;
        if !path.starts_with(&content) {
            continue;
        }
        set.insert(crate::journal::relative(&root, &path));
    }
    Ok(set)
}
