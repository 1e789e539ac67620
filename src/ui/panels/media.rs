//! Group 5: Media resource resolution: video resolution and image size, with the files each affects.

use egui::{RichText, Ui};

use crate::engine::course::{Course, MediaKind, MediaRef};
use crate::engine::media::{MediaOptions, packaged_path};
use crate::engine::settings::{ExportSettings, MediaSettings, Resolution};
use crate::ui::style::{GRID_SPACING, field_label, format_bytes, hint, problem_line};

/// How many affected files are listed by name before "and N more".
const LIST_MAX: usize = 6;

/// The published media files by kind (each file once), kept until the course or the excluded
/// sections change: a course of 10,000 sections took 10 ms a frame to list them again.
#[derive(Default)]
pub struct PublishedMedia {
    key: Option<(u64, Vec<String>)>,
    videos: Vec<MediaRef>,
    images: Vec<MediaRef>,
    /// How many sections are published.
    pub sections: usize,
    /// The size of the published media, each file once (sections may share an image).
    pub bytes: u64,
}

impl PublishedMedia {
    /// Lists the media again if the course (`generation`) or the excluded sections changed.
    pub fn refresh(&mut self, course: &Course, generation: u64, settings: &ExportSettings) {
        let excluded = &settings.content.excluded_sections;
        if self
            .key
            .as_ref()
            .is_some_and(|(g, e)| *g == generation && e == excluded)
        {
            return;
        }
        let published = settings.published(course);
        let mut seen = std::collections::HashSet::new();
        self.videos.clear();
        self.images.clear();
        self.sections = published.len();
        self.bytes = 0;
        for s in published.iter().filter_map(|id| course.section(id)) {
            for m in s.media() {
                if !seen.insert(m.source.as_path()) {
                    continue;
                }
                self.bytes += m.size;
                match m.kind {
                    MediaKind::Video => self.videos.push(m.clone()),
                    MediaKind::Image => self.images.push(m.clone()),
                    _ => {}
                }
            }
        }
        self.key = Some((generation, excluded.clone()));
    }
}

fn affected_ui(ui: &mut Ui, files: &[MediaRef], res: Resolution, what: &str, opts: &MediaOptions) {
    if files.is_empty() {
        hint(ui, format!("The published sections have no {what}s."));
        return;
    }
    let total: u64 = files.iter().map(|m| m.size).sum();
    if res == Resolution::Original {
        hint(
            ui,
            format!(
                "{} {what}(s), {} in all, are packaged as they are.",
                files.len(),
                format_bytes(total)
            ),
        );
        return;
    }
    hint(
        ui,
        format!(
            "Affects {} {what}(s), {} in all (never enlarged):",
            files.len(),
            format_bytes(total)
        ),
    );
    for m in files.iter().take(LIST_MAX) {
        let dest = packaged_path(m, opts);
        let text = if dest.ends_with(m.rel.trim_start_matches("media/")) {
            format!("• {} ({})", m.rel, format_bytes(m.size))
        } else {
            format!("• {} ({}) becomes {dest}", m.rel, format_bytes(m.size))
        };
        ui.label(RichText::new(text).small().monospace());
    }
    if files.len() > LIST_MAX {
        hint(ui, format!("and {} more", files.len() - LIST_MAX));
    }
}

/// `ffmpeg_problem`: why videos cannot be compressed here (no ffmpeg), if so.
pub fn media_ui(
    ui: &mut Ui,
    media: &mut MediaSettings,
    published: &PublishedMedia,
    ffmpeg_problem: Option<&str>,
) {
    let (videos, images) = (&published.videos, &published.images);
    let opts = MediaOptions::from_settings(media, None, None);
    egui::Grid::new("grid-media")
        .num_columns(2)
        .spacing(GRID_SPACING)
        .show(ui, |ui| {
            let label = field_label(ui, "Video resolution");
            ui.vertical(|ui| {
                egui::ComboBox::from_id_salt("video-resolution")
                    .selected_text(media.video_resolution.video_label())
                    .show_ui(ui, |ui| {
                        for r in Resolution::ALL {
                            ui.selectable_value(&mut media.video_resolution, r, r.video_label());
                        }
                    })
                    .response
                    .labelled_by(label.id);
                affected_ui(ui, videos, media.video_resolution, "video", &opts);
                if media.video_resolution != Resolution::Original && !videos.is_empty() {
                    hint(
                        ui,
                        "Compressing video makes the package smaller but the export slower.",
                    );
                    if let Some(p) = ffmpeg_problem {
                        problem_line(ui, p);
                    }
                }
            });
            ui.end_row();

            let label = field_label(ui, "Image size");
            ui.vertical(|ui| {
                egui::ComboBox::from_id_salt("image-size")
                    .selected_text(media.image_max_size.image_label())
                    .show_ui(ui, |ui| {
                        for r in Resolution::ALL {
                            ui.selectable_value(&mut media.image_max_size, r, r.image_label());
                        }
                    })
                    .response
                    .labelled_by(label.id);
                affected_ui(ui, images, media.image_max_size, "image", &opts);
            });
            ui.end_row();
        });
}
