//! What a case-study-consent letter shows the client: the mission as a public build would
//! publish it once consent is given (the same audience filter: `audience::View`), its title and
//! lessons with the client's names replaced by the alias.

use super::facts::Request;
use crate::audience::{Audience, View, Which};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::journal::{Book, Mission, Publish};
use crate::tr;
use pulldown_cmark::{Event, TagEnd};
use serde::Serialize;

#[derive(Serialize, Debug)]
pub struct PublicFacts {
    pub alias: String,
    /// The public title.
    pub title: String,
    /// The public lessons, as plain text paragraphs.
    pub lessons: Vec<String>,
}

/// The public view of `mission` as a case study consented to on the letter's date.
pub fn facts(config: &Config, mission: &Mission, req: &Request) -> Result<PublicFacts> {
    let lang = req.lang;
    let mut consented = mission.clone();
    if let Some(front) = consented.front.as_mut() {
        front.publish = Some(crate::journal::schema::Field {
            value: Publish::CaseStudy,
            pos: front.publish_pos.unwrap_or_default(),
        });
        front.case_study_consent = Some(crate::journal::schema::Field {
            value: req.date,
            pos: Default::default(),
        });
        front.draft = false;
    }
    let book = Book {
        root: std::path::PathBuf::new(),
        config: config.clone(),
        content_dir: std::path::PathBuf::new(),
        missions: vec![consented],
        pages: Vec::new(),
    };
    let view = View::new(&book, Audience::Public, true, lang);
    let Some(shown) = view.missions.first() else {
        let why = view
            .warnings
            .first()
            .map_or_else(String::new, |w| format!(" ({})", w.message));
        return Err(Error::new(tr!(
            lang,
            "{}\u{A0}: cette mission ne serait pas publiée comme étude de cas{why}\u{A0}; corrigez ce que `debrief lint` signale",
            "{}: this mission would not be published as a case study{why}; fix what `debrief lint` reports",
            mission.rel
        )));
    };
    let alias = shown.client_label.clone();
    let mut lessons = Vec::new();
    let mut current = String::new();
    for (event, _) in shown.journal.parts().events(Which::Lessons) {
        match event {
            Event::Text(t) | Event::Code(t) => current.push_str(&t),
            Event::SoftBreak | Event::HardBreak => current.push(' '),
            // The section's heading is not a lesson.
            Event::End(TagEnd::Heading(_)) => current.clear(),
            Event::End(TagEnd::Paragraph | TagEnd::Item) => {
                let text = current.trim().to_string();
                if !text.is_empty() {
                    lessons.push(text);
                }
                current.clear();
            }
            _ => {}
        }
    }
    Ok(PublicFacts {
        alias,
        title: shown.title.clone(),
        lessons,
    })
}
