//! A fast reader for the plain YAML front matter journals have (`key: value` lines, quoted
//! strings, one-line flow lists and tables, block lists and tables under a key), in front of
//! saphyr: it builds the very tree saphyr's path builds, or declines (`None`) on anything else,
//! and `parse_yaml` then asks saphyr (so errors always come from there).

use super::{
    Entry, Kind, MAX_DEPTH, MAX_FAST_ENTRIES, MAX_FAST_TEXT, Node, Origin, key_text, plain_scalar,
};
use crate::diagnostic::Pos;
use std::cell::Cell;

/// The tree of `text`, exactly as saphyr's path reads it, or `None` when the text leaves the
/// subset this reader is sure of.
pub(super) fn parse(text: &str, origin: Origin) -> Option<Node> {
    // Longer blocks are left to saphyr, which keeps line numbers and columns in `u32` here.
    if text.len() > MAX_FAST_TEXT || !plain_characters(text.as_bytes()) {
        return None;
    }
    let mut lines = Vec::with_capacity(text.len() / 24 + 1);
    let mut start = 0;
    for (no, raw) in text.split('\n').enumerate() {
        let indent = raw.len() - raw.trim_start_matches(' ').len();
        let rest = &raw[indent..];
        // Blank and comment lines say nothing outside multi-line scalars, which are declined.
        if !rest.is_empty() && !rest.starts_with('#') {
            lines.push(Line {
                no: no as u32,
                start,
                indent,
                end: start + raw.len(),
            });
        }
        start += raw.len() + 1;
    }
    let first = *lines.first()?;
    let mut reader = Reader {
        text,
        origin,
        lines,
        next: 0,
        cursor: Cell::new((0, 0)),
    };
    let root = reader.block_map(first.indent, 0)?;
    (reader.next == reader.lines.len()).then_some(root)
}

/// The longest key read here: YAML keys in block context end within 1024 characters.
const MAX_KEY: usize = 1000;

/// Whether `bytes` holds none of the characters YAML (or saphyr) treats specially wherever they
/// are: control characters but `\n` (`\r`, tabs, NUL), C1 controls (NEL), line and paragraph
/// separators, byte order marks and non-characters.
fn plain_characters(bytes: &[u8]) -> bool {
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let bad = match b {
            b'\n' => false,
            0..0x20 | 0x7f => true,
            0xc2 => bytes.get(i + 1).is_some_and(|&n| n < 0xa0),
            0xe2 => {
                bytes.get(i + 1) == Some(&0x80) && matches!(bytes.get(i + 2), Some(0xa8 | 0xa9))
            }
            0xef => matches!(
                (bytes.get(i + 1), bytes.get(i + 2)),
                (Some(0xbb), Some(0xbf)) | (Some(0xbf), Some(0xbe | 0xbf))
            ),
            _ => false,
        };
        if bad {
            return false;
        }
        i += 1;
    }
    true
}

/// A line with content (not blank, not a comment).
#[derive(Debug, Clone, Copy)]
struct Line {
    /// The line's index in the block.
    no: u32,
    /// The byte offset of the line's start in the block.
    start: usize,
    /// Where the content starts, in bytes from the line's start: spaces before it (and `- `, for
    /// a table started on a list item's line), so also its column minus one.
    indent: usize,
    /// The byte offset of the line's end (its `\n`, or the block's end).
    end: usize,
}

struct Reader<'a> {
    text: &'a str,
    origin: Origin,
    lines: Vec<Line>,
    /// The next line to read.
    next: usize,
    /// The byte offset in the block and the column (minus one) of the last position asked:
    /// positions are asked in order along a line, so the next one is counted from there.
    cursor: Cell<(usize, usize)>,
}

impl Reader<'_> {
    /// The next line of a block whose lines start at column `indent + 1`: `Some(None)` when the
    /// block ends before it (less indented, or no line left), `None` when it is indented deeper
    /// (which the fast path does not read).
    fn line_at(&self, indent: usize) -> Option<Option<Line>> {
        match self.lines.get(self.next) {
            Some(&line) if line.indent > indent => None,
            Some(&line) if line.indent == indent => Some(Some(line)),
            _ => Some(None),
        }
    }

    fn line_text(&self, line: Line) -> &str {
        &self.text[line.start..line.end]
    }

    /// The file position of byte `at` of `line`.
    fn pos(&self, line: Line, at: usize) -> Pos {
        let target = line.start + at;
        let (from, col) = match self.cursor.get() {
            (offset, col) if offset >= line.start && offset <= target => (offset, col),
            _ => (line.start, 0),
        };
        let between = &self.text[from..target];
        let col = col + crate::text::columns(between);
        self.cursor.set((target, col));
        Pos::new(self.origin.first_line + line.no, col as u32 + 1)
    }

    /// A block table whose keys start at column `indent + 1`, `depth` lists and tables deep.
    fn block_map(&mut self, indent: usize, depth: usize) -> Option<Node> {
        if depth >= MAX_DEPTH {
            return None;
        }
        let mut entries: Vec<Entry> = Vec::new();
        let mut pos = None;
        while let Some(line) = self.line_at(indent)? {
            let text = self.line_text(line);
            let colon = line.indent + key_len(&text[line.indent..])?;
            let key_pos = self.pos(line, line.indent);
            let key = key_text(plain_scalar(&text[line.indent..colon]))?;
            if entries.len() >= MAX_FAST_ENTRIES || entries.iter().any(|e| e.key == key) {
                return None;
            }
            pos.get_or_insert(key_pos);
            self.next += 1;
            let value = match self.inline(line, colon + 1, depth + 1)? {
                Some(value) => value,
                None => self.nested(indent, self.pos(line, colon), depth + 1)?,
            };
            entries.push(Entry {
                key,
                key_pos,
                value,
            });
        }
        Some(Node {
            kind: Kind::Map(entries),
            pos: pos?,
        })
    }

    /// The value of a key of a table at `indent` whose line ends after its `:` (at `colon`): a
    /// block list or table on the next lines, or else nothing.
    fn nested(&mut self, indent: usize, colon: Pos, depth: usize) -> Option<Node> {
        let null = Node {
            kind: Kind::Null,
            pos: colon,
        };
        let Some(&next) = self.lines.get(self.next) else {
            return Some(null);
        };
        let item = is_item(&self.line_text(next)[next.indent..]);
        if next.indent > indent {
            if item {
                self.block_seq(next.indent, depth, false)
            } else {
                self.block_map(next.indent, depth)
            }
        } else if next.indent == indent && item {
            self.block_seq(indent, depth, true)
        } else {
            Some(null)
        }
    }

    /// A block list whose `-` are at column `indent + 1`; `indentless` when it is a table's value
    /// at the table's own indentation (it then ends at the table's next key).
    fn block_seq(&mut self, indent: usize, depth: usize, indentless: bool) -> Option<Node> {
        if depth >= MAX_DEPTH {
            return None;
        }
        let mut items = Vec::new();
        let mut pos = None;
        while let Some(line) = self.line_at(indent)? {
            let text = self.line_text(line);
            if !is_item(&text[line.indent..]) {
                if indentless {
                    break;
                }
                return None;
            }
            let after = &text[line.indent + 1..];
            let item = line.indent + 1 + after.len() - after.trim_start_matches(' ').len();
            // saphyr puts a list at its first `-`, or at its first item when it is indentless.
            pos.get_or_insert(self.pos(line, if indentless { item } else { line.indent }));
            let rest = &text[item..];
            // An empty item, a list in a list, or an item on the next lines.
            if rest.is_empty() || rest.starts_with('#') || is_item(rest) {
                return None;
            }
            let node = if key_len(rest).is_some() {
                // A table starting on the item's line: its keys are at the item's column.
                self.lines[self.next].indent = item;
                self.block_map(item, depth + 1)?
            } else {
                self.next += 1;
                self.inline(line, item, depth + 1)??
            };
            items.push(node);
        }
        Some(Node {
            kind: Kind::List(items),
            pos: pos?,
        })
    }

    /// The value written on `line` from byte `at` on (after a key's `:` or an item's `- `), with
    /// nothing but a comment after it; `Some(None)` when there is none (the line ends, or a
    /// comment does).
    fn inline(&self, line: Line, at: usize, depth: usize) -> Option<Option<Node>> {
        let text = self.line_text(line);
        let start = skip_spaces(text, at);
        if start == text.len() || (start > at && text.as_bytes()[start] == b'#') {
            return Some(None);
        }
        let (node, end) = match text.as_bytes()[start] {
            b'[' | b'{' => self.flow(line, start, depth)?,
            b'"' | b'\'' => self.quoted(line, start)?,
            _ => {
                let end = plain_end(text, start, false)?;
                let node = Node {
                    kind: plain_scalar(&text[start..end]),
                    pos: self.pos(line, start),
                };
                (node, end)
            }
        };
        let rest = skip_spaces(text, end);
        let ends = rest == text.len() || (rest > end && text.as_bytes()[rest] == b'#');
        ends.then_some(Some(node))
    }

    /// A quoted string starting at byte `at` of `line`, and the byte after its closing quote.
    fn quoted(&self, line: Line, at: usize) -> Option<(Node, usize)> {
        let text = self.line_text(line);
        let (value, end) = if text.as_bytes()[at] == b'"' {
            double_quoted(text, at + 1)?
        } else {
            single_quoted(text, at + 1)?
        };
        let node = Node {
            kind: Kind::Str(value),
            pos: self.pos(line, at),
        };
        Some((node, end))
    }

    /// A flow list or table starting at byte `at` of `line` (its `[` or `{`), `depth` deep, and
    /// the byte after its end. Flows spanning lines are declined.
    fn flow(&self, line: Line, at: usize, depth: usize) -> Option<(Node, usize)> {
        if depth >= MAX_DEPTH {
            return None;
        }
        let text = self.line_text(line);
        let bytes = text.as_bytes();
        let pos = self.pos(line, at);
        let is_map = bytes[at] == b'{';
        let close = if is_map { b'}' } else { b']' };
        let mut i = skip_spaces(text, at + 1);
        let mut items = Vec::new();
        let mut entries: Vec<Entry> = Vec::new();
        if bytes.get(i) != Some(&close) {
            loop {
                if is_map {
                    let colon = i + key_len(&text[i..])?;
                    let key_pos = self.pos(line, i);
                    let key = key_text(plain_scalar(&text[i..colon]))?;
                    if entries.len() >= MAX_FAST_ENTRIES || entries.iter().any(|e| e.key == key) {
                        return None;
                    }
                    let (value, end) = self.flow_item(line, skip_spaces(text, colon + 1), depth)?;
                    entries.push(Entry {
                        key,
                        key_pos,
                        value,
                    });
                    i = end;
                } else {
                    let (item, end) = self.flow_item(line, i, depth)?;
                    items.push(item);
                    i = end;
                }
                i = skip_spaces(text, i);
                match bytes.get(i) {
                    Some(&b',') => {
                        i = skip_spaces(text, i + 1);
                        // A trailing comma, or an empty entry.
                        if matches!(bytes.get(i), None | Some(b',' | b']' | b'}')) {
                            return None;
                        }
                    }
                    Some(&c) if c == close => break,
                    _ => return None,
                }
            }
        }
        let kind = if is_map {
            Kind::Map(entries)
        } else {
            Kind::List(items)
        };
        Some((Node { kind, pos }, i + 1))
    }

    /// A value inside a flow `depth` deep, starting at byte `at` of `line`.
    fn flow_item(&self, line: Line, at: usize, depth: usize) -> Option<(Node, usize)> {
        let text = self.line_text(line);
        match *text.as_bytes().get(at)? {
            b'[' | b'{' => self.flow(line, at, depth + 1),
            b'"' | b'\'' => self.quoted(line, at),
            _ => {
                let end = plain_end(text, at, true)?;
                let node = Node {
                    kind: plain_scalar(&text[at..end]),
                    pos: self.pos(line, at),
                };
                Some((node, end))
            }
        }
    }
}

/// Whether a line's content (from its indentation on) is a block list item: `-` then a space.
/// A lone `-` (an item on the next lines) is not, and is declined where it is met.
fn is_item(content: &str) -> bool {
    content.starts_with("- ")
}

/// The byte index past the spaces of `text` from `at`.
fn skip_spaces(text: &str, at: usize) -> usize {
    at + text[at..].len() - text[at..].trim_start_matches(' ').len()
}

/// The length of the simple key `text` starts with, when it is one followed by `:` and a space
/// or the line's end: letters, digits and `_` `-` `.`, starting with a letter, digit or `_`.
fn key_len(text: &str) -> Option<usize> {
    let first = text.chars().next()?;
    if !(first.is_alphanumeric() || first == '_') {
        return None;
    }
    let len = text
        .find(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '-' | '.')))
        .unwrap_or(text.len());
    let after = &text.as_bytes()[len..];
    let ends = after.first() == Some(&b':') && matches!(after.get(1), None | Some(b' '));
    (ends && len <= MAX_KEY).then_some(len)
}

/// The end of the plain scalar starting at byte `at` of `text` (trailing spaces left out), in a
/// flow when `in_flow`; `None` when its start or its characters are ones whose YAML meaning is
/// not simple (indicators, `: `, and in a flow `:` and `#` anywhere).
fn plain_end(text: &str, at: usize, in_flow: bool) -> Option<usize> {
    let bytes = text.as_bytes();
    let first = bytes[at];
    let safe_start = match first {
        b'-' => bytes
            .get(at + 1)
            .is_some_and(|&n| !matches!(n, b' ' | b',' | b'[' | b']' | b'{' | b'}')),
        b'?' | b':' | b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!' | b'|'
        | b'>' | b'\'' | b'"' | b'%' | b'@' | b'`' | b' ' => false,
        _ => true,
    };
    if !safe_start {
        return None;
    }
    let mut end = at;
    let mut i = at;
    while let Some(&b) = bytes.get(i) {
        match b {
            b',' | b'[' | b']' | b'{' | b'}' if in_flow => break,
            b':' | b'#' if in_flow => return None,
            b':' if matches!(bytes.get(i + 1), None | Some(b' ')) => return None,
            b'#' if bytes[i - 1] == b' ' => break,
            b' ' => {}
            _ => end = i + 1,
        }
        i += 1;
    }
    // `end` is past the last non-space byte: the end of a character.
    Some(end)
}

/// A double-quoted string's value from byte `at` (after its opening quote) to its closing quote
/// on the same line, and the byte after that quote. Only the escapes `\\`, `\"`, `\/`, `\n` and
/// `\t` are read; others are declined.
fn double_quoted(text: &str, at: usize) -> Option<(String, usize)> {
    super::quoted(text, at, |escape| match escape {
        b'\\' => Some('\\'),
        b'"' => Some('"'),
        b'/' => Some('/'),
        b'n' => Some('\n'),
        b't' => Some('\t'),
        _ => None,
    })
}

/// A single-quoted string's value from byte `at` (after its opening quote) to its closing quote
/// on the same line (`''` is a quote), and the byte after that quote.
fn single_quoted(text: &str, at: usize) -> Option<(String, usize)> {
    let bytes = text.as_bytes();
    let mut value = String::new();
    let mut from = at;
    let mut i = at;
    loop {
        if *bytes.get(i)? == b'\'' {
            if bytes.get(i + 1) != Some(&b'\'') {
                break;
            }
            value.push_str(&text[from..=i]);
            i += 2;
            from = i;
        } else {
            i += 1;
        }
    }
    value.push_str(&text[from..i]);
    Some((value, i + 1))
}

#[cfg(test)]
mod tests;
