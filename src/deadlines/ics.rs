//! `deadlines.ics`: the open deadlines as an RFC 5545 calendar of `VTODO`s whose UIDs do not
//! change between builds, so a subscribed calendar updates them in place. Lines end with CRLF and
//! are folded at 75 octets, never inside a UTF-8 sequence; text values are escaped.

use super::Deadline;
use crate::i18n::Lang;
use jiff::civil::Date;
use std::fmt::Write;

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
    // Two buffers for every value (a large book has thousands of deadlines): the raw text and
    // the text escaped.
    let (mut raw, mut escaped) = (String::new(), String::new());
    for d in deadlines {
        line(&mut out, "BEGIN", "VTODO");
        text_line(&mut out, "UID", &d.uid, &mut escaped);
        line(&mut out, "DTSTAMP", &stamp);
        line(&mut out, "DUE;VALUE=DATE", &compact(d.due));
        raw.clear();
        let _ = write!(raw, "{} — {}", d.title, d.mission);
        text_line(&mut out, "SUMMARY", &raw, &mut escaped);
        raw.clear();
        let _ = write!(raw, "{}\n{}\n{}:{}", d.title, d.mission, d.path, d.line);
        text_line(&mut out, "DESCRIPTION", &raw, &mut escaped);
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
    escape_into(&mut out, text);
    out
}

/// `escape`, appended to `out`.
fn escape_into(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(i) = rest.find(|c: char| matches!(c, '\\' | ';' | ',') || c.is_control()) {
        out.push_str(&rest[..i]);
        let mut chars = rest[i..].chars();
        let c = chars.next().unwrap_or_default();
        let after = chars.as_str();
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' if after.starts_with('\n') => {}
            '\n' | '\r' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            _ => out.push(' '),
        }
        rest = after;
    }
    out.push_str(rest);
}

/// `line` of TEXT value `text`, escaped in `buf`.
fn text_line(out: &mut String, name: &str, text: &str, buf: &mut String) {
    buf.clear();
    escape_into(buf, text);
    line(out, name, buf);
}

/// Appends `name:value` folded into lines of at most 75 octets, each ended by CRLF; a
/// continuation line starts with one space, which counts in its 75.
fn line(out: &mut String, name: &str, value: &str) {
    let start = out.len();
    out.push_str(name);
    out.push(':');
    out.push_str(value);
    if out.len() - start <= LINE_OCTETS {
        out.push_str("\r\n");
        return;
    }
    let content = out.split_off(start);
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

    proptest::proptest! {
        /// Escaping by runs between special characters says what escaping each character does.
        #[test]
        fn escaping_is_per_character(text in "[a,;\\\\\r\n\t\u{7}\u{85}é—]{0,12}") {
            let mut want = String::new();
            let mut chars = text.chars().peekable();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => want.push_str("\\\\"),
                    ';' => want.push_str("\\;"),
                    ',' => want.push_str("\\,"),
                    '\r' if chars.peek() == Some(&'\n') => {}
                    '\n' | '\r' => want.push_str("\\n"),
                    c if c.is_control() && c != '\t' => want.push(' '),
                    c => want.push(c),
                }
            }
            proptest::prop_assert_eq!(escape(&text), want);
        }
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
