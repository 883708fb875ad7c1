//! The names of a book's own files, which several layers need (`config` reads `book.toml`, `lint`
//! reports on it, the commands look for it, `serve` watches it): they live below all of them.

/// The book's configuration file, at its root; its presence marks a directory as a book.
pub const BOOK_TOML: &str = "book.toml";
