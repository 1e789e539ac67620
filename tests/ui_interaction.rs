//! The studio driven by accessible label through egui_kittest (the accessibility check stays on:
//! every input must have a name). Run: `cargo test --test ui_interaction`.
#![cfg(feature = "gui")]
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may fail loudly

mod ui_support;

use std::sync::Arc;

use course_export::engine::check::check_package;
use course_export::engine::settings::{
    IdMode, SaveTrigger, ScoreFormat, ScormVersion, StatusFormat, TrackingMode,
};
use course_export::ui::testing::{App, NoDialogs, Outcome, Persisted, Tab};
use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use ui_support::*;

#[test]
fn every_setting_changes_the_preview() {
    let env = env();
    let mut h = harness(&env);
    open_export_window(&mut h, Some("Every setting"));
    assert!(
        h.state().export_window().is_some(),
        "the export window opened"
    );
    let mut last = preview_fingerprint(h.state());
    assert!(last.contains("<manifest"), "a manifest is previewed");
    let mut changed = |h: &mut egui_kittest::Harness<'_, App>, what: &str| {
        let now = preview_fingerprint(h.state());
        assert_ne!(now, last, "changing {what} did not change the preview");
        assert!(
            h.state()
                .export_window()
                .is_some_and(|w| w.preview().problems.is_empty() && !w.preview().stale),
            "{what}: the settings should stay valid: {:?}",
            h.state().export_window().map(|w| &w.preview().problems)
        );
        last = now;
    };

    // 1. SCORM version
    choose(&mut h, "SCORM version", "SCORM 2004 3rd Edition");
    assert_eq!(
        h.state().settings().scorm_version,
        ScormVersion::Scorm2004_3rd
    );
    assert!(preview_fingerprint(h.state()).contains("2004 3rd Edition"));
    changed(&mut h, "SCORM version");
    // 2. Extended analytics
    click(&mut h, "Extended analytics: Yes");
    assert!(h.state().settings().extended_analytics);
    changed(&mut h, "extended analytics");
    // 3. Completion tracking: threshold by the slider and by the number field
    h.get_by_role_and_label(Role::Slider, "Course pass threshold (%)")
        .set_value_accesskit(80.0);
    h.run();
    assert_eq!(
        h.state()
            .settings()
            .completion_tracking
            .pass_threshold_percent,
        80
    );
    assert!(preview_fingerprint(h.state()).contains("0.8"));
    changed(&mut h, "pass threshold (slider)");
    h.get_by_role_and_label(Role::SpinButton, "Course pass threshold value (%)")
        .set_value_accesskit(65.0);
    h.run();
    assert_eq!(
        h.state()
            .settings()
            .completion_tracking
            .pass_threshold_percent,
        65
    );
    changed(&mut h, "pass threshold (number)");
    // Quiz results, final quiz, completion format
    choose(&mut h, "Track progress and completion", "Quiz results");
    assert_eq!(
        h.state().settings().completion_tracking.mode,
        TrackingMode::QuizResults
    );
    changed(&mut h, "tracking mode");
    choose(&mut h, "Final quiz", "Knowledge check");
    assert_eq!(
        h.state()
            .settings()
            .completion_tracking
            .final_quiz
            .as_deref(),
        Some("knowledge-check")
    );
    changed(&mut h, "final quiz");
    click(&mut h, "Points");
    assert_eq!(
        h.state().settings().completion_tracking.score_format,
        ScoreFormat::Points
    );
    changed(&mut h, "completion format");
    // 6. Status format (applies now that a quiz decides)
    choose(&mut h, "Status format", "Passed / Failed");
    assert_eq!(
        h.state().settings().reporting.status_format,
        StatusFormat::PassedFailed
    );
    changed(&mut h, "status format");
    // 4. Content to publish
    click_role(&mut h, Role::CheckBox, "Spotting hazards");
    assert!(!h.state().settings().includes("hazards"));
    changed(&mut h, "content");
    // 5. Media resource resolution
    choose(&mut h, "Video resolution", "720p");
    changed(&mut h, "video resolution");
    choose(&mut h, "Image size", "1280 px");
    changed(&mut h, "image size");
    // 6. Save status, interval, debugging
    click_role(&mut h, Role::CheckBox, "Interval");
    assert!(
        h.state()
            .settings()
            .reporting
            .saves_on(SaveTrigger::Interval)
    );
    changed(&mut h, "save status");
    h.get_by_role_and_label(Role::Slider, "Time interval, sec.")
        .set_value_accesskit(120.0);
    h.run();
    assert_eq!(h.state().settings().reporting.save_interval_seconds, 120);
    changed(&mut h, "time interval");
    click(&mut h, "Debugging: Yes");
    assert!(h.state().settings().reporting.debug);
    changed(&mut h, "debugging");
    // 7. Manifest identifiers: Regenerate, then Custom
    click(&mut h, "Regenerate");
    assert_eq!(h.state().settings().manifest_ids.salt, "salt-1");
    changed(&mut h, "regenerated ids");
    choose(&mut h, "Manifest IDs", "Custom");
    assert_eq!(h.state().settings().manifest_ids.mode, IdMode::Custom);
    set_text(&mut h, "Identifier", "MY-COURSE");
    assert!(preview_fingerprint(h.state()).contains("identifier=\"MY-COURSE\""));
    changed(&mut h, "custom identifier");
    // The export name feeds the derived ids and the preset.
    assert_eq!(h.state().settings().export_name, "Every setting");
}

#[test]
fn inapplicable_status_formats_are_disabled_with_the_reason() {
    let env = env();
    let mut h = harness(&env);
    open_export_window(&mut h, None);
    assert_eq!(
        h.state().settings().completion_tracking.mode,
        TrackingMode::CourseCompletion
    );
    click_role(&mut h, Role::ComboBox, "Status format");
    for f in [StatusFormat::PassedFailed, StatusFormat::CompletedFailed] {
        let node = h.get_by_label(f.label());
        assert!(
            node.accesskit_node().is_disabled(),
            "{f:?} should be disabled"
        );
    }
    for f in [
        StatusFormat::PassedIncomplete,
        StatusFormat::CompletedIncomplete,
    ] {
        // The current choice also names the combo box; take the option in the list.
        let enabled = h
            .query_all_by_label(f.label())
            .any(|n| !n.accesskit_node().is_disabled());
        assert!(enabled, "{f:?} should be enabled");
    }
    // Clicking a disabled option changes nothing.
    h.get_by_label(StatusFormat::PassedFailed.label()).click();
    h.run();
    assert_eq!(
        h.state().settings().reporting.status_format,
        StatusFormat::PassedIncomplete
    );
}

#[test]
fn status_table_comes_from_the_engine_table() {
    let env = env();
    let mut h = harness(&env);
    open_export_window(&mut h, None);
    // SCORM 2004, Passed / In progress: the start row sends incomplete + unknown.
    assert!(h.query_by_label("cmi.completion_status").is_some());
    assert!(h.query_by_label("cmi.success_status").is_some());
    choose(&mut h, "SCORM version", "SCORM 1.2");
    assert!(h.query_by_label("cmi.core.lesson_status").is_some());
    assert!(h.query_by_label("cmi.completion_status").is_none());
}

#[test]
fn a_bad_custom_id_shows_its_error_and_blocks_export() {
    let env = env();
    let mut h = harness(&env);
    open_export_window(&mut h, Some("Bad id"));
    choose(&mut h, "Manifest IDs", "Custom");
    set_text(&mut h, "Organization ID", "1 bad id");
    assert!(
        h.query_by_label_contains("must start with a letter")
            .is_some(),
        "the reason is shown as you type"
    );
    let out = env.tmp.path().join("out/bad.zip");
    set_text(&mut h, "Save to", &out.display().to_string());
    click(&mut h, "Export package");
    assert!(!h.state().is_exporting(), "no export started");
    assert!(
        h.query_by_label_contains("Fix 1 problem(s) to export")
            .is_some()
    );
    assert!(!out.exists());
    assert!(h.state().history().runs.is_empty());
}

#[test]
fn export_from_the_ui_passes_the_self_check_and_fills_history_and_archive() {
    let env = env();
    let mut h = harness(&env);
    open_export_window(&mut h, Some("Moodle"));
    choose(&mut h, "SCORM version", "SCORM 1.2");
    let out = env.tmp.path().join("exports/workplace.zip");
    set_text(&mut h, "Save to", &out.display().to_string());
    h.get_by_label("Export package").click();
    h.step();
    step_until(&mut h, 120, |a| !a.is_exporting());
    match h.state().last_outcome() {
        Some(Outcome::Success { packages, .. }) => {
            assert_eq!(packages.len(), 1);
            assert_eq!(packages[0].0, out);
            assert!(packages[0].2.ok(), "{:?}", packages[0].2.problems);
        }
        other => panic!("export failed: {other:?}"),
    }
    let report = check_package(&out);
    assert!(report.ok(), "{:?}", report.problems);
    assert_eq!(report.schema_version.as_deref(), Some("1.2"));
    assert!(h.query_by_label("Open folder").is_some());
    assert!(h.query_by_label_contains("self-check passed").is_some());
    assert!(
        h.query_by_label_contains("no export yet").is_none(),
        "the destination note is stale after the export"
    );
    let app = h.state();
    assert_eq!(app.history().runs.len(), 1);
    assert_eq!(app.history().runs[0].export_name, "Moodle");
    assert_eq!(app.history().runs[0].outputs, vec![out.clone()]);
    assert_eq!(app.archive_entries().len(), 1);
    assert_eq!(app.archive_entries()[0].export_name, "Moodle");
    assert!(
        app.presets().get("Moodle").is_some(),
        "export saves the preset"
    );
    assert_eq!(app.persisted().last_export_folder.as_deref(), out.parent());
}

#[test]
fn a_preset_saved_in_one_instance_is_there_in_the_next() {
    let env = env();
    {
        let mut h = harness(&env);
        open_export_window(&mut h, Some("Cornerstone"));
        choose(&mut h, "SCORM version", "SCORM 2004 3rd Edition");
        click(&mut h, "Debugging: Yes");
        h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
        h.run();
        assert!(h.state().presets().get("Cornerstone").is_some());
    }
    let mut h = harness(&env);
    let p = h
        .state()
        .presets()
        .get("Cornerstone")
        .cloned()
        .expect("the preset survives a restart");
    assert_eq!(p.settings.scorm_version, ScormVersion::Scorm2004_3rd);
    assert!(p.settings.reporting.debug);
    // It is listed, and Load brings its settings back.
    assert!(h.query_by_label("Cornerstone").is_some());
    click(&mut h, "Load");
    assert_eq!(
        h.state().settings().scorm_version,
        ScormVersion::Scorm2004_3rd
    );
    assert!(h.state().settings().reporting.debug);
    assert!(h.state().export_window().is_some());
}

#[test]
fn history_reopen_restores_the_settings_exactly() {
    let env = env();
    let mut h = harness(&env);
    open_export_window(&mut h, Some("Reopen me"));
    choose(&mut h, "SCORM version", "SCORM 1.2");
    click(&mut h, "Debugging: Yes");
    click_role(&mut h, Role::CheckBox, "Spotting hazards");
    let out = env.tmp.path().join("reopen.zip");
    set_text(&mut h, "Save to", &out.display().to_string());
    h.get_by_label("Export package").click();
    h.step();
    step_until(&mut h, 120, |a| !a.is_exporting());
    let exported = h.state().history().runs[0].settings.clone();
    assert!(h.state().history().runs[0].succeeded());

    // Change everything back, close, then reopen from History.
    choose(&mut h, "SCORM version", "SCORM 2004 4th Edition");
    click(&mut h, "Debugging: No");
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(
        h.state().export_window().is_none(),
        "Esc closes the export window"
    );
    assert_ne!(h.state().settings(), &exported);
    click(&mut h, "History");
    assert_eq!(h.state().persisted().last_tab, Tab::History);
    click(&mut h, "Reopen");
    assert_eq!(h.state().settings(), &exported);
    let w = h.state().export_window().expect("window open");
    assert_eq!(w.destination(), out.display().to_string());
}

#[test]
fn cancelling_an_export_leaves_no_file() {
    let env = env();
    // A course with a big file, so the export is still running when Cancel arrives.
    let course = env.tmp.path().join("big-course");
    std::fs::create_dir_all(course.join("sections")).unwrap();
    std::fs::create_dir_all(course.join("media")).unwrap();
    std::fs::write(
        course.join("course.json"),
        r#"{"title":"Big","language":"en","sections":[{"id":"a","title":"A","file":"sections/a.md"}]}"#,
    )
    .unwrap();
    std::fs::write(
        course.join("sections/a.md"),
        "# A\n\n[data](../media/big.bin)\n",
    )
    .unwrap();
    let f = std::fs::File::create(course.join("media/big.bin")).unwrap();
    f.set_len(256 * 1024 * 1024).unwrap();
    let app = app_with(&env, &course, Arc::new(NoDialogs), Persisted::default());
    let mut h = harness_for(app, (1280.0, 800.0));
    open_export_window(&mut h, Some("Cancel me"));
    let out_dir = env.tmp.path().join("cancelled");
    std::fs::create_dir_all(&out_dir).unwrap();
    let out = out_dir.join("big.zip");
    set_text(&mut h, "Save to", &out.display().to_string());
    h.get_by_label("Export package").click();
    h.step();
    h.step();
    assert!(h.state().is_exporting(), "the export is running");
    h.get_by_label("Cancel").click();
    h.step();
    step_until(&mut h, 120, |a| !a.is_exporting());
    match h.state().last_outcome() {
        Some(Outcome::Cancelled) => {}
        other => panic!("expected a cancelled export, got {other:?}"),
    }
    assert!(h.query_by_label("The export was cancelled").is_some());
    let left: Vec<_> = std::fs::read_dir(&out_dir).unwrap().flatten().collect();
    assert!(left.is_empty(), "files left behind: {left:?}");
    assert!(h.state().archive_entries().is_empty());
    assert_eq!(h.state().history().runs.len(), 1);
    assert!(!h.state().history().runs[0].succeeded());
}

#[test]
fn content_refuses_to_drop_the_final_quiz_or_everything() {
    let env = env();
    let mut h = harness(&env);
    open_export_window(&mut h, None);
    choose(&mut h, "Track progress and completion", "Quiz results");
    let quiz = h
        .state()
        .settings()
        .completion_tracking
        .final_quiz
        .clone()
        .expect("a final quiz is chosen");
    let title = h
        .state()
        .course()
        .and_then(|c| c.section(&quiz).map(|s| s.title.clone()))
        .unwrap();
    click_role(&mut h, Role::CheckBox, &title);
    assert!(
        h.state().settings().includes(&quiz),
        "the final quiz stays published"
    );
    assert!(
        h.state()
            .export_window()
            .is_some_and(|w| w.content_refusal().is_some()),
        "the untick was refused"
    );
    assert!(h.query_by_label_contains("is the final quiz").is_some());
}

#[test]
fn open_course_without_a_dialog_offers_a_path_field() {
    let env = env();
    let mut h = harness(&env);
    h.get_by_label("Open course…").click();
    h.step();
    step_until(&mut h, 10, |a| !a.dialog_pending());
    assert!(
        h.state().course_path_field().is_some(),
        "never a silent no-op"
    );
    set_text(&mut h, "Course folder", "/nonexistent/course");
    click(&mut h, "Open");
    assert!(h.state().course_error().is_some(), "the problem is shown");
    assert!(
        h.state().course().is_some(),
        "the previous course stays open"
    );
}

#[test]
fn keyboard_ctrl_e_opens_and_exports_ctrl_s_saves_esc_closes() {
    let env = env();
    let mut h = harness(&env);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::E);
    h.run();
    assert!(
        h.state().export_window().is_some(),
        "Ctrl+E opens the export window"
    );
    click(&mut h, "Continue");
    let out = env.tmp.path().join("keys.zip");
    set_text(&mut h, "Save to", &out.display().to_string());
    // Leave the text field, so the shortcut goes to the window.
    h.key_press(egui::Key::Tab);
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::E);
    h.step();
    step_until(&mut h, 120, |a| !a.is_exporting());
    assert!(matches!(
        h.state().last_outcome(),
        Some(Outcome::Success { .. })
    ));
    assert!(out.is_file());
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run();
    assert!(h.state().presets().get("Default").is_some());
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(h.state().export_window().is_none());
}

#[test]
fn history_filters_by_name_and_archive_deletes_after_asking() {
    let env = env();
    let mut h = harness(&env);
    for (name, file) in [("Moodle", "a.zip"), ("Cornerstone", "b.zip")] {
        open_export_window(&mut h, Some(name));
        let out = env.tmp.path().join(file);
        set_text(&mut h, "Save to", &out.display().to_string());
        h.get_by_label("Export package").click();
        h.step();
        step_until(&mut h, 120, |a| !a.is_exporting());
        h.key_press(egui::Key::Escape);
        h.run();
    }
    click(&mut h, "History");
    assert_eq!(h.query_all_by_label("Reopen").count(), 2);
    set_text(&mut h, "Filter by name", "corner");
    assert_eq!(h.query_all_by_label("Reopen").count(), 1);
    assert!(h.query_by_label("Cornerstone").is_some());
    assert!(h.query_by_label("Moodle").is_none());

    click(&mut h, "Archive");
    assert_eq!(h.state().archive_entries().len(), 2);
    h.get_all_by_label("Check package").next().unwrap().click();
    h.run();
    assert!(h.query_by_label_contains("passed the self-check").is_some());
    click(&mut h, "Close");
    h.get_all_by_label("Delete").next().unwrap().click();
    h.run();
    assert!(
        h.query_by_label_contains("from the archive?").is_some(),
        "asks first"
    );
    click(&mut h, "Keep");
    assert_eq!(h.state().archive_entries().len(), 2);
    h.get_all_by_label("Delete").next().unwrap().click();
    h.run();
    // The confirmation's own Delete button is the last one drawn.
    h.get_all_by_label("Delete").last().unwrap().click();
    h.run();
    assert_eq!(h.state().archive_entries().len(), 1);
}

/// The topmost layer where `option` (an entry of an open list) is drawn.
fn layer_under(h: &egui_kittest::Harness<'_, App>, option: &str) -> egui::LayerId {
    let node = h
        .query_all_by_label(option)
        // List entries are selectable buttons (a link or label may carry the same text).
        .find(|n| n.accesskit_node().role() == Role::Button)
        .unwrap_or_else(|| panic!("{option:?} is not drawn"));
    let at = node.rect().center();
    h.ctx
        .layer_id_at(at)
        .unwrap_or_else(|| panic!("no layer at {at:?}"))
}

/// A click as a real mouse makes it: move, press in one frame, release in a later one (egui
/// raises the layer under a press before the release opens anything).
fn mouse_click(h: &mut egui_kittest::Harness<'_, App>, role: Role, label: &str) {
    h.get_by_role_and_label(role, label).scroll_to_me();
    h.run();
    let pos = h.get_by_role_and_label(role, label).rect().center();
    h.event(egui::Event::PointerMoved(pos));
    h.run();
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        });
        h.run();
    }
}

/// Every combo box of the Export window, opened again after a click inside the window, draws its
/// list on top (the topmost layer at an option is the list's), and Esc closes the list, not the
/// window. A real window showed lists opening *behind* the window after such a click; kittest's
/// synthetic events never reproduced that, so `tests/studio-smoke.sh` checks it with xdotool and
/// the pixels drawn.
#[test]
fn every_list_opens_above_the_export_window_after_a_click_inside_it() {
    let env = env();
    let mut h = harness(&env);
    // A preset, so that *Load preset* is there too.
    open_export_window(&mut h, Some("Moodle"));
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run();
    let combos = [
        ("SCORM version", "SCORM 1.2"),
        ("Track progress and completion", "Quiz results"),
        ("Status format", "Passed / Failed"),
        ("Manifest IDs", "Custom"),
        ("Load preset", "Moodle"),
    ];
    for (combo, option) in combos {
        // As the designer did: pick an option, click inside the window (a radio button), then
        // open the same list again.
        choose(&mut h, combo, option);
        mouse_click(&mut h, Role::RadioButton, "Extended analytics: Yes");
        mouse_click(&mut h, Role::ComboBox, combo);
        let window = h.ctx.layer_id_at(
            h.get_by_role_and_label(Role::ComboBox, combo)
                .rect()
                .center(),
        );
        let list = layer_under(&h, option);
        assert_ne!(
            Some(list),
            window,
            "{combo}: its list is drawn behind the window"
        );
        // Close it again (Esc closes the list, not the window).
        h.key_press(egui::Key::Escape);
        h.run();
        assert!(
            h.state().export_window().is_some(),
            "Esc closed the window, not the list"
        );
    }
}

/// A new export name starts from the defaults, not from what another preset left on screen; a
/// preset's custom ids on another course are not used until confirmed for that course.
#[test]
fn a_new_export_never_inherits_another_presets_custom_ids() {
    let env = env();
    let mut h = harness(&env);
    open_export_window(&mut h, Some("Moodle"));
    choose(&mut h, "Manifest IDs", "Custom");
    set_text(&mut h, "Identifier", "course_1");
    set_text(&mut h, "Organization ID", "org_1");
    set_text(&mut h, "Item ID", "item_1");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run();
    click(&mut h, "Close");
    assert!(h.state().export_window().is_none());

    // A new name: the defaults, said on screen.
    h.get_by_label("SCORM (Single export)").click();
    h.run();
    set_text(&mut h, "Export name", "Cornerstone");
    assert!(
        h.query_by_label_contains("it starts from the default settings")
            .is_some()
    );
    click(&mut h, "Continue");
    let mut want = course_export::engine::ExportSettings::default();
    want.export_name = "Cornerstone".into();
    want.completion_tracking.final_quiz =
        h.state().settings().completion_tracking.final_quiz.clone();
    assert_eq!(h.state().settings(), &want);
    click(&mut h, "Close");

    // The Moodle preset on another course: its ids are a problem until confirmed.
    let other = env.tmp.path().join("other-course");
    common_small_course(&other);
    let app = app_with(&env, &other, Arc::new(NoDialogs), Persisted::default());
    let mut h = harness_for(app, (1280.0, 800.0));
    h.get_by_label("SCORM (Single export)").click();
    h.run();
    set_text(&mut h, "Export name", "Moodle");
    click(&mut h, "Continue");
    assert_eq!(h.state().settings().manifest_ids.identifier, "course_1");
    assert!(
        h.query_by_label_contains("would replace that course in the LMS")
            .is_some(),
        "the problem is said where the ids are"
    );
    click(&mut h, "Export package");
    assert!(
        !h.state().is_exporting(),
        "exported with another course's ids"
    );
    click(&mut h, "Use these ids for “Other course”");
    assert!(
        h.query_by_label_contains("would replace that course")
            .is_none()
    );
}

/// A course titled "Other course".
fn common_small_course(dir: &std::path::Path) {
    std::fs::create_dir_all(dir.join("sections")).unwrap();
    std::fs::write(
        dir.join("course.json"),
        r#"{"title": "Other course", "language": "en", "sections": [
            {"id": "a", "title": "A", "file": "sections/a.md"}]}"#,
    )
    .unwrap();
    std::fs::write(dir.join("sections/a.md"), "# A\n").unwrap();
}

/// A minimal HTTP exchange with the test LMS (what its page does).
fn http(url: &str, method: &str, path: &str, body: &str) -> String {
    use std::io::{Read as _, Write as _};
    let hostport = url.trim_start_matches("http://").trim_end_matches('/');
    let mut s = std::net::TcpStream::connect(hostport).unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: {hostport}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut raw = String::new();
    s.read_to_string(&mut raw).unwrap();
    raw.split_once("\r\n\r\n")
        .map(|x| x.1.to_owned())
        .unwrap_or_default()
}

/// Try in LMS after an export: the test LMS serves the package, the studio shows the live
/// outcome as the page reports it (state, expectation, calls, errors), and Stop ends it.
#[test]
fn try_in_lms_after_an_export_shows_the_live_outcome_and_stops() {
    let env = env();
    let mut h = harness(&env);
    open_export_window(&mut h, Some("Try me"));
    choose(&mut h, "SCORM version", "SCORM 1.2");
    let out = env.tmp.path().join("out/try-me.zip");
    set_text(&mut h, "Save to", &out.display().to_string());
    h.get_by_label("Export package").click();
    h.step();
    step_until(&mut h, 120, |a| !a.is_exporting());
    assert!(out.is_file());
    // While the test LMS runs the studio looks again twice a second: step, not run.
    h.get_by_label("Try in LMS").click();
    h.run_steps(4);
    let url = h.state().try_url().expect("the test LMS runs").to_owned();
    assert_eq!(h.state().try_package(), Some(out.as_path()));
    assert!(h.state().export_window().is_none());
    assert!(h.query_by_label(&url).is_some(), "the address is shown");
    assert!(
        h.query_by_label_contains("The browser could not be opened")
            .is_some(),
        "no browser in tests: the panel says to open the address by hand"
    );
    assert!(h.query_by_label_contains("nothing yet").is_some());

    // The page reports a commit with one failing call.
    let cfg: serde_json::Value =
        serde_json::from_str(&http(&url, "GET", "/lms/config.json", "")).unwrap();
    let token = cfg["token"].as_str().unwrap();
    let patch = serde_json::json!({"seq": 1, "gen": 0, "reason": "commit",
    "reached": {"lesson_status": "incomplete"},
    "attempts": [{"number": 1, "cmi": {}, "sessions": [{"sco": "ITEM", "entry": "ab-initio",
        "exit": "", "terminated": false, "calls_from": 0, "calls": [
        {"method": "LMSInitialize", "args": [""], "result": "true", "error": "0", "t_ms": 1},
        {"method": "LMSSetValue", "args": ["cmi.core.lesson_status", "done"],
         "result": "false", "error": "405", "diagnostic": "not a vocabulary value", "t_ms": 2}
    ]}]}]});
    http(
        &url,
        "POST",
        &format!("/lms/record?token={token}"),
        &patch.to_string(),
    );
    h.run_steps(2);
    assert!(
        h.query_by_label_contains("lesson_status: incomplete")
            .is_some()
    );
    assert!(h.query_by_label_contains("1 error(s)").is_some());
    assert!(h.query_by_label_contains("error 405").is_some());
    assert!(
        h.query_by_label_contains("not reached yet").is_some(),
        "the status table's expectation is shown"
    );
    h.get_by_label("Stop").click();
    h.run_steps(2);
    assert!(h.state().try_url().is_none());
    // The server's accept thread ends just after Stop returns: allow it a moment.
    let addr = url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();
    let stopped = (0..40).any(|_| {
        std::thread::sleep(std::time::Duration::from_millis(50));
        std::net::TcpStream::connect(&addr).is_err()
    });
    assert!(stopped, "still serving 2 s after Stop");
    // The run's record stays in the data folder.
    let tries: Vec<_> = std::fs::read_dir(env.dirs.data.join("tries"))
        .unwrap()
        .collect();
    assert_eq!(tries.len(), 1);
}

/// Try a package… without a file dialog offers a path field; a missing file is said.
#[test]
fn try_a_package_without_a_dialog_offers_a_path_field() {
    let env = env();
    let mut h = harness(&env);
    click(&mut h, "Try a package…");
    step_until(&mut h, 10, |a| !a.dialog_pending());
    set_text(&mut h, "Package to try", "/no/such/package.zip");
    click(&mut h, "Try");
    assert!(h.state().try_url().is_none());
    assert!(
        h.query_by_label_contains("There is no package at /no/such/package.zip")
            .is_some()
    );
}

/// Names: a 300-character export name is stopped in the name step; the default file keeps the
/// title readable and legal everywhere; the per-section preview names the files really written;
/// replacing an existing package asks, and Keep both writes beside it.
#[test]
fn names_are_bounded_files_readable_and_replacing_asks() {
    let env = env();
    let course_dir = env.tmp.path().join("lab");
    std::fs::create_dir_all(course_dir.join("sections")).unwrap();
    std::fs::write(
        course_dir.join("course.json"),
        r#"{"title": "Lab Safety <Basics> & \"Spills\"", "language": "en", "sections": [
            {"id": "intro", "title": "Intro", "file": "sections/a.md"},
            {"id": "end", "title": "End", "file": "sections/b.md"}]}"#,
    )
    .unwrap();
    std::fs::write(course_dir.join("sections/a.md"), "# A\n").unwrap();
    std::fs::write(course_dir.join("sections/b.md"), "# B\n").unwrap();
    let app = app_with(&env, &course_dir, Arc::new(NoDialogs), Persisted::default());
    let mut h = harness_for(app, (1280.0, 800.0));
    h.get_by_label("SCORM (Multi export)").click();
    h.run();
    set_text(&mut h, "Export name", &"n".repeat(300));
    click(&mut h, "Continue");
    assert!(
        h.query_by_label_contains("300 characters; use at most 80")
            .is_some()
    );
    set_text(&mut h, "Export name", "LMS");
    click(&mut h, "Continue");
    // Beside the course, said on screen, with a readable name.
    let dest = h.state().export_window().unwrap().destination().to_owned();
    assert_eq!(
        dest,
        env.tmp
            .path()
            .join("Lab Safety (Basics) & 'Spills' - LMS.zip")
            .display()
            .to_string()
    );
    assert!(
        h.query_by_label_contains("beside the course folder")
            .is_some()
    );
    // Per section: the preview names the files the export writes.
    choose(&mut h, "Packages", "One package per section");
    let shown = h
        .get_by_role_and_label(Role::ComboBox, "Package")
        .accesskit_node()
        .value()
        .unwrap_or_default();
    assert_eq!(
        shown, "Lab Safety (Basics) & 'Spills' - LMS-intro.zip",
        "the per-section preview shows the real file name"
    );
    choose(&mut h, "Packages", "One package, one SCO per section");

    // A file is already there: the export asks; Keep both writes "(2)" beside it.
    std::fs::write(&dest, b"another course's package").unwrap();
    h.get_by_label("Export package").click();
    h.run();
    assert!(!h.state().is_exporting(), "replaced without asking");
    assert!(h.query_all_by_label_contains("Replace Lab Safety").count() > 0);
    h.get_by_label("Keep both").click();
    h.step();
    step_until(&mut h, 120, |a| !a.is_exporting());
    assert_eq!(std::fs::read(&dest).unwrap(), b"another course's package");
    let second = env
        .tmp
        .path()
        .join("Lab Safety (Basics) & 'Spills' - LMS (2).zip");
    assert!(second.is_file(), "Keep both wrote {}", second.display());
    // Again to the same file: Replace replaces.
    set_text(&mut h, "Save to", &dest);
    h.get_by_label("Export package").click();
    h.run();
    h.get_by_label("Replace").click();
    h.step();
    step_until(&mut h, 120, |a| !a.is_exporting());
    assert_ne!(std::fs::read(&dest).unwrap(), b"another course's package");
}

/// With quiz tracking the pass mark is a value in the group, with where it is set; a 0 %
/// completion threshold is warned.
#[test]
fn the_pass_mark_is_shown_and_a_zero_threshold_warned() {
    let env = env();
    let mut h = harness(&env);
    open_export_window(&mut h, Some("Marks"));
    h.get_by_role_and_label(Role::SpinButton, "Course pass threshold value (%)")
        .set_value_accesskit(0.0);
    h.run();
    // Beside the threshold, and among the preview's warnings.
    assert_eq!(
        h.query_all_by_label_contains("complete as soon as a learner opens it")
            .count(),
        2
    );
    choose(&mut h, "Track progress and completion", "Quiz results");
    assert!(h.query_by_label("Pass mark").is_some());
    assert!(h.query_by_label("80 %").is_some());
    assert!(
        h.query_by_label_contains("pass_threshold_percent")
            .is_some()
    );
}

/// Esc over a typed name asks first; feedback of Ctrl+S appears in the Export window (on its
/// layer), not behind the dimmed background.
#[test]
fn esc_keeps_a_typed_name_and_feedback_shows_in_the_window() {
    let env = env();
    let mut h = harness(&env);
    h.get_by_label("SCORM (Single export)").click();
    h.run();
    set_text(&mut h, "Export name", "Typed with care");
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(
        h.state().export_window().is_some(),
        "one Esc threw the name away"
    );
    assert!(h.query_by_label_contains("Esc again closes").is_some());
    click(&mut h, "Continue");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run();
    let saved = h.get_by_label_contains("“Typed with care” saved");
    let window = h.ctx.layer_id_at(
        h.get_by_role_and_label(Role::ComboBox, "SCORM version")
            .rect()
            .center(),
    );
    assert_eq!(h.ctx.layer_id_at(saved.rect().center()), window);
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(h.state().export_window().is_none());
}

/// A preset with a very long name (saved before names were limited) is cut with an ellipsis:
/// every row's actions stay on screen, at the minimum window size too, and it can be deleted.
#[test]
fn a_long_preset_name_never_pushes_the_actions_off_screen() {
    let env = env();
    let clock = course_export::engine::clock::FixedClock(NOW);
    let (mut presets, _) = course_export::engine::store::Presets::load(&env.dirs.config, &clock);
    for name in ["x".repeat(300), "Moodle".to_owned()] {
        let mut s = course_export::engine::ExportSettings::default();
        s.export_name = name;
        presets.save_preset(&s, &clock).unwrap();
    }
    for size in [(1280.0, 800.0), (1024.0, 640.0)] {
        let mut h = harness_for(app(&env), size);
        h.run();
        let screen = h.ctx.content_rect();
        assert_eq!(h.query_all_by_label("Delete").count(), 2);
        for i in 0..2 {
            // Reachable: scrolled to, it is inside the window.
            h.query_all_by_label("Delete")
                .nth(i)
                .unwrap()
                .scroll_to_me();
            h.run();
            let r = h.query_all_by_label("Delete").nth(i).unwrap().rect();
            assert!(
                screen.contains_rect(r),
                "Delete at {r:?} is outside the {size:?} window"
            );
        }
    }
}

/// Tab in the header follows the reading order (left to right), though the buttons sit on the
/// right; the first Tab from the top lands on the first of them.
#[test]
fn tab_in_the_header_runs_left_to_right() {
    let env = env();
    let mut h = harness(&env);
    let order = ["Open course…", "Try a package…", "Dark theme"];
    let mut seen = Vec::new();
    for _ in 0..12 {
        if seen.len() == order.len() {
            break;
        }
        h.key_press(egui::Key::Tab);
        h.run();
        for name in order {
            if h.query_by_label(name).is_some_and(|n| n.is_focused()) && seen.last() != Some(&name)
            {
                seen.push(name);
            }
        }
    }
    assert_eq!(seen, order, "Tab visited the header buttons in this order");
}

/// Below the minimum window size every control stays reachable: the header's buttons wrap
/// under the title, History and Archive scroll sideways to their actions.
#[test]
fn at_640x480_every_control_is_reachable() {
    let env = env();
    let mut h = harness_for(app(&env), (640.0, 480.0));
    h.run();
    let screen = h.ctx.content_rect();
    for name in ["Open course…", "Try a package…", "Dark theme"] {
        let r = h.get_by_label(name).rect();
        assert!(screen.contains_rect(r), "{name} at {r:?}");
    }
    // One export, so History and Archive have a row with actions.
    open_export_window(&mut h, Some("Small"));
    set_text(
        &mut h,
        "Save to",
        &env.tmp.path().join("s.zip").display().to_string(),
    );
    h.get_by_label("Export package").click();
    h.step();
    step_until(&mut h, 120, |a| !a.is_exporting());
    assert!(
        screen.contains_rect(h.get_by_label("Export package").rect()),
        "Export is clipped at 640x480"
    );
    click(&mut h, "Close");
    for (tab, actions) in [
        ("Archive", &["Try in LMS", "Check package", "Delete"][..]),
        ("History", &["Reopen", "Export again", "Try in LMS"][..]),
    ] {
        click(&mut h, tab);
        for a in actions {
            h.get_by_label(a).scroll_to_me();
            h.run();
            let r = h.get_by_label(a).rect();
            assert!(
                screen.contains_rect(r),
                "{tab}: {a} at {r:?} cannot be reached"
            );
        }
    }
}

/// What the designer should know before the upload is on screen: the preview lists the plan's
/// warnings (here the player has no words in Italian), and the result lists what only the
/// export found out (a video ffmpeg could not take a poster frame from).
#[test]
fn warnings_are_shown_before_and_after_the_export() {
    let env = env();
    let course = env.tmp.path().join("course");
    common::write_course(
        &course,
        r#"{"title": "Sicurezza", "language": "it", "sections": [
            {"id": "a", "title": "Guardare", "file": "a.md"}]}"#,
        &[
            ("a.md", b"Prima.\n\n![Il video](media/giro.mp4)\n"),
            // Not a video ffmpeg can read: the export goes on without a poster and says so.
            ("media/giro.mp4", &[0x42u8; 4_000]),
        ],
    );
    let app = app_with(&env, &course, Arc::new(NoDialogs), Persisted::default());
    let mut h = harness_for(app, (1280.0, 800.0));
    open_export_window(&mut h, Some("Italiano"));
    h.run();
    assert!(
        h.query_by_label_contains("the player has no words in the course language “it”")
            .is_some(),
        "the preview shows the language warning"
    );
    let out = env.tmp.path().join("it.zip");
    set_text(&mut h, "Save to", &out.display().to_string());
    h.get_by_label("Export package").click();
    h.step();
    step_until(&mut h, 120, |a| !a.is_exporting());
    h.run();
    assert!(out.exists(), "{:?}", h.state().last_outcome());
    assert!(
        h.query_by_label_contains("media/giro.mp4 gets no poster")
            .is_some(),
        "the result shows the poster warning: {:?}",
        h.state().last_outcome()
    );
}

/// The name step opens with the proposed name selected: what the designer types replaces it
/// (in a real window "Moodle" typed at once became "DefaultMoodle").
#[test]
fn typing_a_name_at_once_replaces_the_proposed_one() {
    let env = env();
    let mut h = harness(&env);
    h.get_by_label("SCORM (Single export)").click();
    h.run();
    let proposed = h
        .state()
        .export_window()
        .map(|w| w.name_input().to_owned())
        .unwrap();
    assert!(!proposed.is_empty(), "a name is proposed");
    // Keys go to the focused field, as a user's would (no click, no Ctrl+A).
    h.event(egui::Event::Text("Moodle".into()));
    h.run();
    assert_eq!(
        h.state().export_window().map(|w| w.name_input().to_owned()),
        Some("Moodle".to_owned())
    );
}

/// Sections that share an image count it once in "… of media" (10,000 sections sharing 50
/// images were said to carry 301 MB; the package holds 1.5 MB of them).
#[test]
fn shared_media_is_counted_once_in_the_content_group() {
    let env = env();
    let course = env.tmp.path().join("shared");
    common::sections_course(&course, "Shared", 3, |i| {
        format!("Text {i}\n\n![Pic](media/pic.png)\n")
    });
    std::fs::create_dir_all(course.join("media")).unwrap();
    std::fs::write(course.join("media/pic.png"), vec![0u8; 3_000]).unwrap();
    let app = app_with(&env, &course, Arc::new(NoDialogs), Persisted::default());
    let mut h = harness_for(app, (1280.0, 800.0));
    open_export_window(&mut h, Some("Shared"));
    assert!(
        h.query_by_label("3 of 3 sections published · 3.0 KB of media")
            .is_some(),
        "the file is counted once"
    );
}
