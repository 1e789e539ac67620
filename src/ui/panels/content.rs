//! Group 4: Content to publish: the course's sections as a checklist with each one's media size.
//! Leaving out the final quiz (while quiz results track completion) or every section is refused
//! on the spot, with the reason.

use egui::{RichText, Ui};

use crate::engine::ExportSettings;
use crate::engine::course::{Course, Section, SectionKind};
use crate::engine::settings::{SettingField, SettingsProblem, TrackingMode};
use crate::ui::style::{field_problems, format_bytes, hint, problem_line};

/// Why unticking this section is refused, if it is.
pub fn refuse_exclusion(settings: &ExportSettings, course: &Course, id: &str) -> Option<String> {
    let t = &settings.completion_tracking;
    if t.mode == TrackingMode::QuizResults && t.final_quiz.as_deref() == Some(id) {
        let title = course.section(id).map_or(id, |s| s.title.as_str());
        return Some(format!(
            "“{title}” is the final quiz: completion is tracked by its result, so it must be \
             published. Choose another final quiz or Course completion first."
        ));
    }
    let published = course
        .sections
        .iter()
        .filter(|s| settings.includes(&s.id))
        .count();
    if published <= 1 && settings.includes(id) {
        return Some("At least one section must be published; nothing would be left.".into());
    }
    None
}

fn describe(s: &Section) -> String {
    match &s.kind {
        SectionKind::Quiz(q) => format!("quiz · {} question(s)", q.questions.len()),
        SectionKind::Content(c) if c.media.is_empty() => "text".to_owned(),
        SectionKind::Content(c) => format!("{} media file(s)", c.media.len()),
    }
}

/// Courses with more sections than this draw only the visible rows of the checklist.
const VIRTUALIZE_FROM: usize = 80;

fn section_row(
    ui: &mut Ui,
    settings: &mut ExportSettings,
    course: &Course,
    s: &Section,
    refusal: &mut Option<String>,
) {
    let mut on = settings.includes(&s.id);
    let r = ui
        .checkbox(&mut on, s.title.as_str())
        .on_hover_text(format!("Section id: {}", s.id));
    if r.changed() {
        if on {
            settings.set_included(&s.id, true);
            *refusal = None;
        } else if let Some(why) = refuse_exclusion(settings, course, &s.id) {
            *refusal = Some(why);
        } else {
            settings.set_included(&s.id, false);
            *refusal = None;
        }
    }
    ui.label(RichText::new(describe(s)).small().weak());
    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
        let size = s.media_size();
        ui.label(if size == 0 {
            RichText::new("—").weak()
        } else {
            RichText::new(format_bytes(size))
        });
    });
}

pub fn content_ui(
    ui: &mut Ui,
    settings: &mut ExportSettings,
    course: &Course,
    published: &super::PublishedMedia,
    problems: &[SettingsProblem],
    refusal: &mut Option<String>,
) {
    ui.horizontal(|ui| {
        ui.label(format!(
            "{} of {} sections published · {} of media",
            published.sections,
            course.sections.len(),
            format_bytes(published.bytes)
        ));
        if published.sections < course.sections.len() && ui.button("Publish all").clicked() {
            settings.content.excluded_sections.clear();
            *refusal = None;
        }
    });
    hint(
        ui,
        "Untick a section to leave it out of this export (the course itself is not changed).",
    );
    ui.add_space(4.0);
    let row_height = ui.spacing().interact_size.y + 2.0;
    let n = course.sections.len();
    let scroll = egui::ScrollArea::vertical()
        .id_salt("content-list")
        .max_height(320.0)
        .auto_shrink([false, true]);
    let mut rows_ui = |ui: &mut Ui, range: std::ops::Range<usize>| {
        egui::Grid::new("grid-content")
            .num_columns(3)
            .striped(true)
            .min_col_width(60.0)
            .min_row_height(row_height - 2.0)
            .start_row(range.start)
            .show(ui, |ui| {
                for s in course.sections.get(range).unwrap_or_default() {
                    section_row(ui, settings, course, s, refusal);
                    ui.end_row();
                }
            });
    };
    if n <= VIRTUALIZE_FROM {
        // Every row exists (for screen readers and Tab), without a nested scroll area; only
        // long courses get a scrolling list that draws the visible rows.
        rows_ui(ui, 0..n);
    } else {
        scroll.show_rows(ui, row_height, n, rows_ui);
    }
    if let Some(why) = refusal.as_deref() {
        problem_line(ui, why);
    }
    field_problems(ui, problems, SettingField::Content);
}
