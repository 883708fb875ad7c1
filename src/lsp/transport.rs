//! The wire: `Content-Length` framing read by hand on a thread of its own (a malformed frame
//! is skipped, never the end of the input), and JSON-RPC messages written to stdout, which
//! carries nothing else.

use serde_json::Value;
use std::io::{BufRead, Read, Write};
use std::sync::mpsc::Sender;

/// The largest body read; a longer one is discarded without being buffered.
pub const MAX_BODY: usize = 64 << 20;
/// The longest header line kept; the rest of a longer line is skipped.
const MAX_HEADER_LINE: usize = 8 << 10;

/// What the reader thread hands to the main loop.
#[derive(Debug)]
pub enum Frame {
    /// A body that parsed as JSON.
    Json(Value),
    /// A body that did not (`ParseError`), or was over `MAX_BODY`.
    Unparsable(String),
}

/// Reads frames from `input` until its end, sending each to `to` (wrapped by `wrap`); returns at
/// the end of the input or when the main loop is gone.
pub fn read_frames<R: Read, E>(input: R, to: &Sender<E>, wrap: impl Fn(Frame) -> E) {
    let mut input = std::io::BufReader::with_capacity(1 << 16, input);
    loop {
        let Some(length) = read_header(&mut input) else {
            return;
        };
        let frame = match length {
            Some(n) if n > MAX_BODY => {
                let skipped = std::io::copy(&mut (&mut input).take(n as u64), &mut std::io::sink());
                if skipped.map_or(true, |s| s < n as u64) {
                    return;
                }
                Frame::Unparsable(format!("a message of {n} bytes is over the 64 MiB limit"))
            }
            Some(n) => {
                let mut body = vec![0; n];
                if input.read_exact(&mut body).is_err() {
                    return;
                }
                match serde_json::from_slice(&body) {
                    Ok(value) => Frame::Json(value),
                    Err(e) => Frame::Unparsable(format!("the message is not JSON: {e}")),
                }
            }
            None => continue,
        };
        if to.send(wrap(frame)).is_err() {
            return;
        }
    }
}

/// Reads one header block, up to and including its blank line: `Some(Some(length))` with a
/// valid `Content-Length`, `Some(None)` without one (the block is skipped), `None` at the end of
/// the input.
fn read_header(input: &mut impl BufRead) -> Option<Option<usize>> {
    let mut length = None;
    let mut seen_any = false;
    loop {
        let line = read_line(input)?;
        let line = line.strip_suffix(b"\r").unwrap_or(&line);
        if line.is_empty() {
            if seen_any {
                return Some(length);
            }
            continue;
        }
        seen_any = true;
        let text = String::from_utf8_lossy(line);
        if let Some((name, value)) = text.split_once(':')
            && name.trim().eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse::<usize>().ok();
        }
    }
}

/// One line without its `\n`, at most `MAX_HEADER_LINE` bytes of it kept; `None` at the end of
/// the input.
fn read_line(input: &mut impl BufRead) -> Option<Vec<u8>> {
    let mut line = Vec::new();
    loop {
        let buf = input.fill_buf().ok()?;
        if buf.is_empty() {
            return if line.is_empty() { None } else { Some(line) };
        }
        let (chunk, found) = match memchr::memchr(b'\n', buf) {
            Some(i) => (&buf[..i], Some(i + 1)),
            None => (buf, None),
        };
        let room = MAX_HEADER_LINE.saturating_sub(line.len());
        line.extend_from_slice(&chunk[..chunk.len().min(room)]);
        let used = found.unwrap_or(buf.len());
        input.consume(used);
        if found.is_some() {
            return Some(line);
        }
    }
}

/// Writes one message to stdout, framed, and flushes it.
pub fn send(message: &Value) {
    let body = message.to_string();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let written =
        write!(out, "Content-Length: {}\r\n\r\n{body}", body.len()).and_then(|()| out.flush());
    if let Err(e) = written {
        super::log::error(&format!("cannot write to the editor: {e}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(input: &[u8]) -> Vec<String> {
        let (tx, rx) = std::sync::mpsc::channel();
        read_frames(input, &tx, |f| f);
        drop(tx);
        rx.iter()
            .map(|f| match f {
                Frame::Json(v) => v.to_string(),
                Frame::Unparsable(why) => format!("! {why}"),
            })
            .collect()
    }

    #[test]
    fn frames_survive_garbage() {
        let input = b"content-length: 2\r\nContent-Type: x\r\n\r\n{}\
garbage line\r\n\r\nContent-Length: 3\r\n\r\nabcContent-Length: 7\n\n[1,2,3]Content-Length: 99";
        let got = frames(input);
        assert_eq!(got.len(), 3, "{got:?}");
        assert_eq!(got[0], "{}");
        assert!(got[1].starts_with("! the message is not JSON"), "{got:?}");
        assert_eq!(got[2], "[1,2,3]");
    }

    #[test]
    fn an_oversized_body_is_skipped() {
        let n = MAX_BODY + 10;
        let mut input = format!("Content-Length: {n}\r\n\r\n").into_bytes();
        input.resize(input.len() + n, b'x');
        input.extend_from_slice(b"Content-Length: 2\r\n\r\n{}");
        let got = frames(&input);
        assert_eq!(got.len(), 2);
        assert!(got[0].contains("64 MiB"), "{got:?}");
        assert_eq!(got[1], "{}");
    }
}
