//! Raw HTML in journals, read the way a browser reads it: html5ever's tokenizer decodes entities
//! (`&#66;`, `&eacute;`) in text and attribute values, so names and URLs are checked on what a
//! reader would see. `rewrite` serialises the tokens back with text and attributes edited and
//! comments and doctypes dropped; `visit` only reads them (for the linter and final checks).

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use std::cell::RefCell;

/// A piece of raw HTML a reader can see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Text between tags, decoded.
    Text(&'a str),
    /// An attribute value, decoded, with its element and attribute names (lower case).
    Attr {
        element: &'a str,
        name: &'a str,
        value: &'a str,
    },
}

/// What to do with a piece.
pub enum Edit {
    Keep,
    Replace(String),
    /// Drop the attribute (for text: replace it by nothing).
    Drop,
}

/// Elements whose tags do not separate words (`Mai<b>son</b>` reads "Maison").
pub fn is_inline(element: &str) -> bool {
    matches!(
        element,
        "a" | "abbr"
            | "b"
            | "bdi"
            | "bdo"
            | "cite"
            | "code"
            | "data"
            | "del"
            | "dfn"
            | "em"
            | "font"
            | "i"
            | "ins"
            | "kbd"
            | "mark"
            | "q"
            | "s"
            | "samp"
            | "small"
            | "span"
            | "strong"
            | "sub"
            | "sup"
            | "time"
            | "tt"
            | "u"
            | "var"
            | "wbr"
    )
}

/// Elements whose content a browser reads as raw text, not markup (the tokenizer must be told,
/// as a tree builder would).
fn raw_kind(element: &str) -> Option<RawKind> {
    match element {
        "script" | "style" | "xmp" | "iframe" | "noembed" | "noframes" => Some(RawKind::Rawtext),
        "textarea" | "title" => Some(RawKind::Rcdata),
        _ => None,
    }
}

#[derive(Default)]
struct Collect {
    tokens: RefCell<Vec<Token>>,
}

impl TokenSink for Collect {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let raw = match &token {
            Token::TagToken(tag) if tag.kind == TagKind::StartTag => raw_kind(&tag.name),
            _ => None,
        };
        let mut tokens = self.tokens.borrow_mut();
        // Text comes in pieces (an entity is one): one run of text is one token.
        match (tokens.last_mut(), token) {
            (Some(Token::CharacterTokens(prev)), Token::CharacterTokens(next)) => {
                prev.push_tendril(&next);
            }
            (_, token) => tokens.push(token),
        }
        match raw {
            Some(kind) => TokenSinkResult::RawData(kind),
            None => TokenSinkResult::Continue,
        }
    }
}

fn tokens(html: &str) -> Vec<Token> {
    let tokenizer = Tokenizer::new(Collect::default(), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.tokens.take()
}

/// Calls `f` on every piece of `html`, in order. Comments are not pieces.
pub fn visit(html: &str, mut f: impl FnMut(Piece)) {
    for token in tokens(html) {
        match &token {
            Token::CharacterTokens(t) => f(Piece::Text(t)),
            Token::TagToken(tag) => {
                for a in &tag.attrs {
                    f(Piece::Attr {
                        element: &tag.name,
                        name: &a.name.local,
                        value: &a.value,
                    });
                }
            }
            _ => {}
        }
    }
}

/// Calls `text` on the text of `html` (what a reader sees between tags, a tag that separates
/// words giving a space) and `attr` on every attribute value, as the tokenizer reads them: no
/// token is kept, so a page of any size costs no more than its text.
pub fn read(html: &str, text: impl FnMut(&str), attr: impl FnMut(&str)) {
    struct Reader<T, A> {
        text: RefCell<T>,
        attr: RefCell<A>,
    }
    impl<T: FnMut(&str), A: FnMut(&str)> TokenSink for Reader<T, A> {
        type Handle = ();

        fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
            match &token {
                Token::CharacterTokens(t) => (self.text.borrow_mut())(t),
                Token::TagToken(tag) => {
                    if !is_inline(&tag.name) {
                        (self.text.borrow_mut())(" ");
                    }
                    for a in &tag.attrs {
                        (self.attr.borrow_mut())(&a.value);
                    }
                    if tag.kind == TagKind::StartTag
                        && let Some(kind) = raw_kind(&tag.name)
                    {
                        return TokenSinkResult::RawData(kind);
                    }
                }
                _ => {}
            }
            TokenSinkResult::Continue
        }
    }
    let tokenizer = Tokenizer::new(
        Reader {
            text: RefCell::new(text),
            attr: RefCell::new(attr),
        },
        TokenizerOpts::default(),
    );
    // Fed in slices: a copy of a page of tens of megabytes is not needed at once (the tokenizer
    // reads input in pieces, and gives the same tokens).
    let input = BufferQueue::default();
    let mut rest = html;
    while !rest.is_empty() {
        let mut cut = rest.len().min(FEED);
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        input.push_back(StrTendril::from_slice(&rest[..cut]));
        let _ = tokenizer.feed(&input);
        rest = &rest[cut..];
    }
    tokenizer.end();
}

/// How much of a page the tokenizer is given at a time.
const FEED: usize = 1 << 16;

/// Calls `f` on the text of `html` (what a reader sees between tags), a tag that separates words
/// giving a space.
pub fn visit_text(html: &str, f: impl FnMut(&str)) {
    read(html, f, |_| {});
}

fn escape_text(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

fn escape_attr(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

/// `html` serialised again with each piece edited by `f`; comments, doctypes and NUL dropped.
pub fn rewrite(html: &str, mut f: impl FnMut(Piece) -> Edit) -> String {
    let mut out = String::with_capacity(html.len());
    for token in tokens(html) {
        match token {
            Token::CharacterTokens(t) => match f(Piece::Text(&t)) {
                Edit::Keep => escape_text(&t, &mut out),
                Edit::Replace(s) => escape_text(&s, &mut out),
                Edit::Drop => {}
            },
            Token::TagToken(tag) => {
                out.push('<');
                if tag.kind == TagKind::EndTag {
                    out.push('/');
                }
                out.push_str(&tag.name);
                if tag.kind == TagKind::StartTag {
                    for a in &tag.attrs {
                        let edit = f(Piece::Attr {
                            element: &tag.name,
                            name: &a.name.local,
                            value: &a.value,
                        });
                        let value = match edit {
                            Edit::Keep => a.value.to_string(),
                            Edit::Replace(v) => v,
                            Edit::Drop => continue,
                        };
                        out.push(' ');
                        out.push_str(&a.name.local);
                        out.push_str("=\"");
                        escape_attr(&value, &mut out);
                        out.push('"');
                    }
                    if tag.self_closing {
                        out.push_str(" /");
                    }
                }
                out.push('>');
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_page_reads_the_same_across_the_slices_it_is_fed_in() {
        let tail = "&amp;é&#x20AC;<b title=\"tï&lt;tle\">x</b><!-- c --><p>y";
        for shift in 0..tail.len() + 2 {
            let html = format!("{}{tail}", "a".repeat(FEED - shift));
            let (mut text, mut attrs) = (String::new(), Vec::new());
            read(&html, |t| text.push_str(t), |a| attrs.push(a.to_string()));
            assert_eq!(
                text,
                format!("{}&é€x y", "a".repeat(FEED - shift)),
                "{shift}"
            );
            assert_eq!(attrs, ["tï<tle"], "{shift}");
        }
    }

    #[test]
    fn entities_are_decoded_in_text_and_attributes() {
        let mut seen = Vec::new();
        visit(
            "<p title=\"&#66;eaus&eacute;jour\">&#x42;eau<!-- hidden --></p>",
            |p| seen.push(format!("{p:?}")),
        );
        assert_eq!(
            seen,
            vec![
                "Attr { element: \"p\", name: \"title\", value: \"Beauséjour\" }",
                "Text(\"Beau\")"
            ]
        );
    }

    #[test]
    fn rewriting_edits_pieces_and_drops_comments() {
        let out = rewrite(
            "<a href=\"x.md\" title='Secret'>Secret <b>ok</b></a><!-- Secret --><img src=x>",
            |p| match p {
                Piece::Attr { name: "href", .. } => Edit::Drop,
                Piece::Attr { value, .. } | Piece::Text(value) if value.contains("Secret") => {
                    Edit::Replace(value.replace("Secret", "X"))
                }
                _ => Edit::Keep,
            },
        );
        assert_eq!(out, "<a title=\"X\">X <b>ok</b></a><img src=\"x\">");
    }

    #[test]
    fn text_of_a_heading() {
        let mut text = String::new();
        visit_text("<h2 class=x>Acc<i>&egrave;</i>s</h2>", |t| text.push_str(t));
        assert_eq!(text.trim(), "Accès");
    }
}
