//! The index of a journal's Markdown body: headings and the sections they open, which element
//! each one is (by alias, after normalisation), whether a section is empty, GFM task items and
//! journal entries (headings that start with a date). Built in one pulldown-cmark pass; code
//! blocks are opaque, so task items and headings inside fences are never seen.

use crate::text::{fold, leading_date, normalize_heading};
use crate::tree::MAX_DEPTH;
use jiff::civil::Date;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::ops::Range;
use std::sync::OnceLock;

/// A built-in element of the end-of-mission practice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Element {
    Feedback,
    Lessons,
    Handover,
    Access,
    Rgpd,
    Invoices,
    Deliverables,
}

impl Element {
    pub const ALL: [Element; 7] = [
        Element::Feedback,
        Element::Lessons,
        Element::Handover,
        Element::Access,
        Element::Rgpd,
        Element::Invoices,
        Element::Deliverables,
    ];

    /// The headings that open this element's section (French, then English).
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            Element::Feedback => &[
                "Retour client",
                "Retours client",
                "Bilan client",
                "Feedback",
                "Client feedback",
            ],
            Element::Lessons => &[
                "Leçons",
                "Leçons apprises",
                "Enseignements",
                "Retour d'expérience",
                "RETEX",
                "Introspection",
                "Rétrospective",
                "Bilan de mission",
                "Lessons",
                "Lessons learned",
                "Retrospective",
            ],
            Element::Handover => &[
                "Passation",
                "Plan de transition",
                "Transition",
                "Handover",
                "Handoff",
            ],
            Element::Access => &["Accès", "Accès outils", "Access", "Tool access"],
            Element::Rgpd => &["RGPD", "Données personnelles", "GDPR", "Personal data"],
            Element::Invoices => &["Factures", "Facturation", "Invoices", "Billing"],
            Element::Deliverables => &[
                "Livrables",
                "Fichiers transmis",
                "Documents transmis",
                "Deliverables",
            ],
        }
    }

    /// The heading `debrief new` writes for this element.
    pub fn heading(self, lang: crate::i18n::Lang) -> &'static str {
        match lang {
            crate::i18n::Lang::Fr => self.aliases()[0],
            crate::i18n::Lang::En => match self {
                Element::Feedback => "Client feedback",
                Element::Lessons => "Lessons learned",
                Element::Handover => "Handover",
                Element::Access => "Access",
                Element::Rgpd => "GDPR",
                Element::Invoices => "Invoices",
                Element::Deliverables => "Deliverables",
            },
        }
    }

    /// The elements whose sections a public build never shows (what else is private is decided
    /// by `audience::parts`, from these).
    pub fn is_private(self) -> bool {
        matches!(self, Element::Access | Element::Rgpd | Element::Invoices)
    }

    /// The element a normalised heading names, if any.
    pub fn from_normalized(norm: &str) -> Option<Element> {
        static TABLE: OnceLock<Vec<(String, Element)>> = OnceLock::new();
        let table = TABLE.get_or_init(|| {
            Element::ALL
                .into_iter()
                .flat_map(|e| e.aliases().iter().map(move |a| (normalize_heading(a), e)))
                .collect()
        });
        table.iter().find(|(a, _)| a == norm).map(|(_, e)| *e)
    }
}

/// A heading and the section it opens.
#[derive(Debug, Clone, PartialEq)]
pub struct Heading {
    pub level: u8,
    /// The heading's text as written (inline markup removed).
    pub text: String,
    /// `text` normalised for alias matching.
    pub norm: String,
    pub element: Option<Element>,
    /// Byte range of the heading itself in the file.
    pub range: Range<usize>,
    /// Byte range of the section's content: after the heading up to the next heading of the same
    /// or a higher level (deeper headings stay inside).
    pub content: Range<usize>,
    /// No text but headings, HTML comments and at most one placeholder.
    pub empty: bool,
    /// The date the heading starts with, when it is a journal entry.
    pub date: Option<Date>,
}

/// A GFM task list item.
#[derive(Debug, Clone, PartialEq)]
pub struct Task {
    pub checked: bool,
    /// Byte offset of the `[ ]` marker in the file.
    pub offset: usize,
    /// The item's text (first line), for messages.
    pub text: String,
}

/// The index of a journal body.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Body {
    /// Byte offset in the file where the body starts.
    pub start: usize,
    pub headings: Vec<Heading>,
    pub tasks: Vec<Task>,
    /// Where the body first nests deeper than `MAX_DEPTH` (see `Nesting`), if it does.
    pub too_deep: Option<usize>,
    /// The pieces every parse of the body reads it in (`pieces`): one, unless it is long.
    pub pieces: Vec<Range<usize>>,
}

impl Body {
    /// The sections that match `element`.
    pub fn sections(&self, element: Element) -> impl Iterator<Item = &Heading> {
        self.headings
            .iter()
            .filter(move |h| h.element == Some(element))
    }

    /// True when some section of `element` has content.
    pub fn has_content(&self, element: Element) -> bool {
        self.sections(element).any(|h| !h.empty)
    }

    /// True when a non-empty section's heading normalises to one of `norms`.
    pub fn has_content_under(&self, norms: &[String]) -> bool {
        self.headings
            .iter()
            .any(|h| !h.empty && norms.contains(&h.norm))
    }

    /// True when byte `offset` lies inside a section of `element`.
    pub fn in_element(&self, element: Element, offset: usize) -> bool {
        self.sections(element)
            .any(|h| h.content.start <= offset && offset < h.content.end)
    }

    /// Journal entries: headings that start with a date.
    pub fn entries(&self) -> impl Iterator<Item = (&Heading, Date)> {
        self.headings.iter().filter_map(|h| h.date.map(|d| (h, d)))
    }
}

/// The options of the index's parse: only task lists change what the index sees; tables,
/// footnotes and strikethrough would cost parsing time for the same text and headings.
pub fn index_options() -> Options {
    Options::ENABLE_TASKLISTS | Options::ENABLE_HEADING_ATTRIBUTES
}

pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_HEADING_ATTRIBUTES
}

const PLACEHOLDERS: &[&str] = &["todo", "tbd", "a faire", "a completer", "...", "…", "-"];

/// How much text of a segment is kept: only short texts can be placeholders.
const KEEP: usize = 24;

/// Appends the words of `s` to the text `text[start..]`, one space apart; true once that text is
/// longer than `KEEP` (the rest of `s` is then left out).
fn push_words(text: &mut String, start: usize, s: &str) -> bool {
    for word in s.split_whitespace() {
        if text.len() > start {
            text.push(' ');
        }
        text.push_str(word);
        if text.len() - start > KEEP {
            return true;
        }
    }
    false
}

/// The texts of the segments between headings (the first is before any heading), each cut
/// after `KEEP` bytes, one after the other in one buffer.
#[derive(Debug, Default)]
struct Segments {
    text: String,
    /// Per segment: where its text starts in `text`, and whether it is longer than `KEEP`.
    marks: Vec<(usize, bool)>,
}

impl Segments {
    /// Starts the next segment.
    fn open(&mut self) {
        self.marks.push((self.text.len(), false));
    }

    /// Adds text to the last segment.
    fn push(&mut self, s: &str) {
        if let Some((start, long)) = self.marks.last_mut()
            && !*long
        {
            *long = push_words(&mut self.text, *start, s);
        }
    }

    /// Segment `i`'s text, and whether it is long.
    fn get(&self, i: usize) -> (&str, bool) {
        let (start, long) = self.marks[i];
        let end = self.marks.get(i + 1).map_or(self.text.len(), |m| m.0);
        (&self.text[start..end], long)
    }
}

fn strip_html_comments(html: &str, in_comment: &mut bool, out: &mut String) {
    let mut rest = html;
    loop {
        if *in_comment {
            match rest.find("-->") {
                Some(i) => {
                    rest = &rest[i + 3..];
                    *in_comment = false;
                }
                None => return,
            }
        } else {
            match rest.find("<!--") {
                Some(i) => {
                    out.push_str(&rest[..i]);
                    rest = &rest[i + 4..];
                    *in_comment = true;
                }
                None => {
                    out.push_str(rest);
                    return;
                }
            }
        }
    }
}

/// How deep the HTML of a body nests, as the index reads it: each Markdown element (a block
/// quote, a list and each of its items, emphasis, a link…) is one level, and so is each raw HTML
/// element left open (not counting void elements, nor those whose end tag is optional, which the
/// next sibling closes). A raw tag's name is read up to the first character that cannot be in it.
/// HTML comments are skipped.
#[derive(Debug, Default)]
struct Nesting {
    markdown: usize,
    html: usize,
    in_comment: bool,
    too_deep: Option<usize>,
}

impl Nesting {
    fn event(&mut self, event: &Event, offset: usize) {
        let peak = match event {
            Event::Start(_) => {
                self.markdown += 1;
                self.markdown + self.html
            }
            Event::End(_) => {
                self.markdown = self.markdown.saturating_sub(1);
                0
            }
            Event::Html(t) | Event::InlineHtml(t) => self.markdown + self.raw(t),
            _ => 0,
        };
        if peak > MAX_DEPTH && self.too_deep.is_none() {
            self.too_deep = Some(offset);
        }
    }

    /// Follows the tags of `html` opened and closed; returns the most open at any point.
    fn raw(&mut self, html: &str) -> usize {
        let mut peak = self.html;
        let mut rest = html;
        loop {
            if self.in_comment {
                let Some(end) = rest.find("-->") else { break };
                rest = &rest[end + 3..];
                self.in_comment = false;
            }
            let Some(lt) = rest.find('<') else { break };
            rest = &rest[lt + 1..];
            if let Some(after) = rest.strip_prefix("!--") {
                rest = after;
                self.in_comment = true;
                continue;
            }
            let (close, tag) = match rest.strip_prefix('/') {
                Some(t) => (true, t),
                None => (false, rest),
            };
            if !tag.starts_with(|c: char| c.is_ascii_alphabetic()) {
                continue;
            }
            let len = tag
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                .unwrap_or(tag.len());
            let name = tag[..len].to_ascii_lowercase();
            let self_closing = tag[len..]
                .find('>')
                .is_some_and(|gt| tag[len..len + gt].ends_with('/'));
            rest = &tag[len..];
            if never_nests(&name) {
                continue;
            }
            if close {
                self.html = self.html.saturating_sub(1);
            } else if !self_closing {
                self.html += 1;
                peak = peak.max(self.html);
            }
        }
        peak
    }
}

/// HTML elements that never hold others (void), or whose end tag is optional because the next
/// one of their kind closes them: they do not make a page deeper.
fn never_nests(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "source"
            | "track"
            | "wbr"
            | "param"
            | "p"
            | "li"
            | "dt"
            | "dd"
            | "option"
            | "optgroup"
            | "tr"
            | "td"
            | "th"
            | "thead"
            | "tbody"
            | "tfoot"
            | "colgroup"
            | "caption"
            | "rb"
            | "rt"
            | "rtc"
            | "rp"
            | "html"
            | "head"
            | "body"
    )
}

/// Indexes the body of `source`, which starts at byte `start`.
pub fn index(source: &str, start: usize) -> Body {
    let body = &source[start..];
    let mut headings: Vec<Heading> = Vec::new();
    let mut segments = Segments::default();
    segments.open();
    let mut tasks = Vec::new();
    // The text of the heading being read, if one is.
    let mut in_heading = false;
    let mut heading_text = String::new();
    let mut task_text: Option<usize> = None;
    let mut in_comment = false;
    let mut html = String::new();
    let mut nesting = Nesting::default();

    let pieces = super::pieces::split(source, start);
    for (event, range) in super::pieces::events(source, &pieces, index_options()) {
        nesting.event(&event, range.start);
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                in_heading = true;
                heading_text.clear();
                headings.push(Heading {
                    level: level as u8,
                    text: String::new(),
                    norm: String::new(),
                    element: None,
                    range: range.clone(),
                    content: range.end..source.len(),
                    empty: true,
                    date: None,
                });
                segments.open();
            }
            Event::End(TagEnd::Heading(_)) => {
                if std::mem::take(&mut in_heading)
                    && let Some(h) = headings.last_mut()
                {
                    let text = &heading_text;
                    h.norm = normalize_heading(text);
                    h.element = Element::from_normalized(&h.norm);
                    h.date = leading_date(text.trim_start());
                    h.text = text.trim().to_string();
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if in_heading {
                    heading_text.push_str(&t);
                } else {
                    if let Some(i) = task_text {
                        let task: &mut Task = &mut tasks[i];
                        task.text.push_str(&t);
                    }
                    segments.push(&t);
                }
            }
            Event::Html(t) | Event::InlineHtml(t) if !in_heading => {
                html.clear();
                strip_html_comments(&t, &mut in_comment, &mut html);
                segments.push(&html);
            }
            Event::TaskListMarker(checked) => {
                tasks.push(Task {
                    checked,
                    offset: range.start,
                    text: String::new(),
                });
                task_text = Some(tasks.len() - 1);
            }
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph) => {
                task_text = None;
            }
            Event::End(TagEnd::Item) => task_text = None,
            Event::FootnoteReference(_) | Event::InlineMath(_) | Event::DisplayMath(_) => {
                segments.push("x");
            }
            Event::Start(Tag::Image { .. }) => {
                segments.push("image");
            }
            _ => {}
        }
    }

    // Section ends and emptiness: a section spans its own segment and those of deeper headings.
    let n = headings.len();
    let mut joined = String::new();
    for i in 0..n {
        let level = headings[i].level;
        let end_idx = (i + 1..n)
            .find(|&j| headings[j].level <= level)
            .unwrap_or(n);
        headings[i].content.end = headings
            .get(end_idx)
            .map_or(source.len(), |h| h.range.start);
        joined.clear();
        let long = (i + 1..end_idx + 1).any(|k| {
            let (text, long) = segments.get(k);
            long || push_words(&mut joined, 0, text)
        });
        headings[i].empty = !long && is_placeholder(&joined);
    }
    for task in &mut tasks {
        let trimmed = task.text.trim();
        if trimmed.len() != task.text.len() {
            task.text = trimmed.to_string();
        }
    }
    // The index reads no footnotes, but the site does, and a footnote definition holds blocks
    // (`[^1]: > > > …`): a body that may have one is measured again as the site parses it.
    if nesting.too_deep.is_none() && body.contains("[^") {
        nesting = Nesting::default();
        for (event, range) in Parser::new_ext(body, markdown_options()).into_offset_iter() {
            nesting.event(&event, range.start + start);
            if nesting.too_deep.is_some() {
                break;
            }
        }
    }
    // Grown by doubling: a long journal must not keep the slack.
    headings.shrink_to_fit();
    tasks.shrink_to_fit();
    Body {
        start,
        headings,
        tasks,
        too_deep: nesting.too_deep,
        pieces,
    }
}

fn is_placeholder(text: &str) -> bool {
    let text = text.trim();
    text.is_empty() || PLACEHOLDERS.contains(&fold(text).as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(md: &str) -> Body {
        index(md, 0)
    }

    fn element_of(heading: &str) -> Option<Element> {
        body(&format!("## {heading}\n\ntext\n")).headings[0].element
    }

    #[test]
    fn nesting_deeper_than_max_depth_is_found_where_it_starts() {
        // 63 block quotes and their paragraph: 64 levels.
        let ok = format!("intro\n\n{}x\n", "> ".repeat(MAX_DEPTH - 1));
        assert_eq!(body(&ok).too_deep, None);
        let deep = format!("intro\n\n{}x\n", "> ".repeat(MAX_DEPTH));
        assert_eq!(body(&deep).too_deep, Some(7 + 2 * MAX_DEPTH));
        // A list and its item are two levels.
        let list = format!("{}x\n", "- ".repeat(MAX_DEPTH / 2 + 1));
        assert_eq!(body(&list).too_deep, Some(MAX_DEPTH));
        // Raw HTML: open elements count, in a block or inline, across blocks.
        for deep in [
            "<div>".repeat(100),
            format!("a {}b", "<span>".repeat(100)),
            format!(
                "{}\n\ntext\n\n{}",
                "<div>".repeat(40),
                "<section>".repeat(40)
            ),
        ] {
            assert!(body(&deep).too_deep.is_some(), "{deep}");
        }
        // In a footnote definition, which the index does not read but the site does.
        let footnote = format!("Text[^1].\n\n[^1]: {}x\n", "> ".repeat(100));
        assert_eq!(body(&footnote).too_deep, Some(17 + 2 * 63));
        // Closed, void, self-closed, closed by their next sibling, or in a comment: flat.
        for flat in [
            "<div></div>".repeat(1000),
            "<p>a<li>b<br><img src=x><hr/><td>".repeat(1000),
            "<x-y/>".repeat(1000),
            format!("<!-- {} -->", "<div>".repeat(1000)),
            format!("<!--\n\n{}\n\n-->", "<div>".repeat(1000)),
            "a < b, 1 <2, <3\n".repeat(1000),
        ] {
            assert_eq!(body(&flat).too_deep, None, "{flat}");
        }
    }

    #[test]
    fn every_alias_matches_its_element() {
        for e in Element::ALL {
            for alias in e.aliases() {
                assert_eq!(element_of(alias), Some(e), "{alias}");
                assert_eq!(element_of(&alias.to_uppercase()), Some(e), "{alias}");
            }
        }
    }

    #[test]
    fn alias_variants() {
        assert_eq!(element_of("🔁 retour CLIENT :"), Some(Element::Feedback));
        assert_eq!(element_of("Livrables :"), Some(Element::Deliverables));
        assert_eq!(element_of("Retour d’expérience"), Some(Element::Lessons));
        assert_eq!(element_of("LECONS APPRISES"), Some(Element::Lessons));
        assert_eq!(element_of("✍️ Passation"), Some(Element::Handover));
        assert_eq!(element_of("*Accès*   outils"), Some(Element::Access));
        assert_eq!(element_of("Données personnelles (RGPD)"), None);
        assert_eq!(element_of("Passation 2"), None);
    }

    #[test]
    fn empty_and_placeholder_sections() {
        for content in [
            "",
            "TODO",
            "todo",
            "A compléter",
            "à faire",
            "...",
            "…",
            "-",
            "<!-- à remplir -->",
            "<!-- x -->\nTBD\n",
        ] {
            let b = body(&format!("## Passation\n\n{content}\n\n## Accès\n\nok\n"));
            assert!(b.headings[0].empty, "{content:?}");
            assert!(!b.headings[1].empty);
        }
        for content in ["TODO TODO", "Remis le 2025-06-25", "- [x] GTM", "`code`"] {
            let b = body(&format!("## Passation\n\n{content}\n"));
            assert!(!b.headings[0].empty, "{content:?}");
        }
    }

    #[test]
    fn deeper_headings_stay_in_the_section() {
        let b = body("## Passation\n\n### Détail\n\nRemis.\n\n## Accès\n\n- [ ] GTM\n");
        assert!(!b.headings[0].empty);
        assert!(!b.headings[1].empty);
        assert_eq!(b.headings[0].content.end, b.headings[2].range.start);
        assert!(b.in_element(Element::Access, b.tasks[0].offset));
        assert!(!b.in_element(Element::Handover, b.tasks[0].offset));
    }

    #[test]
    fn task_items_everywhere_but_in_code() {
        let md = "- [ ] a\n* [x] b\n+ [X] c\n1. [ ] d\n- item\n  - [ ] nested\n\n```\n- [ ] fenced\n```\n\n    - [ ] indented code\n";
        let b = body(md);
        let t: Vec<_> = b
            .tasks
            .iter()
            .map(|t| (t.checked, t.text.as_str()))
            .collect();
        assert_eq!(
            t,
            vec![
                (false, "a"),
                (true, "b"),
                (true, "c"),
                (false, "d"),
                (false, "nested")
            ]
        );
    }

    #[test]
    fn journal_entries() {
        let b = body(
            "## Journal\n### 2025-01-15 — Lancement\n### 2025-02-30 oops\n```\n# 2025-01-01 code\n```\n#### 2025-03-01\n",
        );
        let dates: Vec<_> = b.entries().map(|(_, d)| d.to_string()).collect();
        assert_eq!(dates, vec!["2025-01-15", "2025-03-01"]);
    }

    #[test]
    fn crlf_bodies() {
        let b = body("## Passation\r\n\r\nTODO\r\n\r\n## Accès\r\n\r\n- [ ] GTM\r\n");
        assert!(b.headings[0].empty);
        assert_eq!(b.tasks.len(), 1);
    }
}
