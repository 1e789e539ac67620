//! An export from the studio: validate and start it, spawn the job on its thread, and when it
//! ends record the run in History and copy the packages into the Archive.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{App, Concern, NoticeLevel};
use crate::engine::course::Course;
use crate::engine::media::MediaOptions;
use crate::engine::settings::{ExportMode, ExportSettings};
use crate::engine::store::{HistoryEntry, RunOutcome};
use crate::ui::export_window::Step;
use crate::ui::job::{ExportJob, JobEnd, Outcome, with_zip_extension};

impl App {
    /// Export: validate (every problem shown by its field), save the preset, then run the
    /// engine on a background thread.
    pub(super) fn start_export(&mut self) {
        if self.job.is_some() {
            self.notify_about(
                Concern::Export,
                NoticeLevel::Info,
                "An export is already running.",
            );
            return;
        }
        let Some(loaded) = &self.course else {
            self.notify_about(Concern::Export, NoticeLevel::Error, "Open a course first.");
            return;
        };
        let course = Arc::clone(&loaded.course);
        let Some(w) = &mut self.export_window else {
            return;
        };
        if w.step == Step::Name {
            self.apply(crate::ui::action::Action::ConfirmExportName);
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
        // Replacing a package (another course's with the same title, or this one's) is asked.
        let existing = self.existing_outputs(&course, &out);
        if !existing.is_empty() && !std::mem::take(&mut self.replace_confirmed) {
            self.confirm = Some(super::Confirm::ReplacePackages { existing });
            return;
        }
        self.save_preset();
        self.spawn_export(course, self.settings.clone(), out);
    }

    /// The files this export would write that exist already.
    fn existing_outputs(&self, course: &Course, out: &Path) -> Vec<PathBuf> {
        crate::engine::package::output_paths(course, &self.settings, out)
            .into_iter()
            .filter(|p| p.exists())
            .collect()
    }

    /// Keep both: point "Save to" at the first free "<name> (N).zip".
    pub(super) fn keep_both(&mut self) {
        let Some(loaded) = &self.course else {
            return;
        };
        let course = Arc::clone(&loaded.course);
        let Some(w) = &self.export_window else {
            return;
        };
        let out = with_zip_extension(Path::new(w.destination.trim()));
        let stem = out
            .file_stem()
            .map_or_else(|| "course".into(), |s| s.to_string_lossy().into_owned());
        for n in 2..1000 {
            let candidate = out.with_file_name(format!("{stem} ({n}).zip"));
            if self.existing_outputs(&course, &candidate).is_empty() {
                if let Some(w) = &mut self.export_window {
                    w.destination = candidate.display().to_string();
                    w.destination_edited = true;
                }
                return;
            }
        }
    }

    fn spawn_export(&mut self, course: Arc<Course>, settings: ExportSettings, out: PathBuf) {
        if let Some(dir) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
            self.state.last_export_folder = Some(dir.to_path_buf());
        }
        self.last_outcome = None;
        let media =
            MediaOptions::from_settings(&settings.media, None, Some(self.dirs.cache.join("media")));
        self.job = Some(ExportJob::spawn(
            course,
            settings,
            out,
            media,
            self.egui_ctx.clone(),
        ));
    }

    /// The export thread ended: record History, fill the Archive, report.
    pub(super) fn finish_job(&mut self, end: JobEnd) {
        let Some(job) = self.job.take() else {
            return;
        };
        let duration_ms = job.started.elapsed().as_millis() as u64;
        let now = self
            .clock
            .now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
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
            destination: Some(job.out.clone()),
            outcome: Some(RunOutcome::Done),
        };
        match end {
            JobEnd::Finished(Ok(report)) => {
                // "Saved in … (no export yet)" is no longer true: the result says where it went.
                if let Some(w) = &mut self.export_window {
                    w.destination_note = None;
                }
                entry.outputs = report.packages.iter().map(|p| p.path.clone()).collect();
                entry.size = report.packages.iter().map(|p| p.size).sum();
                entry.duration_ms = report.duration.as_millis() as u64;
                for p in &report.packages {
                    if let Err(e) =
                        self.archive
                            .add(&p.path, &job.settings.export_name, self.clock.as_ref())
                    {
                        self.notify_about(
                            Concern::Export,
                            NoticeLevel::Warning,
                            format!("The package was saved but not copied to the Archive: {e}"),
                        );
                    }
                }
                self.refresh_archive();
                let count = report.packages.len();
                self.notify_about(
                    Concern::Export,
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
            JobEnd::Finished(Err(crate::engine::ExportError::Cancelled)) => {
                entry.error = Some("cancelled by the user; nothing was written".into());
                entry.outcome = Some(RunOutcome::Cancelled);
                self.last_outcome = Some(Outcome::Cancelled);
            }
            JobEnd::Finished(Err(e)) => {
                let msg = e.to_string();
                entry.error = Some(msg.clone());
                entry.outcome = Some(RunOutcome::Failed);
                self.last_outcome = Some(Outcome::Failed(msg));
            }
            JobEnd::Lost(msg) => {
                entry.error = Some(msg.clone());
                entry.outcome = Some(RunOutcome::Failed);
                self.last_outcome = Some(Outcome::Failed(msg));
            }
        }
        if let Err(e) = self.history.record(entry) {
            self.notify_about(
                Concern::Export,
                NoticeLevel::Warning,
                format!("The run could not be written to History: {e}"),
            );
        }
    }

    /// History: repeat a run exactly, to the same file; the window stays closed unless the
    /// run needs a choice (no output) or the course changed since (problems to fix).
    pub(super) fn export_again(&mut self, i: usize) {
        if self.job.is_some() {
            self.notify_about(
                Concern::Export,
                NoticeLevel::Info,
                "An export is already running.",
            );
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
        let course = Arc::clone(&loaded.course);
        // Repeat it exactly; the window stays closed and the status bar shows progress.
        self.export_window = None;
        self.spawn_export(course, entry.settings, dest);
    }

    /// The destination the run was given (the base name for per-section packages, which the
    /// engine writes as `<base>-<section id>.zip`).
    pub fn run_destination(entry: &HistoryEntry, course: Option<&Course>) -> Option<PathBuf> {
        if let Some(d) = &entry.destination {
            return Some(d.clone());
        }
        // Entries from before the destination was kept: work it out from the outputs.
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

    /// Where exports go by default: the last folder used, else beside the course folder (in the
    /// folder that holds it), else the current folder.
    pub(super) fn default_export_folder(&self) -> PathBuf {
        self.default_export_folder_and_why().0
    }

    /// The default folder and how it was chosen, in words for the Export window.
    pub(super) fn default_export_folder_and_why(&self) -> (PathBuf, &'static str) {
        if let Some(d) = self.state.last_export_folder.clone().filter(|d| d.is_dir()) {
            return (d, "the folder of your last export");
        }
        if let Some(parent) = self
            .course
            .as_ref()
            .and_then(|c| c.dir.parent().map(Path::to_path_buf))
            .filter(|d| d.is_dir())
        {
            return (parent, "beside the course folder (no export yet)");
        }
        (PathBuf::from("."), "the current folder")
    }

    /// `<folder>/<course title> - <export name>.zip`
    pub(super) fn default_destination(&self, folder: &Path) -> PathBuf {
        let title = self
            .course
            .as_ref()
            .map_or_else(|| "course".into(), |c| c.course.title.clone());
        let name = crate::engine::names::file_stem(&format!(
            "{title} - {}",
            self.settings.export_name.trim()
        ));
        folder.join(format!("{name}.zip"))
    }

    /// Point "Save to" at the default destination again.
    pub(super) fn reset_destination(&mut self) {
        let (folder, why) = self.default_export_folder_and_why();
        let dest = self.default_destination(&folder).display().to_string();
        if let Some(w) = &mut self.export_window {
            w.destination = dest;
            w.destination_edited = false;
            w.destination_note = Some(format!("Saved in {why}."));
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
