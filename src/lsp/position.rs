//! LSP positions: 0-based lines ending at `\n` (a `\r` before it belongs to the ending, a lone
//! `\r` ends nothing) and characters counted in UTF-16 code units; positions past a line's or
//! the text's end are clamped.

use serde_json::{Value, json};

/// A 0-based line and UTF-16 character.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: u32,
    pub character: u32,
}

impl Position {
    pub fn from_json(v: &Value) -> Option<Position> {
        let n = |k: &str| {
            v.get(k)?
                .as_u64()
                .map(|n| n.min(u64::from(u32::MAX)) as u32)
        };
        Some(Position {
            line: n("line")?,
            character: n("character")?,
        })
    }

    pub fn to_json(self) -> Value {
        json!({"line": self.line, "character": self.character})
    }
}

pub fn range_json(start: Position, end: Position) -> Value {
    json!({"start": start.to_json(), "end": end.to_json()})
}

/// A range from its JSON form.
pub fn range_from_json(v: &Value) -> Option<(Position, Position)> {
    Some((
        Position::from_json(v.get("start")?)?,
        Position::from_json(v.get("end")?)?,
    ))
}

/// The byte range of 0-based `line`'s content in `text`, without its line ending; the empty
/// range at the end of the text past the last line.
pub fn line_bounds(text: &str, line: u32) -> (usize, usize) {
    let bytes = text.as_bytes();
    let mut start = 0;
    for _ in 0..line {
        match memchr::memchr(b'\n', &bytes[start..]) {
            Some(i) => start += i + 1,
            None => return (text.len(), text.len()),
        }
    }
    let mut end = memchr::memchr(b'\n', &bytes[start..]).map_or(text.len(), |i| start + i);
    if end > start && bytes[end - 1] == b'\r' && end < text.len() {
        end -= 1;
    }
    (start, end)
}

/// The byte offset of `pos` in `text`, clamped to its line's content and to a character
/// boundary (a position inside a surrogate pair falls before its character).
pub fn offset(text: &str, pos: Position) -> usize {
    let (start, end) = line_bounds(text, pos.line);
    let mut units = 0;
    for (i, c) in text[start..end].char_indices() {
        let next = units + c.len_utf16() as u32;
        if next > pos.character {
            return start + i;
        }
        units = next;
    }
    end
}

/// The position of byte `offset` of `text` (rounded down to a character boundary).
pub fn position(text: &str, offset: usize) -> Position {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = memchr::memchr_iter(b'\n', before.as_bytes()).count() as u32;
    let start = memchr::memrchr(b'\n', before.as_bytes()).map_or(0, |i| i + 1);
    Position {
        line,
        character: utf16_len(&text[start..offset]),
    }
}

pub fn utf16_len(s: &str) -> u32 {
    s.chars().map(|c| c.len_utf16() as u32).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(line: u32, character: u32) -> Position {
        Position { line, character }
    }

    #[test]
    fn utf16_columns() {
        let text = "É☕🚀x\r\nab\rc\n";
        assert_eq!(offset(text, p(0, 2)), "É☕".len());
        assert_eq!(offset(text, p(0, 4)), "É☕🚀".len());
        // Inside the surrogate pair: before the rocket.
        assert_eq!(offset(text, p(0, 3)), "É☕".len());
        // Past the end: before `\r\n`.
        assert_eq!(offset(text, p(0, 99)), "É☕🚀x".len());
        // A lone `\r` ends no line.
        assert_eq!(offset(text, p(1, 4)), text.find('c').unwrap() + 1);
        assert_eq!(offset(text, p(9, 0)), text.len());
        assert_eq!(position(text, "É☕🚀".len()), p(0, 4));
        assert_eq!(position(text, text.len()), p(2, 0));
    }
}
