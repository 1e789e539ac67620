//! Notices: the messages at the top of the window (or of the Export window while it is open,
//! so feedback appears where the user is). One banner per concern; successes and infos expire.

use egui::{Align, Layout, RichText, Ui};

use super::action::Action;
use super::style;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeLevel {
    Info,
    Success,
    Warning,
    Error,
}

/// A message at the top of the window until dismissed.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub level: NoticeLevel,
    pub text: String,
    /// What it is about: a newer notice about the same thing replaces it.
    pub concern: Concern,
    /// When it was first drawn (frame time, seconds): successes and infos expire.
    pub shown_at: Option<f64>,
}

/// What a notice is about. One banner per concern: a successful open replaces "could not be
/// opened", a finished export replaces "an export is running".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Concern {
    Course,
    Export,
    Preset,
    Archive,
    Folder,
    TryLms,
    Store,
    Other,
}

/// How long a success or info notice stays (seconds).
pub const NOTICE_EXPIRES_S: f64 = 8.0;

impl Notice {
    /// Whether it goes away by itself after [`NOTICE_EXPIRES_S`].
    pub fn expires(&self) -> bool {
        matches!(self.level, NoticeLevel::Success | NoticeLevel::Info)
    }
}

/// Draw the notices; × dismisses one.
pub fn notices_ui(ui: &mut Ui, notices: &[Notice], actions: &mut Vec<Action>) {
    for (i, n) in notices.iter().enumerate() {
        let color = match n.level {
            NoticeLevel::Info => ui.visuals().text_color(),
            NoticeLevel::Success => style::ok_color(ui),
            NoticeLevel::Warning => ui.visuals().warn_fg_color,
            NoticeLevel::Error => ui.visuals().error_fg_color,
        };
        egui::Frame::new()
            .fill(color.gamma_multiply(0.08))
            .stroke(egui::Stroke::new(1.0, color.gamma_multiply(0.6)))
            .corner_radius(4.0)
            .inner_margin(egui::Margin::symmetric(10, 5))
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.horizontal(|ui| {
                    let icon = match n.level {
                        NoticeLevel::Info => style::Icon::Info,
                        NoticeLevel::Success => style::Icon::Ok,
                        NoticeLevel::Warning => style::Icon::Warning,
                        NoticeLevel::Error => style::Icon::Error,
                    };
                    ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                        if ui
                            .small_button("×")
                            .accessible_name("Dismiss message")
                            .on_hover_text("Dismiss")
                            .clicked()
                        {
                            actions.push(Action::DismissNotice(i));
                        }
                        ui.with_layout(Layout::left_to_right(Align::Center), |ui| {
                            style::icon(ui, icon);
                            ui.add(
                                egui::Label::new(RichText::new(n.text.as_str()).color(color))
                                    .wrap(),
                            );
                        });
                    });
                });
            });
        ui.add_space(4.0);
    }
}
