//! The studio's look: spacing, text sizes, colours, and small shared widgets (field labels,
//! problem lines, Yes/No choices, byte sizes).

use egui::{Color32, FontId, Response, RichText, TextStyle, Ui};

use crate::engine::settings::{SettingField, SettingsProblem};

/// Width of the label column in every settings grid, so all groups line up.
pub const LABEL_WIDTH: f32 = 190.0;
/// Spacing between grid columns and rows.
pub const GRID_SPACING: [f32; 2] = [14.0, 8.0];

/// Text sizes and spacing for a desktop tool: a little roomier than egui's defaults.
pub fn apply(ctx: &egui::Context) {
    ctx.all_styles_mut(|style| {
        style.text_styles = [
            (TextStyle::Heading, FontId::proportional(19.0)),
            (TextStyle::Body, FontId::proportional(14.0)),
            (TextStyle::Button, FontId::proportional(14.0)),
            (TextStyle::Monospace, FontId::monospace(13.0)),
            (TextStyle::Small, FontId::proportional(12.0)),
        ]
        .into();
        style.spacing.item_spacing = egui::vec2(8.0, 6.0);
        style.spacing.button_padding = egui::vec2(10.0, 4.0);
        style.spacing.interact_size.y = 24.0;
        style.spacing.combo_width = 240.0;
        style.spacing.slider_width = 200.0;
        style.spacing.text_edit_width = 280.0;
        // Keyboard focus must be seen: a focused widget uses the active look, which gets a
        // 2 px outline in the selection colour; text fields get the same.
        let focus = egui::Stroke::new(2.0, style.visuals.selection.stroke.color);
        style.visuals.widgets.active.bg_stroke = focus;
        style.visuals.selection.stroke.width = 2.0;
    });
}

/// Red for problems, in both themes.
pub fn error_color(ui: &Ui) -> Color32 {
    ui.visuals().error_fg_color
}

/// Green for success.
pub fn ok_color(ui: &Ui) -> Color32 {
    if ui.visuals().dark_mode {
        Color32::from_rgb(110, 200, 120)
    } else {
        Color32::from_rgb(20, 130, 50)
    }
}

/// A label in the left column of a settings grid: left-aligned, fixed width, wrapped.
pub fn field_label(ui: &mut Ui, text: &str) -> Response {
    let height = ui.spacing().interact_size.y;
    ui.allocate_ui_with_layout(
        egui::vec2(LABEL_WIDTH, height),
        egui::Layout::left_to_right(egui::Align::Center),
        |ui| {
            ui.set_min_size(egui::vec2(LABEL_WIDTH, height));
            ui.add(egui::Label::new(text).wrap())
        },
    )
    .inner
}

/// A short explanation under a control.
pub fn hint(ui: &mut Ui, text: impl Into<String>) -> Response {
    ui.add(egui::Label::new(RichText::new(text.into()).small().weak()).wrap())
}

/// The problems of one field, in red, one per line. Returns whether there were any.
pub fn field_problems(ui: &mut Ui, problems: &[SettingsProblem], field: SettingField) -> bool {
    let mut any = false;
    for p in problems.iter().filter(|p| p.field == field) {
        any = true;
        problem_line(ui, &p.message);
    }
    any
}

/// The small round status icons, drawn (not font glyphs, so they look the same everywhere).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Icon {
    Ok,
    Info,
    Warning,
    Error,
}

impl Icon {
    pub fn color(self, ui: &Ui) -> Color32 {
        match self {
            Icon::Ok => ok_color(ui),
            Icon::Info => ui.visuals().hyperlink_color,
            Icon::Warning => ui.visuals().warn_fg_color,
            Icon::Error => error_color(ui),
        }
    }
}

/// Draw a 14 px status icon inline.
pub fn icon(ui: &mut Ui, kind: Icon) -> Response {
    let size = 14.0;
    let (rect, response) = ui.allocate_exact_size(egui::vec2(size, size), egui::Sense::hover());
    if ui.is_rect_visible(rect) {
        let painter = ui.painter();
        let c = rect.center();
        painter.circle_filled(c, size / 2.0, kind.color(ui));
        let fg = if ui.visuals().dark_mode {
            Color32::from_gray(20)
        } else {
            Color32::WHITE
        };
        let stroke = egui::Stroke::new(1.8, fg);
        match kind {
            Icon::Ok => {
                painter.line(
                    vec![
                        c + egui::vec2(-3.5, 0.2),
                        c + egui::vec2(-1.0, 2.8),
                        c + egui::vec2(3.6, -2.6),
                    ],
                    stroke,
                );
            }
            Icon::Warning | Icon::Error => {
                painter.line_segment(
                    [c + egui::vec2(0.0, -3.8), c + egui::vec2(0.0, 1.0)],
                    stroke,
                );
                painter.circle_filled(c + egui::vec2(0.0, 3.6), 1.1, fg);
            }
            Icon::Info => {
                painter.circle_filled(c + egui::vec2(0.0, -3.6), 1.1, fg);
                painter.line_segment(
                    [c + egui::vec2(0.0, -1.2), c + egui::vec2(0.0, 3.8)],
                    stroke,
                );
            }
        }
    }
    response
}

/// An icon followed by wrapped text.
pub fn icon_label(ui: &mut Ui, kind: Icon, text: impl Into<RichText>) -> Response {
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 6.0;
        icon(ui, kind);
        ui.add(egui::Label::new(text.into()).wrap());
    })
    .response
}

/// One problem in red, with the error icon.
pub fn problem_line(ui: &mut Ui, text: &str) -> Response {
    let color = error_color(ui);
    icon_label(ui, Icon::Error, RichText::new(text).color(color))
}

/// A Yes / No choice as two radio buttons. Their accessible names carry the setting's name
/// ("Extended analytics: Yes") so a screen reader (and a test) can tell the pairs apart.
pub fn yes_no(ui: &mut Ui, name: &str, value: &mut bool) -> bool {
    let mut changed = false;
    ui.horizontal(|ui| {
        for (v, text) in [(true, "Yes"), (false, "No")] {
            let r = ui
                .radio(*value == v, text)
                .accessible_name(format!("{name}: {text}"));
            if r.clicked() && *value != v {
                *value = v;
                changed = true;
            }
        }
    });
    changed
}

/// `1.4 MB`, `980 KB`, `12 B`.
pub fn format_bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if n < 1000 {
        return format!("{n} B");
    }
    let mut v = n as f64 / 1000.0;
    let mut unit = UNITS[0];
    for u in UNITS.iter().skip(1) {
        if v < 1000.0 {
            break;
        }
        v /= 1000.0;
        unit = u;
    }
    if v < 10.0 {
        format!("{v:.1} {unit}")
    } else {
        format!("{v:.0} {unit}")
    }
}

/// `2.4 s`, `1 min 5 s`.
pub fn format_duration_ms(ms: u64) -> String {
    if ms < 1000 {
        format!("{ms} ms")
    } else if ms < 60_000 {
        format!("{:.1} s", ms as f64 / 1000.0)
    } else {
        format!("{} min {} s", ms / 60_000, (ms % 60_000) / 1000)
    }
}

/// A titled card (group box), as the Export tab's groups.
pub fn card<R>(ui: &mut Ui, add: impl FnOnce(&mut Ui) -> R) -> R {
    egui::Frame::group(ui.style())
        .inner_margin(egui::Margin::same(14))
        .corner_radius(6.0)
        .show(ui, add)
        .inner
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_and_durations_read_well() {
        assert_eq!(format_bytes(12), "12 B");
        assert_eq!(format_bytes(1_400), "1.4 KB");
        assert_eq!(format_bytes(980_000), "980 KB");
        assert_eq!(format_bytes(1_400_000), "1.4 MB");
        assert_eq!(format_bytes(25_000_000_000), "25 GB");
        assert_eq!(format_duration_ms(120), "120 ms");
        assert_eq!(format_duration_ms(2_400), "2.4 s");
        assert_eq!(format_duration_ms(65_000), "1 min 5 s");
    }
}
