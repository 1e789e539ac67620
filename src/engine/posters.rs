//! Poster frames: which videos get a still taken with ffmpeg at export (those a section plays
//! and that have no image beside them), and under which name. Names are chosen once for the
//! whole course, so that every package of an export (and every export) agrees on them and none
//! takes the name of a course file or of another frame, whatever the case of the letters.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use super::course::{ContentSection, Course, MediaKind, MediaRef, SectionKind};
use super::media::{self, MediaOptions};
use super::render::MediaExtras;

/// Between a video's name and why it gets no poster frame, in a warning.
pub const NO_POSTER: &str = " gets no poster: ";

/// A guess for progress and the size estimate; the real file's size is written.
const FRAME_SIZE_GUESS: u64 = 60_000;

/// The frame name of each video of the course that has no image beside it (by source), or
/// `None` when both names it could take are used: `walk.poster.jpg`, else `walk.mp4.poster.jpg`.
pub fn names(course: &Course, opts: &MediaOptions) -> HashMap<PathBuf, Option<String>> {
    let contents: Vec<&ContentSection> = course
        .sections
        .iter()
        .filter_map(|s| match &s.kind {
            SectionKind::Content(c) => Some(c),
            SectionKind::Quiz(_) => None,
        })
        .collect();
    // Windows and macOS see `Walk.poster.jpg` and `walk.poster.jpg` as one file.
    let mut taken: HashSet<String> = contents
        .iter()
        .flat_map(|c| &c.media)
        .map(|m| media::packaged_path(m, opts).to_lowercase())
        .collect();
    let mut names = HashMap::new();
    for c in contents {
        for video in c.media.iter().filter(|m| m.kind == MediaKind::Video) {
            let has_image = c
                .companions
                .iter()
                .any(|k| k.media == video.rel && k.poster.is_some());
            if has_image || names.contains_key(&video.source) {
                continue;
            }
            let name = candidates(&video.rel).into_iter().find(|rel| {
                let path = media::packaged_path(&frame(video, rel.clone()), opts).to_lowercase();
                taken.insert(path)
            });
            names.insert(video.source.clone(), name);
        }
    }
    names
}

fn candidates(video_rel: &str) -> [String; 2] {
    let name_start = video_rel.rfind('/').map_or(0, |i| i + 1);
    let stem_end = video_rel[name_start..]
        .rfind('.')
        .filter(|&dot| dot > 0)
        .map_or(video_rel.len(), |dot| name_start + dot);
    [
        format!("{}.poster.jpg", &video_rel[..stem_end]),
        format!("{video_rel}.poster.jpg"),
    ]
}

fn frame(video: &MediaRef, rel: String) -> MediaRef {
    MediaRef {
        source: video.source.clone(),
        rel,
        size: FRAME_SIZE_GUESS,
        kind: MediaKind::PosterFrame,
    }
}

/// What one section's videos need for their posters.
pub struct SectionPosters {
    /// The frames to package.
    pub frames: Vec<MediaRef>,
    /// Videos that would get a frame if ffmpeg were found.
    pub without_ffmpeg: Vec<String>,
}

/// The frames of the videos `content` plays (`players`: their packaged paths) that have no
/// poster in `extras` yet; each is recorded in `extras`. A video ffmpeg could not read
/// (`opts.posterless`), or with no free name, gets none and a warning (once). `ffmpeg_found`
/// is looked up once per plan, when a frame is first needed.
pub fn for_section(
    content: &ContentSection,
    players: &HashSet<String>,
    names: &HashMap<PathBuf, Option<String>>,
    extras: &mut HashMap<String, MediaExtras>,
    opts: &MediaOptions,
    warnings: &mut Vec<String>,
    ffmpeg_found: &mut Option<bool>,
) -> SectionPosters {
    let mut out = SectionPosters {
        frames: Vec::new(),
        without_ffmpeg: Vec::new(),
    };
    let mut warn = |w: String| {
        if !warnings.contains(&w) {
            warnings.push(w);
        }
    };
    for video in content.media.iter().filter(|m| m.kind == MediaKind::Video) {
        let player = media::packaged_path(video, opts);
        if !players.contains(&player) || extras.get(&player).is_some_and(|e| e.poster.is_some()) {
            continue;
        }
        let Some(name) = names.get(&video.source) else {
            continue;
        };
        if let Some(why) = opts.posterless.get(&video.source) {
            warn(format!(
                "{}{NO_POSTER}{why}; put an image of the same name beside it \
                 (walk.jpg for walk.mp4)",
                video.rel
            ));
            continue;
        }
        let Some(name) = name else {
            warn(format!(
                "{}{NO_POSTER}course files already have the names its frame could take; put \
                 an image of the same name beside it (walk.jpg for walk.mp4)",
                video.rel
            ));
            continue;
        };
        if !*ffmpeg_found.get_or_insert_with(|| opts.ffmpeg_path().is_ok()) {
            out.without_ffmpeg.push(video.rel.clone());
            continue;
        }
        let frame = frame(video, name.clone());
        extras.entry(player).or_default().poster = Some(media::packaged_path(&frame, opts));
        out.frames.push(frame);
    }
    out
}

/// The warning for the videos (`videos`, course-relative) that get no frame because ffmpeg
/// was not found: said once per package, naming them all.
pub fn no_ffmpeg_warning(videos: &[String], opts: &MediaOptions) -> String {
    let not_found = match &opts.ffmpeg {
        Some(p) => format!("ffmpeg was not found at {}", p.display()),
        None => "ffmpeg was not found on PATH".to_owned(),
    };
    format!(
        "{} {} no poster (the picture shown before a video plays): {not_found}. Install it to \
         take one from the video (Debian/Ubuntu: `sudo apt-get install ffmpeg`; CLI: --ffmpeg \
         PATH), or put an image of the same name beside the video (walk.jpg for walk.mp4)",
        videos.join(", "),
        if videos.len() == 1 { "gets" } else { "get" },
    )
}
