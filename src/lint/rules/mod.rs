//! The checks of the rules that look at one mission: each family's file holds its checks, and
//! `CHECKS` pairs each rule of the catalog (`diagnostic::catalog`, where rules are declared and
//! documented) with its check. The loader's rules and `duplicate-slug` have no check here.
//!
//! A check reports through a `Reporter` bound to its rule: the id and default severity come from
//! the rule, the check gives the place, the message, the help, and a severity only where the
//! rule's documentation says it raises or lowers it.

mod end_of_mission;
mod money;
mod notice;
pub mod publishing;
mod recovery;
mod structure;
pub mod suppression;

use super::Policy;
use crate::diagnostic::catalog::{
    ACCESS_MISSING, ACCESS_OPEN, ALLOW_UNKNOWN_RULE, ALLOW_WITHOUT_REASON, CASE_STUDY_ALIAS,
    CASE_STUDY_CONSENT, CLIENT_NAME_LEAK, CLIENT_NOTICE_SHORT, CONTRACT_UNCHECKED,
    DATES_INCONSISTENT, DELIVERABLES_MISSING, DEPOSIT_UNPAID, FEEDBACK_MISSING,
    FINAL_INVOICE_MISSING, FORMAL_NOTICE_UNANSWERED, HANDOVER_MISSING, INVOICE_PRESCRIPTION_NEAR,
    INVOICE_UNPAID, LESSONS_MISSING, MISSION_STALE, NOTICE_NOT_IN_WRITING, NOTICE_TOO_SHORT,
    PAYMENT_TERMS_TOO_LONG, PERSONAL_DATA_LEAK, RECOMMENDATION_NOT_REQUESTED, RGPD_NOT_DELETED,
    RGPD_NOT_NOTIFIED, UNFINISHED_WORK, WORKED_WHILE_UNPAID,
};
use crate::diagnostic::{Pos, Rule, Severity};
use crate::i18n::Lang;
use crate::journal::{Front, Mission};
use jiff::civil::Date;

/// A rule checked on one mission whose front matter loaded, and its check.
pub struct Check {
    pub rule: &'static Rule,
    pub run: fn(&Ctx, &Mission, &Front, &mut Reporter),
}

impl Check {
    const fn new(rule: &'static Rule, run: fn(&Ctx, &Mission, &Front, &mut Reporter)) -> Check {
        Check { rule, run }
    }
}

/// What every check may know besides the mission.
pub struct Ctx<'a> {
    pub today: Date,
    pub lang: Lang,
    pub policy: &'a Policy,
    /// Ids `lint.allow` may name: built-in rules and custom elements.
    pub known_ids: &'a [&'a str],
}

/// A diagnostic as a check produces it, before overrides and suppression; its rule is beside it.
#[derive(Debug, Clone, PartialEq)]
pub struct Raw {
    pub pos: Pos,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
}

/// How many diagnostics of one rule one file gets in full; the rest are counted, and reported
/// as one more diagnostic (a pathological file must not make lint, or the checklist of a build,
/// grow without bound).
pub const PER_RULE_LIMIT: usize = 200;

/// The diagnostics of one rule past `PER_RULE_LIMIT` in one file: how many, and the first one's
/// place and severity.
#[derive(Debug)]
pub struct More {
    pub rule: &'static Rule,
    pub count: usize,
    pub pos: Pos,
    pub severity: Severity,
}

/// Where the checks of one mission put what they find.
#[derive(Debug, Default)]
pub struct Sink {
    pub raws: Vec<(&'static Rule, Raw)>,
    /// Per rule id: how many were kept.
    kept: std::collections::HashMap<&'static str, usize>,
    /// Per rule id past the limit, in id order.
    pub more: std::collections::BTreeMap<&'static str, More>,
    /// The mission's public parts, read once for the rules that need them.
    published: Option<std::rc::Rc<crate::audience::Published>>,
}

impl Sink {
    /// The reporter of `rule`'s check.
    pub fn rule(&mut self, rule: &'static Rule) -> Reporter<'_> {
        Reporter {
            sink: self,
            rule,
            severity: rule.severity,
        }
    }
}

/// A `Sink` bound to one rule, at one severity (the rule's, unless `severity` says otherwise).
pub struct Reporter<'s> {
    sink: &'s mut Sink,
    rule: &'static Rule,
    severity: Severity,
}

/// A diagnostic just reported, to attach its help to (nothing happens when it was past the limit).
pub struct Reported<'r>(Option<&'r mut Raw>);

impl Reported<'_> {
    pub fn help(self, help: impl Into<Option<String>>) {
        if let Some(raw) = self.0 {
            raw.help = help.into();
        }
    }
}

impl Reporter<'_> {
    /// The public parts of `m` (its front matter `f`), read for the first rule that asks and
    /// kept for the others of the same mission.
    pub fn published(&mut self, m: &Mission, f: &Front) -> std::rc::Rc<crate::audience::Published> {
        self.sink
            .published
            .get_or_insert_with(|| std::rc::Rc::new(crate::audience::published(m, f)))
            .clone()
    }

    /// The same reporter, for diagnostics at `severity`.
    pub fn severity(&mut self, severity: Severity) -> Reporter<'_> {
        Reporter {
            sink: self.sink,
            rule: self.rule,
            severity,
        }
    }

    /// Whether a diagnostic would still be kept in full.
    pub fn accepts(&self) -> bool {
        self.sink.kept.get(self.rule.id).copied().unwrap_or(0) < PER_RULE_LIMIT
    }

    /// Counts a diagnostic past the limit (`pos` is computed for the first only).
    pub fn skip(&mut self, pos: impl FnOnce() -> Pos) {
        match self.sink.more.get_mut(self.rule.id) {
            Some(more) => more.count += 1,
            None => {
                let more = More {
                    rule: self.rule,
                    count: 1,
                    pos: pos(),
                    severity: self.severity,
                };
                self.sink.more.insert(self.rule.id, more);
            }
        }
    }

    /// Reports a diagnostic, or counts it when the rule is past `PER_RULE_LIMIT` in this file.
    pub fn report(&mut self, pos: Pos, message: String) -> Reported<'_> {
        if !self.accepts() {
            self.skip(|| pos);
            return Reported(None);
        }
        *self.sink.kept.entry(self.rule.id).or_default() += 1;
        self.report_uncapped(pos, message)
    }

    /// Reports a diagnostic whatever the count (`allow-unknown-rule` lists every entry).
    pub fn report_uncapped(&mut self, pos: Pos, message: String) -> Reported<'_> {
        let raw = Raw {
            pos,
            severity: self.severity,
            message,
            help: None,
        };
        self.sink.raws.push((self.rule, raw));
        Reported(self.sink.raws.last_mut().map(|(_, raw)| raw))
    }
}

pub use crate::calendar::add_days;

/// Whole calendar days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: Date, to: Date) -> i64 {
    from.until(to).map_or(0, |s| i64::from(s.get_days()))
}

/// The rules checked on a mission whose front matter loaded, with their checks, in catalog order.
pub static CHECKS: &[Check] = &[
    Check::new(&DATES_INCONSISTENT, structure::dates_inconsistent),
    Check::new(&MISSION_STALE, end_of_mission::mission_stale),
    Check::new(&FEEDBACK_MISSING, end_of_mission::feedback_missing),
    Check::new(&LESSONS_MISSING, end_of_mission::lessons_missing),
    Check::new(&HANDOVER_MISSING, end_of_mission::handover_missing),
    Check::new(&DELIVERABLES_MISSING, end_of_mission::deliverables_missing),
    Check::new(&UNFINISHED_WORK, end_of_mission::unfinished_work),
    Check::new(&ACCESS_MISSING, end_of_mission::access_missing),
    Check::new(&ACCESS_OPEN, end_of_mission::access_open),
    Check::new(&RGPD_NOT_NOTIFIED, end_of_mission::rgpd_not_notified),
    Check::new(&RGPD_NOT_DELETED, end_of_mission::rgpd_not_deleted),
    Check::new(&CONTRACT_UNCHECKED, end_of_mission::contract_unchecked),
    Check::new(&NOTICE_TOO_SHORT, notice::notice_too_short),
    Check::new(&NOTICE_NOT_IN_WRITING, notice::notice_not_in_writing),
    Check::new(&CLIENT_NOTICE_SHORT, notice::client_notice_short),
    Check::new(
        &FINAL_INVOICE_MISSING,
        end_of_mission::final_invoice_missing,
    ),
    Check::new(
        &RECOMMENDATION_NOT_REQUESTED,
        end_of_mission::recommendation_not_requested,
    ),
    Check::new(&DEPOSIT_UNPAID, money::deposit_unpaid),
    Check::new(&PAYMENT_TERMS_TOO_LONG, money::payment_terms_too_long),
    Check::new(&INVOICE_UNPAID, money::invoice_unpaid),
    Check::new(
        &FORMAL_NOTICE_UNANSWERED,
        recovery::formal_notice_unanswered,
    ),
    Check::new(
        &INVOICE_PRESCRIPTION_NEAR,
        recovery::invoice_prescription_near,
    ),
    Check::new(&WORKED_WHILE_UNPAID, money::worked_while_unpaid),
    Check::new(&CASE_STUDY_CONSENT, publishing::case_study_consent),
    Check::new(&CASE_STUDY_ALIAS, publishing::case_study_alias),
    Check::new(&CLIENT_NAME_LEAK, publishing::client_name_leak),
    Check::new(&PERSONAL_DATA_LEAK, publishing::personal_data_leak),
    Check::new(&ALLOW_WITHOUT_REASON, suppression::allow_without_reason),
    Check::new(&ALLOW_UNKNOWN_RULE, suppression::allow_unknown_rule),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::RULES;

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

    /// Every rule is found by exactly one of: the loader, the book-wide pass, or one check here.
    #[test]
    fn every_rule_has_one_check_or_is_found_elsewhere() {
        let elsewhere = [
            "file-unreadable",
            "front-matter-missing",
            "front-matter-syntax",
            "body-too-deep",
            "field-missing",
            "field-invalid",
            "field-unknown",
            "duplicate-slug",
        ];
        let checked: Vec<&str> = CHECKS.iter().map(|c| c.rule.id).collect();
        let expected: Vec<&str> = RULES
            .iter()
            .map(|r| r.id)
            .filter(|id| !elsewhere.contains(id))
            .collect();
        assert_eq!(checked, expected, "one check per rule, in catalog order");
    }

    #[test]
    fn the_cap_counts_past_the_limit_at_the_first_ones_place_and_severity() {
        let mut sink = Sink::default();
        let mut out = sink.rule(&ACCESS_OPEN);
        let limit = PER_RULE_LIMIT as u32;
        for line in 1..=limit + 3 {
            let severity = if line > limit {
                Severity::Error
            } else {
                Severity::Warning
            };
            out.severity(severity)
                .report(Pos::new(line, 1), format!("{line}"))
                .help("h".to_string());
        }
        assert_eq!(sink.raws.len(), PER_RULE_LIMIT);
        assert!(
            sink.raws
                .iter()
                .all(|(r, raw)| r.id == "access-open" && raw.help.is_some())
        );
        let more = &sink.more["access-open"];
        assert_eq!(
            (more.count, more.pos, more.severity),
            (3, Pos::new(limit + 1, 1), Severity::Error)
        );
    }

    #[test]
    fn allow_unknown_rule_is_not_capped() {
        let mut sink = Sink::default();
        let mut out = sink.rule(&ALLOW_UNKNOWN_RULE);
        for line in 1..=PER_RULE_LIMIT as u32 + 1 {
            out.report_uncapped(Pos::new(line, 1), String::new())
                .help(None);
        }
        assert_eq!(sink.raws.len(), PER_RULE_LIMIT + 1);
        assert!(sink.more.is_empty());
        assert_eq!(sink.raws[0].1.severity, Severity::Warning);
    }
}
