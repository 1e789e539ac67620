//! Snapshots of the Export window, History and Archive with the sample course, at 1280×800 and
//! 1024×640, rendered headless (wgpu on llvmpipe). A fixed clock, fixed ids and fixed paths make
//! them reproducible; `kittest.toml` sets the threshold.
//!
//! Update after an intended change: `UPDATE_SNAPSHOTS=1 cargo test --test ui_snapshots`.
//! The Export window and the Archive show package sizes, so a change to the player's assets
//! changes these snapshots too (look at the `.diff.png` before updating: only sizes may move).
#![cfg(feature = "gui")]
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may fail loudly

mod ui_support;

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use course_export::engine::ExportSettings;
use course_export::engine::clock::FixedClock;
use course_export::engine::settings::{ExportMode, ScormVersion, StatusFormat, TrackingMode};
use course_export::engine::store::{History, HistoryEntry};
use course_export::ui::testing::{
    self, Action, App, ExportGroup, NoDialogs, Persisted, Tab, settings_mut, type_destination,
};
use egui_kittest::SnapshotResults;
use egui_kittest::kittest::Queryable as _;
use ui_support::*;

const SIZES: [(f32, f32); 3] = [(1280.0, 800.0), (1024.0, 640.0), (640.0, 480.0)];

/// The sample course and an export folder at fixed paths, so the paths drawn never change.
fn fixed_paths() -> (PathBuf, PathBuf) {
    static PATHS: OnceLock<(PathBuf, PathBuf)> = OnceLock::new();
    PATHS
        .get_or_init(|| {
            // Not `temp_dir()`: a CI machine with another TMPDIR would draw another path.
            let root = if cfg!(unix) {
                PathBuf::from("/tmp/course-export-snapshots")
            } else {
                std::env::temp_dir().join("course-export-snapshots")
            };
            let course = root.join("sample-course");
            let exports = root.join("exports");
            copy_dir(&sample(), &course);
            std::fs::create_dir_all(&exports).unwrap();
            (course, exports)
        })
        .clone()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let dest = to.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &dest);
        } else if std::fs::read(&dest).ok() != std::fs::read(e.path()).ok() {
            // Only changed files, through a rename: a course being read is never half-written.
            let tmp = dest.with_extension("copying");
            std::fs::copy(e.path(), &tmp).unwrap();
            std::fs::rename(&tmp, &dest).unwrap();
        }
    }
}

fn snapshot_app(env: &Env, tab: Tab) -> App {
    let (course, exports) = fixed_paths();
    let state = Persisted {
        last_tab: tab,
        last_export_folder: Some(exports),
        ..Persisted::default()
    };
    app_with(env, &course, Arc::new(NoDialogs), state)
}

fn name(what: &str, size: (f32, f32)) -> String {
    format!("{what}_{}x{}", size.0, size.1)
}

#[test]
fn export_window() {
    let mut results = SnapshotResults::new();
    for size in SIZES {
        let env = env();
        let mut h = harness_for(snapshot_app(&env, Tab::Export), size);
        h.run();
        results.add(h.try_snapshot(name("export_tab", size)));
        open_export_window(&mut h, None);
        h.remove_cursor();
        h.run();
        results.add(h.try_snapshot(name("export_window", size)));
    }
}

#[test]
fn export_window_name_step_and_quiz_tracking() {
    let mut results = SnapshotResults::new();
    let env = env();
    let mut h = harness_for(snapshot_app(&env, Tab::Export), SIZES[0]);
    h.get_by_label("SCORM (Multi export)").click();
    h.remove_cursor();
    h.run();
    results.add(h.try_snapshot("export_name_step"));
    h.get_by_label("Continue").click();
    h.run();
    choose(&mut h, "Track progress and completion", "Quiz results");
    choose(&mut h, "SCORM version", "SCORM 1.2");
    h.remove_cursor();
    h.run();
    results.add(h.try_snapshot("export_window_multi_quiz"));
}

fn history_entry(
    course: &Path,
    at: u64,
    name: &str,
    f: impl FnOnce(&mut HistoryEntry),
) -> HistoryEntry {
    let mut settings = ExportSettings::default();
    settings.export_name = name.to_owned();
    let mut e = HistoryEntry {
        at,
        export_name: name.to_owned(),
        course_title: "Workplace Safety Basics".into(),
        course_dir: course.to_path_buf(),
        outputs: vec![PathBuf::from(format!(
            "/home/designer/Exports/Workplace Safety Basics - {name}.zip"
        ))],
        size: 496_000,
        duration_ms: 1_240,
        error: None,
        settings,
        destination: None,
        outcome: None,
    };
    f(&mut e);
    e
}

#[test]
fn history() {
    let mut results = SnapshotResults::new();
    for size in SIZES {
        let env = env();
        let (course, _) = fixed_paths();
        let clock = FixedClock(NOW);
        let (mut hist, _) = History::load(&env.dirs.data, &clock);
        let entries = [
            history_entry(&course, NOW - 86_400 * 3, "Moodle", |e| {
                e.settings.scorm_version = ScormVersion::Scorm12;
            }),
            history_entry(&course, NOW - 86_400 * 2, "Cornerstone", |e| {
                e.settings.scorm_version = ScormVersion::Scorm2004_3rd;
                e.settings.completion_tracking.mode = TrackingMode::QuizResults;
                e.settings.reporting.status_format = StatusFormat::PassedFailed;
            }),
            history_entry(&course, NOW - 7_200, "Per section", |e| {
                e.settings.export_mode = ExportMode::MultiPerSection;
                e.outputs = vec![
                    PathBuf::from("/home/designer/Exports/safety-welcome.zip"),
                    PathBuf::from("/home/designer/Exports/safety-hazards.zip"),
                ];
                e.duration_ms = 65_000;
            }),
            history_entry(&course, NOW - 600, "Moodle", |e| {
                e.error = Some("media file media/walk-through.mp4: ffmpeg was not found".into());
                e.outputs.clear();
                e.size = 0;
            }),
        ];
        for e in entries {
            hist.record(e).unwrap();
        }
        let mut h = harness_for(snapshot_app(&env, Tab::History), size);
        h.run();
        results.add(h.try_snapshot(name("history", size)));
    }
}

#[test]
fn archive() {
    let mut results = SnapshotResults::new();
    for size in SIZES {
        let env = env();
        let (_, exports) = fixed_paths();
        let mut app = snapshot_app(&env, Tab::Archive);
        // Two real exports under two names fill the archive.
        for (name, version) in [
            ("Moodle", ScormVersion::Scorm12),
            ("SCORM Cloud", ScormVersion::Scorm2004_4th),
        ] {
            testing::open_settings(&mut app, ExportGroup::Single, name);
            settings_mut(&mut app).scorm_version = version;
            type_destination(&mut app, &exports.join(format!("{name}.zip")));
            app.apply(Action::Export);
            // The fixed export folder keeps the packages of earlier runs: replace them.
            if app.confirm().is_some() {
                app.apply(Action::ExportReplacing);
            }
            testing::wait_for_export(&mut app, std::time::Duration::from_secs(120));
            app.apply(Action::CloseExportWindow);
        }
        testing::clear_messages(&mut app);
        assert_eq!(app.archive_entries().len(), 2);
        let mut h = harness_for(app, size);
        h.run();
        results.add(h.try_snapshot(name("archive", size)));
    }
}
