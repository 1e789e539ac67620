//! What the drawing code asks for. Drawing never changes app-level state directly: it returns
//! [`Action`]s, and [`App::apply`] carries them out after the frame is drawn. `apply` is plain
//! Rust, so it is tested without a window.

use std::path::{Path, PathBuf};

use super::app::{App, Confirm, InfoDialog, NoticeLevel, Outcome, Tab, with_zip_extension};
use super::dialogs::DialogPurpose;
use super::export_window::{ExportGroup, ExportWindow, Step};
use super::job::{ExportJob, JobEnd};
use crate::engine::check::check_package;
use crate::engine::media::MediaOptions;
use crate::engine::settings::{ExportMode, ExportSettings};
use crate::engine::store::HistoryEntry;

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
    OpenFolder(PathBuf),
    /// History: load a run's settings exactly (and its course).
    Reopen(usize),
    /// History: run the same export again.
    ExportAgain(usize),
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
    CloseConfirm,
    CloseInfo,
    DismissNotice(usize),
}

impl App {
    /// Carry out one action.
    pub fn apply(&mut self, action: Action) {
        match action {
            Action::SwitchTab(t) => {
                self.state.last_tab = t;
                if t == Tab::Archive {
                    self.refresh_archive();
                }
            }
            Action::OpenCourseDialog => self.start_dialog(DialogPurpose::OpenCourse),
            Action::OpenCourse(dir) => {
                if self.job.is_some() {
                    self.notify(
                        NoticeLevel::Info,
                        "An export is running; open another course when it has finished.",
                    );
                } else {
                    self.open_course(&dir);
                }
            }
            Action::CloseCoursePathField => self.course_path_field = None,
            Action::ToggleTheme => {
                self.state.dark_mode = !self.state.dark_mode;
                if let Some(ctx) = self.egui_ctx.clone() {
                    self.install_style(&ctx);
                }
            }
            Action::OpenExportWindow(group) => self.open_export_window(group),
            Action::CloseExportWindow => {
                self.export_window = None;
                self.renaming = None;
            }
            Action::ConfirmExportName => self.confirm_export_name(),
            Action::SavePreset => {
                if self.save_preset() {
                    let name = self.settings.export_name.clone();
                    self.notify(NoticeLevel::Success, format!("Preset “{name}” saved."));
                }
            }
            Action::LoadPreset(name) => self.load_preset(&name),
            Action::StartRenamePreset(name) => self.renaming = Some((name.clone(), name)),
            Action::CancelRenamePreset => self.renaming = None,
            Action::RenamePreset { old, new } => {
                match self.presets.rename(&old, &new, self.clock.as_ref()) {
                    Ok(()) => {
                        let new = new.trim().to_owned();
                        if self.settings.export_name == old {
                            self.settings.export_name = new.clone();
                            if let Some(w) = &mut self.export_window {
                                w.name_input = new.clone();
                            }
                        }
                        if self.state.last_export_name.as_deref() == Some(old.as_str()) {
                            self.state.last_export_name = Some(new.clone());
                        }
                        self.renaming = None;
                        self.notify(
                            NoticeLevel::Success,
                            format!("Preset “{old}” renamed to “{new}”."),
                        );
                    }
                    Err(e) => self.notify(
                        NoticeLevel::Error,
                        format!("Could not rename the preset: {e}"),
                    ),
                }
            }
            Action::DuplicatePreset(name) => {
                match self.presets.duplicate(&name, self.clock.as_ref()) {
                    Ok(new) => self.notify(
                        NoticeLevel::Success,
                        format!("Preset “{name}” copied as “{new}”."),
                    ),
                    Err(e) => self.notify(
                        NoticeLevel::Error,
                        format!("Could not copy the preset: {e}"),
                    ),
                }
            }
            Action::AskDeletePreset(name) => self.confirm = Some(Confirm::DeletePreset(name)),
            Action::DeletePreset(name) => {
                self.confirm = None;
                match self.presets.delete(&name) {
                    Ok(()) => {
                        self.notify(NoticeLevel::Success, format!("Preset “{name}” deleted."))
                    }
                    Err(e) => self.notify(
                        NoticeLevel::Error,
                        format!("Could not delete the preset: {e}"),
                    ),
                }
            }
            Action::RegenerateIds => {
                self.settings.manifest_ids.salt = self.ids.fresh_salt();
            }
            Action::BrowseDestination => self.start_dialog(DialogPurpose::ExportDestination),
            Action::Export => self.start_export(),
            Action::CancelExport => {
                if let Some(job) = &self.job {
                    job.cancel();
                }
            }
            Action::OpenFolder(dir) => self.open_folder(&dir),
            Action::Reopen(i) => self.reopen(i),
            Action::ExportAgain(i) => self.export_again(i),
            Action::ArchiveSaveCopy(pkg) => self.start_dialog(DialogPurpose::ArchiveCopy(pkg)),
            Action::ArchiveSaveCopyTo { package, dest } => {
                let dest = with_zip_extension(&dest);
                match self.archive.save_copy(&package, &dest) {
                    Ok(()) => {
                        self.archive_copy_field = None;
                        self.notify(
                            NoticeLevel::Success,
                            format!("Copy saved: {}", dest.display()),
                        );
                    }
                    Err(e) => {
                        self.notify(NoticeLevel::Error, format!("Could not save the copy: {e}"))
                    }
                }
            }
            Action::CloseArchiveCopyField => self.archive_copy_field = None,
            Action::ShowManifest(pkg) => self.show_manifest(&pkg),
            Action::CheckPackage(pkg) => {
                let report = check_package(&pkg);
                self.info = Some(InfoDialog::Check {
                    title: file_name(&pkg),
                    report,
                });
            }
            Action::AskDeleteArchived(pkg) => self.confirm = Some(Confirm::DeleteArchived(pkg)),
            Action::DeleteArchived(pkg) => {
                self.confirm = None;
                match self.archive.delete(&pkg) {
                    Ok(()) => self.notify(
                        NoticeLevel::Success,
                        format!("Deleted {} from the archive.", file_name(&pkg)),
                    ),
                    Err(e) => self.notify(NoticeLevel::Error, format!("Could not delete: {e}")),
                }
                self.refresh_archive();
            }
            Action::CloseConfirm => self.confirm = None,
            Action::CloseInfo => self.info = None,
            Action::DismissNotice(i) => {
                if i < self.notices.len() {
                    self.notices.remove(i);
                }
            }
        }
    }

    fn open_export_window(&mut self, group: ExportGroup) {
        if self.course.is_none() {
            self.notify(NoticeLevel::Error, "Open a course first.");
            return;
        }
        let name = self
            .state
            .last_export_name
            .clone()
            .unwrap_or_else(|| self.settings.export_name.clone());
        self.export_window = Some(ExportWindow::new(group, Step::Name, name));
    }

    /// The mode the group stands for, keeping the per-section choice within Multi export.
    fn mode_for_group(group: ExportGroup, current: ExportMode) -> ExportMode {
        match (group, current) {
            (ExportGroup::Single, _) => ExportMode::Single,
            (ExportGroup::Multi, ExportMode::MultiPerSection) => ExportMode::MultiPerSection,
            (ExportGroup::Multi, _) => ExportMode::Multi,
        }
    }

    fn confirm_export_name(&mut self) {
        let Some(w) = &mut self.export_window else {
            return;
        };
        let name = w.name_input.trim().to_owned();
        if name.is_empty() {
            w.name_problem = Some("Enter a name for this export (it names the preset).".into());
            return;
        }
        w.name_problem = None;
        w.name_input = name.clone();
        w.step = Step::Settings;
        let group = w.group;
        if let Some(p) = self.presets.get(&name) {
            self.settings = p.settings.clone();
        }
        self.settings.export_name = name;
        self.settings.export_mode = Self::mode_for_group(group, self.settings.export_mode);
        self.fix_settings_for_course();
        self.reset_destination();
    }

    /// Settings from a preset or history may name sections this course lacks: keep them valid
    /// where there is an obvious fix (the final quiz), leave the rest for validation to report.
    fn fix_settings_for_course(&mut self) {
        let Some(c) = &self.course else {
            return;
        };
        let t = &mut self.settings.completion_tracking;
        if t.final_quiz.is_none() {
            t.final_quiz = c.course.last_quiz_id().map(str::to_owned);
        }
    }

    fn reset_destination(&mut self) {
        let folder = self.default_export_folder();
        let dest = self.default_destination(&folder).display().to_string();
        if let Some(w) = &mut self.export_window {
            w.destination = dest;
            w.destination_edited = false;
        }
    }

    /// Save the current settings under their export name. Returns whether it worked.
    pub fn save_preset(&mut self) -> bool {
        self.settings.export_name = self.settings.export_name.trim().to_owned();
        match self
            .presets
            .save_preset(&self.settings, self.clock.as_ref())
        {
            Ok(()) => {
                self.state.last_export_name = Some(self.settings.export_name.trim().to_owned());
                true
            }
            Err(e) => {
                self.notify(
                    NoticeLevel::Error,
                    format!("Could not save the preset: {e}"),
                );
                false
            }
        }
    }

    fn load_preset(&mut self, name: &str) {
        let Some(p) = self.presets.get(name) else {
            self.notify(
                NoticeLevel::Error,
                format!("There is no preset named “{name}”."),
            );
            return;
        };
        self.settings = p.settings.clone();
        self.settings.export_name = name.to_owned();
        let group = match self.settings.export_mode {
            ExportMode::Single => ExportGroup::Single,
            _ => ExportGroup::Multi,
        };
        match &mut self.export_window {
            Some(w) => {
                w.name_input = name.to_owned();
                w.step = Step::Settings;
                w.group = group;
            }
            None => {
                if self.course.is_none() {
                    self.notify(NoticeLevel::Error, "Open a course first.");
                    return;
                }
                self.export_window =
                    Some(ExportWindow::new(group, Step::Settings, name.to_owned()));
            }
        }
        self.state.last_export_name = Some(name.to_owned());
        self.fix_settings_for_course();
        self.reset_destination();
    }

    fn media_options(&self, settings: &ExportSettings) -> MediaOptions {
        MediaOptions {
            video: settings.media.video_resolution,
            image: settings.media.image_max_size,
            ffmpeg: None,
            cache_dir: Some(self.dirs.cache.join("media")),
        }
    }

    /// Export: validate (every problem shown by its field), save the preset, then run the
    /// engine on a background thread.
    fn start_export(&mut self) {
        if self.job.is_some() {
            self.notify(NoticeLevel::Info, "An export is already running.");
            return;
        }
        let Some(loaded) = &self.course else {
            self.notify(NoticeLevel::Error, "Open a course first.");
            return;
        };
        let course = std::sync::Arc::clone(&loaded.course);
        let Some(w) = &mut self.export_window else {
            return;
        };
        if w.step == Step::Name {
            self.confirm_export_name();
            return;
        }
        let problems = self.settings.validate(&course);
        let dest_text = w.destination.trim().to_owned();
        w.show_problems = true;
        w.destination_problem = None;
        if dest_text.is_empty() {
            w.destination_problem = Some("Choose where to save the package.".into());
        }
        if !problems.is_empty() || dest_text.is_empty() {
            return;
        }
        let out = with_zip_extension(Path::new(&dest_text));
        if out.is_dir() {
            w.destination_problem = Some(format!(
                "{} is a folder; add a file name such as course.zip.",
                out.display()
            ));
            return;
        }
        w.destination = out.display().to_string();
        w.show_problems = false;
        self.save_preset();
        self.spawn_export(course, self.settings.clone(), out);
    }

    fn spawn_export(
        &mut self,
        course: std::sync::Arc<crate::engine::course::Course>,
        settings: ExportSettings,
        out: PathBuf,
    ) {
        if let Some(dir) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
            self.state.last_export_folder = Some(dir.to_path_buf());
        }
        self.last_outcome = None;
        let media = self.media_options(&settings);
        self.job = Some(ExportJob::spawn(
            course,
            settings,
            out,
            media,
            self.egui_ctx.clone(),
        ));
    }

    /// The export thread ended: record History, fill the Archive, report.
    pub(crate) fn finish_job(&mut self, end: JobEnd) {
        let Some(job) = self.job.take() else {
            return;
        };
        let duration_ms = job.started.elapsed().as_millis() as u64;
        let now = self
            .clock
            .now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        let mut entry = HistoryEntry {
            at: now,
            export_name: job.settings.export_name.clone(),
            course_title: job.course.title.clone(),
            course_dir: job.course.root.clone(),
            outputs: Vec::new(),
            size: 0,
            duration_ms,
            error: None,
            settings: job.settings.clone(),
        };
        match end {
            JobEnd::Finished(Ok(report)) => {
                entry.outputs = report.packages.iter().map(|p| p.path.clone()).collect();
                entry.size = report.packages.iter().map(|p| p.size).sum();
                entry.duration_ms = report.duration.as_millis() as u64;
                for p in &report.packages {
                    if let Err(e) =
                        self.archive
                            .add(&p.path, &job.settings.export_name, self.clock.as_ref())
                    {
                        self.notify(
                            NoticeLevel::Warning,
                            format!("The package was saved but not copied to the Archive: {e}"),
                        );
                    }
                }
                self.refresh_archive();
                let count = report.packages.len();
                self.notify(
                    NoticeLevel::Success,
                    if count == 1 {
                        format!(
                            "Exported “{}”: {}",
                            job.settings.export_name,
                            report
                                .packages
                                .first()
                                .map(|p| p.path.display().to_string())
                                .unwrap_or_default()
                        )
                    } else {
                        format!("Exported “{}”: {count} packages", job.settings.export_name)
                    },
                );
                self.last_outcome = Some(Outcome::Success {
                    packages: report
                        .packages
                        .into_iter()
                        .map(|p| (p.path, p.size, p.check))
                        .collect(),
                    duration_ms: entry.duration_ms,
                });
            }
            JobEnd::Finished(Err(e)) => {
                let msg = e.to_string();
                entry.error = Some(msg.clone());
                self.last_outcome = Some(Outcome::Failed(msg));
            }
            JobEnd::Lost(msg) => {
                entry.error = Some(msg.clone());
                self.last_outcome = Some(Outcome::Failed(msg));
            }
        }
        if let Err(e) = self.history.record(entry) {
            self.notify(
                NoticeLevel::Warning,
                format!("The run could not be written to History: {e}"),
            );
        }
    }

    fn open_folder(&mut self, dir: &Path) {
        let tx = self.notice_sender();
        let dir = dir.to_path_buf();
        let spawned = std::thread::Builder::new()
            .name("open-folder".into())
            .spawn(move || {
                let result = std::process::Command::new("xdg-open").arg(&dir).status();
                let problem = match result {
                    Ok(s) if s.success() => None,
                    Ok(s) => Some(format!(
                        "Could not open the folder: xdg-open ended with {s}. The folder is {}",
                        dir.display()
                    )),
                    Err(e) => Some(format!(
                        "Could not open the folder ({e}; is xdg-utils installed?). The folder is {}",
                        dir.display()
                    )),
                };
                if let Some(text) = problem {
                    let _ = tx.send(super::app::Notice {
                        level: NoticeLevel::Error,
                        text,
                    });
                }
            });
        if let Err(e) = spawned {
            self.notify(
                NoticeLevel::Error,
                format!("Could not open the folder: {e}"),
            );
        }
    }

    /// Make the run's course the open one. Returns false (with a notice) when it cannot load.
    fn ensure_course(&mut self, dir: &Path) -> bool {
        let same = self.course.as_ref().is_some_and(|c| c.dir == dir);
        if !same {
            if self.job.is_some() {
                self.notify(
                    NoticeLevel::Info,
                    "An export is running; try again when it has finished.",
                );
                return false;
            }
            self.open_course(dir);
        }
        self.course.as_ref().is_some_and(|c| c.dir == dir)
    }

    /// The destination the run was given (the base name for per-section packages, which the
    /// engine writes as `<base>-<section id>.zip`).
    pub fn run_destination(
        entry: &HistoryEntry,
        course: Option<&crate::engine::course::Course>,
    ) -> Option<PathBuf> {
        let first = entry.outputs.first()?;
        if entry.settings.export_mode != ExportMode::MultiPerSection {
            return Some(first.clone());
        }
        let stem = first.file_stem()?.to_string_lossy().into_owned();
        let from_ids = course.and_then(|c| {
            c.sections
                .iter()
                .filter_map(|s| stem.strip_suffix(&format!("-{}", s.id)))
                .max_by_key(|base| base.len())
                .map(str::to_owned)
        });
        let base = match from_ids {
            Some(b) => b,
            None if entry.outputs.len() > 1 => entry
                .outputs
                .iter()
                .filter_map(|o| o.file_stem().map(|s| s.to_string_lossy().into_owned()))
                .fold(stem, |acc, s| common_prefix(&acc, &s))
                .trim_end_matches('-')
                .to_owned(),
            None => stem,
        };
        Some(first.with_file_name(format!("{base}.zip")))
    }

    fn reopen(&mut self, i: usize) {
        let Some(entry) = self.history.runs.get(i).cloned() else {
            return;
        };
        if !self.ensure_course(&entry.course_dir) {
            self.notify(
                NoticeLevel::Error,
                format!(
                    "The run's course could not be opened, so its settings were not loaded: {}",
                    entry.course_dir.display()
                ),
            );
            return;
        }
        self.settings = entry.settings.clone();
        let group = match entry.settings.export_mode {
            ExportMode::Single => ExportGroup::Single,
            _ => ExportGroup::Multi,
        };
        let mut w = ExportWindow::new(group, Step::Settings, entry.export_name.clone());
        if let Some(dest) =
            Self::run_destination(&entry, self.course.as_ref().map(|c| c.course.as_ref()))
        {
            w.destination = dest.display().to_string();
            w.destination_edited = true;
        }
        self.export_window = Some(w);
        if self
            .export_window
            .as_ref()
            .is_some_and(|w| !w.destination_edited)
        {
            self.reset_destination();
        }
    }

    fn export_again(&mut self, i: usize) {
        if self.job.is_some() {
            self.notify(NoticeLevel::Info, "An export is already running.");
            return;
        }
        let Some(entry) = self.history.runs.get(i).cloned() else {
            return;
        };
        self.reopen(i);
        let Some(dest) =
            Self::run_destination(&entry, self.course.as_ref().map(|c| c.course.as_ref()))
        else {
            // A failed run has no output: let the user choose where to save.
            return;
        };
        let Some(loaded) = &self.course else {
            return;
        };
        if !entry.settings.validate(&loaded.course).is_empty() {
            // The course changed since: the window is open with the problems listed.
            if let Some(w) = &mut self.export_window {
                w.show_problems = true;
            }
            return;
        }
        let course = std::sync::Arc::clone(&loaded.course);
        // Repeat it exactly; the window stays closed and the status bar shows progress.
        self.export_window = None;
        self.spawn_export(course, entry.settings, dest);
    }

    fn show_manifest(&mut self, pkg: &Path) {
        match crate::engine::check::read_manifest(pkg) {
            Ok(text) => {
                let dark = self.state.dark_mode;
                let lines = super::xml_highlight::highlight_lines(
                    &text,
                    &egui::FontId::monospace(13.0),
                    &super::xml_highlight::Palette::for_dark_mode(dark),
                );
                self.info = Some(InfoDialog::Manifest {
                    title: file_name(pkg),
                    text,
                    lines,
                });
            }
            Err(e) => self.notify(
                NoticeLevel::Error,
                format!("Could not read the manifest of {}: {e}", file_name(pkg)),
            ),
        }
    }
}

fn common_prefix(a: &str, b: &str) -> String {
    a.chars()
        .zip(b.chars())
        .take_while(|(x, y)| x == y)
        .map(|(x, _)| x)
        .collect()
}

/// A package's file name, without the archive's time prefix (`1795604323-name.zip`).
pub(crate) fn file_name(p: &Path) -> String {
    let name = p
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| p.display().to_string());
    match name.split_once('-') {
        Some((t, rest)) if !t.is_empty() && t.chars().all(|c| c.is_ascii_digit()) => {
            rest.to_owned()
        }
        _ => name,
    }
}
