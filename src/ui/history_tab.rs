//! History: every export run, newest first, filterable by name. Reopen loads the run's settings
//! exactly; Export again repeats it.

use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

use super::action::Action;
use super::style::{self, format_bytes, format_duration_ms, hint};
use crate::engine::clock::format_utc_minutes;
use crate::engine::settings::ScormVersion;
use crate::engine::store::{History, RunOutcome};

/// The tab's own state: the filter typed so far.
#[derive(Debug, Default)]
pub struct HistoryTab {
    filter: String,
}

/// What the History tab shows.
pub struct HistoryCtx<'a> {
    pub history: &'a History,
    /// Export again waits while an export runs.
    pub export_running: bool,
}

/// The SCORM column's short text.
fn short_version(v: ScormVersion) -> &'static str {
    match v {
        ScormVersion::Scorm12 => "1.2",
        ScormVersion::Scorm2004_3rd => "2004 3rd",
        ScormVersion::Scorm2004_4th => "2004 4th",
    }
}

impl HistoryTab {
    pub fn ui(&mut self, ui: &mut Ui, cx: HistoryCtx<'_>, actions: &mut Vec<Action>) {
        history_ui(ui, &mut self.filter, &cx, actions);
    }
}

fn history_ui(ui: &mut Ui, filter: &mut String, cx: &HistoryCtx<'_>, actions: &mut Vec<Action>) {
    let history = cx.history;
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        let label = ui.label("Filter by name");
        ui.add(
            egui::TextEdit::singleline(filter)
                .hint_text("export name")
                .desired_width(240.0),
        )
        .labelled_by(label.id);
        if !filter.is_empty() && ui.button("Clear").clicked() {
            filter.clear();
        }
        ui.label(
            RichText::new(format!("{} run(s) in all", history.runs.len()))
                .weak()
                .small(),
        );
    });
    ui.add_space(6.0);
    // Newest first, as `history.runs`.
    let rows = history.filtered(filter);
    if rows.is_empty() {
        ui.add_space(12.0);
        hint(
            ui,
            if history.runs.is_empty() {
                "No exports yet. Every export run is listed here, with its settings."
            } else {
                "No run matches the filter."
            },
        );
        return;
    }
    let running = cx.export_running;
    let row_height = ui.spacing().interact_size.y + 6.0;
    // Narrow windows leave out the Course column (the export name's tooltip names the course).
    let wide = ui.available_width() >= 1150.0;
    if ui.available_width() < TABLE_MIN_WIDTH {
        // Too narrow for the table: one card per run, its actions wrapping under it.
        runs_list(ui, history, &rows, running, actions);
        return;
    }
    runs_table(ui, history, &rows, wide, running, row_height, actions);
}

/// The runs as a list of cards (narrow windows): what, when, how it ended, and the actions.
fn runs_list(
    ui: &mut Ui,
    history: &History,
    rows: &[&crate::engine::store::HistoryEntry],
    running: bool,
    actions: &mut Vec<Action>,
) {
    egui::ScrollArea::vertical()
        .id_salt("history-list")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for &r in rows {
                let Some(i) = history.runs.iter().position(|h| std::ptr::eq(h, r)) else {
                    continue;
                };
                let outcome = match r.run_outcome() {
                    RunOutcome::Done => "OK",
                    RunOutcome::Cancelled => "Cancelled",
                    RunOutcome::Failed => "Failed",
                };
                ui.horizontal_wrapped(|ui| {
                    ui.label(format_utc_minutes(
                        std::time::UNIX_EPOCH + std::time::Duration::from_secs(r.at),
                    ));
                    ui.label(RichText::new(r.export_name.as_str()).strong());
                    ui.label(short_version(r.settings.scorm_version));
                    ui.label(outcome)
                        .on_hover_text(r.error.as_deref().unwrap_or("Exported"));
                });
                ui.horizontal_wrapped(|ui| row_actions(ui, r, i, running, actions));
                ui.separator();
            }
        });
}

/// Below this width the runs are cards instead of a table (the table's columns need it).
const TABLE_MIN_WIDTH: f32 = 980.0;

#[allow(clippy::too_many_arguments)]
fn runs_table(
    ui: &mut Ui,
    history: &History,
    rows: &[&crate::engine::store::HistoryEntry],
    wide: bool,
    running: bool,
    row_height: f32,
    actions: &mut Vec<Action>,
) {
    let mut table = TableBuilder::new(ui)
        .id_salt("history-table")
        .striped(true)
        .resizable(false)
        .auto_shrink([false, false])
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(Column::exact(112.0))
        .column(Column::initial(120.0).at_least(80.0).clip(true));
    if wide {
        table = table.column(Column::initial(160.0).at_least(80.0).clip(true));
    }
    let mut headers = vec!["Date (UTC)", "Export name"];
    if wide {
        headers.push("Course");
    }
    headers.extend([
        "SCORM",
        "Status format",
        "Output",
        "Size",
        "Duration",
        "Result",
        "",
    ]);
    table
        .column(Column::exact(68.0))
        .column(Column::initial(128.0).at_least(80.0).clip(true))
        .column(Column::remainder().at_least(100.0).clip(true))
        .column(Column::exact(62.0))
        .column(Column::exact(66.0))
        .column(Column::exact(88.0))
        .column(Column::exact(270.0))
        .header(24.0, |mut header| {
            for h in &headers {
                header.col(|ui| {
                    ui.label(RichText::new(*h).strong());
                });
            }
        })
        .body(|body| {
            body.rows(row_height, rows.len(), |mut row| {
                let Some(&r) = rows.get(row.index()) else {
                    return;
                };
                // Actions name the run by its place in `history.runs` (only drawn rows look).
                let Some(i) = history.runs.iter().position(|h| std::ptr::eq(h, r)) else {
                    return;
                };
                row.col(|ui| {
                    ui.label(format_utc_minutes(
                        std::time::UNIX_EPOCH + std::time::Duration::from_secs(r.at),
                    ));
                });
                row.col(|ui| {
                    ui.label(RichText::new(r.export_name.as_str()).strong())
                        .on_hover_text(format!("{} ({})", r.course_title, r.course_dir.display()));
                });
                if wide {
                    row.col(|ui| {
                        ui.label(r.course_title.as_str())
                            .on_hover_text(r.course_dir.display().to_string());
                    });
                }
                row.col(|ui| {
                    ui.label(short_version(r.settings.scorm_version));
                });
                row.col(|ui| {
                    ui.label(r.settings.reporting.status_format.label());
                });
                row.col(|ui| {
                    let text = match r.outputs.as_slice() {
                        [] => "—".to_owned(),
                        [one] => one.display().to_string(),
                        [first, rest @ ..] => {
                            format!("{} (+{} more)", first.display(), rest.len())
                        }
                    };
                    let all = r
                        .outputs
                        .iter()
                        .map(|o| o.display().to_string())
                        .collect::<Vec<_>>()
                        .join("\n");
                    ui.label(RichText::new(text).monospace().small())
                        .on_hover_text(if all.is_empty() {
                            "No file was written".into()
                        } else {
                            all
                        });
                });
                row.col(|ui| {
                    ui.label(if r.succeeded() {
                        format_bytes(r.size)
                    } else {
                        "—".into()
                    });
                });
                row.col(|ui| {
                    ui.label(format_duration_ms(r.duration_ms));
                });
                row.col(|ui| match &r.error {
                    None => {
                        style::icon(ui, style::Icon::Ok);
                        ui.label(RichText::new("OK").color(style::ok_color(ui)));
                    }
                    Some(e) => {
                        let (kind, short) = match r.run_outcome() {
                            RunOutcome::Cancelled => (style::Icon::Warning, "Cancelled"),
                            _ => (style::Icon::Error, "Failed"),
                        };
                        style::icon(ui, kind).on_hover_text(e.as_str());
                        ui.label(RichText::new(short).color(kind.color(ui)))
                            .on_hover_text(e.as_str());
                    }
                });
                row.col(|ui| row_actions(ui, r, i, running, actions));
            });
        });
}

/// Reopen, Export again and Try in LMS for run `i` (`r`).
fn row_actions(
    ui: &mut Ui,
    r: &crate::engine::store::HistoryEntry,
    i: usize,
    running: bool,
    actions: &mut Vec<Action>,
) {
    if ui
        .button("Reopen")
        .on_hover_text("Open the Export window with this run's settings")
        .clicked()
    {
        actions.push(Action::Reopen(i));
    }
    if ui
        .add_enabled(!running, egui::Button::new("Export again"))
        .on_hover_text("Run the same export again, to the same file")
        .clicked()
    {
        actions.push(Action::ExportAgain(i));
    }
    // The package this run wrote, while it is still there.
    if let Some(pkg) = r.outputs.iter().find(|o| o.is_file())
        && ui
            .button("Try in LMS")
            .on_hover_text(format!("Play {} in the built-in test LMS", pkg.display()))
            .clicked()
    {
        actions.push(Action::TryPackage(pkg.clone()));
    }
}
