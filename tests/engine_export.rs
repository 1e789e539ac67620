//! The export engine end to end: every version × status format × tracking mode × export mode
//! validates against the official XSDs, passes the self-check, and the zip holds exactly what the
//! manifest lists.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may fail loudly

mod common;

use std::sync::atomic::AtomicBool;

use common::*;
use course_export::engine::check::check_package;
use course_export::engine::load_course;
use course_export::engine::media::MediaOptions;
use course_export::engine::package::{self, ExportContext, Progress};
use course_export::engine::settings::{
    ExportMode, ExportSettings, ScormVersion, SettingField, StatusFormat, TrackingMode,
};

/// The `content/course-data.js` a plan will write.
fn course_data_text(plan: &package::PackagePlan) -> String {
    let data = plan
        .entries
        .iter()
        .find(|e| e.path == "content/course-data.js")
        .expect("every package has course data");
    let package::EntrySource::Bytes(b) = &data.source else {
        panic!("course data is generated, not a file")
    };
    String::from_utf8(b.clone()).unwrap()
}

/// Export with no progress display, no cancel and default media options.
fn export_plain(
    course: &course_export::engine::Course,
    s: &ExportSettings,
    dest: &std::path::Path,
) -> Result<package::ExportReport, course_export::engine::ExportError> {
    let cancel = AtomicBool::new(false);
    let ctx = ExportContext {
        progress: &|_: Progress| {},
        cancel: &cancel,
        media: MediaOptions::default(),
    };
    package::export(course, s, dest, &ctx)
}

fn settings_for(
    v: ScormVersion,
    f: StatusFormat,
    t: TrackingMode,
    m: ExportMode,
    final_quiz: &str,
) -> ExportSettings {
    let mut s = ExportSettings::default();
    s.scorm_version = v;
    s.reporting.status_format = f;
    s.completion_tracking.mode = t;
    s.completion_tracking.pass_threshold_percent = 80;
    s.completion_tracking.final_quiz = Some(final_quiz.to_owned());
    s.export_mode = m;
    s
}

#[test]
fn every_combination_validates_and_self_checks() {
    let course = load_course(&sample_course()).unwrap();
    let out = tempfile::tempdir().unwrap();
    let mut exported = 0;
    for v in ScormVersion::ALL {
        for f in StatusFormat::ALL {
            for t in [TrackingMode::CourseCompletion, TrackingMode::QuizResults] {
                for m in [
                    ExportMode::Single,
                    ExportMode::Multi,
                    ExportMode::MultiPerSection,
                ] {
                    let s = settings_for(v, f, t, m, "final-quiz");
                    let label = format!("{} {} {} {}", v.key(), f.key(), t.key(), m.key());
                    let problems = s.validate(&course);
                    if !f.applies_to(t) {
                        assert!(
                            problems
                                .iter()
                                .any(|p| p.field == SettingField::StatusFormat),
                            "{label}: an inapplicable status format must be refused"
                        );
                        continue;
                    }
                    assert!(problems.is_empty(), "{label}: {problems:?}");
                    let dest = out.path().join(format!("{exported}.zip"));
                    let report =
                        export_plain(&course, &s, &dest).unwrap_or_else(|e| panic!("{label}: {e}"));
                    for p in &report.packages {
                        let manifest = zip_text(&p.path, "imsmanifest.xml");
                        validate_manifest(&manifest, v.key())
                            .unwrap_or_else(|e| panic!("{label}: XSD: {e}"));
                        let check = check_package(&p.path);
                        assert!(check.ok(), "{label}: {:?}", check.problems);
                        let mut listed = manifest_files(&manifest);
                        listed.insert("imsmanifest.xml".into());
                        assert_eq!(zip_names(&p.path), listed, "{label}: zip ≠ manifest");
                        assert_eq!(check.schema_version.as_deref(), Some(v.schema_version()));
                    }
                    exported += 1;
                }
            }
        }
    }
    // 3 versions × (2 formats × 2 tracking + 2 formats × 1 tracking) × 3 modes
    assert_eq!(exported, 3 * 6 * 3);
}

#[test]
fn manifest_follows_the_status_format() {
    let course = load_course(&sample_course()).unwrap();
    let opts = MediaOptions::default();
    let manifest = |v, f, t| {
        let s = settings_for(v, f, t, ExportMode::Single, "final-quiz");
        package::plan(&course, &s, &opts).unwrap()[0]
            .manifest
            .clone()
    };
    use ScormVersion::*;
    use StatusFormat::*;
    use TrackingMode::*;
    // Only passed-failed lets the LMS judge the score; the final quiz's threshold is 80 %.
    let m = manifest(Scorm12, PassedFailed, QuizResults);
    assert!(
        m.contains("<adlcp:masteryscore>80</adlcp:masteryscore>"),
        "{m}"
    );
    for f in [PassedIncomplete, CompletedFailed, CompletedIncomplete] {
        assert!(!manifest(Scorm12, f, QuizResults).contains("masteryscore"));
        assert!(!manifest(Scorm2004_4th, f, QuizResults).contains("minNormalizedMeasure"));
    }
    let m = manifest(Scorm2004_4th, PassedFailed, QuizResults);
    assert!(m.contains("satisfiedByMeasure=\"true\""), "{m}");
    assert!(
        m.contains("<imsss:minNormalizedMeasure>0.8</imsss:minNormalizedMeasure>"),
        "{m}"
    );
    // Every 2004 SCO: content sets completion and objectives.
    for v in [Scorm2004_3rd, Scorm2004_4th] {
        let m = manifest(v, PassedIncomplete, CourseCompletion);
        assert!(m.contains(
            "<imsss:deliveryControls completionSetByContent=\"true\" objectiveSetByContent=\"true\"/>"
        ));
    }
    // Course completion threshold: 4th attributes, 3rd element text.
    let m = manifest(Scorm2004_4th, PassedIncomplete, CourseCompletion);
    assert!(
        m.contains("completedByMeasure=\"true\" minProgressMeasure=\"0.8\""),
        "{m}"
    );
    let m = manifest(Scorm2004_3rd, PassedIncomplete, CourseCompletion);
    assert!(
        m.contains("<adlcp:completionThreshold>0.8</adlcp:completionThreshold>"),
        "{m}"
    );
    // Right spelling of scormtype and schemaversion.
    let m = manifest(Scorm12, PassedIncomplete, CourseCompletion);
    assert!(
        m.contains("adlcp:scormtype=\"sco\"") && m.contains("<schemaversion>1.2</schemaversion>")
    );
    let m = manifest(Scorm2004_3rd, PassedIncomplete, CourseCompletion);
    assert!(m.contains("adlcp:scormType=\"sco\"") && m.contains("2004 3rd Edition"));
}

#[test]
fn new_ids_are_stable_per_export_name_and_regenerate_changes_them() {
    let course = load_course(&sample_course()).unwrap();
    let opts = MediaOptions::default();
    let mut s = ExportSettings::default();
    let a = package::plan(&course, &s, &opts).unwrap()[0].ids.clone();
    assert_eq!(a, package::plan(&course, &s, &opts).unwrap()[0].ids);
    s.export_name = "Other LMS".into();
    let b = package::plan(&course, &s, &opts).unwrap()[0].ids.clone();
    assert_ne!(a, b);
    s.manifest_ids.salt = "fresh".into();
    assert_ne!(b, package::plan(&course, &s, &opts).unwrap()[0].ids);
}

#[test]
fn custom_ids_are_validated_and_used() {
    let course = load_course(&sample_course()).unwrap();
    let mut s = ExportSettings::default();
    s.manifest_ids.mode = course_export::engine::settings::IdMode::Custom;
    s.manifest_ids.for_course = Some(course.title.clone());
    s.manifest_ids.identifier = "1abc".into();
    s.manifest_ids.organization_id = "ORG 1".into();
    s.manifest_ids.item_id = "a:b".into();
    let p = s.validate(&course);
    let fields: Vec<_> = p.iter().map(|p| p.field).collect();
    assert_eq!(
        fields,
        vec![
            SettingField::Identifier,
            SettingField::OrganizationId,
            SettingField::ItemId
        ]
    );
    s.manifest_ids.identifier = "com.example.safety".into();
    s.manifest_ids.organization_id = "com.example.safety".into();
    s.manifest_ids.item_id = "ITEM_1".into();
    let p = s.validate(&course);
    assert_eq!(p.len(), 1);
    assert!(p[0].message.contains("used twice"), "{}", p[0].message);
    s.manifest_ids.organization_id = "ORG_1".into();
    let plan = &package::plan(&course, &s, &MediaOptions::default()).unwrap()[0];
    assert!(plan.manifest.contains("identifier=\"com.example.safety\""));
    assert!(plan.manifest.contains("<organizations default=\"ORG_1\">"));
    validate_manifest(&plan.manifest, "2004-4th").unwrap();
}

#[test]
fn settings_validation_reports_every_problem() {
    let course = load_course(&sample_course()).unwrap();
    let mut s = ExportSettings::default();
    s.completion_tracking.pass_threshold_percent = 101;
    s.reporting.save_interval_seconds = 4;
    s.reporting.save_on.clear();
    s.reporting.status_format = StatusFormat::PassedFailed;
    s.export_name = " ".into();
    let fields: Vec<_> = s.validate(&course).iter().map(|p| p.field).collect();
    for f in [
        SettingField::ExportName,
        SettingField::PassThreshold,
        SettingField::StatusFormat,
        SettingField::SaveOn,
        SettingField::SaveInterval,
    ] {
        assert!(fields.contains(&f), "{f:?} missing from {fields:?}");
    }
    let mut s = ExportSettings::default();
    s.completion_tracking.mode = TrackingMode::QuizResults;
    s.completion_tracking.final_quiz = Some("nope".into());
    assert!(s.validate(&course)[0].message.contains("does not exist"));
    s.completion_tracking.final_quiz = Some("welcome".into());
    assert!(s.validate(&course)[0].message.contains("not a quiz"));
    let mut s = ExportSettings::default();
    for sec in &course.sections {
        s.set_included(&sec.id, false);
    }
    assert!(
        s.validate(&course)
            .iter()
            .any(|p| p.message.contains("nothing left"))
    );
}

#[test]
fn excluding_a_section_removes_it_and_its_media() {
    let dir = tempfile::tempdir().unwrap();
    small_course(dir.path());
    let course = load_course(dir.path()).unwrap();
    let mut s = ExportSettings::default();
    s.set_included("one", false);
    let plan = &package::plan(&course, &s, &MediaOptions::default()).unwrap()[0];
    assert!(!plan.manifest.contains("media/pic.png"));
    let text = course_data_text(plan);
    assert!(!text.contains("\"one\""), "{text}");
    assert!(text.contains("\"two\""));
}

#[test]
fn cancelled_or_failed_export_leaves_nothing_and_keeps_the_previous_file() {
    let course = load_course(&sample_course()).unwrap();
    let out = tempfile::tempdir().unwrap();
    let dest = out.path().join("course.zip");
    std::fs::write(&dest, b"previous package").unwrap();
    let cancel = AtomicBool::new(true);
    let ctx = ExportContext {
        progress: &|_| {},
        cancel: &cancel,
        media: MediaOptions::default(),
    };
    let err = package::export(&course, &ExportSettings::default(), &dest, &ctx).unwrap_err();
    assert!(
        matches!(err, course_export::engine::ExportError::Cancelled),
        "{err}"
    );
    let names: Vec<_> = std::fs::read_dir(out.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    assert_eq!(std::fs::read(&dest).unwrap(), b"previous package");

    // Invalid settings: nothing written either.
    let mut s = ExportSettings::default();
    s.reporting.save_interval_seconds = 500;
    let other = out.path().join("other.zip");
    assert!(export_plain(&course, &s, &other).is_err());
    assert!(!other.exists());
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 1);
}

#[test]
fn exports_are_reproducible() {
    let course = load_course(&sample_course()).unwrap();
    let out = tempfile::tempdir().unwrap();
    let a = out.path().join("a.zip");
    let b = out.path().join("b.zip");
    export_plain(&course, &ExportSettings::default(), &a).unwrap();
    export_plain(&course, &ExportSettings::default(), &b).unwrap();
    assert_eq!(std::fs::read(a).unwrap(), std::fs::read(b).unwrap());
}

#[test]
fn media_is_stored_text_is_deflated() {
    let course = load_course(&sample_course()).unwrap();
    let out = tempfile::tempdir().unwrap();
    let p = out.path().join("a.zip");
    export_plain(&course, &ExportSettings::default(), &p).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
        assert_eq!(
            mode, 0o644,
            "a package is readable by others, like any file the user makes"
        );
    }
    let mut z = zip::ZipArchive::new(std::fs::File::open(&p).unwrap()).unwrap();
    for i in 0..z.len() {
        let f = z.by_index(i).unwrap();
        let stored = f.compression() == zip::CompressionMethod::Stored;
        let media =
            f.name().ends_with(".mp4") || f.name().ends_with(".png") || f.name().ends_with(".jpg");
        if media {
            assert!(stored, "{} should be stored", f.name());
        } else if f.name().ends_with(".js") || f.name().ends_with(".xml") {
            assert!(!stored, "{} should be deflated", f.name());
        }
    }
}

#[test]
fn points_format_combinations_that_cannot_work_are_refused() {
    let course = load_course(&sample_course()).unwrap();
    let mut s = settings_for(
        ScormVersion::Scorm2004_4th,
        StatusFormat::PassedFailed,
        TrackingMode::QuizResults,
        ExportMode::Single,
        "final-quiz",
    );
    s.completion_tracking.score_format = course_export::engine::settings::ScoreFormat::Points;
    // The sample's final quiz weighs one question double.
    let p = s.validate(&course);
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!(p[0].field, SettingField::ScoreFormat);
    // Other formats do not let the LMS judge the score: fine.
    s.reporting.status_format = StatusFormat::CompletedFailed;
    assert!(s.validate(&course).is_empty());

    // SCORM 1.2 with Points and more than 100 questions.
    let dir = tempfile::tempdir().unwrap();
    let questions: Vec<_> = (0..101)
        .map(|i| serde_json::json!({"id": format!("q{i}"), "type": "true-false", "prompt": "P", "correct": [true]}))
        .collect();
    let json = serde_json::json!({"title": "Big", "sections": [
        {"id": "quiz", "title": "Quiz", "quiz": {"questions": questions}}]});
    write_course(dir.path(), &json.to_string(), &[]);
    let big = load_course(dir.path()).unwrap();
    let mut s = settings_for(
        ScormVersion::Scorm12,
        StatusFormat::CompletedFailed,
        TrackingMode::QuizResults,
        ExportMode::Single,
        "quiz",
    );
    s.completion_tracking.score_format = course_export::engine::settings::ScoreFormat::Points;
    let p = s.validate(&big);
    assert!(p.iter().any(|p| p.message.contains("0–100")), "{p:?}");
    s.scorm_version = ScormVersion::Scorm2004_4th;
    assert!(s.validate(&big).is_empty());
}

#[test]
fn multi_export_content_scos_complete_when_viewed_under_quiz_tracking() {
    let course = load_course(&sample_course()).unwrap();
    let s = settings_for(
        ScormVersion::Scorm2004_4th,
        StatusFormat::PassedFailed,
        TrackingMode::QuizResults,
        ExportMode::Multi,
        "final-quiz",
    );
    let plan = &package::plan(&course, &s, &MediaOptions::default()).unwrap()[0];
    let text = course_data_text(plan);
    let json: serde_json::Value = serde_json::from_str(
        text.trim()
            .strip_prefix("window.COURSE_DATA = ")
            .unwrap()
            .strip_suffix(';')
            .unwrap(),
    )
    .unwrap();
    for sco in json["scos"].as_array().unwrap() {
        if sco["id"] == "final-quiz" {
            assert!(sco.get("tracking").is_none(), "{sco}");
        } else {
            assert_eq!(sco["tracking"]["mode"], "course-completion", "{sco}");
            assert_eq!(sco["status_format"], "passed-incomplete", "{sco}");
        }
    }
}

#[test]
fn suspend_data_worst_case_is_estimated_and_warned_about() {
    use course_export::engine::{
        suspend_data_limit as limit, suspend_data_worst_case as worst_case_len,
    };
    // The issue's budget: 1,000 sections and 300 answered questions fit SCORM 1.2 with choices.
    let dir = tempfile::tempdir().unwrap();
    let mut sections: Vec<serde_json::Value> = (0..1000)
        .map(|i| serde_json::json!({"id": format!("s{i}"), "title": "S", "file": "s.md"}))
        .collect();
    let choice: Vec<_> = (0..300)
        .map(|i| {
            serde_json::json!({"id": format!("q{i}"), "type": "single-choice", "prompt": "P",
            "options": ["a", "b", "c", "d"], "correct": ["a"]})
        })
        .collect();
    sections.push(serde_json::json!({"id": "quiz", "title": "Q", "quiz": {"questions": choice}}));
    let json = serde_json::json!({"title": "Big", "sections": sections});
    write_course(dir.path(), &json.to_string(), &[("s.md", b"x")]);
    let course = load_course(dir.path()).unwrap();
    let ids: Vec<String> = course.sections.iter().map(|s| s.id.clone()).collect();
    let n = worst_case_len(&course, &ids);
    assert!(n < limit(ScormVersion::Scorm12), "{n}");
    // "1|" + 7 + "|", 167 + 1, 300 + 299, 1, 8, 2
    assert_eq!(n, 10 + 168 + 599 + 1 + 8 + 2);
    let mut s = ExportSettings::default();
    s.scorm_version = ScormVersion::Scorm12;
    assert!(
        package::plan(&course, &s, &MediaOptions::default()).unwrap()[0]
            .warnings
            .is_empty()
    );

    // Twenty long fill-in answers cannot fit 4,096 characters: warned on 1.2, not on 2004.
    let fill: Vec<_> = (0..20)
        .map(|i| serde_json::json!({"id": format!("f{i}"), "type": "fill-in", "prompt": "P", "correct": ["x"]}))
        .collect();
    let json = serde_json::json!({"title": "Fill", "sections": [{"id": "quiz", "title": "Q", "quiz": {"questions": fill}}]});
    let dir = tempfile::tempdir().unwrap();
    write_course(dir.path(), &json.to_string(), &[]);
    let course = load_course(dir.path()).unwrap();
    let w = &package::plan(&course, &s, &MediaOptions::default()).unwrap()[0].warnings;
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].contains("4096") && w[0].contains("SCORM 1.2"),
        "{}",
        w[0]
    );
    s.scorm_version = ScormVersion::Scorm2004_4th;
    assert!(
        package::plan(&course, &s, &MediaOptions::default()).unwrap()[0]
            .warnings
            .is_empty()
    );
}

/// The schema step can fail: a manifest that breaks the CP content model is rejected wherever the
/// schemas are present (and the skip is said out loud where they are not).
#[test]
fn schema_validation_rejects_an_invalid_manifest() {
    let bad = r#"<?xml version="1.0"?><manifest identifier="1 bad" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"><resources/></manifest>"#;
    for v in ["1.2", "2004-3rd", "2004-4th"] {
        match validate_manifest(bad, v) {
            Err(_) | Ok(common::Schema::Skipped) => {}
            Ok(common::Schema::Valid) => panic!("{v}: an invalid manifest passed the schema step"),
        }
    }
}

/// Custom ids replace the course that has them in the LMS: they never go with another course
/// unconfirmed (a preset of course A used on course B, or one saved without its course).
#[test]
fn custom_ids_of_another_course_must_be_confirmed() {
    let course = load_course(&sample_course()).unwrap();
    let mut s = ExportSettings::default();
    s.manifest_ids.mode = course_export::engine::settings::IdMode::Custom;
    s.manifest_ids.identifier = "course_1".into();
    s.manifest_ids.organization_id = "org_1".into();
    s.manifest_ids.item_id = "item_1".into();
    for (for_course, named) in [
        (Some("Fire Safety".to_owned()), "“Fire Safety”"),
        (None, "saved without their course"),
    ] {
        s.manifest_ids.for_course = for_course;
        let problems = s.validate(&course);
        assert!(
            problems.iter().any(|p| p.field
                == course_export::engine::settings::SettingField::Identifier
                && p.message.contains(named)),
            "{problems:?}"
        );
    }
    s.manifest_ids.for_course = Some(course.title.clone());
    assert_eq!(s.validate(&course), []);
}

/// The studio asks before replacing files with `output_paths`, which does not plan: it must name
/// exactly the files the plan writes, in every mode.
#[test]
fn output_paths_are_the_files_the_plan_writes() {
    let course = load_course(&common::sample_course()).unwrap();
    let out = std::path::Path::new("/tmp/x/course.zip");
    for mode in [
        ExportMode::Single,
        ExportMode::Multi,
        ExportMode::MultiPerSection,
    ] {
        let mut s = ExportSettings::default();
        s.export_mode = mode;
        s.content.excluded_sections = vec!["ppe".into()];
        let planned: Vec<_> = package::plan(&course, &s, &MediaOptions::default())
            .unwrap()
            .iter()
            .map(|p| package::output_path(out, p))
            .collect();
        assert_eq!(package::output_paths(&course, &s, out), planned, "{mode:?}");
    }
}
