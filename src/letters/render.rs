//! The letter templates: minijinja files embedded in the binary under `letters/<lang>/`, each
//! overridable by the file of the same path in the book's theme directory, rendered with the
//! context of `facts`. No autoescaping: the output is Markdown text.

use crate::diagnostic::LetterKind;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::site::templates::file;
use minijinja::Environment;
use std::path::{Path, PathBuf};

macro_rules! letters {
    ($($name:literal),+ $(,)?) => {
        &[$(($name, include_str!(concat!("../../theme/", $name)))),+]
    };
}

/// Every letter template, by its path inside the theme directory.
pub static TEMPLATES: &[(&str, &str)] = letters!(
    "letters/fr/base.md.j2",
    "letters/fr/notice.md.j2",
    "letters/fr/notice-confirmation.md.j2",
    "letters/fr/payment-reminder.md.j2",
    "letters/fr/formal-notice.md.j2",
    "letters/fr/rgpd-deletion.md.j2",
    "letters/fr/feedback-request.md.j2",
    "letters/fr/recommendation-request.md.j2",
    "letters/fr/case-study-consent.md.j2",
    "letters/fr/handover.md.j2",
    "letters/en/base.md.j2",
    "letters/en/notice.md.j2",
    "letters/en/notice-confirmation.md.j2",
    "letters/en/payment-reminder.md.j2",
    "letters/en/formal-notice.md.j2",
    "letters/en/rgpd-deletion.md.j2",
    "letters/en/feedback-request.md.j2",
    "letters/en/recommendation-request.md.j2",
    "letters/en/case-study-consent.md.j2",
    "letters/en/handover.md.j2",
);

/// The letter templates of one language, loaded once (the book's overrides first).
pub struct Templates {
    env: Environment<'static>,
    lang: Lang,
    theme_dir: PathBuf,
}

impl Templates {
    /// Loads the templates of `lang`: the book's `theme/letters/<lang>/` files first, else the
    /// embedded ones.
    pub fn load(theme_dir: &Path, lang: Lang) -> Result<Templates> {
        let mut env = Environment::new();
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        let syntax = minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .keep_trailing_newline(true)
            .build()
            .map_err(|e| Error::new(e.to_string()))?;
        env.set_syntax(syntax);
        let prefix = format!("letters/{}/", lang.code());
        for (name, embedded) in TEMPLATES.iter().filter(|(n, _)| n.starts_with(&prefix)) {
            let text = file(theme_dir, name, embedded, lang)?;
            env.add_template_owned(name.to_string(), text.into_owned())
                .map_err(|e| template_error(theme_dir, &e))?;
        }
        Ok(Templates {
            env,
            lang,
            theme_dir: theme_dir.to_path_buf(),
        })
    }

    /// Renders the letter `kind` with `context`.
    pub fn render(&self, kind: LetterKind, context: &super::facts::Context) -> Result<String> {
        let name = format!("letters/{}/{}.md.j2", self.lang.code(), kind.name());
        let template = self
            .env
            .get_template(&name)
            .map_err(|e| template_error(&self.theme_dir, &e))?;
        let text = template
            .render(minijinja::value::Serde(context))
            .map_err(|e| template_error(&self.theme_dir, &e))?;
        Ok(tidy(&text))
    }
}

/// Trailing spaces removed, runs of blank lines collapsed to one, one final newline.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = true;
    for line in text.lines() {
        let line = line.trim_end_matches(' ');
        if line.is_empty() {
            if !blank {
                out.push('\n');
            }
            blank = true;
        } else {
            out.push_str(line);
            out.push('\n');
            blank = false;
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

fn template_error(theme_dir: &Path, e: &minijinja::Error) -> Error {
    let name = e.name().unwrap_or("?");
    let line = e.line().map_or_else(String::new, |l| format!(":{l}"));
    Error::new(format!("{}{line}: {e}", theme_dir.join(name).display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidy_collapses_blank_lines() {
        assert_eq!(tidy("\n\na  \n\n\n\nb\n\n"), "a\n\nb\n");
    }

    #[test]
    fn every_kind_has_a_template_in_both_languages() {
        for lang in ["fr", "en"] {
            for kind in LetterKind::ALL {
                let name = format!("letters/{lang}/{}.md.j2", kind.name());
                assert!(TEMPLATES.iter().any(|(n, _)| *n == name), "{name}");
            }
        }
    }
}
