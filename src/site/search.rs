//! The client-side search index: a `.js` file (so it loads from `file://`) assigning an array of
//! entries, each with a title, URL, label and the distinct words of the text the audience may see.

use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// Title.
    pub t: String,
    /// URL relative to the site root.
    pub u: String,
    /// Client label and tags.
    pub c: String,
    /// Distinct lowercase words of the text.
    pub w: String,
}

/// The distinct words (2+ characters) of `text`, lowercased, in order of first appearance, at
/// most `max` of them.
pub fn words(text: &str, max: usize) -> String {
    let lower = text.to_lowercase();
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let mut out = String::new();
    for word in lower.split(|c: char| !c.is_alphanumeric()) {
        if word.chars().nth(1).is_none() {
            continue;
        }
        if seen.insert(word) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
            if seen.len() >= max {
                break;
            }
        }
    }
    out
}

pub fn script(entries: &[Entry]) -> String {
    let json = serde_json::to_string(entries).unwrap_or_else(|_| "[]".into());
    // `</` cannot close a script element when the index is inlined or injected.
    format!("window.DEBRIEF_SEARCH = {};\n", json.replace("</", "<\\/"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn distinct_words() {
        assert_eq!(
            super::words("Le client, le CLIENT a validé l'audit", 10),
            "le client validé audit"
        );
        assert_eq!(super::words("a b c dd ee ff", 2), "dd ee");
    }
}
