//! The theme: templates and static files embedded in the binary, each overridable by a file of
//! the same name in the book's theme directory. Templates are minijinja with autoescaping.

use crate::error::{Error, Result};
use minijinja::Environment;
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
    "templates/404.html",
    "static/style.css",
    "static/search.js",
);

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
        if name.ends_with(".html") || name.ends_with(".xml") {
            minijinja::AutoEscape::Html
        } else {
            minijinja::AutoEscape::None
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
