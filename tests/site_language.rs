//! What a reader of the site meets in its language (issue 16, "the first hour"): every
//! front-matter value in words, never as written; amounts and dates formatted for French or
//! English; code in the checklist shown as code; the missions list; and, on a public build that
//! publishes nothing, how to publish.

mod support;

use debrief::diagnostic::Severity;
use debrief::journal::schema::{Channel, EndedBy, KNOWN_END_REASONS, Publish, Status};
use std::path::Path;
use support::TempBook;
use support::site::{build_ok, example_book, files, text};

const NNBSP: char = '\u{202F}';
const NBSP: char = '\u{A0}';

/// Every value a front matter (or the linter) gives the site that a reader must see in words.
fn raw_values() -> Vec<&'static str> {
    let mut all: Vec<&str> = Vec::new();
    all.extend(Status::ALL);
    all.extend(EndedBy::ALL);
    all.extend(Publish::ALL);
    all.extend(Channel::ALL);
    all.extend(KNOWN_END_REASONS);
    all.extend([Severity::Error, Severity::Warning, Severity::Info].map(Severity::as_str));
    all.sort_unstable();
    all.dedup();
    all
}

/// The few entities the templates write, decoded.
fn decode(s: &str) -> String {
    s.replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&#x2f;", "/")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The text a reader sees on a page that a template wrote, cut into its pieces (text between
/// tags, split at ` · ` and `→`). Left out: what is not shown (`<head>`, scripts, styles),
/// code (`<code>`, `<pre>`: a key or value named as written, on purpose), and the journals' own
/// text (a mission's body, a lesson's body, the home page's intro), which is the user's prose.
fn visible_pieces(html: &str) -> Vec<String> {
    let mut pieces = Vec::new();
    let body = html.find("<body").map_or(html, |at| &html[at..]);
    let mut rest = body;
    // Elements whose content is skipped, with the depth of same-named elements inside.
    let mut skipping: Option<(&str, usize)> = None;
    while let Some(lt) = rest.find('<') {
        if skipping.is_none() {
            let text = decode(&rest[..lt]);
            for piece in text.split(['·', '→', '\n']) {
                let piece = piece.trim();
                if !piece.is_empty() {
                    pieces.push(piece.to_string());
                }
            }
        }
        let gt = rest[lt..].find('>').map_or(rest.len(), |g| lt + g + 1);
        let tag = &rest[lt..gt];
        let name: String = tag
            .trim_start_matches(['<', '/'])
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        let closing = tag.starts_with("</");
        match &mut skipping {
            Some((skipped, depth)) if *skipped == name => {
                if closing {
                    if *depth == 0 {
                        skipping = None;
                    } else {
                        *depth -= 1;
                    }
                } else {
                    *depth += 1;
                }
            }
            Some(_) => {}
            None if !closing => {
                let user_text = name == "div"
                    && ["class=\"body\"", "class=\"intro\""]
                        .iter()
                        .any(|c| tag.contains(c));
                let skipped = ["script", "style", "code", "pre"]
                    .into_iter()
                    .find(|s| *s == name)
                    .or(user_text.then_some("div"));
                if let Some(s) = skipped {
                    skipping = Some((s, 0));
                }
            }
            None => {}
        }
        rest = &rest[gt..];
    }
    pieces
}

/// A copy of the example book in `dir`, in `language`.
fn example_in(dir: &Path, language: &str) -> std::path::PathBuf {
    let source = example_book();
    let toml = std::fs::read_to_string(source.join("book.toml")).unwrap();
    assert!(
        toml.contains("language = \"fr\""),
        "the example book is French"
    );
    std::fs::write(
        dir.join("book.toml"),
        toml.replace("language = \"fr\"", &format!("language = \"{language}\"")),
    )
    .unwrap();
    for (rel, bytes) in files(&source.join("content")) {
        let path = dir.join("content").join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    dir.to_path_buf()
}

#[test]
fn no_raw_value_shows_on_any_page_of_the_example_builds() {
    let out = tempfile::tempdir().unwrap();
    let english = tempfile::tempdir().unwrap();
    let raw = raw_values();
    assert!(raw.contains(&"rar") && raw.contains(&"case-study") && raw.contains(&"closed"));
    let mut found = Vec::new();
    let mut pages = 0;
    for (lang, book) in [
        ("fr", example_book()),
        ("en", example_in(english.path(), "en")),
    ] {
        for audience in ["private", "public"] {
            let dest = out.path().join(format!("{lang}-{audience}"));
            build_ok(&book, &dest, &["--audience", audience]);
            for (rel, bytes) in files(&dest) {
                if !rel.ends_with(".html") {
                    continue;
                }
                pages += 1;
                let html = String::from_utf8(bytes).unwrap();
                for piece in visible_pieces(&html) {
                    if raw.contains(&piece.as_str()) {
                        found.push(format!("{lang} {audience} {rel}: `{piece}`"));
                    }
                }
            }
        }
    }
    assert!(pages > 40, "the four example sites have pages: {pages}");
    assert!(
        found.is_empty(),
        "front-matter values shown as written:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_piece_finder_sees_a_raw_value_outside_code_and_bodies() {
    let html = "<body><p class=\"meta\">Client · 2025 · closed</p><div class=\"body\"><div>email</div> phone</div><code>rar</code><td>\nletter\n</td></body>";
    assert_eq!(
        visible_pieces(html),
        vec!["Client", "2025", "closed", "letter"]
    );
}

const BOOK_FR: &str = "[book]\ntitle = \"Carnet\"\nlanguage = \"fr\"\n";
const BOOK_EN: &str = "[book]\ntitle = \"Book\"\nlanguage = \"en\"\n";

/// A closed case study with every fact the facts panel shows, two invoices (one unpaid), and no
/// handover section (so the checklist names one in backticks).
const FACTS: &str = r#"---
title: "Refonte du site"
client: "Atelier Dupont"
client_alias: "un atelier"
start: 2026-03-01
end: 2026-03-05
status: closed
ended_by: client
end_reason: budget
tags: [web]
publish: case-study
contract: { termination_checked: 2026-02-01, notice_days: 1 }
notice: { given: 2026-03-01, channel: rar, confirmed_in_writing: 2026-03-02 }
invoices:
  - { number: "F-01", amount: 1800, issued: 2026-03-05, due: 2026-04-04, paid: 2026-03-20 }
  - { number: "F-02", amount: 12345.5, issued: 2026-03-05, due: 2026-04-04 }
case_study: { consent: 2026-03-10 }
---

## Contexte

Une refonte.
"#;

#[test]
fn the_private_view_reads_as_french() {
    let book = TempBook::with_toml(BOOK_FR);
    book.write("content/missions/2026/refonte.md", FACTS);
    let out = tempfile::tempdir().unwrap();
    build_ok(book.root(), out.path(), &["--audience", "private"]);
    let page = text(out.path(), "missions/refonte/index.html");
    for expected in [
        // Amounts: U+202F between thousands, U+00A0 before €; two decimals only when needed.
        format!("<td>1{NNBSP}800{NBSP}€</td>"),
        format!("<td>12{NNBSP}345,50{NBSP}€</td>"),
        // Dates in prose in the header and the facts, ISO in the invoices table.
        "Atelier Dupont · 1er mars 2026 → 5 mars 2026 · Terminée · Budget".into(),
        "<dt>Période</dt><dd>1er mars 2026 → 5 mars 2026</dd>".into(),
        "<dt>Préavis donné</dt><dd>1er mars 2026</dd>".into(),
        "<dt>Accord pour l’étude de cas</dt><dd>10 mars 2026</dd>".into(),
        "<td>F-01</td><td>1\u{202F}800\u{A0}€</td><td>2026-03-05</td><td>2026-04-04</td><td>2026-03-20</td>".into(),
        // Values in words.
        "<dt>Fin de la mission</dt><dd>À l’initiative du client</dd>".into(),
        "<dt>Moyen</dt><dd>Lettre recommandée avec accusé de réception</dd>".into(),
        "<dt>Préavis</dt><dd>1 jour</dd>".into(),
        "<td>Impayée</td>".into(),
        // Typography of the interface.
        format!("Vue privée{NBSP}: ne pas publier."),
        format!("Fin de mission{NBSP}: points ouverts"),
    ] {
        assert!(page.contains(&expected), "`{expected}` is missing:\n{page}");
    }
    // The facts panel (the checklist's messages are the linter's).
    let facts = &page[page.find("class=\"facts\"").unwrap()..];
    for absent in [
        "de le client",
        "1800",
        "12345",
        "€1",
        "Préavis (jours)",
        " :",
    ] {
        assert!(!facts.contains(absent), "`{absent}` in the facts:\n{facts}");
    }
    // The checklist shows code as code, never backticks.
    let checklist = text(out.path(), "checklist/index.html");
    for page in [&page, &checklist] {
        let diagnostics = &page[page.find("sev-").unwrap()..];
        assert!(
            !diagnostics.contains('`'),
            "backticks shown literally:\n{diagnostics}"
        );
    }
    assert!(
        checklist.contains("<code>closed</code>") || checklist.contains("<code>## "),
        "the checklist names a value or a heading as code:\n{checklist}"
    );
}

#[test]
fn the_private_view_reads_as_english() {
    let book = TempBook::with_toml(BOOK_EN);
    book.write("content/missions/2026/refonte.md", FACTS);
    let out = tempfile::tempdir().unwrap();
    build_ok(book.root(), out.path(), &["--audience", "private"]);
    let page = text(out.path(), "missions/refonte/index.html");
    for expected in [
        "<td>€1,800</td>",
        "<td>€12,345.50</td>",
        "Atelier Dupont · March 1, 2026 → March 5, 2026 · Closed · Budget",
        "<dt>Notice given</dt><dd>March 1, 2026</dd>",
        "<dt>How it ended</dt><dd>By the client</dd>",
        "<dt>Channel</dt><dd>Registered letter with acknowledgement of receipt</dd>",
        "<dt>Notice</dt><dd>1 day</dd>",
        "<td>Unpaid</td>",
    ] {
        assert!(page.contains(expected), "`{expected}` is missing:\n{page}");
    }
    assert!(!page.contains('\u{202F}'), "no French spacing in English");
}

/// A public build that publishes nothing: the home page and the missions list say how to.
#[test]
fn an_empty_public_build_explains_publish() {
    let out = tempfile::tempdir().unwrap();
    for (lang, toml, title, lines) in [
        (
            "fr",
            BOOK_FR,
            "Rien n’est encore publié",
            "ajoutez une de ces lignes à l’en-tête (front matter) de son journal (entre les lignes <code>---</code>)\u{a0}:",
        ),
        (
            "en",
            BOOK_EN,
            "Nothing is published yet",
            "add one of these lines to its journal’s front matter (between the <code>---</code> lines):",
        ),
    ] {
        let book = TempBook::with_toml(toml);
        // A private mission only: nothing to publish.
        book.write(
            "content/missions/a.md",
            "---\ntitle: \"A\"\nclient: \"Zqx Client\"\nstart: 2025-01-01\nstatus: active\n---\n\nTexte.\n",
        );
        let dest = out.path().join(lang);
        build_ok(book.root(), &dest, &["--audience", "public"]);
        // The key figures agree with their number: French says `0 mission`, English `0 missions`.
        let figure = if lang == "fr" {
            "<li><strong>0</strong> mission</li><li><strong>0</strong> terminée</li><li><strong>0</strong> étude de cas</li><li><strong>0</strong> leçon</li>"
        } else {
            "<li><strong>0</strong> missions</li><li><strong>0</strong> completed</li><li><strong>0</strong> case studies</li><li><strong>0</strong> lessons learned</li>"
        };
        let home = text(&dest, "index.html");
        assert!(
            home.contains(figure),
            "{lang}: `{figure}` is missing:\n{home}"
        );
        for rel in ["index.html", "missions/index.html"] {
            let page = text(&dest, rel);
            for expected in [
                title,
                lines,
                "<dt><code>publish: lessons</code></dt>",
                "<dt><code>publish: case-study</code></dt>",
                "<code>client_alias</code>",
                "<code>case_study.consent</code>",
                "<code>debrief build</code>",
            ] {
                assert!(
                    page.contains(expected),
                    "{lang} {rel}: `{expected}` is missing:\n{page}"
                );
            }
            assert!(
                !page.contains("Zqx"),
                "{lang} {rel}: the private mission shows"
            );
        }
        // The private view of the same book, and a public build that publishes something, do
        // not explain.
        let private = out.path().join(format!("{lang}-private"));
        build_ok(book.root(), &private, &["--audience", "private"]);
        assert!(!text(&private, "index.html").contains("publish-hint"));
        book.write("content/missions/b.md", FACTS);
        let published = out.path().join(format!("{lang}-published"));
        build_ok(book.root(), &published, &["--audience", "public"]);
        for rel in ["index.html", "missions/index.html"] {
            assert!(
                !text(&published, rel).contains("publish-hint"),
                "{lang} {rel}"
            );
        }
    }
}

#[test]
fn the_missions_list_shows_every_mission_in_private_and_the_case_studies_in_public() {
    let book = TempBook::with_toml(BOOK_FR);
    book.write("content/missions/2026/refonte.md", FACTS);
    book.write(
        "content/missions/2024/bilan.md",
        "---\ntitle: \"Bilan pour Zqx Beta\"\nclient: \"Zqx Beta\"\nstart: 2024-05-02\nend: 2024-09-30\nstatus: closed\nended_by: me\ntags: [seo]\npublish: lessons\n---\n\n## Leçons\n\nFacturer un acompte.\n",
    );
    book.write(
        "content/missions/2025/brouillon.md",
        "---\ntitle: \"Zqx Brouillon\"\nclient: \"Zqx Gamma\"\nstart: 2025-06-01\nstatus: active\ndraft: true\n---\n\nEn cours.\n",
    );
    let out = tempfile::tempdir().unwrap();
    let private = out.path().join("private");
    build_ok(book.root(), &private, &["--audience", "private"]);
    let list = text(&private, "missions/index.html");
    let rows: Vec<&str> = list.split("<tr data-status=").skip(1).collect();
    assert_eq!(rows.len(), 3, "every mission, newest first:\n{list}");
    for (row, expected) in rows.iter().zip([
        [
            "\"closed\" data-year=\"2026\"",
            "<a href=\"..&#x2f;missions&#x2f;refonte&#x2f;index.html\">Refonte du site</a>",
            "<td>Atelier Dupont</td>",
            "<time datetime=\"2026-03-01\">2026-03-01</time>",
            "<td>Étude de cas</td>",
        ],
        [
            "\"active\" data-year=\"2025\"",
            "Zqx Brouillon</a> <span class=\"badge draft\">Brouillon</span>",
            "<td>Zqx Gamma</td>",
            "<td>En cours</td>",
            "<td>Privée</td>",
        ],
        [
            "\"closed\" data-year=\"2024\"",
            "Bilan pour Zqx Beta</a>",
            "<time datetime=\"2024-09-30\">2024-09-30</time>",
            "<td>Terminée</td>",
            "<td>Leçons publiées</td>",
        ],
    ]) {
        for e in expected {
            assert!(row.contains(e), "`{e}` is missing from the row:\n{row}");
        }
    }
    for option in [
        "<option value=\"active\">En cours</option><option value=\"closed\">Terminée</option>",
        "<option value=\"2026\">2026</option><option value=\"2025\">2025</option><option value=\"2024\">2024</option>",
    ] {
        assert!(list.contains(option), "`{option}` is missing:\n{list}");
    }
    // Without JavaScript the filter is hidden and every row shows; the script is on the page.
    assert!(list.contains(
        "<div class=\"mission-filter\" role=\"group\" aria-label=\"Filtrer les missions\" hidden>"
    ));
    assert!(!list.contains("<tr hidden") && !list.contains("<tr data-status=\"closed\" hidden"));
    assert!(list.contains("<script src=\"..&#x2f;static/missions.js\"></script>"));
    assert!(private.join("static/missions.js").is_file());
    // Every page links to it.
    for rel in [
        "index.html",
        "lessons/index.html",
        "missions/refonte/index.html",
    ] {
        let page = text(&private, rel);
        assert!(
            page.contains("missions&#x2f;index.html\">Missions</a>"),
            "{rel} links to the list"
        );
    }
    assert!(text(&private, "missions/index.html").contains(
        "<a href=\"..&#x2f;missions&#x2f;index.html\" aria-current=\"page\">Missions</a>"
    ));

    // In public: the case study only, under its alias, without its publication column.
    let public = out.path().join("public");
    build_ok(book.root(), &public, &["--audience", "public"]);
    let list = text(&public, "missions/index.html");
    assert_eq!(list.matches("<tr data-status=").count(), 1, "{list}");
    for expected in [
        "Refonte du site</a>",
        "<td>un atelier</td>",
        "<td>Terminée</td>",
        "Les missions publiées comme études de cas.",
    ] {
        assert!(list.contains(expected), "`{expected}` is missing:\n{list}");
    }
    for absent in [
        "Zqx",
        "Atelier Dupont",
        "Publication",
        "2024",
        "2025",
        "En cours",
    ] {
        assert!(!list.contains(absent), "`{absent}` in public:\n{list}");
    }
}
