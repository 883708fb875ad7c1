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
use std::cell::Cell;
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

/// The folded prefixes that make a heading private, and the bytes they start with.
struct Prefixes {
    list: Vec<String>,
    /// Whether a prefix starts with each byte.
    first: [bool; 256],
}

fn private_prefixes() -> &'static Prefixes {
    static PREFIXES: OnceLock<Prefixes> = OnceLock::new();
    PREFIXES.get_or_init(|| {
        let list: Vec<String> = Element::ALL
            .into_iter()
            .filter(|e| e.is_private())
            .flat_map(|e| e.aliases().iter().copied())
            .chain(PRIVATE_EXTRA.iter().copied())
            .map(heading_key)
            .collect();
        let mut first = [false; 256];
        for p in &list {
            if let Some(&b) = p.as_bytes().first() {
                first[usize::from(b)] = true;
            }
        }
        Prefixes { list, first }
    })
}

/// A heading's text folded like names (accents, look-alikes, invisible characters, case), with
/// leading symbols and punctuation (emoji, `*`) removed.
fn heading_key(text: &str) -> String {
    key_of(&super::names::fold_text(text)).to_string()
}

/// The key of a folded heading: without its leading symbols and punctuation.
fn key_of(folded: &str) -> &str {
    folded.trim_start_matches(|c: char| !c.is_ascii_alphanumeric())
}

/// The key of a heading after the label that numbers it, when it starts with one: a number or a
/// date (`1.`, `2)`, `1.2`, `2025-03-01 —`) or a numeral or letter closed by `.` or `)` (`iv.`,
/// `b)`). `## 1. Accès` holds what `## Accès` does: a numbered section is not a public one.
fn after_label(key: &str) -> Option<&str> {
    let b = key.as_bytes();
    let end = if b.first().is_some_and(u8::is_ascii_digit) {
        // Digits and what separates them once folded (`2025 03 01`, `1.2`, `1/3`).
        let end = b
            .iter()
            .position(|c| !(c.is_ascii_digit() || b" .-/".contains(c)))
            .unwrap_or(b.len());
        // `2fa`, `3d` are words, not labels.
        if b[end - 1].is_ascii_digit() && b.get(end).is_some_and(u8::is_ascii_alphanumeric) {
            return None;
        }
        end
    } else {
        let word = b
            .iter()
            .position(|c| !c.is_ascii_alphabetic())
            .unwrap_or(b.len());
        let numeral = word == 1 || (word <= 6 && b[..word].iter().all(|c| b"ivxlcdm".contains(c)));
        if word == 0 || !numeral || !matches!(b.get(word), Some(b'.' | b')')) {
            return None;
        }
        word + 1
    };
    Some(key_of(&key[end..]))
}

/// Whether a heading with this text opens a private section: its key, or its key after the label
/// that numbers it, starts with a private prefix followed by the end or a non-letter.
pub fn is_private_heading(text: &str) -> bool {
    let prefixes = private_prefixes();
    let folded = super::names::fold_text(text);
    let key = key_of(&folded);
    let starts = |key: &str| {
        let Some(&first) = key.as_bytes().first() else {
            return false;
        };
        // (Only the prefixes that start with the key's first byte are tried.)
        prefixes.first[usize::from(first)]
            && prefixes.list.iter().any(|p| {
                p.as_bytes().first() == Some(&first)
                    && key
                        .strip_prefix(p.as_str())
                        .is_some_and(|rest| !rest.starts_with(|c: char| c.is_alphabetic()))
            })
    };
    starts(key) || after_label(key).is_some_and(starts)
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

/// What one pass over a journal body learnt: its headings and reference definitions. The events
/// themselves are not kept (they take several times the size of the text): each part is read by
/// parsing again, streaming (but the first, for a reader that asked to keep them).
pub struct Parsed<'s> {
    source: &'s str,
    /// The pieces the body is parsed in (`journal::pieces`).
    pieces: Vec<Range<usize>>,
    headings: Vec<HeadingAt>,
    /// Reference definitions: normalised label → byte range in the file.
    definitions: HashMap<String, Range<usize>>,
    /// How many events a parse gives.
    count: usize,
    /// How deep raw HTML (with the blocks around it) nests elements, at the deepest.
    raw_html_depth: usize,
    /// The byte ranges of its HTML comments (see `comments`).
    comments: Vec<Range<usize>>,
    len: usize,
    /// The events of the pass, when kept (`in_pieces_keeping`): the first part streamed reads
    /// them instead of parsing again.
    kept: Cell<Option<Vec<Ev<'s>>>>,
}

/// A body's events (parsed by `pieces`), consecutive raw HTML lines of one block joined into one
/// event (so that a tag written over several lines is read whole), with ranges in the file.
pub fn events<'s>(source: &'s str, pieces: &[Range<usize>]) -> impl Iterator<Item = Ev<'s>> {
    joined(crate::journal::pieces::events(
        source,
        pieces,
        markdown_options(),
    ))
}

/// `events`, raw HTML lines joined.
fn joined<'s>(events: impl Iterator<Item = Ev<'s>>) -> impl Iterator<Item = Ev<'s>> {
    let mut inner = events.peekable();
    std::iter::from_fn(move || {
        let (event, mut range) = inner.next()?;
        let Event::Html(first) = event else {
            return Some((event, range));
        };
        if !matches!(inner.peek(), Some((Event::Html(_), _))) {
            return Some((Event::Html(first), range));
        }
        // One buffer: joining by copies would be quadratic.
        let mut text = first.into_string();
        while let Some((Event::Html(line), r)) = inner.next_if(|(e, _)| matches!(e, Event::Html(_)))
        {
            text.push_str(&line);
            range.end = r.end;
        }
        Some((Event::Html(CowStr::from(text)), range))
    })
}

/// The element depth raw HTML `html` adds (net, may be negative) and reaches (at most) from where
/// it starts; void and self-closed elements do not nest. A linear scan of its tags.
pub fn tag_depth(html: &str) -> (i64, i64) {
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr",
    ];
    let b = html.as_bytes();
    let (mut depth, mut deepest) = (0i64, 0i64);
    for at in memchr::memchr_iter(b'<', b) {
        match b.get(at + 1) {
            Some(b'/') => depth -= 1,
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
    (depth, deepest)
}

/// The HTML comments of a body, read from its raw HTML events in order (a comment may open in
/// one and close in a later one).
#[derive(Default)]
struct Comments {
    found: Vec<Range<usize>>,
    /// Where the comment being read opened.
    open: Option<usize>,
}

impl Comments {
    /// Reads the file's text of a raw HTML event at `range`.
    fn read(&mut self, source: &str, range: &Range<usize>) {
        let Some(slice) = source.get(range.clone()) else {
            return;
        };
        let mut at = 0;
        loop {
            let rest = &slice[at..];
            match self.open {
                Some(from) => match rest.find("-->") {
                    Some(i) => {
                        self.found.push(from..range.start + at + i + 3);
                        at += i + 3;
                        self.open = None;
                    }
                    None => break,
                },
                None => match rest.find("<!--") {
                    Some(i) => {
                        self.open = Some(range.start + at + i);
                        at += i + 4;
                    }
                    None => break,
                },
            }
        }
    }

    /// The comments found, one left open running to `len`, the end of the file.
    fn end(mut self, len: usize) -> Vec<Range<usize>> {
        if let Some(from) = self.open {
            self.found.push(from..len);
        }
        self.found
    }
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
    /// Reads the body of `source` starting at `body_start` once; ranges are in `source`.
    pub fn new(source: &'s str, body_start: usize) -> Parsed<'s> {
        Parsed::in_pieces(source, crate::journal::pieces::split(source, body_start))
    }

    /// Reads a body once by `pieces` (`journal::pieces`, as the index cut it); ranges are in
    /// `source`.
    pub fn in_pieces(source: &'s str, pieces: Vec<Range<usize>>) -> Parsed<'s> {
        Parsed::read(source, pieces, false)
    }

    /// `in_pieces`, keeping the events of the pass for the first part streamed, which then
    /// parses nothing: for one part of a body small enough for its events to be held.
    pub fn in_pieces_keeping(source: &'s str, pieces: Vec<Range<usize>>) -> Parsed<'s> {
        Parsed::read(source, pieces, true)
    }

    fn read(source: &'s str, pieces: Vec<Range<usize>>, keep: bool) -> Parsed<'s> {
        // Reference definitions: each piece's (a body in several pieces has none, see
        // `journal::pieces`).
        let mut definitions = HashMap::new();
        let piece_events = pieces.iter().flat_map(|piece| {
            let at = piece.start;
            let parser = Parser::new_ext(&source[piece.clone()], markdown_options());
            for (label, d) in parser.reference_definitions().iter() {
                definitions
                    .entry(label_key(label))
                    .or_insert(d.span.start + at..d.span.end + at);
            }
            parser
                .into_offset_iter()
                .map(move |(e, r)| (e, r.start + at..r.end + at))
        });
        let mut count = 0;
        let (mut raw_depth, mut raw_html_depth) = (0i64, 0usize);
        let mut headings: Vec<HeadingAt> = Vec::new();
        let mut depth = 0usize;
        let mut text: Option<String> = None;
        // A raw `<h2>` inside a paragraph: its event, level, text so far and range.
        let mut inline: Option<(usize, u8, String, Range<usize>)> = None;
        let mut comments = Comments::default();
        // Prose gives an event every few dozen bytes (one per 28 bytes on average in the bench's
        // corpus, one per 12 at most): reserved for one per 24, the events of most bodies are
        // not copied to a vector twice as large on the way.
        let mut kept = match keep {
            true => Vec::with_capacity(pieces.iter().map(|p| p.len()).sum::<usize>() / 24),
            false => Vec::new(),
        };
        for (i, (ev, range)) in joined(piece_events).enumerate() {
            count = i + 1;
            let event = &ev;
            if let Event::Html(t) | Event::InlineHtml(t) = event {
                let (net, deepest) = tag_depth(t);
                let reach = depth as i64 + raw_depth.max(0) + deepest;
                raw_html_depth = raw_html_depth.max(reach.max(0) as usize);
                raw_depth += net;
                comments.read(source, &range);
            }
            'event: {
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
                    break 'event;
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
            if keep {
                kept.push((ev, range));
            }
        }
        headings.shrink_to_fit();
        Parsed {
            source,
            pieces,
            headings,
            definitions,
            count,
            raw_html_depth,
            comments: comments.end(source.len()),
            len: source.len(),
            kept: Cell::new(keep.then_some(kept)),
        }
    }

    /// How deep raw HTML nests elements (with the Markdown blocks around it), at the deepest.
    pub fn raw_html_depth(&self) -> usize {
        self.raw_html_depth
    }

    /// The byte ranges of the HTML comments (an unclosed one runs to the end). Only real HTML
    /// counts: a `<!--` in inline code or in a code block is text that a build prints.
    pub fn comments(&self) -> &[Range<usize>] {
        &self.comments
    }

    /// Where the sections opened by the headings `opens` accepts end: for each, its heading and
    /// the first later heading `closes(open, later)` accepts (`None`: the end of the file).
    /// Linear in the number of headings: open sections wait in groups that one heading closes
    /// together (the same level and depth).
    fn section_ends(
        &self,
        opens: impl Fn(&HeadingAt) -> bool,
        closes: impl Fn(&HeadingAt, &HeadingAt) -> bool,
    ) -> Vec<(usize, Option<usize>)> {
        let mut out: Vec<(usize, Option<usize>)> = Vec::new();
        let mut waiting: std::collections::BTreeMap<(u8, usize), Vec<usize>> = Default::default();
        for (j, later) in self.headings.iter().enumerate() {
            waiting.retain(|_, group| {
                let Some(&first) = group.first() else {
                    return false;
                };
                if !closes(&self.headings[out[first].0], later) {
                    return true;
                }
                for &k in group.iter() {
                    out[k].1 = Some(j);
                }
                false
            });
            if opens(later) {
                waiting
                    .entry((later.level, later.depth))
                    .or_default()
                    .push(out.len());
                out.push((j, None));
            }
        }
        out
    }

    /// Event index range and byte range running from heading `h` (from its `Start` when
    /// `with_heading`, else after its `End`) to heading `end` or the end of the file.
    fn region(
        &self,
        h: usize,
        end: Option<usize>,
        with_heading: bool,
    ) -> (Range<usize>, Range<usize>) {
        let h = &self.headings[h];
        let (end_ev, end_byte) = end.map_or((self.count, self.len), |j| {
            let j = &self.headings[j];
            (j.start, j.range.start)
        });
        if with_heading {
            (h.start..end_ev, h.range.start..end_byte)
        } else {
            (
                h.end + 1..end_ev.max(h.end + 1),
                h.range.end..end_byte.max(h.range.end),
            )
        }
    }

    /// The private sections: event index ranges and byte ranges. A private section ends at the
    /// next ATX heading of the same or a higher level that is not nested deeper.
    fn private_regions(&self) -> Vec<(Range<usize>, Range<usize>)> {
        self.section_ends(
            |h| h.private,
            |open, j| j.atx && j.level <= open.level && j.depth <= open.depth,
        )
        .into_iter()
        .map(|(h, end)| self.region(h, end, true))
        .collect()
    }

    /// The lessons sections' contents (after their heading): event and byte ranges. A lessons
    /// section ends at the next heading of the same or a higher level, of any kind.
    fn lessons_regions(&self) -> Vec<(Range<usize>, Range<usize>)> {
        self.section_ends(|h| h.lessons, |open, j| j.level <= open.level)
            .into_iter()
            .map(|(h, end)| self.region(h, end, false))
            .collect()
    }

    /// The events of `part`, well formed, with the byte ranges they come from, parsed again and
    /// streamed: nothing but the part's plan is kept.
    pub fn stream(&self, part: Part) -> impl Iterator<Item = Ev<'s>> + '_ {
        let (keep, shown) = self.plan(part);
        self.cut(keep, shown)
    }

    /// `stream(part)`, and on the way the events of `also` when it shows at most `max_bytes` of
    /// the file: two parts from one parse. They go to `done` when the stream ends (not when it is
    /// left unfinished, nor when `also` is larger).
    pub fn stream_also<'p>(
        &'p self,
        part: Part,
        also: Part,
        max_bytes: usize,
        done: impl FnOnce(Vec<Ev<'s>>) + 'p,
    ) -> impl Iterator<Item = Ev<'s>> + 'p {
        let (keep, shown) = self.plan(part);
        let mut cut = Cut::new(&self.definitions, keep, shown);
        let (keep, shown) = self.plan(also);
        let small = shown.iter().map(|r| r.len()).sum::<usize>() <= max_bytes;
        let mut other = small.then(|| Cut::new(&self.definitions, keep, shown));
        let mut gathered = Vec::new();
        let mut done = Some(done);
        let mut inner = self.again().enumerate();
        std::iter::from_fn(move || {
            loop {
                let Some((i, mut ev)) = inner.next() else {
                    if let (Some(done), Some(_)) = (done.take(), &other) {
                        done(std::mem::take(&mut gathered));
                    }
                    return None;
                };
                if let Some(other) = other.as_mut()
                    && other.decides(i, &ev.0)
                {
                    let mut copy = ev.clone();
                    other.edit(&mut copy.0);
                    gathered.push(copy);
                }
                if cut.keeps(i, &mut ev) {
                    return Some(ev);
                }
            }
        })
    }

    fn cut(&self, keep: Vec<bool>, shown: Vec<Range<usize>>) -> impl Iterator<Item = Ev<'s>> + '_ {
        let mut cut = Cut::new(&self.definitions, keep, shown);
        self.again()
            .enumerate()
            .filter_map(move |(i, mut ev)| cut.keeps(i, &mut ev).then_some(ev))
    }

    /// The events of the body again: those kept by the pass (the first time), else parsed.
    fn again(&self) -> impl Iterator<Item = Ev<'s>> + '_ {
        match self.kept.take() {
            Some(kept) => super::Either::Left(kept.into_iter()),
            None => super::Either::Right(events(self.source, &self.pieces)),
        }
    }

    /// `stream(part)`, and the byte ranges of the file it shows (`shown(part)`).
    pub fn stream_shown(
        &self,
        part: Part,
    ) -> (impl Iterator<Item = Ev<'s>> + '_, Vec<Range<usize>>) {
        let (keep, shown) = self.plan(part);
        (self.cut(keep, shown.clone()), shown)
    }

    /// The events of `part` (see `stream`), collected, with the byte ranges shown.
    pub fn select(&self, part: Part) -> Selection<'s> {
        let (keep, shown) = self.plan(part);
        Selection {
            events: self.cut(keep, shown.clone()).collect(),
            shown,
        }
    }

    /// The byte ranges of the file `part` shows, sorted and disjoint.
    pub fn shown(&self, part: Part) -> Vec<Range<usize>> {
        self.plan(part).1
    }

    /// Which events `part` keeps (before containers are balanced), and the byte ranges shown.
    fn plan(&self, part: Part) -> (Vec<bool>, Vec<Range<usize>>) {
        let n = self.count;
        // How many kept regions minus dropped ones cover each event, by differences.
        let mut kept = vec![0i32; n + 1];
        let mut dropped = vec![0i32; n + 1];
        let mut shown: Vec<Range<usize>> = match part {
            Part::Whole | Part::Public => {
                kept[0] += 1;
                kept[n] -= 1;
                vec![0..self.len]
            }
            Part::Lessons | Part::PublicLessons => {
                let mut shown = Vec::new();
                for (events, bytes) in self.lessons_regions() {
                    kept[events.start] += 1;
                    kept[events.end] -= 1;
                    shown.push(bytes);
                }
                shown
            }
        };
        if matches!(part, Part::Public | Part::PublicLessons) {
            let mut cuts = Vec::new();
            for (events, bytes) in self.private_regions() {
                dropped[events.start] += 1;
                dropped[events.end] -= 1;
                cuts.push(bytes);
            }
            shown = minus(shown, cuts);
        } else {
            shown = minus(shown, Vec::new());
        }
        let mut keep = Vec::with_capacity(n);
        let (mut k, mut d) = (0, 0);
        for i in 0..n {
            k += kept[i];
            d += dropped[i];
            keep.push(k > 0 && d == 0);
        }
        (keep, shown)
    }
}

/// Cuts a parse's events down to one part: containers follow their start (a kept start gets its
/// end even when the end falls in a dropped part, an end whose start was dropped goes too), and
/// links lose targets defined in parts not shown.
struct Cut<'p> {
    definitions: &'p HashMap<String, Range<usize>>,
    keep: Vec<bool>,
    shown: Vec<Range<usize>>,
    open: Vec<bool>,
}

impl<'p> Cut<'p> {
    fn new(
        definitions: &'p HashMap<String, Range<usize>>,
        keep: Vec<bool>,
        shown: Vec<Range<usize>>,
    ) -> Cut<'p> {
        Cut {
            definitions,
            keep,
            shown,
            open: Vec::new(),
        }
    }

    /// `shown` is sorted and disjoint: a binary search finds an offset.
    fn visible(&self, offset: usize) -> bool {
        let i = self.shown.partition_point(|r| r.end <= offset);
        self.shown.get(i).is_some_and(|r| r.contains(&offset))
    }

    /// A reference link takes its URL and title from its definition: when the definition is in
    /// a part not shown, the link's text stays and its target goes.
    fn hidden_definition(&self, link_type: LinkType, id: &str) -> bool {
        matches!(
            link_type,
            LinkType::Reference | LinkType::Collapsed | LinkType::Shortcut
        ) && self
            .definitions
            .get(&label_key(id))
            .is_none_or(|d| !self.visible(d.start))
    }

    /// Whether event `i` stays; edits it when it stays changed.
    fn keeps(&mut self, i: usize, (event, _): &mut Ev) -> bool {
        let kept = self.decides(i, event);
        if kept {
            self.edit(event);
        }
        kept
    }

    /// Whether event `i`, `event`, stays (each event is decided once, in order).
    fn decides(&mut self, i: usize, event: &Event) -> bool {
        match event {
            Event::Start(_) => {
                let kept = self.keep.get(i).copied().unwrap_or(false);
                self.open.push(kept);
                kept
            }
            Event::End(_) => self.open.pop() == Some(true),
            _ => self.keep.get(i).copied().unwrap_or(false),
        }
    }

    /// A kept event as this part shows it.
    fn edit(&self, event: &mut Event) {
        match event {
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
            ) if self.hidden_definition(*link_type, id) => {
                *dest_url = CowStr::Borrowed("");
                *title = CowStr::Borrowed("");
            }
            _ => {}
        }
    }
}

/// `ranges` without `cuts`, sorted and disjoint; linear after sorting.
fn minus(ranges: Vec<Range<usize>>, cuts: Vec<Range<usize>>) -> Vec<Range<usize>> {
    let merge = |mut v: Vec<Range<usize>>| {
        v.retain(|r| !r.is_empty());
        v.sort_by_key(|r| r.start);
        let mut out: Vec<Range<usize>> = Vec::with_capacity(v.len());
        for r in v {
            match out.last_mut() {
                Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
                _ => out.push(r),
            }
        }
        out
    };
    let (ranges, cuts) = (merge(ranges), merge(cuts));
    let mut out = Vec::with_capacity(ranges.len());
    let mut c = 0;
    for r in ranges {
        let mut at = r.start;
        while c < cuts.len() && cuts[c].end <= at {
            c += 1;
        }
        let mut k = c;
        while k < cuts.len() && cuts[k].start < r.end {
            if cuts[k].start > at {
                out.push(at..cuts[k].start);
            }
            at = at.max(cuts[k].end);
            k += 1;
        }
        if at < r.end {
            out.push(at..r.end);
        }
    }
    out
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
    fn a_body_in_pieces_shows_what_it_shows_whole() {
        let block = "## Passation\n\nRemis le dépôt.\n\n## Accès\n\nmot de passe : hunter2\n\n\
            <h2>Factures</h2>\n\n1 800 € dus\n\n## Leçons\n\nUne leçon.\n\n> cité\n\n\
            - [ ] tâche\n\n```\n## Accès\n```\n\n";
        let md = format!("intro\n\n{}", block.repeat(40));
        let pieces = crate::journal::pieces::split_at(&md, 0, 200);
        assert!(pieces.len() > 10);
        let whole = Parsed::in_pieces(&md, vec![0..md.len()]);
        let cut = Parsed::in_pieces(&md, pieces);
        for part in [
            Part::Whole,
            Part::Public,
            Part::Lessons,
            Part::PublicLessons,
        ] {
            let (a, b) = (whole.select(part), cut.select(part));
            assert_eq!(a.events, b.events);
            assert_eq!(a.shown, b.shown);
            assert_eq!(whole.shown(part), cut.shown(part));
        }
        assert_eq!(whole.comments(), cut.comments());
        assert!(!html(&md, Part::Public).contains("hunter2"));
    }

    /// One parse gives a part and, gathered on the way, another: each as streamed alone.
    #[test]
    fn a_part_gathered_on_the_way_is_that_part() {
        let block = "## Contexte\n\nPUBLIC [doc][d]\n\n## Leçons {#mine .x}\n\nUne leçon [doc][d] [clé][k].\n\n\
            ### Accès\n\n[k]: https://secret.example\n\nSECRET\n\n> - [ ] tâche\n\n## Suite\n\n[d]: https://ok.example\n\n";
        let md = format!("intro\n\n{}", block.repeat(3));
        let parsed = Parsed::new(&md, 0);
        let pairs = [
            (Part::Whole, Part::Lessons),
            (Part::Public, Part::PublicLessons),
        ];
        for (part, also) in pairs {
            let gathered = std::cell::RefCell::new(None);
            let first: Vec<Ev> = parsed
                .stream_also(part, also, usize::MAX, |g| *gathered.borrow_mut() = Some(g))
                .collect();
            assert_eq!(first, parsed.select(part).events);
            let gathered = gathered.take().expect("gathered at the end of the stream");
            assert_eq!(gathered, parsed.select(also).events);
            assert!(!gathered.is_empty());
        }
        // Larger than allowed, or the stream left unfinished: nothing is handed over.
        let called = std::cell::Cell::new(false);
        let n = parsed
            .stream_also(Part::Whole, Part::Lessons, 10, |_| called.set(true))
            .count();
        assert_eq!(n, parsed.select(Part::Whole).events.len());
        assert!(!called.get());
        let mut unfinished =
            parsed.stream_also(Part::Whole, Part::Lessons, usize::MAX, |_| called.set(true));
        unfinished.next();
        drop(unfinished);
        assert!(!called.get());
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
            // Numbered: the label is not part of the name.
            "1. Accès",
            "2) Mots de passe",
            "1.2 Facturation",
            "IV. Factures",
            "b) RGPD",
            "2025-03-01 — Accès Google Ads",
            "3 - Identifiants",
        ] {
            assert!(is_private_heading(h), "{h:?}");
        }
        for h in [
            "Accessibilité",
            "Passation",
            "Leçons",
            "Facturable ou pas",
            "Accessoires",
            "1. Passation",
            "2025-03-01 — Qui",
            "2fa activée",
            "Note. Accès",
        ] {
            assert!(!is_private_heading(h), "{h:?}");
        }
    }

    proptest::proptest! {
        /// The first-byte filter decides as trying every prefix on the folded key, and on the
        /// key after its label, does.
        #[test]
        fn private_headings_are_those_of_their_folded_key(
            text in "([0-9A-Za-z]|Acc[eè]s|Factures?|RGPD|Mot|Donn[ée]es|IV|[ÀÉéа\u{200B}🔐*# ,.):/-]){0,6}",
        ) {
            let starts = |key: &str| {
                private_prefixes().list.iter().any(|p| {
                    key.strip_prefix(p.as_str())
                        .is_some_and(|rest| !rest.starts_with(|c: char| c.is_alphabetic()))
                })
            };
            let key = heading_key(&text);
            let by_key = starts(&key) || after_label(&key).is_some_and(starts);
            proptest::prop_assert_eq!(is_private_heading(&text), by_key, "{:?}", text);
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
        let found: Vec<_> = parsed.comments().iter().map(|r| &src[r.clone()]).collect();
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
