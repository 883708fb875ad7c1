//! A journal built from front-matter lines and body sections, so that a test says what it changes
//! in an otherwise complete mission and its lines are easy to count.

/// The 1-based line of the first line of `text` containing `needle`.
pub fn line_of(text: &str, needle: &str) -> u32 {
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("`{needle}` is not in:\n{text}")) as u32
        + 1
}

/// A journal built from front-matter lines and body sections, so that a test can say what it
/// changes in an otherwise complete mission. Every key is one line (tables in flow style), in
/// insertion order; `set` on an existing key keeps its line.
#[derive(Clone, Debug)]
pub struct Journal {
    front: Vec<(String, String)>,
    sections: Vec<(String, String)>,
    extra: String,
}

impl Journal {
    /// An empty journal: no keys, no sections.
    pub fn empty() -> Journal {
        Journal {
            front: Vec::new(),
            sections: Vec::new(),
            extra: String::new(),
        }
    }

    /// An active mission with its four required keys; nothing to report.
    ///
    /// ```text
    /// 1 ---
    /// 2 title: "Audit SEO"
    /// 3 client: "Boutique Lumière"
    /// 4 start: 2025-01-15
    /// 5 status: active
    /// ```
    pub fn active() -> Journal {
        Journal::empty()
            .set("title", "\"Audit SEO\"")
            .set("client", "\"Boutique Lumière\"")
            .set("start", "2025-01-15")
            .set("status", "active")
    }

    /// A closed mission (ended by the client on 2025-06-30) where every end-of-mission step is
    /// done; nothing to report. `status` is on line 6.
    ///
    /// ```text
    ///  1 ---
    ///  2 title: "Audit SEO"
    ///  3 client: "Boutique Lumière"
    ///  4 start: 2025-01-15
    ///  5 end: 2025-06-30
    ///  6 status: closed
    ///  7 ended_by: client
    ///  8 contract: { termination_checked: 2025-06-02 }
    ///  9 feedback: { requested: 2025-07-01, received: 2025-07-08 }
    /// 10 rgpd: { notified: 2025-06-30, deleted: 2025-07-15 }
    /// 11 invoices: [{ number: "2025-030", amount: 1800, issued: 2025-06-30, due: 2025-07-30, paid: 2025-07-20 }]
    /// 12 ---
    /// ```
    /// then the sections Passation, Accès, Retour client, Leçons, Livrables, all filled in.
    pub fn closed() -> Journal {
        Journal::empty()
            .set("title", "\"Audit SEO\"")
            .set("client", "\"Boutique Lumière\"")
            .set("start", "2025-01-15")
            .set("end", "2025-06-30")
            .set("status", "closed")
            .set("ended_by", "client")
            .set("contract", "{ termination_checked: 2025-06-02 }")
            .set(
                "feedback",
                "{ requested: 2025-07-01, received: 2025-07-08 }",
            )
            .set("rgpd", "{ notified: 2025-06-30, deleted: 2025-07-15 }")
            .set(
                "invoices",
                "[{ number: \"2025-030\", amount: 1800, issued: 2025-06-30, due: 2025-07-30, paid: 2025-07-20 }]",
            )
            .section(
                "Passation",
                "Chantiers remis à l'équipe interne le 2025-06-25.",
            )
            .section("Accès", "- [x] Google Search Console : client propriétaire")
            .section("Retour client", "Très satisfaits de l'audit.")
            .section("Leçons", "Poser le périmètre par écrit dès le devis.")
            .section("Livrables", "Rapport d'audit (PDF), plan de redirections.")
    }

    /// Sets a top-level key (its YAML value as written), in place if it exists, else last.
    pub fn set(mut self, key: &str, value: &str) -> Journal {
        match self.front.iter_mut().find(|(k, _)| k == key) {
            Some(entry) => entry.1 = value.to_string(),
            None => self.front.push((key.to_string(), value.to_string())),
        }
        self
    }

    /// Removes a top-level key (its line disappears).
    pub fn unset(mut self, key: &str) -> Journal {
        self.front.retain(|(k, _)| k != key);
        self
    }

    /// Sets a `## heading` section's content, in place if it exists, else last.
    pub fn section(mut self, heading: &str, content: &str) -> Journal {
        match self.sections.iter_mut().find(|(h, _)| h == heading) {
            Some(entry) => entry.1 = content.to_string(),
            None => self
                .sections
                .push((heading.to_string(), content.to_string())),
        }
        self
    }

    /// Removes a section.
    pub fn without(mut self, heading: &str) -> Journal {
        self.sections.retain(|(h, _)| h != heading);
        self
    }

    /// Appends raw Markdown after the sections.
    pub fn body(mut self, markdown: &str) -> Journal {
        self.extra.push_str(markdown);
        self
    }

    /// The file's text.
    pub fn text(&self) -> String {
        let mut s = String::from("---\n");
        for (k, v) in &self.front {
            s.push_str(&format!("{k}: {v}\n"));
        }
        s.push_str("---\n");
        for (h, c) in &self.sections {
            s.push_str(&format!("\n## {h}\n\n{c}\n"));
        }
        if !self.extra.is_empty() {
            s.push('\n');
            s.push_str(&self.extra);
        }
        s
    }
}
