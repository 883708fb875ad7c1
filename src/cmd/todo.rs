//! `debrief todo`: the open deadlines of the book (or of some journals), overdue first, in a
//! window of days (`--within`, 30 by default; `--all`), as a list, JSON or an iCalendar file.
//! Exit 0 whatever is due (a to-do list is not a failure), 2 when it cannot run.

use crate::cmd::{Context, parse_date_arg};
use crate::deadlines::{self, ics, report};
use crate::error::{Error, Result};
use crate::journal::{Book, Unloaded};
use crate::tr;
use std::io::Write;
use std::path::PathBuf;

/// The default window, in days after today.
const DEFAULT_WITHIN: i64 = 30;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Journals to list the deadlines of (default: the whole book). Files outside the content
    /// directory, `_index.md` and non-Markdown files are ignored.
    pub files: Vec<PathBuf>,
    /// Show what is overdue and what is due within DAYS days (default: 30).
    #[arg(long, value_name = "DAYS", conflicts_with = "all")]
    pub within: Option<u32>,
    /// Show every open deadline, however far.
    #[arg(long)]
    pub all: bool,
    /// Output format (`ics`: every open deadline, whatever the window).
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// The date deadlines are counted from (default: DEBRIEF_TODAY, else the local date).
    #[arg(long, value_parser = parse_date_arg, value_name = "YYYY-MM-DD")]
    pub today: Option<jiff::civil::Date>,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Ics,
}

pub fn run(ctx: Context, args: &Args) -> Result<i32> {
    let (lang, today) = (ctx.lang, ctx.today);
    let book = Book::load(&ctx.root, ctx.config, lang)?;
    let mut list = deadlines::deadlines(&book, today, lang);
    if !args.files.is_empty() {
        let only = crate::cmd::lint::selected_files(&book, &args.files, lang)?;
        list.retain(|d| only.contains(&d.path));
    }
    // A journal that does not load has no deadline: say so (as `build` words its warnings)
    // rather than list nothing silently.
    let style = anstyle::Style::new()
        .bold()
        .fg_color(Some(anstyle::AnsiColor::Yellow.into()));
    let mut stderr = anstream::stderr();
    let label = tr!(lang, "avertissement", "warning");
    let note = tr!(
        lang,
        "ses échéances ne sont pas listées",
        "its deadlines are not listed"
    );
    for unloaded in book.missions.iter().filter_map(Unloaded::of_mission) {
        let text = crate::text::escape_controls(&unloaded.to_string()).into_owned();
        let _ = writeln!(stderr, "{style}{label}{style:#}: {text} ({note})");
    }
    let within = (!args.all).then(|| args.within.map_or(DEFAULT_WITHIN, i64::from));
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let written = match args.format {
        Format::Human => {
            let list = deadlines::window(list, today, within);
            report::human(&mut out, &list, today, within, lang, ctx.quiet)
        }
        Format::Json => report::json(&mut out, &deadlines::window(list, today, within), today),
        Format::Ics => {
            out.write_all(ics::calendar(&list, &book.config.book.title, today, lang).as_bytes())
        }
    };
    written.and_then(|()| out.flush()).map_err(|e| {
        Error::new(tr!(
            lang,
            "impossible d’écrire la liste\u{a0}: {e}",
            "cannot write the list: {e}"
        ))
    })?;
    Ok(0)
}
