//! The desktop studio (feature `gui`): an eframe window that draws engine state and sends
//! commands to the engine. It holds no export logic of its own. (First version: the window
//! opens; the studio itself follows.)

use std::path::PathBuf;

/// Opens the studio window and runs it until the user closes it.
///
/// `course` is the course folder to open; `None` opens the last course (or the bundled sample).
pub fn run(course: Option<PathBuf>) -> Result<(), String> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_app_id("course-export")
            .with_title("Course Export Studio")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([1024.0, 640.0]),
        ..Default::default()
    };
    let title = course
        .map(|c| c.display().to_string())
        .unwrap_or_else(|| "the sample course".to_owned());
    eframe::run_ui_native("course-export", options, move |ui, _frame| {
        egui::CentralPanel::default().show(ui, |ui| {
            ui.heading("Course Export Studio");
            ui.label(format!("Course: {title}"));
        });
    })
    .map_err(|e| format!("could not open the studio window: {e}"))
}
