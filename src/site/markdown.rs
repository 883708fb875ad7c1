//! Markdown to HTML for the site: the parts of a journal its audience may see (already cut and
//! anonymised by `audience`) rendered with unique heading ids and a table of contents, links to
//! another journal rewritten to its page, links to other files resolved through the site's
//! `LinkResolver` (which decides what may be copied), unsafe URLs dropped, and raw HTML
//! sanitised (ammonia) on the pages that contain any. In a public build the URLs of raw HTML go
//! through the same resolution as Markdown links.

use crate::audience::Ev;
use crate::audience::anonymize::{is_inline_end, is_inline_tag, is_url_attribute};
use crate::audience::html::{self, Edit, Piece};
use crate::audience::links::{Target, classify};
use crate::text::slugify;
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// A link the renderer could not follow, at a byte offset of the source, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct BrokenLink {
    pub offset: usize,
    pub target: String,
    /// `None`: no such file; `Some(reason)`: the file exists but is not published.
    pub refused: Option<String>,
}

/// What a file next to the journals becomes on the site.
#[derive(Debug, Clone)]
pub enum Asset {
    /// Its URL (relative to the site root): it is copied.
    Url(String),
    /// There is no such file in the content directory.
    Missing,
    /// It exists but this audience may not publish it (the reason, for a build warning).
    Refused(String),
}

/// How to resolve a relative link: returns the page URL (relative to the site root) of a journal,
/// `Some(None)` for a journal that has no page in this audience, `None` for no such journal.
pub trait LinkResolver {
    fn journal(&self, target: &str) -> Option<Option<String>>;

    /// What becomes of a file next to the journals, `target` being its path relative to the
    /// content directory. Resolving an asset registers it to be copied, so only the assets of
    /// rendered text reach the site.
    fn asset(&self, target: &str) -> Asset;
}

pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    /// The plain text (for the search index and summaries).
    pub text: String,
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
}

/// Where a link or image target leads on the site, or `None` (dropped; `broken` says why when
/// the author should know).
fn resolve(
    req: &Request,
    url: &str,
    image: bool,
    offset: usize,
    broken: &mut Vec<BrokenLink>,
) -> Option<String> {
    match classify(req.dir, url) {
        Target::Web(u) => Some(u),
        Target::Anchor(f) => Some(format!("#{f}")),
        Target::Refused => None,
        Target::Book { path, fragment } => {
            let frag = if fragment.is_empty() {
                String::new()
            } else {
                format!("#{fragment}")
            };
            match req.resolver.journal(&path) {
                Some(Some(page)) if !image => return Some(format!("{}{page}{frag}", req.root)),
                Some(_) => return None,
                None => {}
            }
            match req.resolver.asset(&path) {
                Asset::Url(u) => Some(format!("{}{u}", req.root)),
                Asset::Missing => {
                    broken.push(BrokenLink {
                        offset,
                        target: url.to_string(),
                        refused: None,
                    });
                    None
                }
                Asset::Refused(reason) => {
                    broken.push(BrokenLink {
                        offset,
                        target: url.to_string(),
                        refused: Some(reason),
                    });
                    None
                }
            }
        }
    }
}

/// Raw HTML of a public page with its URLs resolved like Markdown links (or dropped) and its
/// inline styles dropped (a style can load a URL).
fn public_raw_html(
    req: &Request,
    raw: &str,
    offset: usize,
    broken: &mut Vec<BrokenLink>,
) -> String {
    html::rewrite(raw, |p| match p {
        Piece::Attr { name: "style", .. } | Piece::Attr { name: "srcset", .. } => Edit::Drop,
        Piece::Attr {
            element,
            name,
            value,
        } if is_url_attribute(name) => {
            let image = element != "a" && element != "area";
            match resolve(req, value, image, offset, broken) {
                Some(url) => Edit::Replace(url),
                None => Edit::Drop,
            }
        }
        _ => Edit::Keep,
    })
}

/// What rendering gathers on the way, besides the HTML.
#[derive(Default)]
struct Gathered {
    toc: Vec<TocEntry>,
    ids: HashSet<String>,
    next_suffix: HashMap<String, usize>,
    text: String,
    first_paragraph: String,
    in_first_paragraph: Option<bool>,
    broken: Vec<BrokenLink>,
    /// Raw HTML went through (it is sanitised at the end).
    raw_html: bool,
    /// Raw HTML was shown as text (nested too deep).
    raw_html_text: bool,
    /// The heading being read: its level, events and text.
    heading: Option<(pulldown_cmark::HeadingLevel, Vec<Event<'static>>, String)>,
    /// Links and images whose target was dropped: their End event must go too.
    link_stack: Vec<bool>,
    image_stack: Vec<bool>,
}

/// Renders `events` (streamed: a journal of any size is never held as events).
pub fn render<'e>(req: Request, events: impl Iterator<Item = Ev<'e>>) -> Rendered {
    let req = &req;
    let mut g = Gathered::default();
    let mut html = String::new();
    {
        let mut queue: std::collections::VecDeque<Event<'static>> = Default::default();
        let mut input = events;
        let transformed = std::iter::from_fn(|| {
            loop {
                if let Some(e) = queue.pop_front() {
                    return Some(e);
                }
                let (event, range) = input.next()?;
                transform(req, &mut g, event.into_static(), range.start, &mut queue);
            }
        });
        pulldown_cmark::html::push_html(&mut html, LabelTasks::new(transformed));
    }
    if g.raw_html {
        html = sanitize(&html);
    }
    Rendered {
        html,
        toc: g.toc,
        text: g.text,
        first_paragraph: g.first_paragraph.trim().to_string(),
        broken: g.broken,
        raw_html_as_text: g.raw_html_text,
    }
}

/// One event on its way to HTML: links resolved, headings given ids, raw HTML checked; what is
/// ready goes to `out`.
fn transform(
    req: &Request,
    g: &mut Gathered,
    event: Event<'static>,
    offset: usize,
    out: &mut std::collections::VecDeque<Event<'static>>,
) {
    let event = match event {
        Event::Text(t) => {
            g.text.push_str(&t.replace('\n', " "));
            g.text.push(' ');
            if g.in_first_paragraph == Some(true) {
                g.first_paragraph.push_str(&t.replace('\n', " "));
            }
            Event::Text(t)
        }
        Event::Code(t) => {
            g.text.push_str(&t);
            g.text.push(' ');
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

/// Task list checkboxes get their item's text as label: `<label><input …> text</label>`, closed
/// before the first block (nested list, code block…) or at the end of the paragraph or item.
/// An unlabelled form control is a critical accessibility failure (axe-core `label`).
struct LabelTasks<I> {
    inner: I,
    open: bool,
    pending: Option<Event<'static>>,
}

impl<I> LabelTasks<I> {
    fn new(inner: I) -> LabelTasks<I> {
        LabelTasks {
            inner,
            open: false,
            pending: None,
        }
    }
}

fn is_inline_in_label(event: &Event) -> bool {
    match event {
        Event::Text(_)
        | Event::Code(_)
        | Event::InlineHtml(_)
        | Event::InlineMath(_)
        | Event::SoftBreak
        | Event::HardBreak
        | Event::FootnoteReference(_) => true,
        Event::Start(tag) => is_inline_tag(tag),
        Event::End(tag) => is_inline_end(tag),
        _ => false,
    }
}

impl<I: Iterator<Item = Event<'static>>> Iterator for LabelTasks<I> {
    type Item = Event<'static>;

    fn next(&mut self) -> Option<Event<'static>> {
        if let Some(e) = self.pending.take() {
            return Some(e);
        }
        let Some(event) = self.inner.next() else {
            if std::mem::take(&mut self.open) {
                return Some(Event::InlineHtml(CowStr::from("</label>")));
            }
            return None;
        };
        if self.open && !is_inline_in_label(&event) {
            self.open = false;
            self.pending = Some(self.label_or(event));
            return Some(Event::InlineHtml(CowStr::from("</label>")));
        }
        Some(self.label_or(event))
    }
}

impl<I> LabelTasks<I> {
    /// A task marker becomes the opening of its label; anything else goes as is.
    fn label_or(&mut self, event: Event<'static>) -> Event<'static> {
        if let Event::TaskListMarker(checked) = event {
            self.open = true;
            let checked = if checked { " checked=\"\"" } else { "" };
            Event::InlineHtml(CowStr::from(format!(
                "<label><input disabled=\"\" type=\"checkbox\"{checked}/>"
            )))
        } else {
            event
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
mod tests {
    use super::*;
    use crate::audience::anonymize::anonymize;
    use crate::audience::parts::{Parsed, Part};
    use crate::audience::{MAX_HTML_NESTING, Names};

    struct Links;
    impl LinkResolver for Links {
        fn asset(&self, target: &str) -> Asset {
            match target {
                "missions/2025/img/shot.png" => Asset::Url("assets/0123.png".to_string()),
                "missions/2025/devis.pdf" => Asset::Refused("not an image".to_string()),
                _ => Asset::Missing,
            }
        }

        fn journal(&self, target: &str) -> Option<Option<String>> {
            match target {
                "missions/2024/a.md" => Some(Some("missions/a/index.html".into())),
                "missions/2024/private.md" => Some(None),
                _ => None,
            }
        }
    }

    fn render_part(md: &str, part: Part, replace: Option<(&str, &str)>) -> Rendered {
        let parsed = Parsed::new(md, 0);
        let mut events = parsed.select(part).events;
        if let Some((name, by)) = replace {
            anonymize(md, &mut events, &Names::new([name]), Some(by), &mut |_| {});
        }
        render(
            Request {
                dir: "missions/2025",
                root: "../../",
                resolver: &Links,
                public: replace.is_some(),
                raw_html_as_text: parsed.raw_html_depth() > MAX_HTML_NESTING,
            },
            events.into_iter(),
        )
    }

    fn render_all(md: &str, replace: Option<(&str, &str)>) -> Rendered {
        render_part(md, Part::Whole, replace)
    }

    #[test]
    fn heading_ids_are_unique_and_listed() {
        let r = render_all("## Passation\n\n## Passation\n\n### Détails\n", None);
        assert!(r.html.contains("<h2 id=\"passation\">"));
        assert!(r.html.contains("<h2 id=\"passation-1\">"));
        assert!(r.html.contains("<h3 id=\"details\">"));
        assert_eq!(r.toc.len(), 3);
    }

    #[test]
    fn journal_links_are_rewritten_or_dropped() {
        let r = render_all(
            "[a](../2024/a.md#x) [p](../2024/private.md) [b](../2024/none.md) [w](https://example.org) [e](../2024/private%2Emd?x=1)",
            None,
        );
        assert!(
            r.html.contains("href=\"../../missions/a/index.html#x\""),
            "{}",
            r.html
        );
        assert!(!r.html.contains("private"), "{}", r.html);
        assert!(r.html.contains(" p "), "{}", r.html);
        assert_eq!(r.broken.len(), 1);
        assert_eq!(r.broken[0].target, "../2024/none.md");
        assert!(r.html.contains("https://example.org"));
    }

    #[test]
    fn assets_are_resolved_or_reported() {
        let r = render_all(
            "![shot](img/shot.png) ![gone](img/gone.png) [pdf](devis.pdf) ![page](../2024/a.md)",
            None,
        );
        assert!(
            r.html.contains("src=\"../../assets/0123.png\""),
            "{}",
            r.html
        );
        assert!(
            !r.html.contains("gone.png") && !r.html.contains("a.md"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("gone") && r.html.contains("page"),
            "{}",
            r.html
        );
        let targets: Vec<_> = r
            .broken
            .iter()
            .map(|b| (b.target.as_str(), b.refused.is_some()))
            .collect();
        assert_eq!(targets, vec![("img/gone.png", false), ("devis.pdf", true)]);
    }

    #[test]
    fn raw_html_urls_are_resolved_in_public() {
        let r = render_all(
            "<img src=\"../2024/private.md\" alt=\"x\"> <a href=\"devis.pdf\" style=\"background:url(secret.md)\">d</a> <img src=\"img/shot.png\">\n",
            Some(("Nobody", "x")),
        );
        assert!(!r.html.contains("private.md"), "{}", r.html);
        assert!(
            !r.html.contains("devis.pdf") && !r.html.contains("secret.md"),
            "{}",
            r.html
        );
        assert!(r.html.contains("../../assets/0123.png"), "{}", r.html);
    }

    #[test]
    fn unsafe_html_and_urls_are_removed() {
        let r = render_all(
            "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1)) [y](JaVaScRiPt:alert(2))\n\n<a href=\"javascript:alert(3)\">z</a>\n",
            None,
        );
        let lower = r.html.to_lowercase();
        assert!(!lower.contains("<script"), "{}", r.html);
        assert!(!lower.contains("onerror"), "{}", r.html);
        assert!(!lower.contains("javascript:"), "{}", r.html);
    }

    #[test]
    fn the_client_name_is_replaced() {
        let r = render_all(
            "## Chez Boutique Lumière\n\nBOUTIQUE LUMIÈRE a validé. `Boutique Lumière`\n",
            Some(("Boutique Lumière", "un e-commerçant")),
        );
        assert!(!r.html.to_lowercase().contains("lumière"), "{}", r.html);
        assert!(r.html.contains("un e-commerçant a validé"));
        assert!(r.html.contains("id=\"chez-un-e-commercant\""), "{}", r.html);
        assert!(!r.text.to_lowercase().contains("lumière"));
    }

    #[test]
    fn only_public_parts_are_rendered() {
        let md = "## Public\n\nvisible\n\n## Accès\n\nsecret\n";
        let r = render_part(md, Part::Public, None);
        assert!(r.html.contains("visible") && !r.html.contains("secret"));
    }

    #[test]
    fn a_reference_defined_in_a_private_section_is_not_followed() {
        let md = "## Public\n\n[console][c] and [shown][s] and [c]\n\n[s]: https://ok.example\n\n## Accès\n\n[c]: https://secret.example \"secret title\"\n";
        let r = render_part(md, Part::Public, None);
        assert!(!r.html.contains("secret"), "{}", r.html);
        assert!(r.html.contains("console") && r.html.contains("https://ok.example"));
        let all = render_all(md, None);
        assert!(all.html.contains("https://secret.example"), "{}", all.html);
    }

    #[test]
    fn task_checkboxes_are_labelled_by_their_item() {
        let r = render_all(
            "- [x] **Hosting** removed\n- [ ] Repo\n  - [ ] nested\n\n\n1. [ ] loose\n\n2. text\n",
            None,
        );
        let html = r.html;
        assert!(
            html.contains(
                "<li><label><input disabled=\"\" type=\"checkbox\" checked=\"\"/><strong>Hosting</strong> removed</label></li>"
            ),
            "{html}"
        );
        assert!(
            html.contains("<label><input disabled=\"\" type=\"checkbox\"/>Repo</label>\n<ul>"),
            "{html}"
        );
        assert!(
            html.contains("<p><label><input disabled=\"\" type=\"checkbox\"/>loose</label></p>"),
            "{html}"
        );
        assert_eq!(html.matches("<label>").count(), 4, "{html}");
        assert_eq!(html.matches("</label>").count(), 4, "{html}");
        // Kept by the sanitiser on pages with raw HTML.
        assert!(
            sanitize(&html).contains("<label><input"),
            "{}",
            sanitize(&html)
        );
    }

    #[test]
    fn raw_html_nested_too_deep_is_shown_as_text() {
        let md = "<div>\n".repeat(MAX_HTML_NESTING + 1);
        let r = render_all(&md, None);
        assert!(r.raw_html_as_text);
        assert!(
            r.html.contains("&lt;div&gt;") && !r.html.contains("<div>"),
            "{}",
            &r.html[..200]
        );
        let md = "<div>\n".repeat(MAX_HTML_NESTING);
        let r = render_all(&md, None);
        assert!(!r.raw_html_as_text);
        assert_eq!(
            crate::audience::parts::tag_depth("<p><br><img src=x/><b>a</b><i/></p>"),
            (0, 2)
        );
        assert_eq!(crate::audience::parts::tag_depth("<a <b <c"), (3, 3));
    }

    #[test]
    fn gfm_features() {
        let r = render_all(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n\n~~old~~ note[^1]\n\n[^1]: foot\n",
            None,
        );
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("checkbox"));
        assert!(r.html.contains("<del>old</del>"));
        assert!(r.html.contains("footnote"));
    }
}
