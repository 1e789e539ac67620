//! Group 3: Completion tracking: course completion with a pass threshold (slider and number field),
//! or quiz results with the final quiz and the score format.

use egui::{RichText, Ui};

use crate::engine::course::{Course, SectionKind};
use crate::engine::settings::{
    CompletionTracking, ScoreFormat, SettingField, SettingsProblem, TrackingMode,
};
use crate::ui::style::{self, GRID_SPACING, field_label, field_problems, hint, problem_line};

/// A dragged slider keeps the keyboard focus, so the arrow keys fine-tune it afterwards.
pub(super) fn keep_focus_after_drag(slider: &egui::Response) {
    if slider.drag_started() || slider.drag_stopped() {
        slider.request_focus();
    }
}

pub fn completion_ui(
    ui: &mut Ui,
    t: &mut CompletionTracking,
    course: &Course,
    problems: &[SettingsProblem],
) {
    egui::Grid::new("grid-completion")
        .num_columns(2)
        .spacing(GRID_SPACING)
        .show(ui, |ui| {
            let label = field_label(ui, "Track progress and completion");
            egui::ComboBox::from_id_salt("tracking-mode")
                .selected_text(t.mode.label())
                .show_ui(ui, |ui| {
                    for m in [TrackingMode::CourseCompletion, TrackingMode::QuizResults] {
                        ui.selectable_value(&mut t.mode, m, m.label());
                    }
                })
                .response
                .labelled_by(label.id);
            ui.end_row();
            ui.label("");
            hint(
                ui,
                match t.mode {
                    TrackingMode::CourseCompletion => {
                        "Progress comes from the content viewed; no quiz decides the result."
                    }
                    TrackingMode::QuizResults => {
                        "Progress and the result come from the final quiz's score."
                    }
                },
            );
            ui.end_row();

            match t.mode {
                TrackingMode::CourseCompletion => {
                    let label = field_label(ui, "Course pass threshold (%)");
                    ui.vertical(|ui| {
                        ui.horizontal(|ui| {
                            let slider = ui
                                .add(
                                    egui::Slider::new(&mut t.pass_threshold_percent, 0..=100)
                                        .show_value(false),
                                )
                                .labelled_by(label.id);
                            keep_focus_after_drag(&slider);
                            ui.add(
                                egui::DragValue::new(&mut t.pass_threshold_percent)
                                    .range(0..=100)
                                    .suffix(" %"),
                            )
                            .accessible_name("Course pass threshold value (%)");
                        });
                        if t.pass_threshold_percent == 0 {
                            style::icon_label(
                                ui,
                                style::Icon::Warning,
                                "0 % marks the course complete as soon as a learner opens it.",
                            );
                        } else {
                            hint(
                                ui,
                                format!(
                                    "Complete once {} % of the published content sections have been viewed.",
                                    t.pass_threshold_percent
                                ),
                            );
                        }
                        field_problems(ui, problems, SettingField::PassThreshold);
                    });
                    ui.end_row();
                }
                TrackingMode::QuizResults => {
                    let label = field_label(ui, "Final quiz");
                    let quizzes: Vec<(&str, &str, u32, usize)> = course
                        .sections
                        .iter()
                        .filter_map(|s| match &s.kind {
                            SectionKind::Quiz(q) => Some((
                                s.id.as_str(),
                                s.title.as_str(),
                                q.pass_threshold_percent,
                                q.questions.len(),
                            )),
                            SectionKind::Content(_) => None,
                        })
                        .collect();
                    ui.vertical(|ui| {
                        let current = t
                            .final_quiz
                            .as_deref()
                            .and_then(|id| quizzes.iter().find(|q| q.0 == id))
                            .map(|q| q.1.to_owned())
                            .or_else(|| t.final_quiz.clone())
                            .unwrap_or_else(|| "Choose a quiz".into());
                        egui::ComboBox::from_id_salt("final-quiz")
                            .selected_text(current)
                            .show_ui(ui, |ui| {
                                for (id, title, _, _) in &quizzes {
                                    ui.selectable_value(
                                        &mut t.final_quiz,
                                        Some((*id).to_owned()),
                                        *title,
                                    );
                                }
                            })
                            .response
                            .labelled_by(label.id);
                        if quizzes.is_empty() {
                            problem_line(ui, "This course has no quiz; use Course completion.");
                        }
                        field_problems(ui, problems, SettingField::FinalQuiz);
                    });
                    ui.end_row();
                    // The pass mark belongs to the quiz, as in the course: shown as a value here,
                    // with where to change it, so nobody looks for a slider that is not there.
                    if let Some((id, _, threshold, n)) = t
                        .final_quiz
                        .as_deref()
                        .and_then(|id| quizzes.iter().find(|q| q.0 == id))
                    {
                        field_label(ui, "Pass mark");
                        ui.vertical(|ui| {
                            ui.label(RichText::new(format!("{threshold} %")).strong())
                                .on_hover_text("The quiz's pass_threshold_percent in course.json");
                            hint(
                                ui,
                                format!(
                                    "{n} question(s). Set in the course's quiz (course.json, section \
                                     “{id}”, pass_threshold_percent): every export of this course \
                                     uses the same mark."
                                ),
                            );
                        });
                        ui.end_row();
                    }

                    field_label(ui, "Completion format");
                    ui.vertical(|ui| {
                        for f in [ScoreFormat::Percentage, ScoreFormat::Points] {
                            ui.radio_value(&mut t.score_format, f, f.label());
                            ui.indent(f.key(), |ui| {
                                ui.label(RichText::new(f.explanation()).small().weak());
                            });
                        }
                        field_problems(ui, problems, SettingField::ScoreFormat);
                    });
                    ui.end_row();
                }
            }
        });
}
