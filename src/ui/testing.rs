//! Test utilities for the studio (as rerun's viewer test utilities): the types a test looks
//! at, and helpers that do what a user does by typing or clicking, so tests and benches never
//! set the app's fields. Build the app with [`App::new`] and injected folders, clock, ids and
//! dialogs ([`NoDialogs`], [`FixedDialogs`]); drive it with [`App::apply`] and
//! [`App::poll_background`]; read it with the `App` getters.

use std::path::Path;
use std::time::{Duration, Instant};

pub use super::action::{Action, ExportGroup, Tab};
pub use super::app::{App, Confirm, CourseLoadError, Notice, NoticeLevel, Persisted};
pub use super::dialogs::{Dialogs, FixedDialogs, NoDialogs};
pub use super::export_window::{ExportWindow, Step};
pub use super::job::{Outcome, with_zip_extension};
pub use super::preview::{FileRow, LARGE_COURSE_SECTIONS, PackagePreview, PreviewCache};
use crate::engine::ExportSettings;
use crate::engine::store::History;

/// Type the export name into the open window's name step.
pub fn type_export_name(app: &mut App, name: &str) {
    if let Some(w) = app.export_window_mut() {
        w.name_input = name.to_owned();
    }
}

/// Type a path into "Save to" (the export name then no longer renames it).
pub fn type_destination(app: &mut App, path: &Path) {
    if let Some(w) = app.export_window_mut() {
        w.destination = path.display().to_string();
        w.destination_edited = true;
    }
}

/// The settings, as the panels of the Export window edit them.
pub fn settings_mut(app: &mut App) -> &mut ExportSettings {
    app.settings_mut()
}

/// Open the Export window from `group`, name the export and go on to the settings.
pub fn open_settings(app: &mut App, group: ExportGroup, name: &str) {
    app.apply(Action::OpenExportWindow(group));
    type_export_name(app, name);
    app.apply(Action::ConfirmExportName);
}

/// Put a prepared History in place (benches fill it with many runs).
pub fn replace_history(app: &mut App, history: History) {
    app.replace_history(history);
}

/// Dismiss every notice and forget the last export's result (a clean window for snapshots).
pub fn clear_messages(app: &mut App) {
    app.clear_messages();
}

/// Poll as frames do until the running export ends. Panics after `timeout`.
pub fn wait_for_export(app: &mut App, timeout: Duration) {
    wait_until(app, timeout, "the export", |a| !a.is_exporting());
}

/// Poll as frames do until the open file dialog answers. Panics after `timeout`.
pub fn wait_for_dialog(app: &mut App, timeout: Duration) {
    wait_until(app, timeout, "the file dialog", |a| !a.dialog_pending());
}

fn wait_until(app: &mut App, timeout: Duration, what: &str, done: impl Fn(&App) -> bool) {
    let start = Instant::now();
    while !done(app) {
        assert!(start.elapsed() < timeout, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(5));
        app.poll_background();
    }
}
