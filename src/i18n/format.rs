//! How numbers, amounts and dates read in each interface language: `1 800 €` and `5 mars 2026`
//! in French, `€1,800` and `March 5, 2026` in English. Pure functions of a value and a `Lang`,
//! used by the site (prose: cards, facts, figures; ISO dates stay in tables where sorting
//! matters), the linter's messages, the deadlines and the letters: one writing of each.

use super::Lang;
use jiff::civil::Date;

/// U+202F NARROW NO-BREAK SPACE: the French thousands separator.
pub const THIN: char = '\u{202F}';
/// U+00A0 NO-BREAK SPACE: before `€`, `:`, `;`, `?`, `!` in French.
pub const NBSP: char = '\u{A0}';

/// `digits` (ASCII digits only) grouped by three from the right with `sep`.
pub fn group(digits: &str, sep: char) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * sep.len_utf8());
    group_into(&mut out, digits, sep);
    out
}

/// `group`, written at the end of `out`.
fn group_into(out: &mut String, digits: &str, sep: char) {
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
}

/// A count or other whole number: `12 345` (French, U+202F), `12,345` (English). Never for a
/// year.
pub fn integer(n: u64, lang: Lang) -> String {
    group(&n.to_string(), lang.pick(THIN, ','))
}

/// An amount in euros as the front matter gives it (a number): whole amounts without decimals,
/// others with two; French `1 800 €`, `12 345,50 €` (U+202F between thousands, U+00A0 before
/// `€`), English `€1,800`, `€12,345.50`. A negative amount starts with `−` (U+2212).
pub fn amount(value: f64, lang: Lang) -> String {
    euros(value, lang, false)
}

/// An amount always with its cents (letters, the to-do list): `1 800,00 €`, `€1,800.00`.
pub fn amount_cents(value: f64, lang: Lang) -> String {
    euros(value, lang, true)
}

/// `amount`, with its cents even when there are none when `always_cents`.
fn euros(value: f64, lang: Lang, always_cents: bool) -> String {
    let Some((negative, whole, cents)) = to_cents(value) else {
        return String::new();
    };
    let (thousands, decimal) = lang.pick((THIN, ','), (',', '.'));
    let mut out = String::with_capacity(whole.len() * 2 + 12);
    if negative {
        out.push('\u{2212}');
    }
    if lang == Lang::En {
        out.push('€');
    }
    group_into(&mut out, &whole, thousands);
    if cents != 0 || always_cents {
        out.push(decimal);
        out.push(char::from(b'0' + cents / 10));
        out.push(char::from(b'0' + cents % 10));
    }
    if lang == Lang::Fr {
        out.push(NBSP);
        out.push('€');
    }
    out
}

/// A finite amount rounded to the cent as `{:.2}` writes it exactly (however large: no integer
/// overflow): whether it is below zero once rounded, the digits of its whole part, its cents.
/// `None` for NaN and the infinities.
fn to_cents(value: f64) -> Option<(bool, String, u8)> {
    if !value.is_finite() {
        return None;
    }
    let (whole, cents) = match whole_cents(value.abs()) {
        Some(n) => ((n / 100).to_string(), (n % 100) as u8),
        None => {
            let fixed = format!("{:.2}", value.abs());
            let (whole, cents) = fixed.split_once('.').unwrap_or((&fixed, "00"));
            (whole.to_owned(), cents.parse().unwrap_or(0))
        }
    };
    let negative = value < 0.0 && (cents != 0 || whole.bytes().any(|b| b != b'0'));
    Some((negative, whole, cents))
}

/// `abs` (finite, not negative) in cents, rounded as `{:.2}` rounds, without formatting it,
/// when that is sure: `abs × 100` is below 2⁵¹ (the product is then off by at most ⅛) and within
/// ¼ of a whole number (so the exact product is within ⅜ of it, never near a half). `None`
/// otherwise: the caller formats.
fn whole_cents(abs: f64) -> Option<u64> {
    let product = abs * 100.0;
    let nearest = product.round();
    let sure = product < (1u64 << 51) as f64 && (product - nearest).abs() < 0.25;
    // (A float below 2⁵¹ converts to `u64` exactly.)
    sure.then_some(nearest as u64)
}

const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A date in prose: `5 mars 2026`, `1er mars 2026` (French), `March 5, 2026` (English).
pub fn date(d: Date, lang: Lang) -> String {
    let month = usize::try_from(d.month() - 1).unwrap_or(0).min(11);
    match lang {
        Lang::Fr if d.day() == 1 => format!("1er {} {}", MONTHS_FR[month], d.year()),
        Lang::Fr => format!("{} {} {}", d.day(), MONTHS_FR[month], d.year()),
        Lang::En => format!("{} {}, {}", MONTHS_EN[month], d.day(), d.year()),
    }
}

/// A date in a letter: `5 mars 2026`, `1er mars 2026` (French), `5 March 2026` (English
/// business letters).
pub fn letter_date(d: Date, lang: Lang) -> String {
    let month = usize::try_from(d.month() - 1).unwrap_or(0).min(11);
    match lang {
        Lang::Fr => date(d, lang),
        Lang::En => format!("{} {} {}", d.day(), MONTHS_EN[month], d.year()),
    }
}

/// The dates of a mission in prose, `start → end` (either may be missing; empty when both are).
pub fn period(start: Option<Date>, end: Option<Date>, lang: Lang) -> String {
    match (start, end) {
        (Some(s), Some(e)) => format!("{} → {}", date(s, lang), date(e, lang)),
        (Some(s), None) => format!("{} →", date(s, lang)),
        (None, Some(e)) => format!("→ {}", date(e, lang)),
        (None, None) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date as d;

    #[test]
    fn french_amounts_use_a_narrow_no_break_space_and_a_comma() {
        assert_eq!(amount(1800.0, Lang::Fr), "1\u{202F}800\u{A0}€");
        assert_eq!(amount(12345.5, Lang::Fr), "12\u{202F}345,50\u{A0}€");
        assert_eq!(amount(98765.43, Lang::Fr), "98\u{202F}765,43\u{A0}€");
        assert_eq!(amount(950.0, Lang::Fr), "950\u{A0}€");
        assert_eq!(amount(0.5, Lang::Fr), "0,50\u{A0}€");
        assert_eq!(
            amount(1_234_567.0, Lang::Fr),
            "1\u{202F}234\u{202F}567\u{A0}€"
        );
        assert_eq!(amount(-1800.0, Lang::Fr), "\u{2212}1\u{202F}800\u{A0}€");
        // Rounded to the cent: a whole number of cents after rounding has no decimals.
        assert_eq!(amount(1799.999, Lang::Fr), "1\u{202F}800\u{A0}€");
        assert_eq!(amount(-0.001, Lang::Fr), "0\u{A0}€");
    }

    #[test]
    fn amounts_with_cents_always_show_them() {
        assert_eq!(amount_cents(1800.0, Lang::Fr), "1\u{202f}800,00\u{a0}€");
        assert_eq!(
            amount_cents(1234567.5, Lang::Fr),
            "1\u{202f}234\u{202f}567,50\u{a0}€"
        );
        assert_eq!(amount_cents(999.999, Lang::Fr), "1\u{202f}000,00\u{a0}€");
        assert_eq!(amount_cents(12.0, Lang::En), "€12.00");
        assert_eq!(amount_cents(-1800.25, Lang::En), "\u{2212}€1,800.25");
        assert_eq!(amount_cents(0.0, Lang::Fr), "0,00\u{a0}€");
    }

    #[test]
    fn usual_amounts_are_rounded_without_formatting() {
        assert_eq!(whole_cents(6941.05), Some(694_105));
        assert_eq!(whole_cents(1799.999), Some(180_000));
        assert_eq!(whole_cents(0.0), Some(0));
        // Near a half cent, or too large for the product to be sure: formatted instead.
        assert_eq!(whole_cents(1.005), None);
        assert_eq!(whole_cents(1e20), None);
    }

    proptest::proptest! {
        /// The cents computed without formatting are those `{:.2}` writes, near halves too.
        #[test]
        fn cents_are_those_of_the_exact_formatting(
            whole in 0u64..10_000_000_000,
            cents in 0u64..100,
            nudge in -3i64..=3,
            half in proptest::bool::ANY,
        ) {
            let value = whole as f64 + cents as f64 / 100.0 + if half { 0.005 } else { 0.0 };
            let value = f64::from_bits((value.to_bits() as i64 + nudge) as u64);
            let fixed = format!("{value:.2}");
            let expected: u64 = fixed.replace('.', "").parse().unwrap();
            if let Some(n) = whole_cents(value) {
                proptest::prop_assert_eq!(n, expected, "{} ({})", value, fixed);
            }
            let (_, w, c) = to_cents(value).unwrap();
            proptest::prop_assert_eq!(format!("{w}.{c:02}"), fixed);
        }
    }

    #[test]
    fn letters_write_the_day_first_in_english() {
        assert_eq!(letter_date(d(2026, 3, 5), Lang::En), "5 March 2026");
        assert_eq!(letter_date(d(2025, 7, 1), Lang::Fr), "1er juillet 2025");
    }

    #[test]
    fn english_amounts_put_the_euro_sign_first() {
        assert_eq!(amount(1800.0, Lang::En), "€1,800");
        assert_eq!(amount(12345.5, Lang::En), "€12,345.50");
        assert_eq!(amount(950.0, Lang::En), "€950");
        assert_eq!(amount(-1800.0, Lang::En), "\u{2212}€1,800");
    }

    #[test]
    fn huge_and_impossible_amounts_do_not_panic() {
        let big = amount(1e20, Lang::Fr);
        assert!(big.starts_with("100\u{202F}000\u{202F}000"), "{big}");
        assert_eq!(amount(f64::NAN, Lang::En), "");
        assert!(amount(f64::MAX, Lang::En).starts_with("€179,769"));
    }

    #[test]
    fn integers_are_grouped_by_thousands() {
        assert_eq!(integer(7, Lang::Fr), "7");
        assert_eq!(integer(1800, Lang::Fr), "1\u{202F}800");
        assert_eq!(integer(123_456, Lang::Fr), "123\u{202F}456");
        assert_eq!(integer(1_000_000, Lang::En), "1,000,000");
        assert_eq!(integer(999, Lang::En), "999");
    }

    #[test]
    fn dates_read_as_prose() {
        assert_eq!(date(d(2026, 3, 5), Lang::Fr), "5 mars 2026");
        assert_eq!(date(d(2026, 3, 1), Lang::Fr), "1er mars 2026");
        assert_eq!(date(d(2025, 8, 19), Lang::Fr), "19 août 2025");
        assert_eq!(date(d(2025, 2, 28), Lang::Fr), "28 février 2025");
        assert_eq!(date(d(2026, 3, 5), Lang::En), "March 5, 2026");
        assert_eq!(date(d(2026, 12, 1), Lang::En), "December 1, 2026");
    }

    #[test]
    fn periods_join_the_dates_they_have() {
        let (s, e) = (Some(d(2026, 3, 1)), Some(d(2026, 6, 30)));
        assert_eq!(period(s, e, Lang::Fr), "1er mars 2026 → 30 juin 2026");
        assert_eq!(period(s, None, Lang::En), "March 1, 2026 →");
        assert_eq!(period(None, e, Lang::En), "→ June 30, 2026");
        assert_eq!(period(None, None, Lang::Fr), "");
    }
}
