//! Peak memory on hostile inputs (a program, not a timed test; it prints figures):
//!
//! ```text
//! cargo bench --no-default-features --bench hostile_memory
//! ```
//!
//! Runs `course-export` on inputs an adversary or a careless export would give it and prints
//! each run's exit code and peak RSS (`/usr/bin/time`'s maximum resident set size). The goal:
//! every command stays under 200 MB whatever the input. The refusals are tested in
//! `tests/hardening.rs` and `tests/check.rs`; the memory is only shown here.

#[path = "../tests/common/hostile.rs"]
mod hostile;

use std::error::Error;
use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

type R<T> = Result<T, Box<dyn Error>>;

const EXE: &str = env!("CARGO_BIN_EXE_course-export");
const GOAL_MB: f64 = 200.0;

fn main() {
    if let Err(e) = run() {
        eprintln!("hostile_memory: {e}");
        std::process::exit(1);
    }
}

/// A one-section course whose section is `md` and whose media are `files`.
fn course(dir: &Path, md: &[u8], files: &[(&str, &[u8])]) -> R<()> {
    std::fs::create_dir_all(dir.join("media"))?;
    std::fs::write(
        dir.join("course.json"),
        r#"{"title": "Hostile", "language": "en", "sections": [
            {"id": "a", "title": "A", "file": "a.md"}]}"#,
    )?;
    std::fs::write(dir.join("a.md"), md)?;
    for (name, bytes) in files {
        std::fs::write(dir.join(name), bytes)?;
    }
    Ok(())
}

/// Runs `args` under `/usr/bin/time` (its maximum RSS covers runs too short to sample);
/// returns the exit code and the peak in MB.
fn peak(args: &[&str]) -> R<(i32, f64, Duration)> {
    if !Path::new("/usr/bin/time").is_file() {
        return Err("/usr/bin/time is missing: apt-get install time".into());
    }
    let report = tempfile::NamedTempFile::new()?;
    let started = Instant::now();
    let status = Command::new("/usr/bin/time")
        .args(["-f", "%M", "-o"])
        .arg(report.path())
        .arg(EXE)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()?;
    let took = started.elapsed();
    let text = std::fs::read_to_string(report.path())?;
    // `time` writes "Command exited with non-zero status N" before the figure on failures.
    let kb: u64 = text
        .lines()
        .filter_map(|l| l.trim().parse().ok())
        .next_back()
        .ok_or_else(|| format!("no figure from /usr/bin/time: {text:?}"))?;
    Ok((status.code().unwrap_or(-1), kb as f64 / 1024.0, took))
}

fn run() -> R<()> {
    let tmp = tempfile::tempdir()?;
    let t = tmp.path();
    let out = t.join("out.zip");
    let out_s = out.to_string_lossy().into_owned();
    let mut rows: Vec<(String, i32, f64, Duration)> = Vec::new();
    let mut case = |what: &str, args: Vec<String>| -> R<()> {
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, mb, took) = peak(&refs)?;
        println!(
            "{what:<58} exit {code}  peak {mb:>6.1} MB  {:>6.2} s",
            took.as_secs_f64()
        );
        rows.push((what.to_owned(), code, mb, took));
        Ok(())
    };

    // 1. A decompression bomb: 3.5 MB of PNG claiming 30000x30000 pixels, to be resized.
    let bomb = t.join("bomb");
    let png = hostile::png_header_only(30_000, 30_000);
    course(
        &bomb,
        b"# A\n\n![bomb](media/bomb.png)\n",
        &[("media/bomb.png", &png)],
    )?;
    case(
        "PNG header of 30000x30000 px, --image-max-size 360p",
        vec![
            "export".into(),
            "--course".into(),
            bomb.display().to_string(),
            "--image-max-size".into(),
            "360p".into(),
            "--out".into(),
            out_s.clone(),
        ],
    )?;

    // 2. A Markdown section at the size cap (2 MiB), and one of 50 MB (refused).
    for (label, bytes) in [
        ("Markdown section of 2 MiB (the cap)", 2 * 1024 * 1024 - 64),
        ("Markdown section of 50 MB (over the cap)", 50 * 1024 * 1024),
    ] {
        let dir = t.join(format!("md-{bytes}"));
        let line =
            b"Lorem ipsum dolor sit amet, *consectetur* adipiscing [elit](https://example.org).\n";
        let md: Vec<u8> = line.iter().copied().cycle().take(bytes).collect();
        course(&dir, &md, &[])?;
        case(
            label,
            vec![
                "export".into(),
                "--course".into(),
                dir.display().to_string(),
                "--out".into(),
                out_s.clone(),
            ],
        )?;
    }

    // 3. A 1 MB zip whose manifest inflates to 1 GB, given to `check`.
    let zip_path = t.join("manifest-bomb.zip");
    {
        let mut z = zip::ZipWriter::new(std::fs::File::create(&zip_path)?);
        z.start_file(
            "imsmanifest.xml",
            zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated)
                .large_file(true),
        )?;
        z.write_all(b"<manifest>")?;
        let spaces = vec![b' '; 1 << 20];
        for _ in 0..1024 {
            z.write_all(&spaces)?;
        }
        z.finish()?;
    }
    case(
        "check: 1 GB manifest in a small zip",
        vec!["check".into(), zip_path.display().to_string()],
    )?;

    let worst = rows.iter().map(|r| r.2).fold(0.0, f64::max);
    println!(
        "\nworst peak RSS: {worst:.1} MB (goal: under {GOAL_MB:.0} MB) — {}",
        if worst < GOAL_MB { "met" } else { "NOT met" }
    );
    Ok(())
}
