//! `debrief lsp`: runs the language server (`lsp`) on stdin and stdout until the editor ends it.

use crate::cli::Cli;
use crate::error::Result;

pub fn run(cli: &Cli) -> Result<i32> {
    Ok(crate::lsp::run(cli.lang))
}
