//! The fast reader's proof: what it reads, saphyr's path reads the same (a property test over
//! front matter and its near misses), and it reads what journals hold.

use super::*;
use crate::tree::parse_yaml_events;
use crate::tree::test_util::{ORIGIN, Xorshift, items, map};
use proptest::prelude::*;

/// What saphyr's path reads, errors as text.
fn slow(text: &str) -> Result<Node, String> {
    parse_yaml_events(text, ORIGIN).map_err(|e| format!("{e:?}"))
}

/// The fast path's tree, checked against saphyr's.
fn fast(text: &str) -> Node {
    let node = parse(text, ORIGIN).unwrap_or_else(|| panic!("declined {text:?}"));
    assert_eq!(Ok(node.clone()), slow(text), "{text:?}");
    node
}

#[test]
fn a_journal_front_matter_takes_the_fast_path_with_file_positions() {
    let text = "title: \"Secrétariat — Garage 8763\"\n\
                client: Garage Martin & Fils # a comment\n\
                start: 2019-12-23\n\
                \n\
                tags: [\"secretariat\", dev]\n\
                contract: { termination_checked: 2020-11-29, notice_days: 30 }\n\
                invoices:\n  \
                - { number: \"2019-08763-0\", amount: 897.65, paid: 2020-02-20 }\n\
                # the next one\n\
                rgpd:\n  notified: 'l''an 2020'\n  deleted:\n";
    let root = fast(text);
    assert_eq!(root.pos, Pos::new(2, 1));
    let e = map(&root);
    let keys: Vec<_> = e.iter().map(|e| (e.key.as_str(), e.key_pos)).collect();
    let at = |line, col| Pos::new(line, col);
    assert_eq!(
        keys,
        [
            ("title", at(2, 1)),
            ("client", at(3, 1)),
            ("start", at(4, 1)),
            ("tags", at(6, 1)),
            ("contract", at(7, 1)),
            ("invoices", at(8, 1)),
            ("rgpd", at(11, 1)),
        ]
    );
    assert_eq!(
        e[0].value.kind,
        Kind::Str("Secrétariat — Garage 8763".into())
    );
    assert_eq!(e[0].value.pos, at(2, 8));
    assert_eq!(e[1].value.kind, Kind::Str("Garage Martin & Fils".into()));
    assert_eq!(e[2].value.kind, Kind::Str("2019-12-23".into()));
    let tags = items(&e[3].value);
    assert_eq!(
        (e[3].value.pos, tags[0].pos, tags[1].pos),
        (at(6, 7), at(6, 8), at(6, 23))
    );
    let contract = map(&e[4].value);
    assert_eq!(contract[1].key_pos, at(7, 46));
    assert_eq!(contract[1].value.kind, Kind::Int(30));
    let invoices = items(&e[5].value);
    assert_eq!((e[5].value.pos, invoices[0].pos), (at(9, 3), at(9, 5)));
    let invoice = map(&invoices[0]);
    assert_eq!(invoice[1].value.kind, Kind::Float(897.65, "897.65".into()));
    assert_eq!(invoice[1].value.pos, at(9, 39));
    let rgpd = map(&e[6].value);
    assert_eq!((e[6].value.pos, rgpd[0].key_pos), (at(12, 3), at(12, 3)));
    assert_eq!(rgpd[0].value.kind, Kind::Str("l'an 2020".into()));
    // An empty value is where its `:` is.
    assert_eq!(
        rgpd[1].value,
        Node {
            kind: Kind::Null,
            pos: at(13, 10)
        }
    );
}

#[test]
fn block_lists_and_tables_take_the_fast_path() {
    // An indentless list is where its first item is; an indented one at its first `-`.
    let root = fast("a:\n- x\n-   y\nb:\n    - é\n");
    let e = map(&root);
    assert_eq!(
        (e[0].value.pos, e[1].value.pos),
        (Pos::new(3, 3), Pos::new(6, 5))
    );
    assert_eq!(items(&e[0].value)[1].pos, Pos::new(4, 5));
    // A table started on an item's line.
    let root = fast("invoices:\n  - number: \"1\"\n    amount: 650\n  - number: '2'\n");
    let invoices = items(&map(&root)[0].value);
    assert_eq!(invoices[0].pos, Pos::new(3, 5));
    assert_eq!(map(&invoices[0])[1].key_pos, Pos::new(4, 5));
    // Escapes read, keys typed as saphyr's path types them.
    let root = fast("\"q\": 1\n".replace('"', "").as_str());
    assert_eq!(map(&root)[0].key, "q");
    let root =
        fast("t: \"a\\\"b\\\\c\\n\"\n0x1F: ~\n1.50: [-1, .5, +1, 1e3, true, null]\nb: a#b\n");
    let e = map(&root);
    assert_eq!(e[0].value.kind, Kind::Str("a\"b\\c\n".into()));
    assert_eq!((e[1].key.as_str(), e[2].key.as_str()), ("31", "1.5"));
}

#[test]
fn what_is_unusual_is_left_to_saphyr() {
    let declined = [
        ("empty", ""),
        ("comments only", "# x\n"),
        ("tab", "a:\t1\n"),
        ("tab in a string", "a: \"\t\"\n"),
        ("carriage return", "a: 1\r\nb: 2\r\n"),
        ("byte order mark", "\u{feff}a: 1\n"),
        ("line separator", "a: b\u{2028}c\n"),
        ("next line", "a: b\u{85}c\n"),
        ("anchor and alias", "a: &x 1\nb: *x\n"),
        ("tag", "a: !!str 1\n"),
        ("literal block", "a: |\n  x\n"),
        ("folded block", "a: >\n  x\n"),
        ("multi-line plain", "a: b\n  c\n"),
        ("multi-line quoted", "a: \"b\n  c\"\n"),
        ("multi-line flow", "a: [b,\n  c]\n"),
        ("complex key", "? a\n: 1\n"),
        ("document start", "a: 1\n---\nb: 2\n"),
        ("document end", "a: 1\n...\n"),
        ("directive", "%YAML 1.2\na: 1\n"),
        ("duplicate key", "a: 1\nb: 2\na: 3\n"),
        ("duplicate key by type", "1: x\n01: y\n"),
        ("duplicate key in a flow", "a: {b: 1, b: 2}\n"),
        ("colon in a value", "title: Refonte: SEO\n"),
        ("colon at a value's end", "title: Refonte:\n"),
        ("colon in a flow", "a: [b:c]\n"),
        ("pair in a flow list", "a: [b: c]\n"),
        ("hash in a flow", "a: [b#c]\n"),
        ("comment without a space", "a: \"b\"#c\n"),
        ("unknown escape", "a: \"\\x41\"\n"),
        ("unicode escape", "a: \"\\u00e9\"\n"),
        ("unclosed quote", "a: 'b\n"),
        ("text after a quote", "a: 'l'atelier'\n"),
        ("trailing comma", "a: [b, c,]\n"),
        ("empty flow entry", "a: {b: , c: 1}\n"),
        ("quoted key", "\"a\": 1\n"),
        ("key with a space", "a b: 1\n"),
        ("key without a space after", "a:1\n"),
        ("key ending with a space", "a : 1\n"),
        ("indicator start", "a: @b\n"),
        ("dash before a flow character", "a: [-]\n"),
        ("empty item", "a:\n  -\n  - b\n"),
        ("list in a list", "a:\n  - - b\n"),
        ("item on the next line", "a:\n  - \n    b\n"),
        ("root list", "- a\n"),
        ("root scalar", "a\n"),
        ("bad indentation", "a:\n    b: 1\n  c: 2\n"),
        ("list then a key", "a:\n  - b\n  c: 1\n"),
        ("long key", &format!("{}: 1\n", "k".repeat(1100))),
        (
            "deep flow",
            &format!("a: {}b{}\n", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH)),
        ),
    ];
    for (case, text) in declined {
        assert_eq!(parse(text, ORIGIN), None, "{case}");
    }
    // At the deepest level read, the fast path still reads.
    let n = MAX_DEPTH - 1;
    fast(&format!("a: {}b{}\n", "[".repeat(n - 1), "]".repeat(n - 1)));
}

#[test]
fn the_repositorys_journals_take_the_fast_path() {
    let mut read = 0;
    for entry in walkdir::WalkDir::new(concat!(env!("CARGO_MANIFEST_DIR"), "/content")) {
        let entry = entry.unwrap();
        let Ok(file) = std::fs::read_to_string(entry.path()) else {
            continue;
        };
        if let Some((text, _)) = file
            .strip_prefix("---\n")
            .and_then(|f| f.split_once("\n---\n"))
        {
            fast(&format!("{text}\n"));
            read += 1;
        }
    }
    assert!(read >= 5, "{read}");
}

/// A value of the generated documents, before it is written out.
#[derive(Debug, Clone)]
enum Value {
    /// Pieces of text, written plain (0), double-quoted (1) or single-quoted (2).
    Scalar(String, u8),
    Empty,
    FlowList(Vec<Value>),
    FlowMap(Vec<(String, Value)>),
    BlockList(Vec<Value>),
    BlockMap(Vec<(String, Value)>),
}

/// The pieces scalars and keys are made of: ordinary text and its near misses.
#[rustfmt::skip]
const PIECES: &[&str] = &[
    "a", "b", "x y", "é", "—", "Garage", "12", "2025-09-31", "2025-01-15", ": ", ":", " #", "#",
    "-", "- ", "[", "]", "{", "}", ",", "'", "''", "\"", "\\", "\\n", "\\\"", "\\x41", "\t",
    "&x", "*x", "!", "!!str ", "|", ">", "?", "? ", "%", "@", "`", "null", "~", "true", "False",
    "1e3", "0x1F", "0o17", ".5", "+1", "-1", "1_000", "1.50", " ", "  ", "---", "...",
    "\u{feff}", "\r", "\u{85}", "\u{2028}", "\0", "«x»", "&", "a:b",
];

/// Mostly plain text, sometimes a near miss.
fn text() -> BoxedStrategy<String> {
    let piece = prop_oneof![
        40 => prop::sample::select(&["a", "Garage Martin", "é", "12", "2025-01-15", "x y"][..])
            .prop_map(str::to_string),
        30 => prop::sample::select(PIECES).prop_map(str::to_string),
        // Past the 1024 characters a YAML key may span.
        1 => Just("long ".repeat(210)),
    ];
    prop::collection::vec(piece, 0..4)
        .prop_map(|p| p.concat())
        .boxed()
}

fn key() -> BoxedStrategy<String> {
    prop_oneof![
        6 => prop::sample::select(&["title", "client", "start", "tags", "a", "b", "é", "a-b",
            "a.b", "_x", "1", "01", "1.5", "1.50", "null", "true", "0x1"][..])
            .prop_map(str::to_string),
        1 => text(),
    ]
    .boxed()
}

fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        6 => (text(), 0..3u8).prop_map(|(t, style)| Value::Scalar(t, style)),
        1 => Just(Value::Empty),
    ];
    leaf.prop_recursive(4, 24, 4, |inner| {
        let entries = prop::collection::vec((key(), inner.clone()), 0..4);
        let items = prop::collection::vec(inner, 0..4);
        prop_oneof![
            items.clone().prop_map(Value::FlowList),
            entries.clone().prop_map(Value::FlowMap),
            items.prop_map(Value::BlockList),
            entries.prop_map(Value::BlockMap),
        ]
    })
}

/// The choices made while writing a document out (indentation, spaces, comments), with
/// near misses unless `clean`.
struct Choices {
    rng: Xorshift,
    clean: bool,
}

impl Choices {
    /// Usually one space, sometimes none or two.
    fn space(&mut self) -> &'static str {
        let i = self.rng.below(7) as usize;
        if self.clean {
            " "
        } else {
            ["", " ", " ", " ", " ", " ", "  "][i]
        }
    }

    /// A comma between flow entries, with spaces around it.
    fn comma(&mut self) -> String {
        let before = if self.rng.one_in(6) { " " } else { "" };
        format!("{before},{}", self.space())
    }

    fn comment(&mut self) -> &'static str {
        if self.rng.one_in(8) { " # note" } else { "" }
    }

    /// A blank line, a comment line or nothing, before a line.
    fn filler(&mut self, out: &mut String) {
        match self.rng.below(12) {
            0 => out.push('\n'),
            1 => out.push_str("# comment\n"),
            2 => out.push_str("   \n"),
            3 => out.push_str("  # indented comment\n"),
            _ => {}
        }
    }

    /// How much deeper a nested block is.
    fn step(&mut self) -> usize {
        let i = self.rng.below(8) as usize;
        if self.clean {
            [2, 4][i % 2]
        } else {
            [2, 2, 2, 2, 1, 4, 0, 3][i]
        }
    }
}

fn scalar(text: &str, style: u8) -> String {
    match style {
        0 => text.to_string(),
        1 => format!("\"{text}\""),
        _ => format!("'{text}'"),
    }
}

/// A value written inside a flow.
fn flow(value: &Value, c: &mut Choices) -> String {
    let sp = c.space();
    match value {
        Value::Scalar(t, style) => scalar(t, *style),
        Value::Empty => String::new(),
        Value::FlowList(items) | Value::BlockList(items) => {
            let items: Vec<_> = items.iter().map(|v| flow(v, c)).collect();
            format!("[{sp}{}{sp}]", items.join(&c.comma()))
        }
        Value::FlowMap(entries) | Value::BlockMap(entries) => {
            let entries: Vec<_> = entries
                .iter()
                .map(|(k, v)| format!("{k}:{}{}", c.space(), flow(v, c)))
                .collect();
            format!("{{{sp}{}{sp}}}", entries.join(&c.comma()))
        }
    }
}

/// A block table's entries at `indent`.
fn block_map(entries: &[(String, Value)], indent: usize, c: &mut Choices, out: &mut String) {
    for (i, (k, v)) in entries.iter().enumerate() {
        c.filler(out);
        if i > 0 || !out.ends_with("- ") {
            out.push_str(&" ".repeat(indent));
        }
        out.push_str(k);
        out.push(':');
        after_key(v, indent, c, out);
    }
}

/// What follows a key's `:` at `indent`: the rest of the line and any nested block.
fn after_key(value: &Value, indent: usize, c: &mut Choices, out: &mut String) {
    match value {
        Value::BlockList(items) if !items.is_empty() => {
            out.push_str(c.comment());
            out.push('\n');
            block_list(items, indent + c.step(), c, out);
        }
        Value::BlockMap(entries) if !entries.is_empty() => {
            out.push_str(c.comment());
            out.push('\n');
            block_map(entries, indent + c.step().max(1), c, out);
        }
        Value::Empty => {
            if c.rng.one_in(6) {
                out.push(' ');
            }
            out.push_str(c.comment());
            out.push('\n');
        }
        v => {
            out.push_str(c.space());
            out.push_str(&flow(v, c));
            if c.rng.one_in(10) && !c.clean {
                out.push(' ');
            }
            out.push_str(c.comment());
            out.push('\n');
        }
    }
}

/// A block list's items at `indent`.
fn block_list(items: &[Value], indent: usize, c: &mut Choices, out: &mut String) {
    for item in items {
        c.filler(out);
        out.push_str(&" ".repeat(indent));
        out.push('-');
        let i = c.rng.below(6) as usize;
        let sp = if c.clean {
            " "
        } else {
            [" ", " ", " ", " ", "", "   "][i]
        };
        out.push_str(sp);
        match item {
            Value::BlockMap(entries) if !entries.is_empty() => {
                block_map(entries, indent + 1 + sp.len(), c, out);
            }
            Value::BlockList(inner) if !inner.is_empty() => {
                out.push('\n');
                block_list(inner, indent + c.step().max(1), c, out);
            }
            v => {
                out.push_str(&flow(v, c));
                out.push_str(c.comment());
                out.push('\n');
            }
        }
    }
}

/// A generated front matter: a table of `entries`, written with `seed`'s choices, then maybe
/// with one piece put in or one character taken out.
fn document(entries: &[(String, Value)], seed: u64, edit: Option<(usize, usize)>) -> String {
    let mut c = Choices {
        rng: Xorshift(seed | 1),
        clean: edit.is_none(),
    };
    let mut out = String::new();
    let indent = [0, 0, 0, 0, 1, 2][c.rng.below(6) as usize];
    block_map(entries, if c.clean { 0 } else { indent }, &mut c, &mut out);
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
        _ => {}
    }
    out
}

/// Keys from a journal's vocabulary, each once.
fn corpus_key(i: usize) -> String {
    let keys = [
        "title",
        "client",
        "client_alias",
        "start",
        "end",
        "status",
        "tags",
    ];
    match keys.get(i) {
        Some(k) => k.to_string(),
        None => format!("key_{i}"),
    }
}

/// Corpus-like values: words, numbers, dates, quoted text without escapes, flows of them,
/// lists of flow tables.
fn corpus_value() -> impl Strategy<Value = Value> {
    let word = prop::sample::select(
        &[
            "closed",
            "Garage Martin & Fils",
            "2019-12-23",
            "897.65",
            "30",
            "true",
            "seo",
            "Secrétariat — Garage 8763",
            "l'atelier",
            "client 36",
            "2019-08763-0",
        ][..],
    );
    let scalar = (word, 0..3u8).prop_map(|(w, style)| {
        // A quote inside its own quoting is doubled (single) or left out (double).
        let w = match style {
            1 => w.replace('"', ""),
            2 => w.replace('\'', "''"),
            _ if w.contains('\'') => w.replace('\'', ""),
            _ => w.to_string(),
        };
        Value::Scalar(w, style)
    });
    let flow_map = prop::collection::vec(scalar.clone(), 1..5).prop_map(|v| {
        Value::FlowMap(
            v.into_iter()
                .enumerate()
                .map(|(i, v)| (corpus_key(i + 7), v))
                .collect(),
        )
    });
    prop_oneof![
        4 => scalar.clone(),
        1 => prop::collection::vec(scalar.clone(), 0..4).prop_map(Value::FlowList),
        1 => flow_map.clone(),
        1 => prop::collection::vec(flow_map, 1..4).prop_map(Value::BlockList),
        1 => prop::collection::vec(scalar.clone(), 1..4).prop_map(|v| {
            Value::BlockMap(v.into_iter().enumerate().map(|(i, v)| (corpus_key(i + 7), v)).collect())
        }),
        1 => Just(Value::Empty),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    #[test]
    fn what_the_fast_path_reads_saphyr_reads_the_same(
        entries in prop::collection::vec((key(), value()), 1..6),
        seed in any::<u64>(),
        edit in (any::<usize>(), any::<usize>()),
    ) {
        let text = document(&entries, seed, Some(edit));
        if let Some(node) = parse(&text, ORIGIN) {
            prop_assert_eq!(Ok(node), slow(&text), "{:?}", text);
        }
    }

    #[test]
    fn corpus_like_front_matter_takes_the_fast_path(
        values in prop::collection::vec(corpus_value(), 1..9),
        seed in any::<u64>(),
    ) {
        let entries: Vec<_> =
            values.into_iter().enumerate().map(|(i, v)| (corpus_key(i), v)).collect();
        let text = document(&entries, seed, None);
        let node = parse(&text, ORIGIN);
        prop_assert!(node.is_some(), "declined {:?}", text);
        prop_assert_eq!(Ok(node.unwrap()), slow(&text), "{:?}", text);
    }
}
