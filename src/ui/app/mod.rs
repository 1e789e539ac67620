//! The app: persisted state ([`Persisted`], saved by eframe) plus runtime state (the course,
//! presets, history, archive, the export window and the running export). Its fields are private
//! to this module: the views in `ui/` get narrow contexts built in `draw.rs`, and only the
//! `apply.rs` / `export.rs` code changes the app.
//!
//! - `draw.rs`: lays out one frame and collects `Action`s.
//! - `apply.rs`: carries out one `Action` (presets, dialogs, history, archive).
//! - `export.rs`: starts, spawns and finishes an export job, writing History and Archive.

mod apply;
mod draw;
mod export;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};

use serde::{Deserialize, Serialize};

use super::action::Tab;
use super::dialogs::{Dialogs, PendingDialog};
use super::export_window::ExportWindow;
use super::history_tab::HistoryTab;
use super::job::{ExportJob, Outcome};
use crate::engine::check::CheckReport;
use crate::engine::clock::Clock;
use crate::engine::course::Course;
use crate::engine::ids::IdSource;
use crate::engine::settings::ExportSettings;
use crate::engine::store::{Archive, ArchiveEntry, History, Presets, StoreDirs};
use crate::engine::{load_course, sample_course_dir};

/// What survives a restart (eframe storage, `app.ron`). New fields get defaults, so old files load.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Persisted {
    pub last_course: Option<PathBuf>,
    pub last_tab: Tab,
    /// Most recent first.
    pub recent_courses: Vec<PathBuf>,
    pub last_export_folder: Option<PathBuf>,
    pub last_export_name: Option<String>,
    pub dark_mode: bool,
}

impl Default for Persisted {
    fn default() -> Self {
        Self {
            last_course: None,
            last_tab: Tab::Export,
            recent_courses: Vec::new(),
            last_export_folder: None,
            last_export_name: None,
            dark_mode: false,
        }
    }
}

/// How many recent courses the header lists.
const RECENT_MAX: usize = 8;

/// A course that loaded.
struct LoadedCourse {
    dir: PathBuf,
    course: Arc<Course>,
    /// Bumped on every load, so caches keyed on it refresh.
    generation: u64,
}

/// A course folder that did not load, with every problem.
#[derive(Debug, Clone)]
pub struct CourseLoadError {
    pub dir: PathBuf,
    pub problems: Vec<String>,
}

pub use super::notice::{Concern, Notice, NoticeLevel};

/// A question asked before something irreversible.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirm {
    DeletePreset(String),
    DeleteArchived(PathBuf),
    /// Export would replace these existing files: Replace, Keep both or Cancel.
    ReplacePackages {
        existing: Vec<PathBuf>,
    },
}

/// A read-only dialog (archive: manifest or check result).
enum InfoDialog {
    Manifest {
        title: String,
        text: String,
        lines: Vec<egui::text::LayoutJob>,
    },
    Check {
        title: String,
        report: CheckReport,
    },
}

/// The studio.
pub struct App {
    state: Persisted,
    dirs: StoreDirs,
    clock: Arc<dyn Clock>,
    ids: Arc<dyn IdSource>,
    dialogs: Arc<dyn Dialogs>,

    course: Option<LoadedCourse>,
    course_error: Option<CourseLoadError>,
    /// The settings being edited (the export window's panels edit these).
    settings: ExportSettings,
    presets: Presets,
    history: History,
    archive: Archive,
    archive_entries: Vec<ArchiveEntry>,

    notices: Vec<Notice>,
    export_window: Option<ExportWindow>,
    history_tab: HistoryTab,
    job: Option<ExportJob>,
    last_outcome: Option<Outcome>,
    confirm: Option<Confirm>,
    info: Option<InfoDialog>,
    /// The "type a path" fallback of Open course…: `Some(text)` while shown.
    course_path_field: Option<String>,
    /// The "type a path" fallback of Save a copy as…: the package and the typed destination.
    archive_copy_field: Option<(PathBuf, String)>,
    /// Preset being renamed and the new name typed so far.
    renaming: Option<(String, String)>,
    pending_dialog: Option<PendingDialog>,
    /// The user agreed to replace the existing packages of the export about to start.
    replace_confirmed: bool,
    /// The test LMS, while one runs (Try in LMS).
    tryout: Option<super::try_panel::TryRun>,
    /// The "type a path" fallback of Try a package…: `Some(text)` while shown.
    try_path_field: Option<String>,

    /// Notices from helper threads (Open folder).
    notice_tx: Sender<Notice>,
    notice_rx: Receiver<Notice>,
    /// The egui context, once known (lets background threads ask for a repaint).
    egui_ctx: Option<egui::Context>,
    style_installed: bool,
    generation: u64,
}

impl App {
    /// Build the app. `dirs`, `clock`, `ids` and `dialogs` are injected so tests use temporary
    /// folders, a fixed time, fixed ids and no native dialogs. `course` (from the command line)
    /// wins over the last course; the bundled sample opens when there is neither.
    pub fn new(
        dirs: StoreDirs,
        clock: Arc<dyn Clock>,
        ids: Arc<dyn IdSource>,
        dialogs: Arc<dyn Dialogs>,
        state: Persisted,
        course: Option<PathBuf>,
    ) -> Self {
        let (presets, presets_notice) = Presets::load(&dirs.config, clock.as_ref());
        let (history, history_notice) = History::load(&dirs.data, clock.as_ref());
        let archive = Archive::new(&dirs.data);
        let (notice_tx, notice_rx) = channel();
        let mut app = Self {
            state,
            clock,
            ids,
            dialogs,
            course: None,
            course_error: None,
            settings: ExportSettings::default(),
            presets,
            history,
            archive_entries: archive.list(),
            archive,
            notices: Vec::new(),
            export_window: None,
            history_tab: HistoryTab::default(),
            job: None,
            last_outcome: None,
            confirm: None,
            info: None,
            course_path_field: None,
            archive_copy_field: None,
            renaming: None,
            pending_dialog: None,
            replace_confirmed: false,
            tryout: None,
            try_path_field: None,
            notice_tx,
            notice_rx,
            egui_ctx: None,
            style_installed: false,
            generation: 0,
            dirs,
        };
        for n in [presets_notice, history_notice].into_iter().flatten() {
            app.notify(NoticeLevel::Warning, n);
        }
        // The last used preset's settings are the starting point.
        if let Some(name) = app.state.last_export_name.clone()
            && let Some(p) = app.presets.get(&name)
        {
            app.settings = p.settings.clone();
        }
        let explicit = course.is_some();
        let dir = course
            .or_else(|| {
                app.state
                    .last_course
                    .clone()
                    .filter(|d| d.join("course.json").is_file())
            })
            .unwrap_or_else(sample_course_dir);
        app.open_course(&dir);
        if app.course.is_none() && !explicit && dir != sample_course_dir() {
            app.open_course(&sample_course_dir());
        }
        app
    }

    /// Theme and spacing.
    pub fn install_style(&self, ctx: &egui::Context) {
        super::style::apply(ctx);
        ctx.set_theme(if self.state.dark_mode {
            egui::Theme::Dark
        } else {
            egui::Theme::Light
        });
    }

    fn notify(&mut self, level: NoticeLevel, text: impl Into<String>) {
        self.notify_about(Concern::Other, level, text);
    }

    /// Show a notice; it replaces an earlier one about the same concern (and the same text
    /// is never shown twice).
    fn notify_about(&mut self, concern: Concern, level: NoticeLevel, text: impl Into<String>) {
        let text = text.into();
        self.notices
            .retain(|n| n.text != text && (concern == Concern::Other || n.concern != concern));
        self.notices.push(Notice {
            level,
            text,
            concern,
            shown_at: None,
        });
        if self.notices.len() > 4 {
            self.notices.remove(0);
        }
    }

    /// Forget the notices about `concern` (it was resolved).
    fn clear_concern(&mut self, concern: Concern) {
        self.notices.retain(|n| n.concern != concern);
    }

    /// Load a course folder; on failure keep the previous course and show every problem.
    fn open_course(&mut self, dir: &Path) {
        match load_course(dir) {
            Ok(course) => {
                self.generation += 1;
                let dir = course.root.clone();
                // A final quiz that is not in this course would only be an error: default it.
                let t = &mut self.settings.completion_tracking;
                if t.final_quiz
                    .as_deref()
                    .is_none_or(|q| course.section(q).is_none_or(|s| !s.is_quiz()))
                {
                    t.final_quiz = course.last_quiz_id().map(str::to_owned);
                }
                self.settings
                    .content
                    .excluded_sections
                    .retain(|id| course.section(id).is_some());
                self.course = Some(LoadedCourse {
                    dir: dir.clone(),
                    course: Arc::new(course),
                    generation: self.generation,
                });
                self.course_error = None;
                self.course_path_field = None;
                self.clear_concern(Concern::Course);
                self.state.last_course = Some(dir.clone());
                self.state.recent_courses.retain(|d| d != &dir);
                self.state.recent_courses.insert(0, dir);
                self.state.recent_courses.truncate(RECENT_MAX);
            }
            Err(e) => {
                self.course_error = Some(CourseLoadError {
                    dir: dir.to_path_buf(),
                    problems: e.problems(),
                });
                self.notify_about(
                    Concern::Course,
                    NoticeLevel::Error,
                    format!(
                        "The course could not be opened ({} problem(s)); see the list below. {}",
                        e.problems().len(),
                        dir.display()
                    ),
                );
            }
        }
    }

    /// Background work, once per frame before drawing: export progress, dialog answers,
    /// notices from helper threads.
    pub fn logic(&mut self, ctx: &egui::Context) {
        if self.egui_ctx.is_none() {
            self.egui_ctx = Some(ctx.clone());
        }
        self.poll_background();
    }

    /// The non-drawing part of [`Self::logic`] (also usable without an egui context).
    pub fn poll_background(&mut self) {
        if let Some(job) = &mut self.job
            && let Some(end) = job.poll()
        {
            self.finish_job(end);
        }
        if let Some(p) = &self.pending_dialog
            && let Ok(answer) = p.rx.try_recv()
        {
            let purpose = p.purpose.clone();
            self.pending_dialog = None;
            self.dialog_answered(purpose, answer);
        }
        while let Ok(n) = self.notice_rx.try_recv() {
            self.notify_about(n.concern, n.level, n.text);
        }
        self.settle_export_window();
    }

    /// Run one frame: background work, drawing, then the actions the drawing asked for.
    pub fn frame(&mut self, ui: &mut egui::Ui) {
        self.logic(ui.ctx());
        self.draw_and_apply(ui);
    }

    /// Draw, then apply the actions the drawing asked for (eframe's `ui` and `frame` share it).
    fn draw_and_apply(&mut self, ui: &mut egui::Ui) {
        let actions = self.draw(ui);
        for a in actions {
            self.apply(a);
        }
        // What the panels edited this frame (export name, mode) shows in the next one.
        self.settle_export_window();
        if self.job.is_some() || self.pending_dialog.is_some() {
            // Progress arrives from other threads; they also request repaints, this is the net.
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(250));
        }
    }

    /// Keep the open Export window in line with the settings the panels edit: the export mode
    /// stays within the window's group (a loaded preset may say otherwise), and the default
    /// file name follows the export name until the user picks a path.
    fn settle_export_window(&mut self) {
        let Some(w) = &self.export_window else {
            return;
        };
        let group = w.group;
        let settings_step = w.in_settings_step();
        let dest_stale = w.default_destination_stale(&self.settings.export_name);
        if settings_step {
            // Within Multi export, the window's Packages choice picks one of the two modes.
            self.settings.export_mode = group.mode(self.settings.export_mode);
        }
        if settings_step && dest_stale {
            let folder = self.default_export_folder();
            let dest = self.default_destination(&folder);
            let name = self.settings.export_name.clone();
            if let Some(w) = &mut self.export_window {
                w.set_default_destination(dest.display().to_string(), name);
            }
        }
    }

    // What the studio holds, read-only (tests and benches read it here; see `ui::testing`).

    /// What survives a restart.
    pub fn persisted(&self) -> &Persisted {
        &self.state
    }

    /// The settings being edited.
    pub fn settings(&self) -> &ExportSettings {
        &self.settings
    }

    /// The open course.
    pub fn course(&self) -> Option<&Arc<Course>> {
        self.course.as_ref().map(|c| &c.course)
    }

    /// The course folder that did not open, with its problems.
    pub fn course_error(&self) -> Option<&CourseLoadError> {
        self.course_error.as_ref()
    }

    pub fn presets(&self) -> &Presets {
        &self.presets
    }

    pub fn history(&self) -> &History {
        &self.history
    }

    /// The archive as last listed.
    pub fn archive_entries(&self) -> &[ArchiveEntry] {
        &self.archive_entries
    }

    /// The messages at the top of the window.
    pub fn notices(&self) -> &[Notice] {
        &self.notices
    }

    pub fn export_window(&self) -> Option<&ExportWindow> {
        self.export_window.as_ref()
    }

    /// Whether an export runs.
    pub fn is_exporting(&self) -> bool {
        self.job.is_some()
    }

    /// Whether a native file dialog is open.
    pub fn dialog_pending(&self) -> bool {
        self.pending_dialog.is_some()
    }

    pub fn last_outcome(&self) -> Option<&Outcome> {
        self.last_outcome.as_ref()
    }

    /// The question on screen, if any.
    pub fn confirm(&self) -> Option<&Confirm> {
        self.confirm.as_ref()
    }

    /// Whether the manifest or check dialog is open.
    pub fn info_open(&self) -> bool {
        self.info.is_some()
    }

    /// The test LMS page's address, while Try in LMS runs.
    pub fn try_url(&self) -> Option<&str> {
        self.tryout.as_ref().map(|t| t.server.url())
    }

    /// The package the test LMS plays, while it runs.
    pub fn try_package(&self) -> Option<&Path> {
        self.tryout.as_ref().map(|t| t.package.as_path())
    }

    /// The typed-path fallback of Open course…, while shown.
    pub fn course_path_field(&self) -> Option<&str> {
        self.course_path_field.as_deref()
    }

    /// The preset being renamed and the name typed so far.
    pub fn renaming(&self) -> Option<&(String, String)> {
        self.renaming.as_ref()
    }

    // Test doors: `ui::testing` changes what a user would change by typing or clicking.

    /// The settings, as the panels edit them.
    pub(crate) fn settings_mut(&mut self) -> &mut ExportSettings {
        &mut self.settings
    }

    /// The open Export window, as its text fields edit it.
    pub(crate) fn export_window_mut(&mut self) -> Option<&mut ExportWindow> {
        self.export_window.as_mut()
    }

    /// Replace the History (benches fill it with many runs).
    pub(crate) fn replace_history(&mut self, history: History) {
        self.history = history;
    }

    /// Dismiss every notice and forget the last export's result.
    pub(crate) fn clear_messages(&mut self) {
        self.notices.clear();
        self.last_outcome = None;
    }
}

impl eframe::App for App {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        App::logic(self, ctx);
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.draw_and_apply(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, &self.state);
    }
}

impl Drop for App {
    fn drop(&mut self) {
        // Closing the window stops a running export; the engine removes its temporary file.
        if let Some(job) = &self.job {
            job.cancel();
        }
    }
}
