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
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
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
    if !value.is_finite() {
        return String::new();
    }
    // `{:.2}` writes any finite f64 exactly rounded, however large: no integer overflow.
    let fixed = format!("{:.2}", value.abs());
    let (whole, cents) = fixed.split_once('.').unwrap_or((&fixed, "00"));
    let negative = value < 0.0 && fixed.bytes().any(|b| b.is_ascii_digit() && b != b'0');
    let sign = if negative { "\u{2212}" } else { "" };
    let number = match (lang, cents) {
        (Lang::Fr, "00") => group(whole, THIN),
        (Lang::Fr, _) => format!("{},{cents}", group(whole, THIN)),
        (Lang::En, "00") => group(whole, ','),
        (Lang::En, _) => format!("{}.{cents}", group(whole, ',')),
    };
    match lang {
        Lang::Fr => format!("{sign}{number}{NBSP}€"),
        Lang::En => format!("{sign}€{number}"),
    }
}

/// An amount always with its cents (letters, the to-do list): `1 800,00 €`, `€1,800.00`.
pub fn amount_cents(value: f64, lang: Lang) -> String {
    if !value.is_finite() {
        return String::new();
    }
    let fixed = format!("{:.2}", value.abs());
    let (whole, cents) = fixed.split_once('.').unwrap_or((&fixed, "00"));
    let negative = value < 0.0 && fixed.bytes().any(|b| b.is_ascii_digit() && b != b'0');
    let sign = if negative { "\u{2212}" } else { "" };
    match lang {
        Lang::Fr => format!("{sign}{},{cents}{NBSP}€", group(whole, THIN)),
        Lang::En => format!("{sign}€{}.{cents}", group(whole, ',')),
    }
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
