//! Media pipeline: decides the packaged name of each media file and prepares the file to store
//! (the original, or a transcoded / resized copy from the cache).
//!
//! Interface used by the package builder (`package.rs`):
//! - [`packaged_path`]: where a media file lands in the zip (may change the extension when a video
//!   is transcoded to MP4).
//! - [`preflight`]: checks up front that the settings can be honoured (e.g. ffmpeg is present when a
//!   video must be transcoded), before any file is written.
//! - [`prepare`]: returns the file to store for one media file.

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use super::course::MediaRef;
use super::error::ExportError;
use super::settings::Resolution;

/// How media is processed during one export.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MediaOptions {
    pub video: Resolution,
    pub image: Resolution,
    /// ffmpeg to use; `None` = look on PATH.
    pub ffmpeg: Option<PathBuf>,
    /// Where transcoded/resized files are cached; `None` = no cache (a temp dir is used).
    pub cache_dir: Option<PathBuf>,
}

/// The file to put in the package for one media file.
#[derive(Debug)]
pub struct PreparedMedia {
    pub path: PathBuf,
}

/// Path inside the package: `media/<path relative to the course's media folder>`, or
/// `media/<path relative to the course>` for files elsewhere in the course.
pub fn packaged_path(media: &MediaRef, _opts: &MediaOptions) -> String {
    match media.rel.strip_prefix("media/") {
        Some(rest) => format!("media/{rest}"),
        None => format!("media/{}", media.rel),
    }
}

/// Fails early when the settings cannot be honoured for these files.
pub fn preflight(_media: &[&MediaRef], _opts: &MediaOptions) -> Result<(), ExportError> {
    Ok(())
}

/// Prepare one file. `progress` gets 0.0..=1.0 for long work; `cancel` stops it.
pub fn prepare(
    media: &MediaRef,
    _opts: &MediaOptions,
    _progress: &dyn Fn(f32),
    _cancel: &AtomicBool,
) -> Result<PreparedMedia, ExportError> {
    Ok(PreparedMedia {
        path: media.source.clone(),
    })
}
