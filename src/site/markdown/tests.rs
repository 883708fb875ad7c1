//! Rendering through `render` with a fixed link resolver: ids, links, assets, raw HTML, tasks.

use super::*;
use crate::audience::anonymize::anonymize;
use crate::audience::parts::{Parsed, Part};
use crate::audience::{MAX_HTML_NESTING, Names};

struct Links;
impl LinkResolver for Links {
    fn asset(&self, target: &str) -> Asset {
        match target {
            "missions/2025/img/shot.png" => Asset::Url("assets/0123.png".to_string()),
            "missions/2025/devis.pdf" => Asset::Refused("not an image".to_string()),
            _ => Asset::Missing,
        }
    }

    fn journal(&self, target: &str) -> Option<Option<String>> {
        match target {
            "missions/2024/a.md" => Some(Some("missions/a/index.html".into())),
            "missions/2024/private.md" => Some(None),
            _ => None,
        }
    }
}

fn render_part(md: &str, part: Part, replace: Option<(&str, &str)>) -> Rendered {
    let parsed = Parsed::new(md, 0);
    let mut events = parsed.select(part).events;
    if let Some((name, by)) = replace {
        anonymize(md, &mut events, &Names::new([name]), Some(by), &mut |_| {});
    }
    render(
        Request {
            dir: "missions/2025",
            root: "../../",
            resolver: &Links,
            public: replace.is_some(),
            raw_html_as_text: parsed.raw_html_depth() > MAX_HTML_NESTING,
            size: md.len(),
            words: crate::site::search::Words::new(crate::site::search::MAX_WORDS),
        },
        events.into_iter(),
    )
}

fn render_all(md: &str, replace: Option<(&str, &str)>) -> Rendered {
    render_part(md, Part::Whole, replace)
}

#[test]
fn heading_ids_are_unique_and_listed() {
    let r = render_all("## Passation\n\n## Passation\n\n### Détails\n", None);
    assert!(r.html.contains("<h2 id=\"passation\">"));
    assert!(r.html.contains("<h2 id=\"passation-1\">"));
    assert!(r.html.contains("<h3 id=\"details\">"));
    assert_eq!(r.toc.len(), 3);
}

#[test]
fn journal_links_are_rewritten_or_dropped() {
    let r = render_all(
        "[a](../2024/a.md#x) [p](../2024/private.md) [b](../2024/none.md) [w](https://example.org) [e](../2024/private%2Emd?x=1)",
        None,
    );
    assert!(
        r.html.contains("href=\"../../missions/a/index.html#x\""),
        "{}",
        r.html
    );
    assert!(!r.html.contains("private"), "{}", r.html);
    assert!(r.html.contains(" p "), "{}", r.html);
    assert_eq!(r.broken.len(), 1);
    assert_eq!(r.broken[0].target, "../2024/none.md");
    assert!(r.html.contains("https://example.org"));
}

#[test]
fn assets_are_resolved_or_reported() {
    let r = render_all(
        "![shot](img/shot.png) ![gone](img/gone.png) [pdf](devis.pdf) ![page](../2024/a.md)",
        None,
    );
    assert!(
        r.html.contains("src=\"../../assets/0123.png\""),
        "{}",
        r.html
    );
    assert!(
        !r.html.contains("gone.png") && !r.html.contains("a.md"),
        "{}",
        r.html
    );
    assert!(
        r.html.contains("gone") && r.html.contains("page"),
        "{}",
        r.html
    );
    let targets: Vec<_> = r
        .broken
        .iter()
        .map(|b| (b.target.as_str(), b.refused.is_some()))
        .collect();
    assert_eq!(targets, vec![("img/gone.png", false), ("devis.pdf", true)]);
}

#[test]
fn raw_html_urls_are_resolved_in_public() {
    let r = render_all(
        "<img src=\"../2024/private.md\" alt=\"x\"> <a href=\"devis.pdf\" style=\"background:url(secret.md)\">d</a> <img src=\"img/shot.png\">\n",
        Some(("Nobody", "x")),
    );
    assert!(!r.html.contains("private.md"), "{}", r.html);
    assert!(
        !r.html.contains("devis.pdf") && !r.html.contains("secret.md"),
        "{}",
        r.html
    );
    assert!(r.html.contains("../../assets/0123.png"), "{}", r.html);
}

#[test]
fn unsafe_html_and_urls_are_removed() {
    let r = render_all(
        "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1)) [y](JaVaScRiPt:alert(2))\n\n<a href=\"javascript:alert(3)\">z</a>\n",
        None,
    );
    let lower = r.html.to_lowercase();
    assert!(!lower.contains("<script"), "{}", r.html);
    assert!(!lower.contains("onerror"), "{}", r.html);
    assert!(!lower.contains("javascript:"), "{}", r.html);
}

#[test]
fn the_client_name_is_replaced() {
    let r = render_all(
        "## Chez Boutique Lumière\n\nBOUTIQUE LUMIÈRE a validé. `Boutique Lumière`\n",
        Some(("Boutique Lumière", "un e-commerçant")),
    );
    assert!(!r.html.to_lowercase().contains("lumière"), "{}", r.html);
    assert!(r.html.contains("un e-commerçant a validé"));
    assert!(r.html.contains("id=\"chez-un-e-commercant\""), "{}", r.html);
    assert!(!r.words.joined().contains("lumière"));
}

#[test]
fn only_public_parts_are_rendered() {
    let md = "## Public\n\nvisible\n\n## Accès\n\nsecret\n";
    let r = render_part(md, Part::Public, None);
    assert!(r.html.contains("visible") && !r.html.contains("secret"));
}

#[test]
fn a_reference_defined_in_a_private_section_is_not_followed() {
    let md = "## Public\n\n[console][c] and [shown][s] and [c]\n\n[s]: https://ok.example\n\n## Accès\n\n[c]: https://secret.example \"secret title\"\n";
    let r = render_part(md, Part::Public, None);
    assert!(!r.html.contains("secret"), "{}", r.html);
    assert!(r.html.contains("console") && r.html.contains("https://ok.example"));
    let all = render_all(md, None);
    assert!(all.html.contains("https://secret.example"), "{}", all.html);
}

#[test]
fn task_checkboxes_are_labelled_by_their_item() {
    let r = render_all(
        "- [x] **Hosting** removed\n- [ ] Repo\n  - [ ] nested\n\n\n1. [ ] loose\n\n2. text\n",
        None,
    );
    let html = r.html;
    assert!(
        html.contains(
            "<li><label><input disabled=\"\" type=\"checkbox\" checked=\"\"/><strong>Hosting</strong> removed</label></li>"
        ),
        "{html}"
    );
    assert!(
        html.contains("<label><input disabled=\"\" type=\"checkbox\"/>Repo</label>\n<ul>"),
        "{html}"
    );
    assert!(
        html.contains("<p><label><input disabled=\"\" type=\"checkbox\"/>loose</label></p>"),
        "{html}"
    );
    assert_eq!(html.matches("<label>").count(), 4, "{html}");
    assert_eq!(html.matches("</label>").count(), 4, "{html}");
    // Kept by the sanitiser on pages with raw HTML.
    assert!(
        sanitize(&html).contains("<label><input"),
        "{}",
        sanitize(&html)
    );
}

#[test]
fn raw_html_nested_too_deep_is_shown_as_text() {
    let md = "<div>\n".repeat(MAX_HTML_NESTING + 1);
    let r = render_all(&md, None);
    assert!(r.raw_html_as_text);
    assert!(
        r.html.contains("&lt;div&gt;") && !r.html.contains("<div>"),
        "{}",
        &r.html[..200]
    );
    let md = "<div>\n".repeat(MAX_HTML_NESTING);
    let r = render_all(&md, None);
    assert!(!r.raw_html_as_text);
    assert_eq!(
        crate::audience::parts::tag_depth("<p><br><img src=x/><b>a</b><i/></p>"),
        (0, 2)
    );
    assert_eq!(crate::audience::parts::tag_depth("<a <b <c"), (3, 3));
}

#[test]
fn gfm_features() {
    let r = render_all(
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n\n~~old~~ note[^1]\n\n[^1]: foot\n",
        None,
    );
    assert!(r.html.contains("<table>"));
    assert!(r.html.contains("checkbox"));
    assert!(r.html.contains("<del>old</del>"));
    assert!(r.html.contains("footnote"));
}
