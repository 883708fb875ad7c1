//! Finds the front-matter block at the very start of a journal: YAML between `---` lines or TOML
//! between `+++` lines, CRLF accepted (the caller strips a UTF-8 BOM). It only splits: parsing is
//! `tree`'s job (`Format::parse` picks the reader) and validation `schema`'s. A `---` later in the
//! body is a thematic break.

use crate::tree::{self, Node, Origin, SyntaxError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Toml,
}

impl Format {
    pub fn fence(self) -> &'static str {
        match self {
            Format::Yaml => "---",
            Format::Toml => "+++",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Yaml => "YAML",
            Format::Toml => "TOML",
        }
    }

    /// Parses a block of this format into a positioned tree.
    pub fn parse(self, text: &str, origin: Origin) -> Result<Node, SyntaxError> {
        match self {
            Format::Yaml => tree::parse_yaml(text, origin),
            Format::Toml => tree::parse_toml(text, origin),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Block<'a> {
    pub format: Format,
    /// The text between the fences.
    pub text: &'a str,
    /// The file line of the block's first line (the line after the opening fence).
    pub first_line: u32,
    /// The byte offset where the Markdown body starts (after the closing fence's line).
    pub body_start: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Split<'a> {
    /// The file does not start with a fence.
    Missing,
    /// An opening fence that never closes.
    Unclosed(Format),
    Found(Block<'a>),
}

fn fence_of(line: &str) -> Option<Format> {
    match line.trim_end() {
        "---" => Some(Format::Yaml),
        "+++" => Some(Format::Toml),
        _ => None,
    }
}

/// Splits `source` (without BOM) into its front-matter block and body.
pub fn split(source: &str) -> Split<'_> {
    let first_end = source.find('\n').map_or(source.len(), |i| i + 1);
    let Some(format) = fence_of(&source[..first_end]) else {
        return Split::Missing;
    };
    let mut offset = first_end;
    while offset < source.len() {
        let end = source[offset..]
            .find('\n')
            .map_or(source.len(), |i| offset + i + 1);
        if fence_of(&source[offset..end]) == Some(format) {
            return Split::Found(Block {
                format,
                text: &source[first_end..offset],
                first_line: 2,
                body_start: end,
            });
        }
        offset = end;
    }
    Split::Unclosed(format)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_and_toml_blocks() {
        let Split::Found(b) = split("---\ntitle: x\n---\nbody\n") else {
            panic!()
        };
        assert_eq!(
            (b.format, b.text, b.first_line),
            (Format::Yaml, "title: x\n", 2)
        );
        assert_eq!(&"---\ntitle: x\n---\nbody\n"[b.body_start..], "body\n");
        let Split::Found(b) = split("+++\r\ntitle = 'x'\r\n+++\r\n") else {
            panic!()
        };
        assert_eq!((b.format, b.text), (Format::Toml, "title = 'x'\r\n"));
    }

    #[test]
    fn missing_and_unclosed() {
        assert_eq!(split("# Title\n---\n"), Split::Missing);
        assert_eq!(split(""), Split::Missing);
        assert_eq!(split("---\ntitle: x\n"), Split::Unclosed(Format::Yaml));
        assert_eq!(
            split("+++\ntitle = 1\n---\n"),
            Split::Unclosed(Format::Toml)
        );
    }

    #[test]
    fn empty_block_and_no_trailing_newline() {
        let Split::Found(b) = split("---\n---") else {
            panic!()
        };
        assert_eq!((b.text, b.body_start), ("", 7));
    }
}
