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

/// How many distinct words of a mission the index keeps.
pub const MAX_WORDS: usize = 300;

/// The distinct words (2+ characters) of a text read piece by piece (each piece ending between
/// two words, as a space does), lowercased, in order of first appearance, at most `max`: the
/// same as for the whole text, without keeping it.
#[derive(Debug, Clone, Default)]
pub struct Words {
    seen: std::collections::HashSet<String>,
    list: Vec<String>,
    max: usize,
}

impl Words {
    pub fn new(max: usize) -> Words {
        Words {
            max,
            ..Words::default()
        }
    }

    /// Adds the words of `piece`.
    pub fn push(&mut self, piece: &str) {
        if self.list.len() >= self.max {
            return;
        }
        for word in piece.to_lowercase().split(|c: char| !c.is_alphanumeric()) {
            self.push_word(word);
        }
    }

    /// Adds one lowercase word (ignored under 2 characters).
    fn push_word(&mut self, word: &str) {
        if self.list.len() >= self.max || word.chars().nth(1).is_none() {
            return;
        }
        if self.seen.insert(word.to_string()) {
            self.list.push(word.to_string());
        }
    }

    /// Adds the words of `other`, in its order.
    pub fn extend(&mut self, other: &Words) {
        for word in &other.list {
            self.push_word(word);
        }
    }

    /// The words, space-separated.
    pub fn joined(&self) -> String {
        self.list.join(" ")
    }
}

pub fn script(entries: &[Entry]) -> String {
    let json = serde_json::to_string(entries).unwrap_or_else(|_| "[]".into());
    // `</` cannot close a script element when the index is inlined or injected.
    format!("window.DEBRIEF_SEARCH = {};\n", json.replace("</", "<\\/"))
}

#[cfg(test)]
mod tests {
    /// The words of `text` read in one piece.
    fn words(text: &str, max: usize) -> String {
        let mut w = super::Words::new(max);
        w.push(text);
        w.joined()
    }

    #[test]
    fn distinct_words() {
        assert_eq!(
            words("Le client, le CLIENT a validé l'audit", 10),
            "le client validé audit"
        );
        assert_eq!(words("a b c dd ee ff", 2), "dd ee");
    }

    #[test]
    fn words_in_pieces_are_the_words_of_the_whole() {
        let pieces = [
            "Le client, ",
            "le CLIENT ",
            "a validé ",
            "l'audit ",
            "ΟΔΟΣ ",
            "ΟΔΟΣ. ",
        ];
        let whole: String = pieces.concat();
        for max in [1, 3, 5, 300] {
            let mut w = super::Words::new(max);
            pieces.iter().for_each(|p| w.push(p));
            assert_eq!(w.joined(), words(&whole, max));
        }
    }
}
