//! Markdown to HTML for the site: the parts of a journal its audience may see (already cut and
//! anonymised by `audience`) rendered with unique heading ids and a table of contents, links to
//! another journal rewritten to its page, links to other files resolved through the site's
//! `LinkResolver` (which decides what may be copied), unsafe URLs dropped, and raw HTML
//! sanitised (ammonia) on the pages that contain any. In a public build the URLs of raw HTML go
//! through the same resolution as Markdown links.

mod targets;
mod tasks;

pub use targets::{Asset, BrokenLink, LinkResolver};

use crate::audience::Ev;
use crate::site::search::Words;
use crate::text::slugify;
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use targets::{Broken, public_raw_html, resolve};
use tasks::LabelTasks;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub text: String,
}

pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    /// The request's `words`, with those of the plain text added (for the search index).
    pub words: Words,
    /// The first paragraph's text.
    pub first_paragraph: String,
    pub broken: Vec<BrokenLink>,
    /// Its raw HTML nested too deep to be sanitised, and was shown as text.
    pub raw_html_as_text: bool,
}

pub struct Request<'a> {
    /// The mission file's directory relative to the content dir (`missions/2025`), to resolve
    /// relative links.
    pub dir: &'a str,
    /// `../` repeated to reach the site root from the page.
    pub root: &'a str,
    pub resolver: &'a dyn LinkResolver,
    /// A public build: raw HTML URLs are resolved like Markdown links, and styles dropped.
    pub public: bool,
    /// Raw HTML nests too deep to be sanitised (`Parts::raw_html_too_deep`): it is shown as text.
    pub raw_html_as_text: bool,
    /// About how many bytes of Markdown are rendered: the HTML buffer starts at twice that, so
    /// that a long journal's page is not copied as its buffer grows.
    pub size: usize,
    /// The search words so far (the title's…): the text's words are added to them, up to their
    /// maximum (`Words::new(0)`: none are read).
    pub words: Words,
}

/// What rendering gathers on the way, besides the HTML.
#[derive(Default)]
struct Gathered<'e> {
    toc: Vec<TocEntry>,
    ids: HashSet<String>,
    next_suffix: HashMap<String, usize>,
    words: Words,
    first_paragraph: String,
    in_first_paragraph: Option<bool>,
    broken: Broken,
    /// Raw HTML went through (it is sanitised at the end).
    raw_html: bool,
    /// Raw HTML was shown as text (nested too deep).
    raw_html_text: bool,
    /// The heading being read: its level, events and text.
    heading: Option<(pulldown_cmark::HeadingLevel, Vec<Event<'e>>, String)>,
    /// Links and images whose target was dropped: their End event must go too.
    link_stack: Vec<bool>,
    image_stack: Vec<bool>,
}

/// Renders `events` (streamed: a journal of any size is never held as events).
pub fn render<'e>(mut req: Request, events: impl Iterator<Item = Ev<'e>>) -> Rendered {
    let mut g = Gathered {
        words: std::mem::take(&mut req.words),
        // A page's usual headings (a few dozen) without the set growing on the way.
        ids: HashSet::with_capacity(32),
        ..Gathered::default()
    };
    let req = &req;
    let mut html = String::with_capacity(req.size.saturating_mul(2));
    {
        let mut queue: std::collections::VecDeque<Event<'e>> = Default::default();
        let mut input = events;
        let transformed = std::iter::from_fn(|| {
            loop {
                if let Some(e) = queue.pop_front() {
                    return Some(e);
                }
                let (event, range) = input.next()?;
                transform(req, &mut g, event, range.start, &mut queue);
            }
        });
        pulldown_cmark::html::push_html(&mut html, LabelTasks::new(transformed));
    }
    if g.raw_html {
        html = sanitize(&html);
    }
    // The buffer grew by doubling: up to half of it is free, which a large page must not keep.
    html.shrink_to_fit();
    g.toc.shrink_to_fit();
    Rendered {
        html,
        toc: g.toc,
        words: g.words,
        first_paragraph: g.first_paragraph.trim().to_string(),
        broken: g.broken.links,
        raw_html_as_text: g.raw_html_text,
    }
}

/// One event on its way to HTML: links resolved, headings given ids, raw HTML checked; what is
/// ready goes to `out`.
fn transform<'e>(
    req: &Request,
    g: &mut Gathered<'e>,
    event: Event<'e>,
    offset: usize,
    out: &mut std::collections::VecDeque<Event<'e>>,
) {
    let event = match event {
        Event::Text(t) => {
            g.words.push(&t);
            if g.in_first_paragraph == Some(true) {
                g.first_paragraph.push_str(&t.replace('\n', " "));
            }
            Event::Text(t)
        }
        Event::Code(t) => {
            g.words.push(&t);
            if g.in_first_paragraph == Some(true) {
                g.first_paragraph.push_str(&t);
            }
            Event::Code(t)
        }
        Event::Html(t) | Event::InlineHtml(t) if req.raw_html_as_text => {
            g.raw_html_text = true;
            Event::Text(t)
        }
        Event::Html(t) => {
            g.raw_html = true;
            if req.public {
                Event::Html(CowStr::from(public_raw_html(
                    req,
                    &t,
                    offset,
                    &mut g.broken,
                )))
            } else {
                Event::Html(t)
            }
        }
        Event::InlineHtml(t) => {
            g.raw_html = true;
            if req.public {
                Event::InlineHtml(CowStr::from(public_raw_html(
                    req,
                    &t,
                    offset,
                    &mut g.broken,
                )))
            } else {
                Event::InlineHtml(t)
            }
        }
        Event::SoftBreak if g.in_first_paragraph == Some(true) => {
            g.first_paragraph.push(' ');
            Event::SoftBreak
        }
        Event::Start(Tag::Paragraph) => {
            if g.in_first_paragraph.is_none() && g.heading.is_none() {
                g.in_first_paragraph = Some(true);
            }
            Event::Start(Tag::Paragraph)
        }
        Event::End(TagEnd::Paragraph) => {
            if g.in_first_paragraph == Some(true) {
                g.in_first_paragraph = Some(false);
            }
            Event::End(TagEnd::Paragraph)
        }
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => match resolve(req, &dest_url, false, offset, &mut g.broken) {
            Some(dest) => {
                g.link_stack.push(true);
                Event::Start(Tag::Link {
                    link_type,
                    dest_url: CowStr::from(dest),
                    title,
                    id,
                })
            }
            None => {
                g.link_stack.push(false);
                return;
            }
        },
        Event::End(TagEnd::Link) => {
            if g.link_stack.pop() == Some(false) {
                return;
            }
            Event::End(TagEnd::Link)
        }
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => match resolve(req, &dest_url, true, offset, &mut g.broken) {
            Some(dest) => {
                g.image_stack.push(true);
                Event::Start(Tag::Image {
                    link_type,
                    dest_url: CowStr::from(dest),
                    title,
                    id,
                })
            }
            None => {
                // The image goes; its description stays as text.
                g.image_stack.push(false);
                return;
            }
        },
        Event::End(TagEnd::Image) => {
            if g.image_stack.pop() == Some(false) {
                return;
            }
            Event::End(TagEnd::Image)
        }
        other => other,
    };
    // Headings are held until their end, to make their id from their text.
    match event {
        Event::Start(Tag::Heading { level, .. }) => {
            g.heading = Some((level, Vec::new(), String::new()));
        }
        Event::End(TagEnd::Heading(_)) => {
            let Some((level, inner, htext)) = g.heading.take() else {
                return;
            };
            let base = match slugify(&htext) {
                s if s.is_empty() => "section".to_string(),
                s => s,
            };
            // `base`, else `base-1`, `base-2`…: each base remembers its next number, so that
            // many equal headings cost no more than different ones.
            let mut id = base.clone();
            if !g.ids.insert(id.clone()) {
                let n = g.next_suffix.entry(base.clone()).or_insert(1);
                loop {
                    id = format!("{base}-{n}");
                    *n += 1;
                    if g.ids.insert(id.clone()) {
                        break;
                    }
                }
            }
            g.toc.push(TocEntry {
                level: level as u8,
                id: id.clone(),
                text: htext.trim().to_string(),
            });
            out.push_back(Event::Start(Tag::Heading {
                level,
                id: Some(CowStr::from(id)),
                classes: Vec::new(),
                attrs: Vec::new(),
            }));
            out.extend(inner);
            out.push_back(Event::End(TagEnd::Heading(level)));
        }
        ev => {
            if let Some((_, inner, htext)) = g.heading.as_mut() {
                if let Event::Text(t) | Event::Code(t) = &ev {
                    htext.push_str(t);
                }
                inner.push(ev);
            } else {
                out.push_back(ev);
            }
        }
    }
}

/// Removes scripts, event handlers and unsafe URLs from rendered HTML, keeping what Markdown
/// produces (heading ids, task checkboxes, table alignment, footnotes).
pub fn sanitize(html: &str) -> String {
    let mut b = ammonia::Builder::default();
    b.add_generic_attributes(["id", "class", "title", "lang"])
        .add_tags([
            "input",
            "details",
            "summary",
            "kbd",
            "mark",
            "figure",
            "figcaption",
            "section",
            "label",
        ])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .add_tag_attributes("td", ["style"])
        .add_tag_attributes("th", ["style"])
        .add_tag_attributes("a", ["href"])
        .url_schemes(["http", "https", "mailto", "tel"].into_iter().collect())
        .link_rel(None);
    b.clean(html).to_string()
}

#[cfg(test)]
mod tests;
