//! The content model: a `Book` of `Mission`s (one per journal file) and `Page`s (`_index.md`
//! section pages), loaded once and shared by lint, build and serve. Nothing downstream re-reads
//! or re-parses a journal.

pub mod front_matter;
mod load;
pub mod schema;
pub mod sections;
pub mod tree;

use crate::config::Config;
use crate::diagnostic::{Finding, Pos};
use crate::text::LineIndex;
pub use front_matter::Format;
pub use load::relative;
pub use schema::{Front, Publish, Status};
pub use sections::{Body, Element, Heading, Task};
use std::path::PathBuf;

/// The deepest nesting debrief reads, the same everywhere: lists and tables in front matter (YAML
/// block and flow styles, TOML, dotted keys, YAML aliases, `book.toml`) and containers in a
/// journal's body (block quotes, lists, emphasis, links, raw HTML elements). Real journals stay
/// under 10; a deeper file is reported at the first level too deep, instead of exhausting the
/// stack or the time of the code that walks it.
pub const MAX_DEPTH: usize = 64;

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
#[derive(Debug)]
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
