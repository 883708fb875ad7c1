//! Publishing rules: a case study needs consent and an alias, and text that a public build would
//! show must not name the client nor carry an e-mail address or a phone number.
//!
//! What text is public is not decided here: the leak rules read exactly the parts the public
//! build publishes, from the `audience` module (names matched like the build matches them: case,
//! accents, entities, invisible characters, across inline markup, in URLs and attributes).

use super::{Ctx, Reporter};
use crate::journal::{Front, Mission, Publish};
use crate::tr;
use std::ops::Range;

pub(super) fn case_study_consent(ctx: &Ctx, _: &Mission, f: &Front, out: &mut Reporter) {
    if f.publish() != Publish::CaseStudy || f.case_study_consent.is_some() {
        return;
    }
    let lang = ctx.lang;
    let message = tr!(
        lang,
        "étude de cas sans accord du client (`case_study.consent`)",
        "case study without the client's consent (`case_study.consent`)"
    );
    let help = tr!(
        lang,
        "demandez par écrit au client son accord pour publier, puis notez la date dans `case_study.consent` ; d'ici là la version publique n'affiche pas cette mission",
        "ask the client in writing for permission to publish, then record the date in `case_study.consent`; until then the public build leaves this mission out"
    );
    let pos = f.publish_pos.unwrap_or_default();
    out.report(pos, message).help(help);
}

pub(super) fn case_study_alias(ctx: &Ctx, _: &Mission, f: &Front, out: &mut Reporter) {
    if f.publish() != Publish::CaseStudy || f.client_alias.is_some() {
        return;
    }
    let lang = ctx.lang;
    let message = tr!(
        lang,
        "étude de cas sans `client_alias` pour nommer le client en public",
        "case study without a `client_alias` to name the client in public"
    );
    let help = tr!(
        lang,
        "ajoutez par exemple `client_alias: \"un e-commerçant lyonnais\"`",
        "add for example `client_alias: \"a Lyon-based online shop\"`"
    );
    let pos = f.publish_pos.unwrap_or_default();
    out.report(pos, message).help(help);
}

pub(super) fn client_name_leak(ctx: &Ctx, m: &Mission, f: &Front, out: &mut Reporter) {
    let publish = f.publish();
    let Some(client) = &f.client else { return };
    if publish == Publish::Private {
        return;
    }
    let name = client.value.as_str();
    let lang = ctx.lang;
    let message = || {
        if f.client_names.is_empty() {
            tr!(
                lang,
                "le nom réel du client « {name} » apparaît dans un texte publié",
                "the client's real name \"{name}\" appears in published text"
            )
        } else {
            tr!(
                lang,
                "un nom du client (« {name} » ou l'un de `client_names`) apparaît dans un texte publié",
                "a name of the client (\"{name}\" or one of `client_names`) appears in published text"
            )
        }
    };
    let help = || match &f.client_alias {
        Some(alias) => tr!(
            lang,
            "remplacez-le par l'alias « {} » ou une formule neutre",
            "replace it with the alias \"{}\" or a neutral phrase",
            alias.value
        ),
        None => tr!(
            lang,
            "remplacez-le par une formule neutre (« le client ») ou définissez `client_alias`",
            "replace it with a neutral phrase (\"the client\") or set `client_alias`"
        ),
    };
    let names = crate::audience::names_of(f);
    if publish == Publish::CaseStudy
        && let Some(title) = &f.title
    {
        for _ in names.find(&title.value) {
            out.report(title.pos, message()).help(help());
        }
    }
    // Tags are published (as pages in a case study, as filters on the lessons page).
    for (i, tag) in f.tags.iter().enumerate().filter(|(_, t)| names.contains(t)) {
        let pos = f
            .tag_positions
            .get(i)
            .copied()
            .unwrap_or_else(|| f.publish_pos.unwrap_or_default());
        let message = tr!(
            lang,
            "l'étiquette « {tag} » nomme le client : elle serait publiée",
            "the tag \"{tag}\" names the client: it would be published"
        );
        let help = tr!(
            lang,
            "retirez-la, ou gardez la mission privée ; en public elle devient l'alias",
            "remove it, or keep the mission private; in public it becomes the alias"
        );
        out.report(pos, message).help(help);
    }
    for &offset in &out.published(m, f).names {
        if out.accepts() {
            out.report(m.pos(offset), message()).help(help());
        } else {
            out.skip(|| m.pos(offset));
        }
    }
}

pub(super) fn personal_data_leak(ctx: &Ctx, m: &Mission, f: &Front, out: &mut Reporter) {
    let publish = f.publish();
    if publish == Publish::Private {
        return;
    }
    let lang = ctx.lang;
    let published = out.published(m, f);
    let mut report = |pos, found: &str, is_email: bool| {
        let message = if is_email {
            tr!(
                lang,
                "adresse e-mail « {found} » dans un texte publié",
                "e-mail address \"{found}\" in published text"
            )
        } else {
            tr!(
                lang,
                "numéro de téléphone « {found} » dans un texte publié",
                "phone number \"{found}\" in published text"
            )
        };
        let help = tr!(
            lang,
            "retirez-le ou remplacez-le par une mention neutre ; gardez-le dans une section privée si vous en avez besoin",
            "remove it or replace it with a neutral mention; keep it in a private section if you need it"
        );
        out.report(pos, message).help(help);
    };
    // A case study's title is public too (it points at the `title` key, like client-name-leak).
    if publish == Publish::CaseStudy
        && let Some(title) = &f.title
    {
        for (found, is_email) in personal_data(&title.value) {
            report(title.pos, &title.value[found], is_email);
        }
    }
    for range in published.ranges.iter().cloned() {
        let text = &m.source[range.clone()];
        for (found, is_email) in personal_data(text) {
            report(m.pos(range.start + found.start), &text[found], is_email);
        }
    }
}

/// The e-mail addresses (`true`) and phone numbers (`false`) of `text`, in order.
fn personal_data(text: &str) -> Vec<(Range<usize>, bool)> {
    let mut hits: Vec<(Range<usize>, bool)> = emails(text)
        .into_iter()
        .map(|r| (r, true))
        .chain(phones(text).into_iter().map(|r| (r, false)))
        .collect();
    hits.sort_by_key(|h| h.0.start);
    hits
}

/// E-mail addresses: `local@domain.tld`.
pub fn emails(text: &str) -> Vec<Range<usize>> {
    let b = text.as_bytes();
    let local = |c: u8| c.is_ascii_alphanumeric() || b"._%+-".contains(&c);
    let domain = |c: u8| c.is_ascii_alphanumeric() || c == b'.' || c == b'-';
    let mut out = Vec::new();
    let mut from = 0;
    for (at, _) in text.match_indices('@') {
        if at < from {
            continue;
        }
        let mut start = at;
        while start > from && local(b[start - 1]) {
            start -= 1;
        }
        let mut end = at + 1;
        while end < b.len() && domain(b[end]) {
            end += 1;
        }
        while end > at + 1 && matches!(b[end - 1], b'.' | b'-') {
            end -= 1;
        }
        let dom = &text[at + 1..end];
        let tld_ok = dom.rsplit_once('.').is_some_and(|(host, tld)| {
            !host.is_empty() && tld.len() >= 2 && tld.bytes().all(|c| c.is_ascii_alphabetic())
        });
        if start < at && tld_ok && !dom.starts_with('.') {
            out.push(start..end);
            from = end;
        }
    }
    out
}

/// Phone numbers: French `0X XX XX XX XX` (spaces, dots, dashes or nothing between pairs) and
/// `+` followed by 8 to 15 digits (spaces allowed between groups).
pub fn phones(text: &str) -> Vec<Range<usize>> {
    let b = text.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let boundary = i == 0 || !(b[i - 1].is_ascii_alphanumeric());
        if boundary && b[i] == b'+' && digit(i + 1) {
            let mut end = i + 1;
            let mut digits = 0;
            loop {
                while digit(end) {
                    end += 1;
                    digits += 1;
                }
                if b.get(end) == Some(&b' ') && digit(end + 1) {
                    end += 1;
                } else {
                    break;
                }
            }
            if (8..=15).contains(&digits) {
                out.push(i..end);
                i = end;
                continue;
            }
        } else if boundary
            && b[i] == b'0'
            && b.get(i + 1).is_some_and(|c| (b'1'..=b'9').contains(c))
        {
            let mut end = i + 2;
            let mut pairs = 0;
            while pairs < 4 {
                let sep = matches!(b.get(end), Some(b' ' | b'.' | b'-'));
                let at = if sep { end + 1 } else { end };
                if digit(at) && digit(at + 1) {
                    end = at + 2;
                    pairs += 1;
                } else {
                    break;
                }
            }
            if pairs == 4 && !digit(end) {
                out.push(i..end);
                i = end;
                continue;
            }
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_found() {
        let t = "écrire à jean.dupont+x@exemple.fr. ou a@b ou @x.fr";
        let found: Vec<_> = emails(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(found, vec!["jean.dupont+x@exemple.fr"]);
    }

    #[test]
    fn phones_follow_the_catalog() {
        let t = "tél 06 12 34 56 78, 06.12.34.56.78, 06-12-34-56-78, 0612345678, +33 6 12 34 56 78, +442071838750, +1 200 abonnés, 2025-06-12, 061234567";
        let found: Vec<_> = phones(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(
            found,
            vec![
                "06 12 34 56 78",
                "06.12.34.56.78",
                "06-12-34-56-78",
                "0612345678",
                "+33 6 12 34 56 78",
                "+442071838750"
            ]
        );
    }

    #[test]
    fn subtracting_ranges() {
        assert_eq!(
            crate::text::subtract(0..10, &[2..4, 6..8]),
            vec![0..2, 4..6, 8..10]
        );
        let whole = [0..10];
        assert!(crate::text::subtract(0..10, &whole).is_empty());
    }
}
