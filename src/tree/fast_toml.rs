//! A fast reader for the simple TOML front matter journals have (`key = value` lines with bare
//! keys; strings, decimal numbers, booleans and local dates; one-line arrays and inline tables;
//! `[table]` and `[[array]]` headers), in front of toml: it builds the very tree toml's path
//! builds, or declines (`None`) on anything else, and `parse_toml` then asks toml (so errors
//! always come from there).

use super::{Entry, Kind, MAX_DEPTH, MAX_FAST_ENTRIES, MAX_FAST_TEXT, Node, Origin};
use crate::diagnostic::Pos;

/// The tree of `text`, exactly as toml's path reads it, or `None` when the text leaves the
/// subset this reader is sure of.
pub(super) fn parse(text: &str, origin: Origin) -> Option<Node> {
    // Longer blocks are left to toml: line numbers and columns are `u32` here.
    if text.len() > MAX_FAST_TEXT || !plain_characters(text.as_bytes()) {
        return None;
    }
    let mut doc = Document {
        root: Vec::new(),
        defined: Vec::new(),
        current: None,
    };
    for (no, text) in text.split('\n').enumerate() {
        let mut line = Line {
            text,
            bytes: text.as_bytes(),
            no: origin.first_line + no as u32,
            seen: (0, 0),
        };
        doc.line(&mut line)?;
    }
    Some(Node {
        kind: Kind::Map(doc.root),
        pos: Pos::new(origin.first_line, 1),
    })
}

/// Whether `bytes` holds no control character but `\n` (so no `\r`, no tab), and no byte order
/// mark at its start: the characters whose TOML meaning is not left to this reader.
fn plain_characters(bytes: &[u8]) -> bool {
    // Every byte is looked at (no early return), which the compiler turns into vector code.
    !bytes.starts_with(b"\xef\xbb\xbf")
        && bytes.iter().fold(true, |plain, &b| {
            plain & (b == b'\n' || (b >= 0x20 && b != 0x7f))
        })
}

/// How a table of the root got its entry.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Defined {
    /// By `key = value`.
    Value,
    /// By a `[table]` header.
    Table,
    /// By `[[array]]` headers.
    Array,
}

struct Document {
    root: Vec<Entry>,
    /// How each entry of `root` was made, in the same order.
    defined: Vec<Defined>,
    /// The root entry whose table the last header opened (the last item, for an array of
    /// tables), where `key = value` lines go; the root itself before any header.
    current: Option<usize>,
}

impl Document {
    /// Reads one line (without its `\n`).
    fn line(&mut self, line: &mut Line) -> Option<()> {
        let at = line.skip_spaces(0);
        match line.bytes.get(at) {
            None | Some(b'#') => Some(()),
            Some(b'[') => self.header(line, at),
            _ => self.key_value(line, at),
        }
    }

    /// A `[table]` or `[[array]]` header starting at byte `at`.
    fn header(&mut self, line: &mut Line, at: usize) -> Option<()> {
        let array = line.bytes.get(at + 1) == Some(&b'[');
        let brackets = if array { 2 } else { 1 };
        let key_at = line.skip_spaces(at + brackets);
        let key_end = line.key_end(key_at)?;
        let close = line.skip_spaces(key_end);
        let closing: &[u8] = if array { b"]]" } else { b"]" };
        if !line.bytes[close..].starts_with(closing) || !line.ends(close + brackets) {
            return None;
        }
        let pos = line.pos(at);
        let key_pos = line.pos(key_at);
        let key = &line.text[key_at..key_end];
        let table = Node {
            kind: Kind::Map(Vec::new()),
            pos,
        };
        if self.root.len() >= MAX_FAST_ENTRIES {
            return None;
        }
        match self.root.iter().position(|e| e.key == key) {
            Some(i) if array && self.defined[i] == Defined::Array => {
                if let Kind::List(items) = &mut self.root[i].value.kind {
                    items.push(table);
                }
                self.current = Some(i);
            }
            Some(_) => return None,
            None => {
                let (value, defined) = if array {
                    let list = Node {
                        kind: Kind::List(vec![table]),
                        pos,
                    };
                    (list, Defined::Array)
                } else {
                    (table, Defined::Table)
                };
                self.current = Some(self.root.len());
                self.root.push(Entry {
                    key: key.to_string(),
                    key_pos,
                    value,
                });
                self.defined.push(defined);
            }
        }
        Some(())
    }

    /// A `key = value` line whose key starts at byte `at`.
    fn key_value(&mut self, line: &mut Line, at: usize) -> Option<()> {
        let (entries, depth) = self.table()?;
        let (entry, end) = line.entry(at, entries, depth)?;
        if !line.ends(end) {
            return None;
        }
        entries.push(entry);
        if self.current.is_none() {
            self.defined.push(Defined::Value);
        }
        Some(())
    }

    /// The entries `key = value` lines go to, and the depth toml's path reads their values at.
    fn table(&mut self) -> Option<(&mut Vec<Entry>, usize)> {
        let Some(i) = self.current else {
            return Some((&mut self.root, 1));
        };
        match &mut self.root[i].value.kind {
            Kind::Map(entries) => Some((entries, 2)),
            Kind::List(items) => match &mut items.last_mut()?.kind {
                Kind::Map(entries) => Some((entries, 3)),
                _ => None,
            },
            _ => None,
        }
    }
}

/// One line of the block, read from left to right.
struct Line<'a> {
    text: &'a str,
    bytes: &'a [u8],
    /// Its file line.
    no: u32,
    /// The byte and the column (minus one) of the last position asked: positions are asked in
    /// order along the line, so the next one is counted from there.
    seen: (usize, usize),
}

impl Line<'_> {
    /// The file position of byte `at`.
    fn pos(&mut self, at: usize) -> Pos {
        let (from, col) = if self.seen.0 <= at { self.seen } else { (0, 0) };
        let between = &self.text[from..at];
        let col = col + crate::text::columns(between);
        self.seen = (at, col);
        Pos::new(self.no, col as u32 + 1)
    }

    /// The byte index past the spaces from `at`.
    fn skip_spaces(&self, mut at: usize) -> usize {
        while self.bytes.get(at) == Some(&b' ') {
            at += 1;
        }
        at
    }

    /// Whether the line ends at `at`, after spaces and maybe a comment.
    fn ends(&self, at: usize) -> bool {
        matches!(self.bytes.get(self.skip_spaces(at)), None | Some(b'#'))
    }

    /// The end of the bare key starting at `at` (ASCII letters, digits, `_` and `-`). A dotted
    /// key is declined where its `.` is met instead of a `=` or a `]`.
    fn key_end(&self, at: usize) -> Option<usize> {
        let mut end = at;
        while self
            .bytes
            .get(end)
            .is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        {
            end += 1;
        }
        (end > at).then_some(end)
    }

    /// A `key = value` pair starting at `at`, for a table holding `entries` whose values toml's
    /// path reads at `depth`, and the byte after the value.
    fn entry(&mut self, at: usize, entries: &[Entry], depth: usize) -> Option<(Entry, usize)> {
        let key_end = self.key_end(at)?;
        let key = &self.text[at..key_end];
        if entries.len() >= MAX_FAST_ENTRIES || entries.iter().any(|e| e.key == key) {
            return None;
        }
        let equals = self.skip_spaces(key_end);
        if self.bytes.get(equals) != Some(&b'=') {
            return None;
        }
        let key_pos = self.pos(at);
        let (value, end) = self.value(self.skip_spaces(equals + 1), depth)?;
        let entry = Entry {
            key: key.to_string(),
            key_pos,
            value,
        };
        Some((entry, end))
    }

    /// The value starting at byte `at`, read at `depth` (as `toml_value` is), and the byte after
    /// it.
    fn value(&mut self, at: usize, depth: usize) -> Option<(Node, usize)> {
        let first = *self.bytes.get(at)?;
        if matches!(first, b'[' | b'{') && depth >= MAX_DEPTH {
            return None;
        }
        let pos = self.pos(at);
        let (kind, end) = match first {
            b'"' => basic_string(self.text, at + 1)?,
            b'\'' => literal_string(self.text, at + 1)?,
            b'[' => self.array(at + 1, depth + 1)?,
            b'{' => self.inline_table(at + 1, depth + 1)?,
            _ => {
                let mut end = at;
                while self
                    .bytes
                    .get(end)
                    .is_some_and(|b| !matches!(b, b' ' | b',' | b']' | b'}' | b'#'))
                {
                    end += 1;
                }
                (scalar(&self.text[at..end])?, end)
            }
        };
        Some((Node { kind, pos }, end))
    }

    /// The items of a one-line array from byte `at` (after its `[`), read at `depth`, and the
    /// byte after its `]`.
    fn array(&mut self, at: usize, depth: usize) -> Option<(Kind, usize)> {
        let mut items = Vec::new();
        let mut i = self.skip_spaces(at);
        loop {
            if self.bytes.get(i) == Some(&b']') {
                return Some((Kind::List(items), i + 1));
            }
            let (item, end) = self.value(i, depth)?;
            items.push(item);
            i = self.skip_spaces(end);
            match self.bytes.get(i)? {
                b',' => i = self.skip_spaces(i + 1),
                b']' => {}
                _ => return None,
            }
        }
    }

    /// The entries of a one-line inline table from byte `at` (after its `{`), read at `depth`,
    /// and the byte after its `}`. A comma before the `}` is declined.
    fn inline_table(&mut self, at: usize, depth: usize) -> Option<(Kind, usize)> {
        let mut entries = Vec::new();
        let mut i = self.skip_spaces(at);
        if self.bytes.get(i) == Some(&b'}') {
            return Some((Kind::Map(entries), i + 1));
        }
        loop {
            let (entry, end) = self.entry(i, &entries, depth)?;
            entries.push(entry);
            i = self.skip_spaces(end);
            match self.bytes.get(i)? {
                b',' => i = self.skip_spaces(i + 1),
                b'}' => return Some((Kind::Map(entries), i + 1)),
                _ => return None,
            }
        }
    }
}

/// A basic string's value from byte `at` (after its opening quote) to its closing quote, and the
/// byte after that quote. Escapes but `\\`, `\"`, `\n`, `\t`, `\r`, `\b` and `\f` are declined,
/// and so are multi-line strings: `"""` reads as `""` then a quote where none may be.
fn basic_string(text: &str, at: usize) -> Option<(Kind, usize)> {
    let (value, next) = super::quoted(text, at, |escape| match escape {
        b'\\' => Some('\\'),
        b'"' => Some('"'),
        b'n' => Some('\n'),
        b't' => Some('\t'),
        b'r' => Some('\r'),
        b'b' => Some('\u{8}'),
        b'f' => Some('\u{c}'),
        _ => None,
    })?;
    Some((Kind::Str(value), next))
}

/// A literal string's value from byte `at` (after its opening quote) to its closing quote, and
/// the byte after that quote. Multi-line literal strings are declined: `'''` reads as `''` then
/// a quote where none may be.
fn literal_string(text: &str, at: usize) -> Option<(Kind, usize)> {
    let len = text[at..].find('\'')?;
    Some((Kind::Str(text[at..at + len].to_string()), at + len + 1))
}

/// A bare value: a boolean, a local date `YYYY-MM-DD` that exists, or a decimal integer or
/// float (no `_`, no `inf` or `nan`) as `toml_value` types it.
fn scalar(token: &str) -> Option<Kind> {
    match token {
        "true" => return Some(Kind::Bool(true)),
        "false" => return Some(Kind::Bool(false)),
        _ => {}
    }
    if is_date(token.as_bytes()) {
        return Some(Kind::Date(token.to_string()));
    }
    let unsigned = token.strip_prefix(['+', '-']).unwrap_or(token);
    let int_len = digits(unsigned);
    // No leading zeros.
    if int_len == 0 || (int_len > 1 && unsigned.starts_with('0')) {
        return None;
    }
    let mut rest = &unsigned[int_len..];
    if rest.is_empty() {
        return token.parse().ok().map(Kind::Int);
    }
    if let Some(fraction) = rest.strip_prefix('.') {
        let len = digits(fraction);
        if len == 0 {
            return None;
        }
        rest = &fraction[len..];
    }
    if let Some(exponent) = rest.strip_prefix(['e', 'E']) {
        let exponent = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
        if exponent.is_empty() || digits(exponent) != exponent.len() {
            return None;
        }
        rest = "";
    }
    if !rest.is_empty() {
        return None;
    }
    let value: f64 = token.parse().ok()?;
    value
        .is_finite()
        .then(|| Kind::Float(value, token.to_string()))
}

/// How many ASCII digits `text` starts with.
fn digits(text: &str) -> usize {
    text.bytes().take_while(u8::is_ascii_digit).count()
}

/// Whether `token` is a local date `YYYY-MM-DD` of the proleptic Gregorian calendar.
fn is_date(token: &[u8]) -> bool {
    let shape = token.len() == 10
        && token.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shape {
        return false;
    }
    let number = |range: std::ops::Range<usize>| {
        token[range]
            .iter()
            .fold(0u32, |n, b| n * 10 + u32::from(b - b'0'))
    };
    let (year, month, day) = (number(0..4), number(5..7), number(8..10));
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

#[cfg(test)]
mod tests;
