//! One module per subcommand: each takes its parsed arguments and does the work.

pub mod build;
pub mod init;
pub mod lint;
pub mod lsp;
pub mod new;
pub mod rules;

use crate::error::{Error, Result};
use std::io::Write;
use std::path::Path;

/// Creates `path` with `contents`, refusing to replace an existing file (O_EXCL), and creating
/// parent directories as needed.
pub fn write_new(path: &Path, contents: &str) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| Error::io(parent, "cannot create the directory", &e))?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| Error::io(path, "cannot create the file", &e))?;
    file.write_all(contents.as_bytes())
        .map_err(|e| Error::io(path, "cannot write the file", &e))
}

/// A YAML double-quoted string.
pub fn yaml_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
