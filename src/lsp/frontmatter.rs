//! Where a position falls in a journal's front matter, read from the text as typed (it need not
//! parse): the block's fences, and for each line the dotted path of the table it is in
//! (`invoices[]` inside an invoice, YAML indentation and flow `{…}`/`[…]`, TOML `[table]`
//! headers) and the key it writes.

use crate::journal::Format;

/// The front matter's fences: line numbers (0-based) of the opening and closing fence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Block {
    pub format: Format,
    pub close: Option<usize>,
}

impl Block {
    /// The block of `lines`, if the first line is a fence.
    pub fn find(lines: &[&str]) -> Option<Block> {
        let first = lines.first()?.trim_start_matches('\u{feff}').trim_end();
        let format = match first {
            "---" => Format::Yaml,
            "+++" => Format::Toml,
            _ => return None,
        };
        let close = lines
            .iter()
            .skip(1)
            .position(|l| l.trim_end() == first)
            .map(|i| i + 1);
        Some(Block { format, close })
    }

    /// Whether 0-based `line` is inside the block (between the fences).
    pub fn contains(&self, line: usize) -> bool {
        line > 0 && self.close.is_none_or(|c| line < c)
    }
}

/// One line of the front matter, as far as keys go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// The table the line's first key is in, with item markers made unique by their line
    /// (`invoices[12]`); `path` gives the dotted path.
    pub scope: String,
    /// The first key the line writes, with its column in characters.
    pub key: Option<(String, usize)>,
}

/// The dotted path of a scope: `invoices[12]` → `invoices[]`.
pub fn path(scope: &str) -> String {
    let mut out = String::with_capacity(scope.len());
    let mut skipping = false;
    for c in scope.chars() {
        match c {
            '[' => {
                out.push('[');
                skipping = true;
            }
            ']' => {
                out.push(']');
                skipping = false;
            }
            _ if skipping => {}
            c => out.push(c),
        }
    }
    out
}

fn join(scope: &str, name: &str) -> String {
    if scope.is_empty() {
        name.to_string()
    } else {
        format!("{scope}.{name}")
    }
}

/// A word of a key: letters, digits, `_`, `-`, `.`.
pub fn is_key_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | '.')
}

/// The key a piece of text starts with (after white space), if a `:` (YAML) or `=` (TOML)
/// follows it; quotes around it are dropped.
fn leading_key(s: &str, format: Format) -> Option<String> {
    let s = s.trim_start();
    let s = s.trim_start_matches(['"', '\'']);
    let name: String = s.chars().take_while(|c| is_key_char(*c)).collect();
    let rest = s[name.len()..].trim_start_matches(['"', '\'']).trim_start();
    let sep = match format {
        Format::Yaml => ':',
        Format::Toml => '=',
    };
    (!name.is_empty() && rest.starts_with(sep)).then_some(name)
}

/// A YAML block-style scope entry.
struct Entry {
    col: usize,
    name: String,
    item: bool,
}

/// Every line of the block (index 0 = the opening fence, `None` outside), in the block's own
/// reading.
pub fn lines(all: &[&str], block: Block) -> Vec<Option<Line>> {
    let end = block.close.unwrap_or(all.len());
    let mut out = vec![None; all.len().min(end)];
    match block.format {
        Format::Yaml => yaml(all, end, &mut out),
        Format::Toml => toml(all, end, &mut out),
    }
    out
}

fn yaml(all: &[&str], end: usize, out: &mut [Option<Line>]) {
    let mut stack: Vec<Entry> = Vec::new();
    for (i, raw) in all.iter().enumerate().take(end).skip(1) {
        let content = raw.trim_end();
        let indent = content.len() - content.trim_start_matches(' ').len();
        let mut rest = &content[indent..];
        if rest.is_empty() || rest.starts_with('#') {
            // A blank line being typed on belongs where its indentation puts it.
            let typed = raw.len() - raw.trim_start_matches(' ').len();
            let depth = stack
                .iter()
                .take_while(|e| e.col < typed.max(indent))
                .count();
            out[i] = Some(Line {
                scope: scope_of(&stack[..depth]),
                key: None,
            });
            continue;
        }
        let mut col = indent;
        let mut dashes = Vec::new();
        while let Some(after) = rest
            .strip_prefix('-')
            .filter(|a| a.starts_with(' ') || a.is_empty())
        {
            dashes.push(col);
            let skipped = after.len() - after.trim_start().len();
            col += 1 + skipped;
            rest = after.trim_start();
        }
        let first = dashes.first().copied().unwrap_or(col);
        while let Some(top) = stack.last() {
            let keep = if dashes.is_empty() {
                top.col < col
            } else {
                top.col < first || (top.col == first && !top.item)
            };
            if keep {
                break;
            }
            stack.pop();
        }
        for (n, d) in dashes.iter().enumerate() {
            stack.push(Entry {
                col: *d,
                name: format!("[{i}_{n}]"),
                item: true,
            });
        }
        let scope = scope_of(&stack);
        let key = leading_key(rest, Format::Yaml);
        if let Some(k) = &key {
            let value = rest.split_once(':').map_or("", |(_, v)| v.trim());
            if value.is_empty() || value.starts_with('#') {
                stack.push(Entry {
                    col,
                    name: k.clone(),
                    item: false,
                });
            }
        }
        out[i] = Some(Line {
            scope,
            key: key.map(|k| (k, col)),
        });
    }
}

fn scope_of(stack: &[Entry]) -> String {
    let mut s = String::new();
    for e in stack {
        if e.item {
            s.push_str(&e.name);
        } else {
            s = join(&s, &e.name);
        }
    }
    s
}

fn toml(all: &[&str], end: usize, out: &mut [Option<Line>]) {
    let mut scope = String::new();
    for (i, raw) in all.iter().enumerate().take(end).skip(1) {
        let content = raw.trim();
        if let Some(inner) = content.strip_prefix("[[") {
            let name = inner.split("]]").next().unwrap_or("").trim();
            scope = format!("{}[{i}]", name.replace(' ', ""));
            out[i] = Some(Line {
                scope: String::new(),
                key: None,
            });
            continue;
        }
        if let Some(inner) = content.strip_prefix('[') {
            scope = inner
                .split(']')
                .next()
                .unwrap_or("")
                .trim()
                .replace(' ', "");
            out[i] = Some(Line {
                scope: String::new(),
                key: None,
            });
            continue;
        }
        let col = raw.chars().count() - raw.trim_start().chars().count();
        out[i] = Some(Line {
            scope: scope.clone(),
            key: leading_key(content, Format::Toml).map(|k| (k, col)),
        });
    }
}

/// Where a column of a line falls: inside `{…}`/`[…]` of the line, the scope of that flow
/// collection and the keys written before it in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flow {
    pub scope: String,
    /// The key whose value is being written at the column, if any (`status: |`).
    pub value_of: Option<String>,
    /// Where the word at the column starts (characters).
    pub word_start: usize,
    /// The keys already written in the innermost collection.
    pub siblings: Vec<String>,
    /// Whether the column is inside a `{…}` or `[…]` of the line.
    pub nested: bool,
}

/// Reads `line` up to character `col`, starting in `scope`.
pub fn flow(line: &str, col: usize, scope: &str, format: Format) -> Flow {
    let sep = match format {
        Format::Yaml => ':',
        Format::Toml => '=',
    };
    let chars: Vec<char> = line.chars().take(col).collect();
    // (scope, keys written, whether it is a list)
    let mut stack: Vec<(String, Vec<String>, bool)> = vec![(scope.to_string(), Vec::new(), false)];
    let mut word = String::new();
    let mut word_start = 0;
    let mut value_of: Option<String> = None;
    let mut quote: Option<char> = None;
    // A word followed by white space, until what follows tells whether it was a key.
    let mut pending: Option<String> = None;
    for (i, &c) in chars.iter().enumerate() {
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
            continue;
        }
        if is_key_char(c) {
            if word.is_empty() {
                word_start = i;
                pending = None;
            }
            word.push(c);
            continue;
        }
        if c.is_whitespace() {
            if !word.is_empty() {
                pending = Some(std::mem::take(&mut word));
            }
            continue;
        }
        if word.is_empty()
            && let Some(p) = pending.take()
        {
            word = p;
        }
        let top = stack.last().cloned().unwrap_or_default();
        match c {
            '"' | '\'' if word.is_empty() => quote = Some(c),
            '#' if format == Format::Yaml && (i == 0 || chars[i - 1] == ' ') => {
                word.clear();
                break;
            }
            c if c == sep && value_of.is_none() && !word.is_empty() => {
                if let Some(t) = stack.last_mut() {
                    t.1.push(word.clone());
                }
                value_of = Some(word.clone());
            }
            '{' | '[' => {
                let inner = match &value_of {
                    Some(k) => join(&top.0, k),
                    None if top.2 => format!("{}[{i}]", top.0),
                    None => top.0.clone(),
                };
                stack.push((inner, Vec::new(), c == '['));
                value_of = None;
            }
            '}' | ']' => {
                if stack.len() > 1 {
                    stack.pop();
                }
                value_of = None;
            }
            ',' => value_of = None,
            _ => {}
        }
        word.clear();
    }
    let nested = stack.len() > 1;
    let (scope, siblings, _) = stack.pop().unwrap_or_default();
    Flow {
        nested,
        scope,
        value_of,
        word_start: if word.is_empty() {
            chars.len()
        } else {
            word_start
        },
        siblings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scopes(text: &str) -> Vec<(String, Option<String>)> {
        let all: Vec<&str> = text.lines().collect();
        let block = Block::find(&all).unwrap();
        lines(&all, block)
            .into_iter()
            .flatten()
            .map(|l| (path(&l.scope), l.key.map(|k| k.0)))
            .collect()
    }

    fn s(scope: &str, key: Option<&str>) -> (String, Option<String>) {
        (scope.to_string(), key.map(String::from))
    }

    #[test]
    fn yaml_scopes() {
        let text = "---\ntitle: T\nfeedback:\n  received: 2025-01-01\ninvoices:\n- number: A\n  paid: 2025\n- { number: B }\nlint:\n  allow:\n    - rule: x\n      reason: y\nend: 2025\n---\n";
        assert_eq!(
            scopes(text),
            vec![
                s("", Some("title")),
                s("", Some("feedback")),
                s("feedback", Some("received")),
                s("", Some("invoices")),
                s("invoices[]", Some("number")),
                s("invoices[]", Some("paid")),
                s("invoices[]", None),
                s("", Some("lint")),
                s("lint", Some("allow")),
                s("lint.allow[]", Some("rule")),
                s("lint.allow[]", Some("reason")),
                s("", Some("end")),
            ]
        );
    }

    #[test]
    fn toml_scopes() {
        let text = "+++\ntitle = \"T\"\n[feedback]\nreceived = 2025-01-01\n[[lint.allow]]\nrule = \"x\"\n+++\n";
        assert_eq!(
            scopes(text),
            vec![
                s("", Some("title")),
                s("", None),
                s("feedback", Some("received")),
                s("", None),
                s("lint.allow[]", Some("rule")),
            ]
        );
    }

    #[test]
    fn flow_collections() {
        let f = flow("feedback: { recieved: 2025-01-01 }", 14, "", Format::Yaml);
        assert_eq!((path(&f.scope).as_str(), f.value_of), ("feedback", None));
        assert_eq!(f.word_start, 12);
        let f = flow("feedback: { requested: 2025, rec", 32, "", Format::Yaml);
        assert_eq!(f.siblings, vec!["requested"]);
        assert_eq!(f.word_start, 29);
        let f = flow("status: ", 8, "", Format::Yaml);
        assert_eq!(f.value_of.as_deref(), Some("status"));
        let f = flow("  - { rule: ", 12, "lint.allow[3]", Format::Yaml);
        assert_eq!(f.value_of.as_deref(), Some("rule"));
        assert_eq!(path(&f.scope), "lint.allow[]");
        let f = flow("allow = [{ rule = ", 18, "lint", Format::Toml);
        assert_eq!(path(&f.scope), "lint.allow[]");
        assert_eq!(f.value_of.as_deref(), Some("rule"));
    }

    proptest::proptest! {
        #[test]
        fn any_text_is_read_without_a_panic(body in "[-\\[\\]{}:=,#'\" a-zé🚀\n\r\t]{0,200}", col in 0usize..80) {
            for fence in ["---\n", "+++\n"] {
                let text = format!("{fence}{body}");
                let all: Vec<&str> = text.lines().collect();
                let block = Block::find(&all).unwrap();
                let lines = lines(&all, block);
                for (i, line) in all.iter().enumerate() {
                    let scope = lines.get(i).cloned().flatten().map(|l| l.scope).unwrap_or_default();
                    let f = flow(line, col, &scope, block.format);
                    proptest::prop_assert!(f.word_start <= col.max(line.chars().count()));
                    let _ = path(&f.scope);
                }
            }
        }
    }
}
