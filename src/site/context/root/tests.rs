//! A `Root` is seen by a template exactly as the serialised `Ctx` it replaces.

use super::super::fields::tests::observe;
use super::super::{Cards, Ctx, NavItem, PageMeta, Shared, SiteCtx};
use super::Root;
use crate::i18n::Lang;
use minijinja::Value;
use minijinja::value::Serde;

#[test]
fn a_root_reads_as_the_serialised_context() {
    let site = SiteCtx {
        title: "Journal",
        description: "",
        lang: "fr",
        base_url: Some("https://example.org"),
        audience: "private",
        private: true,
    };
    let nav = [NavItem {
        url: "index.html",
        label: "Accueil",
        kind: "home",
    }];
    let shared = Shared::new(&site, &crate::site::strings::strings(Lang::Fr), &nav);
    let card = super::super::fields::tests::card();
    let data = Cards { cards: vec![&card] };
    let page = || PageMeta {
        kind: "case-studies",
        title: "Études de cas",
    };
    let serialised = Value::from(Serde(Ctx {
        site: &shared.site,
        root: "../",
        t: &shared.t,
        nav: &shared.nav,
        page: page(),
        data: &data,
    }));
    let root = Root::value(&shared, "../", page(), &data);
    for key in ["site", "root", "t", "nav", "page", "cards", "zzz"] {
        assert_eq!(
            observe(&root, &serialised, key),
            observe(&serialised, &serialised, key),
            "{key}"
        );
    }
    // As the context itself: every variable (`debug()`), and a few read by name.
    let mut env =
        crate::site::templates::environment(std::path::Path::new("/nonexistent-theme"), Lang::En)
            .unwrap();
    env.add_template(
        "root.html",
        "{{ debug() }}|{{ root }}{{ site.title }}{{ t.draft }}{{ page.kind }}{{ cards | length }}|{{ nope is defined }}",
    )
    .unwrap();
    let render = |ctx: &Value| env.get_template("root.html").unwrap().render(ctx).unwrap();
    assert_eq!(render(&root), render(&serialised));
}
