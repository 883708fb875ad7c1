//! The interface strings of the site, in French and English, given to templates as `t`, and the
//! human labels of every front-matter value the site shows (status, who ended, how notice was
//! given, publication, end reason). French strings follow French typography: a no-break space
//! (U+00A0) before `: ; ? !` and inside « », and the curly apostrophe `’`.

use crate::i18n::Lang;
use crate::journal::schema::{Channel, EndedBy, Publish, Status};
use std::collections::BTreeMap;

const STRINGS: &[(&str, &str, &str)] = &[
    ("home", "Accueil", "Home"),
    ("missions", "Missions", "Missions"),
    ("lessons", "Leçons", "Lessons"),
    ("case_studies", "Études de cas", "Case studies"),
    ("tags", "Étiquettes", "Tags"),
    ("tag_prefix", "Étiquette\u{a0}: ", "Tag: "),
    ("checklist", "À faire", "To do"),
    ("next_deadlines", "Prochaines échéances", "Next deadlines"),
    ("due_label", "Échéance\u{a0}:", "Due:"),
    (
        "deadlines_calendar",
        "Le calendrier des échéances (deadlines.ics), pour s’y abonner",
        "The calendar of deadlines (deadlines.ics), to subscribe to",
    ),
    ("search", "Rechercher", "Search"),
    (
        "search_placeholder",
        "Chercher une mission, un mot…",
        "Search a mission, a word…",
    ),
    ("search_none", "Aucun résultat", "No results"),
    (
        "private_banner",
        "Vue privée\u{a0}: ne pas publier. Contient les noms des clients, les montants et les accès.",
        "Private view: do not publish. It shows client names, amounts and access.",
    ),
    ("draft", "Brouillon", "Draft"),
    ("contents", "Sommaire", "Contents"),
    ("facts", "Faits", "Facts"),
    ("client", "Client", "Client"),
    ("period", "Période", "Period"),
    ("start", "Début", "Start"),
    ("end", "Fin", "End"),
    ("year", "Année", "Year"),
    ("status", "Statut", "Status"),
    ("publication", "Publication", "Publication"),
    ("ended_by", "Fin de la mission", "How it ended"),
    ("end_reason", "Raison de la fin", "Reason for ending"),
    ("invoices", "Factures", "Invoices"),
    ("number", "Numéro", "Number"),
    ("amount", "Montant", "Amount"),
    ("issued", "Émise", "Issued"),
    ("due", "Échéance", "Due"),
    ("paid", "Payée", "Paid"),
    ("unpaid", "Impayée", "Unpaid"),
    ("rar", "Recommandé", "Registered letter"),
    (
        "end_checklist",
        "Fin de mission\u{a0}: points ouverts",
        "End of mission: open items",
    ),
    (
        "all_clear",
        "Rien d’ouvert\u{a0}: fin de mission complète.",
        "Nothing open: the ending is complete.",
    ),
    ("open_items", "Points ouverts", "Open items"),
    (
        "open_items_by_rule",
        "Points ouverts par règle",
        "Open items by rule",
    ),
    (
        "missions_per_year",
        "Missions par année",
        "Missions per year",
    ),
    ("end_reasons", "Raisons de fin", "Reasons for ending"),
    ("recent", "Missions récentes", "Recent missions"),
    ("all_missions", "Toutes les missions", "All missions"),
    ("mission", "Mission", "Mission"),
    (
        "missions_public_intro",
        "Les missions publiées comme études de cas.",
        "The missions published as case studies.",
    ),
    ("all_tags", "Toutes", "All"),
    ("filter_by_tag", "Filtrer par étiquette", "Filter by tag"),
    (
        "filter_missions",
        "Filtrer les missions",
        "Filter the missions",
    ),
    ("all_statuses", "Tous", "All"),
    ("all_years", "Toutes", "All"),
    (
        "shown_one",
        "{n} mission affichée sur {total}",
        "{n} mission shown of {total}",
    ),
    (
        "shown_many",
        "{n} missions affichées sur {total}",
        "{n} missions shown of {total}",
    ),
    (
        "no_match",
        "Aucune mission ne correspond à ces filtres.",
        "No mission matches these filters.",
    ),
    ("see_mission", "Voir la mission", "See the mission"),
    ("not_found", "Page introuvable", "Page not found"),
    (
        "not_found_text",
        "Cette page n’existe pas, ou plus. Revenez à l’accueil ou cherchez une mission.",
        "This page does not exist, or no longer does. Go back home or search for a mission.",
    ),
    ("back_home", "Retour à l’accueil", "Back home"),
    ("error", "Erreur", "Error"),
    ("warning", "Avertissement", "Warning"),
    ("info", "Info", "Info"),
    ("line", "ligne", "line"),
    (
        "no_missions",
        "Aucune mission à afficher.",
        "No missions to show.",
    ),
    (
        "hint_title",
        "Rien n’est encore publié",
        "Nothing is published yet",
    ),
    (
        "hint_intro",
        "Ce site public ne montre que ce que vos journaux publient. Pour publier une mission, ajoutez une de ces lignes à l’en-tête (front matter) de son journal (entre les lignes `---`)\u{a0}:",
        "This public site shows only what your journals publish. To publish a mission, add one of these lines to its journal’s front matter (between the `---` lines):",
    ),
    (
        "hint_lessons",
        "publie seulement sa section «\u{a0}Leçons\u{a0}», sous l’alias du client ou un libellé neutre, sans dates exactes\u{a0};",
        "publishes only its “Lessons” section, under the client’s alias or a neutral label, without exact dates;",
    ),
    (
        "hint_case_study",
        "publie la mission entière comme étude de cas, si le journal a aussi `client_alias` (le nom qui remplace celui du client) et `case_study.consent` (la date de l’accord du client).",
        "publishes the whole mission as a case study, when the journal also has `client_alias` (the name shown instead of the client’s) and `case_study.consent` (the date the client agreed).",
    ),
    (
        "hint_then",
        "Puis relancez `debrief build`\u{a0}: ses avertissements disent ce qui manque à une mission pour être publiée.",
        "Then run `debrief build` again: its warnings say what a mission lacks to be published.",
    ),
    ("data_table", "Données du graphique", "Chart data"),
    ("skip", "Aller au contenu", "Skip to content"),
    ("generated_by", "Généré par debrief", "Generated by debrief"),
    (
        "facts_contract",
        "Clause de résiliation relue",
        "Termination clause re-read",
    ),
    ("facts_notice_days", "Préavis", "Notice"),
    ("facts_notice", "Préavis donné", "Notice given"),
    ("facts_notice_channel", "Moyen", "Channel"),
    (
        "facts_notice_written",
        "Confirmé par écrit",
        "Confirmed in writing",
    ),
    (
        "facts_feedback_requested",
        "Retour demandé",
        "Feedback requested",
    ),
    (
        "facts_feedback_received",
        "Retour reçu",
        "Feedback received",
    ),
    (
        "facts_reco_requested",
        "Recommandation demandée",
        "Recommendation requested",
    ),
    (
        "facts_reco_received",
        "Recommandation reçue",
        "Recommendation received",
    ),
    (
        "facts_consent",
        "Accord pour l’étude de cas",
        "Case study consent",
    ),
    (
        "facts_rgpd_notified",
        "Client prévenu (RGPD)",
        "Client notified (GDPR)",
    ),
    (
        "facts_rgpd_deleted",
        "Données supprimées (RGPD)",
        "Data deleted (GDPR)",
    ),
    ("source", "Fichier", "File"),
];

/// The key figures of the home page: key, French singular and plural, English singular and
/// plural.
type Figure = (
    &'static str,
    (&'static str, &'static str),
    (&'static str, &'static str),
);
const FIGURES: &[Figure] = &[
    ("missions", ("mission", "missions"), ("mission", "missions")),
    (
        "closed",
        ("terminée", "terminées"),
        ("completed", "completed"),
    ),
    (
        "case_studies",
        ("étude de cas", "études de cas"),
        ("case study", "case studies"),
    ),
    (
        "lessons",
        ("leçon", "leçons"),
        ("lesson learned", "lessons learned"),
    ),
    (
        "errors",
        ("erreur ouverte", "erreurs ouvertes"),
        ("open error", "open errors"),
    ),
    (
        "warnings",
        ("avertissement", "avertissements"),
        ("warning", "warnings"),
    ),
];

/// The label of key figure `key` of the home page next to the number `n`: singular or plural by
/// the language's rule (French: singular for 0 and 1; English: for 1 only).
pub fn figure_label(key: &str, n: usize, lang: Lang) -> &'static str {
    let Some((_, fr, en)) = FIGURES.iter().find(|(k, _, _)| *k == key) else {
        return "";
    };
    let (one, many) = lang.pick(*fr, *en);
    let singular = match lang {
        Lang::Fr => n <= 1,
        Lang::En => n == 1,
    };
    if singular { one } else { many }
}

pub fn strings(lang: Lang) -> BTreeMap<&'static str, &'static str> {
    STRINGS
        .iter()
        .map(|(k, fr, en)| (*k, lang.pick(*fr, *en)))
        .collect()
}

/// A human label for a known `end_reason`, else `None`.
pub fn end_reason_label(reason: &str, lang: Lang) -> Option<&'static str> {
    Some(match reason {
        "term" => lang.pick("Fin du contrat", "Contract ran out"),
        "dissatisfaction" => lang.pick("Insatisfaction", "Dissatisfaction"),
        "competitor" => lang.pick("Concurrent choisi", "Went to a competitor"),
        "scope-creep" => lang.pick("Dérive du périmètre", "Scope creep"),
        "internalisation" => lang.pick("Internalisation", "Brought in-house"),
        "budget" => lang.pick("Budget", "Budget"),
        "unpaid" => lang.pick("Impayés", "Unpaid invoices"),
        "toxic" => lang.pick("Relation toxique", "Toxic relationship"),
        "conflict" => lang.pick("Conflit", "Conflict"),
        "other" => lang.pick("Autre", "Other"),
        _ => return None,
    })
}

pub fn status_label(status: Status, lang: Lang) -> &'static str {
    match status {
        Status::Active => lang.pick("En cours", "Active"),
        Status::Ending => lang.pick("En fin de mission", "Ending"),
        Status::Closed => lang.pick("Terminée", "Closed"),
    }
}

/// How the mission ended, to follow `t.ended_by` (« Fin de la mission », "How it ended").
pub fn ended_by_label(by: EndedBy, lang: Lang) -> &'static str {
    match by {
        EndedBy::Me => lang.pick("À mon initiative", "On my initiative"),
        EndedBy::Client => lang.pick("À l’initiative du client", "By the client"),
        EndedBy::Mutual => lang.pick("D’un commun accord", "By mutual agreement"),
        EndedBy::Term => lang.pick("Au terme du contrat", "At the end of the term"),
    }
}

/// How notice was given (`notice.channel`).
pub fn channel_label(channel: Channel, lang: Lang) -> &'static str {
    match channel {
        Channel::Email => lang.pick("Courriel", "Email"),
        Channel::Letter => lang.pick("Lettre simple", "Letter"),
        Channel::Rar => lang.pick(
            "Lettre recommandée avec accusé de réception",
            "Registered letter with acknowledgement of receipt",
        ),
        Channel::Phone => lang.pick("Téléphone", "Phone call"),
        Channel::Meeting => lang.pick("De vive voix, en réunion", "In person, at a meeting"),
    }
}

/// What a public build shows of the mission (`publish`).
pub fn publish_label(publish: Publish, lang: Lang) -> &'static str {
    match publish {
        Publish::Private => lang.pick("Privée", "Private"),
        Publish::Lessons => lang.pick("Leçons publiées", "Lessons published"),
        Publish::CaseStudy => lang.pick("Étude de cas", "Case study"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::schema::KNOWN_END_REASONS;

    /// Every French text of the site: the strings and every label.
    fn french() -> Vec<&'static str> {
        let mut all: Vec<&str> = STRINGS.iter().map(|(_, fr, _)| *fr).collect();
        let fr = Lang::Fr;
        all.extend(
            KNOWN_END_REASONS
                .iter()
                .filter_map(|r| end_reason_label(r, fr)),
        );
        all.extend(
            Status::ALL
                .iter()
                .filter_map(|s| Status::parse(s))
                .map(|s| status_label(s, fr)),
        );
        all.extend(
            EndedBy::ALL
                .iter()
                .filter_map(|s| EndedBy::parse(s))
                .map(|s| ended_by_label(s, fr)),
        );
        all.extend(
            Channel::ALL
                .iter()
                .filter_map(|s| Channel::parse(s))
                .map(|s| channel_label(s, fr)),
        );
        all.extend(
            Publish::ALL
                .iter()
                .filter_map(|s| Publish::parse(s))
                .map(|s| publish_label(s, fr)),
        );
        all
    }

    #[test]
    fn french_strings_follow_french_typography() {
        for s in french() {
            assert!(!s.contains('\''), "straight apostrophe in {s:?}");
            for mark in [":", ";", "?", "!", "»"] {
                assert!(
                    !s.contains(&format!(" {mark}")),
                    "plain space before {mark} in {s:?}"
                );
            }
            assert!(!s.contains("« "), "plain space after « in {s:?}");
            for (i, c) in s
                .char_indices()
                .filter(|(_, c)| matches!(c, ':' | ';' | '?' | '!'))
            {
                // A mark that ends a sentence or a label is preceded by a no-break space, except
                // inside code (`debrief build`) and words such as `case_study.consent`.
                let before = s[..i].chars().next_back();
                let in_code = s[..i].matches('`').count() % 2 == 1;
                assert!(
                    in_code || before == Some('\u{a0}'),
                    "{c:?} without a no-break space before it in {s:?}"
                );
            }
        }
    }

    #[test]
    fn every_value_has_a_label_that_is_not_the_value() {
        for lang in [Lang::Fr, Lang::En] {
            let pairs: Vec<(&str, &str)> = KNOWN_END_REASONS
                .iter()
                .map(|r| (*r, end_reason_label(r, lang).unwrap_or(r)))
                .chain(
                    Status::ALL
                        .iter()
                        .filter_map(|s| Status::parse(s))
                        .map(|s| (s.as_str(), status_label(s, lang))),
                )
                .chain(
                    EndedBy::ALL
                        .iter()
                        .filter_map(|s| EndedBy::parse(s))
                        .map(|s| (s.as_str(), ended_by_label(s, lang))),
                )
                .chain(
                    Channel::ALL
                        .iter()
                        .filter_map(|s| Channel::parse(s))
                        .map(|s| (s.as_str(), channel_label(s, lang))),
                )
                .chain(
                    Publish::ALL
                        .iter()
                        .filter_map(|s| Publish::parse(s))
                        .map(|s| (s.as_str(), publish_label(s, lang))),
                )
                .collect();
            for (value, label) in pairs {
                assert_ne!(value, label, "{lang}: `{value}` is shown as itself");
                assert!(!label.is_empty(), "{lang}: `{value}` has an empty label");
            }
        }
    }

    #[test]
    fn figures_agree_with_their_number() {
        assert_eq!(figure_label("missions", 0, Lang::Fr), "mission");
        assert_eq!(figure_label("missions", 1, Lang::Fr), "mission");
        assert_eq!(figure_label("missions", 2, Lang::Fr), "missions");
        assert_eq!(figure_label("missions", 0, Lang::En), "missions");
        assert_eq!(figure_label("missions", 1, Lang::En), "mission");
        assert_eq!(figure_label("case_studies", 1, Lang::Fr), "étude de cas");
        assert_eq!(figure_label("lessons", 3, Lang::En), "lessons learned");
        for (key, _, _) in FIGURES {
            for n in [0, 1, 2] {
                for lang in [Lang::Fr, Lang::En] {
                    assert!(!figure_label(key, n, lang).is_empty());
                }
            }
        }
    }

    #[test]
    fn both_languages_have_every_string() {
        for (key, fr, en) in STRINGS {
            assert!(!fr.is_empty() && !en.is_empty(), "{key}");
        }
        let keys: std::collections::HashSet<_> = STRINGS.iter().map(|(k, _, _)| k).collect();
        assert_eq!(keys.len(), STRINGS.len(), "a key is defined twice");
    }
}
