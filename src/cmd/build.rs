//! `debrief build`: load the book, build the site for one audience into the destination
//! atomically, print build warnings and a one-line summary.
//!
//! Nothing is dropped silently: a file the site needs that cannot be loaded (a journal whose front
//! matter is missing or broken, that cannot be read or is not UTF-8; or `content/_index.md`, see
//! `journal::Unloaded`) fails the build with exit code 1 before anything is written, so the
//! previous site stays as it was. With `--keep-going` such files are left out, each with a
//! warning, and the summary says how many. Exit code 2 stays for what stops debrief itself
//! (book.toml, theme, destination, disk), as for every command.

use crate::cmd::{Context, parse_audience, parse_date_arg, report_error};
use crate::error::{Error, Result};
use crate::i18n::{self, Lang};
use crate::journal::{Book, Publish, Unloaded};
use crate::site::{self, Audience, BuildOptions, Warning};
use crate::text::escape_controls as esc;
use crate::tr;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Who the site is for: `public` shows only lessons and consented case studies.
    #[arg(long, value_parser = parse_audience, default_value = "public", value_name = "public|private")]
    pub audience: Audience,
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

pub fn run(ctx: Context, args: &Args) -> Result<i32> {
    // Counted from here: the context (book.toml read) was resolved just before.
    let started = Instant::now();
    let lang = ctx.lang;
    let dest = args
        .dest
        .clone()
        .unwrap_or_else(|| ctx.root.join(&ctx.config.build.build_dir));
    let mut book = Book::load(&ctx.root, ctx.config, lang)?;
    let unloaded = book.unloaded();
    if !unloaded.is_empty() && !args.keep_going {
        refuse(&unloaded, &dest, lang);
        return Ok(1);
    }
    // Left out: a journal that does not load has no front matter, so no view shows it (a link to
    // it becomes a link to a mission without a page); a home introduction that does not load is
    // not used at all.
    book.pages.retain(|p| Unloaded::of_page(p).is_none());
    let built = site::build(
        &book,
        &BuildOptions {
            audience: args.audience,
            dest: dest.clone(),
            drafts: args.drafts,
            today: ctx.today,
            lang,
            progress: !ctx.quiet && std::io::stderr().is_terminal(),
        },
    )?;
    let mut warnings: Vec<Warning> = unloaded.iter().map(|u| left_out(u, lang)).collect();
    warnings.extend(built.warnings);
    warnings.sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
    let style = anstyle::Style::new()
        .bold()
        .fg_color(Some(anstyle::AnsiColor::Yellow.into()));
    let mut stderr = anstream::stderr();
    let label = tr!(lang, "avertissement", "warning");
    for w in &warnings {
        let _ = writeln!(
            stderr,
            "{style}{label}{style:#}{} {}:{}:{}: {}",
            lang.colon(),
            esc(&w.path),
            w.line,
            w.col,
            esc(&w.message)
        );
    }
    if !ctx.quiet {
        let time = i18n::plural::seconds(started.elapsed().as_secs_f64(), lang);
        let pages = i18n::count_of(built.pages, lang, ("page", "pages"), ("page", "pages"));
        let missions = i18n::count_of(
            built.missions,
            lang,
            ("mission", "missions"),
            ("mission", "missions"),
        );
        let audience = match (args.audience, lang) {
            (Audience::Public, Lang::Fr) => "public",
            (Audience::Private, Lang::Fr) => "privé",
            (a, Lang::En) => a.as_str(),
        };
        let dest = esc(&dest.display().to_string()).into_owned();
        let mut summary = match (lang, i18n::plural::is_singular(built.pages as i64, lang)) {
            (Lang::Fr, true) => {
                format!("{pages} construite à partir de {missions} en {time} ({audience}, {dest})")
            }
            (Lang::Fr, false) => {
                format!("{pages} construites à partir de {missions} en {time} ({audience}, {dest})")
            }
            (Lang::En, _) => {
                format!("Built {pages} from {missions} in {time} ({audience}, {dest})")
            }
        };
        if !unloaded.is_empty() {
            let what = what(&unloaded, lang);
            let left = match lang {
                Lang::Fr => format!("laissé{} de côté", agreement(&unloaded)),
                Lang::En => "left out".to_string(),
            };
            summary.push_str(&format!(", {what} {left}"));
        }
        println!("{summary}");
        let published = book
            .missions
            .iter()
            .filter_map(|m| m.front.as_ref())
            .any(|f| f.publish() != Publish::Private);
        if args.audience == Audience::Public && built.missions == 0 && !published {
            let loaded = book.missions.iter().filter(|m| m.front.is_some()).count();
            println!("{}", nothing_published(loaded, lang));
        }
    }
    // The process ends with the command: the book (every journal's text, front matter and
    // index, 10,000 of them in a large book) is left to the system to reclaim at once rather
    // than freed allocation by allocation, one thread doing it after the site is written.
    std::mem::forget(book);
    Ok(0)
}

/// The hint after a public build that shows no mission: how a mission gets published.
fn nothing_published(missions: usize, lang: Lang) -> String {
    let found = if missions == 0 {
        tr!(
            lang,
            "aucune mission dans le carnet pour l’instant",
            "no mission in the book yet"
        )
    } else {
        let n = i18n::count_of(
            missions,
            lang,
            ("mission", "missions"),
            ("mission", "missions"),
        );
        match (lang, i18n::plural::is_singular(missions as i64, lang)) {
            (Lang::Fr, true) => format!("{n} dans le carnet, privée"),
            (Lang::Fr, false) => format!("{n} dans le carnet, toutes privées"),
            (Lang::En, true) => format!("{n} in the book, private"),
            (Lang::En, false) => format!("{n} in the book, all private"),
        }
    };
    tr!(
        lang,
        "Rien n’est publié ({found})\u{a0}: une mission est privée tant que son en-tête ne dit pas \
`publish: lessons` (ses leçons seules) ou `publish: case-study` (toute la mission, avec \
`case_study.consent`, la date de l’accord du client). `debrief build --audience private` montre tout.",
        "Nothing is published ({found}): a mission stays private until its front matter says \
`publish: lessons` (its lessons only) or `publish: case-study` (the whole mission, with \
`case_study.consent`, the date the client agreed). `debrief build --audience private` shows everything."
    )
}

/// Says why nothing was built: each file with its place and reason, then what to do.
fn refuse(unloaded: &[Unloaded], dest: &Path, lang: Lang) {
    for u in unloaded {
        report_error(&Error::at(&u.rel, Some(u.pos), u.reason.as_str()), lang);
    }
    let what = what(unloaded, lang);
    let one = unloaded.len() == 1;
    let kept = if dest.exists() {
        let dest = dest.display();
        tr!(
            lang,
            " ({dest} reste tel quel)",
            " ({dest} is left as it was)"
        )
    } else {
        String::new()
    };
    let message = match (lang, one) {
        (Lang::Fr, true) => {
            format!("{what} ne se charge pas\u{a0}: le site n’a pas été construit{kept}")
        }
        (Lang::Fr, false) => {
            format!("{what} ne se chargent pas\u{a0}: le site n’a pas été construit{kept}")
        }
        (Lang::En, _) => format!("{what} could not be loaded: the site was not built{kept}"),
    };
    let journals = unloaded.iter().any(|u| !u.index);
    let lint = if journals {
        tr!(
            lang,
            " (`debrief lint` montre chaque problème dans son contexte)",
            " (`debrief lint` shows each problem in context)"
        )
    } else {
        String::new()
    };
    let (fix, without) = match (lang, one, journals) {
        (Lang::Fr, false, _) => ("corrigez-les", "eux"),
        (Lang::Fr, true, true) => ("corrigez-le", "lui"),
        (Lang::Fr, true, false) => ("corrigez-la", "elle"),
        (Lang::En, false, _) => ("fix them", "them"),
        (Lang::En, true, _) => ("fix it", "it"),
    };
    let help = tr!(
        lang,
        "{fix}{lint}, ou passez `--keep-going` pour construire le site sans {without}",
        "{fix}{lint}, or pass `--keep-going` to build the site without {without}"
    );
    report_error(&Error::new(message).with_help(help), lang);
}

/// The warning for a file left out by `--keep-going`.
fn left_out(u: &Unloaded, lang: Lang) -> Warning {
    let reason = &u.reason;
    let message = match u.index {
        false => tr!(
            lang,
            "journal laissé de côté\u{a0}: {reason}",
            "journal left out: {reason}"
        ),
        true => tr!(
            lang,
            "introduction de la page d’accueil laissée de côté\u{a0}: {reason}",
            "home page introduction left out: {reason}"
        ),
    };
    Warning {
        path: u.rel.clone(),
        line: u.pos.line,
        col: u.pos.col,
        message,
    }
}

/// `2 journaux`, `1 journal`, `l'introduction de la page d'accueil`, `1 journal et
/// l'introduction de la page d'accueil` (there is only one home introduction).
fn what(unloaded: &[Unloaded], lang: Lang) -> String {
    let journals = unloaded.iter().filter(|u| !u.index).count();
    let intro = unloaded.iter().any(|u| u.index);
    let mut parts = Vec::new();
    if journals > 0 {
        parts.push(i18n::count(
            i64::try_from(journals).unwrap_or(i64::MAX),
            lang,
            ("journal", "journaux"),
            ("journal", "journals"),
        ));
    }
    if intro {
        parts.push(tr!(
            lang,
            "l’introduction de la page d’accueil",
            "the home page introduction"
        ));
    }
    parts.join(&tr!(lang, " et ", " and "))
}

/// The French past participle's ending: `laissé`, `laissés`, `laissée`.
fn agreement(unloaded: &[Unloaded]) -> &'static str {
    match unloaded {
        [one] if one.index => "e",
        [_] => "",
        _ => "s",
    }
}
