//! The ledger of a site: what a build left in it (each file's length, content hash and stamp,
//! each directory's stamp), kept with the site once it is the spare. The build that takes that
//! spare then knows its files without walking it, and leaves a page whose new content has the
//! recorded length and hash untouched, neither opened nor read, when the file is still the one
//! the ledger recorded. A stamp is what any change to a file or a directory changes (inode,
//! modification and status-change times; the status-change time cannot be set back), so a
//! directory whose stamp is unchanged holds the same names as recorded. The ledger is only an
//! optimisation: one that is missing, garbled, or does not match the spare, means a walk.
//!
//! Never part of a site (builds stay reproducible, a deployment does not send it): the build
//! writes its ledger into the spare it leaves as `.debrief-ledger-next` (the ledger of the new
//! site); the build after leaves that file where it is while it uses the spare as its staging
//! directory, and moves it to `.debrief-ledger` of the site it replaces when that site becomes
//! the spare in turn.

use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::path::Path;
use std::sync::{Mutex, PoisonError};

/// In a spare, the ledger of the spare itself.
pub const LEDGER: &str = ".debrief-ledger";
/// In a spare, the ledger of the site at the destination, the spare of the next build.
pub const NEXT: &str = ".debrief-ledger-next";

const HEADER: &str = "debrief-ledger 1 ";

/// What changes when a file or directory changes: its inode, its modification time and its
/// status-change time (nanoseconds).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stamp {
    ino: u64,
    mtime: i64,
    ctime: i64,
}

impl Stamp {
    #[cfg(unix)]
    pub fn of(meta: &std::fs::Metadata) -> Option<Stamp> {
        use std::os::unix::fs::MetadataExt;
        let ns = |s: i64, n: i64| s.checked_mul(1_000_000_000)?.checked_add(n);
        Some(Stamp {
            ino: meta.ino(),
            mtime: ns(meta.mtime(), meta.mtime_nsec())?,
            ctime: ns(meta.ctime(), meta.ctime_nsec())?,
        })
    }

    /// Without inodes and status-change times a file cannot be recognised: no ledger.
    #[cfg(not(unix))]
    pub fn of(_meta: &std::fs::Metadata) -> Option<Stamp> {
        None
    }
}

/// A file as the ledger records it (its hash in two halves: smaller than a `u128`, aligned on
/// 16 bytes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Page {
    pub len: u64,
    hash: [u64; 2],
    pub stamp: Stamp,
}

impl Page {
    pub fn new(len: u64, hash: u128, stamp: Stamp) -> Page {
        let hash = [(hash >> 64) as u64, hash as u64];
        Page { len, hash, stamp }
    }

    pub fn hash(&self) -> u128 {
        (u128::from(self.hash[0]) << 64) | u128::from(self.hash[1])
    }
}

/// The hash of a file's content.
pub fn hash(bytes: &[u8]) -> u128 {
    xxhash_rust::xxh3::xxh3_128(bytes)
}

/// The length and hash of a content written in parts.
pub struct Hasher {
    state: Box<xxhash_rust::xxh3::Xxh3Default>,
    len: u64,
}

impl Hasher {
    pub fn new() -> Hasher {
        Hasher {
            state: Box::new(xxhash_rust::xxh3::Xxh3Default::new()),
            len: 0,
        }
    }

    pub fn update(&mut self, bytes: &[u8]) {
        self.state.update(bytes);
        self.len += bytes.len() as u64;
    }

    /// The length and hash of what was written.
    pub fn finish(&self) -> (u64, u128) {
        (self.len, self.state.digest128())
    }
}

/// Whether a page whose new content has `len` bytes hashing to `hash` can be left as it is: the
/// ledger recorded that content, and the file (`now`, not following a link) is still the one
/// it recorded, with no other name.
pub fn unchanged(recorded: &Page, len: u64, hash: u128, now: &std::fs::Metadata) -> bool {
    recorded.len == len
        && recorded.hash() == hash
        && now.file_type().is_file()
        && single(now)
        && now.len() == len
        && Stamp::of(now) == Some(recorded.stamp)
}

#[cfg(unix)]
fn single(meta: &std::fs::Metadata) -> bool {
    std::os::unix::fs::MetadataExt::nlink(meta) == 1
}

#[cfg(not(unix))]
fn single(_meta: &std::fs::Metadata) -> bool {
    false
}

/// The files a build wrote, for its ledger when it `records` them; `None` once one of them
/// could not be stamped.
pub struct Written {
    records: bool,
    files: Mutex<Option<HashMap<String, Page>>>,
}

impl Written {
    pub fn new(records: bool) -> Written {
        Written {
            records,
            files: Mutex::new(records.then(HashMap::new)),
        }
    }

    /// Whether the files written are recorded (hash them).
    pub fn records(&self) -> bool {
        self.records
    }

    /// Notes `rel` as written: its page, or `None` when it has no stamp (no ledger then).
    pub fn note(&self, rel: &str, page: Option<Page>) {
        let mut all = self.files.lock().unwrap_or_else(PoisonError::into_inner);
        match page {
            Some(page) => {
                if let Some(all) = all.as_mut() {
                    all.insert(rel.to_string(), page);
                }
            }
            None => *all = None,
        }
    }

    /// The ledger of `root`, which holds exactly the files written and their directories, for
    /// the audience of the build; `None` when it cannot be made.
    pub fn ledger(self, root: &Path, public: bool) -> Option<String> {
        let files = self
            .files
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner)?;
        let mut dirs: HashSet<&str> = HashSet::new();
        for rel in files.keys() {
            if !clean(rel) {
                return None;
            }
            let mut at = rel.as_str();
            while let Some((dir, _)) = at.rsplit_once('/') {
                if !dirs.insert(dir) {
                    break;
                }
                at = dir;
            }
        }
        let dirs: Vec<(&str, Stamp)> = dirs
            .into_par_iter()
            .map(|rel| {
                let meta = root.join(rel).symlink_metadata().ok()?;
                let stamp = Stamp::of(&meta).filter(|_| meta.is_dir())?;
                Some((rel, stamp))
            })
            .collect::<Option<_>>()?;
        let mut text = format!("{HEADER}{}\n", if public { "public" } else { "private" });
        for (rel, s) in dirs {
            let _ = writeln!(text, "d {} {} {} {rel}", s.ino, s.mtime, s.ctime);
        }
        for (rel, p) in &files {
            let s = p.stamp;
            let _ = writeln!(
                text,
                "f {} {} {} {} {:032x} {rel}",
                s.ino,
                s.mtime,
                s.ctime,
                p.len,
                p.hash()
            );
        }
        let sum = hash(text.as_bytes());
        let _ = writeln!(text, "end {sum:032x}");
        Some(text)
    }
}

/// A spare's ledger, checked against the spare.
pub struct Ledger {
    pub files: HashMap<String, Page>,
    pub dirs: HashMap<String, Stamp>,
}

/// Whether `rel` is a clean relative path: no empty, `.` or `..` component, no NUL, no line break.
fn clean(rel: &str) -> bool {
    rel.split('/')
        .all(|c| !c.is_empty() && c != "." && c != ".." && !c.contains(['\0', '\n']))
}

impl Ledger {
    /// The ledger in `text`, for a build for the public or not: `None` when it is garbled, has
    /// a path that is not clean or a file whose directory it does not list, or is the ledger of
    /// a private site and the build is for the public (whose pages are then compared byte for
    /// byte, never trusted by hash).
    pub fn parse(text: &str, public: bool) -> Option<Ledger> {
        let body = text.strip_suffix('\n')?;
        let body = &text[..body.rfind('\n')? + 1];
        let sum = text[body.len()..]
            .strip_prefix("end ")?
            .strip_suffix('\n')?;
        if sum.len() != 32 || u128::from_str_radix(sum, 16).ok()? != hash(body.as_bytes()) {
            return None;
        }
        let mut lines = body.split_terminator('\n');
        match (lines.next()?.strip_prefix(HEADER)?, public) {
            ("public", _) | ("private", false) => {}
            _ => return None,
        }
        let mut ledger = Ledger {
            files: HashMap::new(),
            dirs: HashMap::new(),
        };
        for line in lines {
            let (kind, rest) = line.split_once(' ')?;
            let mut fields = rest.splitn(if kind == "f" { 6 } else { 4 }, ' ');
            let mut next = || fields.next();
            let stamp = Stamp {
                ino: next()?.parse().ok()?,
                mtime: next()?.parse().ok()?,
                ctime: next()?.parse().ok()?,
            };
            let added = match kind {
                "d" => ledger.dirs.insert(next()?.to_string(), stamp).is_none(),
                "f" => {
                    let len = next()?.parse().ok()?;
                    let hash = next()?;
                    let hash = u128::from_str_radix(hash, 16)
                        .ok()
                        .filter(|_| hash.len() == 32)?;
                    let page = Page::new(len, hash, stamp);
                    ledger.files.insert(next()?.to_string(), page).is_none()
                }
                _ => false,
            };
            if !added {
                return None;
            }
        }
        let listed = |rel: &str| {
            clean(rel)
                && !(ledger.files.contains_key(rel) && ledger.dirs.contains_key(rel))
                && rel
                    .rsplit_once('/')
                    .is_none_or(|(dir, _)| ledger.dirs.contains_key(dir))
        };
        let sound = ledger
            .files
            .keys()
            .chain(ledger.dirs.keys())
            .all(|r| listed(r));
        sound.then_some(ledger)
    }

    /// Whether `root` is the site this ledger recorded: the same names at its root (whose own
    /// stamp changes as the site is moved and its ledgers written; the ledger it carries aside),
    /// and every directory below with its recorded stamp.
    pub fn matches(&self, root: &Path) -> bool {
        let Ok(entries) = std::fs::read_dir(root) else {
            return false;
        };
        let mut names = 0;
        for entry in entries {
            let Ok(entry) = entry else {
                return false;
            };
            let (Some(name), Ok(kind)) = (
                entry.file_name().to_str().map(String::from),
                entry.file_type(),
            ) else {
                return false;
            };
            if name == NEXT {
                continue;
            }
            let known = (kind.is_dir() && self.dirs.contains_key(&name))
                || (kind.is_file() && self.files.contains_key(&name));
            if !known {
                return false;
            }
            names += 1;
        }
        let at_root = self.files.keys().chain(self.dirs.keys());
        names == at_root.filter(|r| !r.contains('/')).count()
            && self.dirs.par_iter().all(|(rel, stamp)| {
                root.join(rel)
                    .symlink_metadata()
                    .is_ok_and(|m| m.is_dir() && Stamp::of(&m) == Some(*stamp))
            })
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::{Hasher, Ledger, Page, Stamp, Written, hash, unchanged};
    use std::path::Path;

    /// A site of two pages in `root`, and its ledger.
    fn site(root: &Path, public: bool) -> String {
        let written = Written::new(true);
        std::fs::create_dir_all(root.join("a/b")).unwrap();
        for (rel, text) in [("index.html", "home"), ("a/b/page.html", "page")] {
            std::fs::write(root.join(rel), text).unwrap();
            let meta = std::fs::symlink_metadata(root.join(rel)).unwrap();
            let stamp = Stamp::of(&meta).unwrap();
            let page = Page::new(text.len() as u64, hash(text.as_bytes()), stamp);
            written.note(rel, Some(page));
        }
        written.ledger(root, public).unwrap()
    }

    /// `body` with the closing line of a sound ledger.
    fn seal(body: &str) -> String {
        format!("{body}end {:032x}\n", hash(body.as_bytes()))
    }

    #[test]
    fn a_content_hashed_in_parts_hashes_as_a_whole() {
        let text: Vec<u8> = (0..5000u32).map(|i| (i * 7 % 251) as u8).collect();
        for chunk in [1, 7, 64, 1000, 5000] {
            let mut h = Hasher::new();
            text.chunks(chunk).for_each(|c| h.update(c));
            assert_eq!(h.finish(), (5000, hash(&text)), "chunks of {chunk}");
        }
    }

    #[test]
    fn a_page_is_left_alone_only_when_content_and_file_are_as_recorded() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("page.html");
        std::fs::write(&path, "same bytes").unwrap();
        let meta = || std::fs::symlink_metadata(&path).unwrap();
        let (len, h) = (10, hash(b"same bytes"));
        let recorded = Page::new(len, h, Stamp::of(&meta()).unwrap());
        assert!(unchanged(&recorded, len, h, &meta()));
        assert!(!unchanged(&recorded, len, hash(b"other byte"), &meta()));
        assert!(!unchanged(&recorded, 11, h, &meta()));

        // Edited in place, same length, modification time set back: the status-change time
        // still tells.
        let modified = meta().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(30));
        std::fs::write(&path, "SAME BYTES").unwrap();
        let file = std::fs::File::options().write(true).open(&path).unwrap();
        file.set_modified(modified).unwrap();
        assert_eq!(meta().modified().unwrap(), modified);
        assert!(!unchanged(&recorded, len, h, &meta()));

        // Another name for it, or a link in its place.
        std::fs::write(&path, "same bytes").unwrap();
        let recorded = Page::new(len, h, Stamp::of(&meta()).unwrap());
        std::fs::hard_link(&path, dir.path().join("elsewhere")).unwrap();
        assert!(!unchanged(&recorded, len, h, &meta()));
        std::fs::remove_file(dir.path().join("elsewhere")).unwrap();
        let linked = dir.path().join("linked.html");
        std::os::unix::fs::symlink(&path, &linked).unwrap();
        let link = std::fs::symlink_metadata(&linked).unwrap();
        assert!(!unchanged(&recorded, len, h, &link));
    }

    #[test]
    fn a_ledger_reads_back_and_matches_its_site_until_a_name_changes() {
        let dir = tempfile::tempdir().unwrap();
        let text = site(dir.path(), false);
        let ledger = Ledger::parse(&text, false).unwrap();
        assert_eq!(ledger.files.len(), 2);
        assert_eq!(ledger.dirs.len(), 2);
        assert!(ledger.matches(dir.path()));
        // Past the clock tick of the last change (times are that coarse).
        std::thread::sleep(std::time::Duration::from_millis(30));
        std::fs::write(dir.path().join("a/b/extra.html"), "x").unwrap();
        assert!(!ledger.matches(dir.path()), "a file added below");
        std::fs::remove_file(dir.path().join("a/b/extra.html")).unwrap();
        assert!(!ledger.matches(dir.path()), "its directory changed since");

        let dir = tempfile::tempdir().unwrap();
        let ledger = Ledger::parse(&site(dir.path(), true), false).unwrap();
        std::fs::write(dir.path().join("extra.html"), "x").unwrap();
        assert!(!ledger.matches(dir.path()), "a file added at the root");
    }

    #[test]
    fn a_garbled_or_unsound_ledger_is_not_used() {
        let dir = tempfile::tempdir().unwrap();
        let text = site(dir.path(), false);
        assert!(Ledger::parse(&text, false).is_some());
        assert!(
            Ledger::parse(&text, true).is_none(),
            "private, for the public"
        );
        let cut = text.rfind("\nend ").unwrap();
        assert!(Ledger::parse(&text[..=cut], false).is_none(), "cut short");
        assert!(Ledger::parse(&text.replacen("page", "pagf", 1), false).is_none());
        assert!(Ledger::parse("", false).is_none());
        let body = &text[..=cut];
        let d = "d 1 2 3";
        let f = format!("f 1 2 3 4 {:032x}", hash(b"x"));
        for line in [
            format!("{f} ../outside.html"),
            format!("{f} /etc/passwd"),
            format!("{f} a//b/page.html"),
            format!("{f} a/./page.html"),
            format!("{f} nodir/page.html"),
            format!("{d} a/b"),
            format!("{f} a"),
            format!("{d} "),
            "x 1 2 3 other".to_string(),
            "f 1 2 3 4 5 short-hash".to_string(),
        ] {
            let unsound = seal(&format!("{body}{line}\n"));
            assert!(Ledger::parse(&unsound, false).is_none(), "{line}");
        }
        let sound = seal(&format!("{body}{d} a/c\n{f} a/c/new page.html\n"));
        assert!(Ledger::parse(&sound, false).is_some());
    }
}
