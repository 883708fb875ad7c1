//! Every path of the site, relative to its root: where each page, feed and file is written, how
//! pages link to one another, and the absolute URLs of the feed and sitemap. Nothing else spells
//! a site path. It decides where things go, never whether they exist (the audience view and the
//! page functions do).

/// The file a directory URL (`/`, `/lessons/`) names.
pub const INDEX: &str = "index.html";
pub const HOME: &str = "index.html";
pub const MISSIONS: &str = "missions/index.html";
pub const LESSONS: &str = "lessons/index.html";
pub const CASE_STUDIES: &str = "case-studies/index.html";
pub const TAGS: &str = "tags/index.html";
pub const CHECKLIST: &str = "checklist/index.html";
pub const NOT_FOUND: &str = "404.html";
pub const ATOM: &str = "atom.xml";
pub const SITEMAP: &str = "sitemap.xml";
/// The calendar of deadlines: the private site only.
pub const DEADLINES_ICS: &str = "deadlines.ics";
pub const SEARCH_INDEX: &str = "static/search-index.js";
/// The theme's static files are copied under the same path in the site (`static/style.css`).
pub const STATIC: &str = "static/";

/// The page of the mission whose slug is `slug` (a directory below `MISSIONS`'s, never it).
pub fn mission(slug: &str) -> String {
    format!("missions/{slug}/{INDEX}")
}

/// The page of a mission's letters (private builds only).
pub fn letters(slug: &str) -> String {
    format!("missions/{slug}/letters/{INDEX}")
}

/// A mission's entry on the lessons page (for the search index of a mission without a page).
pub fn lesson(slug: &str) -> String {
    format!("{LESSONS}#{slug}")
}

/// The slug of a tag's page: the tag slugified, `tag` when nothing is left.
pub fn tag_slug(tag: &str) -> String {
    let s = crate::text::slugify(tag);
    if s.is_empty() { "tag".into() } else { s }
}

/// The page of the tag whose slug is `slug`.
pub fn tag(slug: &str) -> String {
    format!("tags/{slug}/{INDEX}")
}

/// A copied file, named by a hash of its bytes and its extension (`""` for none).
pub fn asset(hash: u64, extension: &str) -> String {
    if extension.is_empty() {
        format!("assets/{hash:016x}")
    } else {
        format!("assets/{hash:016x}.{extension}")
    }
}

/// `../` once per directory of `rel`: the way back to the site root from that page.
pub fn root_of(rel: &str) -> String {
    "../".repeat(rel.matches('/').count())
}

/// The absolute URL of `rel` on a site published at `base`; a directory's `index.html` is left
/// out (`https://example.org/lessons/`).
pub fn absolute(base: &str, rel: &str) -> String {
    let rel = rel.strip_suffix(INDEX).unwrap_or(rel);
    format!("{}/{}", base.trim_end_matches('/'), rel)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_roots() {
        assert_eq!(mission("a"), "missions/a/index.html");
        assert_eq!(
            tag(&tag_slug("Identité visuelle")),
            "tags/identite-visuelle/index.html"
        );
        assert_eq!(tag_slug("—"), "tag");
        assert_eq!(lesson("a"), "lessons/index.html#a");
        assert_eq!(asset(0xab, "png"), "assets/00000000000000ab.png");
        assert_eq!(asset(0xab, ""), "assets/00000000000000ab");
        assert_eq!(root_of(HOME), "");
        assert_eq!(root_of(LESSONS), "../");
        assert_eq!(root_of(MISSIONS), "../");
        assert_eq!(root_of(&mission("a")), "../../");
        assert_eq!(root_of(&tag("a")), "../../");
    }

    #[test]
    fn absolute_urls_leave_out_index_html() {
        assert_eq!(absolute("https://e.org/c/", HOME), "https://e.org/c/");
        assert_eq!(
            absolute("https://e.org/c", LESSONS),
            "https://e.org/c/lessons/"
        );
        assert_eq!(absolute("https://e.org", ATOM), "https://e.org/atom.xml");
        assert_eq!(
            absolute("https://e.org", &lesson("a")),
            "https://e.org/lessons/index.html#a"
        );
    }
}
