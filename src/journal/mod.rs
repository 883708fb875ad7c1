//! The content model: a `Book` of `Mission`s (one per journal file) and `Page`s (`_index.md`
//! section pages), loaded once and shared by build and serve; `debrief lint` reads the journals
//! one by one instead (`Book::list`, `Book::read`). Nothing downstream re-reads or re-parses a
//! journal.

pub mod front_matter;
pub mod keys;
mod load;
pub mod pieces;
pub mod schema;
pub mod sections;

use crate::config::Config;
use crate::diagnostic::{Finding, Pos};
use crate::text::LineIndex;
pub use front_matter::Format;
pub use load::{Listed, Listing, relative, slug_of};
pub use schema::{Front, Publish, Status};
pub use sections::{Body, Element, Heading, Task};
use std::path::PathBuf;

/// A loaded book: its root, its configuration and its journals, sorted by relative path.
#[derive(Debug)]
pub struct Book {
    pub root: PathBuf,
    pub config: Config,
    /// The content directory (root joined with `build.content-dir`).
    pub content_dir: PathBuf,
    pub missions: Vec<Mission>,
    pub pages: Vec<Page>,
}

/// One journal file. When the file could not be read or its front matter is missing or broken,
/// `front` is `None` and `findings` says why; such a mission gets no other diagnostic.
#[derive(Debug, Clone)]
pub struct Mission {
    pub path: PathBuf,
    /// The path relative to the book root, with `/` separators.
    pub rel: String,
    /// The page slug (lint-rules precision 1).
    pub slug: String,
    /// The file's text, without a leading BOM.
    pub source: String,
    pub lines: LineIndex,
    pub format: Option<Format>,
    pub front: Option<Front>,
    pub body: Body,
    /// Problems found while loading: unreadable file, front matter, fields.
    pub findings: Vec<Finding>,
}

impl Mission {
    /// Why this journal could not be loaded (unreadable file, not UTF-8, front matter missing or
    /// broken), or `None` when it was: exactly when `front` is `None`. A field that is missing
    /// or invalid does not stop a journal from loading.
    pub fn load_problem(&self) -> Option<&Finding> {
        if self.front.is_some() {
            return None;
        }
        // The loader always says why; the last finding is the one that stopped it.
        self.findings.last()
    }

    /// The position of byte `offset` of `source`.
    pub fn pos(&self, offset: usize) -> Pos {
        self.lines.pos(&self.source, offset)
    }

    /// The text of a 1-based line, for showing a diagnostic's source line.
    pub fn line_text(&self, line: u32) -> &str {
        self.lines.line(&self.source, line)
    }
}

/// An `_index.md` file: the introduction of the directory it sits in (the home page for the
/// content directory's own). Never linted as a mission.
#[derive(Debug, Clone)]
pub struct Page {
    pub path: PathBuf,
    pub rel: String,
    /// The directory it introduces, relative to the content directory (`""` for the home page).
    pub dir: String,
    pub title: Option<String>,
    pub source: String,
    /// Where the Markdown body starts in `source`.
    pub body_start: usize,
    /// Why the front matter could not be read, if it could not.
    pub problem: Option<Finding>,
}

impl Page {
    /// Whether the site uses this page: only `content/_index.md`, the home page's introduction.
    /// The `_index.md` of other directories are read but not used.
    pub fn used_by_the_site(&self) -> bool {
        self.dir.is_empty()
    }
}

/// A file the site needs but that could not be loaded: a journal whose front matter is missing
/// or does not parse, or that cannot be read or is not UTF-8 (its `front` is `None`); or the home
/// page's `content/_index.md` when it cannot be read or its front matter does not parse.
/// `debrief build` stops on these (or leaves them out with `--keep-going`); `debrief serve`
/// shows them as build errors.
#[derive(Debug, Clone, PartialEq)]
pub struct Unloaded {
    /// The path relative to the book root, with `/` separators.
    pub rel: String,
    pub pos: Pos,
    /// Why, as the loader worded it (the message of the finding `debrief lint` reports).
    pub reason: String,
    /// `true` for `content/_index.md`, `false` for a journal.
    pub index: bool,
}

impl Unloaded {
    pub fn of_mission(m: &Mission) -> Option<Unloaded> {
        if m.front.is_some() {
            return None;
        }
        // The loader always says why; the fallback is only there so nothing is ever silent.
        let (pos, reason) = m.load_problem().map_or_else(
            || (Pos::START, "cannot be loaded".to_string()),
            |f| (f.pos, f.message.clone()),
        );
        Some(Unloaded {
            rel: m.rel.clone(),
            pos,
            reason,
            index: false,
        })
    }

    pub fn of_page(p: &Page) -> Option<Unloaded> {
        let problem = p.problem.as_ref().filter(|_| p.used_by_the_site())?;
        Some(Unloaded {
            rel: p.rel.clone(),
            pos: problem.pos,
            reason: problem.message.clone(),
            index: true,
        })
    }
}

/// `path:line:col: reason`, as every diagnostic of debrief starts.
impl std::fmt::Display for Unloaded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.rel, self.pos.line, self.pos.col, self.reason
        )
    }
}

impl Book {
    /// The files the site needs that could not be loaded, by path.
    pub fn unloaded(&self) -> Vec<Unloaded> {
        let mut all: Vec<Unloaded> = self
            .missions
            .iter()
            .filter_map(Unloaded::of_mission)
            .chain(self.pages.iter().filter_map(Unloaded::of_page))
            .collect();
        all.sort_by(|a, b| a.rel.cmp(&b.rel));
        all
    }
}
