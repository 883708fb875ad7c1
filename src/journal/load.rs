//! Loading a book: find the journals under the content directory (walkdir, symlink loops
//! detected), then read, split, parse, validate and index each one, in parallel. Every problem is
//! a finding on its file; the other files still load. Only a missing content directory stops.

use super::front_matter::{self, Split};
use super::schema;
use super::sections;
use super::{Book, Mission, Page};
use crate::config::Config;
use crate::diagnostic::catalog::{
    BODY_TOO_DEEP, FILE_UNREADABLE, FRONT_MATTER_MISSING, FRONT_MATTER_SYNTAX,
};
use crate::diagnostic::{Finding, Pos};
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::text::{LineIndex, slugify};
use crate::tr;
use crate::tree::{Kind, Origin};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// What the walk found at one path.
enum Found {
    Journal(PathBuf),
    Index(PathBuf),
    Broken(PathBuf, String),
}

/// A journal file the walk found, not read yet: its path, and so its slug, which is all the
/// book-wide rules (`duplicate-slug`) need of the journals a command does not read.
#[derive(Debug, Clone)]
pub struct Listed {
    pub path: PathBuf,
    /// The path relative to the book root, with `/` separators.
    pub rel: String,
    /// The page slug (`slug_of`).
    pub slug: String,
    /// Why the walk could not read the entry (a symbolic link loop, a permission error).
    broken: Option<String>,
}

/// What the walk of a content directory found: journals and `_index.md` pages, each sorted by
/// relative path.
#[derive(Debug, Default)]
pub struct Listing {
    pub journals: Vec<Listed>,
    pages: Vec<(PathBuf, String)>,
}

impl Book {
    /// Loads the book at `root` with its parsed `config`; messages are written in `lang`.
    pub fn load(root: &Path, config: Config, lang: Lang) -> Result<Book> {
        let mut book = Book::open(root, config, lang)?;
        let Listing { journals, pages } = book.list();
        book.missions = journals.par_iter().map(|j| book.read(j, lang)).collect();
        book.pages = pages
            .into_par_iter()
            .map(|(path, rel)| {
                let text = std::fs::read(&path);
                page(&book.content_dir, path, rel, text, lang)
            })
            .collect();
        Ok(book)
    }

    /// The book at `root` with no file read yet (`missions` and `pages` empty), or an error when
    /// its content directory does not exist. `list` then finds its files, `read` reads a journal.
    pub fn open(root: &Path, config: Config, lang: Lang) -> Result<Book> {
        let content_dir = root.join(&config.build.content_dir);
        if !content_dir.is_dir() {
            return Err(Error::at(
                &content_dir,
                None,
                tr!(
                    lang,
                    "le dossier de contenu n'existe pas",
                    "the content directory does not exist"
                ),
            )
            .with_help(tr!(
                lang,
                "créez-le, ou indiquez le bon dossier avec `content-dir` dans la section `[build]` de book.toml",
                "create it, or name the right directory with `content-dir` in the `[build]` table of book.toml"
            )));
        }
        Ok(Book {
            root: root.to_path_buf(),
            config,
            content_dir,
            missions: Vec::new(),
            pages: Vec::new(),
        })
    }

    /// Walks the content directory (reading no file): the journals in the order of
    /// `Book::missions`, and the pages.
    pub fn list(&self) -> Listing {
        let mut listing = Listing::default();
        for found in discover(&self.content_dir) {
            let (path, broken) = match found {
                Found::Journal(path) => (path, None),
                Found::Broken(path, why) => (path, Some(why)),
                Found::Index(path) => {
                    let rel = relative(&self.root, &path);
                    listing.pages.push((path, rel));
                    continue;
                }
            };
            listing.journals.push(Listed {
                rel: relative(&self.root, &path),
                slug: slug_of(&path),
                path,
                broken,
            });
        }
        // Stable sorts: entries of equal paths keep the walk's order.
        listing.journals.sort_by(|a, b| a.rel.cmp(&b.rel));
        listing.pages.sort_by(|a, b| a.1.cmp(&b.1));
        listing
    }

    /// Reads one journal the walk found, as `load` reads each.
    pub fn read(&self, listed: &Listed, lang: Lang) -> Mission {
        let path = listed.path.clone();
        let rel = listed.rel.clone();
        match &listed.broken {
            None => mission(path, rel, read_journal(&listed.path), lang),
            Some(why) => {
                let message = tr!(
                    lang,
                    "fichier illisible : {why}",
                    "cannot read this file: {why}"
                );
                let mut m = empty_mission(path, rel, String::new());
                m.findings
                    .push(Finding::new(&FILE_UNREADABLE, Pos::START, message));
                m
            }
        }
    }

    /// Reads one journal of this book again, as `load` reads each file (for `debrief serve`,
    /// which re-parses only the journal that changed).
    pub fn load_mission(&self, path: &Path, lang: Lang) -> Mission {
        mission(
            path.to_path_buf(),
            relative(&self.root, path),
            read_journal(path),
            lang,
        )
    }

    /// Reads one journal of this book from `text` instead of its file (an editor's buffer), as
    /// `load` reads each file: `path` need not exist.
    pub fn mission_from_text(&self, path: &Path, text: &str, lang: Lang) -> Mission {
        mission(
            path.to_path_buf(),
            relative(&self.root, path),
            Ok(text.as_bytes().to_vec()),
            lang,
        )
    }
}

/// The page slug of the journal at `path`: its file name without `.md`, slugified.
pub fn slug_of(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    slugify(&stem)
}

/// The path of `path` relative to `root`, with `/` separators.
pub fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Walks the content directory: `.md` files (journals, and `_index.md` pages), skipping hidden
/// entries (`.git`, `.obsidian`…). Symlinks are followed; loops and unreadable entries are reported.
fn discover(content_dir: &Path) -> Vec<Found> {
    let walker = walkdir::WalkDir::new(content_dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    let mut found = Vec::new();
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let path = e.into_path();
                if path.extension().is_none_or(|x| x != "md") {
                    continue;
                }
                if path.file_name().is_some_and(|n| n == "_index.md") {
                    found.push(Found::Index(path));
                } else {
                    found.push(Found::Journal(path));
                }
            }
            Ok(_) => {}
            Err(err) => {
                let path = err
                    .path()
                    .map_or_else(|| content_dir.to_path_buf(), Path::to_path_buf);
                let why = if err.loop_ancestor().is_some() {
                    "symbolic link loop".to_string()
                } else {
                    err.io_error()
                        .map_or_else(|| err.to_string(), |e| e.to_string())
                };
                found.push(Found::Broken(path, why));
            }
        }
    }
    found
}

fn empty_mission(path: PathBuf, rel: String, source: String) -> Mission {
    Mission {
        slug: slug_of(&path),
        lines: LineIndex::new(&source),
        path,
        rel,
        source,
        format: None,
        front: None,
        body: sections::Body::default(),
        findings: Vec::new(),
    }
}

/// Reads a journal's bytes; one of 4 GiB or more is refused before it is read
/// (`ErrorKind::FileTooLarge`, which `decode` words).
fn read_journal(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let file = std::fs::File::open(path)?;
    let len = file.metadata()?.len();
    if u32::try_from(len).is_err() {
        return Err(std::io::ErrorKind::FileTooLarge.into());
    }
    // Read through `Read::take`: `File`'s own `read_to_end` asks for the size and position again
    // (two more system calls per journal) to size a buffer that is already sized.
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(u64::from(u32::MAX)).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Decodes a file's bytes, or says why it cannot be read (with the offset of the first bad byte).
/// A file of 4 GiB or more is not read: positions in a file are kept in 32 bits (`LineIndex`).
fn decode(bytes: std::io::Result<Vec<u8>>, lang: Lang) -> std::result::Result<String, String> {
    let too_large = || {
        tr!(
            lang,
            "fichier illisible : il fait 4 Gio ou plus, bien au-delà de ce qu'un journal peut être",
            "cannot read this file: it is 4 GiB or more, far beyond what a journal can be"
        )
    };
    let bytes = bytes.map_err(|e| match e.kind() {
        std::io::ErrorKind::FileTooLarge => too_large(),
        _ => tr!(
            lang,
            "fichier illisible : {e}",
            "cannot read this file: {e}"
        ),
    })?;
    // It may have grown while it was read.
    if u32::try_from(bytes.len()).is_err() {
        return Err(too_large());
    }
    // Checked by simdutf8 (many bytes at a time, where std's check reads them one by one on
    // accented text), then copied out without its byte order mark; std's check tells where a
    // file that is not UTF-8 goes wrong.
    match simdutf8::basic::from_utf8(&bytes) {
        Ok(text) => Ok(text.strip_prefix('\u{feff}').unwrap_or(text).to_string()),
        Err(_) => {
            let offset = std::str::from_utf8(&bytes).map_or_else(|e| e.valid_up_to(), str::len);
            Err(tr!(
                lang,
                "le fichier n'est pas en UTF-8 (octet invalide à la position {offset}) ; réenregistrez-le en UTF-8",
                "the file is not UTF-8 (invalid byte at offset {offset}); save it again as UTF-8"
            ))
        }
    }
}

/// Reads one journal into a `Mission`.
pub(super) fn mission(
    path: PathBuf,
    rel: String,
    bytes: std::io::Result<Vec<u8>>,
    lang: Lang,
) -> Mission {
    let source = match decode(bytes, lang) {
        Ok(s) => s,
        Err(message) => {
            let mut m = empty_mission(path, rel, String::new());
            m.findings
                .push(Finding::new(&FILE_UNREADABLE, Pos::START, message));
            return m;
        }
    };
    let mut m = empty_mission(path, rel, source);
    let block = match front_matter::split(&m.source) {
        Split::Found(block) => block,
        Split::Missing => {
            let message = tr!(
                lang,
                "pas d’en-tête (front matter)\u{a0}: le fichier doit commencer par une ligne `---` (YAML) ou `+++` (TOML)",
                "no front matter: the file must start with a `---` (YAML) or `+++` (TOML) line"
            );
            let help = tr!(
                lang,
                "ajoutez en tête du fichier un bloc `---` contenant au moins `title`, `client`, `start` et `status`, fermé par `---`",
                "start the file with a `---` block holding at least `title`, `client`, `start` and `status`, closed by `---`"
            );
            m.findings
                .push(Finding::new(&FRONT_MATTER_MISSING, Pos::START, message).with_help(help));
            return m;
        }
        Split::Unclosed(format) => {
            let fence = format.fence();
            let message = tr!(
                lang,
                "l’en-tête ouvert par `{fence}` n’est jamais fermé",
                "the front matter opened by `{fence}` is never closed"
            );
            let help = tr!(
                lang,
                "ajoutez une ligne `{fence}` après la dernière clé",
                "add a `{fence}` line after the last key"
            );
            m.findings
                .push(Finding::new(&FRONT_MATTER_SYNTAX, Pos::START, message).with_help(help));
            return m;
        }
    };
    m.format = Some(block.format);
    let origin = Origin {
        first_line: block.first_line,
    };
    let parsed = block.format.parse(block.text, origin);
    let root = match parsed {
        Ok(root) => root,
        Err(e) => {
            let name = block.format.name();
            let message = tr!(
                lang,
                "en-tête {name} invalide\u{a0}: {}",
                "invalid {name} front matter: {}",
                e.text(lang)
            );
            m.findings
                .push(Finding::new(&FRONT_MATTER_SYNTAX, e.pos, message).with_help(e.help(lang)));
            return m;
        }
    };
    match schema::validate(&root, lang, &mut m.findings) {
        Ok(front) => {
            let body = sections::index(&m.source, block.body_start);
            if let Some(offset) = body.too_deep {
                // Like a front matter that does not parse: the file's only diagnostic, and the
                // journal is left out of the site rather than handed to code that nests as deep.
                m.findings = vec![too_deep(m.pos(offset), lang)];
                return m;
            }
            m.front = Some(front);
            m.body = body;
        }
        Err(problem) => {
            let pos = problem.pos.unwrap_or(Pos::new(block.first_line, 1));
            let message = if problem.too_deep {
                let name = block.format.name();
                tr!(
                    lang,
                    "en-tête {name} invalide\u{a0}: {}",
                    "invalid {name} front matter: {}",
                    problem.message
                )
            } else {
                problem.message
            };
            m.findings
                .push(Finding::new(&FRONT_MATTER_SYNTAX, pos, message).with_help(problem.help));
        }
    }
    m
}

/// The `body-too-deep` finding.
fn too_deep(pos: Pos, lang: Lang) -> Finding {
    let max = crate::tree::MAX_DEPTH;
    let message = tr!(
        lang,
        "le corps du journal s'imbrique sur plus de {max} niveaux (citations, listes, balises HTML)",
        "the journal's body nests more than {max} levels deep (block quotes, lists, HTML tags)"
    );
    let help = tr!(
        lang,
        "aplatissez ce passage : moins de `>` ou de niveaux de liste, et fermez chaque balise HTML ouverte",
        "flatten this passage: fewer `>` or list levels, and close every HTML tag you open"
    );
    Finding::new(&BODY_TOO_DEEP, pos, message).with_help(help)
}

fn page(
    content_dir: &Path,
    path: PathBuf,
    rel: String,
    bytes: std::io::Result<Vec<u8>>,
    lang: Lang,
) -> Page {
    let dir = path
        .parent()
        .map(|p| relative(content_dir, p))
        .unwrap_or_default();
    let mut page = Page {
        path,
        rel,
        dir,
        title: None,
        source: String::new(),
        body_start: 0,
        problem: None,
    };
    match decode(bytes, lang) {
        Ok(source) => page.source = source,
        Err(message) => {
            page.problem = Some(Finding::new(&FILE_UNREADABLE, Pos::START, message));
            return page;
        }
    }
    if let Split::Found(block) = front_matter::split(&page.source) {
        page.body_start = block.body_start;
        let origin = Origin {
            first_line: block.first_line,
        };
        let parsed = block.format.parse(block.text, origin);
        match parsed {
            Ok(root) => {
                if let Kind::Map(entries) = root.kind {
                    page.title = entries.into_iter().find_map(|e| match e.value.kind {
                        Kind::Str(s) if e.key == "title" => Some(s),
                        _ => None,
                    });
                }
            }
            Err(e) => {
                let name = block.format.name();
                let message = if e.too_deep {
                    e.text(lang)
                } else {
                    tr!(
                        lang,
                        "en-tête {name} invalide\u{a0}: {}",
                        "invalid {name} front matter: {}",
                        e.text(lang)
                    )
                };
                page.problem = Some(
                    Finding::new(&FRONT_MATTER_SYNTAX, e.pos, message).with_help(e.help(lang)),
                );
            }
        }
    }
    if let Some(offset) = sections::index(&page.source, page.body_start).too_deep {
        let pos = LineIndex::new(&page.source).pos(&page.source, offset);
        page.problem = Some(too_deep(pos, lang));
        // Its introduction is not rendered.
        page.body_start = page.source.len();
    }
    page
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &[u8]) -> Mission {
        mission("x.md".into(), "x.md".into(), Ok(text.to_vec()), Lang::En)
    }

    fn rules(m: &Mission) -> Vec<(&str, Pos)> {
        m.findings.iter().map(|f| (f.rule.id, f.pos)).collect()
    }

    const YAML: &str = "---\ntitle: T\nclient: C\nstart: 2025-01-15\nstatus: active\n---\n\n## Passation\n\nTODO\n";

    #[test]
    fn a_buffer_loads_like_its_file() {
        let book = Book {
            root: "/b".into(),
            config: Config::parse("", Lang::En).unwrap(),
            content_dir: "/b/content".into(),
            missions: Vec::new(),
            pages: Vec::new(),
        };
        let text = format!("\u{feff}{YAML}");
        let m = book.mission_from_text(Path::new("/b/content/Été Café.md"), &text, Lang::En);
        assert_eq!(
            (m.rel.as_str(), m.slug.as_str()),
            ("content/Été Café.md", "ete-cafe")
        );
        assert_eq!(m.source, YAML);
        assert!(m.findings.is_empty() && m.front.is_some());
        let bad = book.mission_from_text(Path::new("/b/content/x.md"), "---\n", Lang::En);
        assert_eq!(rules(&bad), vec![("front-matter-syntax", Pos::START)]);
    }

    #[test]
    fn a_clean_yaml_journal() {
        let m = load(YAML.as_bytes());
        assert!(m.findings.is_empty(), "{:?}", m.findings);
        assert!(m.front.is_some());
        assert_eq!(
            m.body.headings[0].element,
            Some(super::super::Element::Handover)
        );
        assert_eq!(m.pos(m.body.headings[0].range.start), Pos::new(8, 1));
    }

    #[test]
    fn bom_and_crlf() {
        let text = format!("\u{feff}{}", YAML.replace('\n', "\r\n"));
        let m = load(text.as_bytes());
        assert!(m.findings.is_empty(), "{:?}", m.findings);
        assert!(m.body.headings[0].empty);
        assert_eq!(m.pos(m.body.headings[0].range.start), Pos::new(8, 1));
    }

    #[test]
    fn not_utf8() {
        let mut bytes = b"---\ntitle: caf".to_vec();
        bytes.push(0xe9);
        let m = load(&bytes);
        assert_eq!(rules(&m), vec![("file-unreadable", Pos::START)]);
        assert!(
            m.findings[0].message.contains("offset 14"),
            "{}",
            m.findings[0].message
        );
        assert!(m.front.is_none());
    }

    #[test]
    fn missing_unclosed_and_broken_front_matter() {
        assert_eq!(
            rules(&load(b"# Hello\n")),
            vec![("front-matter-missing", Pos::START)]
        );
        assert_eq!(
            rules(&load(b"---\ntitle: T\n")),
            vec![("front-matter-syntax", Pos::START)]
        );
        let m = load(b"---\ntitle: T\nclient: [a\nstart: 2025-01-01\n---\n");
        assert_eq!(m.findings.len(), 1);
        assert_eq!(m.findings[0].rule.id, "front-matter-syntax");
        assert!(m.findings[0].pos.line >= 3, "{:?}", m.findings);
        let m = load(b"+++\ntitle = \"T\"\nclient = = \"C\"\n+++\n");
        assert_eq!(rules(&m), vec![("front-matter-syntax", Pos::new(3, 10))]);
    }

    #[test]
    fn toml_journal_with_native_dates() {
        let m = load(b"+++\ntitle = \"T\"\nclient = \"C\"\nstart = 2025-01-15\nend = 2025-09-30\nstatus = \"closed\"\nended_by = \"me\"\n+++\n");
        assert!(m.findings.is_empty(), "{:?}", m.findings);
        // In TOML a native date is grammar: a day that does not exist is a syntax error at the value.
        let m = load(b"+++\ntitle = \"T\"\nclient = \"C\"\nstart = 2025-01-15\nend = 2025-09-31\nstatus = \"closed\"\nended_by = \"me\"\n+++\n");
        assert_eq!(rules(&m), vec![("front-matter-syntax", Pos::new(5, 7))]);
        // As a string, it is validated by the schema like a YAML date.
        let m = load(b"+++\ntitle = \"T\"\nclient = \"C\"\nstart = 2025-01-15\nend = \"2025-09-31\"\nstatus = \"closed\"\nended_by = \"me\"\n+++\n");
        assert_eq!(rules(&m), vec![("field-invalid", Pos::new(5, 1))]);
    }

    #[test]
    fn yaml_invalid_date_is_a_field_problem_not_syntax() {
        let m = load(b"---\ntitle: T\nclient: C\nstart: 2025-09-31\nstatus: active\n---\n");
        assert_eq!(rules(&m), vec![("field-invalid", Pos::new(4, 1))]);
    }

    #[test]
    fn slug_from_the_stem() {
        let m = mission(
            "a/Étude Cas.md".into(),
            "a/Étude Cas.md".into(),
            Ok(YAML.as_bytes().to_vec()),
            Lang::En,
        );
        assert_eq!(m.slug, "etude-cas");
    }
}
