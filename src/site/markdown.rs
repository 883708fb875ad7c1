//! Markdown to HTML for the site: the parts of a journal its audience may see (already cut and
//! anonymised by `audience`) rendered with unique heading ids and a table of contents, links to
//! another journal rewritten to its page, links to other files resolved through the site's
//! `LinkResolver` (which decides what may be copied), unsafe URLs dropped, and raw HTML
//! sanitised (ammonia) on the pages that contain any. In a public build the URLs of raw HTML go
//! through the same resolution as Markdown links.

use crate::audience::Ev;
use crate::audience::anonymize::is_url_attribute;
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

pub struct Request<'a, 'e> {
    /// The events to render, as the audience module selected them.
    pub events: Vec<Ev<'e>>,
    /// The mission file's directory relative to the content dir (`missions/2025`), to resolve
    /// relative links.
    pub dir: &'a str,
    /// `../` repeated to reach the site root from the page.
    pub root: &'a str,
    pub resolver: &'a dyn LinkResolver,
    /// Heading level offset: lessons rendered under a page's own headings go one level down.
    pub demote: u8,
    /// A public build: raw HTML URLs are resolved like Markdown links, and styles dropped.
    pub public: bool,
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

pub fn render(mut req: Request) -> Rendered {
    let input = std::mem::take(&mut req.events);
    let req = &req;
    let mut events: Vec<Event> = Vec::with_capacity(req.events.len());
    let mut toc = Vec::new();
    let mut ids: HashSet<String> = HashSet::new();
    let mut next_suffix: HashMap<String, usize> = HashMap::new();
    let mut text = String::new();
    let mut first_paragraph = String::new();
    let mut in_first_paragraph = None::<bool>;
    let mut broken = Vec::new();
    let mut raw_html = false;
    let mut heading: Option<(usize, Vec<Event>, String)> = None;
    // Links and images whose target we dropped: their End event must go too.
    let mut link_stack: Vec<bool> = Vec::new();
    let mut image_stack: Vec<bool> = Vec::new();
    for (event, range) in input {
        let offset = range.start;
        let event = match event {
            Event::Text(t) => {
                text.push_str(&t.replace('\n', " "));
                text.push(' ');
                if in_first_paragraph == Some(true) {
                    first_paragraph.push_str(&t.replace('\n', " "));
                }
                Event::Text(t)
            }
            Event::Code(t) => {
                text.push_str(&t);
                text.push(' ');
                if in_first_paragraph == Some(true) {
                    first_paragraph.push_str(&t);
                }
                Event::Code(t)
            }
            Event::Html(t) => {
                raw_html = true;
                if req.public {
                    Event::Html(CowStr::from(public_raw_html(req, &t, offset, &mut broken)))
                } else {
                    Event::Html(t)
                }
            }
            Event::InlineHtml(t) => {
                raw_html = true;
                if req.public {
                    Event::InlineHtml(CowStr::from(public_raw_html(req, &t, offset, &mut broken)))
                } else {
                    Event::InlineHtml(t)
                }
            }
            Event::SoftBreak if in_first_paragraph == Some(true) => {
                first_paragraph.push(' ');
                Event::SoftBreak
            }
            Event::Start(Tag::Paragraph) => {
                if in_first_paragraph.is_none() && heading.is_none() {
                    in_first_paragraph = Some(true);
                }
                Event::Start(Tag::Paragraph)
            }
            Event::End(TagEnd::Paragraph) => {
                if in_first_paragraph == Some(true) {
                    in_first_paragraph = Some(false);
                }
                Event::End(TagEnd::Paragraph)
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => match resolve(req, &dest_url, false, offset, &mut broken) {
                Some(dest) => {
                    link_stack.push(true);
                    Event::Start(Tag::Link {
                        link_type,
                        dest_url: CowStr::from(dest),
                        title,
                        id,
                    })
                }
                None => {
                    link_stack.push(false);
                    continue;
                }
            },
            Event::End(TagEnd::Link) => {
                if link_stack.pop() == Some(false) {
                    continue;
                }
                Event::End(TagEnd::Link)
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => match resolve(req, &dest_url, true, offset, &mut broken) {
                Some(dest) => {
                    image_stack.push(true);
                    Event::Start(Tag::Image {
                        link_type,
                        dest_url: CowStr::from(dest),
                        title,
                        id,
                    })
                }
                None => {
                    // The image goes; its description stays as text.
                    image_stack.push(false);
                    continue;
                }
            },
            Event::End(TagEnd::Image) => {
                if image_stack.pop() == Some(false) {
                    continue;
                }
                Event::End(TagEnd::Image)
            }
            other => other,
        };
        // Headings are buffered to compute their id from their text.
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some((level as usize, Vec::new(), String::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, inner, htext)) = heading.take() {
                    let level = (level + req.demote as usize).min(6);
                    let base = {
                        let s = slugify(&htext);
                        if s.is_empty() {
                            "section".to_string()
                        } else {
                            s
                        }
                    };
                    // `base`, else `base-1`, `base-2`…: each base remembers its next number, so
                    // that many equal headings cost no more than different ones.
                    let mut id = base.clone();
                    if !ids.insert(id.clone()) {
                        let n = next_suffix.entry(base.clone()).or_insert(1);
                        loop {
                            id = format!("{base}-{n}");
                            *n += 1;
                            if ids.insert(id.clone()) {
                                break;
                            }
                        }
                    }
                    let hl = heading_level(level);
                    toc.push(TocEntry {
                        level: level as u8,
                        id: id.clone(),
                        text: htext.trim().to_string(),
                    });
                    events.push(Event::Start(Tag::Heading {
                        level: hl,
                        id: Some(CowStr::from(id)),
                        classes: Vec::new(),
                        attrs: Vec::new(),
                    }));
                    events.extend(inner);
                    events.push(Event::End(TagEnd::Heading(hl)));
                }
            }
            ev => {
                if let Some((_, inner, htext)) = heading.as_mut() {
                    if let Event::Text(t) | Event::Code(t) = &ev {
                        htext.push_str(t);
                    }
                    inner.push(ev);
                } else {
                    events.push(ev);
                }
            }
        }
    }
    let events = label_task_items(events);
    let mut html = String::with_capacity(text.len() * 2);
    pulldown_cmark::html::push_html(&mut html, events.iter().cloned());
    let mut raw_html_as_text = false;
    if raw_html && nesting(&html) > MAX_HTML_NESTING {
        // Sanitising costs time in proportion to the nesting (an HTML parser checks the open
        // elements at every tag): nested that deep, the raw HTML is shown as text instead.
        raw_html_as_text = true;
        html.clear();
        pulldown_cmark::html::push_html(
            &mut html,
            events.into_iter().map(|e| match e {
                Event::Html(t) | Event::InlineHtml(t) => Event::Text(t),
                e => e,
            }),
        );
    } else if raw_html {
        html = sanitize(&html);
    }
    Rendered {
        html,
        toc,
        text,
        first_paragraph: first_paragraph.trim().to_string(),
        broken,
        raw_html_as_text,
    }
}

/// How deep raw HTML may nest elements before it is shown as text rather than sanitised.
pub const MAX_HTML_NESTING: usize = 512;

/// The deepest element nesting of `html` (void and self-closed elements do not nest), read by a
/// linear scan of its tags.
fn nesting(html: &str) -> usize {
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr",
    ];
    let b = html.as_bytes();
    let (mut depth, mut deepest) = (0usize, 0usize);
    for at in memchr::memchr_iter(b'<', b) {
        match b.get(at + 1) {
            Some(b'/') => depth = depth.saturating_sub(1),
            Some(c) if c.is_ascii_alphabetic() => {
                let name_end = b[at + 1..]
                    .iter()
                    .position(|c| !c.is_ascii_alphanumeric())
                    .map_or(b.len(), |n| at + 1 + n);
                let name = html[at + 1..name_end].to_ascii_lowercase();
                // Up to the next `>` or `<`, whichever comes first: the scan stays linear.
                let closed = memchr::memchr2(b'>', b'<', &b[name_end..]).is_some_and(|gt| {
                    b[name_end + gt] == b'>' && gt > 0 && b[name_end + gt - 1] == b'/'
                });
                if !closed && !VOID.contains(&name.as_str()) {
                    depth += 1;
                    deepest = deepest.max(depth);
                }
            }
            _ => {}
        }
    }
    deepest
}

/// Task list checkboxes get their item's text as label: `<label><input …> text</label>`, closed
/// before the first block (nested list, code block…) or at the end of the paragraph or item.
/// An unlabelled form control is a critical accessibility failure (axe-core `label`).
fn label_task_items(events: Vec<Event>) -> Vec<Event> {
    if !events.iter().any(|e| matches!(e, Event::TaskListMarker(_))) {
        return events;
    }
    let mut out = Vec::with_capacity(events.len() + 8);
    let mut open = false;
    for event in events {
        if open {
            let inline = match &event {
                Event::Text(_)
                | Event::Code(_)
                | Event::InlineHtml(_)
                | Event::InlineMath(_)
                | Event::SoftBreak
                | Event::HardBreak
                | Event::FootnoteReference(_) => true,
                Event::Start(tag) => matches!(
                    tag,
                    Tag::Emphasis
                        | Tag::Strong
                        | Tag::Strikethrough
                        | Tag::Superscript
                        | Tag::Subscript
                        | Tag::Link { .. }
                        | Tag::Image { .. }
                ),
                Event::End(tag) => matches!(
                    tag,
                    TagEnd::Emphasis
                        | TagEnd::Strong
                        | TagEnd::Strikethrough
                        | TagEnd::Superscript
                        | TagEnd::Subscript
                        | TagEnd::Link
                        | TagEnd::Image
                ),
                _ => false,
            };
            if !inline {
                out.push(Event::InlineHtml(CowStr::from("</label>")));
                open = false;
            }
        }
        if let Event::TaskListMarker(checked) = event {
            let checked = if checked { " checked=\"\"" } else { "" };
            out.push(Event::InlineHtml(CowStr::from(format!(
                "<label><input disabled=\"\" type=\"checkbox\"{checked}/>"
            ))));
            open = true;
        } else {
            out.push(event);
        }
    }
    if open {
        out.push(Event::InlineHtml(CowStr::from("</label>")));
    }
    out
}

fn heading_level(level: usize) -> pulldown_cmark::HeadingLevel {
    use pulldown_cmark::HeadingLevel::*;
    match level {
        1 => H1,
        2 => H2,
        3 => H3,
        4 => H4,
        5 => H5,
        _ => H6,
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
    use crate::audience::Names;
    use crate::audience::anonymize::anonymize;
    use crate::audience::parts::{Parsed, Part};

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
        render(Request {
            events,
            dir: "missions/2025",
            root: "../../",
            resolver: &Links,
            demote: 0,
            public: replace.is_some(),
        })
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
        assert_eq!(nesting("<p><br><img src=x/><b>a</b><i/></p>"), 2);
        assert_eq!(nesting("<a <b <c"), 3);
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
