//! The incremental rebuild against `debrief build`: the example book edited journal by journal,
//! each edit rebuilt the way `serve` does, and after each one every page served must be the page
//! a build of the same book writes, byte for byte, and no other (the 404 page aside: serve roots
//! its links at `/`). The edits change what the aggregate pages reuse: the search index, the
//! lessons, the tags, the checklist and the deadlines, titles, what is published.

use super::*;
use std::path::Path;

const TODAY: Date = jiff::civil::date(2026, 6, 30);

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A copy of the example book of the repository.
fn example() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&repo.join("content"), &root.join("content"));
    std::fs::copy(repo.join("book.toml"), root.join("book.toml")).unwrap();
    (dir, root)
}

fn builder(root: &Path, audience: Audience) -> (Builder, Arc<Shared>) {
    let shared = Shared::new();
    let builder = Builder::new(
        Options {
            root: root.to_path_buf(),
            audience,
            drafts: false,
            lang_flag: None,
            lang: Lang::Fr,
            today: TODAY,
        },
        shared.clone(),
    );
    (builder, shared)
}

fn walk(dir: &Path, base: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            walk(&path, base, out);
        } else {
            let rel = path
                .strip_prefix(base)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            out.insert(rel, std::fs::read(&path).unwrap());
        }
    }
}

/// What `debrief build` writes for the book at `root` as it is now.
fn built(root: &Path, audience: Audience) -> BTreeMap<String, Vec<u8>> {
    let config = Config::load(root, Lang::Fr).unwrap();
    let lang = config.lang(None);
    let book = Book::load(root, config, lang).unwrap();
    let dest = tempfile::tempdir().unwrap();
    let dest = dest.path().join("site");
    site::build(
        &book,
        &site::BuildOptions {
            audience,
            dest: dest.clone(),
            drafts: false,
            today: TODAY,
            lang,
            progress: false,
        },
    )
    .unwrap();
    let mut files = BTreeMap::new();
    walk(&dest, &dest, &mut files);
    // What marks the directory as debrief's, not a page.
    assert!(files.remove(site::output::MARKER).is_some());
    files
}

/// Every served file is the built one, and every built file is served.
fn assert_same_as_build(shared: &Shared, root: &Path, audience: Audience, step: &str) {
    let site = shared.site();
    let mut served: BTreeMap<String, Vec<u8>> = site
        .files
        .iter()
        .map(|(rel, bytes)| (rel.clone(), bytes.to_vec()))
        .collect();
    let mut built = built(root, audience);
    assert!(served.remove(site::routes::NOT_FOUND).is_some(), "{step}");
    assert!(built.remove(site::routes::NOT_FOUND).is_some(), "{step}");
    let served_names: Vec<&String> = served.keys().collect();
    let built_names: Vec<&String> = built.keys().collect();
    assert_eq!(
        served_names, built_names,
        "{audience:?}, {step}: file lists"
    );
    for (rel, bytes) in &built {
        assert!(
            served[rel] == *bytes,
            "{audience:?}, {step}: {rel} served:\n{}\nbuilt:\n{}",
            String::from_utf8_lossy(&served[rel]),
            String::from_utf8_lossy(bytes)
        );
    }
}

/// Replaces `from` by `to` in the journal at `path` (which must contain it).
fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} has no {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

fn served(shared: &Shared, rel: &str) -> String {
    String::from_utf8_lossy(&shared.site().files[rel]).into_owned()
}

fn edits_are_served_as_built(audience: Audience) {
    let (_dir, root) = example();
    let (mut builder, shared) = builder(&root, audience);
    assert_eq!(builder.rebuild(&[]).error, None);
    assert_same_as_build(&shared, &root, audience, "first build");
    let seo = root.join("content/missions/2024/refonte-seo-boutique-lumiere.md");
    let kine = root.join("content/missions/2025/assistance-administrative-cabinet-kine.md");
    let steps: Vec<(&str, &Path, &str, &str)> = vec![
        (
            "body text",
            &seo,
            "## Livrables\n",
            "## Livrables\n\n- Un mot-repère zanzibar\n",
        ),
        ("body text again", &seo, "zanzibar", "tombouctou"),
        (
            "a lesson",
            &seo,
            "## Contexte\n",
            "## Leçons\n\nToujours relire la clause de sortie.\n\n## Contexte\n",
        ),
        (
            "tags",
            &seo,
            "tags: [seo, webmarketing]",
            "tags: [seo, luminaires]",
        ),
        (
            "title",
            &seo,
            "title: \"Refonte SEO — Boutique Lumière\"",
            "title: \"Refonte SEO — Lumière\"",
        ),
        (
            "an open item closed",
            &seo,
            "rgpd: { notified: 2024-06-30, deleted: 2024-07-15 }\n",
            "",
        ),
        ("status", &kine, "status: closed", "status: active"),
        ("published", &seo, "publish: lessons", "publish: case-study"),
        ("status back", &kine, "status: active", "status: closed"),
        (
            "tags back",
            &seo,
            "tags: [seo, luminaires]",
            "tags: [seo, webmarketing]",
        ),
    ];
    for (step, path, from, to) in steps {
        edit(path, from, to);
        let report = builder.rebuild(&[path.to_path_buf()]);
        assert_eq!(report.error, None, "{step}");
        assert!(report.rebuilt.is_some(), "{step}");
        assert_same_as_build(&shared, &root, audience, step);
    }
    // A journal that no longer loads keeps its last good version; fixed, it is served as built.
    let before = served(&shared, site::routes::SEARCH_INDEX);
    edit(&seo, "---\ntitle", "title");
    assert!(builder.rebuild(std::slice::from_ref(&seo)).error.is_some());
    assert_eq!(served(&shared, site::routes::SEARCH_INDEX), before);
    edit(&seo, "title", "---\ntitle");
    assert_eq!(builder.rebuild(std::slice::from_ref(&seo)).error, None);
    assert_same_as_build(&shared, &root, audience, "fixed");
}

#[test]
fn every_edit_of_a_private_site_is_served_as_built() {
    edits_are_served_as_built(Audience::Private);
}

#[test]
fn every_edit_of_a_public_site_is_served_as_built() {
    edits_are_served_as_built(Audience::Public);
}

/// A save that changes nothing the aggregate pages show (a figure in a journal entry) renders none
/// of them once the memo holds them: each is taken from the memo, the list pages and the checklist included.
#[test]
fn a_save_that_changes_no_list_renders_no_aggregate_page() {
    for audience in [Audience::Private, Audience::Public] {
        let (_dir, root) = example();
        let (mut builder, shared) = builder(&root, audience);
        assert_eq!(builder.rebuild(&[]).error, None);
        let seo = root.join("content/missions/2024/refonte-seo-boutique-lumiere.md");
        // A figure in a journal entry: on the mission's page only.
        for (from, to) in [
            ("(186 règles)", "(187 règles)"),
            ("(187 règles)", "(188 règles)"),
        ] {
            edit(&seo, from, to);
            assert_eq!(builder.rebuild(std::slice::from_ref(&seo)).error, None);
        }
        // Every page but the missions' own (and their letters) is an aggregate page.
        let aggregates = shared
            .site()
            .files
            .keys()
            .filter(|rel| *rel == site::routes::MISSIONS || !rel.starts_with("missions/"))
            .filter(|rel| rel.ends_with(".html") || rel.ends_with(".xml"))
            .count();
        let memo = &builder.last.as_ref().unwrap().memo;
        assert_eq!(memo.counts(), (aggregates, 0), "{audience:?}");
        assert_same_as_build(&shared, &root, audience, "saved again");
    }
}
