//! debrief: lint freelance mission journals for forgotten end-of-mission steps, and compile them
//! into a private or public static site.
//!
//! Data flows one way: files → `journal::Book` → `lint` findings → outputs.

pub mod cli;
pub mod cmd;
pub mod config;
pub mod diagnostic;
pub mod error;
pub mod i18n;
pub mod journal;
pub mod lint;
pub mod text;
