//! The human format: rustc-style diagnostics with the source line and a caret, then a summary.
//! Colour is on only when the caller says so (a terminal, or `--color always`).

use crate::diagnostic::Severity;
use crate::i18n::{Lang, count};
use crate::lint::{Diagnostic, Outcome};
use crate::text::{escape_controls as esc, is_terminal_unsafe};
use crate::tr;
use anstyle::{AnsiColor, Style};
use rayon::prelude::*;
use std::io::{self, Write};

/// How many diagnostics are formatted together before being written.
const BATCH: usize = 8192;

/// The styles in use: real ones with colour, plain ones (which print nothing) without.
#[derive(Clone, Copy)]
struct Palette {
    color: bool,
}

impl Palette {
    fn pick(self, style: Style) -> Style {
        if self.color { style } else { Style::new() }
    }
}

fn severity_style(s: Severity) -> Style {
    let color = match s {
        Severity::Error => AnsiColor::Red,
        Severity::Warning => AnsiColor::Yellow,
        Severity::Info => AnsiColor::Cyan,
    };
    Style::new().bold().fg_color(Some(color.into()))
}

const GUTTER: Style = Style::new()
    .bold()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Blue)));
const BOLD: Style = Style::new().bold();

/// The number of characters the caret underlines: the word starting at the column.
pub(crate) fn caret_len(line: &str, col: usize) -> usize {
    line.chars()
        .skip(col.saturating_sub(1))
        .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
        .count()
        .max(1)
}

/// The blanks before the caret under column `col` of `line` as it is shown: tabs kept, so that
/// the caret lines up under tabbed source, and a blank for each character of an escaped one.
fn caret_lead(line: &str, col: usize) -> String {
    let mut lead = String::with_capacity(col);
    for c in line.chars().take(col.saturating_sub(1)) {
        match c {
            '\t' => lead.push('\t'),
            // Shown as `\u{…}`: 4 characters and the hexadecimal digits.
            c if is_terminal_unsafe(c) => {
                let digits = (u32::BITS - (c as u32).leading_zeros()).div_ceil(4).max(1);
                lead.extend(std::iter::repeat_n(' ', 4 + digits as usize));
            }
            _ => lead.push(' '),
        }
    }
    lead
}

/// Writes one diagnostic. Its texts come from journals and `book.toml`: control characters are
/// escaped (`text::escape_controls`) so that none reaches the terminal.
fn write_diagnostic(out: &mut dyn Write, d: &Diagnostic, lang: Lang, p: Palette) -> io::Result<()> {
    let style = p.pick(severity_style(d.severity));
    let (gutter, bold) = (p.pick(GUTTER), p.pick(BOLD));
    let label = d.severity.word(lang);
    // French puts a no-break space before the colon.
    let colon = lang.colon();
    writeln!(
        out,
        "{style}{label}[{}]{style:#}{bold}{colon} {}{bold:#}",
        esc(&d.rule),
        esc(&d.message)
    )?;
    // The gutter is as wide as the line number (at most 10 digits).
    let width = d.line.checked_ilog10().map_or(1, |l| l as usize + 1);
    let pad = &"          "[..width];
    writeln!(
        out,
        "{pad}{gutter}-->{gutter:#} {}:{}:{}",
        esc(&d.path),
        d.line,
        d.column
    )?;
    if !d.source_line.is_empty() {
        let col = d.column as usize;
        let lead = caret_lead(&d.source_line, col);
        let carets = caret_len(&d.source_line, col);
        writeln!(out, "{pad} {gutter}|{gutter:#}")?;
        writeln!(
            out,
            "{gutter}{}{gutter:#} {gutter}|{gutter:#} {}",
            d.line,
            esc(&d.source_line)
        )?;
        writeln!(
            out,
            "{pad} {gutter}|{gutter:#} {lead}{style}{:^<carets$}{style:#}",
            ""
        )?;
    }
    if let Some(help) = &d.help {
        let help = esc(help);
        let word = lang.pick("aide", "help");
        writeln!(
            out,
            "{pad} {gutter}={gutter:#} {bold}{word}{bold:#}{colon} {help}"
        )?;
    }
    writeln!(out)
}

/// The closing line: counts by severity and files checked.
pub fn summary(outcome: &Outcome, lang: Lang) -> String {
    let files = outcome.files;
    let (e, w, i) = (
        outcome.count(Severity::Error),
        outcome.count(Severity::Warning),
        outcome.count(Severity::Info),
    );
    let n = |x: usize| x as i64;
    let file_word = count(n(files), lang, ("fichier", "fichiers"), ("file", "files"));
    if e + w + i == 0 {
        return tr!(
            lang,
            "Aucun problème dans {file_word}",
            "No problems in {file_word}"
        );
    }
    let parts = [
        count(n(e), lang, ("erreur", "erreurs"), ("error", "errors")),
        count(
            n(w),
            lang,
            ("avertissement", "avertissements"),
            ("warning", "warnings"),
        ),
        count(n(i), lang, ("info", "infos"), ("info", "infos")),
    ];
    tr!(
        lang,
        "{} dans {file_word}",
        "{} in {file_word}",
        parts.join(", ")
    )
}

/// When every finding is an `info`: what that means, so a run that shows only those does not
/// look like a failure.
fn info_only_hint(outcome: &Outcome, lang: Lang) -> Option<String> {
    let only_info = !outcome.diagnostics.is_empty()
        && outcome
            .diagnostics
            .iter()
            .all(|d| d.severity == Severity::Info);
    only_info.then(|| {
        tr!(
            lang,
            "Les infos sont des rappels, pas des erreurs\u{a0}: le carnet passe (code de sortie 0). \
`debrief explain RÈGLE` dit ce que chacune suggère\u{a0}; `[lint.rules]` dans book.toml peut les taire.",
            "Infos are reminders, not errors: the book passes (exit code 0). `debrief explain RULE` \
says what each suggests; `[lint.rules]` in book.toml can silence them."
        )
    })
}

pub fn write(
    out: &mut dyn Write,
    outcome: &Outcome,
    lang: Lang,
    quiet: bool,
    color: bool,
) -> io::Result<()> {
    let p = Palette { color };
    // Formatted on every core, a batch at a time (so the text held stays small), written in order.
    for batch in outcome.diagnostics.chunks(BATCH) {
        let texts: Vec<Vec<u8>> = batch
            .par_chunks(BATCH / 16)
            .map(|part| {
                let mut text = Vec::with_capacity(part.len() * 256);
                for d in part {
                    write_diagnostic(&mut text, d, lang, p)?;
                }
                Ok(text)
            })
            .collect::<io::Result<_>>()?;
        for text in texts {
            out.write_all(&text)?;
        }
    }
    if !quiet {
        let style = p.pick(if outcome.count(Severity::Error) > 0 {
            severity_style(Severity::Error)
        } else if outcome.diagnostics.is_empty() {
            Style::new().bold().fg_color(Some(AnsiColor::Green.into()))
        } else {
            BOLD
        });
        writeln!(out, "{style}{}{style:#}", summary(outcome, lang))?;
        if let Some(hint) = info_only_hint(outcome, lang) {
            writeln!(out, "{hint}")?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The lead is the escaped text before the column, each character a blank but tabs.
        #[test]
        fn the_lead_is_as_wide_as_the_escaped_text(
            line in "([a-zé\t ]|\u{0}|\u{1b}|\u{7f}|\u{9b}|\u{202e}|\u{2069}|€){0,12}",
            col in 1usize..16
        ) {
            let before: String = line.chars().take(col - 1).collect();
            let expected: String = esc(&before)
                .chars()
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            proptest::prop_assert_eq!(caret_lead(&line, col), expected);
        }
    }

    #[test]
    fn gutter_and_carets() {
        let d = Diagnostic {
            path: "p.md".into(),
            line: 1234,
            column: 3,
            rule: "r".into(),
            severity: Severity::Error,
            message: "m".into(),
            help: None,
            source_line: "a\u{1b}word rest".into(),
        };
        let mut out = Vec::new();
        write_diagnostic(&mut out, &d, Lang::En, Palette { color: false }).unwrap();
        let text = String::from_utf8(out).unwrap();
        // One blank after the gutter, then one for `a` and six for `\u{1b}`.
        let caret_line = format!("     |{}^^^^", " ".repeat(8));
        assert_eq!(
            text,
            format!(
                "error[r]: m\n    --> p.md:1234:3\n     |\n1234 | a\\u{{1b}}word rest\n{caret_line}\n\n"
            )
        );
    }
}
