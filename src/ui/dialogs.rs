//! Native file dialogs. They run on a helper thread so the window keeps drawing while one is
//! open. `None` means cancelled, or that no dialog could be shown (no portal, no zenity): the UI
//! then offers a path field, so choosing a file is never a silent no-op.

use std::path::{Path, PathBuf};

/// Where file and folder choices come from (rfd in the app; a fixed answer in tests).
pub trait Dialogs: Send + Sync {
    fn pick_folder(&self, title: &str, start: Option<&Path>) -> Option<PathBuf>;
    fn save_file(&self, title: &str, start_dir: Option<&Path>, file_name: &str) -> Option<PathBuf>;
    /// A SCORM zip to open (Try a package…). Default: no dialog (the path field is offered).
    fn pick_package(&self, _title: &str, _start: Option<&Path>) -> Option<PathBuf> {
        None
    }
    /// Show `url` in the desktop's browser; an error says why (the address is then shown to
    /// open by hand).
    fn open_url(&self, url: &str) -> Result<(), String> {
        crate::engine::tryout::open_in_browser(url).map_err(|e| e.to_string())
    }
}

/// The platform's dialogs through rfd (xdg-desktop-portal, or zenity, on Linux).
pub struct RfdDialogs;

impl Dialogs for RfdDialogs {
    fn pick_folder(&self, title: &str, start: Option<&Path>) -> Option<PathBuf> {
        let mut d = rfd::FileDialog::new().set_title(title);
        if let Some(dir) = start.filter(|d| d.is_dir()) {
            d = d.set_directory(dir);
        }
        d.pick_folder()
    }

    fn save_file(&self, title: &str, start_dir: Option<&Path>, file_name: &str) -> Option<PathBuf> {
        let mut d = rfd::FileDialog::new()
            .set_title(title)
            .set_file_name(file_name)
            .add_filter("SCORM package", &["zip"]);
        if let Some(dir) = start_dir.filter(|d| d.is_dir()) {
            d = d.set_directory(dir);
        }
        d.save_file()
    }

    fn pick_package(&self, title: &str, start: Option<&Path>) -> Option<PathBuf> {
        let mut d = rfd::FileDialog::new()
            .set_title(title)
            .add_filter("SCORM package", &["zip"]);
        if let Some(dir) = start.filter(|d| d.is_dir()) {
            d = d.set_directory(dir);
        }
        d.pick_file()
    }
}

/// No dialogs at all (tests, or a machine without a portal): every request returns `None`.
pub struct NoDialogs;

impl Dialogs for NoDialogs {
    fn pick_folder(&self, _title: &str, _start: Option<&Path>) -> Option<PathBuf> {
        None
    }
    fn save_file(&self, _: &str, _: Option<&Path>, _: &str) -> Option<PathBuf> {
        None
    }
    fn open_url(&self, _url: &str) -> Result<(), String> {
        Err("no browser is opened from here".into())
    }
}

/// Always answers with the same paths (tests).
pub struct FixedDialogs {
    pub folder: Option<PathBuf>,
    pub save: Option<PathBuf>,
}

impl Dialogs for FixedDialogs {
    fn pick_folder(&self, _title: &str, _start: Option<&Path>) -> Option<PathBuf> {
        self.folder.clone()
    }
    fn save_file(&self, _: &str, _: Option<&Path>, _: &str) -> Option<PathBuf> {
        self.save.clone()
    }
}

/// What a pending dialog was opened for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DialogPurpose {
    OpenCourse,
    ExportDestination,
    /// Save a copy of this archived package.
    ArchiveCopy(PathBuf),
    /// Try a package… in the test LMS.
    TryPackage,
}

/// A dialog running on its helper thread.
pub struct PendingDialog {
    pub purpose: DialogPurpose,
    pub rx: std::sync::mpsc::Receiver<Option<PathBuf>>,
}
