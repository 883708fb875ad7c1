//! What the tree's tests share: an origin and accessors that fail the test on another kind.

use super::{Entry, Kind, Node, Origin};

/// A block starting on the file's second line (the first is `---` or `+++`).
pub const ORIGIN: Origin = Origin { first_line: 2 };

pub fn map(node: &Node) -> &[Entry] {
    match &node.kind {
        Kind::Map(e) => e,
        other => panic!("not a map: {other:?}"),
    }
}

pub fn items(node: &Node) -> &[Node] {
    match &node.kind {
        Kind::List(items) => items,
        other => panic!("not a list: {other:?}"),
    }
}
