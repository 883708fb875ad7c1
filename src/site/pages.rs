//! Every page of the site: the contexts templates receive (documented in `docs/templates.md`) and
//! the rendering of mission pages in parallel, then of the aggregate pages, the search index, the
//! feed and the sitemap.

use super::BuildOptions;
use super::charts::{self, Chart};
use super::feed::{self, FeedEntry};
use super::markdown::{self, Asset, LinkResolver, Rendered, TocEntry};
use super::output::Sink;
use super::search;
use super::strings::{end_reason_label, ended_by_label, status_label, strings};
use super::templates::{self, THEME};
use crate::audience::{Audience, Shown, View, Warning, Which};
use crate::diagnostic::Family;
use crate::diagnostic::Severity;
use crate::error::Result;
use crate::i18n::Lang;
use crate::journal::schema::KNOWN_END_REASONS;
use crate::journal::{Book, Publish};
use crate::lint::{Diagnostic, Outcome};
use crate::text::slugify;
use minijinja::Environment;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

pub struct Written {
    pub pages: usize,
    pub warnings: Vec<Warning>,
}

/// Where the bytes of a copied file come from.
#[derive(Clone)]
pub enum AssetSource {
    /// A file of the book, copied as is (private view).
    File(PathBuf),
    /// An image with its metadata removed (public view).
    Bytes(std::sync::Arc<Vec<u8>>),
}

/// Resolves links between journals, and files next to them (collected to be copied). In a
/// public view only images (by content) are copied, without their metadata.
struct Resolver<'a> {
    pages: &'a HashMap<String, Option<String>>,
    content_dir: &'a Path,
    public: bool,
    lang: Lang,
    /// Assets referenced by rendered text: site path → bytes to write.
    assets: std::sync::Mutex<BTreeMap<String, AssetSource>>,
    /// What each target already resolved to (a file linked 100,000 times is read once).
    seen: std::sync::Mutex<HashMap<String, Asset>>,
}

impl<'a> Resolver<'a> {
    fn new(
        pages: &'a HashMap<String, Option<String>>,
        content_dir: &'a Path,
        public: bool,
        lang: Lang,
    ) -> Resolver<'a> {
        Resolver {
            pages,
            content_dir,
            public,
            lang,
            assets: std::sync::Mutex::new(BTreeMap::new()),
            seen: std::sync::Mutex::new(HashMap::new()),
        }
    }

    fn into_assets(self) -> Vec<(String, AssetSource)> {
        self.assets
            .into_inner()
            .map(|a| a.into_iter().collect())
            .unwrap_or_default()
    }
}

/// FNV-1a: a stable content hash, so asset names are deterministic and reveal no file name.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

impl LinkResolver for Resolver<'_> {
    fn journal(&self, target: &str) -> Option<Option<String>> {
        self.pages.get(target).cloned()
    }

    fn asset(&self, target: &str) -> Asset {
        if let Some(known) = self.seen.lock().ok().and_then(|s| s.get(target).cloned()) {
            return known;
        }
        let asset = self.resolve_asset(target);
        if let Ok(mut seen) = self.seen.lock() {
            seen.insert(target.to_string(), asset.clone());
        }
        asset
    }
}

impl Resolver<'_> {
    fn resolve_asset(&self, target: &str) -> Asset {
        let path = self.content_dir.join(target);
        // A link may not reach outside the content directory, by `..` or through a symlink.
        let (Ok(canonical), Ok(root)) = (path.canonicalize(), self.content_dir.canonicalize())
        else {
            return Asset::Missing;
        };
        if !canonical.starts_with(&root) || !canonical.is_file() {
            return Asset::Missing;
        }
        let Ok(bytes) = std::fs::read(&canonical) else {
            return Asset::Missing;
        };
        let (url, source) = if self.public {
            use crate::audience::image::{Refused, publishable};
            let lang = self.lang;
            match publishable(&bytes) {
                Ok((kind, clean)) => (
                    format!("assets/{:016x}.{}", fnv1a(&clean), kind.extension()),
                    AssetSource::Bytes(std::sync::Arc::new(clean)),
                ),
                Err(Refused::NotAnImage) => {
                    return Asset::Refused(crate::tr!(
                        lang,
                        "seules les images PNG, JPEG, GIF, WebP et AVIF sont publiées",
                        "only PNG, JPEG, GIF, WebP and AVIF images are published"
                    ));
                }
                Err(Refused::Malformed(why)) => {
                    return Asset::Refused(crate::tr!(
                        lang,
                        "image illisible ou abîmée, réexportez-la ({why})",
                        "unreadable or damaged image, export it again ({why})"
                    ));
                }
                Err(Refused::MetadataKept(why)) => {
                    return Asset::Refused(crate::tr!(
                        lang,
                        "image dont debrief ne sait pas retirer les métadonnées, réexportez-la sans ({why})",
                        "image whose metadata debrief cannot remove, export it without ({why})"
                    ));
                }
            }
        } else {
            let ext: String = Path::new(target)
                .extension()
                .map(|e| e.to_string_lossy().to_ascii_lowercase())
                .filter(|e| e.len() <= 5 && e.bytes().all(|b| b.is_ascii_alphanumeric()))
                .map(|e| format!(".{e}"))
                .unwrap_or_default();
            (
                format!("assets/{:016x}{ext}", fnv1a(&bytes)),
                AssetSource::File(canonical),
            )
        };
        if let Ok(mut assets) = self.assets.lock() {
            assets.insert(url.clone(), source);
        }
        Asset::Url(url)
    }
}

#[derive(Serialize)]
struct SiteCtx<'a> {
    title: &'a str,
    description: &'a str,
    lang: &'a str,
    base_url: Option<&'a str>,
    audience: &'static str,
    private: bool,
}

#[derive(Serialize)]
struct NavItem {
    url: &'static str,
    label: &'static str,
    kind: &'static str,
}

#[derive(Serialize)]
struct PageMeta<'a> {
    kind: &'a str,
    title: &'a str,
}

/// What every template receives, plus the page's own data (flattened).
#[derive(Serialize)]
struct Ctx<'a, T: Serialize> {
    site: &'a SiteCtx<'a>,
    root: &'a str,
    t: &'a BTreeMap<&'static str, &'static str>,
    nav: &'a [NavItem],
    page: PageMeta<'a>,
    #[serde(flatten)]
    data: T,
}

#[derive(Serialize, Clone)]
struct TagRef {
    name: String,
    /// `None` when the tag has no page (in public, tags of missions without a page).
    url: Option<String>,
}

#[derive(Serialize, Clone)]
struct Card {
    title: String,
    url: Option<String>,
    client: String,
    period: String,
    year: Option<i16>,
    tags: Vec<TagRef>,
    summary: String,
    status: Option<&'static str>,
    status_label: &'static str,
    draft: bool,
    publish: &'static str,
}

#[derive(Serialize)]
struct Fact {
    label: &'static str,
    value: String,
}

#[derive(Serialize)]
struct InvoiceRow {
    number: String,
    amount: String,
    issued: String,
    due: String,
    paid: String,
    rar: String,
    unpaid: bool,
}

#[derive(Serialize, Clone)]
struct ChecklistItem {
    severity: &'static str,
    rule: String,
    message: String,
    help: Option<String>,
    line: u32,
    mission: String,
    url: Option<String>,
    path: String,
}

#[derive(Serialize)]
struct MissionCtx<'a> {
    mission: MissionData<'a>,
}

#[derive(Serialize)]
struct MissionData<'a> {
    #[serde(flatten)]
    card: &'a Card,
    start: Option<String>,
    end: Option<String>,
    ended_by: Option<&'static str>,
    end_reason: Option<String>,
    html: String,
    toc: Vec<TocEntry>,
    facts: Vec<Fact>,
    invoices: Vec<InvoiceRow>,
    checklist: Vec<ChecklistItem>,
    source: Option<String>,
}

#[derive(Serialize, Clone)]
struct LessonEntry {
    anchor: String,
    label: String,
    url: Option<String>,
    tags: Vec<TagRef>,
    tag_slugs: String,
    year: Option<i16>,
    html: String,
    reason: String,
}

/// What the parallel pass keeps of each mission for the aggregate pages.
pub struct Summary {
    card: Card,
    lesson: Option<LessonEntry>,
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

fn period(v: &Shown) -> String {
    let start = v.start.map(|d| d.to_string());
    let end = v.end.map(|d| d.to_string());
    match (start, end) {
        (Some(s), Some(e)) => format!("{s} → {e}"),
        (Some(s), None) => format!("{s} →"),
        (None, Some(e)) => format!("→ {e}"),
        (None, None) => String::new(),
    }
}

fn tag_slug(tag: &str) -> String {
    let s = slugify(tag);
    if s.is_empty() { "tag".into() } else { s }
}

fn tag_refs(tags: &[String], with_page: &HashSet<String>) -> Vec<TagRef> {
    tags.iter()
        .map(|t| {
            let slug = tag_slug(t);
            TagRef {
                name: t.clone(),
                url: with_page
                    .contains(&slug)
                    .then(|| format!("tags/{slug}/index.html")),
            }
        })
        .collect()
}

/// The facts of a mission: only ever called for a private view.
fn facts(v: &Shown, f: &crate::journal::Front, lang: Lang) -> (Vec<Fact>, Vec<InvoiceRow>) {
    let t = strings(lang);
    let date = |d: &Option<crate::journal::schema::Field<jiff::civil::Date>>| {
        d.as_ref().map(|d| d.value.to_string())
    };
    let mut out = vec![Fact {
        label: t["client"],
        value: v.client_label.clone(),
    }];
    let mut push = |label: &'static str, value: Option<String>| {
        if let Some(value) = value {
            out.push(Fact { label, value });
        }
    };
    push(t["period"], Some(period(v)).filter(|p| !p.is_empty()));
    push(
        t["status"],
        f.status()
            .map(|s| status_label(s.as_str(), lang).to_string()),
    );
    push(
        t["ended_by"],
        f.ended_by()
            .map(|b| ended_by_label(b.as_str(), lang).to_string()),
    );
    push(
        t["end_reason"],
        f.end_reason.as_ref().map(|r| {
            end_reason_label(&r.value, lang).map_or_else(|| r.value.clone(), str::to_string)
        }),
    );
    push(t["facts_contract"], date(&f.contract.termination_checked));
    push(
        t["facts_notice_days"],
        f.contract.notice_days.as_ref().map(|d| d.value.to_string()),
    );
    push(t["facts_notice"], date(&f.notice.given));
    push(
        t["facts_notice_channel"],
        f.notice.channel.as_ref().map(|c| c.value.to_string()),
    );
    push(
        t["facts_notice_written"],
        date(&f.notice.confirmed_in_writing),
    );
    push(t["facts_feedback_requested"], date(&f.feedback.requested));
    push(t["facts_feedback_received"], date(&f.feedback.received));
    push(t["facts_reco_requested"], date(&f.recommendation.requested));
    push(t["facts_reco_received"], date(&f.recommendation.received));
    push(t["facts_consent"], date(&f.case_study_consent));
    push(t["facts_rgpd_notified"], date(&f.rgpd.notified));
    push(t["facts_rgpd_deleted"], date(&f.rgpd.deleted));
    let invoices = f
        .invoices
        .iter()
        .map(|i| InvoiceRow {
            number: i
                .number
                .as_ref()
                .map(|n| n.value.clone())
                .unwrap_or_default(),
            amount: i.amount.as_ref().map_or_else(String::new, |a| {
                if a.value.fract() == 0.0 {
                    format!("{:.0} €", a.value)
                } else {
                    format!("{:.2} €", a.value)
                }
            }),
            issued: date(&i.issued).unwrap_or_default(),
            due: date(&i.due).unwrap_or_default(),
            paid: date(&i.paid).unwrap_or_default(),
            rar: i.rar.as_ref().map(|r| r.value.clone()).unwrap_or_default(),
            unpaid: i.paid.is_none(),
        })
        .collect();
    (out, invoices)
}

fn checklist_item(d: &Diagnostic, mission: &str, url: Option<String>) -> ChecklistItem {
    ChecklistItem {
        severity: d.severity.as_str(),
        rule: d.rule.clone(),
        message: d.message.clone(),
        help: d.help.clone(),
        line: d.line,
        mission: mission.to_string(),
        url,
        path: d.path.clone(),
    }
}

/// Whether a diagnostic is an open end-of-mission item (not a structural or suppression one).
fn is_open_item(rule: &str) -> bool {
    crate::diagnostic::catalog::find(rule).is_none_or(|r| {
        matches!(
            r.family,
            Family::EndOfMission | Family::Money | Family::Publishing
        )
    })
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
    site: SiteCtx<'a>,
    nav: Vec<NavItem>,
    t: BTreeMap<&'static str, &'static str>,
    by_path: HashMap<&'a str, Vec<&'a Diagnostic>>,
    /// Where the 404 page's links point (default: the site's `base-url`, else relative).
    root_404: Option<String>,
    /// Tag pages list the missions that have a page: only their tags get one.
    tags_with_page: HashSet<String>,
}

/// One mission rendered: what the aggregate pages need of it, and its own page when it has one.
pub struct MissionOut {
    pub summary: Summary,
    /// The page's path inside the site and its bytes.
    pub page: Option<(String, Vec<u8>)>,
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

    fn withheld(card: Card, warnings: Vec<Warning>) -> Summary {
        Summary {
            search: search::Entry {
                t: String::new(),
                u: String::new(),
                c: String::new(),
                w: String::new(),
            },
            card,
            lesson: None,
            status: None,
            end_reason: None,
            updated: None,
            publish: Publish::Private,
            warnings,
            assets: Vec::new(),
            withheld: true,
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
                url: "index.html",
                label: t["home"],
                kind: "home",
            },
            NavItem {
                url: "lessons/index.html",
                label: t["lessons"],
                kind: "lessons",
            },
            NavItem {
                url: "case-studies/index.html",
                label: t["case_studies"],
                kind: "case-studies",
            },
            NavItem {
                url: "tags/index.html",
                label: t["tags"],
                kind: "tags",
            },
        ];
        if private {
            nav.push(NavItem {
                url: "checklist/index.html",
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
            site,
            nav,
            t,
            by_path,
            root_404: None,
            tags_with_page: view
                .missions
                .iter()
                .filter(|v| v.has_page)
                .flat_map(|v| v.tags.iter().map(|t| tag_slug(t)))
                .collect(),
        }
    }

    /// Makes the 404 page's links start at `root` (serve answers it at any depth, at `/`).
    pub fn with_404_root(mut self, root: &str) -> Renderer<'a> {
        self.root_404 = Some(root.to_string());
        self
    }

    fn render(
        &self,
        template: &str,
        root: &str,
        kind: &str,
        title: &str,
        data: &dyn erased::Data,
    ) -> Result<Vec<u8>> {
        let ctx = data.context(&self.site, root, &self.t, &self.nav, kind, title);
        self.env
            .get_template(template)
            .and_then(|tpl| tpl.render(ctx))
            .map(String::into_bytes)
            .map_err(|e| templates::template_error(self.theme_dir, &e))
    }

    /// Renders one visible mission: its page (when it has one) and its summary.
    pub fn mission(&self, v: &Shown) -> Result<MissionOut> {
        let (private, lang) = (self.private, self.lang);
        let resolver = Resolver::new(
            &self.view.pages,
            &self.book.content_dir,
            !private,
            self.lang,
        );
        let by_path = &self.by_path;
        let root = "../../";
        let parts = v.journal.parts();
        let request = |root| markdown::Request {
            dir: v.journal.dir(),
            root,
            resolver: &resolver,
            demote: 0,
            public: !private,
            raw_html_as_text: parts.raw_html_too_deep(),
        };
        let rendered: Option<Rendered> = v
            .has_page
            .then(|| markdown::render(request(root), parts.events(Which::Page)));
        let lessons = v
            .lessons
            .then(|| markdown::render(request("../"), parts.events(Which::Lessons)));
        let status = v.status.map(|s| s.as_str());
        let url = v.has_page.then(|| v.url());
        let card = Card {
            title: v.title.clone(),
            url: url.clone(),
            client: v.client_label.clone(),
            period: period(v),
            year: v.year,
            tags: tag_refs(&v.tags, &self.tags_with_page),
            summary: rendered
                .as_ref()
                .map(|r| r.first_paragraph.clone())
                .unwrap_or_default(),
            status,
            status_label: status.map_or("", |s| status_label(s, lang)),
            draft: v.draft,
            publish: v.publish.as_str(),
        };
        let end_reason = v.end_reason.clone();
        let mut warnings = Vec::new();
        let mut warned = HashSet::new();
        for r in rendered.iter().chain(lessons.iter()) {
            for b in &r.broken {
                let pos = v.journal.pos(b.offset);
                let message = match &b.refused {
                    None => crate::tr!(
                        lang,
                        "lien interne cassé : {}",
                        "broken internal link: {}",
                        b.target
                    ),
                    Some(why) => crate::tr!(
                        lang,
                        "lien non publié : {} ({why})",
                        "link not published: {} ({why})",
                        b.target
                    ),
                };
                let w = Warning {
                    path: v.journal.rel().to_string(),
                    line: pos.line,
                    col: pos.col,
                    message,
                };
                // The same problem (a target broken everywhere) is told once, at its first place.
                if warned.insert(w.message.clone()) {
                    warnings.push(w);
                }
            }
        }
        if rendered
            .iter()
            .chain(lessons.iter())
            .any(|r| r.raw_html_as_text)
        {
            warnings.push(Warning {
                path: v.journal.rel().to_string(),
                line: 1,
                col: 1,
                message: crate::tr!(
                    lang,
                    "HTML brut imbriqué sur plus de {} niveaux : il est affiché comme texte",
                    "raw HTML nested more than {} levels deep: it is shown as text",
                    crate::audience::MAX_HTML_NESTING
                ),
            });
        }
        // Fail closed: whatever the cut and the substitution missed, a public page that still
        // reads a name to hide is not published.
        if !private {
            let names = v.journal.names();
            let still_named = rendered
                .iter()
                .chain(lessons.iter())
                .any(|r| crate::audience::reads_a_name(names, &r.html))
                || names.contains(&card.summary);
            if still_named {
                warnings.push(Warning {
                    path: v.journal.rel().to_string(),
                    line: 1,
                    col: 1,
                    message: crate::tr!(
                        lang,
                        "le texte publié nommerait encore le client malgré la substitution : la mission n'est pas publiée (voir `debrief lint`, règle client-name-leak)",
                        "the published text would still name the client despite the substitution: the mission is not published (see `debrief lint`, rule client-name-leak)"
                    ),
                });
                return Ok(MissionOut {
                    summary: Summary::withheld(card, warnings),
                    page: None,
                });
            }
        }
        let mut words_text = String::new();
        if let Some(r) = &rendered {
            words_text.push_str(&r.text);
        }
        if let Some(l) = &lessons {
            words_text.push(' ');
            words_text.push_str(&l.text);
        }
        let search = search::Entry {
            t: v.title.clone(),
            u: url
                .clone()
                .unwrap_or_else(|| format!("lessons/index.html#{}", v.slug)),
            c: std::iter::once(v.client_label.clone())
                .chain(v.tags.iter().cloned())
                .collect::<Vec<_>>()
                .join(" · "),
            w: search::words(
                &format!("{} {} {}", v.title, v.client_label, words_text),
                300,
            ),
        };
        let lesson = lessons.map(|l| LessonEntry {
            anchor: v.slug.clone(),
            label: v.title.clone(),
            url: url.clone(),
            tags: tag_refs(&v.tags, &self.tags_with_page),
            tag_slugs: v
                .tags
                .iter()
                .map(|t| tag_slug(t))
                .collect::<Vec<_>>()
                .join(" "),
            year: card.year,
            html: l.html,
            reason: end_reason.clone().unwrap_or_default(),
        });
        let mut page = None;
        if let Some(r) = rendered {
            let (facts, invoices) = match v.private.and_then(|m| m.front.as_ref()) {
                Some(front) => facts(v, front, lang),
                None => (Vec::new(), Vec::new()),
            };
            let checklist = match v.private {
                Some(m) => by_path
                    .get(m.rel.as_str())
                    .map(|ds| {
                        ds.iter()
                            .map(|d| checklist_item(d, &v.title, None))
                            .collect()
                    })
                    .unwrap_or_default(),
                None => Vec::new(),
            };
            let data = MissionCtx {
                mission: MissionData {
                    card: &card,
                    start: v.start.map(|d| d.to_string()),
                    end: v.end.map(|d| d.to_string()),
                    ended_by: v.ended_by.map(|b| ended_by_label(b.as_str(), lang)),
                    end_reason: end_reason.as_ref().map(|r| {
                        end_reason_label(r, lang).map_or_else(|| r.clone(), str::to_string)
                    }),
                    html: r.html,
                    toc: r.toc,
                    facts,
                    invoices,
                    checklist,
                    source: v.private.map(|m| m.rel.clone()),
                },
            };
            page = Some((
                format!("missions/{}/index.html", v.slug),
                self.render("mission.html", root, "mission", &v.title, &data)?,
            ));
        }
        // A lessons-only mission shows only its year in public: in the feed too.
        let updated = match (v.end.or(v.start), v.year) {
            (Some(d), _) => Some(d.to_string()),
            (None, Some(y)) => Some(format!("{y:04}-01-01")),
            (None, None) => None,
        };
        let summary = Summary {
            card,
            lesson,
            search,
            status,
            end_reason,
            updated,
            publish: v.publish,
            warnings,
            assets: resolver.into_assets(),
            withheld: false,
        };
        Ok(MissionOut { summary, page })
    }

    /// Renders every page that is not a mission page from the summaries of the visible missions
    /// (in the view's order), and puts them, the static files and the search index into `out`.
    /// Returns the number of pages written.
    pub fn aggregates(&self, summaries: &[&Summary], out: &dyn Sink) -> Result<usize> {
        let (book, view, outcome, lang, private, theme_dir) = (
            self.book,
            self.view,
            self.outcome,
            self.lang,
            self.private,
            self.theme_dir,
        );
        let t = &self.t;
        let resolver = Resolver::new(&view.pages, &book.content_dir, !private, lang);
        let render = |template: &str,
                      rel: &str,
                      root: &str,
                      kind: &str,
                      title: &str,
                      data: &dyn erased::Data|
         -> Result<()> {
            out.put(rel, self.render(template, root, kind, title, data)?)
        };
        let mut pages = 0;
        // Home.
        let with_page: Vec<&Summary> = summaries
            .iter()
            .copied()
            .filter(|s| s.card.url.is_some())
            .collect();
        let mut per_year: BTreeMap<i16, usize> = BTreeMap::new();
        for s in summaries {
            if let Some(y) = s.card.year {
                *per_year.entry(y).or_default() += 1;
            }
        }
        let mut reasons: BTreeMap<usize, (String, usize)> = BTreeMap::new();
        for s in summaries {
            let Some(r) = &s.end_reason else { continue };
            let idx = KNOWN_END_REASONS
                .iter()
                .position(|k| k == r)
                .unwrap_or(KNOWN_END_REASONS.len() - 1);
            let label = end_reason_label(KNOWN_END_REASONS[idx], lang)
                .unwrap_or("")
                .to_string();
            reasons.entry(idx).or_insert((label, 0)).1 += 1;
        }
        let mut charts: Vec<Chart> = vec![
            charts::bars(
                "per-year",
                t["missions_per_year"],
                per_year.iter().map(|(y, n)| (y.to_string(), *n)).collect(),
            ),
            charts::bars(
                "end-reasons",
                t["end_reasons"],
                reasons.into_values().collect(),
            ),
        ];
        let open: Vec<&Diagnostic> = outcome
            .diagnostics
            .iter()
            .filter(|d| is_open_item(&d.rule))
            .collect();
        let mut figures = vec![
            Fact {
                label: t["figure_missions"],
                value: summaries.len().to_string(),
            },
            Fact {
                label: t["figure_closed"],
                value: summaries
                    .iter()
                    .filter(|s| s.status == Some("closed"))
                    .count()
                    .to_string(),
            },
            Fact {
                label: t["figure_case_studies"],
                value: summaries
                    .iter()
                    .filter(|s| {
                        s.publish == Publish::CaseStudy && (private || s.card.url.is_some())
                    })
                    .count()
                    .to_string(),
            },
            Fact {
                label: t["figure_lessons"],
                value: summaries
                    .iter()
                    .filter(|s| s.lesson.is_some())
                    .count()
                    .to_string(),
            },
        ];
        if private {
            let mut by_rule: BTreeMap<&str, usize> = BTreeMap::new();
            for d in &open {
                *by_rule.entry(d.rule.as_str()).or_default() += 1;
            }
            let mut rows: Vec<(String, usize)> = by_rule
                .into_iter()
                .map(|(r, n)| (r.to_string(), n))
                .collect();
            rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            charts.push(charts::bars("open-items", t["open_items_by_rule"], rows));
            figures.push(Fact {
                label: t["figure_errors"],
                value: open
                    .iter()
                    .filter(|d| d.severity == Severity::Error)
                    .count()
                    .to_string(),
            });
            figures.push(Fact {
                label: t["figure_warnings"],
                value: open
                    .iter()
                    .filter(|d| d.severity == Severity::Warning)
                    .count()
                    .to_string(),
            });
        }
        let intro = book.pages.iter().find(|p| p.dir.is_empty());
        let intro_html = intro.map(|p| {
            let (events, too_deep) = crate::audience::intro_parts(p, view.audience);
            markdown::render(
                markdown::Request {
                    dir: "",
                    root: "",
                    resolver: &resolver,
                    demote: 0,
                    public: !private,
                    raw_html_as_text: too_deep,
                },
                events.into_iter(),
            )
            .html
        });
        let home_title = intro
            .and_then(|p| p.title.clone())
            .unwrap_or_else(|| book.config.book.title.clone());
        #[derive(Serialize)]
        struct Home<'a> {
            intro_html: Option<String>,
            figures: Vec<Fact>,
            charts: Vec<Chart>,
            recent: Vec<&'a Card>,
        }
        let recent: Vec<&Card> = with_page.iter().take(6).map(|s| &s.card).collect();
        render(
            "index.html",
            "index.html",
            "",
            "home",
            &home_title,
            &Home {
                intro_html,
                figures,
                charts,
                recent,
            },
        )?;
        pages += 1;

        // Lessons, grouped by reason (known reasons in catalog order, then the rest).
        let mut groups: Vec<(String, String, Vec<LessonEntry>)> = Vec::new();
        for s in summaries {
            let Some(l) = &s.lesson else { continue };
            let key = if KNOWN_END_REASONS.contains(&l.reason.as_str()) {
                l.reason.clone()
            } else {
                String::new()
            };
            match groups.iter_mut().find(|g| g.0 == key) {
                Some(g) => g.2.push(l.clone()),
                None => {
                    let label = if key.is_empty() {
                        if private && !l.reason.is_empty() {
                            l.reason.clone()
                        } else {
                            lang.pick("Autres", "Other").to_string()
                        }
                    } else {
                        end_reason_label(&key, lang).unwrap_or("").to_string()
                    };
                    groups.push((key, label, vec![l.clone()]));
                }
            }
        }
        groups.sort_by_key(|g| {
            KNOWN_END_REASONS
                .iter()
                .position(|k| *k == g.0)
                .unwrap_or(usize::MAX)
        });
        #[derive(Serialize)]
        struct Group {
            reason: String,
            label: String,
            entries: Vec<LessonEntry>,
        }
        let mut lesson_tags: BTreeMap<String, String> = BTreeMap::new();
        for g in &groups {
            for e in &g.2 {
                for tag in &e.tags {
                    lesson_tags
                        .entry(tag_slug(&tag.name))
                        .or_insert_with(|| tag.name.clone());
                }
            }
        }
        #[derive(Serialize)]
        struct Lessons {
            groups: Vec<Group>,
            filter_tags: Vec<(String, String)>,
        }
        let lessons_data = Lessons {
            groups: groups
                .into_iter()
                .map(|(reason, label, entries)| Group {
                    reason,
                    label,
                    entries,
                })
                .collect(),
            filter_tags: lesson_tags.into_iter().collect(),
        };
        render(
            "lessons.html",
            "lessons/index.html",
            "../",
            "lessons",
            t["lessons"],
            &lessons_data,
        )?;
        pages += 1;

        // Case studies.
        #[derive(Serialize)]
        struct Cards<'a> {
            cards: Vec<&'a Card>,
        }
        let cases: Vec<&Card> = summaries
            .iter()
            .filter(|s| s.publish == Publish::CaseStudy && s.card.url.is_some())
            .map(|s| &s.card)
            .collect();
        render(
            "case-studies.html",
            "case-studies/index.html",
            "../",
            "case-studies",
            t["case_studies"],
            &Cards { cards: cases },
        )?;
        pages += 1;

        // Tags.
        let mut tags: BTreeMap<String, (String, Vec<&Card>)> = BTreeMap::new();
        for s in &with_page {
            for tag in &s.card.tags {
                tags.entry(tag_slug(&tag.name))
                    .or_insert_with(|| (tag.name.clone(), Vec::new()))
                    .1
                    .push(&s.card);
            }
        }
        #[derive(Serialize)]
        struct TagRow {
            name: String,
            url: String,
            count: usize,
        }
        #[derive(Serialize)]
        struct TagIndex {
            tags: Vec<TagRow>,
        }
        let rows = tags
            .iter()
            .map(|(slug, (name, cards))| TagRow {
                name: name.clone(),
                url: format!("tags/{slug}/index.html"),
                count: cards.len(),
            })
            .collect();
        render(
            "tags.html",
            "tags/index.html",
            "../",
            "tags",
            t["tags"],
            &TagIndex { tags: rows },
        )?;
        pages += 1;
        #[derive(Serialize)]
        struct TagPage<'a> {
            tag: &'a str,
            cards: &'a [&'a Card],
        }
        let tag_pages: Vec<_> = tags.iter().collect();
        tag_pages.par_iter().try_for_each(|(slug, (name, cards))| {
            render(
                "tag.html",
                &format!("tags/{slug}/index.html"),
                "../../",
                "tag",
                name,
                &TagPage { tag: name, cards },
            )
        })?;
        pages += tag_pages.len();

        // Checklist (private).
        if private {
            let titles: HashMap<&str, (&str, Option<&str>)> = view
                .missions
                .iter()
                .zip(summaries)
                .map(|(v, s)| (v.key(), (s.card.title.as_str(), s.card.url.as_deref())))
                .collect();
            let mut items: Vec<ChecklistItem> = open
                .iter()
                .map(|d| {
                    let (title, url) = titles
                        .get(d.path.as_str())
                        .copied()
                        .unwrap_or((d.path.as_str(), None));
                    checklist_item(d, title, url.map(str::to_string))
                })
                .collect();
            items.sort_by(|a, b| {
                let rank = |s: &str| match s {
                    "error" => 0,
                    "warning" => 1,
                    _ => 2,
                };
                (rank(a.severity), &a.path, a.line).cmp(&(rank(b.severity), &b.path, b.line))
            });
            #[derive(Serialize)]
            struct Checklist {
                items: Vec<ChecklistItem>,
            }
            render(
                "checklist.html",
                "checklist/index.html",
                "../",
                "checklist",
                t["checklist"],
                &Checklist { items },
            )?;
            pages += 1;
        }

        // 404: absolute links when the site's address is known, so it works at any depth.
        #[derive(Serialize)]
        struct Empty {}
        let root_404 = self.root_404.clone().unwrap_or_else(|| {
            book.config
                .site
                .base_url
                .as_deref()
                .map(|b| format!("{}/", b.trim_end_matches('/')))
                .unwrap_or_default()
        });
        render(
            "404.html",
            "404.html",
            &root_404,
            "404",
            t["not_found"],
            &Empty {},
        )?;
        pages += 1;

        // Static files and search index.
        for (name, embedded) in THEME {
            if let Some(file) = name.strip_prefix("static/") {
                let text = templates::file(theme_dir, name, embedded)?;
                out.put(&format!("static/{file}"), text.into_owned().into_bytes())?;
            }
        }
        let mut assets: BTreeMap<&str, &AssetSource> = summaries
            .iter()
            .flat_map(|s| s.assets.iter().map(|(u, p)| (u.as_str(), p)))
            .collect();
        let intro_assets = resolver.into_assets();
        assets.extend(intro_assets.iter().map(|(u, p)| (u.as_str(), p)));
        for (url, source) in assets {
            let bytes = match source {
                AssetSource::File(path) => std::fs::read(path)
                    .map_err(|e| crate::error::Error::io(path, "cannot copy", &e))?,
                AssetSource::Bytes(bytes) => bytes.as_ref().clone(),
            };
            out.put(url, bytes)?;
        }
        let entries: Vec<search::Entry> = summaries.iter().map(|s| s.search.clone()).collect();
        out.put(
            "static/search-index.js",
            search::script(&entries).into_bytes(),
        )?;

        // Feed and sitemap.
        if let Some(base) = &book.config.site.base_url {
            let mut feed_entries: Vec<FeedEntry> = summaries
                .iter()
                .filter(|s| {
                    (s.publish == Publish::CaseStudy && s.card.url.is_some()) || s.lesson.is_some()
                })
                .map(|s| FeedEntry {
                    title: s.card.title.clone(),
                    url: s.search.u.clone(),
                    updated: s.updated.clone().unwrap_or_default(),
                    summary: s.card.summary.clone(),
                })
                .collect();
            feed_entries.sort_by(|a, b| b.updated.cmp(&a.updated).then_with(|| a.url.cmp(&b.url)));
            out.put(
                "atom.xml",
                feed::atom(base, &book.config.book.title, lang.code(), &feed_entries).into_bytes(),
            )?;
            let mut urls: Vec<String> = vec![
                "index.html".into(),
                "lessons/index.html".into(),
                "case-studies/index.html".into(),
                "tags/index.html".into(),
            ];
            urls.extend(tags.keys().map(|s| format!("tags/{s}/index.html")));
            urls.extend(with_page.iter().filter_map(|s| s.card.url.clone()));
            if private {
                urls.push("checklist/index.html".into());
            }
            out.put("sitemap.xml", feed::sitemap(base, &urls).into_bytes())?;
        }
        Ok(pages)
    }
}

pub fn write_all(
    book: &Book,
    view: &View,
    outcome: &Outcome,
    env: &Environment,
    theme_dir: &Path,
    out: &dyn Sink,
    opts: &BuildOptions,
) -> Result<Written> {
    let renderer = Renderer::new(book, view, outcome, env, theme_dir, opts.lang);
    let done = AtomicUsize::new(0);
    let total = view.missions.len();
    let show_progress = opts.progress && total >= 500;
    let summaries: Vec<Summary> = view
        .missions
        .par_iter()
        .map(|v| -> Result<Summary> {
            let rendered = renderer.mission(v)?;
            if let Some((rel, bytes)) = rendered.page {
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

/// Type erasure for page data, so one `render` closure serves every page.
mod erased {
    use super::*;

    pub trait Data: Sync {
        fn context(
            &self,
            site: &SiteCtx,
            root: &str,
            t: &BTreeMap<&'static str, &'static str>,
            nav: &[NavItem],
            kind: &str,
            title: &str,
        ) -> minijinja::Value;
    }

    impl<T: Serialize + Sync> Data for T {
        fn context(
            &self,
            site: &SiteCtx,
            root: &str,
            t: &BTreeMap<&'static str, &'static str>,
            nav: &[NavItem],
            kind: &str,
            title: &str,
        ) -> minijinja::Value {
            minijinja::Value::from(minijinja::value::Serde(Ctx {
                site,
                root,
                t,
                nav,
                page: PageMeta { kind, title },
                data: self,
            }))
        }
    }
}
