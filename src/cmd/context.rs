//! What a command starts from: the global options (`Globals`) and, for the commands that work on
//! a book, the `Context` resolved once from them: the book root, its configuration, the language
//! and today's date. The language is first the one before any book is read (`--lang`, else the
//! locale), which speaks the errors of finding and reading book.toml; then the book's.

use crate::config::Config;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::layout::BOOK_TOML;
use crate::tr;
use jiff::civil::Date;
use std::path::PathBuf;

/// The options every command accepts (`--book`, `--lang`, `--quiet`).
#[derive(Debug)]
pub struct Globals {
    pub book: Option<PathBuf>,
    pub lang: Option<Lang>,
    pub quiet: bool,
}

/// The book a command works on, resolved.
#[derive(Debug)]
pub struct Context {
    pub root: PathBuf,
    pub config: Config,
    /// `--lang`, else the book's `language`.
    pub lang: Lang,
    /// `--lang` alone, which wins over the book's language whenever book.toml is read again.
    pub lang_flag: Option<Lang>,
    /// The command's date option (`--today`; `--start` for `new`), else `DEBRIEF_TODAY`, else the
    /// local date.
    pub today: Date,
    pub quiet: bool,
}

impl Globals {
    /// The language before any book is read: `--lang`, else the locale, else French.
    pub fn ui_lang(&self) -> Lang {
        ui_lang(self.lang)
    }

    /// Finds the book, reads its configuration, then settles the language and `today` (`date`
    /// is the command's date option), in that order: each step's errors come before the next's.
    pub fn context(&self, date: Option<Date>) -> Result<Context> {
        self.resolve(date, false)
    }

    /// `context` with the book root made canonical before book.toml is read, for `serve`: the
    /// watcher's paths are compared with it.
    pub fn canonical_context(&self) -> Result<Context> {
        self.resolve(None, true)
    }

    fn resolve(&self, date: Option<Date>, canonical: bool) -> Result<Context> {
        let lang = self.ui_lang();
        let mut root = find_root(self.book.as_ref(), lang)?;
        if canonical {
            root = root.canonicalize().map_err(|e| {
                let what = lang.pick(
                    "impossible de lire le dossier du carnet",
                    "cannot read the book's directory",
                );
                Error::io(&root, lang, what, &e)
            })?;
        }
        let config = Config::load(&root, lang)?;
        let lang = config.lang(self.lang);
        let today = today(date, lang)?;
        Ok(Context {
            root,
            config,
            lang,
            lang_flag: self.lang,
            today,
            quiet: self.quiet,
        })
    }

    /// The book's configuration when there is a readable one here, and the language: for the
    /// commands that work without a book (`rules`, `explain`), which use its language and custom
    /// elements when there is one.
    pub fn optional_config(&self) -> (Option<Config>, Lang) {
        let ui = self.ui_lang();
        let config = find_root(self.book.as_ref(), ui)
            .ok()
            .and_then(|root| Config::load(&root, ui).ok());
        let lang = config.as_ref().map_or(ui, |c| c.lang(self.lang));
        (config, lang)
    }
}

/// The book root: `--book DIR`, else the nearest directory at or above the current one that
/// holds `book.toml`.
fn find_root(flag: Option<&PathBuf>, lang: Lang) -> Result<PathBuf> {
    if let Some(dir) = flag {
        if dir.join(BOOK_TOML).is_file() {
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
    let cwd = std::env::current_dir().map_err(|e| {
        Error::new(tr!(
            lang,
            "impossible de lire le dossier courant\u{a0}: {e}",
            "cannot read the current directory: {e}"
        ))
    })?;
    cwd.ancestors()
        .find(|d| d.join(BOOK_TOML).is_file())
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

/// Today's date: `flag`, else `DEBRIEF_TODAY` (empty means unset), else the local date.
/// The language before any book is read: `flag` (`--lang`), else the locale, else French.
pub fn ui_lang(flag: Option<Lang>) -> Lang {
    flag.unwrap_or_else(|| {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|v| std::env::var(v).ok())
            .find(|v| !v.is_empty())
            .and_then(|v| Lang::from_locale(&v))
            .unwrap_or_default()
    })
}

pub fn today(flag: Option<Date>, lang: Lang) -> Result<Date> {
    if let Some(d) = flag {
        return Ok(d);
    }
    if let Ok(v) = std::env::var("DEBRIEF_TODAY")
        && !v.is_empty()
    {
        return super::parse_date_in(&v, lang)
            .map_err(|why| Error::new(format!("DEBRIEF_TODAY{} {why}", lang.colon())));
    }
    Ok(jiff::Zoned::now().date())
}
