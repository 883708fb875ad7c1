//! The theme: templates and static files embedded in the binary, each overridable by a file of
//! the same name in the book's theme directory. Templates are minijinja with autoescaping: HTML
//! escaping for `.html` templates, XML escaping (`escape`, as the charts use) for `.xml` ones.
//! One filter of our own: `code_spans`, for plain text that names code between backticks.

use super::charts::escape;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::tr;
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
    "templates/missions.html",
    "templates/publish-hint.html",
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
    "static/missions.js",
);

/// The name of the XML autoescaping mode (`.xml` templates: the feed and the sitemap).
const XML: &str = "xml";

/// The text of theme file `name`: the book's override if there is one, else the embedded one.
/// `lang` is the language of the error.
pub fn file(
    theme_dir: &Path,
    name: &str,
    embedded: &'static str,
    lang: Lang,
) -> Result<Cow<'static, str>> {
    let path = theme_dir.join(name);
    if path.is_file() {
        std::fs::read_to_string(&path).map(Cow::Owned).map_err(|e| {
            let what = tr!(
                lang,
                "impossible de lire ce fichier du thème",
                "cannot read this theme file"
            );
            Error::io(&path, lang, &what, &e)
        })
    } else {
        Ok(Cow::Borrowed(embedded))
    }
}

/// The template environment with every template of the theme loaded (`lang`: the language of
/// its errors).
pub fn environment(theme_dir: &Path, lang: Lang) -> Result<Environment<'static>> {
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
        if let Some(body) = value.downcast_object_ref::<crate::site::context::Body>() {
            // Already sanitised HTML (a mission page's body), written without a copy.
            out.write_str(&body.0).map_err(minijinja::Error::from)
        } else if matches!(state.auto_escape(), AutoEscape::Custom(mode) if mode == XML)
            && !value.is_safe()
        {
            out.write_str(&escape(&value.to_string()))
                .map_err(minijinja::Error::from)
        } else {
            minijinja::escape_formatter(out, state, value)
        }
    });
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Chainable);
    env.add_filter("code_spans", |text: &str| {
        minijinja::Value::from_safe_string(code_spans(text))
    });
    for (name, embedded) in THEME {
        let Some(template) = name.strip_prefix("templates/") else {
            continue;
        };
        let text = file(theme_dir, name, embedded, lang)?;
        env.add_template_owned(template.to_string(), text.into_owned())
            .map_err(|e| template_error(theme_dir, &e))?;
    }
    Ok(env)
}

/// `text` escaped for HTML, with each span between matching runs of backticks (as in Markdown:
/// `` `## Passation` ``) as `<code>`; a backtick run left unmatched stays as it is.
pub fn code_spans(text: &str) -> String {
    /// By runs: the text between two characters to escape goes in one copy. Eight bytes at a
    /// time while none of them is one to escape (most of a message).
    fn escape(s: &str, out: &mut String) {
        let bytes = s.as_bytes();
        let mut from = 0;
        let mut scan = |at: std::ops::Range<usize>, out: &mut String| {
            for i in at {
                let entity = match bytes[i] {
                    b'&' => "&amp;",
                    b'<' => "&lt;",
                    b'>' => "&gt;",
                    b'"' => "&quot;",
                    b'\'' => "&#x27;",
                    _ => continue,
                };
                out.push_str(&s[from..i]);
                out.push_str(entity);
                from = i + 1;
            }
        };
        let (words, tail) = bytes.as_chunks::<8>();
        for (n, word) in words.iter().enumerate() {
            if has_one_to_escape(u64::from_ne_bytes(*word)) {
                scan(n * 8..n * 8 + 8, out);
            }
        }
        scan(bytes.len() - tail.len()..bytes.len(), out);
        out.push_str(&s[from..]);
    }
    /// Whether a byte of `word` is `&`, `<`, `>`, `"` or `'`: `word ^ c` (`c` in each byte) has
    /// a zero byte exactly when `word` has a `c`.
    fn has_one_to_escape(word: u64) -> bool {
        const ONES: u64 = u64::from_ne_bytes([1; 8]);
        const HIGHS: u64 = ONES << 7;
        let has_zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS;
        [b'&', b'<', b'>', b'"', b'\'']
            .iter()
            .fold(0, |any, c| any | has_zero(word ^ (ONES * u64::from(*c))))
            != 0
    }
    /// The length of the backtick run starting at byte `at`.
    fn run(s: &str, at: usize) -> usize {
        s[at..].bytes().take_while(|b| *b == b'`').count()
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(open) = rest.find('`') {
        escape(&rest[..open], &mut out);
        let n = run(rest, open);
        let after = open + n;
        // The next run of exactly `n` backticks closes the span.
        let mut close = None;
        let mut at = after;
        while let Some(i) = rest[at..].find('`') {
            let len = run(rest, at + i);
            if len == n {
                close = Some(at + i);
                break;
            }
            at += i + len;
        }
        match close {
            Some(end) => {
                let inner = &rest[after..end];
                let inner = match inner.strip_prefix(' ').and_then(|x| x.strip_suffix(' ')) {
                    Some(x) if !x.trim().is_empty() => x,
                    _ => inner,
                };
                out.push_str("<code>");
                escape(inner, &mut out);
                out.push_str("</code>");
                rest = &rest[end + n..];
            }
            None => {
                out.push_str(&rest[open..after]);
                rest = &rest[after..];
            }
        }
    }
    escape(rest, &mut out);
    out
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
    use super::{THEME, code_spans, environment};
    use crate::i18n::Lang;

    /// A mission's body is written as it is, whatever the escaping, and still reads as a string.
    #[test]
    fn a_body_is_output_as_it_is() {
        let mut env = environment(std::path::Path::new("/nonexistent"), Lang::En)
            .expect("the default theme loads");
        env.add_template("t.html", "[{{ b }}|{{ b | safe }}|{% if b %}y{% else %}n{% endif %}|{% if e %}y{% else %}n{% endif %}|{{ b ~ '!' }}]")
            .unwrap();
        let body = crate::site::context::Body::value("<p>a &amp; b</p>".into());
        let empty = crate::site::context::Body::value(String::new());
        let out = env
            .get_template("t.html")
            .unwrap()
            .render(minijinja::context! { b => body, e => empty })
            .unwrap();
        assert_eq!(
            out,
            "[<p>a &amp; b</p>|<p>a &amp; b</p>|y|n|&lt;p&gt;a &amp;amp; b&lt;&#x2f;p&gt;!]"
        );
    }

    /// Text a reader sees comes from `t` (typeset per language in `strings.rs`): a template
    /// writes no punctuation of a language of its own, such as French ` : ` in an English page.
    #[test]
    fn templates_write_no_spaced_punctuation_of_their_own() {
        for (name, text) in THEME.iter().filter(|(n, _)| n.ends_with(".html")) {
            for mark in [" : ", " ; ", " ? ", " ! ", "'s "] {
                assert!(!text.contains(mark), "{name} writes {mark:?}");
            }
        }
    }

    #[test]
    fn code_spans_become_code_and_the_rest_is_escaped() {
        assert_eq!(
            code_spans("ajouter `## Passation` au journal"),
            "ajouter <code>## Passation</code> au journal"
        );
        assert_eq!(
            code_spans("`a<b>` & `c`"),
            "<code>a&lt;b&gt;</code> &amp; <code>c</code>"
        );
        assert_eq!(
            code_spans("``x ` y`` puis ` seul"),
            "<code>x ` y</code> puis ` seul"
        );
        assert_eq!(code_spans("`` ` ``"), "<code>`</code>");
        assert_eq!(code_spans("pas de code"), "pas de code");
        assert_eq!(code_spans("l'été"), "l&#x27;été");
        assert_eq!(code_spans("```"), "```");
    }

    /// Eight bytes at a time or one at a time, wherever the byte to escape falls.
    #[test]
    fn code_spans_escape_every_byte_wherever_it_is() {
        let naive = |s: &str| {
            s.chars()
                .map(|c| match c {
                    '&' => "&amp;".to_string(),
                    '<' => "&lt;".to_string(),
                    '>' => "&gt;".to_string(),
                    '"' => "&quot;".to_string(),
                    '\'' => "&#x27;".to_string(),
                    c => c.to_string(),
                })
                .collect::<String>()
        };
        for len in 0..27 {
            for at in 0..len {
                for c in (0..128u8).map(char::from).chain(['é', '→']) {
                    let mut text: Vec<char> =
                        "abcdefghijklmnopqrstuvwxyz".chars().take(len).collect();
                    text[at] = c;
                    if at + 3 < len {
                        text[at + 3] = '\'';
                    }
                    let text: String = text.into_iter().collect();
                    assert_eq!(code_spans(&text), naive(&text), "{text:?}");
                }
            }
        }
    }

    fn render(name: &str, source: &str, text: &str) -> String {
        let mut env = environment(std::path::Path::new("/nonexistent-theme"), Lang::En).unwrap();
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
