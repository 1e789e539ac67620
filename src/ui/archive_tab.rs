//! Archive: the packages produced, kept in the app's data folder and grouped by export name with
//! their dates. Save a copy as…, Show manifest, Check package, Delete (asks first).

use std::path::{Path, PathBuf};

use egui::{RichText, Ui};

use super::action::Action;
use super::style::{self, format_bytes, hint};
use crate::engine::clock::format_utc_minutes;
use crate::engine::store::ArchiveEntry;

/// A package's own file name: the archive keeps it as `<time>-<name>.zip`, and this drops the
/// time. A name whose part before the first `-` is not all digits (or is empty) is kept whole.
pub fn package_display_name(p: &Path) -> String {
    let name = p.file_name().map_or_else(
        || p.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    match name.split_once('-') {
        Some((t, rest)) if !t.is_empty() && t.chars().all(|c| c.is_ascii_digit()) => {
            rest.to_owned()
        }
        _ => name,
    }
}

/// What the Archive tab shows.
pub struct ArchiveCtx<'a> {
    pub entries: &'a [ArchiveEntry],
    /// The archive folder (named in a tooltip).
    pub dir: &'a Path,
    /// The typed-path fallback of Save a copy as…: the package and the destination typed so far.
    pub copy_field: Option<&'a mut (PathBuf, String)>,
}

/// A cell of a fixed width (left-aligned content).
fn fixed(ui: &mut Ui, width: f32, add: impl FnOnce(&mut Ui)) {
    let height = ui.spacing().interact_size.y;
    ui.allocate_ui_with_layout(
        egui::vec2(width, height),
        egui::Layout::left_to_right(egui::Align::Center),
        |ui| {
            ui.set_min_size(egui::vec2(width, height));
            ui.set_max_width(width);
            add(ui);
        },
    );
}

pub fn archive_tab_ui(ui: &mut Ui, cx: ArchiveCtx<'_>, actions: &mut Vec<Action>) {
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        ui.label(
            RichText::new(format!(
                "{} package(s), kept in the app's data folder",
                cx.entries.len()
            ))
            .weak()
            .small(),
        )
        .on_hover_text(cx.dir.display().to_string());
        if ui.button("Refresh").clicked() {
            actions.push(Action::RefreshArchive);
        }
    });
    if let Some((pkg, dest)) = cx.copy_field {
        ui.add_space(4.0);
        style::card(ui, |ui| {
            ui.label(format!("Save a copy of {}", package_display_name(pkg)));
            ui.horizontal(|ui| {
                let label = ui.label("Copy to");
                let r = ui
                    .add(egui::TextEdit::singleline(dest).desired_width(420.0))
                    .labelled_by(label.id);
                let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                if ui.button("Save copy").clicked() || enter {
                    actions.push(Action::ArchiveSaveCopyTo {
                        package: pkg.clone(),
                        dest: dest.trim().into(),
                    });
                }
                if ui.button("Cancel").clicked() {
                    actions.push(Action::CloseArchiveCopyField);
                }
            });
            hint(
                ui,
                "No file came back from the system dialog (cancelled, or no dialog is available \
                 here): type where to save the copy.",
            );
        });
    }
    ui.add_space(6.0);
    if cx.entries.is_empty() {
        hint(
            ui,
            "No packages yet. Every successful export keeps a copy here, grouped by export name.",
        );
        return;
    }
    let mut groups: Vec<(&str, Vec<&ArchiveEntry>)> = Vec::new();
    for e in cx.entries {
        match groups.last_mut() {
            Some((name, list)) if *name == e.export_name => list.push(e),
            _ => groups.push((e.export_name.as_str(), vec![e])),
        }
    }
    let name_width = (ui.available_width() - 640.0).clamp(220.0, 620.0);
    // Both ways: in a narrow window the row actions are scrolled to, never cut off.
    egui::ScrollArea::both()
        .id_salt("archive-scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for (name, entries) in groups {
                let total: u64 = entries.iter().map(|e| e.size).sum();
                egui::CollapsingHeader::new(
                    RichText::new(format!(
                        "{name}   ·   {} package(s), {}",
                        entries.len(),
                        format_bytes(total)
                    ))
                    .strong(),
                )
                .id_salt(("archive-group", name))
                .default_open(true)
                .show(ui, |ui| {
                    egui::Grid::new(("archive-grid", name))
                        .num_columns(4)
                        .striped(true)
                        .spacing([18.0, 6.0])
                        .show(ui, |ui| {
                            for e in entries {
                                // Fixed widths, so the columns line up across groups.
                                fixed(ui, 130.0, |ui| {
                                    ui.label(format_utc_minutes(
                                        std::time::UNIX_EPOCH
                                            + std::time::Duration::from_secs(e.created),
                                    ));
                                });
                                // The course and version tell rows of one export name apart.
                                let what = match (&e.course_title, &e.version) {
                                    (Some(t), Some(v)) => format!("{t} · SCORM {v}"),
                                    (Some(t), None) => t.clone(),
                                    (None, Some(v)) => format!("SCORM {v}"),
                                    (None, None) => "(manifest unreadable)".into(),
                                };
                                let display = package_display_name(&e.path);
                                fixed(ui, name_width, |ui| {
                                    ui.horizontal(|ui| {
                                        ui.add(egui::Label::new(what.as_str()).truncate())
                                            .on_hover_text(what.as_str());
                                        ui.add(
                                            egui::Label::new(
                                                RichText::new(display.as_str()).monospace().small(),
                                            )
                                            .truncate(),
                                        )
                                        .on_hover_text(e.path.display().to_string());
                                    });
                                });
                                fixed(ui, 70.0, |ui| {
                                    ui.with_layout(
                                        egui::Layout::right_to_left(egui::Align::Center),
                                        |ui| ui.label(format_bytes(e.size)),
                                    );
                                });
                                ui.horizontal(|ui| {
                                    if ui
                                        .button("Try in LMS")
                                        .on_hover_text(
                                            "Play it in the built-in test LMS (opens the browser)",
                                        )
                                        .clicked()
                                    {
                                        actions.push(Action::TryPackage(e.path.clone()));
                                    }
                                    if ui.button("Check package").clicked() {
                                        actions.push(Action::CheckPackage(e.path.clone()));
                                    }
                                    ui.menu_button("More", |ui| {
                                        if ui.button("Save a copy as…").clicked() {
                                            actions.push(Action::ArchiveSaveCopy(e.path.clone()));
                                            ui.close();
                                        }
                                        if ui.button("Show manifest").clicked() {
                                            actions.push(Action::ShowManifest(e.path.clone()));
                                            ui.close();
                                        }
                                    })
                                    .response
                                    .on_hover_text("Save a copy elsewhere, or show the manifest");
                                    if ui
                                        .button(
                                            RichText::new("Delete").color(style::error_color(ui)),
                                        )
                                        .on_hover_text("Remove from the archive (asks first)")
                                        .clicked()
                                    {
                                        actions.push(Action::AskDeleteArchived(e.path.clone()));
                                    }
                                });
                                ui.end_row();
                            }
                        });
                });
                ui.add_space(6.0);
            }
        });
}
