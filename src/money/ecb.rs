//! The shipped table of the ECB main refinancing rate in force on the first day of each
//! half-year (1 January, 1 July), which French law (C. com. L441-10 II) uses, plus 10 points, for
//! late penalties between businesses when the terms of sale give no rate. Only rates we are sure
//! of are shipped; an invoice due in a half-year the table lacks needs `[money] late-rate`.

use super::Rate;
use jiff::civil::Date;

/// A half-year: its year and whether it is the second half (from 1 July).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HalfYear {
    pub year: i16,
    pub second: bool,
}

impl HalfYear {
    /// The half-year `date` falls in.
    pub fn of(date: Date) -> HalfYear {
        HalfYear {
            year: date.year(),
            second: date.month() >= 7,
        }
    }

    /// Its first day (1 January or 1 July), when the rate of the table was taken.
    pub fn start(self) -> Date {
        let month = if self.second { 7 } else { 1 };
        // Always a real date: the first of January or July of a year jiff holds.
        Date::new(self.year, month, 1).unwrap_or(Date::MIN)
    }
}

/// One entry: the ECB rate in force on the first day of the half-year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub half: HalfYear,
    pub ecb: Rate,
}

/// The shipped table, oldest first. Sources:
/// - H2 2025: 2.15 %, the main refinancing operations rate in force on 1 July 2025 (ECB decision
///   of 5 June 2025, applying from 11 June 2025); see design/legal-facts.md (L441-10 II).
pub const TABLE: &[Entry] = &[Entry {
    half: HalfYear {
        year: 2025,
        second: true,
    },
    ecb: Rate(21_500),
}];

/// The date the shipped table was last updated (shown in the letter's documentation and
/// `draft --list`).
pub const TABLE_DATE: &str = "2025-07-01";

/// The table's entry for the half-year `due` falls in, if it has one.
pub fn lookup(table: &[Entry], due: Date) -> Option<Entry> {
    let half = HalfYear::of(due);
    table.iter().copied().find(|e| e.half == half)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn half_years() {
        assert_eq!(
            HalfYear::of(date(2025, 6, 30)),
            HalfYear {
                year: 2025,
                second: false
            }
        );
        assert_eq!(HalfYear::of(date(2025, 7, 1)).start(), date(2025, 7, 1));
        assert_eq!(HalfYear::of(date(2024, 2, 29)).start(), date(2024, 1, 1));
    }

    #[test]
    fn lookup_by_the_half_year_of_the_due_date() {
        let found = lookup(TABLE, date(2025, 7, 1)).map(|e| e.ecb.plus_points(10));
        assert_eq!(found, Some(Rate(121_500)));
        assert_eq!(
            lookup(TABLE, date(2025, 12, 31)).map(|e| e.ecb),
            Some(Rate(21_500))
        );
        assert_eq!(lookup(TABLE, date(2025, 6, 30)), None);
        assert_eq!(lookup(TABLE, date(2026, 1, 1)), None);
        let two = [
            Entry {
                half: HalfYear {
                    year: 2024,
                    second: false,
                },
                ecb: Rate(45_000),
            },
            TABLE[0],
        ];
        assert_eq!(
            lookup(&two, date(2024, 2, 29)).map(|e| e.ecb),
            Some(Rate(45_000))
        );
        assert_eq!(
            lookup(&two, date(2025, 9, 1)).map(|e| e.ecb),
            Some(Rate(21_500))
        );
    }
}
