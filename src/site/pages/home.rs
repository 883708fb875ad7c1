//! The home page: the book's intro (`content/_index.md`), key figures, charts and the recent
//! missions.

use super::{Listing, Renderer};
use crate::diagnostic::Severity;
use crate::error::Result;
use crate::journal::Publish;
use crate::journal::schema::KNOWN_END_REASONS;
use crate::site::charts::{self, Chart};
use crate::site::context::{Card, Fact, Home};
use crate::site::links::{AssetSource, Resolver};
use crate::site::markdown;
use crate::site::output::Sink;
use crate::site::routes;
use crate::site::strings::{end_reason_label, figure_label};
use std::collections::BTreeMap;

impl Renderer<'_> {
    /// `index.html`. Returns the files the intro references, to be copied with the others.
    pub(super) fn render_home(
        &self,
        listing: &Listing,
        out: &dyn Sink,
    ) -> Result<Vec<(String, AssetSource)>> {
        let resolver = Resolver::new(
            &self.view.pages,
            &self.book.content_dir,
            !self.private,
            self.lang,
        );
        let intro = self.book.pages.iter().find(|p| p.dir.is_empty());
        let intro_html = intro.map(|p| {
            let (events, too_deep) = crate::audience::intro_parts(p, self.view.audience);
            markdown::render(
                markdown::Request {
                    dir: "",
                    root: &routes::root_of(routes::HOME),
                    resolver: &resolver,
                    public: !self.private,
                    raw_html_as_text: too_deep,
                    size: p.source.len() - p.body_start,
                    // The introduction is not in the search index.
                    words: crate::site::search::Words::new(0),
                },
                events.into_iter(),
            )
            .html
        });
        let title = intro
            .and_then(|p| p.title.clone())
            .unwrap_or_else(|| self.book.config.book.title.clone());
        let recent: Vec<&Card> = listing.with_page.iter().take(6).map(|s| &s.card).collect();
        let data = Home {
            intro_html,
            figures: self.figures(listing),
            charts: self.charts(listing),
            recent,
            missions_url: routes::MISSIONS,
            publish_hint: self.publish_hint(listing),
            deadlines: self.next_deadlines(listing),
        };
        out.put(
            routes::HOME,
            self.render("index.html", routes::HOME, "home", &title, data)?,
        )?;
        Ok(resolver.into_assets())
    }

    /// Whether to explain `publish:`: a public build in which no mission is published.
    pub(super) fn publish_hint(&self, listing: &Listing) -> bool {
        !self.private && listing.all.is_empty()
    }

    /// Missions per year, end reasons and, in the private view, open items by rule.
    fn charts(&self, listing: &Listing) -> Vec<Chart> {
        let t = &self.t;
        let mut per_year: BTreeMap<i16, usize> = BTreeMap::new();
        for s in listing.all {
            if let Some(y) = s.card.year {
                *per_year.entry(y).or_default() += 1;
            }
        }
        let mut reasons: BTreeMap<usize, (String, usize)> = BTreeMap::new();
        for s in listing.all {
            let Some(r) = &s.end_reason else { continue };
            let idx = KNOWN_END_REASONS
                .iter()
                .position(|k| k == r)
                .unwrap_or(KNOWN_END_REASONS.len() - 1);
            let label = end_reason_label(KNOWN_END_REASONS[idx], self.lang)
                .unwrap_or("")
                .to_string();
            reasons.entry(idx).or_insert((label, 0)).1 += 1;
        }
        let mut charts = vec![
            charts::bars(
                "per-year",
                t["missions_per_year"],
                per_year.iter().map(|(y, n)| (y.to_string(), *n)).collect(),
            ),
            charts::bars(
                "end-reasons",
                t["end_reasons"],
                reasons.into_values().collect(),
            ),
        ];
        if self.private {
            let mut by_rule: BTreeMap<&str, usize> = BTreeMap::new();
            for d in &listing.open {
                *by_rule.entry(d.rule.as_str()).or_default() += 1;
            }
            let mut rows: Vec<(String, usize)> = by_rule
                .into_iter()
                .map(|(r, n)| (r.to_string(), n))
                .collect();
            rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            charts.push(charts::bars("open-items", t["open_items_by_rule"], rows));
        }
        charts
    }

    /// The key figures; in the private view, the open errors and warnings too.
    fn figures(&self, listing: &Listing) -> Vec<Fact> {
        let (private, all, lang) = (self.private, listing.all, self.lang);
        let count = |key: &str, n: usize| Fact {
            label: figure_label(key, n, lang),
            value: crate::i18n::format::integer(n as u64, lang),
        };
        let mut figures = vec![
            count("missions", all.len()),
            count(
                "closed",
                all.iter().filter(|s| s.status == Some("closed")).count(),
            ),
            count(
                "case_studies",
                all.iter()
                    .filter(|s| {
                        s.publish == Publish::CaseStudy && (private || s.card.url.is_some())
                    })
                    .count(),
            ),
            count("lessons", all.iter().filter(|s| s.lesson.is_some()).count()),
        ];
        if private {
            let open = |severity| {
                listing
                    .open
                    .iter()
                    .filter(|d| d.severity == severity)
                    .count()
            };
            figures.push(count("errors", open(Severity::Error)));
            figures.push(count("warnings", open(Severity::Warning)));
        }
        figures
    }
}
