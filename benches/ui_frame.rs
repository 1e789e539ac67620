//! Studio frame time (a program, not a timed test):
//!
//! ```text
//! cargo bench --bench ui_frame
//! ```
//!
//! For a generated course of 1,000 and of 10,000 sections, opens the Export window with the
//! manifest preview and times whole frames on the CPU (egui layout of the real app +
//! tessellation; no GPU), at 1280×800:
//! - idle frames (nothing changes: the goal is < 8 ms),
//! - frames where a setting changes every frame (a slow re-plan waits until the settings settle)
//!   and every half second (each change re-plans once, on a helper thread for large courses:
//!   the frame that takes the answer is measured),
//! - the same with Multi export (a manifest with an item per section),
//! - the History tab with 1,000 runs.
//!
//! Each case prints its worst frame (max); the last line is the worst frame of all cases,
//! against the goal that no frame exceeds 16 ms (one frame at 60 Hz). `FRAMES` sets the number
//! of measured frames per case (default 200); `SECTIONS` the course sizes (default
//! `1000,10000`).

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::time::{Duration, Instant};

use course_export::engine::clock::FixedClock;
use course_export::engine::ids::SequentialIds;
use course_export::engine::settings::ExportMode;
use course_export::engine::store::{History, HistoryEntry, StoreDirs};
use course_export::ui::testing::{
    self, Action, App, ExportGroup, NoDialogs, Persisted, Tab, settings_mut,
};

/// Sizes of the generated courses: `SECTIONS` (comma-separated; default 1,000 and 10,000).
fn section_counts() -> Vec<usize> {
    std::env::var("SECTIONS")
        .ok()
        .map(|v| v.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .filter(|v: &Vec<usize>| !v.is_empty())
        .unwrap_or_else(|| vec![1_000, 10_000])
}

fn generate_course(dir: &Path, count: usize) -> std::io::Result<()> {
    std::fs::create_dir_all(dir.join("sections"))?;
    std::fs::create_dir_all(dir.join("media"))?;
    let png = include_bytes!("../assets/sample-course/media/hazard-signs.png");
    let mut sections = Vec::new();
    for i in 0..count {
        if i % 100 == 99 {
            sections.push(format!(
                r#"{{"id":"quiz-{i}","title":"Quiz {i}","quiz":{{"pass_threshold_percent":70,"questions":[
                {{"id":"q{i}a","type":"single-choice","prompt":"Pick B","options":["A","B"],"correct":["B"]}},
                {{"id":"q{i}b","type":"true-false","prompt":"True?","correct":[true]}}]}}}}"#
            ));
        } else {
            let media = format!("media/image-{}.png", i % 50);
            if i < 50 {
                std::fs::write(dir.join(&media), png)?;
            }
            std::fs::write(
                dir.join(format!("sections/s{i}.md")),
                format!(
                    "# Section {i}\n\nSome text about topic {i}, with a list:\n\n- one\n- two\n\n![Figure](../{media})\n"
                ),
            )?;
            sections.push(format!(
                r#"{{"id":"s{i}","title":"Section {i}: a topic with a longer title","file":"sections/s{i}.md"}}"#
            ));
        }
    }
    std::fs::write(
        dir.join("course.json"),
        format!(
            r#"{{"title":"Benchmark course","language":"en","sections":[{}]}}"#,
            sections.join(",\n")
        ),
    )
}

struct Stats {
    mean: f64,
    median: f64,
    p95: f64,
    max: f64,
}

fn stats(mut v: Vec<Duration>) -> Stats {
    v.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let n = v.len().max(1);
    Stats {
        mean: v.iter().map(|d| ms(*d)).sum::<f64>() / n as f64,
        median: v.get(n / 2).map_or(0.0, |d| ms(*d)),
        p95: v.get(n * 95 / 100).map_or(0.0, |d| ms(*d)),
        max: v.last().map_or(0.0, |d| ms(*d)),
    }
}

/// One frame: the app's logic and drawing, then tessellation (what eframe does on the CPU).
fn frame(ctx: &egui::Context, app: &mut App, t: f64, pointer: egui::Pos2) -> Duration {
    let input = egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1280.0, 800.0),
        )),
        time: Some(t),
        events: vec![egui::Event::PointerMoved(pointer)],
        ..Default::default()
    };
    let start = Instant::now();
    let mut out = ctx.run_ui(input, |ui| app.frame(ui));
    let prims = ctx.tessellate(std::mem::take(&mut out.shapes), out.pixels_per_point);
    let took = start.elapsed();
    std::hint::black_box(prims);
    // No GPU here: the font atlas updates are dropped on purpose (egui asserts otherwise).
    out.textures_delta.clear();
    took
}

fn measure(
    ctx: &egui::Context,
    app: &mut App,
    frames: usize,
    t: &mut f64,
    mut each: impl FnMut(&mut App, usize),
) -> Stats {
    for i in 0..5 {
        *t += 1.0 / 60.0;
        frame(ctx, app, *t, egui::pos2(300.0 + i as f32, 400.0));
    }
    let mut times = Vec::with_capacity(frames);
    for i in 0..frames {
        each(app, i);
        *t += 1.0 / 60.0;
        let p = egui::pos2(200.0 + (i % 400) as f32, 300.0 + (i % 50) as f32);
        times.push(frame(ctx, app, *t, p));
    }
    stats(times)
}

fn print(name: &str, s: &Stats) {
    println!(
        "{name:<62} mean {:>6.2} ms   median {:>6.2} ms   p95 {:>6.2} ms   max {:>6.2} ms",
        s.mean, s.median, s.p95, s.max
    );
}

/// Frames at 60 Hz until the preview shows a plan for the current settings (for a large course
/// it is made on a helper thread meanwhile); the frame that takes it is among them.
fn until_previewed(ctx: &egui::Context, app: &mut App, t: &mut f64) -> Result<Stats, String> {
    let started = Instant::now();
    let mut times = Vec::new();
    loop {
        *t += 1.0 / 60.0;
        times.push(frame(ctx, app, *t, egui::pos2(300.0, 400.0)));
        let ready = app.export_window().is_some_and(|w| {
            let p = w.preview();
            !p.planning() && !p.pending && !p.stale && !p.packages.is_empty()
        });
        if ready {
            return Ok(stats(times));
        }
        if started.elapsed() > Duration::from_secs(120) {
            return Err("the preview did not show within 2 minutes".into());
        }
        std::thread::sleep(Duration::from_millis(16));
    }
}

/// The worst frame so far and the case it was in.
#[derive(Default)]
struct Worst {
    ms: f64,
    case: String,
}

impl Worst {
    fn print(&mut self, name: &str, s: &Stats) {
        print(name, s);
        if s.max > self.ms {
            self.ms = s.max;
            name.clone_into(&mut self.case);
        }
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let frames: usize = std::env::var("FRAMES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    println!("Frames per case: {frames}, window 1280×800, CPU only (layout + tessellation)");
    let mut worst = Worst::default();
    for count in section_counts() {
        course_cases(count, frames, &mut worst)?;
    }
    let goal = 16.0;
    println!(
        "\nWorst frame of all cases: {:.2} ms ({}). Goal: no frame over {goal} ms: {}",
        worst.ms,
        worst.case.trim(),
        if worst.ms <= goal { "met" } else { "NOT met" }
    );
    Ok(())
}

fn course_cases(
    count: usize,
    frames: usize,
    worst: &mut Worst,
) -> Result<(), Box<dyn std::error::Error>> {
    let tmp = tempfile::tempdir()?;
    let course_dir = tmp.path().join("course");
    let started = Instant::now();
    generate_course(&course_dir, count)?;
    let dirs = StoreDirs::under(&tmp.path().join("store"));
    let clock = Arc::new(FixedClock(1_795_600_800));
    let load = Instant::now();
    let mut app = App::new(
        dirs.clone(),
        clock.clone(),
        Arc::new(SequentialIds(AtomicU64::new(1))),
        Arc::new(NoDialogs),
        Persisted::default(),
        Some(course_dir.clone()),
    );
    let load_ms = load.elapsed().as_secs_f64() * 1000.0;
    let Some(course) = app.course().cloned() else {
        return Err("the generated course did not load".into());
    };
    println!(
        "\nCourse: {} sections ({} quizzes), generated in {:.0} ms, loaded in {load_ms:.0} ms",
        course.sections.len(),
        course.quizzes().count(),
        started.elapsed().as_secs_f64() * 1000.0 - load_ms
    );
    let n = course.sections.len();

    let ctx = egui::Context::default();
    let mut t = 0.0;
    // The studio is already up when the window opens: its first frames (fonts loaded, the
    // Export tab laid out) are not this case's.
    for _ in 0..5 {
        t += 1.0 / 60.0;
        frame(&ctx, &mut app, t, egui::pos2(300.0, 400.0));
    }
    app.apply(Action::OpenExportWindow(ExportGroup::Single));
    app.apply(Action::ConfirmExportName);
    let s = until_previewed(&ctx, &mut app, &mut t)?;
    worst.print(
        &format!("{n}: opening the Export window until the preview shows"),
        &s,
    );

    let s = measure(&ctx, &mut app, frames, &mut t, |_, _| {});
    worst.print(&format!("{n}: Export window + preview, Single, idle"), &s);
    let idle_single = s.mean;
    let plan_ms = app.export_window().map_or(0.0, |w| w.preview().plan_ms);

    let s = measure(&ctx, &mut app, frames, &mut t, |app, i| {
        settings_mut(app).reporting.debug = i % 2 == 0;
    });
    worst.print(
        &format!("{n}: a setting changes every frame (debounced)"),
        &s,
    );
    let s = measure(&ctx, &mut app, frames, &mut t, |app, i| {
        if i % 30 == 0 {
            let s = settings_mut(app);
            s.reporting.debug = !s.reporting.debug;
        }
    });
    worst.print(
        &format!("{n}: a setting changes every 0.5 s (re-plans)"),
        &s,
    );
    settings_mut(&mut app).reporting.debug = true;
    let s = until_previewed(&ctx, &mut app, &mut t)?;
    worst.print(&format!("{n}: one change, until its preview shows"), &s);

    app.apply(Action::CloseExportWindow);
    app.apply(Action::OpenExportWindow(ExportGroup::Multi));
    app.apply(Action::ConfirmExportName);
    settings_mut(&mut app).export_mode = ExportMode::Multi;
    let s = until_previewed(&ctx, &mut app, &mut t)?;
    worst.print(&format!("{n}: Multi export, until the preview shows"), &s);
    let s = measure(&ctx, &mut app, frames, &mut t, |_, _| {});
    worst.print(
        &format!("{n}: Export window + preview, Multi ({n} SCOs), idle"),
        &s,
    );
    let idle_multi = s.mean;
    let lines = app
        .export_window()
        .and_then(|w| w.preview().packages.first())
        .map_or(0, |p| p.lines.len());
    let plan_multi_ms = app.export_window().map_or(0.0, |w| w.preview().plan_ms);
    let validate_started = Instant::now();
    let problems = app.settings().validate(&course);
    let validate_multi_ms = validate_started.elapsed().as_secs_f64() * 1000.0;
    std::hint::black_box(problems);

    app.apply(Action::CloseExportWindow);
    let (mut hist, _) = History::load(&dirs.data, clock.as_ref());
    for i in 0..1_000u64 {
        hist.runs.push(HistoryEntry {
            at: 1_795_600_800 - i * 60,
            export_name: format!("Preset {}", i % 20),
            course_title: course.title.clone(),
            course_dir: course.root.clone(),
            outputs: vec![course.root.join(format!("out-{i}.zip"))],
            size: 1_000_000 + i,
            duration_ms: 1_000 + i,
            error: None,
            settings: app.settings().clone(),
            destination: None,
            outcome: None,
        });
    }
    testing::replace_history(&mut app, hist);
    app.apply(Action::SwitchTab(Tab::History));
    let s = measure(&ctx, &mut app, frames, &mut t, |_, _| {});
    worst.print(&format!("{n}: History tab, 1,000 runs"), &s);

    println!(
        "Planning the preview (on a helper thread from {} sections): {plan_ms:.1} ms (Single), \
         {plan_multi_ms:.1} ms (Multi, {lines} manifest lines); checking the Multi settings: \
         {validate_multi_ms:.2} ms",
        testing::LARGE_COURSE_SECTIONS
    );
    let goal = 8.0;
    println!(
        "Idle goal: < {goal} ms CPU per frame with the preview open -> Single {idle_single:.2} ms, \
         Multi {idle_multi:.2} ms: {}",
        if idle_single < goal && idle_multi < goal {
            "met"
        } else {
            "NOT met"
        }
    );
    Ok(())
}
