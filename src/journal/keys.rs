//! What each front-matter key records, in French and English (the key table of
//! `journal-format.md`, next to the schema that reads the keys): its dotted path (`[]` for a
//! list's items), type, whether it is required and its meaning, for the language server's hover
//! and completion. A test checks that every key the schema knows is here.

use super::schema::{Channel, ClientKind, EndedBy, KNOWN_END_REASONS, Publish, Status};
use crate::i18n::Lang;

/// The type of a key's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Type {
    Text,
    Date,
    Integer,
    Number,
    Bool,
    /// One of these values.
    Choice(&'static [&'static str]),
    Texts,
    Table,
    /// A list of tables (`[]` items).
    Tables,
}

impl Type {
    pub fn name(self, lang: Lang) -> String {
        match self {
            Type::Text => lang.pick("texte", "string").into(),
            Type::Date => "date (YYYY-MM-DD)".into(),
            Type::Integer => lang.pick("entier", "integer").into(),
            Type::Number => lang.pick("nombre", "number").into(),
            Type::Bool => lang.pick("booléen", "bool").into(),
            Type::Choice(values) => values
                .iter()
                .map(|v| format!("`{v}`"))
                .collect::<Vec<_>>()
                .join(" | "),
            Type::Texts => lang.pick("liste de textes", "list of strings").into(),
            Type::Table => lang.pick("table", "table").into(),
            Type::Tables => lang.pick("liste de tables", "list of tables").into(),
        }
    }
}

/// One key of the front matter.
#[derive(Debug)]
pub struct Key {
    /// `feedback.received`, `invoices[].paid`.
    pub path: &'static str,
    pub ty: Type,
    /// Whether it is required, in French and English.
    pub required: (&'static str, &'static str),
    /// What it records, in French and English.
    pub meaning: (&'static str, &'static str),
    /// The values an editor offers to complete (a choice's, or known free-text values).
    pub values: &'static [&'static str],
}

const NO: (&str, &str) = ("non", "no");
const YES: (&str, &str) = ("oui", "yes");
const WHEN_ENDED: (&str, &str) = (
    "quand `status` vaut `ending` ou `closed`",
    "when status is `ending` or `closed`",
);

const fn key(
    path: &'static str,
    ty: Type,
    required: (&'static str, &'static str),
    meaning: (&'static str, &'static str),
) -> Key {
    let values = match ty {
        Type::Choice(values) => values,
        _ => &[],
    };
    Key {
        path,
        ty,
        required,
        meaning,
        values,
    }
}

const fn date(path: &'static str, meaning: (&'static str, &'static str)) -> Key {
    key(path, Type::Date, NO, meaning)
}

/// Every key, parents before their children.
pub static KEYS: &[Key] = &[
    key(
        "title",
        Type::Text,
        YES,
        ("titre de la mission", "mission title"),
    ),
    key(
        "client",
        Type::Text,
        YES,
        (
            "le vrai nom du client\u{a0}; privé\u{a0}: jamais dans un site public",
            "the client's real name; private: never in a public build",
        ),
    ),
    key(
        "client_alias",
        Type::Text,
        (
            "non (une étude de cas sans alias reçoit `case-study-alias`)",
            "no (a case study without one gets `case-study-alias`)",
        ),
        (
            "comment le client est nommé en public («\u{a0}un e-commerçant lyonnais\u{a0}»)",
            "how the client is named in public (\"un e-commerçant lyonnais\")",
        ),
    ),
    key(
        "client_names",
        Type::Texts,
        NO,
        (
            "autres noms du client à masquer en public (marque, nom court, contact)",
            "other names of the client to hide in public (brand, short name, contact)",
        ),
    ),
    key(
        "client_kind",
        Type::Choice(ClientKind::ALL),
        ("non, `business` par défaut", "no, default `business`"),
        (
            "entreprise ou particulier\u{a0}: délais de paiement, pénalités et indemnité de 40\u{a0}€, prescription (5 ou 2 ans)",
            "business or consumer: payment terms, penalties and the €40 indemnity, prescription (5 or 2 years)",
        ),
    ),
    key(
        "client_contact",
        Type::Table,
        NO,
        (
            "à qui les lettres sont adressées (privé)",
            "who letters are addressed to (private)",
        ),
    ),
    key(
        "client_contact.name",
        Type::Text,
        NO,
        ("nom du contact", "the contact's name"),
    ),
    key(
        "client_contact.email",
        Type::Text,
        NO,
        (
            "adresse électronique du contact",
            "the contact's e-mail address",
        ),
    ),
    key(
        "client_contact.address",
        Type::Text,
        NO,
        (
            "adresse postale (sur plusieurs lignes si besoin)",
            "postal address (may span lines)",
        ),
    ),
    key(
        "start",
        Type::Date,
        YES,
        ("premier jour de la mission", "first day of the mission"),
    ),
    key(
        "end",
        Type::Date,
        WHEN_ENDED,
        (
            "dernier jour (prévu, tant que `ending`)",
            "last day (planned, while `ending`)",
        ),
    ),
    key(
        "status",
        Type::Choice(Status::ALL),
        YES,
        (
            "où en est la mission\u{a0}; `ending` = la fin est décidée, la transition en cours",
            "where the mission stands; `ending` = the end is decided, transition under way",
        ),
    ),
    key(
        "ended_by",
        Type::Choice(EndedBy::ALL),
        WHEN_ENDED,
        (
            "qui y a mis fin\u{a0}; `term` = le contrat est simplement arrivé à son terme",
            "who ended it; `term` = the contract simply ran out",
        ),
    ),
    Key {
        values: KNOWN_END_REASONS,
        ..key(
            "end_reason",
            Type::Text,
            NO,
            (
                "texte libre\u{a0}; les valeurs connues sont regroupées sur le site",
                "free text; known values get grouped in the site",
            ),
        )
    },
    key(
        "tags",
        Type::Texts,
        NO,
        (
            "étiquettes libres (`seo`, `secretariat`…)",
            "free tags (`seo`, `secretariat`…)",
        ),
    ),
    key(
        "publish",
        Type::Choice(Publish::ALL),
        ("non, `private` par défaut", "no, default `private`"),
        (
            "ce qu’un site public montre\u{a0}: rien\u{a0}; les leçons seules\u{a0}; toute la mission en étude de cas",
            "what a public build may show: nothing; the lessons section only; the whole mission as a case study",
        ),
    ),
    Key {
        values: &["true", "false"],
        ..key(
            "draft",
            Type::Bool,
            NO,
            (
                "brouillon\u{a0}: marqué sur le site privé, absent du site public sauf `--drafts`",
                "draft: marked in the private view, left out of the public one unless `--drafts`",
            ),
        )
    },
    key("contract", Type::Table, NO, ("le contrat", "the contract")),
    date(
        "contract.termination_checked",
        (
            "quand la clause de résiliation (et les CGV) a été relue",
            "when the termination clause (and terms of sale) was re-read",
        ),
    ),
    key(
        "contract.notice_days",
        Type::Integer,
        NO,
        (
            "préavis imposé par le contrat, en jours",
            "notice period the contract imposes, in days",
        ),
    ),
    key(
        "contract.notice_months",
        Type::Integer,
        NO,
        (
            "préavis imposé par le contrat, en mois (pas avec `notice_days`)",
            "notice period the contract imposes, in months (not with `notice_days`)",
        ),
    ),
    date(
        "contract.signed",
        (
            "quand le contrat ou le devis a été signé",
            "when the contract or quote was signed",
        ),
    ),
    key(
        "notice",
        Type::Table,
        NO,
        ("le préavis donné", "the notice given"),
    ),
    date(
        "notice.given",
        (
            "quand le client a reçu mon préavis (un préavis court à partir de sa réception)",
            "when the client received my notice (a notice period runs from receipt)",
        ),
    ),
    key(
        "notice.channel",
        Type::Choice(Channel::ALL),
        NO,
        ("comment le préavis a été donné", "how the notice was given"),
    ),
    date(
        "notice.confirmed_in_writing",
        (
            "confirmation écrite d’un préavis donné par `phone` ou en `meeting`",
            "written confirmation of a `phone`/`meeting` notice",
        ),
    ),
    key(
        "deposit",
        Type::Table,
        NO,
        (
            "l’acompte demandé avant de commencer",
            "the deposit asked before starting",
        ),
    ),
    key(
        "deposit.amount",
        Type::Number,
        NO,
        (
            "montant de l’acompte, en euros",
            "the deposit's amount, in euros",
        ),
    ),
    date(
        "deposit.requested",
        (
            "quand l’acompte a été demandé",
            "when the deposit was asked for",
        ),
    ),
    date(
        "deposit.received",
        (
            "quand l’acompte a été reçu",
            "when the deposit was received",
        ),
    ),
    key(
        "invoices",
        Type::Tables,
        NO,
        (
            "les factures, chacune `{number, amount, issued, due, paid, rar, reminded, formal_notice}`",
            "the invoices, each `{number, amount, issued, due, paid, rar, reminded, formal_notice}`",
        ),
    ),
    key(
        "invoices[].number",
        Type::Text,
        NO,
        ("numéro de la facture", "invoice number"),
    ),
    key(
        "invoices[].amount",
        Type::Number,
        NO,
        (
            "montant dû par le client, en euros",
            "amount the client owes, in euros",
        ),
    ),
    date("invoices[].issued", ("date d’émission", "date issued")),
    date("invoices[].due", ("date d’échéance", "due date")),
    date(
        "invoices[].paid",
        (
            "date du paiement\u{a0}; absente ou vide = impayée",
            "date paid; absent or null = unpaid",
        ),
    ),
    key(
        "invoices[].rar",
        Type::Text,
        NO,
        (
            "numéro du recommandé avec accusé de réception, s’il y en a eu un",
            "registered letter (recommandé avec accusé de réception) number, if one was sent",
        ),
    ),
    date(
        "invoices[].reminded",
        (
            "quand une relance amiable a été envoyée",
            "when a friendly reminder was sent",
        ),
    ),
    date(
        "invoices[].formal_notice",
        (
            "quand la mise en demeure a été envoyée (son numéro de recommandé dans `rar`)",
            "when the formal notice was sent (its registered-letter number in `rar`)",
        ),
    ),
    key(
        "feedback",
        Type::Table,
        NO,
        ("le retour du client", "the client's feedback"),
    ),
    date(
        "feedback.requested",
        (
            "quand le retour a été demandé",
            "when feedback was asked for",
        ),
    ),
    date(
        "feedback.received",
        ("quand il est arrivé", "when it came back"),
    ),
    key(
        "recommendation",
        Type::Table,
        NO,
        (
            "la recommandation (témoignage, avis)",
            "the recommendation (testimonial, review)",
        ),
    ),
    date(
        "recommendation.requested",
        ("quand elle a été demandée", "when it was asked for"),
    ),
    date(
        "recommendation.received",
        ("quand elle a été obtenue", "when it was obtained"),
    ),
    key(
        "case_study",
        Type::Table,
        NO,
        ("l’étude de cas", "the case study"),
    ),
    date(
        "case_study.consent",
        (
            "quand le client a accepté d’être publié en étude de cas",
            "when the client agreed to be a published case study",
        ),
    ),
    key(
        "rgpd",
        Type::Table,
        NO,
        (
            "les données personnelles du client",
            "the client's personal data",
        ),
    ),
    date(
        "rgpd.notified",
        (
            "quand le client a été prévenu de la suppression de ses données",
            "when the client was told their data would be deleted",
        ),
    ),
    date(
        "rgpd.deleted",
        (
            "quand les données du client ont été supprimées (hors archives obligatoires)",
            "when the client's data was deleted (what had to be kept archived)",
        ),
    ),
    date(
        "rgpd.returned",
        (
            "quand les données ont été rendues au client (vaut suppression)",
            "when the client's data was returned to them (counts as deleted)",
        ),
    ),
    key(
        "rgpd.hold",
        Type::Text,
        NO,
        (
            "pourquoi des données sont gardées pour l’instant (action en justice en cours, RGPD 17(3)(e))",
            "why some data is kept for now (a legal claim under way, GDPR 17(3)(e))",
        ),
    ),
    key(
        "lint",
        Type::Table,
        NO,
        (
            "réglages du linter pour ce fichier",
            "linter settings for this file",
        ),
    ),
    key(
        "lint.allow",
        Type::Tables,
        NO,
        (
            "`{rule, reason}`\u{a0}: fait taire une règle pour ce fichier\u{a0}; sans `reason`, l’entrée s’applique et est signalée par `allow-without-reason`",
            "`{rule, reason}`: silence one rule for this file; an entry without a `reason` still applies and is reported as `allow-without-reason`",
        ),
    ),
    key(
        "lint.allow[].rule",
        Type::Text,
        NO,
        (
            "l’id de la règle à faire taire",
            "the id of the rule to silence",
        ),
    ),
    key("lint.allow[].reason", Type::Text, NO, ("pourquoi", "why")),
];

/// The key at a dotted path (`invoices[].paid`).
pub fn find(path: &str) -> Option<&'static Key> {
    KEYS.iter().find(|k| k.path == path)
}

/// The keys directly under `parent` (`""` for the top level, `invoices[]` for an invoice).
pub fn children(parent: &str) -> impl Iterator<Item = &'static Key> {
    KEYS.iter().filter(move |k| match k.path.rsplit_once('.') {
        Some((p, _)) => p == parent,
        None => parent.is_empty(),
    })
}

impl Key {
    /// The last part of the path: what is written in the front matter.
    pub fn name(&self) -> &'static str {
        self.path.rsplit_once('.').map_or(self.path, |(_, n)| n)
    }

    /// Hover text, in Markdown.
    pub fn describe(&self, lang: Lang) -> String {
        format!(
            "**`{}`** — {}\n\n{}: {}\n\n{}",
            self.path,
            self.ty.name(lang),
            lang.pick("obligatoire\u{a0}", "required"),
            lang.pick(self.required.0, self.required.1),
            lang.pick(self.meaning.0, self.meaning.1)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::schema::{
        ALLOW, CASE_STUDY, CLIENT_CONTACT, CONTRACT, DEPOSIT, EXCHANGE, INVOICE, LINT, NOTICE,
        RGPD, TOP,
    };

    #[test]
    fn every_key_of_the_schema_is_documented_and_only_them() {
        let levels: &[(&str, &[&str])] = &[
            ("", TOP),
            ("client_contact", CLIENT_CONTACT),
            ("contract", CONTRACT),
            ("notice", NOTICE),
            ("deposit", DEPOSIT),
            ("invoices[]", INVOICE),
            ("feedback", EXCHANGE),
            ("recommendation", EXCHANGE),
            ("case_study", CASE_STUDY),
            ("rgpd", RGPD),
            ("lint", LINT),
            ("lint.allow[]", ALLOW),
        ];
        let mut documented = 0;
        for (parent, keys) in levels {
            let here: Vec<&str> = children(parent).map(Key::name).collect();
            assert_eq!(&here, keys, "keys under `{parent}`");
            documented += keys.len();
        }
        assert_eq!(documented, KEYS.len());
        for k in KEYS {
            for lang in [Lang::Fr, Lang::En] {
                assert!(!k.describe(lang).is_empty());
            }
            assert_ne!(k.meaning.0, k.meaning.1, "{}", k.path);
        }
    }

    #[test]
    fn a_key_reads_in_both_languages() {
        let k = find("feedback.received").unwrap();
        assert_eq!(
            k.describe(Lang::En),
            "**`feedback.received`** — date (YYYY-MM-DD)\n\nrequired: no\n\nwhen it came back"
        );
        assert_eq!(
            k.describe(Lang::Fr),
            "**`feedback.received`** — date (YYYY-MM-DD)\n\nobligatoire\u{a0}: non\n\nquand il est arrivé"
        );
        assert_eq!(find("status").unwrap().values, Status::ALL);
    }
}
