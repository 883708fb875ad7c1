//! Atomic output: pages are written into a staging directory next to the destination, which
//! replaces the destination only when everything was written. A failed build leaves the previous
//! site untouched and no staging directory behind. A destination that exists and was not made by
//! debrief is never replaced.

use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::tr;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Where the pages of a build go: the staging directory of `debrief build` ([`Staging`]), or the
/// in-memory site of `debrief serve`. `rel` is a `/`-separated path inside the site.
pub trait Sink: Sync {
    fn put(&self, rel: &str, bytes: Vec<u8>) -> Result<()>;

    /// Puts at `rel` what `write` writes (about `size` bytes): a large page need not be held whole
    /// where the sink is a file.
    fn put_with(&self, rel: &str, size: usize, write: Writer<'_>) -> Result<()> {
        let mut bytes = Vec::with_capacity(size);
        write(&mut bytes)?;
        self.put(rel, bytes)
    }
}

/// What produces a file's bytes into a writer.
pub type Writer<'w> = &'w mut dyn FnMut(&mut dyn Write) -> Result<()>;

impl Sink for Staging {
    fn put(&self, rel: &str, bytes: Vec<u8>) -> Result<()> {
        self.write(rel, &bytes)
    }

    fn put_with(&self, rel: &str, _size: usize, write: Writer<'_>) -> Result<()> {
        let path = self.path(rel)?;
        let file = std::fs::File::create(&path).map_err(|e| self.write_error(&path, &e))?;
        let mut out = Recording {
            inner: std::io::BufWriter::with_capacity(1 << 16, file),
            error: None,
        };
        let written =
            write(&mut out).and_then(|()| out.flush().map_err(|e| self.write_error(&path, &e)));
        // A failed write surfaces as the writer's error, not as whatever the producer made of it.
        match (written, out.error.take()) {
            (Ok(()), None) => Ok(()),
            (_, Some(e)) => Err(self.write_error(&path, &e)),
            (Err(e), None) => Err(e),
        }
    }
}

/// A writer that keeps the first error it met.
struct Recording<W> {
    inner: W,
    error: Option<std::io::Error>,
}

impl<W: Write> Write for Recording<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.inner.write(buf).inspect_err(|e| {
            if self.error.is_none() {
                self.error = Some(std::io::Error::new(e.kind(), e.to_string()));
            }
        })
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// The file that marks a directory as a debrief build, so it may be replaced.
pub const MARKER: &str = ".debrief-build";

pub struct Staging {
    dest: PathBuf,
    tmp: PathBuf,
    /// The language of its errors.
    lang: Lang,
    committed: bool,
}

impl Staging {
    pub fn new(dest: &Path, lang: Lang) -> Result<Staging> {
        if dest.exists() {
            if !dest.is_dir() {
                return Err(Error::at(
                    dest,
                    None,
                    tr!(
                        lang,
                        "la destination existe et n'est pas un dossier",
                        "the destination exists and is not a directory"
                    ),
                )
                .with_help(tr!(
                    lang,
                    "choisissez un autre `--dest`",
                    "choose another `--dest`"
                )));
            }
            let empty = std::fs::read_dir(dest)
                .map_err(|e| {
                    let what = tr!(
                        lang,
                        "impossible de lire la destination",
                        "cannot read the destination"
                    );
                    Error::io(dest, lang, &what, &e)
                })?
                .next()
                .is_none();
            if !empty && !dest.join(MARKER).is_file() {
                return Err(Error::at(
                    dest,
                    None,
                    tr!(
                        lang,
                        "la destination n'est pas vide et n'a pas été créée par debrief : elle ne sera pas remplacée",
                        "the destination is not empty and was not made by debrief: it will not be replaced"
                    ),
                )
                .with_help(tr!(
                    lang,
                    "choisissez un autre `--dest`, ou videz ce dossier vous-même",
                    "choose another `--dest`, or empty this directory yourself"
                )));
            }
        }
        let name = dest
            .file_name()
            .map_or_else(|| "site".into(), |n| n.to_string_lossy().into_owned());
        let parent = dest
            .parent()
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        let parent = if parent.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            parent
        };
        std::fs::create_dir_all(&parent).map_err(|e| create_dir_error(&parent, lang, &e))?;
        let tmp = parent.join(format!(".{name}.debrief-tmp-{}", std::process::id()));
        if tmp.exists() {
            let _ = std::fs::remove_dir_all(&tmp);
        }
        std::fs::create_dir(&tmp).map_err(|e| {
            let what = tr!(
                lang,
                "impossible de créer le dossier de préparation",
                "cannot create the staging directory"
            );
            Error::io(&tmp, lang, &what, &e)
        })?;
        Ok(Staging {
            dest: dest.to_path_buf(),
            tmp,
            lang,
            committed: false,
        })
    }

    /// Writes `bytes` at `rel` (a `/`-separated path inside the site).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let path = self.path(rel)?;
        std::fs::write(&path, bytes).map_err(|e| self.write_error(&path, &e))
    }

    /// The error of a file of the site that could not be written.
    fn write_error(&self, path: &Path, e: &std::io::Error) -> Error {
        let what = tr!(self.lang, "impossible d'écrire", "cannot write");
        Error::io(path, self.lang, &what, e)
    }

    /// The path of `rel` in the staging directory, its directory created.
    fn path(&self, rel: &str) -> Result<PathBuf> {
        let path = self.tmp.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| create_dir_error(dir, self.lang, &e))?;
        }
        Ok(path)
    }

    /// Puts the new site in place of the old one.
    pub fn commit(mut self) -> Result<()> {
        self.write(
            MARKER,
            b"This directory is generated by `debrief build`; it is replaced on every build.\n",
        )?;
        let old = self.tmp.with_extension("old");
        if self.dest.exists() {
            std::fs::rename(&self.dest, &old).map_err(|e| {
                let what = tr!(
                    self.lang,
                    "impossible de mettre l'ancien site de côté",
                    "cannot move the previous site aside"
                );
                Error::io(&self.dest, self.lang, &what, &e)
            })?;
        }
        if let Err(e) = std::fs::rename(&self.tmp, &self.dest) {
            if old.exists() {
                let _ = std::fs::rename(&old, &self.dest);
            }
            let what = tr!(
                self.lang,
                "impossible de mettre le nouveau site en place",
                "cannot put the new site in place"
            );
            return Err(Error::io(&self.dest, self.lang, &what, &e));
        }
        self.committed = true;
        if old.exists() {
            let _ = std::fs::remove_dir_all(&old);
        }
        Ok(())
    }
}

/// A directory that could not be created.
fn create_dir_error(dir: &Path, lang: Lang, e: &std::io::Error) -> Error {
    let what = tr!(
        lang,
        "impossible de créer le dossier",
        "cannot create the directory"
    );
    Error::io(dir, lang, &what, e)
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.tmp);
        }
    }
}
