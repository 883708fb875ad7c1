//! The parts of a journal's body an audience sees, from one pulldown-cmark parse with the
//! renderer's options. A heading is private when its text starts with a private element's alias
//! (or its singular) followed by a non-letter; a private section runs from its heading to the
//! next ATX heading of the same or a higher level that is not nested deeper than it. Setext
//! headings (`text` + `---`) never end one. Everything in a private section is dropped, whatever
//! it contains; containers left open across a cut are closed, so the result is a well-formed
//! event stream the renderer turns into HTML as is.

use crate::journal::Element;
use crate::journal::sections::markdown_options;
use crate::text::normalize_heading;
use pulldown_cmark::{CowStr, Event, LinkType, Parser, Tag, TagEnd};
use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

/// An event and its byte range in the journal file.
pub type Ev<'s> = (Event<'s>, Range<usize>);

/// Which part of a body to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// Everything (the private view).
    Whole,
    /// The body without its private sections (a case study's page).
    Public,
    /// The lessons sections, whole (the private view's lessons page).
    Lessons,
    /// The lessons sections without the private sections nested in them (the public lessons).
    PublicLessons,
}

/// The headings whose sections are never public, beyond the aliases of the private elements
/// (access, RGPD, invoices): their singulars, and where credentials are usually noted.
const PRIVATE_EXTRA: &[&str] = &[
    "Facture",
    "Invoice",
    "Donnée personnelle",
    "Accès outil",
    "Mot de passe",
    "Mots de passe",
    "Identifiant",
    "Identifiants",
    "Password",
    "Passwords",
    "Credential",
    "Credentials",
];

/// The folded prefixes that make a heading private.
fn private_prefixes() -> &'static [String] {
    static PREFIXES: OnceLock<Vec<String>> = OnceLock::new();
    PREFIXES.get_or_init(|| {
        Element::ALL
            .into_iter()
            .filter(|e| e.is_private())
            .flat_map(|e| e.aliases().iter().copied())
            .chain(PRIVATE_EXTRA.iter().copied())
            .map(heading_key)
            .collect()
    })
}

/// A heading's text folded like names (accents, look-alikes, invisible characters, case), with
/// leading symbols and punctuation (emoji, `*`) removed.
fn heading_key(text: &str) -> String {
    let folded = super::names::fold(text).text;
    folded
        .trim_start_matches(|c: char| !c.is_ascii_alphanumeric())
        .to_string()
}

/// Whether a heading with this text opens a private section.
pub fn is_private_heading(text: &str) -> bool {
    let key = heading_key(text);
    private_prefixes().iter().any(|p| {
        key.strip_prefix(p.as_str())
            .is_some_and(|rest| !rest.starts_with(|c: char| c.is_alphabetic()))
    })
}

#[derive(Debug, Clone)]
struct HeadingAt {
    /// Index of its `Start` event, and of its `End` event.
    start: usize,
    end: usize,
    level: u8,
    /// How many containers (block quotes, lists, items, footnotes) it sits in.
    depth: usize,
    atx: bool,
    private: bool,
    lessons: bool,
    /// Its byte range in the file.
    range: Range<usize>,
}

/// One parse of a journal body.
pub struct Parsed<'s> {
    events: Vec<Ev<'s>>,
    headings: Vec<HeadingAt>,
    /// Reference definitions: normalised label → byte range in the file.
    definitions: HashMap<String, Range<usize>>,
    len: usize,
}

/// A kept part: its events, and the byte ranges of the file they come from.
pub struct Selection<'s> {
    pub events: Vec<Ev<'s>>,
    pub shown: Vec<Range<usize>>,
}

fn label_key(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Raw HTML headings (`<h2>Accès</h2>`) count as headings for privacy: their level and text.
fn html_heading(html: &str) -> Option<(u8, String)> {
    let lower = html.trim_start().to_ascii_lowercase();
    let rest = lower.strip_prefix("<h")?;
    let level = rest.chars().next()?.to_digit(10)?;
    if !(1..=6).contains(&level) || !rest[1..].starts_with(|c: char| c == '>' || c.is_whitespace())
    {
        return None;
    }
    let mut text = String::new();
    super::html::visit_text(html, |t| text.push_str(t));
    Some((level as u8, text))
}

impl<'s> Parsed<'s> {
    /// Parses the body of `source` starting at `body_start`; ranges are in `source`.
    pub fn new(source: &'s str, body_start: usize) -> Parsed<'s> {
        let body = &source[body_start..];
        let parser = Parser::new_ext(body, markdown_options());
        let definitions = parser
            .reference_definitions()
            .iter()
            .map(|(label, d)| {
                (
                    label_key(label),
                    d.span.start + body_start..d.span.end + body_start,
                )
            })
            .collect();
        // Consecutive raw HTML lines of one block are one event, so a tag written over several
        // lines is read whole.
        let mut events: Vec<Ev<'s>> = Vec::with_capacity(body.len() / 16);
        for (event, range) in parser.into_offset_iter() {
            let range = range.start + body_start..range.end + body_start;
            if let (Event::Html(next), Some((Event::Html(prev), prev_range))) =
                (&event, events.last_mut())
            {
                *prev = CowStr::from(format!("{prev}{next}"));
                prev_range.end = range.end;
                continue;
            }
            events.push((event, range));
        }
        let mut headings: Vec<HeadingAt> = Vec::new();
        let mut depth = 0usize;
        let mut text: Option<String> = None;
        // A raw `<h2>` inside a paragraph: its event, level, text so far and range.
        let mut inline: Option<(usize, u8, String, Range<usize>)> = None;
        for (i, (event, range)) in events.iter().enumerate() {
            let closes_inline = match event {
                Event::InlineHtml(t) => t.trim_start().to_ascii_lowercase().starts_with("</h"),
                Event::End(TagEnd::Paragraph) => true,
                _ => false,
            };
            if closes_inline && let Some((start, level, t, range)) = inline.take() {
                if is_private_heading(&t) {
                    headings.push(HeadingAt {
                        start,
                        end: start,
                        level,
                        depth,
                        atx: true,
                        private: true,
                        lessons: false,
                        range,
                    });
                }
                continue;
            }
            match event {
                Event::Start(Tag::Heading { level, .. }) => {
                    let atx = !source[range.clone()].trim_end().contains('\n');
                    headings.push(HeadingAt {
                        start: i,
                        end: i,
                        level: *level as u8,
                        depth,
                        atx,
                        private: false,
                        lessons: false,
                        range: range.clone(),
                    });
                    text = Some(String::new());
                }
                Event::End(TagEnd::Heading(_)) => {
                    if let (Some(t), Some(h)) = (text.take(), headings.last_mut()) {
                        h.end = i;
                        h.private = is_private_heading(&t);
                        h.lessons = Element::from_normalized(&normalize_heading(&t))
                            == Some(Element::Lessons);
                    }
                }
                Event::Text(t) | Event::Code(t) => {
                    if let Some(h) = text.as_mut() {
                        h.push_str(t);
                    } else if let Some((_, _, h, _)) = inline.as_mut() {
                        h.push_str(t);
                    }
                }
                Event::InlineHtml(t) if text.is_none() => {
                    if let Some((level, _)) = html_heading(t) {
                        inline = Some((i, level, String::new(), range.clone()));
                    }
                }
                Event::Html(t) if text.is_none() => {
                    if let Some((level, t)) = html_heading(t)
                        && is_private_heading(&t)
                    {
                        headings.push(HeadingAt {
                            start: i,
                            end: i,
                            level,
                            depth,
                            atx: true,
                            private: true,
                            lessons: false,
                            range: range.clone(),
                        });
                    }
                }
                Event::Start(t) if is_container(t) => depth += 1,
                Event::End(t) if is_container_end(t) => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        Parsed {
            events,
            headings,
            definitions,
            len: source.len(),
        }
    }

    /// The byte ranges of the HTML comments (an unclosed one runs to the end). Only real HTML
    /// counts: a `<!--` in inline code or in a code block is text that a build prints.
    pub fn comments(&self, source: &str) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut open: Option<usize> = None;
        for (event, range) in &self.events {
            if !matches!(event, Event::Html(_) | Event::InlineHtml(_)) {
                continue;
            }
            let Some(slice) = source.get(range.clone()) else {
                continue;
            };
            let mut at = 0;
            loop {
                let rest = &slice[at..];
                match open {
                    Some(from) => match rest.find("-->") {
                        Some(i) => {
                            out.push(from..range.start + at + i + 3);
                            at += i + 3;
                            open = None;
                        }
                        None => break,
                    },
                    None => match rest.find("<!--") {
                        Some(i) => {
                            open = Some(range.start + at + i);
                            at += i + 4;
                        }
                        None => break,
                    },
                }
            }
        }
        if let Some(from) = open {
            out.push(from..self.len);
        }
        out
    }

    /// The private sections: event index ranges and byte ranges.
    fn private_regions(&self) -> Vec<(Range<usize>, Range<usize>)> {
        let mut out = Vec::new();
        for (n, h) in self.headings.iter().enumerate().filter(|(_, h)| h.private) {
            let next = self.headings[n + 1..]
                .iter()
                .find(|j| j.atx && j.level <= h.level && j.depth <= h.depth);
            let (end_ev, end_byte) =
                next.map_or((self.events.len(), self.len), |j| (j.start, j.range.start));
            out.push((h.start..end_ev, h.range.start..end_byte));
        }
        out
    }

    /// The lessons sections' contents (after their heading): event and byte ranges.
    fn lessons_regions(&self) -> Vec<(Range<usize>, Range<usize>)> {
        let mut out = Vec::new();
        for (n, h) in self.headings.iter().enumerate().filter(|(_, h)| h.lessons) {
            let next = self.headings[n + 1..].iter().find(|j| j.level <= h.level);
            let (end_ev, end_byte) =
                next.map_or((self.events.len(), self.len), |j| (j.start, j.range.start));
            out.push((h.end + 1..end_ev, h.range.end..end_byte));
        }
        out
    }

    /// The events of `part`, well formed, with the byte ranges they come from.
    pub fn select(&self, part: Part) -> Selection<'s> {
        let n = self.events.len();
        let mut keep = match part {
            Part::Whole | Part::Public => vec![true; n],
            Part::Lessons | Part::PublicLessons => vec![false; n],
        };
        let mut shown: Vec<Range<usize>> = match part {
            Part::Whole | Part::Public => vec![0..self.len],
            Part::Lessons | Part::PublicLessons => Vec::new(),
        };
        if matches!(part, Part::Lessons | Part::PublicLessons) {
            for (events, bytes) in self.lessons_regions() {
                for k in &mut keep[events] {
                    *k = true;
                }
                shown.push(bytes);
            }
        }
        if matches!(part, Part::Public | Part::PublicLessons) {
            let private = self.private_regions();
            for (events, _) in &private {
                for k in &mut keep[events.clone()] {
                    *k = false;
                }
            }
            let cuts: Vec<Range<usize>> = private.into_iter().map(|(_, b)| b).collect();
            shown = shown
                .into_iter()
                .flat_map(|r| crate::text::subtract(r, &cuts))
                .collect();
        }
        shown.sort_by_key(|r| r.start);
        let visible = |offset: usize| shown.iter().any(|r| r.contains(&offset));
        // A reference link takes its URL and title from its definition: when the definition is
        // in a part not shown, the link's text stays and its target goes.
        let hidden_definition = |link_type: LinkType, id: &str| {
            matches!(
                link_type,
                LinkType::Reference | LinkType::Collapsed | LinkType::Shortcut
            ) && self
                .definitions
                .get(&label_key(id))
                .is_none_or(|d| !visible(d.start))
        };
        let mut out = Vec::with_capacity(n);
        let mut open: Vec<bool> = Vec::new();
        for (i, (event, range)) in self.events.iter().enumerate() {
            // Containers follow their start: a kept start gets its end even when the end
            // falls in a dropped part, and an end whose start was dropped goes too.
            let shown = match event {
                Event::Start(_) => {
                    open.push(keep[i]);
                    keep[i]
                }
                Event::End(_) => open.pop() == Some(true),
                _ => keep[i],
            };
            if !shown {
                continue;
            }
            let mut event = event.clone();
            match &mut event {
                // The renderer makes its own ids; written ones (and classes) are not kept.
                Event::Start(Tag::Heading {
                    id, classes, attrs, ..
                }) => {
                    *id = None;
                    classes.clear();
                    attrs.clear();
                }
                Event::Start(
                    Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }
                    | Tag::Image {
                        link_type,
                        dest_url,
                        title,
                        id,
                    },
                ) if hidden_definition(*link_type, id) => {
                    *dest_url = CowStr::Borrowed("");
                    *title = CowStr::Borrowed("");
                }
                _ => {}
            }
            out.push((event, range.clone()));
        }
        Selection { events: out, shown }
    }
}

fn is_container(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::BlockQuote(_) | Tag::List(_) | Tag::Item | Tag::FootnoteDefinition(_)
    )
}

fn is_container_end(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::Item | TagEnd::FootnoteDefinition
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(md: &str, part: Part) -> String {
        let parsed = Parsed::new(md, 0);
        let mut out = String::new();
        pulldown_cmark::html::push_html(
            &mut out,
            parsed.select(part).events.into_iter().map(|(e, _)| e),
        );
        out
    }

    #[test]
    fn private_headings_by_prefix_and_singular() {
        for h in [
            "Accès",
            "Accès (outils)",
            "Accès — retirés le 2 juillet",
            "Facture",
            "Factures",
            "Invoice",
            "🔐 ACCES",
            "**Accès**",
            "Ac\u{200B}cès",
            "RGPD",
            "Données personnelles",
            "Billing",
            "Mots de passe",
        ] {
            assert!(is_private_heading(h), "{h:?}");
        }
        for h in [
            "Accessibilité",
            "Passation",
            "Leçons",
            "Facturable ou pas",
            "Accessoires",
        ] {
            assert!(!is_private_heading(h), "{h:?}");
        }
    }

    #[test]
    fn a_setext_heading_does_not_end_a_private_section() {
        let md = "## Contexte\n\nPUBLIC\n\n## Accès\n\nidentifiant\n---\n\nSECRET\n\n## Leçons\n\nLESSON\n";
        let out = html(md, Part::Public);
        assert!(out.contains("PUBLIC") && out.contains("LESSON"), "{out}");
        assert!(
            !out.contains("SECRET") && !out.contains("identifiant"),
            "{out}"
        );
    }

    #[test]
    fn a_setext_heading_named_like_a_private_one_is_private_at_its_level() {
        // `Identifiants` + `---` is a private level-2 heading: its section runs to the next
        // ATX heading of level 2 or higher, over the `###` below it (its subsections).
        let md = "### Accès\n\nIdentifiants\n---\n\nSECRET1\n\n### Contexte\n\nSECRET2\n\n## Leçons\n\nLESSON\n";
        let out = html(md, Part::Public);
        assert!(!out.contains("SECRET"), "{out}");
        assert!(out.contains("LESSON"), "{out}");
    }

    #[test]
    fn a_private_heading_in_a_footnote_or_quote_is_private() {
        let md = "Texte[^1] PUBLIC\n\n[^1]: note\n\n    ## Accès\n\n    SECRET1\n\n> ## Facture\n> SECRET2\n\n## Leçons\n\nLESSON\n";
        let out = html(md, Part::Public);
        assert!(out.contains("PUBLIC") && out.contains("LESSON"), "{out}");
        assert!(!out.contains("SECRET"), "{out}");
        // Well formed: every opened block is closed.
        assert_eq!(
            out.matches("<blockquote>").count(),
            out.matches("</blockquote>").count()
        );
    }

    #[test]
    fn lessons_without_their_private_subsections() {
        let md = "## Contexte\n\nCONTEXT\n\n## Leçons\n\nLESSON1\n\n### Accès\n\nSECRET\n\n#### Sous-partie\n\nSECRET2\n\n### Suite\n\nLESSON2\n\n## Autre\n\nOTHER\n";
        let out = html(md, Part::PublicLessons);
        assert!(out.contains("LESSON1") && out.contains("LESSON2"), "{out}");
        for absent in ["CONTEXT", "SECRET", "OTHER"] {
            assert!(!out.contains(absent), "{absent}: {out}");
        }
        let all = html(md, Part::Lessons);
        assert!(all.contains("SECRET2") && !all.contains("OTHER"), "{all}");
    }

    #[test]
    fn raw_html_private_headings() {
        let md = "PUBLIC\n\n<h2>Accès</h2>\n\nSECRET\n\n## Leçons\n\nLESSON\n";
        let out = html(md, Part::Public);
        assert!(out.contains("PUBLIC") && out.contains("LESSON"), "{out}");
        assert!(!out.contains("SECRET"), "{out}");
        // Inside a paragraph too.
        let md =
            "PUBLIC <h3 class=x>Mots de passe</h3> SECRET1\n\nSECRET2\n\n## Leçons\n\nLESSON\n";
        let out = html(md, Part::Public);
        assert!(out.contains("PUBLIC") && out.contains("LESSON"), "{out}");
        assert!(!out.contains("SECRET"), "{out}");
        assert_eq!(
            out.matches("<p>").count(),
            out.matches("</p>").count(),
            "{out}"
        );
    }

    #[test]
    fn html_comments_are_html_events_only() {
        let src = "a <!-- x --> b `<!--` c <!-- two\nlines -->\n\n<!--\nbloc\n-->\n\n```\n<!-- code -->\n```\n\n<!-- open";
        let parsed = Parsed::new(src, 0);
        let found: Vec<_> = parsed.comments(src).into_iter().map(|r| &src[r]).collect();
        assert_eq!(
            found,
            vec![
                "<!-- x -->",
                "<!-- two\nlines -->",
                "<!--\nbloc\n-->",
                "<!-- open"
            ]
        );
    }

    #[test]
    fn references_defined_in_a_private_section_are_not_followed() {
        let md = "PUBLIC [console][c] [ok][s]\n\n[s]: https://ok.example\n\n## Accès\n\n[c]: https://secret.example\n";
        let out = html(md, Part::Public);
        assert!(!out.contains("secret.example"), "{out}");
        assert!(out.contains("https://ok.example"), "{out}");
    }
}
