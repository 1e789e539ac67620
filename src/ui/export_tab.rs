//! The Export tab: the Single export and Multi export groups (each with its SCORM button that
//! opens the Export window), a summary of the course, and the saved presets.

use egui::{RichText, Ui};

use super::action::{Action, ExportGroup};
use super::presets_ui::presets_ui;
use super::style::{self, card, format_bytes, hint};
use crate::engine::course::{Course, SectionKind};
use crate::engine::store::Presets;

/// `renaming`: the preset being renamed and the name typed so far (edited here).
pub fn export_tab_ui(
    ui: &mut Ui,
    course: Option<&Course>,
    presets: &Presets,
    renaming: &mut Option<(String, String)>,
    actions: &mut Vec<Action>,
) {
    let Some(course) = course else {
        ui.add_space(20.0);
        ui.label("Open a course to export it.");
        return;
    };
    egui::ScrollArea::vertical()
        .id_salt("export-tab")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.add_space(8.0);
            ui.columns(2, |cols| {
                for (col, (group, title, text)) in cols.iter_mut().zip([
                    (
                        ExportGroup::Single,
                        "Single export",
                        "The whole course as one SCORM package with one learning object (SCO). \
                         The LMS tracks the course as a single item.",
                    ),
                    (
                        ExportGroup::Multi,
                        "Multi export",
                        "One SCO per section, in one package or one package per section. The LMS \
                         tracks each section on its own.",
                    ),
                ]) {
                    card(col, |ui| {
                        ui.set_width(ui.available_width());
                        ui.set_min_height(118.0);
                        ui.vertical(|ui| {
                            ui.label(RichText::new(title).strong().size(16.0));
                            ui.add_space(2.0);
                            hint(ui, text);
                            ui.add_space(10.0);
                            ui.horizontal(|ui| {
                                if ui
                                    .add(
                                        egui::Button::new(RichText::new("SCORM").strong())
                                            .min_size(egui::vec2(110.0, 30.0)),
                                    )
                                    .accessible_name(format!("SCORM ({title})"))
                                    .on_hover_text(format!("{title} as a SCORM package"))
                                    .clicked()
                                {
                                    actions.push(Action::OpenExportWindow(group));
                                }
                                ui.label(RichText::new("SCORM 1.2 · 2004 3rd · 2004 4th").weak());
                            });
                        });
                    });
                }
            });

            ui.add_space(16.0);
            card(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(RichText::new("Course").strong().size(16.0));
                ui.add_space(4.0);
                let quizzes = course.quizzes().count();
                let media: u64 = course
                    .sections
                    .iter()
                    .map(super::super::engine::course::Section::media_size)
                    .sum();
                let media_files: usize = course.sections.iter().map(|s| s.media().len()).sum();
                egui::Grid::new("course-summary")
                    .num_columns(2)
                    .spacing(style::GRID_SPACING)
                    .show(ui, |ui| {
                        for (k, v) in [
                            ("Title", course.title.clone()),
                            (
                                "Sections",
                                format!(
                                    "{} ({} content, {quizzes} quiz)",
                                    course.sections.len(),
                                    course.sections.len() - quizzes
                                ),
                            ),
                            (
                                "Media",
                                format!("{media_files} file(s), {}", format_bytes(media)),
                            ),
                            ("Language", course.language.clone()),
                            (
                                "Version",
                                course.version.clone().unwrap_or_else(|| "—".into()),
                            ),
                        ] {
                            ui.label(RichText::new(k).weak());
                            ui.label(v);
                            ui.end_row();
                        }
                    });
                if let Some(d) = &course.description {
                    ui.add_space(4.0);
                    hint(ui, d.as_str());
                }
                ui.add_space(6.0);
                ui.collapsing("Sections", |ui| {
                    for s in course.sections.iter().take(200) {
                        let kind = match &s.kind {
                            SectionKind::Quiz(q) => {
                                format!("quiz, {} questions", q.questions.len())
                            }
                            SectionKind::Content(c) => {
                                format!("{} media, {}", c.media.len(), format_bytes(s.media_size()))
                            }
                        };
                        ui.label(format!("{} · {kind}", s.title));
                    }
                    if course.sections.len() > 200 {
                        hint(ui, format!("and {} more", course.sections.len() - 200));
                    }
                });
            });

            ui.add_space(16.0);
            card(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(RichText::new("Saved export presets").strong().size(16.0));
                hint(
                    ui,
                    "Kept in the app's config folder. Load opens the Export window with the \
                     preset's settings.",
                )
                .on_hover_text(presets.path().display().to_string());
                ui.add_space(6.0);
                let _ = presets_ui(ui, presets, renaming, actions);
            });
            ui.add_space(8.0);
        });
}
