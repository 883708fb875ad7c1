//! One mission: its page (`mission.html`, when it has one in this audience) and its `Summary`
//! (card, lessons entry, search entry, feed date, assets, build warnings). A public mission whose
//! rendered text still reads a name to hide is withheld here, whatever came before.

use super::checklist::checklist_item;
use super::facts::{facts, period, tag_refs};
use super::{Renderer, Summary};
use crate::audience::{Shown, Warning, Which};
use crate::error::Result;
use crate::journal::Publish;
use crate::site::context::{Card, LessonEntry, MissionData, MissionPage};
use crate::site::links::Resolver;
use crate::site::markdown::{self, Rendered};
use crate::site::output::Sink;
use crate::site::routes;
use crate::site::search;
use crate::site::strings::{end_reason_label, ended_by_label, publish_label, status_label};
use std::collections::HashSet;

/// The size of a mission page (as estimated from its body) past which it is streamed into its
/// file rather than held whole.
const STREAMED: usize = 1 << 20;

/// One mission rendered: what the aggregate pages need of it, and its own page when it has one.
pub struct MissionOut {
    pub summary: Summary,
    /// The page's path inside the site and its bytes, unless it went to a sink already.
    pub page: Option<(String, Vec<u8>)>,
    /// Its letters page (private builds only).
    pub letters: Option<(String, Vec<u8>)>,
}

impl Summary {
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

impl Renderer<'_> {
    /// Renders one visible mission: its page (when it has one; put into `out` when given, else
    /// returned) and its summary.
    pub fn mission(&self, v: &Shown, out: Option<&dyn Sink>) -> Result<MissionOut> {
        let (private, lang) = (self.private, self.lang);
        let resolver = Resolver::new(&self.view.pages, &self.book.content_dir, !private, lang);
        let url = v.has_page.then(|| v.url());
        let page_root = routes::root_of(&v.url());
        let lessons_root = routes::root_of(routes::LESSONS);
        let parts = v.journal.parts();
        // The search words: those of the title and the client label, then of the page and the
        // lessons, read as they are rendered.
        let mut words = search::Words::new(search::MAX_WORDS);
        words.push(&v.title);
        words.push(&v.client_label);
        // Sized for the whole body: a lessons section is small, and grows its buffer itself.
        let mut render = |root, size, which| {
            let mut r = markdown::render(
                markdown::Request {
                    dir: v.journal.dir(),
                    root,
                    resolver: &resolver,
                    public: !private,
                    raw_html_as_text: parts.raw_html_too_deep(),
                    size,
                    words: std::mem::take(&mut words),
                },
                parts.events(which),
            );
            words = std::mem::take(&mut r.words);
            r
        };
        let rendered: Option<Rendered> = v
            .has_page
            .then(|| render(&page_root, v.journal.body_len(), Which::Page));
        let lessons = v.lessons.then(|| render(&lessons_root, 0, Which::Lessons));
        // Read: its first pass is not needed while the page is written.
        drop(parts);
        let card = Card {
            title: v.title.clone(),
            url: url.clone(),
            client: v.client_label.clone(),
            period: period(v, lang),
            start: v.start.map(|d| d.to_string()),
            end: v.end.map(|d| d.to_string()),
            year: v.year,
            tags: tag_refs(&v.tags, &self.tags_with_page),
            summary: rendered
                .as_ref()
                .map(|r| r.first_paragraph.clone())
                .unwrap_or_default(),
            status: v.status.map(|s| s.as_str()),
            status_label: v.status.map_or("", |s| status_label(s, lang)),
            draft: v.draft,
            publish: v.publish.as_str(),
            publish_label: publish_label(v.publish, lang),
        };
        let status = card.status;
        let both = || rendered.iter().chain(lessons.iter());
        let mut warnings = self.warnings(v, both());
        // Fail closed: whatever the cut and the substitution missed, a public page that still
        // reads a name to hide is not published.
        if !private {
            let names = v.journal.names();
            let still_named = both().any(|r| crate::audience::reads_a_name(names, &r.html))
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
                    letters: None,
                });
            }
        }
        let search = search_entry(v, url.clone(), &words);
        let end_reason = v.end_reason.clone();
        let lesson = lessons.map(|l| LessonEntry {
            anchor: v.slug.clone(),
            label: v.title.clone(),
            url: url.clone(),
            tags: tag_refs(&v.tags, &self.tags_with_page),
            tag_slugs: v
                .tags
                .iter()
                .map(|t| routes::tag_slug(t))
                .collect::<Vec<_>>()
                .join(" "),
            year: card.year,
            html: l.html,
            reason: end_reason.clone().unwrap_or_default(),
        });
        let letters = match rendered {
            Some(_) => self.letters(v)?,
            None => None,
        };
        let letters_link = letters.as_ref().map(|(rel, _)| {
            (
                rel.clone(),
                lang.pick("Lettres prêtes à envoyer", "Letters ready to send"),
            )
        });
        let page = match rendered {
            Some(r) => self.page(v, &card, r, letters_link, out)?,
            None => None,
        };
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
        Ok(MissionOut {
            summary,
            page,
            letters,
        })
    }

    /// The mission's page, put into `out` when given, else returned with its path.
    fn page(
        &self,
        v: &Shown,
        card: &Card,
        r: Rendered,
        letters: Option<(String, &'static str)>,
        out: Option<&dyn Sink>,
    ) -> Result<Option<(String, Vec<u8>)>> {
        let lang = self.lang;
        let (html_len, toc_len) = (r.html.len(), r.toc.len());
        let (facts, invoices) = match v.private.and_then(|m| m.front.as_ref()) {
            Some(front) => facts(v, front, &self.t, lang),
            None => (Vec::new(), Vec::new()),
        };
        let checklist = match v.private {
            Some(m) => self
                .by_path
                .get(m.rel.as_str())
                .map(|ds| {
                    ds.iter()
                        .map(|d| checklist_item(d, &v.title, None))
                        .collect()
                })
                .unwrap_or_default(),
            None => Vec::new(),
        };
        let data = MissionPage {
            mission: MissionData {
                card,
                ended_by: v.ended_by.map(|b| ended_by_label(b, lang)),
                end_reason: v
                    .end_reason
                    .as_ref()
                    .map(|r| end_reason_label(r, lang).map_or_else(|| r.clone(), str::to_string)),
                html: crate::site::context::Body::value(r.html),
                toc: crate::site::context::Lazy::value(r.toc),
                facts,
                invoices,
                checklist,
                source: v.private.map(|m| m.rel.clone()),
                letters,
            }
            .value(),
        };
        let rel = v.url();
        // The page is about its body plus its contents list.
        let size = html_len + toc_len * 96 + (1 << 14);
        match out {
            // A large page (a journal of megabytes) goes to its file as it is rendered.
            Some(out) if size > STREAMED => out
                .put_with(&rel, size, &mut |w| {
                    self.render_into("mission.html", &rel, "mission", &v.title, &data, w)
                })
                .map(|()| None),
            _ => {
                // Rendered whole into one buffer: the template's many small writes are copies
                // into it rather than calls through a file writer.
                let mut bytes = Vec::with_capacity(size);
                self.render_into("mission.html", &rel, "mission", &v.title, &data, &mut bytes)?;
                match out {
                    Some(out) => out.put(&rel, bytes).map(|()| None),
                    None => Ok(Some((rel, bytes))),
                }
            }
        }
    }

    /// The build warnings of a mission's rendered text: broken or unpublished links (each told
    /// once, at its first place) and raw HTML nested too deep.
    fn warnings<'r>(&self, v: &Shown, parts: impl Iterator<Item = &'r Rendered>) -> Vec<Warning> {
        let lang = self.lang;
        let mut warnings = Vec::new();
        let mut warned = HashSet::new();
        let mut as_text = false;
        for r in parts {
            as_text |= r.raw_html_as_text;
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
                if warned.insert(message.clone()) {
                    warnings.push(Warning {
                        path: v.journal.rel().to_string(),
                        line: pos.line,
                        col: pos.col,
                        message,
                    });
                }
            }
        }
        if as_text {
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
        warnings
    }
}

/// The mission's entry in the search index: what its page and lessons show, nothing more
/// (`words`: those of `title client_label page lessons`, read without joining the texts).
fn search_entry(v: &Shown, url: Option<String>, words: &search::Words) -> search::Entry {
    search::Entry {
        t: v.title.clone(),
        u: url.unwrap_or_else(|| routes::lesson(&v.slug)),
        c: std::iter::once(v.client_label.clone())
            .chain(v.tags.iter().cloned())
            .collect::<Vec<_>>()
            .join(" · "),
        w: words.joined(),
    }
}
