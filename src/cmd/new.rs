//! `debrief new`: writes a journal from the template in the book's language, with every element
//! section ready as a heading, and prints its path. Never overwrites.

use crate::cmd::{Context, parse_date_arg, write_new, yaml_quote};
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::journal::Element;
use crate::text::slugify;
use crate::tr;
use jiff::civil::Date;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The mission's title.
    pub title: String,
    /// The client's real name (private: never published).
    #[arg(long)]
    pub client: Option<String>,
    /// First day of the mission, YYYY-MM-DD (default: today, or DEBRIEF_TODAY).
    #[arg(long, value_parser = parse_date_arg, value_name = "DATE")]
    pub start: Option<Date>,
}

/// `--start` is the context's date option: the mission starts on `ctx.today`.
pub fn run(ctx: Context, args: &Args) -> Result<i32> {
    let (lang, start) = (ctx.lang, ctx.today);
    let slug = slugify(&args.title);
    if slug.is_empty() {
        return Err(Error::new(tr!(
            lang,
            "le titre `{}` ne donne aucun nom de fichier\u{a0}: utilisez des lettres ou des chiffres",
            "the title `{}` gives no file name: use letters or digits",
            args.title
        )));
    }
    let rel = format!("missions/{}/{slug}.md", start.year());
    let path = ctx.root.join(&ctx.config.build.content_dir).join(&rel);
    if path.symlink_metadata().is_ok() {
        return Err(Error::at(
            &path,
            None,
            tr!(lang, "ce fichier existe déjà", "this file already exists"),
        )
        .with_help(tr!(
            lang,
            "choisissez un autre titre, ou ouvrez le journal existant",
            "choose another title, or open the existing journal"
        )));
    }
    let text = journal(lang, &args.title, args.client.as_deref(), start, false);
    write_new(&path, &text, lang)?;
    println!(
        "{}",
        crate::text::escape_controls(&path.display().to_string())
    );
    Ok(0)
}

/// The text of a new journal. `example` adds a sample journal entry and filled-in context, for
/// the mission `debrief init` writes.
pub fn journal(
    lang: Lang,
    title: &str,
    client: Option<&str>,
    start: Date,
    example: bool,
) -> String {
    let client = client.unwrap_or("");
    let client_comment = tr!(
        lang,
        "le nom réel du client\u{a0}: jamais publié",
        "the client's real name: never published"
    );
    let mut out = format!(
        "---\ntitle: {}\nclient: {}  # {client_comment}\n{}start: {start}\nstatus: active\npublish: private\ntags: []\n{}---\n\n",
        yaml_quote(title),
        yaml_quote(client),
        client_keys(lang),
        money_keys(lang),
    );
    let (context, journal, kickoff) = match lang {
        Lang::Fr => ("Contexte", "Journal", "Lancement"),
        Lang::En => ("Context", "Journal", "Kick-off"),
    };
    out.push_str(&format!("## {context}\n\n"));
    if example {
        out.push_str(&tr!(
            lang,
            "Refonte du site vitrine d’un artisan\u{a0}: nouvelle arborescence, textes et référencement local.\n\n",
            "Redesign of a craftsman's website: new structure, copy and local SEO.\n\n"
        ));
    } else {
        out.push_str(&tr!(
            lang,
            "<!-- Le besoin, le périmètre, les interlocuteurs. -->\n\n",
            "<!-- The need, the scope, the people involved. -->\n\n"
        ));
    }
    out.push_str(&format!("## {journal}\n\n### {start} — {kickoff}\n\n"));
    if example {
        out.push_str(&tr!(
            lang,
            "Réunion de lancement\u{a0}: objectifs validés, accès au CMS reçus.\n\n- [x] Devis signé\n- [ ] Maquette de la page d’accueil\n\n",
            "Kick-off meeting: goals agreed, CMS access received.\n\n- [x] Quote signed\n- [ ] Home page mock-up\n\n"
        ));
    } else {
        out.push_str(&tr!(
            lang,
            "<!-- Une entrée par jour de travail marquant\u{a0}: ### YYYY-MM-DD — titre -->\n\n",
            "<!-- One entry per notable day: ### YYYY-MM-DD — title -->\n\n"
        ));
    }
    for (element, hint) in [
        (
            Element::Handover,
            tr!(
                lang,
                "Ce qui a été remis, à qui, quand.",
                "What was handed over, to whom, when."
            ),
        ),
        (
            Element::Deliverables,
            tr!(
                lang,
                "Fichiers et documents transmis. Un mot de passe ne s’écrit pas ici\u{a0}: notez seulement par quel canal sûr il a été remis.",
                "Files and documents handed over. Never write a password here: only the safe channel it went through."
            ),
        ),
        (
            Element::Access,
            tr!(
                lang,
                "Une case par outil du client\u{a0}: - [ ] Outil\u{a0}: retirer mon accès",
                "One box per client tool: - [ ] Tool: remove my access"
            ),
        ),
        (
            Element::Rgpd,
            tr!(
                lang,
                "Données personnelles du client\u{a0}: supprimées ou rendues, et quand.",
                "The client's personal data: deleted or returned, and when."
            ),
        ),
        (
            Element::Invoices,
            tr!(
                lang,
                "Factures émises et relances.",
                "Invoices issued and reminders."
            ),
        ),
        (
            Element::Feedback,
            tr!(
                lang,
                "Ce que le client a dit de la mission.",
                "What the client said about the mission."
            ),
        ),
        (
            Element::Lessons,
            tr!(
                lang,
                "Ce que je referais, ce que je changerais.",
                "What I would do again, what I would change."
            ),
        ),
    ] {
        out.push_str(&format!(
            "## {}\n\n<!-- {hint} -->\n\n",
            element.heading(lang)
        ));
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

/// The optional keys about the client, commented out: a new mission rarely knows them yet.
fn client_keys(lang: Lang) -> &'static str {
    lang.pick(
        "# client_kind: consumer  # un particulier\u{a0}; sans cette ligne, une entreprise (business)\n\
         # client_contact: { name: \"\", email: \"\", address: \"\" }  # à qui adresser les lettres\u{a0}: jamais publié\n",
        "# client_kind: consumer  # a private individual; without this line, a business\n\
         # client_contact: { name: \"\", email: \"\", address: \"\" }  # who letters go to: never published\n"
    )
}

/// The optional contract, deposit, invoice and RGPD keys, commented out: remove the `#` of a
/// line when its facts are known.
fn money_keys(lang: Lang) -> &'static str {
    lang.pick(
        "# contract: { signed: YYYY-MM-DD, notice_days: 30 }  # ou notice_months: 1, pas les deux\n\
         # deposit: { amount: 0, requested: YYYY-MM-DD, received: YYYY-MM-DD }  # l’acompte demandé avant de commencer\n\
         # invoices:  # montants dus, TVA comprise si elle s’applique\n\
         #   - { number: \"\", amount: 0, issued: YYYY-MM-DD, due: YYYY-MM-DD, paid: YYYY-MM-DD }\n\
         #     # si elle tarde\u{a0}: reminded: YYYY-MM-DD (relance), formal_notice: YYYY-MM-DD (mise en demeure), rar: \"n° du recommandé\"\n\
         # rgpd: { notified: YYYY-MM-DD, deleted: YYYY-MM-DD }  # ou returned: YYYY-MM-DD (données rendues)\u{a0}; hold: \"pourquoi certaines restent\"\n",
        "# contract: { signed: YYYY-MM-DD, notice_days: 30 }  # or notice_months: 1, not both\n\
         # deposit: { amount: 0, requested: YYYY-MM-DD, received: YYYY-MM-DD }  # the deposit asked before starting\n\
         # invoices:  # amounts owed, VAT included when it applies\n\
         #   - { number: \"\", amount: 0, issued: YYYY-MM-DD, due: YYYY-MM-DD, paid: YYYY-MM-DD }\n\
         #     # when it is late: reminded: YYYY-MM-DD (reminder), formal_notice: YYYY-MM-DD, rar: \"registered letter number\"\n\
         # rgpd: { notified: YYYY-MM-DD, deleted: YYYY-MM-DD }  # or returned: YYYY-MM-DD (data given back); hold: \"why some is kept\"\n"
    )
}
