//! The saved presets: list, load, rename (inline), duplicate, delete (asks first).

use egui::{RichText, Ui};

use super::action::Action;
use super::style::hint;
use crate::engine::clock::format_utc_minutes;
use crate::engine::store::Presets;

/// The widest a preset name is drawn in the list (longer ones end with "…").
const NAME_WIDTH: f32 = 240.0;

/// Draws the list. Returns a preset name when the user clicked the name itself (pick it).
pub fn presets_ui(
    ui: &mut Ui,
    presets: &Presets,
    renaming: &mut Option<(String, String)>,
    actions: &mut Vec<Action>,
) -> Option<String> {
    let mut picked = None;
    if presets.items.is_empty() {
        hint(
            ui,
            "No presets yet. Export (or Save preset) saves the settings under the export name.",
        );
        return None;
    }
    egui::Grid::new("presets-grid")
        .num_columns(4)
        .striped(true)
        .spacing([16.0, 6.0])
        .show(ui, |ui| {
            ui.label(RichText::new("Name").strong());
            ui.label(RichText::new("Settings").strong());
            ui.label(RichText::new("Saved").strong());
            ui.label("");
            ui.end_row();
            for p in &presets.items {
                let is_renaming = renaming.as_ref().is_some_and(|(old, _)| *old == p.name);
                if is_renaming {
                    if let Some((old, new)) = renaming.as_mut() {
                        let r = ui
                            .add(egui::TextEdit::singleline(new).desired_width(200.0))
                            .accessible_name(format!("New name for {old}"));
                        r.request_focus();
                        if r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                            actions.push(Action::RenamePreset {
                                old: old.clone(),
                                new: new.clone(),
                            });
                        }
                    }
                } else {
                    // A long name is cut with an ellipsis (full name on hover): it must never
                    // push the actions of every row off the screen.
                    let r = ui
                        .scope(|ui| {
                            ui.set_max_width(NAME_WIDTH);
                            ui.add(
                                egui::Label::new(
                                    RichText::new(p.name.as_str())
                                        .strong()
                                        .color(ui.visuals().hyperlink_color),
                                )
                                .truncate()
                                .sense(egui::Sense::click()),
                            )
                        })
                        .inner
                        .on_hover_text(format!("{} — use this name", p.name));
                    if r.clicked() {
                        picked = Some(p.name.clone());
                    }
                }
                let s = &p.settings;
                ui.label(
                    RichText::new(format!(
                        "{} · {} · {}",
                        s.scorm_version.label(),
                        s.export_mode.label(),
                        s.reporting.status_format.label()
                    ))
                    .small(),
                );
                ui.label(
                    RichText::new(format_utc_minutes(
                        std::time::UNIX_EPOCH + std::time::Duration::from_secs(p.updated),
                    ))
                    .small()
                    .weak(),
                );
                ui.horizontal(|ui| {
                    if is_renaming {
                        if let Some((old, new)) = renaming.as_ref()
                            && ui.button("Save name").clicked()
                        {
                            actions.push(Action::RenamePreset {
                                old: old.clone(),
                                new: new.clone(),
                            });
                        }
                        if ui.button("Cancel").clicked() {
                            actions.push(Action::CancelRenamePreset);
                        }
                    } else {
                        let name = &p.name;
                        if ui
                            .button("Load")
                            .on_hover_text(format!("Load “{name}” and show its settings"))
                            .clicked()
                        {
                            actions.push(Action::LoadPreset(name.clone()));
                        }
                        if ui
                            .button("Rename")
                            .on_hover_text(format!("Rename “{name}”"))
                            .clicked()
                        {
                            actions.push(Action::StartRenamePreset(name.clone()));
                        }
                        if ui
                            .button("Duplicate")
                            .on_hover_text(format!("Copy “{name}” as a new preset"))
                            .clicked()
                        {
                            actions.push(Action::DuplicatePreset(name.clone()));
                        }
                        if ui
                            .button("Delete")
                            .on_hover_text(format!("Delete “{name}” (asks first)"))
                            .clicked()
                        {
                            actions.push(Action::AskDeletePreset(name.clone()));
                        }
                    }
                });
                ui.end_row();
            }
        });
    picked
}
