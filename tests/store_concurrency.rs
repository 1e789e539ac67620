//! Two studio windows share presets.json and history.json: no entry is ever lost, and two
//! corrupt files handled in the same second are both kept.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may fail loudly

use std::path::PathBuf;

use course_export::engine::clock::FixedClock;
use course_export::engine::settings::ExportSettings;
use course_export::engine::store::{History, HistoryEntry, Presets};

const PER_WINDOW: usize = 25;

#[test]
fn two_windows_saving_presets_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let clock = FixedClock(1_700_000_000);
    // Both windows load the (empty) file first, as two studios started together do.
    let windows: Vec<Presets> = (0..2)
        .map(|_| Presets::load(dir.path(), &clock).0)
        .collect();
    std::thread::scope(|s| {
        for (w, mut presets) in windows.into_iter().enumerate() {
            let clock = &clock;
            s.spawn(move || {
                for i in 0..PER_WINDOW {
                    let mut settings = ExportSettings::default();
                    settings.export_name = format!("window {w} preset {i}");
                    presets.save_preset(&settings, clock).unwrap();
                }
            });
        }
    });
    let (presets, notice) = Presets::load(dir.path(), &clock);
    assert!(notice.is_none());
    assert_eq!(presets.items.len(), 2 * PER_WINDOW, "{:?}", presets.names());
}

#[test]
fn a_window_with_a_stale_list_does_not_undo_another_windows_changes() {
    let dir = tempfile::tempdir().unwrap();
    let clock = FixedClock(1_700_000_000);
    let (mut a, _) = Presets::load(dir.path(), &clock);
    let (mut b, _) = Presets::load(dir.path(), &clock);
    let mut s = ExportSettings::default();
    s.export_name = "Moodle".into();
    a.save_preset(&s, &clock).unwrap();
    s.export_name = "Canvas".into();
    b.save_preset(&s, &clock).unwrap();
    // b never saw "Moodle", yet it sees it now, and renaming it in a keeps b's "Canvas".
    assert_eq!(b.names(), vec!["Canvas".to_owned(), "Moodle".to_owned()]);
    a.rename("Moodle", "Moodle 4", &clock).unwrap();
    assert_eq!(a.names(), vec!["Canvas".to_owned(), "Moodle 4".to_owned()]);
    b.delete("Canvas").unwrap();
    let (fresh, _) = Presets::load(dir.path(), &clock);
    assert_eq!(fresh.names(), vec!["Moodle 4".to_owned()]);
}

fn entry(w: usize, i: usize) -> HistoryEntry {
    HistoryEntry {
        at: 1_700_000_000 + i as u64,
        export_name: format!("window {w} run {i}"),
        course_title: "T".into(),
        course_dir: PathBuf::from("/c"),
        outputs: vec![],
        size: 1,
        duration_ms: 1,
        error: None,
        settings: ExportSettings::default(),
        destination: None,
        outcome: None,
    }
}

#[test]
fn two_windows_recording_history_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let clock = FixedClock(1_700_000_000);
    let windows: Vec<History> = (0..2)
        .map(|_| History::load(dir.path(), &clock).0)
        .collect();
    std::thread::scope(|s| {
        for (w, mut history) in windows.into_iter().enumerate() {
            s.spawn(move || {
                for i in 0..PER_WINDOW {
                    history.record(entry(w, i)).unwrap();
                }
            });
        }
    });
    let (history, _) = History::load(dir.path(), &clock);
    assert_eq!(history.runs.len(), 2 * PER_WINDOW);
}

#[test]
fn two_corrupt_files_in_the_same_second_are_both_kept() {
    let dir = tempfile::tempdir().unwrap();
    let clock = FixedClock(42);
    let file = dir.path().join("presets.json");
    std::fs::write(&file, "{ first").unwrap();
    let (_, n1) = Presets::load(dir.path(), &clock);
    std::fs::write(&file, "{ second").unwrap();
    let (_, n2) = Presets::load(dir.path(), &clock);
    let (n1, n2) = (n1.unwrap(), n2.unwrap());
    assert_ne!(n1, n2);
    let mut kept: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".corrupt-42"))
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .collect();
    kept.sort();
    assert_eq!(kept, vec!["{ first".to_owned(), "{ second".to_owned()]);
    assert!(n2.contains("nothing was overwritten"), "{n2}");
}

#[test]
fn a_byte_order_mark_in_presets_is_read_not_moved_aside() {
    let dir = tempfile::tempdir().unwrap();
    let clock = FixedClock(42);
    std::fs::write(
        dir.path().join("presets.json"),
        "\u{feff}{\"version\":1,\"presets\":[]}",
    )
    .unwrap();
    let (_, notice) = Presets::load(dir.path(), &clock);
    assert!(notice.is_none(), "{notice:?}");
}
