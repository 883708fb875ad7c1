//! What the tree's tests share: an origin, accessors that fail the test on another kind, and the
//! small deterministic generator the fast readers' property tests write documents with.

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

/// A xorshift generator: the choices a property test makes while writing a document out, from
/// one seed (so a failing case is replayed by its seed alone).
pub struct Xorshift(pub u64);

impl Xorshift {
    /// A number below `n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }

    /// True once in `n` times.
    pub fn one_in(&mut self, n: u64) -> bool {
        self.below(n) == 0
    }
}
