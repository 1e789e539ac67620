//! Export speed benchmark (a program, not a timed test):
//!
//! ```text
//! cargo bench --no-default-features --bench export_speed            # default scale 0.2
//! BENCH_SCALE=1 cargo bench --no-default-features --bench export_speed   # the full size
//! ```
//!
//! 1. Generates a synthetic media-heavy course in a temp dir: at scale 1, 1,000 sections,
//!    200 photos of 3000×2000 and 500 MB of 1080p video from ffmpeg's test sources.
//! 2. Times, interleaved in the same run, the release `course-export export` with `original`
//!    media against `zip -r -q` (Info-ZIP) over the same folder: ratio, package sizes, peak RSS.
//! 3. Times an export at 720p video / 1280 px images with an empty media cache, then again with
//!    the warm cache.
//! 4. Prints a table and writes it to BENCHMARKS.md with the machine it ran on.
//!
//! Environment: `BENCH_SCALE` (default 0.2), `BENCH_ROUNDS` (interleaved rounds, default 3),
//! `BENCH_DIR` (where to generate; default the system temp dir).
//!
//! Peak RSS: the exporter's own high-water mark (VmHWM, sampled from /proc every 20 ms while it
//! runs — the exporter alone, what the ≤ 150 MB goal is about) and the largest process of the
//! run as `/usr/bin/time` reports it (ffmpeg children included), when `/usr/bin/time` is there.

use std::collections::HashMap;
use std::error::Error;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use image::{Rgb, RgbImage};
use rayon::prelude::*;

type R<T> = Result<T, Box<dyn Error>>;

const EXE: &str = env!("CARGO_BIN_EXE_course-export");
const MB: f64 = 1024.0 * 1024.0;

fn main() {
    if let Err(e) = run() {
        eprintln!("benchmark failed: {e}");
        std::process::exit(1);
    }
}

fn env_f64(name: &str, default: f64) -> R<f64> {
    match std::env::var(name) {
        Ok(v) => Ok(v.parse::<f64>().map_err(|e| format!("{name}={v}: {e}"))?),
        Err(_) => Ok(default),
    }
}

fn require(tool: &str, install: &str) -> R<()> {
    let ok = Command::new(tool)
        .arg(if tool == "zip" { "-v" } else { "-version" })
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if ok {
        Ok(())
    } else {
        Err(format!("{tool} is not installed: apt-get install {install}").into())
    }
}

fn run() -> R<()> {
    // `cargo bench` passes `--bench`; this program has no options of its own.
    let load_before = loadavg();
    let scale = env_f64("BENCH_SCALE", 0.2)?;
    let rounds = env_f64("BENCH_ROUNDS", 3.0)?.max(1.0) as usize;
    if !(scale > 0.0 && scale <= 10.0) {
        return Err(format!("BENCH_SCALE must be in (0, 10], not {scale}").into());
    }
    require("ffmpeg", "ffmpeg")?;
    require("zip", "zip")?;
    let sections = ((1000.0 * scale).round() as usize).max(1);
    let photos = ((200.0 * scale).round() as usize).max(1);
    let video_bytes = (500.0 * MB * scale) as u64;
    println!(
        "export_speed: BENCH_SCALE={scale} → {sections} sections, {photos} photos 3000x2000, \
         {:.0} MB of video; {rounds} interleaved rounds",
        video_bytes as f64 / MB
    );

    let base = match std::env::var_os("BENCH_DIR") {
        Some(d) => PathBuf::from(d),
        None => std::env::temp_dir(),
    };
    fs::create_dir_all(&base)?;
    let tmp = tempfile::Builder::new()
        .prefix("export-speed-")
        .tempdir_in(&base)?;
    let course = tmp.path().join("course");
    let started = Instant::now();
    let videos = generate_course(&course, sections, photos, video_bytes)?;
    let course_bytes = dir_size(&course)?;
    println!(
        "generated {} in {:.1} s ({:.0} MB, {} videos)",
        course.display(),
        started.elapsed().as_secs_f64(),
        course_bytes as f64 / MB,
        videos
    );
    // Read everything once so neither contender pays for a cold page cache.
    dir_size_read(&course)?;

    let out = tmp.path().join("out");
    fs::create_dir_all(&out)?;
    let cache = tmp.path().join("media-cache");
    let export = |name: &str, video: &str, image: &str| -> R<Measured> {
        let zip = out.join(format!("{name}.zip"));
        let _ = fs::remove_file(&zip);
        let mut cmd = Command::new(EXE);
        cmd.arg("export")
            .arg("--course")
            .arg(&course)
            .arg("--out")
            .arg(&zip)
            .args(["--video-resolution", video, "--image-max-size", image])
            .arg("--cache-dir")
            .arg(&cache);
        measure(cmd, &zip)
    };
    let zip_r = || -> R<Measured> {
        let zip = out.join("zip-r.zip");
        // zip -r adds to an existing archive: start from nothing every time.
        let _ = fs::remove_file(&zip);
        let mut cmd = Command::new("zip");
        cmd.args(["-r", "-q"])
            .arg(&zip)
            .arg(".")
            .current_dir(&course);
        measure(cmd, &zip)
    };

    let mut zips = Vec::new();
    let mut originals = Vec::new();
    for round in 0..rounds {
        // Alternate who goes first so drift (thermal, page cache) hits both alike.
        if round % 2 == 0 {
            originals.push(export("original", "original", "original")?);
            zips.push(zip_r()?);
        } else {
            zips.push(zip_r()?);
            originals.push(export("original", "original", "original")?);
        }
        println!(
            "round {}: export original {:.2} s, zip -r {:.2} s",
            round + 1,
            originals[round].wall.as_secs_f64(),
            zips[round].wall.as_secs_f64()
        );
    }
    let _ = fs::remove_dir_all(&cache);
    let cold = export("720p-cold", "720p", "720p")?;
    println!(
        "export 720p/1280px, empty cache: {:.2} s",
        cold.wall.as_secs_f64()
    );
    let mut warms = Vec::new();
    for _ in 0..rounds {
        warms.push(export("720p-warm", "720p", "720p")?);
    }
    let zip_m = median(zips);
    let orig_m = median(originals);
    let warm_m = median(warms);

    let rows = [
        ("`zip -r -q` (Info-ZIP, deflates everything)", &zip_m),
        ("`course-export export`, original media", &orig_m),
        ("export 720p video / 1280 px images, empty cache", &cold),
        ("export 720p / 1280 px again, warm cache", &warm_m),
    ];
    let ratio = |a: &Measured, b: &Measured| a.wall.as_secs_f64() / b.wall.as_secs_f64();
    let mut table = String::new();
    writeln!(
        table,
        "| run | time (s) | package (MB) | exporter peak RSS (MB) | largest process peak RSS (MB) |"
    )?;
    writeln!(table, "|---|---:|---:|---:|---:|")?;
    for (name, m) in rows {
        writeln!(
            table,
            "| {name} | {:.2} | {:.1} | {} | {} |",
            m.wall.as_secs_f64(),
            m.size as f64 / MB,
            mb(m.self_hwm_kb),
            mb(m.time_max_kb.or(m.tree_hwm_kb)),
        )?;
    }
    let first_vs_zip = ratio(&orig_m, &zip_m);
    let warm_vs_cold = ratio(&warm_m, &cold);
    let rss_max = [&orig_m, &cold, &warm_m]
        .iter()
        .filter_map(|m| m.self_hwm_kb)
        .max()
        .unwrap_or(0) as f64
        / 1024.0;
    let verdict = |ok: bool| if ok { "met" } else { "NOT met" };
    let mut ratios = String::new();
    writeln!(ratios, "| ratio | value | goal | |")?;
    writeln!(ratios, "|---|---:|---:|---|")?;
    writeln!(
        ratios,
        "| export (original) / `zip -r` | {first_vs_zip:.3} | ≤ 0.5 | {} |",
        verdict(first_vs_zip <= 0.5)
    )?;
    writeln!(
        ratios,
        "| warm-cache 720p export / empty-cache 720p export | {warm_vs_cold:.3} | ≤ 0.1 | {} |",
        verdict(warm_vs_cold <= 0.1)
    )?;
    writeln!(
        ratios,
        "| 720p export (empty cache) / export (original) | {:.2} | (transcoding cost) | |",
        ratio(&cold, &orig_m)
    )?;
    writeln!(
        ratios,
        "| warm-cache 720p export / export (original) | {:.2} | | |",
        ratio(&warm_m, &orig_m)
    )?;
    writeln!(
        ratios,
        "| 720p package size / original package size | {:.3} | | |",
        cold.size as f64 / orig_m.size.max(1) as f64
    )?;
    writeln!(
        ratios,
        "| exporter peak RSS, any run | {rss_max:.0} MB | ≤ 150 MB | {} |",
        verdict(rss_max > 0.0 && rss_max <= 150.0)
    )?;

    println!("\n{table}\n{ratios}");
    let machine = format!(
        "{}- Load average (1/5/15 min) at start: {load_before}; at end: {} — other work on the \
         machine slows both contenders alike in the interleaved rounds, but not the single \
         empty-cache run\n",
        machine()?,
        loadavg()
    );
    let md = format!(
        "# Export speed benchmark\n\n\
         Generated by `benches/export_speed.rs`; rerun with\n\
         `BENCH_SCALE={scale} cargo bench --no-default-features --bench export_speed`\n\
         (`BENCH_SCALE=1` is the full size: 1,000 sections with photos and video).\n\n\
         ## Machine\n\n{machine}\n\
         ## Course\n\n\
         Scale {scale}: {sections} sections, {photos} JPEG photos of 3000×2000, {videos} videos \
         (1080p H.264 + AAC from ffmpeg's `testsrc2` with noise), {:.0} MB in all.\n\n\
         ## Results\n\n\
         Medians of {rounds} interleaved rounds (the empty-cache 720p export runs once). \
         \"Exporter peak RSS\" is `course-export`'s own high-water mark (VmHWM sampled from \
         /proc); \"largest process\" is `/usr/bin/time`'s maximum RSS, which includes the \
         ffmpeg children during transcoding.\n\n{table}\n{ratios}",
        course_bytes as f64 / MB
    );
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("BENCHMARKS.md");
    // The other benchmarks' sections (`# …` after this one) are kept as they are.
    let others = fs::read_to_string(&path)
        .ok()
        .and_then(|old| old.find("\n# ").map(|i| old[i..].to_owned()))
        .unwrap_or_default();
    fs::write(&path, format!("{md}{others}"))?;
    println!("wrote {}", path.display());
    Ok(())
}

fn mb(kb: Option<u64>) -> String {
    kb.map_or_else(|| "n/a".into(), |k| format!("{:.0}", k as f64 / 1024.0))
}

fn median(mut v: Vec<Measured>) -> Measured {
    v.sort_by_key(|m| m.wall);
    let mid = v.len() / 2;
    v.swap_remove(mid)
}

struct Measured {
    wall: Duration,
    size: u64,
    /// The command's own peak RSS (sampled VmHWM), kB.
    self_hwm_kb: Option<u64>,
    /// The largest VmHWM seen in the process tree, kB.
    tree_hwm_kb: Option<u64>,
    /// `/usr/bin/time`'s maximum RSS, kB.
    time_max_kb: Option<u64>,
}

/// Runs `cmd` (under `/usr/bin/time -f %M` when present), sampling the peak RSS of the process
/// tree; fails if it fails or `out` was not written.
fn measure(cmd: Command, out: &Path) -> R<Measured> {
    let program = cmd.get_program().to_string_lossy().into_owned();
    let name = Path::new(&program)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let time_out = out.with_extension("time");
    let use_time = Path::new("/usr/bin/time").is_file();
    let mut real = if use_time {
        let mut c = Command::new("/usr/bin/time");
        c.args(["-f", "%M", "-o"])
            .arg(&time_out)
            .arg(cmd.get_program());
        c.args(cmd.get_args());
        if let Some(d) = cmd.get_current_dir() {
            c.current_dir(d);
        }
        c
    } else {
        cmd
    };
    real.stdout(Stdio::null()).stderr(Stdio::piped());
    let start = Instant::now();
    let mut child = real.spawn()?;
    let root = child.id();
    let mut peaks: HashMap<String, u64> = HashMap::new();
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        sample_tree(root, &mut peaks);
        std::thread::sleep(Duration::from_millis(20));
    };
    let wall = start.elapsed();
    if !status.success() {
        let mut err = String::new();
        if let Some(mut e) = child.stderr.take() {
            let _ = std::io::Read::read_to_string(&mut e, &mut err);
        }
        return Err(format!("{program} failed ({status}): {err}").into());
    }
    let time_max_kb = fs::read_to_string(&time_out)
        .ok()
        .and_then(|s| s.lines().last().and_then(|l| l.trim().parse::<u64>().ok()));
    let _ = fs::remove_file(&time_out);
    // /proc's Name is the first 15 bytes of the executable's name.
    let short: String = name.chars().take(15).collect();
    Ok(Measured {
        wall,
        size: fs::metadata(out)
            .map_err(|e| format!("{}: {e}", out.display()))?
            .len(),
        self_hwm_kb: peaks.get(&short).copied(),
        tree_hwm_kb: peaks.values().copied().max(),
        time_max_kb,
    })
}

/// Records the VmHWM of every process under `root`, by process name.
fn sample_tree(root: u32, peaks: &mut HashMap<String, u64>) {
    let mut stack = vec![root];
    while let Some(pid) = stack.pop() {
        let Ok(status) = fs::read_to_string(format!("/proc/{pid}/status")) else {
            continue;
        };
        let field = |k: &str| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(k))
                .map(str::trim)
                .map(str::to_owned)
        };
        if let (Some(name), Some(hwm)) = (field("Name:"), field("VmHWM:")) {
            let kb = hwm
                .trim_end_matches("kB")
                .trim()
                .parse::<u64>()
                .unwrap_or(0);
            let e = peaks.entry(name).or_insert(0);
            *e = (*e).max(kb);
        }
        if let Ok(tasks) = fs::read_dir(format!("/proc/{pid}/task")) {
            for t in tasks.flatten() {
                if let Ok(children) = fs::read_to_string(t.path().join("children")) {
                    stack.extend(
                        children
                            .split_whitespace()
                            .filter_map(|c| c.parse::<u32>().ok()),
                    );
                }
            }
        }
    }
}

fn loadavg() -> String {
    fs::read_to_string("/proc/loadavg").ok().map_or_else(
        || "unknown".into(),
        |s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "),
    )
}

fn machine() -> R<String> {
    let cpuinfo = fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .and_then(|l| l.split_once(':'))
        .map_or_else(|| "unknown".into(), |(_, v)| v.trim().to_owned());
    let nproc = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let mem = fs::read_to_string("/proc/meminfo")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or_else(
            || "unknown".into(),
            |kb| format!("{:.1} GiB", kb as f64 / MB),
        );
    let cmd_line = |c: &str, args: &[&str]| {
        Command::new(c)
            .args(args)
            .output()
            .ok()
            .map(|o| String::from_utf8_lossy(&o.stdout).to_string())
            .and_then(|s| s.lines().find(|l| !l.trim().is_empty()).map(str::to_owned))
            .unwrap_or_else(|| "unknown".into())
    };
    let date = cmd_line("date", &["-u", "+%Y-%m-%d %H:%M UTC"]);
    let ffmpeg = cmd_line("ffmpeg", &["-version"]);
    // `zip -v` starts with a copyright line; the version is on "This is Zip 3.0 (…)".
    let zip = Command::new("zip")
        .arg("-v")
        .output()
        .ok()
        .and_then(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .find(|l| l.starts_with("This is Zip"))
                .map(|l| l.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown".into());
    let kernel = cmd_line("uname", &["-sr"]);
    Ok(format!(
        "- Date: {date}\n- CPU: {cpu}, {nproc} cores (nproc)\n- Memory: {mem}\n- OS: {kernel}\n\
         - {ffmpeg}\n- zip: {zip}\n- course-export: release build (`cargo bench` profile), \
         `--no-default-features`\n"
    ))
}

// ---------------------------------------------------------------- the synthetic course

/// Writes course.json, the sections, the photos and the videos; returns the number of videos.
fn generate_course(dir: &Path, sections: usize, photos: usize, video_bytes: u64) -> R<usize> {
    let media = dir.join("media");
    fs::create_dir_all(dir.join("sections"))?;
    fs::create_dir_all(&media)?;

    // Photos: smooth gradients plus sensor-like noise, so JPEG sizes are photo-like
    // (~2 MB); every photo differs (the cache is keyed by content).
    (0..photos)
        .into_par_iter()
        .try_for_each(|i| -> Result<(), String> {
            let seed = i as u32 * 7919 + 1;
            let mut x = seed;
            let img = RgbImage::from_fn(3000, 2000, |px, py| {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                let n = (x >> 24) & 15;
                let r = (px * 255 / 3000 + seed) % 256;
                let g = (py * 255 / 2000 + seed * 3) % 256;
                let b = ((px + py) / 20 + seed * 5) % 256;
                Rgb([
                    (r + n).min(255) as u8,
                    (g + n).min(255) as u8,
                    (b + n).min(255) as u8,
                ])
            });
            let path = media.join(format!("photo-{i:04}.jpg"));
            let f = fs::File::create(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let mut w = std::io::BufWriter::new(f);
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut w, 90)
                .encode_image(&img)
                .map_err(|e| format!("{}: {e}", path.display()))?;
            Ok(())
        })?;

    // Videos: 1080p test pattern with noise (so it is as incompressible as camera footage),
    // in clips of about 50 MB until the total is reached.
    let mut videos = Vec::new();
    let mut total = 0u64;
    let mut bytes_per_sec = 0f64;
    while total < video_bytes {
        let i = videos.len();
        let left = (video_bytes - total) as f64;
        let secs = if bytes_per_sec > 0.0 {
            (left.min(50.0 * MB) / bytes_per_sec).max(1.0)
        } else {
            2.0
        };
        let name = format!("video-{i:03}.mp4");
        let path = media.join(&name);
        let out = Command::new("ffmpeg")
            .args([
                "-hide_banner",
                "-loglevel",
                "error",
                "-nostdin",
                "-y",
                "-f",
                "lavfi",
                "-i",
            ])
            .arg(format!(
                "testsrc2=size=1920x1080:rate=25,noise=alls=10:allf=t,hue=H={i}"
            ))
            .args(["-f", "lavfi", "-i"])
            .arg(format!("sine=frequency={}:sample_rate=48000", 220 + 20 * i))
            .args(["-t", &format!("{secs:.2}"), "-shortest"])
            .args(["-c:v", "libx264", "-preset", "ultrafast", "-crf", "22"])
            .args(["-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "128k"])
            .arg(&path)
            .output()?;
        if !out.status.success() {
            return Err(format!(
                "ffmpeg could not generate {name}: {}",
                String::from_utf8_lossy(&out.stderr)
            )
            .into());
        }
        let len = fs::metadata(&path)?.len();
        bytes_per_sec = len as f64 / secs;
        total += len;
        videos.push(name);
    }

    // Sections: text, and every photo and video linked from exactly one section.
    let mut entries = Vec::new();
    let para = "Keep walkways clear, report hazards and wear the protective equipment \
                your task needs. This paragraph is filler text of a realistic length so \
                the course data deflates like a real course would. ";
    for s in 0..sections {
        let mut md = format!(
            "# Section {s}\n\n{}\n\n{}\n",
            para.repeat(3),
            para.repeat(2)
        );
        for (p, _) in (0..photos)
            .map(|p| (p, p * sections / photos))
            .filter(|(_, sec)| *sec == s)
        {
            writeln!(md, "\n![Photo {p}](../media/photo-{p:04}.jpg)")?;
        }
        for (v, name) in videos.iter().enumerate() {
            if v * sections / videos.len() == s {
                writeln!(md, "\n![Video {v}](../media/{name})")?;
            }
        }
        let file = format!("sections/s{s:04}.md");
        fs::write(dir.join(&file), md)?;
        entries.push(serde_json::json!({ "id": format!("s{s:04}"), "title": format!("Section {s}"), "file": file }));
    }
    let course = serde_json::json!({
        "title": "Benchmark course",
        "language": "en",
        "sections": entries,
    });
    fs::write(
        dir.join("course.json"),
        serde_json::to_string_pretty(&course)?,
    )?;
    Ok(videos.len())
}

fn dir_size(dir: &Path) -> R<u64> {
    let mut n = 0;
    for e in fs::read_dir(dir)? {
        let e = e?;
        let m = e.metadata()?;
        n += if m.is_dir() {
            dir_size(&e.path())?
        } else {
            m.len()
        };
    }
    Ok(n)
}

/// Reads every file (into a small buffer) to warm the page cache.
fn dir_size_read(dir: &Path) -> R<u64> {
    let mut n = 0;
    let mut buf = vec![0u8; 1 << 20];
    for e in fs::read_dir(dir)? {
        let e = e?;
        if e.metadata()?.is_dir() {
            n += dir_size_read(&e.path())?;
        } else {
            let mut f = fs::File::open(e.path())?;
            loop {
                let k = std::io::Read::read(&mut f, &mut buf)?;
                if k == 0 {
                    break;
                }
                n += k as u64;
            }
        }
    }
    Ok(n)
}
