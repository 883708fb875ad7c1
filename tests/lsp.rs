//! `debrief lsp` driven by an in-repo JSON-RPC client: every wait is bounded (5 s) and any
//! message a test did not expect fails it. Books in French and English, YAML and TOML, clients
//! that pull diagnostics and clients that are pushed them.

mod common;

use common::{TODAY, TempBook};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::Duration;

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
        .stderr(Stdio::null())
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
        let answer = self.request("initialize", json!({"capabilities": caps, "processId": null}));
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
        answer["error"]["code"].as_i64().unwrap_or_else(|| panic!("{answer}"))
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
        self.request("textDocument/diagnostic", json!({"textDocument": {"uri": uri}}))
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
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' => s.push(b as char),
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

const CLOSED_FR: &str = "---\ntitle: Refonte\nclient: Boutique\nstart: 2025-01-15\nend: 2025-06-30\nstatus: closed\nended_by: client\nend_reason: internalisation\nfeedback: { received: 2025-07-08 }\ncontract: { termination_checked: 2025-06-02 }\nrgpd: { notified: 2025-06-30, deleted: 2025-07-15 }\ncase_study: { consent: 2025-07-01 }\n---\n\n## Leçons\n\nPoser le périmètre par écrit.\n\n## Accès\n\n- [x] GTM retiré\n\n## Livrables\n\nLes fichiers.\n";

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
            s.error("textDocument/hover", json!({"textDocument": {"uri": a}, "position": {"line": 0, "character": 0}})),
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
            .args(["lsp", "--help"])
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
        assert_eq!((m["id"].clone(), m["error"]["code"].clone()), (Value::Null, json!(-32700)), "{m}");
        // No valid Content-Length: skipped up to the next blank line.
        s.raw(b"Content-Length: lots\r\nX: y\r\n\r\nhello garbage\r\n\r\n");
        s.raw(b"\x00\xff\xfe\r\n\r\n");
        s.send(&json!([1, 2]));
        assert_eq!(s.recv()["error"]["code"], -32600);
        s.send(&json!({"jsonrpc": "2.0", "id": {"a": 1}, "method": "shutdown"}));
        let m = s.recv();
        assert_eq!((m["id"].clone(), m["error"]["code"].clone()), (Value::Null, json!(-32600)));
        s.send(&json!({"jsonrpc": "2.0", "id": 7}));
        assert_eq!(s.recv()["error"]["code"], -32600);
        assert_eq!(s.error("debrief/unknown", json!({})), -32601);
        assert_eq!(s.error("$/unknown", json!({})), -32601);
        s.notify("$/unknownNotification", json!({}));
        s.notify("workspace/unknown", json!(42));
        // A response from the client is not answered.
        s.send(&json!({"jsonrpc": "2.0", "id": "x", "result": null}));
        s.quiet();
        assert_eq!(s.error("textDocument/hover", json!({"textDocument": {}})), -32602);
        assert_eq!(s.error("textDocument/completion", json!(null)), -32602);
        // Header names in any case, Content-Type ignored, `\n` alone accepted.
        s.raw(b"content-type: application/vscode-jsonrpc; charset=utf-8\r\ncONTENT-lENGTH: 45\n\n{\"jsonrpc\":\"2.0\",\"id\":99,\"method\":\"shutdown\"}");
        let m = s.recv();
        assert_eq!((m["id"].clone(), m["result"].clone()), (json!(99), Value::Null));
        s.notify("exit", Value::Null);
        assert_eq!(s.wait(), 0);
    }

    #[test]
    fn huge_texts_nul_bytes_and_positions_past_the_end() {
        let book = TempBook::fr();
        let a = uri(&book.root().join("content/missions/a.md"));
        let mut s = Server::start(book.root(), push_caps());
        let long_line = "x".repeat(1 << 20);
        let big = format!("{ACTIVE}{}\n{long_line}\n\0\0 nul\n", "Lorem ipsum.\n".repeat(800_000));
        assert!(big.len() > 10_000_000);
        s.open(&a, &big);
        assert_eq!(codes(&s.published(&a)["diagnostics"]), Vec::<String>::new());
        s.change(&a, 2, json!([{"range": {"start": {"line": 9_999_999, "character": 5}, "end": {"line": 99_999_999, "character": 9}}, "text": "fin"}]));
        assert_eq!(s.published(&a)["version"], 2);
        let hover = s.request("textDocument/hover", json!({"textDocument": {"uri": a}, "position": {"line": 4_000_000_000u64, "character": 4_000_000_000u64}}));
        assert_eq!(hover, Value::Null);
        let done = s.request("textDocument/completion", json!({"textDocument": {"uri": a}, "position": {"line": 1, "character": 99_999}}));
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
            let id = s.ask("textDocument/diagnostic", json!({"textDocument": {"uri": a}}));
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
        assert_eq!(lsp.len(), json_entries.len(), "{what}: {lsp:#?}\n{json_entries:#?}");
        let lines: Vec<&str> = text.split('\n').collect();
        for (j, l) in json_entries.iter().zip(lsp) {
            let line = j["line"].as_u64().unwrap();
            let col = j["column"].as_u64().unwrap() as usize;
            let src = lines[line as usize - 1].trim_end_matches('\r');
            let before: String = src.chars().take(col - 1).collect();
            assert_eq!(l["range"]["start"]["line"], json!(line - 1), "{what}");
            assert_eq!(l["range"]["start"]["character"], json!(utf16(&before)), "{what}");
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
        journals.retain(|p| p.extension().is_some_and(|x| x == "md") && p.file_name().unwrap() != "_index.md");
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
        let ranges: Vec<Value> = d.as_array().unwrap().iter().map(|d| d["range"].clone()).collect();
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
        assert_eq!(d["diagnostics"][1]["data"], json!({"rule": "field-unknown", "version": 2, "key": "recieved", "suggestion": "feedback.received"}));
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
        assert_eq!(places(&first["items"]), vec![(5, 0, "handover-missing".to_string())]);
        let id = first["resultId"].as_str().unwrap().to_string();
        let again = s.request("textDocument/diagnostic", json!({"textDocument": {"uri": u}, "previousResultId": id}));
        assert_eq!(again, json!({"kind": "unchanged", "resultId": id}));
        s.change(&u, 2, json!([{"range": {"start": {"line": 25, "character": 0}, "end": {"line": 25, "character": 0}}, "text": "\n## Passation\n\nTout est remis.\n"}]));
        s.quiet();
        let after = s.request("textDocument/diagnostic", json!({"textDocument": {"uri": u}, "previousResultId": id}));
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
        assert!(message.contains("notes.md") && message.contains("book.toml"), "{message}");
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
        let book = TempBook::with_config("[book\n");
        let u = uri(&book.root().join("content/missions/a.md"));
        let u2 = uri(&book.root().join("content/missions/b.md"));
        let mut s = Server::start(book.root(), push_caps());
        s.open(&u, CLOSED_FR);
        let shown = s.recv();
        assert_eq!(shown["method"], "window/showMessage", "{shown}");
        assert_eq!(shown["params"]["type"], 1);
        let message = shown["params"]["message"].as_str().unwrap();
        assert!(message.contains("book.toml:1:") && !message.contains('\n'), "{message}");
        assert_eq!(s.published(&u)["diagnostics"], json!([]));
        s.open(&u2, CLOSED_FR);
        assert_eq!(s.published(&u2)["diagnostics"], json!([]));
        // Fixed: the book loads and both documents are linted again.
        book.file("book.toml", common::book_toml("fr"));
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
        assert!(d[0]["message"].as_str().unwrap().contains("content/missions/2024/refonte.md"));
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
        book.file("book.toml", format!("{}[lint.rules]\nhandover-missing = \"off\"\n", common::book_toml("en")));
        let p = s.published(&u);
        assert!(!codes(&p["diagnostics"]).contains(&"handover-missing".to_string()), "{p}");
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
        book.file("book.toml", format!("{}[lint.rules]\nhandover-missing = \"off\"\n", common::book_toml("fr")));
        s.notify(
            "workspace/didChangeWatchedFiles",
            json!({"changes": [{"uri": uri(&book.root().join("book.toml")), "type": 2}]}),
        );
        let refresh = s.recv();
        assert_eq!(refresh["method"], "workspace/diagnostic/refresh", "{refresh}");
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
        assert!(d[0]["message"].as_str().unwrap().starts_with("`closed` mission without a handover\nadd a `## Handover` section"), "{d}");
        assert_eq!(s.stop(), 0);
    }
}
