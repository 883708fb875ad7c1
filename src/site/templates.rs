//! The theme: templates and static files embedded in the binary, each overridable by a file of
//! the same name in the book's theme directory. Templates are minijinja with autoescaping: HTML
//! escaping for `.html` templates, XML escaping (`escape`, as the charts use) for `.xml` ones.

use super::charts::escape;
use crate::error::{Error, Result};
use minijinja::{AutoEscape, Environment};
use std::borrow::Cow;
use std::path::Path;

macro_rules! theme {
    ($($name:literal),+ $(,)?) => {
        &[$(($name, include_str!(concat!("../../theme/", $name)))),+]
    };
}

/// Every file of the default theme, by its path inside the theme directory.
pub static THEME: &[(&str, &str)] = theme!(
    "templates/base.html",
    "templates/index.html",
    "templates/mission.html",
    "templates/lessons.html",
    "templates/case-studies.html",
    "templates/tags.html",
    "templates/tag.html",
    "templates/checklist.html",
    "templates/letters.html",
    "templates/404.html",
    "templates/atom.xml",
    "templates/sitemap.xml",
    "static/style.css",
    "static/search.js",
);

/// The name of the XML autoescaping mode (`.xml` templates: the feed and the sitemap).
const XML: &str = "xml";

/// The text of theme file `name`: the book's override if there is one, else the embedded one.
pub fn file(theme_dir: &Path, name: &str, embedded: &'static str) -> Result<Cow<'static, str>> {
    let path = theme_dir.join(name);
    if path.is_file() {
        std::fs::read_to_string(&path)
            .map(Cow::Owned)
            .map_err(|e| Error::io(&path, "cannot read this theme file", &e))
    } else {
        Ok(Cow::Borrowed(embedded))
    }
}

/// The template environment with every template of the theme loaded.
pub fn environment(theme_dir: &Path) -> Result<Environment<'static>> {
    let mut env = Environment::new();
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".html") {
            AutoEscape::Html
        } else if name.ends_with(".xml") {
            AutoEscape::Custom(Cow::Borrowed(XML))
        } else {
            AutoEscape::None
        }
    });
    env.set_formatter(|out, state, value| {
        if matches!(state.auto_escape(), AutoEscape::Custom(mode) if mode == XML)
            && !value.is_safe()
        {
            out.write_str(&escape(&value.to_string()))
                .map_err(minijinja::Error::from)
        } else {
            minijinja::escape_formatter(out, state, value)
        }
    });
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Chainable);
    for (name, embedded) in THEME {
        let Some(template) = name.strip_prefix("templates/") else {
            continue;
        };
        let text = file(theme_dir, name, embedded)?;
        env.add_template_owned(template.to_string(), text.into_owned())
            .map_err(|e| template_error(theme_dir, &e))?;
    }
    Ok(env)
}

/// A template error as a positioned error on the template's file.
pub fn template_error(theme_dir: &Path, e: &minijinja::Error) -> Error {
    let name = e.name().unwrap_or("?");
    let override_path = theme_dir.join("templates").join(name);
    let path = if override_path.is_file() {
        override_path
    } else {
        Path::new("<embedded theme>/templates").join(name)
    };
    let pos = e.line().map(|l| crate::diagnostic::Pos::new(l as u32, 1));
    let mut message = e.kind().to_string();
    if let Some(detail) = e.detail() {
        message.push_str(": ");
        message.push_str(detail);
    }
    Error::at(path, pos, message)
}

#[cfg(test)]
mod tests {
    use super::environment;

    fn render(name: &str, source: &str, text: &str) -> String {
        let mut env = environment(std::path::Path::new("/nonexistent-theme")).unwrap();
        env.add_template_owned(name.to_string(), source.to_string())
            .unwrap();
        let tpl = env.get_template(name).unwrap();
        tpl.render(minijinja::context! { text => text }).unwrap()
    }

    #[test]
    fn xml_templates_escape_for_xml_and_html_ones_for_html() {
        let text = "<a href=\"x\">l'a & b</a>";
        assert_eq!(
            render(
                "t.xml",
                "{{ text }}|{{ text | e }}|{{ text | safe }}|{{ 3 }}",
                text
            ),
            "&lt;a href=&quot;x&quot;&gt;l&#39;a &amp; b&lt;/a&gt;|&lt;a href=&quot;x&quot;&gt;l&#39;a &amp; b&lt;/a&gt;|<a href=\"x\">l'a & b</a>|3"
        );
        assert_eq!(
            render("t.html", "{{ text }}", text),
            "&lt;a href=&quot;x&quot;&gt;l&#x27;a &amp; b&lt;&#x2f;a&gt;"
        );
        assert_eq!(render("t.txt", "{{ text }}", text), text);
    }
}
