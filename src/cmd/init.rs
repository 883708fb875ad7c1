//! `debrief init`: scaffolds a journal repository for a newcomer. It checks every file it would
//! write first and writes nothing if any already exists, listing them.

use crate::cmd::context::today;
use crate::cmd::new::journal;
use crate::cmd::{Globals, write_new};
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::tr;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Where to create the repository (default: the current directory).
    pub dir: Option<PathBuf>,
    /// Write only the default theme (site templates, static files and letter templates) into
    /// DIR/theme, to edit.
    #[arg(long)]
    pub theme: bool,
}

/// There is no book yet: the language is `--lang`, else the locale's, and the example mission
/// starts today (`DEBRIEF_TODAY`, else the local date).
pub fn run(globals: &Globals, args: &Args) -> Result<i32> {
    let lang = globals.ui_lang();
    let dir = args.dir.clone().unwrap_or_else(|| PathBuf::from("."));
    let start = today(None, lang)?;
    let files = if args.theme {
        crate::site::templates::THEME
            .iter()
            .chain(crate::letters::render::TEMPLATES)
            .map(|(name, text)| (format!("theme/{name}"), text.to_string()))
            .collect()
    } else {
        files(lang, start)
    };
    let existing: Vec<String> = files
        .iter()
        // `symlink_metadata`, not `exists`: a dangling symlink is in the way too (creating the
        // file through it fails), and must be found before anything is written.
        .filter(|(rel, _)| dir.join(rel).symlink_metadata().is_ok())
        .map(|(rel, _)| format!("  {}", dir.join(rel).display()))
        .collect();
    if !existing.is_empty() {
        return Err(Error::new(tr!(
            lang,
            "rien n'a été écrit : ces fichiers existent déjà\n{}",
            "nothing was written: these files already exist\n{}",
            existing.join("\n")
        ))
        .with_help(tr!(
            lang,
            "choisissez un dossier vide : `debrief init DOSSIER`",
            "choose an empty directory: `debrief init DIR`"
        )));
    }
    // All or nothing: if a write fails halfway, remove what this run wrote.
    let mut written = Vec::new();
    for (rel, text) in &files {
        let path = dir.join(rel);
        if let Err(e) = write_new(&path, text, lang) {
            for done in written.iter().rev() {
                let _ = std::fs::remove_file(done);
            }
            return Err(e);
        }
        written.push(path);
    }
    if !globals.quiet {
        for (rel, _) in &files {
            let path = dir.join(rel).display().to_string();
            println!("{}", crate::text::escape_controls(&path));
        }
        if args.theme {
            return Ok(0);
        }
        println!(
            "{}",
            tr!(
                lang,
                "\nCarnet créé. Ensuite : `debrief new \"Titre\" --client \"Client\"`, puis `debrief lint`.",
                "\nBook created. Next: `debrief new \"Title\" --client \"Client\"`, then `debrief lint`."
            )
        );
    }
    Ok(0)
}

/// Every file `init` writes, relative to the target directory.
fn files(lang: Lang, start: jiff::civil::Date) -> Vec<(String, String)> {
    let title = tr!(lang, "Mon carnet de missions", "My mission journal");
    let book = format!(
        "[book]\ntitle = \"{title}\"\nlanguage = \"{lang}\"\n\n[build]\ncontent-dir = \"content\"\nbuild-dir = \"site\"\n"
    );
    let (example_title, example_client) = match lang {
        Lang::Fr => (
            "Exemple — Refonte du site vitrine",
            "Menuiserie Exemple SARL",
        ),
        Lang::En => ("Example — Website redesign", "Example Joinery Ltd"),
    };
    let slug = crate::text::slugify(example_title);
    let mission = journal(lang, example_title, Some(example_client), start, true);
    let precommit = tr!(
        lang,
        "# Vérifie les journaux modifiés avant chaque commit : `pre-commit install` pour l'activer.\n",
        "# Checks the journals you change before each commit: run `pre-commit install` to enable it.\n"
    ) + "repos:\n  - repo: local\n    hooks:\n      - id: debrief-lint\n        name: debrief lint\n        entry: debrief lint\n        language: system\n        types: [markdown]\n";
    vec![
        ("book.toml".into(), book),
        (
            format!("content/missions/{}/{slug}.md", start.year()),
            mission,
        ),
        (".gitignore".into(), "/site/\n".into()),
        (".pre-commit-config.yaml".into(), precommit),
    ]
}
