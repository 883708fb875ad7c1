//! What `debrief serve` serves and how it changes: the built site kept in memory, the cache that
//! makes rebuilds incremental, and publishing. It owns no thread, socket or watcher: the watcher
//! hands it the paths that changed, the HTTP side only reads the published site.
//!
//! What changed → what is re-rendered (all decided in `Builder::plan`):
//! - a journal modified in place (same path, still a file): only that file is read and linted
//!   again, its diagnostics replacing its old ones (the whole book is linted again when its slug
//!   changed: `duplicate-slug` compares slugs); that mission's page and any mission page whose
//!   checklist changed are rendered again. Every aggregate (home, lessons, case studies, tags,
//!   checklist, search index, feed, sitemap, 404, static files) is made again, but a page whose
//!   template data is the same as at the last rebuild is taken from the memo
//!   (`site::pages::Memo`), and `deadlines.ics` is kept while the deadlines are the same. When
//!   the change alters which missions have a page or where (`publish`, `draft`, the alias in a
//!   public view), every mission page is rendered again: links between missions may have
//!   changed.
//! - anything else (a journal created, deleted or renamed, a directory, an `_index.md`, book.toml,
//!   the theme): the whole book is loaded and rendered again. That is the simplest correct choice:
//!   slugs, links, configuration and templates may all have changed, and it stays well under a
//!   second for a thousand missions.
//!
//! A journal that no longer loads (front matter missing or broken, unreadable file, not UTF-8) is a
//! build error, as it is for `debrief build` (`journal::Unloaded`): its last good version keeps
//! being used, so its last good page keeps being served, until it is fixed; one that never loaded
//! has no page. `content/_index.md` is treated the same way. When such a file loads again, the
//! report says so (`Report::fixed`). Any other failure (invalid book.toml, template error, missing
//! content directory) keeps the whole last good site. Errors read `path:line:col: message`.
//!
//! Publishing: a new site is built completely in memory, swapped in (one pointer, under a lock),
//! and only then is `reload` broadcast, so a browser that reloads always gets the new pages.

use super::watch::Scope;
use crate::audience::View;
use crate::config::Config;
use crate::deadlines::Deadline;
use crate::error::Result;
use crate::i18n::Lang;
use crate::journal::{Book, Unloaded};
use crate::lint::{self, Diagnostic, Outcome};
use crate::site::output::Sink;
use crate::site::pages::{Memo, Renderer, Summary};
use crate::site::{self, Audience, templates};
use axum::body::Bytes;
use jiff::civil::Date;
use minijinja::Environment;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::{Duration, Instant};
use tokio::sync::broadcast;

/// A built site: file path inside the site (`missions/x/index.html`) → bytes.
#[derive(Default)]
pub struct Site {
    pub files: HashMap<String, Bytes>,
}

/// What open pages are told.
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// New pages are in place: reload (and drop any error overlay).
    Reload,
    /// The last change broke the build: show this text over the page.
    Error(String),
}

/// What the HTTP side shares with the builder.
pub struct Shared {
    site: RwLock<Arc<Site>>,
    error: RwLock<Option<String>>,
    pub events: broadcast::Sender<Event>,
}

impl Shared {
    pub fn new() -> Arc<Shared> {
        Arc::new(Shared {
            site: RwLock::new(Arc::new(Site::default())),
            error: RwLock::new(None),
            events: broadcast::channel(64).0,
        })
    }

    /// The site being served.
    pub fn site(&self) -> Arc<Site> {
        self.site
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// The current build error, shown to a page as soon as it connects.
    pub fn error(&self) -> Option<String> {
        self.error
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Swaps in `site` (when there is a new one) and records `error`, then tells open pages.
    fn publish(&self, site: Option<Site>, error: Option<String>) {
        let new_site = site.is_some();
        if let Some(site) = site {
            *self.site.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(site);
        }
        let had_error = self.error().is_some();
        *self.error.write().unwrap_or_else(PoisonError::into_inner) = error.clone();
        // No receiver is not a failure: no page is open.
        match error {
            // New pages with an error elsewhere: the reloaded page gets the error on connecting.
            _ if new_site => drop(self.events.send(Event::Reload)),
            Some(e) => drop(self.events.send(Event::Error(e))),
            None if had_error => drop(self.events.send(Event::Reload)),
            None => {}
        }
    }
}

/// The in-memory sink the renderer writes aggregate pages into.
#[derive(Default)]
struct Memory(Mutex<HashMap<String, Bytes>>);

impl Sink for Memory {
    fn put(&self, rel: &str, bytes: Vec<u8>) -> Result<()> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(rel.to_string(), Bytes::from(bytes));
        Ok(())
    }
}

pub struct Options {
    /// The book root, canonical (watcher paths are compared with it).
    pub root: PathBuf,
    pub audience: Audience,
    pub drafts: bool,
    /// `--lang`, which wins over the book's language.
    pub lang_flag: Option<Lang>,
    /// The language until a book.toml is read: the one `serve` started with.
    pub lang: Lang,
    /// The date the checklist compares with.
    pub today: Date,
}

/// One mission as last rendered.
struct Cached {
    summary: Summary,
    page: Option<(String, Bytes)>,
    letters: Option<(String, Bytes)>,
    diagnostics: Vec<Diagnostic>,
}

/// The last good build, and what the next incremental one starts from.
struct Last {
    book: Book,
    env: Environment<'static>,
    theme_dir: PathBuf,
    lang: Lang,
    /// The view's journal → page URL map, to notice when links between missions change.
    pages: HashMap<String, Option<String>>,
    /// By journal path relative to the book root.
    cache: HashMap<String, Cached>,
    /// The lint outcome of `book` (private view; empty for a public one), `None` when the next
    /// rebuild must lint the whole book.
    outcome: Option<Outcome>,
    /// The aggregate pages of the last rebuild, by template and context (for `env`).
    memo: Memo,
    /// The open deadlines of the last rebuild and their `deadlines.ics` (private view).
    calendar: Option<(Vec<Deadline>, Bytes)>,
}

/// What a rebuild did, for the terminal.
#[derive(Default)]
pub struct Report {
    /// Pages rendered and the time it took, when a new site was published.
    pub rebuilt: Option<(usize, Duration)>,
    /// Build warnings (`path:line:col: message`), after a full rebuild.
    pub warnings: Vec<String>,
    /// The build error shown over the pages, if any.
    pub error: Option<String>,
    /// Files that did not load and now do (paths relative to the book root).
    pub fixed: Vec<String>,
}

/// What a set of changed paths calls for.
#[derive(Debug, PartialEq)]
enum Plan {
    Nothing,
    /// These known journals were modified in place.
    Journals(Vec<PathBuf>),
    Full,
}

/// Owns the last good build and makes the next one (on the builder thread).
pub struct Builder {
    opts: Options,
    shared: Arc<Shared>,
    last: Option<Last>,
    /// Set when an incremental rebuild failed half-way: the next one starts from scratch.
    stale: bool,
    /// Files that do not load, journals and `content/_index.md` (relative path →
    /// `path:line:col: message`).
    broken: BTreeMap<String, String>,
    /// Files shown as not loading, to say when they load again.
    reported: BTreeSet<String>,
}

impl Builder {
    pub fn new(opts: Options, shared: Arc<Shared>) -> Builder {
        Builder {
            opts,
            shared,
            last: None,
            stale: false,
            broken: BTreeMap::new(),
            reported: BTreeSet::new(),
        }
    }

    /// The book's directories, for the watcher: those of the last good configuration (or of
    /// `fallback` before there is one).
    pub fn scope(&self, fallback: &Config) -> Scope {
        let root = &self.opts.root;
        let config = self.last.as_ref().map_or(fallback, |l| &l.book.config);
        Scope {
            root: root.clone(),
            content_dir: root.join(&config.build.content_dir),
            theme_dir: root.join(&config.build.theme_dir),
            build_dir: root.join(&config.build.build_dir),
        }
    }

    /// The language of the last good build.
    pub fn lang(&self) -> Lang {
        self.last.as_ref().map_or(self.opts.lang, |l| l.lang)
    }

    /// Rebuilds after `changed` paths changed (everything when `changed` is empty), publishes,
    /// and says what was done. On an error the last good site is still served.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Report {
        let started = Instant::now();
        let plan = if changed.is_empty() || self.stale {
            Plan::Full
        } else {
            self.plan(changed)
        };
        let result = match plan {
            Plan::Nothing => return Report::default(),
            Plan::Journals(paths) => self.incremental(&paths),
            Plan::Full => self.full(),
        };
        match result {
            Ok((site, pages, warnings)) => {
                let rebuilt = site.is_some().then(|| (pages, started.elapsed()));
                let error = self.broken_text();
                self.shared.publish(site, error.clone());
                // Fixed: shown as broken before, loads now and still exists (a deleted journal
                // is not fixed, it is gone).
                let fixed = self
                    .reported
                    .iter()
                    .filter(|rel| {
                        !self.broken.contains_key(*rel) && self.opts.root.join(rel).exists()
                    })
                    .cloned()
                    .collect();
                self.reported = self.broken.keys().cloned().collect();
                Report {
                    rebuilt,
                    warnings,
                    error,
                    fixed,
                }
            }
            Err(e) => {
                let mut text = e.to_string();
                if let Some(broken) = self.broken_text() {
                    text = format!("{text}\n{broken}");
                }
                self.shared.publish(None, Some(text.clone()));
                // Said to be fixed only once a site with them is published.
                self.reported.extend(self.broken.keys().cloned());
                Report {
                    error: Some(text),
                    ..Report::default()
                }
            }
        }
    }

    fn broken_text(&self) -> Option<String> {
        (!self.broken.is_empty())
            .then(|| self.broken.values().cloned().collect::<Vec<_>>().join("\n"))
    }

    /// The one place that decides what a change calls for.
    fn plan(&self, changed: &[PathBuf]) -> Plan {
        let Some(last) = &self.last else {
            return Plan::Full;
        };
        let content = &last.book.content_dir;
        let known: HashSet<&Path> = last
            .book
            .missions
            .iter()
            .map(|m| m.path.as_path())
            .collect();
        let mut journals = Vec::new();
        for path in changed {
            // book.toml, the theme, or the content directory itself or a directory on the way to
            // it (created, deleted or renamed).
            if *path == self.opts.root.join(crate::layout::BOOK_TOML)
                || path.starts_with(&last.theme_dir)
                || content.starts_with(path)
                || last.theme_dir.starts_with(path)
            {
                return Plan::Full;
            }
            if !path.starts_with(content) {
                continue;
            }
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default();
            let journal = path.extension().is_some_and(|x| x == "md") && name != "_index.md";
            if journal && !path.is_dir() {
                match (path.is_file(), known.contains(path.as_path())) {
                    (true, true) => journals.push(path.clone()),
                    // Come and gone, never loaded: nothing to do.
                    (false, false) => {}
                    // Created, or deleted (renames are both).
                    _ => return Plan::Full,
                }
            } else if path.is_dir()
                || name == "_index.md"
                || known.iter().any(|k| k.starts_with(path))
            {
                return Plan::Full;
            }
        }
        journals.sort();
        journals.dedup();
        if journals.is_empty() {
            Plan::Nothing
        } else {
            Plan::Journals(journals)
        }
    }

    /// Everything again: configuration, templates, every journal, every page.
    fn full(&mut self) -> Result<(Option<Site>, usize, Vec<String>)> {
        let root = &self.opts.root;
        let config = Config::load(root, self.opts.lang)?;
        let lang = config.lang(self.opts.lang_flag);
        let theme_dir = root.join(&config.build.theme_dir);
        let env = templates::environment(&theme_dir, lang)?;
        let mut book = Book::load(root, config, lang)?;
        self.broken.clear();
        for m in &mut book.missions {
            let Some(error) = Unloaded::of_mission(m) else {
                continue;
            };
            let good = self.last.as_ref().and_then(|l| {
                l.book
                    .missions
                    .iter()
                    .find(|o| o.rel == m.rel && o.front.is_some())
            });
            if let Some(good) = good {
                *m = good.clone();
            }
            self.broken.insert(m.rel.clone(), error.to_string());
        }
        // The home introduction likewise: its last good version, else none.
        let mut pages = Vec::with_capacity(book.pages.len());
        for p in std::mem::take(&mut book.pages) {
            let Some(error) = Unloaded::of_page(&p) else {
                pages.push(p);
                continue;
            };
            self.broken.insert(p.rel.clone(), error.to_string());
            let good = self.last.as_ref().and_then(|l| {
                l.book
                    .pages
                    .iter()
                    .find(|o| o.rel == p.rel && o.problem.is_none())
            });
            if let Some(good) = good {
                pages.push(good.clone());
            }
        }
        book.pages = pages;
        let mut last = Last {
            book,
            env,
            theme_dir,
            lang,
            pages: HashMap::new(),
            cache: HashMap::new(),
            outcome: None,
            memo: Memo::default(),
            calendar: None,
        };
        let (site, pages, warnings) = render(&mut last, &self.opts, None)?;
        self.last = Some(last);
        self.stale = false;
        Ok((Some(site), pages, warnings))
    }

    /// Only the journals at `paths`, modified in place, are read again.
    fn incremental(&mut self, paths: &[PathBuf]) -> Result<(Option<Site>, usize, Vec<String>)> {
        let Some(last) = self.last.as_mut() else {
            return self.full();
        };
        let mut changed = HashSet::new();
        // A slug that changed may add or remove a `duplicate-slug` in another journal.
        let mut slugs_moved = false;
        for path in paths {
            let fresh = last.book.load_mission(path, last.lang);
            let Some(slot) = last.book.missions.iter_mut().find(|m| m.path == *path) else {
                continue;
            };
            if let Some(error) = Unloaded::of_mission(&fresh) {
                self.broken.insert(fresh.rel.clone(), error.to_string());
                if slot.front.is_some() {
                    // Keep the last good version (and so its page).
                    continue;
                }
            } else {
                self.broken.remove(&fresh.rel);
                if fresh.source == slot.source {
                    continue;
                }
            }
            slugs_moved |= slot.slug != fresh.slug;
            changed.insert(fresh.rel.clone());
            *slot = fresh;
        }
        if changed.is_empty() {
            return Ok((None, 0, Vec::new()));
        }
        self.stale = true;
        if slugs_moved {
            last.outcome = None;
        }
        let (site, pages, warnings) = render(last, &self.opts, Some(&changed))?;
        self.stale = false;
        Ok((Some(site), pages, warnings))
    }
}

/// Renders `last.book` into a new site, reusing the cached render of every mission that is not in
/// `changed` and whose checklist did not change (all of them are rendered when `changed` is
/// `None`, or when pages moved). Updates the cache; returns the site, the number of pages
/// rendered and the build warnings (`path:line:col: message`).
fn render(
    last: &mut Last,
    opts: &Options,
    changed: Option<&HashSet<String>>,
) -> Result<(Site, usize, Vec<String>)> {
    let lang = last.lang;
    let previous = std::mem::take(&mut last.outcome);
    let book = &last.book;
    // Three independent passes over the book, side by side.
    let (outcome, (view, deadlines)) = rayon::join(
        || lint(book, previous, opts, lang, changed),
        || {
            rayon::join(
                || View::new(book, opts.audience, opts.drafts, lang),
                || match opts.audience {
                    Audience::Private => crate::deadlines::deadlines(book, opts.today, lang),
                    Audience::Public => Vec::new(),
                },
            )
        },
    );
    let everything = changed.is_none() || view.pages != last.pages;
    let renderer = Renderer::new(
        &last.book,
        &view,
        &outcome,
        &last.env,
        &last.theme_dir,
        lang,
    )
    .with_404_root("/")
    .with_deadline_list(deadlines.clone())
    .with_letters(opts.today)?;
    let mut diagnostics: HashMap<&str, Vec<&Diagnostic>> = HashMap::new();
    for d in &outcome.diagnostics {
        diagnostics.entry(d.path.as_str()).or_default().push(d);
    }
    let cache = std::mem::take(&mut last.cache);
    // `None`: the cached render is still right.
    let rendered: Vec<(&str, Option<Result<Cached>>)> = view
        .missions
        .par_iter()
        .map(|v| {
            let rel = v.key();
            let checklist = diagnostics.get(rel).map_or(&[][..], Vec::as_slice);
            let reuse = !everything
                && !changed.is_some_and(|c| c.contains(rel))
                && cache
                    .get(rel)
                    .is_some_and(|c| c.diagnostics.iter().eq(checklist.iter().copied()));
            if reuse {
                return (rel, None);
            }
            let out = renderer.mission(v, None).map(|out| Cached {
                summary: out.summary,
                page: out.page.map(|(rel, bytes)| (rel, Bytes::from(bytes))),
                letters: out.letters.map(|(rel, bytes)| (rel, Bytes::from(bytes))),
                diagnostics: checklist.iter().copied().cloned().collect(),
            });
            (rel, Some(out))
        })
        .collect();
    let mut cache = cache;
    let mut fresh = HashMap::new();
    let mut pages = 0;
    for (rel, out) in rendered {
        match out {
            Some(out) => {
                let c = out?;
                pages += usize::from(c.page.is_some());
                fresh.insert(rel.to_string(), c);
            }
            None => {
                if let Some(c) = cache.remove(rel) {
                    fresh.insert(rel.to_string(), c);
                }
            }
        }
    }
    let summaries: Vec<&Summary> = view
        .missions
        .iter()
        .filter_map(|v| fresh.get(v.key()).map(|c| &c.summary))
        .filter(|s| !s.is_withheld())
        .collect();
    let memory = Memory::default();
    // The aggregate pages whose template data did not change since the last rebuild are kept (the
    // memo is made with `env`: a full rebuild starts a new one). Not the mission pages: they have
    // their cache above, and a thousand letters pages would only fill the memo.
    last.memo.next_round();
    let renderer = renderer.with_memo(&last.memo);
    pages += renderer.aggregates(&summaries, &memory)?;
    let mut files = memory
        .0
        .into_inner()
        .unwrap_or_else(PoisonError::into_inner);
    if opts.audience == Audience::Private {
        // What `site::build` puts (`site::pages::deadlines::calendar`), made again only when the
        // deadlines changed.
        let calendar = match last.calendar.take() {
            Some((before, bytes)) if before == deadlines => bytes,
            _ => Bytes::from(site::pages::deadlines::calendar(
                &last.book, &deadlines, opts.today, lang,
            )),
        };
        files.insert(site::routes::DEADLINES_ICS.to_string(), calendar.clone());
        last.calendar = Some((deadlines, calendar));
    }
    for c in fresh.values() {
        for (rel, bytes) in c.page.iter().chain(c.letters.iter()) {
            files.insert(rel.clone(), bytes.clone());
        }
    }
    let mut warnings: Vec<_> = view.warnings.clone();
    if everything {
        warnings.extend(fresh.values().flat_map(|c| c.summary.warnings().to_vec()));
    }
    warnings.sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
    let warnings = if everything {
        warnings
            .into_iter()
            .map(|w| format!("{}:{}:{}: {}", w.path, w.line, w.col, w.message))
            .collect()
    } else {
        Vec::new()
    };
    let page_map = view.pages.clone();
    drop(renderer);
    drop(view);
    last.pages = page_map;
    last.cache = fresh;
    last.outcome = Some(outcome);
    Ok((Site { files }, pages, warnings))
}

/// What `site::build` lints for the checklist: the whole book (private view), or nothing (public).
/// When `changed` journals were modified in place and `previous` is the outcome of the book
/// before (`None`: lint everything), only they are linted again: every rule but
/// `duplicate-slug` looks at one journal, and the caller empties `previous` when a slug changed.
/// Their diagnostics replace theirs in `previous`, in the order a whole lint gives (path, line,
/// column, rule; a journal's own order between equals).
fn lint(
    book: &Book,
    previous: Option<Outcome>,
    opts: &Options,
    lang: Lang,
    changed: Option<&HashSet<String>>,
) -> Outcome {
    if opts.audience == Audience::Public {
        return Outcome::default();
    }
    let mut lint = lint::Options {
        today: opts.today,
        lang,
        only: None,
    };
    let (Some(changed), Some(previous)) = (changed, previous) else {
        return lint::run(book, &lint);
    };
    lint.only = Some(changed.clone());
    let fresh = lint::run(book, &lint);
    let mut diagnostics = previous.diagnostics;
    diagnostics.retain(|d| !changed.contains(&d.path));
    diagnostics.extend(fresh.diagnostics);
    diagnostics.sort_by(|a, b| {
        (&a.path, a.line, a.column, &a.rule).cmp(&(&b.path, b.line, b.column, &b.rule))
    });
    Outcome {
        diagnostics,
        files: previous.files,
    }
}

#[cfg(test)]
mod tests;
