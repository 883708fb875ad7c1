//! A site built through the binary (`debrief build`) and read back: its files as bytes, its
//! paths, and `check_site`, which parses every page and checks its links, ids, search index and
//! feeds.

use super::debrief;
use super::html::{Html, parse_html};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Output;

/// The example book at the repository root.
pub fn example_book() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `debrief --book ROOT build --dest DEST --today 2026-11-23 ARGS…`.
pub fn build(root: &Path, dest: &Path, args: &[&str]) -> Output {
    debrief()
        .arg("--book")
        .arg(root)
        .arg("build")
        .arg("--dest")
        .arg(dest)
        .args(["--today", super::TODAY])
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
