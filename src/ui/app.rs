//! The app: persisted state ([`Persisted`], saved by eframe) plus runtime state (the course,
//! presets, history, archive, the export window and the running export). Drawing collects
//! [`Action`]s; [`App::apply`] carries them out after drawing.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};

use serde::{Deserialize, Serialize};

use super::action::Action;
use super::dialogs::{DialogPurpose, Dialogs, PendingDialog};
use super::export_window::ExportWindow;
use super::job::ExportJob;
use crate::engine::check::CheckReport;
use crate::engine::clock::Clock;
use crate::engine::course::Course;
use crate::engine::ids::IdSource;
use crate::engine::settings::ExportSettings;
use crate::engine::store::{Archive, ArchiveEntry, History, Presets, StoreDirs};
use crate::engine::{load_course, sample_course_dir};

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
pub const RECENT_MAX: usize = 8;

/// A course that loaded.
pub struct LoadedCourse {
    pub dir: PathBuf,
    pub course: Arc<Course>,
    /// Bumped on every load, so caches keyed on it refresh.
    pub generation: u64,
}

/// A course folder that did not load, with every problem.
pub struct CourseLoadError {
    pub dir: PathBuf,
    pub problems: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeLevel {
    Info,
    Success,
    Warning,
    Error,
}

/// A message at the top of the window until dismissed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub level: NoticeLevel,
    pub text: String,
}

/// A question asked before something irreversible.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirm {
    DeletePreset(String),
    DeleteArchived(PathBuf),
}

/// A read-only dialog (archive: manifest or check result).
pub enum InfoDialog {
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

/// How the last export ended (shown in the export window and the status bar).
#[derive(Debug, Clone)]
pub enum Outcome {
    Success {
        packages: Vec<(PathBuf, u64, CheckReport)>,
        duration_ms: u64,
    },
    Failed(String),
}

/// The studio.
pub struct App {
    pub state: Persisted,
    pub dirs: StoreDirs,
    pub clock: Arc<dyn Clock>,
    pub ids: Arc<dyn IdSource>,
    pub dialogs: Arc<dyn Dialogs>,

    pub course: Option<LoadedCourse>,
    pub course_error: Option<CourseLoadError>,
    /// The settings being edited (the export window works on these).
    pub settings: ExportSettings,
    pub presets: Presets,
    pub history: History,
    pub archive: Archive,
    pub archive_entries: Vec<ArchiveEntry>,
    pub history_filter: String,

    pub notices: Vec<Notice>,
    pub export_window: Option<ExportWindow>,
    pub job: Option<ExportJob>,
    pub last_outcome: Option<Outcome>,
    pub confirm: Option<Confirm>,
    pub info: Option<InfoDialog>,
    /// The "type a path" fallback of Open course…: `Some(text)` while shown.
    pub course_path_field: Option<String>,
    /// The "type a path" fallback of Save a copy as…: the package and the typed destination.
    pub archive_copy_field: Option<(PathBuf, String)>,
    /// Preset being renamed and the new name typed so far.
    pub renaming: Option<(String, String)>,
    pub pending_dialog: Option<PendingDialog>,

    /// Notices from helper threads (Open folder).
    notice_tx: Sender<Notice>,
    notice_rx: Receiver<Notice>,
    /// The egui context, once known (lets background threads ask for a repaint).
    pub(crate) egui_ctx: Option<egui::Context>,
    pub(crate) style_installed: bool,
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
            history_filter: String::new(),
            notices: Vec::new(),
            export_window: None,
            job: None,
            last_outcome: None,
            confirm: None,
            info: None,
            course_path_field: None,
            archive_copy_field: None,
            renaming: None,
            pending_dialog: None,
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

    pub fn notify(&mut self, level: NoticeLevel, text: impl Into<String>) {
        let text = text.into();
        // The same message twice in a row would only add noise.
        if self
            .notices
            .last()
            .is_some_and(|n| n.text == text && n.level == level)
        {
            return;
        }
        self.notices.push(Notice { level, text });
        if self.notices.len() > 6 {
            self.notices.remove(0);
        }
    }

    pub(crate) fn notice_sender(&self) -> Sender<Notice> {
        self.notice_tx.clone()
    }

    /// Load a course folder; on failure keep the previous course and show every problem.
    pub fn open_course(&mut self, dir: &Path) {
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
                self.notify(
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
            self.notify(n.level, n.text);
        }
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
        if self.job.is_some() || self.pending_dialog.is_some() {
            // Progress arrives from other threads; they also request repaints, this is the net.
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(250));
        }
    }

    /// Start a native dialog on a helper thread.
    pub(crate) fn start_dialog(&mut self, purpose: DialogPurpose) {
        if self.pending_dialog.is_some() {
            self.notify(
                NoticeLevel::Info,
                "A file dialog is already open; finish it first.",
            );
            return;
        }
        let (tx, rx) = channel();
        let dialogs = Arc::clone(&self.dialogs);
        let ctx = self.egui_ctx.clone();
        let p = purpose.clone();
        let start_dir = self.default_export_folder();
        let course_dir = self.course.as_ref().map(|c| c.dir.clone());
        let file_name = self
            .export_window
            .as_ref()
            .map(|w| w.destination.clone())
            .and_then(|d| {
                Path::new(&d)
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
            })
            .unwrap_or_else(|| "package.zip".to_owned());
        let spawned = std::thread::Builder::new()
            .name("file-dialog".into())
            .spawn(move || {
                let answer = match &p {
                    DialogPurpose::OpenCourse => dialogs.pick_folder(
                        "Open a course folder",
                        course_dir.as_deref().and_then(Path::parent),
                    ),
                    DialogPurpose::ExportDestination => {
                        dialogs.save_file("Save the SCORM package", Some(&start_dir), &file_name)
                    }
                    DialogPurpose::ArchiveCopy(pkg) => {
                        let name = super::action::file_name(pkg);
                        dialogs.save_file("Save a copy of the package", Some(&start_dir), &name)
                    }
                };
                let _ = tx.send(answer);
                if let Some(ctx) = ctx {
                    ctx.request_repaint();
                }
            });
        match spawned {
            Ok(_) => self.pending_dialog = Some(PendingDialog { purpose, rx }),
            Err(e) => {
                self.notify(
                    NoticeLevel::Warning,
                    format!("Could not open a file dialog ({e}); type the path instead."),
                );
                self.dialog_answered(purpose, None);
            }
        }
    }

    /// A dialog's answer. `None` (cancelled or no dialog available) shows the path field.
    pub(crate) fn dialog_answered(&mut self, purpose: DialogPurpose, answer: Option<PathBuf>) {
        match (purpose, answer) {
            (DialogPurpose::OpenCourse, Some(dir)) => self.open_course(&dir),
            (DialogPurpose::OpenCourse, None) => {
                let start = self
                    .course
                    .as_ref()
                    .map(|c| c.dir.display().to_string())
                    .unwrap_or_default();
                self.course_path_field.get_or_insert(start);
            }
            (DialogPurpose::ExportDestination, Some(path)) => {
                if let Some(w) = &mut self.export_window {
                    w.destination = with_zip_extension(&path).display().to_string();
                    w.destination_edited = true;
                    w.destination_hint = None;
                }
            }
            (DialogPurpose::ExportDestination, None) => {
                if let Some(w) = &mut self.export_window {
                    w.destination_hint = Some(
                        "No file was chosen (or no file dialog is available here): type the \
                         path in “Save to” instead."
                            .into(),
                    );
                }
            }
            (DialogPurpose::ArchiveCopy(pkg), Some(dest)) => {
                self.apply(Action::ArchiveSaveCopyTo { package: pkg, dest });
            }
            (DialogPurpose::ArchiveCopy(pkg), None) => {
                let suggestion = self
                    .default_export_folder()
                    .join(super::action::file_name(&pkg))
                    .display()
                    .to_string();
                self.archive_copy_field = Some((pkg, suggestion));
            }
        }
    }

    /// Where exports go by default: the last folder used, else Documents, else home.
    pub fn default_export_folder(&self) -> PathBuf {
        self.state
            .last_export_folder
            .clone()
            .filter(|d| d.is_dir())
            .or_else(|| {
                directories::UserDirs::new().and_then(|u| {
                    u.document_dir()
                        .map(Path::to_path_buf)
                        .or_else(|| Some(u.home_dir().to_path_buf()))
                })
            })
            .unwrap_or_else(|| PathBuf::from("."))
    }

    /// `<folder>/<course title> - <export name>.zip`
    pub fn default_destination(&self, folder: &Path) -> PathBuf {
        let title = self
            .course
            .as_ref()
            .map(|c| c.course.title.clone())
            .unwrap_or_else(|| "course".into());
        let name = crate::engine::store::safe_folder_name(&format!(
            "{title} - {}",
            self.settings.export_name.trim()
        ));
        folder.join(format!("{name}.zip"))
    }

    /// The archive listing changed on disk.
    pub fn refresh_archive(&mut self) {
        self.archive_entries = self.archive.list();
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

/// `name` → `name.zip` (a package path without the extension is almost always a slip).
pub fn with_zip_extension(path: &Path) -> PathBuf {
    match path.extension().and_then(|e| e.to_str()) {
        Some(e) if e.eq_ignore_ascii_case("zip") => path.to_path_buf(),
        _ => {
            let mut s = path.as_os_str().to_owned();
            s.push(".zip");
            PathBuf::from(s)
        }
    }
}
