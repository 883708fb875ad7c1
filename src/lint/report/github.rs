//! The GitHub Actions format: one workflow command per diagnostic
//! (`::error file=…,line=…,col=…,title=rule-id::message`; `info` is `::notice`). The log they
//! appear in is a terminal too: control characters are escaped (`text::escape_controls`).

use crate::diagnostic::Severity;
use crate::lint::Outcome;
use std::io::{self, Write};

/// Escapes a workflow command's message.
fn data(s: &str) -> String {
    crate::text::escape_controls(s)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn write(out: &mut dyn Write, outcome: &Outcome) -> io::Result<()> {
    for d in &outcome.diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        writeln!(
            out,
            "::{command} file={},line={},col={},title={}::{}",
            property(&d.path),
            d.line,
            d.column,
            property(&d.rule),
            data(&d.message)
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(data("50% done\nnext"), "50%25 done%0Anext");
        assert_eq!(property("a,b:c"), "a%2Cb%3Ac");
        assert_eq!(data("\u{1b}]0;x\u{7}"), "\\u{1b}]0;x\\u{7}");
    }
}
