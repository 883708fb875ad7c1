//! Link resolution for rendered text: a link to another journal becomes a link to its page in
//! this audience, a link to a file next to the journals becomes a copied asset (in a public view
//! only images, by content and without their metadata), and a link that cannot be followed is
//! told why. It never reads outside the content directory.

use super::markdown::{Asset, LinkResolver};
use super::routes;
use crate::i18n::Lang;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// Where the bytes of a copied file come from.
#[derive(Clone)]
pub enum AssetSource {
    /// A file of the book, copied as is (private view).
    File(PathBuf),
    /// An image with its metadata removed (public view).
    Bytes(std::sync::Arc<Vec<u8>>),
}

/// Resolves links between journals, and files next to them (collected to be copied). In a
/// public view only images (by content) are copied, without their metadata.
pub struct Resolver<'a> {
    pages: &'a HashMap<String, Option<String>>,
    content_dir: &'a Path,
    public: bool,
    lang: Lang,
    /// Assets referenced by rendered text: site path → bytes to write.
    assets: std::sync::Mutex<BTreeMap<String, AssetSource>>,
    /// What each target already resolved to (a file linked 100,000 times is read once).
    seen: std::sync::Mutex<HashMap<String, Asset>>,
}

impl<'a> Resolver<'a> {
    pub fn new(
        pages: &'a HashMap<String, Option<String>>,
        content_dir: &'a Path,
        public: bool,
        lang: Lang,
    ) -> Resolver<'a> {
        Resolver {
            pages,
            content_dir,
            public,
            lang,
            assets: std::sync::Mutex::new(BTreeMap::new()),
            seen: std::sync::Mutex::new(HashMap::new()),
        }
    }

    pub fn into_assets(self) -> Vec<(String, AssetSource)> {
        self.assets
            .into_inner()
            .map(|a| a.into_iter().collect())
            .unwrap_or_default()
    }
}

/// FNV-1a: a stable content hash, so asset names are deterministic and reveal no file name.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

impl LinkResolver for Resolver<'_> {
    fn journal(&self, target: &str) -> Option<Option<String>> {
        self.pages.get(target).cloned()
    }

    fn asset(&self, target: &str) -> Asset {
        if let Some(known) = self.seen.lock().ok().and_then(|s| s.get(target).cloned()) {
            return known;
        }
        let asset = self.resolve_asset(target);
        if let Ok(mut seen) = self.seen.lock() {
            seen.insert(target.to_string(), asset.clone());
        }
        asset
    }
}

impl Resolver<'_> {
    fn resolve_asset(&self, target: &str) -> Asset {
        let path = self.content_dir.join(target);
        // A link may not reach outside the content directory, by `..` or through a symlink.
        let (Ok(canonical), Ok(root)) = (path.canonicalize(), self.content_dir.canonicalize())
        else {
            return Asset::Missing;
        };
        if !canonical.starts_with(&root) || !canonical.is_file() {
            return Asset::Missing;
        }
        let Ok(bytes) = std::fs::read(&canonical) else {
            return Asset::Missing;
        };
        let (url, source) = if self.public {
            use crate::audience::image::{Refused, publishable};
            let lang = self.lang;
            match publishable(&bytes) {
                Ok((kind, clean)) => (
                    routes::asset(fnv1a(&clean), kind.extension()),
                    AssetSource::Bytes(std::sync::Arc::new(clean)),
                ),
                Err(Refused::NotAnImage) => {
                    return Asset::Refused(crate::tr!(
                        lang,
                        "seules les images PNG, JPEG, GIF, WebP et AVIF sont publiées",
                        "only PNG, JPEG, GIF, WebP and AVIF images are published"
                    ));
                }
                Err(Refused::Malformed(why)) => {
                    return Asset::Refused(crate::tr!(
                        lang,
                        "image illisible ou abîmée, réexportez-la ({why})",
                        "unreadable or damaged image, export it again ({why})"
                    ));
                }
                Err(Refused::MetadataKept(why)) => {
                    return Asset::Refused(crate::tr!(
                        lang,
                        "image dont debrief ne sait pas retirer les métadonnées, réexportez-la sans ({why})",
                        "image whose metadata debrief cannot remove, export it without ({why})"
                    ));
                }
            }
        } else {
            let ext: String = Path::new(target)
                .extension()
                .map(|e| e.to_string_lossy().to_ascii_lowercase())
                .filter(|e| e.len() <= 5 && e.bytes().all(|b| b.is_ascii_alphanumeric()))
                .unwrap_or_default();
            (
                routes::asset(fnv1a(&bytes), &ext),
                AssetSource::File(canonical),
            )
        };
        if let Ok(mut assets) = self.assets.lock() {
            assets.insert(url.clone(), source);
        }
        Asset::Url(url)
    }
}
