//! Where a link or image target of rendered text leads: a web URL or an anchor as is, another
//! journal to its page, a file next to the journals to what the site's `LinkResolver` makes of it
//! (copied, missing or refused), anything unsafe dropped. In a public page the URLs of raw HTML
//! go the same way, and its inline styles are dropped.

use super::Request;
use crate::audience::anonymize::is_url_attribute;
use crate::audience::html::{self, Edit, Piece};
use crate::audience::links::{Target, classify};

/// The links a render could not follow, each target told once, at its first place (a journal
/// can repeat one broken link 100,000 times).
#[derive(Debug, Default)]
pub struct Broken {
    pub links: Vec<BrokenLink>,
    seen: std::collections::HashSet<(String, Option<String>)>,
}

impl Broken {
    fn push(&mut self, link: BrokenLink) {
        if self
            .seen
            .insert((link.target.clone(), link.refused.clone()))
        {
            self.links.push(link);
        }
    }
}

/// A link the renderer could not follow, at a byte offset of the source, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct BrokenLink {
    pub offset: usize,
    pub target: String,
    /// `None`: no such file; `Some(reason)`: the file exists but is not published.
    pub refused: Option<String>,
}

/// What a file next to the journals becomes on the site.
#[derive(Debug, Clone)]
pub enum Asset {
    /// Its URL (relative to the site root): it is copied.
    Url(String),
    /// There is no such file in the content directory.
    Missing,
    /// It exists but this audience may not publish it (the reason, for a build warning).
    Refused(String),
}

/// How to resolve a relative link: returns the page URL (relative to the site root) of a journal,
/// `Some(None)` for a journal that has no page in this audience, `None` for no such journal.
pub trait LinkResolver {
    fn journal(&self, target: &str) -> Option<Option<String>>;

    /// What becomes of a file next to the journals, `target` being its path relative to the
    /// content directory. Resolving an asset registers it to be copied, so only the assets of
    /// rendered text reach the site.
    fn asset(&self, target: &str) -> Asset;
}

/// Where a link or image target leads on the site, or `None` (dropped; `broken` says why when
/// the author should know).
pub fn resolve(
    req: &Request,
    url: &str,
    image: bool,
    offset: usize,
    broken: &mut Broken,
) -> Option<String> {
    match classify(req.dir, url) {
        Target::Web(u) => Some(u),
        Target::Anchor(f) => Some(format!("#{f}")),
        Target::Refused => None,
        Target::Book { path, fragment } => {
            let frag = if fragment.is_empty() {
                String::new()
            } else {
                format!("#{fragment}")
            };
            match req.resolver.journal(&path) {
                Some(Some(page)) if !image => return Some(format!("{}{page}{frag}", req.root)),
                Some(_) => return None,
                None => {}
            }
            match req.resolver.asset(&path) {
                Asset::Url(u) => Some(format!("{}{u}", req.root)),
                Asset::Missing => {
                    broken.push(BrokenLink {
                        offset,
                        target: url.to_string(),
                        refused: None,
                    });
                    None
                }
                Asset::Refused(reason) => {
                    broken.push(BrokenLink {
                        offset,
                        target: url.to_string(),
                        refused: Some(reason),
                    });
                    None
                }
            }
        }
    }
}

/// Raw HTML of a public page with its URLs resolved like Markdown links (or dropped) and its
/// inline styles dropped (a style can load a URL).
pub fn public_raw_html(req: &Request, raw: &str, offset: usize, broken: &mut Broken) -> String {
    html::rewrite(raw, |p| match p {
        Piece::Attr { name: "style", .. } | Piece::Attr { name: "srcset", .. } => Edit::Drop,
        Piece::Attr {
            element,
            name,
            value,
        } if is_url_attribute(name) => {
            let image = element != "a" && element != "area";
            match resolve(req, value, image, offset, broken) {
                Some(url) => Edit::Replace(url),
                None => Edit::Drop,
            }
        }
        _ => Edit::Keep,
    })
}
