//! Journals made to expose super-linear steps (equal headings, thousands of links, a name
//! repeated on one line…): each must build, in both audiences, well inside a generous deadline.
//! This is not a timing test: once linear, a case takes a second or two in a debug build, while
//! the quadratic versions these guard against took minutes in release. `bench/pathological.sh`
//! times the same cases (full size) in release.

mod support;

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};
use support::{TempBook, debrief_process};

/// Far above what a linear build needs in debug, far below what a quadratic one takes.
const DEADLINE: Duration = Duration::from_secs(60);

const HEAD: &str = "---\ntitle: \"Pathologique\"\nclient: \"Zqx Client\"\nclient_alias: \"un client\"\nstart: 2025-01-01\nstatus: active\npublish: case-study\ncase_study: { consent: 2025-02-01 }\n---\n\n";

/// Builds `body` as the one journal of a book, in `audience`, and returns its stderr; fails if the
/// build does not finish before the deadline or does not succeed.
fn builds_in_time(case: &str, body: &str, audience: &str) -> String {
    builds_in_time_with(case, body, audience, &[])
}

fn builds_in_time_with(case: &str, body: &str, audience: &str, args: &[&str]) -> String {
    let book = TempBook::with_toml("[book]\ntitle = \"P\"\nlanguage = \"fr\"\n");
    book.file("content/missions/p.md", format!("{HEAD}{body}"));
    let dest = book.root().join("site");
    let mut child = debrief_process()
        .arg("--book")
        .arg(book.root())
        .args(["build", "--audience", audience, "--today", "2026-06-30"])
        .args(args)
        .arg("--dest")
        .arg(&dest)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("debrief runs");
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if start.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "{case} ({audience}): not built after {} s — some step went quadratic again",
                DEADLINE.as_secs()
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let output = child.wait_with_output().expect("output");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(status.success(), "{case} ({audience}): {stderr}");
    if args.is_empty() {
        assert!(
            page(&dest, audience).is_file(),
            "{case} ({audience}): no mission page"
        );
    }
    stderr
}

fn page(dest: &Path, audience: &str) -> std::path::PathBuf {
    match audience {
        "private" => dest.join("missions/p/index.html"),
        _ => dest.join("missions/pathologique/index.html"),
    }
}

fn both(case: &str, body: &str) {
    for audience in ["private", "public"] {
        builds_in_time(case, body, audience);
    }
}

#[test]
fn twenty_thousand_equal_headings() {
    both("headings", &"## Retour client\n\n".repeat(20_000));
}

#[test]
fn twenty_thousand_journal_entries() {
    both("entries", &"### 2025-03-02 - Point\n\n".repeat(20_000));
}

#[test]
fn fifty_thousand_nested_divs_are_refused_at_once() {
    // Nested past the depth limit, the journal does not load (`body-too-deep`): left out.
    let body = "<div>\n".repeat(50_000);
    for audience in ["private", "public"] {
        let stderr = builds_in_time_with("divs", &body, audience, &["--keep-going"]);
        assert!(
            stderr.contains("content/missions/p.md:")
                && stderr.contains("journal laissé de côté")
                && stderr.contains("64 niveaux"),
            "{stderr}"
        );
    }
}

#[test]
fn a_hundred_thousand_links_to_one_missing_file() {
    let body = "[a](b) ".repeat(100_000);
    for audience in ["private", "public"] {
        let stderr = builds_in_time("links", &body, audience);
        assert_eq!(
            stderr.matches("lien interne cassé : b").count(),
            1,
            "one warning for one broken target: {stderr}"
        );
    }
}

#[test]
fn one_paragraph_of_two_hundred_thousand_lines() {
    both("lines", &"un mot court\n".repeat(200_000));
}

#[test]
fn a_hundred_thousand_unclosed_emphases() {
    both("stars", &"*a ".repeat(100_000));
}

#[test]
fn a_hundred_thousand_nested_brackets() {
    both(
        "brackets",
        &format!("{}x{}", "[".repeat(100_000), "]".repeat(100_000)),
    );
}

#[test]
fn the_client_name_three_hundred_thousand_times_on_one_line() {
    let body = "Zqx Client ".repeat(300_000);
    builds_in_time("names", &body, "private");
    let book_stderr = builds_in_time("names", &body, "public");
    assert!(!book_stderr.contains("n'est pas publiée"), "{book_stderr}");
}
