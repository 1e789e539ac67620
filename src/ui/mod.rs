//! The desktop studio (feature `gui`): an eframe window that draws engine state and sends
//! commands to the engine. It holds no export logic of its own.
//!
//! Layout of this module (one file per panel, as in egui_demo_app / rerun):
//! - [`app`]: [`App`] = persisted state ([`Persisted`]) + runtime state, and `eframe::App`.
//! - [`action`]: the [`Action`]s the drawing code emits; applied after drawing.
//! - `header`, `export_tab`, `export_window`, `history_tab`, `archive_tab`, `status_bar`: screens.
//! - [`panels`]: the seven settings groups of the Export window, one file each.
//! - `preview`, `xml_highlight`: the manifest preview.
//! - `job`: the background export thread. `dialogs`: native file dialogs (rfd), injectable.

pub mod action;
pub mod app;
mod archive_tab;
pub mod dialogs;
mod export_tab;
pub mod export_window;
mod header;
mod history_tab;
mod job;
pub mod panels;
mod presets_ui;
pub mod preview;
mod screen;
mod status_bar;
pub mod style;
pub mod xml_highlight;

use std::path::PathBuf;
use std::sync::Arc;

pub use action::Action;
pub use app::{App, Persisted, Tab};
pub use dialogs::{Dialogs, NoDialogs, RfdDialogs};

use crate::engine::clock::SystemClock;
use crate::engine::ids::RandomIds;
use crate::engine::store::StoreDirs;

/// The window icon, also shipped in `packaging/icons`.
const ICON_PNG: &[u8] = include_bytes!("../../assets/icon.png");

fn window_icon() -> Option<egui::IconData> {
    let img = image::load_from_memory_with_format(ICON_PNG, image::ImageFormat::Png).ok()?;
    let rgba = img.to_rgba8();
    let (width, height) = rgba.dimensions();
    Some(egui::IconData {
        rgba: rgba.into_raw(),
        width,
        height,
    })
}

/// Opens the studio window and runs it until the user closes it.
///
/// `course` is the course folder to open; `None` opens the last course (or the bundled sample).
pub fn run(course: Option<PathBuf>) -> Result<(), String> {
    let mut viewport = egui::ViewportBuilder::default()
        .with_app_id("course-export")
        .with_title("Course Export Studio")
        .with_inner_size([1280.0, 800.0])
        .with_min_inner_size([1024.0, 640.0]);
    if let Some(icon) = window_icon() {
        viewport = viewport.with_icon(Arc::new(icon));
    }
    let options = eframe::NativeOptions {
        viewport,
        ..Default::default()
    };
    let dirs = StoreDirs::from_env_or_platform();
    eframe::run_native(
        "course-export",
        options,
        Box::new(move |cc| {
            let persisted = cc
                .storage
                .and_then(|s| eframe::get_value::<Persisted>(s, eframe::APP_KEY))
                .unwrap_or_default();
            let app = App::new(
                dirs,
                Arc::new(SystemClock),
                Arc::new(RandomIds),
                Arc::new(RfdDialogs),
                persisted,
                course,
            );
            app.install_style(&cc.egui_ctx);
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| format!("could not open the studio window: {e}"))
}
