//! Every page of the site, one function each: the mission pages in parallel (`mission`), then,
//! from what they leave (`Summary`), the aggregate pages in the order `Renderer::aggregates` calls
//! them: home, missions, lessons, case studies, tags, checklist, 404, the files, the feed and
//! the sitemap.
//! What a template receives is in `context`; where a page goes is in `routes`.

mod checklist;
pub mod deadlines;
mod facts;
mod feeds;
mod files;
mod home;
mod letters;
mod lists;
mod memo;
mod mission;

use super::BuildOptions;
use super::context::{Card, Ctx, NavItem, NotFound, PageMeta, Root, Shared, SiteCtx, XmlCtx};
use super::links::AssetSource;
use super::output::Sink;
use super::routes;
use super::search;
use super::strings::strings;
use super::templates;
use crate::audience::{Audience, View, Warning};
use crate::error::Result;
use crate::i18n::Lang;
use crate::journal::{Book, Publish};
use crate::lint::{Diagnostic, Outcome};
use minijinja::Environment;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

pub use memo::Memo;
pub use mission::MissionOut;

pub struct Written {
    pub pages: usize,
    pub warnings: Vec<Warning>,
}

/// What the parallel pass keeps of each mission for the aggregate pages.
pub struct Summary {
    card: Card,
    lesson: Option<super::context::LessonEntry>,
    search: search::Entry,
    status: Option<&'static str>,
    end_reason: Option<String>,
    /// The feed's date: the end (or start) date, or only the year's first day when the exact
    /// dates are not public.
    updated: Option<String>,
    publish: Publish,
    warnings: Vec<Warning>,
    /// Files its rendered text references: site path → where the bytes come from.
    assets: Vec<(String, AssetSource)>,
    /// Not published after all (its public text would still name the client).
    withheld: bool,
}

impl Summary {
    /// The build warnings found while rendering this mission (broken internal links).
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }

    /// Whether the mission was left out of the site at the last moment.
    pub fn is_withheld(&self) -> bool {
        self.withheld
    }

    /// A public case study: it has a page.
    fn is_case_study(&self) -> bool {
        self.publish == Publish::CaseStudy && self.card.url.is_some()
    }
}

/// What rendering needs for every page of one build: the book, its audience view, the lint
/// outcome (for checklists), the templates and the strings shared by every page.
pub struct Renderer<'a> {
    book: &'a Book,
    view: &'a View<'a>,
    outcome: &'a Outcome,
    env: &'a Environment<'a>,
    theme_dir: &'a Path,
    lang: Lang,
    private: bool,
    /// `site`, `nav` and `t` as template values.
    shared: Shared,
    t: BTreeMap<&'static str, &'static str>,
    by_path: HashMap<&'a str, Vec<&'a Diagnostic>>,
    /// Where the 404 page's links point (default: the site's `base-url`, else relative).
    root_404: Option<String>,
    /// The date of the letters drafted for each mission's letters page, and their templates;
    /// `None`: no such pages.
    letters: Option<(jiff::civil::Date, crate::letters::Templates)>,
    /// Tag pages list the missions that have a page: only their tags get one.
    tags_with_page: HashSet<String>,
    /// The open deadlines (private view, `with_deadline_list`): the home page and the checklist.
    deadlines: Vec<crate::deadlines::Deadline>,
    /// Pages of an earlier render to reuse when their context is the same (`with_memo`).
    memo: Option<&'a Memo>,
}

/// One aggregate page (or set of files), rendered into the sink: how many pages it made.
type Aggregate<'j> = Box<dyn Fn() -> Result<usize> + Send + Sync + 'j>;

/// What several aggregate pages share, worked out once from the summaries.
struct Listing<'s> {
    /// The visible missions that are published, in the view's order.
    all: &'s [&'s Summary],
    /// Those that have a page.
    with_page: Vec<&'s Summary>,
    /// Tag slug → its name and the cards of the missions with a page that carry it.
    tags: BTreeMap<String, (String, Vec<&'s Card>)>,
    /// The open end-of-mission items of the lint outcome.
    open: Vec<&'s Diagnostic>,
}

impl<'s> Listing<'s> {
    fn new(all: &'s [&'s Summary], outcome: &'s Outcome) -> Listing<'s> {
        let with_page: Vec<&Summary> = all
            .iter()
            .copied()
            .filter(|s| s.card.url.is_some())
            .collect();
        let mut tags: BTreeMap<String, (String, Vec<&Card>)> = BTreeMap::new();
        for s in &with_page {
            for tag in &s.card.tags {
                tags.entry(routes::tag_slug(&tag.name))
                    .or_insert_with(|| (tag.name.clone(), Vec::new()))
                    .1
                    .push(&s.card);
            }
        }
        let open = outcome
            .diagnostics
            .iter()
            .filter(|d| checklist::is_open_item(&d.rule))
            .collect();
        Listing {
            all,
            with_page,
            tags,
            open,
        }
    }
}

impl<'a> Renderer<'a> {
    pub fn new(
        book: &'a Book,
        view: &'a View<'a>,
        outcome: &'a Outcome,
        env: &'a Environment<'a>,
        theme_dir: &'a Path,
        lang: Lang,
    ) -> Renderer<'a> {
        let t = strings(lang);
        let private = view.audience == Audience::Private;
        let site = SiteCtx {
            title: &book.config.book.title,
            description: &book.config.book.description,
            lang: lang.code(),
            base_url: book.config.site.base_url.as_deref(),
            audience: view.audience.as_str(),
            private,
        };
        let mut nav = vec![
            NavItem {
                url: routes::HOME,
                label: t["home"],
                kind: "home",
            },
            NavItem {
                url: routes::MISSIONS,
                label: t["missions"],
                kind: "missions",
            },
            NavItem {
                url: routes::LESSONS,
                label: t["lessons"],
                kind: "lessons",
            },
            NavItem {
                url: routes::CASE_STUDIES,
                label: t["case_studies"],
                kind: "case-studies",
            },
            NavItem {
                url: routes::TAGS,
                label: t["tags"],
                kind: "tags",
            },
        ];
        if private {
            nav.push(NavItem {
                url: routes::CHECKLIST,
                label: t["checklist"],
                kind: "checklist",
            });
        }
        let mut by_path: HashMap<&str, Vec<&Diagnostic>> = HashMap::new();
        for d in &outcome.diagnostics {
            by_path.entry(d.path.as_str()).or_default().push(d);
        }
        Renderer {
            book,
            view,
            outcome,
            env,
            theme_dir,
            lang,
            private,
            shared: Shared::new(&site, &t, &nav),
            t,
            by_path,
            root_404: None,
            letters: None,
            tags_with_page: view
                .missions
                .iter()
                .filter(|v| v.has_page)
                .flat_map(|v| v.tags.iter().map(|t| routes::tag_slug(t)))
                .collect(),
            deadlines: Vec::new(),
            memo: None,
        }
    }

    /// Reuses the pages in `memo` rendered from the same template and context (and keeps those
    /// rendered now), for every page rendered to bytes (not the mission pages). `memo` must have
    /// been filled with the same template environment.
    pub fn with_memo(mut self, memo: &'a Memo) -> Renderer<'a> {
        self.memo = Some(memo);
        self
    }

    /// The directories the missions' pages (and letters pages) go into, in the order of two
    /// workers starting at both ends of the halves of the list (as the page phase splits it).
    /// Private builds only: a public page may still be withheld once rendered (it would read a
    /// name to hide), and a directory made for it ahead would publish its slug.
    fn page_dirs(&self) -> Vec<String> {
        if !self.private {
            return Vec::new();
        }
        let pages: Vec<&str> = self
            .view
            .missions
            .iter()
            .filter(|v| v.has_page)
            .map(|v| v.slug.as_str())
            .collect();
        let letters = self.letters.is_some();
        let (first, second) = pages.split_at(pages.len() / 2);
        let dir = |page: String| page.rsplit_once('/').map_or("", |(dir, _)| dir).to_string();
        let mut dirs = Vec::with_capacity(pages.len() * 2);
        for i in 0..second.len() {
            for slug in first.get(i).into_iter().chain(second.get(i)) {
                dirs.push(dir(routes::mission(slug)));
                if letters {
                    dirs.push(dir(routes::letters(slug)));
                }
            }
        }
        dirs
    }

    /// Makes the 404 page's links start at `root` (serve answers it at any depth, at `/`).
    pub fn with_404_root(mut self, root: &str) -> Renderer<'a> {
        self.root_404 = Some(root.to_string());
        self
    }

    /// Gives each mission of a private view a letters page, the letters drafted on `date`.
    pub fn with_letters(mut self, date: jiff::civil::Date) -> Result<Renderer<'a>> {
        if self.private {
            let templates = crate::letters::Templates::load(self.theme_dir, self.lang)?;
            self.letters = Some((date, templates));
        }
        Ok(self)
    }

    /// Renders HTML template `template` for the page at `rel` into its bytes.
    fn render<T: Serialize>(
        &self,
        template: &str,
        rel: &str,
        kind: &str,
        title: &str,
        data: T,
    ) -> Result<Vec<u8>> {
        self.render_at(template, &routes::root_of(rel), kind, title, data)
    }

    /// `render`, into `out` (a large page goes to its file as it is rendered).
    fn render_into<T: Serialize, W: std::io::Write>(
        &self,
        template: &str,
        rel: &str,
        kind: &str,
        title: &str,
        data: T,
        out: W,
    ) -> Result<()> {
        let ctx = Root::value(
            &self.shared,
            &routes::root_of(rel),
            PageMeta { kind, title },
            &data,
        );
        self.env
            .get_template(template)
            .and_then(|tpl| tpl.render_captured_to(ctx, out).map(drop))
            .map_err(|e| templates::template_error(self.theme_dir, &e))
    }

    /// Renders HTML template `template` for the page at `rel` into `out` as it goes (about
    /// `size` bytes): a large list is not held whole before it is written. In `debrief serve`,
    /// through the memo: a list whose context did not change is not rendered again.
    #[allow(clippy::too_many_arguments)]
    fn put_page<T: Serialize>(
        &self,
        out: &dyn Sink,
        template: &str,
        rel: &str,
        kind: &str,
        title: &str,
        size: usize,
        data: T,
    ) -> Result<()> {
        if self.memo.is_some() {
            return out.put(rel, self.render(template, rel, kind, title, data)?);
        }
        out.put_with(rel, size, &mut |w| {
            self.buffered(w, |b| {
                self.render_into(template, rel, kind, title, &data, b)
            })
        })
    }

    /// Runs `render` into a buffer in front of `w` (a file's writer, reached through dynamic
    /// calls): a template's many small writes are copies into the buffer, the file gets large
    /// ones. A failed write is reported by the sink, which keeps the first error.
    fn buffered(
        &self,
        w: &mut dyn std::io::Write,
        render: impl FnOnce(&mut std::io::BufWriter<&mut dyn std::io::Write>) -> Result<()>,
    ) -> Result<()> {
        let mut buffer = std::io::BufWriter::with_capacity(1 << 16, w);
        render(&mut buffer)?;
        std::io::Write::flush(&mut buffer).map_err(|e| {
            let e = minijinja::Error::new(minijinja::ErrorKind::WriteFailure, e.to_string());
            templates::template_error(self.theme_dir, &e)
        })
    }

    /// Renders HTML template `template` with the way back to the site root `root`.
    fn render_at<T: Serialize>(
        &self,
        template: &str,
        root: &str,
        kind: &str,
        title: &str,
        data: T,
    ) -> Result<Vec<u8>> {
        // What the memo compares; the template reads the same as a `Root`.
        let key = Ctx {
            site: &self.shared.site,
            root,
            t: &self.shared.t,
            nav: &self.shared.nav,
            page: PageMeta { kind, title },
            data: &data,
        };
        self.render_ctx(template, &key, || {
            Root::value(&self.shared, root, PageMeta { kind, title }, &data)
        })
    }

    /// Puts XML template `template` (a feed) rendered at `rel`: streamed into its file by a
    /// build (the feed of 10,000 missions is megabytes), through the memo in `debrief serve`.
    fn put_xml<T: Serialize>(
        &self,
        out: &dyn Sink,
        rel: &str,
        template: &str,
        size: usize,
        data: T,
    ) -> Result<()> {
        let ctx = XmlCtx {
            site: &self.shared.site,
            data,
        };
        if self.memo.is_some() {
            let value = || minijinja::Value::from(minijinja::value::Serde(&ctx));
            return out.put(rel, self.render_ctx(template, &ctx, value)?);
        }
        out.put_with(rel, size, &mut |w| {
            self.buffered(w, |b| {
                self.env
                    .get_template(template)
                    .and_then(|tpl| {
                        let ctx = minijinja::Value::from(minijinja::value::Serde(&ctx));
                        tpl.render_captured_to(ctx, b).map(drop)
                    })
                    .map_err(|e| templates::template_error(self.theme_dir, &e))
            })
        })
    }

    /// Renders `template` with the context `ctx()`, through the memo (by `key`, what `ctx()`
    /// is made of) when there is one.
    fn render_ctx(
        &self,
        template: &str,
        key: &impl Serialize,
        ctx: impl FnOnce() -> minijinja::Value,
    ) -> Result<Vec<u8>> {
        let render = || {
            self.env
                .get_template(template)
                .and_then(|tpl| tpl.render(ctx()))
                .map(String::into_bytes)
                .map_err(|e| templates::template_error(self.theme_dir, &e))
        };
        match self.memo {
            Some(memo) => memo.page(template, key, render),
            None => render(),
        }
    }

    /// Renders every page that is not a mission page from the summaries of the visible missions
    /// (in the view's order), and puts them, the static files and the search index into `out`.
    /// Returns the number of pages written.
    pub fn aggregates(&self, summaries: &[&Summary], out: &dyn Sink) -> Result<usize> {
        let listing = Listing::new(summaries, self.outcome);
        let base = self.book.config.site.base_url.as_deref();
        // Independent pages, each to its own path: rendered in parallel, the longest (the
        // checklist lists every open item of the book) first. Each says how many pages it made.
        let jobs: Vec<Aggregate> = vec![
            Box::new(|| match self.private {
                true => self.render_checklist(&listing, out).map(|()| 1),
                false => Ok(0),
            }),
            // The home page, then the assets: the missions' and its introduction's.
            Box::new(|| {
                let intro_assets = self.render_home(&listing, out)?;
                self.write_assets(summaries, intro_assets, out).map(|()| 1)
            }),
            Box::new(|| self.write_search_index(summaries, out).map(|()| 0)),
            Box::new(|| self.render_missions(&listing, out).map(|()| 1)),
            Box::new(|| self.render_lessons(summaries, out).map(|()| 1)),
            Box::new(|| self.render_case_studies(summaries, out).map(|()| 1)),
            // The tags page and a page per tag.
            Box::new(|| self.render_tags(&listing, out).map(|n| n + 1)),
            Box::new(|| self.render_404(out).map(|()| 1)),
            Box::new(|| self.write_static_files(out).map(|()| 0)),
            Box::new(|| match base {
                Some(base) => self.render_feed(base, summaries, out).map(|()| 0),
                None => Ok(0),
            }),
            Box::new(|| match base {
                Some(base) => self.render_sitemap(base, &listing, out).map(|()| 0),
                None => Ok(0),
            }),
        ];
        let made: Vec<Result<usize>> = jobs.par_iter().map(|job| job()).collect();
        // The first failure in the order above, every time.
        made.into_iter().try_fold(0, |pages, n| Ok(pages + n?))
    }

    /// `404.html`: absolute links when the site's address is known, so it works at any depth.
    fn render_404(&self, out: &dyn Sink) -> Result<()> {
        let root = self.root_404.clone().unwrap_or_else(|| {
            self.book
                .config
                .site
                .base_url
                .as_deref()
                .map(|b| format!("{}/", b.trim_end_matches('/')))
                .unwrap_or_default()
        });
        let page = self.render_at("404.html", &root, "404", self.t["not_found"], NotFound {})?;
        out.put(routes::NOT_FOUND, page)
    }
}

/// Renders every page of `view` into `out`, with the book's open `deadlines` on `opts.today`
/// (`deadlines::deadlines`; ignored in a public view).
#[allow(clippy::too_many_arguments)]
pub fn write_all(
    book: &Book,
    view: &View,
    outcome: &Outcome,
    env: &Environment,
    theme_dir: &Path,
    out: &dyn Sink,
    opts: &BuildOptions,
    deadlines: Vec<crate::deadlines::Deadline>,
) -> Result<Written> {
    let renderer = Renderer::new(book, view, outcome, env, theme_dir, opts.lang)
        .with_deadline_list(deadlines)
        .with_letters(opts.today)?;
    out.dirs_ahead(renderer.page_dirs());
    let done = AtomicUsize::new(0);
    let total = view.missions.len();
    let show_progress = opts.progress && total >= 500;
    let summaries: Vec<Summary> = view
        .missions
        .par_iter()
        .map(|v| -> Result<Summary> {
            let rendered = renderer.mission(v, Some(out))?;
            if let Some((rel, bytes)) = rendered.page {
                out.put(&rel, bytes)?;
            }
            if let Some((rel, bytes)) = rendered.letters {
                out.put(&rel, bytes)?;
            }
            if show_progress {
                let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                if n.is_multiple_of(250) || n == total {
                    let _ = write!(std::io::stderr(), "\r{n}/{total} missions");
                }
            }
            Ok(rendered.summary)
        })
        .collect::<Result<_>>()?;
    if show_progress {
        let _ = write!(std::io::stderr(), "\r\x1b[2K");
    }
    let refs: Vec<&Summary> = summaries.iter().filter(|s| !s.withheld).collect();
    let pages =
        refs.iter().filter(|s| s.card.url.is_some()).count() + renderer.aggregates(&refs, out)?;
    let mut warnings: Vec<Warning> = summaries.iter().flat_map(|s| s.warnings.clone()).collect();
    warnings.sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
    Ok(Written { pages, warnings })
}
