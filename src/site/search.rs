//! The client-side search index: a `.js` file (so it loads from `file://`) assigning an array of
//! entries, each with a title, URL, label and the distinct words of the text the audience may see.

use crate::text::{SHORT_KEYED, key_hash, short_key};
use serde::Serialize;
use std::io::Write;

#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// Title.
    pub t: String,
    /// URL relative to the site root.
    pub u: String,
    /// Client label and tags.
    pub c: String,
    /// Distinct lowercase words of the text.
    pub w: String,
}

/// How many distinct words of a mission the index keeps.
pub const MAX_WORDS: usize = 300;

/// The distinct words (2+ characters) of a text read piece by piece (each piece ending between
/// two words, as a space does), lowercased, in order of first appearance, at most `max`: the
/// same as for the whole text, without keeping it.
#[derive(Debug, Clone, Default)]
pub struct Words {
    /// The words so far, one space apart.
    joined: String,
    /// The words' table (open addressing, linear probing; a power of two at least twice `max`
    /// long, so never more than half full): each word where it is in `joined`, and its key.
    slots: Vec<Slot>,
    /// How many words `slots` holds.
    count: usize,
    max: usize,
    /// The word being read (kept to reuse its allocation).
    word: String,
}

/// A word of the table: where it is in `joined` (`len` 0: an empty slot), and its `short_key`.
#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    start: u32,
    len: u32,
    key: [u64; 2],
}

impl Words {
    pub fn new(max: usize) -> Words {
        // (At most 16 million words, so that the table always has room for twice as many.)
        let max = max.min(1 << 24);
        let slots = (max * 2).next_power_of_two().max(8);
        Words {
            // Room for a page's usual vocabulary from the start, rather than growing to it.
            joined: String::with_capacity(max.min(128) * 8),
            slots: vec![Slot::default(); if max == 0 { 0 } else { slots }],
            count: 0,
            max,
            word: String::new(),
        }
    }

    /// Adds the words of `piece`: those of `piece.to_lowercase()` split at every character that
    /// is not alphanumeric, read without lowercasing the piece as a whole.
    pub fn push(&mut self, piece: &str) {
        if self.count >= self.max {
            return;
        }
        // A capital sigma's lowercase depends on its neighbours (final `ς`): the one case where
        // the text's lowercase is not that of each character.
        // (Looked for by its first byte, rare outside Greek, before the character itself.)
        if memchr::memchr(0xCE, piece.as_bytes()).is_some() && piece.contains('Σ') {
            for word in piece.to_lowercase().split(|c: char| !c.is_alphanumeric()) {
                self.push_word(word);
            }
            return;
        }
        let mut word = std::mem::take(&mut self.word);
        word.clear();
        let bytes = piece.as_bytes();
        let mut at = 0;
        while at < bytes.len() {
            // Most words are made of ASCII and two-byte characters (accented Latin letters…)
            // and end at such a separator: read whole, in place when already lowercase.
            if word.is_empty()
                && let Some((end, next, lower)) = simple_word(bytes, at)
            {
                let simple = &piece[at..end];
                if lower {
                    self.push_word(simple);
                } else {
                    word.extend(simple.chars().map(|c| match lowered(c) {
                        Some((l, _)) => l,
                        None => c.to_ascii_lowercase(),
                    }));
                    self.push_word(&word);
                    word.clear();
                }
                at = next;
                continue;
            }
            let c = match bytes[at] {
                b if b.is_ascii() => {
                    at += 1;
                    if b.is_ascii_alphanumeric() {
                        word.push(char::from(b.to_ascii_lowercase()));
                    } else {
                        self.push_word(&word);
                        word.clear();
                    }
                    continue;
                }
                _ => piece[at..].chars().next().unwrap_or_default(),
            };
            at += c.len_utf8();
            if let Some((lower, alnum)) = lowered(c) {
                if alnum {
                    word.push(lower);
                } else {
                    self.push_word(&word);
                    word.clear();
                }
                continue;
            }
            for lower in c.to_lowercase() {
                if lower.is_alphanumeric() {
                    word.push(lower);
                } else {
                    self.push_word(&word);
                    word.clear();
                }
            }
        }
        self.push_word(&word);
        self.word = word;
    }

    /// Adds one lowercase word (ignored under 2 characters).
    #[inline(always)]
    fn push_word(&mut self, word: &str) {
        let short = word.len() < 2 || word.len() <= 4 && word.chars().nth(1).is_none();
        if short || self.count >= self.max {
            return;
        }
        let (n, key) = (word.len(), short_key(word.as_bytes()));
        let mask = self.slots.len() - 1;
        let mut at = key_hash(key, n) as usize & mask;
        loop {
            let slot = self.slots[at];
            if slot.len == 0 {
                break;
            }
            if slot.len as usize == n
                && slot.key == key
                && (n <= SHORT_KEYED
                    || self.joined.as_bytes()[slot.start as usize..][..n] == *word.as_bytes())
            {
                return;
            }
            at = (at + 1) & mask;
        }
        if !self.joined.is_empty() {
            self.joined.push(' ');
        }
        // A journal is under 4 GiB (the loader refuses larger files), and so are its words.
        let start = u32::try_from(self.joined.len()).unwrap_or(u32::MAX);
        self.joined.push_str(word);
        self.slots[at] = Slot {
            start,
            len: u32::try_from(n).unwrap_or(u32::MAX),
            key,
        };
        self.count += 1;
    }

    /// The words, space-separated.
    pub fn joined(&self) -> String {
        self.joined.clone()
    }
}

/// The word of `bytes` starting at `at`, when it is made of ASCII characters and two-byte ones
/// whose lowercase the table knows, and ends at such a character that is not alphanumeric or at
/// the end: where it ends, where the text after that separator starts, and whether the word is
/// already lowercase. `None` when a character needs the general path.
fn simple_word(bytes: &[u8], at: usize) -> Option<(usize, usize, bool)> {
    let (mut end, mut lower) = (at, true);
    loop {
        // Eight ASCII letters and digits at a time, while they last.
        if let Some(eight) = bytes.get(end..end + 8) {
            let (run, upper) = ascii_alnum_run(eight);
            lower &= !upper;
            end += run;
            if run == 8 {
                continue;
            }
        }
        let Some(&b) = bytes.get(end) else {
            return Some((end, end, lower));
        };
        if b.is_ascii() {
            if !ASCII_WORD[usize::from(b)] {
                return Some((end, end + 1, lower));
            }
            lower &= !b.is_ascii_uppercase();
            end += 1;
        } else if (0xC2..0xE0).contains(&b) {
            // Two bytes (the text is UTF-8: a continuation byte follows).
            let next = *bytes.get(end + 1)?;
            let c = char::from_u32(u32::from(b & 0x1F) << 6 | u32::from(next & 0x3F))?;
            let (l, alnum) = lowered(c)?;
            if !alnum {
                return Some((end, end + 2, lower));
            }
            lower &= l == c;
            end += 2;
        } else {
            return None;
        }
    }
}

/// How many of the eight bytes `eight` are ASCII letters and digits before the first that is
/// not, and whether there is a capital letter among them: the eight bytes tested at once in one
/// 64-bit word, without a branch for each.
fn ascii_alnum_run(eight: &[u8]) -> (usize, bool) {
    const fn each(b: u8) -> u64 {
        u64::from_le_bytes([b; 8])
    }
    const HIGH: u64 = each(0x80);
    let w = u64::from_le_bytes(eight.try_into().unwrap_or([0x80; 8]));
    // Whether each byte is in `lo..=hi`, as its high bit; a byte of 0x80 or more is in none. The
    // sum of an ASCII byte does not carry into the next; that of another byte may, but only into
    // bytes after it, past the end of the run.
    let within = |x: u64, lo: u8, hi: u8| {
        x.wrapping_add(each(0x80 - lo)) & !x.wrapping_add(each(0x7f - hi)) & !w & HIGH
    };
    let alnum = within(w, b'0', b'9') | within(w | each(0x20), b'a', b'z');
    let upper = within(w, b'A', b'Z');
    let stop = !alnum & HIGH;
    // The bits below the first byte that is not a letter or digit (all of them when none is).
    let before = (stop & stop.wrapping_neg()).wrapping_sub(1);
    ((stop.trailing_zeros() / 8) as usize, upper & before != 0)
}

/// The bytes of ASCII words: letters and digits.
static ASCII_WORD: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

/// The characters whose lowercase is looked up in a table: U+0080 to U+07FF (two bytes in
/// UTF-8: the accented letters of Latin, Greek, Cyrillic…), then General Punctuation (U+2000 to
/// U+206F: `’`, `—`, `…`).
const TWO_BYTES: std::ops::Range<u32> = 0x80..0x800;
const PUNCTUATION: std::ops::Range<u32> = 0x2000..0x2070;

/// `c`'s lowercase and whether it is alphanumeric, when `c` is in the table and lowercases to one
/// character. The table is read from `char` itself, once: a page's accents and apostrophes are
/// then looked up rather than searched for in Unicode's tables at each occurrence.
fn lowered(c: char) -> Option<(char, bool)> {
    static TABLE: std::sync::OnceLock<Vec<Option<(char, bool)>>> = std::sync::OnceLock::new();
    let n = u32::from(c);
    let i = if TWO_BYTES.contains(&n) {
        n - TWO_BYTES.start
    } else if PUNCTUATION.contains(&n) {
        n - PUNCTUATION.start + TWO_BYTES.len() as u32
    } else {
        return None;
    };
    let table = TABLE.get_or_init(|| {
        TWO_BYTES
            .chain(PUNCTUATION)
            .map(|n| {
                let mut lower = char::from_u32(n)?.to_lowercase();
                match (lower.next(), lower.next()) {
                    (Some(l), None) => Some((l, l.is_alphanumeric())),
                    _ => None,
                }
            })
            .collect()
    });
    table.get(i as usize).copied().flatten()
}

/// Writes the index script of `entries` to `out` as it is serialised (the index of 10,000
/// missions is megabytes: it is not held whole).
pub fn write_script(entries: &[&Entry], out: &mut dyn Write) -> std::io::Result<()> {
    // The JSON is written a few bytes at a time: buffered here rather than through the dynamic
    // calls to the writer behind.
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    out.write_all(b"window.DEBRIEF_SEARCH = ")?;
    let mut json = NoClosingTag {
        inner: &mut out,
        after_lt: false,
    };
    serde_json::to_writer(&mut json, entries).map_err(std::io::Error::other)?;
    out.write_all(b";\n")?;
    out.flush()
}

/// Writes `</` as `<\/` (the same JSON string): `</` cannot close a script element when the index
/// is inlined or injected. A `<` at the end of one write and a `/` at the start of the next are
/// seen too.
struct NoClosingTag<W> {
    inner: W,
    /// The last byte written was `<`.
    after_lt: bool,
}

impl<W: Write> Write for NoClosingTag<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut from = 0;
        for (i, &b) in buf.iter().enumerate() {
            let after_lt = if i == 0 {
                self.after_lt
            } else {
                buf[i - 1] == b'<'
            };
            if b == b'/' && after_lt {
                self.inner.write_all(&buf[from..i])?;
                self.inner.write_all(b"\\")?;
                from = i;
            }
        }
        self.inner.write_all(&buf[from..])?;
        if let Some(&last) = buf.last() {
            self.after_lt = last == b'<';
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    /// The words of `text` read in one piece.
    fn words(text: &str, max: usize) -> String {
        let mut w = super::Words::new(max);
        w.push(text);
        w.joined()
    }

    #[test]
    fn distinct_words() {
        assert_eq!(
            words("Le client, le CLIENT a validé l'audit", 10),
            "le client validé audit"
        );
        assert_eq!(words("a b c dd ee ff", 2), "dd ee");
    }

    #[test]
    fn words_in_pieces_are_the_words_of_the_whole() {
        let pieces = [
            "Le client, ",
            "le CLIENT ",
            "a validé ",
            "l'audit ",
            "ΟΔΟΣ ",
            "ΟΔΟΣ. ",
        ];
        let whole: String = pieces.concat();
        for max in [1, 3, 5, 300] {
            let mut w = super::Words::new(max);
            pieces.iter().for_each(|p| w.push(p));
            assert_eq!(w.joined(), words(&whole, max));
        }
    }

    /// The definition `Words` reads without building it: the distinct words of the whole text
    /// lowercased, split at every character that is not alphanumeric, 2+ characters, the first
    /// `max`.
    fn reference(text: &str, max: usize) -> String {
        let lower = text.to_lowercase();
        let mut seen = std::collections::HashSet::new();
        let list: Vec<&str> = lower
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().nth(1).is_some() && seen.insert(*w))
            .take(max)
            .collect();
        list.join(" ")
    }

    /// Up to the maximum and past it: words of every length (sharing prefixes and their first
    /// or last eight bytes), each read once and then again.
    #[test]
    fn many_distinct_words() {
        let list: Vec<String> = (0..1000)
            .map(|i| format!("{}{i}{}", "x".repeat(i % 17), "y".repeat(i % 9)))
            .collect();
        let text = format!("{} {}", list.join(" "), list.join(", "));
        for max in [127, 128, 129, 300, 2000] {
            assert_eq!(words(&text, max), reference(&text, max), "{max}");
        }
    }

    /// Words over 16 bytes with the same length, first and last eight bytes (the same key) are
    /// told apart by their middle; shorter ones by their key.
    #[test]
    fn words_of_one_key_are_told_apart() {
        let text = "aaaaaaaaXbbbbbbbb aaaaaaaaYbbbbbbbb aaaaaaaaXbbbbbbbb abcd abdd abcd ab ba ab";
        assert_eq!(
            words(text, 300),
            "aaaaaaaaxbbbbbbbb aaaaaaaaybbbbbbbb abcd abdd ab ba"
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// Any text, cut anywhere between two words: capitals, accents, sigma, ligatures that
        /// lowercase to several characters, punctuation, digits and long words.
        #[test]
        fn words_are_the_definitions(
            parts in proptest::collection::vec(
                "[a-zA-Z0-9 ,.'’éÉçÇßİΣσΟΔẞﬁ\\-\u{a0}«»ЖжΩ]{0,24}|[a-z]{8,20}",
                0..12,
            ),
            max in 1usize..40,
        ) {
            let mut w = super::Words::new(max);
            for part in &parts {
                w.push(part);
                w.push(" ");
            }
            let whole = parts.join(" ");
            proptest::prop_assert_eq!(w.joined(), reference(&whole, max));
        }
    }

    /// Every byte at every place of the eight, after and before letters and digits.
    #[test]
    fn an_ascii_run_is_read_as_byte_by_byte() {
        let slow = |eight: &[u8]| {
            let run = eight
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric())
                .count();
            (run, eight[..run].iter().any(u8::is_ascii_uppercase))
        };
        for b in 0..=255u8 {
            for at in 0..8 {
                for fill in [b'a', b'Z', b'5', b' ', 0xC3, 0xFF] {
                    let mut eight = [fill; 8];
                    eight[at] = b;
                    assert_eq!(super::ascii_alnum_run(&eight), slow(&eight), "{eight:?}");
                    eight[(at + 3) % 8] = b'Q';
                    assert_eq!(super::ascii_alnum_run(&eight), slow(&eight), "{eight:?}");
                }
            }
        }
    }

    /// The table gives what `char` does, for every character it holds.
    #[test]
    fn the_lowercase_table_is_chars_own() {
        let mut held = 0;
        for c in (0..0x3000).filter_map(char::from_u32) {
            let mut lower = c.to_lowercase();
            let one = match (lower.next(), lower.next()) {
                (Some(l), None) => Some((l, l.is_alphanumeric())),
                _ => None,
            };
            match super::lowered(c) {
                Some(found) => {
                    held += 1;
                    assert_eq!(Some(found), one, "{c:?}");
                }
                None => assert!(
                    c.is_ascii()
                        || !(0x80..0x800).contains(&(c as u32))
                            && !(0x2000..0x2070).contains(&(c as u32))
                        || one.is_none(),
                    "{c:?}"
                ),
            }
        }
        assert!(held > 1900, "{held}");
        assert_eq!(super::lowered('É'), Some(('é', true)));
        assert_eq!(super::lowered('’'), Some(('’', false)));
        assert_eq!(super::lowered('İ'), None);
    }

    proptest::proptest! {
        /// Read character by character, the words are those of the lowercased text split at
        /// every character that is not alphanumeric (İ lowercases to two characters, Σ to σ or ς).
        #[test]
        fn words_are_those_of_the_lowercased_text(
            text in "([a-zA-Z0-9 ,.'’-]|É|é|İ|Σ|ΟΔΟ|ß|ǅ|Ⅻ|\u{307}|日本|\u{a0}|«|Ж|ǲ|Ő){0,60}",
            max in 1usize..40,
        ) {
            let mut expected = Vec::new();
            let lower = text.to_lowercase();
            for word in lower.split(|c: char| !c.is_alphanumeric()) {
                if word.chars().nth(1).is_some() && !expected.contains(&word) && expected.len() < max {
                    expected.push(word);
                }
            }
            proptest::prop_assert_eq!(words(&text, max), expected.join(" "));
        }
    }

    /// The index as the whole string with every `</` replaced, written in chunks of every size.
    #[test]
    fn no_closing_tag_across_writes() {
        let text = "a</b<</c<<//d</";
        for chunk in 1..=text.len() {
            let mut out = Vec::new();
            let mut w = super::NoClosingTag {
                inner: &mut out,
                after_lt: false,
            };
            for part in text.as_bytes().chunks(chunk) {
                std::io::Write::write_all(&mut w, part).unwrap();
            }
            assert_eq!(String::from_utf8(out).unwrap(), text.replace("</", "<\\/"));
        }
    }
}
