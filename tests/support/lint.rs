//! The rules run in-process on a book, for inline snapshots (`insta::assert_snapshot!(…, @"…")`):
//! the book is read with the library as `debrief lint` reads it (journal by journal: its
//! `book.toml`, its language, a fixed day), and the diagnostics are rendered one a line as
//! `path:line:col: severity [rule] message`, or in the human format without colour.

use super::{TODAY, TempBook};
use debrief::config::Config;
use debrief::i18n::Lang;
use debrief::journal::Book;
use debrief::lint::{self, Options, Outcome, report};
use std::path::Path;

/// The outcome of linting the book at `root` on `today` (`YYYY-MM-DD`), in the book's language.
pub fn outcome(root: &Path, today: &str) -> (Outcome, Lang) {
    let config = Config::load(root, Lang::default()).expect("a valid book.toml");
    let lang = config.lang(None);
    let book = Book::open(root, config, lang).expect("the book opens");
    let today = today.parse().expect("a YYYY-MM-DD day");
    let outcome = lint::run_listed(
        &book,
        &book.list(),
        &Options {
            today,
            lang,
            only: None,
        },
    );
    (outcome, lang)
}

/// One line per diagnostic: `path:line:col: severity [rule] message`.
pub fn compact(outcome: &Outcome) -> String {
    outcome
        .diagnostics
        .iter()
        .map(|d| {
            format!(
                "{}:{}:{}: {} [{}] {}\n",
                d.path, d.line, d.column, d.severity, d.rule, d.message
            )
        })
        .collect()
}

/// The human report, without colour, summary line included.
pub fn human(outcome: &Outcome, lang: Lang) -> String {
    let mut out = Vec::new();
    report::human::write(&mut out, outcome, lang, false, false).expect("write to memory");
    String::from_utf8(out).expect("the report is UTF-8")
}

impl TempBook {
    /// The diagnostics on `TODAY`, one a line (see [`compact`]).
    pub fn check(&self) -> String {
        self.check_on(TODAY)
    }

    /// The diagnostics on `today`, one a line (see [`compact`]).
    pub fn check_on(&self, today: &str) -> String {
        compact(&outcome(self.root(), today).0)
    }

    /// The human report on `TODAY`, without colour.
    pub fn check_human(&self) -> String {
        let (outcome, lang) = outcome(self.root(), TODAY);
        human(&outcome, lang)
    }
}
