//! The spare site: the site a build replaced, kept next to the destination (`.NAME.debrief-spare`)
//! so that the next build rewrites only what changed instead of creating and deleting every
//! file. A build takes the spare as its staging directory (a rename, so two
//! builds never share it), compares each page with the file already there and writes only from
//! the first differing byte, then removes what it did not write: the staging directory holds
//! exactly this build's files whatever the spare held. Unchanged files keep their inode and
//! modification time, which also spares a deployment by `rsync` from sending them again. A spare
//! whose ledger matches it (`ledger`) is not walked, and its unchanged pages are not read.
//!
//! The spare carries a `.gitignore` of its own (`*`: git does not list it), removed while it is a
//! staging directory. A private site replaced by a public build is deleted, not kept: no copy of
//! it stays next to the public site.

use super::ledger::{self, Ledger, Page};
use std::collections::{HashMap, HashSet};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

/// Keeps the spare out of `git status`.
const GITIGNORE: &str = ".gitignore";

/// Where the spare of `dest` lives: `dest`'s sibling `.NAME.debrief-spare`.
pub fn path_of(parent: &Path, name: &str) -> PathBuf {
    parent.join(format!(".{name}.debrief-spare"))
}

/// A previous site taken as the staging directory: what it held when taken, and what this build
/// wrote (`/`-separated paths relative to its root).
pub struct Reused {
    /// Its files, when it was walked.
    files: HashSet<String>,
    dirs: HashSet<String>,
    /// Its files as its ledger recorded them, when it was known from its ledger.
    pages: HashMap<String, Page>,
    written: Mutex<HashSet<String>>,
}

/// Takes the spare at `spare` as the staging directory `tmp` when it is a debrief site (`marker`
/// at its root); a directory of that name that debrief did not make is left alone. What it holds
/// is known from its ledger when it has one that matches it (and was made for the public, for a
/// build for the public), else by walking it. The ledger it carries for the site at the
/// destination stays at its root until the commit ([`set_aside`]). `None`: start empty.
pub fn take(spare: &Path, tmp: &Path, marker: &str, public: bool) -> Option<Reused> {
    let meta = spare.symlink_metadata().ok()?;
    if !meta.is_dir() || !spare.join(marker).is_file() {
        return None;
    }
    std::fs::rename(spare, tmp).ok()?;
    let _ = std::fs::remove_file(tmp.join(GITIGNORE));
    let own = tmp.join(ledger::LEDGER);
    let text = std::fs::read_to_string(&own);
    let _ = std::fs::remove_file(&own);
    let carried = tmp.join(ledger::NEXT);
    if carried.symlink_metadata().is_ok_and(|m| !m.is_file()) {
        let _ = std::fs::remove_dir_all(&carried);
        let _ = std::fs::remove_file(&carried);
    }
    let own = text
        .ok()
        .and_then(|text| Ledger::parse(&text, public))
        .filter(|l| l.matches(tmp));
    match own {
        Some(ledger) => Some(Reused {
            files: HashSet::new(),
            dirs: ledger.dirs.into_keys().collect(),
            pages: ledger.files,
            written: Mutex::new(HashSet::new()),
        }),
        None => walk(tmp),
    }
}

/// Moves the ledger the spare carried (of the site at the destination, about to be replaced)
/// out of the staging directory `tmp` to `aside`: it is no part of the new site. An error when
/// it can be neither moved nor removed.
pub fn set_aside(tmp: &Path, aside: &Path) -> std::io::Result<()> {
    let carried = tmp.join(ledger::NEXT);
    match std::fs::rename(&carried, aside) {
        Err(e) if !gone(&e) => remove_file(&carried),
        _ => Ok(()),
    }
}

/// What the spare taken as `tmp` holds, found by walking it; what a build does not write there
/// (links, names that are not UTF-8) is removed.
fn walk(tmp: &Path) -> Option<Reused> {
    let mut files = HashSet::new();
    let mut dirs = HashSet::new();
    let carried = |e: &walkdir::DirEntry| e.depth() == 1 && e.file_name() == ledger::NEXT;
    for entry in walkdir::WalkDir::new(tmp)
        .min_depth(1)
        .into_iter()
        .filter_entry(|e| !carried(e))
    {
        // A part of it that cannot be read could not be cleaned: not reused (the caller then
        // starts from an empty directory, or says why it cannot).
        let Ok(entry) = entry else {
            let _ = std::fs::remove_dir_all(tmp);
            return None;
        };
        let rel = entry
            .path()
            .strip_prefix(tmp)
            .ok()
            .and_then(|r| r.to_str())
            .map(|r| r.replace(std::path::MAIN_SEPARATOR, "/"));
        let kind = entry.file_type();
        match rel {
            Some(rel) if kind.is_dir() => {
                dirs.insert(rel);
            }
            Some(rel) if kind.is_file() => {
                files.insert(rel);
            }
            // Not something a build writes (a link, a name that is not UTF-8): removed now, as
            // nothing may be written through it.
            _ if kind.is_dir() => {
                let _ = std::fs::remove_dir_all(entry.path());
            }
            _ => {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
    Some(Reused {
        files,
        dirs,
        pages: HashMap::new(),
        written: Mutex::new(HashSet::new()),
    })
}

/// Makes `old`, the site a build replaced, the spare of its destination (`spare`), with its own
/// ledger (the file `own`, moved) and the ledger of the site that replaced it (`next`); a
/// ledger that cannot be put there is left out. Deletes it when it cannot be a spare (another
/// spare is there, or it is not a debrief site).
pub fn keep(old: &Path, spare: &Path, marker: &str, own: Option<&Path>, next: Option<&str>) {
    let kept = old.join(marker).is_file()
        && std::fs::write(
            old.join(GITIGNORE),
            "# The previous site, reused by the next `debrief build`; safe to delete.\n*\n",
        )
        .is_ok()
        && {
            if let Some(own) = own
                && std::fs::rename(own, old.join(ledger::LEDGER)).is_err()
            {
                let _ = std::fs::remove_file(own);
            }
            if let Some(next) = next
                && std::fs::write(old.join(ledger::NEXT), next).is_err()
            {
                let _ = std::fs::remove_file(old.join(ledger::NEXT));
            }
            std::fs::rename(old, spare).is_ok()
        };
    if !kept {
        let _ = std::fs::remove_dir_all(old);
        if let Some(own) = own {
            let _ = std::fs::remove_file(own);
        }
    }
}

/// Deletes `old`, the site a build replaced, where it cannot be a spare.
pub fn discard(old: &Path) {
    let _ = std::fs::remove_dir_all(old);
}

impl Reused {
    /// Whether `rel` was a file of the spare (compare it before writing).
    pub fn had_file(&self, rel: &str) -> bool {
        self.files.contains(rel) || self.pages.contains_key(rel)
    }

    /// The length the ledger recorded for `rel`, if it did (its new content is then best held
    /// whole, to compare by hash).
    pub fn recorded(&self, rel: &str) -> Option<u64> {
        self.pages.get(rel).map(|p| p.len)
    }

    /// The ledger's record of `rel` when the file at `root`/`rel` can be left as it is for a new
    /// content of `len` bytes hashing to `hash` ([`ledger::unchanged`]).
    pub fn unchanged(&self, root: &Path, rel: &str, len: u64, hash: u128) -> Option<Page> {
        let page = self.pages.get(rel)?;
        if page.len != len || page.hash() != hash {
            return None;
        }
        let now = root.join(rel).symlink_metadata().ok()?;
        ledger::unchanged(page, len, hash, &now).then_some(*page)
    }

    /// Whether the spare was known from its ledger (its entries are then as the ledger recorded
    /// them, not checked one by one).
    pub fn by_ledger(&self) -> bool {
        !self.pages.is_empty()
    }

    /// Whether directory `rel` was in the spare (no need to create it).
    pub fn had_dir(&self, rel: &str) -> bool {
        rel.is_empty() || self.dirs.contains(rel)
    }

    /// Notes that this build wrote `rel`.
    pub fn wrote(&self, rel: &str) {
        self.written
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(rel.to_string());
    }

    /// Removes from `root` every file and directory of the spare this build did not write. A
    /// stale name that differs from a written one only by case is, on a file system that folds
    /// case, the written file itself: it is renamed to the written name instead.
    /// An error names the entry that could not be removed or renamed.
    pub fn remove_stale(self, root: &Path) -> Result<(), (PathBuf, std::io::Error)> {
        let written = self
            .written
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        let mut needed: HashSet<&str> = HashSet::new();
        for rel in &written {
            let mut at = rel.as_str();
            while let Some((dir, _)) = at.rsplit_once('/') {
                if !needed.insert(dir) {
                    break;
                }
                at = dir;
            }
        }
        // A file of the spare where this build made a directory, or the other way round, was
        // replaced while writing.
        let mut stale_files: Vec<&String> = self
            .files
            .iter()
            .chain(self.pages.keys())
            .filter(|f| !written.contains(*f) && !needed.contains(f.as_str()))
            .collect();
        stale_files.sort();
        // Folded names only when something is stale (usually nothing is: 20,000 names otherwise).
        let folded_files: HashMap<String, &str> = match stale_files.is_empty() {
            true => HashMap::new(),
            false => written
                .iter()
                .map(|w| (w.to_lowercase(), w.as_str()))
                .collect(),
        };
        for rel in stale_files {
            let path = root.join(rel);
            match folded_files.get(&rel.to_lowercase()) {
                Some(new) if same_file(&path, &root.join(new)) => {
                    rename_case(root, rel, new).map_err(|e| (path, e))?;
                }
                _ => remove_file(&path).map_err(|e| (path, e))?,
            }
        }
        let mut stale_dirs: Vec<&String> = self
            .dirs
            .iter()
            .filter(|d| !needed.contains(d.as_str()) && !written.contains(d.as_str()))
            .collect();
        // Deepest first, so that each is empty when its turn comes.
        stale_dirs.sort_by(|a, b| {
            b.matches('/')
                .count()
                .cmp(&a.matches('/').count())
                .then(b.cmp(a))
        });
        let folded_dirs: HashMap<String, &str> = match stale_dirs.is_empty() {
            true => HashMap::new(),
            false => needed.iter().map(|d| (d.to_lowercase(), *d)).collect(),
        };
        for rel in stale_dirs {
            let path = root.join(rel);
            match folded_dirs.get(&rel.to_lowercase()) {
                Some(new) if same_file(&path, &root.join(new)) => {
                    rename_case(root, rel, new).map_err(|e| (path, e))?;
                }
                _ => match std::fs::remove_dir(&path) {
                    Err(e) if !gone(&e) => return Err((path, e)),
                    _ => {}
                },
            }
        }
        Ok(())
    }
}

fn remove_file(path: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if !gone(&e) => Err(e),
        _ => Ok(()),
    }
}

/// The error of removing what is no longer there (it, or its directory, was replaced).
fn gone(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
    )
}

/// Renames `old` to `new` (the same entry, on a file system that folds case).
fn rename_case(root: &Path, old: &str, new: &str) -> std::io::Result<()> {
    if old.rsplit('/').next() != new.rsplit('/').next() {
        std::fs::rename(root.join(old), root.join(new))?;
    }
    Ok(())
}

/// Whether `file` has other names (hard links) than its path in the spare.
#[cfg(unix)]
pub fn linked_elsewhere(file: &std::fs::File) -> bool {
    use std::os::unix::fs::MetadataExt;
    file.metadata().is_ok_and(|m| m.nlink() != 1)
}

/// Whether `file` has other names than its path in the spare (not known here: assumed not).
#[cfg(not(unix))]
pub fn linked_elsewhere(_file: &std::fs::File) -> bool {
    false
}

/// Whether two paths name the same file.
#[cfg(unix)]
fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (a.symlink_metadata(), b.symlink_metadata()) {
        (Ok(a), Ok(b)) => (a.dev(), a.ino()) == (b.dev(), b.ino()),
        _ => false,
    }
}

/// Whether two paths name the same file (without inode numbers: both exist and fold alike).
#[cfg(not(unix))]
fn same_file(a: &Path, b: &Path) -> bool {
    a.symlink_metadata().is_ok() && b.symlink_metadata().is_ok()
}

/// A writer over a file that already has content: it reads and compares as long as what is
/// written matches, and writes only from the first difference; [`Overwrite::finish`] cuts what
/// is left of a longer old content. An unchanged file is only read.
pub struct Overwrite {
    file: std::fs::File,
    pos: u64,
    same: bool,
    old: Vec<u8>,
}

impl Overwrite {
    pub fn new(file: std::fs::File) -> Overwrite {
        Overwrite {
            file,
            pos: 0,
            same: true,
            old: Vec::new(),
        }
    }

    /// Ends the file where the new content ends; its metadata then.
    pub fn finish(self) -> std::io::Result<std::fs::Metadata> {
        let meta = self.file.metadata()?;
        if self.same && meta.len() == self.pos {
            return Ok(meta);
        }
        self.file.set_len(self.pos)?;
        self.file.metadata()
    }
}

impl Write for Overwrite {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.same {
            self.old.resize(buf.len(), 0);
            let mut read = 0;
            while read < buf.len() {
                match self.file.read(&mut self.old[read..]) {
                    Ok(0) => break,
                    Ok(n) => read += n,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(e) => return Err(e),
                }
            }
            if read == buf.len() && self.old == buf {
                self.pos += buf.len() as u64;
                return Ok(buf.len());
            }
            self.same = false;
            self.file.seek(SeekFrom::Start(self.pos))?;
        }
        self.file.write_all(buf)?;
        self.pos += buf.len() as u64;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::Overwrite;
    use std::io::Write;

    /// Writes `new`, `chunk` bytes at a time, over the file at `path` through `Overwrite`.
    fn overwrite_at(path: &std::path::Path, new: &[u8], chunk: usize) {
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(path)
            .unwrap();
        let mut w = Overwrite::new(file);
        for part in new.chunks(chunk.max(1)) {
            w.write_all(part).unwrap();
        }
        w.finish().unwrap();
    }

    /// Writes `new` in `chunks` over a file holding `old`: the file then holds `new`.
    fn overwrite(old: &[u8], new: &[u8], chunk: usize) -> Vec<u8> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, old).unwrap();
        overwrite_at(&path, new, chunk);
        std::fs::read(&path).unwrap()
    }

    proptest::proptest! {
        #[test]
        fn the_file_holds_what_was_written(
            old in proptest::collection::vec(0u8..4, 0..64),
            new in proptest::collection::vec(0u8..4, 0..64),
            chunk in 1usize..20,
        ) {
            proptest::prop_assert_eq!(overwrite(&old, &new, chunk), new);
        }
    }

    #[test]
    fn an_unchanged_file_is_not_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, b"same bytes").unwrap();
        let before = std::fs::metadata(&path).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        overwrite_at(&path, b"same bytes", 4);
        let after = std::fs::metadata(&path).unwrap().modified().unwrap();
        assert_eq!(before, after);
    }
}
