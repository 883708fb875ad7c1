//! `debrief draft`'s letters: which facts each kind needs (`facts`, `parties`, `ending`,
//! `invoices`, `public`), the embedded templates (`render`), and the three output forms:
//! Markdown, plain text wrapped at 72 columns (`txt`) and an RFC 5322 draft message (`eml`).
//! Nothing here sends anything.

pub mod eml;
pub mod ending;
pub mod facts;
pub mod invoices;
pub mod kinds;
pub mod parties;
pub mod public;
pub mod render;
pub mod txt;

use crate::config::Config;
use crate::diagnostic::LetterKind;
use crate::error::Result;
use crate::i18n::Lang;
use crate::journal::Mission;
use crate::tr;

pub use facts::Request;
pub use render::Templates;

/// The output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    #[default]
    Md,
    Txt,
    Eml,
}

/// A drafted letter and what to tell its author on stderr (never part of the letter).
pub struct Letter {
    pub text: String,
    pub warnings: Vec<String>,
    /// For the author: seed 000's registered-letter tips, the advice note.
    pub notes: Vec<String>,
}

/// Drafts letter `req.kind` for `mission` in `format`, with `templates` of the letter's language.
pub fn draft(
    config: &Config,
    templates: &Templates,
    mission: &Mission,
    req: &Request,
    format: Format,
) -> Result<Letter> {
    let built = facts::build(config, mission, req)?;
    let md = templates.render(req.kind, &built.context)?;
    let text = match format {
        Format::Md => md,
        Format::Txt => txt::from_markdown(&md),
        Format::Eml => {
            let c = &built.context;
            let from = eml::Mailbox {
                name: &c.author.name,
                email: c.author.email.as_deref().unwrap_or_default(),
            };
            let to_name = c.recipient.name.as_deref().unwrap_or(&c.recipient.client);
            let to = eml::Mailbox {
                name: to_name,
                email: c.recipient.email.as_deref().unwrap_or_default(),
            };
            eml::message(&from, &to, &c.subject, req.date, &txt::from_markdown(&md))?
        }
    };
    Ok(Letter {
        text,
        warnings: built.warnings,
        notes: notes(req.kind, req.lang),
    })
}

/// What the author reads after the letter: the registered-letter tips of seed 000 for a formal
/// notice, and the advice note for a letter of a legal nature.
fn notes(kind: LetterKind, lang: Lang) -> Vec<String> {
    let mut notes = Vec::new();
    if kind == LetterKind::FormalNotice {
        notes.push(tr!(
            lang,
            "Envoi en recommandé avec accusé de réception (conseils du billet 000)\u{A0}:\n  - pliez la lettre sans enveloppe, pour que son contenu soit plus difficile à contester\u{A0};\n  - recopiez le numéro du recommandé sur la lettre\u{A0};\n  - joignez les factures\u{A0};\n  - envoyez les mêmes documents par e-mail en citant ce numéro.",
            "Sending it by registered letter with acknowledgement of receipt (seed 000’s tips):\n  - fold the letter without an envelope, so its content is harder to dispute;\n  - copy the registration number onto the letter;\n  - enclose the invoices;\n  - e-mail the same documents, quoting the number."
        ));
    }
    if kind.is_legal() {
        notes.push(tr!(
            lang,
            "Modèle indicatif\u{A0}: relisez-le\u{A0}; en cas de doute, demandez conseil.",
            "A template to review; seek advice if unsure."
        ));
    }
    notes
}
