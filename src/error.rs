//! The error that stops a command (exit code 2): a bad `book.toml`, an I/O failure, a refused
//! destination. It names the file and, when there is one, the line and column, and says what to do.
//! Problems inside journals are not errors but findings, reported by `lint`.

use crate::diagnostic::Pos;
use crate::i18n::Lang;
use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq)]
pub struct Error {
    pub path: Option<PathBuf>,
    pub pos: Option<Pos>,
    pub message: String,
    pub help: Option<String>,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn new(message: impl Into<String>) -> Error {
        Error {
            path: None,
            pos: None,
            message: message.into(),
            help: None,
        }
    }

    pub fn at(path: impl Into<PathBuf>, pos: Option<Pos>, message: impl Into<String>) -> Error {
        Error {
            path: Some(path.into()),
            pos,
            message: message.into(),
            help: None,
        }
    }

    /// An I/O failure on `path`: `what` (already in `lang`), then the OS's reason after a colon
    /// written as `lang` writes it (French puts a no-break space before it).
    pub fn io(path: &Path, lang: Lang, what: &str, err: &std::io::Error) -> Error {
        let message = match lang {
            Lang::Fr => format!("{what}\u{a0}: {err}"),
            Lang::En => format!("{what}: {err}"),
        };
        Error::at(path, None, message)
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Error {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.path, self.pos) {
            (Some(path), Some(pos)) => write!(f, "{}:{}:{}: ", path.display(), pos.line, pos.col)?,
            (Some(path), None) => write!(f, "{}: ", path.display())?,
            _ => {}
        }
        f.write_str(&self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  = help: {help}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_io_error_writes_the_colon_as_each_language_does() {
        let err = std::io::Error::from(std::io::ErrorKind::NotFound);
        let path = Path::new("site");
        let fr = Error::io(path, Lang::Fr, "impossible de lire", &err);
        assert_eq!(
            fr.to_string(),
            "site: impossible de lire\u{a0}: entity not found"
        );
        let en = Error::io(path, Lang::En, "cannot read", &err);
        assert_eq!(en.to_string(), "site: cannot read: entity not found");
    }
}
