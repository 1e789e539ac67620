//! Issue 10, exporter half: hostile and unlucky input never damages the user's data, and every
//! refusal says which file, which field and why.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may fail loudly

mod common;
#[path = "common/hostile.rs"]
mod hostile;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::AtomicBool;

use common::*;
use course_export::engine::check::check_package;
use course_export::engine::course::SectionKind;
use course_export::engine::ids::is_valid_xs_id;
use course_export::engine::media::{self, MediaOptions, MediaWork};
use course_export::engine::package::{self, ExportContext, Progress};
use course_export::engine::settings::{
    ExportMode, ExportSettings, IdMode, Resolution, ScormVersion, SettingField,
};
use course_export::engine::{CourseError, ExportError, load_course};

fn bin() -> Command {
    course_export("course-export-hardening-tests")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn export_with(
    course: &course_export::engine::Course,
    s: &ExportSettings,
    dest: &Path,
    media: MediaOptions,
) -> Result<package::ExportReport, ExportError> {
    let cancel = AtomicBool::new(false);
    let ctx = ExportContext {
        progress: &|_: Progress| {},
        cancel: &cancel,
        media,
    };
    package::export(course, s, dest, &ctx)
}

fn load_problems(dir: &Path) -> Vec<String> {
    match load_course(dir) {
        Ok(_) => Vec::new(),
        Err(e) => e.problems(),
    }
}

fn one_section_course(dir: &Path, md: &str, files: &[(&str, &[u8])]) {
    let mut all: Vec<(&str, &[u8])> = vec![("sections/a.md", md.as_bytes())];
    all.extend_from_slice(files);
    write_course(
        dir,
        r#"{"title":"T","sections":[{"id":"a","title":"A","file":"sections/a.md"}]}"#,
        &all,
    );
}

// ------------------------------------------------------------------ 1. output over input

#[test]
fn export_refuses_to_write_over_any_file_the_course_reads() {
    let dir = tempfile::tempdir().unwrap();
    small_course(dir.path());
    let course_dir = dir.path();
    let before: Vec<(PathBuf, Vec<u8>)> = ["course.json", "sections/one.md", "media/pic.png"]
        .iter()
        .map(|p| {
            let p = course_dir.join(p);
            let b = std::fs::read(&p).unwrap();
            (p, b)
        })
        .collect();
    for dest in [
        course_dir.join("course.json"),
        course_dir.join("sections/one.md"),
        course_dir.join("media/pic.png"),
        // Another spelling of the same file: `..`, and upper case (one file on macOS/Windows).
        course_dir.join("media/../sections/one.md"),
        course_dir.join("Course.JSON"),
    ] {
        let o = bin()
            .args(["export", "--course"])
            .arg(course_dir)
            .arg("--out")
            .arg(&dest)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(1), "{}: {}", dest.display(), text(&o));
        let t = text(&o);
        assert!(t.contains("refusing to write"), "{t}");
        assert!(
            t.contains(&dest.display().to_string()),
            "names the destination: {t}"
        );
    }
    for (p, b) in before {
        assert_eq!(std::fs::read(&p).unwrap(), b, "{} was changed", p.display());
    }
    // The engine refuses it too (the studio calls the same function), naming the input.
    let course = load_course(course_dir).unwrap();
    let err = export_with(
        &course,
        &ExportSettings::default(),
        &course_dir.join("sections/one.md"),
        MediaOptions::default(),
    )
    .unwrap_err();
    assert!(matches!(err, ExportError::OutputIsInput { .. }), "{err}");
    assert!(err.to_string().contains("one.md"), "{err}");
    // A new file inside the course folder is fine.
    export_with(
        &course,
        &ExportSettings::default(),
        &course_dir.join("out.zip"),
        MediaOptions::default(),
    )
    .unwrap();
}

#[cfg(unix)]
#[test]
fn a_symlink_to_an_input_is_the_input() {
    let dir = tempfile::tempdir().unwrap();
    small_course(dir.path());
    let link = dir.path().join("link.zip");
    std::os::unix::fs::symlink(dir.path().join("course.json"), &link).unwrap();
    let course = load_course(dir.path()).unwrap();
    let err = export_with(
        &course,
        &ExportSettings::default(),
        &link,
        MediaOptions::default(),
    )
    .unwrap_err();
    assert!(matches!(err, ExportError::OutputIsInput { .. }), "{err}");
}

// ------------------------------------------------------------------ 2. XML 1.0 characters

#[test]
fn characters_xml_cannot_hold_are_refused_with_their_field() {
    let dir = tempfile::tempdir().unwrap();
    let json = serde_json::json!({
        "title": "Safety\u{b}basics",
        "description": "x\u{1}y",
        "version": "1\u{fffe}",
        "sections": [
            { "id": "a", "title": "A\u{1f}", "file": "a.md" },
            { "id": "q", "title": "Quiz", "quiz": { "questions": [
                { "id": "q1", "type": "single-choice", "prompt": "P\u{ffff}",
                  "options": ["x\u{c}", "y"], "correct": ["y"] } ] } }
        ]
    });
    write_course(dir.path(), &json.to_string(), &[("a.md", b"# A")]);
    let all = load_problems(dir.path()).join("\n");
    for (field, ch) in [
        ("title", "U+000B"),
        ("description", "U+0001"),
        ("version", "U+FFFE"),
        ("sections[0].title", "U+001F"),
        ("sections[1].quiz.questions[0].prompt", "U+FFFF"),
        ("sections[1].quiz.questions[0].options[0]", "U+000C"),
    ] {
        assert!(
            all.lines()
                .any(|l| l.contains(&format!(": {field}: ")) && l.contains(ch)),
            "no problem for {field} ({ch}) in:\n{all}"
        );
    }
}

fn xmllint_ok(xml: &str) -> Result<(), String> {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("m.xml");
    std::fs::write(&p, xml).unwrap();
    let o = Command::new("xmllint").arg("--noout").arg(&p).output();
    match o {
        Err(_) => Ok(()), // not installed: quick-xml alone
        Ok(o) if o.status.success() => Ok(()),
        Ok(o) => Err(String::from_utf8_lossy(&o.stderr).into_owned()),
    }
}

fn strict_parse(xml: &str) -> Result<(), String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(quick_xml::events::Event::Text(t)) => {
                t.decode().map_err(|e| e.to_string())?;
            }
            Ok(_) => {}
            Err(e) => return Err(e.to_string()),
        }
    }
    xmllint_ok(xml)
}

mod unicode {
    use super::*;
    use proptest::prelude::*;

    /// Any Unicode, with the characters that break XML much more likely than by chance.
    fn any_text() -> impl Strategy<Value = String> {
        let ch = prop_oneof![
            3 => any::<char>(),
            1 => prop::sample::select(vec![
                '\u{0}', '\u{1}', '\u{8}', '\u{b}', '\u{c}', '\u{1f}', '\u{7f}', '\u{85}',
                '\u{fffe}', '\u{ffff}', '\u{d7ff}', '\u{e000}', '\u{fffd}', '\t', '\n', '\r',
                '<', '&', '"', ']', '%', 'a',
            ]),
        ];
        prop::collection::vec(ch, 1..10).prop_map(|v| v.into_iter().collect())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

        #[test]
        fn any_text_in_any_field_loads_to_a_well_formed_manifest_or_is_refused_by_field(
            fields in prop::collection::vec(any_text(), 6),
            version in prop::sample::select(ScormVersion::ALL.to_vec()),
            multi in any::<bool>(),
        ) {
            let paths = [
                "title",
                "description",
                "version",
                "sections[0].title",
                "sections[1].quiz.questions[0].prompt",
                "sections[1].quiz.questions[0].options[0]",
            ];
            let json = serde_json::json!({
                "title": fields[0], "description": fields[1], "version": fields[2],
                "sections": [
                    { "id": "a", "title": fields[3], "file": "a.md" },
                    { "id": "q", "title": "Quiz", "quiz": { "questions": [
                        { "id": "q1", "type": "single-choice", "prompt": fields[4],
                          "options": [fields[5], "zz-other"], "correct": ["zz-other"] } ] } }
                ]
            });
            let dir = tempfile::tempdir().unwrap();
            write_course(dir.path(), &json.to_string(), &[("a.md", b"# A")]);
            match load_course(dir.path()) {
                Ok(course) => {
                    for f in &fields {
                        prop_assert!(f.chars().all(course_export::engine::xml_chars::is_xml_char));
                    }
                    let mut s = ExportSettings::default();
                    s.scorm_version = version;
                    if multi { s.export_mode = ExportMode::Multi; }
                    for plan in package::plan(&course, &s, &MediaOptions::default()).unwrap() {
                        if let Err(e) = strict_parse(&plan.manifest) {
                            prop_assert!(false, "not well-formed: {e}\n{}", plan.manifest);
                        }
                    }
                }
                Err(e) => {
                    let problems = e.problems().join("\n");
                    for (f, path) in fields.iter().zip(paths) {
                        if let Some((_, c)) = course_export::engine::xml_chars::first_non_xml_char(f) {
                            let code = format!("U+{:04X}", u32::from(c));
                            prop_assert!(
                                problems.lines().any(|l| l.contains(&format!(": {path}: ")) && l.contains(&code)),
                                "{path} holds {code} but no problem names it:\n{problems}"
                            );
                        }
                    }
                }
            }
        }
    }
}

// ------------------------------------------------------------------ 3. identifiers

#[test]
fn custom_ids_are_ascii_and_capped() {
    for id in ["a²", "ⅰtem", "ª1", "é"] {
        assert!(is_valid_xs_id(id).is_err(), "{id} accepted");
    }
    let dir = tempfile::tempdir().unwrap();
    small_course(dir.path());
    let course = load_course(dir.path()).unwrap();
    let mut s = ExportSettings::default();
    s.manifest_ids.mode = IdMode::Custom;
    s.manifest_ids.for_course = Some(course.title.clone());
    s.manifest_ids.identifier = "a²".into();
    s.manifest_ids.organization_id = "ORG".into();
    s.manifest_ids.item_id = "I".repeat(101);
    let problems = s.validate(&course);
    assert!(
        problems.iter().any(|p| p.field == SettingField::Identifier),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.field == SettingField::ItemId && p.message.contains("at most 100")),
        "{problems:?}"
    );
}

#[test]
fn id_collisions_are_found_by_validation_not_the_self_check() {
    let dir = tempfile::tempdir().unwrap();
    write_course(
        dir.path(),
        r#"{"title":"T","sections":[
            {"id":"SHARED","title":"S","file":"a.md"},
            {"id":"b","title":"B","file":"a.md"}]}"#,
        &[("a.md", b"# A")],
    );
    let course = load_course(dir.path()).unwrap();
    let mut s = ExportSettings::default();
    s.export_mode = ExportMode::Multi;
    let problems = s.validate(&course);
    assert!(
        problems
            .iter()
            .any(|p| p.field == SettingField::Content && p.message.contains("RES-SHARED")),
        "{problems:?}"
    );
    let err = export_with(
        &course,
        &s,
        &dir.path().join("x.zip"),
        MediaOptions::default(),
    )
    .unwrap_err();
    assert!(matches!(err, ExportError::Settings(_)), "{err}");

    let mut s = ExportSettings::default();
    s.manifest_ids.mode = IdMode::Custom;
    s.manifest_ids.for_course = Some(course.title.clone());
    s.manifest_ids.identifier = "RES-ITEM".into();
    s.manifest_ids.organization_id = "ORG".into();
    s.manifest_ids.item_id = "ITEM".into();
    let problems = s.validate(&course);
    assert!(
        problems
            .iter()
            .any(|p| p.field == SettingField::Identifier && p.message.contains("“RES-ITEM”")),
        "{problems:?}"
    );
    assert!(!dir.path().join("x.zip").exists());
}

#[test]
fn predicted_ids_are_the_manifest_ids() {
    use course_export::engine::id_check::planned_ids;
    let course = load_course(&sample_course()).unwrap();
    for mode in [
        ExportMode::Single,
        ExportMode::Multi,
        ExportMode::MultiPerSection,
    ] {
        for custom in [false, true] {
            let mut s = ExportSettings::default();
            s.export_mode = mode;
            if custom {
                s.manifest_ids.mode = IdMode::Custom;
                s.manifest_ids.for_course = Some(course.title.clone());
                s.manifest_ids.identifier = "M".into();
                s.manifest_ids.organization_id = "O".into();
                s.manifest_ids.item_id = "I".into();
            }
            let plans = package::plan(&course, &s, &MediaOptions::default()).unwrap();
            let predicted = planned_ids(&s, &course);
            assert_eq!(plans.len(), predicted.len());
            for (plan, ids) in plans.iter().zip(predicted) {
                let mut written: Vec<String> = plan
                    .manifest
                    .split("identifier=\"")
                    .skip(1)
                    .map(|r| r[..r.find('"').unwrap()].to_owned())
                    .collect();
                let mut expected: Vec<String> = ids.into_iter().map(|i| i.value).collect();
                written.sort();
                expected.sort();
                assert_eq!(written, expected, "{mode:?} custom={custom}");
            }
        }
    }
}

#[test]
fn a_huge_section_id_is_refused_by_the_loader_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let id = "a".repeat(70_000);
    let json = serde_json::json!({"title":"T","sections":[{"id": id,"title":"A","file":"a.md"}]});
    write_course(dir.path(), &json.to_string(), &[("a.md", b"# A")]);
    let p = load_problems(dir.path()).join("\n");
    assert!(
        p.contains("sections[0].id") && p.contains("at most 64"),
        "{p}"
    );
    assert!(
        p.len() < 2000,
        "the message should not repeat the id: {} bytes",
        p.len()
    );
}

// ------------------------------------------------------------------ 4. hrefs and names

#[test]
fn media_names_with_percent_hash_space_and_accents_export_and_self_check() {
    let dir = tempfile::tempdir().unwrap();
    one_section_course(
        dir.path(),
        "![a](../media/a%23b.png) ![b](../media/50%2541.png) ![c](<../media/sp ace é.png>) [d](../media/q%3Fx.pdf)",
        &[
            ("media/a#b.png", b"png"),
            ("media/50%41.png", b"png"),
            ("media/sp ace é.png", b"png"),
            ("media/q?x.pdf", b"pdf"),
        ],
    );
    let p = load_problems(dir.path());
    // `?` is refused (Windows), the others export.
    assert!(p.iter().any(|l| l.contains("“?”")), "{p:?}");
    std::fs::write(
        dir.path().join("sections/a.md"),
        "![a](../media/a%23b.png) ![b](../media/50%2541.png) ![c](<../media/sp ace é.png>)",
    )
    .unwrap();
    let course = load_course(dir.path()).unwrap();
    let out = dir.path().join("out.zip");
    for mode in [ExportMode::Single, ExportMode::Multi] {
        let mut s = ExportSettings::default();
        s.export_mode = mode;
        let report = export_with(&course, &s, &out, MediaOptions::default()).unwrap();
        assert!(report.packages[0].check.problems.is_empty());
        let manifest = zip_text(&out, "imsmanifest.xml");
        for href in [
            "media/a%23b.png",
            "media/50%2541.png",
            "media/sp%20ace%20%C3%A9.png",
        ] {
            assert!(manifest.contains(&format!("href=\"{href}\"")), "{manifest}");
        }
        let names = zip_names(&out);
        assert!(names.contains("media/a#b.png") && names.contains("media/50%41.png"));
        let data = zip_text(&out, "content/course-data.js");
        assert!(data.contains("media/50%2541.png"), "{data}");
        assert!(check_package(&out).problems.is_empty());
    }
}

#[test]
fn media_names_windows_and_case_insensitive_systems_cannot_hold_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    one_section_course(
        dir.path(),
        "![n](../media/a%0Ab.png)\n![c](../media/c:d.png)\n![s](../media/s*.png)\n![u](../media/A.png)\n![l](../media/a.png)\n![x](../media/nul.png)\n",
        &[
            ("media/a\nb.png", b"png"),
            ("media/c:d.png", b"png"),
            ("media/s*.png", b"png"),
            ("media/A.png", b"png"),
            ("media/a.png", b"png"),
            ("media/nul.png", b"png"),
        ],
    );
    let p = load_problems(dir.path()).join("\n");
    for needle in [
        "line 1",
        "U+000A",
        "line 2",
        "“:”",
        "line 3",
        "“*”",
        "line 5",
        "differ only in upper/lower case",
        "line 6",
        "device name",
    ] {
        assert!(p.contains(needle), "missing “{needle}” in:\n{p}");
    }
}

// ------------------------------------------------------------------ 5. encodings

#[test]
fn a_byte_order_mark_is_accepted_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    small_course(dir.path());
    let json = std::fs::read(dir.path().join("course.json")).unwrap();
    std::fs::write(
        dir.path().join("course.json"),
        [b"\xEF\xBB\xBF", &json[..]].concat(),
    )
    .unwrap();
    std::fs::write(dir.path().join("sections/two.md"), b"\xEF\xBB\xBF# Two\n").unwrap();
    let course = load_course(dir.path()).unwrap();
    let SectionKind::Content(c) = &course.sections[1].kind else {
        panic!("content")
    };
    assert!(c.markdown.starts_with("# Two"), "{:?}", c.markdown);

    let settings = dir.path().join("preset.json");
    std::fs::write(&settings, b"\xEF\xBB\xBF{\"export_name\": \"BOM\"}").unwrap();
    let o = bin()
        .args(["settings", "--course"])
        .arg(dir.path())
        .arg("--settings")
        .arg(&settings)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("\"BOM\""), "{}", text(&o));
}

#[test]
fn a_settings_file_must_be_an_object() {
    let dir = tempfile::tempdir().unwrap();
    small_course(dir.path());
    let settings = dir.path().join("preset.json");
    for bad in [
        r#"["LMS", "multi"]"#,
        r#"{"completion_tracking": ["quiz-results", 50]}"#,
    ] {
        std::fs::write(&settings, bad).unwrap();
        let o = bin()
            .args(["settings", "--course"])
            .arg(dir.path())
            .arg("--settings")
            .arg(&settings)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(1), "{bad}: {}", text(&o));
        assert!(text(&o).contains("must be a JSON object"), "{}", text(&o));
        assert!(text(&o).contains("preset.json"), "{}", text(&o));
    }
}

// ------------------------------------------------------------------ 6. bounded memory

use hostile::png_header_only;

#[test]
fn decompression_bombs_are_refused_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    for (w, h) in [(30_000, 30_000), (15_000, 15_000)] {
        let name = format!("bomb-{w}.png");
        let md = format!("![b](../media/{name})");
        one_section_course(
            dir.path(),
            &md,
            &[(&format!("media/{name}"), &png_header_only(w, h))],
        );
        let course = load_course(dir.path()).unwrap();
        let mut s = ExportSettings::default();
        s.media.image_max_size = Resolution::P360;
        let opts = MediaOptions::from_settings(&s.media, None, None);
        let err = export_with(&course, &s, &dir.path().join("out.zip"), opts).unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains(&name), "{msg}");
        assert!(msg.contains(&format!("{w}×{h}")), "{msg}");
        assert!(!dir.path().join("out.zip").exists());
    }
}

#[test]
fn a_huge_markdown_section_is_refused_with_its_size() {
    let dir = tempfile::tempdir().unwrap();
    let big = "word ".repeat(2 * 1024 * 1024); // 10 MiB
    one_section_course(dir.path(), &big, &[]);
    let p = load_problems(dir.path()).join("\n");
    assert!(
        p.contains("sections/a.md") && p.contains("at most 2 MiB"),
        "{p}"
    );
}

// ------------------------------------------------------------------ 7. interruption

fn photo(path: &Path) {
    let img = image::RgbImage::from_fn(1200, 900, |x, y| {
        image::Rgb([(x % 251) as u8, (y % 241) as u8, ((x * y) % 239) as u8])
    });
    img.save(path).unwrap();
}

fn media_ref(path: &Path, rel: &str) -> course_export::engine::course::MediaRef {
    course_export::engine::course::MediaRef {
        source: path.canonicalize().unwrap(),
        rel: rel.into(),
        size: std::fs::metadata(path).unwrap().len(),
        kind: course_export::engine::course::MediaKind::Image,
    }
}

/// A photo in `dir` and options that resize it through the cache `dir/cache`.
fn photo_to_resize(dir: &Path) -> (course_export::engine::course::MediaRef, MediaOptions) {
    let src = dir.join("photo.png");
    photo(&src);
    let o = MediaOptions {
        image: Resolution::P360,
        cache_dir: Some(dir.join("cache")),
        ..MediaOptions::default()
    };
    (media_ref(&src, "media/photo.png"), o)
}

fn cache_files(cache: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(cache)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    v.sort();
    v
}

#[test]
fn truncated_or_empty_cache_entries_are_discarded_never_packaged() {
    let dir = tempfile::tempdir().unwrap();
    let (m, o) = photo_to_resize(dir.path());
    let cancel = AtomicBool::new(false);
    let first = media::prepare(&m, &o, &|_| {}, &cancel).unwrap();
    assert_eq!(first.work, MediaWork::Processed);
    let good = std::fs::read(&first.path).unwrap();
    let entry = first.path.clone();
    drop(first);
    for damage in [good.len() / 2, 0] {
        std::fs::write(&entry, &good[..damage]).unwrap();
        let again = media::prepare(&m, &o, &|_| {}, &cancel).unwrap();
        assert_eq!(again.work, MediaWork::Processed, "damaged entry served");
        assert_eq!(std::fs::read(&again.path).unwrap(), good);
    }
    // Same size, other bytes: the recorded hash catches it.
    let mut flipped = good.clone();
    let last = flipped.len() - 1;
    flipped[last] ^= 0xFF;
    std::fs::write(&entry, &flipped).unwrap();
    let again = media::prepare(&m, &o, &|_| {}, &cancel).unwrap();
    assert_eq!(again.work, MediaWork::Processed);
    assert_eq!(std::fs::read(&again.path).unwrap(), good);
    assert_eq!(
        media::prepare(&m, &o, &|_| {}, &cancel).unwrap().work,
        MediaWork::CacheHit
    );
}

#[test]
fn temp_files_of_killed_exports_are_cleaned_by_the_next_run() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    std::fs::create_dir_all(&cache).unwrap();
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(600);
    let leftover = cache.join(".tmp-killed.png");
    std::fs::write(&leftover, b"half").unwrap();
    let live = cache.join(".tmp-live.png");
    std::fs::write(&live, b"being written").unwrap();
    for p in [&leftover, &live] {
        std::fs::File::options()
            .append(true)
            .open(p)
            .unwrap()
            .set_modified(old)
            .unwrap();
    }
    // Another export is still writing this one: it holds the lock.
    let holder = std::fs::File::open(&live).unwrap();
    holder.lock().unwrap();

    let (m, o) = photo_to_resize(dir.path());
    let cancel = AtomicBool::new(false);
    media::prepare_all(&[&m], &o, &|_, _| {}, &cancel).unwrap();
    let files = cache_files(&cache);
    assert!(!leftover.exists(), "{files:?}");
    assert!(
        live.exists(),
        "a live export's temp file was removed: {files:?}"
    );
}

/// A fake ffmpeg that reports the encoders, then, asked to transcode, writes its pid and sleeps.
#[cfg(target_os = "linux")]
fn fake_ffmpeg(dir: &Path, pidfile: &Path) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let ffmpeg = dir.join("ffmpeg");
    std::fs::write(
        &ffmpeg,
        format!(
            "#!/bin/sh\ncase \"$*\" in *-encoders*) echo ' V..... libx264 x'; echo ' A..... aac x'; exit 0;; esac\necho $$ > '{}.tmp' && mv '{}.tmp' '{}'\nexec sleep 300\n",
            pidfile.display(),
            pidfile.display(),
            pidfile.display()
        ),
    )
    .unwrap();
    let ffprobe = dir.join("ffprobe");
    std::fs::write(
        &ffprobe,
        "#!/bin/sh\necho '{\"format\":{\"duration\":\"10\",\"format_name\":\"mov,mp4\"},\"streams\":[{\"codec_type\":\"video\",\"codec_name\":\"h264\",\"width\":1920,\"height\":1080,\"pix_fmt\":\"yuv420p\"}]}'\n",
    )
    .unwrap();
    for p in [&ffmpeg, &ffprobe] {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    ffmpeg
}

#[cfg(target_os = "linux")]
fn alive(pid: u32) -> bool {
    // Gone, or a zombie waiting for a reaper: either way it runs no more.
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => false,
        Ok(stat) => {
            let state = stat.rsplit(')').next().unwrap_or("").trim_start();
            !state.starts_with('Z') && !state.starts_with('X')
        }
    }
}

#[cfg(target_os = "linux")]
#[test]
fn ffmpeg_dies_with_the_export_even_after_kill_9() {
    let dir = tempfile::tempdir().unwrap();
    let tools = dir.path().join("tools");
    std::fs::create_dir_all(&tools).unwrap();
    let pidfile = dir.path().join("ffmpeg.pid");
    let ffmpeg = fake_ffmpeg(&tools, &pidfile);
    let course = dir.path().join("course");
    one_section_course(
        &course,
        "![v](../media/v.mp4)",
        &[("media/v.mp4", b"not a video")],
    );
    let mut export = bin()
        .args(["export", "--video-resolution", "360p", "--course"])
        .arg(&course)
        .arg("--ffmpeg")
        .arg(&ffmpeg)
        .arg("--cache-dir")
        .arg(dir.path().join("cache"))
        .arg("--out")
        .arg(dir.path().join("out.zip"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Waits for the fake ffmpeg to start (bounded, so a broken export fails the test).
    let mut pid = None;
    for _ in 0..600 {
        if let Some(p) = std::fs::read_to_string(&pidfile)
            .ok()
            .and_then(|t| t.trim().parse::<u32>().ok())
        {
            pid = Some(p);
            break;
        }
        if export.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let pid = pid.expect("the export never started ffmpeg");
    assert!(alive(pid));
    export.kill().unwrap(); // SIGKILL: no cleanup code runs in the export
    export.wait().unwrap();
    let mut gone = false;
    for _ in 0..100 {
        if !alive(pid) {
            gone = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    if !gone {
        let _ = Command::new("kill").arg("-9").arg(pid.to_string()).status();
    }
    assert!(gone, "ffmpeg (pid {pid}) outlived the killed export");
}

// ------------------------------------------------------------------ 11. messages

#[test]
fn a_missing_section_file_is_named() {
    let dir = tempfile::tempdir().unwrap();
    write_course(
        dir.path(),
        r#"{"title":"T","sections":[{"id":"a","title":"A","file":"sections/missing.md"}]}"#,
        &[],
    );
    let p = load_problems(dir.path()).join("\n");
    assert!(
        p.contains("sections[0].file")
            && p.contains("sections/missing.md")
            && p.contains("does not exist"),
        "{p}"
    );
}

#[test]
fn a_section_that_is_not_utf8_says_so_with_the_line() {
    let dir = tempfile::tempdir().unwrap();
    one_section_course(dir.path(), "", &[]);
    std::fs::write(dir.path().join("sections/a.md"), b"# A\n\ncaf\xE9\n").unwrap();
    let err = load_course(dir.path()).unwrap_err();
    assert!(matches!(err, CourseError::Invalid(_)));
    let p = err.problems().join("\n");
    assert!(p.contains("not UTF-8") && p.contains("line 3"), "{p}");
}

#[test]
fn zip_io_errors_keep_the_os_reason_and_the_file() {
    let e = ExportError::from_zip(
        "/out/x.zip",
        zip::result::ZipError::Io(std::io::Error::from_raw_os_error(28)),
    );
    let msg = e.to_string();
    assert!(msg.contains("/out/x.zip"), "{msg}");
    assert!(
        msg.to_lowercase().contains("no space left on device"),
        "{msg}"
    );
    assert!(!msg.contains("Io("), "{msg}");
}

// ------------------------------------------------------------------ 7/8. beside the destination

/// Per-section export where one destination is a folder: refused before anything moves, and
/// every previous package stays byte-identical. A killed export's temp file beside the
/// destination is removed by the next export there; a live one (locked) is not.
#[test]
fn per_section_export_is_all_or_nothing_and_cleans_stale_temps() {
    let dir = tempfile::tempdir().unwrap();
    let course_dir = dir.path().join("course");
    small_course(&course_dir);
    let course = load_course(&course_dir).unwrap();
    let mut s = ExportSettings::default();
    s.export_mode = course_export::engine::settings::ExportMode::MultiPerSection;
    let out_dir = dir.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    let out = out_dir.join("c.zip");
    let media = || MediaOptions::from_settings(&s.media, None, None);
    let first = export_with(&course, &s, &out, media()).unwrap();
    let paths: Vec<PathBuf> = first.packages.iter().map(|p| p.path.clone()).collect();
    assert_eq!(paths.len(), 3);
    let before: Vec<Vec<u8>> = paths.iter().map(|p| std::fs::read(p).unwrap()).collect();

    // The last package's name is now a folder: nothing may be replaced.
    std::fs::remove_file(&paths[2]).unwrap();
    std::fs::create_dir(&paths[2]).unwrap();
    s.scorm_version = course_export::engine::settings::ScormVersion::Scorm12;
    let err = export_with(&course, &s, &out, media())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains(&paths[2].file_name().unwrap().to_string_lossy().into_owned()),
        "{err}"
    );
    for (p, b) in paths.iter().zip(&before).take(2) {
        assert_eq!(&std::fs::read(p).unwrap(), b, "{} changed", p.display());
    }
    std::fs::remove_dir(&paths[2]).unwrap();

    // Leftovers of a killed export (unlocked) go; a running export's file (locked) stays.
    let name = paths[0].file_name().unwrap().to_string_lossy().into_owned();
    let stale = out_dir.join(format!(".{name}.k1ll3d.tmp"));
    std::fs::write(&stale, b"half a zip").unwrap();
    let live = out_dir.join(format!(".{name}.l1v3.tmp"));
    std::fs::write(&live, b"being written").unwrap();
    let holder = std::fs::File::open(&live).unwrap();
    holder.lock().unwrap();
    export_with(&course, &s, &out, media()).unwrap();
    assert!(!stale.exists(), "a killed export's temp file stayed");
    assert!(live.exists(), "a live export's temp file was removed");
    drop(holder);
    let mut left: Vec<String> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    left.sort();
    assert_eq!(left, [format!(".{name}.l1v3.tmp")]);
}

// ------------------------------------------------------------------ 11. a full disk

/// A write that fails half-way (a file size limit stands in for a full disk: the same failing
/// `write`) names the package and the system's reason, prints no library internals, and leaves
/// no temp file and the previous package as it was.
#[cfg(unix)]
#[test]
fn a_failing_write_is_named_in_plain_words_and_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let zip = out.join("course.zip");
    std::fs::write(&zip, b"previous").unwrap();
    let exe = env!("CARGO_BIN_EXE_course-export");
    // `trap '' XFSZ`: the write returns EFBIG instead of the signal killing the process.
    let o = Command::new("bash")
        .arg("-c")
        .arg(r#"trap '' XFSZ; ulimit -f 64; exec "$0" export --out "$1""#)
        .arg(exe)
        .arg(&zip)
        .env(
            "COURSE_EXPORT_HOME",
            std::env::temp_dir().join("course-export-hardening-tests"),
        )
        .output()
        .unwrap();
    let t = text(&o);
    assert_eq!(o.status.code(), Some(1), "{t}");
    assert!(
        t.contains("course.zip") && t.contains("File too large"),
        "{t}"
    );
    for internal in ["ZipWriter", "Io(", "i/o error"] {
        assert!(!t.contains(internal), "library internals in: {t}");
    }
    let left: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, ["course.zip"]);
    assert_eq!(std::fs::read(&zip).unwrap(), b"previous");
}
