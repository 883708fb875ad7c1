//! The fast TOML reader's proof: what it reads, toml's path reads the same (a property test over
//! front matter and its near misses), and it reads what journals hold.

use super::*;
use crate::tree::parse_toml_spans;
use crate::tree::test_util::{ORIGIN, Xorshift, items, map};
use proptest::prelude::*;

/// What toml's path reads, errors as text.
fn slow(text: &str) -> Result<Node, String> {
    parse_toml_spans(text, ORIGIN).map_err(|e| format!("{e:?}"))
}

/// The fast path's tree, checked against toml's.
fn fast(text: &str) -> Node {
    let node = parse(text, ORIGIN).unwrap_or_else(|| panic!("declined {text:?}"));
    assert_eq!(Ok(node.clone()), slow(text), "{text:?}");
    node
}

#[test]
fn a_journal_front_matter_takes_the_fast_path_with_file_positions() {
    let text = "title = \"Formation WordPress — Mutuelle 512\"\n\
                start = 2019-02-11 # a comment\n\
                tags = [\"ads\", 'dev', [1, -2.5], {a = true}]\n\
                \n\
                [contract]\n\
                termination_checked = 2019-02-14\n\
                notice_days=60\n\
                # the invoices\n\
                [[invoices]]\n\
                number = \"2019-00512-0\"\n\
                amount = 6941.05\n  \
                [[ invoices ]]\n\
                paid = { on = 2020-02-29, by = \"é\" }\n";
    let root = fast(text);
    assert_eq!(root.pos, Pos::new(2, 1));
    let at = |line, col| Pos::new(line, col);
    let e = map(&root);
    let keys: Vec<_> = e.iter().map(|e| (e.key.as_str(), e.key_pos)).collect();
    assert_eq!(
        keys,
        [
            ("title", at(2, 1)),
            ("start", at(3, 1)),
            ("tags", at(4, 1)),
            ("contract", at(6, 2)),
            ("invoices", at(10, 3)),
        ]
    );
    assert_eq!((e[0].value.pos, e[1].value.pos), (at(2, 9), at(3, 9)));
    assert_eq!(e[1].value.kind, Kind::Date("2019-02-11".into()));
    let tags = items(&e[2].value);
    assert_eq!(e[2].value.pos, at(4, 8));
    let tag_pos: Vec<_> = tags.iter().map(|t| t.pos).collect();
    assert_eq!(tag_pos, [at(4, 9), at(4, 16), at(4, 23), at(4, 34)]);
    assert_eq!(items(&tags[2])[1].kind, Kind::Float(-2.5, "-2.5".into()));
    assert_eq!(map(&tags[3])[0].key_pos, at(4, 35));
    // A table is where its header's `[` is, its key where the header's key is.
    assert_eq!(e[3].value.pos, at(6, 1));
    let contract = map(&e[3].value);
    assert_eq!(
        (contract[1].key_pos, contract[1].value.pos),
        (at(8, 1), at(8, 13))
    );
    // An array of tables is where its first header is, each table where its own header is.
    let invoices = items(&e[4].value);
    assert_eq!(
        (e[4].value.pos, invoices[0].pos, invoices[1].pos),
        (at(10, 1), at(10, 1), at(13, 3))
    );
    assert_eq!(
        map(&invoices[0])[1].value.kind,
        Kind::Float(6941.05, "6941.05".into())
    );
    let paid = &map(&invoices[1])[0].value;
    assert_eq!(paid.pos, at(14, 8));
    assert_eq!(
        map(paid)
            .iter()
            .map(|e| (e.key_pos, e.value.pos))
            .collect::<Vec<_>>(),
        [(at(14, 10), at(14, 15)), (at(14, 27), at(14, 32))]
    );
}

#[test]
fn scalars_are_typed_as_toml_types_them() {
    let root = fast(
        "a = +1\nb = -0\nc = 1e3\nd = -1.5E-2\ne = \"q\\\"\\\\\\n\\t\"\nf = 'c:\\x'\ng = \"\"\n\
         h = ''\ni = false\nj = 2024-02-29\n",
    );
    let kinds: Vec<_> = map(&root).iter().map(|e| e.value.kind.clone()).collect();
    assert_eq!(
        kinds,
        [
            Kind::Int(1),
            Kind::Int(0),
            Kind::Float(1000.0, "1e3".into()),
            Kind::Float(-0.015, "-1.5E-2".into()),
            Kind::Str("q\"\\\n\t".into()),
            Kind::Str("c:\\x".into()),
            Kind::Str(String::new()),
            Kind::Str(String::new()),
            Kind::Bool(false),
            Kind::Date("2024-02-29".into()),
        ]
    );
    // Nothing at all, or comments only.
    assert_eq!(map(&fast("")).len(), 0);
    assert_eq!(map(&fast("\n# x\n  \n")).len(), 0);
}

#[test]
fn what_is_unusual_is_left_to_toml() {
    let declined = [
        ("tab", "a =\t1\n"),
        ("carriage return", "a = 1\r\nb = 2\r\n"),
        ("byte order mark", "\u{feff}a = 1\n"),
        ("dotted key", "a.b = 1\n"),
        ("dotted key with spaces", "a . b = 1\n"),
        ("dotted header", "[a.b]\n"),
        ("quoted key", "\"a\" = 1\n"),
        ("literal key", "'a' = 1\n"),
        ("unicode key", "é = 1\n"),
        ("no value", "a =\n"),
        ("no equals", "a 1\n"),
        ("text after a value", "a = 1 2\n"),
        ("multi-line basic string", "a = \"\"\"x\"\"\"\n"),
        ("multi-line literal string", "a = '''x'''\n"),
        ("unclosed string", "a = \"x\n"),
        ("unicode escape", "a = \"\\u00e9\"\n"),
        ("escape escape", "a = \"\\e\"\n"),
        ("underscore", "a = 1_000\n"),
        ("leading zero", "a = 01\n"),
        ("hexadecimal", "a = 0x1F\n"),
        ("octal", "a = 0o17\n"),
        ("binary", "a = 0b1\n"),
        ("infinity", "a = inf\n"),
        ("signed nan", "a = -nan\n"),
        ("fraction without digits", "a = 1.\n"),
        ("fraction without an integer", "a = .5\n"),
        ("too big an integer", "a = 9223372036854775808\n"),
        ("date that does not exist", "a = 2025-09-31\n"),
        ("not a leap year", "a = 2023-02-29\n"),
        ("date-time", "a = 2025-01-01T10:00:00\n"),
        ("date-time with a space", "a = 1979-05-27 07:32:00\n"),
        ("date with an offset", "a = 1979-05-27Z\n"),
        ("time", "a = 07:32:00\n"),
        ("multi-line array", "a = [\n1]\n"),
        ("comment in an array", "a = [1 # x\n]\n"),
        ("empty array item", "a = [1,,2]\n"),
        ("trailing comma in an inline table", "a = {b = 1,}\n"),
        ("dotted key in an inline table", "a = {b.c = 1}\n"),
        ("duplicate key", "a = 1\nb = 2\na = 3\n"),
        ("duplicate key in an inline table", "a = {b = 1, b = 2}\n"),
        ("duplicate table", "[a]\n[a]\n"),
        ("table over a value", "a = 1\n[a]\n"),
        ("array of tables over a table", "[a]\n[[a]]\n"),
        ("table over an array of tables", "[[a]]\n[a]\n"),
        ("array of tables over an array", "a = []\n[[a]]\n"),
        ("duplicate key in a table", "[a]\nb = 1\nb = 2\n"),
        ("unclosed header", "[a\n"),
        ("half-closed array header", "[[a]\n"),
        ("text after a header", "[a] b\n"),
        ("spaced brackets", "[ [a] ]\n"),
        (
            "deep array",
            &format!("a = {}1{}\n", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH)),
        ),
    ];
    for (case, text) in declined {
        assert_eq!(parse(text, ORIGIN), None, "{case}");
    }
    // At the deepest level read, the fast path still reads.
    let n = MAX_DEPTH - 1;
    fast(&format!("a = {}1{}\n", "[".repeat(n), "]".repeat(n)));
}

#[test]
fn the_repositorys_toml_takes_the_fast_path() {
    let mut read = 0;
    for entry in walkdir::WalkDir::new(env!("CARGO_MANIFEST_DIR"))
        .into_iter()
        .filter_entry(|e| e.file_name() != "target" && e.file_name() != ".git")
    {
        let entry = entry.unwrap();
        let Ok(file) = std::fs::read_to_string(entry.path()) else {
            continue;
        };
        let text = if let Some((text, _)) = file
            .strip_prefix("+++\n")
            .and_then(|f| f.split_once("\n+++\n"))
        {
            format!("{text}\n")
        } else if entry.file_name() == "book.toml" {
            file
        } else {
            continue;
        };
        // Dotted headers (`[[lint.allow]]`) are left to toml.
        let dotted = text
            .lines()
            .any(|l| l.starts_with('[') && l.split(']').next().is_some_and(|h| h.contains('.')));
        if dotted {
            assert_eq!(parse(&text, ORIGIN), None);
        } else {
            fast(&text);
            read += 1;
        }
    }
    assert!(read >= 4, "{read}");
}

/// A value of the generated documents, before it is written out.
#[derive(Debug, Clone)]
enum Value {
    /// Text written bare (0), as a basic string (1) or as a literal string (2).
    Scalar(String, u8),
    Empty,
    Array(Vec<Value>),
    Table(Vec<(String, Value)>),
}

/// The pieces bare values, strings and keys are made of: ordinary text and its near misses.
#[rustfmt::skip]
const PIECES: &[&str] = &[
    "a", "x y", "é", "—", "12", "=", ".", "\"", "'", "\\", "\\\\", "\\\"", "\\n", "\\t", "\\b",
    "\\u00e9", "\\U0001F600", "\\e", "\\r", "\\f", "\\/", "\\x41", "#", " #", "[", "[[", "]",
    "]]", "{", "}", ",", "_", "1e3", "0x1F",
    "+1", "-0", "inf", "nan", "2025-09-31", "2025-01-01T10:00:00", "1979-05-27 07:32:00",
    "07:32:00", "true", " ", "  ", "\t", "\r", "\n", "\u{feff}", "\u{7f}", "\0", "\"\"\"", "'''",
    "1_000", "01", "1.", ".5", "-", "+", "e", "E", "Z", "T", "2024-02-29", "2023-02-29", ":",
    "\u{fffe}", "\u{85}",
];

/// Bare values: numbers, booleans and dates, valid or nearly.
#[rustfmt::skip]
const BARE: &[&str] = &[
    "0", "12", "-7", "+3", "-0", "+0", "897.65", "-0.5", "6941.05", "1e3", "1E-2", "1.5e+10",
    "2.0e05", "9223372036854775807", "-9223372036854775808", "9223372036854775808", "1e400",
    "true", "false", "2019-02-11", "2024-02-29", "2000-02-29", "1900-02-29", "2025-09-31",
    "2025-13-01", "2025-00-10", "0000-01-01", "2025-1-01", "01", "00", "0.", "1_0", "0x10",
    "inf", "-inf", "nan", "True", "1979-05-27T07:32:00", "07:32:00", "1979-05-27 07:32",
];

/// Mostly plain text, sometimes a near miss.
fn text() -> BoxedStrategy<String> {
    let piece = prop_oneof![
        40 => prop::sample::select(&["a", "Garage Martin", "é", "12", "2025-01-15", "x y"][..])
            .prop_map(str::to_string),
        30 => prop::sample::select(PIECES).prop_map(str::to_string),
    ];
    prop::collection::vec(piece, 0..4)
        .prop_map(|p| p.concat())
        .boxed()
}

fn key() -> BoxedStrategy<String> {
    prop_oneof![
        8 => prop::sample::select(&["title", "start", "tags", "a", "b", "a-b", "_x", "1",
            "01", "true", "A_9"][..])
            .prop_map(str::to_string),
        1 => text(),
    ]
    .boxed()
}

fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        4 => (text(), 1..3u8).prop_map(|(t, style)| Value::Scalar(t, style)),
        4 => prop::sample::select(BARE).prop_map(|t| Value::Scalar(t.to_string(), 0)),
        1 => text().prop_map(|t| Value::Scalar(t, 0)),
        1 => Just(Value::Empty),
    ];
    leaf.prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((key(), inner), 0..4).prop_map(Value::Table),
        ]
    })
}

/// A table header and its entries.
type Section = (bool, String, Vec<(String, Value)>);

fn section() -> impl Strategy<Value = Section> {
    (
        any::<bool>(),
        key(),
        prop::collection::vec((key(), value()), 0..4),
    )
}

/// The choices made while writing a document out (spaces, comments, blank lines), with near
/// misses unless `clean`.
struct Choices {
    rng: Xorshift,
    clean: bool,
}

impl Choices {
    /// Usually one space, sometimes none or two.
    fn space(&mut self) -> &'static str {
        ["", " ", " ", " ", " ", "  "][self.rng.below(6) as usize]
    }

    fn comment(&mut self) -> &'static str {
        ["", "", "", "", "", " # note", "#x", " #"][self.rng.below(8) as usize]
    }

    /// A blank line, a comment line or nothing, before a line.
    fn filler(&mut self, out: &mut String) {
        match self.rng.below(12) {
            0 => out.push('\n'),
            1 => out.push_str("# comment é\n"),
            2 => out.push_str("   \n"),
            3 => out.push_str("  # indented [comment]\n"),
            _ => {}
        }
    }

    /// Indentation before a line, sometimes.
    fn indent(&mut self) -> &'static str {
        if self.rng.one_in(8) { "  " } else { "" }
    }
}

fn scalar(text: &str, style: u8) -> String {
    match style {
        0 => text.to_string(),
        1 => format!("\"{text}\""),
        _ => format!("'{text}'"),
    }
}

/// A value written on one line.
fn inline(value: &Value, c: &mut Choices) -> String {
    match value {
        Value::Scalar(t, style) => scalar(t, *style),
        Value::Empty => String::new(),
        Value::Array(items) => {
            let sp = c.space();
            let items: Vec<_> = items.iter().map(|v| inline(v, c)).collect();
            let comma = format!("{},{}", if c.rng.one_in(6) { " " } else { "" }, c.space());
            let trailing = if !items.is_empty() && c.rng.one_in(6) {
                ","
            } else {
                ""
            };
            format!("[{sp}{}{trailing}{sp}]", items.join(&comma))
        }
        Value::Table(entries) => {
            let sp = c.space();
            let entries: Vec<_> = entries
                .iter()
                .map(|(k, v)| format!("{k}{}={}{}", c.space(), c.space(), inline(v, c)))
                .collect();
            format!("{{{sp}{}{sp}}}", entries.join(", "))
        }
    }
}

/// `key = value` lines.
fn entries(entries: &[(String, Value)], c: &mut Choices, out: &mut String) {
    for (k, v) in entries {
        c.filler(out);
        let (before, after) = if c.clean {
            (" ", " ")
        } else {
            (c.space(), c.space())
        };
        let indent = c.indent();
        let value = inline(v, c);
        let comment = c.comment();
        out.push_str(&format!("{indent}{k}{before}={after}{value}{comment}\n"));
    }
}

/// A generated front matter: root entries then sections, written with `seed`'s choices, then
/// maybe with one piece put in or one character taken out.
fn document(
    root: &[(String, Value)],
    sections: &[Section],
    seed: u64,
    edit: Option<(usize, usize)>,
) -> String {
    let mut c = Choices {
        rng: Xorshift(seed | 1),
        clean: edit.is_none(),
    };
    let mut out = String::new();
    entries(root, &mut c, &mut out);
    for (array, name, body) in sections {
        c.filler(&mut out);
        let indent = c.indent();
        let sp = if c.clean || !c.rng.one_in(4) { "" } else { " " };
        let comment = c.comment();
        if *array {
            out.push_str(&format!("{indent}[[{sp}{name}{sp}]]{comment}\n"));
        } else {
            out.push_str(&format!("{indent}[{sp}{name}{sp}]{comment}\n"));
        }
        entries(body, &mut c, &mut out);
    }
    c.filler(&mut out);
    let Some(edit) = edit else {
        return out;
    };
    let at = (0..=out.len())
        .filter(|&i| out.is_char_boundary(i))
        .nth(edit.0 % (out.chars().count() + 1))
        .unwrap_or(0);
    match edit.1 % 8 {
        0 => out.insert_str(at, PIECES[edit.0 % PIECES.len()]),
        1 if at < out.len() => {
            out.remove(at);
        }
        2 if !out.is_empty() => {
            // A line again: a duplicate key or header.
            let lines: Vec<_> = out.lines().collect();
            let line = lines[edit.0 % lines.len()].to_string();
            out.insert_str(
                out[..at].rfind('\n').map_or(0, |i| i + 1),
                &format!("{line}\n"),
            );
        }
        _ => {}
    }
    out
}

/// Keys from a journal's vocabulary, each once.
fn corpus_key(i: usize) -> String {
    let keys = ["title", "client", "start", "end", "status", "tags", "rate"];
    match keys.get(i) {
        Some(k) => k.to_string(),
        None => format!("key_{i}"),
    }
}

/// Corpus-like values: words, numbers, dates, strings without escapes, arrays of them, inline
/// tables of them.
fn corpus_value() -> impl Strategy<Value = Value> {
    let scalar = prop_oneof![
        prop::sample::select(
            &[
                "30",
                "-2",
                "897.65",
                "0.5",
                "true",
                "false",
                "2019-12-23",
                "2024-02-29"
            ][..]
        )
        .prop_map(|w| Value::Scalar(w.to_string(), 0)),
        (
            prop::sample::select(
                &[
                    "closed",
                    "Garage Martin & Fils",
                    "Secrétariat — Garage 8763",
                    "client 36",
                    "2019-08763-0",
                    "c:\\dir",
                    "[x] {y} # z",
                    ""
                ][..]
            ),
            1..3u8
        )
            .prop_map(|(w, style)| {
                let w = if style == 1 {
                    w.replace('\\', "\\\\")
                } else {
                    w.to_string()
                };
                Value::Scalar(w, style)
            }),
    ];
    let table = prop::collection::vec(scalar.clone(), 0..4).prop_map(|v| {
        Value::Table(
            v.into_iter()
                .enumerate()
                .map(|(i, v)| (corpus_key(i + 7), v))
                .collect(),
        )
    });
    prop_oneof![
        4 => scalar.clone(),
        1 => prop::collection::vec(scalar, 0..4).prop_map(Value::Array),
        1 => table.clone(),
        1 => prop::collection::vec(table, 0..3).prop_map(Value::Array),
    ]
}

fn corpus_entries(values: Vec<Value>) -> Vec<(String, Value)> {
    values
        .into_iter()
        .enumerate()
        .map(|(i, v)| (corpus_key(i), v))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(8000))]

    #[test]
    fn what_the_fast_path_reads_toml_reads_the_same(
        root in prop::collection::vec((key(), value()), 0..5),
        sections in prop::collection::vec(section(), 0..3),
        seed in any::<u64>(),
        edit in (any::<usize>(), any::<usize>()),
    ) {
        let text = document(&root, &sections, seed, Some(edit));
        if let Some(node) = parse(&text, ORIGIN) {
            prop_assert_eq!(Ok(node), slow(&text), "{:?}", text);
        }
    }

    #[test]
    fn corpus_like_front_matter_takes_the_fast_path(
        root in prop::collection::vec(corpus_value(), 1..8),
        tables in prop::collection::vec(prop::collection::vec(corpus_value(), 0..4), 0..3),
        invoices in prop::collection::vec(prop::collection::vec(corpus_value(), 0..4), 0..3),
        seed in any::<u64>(),
    ) {
        let mut sections: Vec<Section> = tables
            .into_iter()
            .enumerate()
            .map(|(i, v)| (false, format!("table_{i}"), corpus_entries(v)))
            .collect();
        sections.extend(invoices.into_iter().map(|v| (true, "invoices".into(), corpus_entries(v))));
        let text = document(&corpus_entries(root), &sections, seed, None);
        let node = parse(&text, ORIGIN);
        prop_assert!(node.is_some(), "declined {:?}", text);
        prop_assert_eq!(Ok(node.unwrap()), slow(&text), "{:?}", text);
    }
}
