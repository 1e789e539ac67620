//! What the drawing code asks for: the [`Action`]s, and the two small enums they speak of
//! ([`Tab`], [`ExportGroup`]). This file is a leaf: it knows nothing of the app. Drawing
//! collects actions; `app/apply.rs` carries them out after the frame is drawn.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::engine::settings::ExportMode;

/// The three tabs of the main window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Tab {
    #[default]
    Export,
    History,
    Archive,
}

impl Tab {
    pub const ALL: [Tab; 3] = [Tab::Export, Tab::History, Tab::Archive];

    pub fn label(self) -> &'static str {
        match self {
            Tab::Export => "Export",
            Tab::History => "History",
            Tab::Archive => "Archive",
        }
    }
}

/// Which Export-tab group opened the Export window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportGroup {
    Single,
    Multi,
}

impl ExportGroup {
    pub fn label(self) -> &'static str {
        match self {
            ExportGroup::Single => "Single export",
            ExportGroup::Multi => "Multi export",
        }
    }

    /// The group a mode belongs to.
    pub fn of_mode(mode: ExportMode) -> Self {
        match mode {
            ExportMode::Single => ExportGroup::Single,
            ExportMode::Multi | ExportMode::MultiPerSection => ExportGroup::Multi,
        }
    }

    /// The mode this group stands for, keeping the per-section choice within Multi export.
    pub fn mode(self, current: ExportMode) -> ExportMode {
        match (self, current) {
            (ExportGroup::Single, _) => ExportMode::Single,
            (ExportGroup::Multi, ExportMode::MultiPerSection) => ExportMode::MultiPerSection,
            (ExportGroup::Multi, _) => ExportMode::Multi,
        }
    }
}

/// One thing the user asked for. Drawing never changes app-level state itself: it returns
/// actions, and the app applies them after the frame.
#[must_use]
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    SwitchTab(Tab),
    /// Open course…: the native folder dialog (path field when it gives nothing).
    OpenCourseDialog,
    OpenCourse(PathBuf),
    CloseCoursePathField,
    ToggleTheme,
    /// The SCORM button of the Single / Multi export group.
    OpenExportWindow(ExportGroup),
    CloseExportWindow,
    /// The export name was entered: load that preset if it exists, then show the settings.
    ConfirmExportName,
    SavePreset,
    /// Load a preset into the settings (and open the export window on it).
    LoadPreset(String),
    StartRenamePreset(String),
    CancelRenamePreset,
    RenamePreset {
        old: String,
        new: String,
    },
    DuplicatePreset(String),
    AskDeletePreset(String),
    DeletePreset(String),
    /// Manifest ids: a new random salt, so the derived ids change.
    RegenerateIds,
    /// Browse… for the export destination.
    BrowseDestination,
    /// Validate, save the preset, then export in the background.
    Export,
    CancelExport,
    /// The export may replace the existing packages it was asked about.
    ExportReplacing,
    /// Export beside the existing packages under a free name ("… (2).zip").
    ExportKeepingBoth,
    OpenFolder(PathBuf),
    /// History: load a run's settings exactly (and its course). The index is into
    /// `History::runs`.
    Reopen(usize),
    /// History: run the same export again.
    ExportAgain(usize),
    /// Archive: read the archive folder again.
    RefreshArchive,
    ArchiveSaveCopy(PathBuf),
    ArchiveSaveCopyTo {
        package: PathBuf,
        dest: PathBuf,
    },
    CloseArchiveCopyField,
    ShowManifest(PathBuf),
    CheckPackage(PathBuf),
    AskDeleteArchived(PathBuf),
    DeleteArchived(PathBuf),
    /// Play this package in the test LMS (opens the browser; the studio shows the outcome).
    TryPackage(PathBuf),
    /// Try a package…: choose any SCORM zip.
    TryPackageDialog,
    CloseTryPathField,
    /// Stop the test LMS.
    StopTry,
    /// Open the running test LMS page in the browser again.
    OpenTryPage,
    CloseConfirm,
    CloseInfo,
    DismissNotice(usize),
    /// Frame time now (seconds): notices seen for the first time start their clock, expired
    /// successes and infos go.
    ExpireNotices(f64),
}
