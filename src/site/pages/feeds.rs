//! `atom.xml` (case studies and lessons) and `sitemap.xml`, written when `[site] base-url` is
//! set, from the templates of the same names. The feed says of an entry nothing more than its
//! public page: title, URL, date and first paragraph.

use super::{Listing, Renderer, Summary};
use crate::error::Result;
use crate::site::context::{Atom, FeedEntry, Sitemap};
use crate::site::output::Sink;
use crate::site::routes::{self, absolute};

impl Renderer<'_> {
    /// `atom.xml`: the case studies and the missions with lessons, newest first.
    pub(super) fn render_feed(
        &self,
        base: &str,
        summaries: &[&Summary],
        out: &dyn Sink,
    ) -> Result<()> {
        let mut entries: Vec<FeedEntry> = summaries
            .iter()
            .filter(|s| s.is_case_study() || s.lesson.is_some())
            .map(|s| FeedEntry {
                title: s.card.title.clone(),
                url: s.search.u.clone(),
                updated: s.updated.clone().unwrap_or_default(),
                summary: s.card.summary.clone(),
            })
            .collect();
        entries.sort_by(|a, b| b.updated.cmp(&a.updated).then_with(|| a.url.cmp(&b.url)));
        for e in &mut entries {
            e.url = absolute(base, &e.url);
        }
        // An entry is about 400 bytes of the feed.
        let size = (entries.len() + 4) * 400;
        let data = Atom {
            site_url: absolute(base, routes::HOME),
            feed_url: absolute(base, routes::ATOM),
            updated: entries
                .iter()
                .map(|e| e.updated.clone())
                .max()
                .unwrap_or_else(|| "1970-01-01".into()),
            entries,
        };
        self.put_xml(out, routes::ATOM, "atom.xml", size, data)
    }

    /// `sitemap.xml`: the list pages, the tag pages and the mission pages.
    pub(super) fn render_sitemap(
        &self,
        base: &str,
        listing: &Listing,
        out: &dyn Sink,
    ) -> Result<()> {
        let mut urls: Vec<String> = [
            routes::HOME,
            routes::MISSIONS,
            routes::LESSONS,
            routes::CASE_STUDIES,
            routes::TAGS,
        ]
        .map(String::from)
        .to_vec();
        urls.extend(listing.tags.keys().map(|s| routes::tag(s)));
        urls.extend(listing.with_page.iter().filter_map(|s| s.card.url.clone()));
        if self.private {
            urls.push(routes::CHECKLIST.into());
        }
        let urls: Vec<String> = urls.iter().map(|u| absolute(base, u)).collect();
        let size = (urls.len() + 4) * 100;
        self.put_xml(out, routes::SITEMAP, "sitemap.xml", size, Sitemap { urls })
    }
}
