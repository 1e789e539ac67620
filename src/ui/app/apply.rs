//! The [`Action`] dispatcher: the only place (with `export.rs`) that changes the app. Plain
//! Rust, so it is tested without a window.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::channel;

use super::{App, Concern, Confirm, InfoDialog, Notice, NoticeLevel};
use crate::engine::check::{check_package, read_manifest};
use crate::engine::store::safe_folder_name;
use crate::ui::action::{Action, ExportGroup, Tab};
use crate::ui::archive_tab::package_display_name;
use crate::ui::dialogs::{DialogPurpose, PendingDialog};
use crate::ui::export_window::{ExportWindow, Step};
use crate::ui::job::with_zip_extension;
use crate::ui::xml_highlight::{Palette, highlight_lines};

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
                    self.notify_about(
                        Concern::Preset,
                        NoticeLevel::Success,
                        format!("Preset “{name}” saved."),
                    );
                }
            }
            Action::LoadPreset(name) => self.load_preset(&name),
            Action::StartRenamePreset(name) => self.renaming = Some((name.clone(), name)),
            Action::CancelRenamePreset => self.renaming = None,
            Action::RenamePreset { old, new } => self.rename_preset(&old, &new),
            Action::DuplicatePreset(name) => {
                match self.presets.duplicate(&name, self.clock.as_ref()) {
                    Ok(new) => self.notify_about(
                        Concern::Preset,
                        NoticeLevel::Success,
                        format!("Preset “{name}” copied as “{new}”."),
                    ),
                    Err(e) => self.notify_about(
                        Concern::Preset,
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
                        self.notify_about(
                            Concern::Preset,
                            NoticeLevel::Success,
                            format!("Preset “{name}” deleted."),
                        );
                    }
                    Err(e) => self.notify_about(
                        Concern::Preset,
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
            Action::ExportReplacing => {
                self.confirm = None;
                self.replace_confirmed = true;
                self.start_export();
            }
            Action::ExportKeepingBoth => {
                self.confirm = None;
                self.keep_both();
                self.start_export();
            }
            Action::CancelExport => {
                if let Some(job) = &self.job {
                    job.cancel();
                }
            }
            Action::OpenFolder(dir) => self.open_folder(&dir),
            Action::Reopen(i) => self.reopen(i),
            Action::ExportAgain(i) => self.export_again(i),
            Action::RefreshArchive => self.refresh_archive(),
            Action::ArchiveSaveCopy(pkg) => self.start_dialog(DialogPurpose::ArchiveCopy(pkg)),
            Action::ArchiveSaveCopyTo { package, dest } => {
                let dest = with_zip_extension(&dest);
                match self.archive.save_copy(&package, &dest) {
                    Ok(()) => {
                        self.archive_copy_field = None;
                        self.notify_about(
                            Concern::Archive,
                            NoticeLevel::Success,
                            format!("Copy saved: {}", dest.display()),
                        );
                    }
                    Err(e) => {
                        self.notify_about(
                            Concern::Archive,
                            NoticeLevel::Error,
                            format!("Could not save the copy: {e}"),
                        );
                    }
                }
            }
            Action::CloseArchiveCopyField => self.archive_copy_field = None,
            Action::ShowManifest(pkg) => self.show_manifest(&pkg),
            Action::CheckPackage(pkg) => {
                let report = check_package(&pkg);
                self.info = Some(InfoDialog::Check {
                    title: package_display_name(&pkg),
                    report,
                });
            }
            Action::AskDeleteArchived(pkg) => self.confirm = Some(Confirm::DeleteArchived(pkg)),
            Action::DeleteArchived(pkg) => {
                self.confirm = None;
                match self.archive.delete(&pkg) {
                    Ok(()) => self.notify_about(
                        Concern::Archive,
                        NoticeLevel::Success,
                        format!("Deleted {} from the archive.", package_display_name(&pkg)),
                    ),
                    Err(e) => self.notify_about(
                        Concern::Archive,
                        NoticeLevel::Error,
                        format!("Could not delete: {e}"),
                    ),
                }
                self.refresh_archive();
            }
            Action::TryPackage(pkg) => self.start_try(pkg),
            Action::TryPackageDialog => self.start_dialog(DialogPurpose::TryPackage),
            Action::CloseTryPathField => self.try_path_field = None,
            Action::StopTry => self.stop_try(),
            Action::OpenTryPage => {
                if let Some(t) = &mut self.tryout {
                    t.browser_error = self.dialogs.open_url(t.server.url()).err();
                }
            }
            Action::ExpireNotices(now) => {
                for n in &mut self.notices {
                    n.shown_at.get_or_insert(now);
                }
                self.notices.retain(|n| {
                    !(n.expires()
                        && n.shown_at
                            .is_some_and(|t| now - t >= crate::ui::notice::NOTICE_EXPIRES_S))
                });
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

    /// The archive listing changed on disk.
    pub(super) fn refresh_archive(&mut self) {
        self.archive_entries = self.archive.list();
    }

    /// Try in LMS: serve `pkg` in the test LMS (stopping a previous run), keep its record in the
    /// data folder's `tries/`, and open the page in the browser.
    fn start_try(&mut self, pkg: PathBuf) {
        use crate::engine::tryout::{self, TryOptions};
        self.stop_try();
        if !pkg.is_file() {
            self.notify_about(
                Concern::TryLms,
                NoticeLevel::Error,
                format!("There is no package at {}.", pkg.display()),
            );
            return;
        }
        let stamp = self
            .clock
            .now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let dir = self.dirs.data.join("tries");
        if let Err(e) = std::fs::create_dir_all(&dir) {
            self.notify_about(
                Concern::TryLms,
                NoticeLevel::Error,
                format!("Could not create {}: {e}", dir.display()),
            );
            return;
        }
        let stem = pkg
            .file_stem()
            .map_or_else(|| "package".into(), |s| s.to_string_lossy().into_owned());
        let record = dir.join(format!("{stamp}-{}.json", safe_folder_name(&stem)));
        match tryout::serve(TryOptions {
            package: pkg.clone(),
            record: Some(record.clone()),
            ..TryOptions::default()
        }) {
            Ok(server) => {
                let browser_error = self.dialogs.open_url(server.url()).err();
                self.try_path_field = None;
                self.tryout = Some(crate::ui::try_panel::TryRun {
                    server,
                    package: pkg,
                    record,
                    browser_error,
                });
            }
            Err(e) => self.notify_about(
                Concern::TryLms,
                NoticeLevel::Error,
                format!("Could not start the test LMS: {e}"),
            ),
        }
    }

    fn stop_try(&mut self) {
        if let Some(run) = self.tryout.take()
            && let Err(e) = run.server.stop()
        {
            self.notify_about(
                Concern::TryLms,
                NoticeLevel::Warning,
                format!("The test LMS stopped: {e}"),
            );
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
        // A new Export window starts clean: not with the previous export's result or error.
        self.last_outcome = None;
        self.clear_concern(Concern::Export);
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
        if let Err(why) = crate::engine::names::check_export_name(&name) {
            w.name_problem = Some(format!("{}{}.", why[..1].to_uppercase(), &why[1..]));
            return;
        }
        w.name_problem = None;
        w.name_input = name.clone();
        w.step = Step::Settings;
        let group = w.group;
        // A saved preset's settings, else the defaults: a new export never inherits what another
        // preset left on screen (its custom manifest ids would replace that course in the LMS).
        self.settings = self
            .presets
            .get(&name)
            .map_or_else(crate::engine::ExportSettings::default, |p| {
                p.settings.clone()
            });
        self.settings.export_name = name;
        self.settings.export_mode = group.mode(self.settings.export_mode);
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

    /// Save the current settings under their export name. Returns whether it worked.
    pub(super) fn save_preset(&mut self) -> bool {
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
        let group = ExportGroup::of_mode(self.settings.export_mode);
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

    fn rename_preset(&mut self, old: &str, new: &str) {
        match self.presets.rename(old, new, self.clock.as_ref()) {
            Ok(()) => {
                let new = new.trim().to_owned();
                if self.settings.export_name == old {
                    self.settings.export_name = new.clone();
                    if let Some(w) = &mut self.export_window {
                        w.name_input = new.clone();
                    }
                }
                if self.state.last_export_name.as_deref() == Some(old) {
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

    /// Start a native dialog on a helper thread.
    fn start_dialog(&mut self, purpose: DialogPurpose) {
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
                        let name = package_display_name(pkg);
                        dialogs.save_file("Save a copy of the package", Some(&start_dir), &name)
                    }
                    DialogPurpose::TryPackage => {
                        dialogs.pick_package("Try a SCORM package", Some(&start_dir))
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
    pub(super) fn dialog_answered(&mut self, purpose: DialogPurpose, answer: Option<PathBuf>) {
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
            (DialogPurpose::TryPackage, Some(pkg)) => self.start_try(pkg),
            (DialogPurpose::TryPackage, None) => {
                self.try_path_field.get_or_insert_with(String::new);
            }
            (DialogPurpose::ArchiveCopy(pkg), None) => {
                let suggestion = self
                    .default_export_folder()
                    .join(package_display_name(&pkg))
                    .display()
                    .to_string();
                self.archive_copy_field = Some((pkg, suggestion));
            }
        }
    }

    fn open_folder(&mut self, dir: &Path) {
        let tx = self.notice_tx.clone();
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
                    let _ = tx.send(Notice {
                        level: NoticeLevel::Error,
                        text,
                        concern: Concern::Folder,
                        shown_at: None,
                    });
                }
            });
        if let Err(e) = spawned {
            self.notify_about(
                Concern::Folder,
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

    /// History: open the Export window on a run's settings and destination.
    pub(super) fn reopen(&mut self, i: usize) {
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
        let group = ExportGroup::of_mode(entry.settings.export_mode);
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

    fn show_manifest(&mut self, pkg: &Path) {
        match read_manifest(pkg) {
            Ok(text) => {
                let lines = highlight_lines(
                    &text,
                    &egui::FontId::monospace(13.0),
                    &Palette::for_dark_mode(self.state.dark_mode),
                );
                self.info = Some(InfoDialog::Manifest {
                    title: package_display_name(pkg),
                    text,
                    lines,
                });
            }
            Err(e) => self.notify(
                NoticeLevel::Error,
                format!(
                    "Could not read the manifest of {}: {e}",
                    package_display_name(pkg)
                ),
            ),
        }
    }
}
