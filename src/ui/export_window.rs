//! The Export window (a modal over the main window): first the export name (the preset), then
//! the seven settings groups beside the live manifest preview, and at the bottom where to save,
//! Export, progress and the result.
//!
//! The window owns its own state (the text fields, the preview cache); the settings it edits
//! and everything else come in through [`ExportWindowCtx`], and what it cannot do itself it
//! asks for with [`Action`]s.

use std::sync::Arc;

use egui::{Align, Layout, RichText, Ui, UiBuilder};

use super::action::{Action, ExportGroup};
use super::job::{ExportJob, Outcome};
use super::panels;
use super::presets_ui::presets_ui;
use super::preview::{PreviewCache, preview_ui};
use super::style::{self, GRID_SPACING, field_label, format_bytes, hint, problem_line};
use crate::engine::ExportSettings;
use crate::engine::check::CheckReport;
use crate::engine::course::Course;
use crate::engine::ids::derive_ids;
use crate::engine::media::MediaOptions;
use crate::engine::settings::{Resolution, SettingField};
use crate::engine::settings_group::SettingsGroup;
use crate::engine::store::Presets;

/// The window's two steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Ask the export name first.
    Name,
    Settings,
}

/// State of the open Export window (the settings themselves live in the app).
pub struct ExportWindow {
    pub(crate) group: ExportGroup,
    pub(crate) step: Step,
    /// The name typed in the first step.
    pub(crate) name_input: String,
    pub(crate) name_problem: Option<String>,
    /// "Save to" (a path field; Browse… fills it from the native dialog).
    pub(crate) destination: String,
    /// The user chose the destination: the export name no longer renames it.
    pub(crate) destination_edited: bool,
    /// Shown under "Save to" (e.g. the dialog gave nothing).
    pub(crate) destination_hint: Option<String>,
    /// How the default destination was chosen ("Saved in the folder of your last export."),
    /// while the user has not changed it.
    pub(crate) destination_note: Option<String>,
    pub(crate) destination_problem: Option<String>,
    /// Export was pressed with problems: list them all above the button.
    pub(crate) show_problems: bool,
    preview: PreviewCache,
    /// Why the last untick in "Content to publish" was refused.
    content_refusal: Option<String>,
    /// Why videos cannot be compressed here (checked once, when needed).
    ffmpeg_problem: Option<Option<String>>,
    /// The media files the Media group lists.
    published_media: panels::PublishedMedia,
    /// The export name the default destination was made for.
    dest_for_name: String,
    focus_name: bool,
    /// The name the window opened with: Esc after typing another one asks first.
    initial_name: String,
    /// Esc was pressed once over a typed name (the next Esc closes).
    esc_armed: bool,
}

/// What the window works on, lent by the app for one frame.
pub struct ExportWindowCtx<'a> {
    pub course: &'a Arc<Course>,
    /// Bumped on every course load (the preview re-plans).
    pub generation: u64,
    /// The settings the panels edit.
    pub settings: &'a mut ExportSettings,
    pub presets: &'a Presets,
    /// The preset being renamed and the name typed so far (edited in the presets list).
    pub renaming: &'a mut Option<(String, String)>,
    pub job: Option<&'a ExportJob>,
    pub last_outcome: Option<&'a Outcome>,
    /// The app's notices: drawn in the window while it is open (Ctrl+S, Open folder, …).
    pub notices: &'a [crate::ui::notice::Notice],
}

impl ExportWindow {
    pub fn new(group: ExportGroup, step: Step, name: String) -> Self {
        Self {
            group,
            step,
            initial_name: name.clone(),
            esc_armed: false,
            name_input: name,
            name_problem: None,
            destination: String::new(),
            destination_edited: false,
            destination_hint: None,
            destination_note: None,
            destination_problem: None,
            show_problems: false,
            preview: PreviewCache::default(),
            content_refusal: None,
            ffmpeg_problem: None,
            published_media: panels::PublishedMedia::default(),
            dest_for_name: String::new(),
            focus_name: true,
        }
    }

    fn ffmpeg_problem(&mut self) -> Option<&str> {
        self.ffmpeg_problem
            .get_or_insert_with(|| {
                let path = std::env::var_os("PATH");
                crate::engine::media::locate_ffmpeg(None, path.as_deref()).err()
            })
            .as_deref()
    }

    /// Which step shows.
    pub fn step(&self) -> Step {
        self.step
    }

    /// The group that opened the window.
    pub fn group(&self) -> ExportGroup {
        self.group
    }

    /// The export name typed in the first step.
    pub fn name_input(&self) -> &str {
        &self.name_input
    }

    /// Why the name was refused.
    pub fn name_problem(&self) -> Option<&str> {
        self.name_problem.as_deref()
    }

    /// The "Save to" path.
    pub fn destination(&self) -> &str {
        &self.destination
    }

    /// Whether the problems are listed above Export (it was pressed with problems).
    pub fn showing_problems(&self) -> bool {
        self.show_problems
    }

    /// Why the last untick in "Content to publish" was refused.
    pub fn content_refusal(&self) -> Option<&str> {
        self.content_refusal.as_deref()
    }

    /// The manifest preview and the current settings' problems.
    pub fn preview(&self) -> &PreviewCache {
        &self.preview
    }

    pub(crate) fn in_settings_step(&self) -> bool {
        self.step == Step::Settings
    }

    /// Whether "Save to" should follow the export name (the user has not chosen a path).
    pub(crate) fn default_destination_stale(&self, export_name: &str) -> bool {
        !self.destination_edited
            && (self.dest_for_name != export_name || self.destination.is_empty())
    }

    /// The default destination, made for `export_name`.
    pub(crate) fn set_default_destination(&mut self, destination: String, export_name: String) {
        self.destination = destination;
        self.dest_for_name = export_name;
    }

    /// Draw the window. The preview re-plans here when the settings changed (it is the
    /// window's own cache).
    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        mut cx: ExportWindowCtx<'_>,
        actions: &mut Vec<Action>,
    ) {
        let course = Arc::clone(cx.course);
        if self.step == Step::Settings {
            let media = MediaOptions::from_settings(&cx.settings.media, None, None);
            let dark = ctx.global_style().visuals.dark_mode;
            let now = ctx.input(|i| i.time);
            if self
                .preview
                .update(&course, cx.generation, cx.settings, &media, dark, now)
            {
                ctx.request_repaint_after(std::time::Duration::from_secs_f64(
                    super::preview::DEBOUNCE_S,
                ));
            }
        }

        let screen = ctx.content_rect();
        let margin = if screen.width() < 1100.0 { 10.0 } else { 24.0 };
        let padding = 16.0;
        let full = (screen.size() - egui::vec2(2.0 * (margin + padding), 2.0 * (margin + padding)))
            .max(egui::vec2(400.0, 300.0));
        let size = match self.step {
            Step::Settings => full,
            // The name step is a small question: as wide as it needs, as tall as the presets.
            Step::Name => egui::vec2(
                full.x.min(860.0),
                (250.0 + 34.0 * cx.presets.items.len() as f32).min(full.y),
            ),
        };
        let frame = egui::Frame::popup(&ctx.global_style())
            .inner_margin(egui::Margin::same(padding as i8))
            .corner_radius(8.0);
        // The window sits in the Middle order, so every popup it opens (Foreground: combo lists,
        // menus; Tooltip) draws above it. As a Foreground modal it shared the popups' order and a
        // click inside it raised it over lists opened later (which then opened behind it; egui
        // saved that order in app.ron too). Confirmations stay Foreground, above it.
        let area =
            egui::Modal::default_area(egui::Id::unique("export-window")).order(egui::Order::Middle);
        let modal = egui::Modal::new(egui::Id::unique("export-window"))
            .area(area)
            .frame(frame)
            .show(ctx, |ui| {
                let (rect, _) = ui.allocate_exact_size(size, egui::Sense::hover());
                let mut ui = ui.new_child(
                    UiBuilder::new()
                        .max_rect(rect)
                        .layout(Layout::top_down(Align::Min)),
                );
                ui.set_clip_rect(rect.expand(4.0));
                title_row(&mut ui, self.group, actions);
                ui.separator();
                crate::ui::notice::notices_ui(&mut ui, cx.notices, actions);
                match self.step {
                    Step::Name => name_step_ui(&mut ui, self, &mut cx, actions),
                    Step::Settings => settings_step_ui(&mut ui, self, &mut cx, &course, actions),
                }
            });
        if modal.is_top_modal
            && !modal.any_popup_open
            && ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape))
        {
            // A name typed in the first step is not thrown away by one stray Esc.
            let typed = self.step == Step::Name
                && self.name_input.trim() != self.initial_name.trim()
                && !self.name_input.trim().is_empty();
            if typed && !self.esc_armed {
                self.esc_armed = true;
            } else {
                actions.push(Action::CloseExportWindow);
            }
        }
    }
}

fn title_row(ui: &mut Ui, group: ExportGroup, actions: &mut Vec<Action>) {
    ui.horizontal(|ui| {
        ui.heading(format!("Export SCORM · {}", group.label()));
        ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
            if ui
                .button("Close")
                .on_hover_text("Close the export window (Esc)")
                .clicked()
            {
                actions.push(Action::CloseExportWindow);
            }
        });
    });
}

fn name_step_ui(
    ui: &mut Ui,
    w: &mut ExportWindow,
    cx: &mut ExportWindowCtx<'_>,
    actions: &mut Vec<Action>,
) {
    ui.add_space(8.0);
    ui.label(RichText::new("Name this export").strong().size(16.0));
    hint(
        ui,
        "The name saves these settings as a preset: you will find this export under that name in \
         History and Archive, and can repeat it later. Choose a saved preset to start from it.",
    );
    ui.add_space(8.0);
    egui::Grid::new("grid-export-name")
        .num_columns(2)
        .spacing(GRID_SPACING)
        .show(ui, |ui| {
            let label = field_label(ui, "Export name");
            ui.horizontal(|ui| {
                let r = ui
                    .add(
                        egui::TextEdit::singleline(&mut w.name_input)
                            .hint_text("e.g. Moodle, Cornerstone – 1.2")
                            .desired_width(320.0),
                    )
                    .labelled_by(label.id);
                if w.focus_name {
                    r.request_focus();
                    // The proposed name is selected: typing replaces it (it was appended to:
                    // "DefaultMoodle" in a real window).
                    let mut state =
                        egui::text_edit::TextEditState::load(ui.ctx(), r.id).unwrap_or_default();
                    state
                        .cursor
                        .set_char_range(Some(egui::text::CCursorRange::select_all_str(
                            &w.name_input,
                        )));
                    state.store(ui.ctx(), r.id);
                    w.focus_name = false;
                }
                let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                if ui.button("Continue").clicked() || enter {
                    actions.push(Action::ConfirmExportName);
                }
            });
            ui.end_row();
            ui.label("");
            ui.vertical(|ui| {
                if w.esc_armed {
                    problem_line(
                        ui,
                        "Esc again closes the window without this name; Continue keeps it.",
                    );
                } else if let Some(p) = &w.name_problem {
                    problem_line(ui, p);
                } else if cx.presets.get(w.name_input.trim()).is_some() {
                    hint(
                        ui,
                        "A preset with this name exists: its settings will be loaded.",
                    );
                } else if !w.name_input.trim().is_empty() {
                    hint(
                        ui,
                        "A new preset: it starts from the default settings. To start from a \
                         saved preset, choose it below.",
                    );
                }
            });
            ui.end_row();
        });
    ui.add_space(12.0);
    ui.separator();
    ui.label(RichText::new("Saved presets").strong());
    egui::ScrollArea::vertical()
        .id_salt("name-step-presets")
        .auto_shrink([false, true])
        .show(ui, |ui| {
            if let Some(name) = presets_ui(ui, cx.presets, cx.renaming, actions) {
                w.name_input = name;
            }
        });
}

/// Below this width the settings and the preview are stacked, not side by side.
const NARROW_WINDOW: f32 = 860.0;

fn settings_step_ui(
    ui: &mut Ui,
    w: &mut ExportWindow,
    cx: &mut ExportWindowCtx<'_>,
    course: &Course,
    actions: &mut Vec<Action>,
) {
    // Export name and presets (wrapping onto a second line in a narrow window).
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("Export name");
        ui.add(egui::TextEdit::singleline(&mut cx.settings.export_name).desired_width(240.0))
            .labelled_by(label.id);
        if ui
            .button("Save preset")
            .on_hover_text("Save these settings under the export name (Ctrl+S)")
            .clicked()
        {
            actions.push(Action::SavePreset);
        }
        let names = cx.presets.names();
        if !names.is_empty() {
            let label = ui.label("Load preset");
            egui::ComboBox::from_id_salt("load-preset")
                .selected_text("Choose…")
                .width(180.0)
                // Bounded: a long list scrolls instead of covering the window.
                .height(260.0)
                .show_ui(ui, |ui| {
                    ui.set_max_width(320.0);
                    for n in &names {
                        if ui
                            .add(egui::Button::selectable(false, n.as_str()).truncate())
                            .on_hover_text(n.as_str())
                            .clicked()
                        {
                            actions.push(Action::LoadPreset(n.clone()));
                        }
                    }
                })
                .response
                .labelled_by(label.id);
        }
        ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
            // Cut, never drawn over the buttons, when the window is narrow.
            ui.add(
                egui::Label::new(
                    RichText::new(format!(
                        "{} · {}",
                        cx.settings.export_mode.label(),
                        cx.settings.scorm_version.label()
                    ))
                    .weak(),
                )
                .truncate(),
            );
        });
    });
    if !style::field_problems(ui, &w.preview.problems, SettingField::ExportName) {
        let name = cx.settings.export_name.trim();
        if let Some(p) = cx.presets.get(name)
            && p.settings != *cx.settings
        {
            hint(
                ui,
                format!("Save preset (or Export) replaces the saved preset “{name}”."),
            );
        }
    }
    ui.add_space(4.0);

    let total = ui.available_rect_before_wrap();
    let mut body = ui.new_child(UiBuilder::new().max_rect(total));
    egui::Panel::bottom("export-bottom")
        .frame(egui::Frame::new().inner_margin(egui::Margin::symmetric(0, 8)))
        .show(&mut body, |ui| bottom_ui(ui, w, cx, actions));
    let dest = crate::ui::job::with_zip_extension(std::path::Path::new(w.destination.trim()));
    if total.width() < NARROW_WINDOW {
        // Too narrow for two columns: the settings take the width, the preview follows them.
        egui::CentralPanel::no_frame().show(&mut body, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("export-settings-scroll")
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    ui.style_mut().spacing.scroll = egui::style::ScrollStyle::solid();
                    settings_groups_ui(ui, w, cx.settings, course, cx.generation, actions);
                    ui.add_space(8.0);
                    let width = ui.available_width();
                    ui.allocate_ui(egui::vec2(width, 360.0), |ui| {
                        ui.set_min_size(egui::vec2(width, 360.0));
                        preview_ui(ui, &mut w.preview, &dest);
                    });
                });
        });
        return;
    }
    let share = if total.width() < 1100.0 { 0.5 } else { 0.54 };
    let left_width = (total.width() * share).clamp(400.0, 720.0);
    egui::Panel::left("export-settings")
        .resizable(true)
        .default_size(left_width)
        .size_range(360.0..=total.width() - 300.0)
        .frame(egui::Frame::new().inner_margin(egui::Margin {
            left: 0,
            right: 10,
            top: 0,
            bottom: 0,
        }))
        .show(&mut body, |ui| {
            // A solid scroll bar takes its own room: it never covers the size column.
            ui.style_mut().spacing.scroll = egui::style::ScrollStyle::solid();
            egui::ScrollArea::vertical()
                .id_salt("export-settings-scroll")
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    settings_groups_ui(ui, w, cx.settings, course, cx.generation, actions);
                });
        });
    egui::CentralPanel::no_frame().show(&mut body, |ui| {
        ui.add_space(2.0);
        preview_ui(ui, &mut w.preview, &dest);
    });
}

fn settings_groups_ui(
    ui: &mut Ui,
    w: &mut ExportWindow,
    s: &mut ExportSettings,
    course: &Course,
    generation: u64,
    actions: &mut Vec<Action>,
) {
    let problems = w.preview.problems.clone();
    // Read by the Content and Media groups.
    w.published_media.refresh(course, generation, s);
    for (i, group) in SettingsGroup::ALL.into_iter().enumerate() {
        let count = problems
            .iter()
            .filter(|p| p.field.group() == Some(group))
            .count();
        let title = format!("{}. {}", group.number(), group.title());
        let header = if count > 0 {
            RichText::new(format!("{title}   ({count} to fix)")).color(style::error_color(ui))
        } else {
            RichText::new(title)
        };
        egui::CollapsingHeader::new(header.strong())
            .id_salt(("settings-group", i))
            .default_open(true)
            .show(ui, |ui| {
                ui.add_space(2.0);
                match group {
                    SettingsGroup::ScormVersion => panels::scorm_version_ui(
                        ui,
                        &mut s.scorm_version,
                        &mut s.export_mode,
                        w.group == ExportGroup::Multi,
                    ),
                    SettingsGroup::ExtendedAnalytics => {
                        panels::analytics_ui(ui, &mut s.extended_analytics);
                    }
                    SettingsGroup::CompletionTracking => {
                        panels::completion_ui(ui, &mut s.completion_tracking, course, &problems);
                    }
                    SettingsGroup::Content => {
                        panels::content_ui(
                            ui,
                            s,
                            course,
                            &w.published_media,
                            &problems,
                            &mut w.content_refusal,
                        );
                    }
                    SettingsGroup::Media => {
                        let needs_ffmpeg = s.media.video_resolution != Resolution::Original;
                        let ffmpeg = if needs_ffmpeg {
                            w.ffmpeg_problem().map(str::to_owned)
                        } else {
                            None
                        };
                        panels::media_ui(ui, &mut s.media, &w.published_media, ffmpeg.as_deref());
                    }
                    SettingsGroup::Reporting => panels::reporting_ui(
                        ui,
                        &mut s.reporting,
                        s.completion_tracking.mode,
                        s.scorm_version,
                        &problems,
                    ),
                    SettingsGroup::ManifestIds => {
                        let derived =
                            derive_ids(&course.title, &s.export_name, &s.manifest_ids.salt);
                        panels::manifest_ids_ui(
                            ui,
                            &mut s.manifest_ids,
                            &course.title,
                            &derived,
                            &problems,
                            actions,
                        );
                    }
                }
                ui.add_space(6.0);
            });
        ui.add_space(2.0);
    }
}

/// Where a field's problem is, for the list above Export.
fn place_of(field: SettingField) -> &'static str {
    field.group().map_or("Export name", SettingsGroup::title)
}

fn bottom_ui(
    ui: &mut Ui,
    w: &mut ExportWindow,
    cx: &ExportWindowCtx<'_>,
    actions: &mut Vec<Action>,
) {
    ui.separator();
    let problems = &w.preview.problems;
    if w.show_problems && !problems.is_empty() {
        egui::Frame::new()
            .fill(ui.visuals().error_fg_color.gamma_multiply(0.08))
            .stroke(egui::Stroke::new(1.0, ui.visuals().error_fg_color))
            .corner_radius(4.0)
            .inner_margin(egui::Margin::same(8))
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(
                    RichText::new(format!(
                        "Fix {} problem(s) to export; each is also shown by its setting:",
                        problems.len()
                    ))
                    .strong()
                    .color(style::error_color(ui)),
                );
                for p in problems.iter().take(6) {
                    problem_line(ui, &format!("{}: {}", place_of(p.field), p.message));
                }
                if problems.len() > 6 {
                    hint(ui, format!("and {} more", problems.len() - 6));
                }
            });
        ui.add_space(4.0);
    }
    let running = cx.job.is_some();
    ui.horizontal(|ui| {
        let label = ui.label("Save to");
        let field_width = (ui.available_width() - 260.0).max(160.0);
        let r = ui
            .add_enabled(
                !running,
                egui::TextEdit::singleline(&mut w.destination).desired_width(field_width),
            )
            .labelled_by(label.id)
            .on_hover_text("Where the package is written (a .zip file)");
        if r.changed() {
            w.destination_edited = true;
            w.destination_problem = None;
        }
        if ui
            .add_enabled(!running, egui::Button::new("Browse…"))
            .on_hover_text("Choose the file with the system's dialog")
            .clicked()
        {
            actions.push(Action::BrowseDestination);
        }
        let export = ui
            .add_enabled(
                !running,
                egui::Button::new(RichText::new("Export").strong())
                    .fill(ui.visuals().selection.bg_fill)
                    .min_size(egui::vec2(96.0, 0.0)),
            )
            .accessible_name("Export package")
            .on_hover_text("Validate, then write the package (Ctrl+E)");
        if export.clicked() {
            actions.push(Action::Export);
        }
    });
    if let Some(p) = &w.destination_problem {
        problem_line(ui, p);
    } else if let Some(h) = &w.destination_hint {
        hint(ui, h.as_str());
    } else if let Some(n) = w
        .destination_note
        .as_ref()
        .filter(|_| !w.destination_edited)
    {
        hint(ui, n.as_str());
    }
    if let Some(job) = cx.job {
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            let p = &job.progress;
            let text = if p.file.is_empty() {
                p.step.clone()
            } else {
                format!("{} · {}", p.step, p.file)
            };
            ui.add(
                egui::ProgressBar::new(p.fraction.clamp(0.0, 1.0))
                    .desired_width((ui.available_width() - 110.0).max(100.0))
                    .show_percentage()
                    .text(text),
            );
            if job.is_cancelling() {
                ui.label("Cancelling…");
            } else if ui.button("Cancel").clicked() {
                actions.push(Action::CancelExport);
            }
        });
    } else if let Some(outcome) = cx.last_outcome {
        ui.add_space(4.0);
        outcome_ui(ui, outcome, actions);
    }
}

/// The result of the last export: path, self-check, Open folder; or the error.
pub fn outcome_ui(ui: &mut Ui, outcome: &Outcome, actions: &mut Vec<Action>) {
    match outcome {
        Outcome::Success {
            packages,
            duration_ms,
        } => {
            let check_text = |check: &CheckReport| {
                if check.ok() {
                    format!(
                        "self-check passed ({} files, {} SCO(s){})",
                        check.entries,
                        check.scos,
                        if check.warnings.is_empty() {
                            String::new()
                        } else {
                            format!(", {} warning(s)", check.warnings.len())
                        }
                    )
                } else {
                    format!("self-check found {} problem(s)", check.problems.len())
                }
            };
            let line = |ui: &mut Ui, path: &std::path::Path, size: u64, check: &CheckReport| {
                ui.horizontal_wrapped(|ui| {
                    style::icon(
                        ui,
                        if check.ok() {
                            style::Icon::Ok
                        } else {
                            style::Icon::Error
                        },
                    );
                    ui.label(RichText::new(path.display().to_string()).monospace());
                    ui.label(format!("· {}", format_bytes(size)));
                    let color = if check.ok() {
                        style::ok_color(ui)
                    } else {
                        style::error_color(ui)
                    };
                    ui.label(RichText::new(format!("· {}", check_text(check))).color(color));
                });
                for w in &check.warnings {
                    style::icon_label(ui, style::Icon::Warning, RichText::new(w.as_str()).small());
                }
            };
            let all_ok = packages.iter().all(|(_, _, c)| c.ok());
            let total: u64 = packages.iter().map(|(_, s, _)| *s).sum();
            ui.horizontal_wrapped(|ui| {
                style::icon(
                    ui,
                    if all_ok {
                        style::Icon::Ok
                    } else {
                        style::Icon::Error
                    },
                );
                ui.label(
                    RichText::new("Exported")
                        .strong()
                        .color(style::ok_color(ui)),
                );
                if packages.len() > 1 {
                    ui.label(format!(
                        "{} packages · {} in all · {} · {}",
                        packages.len(),
                        format_bytes(total),
                        style::format_duration_ms(*duration_ms),
                        if all_ok {
                            "self-check passed for every package".to_owned()
                        } else {
                            "some packages failed the self-check".to_owned()
                        }
                    ));
                } else {
                    ui.label(format!("in {}", style::format_duration_ms(*duration_ms)));
                }
            });
            if packages.len() > 1 {
                egui::CollapsingHeader::new(format!("The {} packages", packages.len()))
                    .id_salt("outcome-packages")
                    .show(ui, |ui| {
                        egui::ScrollArea::vertical()
                            .id_salt("outcome-packages-scroll")
                            .max_height(140.0)
                            .show(ui, |ui| {
                                for (path, size, check) in packages {
                                    line(ui, path, *size, check);
                                }
                            });
                    });
            } else {
                for (path, size, check) in packages {
                    line(ui, path, *size, check);
                }
            }
            if let Some(dir) = packages
                .first()
                .and_then(|(p, _, _)| p.parent())
                .map(std::path::Path::to_path_buf)
                && ui
                    .button("Open folder")
                    .on_hover_text(dir.display().to_string())
                    .clicked()
            {
                actions.push(Action::OpenFolder(dir));
            }
            if let Some((first, _, _)) = packages.first()
                && ui
                    .button("Try in LMS")
                    .on_hover_text(
                        "Play the package in the built-in test LMS: see what an LMS records \
                         before you upload",
                    )
                    .clicked()
            {
                actions.push(Action::CloseExportWindow);
                actions.push(Action::TryPackage(first.clone()));
            }
        }
        Outcome::Failed(msg) => {
            style::icon_label(
                ui,
                style::Icon::Error,
                RichText::new("The export did not complete")
                    .strong()
                    .color(style::error_color(ui)),
            );
            ui.add(egui::Label::new(msg.as_str()).wrap());
        }
        Outcome::Cancelled => {
            style::icon_label(
                ui,
                style::Icon::Warning,
                RichText::new("The export was cancelled").strong(),
            );
            hint(
                ui,
                "Nothing was written; a package that was already there is as it was.",
            );
        }
    }
}
