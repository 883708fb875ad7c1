//! The letter as an RFC 5322 message to open as a draft: ASCII headers (RFC 2047 encoded words
//! for non-ASCII names and subjects), a UTF-8 `text/plain` body, CRLF line ends, `X-Unsent: 1`,
//! and `Date:` the letter's date at 09:00 local time.

use crate::error::{Error, Result};
use jiff::civil::Date;
use jiff::tz::TimeZone;

/// Who a message is from or to.
pub struct Mailbox<'a> {
    pub name: &'a str,
    pub email: &'a str,
}

/// The message. `body` is the plain-text letter (LF line ends).
pub fn message(
    from: &Mailbox,
    to: &Mailbox,
    subject: &str,
    date: Date,
    body: &str,
) -> Result<String> {
    let when = date
        .at(9, 0, 0, 0)
        .to_zoned(TimeZone::system())
        .map_err(|e| {
            Error::new(format!(
                "cannot place 09:00 on {date} in the local time zone: {e}"
            ))
        })?;
    let mut out = String::with_capacity(body.len() + 512);
    for (name, value) in [
        ("From", mailbox(from)?),
        ("To", mailbox(to)?),
        ("Subject", encode_words(subject)),
        (
            "Date",
            when.strftime("%a, %d %b %Y %H:%M:%S %z").to_string(),
        ),
        ("MIME-Version", "1.0".into()),
        ("Content-Type", "text/plain; charset=utf-8".into()),
        ("Content-Transfer-Encoding", "8bit".into()),
        ("X-Unsent", "1".into()),
    ] {
        out.push_str(name);
        out.push_str(": ");
        out.push_str(&value);
        out.push_str("\r\n");
    }
    out.push_str("\r\n");
    for line in body.lines() {
        out.push_str(line);
        out.push_str("\r\n");
    }
    Ok(out)
}

/// `Name <address>`, the name quoted or encoded.
fn mailbox(m: &Mailbox) -> Result<String> {
    let email = m.email.trim();
    if email.is_empty() || !email.chars().all(plain_address) || !email.contains('@') {
        return Err(Error::new(format!(
            "`{email}` is not an e-mail address debrief can write in a header (ASCII, with @)"
        )));
    }
    let name = m.name.trim();
    let quotable = name.chars().all(|c| c.is_ascii_graphic() || c == ' ');
    let name = if quotable && !name.contains(['"', '\\']) && !name.contains("=?") {
        format!("\"{name}\"")
    } else {
        encode_words(name)
    };
    Ok(format!("{name} <{email}>"))
}

fn plain_address(c: char) -> bool {
    c.is_ascii_graphic() && !"<>()[]\\,;:\"".contains(c)
}

/// `text` as is when it is printable ASCII, else as RFC 2047 "Q" encoded words of at most 75
/// characters, folded onto continuation lines; a character is never split across words.
pub fn encode_words(text: &str) -> String {
    if text.chars().all(|c| c.is_ascii_graphic() || c == ' ') && !text.contains("=?") {
        return text.to_string();
    }
    const OPEN: &str = "=?UTF-8?Q?";
    const CLOSE: &str = "?=";
    let room = 75 - OPEN.len() - CLOSE.len();
    let mut words = Vec::new();
    let mut word = String::new();
    for c in text.chars() {
        let mut piece = String::new();
        if c == ' ' {
            piece.push('_');
        } else if c.is_ascii_alphanumeric() || "!*+-/".contains(c) {
            piece.push(c);
        } else {
            let mut buf = [0; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                piece.push_str(&format!("={b:02X}"));
            }
        }
        if word.len() + piece.len() > room {
            words.push(format!("{OPEN}{word}{CLOSE}"));
            word.clear();
        }
        word.push_str(&piece);
    }
    words.push(format!("{OPEN}{word}{CLOSE}"));
    words.join("\r\n ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_stays_plain_and_the_rest_is_encoded() {
        assert_eq!(encode_words("Invoice 2026-014"), "Invoice 2026-014");
        assert_eq!(encode_words("é"), "=?UTF-8?Q?=C3=A9?=");
        let long = encode_words(&"é".repeat(40));
        assert!(long.split("\r\n ").all(|w| w.len() <= 75), "{long}");
        assert!(long.is_ascii());
    }

    #[test]
    fn refuses_an_address_it_cannot_write() {
        let to = Mailbox {
            name: "X",
            email: "not an address",
        };
        assert!(mailbox(&to).is_err());
    }
}
