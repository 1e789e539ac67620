//! The command line. Calls only the engine (and, with no subcommand, opens the studio).
//! Exit codes: 0 success, 1 a problem (named in the message), 2 usage.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use clap::{Args, Parser, Subcommand};

use crate::engine::check::check_package;
use crate::engine::clock::SystemClock;
use crate::engine::media::MediaOptions;
use crate::engine::package::{self, ExportContext, Progress};
use crate::engine::settings::{
    ExportMode, ExportSettings, IdMode, Resolution, SaveTrigger, ScoreFormat, ScormVersion,
    StatusFormat, TrackingMode,
};
use crate::engine::store::{Presets, StoreDirs};
use crate::engine::{Course, load_course, sample_course_dir};

#[derive(Parser, Debug)]
#[command(
    name = "course-export",
    version,
    about = "Course Export Studio: export a course folder as a SCORM 1.2 / 2004 package.",
    long_about = "Course Export Studio: export a course folder as a SCORM 1.2 / 2004 package.\n\
                  Without a subcommand the desktop studio opens (on COURSE, or the bundled sample course)."
)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Course folder to open in the studio.
    course: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Export a SCORM package.
    Export {
        #[command(flatten)]
        input: Inputs,
        /// Where to write the zip (per-section packages: NAME-<section>.zip beside it).
        #[arg(long, short)]
        out: PathBuf,
        /// Cache for transcoded / resized media (default: the platform cache folder).
        #[arg(long, value_name = "DIR")]
        cache_dir: Option<PathBuf>,
        /// The ffmpeg program to use (default: ffmpeg on PATH).
        #[arg(long, value_name = "PATH")]
        ffmpeg: Option<PathBuf>,
        /// Print progress to stderr.
        #[arg(long)]
        progress: bool,
    },
    /// Print the imsmanifest.xml that export would write.
    Manifest {
        #[command(flatten)]
        input: Inputs,
    },
    /// Check a SCORM zip (ours or not) and report every problem.
    Check {
        package: PathBuf,
        /// List every warning with where it occurs (default: one summary line per kind).
        #[arg(long)]
        verbose: bool,
        /// Print the report as JSON (for CI): ok, kind, version, problems, warnings.
        #[arg(long)]
        json: bool,
    },
    /// Print or check export settings (the preset JSON format).
    Settings {
        /// Print the default settings.
        #[arg(long)]
        print_default: bool,
        #[command(flatten)]
        input: Inputs,
    },
}

fn parse_yes_no(s: &str) -> Result<bool, String> {
    match s.to_ascii_lowercase().as_str() {
        "yes" | "y" | "true" | "on" | "1" => Ok(true),
        "no" | "n" | "false" | "off" | "0" => Ok(false),
        _ => Err(format!("“{s}”: expected yes or no")),
    }
}

fn parse_version(s: &str) -> Result<ScormVersion, String> {
    ScormVersion::from_key(s).ok_or_else(|| format!("“{s}”: expected 2004-4th, 2004-3rd or 1.2"))
}

fn parse_status(s: &str) -> Result<StatusFormat, String> {
    StatusFormat::from_key(s).ok_or_else(|| {
        format!(
            "“{s}”: expected passed-incomplete, passed-failed, completed-failed or completed-incomplete"
        )
    })
}

fn parse_resolution(s: &str) -> Result<Resolution, String> {
    Resolution::from_key(s)
        .ok_or_else(|| format!("“{s}”: expected original, 1080p, 720p, 480p or 360p"))
}

fn parse_tracking(s: &str) -> Result<TrackingMode, String> {
    match s {
        "course-completion" => Ok(TrackingMode::CourseCompletion),
        "quiz-results" => Ok(TrackingMode::QuizResults),
        _ => Err(format!("“{s}”: expected course-completion or quiz-results")),
    }
}

fn parse_score(s: &str) -> Result<ScoreFormat, String> {
    match s {
        "percentage" => Ok(ScoreFormat::Percentage),
        "points" => Ok(ScoreFormat::Points),
        _ => Err(format!("“{s}”: expected percentage or points")),
    }
}

/// A comma-separated list of save triggers (a newtype: clap treats `Option<Vec<_>>` as repeats).
#[derive(Debug, Clone)]
struct SaveOnList(Vec<SaveTrigger>);

fn parse_save_on(s: &str) -> Result<SaveOnList, String> {
    let mut out = Vec::new();
    for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let t = SaveTrigger::from_key(part)
            .ok_or_else(|| format!("“{part}”: expected navigation, interval or unload"))?;
        if !out.contains(&t) {
            out.push(t);
        }
    }
    out.sort();
    Ok(SaveOnList(out))
}

/// Where the course and settings come from, and every setting as a flag.
#[derive(Args, Debug, Default)]
struct Inputs {
    /// Course folder (default: the bundled sample course).
    #[arg(long, value_name = "DIR")]
    course: Option<PathBuf>,
    /// Start from a saved preset.
    #[arg(long, value_name = "NAME", conflicts_with = "settings")]
    preset: Option<String>,
    /// Start from a settings JSON file (the preset format); flags override its values.
    #[arg(long, value_name = "FILE.json")]
    settings: Option<PathBuf>,
    #[arg(long, value_name = "VERSION", value_parser = parse_version)]
    scorm_version: Option<ScormVersion>,
    #[arg(long, value_name = "yes|no", value_parser = parse_yes_no)]
    extended_analytics: Option<bool>,
    #[arg(long, value_name = "MODE", value_parser = parse_tracking)]
    tracking: Option<TrackingMode>,
    /// Course completion: percent of content to view (0-100).
    #[arg(long, value_name = "PERCENT")]
    pass_threshold: Option<u32>,
    /// Quiz results: the final quiz's section id (default: the course's last quiz).
    #[arg(long, value_name = "ID")]
    final_quiz: Option<String>,
    #[arg(long, value_name = "FORMAT", value_parser = parse_score)]
    score_format: Option<ScoreFormat>,
    /// Leave a section out (repeatable).
    #[arg(long, value_name = "ID")]
    exclude: Vec<String>,
    #[arg(long, value_name = "RES", value_parser = parse_resolution)]
    video_resolution: Option<Resolution>,
    #[arg(long, value_name = "RES", value_parser = parse_resolution)]
    image_max_size: Option<Resolution>,
    #[arg(long, value_name = "FORMAT", value_parser = parse_status)]
    status_format: Option<StatusFormat>,
    /// Comma-separated: navigation,interval,unload.
    #[arg(long, value_name = "LIST", value_parser = parse_save_on)]
    save_on: Option<SaveOnList>,
    /// Seconds between interval saves (5-120).
    #[arg(long, value_name = "SECONDS")]
    save_interval: Option<u32>,
    #[arg(long, value_name = "yes|no", value_parser = parse_yes_no)]
    debug: Option<bool>,
    /// Custom manifest identifier (switches manifest ids to custom).
    #[arg(long)]
    identifier: Option<String>,
    #[arg(long)]
    organization_id: Option<String>,
    #[arg(long)]
    item_id: Option<String>,
    /// Export name (the preset name).
    #[arg(long)]
    name: Option<String>,
    /// Multi export: one package with one SCO per section; `--multi=per-section`: one package per section.
    #[arg(long, value_name = "per-section", num_args = 0..=1, default_missing_value = "one-package")]
    multi: Option<String>,
}

/// A problem worth exit code 1, in plain words.
struct Failure(String);

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(e: E) -> Self {
        Failure(e.to_string())
    }
}

impl Inputs {
    fn course(&self) -> Result<Course, Failure> {
        let dir = self.course.clone().unwrap_or_else(sample_course_dir);
        Ok(load_course(&dir)?)
    }

    fn settings(&self, course: &Course) -> Result<ExportSettings, Failure> {
        let mut s = if let Some(name) = &self.preset {
            let dirs = StoreDirs::from_env_or_platform();
            let (presets, notice) = Presets::load(&dirs.config, &SystemClock);
            if let Some(n) = notice {
                eprintln!("warning: {n}");
            }
            presets
                .get(name)
                .map(|p| p.settings.clone())
                .ok_or_else(|| {
                    Failure(format!(
                        "there is no preset named “{name}” in {} (saved presets: {})",
                        presets.path().display(),
                        if presets.items.is_empty() {
                            "none".into()
                        } else {
                            presets.names().join(", ")
                        }
                    ))
                })?
        } else if let Some(file) = &self.settings {
            let text = std::fs::read_to_string(file)
                .map_err(|e| Failure(format!("cannot read {}: {e}", file.display())))?;
            let de = &mut serde_json::Deserializer::from_str(&text);
            serde_path_to_error::deserialize(de)
                .map_err(|e| Failure(format!("{}: {}: {}", file.display(), e.path(), e.inner())))?
        } else {
            ExportSettings::default()
        };
        self.apply(&mut s, course)?;
        Ok(s)
    }

    fn apply(&self, s: &mut ExportSettings, course: &Course) -> Result<(), Failure> {
        if let Some(v) = self.scorm_version {
            s.scorm_version = v;
        }
        if let Some(v) = self.extended_analytics {
            s.extended_analytics = v;
        }
        let t = &mut s.completion_tracking;
        if let Some(v) = self.tracking {
            t.mode = v;
        }
        if let Some(v) = self.pass_threshold {
            t.pass_threshold_percent = v;
        }
        if let Some(v) = &self.final_quiz {
            t.final_quiz = Some(v.clone());
        }
        if t.mode == TrackingMode::QuizResults && t.final_quiz.is_none() {
            t.final_quiz = course.last_quiz_id().map(str::to_owned);
        }
        if let Some(v) = self.score_format {
            t.score_format = v;
        }
        for id in &self.exclude {
            s.set_included(id, false);
        }
        if let Some(v) = self.video_resolution {
            s.media.video_resolution = v;
        }
        if let Some(v) = self.image_max_size {
            s.media.image_max_size = v;
        }
        if let Some(v) = self.status_format {
            s.reporting.status_format = v;
        }
        if let Some(v) = &self.save_on {
            s.reporting.save_on = v.0.clone();
        }
        if let Some(v) = self.save_interval {
            s.reporting.save_interval_seconds = v;
        }
        if let Some(v) = self.debug {
            s.reporting.debug = v;
        }
        let ids = &mut s.manifest_ids;
        if self.identifier.is_some() || self.organization_id.is_some() || self.item_id.is_some() {
            ids.mode = IdMode::Custom;
        }
        if let Some(v) = &self.identifier {
            ids.identifier = v.clone();
        }
        if let Some(v) = &self.organization_id {
            ids.organization_id = v.clone();
        }
        if let Some(v) = &self.item_id {
            ids.item_id = v.clone();
        }
        if let Some(v) = &self.name {
            s.export_name = v.clone();
        }
        match self.multi.as_deref() {
            None => {}
            Some("one-package") => s.export_mode = ExportMode::Multi,
            Some("per-section") => s.export_mode = ExportMode::MultiPerSection,
            Some(other) => {
                return Err(Failure(format!(
                    "--multi={other}: write --multi (one package, one SCO per section) or --multi=per-section"
                )));
            }
        }
        Ok(())
    }
}

/// Run the CLI; returns the process exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(Failure(msg)) => {
            eprintln!("error: {msg}");
            1
        }
    }
}

fn media_options(
    s: &ExportSettings,
    cache_dir: Option<PathBuf>,
    ffmpeg: Option<PathBuf>,
) -> MediaOptions {
    MediaOptions {
        video: s.media.video_resolution,
        image: s.media.image_max_size,
        ffmpeg,
        cache_dir: cache_dir
            .or_else(|| Some(StoreDirs::from_env_or_platform().cache.join("media"))),
    }
}

fn run(cli: Cli) -> Result<i32, Failure> {
    match cli.command {
        None => open_studio(cli.course),
        Some(Command::Export {
            input,
            out,
            cache_dir,
            ffmpeg,
            progress,
        }) => {
            let course = input.course()?;
            let settings = input.settings(&course)?;
            let cancel = AtomicBool::new(false);
            let show = move |p: Progress| {
                if progress {
                    eprintln!("{:>5.1}%  {}  {}", p.fraction * 100.0, p.step, p.file);
                }
            };
            let ctx = ExportContext {
                progress: &show,
                cancel: &cancel,
                media: media_options(&settings, cache_dir, ffmpeg),
            };
            for plan in package::plan(&course, &settings, &ctx.media)? {
                for w in &plan.warnings {
                    eprintln!("warning: {w}");
                }
            }
            let report = package::export(&course, &settings, &out, &ctx)?;
            for p in &report.packages {
                say(format_args!("{}\n", p.path.display()))?;
                for w in &p.check.warnings {
                    eprintln!("warning: {}: {w}", p.path.display());
                }
            }
            Ok(0)
        }
        Some(Command::Manifest { input }) => {
            let course = input.course()?;
            let settings = input.settings(&course)?;
            let opts = media_options(&settings, None, None);
            let plans = package::plan(&course, &settings, &opts)?;
            for plan in &plans {
                for w in &plan.warnings {
                    eprintln!("warning: {w}");
                }
                if let Some(s) = &plan.suffix {
                    eprintln!("== package for section {s} ==");
                }
                say(format_args!("{}", plan.manifest))?;
            }
            Ok(0)
        }
        Some(Command::Check {
            package,
            verbose,
            json,
        }) => check(&package, verbose, json),
        Some(Command::Settings {
            print_default,
            input,
        }) => {
            let settings = if print_default {
                ExportSettings::default()
            } else {
                let course = input.course()?;
                let s = input.settings(&course)?;
                let problems = s.validate(&course);
                if !problems.is_empty() {
                    for p in &problems {
                        eprintln!("problem: {p}");
                    }
                    say(format_args!("{}\n", serde_json::to_string_pretty(&s)?))?;
                    return Ok(1);
                }
                s
            };
            say(format_args!(
                "{}\n",
                serde_json::to_string_pretty(&settings)?
            ))?;
            Ok(0)
        }
    }
}

fn check(path: &Path, verbose: bool, json: bool) -> Result<i32, Failure> {
    let report = check_package(path);
    if json {
        say(format_args!("{}\n", report.to_json()))?;
    } else {
        say(format_args!("{}", report.to_text(path, verbose)))?;
    }
    Ok(if report.ok() { 0 } else { 1 })
}

/// Print to standard output. A closed pipe (`check x.zip | head -1`) is not an error: the rest
/// of the output is dropped quietly and the command keeps its exit code.
fn say(text: std::fmt::Arguments) -> Result<(), Failure> {
    use std::io::Write as _;
    match std::io::stdout().lock().write_fmt(text) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Failure(format!("cannot write to standard output: {e}")))
        }
        _ => Ok(()),
    }
}

#[cfg(feature = "gui")]
fn open_studio(course: Option<PathBuf>) -> Result<i32, Failure> {
    crate::ui::run(course).map_err(Failure)?;
    Ok(0)
}

#[cfg(not(feature = "gui"))]
fn open_studio(_course: Option<PathBuf>) -> Result<i32, Failure> {
    use clap::CommandFactory as _;
    let _ = Cli::command().print_help();
    eprintln!(
        "\nThis build has no studio window (built without the `gui` feature); use a subcommand."
    );
    Ok(2)
}
