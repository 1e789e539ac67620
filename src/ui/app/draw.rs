//! The main window's layout: header and tabs on top, the status bar at the bottom, notices and
//! the current tab in the middle, and the windows over it (Export, confirmations, info).
//! Each view gets a narrow context built here from the app's fields; drawing returns the
//! actions to apply.

use egui::{Align, Layout, RichText, Ui};

use super::{App, Confirm, CourseLoadError, InfoDialog};
use crate::ui::action::{Action, ExportGroup, Tab};
use crate::ui::archive_tab::{ArchiveCtx, archive_tab_ui, package_display_name};
use crate::ui::export_tab::export_tab_ui;
use crate::ui::export_window::ExportWindowCtx;
use crate::ui::header::{HeaderCtx, header_ui};
use crate::ui::history_tab::HistoryCtx;
use crate::ui::notice::{NOTICE_EXPIRES_S, notices_ui};
use crate::ui::preview::manifest_lines_ui;
use crate::ui::status_bar::status_bar_ui;
use crate::ui::style::{self, hint, problem_line};
use crate::ui::try_panel::{TryCtx, try_panel_ui};

impl App {
    /// Draw one frame and return what the user asked for.
    pub(super) fn draw(&mut self, ui: &mut Ui) -> Vec<Action> {
        let mut actions = Vec::new();
        let ctx = ui.ctx().clone();
        if self.egui_ctx.is_none() {
            self.egui_ctx = Some(ctx.clone());
        }
        if !self.style_installed {
            self.install_style(&ctx);
            self.style_installed = true;
        }
        self.shortcuts(&ctx, &mut actions);
        // Successes and infos go away by themselves; look again when the next one is due.
        let now = ctx.input(|i| i.time);
        if self.notices.iter().any(crate::ui::notice::Notice::expires) {
            actions.push(Action::ExpireNotices(now));
            let next = self
                .notices
                .iter()
                .filter(|n| n.expires())
                .map(|n| {
                    n.shown_at
                        .map_or(NOTICE_EXPIRES_S, |t| t + NOTICE_EXPIRES_S - now)
                })
                .fold(NOTICE_EXPIRES_S, f64::min)
                .max(0.05);
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(next));
        }

        egui::Panel::top("header")
            .frame(
                egui::Frame::side_top_panel(ui.style())
                    .inner_margin(egui::Margin::symmetric(16, 6)),
            )
            .show(ui, |ui| {
                let header = HeaderCtx {
                    course: self.course.as_ref().map(|c| c.course.as_ref()),
                    dark_mode: self.state.dark_mode,
                    recent_courses: &self.state.recent_courses,
                    tab: self.state.last_tab,
                    dialog_pending: self.pending_dialog.is_some(),
                    job: self.job.as_ref(),
                    course_path_field: self.course_path_field.as_mut(),
                };
                header_ui(ui, header, &mut actions);
            });
        egui::Panel::bottom("status-bar")
            .frame(
                egui::Frame::side_top_panel(ui.style())
                    .inner_margin(egui::Margin::symmetric(16, 4)),
            )
            .show(ui, |ui| {
                status_bar_ui(
                    ui,
                    self.job.as_ref(),
                    self.last_outcome.as_ref(),
                    &mut actions,
                );
            });
        if self.tryout.is_some() || self.try_path_field.is_some() {
            egui::Panel::bottom("try-panel")
                .frame(
                    egui::Frame::side_top_panel(ui.style())
                        .inner_margin(egui::Margin::symmetric(16, 8)),
                )
                .show(ui, |ui| {
                    try_panel_ui(
                        ui,
                        TryCtx {
                            run: self.tryout.as_ref(),
                            path_field: self.try_path_field.as_mut(),
                        },
                        &mut actions,
                    );
                });
            if self.tryout.is_some() {
                // The page reports through the server: look again twice a second.
                ctx.request_repaint_after(std::time::Duration::from_millis(500));
            }
        }
        egui::CentralPanel::default_margins()
            .frame(
                egui::Frame::central_panel(ui.style()).inner_margin(egui::Margin::symmetric(16, 8)),
            )
            .show(ui, |ui| {
                // While the Export window is open its notices are drawn in it, where the user is.
                if self.export_window.is_none() {
                    notices_ui(ui, &self.notices, &mut actions);
                }
                if let Some(err) = &self.course_error {
                    course_error_ui(ui, err, self.course.is_some());
                }
                match self.state.last_tab {
                    Tab::Export => export_tab_ui(
                        ui,
                        self.course.as_ref().map(|c| c.course.as_ref()),
                        &self.presets,
                        &mut self.renaming,
                        &mut actions,
                    ),
                    Tab::History => self.history_tab.ui(
                        ui,
                        HistoryCtx {
                            history: &self.history,
                            export_running: self.job.is_some(),
                        },
                        &mut actions,
                    ),
                    Tab::Archive => archive_tab_ui(
                        ui,
                        ArchiveCtx {
                            entries: &self.archive_entries,
                            dir: &self.archive.dir,
                            copy_field: self.archive_copy_field.as_mut(),
                        },
                        &mut actions,
                    ),
                }
            });

        if let Some(w) = &mut self.export_window {
            match &self.course {
                Some(loaded) => w.ui(
                    &ctx,
                    ExportWindowCtx {
                        course: &loaded.course,
                        generation: loaded.generation,
                        settings: &mut self.settings,
                        presets: &self.presets,
                        renaming: &mut self.renaming,
                        job: self.job.as_ref(),
                        last_outcome: self.last_outcome.as_ref(),
                        notices: &self.notices,
                    },
                    &mut actions,
                ),
                // The course went away (a failed reopen keeps the old one, so this is rare).
                None => actions.push(Action::CloseExportWindow),
            }
        }
        self.confirm_ui(&ctx, &mut actions);
        self.info_ui(&ctx, &mut actions);
        actions
    }

    fn shortcuts(&self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        use egui::{Key, KeyboardShortcut, Modifiers};
        let export = KeyboardShortcut::new(Modifiers::COMMAND, Key::E);
        let save = KeyboardShortcut::new(Modifiers::COMMAND, Key::S);
        let quit = KeyboardShortcut::new(Modifiers::COMMAND, Key::Q);
        // Quit as any desktop app does; closing through eframe saves the window state.
        if ctx.input_mut(|i| i.consume_shortcut(&quit)) {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
        if self.confirm.is_some() || self.info.is_some() {
            return;
        }
        if ctx.input_mut(|i| i.consume_shortcut(&export)) {
            if self.export_window.is_some() {
                actions.push(Action::Export);
            } else if self.course.is_some() {
                actions.push(Action::OpenExportWindow(ExportGroup::Single));
            }
        }
        if ctx.input_mut(|i| i.consume_shortcut(&save)) && self.export_window.is_some() {
            actions.push(Action::SavePreset);
        }
    }

    fn confirm_ui(&self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        let Some(c) = &self.confirm else {
            return;
        };
        if let Confirm::ReplacePackages { existing } = c {
            Self::replace_ui(ctx, existing, actions);
            return;
        }
        let (question, detail, yes) = match c {
            Confirm::ReplacePackages { .. } => return,
            Confirm::DeletePreset(name) => (
                format!("Delete the preset “{name}”?"),
                "Its settings are removed from the presets file. History and Archive keep theirs."
                    .to_owned(),
                Action::DeletePreset(name.clone()),
            ),
            Confirm::DeleteArchived(path) => (
                format!("Delete {} from the archive?", package_display_name(path)),
                "The archived copy is removed from disk. Packages saved elsewhere are not touched."
                    .to_owned(),
                Action::DeleteArchived(path.clone()),
            ),
        };
        let frame = egui::Frame::popup(&ctx.global_style())
            .inner_margin(egui::Margin::same(16))
            .corner_radius(8.0);
        let r = egui::Modal::new(egui::Id::unique("confirm"))
            .frame(frame)
            .show(ctx, |ui| {
                ui.set_max_width(440.0);
                ui.label(RichText::new(question).strong().size(16.0));
                ui.add_space(4.0);
                ui.add(egui::Label::new(detail).wrap());
                ui.add_space(10.0);
                ui.horizontal(|ui| {
                    if ui
                        .button(RichText::new("Delete").color(style::error_color(ui)))
                        .clicked()
                    {
                        actions.push(yes.clone());
                    }
                    if ui.button("Keep").clicked() {
                        actions.push(Action::CloseConfirm);
                    }
                });
            });
        if r.should_close() {
            actions.push(Action::CloseConfirm);
        }
    }

    /// Export would replace files: say which, and offer Replace, Keep both or Cancel.
    fn replace_ui(ctx: &egui::Context, existing: &[std::path::PathBuf], actions: &mut Vec<Action>) {
        let frame = egui::Frame::popup(&ctx.global_style())
            .inner_margin(egui::Margin::same(16))
            .corner_radius(8.0);
        let r = egui::Modal::new(egui::Id::unique("confirm-replace"))
            .frame(frame)
            .show(ctx, |ui| {
                ui.set_max_width(520.0);
                let question = match existing {
                    [one] => format!(
                        "Replace {}?",
                        one.file_name().unwrap_or_default().to_string_lossy()
                    ),
                    many => format!("Replace {} existing packages?", many.len()),
                };
                ui.label(RichText::new(question).strong().size(16.0));
                ui.add_space(4.0);
                ui.add(
                    egui::Label::new(
                        "A file with this name is already there — perhaps another course's \
                         package with the same title. Replace it, or keep both (the new package \
                         gets a numbered name).",
                    )
                    .wrap(),
                );
                for p in existing.iter().take(5) {
                    ui.label(RichText::new(p.display().to_string()).monospace().small());
                }
                if existing.len() > 5 {
                    ui.label(format!("… and {} more", existing.len() - 5));
                }
                ui.add_space(10.0);
                ui.horizontal(|ui| {
                    if ui
                        .button(RichText::new("Replace").color(style::error_color(ui)))
                        .clicked()
                    {
                        actions.push(Action::ExportReplacing);
                    }
                    if ui.button("Keep both").clicked() {
                        actions.push(Action::ExportKeepingBoth);
                    }
                    if ui.button("Cancel").clicked() {
                        actions.push(Action::CloseConfirm);
                    }
                });
            });
        if r.should_close() {
            actions.push(Action::CloseConfirm);
        }
    }

    fn info_ui(&self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        let Some(info) = &self.info else {
            return;
        };
        let screen = ctx.content_rect();
        let frame = egui::Frame::popup(&ctx.global_style())
            .inner_margin(egui::Margin::same(16))
            .corner_radius(8.0);
        let r = egui::Modal::new(egui::Id::unique("info"))
            .frame(frame)
            .show(ctx, |ui| match info {
                InfoDialog::Manifest { title, text, lines } => {
                    let size = egui::vec2(
                        (screen.width() - 120.0).min(980.0),
                        (screen.height() - 140.0).max(200.0),
                    );
                    ui.set_width(size.x);
                    ui.horizontal(|ui| {
                        ui.heading(format!("imsmanifest.xml of {title}"));
                        ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                            if ui.button("Close").clicked() {
                                actions.push(Action::CloseInfo);
                            }
                            if ui.button("Copy manifest").clicked() {
                                ui.ctx().copy_text(text.clone());
                            }
                        });
                    });
                    ui.add_space(6.0);
                    egui::Frame::new()
                        .fill(ui.visuals().extreme_bg_color)
                        .stroke(ui.visuals().widgets.noninteractive.bg_stroke)
                        .corner_radius(4.0)
                        .inner_margin(egui::Margin::same(8))
                        .show(ui, |ui| {
                            ui.allocate_ui(size, |ui| {
                                ui.set_min_size(size);
                                manifest_lines_ui(ui, "archive-manifest", lines);
                            });
                        });
                }
                InfoDialog::Check { title, report } => {
                    ui.set_max_width(620.0);
                    ui.heading(format!("Check of {title}"));
                    ui.add_space(4.0);
                    if report.ok() {
                        style::icon_label(
                        ui,
                        style::Icon::Ok,
                        RichText::new(format!(
                            "The package passed the self-check: {} files, {} SCO(s), schema {}.",
                            report.entries,
                            report.scos,
                            report.schema_version.as_deref().unwrap_or("?")
                        ))
                        .color(style::ok_color(ui)),
                    );
                    } else {
                        style::icon_label(
                            ui,
                            style::Icon::Error,
                            RichText::new(format!("{} problem(s) found:", report.problems.len()))
                                .color(style::error_color(ui)),
                        );
                    }
                    egui::ScrollArea::vertical()
                        .max_height(300.0)
                        .show(ui, |ui| {
                            for p in &report.problems {
                                problem_line(ui, p);
                            }
                            for w in &report.warnings {
                                ui.label(
                                    RichText::new(format!("• {w}"))
                                        .color(ui.visuals().warn_fg_color),
                                );
                            }
                        });
                    ui.add_space(8.0);
                    if ui.button("Close").clicked() {
                        actions.push(Action::CloseInfo);
                    }
                }
            });
        if r.should_close() {
            actions.push(Action::CloseInfo);
        }
    }
}

/// The course folder that did not open, with every problem.
fn course_error_ui(ui: &mut Ui, err: &CourseLoadError, previous_open: bool) {
    style::card(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(
            RichText::new(format!("Could not open {}", err.dir.display()))
                .strong()
                .color(style::error_color(ui)),
        );
        egui::ScrollArea::vertical()
            .id_salt("course-problems")
            .max_height(160.0)
            .show(ui, |ui| {
                for p in &err.problems {
                    problem_line(ui, p);
                }
            });
        if previous_open {
            hint(ui, "The previous course stays open.");
        }
    });
    ui.add_space(6.0);
}
