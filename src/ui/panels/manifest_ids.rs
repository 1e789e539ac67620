//! Group 7: Manifest identifiers: New (derived ids, shown, with Regenerate) or Custom (three fields,
//! each validated as you type with the reason shown).

use egui::{RichText, Ui};

use crate::engine::ids::ResolvedIds;
use crate::engine::settings::{IdMode, ManifestIds, SettingField, SettingsProblem};
use crate::ui::action::Action;
use crate::ui::style::{GRID_SPACING, field_label, field_problems, hint};

pub fn manifest_ids_ui(
    ui: &mut Ui,
    m: &mut ManifestIds,
    course_title: &str,
    derived: &ResolvedIds,
    problems: &[SettingsProblem],
    actions: &mut Vec<Action>,
) {
    egui::Grid::new("grid-manifest-ids")
        .num_columns(2)
        .spacing(GRID_SPACING)
        .show(ui, |ui| {
            let label = field_label(ui, "Manifest IDs");
            let text = |mode: IdMode| match mode {
                IdMode::New => "New",
                IdMode::Custom => "Custom",
            };
            let before = m.mode;
            egui::ComboBox::from_id_salt("manifest-id-mode")
                .selected_text(text(m.mode))
                .show_ui(ui, |ui| {
                    for mode in [IdMode::New, IdMode::Custom] {
                        ui.selectable_value(&mut m.mode, mode, text(mode));
                    }
                })
                .response
                .labelled_by(label.id);
            if before == IdMode::New && m.mode == IdMode::Custom {
                // Chosen here, for the course that is open.
                m.for_course = Some(course_title.to_owned());
                // Start from the ids the last export used, which is what updating a course needs.
                if m.identifier.is_empty() && m.organization_id.is_empty() && m.item_id.is_empty() {
                    m.identifier = derived.manifest.clone();
                    m.organization_id = derived.organization.clone();
                    m.item_id = derived.item.clone();
                }
            }
            ui.end_row();
            ui.label("");
            hint(
                ui,
                match m.mode {
                    IdMode::New => {
                        "Generated from the course and the export name: re-exporting this preset \
                         updates the same course in the LMS. Regenerate to make the LMS treat it \
                         as a new course."
                    }
                    IdMode::Custom => {
                        "Use the ids of a course already in the LMS to replace it there. Letters, \
                         digits, “.”, “-”, “_”; starting with a letter or “_”."
                    }
                },
            );
            ui.end_row();

            match m.mode {
                IdMode::New => {
                    for (name, value) in [
                        ("Identifier", &derived.manifest),
                        ("Organization ID", &derived.organization),
                        ("Item ID", &derived.item),
                    ] {
                        field_label(ui, name);
                        ui.label(RichText::new(value.as_str()).monospace());
                        ui.end_row();
                    }
                    ui.label("");
                    if ui
                        .button("Regenerate")
                        .on_hover_text("New ids: the LMS will see the next export as a new course")
                        .clicked()
                    {
                        actions.push(Action::RegenerateIds);
                    }
                    ui.end_row();
                }
                IdMode::Custom => {
                    if m.for_course.as_deref() != Some(course_title) {
                        ui.label("");
                        if ui
                            .button(format!("Use these ids for “{course_title}”"))
                            .on_hover_text(
                                "The LMS will replace the course that has these ids with this one",
                            )
                            .clicked()
                        {
                            m.for_course = Some(course_title.to_owned());
                        }
                        ui.end_row();
                    }
                    let mut typed = false;
                    for (name, field, value) in [
                        ("Identifier", SettingField::Identifier, &mut m.identifier),
                        (
                            "Organization ID",
                            SettingField::OrganizationId,
                            &mut m.organization_id,
                        ),
                        ("Item ID", SettingField::ItemId, &mut m.item_id),
                    ] {
                        let label = field_label(ui, name);
                        ui.vertical(|ui| {
                            typed |= ui
                                .add(
                                    egui::TextEdit::singleline(value)
                                        .font(egui::TextStyle::Monospace)
                                        .desired_width(320.0),
                                )
                                .labelled_by(label.id)
                                .changed();
                            field_problems(ui, problems, field);
                        });
                        ui.end_row();
                    }
                    if typed {
                        // Ids typed here are meant for the course that is open.
                        m.for_course = Some(course_title.to_owned());
                    }
                }
            }
        });
}
