//! `debrief init`: scaffolds a journal repository for a newcomer, in an empty directory or in
//! one that already holds notes or a git repository. It writes only the files that are missing,
//! adds the site's directory to an existing `.gitignore`, never replaces a file, and makes the
//! directory a git repository when it is not one yet. `--theme` writes the default theme instead,
//! all or nothing.

use crate::cmd::context::today;
use crate::cmd::new::journal;
use crate::cmd::{Globals, write_new};
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::tr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Where to create the repository (default: the current directory); an existing directory
    /// or git repository is fine.
    pub dir: Option<PathBuf>,
    /// Write only the default theme (site templates, static files and letter templates) into
    /// DIR/theme, to edit.
    #[arg(long)]
    pub theme: bool,
    /// Do not run `git init` (by default, a directory that is not yet a git repository becomes one).
    #[arg(long)]
    pub no_git: bool,
}

/// What `init` did with one file.
enum Done {
    Created,
    /// `.gitignore` existed; the site's directory was added to it.
    Appended(String),
    /// The file existed (and, for `.gitignore`, already ignored the site): left as it was.
    Kept,
}

/// There is no book yet: the language is `--lang`, else the locale's, and the example mission
/// starts today (`DEBRIEF_TODAY`, else the local date).
pub fn run(globals: &Globals, args: &Args) -> Result<i32> {
    let lang = globals.ui_lang();
    let dir = args.dir.clone().unwrap_or_else(|| PathBuf::from("."));
    if args.theme {
        return theme(&dir, globals.quiet, lang);
    }
    let start = today(None, lang)?;
    let ignore = ignore_line(&dir, lang);
    let mut files = files(lang, start);
    for (rel, text) in &mut files {
        check_path(&dir, rel, lang)?;
        if rel == ".gitignore" {
            *text = format!("{ignore}\n");
        }
    }
    let gitignore = dir.join(".gitignore");
    let append = if gitignore.symlink_metadata().is_ok() {
        let text = std::fs::read_to_string(&gitignore).map_err(|e| {
            let what = lang.pick(
                "impossible de lire le fichier, qui doit recevoir le dossier du site",
                "cannot read the file, which must get the site's directory",
            );
            Error::io(&gitignore, lang, what, &e)
        })?;
        (!ignores(&text, &ignore)).then(|| {
            let sep = if text.is_empty() || text.ends_with('\n') {
                ""
            } else {
                "\n"
            };
            format!("{sep}{ignore}\n")
        })
    } else {
        None
    };
    // All or nothing: if a write fails halfway, remove what this run created.
    let mut done = Vec::new();
    let mut created = Vec::new();
    for (rel, text) in &files {
        let path = dir.join(rel);
        let result = if path.symlink_metadata().is_err() {
            write_new(&path, text, lang).map(|()| Done::Created)
        } else if rel == ".gitignore"
            && let Some(line) = &append
        {
            append_to(&path, line, lang).map(|()| Done::Appended(ignore.clone()))
        } else {
            Ok(Done::Kept)
        };
        match result {
            Ok(d) => {
                if matches!(d, Done::Created) {
                    created.push(path.clone());
                }
                done.push((path, d));
            }
            Err(e) => {
                for path in created.iter().rev() {
                    let _ = std::fs::remove_file(path);
                }
                return Err(e);
            }
        }
    }
    let git = if args.no_git {
        None
    } else {
        Some(git_init(&dir))
    };
    if !globals.quiet {
        report(&dir, args.dir.as_deref(), &done, git, lang);
    }
    Ok(0)
}

/// Refuses, before anything is written, a file that cannot be created: a directory in its place
/// (`book.toml/`), or a file where a directory must be (`content` as a file). A file that exists
/// is fine (it is kept), except a `.gitignore` that is not a readable file.
fn check_path(dir: &Path, rel: &str, lang: Lang) -> Result<()> {
    let path = dir.join(rel);
    let mut blocked = None;
    for ancestor in path.ancestors().skip(1) {
        if ancestor == dir || !ancestor.starts_with(dir) {
            break;
        }
        if ancestor.symlink_metadata().is_ok() && !ancestor.is_dir() {
            blocked = Some(ancestor.to_path_buf());
        }
    }
    if let Some(at) = blocked {
        return Err(Error::at(
            &at,
            None,
            tr!(
                lang,
                "rien n’a été écrit\u{a0}: ce fichier est là où debrief doit créer un dossier",
                "nothing was written: this file is where debrief must create a directory"
            ),
        )
        .with_help(tr!(
            lang,
            "renommez-le, ou choisissez un autre dossier\u{a0}: `debrief init DOSSIER`",
            "rename it, or choose another directory: `debrief init DIR`"
        )));
    }
    let exists = path.symlink_metadata().is_ok();
    let unusable = if rel == ".gitignore" {
        exists && !std::fs::metadata(&path).is_ok_and(|m| m.is_file())
    } else {
        path.is_dir()
    };
    if unusable {
        return Err(Error::at(
            &path,
            None,
            tr!(
                lang,
                "rien n’a été écrit\u{a0}: ce chemin existe mais n’est pas un fichier lisible",
                "nothing was written: this path exists but is not a readable file"
            ),
        )
        .with_help(tr!(
            lang,
            "remplacez-le par un fichier (ou supprimez-le), ou choisissez un autre dossier\u{a0}: `debrief init DOSSIER`",
            "replace it with a file (or remove it), or choose another directory: `debrief init DIR`"
        )));
    }
    Ok(())
}

/// The `.gitignore` line for the site's directory: `build-dir` of an existing book.toml, else
/// the one `init` writes (`site`).
fn ignore_line(dir: &Path, lang: Lang) -> String {
    let build_dir = crate::config::Config::load(dir, lang)
        .ok()
        .map(|c| c.build.build_dir)
        .filter(|d| d.is_relative())
        .unwrap_or_else(|| PathBuf::from("site"));
    let name = build_dir.to_string_lossy().replace('\\', "/");
    format!("/{}/", name.trim_matches('/'))
}

/// True when a line of `gitignore` already ignores `line` (`/site/`, `site`, `site/`, `/site`).
fn ignores(gitignore: &str, line: &str) -> bool {
    let name = line.trim_matches('/');
    gitignore
        .lines()
        .any(|l| l.trim().trim_matches('/') == name)
}

fn append_to(path: &Path, text: &str, lang: Lang) -> Result<()> {
    use std::io::Write;
    std::fs::OpenOptions::new()
        .append(true)
        .open(path)
        .and_then(|mut f| f.write_all(text.as_bytes()))
        .map_err(|e| {
            let what = lang.pick(
                "impossible de compléter le fichier",
                "cannot add to the file",
            );
            Error::io(path, lang, what, &e)
        })
}

/// What happened with git.
enum Git {
    Created,
    /// The directory is already inside a repository.
    Already,
    /// git is not installed.
    Missing,
    /// `git init` failed: its first line of error.
    Failed(String),
}

/// Runs `git init` in `dir` unless it is already inside a git repository.
fn git_init(dir: &Path) -> Git {
    let inside = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["rev-parse", "--git-dir"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    match inside {
        Err(_) => return Git::Missing,
        Ok(status) if status.success() => return Git::Already,
        Ok(_) => {}
    }
    match Command::new("git").arg("init").arg("-q").arg(dir).output() {
        Ok(out) if out.status.success() => Git::Created,
        Ok(out) => {
            let err = String::from_utf8_lossy(&out.stderr);
            Git::Failed(err.lines().next().unwrap_or_default().to_string())
        }
        Err(_) => Git::Missing,
    }
}

/// Prints what was done with each file and git, then the next commands, exactly.
fn report(
    dir: &Path,
    given: Option<&Path>,
    done: &[(PathBuf, Done)],
    git: Option<Git>,
    lang: Lang,
) {
    let esc = |p: &Path| crate::text::escape_controls(&p.display().to_string()).into_owned();
    for (path, d) in done {
        let line = match d {
            Done::Created => tr!(lang, "créé      {}", "created  {}", esc(path)),
            Done::Appended(line) => tr!(
                lang,
                "complété  {} ({line} ajouté)",
                "updated  {} ({line} added)",
                esc(path)
            ),
            Done::Kept => tr!(
                lang,
                "gardé     {} (existe déjà)",
                "kept     {} (already there)",
                esc(path)
            ),
        };
        println!("{line}");
    }
    let shown = esc(dir);
    match git {
        Some(Git::Created) => println!(
            "{}",
            tr!(
                lang,
                "dépôt git créé dans {shown}",
                "git repository created in {shown}"
            )
        ),
        Some(Git::Already) => println!(
            "{}",
            tr!(
                lang,
                "déjà dans un dépôt git\u{a0}: pas de `git init`",
                "already inside a git repository: no `git init`"
            )
        ),
        Some(Git::Missing) => println!(
            "{}",
            tr!(
                lang,
                "git est introuvable\u{a0}: le carnet n’est pas un dépôt git (lancez `git init` une fois git installé)",
                "git is not installed: the book is not a git repository (run `git init` once git is installed)"
            )
        ),
        Some(Git::Failed(why)) => println!(
            "{}",
            tr!(
                lang,
                "`git init` a échoué ({why})\u{a0}: le carnet n’est pas un dépôt git",
                "`git init` failed ({why}): the book is not a git repository",
                why = crate::text::escape_controls(&why)
            )
        ),
        None => {}
    }
    let nothing = done.iter().all(|(_, d)| matches!(d, Done::Kept));
    println!(
        "\n{}",
        if nothing {
            tr!(
                lang,
                "Le carnet était déjà en place. Ensuite\u{a0}:",
                "The book was already there. Next:"
            )
        } else {
            tr!(lang, "Carnet prêt. Ensuite\u{a0}:", "Book ready. Next:")
        }
    );
    if let Some(given) = given.filter(|d| *d != Path::new(".")) {
        println!("  cd {}", shell_word(&given.display().to_string()));
    }
    println!(
        "{}",
        tr!(
            lang,
            "  debrief new \"Titre de la mission\" --client \"Nom du client\"\n  debrief lint",
            "  debrief new \"Mission title\" --client \"Client name\"\n  debrief lint"
        )
    );
}

/// `s` as one shell word: as it is when it is plain, else in single quotes.
fn shell_word(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_alphanumeric() || "-_./~+,:@%".contains(c));
    if plain {
        s.to_string()
    } else {
        format!(
            "'{}'",
            crate::text::escape_controls(s).replace('\'', r"'\''")
        )
    }
}

/// `--theme`: the default theme into DIR/theme, refused (nothing written) when any of its files
/// exists, so that an edited theme is never half replaced.
fn theme(dir: &Path, quiet: bool, lang: Lang) -> Result<i32> {
    let files: Vec<(String, &str)> = crate::site::templates::THEME
        .iter()
        .chain(crate::letters::render::TEMPLATES)
        .map(|(name, text)| (format!("theme/{name}"), *text))
        .collect();
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
            "rien n’a été écrit\u{a0}: ces fichiers du thème existent déjà\n{}",
            "nothing was written: these theme files already exist\n{}",
            existing.join("\n")
        ))
        .with_help(tr!(
            lang,
            "déplacez le dossier theme/ existant pour repartir du thème par défaut",
            "move the existing theme/ directory away to start again from the default theme"
        )));
    }
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
    if !quiet {
        for path in &written {
            println!(
                "{}",
                crate::text::escape_controls(&path.display().to_string())
            );
        }
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
        "# Vérifie les journaux modifiés avant chaque commit\u{a0}: `pre-commit install` pour l’activer.\n",
        "# Checks the journals you change before each commit: run `pre-commit install` to enable it.\n"
    ) + "repos:\n  - repo: local\n    hooks:\n      - id: debrief-lint\n        name: debrief lint\n        entry: debrief lint\n        language: system\n        types: [markdown]\n";
    vec![
        ("book.toml".into(), book),
        (
            format!("content/missions/{}/{slug}.md", start.year()),
            mission,
        ),
        // Replaced by the site's directory of an existing book.toml (`ignore_line`).
        (".gitignore".into(), "/site/\n".into()),
        (".pre-commit-config.yaml".into(), precommit),
    ]
}
