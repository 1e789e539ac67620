//! The studio's actions applied without a window (plain Rust): presets, export, history,
//! archive, dialogs. Run: `cargo test --test ui_actions`.
#![cfg(feature = "gui")]
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may fail loudly

mod ui_support;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use course_export::engine::check::check_package;
use course_export::engine::settings::{ExportMode, IdMode, ScormVersion};
use course_export::engine::store::HistoryEntry;
use course_export::ui::testing::{
    self, Action, App, Confirm, ExportGroup, FixedDialogs, NoDialogs, Outcome, Persisted, Step,
    Tab, settings_mut, type_destination, type_export_name, with_zip_extension,
};
use ui_support::*;

fn wait_for_job(app: &mut App) {
    testing::wait_for_export(app, Duration::from_secs(120));
}

fn wait_for_dialog(app: &mut App) {
    testing::wait_for_dialog(app, Duration::from_secs(10));
}

fn step(app: &App) -> Option<Step> {
    app.export_window()
        .map(course_export::ui::testing::ExportWindow::step)
}

/// Open the window and get to the settings under `name`.
fn settings_step(app: &mut App, name: &str) {
    app.apply(Action::OpenExportWindow(ExportGroup::Single));
    assert_eq!(step(app), Some(Step::Name));
    type_export_name(app, name);
    app.apply(Action::ConfirmExportName);
    assert_eq!(step(app), Some(Step::Settings));
    assert_eq!(app.settings().export_name, name);
}

fn export_to(app: &mut App, out: &std::path::Path) {
    type_destination(app, out);
    app.apply(Action::Export);
    assert!(app.is_exporting(), "the export started");
    wait_for_job(app);
}

#[test]
fn the_sample_course_opens_by_default_and_the_name_is_asked_first() {
    let env = env();
    let mut app = app(&env);
    assert!(app.course().is_some());
    assert_eq!(app.persisted().recent_courses.len(), 1);
    app.apply(Action::OpenExportWindow(ExportGroup::Multi));
    let w = app.export_window().unwrap();
    assert_eq!(
        w.name_input(),
        "Default",
        "pre-filled with the last used name"
    );
    type_export_name(&mut app, "  ");
    app.apply(Action::ConfirmExportName);
    let w = app.export_window().unwrap();
    assert_eq!(w.step(), Step::Name, "an empty name is refused");
    assert!(w.name_problem().is_some());
    type_export_name(&mut app, "Multi");
    app.apply(Action::ConfirmExportName);
    assert_eq!(app.settings().export_mode, ExportMode::Multi);
    app.apply(Action::CloseExportWindow);
    assert!(app.export_window().is_none());
}

#[test]
fn presets_save_rename_duplicate_delete_with_confirmation() {
    let env = env();
    let mut app = app(&env);
    settings_step(&mut app, "Moodle");
    settings_mut(&mut app).scorm_version = ScormVersion::Scorm12;
    app.apply(Action::SavePreset);
    assert_eq!(
        app.presets().get("Moodle").unwrap().settings.scorm_version,
        ScormVersion::Scorm12
    );
    assert_eq!(app.persisted().last_export_name.as_deref(), Some("Moodle"));
    app.apply(Action::StartRenamePreset("Moodle".into()));
    assert!(app.renaming().is_some());
    app.apply(Action::RenamePreset {
        old: "Moodle".into(),
        new: "Moodle 4".into(),
    });
    assert!(app.renaming().is_none());
    assert_eq!(
        app.settings().export_name,
        "Moodle 4",
        "the open settings follow"
    );
    app.apply(Action::DuplicatePreset("Moodle 4".into()));
    assert!(app.presets().get("Moodle 4 (copy)").is_some());
    // Renaming onto an existing name is refused with a message.
    app.apply(Action::RenamePreset {
        old: "Moodle 4".into(),
        new: "Moodle 4 (copy)".into(),
    });
    assert!(
        app.notices()
            .iter()
            .any(|n| n.text.contains("already exists"))
    );
    app.apply(Action::AskDeletePreset("Moodle 4 (copy)".into()));
    assert_eq!(
        app.confirm(),
        Some(&Confirm::DeletePreset("Moodle 4 (copy)".into()))
    );
    assert!(app.presets().get("Moodle 4 (copy)").is_some(), "asks first");
    app.apply(Action::DeletePreset("Moodle 4 (copy)".into()));
    assert!(app.confirm().is_none());
    assert!(app.presets().get("Moodle 4 (copy)").is_none());
    // Loading a preset brings back its settings exactly.
    settings_mut(&mut app).scorm_version = ScormVersion::Scorm2004_4th;
    app.apply(Action::LoadPreset("Moodle 4".into()));
    assert_eq!(app.settings().scorm_version, ScormVersion::Scorm12);
}

#[test]
fn regenerate_gives_new_ids() {
    let env = env();
    let mut app = app(&env);
    settings_step(&mut app, "Ids");
    assert_eq!(app.settings().manifest_ids.salt, "");
    app.apply(Action::RegenerateIds);
    assert_eq!(app.settings().manifest_ids.salt, "salt-1");
    app.apply(Action::RegenerateIds);
    assert_eq!(app.settings().manifest_ids.salt, "salt-2");
}

#[test]
fn export_validates_first_then_records_history_and_archive() {
    let env = env();
    let mut app = App::new(
        env.dirs.clone(),
        Arc::new(TickClock(std::sync::atomic::AtomicU64::new(NOW))),
        Arc::new(course_export::engine::ids::SequentialIds(
            std::sync::atomic::AtomicU64::new(1),
        )),
        Arc::new(NoDialogs),
        Persisted::default(),
        Some(sample()),
    );
    settings_step(&mut app, "Check");
    settings_mut(&mut app).manifest_ids.mode = IdMode::Custom;
    settings_mut(&mut app).manifest_ids.identifier = "bad id".into();
    let out = env.tmp.path().join("out.zip");
    type_destination(&mut app, &out);
    app.apply(Action::Export);
    assert!(
        !app.is_exporting(),
        "invalid settings never start an export"
    );
    assert!(app.export_window().unwrap().showing_problems());
    settings_mut(&mut app).manifest_ids.mode = IdMode::New;

    export_to(&mut app, &env.tmp.path().join("out"));
    // ".zip" is added to a path without it.
    assert!(out.is_file());
    assert!(check_package(&out).ok());
    assert!(matches!(app.last_outcome(), Some(Outcome::Success { .. })));
    assert_eq!(app.history().runs.len(), 1);
    assert!(app.history().runs[0].at >= NOW);
    assert_eq!(app.archive_entries().len(), 1);
    assert_eq!(
        app.persisted().last_export_folder.as_deref(),
        Some(env.tmp.path())
    );

    // Export again repeats it to the same file.
    app.apply(Action::SwitchTab(Tab::History));
    app.apply(Action::ExportAgain(0));
    assert!(app.export_window().is_none(), "repeats without the window");
    wait_for_job(&mut app);
    let runs = &app.history().runs;
    assert_eq!(runs.len(), 2);
    assert_eq!(runs[0].outputs, vec![out.clone()]);
    assert_eq!(runs[0].settings, runs[1].settings);
    assert_eq!(app.archive_entries().len(), 2);

    // Archive: check, show manifest, save a copy, delete after asking.
    let archived = app.archive_entries()[0].path.clone();
    app.apply(Action::CheckPackage(archived.clone()));
    assert!(app.info_open());
    app.apply(Action::CloseInfo);
    app.apply(Action::ShowManifest(archived.clone()));
    assert!(app.info_open());
    app.apply(Action::CloseInfo);
    let copy = env.tmp.path().join("copy.zip");
    app.apply(Action::ArchiveSaveCopyTo {
        package: archived.clone(),
        dest: copy.clone(),
    });
    assert!(check_package(&copy).ok());
    app.apply(Action::AskDeleteArchived(archived.clone()));
    assert!(archived.exists(), "asks first");
    app.apply(Action::DeleteArchived(archived.clone()));
    assert!(!archived.exists());
    assert_eq!(app.archive_entries().len(), 1);
}

#[test]
fn reopen_restores_the_runs_settings_and_destination() {
    let env = env();
    let mut app = app(&env);
    settings_step(&mut app, "Again");
    settings_mut(&mut app).scorm_version = ScormVersion::Scorm2004_3rd;
    settings_mut(&mut app).reporting.debug = true;
    let out = env.tmp.path().join("again.zip");
    export_to(&mut app, &out);
    let saved = app.history().runs[0].settings.clone();
    app.apply(Action::CloseExportWindow);
    *settings_mut(&mut app) = Default::default();
    app.apply(Action::Reopen(0));
    assert_eq!(app.settings(), &saved);
    let w = app.export_window().unwrap();
    assert_eq!(w.step(), Step::Settings);
    assert_eq!(w.destination(), out.display().to_string());
}

#[test]
fn dialogs_fall_back_to_a_path_field_and_use_an_answer() {
    let env = env();
    let mut app = app(&env);
    app.apply(Action::OpenCourseDialog);
    wait_for_dialog(&mut app);
    assert!(app.course_path_field().is_some(), "no dialog: a path field");

    let chosen = env.tmp.path().join("chosen.zip");
    let mut app = app_with(
        &env,
        &sample(),
        Arc::new(FixedDialogs {
            folder: Some(sample()),
            save: Some(env.tmp.path().join("chosen")),
        }),
        Persisted::default(),
    );
    settings_step(&mut app, "Dialog");
    app.apply(Action::BrowseDestination);
    wait_for_dialog(&mut app);
    assert_eq!(
        app.export_window().unwrap().destination(),
        chosen.display().to_string()
    );
}

#[test]
fn a_course_that_does_not_load_keeps_the_previous_one_and_lists_the_problems() {
    let env = env();
    let mut app = app(&env);
    let bad = env.tmp.path().join("bad-course");
    std::fs::create_dir_all(&bad).unwrap();
    std::fs::write(bad.join("course.json"), "{ \"title\": 3 }").unwrap();
    app.apply(Action::OpenCourse(bad.clone()));
    assert!(app.course().is_some());
    let err = app.course_error().unwrap();
    assert_eq!(err.dir, bad);
    assert!(!err.problems.is_empty());
}

#[test]
fn per_section_runs_are_repeated_to_their_base_name() {
    let env = env();
    let app = app(&env);
    let course = app.course().unwrap().clone();
    let mut settings = course_export::engine::ExportSettings::default();
    settings.export_mode = ExportMode::MultiPerSection;
    let entry = HistoryEntry {
        at: 1,
        export_name: "x".into(),
        course_title: course.title.clone(),
        course_dir: course.root.clone(),
        outputs: vec![
            PathBuf::from("/out/pkg-welcome.zip"),
            PathBuf::from("/out/pkg-hazards.zip"),
        ],
        size: 1,
        duration_ms: 1,
        error: None,
        settings,
        destination: None,
        outcome: None,
    };
    assert_eq!(
        App::run_destination(&entry, Some(&course)),
        Some(PathBuf::from("/out/pkg.zip"))
    );
    assert_eq!(
        App::run_destination(&entry, None),
        Some(PathBuf::from("/out/pkg.zip"))
    );
}

#[test]
fn persisted_state_loads_old_files_and_zip_names_are_fixed() {
    let p: Persisted = serde_json::from_str("{}").unwrap();
    assert_eq!(p, Persisted::default());
    let p: Persisted = serde_json::from_str(r#"{"last_tab":"History"}"#).unwrap();
    assert_eq!(p.last_tab, Tab::History);
    assert_eq!(
        with_zip_extension(std::path::Path::new("/a/b")),
        PathBuf::from("/a/b.zip")
    );
    assert_eq!(
        with_zip_extension(std::path::Path::new("/a/b.ZIP")),
        PathBuf::from("/a/b.ZIP")
    );
}

/// Notices: one per concern (a successful open replaces "could not be opened"), successes
/// expire, errors stay until dismissed.
#[test]
fn notices_are_replaced_per_concern_and_successes_expire() {
    let env = env();
    let mut app = app(&env);
    let bad = env.tmp.path().join("bad");
    std::fs::create_dir_all(&bad).unwrap();
    std::fs::write(bad.join("course.json"), "{ not json").unwrap();
    app.apply(Action::OpenCourse(bad.clone()));
    app.apply(Action::OpenCourse(bad));
    let opened_fail = |a: &App| {
        a.notices()
            .iter()
            .filter(|n| n.text.contains("could not be opened"))
            .count()
    };
    assert_eq!(opened_fail(&app), 1, "{:?}", app.notices());
    app.apply(Action::OpenCourse(sample()));
    assert_eq!(opened_fail(&app), 0, "a successful open clears it");

    settings_step(&mut app, "Notices");
    app.apply(Action::SavePreset);
    app.apply(Action::SavePreset);
    let saved = |a: &App| {
        a.notices()
            .iter()
            .filter(|n| n.text.contains("saved"))
            .count()
    };
    assert_eq!(saved(&app), 1, "{:?}", app.notices());
    app.apply(Action::ExpireNotices(100.0));
    app.apply(Action::ExpireNotices(107.0));
    assert_eq!(saved(&app), 1, "not yet");
    app.apply(Action::ExpireNotices(108.5));
    assert_eq!(saved(&app), 0, "a success goes after 8 s");
}

/// A cancelled export is said as cancelled (studio and History), not as a failure; a new
/// Export window does not show the previous result.
#[test]
fn a_cancelled_export_is_cancelled_not_failed() {
    let env = env();
    // Enough media that the export is still running when Cancel arrives.
    let course = env.tmp.path().join("big");
    let noise: Vec<u8> = (0..40_000_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::create_dir_all(course.join("media")).unwrap();
    std::fs::write(
        course.join("course.json"),
        r#"{"title": "Big", "language": "en", "sections": [
            {"id": "a", "title": "A", "file": "a.md"}]}"#,
    )
    .unwrap();
    std::fs::write(course.join("a.md"), "# A\n\n[data](media/blob.bin)\n").unwrap();
    std::fs::write(course.join("media/blob.bin"), noise).unwrap();
    let mut app = app_with(&env, &course, Arc::new(NoDialogs), Persisted::default());
    settings_step(&mut app, "Cancel me");
    type_destination(&mut app, &env.tmp.path().join("c.zip"));
    app.apply(Action::Export);
    app.apply(Action::CancelExport);
    wait_for_job(&mut app);
    let run = &app.history().runs[0];
    assert!(
        matches!(app.last_outcome(), Some(Outcome::Cancelled)),
        "{:?}",
        app.last_outcome()
    );
    assert!(!env.tmp.path().join("c.zip").exists());
    assert_eq!(
        run.run_outcome(),
        course_export::engine::store::RunOutcome::Cancelled
    );
    assert_eq!(
        run.destination.as_deref(),
        Some(env.tmp.path().join("c.zip").as_path())
    );
    app.apply(Action::CloseExportWindow);
    app.apply(Action::OpenExportWindow(ExportGroup::Single));
    assert!(app.last_outcome().is_none(), "a new window starts clean");
}

/// Frames (a preview update each 10 ms of frame time, from 1 s) until the helper thread's plan
/// is taken; fails after `limit`.
fn until_planned(
    cache: &mut course_export::ui::testing::PreviewCache,
    course: &Arc<course_export::engine::course::Course>,
    s: &course_export::engine::ExportSettings,
    media: &course_export::engine::media::MediaOptions,
    started: std::time::Instant,
    limit: Duration,
) {
    let mut now = 1.0;
    while cache.planning() {
        assert!(started.elapsed() < limit, "the helper never answered");
        std::thread::sleep(Duration::from_millis(5));
        now += 0.01;
        cache.update(course, 1, s, media, false, now);
    }
}

/// A slow course is planned on a helper thread: the frame that asks returns at once (the
/// preview says it is updating) and a later frame takes the answer.
#[test]
fn slow_plans_run_off_the_ui_thread() {
    use course_export::engine::media::MediaOptions;
    use course_export::ui::testing::PreviewCache;
    let course = Arc::new(course_export::engine::load_course(&sample()).unwrap());
    let media = MediaOptions::default();
    let mut cache = PreviewCache::default();
    let mut s = course_export::engine::ExportSettings::default();
    s.completion_tracking.final_quiz = course.last_quiz_id().map(str::to_owned);
    // The first plan runs in the frame and measures itself; pretend it was slow.
    assert!(!cache.update(&course, 1, &s, &media, false, 0.0));
    assert!(!cache.packages.is_empty());
    cache.plan_ms = 500.0;
    s.scorm_version = ScormVersion::Scorm12;
    assert!(
        cache.update(&course, 1, &s, &media, false, 0.0),
        "debounced"
    );
    let started = std::time::Instant::now();
    assert!(
        cache.update(&course, 1, &s, &media, false, 1.0),
        "handed to a helper"
    );
    assert!(cache.planning());
    until_planned(
        &mut cache,
        &course,
        &s,
        &media,
        started,
        Duration::from_secs(30),
    );
    assert!(!cache.stale);
    assert!(
        cache.packages[0]
            .manifest
            .contains("<schemaversion>1.2</schemaversion>")
    );
}

/// A large course is planned on a helper thread from its first plan: the frame that opens the
/// Export window does not wait for it (it said "Updating…" for 10,000 sections before, after
/// a 0.9 s frame).
#[test]
fn a_large_course_is_planned_off_the_ui_thread_from_the_first_plan() {
    use course_export::engine::media::MediaOptions;
    use course_export::ui::testing::{LARGE_COURSE_SECTIONS, PreviewCache};
    let env = env();
    let dir = env.tmp.path().join("large");
    common::sections_course(&dir, "Large", LARGE_COURSE_SECTIONS, |i| {
        format!("Section {i}.\n")
    });
    let course = Arc::new(course_export::engine::load_course(&dir).unwrap());
    let media = MediaOptions::default();
    let s = course_export::engine::ExportSettings::default();
    let mut cache = PreviewCache::default();
    assert!(
        cache.update(&course, 1, &s, &media, false, 0.0),
        "the first plan waits for the settings to settle"
    );
    assert!(
        cache.packages.is_empty(),
        "nothing was planned in the frame"
    );
    let started = std::time::Instant::now();
    cache.update(&course, 1, &s, &media, false, 1.0);
    assert!(cache.planning(), "handed to a helper");
    until_planned(
        &mut cache,
        &course,
        &s,
        &media,
        started,
        Duration::from_secs(60),
    );
    assert_eq!(cache.packages.len(), 1);
    assert!(cache.packages[0].manifest.contains("<organizations"));
    assert!(cache.problems.is_empty());
}
