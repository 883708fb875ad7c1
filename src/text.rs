//! Text utilities with no knowledge of missions: byte offsets to line/column, the heading
//! normalisation of the journal format, slugs, strict `YYYY-MM-DD` dates, "did you mean"
//! suggestions and a fast key and hash of short strings.

use crate::diagnostic::Pos;
use jiff::civil::Date;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// Whether `c` must not reach a terminal as it is: it could move the cursor, retitle the window,
/// ring the bell, hide or reorder the text around it. These are the C0 controls but tab and line
/// feed (a carriage return too: it rewrites the line), DEL, the C1 controls (U+0080–U+009F), and
/// the bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069).
pub fn is_terminal_unsafe(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Whether `s` has a character `is_terminal_unsafe`, read byte by byte: the C0 controls and DEL
/// are single bytes, the C1 controls `C2 80`–`C2 9F`, the bidirectional ones `E2 80 AA`–`E2 80 AE`
/// and `E2 81 A6`–`E2 81 A9` in UTF-8. Blocks of bytes none of which can start one (most text)
/// are passed over at once.
fn has_terminal_unsafe(s: &str) -> bool {
    const BLOCK: usize = 32;
    let bytes = s.as_bytes();
    let starts_one = |i: usize| match bytes[i] {
        b'\t' | b'\n' => false,
        0..=0x1f | 0x7f => true,
        0xc2 => bytes.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)),
        0xe2 => match (bytes.get(i + 1), bytes.get(i + 2)) {
            (Some(0x80), Some(n)) => (0xaa..=0xae).contains(n),
            (Some(0x81), Some(n)) => (0xa6..=0xa9).contains(n),
            _ => false,
        },
        _ => false,
    };
    bytes.chunks(BLOCK).enumerate().any(|(k, block)| {
        // No early exit: the compiler checks a whole block at once, each byte a bit of `mask`.
        let mut mask = block.iter().enumerate().fold(0u32, |mask, (j, &b)| {
            let suspect = (b < 0x20) | (b == 0x7f) | (b == 0xc2) | (b == 0xe2);
            mask | (u32::from(suspect) << j)
        });
        // Only the bytes that may start one are looked at closely (French text has a few
        // `C2`/`E2` in most blocks: no-break spaces, guillemets, dashes).
        while mask != 0 {
            if starts_one(k * BLOCK + mask.trailing_zeros() as usize) {
                return true;
            }
            mask &= mask - 1;
        }
        false
    })
}

/// `s` with every character `is_terminal_unsafe` written visibly as `\u{…}` (ESC is `\u{1b}`),
/// so that text from journals, file names and `book.toml` can be printed to a terminal. Every
/// command applies it where it writes such text for people (diagnostics, build warnings, `serve`
/// messages, errors); JSON and SARIF escape controls their own way.
pub fn escape_controls(s: &str) -> std::borrow::Cow<'_, str> {
    if !has_terminal_unsafe(s) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_terminal_unsafe(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Maps byte offsets of one text to 1-based line and character column. Offsets are kept in 32
/// bits: the loader refuses files of 4 GiB or more (`journal::load`), and in a longer text the
/// lines past 4 GiB are not indexed (their positions are counted from the last line that is).
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    starts: Vec<u32>,
    /// In lines longer than `MARK_EVERY` bytes: `(byte offset, characters since the line's
    /// start)` every `MARK_EVERY` bytes, so that a column costs at most that much counting.
    marks: Vec<(u32, u32)>,
}

/// How far apart column marks are in long lines.
const MARK_EVERY: usize = 4096;

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = Vec::with_capacity(text.len() / 40 + 1);
        starts.push(0);
        starts.extend(
            memchr::memchr_iter(b'\n', text.as_bytes()).map_while(|i| u32::try_from(i + 1).ok()),
        );
        let mut marks = Vec::new();
        for (i, &start) in starts.iter().enumerate() {
            let start = start as usize;
            let end = starts.get(i + 1).map_or(text.len(), |&s| s as usize);
            if end - start <= MARK_EVERY {
                continue;
            }
            let (mut at, mut chars) = (start, 0);
            while end - at > MARK_EVERY {
                let mut next = at + MARK_EVERY;
                while !text.is_char_boundary(next) {
                    next += 1;
                }
                chars += text[at..next].chars().count();
                at = next;
                let (Ok(mark), Ok(count)) = (u32::try_from(at), u32::try_from(chars)) else {
                    break;
                };
                marks.push((mark, count));
            }
        }
        LineIndex { starts, marks }
    }

    /// The position of byte `offset` in `text` (the text this index was built from).
    pub fn pos(&self, text: &str, offset: usize) -> Pos {
        let offset = offset.min(text.len());
        let line = self
            .starts
            .partition_point(|&s| s as usize <= offset)
            .saturating_sub(1);
        let mut start = self.starts.get(line).map_or(0, |&s| s as usize);
        let mut before = 0;
        let m = self.marks.partition_point(|&(at, _)| at as usize <= offset);
        if let Some(&(at, chars)) = m.checked_sub(1).and_then(|m| self.marks.get(m))
            && at as usize >= start
        {
            (start, before) = (at as usize, chars as usize);
        }
        let col = before
            + text
                .get(start..offset)
                .map_or(offset - start, |s| s.chars().count());
        Pos::new(line as u32 + 1, col as u32 + 1)
    }

    /// The text of 1-based `line`, without its line ending.
    pub fn line<'t>(&self, text: &'t str, line: u32) -> &'t str {
        let i = (line as usize).saturating_sub(1);
        let Some(&start) = self.starts.get(i) else {
            return "";
        };
        let end = self.starts.get(i + 1).map_or(text.len(), |&s| s as usize);
        text.get(start as usize..end)
            .unwrap_or("")
            .trim_end_matches(['\n', '\r'])
    }

    /// The byte offset where 1-based `line` starts.
    pub fn line_start(&self, line: u32) -> usize {
        let i = (line as usize).saturating_sub(1);
        self.starts.get(i).map_or(0, |&s| s as usize)
    }
}

/// How many columns `s` takes in a position: its characters, counted as bytes when it is ASCII.
pub fn columns(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    }
}

/// Lowercases and strips accents (`Élève` → `eleve`), keeping every other character.
pub fn fold(s: &str) -> String {
    s.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The normalisation headings are matched with: `’` read as `'`, accents removed, case folded,
/// emoji (and other non-ASCII symbols) removed, punctuation, symbols and white space trimmed from
/// both ends, inner white space collapsed to one space. `## 🔁 retour CLIENT :` → `retour client`.
pub fn normalize_heading(s: &str) -> String {
    if s.is_ascii() {
        let mut out = String::with_capacity(s.len());
        for word in s.split_ascii_whitespace() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
        }
        out.make_ascii_lowercase();
        let trimmed = out.trim_matches(|c: char| !c.is_ascii_alphanumeric());
        return if trimmed.len() == out.len() {
            out
        } else {
            trimmed.to_string()
        };
    }
    // NFD is each character's canonical decomposition, then marks reordered; the marks are
    // dropped here, so decomposing character by character gives the same text (and ASCII, most
    // of a heading, has nothing to decompose).
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        if c.is_ascii() {
            // `heading_char` for ASCII, in line: white space pends, the rest is lowercased.
            if c.is_whitespace() {
                pending_space = !out.is_empty();
            } else {
                if std::mem::take(&mut pending_space) {
                    out.push(' ');
                }
                out.push(c.to_ascii_lowercase());
            }
        } else {
            decompose_canonical(c, |d| heading_char(&mut out, &mut pending_space, d));
        }
    }
    let trimmed = out.trim_matches(|c: char| !c.is_alphanumeric());
    if trimmed.len() == out.len() {
        out
    } else {
        trimmed.to_string()
    }
}

/// Appends `c`, a character of a heading in NFD, as `normalize_heading` keeps it.
fn heading_char(out: &mut String, pending_space: &mut bool, c: char) {
    let c = match c {
        '’' | '‘' => '\'',
        // Marks, emoji, variation selectors, joiners and other symbols outside ASCII go;
        // letters, digits and ASCII punctuation stay (the ends are trimmed by the caller).
        // ASCII, most of a heading, has no mark: no table is looked up for it.
        c if !c.is_ascii()
            && !c.is_whitespace()
            && (is_combining_mark(c) || !c.is_alphanumeric()) =>
        {
            return;
        }
        c => c,
    };
    if c.is_whitespace() {
        *pending_space = !out.is_empty();
        return;
    }
    if *pending_space {
        out.push(' ');
        *pending_space = false;
    }
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
    } else {
        out.extend(c.to_lowercase());
    }
}

/// The page slug of a file stem: ASCII transliteration, lowercase, each run of characters other
/// than `a-z0-9` replaced by one `-`, `-` trimmed at both ends (`Étude de cas` → `etude-de-cas`).
pub fn slugify(stem: &str) -> String {
    // (ASCII is its own transliteration: borrowed as it is.)
    let ascii = deunicode::deunicode_with_tofu_cow(stem, "[?]");
    let mut out = String::with_capacity(ascii.len());
    for b in ascii.bytes() {
        if b.is_ascii_alphanumeric() {
            out.push(char::from(b.to_ascii_lowercase()));
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    if out.ends_with('-') {
        out.pop();
    }
    out
}

/// Why a text is not a `YYYY-MM-DD` date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateError {
    /// Not of the shape `YYYY-MM-DD`.
    Shape,
    /// A date and a time (`2025-01-15T10:00:00`, `2025-01-15 10:00`).
    HasTime,
    /// The right shape, but no such day (`2025-09-31`).
    NoSuchDay,
}

/// Parses a strict `YYYY-MM-DD` calendar date.
pub fn parse_date(s: &str) -> Result<Date, DateError> {
    let b = s.as_bytes();
    let shape = |b: &[u8]| {
        b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
    };
    if !shape(b) {
        return Err(if b.len() > 10 && shape(&b[..10]) {
            DateError::HasTime
        } else {
            DateError::Shape
        });
    }
    let num = |r: std::ops::Range<usize>| s[r].parse::<i16>().unwrap_or(0);
    let (y, m, d) = (num(0..4), num(5..7) as i8, num(8..10) as i8);
    Date::new(y, m, d).map_err(|_| DateError::NoSuchDay)
}

/// For a `YYYY-MM-DD` text whose month or day is out of range (`2025-02-30`, `2025-13-01`,
/// `2025-04-00`), the nearest real date (`2025-02-28`, `2025-12-01`, `2025-04-01`); `None` for a
/// real date or another shape.
pub fn nearest_date(s: &str) -> Option<Date> {
    if !matches!(parse_date(s), Err(DateError::NoSuchDay)) {
        return None;
    }
    let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<i16>().ok();
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let month = i8::try_from(m.clamp(1, 12)).ok()?;
    let first = Date::new(y.max(1), month, 1).ok()?;
    let day = i8::try_from(d.clamp(1, i16::from(first.days_in_month()))).ok()?;
    Date::new(first.year(), month, day).ok()
}

/// The date a heading's text starts with, if it starts with a real `YYYY-MM-DD` date that is not
/// glued to more digits.
pub fn leading_date(text: &str) -> Option<Date> {
    let head = text.get(..10)?;
    if text[10..].starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    parse_date(head).ok()
}

/// `whole` minus the sorted ranges `holes`.
pub fn subtract(
    whole: std::ops::Range<usize>,
    holes: &[std::ops::Range<usize>],
) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut at = whole.start;
    for hole in holes {
        if hole.end <= at || hole.start >= whole.end {
            continue;
        }
        if hole.start > at {
            out.push(at..hole.start);
        }
        at = at.max(hole.end);
    }
    if at < whole.end {
        out.push(at..whole.end);
    }
    out
}

/// The closest of `candidates` to `word` within `max` edits (transpositions count as one).
pub fn closest<'c>(word: &str, candidates: &[&'c str], max: usize) -> Option<&'c str> {
    candidates
        .iter()
        .map(|c| (strsim::osa_distance(word, c), *c))
        .filter(|(d, _)| *d <= max)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// A short string's bytes in two numbers, its first and last eight read overlapping (its first
/// and last four, or three of its bytes, when shorter): with its length, the string itself up to
/// `SHORT_KEYED` bytes, so that comparing two such strings compares numbers.
pub fn short_key(s: &[u8]) -> [u64; 2] {
    let n = s.len();
    let at8 = |i: usize| u64::from_le_bytes(s[i..i + 8].try_into().unwrap_or_default());
    let at4 = |i: usize| {
        u64::from(u32::from_le_bytes(
            s[i..i + 4].try_into().unwrap_or_default(),
        ))
    };
    if n >= 8 {
        [at8(0), at8(n - 8)]
    } else if n >= 4 {
        [at4(0) | at4(n - 4) << 32, 0]
    } else if n > 0 {
        [
            u64::from(s[0]) | u64::from(s[n / 2]) << 8 | u64::from(s[n - 1]) << 16,
            0,
        ]
    } else {
        [0, 0]
    }
}

/// The longest string that its `short_key` and length are the whole of.
pub const SHORT_KEYED: usize = 16;

/// The hash of a string of `len` bytes from its `short_key` (a multiplication as in rustc's
/// FxHash, its well-mixed high half moved to the low bits that tables index by): the strings come
/// from the book or the program itself, so a fast hash suffices where the standard one guards
/// against chosen keys, and a string's middle, past its first and last eight bytes, is left to
/// the comparison that follows a hash.
pub fn key_hash(key: [u64; 2], len: usize) -> u64 {
    (key[0] ^ key[1].rotate_left(29) ^ len as u64)
        .wrapping_mul(0x9e37_79b9_7f4a_7c15)
        .rotate_left(32)
}

/// The hash of a short string (`key_hash` of its `short_key`).
pub fn short_hash(s: &[u8]) -> u64 {
    key_hash(short_key(s), s.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_normalisation_follows_the_format() {
        assert_eq!(normalize_heading("🔁 retour CLIENT :"), "retour client");
        assert_eq!(normalize_heading("Livrables :"), "livrables");
        assert_eq!(
            normalize_heading("Retour d’expérience"),
            "retour d'experience"
        );
        assert_eq!(
            normalize_heading("  Leçons   apprises  "),
            "lecons apprises"
        );
        assert_eq!(normalize_heading("✍️ Passation"), "passation");
        assert_eq!(normalize_heading("ACCÈS — outils"), "acces outils");
        assert_eq!(normalize_heading("(RGPD)"), "rgpd");
        assert_eq!(normalize_heading("🔁"), "");
    }

    #[test]
    fn slugs_transliterate_and_collapse() {
        assert_eq!(slugify("Audit-SEO"), "audit-seo");
        assert_eq!(slugify("Étude"), "etude");
        assert_eq!(slugify("Cœur de métier !!"), "coeur-de-metier");
        assert_eq!(slugify("--a__b--"), "a-b");
    }

    #[test]
    fn the_nearest_real_date_of_an_impossible_one() {
        let near = |s| nearest_date(s).map(|d| d.to_string());
        assert_eq!(near("2025-02-30").as_deref(), Some("2025-02-28"));
        assert_eq!(near("2024-02-30").as_deref(), Some("2024-02-29"));
        assert_eq!(near("2025-09-31").as_deref(), Some("2025-09-30"));
        assert_eq!(near("2025-13-01").as_deref(), Some("2025-12-01"));
        assert_eq!(near("2025-04-00").as_deref(), Some("2025-04-01"));
        assert_eq!(near("2025-00-99").as_deref(), Some("2025-01-31"));
        assert_eq!(near("2025-02-28"), None);
        assert_eq!(near("25-02-30"), None);
        assert_eq!(near("2025-02-30T10:00"), None);
    }

    #[test]
    fn dates_are_strict() {
        assert!(parse_date("2025-02-28").is_ok());
        assert_eq!(parse_date("2025-09-31"), Err(DateError::NoSuchDay));
        assert_eq!(parse_date("2025-02-29"), Err(DateError::NoSuchDay));
        assert!(parse_date("2024-02-29").is_ok());
        assert_eq!(parse_date("2025-1-5"), Err(DateError::Shape));
        assert_eq!(parse_date("2025-01-15T10:00:00"), Err(DateError::HasTime));
        assert_eq!(parse_date("2025-01-15 10:00"), Err(DateError::HasTime));
        assert_eq!(parse_date("2025-13-01"), Err(DateError::NoSuchDay));
    }

    #[test]
    fn leading_dates_need_a_real_date_and_a_boundary() {
        assert!(leading_date("2025-03-04 — Atelier").is_some());
        assert!(leading_date("2025-03-04").is_some());
        assert!(leading_date("2025-03-041").is_none());
        assert!(leading_date("2025-02-30 x").is_none());
        assert!(leading_date("Le 2025-03-04").is_none());
    }

    #[test]
    fn line_index_counts_characters() {
        let text = "ab\r\nçé x\nlast";
        let idx = LineIndex::new(text);
        assert_eq!(idx.pos(text, 0), Pos::new(1, 1));
        assert_eq!(idx.pos(text, 4), Pos::new(2, 1));
        assert_eq!(idx.pos(text, text.find('x').unwrap()), Pos::new(2, 4));
        assert_eq!(idx.line(text, 1), "ab");
        assert_eq!(idx.line(text, 3), "last");
    }

    #[test]
    fn an_index_of_nothing_points_at_the_start() {
        assert_eq!(LineIndex::default().pos("", 0), Pos::new(1, 1));
        assert_eq!(LineIndex::default().line("", 1), "");
        assert_eq!(LineIndex::new("").pos("", 5), Pos::new(1, 1));
    }

    #[test]
    fn columns_in_long_lines_match_counting_from_the_start() {
        let text = format!("x\n{}\ny", "é€a".repeat(10_000));
        let idx = LineIndex::new(&text);
        for offset in (0..text.len())
            .filter(|&o| text.is_char_boundary(o))
            .step_by(997)
        {
            let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
            let line = text[..offset].matches('\n').count() as u32 + 1;
            let col = text[line_start..offset].chars().count() as u32 + 1;
            assert_eq!(idx.pos(&text, offset), Pos::new(line, col), "{offset}");
        }
    }

    #[test]
    fn controls_are_escaped_visibly() {
        assert_eq!(
            escape_controls("a\u{1b}]0;PWNED\u{7}b"),
            "a\\u{1b}]0;PWNED\\u{7}b"
        );
        assert_eq!(escape_controls("tab\tand\nnewline"), "tab\tand\nnewline");
        assert_eq!(
            escape_controls("\r\u{7f}\u{9b}\u{202e}\u{2069}"),
            "\\u{d}\\u{7f}\\u{9b}\\u{202e}\\u{2069}"
        );
        assert!(matches!(
            escape_controls("Accès — ok ✓"),
            std::borrow::Cow::Borrowed(_)
        ));
        assert!(!is_terminal_unsafe('\u{200e}') && !is_terminal_unsafe('\u{a0}'));
    }

    #[test]
    fn suggestions_stay_close() {
        let keys = ["end_reason", "ended_by", "end"];
        assert_eq!(closest("end_reson", &keys, 2), Some("end_reason"));
        assert_eq!(closest("zzz", &keys, 2), None);
        assert_eq!(
            closest("recieved", &["received", "requested"], 2),
            Some("received")
        );
    }

    /// The normalisation as first written, over the whole text's NFD: what the character by
    /// character decomposition, and its shortcuts for ASCII, must give.
    fn normalize_heading_nfd(s: &str) -> String {
        let mut out = String::new();
        let mut pending_space = false;
        for c in s.nfd() {
            let c = if c == '’' || c == '‘' { '\'' } else { c };
            if is_combining_mark(c) {
                continue;
            }
            if c.is_whitespace() {
                pending_space = !out.is_empty();
                continue;
            }
            if !c.is_alphanumeric() && !c.is_ascii() {
                continue;
            }
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.extend(c.to_lowercase());
        }
        out.trim_matches(|c: char| !c.is_alphanumeric()).to_string()
    }

    #[test]
    fn only_marks_are_reordered_by_nfd() {
        // Reordering moves only characters of a non-zero combining class: all of them are marks,
        // which the normalisation drops, so the order it would give them does not matter.
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            if unicode_normalization::char::canonical_combining_class(c) != 0 {
                assert!(is_combining_mark(c), "{c:?}");
            }
        }
    }

    proptest::proptest! {
        /// Character by character, as over the whole text's NFD.
        #[test]
        fn headings_normalise_as_over_the_whole_nfd(
            s in "([a-zA-Z0-9 \t’‘'.:()—-]|é|È|ç|Œ|ß|İ|ﬁ|Å|ǅ|\u{301}|\u{327}|\u{1e0a}\u{323}|한|🔁|✍️|\u{a0}|\u{2003}|Ω|Ⅻ|½){0,16}"
        ) {
            proptest::prop_assert_eq!(normalize_heading(&s), normalize_heading_nfd(&s));
        }

        /// As the whole stem transliterated, lowercased, its runs replaced and its ends trimmed.
        #[test]
        fn slugs_are_those_of_the_transliterated_stem(
            s in "([a-zA-Z0-9 _.'-]|é|Œ|ß|北京|—|🔁|\u{301}|\u{e000}|\u{a0}){0,12}"
        ) {
            let ascii = deunicode::deunicode(&s).to_ascii_lowercase();
            let mut reference = String::new();
            for c in ascii.chars() {
                if c.is_ascii_alphanumeric() {
                    reference.push(c);
                } else if !reference.ends_with('-') {
                    reference.push('-');
                }
            }
            proptest::prop_assert_eq!(slugify(&s), reference.trim_matches('-'));
        }

        /// The byte scan finds exactly the characters `is_terminal_unsafe` names (across blocks).
        #[test]
        fn the_byte_scan_agrees_with_the_characters(
            s in "([a-zé\t\n\r ]|\u{0}|\u{1b}|\u{7f}|\u{80}|\u{9f}|\u{a0}|\u{c2}|\u{2029}|\u{202a}|\u{202e}|\u{202f}|\u{2065}|\u{2066}|\u{2069}|\u{206a}|\u{e2}|€){0,60}"
        ) {
            proptest::prop_assert_eq!(super::has_terminal_unsafe(&s), s.chars().any(super::is_terminal_unsafe));
        }
    }
}
