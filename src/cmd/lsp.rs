//! `debrief lsp`: runs the language server (`lsp`) on stdin and stdout until the editor ends it.
//! Each document's book is found from its own path, so no book is resolved here: only `--lang`.

use crate::cmd::Globals;
use crate::error::Result;

pub fn run(globals: &Globals) -> Result<i32> {
    Ok(crate::lsp::run(globals.lang))
}
