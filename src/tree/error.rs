//! Syntax errors of a YAML or TOML block (front matter or `book.toml`), said in the reader's
//! language: what is wrong in one sentence of ours, the parser's own English words kept as a
//! quoted detail, a help line saying what to check, and the position moved to the cause when
//! the parser stops further on (the opening quote of an unclosed string, the tab, the `[` never
//! closed, the start of a badly indented line).

use crate::diagnostic::Pos;
use crate::i18n::Lang;
use crate::tr;

/// The deepest nesting debrief reads (see `tree::MAX_DEPTH`).
use super::MAX_DEPTH;

/// What is wrong, as far as the parser's message and the text tell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cause {
    /// `title: Refonte: SEO`: a `: ` inside a plain value.
    ColonInValue {
        key: String,
        value: String,
    },
    /// A line indented differently from its siblings.
    Indentation,
    /// A tab where YAML wants spaces.
    Tab,
    /// A quoted string that does not end on its line.
    UnclosedQuote,
    /// `'l'atelier'`: text after the closing quote.
    AfterQuote,
    /// A `[` or `{` never closed.
    UnclosedBracket,
    /// TOML `title = Refonte`: a string without quotes.
    UnquotedText {
        key: String,
        value: String,
    },
    DuplicateKey(String),
    UnknownAlias,
    SecondDocument,
    /// A key that is a list or a table.
    ComplexKey,
    /// YAML aliases copying more than `MAX_ALIASED_VALUES` values.
    TooManyAliased(usize),
    /// Lists and tables nested deeper than `MAX_DEPTH`.
    TooDeep,
    Other,
}

/// A syntax error at a position of the file.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    pub pos: Pos,
    /// The parser's own words (English), or empty when the error is ours.
    pub message: String,
    /// Lists and tables nested deeper than `MAX_DEPTH`.
    pub too_deep: bool,
    pub cause: Cause,
    /// `YAML` or `TOML`: the reader the quoted words come from.
    pub format: &'static str,
}

impl SyntaxError {
    /// An error found by debrief itself, not by the parser.
    pub(super) fn ours(pos: Pos, cause: Cause, format: &'static str) -> SyntaxError {
        SyntaxError {
            pos,
            message: String::new(),
            too_deep: cause == Cause::TooDeep,
            cause,
            format,
        }
    }

    /// An error of the parser, at byte `offset` of `text`; `at` maps an offset to a file
    /// position. The parsers' own depth limits (saphyr's 255 flow levels, toml's 80) are higher
    /// than ours and rarely reached first; when they are, the problem is the same one.
    pub(super) fn from_parser(
        text: &str,
        offset: usize,
        message: &str,
        format: &'static str,
        at: &dyn Fn(usize) -> Pos,
    ) -> SyntaxError {
        let message = message.trim();
        if message.starts_with("recursion limit") || message.starts_with("cannot recurse further") {
            return SyntaxError::ours(at(offset), Cause::TooDeep, format);
        }
        let offset = floor_char(text, offset.min(text.len()));
        let (cause, offset) = if format == "TOML" {
            toml_cause(text, offset, message)
        } else {
            yaml_cause(text, offset, message)
        };
        SyntaxError {
            pos: at(offset),
            message: message.to_string(),
            too_deep: false,
            cause,
            format,
        }
    }

    /// The error in `lang`: our sentence, then the parser's words quoted when there are some.
    pub fn text(&self, lang: Lang) -> String {
        let sentence = sentence(&self.cause, lang);
        if self.message.is_empty() {
            return sentence;
        }
        let (format, words) = (self.format, &self.message);
        tr!(
            lang,
            "{sentence} (le lecteur {format} dit «\u{a0}{words}\u{a0}»)",
            "{sentence} (the {format} reader says \"{words}\")"
        )
    }

    /// What to check or do.
    pub fn help(&self, lang: Lang) -> Option<String> {
        Some(help(&self.cause, self.format, lang))
    }
}

fn sentence(cause: &Cause, lang: Lang) -> String {
    match cause {
        Cause::ColonInValue { key, .. } => tr!(
            lang,
            "un deux-points dans la valeur de `{key}`",
            "a colon inside the value of `{key}`"
        ),
        Cause::Indentation => tr!(lang, "indentation inattendue", "unexpected indentation"),
        Cause::Tab => tr!(
            lang,
            "une tabulation dans l’indentation",
            "a tab in the indentation"
        ),
        Cause::UnclosedQuote => tr!(
            lang,
            "un guillemet ouvert ici n’est jamais fermé",
            "a quote opened here is never closed"
        ),
        Cause::AfterQuote => tr!(
            lang,
            "du texte après le guillemet qui ferme la valeur",
            "text after the quote that closes the value"
        ),
        Cause::UnclosedBracket => tr!(
            lang,
            "une liste `[` ou une table `{{` ouverte ici n’est pas fermée",
            "a list `[` or a table `{{` opened here is not closed"
        ),
        Cause::UnquotedText { key, .. } => tr!(
            lang,
            "la valeur de `{key}` est un texte sans guillemets",
            "the value of `{key}` is text without quotes"
        ),
        Cause::DuplicateKey(key) => tr!(
            lang,
            "la clé `{key}` apparaît deux fois",
            "the key `{key}` appears twice"
        ),
        Cause::UnknownAlias => tr!(
            lang,
            "un alias `*` renvoie à une ancre `&` qui n’existe pas",
            "an alias `*` refers to an anchor `&` that does not exist"
        ),
        Cause::SecondDocument => tr!(
            lang,
            "un second document YAML dans l’en-tête",
            "a second YAML document in the front matter"
        ),
        Cause::ComplexKey => tr!(
            lang,
            "une clé doit être un simple mot, pas une liste ni une table",
            "a key must be a plain word, not a list or a table"
        ),
        Cause::TooManyAliased(max) => tr!(
            lang,
            "les alias recopient plus de {max} valeurs",
            "the aliases expand to more than {max} values"
        ),
        Cause::TooDeep => too_deep_message(lang),
        Cause::Other => tr!(lang, "erreur de syntaxe", "syntax error"),
    }
}

fn help(cause: &Cause, format: &str, lang: Lang) -> String {
    let quoted = |v: &str| v.replace('\\', "\\\\").replace('"', "\\\"");
    match cause {
        Cause::ColonInValue { key, value } => {
            let value = quoted(value);
            tr!(
                lang,
                "mettez la valeur entre guillemets\u{a0}: `{key}: \"{value}\"`",
                "put the value in quotes: `{key}: \"{value}\"`"
            )
        }
        Cause::Indentation => tr!(
            lang,
            "alignez cette ligne sur les clés de même niveau, avec des espaces (une clé de premier niveau commence en colonne 1, un élément de liste sous sa clé)",
            "align this line with the keys of the same level, with spaces (a top-level key starts in column 1, a list item under its key)"
        ),
        Cause::Tab => tr!(
            lang,
            "indentez avec des espaces\u{a0}: YAML refuse les tabulations",
            "indent with spaces: YAML refuses tabs"
        ),
        Cause::UnclosedQuote => tr!(
            lang,
            "fermez le guillemet à la fin de la valeur, sur la même ligne",
            "close the quote at the end of the value, on the same line"
        ),
        Cause::AfterQuote => tr!(
            lang,
            "entre apostrophes droites, doublez celle de la valeur (`'l''atelier'`), ou mettez la valeur entre guillemets doubles (`\"l'atelier\"`)",
            "inside single quotes, double the value's own (`'O''Brien'`), or put the value in double quotes (`\"O'Brien\"`)"
        ),
        Cause::UnclosedBracket => tr!(
            lang,
            "fermez-la sur la même ligne (`]` ou `}}`)\u{a0}; une valeur qui contient `[`, `{{`, `,` ou `: ` se met entre guillemets",
            "close it on the same line (`]` or `}}`); a value that contains `[`, `{{`, `,` or `: ` goes in quotes"
        ),
        Cause::UnquotedText { key, value } => {
            let value = quoted(value);
            tr!(
                lang,
                "en TOML, un texte s’écrit entre guillemets\u{a0}: `{key} = \"{value}\"`",
                "in TOML, text is written in quotes: `{key} = \"{value}\"`"
            )
        }
        Cause::DuplicateKey(key) => tr!(
            lang,
            "gardez une seule clé `{key}`",
            "keep a single `{key}` key"
        ),
        Cause::UnknownAlias => tr!(
            lang,
            "définissez l’ancre avant l’alias, ou mettez la valeur entre guillemets si elle commence par `*`",
            "define the anchor before the alias, or put the value in quotes if it starts with `*`"
        ),
        Cause::SecondDocument => tr!(
            lang,
            "retirez la ligne `---` ou `...` en trop\u{a0}: l’en-tête est un seul document",
            "remove the extra `---` or `...` line: the front matter is one document"
        ),
        Cause::ComplexKey => tr!(
            lang,
            "écrivez `clé: valeur`, la clé en un mot",
            "write `key: value`, the key as one word"
        ),
        Cause::TooManyAliased(_) => tr!(
            lang,
            "écrivez les valeurs elles-mêmes plutôt que des alias",
            "write the values themselves instead of aliases"
        ),
        Cause::TooDeep => too_deep_help(lang),
        Cause::Other if format == "TOML" => tr!(
            lang,
            "vérifiez les guillemets autour des textes, le `=` après chaque clé et les crochets des tables (`[book]`)",
            "check the quotes around text, the `=` after each key and the brackets of tables (`[book]`)"
        ),
        Cause::Other => tr!(
            lang,
            "vérifiez les guillemets (fermés, et autour d’une valeur qui contient `: ` ou ` #`), l’indentation (des espaces, jamais de tabulation) et le deux-points après chaque clé",
            "check the quotes (closed, and around a value that contains `: ` or ` #`), the indentation (spaces, never tabs) and the colon after each key"
        ),
    }
}

/// The message for lists and tables nested deeper than `MAX_DEPTH` (front matter or `book.toml`).
pub fn too_deep_message(lang: Lang) -> String {
    tr!(
        lang,
        "listes et tables imbriquées sur plus de {MAX_DEPTH} niveaux",
        "lists and tables nested more than {MAX_DEPTH} levels deep"
    )
}

/// The help line that goes with `too_deep_message`.
pub fn too_deep_help(lang: Lang) -> String {
    tr!(
        lang,
        "aplatissez cette valeur\u{a0}: aucune clé lue par debrief n’a besoin d’une telle imbrication",
        "flatten this value: no key debrief reads needs nesting this deep"
    )
}

fn floor_char(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The line holding byte `offset`: its start and its text (without the line break).
fn line_at(text: &str, offset: usize) -> (usize, &str) {
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    (start, text[start..end].trim_end_matches('\r'))
}

/// `key: value` of a line whose value holds another `: `.
fn key_value(line: &str, sep: &str) -> Option<(String, String)> {
    let body = line.trim_start().trim_start_matches("- ");
    let (key, value) = body.split_once(sep)?;
    let key = key.trim();
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'));
    plain.then(|| (key.to_string(), value.trim().to_string()))
}

/// The last `[` or `{` opened before `offset` and not closed, outside quotes.
fn unclosed_bracket(text: &str, offset: usize) -> Option<usize> {
    let mut open = Vec::new();
    let mut quote = None;
    for (i, c) in text[..offset].char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '[' | '{') => open.push(i),
            (None, ']' | '}') => {
                open.pop();
            }
            (None, '\n') => quote = None,
            _ => {}
        }
    }
    open.pop()
}

fn yaml_cause(text: &str, offset: usize, message: &str) -> (Cause, usize) {
    let (start, line) = line_at(text, offset);
    let indent = line.len() - line.trim_start().len();
    if message.contains("mapping values are not allowed") {
        let before = &text[start..offset];
        if key_value(before, ": ").is_some()
            && let Some((key, value)) = key_value(line, ": ")
        {
            return (Cause::ColonInValue { key, value }, offset);
        }
        return (Cause::Indentation, start + indent);
    }
    if message.contains("tab") {
        let tab = text[offset..]
            .find('\t')
            .map(|i| offset + i)
            .or_else(|| text[..offset].rfind('\t'));
        return (Cause::Tab, tab.unwrap_or(offset));
    }
    if message.contains("quoted scalar") {
        if message.contains("trailing content") {
            return (Cause::AfterQuote, offset);
        }
        return (Cause::UnclosedQuote, offset);
    }
    if message.contains("flow") || message.contains("placement of ':'") {
        return (
            Cause::UnclosedBracket,
            unclosed_bracket(text, offset).unwrap_or(offset),
        );
    }
    if message.contains("indentation")
        || message.contains("did not find expected '-'")
        || message.contains("did not find expected key")
        || message.contains("block")
    {
        return (Cause::Indentation, start + indent);
    }
    (Cause::Other, offset)
}

fn toml_cause(text: &str, offset: usize, message: &str) -> (Cause, usize) {
    let (start, line) = line_at(text, offset);
    if message.contains("must be quoted")
        && let Some((key, value)) = key_value(line, "=")
    {
        return (Cause::UnquotedText { key, value }, offset);
    }
    if message.contains("invalid basic string")
        || message.contains("invalid literal string")
        || message.contains("unterminated")
    {
        let open = text[start..offset].rfind(['"', '\'']).map(|i| start + i);
        return (Cause::UnclosedQuote, open.unwrap_or(offset));
    }
    if message.contains("duplicate key") {
        let key = message.split('`').nth(1).unwrap_or_default().to_string();
        return (Cause::DuplicateKey(key), offset);
    }
    if message.contains("invalid array") || message.contains("invalid inline table") {
        return (
            Cause::UnclosedBracket,
            unclosed_bracket(text, offset).unwrap_or(offset),
        );
    }
    (Cause::Other, offset)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tree::{Origin, parse_toml, parse_yaml};

    const ORIGIN: Origin = Origin { first_line: 2 };

    fn yaml(text: &str) -> SyntaxError {
        parse_yaml(text, ORIGIN).unwrap_err()
    }

    #[test]
    fn a_colon_in_a_value_is_named_with_the_quoted_fix() {
        let e = yaml("title: Refonte: SEO\nclient: C\n");
        assert_eq!(e.pos, Pos::new(2, 15));
        assert_eq!(
            e.text(Lang::Fr),
            "un deux-points dans la valeur de `title` (le lecteur YAML dit «\u{a0}mapping values are not allowed in this context\u{a0}»)"
        );
        assert_eq!(
            e.help(Lang::Fr).unwrap(),
            "mettez la valeur entre guillemets\u{a0}: `title: \"Refonte: SEO\"`"
        );
        assert_eq!(
            e.help(Lang::En).unwrap(),
            "put the value in quotes: `title: \"Refonte: SEO\"`"
        );
    }

    #[test]
    fn an_indented_key_points_at_the_line_start() {
        let e = yaml("title: T\n  start: 2025-01-01\n");
        assert_eq!(
            (e.cause.clone(), e.pos),
            (Cause::Indentation, Pos::new(3, 3))
        );
        let e = yaml("invoices:\n  - number: 1\n   amount: 2\n");
        assert_eq!(
            (e.cause.clone(), e.pos),
            (Cause::Indentation, Pos::new(4, 4))
        );
    }

    #[test]
    fn a_tab_is_pointed_at() {
        let e = yaml("title: T\nstart: 2025-01-01\n\tstatus: active\n");
        assert_eq!((e.cause.clone(), e.pos), (Cause::Tab, Pos::new(4, 1)));
        assert_eq!(
            e.help(Lang::Fr).unwrap(),
            "indentez avec des espaces\u{a0}: YAML refuse les tabulations"
        );
    }

    #[test]
    fn quotes_unclosed_or_followed_by_text() {
        let e = yaml("title: \"Refonte SEO\nclient: C\n");
        assert_eq!(
            (e.cause.clone(), e.pos),
            (Cause::UnclosedQuote, Pos::new(2, 8))
        );
        let e = yaml("title: 'l'atelier'\n");
        assert_eq!(e.cause, Cause::AfterQuote);
        assert!(e.help(Lang::Fr).unwrap().contains("`'l''atelier'`"));
    }

    #[test]
    fn an_unclosed_list_points_at_its_bracket() {
        let e = yaml("title: [T\nclient: C\nstatus: active\n");
        assert_eq!(
            (e.cause.clone(), e.pos),
            (Cause::UnclosedBracket, Pos::new(2, 8))
        );
    }

    #[test]
    fn our_own_errors_are_translated() {
        let e = yaml("a: 1\na: 2\n");
        assert_eq!(e.text(Lang::Fr), "la clé `a` apparaît deux fois");
        assert_eq!(e.text(Lang::En), "the key `a` appears twice");
        assert_eq!(e.help(Lang::Fr).unwrap(), "gardez une seule clé `a`");
    }

    #[test]
    fn toml_unquoted_and_unclosed_strings() {
        let e = parse_toml("title = Refonte\n", ORIGIN).unwrap_err();
        assert_eq!(e.pos, Pos::new(2, 9));
        assert_eq!(
            e.text(Lang::Fr).split(" (").next(),
            Some("la valeur de `title` est un texte sans guillemets")
        );
        assert_eq!(
            e.help(Lang::Fr).unwrap(),
            "en TOML, un texte s’écrit entre guillemets\u{a0}: `title = \"Refonte\"`"
        );
        let e = parse_toml("title = \"Refonte\nclient = \"C\"\n", ORIGIN).unwrap_err();
        assert_eq!(
            (e.cause.clone(), e.pos),
            (Cause::UnclosedQuote, Pos::new(2, 9))
        );
    }

    #[test]
    fn anything_else_still_gets_a_sentence_and_a_help_line() {
        let e = parse_toml("title = \"x\"\nstart = = 3\n", ORIGIN).unwrap_err();
        assert!(
            e.text(Lang::Fr)
                .starts_with("erreur de syntaxe (le lecteur TOML dit «\u{a0}"),
            "{e:?}"
        );
        assert!(e.help(Lang::En).unwrap().contains("quotes"));
    }
}
