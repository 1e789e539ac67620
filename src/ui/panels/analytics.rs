//! Group 2: Extended analytics.

use egui::Ui;

use crate::ui::style::{GRID_SPACING, field_label, hint, yes_no};

pub fn analytics_ui(ui: &mut Ui, extended_analytics: &mut bool) {
    egui::Grid::new("grid-analytics")
        .num_columns(2)
        .spacing(GRID_SPACING)
        .show(ui, |ui| {
            field_label(ui, "Extended analytics");
            yes_no(ui, "Extended analytics", extended_analytics);
            ui.end_row();
            ui.label("");
            hint(
                ui,
                if *extended_analytics {
                    "Each quiz answer is sent as an interaction (question, answer, result, time), \
                     so the LMS can report per question."
                } else {
                    "Only the status and the score are sent."
                },
            );
            ui.end_row();
        });
}
