//! Group 6: Data and reporting: status format (inapplicable ones disabled, with the reason), the
//! status table for the chosen format and SCORM version (from the engine's table, the one the
//! player uses), save status, time interval and debugging.

use egui::{RichText, Ui};

use crate::engine::settings::{
    Reporting, SAVE_INTERVAL_RANGE, SaveTrigger, ScormVersion, SettingField, SettingsProblem,
    StatusFormat, TrackingMode,
};
use crate::engine::status_table::{SentValues, StatusEvent, table};
use crate::ui::style::{GRID_SPACING, field_label, field_problems, hint, problem_line, yes_no};

/// What each status format means, in one line.
fn meaning(f: StatusFormat) -> &'static str {
    match f {
        StatusFormat::PassedIncomplete => {
            "“Passed” once the learner completes the course or passes the quiz, “In progress” before."
        }
        StatusFormat::PassedFailed => {
            "The quiz outcome: “Passed” with enough points, “Failed” without."
        }
        StatusFormat::CompletedFailed => {
            "“Completed” when the quiz is passed, “Failed” when it is not."
        }
        StatusFormat::CompletedIncomplete => {
            "“Completed” once the course is finished, “In progress” before; no pass or fail."
        }
    }
}

pub fn reporting_ui(
    ui: &mut Ui,
    r: &mut Reporting,
    mode: TrackingMode,
    version: ScormVersion,
    problems: &[SettingsProblem],
) {
    egui::Grid::new("grid-reporting-format")
        .num_columns(2)
        .spacing(GRID_SPACING)
        .show(ui, |ui| {
            let label = field_label(ui, "Status format");
            ui.vertical(|ui| {
                egui::ComboBox::from_id_salt("status-format")
                    .selected_text(r.status_format.label())
                    .show_ui(ui, |ui| {
                        for f in StatusFormat::ALL {
                            let applies = f.applies_to(mode);
                            let resp = ui.add_enabled(
                                applies,
                                egui::Button::selectable(r.status_format == f, f.label()),
                            );
                            let resp = match f.not_applicable_reason(mode) {
                                Some(why) => {
                                    resp.on_disabled_hover_text(format!("Not available: it {why}."))
                                }
                                None => resp.on_hover_text(meaning(f)),
                            };
                            if resp.clicked() {
                                r.status_format = f;
                            }
                        }
                    })
                    .response
                    .labelled_by(label.id);
                hint(ui, meaning(r.status_format));
                field_problems(ui, problems, SettingField::StatusFormat);
            });
            ui.end_row();
        });

    ui.add_space(6.0);
    status_table_ui(ui, r.status_format, version, mode);
    ui.add_space(10.0);

    egui::Grid::new("grid-reporting-save")
        .num_columns(2)
        .spacing(GRID_SPACING)
        .show(ui, |ui| {
            field_label(ui, "Save status");
            ui.vertical(|ui| {
                for t in SaveTrigger::ALL {
                    let mut on = r.saves_on(t);
                    if ui
                        .checkbox(&mut on, t.label())
                        .on_hover_text(t.explanation())
                        .changed()
                    {
                        r.set_save_on(t, on);
                    }
                    ui.indent(t.key(), |ui| {
                        ui.label(RichText::new(t.explanation()).small().weak());
                    });
                }
                field_problems(ui, problems, SettingField::SaveOn);
            });
            ui.end_row();

            let label = field_label(ui, "Time interval, sec.");
            let enabled = r.saves_on(SaveTrigger::Interval);
            ui.vertical(|ui| {
                ui.add_enabled_ui(enabled, |ui| {
                    ui.horizontal(|ui| {
                        let slider = ui
                            .add(
                                egui::Slider::new(
                                    &mut r.save_interval_seconds,
                                    SAVE_INTERVAL_RANGE,
                                )
                                .show_value(false),
                            )
                            .labelled_by(label.id)
                            .on_disabled_hover_text(
                                "Used only when Save status includes Interval.",
                            );
                        super::completion::keep_focus_after_drag(&slider);
                        ui.add(
                            egui::DragValue::new(&mut r.save_interval_seconds)
                                .range(SAVE_INTERVAL_RANGE)
                                .suffix(" s"),
                        )
                        .accessible_name("Time interval value (seconds)")
                        .on_disabled_hover_text("Used only when Save status includes Interval.");
                    });
                });
                hint(
                    ui,
                    if enabled {
                        format!(
                            "Commits every {} s while something changed (5–120 s).",
                            r.save_interval_seconds
                        )
                    } else {
                        "Tick Interval under Save status to use it.".to_owned()
                    },
                );
                field_problems(ui, problems, SettingField::SaveInterval);
            });
            ui.end_row();

            field_label(ui, "Debugging");
            ui.vertical(|ui| {
                yes_no(ui, "Debugging", &mut r.debug);
                hint(
                    ui,
                    if r.debug {
                        "The course shows a debug panel listing every call to the LMS."
                    } else {
                        "No debug panel (use Yes to diagnose an LMS)."
                    },
                );
            });
            ui.end_row();
        });
}

fn value_text(v: Option<&String>) -> RichText {
    match v {
        Some(s) => RichText::new(s.as_str()).monospace(),
        None => RichText::new("Not applicable").weak().italics(),
    }
}

/// The exact values the package sends at start, quiz pass, quiz fail and viewed threshold.
pub fn status_table_ui(
    ui: &mut Ui,
    format: StatusFormat,
    version: ScormVersion,
    mode: TrackingMode,
) {
    let t = match table() {
        Ok(t) => t,
        Err(e) => {
            problem_line(ui, &format!("The status table could not be read: {e}"));
            return;
        }
    };
    ui.label(
        RichText::new(format!(
            "Statuses sent to the LMS — {} · {}",
            format.label(),
            version.label()
        ))
        .strong(),
    );
    egui::Frame::new()
        .stroke(ui.visuals().widgets.noninteractive.bg_stroke)
        .corner_radius(4.0)
        .inner_margin(egui::Margin::same(8))
        .show(ui, |ui| {
            egui::Grid::new("status-table")
                .num_columns(3)
                .striped(true)
                .spacing([16.0, 6.0])
                .show(ui, |ui| {
                    ui.label(RichText::new("Event").strong());
                    if version.is_2004() {
                        ui.label(RichText::new("cmi.completion_status").strong().monospace());
                        ui.label(RichText::new("cmi.success_status").strong().monospace());
                    } else {
                        ui.label(RichText::new("cmi.core.lesson_status").strong().monospace());
                        ui.label("");
                    }
                    ui.end_row();
                    for e in StatusEvent::ALL {
                        let happens = e.happens_with(mode);
                        let mut label = RichText::new(e.label());
                        if !happens {
                            label = label.weak();
                        }
                        ui.label(label).on_hover_text(if happens {
                            "Happens with this completion tracking."
                        } else {
                            "Does not happen with the chosen completion tracking."
                        });
                        match t.sent(format, version, e) {
                            SentValues::Scorm2004 {
                                completion_status,
                                success_status,
                            } => {
                                ui.label(value_text(completion_status.as_ref()));
                                ui.label(value_text(success_status.as_ref()));
                            }
                            SentValues::Scorm12 { lesson_status } => {
                                ui.label(value_text(lesson_status.as_ref()));
                                ui.label("");
                            }
                        }
                        ui.end_row();
                    }
                });
        });
    hint(
        ui,
        "Greyed rows do not happen with the chosen completion tracking. “Not applicable”: \
         nothing is written for that element.",
    );
}
