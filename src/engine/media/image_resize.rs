//! Downsizing photos with the `image` crate: same format, EXIF orientation applied, ICC colour
//! profile kept.

use std::fs::File;
use std::io::{BufReader, BufWriter, Seek, Write};
use std::path::Path;

use image::codecs::jpeg::{JpegDecoder, JpegEncoder};
use image::codecs::png::{CompressionType, FilterType as PngFilter, PngDecoder, PngEncoder};
use image::codecs::webp::{WebPDecoder, WebPEncoder};
use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageEncoder, ImageFormat, ImageReader};

use super::ffmpeg::media_err;
use super::limit::Budget;
use crate::engine::error::ExportError;

/// Settings of the resize, part of the cache key.
pub const IMAGE_RECIPE: &str =
    "box-prereduce catmull-rom jpeg-q85 png-default webp-lossless icc exif-orient v1";

const JPEG_QUALITY: u8 = 85;

/// Decoded pixels in memory at once, over all threads (a 3000×2000 RGB photo is 18 MB, and
/// the resize holds source + result). Bounds peak RSS whatever the core count.
static PIXEL_BUDGET: Budget = Budget::new(96 * 1024 * 1024);

/// Longest side of an image decoded for resizing.
pub const MAX_IMAGE_SIDE: u32 = 20_000;
/// Most memory one decoded image may take: a 50-megapixel RGB photo (150 MB) fits; a
/// decompression bomb (a 3.5 MB PNG of 30000×30000 pixels would be 3.6 GB) is refused.
pub const MAX_DECODED_BYTES: u64 = 160 * 1024 * 1024;

fn limits() -> image::Limits {
    let mut l = image::Limits::default();
    l.max_image_width = Some(MAX_IMAGE_SIDE);
    l.max_image_height = Some(MAX_IMAGE_SIDE);
    l.max_alloc = Some(MAX_DECODED_BYTES);
    l
}

fn too_large(source: &Path, w: u32, h: u32) -> ExportError {
    media_err(
        source,
        format!(
            "is {w}×{h} pixels ({:.0} megapixels), too large to resize within bounded memory \
             (at most {MAX_IMAGE_SIDE} pixels a side and {} MiB decoded); make it smaller in an \
             image editor, or export images at their original size",
            f64::from(w) * f64::from(h) / 1e6,
            MAX_DECODED_BYTES / (1024 * 1024)
        ),
    )
}

/// Refuses, before any pixel is decoded, an image whose decoding would exceed the limits, and
/// sets the limits on the decoder (which enforces them on its own allocations too).
fn bounded<D: ImageDecoder>(source: &Path, mut d: D) -> Result<D, ExportError> {
    let (w, h) = d.dimensions();
    if w > MAX_IMAGE_SIDE || h > MAX_IMAGE_SIDE || d.total_bytes() > MAX_DECODED_BYTES {
        return Err(too_large(source, w, h));
    }
    d.set_limits(limits())
        .map_err(|_| too_large(source, w, h))?;
    Ok(d)
}

/// Formats this module resizes (by extension; the content decides the codec).
pub fn handles(ext: &str) -> bool {
    matches!(ext, "jpg" | "jpeg" | "png" | "webp")
}

pub enum Resized {
    /// Written to the output file.
    Written,
    /// Nothing to gain (small enough, animated, or the result would not be smaller): use the
    /// source.
    KeepOriginal,
}

fn decode_err(source: &Path, e: impl std::fmt::Display) -> ExportError {
    media_err(
        source,
        format!("cannot read this image (corrupt or unsupported): {e}"),
    )
}

/// The image's format from its content, and its size from the header only (cheap: no decode).
pub fn header(source: &Path) -> Result<(ImageFormat, u32, u32), ExportError> {
    let reader = ImageReader::open(source)
        .map_err(ExportError::io("reading", source))?
        .with_guessed_format()
        .map_err(ExportError::io("reading", source))?;
    let format = reader
        .format()
        .ok_or_else(|| decode_err(source, "unknown image format"))?;
    let (w, h) = reader
        .into_dimensions()
        .map_err(|e| decode_err(source, e))?;
    Ok((format, w, h))
}

/// Does this image need resizing to fit `max_side`?
pub fn needs_resize(source: &Path, max_side: u32) -> Result<bool, ExportError> {
    let (format, w, h) = header(source)?;
    Ok(matches!(
        format,
        ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP
    ) && w.max(h) > max_side)
}

/// Resizes `source` so its longest side is `max_side`, into `out` in the same format.
pub fn resize(source: &Path, out: &mut File, max_side: u32) -> Result<Resized, ExportError> {
    let (format, w, h) = header(source)?;
    if w.max(h) <= max_side {
        return Ok(Resized::KeepOriginal);
    }
    if w > MAX_IMAGE_SIDE || h > MAX_IMAGE_SIDE {
        return Err(too_large(source, w, h));
    }
    // Memory of the steps below: the decoded source (up to 4 bytes a pixel, 8 for 16-bit PNG),
    // then the filter's f32 RGBA intermediate (16 bytes a pixel, source width × new height).
    let bpp = if format == ImageFormat::Png { 8 } else { 4 };
    let (factor, new_h) = plan_steps(w, h, max_side);
    let _permit = PIXEL_BUDGET
        .acquire(u64::from(w) * u64::from(h) * bpp + u64::from(w / factor) * u64::from(new_h) * 16);

    let open = || -> Result<BufReader<File>, ExportError> {
        Ok(BufReader::new(
            File::open(source).map_err(ExportError::io("reading", source))?,
        ))
    };
    let (mut img, icc) = match format {
        ImageFormat::Jpeg => decode(
            source,
            bounded(
                source,
                JpegDecoder::new(open()?).map_err(|e| decode_err(source, e))?,
            )?,
        )?,
        ImageFormat::Png => {
            let d = bounded(
                source,
                PngDecoder::new(open()?).map_err(|e| decode_err(source, e))?,
            )?;
            // Decoding would keep only the first frame of an animation.
            if d.is_apng().map_err(|e| decode_err(source, e))? {
                return Ok(Resized::KeepOriginal);
            }
            decode(source, d)?
        }
        ImageFormat::WebP => {
            let d = bounded(
                source,
                WebPDecoder::new(open()?).map_err(|e| decode_err(source, e))?,
            )?;
            if d.has_animation() {
                return Ok(Resized::KeepOriginal);
            }
            decode(source, d)?
        }
        _ => return Ok(Resized::KeepOriginal),
    };
    if factor >= 2 {
        // Exact block averaging by an integer factor first (no aliasing, integer maths, and the
        // big source is freed before the filter allocates its f32 intermediate), then a
        // Catmull-Rom filter for the last, less-than-2x step: the quality of filtering the
        // whole way at a fraction of the memory and time.
        img = img.thumbnail_exact(img.width() / factor, img.height() / factor);
    }
    img = img.resize(max_side, max_side, FilterType::CatmullRom);

    let write_err = |e: image::ImageError| media_err(source, format!("cannot encode: {e}"));
    let mut w = BufWriter::new(&mut *out);
    match format {
        ImageFormat::Jpeg => {
            // JPEG has no alpha and 8 bits per channel; JPEG sources decode to these anyway.
            let img = match img {
                DynamicImage::ImageLuma8(_) | DynamicImage::ImageRgb8(_) => img,
                DynamicImage::ImageLumaA8(_) | DynamicImage::ImageLuma16(_) => {
                    DynamicImage::ImageLuma8(img.to_luma8())
                }
                _ => DynamicImage::ImageRgb8(img.to_rgb8()),
            };
            let enc = JpegEncoder::new_with_quality(&mut w, JPEG_QUALITY);
            encode_with_icc(enc, &img, icc).map_err(write_err)?;
        }
        ImageFormat::Png => {
            let enc =
                PngEncoder::new_with_quality(&mut w, CompressionType::Default, PngFilter::Adaptive);
            encode_with_icc(enc, &img, icc).map_err(write_err)?;
        }
        _ => {
            // The image crate encodes WebP losslessly only; the size check below keeps the
            // (lossy) original when that is not smaller.
            let img = if img.color().has_alpha() {
                DynamicImage::ImageRgba8(img.to_rgba8())
            } else {
                DynamicImage::ImageRgb8(img.to_rgb8())
            };
            let enc = WebPEncoder::new_lossless(&mut w);
            encode_with_icc(enc, &img, icc).map_err(write_err)?;
        }
    }
    w.flush().map_err(ExportError::io("writing", source))?;
    drop(w);
    let new_len = out
        .stream_position()
        .map_err(ExportError::io("writing", source))?;
    let old_len = std::fs::metadata(source)
        .map_err(ExportError::io("reading", source))?
        .len();
    Ok(if new_len < old_len {
        Resized::Written
    } else {
        Resized::KeepOriginal
    })
}

/// Encode with the source's colour profile when there is one (an encoder that cannot carry it
/// still writes the pixels).
fn encode_with_icc<E: ImageEncoder>(
    mut enc: E,
    img: &DynamicImage,
    icc: Option<Vec<u8>>,
) -> image::ImageResult<()> {
    if let Some(icc) = icc {
        let _ = enc.set_icc_profile(icc);
    }
    enc.write_image(
        img.as_bytes(),
        img.width(),
        img.height(),
        img.color().into(),
    )
}

/// The integer pre-reduction factor (≥ 1) and the final height (before orientation, which
/// swaps sides but not the amounts) for fitting `w`×`h` in `max_side`.
fn plan_steps(w: u32, h: u32, max_side: u32) -> (u32, u32) {
    let long = w.max(h).max(1);
    let factor = (long / max_side.max(1)).max(1);
    let new_h = (u64::from(h) * u64::from(max_side) / u64::from(long)).max(1) as u32;
    (factor, new_h)
}

/// Decodes with the EXIF orientation applied (the result has no EXIF, so it must be upright in
/// its pixels) and returns the ICC profile to carry over.
fn decode(
    source: &Path,
    mut d: impl ImageDecoder,
) -> Result<(DynamicImage, Option<Vec<u8>>), ExportError> {
    // Unreadable EXIF is common in edited photos and is no reason to fail: assume upright.
    let orientation = d
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let icc = d.icc_profile().ok().flatten();
    let mut img = DynamicImage::from_decoder(d).map_err(|e| decode_err(source, e))?;
    img.apply_orientation(orientation);
    Ok((img, icc))
}
