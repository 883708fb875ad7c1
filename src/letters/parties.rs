//! The parties of a letter: the sender block from `book.toml`'s `[author]` and the recipient
//! block from the journal's `client` and `client_contact`, with the keys a postal letter or an
//! e-mail needs.

use super::facts::{Needs, Request};
use crate::config::Config;
use crate::error::Result;
use crate::journal::Front;
use crate::journal::schema::ClientKind;
use crate::tr;
use serde::Serialize;

#[derive(Serialize, Debug)]
pub struct Author {
    /// The sender block: name, business, address, SIRET, e-mail, phone (those set).
    pub lines: Vec<String>,
    pub name: String,
    pub business: Option<String>,
    pub siret: Option<String>,
    pub address: Vec<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub city: String,
}

#[derive(Serialize, Debug)]
pub struct Recipient {
    /// The recipient block: the client, the contact (`À l’attention de …`), the address.
    pub lines: Vec<String>,
    /// The client (`client`).
    pub client: String,
    /// `client_contact.name`, when set.
    pub name: Option<String>,
    pub email: Option<String>,
    pub address: Vec<String>,
    /// `client_kind` is `business` (the default).
    pub business: bool,
}

pub(super) fn author(config: &Config, req: &Request, need: &mut Needs) -> Result<Author> {
    let a = &config.author;
    let missing = |key: &str| {
        let n = Needs {
            file: "book.toml",
            ..*need
        };
        n.missing(&format!("[author] {key}"), None)
    };
    let get = |v: &Option<String>| {
        v.as_ref()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    };
    let name = get(&a.name).ok_or_else(|| missing("name"))?;
    let city = get(&a.city).ok_or_else(|| missing("city"))?;
    let address = get(&a.address);
    if address.is_none() && !req.eml {
        return Err(missing("address"));
    }
    let email = get(&a.email);
    if email.is_none() && req.eml {
        return Err(missing("email"));
    }
    let business = get(&a.business);
    let siret = get(&a.siret);
    let phone = get(&a.phone);
    let address = lines(address.as_deref().unwrap_or(""));
    let mut block = vec![name.clone()];
    block.extend(business.clone());
    block.extend(address.iter().cloned());
    block.extend(siret.as_ref().map(|s| format!("SIRET {s}")));
    block.extend(email.clone());
    block.extend(phone.clone());
    Ok(Author {
        lines: block,
        name,
        business,
        siret,
        address,
        email,
        phone,
        city,
    })
}

pub(super) fn recipient(front: &Front, req: &Request, need: &mut Needs) -> Result<Recipient> {
    let client = need.text(&front.client, "client")?;
    let c = &front.client_contact;
    let get = |f: &Option<crate::journal::schema::Field<String>>| {
        f.as_ref()
            .map(|f| f.value.trim().to_string())
            .filter(|s| !s.is_empty())
    };
    let email = get(&c.email);
    let address = get(&c.address);
    if req.eml && email.is_none() {
        return Err(need.missing("client_contact.email", None));
    }
    if !req.eml && address.is_none() {
        let or = if email.is_some() {
            tr!(need.lang, "passez --format eml", "pass --format eml")
        } else {
            tr!(
                need.lang,
                "passez --format eml avec client_contact.email",
                "pass --format eml with client_contact.email"
            )
        };
        return Err(need.missing("client_contact.address", Some(&or)));
    }
    let name = get(&c.name);
    let address = lines(address.as_deref().unwrap_or(""));
    let business = front.client_kind.as_ref().map(|k| k.value) != Some(ClientKind::Consumer);
    let mut block = vec![client.clone()];
    if let Some(n) = name.as_ref().filter(|n| **n != client) {
        block.push(tr!(need.lang, "À l’attention de {n}", "Attn: {n}"));
    }
    block.extend(address.iter().cloned());
    Ok(Recipient {
        lines: block,
        client,
        name,
        email,
        address,
        business,
    })
}

/// A multi-line value's lines, trimmed, blank ones dropped.
fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}
