//! Shared helpers for the studio's kittest tests: the real app with temporary store folders, a
//! fixed clock, fixed ids and no native dialogs. What the app offers tests is
//! `course_export::ui::testing`; this adds the kittest harness on top.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

#[path = "../common/mod.rs"]
pub mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::time::{Duration, Instant};

use course_export::engine::clock::FixedClock;
use course_export::engine::ids::SequentialIds;
use course_export::engine::sample_course_dir;
use course_export::engine::store::StoreDirs;
use course_export::ui::testing::{App, Dialogs, NoDialogs, Persisted};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};

/// 2026-11-25 10:00 UTC.
pub const NOW: u64 = 1_795_600_800;

/// A clock that moves one minute forward each time it is read (distinct archive names).
pub struct TickClock(pub AtomicU64);

impl course_export::engine::clock::Clock for TickClock {
    fn now(&self) -> std::time::SystemTime {
        let n = self.0.fetch_add(60, std::sync::atomic::Ordering::Relaxed);
        std::time::UNIX_EPOCH + Duration::from_secs(n)
    }
}

pub struct Env {
    pub tmp: tempfile::TempDir,
    pub dirs: StoreDirs,
}

pub fn env() -> Env {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dirs = StoreDirs::under(&tmp.path().join("store"));
    Env { tmp, dirs }
}

pub fn sample() -> PathBuf {
    sample_course_dir()
}

pub fn app_with(env: &Env, course: &Path, dialogs: Arc<dyn Dialogs>, state: Persisted) -> App {
    App::new(
        env.dirs.clone(),
        Arc::new(FixedClock(NOW)),
        Arc::new(SequentialIds(AtomicU64::new(1))),
        dialogs,
        state,
        Some(course.to_path_buf()),
    )
}

pub fn app(env: &Env) -> App {
    app_with(env, &sample(), Arc::new(NoDialogs), Persisted::default())
}

pub fn harness_for(app: App, size: (f32, f32)) -> Harness<'static, App> {
    Harness::builder()
        .with_size(egui::vec2(size.0, size.1))
        .with_max_steps(24)
        .build_eframe(move |_cc| app)
}

pub fn harness(env: &Env) -> Harness<'static, App> {
    harness_for(app(env), (1280.0, 800.0))
}

/// Step until `done` holds (background work), or fail after `secs`.
pub fn step_until(h: &mut Harness<'_, App>, secs: u64, done: impl Fn(&App) -> bool) {
    let start = Instant::now();
    while !done(h.state()) {
        assert!(
            start.elapsed() < Duration::from_secs(secs),
            "timed out waiting for the app"
        );
        std::thread::sleep(Duration::from_millis(20));
        h.step();
    }
    h.run();
}

/// Scroll a widget into view, then click it (a real pointer click where it is drawn).
pub fn click(h: &mut Harness<'_, App>, label: &str) {
    h.get_by_label(label).scroll_to_me();
    h.run();
    h.get_by_label(label).click();
    h.run();
}

/// Like [`click`], for a label that several roles share.
pub fn click_role(h: &mut Harness<'_, App>, role: Role, label: &str) {
    h.get_by_role_and_label(role, label).scroll_to_me();
    h.run();
    h.get_by_role_and_label(role, label).click();
    h.run();
}

/// Click a combo box by its label, then an option by its text.
pub fn choose(h: &mut Harness<'_, App>, combo: &str, option: &str) {
    click_role(h, Role::ComboBox, combo);
    // The option in the open list (a section title can also name a checkbox).
    let mut found = false;
    if let Some(node) = h
        .query_all_by_label(option)
        .find(|n| n.accesskit_node().role() != Role::CheckBox)
    {
        node.click();
        found = true;
    }
    assert!(found, "no option {option:?} in {combo:?}");
    h.run();
}

/// Open the Export window from the Single export group and get past the name step.
pub fn open_export_window(h: &mut Harness<'_, App>, name: Option<&str>) {
    h.get_by_label("SCORM (Single export)").click();
    h.run();
    if let Some(name) = name {
        let field = h.get_by_role_and_label(Role::TextInput, "Export name");
        field.focus();
        h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
        h.get_by_role_and_label(Role::TextInput, "Export name")
            .type_text(name);
        h.run();
    }
    h.get_by_label("Continue").click();
    h.run();
}

/// Replace the text of a labelled text field.
pub fn set_text(h: &mut Harness<'_, App>, label: &str, text: &str) {
    h.get_by_role_and_label(Role::TextInput, label)
        .scroll_to_me();
    h.run();
    h.get_by_role_and_label(Role::TextInput, label).focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
    h.get_by_role_and_label(Role::TextInput, label)
        .type_text(text);
    h.run();
}

/// What the preview shows: manifests, file lists with sizes and notes.
pub fn preview_fingerprint(app: &App) -> String {
    let Some(w) = app.export_window() else {
        return String::new();
    };
    w.preview()
        .packages
        .iter()
        .map(|p| {
            format!(
                "{:?}\n{}\n{:?}\n{}",
                p.suffix, p.manifest, p.files, p.total_size
            )
        })
        .collect()
}
