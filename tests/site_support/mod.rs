//! Helpers for `tests/site.rs` and `tests/privacy.rs`: temporary books written from inline files,
//! `debrief build` through the binary, a built site read back as bytes, and its HTML parsed with
//! html5ever (the parser `ammonia` already pulls in) to count parse errors and collect ids and
//! links.
//!
//! The HTML check uses a small `TreeSink` that keeps no tree: html5ever's tree builder reports
//! every tokenizer and tree-construction error (misnested or stray tags, bad attributes, missing
//! doctype…) through `parse_error`, and hands each element with its attributes to
//! `create_element`, which is all the link and id checks need.
//!
//! Each test crate that includes this module uses only part of it.
#![allow(dead_code)]

use assert_cmd::Command;
use html5ever::interface::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::{Attribute, ExpandedName, ParseOpts, QualName, parse_document};
use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Output;
use std::rc::Rc;

/// The `debrief` binary, with an environment that does not depend on the machine.
pub fn debrief() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_debrief"));
    cmd.env_remove("DEBRIEF_TODAY")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C")
        .env("NO_COLOR", "1");
    cmd
}

/// The example book at the repository root.
pub fn example_book() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A book in a temporary directory, written file by file.
pub struct TempBook {
    dir: tempfile::TempDir,
}

impl TempBook {
    /// A book with this `book.toml`.
    pub fn new(book_toml: &str) -> TempBook {
        let book = TempBook {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        book.write("book.toml", book_toml);
        book
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `text` at `rel` (a `/`-separated path inside the book), creating directories.
    pub fn write(&self, rel: &str, text: &str) -> &TempBook {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("create dir");
        std::fs::write(&path, text).expect("write file");
        self
    }
}

/// Runs `debrief --book ROOT build --dest DEST --today 2026-11-23 ARGS…`.
pub fn build(root: &Path, dest: &Path, args: &[&str]) -> Output {
    debrief()
        .arg("--book")
        .arg(root)
        .arg("build")
        .arg("--dest")
        .arg(dest)
        .args(["--today", "2026-11-23"])
        .args(args)
        .output()
        .expect("run debrief")
}

/// Runs a build that must succeed and returns its stdout and stderr.
pub fn build_ok(root: &Path, dest: &Path, args: &[&str]) -> (String, String) {
    let out = build(root, dest, args);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        out.status.success(),
        "build {args:?} failed ({:?})\nstdout:\n{stdout}\nstderr:\n{stderr}",
        out.status.code()
    );
    (stdout, stderr)
}

/// Every file under `dir`, by `/`-separated relative path.
pub fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.expect("walk the site"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = rel_path(dir, e.path());
            (rel, std::fs::read(e.path()).expect("read a site file"))
        })
        .collect()
}

/// Every file and directory under `dir` (without `dir` itself), by relative path.
pub fn paths(dir: &Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter()
        .map(|e| rel_path(dir, e.expect("walk the site").path()))
        .collect()
}

fn rel_path(dir: &Path, path: &Path) -> String {
    path.strip_prefix(dir)
        .expect("inside the dir")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// A text file of the site.
pub fn text(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
}

/// The slug the site would make of `s` (ASCII lowercase, other runs replaced by `-`).
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

/// One element as the parser created it.
#[derive(Debug, Clone)]
pub struct Element {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub line: u64,
}

impl Element {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A parsed HTML page: its parse errors and its elements in document order.
#[derive(Debug)]
pub struct Html {
    pub errors: Vec<String>,
    pub elements: Vec<Element>,
}

impl Html {
    /// Every `id` of the page, with duplicates.
    pub fn ids(&self) -> Vec<&str> {
        self.elements.iter().filter_map(|e| e.attr("id")).collect()
    }

    /// The `href` and `src` values, with the line they are on.
    pub fn links(&self) -> Vec<(&str, u64)> {
        self.elements
            .iter()
            .flat_map(|e| {
                ["href", "src"]
                    .into_iter()
                    .filter_map(move |a| e.attr(a).map(|v| (v, e.line)))
            })
            .collect()
    }
}

pub fn parse_html(text: &str) -> Html {
    let mut opts = ParseOpts::default();
    opts.tokenizer.exact_errors = true;
    opts.tree_builder.exact_errors = true;
    let sink = Sink {
        document: Rc::new(Node::default()),
        errors: RefCell::new(Vec::new()),
        elements: RefCell::new(Vec::new()),
        line: Cell::new(1),
    };
    parse_document(sink, opts).one(text)
}

#[derive(Default)]
struct Node {
    name: Option<QualName>,
    element: Option<usize>,
    template_contents: Option<Rc<Node>>,
}

struct Sink {
    document: Rc<Node>,
    errors: RefCell<Vec<String>>,
    elements: RefCell<Vec<Element>>,
    line: Cell<u64>,
}

fn attrs_of(attrs: &[Attribute]) -> Vec<(String, String)> {
    attrs
        .iter()
        .map(|a| (a.name.local.to_string(), a.value.to_string()))
        .collect()
}

impl TreeSink for Sink {
    type Handle = Rc<Node>;
    type Output = Html;
    type ElemName<'a> = ExpandedName<'a>;

    fn finish(self) -> Html {
        Html {
            errors: self.errors.into_inner(),
            elements: self.elements.into_inner(),
        }
    }

    fn parse_error(&self, msg: Cow<'static, str>) {
        self.errors
            .borrow_mut()
            .push(format!("line {}: {msg}", self.line.get()));
    }

    fn set_current_line(&self, line: u64) {
        self.line.set(line);
    }

    fn get_document(&self) -> Rc<Node> {
        self.document.clone()
    }

    fn elem_name<'a>(&'a self, target: &'a Rc<Node>) -> ExpandedName<'a> {
        target
            .name
            .as_ref()
            .expect("only elements have a name")
            .expanded()
    }

    fn create_element(
        &self,
        name: QualName,
        attrs: Vec<Attribute>,
        flags: ElementFlags,
    ) -> Rc<Node> {
        let mut elements = self.elements.borrow_mut();
        elements.push(Element {
            name: name.local.to_string(),
            attrs: attrs_of(&attrs),
            line: self.line.get(),
        });
        Rc::new(Node {
            name: Some(name),
            element: Some(elements.len() - 1),
            template_contents: flags.template.then(|| Rc::new(Node::default())),
        })
    }

    fn create_comment(&self, _text: StrTendril) -> Rc<Node> {
        Rc::new(Node::default())
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> Rc<Node> {
        Rc::new(Node::default())
    }

    fn append(&self, _parent: &Rc<Node>, _child: NodeOrText<Rc<Node>>) {}

    fn append_based_on_parent_node(
        &self,
        _element: &Rc<Node>,
        _prev_element: &Rc<Node>,
        _child: NodeOrText<Rc<Node>>,
    ) {
    }

    fn append_doctype_to_document(
        &self,
        _name: StrTendril,
        _public: StrTendril,
        _system: StrTendril,
    ) {
    }

    fn get_template_contents(&self, target: &Rc<Node>) -> Rc<Node> {
        target
            .template_contents
            .clone()
            .expect("only templates have contents")
    }

    fn same_node(&self, x: &Rc<Node>, y: &Rc<Node>) -> bool {
        Rc::ptr_eq(x, y)
    }

    fn set_quirks_mode(&self, mode: QuirksMode) {
        if mode != QuirksMode::NoQuirks {
            self.parse_error(Cow::Borrowed("the page renders in quirks mode"));
        }
    }

    fn append_before_sibling(&self, _sibling: &Rc<Node>, _new_node: NodeOrText<Rc<Node>>) {}

    fn add_attrs_if_missing(&self, target: &Rc<Node>, attrs: Vec<Attribute>) {
        if let Some(i) = target.element {
            let mut elements = self.elements.borrow_mut();
            let element = &mut elements[i];
            for (name, value) in attrs_of(&attrs) {
                if element.attr(&name).is_none() {
                    element.attrs.push((name, value));
                }
            }
        }
    }

    fn remove_from_parent(&self, _target: &Rc<Node>) {}

    fn reparent_children(&self, _node: &Rc<Node>, _new_parent: &Rc<Node>) {}
}

/// A problem found by `check_site`.
pub type Problems = Vec<String>;

/// Parses every HTML page of a built site and checks that it has no parse error, no duplicate
/// id, and that every relative `href`/`src` resolves to a file of the site (and its `#fragment`
/// to an id of the target page). Also checks the search index's URLs, and that `atom.xml` and
/// `sitemap.xml`, when present, are well-formed XML whose URLs resolve under the base URL.
pub fn check_site(dir: &Path, base_url: Option<&str>) -> Problems {
    let site = files(dir);
    let mut problems = Vec::new();
    let mut pages: BTreeMap<String, Html> = BTreeMap::new();
    for (rel, bytes) in &site {
        if rel.ends_with(".html") {
            let text =
                String::from_utf8(bytes.clone()).unwrap_or_else(|_| panic!("{rel} is not UTF-8"));
            pages.insert(rel.clone(), parse_html(&text));
        }
    }
    let ids: BTreeMap<&str, BTreeSet<&str>> = pages
        .iter()
        .map(|(rel, html)| (rel.as_str(), html.ids().into_iter().collect()))
        .collect();
    let check_target = |from: &str, target: &str, problems: &mut Problems| {
        let (path, fragment) = target.split_once('#').unwrap_or((target, ""));
        let path = path.split_once('?').map_or(path, |(p, _)| p);
        let target_rel = if path.is_empty() {
            Some(from.to_string())
        } else {
            resolve(from, path)
        };
        let Some(target_rel) = target_rel else {
            problems.push(format!("{from}: `{target}` goes above the site root"));
            return;
        };
        let target_rel = if target_rel.is_empty() || target_rel.ends_with('/') {
            format!("{target_rel}index.html")
        } else {
            target_rel
        };
        if !site.contains_key(&target_rel) {
            problems.push(format!(
                "{from}: `{target}` -> `{target_rel}` does not exist"
            ));
            return;
        }
        if !fragment.is_empty()
            && let Some(page_ids) = ids.get(target_rel.as_str())
            && !page_ids.contains(fragment)
        {
            problems.push(format!(
                "{from}: `{target}`: no id `{fragment}` in `{target_rel}`"
            ));
        }
    };
    for (rel, html) in &pages {
        for e in &html.errors {
            problems.push(format!("{rel}: HTML parse error: {e}"));
        }
        let mut seen = BTreeSet::new();
        for id in html.ids() {
            if !seen.insert(id) {
                problems.push(format!("{rel}: duplicate id `{id}`"));
            }
        }
        for (link, line) in html.links() {
            if link.is_empty() {
                problems.push(format!("{rel}:{line}: empty link"));
                continue;
            }
            if is_external(link) {
                continue;
            }
            if link.starts_with('/') {
                problems.push(format!(
                    "{rel}:{line}: `{link}` is absolute: the site must work from disk"
                ));
                continue;
            }
            check_target(rel, link, &mut problems);
        }
    }
    if let Some(index) = site.get("static/search-index.js") {
        let text = String::from_utf8_lossy(index);
        let json = text
            .trim()
            .strip_prefix("window.DEBRIEF_SEARCH = ")
            .and_then(|t| t.strip_suffix(';'))
            .expect("search index shape");
        let entries: Vec<serde_json::Value> =
            serde_json::from_str(json).expect("search index is JSON");
        for e in &entries {
            let url = e["u"].as_str().expect("entry URL");
            // Search URLs are relative to the site root: resolve them from `index.html`.
            check_target("index.html", url, &mut problems);
        }
    }
    for xml in ["atom.xml", "sitemap.xml"] {
        let Some(bytes) = site.get(xml) else { continue };
        let text = String::from_utf8(bytes.clone()).expect("XML is UTF-8");
        let doc = match roxmltree::Document::parse(&text) {
            Ok(doc) => doc,
            Err(e) => {
                problems.push(format!("{xml}: not well-formed XML: {e}"));
                continue;
            }
        };
        let base = base_url.expect("a feed is written only with a base URL");
        let base = format!("{}/", base.trim_end_matches('/'));
        for node in doc.descendants() {
            let url = match node.tag_name().name() {
                "loc" => node.text(),
                "link" => node.attribute("href"),
                _ => None,
            };
            let Some(url) = url else { continue };
            match url.strip_prefix(&base) {
                Some(rel) => check_target("index.html", rel, &mut problems),
                None => problems.push(format!("{xml}: `{url}` is not under `{base}`")),
            }
        }
    }
    problems
}

fn is_external(link: &str) -> bool {
    let lower = link.to_ascii_lowercase();
    ["http://", "https://", "mailto:", "tel:"]
        .iter()
        .any(|p| lower.starts_with(p))
}

/// Resolves `link` relative to the directory of page `from` (both `/`-separated, relative to the
/// site root). `None` when it climbs above the root.
pub fn resolve(from: &str, link: &str) -> Option<String> {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    let trailing = link.ends_with('/');
    for seg in link.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let mut out = parts.join("/");
    if trailing && !out.is_empty() {
        out.push('/');
    }
    Some(out)
}
