//! French typography for sentences written with plain spaces and straight apostrophes: a
//! no-break space (U+00A0) before `:` `;` `?` `!` and inside « guillemets », and the curly
//! apostrophe of an elision (`d'ici` → `d’ici`), outside `code spans` (a key, a heading, a
//! command are shown as written). Applied once where messages leave the linter, so that every rule's
//! French reads right without each string carrying its own no-break spaces.

use super::Lang;
use std::borrow::Cow;

/// `text` typeset for `lang` (English is returned as it is).
pub fn typeset(text: &str, lang: Lang) -> Cow<'_, str> {
    if lang == Lang::En {
        return Cow::Borrowed(text);
    }
    // Only spaces and apostrophes change (ASCII, so each is a character of its own): the text
    // between them is copied as it is, and not at all when nothing changes.
    let mut out = String::new();
    let mut copied = 0;
    let mut in_code = false;
    for (i, b) in text.bytes().enumerate() {
        let set = match b {
            b'`' => {
                in_code = !in_code;
                continue;
            }
            _ if in_code => continue,
            b' ' | b'\'' => {
                // The characters on either side (a space and an apostrophe are one byte each).
                let before = text[..i].chars().next_back();
                let after = text[i + 1..].chars().next();
                match b {
                    b' ' if matches!(after, Some(':' | ';' | '?' | '!' | '»'))
                        || before == Some('«') =>
                    {
                        '\u{a0}'
                    }
                    b'\''
                        if before.is_some_and(char::is_alphabetic)
                            && after.is_some_and(char::is_alphabetic) =>
                    {
                        '’'
                    }
                    _ => continue,
                }
            }
            _ => continue,
        };
        if out.capacity() == 0 {
            out.reserve(text.len() + 8);
        }
        out.push_str(&text[copied..i]);
        out.push(set);
        copied = i + 1;
    }
    if out.capacity() == 0 {
        return Cow::Borrowed(text);
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The former definition, character by character: the reference of the property below.
    fn reference(text: &str) -> String {
        let mut out = String::new();
        let mut in_code = false;
        let mut chars = text.chars().peekable();
        let mut previous = None;
        while let Some(c) = chars.next() {
            if c == '`' {
                in_code = !in_code;
            }
            let nbsp = !in_code
                && c == ' '
                && (matches!(chars.peek(), Some(':' | ';' | '?' | '!' | '»'))
                    || previous == Some('«'));
            let elision = !in_code
                && c == '\''
                && previous.is_some_and(char::is_alphabetic)
                && chars.peek().is_some_and(|n| n.is_alphabetic());
            out.push(if nbsp {
                '\u{a0}'
            } else if elision {
                '’'
            } else {
                c
            });
            previous = Some(c);
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn typesets_as_character_by_character(
            text in "([a-z :;?!'`«»]|é|É|\u{a0}|€|1){0,24}"
        ) {
            let set = typeset(&text, Lang::Fr);
            let expected = reference(&text);
            proptest::prop_assert_eq!(set.as_ref(), expected.as_str());
            proptest::prop_assert_eq!(matches!(set, Cow::Borrowed(_)), set == text);
        }
    }

    #[test]
    fn french_gets_no_break_spaces_outside_code() {
        assert_eq!(
            typeset(
                "préavis trop court : 15 jours ; voir « Passation » ? oui !",
                Lang::Fr
            ),
            "préavis trop court\u{a0}: 15 jours\u{a0}; voir «\u{a0}Passation\u{a0}»\u{a0}? oui\u{a0}!"
        );
        assert_eq!(
            typeset("ajoutez `lint: { allow : x }` : puis", Lang::Fr),
            "ajoutez `lint: { allow : x }`\u{a0}: puis"
        );
        assert_eq!(
            typeset("already\u{a0}: done", Lang::Fr),
            "already\u{a0}: done"
        );
        assert_eq!(typeset("mixed : English", Lang::En), "mixed : English");
        assert!(matches!(
            typeset("rien à faire", Lang::Fr),
            Cow::Borrowed(_)
        ));
    }
}
