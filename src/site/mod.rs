//! `debrief build`: the static site. The pipeline is load (done by the caller) → audience view
//! (`view`), lint results for the checklist and deadlines (private only), side by side → pages
//! rendered in parallel into an
//! `output::Sink`: a staging directory and an atomic swap for `build` (`output`), the in-memory
//! site for `serve`. Pages are deterministic: same input and `today`, same bytes. Each page has
//! its function in `pages`, its path in `routes`, and its template context in `context`.

pub mod charts;
mod context;
mod links;
pub mod markdown;
pub mod output;
pub mod pages;
pub mod routes;
pub mod search;
pub mod strings;
pub mod templates;

pub use crate::audience::{Audience, Warning};
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::journal::Book;
use crate::tr;
use jiff::civil::Date;
use std::path::{Path, PathBuf};

pub struct BuildOptions {
    pub audience: Audience,
    pub dest: PathBuf,
    pub drafts: bool,
    pub today: Date,
    pub lang: Lang,
    /// Show a progress line on stderr (only worth it on a terminal and a large book).
    pub progress: bool,
}

#[derive(Debug)]
pub struct Built {
    pub pages: usize,
    pub missions: usize,
    pub warnings: Vec<Warning>,
}

/// Refuses a destination that is the book root, the content directory or one of their parents.
pub fn check_destination(book: &Book, dest: &Path, lang: Lang) -> Result<()> {
    let absolute = |p: &Path| -> PathBuf {
        if let Ok(c) = p.canonicalize() {
            return c;
        }
        let name = p.file_name().map(PathBuf::from).unwrap_or_default();
        let parent = p
            .parent()
            .filter(|x| !x.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        parent
            .canonicalize()
            .map_or_else(|_| p.to_path_buf(), |c| c.join(name))
    };
    let dest_abs = absolute(dest);
    for (protected, what) in [
        (
            absolute(&book.root),
            tr!(lang, "la racine du carnet", "the book root"),
        ),
        (
            absolute(&book.content_dir),
            tr!(lang, "le dossier de contenu", "the content directory"),
        ),
    ] {
        if protected.starts_with(&dest_abs) {
            return Err(Error::at(
                dest,
                None,
                tr!(
                    lang,
                    "la destination est {what} ou l'un de ses parents : elle serait remplacée",
                    "the destination is {what} or one of its parents: it would be replaced"
                ),
            )
            .with_help(tr!(
                lang,
                "choisissez un dossier à part, par exemple `--dest site`",
                "choose a separate directory, for example `--dest site`"
            )));
        }
    }
    Ok(())
}

/// The lint findings the checklist shows: the private view's only (the public one has no
/// checklist).
fn checklist_findings(
    book: &Book,
    audience: Audience,
    today: Date,
    lang: Lang,
) -> crate::lint::Outcome {
    match audience {
        Audience::Private => crate::lint::run(
            book,
            &crate::lint::Options {
                today,
                lang,
                only: None,
            },
        ),
        Audience::Public => crate::lint::Outcome::default(),
    }
}

/// Builds the site of `book` for one audience.
pub fn build(book: &Book, opts: &BuildOptions) -> Result<Built> {
    check_destination(book, &opts.dest, opts.lang)?;
    let theme_dir = book.root.join(&book.config.build.theme_dir);
    let env = templates::environment(&theme_dir, opts.lang)?;
    let (audience, today, lang) = (opts.audience, opts.today, opts.lang);
    let private = audience == Audience::Private;
    // Four independent passes side by side: the checklist's findings, the audience's view, the
    // open deadlines and their calendar (private) and the staging directory (taking the spare
    // site reads its tree).
    let ((outcome, view), ((deadlines, calendar), staging)) = rayon::join(
        || {
            rayon::join(
                || checklist_findings(book, audience, today, lang),
                || crate::audience::View::new(book, audience, opts.drafts, lang),
            )
        },
        || {
            rayon::join(
                || match private {
                    true => {
                        let list = crate::deadlines::deadlines(book, today, lang);
                        let calendar = pages::deadlines::calendar(book, &list, today, lang);
                        (list, Some(calendar))
                    }
                    false => (Vec::new(), None),
                },
                || output::Staging::new(&opts.dest, !private, lang),
            )
        },
    );
    let staging = staging?;
    // The calendar is written beside the pages (and freed then: megabytes for a large book).
    let (ics, written) = rayon::join(
        || match calendar {
            Some(calendar) => staging.write(routes::DEADLINES_ICS, &calendar),
            None => Ok(()),
        },
        || {
            pages::write_all(
                book, &view, &outcome, &env, &theme_dir, &staging, opts, deadlines,
            )
        },
    );
    ics?;
    let written = written?;
    staging.commit()?;
    let mut warnings = view.warnings;
    warnings.extend(written.warnings);
    warnings.sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
    Ok(Built {
        pages: written.pages,
        missions: view.missions.len(),
        warnings,
    })
}
