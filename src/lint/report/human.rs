//! The human format: rustc-style diagnostics with the source line and a caret, then a summary.
//! Colour comes from the `anstream` writer the caller passes (stripped when not a terminal).

use crate::diagnostic::Severity;
use crate::i18n::Lang;
use crate::lint::{Diagnostic, Outcome};
use crate::tr;
use anstyle::{AnsiColor, Style};
use std::io::{self, Write};

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
fn caret_len(line: &str, col: usize) -> usize {
    line.chars()
        .skip(col.saturating_sub(1))
        .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
        .count()
        .max(1)
}

pub fn write_diagnostic(out: &mut dyn Write, d: &Diagnostic, lang: Lang) -> io::Result<()> {
    let style = severity_style(d.severity);
    let label = match d.severity {
        Severity::Error => lang.pick("erreur", "error"),
        Severity::Warning => lang.pick("avertissement", "warning"),
        Severity::Info => "info",
    };
    writeln!(
        out,
        "{style}{label}[{}]{style:#}{BOLD}: {}{BOLD:#}",
        d.rule, d.message
    )?;
    let width = d.line.to_string().len();
    let pad = " ".repeat(width);
    writeln!(
        out,
        "{pad}{GUTTER}-->{GUTTER:#} {}:{}:{}",
        d.path, d.line, d.column
    )?;
    if !d.source_line.is_empty() || d.line > 0 {
        let col = d.column as usize;
        // Keep tabs in the padding so the caret lines up under tabbed source.
        let lead: String = d
            .source_line
            .chars()
            .take(col.saturating_sub(1))
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        let carets = "^".repeat(caret_len(&d.source_line, col));
        writeln!(out, "{pad} {GUTTER}|{GUTTER:#}")?;
        writeln!(
            out,
            "{GUTTER}{}{GUTTER:#} {GUTTER}|{GUTTER:#} {}",
            d.line, d.source_line
        )?;
        writeln!(
            out,
            "{pad} {GUTTER}|{GUTTER:#} {lead}{style}{carets}{style:#}"
        )?;
    }
    if let Some(help) = &d.help {
        writeln!(out, "{pad} {GUTTER}={GUTTER:#} {BOLD}help{BOLD:#}: {help}")?;
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
    let plural = |n: usize, one: &str, many: &str| {
        if n == 1 {
            format!("{n} {one}")
        } else {
            format!("{n} {many}")
        }
    };
    let file_word = match lang {
        Lang::Fr => plural(files, "fichier", "fichiers"),
        Lang::En => plural(files, "file", "files"),
    };
    if e + w + i == 0 {
        return tr!(
            lang,
            "Aucun problème dans {file_word}",
            "No problems in {file_word}"
        );
    }
    let parts = match lang {
        Lang::Fr => [
            plural(e, "erreur", "erreurs"),
            plural(w, "avertissement", "avertissements"),
            plural(i, "info", "infos"),
        ],
        Lang::En => [
            plural(e, "error", "errors"),
            plural(w, "warning", "warnings"),
            plural(i, "info", "infos"),
        ],
    };
    tr!(
        lang,
        "{} dans {file_word}",
        "{} in {file_word}",
        parts.join(", ")
    )
}

pub fn write(out: &mut dyn Write, outcome: &Outcome, lang: Lang, quiet: bool) -> io::Result<()> {
    for d in &outcome.diagnostics {
        write_diagnostic(out, d, lang)?;
    }
    if !quiet {
        let style = if outcome.count(Severity::Error) > 0 {
            severity_style(Severity::Error)
        } else if outcome.diagnostics.is_empty() {
            Style::new().bold().fg_color(Some(AnsiColor::Green.into()))
        } else {
            BOLD
        };
        writeln!(out, "{style}{}{style:#}", summary(outcome, lang))?;
    }
    Ok(())
}
