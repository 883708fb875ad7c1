//! `debrief lsp` driven by an in-repo JSON-RPC client: every wait is bounded (5 s) and any
//! message a test did not expect fails it. Books in French and English, YAML and TOML, clients
//! that pull diagnostics and clients that are pushed them.

mod support;

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::Duration;
use support::{TODAY, TempBook};

const WAIT: Duration = Duration::from_secs(5);

/// A client that pulls diagnostics (`textDocument.diagnostic`).
fn pull_caps() -> Value {
    json!({"textDocument": {"diagnostic": {}, "hover": {"contentFormat": ["markdown", "plaintext"]}}})
}

/// A client that is pushed diagnostics.
fn push_caps() -> Value {
    json!({"textDocument": {"hover": {"contentFormat": ["markdown"]}}})
}

struct Server {
    child: Child,
    stdin: Option<ChildStdin>,
    from: Receiver<Value>,
    next: i64,
}

fn spawn(dir: &Path) -> Server {
    spawn_with(dir, &[])
}

fn spawn_with(dir: &Path, args: &[&str]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_debrief"))
        .args(args)
        .arg("lsp")
        .current_dir(dir)
        .env("DEBRIEF_TODAY", TODAY)
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .env("DEBRIEF_LOG", "debug")
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start debrief lsp");
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        let mut out = BufReader::new(stdout);
        loop {
            let mut length = None;
            loop {
                let mut line = String::new();
                if out.read_line(&mut line).unwrap_or(0) == 0 {
                    return;
                }
                let line = line.trim_end();
                if line.is_empty() {
                    break;
                }
                let (name, value) = line.split_once(':').expect("a header");
                assert_eq!(name, "Content-Length", "stdout carries only the protocol");
                length = Some(value.trim().parse::<usize>().unwrap());
            }
            let mut body = vec![0; length.expect("Content-Length")];
            out.read_exact(&mut body).unwrap();
            let value: Value = serde_json::from_slice(&body).expect("the server sends JSON");
            if tx.send(value).is_err() {
                return;
            }
        }
    });
    let stdin = child.stdin.take();
    Server {
        child,
        stdin,
        from: rx,
        next: 0,
    }
}

impl Server {
    /// Started and initialized with `caps`.
    fn start(dir: &Path, caps: Value) -> Server {
        let mut s = spawn(dir);
        s.initialize(caps);
        s
    }

    fn start_with(dir: &Path, caps: Value, args: &[&str]) -> Server {
        let mut s = spawn_with(dir, args);
        s.initialize(caps);
        s
    }

    fn initialize(&mut self, caps: Value) -> Value {
        let answer = self.request(
            "initialize",
            json!({"capabilities": caps, "processId": null}),
        );
        self.notify("initialized", json!({}));
        answer
    }

    fn raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().unwrap();
        stdin.write_all(bytes).unwrap();
        stdin.flush().unwrap();
    }

    fn send(&mut self, message: &Value) {
        let body = message.to_string();
        self.raw(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and returns its id.
    fn ask(&mut self, method: &str, params: Value) -> i64 {
        self.next += 1;
        let id = self.next;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        id
    }

    /// The whole response to a request (with `result` or `error`).
    fn response(&mut self, method: &str, params: Value) -> Value {
        let id = self.ask(method, params);
        let answer = self.recv();
        assert_eq!(answer["id"], json!(id), "{answer}");
        answer
    }

    /// The result of a request; fails on an error.
    fn request(&mut self, method: &str, params: Value) -> Value {
        let answer = self.response(method, params);
        assert!(answer.get("error").is_none(), "{method}: {answer}");
        answer["result"].clone()
    }

    /// The error code a request gets.
    fn error(&mut self, method: &str, params: Value) -> i64 {
        let answer = self.response(method, params);
        answer["error"]["code"]
            .as_i64()
            .unwrap_or_else(|| panic!("{answer}"))
    }

    fn recv(&mut self) -> Value {
        match self.from.recv_timeout(WAIT) {
            Ok(v) => v,
            Err(e) => panic!("no message from the server within 5 s ({e:?})"),
        }
    }

    /// Asserts the server says nothing for a moment.
    fn quiet(&mut self) {
        match self.from.recv_timeout(Duration::from_millis(300)) {
            Err(RecvTimeoutError::Timeout) => {}
            Ok(v) => panic!("unexpected message: {v}"),
            Err(e) => panic!("{e:?}"),
        }
    }

    /// The next message, which must be a `publishDiagnostics` for `uri`.
    fn published(&mut self, uri: &str) -> Value {
        let m = self.recv();
        assert_eq!(m["method"], "textDocument/publishDiagnostics", "{m}");
        assert_eq!(m["params"]["uri"], uri, "{m}");
        m["params"].clone()
    }

    fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
        );
    }

    fn change(&mut self, uri: &str, version: i64, changes: Value) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}),
        );
    }

    fn pull(&mut self, uri: &str) -> Value {
        self.request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": uri}}),
        )
    }

    /// Shuts down and exits; returns the exit code.
    fn stop(mut self) -> i32 {
        assert_eq!(self.request("shutdown", Value::Null), Value::Null);
        self.notify("exit", Value::Null);
        self.wait()
    }

    fn wait(&mut self) -> i32 {
        let start = std::time::Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code().expect("an exit code");
            }
            assert!(start.elapsed() < WAIT, "the server did not exit");
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn uri(path: &Path) -> String {
    let mut s = String::from("file://");
    for b in path.to_str().unwrap().bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' => {
                s.push(b as char)
            }
            _ => s.push_str(&format!("%{b:02X}")),
        }
    }
    s
}

/// (line, character, code) of each diagnostic.
fn places(diags: &Value) -> Vec<(u64, u64, String)> {
    diags
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["range"]["start"]["line"].as_u64().unwrap(),
                d["range"]["start"]["character"].as_u64().unwrap(),
                d["code"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn codes(diags: &Value) -> Vec<String> {
    places(diags).into_iter().map(|p| p.2).collect()
}

const CLOSED_FR: &str = "---\ntitle: Refonte\nclient: Boutique\nstart: 2025-01-15\nend: 2025-06-30\nstatus: closed\nended_by: client\nend_reason: internalisation\nfeedback: { received: 2025-07-08 }\ncontract: { termination_checked: 2025-06-02 }\nrgpd: { notified: 2025-06-30, deleted: 2025-07-15 }\ncase_study: { consent: 2025-07-01 }\ninvoices: [{ number: F-1, amount: 100, issued: 2025-06-30, due: 2025-07-30, paid: 2025-07-10 }]\n---\n\n## Leçons\n\nPoser le périmètre par écrit.\n\n## Accès\n\n- [x] GTM retiré\n\n## Livrables\n\nLes fichiers.\n";

const ACTIVE: &str = "---\ntitle: T\nclient: C\nstart: 2025-01-15\nstatus: active\n---\n\nNotes.\n";

mod lifecycle {
    use super::*;

    #[test]
    fn initialize_answers_the_capabilities_of_the_spec() {
        let book = TempBook::fr();
        let mut s = spawn(book.root());
        let answer = s.initialize(push_caps());
        assert_eq!(
            answer["capabilities"],
            json!({
                "positionEncoding": "utf-16",
                "textDocumentSync": {"openClose": true, "change": 2},
                "diagnosticProvider": {"identifier": "debrief", "interFileDependencies": true, "workspaceDiagnostics": false},
                "codeActionProvider": {"codeActionKinds": ["quickfix"]},
                "hoverProvider": true,
                "completionProvider": {"triggerCharacters": [":", "=", " ", "[", "#"]},
                "workspace": {"workspaceFolders": {"supported": true}}
            })
        );
        assert_eq!(answer["serverInfo"]["name"], "debrief");
        assert_eq!(answer["serverInfo"]["version"], env!("CARGO_PKG_VERSION"));
        assert_eq!(s.stop(), 0);
    }

    #[test]
    fn before_initialize_requests_are_refused_and_notifications_dropped() {
        let book = TempBook::fr();
        book.mission("a.md", ACTIVE);
        let mut s = spawn(book.root());
        assert_eq!(s.error("shutdown", Value::Null), -32002);
        assert_eq!(s.error("textDocument/hover", json!({})), -32002);
        let a = uri(&book.root().join("content/missions/a.md"));
        s.open(&a, ACTIVE);
        s.quiet();
        s.initialize(push_caps());
        // The document opened too early is not known.
        assert_eq!(
            s.error(
                "textDocument/hover",
                json!({"textDocument": {"uri": a}, "position": {"line": 0, "character": 0}})
            ),
            -32602
        );
        assert_eq!(s.error("initialize", json!({"capabilities": {}})), -32600);
        assert_eq!(s.request("shutdown", Value::Null), Value::Null);
        assert_eq!(s.error("shutdown", Value::Null), -32600);
        assert_eq!(s.error("textDocument/hover", json!({})), -32600);
        s.open(&a, ACTIVE);
        s.quiet();
        s.notify("exit", Value::Null);
        assert_eq!(s.wait(), 0);
    }

    #[test]
    fn exit_without_shutdown_is_code_1_and_so_is_the_end_of_the_input() {
        let book = TempBook::fr();
        let mut s = Server::start(book.root(), push_caps());
        s.notify("exit", Value::Null);
        assert_eq!(s.wait(), 1);

        let mut s = Server::start(book.root(), push_caps());
        drop(s.stdin.take());
        assert_eq!(s.wait(), 1);

        // Even before `initialize`, `exit` ends the process.
        let mut s = spawn(book.root());
        s.notify("exit", Value::Null);
        assert_eq!(s.wait(), 1);
    }

    #[test]
    fn help_names_the_command() {
        let out = Command::new(env!("CARGO_BIN_EXE_debrief"))
            .args(["--lang", "en", "lsp", "--help"])
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("Run the language server"), "{text}");
        assert!(text.contains("docs/editors.md"), "{text}");
    }
}

mod robustness {
    use super::*;

    #[test]
    fn garbage_is_answered_and_the_next_frame_is_read() {
        let book = TempBook::fr();
        let mut s = Server::start(book.root(), push_caps());
        s.raw(b"Content-Length: 9\r\n\r\nnot json!");
        let m = s.recv();
        assert_eq!(
            (m["id"].clone(), m["error"]["code"].clone()),
            (Value::Null, json!(-32700)),
            "{m}"
        );
        // No valid Content-Length: skipped up to the next blank line.
        s.raw(b"Content-Length: lots\r\nX: y\r\n\r\nhello garbage\r\n\r\n");
        s.raw(b"\x00\xff\xfe\r\n\r\n");
        s.send(&json!([1, 2]));
        assert_eq!(s.recv()["error"]["code"], -32600);
        s.send(&json!({"jsonrpc": "2.0", "id": {"a": 1}, "method": "shutdown"}));
        let m = s.recv();
        assert_eq!(
            (m["id"].clone(), m["error"]["code"].clone()),
            (Value::Null, json!(-32600))
        );
        s.send(&json!({"jsonrpc": "2.0", "id": 7}));
        assert_eq!(s.recv()["error"]["code"], -32600);
        assert_eq!(s.error("debrief/unknown", json!({})), -32601);
        assert_eq!(s.error("$/unknown", json!({})), -32601);
        s.notify("$/unknownNotification", json!({}));
        s.notify("workspace/unknown", json!(42));
        // A response from the client is not answered.
        s.send(&json!({"jsonrpc": "2.0", "id": "x", "result": null}));
        s.quiet();
        assert_eq!(
            s.error("textDocument/hover", json!({"textDocument": {}})),
            -32602
        );
        assert_eq!(s.error("textDocument/completion", json!(null)), -32602);
        // Header names in any case, Content-Type ignored, `\n` alone accepted.
        s.raw(b"content-type: application/vscode-jsonrpc; charset=utf-8\r\ncONTENT-lENGTH: 45\n\n{\"jsonrpc\":\"2.0\",\"id\":99,\"method\":\"shutdown\"}");
        let m = s.recv();
        assert_eq!(
            (m["id"].clone(), m["result"].clone()),
            (json!(99), Value::Null)
        );
        s.notify("exit", Value::Null);
        assert_eq!(s.wait(), 0);
    }

    #[test]
    fn huge_texts_nul_bytes_and_positions_past_the_end() {
        let book = TempBook::fr();
        let a = uri(&book.root().join("content/missions/a.md"));
        let mut s = Server::start(book.root(), push_caps());
        let long_line = "x".repeat(1 << 20);
        // Ten thousand paragraphs: a long text, not a pathological one for the Markdown parser.
        let paragraph = format!("{}\n\n", "Lorem ipsum dolor sit amet. ".repeat(36));
        let big = format!(
            "{ACTIVE}{}\n{long_line}\n\0\0 nul\n",
            paragraph.repeat(10_000)
        );
        assert!(big.len() > 10_000_000);
        s.open(&a, &big);
        assert_eq!(codes(&s.published(&a)["diagnostics"]), Vec::<String>::new());
        s.change(&a, 2, json!([{"range": {"start": {"line": 9_999_999, "character": 5}, "end": {"line": 99_999_999, "character": 9}}, "text": "fin"}]));
        assert_eq!(s.published(&a)["version"], 2);
        let hover = s.request("textDocument/hover", json!({"textDocument": {"uri": a}, "position": {"line": 4_000_000_000u64, "character": 4_000_000_000u64}}));
        assert_eq!(hover, Value::Null);
        let done = s.request(
            "textDocument/completion",
            json!({"textDocument": {"uri": a}, "position": {"line": 1, "character": 99_999}}),
        );
        assert!(done.is_array());
        s.change(&a, 3, json!([{"text": "---\ntitle: T\x00\n"}]));
        assert_eq!(s.published(&a)["version"], 3);
        assert_eq!(s.stop(), 0);
    }

    #[test]
    fn an_oversized_message_is_skipped() {
        let book = TempBook::fr();
        let mut s = Server::start(book.root(), push_caps());
        let n = (64 << 20) + 1;
        let mut frame = format!("Content-Length: {n}\r\n\r\n").into_bytes();
        frame.resize(frame.len() + n, b' ');
        s.raw(&frame);
        assert_eq!(s.recv()["error"]["code"], -32700);
        assert_eq!(s.stop(), 0);
    }

    #[test]
    fn every_request_gets_exactly_one_answer_even_cancelled() {
        let book = TempBook::fr();
        book.mission("a.md", ACTIVE);
        let a = uri(&book.root().join("content/missions/a.md"));
        let mut s = Server::start(book.root(), pull_caps());
        s.open(&a, ACTIVE);
        let mut ids = Vec::new();
        for _ in 0..20 {
            let id = s.ask(
                "textDocument/diagnostic",
                json!({"textDocument": {"uri": a}}),
            );
            s.notify("$/cancelRequest", json!({"id": id}));
            ids.push(id);
        }
        s.notify("$/cancelRequest", json!({"id": 12345}));
        let mut answered = Vec::new();
        for _ in 0..20 {
            let m = s.recv();
            let id = m["id"].as_i64().unwrap();
            match m.get("error") {
                Some(e) => assert_eq!(e["code"], -32800, "{m}"),
                None => assert_eq!(m["result"]["kind"], "full", "{m}"),
            }
            answered.push(id);
        }
        answered.sort();
        assert_eq!(answered, ids);
        s.quiet();
        // Sent as a request, it is an unknown one.
        assert_eq!(s.error("$/cancelRequest", json!({"id": 1})), -32601);
        assert_eq!(s.stop(), 0);
    }
}

mod diagnostics {
    use super::*;

    /// `debrief lint --format json FILE`'s diagnostics for `rel`, from `dir`.
    fn lint_json(dir: &Path, rel: &str) -> Vec<Value> {
        let out = Command::new(env!("CARGO_BIN_EXE_debrief"))
            .args(["lint", "--format", "json", rel])
            .current_dir(dir)
            .env("DEBRIEF_TODAY", TODAY)
            .env_remove("LANG")
            .env_remove("LC_ALL")
            .output()
            .unwrap();
        let report: Value = serde_json::from_slice(&out.stdout).unwrap();
        report["diagnostics"].as_array().unwrap().clone()
    }

    fn utf16(s: &str) -> u64 {
        s.chars().map(|c| c.len_utf16() as u64).sum()
    }

    /// Asserts the server's diagnostics are the JSON report's entries, in order.
    fn assert_parity(text: &str, json_entries: &[Value], lsp: &Value, what: &str) {
        let lsp = lsp.as_array().unwrap();
        assert_eq!(
            lsp.len(),
            json_entries.len(),
            "{what}: {lsp:#?}\n{json_entries:#?}"
        );
        let lines: Vec<&str> = text.split('\n').collect();
        for (j, l) in json_entries.iter().zip(lsp) {
            let line = j["line"].as_u64().unwrap();
            let col = j["column"].as_u64().unwrap() as usize;
            let src = lines[line as usize - 1].trim_end_matches('\r');
            let before: String = src.chars().take(col - 1).collect();
            assert_eq!(l["range"]["start"]["line"], json!(line - 1), "{what}");
            assert_eq!(
                l["range"]["start"]["character"],
                json!(utf16(&before)),
                "{what}"
            );
            assert_eq!(l["code"], j["rule"], "{what}");
            assert_eq!(l["source"], "debrief");
            let severity = match j["severity"].as_str().unwrap() {
                "error" => 1,
                "warning" => 2,
                _ => 3,
            };
            assert_eq!(l["severity"], json!(severity), "{what}");
            let message = match j["help"].as_str() {
                Some(h) => format!("{}\n{h}", j["message"].as_str().unwrap()),
                None => j["message"].as_str().unwrap().to_string(),
            };
            assert_eq!(l["message"], json!(message), "{what}");
            assert!(l.get("codeDescription").is_none());
            assert_eq!(l["data"]["rule"], j["rule"]);
        }
    }

    #[test]
    fn every_example_journal_gets_exactly_what_lint_json_reports() {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut journals: Vec<_> = walk(&repo.join("content"));
        journals.retain(|p| {
            p.extension().is_some_and(|x| x == "md") && p.file_name().unwrap() != "_index.md"
        });
        assert!(journals.len() >= 10);
        let mut s = Server::start(repo, push_caps());
        let mut total = 0;
        for path in &journals {
            let rel = path.strip_prefix(repo).unwrap().to_str().unwrap();
            let text = std::fs::read_to_string(path).unwrap();
            let expected = lint_json(repo, rel);
            total += expected.len();
            let u = uri(path);
            s.open(&u, &text);
            let got = s.published(&u);
            assert_eq!(got["version"], 1);
            assert_parity(&text, &expected, &got["diagnostics"], rel);
        }
        assert!(total > 0, "the examples have diagnostics to compare");
        assert_eq!(s.stop(), 0);
    }

    fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
        let mut out = Vec::new();
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
        out.sort();
        out
    }

    #[test]
    fn toml_and_english_books_have_parity_too() {
        let book = TempBook::en();
        let text = "+++\ntitle = \"T\"\nclient = \"C\"\nstart = 2025-01-15\nend = 2025-06-30\nstatus = \"closed\"\nended_by = \"me\"\nend_reson = \"x\"\n\n[feedback]\nrecieved = 2025-07-01\n+++\n\n## Journal\n";
        book.mission("2025/t.md", text);
        let expected = lint_json(book.root(), "content/missions/2025/t.md");
        assert!(expected.len() > 4);
        let u = uri(&book.root().join("content/missions/2025/t.md"));
        let mut s = Server::start(book.root(), push_caps());
        s.open(&u, text);
        assert_parity(text, &expected, &s.published(&u)["diagnostics"], "toml");
        assert_eq!(s.stop(), 0);
    }

    #[test]
    fn columns_are_utf16_after_accents_and_emoji() {
        let book = TempBook::fr();
        let text = "---\ntitle: T\nclient: C\nstart: 2025-01-15\nstatus: active\nfeedback: { É☕🚀: 1, recieved: 2025-01-02 }\n---\n";
        let u = uri(&book.root().join("content/missions/a.md"));
        let mut s = Server::start(book.root(), push_caps());
        s.open(&u, text);
        let d = s.published(&u)["diagnostics"].clone();
        let ranges: Vec<Value> = d
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["range"].clone())
            .collect();
        // `É☕🚀` is 4 UTF-16 units (the rocket is a surrogate pair): `recieved` starts at
        // character 20 but unit 21. The underline covers a word: `É` alone, `recieved`.
        assert_eq!(
            ranges,
            vec![
                json!({"start": {"line": 5, "character": 12}, "end": {"line": 5, "character": 13}}),
                json!({"start": {"line": 5, "character": 21}, "end": {"line": 5, "character": 29}}),
            ]
        );
        // Deleting the rocket (a surrogate pair) by an incremental edit.
        s.change(&u, 2, json!([{"range": {"start": {"line": 5, "character": 14}, "end": {"line": 5, "character": 16}}, "text": ""}]));
        let d = s.published(&u);
        assert_eq!(d["version"], 2);
        assert_eq!(
            d["diagnostics"][1]["range"],
            json!({"start": {"line": 5, "character": 19}, "end": {"line": 5, "character": 27}})
        );
        assert_eq!(
            d["diagnostics"][1]["data"],
            json!({"rule": "field-unknown", "version": 2, "key": "recieved", "suggestion": "feedback.received"})
        );
        assert_eq!(s.stop(), 0);
    }

    #[test]
    fn pushed_versions_never_go_back() {
        let book = TempBook::fr();
        let u = uri(&book.root().join("content/missions/a.md"));
        let mut s = Server::start(book.root(), push_caps());
        s.open(&u, ACTIVE);
        assert_eq!(s.published(&u)["version"], 1);
        for v in 2..=60 {
            let text = if v % 2 == 0 { CLOSED_FR } else { ACTIVE };
            s.change(&u, v, json!([{"text": text}]));
        }
        let mut last = 1;
        loop {
            let p = s.published(&u);
            let v = p["version"].as_i64().unwrap();
            assert!(v > last, "version {v} after {last}");
            last = v;
            if v == 60 {
                assert!(codes(&p["diagnostics"]).contains(&"handover-missing".to_string()));
                break;
            }
        }
        s.quiet();
        s.notify("textDocument/didClose", json!({"textDocument": {"uri": u}}));
        assert_eq!(s.published(&u)["diagnostics"], json!([]));
        assert_eq!(s.stop(), 0);
    }

    #[test]
    fn a_pull_client_pulls_and_is_pushed_nothing() {
        let book = TempBook::fr();
        let u = uri(&book.root().join("content/missions/a.md"));
        let mut s = Server::start(book.root(), pull_caps());
        s.open(&u, CLOSED_FR);
        s.quiet();
        let first = s.pull(&u);
        assert_eq!(first["kind"], "full");
        assert_eq!(
            places(&first["items"]),
            vec![(5, 0, "handover-missing".to_string())]
        );
        let id = first["resultId"].as_str().unwrap().to_string();
        let again = s.request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": u}, "previousResultId": id}),
        );
        assert_eq!(again, json!({"kind": "unchanged", "resultId": id}));
        s.change(&u, 2, json!([{"range": {"start": {"line": 26, "character": 0}, "end": {"line": 26, "character": 0}}, "text": "\n## Passation\n\nTout est remis.\n"}]));
        s.quiet();
        let after = s.request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": u}, "previousResultId": id}),
        );
        assert_eq!(after["kind"], "full");
        assert_eq!(after["items"], json!([]));
        s.notify("textDocument/didClose", json!({"textDocument": {"uri": u}}));
        s.quiet();
        assert_eq!(s.stop(), 0);
    }

    #[test]
    fn what_is_not_a_journal_of_a_book_gets_an_empty_list() {
        let book = TempBook::fr();
        let outside = tempfile::tempdir().unwrap();
        let mut s = Server::start(book.root(), push_caps());
        let lone = uri(&outside.path().join("notes.md"));
        s.open(&lone, CLOSED_FR);
        let log = s.recv();
        assert_eq!(log["method"], "window/logMessage");
        assert_eq!(log["params"]["type"], 3);
        let message = log["params"]["message"].as_str().unwrap();
        assert!(
            message.contains("notes.md") && message.contains("book.toml"),
            "{message}"
        );
        assert_eq!(s.published(&lone)["diagnostics"], json!([]));
        // Once per process.
        let other = uri(&outside.path().join("other.md"));
        s.open(&other, CLOSED_FR);
        assert_eq!(s.published(&other)["diagnostics"], json!([]));
        for rel in ["content/_index.md", "README.md", "content/missions/a.txt"] {
            let u = uri(&book.root().join(rel));
            s.open(&u, CLOSED_FR);
            assert_eq!(s.published(&u)["diagnostics"], json!([]), "{rel}");
        }
        for u in ["untitled:Untitled-1", "file:///tmp/%FF%FE.md"] {
            s.open(u, CLOSED_FR);
            assert_eq!(s.published(u)["diagnostics"], json!([]), "{u}");
        }
        assert_eq!(s.stop(), 0);
    }

    #[test]
    fn an_invalid_book_toml_is_shown_once_until_fixed() {
        let book = TempBook::with_missions("[book\n");
        let u = uri(&book.root().join("content/missions/a.md"));
        let u2 = uri(&book.root().join("content/missions/b.md"));
        let mut s = Server::start(book.root(), push_caps());
        s.open(&u, CLOSED_FR);
        let shown = s.recv();
        assert_eq!(shown["method"], "window/showMessage", "{shown}");
        assert_eq!(shown["params"]["type"], 1);
        let message = shown["params"]["message"].as_str().unwrap();
        assert!(
            message.contains("book.toml:1:") && !message.contains('\n'),
            "{message}"
        );
        assert_eq!(s.published(&u)["diagnostics"], json!([]));
        s.open(&u2, CLOSED_FR);
        assert_eq!(s.published(&u2)["diagnostics"], json!([]));
        // Fixed: the book loads and both documents are linted again.
        // A book.toml elsewhere changes nothing.
        s.notify(
            "workspace/didChangeWatchedFiles",
            json!({"changes": [{"uri": uri(&book.root().join("content/missions/other/book.toml")), "type": 1}]}),
        );
        s.quiet();
        book.file("book.toml", support::book_toml("fr"));
        s.notify(
            "workspace/didChangeWatchedFiles",
            json!({"changes": [{"uri": uri(&book.root().join("book.toml")), "type": 2}]}),
        );
        let mut seen = Vec::new();
        for _ in 0..2 {
            let p = s.recv();
            assert_eq!(p["method"], "textDocument/publishDiagnostics", "{p}");
            assert!(codes(&p["params"]["diagnostics"]).contains(&"handover-missing".to_string()));
            seen.push(p["params"]["uri"].as_str().unwrap().to_string());
        }
        seen.sort();
        assert_eq!(seen, vec![u.clone(), u2.clone()]);
        assert_eq!(s.stop(), 0);
    }

    #[test]
    fn duplicate_slugs_count_unsaved_documents_and_journals_created_on_disk() {
        let book = TempBook::fr();
        book.mission("2024/refonte.md", ACTIVE);
        let mut s = Server::start(book.root(), push_caps());
        // An unsaved document with the same slug as a journal on disk.
        let new = uri(&book.root().join("content/missions/2025/Refonte.md"));
        s.open(&new, ACTIVE);
        let d = s.published(&new)["diagnostics"].clone();
        assert_eq!(places(&d), vec![(0, 0, "duplicate-slug".to_string())]);
        assert!(
            d[0]["message"]
                .as_str()
                .unwrap()
                .contains("content/missions/2024/refonte.md")
        );
        // Another unsaved document that comes first in byte order: the first one now repeats
        // it too, and is pushed again; closing it takes that back.
        let first = uri(&book.root().join("content/missions/2023/refonte.md"));
        s.open(&first, ACTIVE);
        let mut got = [s.recv(), s.recv()];
        got.sort_by_key(|m| m["params"]["uri"].as_str().unwrap().to_string());
        assert_eq!(got[0]["params"]["uri"], first);
        assert_eq!(got[0]["params"]["diagnostics"], json!([]));
        assert_eq!(got[1]["params"]["uri"], new);
        assert!(
            got[1]["params"]["diagnostics"][0]["message"]
                .as_str()
                .unwrap()
                .contains("content/missions/2023/refonte.md")
        );
        s.notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": first}}),
        );
        assert_eq!(s.published(&first)["diagnostics"], json!([]));
        let d = s.published(&new)["diagnostics"].clone();
        assert!(
            d[0]["message"]
                .as_str()
                .unwrap()
                .contains("content/missions/2024/refonte.md"),
            "{d}"
        );
        // The journal on disk goes: the duplicate goes with it.
        std::fs::remove_file(book.root().join("content/missions/2024/refonte.md")).unwrap();
        s.notify(
            "workspace/didChangeWatchedFiles",
            json!({"changes": [{"uri": uri(&book.root().join("content/missions/2024/refonte.md")), "type": 3}]}),
        );
        assert_eq!(s.published(&new)["diagnostics"], json!([]));
        // A change to an open document's own file is ignored: the buffer wins.
        book.mission("2025/Refonte.md", CLOSED_FR);
        s.notify(
            "workspace/didChangeWatchedFiles",
            json!({"changes": [{"uri": new, "type": 1}]}),
        );
        s.quiet();
        assert_eq!(s.stop(), 0);
    }

    #[test]
    fn the_server_watches_the_book_itself_when_the_client_does_not() {
        let book = TempBook::en();
        let u = uri(&book.root().join("content/missions/a.md"));
        let mut s = Server::start(book.root(), push_caps());
        s.open(&u, CLOSED_FR);
        assert!(codes(&s.published(&u)["diagnostics"]).contains(&"handover-missing".to_string()));
        std::thread::sleep(Duration::from_millis(200));
        book.file(
            "book.toml",
            format!(
                "{}[lint.rules]\nhandover-missing = \"off\"\n",
                support::book_toml("en")
            ),
        );
        let p = s.published(&u);
        assert!(
            !codes(&p["diagnostics"]).contains(&"handover-missing".to_string()),
            "{p}"
        );
        assert_eq!(s.stop(), 0);
    }

    #[test]
    fn a_client_that_watches_files_is_asked_to_and_a_pull_client_is_asked_to_refresh() {
        let book = TempBook::fr();
        let u = uri(&book.root().join("content/missions/a.md"));
        let mut s = spawn(book.root());
        s.initialize(json!({
            "textDocument": {"diagnostic": {}},
            "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}, "diagnostics": {"refreshSupport": true}}
        }));
        let reg = s.recv();
        assert_eq!(reg["method"], "client/registerCapability");
        assert_eq!(
            reg["params"]["registrations"][0]["registerOptions"],
            json!({"watchers": [{"globPattern": "**/book.toml", "kind": 7}, {"globPattern": "**/*.md", "kind": 7}]})
        );
        s.send(&json!({"jsonrpc": "2.0", "id": reg["id"], "result": null}));
        s.open(&u, CLOSED_FR);
        s.quiet();
        assert_eq!(codes(&s.pull(&u)["items"]), vec!["handover-missing"]);
        book.file(
            "book.toml",
            format!(
                "{}[lint.rules]\nhandover-missing = \"off\"\n",
                support::book_toml("fr")
            ),
        );
        s.notify(
            "workspace/didChangeWatchedFiles",
            json!({"changes": [{"uri": uri(&book.root().join("book.toml")), "type": 2}]}),
        );
        let refresh = s.recv();
        assert_eq!(
            refresh["method"], "workspace/diagnostic/refresh",
            "{refresh}"
        );
        s.send(&json!({"jsonrpc": "2.0", "id": refresh["id"], "result": null}));
        assert_eq!(s.pull(&u)["items"], json!([]));
        assert_eq!(s.stop(), 0);
    }

    #[test]
    fn lang_wins_over_the_book_language() {
        let book = TempBook::fr();
        let u = uri(&book.root().join("content/missions/a.md"));
        let mut s = Server::start_with(book.root(), push_caps(), &["--lang", "en"]);
        s.open(&u, CLOSED_FR);
        let d = s.published(&u)["diagnostics"].clone();
        assert_eq!(d[0]["code"], "handover-missing");
        assert!(
            d[0]["message"]
                .as_str()
                .unwrap()
                .starts_with("`closed` mission without a handover\nadd a `## Handover` section"),
            "{d}"
        );
        assert_eq!(s.stop(), 0);
    }
}

/// Applies LSP text edits (UTF-16 positions) to `text`, as an editor does.
fn apply(text: &str, edits: &[Value]) -> String {
    let offset = |p: &Value| {
        let line = p["line"].as_u64().unwrap() as usize;
        let ch = p["character"].as_u64().unwrap() as usize;
        let start: usize = text.split('\n').take(line).map(|l| l.len() + 1).sum();
        let mut units = 0;
        let mut at = start;
        for c in text[start..].chars() {
            if units >= ch || c == '\n' {
                break;
            }
            units += c.len_utf16();
            at += c.len_utf8();
        }
        at
    };
    let mut sorted: Vec<&Value> = edits.iter().collect();
    sorted.sort_by_key(|e| std::cmp::Reverse(offset(&e["range"]["start"])));
    let mut out = text.to_string();
    for e in sorted {
        let (a, b) = (offset(&e["range"]["start"]), offset(&e["range"]["end"]));
        out.replace_range(a..b, e["newText"].as_str().unwrap());
    }
    out
}

mod actions {
    use super::*;

    /// The actions for every diagnostic of the open document `u` (context as a client sends it).
    fn actions_for(s: &mut Server, u: &str, diags: &Value) -> Vec<Value> {
        let all =
            json!({"start": {"line": 0, "character": 0}, "end": {"line": 9999, "character": 0}});
        s.request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": u}, "range": all, "context": {"diagnostics": diags}}),
        )
        .as_array()
        .unwrap()
        .clone()
    }

    fn titles(actions: &[Value]) -> Vec<String> {
        actions
            .iter()
            .map(|a| a["title"].as_str().unwrap().to_string())
            .collect()
    }

    /// The edits of an action, from `changes` (a client without `documentChanges`).
    fn edits(action: &Value, u: &str) -> Vec<Value> {
        action["edit"]["changes"][u].as_array().unwrap().clone()
    }

    /// Opens `text` and returns its diagnostics.
    fn open(s: &mut Server, u: &str, text: &str) -> Value {
        s.open(u, text);
        s.published(u)["diagnostics"].clone()
    }

    /// Applies the action titled `title` and returns the new text and its diagnostics' codes.
    fn apply_titled(
        s: &mut Server,
        u: &str,
        text: &str,
        diags: &Value,
        title: &str,
        version: i64,
    ) -> (String, Vec<String>) {
        let actions = actions_for(s, u, diags);
        let action = actions
            .iter()
            .find(|a| a["title"] == title)
            .unwrap_or_else(|| panic!("no action `{title}` in {:?}", titles(&actions)));
        let new = apply(text, &edits(action, u));
        s.change(u, version, json!([{"text": new}]));
        let d = s.published(u)["diagnostics"].clone();
        (new, codes(&d))
    }

    #[test]
    fn an_unknown_key_is_renamed_in_yaml_and_toml_value_untouched() {
        let book = TempBook::fr();
        let u = uri(&book.root().join("content/missions/a.md"));
        let mut s = Server::start(book.root(), push_caps());
        let text = "---\ntitle: T\nclient: C\nstart: 2025-01-15\nstatus: active\nend_reson: budget\nfeedback: { recieved: 2025-07-08 }\n---\n";
        let d = open(&mut s, &u, text);
        assert_eq!(codes(&d), vec!["field-unknown", "field-unknown"]);
        let actions = actions_for(&mut s, &u, &d);
        assert_eq!(
            titles(&actions),
            vec![
                "Remplacer `end_reson` par `end_reason`",
                "Ignorer `field-unknown` dans ce fichier (`lint.allow`)",
                "Remplacer `recieved` par `received`",
                "Ignorer `field-unknown` dans ce fichier (`lint.allow`)",
            ]
        );
        assert_eq!(actions[0]["kind"], "quickfix");
        assert_eq!(actions[0]["isPreferred"], true);
        assert_eq!(actions[0]["diagnostics"], json!([d[0]]));
        assert_eq!(
            edits(&actions[0], &u),
            vec![
                json!({"range": {"start": {"line": 5, "character": 0}, "end": {"line": 5, "character": 9}}, "newText": "end_reason"})
            ]
        );
        let (text, left) = apply_titled(
            &mut s,
            &u,
            text,
            &d,
            "Remplacer `end_reson` par `end_reason`",
            2,
        );
        assert!(text.contains("\nend_reason: budget\n"), "{text}");
        assert_eq!(left, vec!["field-unknown"]);
        let d = s.request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": u}}),
        )["items"]
            .clone();
        let (text, left) = apply_titled(
            &mut s,
            &u,
            &text,
            &d,
            "Remplacer `recieved` par `received`",
            3,
        );
        assert!(
            text.contains("feedback: { received: 2025-07-08 }"),
            "{text}"
        );
        assert!(left.is_empty(), "{left:?}");

        let toml = "+++\ntitle = \"T\"\nclient = \"C\"\nstart = 2025-01-15\nstatus = \"active\"\n[feedback]\nrecieved = 2025-07-08\n+++\n";
        let t = uri(&book.root().join("content/missions/t.md"));
        let d = open(&mut s, &t, toml);
        let (text, left) = apply_titled(
            &mut s,
            &t,
            toml,
            &d,
            "Remplacer `recieved` par `received`",
            2,
        );
        assert!(text.contains("\nreceived = 2025-07-08\n"), "{text}");
        assert!(left.is_empty());
        assert_eq!(s.stop(), 0);
    }

    #[test]
    fn a_missing_section_gets_its_heading_in_the_book_language_left_empty() {
        for (lang, heading, title) in [
            (
                "fr",
                "Passation",
                "Ajouter une section «\u{a0}Passation\u{a0}»",
            ),
            ("en", "Handover", "Add a “Handover” section"),
        ] {
            let book = TempBook::with_missions(&support::book_toml(lang));
            let u = uri(&book.root().join("content/missions/a.md"));
            let mut s = Server::start(book.root(), push_caps());
            let text = CLOSED_FR.trim_end();
            let d = open(&mut s, &u, text);
            assert_eq!(d[0]["data"]["heading"], heading);
            let (new, left) = apply_titled(&mut s, &u, text, &d, title, 2);
            assert_eq!(new, format!("{text}\n\n## {heading}\n\n"));
            // Left empty, it is still missing: the fix writes no content.
            assert_eq!(left, vec!["handover-missing"]);
            assert_eq!(s.stop(), 0);
        }
    }

    #[test]
    fn a_custom_element_gets_its_first_heading() {
        let book = TempBook::with_missions(&format!(
            "{}[[lint.require]]\nid = \"tracking-removed\"\nheadings = [\"Outils de suivi\", \"Tracking\"]\nstatus = [\"closed\"]\n",
            support::book_toml("fr")
        ));
        let u = uri(&book.root().join("content/missions/a.md"));
        let mut s = Server::start(book.root(), push_caps());
        let d = open(&mut s, &u, CLOSED_FR);
        let custom: Vec<Value> = d
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["code"] == "tracking-removed")
            .cloned()
            .collect();
        let actions = actions_for(&mut s, &u, &json!(custom));
        assert_eq!(
            titles(&actions),
            vec![
                "Ajouter une section «\u{a0}Outils de suivi\u{a0}»",
                "Ignorer `tracking-removed` dans ce fichier (`lint.allow`)"
            ]
        );
        let hover = s.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": u}, "position": {"line": 5, "character": 1}}),
        );
        assert!(
            hover["contents"]["value"]
                .as_str()
                .unwrap()
                .contains("**tracking-removed** — "),
            "{hover}"
        );
        assert_eq!(s.stop(), 0);
    }

    /// Applies the `lint.allow` action for `handover-missing` to `text` and returns the new text
    /// and what is left.
    fn allow(format_text: &str) -> (String, Vec<String>) {
        let book = TempBook::en();
        let u = uri(&book.root().join("content/missions/a.md"));
        let mut s = Server::start(book.root(), push_caps());
        let d = open(&mut s, &u, format_text);
        let handover: Vec<Value> = d
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["code"] == "handover-missing")
            .cloned()
            .collect();
        assert_eq!(handover.len(), 1, "{d}");
        let out = apply_titled(
            &mut s,
            &u,
            format_text,
            &json!(handover),
            "Allow `handover-missing` in this file (`lint.allow`)",
            2,
        );
        assert_eq!(s.stop(), 0);
        out
    }

    const HEAD: &str = "title: T\nclient: C\nstart: 2025-01-15\nend: 2025-06-30\nstatus: closed\nended_by: term\ncontract: { termination_checked: 2025-06-02 }\nrgpd: { notified: 2025-06-30, deleted: 2025-07-15 }\nfeedback: { received: 2025-07-08 }\nrecommendation: { requested: 2025-07-01, received: 2025-07-05 }\ninvoices: [{ number: F-1, amount: 100, issued: 2025-06-30, due: 2025-07-30, paid: 2025-07-10 }]\n";
    const BODY: &str = "\n## Lessons\n\nX.\n\n## Access\n\nX.\n\n## Deliverables\n\nX.\n";

    #[test]
    fn lint_allow_is_added_in_yaml_with_or_without_a_list() {
        let cases = [
            (
                "",
                "lint:\n  allow:\n    - { rule: handover-missing, reason: \"\" }\n",
            ),
            (
                "lint:\n  allow:\n    - rule: dates-inconsistent\n      reason: \"checked\"\n",
                "lint:\n  allow:\n    - rule: dates-inconsistent\n      reason: \"checked\"\n    - { rule: handover-missing, reason: \"\" }\n",
            ),
            (
                "lint:\n  allow: [{ rule: dates-inconsistent, reason: x }]\n",
                "lint:\n  allow: [{ rule: dates-inconsistent, reason: x }, { rule: handover-missing, reason: \"\" }]\n",
            ),
            (
                "lint:\n  allow: []\n",
                "lint:\n  allow: [{ rule: handover-missing, reason: \"\" }]\n",
            ),
            (
                "lint: { allow: [] }\n",
                "lint: { allow: [{ rule: handover-missing, reason: \"\" }] }\n",
            ),
            (
                "lint:\n",
                "lint:\n  allow:\n    - { rule: handover-missing, reason: \"\" }\n",
            ),
        ];
        for (before, after) in cases {
            let text = format!("---\n{HEAD}{before}---\n{BODY}");
            let (new, left) = allow(&text);
            assert_eq!(new, format!("---\n{HEAD}{after}---\n{BODY}"));
            assert_eq!(left, vec!["allow-without-reason"], "{new}");
        }
    }

    #[test]
    fn lint_allow_is_added_in_toml_with_or_without_a_list() {
        let head = "title = \"T\"\nclient = \"C\"\nstart = 2025-01-15\nend = 2025-06-30\nstatus = \"closed\"\nended_by = \"term\"\ncontract = { termination_checked = 2025-06-02 }\nrgpd = { notified = 2025-06-30, deleted = 2025-07-15 }\nfeedback = { received = 2025-07-08 }\nrecommendation = { requested = 2025-07-01, received = 2025-07-05 }\ninvoices = [{ number = \"F-1\", amount = 100, issued = 2025-06-30, due = 2025-07-30, paid = 2025-07-10 }]\n";
        let cases = [
            (
                "",
                "[[lint.allow]]\nrule = \"handover-missing\"\nreason = \"\"\n",
            ),
            (
                "[[lint.allow]]\nrule = \"dates-inconsistent\"\nreason = \"x\"\n",
                "[[lint.allow]]\nrule = \"dates-inconsistent\"\nreason = \"x\"\n[[lint.allow]]\nrule = \"handover-missing\"\nreason = \"\"\n",
            ),
            (
                "[lint]\nallow = [{ rule = \"dates-inconsistent\", reason = \"x\" }]\n",
                "[lint]\nallow = [{ rule = \"dates-inconsistent\", reason = \"x\" }, { rule = \"handover-missing\", reason = \"\" }]\n",
            ),
            (
                "lint = { allow = [] }\n",
                "lint = { allow = [{ rule = \"handover-missing\", reason = \"\" }] }\n",
            ),
        ];
        for (before, after) in cases {
            let text = format!("+++\n{head}{before}+++\n{BODY}");
            let (new, left) = allow(&text);
            assert_eq!(new, format!("+++\n{head}{after}+++\n{BODY}"));
            assert_eq!(left, vec!["allow-without-reason"], "{new}");
        }
    }

    #[test]
    fn no_fix_states_a_fact_and_the_server_finds_its_own_diagnostics() {
        let book = TempBook::fr();
        let u = uri(&book.root().join("content/missions/a.md"));
        let mut s = Server::start(
            book.root(),
            json!({"workspace": {"workspaceEdit": {"documentChanges": true}}}),
        );
        // Ending and closed missions missing everything: statuses, dates and tasks are never
        // offered, nor a suggestion for an invalid value.
        let text = "---\ntitle: T\nclient: C\nstart: 2025-01-15\nend: 2025-06-30\nstatus: closd\nended_by: client\ninvoices:\n  - { number: A, amount: 100, issued: 2025-06-30, due: 2025-07-30 }\n---\n\n- [ ] rendre les clés\n";
        let d = open(&mut s, &u, text);
        assert!(codes(&d).contains(&"field-invalid".to_string()), "{d}");
        // An empty context: the server's own diagnostics meeting the range (the status line).
        let on_status =
            json!({"start": {"line": 5, "character": 0}, "end": {"line": 5, "character": 3}});
        let actions = s.request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": u}, "range": on_status, "context": {"diagnostics": []}}),
        );
        let titles = titles(actions.as_array().unwrap());
        assert_eq!(
            titles,
            vec!["Ignorer `field-invalid` dans ce fichier (`lint.allow`)"]
        );
        assert_eq!(
            actions[0]["edit"]["documentChanges"][0]["textDocument"],
            json!({"uri": u, "version": 1})
        );
        let closed = CLOSED_FR.replace("contract: { termination_checked: 2025-06-02 }\n", "");
        s.change(&u, 2, json!([{"text": closed}]));
        let d = s.published(&u)["diagnostics"].clone();
        // Without `data`, a diagnostic is matched by code and range.
        let bare: Vec<Value> = d
            .as_array()
            .unwrap()
            .iter()
            .map(|d| json!({"range": d["range"], "code": d["code"], "message": d["message"], "source": "debrief"}))
            .collect();
        let all = json!({"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}});
        let actions = s.request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": u}, "range": all, "context": {"diagnostics": bare}}),
        );
        let titles: Vec<String> = titles_of(&actions);
        assert_eq!(
            titles,
            vec![
                "Ignorer `contract-unchecked` dans ce fichier (`lint.allow`)",
                "Ajouter une section «\u{a0}Passation\u{a0}»",
                "Ignorer `handover-missing` dans ce fichier (`lint.allow`)",
            ]
        );
        for a in actions.as_array().unwrap() {
            let new = a["edit"]["documentChanges"][0]["edits"][0]["newText"]
                .as_str()
                .unwrap();
            for fact in ["status", "ended_by", "2025-", "[x]", "termination_checked"] {
                assert!(!new.contains(fact), "{new}");
            }
        }
        assert_eq!(s.stop(), 0);
    }

    fn titles_of(actions: &Value) -> Vec<String> {
        titles(actions.as_array().unwrap())
    }
}

mod hover_and_completion {
    use super::*;

    fn hover(s: &mut Server, u: &str, line: u32, character: u32) -> Value {
        s.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": u}, "position": {"line": line, "character": character}}),
        )
    }

    fn complete(s: &mut Server, u: &str, line: u32, character: u32) -> Vec<Value> {
        s.request(
            "textDocument/completion",
            json!({"textDocument": {"uri": u}, "position": {"line": line, "character": character}}),
        )
        .as_array()
        .unwrap()
        .clone()
    }

    fn labels(items: &[Value]) -> Vec<String> {
        items
            .iter()
            .map(|i| i["label"].as_str().unwrap().to_string())
            .collect()
    }

    #[test]
    fn hover_explains_the_rules_under_the_cursor_and_the_keys() {
        let book = TempBook::fr();
        let u = uri(&book.root().join("content/missions/a.md"));
        let mut s = Server::start(book.root(), push_caps());
        let text = CLOSED_FR.replace("contract: { termination_checked: 2025-06-02 }\n", "contract: { termination_checked: 2025-06-02 }\nlint:\n  allow:\n    - { rule: access-open, reason: x }\n");
        s.open(&u, &text);
        s.published(&u);
        let h = hover(&mut s, &u, 5, 3);
        let value = h["contents"]["value"].as_str().unwrap();
        assert_eq!(h["contents"]["kind"], "markdown");
        assert!(value.starts_with("**handover-missing** — "), "{value}");
        assert!(
            value.contains("## "),
            "the body of `debrief explain`: {value}"
        );
        // On a key: its path, type, whether it is required, what it records.
        let h = hover(&mut s, &u, 8, 14);
        assert_eq!(
            h["contents"]["value"],
            "**`feedback.received`** — date (YYYY-MM-DD)\n\nobligatoire\u{a0}: non\n\nquand il est arrivé"
        );
        let h = hover(&mut s, &u, 1, 2);
        assert!(
            h["contents"]["value"]
                .as_str()
                .unwrap()
                .starts_with("**`title`** — texte\n\nobligatoire\u{a0}: oui"),
            "{h}"
        );
        // On a rule id in `lint.allow`.
        let h = hover(&mut s, &u, 12, 20);
        assert!(
            h["contents"]["value"]
                .as_str()
                .unwrap()
                .starts_with("**access-open** — "),
            "{h}"
        );
        // Elsewhere: nothing.
        assert_eq!(hover(&mut s, &u, 16, 2), Value::Null);

        let toml = "+++\ntitle = \"T\"\nclient = \"C\"\nstart = 2025-01-15\nstatus = \"active\"\n[feedback]\nrequested = 2025-07-01\n+++\n";
        let t = uri(&book.root().join("content/missions/t.md"));
        s.open(&t, toml);
        s.published(&t);
        assert!(
            hover(&mut s, &t, 5, 3)["contents"]["value"]
                .as_str()
                .unwrap()
                .starts_with("**`feedback`** — table")
        );
        assert!(
            hover(&mut s, &t, 6, 3)["contents"]["value"]
                .as_str()
                .unwrap()
                .starts_with("**`feedback.requested`** — date")
        );
        assert_eq!(s.stop(), 0);
    }

    #[test]
    fn completion_offers_missing_keys_values_and_today() {
        let book = TempBook::en();
        let u = uri(&book.root().join("content/missions/a.md"));
        let mut s = Server::start(book.root(), push_caps());
        let text = "---\ntitle: T\nclient: C\nstatus: \nfeedback:\n  requested: 2025-01-01\n  \nnotice: { channel:  }\nst\nlint:\n  allow:\n    - rule: \n---\n\n## \n";
        s.open(&u, text);
        s.published(&u);
        // Top level, not yet present.
        let items = complete(&mut s, &u, 8, 2);
        let l = labels(&items);
        assert!(
            l.contains(&"start".to_string()) && l.contains(&"end".to_string()),
            "{l:?}"
        );
        assert!(
            !l.contains(&"title".to_string()) && !l.contains(&"status".to_string()),
            "{l:?}"
        );
        let start = items.iter().find(|i| i["label"] == "start").unwrap();
        assert_eq!(start["kind"], 10);
        assert_eq!(start["detail"], "date (YYYY-MM-DD)");
        assert_eq!(
            start["textEdit"],
            json!({"range": {"start": {"line": 8, "character": 0}, "end": {"line": 8, "character": 2}}, "newText": "start: "})
        );
        // A table's keys.
        assert_eq!(labels(&complete(&mut s, &u, 6, 2)), vec!["received"]);
        // Values.
        let items = complete(&mut s, &u, 3, 8);
        assert_eq!(labels(&items), vec!["active", "ending", "closed"]);
        assert_eq!(items[0]["kind"], 20);
        assert_eq!(
            labels(&complete(&mut s, &u, 7, 19)),
            vec!["email", "letter", "rar", "phone", "meeting"]
        );
        let rules = labels(&complete(&mut s, &u, 11, 12));
        assert!(
            rules.contains(&"handover-missing".to_string())
                && !rules.contains(&"allow-without-reason".to_string()),
            "{rules:?}"
        );
        // A date: today first.
        s.change(&u, 2, json!([{"range": {"start": {"line": 6, "character": 2}, "end": {"line": 6, "character": 2}}, "text": "received: "}]));
        s.published(&u);
        let items = complete(&mut s, &u, 6, 12);
        assert_eq!(items[0]["label"], TODAY);
        assert_eq!(items[0]["detail"], "today");
        // In a list's items: the keys of that item not written yet.
        s.change(&u, 3, json!([{"range": {"start": {"line": 9, "character": 0}, "end": {"line": 9, "character": 0}}, "text": "invoices:\n  - { number: A, \n  - amount: 3\n    \n"}]));
        s.published(&u);
        assert_eq!(
            labels(&complete(&mut s, &u, 10, 17)),
            vec![
                "amount",
                "issued",
                "due",
                "paid",
                "rar",
                "reminded",
                "formal_notice"
            ]
        );
        assert_eq!(
            labels(&complete(&mut s, &u, 12, 4)),
            vec![
                "number",
                "issued",
                "due",
                "paid",
                "rar",
                "reminded",
                "formal_notice"
            ]
        );
        s.change(&u, 4, json!([{"range": {"start": {"line": 16, "character": 0}, "end": {"line": 16, "character": 0}}, "text": "      \n"}]));
        s.published(&u);
        assert_eq!(labels(&complete(&mut s, &u, 16, 6)), vec!["reason"]);
        // The body: element headings after `#`s.
        let l = labels(&complete(&mut s, &u, 19, 3));
        assert_eq!(
            l,
            vec![
                "Client feedback",
                "Lessons learned",
                "Handover",
                "Access",
                "GDPR",
                "Invoices",
                "Deliverables"
            ]
        );
        assert_eq!(s.stop(), 0);
    }

    #[test]
    fn toml_completion_after_brackets_and_equals() {
        let book = TempBook::fr();
        let u = uri(&book.root().join("content/missions/a.md"));
        let mut s = Server::start(book.root(), push_caps());
        let text = "+++\ntitle = \"T\"\nstatus = \n[\n[[\n+++\n";
        s.open(&u, text);
        s.published(&u);
        let items = complete(&mut s, &u, 2, 9);
        assert_eq!(labels(&items), vec!["active", "ending", "closed"]);
        assert_eq!(items[0]["textEdit"]["newText"], "\"active\"");
        assert_eq!(
            labels(&complete(&mut s, &u, 3, 1)),
            vec![
                "client_contact",
                "contract",
                "notice",
                "deposit",
                "feedback",
                "recommendation",
                "case_study",
                "rgpd",
                "lint"
            ]
        );
        assert_eq!(
            labels(&complete(&mut s, &u, 4, 2)),
            vec!["invoices", "lint.allow"]
        );
        assert_eq!(s.stop(), 0);
    }
}

mod editors {
    use super::*;

    /// The real server driven by a real Neovim (0.7.2 on Debian bookworm: pushed diagnostics).
    /// Skipped without `nvim`, saying so; required when `CI=true`.
    #[test]
    fn neovim_shows_and_clears_a_diagnostic() {
        let found = Command::new("nvim")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
        if !found {
            assert_ne!(
                std::env::var("CI").as_deref(),
                Ok("true"),
                "nvim is required under CI=true (apt-get install -y neovim)"
            );
            eprintln!("skipped: nvim is not installed (apt-get install -y neovim)");
            return;
        }
        let book = TempBook::fr();
        book.mission("2025/refonte.md", CLOSED_FR);
        let journal = book.root().join("content/missions/2025/refonte.md");
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/editors/nvim.lua");
        let mut child = Command::new("nvim")
            .args([
                "--headless",
                "--clean",
                "-u",
                "NONE",
                "-n",
                "-i",
                "NONE",
                "-c",
            ])
            .arg(format!("luafile {}", script.display()))
            .current_dir(book.root())
            .env("DEBRIEF", env!("CARGO_BIN_EXE_debrief"))
            .env("BOOK", book.root())
            .env("JOURNAL", &journal)
            .env("STATUS_LINE", "5")
            .env("DEBRIEF_TODAY", TODAY)
            .env("HOME", book.root())
            .env("XDG_CONFIG_HOME", book.root().join(".config"))
            .env("XDG_STATE_HOME", book.root().join(".state"))
            .env("XDG_DATA_HOME", book.root().join(".data"))
            .env("XDG_CACHE_HOME", book.root().join(".cache"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start nvim");
        let start = std::time::Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if start.elapsed() > Duration::from_secs(20) {
                let _ = child.kill();
                panic!("nvim did not finish within 20 s");
            }
            std::thread::sleep(Duration::from_millis(50));
        };
        let mut stderr = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        assert!(status.success(), "nvim failed: {stderr}");
        // The journal on disk is untouched: only the buffer changed.
        assert_eq!(std::fs::read_to_string(&journal).unwrap(), CLOSED_FR);
    }
}
