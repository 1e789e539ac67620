//! The seven settings groups of the Export window, in the Parta.io order. Each group is one
//! function taking only what it edits (its part of `ExportSettings`) plus read-only context.

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
pub use media::media_ui;
pub use reporting::{reporting_ui, status_table_ui};
pub use scorm_version::scorm_version_ui;

use crate::engine::settings::SettingField;

/// The groups, as numbered in the window, with the fields whose problems each one shows.
pub const GROUPS: [(&str, &[SettingField]); 7] = [
    ("1. SCORM version", &[]),
    ("2. Extended analytics", &[]),
    (
        "3. Completion tracking",
        &[SettingField::PassThreshold, SettingField::FinalQuiz],
    ),
    ("4. Content to publish", &[SettingField::Content]),
    ("5. Media resource resolution", &[]),
    (
        "6. Data and reporting",
        &[
            SettingField::StatusFormat,
            SettingField::SaveOn,
            SettingField::SaveInterval,
        ],
    ),
    (
        "7. Manifest identifiers",
        &[
            SettingField::Identifier,
            SettingField::OrganizationId,
            SettingField::ItemId,
        ],
    ),
];
