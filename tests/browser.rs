//! Browser tests: build the example book (the `book.toml` and `content/` at the repository root),
//! open the site from `file://` in headless Chromium and check what a reader relies on
//! (`shared/design/site.md`, "Behaviour users expect"): search finds a mission by a word of its
//! text and is keyboard navigable, links lead from home to a mission and back, the lessons tag
//! filter works, the missions list filters by status and year from the keyboard, and on every page there is no console error, no request leaves the machine,
//! nothing overflows sideways at 375 px and axe-core reports no serious or critical violation.
//!
//! Chromium is driven through chromedriver with W3C WebDriver over plain HTTP on 127.0.0.1: the
//! few requests are made by a small blocking HTTP/1.1 client below (std only, JSON through
//! serde_json), so these tests add no dependency.
//!
//! They are `#[ignore]`d: a plain `cargo test` lists them as ignored (never as passed when they
//! could not run). Run them with `cargo test --test browser -- --include-ignored`, as `.ci/run`
//! does; then a missing Chromium, chromedriver or axe-core is a failure that says how to get it.
//! `.ci/browser-deps.sh` installs what they need. Paths can be given with `DEBRIEF_CHROMIUM`,
//! `DEBRIEF_CHROMEDRIVER` and `AXE_CORE_JS`.

mod support;

use serde_json::{Value, json};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};
use support::debrief_process;

/// The date every build is made with, so that the checklist is stable.
const TODAY: &str = "2026-11-23";

/// W3C WebDriver's key for element references.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

const ARROW_DOWN: &str = "\u{E015}";
const ARROW_UP: &str = "\u{E013}";
const ENTER: &str = "\u{E007}";
const ESCAPE: &str = "\u{E00C}";

/// One browser at a time: the machines have two cores, and parallel Chromiums only make the
/// tests slower and flakier.
static BROWSER_LOCK: Mutex<()> = Mutex::new(());

// ---------------------------------------------------------------------------------------------
// Finding the tools (a missing one fails: these tests only run when asked for)
// ---------------------------------------------------------------------------------------------

struct Tools {
    chromium: PathBuf,
    chromedriver: PathBuf,
}

fn in_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

fn find_tool(env: &str, paths: &[&str], names: &[&str]) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(env).filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p)).filter(|p| p.is_file());
    }
    paths
        .iter()
        .map(PathBuf::from)
        .find(|p| p.is_file())
        .or_else(|| names.iter().find_map(|n| in_path(n)))
}

/// Chromium and chromedriver; a test asked for cannot run without them, so their absence fails.
fn tools() -> Tools {
    // Debian's /usr/bin/chromium is a shell wrapper that adds flags and extensions: prefer the
    // binary behind it.
    let chromium = find_tool(
        "DEBRIEF_CHROMIUM",
        &["/usr/lib/chromium/chromium", "/usr/bin/chromium"],
        &["chromium", "chromium-browser", "google-chrome", "chrome"],
    );
    let chromedriver = find_tool("DEBRIEF_CHROMEDRIVER", &[], &["chromedriver"]);
    match (chromium, chromedriver) {
        (Some(chromium), Some(chromedriver)) => Tools {
            chromium,
            chromedriver,
        },
        (chromium, chromedriver) => panic!(
            "browser tests need Chromium ({}) and chromedriver ({}): run .ci/browser-deps.sh \
             (or set DEBRIEF_CHROMIUM and DEBRIEF_CHROMEDRIVER)",
            if chromium.is_some() {
                "found"
            } else {
                "not found"
            },
            if chromedriver.is_some() {
                "found"
            } else {
                "not found"
            },
        ),
    }
}

/// axe-core's `axe.min.js`: `AXE_CORE_JS`, else the npm cache `.ci/browser-deps.sh` fills.
/// Missing, it fails: the accessibility checks are part of what these tests are run for.
fn axe_source() -> String {
    let path = match std::env::var_os("AXE_CORE_JS").filter(|p| !p.is_empty()) {
        Some(p) => PathBuf::from(p),
        None => {
            let home = std::env::var_os("HOME")
                .map(PathBuf::from)
                .unwrap_or_default();
            home.join(".cache/debrief-ci/npm/node_modules/axe-core/axe.min.js")
        }
    };
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "axe-core is missing ({}: {e}): run .ci/browser-deps.sh or set AXE_CORE_JS",
            path.display()
        )
    })
}

// ---------------------------------------------------------------------------------------------
// Building the example book
// ---------------------------------------------------------------------------------------------

struct Site {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

impl Site {
    fn build(audience: &str) -> Site {
        let dir = tempfile::tempdir().expect("temporary directory");
        let root = dir.path().join("site");
        let book = Path::new(env!("CARGO_MANIFEST_DIR"));
        let output = debrief_process()
            .current_dir(book)
            .args([
                "build",
                "--quiet",
                "--color",
                "never",
                "--audience",
                audience,
            ])
            .arg("--book")
            .arg(book)
            .arg("--dest")
            .arg(&root)
            .args(["--today", TODAY])
            .output()
            .expect("run debrief build");
        assert!(
            output.status.success(),
            "debrief build --audience {audience} failed:\n{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        Site { _dir: dir, root }
    }

    /// The `file://` URL of a page, given relative to the site root.
    fn url(&self, page: &str) -> String {
        file_url(&self.root.join(page))
    }

    /// The URL to open `page` at. `404.html` is the exception: a server sends it for any missing
    /// path, so when the book has a `base-url` it links to its assets through that URL, which
    /// from disk would go to the network. It is opened from a copy that points to this site
    /// instead (anything else it fetches from outside still shows).
    fn page_url(&self, page: &str) -> String {
        let Some(base) = book_base_url().filter(|_| page == "404.html") else {
            return self.url(page);
        };
        let html = std::fs::read_to_string(self.root.join(page)).expect("read 404.html");
        let local = format!("{}/", file_url(&self.root));
        let html = html
            .replace(&base, &local)
            .replace(&base.replace('/', "&#x2f;"), &local);
        let copy = self.root.with_file_name("404-local.html");
        std::fs::write(&copy, html).expect("write the copy of 404.html");
        file_url(&copy)
    }

    /// Every HTML page of the site, relative to its root, sorted.
    fn pages(&self) -> Vec<String> {
        fn walk(dir: &Path, root: &Path, out: &mut Vec<String>) {
            for entry in std::fs::read_dir(dir).expect("read site directory") {
                let path = entry.expect("directory entry").path();
                if path.is_dir() {
                    walk(&path, root, out);
                } else if path.extension().is_some_and(|e| e == "html") {
                    let relative = path.strip_prefix(root).expect("page under the root");
                    out.push(relative.to_string_lossy().replace('\\', "/"));
                }
            }
        }
        let mut pages = Vec::new();
        walk(&self.root, &self.root, &mut pages);
        pages.sort();
        pages
    }
}

/// `[site] base-url` of the example book, with its final `/`.
fn book_base_url() -> Option<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("book.toml");
    let book: toml::Table = toml::from_str(&std::fs::read_to_string(path).ok()?).ok()?;
    let base = book.get("site")?.get("base-url")?.as_str()?;
    Some(format!("{}/", base.trim_end_matches('/')))
}

fn file_url(path: &Path) -> String {
    let path = path.to_string_lossy().replace('\\', "/");
    let mut url = String::from("file://");
    if !path.starts_with('/') {
        url.push('/');
    }
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' | b':' => {
                url.push(byte as char)
            }
            _ => url.push_str(&format!("%{byte:02X}")),
        }
    }
    url
}

// ---------------------------------------------------------------------------------------------
// A minimal blocking HTTP/1.1 client, enough for chromedriver on 127.0.0.1
// ---------------------------------------------------------------------------------------------

fn http(
    port: u16,
    method: &str,
    path: &str,
    body: Option<&Value>,
    timeout: Duration,
) -> std::io::Result<(u16, Vec<u8>)> {
    let stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(timeout))?;
    stream.set_write_timeout(Some(timeout))?;
    let body = body.map(Value::to_string).unwrap_or_default();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\
         Content-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    );
    (&stream).write_all(request.as_bytes())?;
    // chromedriver may keep the connection open: read by Content-Length (or chunks), not to EOF.
    let mut reader = std::io::BufReader::new(&stream);
    let bad = |what: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, what.to_string());
    let read_line = |reader: &mut std::io::BufReader<&TcpStream>| -> std::io::Result<String> {
        let mut line = String::new();
        std::io::BufRead::read_line(reader, &mut line)?;
        Ok(line.trim_end_matches(['\r', '\n']).to_string())
    };
    let status_line = read_line(&mut reader)?;
    let status = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| bad(&format!("bad status line {status_line:?}")))?;
    let mut length = None;
    let mut chunked = false;
    loop {
        let line = read_line(&mut reader)?;
        if line.is_empty() {
            break;
        }
        if let Some((key, value)) = line.split_once(':') {
            let (key, value) = (key.trim(), value.trim());
            if key.eq_ignore_ascii_case("content-length") {
                length = Some(value.parse::<usize>().map_err(|_| bad("bad length"))?);
            } else if key.eq_ignore_ascii_case("transfer-encoding") {
                chunked = value.to_ascii_lowercase().contains("chunked");
            }
        }
    }
    let mut payload = Vec::new();
    if chunked {
        loop {
            let size_line = read_line(&mut reader)?;
            let size_text = size_line.split(';').next().unwrap_or("").trim();
            let size = usize::from_str_radix(size_text, 16).map_err(|_| bad("bad chunk size"))?;
            if size == 0 {
                break;
            }
            let start = payload.len();
            payload.resize(start + size, 0);
            reader.read_exact(&mut payload[start..])?;
            read_line(&mut reader)?;
        }
    } else if let Some(length) = length {
        payload.resize(length, 0);
        reader.read_exact(&mut payload)?;
    } else {
        reader.read_to_end(&mut payload)?;
    }
    Ok((status, payload))
}

fn free_port() -> u16 {
    TcpListener::bind(("127.0.0.1", 0))
        .and_then(|l| l.local_addr())
        .expect("a free port on 127.0.0.1")
        .port()
}

// ---------------------------------------------------------------------------------------------
// chromedriver and a WebDriver session
// ---------------------------------------------------------------------------------------------

/// A running chromedriver, killed on drop.
struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    fn start(tools: &Tools) -> Driver {
        let port = free_port();
        let child = Command::new(&tools.chromedriver)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("start {}: {e}", tools.chromedriver.display()));
        let mut driver = Driver { child, port };
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok((200, body)) = http(port, "GET", "/status", None, Duration::from_secs(5)) {
                let status: Value = serde_json::from_slice(&body).unwrap_or_default();
                if status["value"]["ready"] == json!(true) {
                    return driver;
                }
            }
            if let Ok(Some(exit)) = driver.child.try_wait() {
                panic!("chromedriver exited before it was ready: {exit}");
            }
            assert!(
                Instant::now() < deadline,
                "chromedriver not ready on port {port} after 30 s"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A WebDriver session in headless Chromium. Field order matters: the session is deleted (in
/// `drop`) before chromedriver is killed and the profile directory removed.
struct Browser {
    session: String,
    driver: Driver,
    _profile: tempfile::TempDir,
}

impl Browser {
    fn start(tools: &Tools) -> Browser {
        let driver = Driver::start(tools);
        let profile = tempfile::tempdir().expect("profile directory");
        let capabilities = json!({
            "capabilities": {
                "alwaysMatch": {
                    "browserName": "chrome",
                    "goog:chromeOptions": {
                        "binary": tools.chromium,
                        "args": [
                            "--headless",
                            "--no-sandbox",
                            "--disable-gpu",
                            "--disable-background-networking",
                            "--disable-component-update",
                            "--disable-sync",
                            "--disable-extensions",
                            "--disable-dev-shm-usage",
                            "--no-first-run",
                            "--no-default-browser-check",
                            "--window-size=1280,900",
                            format!("--user-data-dir={}", profile.path().display()),
                        ],
                    },
                    "goog:loggingPrefs": { "browser": "ALL" },
                    "timeouts": { "script": 60_000, "pageLoad": 30_000, "implicit": 0 },
                }
            }
        });
        let (status, body) = http(
            driver.port,
            "POST",
            "/session",
            Some(&capabilities),
            Duration::from_secs(60),
        )
        .expect("create a WebDriver session");
        let reply: Value = serde_json::from_slice(&body).unwrap_or_default();
        let session = match reply["value"]["sessionId"].as_str() {
            Some(id) if status == 200 => id.to_string(),
            _ => panic!("chromedriver refused the session ({status}): {reply}"),
        };
        Browser {
            session,
            driver,
            _profile: profile,
        }
    }

    /// One WebDriver command on this session; `Err` carries WebDriver's error.
    fn try_command(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, String> {
        let url = format!("/session/{}{path}", self.session);
        let (status, bytes) = http(
            self.driver.port,
            method,
            &url,
            body.as_ref(),
            Duration::from_secs(120),
        )
        .map_err(|e| format!("{method} {path}: {e}"))?;
        let mut reply: Value = serde_json::from_slice(&bytes)
            .map_err(|e| format!("{method} {path}: {e}: {}", String::from_utf8_lossy(&bytes)))?;
        let value = reply["value"].take();
        if status == 200 {
            Ok(value)
        } else {
            Err(format!(
                "{method} {path} ({status}): {}: {}",
                value["error"].as_str().unwrap_or("?"),
                value["message"].as_str().unwrap_or("")
            ))
        }
    }

    fn command(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.try_command(method, path, body)
            .unwrap_or_else(|e| panic!("WebDriver: {e}"))
    }

    fn goto(&self, url: &str) {
        self.command("POST", "/url", Some(json!({ "url": url })));
    }

    fn current_url(&self) -> String {
        self.command("GET", "/url", None)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    fn back(&self) {
        self.command("POST", "/back", Some(json!({})));
    }

    fn run(&self, script: &str, args: Value) -> Value {
        self.command(
            "POST",
            "/execute/sync",
            Some(json!({ "script": script, "args": args })),
        )
    }

    fn run_async(&self, script: &str, args: Value) -> Value {
        self.command(
            "POST",
            "/execute/async",
            Some(json!({ "script": script, "args": args })),
        )
    }

    fn find(&self, css: &str) -> String {
        let found = self.command(
            "POST",
            "/element",
            Some(json!({ "using": "css selector", "value": css })),
        );
        found[ELEMENT]
            .as_str()
            .unwrap_or_else(|| panic!("no element id for {css}: {found}"))
            .to_string()
    }

    fn click(&self, element: &str) {
        self.command(
            "POST",
            &format!("/element/{element}/click"),
            Some(json!({})),
        );
    }

    fn keys(&self, element: &str, text: &str) {
        self.command(
            "POST",
            &format!("/element/{element}/value"),
            Some(json!({ "text": text })),
        );
    }

    /// A Chrome DevTools protocol command, through chromedriver.
    fn cdp(&self, cmd: &str, params: Value) -> Value {
        self.command(
            "POST",
            "/goog/cdp/execute",
            Some(json!({ "cmd": cmd, "params": params })),
        )
    }

    /// The browser console since the last call.
    fn console(&self) -> Vec<Value> {
        match self.command("POST", "/se/log", Some(json!({ "type": "browser" }))) {
            Value::Array(entries) => entries,
            _ => Vec::new(),
        }
    }

    /// Console entries at level SEVERE (errors) since the last call, as text.
    fn console_errors(&self) -> Vec<String> {
        self.console()
            .into_iter()
            .filter(|e| e["level"] == "SEVERE")
            .map(|e| e["message"].as_str().unwrap_or_default().to_string())
            .collect()
    }

    /// Polls `script` (a function body) until it returns something truthy, and returns it.
    fn wait_for(&self, what: &str, script: &str, args: Value) -> Value {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let value = self.run(script, args.clone());
            let truthy = match &value {
                Value::Null => false,
                Value::Bool(b) => *b,
                Value::Number(n) => n.as_f64() != Some(0.0),
                Value::String(s) => !s.is_empty(),
                _ => true,
            };
            if truthy {
                return value;
            }
            assert!(
                Instant::now() < deadline,
                "timed out after 10 s waiting for {what} (at {})",
                self.current_url()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn wait_for_url_ending(&self, suffix: &str) {
        self.wait_for(
            &format!("a URL ending in {suffix}"),
            "return document.readyState === 'complete' && location.href.endsWith(arguments[0]);",
            json!([suffix]),
        );
    }

    fn text(&self, css: &str) -> String {
        let value = self.run(
            "var e = document.querySelector(arguments[0]); \
             return e ? e.textContent.replace(/\\s+/g, ' ').trim() : null;",
            json!([css]),
        );
        value
            .as_str()
            .unwrap_or_else(|| panic!("no {css} on {}", self.current_url()))
            .to_string()
    }

    /// URLs the page fetched (or tried to) that are not on this machine.
    fn outside_requests(&self) -> Vec<String> {
        let urls = self.run(
            "return performance.getEntriesByType('resource').map(function (e) { return e.name; })\
             .concat([location.href]);",
            json!([]),
        );
        urls.as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .filter(|u| {
                !["file:", "data:", "blob:", "about:"]
                    .iter()
                    .any(|p| u.starts_with(p))
            })
            .map(str::to_string)
            .collect()
    }

    /// No console error and no request leaving the machine, or what went wrong.
    fn basic_problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        for error in self.console_errors() {
            problems.push(format!("console error: {error}"));
        }
        for url in self.outside_requests() {
            problems.push(format!("request leaving the machine: {url}"));
        }
        problems
    }

    /// Sets the viewport to `width` CSS pixels (DevTools emulation, which lasts across
    /// navigations in this tab; desktop windows cannot be made that narrow).
    fn set_viewport(&self, width: u32, height: u32) {
        self.cdp(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": false }),
        );
    }

    fn set_color_scheme(&self, scheme: &str) {
        self.cdp(
            "Emulation.setEmulatedMedia",
            json!({ "features": [{ "name": "prefers-color-scheme", "value": scheme }] }),
        );
    }

    /// Horizontal overflow of the page at the current viewport, with the culprits.
    fn overflow(&self) -> Option<String> {
        let report = self.run(OVERFLOW_JS, json!([]));
        let scroll = report["scroll"].as_f64().unwrap_or(0.0);
        let client = report["client"].as_f64().unwrap_or(0.0);
        (scroll > client).then(|| {
            format!(
                "overflows sideways at {} px: scrollWidth {scroll} > clientWidth {client}; \
                 elements past the right edge: {}",
                report["inner"], report["over"]
            )
        })
    }

    /// Serious or critical axe-core violations on the current page.
    fn axe_violations(&self, axe: &str) -> Vec<String> {
        if self.run("return typeof axe;", json!([])) != "object" {
            let injected = self.run(&format!("{axe}\n;return typeof axe;"), json!([]));
            assert_eq!(injected, "object", "axe-core did not load");
        }
        let result = self.run_async(AXE_JS, json!([]));
        if let Some(error) = result.get("error") {
            return vec![format!("axe-core failed: {error}")];
        }
        result
            .as_array()
            .into_iter()
            .flatten()
            .map(|v| {
                let nodes: Vec<&str> = v["nodes"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .collect();
                format!(
                    "axe {} ({}): {}\n      {}",
                    v["id"].as_str().unwrap_or("?"),
                    v["impact"].as_str().unwrap_or("?"),
                    v["help"].as_str().unwrap_or(""),
                    nodes.join("\n      ")
                )
            })
            .collect()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = http(
            self.driver.port,
            "DELETE",
            &format!("/session/{}", self.session),
            None,
            Duration::from_secs(30),
        );
    }
}

const OVERFLOW_JS: &str = r#"
var de = document.documentElement, width = de.clientWidth, over = [];
function describe(el) {
  var s = el.tagName.toLowerCase();
  if (el.id) s += '#' + el.id;
  if (typeof el.className === 'string' && el.className.trim())
    s += '.' + el.className.trim().split(/\s+/).join('.');
  return s;
}
// Inside a container that scrolls or clips sideways, an element cannot widen the page.
function contained(el) {
  for (var p = el.parentElement; p && p !== document.body; p = p.parentElement)
    if (getComputedStyle(p).overflowX !== 'visible') return true;
  return false;
}
if (de.scrollWidth > width) {
  document.querySelectorAll('body *').forEach(function (el) {
    var r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > width + 0.5 && over.length < 10 && !contained(el))
      over.push(describe(el) + ' (right ' + Math.round(r.right) + ')');
  });
}
return { scroll: de.scrollWidth, client: width, inner: window.innerWidth, over: over };
"#;

const AXE_JS: &str = r#"
var done = arguments[arguments.length - 1];
axe.run(document, { resultTypes: ['violations'], preload: false }).then(function (results) {
  done(results.violations
    .filter(function (v) { return v.impact === 'serious' || v.impact === 'critical'; })
    .map(function (v) {
      return {
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 8).map(function (n) {
          return n.target.join(' ') + ' :: ' + n.html.slice(0, 160) + ' :: '
            + (n.failureSummary || '').replace(/\s+/g, ' ');
        })
      };
    }));
}, function (e) { done({ error: String(e) }); });
"#;

/// Starts a browser for one test, or says why not.
fn browser() -> (std::sync::MutexGuard<'static, ()>, Browser) {
    let tools = tools();
    let lock = BROWSER_LOCK.lock().unwrap_or_else(|e| e.into_inner());
    (lock, Browser::start(&tools))
}

fn assert_no_problems(what: &str, problems: &[String]) {
    assert!(problems.is_empty(), "{what}:\n  {}", problems.join("\n  "));
}

// ---------------------------------------------------------------------------------------------
// Search: a word of a mission's text finds it, and the keyboard picks it
// ---------------------------------------------------------------------------------------------

fn search_finds_mission(audience: &str, word: &str, title: &str, slug: &str) {
    let (_lock, browser) = browser();
    let site = Site::build(audience);
    browser.goto(&site.url("index.html"));
    assert!(
        browser.current_url().starts_with("file:///"),
        "the site is opened from file://"
    );
    assert_no_problems("home page", &browser.basic_problems());

    let input = browser.find("#search-input");
    browser.click(&input);
    browser.keys(&input, word);
    // The position of the option naming the mission, once the results show it.
    let position = browser.wait_for(
        &format!("a search result for {word:?} naming {title:?}"),
        r#"
        var list = document.getElementById('search-results');
        if (list.hidden) return null;
        var options = list.querySelectorAll('[role=option]');
        for (var i = 0; i < options.length; i++)
          if (options[i].textContent.indexOf(arguments[0]) !== -1) return { at: i };
        return null;
        "#,
        json!([title]),
    )["at"]
        .as_u64()
        .expect("position of the result");
    let state = r#"
        var input = document.getElementById('search-input');
        var list = document.getElementById('search-results');
        var active = input.getAttribute('aria-activedescendant');
        var option = active && document.getElementById(active);
        return {
          focused: document.activeElement === input,
          expanded: input.getAttribute('aria-expanded'),
          hidden: list.hidden,
          value: input.value,
          selected: option ? option.getAttribute('aria-selected') : null,
          text: option ? option.textContent : null,
          selectedCount: list.querySelectorAll('[aria-selected=true]').length
        };
    "#;
    let shown = browser.run(state, json!([]));
    assert_eq!(shown["expanded"], "true", "results announced: {shown}");
    assert_eq!(
        shown["focused"], true,
        "focus stays in the search box: {shown}"
    );

    // Escape closes the list; ArrowDown reopens it on the first result.
    browser.keys(&input, ESCAPE);
    let closed = browser.run(state, json!([]));
    assert_eq!(
        closed["hidden"], true,
        "Escape closes the results: {closed}"
    );
    assert_eq!(closed["expanded"], "false", "{closed}");
    assert_eq!(closed["value"], word, "Escape keeps the query: {closed}");
    browser.keys(&input, ARROW_DOWN);
    let first = browser.run(state, json!([]));
    assert_eq!(
        first["hidden"], false,
        "ArrowDown reopens the results: {first}"
    );
    assert_eq!(
        first["selected"], "true",
        "ArrowDown selects a result: {first}"
    );
    assert_eq!(first["selectedCount"], 1, "{first}");

    // ArrowUp from the first result wraps to the last; ArrowDown comes back.
    let count = browser
        .run(
            "return document.querySelectorAll('#search-results [role=option]').length;",
            json!([]),
        )
        .as_u64()
        .expect("result count");
    if count > 1 {
        browser.keys(&input, ARROW_UP);
        let last = browser.run(
            "return document.getElementById('search-input')\
             .getAttribute('aria-activedescendant');",
            json!([]),
        );
        assert_eq!(
            last,
            format!("search-result-{}", count - 1),
            "ArrowUp wraps to the last"
        );
        browser.keys(&input, ARROW_DOWN);
    }
    for _ in 0..position {
        browser.keys(&input, ARROW_DOWN);
    }
    let chosen = browser.run(state, json!([]));
    assert!(
        chosen["text"].as_str().is_some_and(|t| t.contains(title)),
        "the arrows select the result naming {title:?}: {chosen}"
    );
    assert_eq!(chosen["selected"], "true", "{chosen}");

    browser.keys(&input, ENTER);
    browser.wait_for_url_ending(&format!("missions/{slug}/index.html"));
    assert_eq!(browser.text("h1"), title, "Enter opens the mission's page");
    assert_no_problems("mission page", &browser.basic_problems());
}

#[test]
#[ignore = "needs Chromium, chromedriver and axe-core: run with -- --include-ignored (.ci/run does)"]
fn public_search_finds_a_case_study_by_a_word_of_its_text() {
    // "hreflang" occurs only in the body of the sailing school case study.
    search_finds_mission(
        "public",
        "hreflang",
        "Moving a sailing school's website without losing its rankings",
        // Public addresses come from the title, never from the file name.
        "moving-a-sailing-school-s-website-without-losing-its-rankings",
    );
}

#[test]
#[ignore = "needs Chromium, chromedriver and axe-core: run with -- --include-ignored (.ci/run does)"]
fn private_search_finds_a_private_mission_by_a_word_of_its_text() {
    // "glossaire" occurs only in the body of a `publish: private` mission.
    search_finds_mission(
        "private",
        "glossaire",
        "Traduction DE→FR — notices de pompes à chaleur",
        "traduction-notices-pompes-a-chaleur",
    );
}

// ---------------------------------------------------------------------------------------------
// Links: home → a recent mission → back home
// ---------------------------------------------------------------------------------------------

fn home_links_to_a_mission_and_back(audience: &str) {
    let (_lock, browser) = browser();
    let site = Site::build(audience);
    let home = site.url("index.html");
    browser.goto(&home);
    let home_title = browser.text("h1");
    let recent = "#main section[aria-labelledby=recent-title] h3 a";
    let title = browser.text(recent);
    let href = browser
        .run(
            "return document.querySelector(arguments[0]).getAttribute('href');",
            json!([recent]),
        )
        .as_str()
        .expect("href of the recent mission")
        .to_string();
    assert!(
        href.starts_with("missions/") && href.ends_with("/index.html"),
        "a relative link to a mission page: {href}"
    );

    browser.click(&browser.find(recent));
    browser.wait_for_url_ending(&href);
    assert_eq!(browser.text("h1"), title, "the mission page's h1");
    assert_no_problems("mission page", &browser.basic_problems());

    browser.back();
    browser.wait_for_url_ending("/site/index.html");
    assert_eq!(browser.current_url(), home, "history back returns home");
    assert_eq!(browser.text("h1"), home_title);

    // And again, returning through the site's own link to the home page.
    browser.click(&browser.find(recent));
    browser.wait_for_url_ending(&href);
    browser.click(&browser.find(".site-header a.brand"));
    browser.wait_for_url_ending("/site/index.html");
    assert_eq!(browser.current_url(), home, "the header links home");
    assert_no_problems("home page", &browser.basic_problems());
}

#[test]
#[ignore = "needs Chromium, chromedriver and axe-core: run with -- --include-ignored (.ci/run does)"]
fn public_home_links_to_a_mission_and_back() {
    home_links_to_a_mission_and_back("public");
}

#[test]
#[ignore = "needs Chromium, chromedriver and axe-core: run with -- --include-ignored (.ci/run does)"]
fn private_home_links_to_a_mission_and_back() {
    home_links_to_a_mission_and_back("private");
}

// ---------------------------------------------------------------------------------------------
// The lessons page's tag filter
// ---------------------------------------------------------------------------------------------

fn lessons_tag_filter(audience: &str) {
    let (_lock, browser) = browser();
    let site = Site::build(audience);
    browser.goto(&site.url("lessons/index.html"));
    assert_no_problems("lessons page", &browser.basic_problems());

    // Which lessons are shown, and the buttons' state.
    let state = r#"
        return {
          shown: Array.prototype.map.call(document.querySelectorAll('.lesson'), function (l) {
            return l.getClientRects().length > 0;
          }),
          tags: Array.prototype.map.call(document.querySelectorAll('.lesson'), function (l) {
            return (l.getAttribute('data-tags') || '').split(/\s+/).filter(Boolean);
          }),
          pressed: Array.prototype.filter.call(
            document.querySelectorAll('.tag-filter button'),
            function (b) { return b.getAttribute('aria-pressed') === 'true'; }
          ).map(function (b) { return b.getAttribute('data-tag'); })
        };
    "#;
    let initial = browser.run(state, json!([]));
    let tags: Vec<Vec<String>> = serde_json::from_value(initial["tags"].clone()).unwrap();
    assert!(
        tags.len() >= 2,
        "the example has several lessons: {initial}"
    );
    assert!(
        initial["shown"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s == true),
        "every lesson is shown at first: {initial}"
    );
    assert_eq!(
        initial["pressed"],
        json!([""]),
        "\"all\" is pressed at first"
    );

    let buttons: Vec<String> = serde_json::from_value(browser.run(
        "return Array.prototype.map.call(document.querySelectorAll('.tag-filter button'), \
         function (b) { return b.getAttribute('data-tag'); });",
        json!([]),
    ))
    .unwrap();
    // Every tag that some but not all lessons carry, so that the filter visibly filters.
    let discriminating: Vec<&String> = buttons
        .iter()
        .filter(|tag| !tag.is_empty())
        .filter(|tag| {
            let with = tags.iter().filter(|t| t.contains(tag)).count();
            with > 0 && with < tags.len()
        })
        .collect();
    assert!(
        !discriminating.is_empty(),
        "some tag splits the lessons: buttons {buttons:?}, lessons {tags:?}"
    );
    for tag in discriminating {
        browser.click(&browser.find(&format!(".tag-filter button[data-tag=\"{tag}\"]")));
        let after = browser.run(state, json!([]));
        let shown: Vec<bool> = serde_json::from_value(after["shown"].clone()).unwrap();
        let expected: Vec<bool> = tags.iter().map(|t| t.contains(tag)).collect();
        assert_eq!(
            shown, expected,
            "after clicking {tag:?}, exactly the lessons tagged {tag:?} are shown (tags {tags:?})"
        );
        assert_eq!(after["pressed"], json!([tag]), "only {tag:?} is pressed");
    }
    browser.click(&browser.find(".tag-filter button[data-tag=\"\"]"));
    let all = browser.run(state, json!([]));
    assert!(
        all["shown"].as_array().unwrap().iter().all(|s| s == true),
        "\"all\" shows every lesson again: {all}"
    );
    assert_eq!(all["pressed"], json!([""]));
    assert_no_problems("lessons page after filtering", &browser.basic_problems());
}

#[test]
#[ignore = "needs Chromium, chromedriver and axe-core: run with -- --include-ignored (.ci/run does)"]
fn public_lessons_tag_filter_hides_and_shows_entries() {
    lessons_tag_filter("public");
}

#[test]
#[ignore = "needs Chromium, chromedriver and axe-core: run with -- --include-ignored (.ci/run does)"]
fn private_lessons_tag_filter_hides_and_shows_entries() {
    lessons_tag_filter("private");
}

// ---------------------------------------------------------------------------------------------
// The missions list: filter by status and year, from the keyboard
// ---------------------------------------------------------------------------------------------

/// The rows of the missions table: their status and year, whether shown, and the count line.
const MISSIONS_STATE: &str = r#"
    var rows = document.querySelectorAll('table.missions tbody tr');
    return {
      rows: Array.prototype.map.call(rows, function (r) {
        return [r.getAttribute('data-status'), r.getAttribute('data-year'), r.getClientRects().length > 0];
      }),
      filter: document.querySelector('.mission-filter').getClientRects().length > 0,
      count: document.querySelector('.filter-count').textContent,
      none: document.querySelector('.no-match').getClientRects().length > 0,
      status: document.getElementById('filter-status').value,
      year: document.getElementById('filter-year').value,
      focused: document.activeElement && document.activeElement.id
    };
"#;

fn missions_filter(audience: &str, all: &str) {
    let (_lock, browser) = browser();
    let site = Site::build(audience);
    browser.goto(&site.url("missions/index.html"));
    assert_no_problems("missions page", &browser.basic_problems());
    let state = browser.run(MISSIONS_STATE, json!([]));
    let rows: Vec<(String, String, bool)> = serde_json::from_value(state["rows"].clone()).unwrap();
    assert!(!rows.is_empty(), "the example lists missions: {state}");
    assert!(
        rows.iter().all(|r| r.2),
        "every row shows at first: {state}"
    );
    assert_eq!(
        state["filter"], true,
        "the script shows the filter: {state}"
    );
    assert_eq!(
        state["count"],
        all.replace("{n}", &rows.len().to_string()),
        "{state}"
    );

    // From the keyboard: focus the status list, then each arrow picks the next status.
    let status = browser.find("#filter-status");
    browser.run(
        "document.getElementById('filter-status').focus();",
        json!([]),
    );
    let statuses = browser
        .run(
            "return document.querySelectorAll('#filter-status option').length;",
            json!([]),
        )
        .as_u64()
        .unwrap();
    assert!(statuses >= 2, "an option per status and `all`");
    for _ in 1..statuses {
        browser.keys(&status, ARROW_DOWN);
        let after = browser.run(MISSIONS_STATE, json!([]));
        let chosen = after["status"].as_str().unwrap().to_string();
        assert!(!chosen.is_empty(), "ArrowDown picks a status: {after}");
        assert_eq!(after["focused"], "filter-status", "focus stays on the list");
        let shown: Vec<(String, String, bool)> =
            serde_json::from_value(after["rows"].clone()).unwrap();
        for (s, _, visible) in &shown {
            assert_eq!(*visible, *s == chosen, "status {chosen:?}: {after}");
        }
        assert!(
            shown.iter().any(|r| r.2),
            "the filter offers statuses that exist: {after}"
        );
    }

    // Then a year, with the status back to all: the rows of that year only; both together.
    browser.run(
        "var s = document.getElementById('filter-status'); s.value = '';          s.dispatchEvent(new Event('change'));",
        json!([]),
    );
    let year = browser.find("#filter-year");
    browser.run("document.getElementById('filter-year').focus();", json!([]));
    browser.keys(&year, ARROW_DOWN);
    let after = browser.run(MISSIONS_STATE, json!([]));
    let chosen = after["year"].as_str().unwrap().to_string();
    assert!(!chosen.is_empty(), "ArrowDown picks a year: {after}");
    let shown: Vec<(String, String, bool)> = serde_json::from_value(after["rows"].clone()).unwrap();
    for (_, y, visible) in &shown {
        assert_eq!(*visible, *y == chosen, "year {chosen}: {after}");
    }
    let of_year = shown.iter().filter(|r| r.2).count();
    assert!(of_year > 0, "{after}");
    assert!(
        after["count"]
            .as_str()
            .unwrap()
            .starts_with(&format!("{of_year} ")),
        "the count line follows: {after}"
    );
    assert_eq!(after["none"], false, "{after}");

    // Back to all: every row again.
    browser.run(
        "var y = document.getElementById('filter-year'); y.value = '';          y.dispatchEvent(new Event('change'));",
        json!([]),
    );
    let reset = browser.run(MISSIONS_STATE, json!([]));
    let rows: Vec<(String, String, bool)> = serde_json::from_value(reset["rows"].clone()).unwrap();
    assert!(rows.iter().all(|r| r.2), "all shows every row: {reset}");
    assert_no_problems("missions page after filtering", &browser.basic_problems());
}

#[test]
#[ignore = "needs Chromium, chromedriver and axe-core: run with -- --include-ignored (.ci/run does)"]
fn private_missions_list_filters_by_status_and_year() {
    // The example book is French: the count line says so.
    missions_filter("private", "{n} missions affichées sur {n}");
}

#[test]
#[ignore = "needs Chromium, chromedriver and axe-core: run with -- --include-ignored (.ci/run does)"]
fn public_missions_list_filters_the_case_studies() {
    missions_filter("public", "{n} missions affichées sur {n}");
}

// ---------------------------------------------------------------------------------------------
// Every page: console, requests, 375 px, axe-core (light and dark)
// ---------------------------------------------------------------------------------------------

fn every_page_is_clean(audience: &str) {
    let (_lock, browser) = browser();
    let axe = axe_source();
    let site = Site::build(audience);
    let pages = site.pages();
    assert!(pages.len() > 5, "the example site has pages: {pages:?}");

    browser.set_viewport(375, 800);
    let mut problems = Vec::new();
    for page in &pages {
        let mut found = Vec::new();
        browser.set_color_scheme("light");
        browser.goto(&site.page_url(page));
        let width = browser.run("return window.innerWidth;", json!([]));
        assert_eq!(width, 375, "the viewport is 375 px wide on {page}");
        found.extend(browser.basic_problems());
        found.extend(browser.overflow());
        found.extend(browser.axe_violations(&axe));
        browser.set_color_scheme("dark");
        let dark = browser.run(
            "return matchMedia('(prefers-color-scheme: dark)').matches;",
            json!([]),
        );
        assert_eq!(dark, true, "dark colour scheme emulated on {page}");
        found.extend(
            browser
                .axe_violations(&axe)
                .into_iter()
                .map(|v| format!("[dark] {v}")),
        );
        // Errors the checks themselves may have caused.
        found.extend(
            browser
                .console_errors()
                .into_iter()
                .map(|e| format!("console error: {e}")),
        );
        problems.extend(found.into_iter().map(|p| format!("{page}: {p}")));
    }
    assert_no_problems(
        &format!("{audience} site ({} pages)", pages.len()),
        &problems,
    );
}

#[test]
#[ignore = "needs Chromium, chromedriver and axe-core: run with -- --include-ignored (.ci/run does)"]
fn every_public_page_is_clean_at_375px_and_accessible() {
    every_page_is_clean("public");
}

#[test]
#[ignore = "needs Chromium, chromedriver and axe-core: run with -- --include-ignored (.ci/run does)"]
fn every_private_page_is_clean_at_375px_and_accessible() {
    every_page_is_clean("private");
}
