//! `deadlines.ics` at the root of the private site (`deadlines::ics`), for a calendar to
//! subscribe to; a public build never has it.

use crate::deadlines::{deadlines, ics};
use crate::error::Result;
use crate::i18n::Lang;
use crate::journal::Book;
use crate::site::output::Sink;
use crate::site::{Audience, routes};
use jiff::civil::Date;

/// Puts the calendar of every open deadline of `book` into `out`, for the private audience only.
pub fn write(
    book: &Book,
    audience: Audience,
    today: Date,
    lang: Lang,
    out: &dyn Sink,
) -> Result<()> {
    if audience != Audience::Private {
        return Ok(());
    }
    let list = deadlines(book, today, lang);
    let calendar = ics::calendar(&list, &book.config.book.title, today, lang);
    out.put(routes::DEADLINES_ICS, calendar.into_bytes())
}
