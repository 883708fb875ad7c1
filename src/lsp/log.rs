//! Logs on stderr (stdout carries only the protocol): errors always, details with
//! `DEBRIEF_LOG=debug`.

use std::sync::OnceLock;

fn debugging() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var("DEBRIEF_LOG").is_ok_and(|v| v.eq_ignore_ascii_case("debug")))
}

pub fn error(message: &str) {
    eprintln!("debrief lsp: {}", crate::text::escape_controls(message));
}

pub fn debug(message: &str) {
    if debugging() {
        eprintln!("debrief lsp: {}", crate::text::escape_controls(message));
    }
}
