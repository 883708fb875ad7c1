//! The facts a letter is written from: reads the mission's front matter, its sections and
//! `book.toml`'s `[author]` and `[money]`, and builds the template context. A fact the letter
//! needs and the journal lacks is an error naming the key and the file; an optional one becomes
//! a visible placeholder and a warning. Nothing is invented.

use super::ending::{self, NoticeFacts, RgpdFacts};
use super::invoices::{self, Line, Totals};
use super::parties::{self, Author, Recipient};
use crate::config::Config;
use crate::diagnostic::LetterKind;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::journal::{Element, Mission, Status};
use crate::tr;
use jiff::civil::Date;
use serde::Serialize;

/// What the command asks for.
pub struct Request<'a> {
    pub kind: LetterKind,
    pub lang: Lang,
    /// The letter's date.
    pub date: Date,
    /// `--invoice` numbers (empty: every unpaid invoice).
    pub invoices: &'a [String],
    pub force: bool,
    /// `--format eml`: the recipient's and sender's e-mail addresses are needed, the postal
    /// addresses are not.
    pub eml: bool,
}

/// The template context (documented in docs/letters.md).
#[derive(Serialize, Debug)]
pub struct Context {
    pub kind: &'static str,
    pub lang: &'static str,
    pub date: String,
    pub place_date: String,
    pub subject: String,
    pub author: Author,
    pub recipient: Recipient,
    pub mission: MissionFacts,
    pub invoices: Vec<Line>,
    pub totals: Option<Totals>,
    pub deadline: Option<String>,
    pub notice: Option<NoticeFacts>,
    pub rgpd: Option<RgpdFacts>,
    pub sections: Sections,
    pub public: Option<super::public::PublicFacts>,
    /// Placeholders for facts the journal has no key for.
    pub to_fill: ToFill,
}

#[derive(Serialize, Debug)]
pub struct MissionFacts {
    pub title: String,
    pub slug: String,
    pub start: Option<String>,
    pub end: Option<String>,
    pub closed: bool,
}

/// Body sections, as written (Markdown), or a placeholder.
#[derive(Serialize, Debug)]
pub struct Sections {
    pub deliverables: String,
    pub handover: String,
    pub access: String,
}

#[derive(Serialize, Debug)]
pub struct ToFill {
    pub payment_details: String,
    /// `notice`: what went well (the journal has no key for it).
    pub went_well: String,
    pub review_place: String,
}

/// A built context and what to tell the author on stderr.
pub struct Built {
    pub context: Context,
    pub warnings: Vec<String>,
}

/// `[à compléter : what]` / `[to fill: what]`.
pub fn placeholder(lang: Lang, what: &str) -> String {
    tr!(lang, "[à compléter\u{A0}: {what}]", "[to fill: {what}]")
}

/// `5 mars 2026`, `1er juillet 2025`; `5 March 2026`.
pub use crate::i18n::format::letter_date as long_date;

/// Builds the context of `req.kind` for `mission`.
pub fn build(config: &Config, mission: &Mission, req: &Request) -> Result<Built> {
    let lang = req.lang;
    let front = mission.front.as_ref().ok_or_else(|| {
        Error::new(tr!(
            lang,
            "{}\u{A0}: l’en-tête du journal est illisible\u{A0}; lancez `debrief lint` pour voir pourquoi",
            "{}: the journal’s front matter cannot be read; run `debrief lint` to see why",
            mission.rel
        ))
    })?;
    let mut need = Needs {
        kind: req.kind,
        lang,
        file: &mission.rel,
    };
    let mut warnings = Vec::new();
    let author = parties::author(config, req, &mut need)?;
    let recipient = parties::recipient(front, req, &mut need)?;
    let title = need.text(&front.title, "title")?;
    let mission_facts = MissionFacts {
        title: title.clone(),
        slug: mission.slug.clone(),
        start: front.start.as_ref().map(|d| long_date(d.value, lang)),
        end: front.end.as_ref().map(|d| long_date(d.value, lang)),
        closed: front.status.as_ref().map(|s| s.value) == Some(Status::Closed),
    };

    let (lines, totals, numbers) = if req.kind.is_money() {
        let selected = invoices::select(config, mission, front, req, &mut warnings)?;
        let numbers = selected
            .iter()
            .map(|l| (l.number.clone(), l.deposit))
            .collect();
        let totals = invoices::totals(&selected, lang);
        (selected, Some(totals), numbers)
    } else {
        (Vec::new(), None, Vec::new())
    };
    let deadline = req.kind.is_money().then(|| {
        let days = config.lint.policy.formal_notice_days;
        long_date(
            req.date
                .checked_add(jiff::Span::new().days(days))
                .unwrap_or(Date::MAX),
            lang,
        )
    });

    let notice = match req.kind {
        LetterKind::Notice | LetterKind::NoticeConfirmation => {
            Some(ending::notice(front, req, &mut need, &mut warnings)?)
        }
        _ => None,
    };
    let rgpd = match req.kind {
        LetterKind::RgpdDeletion => Some(ending::rgpd(front, &mut need)?),
        _ => None,
    };
    let public = match req.kind {
        LetterKind::CaseStudyConsent => {
            need.text(&front.client_alias, "client_alias")?;
            Some(super::public::facts(config, mission, req)?)
        }
        _ => None,
    };

    let section = |element: Element, what_fr: &str, what_en: &str, wanted: bool| {
        let text = section_text(mission, element);
        if text.is_empty() {
            let what = lang.pick(what_fr, what_en);
            if wanted {
                (placeholder(lang, what), true)
            } else {
                (String::new(), false)
            }
        } else {
            (text, false)
        }
    };
    let wants = |kinds: &[LetterKind]| kinds.contains(&req.kind);
    let mut sections = Vec::new();
    for (element, fr, en, kinds) in [
        (
            Element::Deliverables,
            "les livrables (section Livrables)",
            "the deliverables (Deliverables section)",
            &[LetterKind::FeedbackRequest, LetterKind::Handover][..],
        ),
        (
            Element::Handover,
            "la passation (section Passation)",
            "the handover (Handover section)",
            &[LetterKind::Handover][..],
        ),
        (
            Element::Access,
            "les accès (section Accès)",
            "the access list (Access section)",
            &[LetterKind::Handover][..],
        ),
    ] {
        let (text, missing) = section(element, fr, en, wants(kinds));
        if missing {
            warnings.push(tr!(
                lang,
                "{}\u{A0}: section absente ou vide, laissée à compléter\u{A0}: {fr}",
                "{}: section missing or empty, left to fill in: {en}",
                mission.rel
            ));
        }
        sections.push(text);
    }
    let [deliverables, handover, access] = <[String; 3]>::try_from(sections)
        .map_err(|_| Error::new("internal: three sections expected"))?;

    let payment_details = placeholder(
        lang,
        lang.pick("coordonnées bancaires (IBAN)", "payment details (IBAN)"),
    );
    if req.kind.is_money() {
        warnings.push(tr!(
            lang,
            "les coordonnées bancaires n’ont pas de clé dans le journal\u{A0}: complétez-les dans la lettre",
            "payment details have no key in the journal: fill them in the letter"
        ));
    }
    let went_well = placeholder(
        lang,
        lang.pick(
            "ce qui s’est bien passé, en une ou deux phrases",
            "what went well, in a sentence or two",
        ),
    );
    if req.kind == LetterKind::Notice {
        warnings.push(tr!(
            lang,
            "ce qui s’est bien passé n’a pas de clé dans le journal\u{A0}: complétez-le dans la lettre",
            "what went well has no key in the journal: fill it in the letter"
        ));
    }
    let review_place = placeholder(
        lang,
        lang.pick(
            "où paraîtra la recommandation (site, LinkedIn…)",
            "where the testimonial will appear (website, LinkedIn…)",
        ),
    );
    if req.kind == LetterKind::RecommendationRequest {
        warnings.push(tr!(
            lang,
            "où paraîtra la recommandation n’a pas de clé dans le journal\u{A0}: complétez-le dans la lettre",
            "where the testimonial will appear has no key in the journal: fill it in the letter"
        ));
    }

    let date = long_date(req.date, lang);
    let place_date = match lang {
        Lang::Fr => format!("Fait à {}, le {date}", author.city),
        Lang::En => format!("{}, {date}", author.city),
    };
    let context = Context {
        kind: req.kind.name(),
        lang: lang.code(),
        subject: req.kind.subject(lang, &title, &numbers),
        date,
        place_date,
        author,
        recipient,
        mission: mission_facts,
        invoices: lines,
        totals,
        deadline,
        notice,
        rgpd,
        sections: Sections {
            deliverables,
            handover,
            access,
        },
        public,
        to_fill: ToFill {
            payment_details,
            went_well,
            review_place,
        },
    };
    Ok(Built { context, warnings })
}

/// Reports missing keys as errors naming the key and the file.
#[derive(Clone, Copy)]
pub struct Needs<'a> {
    pub kind: LetterKind,
    pub lang: Lang,
    pub file: &'a str,
}

impl Needs<'_> {
    /// The error for a missing key, with an optional alternative.
    pub fn missing(&self, key: &str, or: Option<&str>) -> Error {
        let kind = self.kind.name();
        let file = self.file;
        let or = or.map_or_else(String::new, |o| tr!(self.lang, " — ou {o}", " — or {o}"));
        Error::new(tr!(
            self.lang,
            "{kind} a besoin de {key} ({file}){or}",
            "{kind} needs {key} ({file}){or}"
        ))
    }

    pub(super) fn text(
        &mut self,
        field: &Option<crate::journal::schema::Field<String>>,
        key: &str,
    ) -> Result<String> {
        field
            .as_ref()
            .map(|f| f.value.trim().to_string())
            .filter(|s| !s.is_empty())
            .ok_or_else(|| self.missing(key, None))
    }
}

/// The text of a mission's non-empty sections of `element`, as written, joined by a blank line.
fn section_text(mission: &Mission, element: Element) -> String {
    mission
        .body
        .sections(element)
        .filter(|h| !h.empty)
        .filter_map(|h| mission.source.get(h.content.clone()))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn long_dates() {
        assert_eq!(long_date(date(2026, 3, 5), Lang::Fr), "5 mars 2026");
        assert_eq!(long_date(date(2025, 7, 1), Lang::Fr), "1er juillet 2025");
        assert_eq!(long_date(date(2026, 3, 5), Lang::En), "5 March 2026");
        assert_eq!(long_date(date(2024, 2, 29), Lang::En), "29 February 2024");
    }
}
