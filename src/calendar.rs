//! Calendar arithmetic on civil dates that deadlines need beyond whole days: months and years,
//! counted the way French law counts a notice in months (CPC 641): the same day of the month,
//! or the last day of the month when that day does not exist (2025-01-31 + 1 month = 2025-02-28).
//! Also the dates the law and the contract give that both the linter and `deadlines` read (the
//! end of a notice period, an invoice's prescription limit): one computation, so they cannot
//! disagree.

use crate::journal::Front;
use crate::journal::schema::{ClientKind, Invoice, NoticePeriod};
use jiff::Span;
use jiff::civil::Date;

/// `date` plus `days` calendar days (saturating).
pub fn add_days(date: Date, days: i64) -> Date {
    date.saturating_add(Span::new().days(days))
}

/// The first day the mission may end after a notice received on `given` (`lint-rules.md` v2:
/// days are counted, months end on the same day of the month or the month's last day).
pub fn notice_end(given: Date, period: NoticePeriod) -> Date {
    match period {
        NoticePeriod::Days(n) => add_days(given, n),
        NoticePeriod::Months(n) => add_months(given, n),
    }
}

/// The years after which an unpaid invoice is prescribed: 5 between businesses (C. com. L110-4),
/// 2 against a consumer (C. conso. L218-2).
pub fn prescription_years(kind: ClientKind) -> i64 {
    match kind {
        ClientKind::Business => 5,
        ClientKind::Consumer => 2,
    }
}

/// The day an invoice's claim is prescribed: the earlier of its `issued` date and the mission's
/// `end` (whichever is set), plus `prescription_years`; `None` when neither date is known.
pub fn prescription_limit(front: &Front, invoice: &Invoice) -> Option<Date> {
    let from = match (invoice.issued.as_ref().map(|d| d.value), front.end()) {
        (Some(issued), Some(end)) => issued.min(end),
        (Some(day), None) | (None, Some(day)) => day,
        (None, None) => return None,
    };
    Some(add_years(from, prescription_years(front.client_kind())))
}

/// `date` plus `months` calendar months, ending on the same day of the month or, when that day
/// does not exist, on the month's last day. Saturates at the last representable date.
pub fn add_months(date: Date, months: i64) -> Date {
    date.checked_add(Span::new().months(months.clamp(-239_976, 239_976)))
        .unwrap_or(if months < 0 { Date::MIN } else { Date::MAX })
}

/// `date` plus `years` calendar years; 29 February becomes 28 February in a common year.
pub fn add_years(date: Date, years: i64) -> Date {
    add_months(date, years.saturating_mul(12))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    /// Precision 19 of the lint rules.
    #[test]
    fn months_end_on_the_same_day_or_the_last_of_the_month() {
        assert_eq!(add_months(date(2025, 1, 31), 1), date(2025, 2, 28));
        assert_eq!(add_months(date(2024, 1, 31), 1), date(2024, 2, 29));
        assert_eq!(add_months(date(2025, 3, 15), 2), date(2025, 5, 15));
        assert_eq!(add_months(date(2025, 3, 31), 1), date(2025, 4, 30));
        assert_eq!(add_months(date(2025, 11, 30), 3), date(2026, 2, 28));
        assert_eq!(add_months(date(2025, 12, 31), 2), date(2026, 2, 28));
        assert_eq!(add_months(date(2025, 1, 15), 0), date(2025, 1, 15));
        // Each step is from the original date: not 2025-03-28.
        assert_eq!(add_months(date(2025, 1, 31), 2), date(2025, 3, 31));
    }

    #[test]
    fn years_keep_the_day_except_29_february() {
        assert_eq!(add_years(date(2020, 2, 29), 5), date(2025, 2, 28));
        assert_eq!(add_years(date(2020, 2, 29), 4), date(2024, 2, 29));
        assert_eq!(add_years(date(2023, 6, 30), 2), date(2025, 6, 30));
        assert_eq!(add_years(date(2025, 1, 1), -2), date(2023, 1, 1));
    }

    #[test]
    fn huge_counts_saturate_instead_of_failing() {
        assert_eq!(add_months(date(2025, 1, 1), i64::MAX), Date::MAX);
        assert_eq!(add_years(date(2025, 1, 1), i64::MAX), Date::MAX);
        assert_eq!(add_months(date(2025, 1, 1), i64::MIN), Date::MIN);
    }
}
