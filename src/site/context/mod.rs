//! The template contract: every value a template of the theme receives, as the types serialised
//! into its context. `docs/templates.md` documents these types field by field; a change here is a
//! change for every theme written against it. Nothing here decides what an audience may see: the
//! values are filled from the audience view, already cut and anonymised.

use super::charts::Chart;
pub use root::Root;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;
use strings::Strings;

/// A mission's rendered body, sanitised HTML, handed to the template as it is: a journal's page
/// can be tens of megabytes, and a template string would be a copy of it. Output as it is by
/// `{{ … }}` (see `templates::environment`); `| safe` and `| string` give its text, `length`
/// does not apply (it is not a string), and it is false when empty.
#[derive(Debug)]
pub struct Body(pub String);

impl minijinja::value::Object for Body {
    fn repr(self: &Arc<Self>) -> minijinja::value::ObjectRepr {
        minijinja::value::ObjectRepr::Plain
    }

    fn render(self: &Arc<Self>, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }

    fn is_true(self: &Arc<Self>) -> bool {
        !self.0.is_empty()
    }
}

impl Body {
    /// The body as a template value.
    pub fn value(html: String) -> minijinja::Value {
        minijinja::Value::from_object(Body(html))
    }
}

/// A list handed to a template item by item: each item becomes a template value when it is read,
/// so that a page of 100,000 headings does not hold its contents list twice.
#[derive(Debug)]
pub struct Lazy<T>(pub Vec<T>);

impl<T: Serialize + std::fmt::Debug + Send + Sync + 'static> minijinja::value::Object for Lazy<T> {
    fn repr(self: &Arc<Self>) -> minijinja::value::ObjectRepr {
        minijinja::value::ObjectRepr::Seq
    }

    fn get_value(self: &Arc<Self>, key: &minijinja::Value) -> Option<minijinja::Value> {
        let item = self.0.get(key.as_usize()?)?;
        Some(minijinja::Value::from(minijinja::value::Serde(item)))
    }

    fn enumerate(self: &Arc<Self>) -> minijinja::value::Enumerator {
        minijinja::value::Enumerator::Seq(self.0.len())
    }
}

impl<T: Serialize + std::fmt::Debug + Send + Sync + 'static> Lazy<T> {
    /// The list as a template value.
    pub fn value(items: Vec<T>) -> minijinja::Value {
        minijinja::Value::from_object(Lazy(items))
    }
}

/// `site`: the book and the build, the same on every page and feed.
#[derive(Serialize)]
pub struct SiteCtx<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub lang: &'a str,
    pub base_url: Option<&'a str>,
    pub audience: &'static str,
    pub private: bool,
}

/// An entry of `nav`, the main navigation (`url` relative to the site root).
#[derive(Serialize)]
pub struct NavItem {
    pub url: &'static str,
    pub label: &'static str,
    pub kind: &'static str,
}

/// `page`: which page this is.
#[derive(Serialize)]
pub struct PageMeta<'a> {
    pub kind: &'a str,
    pub title: &'a str,
}

/// What is the same on every page of a build (`site`, `t`, `nav`), made into template values
/// once: each page's context takes them as they are rather than serialising them again.
pub struct Shared {
    /// A `SiteCtx`.
    pub site: minijinja::Value,
    /// The interface strings.
    pub t: minijinja::Value,
    /// The `NavItem` list.
    pub nav: minijinja::Value,
}

impl Shared {
    pub fn new(
        site: &SiteCtx,
        t: &BTreeMap<&'static str, &'static str>,
        nav: &[NavItem],
    ) -> Shared {
        use minijinja::value::Serde;
        Shared {
            site: minijinja::Value::from(Serde(site)),
            // Looked up by hash (`t.draft`, `t[d.severity]`), each string a template value once:
            // the same keys, values, order and length as the map.
            t: Strings::value(t),
            nav: minijinja::Value::from(Serde(nav)),
        }
    }
}

/// What every HTML template receives, plus the page's own data (flattened). `site`, `t` and
/// `nav` are a `SiteCtx`, the interface strings and the `NavItem` list, from `Shared`. Rendering
/// hands the template a `Root` made of the same parts, read exactly as this serialised; this is
/// what the memo of `debrief serve` compares.
#[derive(Serialize)]
pub struct Ctx<'a, T: Serialize> {
    pub site: &'a minijinja::Value,
    /// The way back to the site root from this page (`""`, `"../"`, `"../../"`).
    pub root: &'a str,
    pub t: &'a minijinja::Value,
    pub nav: &'a minijinja::Value,
    pub page: PageMeta<'a>,
    #[serde(flatten)]
    pub data: T,
}

/// What the XML templates (`atom.xml`, `sitemap.xml`) receive: `site` (a `SiteCtx`, from
/// `Shared`) and their own data.
#[derive(Serialize)]
pub struct XmlCtx<'a, T: Serialize> {
    pub site: &'a minijinja::Value,
    #[serde(flatten)]
    pub data: T,
}

/// A tag of a card or a lesson.
#[derive(Serialize, Clone)]
pub struct TagRef {
    pub name: String,
    /// `None` when the tag has no page (in public, tags of missions without a page).
    pub url: Option<String>,
}

/// A mission in a list.
#[derive(Serialize, Clone)]
pub struct Card {
    pub title: String,
    /// `None` when the mission has no page in this audience.
    pub url: Option<String>,
    pub client: String,
    /// The dates in prose (`5 mars 2026 → 30 juin 2026`).
    pub period: String,
    /// The dates as `YYYY-MM-DD`, for tables and `<time datetime>`.
    pub start: Option<String>,
    pub end: Option<String>,
    pub year: Option<i16>,
    pub tags: Vec<TagRef>,
    /// The first paragraph's text.
    pub summary: String,
    pub status: Option<&'static str>,
    pub status_label: &'static str,
    pub draft: bool,
    pub publish: &'static str,
    /// `publish` in words (`Étude de cas`).
    pub publish_label: &'static str,
}

/// A labelled value: a fact of the private facts panel, a key figure of the home page.
#[derive(Serialize)]
pub struct Fact {
    pub label: &'static str,
    pub value: String,
}

/// An invoice of the private facts panel.
#[derive(Serialize)]
pub struct InvoiceRow {
    pub number: String,
    pub amount: String,
    pub issued: String,
    pub due: String,
    pub paid: String,
    pub rar: String,
    pub unpaid: bool,
}

/// An open end-of-mission item (private view only), its texts read from the lint outcome and
/// the mission where they are: borrowed (`&str`) on a mission page, shared (`Text`) in the
/// checklist page's `Lazy` list.
#[derive(Serialize, Clone, Debug)]
pub struct ChecklistItem<S> {
    pub severity: &'static str,
    pub rule: S,
    pub message: S,
    pub help: Option<S>,
    pub line: u32,
    pub mission: S,
    pub url: Option<S>,
    pub path: S,
    /// The item's due date (`deadlines`), when it has one.
    pub due: Option<String>,
}

/// A text shared by the items that repeat it (a mission's title and path, a rule's help), given
/// to templates as a string.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Text(pub Arc<str>);

impl Serialize for Text {
    fn serialize<Z: serde::Serializer>(&self, s: Z) -> Result<Z::Ok, Z::Error> {
        s.serialize_str(&self.0)
    }
}

/// `mission.html`.
#[derive(Serialize)]
pub struct MissionPage {
    /// A `MissionData` (`MissionData::value`).
    pub mission: minijinja::Value,
}

/// `mission`: a card and the page's own data; the facts, invoices, checklist and source are
/// empty in the public view. Handed to the template as `Fields` (`value`), read as this struct
/// serialised.
#[derive(Serialize)]
pub struct MissionData<'a> {
    #[serde(flatten)]
    pub card: &'a Card,
    pub ended_by: Option<&'static str>,
    pub end_reason: Option<String>,
    /// The rendered body (a `Body`): `{{ mission.html }}` outputs it as it is, without a copy.
    pub html: minijinja::Value,
    /// `TocEntry` items (a `Lazy` list).
    pub toc: minijinja::Value,
    pub facts: Vec<Fact>,
    pub invoices: Vec<InvoiceRow>,
    pub checklist: Vec<ChecklistItem<&'a str>>,
    pub source: Option<String>,
    /// The mission's letters page and its link text (private builds only).
    pub letters: Option<(String, &'static str)>,
}

/// A mission's lessons section on the lessons page.
#[derive(Serialize, Clone)]
pub struct LessonEntry {
    pub anchor: String,
    pub label: String,
    pub url: Option<String>,
    pub tags: Vec<TagRef>,
    pub tag_slugs: String,
    pub year: Option<i16>,
    pub html: String,
    pub reason: String,
}

/// `index.html`.
#[derive(Serialize)]
pub struct Home<'a> {
    pub intro_html: Option<String>,
    pub figures: Vec<Fact>,
    pub charts: Vec<Chart>,
    pub recent: Vec<&'a Card>,
    /// The page listing every mission (relative to the root).
    pub missions_url: &'static str,
    /// A public build that publishes nothing: say how to publish (`publish:`).
    pub publish_hint: bool,
    /// The next open deadlines, overdue first (private view only).
    pub deadlines: Vec<DeadlineRow>,
}

/// `missions.html`: every visible mission (private), the case studies (public).
#[derive(Serialize)]
pub struct MissionList<'a> {
    pub cards: Vec<&'a Card>,
    /// `[status, label]` of the statuses the cards have, in the schema's order.
    pub statuses: Vec<(&'static str, &'static str)>,
    /// The years the cards start in, newest first.
    pub years: Vec<i16>,
    /// As on the home page.
    pub publish_hint: bool,
}

/// A deadline of the home page (private view only).
#[derive(Serialize)]
pub struct DeadlineRow {
    pub due: String,
    /// `7 jours de retard`, when overdue.
    pub late: Option<String>,
    pub title: String,
    pub mission: String,
    pub url: Option<String>,
}

/// `lessons.html`.
#[derive(Serialize)]
pub struct Lessons {
    pub groups: Vec<LessonGroup>,
    /// `[slug, name]` of every tag of a lesson.
    pub filter_tags: Vec<(String, String)>,
}

/// The lessons of one end reason.
#[derive(Serialize)]
pub struct LessonGroup {
    pub reason: String,
    pub label: String,
    pub entries: Vec<LessonEntry>,
}

/// `case-studies.html`.
#[derive(Serialize)]
pub struct Cards<'a> {
    pub cards: Vec<&'a Card>,
}

/// `tags.html`.
#[derive(Serialize)]
pub struct TagIndex {
    pub tags: Vec<TagRow>,
}

/// A tag on the tags page.
#[derive(Serialize)]
pub struct TagRow {
    pub name: String,
    pub url: String,
    pub count: usize,
}

/// `tag.html`.
#[derive(Serialize)]
pub struct TagPage<'a> {
    pub tag: &'a str,
    pub cards: &'a [&'a Card],
}

/// `checklist.html` (private view only).
#[derive(Serialize)]
pub struct Checklist<I> {
    /// `ChecklistItem` items: in a build a list of them as objects read field by field
    /// (`ChecklistItem::values`: 32,000 items of a 10,000-mission book are not serialised), in
    /// `debrief serve` the list itself.
    pub items: I,
}

/// `404.html`: nothing of its own.
#[derive(Serialize)]
pub struct NotFound {}

/// `atom.xml`: the case studies and lessons, newest first. URLs are absolute.
#[derive(Serialize)]
pub struct Atom {
    pub site_url: String,
    pub feed_url: String,
    /// The newest entry's date (`1970-01-01` when there is none).
    pub updated: String,
    pub entries: Vec<FeedEntry>,
}

/// An entry of the feed: nothing more than a public page shows of it.
#[derive(Serialize)]
pub struct FeedEntry {
    pub title: String,
    pub url: String,
    pub updated: String,
    pub summary: String,
}

/// `sitemap.xml`: the absolute URL of every page a search engine may index.
#[derive(Serialize)]
pub struct Sitemap {
    pub urls: Vec<String>,
}

mod fields;
mod item;
mod root;
mod strings;

#[cfg(test)]
mod tests;
