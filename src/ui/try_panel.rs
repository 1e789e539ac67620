//! The test LMS in the studio: *Try in LMS* plays a package in the browser on a page served
//! from 127.0.0.1 (the engine's `tryout`), and this panel at the bottom of the window shows the
//! live outcome — what the LMS recorded, what the status table expects, the API calls and
//! errors so far — with Stop. The page itself has the full call log and data model.

use std::path::PathBuf;

use egui::{RichText, Ui};

use crate::engine::tryout::{Summary, TryServer};
use crate::ui::action::Action;
use crate::ui::style::{self, hint};

/// A running test LMS.
pub struct TryRun {
    pub server: TryServer,
    pub package: PathBuf,
    /// Where the run's record is kept (the data folder's `tries/`).
    pub record: PathBuf,
    /// Why the browser could not be opened, if it could not.
    pub browser_error: Option<String>,
}

/// What the panel shows: the run, or the "type a path" fallback of Try a package….
pub struct TryCtx<'a> {
    pub run: Option<&'a TryRun>,
    pub path_field: Option<&'a mut String>,
}

fn file_name(p: &std::path::Path) -> String {
    p.file_name().map_or_else(
        || p.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

fn pairs_text(pairs: &[(String, String)]) -> String {
    if pairs.is_empty() {
        return "nothing yet".into();
    }
    pairs
        .iter()
        .map(|(k, v)| format!("{k}: {v}"))
        .collect::<Vec<_>>()
        .join(" · ")
}

pub fn try_panel_ui(ui: &mut Ui, cx: TryCtx<'_>, actions: &mut Vec<Action>) {
    if let Some(text) = cx.path_field {
        ui.horizontal(|ui| {
            let label = ui.label("Package to try");
            let r = ui
                .add(
                    egui::TextEdit::singleline(text)
                        .hint_text("/path/to/package.zip")
                        .desired_width(420.0),
                )
                .labelled_by(label.id);
            // Shown after Try a package… found no dialog: ready to type.
            if text.is_empty() && ui.memory(|m| m.focused().is_none()) {
                r.request_focus();
            }
            let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if ui.button("Try").clicked() || enter {
                actions.push(Action::TryPackage(PathBuf::from(text.trim())));
            }
            if ui.button("Cancel").clicked() {
                actions.push(Action::CloseTryPathField);
            }
        });
        hint(
            ui,
            "No file dialog is available here: type the path of a SCORM zip (made by any tool).",
        );
    }
    let Some(run) = cx.run else {
        return;
    };
    let summary: Summary = run.server.record().summary();
    ui.horizontal(|ui| {
        ui.label(RichText::new("Test LMS").strong());
        ui.label(file_name(&run.package))
            .on_hover_text(run.package.display().to_string());
        ui.label(RichText::new(run.server.url()).monospace())
            .on_hover_text("The test page: open it in any browser on this computer");
        if ui
            .button("Open page")
            .on_hover_text("Open the test page in the browser again")
            .clicked()
        {
            actions.push(Action::OpenTryPage);
        }
        if ui
            .button("Stop")
            .on_hover_text("Stop the test LMS (the record stays in the data folder)")
            .clicked()
        {
            actions.push(Action::StopTry);
        }
    });
    if let Some(e) = &run.browser_error {
        hint(
            ui,
            format!(
                "The browser could not be opened ({e}): open {} yourself.",
                run.server.url()
            ),
        );
    }
    egui::Grid::new("try-outcome")
        .num_columns(2)
        .spacing(style::GRID_SPACING)
        .show(ui, |ui| {
            ui.label("LMS recorded");
            ui.label(pairs_text(&summary.reached));
            ui.end_row();
            if !summary.expected.is_empty() {
                ui.label("Status table expects");
                ui.horizontal(|ui| {
                    ui.label(pairs_text(&summary.expected));
                    match summary.matches {
                        Some(true) => {
                            style::icon_label(ui, style::Icon::Ok, RichText::new("reached"));
                        }
                        _ => {
                            ui.label(RichText::new("not reached yet").weak());
                        }
                    }
                });
                ui.end_row();
            }
            ui.label("API calls");
            ui.horizontal(|ui| {
                ui.label(format!(
                    "{} call(s) in {} session(s), attempt {}",
                    summary.calls,
                    summary.sessions,
                    summary.attempts.max(1)
                ));
                if summary.errors > 0 {
                    style::icon_label(
                        ui,
                        style::Icon::Error,
                        RichText::new(format!("{} error(s)", summary.errors))
                            .color(style::error_color(ui)),
                    );
                } else {
                    ui.label("no errors");
                }
            });
            ui.end_row();
            if let Some(last) = &summary.last_error {
                ui.label("Last error");
                ui.label(
                    RichText::new(last)
                        .monospace()
                        .color(style::error_color(ui)),
                );
                ui.end_row();
            }
        });
    match run.server.write_error() {
        Some(e) => hint(ui, format!("The record could not be saved: {e}")),
        None => hint(
            ui,
            format!(
                "Every API call and the data model are on the test page; the record of this run \
                 is kept in {}",
                run.record.display()
            ),
        ),
    };
}
