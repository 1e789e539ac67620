//! The desktop studio (feature `gui`): an eframe window that draws engine state and sends
//! commands to the engine. It holds no export logic of its own.
//!
//! Read it top-down: the app imports the views, a view imports only its own parts and the
//! leaves (and the engine), and nothing imports the app but `testing`.
//! - `app`: the [`App`] type, whose fields only `app/` sees. `app/mod.rs` holds the state and
//!   the frame loop, `app/draw.rs` lays out a frame and hands each view a narrow context,
//!   `app/apply.rs` carries out the [`Action`]s the views return, `app/export.rs` starts an
//!   export and records its end in History and Archive.
//! - The views, each taking only what it shows (and the text it edits), returning actions:
//!   `header`, `export_tab`, `export_window` (with `panels`, one file per settings group, and
//!   `preview` with `xml_highlight`), `presets_ui`, `history_tab`, `archive_tab`, `status_bar`,
//!   `try_panel` (the test LMS's live outcome).
//! - Leaves: [`action`] ([`Action`], [`Tab`], [`ExportGroup`]), `notice` (the banners), `job` (the export thread and
//!   its [`Outcome`](testing::Outcome)), [`dialogs`] (native file dialogs, injectable), `style`.
//! - [`testing`]: what tests and benches use to drive the studio without reaching into it.

pub mod action;
mod app;
mod archive_tab;
pub mod dialogs;
mod export_tab;
mod export_window;
mod header;
mod history_tab;
mod job;
mod notice;
mod panels;
mod presets_ui;
mod preview;
mod status_bar;
mod style;
pub mod testing;
mod try_panel;
mod xml_highlight;

use std::path::PathBuf;
use std::sync::Arc;

pub use action::{Action, ExportGroup, Tab};
pub use app::{App, Persisted};
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
        .with_min_inner_size([960.0, 560.0]);
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
