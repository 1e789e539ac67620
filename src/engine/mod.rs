//! The engine: everything that is not drawing. Never imports egui.
//!
//! The public surface is what the CLI, the benches, the tests and the studio need: the modules
//! below marked `pub`, plus the few items of internal modules re-exported here. The rest is
//! `pub(crate)`: how a package is put together may change without breaking a caller.

// Public: a caller loads a course, edits settings, plans and exports packages, checks a zip,
// and keeps presets, history and the archive.
pub mod check;
pub mod clock;
/// Captions and posters found beside a video or audio file.
pub mod companions;
pub mod course;
pub mod dest_guard;
pub mod error;
pub mod href;
pub mod id_check;
pub mod ids;
pub mod media;
/// Export names and the readable, portable file names made from them.
pub mod names;
pub mod package;
/// Poster frames: which videos get one, under which name.
pub mod posters;
pub mod settings;
pub mod settings_file;
/// Which group of the Export tab each setting belongs to (one table for the studio).
pub mod settings_group;
/// The status table the player follows; the studio shows it.
pub mod status_table;
pub mod store;
pub mod text_file;
/// The built-in test LMS (`course-export try`): serves a package on 127.0.0.1.
pub mod tryout;
pub mod xml_chars;

// Internal: the parts of a package and how the course is read.
pub(crate) mod course_data;
pub(crate) mod loader;
pub(crate) mod manifest;
pub(crate) mod player_assets;
/// Renaming finished packages into place, all or nothing; stale temp files of killed exports.
pub(crate) mod publish;
pub(crate) mod render;
pub(crate) mod suspend_data;

pub use course::Course;
pub use error::{CourseError, ExportError, Problem};
pub use loader::load_course;
/// A plan's SCOs (`PackagePlan::scos`).
pub use manifest::Sco;
/// The launch page a package holds for a SCO (tests compare packaged pages with it).
pub use player_assets::launch_page;
pub use settings::ExportSettings;
/// The worst-case `suspend_data` length of a SCO and the limit an LMS must store.
pub use suspend_data::{limit as suspend_data_limit, worst_case_len as suspend_data_worst_case};

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
