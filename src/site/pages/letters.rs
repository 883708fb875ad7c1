//! A mission's letters page, in private builds only: each letter `debrief draft` can write for
//! the mission, drafted on the build's date as ready-made text with the command that writes it,
//! and for the others the fact each still needs. Never rendered in a public view.

use super::Renderer;
use crate::audience::Shown;
use crate::diagnostic::LetterKind;
use crate::error::Result;
use crate::letters::{Format, Request};
use crate::site::routes;
use serde::Serialize;

#[derive(Serialize)]
struct LettersPage<'a> {
    letters: LettersData<'a>,
}

#[derive(Serialize)]
struct LettersData<'a> {
    title: String,
    mission: &'a str,
    mission_url: String,
    note: &'static str,
    ready: Vec<Ready>,
    missing_title: &'static str,
    missing: Vec<Missing>,
}

#[derive(Serialize)]
struct Ready {
    kind: &'static str,
    summary: &'static str,
    text: String,
    command: String,
}

#[derive(Serialize)]
struct Missing {
    kind: &'static str,
    reason: String,
}

impl Renderer<'_> {
    /// The letters page of `v` (its path and bytes), when this renderer makes them: a private
    /// view with a letters date, and a mission whose facts it may read.
    pub(super) fn letters(&self, v: &Shown) -> Result<Option<(String, Vec<u8>)>> {
        let (Some((date, templates)), Some(mission), true) =
            (&self.letters, v.private, self.private)
        else {
            return Ok(None);
        };
        let date = *date;
        let lang = self.lang;
        let (mut ready, mut missing) = (Vec::new(), Vec::new());
        for kind in LetterKind::ALL {
            let req = Request {
                kind,
                lang,
                date,
                invoices: &[],
                force: false,
                eml: false,
            };
            match crate::letters::draft(&self.book.config, templates, mission, &req, Format::Md) {
                Ok(letter) => ready.push(Ready {
                    kind: kind.name(),
                    summary: kind.summary(lang),
                    text: letter.text,
                    command: format!(
                        "debrief draft {} {} --date {date}",
                        kind.name(),
                        mission.slug
                    ),
                }),
                Err(e) => missing.push(Missing {
                    kind: kind.name(),
                    reason: e.to_string(),
                }),
            }
        }
        let title = format!("{} — {}", lang.pick("Lettres", "Letters"), v.title);
        let rel = routes::letters(&v.slug);
        let data = LettersPage {
            letters: LettersData {
                title: title.clone(),
                mission: &v.title,
                mission_url: v.url(),
                note: lang.pick(
                    "Modèles remplis depuis le journal, à relire avant envoi ; rien n’est envoyé. Les passages [à compléter\u{A0}: …] attendent vos informations.",
                    "Templates filled from the journal, to review before sending; nothing is sent. The [to fill: …] parts await your details.",
                ),
                ready,
                missing_title: lang.pick("Pas encore possibles", "Not possible yet"),
                missing,
            },
        };
        let bytes = self.render("letters.html", &rel, "letters", &title, data)?;
        Ok(Some((rel, bytes)))
    }
}
