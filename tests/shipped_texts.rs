//! The texts debrief ships, read as a French reader and as the journal format reads them: the
//! French part of every rule's documentation (typography, vocabulary), the headings `explain`
//! and `rules` print around it, and the example book at the repository root.

mod support;

use std::path::{Path, PathBuf};
use support::{debrief, run};

const NBSP: char = '\u{a0}';
const NNBSP: char = '\u{202f}';

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every documentation file, by stem: the rules' and the custom elements'.
fn docs() -> Vec<(String, String)> {
    let dir: PathBuf = root().join("src/diagnostic/docs");
    let mut docs: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .map(|p| {
            let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
            (stem, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    docs.sort();
    assert!(docs.len() > 30, "{dir:?}");
    docs
}

/// The French part of a documentation file.
fn french(doc: &str) -> &str {
    let start = doc.find("<!-- fr -->").expect("a French part") + "<!-- fr -->".len();
    let end = doc.find("<!-- en -->").expect("an English part");
    &doc[start..end]
}

/// The prose lines of Markdown (1-based numbers): outside fenced code and HTML comments, with
/// inline code spans replaced by `CODE` (code is what the reader types, not French prose).
fn prose(md: &str) -> Vec<(usize, String)> {
    let mut fenced = false;
    let mut lines = Vec::new();
    for (i, line) in md.lines().enumerate() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if fenced || line.trim_start().starts_with("<!--") {
            continue;
        }
        let mut out = String::new();
        for (j, part) in line.split('`').enumerate() {
            out.push_str(if j % 2 == 1 { "CODE" } else { part });
        }
        lines.push((i + 1, out));
    }
    lines
}

/// What breaks French typography in one line of prose: a missing no-break space before
/// « : ; ? ! » or inside « », an amount in euros without its narrow no-break spaces.
fn typography(line: &str) -> Vec<String> {
    let chars: Vec<char> = line.chars().collect();
    let mut problems = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        let before = i.checked_sub(1).map(|j| chars[j]);
        let after = chars.get(i + 1).copied();
        let context: String = chars[i.saturating_sub(12)..(i + 4).min(chars.len())]
            .iter()
            .collect();
        let spaced = |ch: Option<char>| matches!(ch, Some(NBSP) | Some(NNBSP));
        match c {
            ':' | ';' | '?' | '!' if !spaced(before) => {
                problems.push(format!("no no-break space before {c:?}: {context:?}"))
            }
            '«' if after != Some(NBSP) => {
                problems.push(format!("no no-break space after «: {context:?}"))
            }
            '»' if before != Some(NBSP) => {
                problems.push(format!("no no-break space before »: {context:?}"))
            }
            '€' => {
                if before != Some(NBSP) {
                    problems.push(format!("no no-break space before €: {context:?}"));
                }
                // The digits before the space before €, and how they are grouped.
                let end = i.saturating_sub(1);
                let run = chars[..end]
                    .iter()
                    .rev()
                    .take_while(|d| d.is_ascii_digit())
                    .count();
                let start = end - run;
                let grouped_with_a_space = run == 3
                    && start >= 2
                    && chars[start - 1] == ' '
                    && chars[start - 2].is_ascii_digit();
                if run > 3 || grouped_with_a_space {
                    problems.push(format!("thousands not separated by U+202F: {context:?}"));
                }
            }
            _ => {}
        }
    }
    problems
}

/// What breaks the vocabulary of the French docs, in one documentation's French part.
fn vocabulary(fr: &str) -> Vec<String> {
    let lower = fr.to_lowercase();
    let mut problems = Vec::new();
    for banned in [
        "mise sous silence",
        "mises sous silence",
        "console de recherche",
        "publication",
    ] {
        if lower.contains(banned) {
            problems.push(format!("« {banned} »"));
        }
    }
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .collect();
    if words.iter().any(|w| *w == "livre" || *w == "livres") {
        problems.push("« livre » for the book: it is a « carnet »".into());
    }
    // « l’en-tête (front matter) » the first time, « l’en-tête » after.
    let front_matter: Vec<usize> = lower
        .match_indices("front matter")
        .map(|(i, _)| i)
        .collect();
    if front_matter.len() > 1 {
        problems.push("« front matter » more than once: « l’en-tête » after the first".into());
    }
    if let Some(&at) = front_matter.first()
        && !lower[..at].ends_with("en-tête (")
    {
        problems.push("« front matter » not as « en-tête (front matter) »".into());
    }
    if let Some(first) = lower.find("en-tête")
        && !lower[first..].starts_with("en-tête (front matter)")
    {
        problems.push("the first « en-tête » does not say « (front matter) »".into());
    }
    for (n, line) in prose(fr) {
        if line.starts_with("- **Gravité") && (line.contains("warning") || line.contains("error"))
        {
            problems.push(format!("line {n}: severity in English: {line}"));
        }
    }
    problems
}

/// All the problems of one documentation file's French part.
fn problems(doc: &str) -> Vec<String> {
    let fr = french(doc);
    let mut all = vocabulary(fr);
    for (n, line) in prose(fr) {
        all.extend(
            typography(&line)
                .into_iter()
                .map(|p| format!("line {n}: {p}")),
        );
    }
    all
}

#[test]
fn the_checks_see_what_they_look_for() {
    assert_eq!(
        typography("Gravité\u{a0}: erreur\u{a0}; «\u{a0}oui\u{a0}»\u{a0}!"),
        Vec::<String>::new()
    );
    assert_eq!(
        typography("Montant\u{a0}: 1\u{202f}800\u{a0}€ et 40\u{a0}€"),
        Vec::<String>::new()
    );
    assert_eq!(typography("a : b").len(), 1);
    assert_eq!(typography("a: b").len(), 1);
    assert_eq!(typography("vraiment ?").len(), 1);
    assert_eq!(typography("« oui »").len(), 2);
    assert_eq!(typography("1800\u{a0}€").len(), 1);
    assert_eq!(typography("1 800\u{a0}€").len(), 1);
    assert_eq!(typography("40 €").len(), 1);
    // Code is not prose.
    assert_eq!(
        prose("a `b : c` d\n```\ne : f\n```\n<!-- g : h -->\n")[0].1,
        "a CODE d"
    );
    assert_eq!(prose("```\ne : f\n```\n<!-- g : h -->\n"), vec![]);
    let doc = |fr: &str| format!("<!-- fr -->\n{fr}\n<!-- en -->\nEnglish: here.\n");
    assert_eq!(
        problems(&doc(
            "# Un en-tête (front matter) sans souci\nL’en-tête du carnet."
        )),
        Vec::<String>::new()
    );
    for bad in [
        "Une règle mise sous silence.",
        "La Console de recherche.",
        "Dans la publication.",
        "Tout le livre.",
        "La front matter.",
        "L’en-tête (front matter), puis la front matter.",
        "L’en-tête, puis l’en-tête (front matter).",
        "- **Gravité\u{a0}:** warning.",
    ] {
        assert_eq!(
            problems(&doc(bad)).len(),
            1,
            "{bad}: {:?}",
            problems(&doc(bad))
        );
    }
    assert!(vocabulary("Les livrables sont livrés.").is_empty());
}

#[test]
fn every_rule_doc_writes_french_for_french_readers() {
    let mut failures = Vec::new();
    for (id, doc) in docs() {
        for p in problems(&doc) {
            failures.push(format!("src/diagnostic/docs/{id}.md (fr): {p}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `debrief ARGS` outside any book (the example book at the root has a custom element).
fn outside_a_book(args: &[&str]) -> support::Run {
    let dir = tempfile::tempdir().unwrap();
    run(debrief().current_dir(dir.path()).args(args))
}

/// `debrief rules --format json`: the id and machine severity of every built-in rule.
fn catalog() -> Vec<(String, String)> {
    let out = outside_a_book(&["--lang", "fr", "rules", "--format", "json"]);
    assert_eq!(out.code, 0, "{out:?}");
    let items: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["id"].as_str().unwrap().to_string(),
                i["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn french_severity(machine: &str) -> &'static str {
    match machine {
        "error" => "erreur",
        "warning" => "avertissement",
        "info" => "info",
        other => panic!("unknown severity {other}"),
    }
}

#[test]
fn explain_and_rules_print_french_severities_with_french_typography() {
    let catalog = catalog();
    assert!(catalog.len() >= 30, "{catalog:?}");
    for (id, severity) in &catalog {
        let out = outside_a_book(&["--lang", "fr", "explain", id]);
        assert_eq!(out.code, 0, "{out:?}");
        let second = out.stdout.lines().nth(1).unwrap();
        let expected = format!(
            "gravité\u{a0}: {}    s’applique à\u{a0}: ",
            french_severity(severity)
        );
        assert!(second.starts_with(&expected), "{id}: {second:?}");
    }
    let md = outside_a_book(&["--lang", "fr", "rules", "--format", "markdown"]);
    assert_eq!(md.code, 0, "{md:?}");
    assert!(
        md.stdout
            .contains("| règle | gravité | s’applique à | vérifie |\n"),
        "{}",
        md.stdout
    );
    for (id, severity) in &catalog {
        let row = format!("| [`{id}`](#{id}) | {} | ", french_severity(severity));
        assert!(md.stdout.contains(&row), "{row}");
        let heading = md
            .stdout
            .split(&format!("\n### `{id}`\n\n"))
            .nth(1)
            .and_then(|rest| rest.lines().next())
            .unwrap_or_else(|| panic!("no section for {id}"));
        let detail = format!(
            " — gravité\u{a0}: {} — s’applique à\u{a0}: ",
            french_severity(severity)
        );
        assert!(heading.contains(&detail), "{id}: {heading:?}");
    }
    let table = outside_a_book(&["--lang", "fr", "rules"]);
    let access = table
        .stdout
        .lines()
        .find(|l| l.starts_with("access-open "))
        .unwrap();
    assert!(access.contains(" avertissement "), "{access}");
    assert!(table.stdout.starts_with("RÈGLE "), "{table:?}");
}

#[test]
fn the_example_book_follows_the_journal_format() {
    let out = run(debrief()
        .env("DEBRIEF_TODAY", "2026-11-29")
        .arg("--book")
        .arg(root())
        .args(["--lang", "en", "lint", "--format", "json"]));
    let report: support::report::Report = serde_json::from_str(&out.stdout).expect("a JSON report");
    assert!(report.summary.files >= 14, "{report:#?}");
    let mut wrong = Vec::new();
    for d in &report.diagnostics {
        let structural = d.rule.starts_with("front-matter-")
            || d.rule.starts_with("field-")
            || d.rule == "file-unreadable"
            || d.rule == "body-too-deep"
            || d.rule == "duplicate-slug";
        if !structural {
            continue;
        }
        wrong.push(format!("{}:{} {} {}", d.path, d.line, d.rule, d.message));
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // What the example teaches with the keys of version 2.
    let missions = root().join("content/missions");
    let mut text = String::new();
    for year in std::fs::read_dir(&missions).unwrap() {
        for file in std::fs::read_dir(year.unwrap().path()).unwrap() {
            text.push_str(&std::fs::read_to_string(file.unwrap().path()).unwrap());
        }
    }
    for needle in [
        "client_kind: consumer",
        "deposit:",
        "formal_notice:",
        "reminded:",
        "hold:",
        "returned:",
    ] {
        assert!(text.contains(needle), "the example book has no `{needle}`");
    }
}
