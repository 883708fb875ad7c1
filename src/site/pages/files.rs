//! The files that are not pages: the theme's static files, the assets rendered text references,
//! and the search index.

use super::{Renderer, Summary};
use crate::error::{Error, Result};
use crate::site::links::AssetSource;
use crate::site::output::Sink;
use crate::site::routes;
use crate::site::search;
use crate::site::templates::{self, THEME};
use crate::tr;
use std::collections::BTreeMap;

impl Renderer<'_> {
    /// The theme's static files (the book's overrides, else the embedded ones).
    pub(super) fn write_static_files(&self, out: &dyn Sink) -> Result<()> {
        for (name, embedded) in THEME {
            if name.starts_with(routes::STATIC) {
                let text = templates::file(self.theme_dir, name, embedded, self.lang)?;
                out.put(name, text.into_owned().into_bytes())?;
            }
        }
        Ok(())
    }

    /// Every file the missions' text and the home page's intro reference, once each.
    pub(super) fn write_assets(
        &self,
        summaries: &[&Summary],
        intro: Vec<(String, AssetSource)>,
        out: &dyn Sink,
    ) -> Result<()> {
        let mut assets: BTreeMap<&str, &AssetSource> = summaries
            .iter()
            .flat_map(|s| s.assets.iter().map(|(u, p)| (u.as_str(), p)))
            .collect();
        assets.extend(intro.iter().map(|(u, p)| (u.as_str(), p)));
        for (url, source) in assets {
            let bytes = match source {
                AssetSource::File(path) => std::fs::read(path).map_err(|e| {
                    let what = tr!(self.lang, "impossible de copier", "cannot copy");
                    Error::io(path, self.lang, &what, &e)
                })?,
                AssetSource::Bytes(bytes) => bytes.as_ref().clone(),
            };
            out.put(url, bytes)?;
        }
        Ok(())
    }

    /// `static/search-index.js`: an entry per visible mission, in the view's order.
    pub(super) fn write_search_index(&self, summaries: &[&Summary], out: &dyn Sink) -> Result<()> {
        let entries: Vec<&search::Entry> = summaries.iter().map(|s| &s.search).collect();
        out.put_with(routes::SEARCH_INDEX, 0, &mut |w| {
            search::write_script(&entries, w).map_err(|e| {
                let what = crate::tr!(self.lang, "impossible d'écrire", "cannot write");
                crate::error::Error::io(
                    std::path::Path::new(routes::SEARCH_INDEX),
                    self.lang,
                    &what,
                    &e,
                )
            })
        })
    }
}
