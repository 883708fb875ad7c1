//! Task list items as accessible form controls: each checkbox labelled by its item's text.

use crate::audience::anonymize::{is_inline_end, is_inline_tag};
use pulldown_cmark::{CowStr, Event};

/// Task list checkboxes get their item's text as label: `<label><input …> text</label>`, closed
/// before the first block (nested list, code block…) or at the end of the paragraph or item.
/// An unlabelled form control is a critical accessibility failure (axe-core `label`).
pub struct LabelTasks<'e, I> {
    inner: I,
    open: bool,
    pending: Option<Event<'e>>,
}

impl<I> LabelTasks<'_, I> {
    pub fn new(inner: I) -> Self {
        LabelTasks {
            inner,
            open: false,
            pending: None,
        }
    }
}

fn is_inline_in_label(event: &Event) -> bool {
    match event {
        Event::Text(_)
        | Event::Code(_)
        | Event::InlineHtml(_)
        | Event::InlineMath(_)
        | Event::SoftBreak
        | Event::HardBreak
        | Event::FootnoteReference(_) => true,
        Event::Start(tag) => is_inline_tag(tag),
        Event::End(tag) => is_inline_end(tag),
        _ => false,
    }
}

impl<'e, I: Iterator<Item = Event<'e>>> Iterator for LabelTasks<'e, I> {
    type Item = Event<'e>;

    fn next(&mut self) -> Option<Event<'e>> {
        if let Some(e) = self.pending.take() {
            return Some(e);
        }
        let Some(event) = self.inner.next() else {
            if std::mem::take(&mut self.open) {
                return Some(Event::InlineHtml(CowStr::from("</label>")));
            }
            return None;
        };
        if self.open && !is_inline_in_label(&event) {
            self.open = false;
            self.pending = Some(self.label_or(event));
            return Some(Event::InlineHtml(CowStr::from("</label>")));
        }
        Some(self.label_or(event))
    }
}

impl<'e, I> LabelTasks<'e, I> {
    /// A task marker becomes the opening of its label; anything else goes as is.
    fn label_or(&mut self, event: Event<'e>) -> Event<'e> {
        if let Event::TaskListMarker(checked) = event {
            self.open = true;
            let checked = if checked { " checked=\"\"" } else { "" };
            Event::InlineHtml(CowStr::from(format!(
                "<label><input disabled=\"\" type=\"checkbox\"{checked}/>"
            )))
        } else {
            event
        }
    }
}
