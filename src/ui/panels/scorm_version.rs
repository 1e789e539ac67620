//! Group 1: SCORM version (and, for Multi export, how the course is split into packages).

use egui::Ui;

use crate::engine::settings::{ExportMode, ScormVersion};
use crate::ui::style::{GRID_SPACING, field_label, hint};

pub fn scorm_version_ui(
    ui: &mut Ui,
    version: &mut ScormVersion,
    mode: &mut ExportMode,
    multi_group: bool,
) {
    egui::Grid::new("grid-scorm-version")
        .num_columns(2)
        .spacing(GRID_SPACING)
        .show(ui, |ui| {
            let label = field_label(ui, "SCORM version");
            egui::ComboBox::from_id_salt("scorm-version")
                .selected_text(version.label())
                .show_ui(ui, |ui| {
                    for v in ScormVersion::ALL {
                        ui.selectable_value(version, v, v.label());
                    }
                })
                .response
                .labelled_by(label.id);
            ui.end_row();
            ui.label("");
            hint(
                ui,
                "Choose the newest version your LMS supports. 2004 reports completion and \
                 success separately; 1.2 combines them in one lesson status.",
            );
            ui.end_row();
            if multi_group {
                let label = field_label(ui, "Packages");
                let text = |m: ExportMode| match m {
                    ExportMode::MultiPerSection => "One package per section",
                    _ => "One package, one SCO per section",
                };
                egui::ComboBox::from_id_salt("export-mode")
                    .selected_text(text(*mode))
                    .show_ui(ui, |ui| {
                        for m in [ExportMode::Multi, ExportMode::MultiPerSection] {
                            ui.selectable_value(mode, m, text(m));
                        }
                    })
                    .response
                    .labelled_by(label.id);
                ui.end_row();
                ui.label("");
                hint(
                    ui,
                    match mode {
                        ExportMode::MultiPerSection => {
                            "Each published section becomes its own package (course-<section>.zip)."
                        }
                        _ => {
                            "One package whose sections are separate SCOs the LMS lists and tracks one by one."
                        }
                    },
                );
                ui.end_row();
            }
        });
}
