//! The two interface languages, French and English, and the `tr!` macro that picks a message.
//!
//! Every user-facing sentence is written in both languages at the place it is produced, so a
//! message and its translation never drift apart. Rule ids and front-matter keys are never translated.

use std::fmt;
use std::str::FromStr;

/// An interface language: French (the default) or English.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Lang {
    #[default]
    Fr,
    En,
}

impl Lang {
    /// Picks the text written for this language.
    pub fn pick<T>(self, fr: T, en: T) -> T {
        match self {
            Lang::Fr => fr,
            Lang::En => en,
        }
    }

    pub fn code(self) -> &'static str {
        self.pick("fr", "en")
    }

    /// The language of a POSIX locale string such as `fr_FR.UTF-8` or `en_US`, if it is one of ours.
    pub fn from_locale(locale: &str) -> Option<Lang> {
        let prefix: String = locale
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect();
        match prefix.to_ascii_lowercase().as_str() {
            "fr" => Some(Lang::Fr),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

impl FromStr for Lang {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        match s {
            "fr" => Ok(Lang::Fr),
            "en" => Ok(Lang::En),
            _ => Err(()),
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// `n` with its noun, singular or plural by each language's rule: French uses the singular for
/// 0 and 1 (`0 erreur`, `1 jour`), English only for 1 (`0 errors`, `1 day`).
pub fn count(n: i64, lang: Lang, fr: (&str, &str), en: (&str, &str)) -> String {
    let (one, many) = lang.pick(fr, en);
    let singular = match lang {
        Lang::Fr => n.abs() <= 1,
        Lang::En => n.abs() == 1,
    };
    format!("{n} {}", if singular { one } else { many })
}

/// A number of days: `1 jour`, `12 days`.
pub fn days(n: i64, lang: Lang) -> String {
    count(n, lang, ("jour", "jours"), ("day", "days"))
}

/// `tr!(lang, "français {x}", "English {x}")`: formats the message of `lang`.
#[macro_export]
macro_rules! tr {
    ($lang:expr, $fr:literal, $en:literal $(,)?) => {
        match $lang {
            $crate::i18n::Lang::Fr => format!($fr),
            $crate::i18n::Lang::En => format!($en),
        }
    };
    ($lang:expr, $fr:literal, $en:literal, $($arg:tt)+) => {
        match $lang {
            $crate::i18n::Lang::Fr => format!($fr, $($arg)+),
            $crate::i18n::Lang::En => format!($en, $($arg)+),
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plurals_follow_each_language() {
        assert_eq!(days(1, Lang::Fr), "1 jour");
        assert_eq!(days(0, Lang::Fr), "0 jour");
        assert_eq!(days(2, Lang::Fr), "2 jours");
        assert_eq!(days(1, Lang::En), "1 day");
        assert_eq!(days(0, Lang::En), "0 days");
    }
}
