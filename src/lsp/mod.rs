//! `debrief lsp`: the linter in the editor, as the journal is typed (LSP 3.17 over stdio,
//! `design/lsp.md`). A thread frames the input; the main loop handles one message at a time,
//! drops the requests cancelled while they waited, and pushes diagnostics once the input is idle.

mod actions;
mod complete;
mod diagnostics;
mod frontmatter;
mod hover;
mod log;
mod position;
mod rpc;
mod server;
mod state;
mod transport;
mod watch;

use crate::i18n::Lang;
use serde_json::Value;
use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::mpsc;

/// What the main loop receives.
#[derive(Debug)]
pub enum Event {
    Frame(transport::Frame),
    /// Files created or changed (`true`) or deleted (`false`), seen by our own watcher.
    Disk(Vec<(PathBuf, bool)>),
    /// The end of the input.
    End,
}

/// Runs the server until `exit` or the end of stdin; returns the exit code.
pub fn run(flag: Option<Lang>) -> i32 {
    let (tx, rx) = mpsc::channel();
    let reader = tx.clone();
    std::thread::spawn(move || {
        transport::read_frames(std::io::stdin(), &reader, Event::Frame);
        let _ = reader.send(Event::End);
    });
    let mut server = server::Server::new(flag, tx);
    let mut queue: VecDeque<Event> = VecDeque::new();
    loop {
        if queue.is_empty() {
            match rx.recv() {
                Ok(event) => queue.push_back(event),
                Err(_) => return 1,
            }
        }
        queue.extend(rx.try_iter());
        cancel_waiting(&mut queue);
        let Some(event) = queue.pop_front() else {
            continue;
        };
        if let Some(code) = server.handle(event) {
            return code;
        }
        queue.extend(rx.try_iter());
        if queue.is_empty() {
            server.flush();
        }
    }
}

/// Answers `RequestCancelled` to the waiting requests a `$/cancelRequest` names, and drops the
/// cancellations (a request already answered is not answered again).
fn cancel_waiting(queue: &mut VecDeque<Event>) {
    let is_cancel = |e: &Event| {
        method(e) == Some("$/cancelRequest")
            && matches!(e, Event::Frame(transport::Frame::Json(m)) if m.get("id").is_none())
    };
    if !queue.iter().any(is_cancel) {
        return;
    }
    let mut kept = VecDeque::with_capacity(queue.len());
    for event in queue.drain(..) {
        if !is_cancel(&event) {
            kept.push_back(event);
            continue;
        }
        let Event::Frame(transport::Frame::Json(cancel)) = &event else {
            continue;
        };
        let Some(id) = cancel.pointer("/params/id") else {
            continue;
        };
        let waiting = kept.iter().position(|e| match e {
            Event::Frame(transport::Frame::Json(m)) => {
                m.get("method").is_some() && m.get("id") == Some(id)
            }
            _ => false,
        });
        if let Some(i) = waiting {
            kept.remove(i);
            transport::send(&rpc::response(
                id,
                Err(rpc::RpcError::new(
                    rpc::REQUEST_CANCELLED,
                    "the request was cancelled",
                )),
            ));
        }
    }
    *queue = kept;
}

fn method(e: &Event) -> Option<&str> {
    match e {
        Event::Frame(transport::Frame::Json(m)) => m.get("method").and_then(Value::as_str),
        _ => None,
    }
}
