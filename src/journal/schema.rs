//! The front-matter schema: turns a parsed `Node` tree into a typed `Front`, reporting every
//! missing, invalid or unknown key as a finding at the key's position.
//!
//! An invalid value counts as absent everywhere else and is never replaced by its suggestion; an
//! unknown key is reported and ignored. Null (`key:` with no value) counts as absent. A top-level
//! YAML key written with dots (`feedback.received: 2025-07-08`) is read as the nested key.

use crate::diagnostic::catalog::{FIELD_INVALID, FIELD_MISSING, FIELD_UNKNOWN};
use crate::diagnostic::{Finding, Pos};
use crate::i18n::Lang;
use crate::text::{DateError, closest, parse_date};
use crate::tr;
use crate::tree::{self, Entry, Kind, MAX_DEPTH, Node};
use jiff::civil::Date;
use std::fmt::Display;

/// A value with the position of its key.
#[derive(Debug, Clone, PartialEq)]
pub struct Field<T> {
    pub value: T,
    pub pos: Pos,
}

pub use crate::vocab::{Channel, ClientKind, EndedBy, Publish, Status};

/// The `end_reason` values the site groups and labels.
pub const KNOWN_END_REASONS: &[&str] = &[
    "term",
    "dissatisfaction",
    "competitor",
    "scope-creep",
    "internalisation",
    "budget",
    "unpaid",
    "toxic",
    "conflict",
    "other",
];

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Contract {
    pub termination_checked: Option<Field<Date>>,
    pub notice_days: Option<Field<i64>>,
    /// The notice in months; never set together with `notice_days` (the later key is invalid).
    pub notice_months: Option<Field<i64>>,
    pub signed: Option<Field<Date>>,
}

/// The notice period a contract sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticePeriod {
    Days(i64),
    Months(i64),
}

impl Contract {
    /// The notice period, in days or in months, if the contract gives one.
    pub fn notice_period(&self) -> Option<NoticePeriod> {
        match (&self.notice_days, &self.notice_months) {
            (Some(d), _) => Some(NoticePeriod::Days(d.value)),
            (None, Some(m)) => Some(NoticePeriod::Months(m.value)),
            (None, None) => None,
        }
    }
}

/// `client_contact`: who letters are addressed to. Private: never in a public build.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ClientContact {
    pub name: Option<Field<String>>,
    pub email: Option<Field<String>>,
    /// May span lines.
    pub address: Option<Field<String>>,
}

/// `deposit`: the deposit (acompte) asked before starting.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Deposit {
    pub amount: Option<Field<f64>>,
    /// The amount as written (`1800.50`), for exact sums (`money::Cents::parse`).
    pub amount_text: Option<String>,
    pub requested: Option<Field<Date>>,
    pub received: Option<Field<Date>>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Notice {
    pub given: Option<Field<Date>>,
    pub channel: Option<Field<Channel>>,
    pub confirmed_in_writing: Option<Field<Date>>,
}

/// A request and its answer: feedback, recommendation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Exchange {
    pub requested: Option<Field<Date>>,
    pub received: Option<Field<Date>>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rgpd {
    pub notified: Option<Field<Date>>,
    pub deleted: Option<Field<Date>>,
    /// The data was returned to the client: ends the RGPD duty like `deleted`.
    pub returned: Option<Field<Date>>,
    /// Why some data is kept for now; `None` when absent or blank.
    pub hold: Option<Field<String>>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Invoice {
    /// Where the invoice's list item starts.
    pub pos: Pos,
    pub number: Option<Field<String>>,
    pub amount: Option<Field<f64>>,
    /// The amount as written (`1800.50`), for exact sums (`money::Cents::parse`).
    pub amount_text: Option<String>,
    pub issued: Option<Field<Date>>,
    pub due: Option<Field<Date>>,
    /// Absent or null: unpaid.
    pub paid: Option<Field<Date>>,
    pub rar: Option<Field<String>>,
    /// A friendly reminder was sent.
    pub reminded: Option<Field<Date>>,
    /// The formal notice (mise en demeure) was sent.
    pub formal_notice: Option<Field<Date>>,
}

/// The source text of a numeric amount (`1800`, `1800.50`), when it is a number.
fn amount_text(e: &Entry) -> Option<String> {
    match &e.value.kind {
        Kind::Int(i) => Some(i.to_string()),
        Kind::Float(f, text) if f.is_finite() => Some(text.clone()),
        _ => None,
    }
}

/// A `lint.allow` entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Allow {
    pub pos: Pos,
    pub rule: Option<Field<String>>,
    /// `None` when absent, empty or only white space.
    pub reason: Option<String>,
}

/// The typed front matter of a mission. Absent and invalid values are `None`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Front {
    pub title: Option<Field<String>>,
    pub client: Option<Field<String>>,
    pub client_alias: Option<Field<String>>,
    /// `business` or `consumer`; absent or invalid counts as `business` (`client_kind()`).
    pub client_kind: Option<Field<ClientKind>>,
    /// Private: who letters are addressed to.
    pub client_contact: ClientContact,
    /// Other names of the client to hide in public (brand, short name, contact).
    pub client_names: Vec<Field<String>>,
    /// `client` or an entry of `client_names` is present but not a usable string: a public build
    /// cannot know every name to hide, so it publishes nothing of this mission.
    pub names_invalid: bool,
    pub start: Option<Field<Date>>,
    pub end: Option<Field<Date>>,
    pub status: Option<Field<Status>>,
    /// Where the `status` key is, valid or not: missing fields and elements point here.
    pub status_pos: Option<Pos>,
    pub ended_by: Option<Field<EndedBy>>,
    pub end_reason: Option<Field<String>>,
    pub tags: Vec<String>,
    /// Where each tag is written (same order as `tags`).
    pub tag_positions: Vec<Pos>,
    pub publish: Option<Field<Publish>>,
    /// Where the `publish` key is, valid or not.
    pub publish_pos: Option<Pos>,
    pub draft: bool,
    pub contract: Contract,
    pub notice: Notice,
    pub deposit: Deposit,
    pub invoices: Vec<Invoice>,
    pub feedback: Exchange,
    pub recommendation: Exchange,
    pub case_study_consent: Option<Field<Date>>,
    pub rgpd: Rgpd,
    pub allow: Vec<Allow>,
}

impl Front {
    pub fn status(&self) -> Option<Status> {
        self.status.as_ref().map(|f| f.value)
    }

    /// `client_kind`, `business` when absent or invalid.
    pub fn client_kind(&self) -> ClientKind {
        self.client_kind
            .as_ref()
            .map_or(ClientKind::Business, |f| f.value)
    }

    pub fn ended_by(&self) -> Option<EndedBy> {
        self.ended_by.as_ref().map(|f| f.value)
    }

    /// `publish`, `private` when absent or invalid.
    pub fn publish(&self) -> Publish {
        self.publish.as_ref().map_or(Publish::Private, |f| f.value)
    }

    pub fn end(&self) -> Option<Date> {
        self.end.as_ref().map(|f| f.value)
    }

    pub fn title(&self) -> &str {
        self.title.as_ref().map_or("", |f| f.value.as_str())
    }

    /// Where missing fields and elements are reported: the `status` key, else 1:1.
    pub fn anchor(&self) -> Pos {
        self.status_pos.unwrap_or(Pos::START)
    }
}

pub(crate) const TOP: &[&str] = &[
    "title",
    "client",
    "client_alias",
    "client_names",
    "client_kind",
    "client_contact",
    "start",
    "end",
    "status",
    "ended_by",
    "end_reason",
    "tags",
    "publish",
    "draft",
    "contract",
    "notice",
    "deposit",
    "invoices",
    "feedback",
    "recommendation",
    "case_study",
    "rgpd",
    "lint",
];
pub(crate) const CONTRACT: &[&str] = &[
    "termination_checked",
    "notice_days",
    "notice_months",
    "signed",
];
pub(crate) const CLIENT_CONTACT: &[&str] = &["name", "email", "address"];
pub(crate) const DEPOSIT: &[&str] = &["amount", "requested", "received"];
pub(crate) const NOTICE: &[&str] = &["given", "channel", "confirmed_in_writing"];
pub(crate) const INVOICE: &[&str] = &[
    "number",
    "amount",
    "issued",
    "due",
    "paid",
    "rar",
    "reminded",
    "formal_notice",
];
pub(crate) const EXCHANGE: &[&str] = &["requested", "received"];
pub(crate) const CASE_STUDY: &[&str] = &["consent"];
pub(crate) const RGPD: &[&str] = &["notified", "deleted", "returned", "hold"];
pub(crate) const LINT: &[&str] = &["allow"];
pub(crate) const ALLOW: &[&str] = &["rule", "reason"];

/// Why a front matter that parsed cannot be read as one: a `front-matter-syntax` finding, at
/// `pos` or else at the block's first line.
#[derive(Debug, Clone, PartialEq)]
pub struct Unreadable {
    pub pos: Option<Pos>,
    pub message: String,
    pub help: Option<String>,
    /// Nested too deep: worded like the parsers' syntax errors.
    pub too_deep: bool,
}

/// Validates the front-matter tree. `Err`: the block parsed but is not a table of keys, or its
/// dotted keys would nest it deeper than `MAX_DEPTH`.
pub fn validate(root: &Node, lang: Lang, findings: &mut Vec<Finding>) -> Result<Front, Unreadable> {
    let expanded;
    let entries: &[Entry] = match &root.kind {
        Kind::Map(entries) if entries.iter().any(|e| e.key.contains('.')) => {
            if let Some(e) = entries
                .iter()
                .find(|e| dotted_levels(&e.key) + tree::size(&e.value).depth > MAX_DEPTH)
            {
                return Err(Unreadable {
                    pos: Some(e.key_pos),
                    message: tree::too_deep_message(lang),
                    help: Some(tree::too_deep_help(lang)),
                    too_deep: true,
                });
            }
            expanded = expand_dotted(entries.clone());
            &expanded
        }
        Kind::Map(entries) => entries,
        Kind::Null => &[],
        other => {
            return Err(Unreadable {
                pos: None,
                message: tr!(
                    lang,
                    "l’en-tête doit être une table de clés (`title: …`), pas {}",
                    "the front matter must be a table of keys (`title: …`), not {}",
                    other.type_name(lang)
                ),
                help: None,
                too_deep: false,
            });
        }
    };
    let mut v = Validator { lang, findings };
    let mut front = Front::default();
    let mut present: Vec<&str> = Vec::new();
    for e in entries {
        if !matches!(e.value.kind, Kind::Null) {
            present.push(e.key.as_str());
        }
        match e.key.as_str() {
            "title" => front.title = v.string(e, "title"),
            "client" => {
                front.client = v.string(e, "client");
                // A number is read as a name by the linter, but a public build only trusts a
                // name written as text.
                front.names_invalid |= !matches!(e.value.kind, Kind::Str(_) | Kind::Null)
                    || front.client.is_none() && !matches!(e.value.kind, Kind::Null);
            }
            "client_names" => {
                let (names, invalid) = v.names(e);
                front.client_names = names;
                front.names_invalid |= invalid;
            }
            "client_alias" => front.client_alias = v.string(e, "client_alias"),
            "client_kind" => {
                front.client_kind = v.choice(e, "client_kind", ClientKind::ALL, ClientKind::parse)
            }
            "client_contact" => front.client_contact = v.client_contact(e),
            "start" => front.start = v.date(e, "start"),
            "end" => front.end = v.date(e, "end"),
            "status" => {
                front.status_pos = Some(e.key_pos);
                front.status = v.choice(e, "status", Status::ALL, Status::parse);
            }
            "ended_by" => front.ended_by = v.choice(e, "ended_by", EndedBy::ALL, EndedBy::parse),
            "end_reason" => front.end_reason = v.string(e, "end_reason"),
            "tags" => (front.tags, front.tag_positions) = v.tags(e),
            "publish" => {
                front.publish_pos = Some(e.key_pos);
                front.publish = v.choice(e, "publish", Publish::ALL, Publish::parse);
            }
            "draft" => front.draft = v.boolean(e, "draft").is_some_and(|f| f.value),
            "contract" => front.contract = v.contract(e),
            "notice" => {
                for c in v.table(e, "notice", NOTICE) {
                    match c.key.as_str() {
                        "given" => front.notice.given = v.date(c, "notice.given"),
                        "channel" => {
                            front.notice.channel =
                                v.choice(c, "notice.channel", Channel::ALL, Channel::parse)
                        }
                        "confirmed_in_writing" => {
                            front.notice.confirmed_in_writing =
                                v.date(c, "notice.confirmed_in_writing")
                        }
                        _ => {}
                    }
                }
            }
            "deposit" => {
                for c in v.table(e, "deposit", DEPOSIT) {
                    let full = Dotted("deposit", &c.key);
                    match c.key.as_str() {
                        "amount" => {
                            front.deposit.amount = v.amount(c, full);
                            front.deposit.amount_text = amount_text(c);
                        }
                        "requested" => front.deposit.requested = v.date(c, full),
                        "received" => front.deposit.received = v.date(c, full),
                        _ => {}
                    }
                }
            }
            "invoices" => front.invoices = v.invoices(e),
            "feedback" => front.feedback = v.exchange(e, "feedback"),
            "recommendation" => front.recommendation = v.exchange(e, "recommendation"),
            "case_study" => {
                for c in v.table(e, "case_study", CASE_STUDY) {
                    front.case_study_consent = v.date(c, "case_study.consent");
                }
            }
            "rgpd" => {
                for c in v.table(e, "rgpd", RGPD) {
                    match c.key.as_str() {
                        "notified" => front.rgpd.notified = v.date(c, "rgpd.notified"),
                        "deleted" => front.rgpd.deleted = v.date(c, "rgpd.deleted"),
                        "returned" => front.rgpd.returned = v.date(c, "rgpd.returned"),
                        "hold" => front.rgpd.hold = v.optional_text(c, "rgpd.hold"),
                        _ => {}
                    }
                }
            }
            "lint" => {
                for c in v.table(e, "lint", LINT) {
                    front.allow = v.allows(c);
                }
            }
            _ => v.unknown(e, None, TOP),
        }
    }
    let anchor = front.anchor();
    let mut required = vec!["title", "client", "start", "status"];
    if matches!(front.status(), Some(Status::Ending | Status::Closed)) {
        required.extend(["end", "ended_by"]);
    }
    for key in required {
        if !present.contains(&key) {
            v.missing(key, anchor, front.status());
        }
    }
    Ok(front)
}

/// How many tables deep a top-level key is once `expand_dotted` has read it, the front matter's
/// own table included: 1 for `title`, 3 for `a.b.c`.
fn dotted_levels(key: &str) -> usize {
    let mut levels = 1;
    let mut rest = key;
    while let Some((head, tail)) = rest.split_once('.') {
        if head.is_empty() || tail.is_empty() {
            break;
        }
        levels += 1;
        rest = tail;
    }
    levels
}

/// Reads top-level `a.b: x` keys as `a: { b: x }`, merging into an existing `a` table. Recursive
/// once per dot: `validate` first refuses keys with more than `MAX_DEPTH` levels.
fn expand_dotted(entries: Vec<Entry>) -> Vec<Entry> {
    let mut out: Vec<Entry> = Vec::with_capacity(entries.len());
    for e in entries {
        let Some((head, rest)) = e.key.split_once('.') else {
            out.push(e);
            continue;
        };
        if head.is_empty() || rest.is_empty() {
            out.push(e);
            continue;
        }
        let inner = Entry {
            key: rest.to_string(),
            key_pos: e.key_pos,
            value: e.value,
        };
        match out.iter_mut().find(|o| o.key == head) {
            Some(Entry {
                value:
                    Node {
                        kind: Kind::Map(items),
                        ..
                    },
                ..
            }) => {
                let merged = expand_dotted(vec![inner]);
                items.extend(merged);
            }
            Some(_) => out.push(Entry {
                key: e.key.clone(),
                key_pos: e.key_pos,
                value: inner.value,
            }),
            None => out.push(Entry {
                key: head.to_string(),
                key_pos: e.key_pos,
                value: Node {
                    kind: Kind::Map(expand_dotted(vec![inner])),
                    pos: e.key_pos,
                },
            }),
        }
    }
    out
}

struct Validator<'f> {
    lang: Lang,
    findings: &'f mut Vec<Finding>,
}

/// A key's path under its table's (`invoices[0].amount`), written only when a message names it.
#[derive(Clone, Copy)]
struct Dotted<'a, P>(P, &'a str);

impl<P: Display> Display for Dotted<'_, P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.0, self.1)
    }
}

impl Validator<'_> {
    fn invalid(&mut self, pos: Pos, message: String, help: Option<String>) {
        self.findings
            .push(Finding::new(&FIELD_INVALID, pos, message).with_help(help));
    }

    fn wrong_type(
        &mut self,
        e: &Entry,
        path: impl Display + Copy,
        expected_fr: &str,
        expected_en: &str,
    ) {
        let found = e.value.kind.type_name(self.lang);
        let message = tr!(
            self.lang,
            "`{path}` doit être {expected_fr}, pas {found}",
            "`{path}` must be {expected_en}, not {found}"
        );
        self.invalid(e.key_pos, message, None);
    }

    /// An unknown key of the table at `parent` (`None`: the front matter itself).
    fn unknown(&mut self, e: &Entry, parent: Option<&dyn Display>, known: &[&str]) {
        let under = |key: &str| match parent {
            Some(parent) => format!("{parent}.{key}"),
            None => key.to_string(),
        };
        let path = under(&e.key);
        let suggestion = closest(&e.key, known, 2);
        let message = tr!(
            self.lang,
            "clé inconnue `{path}` : elle est ignorée",
            "unknown key `{path}`: it is ignored"
        );
        let help = suggestion.map(|s| {
            tr!(
                self.lang,
                "vouliez-vous dire `{}` ?",
                "did you mean `{}`?",
                under(s)
            )
        });
        self.findings
            .push(Finding::new(&FIELD_UNKNOWN, e.key_pos, message).with_help(help));
    }

    fn missing(&mut self, key: &str, pos: Pos, status: Option<Status>) {
        let message = match (key, status) {
            ("end" | "ended_by", Some(s)) => tr!(
                self.lang,
                "champ obligatoire `{key}` absent : il est requis quand `status` vaut `{s}`",
                "required field `{key}` is missing: it is needed when `status` is `{s}`"
            ),
            _ => tr!(
                self.lang,
                "champ obligatoire `{key}` absent",
                "required field `{key}` is missing"
            ),
        };
        let example = match key {
            "title" => "title: \"…\"",
            "client" => "client: \"…\"",
            "start" | "end" => "YYYY-MM-DD",
            "status" => "status: active",
            _ => "ended_by: client",
        };
        let example = match key {
            "start" | "end" => format!("{key}: {example}"),
            _ => example.to_string(),
        };
        let help = tr!(
            self.lang,
            "ajoutez `{example}` à l’en-tête",
            "add `{example}` to the front matter"
        );
        self.findings
            .push(Finding::new(&FIELD_MISSING, pos, message).with_help(help));
    }

    /// The entries of a table, with unknown keys reported; empty when the value is not a table.
    fn table<'e>(
        &mut self,
        e: &'e Entry,
        path: impl Display + Copy,
        known: &[&str],
    ) -> Vec<&'e Entry> {
        match &e.value.kind {
            Kind::Map(items) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    if known.contains(&item.key.as_str()) {
                        out.push(item);
                    } else {
                        self.unknown(item, Some(&path), known);
                    }
                }
                out
            }
            Kind::Null => Vec::new(),
            _ => {
                self.wrong_type(e, path, "une table de clés", "a table of keys");
                Vec::new()
            }
        }
    }

    fn string(&mut self, e: &Entry, path: impl Display + Copy) -> Option<Field<String>> {
        let text = match &e.value.kind {
            Kind::Null => return None,
            Kind::Str(s) => s.trim().to_string(),
            Kind::Int(i) => i.to_string(),
            Kind::Float(f, _) => f.to_string(),
            _ => {
                self.wrong_type(e, path, "un texte", "a string");
                return None;
            }
        };
        if text.is_empty() {
            let message = tr!(self.lang, "`{path}` est vide", "`{path}` is empty");
            self.invalid(e.key_pos, message, None);
            return None;
        }
        Some(Field {
            value: text,
            pos: e.key_pos,
        })
    }

    fn date(&mut self, e: &Entry, path: impl Display + Copy) -> Option<Field<Date>> {
        let text = match &e.value.kind {
            Kind::Null => return None,
            Kind::Str(s) | Kind::Date(s) => s.as_str(),
            Kind::DateTime(s) => {
                let message = tr!(
                    self.lang,
                    "`{path}` : `{s}` n'est pas une date `YYYY-MM-DD` (une heure est indiquée)",
                    "`{path}`: `{s}` is not a `YYYY-MM-DD` date (it has a time part)"
                );
                let help = tr!(
                    self.lang,
                    "gardez seulement le jour, par exemple `{}`",
                    "keep only the day, for example `{}`",
                    s.get(..10).unwrap_or("2025-01-15")
                );
                self.invalid(e.key_pos, message, Some(help));
                return None;
            }
            _ => {
                self.wrong_type(e, path, "une date `YYYY-MM-DD`", "a `YYYY-MM-DD` date");
                return None;
            }
        };
        match parse_date(text) {
            Ok(d) => Some(Field {
                value: d,
                pos: e.key_pos,
            }),
            Err(err) => {
                let message = match err {
                    DateError::NoSuchDay => tr!(
                        self.lang,
                        "`{path}` : `{text}` n'est pas une date qui existe",
                        "`{path}`: `{text}` is not a real date"
                    ),
                    DateError::HasTime => tr!(
                        self.lang,
                        "`{path}` : `{text}` n'est pas une date `YYYY-MM-DD` (une heure est indiquée)",
                        "`{path}`: `{text}` is not a `YYYY-MM-DD` date (it has a time part)"
                    ),
                    DateError::Shape => tr!(
                        self.lang,
                        "`{path}` : `{text}` n'est pas une date au format `YYYY-MM-DD`",
                        "`{path}`: `{text}` is not a date in `YYYY-MM-DD` form"
                    ),
                };
                let help = match crate::text::nearest_date(text) {
                    Some(near) => tr!(
                        self.lang,
                        "la date réelle la plus proche est `{near}`",
                        "the nearest real date is `{near}`"
                    ),
                    None => tr!(
                        self.lang,
                        "écrivez l'année, le mois et le jour : `2025-09-30`",
                        "write the year, month and day: `2025-09-30`"
                    ),
                };
                self.invalid(e.key_pos, message, Some(help));
                None
            }
        }
    }

    fn choice<T>(
        &mut self,
        e: &Entry,
        path: impl Display + Copy,
        allowed: &[&str],
        parse: fn(&str) -> Option<T>,
    ) -> Option<Field<T>> {
        let text = match &e.value.kind {
            Kind::Null => return None,
            Kind::Str(s) => s.as_str(),
            _ => {
                self.wrong_type(e, path, "un texte", "a string");
                return None;
            }
        };
        if let Some(value) = parse(text) {
            return Some(Field {
                value,
                pos: e.key_pos,
            });
        }
        let list = allowed
            .iter()
            .map(|a| format!("`{a}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let message = tr!(
            self.lang,
            "`{path}` : valeur `{text}` invalide ; valeurs permises : {list}",
            "`{path}`: invalid value `{text}`; allowed values: {list}"
        );
        let lower = text.to_lowercase();
        let help = closest(&lower, allowed, 3).map(|s| {
            tr!(
                self.lang,
                "vouliez-vous dire `{s}` ?",
                "did you mean `{s}`?"
            )
        });
        self.invalid(e.key_pos, message, help);
        None
    }

    fn boolean(&mut self, e: &Entry, path: impl Display + Copy) -> Option<Field<bool>> {
        match e.value.kind {
            Kind::Null => None,
            Kind::Bool(b) => Some(Field {
                value: b,
                pos: e.key_pos,
            }),
            _ => {
                self.wrong_type(e, path, "`true` ou `false`", "`true` or `false`");
                None
            }
        }
    }

    fn days(&mut self, e: &Entry, path: impl Display + Copy) -> Option<Field<i64>> {
        self.count(
            e,
            path,
            ("un nombre entier de jours", "a whole number of days"),
        )
    }

    /// A whole number, zero or more, worded as `expected` (French, English) when it is not.
    fn count(
        &mut self,
        e: &Entry,
        path: impl Display + Copy,
        expected: (&str, &str),
    ) -> Option<Field<i64>> {
        match e.value.kind {
            Kind::Null => None,
            Kind::Int(i) if i >= 0 => Some(Field {
                value: i,
                pos: e.key_pos,
            }),
            Kind::Int(i) => {
                let what = self.lang.pick(expected.0, expected.1);
                let message = tr!(
                    self.lang,
                    "`{path}` doit être {what}, positif ou nul, pas {i}",
                    "`{path}` must be {what}, zero or more, not {i}"
                );
                self.invalid(e.key_pos, message, None);
                None
            }
            _ => {
                self.wrong_type(e, path, expected.0, expected.1);
                None
            }
        }
    }

    /// `contract`: a notice period in days or in months, not both (the later key is invalid).
    fn contract(&mut self, e: &Entry) -> Contract {
        let mut out = Contract::default();
        // The notice key met first in the source, once it holds a value (valid or not).
        let mut period_key: Option<&str> = None;
        for c in self.table(e, "contract", CONTRACT) {
            let full = Dotted("contract", &c.key);
            match c.key.as_str() {
                "termination_checked" => out.termination_checked = self.date(c, full),
                "signed" => out.signed = self.date(c, full),
                key @ ("notice_days" | "notice_months") => {
                    if matches!(c.value.kind, Kind::Null) {
                        continue;
                    }
                    if let Some(first) = period_key {
                        let message = tr!(
                            self.lang,
                            "`{full}` : le préavis est déjà donné par `contract.{first}` ; cette clé est ignorée",
                            "`{full}`: the notice is already given by `contract.{first}`; this key is ignored"
                        );
                        let help = tr!(
                            self.lang,
                            "gardez une seule des deux clés, `notice_days` ou `notice_months`, comme le dit le contrat",
                            "keep only one of `notice_days` and `notice_months`, as the contract words it"
                        );
                        self.invalid(c.key_pos, message, Some(help));
                        continue;
                    }
                    period_key = Some(key);
                    if key == "notice_days" {
                        out.notice_days = self.days(c, full);
                    } else {
                        out.notice_months = self.count(
                            c,
                            full,
                            ("un nombre entier de mois", "a whole number of months"),
                        );
                    }
                }
                _ => {}
            }
        }
        out
    }

    fn client_contact(&mut self, e: &Entry) -> ClientContact {
        let mut out = ClientContact::default();
        for c in self.table(e, "client_contact", CLIENT_CONTACT) {
            let full = Dotted("client_contact", &c.key);
            let value = self.string(c, full);
            match c.key.as_str() {
                "name" => out.name = value,
                "email" => out.email = value,
                _ => out.address = value,
            }
        }
        out
    }

    /// A text where blank means absent (no finding).
    fn optional_text(&mut self, e: &Entry, path: impl Display + Copy) -> Option<Field<String>> {
        match &e.value.kind {
            Kind::Str(s) if s.trim().is_empty() => None,
            _ => self.string(e, path),
        }
    }

    fn amount(&mut self, e: &Entry, path: impl Display + Copy) -> Option<Field<f64>> {
        let value = match e.value.kind {
            Kind::Null => return None,
            Kind::Int(i) => i as f64,
            Kind::Float(f, _) if f.is_finite() => f,
            _ => {
                self.wrong_type(e, path, "un nombre", "a number");
                return None;
            }
        };
        Some(Field {
            value,
            pos: e.key_pos,
        })
    }

    fn tags(&mut self, e: &Entry) -> (Vec<String>, Vec<Pos>) {
        let Kind::List(items) = &e.value.kind else {
            if !matches!(e.value.kind, Kind::Null) {
                self.wrong_type(
                    e,
                    "tags",
                    "une liste de textes, comme `[seo, dev]`",
                    "a list of strings, like `[seo, dev]`",
                );
            }
            return (Vec::new(), Vec::new());
        };
        let mut tags = Vec::with_capacity(items.len());
        let mut positions = Vec::with_capacity(items.len());
        for item in items {
            match &item.kind {
                Kind::Str(s) if !s.trim().is_empty() => {
                    tags.push(s.trim().to_string());
                    positions.push(item.pos);
                }
                _ => {
                    let message = tr!(
                        self.lang,
                        "`tags` : chaque étiquette doit être un texte non vide",
                        "`tags`: each tag must be a non-empty string"
                    );
                    self.invalid(item.pos, message, None);
                }
            }
        }
        (tags, positions)
    }

    /// `client_names`: the names, and whether something in the list is not a usable name.
    fn names(&mut self, e: &Entry) -> (Vec<Field<String>>, bool) {
        let Kind::List(items) = &e.value.kind else {
            if matches!(e.value.kind, Kind::Null) {
                return (Vec::new(), false);
            }
            self.wrong_type(
                e,
                "client_names",
                "une liste de textes, comme `[\"Lumière\", \"M. Dupont\"]`",
                "a list of strings, like `[\"Lumière\", \"Mr Dupont\"]`",
            );
            return (Vec::new(), true);
        };
        let mut names = Vec::with_capacity(items.len());
        let mut invalid = false;
        for item in items {
            match &item.kind {
                Kind::Str(s) if !s.trim().is_empty() => names.push(Field {
                    value: s.trim().to_string(),
                    pos: item.pos,
                }),
                Kind::Int(i) => names.push(Field {
                    value: i.to_string(),
                    pos: item.pos,
                }),
                _ => {
                    invalid = true;
                    let message = tr!(
                        self.lang,
                        "`client_names` : chaque nom doit être un texte non vide",
                        "`client_names`: each name must be a non-empty string"
                    );
                    self.invalid(item.pos, message, None);
                }
            }
        }
        (names, invalid)
    }

    fn exchange(&mut self, e: &Entry, path: impl Display + Copy) -> Exchange {
        let mut out = Exchange::default();
        for c in self.table(e, path, EXCHANGE) {
            let full = Dotted(&path, &c.key);
            match c.key.as_str() {
                "requested" => out.requested = self.date(c, full),
                "received" => out.received = self.date(c, full),
                _ => {}
            }
        }
        out
    }

    /// The maps of a list of tables; other items are reported.
    fn list_of_tables<'e>(&mut self, e: &'e Entry, path: &str) -> Vec<(usize, &'e Node)> {
        let Kind::List(items) = &e.value.kind else {
            if !matches!(e.value.kind, Kind::Null) {
                self.wrong_type(e, path, "une liste de tables", "a list of tables");
            }
            return Vec::new();
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            if matches!(item.kind, Kind::Map(_)) {
                out.push((i, item));
            } else {
                let message = tr!(
                    self.lang,
                    "`{path}[{i}]` doit être une table de clés",
                    "`{path}[{i}]` must be a table of keys"
                );
                self.invalid(item.pos, message, None);
            }
        }
        out
    }

    fn item_entries<'n>(&mut self, node: &'n Node, path: &str, known: &[&str]) -> Vec<&'n Entry> {
        let Kind::Map(items) = &node.kind else {
            return Vec::new();
        };
        items
            .iter()
            .filter(|item| {
                let ok = known.contains(&item.key.as_str());
                if !ok {
                    self.unknown(item, Some(&path), known);
                }
                ok
            })
            .collect()
    }

    fn invoices(&mut self, e: &Entry) -> Vec<Invoice> {
        let mut out = Vec::new();
        for (i, node) in self.list_of_tables(e, "invoices") {
            let path = format!("invoices[{i}]");
            let mut inv = Invoice {
                pos: node.pos,
                ..Invoice::default()
            };
            for c in self.item_entries(node, &path, INVOICE) {
                let full = Dotted(&path, &c.key);
                match c.key.as_str() {
                    "number" => inv.number = self.string(c, full),
                    "amount" => {
                        inv.amount = self.amount(c, full);
                        inv.amount_text = amount_text(c);
                    }
                    "issued" => inv.issued = self.date(c, full),
                    "due" => inv.due = self.date(c, full),
                    "paid" => inv.paid = self.date(c, full),
                    "rar" => inv.rar = self.string(c, full),
                    "reminded" => inv.reminded = self.date(c, full),
                    "formal_notice" => inv.formal_notice = self.date(c, full),
                    _ => {}
                }
            }
            out.push(inv);
        }
        out
    }

    fn allows(&mut self, e: &Entry) -> Vec<Allow> {
        let mut out = Vec::new();
        for (i, node) in self.list_of_tables(e, "lint.allow") {
            let path = format!("lint.allow[{i}]");
            let mut allow = Allow {
                pos: node.pos,
                rule: None,
                reason: None,
            };
            let mut has_rule = false;
            for c in self.item_entries(node, &path, ALLOW) {
                let full = Dotted(&path, &c.key);
                match c.key.as_str() {
                    "rule" => {
                        has_rule = true;
                        allow.rule = self.string(c, full);
                    }
                    "reason" => {
                        allow.reason = match &c.value.kind {
                            Kind::Str(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
                            Kind::Str(_) | Kind::Null => None,
                            _ => {
                                self.wrong_type(c, full, "un texte", "a string");
                                None
                            }
                        }
                    }
                    _ => {}
                }
            }
            if !has_rule {
                let message = tr!(
                    self.lang,
                    "`{path}` n'indique pas de `rule` à faire taire",
                    "`{path}` names no `rule` to silence"
                );
                self.invalid(node.pos, message, None);
            }
            out.push(allow);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tree::{Origin, parse_toml, parse_yaml};

    fn run(yaml: &str) -> (Front, Vec<Finding>) {
        let node = parse_yaml(yaml, Origin { first_line: 2 }).unwrap();
        let mut findings = Vec::new();
        let front = validate(&node, Lang::En, &mut findings).unwrap();
        (front, findings)
    }

    fn rules(findings: &[Finding]) -> Vec<(&str, u32)> {
        findings.iter().map(|f| (f.rule.id, f.pos.line)).collect()
    }

    const OK: &str = "title: T\nclient: C\nstart: 2025-01-15\nstatus: active\n";

    #[test]
    fn a_complete_active_mission_is_clean() {
        let (front, findings) = run(OK);
        assert!(findings.is_empty(), "{findings:?}");
        assert_eq!(front.status(), Some(Status::Active));
        assert_eq!(front.publish(), Publish::Private);
    }

    #[test]
    fn missing_fields_point_at_status() {
        let (_, findings) = run("title: T\nstatus: closed\n");
        assert_eq!(
            rules(&findings),
            vec![
                ("field-missing", 3),
                ("field-missing", 3),
                ("field-missing", 3),
                ("field-missing", 3)
            ]
        );
        assert!(findings[2].message.contains("`end`"));
        let (_, findings) = run("title: T\n");
        assert!(findings.iter().all(|f| f.pos == Pos::START));
    }

    #[test]
    fn invalid_values_count_as_absent_and_are_not_also_missing() {
        let (front, findings) = run(
            "title: T\nclient: C\nstart: 2025-01-15\nstatus: closd\npublish: lesson\nend: 2025-09-31\n",
        );
        assert_eq!(front.status, None);
        assert_eq!(front.publish(), Publish::Private);
        assert_eq!(
            rules(&findings),
            vec![
                ("field-invalid", 5),
                ("field-invalid", 6),
                ("field-invalid", 7)
            ]
        );
        assert_eq!(findings[0].help.as_deref(), Some("did you mean `closed`?"));
        assert_eq!(findings[1].help.as_deref(), Some("did you mean `lessons`?"));
        assert!(findings[2].message.contains("2025-09-31"), "{findings:?}");
    }

    #[test]
    fn unknown_keys_everywhere_with_suggestions() {
        let (front, findings) = run(&format!(
            "{OK}end_reson: unpaid\nfeedback: {{ recieved: 2025-01-02 }}\ninvoices:\n  - {{ number: A1, payed: 2025-01-01 }}\n"
        ));
        assert_eq!(front.end_reason, None);
        assert_eq!(front.feedback.received, None);
        assert_eq!(
            rules(&findings),
            vec![
                ("field-unknown", 6),
                ("field-unknown", 7),
                ("field-unknown", 9)
            ]
        );
        assert_eq!(
            findings[0].help.as_deref(),
            Some("did you mean `end_reason`?")
        );
        assert_eq!(
            findings[1].help.as_deref(),
            Some("did you mean `feedback.received`?")
        );
        assert!(findings[2].message.contains("`invoices[0].payed`"));
    }

    #[test]
    fn dotted_keys_are_nested_keys() {
        let (front, findings) = run(&format!(
            "{OK}feedback.requested: 2025-07-01\nfeedback.received: 2025-07-08\n"
        ));
        assert!(findings.is_empty(), "{findings:?}");
        assert!(front.feedback.requested.is_some() && front.feedback.received.is_some());
    }

    #[test]
    fn invoices_allows_and_nulls() {
        let (front, findings) = run(&format!(
            "{OK}invoices:\n  - {{ number: \"2025-01\", amount: 1800.5, issued: 2025-01-01, due: 2025-01-31, paid: null, rar: \"1A 23\" }}\nlint:\n  allow:\n    - {{ rule: access-open, reason: \"  \" }}\n    - {{ reason: x }}\n"
        ));
        assert_eq!(rules(&findings), vec![("field-invalid", 11)]);
        let inv = &front.invoices[0];
        assert_eq!(inv.amount.as_ref().unwrap().value, 1800.5);
        assert_eq!(inv.amount_text.as_deref(), Some("1800.5"));
        assert!(inv.paid.is_none() && inv.due.is_some());
        assert_eq!(inv.pos.line, 7);
        assert_eq!(front.allow.len(), 2);
        assert_eq!(front.allow[0].reason, None);
        assert_eq!(front.allow[0].rule.as_ref().unwrap().value, "access-open");
    }

    #[test]
    fn toml_native_dates_and_datetimes() {
        let node = parse_toml(
            "title = \"T\"\nclient = \"C\"\nstart = 2025-01-15\nend = \"2025-02-01\"\nstatus = \"ending\"\nended_by = \"me\"\n[feedback]\nrequested = 2025-01-15T10:00:00\n",
            Origin { first_line: 2 },
        )
        .unwrap();
        let mut findings = Vec::new();
        let front = validate(&node, Lang::Fr, &mut findings).unwrap();
        assert_eq!(front.start.unwrap().value, jiff::civil::date(2025, 1, 15));
        assert_eq!(front.end.unwrap().value, jiff::civil::date(2025, 2, 1));
        assert_eq!(rules(&findings), vec![("field-invalid", 9)]);
        assert!(findings[0].message.contains("heure"));
    }

    #[test]
    fn wrong_types_are_invalid() {
        let (_, findings) = run(&format!(
            "{OK}tags: seo\ndraft: yes\ncontract: {{ notice_days: -3 }}\n"
        ));
        assert_eq!(
            rules(&findings),
            vec![
                ("field-invalid", 6),
                ("field-invalid", 7),
                ("field-invalid", 8)
            ]
        );
    }

    #[test]
    fn dotted_keys_count_as_the_levels_they_make() {
        let key = |segments: usize| vec!["a"; segments].join(".");
        // 64 levels with the front matter's own table: read (and `a` is unknown).
        let node = parse_yaml(&format!("{}: 1\n", key(64)), Origin { first_line: 2 }).unwrap();
        assert!(validate(&node, Lang::En, &mut Vec::new()).is_ok());
        // One more, or a list as the value: too deep, at the key.
        for text in [format!("{}: 1\n", key(65)), format!("{}: [1]\n", key(64))] {
            let node = parse_yaml(&format!("title: x\n{text}"), Origin { first_line: 2 }).unwrap();
            let err = validate(&node, Lang::En, &mut Vec::new()).unwrap_err();
            assert_eq!(err.pos, Some(Pos::new(3, 1)));
            assert_eq!(err.message, tree::too_deep_message(Lang::En));
        }
        // Empty segments are not levels (`expand_dotted` keeps such keys whole).
        let node = parse_yaml(
            &format!("a{}: 1\n", ".".repeat(200)),
            Origin { first_line: 2 },
        )
        .unwrap();
        assert!(validate(&node, Lang::En, &mut Vec::new()).is_ok());
    }

    #[test]
    fn version_2_keys_are_typed() {
        let (front, findings) = run(&format!(
            "{OK}client_kind: consumer\nclient_contact: {{ name: N, address: \"1 rue A\\n69001 Lyon\" }}\ncontract: {{ notice_months: 2, notice_days: 30, signed: 2025-01-10 }}\ndeposit: {{ amount: 500, requested: 2025-01-10 }}\nrgpd: {{ returned: 2025-02-01, hold: \"  \" }}\n"
        ));
        assert_eq!(rules(&findings), vec![("field-invalid", 8)]);
        assert_eq!(front.client_kind(), ClientKind::Consumer);
        assert_eq!(
            front.client_contact.address.unwrap().value,
            "1 rue A\n69001 Lyon"
        );
        assert_eq!(
            front.contract.notice_period(),
            Some(NoticePeriod::Months(2))
        );
        assert_eq!(front.contract.notice_days, None);
        assert!(front.contract.signed.is_some());
        assert_eq!(front.deposit.amount_text.as_deref(), Some("500"));
        assert_eq!(front.deposit.amount.unwrap().value, 500.0);
        assert!(front.rgpd.returned.is_some() && front.rgpd.hold.is_none());
        // Absent or invalid: business.
        let (front, findings) = run(&format!("{OK}client_kind: b2b\n"));
        assert_eq!(front.client_kind(), ClientKind::Business);
        assert_eq!(findings[0].help.as_deref(), None);
    }

    #[test]
    fn a_front_matter_that_is_not_a_table_is_a_syntax_problem() {
        let node = parse_yaml("- a\n- b\n", Origin { first_line: 2 }).unwrap();
        assert!(validate(&node, Lang::En, &mut Vec::new()).is_err());
    }
}
