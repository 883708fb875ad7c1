//! The audience filter: turns a loaded `Book` into what the pages of one audience may see. This
//! is the only place that decides what is private. Templates receive the result and never see a
//! `Mission`: in a public view, client names, amounts, access, RGPD facts and private sections do
//! not exist.

use crate::i18n::Lang;
use crate::journal::{Book, Element, Front, Mission, Publish};
use crate::text::slugify;
use crate::tr;
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    Public,
    Private,
}

impl Audience {
    pub fn as_str(self) -> &'static str {
        match self {
            Audience::Public => "public",
            Audience::Private => "private",
        }
    }
}

/// A mission as one audience sees it.
pub struct Visible<'b> {
    pub mission: &'b Mission,
    pub front: &'b Front,
    /// The page slug (public: with the client's name replaced by the alias).
    pub slug: String,
    /// Whether it gets its own page (every mission in private; case studies in public).
    pub has_page: bool,
    /// Whether its lessons section is shown on the lessons page.
    pub lessons: bool,
    /// How the client is named.
    pub client_label: String,
    /// The title shown (public: names substituted; for a lessons-only mission, a neutral label).
    pub title: String,
    /// `(real name, replacement)` for published text.
    pub replace: Option<(String, String)>,
    /// The journal's directory relative to the content directory, to resolve links.
    pub dir: String,
}

impl Visible<'_> {
    pub fn url(&self) -> String {
        format!("missions/{}/index.html", self.slug)
    }

    pub fn replace(&self) -> Option<(&str, &str)> {
        self.replace.as_ref().map(|(a, b)| (a.as_str(), b.as_str()))
    }
}

/// A build warning: something the author should know, with a place when there is one.
#[derive(Debug, Clone, PartialEq)]
pub struct Warning {
    pub path: String,
    pub line: u32,
    pub col: u32,
    pub message: String,
}

pub struct View<'b> {
    pub audience: Audience,
    pub lang: Lang,
    /// Visible missions, newest start first, then by path.
    pub missions: Vec<Visible<'b>>,
    /// Content-relative journal path → its page URL in this audience (`None`: no page here).
    pub pages: HashMap<String, Option<String>>,
    pub warnings: Vec<Warning>,
}

/// Replaces `name` in `text` by `by`, ignoring case, whole words. Any run of white space in
/// `text` matches a space of the name, so a name wrapped over two lines of Markdown is found.
pub fn substitute_name(text: &str, name: &str, by: &str) -> String {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return text.to_string();
    }
    // `text` with each run of white space as one space, and where each of its bytes comes from.
    let mut flat = String::with_capacity(text.len());
    let mut origin = Vec::with_capacity(text.len() + 1);
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_whitespace() {
            while chars.next_if(|(_, c)| c.is_whitespace()).is_some() {}
            flat.push(' ');
            origin.push(i);
        } else {
            flat.push(c);
            origin.extend(std::iter::repeat_n(i, c.len_utf8()));
        }
    }
    origin.push(text.len());
    let hits = crate::lint::rules::publishing::find_words(&flat, &name);
    if hits.is_empty() {
        return text.to_string();
    }
    let count = name.chars().count();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for h in hits {
        let start = origin[h];
        if start < at {
            continue;
        }
        let end = h + flat[h..]
            .chars()
            .take(count)
            .map(char::len_utf8)
            .sum::<usize>();
        out.push_str(&text[at..start]);
        out.push_str(by);
        at = origin[end];
    }
    out.push_str(&text[at..]);
    out
}

pub fn neutral_client(lang: Lang) -> &'static str {
    lang.pick("le client", "the client")
}

impl<'b> View<'b> {
    pub fn new(book: &'b Book, audience: Audience, drafts: bool, lang: Lang) -> View<'b> {
        let mut missions = Vec::new();
        let mut warnings = Vec::new();
        let mut pages = HashMap::new();
        for m in &book.missions {
            let content_rel = crate::journal::relative(&book.content_dir, &m.path);
            let Some(front) = &m.front else {
                pages.insert(content_rel, None);
                continue;
            };
            pages.insert(content_rel.clone(), None);
            let dir = content_rel
                .rsplit_once('/')
                .map_or(String::new(), |(d, _)| d.to_string());
            let client = front.client.as_ref().map(|c| c.value.clone());
            let alias = front.client_alias.as_ref().map(|a| a.value.clone());
            let show_draft = audience == Audience::Private || drafts;
            if front.draft && !show_draft {
                continue;
            }
            let has_lessons = m.body.has_content(Element::Lessons);
            let visible = match audience {
                Audience::Private => Visible {
                    mission: m,
                    front,
                    slug: m.slug.clone(),
                    has_page: true,
                    lessons: has_lessons,
                    client_label: client.clone().unwrap_or_default(),
                    title: front.title().to_string(),
                    replace: None,
                    dir,
                },
                Audience::Public => match front.publish() {
                    Publish::Private => continue,
                    Publish::CaseStudy if front.case_study_consent.is_none() || alias.is_none() => {
                        let what = match (front.case_study_consent.is_none(), alias.is_none()) {
                            (true, true) => "`case_study.consent`, `client_alias`",
                            (true, false) => "`case_study.consent`",
                            _ => "`client_alias`",
                        };
                        let pos = front.publish_pos.unwrap_or_default();
                        warnings.push(Warning {
                            path: m.rel.clone(),
                            line: pos.line,
                            col: pos.col,
                            message: tr!(
                                lang,
                                "étude de cas sans {what} : traitée comme privée, elle n'est pas publiée",
                                "case study without {what}: treated as private, it is not published"
                            ),
                        });
                        continue;
                    }
                    publish => {
                        let by = alias
                            .clone()
                            .unwrap_or_else(|| neutral_client(lang).to_string());
                        let replace = client.clone().map(|c| (c, by.clone()));
                        let case_study = publish == Publish::CaseStudy;
                        let title = if case_study {
                            match &replace {
                                Some((c, b)) => substitute_name(front.title(), c, b),
                                None => front.title().to_string(),
                            }
                        } else {
                            neutral_label(front, alias.as_deref(), lang)
                        };
                        // A case study's address is its file's slug without the client's
                        // name; a lessons-only mission has no page, and its anchor on the
                        // lessons page comes from its public label (its file name, like its
                        // title, is private). Both are made unique below.
                        let slug = match (&client, case_study) {
                            (Some(c), true) => public_slug(&m.slug, c, &by),
                            (None, true) => m.slug.clone(),
                            (_, false) => slugify(&title),
                        };
                        Visible {
                            mission: m,
                            front,
                            slug,
                            has_page: case_study,
                            lessons: has_lessons,
                            client_label: by,
                            title,
                            replace,
                            dir,
                        }
                    }
                },
            };
            missions.push(visible);
        }
        missions.sort_by(|a, b| {
            let start = |v: &Visible| v.front.start.as_ref().map(|s| s.value);
            start(b)
                .cmp(&start(a))
                .then_with(|| a.mission.rel.cmp(&b.mission.rel))
        });
        if audience == Audience::Public {
            // Substituted slugs and neutral labels may collide: pages first, then anchors.
            let mut used = std::collections::HashSet::new();
            for pass in [true, false] {
                for v in missions.iter_mut().filter(|v| v.has_page == pass) {
                    let base = if v.slug.is_empty() {
                        "mission".to_string()
                    } else {
                        std::mem::take(&mut v.slug)
                    };
                    let mut slug = base.clone();
                    let mut n = 2;
                    while !used.insert(slug.clone()) {
                        slug = format!("{base}-{n}");
                        n += 1;
                    }
                    v.slug = slug;
                }
            }
        }
        for v in missions.iter().filter(|v| v.has_page) {
            let content_rel = crate::journal::relative(&book.content_dir, &v.mission.path);
            pages.insert(content_rel, Some(v.url()));
        }
        View {
            audience,
            lang,
            missions,
            pages,
            warnings,
        }
    }
}

/// Words that name no one: a client's name may contain them without the file name leaking it.
const COMMON_WORDS: &[&str] = &[
    "a", "and", "au", "aux", "co", "d", "de", "des", "du", "en", "et", "eurl", "gmbh", "inc", "l",
    "la", "le", "les", "llc", "ltd", "of", "sa", "sarl", "sas", "sasu", "sci", "the",
];

/// The public slug of a case study: the file's slug with each run of words of the client's name
/// (other than common words and words of the alias) replaced by the alias, so that neither the
/// whole name nor a part of it reaches a URL (`zqclient-refonte.md` for "Zqclient Sarl", alias
/// "un artisan", becomes `un-artisan-refonte`).
fn public_slug(slug: &str, client: &str, alias: &str) -> String {
    let alias = slugify(alias);
    let client = slugify(client);
    let name: Vec<&str> = client
        .split('-')
        .filter(|w| {
            !w.is_empty() && !COMMON_WORDS.contains(w) && !alias.split('-').any(|a| a == *w)
        })
        .collect();
    let mut out: Vec<&str> = Vec::new();
    let mut in_name = false;
    for word in slug.split('-') {
        if name.contains(&word) {
            if !in_name && !alias.is_empty() {
                out.push(&alias);
            }
            in_name = true;
        } else {
            out.push(word);
            in_name = false;
        }
    }
    let out = out.join("-");
    if out.is_empty() { alias } else { out }
}

/// The label of a lessons-only mission in public: its alias, else its tags and year. Never its
/// title, which is private and often names the client.
fn neutral_label(front: &Front, alias: Option<&str>, lang: Lang) -> String {
    if let Some(a) = alias {
        return a.to_string();
    }
    let year = front
        .start
        .as_ref()
        .map(|s| s.value.year().to_string())
        .unwrap_or_default();
    let tags = front.tags.join(", ");
    match (tags.is_empty(), year.is_empty()) {
        (true, true) => tr!(lang, "Une mission", "A mission"),
        (true, false) => tr!(lang, "Mission de {year}", "Mission, {year}"),
        (false, true) => tr!(lang, "Mission {tags}", "Mission: {tags}"),
        (false, false) => tr!(lang, "Mission {tags}, {year}", "Mission: {tags}, {year}"),
    }
}

#[cfg(test)]
mod tests {
    use super::{public_slug, substitute_name};

    #[test]
    fn the_client_name_is_replaced_even_when_wrapped() {
        let name = "Boutique Lumière SARL";
        assert_eq!(
            substitute_name(
                "pour Boutique\nLumière  sarl, puis BOUTIQUE LUMIÈRE SARL.",
                name,
                "X"
            ),
            "pour X, puis X."
        );
        assert_eq!(
            substitute_name("Boutique Lumière SARLU reste", name, "X"),
            "Boutique Lumière SARLU reste"
        );
        assert_eq!(substitute_name("rien", name, "X"), "rien");
    }

    #[test]
    fn a_public_slug_holds_no_word_of_the_client_name() {
        let slug = |s, c, a| public_slug(s, c, a);
        assert_eq!(
            slug("zqclient-refonte", "ZQCLIENT Sarl", "un artisan"),
            "un-artisan-refonte"
        );
        assert_eq!(
            slug(
                "refonte-seo-boutique-lumiere",
                "Boutique Lumière SARL",
                "un e-commerçant"
            ),
            "refonte-seo-un-e-commercant"
        );
        // Words the alias shares with the name, and common words, name no one.
        assert_eq!(
            slug(
                "identite-visuelle-brasserie-du-port",
                "Brasserie du Vieux Moulin SAS",
                "une brasserie"
            ),
            "identite-visuelle-brasserie-du-port"
        );
        assert_eq!(
            slug("lebrun", "Menuiserie Lebrun", "une menuiserie"),
            "une-menuiserie"
        );
        assert_eq!(slug("lebrun", "Menuiserie Lebrun", "…"), "");
    }
}
