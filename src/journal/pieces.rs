//! A long journal body parsed in pieces: byte ranges that pulldown-cmark can parse one after the
//! other and give the same events as for the whole body. A parser keeps a tree of the whole text
//! it was given (several times the text's size); by pieces, only one piece's tree is alive at a
//! time, so the memory a 20 MB journal needs stays a small multiple of its size.
//!
//! A body is cut only where nothing can reach across the cut:
//! - only bodies without `]:` and `[^`, so without link reference definitions and footnotes,
//!   which are resolved across the whole document;
//! - at the start of a line that starts a top-level block (not indented) (no container open: no list, quote,
//!   fence or HTML block runs on), after a blank line (no paragraph or table continues), as a
//!   parse of the text up to a little past the cut shows. The block structure of the lines before
//!   a line depends only on them and that line, so the cut holds for the whole body too.
//!
//! Short bodies, the common case, are one piece and cost nothing more.

use pulldown_cmark::{Event, Options, Parser};
use std::ops::Range;

/// The size a piece is cut at, at least (a larger block makes a larger piece).
pub const PIECE: usize = 1 << 19;

/// The pieces of the body of `source` that starts at `start`, as byte ranges of `source`,
/// consecutive and covering the body.
pub fn split(source: &str, start: usize) -> Vec<Range<usize>> {
    split_at(source, start, PIECE)
}

/// `split`, cutting at `size` bytes at least (small sizes for tests).
pub fn split_at(source: &str, start: usize, size: usize) -> Vec<Range<usize>> {
    let body = &source[start..];
    if body.len() <= size || body.contains("]:") || body.contains("[^") {
        return vec![start..source.len()];
    }
    let mut out = Vec::new();
    let mut from = 0;
    let mut window = size;
    while body.len() - from > window {
        let end = line_end(body, from + window);
        if end >= body.len() {
            break;
        }
        match last_cut(&body[from..end]) {
            Some(cut) => {
                out.push(start + from..start + from + cut);
                from += cut;
                window = size;
            }
            // One block fills the window: look further (doubling keeps the cost linear).
            None => window = window.saturating_mul(2),
        }
    }
    out.push(start + from..source.len());
    out
}

/// The options the cuts are checked with: the site's, and the index's (`sections::index`). A
/// cut must hold for both: with tables, a line of pipes is a table row; without, it continues a
/// paragraph, and what opens after that paragraph (an HTML comment) can run on past a cut
/// found with tables only.
fn options() -> [Options; 2] {
    [
        super::sections::markdown_options(),
        super::sections::index_options(),
    ]
}

/// The byte offset in `text` of the last line (but the first) that starts a top-level block after
/// a blank line, for the options of every parse of the body.
fn last_cut(text: &str) -> Option<usize> {
    let [site, index] = options().map(|o| cuts(text, o));
    site.into_iter()
        .rev()
        .find(|cut| index.binary_search(cut).is_ok())
}

/// The offsets in `text`, in order, of the lines (but the first) that start a top-level block
/// after a blank line, parsed with `options`.
fn cuts(text: &str, options: Options) -> Vec<usize> {
    let mut depth = 0usize;
    let mut starts = Vec::new();
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        match event {
            Event::Start(_) => {
                if depth == 0 && range.start > 0 {
                    starts.push(range.start);
                }
                depth += 1;
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    // At a block that starts its line (an indented one would end the ranges of the blocks
    // before it further, past the indentation), after a blank line.
    starts.retain(|&line| {
        let Some(before) = text[..line].strip_suffix('\n') else {
            return false;
        };
        let before = before.strip_suffix('\r').unwrap_or(before);
        let previous = &before[before.rfind('\n').map_or(0, |i| i + 1)..];
        previous.bytes().all(|b| b == b' ' || b == b'\t')
    });
    starts
}

/// The offset after the end of the line holding byte `at` (or the text's end).
fn line_end(text: &str, at: usize) -> usize {
    memchr::memchr(b'\n', &text.as_bytes()[at..]).map_or(text.len(), |i| at + i + 1)
}

/// The events of `source` over `pieces` with `options`, ranges in `source`: one piece's parser
/// alive at a time.
pub fn events<'s>(
    source: &'s str,
    pieces: &[Range<usize>],
    options: Options,
) -> impl Iterator<Item = (Event<'s>, Range<usize>)> {
    pieces.iter().cloned().flat_map(move |piece| {
        let at = piece.start;
        Parser::new_ext(&source[piece], options)
            .into_offset_iter()
            .map(move |(e, r)| (e, r.start + at..r.end + at))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn whole(text: &str, options: Options) -> Vec<(Event<'_>, Range<usize>)> {
        Parser::new_ext(text, options).into_offset_iter().collect()
    }

    #[test]
    fn short_bodies_and_bodies_with_references_are_one_piece() {
        assert_eq!(split("---\n---\nabc\n", 8), vec![8..12]);
        let long = "para\n\n".repeat(200_000);
        assert!(split(&long, 0).len() > 1);
        let refs = format!("{long}[a]: /b\n");
        assert_eq!(split(&refs, 0), vec![0..refs.len()]);
        let notes = format!("{long}x[^1]\n");
        assert_eq!(split(&notes, 0), vec![0..notes.len()]);
    }

    #[test]
    fn pieces_are_consecutive_and_cover_the_body() {
        let text = "intro\n\n".to_string() + &"## Passation\n\n- [x] a\n- [ ] b\n\n".repeat(50_000);
        let pieces = split(&text, 7);
        assert!(pieces.len() > 2);
        assert_eq!(pieces[0].start, 7);
        assert_eq!(pieces.last().unwrap().end, text.len());
        for w in pieces.windows(2) {
            assert_eq!(w[0].end, w[1].start);
            assert!(w[0].len() >= PIECE / 2);
        }
    }

    #[test]
    fn a_fence_or_a_list_is_never_cut() {
        let fence = format!("a\n\n```\n{}```\n\nb\n", "## x\n\ny\n\n".repeat(100));
        let pieces = split_at(&fence, 0, 16);
        let code = fence.find("```").unwrap();
        assert!(
            pieces
                .iter()
                .all(|p| p.start <= code || p.start > fence.rfind("```").unwrap())
        );
        let list = format!("a\n\n{}\nb\n", "- item\n\n  more\n\n".repeat(100));
        let pieces = split_at(&list, 0, 16);
        let allowed = [0, 3, list.len() - 2];
        assert!(
            pieces.iter().all(|p| allowed.contains(&p.start)),
            "{pieces:?}"
        );
        assert!(pieces.len() > 1);
    }

    /// Markdown made of the pieces that can carry state across lines.
    fn markdown() -> impl Strategy<Value = String> {
        let line = prop_oneof![
            Just("".to_string()),
            Just("text line".to_string()),
            Just("## Heading".to_string()),
            Just("Setext".to_string()),
            Just("===".to_string()),
            Just("---".to_string()),
            Just("```".to_string()),
            Just("~~~".to_string()),
            Just("    indented code".to_string()),
            Just("> quoted".to_string()),
            Just(">".to_string()),
            Just("- item".to_string()),
            Just("1. item".to_string()),
            Just("  continued".to_string()),
            Just("- [ ] task".to_string()),
            Just("| a | b |".to_string()),
            Just("|---|---|".to_string()),
            Just("<div>".to_string()),
            Just("</div>".to_string()),
            Just("<!--".to_string()),
            Just("-->".to_string()),
            Just("<pre>".to_string()),
            Just("</pre>".to_string()),
            Just("\t- tabbed".to_string()),
            Just("*emph* [link](u) `code`".to_string()),
            Just("## h {#id}".to_string()),
            Just("   - three spaces".to_string()),
            Just("> - quoted item".to_string()),
            Just("- > item quote".to_string()),
            Just("2) paren".to_string()),
            Just("* * *".to_string()),
            Just("<script>".to_string()),
            Just("</script>".to_string()),
            Just("<?php".to_string()),
            Just("?>".to_string()),
            Just("<a href=x>".to_string()),
            Just("hard break  ".to_string()),
            Just("  ".to_string()),
            Just("- [x] done".to_string()),
            Just("# h1 #".to_string()),
            Just("~~strike~~ <span>".to_string()),
        ];
        proptest::collection::vec(line, 0..60).prop_map(|lines| lines.join("\n") + "\n")
    }

    /// A cut found with tables only: without them, the pipes continue a paragraph after which an
    /// HTML comment opens and runs on past the cut (found by the property test below).
    #[test]
    fn a_cut_holds_for_the_index_as_for_the_site() {
        let text = "-->\n</pre>\n| a | b |\n|---|---|\n\t- tabbed\n</pre>\n<!--\n\n<script>\n\n";
        let pieces = split_at(text, 0, 7);
        for options in options() {
            let by_pieces: Vec<_> = events(text, &pieces, options).collect();
            assert_eq!(by_pieces, whole(text, options), "pieces {pieces:?}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1500))]
        /// Cut as small as it can be, every body parses by pieces as it does whole, with the
        /// site's options and with the index's.
        #[test]
        fn pieces_parse_as_the_whole(text in markdown(), size in 1usize..40) {
            let pieces = split_at(&text, 0, size);
            for options in options() {
                let by_pieces: Vec<_> = events(&text, &pieces, options).collect();
                prop_assert_eq!(by_pieces, whole(&text, options), "pieces {:?}", pieces);
            }
        }
    }
}
