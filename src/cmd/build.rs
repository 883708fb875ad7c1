//! `debrief build`: load the book, build the site for one audience into the destination
//! atomically, print build warnings and a one-line summary.

use crate::cli::{BuildArgs, Cli, find_root, today, ui_lang};
use crate::config::Config;
use crate::error::Result;
use crate::journal::Book;
use crate::site::{self, BuildOptions};
use crate::text::escape_controls as esc;
use crate::tr;
use std::io::{IsTerminal, Write};
use std::time::Instant;

pub fn run(cli: &Cli, args: &BuildArgs) -> Result<i32> {
    let started = Instant::now();
    let lang = ui_lang(cli.lang);
    let root = find_root(cli.book.as_ref(), lang)?;
    let config = Config::load(&root, lang)?;
    let lang = config.lang(cli.lang);
    let today = today(args.today)?;
    let dest = args
        .dest
        .clone()
        .unwrap_or_else(|| root.join(&config.build.build_dir));
    let book = Book::load(&root, config, lang)?;
    let built = site::build(
        &book,
        &BuildOptions {
            audience: args.audience,
            dest: dest.clone(),
            drafts: args.drafts,
            today,
            lang,
            progress: !cli.quiet && std::io::stderr().is_terminal(),
        },
    )?;
    let style = anstyle::Style::new()
        .bold()
        .fg_color(Some(anstyle::AnsiColor::Yellow.into()));
    let mut stderr = anstream::stderr();
    let label = tr!(lang, "avertissement", "warning");
    for w in &built.warnings {
        let _ = writeln!(
            stderr,
            "{style}{label}{style:#}: {}:{}:{}: {}",
            esc(&w.path),
            w.line,
            w.col,
            esc(&w.message)
        );
    }
    if !cli.quiet {
        let secs = started.elapsed().as_secs_f64();
        println!(
            "{}",
            tr!(
                lang,
                "{} pages construites à partir de {} missions en {secs:.2} s ({}, {})",
                "Built {} pages from {} missions in {secs:.2} s ({}, {})",
                built.pages,
                built.missions,
                args.audience.as_str(),
                esc(&dest.display().to_string())
            )
        );
    }
    Ok(0)
}
