//! The manifest preview beside the settings: the exact `imsmanifest.xml` the export will write
//! (from `engine::package::plan`, the same writer the export uses), syntax-highlighted and
//! scrollable, with a copy button, the package's file list and its estimated size.
//!
//! Planning runs only when the settings or the course change; a frame without changes only
//! draws the visible lines.

use std::time::Instant;

use std::path::Path;

use egui::text::LayoutJob;
use egui::{FontId, RichText, Ui};

use super::style::{self, format_bytes};
use super::xml_highlight::{Palette, highlight_lines};
use crate::engine::ExportSettings;
use crate::engine::course::Course;
use crate::engine::course::{MediaKind, MediaRef};
use crate::engine::error::ExportError;
use crate::engine::media::MediaOptions;
use crate::engine::package::{EntrySource, PackagePlan, output_path_for, plan};
use crate::engine::settings::SettingsProblem;

/// Planning slower than this (ms) waits for the settings to settle before re-planning.
pub const SLOW_PLAN_MS: f32 = 12.0;
/// How long the settings must be unchanged before a slow re-plan (seconds).
pub const DEBOUNCE_S: f64 = 0.25;
/// A course this large is planned on a helper thread from the first time (its first plan would
/// hold the frame that opens the Export window).
pub const LARGE_COURSE_SECTIONS: usize = 300;

/// One planned package, ready to draw.
pub struct PackagePreview {
    /// The section of a per-section package (its file is `<destination>-<section>.zip`).
    pub suffix: Option<String>,
    pub manifest: String,
    pub lines: Vec<LayoutJob>,
    pub files: Vec<FileRow>,
    pub total_size: u64,
    pub zip_estimate: u64,
    /// What the designer should know before uploading (no poster, player language…).
    pub warnings: Vec<String>,
}

/// One file of the package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileRow {
    pub path: String,
    /// Size before compression (the original's size for media that will be processed).
    pub size: u64,
    /// What happens to it ("compressed to 720p"), for media the settings change.
    pub note: Option<String>,
}

/// What the media settings do to one file, in words.
fn media_note(m: &MediaRef, media: &MediaOptions) -> Option<String> {
    let ext = m.rel.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match m.kind {
        MediaKind::Video => media
            .video
            .video_height()
            .map(|h| format!("compressed to {h}p (H.264)")),
        MediaKind::Image if matches!(ext.as_deref(), Some("png" | "jpg" | "jpeg" | "webp")) => {
            media
                .image
                .image_max_side()
                .map(|px| format!("resized to at most {px} px"))
        }
        MediaKind::PosterFrame => Some("poster frame (ffmpeg; size estimated)".into()),
        _ => None,
    }
}

/// Which view of the package the preview shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PreviewView {
    #[default]
    Manifest,
    Files,
}

/// The preview and the validation result for the current settings, recomputed on change.
#[derive(Default)]
pub struct PreviewCache {
    key: Option<(ExportSettings, u64, bool)>,
    /// Every problem with the current settings (shown next to their fields).
    pub problems: Vec<SettingsProblem>,
    /// The packages of the last valid settings.
    pub packages: Vec<PackagePreview>,
    /// The settings are invalid: `packages` belong to earlier settings.
    pub stale: bool,
    /// Planning failed for another reason than the settings.
    pub error: Option<String>,
    pub selected: usize,
    pub view: PreviewView,
    /// How long the last planning took (shown in the bench).
    pub plan_ms: f32,
    /// A plan is waiting for the settings to settle (slow courses only).
    pub pending: bool,
    changed_at: f64,
    /// The copy button was pressed (shows "Copied").
    pub copied: bool,
    /// A plan running on its own thread (slow courses): its answer, and which change it is for.
    background: Option<(u64, std::sync::mpsc::Receiver<Planned>)>,
    /// Counts changes, so an answer for older settings is dropped.
    change: u64,
}

/// What a background plan hands back: the previews, or why planning failed; and its time.
type Planned = (Result<Vec<PackagePreview>, ExportError>, f32);

/// Plans and lays out the previews (on the UI thread for small courses, else on a helper).
fn plan_previews(
    course: &Course,
    settings: &ExportSettings,
    media: &MediaOptions,
    dark_mode: bool,
) -> Planned {
    let started = Instant::now();
    let result = plan(course, settings, media).map(|plans| {
        let palette = Palette::for_dark_mode(dark_mode);
        let font = FontId::monospace(12.5);
        plans
            .iter()
            .map(|p| package_preview(p, &font, &palette, media))
            .collect()
    });
    (result, started.elapsed().as_secs_f32() * 1000.0)
}

impl PackagePreview {
    /// The file name this package is really written to for the destination `dest`.
    pub fn file_name(&self, dest: &Path) -> String {
        let dest = if dest.as_os_str().is_empty() {
            Path::new("course.zip")
        } else {
            dest
        };
        output_path_for(dest, self.suffix.as_deref())
            .file_name()
            .map_or_else(|| "course.zip".into(), |n| n.to_string_lossy().into_owned())
    }
}

impl PreviewCache {
    /// Re-plan if the settings or the course changed since the last call. `now` is the frame
    /// time in seconds: when planning is slow (a very large course), a burst of changes (a
    /// slider being dragged) is planned once, [`DEBOUNCE_S`] after the last change, while the
    /// problems are still checked at once. Returns true while a plan is waiting (ask for a
    /// repaint then).
    pub fn update(
        &mut self,
        course: &std::sync::Arc<Course>,
        generation: u64,
        settings: &ExportSettings,
        media: &MediaOptions,
        dark_mode: bool,
        now: f64,
    ) -> bool {
        // A background plan finished: take it if it is for the settings shown now.
        if let Some((change, rx)) = &self.background
            && let Ok(planned) = rx.try_recv()
        {
            let current = *change == self.change;
            self.background = None;
            if current {
                self.take(planned);
            }
        }
        let same = self
            .key
            .as_ref()
            .is_some_and(|(s, g, d)| *g == generation && *d == dark_mode && s == settings);
        if same && !self.pending {
            return self.background.is_some();
        }
        if !same {
            self.change += 1;
            self.key = Some((settings.clone(), generation, dark_mode));
            self.changed_at = now;
            self.copied = false;
            self.problems = settings.validate(course);
            if !self.problems.is_empty() {
                self.stale = !self.packages.is_empty();
                self.error = None;
                self.pending = false;
                return self.background.is_some();
            }
            if self.plan_ms > SLOW_PLAN_MS || course.sections.len() >= LARGE_COURSE_SECTIONS {
                self.pending = true;
            }
        }
        if self.pending && now - self.changed_at < DEBOUNCE_S {
            self.stale = !self.packages.is_empty();
            return true;
        }
        if self.pending && self.background.is_some() {
            // One helper at a time (two cores shared by four plans made every frame late): the
            // next starts when this one is done, and its answer, for older settings, is dropped.
            self.stale = !self.packages.is_empty();
            return true;
        }
        if self.pending {
            // A slow course: plan on a helper thread, so no frame waits for it (the preview
            // says "Updating…" meanwhile and the answer is taken by a later frame).
            self.pending = false;
            self.stale = !self.packages.is_empty();
            let (tx, rx) = std::sync::mpsc::channel();
            let (course, settings, media) = (
                std::sync::Arc::clone(course),
                settings.clone(),
                media.clone(),
            );
            let spawned = std::thread::Builder::new()
                .name("preview-plan".into())
                .spawn(move || {
                    let _ = tx.send(plan_previews(&course, &settings, &media, dark_mode));
                });
            if spawned.is_ok() {
                self.background = Some((self.change, rx));
                return true;
            }
        }
        self.pending = false;
        let planned = plan_previews(course, settings, media, dark_mode);
        self.take(planned);
        self.background.is_some()
    }

    /// Use a plan's result.
    fn take(&mut self, (result, ms): Planned) {
        match result {
            Ok(packages) => {
                let old = std::mem::replace(&mut self.packages, packages);
                // Freeing the highlighted lines of a 10,000-section manifest takes a frame's
                // worth of time: a helper does it.
                let lines: usize = old.iter().map(|p| p.lines.len()).sum();
                if lines > 5_000 {
                    let _ = std::thread::Builder::new()
                        .name("preview-drop".into())
                        .spawn(move || drop(old));
                }
                self.stale = false;
                self.error = None;
                if self.selected >= self.packages.len() {
                    self.selected = 0;
                }
            }
            Err(ExportError::Settings(problems)) => {
                self.problems = problems;
                self.stale = !self.packages.is_empty();
            }
            Err(e) => {
                self.error = Some(e.to_string());
                self.stale = !self.packages.is_empty();
            }
        }
        self.plan_ms = ms;
    }

    /// A plan is running on its helper thread.
    pub fn planning(&self) -> bool {
        self.background.is_some()
    }
}

fn package_preview(
    p: &PackagePlan,
    font: &FontId,
    palette: &Palette,
    media: &MediaOptions,
) -> PackagePreview {
    let mut files = vec![FileRow {
        path: crate::engine::package::MANIFEST_NAME.to_owned(),
        size: p.manifest.len() as u64,
        note: None,
    }];
    files.extend(p.entries.iter().map(|e| FileRow {
        path: e.path.clone(),
        size: e.size,
        note: match &e.source {
            EntrySource::Media(m) => media_note(m, media),
            EntrySource::Bytes(_) => None,
        },
    }));
    PackagePreview {
        suffix: p.suffix.clone(),
        lines: highlight_lines(&p.manifest, font, palette),
        manifest: p.manifest.clone(),
        files,
        total_size: p.total_size(),
        zip_estimate: p.estimated_zip_size(),
        warnings: p.warnings.clone(),
    }
}

/// Draw the preview.
/// `dest`: the Export window's destination, so per-section names are the files really written.
pub fn preview_ui(ui: &mut Ui, cache: &mut PreviewCache, dest: &Path) {
    ui.horizontal(|ui| {
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let manifest = cache
                .packages
                .get(cache.selected)
                .map(|p| p.manifest.clone());
            if ui
                .add_enabled(manifest.is_some(), egui::Button::new("Copy manifest"))
                .on_hover_text("Copy the whole imsmanifest.xml to the clipboard")
                .clicked()
                && let Some(text) = manifest
            {
                ui.ctx().copy_text(text);
                cache.copied = true;
            }
            if cache.copied {
                ui.label(RichText::new("Copied").small().color(style::ok_color(ui)));
            }
            // The heading takes what is left, cut short rather than drawn under the button.
            ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                ui.add(egui::Label::new(RichText::new("Manifest preview").heading()).truncate());
            });
        });
    });
    if cache.pending || cache.planning() {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(RichText::new("Updating…").small().weak());
        });
    } else if cache.stale {
        ui.label(
            RichText::new("Outdated: fix the settings to update the preview")
                .small()
                .color(ui.visuals().warn_fg_color),
        );
    }
    if let Some(err) = &cache.error {
        style::problem_line(ui, err);
    }
    if cache.packages.is_empty() {
        ui.add_space(8.0);
        if cache.problems.is_empty() {
            ui.label("Nothing to preview yet.");
        } else {
            ui.label(format!(
                "The preview appears once the settings are valid ({} problem(s) to fix).",
                cache.problems.len()
            ));
        }
        return;
    }
    if cache.selected >= cache.packages.len() {
        cache.selected = 0;
    }
    let count = cache.packages.len();
    ui.horizontal_wrapped(|ui| {
        ui.selectable_value(&mut cache.view, PreviewView::Manifest, "imsmanifest.xml");
        let files = cache
            .packages
            .get(cache.selected)
            .map_or(0, |p| p.files.len());
        ui.selectable_value(
            &mut cache.view,
            PreviewView::Files,
            format!("Files ({files})"),
        );
    });
    if count > 1 {
        ui.horizontal(|ui| {
            let label = ui.label("Package");
            let current = cache
                .packages
                .get(cache.selected)
                .map(|p| p.file_name(dest))
                .unwrap_or_default();
            egui::ComboBox::from_id_salt("preview-package")
                .selected_text(current)
                .width(220.0)
                .show_ui(ui, |ui| {
                    for (i, p) in cache.packages.iter().enumerate() {
                        ui.selectable_value(&mut cache.selected, i, p.file_name(dest));
                    }
                })
                .response
                .labelled_by(label.id);
        });
    }
    let Some(pkg) = cache.packages.get(cache.selected) else {
        return;
    };
    let total: u64 = cache.packages.iter().map(|p| p.total_size).sum();
    let zip: u64 = cache.packages.iter().map(|p| p.zip_estimate).sum();
    ui.label(
        RichText::new(if count > 1 {
            format!(
                "{count} packages · {} files in this one · {} of content · about {} zipped in all",
                pkg.files.len(),
                format_bytes(total),
                format_bytes(zip)
            )
        } else {
            format!(
                "{} files · {} of content · about {} zipped",
                pkg.files.len(),
                format_bytes(pkg.total_size),
                format_bytes(pkg.zip_estimate)
            )
        })
        .small(),
    );
    warnings_ui(ui, &cache.packages);
    ui.add_space(4.0);
    let frame = egui::Frame::new()
        .fill(ui.visuals().extreme_bg_color)
        .stroke(ui.visuals().widgets.noninteractive.bg_stroke)
        .corner_radius(4.0)
        .inner_margin(egui::Margin::same(8));
    frame.show(ui, |ui| {
        ui.set_min_size(ui.available_size());
        match cache.view {
            PreviewView::Manifest => manifest_lines_ui(ui, "preview-manifest", &pkg.lines),
            PreviewView::Files => files_ui(ui, &pkg.files),
        }
    });
}

/// The warnings of every package, each once, before the manifest: said before the export,
/// not found out after the upload. Few lines; more scroll.
fn warnings_ui(ui: &mut Ui, packages: &[PackagePreview]) {
    let mut seen = std::collections::HashSet::new();
    let warnings: Vec<&String> = packages
        .iter()
        .flat_map(|p| &p.warnings)
        .filter(|w| seen.insert(w.as_str()))
        .collect();
    if warnings.is_empty() {
        return;
    }
    egui::ScrollArea::vertical()
        .id_salt("preview-warnings")
        .max_height(90.0)
        .show(ui, |ui| {
            for w in warnings {
                style::icon_label(ui, style::Icon::Warning, RichText::new(w.as_str()).small());
            }
        });
}

/// Highlighted lines with line numbers, drawing only the visible rows.
pub fn manifest_lines_ui(ui: &mut Ui, id: &str, lines: &[LayoutJob]) {
    let font = FontId::monospace(12.5);
    let row_height = ui.ctx().fonts_mut(|f| f.row_height(&font));
    let digits = lines.len().max(1).to_string().len();
    let number_color = ui.visuals().weak_text_color();
    egui::ScrollArea::both()
        .id_salt(id)
        .auto_shrink([false, false])
        .show_rows(ui, row_height, lines.len(), |ui, range| {
            ui.spacing_mut().item_spacing.y = 0.0;
            for i in range {
                let Some(job) = lines.get(i) else {
                    continue;
                };
                ui.horizontal(|ui| {
                    ui.spacing_mut().item_spacing.x = 10.0;
                    ui.label(
                        RichText::new(format!("{:>digits$}", i + 1))
                            .font(font.clone())
                            .color(number_color),
                    );
                    ui.add(egui::Label::new(job.clone()).extend());
                });
            }
        });
}

fn files_ui(ui: &mut Ui, files: &[FileRow]) {
    let row_height = ui.spacing().interact_size.y;
    egui::ScrollArea::vertical()
        .id_salt("preview-files")
        .auto_shrink([false, false])
        .show_rows(ui, row_height, files.len(), |ui, range| {
            egui::Grid::new("preview-files-grid")
                .num_columns(3)
                .striped(true)
                .min_col_width(60.0)
                .start_row(range.start)
                .show(ui, |ui| {
                    for f in files.get(range).unwrap_or_default() {
                        ui.monospace(f.path.as_str());
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                            ui.label(format_bytes(f.size));
                        });
                        match &f.note {
                            Some(n) => ui.label(RichText::new(n.as_str()).small().weak()),
                            None => ui.label(""),
                        };
                        ui.end_row();
                    }
                });
        });
}
