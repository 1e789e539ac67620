//! Media pipeline: decides the packaged name of each media file and prepares the file to store
//! (the original, or a transcoded / resized copy from the cache).
//!
//! Interface used by the package builder (`package.rs`):
//! - [`packaged_path`]: where a media file lands in the zip (`.mp4` for a video that will be
//!   transcoded).
//! - [`preflight`]: checks up front that the settings can be honoured (ffmpeg is present when a
//!   video must be transcoded, no two files would land on the same packaged name), before any
//!   file is written.
//! - [`prepare`]: returns the file to store for one media file; [`prepare_all`] does that for
//!   many files on all cores.
//!
//! Videos: ffmpeg child process ([`ffmpeg`]). Images: the `image` crate ([`image_resize`]).
//! Results are cached by content hash + settings ([`cache`]).

mod cache;
mod ffmpeg;
mod image_resize;
mod limit;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

pub use cache::{CacheStats, DEFAULT_CACHE_CAP_BYTES, cache_stats, trim_cache};
pub use ffmpeg::{FFMPEG_INSTALL_HINT, locate_ffmpeg};

use super::course::{MediaKind, MediaRef};
use super::error::ExportError;
use super::settings::{MediaSettings, Resolution};
use ffmpeg::media_err;

/// How media is processed during one export.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MediaOptions {
    pub video: Resolution,
    pub image: Resolution,
    /// ffmpeg to use; `None` = look on PATH.
    pub ffmpeg: Option<PathBuf>,
    /// Where transcoded/resized files are cached; `None` = no cache (a temp dir is used).
    pub cache_dir: Option<PathBuf>,
    /// Videos (by source path) ffmpeg could not take a poster frame from, with why: the export
    /// plans them without a poster (see [`failed_poster_frames`]).
    pub posterless: std::collections::BTreeMap<PathBuf, String>,
}

impl MediaOptions {
    /// The one place media options are built from a preset's media settings: the CLI, the
    /// studio's export and its previews all call this.
    pub fn from_settings(
        media: &MediaSettings,
        ffmpeg: Option<PathBuf>,
        cache_dir: Option<PathBuf>,
    ) -> Self {
        Self {
            video: media.video_resolution,
            image: media.image_max_size,
            ffmpeg,
            cache_dir,
            posterless: std::collections::BTreeMap::new(),
        }
    }

    /// The ffmpeg these options use: the configured one, else the one on PATH (no process is
    /// started; the error says what to install).
    pub fn ffmpeg_path(&self) -> Result<PathBuf, String> {
        locate_ffmpeg(self.ffmpeg.as_deref(), std::env::var_os("PATH").as_deref())
    }
}

/// What [`prepare`] did for one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaWork {
    /// Nothing to do (original settings, audio, small image…): `path` is the source.
    None,
    /// Served from the cache without any media work (`path` may be the source when the cache
    /// remembers that processing did not pay).
    CacheHit,
    /// Transcoded or resized now (`path` is the source when the result was not smaller).
    Processed,
}

/// The file to put in the package for one media file.
#[derive(Debug)]
pub struct PreparedMedia {
    pub path: PathBuf,
    pub work: MediaWork,
    /// Without a cache folder the result lives in a temp folder, deleted when this is dropped
    /// (after the package builder has copied it).
    _temp: Option<tempfile::TempDir>,
}

impl PreparedMedia {
    fn untouched(media: &MediaRef) -> Self {
        Self {
            path: media.source.clone(),
            work: MediaWork::None,
            _temp: None,
        }
    }
}

/// The processing one file gets under these options.
#[derive(Debug, Clone, Copy)]
enum Job {
    Video {
        height: u32,
    },
    Image {
        max_side: u32,
    },
    /// A still of the video at the source, as a JPEG.
    Poster,
}

fn extension(rel: &str) -> String {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name.rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default()
}

fn job(media: &MediaRef, opts: &MediaOptions) -> Option<Job> {
    match media.kind {
        MediaKind::Video => opts
            .video
            .video_height()
            .map(|height| Job::Video { height }),
        MediaKind::Image if image_resize::handles(&extension(&media.rel)) => opts
            .image
            .image_max_side()
            .map(|max_side| Job::Image { max_side }),
        MediaKind::PosterFrame => Some(Job::Poster),
        _ => None,
    }
}

/// Path inside the package: `media/<path relative to the course's media folder>`, or
/// `media/<path relative to the course>` for files elsewhere in the course. A video that will be
/// transcoded gets the extension `.mp4` (what it then is).
pub fn packaged_path(media: &MediaRef, opts: &MediaOptions) -> String {
    let path = match media.rel.strip_prefix("media/") {
        Some(rest) => format!("media/{rest}"),
        None => format!("media/{}", media.rel),
    };
    match job(media, opts) {
        Some(Job::Video { .. }) => {
            let name_start = path.rfind('/').map_or(0, |i| i + 1);
            match path[name_start..].rfind('.') {
                // A leading dot is a hidden file's name, not an extension.
                Some(dot) if dot > 0 => format!("{}.mp4", &path[..name_start + dot]),
                _ => format!("{path}.mp4"),
            }
        }
        _ => path,
    }
}

/// Fails early when the settings cannot be honoured for these files: a video to transcode
/// without a usable ffmpeg (the message says what to install), or two different files that
/// would get the same packaged name (`clip.mov` and `clip.webm` both become `clip.mp4`).
pub fn preflight(media: &[&MediaRef], opts: &MediaOptions) -> Result<(), ExportError> {
    let mut names: std::collections::HashMap<String, &MediaRef> = Default::default();
    for m in media {
        let name = packaged_path(m, opts);
        if let Some(other) = names.get(&name)
            && other.source != m.source
        {
            return Err(media_err(
                &m.source,
                format!(
                    "would be packaged as {name}, like {}; rename one of them",
                    other.rel
                ),
            ));
        }
        names.insert(name, m);
    }
    if let Some(video) = media
        .iter()
        .find(|m| matches!(job(m, opts), Some(Job::Video { .. })))
    {
        let ffmpeg = located_ffmpeg(opts, &video.source)?;
        ffmpeg::check_encoders(&ffmpeg).map_err(|msg| media_err(&video.source, msg))?;
    }
    Ok(())
}

/// Takes the poster frames among `media` (into the cache, where the export's own preparation
/// finds them again) and returns the videos that could not get one, with why. A video
/// ffmpeg cannot read still plays in browsers that can: it loses its poster, not the export.
/// `progress(i)` says that frame `i` of `media` is being taken.
pub fn failed_poster_frames(
    media: &[&MediaRef],
    opts: &MediaOptions,
    progress: &dyn Fn(usize),
    cancel: &AtomicBool,
) -> Result<std::collections::BTreeMap<PathBuf, String>, ExportError> {
    let mut failed = std::collections::BTreeMap::new();
    for (i, m) in media.iter().enumerate() {
        if m.kind != MediaKind::PosterFrame {
            continue;
        }
        progress(i);
        match prepare(m, opts, &|_| {}, cancel) {
            Ok(_) => {}
            Err(ExportError::Cancelled) => return Err(ExportError::Cancelled),
            // The video's own fault (ffmpeg could not read it)…
            Err(ExportError::Media { message, .. }) => {
                failed.insert(m.source.clone(), message);
            }
            // …or the machine's (a media cache that cannot be written): a poster is a nicety,
            // never the reason an export fails.
            Err(e) => {
                failed.insert(m.source.clone(), e.to_string());
            }
        }
    }
    Ok(failed)
}

/// Prepare one file. `progress` gets 0.0..=1.0 for long work; `cancel` stops it (a running
/// ffmpeg is killed and its temporary output removed).
pub fn prepare(
    media: &MediaRef,
    opts: &MediaOptions,
    progress: &dyn Fn(f32),
    cancel: &AtomicBool,
) -> Result<PreparedMedia, ExportError> {
    prepare_with(media, opts, progress, &|| cancel.load(Ordering::Relaxed))
}

/// Prepare many files on all cores (ffmpeg runs and decoded pixels are bounded inside), videos
/// first. Results are in the order of `media`. `progress(i, f)` reports file `i`. The
/// first error stops the other files (running ffmpegs are killed) and is returned.
pub fn prepare_all(
    media: &[&MediaRef],
    opts: &MediaOptions,
    progress: &(dyn Fn(usize, f32) + Sync),
    cancel: &AtomicBool,
) -> Result<Vec<PreparedMedia>, ExportError> {
    if let Some(dir) = &opts.cache_dir {
        // Leftovers of exports that were killed: nobody holds their lock any more.
        cache::clean_stale_temps(dir);
    }
    // Two queues, biggest first. A worker takes a video while an ffmpeg slot is free (videos
    // take minutes: they must not become the long tail), otherwise other files, so no worker
    // sits waiting for an ffmpeg slot while photos are left to resize.
    let by_size_desc = |v: &mut Vec<usize>| v.sort_by_key(|&i| std::cmp::Reverse(media[i].size));
    let (mut videos, mut rest): (Vec<usize>, Vec<usize>) =
        (0..media.len()).partition(|&i| matches!(job(media[i], opts), Some(Job::Video { .. })));
    by_size_desc(&mut videos);
    by_size_desc(&mut rest);
    let (next_video, next_rest) = (AtomicUsize::new(0), AtomicUsize::new(0));
    let in_video = AtomicUsize::new(0);
    let slots = ffmpeg::transcode_slot_count();
    // Returns the file to do next and whether it holds a video place (`in_video`).
    let pick = || -> Option<(usize, bool)> {
        if in_video
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < slots).then_some(n + 1)
            })
            .is_ok()
        {
            if let Some(&i) = videos.get(next_video.fetch_add(1, Ordering::AcqRel)) {
                return Some((i, true));
            }
            in_video.fetch_sub(1, Ordering::AcqRel);
        }
        if let Some(&i) = rest.get(next_rest.fetch_add(1, Ordering::AcqRel)) {
            return Some((i, false));
        }
        // Only videos left: wait for a slot like everyone else.
        let &i = videos.get(next_video.fetch_add(1, Ordering::AcqRel))?;
        in_video.fetch_add(1, Ordering::AcqRel);
        Some((i, true))
    };
    let results: Mutex<Vec<Option<PreparedMedia>>> =
        Mutex::new((0..media.len()).map(|_| None).collect());
    let first_error: Mutex<Option<ExportError>> = Mutex::new(None);
    let stop = AtomicBool::new(false);
    let workers = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(media.len())
        .max(1);
    let stopped = || stop.load(Ordering::Relaxed) || cancel.load(Ordering::Relaxed);
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                while !stopped() {
                    let Some((i, video)) = pick() else {
                        break;
                    };
                    // A decoder bug on a hostile file must fail this export, not abort the
                    // studio: a panic becomes that file's error.
                    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        prepare_with(media[i], opts, &|f| progress(i, f), &stopped)
                    }))
                    .unwrap_or_else(|_| {
                        Err(media_err(
                            &media[i].source,
                            "could not be processed (the decoder failed on it); \
                             check the file or export it with the original setting",
                        ))
                    });
                    if video {
                        in_video.fetch_sub(1, Ordering::AcqRel);
                    }
                    match result {
                        Ok(p) => {
                            results.lock().unwrap_or_else(PoisonError::into_inner)[i] = Some(p);
                        }
                        Err(e) => {
                            let mut first =
                                first_error.lock().unwrap_or_else(PoisonError::into_inner);
                            // A job cancelled because another failed is not the news.
                            if first.is_none() && !matches!(e, ExportError::Cancelled) {
                                *first = Some(e);
                            }
                            stop.store(true, Ordering::Relaxed);
                        }
                    }
                }
            });
        }
    });
    if let Some(e) = first_error
        .into_inner()
        .unwrap_or_else(PoisonError::into_inner)
    {
        return Err(e);
    }
    if cancel.load(Ordering::Relaxed) {
        return Err(ExportError::Cancelled);
    }
    results
        .into_inner()
        .unwrap_or_else(PoisonError::into_inner)
        .into_iter()
        .map(|r| r.ok_or(ExportError::Cancelled))
        .collect()
}

enum Outcome {
    Written,
    KeepOriginal,
}

fn prepare_with(
    media: &MediaRef,
    opts: &MediaOptions,
    progress: &dyn Fn(f32),
    cancelled: &dyn Fn() -> bool,
) -> Result<PreparedMedia, ExportError> {
    let Some(job) = job(media, opts) else {
        return Ok(PreparedMedia::untouched(media));
    };
    if cancelled() {
        return Err(ExportError::Cancelled);
    }
    let source = &media.source;
    let (ext, recipe) = match job {
        Job::Video { height } => (
            "mp4".to_owned(),
            format!("video h={height} {}", ffmpeg::VIDEO_RECIPE),
        ),
        Job::Image { max_side } => {
            // Reading the header is cheaper than hashing: small images skip the cache.
            if !image_resize::needs_resize(source, max_side)? {
                return Ok(PreparedMedia::untouched(media));
            }
            (
                extension(&media.rel),
                format!("image max={max_side} {}", image_resize::IMAGE_RECIPE),
            )
        }
        Job::Poster => (
            "jpg".to_owned(),
            format!("poster {}", ffmpeg::POSTER_RECIPE),
        ),
    };

    let cache_dir = opts.cache_dir.as_deref();
    let (dir, temp_guard) = match cache_dir {
        Some(d) => {
            std::fs::create_dir_all(d).map_err(ExportError::io("creating the media cache", d))?;
            (d.to_path_buf(), None)
        }
        None => {
            let t = tempfile::Builder::new()
                .prefix("course-export-media-")
                .tempdir()
                .map_err(ExportError::io(
                    "creating a temporary folder in",
                    std::env::temp_dir(),
                ))?;
            (t.path().to_path_buf(), Some(t))
        }
    };
    let key = match cache_dir {
        Some(_) => Some(cache::key(source, &recipe)?),
        None => None,
    };
    if let Some(key) = &key {
        let hit = match cache::lookup(&dir, key, &ext) {
            cache::Lookup::File(path) => Some(path),
            cache::Lookup::KeepOriginal => Some(source.clone()),
            cache::Lookup::Miss => None,
        };
        if let Some(path) = hit {
            cache::record(cache_dir, |s| s.hits += 1);
            progress(1.0);
            return Ok(PreparedMedia {
                path,
                work: MediaWork::CacheHit,
                _temp: None,
            });
        }
    }
    if cancelled() {
        return Err(ExportError::Cancelled);
    }

    // Dropped (deleted) on every early return: errors and cancel leave no temp file.
    let mut tmp = cache::temp_file(&dir, &ext)?;
    let outcome = match job {
        Job::Video { height } => {
            transcode_video(source, tmp.path(), height, opts, progress, cancelled)?
        }
        Job::Image { max_side } => {
            match image_resize::resize(source, tmp.as_file_mut(), max_side)? {
                image_resize::Resized::Written => Outcome::Written,
                image_resize::Resized::KeepOriginal => Outcome::KeepOriginal,
            }
        }
        Job::Poster => {
            let ffmpeg = located_ffmpeg(opts, source)?;
            ffmpeg::poster_frame(&ffmpeg, source, tmp.path(), cancelled)?;
            Outcome::Written
        }
    };
    cache::record(cache_dir, |s| s.processed += 1);
    progress(1.0);
    let path = match (outcome, &key) {
        (Outcome::Written, Some(key)) => {
            let path = cache::publish(tmp, &dir, key, &ext)?;
            // Best effort: a cache that cannot be trimmed still serves this export.
            let _ = trim_cache(&dir, DEFAULT_CACHE_CAP_BYTES);
            path
        }
        (Outcome::Written, None) => {
            let path = dir.join(format!("prepared.{ext}"));
            tmp.persist(&path)
                .map_err(|e| ExportError::io("saving", path.clone())(e.error))?;
            path
        }
        (Outcome::KeepOriginal, key) => {
            if let Some(key) = key {
                cache::publish_keep(&dir, key)?;
            }
            source.clone()
        }
    };
    Ok(PreparedMedia {
        path,
        work: MediaWork::Processed,
        _temp: temp_guard,
    })
}

/// [`MediaOptions::ffmpeg_path`], as an error that names the file it was needed for.
fn located_ffmpeg(opts: &MediaOptions, source: &Path) -> Result<PathBuf, ExportError> {
    opts.ffmpeg_path().map_err(|msg| media_err(source, msg))
}

fn transcode_video(
    source: &Path,
    out: &Path,
    height: u32,
    opts: &MediaOptions,
    progress: &dyn Fn(f32),
    cancelled: &dyn Fn() -> bool,
) -> Result<Outcome, ExportError> {
    let ffmpeg = located_ffmpeg(opts, source)?;
    let probe = match ffmpeg::locate_ffprobe(&ffmpeg) {
        Some(ffprobe) => Some(ffmpeg::probe(&ffprobe, source)?),
        None => None,
    };
    let duration = probe.as_ref().and_then(|p| p.duration);
    ffmpeg::transcode(&ffmpeg, source, out, height, duration, progress, cancelled)?;
    let len = |p: &Path| std::fs::metadata(p).map(|m| m.len());
    let new_len = len(out).map_err(ExportError::io("reading", out))?;
    let old_len = len(source).map_err(ExportError::io("reading", source))?;
    // An MP4 that browsers already play and that re-encoding does not shrink is kept as is
    // (re-encoding would only lose quality).
    // `.mov` shares ffprobe's "mp4" demuxer, so the name must say MP4 too.
    let is_mp4_name = matches!(extension(&source.to_string_lossy()).as_str(), "mp4" | "m4v");
    let playable = is_mp4_name && probe.is_some_and(|p| p.plays_in_browsers_at(height));
    Ok(if playable && new_len >= old_len {
        Outcome::KeepOriginal
    } else {
        Outcome::Written
    })
}
