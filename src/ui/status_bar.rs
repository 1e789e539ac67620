//! The bottom bar: the running export (progress and Cancel, from any tab) or the last result,
//! and where the app keeps its files.

use egui::{Align, Layout, RichText, Ui};

use super::action::Action;
use super::job::{ExportJob, Outcome};
use super::style;

pub fn status_bar_ui(
    ui: &mut Ui,
    job: Option<&ExportJob>,
    last_outcome: Option<&Outcome>,
    actions: &mut Vec<Action>,
) {
    ui.add_space(3.0);
    ui.horizontal(|ui| {
        if let Some(job) = job {
            let p = &job.progress;
            ui.label(RichText::new(format!("Exporting “{}”", job.settings.export_name)).strong());
            ui.add(
                egui::ProgressBar::new(p.fraction.clamp(0.0, 1.0))
                    .desired_width(220.0)
                    .show_percentage(),
            );
            ui.label(
                RichText::new(if p.file.is_empty() {
                    p.step.clone()
                } else {
                    format!("{} · {}", p.step, p.file)
                })
                .small(),
            );
            if job.is_cancelling() {
                ui.label("Cancelling…");
            } else if ui
                .button("Cancel export")
                .on_hover_text("Stop; nothing is left behind")
                .clicked()
            {
                actions.push(Action::CancelExport);
            }
        } else {
            match last_outcome {
                Some(Outcome::Success { packages, .. }) => {
                    style::icon(ui, style::Icon::Ok);
                    ui.label(RichText::new("Last export:").color(style::ok_color(ui)));
                    if let Some((p, _, _)) = packages.first() {
                        ui.label(RichText::new(p.display().to_string()).small().monospace());
                    }
                }
                Some(Outcome::Failed(msg)) => {
                    style::icon(ui, style::Icon::Error);
                    ui.label(RichText::new("Last export failed").color(style::error_color(ui)))
                        .on_hover_text(msg.as_str());
                }
                Some(Outcome::Cancelled) => {
                    style::icon(ui, style::Icon::Warning);
                    ui.label("Last export cancelled");
                }
                None => {
                    ui.label(RichText::new("Ready").weak());
                }
            }
        }
        ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
            ui.label(
                RichText::new("Ctrl+E export · Ctrl+S save preset · Esc close")
                    .small()
                    .weak(),
            );
        });
    });
    ui.add_space(1.0);
}
