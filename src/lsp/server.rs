//! The lifecycle and the dispatch: what each message does in each phase (before `initialize`,
//! running, after `shutdown`), every request answered exactly once (a panic in a handler is an
//! `InternalError`), and diagnostics pulled by the client or pushed to it.

use super::rpc::{self, RpcError};
use super::state::{Doc, Linted, State, apply_change, root_of, uri_path};
use super::transport::{Frame, send};
use super::watch::Watcher;
use super::{Event, actions, complete, diagnostics, hover, log, position};
use crate::i18n::Lang;
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::mpsc::Sender;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Waiting,
    Running,
    ShutDown,
}

/// What the client said it supports.
#[derive(Debug, Clone, Default)]
pub struct Caps {
    /// `textDocument.diagnostic`: it pulls diagnostics.
    pub pull: bool,
    pub dynamic_watch: bool,
    pub refresh: bool,
    pub document_changes: bool,
    pub markdown: bool,
}

impl Caps {
    fn read(c: &Value) -> Caps {
        let yes = |p: &str| c.pointer(p).and_then(Value::as_bool) == Some(true);
        Caps {
            pull: c
                .pointer("/textDocument/diagnostic")
                .is_some_and(Value::is_object),
            dynamic_watch: yes("/workspace/didChangeWatchedFiles/dynamicRegistration"),
            refresh: yes("/workspace/diagnostics/refreshSupport"),
            document_changes: yes("/workspace/workspaceEdit/documentChanges"),
            markdown: c
                .pointer("/textDocument/hover/contentFormat")
                .and_then(Value::as_array)
                .is_some_and(|f| f.iter().any(|f| f == "markdown")),
        }
    }
}

pub struct Server {
    pub state: State,
    phase: Phase,
    pub caps: Caps,
    /// Documents whose diagnostics are to be pushed once the input is idle.
    dirty: BTreeSet<String>,
    /// Whether a document outside any book was logged (once per process).
    logged_outside: bool,
    /// Our own watcher, when the client does not watch files for us.
    watcher: Option<Watcher>,
    events: Sender<Event>,
    next_request: u64,
    /// Bumped when a book or a slug table changes: part of every `resultId`.
    epoch: u64,
    generation: u64,
}

impl Server {
    pub fn new(flag: Option<Lang>, events: Sender<Event>) -> Server {
        Server {
            state: State {
                flag,
                ..State::default()
            },
            phase: Phase::Waiting,
            caps: Caps::default(),
            dirty: BTreeSet::new(),
            logged_outside: false,
            watcher: None,
            events,
            next_request: 0,
            epoch: 0,
            generation: 0,
        }
    }

    /// Handles one event; `Some(code)` ends the process.
    pub fn handle(&mut self, event: Event) -> Option<i32> {
        match event {
            Event::End => Some(1),
            Event::Disk(changes) => {
                self.guard("file changes", |s| s.disk_changed(changes));
                None
            }
            Event::Frame(Frame::Unparsable(why)) => {
                log::error(&why);
                send(&rpc::response(
                    &Value::Null,
                    Err(RpcError::new(rpc::PARSE_ERROR, why)),
                ));
                None
            }
            Event::Frame(Frame::Json(message)) => self.message(message),
        }
    }

    fn message(&mut self, message: Value) -> Option<i32> {
        let invalid = |id: &Value, why: &str| {
            send(&rpc::response(
                id,
                Err(RpcError::new(rpc::INVALID_REQUEST, why)),
            ));
        };
        let Value::Object(mut obj) = message else {
            invalid(&Value::Null, "a message must be a JSON object");
            return None;
        };
        let id = obj.remove("id");
        let params = obj.remove("params").unwrap_or(Value::Null);
        match (obj.get("method"), id) {
            (Some(Value::String(method)), None) => {
                let method = method.clone();
                return self.notification(&method, params);
            }
            (Some(Value::String(method)), Some(id @ (Value::Number(_) | Value::String(_)))) => {
                let method = method.clone();
                let result = self.request(&method, params);
                send(&rpc::response(&id, result));
            }
            (Some(Value::String(_)), Some(_)) => {
                invalid(&Value::Null, "a request id must be a number or a string")
            }
            (None, Some(_)) if obj.contains_key("result") || obj.contains_key("error") => {
                log::debug("a response from the client");
            }
            (_, id) => invalid(
                &id.unwrap_or(Value::Null),
                "not a JSON-RPC request, notification or response",
            ),
        }
        None
    }

    fn request(&mut self, method: &str, params: Value) -> Result<Value, RpcError> {
        match (self.phase, method) {
            (Phase::Waiting, "initialize") => {}
            (Phase::Waiting, _) => {
                return Err(RpcError::new(
                    rpc::SERVER_NOT_INITIALIZED,
                    "the server is not initialized",
                ));
            }
            (_, "initialize") => {
                return Err(RpcError::new(
                    rpc::INVALID_REQUEST,
                    "the server is already initialized",
                ));
            }
            (Phase::ShutDown, _) => {
                return Err(RpcError::new(
                    rpc::INVALID_REQUEST,
                    "the server is shut down",
                ));
            }
            (Phase::Running, _) => {}
        }
        let outcome = catch_unwind(AssertUnwindSafe(|| self.dispatch(method, &params)));
        outcome.unwrap_or_else(|_| {
            log::error(&format!("the handler of `{method}` failed"));
            Err(RpcError::new(
                rpc::INTERNAL_ERROR,
                format!("internal error while handling `{method}`"),
            ))
        })
    }

    fn dispatch(&mut self, method: &str, params: &Value) -> Result<Value, RpcError> {
        match method {
            "initialize" => self.initialize(params),
            "shutdown" => {
                self.phase = Phase::ShutDown;
                Ok(Value::Null)
            }
            "textDocument/diagnostic" => self.pull(params),
            "textDocument/codeAction" => {
                let doc = self.doc(params)?;
                Ok(actions::actions(&self.state, doc, params, &self.caps))
            }
            "textDocument/hover" => {
                let doc = self.doc(params)?;
                let pos = rpc::position(params)?;
                Ok(hover::hover(&self.state, doc, pos, self.caps.markdown))
            }
            "textDocument/completion" => {
                let doc = self.doc(params)?;
                let pos = rpc::position(params)?;
                Ok(complete::complete(&self.state, doc, pos))
            }
            _ => Err(RpcError::new(
                rpc::METHOD_NOT_FOUND,
                format!("unknown method `{method}`"),
            )),
        }
    }

    fn doc(&self, params: &Value) -> Result<&Doc, RpcError> {
        let uri = rpc::uri(params)?;
        self.state
            .docs
            .get(uri)
            .ok_or_else(|| RpcError::params("the document is not open"))
    }

    fn initialize(&mut self, params: &Value) -> Result<Value, RpcError> {
        if !params.is_object() {
            return Err(RpcError::params("initialize takes an object"));
        }
        self.caps = Caps::read(params.get("capabilities").unwrap_or(&Value::Null));
        self.phase = Phase::Running;
        Ok(json!({
            "capabilities": {
                "positionEncoding": "utf-16",
                "textDocumentSync": {"openClose": true, "change": 2},
                "diagnosticProvider": {
                    "identifier": "debrief",
                    "interFileDependencies": true,
                    "workspaceDiagnostics": false
                },
                "codeActionProvider": {"codeActionKinds": ["quickfix"]},
                "hoverProvider": true,
                "completionProvider": {"triggerCharacters": [":", "=", " ", "[", "#"]},
                "workspace": {"workspaceFolders": {"supported": true}}
            },
            "serverInfo": {"name": "debrief", "version": env!("CARGO_PKG_VERSION")}
        }))
    }

    fn notification(&mut self, method: &str, params: Value) -> Option<i32> {
        if method == "exit" {
            return Some(if self.phase == Phase::ShutDown { 0 } else { 1 });
        }
        if self.phase != Phase::Running {
            log::debug(&format!("`{method}` dropped: the server is not running"));
            return None;
        }
        self.guard(method, |s| match method {
            "initialized" => s.initialized(),
            "textDocument/didOpen" => s.did_open(&params),
            "textDocument/didChange" => s.did_change(&params),
            "textDocument/didClose" => s.did_close(&params),
            "workspace/didChangeWatchedFiles" => {
                let changes = params
                    .get("changes")
                    .and_then(Value::as_array)
                    .map(|changes| {
                        changes
                            .iter()
                            .filter_map(|c| {
                                let path = uri_path(c.get("uri")?.as_str()?)?;
                                Some((path, c.get("type")?.as_u64()? != 3))
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                s.disk_changed(changes)
            }
            _ => {
                log::debug(&format!("notification `{method}` ignored"));
                Ok(())
            }
        });
        None
    }

    /// Runs a notification's work, logging bad params and catching a panic.
    fn guard(&mut self, what: &str, work: impl FnOnce(&mut Server) -> Result<(), RpcError>) {
        match catch_unwind(AssertUnwindSafe(|| work(self))) {
            Ok(Ok(())) => {}
            Ok(Err(e)) => log::error(&format!("`{what}`: {}", e.message)),
            Err(_) => log::error(&format!("the handler of `{what}` failed")),
        }
    }

    fn initialized(&mut self) -> Result<(), RpcError> {
        if self.caps.dynamic_watch {
            let watchers: Vec<Value> = ["**/book.toml", "**/*.md"]
                .iter()
                .map(|glob| json!({"globPattern": glob, "kind": 7}))
                .collect();
            self.send_request(
                "client/registerCapability",
                json!({"registrations": [{
                    "id": "debrief-watched-files",
                    "method": "workspace/didChangeWatchedFiles",
                    "registerOptions": {"watchers": watchers}
                }]}),
            );
        } else {
            match Watcher::start(self.events.clone()) {
                Ok(w) => self.watcher = Some(w),
                Err(e) => log::error(&format!("cannot watch the books' files: {e}")),
            }
            self.sync_watcher();
        }
        Ok(())
    }

    fn send_request(&mut self, method: &str, params: Value) {
        self.next_request += 1;
        let id = format!("debrief-{}", self.next_request);
        send(&rpc::request(&id, method, params));
    }

    fn sync_watcher(&mut self) {
        if let Some(w) = &mut self.watcher {
            w.sync(self.state.books.keys());
        }
    }

    fn did_open(&mut self, params: &Value) -> Result<(), RpcError> {
        let uri = rpc::uri(params)?;
        let text = rpc::string(params, "/textDocument/text")?;
        let version = params
            .pointer("/textDocument/version")
            .and_then(Value::as_i64)
            .unwrap_or(0);
        let root = uri_path(uri).and_then(|p| root_of(&p));
        let fresh = root
            .as_ref()
            .is_some_and(|r| !self.state.books.contains_key(r));
        let before = root
            .as_deref()
            .map(|r| self.duplicates(r))
            .unwrap_or_default();
        self.state.open(uri, text.to_string(), version);
        if let Some(root) = &root {
            self.others_changed(root, before);
        }
        self.generation += 1;
        if fresh {
            self.epoch += 1;
            self.sync_watcher();
        }
        self.report_problems(uri);
        self.touched(uri);
        Ok(())
    }

    fn did_change(&mut self, params: &Value) -> Result<(), RpcError> {
        let uri = rpc::uri(params)?;
        let changes = params
            .get("contentChanges")
            .and_then(Value::as_array)
            .ok_or_else(|| RpcError::params("`contentChanges` must be a list"))?;
        let version = params
            .pointer("/textDocument/version")
            .and_then(Value::as_i64);
        let doc = self
            .state
            .docs
            .get_mut(uri)
            .ok_or_else(|| RpcError::params("the document is not open"))?;
        for change in changes {
            let text = change
                .get("text")
                .and_then(Value::as_str)
                .ok_or_else(|| RpcError::params("a change needs a `text`"))?;
            let range = match change.get("range") {
                None | Some(Value::Null) => None,
                Some(r) => Some(
                    position::range_from_json(r)
                        .ok_or_else(|| RpcError::params("a change's `range` is not a range"))?,
                ),
            };
            apply_change(&mut doc.text, range, text);
        }
        if let Some(v) = version {
            doc.version = v;
        }
        self.generation += 1;
        self.touched(uri);
        Ok(())
    }

    fn did_close(&mut self, params: &Value) -> Result<(), RpcError> {
        let uri = rpc::uri(params)?;
        let root = self.state.docs.get(uri).and_then(|d| d.root.clone());
        let before = root
            .as_deref()
            .map(|r| self.duplicates(r))
            .unwrap_or_default();
        self.state.close(uri);
        self.dirty.remove(uri);
        if let Some(root) = &root {
            let before = before.into_iter().filter(|(u, _)| u != uri).collect();
            self.others_changed(root, before);
        }
        self.sync_watcher();
        if !self.caps.pull {
            send(&rpc::notification(
                "textDocument/publishDiagnostics",
                json!({"uri": uri, "diagnostics": []}),
            ));
        }
        Ok(())
    }

    /// A document's diagnostics may have changed: pushed once the input is idle, unless the
    /// client pulls them.
    fn touched(&mut self, uri: &str) {
        if !self.caps.pull {
            self.dirty.insert(uri.to_string());
        }
    }

    /// Says once why a document gets no diagnostics: outside any book, or its book.toml is
    /// invalid.
    fn report_problems(&mut self, uri: &str) {
        let Some(doc) = self.state.docs.get(uri) else {
            return;
        };
        match &doc.root {
            None if doc.path.is_some() && !self.logged_outside => {
                self.logged_outside = true;
                let path = doc.path.as_deref().unwrap_or(std::path::Path::new(""));
                let message = format!(
                    "{}: no book.toml in this folder or any parent; debrief lints only the journals of a book",
                    path.display()
                );
                send(&rpc::notification(
                    "window/logMessage",
                    json!({"type": 3, "message": message}),
                ));
            }
            Some(root) => {
                let root = root.clone();
                self.show_book_error(&root);
            }
            None => {}
        }
    }

    fn show_book_error(&mut self, root: &std::path::Path) {
        if let Some(book) = self.state.books.get_mut(root)
            && let Err(reason) = &book.loaded
            && !book.shown
        {
            book.shown = true;
            send(&rpc::notification(
                "window/showMessage",
                json!({"type": 1, "message": reason}),
            ));
        }
    }

    /// Pushes the diagnostics of the documents changed since the last push.
    pub fn flush(&mut self) {
        let dirty = std::mem::take(&mut self.dirty);
        for uri in dirty {
            self.guard("publishDiagnostics", |s| {
                s.push(&uri);
                Ok(())
            });
        }
    }

    fn push(&self, uri: &str) {
        let Some(doc) = self.state.docs.get(uri) else {
            return;
        };
        let items = self.items(doc);
        send(&rpc::notification(
            "textDocument/publishDiagnostics",
            json!({"uri": uri, "version": doc.version, "diagnostics": items}),
        ));
    }

    fn items(&self, doc: &Doc) -> Vec<Value> {
        match self.state.lint(doc) {
            Linted::Nothing => Vec::new(),
            Linted::Journal {
                loaded,
                mission,
                diagnostics,
            } => diagnostics
                .iter()
                .map(|d| diagnostics::to_lsp(&loaded.book, &mission, d, doc.version))
                .collect(),
        }
    }

    fn pull(&mut self, params: &Value) -> Result<Value, RpcError> {
        let uri = rpc::uri(params)?;
        let Some(doc) = self.state.docs.get(uri) else {
            return Ok(json!({"kind": "full", "items": []}));
        };
        let result_id = format!(
            "{}-{}-{}-{}",
            doc.version,
            self.generation,
            self.epoch,
            super::state::today()
        );
        if params.get("previousResultId").and_then(Value::as_str) == Some(result_id.as_str()) {
            return Ok(json!({"kind": "unchanged", "resultId": result_id}));
        }
        let items = self.items(doc);
        Ok(json!({"kind": "full", "resultId": result_id, "items": items}))
    }

    /// Files created, changed or deleted on disk (`true`: it exists).
    fn disk_changed(&mut self, changes: Vec<(PathBuf, bool)>) -> Result<(), RpcError> {
        let mut relint: BTreeSet<String> = BTreeSet::new();
        let mut books_changed = false;
        for (path, exists) in changes {
            if path
                .file_name()
                .is_some_and(|n| n == crate::layout::BOOK_TOML)
            {
                // Only a book.toml at or above an open document can change its book.
                let dir = path.parent().unwrap_or(&path);
                books_changed |= self
                    .state
                    .docs
                    .values()
                    .any(|d| d.path.as_deref().is_some_and(|p| p.starts_with(dir)));
                continue;
            }
            if path.extension().is_none_or(|x| x != "md") {
                continue;
            }
            let roots: Vec<PathBuf> = self
                .state
                .books
                .keys()
                .filter(|r| path.starts_with(r))
                .cloned()
                .collect();
            for root in roots {
                let before = self.duplicates(&root);
                if self.state.journal_on_disk(&root, &path, exists) {
                    self.epoch += 1;
                    let after = self.duplicates(&root);
                    relint.extend(
                        before
                            .into_iter()
                            .zip(after)
                            .filter(|(b, a)| b != a)
                            .map(|(b, _)| b.0),
                    );
                }
            }
        }
        if books_changed {
            relint.extend(self.redecide_books());
        }
        if relint.is_empty() {
            return Ok(());
        }
        if self.caps.pull && self.caps.refresh {
            self.send_request("workspace/diagnostic/refresh", Value::Null);
        } else {
            for uri in relint {
                self.push(&uri);
            }
        }
        Ok(())
    }

    /// Marks for a new push the open documents of `root`'s book whose `duplicate-slug` is no
    /// longer what `before` says (a document opened or closed with the same slug).
    fn others_changed(&mut self, root: &std::path::Path, before: Vec<(String, Option<String>)>) {
        let after = self.duplicates(root);
        let changed: Vec<String> = after
            .into_iter()
            .filter(|a| before.iter().any(|b| b.0 == a.0 && b.1 != a.1))
            .map(|a| a.0)
            .collect();
        if !changed.is_empty() {
            self.epoch += 1;
        }
        for uri in changed {
            self.touched(&uri);
        }
    }

    /// Each open document of `root`'s book with the journal whose slug it repeats.
    fn duplicates(&self, root: &std::path::Path) -> Vec<(String, Option<String>)> {
        let mut docs: Vec<(String, Option<String>)> = self
            .state
            .docs
            .values()
            .filter(|d| d.root.as_deref() == Some(root))
            .filter_map(|d| {
                let rel = crate::journal::relative(root, d.path.as_deref()?);
                Some((d.uri.clone(), self.state.duplicate_of(root, &rel)))
            })
            .collect();
        docs.sort();
        docs
    }

    /// After a `book.toml` appeared, changed or went: decides each open document's book again
    /// and reloads the books; returns the documents to re-lint (all those in a book).
    fn redecide_books(&mut self) -> Vec<String> {
        self.epoch += 1;
        let mut roots = BTreeSet::new();
        for doc in self.state.docs.values_mut() {
            doc.root = doc.path.as_deref().and_then(root_of);
            roots.extend(doc.root.clone());
        }
        self.state.books.retain(|r, _| roots.contains(r));
        for root in &roots {
            self.state.load_book(root);
            self.show_book_error(root);
        }
        self.sync_watcher();
        let uris: Vec<String> = self.state.docs.keys().cloned().collect();
        for uri in &uris {
            self.report_problems(uri);
        }
        uris
    }
}

/// The title of an action, in the book's language (for hover and actions).
pub fn book_lang(state: &State, doc: &Doc) -> Lang {
    doc.root
        .as_ref()
        .and_then(|r| state.books.get(r))
        .and_then(|b| b.loaded.as_ref().ok())
        .map_or_else(|| crate::cmd::context::ui_lang(state.flag), |l| l.lang)
}
