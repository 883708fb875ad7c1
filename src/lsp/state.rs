//! What the server holds: the open documents (their text as typed, their version) and one
//! loaded book per root, kept warm while a document of it is open, with its slug table (the
//! journals on disk plus the open documents).

use super::position::{Position, offset};
use crate::config::Config;
use crate::error::Error;
use crate::i18n::Lang;
use crate::journal::{Book, Mission, relative, slug_of};
use crate::layout::BOOK_TOML as FILE_NAME;
use crate::lint::{self, Diagnostic, Options};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// An open document.
pub struct Doc {
    /// The URI as the client wrote it (answers name it the same way).
    pub uri: String,
    /// Its path, for a `file:` URI whose path is UTF-8.
    pub path: Option<PathBuf>,
    pub text: String,
    pub version: i64,
    /// The book root it belongs to, if any.
    pub root: Option<PathBuf>,
}

/// A book that loaded, with its slug table.
pub struct Loaded {
    pub book: Book,
    pub lang: Lang,
    /// The journals on disk, relative to the root.
    pub on_disk: BTreeSet<String>,
    /// Every journal's slug, on disk or open.
    pub slugs: BTreeMap<String, String>,
}

/// A book root and what loading it gave: the book, or `debrief lint`'s one-line reason.
pub struct BookState {
    pub loaded: Result<Loaded, String>,
    /// Whether the reason was shown to the user (once until fixed).
    pub shown: bool,
}

/// What linting a document gives.
pub enum Linted<'s> {
    /// Not a journal of a loaded book: an empty list.
    Nothing,
    Journal {
        loaded: &'s Loaded,
        mission: Box<Mission>,
        diagnostics: Vec<Diagnostic>,
    },
}

#[derive(Default)]
pub struct State {
    /// `--lang`, which wins over each book's language.
    pub flag: Option<Lang>,
    pub docs: HashMap<String, Doc>,
    pub books: HashMap<PathBuf, BookState>,
}

/// The path of a `file:` URI, if it is one and its path is UTF-8.
pub fn uri_path(uri: &str) -> Option<PathBuf> {
    let rest = uri.strip_prefix("file://")?;
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    if !rest.starts_with('/') {
        return None;
    }
    let decoded = percent_encoding::percent_decode_str(rest)
        .decode_utf8()
        .ok()?;
    if decoded.contains('\0') {
        return None;
    }
    Some(PathBuf::from(decoded.into_owned()))
}

/// The nearest directory at or above `path`'s folder that holds `book.toml`.
pub fn root_of(path: &Path) -> Option<PathBuf> {
    path.parent()?
        .ancestors()
        .find(|d| d.join(FILE_NAME).is_file())
        .map(Path::to_path_buf)
}

/// Today: `DEBRIEF_TODAY`, else the local date, read at each run.
pub fn today() -> jiff::civil::Date {
    crate::cmd::context::today(None, crate::cmd::context::ui_lang(None)).unwrap_or_else(|e| {
        super::log::error(&e.to_string());
        jiff::Zoned::now().date()
    })
}

impl State {
    /// Loads the book at `root` (replacing what was loaded), with the open documents' paths in
    /// its slug table.
    pub fn load_book(&mut self, root: &Path) {
        let ui = crate::cmd::context::ui_lang(self.flag);
        let one_line = |e: Error| Error { help: None, ..e }.to_string();
        let loaded = Config::load(root, ui).map_err(one_line).and_then(|config| {
            let lang = config.lang(self.flag);
            let book = Book::load(root, config, lang).map_err(one_line)?;
            let on_disk: BTreeSet<String> = book.missions.iter().map(|m| m.rel.clone()).collect();
            let slugs = book
                .missions
                .iter()
                .map(|m| (m.rel.clone(), m.slug.clone()))
                .collect();
            Ok(Loaded {
                book,
                lang,
                on_disk,
                slugs,
            })
        });
        let shown = match (self.books.get(root), &loaded) {
            (Some(old), Err(_)) => old.shown && old.loaded.is_err(),
            _ => false,
        };
        self.books
            .insert(root.to_path_buf(), BookState { loaded, shown });
        let open: Vec<PathBuf> = self
            .docs
            .values()
            .filter(|d| d.root.as_deref() == Some(root))
            .filter_map(|d| d.path.clone())
            .collect();
        for path in open {
            self.add_slug(root, &path);
        }
    }

    fn add_slug(&mut self, root: &Path, path: &Path) {
        if let Some(BookState { loaded: Ok(l), .. }) = self.books.get_mut(root)
            && is_journal(&l.book, path)
        {
            l.slugs.insert(relative(root, path), slug_of(path));
        }
    }

    /// Opens a document; loads its book on its first document.
    pub fn open(&mut self, uri: &str, text: String, version: i64) {
        let path = uri_path(uri);
        let root = path.as_deref().and_then(root_of);
        if let Some(root) = &root
            && !self.books.contains_key(root)
        {
            self.load_book(root);
        }
        self.docs.insert(
            uri.to_string(),
            Doc {
                uri: uri.to_string(),
                path: path.clone(),
                text,
                version,
                root: root.clone(),
            },
        );
        if let (Some(root), Some(path)) = (root, path) {
            self.add_slug(&root, &path);
        }
    }

    /// Closes a document; drops its book with its last document.
    pub fn close(&mut self, uri: &str) {
        let Some(doc) = self.docs.remove(uri) else {
            return;
        };
        let Some(root) = doc.root else {
            return;
        };
        if !self.docs.values().any(|d| d.root.as_ref() == Some(&root)) {
            self.books.remove(&root);
            return;
        }
        if let (Some(BookState { loaded: Ok(l), .. }), Some(path)) =
            (self.books.get_mut(&root), &doc.path)
        {
            let rel = relative(&root, path);
            if !l.on_disk.contains(&rel) {
                l.slugs.remove(&rel);
            }
        }
    }

    /// Lints a document from its text.
    pub fn lint(&self, doc: &Doc) -> Linted<'_> {
        let (Some(root), Some(path)) = (&doc.root, &doc.path) else {
            return Linted::Nothing;
        };
        let Some(BookState {
            loaded: Ok(loaded), ..
        }) = self.books.get(root)
        else {
            return Linted::Nothing;
        };
        if !is_journal(&loaded.book, path) {
            return Linted::Nothing;
        }
        let mission = loaded.book.mission_from_text(path, &doc.text, loaded.lang);
        let opts = Options {
            today: today(),
            lang: loaded.lang,
            only: None,
        };
        let diagnostics = lint::run_mission(&loaded.book, &mission, &loaded.slugs, &opts);
        Linted::Journal {
            loaded,
            mission: Box::new(mission),
            diagnostics,
        }
    }

    /// The journal that first has `rel`'s slug in `root`'s book, if another one does: what
    /// decides its `duplicate-slug`.
    pub fn duplicate_of(&self, root: &Path, rel: &str) -> Option<String> {
        let Some(BookState { loaded: Ok(l), .. }) = self.books.get(root) else {
            return None;
        };
        let slug = l.slugs.get(rel)?;
        l.slugs
            .iter()
            .find(|(_, s)| *s == slug)
            .map(|(r, _)| r.clone())
            .filter(|r| r != rel)
    }

    /// A journal created or deleted on disk in `root`'s book; `false` if nothing changed.
    pub fn journal_on_disk(&mut self, root: &Path, path: &Path, exists: bool) -> bool {
        let open = self.docs.values().any(|d| d.path.as_deref() == Some(path));
        let Some(BookState { loaded: Ok(l), .. }) = self.books.get_mut(root) else {
            return false;
        };
        if !is_journal(&l.book, path) {
            return false;
        }
        let rel = relative(root, path);
        if exists {
            l.slugs.insert(rel.clone(), slug_of(path));
            l.on_disk.insert(rel)
        } else {
            if !open {
                l.slugs.remove(&rel);
            }
            l.on_disk.remove(&rel)
        }
    }
}

/// Whether `debrief lint` lints `path` in `book`: a `.md` in the content directory, not
/// `_index.md`.
pub fn is_journal(book: &Book, path: &Path) -> bool {
    path.starts_with(&book.content_dir)
        && path.extension().is_some_and(|x| x == "md")
        && path.file_name().is_some_and(|n| n != "_index.md")
}

/// Applies one `contentChanges` item: with a `range`, an incremental edit; without, the whole
/// text. Positions past the end are clamped.
pub fn apply_change(text: &mut String, range: Option<(Position, Position)>, new: &str) {
    match range {
        None => {
            text.clear();
            text.push_str(new);
        }
        Some((start, end)) => {
            let a = offset(text, start);
            let b = offset(text, end).max(a);
            text.replace_range(a..b, new);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris() {
        assert_eq!(
            uri_path("file:///b/content/caf%C3%A9%20x.md"),
            Some(PathBuf::from("/b/content/café x.md"))
        );
        assert_eq!(
            uri_path("file://localhost/b/x.md"),
            Some(PathBuf::from("/b/x.md"))
        );
        assert_eq!(uri_path("file:///b/%FF.md"), None);
        assert_eq!(uri_path("untitled:Untitled-1"), None);
        assert_eq!(uri_path("file:///b/%00.md"), None);
    }

    #[test]
    fn edits() {
        let mut text = "a🚀b\nc".to_string();
        let p = |line, character| Position { line, character };
        apply_change(&mut text, Some((p(0, 1), p(0, 3))), "");
        assert_eq!(text, "ab\nc");
        apply_change(&mut text, Some((p(5, 0), p(9, 9))), "!");
        assert_eq!(text, "ab\nc!");
        apply_change(&mut text, None, "new");
        assert_eq!(text, "new");
    }
}
