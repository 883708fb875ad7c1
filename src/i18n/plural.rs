//! Counting and numbers as each language writes them: the plural of a counted noun (French uses
//! the singular for 0 and 1), integers with their thousands separator and decimals with their
//! decimal mark (`1 234`, `0,11` in French; `1,234`, `0.11` in English).

use super::Lang;

/// True when `n` takes the singular in `lang`: 0 and 1 in French, only 1 in English.
pub fn is_singular(n: i64, lang: Lang) -> bool {
    match lang {
        Lang::Fr => n.abs() <= 1,
        Lang::En => n.abs() == 1,
    }
}

/// `n` with its noun, singular or plural by each language's rule (`0 erreur`, `0 errors`).
pub fn count(n: i64, lang: Lang, fr: (&str, &str), en: (&str, &str)) -> String {
    let (one, many) = lang.pick(fr, en);
    let noun = if is_singular(n, lang) { one } else { many };
    format!("{} {noun}", integer(n, lang))
}

/// `count` for a `usize` (lengths of lists), saturating at `i64::MAX`.
pub fn count_of(n: usize, lang: Lang, fr: (&str, &str), en: (&str, &str)) -> String {
    count(i64::try_from(n).unwrap_or(i64::MAX), lang, fr, en)
}

/// A number of days: `1 jour`, `12 days`.
pub fn days(n: i64, lang: Lang) -> String {
    count(n, lang, ("jour", "jours"), ("day", "days"))
}

/// An integer with groups of three digits: `12 345` (narrow no-break space) in French, `12,345`
/// in English. Four-digit numbers are grouped too (`1 800`), as amounts are.
pub fn integer(n: i64, lang: Lang) -> String {
    let digits = super::format::group(&n.unsigned_abs().to_string(), lang.pick('\u{202f}', ','));
    if n < 0 { format!("-{digits}") } else { digits }
}

/// `x` with `places` decimals and the language's decimal mark: `0,11` in French, `0.11` in
/// English. The integer part is grouped as by `integer`.
pub fn decimal(x: f64, places: usize, lang: Lang) -> String {
    let fixed = format!("{:.*}", places, x.abs());
    let (whole, frac) = fixed.split_once('.').unwrap_or((&fixed, ""));
    let whole: i64 = whole.parse().unwrap_or(i64::MAX);
    let sign = if x < 0.0 && fixed.chars().any(|c| c.is_ascii_digit() && c != '0') {
        "-"
    } else {
        ""
    };
    let mut out = format!("{sign}{}", integer(whole, lang));
    if !frac.is_empty() {
        out.push(lang.pick(',', '.'));
        out.push_str(frac);
    }
    out
}

/// A duration in seconds as the summaries print it: `0,11 s`, `1.50 s` (no-break space before
/// the unit).
pub fn seconds(secs: f64, lang: Lang) -> String {
    format!("{}\u{a0}s", decimal(secs, 2, lang))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_singular_for_zero_and_one_english_only_for_one() {
        let missions = |n| {
            count(
                n,
                Lang::Fr,
                ("mission", "missions"),
                ("mission", "missions"),
            )
        };
        assert_eq!(missions(0), "0 mission");
        assert_eq!(missions(1), "1 mission");
        assert_eq!(missions(2), "2 missions");
        assert_eq!(missions(-1), "-1 mission");
        let en = |n| count(n, Lang::En, ("jour", "jours"), ("day", "days"));
        assert_eq!(en(0), "0 days");
        assert_eq!(en(1), "1 day");
        assert_eq!(en(2), "2 days");
        assert_eq!(days(1, Lang::Fr), "1 jour");
        assert_eq!(days(0, Lang::Fr), "0 jour");
        assert_eq!(days(2, Lang::Fr), "2 jours");
        assert_eq!(
            count_of(1, Lang::Fr, ("page", "pages"), ("page", "pages")),
            "1 page"
        );
    }

    #[test]
    fn integers_are_grouped_by_three() {
        assert_eq!(integer(0, Lang::Fr), "0");
        assert_eq!(integer(999, Lang::Fr), "999");
        assert_eq!(integer(1800, Lang::Fr), "1\u{202f}800");
        assert_eq!(integer(1_234_567, Lang::Fr), "1\u{202f}234\u{202f}567");
        assert_eq!(integer(-12_345, Lang::En), "-12,345");
        assert_eq!(integer(i64::MIN, Lang::En), "-9,223,372,036,854,775,808");
        assert_eq!(
            count(2500, Lang::Fr, ("page", "pages"), ("", "")),
            "2\u{202f}500 pages"
        );
    }

    #[test]
    fn decimals_use_each_languages_mark() {
        assert_eq!(decimal(0.114, 2, Lang::Fr), "0,11");
        assert_eq!(decimal(0.114, 2, Lang::En), "0.11");
        assert_eq!(decimal(1234.5, 1, Lang::Fr), "1\u{202f}234,5");
        assert_eq!(decimal(-0.5, 2, Lang::Fr), "-0,50");
        assert_eq!(decimal(-0.001, 2, Lang::Fr), "0,00");
        assert_eq!(decimal(3.0, 0, Lang::En), "3");
        assert_eq!(seconds(0.114, Lang::Fr), "0,11\u{a0}s");
        assert_eq!(seconds(2.0, Lang::En), "2.00\u{a0}s");
    }
}
