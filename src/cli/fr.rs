//! The command line in French: every `about`, argument help, value name and example of the clap
//! definition, and a help template with French section titles (« Utilisation », « Commandes »,
//! « Arguments », « Options »). The English texts stay in the derive (`cli::Cli`); this module
//! replaces them on the built `Command`, so both languages parse the same arguments.

use crate::i18n::Lang;
use clap::Command;

/// The French about text, long about and examples of each command, by name (`debrief` is the
/// top level).
const COMMANDS: &[(&str, &str, &str)] = &[
    (
        "debrief",
        "Vérifie les journaux de mission d’un indépendant : les étapes de fin de mission oubliées",
        "Exemples :\n  debrief init mes-missions                 crée un carnet (un dépôt git)\n  debrief new \"Refonte SEO\" --client \"Boutique Lumière\"\n  debrief lint                              vérifie tous les journaux du carnet\n  debrief explain access-open               ce qu’une règle vérifie, comment corriger\n  debrief build --audience private          toute la carrière en site à parcourir",
    ),
    (
        "init",
        "Crée un carnet de missions : book.toml, content/missions/, une mission d’exemple, .gitignore, une configuration pre-commit et un dépôt git",
        "Exemples :\n  debrief init                 dans le dossier courant\n  debrief init mes-missions    dans un nouveau dossier\n  debrief init ~/missions --lang en --no-git\n\nRien n’est écrasé : dans un dossier existant (un dépôt git par exemple), seuls les fichiers\nabsents sont écrits, et le dossier du site est ajouté au .gitignore existant.",
    ),
    (
        "new",
        "Commence un nouveau journal de mission à partir du modèle, dans la langue du carnet",
        "Exemples :\n  debrief new \"Refonte SEO\" --client \"Boutique Lumière SARL\"\n  debrief new \"Traduction catalogue\" --start 2026-01-05\n\nÉcrit content/missions/<année>/<titre>.md et affiche son chemin ; n’écrase jamais un fichier.",
    ),
    (
        "lint",
        "Vérifie que les journaux n’oublient aucune étape de fin de mission",
        "Exemples :\n  debrief lint                         tout le carnet\n  debrief lint content/missions/2025/refonte-seo.md   ces fichiers seuls (comme pre-commit)\n  debrief lint --format sarif > debrief.sarif        pour GitHub code scanning\n  debrief lint --today 2026-01-31 --deny warnings\n\nCodes de sortie : 0 aucune erreur, 1 erreurs trouvées (ou avertissements avec --deny warnings),\n2 debrief n’a pas pu s’exécuter.",
    ),
    (
        "rules",
        "Liste toutes les règles avec leur gravité et ce qu’elles vérifient",
        "Exemples :\n  debrief rules\n  debrief rules --format json\n  debrief --lang en rules --format markdown > docs/rules.md",
    ),
    (
        "explain",
        "Explique une règle : ce qu’elle vérifie, pourquoi c’est important, comment corriger, un exemple",
        "Exemples :\n  debrief explain access-open\n  debrief --lang en explain invoice-unpaid",
    ),
    (
        "build",
        "Construit le site statique : public (leçons et études de cas seulement) ou privé (tout)",
        "Exemples :\n  debrief build                        le site public dans build-dir (par défaut : site/)\n  debrief build --audience private --dest /tmp/carriere\n  debrief build --drafts --today 2026-01-31\n  debrief build --keep-going           même si des journaux ne se chargent pas\n\nLa destination est remplacée d’un seul coup ; une construction qui échoue laisse le site\nprécédent intact. Un journal qui ne se charge pas (en-tête absent ou cassé, fichier illisible,\npas en UTF-8) fait échouer la construction ; avec --keep-going, il est laissé de côté avec un\navertissement.\n\nUne mission n’est publique que si son en-tête dit `publish: lessons` (ses leçons) ou\n`publish: case-study` (toute la mission, avec l’accord du client).\n\nCodes de sortie : 0 construit, 1 des journaux ne se chargent pas (rien n’est écrit), 2 debrief\nn’a pas pu s’exécuter (book.toml, thème, destination, disque).",
    ),
    (
        "serve",
        "Sert le site en local, reconstruit et rechargé dans le navigateur quand les journaux changent",
        "Exemples :\n  debrief serve                        la vue privée sur http://127.0.0.1:3000/\n  debrief serve --audience public --open\n  debrief serve --port 8080 --poll     sur un système de fichiers réseau ou virtuel\n  debrief serve --bind 0.0.0.0 --host portable.local --audience public\n                                       depuis d’autres machines, en http://portable.local:3000/\n\nSeule l’adresse locale est utilisée, sauf si --bind en donne une autre : la vue privée montre\ntous les clients. Seules les requêtes adressées à localhost, 127.0.0.1, [::1], l’adresse de\n--bind ou un nom de --host reçoivent une réponse, et pas quand la page d’un autre site demande\nautre chose qu’une navigation (403). Un journal modifié ne reconstruit que ce qu’il touche ; les\npages ouvertes se rechargent à la même adresse. Un journal ou un gabarit qui casse la\nconstruction est montré dans le terminal et par-dessus la page, et le dernier bon site reste\nservi jusqu’à la correction ; le terminal dit quand un journal se charge à nouveau. Ctrl-C\narrête le serveur.",
    ),
    (
        "lsp",
        "Lance le serveur de langage : le linter dans l’éditeur, pendant la saisie du journal (LSP sur stdin et stdout)",
        "Exemples :\n  debrief lsp                          lancé par l’éditeur, pas à la main\n  debrief --lang en lsp                messages en anglais, quelle que soit la langue du carnet\n  DEBRIEF_LOG=debug debrief lsp        détails sur la sortie d’erreur\n\nChaque journal ouvert est vérifié à partir de son texte dans l’éditeur, comme le ferait\n`debrief lint`, dans le carnet trouvé depuis son chemin : le book.toml le plus proche en\nremontant (ni `--book` ni le dossier courant ne servent). Les corrections rapides renomment une\nclé inconnue, ajoutent le titre d’une section manquante ou une entrée `lint.allow` ; le survol\nexplique règles et clés ; la complétion propose clés, valeurs et la date du jour. Réglages\npour Neovim, Helix, VS Code et Zed : docs/editors.md.\n\nCodes de sortie : 0 après `shutdown` puis `exit`, 1 sur `exit` sans `shutdown` ou à la fin de\nl’entrée.",
    ),
    (
        "todo",
        "Liste les échéances des journaux : factures à relancer, accès à retirer, missions à clôturer…",
        "Exemples :\n  debrief todo                         en retard et à faire dans les 30 jours\n  debrief todo --within 7\n  debrief todo --all --format json\n  debrief todo --format ics > echeances.ics   toutes les échéances ouvertes, pour un agenda\n\nCodes de sortie : 0 liste affichée (même avec des échéances dépassées), 2 debrief n’a pas pu\ns’exécuter.",
    ),
    (
        "draft",
        "Rédige une lettre à partir du journal d’une mission : préavis, relance, mise en demeure…",
        "Exemples :\n  debrief draft --list                             les sortes de lettres et ce qu’il faut à chacune\n  debrief draft formal-notice refonte-seo > lettre.md\n  debrief draft payment-reminder refonte-seo --invoice 2026-014 --date 2026-03-05\n  debrief draft feedback-request content/missions/2025/refonte-seo.md --format eml --out retour.eml\n\nRien n’est envoyé. Les avertissements et les notes pour vous vont sur la sortie d’erreur ; --out\nne remplace jamais un fichier sans --force.\nCodes de sortie : 0 lettre écrite, 2 un fait manque ou debrief n’a pas pu s’exécuter.",
    ),
    (
        "completions",
        "Affiche un script de complétion pour un shell",
        "Exemples :\n  debrief completions bash > ~/.local/share/bash-completion/completions/debrief\n  debrief completions zsh > ~/.zfunc/_debrief\n  debrief completions fish > ~/.config/fish/completions/debrief.fish",
    ),
    (
        "help",
        "Affiche cette aide, ou celle des commandes données",
        "",
    ),
];

/// The French help of each argument and its value name (empty: no value), by command (`*`: the
/// global options and clap's own, in every command) and argument id.
const ARGS: &[(&str, &str, &str, &str)] = &[
    (
        "*",
        "book",
        "DOSSIER",
        "Le dossier racine du carnet (celui de book.toml) ; par défaut, le plus proche en remontant depuis le dossier courant.",
    ),
    (
        "*",
        "quiet",
        "",
        "N’affiche que les diagnostics et les erreurs, sans résumé ni progression.",
    ),
    (
        "*",
        "color",
        "QUAND",
        "Quand colorer la sortie : auto (par défaut ; respecte NO_COLOR), always ou never.",
    ),
    (
        "*",
        "lang",
        "fr|en",
        "Langue des messages (par défaut : la langue du carnet, sinon celle de LANG).",
    ),
    ("*", "help", "", "Affiche l’aide"),
    ("*", "version", "", "Affiche la version"),
    (
        "init",
        "dir",
        "DOSSIER",
        "Où créer le carnet (par défaut : le dossier courant) ; un dossier existant ou un dépôt git convient.",
    ),
    (
        "init",
        "theme",
        "",
        "N’écrit que le thème par défaut (gabarits et fichiers statiques) dans DOSSIER/theme, pour le modifier.",
    ),
    (
        "init",
        "no_git",
        "",
        "Ne lance pas `git init` (par défaut, un dossier qui n’est pas encore un dépôt git en devient un).",
    ),
    ("new", "title", "TITRE", "Le titre de la mission."),
    (
        "new",
        "client",
        "CLIENT",
        "Le vrai nom du client (privé : jamais publié).",
    ),
    (
        "new",
        "start",
        "DATE",
        "Premier jour de la mission, AAAA-MM-JJ (par défaut : aujourd’hui, ou DEBRIEF_TODAY).",
    ),
    (
        "todo",
        "files",
        "FICHIERS",
        "Les journaux dont lister les échéances (par défaut : tout le carnet). Les fichiers hors du dossier de contenu, `_index.md` et les fichiers non Markdown sont ignorés.",
    ),
    (
        "todo",
        "within",
        "JOURS",
        "Montre ce qui est en retard et ce qui tombe dans les JOURS jours (par défaut : 30).",
    ),
    (
        "todo",
        "all",
        "",
        "Montre toutes les échéances ouvertes, si lointaines soient-elles.",
    ),
    (
        "todo",
        "format",
        "FORMAT",
        "Format de sortie : human (par défaut), json ou ics (toutes les échéances ouvertes, quelle que soit la fenêtre).",
    ),
    (
        "todo",
        "today",
        "AAAA-MM-JJ",
        "La date à partir de laquelle les échéances sont comptées (par défaut : DEBRIEF_TODAY, sinon la date du jour).",
    ),
    (
        "draft",
        "kind",
        "SORTE",
        "La lettre à écrire (voir `--list`).",
    ),
    (
        "draft",
        "mission",
        "MISSION",
        "La mission : le chemin de son journal ou son identifiant (slug).",
    ),
    (
        "draft",
        "list",
        "",
        "Liste les sortes de lettres et ce qu’il faut à chacune.",
    ),
    (
        "draft",
        "invoices",
        "NUMÉRO",
        "Une facture à réclamer, par son numéro (répétable ; par défaut : toutes les factures impayées en retard).",
    ),
    (
        "draft",
        "date",
        "AAAA-MM-JJ",
        "La date de la lettre (par défaut : DEBRIEF_TODAY, sinon la date du jour).",
    ),
    (
        "draft",
        "today",
        "AAAA-MM-JJ",
        "Autre nom de `--date`, comme l’appellent les autres commandes.",
    ),
    (
        "draft",
        "format",
        "FORMAT",
        "Format de sortie : md (Markdown, par défaut), txt (texte coupé à 72 colonnes) ou eml (brouillon de courriel).",
    ),
    (
        "draft",
        "out",
        "FICHIER",
        "Écrit la lettre dans FICHIER au lieu de la sortie standard.",
    ),
    (
        "draft",
        "force",
        "",
        "Remplace un fichier `--out` existant ; inclut une facture nommée par `--invoice` qui n’est pas en retard.",
    ),
    (
        "lint",
        "files",
        "FICHIERS",
        "Les journaux à vérifier (par défaut : tout le carnet). Les fichiers hors du dossier de contenu, `_index.md` et les fichiers non Markdown sont ignorés.",
    ),
    (
        "lint",
        "format",
        "FORMAT",
        "Format de sortie : human (par défaut ; avec la ligne et un repère), json, sarif (GitHub code scanning) ou github (annotations GitHub Actions).",
    ),
    (
        "lint",
        "today",
        "AAAA-MM-JJ",
        "La date à laquelle les règles comparent (par défaut : DEBRIEF_TODAY, sinon la date du jour).",
    ),
    (
        "lint",
        "deny",
        "NIVEAU",
        "`--deny warnings` : code de sortie 1 pour les avertissements aussi.",
    ),
    (
        "rules",
        "format",
        "FORMAT",
        "Format de sortie : text (par défaut ; un tableau aligné), json ou markdown (la référence complète, docs/rules.md).",
    ),
    (
        "explain",
        "rule",
        "RÈGLE",
        "L’identifiant de la règle, tel qu’il apparaît entre crochets dans les diagnostics.",
    ),
    (
        "build",
        "audience",
        "public|private",
        "Pour qui est le site : public (par défaut) ne montre que les leçons et les études de cas consenties ; private montre tout.",
    ),
    (
        "build",
        "dest",
        "DOSSIER",
        "Où écrire le site (par défaut : `build-dir` de book.toml, relatif à la racine du carnet).",
    ),
    (
        "build",
        "drafts",
        "",
        "Inclut les missions marquées `draft: true` dans un site public.",
    ),
    (
        "build",
        "today",
        "AAAA-MM-JJ",
        "La date à laquelle la liste de contrôle compare (par défaut : DEBRIEF_TODAY, sinon la date du jour).",
    ),
    (
        "build",
        "keep_going",
        "",
        "Construit le site même quand des journaux ne se chargent pas (en-tête absent ou cassé, fichier illisible) : ils sont laissés de côté, chacun avec un avertissement, et le résumé les compte.",
    ),
    (
        "serve",
        "port",
        "N",
        "Le port d’écoute (par défaut : 3000, ou le suivant de libre ; un --port déjà pris est une erreur).",
    ),
    (
        "serve",
        "bind",
        "ADRESSE",
        "L’adresse d’écoute (par défaut : 127.0.0.1). Toute adresse autre que locale rend le site visible sur le réseau.",
    ),
    (
        "serve",
        "host",
        "NOM",
        "Répond aussi aux requêtes adressées à ce nom d’hôte ou à cette adresse IP, sur tout port (répétable). Sinon, seuls localhost, 127.0.0.1, [::1] et l’adresse de --bind reçoivent une réponse (403).",
    ),
    (
        "serve",
        "audience",
        "private|public",
        "Pour qui est le site : private (par défaut ; votre vue de toutes les missions) ou public.",
    ),
    (
        "serve",
        "drafts",
        "",
        "Inclut les missions marquées `draft: true` dans la vue publique.",
    ),
    (
        "serve",
        "open",
        "",
        "Ouvre le site dans le navigateur par défaut.",
    ),
    (
        "serve",
        "poll",
        "",
        "Cherche les changements toutes les 500 ms au lieu d’attendre les événements du système de fichiers (systèmes de fichiers réseau ou virtuels, volumes montés dans un conteneur).",
    ),
    (
        "completions",
        "shell",
        "SHELL",
        "Le shell du script : bash, elvish, fish, powershell ou zsh.",
    ),
];

/// French spacing: a no-break space (U+00A0) instead of the space before `:`, `;`, `?` and `!`
/// (`i18n::typeset`, as for diagnostics).
pub fn spacing(text: &str) -> String {
    crate::i18n::typeset(text, Lang::Fr).into_owned()
}

fn command_texts(name: &str) -> Option<(&'static str, &'static str)> {
    COMMANDS
        .iter()
        .find(|(n, ..)| *n == name)
        .map(|(_, about, after)| (*about, *after))
}

fn arg_texts(command: &str, id: &str) -> Option<(&'static str, &'static str)> {
    let find = |c: &str| {
        ARGS.iter()
            .find(|(cmd, arg, ..)| *cmd == c && *arg == id)
            .map(|(_, _, value, help)| (*value, *help))
    };
    find(command).or_else(|| find("*"))
}

/// The help template: French section titles, only for the sections the command has.
fn template(cmd: &Command) -> String {
    let mut t = String::from("{before-help}{about-with-newline}\nUtilisation\u{a0}: {usage}\n");
    if cmd.has_subcommands() {
        t.push_str("\nCommandes\u{a0}:\n{subcommands}\n");
    }
    if cmd.get_positionals().any(|a| !a.is_hide_set()) {
        t.push_str("\nArguments\u{a0}:\n{positionals}\n");
    }
    t.push_str("\nOptions\u{a0}:\n{options}{after-help}");
    t
}

/// The long description of `debrief --help`.
const LONG_ABOUT: &str = "debrief lit un carnet de journaux de mission (un fichier Markdown par mission client, avec \
son en-tête) et vérifie chaque fin de mission : retour client, passation, accès retirés, données du client \
supprimées (RGPD), factures impayées relancées, leçons tirées.";

/// `cmd` (`Cli::command()`) with every text in French. Translated before clap builds it (which
/// copies the global options into each command and decides between the short and long help
/// layouts), then again for what the build adds (`--help`, `--version`, the `help` command).
pub fn localize(cmd: Command) -> Command {
    let mut cmd = translate(cmd, Lang::Fr).long_about(spacing(LONG_ABOUT));
    cmd.build();
    translate(cmd, Lang::Fr)
}

fn translate(cmd: Command, lang: Lang) -> Command {
    let name = cmd.get_name().to_string();
    let template = template(&cmd);
    let mut cmd = cmd
        .help_template(template)
        .subcommand_value_name("COMMANDE")
        .mut_args(|arg| {
            let Some((value, help)) = arg_texts(&name, arg.get_id().as_str()) else {
                return arg;
            };
            // Defaults and possible values are in the French help text, not clap's English ones.
            let takes_values = arg.get_action().takes_values();
            let arg = arg
                .help(spacing(help))
                .long_help(None::<&'static str>)
                .hide_default_value(takes_values)
                .hide_possible_values(takes_values)
                .hide_env(takes_values);
            let arg = if value.is_empty() {
                arg
            } else {
                arg.value_name(value)
            };
            crate::cli::localized_parser(arg, lang)
        })
        .mut_subcommands(|sub| translate(sub, lang));
    if let Some((about, after)) = command_texts(&name) {
        cmd = cmd.about(spacing(about));
        if name != "debrief" {
            cmd = cmd.long_about(None::<&'static str>);
        }
        cmd = if after.is_empty() {
            cmd.after_help(None::<&'static str>)
        } else {
            cmd.after_help(spacing(after))
        };
        cmd = cmd.after_long_help(None::<&'static str>);
    }
    cmd
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// Every command and argument of the definition has its French text: a new one without it
    /// would print English in a French help.
    #[test]
    fn every_command_and_argument_has_a_french_text() {
        let mut cmd = crate::cli::Cli::command();
        cmd.build();
        let mut missing = Vec::new();
        let mut stack = vec![cmd];
        while let Some(c) = stack.pop() {
            if command_texts(c.get_name()).is_none() {
                missing.push(c.get_name().to_string());
            }
            for a in c.get_arguments() {
                if arg_texts(c.get_name(), a.get_id().as_str()).is_none() {
                    missing.push(format!("{} {}", c.get_name(), a.get_id()));
                }
            }
            stack.extend(c.get_subcommands().cloned());
        }
        assert_eq!(missing, Vec::<String>::new());
    }

    #[test]
    fn no_text_is_left_over() {
        let mut cmd = crate::cli::Cli::command();
        cmd.build();
        for (name, ..) in COMMANDS {
            let found = *name == "debrief" || cmd.find_subcommand(name).is_some();
            assert!(found, "{name}");
        }
        for (command, id, ..) in ARGS {
            let in_cmd = |c: &Command| c.get_arguments().any(|a| a.get_id() == *id);
            let found = if *command == "*" {
                in_cmd(&cmd)
            } else {
                cmd.find_subcommand(command).is_some_and(in_cmd)
            };
            assert!(found, "{command} {id}");
        }
    }

    #[test]
    fn french_spacing_before_high_punctuation() {
        assert_eq!(
            spacing("Exemples : a ; b ? c !"),
            "Exemples\u{a0}: a\u{a0}; b\u{a0}? c\u{a0}!"
        );
        assert_eq!(spacing("http://x:3000/ a:b"), "http://x:3000/ a:b");
    }

    #[test]
    fn the_french_command_is_valid() {
        localize(crate::cli::Cli::command()).debug_assert();
    }
}
