//! Property tests: no input makes the journal pipeline panic, and every position it reports is
//! inside the file.
//!
//! Inputs are arbitrary strings, and strings assembled from the pieces the format is made of
//! (fences, headings, task markers, code fences, CRLF, BOM, dates, YAML and TOML punctuation,
//! non-ASCII text). They go through the splitter, both tree parsers and the body index directly,
//! then through the whole path a journal takes: written to a temporary book, loaded with
//! `Book::load`, linted, and printed in every output format.

mod support;

use debrief::config::Config;
use debrief::i18n::Lang;
use debrief::journal::front_matter::{self, Split};
use debrief::journal::{Book, sections};
use debrief::lint::{self, Options, report};
use debrief::tree::{self, Kind, Node, Origin};
use proptest::prelude::*;
use std::path::Path;
use support::TempBook;

/// Pieces of journals: structure, front-matter syntax, body syntax, text that rules look for.
const PIECES: &[&str] = &[
    "---",
    "+++",
    "\n",
    "\r\n",
    "\r",
    "\u{feff}",
    "\t",
    " ",
    "  ",
    "#",
    "# ",
    "## ",
    "### ",
    "- ",
    "* ",
    "+ ",
    "1. ",
    "- [ ] ",
    "- [x] ",
    "* [X] ",
    "[ ]",
    "```",
    "~~~",
    "`",
    "    ",
    "<!--",
    "-->",
    "<br>",
    ">",
    "|",
    "---|---",
    "[^1]",
    "![img](x.png)",
    "$x$",
    ":",
    ": ",
    "=",
    " = ",
    "\"",
    "'",
    "[",
    "]",
    "[[",
    "]]",
    "{",
    "}",
    ",",
    ".",
    "&a ",
    "*a",
    "!!str ",
    "? ",
    "~",
    "null",
    "true",
    "title",
    "client",
    "status",
    "closed",
    "ending",
    "active",
    "publish",
    "case-study",
    "lessons",
    "ended_by",
    "me",
    "end",
    "start",
    "notice",
    "invoices",
    "paid",
    "due",
    "lint",
    "allow",
    "rule",
    "2025-01-15",
    "2025-09-31",
    "2025-01-15T10:00:00",
    "9999-12-31",
    "0000-01-01",
    "-2025-01-01",
    "1e999",
    "0x1F",
    "99999999999999999999",
    "Passation",
    "Accès",
    "Leçons",
    "Retour d’expérience",
    "✍️",
    "🔁",
    "TODO",
    "…",
    "Zorglub",
    "zorglub@example.com",
    "06 12 34 56 78",
    "+33 6 12 34 56 78",
    "+",
    "@",
    "é",
    "ß",
    "İ",
    "\u{301}",
    "\u{200d}",
    "\u{0}",
    "\u{2028}",
    "日本",
    "## Facture\n",
    "Accès\n---\n",
    "[^1]: ",
    "\n    ## Accès\n",
    "> ",
    "<h2>Accès</h2>\n",
    "<a href=\"x.md\" title=\"Zorglub\">",
    "&#90;orglub",
    "Zor\u{ad}glub",
    "*Zorglub*",
    "![i](../x.png \"Zorglub\")",
    "[r]: https://zorglub.fr\n",
    "<!--",
    "```zorglub\n",
];

/// A string assembled from `PIECES`, with arbitrary characters and short words mixed in.
fn journalish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        6 => prop::sample::select(PIECES).prop_map(str::to_string),
        1 => any::<char>().prop_map(String::from),
        1 => "[a-zA-Z0-9_]{1,8}",
    ];
    prop::collection::vec(piece, 0..80).prop_map(|v| v.concat())
}

/// A front matter that parses (so the body and the rules are reached), then a journal-ish body.
fn journal_with_front_matter() -> impl Strategy<Value = String> {
    let heads = prop::sample::select(
        &[
            "---\ntitle: T\nclient: Zorglub\nstart: 2025-01-01\nend: 2025-06-30\nstatus: closed\nended_by: me\npublish: case-study\nnotice: { given: 2025-06-01, channel: phone }\ncontract: { notice_days: 30 }\ninvoices:\n  - { number: \"1\", amount: 10, issued: 2025-01-01, due: 2025-02-01 }\n---\n",
            "---\ntitle: T\nclient: Zorglub SARL\nstart: 2025-01-01\nstatus: ending\npublish: lessons\nlint:\n  allow:\n    - rule: access-open\n---\n",
            "+++\ntitle = \"T\"\nclient = \"é\"\nstart = 2025-01-01\nend = 2025-02-01\nstatus = \"closed\"\nended_by = \"term\"\npublish = \"case-study\"\n+++\n",
            "\u{feff}---\r\ntitle: T\r\nclient: C\r\nstart: 2025-01-01\r\nstatus: closed\r\n---\r\n",
            "---\n---\n",
        ][..],
    );
    (heads, journalish()).prop_map(|(head, body)| format!("{head}{body}"))
}

/// A fence, a journal-ish front matter, maybe a closing fence, a journal-ish body.
fn fenced_junk() -> impl Strategy<Value = String> {
    (
        prop::sample::select(&["---", "+++", "\u{feff}---", "--- ", "+++\r"][..]),
        journalish(),
        prop::sample::select(&["\n---\n", "\n+++\n", "\r\n---\r\n", "\n", ""][..]),
        journalish(),
    )
        .prop_map(|(open, front, close, body)| format!("{open}\n{front}{close}{body}"))
}

fn any_input() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        journalish(),
        journal_with_front_matter(),
        fenced_junk(),
    ]
}

/// The number of lines of `text` as an editor shows them (at least 1).
fn line_count(text: &str) -> u32 {
    text.lines().count().max(1) as u32
}

/// Checks every node position of a tree parsed from a block whose first line is file line 2.
fn check_tree(node: &Node, max_line: u32) -> Result<(), TestCaseError> {
    prop_assert!(node.pos.line >= 1 && node.pos.line <= max_line, "{node:?}");
    prop_assert!(node.pos.col >= 1);
    match &node.kind {
        Kind::List(items) => {
            for item in items {
                check_tree(item, max_line)?;
            }
        }
        Kind::Map(entries) => {
            for e in entries {
                prop_assert!(e.key_pos.line >= 1 && e.key_pos.line <= max_line, "{e:?}");
                check_tree(&e.value, max_line)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// A temporary book whose content directory holds one journal, rewritten for each case (its
/// configuration is the default one, not read from disk).
struct OneFileBook {
    book: TempBook,
}

impl OneFileBook {
    fn new() -> OneFileBook {
        let book = TempBook::bare();
        std::fs::create_dir_all(book.path("content/missions")).unwrap();
        OneFileBook { book }
    }

    fn root(&self) -> &Path {
        self.book.root()
    }

    /// Writes the journal, loads and lints the book, prints every format, and checks positions.
    /// Returns the diagnostics' `(line, column, rule)`.
    fn check(&self, bytes: &[u8], lang: Lang) -> Result<Vec<(u32, u32, String)>, TestCaseError> {
        let path = self.root().join("content/missions/m.md");
        std::fs::write(&path, bytes).unwrap();
        let max_line = match std::str::from_utf8(bytes) {
            Ok(text) => line_count(text) + 1,
            Err(_) => 1,
        };
        let book = Book::load(self.root(), Config::default(), lang)
            .map_err(|e| TestCaseError::fail(format!("the book does not load: {e}")))?;
        prop_assert_eq!(book.missions.len(), 1);
        let mission = &book.missions[0];
        for f in &mission.findings {
            prop_assert!(
                f.pos.line >= 1 && f.pos.line <= max_line && f.pos.col >= 1,
                "finding out of the file ({} lines): {:?}",
                max_line - 1,
                f
            );
            let _ = mission.line_text(f.pos.line);
        }
        for h in &mission.body.headings {
            prop_assert!(h.range.start <= h.range.end && h.range.end <= mission.source.len());
            prop_assert!(h.content.start <= h.content.end);
            prop_assert!(h.content.end <= mission.source.len());
        }
        let today = jiff::civil::date(2026, 11, 23);
        let outcome = lint::run(
            &book,
            &Options {
                today,
                lang,
                only: None,
            },
        );
        for d in &outcome.diagnostics {
            prop_assert_eq!(d.path.as_str(), "content/missions/m.md");
            prop_assert!(
                d.line >= 1 && d.line <= max_line && d.column >= 1,
                "diagnostic out of the file ({} lines): {:?}",
                max_line - 1,
                d
            );
        }
        let mut out = Vec::new();
        report::human::write(&mut out, &outcome, lang, false, false).unwrap();
        report::json::write(&mut out, &outcome, today).unwrap();
        // SARIF carries every rule's documentation, slow to build in a debug build: one case in 8.
        if bytes.len().is_multiple_of(8) {
            report::sarif::write(&mut out, &outcome, &book.config.lint.require, lang).unwrap();
        }
        report::github::write(&mut out, &outcome).unwrap();
        // The deadlines of the same journal: in the file, and a calendar of short CRLF lines.
        let deadlines = debrief::deadlines::deadlines(&book, today, lang);
        for d in &deadlines {
            prop_assert!(
                d.line >= 1 && d.line <= max_line,
                "deadline out of the file: {:?}",
                d
            );
        }
        debrief::deadlines::report::human(&mut out, &deadlines, today, None, lang, false).unwrap();
        debrief::deadlines::report::json(&mut out, &deadlines, today).unwrap();
        let ics = debrief::deadlines::ics::calendar(&deadlines, "Carnet", today, lang);
        prop_assert!(ics.ends_with("\r\n") && !ics.replace("\r\n", "").contains(['\r', '\n']));
        prop_assert!(ics.split("\r\n").all(|l| l.len() <= 75));
        Ok(outcome
            .diagnostics
            .into_iter()
            .map(|d| (d.line, d.column, d.rule))
            .collect())
    }
}

fn lang() -> impl Strategy<Value = Lang> {
    prop_oneof![Just(Lang::Fr), Just(Lang::En)]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn split_never_panics_and_stays_in_the_text(s in any_input()) {
        match front_matter::split(&s) {
            Split::Found(block) => {
                prop_assert!(block.body_start <= s.len());
                prop_assert!(s.is_char_boundary(block.body_start));
                prop_assert_eq!(block.first_line, 2);
                let start = block.text.as_ptr() as usize - s.as_ptr() as usize;
                prop_assert!(start + block.text.len() <= block.body_start);
            }
            Split::Missing | Split::Unclosed(_) => {}
        }
    }

    #[test]
    fn tree_parsers_never_panic_and_positions_stay_in_the_block(s in any_input()) {
        // The block starts on file line 2; its last line is file line `lines + 1`, and a parser
        // may point at the end of input, on the closing fence's line.
        let max_line = line_count(&s) + 2;
        let origin = Origin { first_line: 2 };
        for parsed in [tree::parse_yaml(&s, origin), tree::parse_toml(&s, origin)] {
            match parsed {
                Ok(node) => check_tree(&node, max_line)?,
                Err(e) => {
                    prop_assert!(e.pos.line >= 1 && e.pos.line <= max_line, "{e:?}");
                    prop_assert!(e.pos.col >= 1, "{e:?}");
                }
            }
        }
    }

    #[test]
    fn public_parts_and_names_never_panic_and_no_name_survives(s in any_input()) {
        use debrief::audience::{Names, Part};
        use debrief::audience::parts::Parsed;
        let names = Names::new(["Zorglub", "Zorglub SARL"]);
        let parsed = Parsed::new(&s, 0);
        for part in [Part::Whole, Part::Public, Part::Lessons, Part::PublicLessons] {
            let selection = parsed.select(part);
            let mut events = selection.events;
            let mut found = Vec::new();
            debrief::audience::anonymize::anonymize(&s, &mut events, &names, None, &mut |o| found.push(o));
            prop_assert!(found.iter().all(|&o| o <= s.len()));
            debrief::audience::anonymize::anonymize(&s, &mut events, &names, Some("un client"), &mut |_| {});
            let mut html = String::new();
            pulldown_cmark::html::push_html(&mut html, events.into_iter().map(|(e, _)| e));
            // Balanced: as many closing tags of each block as opening ones.
            for tag in ["blockquote", "ul", "ol", "li", "p", "table"] {
                prop_assert_eq!(
                    html.matches(&format!("<{tag}>")).count() + html.matches(&format!("<{tag} ")).count(),
                    html.matches(&format!("</{tag}>")).count(),
                    "{}: {}", tag, html
                );
            }
            if part != Part::Whole && part != Part::Lessons {
                let clean = debrief::site::markdown::sanitize(&html);
                prop_assert!(!debrief::audience::reads_a_name(&names, &clean) || s.contains('\0'), "{}", clean);
            }
        }
    }

    #[test]
    fn the_body_index_never_panics_and_stays_in_the_text(s in any_input()) {
        let body = sections::index(&s, 0);
        for h in &body.headings {
            prop_assert!(h.range.start <= h.range.end && h.range.end <= s.len());
            prop_assert!(s.is_char_boundary(h.range.start));
            prop_assert!(h.content.start <= h.content.end && h.content.end <= s.len());
        }
        for t in &body.tasks {
            prop_assert!(t.offset < s.len() && s.is_char_boundary(t.offset));
        }
        // From an offset inside the text too (the body after a front matter).
        if let Split::Found(block) = front_matter::split(&s) {
            let body = sections::index(&s, block.body_start);
            for h in &body.headings {
                prop_assert!(h.range.start >= block.body_start);
            }
        }
    }

}

proptest! {
    // The whole path writes a file and loads a book per case: fewer cases.
    #![proptest_config(ProptestConfig { cases: 320, ..ProptestConfig::default() })]

    #[test]
    fn loading_and_linting_never_panic_and_positions_stay_in_the_file(
        s in any_input(),
        lang in lang(),
    ) {
        thread_local!(static BOOK: OneFileBook = OneFileBook::new());
        BOOK.with(|book| book.check(s.as_bytes(), lang))?;
    }

}

proptest! {
    // Two loads per case.
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn crlf_line_endings_and_a_bom_do_not_move_diagnostics(
        s in prop_oneof![journal_with_front_matter(), fenced_junk()]
            .prop_filter("no CR of its own", |s| !s.contains('\r') && !s.contains('\u{feff}')),
    ) {
        thread_local!(static BOOK: OneFileBook = OneFileBook::new());
        let lf = BOOK.with(|book| book.check(s.as_bytes(), Lang::En))?;
        let crlf = format!("\u{feff}{}", s.replace('\n', "\r\n"));
        let crlf = BOOK.with(|book| book.check(crlf.as_bytes(), Lang::En))?;
        // A syntax error is where the parser says, and parsers may stop a character apart at
        // the end of a CRLF line or of the input: compare only that there is one.
        let fuzzy = |d: Vec<(u32, u32, String)>| -> Vec<(u32, u32, String)> {
            d.into_iter()
                .map(|(line, col, rule)| match rule.as_str() {
                    "front-matter-syntax" => (0, 0, rule),
                    _ => (line, col, rule),
                })
                .collect()
        };
        prop_assert_eq!(fuzzy(lf), fuzzy(crlf));
    }

    #[test]
    fn loading_arbitrary_bytes_never_panics(
        bytes in prop::collection::vec(any::<u8>(), 0..200),
        prefix in prop::sample::select(&["", "---\n", "+++\n", "\u{feff}---\n"][..]),
    ) {
        thread_local!(static BOOK: OneFileBook = OneFileBook::new());
        let mut all = prefix.as_bytes().to_vec();
        all.extend(bytes);
        BOOK.with(|book| book.check(&all, Lang::En))?;
    }
}
