//! The seven settings groups of the Export window, one file each. Each group is one function
//! taking only what it edits (its part of `ExportSettings`) plus read-only context. Their
//! order, titles and which fields each one shows are `engine::settings_group::SettingsGroup`.

mod analytics;
mod completion;
mod content;
mod manifest_ids;
mod media;
mod reporting;
mod scorm_version;

pub use analytics::analytics_ui;
pub use completion::completion_ui;
pub use content::content_ui;
pub use manifest_ids::manifest_ids_ui;
pub use media::{PublishedMedia, media_ui};
pub use reporting::reporting_ui;
pub use scorm_version::scorm_version_ui;
