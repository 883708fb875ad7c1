//! Finds the client's names in the public parts of a journal and, for the build, replaces them.
//! One walk serves both: the linter calls it to report every name (`client-name-leak`), the
//! build to substitute the alias, so the two can never disagree on what is found.
//!
//! Text is matched block by block with inline markup flattened (`Maison *Lumière*`), and every
//! other place a name can hide is checked: link and image URLs (a URL that contains a name is
//! dropped, not rewritten), titles, footnote labels, code block info strings, and raw HTML text
//! and attributes with their entities decoded.

use super::html::{self, Edit, Piece};
use super::names::{Names, percent_decode};
use super::parts::Ev;
use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};

/// Attributes that hold a URL.
pub fn is_url_attribute(name: &str) -> bool {
    matches!(
        name,
        "href"
            | "src"
            | "srcset"
            | "cite"
            | "action"
            | "formaction"
            | "poster"
            | "data"
            | "background"
            | "longdesc"
            | "xlink:href"
            | "ping"
            | "manifest"
            | "codebase"
            | "usemap"
            | "lowsrc"
            | "dynsrc"
            | "icon"
            | "profile"
            | "archive"
            | "classid"
    )
}

/// A URL contains a name when its decoded form does.
fn url_names(names: &Names, url: &str) -> bool {
    names.contains(url) || names.contains(&percent_decode(url))
}

/// Whether `tag` is inline markup (emphasis, links, images…), read as part of its block's text.
pub fn is_inline_tag(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

/// The end of an inline tag (see `is_inline_tag`).
pub fn is_inline_end(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

/// Consecutive texts of one block: their event indexes and where each starts in `flat`.
#[derive(Default)]
struct Run {
    flat: String,
    /// (event index, start in `flat`, length, file offset where its text starts)
    segments: Vec<(usize, usize, usize, usize)>,
}

impl Run {
    fn flush(
        &mut self,
        events: &mut [Ev],
        names: &Names,
        by: Option<&str>,
        found: &mut dyn FnMut(usize),
    ) {
        if self.segments.is_empty() {
            self.flat.clear();
            return;
        }
        let hits = names.find(&self.flat);
        if hits.is_empty() {
            self.flat.clear();
            self.segments.clear();
            return;
        }
        let mut edits: Vec<Vec<(usize, usize, &str)>> = vec![Vec::new(); self.segments.len()];
        // Hits and segments are both in order: one pointer walks the segments.
        let mut first_segment = 0;
        for hit in &hits {
            while self
                .segments
                .get(first_segment)
                .is_some_and(|&(_, start, len, _)| start + len <= hit.start)
            {
                first_segment += 1;
            }
            let mut first = true;
            for (k, &(idx, start, len, at)) in self.segments.iter().enumerate().skip(first_segment)
            {
                let end = start + len;
                if hit.end <= start {
                    break;
                }
                if end <= hit.start {
                    continue;
                }
                if first {
                    let range = &events[idx].1;
                    found((at + (hit.start.max(start) - start)).min(range.end));
                }
                let from = hit.start.max(start) - start;
                let to = hit.end.min(end) - start;
                edits[k].push((from, to, if first { by.unwrap_or("") } else { "" }));
                first = false;
            }
        }
        if by.is_some() {
            for (k, &(idx, ..)) in self.segments.iter().enumerate() {
                if edits[k].is_empty() {
                    continue;
                }
                let (Event::Text(t) | Event::Code(t)) = &events[idx].0 else {
                    continue;
                };
                // One pass: edits are in order and do not overlap.
                let mut text = String::with_capacity(t.len());
                let mut at = 0;
                for &(from, to, with) in &edits[k] {
                    if from < at || !t.is_char_boundary(from) || !t.is_char_boundary(to) {
                        continue;
                    }
                    text.push_str(&t[at..from]);
                    text.push_str(with);
                    at = to;
                }
                text.push_str(&t[at..]);
                let text = CowStr::from(text);
                events[idx].0 = match &events[idx].0 {
                    Event::Code(_) => Event::Code(text),
                    _ => Event::Text(text),
                };
            }
        }
        self.flat.clear();
        self.segments.clear();
    }
}

/// Where `text`, an event's text, starts in `written`, the file's text of that event: as is, or
/// for a code span over several lines, with its line endings turned into spaces as pulldown-cmark
/// does (one space for each `\r` and each `\n`). Either way a byte of the text is at the same
/// distance from its start as in the file.
fn find_written(written: &str, text: &str) -> Option<usize> {
    // Most texts are written as they read: no searcher to build.
    if written.starts_with(text) {
        return Some(0);
    }
    written.find(text).or_else(|| {
        written
            .contains(['\r', '\n'])
            .then(|| written.replace(['\r', '\n'], " ").find(text))
            .flatten()
    })
}

/// Walks the public `events` of the file `source`: calls `found` with the file offset of every
/// name, and when `by` is given replaces each by it (URLs that contain one are emptied, which
/// drops them).
pub fn anonymize(
    source: &str,
    events: &mut [Ev],
    names: &Names,
    by: Option<&str>,
    found: &mut dyn FnMut(usize),
) {
    if names.is_empty() {
        return;
    }
    let mut run = Run::default();
    for i in 0..events.len() {
        let offset = events[i].1.start;
        match &events[i].0 {
            Event::Text(t) | Event::Code(t) => {
                // Where the text starts in the file (after a code span's backticks); the
                // event's start when it was written differently (entities, escapes).
                let range = &events[i].1;
                let at = source
                    .get(range.clone())
                    .and_then(|s| find_written(s, t))
                    .map_or(range.start, |k| range.start + k);
                run.segments.push((i, run.flat.len(), t.len(), at));
                run.flat.push_str(t);
                continue;
            }
            Event::SoftBreak | Event::HardBreak => {
                run.flat.push(' ');
                continue;
            }
            Event::InlineHtml(raw) => {
                // A tag that separates words (`<br>`, `<h2>`) separates them here too.
                let name: String = raw
                    .trim_start_matches(['<', '/'])
                    .chars()
                    .take_while(char::is_ascii_alphanumeric)
                    .collect::<String>()
                    .to_ascii_lowercase();
                if !name.is_empty() && !html::is_inline(&name) {
                    run.flat.push(' ');
                }
                let raw = raw.to_string();
                if let Some(new) = raw_html(&raw, names, by, offset, found) {
                    events[i].0 = Event::InlineHtml(CowStr::from(new));
                }
                continue;
            }
            Event::Start(tag) if is_inline_tag(tag) => {
                // An image is not a word: its description is read apart from the text around.
                if matches!(tag, Tag::Image { .. }) {
                    run.flat.push(' ');
                }
                if let Event::Start(
                    Tag::Link {
                        dest_url, title, ..
                    }
                    | Tag::Image {
                        dest_url, title, ..
                    },
                ) = &mut events[i].0
                {
                    if url_names(names, dest_url) {
                        found(offset);
                        if by.is_some() {
                            *dest_url = CowStr::Borrowed("");
                        }
                    }
                    replace_in(title, names, by, offset, found);
                }
                continue;
            }
            Event::End(tag) if is_inline_end(tag) => {
                if matches!(tag, TagEnd::Image) {
                    run.flat.push(' ');
                }
                continue;
            }
            _ => {}
        }
        run.flush(events, names, by, found);
        match &mut events[i].0 {
            // Labels become ids and classes: the alias goes in as a slug.
            Event::FootnoteReference(label)
            | Event::Start(Tag::FootnoteDefinition(label))
            | Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(label))) => {
                let slug = by.map(|b| match crate::text::slugify(b) {
                    s if s.is_empty() => "client".to_string(),
                    s => s,
                });
                replace_in(label, names, slug.as_deref(), offset, found);
            }
            Event::Html(raw) => {
                let raw = raw.to_string();
                if let Some(new) = raw_html(&raw, names, by, offset, found) {
                    events[i].0 = Event::Html(CowStr::from(new));
                }
            }
            _ => {}
        }
    }
    run.flush(events, names, by, found);
}

/// Whether `event` ends the run of inline events names are matched across.
fn ends_a_run(event: &Event) -> bool {
    !match event {
        Event::Text(_)
        | Event::Code(_)
        | Event::SoftBreak
        | Event::HardBreak
        | Event::InlineHtml(_) => true,
        Event::Start(tag) => is_inline_tag(tag),
        Event::End(tag) => is_inline_end(tag),
        _ => false,
    }
}

/// `anonymize` over a stream: events are held one block at a time (up to the event that ends
/// the run of inline events names are matched across), then given out anonymised.
pub fn anonymized<'s, 'f, I, F>(
    source: &'f str,
    events: I,
    names: &'f Names,
    by: Option<&'f str>,
    mut found: F,
) -> impl Iterator<Item = Ev<'s>> + 'f
where
    I: Iterator<Item = Ev<'s>> + 'f,
    F: FnMut(usize) + 'f,
    's: 'f,
{
    let mut events = events.fuse();
    let mut block: Vec<Ev<'s>> = Vec::new();
    let mut ready = std::collections::VecDeque::new();
    std::iter::from_fn(move || {
        loop {
            if let Some(ev) = ready.pop_front() {
                return Some(ev);
            }
            let next = events.next();
            let end = next.as_ref().is_none_or(|(e, _)| ends_a_run(e));
            if let Some(ev) = next {
                block.push(ev);
            }
            if end {
                if block.is_empty() {
                    return None;
                }
                anonymize(source, &mut block, names, by, &mut found);
                ready.extend(block.drain(..));
            }
        }
    })
}

fn replace_in(
    text: &mut CowStr,
    names: &Names,
    by: Option<&str>,
    offset: usize,
    found: &mut dyn FnMut(usize),
) {
    let hits = names.find(text);
    for _ in &hits {
        found(offset);
    }
    if let (Some(by), false) = (by, hits.is_empty()) {
        *text = CowStr::from(names.replace(text, by));
    }
}

/// Reports the names in raw HTML (its text read across inline tags, and its attributes);
/// returns it rewritten when `by` is given and there was one.
fn raw_html(
    raw: &str,
    names: &Names,
    by: Option<&str>,
    offset: usize,
    found: &mut dyn FnMut(usize),
) -> Option<String> {
    let mut text = String::new();
    let mut hits = 0;
    html::visit_text(raw, |t| text.push_str(t));
    hits += names.find(&text).len();
    html::visit(raw, |p| {
        if let Piece::Attr { name, value, .. } = p {
            let hit = if is_url_attribute(name) {
                url_names(names, value)
            } else {
                names.contains(value)
            };
            hits += usize::from(hit);
        }
    });
    for _ in 0..hits {
        found(offset);
    }
    let by = by?;
    if hits == 0 {
        return None;
    }
    Some(html::rewrite(raw, |p| match p {
        Piece::Text(t) if names.contains(t) => Edit::Replace(names.replace(t, by)),
        Piece::Attr { name, value, .. } if is_url_attribute(name) => {
            if url_names(names, value) {
                Edit::Drop
            } else {
                Edit::Keep
            }
        }
        Piece::Attr { value, .. } if names.contains(value) => {
            Edit::Replace(names.replace(value, by))
        }
        _ => Edit::Keep,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audience::parts::{Parsed, Part};

    fn run(md: &str, by: Option<&str>) -> (String, Vec<usize>) {
        let names = Names::new(["Hôtel Beauséjour", "Dupont"]);
        let parsed = Parsed::new(md, 0);
        let mut events = parsed.select(Part::Whole).events;
        let mut found = Vec::new();
        anonymize(md, &mut events, &names, by, &mut |o| found.push(o));
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, events.into_iter().map(|(e, _)| e));
        (html, found)
    }

    #[test]
    fn names_are_found_wherever_they_hide() {
        let md = "chez Hôtel *Beauséjour*, [site](https://hotel-beausejour.fr \"Hôtel Beauséjour\") \
                  <https://www.hotelbeausejour.fr>[^dupont] `Dupont`\n\n\
                  [^dupont]: note\n\n\
                  ```dupont\ncode\n```\n\n\
                  <p title=\"H&ocirc;tel Beaus&eacute;jour\">&#68;upont</p>\n";
        let (html, found) = run(md, Some("un hôtelier"));
        let lower = html.to_lowercase();
        assert!(!lower.contains("beaus"), "{html}");
        assert!(!lower.contains("dupont"), "{html}");
        assert!(html.contains("un hôtelier"), "{html}");
        // Paragraph text ×3 (name, autolink text, code span), link URL, link title, autolink
        // URL, footnote label ×2, info string, HTML attribute and text.
        assert_eq!(found.len(), 11, "{found:?}");
        let (untouched, found_again) = run(md, None);
        assert!(untouched.contains("Beauséjour"));
        assert_eq!(found, found_again);
    }

    #[test]
    fn the_offset_is_where_the_name_starts() {
        let md = "Bonjour, Dupont.\n";
        let (_, found) = run(md, None);
        assert_eq!(found, vec![9]);
    }

    #[test]
    fn in_a_code_span_over_two_lines_too_with_lf_or_crlf() {
        // pulldown-cmark turns the line ending into one space per `\r` and per `\n`.
        for md in [
            "x `Dupont\nDu\u{ad}pont` y\n",
            "x `Dupont\r\nDu\u{ad}pont` y\r\n",
        ] {
            let (_, found) = run(md, None);
            let second = md.find("Du\u{ad}").unwrap();
            assert_eq!(found, vec![3, second], "{md:?}");
        }
    }
}
