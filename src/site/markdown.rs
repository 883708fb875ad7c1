//! Markdown to HTML for the site: pulldown-cmark with GFM, unique heading ids and a table of
//! contents, links to another journal's `.md` rewritten to its page, unsafe URLs neutralised, the
//! client's name replaced where the audience requires it, and raw HTML sanitised (ammonia) on the
//! pages that contain any. It renders only the byte ranges it is given, so private sections are
//! never even turned into HTML in a public build.

use super::view::substitute_name;
use crate::journal::sections::markdown_options;
use crate::text::slugify;
use pulldown_cmark::{CowStr, Event, LinkType, Parser, Tag, TagEnd};
use serde::Serialize;
use std::collections::HashSet;
use std::ops::Range;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// A link the renderer could not resolve, at a byte offset of the source.
#[derive(Debug, Clone, PartialEq)]
pub struct BrokenLink {
    pub offset: usize,
    pub target: String,
}

/// How to resolve a relative link: returns the page URL (relative to the site root) of a journal,
/// `Some(None)` for a journal that has no page in this audience, `None` for no such journal.
pub trait LinkResolver {
    fn journal(&self, target: &str) -> Option<Option<String>>;

    /// The site URL (relative to the root) of a file next to the journals, `target` being its
    /// path relative to the content directory; `None` when there is no such file. Resolving an
    /// asset registers it to be copied, so only the assets of rendered text reach the site.
    fn asset(&self, target: &str) -> Option<String>;
}

pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    /// The plain text (for the search index and summaries).
    pub text: String,
    /// The first paragraph's text.
    pub first_paragraph: String,
    pub broken: Vec<BrokenLink>,
}

pub struct Request<'a> {
    pub source: &'a str,
    /// Where the Markdown body starts in `source`.
    pub body_start: usize,
    /// Only events starting inside these ranges are rendered.
    pub include: &'a [Range<usize>],
    /// `(name, replacement)`: whole-word, case-insensitive substitution in every text.
    pub replace: Option<(&'a str, &'a str)>,
    /// The mission file's directory relative to the content dir (`missions/2025`), to resolve
    /// relative links.
    pub dir: &'a str,
    /// `../` repeated to reach the site root from the page.
    pub root: &'a str,
    pub resolver: &'a dyn LinkResolver,
    /// Heading level offset: lessons rendered under a page's own headings go one level down.
    pub demote: u8,
}

fn substitute(text: &str, replace: Option<(&str, &str)>) -> String {
    match replace {
        Some((name, by)) => substitute_name(text, name, by),
        None => text.to_string(),
    }
}

fn safe_url(url: &str) -> bool {
    let lower: String = url
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    match lower.split_once(':') {
        Some((scheme, _))
            if !scheme.contains('/') && !scheme.contains('#') && !scheme.contains('?') =>
        {
            matches!(scheme, "http" | "https" | "mailto" | "tel")
        }
        _ => true,
    }
}

/// Joins a relative link to the directory of the journal, resolving `.` and `..`.
pub fn join(dir: &str, link: &str) -> Option<String> {
    let mut parts: Vec<&str> = if link.starts_with('/') {
        Vec::new()
    } else {
        dir.split('/').filter(|p| !p.is_empty()).collect()
    };
    for seg in link.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

fn is_relative(url: &str) -> bool {
    !url.is_empty()
        && !url.starts_with('#')
        && !url.contains("://")
        && !url.starts_with("mailto:")
        && !url.starts_with("tel:")
        && !url.starts_with("//")
}

pub fn render(req: &Request) -> Rendered {
    let body = &req.source[req.body_start..];
    let inside = |offset: usize| req.include.iter().any(|r| r.contains(&offset));
    let mut events: Vec<Event> = Vec::new();
    let mut toc = Vec::new();
    let mut ids: HashSet<String> = HashSet::new();
    let mut text = String::new();
    let mut first_paragraph = String::new();
    let mut in_first_paragraph = None::<bool>;
    let mut broken = Vec::new();
    let mut raw_html = false;
    let mut heading: Option<(usize, Vec<Event>, String)> = None;
    // Links we dropped (target without a page): their End event must go too.
    let mut dropped_links = 0usize;
    let mut link_stack: Vec<bool> = Vec::new();

    let parser = Parser::new_ext(body, markdown_options());
    // A reference link takes its URL and title from its definition, which may sit in a part of
    // the file that is not rendered (a private section): such a link is dropped, its text kept.
    let label = |l: &str| {
        l.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let shown_definitions: HashSet<String> = parser
        .reference_definitions()
        .iter()
        .filter(|(_, d)| inside(d.span.start + req.body_start))
        .map(|(l, _)| label(l))
        .collect();
    let hidden_definition = |link_type: LinkType, id: &str| {
        matches!(
            link_type,
            LinkType::Reference | LinkType::Collapsed | LinkType::Shortcut
        ) && !shown_definitions.contains(&label(id))
    };
    // Consecutive texts and soft line breaks are merged into one text, so that a client's name
    // wrapped over two lines is found and replaced (a soft break is rendered as a newline).
    let mut shown: Vec<(Event, usize)> = Vec::new();
    for (event, range) in parser.into_offset_iter() {
        let offset = range.start + req.body_start;
        if !inside(offset) {
            continue;
        }
        match (event, shown.last_mut()) {
            (Event::Text(t), Some((Event::Text(prev), _))) => {
                *prev = CowStr::from(format!("{prev}{t}"));
            }
            (Event::SoftBreak, Some((Event::Text(prev), _))) => {
                *prev = CowStr::from(format!("{prev}\n"));
            }
            (event, _) => shown.push((event, offset)),
        }
    }
    for (event, offset) in shown {
        let event = match event {
            Event::Text(t) => {
                let t = substitute(&t, req.replace);
                let plain = t.replace('\n', " ");
                text.push_str(&plain);
                text.push(' ');
                if in_first_paragraph == Some(true) {
                    first_paragraph.push_str(&plain);
                }
                Event::Text(CowStr::from(t))
            }
            Event::Code(t) => {
                let t = substitute(&t, req.replace);
                text.push_str(&t);
                text.push(' ');
                if in_first_paragraph == Some(true) {
                    first_paragraph.push_str(&t);
                }
                Event::Code(CowStr::from(t))
            }
            Event::Html(t) => {
                raw_html = true;
                Event::Html(CowStr::from(substitute(&t, req.replace)))
            }
            Event::InlineHtml(t) => {
                raw_html = true;
                Event::InlineHtml(CowStr::from(substitute(&t, req.replace)))
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
            }) => {
                let url = dest_url.to_string();
                let (path, fragment) = url
                    .split_once('#')
                    .map_or((url.as_str(), ""), |(p, f)| (p, f));
                let target = if !safe_url(&url) || hidden_definition(link_type, &id) {
                    Err(())
                } else if is_relative(&url) && path.ends_with(".md") {
                    let joined = join(req.dir, path);
                    match joined.as_deref().and_then(|j| req.resolver.journal(j)) {
                        Some(Some(page)) => {
                            let frag = if fragment.is_empty() {
                                String::new()
                            } else {
                                format!("#{fragment}")
                            };
                            Ok(format!("{}{page}{frag}", req.root))
                        }
                        Some(None) => Err(()),
                        None => {
                            broken.push(BrokenLink {
                                offset,
                                target: url.clone(),
                            });
                            Err(())
                        }
                    }
                } else if is_relative(&url) {
                    let query_less = path.split_once('?').map_or(path, |(p, _)| p);
                    match join(req.dir, query_less).and_then(|j| req.resolver.asset(&j)) {
                        Some(asset) => {
                            let frag = if fragment.is_empty() {
                                String::new()
                            } else {
                                format!("#{fragment}")
                            };
                            Ok(format!("{}{asset}{frag}", req.root))
                        }
                        None => {
                            broken.push(BrokenLink {
                                offset,
                                target: url.clone(),
                            });
                            Err(())
                        }
                    }
                } else {
                    Ok(url.clone())
                };
                match target {
                    Ok(dest) => {
                        link_stack.push(true);
                        Event::Start(Tag::Link {
                            link_type,
                            dest_url: CowStr::from(dest),
                            title,
                            id,
                        })
                    }
                    Err(()) => {
                        link_stack.push(false);
                        dropped_links += 1;
                        continue;
                    }
                }
            }
            Event::End(TagEnd::Link) => {
                if link_stack.pop() == Some(false) {
                    dropped_links -= 1;
                    continue;
                }
                Event::End(TagEnd::Link)
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let hidden = hidden_definition(link_type, &id);
                let dest = if !safe_url(&dest_url) || hidden {
                    CowStr::from("")
                } else if is_relative(&dest_url) {
                    match join(req.dir, &dest_url).and_then(|j| req.resolver.asset(&j)) {
                        Some(asset) => CowStr::from(format!("{}{asset}", req.root)),
                        None => {
                            broken.push(BrokenLink {
                                offset,
                                target: dest_url.to_string(),
                            });
                            CowStr::from("")
                        }
                    }
                } else {
                    dest_url
                };
                Event::Start(Tag::Image {
                    link_type,
                    dest_url: dest,
                    title: if hidden { CowStr::from("") } else { title },
                    id,
                })
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
                    let mut id = base.clone();
                    let mut n = 1;
                    while !ids.insert(id.clone()) {
                        id = format!("{base}-{n}");
                        n += 1;
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
    let _ = dropped_links;
    let events = label_task_items(events);
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    if raw_html {
        html = sanitize(&html);
    }
    Rendered {
        html,
        toc,
        text,
        first_paragraph: first_paragraph.trim().to_string(),
        broken,
    }
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

    struct Links;
    impl LinkResolver for Links {
        fn asset(&self, target: &str) -> Option<String> {
            (target == "missions/2025/img/shot.png").then(|| "assets/0123.png".to_string())
        }

        fn journal(&self, target: &str) -> Option<Option<String>> {
            match target {
                "missions/2024/a.md" => Some(Some("missions/a/index.html".into())),
                "missions/2024/private.md" => Some(None),
                _ => None,
            }
        }
    }

    fn render_all(md: &str, replace: Option<(&str, &str)>) -> Rendered {
        render(&Request {
            source: md,
            body_start: 0,
            include: &[0..md.len()],
            replace,
            dir: "missions/2025",
            root: "../../",
            resolver: &Links,
            demote: 0,
        })
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
            "[a](../2024/a.md#x) [p](../2024/private.md) [b](../2024/none.md) [w](https://example.org)",
            None,
        );
        assert!(
            r.html.contains("href=\"../../missions/a/index.html#x\""),
            "{}",
            r.html
        );
        assert!(!r.html.contains("private"), "{}", r.html);
        assert!(
            r.html.contains(">p<") || r.html.contains(" p "),
            "{}",
            r.html
        );
        assert_eq!(r.broken.len(), 1);
        assert_eq!(r.broken[0].target, "../2024/none.md");
        assert!(r.html.contains("https://example.org"));
    }

    #[test]
    fn assets_are_resolved_or_reported() {
        let r = render_all(
            "![shot](img/shot.png) ![gone](img/gone.png) [pdf](devis.pdf)",
            None,
        );
        assert!(
            r.html.contains("src=\"../../assets/0123.png\""),
            "{}",
            r.html
        );
        assert!(!r.html.contains("gone.png"), "{}", r.html);
        let targets: Vec<_> = r.broken.iter().map(|b| b.target.as_str()).collect();
        assert_eq!(targets, vec!["img/gone.png", "devis.pdf"]);
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
        assert!(!r.text.to_lowercase().contains("lumière"));
    }

    #[test]
    fn only_included_ranges_are_rendered() {
        let md = "## Public\n\nvisible\n\n## Accès\n\nsecret\n";
        let cut = md.find("## Accès").unwrap();
        let r = render(&Request {
            source: md,
            body_start: 0,
            include: &[0..cut],
            replace: None,
            dir: "",
            root: "",
            resolver: &Links,
            demote: 0,
        });
        assert!(r.html.contains("visible") && !r.html.contains("secret"));
    }

    #[test]
    fn a_reference_defined_in_a_hidden_range_is_not_followed() {
        let md = "## Public\n\n[console][c] and [shown][s] and [c]\n\n[s]: https://ok.example\n\n## Accès\n\n[c]: https://secret.example \"secret title\"\n";
        let cut = md.find("## Accès").unwrap();
        let r = render(&Request {
            source: md,
            body_start: 0,
            include: &[0..cut],
            replace: None,
            dir: "",
            root: "",
            resolver: &Links,
            demote: 0,
        });
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
