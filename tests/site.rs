//! `debrief build` end to end, through the binary: what a public site may show (the leak test),
//! deterministic and atomic output, theme overrides, interface language, links and HTML validity
//! of the example book's sites, Markdown rendering, and what the command prints.

mod support;

use std::path::Path;
use support::html::parse_html;
use support::site::{build, build_ok, check_site, example_book, files, paths, slug, text};
use support::{TempBook, debrief};

const BOOK_FR: &str = "[book]\ntitle = \"Carnet de test\"\nlanguage = \"fr\"\n\n[site]\nbase-url = \"https://example.org/carnet/\"\n";

/// A public case study with consent and an alias; its file name, title, headings and body name
/// the client; its front matter and private sections are full of secrets.
const CASE_STUDY: &str = r#"---
title: "Refonte du site de ZQCLIENTALPHA Sarl"
client: "ZQCLIENTALPHA Sarl"
client_alias: "un artisan"
start: 2025-01-10
end: 2025-06-30
status: closed
ended_by: client
end_reason: zqreasonunknown
tags: [web, refonte]
publish: case-study
contract: { termination_checked: 2029-02-11, notice_days: 30 }
notice: { given: 2029-03-17, channel: phone, confirmed_in_writing: 2029-03-18 }
invoices:
  - { number: "ZQINVALPHA-01", amount: 98765.43, issued: 2030-05-06, due: 2030-06-05, paid: 2030-06-21, rar: "ZQRAR7731" }
feedback: { requested: 2032-01-02, received: 2032-01-03 }
recommendation: { requested: 2032-02-04, received: 2032-02-05 }
case_study: { consent: 2028-04-09 }
rgpd: { notified: 2031-07-19, deleted: 2031-08-23 }
---

## Contexte

ZQCLIENTALPHA Sarl voulait un site neuf. PUBLICCASESTUDYTEXT : la refonte complète.
<!-- ZQCOMMENTSECRET : ne pas publier -->
Voir aussi [l'autre chantier](zqprivateslug.md) et [la console][zqref].

## Chez zqclientalpha sarl

Le travail avec ZQCLIENTALPHA SARL s'est bien passé. Nous avons livré ZQCLIENTALPHA
Sarl en juin, avant la saison.

## Accès

- [x] ZQTOOLACCESS : mon accès retiré
- [ ] ZQTOOLOPEN : encore ouvert

[zqref]: https://zqrefurl.example/admin

## RGPD

ZQRGPDBODY les données ont été supprimées.

## Factures

ZQFACTURESBODY facture réglée.

## Retour client

Très satisfait du résultat.

## Leçons

PUBLICLESSONTEXT alpha : cadrer le périmètre.
"#;

/// A private mission, linked to from the case study.
const PRIVATE: &str = r#"---
title: "ZQPRIVATETITLE mission confidentielle"
client: "ZQCLIENTGAMMA SA"
client_alias: "ZQALIASGAMMA"
start: 2025-02-01
status: active
tags: [zqprivatetag]
publish: private
---

## Journal

ZQPRIVATEBODY tout est secret.

## Leçons

ZQPRIVATELESSON rien à publier.
"#;

/// A `publish: lessons` mission without an alias: only its lessons section is public, with the
/// client's name replaced; its file name and title name the client.
const LESSONS: &str = r#"---
title: "ZQLESSONSTITLE pour ZQCLIENTBETA SAS"
client: "ZQCLIENTBETA SAS"
start: 2024-03-01
end: 2024-09-30
status: closed
ended_by: me
end_reason: zqreasonbeta
tags: [seo]
publish: lessons
invoices:
  - { number: "ZQINVBETA-02", amount: 87654.32, issued: 2030-07-08, due: 2030-08-07, rar: "ZQRAR8842" }
---

## Journal

### 2024-03-01 — Lancement

ZQLESSONSJOURNAL audit chez ZQCLIENTBETA SAS.

## Leçons

Chez ZQCLIENTBETA SAS, PUBLICLESSONTEXT beta : écrire le devis. Pour ZQCLIENTBETA
  SAS comme pour les autres.

### Accès

- [ ] ZQNESTEDACCESS : compte encore actif
"#;

/// A case study without consent: treated as private.
const NO_CONSENT: &str = r#"---
title: "ZQNOCONSENTTITLE"
client: "ZQCLIENTDELTA"
client_alias: "une école"
start: 2025-04-01
status: active
tags: [zqnoconsenttag]
publish: case-study
---

ZQNOCONSENTBODY en cours.

## Leçons

ZQNOCONSENTLESSON à garder.
"#;

/// A case study with consent but no alias: treated as private.
const NO_ALIAS: &str = r#"---
title: "ZQNOALIASTITLE"
client: "ZQCLIENTZETA"
start: 2025-05-01
status: active
publish: case-study
case_study: { consent: 2025-05-02 }
---

ZQNOALIASBODY en cours.
"#;

/// A draft case study: left out of the public build unless `--drafts`.
const DRAFT: &str = r#"---
title: "ZQDRAFTTITLE"
client: "ZQCLIENTEPSILON"
client_alias: "une association"
start: 2025-03-01
status: active
tags: [zqdrafttag]
publish: case-study
draft: true
case_study: { consent: 2025-03-02 }
---

ZQDRAFTBODY pas encore prêt.
"#;

fn secret_book() -> TempBook {
    let book = TempBook::with_toml(BOOK_FR);
    book.file("content/missions/2025/zqclientalpha-refonte.md", CASE_STUDY)
        .file("content/missions/2025/zqprivateslug.md", PRIVATE)
        .file("content/missions/2024/zqclientbeta-bilan.md", LESSONS)
        .file("content/missions/2025/etude-sans-accord.md", NO_CONSENT)
        .file("content/missions/2025/etude-sans-alias.md", NO_ALIAS)
        .file("content/missions/2025/brouillon.md", DRAFT);
    book
}

/// Every private fact of `secret_book`, which the private site shows somewhere.
const SHOWN_IN_PRIVATE: &[&str] = &[
    // Client names (the distinctive word, so a partial name is caught too).
    "ZQCLIENTALPHA",
    "ZQCLIENTBETA",
    "ZQCLIENTGAMMA",
    "ZQCLIENTDELTA",
    "ZQCLIENTEPSILON",
    "ZQCLIENTZETA",
    // Invoices: amounts as the site prints them (`98 765,43 €`, U+202F between thousands, U+00A0
    // before €), numbers, registered letters, dates (ISO in the invoices table).
    "98\u{202F}765,43\u{A0}€",
    "87\u{202F}654,32\u{A0}€",
    "ZQINVALPHA",
    "ZQINVBETA",
    "ZQRAR7731",
    "ZQRAR8842",
    "2030-05-06",
    "2030-06-05",
    "2030-06-21",
    "2030-07-08",
    "2030-08-07",
    // Access, RGPD, notice, contract, feedback, recommendation, consent (dates in prose in the
    // facts panel).
    "ZQTOOLACCESS",
    "ZQTOOLOPEN",
    "ZQREFURL",
    "19 juillet 2031",
    "23 août 2031",
    "11 février 2029",
    "17 mars 2029",
    "18 mars 2029",
    "2 janvier 2032",
    "3 janvier 2032",
    "4 février 2032",
    "5 février 2032",
    "9 avril 2028",
    // Private sections' text.
    "ZQRGPDBODY",
    "ZQFACTURESBODY",
    "ZQNESTEDACCESS",
    // Private missions, a lessons mission's title and journal, unpublishable case studies.
    "ZQPRIVATETITLE",
    "ZQPRIVATEBODY",
    "ZQPRIVATELESSON",
    "zqprivatetag",
    "zqprivateslug",
    "ZQLESSONSTITLE",
    "ZQLESSONSJOURNAL",
    "ZQNOCONSENTTITLE",
    "ZQNOCONSENTBODY",
    "ZQNOCONSENTLESSON",
    "zqnoconsenttag",
    "ZQNOALIASTITLE",
    "ZQNOALIASBODY",
    "ZQDRAFTTITLE",
    "ZQDRAFTBODY",
    "zqdrafttag",
    // Unknown end reasons are free text.
    "zqreasonunknown",
    "zqreasonbeta",
];

/// Private facts the private site does not show either, and other forms of the ones above.
const NEVER_SHOWN: &[&str] = &[
    "98765,43",
    "98 765,43",
    "98765.43",
    "98765",
    "98,765.43",
    "87654,32",
    "87654.32",
    "87654",
    "2031-07-19",
    "2031-08-23",
    "2029-02-11",
    "2029-03-17",
    "2029-03-18",
    "2032-01-02",
    "2032-01-03",
    "2032-02-04",
    "2032-02-05",
    "2028-04-09",
    "juillet 2031",
    "août 2031",
    "février 2029",
    "mars 2029",
    "janvier 2032",
    "février 2032",
    "avril 2028",
    "ZQALIASGAMMA",
    "ZQCOMMENTSECRET",
];

/// Whether `html` holds `text`, with its apostrophes written as they are or as entities.
fn contains_text(html: &str, text: &str) -> bool {
    ["'", "&#39;", "&#x27;"]
        .iter()
        .any(|q| html.contains(&text.replace('\'', q)))
}

/// Where `needle` (case-insensitive) occurs in a site: file contents and file names.
fn occurrences(site: &Path, needle: &str) -> Vec<String> {
    let needle = needle.to_lowercase();
    let mut found = Vec::new();
    for (rel, bytes) in files(site) {
        let lower = String::from_utf8_lossy(&bytes).to_lowercase();
        if let Some(at) = lower.find(&needle) {
            let from = lower[..at]
                .char_indices()
                .rev()
                .nth(60)
                .map_or(0, |(i, _)| i);
            let to = lower[at..]
                .char_indices()
                .nth(needle.chars().count() + 60)
                .map_or(lower.len(), |(i, _)| at + i);
            found.push(format!("{rel}: …{}…", &lower[from..to]));
        }
    }
    for rel in paths(site) {
        if rel.to_lowercase().contains(&needle) {
            found.push(format!("path {rel}"));
        }
    }
    found
}

#[test]
fn a_public_build_leaks_no_private_fact() {
    let book = secret_book();
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    let (_, stderr) = build_ok(book.root(), &public, &["--audience", "public"]);
    assert!(
        stderr.contains("etude-sans-accord.md") && stderr.contains("etude-sans-alias.md"),
        "case studies without consent or alias are announced as private:\n{stderr}"
    );

    let mut leaks = Vec::new();
    for marker in SHOWN_IN_PRIVATE.iter().chain(NEVER_SHOWN) {
        for form in [marker.to_string(), slug(marker)] {
            for place in occurrences(&public, &form) {
                leaks.push(format!("`{form}` in {place}"));
            }
        }
    }
    // Every secret starts with `zq`: nothing of that shape may be in the public site at all.
    for place in occurrences(&public, "zq") {
        leaks.push(format!("`zq` in {place}"));
    }
    leaks.dedup();
    assert!(
        leaks.is_empty(),
        "the public site leaks:\n{}",
        leaks.join("\n")
    );

    // The static files and the feed are there, so the walk above covered them.
    for rel in [
        "index.html",
        "404.html",
        "atom.xml",
        "sitemap.xml",
        "static/search-index.js",
        "lessons/index.html",
        "case-studies/index.html",
        "missions/index.html",
    ] {
        assert!(public.join(rel).is_file(), "{rel} is missing");
    }
    assert!(!public.join("checklist").exists(), "no checklist in public");

    // What the public site does show: the case study under its alias, the lessons.
    let missions: Vec<String> = paths(&public)
        .into_iter()
        .filter(|p| p.starts_with("missions/") && p.ends_with("/index.html"))
        .filter(|p| p != "missions/index.html")
        .collect();
    assert_eq!(
        missions,
        vec!["missions/refonte-du-site-de-un-artisan/index.html".to_string()],
        "only the case study has a page, at an address made from its title once the alias replaces the client"
    );
    let page = text(&public, &missions[0]);
    for expected in [
        "un artisan",
        "PUBLICCASESTUDYTEXT",
        "Refonte du site de un artisan",
        "Chez un artisan",
        "Le travail avec un artisan s'est bien passé",
        "Très satisfait du résultat",
        "PUBLICLESSONTEXT alpha",
        "l'autre chantier",
        "la console",
    ] {
        assert!(
            contains_text(&page, expected),
            "`{expected}` is missing from the case study page:\n{page}"
        );
    }
    assert!(
        !page.contains("private-banner"),
        "no private banner in public"
    );
    let lessons = text(&public, "lessons/index.html");
    for expected in [
        "PUBLICLESSONTEXT alpha",
        "PUBLICLESSONTEXT beta",
        "Chez le client, PUBLICLESSONTEXT beta",
    ] {
        assert!(
            lessons.contains(expected),
            "`{expected}` is missing:\n{lessons}"
        );
    }
    // The public missions list: the case study, under its alias, as its own page shows it.
    let list = text(&public, "missions/index.html");
    for expected in [
        "<a href=\"..&#x2f;missions&#x2f;refonte-du-site-de-un-artisan&#x2f;index.html\">Refonte du site de un artisan</a>",
        "<td>un artisan</td>",
        "<time datetime=\"2025-01-10\">2025-01-10</time>",
        "<td>Terminée</td>",
        "<option value=\"closed\">Terminée</option>",
        "<option value=\"2025\">2025</option>",
    ] {
        assert!(list.contains(expected), "`{expected}` is missing:\n{list}");
    }
    assert_eq!(list.matches("<tr data-status").count(), 1, "{list}");
    for absent in ["Publication", "En cours", "2024"] {
        assert!(
            !list.contains(absent),
            "`{absent}` in the public list:\n{list}"
        );
    }
    let index = text(&public, "static/search-index.js");
    for word in ["publiccasestudytext", "publiclessontext", "artisan"] {
        assert!(index.contains(word), "`{word}` is not searchable:\n{index}");
    }

    // The same book built for its author shows every secret: the markers are real.
    let private = out.path().join("private");
    build_ok(book.root(), &private, &["--audience", "private"]);
    let missing: Vec<&&str> = SHOWN_IN_PRIVATE
        .iter()
        .filter(|m| occurrences(&private, m).is_empty())
        .collect();
    assert!(
        missing.is_empty(),
        "the private site should show these: {missing:?}"
    );
    assert!(text(&private, "index.html").contains("private-banner"));
}

#[test]
fn drafts_are_marked_in_private_and_published_only_with_the_flag() {
    let book = secret_book();
    let out = tempfile::tempdir().unwrap();

    let private = out.path().join("private");
    build_ok(book.root(), &private, &["--audience", "private"]);
    let page = text(&private, "missions/brouillon/index.html");
    assert!(
        page.contains("ZQDRAFTTITLE") && page.contains("badge draft"),
        "{page}"
    );
    assert!(
        page.contains("Brouillon"),
        "the draft badge is in the book's language"
    );

    let public = out.path().join("public");
    build_ok(book.root(), &public, &["--audience", "public"]);
    assert!(occurrences(&public, "ZQDRAFT").is_empty());

    let with_drafts = out.path().join("with-drafts");
    build_ok(
        book.root(),
        &with_drafts,
        &["--audience", "public", "--drafts"],
    );
    assert!(
        !occurrences(&with_drafts, "ZQDRAFTBODY").is_empty(),
        "--drafts publishes the draft case study"
    );
    assert!(
        occurrences(&with_drafts, "ZQCLIENTEPSILON").is_empty(),
        "a published draft still hides its client"
    );
}

#[test]
fn the_checklist_exists_only_in_private_and_lists_open_items_by_rule() {
    let book = secret_book();
    let out = tempfile::tempdir().unwrap();
    let private = out.path().join("private");
    build_ok(book.root(), &private, &["--audience", "private"]);
    let checklist = text(&private, "checklist/index.html");
    assert!(
        checklist.contains("access-open") && checklist.contains("ZQTOOLOPEN"),
        "open items are listed with their rule id:\n{checklist}"
    );
    let links_to_checklist = |site: &Path| {
        parse_html(&text(site, "index.html"))
            .links()
            .iter()
            .any(|(l, _)| l.contains("checklist/"))
    };
    assert!(
        links_to_checklist(&private),
        "the private navigation links to the checklist"
    );
    let mission = text(&private, "missions/zqclientalpha-refonte/index.html");
    assert!(
        mission.contains("access-open"),
        "each mission page has its items"
    );

    let public = out.path().join("public");
    build_ok(book.root(), &public, &["--audience", "public"]);
    assert!(!public.join("checklist").exists());
    assert!(!links_to_checklist(&public));
    for (rel, bytes) in files(&public) {
        let s = String::from_utf8_lossy(&bytes);
        assert!(
            !s.contains("access-open") && !s.contains("feedback-missing"),
            "{rel} shows lint results in public"
        );
    }
}

#[test]
fn builds_are_deterministic() {
    let out = tempfile::tempdir().unwrap();
    let secret = secret_book();
    for (root, audience) in [
        (example_book(), "private"),
        (example_book(), "public"),
        (secret.root().to_path_buf(), "private"),
    ] {
        let a = out.path().join(format!("{audience}-a"));
        let b = out.path().join(format!("{audience}-b"));
        build_ok(&root, &a, &["--audience", audience]);
        build_ok(&root, &b, &["--audience", audience]);
        let (fa, fb) = (files(&a), files(&b));
        assert_eq!(
            fa.keys().collect::<Vec<_>>(),
            fb.keys().collect::<Vec<_>>(),
            "same files ({audience})"
        );
        for (rel, bytes) in &fa {
            assert!(
                bytes == &fb[rel],
                "{rel} differs between two {audience} builds"
            );
        }
        std::fs::remove_dir_all(&a).unwrap();
        std::fs::remove_dir_all(&b).unwrap();
    }
}

fn staging_dirs(parent: &Path) -> Vec<String> {
    std::fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".debrief-tmp-"))
        .collect()
}

#[test]
fn a_failed_build_leaves_the_previous_site_untouched() {
    let book = secret_book();
    let out = tempfile::tempdir().unwrap();
    let dest = out.path().join("site");
    build_ok(book.root(), &dest, &["--audience", "private"]);
    let before = files(&dest);
    assert!(before.contains_key("index.html"));

    book.file(
        "theme/templates/mission.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ mission.title }}</h1>\n{% if mission.draft %}\n{% endblock %}\n",
    );
    let failed = build(book.root(), &dest, &["--audience", "private"]);
    assert_eq!(failed.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&failed.stderr);
    let at = stderr
        .find("mission.html:")
        .unwrap_or_else(|| panic!("the error names the template:\n{stderr}"));
    let line: String = stderr[at + "mission.html:".len()..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let line: u32 = line
        .parse()
        .unwrap_or_else(|_| panic!("the error gives a line:\n{stderr}"));
    assert!((4..=5).contains(&line), "line {line}:\n{stderr}");
    assert!(stderr.contains("theme/templates/mission.html"), "{stderr}");

    assert!(files(&dest) == before, "the previous site is untouched");
    assert_eq!(staging_dirs(out.path()), Vec::<String>::new());
    assert_eq!(
        std::fs::read_dir(out.path()).unwrap().count(),
        1,
        "nothing but the site next to it: {:?}",
        paths(out.path())
    );

    // Fixed, the next build replaces the site and leaves no staging directory either.
    std::fs::remove_file(book.root().join("theme/templates/mission.html")).unwrap();
    build_ok(book.root(), &dest, &["--audience", "public"]);
    assert!(!dest.join("checklist").exists(), "the site was replaced");
    assert_eq!(staging_dirs(out.path()), Vec::<String>::new());
}

/// Every entry under `dir` (files and directories), recursively, relative and `/`-separated.
fn tree(dir: &Path) -> Vec<String> {
    let mut all: Vec<String> = walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .map(|e| {
            let e = e.unwrap();
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy();
            format!("{rel}{}", if e.file_type().is_dir() { "/" } else { "" })
        })
        .collect();
    all.sort();
    all
}

/// The site at `dest` is exactly what a build into an empty directory writes: same entries,
/// same bytes.
fn same_as_fresh(root: &Path, dest: &Path, args: &[&str]) {
    let fresh = tempfile::tempdir().unwrap();
    let fresh = fresh.path().join("site");
    build_ok(root, &fresh, args);
    assert_eq!(tree(dest), tree(&fresh), "same entries as a fresh build");
    assert!(files(dest) == files(&fresh), "same bytes as a fresh build");
}

#[cfg(unix)]
fn inode(path: &Path) -> u64 {
    std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(path).unwrap())
}

#[test]
#[cfg(unix)]
fn a_rebuild_writes_only_what_changed_and_leaves_exactly_the_new_site() {
    let book = secret_book();
    let out = tempfile::tempdir().unwrap();
    let dest = out.path().join("site");
    let private = ["--audience", "private"];
    build_ok(book.root(), &dest, &private);
    let kept = format!("missions/{}/index.html", slug("etude-sans-accord"));
    let (ino, modified) = (
        inode(&dest.join(&kept)),
        std::fs::metadata(dest.join(&kept))
            .unwrap()
            .modified()
            .unwrap(),
    );

    // A mission renamed, one deleted, one added: the site replaced keeps no page of them.
    let lessons = "content/missions/2024/zqclientbeta-bilan.md";
    let changed = std::fs::read_to_string(book.root().join(lessons)).unwrap();
    book.file(lessons, changed.replacen("title: ", "title: ZQRENAMED ", 1));
    std::fs::remove_file(book.root().join("content/missions/2025/brouillon.md")).unwrap();
    book.file(
        "content/missions/2026/zqnewmission.md",
        PRIVATE.replace("ZQPRIVATETITLE", "ZQNEWTITLE"),
    );
    build_ok(book.root(), &dest, &private);
    same_as_fresh(book.root(), &dest, &private);
    let spare = out.path().join(".site.debrief-spare");
    assert!(
        spare.join(".gitignore").is_file(),
        "{:?}",
        paths(out.path())
    );

    // The next build takes the spare (the first site) and rewrites only what changed: the
    // untouched page is the same file, not written again.
    book.file(lessons, changed.replacen("title: ", "title: ZQAGAIN ", 1));
    build_ok(book.root(), &dest, &private);
    same_as_fresh(book.root(), &dest, &private);
    assert_eq!(inode(&dest.join(&kept)), ino, "{kept} reused");
    assert_eq!(
        std::fs::metadata(dest.join(&kept))
            .unwrap()
            .modified()
            .unwrap(),
        modified,
        "{kept} not written again"
    );
    assert!(!dest.join(".gitignore").exists());
    assert!(text(&dest, "index.html").contains("ZQAGAIN"));
    assert!(
        !files(&dest)
            .values()
            .any(|b| String::from_utf8_lossy(b).contains("ZQRENAMED"))
    );
    assert_eq!(staging_dirs(out.path()), Vec::<String>::new());

    // A public build over the private site keeps no copy of a private site next to it.
    build_ok(book.root(), &dest, &[]);
    same_as_fresh(book.root(), &dest, &[]);
    for (rel, bytes) in files(out.path()) {
        let text = String::from_utf8_lossy(&bytes);
        for secret in ["ZQPRIVATETITLE", "ZQNEWTITLE", "ZQCLIENTGAMMA"] {
            assert!(!text.contains(secret), "{secret} in {rel}");
        }
    }
    build_ok(book.root(), &dest, &[]);
    build_ok(book.root(), &dest, &[]);
    same_as_fresh(book.root(), &dest, &[]);
    let mut next_to_it = paths(out.path());
    next_to_it.retain(|p| {
        !["site", ".site.debrief-spare"]
            .iter()
            .any(|d| p == d || p.starts_with(&format!("{d}/")))
    });
    assert_eq!(
        next_to_it,
        Vec::<String>::new(),
        "only the site and its spare"
    );
}

#[test]
#[cfg(unix)]
fn what_the_spare_holds_cannot_redirect_or_survive_a_build() {
    let book = secret_book();
    let out = tempfile::tempdir().unwrap();
    let dest = out.path().join("site");
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("victim.txt");
    std::fs::write(&target, "untouched").unwrap();
    std::fs::create_dir(outside.path().join("dir")).unwrap();
    build_ok(book.root(), &dest, &[]);
    build_ok(book.root(), &dest, &[]);
    let spare = out.path().join(".site.debrief-spare");
    // Links where pages and directories go, a file where a directory goes, a directory where a
    // page goes, and files no build writes.
    std::fs::remove_file(spare.join("index.html")).unwrap();
    std::os::unix::fs::symlink(&target, spare.join("index.html")).unwrap();
    std::fs::remove_dir_all(spare.join("lessons")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("dir"), spare.join("lessons")).unwrap();
    std::fs::remove_dir_all(spare.join("tags")).unwrap();
    std::fs::write(spare.join("tags"), "a file in the way").unwrap();
    std::fs::remove_file(spare.join("404.html")).unwrap();
    std::fs::create_dir_all(spare.join("404.html/inside")).unwrap();
    let linked = outside.path().join("linked.txt");
    std::fs::write(&linked, "untouched").unwrap();
    std::fs::remove_file(spare.join("case-studies/index.html")).unwrap();
    std::fs::hard_link(&linked, spare.join("case-studies/index.html")).unwrap();
    std::fs::write(spare.join("stale.html"), "ZQSTALE").unwrap();
    std::fs::create_dir_all(spare.join("old/deep")).unwrap();
    std::fs::write(spare.join("old/deep/page.html"), "ZQSTALE").unwrap();
    build_ok(book.root(), &dest, &[]);
    same_as_fresh(book.root(), &dest, &[]);
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "untouched");
    assert_eq!(std::fs::read_to_string(&linked).unwrap(), "untouched");
    assert_eq!(
        paths(outside.path()),
        vec![
            "dir".to_string(),
            "linked.txt".to_string(),
            "victim.txt".to_string()
        ]
    );
}

#[test]
fn a_spare_debrief_did_not_make_is_left_alone() {
    let book = secret_book();
    let out = tempfile::tempdir().unwrap();
    let dest = out.path().join("site");
    let spare = out.path().join(".site.debrief-spare");
    std::fs::create_dir(&spare).unwrap();
    std::fs::write(spare.join("notes.txt"), "mine").unwrap();
    build_ok(book.root(), &dest, &[]);
    build_ok(book.root(), &dest, &[]);
    build_ok(book.root(), &dest, &[]);
    same_as_fresh(book.root(), &dest, &[]);
    assert_eq!(paths(&spare), vec!["notes.txt".to_string()]);
}

/// Builds `root` into `dest` until its spare carries its ledger (the third build: the first
/// spare is the first site, whose ledger the second build could not keep). The spare's path.
fn spare_with_a_ledger(root: &Path, dest: &Path, args: &[&str]) -> std::path::PathBuf {
    for _ in 0..3 {
        build_ok(root, dest, args);
    }
    let spare = dest.parent().unwrap().join(".site.debrief-spare");
    assert!(
        spare.join(".debrief-ledger").is_file(),
        "{:?}",
        paths(&spare)
    );
    spare
}

/// The inode and modification time of every file under `dir`.
#[cfg(unix)]
fn stamps(dir: &Path) -> std::collections::BTreeMap<String, (u64, std::time::SystemTime)> {
    files(dir)
        .keys()
        .map(|rel| {
            let meta = std::fs::symlink_metadata(dir.join(rel)).unwrap();
            (
                rel.clone(),
                (inode(&dir.join(rel)), meta.modified().unwrap()),
            )
        })
        .collect()
}

/// The directory of one mission's page in `site`.
fn a_mission_dir(site: &Path) -> std::path::PathBuf {
    std::fs::read_dir(site.join("missions"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.join("index.html").is_file())
        .unwrap()
}

/// Sets the modification time of `path` (a file or a directory) back to `to`.
fn set_modified(path: &Path, to: std::time::SystemTime) {
    std::fs::File::open(path).unwrap().set_modified(to).unwrap();
}

#[test]
#[cfg(unix)]
fn a_rebuild_with_nothing_changed_over_a_spare_with_a_ledger_writes_no_file() {
    let book = secret_book();
    let out = tempfile::tempdir().unwrap();
    let dest = out.path().join("site");
    let private = ["--audience", "private"];
    build_ok(book.root(), &dest, &private);
    build_ok(book.root(), &dest, &private);
    let before = stamps(&dest);
    build_ok(book.root(), &dest, &private);
    assert!(
        out.path()
            .join(".site.debrief-spare/.debrief-ledger")
            .is_file()
    );
    // The fourth build takes the second site, known from its ledger: every page unchanged.
    build_ok(book.root(), &dest, &private);
    assert!(stamps(&dest) == before, "no file written");
    same_as_fresh(book.root(), &dest, &private);
    assert!(
        !paths(&dest).iter().any(|p| p.contains("ledger")),
        "no ledger in the site"
    );
}

#[test]
#[cfg(unix)]
fn what_is_edited_or_added_in_a_site_with_a_ledger_does_not_survive() {
    let book = secret_book();
    let out = tempfile::tempdir().unwrap();
    let dest = out.path().join("site");
    spare_with_a_ledger(book.root(), &dest, &[]);
    // A page of the site edited in place, same length, its modification time set back: it is
    // the spare after the next build, rewritten by the one after.
    let page = a_mission_dir(&dest).join("index.html");
    let modified = std::fs::metadata(&page).unwrap().modified().unwrap();
    let edited = std::fs::read_to_string(&page)
        .unwrap()
        .replace("html", "HTML");
    std::fs::write(&page, edited).unwrap();
    set_modified(&page, modified);
    build_ok(book.root(), &dest, &[]);
    build_ok(book.root(), &dest, &[]);
    same_as_fresh(book.root(), &dest, &[]);

    // A file added to a directory of the spare, the directory's time set back: removed.
    let spare = out.path().join(".site.debrief-spare");
    assert!(spare.join(".debrief-ledger").is_file());
    let dir = a_mission_dir(&spare);
    let modified = std::fs::metadata(&dir).unwrap().modified().unwrap();
    std::fs::write(dir.join("extra.html"), "ZQEXTRA").unwrap();
    set_modified(&dir, modified);
    build_ok(book.root(), &dest, &[]);
    same_as_fresh(book.root(), &dest, &[]);
}

#[test]
#[cfg(unix)]
fn a_build_that_fails_over_a_spare_with_a_ledger_leaves_a_spare_the_next_builds_handle() {
    let book = secret_book();
    let out = tempfile::tempdir().unwrap();
    let dest = out.path().join("site");
    let private = ["--audience", "private"];
    let spare = spare_with_a_ledger(book.root(), &dest, &private);
    book.file(
        "theme/templates/mission.html",
        "{% extends \"base.html\" %}\n{% block content %}{{ no_such_function() }}{% endblock %}\n",
    );
    // Fails while writing pages, the spare taken.
    let failed = build(book.root(), &dest, &private);
    assert_eq!(failed.status.code(), Some(2));
    assert_eq!(staging_dirs(out.path()), Vec::<String>::new());
    assert_eq!(
        paths(out.path())
            .iter()
            .filter(|p| !p.contains('/'))
            .count(),
        2
    );
    assert!(!spare.join(".debrief-ledger").exists(), "partly rewritten");
    assert!(spare.join(".debrief-ledger-next").is_file());
    std::fs::remove_file(book.root().join("theme/templates/mission.html")).unwrap();
    for _ in 0..2 {
        build_ok(book.root(), &dest, &private);
        same_as_fresh(book.root(), &dest, &private);
    }
    assert!(spare.join(".debrief-ledger").is_file());
}

#[test]
#[cfg(unix)]
fn a_link_or_a_garbled_ledger_in_a_spare_with_a_ledger_changes_nothing() {
    let book = secret_book();
    let out = tempfile::tempdir().unwrap();
    let dest = out.path().join("site");
    let outside = tempfile::tempdir().unwrap();
    let victim = outside.path().join("victim.html");
    std::fs::write(&victim, "untouched").unwrap();
    let spare = spare_with_a_ledger(book.root(), &dest, &[]);
    // A link where the ledger has a page, the directory's time set back.
    let dir = a_mission_dir(&spare);
    let modified = std::fs::metadata(&dir).unwrap().modified().unwrap();
    std::fs::remove_file(dir.join("index.html")).unwrap();
    std::os::unix::fs::symlink(&victim, dir.join("index.html")).unwrap();
    set_modified(&dir, modified);
    build_ok(book.root(), &dest, &[]);
    same_as_fresh(book.root(), &dest, &[]);
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "untouched");

    // A garbled ledger, one naming a file outside, a ledger cut short: still the right site, and
    // nothing outside removed.
    let beside = out.path().join("beside.html");
    std::fs::write(&beside, "mine").unwrap();
    let ledger = spare.join(".debrief-ledger");
    let text = std::fs::read_to_string(&ledger).unwrap();
    let cut = text.rfind("\nend ").unwrap();
    for garbled in [
        "garbage".to_string(),
        text.replacen("index.html", "index.htm!", 1),
        format!(
            "{}f 1 2 3 4 00000000000000000000000000000000 ../beside.html\n{}",
            &text[..=cut],
            &text[cut + 1..]
        ),
        text[..=cut].to_string(),
    ] {
        let ledger = spare.join(".debrief-ledger");
        assert!(spare.is_dir());
        std::fs::write(&ledger, garbled).unwrap();
        std::fs::write(spare.join("stale.html"), "ZQSTALE").unwrap();
        build_ok(book.root(), &dest, &[]);
        same_as_fresh(book.root(), &dest, &[]);
    }
    assert_eq!(std::fs::read_to_string(&beside).unwrap(), "mine");
}

#[test]
fn a_destination_that_would_replace_the_book_is_refused() {
    let parent = tempfile::tempdir().unwrap();
    let root = parent.path().join("book");
    std::fs::create_dir(&root).unwrap();
    std::fs::write(root.join("book.toml"), BOOK_FR).unwrap();
    std::fs::create_dir_all(root.join("content/missions/2025")).unwrap();
    std::fs::write(root.join("content/missions/2025/a.md"), PRIVATE).unwrap();
    let before = files(parent.path());

    for dest in [
        root.clone(),
        root.join("content"),
        parent.path().to_path_buf(),
        root.join("content/../."),
    ] {
        let out = build(&root, &dest, &[]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{}: {stderr}", dest.display());
        assert!(
            stderr.contains("destination"),
            "{}: the error says why:\n{stderr}",
            dest.display()
        );
        assert!(files(parent.path()) == before, "{}", dest.display());
    }
    // `--dest .` from inside the book.
    let out = debrief()
        .current_dir(&root)
        .args(["build", "--dest", ".", "--today", "2026-11-23"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(files(parent.path()) == before);
    assert_eq!(staging_dirs(parent.path()), Vec::<String>::new());
    assert_eq!(staging_dirs(&root), Vec::<String>::new());
}

#[test]
fn a_directory_not_made_by_debrief_is_not_replaced() {
    let book = secret_book();
    let out = tempfile::tempdir().unwrap();
    let dest = out.path().join("mine");
    std::fs::create_dir(&dest).unwrap();
    std::fs::write(dest.join("notes.txt"), "my own notes").unwrap();
    let result = build(book.root(), &dest, &[]);
    assert_eq!(result.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&result.stderr).contains("debrief"));
    assert_eq!(paths(&dest), vec!["notes.txt".to_string()]);
    assert_eq!(text(&dest, "notes.txt"), "my own notes");
    assert_eq!(staging_dirs(out.path()), Vec::<String>::new());

    // An empty directory is fine, and so is a previous build.
    let empty = out.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    build_ok(book.root(), &empty, &[]);
    build_ok(book.root(), &empty, &[]);
    // A file is not a directory.
    let file = out.path().join("file");
    std::fs::write(&file, "x").unwrap();
    assert_eq!(build(book.root(), &file, &[]).status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "x");
}

#[test]
fn theme_files_of_the_book_override_the_embedded_ones() {
    let book = secret_book();
    book.file(
        "theme/templates/404.html",
        "{% extends \"base.html\" %}{% block content %}<h1>OVERRIDE404MARK {{ t.not_found }}</h1>{% endblock %}",
    )
    .file("theme/static/style.css", "/* OVERRIDECSSMARK */\nbody { color: red; }\n");
    let out = tempfile::tempdir().unwrap();
    let dest = out.path().join("site");
    build_ok(book.root(), &dest, &["--audience", "public"]);
    let page = text(&dest, "404.html");
    assert!(page.contains("OVERRIDE404MARK"), "{page}");
    assert!(
        page.contains("<html lang=\"fr\""),
        "base.html still applies"
    );
    assert_eq!(
        text(&dest, "static/style.css"),
        "/* OVERRIDECSSMARK */\nbody { color: red; }\n"
    );
    assert!(
        !text(&dest, "index.html").contains("OVERRIDE404MARK"),
        "only that template is replaced"
    );
    let search = text(&dest, "static/search.js");
    assert!(search.contains("DEBRIEF_SEARCH"), "other static files stay");
}

#[test]
fn the_feed_and_the_sitemap_are_templates_a_book_may_override() {
    let book = secret_book();
    book.file(
        "theme/templates/atom.xml",
        "<feed title=\"{{ site.title }}\">{% for e in entries %}[{{ e.title }} {{ e.url }} {{ e.updated }}]{% endfor %}</feed>\n",
    )
    .file(
        "theme/templates/sitemap.xml",
        "{{ urls | length }} urls from {{ urls[0] }}",
    );
    let out = tempfile::tempdir().unwrap();
    let dest = out.path().join("site");
    build_ok(book.root(), &dest, &["--audience", "public"]);
    let feed = text(&dest, "atom.xml");
    assert!(
        feed.starts_with("<feed title=\"Carnet de test\">["),
        "the book's template is used:\n{feed}"
    );
    assert!(
        feed.contains(" https://example.org/carnet/missions/refonte-du-site-de-un-artisan/ "),
        "entries have absolute URLs:\n{feed}"
    );
    let sitemap = text(&dest, "sitemap.xml");
    assert!(
        sitemap.ends_with(" urls from https://example.org/carnet/"),
        "{sitemap}"
    );
    assert!(
        text(&dest, "index.html").contains("<html lang=\"fr\""),
        "the pages keep the embedded templates"
    );

    // An override that does not compile fails the build, naming the file and the line.
    book.file(
        "theme/templates/atom.xml",
        "<feed>\n{% for e in entries %}\n<entry/>\n</feed>\n",
    );
    let failed = build(book.root(), &dest, &["--audience", "public"]);
    assert_eq!(failed.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert!(
        stderr.contains("theme/templates/atom.xml:"),
        "the error names the template:\n{stderr}"
    );
    assert!(stderr.contains("syntax error"), "{stderr}");
}

#[test]
fn init_theme_writes_the_default_theme_and_never_overwrites() {
    let book = secret_book();
    let out = tempfile::tempdir().unwrap();
    let before = out.path().join("before");
    build_ok(book.root(), &before, &["--audience", "private"]);
    let book_paths = paths(book.root());

    debrief()
        .arg("init")
        .arg("--theme")
        .arg(book.root())
        .assert()
        .success();
    let theme = book.root().join("theme");
    for name in [
        "base.html",
        "index.html",
        "mission.html",
        "lessons.html",
        "case-studies.html",
        "tags.html",
        "tag.html",
        "checklist.html",
        "404.html",
        "atom.xml",
        "sitemap.xml",
    ] {
        assert!(theme.join("templates").join(name).is_file(), "{name}");
    }
    for name in ["style.css", "search.js"] {
        assert!(theme.join("static").join(name).is_file(), "{name}");
    }
    let outside_theme = |all: Vec<String>| -> Vec<String> {
        all.into_iter()
            .filter(|p| !p.starts_with("theme"))
            .collect()
    };
    assert_eq!(
        outside_theme(paths(book.root())),
        book_paths,
        "--theme writes only the theme"
    );

    // The written theme is the embedded one: the site does not change.
    let after = out.path().join("after");
    build_ok(book.root(), &after, &["--audience", "private"]);
    assert!(
        files(&before) == files(&after),
        "same site from the written theme"
    );

    // A second run refuses, and keeps the user's edits.
    let edited = theme.join("templates/base.html");
    std::fs::write(&edited, "EDITED").unwrap();
    let again = debrief()
        .arg("init")
        .arg("--theme")
        .arg(book.root())
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("base.html"));
    assert_eq!(std::fs::read_to_string(&edited).unwrap(), "EDITED");
}

#[test]
fn the_interface_speaks_the_book_language() {
    let out = tempfile::tempdir().unwrap();
    for (lang, expected, summary) in [
        (
            "en",
            ["Missions", "Lessons", "Case studies"],
            "Built 6 pages from 0 missions in",
        ),
        (
            "fr",
            ["Missions", "Leçons", "Études de cas"],
            "6 pages construites à partir de 0 mission en",
        ),
    ] {
        let book = TempBook::with_toml(&format!(
            "[book]\ntitle = \"Book\"\nlanguage = \"{lang}\"\n"
        ));
        book.file("content/missions/2025/a.md", PRIVATE);
        let dest = out.path().join(lang);
        let (stdout, _) = build_ok(book.root(), &dest, &["--audience", "public"]);
        assert!(stdout.starts_with(summary), "{lang}: {stdout}");
        let (stdout, _) = build_ok(book.root(), &dest, &["--audience", "private"]);
        assert!(
            stdout.contains(if lang == "en" {
                "pages from 1 mission in"
            } else {
                "pages construites à partir de 1 mission en"
            }),
            "{lang}: {stdout}"
        );
        for rel in [
            "index.html",
            "missions/index.html",
            "lessons/index.html",
            "404.html",
        ] {
            let page = text(&dest, rel);
            assert!(
                page.contains(&format!("<html lang=\"{lang}\"")),
                "{lang} {rel}"
            );
            let nav = &page[page.find("<nav").unwrap()..page.find("</nav>").unwrap()];
            for label in expected {
                assert!(
                    nav.contains(&format!(">{label}</a>")),
                    "{lang} {rel}: {nav}"
                );
            }
        }
    }
}

#[test]
fn every_link_of_the_example_sites_resolves_and_every_page_parses() {
    let out = tempfile::tempdir().unwrap();
    let base = "https://example.org/carnet/";
    for audience in ["private", "public"] {
        let dest = out.path().join(audience);
        build_ok(&example_book(), &dest, &["--audience", audience]);
        assert!(dest.join("atom.xml").is_file() && dest.join("sitemap.xml").is_file());
        let problems = check_site(&dest, Some(base));
        assert!(
            problems.is_empty(),
            "{audience} site of the example book:\n{}",
            problems.join("\n")
        );
    }
    // The secret book's sites too: drafts, dropped links, unknown reasons, no feed without links.
    let secret = secret_book();
    for audience in ["private", "public"] {
        let dest = out.path().join(format!("secret-{audience}"));
        build_ok(secret.root(), &dest, &["--audience", audience]);
        let problems = check_site(&dest, Some("https://example.org/carnet/"));
        assert!(
            problems.is_empty(),
            "{audience} site of the secret book:\n{}",
            problems.join("\n")
        );
    }
}

#[test]
fn the_html_checker_sees_errors() {
    let bad = parse_html("<p>no doctype</div><b><i>x</b></i>");
    assert!(bad.errors.len() >= 2, "{:?}", bad.errors);
    let good = parse_html(
        "<!doctype html><html lang=\"en\"><head><title>t</title></head><body><p id=a>x</p></body></html>",
    );
    assert_eq!(good.errors, Vec::<String>::new());
    assert_eq!(good.ids(), vec!["a"]);
    assert!(roxmltree::Document::parse("<a><b></a>").is_err());
}

const MARKDOWN: &str = r#"---
title: "Markdown"
client: "Société Zeta"
client_alias: "un client"
start: 2025-01-10
status: active
publish: case-study
case_study: { consent: 2025-01-11 }
---

## Détails

| Outil | Usage |
|-------|------:|
| GTM   | suivi |

- [x] fait
- [ ] à faire

~~barré~~ et une note[^n].

[^n]: Le texte de la note.

## Détails

Voir [l'autre](other.md#suite), puis [cassé](nope.md).

<script>alert("x")</script>

<img src="https://example.org/x.png" onerror="alert(1)">

[piège](javascript:alert(1)) et <a href="javascript:alert(2)">lien</a>.
"#;

const OTHER: &str = r#"---
title: "Other"
client: "Société Quelconque"
client_alias: "un autre"
start: 2025-01-10
status: active
publish: case-study
case_study: { consent: 2025-01-11 }
---

## Suite

Texte.
"#;

#[test]
fn markdown_is_rendered_with_gfm_safe_html_and_journal_links() {
    let book = TempBook::with_toml(BOOK_FR);
    book.file("content/missions/2025/markdown.md", MARKDOWN)
        .file("content/missions/2025/other.md", OTHER);
    let out = tempfile::tempdir().unwrap();
    for audience in ["private", "public"] {
        let dest = out.path().join(audience);
        let (_, stderr) = build_ok(book.root(), &dest, &["--audience", audience]);

        // A broken internal link is a warning with file:line:col.
        let line = MARKDOWN
            .lines()
            .position(|l| l.contains("](nope.md)"))
            .unwrap()
            + 1;
        let col = MARKDOWN
            .lines()
            .nth(line - 1)
            .unwrap()
            .find("[cassé]")
            .unwrap()
            + 1;
        let place = format!("content/missions/2025/markdown.md:{line}:{col}");
        assert!(
            stderr.contains(&place) && stderr.contains("nope.md"),
            "{audience}: expected a warning at {place}:\n{stderr}"
        );

        let page = text(&dest, "missions/markdown/index.html");
        let html = parse_html(&page);
        assert_eq!(html.errors, Vec::<String>::new(), "{audience}");
        let element = |name: &'static str| html.elements.iter().filter(move |e| e.name == name);
        assert_eq!(element("table").count(), 1, "{audience}: GFM table");
        assert!(
            element("td").any(|e| e.attr("style").is_some_and(|s| s.contains("right"))),
            "{audience}: column alignment"
        );
        let boxes: Vec<_> = element("input")
            .filter(|e| e.attr("type") == Some("checkbox"))
            .collect();
        assert_eq!(boxes.len(), 2, "{audience}: task list");
        assert!(boxes[0].attr("checked").is_some() && boxes[1].attr("checked").is_none());
        assert_eq!(element("del").count(), 1, "{audience}: strikethrough");
        assert!(page.contains("Le texte de la note"), "{audience}: footnote");
        let ids = html.ids();
        assert!(
            element("a").any(|e| e.attr("href") == Some("#n")) && ids.contains(&"n"),
            "{audience}: footnote reference and definition: {page}"
        );
        assert!(
            ids.contains(&"details") && ids.contains(&"details-1"),
            "{ids:?}"
        );
        let mut unique = ids.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(
            unique.len(),
            ids.len(),
            "{audience}: ids are unique: {ids:?}"
        );
        assert!(
            page.contains("href=\"../../missions/other/index.html#suite\""),
            "{audience}: a journal link points to its page"
        );
        assert!(
            text(&dest, "missions/other/index.html").contains("id=\"suite\""),
            "{audience}: the fragment exists"
        );
        assert!(
            !page.contains("nope.md"),
            "{audience}: the broken link is dropped"
        );
        let lower = page.to_lowercase();
        let body = &lower[lower.find("<div class=\"body\">").unwrap()..];
        let body = &body[..body.find("</article>").unwrap()];
        assert!(!body.contains("<script"), "{audience}: {body}");
        assert!(!lower.contains("onerror"), "{audience}");
        assert!(!lower.contains("javascript:"), "{audience}");
        assert!(!lower.contains("alert("), "{audience}");
        assert_eq!(
            check_site(&dest, Some("https://example.org/carnet/")),
            Vec::<String>::new()
        );
    }
}

/// A 1×1 grey PNG with nothing but its pixels (IHDR, IDAT, IEND).
const TINY_PNG: [u8; 67] = [
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x00, 0x00, 0x00, 0x3a, 0x7e, 0x9b,
    0x55, 0x00, 0x00, 0x00, 0x0a, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xa8, 0x07, 0x00, 0x00,
    0x81, 0x00, 0x80, 0xd3, 0x94, 0x53, 0x4a, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae,
    0x42, 0x60, 0x82,
];

#[test]
fn assets_of_visible_missions_are_copied_under_content_hashed_names() {
    let book = TempBook::with_toml("[book]\ntitle = \"Assets\"\nlanguage = \"en\"\n");
    book.file(
        "content/missions/2025/public-case.md",
        "---\ntitle: \"Shop redesign\"\nclient: \"ZQASSETCLIENT Ltd\"\nclient_alias: \"a shop\"\nstart: 2025-01-06\nstatus: active\npublish: case-study\ncase_study: { consent: 2025-02-01 }\n---\n\n## Journal\n\n![home page](img/zqasset-home.png)\n\n[the brief](files/brief.pdf) and [missing](files/none.pdf)\n",
    )
    .file("content/missions/2025/files/brief.pdf", "PDFDATA-public")
    .file(
        "content/missions/2025/private-one.md",
        "---\ntitle: \"Private\"\nclient: \"Other\"\nstart: 2025-01-06\nstatus: active\n---\n\n![secret](img/zqasset-secret.png)\n",
    );
    let mut secret_png = TINY_PNG.to_vec();
    secret_png[44] ^= 1; // another image (its CRC no longer matches: it is never read in public)
    let img = book.root().join("content/missions/2025/img");
    std::fs::create_dir_all(&img).unwrap();
    std::fs::write(img.join("zqasset-home.png"), TINY_PNG).unwrap();
    std::fs::write(img.join("zqasset-secret.png"), &secret_png).unwrap();
    let out = tempfile::tempdir().unwrap();

    // Public: only the image, recognised by its content; the PDF stays home, with a warning.
    let public = out.path().join("public");
    let (_, stderr) = build_ok(book.root(), &public, &["--audience", "public"]);
    let site = files(&public);
    let assets: Vec<&String> = site.keys().filter(|k| k.starts_with("assets/")).collect();
    assert_eq!(assets.len(), 1, "{assets:?}");
    assert!(assets[0].ends_with(".png"), "{assets:?}");
    assert!(site.values().any(|v| v[..] == TINY_PNG[..]));
    assert!(!site.values().any(|v| v == b"PDFDATA-public"));
    assert!(
        !site.values().any(|v| v[..] == secret_png[..]),
        "an asset of a private mission is not copied"
    );
    assert!(
        paths(&public).iter().all(|p| !p.contains("zqasset")),
        "asset names reveal no file name"
    );
    let page = text(&public, "missions/shop-redesign/index.html");
    assert!(page.contains("src=\"../../assets/"), "{page}");
    assert!(
        page.contains("the brief") && !page.contains("brief.pdf"),
        "{page}"
    );
    assert!(
        stderr.contains("content/missions/2025/public-case.md:15:")
            && stderr.contains("files/none.pdf")
            && stderr.contains("broken internal link"),
        "a missing file is a build warning with its place: {stderr}"
    );
    assert!(
        stderr.contains("content/missions/2025/public-case.md:15:")
            && stderr.contains("link not published: files/brief.pdf (only PNG, JPEG, GIF, WebP and AVIF images are published)"),
        "a file that is not published is a build warning with its place: {stderr}"
    );

    // Private: your own view links every file.
    let private = out.path().join("private");
    build_ok(book.root(), &private, &["--audience", "private"]);
    let site = files(&private);
    assert!(site.values().any(|v| v == b"PDFDATA-public"));
    assert!(site.values().any(|v| v[..] == secret_png[..]));
}

/// A journal whose front matter does not parse (line 6, column 1 is where the parser stops): its
/// name, client and text must not reach any site.
const BROKEN_YAML: &str = "---\ntitle: \"ZQBROKENTITLE\"\nclient: \"ZQBROKENCLIENT\"\nstart: 2025-01-01\npublish: [lessons\n---\n\n## Leçons\n\nZQBROKENLESSON\n";
/// A journal with TOML front matter that does not parse.
const BROKEN_TOML: &str =
    "+++\ntitle = \"ZQBROKENTOML\"\nclient = = \"X\"\n+++\n\nZQBROKENTOMLBODY\n";

/// What the build left in `dest`, down to the inode of the directory: the same value before and
/// after a failed build means the previous site was not touched.
#[derive(Debug, PartialEq)]
struct Snapshot {
    paths: Vec<String>,
    files: std::collections::BTreeMap<String, Vec<u8>>,
    modified: std::time::SystemTime,
    #[cfg(unix)]
    inode: u64,
}

fn snapshot(dest: &Path) -> Snapshot {
    let meta = std::fs::metadata(dest).unwrap();
    Snapshot {
        paths: paths(dest),
        files: files(dest),
        modified: meta.modified().unwrap(),
        #[cfg(unix)]
        inode: std::os::unix::fs::MetadataExt::ino(&meta),
    }
}

fn stdio(out: &std::process::Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_journal_that_does_not_load_fails_the_build_and_the_previous_site_stays() {
    for audience in ["private", "public"] {
        let book = secret_book();
        let out = tempfile::tempdir().unwrap();
        let dest = out.path().join("site");
        build_ok(book.root(), &dest, &["--audience", audience]);
        let before = snapshot(&dest);

        book.file("content/missions/2025/cassee.md", BROKEN_YAML);
        let failed = build(book.root(), &dest, &["--audience", audience]);
        let (stdout, stderr) = stdio(&failed);
        assert_eq!(failed.status.code(), Some(1), "{audience}: {stderr}");
        assert_eq!(stdout, "", "{audience}: no summary");
        assert_eq!(
            stderr,
            format!(
                "erreur\u{a0}: content/missions/2025/cassee.md:5:10: en-tête YAML invalide\u{a0}: une liste `[` ou une table `{{` ouverte ici n’est pas fermée (le lecteur YAML dit «\u{a0}while parsing a flow sequence, expected ',' or ']'\u{a0}»)\n\
                 erreur\u{a0}: 1 journal ne se charge pas\u{a0}: le site n’a pas été construit ({} reste tel quel)\n  \
                 = aide\u{a0}: corrigez-le (`debrief lint` montre chaque problème dans son contexte), ou passez `--keep-going` pour construire le site sans lui\n",
                dest.display()
            ),
            "{audience}"
        );
        assert!(
            snapshot(&dest) == before,
            "{audience}: the previous site is untouched"
        );
        assert_eq!(
            std::fs::read_dir(out.path()).unwrap().count(),
            1,
            "{audience}: nothing but the site next to it: {:?}",
            paths(out.path())
        );

        // --quiet prints the errors all the same, and fails the same way.
        let quiet = build(book.root(), &dest, &["--audience", audience, "--quiet"]);
        assert_eq!(quiet.status.code(), Some(1));
        assert_eq!(stdio(&quiet).1, stderr);
        assert!(snapshot(&dest) == before);
    }
}

#[test]
fn every_file_that_does_not_load_is_listed_and_nothing_is_written() {
    let book = TempBook::with_toml("[book]\ntitle = \"Book\"\nlanguage = \"en\"\n");
    book.file("content/missions/2025/a-yaml.md", BROKEN_YAML)
        .file("content/missions/2025/b-toml.md", BROKEN_TOML)
        .file(
            "content/missions/2025/c-none.md",
            "# Notes\n\nNo front matter.\n",
        )
        .file("content/missions/2025/d-list.md", "---\n- a\n- b\n---\n")
        .file(
            "content/missions/2025/e-unclosed.md",
            "---\ntitle: \"T\"\n\nText.\n",
        )
        // Loads: an invalid field is the linter's business, not the build's.
        .file(
            "content/missions/2025/ok-field.md",
            "---\ntitle: \"Fine\"\nclient: \"C\"\nstart: 2025-09-31\nstatus: closd\n---\n",
        )
        // Not used by the site: its front matter is not checked.
        .file("content/missions/_index.md", "---\ntitle: [x\n---\n");
    let mut latin1 = b"---\ntitle: caf".to_vec();
    latin1.extend_from_slice(b"\xe9\n---\n");
    std::fs::write(
        book.root().join("content/missions/2025/f-latin1.md"),
        latin1,
    )
    .unwrap();
    let mut expected = vec![
        "error: content/missions/2025/a-yaml.md:5:10: invalid YAML front matter: a list `[` or a table `{` opened here is not closed (the YAML reader says \"while parsing a flow sequence, expected ',' or ']'\")".to_string(),
        "error: content/missions/2025/b-toml.md:3:10: invalid TOML front matter: syntax error (the TOML reader says \"extra `=`, expected nothing\")".into(),
        "error: content/missions/2025/c-none.md:1:1: no front matter: the file must start with a `---` (YAML) or `+++` (TOML) line".into(),
        "error: content/missions/2025/d-list.md:2:1: the front matter must be a table of keys (`title: …`), not a list".into(),
        "error: content/missions/2025/e-unclosed.md:1:1: the front matter opened by `---` is never closed".into(),
        "error: content/missions/2025/f-latin1.md:1:1: the file is not UTF-8 (invalid byte at offset 14); save it again as UTF-8".into(),
    ];
    #[cfg(unix)]
    {
        // A file that cannot be read: a link to nothing, and (unless the tests run as root, who
        // reads everything) a file without read permission.
        use std::os::unix::fs::PermissionsExt;
        std::os::unix::fs::symlink(
            "nowhere.md",
            book.root().join("content/missions/2025/g-link.md"),
        )
        .unwrap();
        expected.push("error: content/missions/2025/g-link.md:1:1: cannot read this file: No such file or directory (os error 2)".into());
        let locked = book.root().join("content/missions/2025/h-locked.md");
        std::fs::write(&locked, "---\ntitle: \"T\"\n---\n").unwrap();
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
        if std::fs::read(&locked).is_err() {
            expected.push("error: content/missions/2025/h-locked.md:1:1: cannot read this file: Permission denied (os error 13)".into());
        } else {
            std::fs::remove_file(&locked).unwrap();
        }
    }
    let n = expected.len();
    expected.push(format!(
        "error: {n} journals could not be loaded: the site was not built"
    ));
    expected.push("  = help: fix them (`debrief lint` shows each problem in context), or pass `--keep-going` to build the site without them".into());

    let out = tempfile::tempdir().unwrap();
    let dest = out.path().join("site");
    let failed = build(book.root(), &dest, &[]);
    let (stdout, stderr) = stdio(&failed);
    assert_eq!(failed.status.code(), Some(1), "{stderr}");
    assert_eq!(stdout, "");
    assert_eq!(stderr.lines().collect::<Vec<_>>(), expected);
    assert_eq!(
        std::fs::read_dir(out.path()).unwrap().count(),
        0,
        "nothing written: {:?}",
        paths(out.path())
    );

    // `debrief lint` reports the same files.
    let lint = debrief()
        .arg("--book")
        .arg(book.root())
        .args(["lint", "--format", "json"])
        .output()
        .unwrap();
    let lint = String::from_utf8_lossy(&lint.stdout);
    for line in &expected[..n] {
        let path = line.split(':').nth(1).unwrap().trim();
        assert!(lint.contains(path), "lint reports {path}: {lint}");
    }
}

#[test]
fn keep_going_builds_the_rest_and_says_what_was_left_out() {
    let book = secret_book();
    let out = tempfile::tempdir().unwrap();
    let yaml_warning = "avertissement\u{a0}: content/missions/2025/cassee.md:5:10: journal laissé de côté\u{a0}: en-tête YAML invalide\u{a0}: une liste `[` ou une table `{` ouverte ici n’est pas fermée (le lecteur YAML dit «\u{a0}while parsing a flow sequence, expected ',' or ']'\u{a0}»)";
    let toml_warning = "avertissement\u{a0}: content/missions/2025/autre.md:3:10: journal laissé de côté\u{a0}: en-tête TOML invalide\u{a0}: erreur de syntaxe (le lecteur TOML dit «\u{a0}extra `=`, expected nothing\u{a0}»)";
    for audience in ["private", "public"] {
        let dest = out.path().join(audience);
        book.file("content/missions/2025/cassee.md", BROKEN_YAML);
        let (stdout, stderr) = build_ok(
            book.root(),
            &dest,
            &["--audience", audience, "--keep-going"],
        );
        assert!(
            stdout.contains(" pages construites à partir de "),
            "{stdout}"
        );
        let shown = if audience == "private" {
            "privé"
        } else {
            "public"
        };
        assert!(
            stdout.ends_with(&format!(
                "\u{a0}s ({shown}, {}), 1 journal laissé de côté\n",
                dest.display()
            )),
            "{audience}: {stdout}"
        );
        assert!(
            stderr.lines().any(|l| l == yaml_warning),
            "{audience}: {stderr}"
        );
        assert!(dest.join("index.html").is_file());
        for secret in [
            "ZQBROKENTITLE",
            "ZQBROKENCLIENT",
            "ZQBROKENLESSON",
            "cassee",
        ] {
            assert_eq!(
                occurrences(&dest, secret),
                Vec::<String>::new(),
                "{audience}: {secret} is not in the site"
            );
        }

        book.file("content/missions/2025/autre.md", BROKEN_TOML);
        let (stdout, stderr) = build_ok(
            book.root(),
            &dest,
            &["--audience", audience, "--keep-going"],
        );
        assert!(
            stdout.ends_with(&format!(
                "\u{a0}s ({shown}, {}), 2 journaux laissés de côté\n",
                dest.display()
            )),
            "{audience}: {stdout}"
        );
        // By path, like every build warning.
        let left: Vec<&str> = stderr
            .lines()
            .filter(|l| l.contains("laissé de côté"))
            .collect();
        assert_eq!(left, [toml_warning, yaml_warning], "{audience}");

        // In English, and with --quiet the warnings stay but the summary goes.
        let (stdout, stderr) = build_ok(
            book.root(),
            &dest,
            &["--audience", audience, "--keep-going", "--lang", "en"],
        );
        assert!(
            stdout.ends_with(&format!(
                "\u{a0}s ({audience}, {}), 2 journals left out\n",
                dest.display()
            )),
            "{stdout}"
        );
        assert!(stderr.contains(
            "warning: content/missions/2025/autre.md:3:10: journal left out: invalid TOML front matter: syntax error (the TOML reader says \"extra `=`, expected nothing\")\n"
        ));
        let (stdout, quiet) = build_ok(
            book.root(),
            &dest,
            &["--audience", audience, "--keep-going", "--quiet"],
        );
        assert_eq!(stdout, "");
        assert!(quiet.contains(toml_warning) && quiet.contains(yaml_warning));

        std::fs::remove_file(book.root().join("content/missions/2025/cassee.md")).unwrap();
        std::fs::remove_file(book.root().join("content/missions/2025/autre.md")).unwrap();
        let (stdout, stderr) = build_ok(
            book.root(),
            &dest,
            &["--audience", audience, "--keep-going"],
        );
        assert!(!stdout.contains("laissé"), "nothing left out: {stdout}");
        assert!(!stderr.contains("laissé"), "{stderr}");
    }
}

#[test]
fn the_home_introduction_follows_the_same_rule() {
    let book = TempBook::with_toml("[book]\ntitle = \"Book title\"\nlanguage = \"en\"\n");
    book.file("content/missions/2025/a.md", PRIVATE).file(
        "content/_index.md",
        "---\ntitle: [\"Home\"\n---\n\nZQINTROTEXT welcome.\n",
    );
    let out = tempfile::tempdir().unwrap();
    let dest = out.path().join("site");
    let failed = build(book.root(), &dest, &[]);
    assert_eq!(failed.status.code(), Some(1));
    assert_eq!(
        stdio(&failed).1,
        "error: content/_index.md:2:8: invalid YAML front matter: a list `[` or a table `{` opened here is not closed (the YAML reader says \"while parsing a flow sequence, expected ',' or ']'\")\n\
         error: the home page introduction could not be loaded: the site was not built\n  \
         = help: fix it, or pass `--keep-going` to build the site without it\n"
    );
    assert!(!dest.exists());

    let (stdout, stderr) = build_ok(book.root(), &dest, &["--keep-going"]);
    // The summary, then how a mission gets published (none is).
    assert!(
        stdout
            .lines()
            .next()
            .unwrap()
            .ends_with(", the home page introduction left out"),
        "{stdout}"
    );
    assert_eq!(
        stderr,
        "warning: content/_index.md:2:8: home page introduction left out: invalid YAML front matter: a list `[` or a table `{` opened here is not closed (the YAML reader says \"while parsing a flow sequence, expected ',' or ']'\")\n"
    );
    let home = text(&dest, "index.html");
    assert!(!home.contains("ZQINTROTEXT"), "left out entirely");
    assert!(home.contains("Book title"));

    // French agreement, with a journal too.
    book.file(
        "book.toml",
        "[book]\ntitle = \"Book title\"\nlanguage = \"fr\"\n",
    )
    .file("content/missions/2025/cassee.md", BROKEN_YAML);
    let failed = build(book.root(), &dest, &[]);
    assert_eq!(failed.status.code(), Some(1));
    let stderr = stdio(&failed).1;
    assert!(
        stderr.contains(&format!(
            "erreur\u{a0}: 1 journal et l’introduction de la page d’accueil ne se chargent pas\u{a0}: le site n’a pas été construit ({} reste tel quel)\n",
            dest.display()
        )),
        "{stderr}"
    );
    let (stdout, _) = build_ok(book.root(), &dest, &["--keep-going"]);
    assert!(
        stdout
            .lines()
            .next()
            .unwrap()
            .ends_with(", 1 journal et l’introduction de la page d’accueil laissés de côté"),
        "{stdout}"
    );
    std::fs::remove_file(book.root().join("content/missions/2025/cassee.md")).unwrap();
    let (stdout, _) = build_ok(book.root(), &dest, &["--keep-going"]);
    assert!(
        stdout
            .lines()
            .next()
            .unwrap()
            .ends_with(", l’introduction de la page d’accueil laissée de côté"),
        "{stdout}"
    );

    // Fixed, it is used again.
    book.file(
        "content/_index.md",
        "---\ntitle: \"Home\"\n---\n\nZQINTROTEXT welcome.\n",
    );
    let (stdout, stderr) = build_ok(book.root(), &dest, &[]);
    assert!(!stdout.contains("laissé"), "{stdout}");
    assert_eq!(stderr, "");
    assert!(text(&dest, "index.html").contains("ZQINTROTEXT"));
}

/// A build into an empty directory makes its pages' directories ahead of them, on a thread of
/// its own (private builds): it leaves no directory without a page in it, and every mission has
/// its page and its letters page.
#[test]
fn a_fresh_build_leaves_no_empty_directory() {
    let out = tempfile::tempdir().unwrap();
    for audience in ["private", "public"] {
        let dest = out.path().join(audience);
        build_ok(&example_book(), &dest, &["--audience", audience]);
        let empty: Vec<String> = walkdir::WalkDir::new(&dest)
            .into_iter()
            .map(|e| e.expect("walk the site"))
            .filter(|e| e.file_type().is_dir())
            .filter(|e| std::fs::read_dir(e.path()).unwrap().next().is_none())
            .map(|e| e.path().display().to_string())
            .collect();
        assert!(empty.is_empty(), "{audience}: empty directories {empty:?}");
    }
    let private = out.path().join("private");
    let missions: Vec<String> = std::fs::read_dir(private.join("missions"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name != "index.html")
        .collect();
    assert!(missions.len() >= 5, "{missions:?}");
    for slug in missions {
        for page in ["index.html", "letters/index.html"] {
            let rel = format!("missions/{slug}/{page}");
            assert!(private.join(&rel).is_file(), "no {rel}");
        }
    }
}
