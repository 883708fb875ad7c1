//! Helpers for `tests/privacy.rs`: books full of markers, the public build run through the binary,
//! and a leak detector that looks for a marker in every output byte and path in the forms a reader
//! (or a search engine) would recognise it.
//!
//! The detector decodes before it compares: HTML entities (`&#90;`, `&#x5A;`, the Latin-1 named
//! ones such as `&eacute;`, plus `&nbsp;`, `&shy;`, `&rsquo;`…), JSON `\uXXXX` escapes (the search
//! index) and percent-encoding (`%C3%A9`, URLs and paths), twice, so doubly encoded text is seen.
//! Then it folds: Unicode compatibility decomposition, accents removed, lowercase, `’` = `'`, the
//! common Cyrillic and Greek look-alikes read as the Latin letters they imitate. A *word* marker
//! (`Zqx7Setext15`) is then searched with everything but letters and digits removed, in the file
//! as is and with its markup removed (`Zq<em>x7</em>…` is found): zero-width characters, soft
//! hyphens, spaces and tags cannot hide it. A *literal* marker (a date, an amount) is searched in
//! the decoded, folded text.
#![allow(dead_code)]

use crate::support::site::{files, paths};
use crate::support::{TempBook, debrief, debrief_process};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Output;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The day every build of these tests runs on.
pub const TODAY: &str = "2026-01-01";

/// A French book with a base URL, so that the public build also writes `atom.xml` and
/// `sitemap.xml`.
pub const BOOK_TOML: &str = "[book]\ntitle = \"Carnet public\"\nlanguage = \"fr\"\n\n[site]\nbase-url = \"https://example.org/carnet/\"\n";

/// An empty book (`book.toml` only).
pub fn book() -> TempBook {
    TempBook::with_toml(BOOK_TOML)
}

/// Writes raw bytes at `rel` inside the book.
pub fn write_bytes(book: &TempBook, rel: &str, bytes: &[u8]) {
    let path = book.root().join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("create dir");
    std::fs::write(&path, bytes).expect("write file");
}

/// Makes `rel` inside the book a symbolic link to `target` (relative to the link's directory).
pub fn symlink(book: &TempBook, rel: &str, target: &str) {
    let path = book.root().join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("create dir");
    #[cfg(unix)]
    std::os::unix::fs::symlink(target, &path).expect("symlink");
    #[cfg(not(unix))]
    {
        let from = path.parent().expect("parent").join(target);
        std::fs::copy(from, &path).expect("copy instead of a symlink");
    }
}

// ---------------------------------------------------------------------------------------------
// Journals
// ---------------------------------------------------------------------------------------------

/// A journal's front matter, line by line, then its body.
#[derive(Debug, Clone)]
pub struct Journal {
    front: Vec<String>,
}

impl Journal {
    /// A closed case study with consent and an alias: published as a page in the public build.
    pub fn case_study(title: &str, client: &str, alias: &str) -> Journal {
        Journal {
            front: vec![
                format!("title: \"{title}\""),
                format!("client: \"{client}\""),
                format!("client_alias: \"{alias}\""),
                "start: 2025-03-03".into(),
                "end: 2025-06-27".into(),
                "status: closed".into(),
                "ended_by: mutual".into(),
                "tags: [web]".into(),
                "publish: case-study".into(),
                "case_study: { consent: 2025-07-01 }".into(),
            ],
        }
    }

    /// A closed mission that publishes only its lessons section.
    pub fn lessons(title: &str, client: &str, alias: Option<&str>) -> Journal {
        let mut front = vec![
            format!("title: \"{title}\""),
            format!("client: \"{client}\""),
        ];
        if let Some(alias) = alias {
            front.push(format!("client_alias: \"{alias}\""));
        }
        front.extend([
            "start: 2024-02-05".into(),
            "end: 2024-10-11".into(),
            "status: closed".into(),
            "ended_by: me".into(),
            "tags: [web]".into(),
            "publish: lessons".into(),
        ]);
        Journal { front }
    }

    /// A private mission (`publish` absent): nothing of it is public.
    pub fn private(title: &str, client: &str) -> Journal {
        Journal {
            front: vec![
                format!("title: \"{title}\""),
                format!("client: \"{client}\""),
                "start: 2025-01-06".into(),
                "status: active".into(),
            ],
        }
    }

    /// Replaces the line of `key` (or adds one): `set("tags", "[web, seo]")`.
    pub fn set(mut self, key: &str, value: &str) -> Journal {
        let line = format!("{key}: {value}");
        let prefix = format!("{key}:");
        match self.front.iter().position(|l| l.starts_with(&prefix)) {
            Some(i) => self.front[i] = line,
            None => self.front.push(line),
        }
        self
    }

    /// Removes the line of `key`.
    pub fn without(mut self, key: &str) -> Journal {
        let prefix = format!("{key}:");
        self.front.retain(|l| !l.starts_with(&prefix));
        self
    }

    /// Adds a raw front-matter line (or several, separated by `\n`).
    pub fn line(mut self, raw: &str) -> Journal {
        self.front.extend(raw.lines().map(str::to_string));
        self
    }

    /// The whole file: front matter, a blank line, `body`.
    pub fn body(&self, body: &str) -> String {
        format!("---\n{}\n---\n\n{body}", self.front.join("\n"))
    }

    /// The number of lines the front matter takes, fences included: the body's first line is
    /// `front_lines() + 2` (after the blank line).
    pub fn front_lines(&self) -> usize {
        self.front.len() + 2
    }

    /// The 1-based line of the front-matter key `key`.
    pub fn key_line(&self, key: &str) -> usize {
        let prefix = format!("{key}:");
        2 + self
            .front
            .iter()
            .position(|l| l.starts_with(&prefix))
            .unwrap_or_else(|| panic!("no `{key}` in the front matter"))
    }
}

// ---------------------------------------------------------------------------------------------
// Running the binary
// ---------------------------------------------------------------------------------------------

/// `debrief --book ROOT build --audience AUDIENCE --dest DEST --today 2026-01-01`.
pub fn run_build(root: &Path, dest: &Path, audience: &str) -> Output {
    debrief()
        .arg("--book")
        .arg(root)
        .arg("build")
        .args(["--audience", audience])
        .arg("--dest")
        .arg(dest)
        .args(["--today", TODAY])
        .output()
        .expect("run debrief build")
}

/// The public build of `book`, which must succeed, read back whole.
pub fn public_site(book: &TempBook) -> Site {
    site_of(book.root(), "public")
}

pub fn site_of(root: &Path, audience: &str) -> Site {
    let out = tempfile::tempdir().expect("temp dir");
    let dest = out.path().join("site");
    let result = run_build(root, &dest, audience);
    let stdout = String::from_utf8_lossy(&result.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&result.stderr).into_owned();
    assert!(
        result.status.success(),
        "`debrief build --audience {audience}` failed ({:?})\nstdout:\n{stdout}\nstderr:\n{stderr}",
        result.status.code()
    );
    Site::read(&dest, stdout, stderr, Some(out))
}

/// `debrief --book ROOT lint --format json --today 2026-01-01`, parsed.
pub fn lint_json(root: &Path) -> serde_json::Value {
    let out = debrief()
        .arg("--book")
        .arg(root)
        .args(["lint", "--format", "json", "--today", TODAY])
        .output()
        .expect("run debrief lint");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "lint could not run ({:?}): {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("lint JSON: {e}\n{stdout}"))
}

/// The `client-name-leak` diagnostics of a lint run, as `(path, line, column)`.
pub fn name_leaks(lint: &serde_json::Value) -> Vec<(String, u64, u64)> {
    lint["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["rule"] == "client-name-leak")
        .map(|d| {
            (
                d["path"].as_str().expect("path").to_string(),
                d["line"].as_u64().expect("line"),
                d["column"].as_u64().expect("column"),
            )
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The built site and the leak detector
// ---------------------------------------------------------------------------------------------

/// One file (or one path) of the site in the forms the detector searches.
struct View {
    /// Where: `missions/x/index.html`, `missions/x/index.html (markup removed)`, `path …`.
    place: String,
    /// Decoded and folded, for literal markers and for showing context.
    text: String,
    /// Only the letters and digits of `text`, for word markers.
    compact: String,
}

/// A built site: every file, every path, what the build printed.
pub struct Site {
    pub files: BTreeMap<String, Vec<u8>>,
    pub paths: Vec<String>,
    pub stdout: String,
    pub stderr: String,
    views: Vec<View>,
    _out: Option<tempfile::TempDir>,
}

impl Site {
    /// The files of any directory, read like a built site (to test the detector itself).
    pub fn from_dir(dir: &Path) -> Site {
        Site::read(dir, String::new(), String::new(), None)
    }

    fn read(dir: &Path, stdout: String, stderr: String, out: Option<tempfile::TempDir>) -> Site {
        let files = files(dir);
        let paths = paths(dir);
        let mut views = Vec::new();
        for (rel, bytes) in &files {
            let raw = String::from_utf8_lossy(bytes);
            let text = fold(&decode(&raw));
            views.push(View {
                place: rel.clone(),
                compact: compact(&text),
                text,
            });
            let untagged = fold(&decode(&strip_tags(&raw)));
            views.push(View {
                place: format!("{rel} (markup removed)"),
                compact: compact(&untagged),
                text: untagged,
            });
        }
        for p in &paths {
            let text = fold(&decode(p));
            views.push(View {
                place: format!("path {p}"),
                compact: compact(&text),
                text,
            });
        }
        Site {
            files,
            paths,
            stdout,
            stderr,
            views,
            _out: out,
        }
    }

    /// Where a word marker occurs: `place: …context…` for each file or path that holds it.
    pub fn find_word(&self, marker: &str) -> Vec<String> {
        let needle = compact(&fold(marker));
        assert!(
            needle.len() >= 6,
            "marker `{marker}` is too short to search"
        );
        let mut places = Vec::new();
        for v in &self.views {
            if let Some(at) = v.compact.find(&needle) {
                // Show readable context when the marker is there as written, else the letters.
                let context = match v.text.find(&needle) {
                    Some(t) => around(&v.text, t, needle.len()),
                    None => format!("[letters only] {}", around(&v.compact, at, needle.len())),
                };
                places.push(format!("{}: …{context}…", v.place));
            }
        }
        dedup_places(places)
    }

    /// Where a literal marker (a date, an amount, a phrase) occurs, decoded and folded.
    pub fn find_literal(&self, literal: &str) -> Vec<String> {
        let needle = fold(literal);
        let mut places = Vec::new();
        for v in &self.views {
            if let Some(at) = v.text.find(&needle) {
                places.push(format!(
                    "{}: …{}…",
                    v.place,
                    around(&v.text, at, needle.len())
                ));
            }
        }
        dedup_places(places)
    }

    /// Where a multi-word phrase (a client's full name) occurs as whole words, in the decoded,
    /// folded text with its markup removed and every run of non-alphanumerics read as one space.
    pub fn find_phrase(&self, phrase: &str) -> Vec<String> {
        let needle = format!(" {} ", words(&fold(&decode(phrase))));
        let mut places = Vec::new();
        for v in self.views.iter().filter(|v| !v.place.starts_with("path ")) {
            let hay = format!(" {} ", words(&v.text));
            if let Some(at) = hay.find(&needle) {
                places.push(format!("{}: …{}…", v.place, around(&hay, at, needle.len())));
            }
        }
        dedup_places(places)
    }

    /// The site's files under `assets/`.
    pub fn assets(&self) -> Vec<(&str, &[u8])> {
        self.files
            .iter()
            .filter(|(k, _)| k.starts_with("assets/"))
            .map(|(k, v)| (k.as_str(), v.as_slice()))
            .collect()
    }

    /// The mission pages (`missions/…/index.html`, not the list `missions/index.html`).
    pub fn mission_pages(&self) -> Vec<&str> {
        self.files
            .keys()
            .filter(|k| k.starts_with("missions/") && k.ends_with("/index.html"))
            .filter(|k| *k != "missions/index.html")
            .map(String::as_str)
            .collect()
    }
}

fn dedup_places(mut places: Vec<String>) -> Vec<String> {
    // A hit in a file usually shows in its "markup removed" view too: keep the first.
    let mut seen = std::collections::BTreeSet::new();
    places.retain(|p| {
        let file = p.split(" (markup removed)").next().unwrap_or(p);
        let file = file.split(": …").next().unwrap_or(file).to_string();
        seen.insert(file)
    });
    places
}

fn around(s: &str, at: usize, len: usize) -> String {
    let mut from = at.saturating_sub(70);
    while !s.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = (at + len + 70).min(s.len());
    while !s.is_char_boundary(to) {
        to += 1;
    }
    s[from..to].replace('\n', "⏎")
}

/// A private marker: a word that must not be in any public byte or path, and why it is private.
pub type Secret<'a> = (&'a str, &'a str);

/// The leak report of `secrets` (empty when nothing leaked).
pub fn leaks(site: &Site, secrets: &[Secret]) -> Vec<String> {
    let mut report = Vec::new();
    for (marker, why) in secrets {
        let places = site.find_word(marker);
        if !places.is_empty() {
            report.push(format!(
                "LEAK {marker} ({why}):\n    {}",
                places.join("\n    ")
            ));
        }
    }
    report
}

/// Asserts that no literal (a date, an amount) reaches the site.
#[track_caller]
pub fn assert_no_literal(site: &Site, secrets: &[Secret]) {
    let mut report = Vec::new();
    for (literal, why) in secrets {
        let places = site.find_literal(literal);
        if !places.is_empty() {
            report.push(format!(
                "LEAK `{literal}` ({why}):\n    {}",
                places.join("\n    ")
            ));
        }
    }
    assert!(
        report.is_empty(),
        "{} private fact(s) reached the public build:\n{}",
        report.len(),
        report.join("\n")
    );
}

// ---------------------------------------------------------------------------------------------
// Decoding and folding
// ---------------------------------------------------------------------------------------------

/// Latin-1 entity names, U+00A0 to U+00FF in order.
const LATIN1: [&str; 96] = [
    "nbsp", "iexcl", "cent", "pound", "curren", "yen", "brvbar", "sect", "uml", "copy", "ordf",
    "laquo", "not", "shy", "reg", "macr", "deg", "plusmn", "sup2", "sup3", "acute", "micro",
    "para", "middot", "cedil", "sup1", "ordm", "raquo", "frac14", "frac12", "frac34", "iquest",
    "Agrave", "Aacute", "Acirc", "Atilde", "Auml", "Aring", "AElig", "Ccedil", "Egrave", "Eacute",
    "Ecirc", "Euml", "Igrave", "Iacute", "Icirc", "Iuml", "ETH", "Ntilde", "Ograve", "Oacute",
    "Ocirc", "Otilde", "Ouml", "times", "Oslash", "Ugrave", "Uacute", "Ucirc", "Uuml", "Yacute",
    "THORN", "szlig", "agrave", "aacute", "acirc", "atilde", "auml", "aring", "aelig", "ccedil",
    "egrave", "eacute", "ecirc", "euml", "igrave", "iacute", "icirc", "iuml", "eth", "ntilde",
    "ograve", "oacute", "ocirc", "otilde", "ouml", "divide", "oslash", "ugrave", "uacute", "ucirc",
    "uuml", "yacute", "thorn", "yuml",
];

/// Other named entities worth decoding (typography, invisible characters).
const OTHER_ENTITIES: &[(&str, char)] = &[
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("apos", '\''),
    ("rsquo", '’'),
    ("lsquo", '‘'),
    ("rdquo", '”'),
    ("ldquo", '“'),
    ("ndash", '–'),
    ("mdash", '—'),
    ("hyphen", '‐'),
    ("dash", '‐'),
    ("hellip", '…'),
    ("euro", '€'),
    ("OElig", 'Œ'),
    ("oelig", 'œ'),
    ("zwsp", '\u{200B}'),
    ("ZeroWidthSpace", '\u{200B}'),
    ("zwnj", '\u{200C}'),
    ("zwj", '\u{200D}'),
    ("NoBreak", '\u{2060}'),
    ("NonBreakingSpace", '\u{A0}'),
    ("thinsp", '\u{2009}'),
    ("ensp", '\u{2002}'),
    ("emsp", '\u{2003}'),
];

fn named_entity(name: &str) -> Option<char> {
    if let Some(i) = LATIN1.iter().position(|n| *n == name) {
        return char::from_u32(0xA0 + i as u32);
    }
    OTHER_ENTITIES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, c)| *c)
}

/// Decodes HTML character references: `&#NN;`, `&#xHH;` and the named ones above (the trailing
/// `;` is optional, as browsers allow for the legacy ones).
pub fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let decoded = if let Some(num) = after.strip_prefix('#') {
            let (digits, radix, skip) = match num.strip_prefix(['x', 'X']) {
                Some(hex) => (
                    hex.chars()
                        .take_while(char::is_ascii_hexdigit)
                        .collect::<String>(),
                    16,
                    2,
                ),
                None => (
                    num.chars()
                        .take_while(char::is_ascii_digit)
                        .collect::<String>(),
                    10,
                    1,
                ),
            };
            u32::from_str_radix(&digits, radix)
                .ok()
                .filter(|_| !digits.is_empty())
                .map(|n| {
                    let c = char::from_u32(n).unwrap_or('\u{FFFD}');
                    let mut len = skip + digits.len();
                    if after[len..].starts_with(';') {
                        len += 1;
                    }
                    (c, len)
                })
        } else {
            let name: String = after
                .chars()
                .take_while(char::is_ascii_alphanumeric)
                .take(32)
                .collect();
            // The longest known prefix (`&eacutex` is `é` + `x` for the legacy entities).
            (1..=name.len()).rev().find_map(|n| {
                named_entity(&name[..n]).map(|c| {
                    let mut len = n;
                    if after[len..].starts_with(';') {
                        len += 1;
                    }
                    (c, len)
                })
            })
        };
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &after[len..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Decodes `%XX` sequences (as bytes, then UTF-8).
pub fn decode_percent(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push(h * 16 + l);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// Decodes JSON string escapes `\uXXXX` (with surrogate pairs) and `\/`.
pub fn decode_json_escapes(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.char_indices().peekable();
    let unit = |s: &str, at: usize| -> Option<u32> {
        s.get(at..at + 4)
            .and_then(|h| u32::from_str_radix(h, 16).ok())
    };
    while let Some((i, c)) = chars.next() {
        if c == '\\' {
            if s[i + 1..].starts_with('/') {
                out.push('/');
                chars.next();
                continue;
            }
            if s[i + 1..].starts_with('u')
                && let Some(hi) = unit(s, i + 2)
            {
                let mut skip = 5;
                let c = if (0xD800..0xDC00).contains(&hi)
                    && s[i + 6..].starts_with("\\u")
                    && let Some(lo) = unit(s, i + 8)
                    && (0xDC00..0xE000).contains(&lo)
                {
                    skip = 11;
                    char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
                } else {
                    char::from_u32(hi)
                };
                out.push(c.unwrap_or('\u{FFFD}'));
                for _ in 0..skip {
                    chars.next();
                }
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// Every decoding, twice (so `&amp;#90;` and `%2541` are seen through).
pub fn decode(s: &str) -> String {
    let mut s = s.to_string();
    for _ in 0..2 {
        s = decode_percent(&decode_json_escapes(&decode_entities(&s)));
    }
    s
}

/// Cyrillic and Greek letters that look like Latin ones.
const LOOKALIKES: &[(char, char)] = &[
    ('а', 'a'),
    ('в', 'b'),
    ('е', 'e'),
    ('ё', 'e'),
    ('к', 'k'),
    ('м', 'm'),
    ('н', 'h'),
    ('о', 'o'),
    ('р', 'p'),
    ('с', 'c'),
    ('т', 't'),
    ('у', 'y'),
    ('х', 'x'),
    ('і', 'i'),
    ('ј', 'j'),
    ('ѕ', 's'),
    ('ԁ', 'd'),
    ('ԛ', 'q'),
    ('ԝ', 'w'),
    ('А', 'a'),
    ('В', 'b'),
    ('Е', 'e'),
    ('К', 'k'),
    ('М', 'm'),
    ('Н', 'h'),
    ('О', 'o'),
    ('Р', 'p'),
    ('С', 'c'),
    ('Т', 't'),
    ('Х', 'x'),
    ('І', 'i'),
    ('Ј', 'j'),
    ('Ѕ', 's'),
    ('α', 'a'),
    ('ο', 'o'),
    ('ρ', 'p'),
    ('ν', 'v'),
    ('Α', 'a'),
    ('Β', 'b'),
    ('Ε', 'e'),
    ('Ζ', 'z'),
    ('Η', 'h'),
    ('Ι', 'i'),
    ('Κ', 'k'),
    ('Μ', 'm'),
    ('Ν', 'n'),
    ('Ο', 'o'),
    ('Ρ', 'p'),
    ('Τ', 't'),
    ('Χ', 'x'),
    ('Υ', 'y'),
];

/// Compatibility decomposition, accents removed, look-alikes read as Latin, `’` = `'`, lowercase.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.nfkd() {
        if is_combining_mark(c) {
            continue;
        }
        let c = LOOKALIKES
            .iter()
            .find(|(l, _)| *l == c)
            .map_or(c, |(_, latin)| *latin);
        match c {
            '’' | '‘' | 'ʼ' => out.push('\''),
            'ß' => out.push_str("ss"),
            'æ' | 'Æ' => out.push_str("ae"),
            'œ' | 'Œ' => out.push_str("oe"),
            'ø' | 'Ø' => out.push('o'),
            'đ' | 'Đ' => out.push('d'),
            'ł' | 'Ł' => out.push('l'),
            'ı' => out.push('i'),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// Only the letters and digits.
pub fn compact(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// Words separated by single spaces (every run of non-alphanumerics is one space).
pub fn words(s: &str) -> String {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Removes `<…>` tags (elements, comments), keeping the text between them.
pub fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Images, assembled by hand
// ---------------------------------------------------------------------------------------------

/// CRC-32 (IEEE, as PNG uses it).
pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            let mask = (crc & 1).wrapping_neg();
            crc = (crc >> 1) ^ (0xEDB8_8320 & mask);
        }
    }
    !crc
}

/// Adler-32 (the zlib checksum).
pub fn adler32(bytes: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    for &x in bytes {
        a = (a + u32::from(x)) % 65521;
        b = (b + a) % 65521;
    }
    (b << 16) | a
}

/// A zlib stream holding `data` in stored (uncompressed) deflate blocks.
pub fn zlib_stored(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x78, 0x01];
    let chunks: Vec<&[u8]> = if data.is_empty() {
        vec![&[]]
    } else {
        data.chunks(65535).collect()
    };
    for (i, chunk) in chunks.iter().enumerate() {
        out.push(u8::from(i + 1 == chunks.len()));
        let len = chunk.len() as u16;
        out.extend(len.to_le_bytes());
        out.extend((!len).to_le_bytes());
        out.extend(*chunk);
    }
    out.extend(adler32(data).to_be_bytes());
    out
}

/// One PNG chunk: length, type, data, CRC of type and data.
pub fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() + 12);
    out.extend((data.len() as u32).to_be_bytes());
    out.extend(kind);
    out.extend(data);
    let mut crc_input = kind.to_vec();
    crc_input.extend(data);
    out.extend(crc32(&crc_input).to_be_bytes());
    out
}

pub const PNG_SIGNATURE: &[u8; 8] = b"\x89PNG\r\n\x1a\n";

/// A valid 1×1 greyscale PNG of shade `grey`, with `before` chunks between IHDR and IDAT and
/// `after` chunks between IDAT and IEND.
pub fn png(grey: u8, before: &[Vec<u8>], after: &[Vec<u8>]) -> Vec<u8> {
    let mut out = PNG_SIGNATURE.to_vec();
    // Width 1, height 1, 8 bits, greyscale, deflate, adaptive filtering, no interlace.
    out.extend(png_chunk(b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]));
    for c in before {
        out.extend(c);
    }
    // One scanline: filter type 0, one pixel.
    out.extend(png_chunk(b"IDAT", &zlib_stored(&[0, grey])));
    for c in after {
        out.extend(c);
    }
    out.extend(png_chunk(b"IEND", &[]));
    out
}

/// A `tEXt` chunk.
pub fn png_text(keyword: &str, text: &str) -> Vec<u8> {
    let mut data = keyword.as_bytes().to_vec();
    data.push(0);
    data.extend(text.as_bytes());
    png_chunk(b"tEXt", &data)
}

/// An uncompressed `iTXt` chunk.
pub fn png_itxt(keyword: &str, text: &str) -> Vec<u8> {
    let mut data = keyword.as_bytes().to_vec();
    data.extend([0, 0, 0]); // null, not compressed, method 0
    data.push(0); // empty language tag
    data.push(0); // empty translated keyword
    data.extend(text.as_bytes());
    png_chunk(b"iTXt", &data)
}

/// A `zTXt` chunk (its deflate stream is stored, so the text is readable in the bytes).
pub fn png_ztxt(keyword: &str, text: &str) -> Vec<u8> {
    let mut data = keyword.as_bytes().to_vec();
    data.extend([0, 0]); // null, method 0
    data.extend(zlib_stored(text.as_bytes()));
    png_chunk(b"zTXt", &data)
}

/// Checks the structure of a PNG: signature, chunks with valid CRCs, IHDR first, IDAT, IEND last.
/// Returns the chunk types.
pub fn png_chunks(bytes: &[u8]) -> Result<Vec<String>, String> {
    if !bytes.starts_with(PNG_SIGNATURE) {
        return Err("no PNG signature".into());
    }
    let mut at = 8;
    let mut kinds = Vec::new();
    while at < bytes.len() {
        let header = bytes
            .get(at..at + 8)
            .ok_or_else(|| format!("truncated chunk header at {at}"))?;
        let len = u32::from_be_bytes(header[..4].try_into().expect("4 bytes")) as usize;
        let kind = &header[4..8];
        let data = bytes
            .get(at + 8..at + 8 + len)
            .ok_or_else(|| format!("truncated chunk at {at}"))?;
        let crc = bytes
            .get(at + 8 + len..at + 12 + len)
            .ok_or_else(|| format!("no CRC at {at}"))?;
        let mut crc_input = kind.to_vec();
        crc_input.extend(data);
        if crc32(&crc_input).to_be_bytes() != crc {
            return Err(format!("bad CRC for {}", String::from_utf8_lossy(kind)));
        }
        kinds.push(String::from_utf8_lossy(kind).into_owned());
        at += 12 + len;
    }
    if kinds.first().map(String::as_str) != Some("IHDR")
        || kinds.last().map(String::as_str) != Some("IEND")
        || !kinds.iter().any(|k| k == "IDAT")
    {
        return Err(format!("bad chunk order: {kinds:?}"));
    }
    Ok(kinds)
}

/// A TIFF (big-endian) directory entry: tag, type, count, value bytes.
struct TiffEntry {
    tag: u16,
    kind: u16,
    count: u32,
    data: Vec<u8>,
}

fn ascii(tag: u16, s: &str) -> TiffEntry {
    let mut data = s.as_bytes().to_vec();
    data.push(0);
    TiffEntry {
        tag,
        kind: 2,
        count: data.len() as u32,
        data,
    }
}

/// A big-endian TIFF with IFD0 (`ImageDescription`, `Artist`, a GPS pointer) and a GPS IFD
/// (latitude of Paris, `GPSAreaInformation`): the Exif payload of a JPEG `APP1` or a PNG `eXIf`.
pub fn exif_tiff(description: &str, artist: &str, gps_area: &str) -> Vec<u8> {
    let mut gps_area_data = b"ASCII\0\0\0".to_vec();
    gps_area_data.extend(gps_area.as_bytes());
    let rational = |n: u32| [n.to_be_bytes(), 1u32.to_be_bytes()].concat();
    let gps = vec![
        TiffEntry {
            tag: 0x0001, // GPSLatitudeRef
            kind: 2,
            count: 2,
            data: b"N\0".to_vec(),
        },
        TiffEntry {
            tag: 0x0002, // GPSLatitude
            kind: 5,
            count: 3,
            data: [rational(48), rational(51), rational(24)].concat(),
        },
        TiffEntry {
            tag: 0x001C, // GPSAreaInformation
            kind: 7,
            count: gps_area_data.len() as u32,
            data: gps_area_data,
        },
    ];
    let ifd0_len = 2 + 12 * 3 + 4;
    let gps_offset = 8 + ifd0_len;
    let ifd0 = vec![
        ascii(0x010E, description),
        ascii(0x013B, artist),
        TiffEntry {
            tag: 0x8825, // GPSInfo
            kind: 4,
            count: 1,
            data: (gps_offset as u32).to_be_bytes().to_vec(),
        },
    ];
    let gps_len = 2 + 12 * gps.len() + 4;
    let mut data_at = gps_offset + gps_len;
    let mut out = b"MM\0\x2a\0\0\0\x08".to_vec();
    let mut data_area = Vec::new();
    for ifd in [&ifd0, &gps] {
        out.extend((ifd.len() as u16).to_be_bytes());
        for e in ifd {
            out.extend(e.tag.to_be_bytes());
            out.extend(e.kind.to_be_bytes());
            out.extend(e.count.to_be_bytes());
            if e.data.len() <= 4 {
                let mut v = e.data.clone();
                v.resize(4, 0);
                out.extend(v);
            } else {
                out.extend((data_at as u32).to_be_bytes());
                data_area.extend(&e.data);
                if e.data.len() % 2 == 1 {
                    data_area.push(0);
                }
                data_at = gps_offset + gps_len + data_area.len();
            }
        }
        out.extend(0u32.to_be_bytes());
    }
    out.extend(data_area);
    out
}

/// One JPEG marker segment: `FF xx`, length (including itself), payload.
pub fn jpeg_segment(marker: u8, payload: &[u8]) -> Vec<u8> {
    let mut out = vec![0xFF, marker];
    out.extend(((payload.len() + 2) as u16).to_be_bytes());
    out.extend(payload);
    out
}

/// An `APP1` Exif segment.
pub fn jpeg_exif(tiff: &[u8]) -> Vec<u8> {
    let mut payload = b"Exif\0\0".to_vec();
    payload.extend(tiff);
    jpeg_segment(0xE1, &payload)
}

/// An `APP1` XMP segment.
pub fn jpeg_xmp(creator: &str) -> Vec<u8> {
    let mut payload = b"http://ns.adobe.com/xap/1.0/\0".to_vec();
    payload.extend(
        format!(
            "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:creator>{creator}</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>"
        )
        .as_bytes(),
    );
    jpeg_segment(0xE1, &payload)
}

/// A `COM` segment.
pub fn jpeg_comment(text: &str) -> Vec<u8> {
    jpeg_segment(0xFE, text.as_bytes())
}

/// An `APP13` Photoshop segment with one IPTC dataset (2:80, By-line).
pub fn jpeg_iptc(by_line: &str) -> Vec<u8> {
    let mut iptc = vec![0x1C, 0x02, 0x50];
    iptc.extend((by_line.len() as u16).to_be_bytes());
    iptc.extend(by_line.as_bytes());
    let mut payload = b"Photoshop 3.0\08BIM\x04\x04\0\0".to_vec();
    payload.extend((iptc.len() as u32).to_be_bytes());
    payload.extend(&iptc);
    if iptc.len() % 2 == 1 {
        payload.push(0);
    }
    jpeg_segment(0xED, &payload)
}

/// A valid baseline JPEG, 8×8 mid-grey, with `extra` segments after the JFIF `APP0`. Its Huffman
/// tables hold one code each (DC difference 0, end of block), so its scan is two bits.
pub fn jpeg(extra: &[Vec<u8>]) -> Vec<u8> {
    let mut out = vec![0xFF, 0xD8];
    out.extend(jpeg_segment(0xE0, b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0"));
    for s in extra {
        out.extend(s);
    }
    let mut dqt = vec![0u8];
    dqt.extend([1u8; 64]);
    out.extend(jpeg_segment(0xDB, &dqt));
    // 8 bits, 8×8, one component (id 1, no subsampling, table 0).
    out.extend(jpeg_segment(0xC0, &[8, 0, 8, 0, 8, 1, 1, 0x11, 0]));
    for class in [0x00u8, 0x10] {
        let mut dht = vec![class, 1];
        dht.extend([0u8; 15]);
        dht.push(0); // the one symbol: DC category 0, or AC end of block
        out.extend(jpeg_segment(0xC4, &dht));
    }
    out.extend(jpeg_segment(0xDA, &[1, 1, 0x00, 0, 63, 0]));
    // Bits `0` (DC 0) and `0` (EOB), padded with ones.
    out.push(0x3F);
    out.extend([0xFF, 0xD9]);
    out
}

/// The marker segments of a JPEG up to the scan, as `(marker, payload)`; checks SOI and EOI.
pub fn jpeg_segments(bytes: &[u8]) -> Result<Vec<(u8, Vec<u8>)>, String> {
    if !bytes.starts_with(&[0xFF, 0xD8]) || !bytes.ends_with(&[0xFF, 0xD9]) {
        return Err("no SOI or EOI".into());
    }
    let mut at = 2;
    let mut segments = Vec::new();
    loop {
        let header = bytes
            .get(at..at + 4)
            .ok_or_else(|| format!("truncated segment at {at}"))?;
        if header[0] != 0xFF {
            return Err(format!("no marker at {at}"));
        }
        let marker = header[1];
        let len = u16::from_be_bytes([header[2], header[3]]) as usize;
        let payload = bytes
            .get(at + 4..at + 2 + len)
            .ok_or_else(|| format!("truncated segment {marker:02X} at {at}"))?;
        segments.push((marker, payload.to_vec()));
        at += 2 + len;
        if marker == 0xDA {
            return Ok(segments);
        }
    }
}

/// A valid 1×1 GIF89a with a comment extension holding `comment`.
pub fn gif_with_comment(comment: &str) -> Vec<u8> {
    let mut out = b"GIF89a\x01\0\x01\0\x80\0\0\0\0\0\xff\xff\xff".to_vec();
    out.extend([0x21, 0xFE]);
    for block in comment.as_bytes().chunks(255) {
        out.push(block.len() as u8);
        out.extend(block);
    }
    out.push(0);
    out.extend(b"\x2c\0\0\0\0\x01\0\x01\0\0\x02\x02\x44\x01\0\x3b");
    out
}

// ---------------------------------------------------------------------------------------------
// `debrief serve`, for the origin checks
// ---------------------------------------------------------------------------------------------

/// A `debrief serve` (private view) on a free loopback port; killed when dropped.
pub struct Served {
    child: std::process::Child,
    pub port: u16,
    stderr: tempfile::NamedTempFile,
}

/// A raw HTTP response.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: String,
    pub body: String,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }
}

impl Served {
    /// Starts `debrief --book ROOT serve --port P ARGS…` and waits until `/` answers a request
    /// addressed to `127.0.0.1:P`.
    pub fn start(root: &Path, args: &[&str]) -> Served {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let stderr = tempfile::NamedTempFile::new().expect("temp file");
        let child = debrief_process()
            .arg("--book")
            .arg(root)
            .args(["--lang", "en", "serve", "--port", &port.to_string()])
            .args(args)
            .env("DEBRIEF_TODAY", TODAY)
            .stdout(std::process::Stdio::null())
            .stderr(stderr.reopen().expect("reopen"))
            .spawn()
            .expect("start debrief serve");
        let mut served = Served {
            child,
            port,
            stderr,
        };
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
        loop {
            if let Ok(Some(status)) = served.child.try_wait() {
                panic!(
                    "debrief serve {args:?} exited ({status}):\n{}",
                    served.stderr_text()
                );
            }
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                let host = format!("127.0.0.1:{port}");
                if served.get("/", &[("Host", &host)]).status == 200 {
                    return served;
                }
            }
            assert!(
                std::time::Instant::now() < deadline,
                "debrief serve did not answer on 127.0.0.1:{port}:\n{}",
                served.stderr_text()
            );
            std::thread::sleep(std::time::Duration::from_millis(30));
        }
    }

    pub fn stderr_text(&self) -> String {
        std::fs::read_to_string(self.stderr.path()).unwrap_or_default()
    }

    /// `GET path` on a fresh connection with exactly these headers (and `Connection: close`).
    pub fn get(&self, path: &str, headers: &[(&str, &str)]) -> Answer {
        use std::io::{Read, Write};
        let mut stream =
            std::net::TcpStream::connect(("127.0.0.1", self.port)).expect("connect to serve");
        stream
            .set_read_timeout(Some(std::time::Duration::from_secs(10)))
            .expect("timeout");
        let mut request = format!("GET {path} HTTP/1.1\r\n");
        for (k, v) in headers {
            request.push_str(&format!("{k}: {v}\r\n"));
        }
        request.push_str("Connection: close\r\n\r\n");
        stream.write_all(request.as_bytes()).expect("send");
        let mut raw = Vec::new();
        let _ = stream.read_to_end(&mut raw);
        let raw = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
        let (status_line, headers) = head.split_once("\r\n").unwrap_or((head, ""));
        Answer {
            status: status_line
                .split(' ')
                .nth(1)
                .and_then(|s| s.parse().ok())
                .unwrap_or(0),
            headers: headers.to_string(),
            body: body.to_string(),
        }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
