//! HTML escaping by runs, eight bytes at a time while none of them is to escape: every string a
//! `.html` template prints (minijinja's escaping, written without its formatting machinery) and
//! the text of `code_spans`.

use std::fmt::{Result, Write};

/// `s` escaped as minijinja escapes a string for HTML: `&<>"'/`.
pub fn html(s: &str, out: &mut impl Write) -> Result {
    by_runs(s, b"&<>\"'/", out)
}

/// `s` escaped for HTML text and attributes: `&<>"'` (a `/` stays as it is).
pub fn text(s: &str, out: &mut String) {
    // Writing to a `String` does not fail.
    let _ = by_runs(s, b"&<>\"'", out);
}

/// Writes `s` with each byte of `set` replaced by its entity, the text between them in one
/// write each.
fn by_runs<const N: usize>(s: &str, set: &[u8; N], out: &mut impl Write) -> Result {
    let bytes = s.as_bytes();
    let mut from = 0;
    let mut scan = |at: std::ops::Range<usize>, out: &mut dyn Write| -> Result {
        for i in at {
            if !set.contains(&bytes[i]) {
                continue;
            }
            let entity = match bytes[i] {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' => "&quot;",
                b'\'' => "&#x27;",
                _ => "&#x2f;",
            };
            out.write_str(&s[from..i])?;
            out.write_str(entity)?;
            from = i + 1;
        }
        Ok(())
    };
    let (words, tail) = bytes.as_chunks::<8>();
    for (n, word) in words.iter().enumerate() {
        if has_one_of(u64::from_ne_bytes(*word), set) {
            scan(n * 8..n * 8 + 8, out)?;
        }
    }
    scan(bytes.len() - tail.len()..bytes.len(), out)?;
    out.write_str(&s[from..])
}

/// Whether a byte of `word` is in `set`: `word ^ c` (`c` in each byte) has a zero byte exactly
/// when `word` has a `c`.
fn has_one_of<const N: usize>(word: u64, set: &[u8; N]) -> bool {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGHS: u64 = ONES << 7;
    let has_zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS;
    set.iter()
        .fold(0, |any, c| any | has_zero(word ^ (ONES * u64::from(*c))))
        != 0
}

#[cfg(test)]
mod tests {
    /// Eight bytes at a time or one at a time, wherever the byte to escape falls, as minijinja
    /// escapes for HTML.
    #[test]
    fn every_byte_is_escaped_wherever_it_is() {
        for len in 0..27 {
            for at in 0..len {
                for c in (0..128u8).map(char::from).chain(['é', '→']) {
                    let mut text: Vec<char> =
                        "abcdefghijklmnopqrstuvwxyz".chars().take(len).collect();
                    text[at] = c;
                    if at + 3 < len {
                        text[at + 3] = '/';
                    }
                    let text: String = text.into_iter().collect();
                    let mut ours = String::new();
                    super::html(&text, &mut ours).unwrap();
                    let theirs = minijinja::HtmlEscape(&text).to_string();
                    assert_eq!(ours, theirs, "{text:?}");
                    let mut plain = String::new();
                    super::text(&text, &mut plain);
                    assert_eq!(plain, theirs.replace("&#x2f;", "/"), "{text:?}");
                }
            }
        }
    }
}
