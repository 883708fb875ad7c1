//! Plain text from the Markdown letter: bold markers and hard-break backslashes removed, each
//! line wrapped at 72 columns (continuation lines of a list item indented under its text).

/// The width plain-text letters are wrapped at.
pub const WIDTH: usize = 72;

/// The letter as plain text, wrapped at `WIDTH` columns.
pub fn from_markdown(md: &str) -> String {
    let mut out = String::with_capacity(md.len() + md.len() / 20);
    for line in md.lines() {
        let line = line.strip_suffix('\\').unwrap_or(line).replace("**", "");
        wrap(&line, &mut out);
    }
    out
}

/// Appends `line` wrapped at `WIDTH` columns: breaks only at ASCII spaces (never at a no-break
/// space), and a word longer than the width stays whole.
fn wrap(line: &str, out: &mut String) {
    let indent = line.len() - line.trim_start().len();
    let body = line.trim_start();
    let hanging = indent
        + if body.starts_with("- ") || body.starts_with("* ") {
            2
        } else {
            0
        };
    let mut width = 0;
    let mut first = true;
    out.push_str(&line[..indent]);
    width += indent;
    for word in body.split(' ') {
        let len = word.chars().count();
        if !first && width + 1 + len > WIDTH {
            out.push('\n');
            out.push_str(&" ".repeat(hanging));
            width = hanging;
        } else if !first {
            out.push(' ');
            width += 1;
        }
        out.push_str(word);
        width += len;
        first = false;
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_72_columns_with_hanging_indent() {
        let long = format!("- {}", "mot ".repeat(30).trim_end());
        let text = from_markdown(&format!("**Objet\u{A0}: x**\nClaire\\\n{long}\n"));
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "Objet\u{A0}: x");
        assert_eq!(lines[1], "Claire");
        assert!(lines.iter().all(|l| l.chars().count() <= WIDTH), "{text}");
        assert!(lines[3].starts_with("  mot"), "{text}");
        assert_eq!(text.matches("mot").count(), 30);
    }

    #[test]
    fn never_breaks_at_a_no_break_space() {
        let amount = "1\u{202F}800,00\u{A0}€";
        let line = format!("{} {amount}", "a".repeat(65));
        assert_eq!(
            from_markdown(&line),
            format!("{}\n{amount}\n", "a".repeat(65))
        );
    }
}
