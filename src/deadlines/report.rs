//! `debrief todo`'s output: the human list grouped by week (overdue first, « cette semaine »,
//! « semaine prochaine », then the weeks after, by their Monday) and the JSON document.

use super::Deadline;
use crate::calendar::add_days;
use crate::i18n::{Lang, count, days};
use crate::tr;
use jiff::civil::{Date, Weekday};
use serde::Serialize;
use std::io::{self, Write};

/// The group a deadline is listed under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Group {
    Overdue,
    /// The week of this Monday.
    Week(Date),
}

fn monday(date: Date) -> Date {
    add_days(date, -i64::from(date.weekday().to_monday_zero_offset()))
}

fn group(d: &Deadline) -> Group {
    if d.is_overdue() {
        Group::Overdue
    } else {
        Group::Week(monday(d.due))
    }
}

fn heading(g: Group, today: Date, lang: Lang) -> String {
    let this = monday(today);
    match g {
        Group::Overdue => tr!(lang, "En retard", "Overdue"),
        Group::Week(m) if m == this => tr!(lang, "Cette semaine", "This week"),
        Group::Week(m) if m == add_days(this, 7) => {
            tr!(lang, "Semaine prochaine", "Next week")
        }
        Group::Week(m) => tr!(lang, "Semaine du {m}", "Week of {m}"),
    }
}

/// The human list; `within` is the window's length (`None`: `--all`), for the empty message.
pub fn human(
    out: &mut dyn Write,
    list: &[Deadline],
    today: Date,
    within: Option<i64>,
    lang: Lang,
    quiet: bool,
) -> io::Result<()> {
    if list.is_empty() {
        if !quiet {
            let message = match within {
                Some(n) => tr!(
                    lang,
                    "Aucune échéance en retard ni dans les {} à venir.",
                    "Nothing overdue and nothing due in the next {}.",
                    days(n, lang)
                ),
                None => tr!(lang, "Aucune échéance ouverte.", "No open deadline."),
            };
            writeln!(out, "{message}")?;
        }
        return Ok(());
    }
    let mut current = None;
    for d in list {
        let g = group(d);
        if current != Some(g) {
            if current.is_some() {
                writeln!(out)?;
            }
            writeln!(out, "{}", heading(g, today, lang))?;
            current = Some(g);
        }
        let late = if d.is_overdue() {
            tr!(
                lang,
                " ({} de retard)",
                " ({} late)",
                days(d.overdue_days, lang)
            )
        } else {
            String::new()
        };
        writeln!(
            out,
            "  {} {}  {} — {}{late}",
            weekday(d.due.weekday(), lang),
            d.due,
            d.title,
            d.mission
        )?;
    }
    if !quiet {
        let overdue = list.iter().filter(|d| d.is_overdue()).count() as i64;
        let total = count(
            list.len() as i64,
            lang,
            ("échéance", "échéances"),
            ("deadline", "deadlines"),
        );
        let summary = match overdue {
            0 => total,
            n => tr!(lang, "{total}, dont {n} en retard", "{total}, {n} overdue"),
        };
        writeln!(out, "\n{summary}")?;
    }
    Ok(())
}

/// `lun.`, `Mon`.
fn weekday(day: Weekday, lang: Lang) -> &'static str {
    let i = usize::from(day.to_monday_zero_offset().unsigned_abs());
    let fr = ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."];
    let en = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    lang.pick(fr, en)[i]
}

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    today: String,
    deadlines: Vec<Item<'a>>,
}

#[derive(Serialize)]
struct Item<'a> {
    mission: &'a str,
    path: &'a str,
    line: u32,
    kind: &'static str,
    due: String,
    overdue_days: i64,
    title: &'a str,
}

/// `{"version":1,"today","deadlines":[{"mission","path","line","kind","due","overdue_days","title"}]}`.
pub fn json(out: &mut dyn Write, list: &[Deadline], today: Date) -> io::Result<()> {
    let report = Report {
        version: 1,
        today: today.to_string(),
        deadlines: list
            .iter()
            .map(|d| Item {
                mission: &d.mission,
                path: &d.path,
                line: d.line,
                kind: d.kind.as_str(),
                due: d.due.to_string(),
                overdue_days: d.overdue_days,
                title: &d.title,
            })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &report)?;
    writeln!(out)
}
