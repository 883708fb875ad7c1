//! What each audience may see: the only place that decides. A `View` turns a loaded `Book` into
//! the missions one audience sees, as `Shown` values: what the pages of a public build may show
//! (title and tags with the client's names replaced, a neutral label and only the year for a
//! lessons-only mission) and, behind `Journal`, the body parts they may render, already cut
//! (`parts`) and anonymised (`anonymize`). The facts of a mission (amounts, access, RGPD) are
//! reachable only through `Shown::private`, which is `None` in a public view.
//!
//! Publishing fails closed: a mission whose names to hide are unknown or invalid, whose alias
//! names the client, or a case study without consent and alias, is not published at all (a build
//! warning says why). The linter's leak rules read the same public parts through `published`, so
//! lint and build agree on what is public.

pub mod anonymize;
pub mod html;
pub mod image;
pub mod links;
pub mod names;
pub mod parts;

use crate::diagnostic::Pos;
use crate::i18n::Lang;
use crate::journal::schema::{EndedBy, KNOWN_END_REASONS, Status};
use crate::journal::{Book, Element, Front, Mission, Publish};
use crate::text::slugify;
use crate::tr;
use jiff::civil::Date;
pub use names::Names;
pub use parts::{Ev, Part};
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    Public,
    Private,
}

impl Audience {
    pub fn as_str(self) -> &'static str {
        match self {
            Audience::Public => "public",
            Audience::Private => "private",
        }
    }
}

/// A build warning: something the author should know, with a place when there is one.
#[derive(Debug, Clone, PartialEq)]
pub struct Warning {
    pub path: String,
    pub line: u32,
    pub col: u32,
    pub message: String,
}

/// The names a mission's public text must not contain, read from its front matter.
pub fn names_of(front: &Front) -> Names {
    Names::new(
        front
            .client
            .iter()
            .chain(front.client_names.iter())
            .map(|f| f.value.as_str()),
    )
}

/// A journal's body as one audience may render it. Its fields are private: page code can only
/// ask for the parts its audience may see.
pub struct Journal<'b> {
    mission: &'b Mission,
    audience: Audience,
    names: Names,
    alias: String,
    dir: String,
}

/// How deep raw HTML may nest elements before it is shown as text rather than sanitised (an
/// HTML parser checks the open elements at every tag: past this, sanitising turns quadratic).
pub const MAX_HTML_NESTING: usize = 512;

/// Which part of a journal to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    /// The body of its page.
    Page,
    /// Its lessons, for the lessons page.
    Lessons,
}

/// A journal read once for one audience: each part it may render is streamed from it, with
/// names already replaced in public.
pub struct Parts<'j, 'b> {
    journal: &'j Journal<'b>,
    parsed: parts::Parsed<'b>,
    /// The lessons' events (before names are replaced), gathered while the page's were streamed
    /// to their end: the lessons then need no parse of their own.
    lessons: RefCell<Option<Vec<Ev<'b>>>>,
}

/// How much of a file the lessons may show to be gathered as events while the page is streamed
/// (events take several times the size of their text); larger lessons are parsed again.
const GATHERED_LESSONS: usize = 1 << 20;

impl<'j, 'b> Parts<'j, 'b> {
    /// Whether its raw HTML nests deeper than `MAX_HTML_NESTING` (it is then shown as text).
    pub fn raw_html_too_deep(&self) -> bool {
        self.parsed.raw_html_depth() > MAX_HTML_NESTING
    }

    /// The events of one part, as this audience may see them. Streaming the page to its end
    /// gathers the lessons on the way (when small), for `events(Which::Lessons)` to give.
    pub fn events(&self, which: Which) -> impl Iterator<Item = Ev<'b>> + '_ {
        let j = self.journal;
        let public = j.audience == Audience::Public;
        let (page, lessons) = match public {
            true => (Part::Public, Part::PublicLessons),
            false => (Part::Whole, Part::Lessons),
        };
        let names = if public { &j.names } else { &NO_NAMES };
        let stream = match which {
            Which::Page => Either::Left(Either::Left(self.parsed.stream_also(
                page,
                lessons,
                GATHERED_LESSONS,
                |gathered| *self.lessons.borrow_mut() = Some(gathered),
            ))),
            Which::Lessons => match self.lessons.take() {
                Some(gathered) => Either::Left(Either::Right(gathered.into_iter())),
                None => Either::Right(self.parsed.stream(lessons)),
            },
        };
        // Nothing to replace (the private view): the events go as they are, not held by block.
        if names.is_empty() {
            return Either::Left(stream);
        }
        Either::Right(anonymize::anonymized(
            &j.mission.source,
            stream,
            names,
            Some(&j.alias),
            |_| {},
        ))
    }
}

/// One of two iterators of the same items.
enum Either<L, R> {
    Left(L),
    Right(R),
}

impl<T, L: Iterator<Item = T>, R: Iterator<Item = T>> Iterator for Either<L, R> {
    type Item = T;

    fn next(&mut self) -> Option<T> {
        match self {
            Either::Left(l) => l.next(),
            Either::Right(r) => r.next(),
        }
    }
}

/// A mission's body read once, in the pieces its index was parsed in.
fn read(m: &Mission) -> parts::Parsed<'_> {
    if m.body.pieces.is_empty() {
        parts::Parsed::new(&m.source, m.body.start)
    } else {
        parts::Parsed::in_pieces(&m.source, m.body.pieces.clone())
    }
}

/// How long a body may be to hold its events between its two readings (events take several
/// times the size of their text); a longer one is parsed again.
const KEPT_BODY: usize = 1 << 20;

/// `read`, the events of the pass kept for the first part streamed when the body is small
/// enough (`KEPT_BODY`): that part then parses nothing again.
fn read_keeping(m: &Mission) -> parts::Parsed<'_> {
    let small = m.source.len().saturating_sub(m.body.start) <= KEPT_BODY;
    match m.body.pieces.is_empty() || !small {
        true => read(m),
        false => parts::Parsed::in_pieces_keeping(&m.source, m.body.pieces.clone()),
    }
}

/// The names a private view hides: none.
static NO_NAMES: Names = Names::none();

impl<'b> Journal<'b> {
    /// The journal's directory relative to the content directory, to resolve links.
    pub fn dir(&self) -> &str {
        &self.dir
    }

    /// How long its Markdown body is, in bytes.
    pub fn body_len(&self) -> usize {
        self.mission
            .source
            .len()
            .saturating_sub(self.mission.body.start)
    }

    /// The journal's path relative to the book root: for build warnings, never for pages.
    pub fn rel(&self) -> &'b str {
        &self.mission.rel
    }

    /// The position of a byte offset of the file (for warnings).
    pub fn pos(&self, offset: usize) -> Pos {
        self.mission.pos(offset)
    }

    /// The names that must not appear in what this journal publishes (empty in private).
    pub fn names(&self) -> &Names {
        &self.names
    }

    /// The journal read once, to stream the parts this audience sees (the first of them from
    /// the events of that reading).
    pub fn parts(&self) -> Parts<'_, 'b> {
        Parts {
            journal: self,
            parsed: read_keeping(self.mission),
            lessons: RefCell::new(None),
        }
    }
}

/// What the linter's leak rules read of a published journal, from one reading of it: where the
/// client's names occur in its public parts (`client-name-leak`) and the byte ranges a public
/// build shows (`personal-data-leak`). Empty for a mission that is not published.
#[derive(Debug, Default)]
pub struct Published {
    /// File offsets of the client's names in the public parts, as a public build would publish
    /// them.
    pub names: Vec<usize>,
    /// The byte ranges of the file a public build shows (before names are replaced), HTML
    /// comments left out: they are never published.
    pub ranges: Vec<std::ops::Range<usize>>,
}

/// The public parts of `m` as [`Published`] describes them.
pub fn published(m: &Mission, front: &Front) -> Published {
    let part = match front.publish() {
        Publish::Private => return Published::default(),
        Publish::Lessons => Part::PublicLessons,
        Publish::CaseStudy => Part::Public,
    };
    let names = names_of(front);
    let parsed = read_keeping(m);
    let mut found = Vec::new();
    let (stream, shown) = parsed.stream_shown(part);
    anonymize::anonymized(&m.source, stream, &names, None, |o| found.push(o)).for_each(drop);
    let comments = parsed.comments();
    let ranges = shown
        .into_iter()
        .map(|r| r.start.max(m.body.start)..r.end)
        .filter(|r| !r.is_empty())
        .flat_map(|r| crate::text::subtract(r, comments))
        .collect();
    Published {
        names: found,
        ranges,
    }
}

/// A mission as one audience sees it.
pub struct Shown<'b> {
    /// The page slug (public: from the title after substitution, never from the file name).
    pub slug: String,
    /// Whether it gets its own page (every mission in private; case studies in public).
    pub has_page: bool,
    /// Whether its lessons section is shown on the lessons page.
    pub lessons: bool,
    /// The title shown (public: names replaced; for a lessons-only mission, a neutral label).
    pub title: String,
    /// How the client is named: the real name in private, the alias (or a neutral phrase) in
    /// public.
    pub client_label: String,
    pub tags: Vec<String>,
    pub year: Option<i16>,
    /// The exact dates (`None` in public for a lessons-only mission: only the year is shown).
    pub start: Option<Date>,
    pub end: Option<Date>,
    pub status: Option<Status>,
    pub ended_by: Option<EndedBy>,
    /// The reason for ending; in public only a known value (a free text may name someone).
    pub end_reason: Option<String>,
    pub draft: bool,
    pub publish: Publish,
    pub journal: Journal<'b>,
    /// The whole mission, facts included: only in a private view.
    pub private: Option<&'b Mission>,
}

impl Shown<'_> {
    pub fn url(&self) -> String {
        crate::site::routes::mission(&self.slug)
    }

    /// Key of the mission for caches: its path in the book.
    pub fn key(&self) -> &str {
        self.journal.rel()
    }
}

pub struct View<'b> {
    pub audience: Audience,
    pub lang: Lang,
    /// Visible missions, newest start first, then by path.
    pub missions: Vec<Shown<'b>>,
    /// Content-relative journal path → its page URL in this audience (`None`: no page here).
    pub pages: HashMap<String, Option<String>>,
    pub warnings: Vec<Warning>,
}

pub fn neutral_client(lang: Lang) -> &'static str {
    lang.pick("le client", "the client")
}

/// Why a mission is not published, for the build warning.
fn withheld(m: &Mission, pos: Pos, message: String) -> Warning {
    Warning {
        path: m.rel.clone(),
        line: pos.line,
        col: pos.col,
        message,
    }
}

/// Decides whether `m` is published and how; `Err` is the warning saying why it is not.
fn public_shown<'b>(
    m: &'b Mission,
    front: &'b Front,
    dir: String,
    lang: Lang,
) -> Result<Option<Shown<'b>>, Warning> {
    let publish = front.publish();
    if publish == Publish::Private {
        return Ok(None);
    }
    let pos = front.publish_pos.unwrap_or_default();
    let alias = front.client_alias.as_ref().map(|a| a.value.clone());
    let case_study = publish == Publish::CaseStudy;
    if case_study && (front.case_study_consent.is_none() || alias.is_none()) {
        let what = match (front.case_study_consent.is_none(), alias.is_none()) {
            (true, true) => "`case_study.consent`, `client_alias`",
            (true, false) => "`case_study.consent`",
            _ => "`client_alias`",
        };
        return Err(withheld(
            m,
            pos,
            tr!(
                lang,
                "étude de cas sans {what} : traitée comme privée, elle n'est pas publiée",
                "case study without {what}: treated as private, it is not published"
            ),
        ));
    }
    if front.client.is_none() || front.names_invalid {
        return Err(withheld(
            m,
            pos,
            tr!(
                lang,
                "`client` manquant ou invalide (ou un nom de `client_names` invalide) : sans le nom à masquer, la mission n'est pas publiée",
                "`client` missing or invalid (or an invalid `client_names` entry): without the name to hide, the mission is not published"
            ),
        ));
    }
    let names = names_of(front);
    let label = alias
        .clone()
        .unwrap_or_else(|| neutral_client(lang).to_string());
    if names.contains(&label) {
        return Err(withheld(
            m,
            front.client_alias.as_ref().map_or(pos, |a| a.pos),
            tr!(
                lang,
                "`client_alias` contient le nom du client : la mission n'est pas publiée",
                "`client_alias` contains the client's name: the mission is not published"
            ),
        ));
    }
    let alias_slug = match slugify(&label) {
        s if s.is_empty() => "client".to_string(),
        s => s,
    };
    let mut tags: Vec<String> = Vec::with_capacity(front.tags.len());
    for tag in &front.tags {
        let tag = if names.contains(tag) {
            alias_slug.clone()
        } else {
            tag.clone()
        };
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    let year = front.start.as_ref().map(|s| s.value.year());
    let title = if case_study {
        names.replace(front.title(), &label)
    } else {
        neutral_label(alias.as_deref(), &tags, year, lang)
    };
    if names.contains(&title) {
        return Err(withheld(
            m,
            front.title.as_ref().map_or(pos, |t| t.pos),
            tr!(
                lang,
                "le titre nomme encore le client une fois l'alias substitué : la mission n'est pas publiée",
                "the title still names the client once the alias is substituted: the mission is not published"
            ),
        ));
    }
    let end_reason = front.end_reason.as_ref().map(|r| {
        if KNOWN_END_REASONS.contains(&r.value.as_str()) {
            r.value.clone()
        } else {
            "other".to_string()
        }
    });
    Ok(Some(Shown {
        slug: slugify(&title),
        has_page: case_study,
        lessons: m.body.has_content(Element::Lessons),
        title,
        client_label: label.clone(),
        tags,
        year,
        start: if case_study {
            front.start.as_ref().map(|d| d.value)
        } else {
            None
        },
        end: if case_study { front.end() } else { None },
        status: front.status(),
        ended_by: front.ended_by(),
        end_reason,
        draft: front.draft,
        publish,
        journal: Journal {
            mission: m,
            audience: Audience::Public,
            names,
            alias: label,
            dir,
        },
        private: None,
    }))
}

impl<'b> View<'b> {
    pub fn new(book: &'b Book, audience: Audience, drafts: bool, lang: Lang) -> View<'b> {
        let mut missions = Vec::new();
        let mut warnings = Vec::new();
        let mut pages = HashMap::new();
        for m in &book.missions {
            let content_rel = crate::journal::relative(&book.content_dir, &m.path);
            pages.insert(content_rel.clone(), None);
            let Some(front) = &m.front else {
                continue;
            };
            let dir = content_rel
                .rsplit_once('/')
                .map_or(String::new(), |(d, _)| d.to_string());
            if front.draft && audience == Audience::Public && !drafts {
                continue;
            }
            let shown = match audience {
                Audience::Private => Shown {
                    slug: m.slug.clone(),
                    has_page: true,
                    lessons: m.body.has_content(Element::Lessons),
                    title: front.title().to_string(),
                    client_label: front
                        .client
                        .as_ref()
                        .map(|c| c.value.clone())
                        .unwrap_or_default(),
                    tags: front.tags.clone(),
                    year: front.start.as_ref().map(|s| s.value.year()),
                    start: front.start.as_ref().map(|d| d.value),
                    end: front.end(),
                    status: front.status(),
                    ended_by: front.ended_by(),
                    end_reason: front.end_reason.as_ref().map(|r| r.value.clone()),
                    draft: front.draft,
                    publish: front.publish(),
                    journal: Journal {
                        mission: m,
                        audience,
                        names: Names::default(),
                        alias: String::new(),
                        dir,
                    },
                    private: Some(m),
                },
                Audience::Public => match public_shown(m, front, dir, lang) {
                    Ok(Some(shown)) => shown,
                    Ok(None) => continue,
                    Err(w) => {
                        warnings.push(w);
                        continue;
                    }
                },
            };
            missions.push(shown);
        }
        missions.sort_by(|a, b| {
            b.start
                .cmp(&a.start)
                .then_with(|| b.year.cmp(&a.year))
                .then_with(|| a.key().cmp(b.key()))
        });
        if audience == Audience::Public {
            // Slugs from titles and neutral labels may collide: pages first, then anchors.
            let mut used = HashSet::new();
            for pass in [true, false] {
                for v in missions.iter_mut().filter(|v| v.has_page == pass) {
                    let base = if v.slug.is_empty() {
                        "mission".to_string()
                    } else {
                        std::mem::take(&mut v.slug)
                    };
                    let mut slug = base.clone();
                    let mut n = 2;
                    while !used.insert(slug.clone()) {
                        slug = format!("{base}-{n}");
                        n += 1;
                    }
                    v.slug = slug;
                }
            }
        }
        for v in missions.iter().filter(|v| v.has_page) {
            let content_rel = crate::journal::relative(&book.content_dir, &v.journal.mission.path);
            pages.insert(content_rel, Some(v.url()));
        }
        View {
            audience,
            lang,
            missions,
            pages,
            warnings,
        }
    }
}

/// The label of a lessons-only mission in public: its alias, else its tags and year. Never its
/// title, which is private and often names the client.
fn neutral_label(alias: Option<&str>, tags: &[String], year: Option<i16>, lang: Lang) -> String {
    if let Some(a) = alias {
        return a.to_string();
    }
    let year = year.map(|y| y.to_string()).unwrap_or_default();
    let tags = tags.join(", ");
    match (tags.is_empty(), year.is_empty()) {
        (true, true) => tr!(lang, "Une mission", "A mission"),
        (true, false) => tr!(lang, "Mission de {year}", "Mission, {year}"),
        (false, true) => tr!(lang, "Mission {tags}", "Mission: {tags}"),
        (false, false) => tr!(lang, "Mission {tags}, {year}", "Mission: {tags}, {year}"),
    }
}

/// The body of an `_index.md` page (the home page's introduction) as `audience` sees it (in
/// public, without private sections), and whether its raw HTML nests too deep to be sanitised.
pub fn intro_parts(page: &crate::journal::Page, audience: Audience) -> (Vec<Ev<'_>>, bool) {
    let part = match audience {
        Audience::Public => Part::Public,
        Audience::Private => Part::Whole,
    };
    let parsed = parts::Parsed::new(&page.source, page.body_start);
    let too_deep = parsed.raw_html_depth() > MAX_HTML_NESTING;
    (parsed.select(part).events, too_deep)
}

/// Whether rendered `html` still reads one of `names`, in its text (across inline tags) or its
/// attributes, entities decoded: the last check before a public page is written.
pub fn reads_a_name(names: &Names, html: &str) -> bool {
    if names.is_empty() {
        return false;
    }
    // Its text is most of a page's bytes, and grows by copies past what is reserved.
    let mut text = String::with_capacity(html.len() / 2);
    let mut found = false;
    html::read(
        html,
        |t| text.push_str(t),
        |value| found |= names.contains(value) || names.contains(&names::percent_decode(value)),
    );
    found = found || names.contains(&text);
    found
}
