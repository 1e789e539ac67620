//! Video transcoding with the system's ffmpeg (a child process: no codec code in this crate).

use std::collections::VecDeque;
use std::ffi::OsStr;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use super::limit::Budget;
use crate::engine::error::ExportError;

/// What to tell a user without ffmpeg.
pub const FFMPEG_INSTALL_HINT: &str = "ffmpeg is needed to compress videos: install it \
     (Debian/Ubuntu: `sudo apt-get install ffmpeg`) or set the ffmpeg path in the settings \
     (CLI: --ffmpeg PATH); or choose the video resolution \"original\"";

/// Settings of the encode, part of the cache key: change them and old cache entries stop
/// matching. H.264 High / yuv420p / AAC in MP4 with the index up front plays in every browser.
pub const VIDEO_RECIPE: &str =
    "libx264 preset=veryfast crf=23 yuv420p aac 128k faststart scale=short-side-even v1";

/// Finds ffmpeg: the configured path, else `ffmpeg` in the directories of `path_var` (the
/// caller passes `std::env::var_os("PATH")`; tests pass their own).
pub fn locate_ffmpeg(
    configured: Option<&Path>,
    path_var: Option<&OsStr>,
) -> Result<PathBuf, String> {
    if let Some(p) = configured {
        return if is_executable(p) {
            Ok(p.to_path_buf())
        } else {
            Err(format!(
                "ffmpeg was not found at {} (the configured ffmpeg path). {FFMPEG_INSTALL_HINT}",
                p.display()
            ))
        };
    }
    find_on_path("ffmpeg", path_var)
        .ok_or_else(|| format!("ffmpeg was not found on PATH. {FFMPEG_INSTALL_HINT}"))
}

fn find_on_path(name: &str, path_var: Option<&OsStr>) -> Option<PathBuf> {
    let exe = format!("{name}{}", std::env::consts::EXE_SUFFIX);
    std::env::split_paths(path_var?)
        .map(|d| d.join(&exe))
        .find(|p| is_executable(p))
}

fn is_executable(p: &Path) -> bool {
    let Ok(meta) = std::fs::metadata(p) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.is_file() && meta.permissions().mode() & 0o111 != 0
    }
    #[cfg(not(unix))]
    {
        meta.is_file()
    }
}

/// ffprobe beside the ffmpeg in use (same install), else on PATH. Optional: without it there is
/// no progress within a video and no "keep the original" comparison.
pub fn locate_ffprobe(ffmpeg: &Path) -> Option<PathBuf> {
    let sibling = ffmpeg.with_file_name(format!("ffprobe{}", std::env::consts::EXE_SUFFIX));
    if is_executable(&sibling) {
        return Some(sibling);
    }
    find_on_path("ffprobe", std::env::var_os("PATH").as_deref())
}

/// Checks that this ffmpeg runs and has the encoders we use (some builds lack libx264).
pub fn check_encoders(ffmpeg: &Path) -> Result<(), String> {
    let out = Command::new(ffmpeg)
        .args(["-hide_banner", "-nostdin", "-encoders"])
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .map_err(|e| {
            format!(
                "could not run ffmpeg at {}: {e}. {FFMPEG_INSTALL_HINT}",
                ffmpeg.display()
            )
        })?;
    let list = String::from_utf8_lossy(&out.stdout);
    let has = |enc: &str| {
        list.lines()
            .any(|l| l.split_whitespace().nth(1) == Some(enc))
    };
    let missing: Vec<&str> = ["libx264", "aac"].into_iter().filter(|e| !has(e)).collect();
    if !out.status.success() || !missing.is_empty() {
        return Err(format!(
            "the ffmpeg at {} cannot encode H.264/AAC (missing encoder: {}); install Debian's \
             ffmpeg (`sudo apt-get install ffmpeg`) or set the path of a full build",
            ffmpeg.display(),
            missing.join(", ")
        ));
    }
    Ok(())
}

/// What ffprobe says about a file.
#[derive(Debug, Default)]
pub struct Probe {
    pub duration: Option<f64>,
    pub format_name: String,
    pub video_codec: Option<String>,
    pub pix_fmt: Option<String>,
    pub width: u32,
    pub height: u32,
    /// Codec of each audio stream.
    pub audio_codecs: Vec<String>,
}

impl Probe {
    /// Already H.264/yuv420p (+AAC or silent) in MP4 and within the target size: a browser
    /// plays it as is, so it may be kept when re-encoding would not make it smaller.
    pub fn plays_in_browsers_at(&self, height: u32) -> bool {
        self.format_name.split(',').any(|f| f == "mp4")
            && self.video_codec.as_deref() == Some("h264")
            && self.pix_fmt.as_deref() == Some("yuv420p")
            && self.audio_codecs.iter().all(|c| c == "aac")
            && self.width.min(self.height) <= height
    }
}

/// Reads a video's streams and duration. Fails (naming the file) when ffprobe cannot read it or
/// it has no video stream: the clear error for a corrupt video.
pub fn probe(ffprobe: &Path, source: &Path) -> Result<Probe, ExportError> {
    let out = Command::new(ffprobe)
        .args(["-v", "error", "-show_entries"])
        .arg("format=duration,format_name:stream=codec_type,codec_name,width,height,pix_fmt:stream_disposition=attached_pic")
        .args(["-of", "json"])
        .arg(source)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| media_err(source, format!("could not run ffprobe: {e}")))?;
    if !out.status.success() {
        return Err(media_err(
            source,
            format!(
                "not a video ffmpeg can read (corrupt or unsupported): {}",
                last_lines(&String::from_utf8_lossy(&out.stderr))
            ),
        ));
    }
    let v: serde_json::Value = serde_json::from_slice(&out.stdout)
        .map_err(|e| media_err(source, format!("unreadable ffprobe output: {e}")))?;
    let mut p = Probe {
        duration: v["format"]["duration"]
            .as_str()
            .and_then(|d| d.parse::<f64>().ok())
            .filter(|d| d.is_finite() && *d > 0.0),
        format_name: v["format"]["format_name"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
        ..Probe::default()
    };
    for s in v["streams"].as_array().into_iter().flatten() {
        let codec = s["codec_name"].as_str().unwrap_or_default().to_owned();
        match s["codec_type"].as_str() {
            Some("video") if p.video_codec.is_none() && s["disposition"]["attached_pic"] != 1 => {
                p.width = s["width"].as_u64().unwrap_or(0) as u32;
                p.height = s["height"].as_u64().unwrap_or(0) as u32;
                p.pix_fmt = s["pix_fmt"].as_str().map(str::to_owned);
                p.video_codec = Some(codec);
            }
            Some("audio") => p.audio_codecs.push(codec),
            _ => {}
        }
    }
    if p.video_codec.is_none() || p.width == 0 || p.height == 0 {
        return Err(media_err(
            source,
            "not a video ffmpeg can read: it has no video stream (corrupt or not a video)",
        ));
    }
    Ok(p)
}

/// Scales the shorter side to at most `height` (so 480p means 854×480 landscape and 480×854
/// portrait, as video sites do), never up, keeping the aspect ratio; both sides even because
/// yuv420p needs it. ffmpeg evaluates this after auto-rotation, so phone videos are right.
fn scale_filter(height: u32) -> String {
    format!(
        "scale=w='if(gte(iw,ih),-2,min({height},trunc(iw/2)*2))':\
         h='if(gte(iw,ih),min({height},trunc(ih/2)*2),-2)'"
    )
}

/// How many ffmpeg processes run at once. x264 already uses every core for one video; a few
/// in parallel still help with small clips (start-up, decoding and audio are serial).
pub fn transcode_slot_count() -> usize {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    cores.div_ceil(4).clamp(1, 4)
}

fn transcode_slots() -> &'static Budget {
    static SLOTS: OnceLock<Budget> = OnceLock::new();
    SLOTS.get_or_init(|| Budget::new(transcode_slot_count() as u64))
}

/// Transcodes `source` into `out` (overwritten). `duration` (seconds) turns ffmpeg's
/// `-progress` output into 0..=1 for `progress`. `cancelled` is polled every 100 ms; when it
/// turns true the child is killed and waited for (so it writes nothing more) and `Cancelled`
/// is returned; the caller deletes `out`.
pub fn transcode(
    ffmpeg: &Path,
    source: &Path,
    out: &Path,
    height: u32,
    duration: Option<f64>,
    progress: &dyn Fn(f32),
    cancelled: &dyn Fn() -> bool,
) -> Result<(), ExportError> {
    let scale = scale_filter(height);
    let run = Run {
        ffmpeg,
        source,
        args: &[
            // First real video stream (`V` skips cover art) and the first audio stream if any.
            "-map",
            "0:V:0",
            "-map",
            "0:a:0?",
            "-vf",
            &scale,
            "-c:v",
            "libx264",
            "-preset",
            "veryfast",
            "-crf",
            "23",
            "-pix_fmt",
            "yuv420p",
            "-c:a",
            "aac",
            "-b:a",
            "128k",
            "-movflags",
            "+faststart",
            "-progress",
            "pipe:1",
            "-nostats",
            "-f",
            "mp4",
        ],
        out,
        duration,
        what: "transcode this video",
    };
    run.wait(progress, cancelled)?;
    progress(1.0);
    Ok(())
}

/// Settings of a poster frame, part of its cache key. `thumbnail` picks the most typical of the
/// first 30 frames (not a black fade-in frame); the picture is scaled down first so those 30
/// frames take ~40 MB at most, whatever the video's size.
pub const POSTER_RECIPE: &str = "fit 1280x720 thumbnail=30 mjpeg q=4 v1";

/// Writes a JPEG still of `source` into `out` (overwritten), for a video without a poster image.
pub fn poster_frame(
    ffmpeg: &Path,
    source: &Path,
    out: &Path,
    cancelled: &dyn Fn() -> bool,
) -> Result<(), ExportError> {
    let run = Run {
        ffmpeg,
        source,
        args: &[
            "-map",
            "0:V:0",
            "-vf",
            "scale='min(1280,iw)':'min(720,ih)':force_original_aspect_ratio=decrease,thumbnail=30",
            "-frames:v",
            "1",
            "-q:v",
            "4",
            "-f",
            "image2",
            "-update",
            "1",
        ],
        out,
        duration: None,
        what: "take a poster frame from this video",
    };
    run.wait(&|_| {}, cancelled)?;
    if std::fs::metadata(out).map_or(0, |m| m.len()) == 0 {
        return Err(media_err(
            source,
            "ffmpeg found no picture in this video to take a poster frame from",
        ));
    }
    Ok(())
}

/// One ffmpeg run on `source`: `-i source`, then `args`, then `out`.
struct Run<'a> {
    ffmpeg: &'a Path,
    source: &'a Path,
    args: &'a [&'a str],
    out: &'a Path,
    /// Seconds of the source, to turn `-progress` output into a fraction.
    duration: Option<f64>,
    /// What ffmpeg was asked to do, for the error message ("could not …").
    what: &'static str,
}

impl Run<'_> {
    /// Runs ffmpeg in one of the transcode slots and waits for it; `cancelled` is polled every
    /// 100 ms and kills (and waits for) the child.
    fn wait(self, progress: &dyn Fn(f32), cancelled: &dyn Fn() -> bool) -> Result<(), ExportError> {
        let Self {
            ffmpeg,
            source,
            args,
            out,
            duration,
            what,
        } = self;
        let _slot = transcode_slots().acquire(1);
        if cancelled() {
            return Err(ExportError::Cancelled);
        }
        let mut cmd = Command::new(ffmpeg);
        die_with_parent(&mut cmd);
        let mut child = cmd
            .args(["-hide_banner", "-nostdin", "-loglevel", "error", "-y", "-i"])
            .arg(source)
            .args(args)
            .arg(out)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| {
                media_err(
                    source,
                    format!("could not run ffmpeg at {}: {e}", ffmpeg.display()),
                )
            })?;

        // Both pipes are drained on threads so ffmpeg never blocks on a full pipe, and this
        // thread stays free to notice a cancel while ffmpeg is busy.
        let (tx, rx) = mpsc::channel::<f32>();
        let stdout = child.stdout.take();
        let reader = std::thread::spawn(move || {
            let Some(stdout) = stdout else { return };
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if let (Some(us), Some(total)) = (line.strip_prefix("out_time_us="), duration)
                    && let Ok(us) = us.trim().parse::<f64>()
                {
                    let _ = tx.send((us / 1e6 / total).clamp(0.0, 1.0) as f32);
                }
            }
        });
        let stderr = child.stderr.take();
        let err_reader = std::thread::spawn(move || {
            let mut tail = VecDeque::new();
            if let Some(mut stderr) = stderr {
                let mut buf = [0u8; 4096];
                while let Ok(n) = stderr.read(&mut buf) {
                    if n == 0 {
                        break;
                    }
                    tail.extend(&buf[..n]);
                    // Only the end matters for the error message; keep memory bounded.
                    while tail.len() > 8192 {
                        tail.pop_front();
                    }
                }
            }
            String::from_utf8_lossy(&tail.into_iter().collect::<Vec<u8>>()).into_owned()
        });

        loop {
            match rx.recv_timeout(Duration::from_millis(100)) {
                Ok(f) => progress(f),
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => break,
            }
            if cancelled() {
                let _ = child.kill();
                let _ = child.wait();
                let _ = reader.join();
                let _ = err_reader.join();
                return Err(ExportError::Cancelled);
            }
        }
        let status = child
            .wait()
            .map_err(|e| media_err(source, format!("waiting for ffmpeg: {e}")))?;
        let _ = reader.join();
        let stderr = err_reader.join().unwrap_or_default();
        if cancelled() {
            return Err(ExportError::Cancelled);
        }
        if !status.success() {
            return Err(media_err(
                source,
                format!(
                    "ffmpeg could not {what} ({status}): {}",
                    last_lines(&stderr)
                ),
            ));
        }
        Ok(())
    }
}

/// Makes the ffmpeg child die with this process, even after `kill -9` (which runs no cleanup
/// code): on Linux the kernel sends it SIGKILL when the thread that started it ends
/// (`PR_SET_PDEATHSIG`; that thread waits for the child, so this is when the export dies), and it
/// gets its own process group so a terminal's Ctrl+C reaches only this process, which then
/// cancels (kills and waits for the child) or dies (and the kernel kills the child). Elsewhere
/// the child stays in this process's group, so a terminal's Ctrl+C still stops both.
fn die_with_parent(cmd: &mut Command) {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::process::CommandExt as _;
        cmd.process_group(0);
        set_parent_death_signal(cmd);
    }
    #[cfg(not(target_os = "linux"))]
    let _ = cmd;
}

/// One of the crate's two `unsafe` places (the crate denies `unsafe_code`; the other is the
/// Ctrl+C handler in src/interrupt.rs): the standard library has no safe way to set the parent-death signal of a child.
#[cfg(target_os = "linux")]
#[allow(unsafe_code)]
fn set_parent_death_signal(cmd: &mut Command) {
    use std::os::unix::process::CommandExt as _;
    let parent = libc::pid_t::try_from(std::process::id()).unwrap_or(0);
    // SAFETY: `pre_exec` runs the closure in the forked child before `exec`, where only
    // async-signal-safe functions may be called. It calls only `prctl` and `getppid` (plain
    // system calls, async-signal-safe) and builds `io::Error`s from raw OS codes (no
    // allocation); it takes no locks and touches no memory shared with the parent.
    unsafe {
        cmd.pre_exec(move || {
            if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL as libc::c_ulong) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            // The parent may have died before the call above: then nobody would kill us.
            if libc::getppid() != parent {
                return Err(std::io::Error::from_raw_os_error(libc::ESRCH));
            }
            Ok(())
        });
    }
}

fn last_lines(s: &str) -> String {
    let lines: Vec<&str> = s.lines().filter(|l| !l.trim().is_empty()).collect();
    let start = lines.len().saturating_sub(3);
    let tail = lines[start..].join(" / ");
    if tail.is_empty() {
        "no details from ffmpeg".into()
    } else {
        tail
    }
}

pub fn media_err(path: &Path, message: impl Into<String>) -> ExportError {
    ExportError::Media {
        path: path.to_path_buf(),
        message: message.into(),
    }
}
