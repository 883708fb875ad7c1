//! The pages that list missions: all of them (filterable by status and year), lessons (grouped
//! by end reason), case studies, and the tags with a page each.

use super::{Listing, Renderer, Summary};
use crate::error::Result;
use crate::journal::schema::{KNOWN_END_REASONS, Status};
use crate::site::context::{
    Card, Cards, LessonGroup, Lessons, MissionList, TagIndex, TagPage, TagRow,
};
use crate::site::output::Sink;
use crate::site::routes;
use crate::site::strings::{end_reason_label, status_label};
use rayon::prelude::*;
use std::collections::BTreeMap;

/// About how many bytes a mission's card (or lessons entry, besides its text) takes in a list,
/// and a page around its list: to size the buffer of a sink that holds pages.
const CARD_SIZE: usize = 512;
const PAGE_SIZE: usize = 1 << 13;

impl Renderer<'_> {
    /// `missions/index.html`: in the private view every visible mission, in the public one the
    /// case studies (what their own pages already show, nothing more); with the statuses and
    /// years they have, for the filter.
    pub(super) fn render_missions(&self, listing: &Listing, out: &dyn Sink) -> Result<()> {
        let cards: Vec<&Card> = listing
            .all
            .iter()
            .filter(|s| self.private || s.is_case_study())
            .map(|s| &s.card)
            .collect();
        let statuses = Status::ALL
            .iter()
            .filter_map(|s| Status::parse(s))
            .filter(|s| cards.iter().any(|c| c.status == Some(s.as_str())))
            .map(|s| (s.as_str(), status_label(s, self.lang)))
            .collect();
        let mut years: Vec<i16> = cards.iter().filter_map(|c| c.year).collect();
        years.sort_unstable_by(|a, b| b.cmp(a));
        years.dedup();
        let size = CARD_SIZE * cards.len() + PAGE_SIZE;
        let data = MissionList {
            cards,
            statuses,
            years,
            publish_hint: self.publish_hint(listing),
        };
        self.put_page(
            out,
            "missions.html",
            routes::MISSIONS,
            "missions",
            self.t["missions"],
            size,
            data,
        )
    }

    /// `lessons/index.html`: every lessons section, grouped by reason (known reasons in catalog
    /// order, then the rest).
    pub(super) fn render_lessons(&self, summaries: &[&Summary], out: &dyn Sink) -> Result<()> {
        let (private, lang) = (self.private, self.lang);
        let mut groups: Vec<LessonGroup> = Vec::new();
        for l in summaries.iter().filter_map(|s| s.lesson.as_ref()) {
            let reason = if KNOWN_END_REASONS.contains(&l.reason.as_str()) {
                l.reason.clone()
            } else {
                String::new()
            };
            match groups.iter_mut().find(|g| g.reason == reason) {
                Some(g) => g.entries.push(l.clone()),
                None => {
                    let label = if !reason.is_empty() {
                        end_reason_label(&reason, lang).unwrap_or("").to_string()
                    } else if private && !l.reason.is_empty() {
                        l.reason.clone()
                    } else {
                        lang.pick("Autres", "Other").to_string()
                    };
                    groups.push(LessonGroup {
                        reason,
                        label,
                        entries: vec![l.clone()],
                    });
                }
            }
        }
        groups.sort_by_key(|g| {
            KNOWN_END_REASONS
                .iter()
                .position(|k| *k == g.reason)
                .unwrap_or(usize::MAX)
        });
        let mut filter_tags: BTreeMap<String, String> = BTreeMap::new();
        for tag in groups.iter().flat_map(|g| &g.entries).flat_map(|e| &e.tags) {
            filter_tags
                .entry(routes::tag_slug(&tag.name))
                .or_insert_with(|| tag.name.clone());
        }
        let size = groups
            .iter()
            .flat_map(|g| &g.entries)
            .map(|e| e.html.len() + CARD_SIZE)
            .sum::<usize>()
            + PAGE_SIZE;
        let data = Lessons {
            groups,
            filter_tags: filter_tags.into_iter().collect(),
        };
        self.put_page(
            out,
            "lessons.html",
            routes::LESSONS,
            "lessons",
            self.t["lessons"],
            size,
            data,
        )
    }

    /// `case-studies/index.html`: the cards of the case studies.
    pub(super) fn render_case_studies(&self, summaries: &[&Summary], out: &dyn Sink) -> Result<()> {
        let cards: Vec<&Card> = summaries
            .iter()
            .filter(|s| s.is_case_study())
            .map(|s| &s.card)
            .collect();
        self.put_page(
            out,
            "case-studies.html",
            routes::CASE_STUDIES,
            "case-studies",
            self.t["case_studies"],
            CARD_SIZE * cards.len() + PAGE_SIZE,
            Cards { cards },
        )
    }

    /// `tags/index.html` and a page per tag (in parallel). Returns the number of tag pages.
    pub(super) fn render_tags(&self, listing: &Listing, out: &dyn Sink) -> Result<usize> {
        let tags = listing
            .tags
            .iter()
            .map(|(slug, (name, cards))| TagRow {
                name: name.clone(),
                url: routes::tag(slug),
                count: cards.len(),
            })
            .collect();
        let page = self.render(
            "tags.html",
            routes::TAGS,
            "tags",
            self.t["tags"],
            TagIndex { tags },
        )?;
        out.put(routes::TAGS, page)?;
        let tag_pages: Vec<_> = listing.tags.iter().collect();
        tag_pages.par_iter().try_for_each(|(slug, (name, cards))| {
            let rel = routes::tag(slug);
            let size = CARD_SIZE * cards.len() + PAGE_SIZE;
            let data = TagPage { tag: name, cards };
            self.put_page(out, "tag.html", &rel, "tag", name, size, data)
        })?;
        Ok(tag_pages.len())
    }
}
