//! The command line as a CI pipeline uses it.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may fail loudly

mod common;

use std::process::{Command, Output};

use common::*;

fn bin() -> Command {
    course_export("course-export-cli-tests")
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn exports_the_sample_course_in_every_version_and_check_passes() {
    let out = tempfile::tempdir().unwrap();
    for v in ["1.2", "2004-3rd", "2004-4th"] {
        let zip = out.path().join(format!("sample-{v}.zip"));
        let o = run(&[
            "export",
            "--scorm-version",
            v,
            "--out",
            zip.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", text(&o));
        assert_eq!(
            String::from_utf8_lossy(&o.stdout).trim(),
            zip.to_str().unwrap()
        );
        let o = run(&["check", zip.to_str().unwrap()]);
        assert!(o.status.success(), "{}", text(&o));
        assert!(text(&o).starts_with("OK:"), "{}", text(&o));
        validate_manifest(&zip_text(&zip, "imsmanifest.xml"), v).unwrap();
    }
}

#[test]
fn every_setting_has_a_flag() {
    let dir = tempfile::tempdir().unwrap();
    small_course(dir.path());
    let out = dir.path().join("out.zip");
    let o = run(&[
        "export",
        "--course",
        dir.path().to_str().unwrap(),
        "--scorm-version",
        "1.2",
        "--extended-analytics",
        "yes",
        "--tracking",
        "quiz-results",
        "--final-quiz",
        "final",
        "--score-format",
        "points",
        "--exclude",
        "two",
        "--video-resolution",
        "original",
        "--image-max-size",
        "original",
        "--status-format",
        "passed-failed",
        "--save-on",
        "navigation,interval",
        "--save-interval",
        "15",
        "--debug",
        "yes",
        "--identifier",
        "com.example.small",
        "--organization-id",
        "ORG_small",
        "--item-id",
        "ITEM_small",
        "--name",
        "CI build",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let manifest = zip_text(&out, "imsmanifest.xml");
    assert!(manifest.contains("identifier=\"com.example.small\""));
    assert!(manifest.contains("<organizations default=\"ORG_small\">"));
    // Points: 60 % of 5 questions = 3 correct answers.
    assert!(
        manifest.contains("<adlcp:masteryscore>3</adlcp:masteryscore>"),
        "{manifest}"
    );
    let data = zip_text(&out, "content/course-data.js");
    for needle in [
        r#""scorm_version":"1.2""#,
        r#""extended_analytics":true"#,
        r#""score_format":"points""#,
        r#""final_quiz":"final""#,
        r#""status_format":"passed-failed""#,
        r#""save_on":["navigation","interval"]"#,
        r#""save_interval_seconds":15"#,
        r#""debug":true"#,
    ] {
        assert!(data.contains(needle), "missing {needle} in {data}");
    }
    assert!(!data.contains(r#""id":"two""#));
}

#[test]
fn settings_file_round_trips_and_flags_override_it() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(&["settings", "--print-default"]);
    assert!(o.status.success());
    let mut v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["scorm_version"], "2004-4th");
    v["scorm_version"] = "2004-3rd".into();
    v["reporting"]["debug"] = true.into();
    let file = dir.path().join("preset.json");
    std::fs::write(&file, v.to_string()).unwrap();
    let o = run(&["manifest", "--settings", file.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("2004 3rd Edition"));
    let o = run(&[
        "manifest",
        "--settings",
        file.to_str().unwrap(),
        "--scorm-version",
        "1.2",
    ]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("<schemaversion>1.2</schemaversion>"));

    std::fs::write(&file, r#"{"reporting":{"debugg":true}}"#).unwrap();
    let o = run(&["manifest", "--settings", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o).contains("reporting") && text(&o).contains("debugg"),
        "{}",
        text(&o)
    );
}

#[test]
fn exit_codes_name_the_problem() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.zip");
    // Usage errors: 2.
    assert_eq!(run(&["export"]).status.code(), Some(2));
    assert_eq!(
        run(&["export", "--scorm-version", "1.3", "--out", "x.zip"])
            .status
            .code(),
        Some(2)
    );
    // Problems: 1, with the message, and no file.
    let o = run(&[
        "export",
        "--course",
        dir.path().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("course.json is missing"), "{}", text(&o));
    let o = run(&[
        "export",
        "--status-format",
        "passed-failed",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("reporting.status_format"), "{}", text(&o));
    let o = run(&[
        "export",
        "--pass-threshold",
        "120",
        "--save-interval",
        "3",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(
        text(&o).contains("pass_threshold") && text(&o).contains("save_interval"),
        "{}",
        text(&o)
    );
    assert!(!out.exists());
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "left files behind"
    );
}

#[test]
fn check_reports_problems_in_foreign_packages() {
    let dir = tempfile::tempdir().unwrap();
    let zip_path = dir.path().join("foreign.zip");
    let manifest = std::fs::read_to_string(
        repo().join("tests/fixtures/foreign/identifierref-missing-resource.xml"),
    )
    .unwrap();
    let mut z = zip::ZipWriter::new(std::fs::File::create(&zip_path).unwrap());
    let o = zip::write::SimpleFileOptions::default();
    z.start_file("imsmanifest.xml", o).unwrap();
    std::io::Write::write_all(&mut z, manifest.as_bytes()).unwrap();
    z.start_file("../evil.txt", o).unwrap();
    z.finish().unwrap();
    let o = run(&["check", zip_path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let t = text(&o);
    assert!(t.contains("RES-404"), "{t}");
    assert!(t.contains("unsafe path"), "{t}");
    assert!(t.contains("not in the zip"), "{t}");
}

#[test]
fn per_section_export_writes_one_checked_package_per_section() {
    let dir = tempfile::tempdir().unwrap();
    small_course(dir.path());
    let out = dir.path().join("pkg.zip");
    let o = run(&[
        "export",
        "--course",
        dir.path().to_str().unwrap(),
        "--multi=per-section",
        "--tracking",
        "quiz-results",
        "--status-format",
        "passed-failed",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let paths: Vec<_> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(str::to_owned)
        .collect();
    assert_eq!(paths.len(), 3, "{paths:?}");
    for p in &paths {
        assert!(run(&["check", p]).status.success());
    }
    // The quiz package keeps quiz tracking; a content package cannot pass or fail on its own.
    let quiz = zip_text(std::path::Path::new(&paths[2]), "content/course-data.js");
    assert!(
        quiz.contains(r#""status_format":"passed-failed""#),
        "{quiz}"
    );
    let content = zip_text(std::path::Path::new(&paths[0]), "content/course-data.js");
    assert!(
        content.contains(r#""status_format":"passed-incomplete""#),
        "{content}"
    );
}

/// The settings JSON the `settings` subcommand prints for these flags (on the sample course).
fn settings_with(flags: &[&str]) -> serde_json::Value {
    let mut args = vec!["settings"];
    args.extend_from_slice(flags);
    let o = run(&args);
    assert!(o.status.success(), "{flags:?}: {}", text(&o));
    serde_json::from_slice(&o.stdout).unwrap()
}

#[test]
fn value_errors_are_usage_errors_that_list_the_possible_values() {
    for (flag, value, listed) in [
        ("--scorm-version", "1.3", "2004-4th, 2004-3rd, 1.2"),
        ("--tracking", "quiz", "course-completion, quiz-results"),
        ("--score-format", "percent", "percentage, points"),
        (
            "--status-format",
            "passed",
            "passed-incomplete, passed-failed, completed-failed, completed-incomplete",
        ),
        (
            "--video-resolution",
            "4k",
            "original, 1080p, 720p, 480p, 360p",
        ),
        (
            "--image-max-size",
            "1920",
            "original, 1080p, 720p, 480p, 360p",
        ),
        (
            "--save-on",
            "navigation,never",
            "navigation, interval, unload",
        ),
        ("--debug", "maybe", "yes, no"),
        ("--extended-analytics", "2", "yes, no"),
    ] {
        let o = run(&["manifest", flag, value]);
        let t = text(&o);
        assert_eq!(o.status.code(), Some(2), "{flag} {value}: {t}");
        assert!(
            t.contains(&format!("[possible values: {listed}]")),
            "{flag} {value}: {t}"
        );
    }
    let o = run(&["manifest", "--multi=every"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("per-section"), "{}", text(&o));
}

#[test]
fn flags_keep_their_spellings() {
    for (value, on) in [
        ("yes", true),
        ("Y", true),
        ("true", true),
        ("ON", true),
        ("1", true),
        ("no", false),
        ("n", false),
        ("False", false),
        ("off", false),
        ("0", false),
    ] {
        let v = settings_with(&["--debug", value, "--extended-analytics", value]);
        assert_eq!(v["reporting"]["debug"], on, "--debug {value}");
        assert_eq!(v["extended_analytics"], on, "--extended-analytics {value}");
    }
    let v = settings_with(&["--save-on", " unload, navigation,,unload"]);
    assert_eq!(
        v["reporting"]["save_on"],
        serde_json::json!(["navigation", "unload"])
    );
    assert_eq!(settings_with(&["--multi"])["export_mode"], "multi");
    assert_eq!(
        settings_with(&["--multi=per-section"])["export_mode"],
        "multi-per-section"
    );
    assert_eq!(settings_with(&[])["export_mode"], "single");
    let v = settings_with(&[
        "--scorm-version",
        "1.2",
        "--video-resolution",
        "720p",
        "--image-max-size",
        "360p",
    ]);
    assert_eq!(v["scorm_version"], "1.2");
    assert_eq!(v["media"]["video_resolution"], "720p");
    assert_eq!(v["media"]["image_max_size"], "360p");
}

/// A course language the player has no words for is said at export (once, even per section);
/// one it speaks (by its primary subtag) is not.
#[test]
fn an_unknown_course_language_is_said_once() {
    for (lang, warned) in [("pt-BR", true), ("de-CH", false)] {
        let dir = tempfile::tempdir().unwrap();
        write_course(
            dir.path(),
            &format!(
                r#"{{"title": "T", "language": "{lang}", "sections": [
                {{"id": "a", "title": "A", "file": "a.md"}},
                {{"id": "b", "title": "B", "file": "b.md"}}]}}"#
            ),
            &[("a.md", b"# A\n"), ("b.md", b"# B\n")],
        );
        let out = dir.path().join("out.zip");
        let o = run(&[
            "export",
            "--course",
            dir.path().to_str().unwrap(),
            "--multi=per-section",
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", text(&o));
        let err = String::from_utf8_lossy(&o.stderr);
        let n = err.matches("no words in the course language").count();
        assert_eq!(n, usize::from(warned), "{lang}: {err}");
        if warned {
            assert!(
                err.contains("“pt-BR”") && err.contains("en, de, fr, es, ar"),
                "{err}"
            );
        }
    }
}

/// A 0 % course-completion threshold completes at launch: the export says so.
#[test]
fn a_zero_threshold_is_warned() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.zip");
    let o = run(&[
        "export",
        "--pass-threshold",
        "0",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("threshold is 0 %"),
        "{}",
        text(&o)
    );
    let o = run(&[
        "export",
        "--pass-threshold",
        "50",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(!String::from_utf8_lossy(&o.stderr).contains("threshold is 0 %"));
}

/// Captions and posters beside a video (`walk.vtt`, `walk.de.vtt`, `walk.jpg`) and captions
/// beside an audio file are packaged: the video gets `<track>`s and a poster, both get a
/// transcript (escaped text), and the self-check passes.
#[test]
fn captions_and_posters_beside_media_are_packaged() {
    let dir = tempfile::tempdir().unwrap();
    let vtt =
        "WEBVTT\n\n1\n00:00.000 --> 00:02.000\n<v Anna>Mind the <b>wet</b> floor & stairs</v>\n";
    write_course(
        dir.path(),
        r#"{"title": "T", "language": "en", "sections": [
            {"id": "a", "title": "A", "file": "a.md"}]}"#,
        &[
            (
                "a.md",
                b"# A\n\n![Walk-through](media/walk.mp4)\n\n![Talk](media/talk.mp3)\n",
            ),
            ("media/walk.mp4", b"not really a video"),
            ("media/walk.vtt", vtt.as_bytes()),
            (
                "media/walk.de.vtt",
                b"WEBVTT\n\n00:00.000 --> 00:01.000\nHallo\n",
            ),
            ("media/walk.jpg", b"not really a jpeg"),
            ("media/talk.mp3", b"not really audio"),
            (
                "media/talk.vtt",
                b"WEBVTT\n\n00:00.000 --> 00:01.000\nWelcome &lt;3\n",
            ),
        ],
    );
    let out = dir.path().join("out.zip");
    let o = run(&[
        "export",
        "--course",
        dir.path().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let names = zip_names(&out);
    for f in [
        "media/walk.vtt",
        "media/walk.de.vtt",
        "media/walk.jpg",
        "media/talk.vtt",
    ] {
        assert!(names.contains(f), "{f} missing from {names:?}");
    }
    let data = zip_text(&out, "content/course-data.js");
    for want in [
        // The course language's track first (the default), then the others.
        r#"\u003ctrack kind=\"captions\" src=\"media/walk.vtt\" srclang=\"en\" label=\"en\" default>\u003ctrack kind=\"captions\" src=\"media/walk.de.vtt\" srclang=\"de\""#,
        r#"poster=\"media/walk.jpg\""#,
        "Mind the wet floor &amp; stairs",
        "Welcome &lt;3",
        r#"\u003cdetails class=\"transcript\">"#,
    ] {
        assert!(data.contains(want), "{want} not in {data}");
    }
    assert!(!data.contains("<v Anna>"), "caption tags reach the page");
    let o = run(&["check", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
}
