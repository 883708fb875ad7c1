//! Atomic output: pages are written into a staging directory next to the destination, which
//! replaces the destination only when everything was written. A failed build leaves the previous
//! site untouched and no staging directory behind. A destination that exists and was not made by
//! debrief is never replaced. The staging directory is the spare site when there is one
//! (`spare`): only what changed is written. Its `ledger` records what a build left, so that
//! taking it as a spare later needs neither a walk nor reading back unchanged pages.

mod ledger;
mod spare;

use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::tr;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::PoisonError;

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

    /// Told the directories the pages about to be put will go into (`/`-separated, inside the
    /// site), in about the order they will be needed: a sink that makes directories may make
    /// them ahead. Nothing by default.
    fn dirs_ahead(&self, _dirs: Vec<String>) {}
}

/// What produces a file's bytes into a writer.
pub type Writer<'w> = &'w mut dyn FnMut(&mut dyn Write) -> Result<()>;

impl Sink for Staging {
    fn put(&self, rel: &str, bytes: Vec<u8>) -> Result<()> {
        self.write(rel, &bytes)
    }

    /// A new staging directory gets the pages' directories made by a thread of its own while the
    /// pages are rendered: creating a directory on this file system often waits for the disk
    /// (ext4 reads the inode table and bitmaps of the group it lands in), and those waits then
    /// overlap the rendering rather than stopping it; one thread also takes the lock of a
    /// directory that gets thousands of entries (`missions/`). A page whose directory is not
    /// made yet makes it itself (`open`). A spare has its directories: nothing to do.
    fn dirs_ahead(&self, dirs: Vec<String>) {
        let mut slot = self
            .ahead
            .thread
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        // One thread a build (joined before the swap), and none once stopped.
        let stopped = self.ahead.stop.load(std::sync::atomic::Ordering::Relaxed);
        if self.reused.is_some() || dirs.is_empty() || slot.is_some() || stopped {
            return;
        }
        let (tmp, stop) = (self.tmp.clone(), self.ahead.stop.clone());
        let thread = std::thread::Builder::new()
            .name("debrief-dirs".into())
            .spawn(move || {
                for dir in dirs {
                    if stop.load(std::sync::atomic::Ordering::Relaxed) {
                        break;
                    }
                    // An error is the page's to report, when it makes the directory itself.
                    let _ = std::fs::create_dir_all(tmp.join(dir));
                }
            });
        if let Ok(thread) = thread {
            *slot = Some(thread);
        }
    }

    fn put_with(&self, rel: &str, size: usize, write: Writer<'_>) -> Result<()> {
        // A page the spare's ledger recorded is held whole: unchanged, it is not written at all.
        // A large one streams into its file (compared as it goes): not held, but read back.
        let recorded = self.reused.as_ref().and_then(|r| r.recorded(rel));
        if let Some(len) = recorded.filter(|&len| len <= HELD_WHOLE && self.written.records()) {
            let mut bytes = Vec::with_capacity(size.max(len as usize + len as usize / 8));
            write(&mut bytes)?;
            return self.write(rel, &bytes);
        }
        let (path, file) = self.open(rel)?;
        let mut out = Recording {
            inner: std::io::BufWriter::with_capacity(1 << 16, file),
            error: None,
            hasher: self.written.records().then(ledger::Hasher::new),
        };
        let written =
            write(&mut out).and_then(|()| out.flush().map_err(|e| self.write_error(&path, &e)));
        let error = out.error.take();
        let hashed = out.hasher.as_ref().map(ledger::Hasher::finish);
        let written = written.and_then(|()| {
            out.inner
                .into_inner()
                .map_err(|e| e.into_error())
                .and_then(|target| target.finish(self.written.records()))
                .map_err(|e| self.write_error(&path, &e))
        });
        // A failed write surfaces as the writer's error, not as whatever the producer made of it.
        match (written, error) {
            (Ok(meta), None) => {
                self.note(rel, hashed, meta.as_ref());
                Ok(())
            }
            (_, Some(e)) => Err(self.write_error(&path, &e)),
            (Err(e), None) => Err(e),
        }
    }
}

/// The largest page (as the spare's ledger recorded it) held whole to be compared by hash.
const HELD_WHOLE: u64 = 1 << 20;

/// The file a page goes to: new, or one of the spare site to compare and overwrite.
enum Target {
    New(std::fs::File),
    Old(spare::Overwrite),
}

impl Target {
    /// Ends the file; its metadata then, when a ledger is kept (`ledger`: a build into an empty
    /// directory keeps none, and does not ask for it 20,000 times).
    fn finish(self, ledger: bool) -> std::io::Result<Option<std::fs::Metadata>> {
        match self {
            Target::New(f) if ledger => f.metadata().map(Some),
            Target::New(_) => Ok(None),
            Target::Old(o) => o.finish().map(Some),
        }
    }
}

impl Write for Target {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Target::New(f) => f.write(buf),
            Target::Old(o) => o.write(buf),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        match self {
            Target::New(f) => f.write_all(buf),
            Target::Old(o) => o.write_all(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Target::New(f) => f.flush(),
            Target::Old(o) => o.flush(),
        }
    }
}

/// A writer that keeps the first error it met, and the length and hash of what it wrote (for a
/// ledger).
struct Recording<W> {
    inner: W,
    error: Option<std::io::Error>,
    hasher: Option<ledger::Hasher>,
}

impl<W: Write> Write for Recording<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self.inner.write(buf) {
            Ok(n) => {
                if let Some(hasher) = &mut self.hasher {
                    hasher.update(&buf[..n]);
                }
                Ok(n)
            }
            Err(e) => {
                if self.error.is_none() {
                    self.error = Some(std::io::Error::new(e.kind(), e.to_string()));
                }
                Err(e)
            }
        }
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
    /// Where the replaced site is kept for the next build.
    spare: PathBuf,
    /// A build for the public: a private site it replaces is not kept.
    public: bool,
    /// The language of its errors.
    lang: Lang,
    committed: bool,
    /// The spare site taken as the staging directory, if there was one.
    reused: Option<spare::Reused>,
    /// What this build wrote, for the ledger of the new site.
    written: ledger::Written,
    /// The thread making the pages' directories ahead of them (`dirs_ahead`).
    ahead: Ahead,
}

/// A thread making directories ahead of the pages, stopped and joined before the staging
/// directory is swapped in or removed.
#[derive(Default)]
struct Ahead {
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: std::sync::Mutex<Option<std::thread::JoinHandle<()>>>,
}

impl Ahead {
    /// Stops the thread (what it has not made yet is not needed) and waits for it.
    fn finish(&self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        let thread = self
            .thread
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        if let Some(thread) = thread {
            let _ = thread.join();
        }
    }
}

impl Staging {
    /// The staging directory of a build of `dest`, for the public or not.
    pub fn new(dest: &Path, public: bool, lang: Lang) -> Result<Staging> {
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
        let spare = spare::path_of(&parent, &name);
        let reused = spare::take(&spare, &tmp, MARKER, public);
        if reused.is_none() {
            std::fs::create_dir(&tmp).map_err(|e| {
                let what = tr!(
                    lang,
                    "impossible de créer le dossier de préparation",
                    "cannot create the staging directory"
                );
                Error::io(&tmp, lang, &what, &e)
            })?;
        }
        Ok(Staging {
            dest: dest.to_path_buf(),
            tmp,
            spare,
            public,
            lang,
            committed: false,
            reused,
            // A ledger is kept in the spare the destination becomes: none if there is none.
            written: ledger::Written::new(dest.exists()),
            ahead: Ahead::default(),
        })
    }

    /// Writes `bytes` at `rel` (a `/`-separated path inside the site).
    /// A page the spare's ledger recorded with this content, still as recorded, is left as it is.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let len = bytes.len() as u64;
        let hash = self.written.records().then(|| ledger::hash(bytes));
        if let (Some(reused), Some(hash)) = (&self.reused, hash)
            && let Some(page) = reused.unchanged(&self.tmp, rel, len, hash)
        {
            reused.wrote(rel);
            self.written.note(rel, Some(page));
            return Ok(());
        }
        let (path, mut file) = self.open(rel)?;
        let meta = file
            .write_all(bytes)
            .and_then(|()| file.finish(self.written.records()))
            .map_err(|e| self.write_error(&path, &e))?;
        self.note(rel, hash.map(|hash| (len, hash)), meta.as_ref());
        Ok(())
    }

    /// Notes for the ledger that `rel` now holds `len` bytes hashing to `hash` (`meta`: its
    /// metadata once written, without which no ledger is made); nothing when there is no
    /// ledger to make.
    fn note(&self, rel: &str, hashed: Option<(u64, u128)>, meta: Option<&std::fs::Metadata>) {
        if let Some((len, hash)) = hashed {
            let page = meta
                .and_then(ledger::Stamp::of)
                .map(|stamp| ledger::Page::new(len, hash, stamp));
            self.written.note(rel, page);
        }
    }

    /// The error of a file of the site that could not be written.
    fn write_error(&self, path: &Path, e: &std::io::Error) -> Error {
        let what = tr!(self.lang, "impossible d'écrire", "cannot write");
        Error::io(path, self.lang, &what, e)
    }

    /// Opens the file of `rel` in the staging directory, its directory created: the spare's file
    /// when it had one, else a new one.
    fn open(&self, rel: &str) -> Result<(PathBuf, Target)> {
        let path = self.tmp.join(rel);
        let Some(reused) = &self.reused else {
            // Its directory is usually made already (`dirs_ahead`): made here only when missing.
            let file = match std::fs::File::create(&path) {
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    self.create_parent(&path)?;
                    std::fs::File::create(&path)
                }
                file => file,
            };
            let file = file.map_err(|e| self.write_error(&path, &e))?;
            return Ok((path, Target::New(file)));
        };
        reused.wrote(rel);
        // Known from a ledger, the spare's entries were not walked: what is not a plain file
        // where a file was is removed, never opened.
        if reused.had_file(rel)
            && reused.by_ledger()
            && !path.symlink_metadata().is_ok_and(|m| m.is_file())
        {
            if path.symlink_metadata().is_ok_and(|m| m.is_dir()) {
                let _ = std::fs::remove_dir_all(&path);
            } else {
                let _ = std::fs::remove_file(&path);
            }
        } else if reused.had_file(rel) {
            let old = std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .open(&path);
            match old {
                // A file with another name elsewhere (a hard link) is not overwritten: that
                // other file is not the site's.
                Ok(file) if spare::linked_elsewhere(&file) => {
                    drop(file);
                    let _ = std::fs::remove_file(&path);
                }
                Ok(file) => return Ok((path, Target::Old(spare::Overwrite::new(file)))),
                Err(_) => {}
            }
        }
        let dir = rel.rsplit_once('/').map_or("", |(dir, _)| dir);
        if !reused.had_dir(dir) {
            self.create_parent(&path)?;
        }
        let file = match std::fs::File::create(&path) {
            Ok(file) => file,
            // What the spare had there is in the way: a directory where the file goes, or no
            // directory where it was (removed as in the way of another file).
            Err(_) => {
                if path.symlink_metadata().is_ok_and(|m| m.is_dir()) {
                    let _ = std::fs::remove_dir_all(&path);
                }
                self.create_parent(&path)?;
                std::fs::File::create(&path).map_err(|e| self.write_error(&path, &e))?
            }
        };
        Ok((path, Target::New(file)))
    }

    /// Creates the directory of `path`; in a spare site, first removes a file that stands
    /// where one of its directories goes.
    fn create_parent(&self, path: &Path) -> Result<()> {
        let Some(dir) = path.parent() else {
            return Ok(());
        };
        if std::fs::create_dir_all(dir).is_ok() {
            return Ok(());
        }
        if self.reused.is_some() {
            for ancestor in dir.ancestors().take_while(|a| a.starts_with(&self.tmp)) {
                if ancestor.symlink_metadata().is_ok_and(|m| !m.is_dir()) {
                    let _ = std::fs::remove_file(ancestor);
                }
            }
        }
        std::fs::create_dir_all(dir).map_err(|e| create_dir_error(dir, self.lang, &e))
    }

    /// Puts the new site in place of the old one, which becomes the spare.
    pub fn commit(mut self) -> Result<()> {
        self.ahead.finish();
        self.write(
            MARKER,
            b"This directory is generated by `debrief build`; it is replaced on every build.\n",
        )?;
        let remove_error = |path: &Path, e: &std::io::Error| {
            let what = tr!(
                self.lang,
                "impossible de retirer un fichier de l'ancien site",
                "cannot remove a file of the previous site"
            );
            Error::io(path, self.lang, &what, e)
        };
        if let Some(reused) = self.reused.take() {
            reused
                .remove_stale(&self.tmp)
                .map_err(|(path, e)| remove_error(&path, &e))?;
        }
        // The ledger the spare carried is the replaced site's: it goes with that site.
        let carried = self.tmp.with_extension("ledger");
        spare::set_aside(&self.tmp, &carried).map_err(|e| remove_error(&self.tmp, &e))?;
        // The new site's ledger is kept in the spare the replaced site becomes: none without one.
        let written = std::mem::replace(&mut self.written, ledger::Written::new(false));
        let ledger = if self.dest.exists() {
            written.ledger(&self.tmp, self.public)
        } else {
            None
        };
        let old = self.tmp.with_extension("old");
        if self.dest.exists() {
            std::fs::rename(&self.dest, &old).map_err(|e| {
                let _ = std::fs::remove_file(&carried);
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
            let _ = std::fs::remove_file(&carried);
            let what = tr!(
                self.lang,
                "impossible de mettre le nouveau site en place",
                "cannot put the new site in place"
            );
            return Err(Error::io(&self.dest, self.lang, &what, &e));
        }
        self.committed = true;
        // The checklist is the private site's alone (`site::pages`).
        if self.public && old.join(super::routes::CHECKLIST).exists() {
            spare::discard(&old);
        } else if old.exists() {
            // The replaced site becomes the spare with its own ledger and the new site's.
            spare::keep(&old, &self.spare, MARKER, Some(&carried), ledger.as_deref());
        }
        let _ = std::fs::remove_file(&carried);
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
        self.ahead.finish();
        if !self.committed {
            // A spare taken and partly rewritten is still a spare: the next build compares its
            // files rather than trusting them (it has no ledger of its own any more, but still
            // carries the destination's). A new staging directory has no marker: deleted.
            spare::keep(&self.tmp, &self.spare, MARKER, None, None);
        }
    }
}
