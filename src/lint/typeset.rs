//! The linter's typography pass: messages and helps are set in the language's typography
//! (`i18n::typeset`) once per distinct text on each thread, since most helps, and many
//! messages, are the same words for many missions.

use super::Diagnostic;
use crate::i18n::Lang;
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;

/// How many texts a thread remembers; past that it starts over.
const KEPT: usize = 1024;

/// The texts a thread has typeset, in one language, and what typesetting made of each (`None`:
/// nothing to change).
#[derive(Default)]
struct Memo {
    lang: Option<Lang>,
    done: HashMap<String, Option<String>>,
}

thread_local! {
    static MEMO: RefCell<Memo> = RefCell::default();
}

/// Sets every message and help of `diagnostics` in `lang`'s typography: every rule writes plain
/// spaces, the linter sets them once.
pub(super) fn typeset(diagnostics: &mut [Diagnostic], lang: Lang) {
    MEMO.with_borrow_mut(|memo| {
        if memo.lang != Some(lang) {
            memo.done.clear();
            memo.lang = Some(lang);
        }
        for d in diagnostics {
            memo.set(&mut d.message, lang);
            if let Some(help) = &mut d.help {
                memo.set(help, lang);
            }
        }
    });
}

impl Memo {
    fn set(&mut self, text: &mut String, lang: Lang) {
        if let Some(done) = self.done.get(text.as_str()) {
            // A copy of its own length: diagnostics are kept to the end of the run.
            if let Some(set) = done {
                *text = set.clone();
            }
            return;
        }
        let done = match crate::i18n::typeset(text, lang) {
            Cow::Owned(set) => Some(set),
            Cow::Borrowed(_) => None,
        };
        if self.done.len() >= KEPT {
            self.done.clear();
        }
        self.done.insert(text.clone(), done.clone());
        if let Some(set) = done {
            *text = set;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;

    fn diagnostic(message: &str, help: Option<&str>) -> Diagnostic {
        Diagnostic {
            path: "p.md".into(),
            line: 1,
            column: 1,
            rule: "r".into(),
            severity: Severity::Info,
            message: message.into(),
            help: help.map(String::from),
            source_line: String::new(),
        }
    }

    /// Remembered or not, in either language, a text is set as `i18n::typeset` sets it.
    #[test]
    fn a_remembered_text_is_set_as_the_first_time() {
        let texts = ["l'accès : ouvert", "rien à changer", "« cité » ?"];
        for lang in [Lang::Fr, Lang::En, Lang::Fr] {
            for _ in 0..2 {
                let mut all: Vec<_> = texts.iter().map(|t| diagnostic(t, Some(t))).collect();
                typeset(&mut all, lang);
                for (d, t) in all.iter().zip(texts) {
                    let expected = crate::i18n::typeset(t, lang);
                    assert_eq!(d.message, expected);
                    assert_eq!(d.help.as_deref(), Some(&*expected));
                }
            }
        }
    }
}
