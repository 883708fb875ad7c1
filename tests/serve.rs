//! `debrief serve` end to end: the real binary on a free loopback port, a temporary book changed
//! on disk the way editors and users change it, and a minimal HTTP client (std `TcpStream`) that
//! reads what a browser would get. Waits are polls with a deadline, never fixed sleeps alone.

mod support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use support::{TempBook, debrief_process};

const BOOK_TOML: &str = "[book]\ntitle = \"Test book\"\nlanguage = \"en\"\n";

fn journal(title: &str, text: &str) -> String {
    format!(
        "---\ntitle: \"{title}\"\nclient: \"Acme\"\nstart: 2025-01-15\nstatus: active\ntags: [seo]\n---\n\n## Handover\n\n{text}\n"
    )
}

/// A temporary book with two journals, `alpha.md` and `beta.md`.
fn book() -> TempBook {
    let book = TempBook::with_missions(BOOK_TOML);
    book.mission("alpha.md", journal("Alpha", "Alpha first text."))
        .mission("beta.md", journal("Beta", "Beta text."));
    book
}

fn missions(book: &Path) -> PathBuf {
    book.join("content/missions")
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The running server; killed when dropped.
struct Server {
    child: Child,
    port: u16,
    stdout: Arc<Mutex<Vec<String>>>,
    stderr: Arc<Mutex<Vec<String>>>,
}

fn collect(stream: impl Read + Send + 'static) -> Arc<Mutex<Vec<String>>> {
    let lines = Arc::new(Mutex::new(Vec::new()));
    let sink = lines.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { break };
            sink.lock().unwrap().push(line);
        }
    });
    lines
}

impl Server {
    /// `debrief --lang en serve` with `args`.
    fn start(book: &Path, args: &[&str]) -> Server {
        Server::start_in(book, Some("en"), args)
    }

    /// `debrief [--lang lang] serve` with `args`.
    fn start_in(book: &Path, lang: Option<&str>, args: &[&str]) -> Server {
        let port = free_port();
        let mut command = debrief_process();
        command.args(["--book", book.to_str().unwrap()]);
        if let Some(lang) = lang {
            command.args(["--lang", lang]);
        }
        let mut child = command
            .arg("serve")
            .args(["--port", &port.to_string()])
            .args(args)
            .env("DEBRIEF_TODAY", "2026-01-15")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = collect(child.stdout.take().unwrap());
        let stderr = collect(child.stderr.take().unwrap());
        let server = Server {
            child,
            port,
            stdout,
            stderr,
        };
        // The port is bound before the first build; pages are answered once the site is built
        // and the watcher runs.
        server.wait_for("the server to answer", || {
            TcpStream::connect(("127.0.0.1", port)).is_ok() && get(port, "/").status == 200
        });
        server
    }

    fn get(&self, path: &str) -> Response {
        get(self.port, path)
    }

    fn rebuilds(&self) -> usize {
        let out = self.stdout.lock().unwrap();
        out.iter().filter(|l| l.starts_with("Rebuilt ")).count()
    }

    fn output(&self) -> String {
        format!(
            "stdout:\n{}\nstderr:\n{}",
            self.stdout.lock().unwrap().join("\n"),
            self.stderr.lock().unwrap().join("\n")
        )
    }

    /// Polls `ok` for up to 10 s.
    fn wait_for(&self, what: &str, mut ok: impl FnMut() -> bool) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if ok() {
                return;
            }
            std::thread::sleep(Duration::from_millis(25));
        }
        panic!("timed out waiting for {what}\n{}", self.output());
    }

    /// Waits until `path` answers `status` with a body containing `text`.
    fn wait_page(&self, path: &str, status: u16, text: &str) {
        self.wait_for(&format!("{path} → {status} with {text:?}"), || {
            let r = self.get(path);
            r.status == status && r.body.contains(text)
        });
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[derive(Debug)]
struct Response {
    status: u16,
    headers: String,
    body: String,
}

impl Response {
    fn header(&self, name: &str) -> Option<String> {
        self.headers.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }
}

/// `GET path` on a fresh connection (`Connection: close`), the path sent exactly as given, to
/// `Host: 127.0.0.1:port` as a browser sends it.
fn get(port: u16, path: &str) -> Response {
    get_with(port, path, &[&format!("Host: 127.0.0.1:{port}")])
}

/// `GET path` with these header lines (`Host` included, or not) and `Connection: close`.
fn get_with(port: u16, path: &str, headers: &[&str]) -> Response {
    let mut request = format!("GET {path} HTTP/1.1\r\n");
    for line in headers {
        request.push_str(line);
        request.push_str("\r\n");
    }
    request.push_str("Connection: close\r\n\r\n");
    raw(port, &request)
}

/// Sends `request` as is on a fresh connection; the response, read until the server closes.
fn raw(port: u16, request: &str) -> Response {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    parse(raw)
}

fn parse(raw: Vec<u8>) -> Response {
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let (status_line, headers) = head.split_once("\r\n").unwrap_or((head, ""));
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Response {
        status,
        headers: headers.to_string(),
        body: body.to_string(),
    }
}

/// A connection to the event stream (HTTP/1.0, so the body is not chunked).
struct Events {
    stream: TcpStream,
    seen: String,
}

impl Events {
    fn open(port: u16) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_millis(200)))
            .unwrap();
        write!(
            stream,
            "GET /__debrief/events HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n"
        )
        .unwrap();
        let mut events = Events {
            stream,
            seen: String::new(),
        };
        events.next_matching(": connected", Duration::from_secs(10));
        events
    }

    /// Reads until an event `name` arrives; returns its data. Panics after `timeout`.
    fn next(&mut self, name: &str, timeout: Duration) -> String {
        let marker = format!("event: {name}\n");
        self.next_matching(&marker, timeout)
    }

    fn next_matching(&mut self, marker: &str, timeout: Duration) -> String {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(at) = self.seen.find(marker) {
                let rest = &self.seen[at + marker.len()..];
                if let Some(end) = rest.find("\n\n") {
                    let data = rest[..end]
                        .lines()
                        .filter_map(|l| l.strip_prefix("data: "))
                        .collect::<Vec<_>>()
                        .join("\n");
                    self.seen = rest[end + 2..].to_string();
                    return data;
                }
            }
            assert!(
                Instant::now() < deadline,
                "no {marker:?} in the event stream; got {:?}",
                self.seen
            );
            let mut buf = [0; 4096];
            match self.stream.read(&mut buf) {
                Ok(0) => panic!("the event stream closed; got {:?}", self.seen),
                Ok(n) => self.seen.push_str(&String::from_utf8_lossy(&buf[..n])),
                Err(_) => {}
            }
        }
    }
}

#[test]
fn pages_follow_edits_creations_deletions_renames_and_editor_saves() {
    let book = book();
    let dir = missions(book.root());
    let server = Server::start(book.root(), &[]);
    let page = server.get("/missions/alpha/index.html");
    assert_eq!(page.status, 200, "{}", server.output());
    assert!(page.body.contains("Alpha first text."));
    assert!(server.stdout.lock().unwrap()[0].starts_with("Built "));
    assert!(server.output().contains(&format!(
        "Serving private view of Test book at http://127.0.0.1:{}/ (Ctrl-C to stop)",
        server.port
    )));

    // Edit in place.
    std::fs::write(dir.join("alpha.md"), journal("Alpha", "Alpha edited text.")).unwrap();
    server.wait_page("/missions/alpha/index.html", 200, "Alpha edited text.");
    server.wait_for("the rebuild line", || {
        server
            .output()
            .contains("(content/missions/alpha.md changed)")
    });

    // A new journal, in a new directory.
    std::fs::create_dir_all(dir.join("2026")).unwrap();
    std::fs::write(dir.join("2026/gamma.md"), journal("Gamma", "Gamma text.")).unwrap();
    server.wait_page("/missions/gamma/index.html", 200, "Gamma text.");
    server.wait_page("/", 200, "Gamma");
    // The missions list is rendered again with the others: it lists the new mission.
    server.wait_page("/missions/", 200, "Gamma</a>");
    assert!(server.get("/missions/index.html").body.contains("Beta</a>"));

    // Deleted: the site's 404 page, with status 404.
    std::fs::remove_file(dir.join("beta.md")).unwrap();
    server.wait_page("/missions/beta/index.html", 404, "Page not found");
    server.wait_for("the missions list without the deleted mission", || {
        let list = server.get("/missions/");
        list.status == 200 && list.body.contains("Gamma</a>") && !list.body.contains("Beta</a>")
    });
    let gone = server.get("/missions/beta/index.html");
    assert!(
        gone.body.contains("/__debrief/events"),
        "404 page reloads too"
    );

    // Renamed: old URL 404, new URL 200.
    std::fs::rename(dir.join("alpha.md"), dir.join("delta.md")).unwrap();
    server.wait_page("/missions/delta/index.html", 200, "Alpha edited text.");
    assert_eq!(server.get("/missions/alpha/index.html").status, 404);

    // A whole directory renamed.
    std::fs::rename(dir.join("2026"), dir.join("archive")).unwrap();
    std::fs::write(
        dir.join("archive/gamma.md"),
        journal("Gamma", "Gamma moved."),
    )
    .unwrap();
    server.wait_page("/missions/gamma/index.html", 200, "Gamma moved.");

    // vim: `4913` write test, swap file, new text written aside, then renamed over the journal.
    std::fs::write(dir.join("4913"), "").unwrap();
    std::fs::remove_file(dir.join("4913")).unwrap();
    std::fs::write(dir.join(".delta.md.swp"), "swap").unwrap();
    std::fs::write(dir.join("delta.md~"), "backup").unwrap();
    std::fs::write(
        dir.join("delta.md.tmp"),
        journal("Alpha", "Saved by rename."),
    )
    .unwrap();
    std::fs::rename(dir.join("delta.md.tmp"), dir.join("delta.md")).unwrap();
    server.wait_page("/missions/delta/index.html", 200, "Saved by rename.");
    std::fs::remove_file(dir.join(".delta.md.swp")).unwrap();
}

#[test]
fn a_burst_of_saves_gives_few_rebuilds() {
    let book = book();
    let path = missions(book.root()).join("alpha.md");
    let server = Server::start(book.root(), &[]);
    let before = server.rebuilds();
    for i in 0..50 {
        std::fs::write(&path, journal("Alpha", &format!("Save number {i}."))).unwrap();
    }
    server.wait_page("/missions/alpha/index.html", 200, "Save number 49.");
    std::thread::sleep(Duration::from_millis(500));
    let rebuilds = server.rebuilds() - before;
    assert!(
        (1..=5).contains(&rebuilds),
        "{rebuilds} rebuilds for 50 saves\n{}",
        server.output()
    );
}

#[test]
fn a_broken_journal_shows_its_error_and_keeps_the_last_good_page() {
    let book = book();
    let path = missions(book.root()).join("alpha.md");
    let server = Server::start(book.root(), &[]);
    let mut events = Events::open(server.port);

    std::fs::write(
        &path,
        "---\ntitle: [unclosed\nclient: Acme\n---\n\nBroken text.\n",
    )
    .unwrap();
    let error = events.next("error", Duration::from_secs(10));
    let place: Vec<&str> = error.splitn(4, ':').collect();
    assert_eq!(place[0], "content/missions/alpha.md", "{error}");
    assert!(
        place[1].parse::<u32>().is_ok() && place[2].parse::<u32>().is_ok(),
        "path:line:col first: {error}"
    );
    let page = server.get("/missions/alpha/index.html");
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("Alpha first text."),
        "the last good page"
    );
    server.wait_for("the error in the terminal", || {
        server
            .output()
            .contains(&format!("error: {}:{}:{}:", place[0], place[1], place[2]))
    });
    // A page opened now gets the error as soon as it connects.
    let mut late = Events::open(server.port);
    assert_eq!(late.next("error", Duration::from_secs(5)), error);

    std::fs::write(&path, journal("Alpha", "Fixed text.")).unwrap();
    events.next("reload", Duration::from_secs(10));
    server.wait_page("/missions/alpha/index.html", 200, "Fixed text.");
    server.wait_for("the terminal to say it is fixed", || {
        server
            .stdout
            .lock()
            .unwrap()
            .iter()
            .any(|l| l == "Fixed: content/missions/alpha.md loads again.")
    });

    // A template that does not compile: error, last good site kept.
    let templates = book.root().join("theme/templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(templates.join("mission.html"), "{% if %}").unwrap();
    let error = events.next("error", Duration::from_secs(10));
    assert!(error.contains("mission.html:1:"), "{error}");
    assert!(
        server
            .get("/missions/alpha/index.html")
            .body
            .contains("Fixed text.")
    );
    std::fs::remove_file(templates.join("mission.html")).unwrap();
    events.next("reload", Duration::from_secs(10));
}

/// Replaces `path` with `text` in one step (written beside it under a hidden name, which the
/// watcher ignores, then renamed), so no rebuild sees it half written.
fn replace(path: &Path, text: &str) {
    let name = path.file_name().unwrap().to_string_lossy();
    let tmp = path.with_file_name(format!(".{name}.new"));
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

#[test]
fn a_file_that_never_loaded_has_no_page_until_it_is_fixed_and_the_terminal_says_so() {
    let book = book();
    let beta = missions(book.root()).join("beta.md");
    std::fs::write(&beta, "Beta without front matter.\n").unwrap();
    let server = Server::start_in(book.root(), Some("fr"), &[]);
    let error = "content/missions/beta.md:1:1: pas d’en-tête (front matter)\u{a0}: le fichier doit commencer par une ligne `---` (YAML) ou `+++` (TOML)";
    server.wait_for("the error in the terminal", || {
        let stderr = server.stderr.lock().unwrap();
        stderr
            .iter()
            .any(|l| *l == format!("erreur\u{a0}: {error}"))
            && stderr
                .iter()
                .any(|l| l == "  = le dernier site correct reste servi jusqu’à la correction")
    });
    // A page that connects gets the error; the journal has no page, the others are served.
    let mut events = Events::open(server.port);
    assert_eq!(events.next("error", Duration::from_secs(5)), error);
    assert_eq!(server.get("/missions/beta/index.html").status, 404);
    assert!(
        server
            .get("/missions/alpha/index.html")
            .body
            .contains("Alpha first text.")
    );

    replace(&beta, &journal("Beta", "Beta fixed."));
    events.next("reload", Duration::from_secs(10));
    server.wait_page("/missions/beta/index.html", 200, "Beta fixed.");
    server.wait_for("the terminal to say it is fixed", || {
        server
            .stdout
            .lock()
            .unwrap()
            .iter()
            .any(|l| l == "Corrigé\u{a0}: content/missions/beta.md se charge de nouveau.")
    });

    // The home introduction that does not load: an error, and its last good version stays.
    let intro = book.root().join("content/_index.md");
    replace(&intro, "---\ntitle: \"Welcome\"\n---\n\nIntro text one.\n");
    events.next("reload", Duration::from_secs(10));
    server.wait_page("/", 200, "Intro text one.");
    replace(&intro, "---\ntitle: [\"Welcome\"\n---\n\nIntro text two.\n");
    // The whole book was rendered again: open pages reload, and get the error on connecting.
    let error = "content/_index.md:2:8: en-tête YAML invalide\u{a0}: une liste `[` ou une table `{` ouverte ici n’est pas fermée (le lecteur YAML dit «\u{a0}while parsing a flow sequence, expected ',' or ']'\u{a0}»)";
    server.wait_for("the error in the terminal", || {
        let stderr = server.stderr.lock().unwrap();
        stderr
            .iter()
            .any(|l| *l == format!("erreur\u{a0}: {error}"))
    });
    events.next("reload", Duration::from_secs(10));
    let mut late = Events::open(server.port);
    assert_eq!(late.next("error", Duration::from_secs(5)), error);
    let home = server.get("/");
    assert!(
        home.body.contains("Intro text one.") && !home.body.contains("Intro text two."),
        "the last good introduction"
    );
    // A deleted journal that did not load is gone, not fixed.
    std::fs::write(&beta, "broken again\n").unwrap();
    events.next("error", Duration::from_secs(10));
    std::fs::remove_file(&beta).unwrap();
    server.wait_page("/missions/beta/index.html", 404, "");
    replace(
        &intro,
        "---\ntitle: \"Welcome\"\n---\n\nIntro text three.\n",
    );
    events.next("reload", Duration::from_secs(10));
    server.wait_page("/", 200, "Intro text three.");
    server.wait_for("the terminal to say it is fixed", || {
        server
            .stdout
            .lock()
            .unwrap()
            .iter()
            .any(|l| l == "Corrigé\u{a0}: content/_index.md se charge de nouveau.")
    });
    let fixed: Vec<String> = server
        .stdout
        .lock()
        .unwrap()
        .iter()
        .filter(|l| l.starts_with("Corrigé"))
        .cloned()
        .collect();
    assert_eq!(
        fixed,
        [
            "Corrigé\u{a0}: content/missions/beta.md se charge de nouveau.",
            "Corrigé\u{a0}: content/_index.md se charge de nouveau."
        ]
    );
}

#[test]
fn an_invalid_book_toml_is_shown_and_recovered_from() {
    let book = book();
    let server = Server::start(book.root(), &[]);
    let mut events = Events::open(server.port);
    let toml = book.root().join("book.toml");
    std::fs::write(&toml, "[book\ntitle = \"x\"\n").unwrap();
    let error = events.next("error", Duration::from_secs(10));
    assert!(error.contains("book.toml:1:"), "{error}");
    assert_eq!(server.get("/missions/alpha/index.html").status, 200);
    std::fs::write(&toml, BOOK_TOML.replace("Test book", "Renamed book")).unwrap();
    events.next("reload", Duration::from_secs(10));
    server.wait_page("/", 200, "Renamed book");
}

#[test]
fn only_site_files_are_served_with_their_content_types() {
    let book = book();
    let server = Server::start(book.root(), &[]);
    // Files are served from memory: nothing outside the built site, a symlink included, can be
    // reached, whatever the path says. These are the usual ways of trying.
    for path in [
        "/../Cargo.toml",
        "/../book.toml",
        "/%2e%2e/book.toml",
        "/..%2fbook.toml",
        "/..%2f..%2fCargo.toml",
        "//etc/passwd",
        "/static/../../book.toml",
        "/%2fetc%2fpasswd",
        "/content/missions/alpha.md",
        "/book.toml",
    ] {
        let r = server.get(path);
        assert_eq!(r.status, 404, "{path}");
        assert!(
            r.body.contains("Page not found"),
            "{path}: the site's 404 page"
        );
        assert!(
            !r.body.contains("[book]") && !r.body.contains("root:"),
            "{path}"
        );
    }
    for (path, kind) in [
        ("/", "text/html; charset=utf-8"),
        ("/missions/alpha/index.html", "text/html; charset=utf-8"),
        ("/static/style.css", "text/css; charset=utf-8"),
        ("/static/search.js", "text/javascript; charset=utf-8"),
    ] {
        let r = server.get(path);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("content-type").as_deref(), Some(kind), "{path}");
        assert_eq!(r.header("cache-control").as_deref(), Some("no-store"));
        assert_eq!(
            r.body.contains("__debrief/events"),
            kind.starts_with("text/html"),
            "{path}: the reload script is in HTML pages only"
        );
    }
    let lessons = server.get("/lessons");
    assert_eq!(lessons.status, 301);
    assert_eq!(lessons.header("location").as_deref(), Some("/lessons/"));
}

#[test]
fn xml_files_have_an_xml_content_type() {
    let book = book();
    std::fs::write(
        book.root().join("book.toml"),
        format!("{BOOK_TOML}\n[site]\nbase-url = \"https://example.org/\"\n"),
    )
    .unwrap();
    let server = Server::start(book.root(), &[]);
    let r = server.get("/sitemap.xml");
    assert_eq!(r.status, 200, "{}", server.output());
    assert_eq!(
        r.header("content-type").as_deref(),
        Some("application/xml; charset=utf-8")
    );
    // The 404 page links to the dev server's root (`/`, escaped by the template), not to the
    // real site.
    let missing = server.get("/no/such/page/");
    assert!(
        missing.body.contains("href=\"&#x2f;static/style.css\""),
        "{}",
        missing.body
    );
    assert!(!missing.body.contains("example.org/static"));
}

/// The private view serves the calendar of deadlines (`deadlines.md`) as `text/calendar`, and
/// follows the journals like every page; the public view has none.
#[test]
fn the_private_view_serves_deadlines_ics_as_a_calendar() {
    let book = book();
    let gamma = "---\ntitle: \"Gamma\"\nclient: \"Acme\"\nstart: 2025-01-15\nend: 2025-12-31\nstatus: active\n---\n";
    std::fs::write(missions(book.root()).join("gamma.md"), gamma).unwrap();
    let server = Server::start(book.root(), &[]);
    let r = server.get("/deadlines.ics");
    assert_eq!(r.status, 200, "{}", server.output());
    assert_eq!(
        r.header("content-type").as_deref(),
        Some("text/calendar; charset=utf-8")
    );
    assert!(r.body.starts_with("BEGIN:VCALENDAR\r\n"), "{}", r.body);
    assert!(
        r.body.contains("UID:close-mission.gamma@debrief\r\nDTSTAMP:20260115T000000Z\r\nDUE;VALUE=DATE:20260107\r\n"),
        "{}",
        r.body
    );
    // Closing the mission closes its deadline.
    replace(
        &missions(book.root()).join("gamma.md"),
        &gamma.replace("status: active", "status: closed"),
    );
    server.wait_for("the deadline to go", || {
        !server
            .get("/deadlines.ics")
            .body
            .contains("close-mission.gamma")
    });
    let public = Server::start(book.root(), &["--audience", "public"]);
    assert_eq!(public.get("/deadlines.ics").status, 404);
}

#[test]
fn the_disk_build_has_no_reload_script() {
    let book = book();
    let dest = book.root().join("out");
    let status = debrief_process()
        .args(["--book", book.root().to_str().unwrap(), "-q", "build"])
        .args(["--audience", "private", "--dest", dest.to_str().unwrap()])
        .status()
        .unwrap();
    assert!(status.success());
    let mut files = 0;
    for entry in walk(&dest) {
        files += 1;
        let bytes = std::fs::read(&entry).unwrap();
        assert!(
            !String::from_utf8_lossy(&bytes).contains("__debrief"),
            "{}",
            entry.display()
        );
    }
    assert!(files > 5);
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn a_taken_port_is_an_error_when_given() {
    let book = book();
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    for (lang, expected) in [
        ("en", format!("error: cannot listen on 127.0.0.1:{port}: ")),
        (
            "fr",
            format!("erreur\u{a0}: impossible d’écouter sur 127.0.0.1:{port}\u{a0}: "),
        ),
    ] {
        let out = debrief_process()
            .args(["--book", book.root().to_str().unwrap(), "--lang", lang])
            .args(["serve", "--port", &port.to_string()])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(&expected), "{lang}: {stderr}");
    }
}

/// 20,000 requests over 50 keep-alive connections: no error. The rate is printed, not asserted.
#[test]
fn load_test_twenty_thousand_requests_over_fifty_connections() {
    const CONNECTIONS: usize = 50;
    const PER_CONNECTION: usize = 400;
    let book = book();
    let server = Server::start(book.root(), &[]);
    let port = server.port;
    let started = Instant::now();
    let workers: Vec<_> = (0..CONNECTIONS)
        .map(|n| {
            std::thread::spawn(move || -> usize {
                let paths = [
                    "/",
                    "/missions/alpha/index.html",
                    "/static/style.css",
                    "/nope",
                ];
                let Ok(stream) = TcpStream::connect(("127.0.0.1", port)) else {
                    return PER_CONNECTION;
                };
                stream
                    .set_read_timeout(Some(Duration::from_secs(10)))
                    .unwrap();
                let mut writer = stream.try_clone().unwrap();
                let mut reader = BufReader::new(stream);
                let mut errors = 0;
                for i in 0..PER_CONNECTION {
                    let path = paths[(n + i) % paths.len()];
                    let expected = if path == "/nope" { 404 } else { 200 };
                    match request(&mut writer, &mut reader, path) {
                        Ok(status) if status == expected => {}
                        _ => errors += 1,
                    }
                }
                errors
            })
        })
        .collect();
    let errors: usize = workers.into_iter().map(|w| w.join().unwrap()).sum();
    let secs = started.elapsed().as_secs_f64();
    let total = CONNECTIONS * PER_CONNECTION;
    println!(
        "load test: {total} requests over {CONNECTIONS} connections in {secs:.2} s ({:.0} requests/s), {errors} errors",
        total as f64 / secs
    );
    assert_eq!(errors, 0);
}

/// One keep-alive request: the status, after reading the whole body (by Content-Length).
fn request(
    writer: &mut TcpStream,
    reader: &mut BufReader<TcpStream>,
    path: &str,
) -> std::io::Result<u16> {
    write!(writer, "GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n")?;
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let status = line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let mut length = 0;
    loop {
        line.clear();
        reader.read_line(&mut line)?;
        if line == "\r\n" || line.is_empty() {
            break;
        }
        if let Some((k, v)) = line.split_once(':')
            && k.eq_ignore_ascii_case("content-length")
        {
            length = v.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    Ok(status)
}

#[test]
fn poll_mode_sees_changes_too() {
    let book = book();
    let server = Server::start(book.root(), &["--poll"]);
    // The poll watcher's first scan is the baseline changes are compared with: a write before it
    // is not a change. Give it two poll intervals.
    std::thread::sleep(Duration::from_millis(1200));
    std::fs::write(
        missions(book.root()).join("alpha.md"),
        journal("Alpha", "Seen by polling."),
    )
    .unwrap();
    server.wait_page("/missions/alpha/index.html", 200, "Seen by polling.");
}

// ---------------------------------------------------------------------------------------------
// Who is answered (docs/serve.md, "Security"): only requests addressed to this machine, not
// subresources asked for by pages of other sites; idle connections are closed.
// ---------------------------------------------------------------------------------------------

const REFUSED_HOST: &str = "debrief serve only answers requests addressed to localhost, 127.0.0.1 or [::1] (on any port), to the address given with --bind or to a name given with --host";
const REFUSED_CROSS_SITE: &str = "debrief serve refused this request, made by a page of another site (Sec-Fetch-Site: cross-site)";

/// A 403 with a short plain-text reason, and nothing of the book.
fn assert_refused(r: &Response, reason: &str, what: &str) {
    assert_eq!(r.status, 403, "{what}: {r:?}");
    assert_eq!(
        r.header("content-type").as_deref(),
        Some("text/plain; charset=utf-8"),
        "{what}"
    );
    assert!(r.body.contains(reason), "{what}: {}", r.body);
    assert!(r.body.len() < 600, "{what}: a short message");
    for private in ["Test book", "Acme", "Alpha", "<html"] {
        assert!(!r.body.contains(private), "{what}: {private} in {}", r.body);
    }
}

/// The status line and headers of a streaming response (the event stream), on a connection left
/// open.
fn head_only(port: u16, request: &str) -> Response {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut seen = Vec::new();
    while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
        assert!(Instant::now() < deadline, "no response head: {seen:?}");
        let mut buf = [0; 4096];
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => seen.extend_from_slice(&buf[..n]),
            Err(_) => {}
        }
    }
    parse(seen)
}

#[test]
fn requests_addressed_to_other_hosts_are_refused() {
    let book = book();
    let server = Server::start(book.root(), &[]);
    let port = server.port;
    for host in [
        "evil.test".to_string(),
        "evil.test:3000".to_string(),
        format!("evil.test:{port}"),
        // Only the exact names: not those that start or end like them.
        "localhost.evil.com".to_string(),
        format!("localhost.evil.com:{port}"),
        "evil-localhost".to_string(),
        "localhost-evil".to_string(),
        "127.0.0.1.nip.io".to_string(),
        // `localhost.` (fully qualified) is another name, another origin: refused.
        "localhost.".to_string(),
        format!("localhost.:{port}"),
        // Other addresses: unspecified, other loopback ones, other spellings.
        "0.0.0.0".to_string(),
        "127.0.0.2".to_string(),
        "127.1".to_string(),
        "2130706433".to_string(),
        "[::2]".to_string(),
        "[::ffff:127.0.0.1]".to_string(),
        // Malformed.
        String::new(),
        "localhost:".to_string(),
        "localhost:x".to_string(),
        "::1".to_string(),
        "user@localhost".to_string(),
    ] {
        let r = get_with(port, "/", &[&format!("Host: {host}")]);
        assert_refused(&r, REFUSED_HOST, &format!("Host: {host}"));
        assert!(r.body.contains("--host NAME"), "what to do: {}", r.body);
    }
    // What a page of evil.test rebound to 127.0.0.1 would ask for: every file, the event stream.
    let evil = "Host: evil.test:3000";
    for path in [
        "/static/search-index.js",
        "/missions/alpha/index.html",
        "/nope",
        "/lessons",
    ] {
        assert_refused(&get_with(port, path, &[evil]), REFUSED_HOST, path);
    }
    let events = raw(
        port,
        "GET /__debrief/events HTTP/1.1\r\nHost: evil.test\r\nConnection: close\r\n\r\n",
    );
    assert_refused(&events, REFUSED_HOST, "the event stream");
    let head = raw(
        port,
        "HEAD / HTTP/1.1\r\nHost: evil.test\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(head.status, 403);
    assert_eq!(head.body, "");

    // Without a Host header (HTTP/1.0 allows it): refused, as nothing says where it was sent.
    let r = raw(port, "GET / HTTP/1.0\r\n\r\n");
    assert_refused(&r, REFUSED_HOST, "HTTP/1.0 without Host");
    assert!(r.body.contains("no Host header"), "{}", r.body);
    let r = raw(port, "GET / HTTP/1.1\r\nConnection: close\r\n\r\n");
    assert_refused(&r, REFUSED_HOST, "HTTP/1.1 without Host");
    // Two Host headers.
    let two = [
        &format!("Host: 127.0.0.1:{port}") as &str,
        "Host: evil.test",
    ];
    assert_refused(&get_with(port, "/", &two), REFUSED_HOST, "two hosts");
    // An absolute URI names the host that counts: it must be allowed too.
    let r = raw(
        port,
        &format!(
            "GET http://evil.test/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
        ),
    );
    assert_refused(&r, REFUSED_HOST, "absolute URI");
    assert!(r.body.contains("`evil.test`"), "{}", r.body);
}

#[test]
fn loopback_hosts_are_answered_on_any_port_in_any_case() {
    let book = book();
    let server = Server::start(book.root(), &[]);
    let port = server.port;
    for host in [
        "localhost".to_string(),
        format!("localhost:{port}"),
        "localhost:1234".to_string(),
        "LOCALHOST".to_string(),
        "LocalHost:1".to_string(),
        "127.0.0.1".to_string(),
        format!("127.0.0.1:{port}"),
        "127.0.0.1:65535".to_string(),
        "[::1]".to_string(),
        format!("[::1]:{port}"),
        "[::1]:8080".to_string(),
        "[0:0:0:0:0:0:0:1]:8080".to_string(),
    ] {
        let r = get_with(
            port,
            "/missions/alpha/index.html",
            &[&format!("Host: {host}")],
        );
        assert_eq!(r.status, 200, "Host: {host}");
        assert!(r.body.contains("Alpha first text."), "Host: {host}");
    }
    let r = raw(
        port,
        &format!(
            "GET http://localhost:{port}/ HTTP/1.1\r\nHost: localhost:{port}\r\nConnection: close\r\n\r\n"
        ),
    );
    assert_eq!(r.status, 200, "an absolute URI to an allowed host");
}

#[test]
fn the_host_option_allows_that_host_on_any_port() {
    let book = book();
    let server = Server::start(
        book.root(),
        &["--host", "example.test", "--host", "192.0.2.7"],
    );
    let port = server.port;
    for host in [
        "example.test",
        "example.test:3000",
        "EXAMPLE.Test:1",
        "192.0.2.7:3000",
        "localhost:3000",
        "127.0.0.1",
    ] {
        let r = get_with(port, "/", &[&format!("Host: {host}")]);
        assert_eq!(r.status, 200, "Host: {host}");
    }
    for host in [
        "www.example.test",
        "example.test.",
        "example.test.evil.com",
        "evil.test",
        "192.0.2.8",
    ] {
        let r = get_with(port, "/", &[&format!("Host: {host}")]);
        assert_refused(&r, REFUSED_HOST, host);
    }
}

#[test]
fn the_host_option_refuses_ports_and_wildcards() {
    for (value, expected) in [
        ("example.test:3000", "without its port"),
        ("*", "is not a host name"),
        ("http://example.test/", "is not a host name"),
    ] {
        let out = debrief_process()
            .args(["--lang", "en", "serve", "--host", value])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{value}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(expected), "{value}: {stderr}");
    }
}

#[test]
fn cross_site_requests_are_refused_unless_they_are_navigations() {
    let book = book();
    let server = Server::start(book.root(), &[]);
    let port = server.port;
    let host = format!("Host: 127.0.0.1:{port}");
    for (site, mode, status) in [
        // `<script src="http://127.0.0.1:3000/static/search-index.js">` on another site.
        (Some("cross-site"), Some("no-cors"), 403),
        (Some("cross-site"), Some("cors"), 403),
        (Some("cross-site"), Some("same-origin"), 403),
        (Some("cross-site"), None, 403),
        (Some("Cross-Site"), Some("no-cors"), 403),
        // A link from another site, or a bookmark: answered.
        (Some("cross-site"), Some("navigate"), 200),
        (Some("same-origin"), Some("no-cors"), 200),
        (Some("same-origin"), Some("cors"), 200),
        (Some("same-site"), Some("no-cors"), 200),
        (Some("none"), Some("navigate"), 200),
        (None, Some("no-cors"), 200),
        (None, None, 200),
    ] {
        for path in [
            "/static/search-index.js",
            "/static/search.js",
            "/missions/alpha/index.html",
        ] {
            let mut headers = vec![host.clone()];
            headers.extend(site.map(|s| format!("Sec-Fetch-Site: {s}")));
            headers.extend(mode.map(|m| format!("Sec-Fetch-Mode: {m}")));
            let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
            let r = get_with(port, path, &headers);
            let what = format!("{path} {site:?} {mode:?}");
            if status == 403 {
                assert_refused(&r, REFUSED_CROSS_SITE, &what);
            } else {
                assert_eq!(r.status, 200, "{what}");
            }
        }
    }
    // The event stream too (an EventSource of another site is `cors`).
    let r = raw(
        port,
        &format!(
            "GET /__debrief/events HTTP/1.1\r\n{host}\r\nSec-Fetch-Site: cross-site\r\nSec-Fetch-Mode: cors\r\nConnection: close\r\n\r\n"
        ),
    );
    assert_refused(&r, REFUSED_CROSS_SITE, "the event stream");
    let r = head_only(
        port,
        &format!(
            "GET /__debrief/events HTTP/1.1\r\n{host}\r\nSec-Fetch-Site: same-origin\r\nSec-Fetch-Mode: cors\r\n\r\n"
        ),
    );
    assert_eq!(r.status, 200);
    assert_eq!(
        r.header("content-type").as_deref(),
        Some("text/event-stream")
    );
}

#[test]
fn every_response_has_cross_origin_resource_policy_same_origin() {
    let book = book();
    let server = Server::start(book.root(), &[]);
    let port = server.port;
    let host = format!("Host: 127.0.0.1:{port}");
    let get = |path: &str| format!("GET {path} HTTP/1.1\r\n{host}\r\nConnection: close\r\n\r\n");
    let mut responses = vec![
        ("page", raw(port, &get("/")), 200),
        (
            "mission",
            raw(port, &get("/missions/alpha/index.html")),
            200,
        ),
        ("css", raw(port, &get("/static/style.css")), 200),
        (
            "search index",
            raw(port, &get("/static/search-index.js")),
            200,
        ),
        ("404", raw(port, &get("/nope")), 404),
        ("refused path", raw(port, &get("/../book.toml")), 404),
        ("redirect", raw(port, &get("/lessons")), 301),
        (
            "HEAD",
            raw(
                port,
                &format!("HEAD / HTTP/1.1\r\n{host}\r\nConnection: close\r\n\r\n"),
            ),
            200,
        ),
        (
            "POST",
            raw(
                port,
                &format!(
                    "POST / HTTP/1.1\r\n{host}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                ),
            ),
            405,
        ),
        (
            "foreign host",
            raw(
                port,
                "GET / HTTP/1.1\r\nHost: evil.test\r\nConnection: close\r\n\r\n",
            ),
            403,
        ),
        (
            "cross-site",
            raw(
                port,
                &format!(
                    "GET / HTTP/1.1\r\n{host}\r\nSec-Fetch-Site: cross-site\r\nSec-Fetch-Mode: no-cors\r\nConnection: close\r\n\r\n"
                ),
            ),
            403,
        ),
        (
            "event stream",
            head_only(
                port,
                &format!("GET /__debrief/events HTTP/1.1\r\n{host}\r\n\r\n"),
            ),
            200,
        ),
    ];
    responses.push((
        "event stream, HTTP/1.0",
        head_only(
            port,
            &format!("GET /__debrief/events HTTP/1.0\r\n{host}\r\n\r\n"),
        ),
        200,
    ));
    for (what, r, status) in responses {
        assert_eq!(r.status, status, "{what}");
        assert_eq!(
            r.header("cross-origin-resource-policy").as_deref(),
            Some("same-origin"),
            "{what}: {}",
            r.headers
        );
    }
}

#[test]
fn refusals_speak_the_language_of_the_book_or_of_lang() {
    let book = book();
    // --lang fr over an English book.
    let server = Server::start_in(book.root(), Some("fr"), &[]);
    let port = server.port;
    let r = get_with(port, "/", &["Host: evil.test"]);
    assert_eq!(r.status, 403);
    assert!(
        r.body.contains(
            "debrief serve ne répond qu’aux requêtes adressées à localhost, 127.0.0.1 ou [::1]"
        ) && r.body.contains("--host NOM"),
        "{}",
        r.body
    );
    let r = get_with(
        port,
        "/",
        &[
            &format!("Host: localhost:{port}"),
            "Sec-Fetch-Site: cross-site",
            "Sec-Fetch-Mode: no-cors",
        ],
    );
    assert_eq!(r.status, 403);
    assert!(
        r.body.contains("debrief serve a refusé cette requête"),
        "{}",
        r.body
    );
    drop(server);

    // A French book, no --lang.
    std::fs::write(
        book.root().join("book.toml"),
        BOOK_TOML.replace("\"en\"", "\"fr\""),
    )
    .unwrap();
    let server = Server::start_in(book.root(), None, &[]);
    let r = get_with(server.port, "/", &["Host: evil.test"]);
    assert!(r.body.contains("ne répond qu’aux requêtes"), "{}", r.body);
}

/// A connection that sends nothing, or part of a request: it must not keep others from being
/// answered.
fn idle_connection(port: u16, n: usize) -> TcpStream {
    // A server that stopped accepting leaves connections in its backlog: fail instead of waiting.
    let address = std::net::SocketAddr::from(([127, 0, 0, 1], port));
    let mut stream = TcpStream::connect_timeout(&address, Duration::from_secs(10))
        .unwrap_or_else(|e| panic!("idle connection {n}: {e}"));
    if n % 2 == 1 {
        stream
            .write_all(b"GET /missions/alpha/index.html HTTP/1.1\r\nHost: local")
            .unwrap();
    }
    stream
}

/// Whether the server closed `stream` (an end of file or a reset) within `timeout`; an error
/// when it sent something instead.
fn closed_within(stream: &mut TcpStream, timeout: Duration) -> std::io::Result<bool> {
    stream.set_read_timeout(Some(timeout))?;
    let mut buf = [0; 64];
    match stream.read(&mut buf) {
        Ok(0) => Ok(true),
        Ok(n) => Err(std::io::Error::other(format!(
            "unexpected bytes: {:?}",
            String::from_utf8_lossy(&buf[..n])
        ))),
        Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => Ok(true),
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
            ) =>
        {
            Ok(false)
        }
        Err(e) => Err(e),
    }
}

#[test]
fn five_hundred_idle_connections_do_not_stop_other_clients() {
    const IDLE: usize = 500;
    let book = book();
    let server = Server::start(book.root(), &[]);
    let port = server.port;
    let mut idle: Vec<TcpStream> = (0..IDLE).map(|n| idle_connection(port, n)).collect();

    let started = Instant::now();
    let page = server.get("/missions/alpha/index.html");
    let css = server.get("/static/style.css");
    let events = head_only(
        port,
        &format!("GET /__debrief/events HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n"),
    );
    let elapsed = started.elapsed();
    assert_eq!(page.status, 200, "{}", server.output());
    assert!(page.body.contains("Alpha first text."));
    assert_eq!(css.status, 200);
    assert_eq!(events.status, 200);
    // Answered while the idle connections are open, not after they were closed: the last ones
    // opened are still open (they are closed after 5 s).
    for (n, stream) in idle.iter_mut().enumerate().skip(IDLE - 10) {
        assert!(
            !closed_within(stream, Duration::from_millis(10)).unwrap(),
            "idle connection {n} closed already; answering took {elapsed:?}"
        );
    }
    assert!(
        elapsed < Duration::from_secs(5),
        "{elapsed:?} to answer beside {IDLE} idle connections"
    );
}

#[test]
fn idle_and_slow_connections_are_closed_after_a_few_seconds() {
    let book = book();
    let server = Server::start(book.root(), &[]);
    let port = server.port;
    let opened = Instant::now();
    // Nothing sent; part of a request line; one request, then nothing (keep-alive).
    let silent = idle_connection(port, 0);
    let partial = idle_connection(port, 1);
    let kept = TcpStream::connect(("127.0.0.1", port)).unwrap();
    kept.set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut writer = kept.try_clone().unwrap();
    let mut reader = BufReader::new(kept.try_clone().unwrap());
    assert_eq!(request(&mut writer, &mut reader, "/").unwrap(), 200);
    let answered = Instant::now();

    let deadline = opened + Duration::from_secs(20);
    for (what, mut stream, since) in [
        ("silent", silent, opened),
        ("partial", partial, opened),
        ("kept alive", kept, answered),
    ] {
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(
                !left.is_zero(),
                "the {what} connection is still open after {:?}",
                since.elapsed()
            );
            if closed_within(&mut stream, left.min(Duration::from_millis(500))).unwrap() {
                break;
            }
        }
        // The server waited (HEADER_READ_TIMEOUT, 5 s) before closing it.
        assert!(
            since.elapsed() >= Duration::from_secs(4),
            "the {what} connection was closed after {:?} only",
            since.elapsed()
        );
    }
}

#[test]
fn a_journal_nested_too_deep_is_reported_and_the_server_stays_up_and_recovers() {
    let book = book();
    let path = missions(book.root()).join("alpha.md");
    // Already there when the server starts (it used to overflow the stack at every start).
    std::fs::write(
        &path,
        format!(
            "---\ntitle: Alpha\nclient: Acme\nzq:\n{}a\n---\n",
            "- ".repeat(10_000)
        ),
    )
    .unwrap();
    let server = Server::start(book.root(), &[]);
    let place = "content/missions/alpha.md:5:127";
    let message = "invalid YAML front matter: lists and tables nested more than 64 levels deep";
    server.wait_for("the error in the terminal", || {
        server
            .output()
            .contains(&format!("error: {place}: {message}"))
    });
    assert_eq!(server.get("/missions/beta/index.html").status, 200);
    assert_eq!(server.get("/missions/alpha/index.html").status, 404);
    let mut events = Events::open(server.port);
    assert_eq!(
        events.next("error", Duration::from_secs(5)),
        format!("{place}: {message}")
    );

    // Fixed: its page appears.
    std::fs::write(&path, journal("Alpha", "Alpha fixed.")).unwrap();
    events.next("reload", Duration::from_secs(10));
    server.wait_page("/missions/alpha/index.html", 200, "Alpha fixed.");

    // Too deep again while the server runs, in the body this time: the last good page stays.
    std::fs::write(
        &path,
        format!(
            "---\ntitle: Alpha\nclient: Acme\nstart: 2025-01-15\nstatus: active\n---\n\n{}x\n",
            "> ".repeat(100_000)
        ),
    )
    .unwrap();
    let error = events.next("error", Duration::from_secs(30));
    assert_eq!(
        error,
        "content/missions/alpha.md:8:129: the journal's body nests more than 64 levels deep (block quotes, lists, HTML tags)"
    );
    let page = server.get("/missions/alpha/index.html");
    assert!(page.body.contains("Alpha fixed."), "{page:?}");

    std::fs::write(&path, journal("Alpha", "Alpha fixed again.")).unwrap();
    events.next("reload", Duration::from_secs(10));
    server.wait_page("/missions/alpha/index.html", 200, "Alpha fixed again.");
    let mut server = server;
    assert!(server.child.try_wait().unwrap().is_none(), "still running");
}

#[test]
fn control_characters_of_file_names_never_reach_the_terminal() {
    let book = book();
    let name = "bad\u{1b}]0;PWNED\u{7}.md";
    let path = missions(book.root()).join(name);
    std::fs::write(&path, "no front matter\n").unwrap();
    let server = Server::start(book.root(), &[]);
    let shown = "content/missions/bad\\u{1b}]0;PWNED\\u{7}.md";
    server.wait_for("the error in the terminal", || {
        server
            .output()
            .contains(&format!("error: {shown}:1:1: no front matter"))
    });
    std::fs::write(&path, journal("Bad", "Fixed.")).unwrap();
    server.wait_for("the rebuild line", || {
        server.output().contains(&format!("({shown} changed)"))
    });
    let output = server.output();
    assert!(
        !output.contains(['\u{1b}', '\u{7}']),
        "a raw control character reached the terminal:\n{output:?}"
    );
}

/// A closed mission with a context, a lesson, a tag and open checklist items.
fn closed_journal(tags: &str, handover: &str, lesson: &str, more: &str) -> String {
    format!(
        "---\ntitle: \"Gamma\"\nclient: \"Acme\"\nstart: 2025-01-15\nend: 2025-06-30\nstatus: closed\ntags: [{tags}]\n---\n\n## Context\n\nGamma context.\n\n## Handover\n\n{handover}\n\n## Lessons learned\n\n{lesson}\n{more}"
    )
}

/// A page as built, from a page as served: without the live-reload script.
fn without_script(body: &str) -> String {
    let start = "<script id=\"__debrief-live-reload\">";
    let Some(at) = body.find(start) else {
        return body.to_string();
    };
    let end = at + body[at..].find("</script>\n").unwrap() + "</script>\n".len();
    format!("{}{}", &body[..at], &body[end..])
}

/// The aggregate pages follow a save that changes what they list, and stay the same (as they were
/// rendered before) when the save changes nothing they show; after the saves, every file of
/// `debrief build` is served as built.
#[test]
fn aggregate_pages_change_with_what_they_list_and_only_then() {
    let book = book();
    let gamma = missions(book.root()).join("gamma.md");
    let save = |tags: &str, handover: &str, lesson: &str, more: &str| {
        std::fs::write(&gamma, closed_journal(tags, handover, lesson, more)).unwrap();
    };
    save("seo", "Gamma handover.", "Gamma lesson one.", "");
    let server = Server::start(book.root(), &[]);
    let aggregates = [
        "/",
        "/missions/",
        "/lessons/",
        "/tags/",
        "/tags/seo/",
        "/checklist/",
    ];
    let bodies = |server: &Server| -> Vec<String> {
        aggregates.iter().map(|p| server.get(p).body).collect()
    };
    assert!(server.get("/lessons/").body.contains("Gamma lesson one."));
    let delivered = "closed mission without a list of what was delivered";
    assert!(server.get("/checklist/").body.contains(delivered));
    let before = bodies(&server);

    // Only the handover's text: the aggregate pages do not show it (a card shows the first
    // paragraph, the context).
    save("seo", "Gamma handover, edited.", "Gamma lesson one.", "");
    server.wait_page("/missions/gamma/index.html", 200, "Gamma handover, edited.");
    for ((path, now), before) in aggregates.iter().zip(bodies(&server)).zip(&before) {
        assert!(now == *before, "{path} changed:\n{now}");
    }

    // The lesson: the lessons list changes.
    save("seo", "Gamma handover, edited.", "Gamma lesson two.", "");
    server.wait_page("/lessons/", 200, "Gamma lesson two.");
    assert!(!server.get("/lessons/").body.contains("Gamma lesson one."));

    // A new tag: its page, and the tags page lists it.
    save(
        "seo, audit",
        "Gamma handover, edited.",
        "Gamma lesson two.",
        "",
    );
    server.wait_page("/tags/audit/", 200, "Gamma");
    assert!(server.get("/tags/").body.contains("audit"));

    // An open item done: it leaves the checklist.
    let deliverables = "\n## Deliverables\n\n- A report\n";
    save(
        "seo, audit",
        "Gamma handover, edited.",
        "Gamma lesson two.",
        deliverables,
    );
    server.wait_for("the item to leave the checklist", || {
        let page = server.get("/checklist/");
        page.status == 200 && !page.body.contains(delivered) && page.body.contains("Gamma")
    });

    // The tag removed: its page is gone.
    save(
        "seo",
        "Gamma handover, edited.",
        "Gamma lesson two.",
        deliverables,
    );
    server.wait_page("/tags/audit/", 404, "Page not found");

    let dest = book.root().join("out");
    let status = debrief_process()
        .args([
            "--book",
            book.root().to_str().unwrap(),
            "--lang",
            "en",
            "-q",
        ])
        .args([
            "build",
            "--audience",
            "private",
            "--dest",
            dest.to_str().unwrap(),
        ])
        .env("DEBRIEF_TODAY", "2026-01-15")
        .status()
        .unwrap();
    assert!(status.success());
    let mut files = 0;
    for path in walk(&dest) {
        let rel = path
            .strip_prefix(&dest)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        // The marker of a built directory, and the 404 page (served with links from `/`).
        if rel == ".debrief-build" || rel == "404.html" {
            continue;
        }
        files += 1;
        let built = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        let served = server.get(&format!("/{rel}"));
        assert_eq!(served.status, 200, "{rel}");
        assert!(
            without_script(&served.body) == built,
            "{rel}: served\n{}\nbuilt\n{built}",
            served.body
        );
    }
    assert!(files > 10, "{files}");
}
