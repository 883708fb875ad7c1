//! A built page parsed with html5ever (the parser `ammonia` already pulls in), to count parse
//! errors and collect ids and links.
//!
//! The sink keeps no tree: html5ever's tree builder reports every tokenizer and
//! tree-construction error (misnested or stray tags, bad attributes, missing doctype…) through
//! `parse_error`, and hands each element with its attributes to `create_element`, which is all
//! the link and id checks need.

use html5ever::interface::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::{Attribute, ExpandedName, ParseOpts, QualName, parse_document};
use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// One element as the parser created it.
#[derive(Debug, Clone)]
pub struct Element {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub line: u64,
}

impl Element {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A parsed HTML page: its parse errors and its elements in document order.
#[derive(Debug)]
pub struct Html {
    pub errors: Vec<String>,
    pub elements: Vec<Element>,
}

impl Html {
    /// Every `id` of the page, with duplicates.
    pub fn ids(&self) -> Vec<&str> {
        self.elements.iter().filter_map(|e| e.attr("id")).collect()
    }

    /// The `href` and `src` values, with the line they are on.
    pub fn links(&self) -> Vec<(&str, u64)> {
        self.elements
            .iter()
            .flat_map(|e| {
                ["href", "src"]
                    .into_iter()
                    .filter_map(move |a| e.attr(a).map(|v| (v, e.line)))
            })
            .collect()
    }
}

pub fn parse_html(text: &str) -> Html {
    let mut opts = ParseOpts::default();
    opts.tokenizer.exact_errors = true;
    opts.tree_builder.exact_errors = true;
    let sink = Sink {
        document: Rc::new(Node::default()),
        errors: RefCell::new(Vec::new()),
        elements: RefCell::new(Vec::new()),
        line: Cell::new(1),
    };
    parse_document(sink, opts).one(text)
}

#[derive(Default)]
struct Node {
    name: Option<QualName>,
    element: Option<usize>,
    template_contents: Option<Rc<Node>>,
}

struct Sink {
    document: Rc<Node>,
    errors: RefCell<Vec<String>>,
    elements: RefCell<Vec<Element>>,
    line: Cell<u64>,
}

fn attrs_of(attrs: &[Attribute]) -> Vec<(String, String)> {
    attrs
        .iter()
        .map(|a| (a.name.local.to_string(), a.value.to_string()))
        .collect()
}

impl TreeSink for Sink {
    type Handle = Rc<Node>;
    type Output = Html;
    type ElemName<'a> = ExpandedName<'a>;

    fn finish(self) -> Html {
        Html {
            errors: self.errors.into_inner(),
            elements: self.elements.into_inner(),
        }
    }

    fn parse_error(&self, msg: Cow<'static, str>) {
        self.errors
            .borrow_mut()
            .push(format!("line {}: {msg}", self.line.get()));
    }

    fn set_current_line(&self, line: u64) {
        self.line.set(line);
    }

    fn get_document(&self) -> Rc<Node> {
        self.document.clone()
    }

    fn elem_name<'a>(&'a self, target: &'a Rc<Node>) -> ExpandedName<'a> {
        target
            .name
            .as_ref()
            .expect("only elements have a name")
            .expanded()
    }

    fn create_element(
        &self,
        name: QualName,
        attrs: Vec<Attribute>,
        flags: ElementFlags,
    ) -> Rc<Node> {
        let mut elements = self.elements.borrow_mut();
        elements.push(Element {
            name: name.local.to_string(),
            attrs: attrs_of(&attrs),
            line: self.line.get(),
        });
        Rc::new(Node {
            name: Some(name),
            element: Some(elements.len() - 1),
            template_contents: flags.template.then(|| Rc::new(Node::default())),
        })
    }

    fn create_comment(&self, _text: StrTendril) -> Rc<Node> {
        Rc::new(Node::default())
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> Rc<Node> {
        Rc::new(Node::default())
    }

    fn append(&self, _parent: &Rc<Node>, _child: NodeOrText<Rc<Node>>) {}

    fn append_based_on_parent_node(
        &self,
        _element: &Rc<Node>,
        _prev_element: &Rc<Node>,
        _child: NodeOrText<Rc<Node>>,
    ) {
    }

    fn append_doctype_to_document(
        &self,
        _name: StrTendril,
        _public: StrTendril,
        _system: StrTendril,
    ) {
    }

    fn get_template_contents(&self, target: &Rc<Node>) -> Rc<Node> {
        target
            .template_contents
            .clone()
            .expect("only templates have contents")
    }

    fn same_node(&self, x: &Rc<Node>, y: &Rc<Node>) -> bool {
        Rc::ptr_eq(x, y)
    }

    fn set_quirks_mode(&self, mode: QuirksMode) {
        if mode != QuirksMode::NoQuirks {
            self.parse_error(Cow::Borrowed("the page renders in quirks mode"));
        }
    }

    fn append_before_sibling(&self, _sibling: &Rc<Node>, _new_node: NodeOrText<Rc<Node>>) {}

    fn add_attrs_if_missing(&self, target: &Rc<Node>, attrs: Vec<Attribute>) {
        if let Some(i) = target.element {
            let mut elements = self.elements.borrow_mut();
            let element = &mut elements[i];
            for (name, value) in attrs_of(&attrs) {
                if element.attr(&name).is_none() {
                    element.attrs.push((name, value));
                }
            }
        }
    }

    fn remove_from_parent(&self, _target: &Rc<Node>) {}

    fn reparent_children(&self, _node: &Rc<Node>, _new_parent: &Rc<Node>) {}
}
