//! The rule registry. Each rule is declared next to its check, in the file of its family, with its
//! documentation in `docs/<id>.md` (French and English), which `debrief explain`, `debrief rules`
//! and `docs/rules.md` all read. The order here is the catalog's order.

mod end_of_mission;
mod money;
pub mod publishing;
mod structure;
pub mod suppression;

use super::Policy;
use crate::diagnostic::{Pos, Severity};
use crate::i18n::Lang;
use crate::journal::{Front, Mission};
use jiff::civil::Date;

/// A rule of the catalog.
pub struct Rule {
    pub id: &'static str,
    pub family: Family,
    /// The severity before `[lint.rules]`; some rules raise or lower it per diagnostic, as their
    /// documentation says.
    pub severity: Severity,
    /// Which missions it applies to, in French and English.
    pub applies: (&'static str, &'static str),
    /// The documentation: `<!-- fr -->` then `<!-- en -->`, see `lint::doc`.
    pub doc: &'static str,
    pub check: Check,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    Structure,
    EndOfMission,
    Money,
    Publishing,
    Suppression,
}

impl Family {
    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            Family::Structure => lang.pick("Structure", "Structure"),
            Family::EndOfMission => lang.pick("Fin de mission", "End of mission"),
            Family::Money => lang.pick("Argent", "Money"),
            Family::Publishing => lang.pick("Publication", "Publishing"),
            Family::Suppression => lang.pick("Exceptions", "Suppression"),
        }
    }
}

/// How a rule finds its diagnostics.
#[derive(Clone, Copy)]
pub enum Check {
    /// Reported by the loader while reading the file (`Mission::findings`).
    Loader,
    /// Looks at one mission whose front matter loaded.
    Mission(fn(&Ctx, &Mission, &Front, &mut Sink)),
    /// Needs the whole book (`duplicate-slug`); run by `lint::check`.
    Book,
}

/// What every check may know besides the mission.
pub struct Ctx<'a> {
    pub today: Date,
    pub lang: Lang,
    pub policy: Policy,
    /// Ids `lint.allow` may name: built-in rules and custom elements.
    pub known_ids: &'a [&'a str],
}

/// A diagnostic as a check produces it, before overrides and suppression.
#[derive(Debug, Clone, PartialEq)]
pub struct Raw {
    pub rule: &'static str,
    pub pos: Pos,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
}

/// How many diagnostics of one rule one file gets in full; the rest are counted, and reported
/// as one more diagnostic (a pathological file must not make lint, or the checklist of a build,
/// grow without bound).
pub const PER_RULE_LIMIT: usize = 200;

/// Where checks put what they find.
#[derive(Debug, Default)]
pub struct Sink {
    pub raws: Vec<Raw>,
    /// Per rule: how many were kept.
    kept: std::collections::HashMap<&'static str, usize>,
    /// Per rule past the limit: how many more, the first one's place and severity.
    pub more: std::collections::BTreeMap<&'static str, (usize, Pos, Severity)>,
}

impl Sink {
    /// Whether a diagnostic of `rule` would still be kept in full.
    pub fn accepts(&self, rule: &'static str) -> bool {
        self.kept.get(rule).copied().unwrap_or(0) < PER_RULE_LIMIT
    }

    /// Counts a diagnostic of `rule` past the limit (`pos` is computed for the first only).
    pub fn skip(&mut self, rule: &'static str, severity: Severity, pos: impl FnOnce() -> Pos) {
        match self.more.get_mut(rule) {
            Some(more) => more.0 += 1,
            None => {
                self.more.insert(rule, (1, pos(), severity));
            }
        }
    }

    pub fn push(&mut self, rule: &'static str, pos: Pos, severity: Severity, message: String) {
        self.push_raw(Raw {
            rule,
            pos,
            severity,
            message,
            help: None,
        });
    }

    pub fn push_help(
        &mut self,
        rule: &'static str,
        pos: Pos,
        severity: Severity,
        message: String,
        help: String,
    ) {
        self.push_raw(Raw {
            rule,
            pos,
            severity,
            message,
            help: Some(help),
        });
    }

    fn push_raw(&mut self, raw: Raw) {
        if !self.accepts(raw.rule) {
            let (rule, severity, pos) = (raw.rule, raw.severity, raw.pos);
            self.skip(rule, severity, || pos);
            return;
        }
        *self.kept.entry(raw.rule).or_default() += 1;
        self.raws.push(raw);
    }
}

/// `date` plus `days` calendar days.
pub fn add_days(date: Date, days: i64) -> Date {
    date.saturating_add(jiff::Span::new().days(days))
}

/// Whole calendar days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: Date, to: Date) -> i64 {
    from.until(to).map_or(0, |s| i64::from(s.get_days()))
}

/// The registry, in catalog order.
pub static RULES: &[Rule] = &[
    structure::FILE_UNREADABLE,
    structure::FRONT_MATTER_MISSING,
    structure::FRONT_MATTER_SYNTAX,
    structure::BODY_TOO_DEEP,
    structure::FIELD_MISSING,
    structure::FIELD_INVALID,
    structure::FIELD_UNKNOWN,
    structure::DATES_INCONSISTENT,
    structure::DUPLICATE_SLUG,
    end_of_mission::FEEDBACK_MISSING,
    end_of_mission::LESSONS_MISSING,
    end_of_mission::HANDOVER_MISSING,
    end_of_mission::DELIVERABLES_MISSING,
    end_of_mission::UNFINISHED_WORK,
    end_of_mission::ACCESS_MISSING,
    end_of_mission::ACCESS_OPEN,
    end_of_mission::RGPD_NOT_NOTIFIED,
    end_of_mission::RGPD_NOT_DELETED,
    end_of_mission::CONTRACT_UNCHECKED,
    end_of_mission::NOTICE_TOO_SHORT,
    end_of_mission::NOTICE_NOT_IN_WRITING,
    end_of_mission::RECOMMENDATION_NOT_REQUESTED,
    money::INVOICE_UNPAID,
    money::WORKED_WHILE_UNPAID,
    publishing::CASE_STUDY_CONSENT,
    publishing::CASE_STUDY_ALIAS,
    publishing::CLIENT_NAME_LEAK,
    publishing::PERSONAL_DATA_LEAK,
    suppression::ALLOW_WITHOUT_REASON,
    suppression::ALLOW_UNKNOWN_RULE,
];

/// The documentation of custom elements (`[[lint.require]]`).
pub const CUSTOM_ELEMENT_DOC: &str = include_str!("docs/custom-element.md");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_arithmetic() {
        let d = jiff::civil::date(2025, 6, 30);
        assert_eq!(add_days(d, 90), jiff::civil::date(2025, 9, 28));
        assert_eq!(days_between(d, jiff::civil::date(2025, 7, 30)), 30);
        assert_eq!(days_between(jiff::civil::date(2025, 7, 30), d), -30);
        assert_eq!(
            days_between(jiff::civil::date(2024, 1, 1), jiff::civil::date(2025, 1, 1)),
            366
        );
    }

    #[test]
    fn ids_are_unique_and_documented() {
        let mut ids: Vec<_> = RULES.iter().map(|r| r.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), RULES.len());
        assert_eq!(RULES.len(), 30);
    }
}
