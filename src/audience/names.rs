//! The names a public build hides (`client` and every `client_names` entry) and how they are
//! found: both sides folded to one canonical form (zero-width characters and soft hyphens
//! removed, `’` read as `'`, white space, no-break spaces and hyphens read as one space,
//! look-alike Cyrillic and Greek capitals read as Latin, accents removed, transliterated to
//! ASCII, lower case), then matched as whole words. A name also matches with its words run
//! together (`hotelbeausejour` for "Hôtel Beauséjour"), as in domain names and file names.
//!
//! This module only finds and replaces; what text is public is decided by `parts`.

use std::ops::Range;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// A text in canonical form, with where each canonical byte comes from in the original.
#[derive(Debug, Default)]
pub struct Folded {
    pub text: String,
    /// For each byte of `text`: where the character it comes from starts in the original (it
    /// ends where the next different start begins, or at `len`).
    spans: Vec<u32>,
    /// The original's length.
    len: usize,
    /// Whether `spans` is kept (not when only asking whether a name occurs).
    track: bool,
}

/// Characters that show nothing: they are removed before matching.
fn invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}'
        | '\u{FFA0}' | '\u{E0000}'..='\u{E007F}')
}

/// Characters read as a word separator: white space (no-break spaces included) and hyphens.
fn separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '-' | '_' | '\u{00A0}' | '\u{2010}'
                ..='\u{2015}'
                    | '\u{2212}'
                    | '\u{2E3A}'
                    | '\u{2E3B}'
                    | '\u{FE58}'
                    | '\u{FE63}'
                    | '\u{FF0D}'
        )
}

/// Capitals and small letters of other scripts drawn like Latin ones (`Веаusејоur` with
/// Cyrillic letters), read as the Latin letter they look like.
fn look_alike(c: char) -> Option<char> {
    Some(match c {
        'А' | 'а' | 'Α' | 'α' => 'a',
        'В' | 'Β' | 'в' => 'b',
        'С' | 'с' | 'Ϲ' | 'ϲ' => 'c',
        'Е' | 'е' | 'Ε' | 'ε' | 'Ё' | 'ё' => 'e',
        'Н' | 'Η' | 'н' => 'h',
        'І' | 'і' | 'Ι' | 'ι' | 'Ӏ' | 'ӏ' => 'i',
        'Ј' | 'ј' => 'j',
        'К' | 'к' | 'Κ' | 'κ' => 'k',
        'М' | 'м' | 'Μ' => 'm',
        'Ν' => 'n',
        'О' | 'о' | 'Ο' | 'ο' => 'o',
        'Р' | 'р' | 'Ρ' | 'ρ' => 'p',
        'Ѕ' | 'ѕ' => 's',
        'Т' | 'т' | 'Τ' | 'τ' => 't',
        'У' | 'у' | 'Υ' | 'υ' => 'y',
        'Х' | 'х' | 'Χ' | 'χ' => 'x',
        'Ζ' => 'z',
        'ν' => 'v',
        'ԁ' => 'd',
        'ԛ' => 'q',
        'ԝ' | 'ѡ' => 'w',
        _ => return None,
    })
}

/// The text of a run of `%XX` escapes starting at `at`, and where the run ends, when they
/// decode to UTF-8 (`%C3%A9` → `é`).
fn percent_run(text: &str, at: usize) -> Option<(String, usize)> {
    let b = text.as_bytes();
    let hex = |c: u8| (c as char).to_digit(16);
    let mut bytes = Vec::new();
    let mut i = at;
    // A run is bounded, so that finding where a match ends stays cheap.
    while b.get(i) == Some(&b'%') && bytes.len() < 256 {
        let (Some(h), Some(l)) = (
            b.get(i + 1).copied().and_then(hex),
            b.get(i + 2).copied().and_then(hex),
        ) else {
            break;
        };
        bytes.push((h * 16 + l) as u8);
        i += 3;
    }
    // Up to the last whole character (a run cut by the bound, or bad UTF-8, stops early).
    let valid = match std::str::from_utf8(&bytes) {
        Ok(_) => bytes.len(),
        Err(e) => e.valid_up_to(),
    };
    bytes.truncate(valid);
    let decoded = String::from_utf8(bytes).ok().filter(|s| !s.is_empty())?;
    Some((decoded, at + 3 * valid))
}

/// Folds `text` to the canonical form names are compared in. `%XX` escapes are read as the
/// characters they encode (`Zqx7%50ct` is `Zqx7Pct`), wherever they are.
pub fn fold(text: &str) -> Folded {
    fold_tracking(text, true)
}

/// The text of `fold(text)`, without where each byte comes from.
pub fn fold_text(text: &str) -> String {
    fold_tracking(text, false).text
}

fn fold_tracking(text: &str, track: bool) -> Folded {
    let mut out = Folded {
        text: String::with_capacity(text.len()),
        spans: Vec::with_capacity(if track { text.len() } else { 0 }),
        len: text.len(),
        track,
    };
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // Letters and digits of ASCII, most of any text, take the short way.
        if b.is_ascii_alphanumeric() {
            out.text.push(b.to_ascii_lowercase() as char);
            if track {
                out.spans.push(i as u32);
            }
            i += 1;
            continue;
        }
        if b == b'%'
            && let Some((decoded, end)) = percent_run(text, i)
        {
            let inner = fold_chars(&decoded);
            push(&mut out, &inner.text, i);
            i = end;
            continue;
        }
        // The rest of ASCII as `fold_char` reads it, without its general way: a separator is
        // one space, anything else stays as it is.
        if b.is_ascii() {
            let c = b as char;
            let folded = match separator(c) {
                false => Some(c),
                true => (out.text.as_bytes().last() != Some(&b' ')).then_some(' '),
            };
            if let Some(c) = folded {
                out.text.push(c);
                if track {
                    out.spans.push(i as u32);
                }
            }
            i += 1;
            continue;
        }
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        fold_char(&mut out, c, i);
        i += c.len_utf8();
    }
    out
}

fn fold_chars(text: &str) -> Folded {
    let mut out = Folded::default();
    for (i, c) in text.char_indices() {
        fold_char(&mut out, c, i);
    }
    out
}

/// Appends `s`, which comes from the character at `from` of the original.
fn push(out: &mut Folded, s: &str, from: usize) {
    if out.track {
        out.spans.extend(std::iter::repeat_n(from as u32, s.len()));
    }
    out.text.push_str(s);
}

/// Appends the folded form of `c`, which starts at `i` in the original.
fn fold_char(out: &mut Folded, c: char, i: usize) {
    let mut buf = [0; 4];
    if c.is_ascii() {
        if c.is_ascii_alphanumeric() || c == '\'' {
            push(out, c.to_ascii_lowercase().encode_utf8(&mut buf), i);
        } else if separator(c) {
            if !out.text.ends_with(' ') {
                push(out, " ", i);
            }
        } else {
            push(out, c.encode_utf8(&mut buf), i);
        }
        return;
    }
    if invisible(c) {
        return;
    }
    if separator(c) {
        if !out.text.ends_with(' ') {
            push(out, " ", i);
        }
        return;
    }
    if matches!(c, '’' | '‘' | 'ʼ' | '′' | '´' | 'ʹ' | '＇') {
        push(out, "'", i);
        return;
    }
    let mut base = Vec::with_capacity(2);
    decompose_canonical(c, |d| {
        if !is_combining_mark(d) {
            base.push(d);
        }
    });
    for d in base {
        if let Some(l) = look_alike(d) {
            push(out, l.encode_utf8(&mut buf), i);
        } else if d.is_alphanumeric() {
            match deunicode::deunicode_char(d) {
                Some(ascii) if !ascii.is_empty() => {
                    for a in ascii.chars() {
                        if a.is_ascii_alphanumeric() {
                            push(out, a.to_ascii_lowercase().encode_utf8(&mut buf), i);
                        } else if !out.text.ends_with(' ') {
                            push(out, " ", i);
                        }
                    }
                }
                _ => {
                    for l in d.to_lowercase() {
                        push(out, l.encode_utf8(&mut buf), i);
                    }
                }
            }
        } else {
            push(out, d.encode_utf8(&mut buf), i);
        }
    }
}

impl Folded {
    /// The byte range in the original text of the canonical bytes `range`.
    pub fn source(&self, range: Range<usize>) -> Range<usize> {
        let Some(&start) = self.spans.get(range.start) else {
            return self.len..self.len;
        };
        let last = range
            .end
            .checked_sub(1)
            .and_then(|i| self.spans.get(i))
            .copied()
            .unwrap_or(start);
        // The first canonical byte after the range that comes from a later character.
        let end = self.spans[range.end.min(self.spans.len())..]
            .iter()
            .find(|&&s| s != last)
            .map_or(self.len, |&s| s as usize);
        start as usize..end.max(start as usize)
    }
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

/// The names of one mission, folded, and what replaces them.
#[derive(Debug, Clone, Default)]
pub struct Names {
    /// Folded forms to look for: each name, and each name of several words run together.
    folded: Vec<String>,
    /// The names as written, for messages.
    pub written: Vec<String>,
    /// A searcher for each folded form, built once.
    finders: Vec<memchr::memmem::Finder<'static>>,
}

impl Names {
    /// No name at all.
    pub const fn none() -> Names {
        Names {
            folded: Vec::new(),
            written: Vec::new(),
            finders: Vec::new(),
        }
    }

    pub fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> Names {
        let mut out = Names::default();
        for name in names {
            let f = fold(name).text;
            let f = f.trim().to_string();
            if f.is_empty() {
                continue;
            }
            out.written.push(name.trim().to_string());
            let joined: String = f.split(' ').collect();
            for form in [f, joined] {
                if !form.is_empty() && !out.folded.contains(&form) {
                    out.folded.push(form);
                }
            }
        }
        // Longest first, so that "Boutique Lumière SARL" wins over "Boutique Lumière".
        out.folded.sort_by_key(|f| std::cmp::Reverse(f.len()));
        out.finders = out
            .folded
            .iter()
            .map(|f| memchr::memmem::Finder::new(f.as_bytes()).into_owned())
            .collect();
        out
    }

    pub fn is_empty(&self) -> bool {
        self.folded.is_empty()
    }

    /// The byte ranges of `text` (not overlapping, in order) where a name occurs.
    pub fn find(&self, text: &str) -> Vec<Range<usize>> {
        if self.folded.is_empty() {
            return Vec::new();
        }
        let folded = fold(text);
        let mut hits = Vec::new();
        self.hits(&folded.text, false, &mut hits);
        // Leftmost first, the longest at one place; overlapping ones merge.
        hits.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut out: Vec<Range<usize>> = Vec::with_capacity(hits.len());
        for (start, end) in hits {
            let r = folded.source(start..end);
            match out.last_mut() {
                Some(prev) if r.start < prev.end => prev.end = prev.end.max(r.end),
                _ => out.push(r),
            }
        }
        out
    }

    /// Where the names occur as whole words in folded `hay` (canonical byte ranges); stops at
    /// the first when `first_only`.
    fn hits(&self, hay: &str, first_only: bool, out: &mut Vec<(usize, usize)>) {
        let bytes = hay.as_bytes();
        for (name, finder) in self.folded.iter().zip(&self.finders) {
            let first = name.as_bytes()[0];
            let last = name.as_bytes()[name.len() - 1];
            let mut from = 0;
            while let Some(at) = bytes.get(from..).and_then(|h| finder.find(h)) {
                let start = from + at;
                let end = start + name.len();
                from = start + 1;
                if is_word(first) && start > 0 && is_word(bytes[start - 1]) {
                    continue;
                }
                if is_word(last) && end < bytes.len() && is_word(bytes[end]) {
                    continue;
                }
                out.push((start, end));
                if first_only {
                    return;
                }
            }
        }
    }

    pub fn contains(&self, text: &str) -> bool {
        if self.folded.is_empty() {
            return false;
        }
        let mut hits = Vec::new();
        self.hits(&fold_tracking(text, false).text, true, &mut hits);
        !hits.is_empty()
    }

    /// `text` with every name replaced by `by`.
    pub fn replace(&self, text: &str, by: &str) -> String {
        let hits = self.find(text);
        if hits.is_empty() {
            return text.to_string();
        }
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for h in hits {
            out.push_str(&text[at..h.start]);
            out.push_str(by);
            at = h.end;
        }
        out.push_str(&text[at..]);
        out
    }
}

/// Decodes `%XX` escapes (invalid ones are kept as written).
pub fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%'
            && let (Some(h), Some(l)) = (
                b.get(i + 1).copied().and_then(hex),
                b.get(i + 2).copied().and_then(hex),
            )
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(n: &[&str]) -> Names {
        Names::new(n.iter().copied())
    }

    #[test]
    fn names_hide_behind_no_disguise() {
        let n = names(&["Hôtel Beauséjour"]);
        for disguised in [
            "chez Hôtel Beauséjour.",
            "chez HOTEL BEAUSEJOUR.",
            "chez hôtel\nbeauséjour",
            "chez Hôtel\u{00A0}Beau\u{200B}séjour",
            "chez Hôtel Beau\u{00AD}séjour",
            "chez Ho\u{0302}tel Beause\u{0301}jour",
            "chez Hôtel-Beauséjour",
            "chez hotelbeausejour.fr",
            "chez Hôtel Веаusејоur",
            "https://www.hotel-beausejour.fr/contact",
            "https://example.org/H%C3%B4tel%20Beaus%C3%A9jour",
            "chez hotel%2Dbeau%73ejour",
        ] {
            assert!(n.contains(disguised), "{disguised:?}");
        }
        for innocent in ["Hôtel Beauséjourne", "un hôtel", "Beauséjour seul"] {
            assert!(!n.contains(innocent), "{innocent:?}");
        }
    }

    #[test]
    fn apostrophes_are_one() {
        let n = names(&["L'Atelier d'Anna"]);
        assert!(n.contains("chez l’atelier d’anna !"));
        assert_eq!(
            n.replace("L’Atelier d’Anna, puis L'atelier D'Anna", "X"),
            "X, puis X"
        );
    }

    #[test]
    fn replacement_keeps_the_rest() {
        let n = names(&["Boutique Lumière SARL", "Lumière"]);
        assert_eq!(
            n.replace(
                "pour Boutique\nLumière  sarl, puis LUMIERE.",
                "un e-commerçant"
            ),
            "pour un e-commerçant, puis un e-commerçant."
        );
        assert_eq!(n.replace("Lumièreux", "X"), "Lumièreux");
        assert_eq!(n.replace("", "X"), "");
    }

    /// The fold as first written, every character but ASCII letters and digits through
    /// `fold_char`: what the shortcut for the rest of ASCII must give.
    fn fold_by_char(text: &str) -> Folded {
        let mut out = Folded {
            text: String::new(),
            spans: Vec::new(),
            len: text.len(),
            track: true,
        };
        let mut i = 0;
        while i < text.len() {
            let b = text.as_bytes()[i];
            if b.is_ascii_alphanumeric() {
                out.text.push(b.to_ascii_lowercase() as char);
                out.spans.push(i as u32);
                i += 1;
                continue;
            }
            if b == b'%'
                && let Some((decoded, end)) = percent_run(text, i)
            {
                push(&mut out, &fold_chars(&decoded).text, i);
                i = end;
                continue;
            }
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            fold_char(&mut out, c, i);
            i += c.len_utf8();
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn ascii_folds_as_fold_char_folds_it(
            s in "([a-zA-Z0-9 \t\n\r.,;:!?'’\"()<>&#%_*-]|%C3%A9|%2D|%20|é|Ô|\u{200b}|\u{a0}|Веа|ß|x\u{301}|\u{2010}){0,24}"
        ) {
            let (a, b) = (fold(&s), fold_by_char(&s));
            proptest::prop_assert_eq!(&a.text, &b.text);
            proptest::prop_assert_eq!(&a.spans, &b.spans);
            proptest::prop_assert_eq!(fold_text(&s), b.text);
        }
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("notes%2Dinternes.md"), "notes-internes.md");
        assert_eq!(percent_decode("%E9t%C3%A9%zz%"), "\u{FFFD}t\u{e9}%zz%");
    }
}
