//! What each deadline asks, in the book's language: the action and what it is about
//! (« Relancer la facture 2025-014 (1 800,00 €) »), and amounts written as the language writes them.

use super::Kind;
use crate::i18n::Lang;
use crate::journal::schema::Invoice;

/// `2025-014 (1 800,00 €)`: the invoice's number (its rank when it has none) and its amount.
pub fn invoice(inv: &Invoice, index: usize, lang: Lang) -> String {
    let number = inv
        .number
        .as_ref()
        .map_or_else(|| format!("#{}", index + 1), |n| n.value.clone());
    match &inv.amount {
        Some(a) => format!("{number} ({})", euros(a.value, lang)),
        None => number,
    }
}

pub use crate::i18n::format::amount_cents as euros;

/// The action a deadline of `kind` asks; `about` is the invoice (`invoice`), the access item's
/// text or the deposit's amount, empty for the others.
pub fn title(kind: Kind, about: &str, lang: Lang) -> String {
    let fr = lang == Lang::Fr;
    match kind {
        Kind::InvoiceDue if fr => format!("Vérifier le paiement de la facture {about}"),
        Kind::InvoiceDue => format!("Check that invoice {about} is paid"),
        Kind::PaymentReminder if fr => format!("Relancer la facture {about}"),
        Kind::PaymentReminder => format!("Send a reminder for invoice {about}"),
        Kind::FormalNoticeDeadline if fr => {
            format!("Fin du délai de la mise en demeure\u{a0}: facture {about}")
        }
        Kind::FormalNoticeDeadline => format!("Formal notice deadline: invoice {about}"),
        Kind::Prescription if fr => format!("Agir avant la prescription de la facture {about}"),
        Kind::Prescription => format!("Act before invoice {about} is prescribed"),
        Kind::NoticeEnd if fr => "Fin du préavis\u{a0}: la mission peut s’arrêter".into(),
        Kind::NoticeEnd => "Notice period over: the mission may end".into(),
        Kind::AccessRemoval if fr => format!("Retirer l’accès «\u{a0}{about}\u{a0}»"),
        Kind::AccessRemoval => format!("Remove access: \"{about}\""),
        Kind::RgpdDeletion if fr => "Supprimer ou rendre les données du client".into(),
        Kind::RgpdDeletion => "Delete or return the client's data".into(),
        Kind::FeedbackFollowUp if fr => "Relancer le client pour son retour".into(),
        Kind::FeedbackFollowUp => "Follow up on the client's feedback".into(),
        Kind::Deposit if fr && about.is_empty() => "Vérifier la réception de l’acompte".into(),
        Kind::Deposit if fr => format!("Vérifier la réception de l’acompte ({about})"),
        Kind::Deposit if about.is_empty() => "Check that the deposit came in".into(),
        Kind::Deposit => format!("Check that the deposit ({about}) came in"),
        Kind::CloseMission if fr => "Clôturer la mission (`status: closed`)".into(),
        Kind::CloseMission => "Close the mission (`status: closed`)".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_guillemets_hold_no_break_spaces() {
        assert_eq!(
            title(Kind::AccessRemoval, "Google Ads", Lang::Fr),
            "Retirer l’accès «\u{a0}Google Ads\u{a0}»"
        );
    }
}
