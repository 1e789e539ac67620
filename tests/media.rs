//! The media pipeline with the real ffmpeg on small generated clips: output resolution and aspect
//! ratio, the result plays (ffprobe reads H.264/AAC), cancel, missing ffmpeg, corrupt files, the
//! cache (hits are counted, not timed), image downsizing with EXIF orientation, and an export end
//! to end. ffmpeg is required: without it these tests fail and say what to install.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may fail loudly

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use course_export::engine::course::{MediaKind, MediaRef};
use course_export::engine::error::ExportError;
use course_export::engine::load_course;
use course_export::engine::media::{
    self, MediaOptions, MediaWork, cache_stats, locate_ffmpeg, trim_cache,
};
use course_export::engine::package::{self, ExportContext, Progress};
use course_export::engine::settings::{ExportSettings, Resolution};
use image::{GenericImageView, ImageFormat, Rgb, RgbImage, Rgba, RgbaImage};

/// Fails (never skips) when ffmpeg is missing: the pipeline's tests must run.
fn require_ffmpeg() {
    for tool in ["ffmpeg", "ffprobe"] {
        let ok = Command::new(tool)
            .arg("-version")
            .output()
            .is_ok_and(|o| o.status.success());
        assert!(
            ok,
            "{tool} is not installed: apt-get install ffmpeg (the media tests need the real ffmpeg)"
        );
    }
}

fn run(cmd: &mut Command) {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A test clip: ffmpeg's testsrc2 picture and a sine tone, `secs` long.
fn make_clip(dir: &Path, name: &str, w: u32, h: u32, secs: u32) -> PathBuf {
    require_ffmpeg();
    let path = dir.join(name);
    run(Command::new("ffmpeg")
        .args(["-hide_banner", "-loglevel", "error", "-nostdin", "-y"])
        .args([
            "-f",
            "lavfi",
            "-i",
            &format!("testsrc2=size={w}x{h}:rate=25"),
        ])
        .args(["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100"])
        .args(["-t", &secs.to_string(), "-shortest"])
        .args([
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-pix_fmt",
            "yuv420p",
        ])
        .args(["-c:a", "aac"])
        .arg(&path));
    path
}

#[derive(Debug, PartialEq)]
struct Probed {
    video: String,
    width: u32,
    height: u32,
    pix_fmt: String,
    audio: Option<String>,
}

fn ffprobe(path: &Path) -> Probed {
    let out = Command::new("ffprobe")
        .args(["-v", "error", "-show_entries"])
        .arg("stream=codec_type,codec_name,width,height,pix_fmt")
        .args(["-of", "json"])
        .arg(path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "ffprobe cannot read {}: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let streams = v["streams"].as_array().unwrap();
    let video = streams.iter().find(|s| s["codec_type"] == "video").unwrap();
    Probed {
        video: video["codec_name"].as_str().unwrap().to_owned(),
        width: video["width"].as_u64().unwrap() as u32,
        height: video["height"].as_u64().unwrap() as u32,
        pix_fmt: video["pix_fmt"].as_str().unwrap().to_owned(),
        audio: streams
            .iter()
            .find(|s| s["codec_type"] == "audio")
            .map(|s| s["codec_name"].as_str().unwrap().to_owned()),
    }
}

fn media_ref(path: &Path, rel: &str) -> MediaRef {
    MediaRef {
        source: fs::canonicalize(path).unwrap(),
        rel: rel.to_owned(),
        size: fs::metadata(path).unwrap().len(),
        kind: MediaKind::from_path(rel),
    }
}

fn opts(video: Resolution, image: Resolution, cache: Option<&Path>) -> MediaOptions {
    MediaOptions {
        video,
        image,
        ffmpeg: None,
        cache_dir: cache.map(Path::to_path_buf),
        ..MediaOptions::default()
    }
}

fn prepare(m: &MediaRef, o: &MediaOptions) -> Result<media::PreparedMedia, ExportError> {
    media::prepare(m, o, &|_| {}, &AtomicBool::new(false))
}

/// Files in a folder (temp files included).
fn listing(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .map(|r| {
            r.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// Position of a top-level MP4 box: `moov` before `mdat` means faststart.
fn box_offset(path: &Path, kind: &[u8; 4]) -> Option<u64> {
    use std::io::{Read, Seek, SeekFrom};
    let mut f = fs::File::open(path).unwrap();
    let len = f.metadata().unwrap().len();
    let mut pos = 0u64;
    while pos + 8 <= len {
        f.seek(SeekFrom::Start(pos)).unwrap();
        let mut head = [0u8; 16];
        f.read_exact(&mut head[..8]).unwrap();
        let mut size = u64::from(u32::from_be_bytes(head[..4].try_into().unwrap()));
        if &head[4..8] == kind {
            return Some(pos);
        }
        if size == 1 {
            f.read_exact(&mut head[8..16]).unwrap();
            size = u64::from_be_bytes(head[8..16].try_into().unwrap());
        }
        if size < 8 {
            return None;
        }
        pos += size;
    }
    None
}

// ---------------------------------------------------------------- video

#[test]
fn video_480p_from_720p_is_854x480_h264_aac_faststart_and_plays() {
    let dir = tempfile::tempdir().unwrap();
    let clip = make_clip(dir.path(), "clip.mp4", 1280, 720, 2);
    let m = media_ref(&clip, "media/clip.mp4");
    let o = opts(Resolution::P480, Resolution::Original, None);
    let seen = Mutex::new(Vec::new());
    let p = media::prepare(
        &m,
        &o,
        &|f| seen.lock().unwrap().push(f),
        &AtomicBool::new(false),
    )
    .unwrap();
    assert_eq!(p.work, MediaWork::Processed);
    assert_ne!(p.path, m.source);
    assert_eq!(
        ffprobe(&p.path),
        Probed {
            video: "h264".into(),
            width: 854,
            height: 480,
            pix_fmt: "yuv420p".into(),
            audio: Some("aac".into()),
        }
    );
    let moov = box_offset(&p.path, b"moov").expect("no moov box");
    let mdat = box_offset(&p.path, b"mdat").expect("no mdat box");
    assert!(moov < mdat, "not faststart: moov at {moov}, mdat at {mdat}");
    // Progress reached the end and never went backwards.
    let seen = seen.into_inner().unwrap();
    assert_eq!(seen.last(), Some(&1.0), "{seen:?}");
    assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{seen:?}");
    // Without a cache folder the result lives in a temp folder that goes with the value.
    let out = p.path.clone();
    drop(p);
    assert!(
        !out.exists(),
        "{} outlived its PreparedMedia",
        out.display()
    );
}

#[test]
fn video_is_never_upscaled_and_keeps_even_sizes() {
    let dir = tempfile::tempdir().unwrap();
    // 640x360 at 720p stays 640x360.
    let small = make_clip(dir.path(), "small.mkv", 640, 360, 1);
    let p = prepare(
        &media_ref(&small, "media/small.mkv"),
        &opts(Resolution::P720, Resolution::Original, None),
    )
    .unwrap();
    let got = ffprobe(&p.path);
    assert_eq!((got.width, got.height), (640, 360));
    assert_eq!(got.video, "h264");
    // Odd sizes (yuv444 so the source may be odd) become even, without upscaling.
    let odd = dir.path().join("odd.mkv");
    run(Command::new("ffmpeg")
        .args(["-hide_banner", "-loglevel", "error", "-nostdin", "-y"])
        .args([
            "-f",
            "lavfi",
            "-i",
            "testsrc2=size=641x361:rate=25",
            "-t",
            "1",
        ])
        .args([
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-pix_fmt",
            "yuv444p",
        ])
        .arg(&odd));
    let p = prepare(
        &media_ref(&odd, "media/odd.mkv"),
        &opts(Resolution::P1080, Resolution::Original, None),
    )
    .unwrap();
    let got = ffprobe(&p.path);
    assert_eq!((got.width, got.height), (640, 360));
    assert_eq!(got.pix_fmt, "yuv420p");
    assert_eq!(got.audio, None, "no audio in, no audio out");
}

#[test]
fn portrait_video_scales_its_short_side() {
    let dir = tempfile::tempdir().unwrap();
    let clip = make_clip(dir.path(), "portrait.mp4", 720, 1280, 1);
    let p = prepare(
        &media_ref(&clip, "media/portrait.mp4"),
        &opts(Resolution::P480, Resolution::Original, None),
    )
    .unwrap();
    let got = ffprobe(&p.path);
    assert_eq!((got.width, got.height), (480, 854));
}

#[test]
fn original_resolution_uses_the_source_and_needs_no_ffmpeg() {
    let dir = tempfile::tempdir().unwrap();
    let clip = dir.path().join("clip.mov");
    fs::write(&clip, b"not even a video: original never opens it").unwrap();
    let m = media_ref(&clip, "media/clip.mov");
    let mut o = opts(Resolution::Original, Resolution::Original, None);
    o.ffmpeg = Some(dir.path().join("no-such-ffmpeg"));
    media::preflight(&[&m], &o).unwrap();
    assert_eq!(media::packaged_path(&m, &o), "media/clip.mov");
    let p = prepare(&m, &o).unwrap();
    assert_eq!((p.path, p.work), (m.source.clone(), MediaWork::None));
}

#[test]
fn packaged_path_is_mp4_for_transcoded_videos_only() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("f");
    fs::write(&file, b"x").unwrap();
    let o = opts(Resolution::P720, Resolution::P720, None);
    let cases = [
        ("media/a/clip.mov", "media/a/clip.mp4"),
        ("media/clip.MP4", "media/clip.mp4"),
        ("media/v.1.webm", "media/v.1.mp4"),
        ("other/clip.mkv", "media/other/clip.mp4"),
        ("media/photo.jpg", "media/photo.jpg"),
        ("media/sound.mp3", "media/sound.mp3"),
    ];
    for (rel, want) in cases {
        assert_eq!(
            media::packaged_path(&media_ref(&file, rel), &o),
            want,
            "{rel}"
        );
    }
}

#[test]
fn two_videos_that_would_share_a_packaged_name_fail_preflight() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("clip.mov");
    let b = dir.path().join("clip.webm");
    fs::write(&a, b"a").unwrap();
    fs::write(&b, b"b").unwrap();
    let (ma, mb) = (
        media_ref(&a, "media/clip.mov"),
        media_ref(&b, "media/clip.webm"),
    );
    let err = media::preflight(
        &[&ma, &mb],
        &opts(Resolution::P360, Resolution::Original, None),
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("clip.webm") && err.contains("media/clip.mp4"),
        "{err}"
    );
    // The same file listed twice (several sections link it) is fine.
    media::preflight(
        &[&ma, &ma],
        &opts(Resolution::P360, Resolution::Original, None),
    )
    .unwrap();
}

#[test]
fn cancel_kills_ffmpeg_and_leaves_no_temp_files() {
    let dir = tempfile::tempdir().unwrap();
    let clip = make_clip(dir.path(), "long.mp4", 1280, 720, 20);
    let cache = dir.path().join("cache");
    let m = media_ref(&clip, "media/long.mp4");
    let o = opts(Resolution::P360, Resolution::Original, Some(&cache));
    let cancel = AtomicBool::new(false);
    let calls = Mutex::new(0);
    // Cancel as soon as ffmpeg reports progress, i.e. while it is writing its output.
    let r = media::prepare(
        &m,
        &o,
        &|_| {
            *calls.lock().unwrap() += 1;
            cancel.store(true, Ordering::Relaxed);
        },
        &cancel,
    );
    assert!(matches!(r, Err(ExportError::Cancelled)), "{r:?}");
    assert!(*calls.lock().unwrap() >= 1);
    assert_eq!(listing(&cache), Vec::<String>::new(), "cache after cancel");
    assert_eq!(cache_stats(Some(&cache)).processed, 0);
}

// ---------------------------------------------------------------- missing ffmpeg, corrupt files

#[test]
fn missing_ffmpeg_fails_up_front_with_what_to_install() {
    let dir = tempfile::tempdir().unwrap();
    let clip = dir.path().join("clip.mp4");
    fs::write(&clip, b"x").unwrap();
    let m = media_ref(&clip, "media/clip.mp4");
    // A configured path that does not exist.
    let mut o = opts(Resolution::P720, Resolution::Original, None);
    o.ffmpeg = Some(dir.path().join("bin/ffmpeg"));
    for err in [
        media::preflight(&[&m], &o).unwrap_err(),
        prepare(&m, &o).unwrap_err(),
    ] {
        let msg = err.to_string();
        assert!(matches!(err, ExportError::Media { .. }), "{err:?}");
        assert!(msg.contains("apt-get install ffmpeg"), "{msg}");
        assert!(
            msg.contains("bin/ffmpeg"),
            "names the configured path: {msg}"
        );
    }
    // A PATH without ffmpeg.
    let empty = tempfile::tempdir().unwrap();
    let msg = locate_ffmpeg(None, Some(empty.path().as_os_str())).unwrap_err();
    assert!(
        msg.contains("apt-get install ffmpeg") && msg.contains("PATH"),
        "{msg}"
    );
    assert!(locate_ffmpeg(None, None).is_err());
    // ...and found on a PATH that has it.
    let fake = empty.path().join("ffmpeg");
    fs::write(&fake, "#!/bin/sh\n").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&fake, fs::Permissions::from_mode(0o755)).unwrap();
    }
    assert_eq!(
        locate_ffmpeg(None, Some(empty.path().as_os_str())).unwrap(),
        fake
    );
}

#[test]
fn cli_export_without_ffmpeg_on_path_fails_and_says_what_to_install() {
    let dir = tempfile::tempdir().unwrap();
    let course = make_course(dir.path(), None);
    let empty = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.zip");
    let run = |video: &str| {
        Command::new(env!("CARGO_BIN_EXE_course-export"))
            .arg("export")
            .arg("--course")
            .arg(&course)
            .arg("--out")
            .arg(&out)
            .args(["--video-resolution", video])
            .arg("--cache-dir")
            .arg(dir.path().join("cache"))
            .env("PATH", empty.path())
            .output()
            .unwrap()
    };
    let o = run("720p");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success(), "exported without ffmpeg: {stderr}");
    assert!(stderr.contains("apt-get install ffmpeg"), "{stderr}");
    assert!(!out.exists(), "a package was written");
    // `original` needs no ffmpeg.
    let o = run("original");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(common::zip_names(&out).contains("media/clip.mov"));
}

#[test]
fn corrupt_video_is_an_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let junk = dir.path().join("broken.mp4");
    fs::write(&junk, vec![0x42u8; 10_000]).unwrap();
    // A real clip cut off after its first kilobytes (an interrupted download).
    let clip = make_clip(dir.path(), "whole.mkv", 320, 240, 2);
    let cut = dir.path().join("cut.mp4");
    fs::write(&cut, &fs::read(&clip).unwrap()[..2_000]).unwrap();
    for (path, rel) in [(&junk, "media/broken.mp4"), (&cut, "media/cut.mp4")] {
        let cache = dir.path().join("cache");
        let err = prepare(
            &media_ref(path, rel),
            &opts(Resolution::P360, Resolution::Original, Some(&cache)),
        )
        .unwrap_err();
        let msg = err.to_string();
        assert!(
            matches!(&err, ExportError::Media { path: p, .. } if p.ends_with(path.file_name().unwrap())),
            "{err:?}"
        );
        assert!(
            msg.contains(&path.file_name().unwrap().to_string_lossy().into_owned()),
            "{msg}"
        );
        assert!(
            !listing(&cache).iter().any(|n| n.starts_with(".tmp")),
            "temp files left: {:?}",
            listing(&cache)
        );
    }
}

#[test]
fn corrupt_image_is_an_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let junk = dir.path().join("junk.jpg");
    fs::write(&junk, b"this is not a jpeg at all").unwrap();
    // A real PNG cut in half: the header says 2000x1000, the pixels are missing.
    let png = dir.path().join("half.png");
    noise_rgb(2000, 1000).save(&png).unwrap();
    let bytes = fs::read(&png).unwrap();
    fs::write(&png, &bytes[..bytes.len() / 2]).unwrap();
    for (path, rel) in [(&junk, "media/junk.jpg"), (&png, "media/half.png")] {
        let err = prepare(
            &media_ref(path, rel),
            &opts(Resolution::Original, Resolution::P720, None),
        )
        .unwrap_err();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        assert!(matches!(err, ExportError::Media { .. }), "{err:?}");
        assert!(err.to_string().contains(&name), "{err}");
    }
}

// ---------------------------------------------------------------- cache

#[test]
fn second_prepare_is_a_cache_hit_with_no_media_work() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let clip = make_clip(dir.path(), "clip.mp4", 640, 360, 1);
    let m = media_ref(&clip, "media/clip.mp4");
    let o = opts(Resolution::P360, Resolution::Original, Some(&cache));

    let first = prepare(&m, &o).unwrap();
    assert_eq!(first.work, MediaWork::Processed);
    let second = prepare(&m, &o).unwrap();
    assert_eq!(second.work, MediaWork::CacheHit);
    assert_eq!(first.path, second.path);
    assert_eq!(
        cache_stats(Some(&cache)),
        media::CacheStats {
            hits: 1,
            processed: 1
        }
    );
    // Keyed by content, not name: a copy elsewhere hits too.
    let copy = dir.path().join("renamed.mp4");
    fs::copy(&clip, &copy).unwrap();
    assert_eq!(
        prepare(&media_ref(&copy, "media/renamed.mp4"), &o)
            .unwrap()
            .work,
        MediaWork::CacheHit
    );
    // Other settings are other entries.
    let o240 = opts(Resolution::P480, Resolution::Original, Some(&cache));
    assert_eq!(prepare(&m, &o240).unwrap().work, MediaWork::Processed);
    assert_eq!(
        cache_stats(Some(&cache)),
        media::CacheStats {
            hits: 2,
            processed: 2
        }
    );
    // Changed content misses.
    let other = make_clip(dir.path(), "clip2.mp4", 640, 360, 2);
    fs::rename(&other, &clip).unwrap();
    assert_eq!(
        prepare(&media_ref(&clip, "media/clip.mp4"), &o)
            .unwrap()
            .work,
        MediaWork::Processed
    );
    assert!(!listing(&cache).iter().any(|n| n.starts_with(".tmp")));
}

#[test]
fn concurrent_prepares_of_one_file_all_succeed_with_one_entry() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let img = dir.path().join("photo.jpg");
    noise_rgb(1600, 1200).save(&img).unwrap();
    let m = media_ref(&img, "media/photo.jpg");
    let o = opts(Resolution::Original, Resolution::P480, Some(&cache));
    let paths: Vec<PathBuf> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..6)
            .map(|_| s.spawn(|| prepare(&m, &o).unwrap().path))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert!(paths.windows(2).all(|w| w[0] == w[1]));
    let files = listing(&cache);
    assert_eq!(files.len(), 1, "{files:?}");
    assert_eq!(image::open(&paths[0]).unwrap().dimensions(), (854, 640));
}

#[test]
fn trim_evicts_least_recently_used_entries_and_nothing_else() {
    use std::time::{Duration, SystemTime};
    let cache = tempfile::tempdir().unwrap();
    let hour = Duration::from_secs(3600);
    let entry = |c: char, kb: usize, hours_ago: u64| {
        let p = cache
            .path()
            .join(format!("{}.mp4", c.to_string().repeat(64)));
        fs::write(&p, vec![0u8; kb * 1024]).unwrap();
        let f = fs::File::options().append(true).open(&p).unwrap();
        f.set_modified(SystemTime::now() - hour * hours_ago as u32)
            .unwrap();
        p
    };
    let oldest = entry('a', 100, 30);
    let older = entry('b', 100, 20);
    let recent = entry('c', 100, 2);
    let in_use = entry('d', 100, 0);
    let unrelated = cache.path().join("notes.txt");
    fs::write(&unrelated, vec![0u8; 500 * 1024]).unwrap();
    let stale_tmp = cache.path().join(".tmp-abc.mp4");
    fs::write(&stale_tmp, b"x").unwrap();
    fs::File::options()
        .append(true)
        .open(&stale_tmp)
        .unwrap()
        .set_modified(SystemTime::now() - hour * 48)
        .unwrap();

    let left = trim_cache(cache.path(), 250 * 1024).unwrap();
    assert_eq!(left, 200 * 1024);
    assert!(!oldest.exists() && !older.exists());
    assert!(recent.exists() && in_use.exists() && unrelated.exists());
    assert!(!stale_tmp.exists());
    // Entries used in the last hour are spared even over the cap: another export may be
    // about to read them.
    assert_eq!(trim_cache(cache.path(), 0).unwrap(), 100 * 1024);
    assert!(in_use.exists() && !recent.exists());
}

// ---------------------------------------------------------------- images

fn noise_rgb(w: u32, h: u32) -> RgbImage {
    // Deterministic noise: photos do not compress like flat colours.
    let mut x: u32 = 12345;
    RgbImage::from_fn(w, h, |i, j| {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        let n = (x >> 24) as u8;
        Rgb([n, (i % 256) as u8, (j % 256) as u8])
    })
}

fn format_of(path: &Path) -> ImageFormat {
    image::ImageReader::open(path)
        .unwrap()
        .with_guessed_format()
        .unwrap()
        .format()
        .unwrap()
}

#[test]
fn images_are_downsized_keeping_format_and_aspect_ratio() {
    let dir = tempfile::tempdir().unwrap();
    let jpg = dir.path().join("photo.jpg");
    noise_rgb(3000, 2000).save(&jpg).unwrap();
    let png = dir.path().join("diagram.png");
    RgbaImage::from_fn(2000, 1000, |i, j| {
        Rgba([(i % 256) as u8, (j % 256) as u8, 0, (i / 8 % 256) as u8])
    })
    .save(&png)
    .unwrap();
    let webp = dir.path().join("lossless.webp");
    noise_rgb(1600, 900).save(&webp).unwrap();

    let o = opts(Resolution::Original, Resolution::P720, None); // 1280 px
    let cases = [
        (&jpg, "media/photo.jpg", ImageFormat::Jpeg, (1280, 853)),
        (&png, "media/diagram.png", ImageFormat::Png, (1280, 640)),
        (&webp, "media/lossless.webp", ImageFormat::WebP, (1280, 720)),
    ];
    for (path, rel, format, dims) in cases {
        let p = prepare(&media_ref(path, rel), &o).unwrap();
        assert_eq!(p.work, MediaWork::Processed, "{rel}");
        assert_ne!(p.path, fs::canonicalize(path).unwrap(), "{rel} not resized");
        assert_eq!(format_of(&p.path), format, "{rel}");
        let img = image::open(&p.path).unwrap();
        assert_eq!(img.dimensions(), dims, "{rel}");
        assert!(fs::metadata(&p.path).unwrap().len() < fs::metadata(path).unwrap().len());
        if format == ImageFormat::Png {
            assert!(img.color().has_alpha(), "PNG lost its alpha channel");
        }
    }
    // The packaged name does not change for images.
    assert_eq!(
        media::packaged_path(&media_ref(&jpg, "media/photo.jpg"), &o),
        "media/photo.jpg"
    );
}

#[test]
fn small_images_and_other_formats_are_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let small = dir.path().join("small.jpg");
    noise_rgb(800, 600).save(&small).unwrap();
    let gif = dir.path().join("anim.gif");
    // Never opened: GIFs (often animated) are packaged as they are.
    fs::write(&gif, b"GIF89a, not decoded").unwrap();
    let o = opts(Resolution::Original, Resolution::P480, Some(&cache)); // 854 px
    for (path, rel) in [(&small, "media/small.jpg"), (&gif, "media/anim.gif")] {
        let p = prepare(&media_ref(path, rel), &o).unwrap();
        assert_eq!(p.work, MediaWork::None, "{rel}");
        assert_eq!(p.path, fs::canonicalize(path).unwrap());
    }
    assert_eq!(cache_stats(Some(&cache)), media::CacheStats::default());
}

#[test]
fn the_original_is_kept_when_resizing_would_not_make_it_smaller() {
    require_ffmpeg();
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    // A heavily compressed lossy WebP: the image crate only writes lossless WebP, which is far
    // bigger even at a smaller size.
    let webp = dir.path().join("lossy.webp");
    run(Command::new("ffmpeg")
        .args(["-hide_banner", "-loglevel", "error", "-nostdin", "-y"])
        .args([
            "-f",
            "lavfi",
            "-i",
            "testsrc2=size=2400x1600",
            "-frames:v",
            "1",
        ])
        .args(["-c:v", "libwebp", "-quality", "5"])
        .arg(&webp));
    let m = media_ref(&webp, "media/lossy.webp");
    let o = opts(Resolution::Original, Resolution::P720, Some(&cache));
    let p = prepare(&m, &o).unwrap();
    assert_eq!(
        (p.path.clone(), p.work),
        (m.source.clone(), MediaWork::Processed)
    );
    // The decision is cached too: no second decode.
    let p = prepare(&m, &o).unwrap();
    assert_eq!((p.path, p.work), (m.source.clone(), MediaWork::CacheHit));
}

/// A JPEG with an EXIF APP1 segment holding only the Orientation tag (0x0112).
fn jpeg_with_orientation(img: &RgbImage, orientation: u16) -> Vec<u8> {
    let mut jpeg = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut jpeg), ImageFormat::Jpeg)
        .unwrap();
    let mut tiff = Vec::new();
    tiff.extend_from_slice(b"MM\0\x2a\0\0\0\x08"); // big-endian TIFF header, IFD0 at 8
    tiff.extend_from_slice(&1u16.to_be_bytes()); // one entry
    tiff.extend_from_slice(&0x0112u16.to_be_bytes()); // Orientation
    tiff.extend_from_slice(&3u16.to_be_bytes()); // SHORT
    tiff.extend_from_slice(&1u32.to_be_bytes()); // count
    tiff.extend_from_slice(&orientation.to_be_bytes());
    tiff.extend_from_slice(&[0, 0]); // value padding
    tiff.extend_from_slice(&0u32.to_be_bytes()); // no next IFD
    let mut app1 = vec![0xff, 0xe1];
    app1.extend_from_slice(&((2 + 6 + tiff.len()) as u16).to_be_bytes());
    app1.extend_from_slice(b"Exif\0\0");
    app1.extend_from_slice(&tiff);
    assert_eq!(&jpeg[..2], &[0xff, 0xd8]);
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&app1);
    out.extend_from_slice(&jpeg[2..]);
    out
}

#[test]
fn exif_orientation_is_applied_to_the_pixels() {
    let dir = tempfile::tempdir().unwrap();
    // Stored landscape 1200x600: left half red, right half blue. Orientation 6 = "rotate 90°
    // clockwise to display": upright it is 600x1200 portrait, red on top, blue below.
    let stored = RgbImage::from_fn(1200, 600, |x, _| {
        if x < 600 {
            Rgb([255, 0, 0])
        } else {
            Rgb([0, 0, 255])
        }
    });
    let path = dir.path().join("phone.jpg");
    fs::write(&path, jpeg_with_orientation(&stored, 6)).unwrap();
    // The test's own EXIF really is what the decoder sees.
    let mut dec = image::ImageReader::open(&path)
        .unwrap()
        .with_guessed_format()
        .unwrap()
        .into_decoder()
        .unwrap();
    use image::ImageDecoder;
    assert_eq!(
        dec.orientation().unwrap(),
        image::metadata::Orientation::Rotate90
    );

    let p = prepare(
        &media_ref(&path, "media/phone.jpg"),
        &opts(Resolution::Original, Resolution::P360, None), // 640 px
    )
    .unwrap();
    assert_eq!(format_of(&p.path), ImageFormat::Jpeg);
    let out = image::open(&p.path).unwrap().to_rgb8();
    assert_eq!(out.dimensions(), (320, 640));
    let top = out.get_pixel(160, 100);
    let bottom = out.get_pixel(160, 540);
    assert!(top[0] > 200 && top[2] < 60, "top should be red: {top:?}");
    assert!(
        bottom[2] > 200 && bottom[0] < 60,
        "bottom should be blue: {bottom:?}"
    );
}

// ---------------------------------------------------------------- end to end

/// A one-section course with a video (`clip.mov`) and, optionally, a photo.
fn make_course(dir: &Path, photo: Option<(u32, u32)>) -> PathBuf {
    let course = dir.join("course");
    fs::create_dir_all(course.join("sections")).unwrap();
    fs::create_dir_all(course.join("media")).unwrap();
    require_ffmpeg();
    make_clip(&course.join("media"), "clip.mov", 1280, 720, 2);
    let mut md = String::from("# Watch\n\n![A clip](../media/clip.mov)\n");
    if let Some((w, h)) = photo {
        noise_rgb(w, h)
            .save(course.join("media/photo.jpg"))
            .unwrap();
        md.push_str("\n![A photo](../media/photo.jpg)\n");
    }
    fs::write(course.join("sections/watch.md"), md).unwrap();
    fs::write(
        course.join("course.json"),
        r#"{ "title": "Media test", "language": "en",
             "sections": [ { "id": "watch", "title": "Watch", "file": "sections/watch.md" } ] }"#,
    )
    .unwrap();
    course
}

#[test]
fn export_at_360p_packages_the_mp4_and_references_it() {
    let dir = tempfile::tempdir().unwrap();
    let course_dir = make_course(dir.path(), Some((3000, 2000)));
    let course = load_course(&course_dir).unwrap();
    let mut settings = ExportSettings::default();
    settings.media.video_resolution = Resolution::P360;
    settings.media.image_max_size = Resolution::P720;
    let cache = dir.path().join("cache");
    let out = dir.path().join("out/course.zip");
    let cancel = AtomicBool::new(false);
    let steps = Mutex::new(Vec::new());
    let progress = |p: Progress| steps.lock().unwrap().push(p);
    let ctx = ExportContext {
        progress: &progress,
        cancel: &cancel,
        media: opts(Resolution::P360, Resolution::P720, Some(&cache)),
    };
    let report = package::export(&course, &settings, &out, &ctx).unwrap();
    assert!(report.packages[0].check.problems.is_empty());

    let names = common::zip_names(&out);
    assert!(names.contains("media/clip.mp4"), "{names:?}");
    assert!(!names.contains("media/clip.mov"), "{names:?}");
    let manifest = common::zip_text(&out, "imsmanifest.xml");
    assert!(manifest.contains("href=\"media/clip.mp4\""), "{manifest}");
    assert!(!manifest.contains("clip.mov"));
    let data = common::zip_text(&out, "content/course-data.js");
    assert!(data.contains("media/clip.mp4"), "{data}");
    assert!(!data.contains("clip.mov"));

    // The packaged video plays: extract it and ask ffprobe.
    let mp4 = dir.path().join("extracted.mp4");
    {
        let mut z = zip::ZipArchive::new(fs::File::open(&out).unwrap()).unwrap();
        {
            let mut e = z.by_name("media/clip.mp4").unwrap();
            assert_eq!(e.compression(), zip::CompressionMethod::Stored);
            std::io::copy(&mut e, &mut fs::File::create(&mp4).unwrap()).unwrap();
        }
        let mut photo = Vec::new();
        std::io::Read::read_to_end(&mut z.by_name("media/photo.jpg").unwrap(), &mut photo).unwrap();
        let photo = image::load_from_memory(&photo).unwrap();
        assert_eq!(photo.dimensions(), (1280, 853));
    }
    let got = ffprobe(&mp4);
    assert_eq!(
        (
            got.video.as_str(),
            got.width,
            got.height,
            got.audio.as_deref()
        ),
        ("h264", 640, 360, Some("aac"))
    );
    let steps = steps.lock().unwrap().clone();
    assert!(steps.iter().any(|p| p.step == "Preparing media"));
    assert!(
        steps
            .windows(2)
            .all(|w| w[0].fraction <= w[1].fraction + 1e-6)
    );
    assert_eq!(
        cache_stats(Some(&cache)),
        // The clip, the photo and the clip's poster frame; the frame, taken before the
        // package is planned for good, is found again in the cache when it is written.
        media::CacheStats {
            hits: 1,
            processed: 3
        }
    );

    // A second export with the same settings does no media work, and writes the same bytes.
    let out2 = dir.path().join("out/again.zip");
    package::export(&course, &settings, &out2, &ctx).unwrap();
    assert_eq!(
        cache_stats(Some(&cache)),
        media::CacheStats {
            hits: 5,
            processed: 3
        }
    );
    assert_eq!(fs::read(&out).unwrap(), fs::read(&out2).unwrap());
}

#[test]
fn export_without_ffmpeg_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let course_dir = make_course(dir.path(), None);
    let course = load_course(&course_dir).unwrap();
    let mut settings = ExportSettings::default();
    settings.media.video_resolution = Resolution::P480;
    let out = dir.path().join("out.zip");
    let cancel = AtomicBool::new(false);
    let progress = |_p: Progress| {};
    let mut media = opts(Resolution::P480, Resolution::Original, None);
    media.ffmpeg = Some(dir.path().join("missing/ffmpeg"));
    let ctx = ExportContext {
        progress: &progress,
        cancel: &cancel,
        media,
    };
    let err = package::export(&course, &settings, &out, &ctx).unwrap_err();
    assert!(err.to_string().contains("apt-get install ffmpeg"), "{err}");
    assert!(err.to_string().contains("clip.mov"), "{err}");
    assert_eq!(listing(dir.path()), vec!["course".to_owned()]);
}

#[test]
fn prepare_all_keeps_the_order_and_stops_at_the_first_error() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let clip = make_clip(dir.path(), "clip.mp4", 640, 360, 1);
    let big = dir.path().join("big.jpg");
    noise_rgb(2000, 1000).save(&big).unwrap();
    let small = dir.path().join("small.png");
    noise_rgb(100, 50).save(&small).unwrap();
    let sound = dir.path().join("sound.mp3");
    fs::write(&sound, b"ID3 not decoded").unwrap();
    let items = [
        media_ref(&big, "media/big.jpg"),
        media_ref(&sound, "media/sound.mp3"),
        media_ref(&clip, "media/clip.mp4"),
        media_ref(&small, "media/small.png"),
    ];
    let refs: Vec<&MediaRef> = items.iter().collect();
    let o = opts(Resolution::P360, Resolution::P480, Some(&cache));
    let reported = Mutex::new(std::collections::BTreeSet::new());
    let cancel = AtomicBool::new(false);
    let got = media::prepare_all(
        &refs,
        &o,
        &|i, _| {
            reported.lock().unwrap().insert(i);
        },
        &cancel,
    )
    .unwrap();
    let works: Vec<MediaWork> = got.iter().map(|p| p.work).collect();
    assert_eq!(
        works,
        [
            MediaWork::Processed,
            MediaWork::None,
            MediaWork::Processed,
            MediaWork::None
        ]
    );
    assert_eq!(image::open(&got[0].path).unwrap().dimensions(), (854, 427));
    assert_eq!(got[1].path, items[1].source);
    assert_eq!(ffprobe(&got[2].path).height, 360);
    assert!(reported.lock().unwrap().is_superset(&[0, 2].into()));

    // One corrupt video among good files: its error, naming it, and no temp files.
    let broken = dir.path().join("broken.webm");
    fs::write(&broken, vec![7u8; 5000]).unwrap();
    let mut with_broken = items.to_vec();
    with_broken.push(media_ref(&broken, "media/broken.webm"));
    let refs: Vec<&MediaRef> = with_broken.iter().collect();
    let cache2 = dir.path().join("cache2");
    let err = media::prepare_all(
        &refs,
        &opts(Resolution::P360, Resolution::P480, Some(&cache2)),
        &|_, _| {},
        &cancel,
    )
    .unwrap_err();
    assert!(
        matches!(&err, ExportError::Media { path, .. } if path.ends_with("broken.webm")),
        "{err:?}"
    );
    assert!(!listing(&cache2).iter().any(|n| n.starts_with(".tmp")));
    // Cancelled before it starts: nothing is done.
    cancel.store(true, Ordering::Relaxed);
    let cache3 = dir.path().join("cache3");
    let r = media::prepare_all(
        &refs,
        &opts(Resolution::P360, Resolution::P480, Some(&cache3)),
        &|_, _| {},
        &cancel,
    );
    assert!(matches!(r, Err(ExportError::Cancelled)), "{r:?}");
    assert_eq!(cache_stats(Some(&cache3)), media::CacheStats::default());
}

/// Exports `course_dir` at the original resolutions with these media options; returns the
/// report (or error) and the package path.
fn export_original(
    course_dir: &Path,
    out: &Path,
    media: MediaOptions,
) -> Result<package::ExportReport, ExportError> {
    let course = load_course(course_dir).unwrap();
    let cancel = AtomicBool::new(false);
    let progress = |_p: Progress| {};
    let ctx = ExportContext {
        progress: &progress,
        cancel: &cancel,
        media,
    };
    package::export(&course, &ExportSettings::default(), out, &ctx)
}

#[test]
fn a_video_without_an_image_beside_it_gets_a_poster_frame_taken_with_ffmpeg() {
    let dir = tempfile::tempdir().unwrap();
    let course_dir = make_course(dir.path(), None);
    let cache = dir.path().join("cache");
    let media = opts(Resolution::Original, Resolution::Original, Some(&cache));

    // The plan (what the preview shows) has the poster and no warning about it.
    let course = load_course(&course_dir).unwrap();
    let plans = package::plan(&course, &ExportSettings::default(), &media).unwrap();
    let poster = plans[0]
        .entries
        .iter()
        .find(|e| e.path == "media/clip.poster.jpg")
        .expect("a poster frame is planned");
    assert!(
        matches!(&poster.source, package::EntrySource::Media(m) if m.kind == MediaKind::PosterFrame)
    );
    assert!(
        !plans[0].warnings.iter().any(|w| w.contains("poster")),
        "{:?}",
        plans[0].warnings
    );

    let out = dir.path().join("out.zip");
    let report = export_original(&course_dir, &out, media).unwrap();
    let check = &report.packages[0].check;
    assert!(check.problems.is_empty(), "{:?}", check.problems);
    assert!(
        !check.warnings.iter().any(|w| w.contains("poster")),
        "{:?}",
        check.warnings
    );
    // A JPEG of the video's size, listed in the manifest and named by the video element.
    let jpeg = common::zip_bytes(&out, "media/clip.poster.jpg");
    assert_eq!(
        image::guess_format(&jpeg).unwrap(),
        ImageFormat::Jpeg,
        "not a JPEG"
    );
    assert_eq!(
        image::load_from_memory(&jpeg).unwrap().dimensions(),
        (1280, 720)
    );
    let manifest = common::zip_text(&out, "imsmanifest.xml");
    assert!(
        manifest.contains("href=\"media/clip.poster.jpg\""),
        "{manifest}"
    );
    let data = common::zip_text(&out, "content/course-data.js");
    assert!(
        data.contains(r#"poster=\"media/clip.poster.jpg\""#),
        "the video names its poster: {data}"
    );
    // The cache keeps the frame: a second export takes no new one.
    let before = cache_stats(Some(&cache));
    export_original(
        &course_dir,
        &dir.path().join("again.zip"),
        opts(Resolution::Original, Resolution::Original, Some(&cache)),
    )
    .unwrap();
    assert_eq!(cache_stats(Some(&cache)).processed, before.processed);
    assert_eq!(
        fs::read(&out).unwrap(),
        fs::read(dir.path().join("again.zip")).unwrap()
    );
}

#[test]
fn an_image_beside_the_video_is_its_poster_and_no_frame_is_taken() {
    let dir = tempfile::tempdir().unwrap();
    let course_dir = make_course(dir.path(), None);
    noise_rgb(64, 36)
        .save(course_dir.join("media/clip.jpg"))
        .unwrap();
    let out = dir.path().join("out.zip");
    let cache = dir.path().join("cache");
    export_original(
        &course_dir,
        &out,
        opts(Resolution::Original, Resolution::Original, Some(&cache)),
    )
    .unwrap();
    let names = common::zip_names(&out);
    assert!(names.contains("media/clip.jpg"), "{names:?}");
    assert!(!names.contains("media/clip.poster.jpg"), "{names:?}");
    let data = common::zip_text(&out, "content/course-data.js");
    assert!(data.contains(r#"poster=\"media/clip.jpg\""#), "{data}");
    assert_eq!(cache_stats(Some(&cache)).processed, 0, "ffmpeg ran");
}

#[test]
fn without_ffmpeg_a_video_gets_no_poster_and_a_warning_but_the_export_succeeds() {
    let dir = tempfile::tempdir().unwrap();
    let course_dir = make_course(dir.path(), None);
    let mut media = opts(Resolution::Original, Resolution::Original, None);
    media.ffmpeg = Some(dir.path().join("missing/ffmpeg"));
    let course = load_course(&course_dir).unwrap();
    let plans = package::plan(&course, &ExportSettings::default(), &media).unwrap();
    let warning = plans[0]
        .warnings
        .iter()
        .find(|w| w.contains("poster"))
        .expect("the plan warns that the video gets no poster");
    assert!(warning.contains("media/clip.mov"), "{warning}");
    assert!(warning.contains("walk.jpg for walk.mp4"), "{warning}");
    assert!(warning.contains("apt-get install ffmpeg"), "{warning}");
    assert!(
        warning.contains("missing/ffmpeg"),
        "names the configured path: {warning}"
    );

    let out = dir.path().join("out.zip");
    export_original(&course_dir, &out, media).unwrap();
    let names = common::zip_names(&out);
    assert!(names.contains("media/clip.mov"), "{names:?}");
    assert!(!names.iter().any(|n| n.contains("poster")), "{names:?}");
    let data = common::zip_text(&out, "content/course-data.js");
    assert!(!data.contains("poster="), "{data}");
}

#[test]
fn a_video_ffmpeg_cannot_read_loses_its_poster_not_the_export() {
    require_ffmpeg();
    let dir = tempfile::tempdir().unwrap();
    let course_dir = make_course(dir.path(), None);
    // Not a video at all (a download that went wrong): browsers will not play it either, but
    // the export is the designer's to judge, and original resolution never reads the file.
    fs::write(course_dir.join("media/clip.mov"), vec![0x42u8; 5_000]).unwrap();
    let out = dir.path().join("out.zip");
    let cache = dir.path().join("cache");
    let report = export_original(
        &course_dir,
        &out,
        opts(Resolution::Original, Resolution::Original, Some(&cache)),
    )
    .unwrap();
    let warnings = &report.packages[0].check.warnings;
    let w = warnings
        .iter()
        .find(|w| w.contains("gets no poster"))
        .unwrap_or_else(|| panic!("no poster warning in {warnings:?}"));
    assert!(w.contains("media/clip.mov") && w.contains("ffmpeg"), "{w}");
    let names = common::zip_names(&out);
    assert!(!names.iter().any(|n| n.contains("poster")), "{names:?}");
    assert!(!common::zip_text(&out, "imsmanifest.xml").contains("poster"));
    assert!(!common::zip_text(&out, "content/course-data.js").contains("poster="));
    assert!(
        !listing(&cache).iter().any(|n| n.starts_with(".tmp")),
        "temp files left: {:?}",
        listing(&cache)
    );
}

/// Exports `course` with `settings` at the original resolutions, no cache; returns the
/// progress steps (step, file).
fn export_with(course: &Path, settings: &ExportSettings, out: &Path) -> Vec<(String, String)> {
    let steps = Mutex::new(Vec::new());
    let progress = |p: Progress| steps.lock().unwrap().push((p.step, p.file));
    let cancel = AtomicBool::new(false);
    let ctx = ExportContext {
        progress: &progress,
        cancel: &cancel,
        media: opts(Resolution::Original, Resolution::Original, None),
    };
    package::export(&load_course(course).unwrap(), settings, out, &ctx).unwrap();
    steps.into_inner().unwrap()
}

fn zip_image_size(zip: &Path, name: &str) -> (u32, u32) {
    image::load_from_memory(&common::zip_bytes(zip, name))
        .unwrap()
        .dimensions()
}

/// Poster frame names are chosen for the whole course: two videos of one name (even in other
/// sections, even differing only in case) each get their own, a course file with the name a
/// frame would take is never replaced, and every package of a per-section export agrees.
#[test]
fn poster_frame_names_never_collide_across_sections_cases_or_course_files() {
    let dir = tempfile::tempdir().unwrap();
    let course = dir.path().join("course");
    fs::create_dir_all(course.join("media")).unwrap();
    make_clip(&course.join("media"), "Walk.mp4", 320, 240, 1);
    make_clip(&course.join("media"), "walk.mkv", 160, 120, 1);
    make_clip(&course.join("media"), "tour.mp4", 320, 240, 1);
    // A course file (in the other section) has the name the tour's frame would get.
    noise_rgb(8, 8)
        .save(course.join("media/tour.poster.jpg"))
        .unwrap();
    common::write_course(
        &course,
        r#"{"title": "Names", "language": "en", "sections": [
            {"id": "a", "title": "A", "file": "a.md"}, {"id": "b", "title": "B", "file": "b.md"}]}"#,
        &[
            (
                "a.md",
                b"![Walk](media/Walk.mp4)\n\n![Tour](media/tour.mp4)\n",
            ),
            (
                "b.md",
                b"![Walk again](media/walk.mkv)\n\n![Map](media/tour.poster.jpg)\n",
            ),
        ],
    );

    let out = dir.path().join("single.zip");
    let steps = export_with(&course, &ExportSettings::default(), &out);
    assert_eq!(zip_image_size(&out, "media/Walk.poster.jpg"), (320, 240));
    assert_eq!(
        zip_image_size(&out, "media/walk.mkv.poster.jpg"),
        (160, 120)
    );
    assert_eq!(
        zip_image_size(&out, "media/tour.mp4.poster.jpg"),
        (320, 240)
    );
    assert_eq!(
        zip_image_size(&out, "media/tour.poster.jpg"),
        (8, 8),
        "the course's own file"
    );
    let data = common::zip_text(&out, "content/course-data.js");
    for poster in [
        "media/Walk.poster.jpg",
        "media/walk.mkv.poster.jpg",
        "media/tour.mp4.poster.jpg",
    ] {
        assert!(
            data.contains(&format!(r#"poster=\"{poster}\""#)),
            "{poster}: {data}"
        );
    }
    assert!(
        steps
            .iter()
            .any(|(step, file)| step == "Taking poster frames"
                && file == "media/walk.mkv.poster.jpg"),
        "progress names each frame: {steps:?}"
    );

    // One package per section: each has its own frames, under the same names.
    let mut settings = ExportSettings::default();
    settings.export_mode = course_export::engine::settings::ExportMode::MultiPerSection;
    let out = dir.path().join("per.zip");
    export_with(&course, &settings, &out);
    let a = dir.path().join("per-a.zip");
    let b = dir.path().join("per-b.zip");
    assert_eq!(zip_image_size(&a, "media/tour.mp4.poster.jpg"), (320, 240));
    assert_eq!(zip_image_size(&b, "media/walk.mkv.poster.jpg"), (160, 120));
    assert_eq!(zip_image_size(&b, "media/tour.poster.jpg"), (8, 8));
}

/// A video that is only linked (a download) plays nowhere: no frame is taken for it, and
/// without ffmpeg nothing is said about its poster.
#[test]
fn a_linked_video_gets_no_poster_frame() {
    let dir = tempfile::tempdir().unwrap();
    let course = dir.path().join("course");
    fs::create_dir_all(course.join("media")).unwrap();
    make_clip(&course.join("media"), "walk.mp4", 160, 120, 1);
    common::write_course(
        &course,
        r#"{"title": "Link", "language": "en", "sections": [{"id": "a", "title": "A", "file": "a.md"}]}"#,
        &[("a.md", b"Download [the walk](media/walk.mp4).\n")],
    );
    let out = dir.path().join("out.zip");
    export_with(&course, &ExportSettings::default(), &out);
    let names = common::zip_names(&out);
    assert!(names.contains("media/walk.mp4"), "{names:?}");
    assert!(!names.iter().any(|n| n.contains("poster")), "{names:?}");
    let mut media = opts(Resolution::Original, Resolution::Original, None);
    media.ffmpeg = Some(dir.path().join("missing/ffmpeg"));
    let plans = package::plan(
        &load_course(&course).unwrap(),
        &ExportSettings::default(),
        &media,
    )
    .unwrap();
    assert!(
        !plans[0].warnings.iter().any(|w| w.contains("poster")),
        "{:?}",
        plans[0].warnings
    );
}

/// A media cache that cannot be written costs the posters, not the export (at original
/// resolution nothing else needs it).
#[test]
fn an_unusable_media_cache_costs_the_poster_not_the_export() {
    let dir = tempfile::tempdir().unwrap();
    let course_dir = make_course(dir.path(), None);
    let not_a_dir = dir.path().join("file");
    fs::write(&not_a_dir, "x").unwrap();
    let out = dir.path().join("out.zip");
    let report = export_original(
        &course_dir,
        &out,
        opts(
            Resolution::Original,
            Resolution::Original,
            Some(&not_a_dir.join("cache")),
        ),
    )
    .unwrap();
    let warnings = &report.packages[0].check.warnings;
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("media/clip.mov gets no poster") && w.contains("media cache")),
        "{warnings:?}"
    );
    assert!(!common::zip_names(&out).iter().any(|n| n.contains("poster")));
}
