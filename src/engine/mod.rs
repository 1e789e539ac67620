//! The engine: everything that is not drawing. Never imports egui.

pub mod check;
pub mod clock;
pub mod course;
pub mod course_data;
pub mod error;
pub mod ids;
pub mod loader;
pub mod manifest;
pub mod media;
pub mod package;
pub mod player_assets;
pub mod render;
pub mod settings;
pub mod settings_group;
pub mod status_table;
pub mod store;
pub mod suspend_data;

pub use course::Course;
pub use error::{CourseError, ExportError, Problem};
pub use loader::load_course;
pub use settings::ExportSettings;

/// The sample course bundled with the app (used when no course is given).
pub fn sample_course_dir() -> std::path::PathBuf {
    // Installed builds look beside the executable first; a checkout uses the source tree.
    if let Ok(exe) = std::env::current_exe() {
        for dir in [
            exe.parent().map(|p| p.join("sample-course")),
            exe.parent()
                .and_then(|p| p.parent())
                .map(|p| p.join("share/course-export/sample-course")),
        ]
        .into_iter()
        .flatten()
        {
            if dir.join("course.json").is_file() {
                return dir;
            }
        }
    }
    std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/sample-course"))
}
