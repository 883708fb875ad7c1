//! `atom.xml` (case studies and lessons) and `sitemap.xml`, written when `[site] base-url` is set.

use super::charts::escape;

pub struct FeedEntry {
    pub title: String,
    pub url: String,
    pub updated: String,
    pub summary: String,
}

fn absolute(base: &str, url: &str) -> String {
    let url = url.strip_suffix("index.html").unwrap_or(url);
    format!("{}/{}", base.trim_end_matches('/'), url)
}

pub fn atom(base: &str, title: &str, lang: &str, entries: &[FeedEntry]) -> String {
    let updated = entries
        .iter()
        .map(|e| e.updated.as_str())
        .max()
        .unwrap_or("1970-01-01");
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">\n  <title>{}</title>\n  <id>{}</id>\n  <link href=\"{}\"/>\n  <link rel=\"self\" href=\"{}\"/>\n  <updated>{updated}T00:00:00Z</updated>\n  <author><name>{}</name></author>\n",
        escape(title),
        escape(&absolute(base, "")),
        escape(&absolute(base, "")),
        escape(&absolute(base, "atom.xml")),
        escape(title)
    );
    for e in entries {
        let link = absolute(base, &e.url);
        out.push_str(&format!(
            "  <entry>\n    <title>{}</title>\n    <id>{}</id>\n    <link href=\"{}\"/>\n    <updated>{}T00:00:00Z</updated>\n    <summary>{}</summary>\n  </entry>\n",
            escape(&e.title),
            escape(&link),
            escape(&link),
            e.updated,
            escape(&e.summary)
        ));
    }
    out.push_str("</feed>\n");
    out
}

pub fn sitemap(base: &str, urls: &[String]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for u in urls {
        out.push_str(&format!(
            "  <url><loc>{}</loc></url>\n",
            escape(&absolute(base, u))
        ));
    }
    out.push_str("</urlset>\n");
    out
}
