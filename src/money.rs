//! Money for the letters: an exact amount in euro cents (`Cents`), an exact yearly rate
//! (`Rate`), both parsed from the text the user wrote (never from a binary float), the late
//! penalty of one invoice rounded half up to the cent, and the French and English ways of writing
//! them (`1 800,00 €`, `€1,800.00`; `12,15 %`, `12.15%`). The shipped ECB rates are in `ecb`.

pub mod ecb;

use crate::i18n::Lang;

/// Narrow no-break space: the French thousands separator.
const NNBSP: char = '\u{202F}';
/// No-break space: before `€` and `%` in French.
const NBSP: char = '\u{A0}';

/// An amount in euro cents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Cents(pub i64);

/// A yearly rate in ten-thousandths of a percent: 12.15 % is `Rate(121_500)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Rate(pub i64);

/// Why a number could not be read exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParseError {
    /// Not plain digits with an optional `.` and decimals (exponents, signs, words).
    NotDecimal,
    /// More decimals than the type holds (cents: 2; rates: 4).
    TooPrecise,
    /// Too large to compute with.
    TooLarge,
}

/// Parses non-negative plain decimal text (`1800`, `1800.5`, `12.15`) into an integer scaled by
/// 10^`places`, exactly. `_` separators (TOML) are ignored.
fn parse_scaled(text: &str, places: u32) -> Result<i64, ParseError> {
    let text: String = text.trim().chars().filter(|&c| c != '_').collect();
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() || !digits(int) || !digits(frac) {
        return Err(ParseError::NotDecimal);
    }
    let frac = frac.trim_end_matches('0');
    if frac.len() > places as usize {
        return Err(ParseError::TooPrecise);
    }
    let mut value: i64 = 0;
    for b in int.bytes().chain(frac.bytes()) {
        value = value
            .checked_mul(10)
            .and_then(|v| v.checked_add(i64::from(b - b'0')))
            .ok_or(ParseError::TooLarge)?;
    }
    let scale = 10_i64.pow(places - frac.len() as u32);
    let value = value.checked_mul(scale).ok_or(ParseError::TooLarge)?;
    // Leave room for the penalty arithmetic (amount × rate × days in i128 is always safe; sums of
    // amounts in i64 are safe below this bound).
    if value > 1_000_000_000_000_000 {
        return Err(ParseError::TooLarge);
    }
    Ok(value)
}

impl Cents {
    /// An amount as written in the journal (`1800`, `1800.5`, `1800.50`).
    pub fn parse(text: &str) -> Result<Cents, ParseError> {
        parse_scaled(text, 2).map(Cents)
    }

    /// The sum, saturating (amounts are bounded by `parse`, so it never saturates in practice).
    pub fn plus(self, other: Cents) -> Cents {
        Cents(self.0.saturating_add(other.0))
    }

    /// `1 800,00 €` (fr, narrow no-break space between thousands, no-break space before €) or
    /// `€1,800.00` (en).
    pub fn format(self, lang: Lang) -> String {
        let (units, cents) = (self.0 / 100, self.0 % 100);
        match lang {
            Lang::Fr => format!("{},{cents:02}{NBSP}€", group(units, NNBSP)),
            Lang::En => format!("€{}.{cents:02}", group(units, ',')),
        }
    }
}

impl Rate {
    /// A rate in % a year as written (`12.15`), up to 4 decimals.
    pub fn parse(text: &str) -> Result<Rate, ParseError> {
        parse_scaled(text, 4).map(Rate)
    }

    /// The rate plus `points` percentage points.
    pub fn plus_points(self, points: i64) -> Rate {
        Rate(self.0 + points * 10_000)
    }

    /// `12,15 %` (fr, no-break space) or `12.15%` (en): at least two decimals, more only when
    /// the rate has them.
    pub fn format(self, lang: Lang) -> String {
        let (int, frac) = (self.0 / 10_000, self.0 % 10_000);
        let mut decimals = format!("{frac:04}");
        while decimals.len() > 2 && decimals.ends_with('0') {
            decimals.pop();
        }
        match lang {
            Lang::Fr => format!("{int},{decimals}{NBSP}%"),
            Lang::En => format!("{int}.{decimals}%"),
        }
    }
}

/// Late penalty on `amount` at `rate` for `days` days: amount × rate × days / 365, rounded half up
/// to the cent. Zero for zero or negative days.
pub fn penalty(amount: Cents, rate: Rate, days: i64) -> Cents {
    if days <= 0 {
        return Cents(0);
    }
    // amount (cents) × rate (1e-4 %) × days / (365 × 100 % × 1e4)
    let numerator = i128::from(amount.0) * i128::from(rate.0) * i128::from(days);
    let denominator: i128 = 365 * 100 * 10_000;
    let rounded = (2 * numerator + denominator) / (2 * denominator);
    Cents(i64::try_from(rounded).unwrap_or(i64::MAX))
}

/// `1800` → `1 800` with `sep` between groups of three digits.
fn group(n: i64, sep: char) -> String {
    crate::i18n::format::group(&n.to_string(), sep)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_amounts_exactly() {
        assert_eq!(Cents::parse("1800"), Ok(Cents(180_000)));
        assert_eq!(Cents::parse("1800.5"), Ok(Cents(180_050)));
        assert_eq!(Cents::parse("1800.50"), Ok(Cents(180_050)));
        assert_eq!(Cents::parse("0.1"), Ok(Cents(10)));
        assert_eq!(Cents::parse("1_000.07"), Ok(Cents(100_007)));
        assert_eq!(Cents::parse("1800.505"), Err(ParseError::TooPrecise));
        assert_eq!(Cents::parse("1.8e3"), Err(ParseError::NotDecimal));
        assert_eq!(Cents::parse("-5"), Err(ParseError::NotDecimal));
        assert_eq!(Cents::parse(".5"), Err(ParseError::NotDecimal));
        assert_eq!(
            Cents::parse("99999999999999999999"),
            Err(ParseError::TooLarge)
        );
    }

    #[test]
    fn formats_amounts_in_both_languages() {
        assert_eq!(Cents(180_000).format(Lang::Fr), "1\u{202F}800,00\u{A0}€");
        assert_eq!(Cents(180_000).format(Lang::En), "€1,800.00");
        assert_eq!(
            Cents(123_456_789).format(Lang::Fr),
            "1\u{202F}234\u{202F}567,89\u{A0}€"
        );
        assert_eq!(Cents(123_456_789).format(Lang::En), "€1,234,567.89");
        assert_eq!(Cents(5).format(Lang::En), "€0.05");
        assert_eq!(Cents(99_900).format(Lang::Fr), "999,00\u{A0}€");
    }

    #[test]
    fn rates() {
        assert_eq!(Rate::parse("12.15"), Ok(Rate(121_500)));
        assert_eq!(
            Rate::parse("2.15").map(|r| r.plus_points(10)),
            Ok(Rate(121_500))
        );
        assert_eq!(Rate(121_500).format(Lang::Fr), "12,15\u{A0}%");
        assert_eq!(Rate(121_500).format(Lang::En), "12.15%");
        assert_eq!(Rate(100_000).format(Lang::En), "10.00%");
        assert_eq!(Rate(26_250).format(Lang::En), "2.625%");
        assert_eq!(Rate::parse("1.00001"), Err(ParseError::TooPrecise));
    }

    #[test]
    fn penalty_rounds_half_up_per_invoice() {
        // 1 800 € × 12.15 % × 36 / 365 = 21.5704… → 21.57
        assert_eq!(penalty(Cents(180_000), Rate(121_500), 36), Cents(2157));
        // 1 000 € × 7.3 % × 1 / 365 = 0.20 exactly
        assert_eq!(penalty(Cents(100_000), Rate(73_000), 1), Cents(20));
        // 25 € × 7.3 % × 1 / 365 = 0.005 → half up to 0.01
        assert_eq!(penalty(Cents(2_500), Rate(73_000), 1), Cents(1));
        assert_eq!(penalty(Cents(180_000), Rate(121_500), 0), Cents(0));
        assert_eq!(penalty(Cents(180_000), Rate(121_500), -3), Cents(0));
    }
}
