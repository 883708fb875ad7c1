//! `deadlines.ics`: the open deadlines as an RFC 5545 calendar of `VTODO`s whose UIDs do not
//! change between builds, so a subscribed calendar updates them in place. Lines end with CRLF and
//! are folded at 75 octets, never inside a UTF-8 sequence; text values are escaped.

use super::Deadline;
use crate::i18n::Lang;
use jiff::civil::Date;

/// The longest content line, in octets, before it is folded (RFC 5545 3.1).
const LINE_OCTETS: usize = 75;

/// The calendar of `deadlines` (every open one: the window is the terminal's, not the
/// calendar's), stamped with `today` so the same book and date give the same bytes.
pub fn calendar(deadlines: &[Deadline], book_title: &str, today: Date, lang: Lang) -> String {
    let mut out = String::with_capacity(512 + deadlines.len() * 400);
    let name = match (book_title.trim(), lang) {
        ("", Lang::Fr) => "Échéances".to_string(),
        ("", Lang::En) => "Deadlines".to_string(),
        (t, Lang::Fr) => format!("Échéances — {t}"),
        (t, Lang::En) => format!("Deadlines — {t}"),
    };
    let stamp = format!("{}T000000Z", compact(today));
    line(&mut out, "BEGIN", "VCALENDAR");
    line(&mut out, "VERSION", "2.0");
    line(
        &mut out,
        "PRODID",
        &format!("-//debrief//deadlines//{}", lang.code().to_uppercase()),
    );
    line(&mut out, "CALSCALE", "GREGORIAN");
    line(&mut out, "X-WR-CALNAME", &escape(&name));
    for d in deadlines {
        line(&mut out, "BEGIN", "VTODO");
        line(&mut out, "UID", &escape(&d.uid));
        line(&mut out, "DTSTAMP", &stamp);
        line(&mut out, "DUE;VALUE=DATE", &compact(d.due));
        line(
            &mut out,
            "SUMMARY",
            &escape(&format!("{} — {}", d.title, d.mission)),
        );
        let description = format!("{}\n{}\n{}:{}", d.title, d.mission, d.path, d.line);
        line(&mut out, "DESCRIPTION", &escape(&description));
        line(&mut out, "STATUS", "NEEDS-ACTION");
        line(&mut out, "CATEGORIES", d.kind.as_str());
        line(&mut out, "END", "VTODO");
    }
    line(&mut out, "END", "VCALENDAR");
    out
}

/// `20250317`.
fn compact(date: Date) -> String {
    format!("{:04}{:02}{:02}", date.year(), date.month(), date.day())
}

/// A TEXT value escaped (RFC 5545 3.3.11): `\` `;` `,` and newlines; other control characters,
/// which a TEXT value cannot hold, become spaces.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => out.push_str("\\n"),
            c if c.is_control() && c != '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Appends `name:value` folded into lines of at most 75 octets, each ended by CRLF; a
/// continuation line starts with one space, which counts in its 75.
fn line(out: &mut String, name: &str, value: &str) {
    let content = format!("{name}:{value}");
    let mut rest = content.as_str();
    let mut limit = LINE_OCTETS;
    loop {
        if rest.len() <= limit {
            out.push_str(rest);
            out.push_str("\r\n");
            return;
        }
        let mut cut = limit;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        limit = LINE_OCTETS - 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("a,b;c\\d\ne\r\nf\u{7}"), "a\\,b\\;c\\\\d\\ne\\nf ");
    }

    #[test]
    fn long_lines_fold_at_75_octets_between_characters() {
        let mut out = String::new();
        let value = "é".repeat(100);
        line(&mut out, "SUMMARY", &value);
        let lines: Vec<&str> = out.split("\r\n").collect();
        assert_eq!(lines.last(), Some(&""));
        for l in &lines[..lines.len() - 1] {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        assert!(lines[1].starts_with(' ') && lines[2].starts_with(' '));
        // `SUMMARY:` is 8 octets, then 33 two-octet letters: 74, not 75.
        assert_eq!(lines[0].len(), 74);
        let unfolded: String = out.replace("\r\n ", "");
        assert_eq!(unfolded, format!("SUMMARY:{value}\r\n"));
        let mut short = String::new();
        line(&mut short, "STATUS", "NEEDS-ACTION");
        assert_eq!(short, "STATUS:NEEDS-ACTION\r\n");
    }
}
