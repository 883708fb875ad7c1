//! A YAML or TOML document as a tree of values that remember where they are in the file: the
//! reader under both the journals' front matter (`journal`) and `book.toml` (`config`), so it
//! depends on neither.
//!
//! YAML (from saphyr-parser's events) and TOML (from toml's spanned tables) both become a `Node`,
//! so validation is written once. YAML scalars are typed by the YAML 1.2 core schema, except that
//! dates are never recognised: they stay strings and the schema validates them (an unquoted
//! `2025-09-31` is an invalid date, not a syntax error). Positions are in file coordinates.
//!
//! Syntax errors (`error`) are said in the reader's language, with the parsers' own English
//! words kept as a quoted detail.

mod error;
mod fast_toml;
mod fast_yaml;
#[cfg(test)]
mod test_util;

use crate::diagnostic::Pos;
use crate::text::LineIndex;
use saphyr_parser::{Event, Marker, Parser, ScalarStyle, Span};
use std::cell::Cell;
use std::collections::HashMap;

pub use error::{Cause, SyntaxError, too_deep_help, too_deep_message};

/// The deepest nesting debrief reads, the same everywhere: lists and tables in front matter (YAML
/// block and flow styles, TOML, dotted keys, YAML aliases, `book.toml`) and containers in a
/// journal's body (block quotes, lists, emphasis, links, raw HTML elements). Real journals stay
/// under 10; a deeper file is reported at the first level too deep, instead of exhausting the
/// stack or the time of the code that walks it.
pub const MAX_DEPTH: usize = 64;

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub kind: Kind,
    pub pos: Pos,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Null,
    Bool(bool),
    Int(i64),
    /// A float and its source text (TOML `_` separators removed), so an amount can be read
    /// exactly (`money::Cents::parse`) rather than from the binary value.
    Float(f64, String),
    Str(String),
    /// A TOML local date, already `YYYY-MM-DD`.
    Date(String),
    /// A TOML date-time or time: never a valid value in a journal.
    DateTime(String),
    List(Vec<Node>),
    Map(Vec<Entry>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: String,
    pub key_pos: Pos,
    pub value: Node,
}

impl Kind {
    /// The value's type with its article, for messages: `un nombre entier` / `an integer`.
    pub fn type_name(&self, lang: crate::i18n::Lang) -> &'static str {
        let (fr, en) = match self {
            Kind::Null => ("une valeur vide", "an empty value"),
            Kind::Bool(_) => ("un booléen", "a boolean"),
            Kind::Int(_) => ("un nombre entier", "an integer"),
            Kind::Float(..) => ("un nombre", "a number"),
            Kind::Str(_) => ("un texte", "a string"),
            Kind::Date(_) => ("une date", "a date"),
            Kind::DateTime(_) => ("une date avec heure", "a date-time"),
            Kind::List(_) => ("une liste", "a list"),
            Kind::Map(_) => ("une table", "a table"),
        };
        lang.pick(fr, en)
    }
}

/// Where a front-matter block sits in its file, to map parser positions back to file positions.
#[derive(Debug, Clone, Copy)]
pub struct Origin {
    /// The file line of the block's first line.
    pub first_line: u32,
}

impl Origin {
    /// The file position of byte `offset` of the block `text`, counted like every other position
    /// of the file (`LineIndex`: lines end at `\n`, columns count characters).
    fn at(self, lines: &LineIndex, text: &str, offset: usize) -> Pos {
        let p = lines.pos(text, offset);
        Pos::new(self.first_line + p.line - 1, p.col)
    }
}

/// For the fast readers: a double-quoted string's value from byte `at` (after its opening quote)
/// to its closing quote, and the byte after that quote; `unescape` gives the character a
/// backslash and the byte after it stand for, or `None` to decline the string.
fn quoted(text: &str, at: usize, unescape: impl Fn(u8) -> Option<char>) -> Option<(String, usize)> {
    let bytes = text.as_bytes();
    let mut value = String::new();
    let (mut from, mut i) = (at, at);
    loop {
        match *bytes.get(i)? {
            b'"' => break,
            b'\\' => {
                value.push_str(&text[from..i]);
                value.push(unescape(*bytes.get(i + 1)?)?);
                i += 2;
                from = i;
            }
            _ => i += 1,
        }
    }
    value.push_str(&text[from..i]);
    Some((value, i + 1))
}

/// Parses a YAML front-matter block: the common shapes directly (`fast_yaml`), any other through
/// saphyr's events, which give the same tree.
pub fn parse_yaml(text: &str, origin: Origin) -> Result<Node, SyntaxError> {
    match fast_yaml::parse(text, origin) {
        Some(node) => Ok(node),
        None => parse_yaml_events(text, origin),
    }
}

/// Parses a YAML front-matter block from saphyr's events.
pub(super) fn parse_yaml_events(text: &str, origin: Origin) -> Result<Node, SyntaxError> {
    let mut builder = YamlBuilder {
        parser: Parser::new_from_str(text),
        origin,
        anchors: HashMap::new(),
        expanded: 0,
        text,
        lines: LineIndex::new(text),
        cursor: Cell::new((0, 0)),
    };
    builder.document()
}

struct YamlBuilder<'a> {
    parser: Parser<'a, saphyr_parser::StrInput<'a>>,
    origin: Origin,
    /// Anchored nodes, with their size.
    anchors: HashMap<usize, (Node, Size)>,
    /// How many values aliases have copied so far (see `MAX_ALIASED_VALUES`).
    expanded: usize,
    text: &'a str,
    lines: LineIndex,
    /// The character index and byte offset of the last marker read (saphyr's markers count
    /// characters): markers come mostly in order, so the next one is walked to from there.
    cursor: Cell<(usize, usize)>,
}

impl<'a> YamlBuilder<'a> {
    fn next(&mut self) -> Result<(Event<'a>, Span), SyntaxError> {
        match self.parser.next_event() {
            Some(Ok(ev)) => Ok(ev),
            Some(Err(e)) => {
                let offset = self.offset(e.marker());
                let at = |o| self.origin.at(&self.lines, self.text, o);
                Err(SyntaxError::from_parser(
                    self.text,
                    offset,
                    e.info(),
                    "YAML",
                    &at,
                ))
            }
            None => Ok((Event::StreamEnd, Span::default())),
        }
    }

    fn pos(&self, span: &Span) -> Pos {
        self.at(&span.start)
    }

    /// The file position of a marker. Not saphyr's own line and column: YAML also breaks lines
    /// at a lone `\r`, which would put positions past the file's last line.
    fn at(&self, marker: &Marker) -> Pos {
        self.origin.at(&self.lines, self.text, self.offset(marker))
    }

    /// The byte offset of a marker (saphyr counts characters), or the text's end past it.
    fn offset(&self, marker: &Marker) -> usize {
        let want = marker.index();
        let (mut chars, mut byte) = match self.cursor.get() {
            (chars, byte) if chars <= want => (chars, byte),
            _ => (0, 0),
        };
        for c in self.text[byte..].chars() {
            if chars == want {
                break;
            }
            chars += 1;
            byte += c.len_utf8();
        }
        self.cursor.set((chars, byte));
        byte
    }

    fn document(&mut self) -> Result<Node, SyntaxError> {
        let mut root = None;
        loop {
            let (ev, span) = self.next()?;
            match ev {
                Event::StreamStart | Event::DocumentStart(_) | Event::DocumentEnd => {}
                Event::StreamEnd => break,
                Event::Nothing => {}
                other => {
                    let node = self.node(other, span, 0)?;
                    if root.is_some() {
                        return Err(SyntaxError::ours(node.pos, Cause::SecondDocument, "YAML"));
                    }
                    root = Some(node);
                }
            }
        }
        Ok(root.unwrap_or(Node {
            kind: Kind::Null,
            pos: Pos::new(self.origin.first_line, 1),
        }))
    }

    /// The node that starts with `ev`, `depth` lists and tables deep. The recursion is bounded:
    /// a list or table deeper than `MAX_DEPTH` is an error before its items are read.
    fn node(&mut self, ev: Event<'a>, span: Span, depth: usize) -> Result<Node, SyntaxError> {
        let pos = self.pos(&span);
        if matches!(ev, Event::SequenceStart(..) | Event::MappingStart(..)) && depth >= MAX_DEPTH {
            return Err(SyntaxError::ours(pos, Cause::TooDeep, "YAML"));
        }
        let (node, anchor) = match ev {
            Event::Scalar(value, style, anchor, tag) => {
                let is_str_tag = tag.as_ref().is_some_and(|t| t.suffix == "str");
                let kind = if style == ScalarStyle::Plain && !is_str_tag {
                    plain_scalar(&value)
                } else {
                    Kind::Str(value.into_owned())
                };
                (Node { kind, pos }, anchor)
            }
            Event::SequenceStart(anchor, _) => {
                let mut items = Vec::new();
                loop {
                    let (ev, span) = self.next()?;
                    match ev {
                        Event::SequenceEnd => break,
                        Event::StreamEnd => return Err(self.unexpected_end(pos)),
                        ev => items.push(self.node(ev, span, depth + 1)?),
                    }
                }
                (
                    Node {
                        kind: Kind::List(items),
                        pos,
                    },
                    anchor,
                )
            }
            Event::MappingStart(anchor, _) => {
                let mut entries: Vec<Entry> = Vec::new();
                let mut keys = Keys::default();
                loop {
                    let (ev, span) = self.next()?;
                    let key = match ev {
                        Event::MappingEnd => break,
                        Event::StreamEnd => return Err(self.unexpected_end(pos)),
                        ev => self.node(ev, span, depth + 1)?,
                    };
                    let (ev, span) = self.next()?;
                    let value = self.node(ev, span, depth + 1)?;
                    let Some(key_text) = key_text(key.kind) else {
                        return Err(SyntaxError::ours(key.pos, Cause::ComplexKey, "YAML"));
                    };
                    if !keys.is_new(&entries, &key_text) {
                        return Err(SyntaxError::ours(
                            key.pos,
                            Cause::DuplicateKey(key_text),
                            "YAML",
                        ));
                    }
                    entries.push(Entry {
                        key: key_text,
                        key_pos: key.pos,
                        value,
                    });
                }
                (
                    Node {
                        kind: Kind::Map(entries),
                        pos,
                    },
                    anchor,
                )
            }
            Event::Alias(id) => {
                let (node, size) = self
                    .anchors
                    .get(&id)
                    .ok_or_else(|| SyntaxError::ours(pos, Cause::UnknownAlias, "YAML"))?;
                // A copy is as deep as where it is put plus its own depth.
                if depth + size.depth > MAX_DEPTH {
                    return Err(SyntaxError::ours(pos, Cause::TooDeep, "YAML"));
                }
                self.expanded += size.values;
                if self.expanded > MAX_ALIASED_VALUES {
                    return Err(SyntaxError::ours(
                        pos,
                        Cause::TooManyAliased(MAX_ALIASED_VALUES),
                        "YAML",
                    ));
                }
                (
                    Node {
                        pos,
                        ..node.clone()
                    },
                    0,
                )
            }
            _ => return Err(SyntaxError::ours(pos, Cause::Other, "YAML")),
        };
        if anchor != 0 {
            self.anchors.insert(anchor, (node.clone(), size(&node)));
        }
        Ok(node)
    }

    fn unexpected_end(&self, pos: Pos) -> SyntaxError {
        SyntaxError::ours(pos, Cause::UnclosedBracket, "YAML")
    }
}

/// The text of a YAML key (a scalar), or `None` for a list or a table.
fn key_text(kind: Kind) -> Option<String> {
    match kind {
        Kind::Str(s) => Some(s),
        Kind::Int(i) => Some(i.to_string()),
        Kind::Float(f, _) => Some(f.to_string()),
        Kind::Bool(b) => Some(b.to_string()),
        Kind::Null => Some(String::new()),
        _ => None,
    }
}

/// The keys of a table being read, to find a duplicate: compared one by one while the table is
/// small (a front matter's), hashed past that, so that a table of 50,000 keys is read in linear
/// time rather than in seconds.
#[derive(Default)]
struct Keys(Option<std::collections::HashSet<String>>);

impl Keys {
    /// The most keys compared one by one.
    const SMALL: usize = 16;

    /// Whether `key` is none of the keys of `entries` (the table so far, every key checked here
    /// before), remembering it.
    fn is_new(&mut self, entries: &[Entry], key: &str) -> bool {
        match &mut self.0 {
            None if entries.len() < Self::SMALL => !entries.iter().any(|e| e.key == key),
            None => {
                let mut set: std::collections::HashSet<String> =
                    entries.iter().map(|e| e.key.clone()).collect();
                let new = set.insert(key.to_string());
                self.0 = Some(set);
                new
            }
            Some(set) => set.insert(key.to_string()),
        }
    }
}

/// The most entries a fast reader reads in one table (a front matter has a few dozen): it
/// compares keys one by one, so a larger table is left to the parsers' path.
const MAX_FAST_ENTRIES: usize = 256;

/// The largest block a fast reader reads (16 MiB); a larger one is left to the parsers' path.
const MAX_FAST_TEXT: usize = 1 << 24;

/// The most values YAML aliases may copy into one front matter. Each alias copies its anchor's
/// whole subtree, so a few lines of nested aliases ("billion laughs") would otherwise build
/// billions of nodes and exhaust memory; a real journal copies a handful.
const MAX_ALIASED_VALUES: usize = 10_000;

/// How big a tree is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Size {
    /// The node and every value under it.
    pub values: usize,
    /// How many lists and tables deep it goes: 0 for a scalar, 1 for `[1, 2]`, 2 for `[[1]]`.
    pub depth: usize,
}

/// The size of a tree. Recursive, but trees are at most `MAX_DEPTH` deep (the parsers refuse
/// deeper ones).
pub fn size(node: &Node) -> Size {
    let add = |total: Size, child: &Node| {
        let s = size(child);
        Size {
            values: total.values + s.values,
            depth: total.depth.max(s.depth + 1),
        }
    };
    let one = Size {
        values: 1,
        depth: 1,
    };
    match &node.kind {
        Kind::List(items) => items.iter().fold(one, add),
        Kind::Map(entries) => entries.iter().map(|e| &e.value).fold(one, add),
        _ => Size {
            values: 1,
            depth: 0,
        },
    }
}

/// Types a plain YAML scalar by the YAML 1.2 core schema, dates left as strings.
fn plain_scalar(s: &str) -> Kind {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return Kind::Null,
        "true" | "True" | "TRUE" => return Kind::Bool(true),
        "false" | "False" | "FALSE" => return Kind::Bool(false),
        _ => {}
    }
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    let int = if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        s.parse::<i64>().ok()
    } else if let Some(hex) = s.strip_prefix("0x") {
        i64::from_str_radix(hex, 16).ok()
    } else if let Some(oct) = s.strip_prefix("0o") {
        i64::from_str_radix(oct, 8).ok()
    } else {
        None
    };
    if let Some(i) = int {
        return Kind::Int(i);
    }
    if is_yaml_float(digits)
        && let Ok(f) = s.parse::<f64>()
    {
        return Kind::Float(f, s.to_string());
    }
    Kind::Str(s.to_string())
}

fn is_yaml_float(s: &str) -> bool {
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let (int, frac) = match mantissa.split_once('.') {
        Some((a, b)) => (a, Some(b)),
        None => (mantissa, None),
    };
    let all_digits = |x: &str| x.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = all_digits(int)
        && frac.is_none_or(all_digits)
        && (!int.is_empty() || frac.is_some_and(|f| !f.is_empty()));
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && all_digits(e)
    });
    mantissa_ok && exponent_ok && (frac.is_some() || exponent.is_some())
}

/// Parses a TOML front-matter block (or `book.toml`): the common shapes directly (`fast_toml`),
/// any other through toml's spanned tables, which give the same tree.
pub fn parse_toml(text: &str, origin: Origin) -> Result<Node, SyntaxError> {
    match fast_toml::parse(text, origin) {
        Some(node) => Ok(node),
        None => parse_toml_spans(text, origin),
    }
}

/// Parses a TOML front-matter block from toml's spanned tables.
pub(super) fn parse_toml_spans(text: &str, origin: Origin) -> Result<Node, SyntaxError> {
    let index = LineIndex::new(text);
    let at = |offset: usize| origin.at(&index, text, offset);
    match toml::de::DeTable::parse(text) {
        Ok(table) => Ok(Node {
            pos: at(table.span().start),
            kind: toml_table(table.get_ref(), &at, 1)?,
        }),
        Err(e) => Err(SyntaxError::from_parser(
            text,
            e.span().map_or(0, |s| s.start),
            e.message(),
            "TOML",
            &at,
        )),
    }
}

/// A TOML table `depth` tables and arrays deep (the document's own table is 1), which is at most
/// `MAX_DEPTH`: the recursion through `toml_value` is bounded.
fn toml_table(
    table: &toml::de::DeTable<'_>,
    at: &dyn Fn(usize) -> Pos,
    depth: usize,
) -> Result<Kind, SyntaxError> {
    let mut entries = Vec::with_capacity(table.len());
    for (k, v) in table {
        entries.push(Entry {
            key: k.get_ref().to_string(),
            key_pos: at(k.span().start),
            value: toml_value(v, at, depth)?,
        });
    }
    Ok(Kind::Map(entries))
}

/// A TOML value inside `depth` tables and arrays.
fn toml_value(
    value: &toml::Spanned<toml::de::DeValue<'_>>,
    at: &dyn Fn(usize) -> Pos,
    depth: usize,
) -> Result<Node, SyntaxError> {
    use toml::de::DeValue;
    let pos = at(value.span().start);
    if matches!(value.get_ref(), DeValue::Array(_) | DeValue::Table(_)) && depth >= MAX_DEPTH {
        return Err(SyntaxError::ours(pos, Cause::TooDeep, "TOML"));
    }
    let kind = match value.get_ref() {
        DeValue::String(s) => Kind::Str(s.to_string()),
        DeValue::Integer(i) => {
            let digits = i.as_str().replace('_', "");
            i64::from_str_radix(&digits, i.radix()).map_or_else(|_| Kind::Str(digits), Kind::Int)
        }
        DeValue::Float(f) => {
            let text = f.as_str().replace('_', "");
            text.parse().map_or(Kind::Null, |v| Kind::Float(v, text))
        }
        DeValue::Boolean(b) => Kind::Bool(*b),
        DeValue::Datetime(dt) => match (dt.date, dt.time, dt.offset) {
            (Some(d), None, None) => Kind::Date(d.to_string()),
            _ => Kind::DateTime(dt.to_string()),
        },
        DeValue::Array(items) => Kind::List(
            items
                .iter()
                .map(|v| toml_value(v, at, depth + 1))
                .collect::<Result<_, _>>()?,
        ),
        DeValue::Table(t) => toml_table(t, at, depth + 1)?,
    };
    Ok(Node { kind, pos })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    use super::test_util::{ORIGIN, map};

    /// A table of 100,000 keys is read whole, in order, and a duplicate is still found past the
    /// keys compared one by one. Not a timing test, but a guard: comparing each key with every
    /// earlier one took minutes here (debug), the hashed keys well under a second.
    #[test]
    fn a_table_of_100_000_keys_is_read_in_linear_time() {
        let deadline = std::time::Duration::from_secs(30);
        let started = std::time::Instant::now();
        let keys = |sep: &str| {
            (0..100_000)
                .map(|i| format!("k{i}{sep}1\n"))
                .collect::<String>()
        };
        let yaml = parse_yaml(&keys(": "), ORIGIN).unwrap();
        let toml = parse_toml(&keys(" = "), ORIGIN).unwrap();
        for node in [&yaml, &toml] {
            let entries = map(node);
            assert_eq!(entries.len(), 100_000);
            assert_eq!(
                (entries[0].key.as_str(), entries[99_999].key.as_str()),
                ("k0", "k99999")
            );
        }
        let mut twice = (0..40).map(|i| format!("k{i}: 1\n")).collect::<String>();
        twice.push_str("k3: 2\n");
        let err = parse_yaml(&twice, ORIGIN).unwrap_err();
        assert_eq!(err.cause, Cause::DuplicateKey("k3".into()));
        assert_eq!(err.pos, Pos::new(42, 1));
        assert!(
            started.elapsed() < deadline,
            "{:?}: quadratic again",
            started.elapsed()
        );
    }

    #[test]
    fn yaml_scalars_are_typed_but_dates_stay_strings() {
        let node = parse_yaml(
            "a: 2025-09-31\nb: 12\nc: 1.5\nd: true\ne:\nf: \"12\"\ng: 2025-014\n",
            ORIGIN,
        )
        .unwrap();
        let kinds: Vec<_> = map(&node).iter().map(|e| e.value.kind.clone()).collect();
        assert_eq!(
            kinds,
            vec![
                Kind::Str("2025-09-31".into()),
                Kind::Int(12),
                Kind::Float(1.5, "1.5".into()),
                Kind::Bool(true),
                Kind::Null,
                Kind::Str("12".into()),
                Kind::Str("2025-014".into()),
            ]
        );
    }

    #[test]
    fn yaml_positions_are_file_positions() {
        let node = parse_yaml("title: x\nfeedback:\n  recieved: 2025-01-01\n", ORIGIN).unwrap();
        let entries = map(&node);
        assert_eq!(entries[0].key_pos, Pos::new(2, 1));
        let inner = map(&entries[1].value);
        assert_eq!(inner[0].key_pos, Pos::new(4, 3));
    }

    #[test]
    fn yaml_positions_count_lines_like_the_file_does() {
        // A lone `\r` breaks a YAML line but not a file line (`LineIndex`): positions must stay
        // in the file.
        let node = parse_yaml("a: 1\r\r\r\rb: 2\nc: 3\n", ORIGIN).unwrap();
        let keys: Vec<_> = map(&node).iter().map(|e| e.key_pos).collect();
        assert_eq!(keys, vec![Pos::new(2, 1), Pos::new(2, 9), Pos::new(3, 1)]);
        let err = parse_yaml("a: 1\r\r\r\r\r\rb: [\n", ORIGIN).unwrap_err();
        assert!(err.pos.line <= 3, "{err:?}");
        let node = parse_yaml("a: 1\r\nb: é\r\n", ORIGIN).unwrap();
        assert_eq!(map(&node)[1].value.pos, Pos::new(3, 4));
    }

    #[test]
    fn yaml_positions_after_accented_characters() {
        let node = parse_yaml("titre: é\nclé: «x»\nz: ü\n", ORIGIN).unwrap();
        let pos: Vec<_> = map(&node)
            .iter()
            .flat_map(|e| [e.key_pos, e.value.pos])
            .collect();
        let expected = [(2, 1), (2, 8), (3, 1), (3, 6), (4, 1), (4, 4)];
        assert_eq!(pos, expected.map(|(l, c)| Pos::new(l, c)));
        // An error found after the parser read further points back.
        let dup = parse_yaml("é: 1\nà: [ü, «v»]\né: 3\n", ORIGIN).unwrap_err();
        assert_eq!(dup.pos, Pos::new(4, 1));
    }

    #[test]
    fn yaml_aliases_work_but_cannot_explode() {
        let node = parse_yaml("a: &x [1, 2]\nb: *x\n", ORIGIN).unwrap();
        assert_eq!(map(&node)[1].value.kind, map(&node)[0].value.kind);
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (prev, name) in ["a", "b", "c", "d", "e", "f", "g", "h"]
            .windows(2)
            .map(|w| (w[0], w[1]))
        {
            let items = vec![format!("*{prev}"); 10].join(", ");
            bomb.push_str(&format!("{name}: &{name} [{items}]\n"));
        }
        let err = parse_yaml(&bomb, ORIGIN).unwrap_err();
        assert_eq!(
            err.cause,
            Cause::TooManyAliased(MAX_ALIASED_VALUES),
            "{err:?}"
        );
        assert!(err.pos.line <= 10, "{err:?}");
    }

    #[test]
    fn yaml_errors_are_positioned() {
        let err = parse_yaml("title: x\nstatus: [closed\n", ORIGIN).unwrap_err();
        assert!(err.pos.line >= 3, "{err:?}");
        let dup = parse_yaml("a: 1\na: 2\n", ORIGIN).unwrap_err();
        assert_eq!(dup.pos, Pos::new(3, 1));
    }

    /// `levels` lists and tables deep, the front matter's own table included, in each syntax.
    fn nested(levels: usize) -> [(&'static str, String); 5] {
        let n = levels - 1;
        [
            ("block", format!("zq:\n{}a\n", "- ".repeat(n))),
            ("complex keys", format!("zq:\n  {}a\n", "? ".repeat(n))),
            ("flow", format!("zq: {}a{}\n", "[".repeat(n), "]".repeat(n))),
            (
                "indented",
                (0..levels)
                    .map(|i| format!("{}k:\n", " ".repeat(i)))
                    .collect(),
            ),
            (
                "toml",
                format!("zq = {}1{}\n", "[".repeat(n), "]".repeat(n)),
            ),
        ]
    }

    fn parse_any(case: &str, text: &str) -> Result<Node, SyntaxError> {
        if case == "toml" {
            parse_toml(text, ORIGIN)
        } else {
            parse_yaml(text, ORIGIN)
        }
    }

    #[test]
    fn nesting_is_limited_to_max_depth_in_every_syntax() {
        for (case, text) in nested(MAX_DEPTH) {
            if case == "complex keys" {
                // A table as a key is refused anyway, at any depth.
                continue;
            }
            let node = parse_any(case, &text).unwrap_or_else(|e| panic!("{case}: {e:?}"));
            assert_eq!(size(&node).depth, MAX_DEPTH, "{case}");
        }
        for (case, text) in nested(MAX_DEPTH + 1) {
            let err = parse_any(case, &text).unwrap_err();
            assert!(err.too_deep, "{case}: {err:?}");
            assert_eq!(err.text(Lang::En), too_deep_message(Lang::En), "{case}");
            assert!(err.help(Lang::Fr).is_some(), "{case}");
        }
        // Where the first level too deep starts: the 64th `- ` of line 3 (the block starts on
        // line 2), the 64th indented key.
        let [(_, block), _, _, (_, indented), _] = nested(MAX_DEPTH + 1);
        assert_eq!(
            parse_yaml(&block, ORIGIN).unwrap_err().pos,
            Pos::new(3, 127)
        );
        assert_eq!(
            parse_yaml(&indented, ORIGIN).unwrap_err().pos,
            Pos::new(2 + 64, 65)
        );
    }

    #[test]
    fn ten_thousand_levels_stop_cleanly_on_a_small_stack() {
        // The size of a rayon worker's stack: loading runs there.
        let handle = std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(|| {
                for (case, text) in nested(10_000) {
                    let err = parse_any(case, &text).unwrap_err();
                    assert!(err.too_deep, "{case}: {err:?}");
                }
            })
            .unwrap();
        handle.join().unwrap();
    }

    #[test]
    fn an_alias_counts_the_depth_it_copies() {
        let deep = |n: usize| format!("{}1{}", "[".repeat(n), "]".repeat(n));
        // An anchor 40 deep copied 20 deep is 61 levels with the root table: fine. 30 deep: 71.
        let ok = format!(
            "a: &x {}\nb: {}*x{}\n",
            deep(40),
            "[".repeat(20),
            "]".repeat(20)
        );
        assert_eq!(size(&parse_yaml(&ok, ORIGIN).unwrap()).depth, 61);
        let bad = format!(
            "a: &x {}\nb: {}*x{}\n",
            deep(40),
            "[".repeat(30),
            "]".repeat(30)
        );
        let err = parse_yaml(&bad, ORIGIN).unwrap_err();
        assert!(err.too_deep && err.pos.line == 3, "{err:?}");
    }

    #[test]
    fn the_parsers_own_limits_read_as_ours() {
        // toml stops at 80 levels of arrays by itself; the message is the same as ours.
        let err = parse_toml(&format!("a = {}", "[".repeat(100)), ORIGIN).unwrap_err();
        assert!(err.too_deep, "{err:?}");
        assert_eq!(err.text(Lang::Fr), too_deep_message(Lang::Fr));
    }

    #[test]
    fn toml_dates_and_positions() {
        let node = parse_toml(
            "title = \"x\"\nstart = 2025-01-15\nt = 2025-01-15T10:00:00\n[contract]\nnotice_days = 30\n",
            ORIGIN,
        )
        .unwrap();
        let entries = map(&node);
        assert_eq!(entries[1].value.kind, Kind::Date("2025-01-15".into()));
        assert!(matches!(entries[2].value.kind, Kind::DateTime(_)));
        assert_eq!(entries[1].key_pos, Pos::new(3, 1));
        assert_eq!(map(&entries[3].value)[0].key_pos, Pos::new(6, 1));
    }

    #[test]
    fn toml_errors_are_positioned() {
        let err = parse_toml("title = \"x\"\nstart = = 3\n", ORIGIN).unwrap_err();
        assert_eq!(err.pos.line, 3, "{err:?}");
    }
}
