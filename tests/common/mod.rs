//! Helpers shared by the integration tests.
#![allow(clippy::unwrap_used, clippy::expect_used)]
#![allow(dead_code)]

use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn sample_course() -> PathBuf {
    repo().join("assets/sample-course")
}

/// `../shared/scorm-schemas/validate.sh`; fails with what to install when xmllint is missing.
pub fn validate_manifest(xml: &str, version: &str) -> Result<(), String> {
    let script = repo().join("../shared/scorm-schemas/validate.sh");
    assert!(
        script.is_file(),
        "missing {}: the tests need the shared SCORM schemas beside the checkout",
        script.display()
    );
    let found = Command::new("sh")
        .arg("-c")
        .arg("command -v xmllint")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    assert!(
        found,
        "xmllint is not installed: apt-get install -y libxml2-utils"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("imsmanifest.xml");
    std::fs::write(&path, xml).unwrap();
    let out = Command::new("bash")
        .arg(&script)
        .arg(&path)
        .arg(version)
        .output()
        .unwrap();
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// Every file name in a zip (directories left out).
pub fn zip_names(path: &Path) -> BTreeSet<String> {
    let f = std::fs::File::open(path).unwrap();
    let mut z = zip::ZipArchive::new(f).unwrap();
    (0..z.len())
        .map(|i| z.by_index(i).unwrap().name().to_owned())
        .filter(|n| !n.ends_with('/'))
        .collect()
}

pub fn zip_text(path: &Path, name: &str) -> String {
    let f = std::fs::File::open(path).unwrap();
    let mut z = zip::ZipArchive::new(f).unwrap();
    let mut s = String::new();
    z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

/// Every `<file href>` of a manifest.
pub fn manifest_files(xml: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = xml;
    while let Some(i) = rest.find("<file href=\"") {
        rest = &rest[i + 12..];
        if let Some(end) = rest.find('"') {
            out.insert(rest[..end].to_owned());
        }
    }
    out
}

/// Write a course folder: `course.json` from JSON text and the given files.
pub fn write_course(dir: &Path, course_json: &str, files: &[(&str, &[u8])]) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("course.json"), course_json).unwrap();
    for (p, bytes) in files {
        let path = dir.join(p);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
}

/// A small course with two content sections, an image and a final quiz of every type.
pub fn small_course(dir: &Path) {
    let json = r#"{
      "title": "Small course",
      "language": "en",
      "description": "A test course",
      "sections": [
        { "id": "one", "title": "One", "file": "sections/one.md" },
        { "id": "two", "title": "Two", "file": "sections/two.md" },
        { "id": "final", "title": "Final quiz", "quiz": { "pass_threshold_percent": 60, "questions": [
          { "id": "q1", "type": "single-choice", "prompt": "Pick B", "options": ["A", "B"], "correct": ["B"] },
          { "id": "q2", "type": "multiple-choice", "prompt": "Pick A and C", "options": ["A", "B", "C"], "correct": ["A", "C"] },
          { "id": "q3", "type": "true-false", "prompt": "True?", "correct": [true] },
          { "id": "q4", "type": "fill-in", "prompt": "Say hi", "correct": ["hi"] },
          { "id": "q5", "type": "numeric", "prompt": "Six times seven", "correct": [42] }
        ] } }
      ]
    }"#;
    write_course(
        dir,
        json,
        &[
            ("sections/one.md", b"# One\n\n![pic](../media/pic.png)\n"),
            ("sections/two.md", b"# Two\n\n- a\n- b\n"),
            ("media/pic.png", b"\x89PNG\r\n\x1a\nnot really"),
        ],
    );
}
