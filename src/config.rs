//! `book.toml`: the book's typed configuration, its defaults, and its validation. Every unknown key
//! or wrong value is an error at `book.toml:line:col`, with "did you mean" when a known key is
//! close. Validation is complete here: a `Config` that exists is valid.
//!
//! `[author]` and `[money]` are for the letters `debrief draft` writes; `[author]` is private: no
//! page, template context or file of a build reads it.
//!
//! The `[lint]` table's types belong to the linter (`lint::Settings`); the positioned tree the file
//! is read into is `tree`'s. Neither depends on this module.

use crate::diagnostic::{Pos, Severity};
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::layout::BOOK_TOML;
use crate::lint::{CustomElement, Policy, RuleSetting, Settings};
use crate::text::{closest, normalize_heading};
use crate::tr;
use crate::tree::{Entry, Kind, Node, Origin, parse_toml};
use crate::vocab::Status;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub book: BookMeta,
    pub build: Build,
    pub site: Site,
    pub author: Author,
    pub money: Money,
    pub lint: Settings,
}

/// `[author]`: who signs the letters. Private: never in a public build.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Author {
    pub name: Option<String>,
    pub business: Option<String>,
    pub siret: Option<String>,
    /// May span lines.
    pub address: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// Where letters are signed: "Fait à {city}, le …".
    pub city: Option<String>,
}

/// `[money]`: the numbers the money letters use.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Money {
    /// The late-payment rate of the terms of sale, in % a year, as written (`12.15`); `None`: the
    /// ECB rate + 10 points.
    pub late_rate: Option<crate::money::Rate>,
    /// The deadline a formal notice gives, in days, when set here (it then also sets the
    /// linter's `formal_notice_days`).
    pub formal_notice_days: Option<i64>,
    pub vat: Vat,
}

/// Whether invoice amounts include VAT.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Vat {
    /// Amounts are VAT included (TTC).
    #[default]
    Included,
    /// No VAT applies ("TVA non applicable, art. 293 B du CGI").
    None,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BookMeta {
    pub title: String,
    pub authors: Vec<String>,
    pub description: String,
    pub language: Lang,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Build {
    pub content_dir: PathBuf,
    pub build_dir: PathBuf,
    pub theme_dir: PathBuf,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Site {
    pub base_url: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            book: BookMeta {
                title: "Debrief".into(),
                authors: Vec::new(),
                description: String::new(),
                language: Lang::Fr,
            },
            build: Build {
                content_dir: "content".into(),
                build_dir: "site".into(),
                theme_dir: "theme".into(),
            },
            site: Site::default(),
            author: Author::default(),
            money: Money::default(),
            lint: Settings::default(),
        }
    }
}

impl Config {
    /// Reads and validates `root/book.toml`.
    pub fn load(root: &Path, lang: Lang) -> Result<Config> {
        let path = root.join(BOOK_TOML);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            Error::io(
                &path,
                lang,
                &tr!(lang, "lecture impossible", "cannot read it"),
                &e,
            )
        })?;
        Config::parse(&text, lang).map_err(|mut e| {
            e.path = Some(path);
            e
        })
    }

    /// Parses `book.toml` text. Errors carry a position but no path.
    pub fn parse(text: &str, lang: Lang) -> Result<Config> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let root = parse_toml(text, Origin { first_line: 1 }).map_err(|e| Error {
            path: None,
            pos: Some(e.pos),
            message: tr!(
                lang,
                "TOML invalide\u{a0}: {}",
                "invalid TOML: {}",
                e.text(lang)
            ),
            help: e.help(lang),
        })?;
        let mut config = Config::default();
        let v = ConfigReader { lang };
        for e in v.table(
            &root,
            "",
            &["book", "build", "site", "author", "money", "lint"],
        )? {
            match e.key.as_str() {
                "book" => {
                    for b in v.table(
                        &e.value,
                        "book.",
                        &["title", "authors", "description", "language"],
                    )? {
                        match b.key.as_str() {
                            "title" => config.book.title = v.string(b, "book.")?,
                            "authors" => config.book.authors = v.strings(b, "book.")?,
                            "description" => config.book.description = v.string(b, "book.")?,
                            _ => {
                                let s = v.string(b, "book.")?;
                                config.book.language = s
                                    .parse()
                                    .map_err(|_| v.bad_value(b, "book.", &s, &["fr", "en"]))?;
                            }
                        }
                    }
                }
                "build" => {
                    for b in v.table(
                        &e.value,
                        "build.",
                        &["content-dir", "build-dir", "theme-dir"],
                    )? {
                        let dir = PathBuf::from(v.string(b, "build.")?);
                        match b.key.as_str() {
                            "content-dir" => config.build.content_dir = dir,
                            "build-dir" => config.build.build_dir = dir,
                            _ => config.build.theme_dir = dir,
                        }
                    }
                }
                "site" => {
                    for b in v.table(&e.value, "site.", &["base-url"])? {
                        config.site.base_url = Some(v.string(b, "site.")?);
                    }
                }
                "author" => config.author = v.author(&e.value)?,
                "money" => config.money = v.money(&e.value)?,
                _ => v.lint(&e.value, &mut config.lint)?,
            }
        }
        if let Some(days) = config.money.formal_notice_days {
            config.lint.policy.formal_notice_days = days;
        }
        Ok(config)
    }

    /// The language messages are written in: `--lang` when given, else the book's.
    pub fn lang(&self, flag: Option<Lang>) -> Lang {
        flag.unwrap_or(self.book.language)
    }
}

struct ConfigReader {
    lang: Lang,
}

impl ConfigReader {
    fn error(&self, pos: Pos, message: String) -> Error {
        Error {
            path: None,
            pos: Some(pos),
            message,
            help: None,
        }
    }

    fn table<'n>(&self, node: &'n Node, prefix: &str, known: &[&str]) -> Result<&'n [Entry]> {
        let Kind::Map(entries) = &node.kind else {
            let name = prefix.trim_end_matches('.');
            return Err(self.error(
                node.pos,
                tr!(
                    self.lang,
                    "`{name}` doit être une table",
                    "`{name}` must be a table"
                ),
            ));
        };
        for e in entries {
            if !known.contains(&e.key.as_str()) {
                let key = format!("{prefix}{}", e.key);
                let mut err = self.error(
                    e.key_pos,
                    tr!(self.lang, "clé inconnue `{key}`", "unknown key `{key}`"),
                );
                err.help = Some(match closest(&e.key, known, 2) {
                    Some(s) => tr!(
                        self.lang,
                        "vouliez-vous dire `{prefix}{s}`\u{a0}?",
                        "did you mean `{prefix}{s}`?"
                    ),
                    None => {
                        let list = known
                            .iter()
                            .map(|k| format!("`{prefix}{k}`"))
                            .collect::<Vec<_>>()
                            .join(", ");
                        tr!(
                            self.lang,
                            "clés connues\u{a0}: {list}",
                            "known keys: {list}"
                        )
                    }
                });
                return Err(err);
            }
        }
        Ok(entries)
    }

    fn wrong_type(&self, e: &Entry, prefix: &str, fr: &str, en: &str) -> Error {
        let key = format!("{prefix}{}", e.key);
        let found = e.value.kind.type_name(self.lang);
        self.error(
            e.value.pos,
            tr!(
                self.lang,
                "`{key}` doit être {fr}, pas {found}",
                "`{key}` must be {en}, not {found}"
            ),
        )
    }

    fn bad_value(&self, e: &Entry, prefix: &str, value: &str, allowed: &[&str]) -> Error {
        let key = format!("{prefix}{}", e.key);
        let list = allowed
            .iter()
            .map(|a| format!("`{a}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let mut err = self.error(
            e.value.pos,
            tr!(
                self.lang,
                "`{key}`\u{a0}: valeur `{value}` invalide\u{a0}; valeurs permises\u{a0}: {list}",
                "`{key}`: invalid value `{value}`; allowed values: {list}"
            ),
        );
        // Compared in lower case, like front-matter values: `EN` is `en`, not `fr`.
        err.help = closest(&value.to_lowercase(), allowed, 3).map(|s| {
            tr!(
                self.lang,
                "vouliez-vous dire `{s}`\u{a0}?",
                "did you mean `{s}`?"
            )
        });
        err
    }

    fn string(&self, e: &Entry, prefix: &str) -> Result<String> {
        match &e.value.kind {
            Kind::Str(s) => Ok(s.clone()),
            _ => Err(self.wrong_type(e, prefix, "un texte", "a string")),
        }
    }

    fn strings(&self, e: &Entry, prefix: &str) -> Result<Vec<String>> {
        let err = || self.wrong_type(e, prefix, "une liste de textes", "a list of strings");
        let Kind::List(items) = &e.value.kind else {
            return Err(err());
        };
        items
            .iter()
            .map(|i| match &i.kind {
                Kind::Str(s) => Ok(s.clone()),
                _ => Err(err()),
            })
            .collect()
    }

    fn days(&self, e: &Entry, prefix: &str) -> Result<i64> {
        match e.value.kind {
            Kind::Int(i) if i >= 0 => Ok(i),
            _ => Err(self.wrong_type(
                e,
                prefix,
                "un nombre entier de jours, positif",
                "a non-negative whole number of days",
            )),
        }
    }

    /// A deadline given in a formal notice: 1 to 30 days.
    fn formal_notice_days(&self, e: &Entry, prefix: &str) -> Result<i64> {
        match e.value.kind {
            Kind::Int(i) if (1..=30).contains(&i) => Ok(i),
            _ => {
                let key = format!("{prefix}{}", e.key);
                Err(self.error(
                    e.value.pos,
                    tr!(
                        self.lang,
                        "`{key}` doit être un nombre entier de jours entre 1 et 30 (l’usage est 8, jusqu’à 15)",
                        "`{key}` must be a whole number of days from 1 to 30 (8 is usual, up to 15)"
                    ),
                ))
            }
        }
    }

    fn author(&self, node: &Node) -> Result<Author> {
        let p = "author.";
        let keys = [
            "name", "business", "siret", "address", "email", "phone", "city",
        ];
        let mut a = Author::default();
        for e in self.table(node, p, &keys)? {
            let value = Some(self.string(e, p)?);
            match e.key.as_str() {
                "name" => a.name = value,
                "business" => a.business = value,
                "siret" => a.siret = value,
                "address" => a.address = value,
                "email" => a.email = value,
                "phone" => a.phone = value,
                _ => a.city = value,
            }
        }
        Ok(a)
    }

    fn money(&self, node: &Node) -> Result<Money> {
        let p = "money.";
        let mut m = Money::default();
        for e in self.table(node, p, &["late-rate", "formal-notice-days", "vat"])? {
            match e.key.as_str() {
                "late-rate" => {
                    // Read from the text as written, exactly: the rate goes into money sums.
                    let rate = match &e.value.kind {
                        Kind::Int(i) => crate::money::Rate::parse(&i.to_string()).ok(),
                        Kind::Float(_, text) => crate::money::Rate::parse(text).ok(),
                        _ => None,
                    }
                    .filter(|r| r.0 <= 100 * 10_000);
                    let Some(rate) = rate else {
                        return Err(self.error(
                            e.value.pos,
                            tr!(
                                self.lang,
                                "`money.late-rate` doit être un taux annuel en %, entre 0 et 100, avec au plus 4 décimales (par exemple `12.15`)",
                                "`money.late-rate` must be a yearly rate in %, from 0 to 100, with at most 4 decimals (for example `12.15`)"
                            ),
                        ));
                    };
                    m.late_rate = Some(rate);
                }
                "formal-notice-days" => {
                    m.formal_notice_days = Some(self.formal_notice_days(e, p)?);
                }
                _ => {
                    let s = self.string(e, p)?;
                    m.vat = match s.as_str() {
                        "included" => Vat::Included,
                        "none" => Vat::None,
                        _ => return Err(self.bad_value(e, p, &s, &["included", "none"])),
                    };
                }
            }
        }
        Ok(m)
    }

    fn severity(&self, e: &Entry, prefix: &str, allow_off: bool) -> Result<Option<Severity>> {
        let s = self.string(e, prefix)?;
        if allow_off && s == "off" {
            return Ok(None);
        }
        s.parse().map(Some).map_err(|_| {
            let allowed: &[&str] = if allow_off {
                &["off", "info", "warning", "error"]
            } else {
                &["info", "warning", "error"]
            };
            self.bad_value(e, prefix, &s, allowed)
        })
    }

    fn lint(&self, node: &Node, lint: &mut Settings) -> Result<()> {
        for e in self.table(node, "lint.", &["rules", "policy", "require"])? {
            match e.key.as_str() {
                "rules" => {
                    let Kind::Map(rules) = &e.value.kind else {
                        return Err(self.wrong_type(e, "lint.", "une table", "a table"));
                    };
                    for r in rules {
                        lint.rules.push(RuleSetting {
                            id: r.key.clone(),
                            level: self.severity(r, "lint.rules.", true)?,
                            pos: r.key_pos,
                        });
                    }
                }
                "policy" => self.policy(&e.value, &mut lint.policy)?,
                _ => {
                    let Kind::List(items) = &e.value.kind else {
                        return Err(self.wrong_type(
                            e,
                            "lint.",
                            "une liste de tables `[[lint.require]]`",
                            "a list of `[[lint.require]]` tables",
                        ));
                    };
                    for item in items {
                        let custom = self.custom(item)?;
                        if lint.require.iter().any(|c| c.id == custom.id) {
                            return Err(self.error(
                                item.pos,
                                tr!(
                                    self.lang,
                                    "l’élément `{}` est déclaré deux fois",
                                    "element `{}` is declared twice",
                                    custom.id
                                ),
                            ));
                        }
                        lint.require.push(custom);
                    }
                }
            }
        }
        Ok(())
    }

    fn policy(&self, node: &Node, policy: &mut Policy) -> Result<()> {
        let p = "lint.policy.";
        let keys = [
            "access-grace-days",
            "rgpd-retention-days",
            "feedback-wait-days",
            "stale-grace-days",
            "formal-notice-days",
            "prescription-warn-days",
            "final-invoice-days",
            "payment-terms-max-days",
            "admin-words",
        ];
        for e in self.table(node, p, &keys)? {
            let key = e.key.as_str();
            if key == "admin-words" {
                let words = self.strings(e, p)?;
                policy.add_admin_words(words.iter().map(String::as_str));
                continue;
            }
            if key == "formal-notice-days" {
                policy.formal_notice_days = self.formal_notice_days(e, p)?;
                continue;
            }
            let days = self.days(e, p)?;
            match key {
                "access-grace-days" => policy.access_grace_days = days,
                "rgpd-retention-days" => policy.rgpd_retention_days = days,
                "feedback-wait-days" => policy.feedback_wait_days = days,
                "stale-grace-days" => policy.stale_grace_days = days,
                "prescription-warn-days" => policy.prescription_warn_days = days,
                "final-invoice-days" => policy.final_invoice_days = days,
                _ => policy.payment_terms_max_days = days,
            }
        }
        Ok(())
    }

    fn custom(&self, node: &Node) -> Result<CustomElement> {
        let keys = ["id", "headings", "status", "tags", "severity", "message"];
        let p = "lint.require.";
        let mut c = CustomElement {
            id: String::new(),
            headings: Vec::new(),
            norms: Vec::new(),
            status: vec![Status::Closed],
            tags: Vec::new(),
            severity: Severity::Warning,
            message: String::new(),
        };
        for e in self.table(node, p, &keys)? {
            match e.key.as_str() {
                "id" => {
                    let id = self.string(e, p)?;
                    let valid = !id.is_empty()
                        && id
                            .bytes()
                            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
                    if !valid {
                        return Err(self.error(
                            e.value.pos,
                            tr!(
                                self.lang,
                                "`{p}id`\u{a0}: `{id}` n’est pas un identifiant (minuscules, chiffres et `-`)",
                                "`{p}id`: `{id}` is not an id (lowercase letters, digits and `-`)"
                            ),
                        ));
                    }
                    if crate::diagnostic::catalog::find(&id).is_some() {
                        return Err(self.error(
                            e.value.pos,
                            tr!(
                                self.lang,
                                "`{p}id`\u{a0}: `{id}` est déjà une règle intégrée\u{a0}; choisissez un autre identifiant",
                                "`{p}id`: `{id}` is already a built-in rule; choose another id"
                            ),
                        ));
                    }
                    c.id = id;
                }
                "headings" => c.headings = self.strings(e, p)?,
                "status" => {
                    let names = self.strings(e, p)?;
                    c.status = names
                        .iter()
                        .map(|s| {
                            Status::parse(s).ok_or_else(|| self.bad_value(e, p, s, Status::ALL))
                        })
                        .collect::<Result<_>>()?;
                }
                "tags" => c.tags = self.strings(e, p)?,
                "severity" => c.severity = self.severity(e, p, false)?.unwrap_or(Severity::Warning),
                _ => c.message = self.string(e, p)?,
            }
        }
        for (key, missing) in [("id", c.id.is_empty()), ("headings", c.headings.is_empty())] {
            if missing {
                return Err(self.error(
                    node.pos,
                    tr!(
                        self.lang,
                        "`[[lint.require]]` sans `{key}`",
                        "`[[lint.require]]` without `{key}`"
                    ),
                ));
            }
        }
        c.norms = c.headings.iter().map(|h| normalize_heading(h)).collect();
        Ok(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::Policy;

    fn err(text: &str) -> Error {
        Config::parse(text, Lang::En).unwrap_err()
    }

    #[test]
    fn defaults() {
        let c = Config::parse("[book]\ntitle = \"T\"\n", Lang::En).unwrap();
        assert_eq!(c.book.language, Lang::Fr);
        assert_eq!(c.build.content_dir, PathBuf::from("content"));
        assert_eq!(c.build.build_dir, PathBuf::from("site"));
        assert_eq!(c.lint.policy, Policy::default());
    }

    #[test]
    fn full_config() {
        let c = Config::parse(
            r#"[book]
title = "Carnet"
authors = ["Claire"]
language = "en"
[build]
content-dir = "journal"
[site]
base-url = "https://example.org/"
[lint.rules]
deliverables-missing = "off"
access-open = "error"
[lint.policy]
access-grace-days = 60
[[lint.require]]
id = "tracking-removed"
headings = ["Outils de suivi", "Tracking"]
tags = ["seo"]
message = "Supprimer le suivi"
"#,
            Lang::En,
        )
        .unwrap();
        assert_eq!(c.book.language, Lang::En);
        assert_eq!(c.build.content_dir, PathBuf::from("journal"));
        assert_eq!(c.lint.rules[0].level, None);
        assert_eq!(c.lint.rules[1].level, Some(Severity::Error));
        assert_eq!(c.lint.rules[1].pos, Pos::new(11, 1));
        assert_eq!(c.lint.policy.access_grace_days, 60);
        assert_eq!(c.lint.policy.rgpd_retention_days, 30);
        let r = &c.lint.require[0];
        assert_eq!(r.status, vec![Status::Closed]);
        assert_eq!(r.severity, Severity::Warning);
        assert_eq!(r.norms, vec!["outils de suivi", "tracking"]);
    }

    #[test]
    fn unknown_keys_are_errors_with_suggestions() {
        let e = err("[book]\ntitle = \"T\"\nlanguge = \"fr\"\n");
        assert_eq!(e.pos, Some(Pos::new(3, 1)));
        assert_eq!(e.message, "unknown key `book.languge`");
        assert_eq!(e.help.as_deref(), Some("did you mean `book.language`?"));
        let e = err("[build]\ncontent_dir = \"c\"\n");
        assert_eq!(e.help.as_deref(), Some("did you mean `build.content-dir`?"));
    }

    #[test]
    fn wrong_types_and_values() {
        let e = err("[book]\nlanguage = \"de\"\n");
        assert_eq!(e.pos, Some(Pos::new(2, 12)));
        assert!(e.message.contains("`de`"));
        let e = err("[lint.policy]\naccess-grace-days = \"90\"\n");
        assert!(e.message.contains("whole number"), "{e}");
        let e = err("[lint.rules]\naccess-open = \"loud\"\n");
        assert!(e.message.contains("`loud`"), "{e}");
        let e = err("[book\n");
        assert_eq!(e.pos.map(|p| p.line), Some(1));
    }

    #[test]
    fn author_and_money() {
        let c = Config::parse(
            "[author]\nname = \"Claire Martin\"\naddress = \"12 rue des Lilas\\n69003 Lyon\"\ncity = \"Lyon\"\n[money]\nlate-rate = 12.15\nformal-notice-days = 15\nvat = \"none\"\n",
            Lang::En,
        )
        .unwrap();
        assert_eq!(c.author.name.as_deref(), Some("Claire Martin"));
        assert_eq!(
            c.author.address.as_deref(),
            Some("12 rue des Lilas\n69003 Lyon")
        );
        assert_eq!(c.author.siret, None);
        assert_eq!(c.money.late_rate, Some(crate::money::Rate(121_500)));
        assert_eq!(c.money.vat, Vat::None);
        assert_eq!(c.lint.policy.formal_notice_days, 15);
        let c = Config::parse("[book]\n", Lang::En).unwrap();
        assert_eq!((c.money.vat, c.money.late_rate), (Vat::Included, None));
        assert_eq!(c.author, Author::default());
    }

    #[test]
    fn money_formal_notice_days_wins_over_the_policy_in_either_order() {
        for text in [
            "[money]\nformal-notice-days = 10\n[lint.policy]\nformal-notice-days = 20\n",
            "[lint.policy]\nformal-notice-days = 20\n[money]\nformal-notice-days = 10\n",
        ] {
            let c = Config::parse(text, Lang::En).unwrap();
            assert_eq!(c.lint.policy.formal_notice_days, 10, "{text}");
        }
        let c = Config::parse("[lint.policy]\nformal-notice-days = 20\n", Lang::En).unwrap();
        assert_eq!(c.lint.policy.formal_notice_days, 20);
    }

    #[test]
    fn new_tables_are_validated() {
        let e = err("[author]\nnom = \"Claire\"\n");
        assert_eq!(e.pos, Some(Pos::new(2, 1)));
        assert_eq!(e.message, "unknown key `author.nom`");
        let e = err("[money]\nlate_rate = 12\n");
        assert_eq!(e.help.as_deref(), Some("did you mean `money.late-rate`?"));
        for bad in ["12.12345", "100.5", "-1", "\"12\"", "1e1"] {
            let e = err(&format!("[money]\nlate-rate = {bad}\n"));
            assert!(
                e.message.contains("at most 4 decimals"),
                "{bad}: {}",
                e.message
            );
        }
        let e = err("[money]\nvat = \"include\"\n");
        assert_eq!(e.pos, Some(Pos::new(2, 7)));
        assert_eq!(e.help.as_deref(), Some("did you mean `included`?"));
        for bad in ["0", "31", "-1", "\"8\"", "8.5"] {
            for table in ["money", "lint.policy"] {
                let e = err(&format!("[{table}]\nformal-notice-days = {bad}\n"));
                assert_eq!(e.pos.map(|p| p.line), Some(2), "{table} {bad}");
                assert!(e.message.contains("from 1 to 30"), "{e}");
            }
        }
        for ok in ["1", "30"] {
            assert!(
                Config::parse(&format!("[money]\nformal-notice-days = {ok}\n"), Lang::En).is_ok()
            );
        }
        let e = err("[money]\nlate-rate = \"12,15\"\n");
        assert!(e.message.contains("yearly rate"), "{e}");
        let e = err("[author]\nname = 3\n");
        assert!(e.message.contains("string"), "{e}");
    }

    #[test]
    fn new_policy_numbers_and_admin_words() {
        let c = Config::parse(
            "[lint.policy]\nstale-grace-days = 14\nprescription-warn-days = 120\nfinal-invoice-days = 45\npayment-terms-max-days = 75\nadmin-words = [\"Réunion de suivi\"]\n",
            Lang::En,
        )
        .unwrap();
        let p = &c.lint.policy;
        assert_eq!(
            (
                p.stale_grace_days,
                p.prescription_warn_days,
                p.final_invoice_days
            ),
            (14, 120, 45)
        );
        assert_eq!(p.payment_terms_max_days, 75);
        assert!(p.is_admin("2025-03-01 Réunion de suivi"));
        assert!(p.is_admin("2025-03-01 Relance"));
        let d = Policy::default();
        assert_eq!(
            (
                d.stale_grace_days,
                d.formal_notice_days,
                d.prescription_warn_days
            ),
            (7, 8, 90)
        );
        assert_eq!((d.final_invoice_days, d.payment_terms_max_days), (31, 60));
        let e = err("[lint.policy]\nadmin-words = \"relance\"\n");
        assert!(e.message.contains("list of strings"), "{e}");
    }

    #[test]
    fn custom_ids_must_not_clash() {
        let e = err("[[lint.require]]\nid = \"access-open\"\nheadings = [\"X\"]\n");
        assert!(e.message.contains("built-in"), "{e}");
        let e = err("[[lint.require]]\nid = \"x\"\n");
        assert!(e.message.contains("headings"), "{e}");
    }
}
