//! debrief: lint freelance mission journals for forgotten end-of-mission steps, and compile them
//! into a private or public static site.
//!
//! Data flows one way: files → `journal::Book` → `lint` findings → outputs. Below all of them,
//! depending on none: `diagnostic` (positions, severities, the rule catalog, findings), `tree`
//! (YAML and TOML read with positions, for journals and `book.toml`), `layout` (the names of a
//! book's own files), `text` and `i18n`. docs/architecture.md draws the layers.

// Lists of byte ranges are a domain type here (the parts of a journal to render or to search);
// a one-range list is a normal value, not a mistaken `vec![0..n]`.
#![allow(clippy::single_range_in_vec_init)]

pub mod audience;
pub mod calendar;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod deadlines;
pub mod diagnostic;
pub mod error;
pub mod i18n;
pub mod journal;
pub mod layout;
pub mod letters;
pub mod lint;
pub mod lsp;
pub mod money;
pub mod serve;
pub mod site;
pub mod text;
pub mod tree;
pub mod vocab;
