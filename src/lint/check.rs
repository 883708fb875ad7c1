//! Running the rules: loader findings and every rule's check per mission (in parallel), the
//! book-wide rules, then `lint.allow` and `[lint.rules]`, then a stable order (path, line,
//! column, rule).

use super::CustomElement;
use super::Diagnostic;
use super::rules::suppression::unknown_rule_message;
use super::rules::{CHECKS, Ctx, More, PER_RULE_LIMIT, Raw, Sink};
use super::typeset::typeset;
use crate::diagnostic::catalog::{ALLOW_UNKNOWN_RULE, DUPLICATE_SLUG};
use crate::diagnostic::{Pos, RULES, Rule, Severity};
use crate::i18n::Lang;
use crate::journal::{Book, Listing, Mission};
use crate::layout::BOOK_TOML;
use crate::text::LineIndex;
use crate::tr;
use jiff::civil::Date;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};

/// What to lint and how.
#[derive(Debug, Clone)]
pub struct Options {
    pub today: Date,
    pub lang: Lang,
    /// Report only on these missions (paths relative to the book root); `None` = the whole book.
    /// Book-wide facts (duplicate slugs) are still computed over every mission.
    pub only: Option<HashSet<String>>,
}

/// The result of a lint run.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub diagnostics: Vec<Diagnostic>,
    /// How many files were reported on.
    pub files: usize,
}

impl Outcome {
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
}

/// The rule of a diagnostic: a built-in one, or a custom element (`[[lint.require]]`) by its id.
#[derive(Clone, Copy)]
enum Source<'b> {
    Builtin(&'static Rule),
    Custom(&'b str),
}

impl<'b> Source<'b> {
    fn id(self) -> &'b str {
        match self {
            Source::Builtin(rule) => rule.id,
            Source::Custom(id) => id,
        }
    }

    /// Whether `lint.allow` can silence it. A custom element can, unless its id starts with
    /// `allow-` like the suppression rules' ids: such ids never could, and still cannot.
    fn silenceable(self) -> bool {
        match self {
            Source::Builtin(rule) => rule.silenceable,
            Source::Custom(id) => !id.starts_with("allow-"),
        }
    }
}

/// A diagnostic before suppression.
struct Item<'b> {
    rule: Source<'b>,
    raw: Raw,
}

/// The ids a book knows: every built-in rule's, then its custom elements'.
fn known_ids(book: &Book) -> Vec<&str> {
    RULES
        .iter()
        .map(|r| r.id)
        .chain(book.config.lint.require.iter().map(|c| c.id.as_str()))
        .collect()
}

/// `[lint.rules]`: the level each named rule is given (`None`: off).
fn levels(book: &Book) -> HashMap<&str, Option<Severity>> {
    book.config
        .lint
        .rules
        .iter()
        .map(|r| (r.id.as_str(), r.level))
        .collect()
}

/// Lints `book`.
pub fn run(book: &Book, opts: &Options) -> Outcome {
    let journals = book
        .missions
        .iter()
        .map(|m| (m.rel.as_str(), m.slug.as_str()));
    let linter = Linter::new(book, journals, opts);
    let diagnostics = book
        .missions
        .par_iter()
        .enumerate()
        .filter(|(_, m)| linter.selected(&m.rel))
        .flat_map_iter(|(i, m)| linter.mission(i, m))
        .collect();
    let files = book
        .missions
        .iter()
        .filter(|m| linter.selected(&m.rel))
        .count();
    linter.outcome(diagnostics, files)
}

/// Lints the journals of `listing` (`Book::list`) of an opened `book` (`Book::open`, its
/// `missions` unused) exactly as `run` lints the loaded book, reading only the journals
/// `opts.only` selects, one at a time per thread, each dropped once linted: memory holds the
/// diagnostics, not the book. The others are known by their path and slug only.
pub fn run_listed(book: &Book, listing: &Listing, opts: &Options) -> Outcome {
    let journals = listing.journals.iter();
    let linter = Linter::new(
        book,
        journals.map(|j| (j.rel.as_str(), j.slug.as_str())),
        opts,
    );
    let diagnostics = listing
        .journals
        .par_iter()
        .enumerate()
        .filter(|(_, j)| linter.selected(&j.rel))
        .flat_map_iter(|(i, j)| linter.mission(i, &book.read(j, opts.lang)))
        .collect();
    let files = listing
        .journals
        .iter()
        .filter(|j| linter.selected(&j.rel))
        .count();
    linter.outcome(diagnostics, files)
}

/// What a lint run of a book needs besides the missions themselves: the ids it knows, the
/// levels `[lint.rules]` gives, and the `duplicate-slug` diagnostics by mission index.
struct Linter<'b> {
    book: &'b Book,
    opts: &'b Options,
    known: Vec<&'b str>,
    levels: HashMap<&'b str, Option<Severity>>,
    duplicates: HashMap<usize, Raw>,
}

impl<'b> Linter<'b> {
    /// `journals`: every journal's relative path and slug, in the order of `Book::missions`.
    fn new<'j>(
        book: &'b Book,
        journals: impl Iterator<Item = (&'j str, &'j str)>,
        opts: &'b Options,
    ) -> Self {
        Linter {
            book,
            opts,
            known: known_ids(book),
            levels: levels(book),
            duplicates: duplicate_slugs(journals, opts.lang),
        }
    }

    fn ctx(&self) -> Ctx<'_> {
        Ctx {
            today: self.opts.today,
            lang: self.opts.lang,
            policy: &self.book.config.lint.policy,
            known_ids: &self.known,
        }
    }

    fn selected(&self, rel: &str) -> bool {
        self.opts
            .only
            .as_ref()
            .is_none_or(|only| only.contains(rel))
    }

    /// The diagnostics of the mission at index `i`, typeset and in order (line, column, rule):
    /// the work the whole run's sort and typesetting would do, done on the mission's thread.
    fn mission(&self, i: usize, m: &Mission) -> Vec<Diagnostic> {
        let mut items = mission_items(&self.ctx(), m, &self.book.config.lint.require);
        items.extend(self.duplicates.get(&i).into_iter().map(|raw| Item {
            rule: Source::Builtin(&DUPLICATE_SLUG),
            raw: raw.clone(),
        }));
        let mut diagnostics = finish(m, items, &self.levels);
        diagnostics.sort_by(|a, b| (a.line, a.column, &a.rule).cmp(&(b.line, b.column, &b.rule)));
        typeset(&mut diagnostics, self.opts.lang);
        diagnostics
    }

    /// The outcome, with `book.toml`'s own diagnostics (on a whole-book run), in a stable order
    /// (path, line, column, rule). `diagnostics` come from `mission` in the missions' order, so
    /// the sort (stable) only merges runs already in order.
    fn outcome(&self, mut diagnostics: Vec<Diagnostic>, files: usize) -> Outcome {
        if self.opts.only.is_none() {
            let mut own = book_toml_diagnostics(self.book, &self.ctx(), &self.levels);
            typeset(&mut own, self.opts.lang);
            diagnostics.extend(own);
        }
        diagnostics.sort_by(|a, b| {
            (&a.path, a.line, a.column, &a.rule).cmp(&(&b.path, b.line, b.column, &b.rule))
        });
        Outcome { diagnostics, files }
    }
}

/// Lints one mission of `book` that need not be among its missions (an editor's buffer, read
/// with `Book::mission_from_text`): exactly what `run` reports for it with `only` naming it,
/// except that `duplicate-slug` is decided over `slugs`, every journal's path relative to the root
/// with its slug (the mission's own entry, if there, is ignored).
pub fn run_mission(
    book: &Book,
    m: &Mission,
    slugs: &BTreeMap<String, String>,
    opts: &Options,
) -> Vec<Diagnostic> {
    let known = known_ids(book);
    let ctx = Ctx {
        today: opts.today,
        lang: opts.lang,
        policy: &book.config.lint.policy,
        known_ids: &known,
    };
    let mut items = mission_items(&ctx, m, &book.config.lint.require);
    if !m.slug.is_empty() && m.rel.ends_with(".md") {
        let first = slugs
            .iter()
            .filter(|(rel, slug)| **slug == m.slug && rel.ends_with(".md"))
            .map(|(rel, _)| rel.as_str())
            .next();
        if let Some(other) = first.filter(|other| *other < m.rel.as_str()) {
            items.push(Item {
                rule: Source::Builtin(&DUPLICATE_SLUG),
                raw: duplicate(other, &m.slug, opts.lang),
            });
        }
    }
    let mut diagnostics = finish(m, items, &levels(book));
    diagnostics.sort_by(|a, b| (a.line, a.column, &a.rule).cmp(&(b.line, b.column, &b.rule)));
    typeset(&mut diagnostics, opts.lang);
    diagnostics
}

/// Every diagnostic a mission's own rules find, before suppression.
fn mission_items<'b>(ctx: &Ctx, m: &'b Mission, customs: &'b [CustomElement]) -> Vec<Item<'b>> {
    // The loader's findings first, through the same cap as the checks': a front matter of
    // 50,000 unknown keys gets the first `PER_RULE_LIMIT` and one line counting the rest.
    let mut sink = Sink::default();
    for f in &m.findings {
        sink.rule(f.rule)
            .report(f.pos, f.message.clone())
            .help(f.help.clone());
    }
    if let Some(front) = &m.front {
        for check in CHECKS {
            (check.run)(ctx, m, front, &mut sink.rule(check.rule));
        }
    }
    let mut items: Vec<Item> = sink
        .raws
        .into_iter()
        .map(|(rule, raw)| Item {
            rule: Source::Builtin(rule),
            raw,
        })
        .collect();
    for more in sink.more.into_values() {
        let More {
            rule,
            count: n,
            pos,
            severity,
        } = more;
        let limit = PER_RULE_LIMIT;
        let id = rule.id;
        let message = if n == 1 {
            tr!(
                ctx.lang,
                "et 1 autre occurrence de `{id}` dans ce fichier (les {limit} premières sont listées)",
                "and 1 more `{id}` in this file (the first {limit} are listed)"
            )
        } else {
            tr!(
                ctx.lang,
                "et {n} autres occurrences de `{id}` dans ce fichier (les {limit} premières sont listées)",
                "and {n} more `{id}` in this file (the first {limit} are listed)"
            )
        };
        items.push(Item {
            rule: Source::Builtin(rule),
            raw: Raw {
                pos,
                severity,
                message,
                help: None,
            },
        });
    }
    for custom in customs {
        if let Some(raw) = custom_element(ctx, m, custom) {
            items.push(Item {
                rule: Source::Custom(&custom.id),
                raw,
            });
        }
    }
    items
}

/// A `[[lint.require]]` element missing from an applicable mission.
fn custom_element(ctx: &Ctx, m: &Mission, c: &CustomElement) -> Option<Raw> {
    let front = m.front.as_ref()?;
    let status = front.status()?;
    if !c.status.contains(&status) {
        return None;
    }
    if !c.tags.is_empty() && !front.tags.iter().any(|t| c.tags.contains(t)) {
        return None;
    }
    if m.body.has_content_under(&c.norms) {
        return None;
    }
    let heading = c.headings.first().map_or("", String::as_str);
    let message = if c.message.is_empty() {
        tr!(
            ctx.lang,
            "section «\u{a0}{heading}\u{a0}» absente ou vide",
            "section \"{heading}\" is missing or empty"
        )
    } else {
        c.message.clone()
    };
    let list = c
        .headings
        .iter()
        .map(|h| format!("`## {h}`"))
        .collect::<Vec<_>>()
        .join(", ");
    Some(Raw {
        pos: front.anchor(),
        severity: c.severity,
        message,
        help: Some(tr!(
            ctx.lang,
            "ajoutez une section non vide\u{a0}: {list}",
            "add a non-empty section: {list}"
        )),
    })
}

/// Applies `lint.allow` and `[lint.rules]`, and attaches path and source line.
fn finish(
    m: &Mission,
    items: Vec<Item>,
    levels: &HashMap<&str, Option<Severity>>,
) -> Vec<Diagnostic> {
    let allowed: Vec<&str> = m
        .front
        .iter()
        .flat_map(|f| &f.allow)
        .filter_map(|a| a.rule.as_ref().map(|r| r.value.as_str()))
        .collect();
    items
        .into_iter()
        .filter(|item| !item.rule.silenceable() || !allowed.contains(&item.rule.id()))
        .filter_map(|item| {
            let severity = match levels.get(item.rule.id()) {
                Some(None) => return None,
                Some(Some(fixed)) => *fixed,
                None => item.raw.severity,
            };
            Some(Diagnostic {
                path: m.rel.clone(),
                line: item.raw.pos.line,
                column: item.raw.pos.col,
                rule: item.rule.id().to_string(),
                severity,
                message: item.raw.message,
                help: with_letter(item.rule, item.raw.help, &m.slug),
                source_line: excerpt(m.line_text(item.raw.pos.line)),
            })
        })
        .collect()
}

/// The help of a rule that a letter acts on, with the `debrief draft` command that writes it for
/// this mission: the command the help names gets the slug, else it is appended
/// (`… → \`debrief draft feedback-request refonte-seo\``).
fn with_letter(rule: Source, help: Option<String>, slug: &str) -> Option<String> {
    let Source::Builtin(Rule {
        letter: Some(kind), ..
    }) = rule
    else {
        return help;
    };
    let bare = format!("`debrief draft {}`", kind.name());
    let command = format!("`debrief draft {} {slug}`", kind.name());
    Some(match help {
        // The help already names the command: give it the mission.
        Some(h) if h.contains(&bare) => h.replace(&bare, &command),
        Some(h) => format!("{h} → {command}"),
        None => format!("→ {command}"),
    })
}

/// The source line a diagnostic shows, or nothing for a line too long to be worth printing (a
/// hostile file with one huge line must not be copied into every diagnostic).
fn excerpt(line: &str) -> String {
    if line.len() > 1000 {
        String::new()
    } else {
        line.to_string()
    }
}

/// `duplicate-slug` diagnostics by mission index: every path after the first (in byte order) of
/// a group sharing a slug, naming the first. `journals`: each mission's path and slug, in order.
fn duplicate_slugs<'j>(
    journals: impl Iterator<Item = (&'j str, &'j str)>,
    lang: Lang,
) -> HashMap<usize, Raw> {
    // Sized once: grown by doubling, the table of 10,000 slugs was rehashed ten times.
    let mut first: HashMap<&str, &str> = HashMap::with_capacity(journals.size_hint().0);
    let mut out = HashMap::new();
    for (i, (rel, slug)) in journals.enumerate() {
        if slug.is_empty() || !rel.ends_with(".md") {
            continue;
        }
        match first.get(slug) {
            None => {
                first.insert(slug, rel);
            }
            Some(other) => {
                out.insert(i, duplicate(other, slug, lang));
            }
        }
    }
    out
}

/// The `duplicate-slug` diagnostic of a journal whose slug `other` already has.
fn duplicate(other: &str, slug: &str, lang: Lang) -> Raw {
    let message = tr!(
        lang,
        "même adresse de page que {other} (`missions/{slug}/`)",
        "same page URL as {other} (`missions/{slug}/`)"
    );
    let help = tr!(
        lang,
        "renommez l’un des deux fichiers\u{a0}: l’adresse vient du nom du fichier, sans accents ni majuscules",
        "rename one of the two files: the URL comes from the file name, without accents or capitals"
    );
    Raw {
        pos: Pos::START,
        severity: DUPLICATE_SLUG.severity,
        message,
        help: Some(help),
    }
}

/// `allow-unknown-rule` for `[lint.rules]` keys that name no rule, reported on `book.toml` at
/// the level `[lint.rules]` gives `allow-unknown-rule` itself (`off`: none).
fn book_toml_diagnostics(
    book: &Book,
    ctx: &Ctx,
    levels: &HashMap<&str, Option<Severity>>,
) -> Vec<Diagnostic> {
    let severity = match levels.get(ALLOW_UNKNOWN_RULE.id) {
        Some(None) => return Vec::new(),
        Some(Some(fixed)) => *fixed,
        None => ALLOW_UNKNOWN_RULE.severity,
    };
    let unknown: Vec<_> = book
        .config
        .lint
        .rules
        .iter()
        .filter(|r| !ctx.known_ids.contains(&r.id.as_str()))
        .collect();
    if unknown.is_empty() {
        return Vec::new();
    }
    let text = std::fs::read_to_string(book.root.join(BOOK_TOML)).unwrap_or_default();
    let lines = LineIndex::new(&text);
    unknown
        .into_iter()
        .map(|r| {
            let (message, help) = unknown_rule_message(ctx, &r.id);
            Diagnostic {
                path: BOOK_TOML.to_string(),
                line: r.pos.line,
                column: r.pos.col,
                rule: ALLOW_UNKNOWN_RULE.id.to_string(),
                severity,
                message,
                help,
                source_line: excerpt(lines.line(&text, r.pos.line)),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::diagnostic::catalog::ACCESS_OPEN;

    const CLOSED: &str = "---\ntitle: T\nclient: C\nstart: 2025-01-15\nend: 2025-02-01\nstatus: closed\n---\n\n## Accès\n\n- [ ] FTP\n";

    /// `run` over the loaded book (the private build's path) and `run_listed` (`debrief lint`'s)
    /// give the same outcome, whole book or a few files, with loader findings and duplicate slugs.
    #[test]
    fn reading_journal_by_journal_lints_as_the_loaded_book() {
        let dir = tempfile::tempdir().unwrap();
        let files: [(&str, &[u8]); 7] = [
            ("content/a/Audit SEO.md", CLOSED.as_bytes()),
            ("content/b/audit-seo.md", b"no front matter\n"),
            ("content/c/AUDIT_SEO.md", b"---\ntitle: [\n---\n"),
            ("content/c/latin1.md", b"---\ntitle: caf\xe9\n"),
            ("content/d/other.md", CLOSED.as_bytes()),
            ("content/_index.md", b"---\ntitle: Home\n---\n"),
            ("content/.hidden/audit-seo.md", CLOSED.as_bytes()),
        ];
        for (path, bytes) in files {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, bytes).unwrap();
        }
        let toml = "[lint.rules]\nnot-a-rule = \"warning\"\n";
        std::fs::write(dir.path().join("book.toml"), toml).unwrap();
        let config = || Config::parse(toml, Lang::En).unwrap();
        let loaded = Book::load(dir.path(), config(), Lang::En).unwrap();
        let opened = Book::open(dir.path(), config(), Lang::En).unwrap();
        let listing = opened.list();
        assert!(opened.missions.is_empty());
        let rels: Vec<&str> = listing.journals.iter().map(|j| j.rel.as_str()).collect();
        let loaded_rels: Vec<&str> = loaded.missions.iter().map(|m| m.rel.as_str()).collect();
        assert_eq!(rels, loaded_rels);
        let only = |rels: &[&str]| Some(rels.iter().map(|r| r.to_string()).collect());
        for only in [
            None,
            only(&["content/c/AUDIT_SEO.md"]),
            only(&["content/a/Audit SEO.md"]),
        ] {
            let opts = Options {
                today: "2026-06-30".parse().unwrap(),
                lang: Lang::En,
                only,
            };
            let (whole, listed) = (run(&loaded, &opts), run_listed(&opened, &listing, &opts));
            assert_eq!(whole.diagnostics, listed.diagnostics);
            assert_eq!(whole.files, listed.files);
            assert!(!listed.diagnostics.is_empty());
        }
        // One file named: its duplicate slug names the earlier file, which was not read.
        let opts = Options {
            today: "2026-06-30".parse().unwrap(),
            lang: Lang::En,
            only: only(&["content/c/AUDIT_SEO.md"]),
        };
        let outcome = run_listed(&opened, &listing, &opts);
        let rules: Vec<(&str, &str)> = outcome
            .diagnostics
            .iter()
            .map(|d| (d.path.as_str(), d.rule.as_str()))
            .collect();
        let path = "content/c/AUDIT_SEO.md";
        assert_eq!(
            rules,
            [(path, "duplicate-slug"), (path, "front-matter-syntax")]
        );
        assert_eq!(
            outcome.diagnostics[0].message,
            "same page URL as content/a/Audit SEO.md (`missions/audit-seo/`)"
        );
        assert_eq!(outcome.files, 1);
    }

    #[test]
    fn what_lint_allow_can_silence() {
        assert!(Source::Builtin(&ACCESS_OPEN).silenceable());
        assert!(!Source::Builtin(&ALLOW_UNKNOWN_RULE).silenceable());
        assert!(Source::Custom("tracking-removed").silenceable());
        assert!(!Source::Custom("allow-tracking").silenceable());
    }
}
