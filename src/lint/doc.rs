//! Rule documentation: each rule's `diagnostic/docs/<id>.md` holds a French part after
//! `<!-- fr -->` and an English part after `<!-- en -->`; each starts with `# <one-line summary>`.

use crate::i18n::Lang;

/// The part of `doc` in `lang`, without the marker.
pub fn part(doc: &str, lang: Lang) -> &str {
    let marker = lang.pick("<!-- fr -->", "<!-- en -->");
    let Some(start) = doc.find(marker) else {
        return doc.trim();
    };
    let rest = &doc[start + marker.len()..];
    let other = lang.pick("<!-- en -->", "<!-- fr -->");
    let end = rest.find(other).unwrap_or(rest.len());
    rest[..end].trim()
}

/// The one-line summary of `doc` in `lang`.
pub fn summary(doc: &str, lang: Lang) -> &str {
    part(doc, lang)
        .lines()
        .next()
        .map_or("", |l| l.trim_start_matches('#').trim())
}

/// The body of the documentation in `lang`, after the summary line.
pub fn body(doc: &str, lang: Lang) -> &str {
    let p = part(doc, lang);
    p.split_once('\n').map_or("", |(_, rest)| rest.trim())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::RULES;
    use crate::diagnostic::catalog::CUSTOM_ELEMENT_DOC;

    #[test]
    fn every_rule_has_both_languages_and_four_sections() {
        for rule in RULES
            .iter()
            .map(|r| (r.id, r.doc))
            .chain([("custom", CUSTOM_ELEMENT_DOC)])
        {
            let (id, doc) = rule;
            for lang in [Lang::Fr, Lang::En] {
                let s = summary(doc, lang);
                assert!(!s.is_empty() && s.len() < 120, "{id} {lang}: {s:?}");
                let sections = body(doc, lang)
                    .lines()
                    .filter(|l| l.starts_with("## "))
                    .count();
                assert_eq!(sections, 4, "{id} {lang}");
            }
            assert_ne!(summary(doc, Lang::Fr), summary(doc, Lang::En), "{id}");
        }
    }
}
