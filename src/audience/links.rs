//! What a link or image target in a journal points at: a web address, an anchor on the same
//! page, or a file of the book (decoded and resolved against the journal's directory, whatever
//! its disguise: `%2D`, `./a/../b.md`, a query or a trailing slash). Whether a book file may be
//! published is decided by the caller from this answer, never from the text of the link.

/// A link target, classified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// `http`, `https`, `mailto` or `tel`, kept as written.
    Web(String),
    /// `#anchor` on the same page.
    Anchor(String),
    /// A file of the book: its path relative to the content directory, and `#fragment` if any.
    Book { path: String, fragment: String },
    /// A scheme that is not allowed (`javascript:`, `data:`, `file:`…) or a path that leaves the
    /// content directory: dropped.
    Refused,
}

/// The scheme of `url`, lower case, if it has one.
fn scheme(url: &str) -> Option<String> {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect();
    let (scheme, _) = cleaned.split_once(':')?;
    if scheme.is_empty() || scheme.contains(['/', '?', '#']) {
        return None;
    }
    Some(scheme.to_ascii_lowercase())
}

/// Classifies `url`, written in a journal whose directory is `dir` (relative to the content
/// directory, `/`-separated).
pub fn classify(dir: &str, url: &str) -> Target {
    let url = url.trim();
    if url.is_empty() {
        return Target::Refused;
    }
    if let Some(fragment) = url.strip_prefix('#') {
        return Target::Anchor(fragment.to_string());
    }
    if let Some(s) = scheme(url) {
        return match s.as_str() {
            "http" | "https" | "mailto" | "tel" => Target::Web(url.to_string()),
            _ => Target::Refused,
        };
    }
    if url.starts_with("//") || url.starts_with("\\\\") {
        return Target::Web(format!("https:{url}"));
    }
    let (rest, fragment) = url.split_once('#').unwrap_or((url, ""));
    let path = rest.split_once('?').map_or(rest, |(p, _)| p);
    let decoded = super::names::percent_decode(path).replace('\\', "/");
    if decoded.contains('\0') {
        return Target::Refused;
    }
    match join(dir, &decoded) {
        Some(path) if !path.is_empty() => Target::Book {
            path,
            fragment: fragment.to_string(),
        },
        _ => Target::Refused,
    }
}

/// Joins a relative path to `dir`, resolving `.` and `..`; `None` when it climbs above the
/// content directory. A path starting with `/` starts at the content directory.
pub fn join(dir: &str, link: &str) -> Option<String> {
    let mut parts: Vec<&str> = if link.starts_with('/') {
        Vec::new()
    } else {
        dir.split('/').filter(|p| !p.is_empty()).collect()
    };
    for seg in link.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn book(path: &str) -> Target {
        Target::Book {
            path: path.into(),
            fragment: String::new(),
        }
    }

    #[test]
    fn disguised_book_files_resolve_to_the_file() {
        let d = "missions/2025";
        for url in [
            "notes-internes.md",
            "notes%2Dinternes.md",
            "./notes-internes.md",
            "x/../notes-internes.md",
            "notes-internes.md?1",
            "notes-internes.md/",
            "../2025/notes-internes.md",
            "/missions/2025/notes-internes.md",
            " notes-internes.md ",
        ] {
            assert_eq!(
                classify(d, url),
                book("missions/2025/notes-internes.md"),
                "{url}"
            );
        }
        assert_eq!(classify(d, "../../../etc/passwd"), Target::Refused);
    }

    #[test]
    fn schemes() {
        assert_eq!(
            classify("", "https://example.org/a"),
            Target::Web("https://example.org/a".into())
        );
        for bad in [
            "javascript:alert(1)",
            "JaVa\tScRiPt:x",
            "data:text/html,x",
            "file:///etc/passwd",
            "vbscript:x",
        ] {
            assert_eq!(classify("", bad), Target::Refused, "{bad}");
        }
        assert_eq!(classify("", "#top"), Target::Anchor("top".into()));
    }
}
