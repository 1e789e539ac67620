//! The header: course title and folder, Open course… (native dialog, with a path field when no
//! dialog answers), recent courses, the theme switch, and the tabs.

use std::path::PathBuf;

use egui::{Align, Layout, RichText, Ui};

use super::action::{Action, Tab};
use super::job::ExportJob;
use super::style::{self, hint};
use crate::engine::course::Course;

/// What the header shows.
pub struct HeaderCtx<'a> {
    pub course: Option<&'a Course>,
    pub dark_mode: bool,
    pub recent_courses: &'a [PathBuf],
    pub tab: Tab,
    /// A native file dialog is open (Open course… waits for it).
    pub dialog_pending: bool,
    pub job: Option<&'a ExportJob>,
    /// The typed-path fallback of Open course…, while shown (its text is edited here).
    pub course_path_field: Option<&'a mut String>,
}

/// Open course…, Try a package…, Recent courses, the theme switch — in reading order.
fn header_actions_ui(ui: &mut Ui, cx: &HeaderCtx<'_>, actions: &mut Vec<Action>) {
    let waiting = cx.dialog_pending;
    if waiting {
        ui.spinner();
    }
    if ui
        .add_enabled(!waiting, egui::Button::new("Open course…"))
        .on_hover_text("Open a course folder (the one with course.json)")
        .clicked()
    {
        actions.push(Action::OpenCourseDialog);
    }
    if ui
        .add_enabled(!waiting, egui::Button::new("Try a package…"))
        .on_hover_text("Play any SCORM zip in the built-in test LMS and see what an LMS records")
        .clicked()
    {
        actions.push(Action::TryPackageDialog);
    }
    let recent: Vec<_> = cx
        .recent_courses
        .iter()
        .filter(|d| cx.course.is_none_or(|c| &c.root != *d))
        .cloned()
        .collect();
    ui.add_enabled_ui(!recent.is_empty(), |ui| {
        ui.menu_button("Recent courses", |ui| {
            for d in &recent {
                if ui.button(d.display().to_string()).clicked() {
                    actions.push(Action::OpenCourse(d.clone()));
                    ui.close();
                }
            }
        })
        .response
        .on_disabled_hover_text("Courses you open appear here");
    });
    let theme = if cx.dark_mode {
        "Light theme"
    } else {
        "Dark theme"
    };
    if ui
        .button(theme)
        .on_hover_text("Switch between the light and dark theme")
        .clicked()
    {
        actions.push(Action::ToggleTheme);
    }
}

pub fn header_ui(ui: &mut Ui, cx: HeaderCtx<'_>, actions: &mut Vec<Action>) {
    ui.add_space(6.0);
    let mut wrap = None;
    ui.horizontal(|ui| {
        ui.vertical(|ui| {
            match cx.course {
                Some(c) => {
                    ui.heading(RichText::new(c.title.as_str()).strong());
                    ui.label(
                        RichText::new(c.root.display().to_string())
                            .small()
                            .weak()
                            .monospace(),
                    )
                    .on_hover_text("The course folder");
                }
                None => {
                    ui.heading("No course open");
                    hint(ui, "Open a course folder (it holds course.json).");
                }
            };
        });
        // Right-aligned, but added left to right so Tab follows the reading order (a
        // right-to-left layout would make Tab run from "Dark theme" to "Open course…"). The
        // group's width is last frame's: the first frame may sit a little left, then settles.
        let width_id = egui::Id::unique("header-actions-width");
        let width: f32 = ui.data(|d| d.get_temp(width_id)).unwrap_or(0.0);
        let avail = ui.available_rect_before_wrap();
        if width > avail.width() {
            // Not enough room beside the title: they go on their own row below it.
            wrap = Some(width_id);
            return;
        }
        let left = (avail.right() - width).max(avail.left());
        let area = egui::Rect::from_min_max(egui::pos2(left, avail.top()), avail.right_bottom());
        let used = ui
            .scope_builder(
                egui::UiBuilder::new()
                    .max_rect(area)
                    .layout(Layout::left_to_right(Align::Center)),
                |ui| header_actions_ui(ui, &cx, actions),
            )
            .response
            .rect
            .width();
        if (used - width).abs() > 0.5 {
            ui.data_mut(|d| d.insert_temp(width_id, used));
            ui.ctx().request_repaint();
        }
    });
    if let Some(width_id) = wrap {
        let used = ui
            .horizontal_wrapped(|ui| header_actions_ui(ui, &cx, actions))
            .response
            .rect
            .width();
        // Wide enough again (the window grew): back beside the title next frame.
        let stored: f32 = ui.data(|d| d.get_temp(width_id)).unwrap_or(0.0);
        if used < stored - 0.5 {
            ui.data_mut(|d| d.insert_temp(width_id, used));
        }
    }

    if let Some(text) = cx.course_path_field {
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            let label = ui.label("Course folder");
            let r = ui
                .add(
                    egui::TextEdit::singleline(text)
                        .hint_text("/path/to/course (the folder with course.json)")
                        .desired_width(480.0),
                )
                .labelled_by(label.id);
            let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if ui.button("Open").clicked() || enter {
                actions.push(Action::OpenCourse(text.trim().into()));
            }
            if ui.button("Cancel").clicked() {
                actions.push(Action::CloseCoursePathField);
            }
        });
        hint(
            ui,
            "No folder came back from the system dialog (cancelled, or no dialog is available \
             here): type the course folder's path instead.",
        );
    }

    ui.add_space(6.0);
    ui.horizontal(|ui| {
        for t in Tab::ALL {
            let selected = cx.tab == t;
            let text = RichText::new(t.label()).size(15.0);
            let text = if selected { text.strong() } else { text };
            if ui.selectable_label(selected, text).clicked() && !selected {
                actions.push(Action::SwitchTab(t));
            }
        }
        if let Some(job) = cx.job {
            ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                ui.label(
                    RichText::new(format!(
                        "Exporting “{}” · {:.0} %",
                        job.settings.export_name,
                        job.progress.fraction * 100.0
                    ))
                    .color(style::ok_color(ui)),
                );
                ui.spinner();
            });
        }
    });
    ui.add_space(2.0);
}
