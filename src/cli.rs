//! The command line. Calls only the engine (and, with no subcommand, opens the studio).
//! Exit codes: 0 success, 1 a problem (named in the message), 2 usage.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::builder::{EnumValueParser, PossibleValue, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::engine::check::check_package;
use crate::engine::clock::SystemClock;
use crate::engine::media::MediaOptions;
use crate::engine::package::{self, ExportContext, Progress};
use crate::engine::settings::{
    ExportMode, ExportSettings, IdMode, Resolution, SaveTrigger, ScoreFormat, ScormVersion,
    StatusFormat, TrackingMode,
};
use crate::engine::store::{Presets, StoreDirs};
use crate::engine::tryout::{self, NewAttempt, TryOptions};
use crate::engine::{Course, load_course, sample_course_dir};
use crate::interrupt;

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
    /// Play a SCORM package in a test LMS on 127.0.0.1 (the test page opens in the browser).
    Try(Box<TryArgs>),
    /// Print or check export settings (the preset JSON format).
    Settings {
        /// Print the default settings.
        #[arg(long)]
        print_default: bool,
        #[command(flatten)]
        input: Inputs,
    },
}

/// `course-export try PKG.zip|COURSE_DIR [flags]`
#[derive(Args, Debug)]
struct TryArgs {
    /// A SCORM zip (made by any tool) or a course folder (exported to a temporary folder first).
    target: PathBuf,
    /// Export settings, for a course folder only (with a zip they are a usage error).
    #[command(flatten)]
    input: Inputs,
    /// With --multi=per-section: the section whose package to try (default: the first).
    #[arg(long, value_name = "ID")]
    section: Option<String>,
    /// Port on 127.0.0.1 (default: a free port).
    #[arg(long)]
    port: Option<u16>,
    /// Open no browser (tests, CI).
    #[arg(long)]
    no_browser: bool,
    /// Write the record of the run to FILE (overwritten at start, then after every commit).
    #[arg(long, value_name = "FILE")]
    record: Option<PathBuf>,
    /// What a relaunch after an exit without suspend does: reset (a new attempt with empty data,
    /// as SCORM Cloud) or keep (the same attempt's data, as Moodle).
    #[arg(long, value_name = "reset|keep", value_enum, default_value = "reset")]
    new_attempt: NewAttemptArg,
    /// SCORM 1.2: the LMS sets passed/failed from the manifest's masteryscore.
    #[arg(long)]
    mastery_override: bool,
    /// The LMS sets completed at exit when the content reported nothing.
    #[arg(long)]
    auto_complete: bool,
    /// Stop once the SCO has terminated: exit 0 when the outcome is what the status table
    /// expects (our packages), 1 when not.
    #[arg(long)]
    exit_after_terminate: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum NewAttemptArg {
    Reset,
    Keep,
}

impl From<NewAttemptArg> for NewAttempt {
    fn from(a: NewAttemptArg) -> NewAttempt {
        match a {
            NewAttemptArg::Reset => NewAttempt::Reset,
            NewAttemptArg::Keep => NewAttempt::Keep,
        }
    }
}

/// The settings enums as clap values, from the engine's one list of keys (`ALL`, `key()`): a
/// wrong value is a usage error (exit 2) that lists the possible values.
macro_rules! value_enum_by_key {
    ($($t:ty),+ $(,)?) => {$(
        impl ValueEnum for $t {
            fn value_variants<'a>() -> &'a [Self] {
                &<$t>::ALL
            }
            fn to_possible_value(&self) -> Option<PossibleValue> {
                Some(PossibleValue::new(self.key()))
            }
        }
    )+};
}
value_enum_by_key!(
    ScormVersion,
    TrackingMode,
    ScoreFormat,
    Resolution,
    StatusFormat,
    SaveTrigger
);

/// A yes/no flag value; the other spellings are accepted as aliases, in any case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum YesNo {
    #[value(aliases = ["y", "true", "on", "1"])]
    Yes,
    #[value(aliases = ["n", "false", "off", "0"])]
    No,
}

impl From<YesNo> for bool {
    fn from(v: YesNo) -> bool {
        v == YesNo::Yes
    }
}

/// `--multi` alone is one package with one SCO per section; `--multi=per-section` one package
/// per section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Multi {
    OnePackage,
    PerSection,
}

impl From<Multi> for ExportMode {
    fn from(m: Multi) -> ExportMode {
        match m {
            Multi::OnePackage => ExportMode::Multi,
            Multi::PerSection => ExportMode::MultiPerSection,
        }
    }
}

/// A comma-separated list of save triggers (a newtype: clap treats `Option<Vec<_>>` as repeats).
#[derive(Debug, Clone, PartialEq)]
struct SaveOnList(Vec<SaveTrigger>);

/// Parses `--save-on`: each comma-separated part (spaces around it and empty parts ignored) is
/// a `SaveTrigger` value, checked by clap's own enum parser so errors list the possible values.
#[derive(Debug, Clone, Copy)]
struct SaveOnParser;

impl TypedValueParser for SaveOnParser {
    type Value = SaveOnList;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<SaveOnList, clap::Error> {
        let one = EnumValueParser::<SaveTrigger>::new();
        let mut out = Vec::new();
        for part in value.to_string_lossy().split(',').map(str::trim) {
            if part.is_empty() {
                continue;
            }
            let t = one.parse_ref(cmd, arg, OsStr::new(part))?;
            if !out.contains(&t) {
                out.push(t);
            }
        }
        out.sort();
        Ok(SaveOnList(out))
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(
            SaveTrigger::ALL
                .into_iter()
                .filter_map(|t| t.to_possible_value()),
        ))
    }
}

/// Where the course and settings come from, and every setting as a flag.
#[derive(Args, Debug, Default, PartialEq)]
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
    #[arg(long, value_name = "VERSION", value_enum)]
    scorm_version: Option<ScormVersion>,
    #[arg(long, value_name = "yes|no", value_enum, ignore_case = true)]
    extended_analytics: Option<YesNo>,
    #[arg(long, value_name = "MODE", value_enum)]
    tracking: Option<TrackingMode>,
    /// Course completion: percent of content to view (0-100).
    #[arg(long, value_name = "PERCENT")]
    pass_threshold: Option<u32>,
    /// Quiz results: the final quiz's section id (default: the course's last quiz).
    #[arg(long, value_name = "ID")]
    final_quiz: Option<String>,
    #[arg(long, value_name = "FORMAT", value_enum)]
    score_format: Option<ScoreFormat>,
    /// Leave a section out (repeatable).
    #[arg(long, value_name = "ID")]
    exclude: Vec<String>,
    #[arg(long, value_name = "RES", value_enum)]
    video_resolution: Option<Resolution>,
    #[arg(long, value_name = "RES", value_enum)]
    image_max_size: Option<Resolution>,
    #[arg(long, value_name = "FORMAT", value_enum)]
    status_format: Option<StatusFormat>,
    /// Comma-separated: navigation,interval,unload.
    #[arg(long, value_name = "LIST", value_parser = SaveOnParser)]
    save_on: Option<SaveOnList>,
    /// Seconds between interval saves (5-120).
    #[arg(long, value_name = "SECONDS")]
    save_interval: Option<u32>,
    #[arg(long, value_name = "yes|no", value_enum, ignore_case = true)]
    debug: Option<YesNo>,
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
    #[arg(
        long,
        value_name = "per-section",
        value_enum,
        num_args = 0..=1,
        default_missing_value = "one-package"
    )]
    multi: Option<Multi>,
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
            crate::engine::settings_file::load_settings_file(file)?
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
            s.extended_analytics = v.into();
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
            s.reporting.debug = v.into();
        }
        let ids = &mut s.manifest_ids;
        if self.identifier.is_some() || self.organization_id.is_some() || self.item_id.is_some() {
            // Given on the command line for this course: they belong to it.
            ids.mode = IdMode::Custom;
            ids.for_course = Some(course.title.clone());
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
        if let Some(m) = self.multi {
            s.export_mode = m.into();
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
    let cache_dir =
        cache_dir.unwrap_or_else(|| StoreDirs::from_env_or_platform().cache.join("media"));
    MediaOptions::from_settings(&s.media, ffmpeg, Some(cache_dir))
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
            // Ctrl+C cancels the export cleanly (temporary file removed, old package kept).
            interrupt::install();
            let course = input.course()?;
            let settings = input.settings(&course)?;
            let show = move |p: Progress| {
                if progress {
                    eprintln!("{:>5.1}%  {}  {}", p.fraction * 100.0, p.step, p.file);
                }
            };
            let ctx = ExportContext {
                progress: &show,
                cancel: interrupt::flag(),
                media: media_options(&settings, cache_dir, ffmpeg),
            };
            for plan in package::plan(&course, &settings, &ctx.media)? {
                for w in &plan.warnings {
                    eprintln!("warning: {w}");
                }
            }
            let report = match package::export(&course, &settings, &out, &ctx) {
                Err(crate::engine::ExportError::Cancelled) => {
                    eprintln!("interrupted: nothing was written");
                    return Ok(130);
                }
                r => r?,
            };
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
        Some(Command::Try(args)) => try_package(*args),
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

/// `try`: serve the package (or a course folder's fresh export) in the test LMS until Ctrl+C, or
/// with `--exit-after-terminate` until the SCO terminates. stdout carries one line, the URL.
fn try_package(args: TryArgs) -> Result<i32, Failure> {
    interrupt::install();
    // Kept alive while serving: a course folder's export lives in it.
    let mut _export_dir = None;
    let package = if args.target.is_dir() {
        if args.input.course.is_some() {
            eprintln!("error: the course folder is the first argument of try; leave out --course");
            return Ok(2);
        }
        let (dir, zip) = export_for_try(&args)?;
        _export_dir = Some(dir);
        zip
    } else {
        if args.input != Inputs::default() || args.section.is_some() {
            eprintln!(
                "error: export flags (--scorm-version, --tracking, --preset, --section, …) apply to a \
                 course folder, not to a zip: {} is played as it is",
                args.target.display()
            );
            return Ok(2);
        }
        args.target.clone()
    };
    let server = tryout::serve(TryOptions {
        package,
        port: args.port,
        record: args.record.clone(),
        new_attempt: args.new_attempt.into(),
        mastery_override: args.mastery_override,
        auto_complete: args.auto_complete,
        expected: None,
    })?;
    say(format_args!("Serving {}\n", server.url()))?;
    if !args.no_browser
        && let Err(e) = tryout::open_in_browser(server.url())
    {
        eprintln!(
            "could not open a browser ({e}); open {} yourself",
            server.url()
        );
    }
    eprintln!("Ctrl+C stops the test LMS.");
    let tick = Duration::from_millis(200);
    let mut terminated = false;
    while !interrupt::requested() {
        if server.wait_terminated(Some(tick)) {
            terminated = true;
            // A package of several SCOs ends when its outcome is reached or every SCO has
            // terminated, not at the first SCO's Terminate.
            if args.exit_after_terminate
                && (server.outcome_matches() == Some(true) || every_sco_terminated(&server))
            {
                break;
            }
            // Keep serving: relaunches, other SCOs and new attempts happen on the page.
            std::thread::sleep(tick);
        }
    }
    let matches = server.outcome_matches();
    if let Some(e) = server.write_error() {
        eprintln!("warning: {e}");
    }
    server.stop()?;
    if !args.exit_after_terminate {
        return Ok(0);
    }
    if !terminated {
        eprintln!("interrupted before the SCO terminated");
        return Ok(1);
    }
    Ok(match matches {
        Some(true) => {
            eprintln!("outcome: as the status table expects");
            0
        }
        Some(false) => {
            eprintln!("outcome: NOT what the status table expects (see the record)");
            1
        }
        None => {
            eprintln!("outcome: no expectation (not a package made by course-export)");
            0
        }
    })
}

/// Whether every launchable SCO of the package has a session that ended with Terminate.
fn every_sco_terminated(server: &tryout::TryServer) -> bool {
    let record = server.record();
    let done: std::collections::HashSet<&str> = record
        .attempts
        .iter()
        .flat_map(|a| &a.sessions)
        .filter(|s| s.terminated)
        .map(|s| s.sco.as_str())
        .collect();
    server
        .package()
        .scos
        .iter()
        .filter(|s| !s.asset)
        .all(|s| done.contains(s.id.as_str()))
}

/// Exports `args.target` (a course folder) with the export flags into a temporary folder and
/// returns the folder and the package to try.
fn export_for_try(args: &TryArgs) -> Result<(tempfile::TempDir, PathBuf), Failure> {
    let course = load_course(&args.target)?;
    let settings = args.input.settings(&course)?;
    let dir = tempfile::Builder::new()
        .prefix("course-export-try.")
        .tempdir()
        .map_err(|e| Failure(format!("cannot create a temporary folder: {e}")))?;
    let ctx = ExportContext {
        progress: &|_| {},
        cancel: interrupt::flag(),
        media: media_options(&settings, None, None),
    };
    let plans = package::plan(&course, &settings, &ctx.media)?;
    let index = match &args.section {
        None => 0,
        Some(id) => plans
            .iter()
            .position(|p| p.suffix.as_deref() == Some(id.as_str()))
            .ok_or_else(|| {
                let ids: Vec<&str> = plans.iter().filter_map(|p| p.suffix.as_deref()).collect();
                Failure(if ids.is_empty() {
                    "--section needs --multi=per-section (one package per section)".to_owned()
                } else {
                    format!(
                        "no package for section “{id}” (sections: {})",
                        ids.join(", ")
                    )
                })
            })?,
    };
    let out = dir.path().join("package.zip");
    let report = package::export(&course, &settings, &out, &ctx)?;
    let zip = report
        .packages
        .get(index)
        .map(|p| p.path.clone())
        .ok_or_else(|| Failure("the export wrote no package".into()))?;
    Ok((dir, zip))
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
