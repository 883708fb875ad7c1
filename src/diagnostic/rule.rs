//! What a built-in rule is, apart from how it is checked: its id, family, default severity, the
//! missions it applies to, its documentation, whether `lint.allow` can silence it, the quick fixes
//! an editor may offer for it and the letter `debrief draft` writes for it.
//!
//! A rule is a `static` value of the catalog (`catalog`), built by the `const fn` `Rule::new` and
//! builder-style `const fn`s for what differs from the defaults. Findings and diagnostics carry a
//! `&'static Rule`, so an id and its severity are written once. The checks themselves are the
//! linter's (`lint::rules`); the loader reports its findings against the same values. Nothing
//! here checks, prints or depends on the linter.
//!
//! `fixes` are for the language server's quick fixes (`design/lsp.md`); `letter` names the
//! letter `debrief draft` writes (`design/letters.md`), which the linter's help points at.

use super::Severity;
use crate::i18n::Lang;
use std::fmt;

/// A rule of the catalog.
pub struct Rule {
    pub id: &'static str,
    pub family: Family,
    /// The severity before `[lint.rules]`; some rules raise or lower it per diagnostic, as their
    /// documentation says.
    pub severity: Severity,
    /// Which missions it applies to, in French and English.
    pub applies: (&'static str, &'static str),
    /// The documentation: `<!-- fr -->` then `<!-- en -->`, see `lint::doc`.
    pub doc: &'static str,
    /// Whether a mission's `lint.allow` can silence it (`allow-*` rules police `lint.allow` itself:
    /// they cannot).
    pub silenceable: bool,
    /// The quick fixes an editor may offer on its diagnostics, in the order it offers them.
    pub fixes: &'static [FixKind],
    /// The letter `debrief draft` writes to act on it, if one does.
    pub letter: Option<LetterKind>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    Structure,
    EndOfMission,
    Money,
    Publishing,
    Suppression,
}

impl Family {
    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            Family::Structure => lang.pick("Structure", "Structure"),
            Family::EndOfMission => lang.pick("Fin de mission", "End of mission"),
            Family::Money => lang.pick("Argent", "Money"),
            Family::Publishing => lang.pick("Version publique", "Publishing"),
            Family::Suppression => lang.pick("Exceptions", "Suppression"),
        }
    }
}

/// A quick fix the language server may offer on a rule's diagnostics. Fixes never state a fact
/// the journal does not give (no status, no date, no ticked task, no section content).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixKind {
    /// Replace an unknown key by the known key it resembles (`end_reson` → `end_reason`).
    RenameKey,
    /// Append the missing element's heading (`## Passation`), left empty, at the end of the file.
    InsertSection,
    /// Add a `lint.allow` entry for the rule with an empty reason, for the author to fill in.
    AddAllow,
}

/// A letter `debrief draft` writes (its `KIND` argument is the kebab-case name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LetterKind {
    /// `notice`: ending a mission myself.
    Notice,
    /// `notice-confirmation`: confirms in writing a notice given by phone or in a meeting.
    NoticeConfirmation,
    /// `payment-reminder`: an invoice past due, first contact.
    PaymentReminder,
    /// `formal-notice`: the mise en demeure for unpaid invoices.
    FormalNotice,
    /// `rgpd-deletion`: tells the client what personal data was deleted and what is kept.
    RgpdDeletion,
    /// `feedback-request`: asks for the client's feedback.
    FeedbackRequest,
    /// `recommendation-request`: asks for a testimonial or a review.
    RecommendationRequest,
    /// `case-study-consent`: asks to publish an anonymised case study.
    CaseStudyConsent,
    /// `handover`: the handover pack for the client.
    Handover,
}

/// What most rules apply to, in French and English.
const ALL_MISSIONS: (&str, &str) = ("toutes", "all");

/// The fixes of a rule `lint.allow` can silence and that has no other fix.
const ALLOW_ONLY: &[FixKind] = &[FixKind::AddAllow];

impl Rule {
    /// A rule that applies to every mission, that `lint.allow` can silence (so an editor may
    /// offer to add the entry) and that no letter acts on.
    pub const fn new(
        id: &'static str,
        family: Family,
        severity: Severity,
        doc: &'static str,
    ) -> Rule {
        Rule {
            id,
            family,
            severity,
            applies: ALL_MISSIONS,
            doc,
            silenceable: true,
            fixes: ALLOW_ONLY,
            letter: None,
        }
    }

    /// Applies to the missions described in French and English (as `debrief rules` shows them).
    pub const fn applies(mut self, applies: (&'static str, &'static str)) -> Rule {
        self.applies = applies;
        self
    }

    /// The quick fixes offered, replacing the default `AddAllow`.
    pub const fn fixes(mut self, fixes: &'static [FixKind]) -> Rule {
        self.fixes = fixes;
        self
    }

    pub const fn letter(mut self, letter: LetterKind) -> Rule {
        self.letter = Some(letter);
        self
    }

    /// `lint.allow` cannot silence it, so no fix offers to.
    pub const fn unsilenceable(mut self) -> Rule {
        self.silenceable = false;
        self.fixes = &[];
        self
    }
}

/// Ids are unique in the catalog: two rules are the same rule when their ids are.
impl PartialEq for Rule {
    fn eq(&self, other: &Rule) -> bool {
        self.id == other.id
    }
}

impl Eq for Rule {}

/// The id only: the documentation would drown a `Finding` in test output.
impl fmt::Debug for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Rule({})", self.id)
    }
}
