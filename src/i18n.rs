//! The two interface languages, French and English, and the `tr!` macro that picks a message.
//!
//! Every user-facing sentence is written in both languages at the place it is produced, so a
//! message and its translation never drift apart. Rule ids and front-matter keys are never translated.

pub mod format;
pub mod plural;
pub mod typeset;

pub use plural::{count, count_of, days};
use std::fmt;
use std::str::FromStr;
pub use typeset::typeset;

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

    /// The colon after a label: French puts a no-break space before it (`erreur :`).
    pub fn colon(self) -> &'static str {
        self.pick("\u{a0}:", ":")
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
