//! clap's own errors (an unknown option, a missing argument, a bad value) worded in French, with
//! the usage line and the pointer to `--help` French too. English keeps clap's wording.

use crate::i18n::Lang;
use clap::error::{ContextKind, ContextValue, Error, ErrorKind};
use std::fmt::Write as _;

fn text(e: &Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => Some(v.join(", ")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::StyledStrs(v) => Some(
            v.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ContextValue::Number(n) => Some(n.to_string()),
        ContextValue::Bool(b) => Some(b.to_string()),
        ContextValue::None => None,
        _ => None,
    }
}

fn list(e: &Error, kind: ContextKind) -> Vec<String> {
    match e.get(kind) {
        Some(ContextValue::Strings(v)) => v.clone(),
        Some(ContextValue::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    }
}

/// The first line after `erreur :`, and the tips that follow it.
fn message(e: &Error) -> (String, Vec<String>) {
    let arg = text(e, ContextKind::InvalidArg).unwrap_or_default();
    let value = text(e, ContextKind::InvalidValue).unwrap_or_default();
    let mut tips = Vec::new();
    for s in list(e, ContextKind::SuggestedArg) {
        tips.push(format!("une option proche existe : `{s}`"));
    }
    for s in list(e, ContextKind::SuggestedSubcommand) {
        tips.push(format!("une commande proche existe : `{s}`"));
    }
    for s in list(e, ContextKind::SuggestedValue) {
        tips.push(format!("une valeur proche existe : `{s}`"));
    }
    let message = match e.kind() {
        ErrorKind::UnknownArgument => format!("option ou argument inattendu : `{arg}`"),
        ErrorKind::InvalidSubcommand => {
            let sub = text(e, ContextKind::InvalidSubcommand).unwrap_or_default();
            format!("commande inconnue : `{sub}`")
        }
        ErrorKind::InvalidValue if value.is_empty() => format!("`{arg}` attend une valeur"),
        ErrorKind::InvalidValue => {
            let valid = list(e, ContextKind::ValidValue);
            if !valid.is_empty() {
                tips.push(format!("valeurs possibles : {}", valid.join(", ")));
            }
            format!("`{value}` n’est pas une valeur possible pour `{arg}`")
        }
        ErrorKind::ValueValidation => {
            let why = std::error::Error::source(e).map(ToString::to_string);
            match why {
                Some(why) => format!("valeur invalide pour `{arg}` : {why}"),
                None => format!("`{value}` n’est pas une valeur valable pour `{arg}`"),
            }
        }
        ErrorKind::MissingRequiredArgument => {
            let missing = list(e, ContextKind::InvalidArg);
            format!("argument obligatoire manquant : {}", missing.join(", "))
        }
        ErrorKind::MissingSubcommand => {
            let sub = text(e, ContextKind::InvalidSubcommand).unwrap_or_default();
            format!("`{sub}` attend une commande")
        }
        ErrorKind::ArgumentConflict => {
            let prior = text(e, ContextKind::PriorArg).unwrap_or_default();
            format!("`{arg}` ne peut pas être utilisé avec `{prior}`")
        }
        ErrorKind::TooManyValues => format!("trop de valeurs pour `{arg}` : `{value}`"),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("`{arg}` n’a pas le bon nombre de valeurs")
        }
        ErrorKind::NoEquals => format!("`{arg}` attend sa valeur après `=`"),
        ErrorKind::InvalidUtf8 => "un argument n’est pas du texte UTF-8 valide".to_string(),
        _ => english_line(e),
    };
    (message, tips)
}

/// The kinds this definition does not produce (clap's formatting and I/O errors): clap's
/// English line, without its label.
fn english_line(e: &Error) -> String {
    let text = e.render().to_string();
    let first = text.lines().next().unwrap_or_default();
    first.strip_prefix("error: ").unwrap_or(first).to_string()
}

/// The whole error as printed on stderr, in `lang` (clap's own text in English).
pub fn render(e: &Error, lang: Lang) -> String {
    if lang == Lang::En {
        return e.render().to_string();
    }
    let (message, tips) = message(e);
    let mut out = format!("erreur\u{a0}: {}\n", super::fr::spacing(&message));
    if !tips.is_empty() {
        out.push('\n');
        for tip in tips {
            let _ = writeln!(out, "  astuce\u{a0}: {}", super::fr::spacing(&tip));
        }
    }
    if let Some(usage) = text(e, ContextKind::Usage) {
        let usage = usage.trim();
        let usage = usage.strip_prefix("Usage:").map_or(usage, str::trim_start);
        let _ = write!(out, "\nUtilisation\u{a0}: {usage}\n");
    }
    out.push_str("\nPour en savoir plus, essayez `--help`.\n");
    out
}
