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

/// Where the official SCORM schemas are: `SCORM_SCHEMAS=DIR` (a folder laid out like
/// `../shared/scorm-schemas`: `validate.sh`, `wrappers/`, the XSD sets), else
/// `../shared/scorm-schemas` beside the checkout, else `None`. The ADL XSDs are not ours to copy
/// into the repository, so they are the one prerequisite whose absence skips (out loud) instead of
/// failing. A `SCORM_SCHEMAS` that does not hold `validate.sh` is a mistake and fails.
pub fn schemas_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("SCORM_SCHEMAS").filter(|d| !d.is_empty()) {
        let dir = PathBuf::from(dir);
        assert!(
            dir.join("validate.sh").is_file(),
            "SCORM_SCHEMAS={} has no validate.sh: point it at a folder laid out like \
             ../shared/scorm-schemas (validate.sh, wrappers/, scorm12/, scorm2004-3rd/, scorm2004-4th/)",
            dir.display()
        );
        return Some(dir);
    }
    let beside = repo().join("../shared/scorm-schemas");
    beside.join("validate.sh").is_file().then_some(beside)
}

/// Says, once per test, that its schema step was skipped: on the terminal (written straight to
/// stderr, past the test harness's capture, so a passing test still shows it) and as a line in
/// `$SCHEMA_SKIP_LOG` when set, which `tests/run-all.sh` counts.
pub fn note_schema_skip() {
    use std::io::Write;
    use std::sync::Mutex;
    static SEEN: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());
    let test = std::thread::current()
        .name()
        .unwrap_or("unnamed test")
        .to_owned();
    let first = SEEN
        .lock()
        .map_or(true, |mut seen| seen.insert(test.clone()));
    if !first {
        return;
    }
    let line = format!(
        "SKIPPED schema validation in {test}: no SCORM schemas (set SCORM_SCHEMAS=DIR or put \
         them in ../shared/scorm-schemas; see README, \"Schema validation\")\n"
    );
    let _ = std::io::stderr().write_all(line.as_bytes());
    if let Some(log) = std::env::var_os("SCHEMA_SKIP_LOG")
        && let Ok(mut f) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)
    {
        let _ = f.write_all(line.as_bytes());
    }
}

/// What a schema check found.
#[derive(Debug, PartialEq, Eq)]
pub enum Schema {
    Valid,
    /// No schemas on this machine: the skip was noted (see [`note_schema_skip`]).
    Skipped,
}

/// Validates a manifest against the official XSDs with `validate.sh`. `Ok(Schema::Skipped)` when
/// the schemas are absent (noted out loud); `Err` with xmllint's messages when invalid. Fails the
/// test, saying what to install, when the schemas are there but xmllint is not.
pub fn validate_manifest(xml: &str, version: &str) -> Result<Schema, String> {
    let Some(dir) = schemas_dir() else {
        note_schema_skip();
        return Ok(Schema::Skipped);
    };
    let found = Command::new("sh")
        .arg("-c")
        .arg("command -v xmllint")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        found,
        "xmllint is not installed: apt-get install -y libxml2-utils"
    );
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("imsmanifest.xml");
    std::fs::write(&path, xml).unwrap();
    let out = Command::new("bash")
        .arg(dir.join("validate.sh"))
        .arg(&path)
        .arg(version)
        .output()
        .unwrap();
    if out.status.success() {
        Ok(Schema::Valid)
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

/// The bytes of one file in a zip.
pub fn zip_bytes(path: &Path, name: &str) -> Vec<u8> {
    let f = std::fs::File::open(path).unwrap();
    let mut z = zip::ZipArchive::new(f).unwrap();
    let mut bytes = Vec::new();
    z.by_name(name).unwrap().read_to_end(&mut bytes).unwrap();
    bytes
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

/// A course titled `title` of `n` content sections `s0`, `s1`, … ("Section 0", …), section `i`
/// holding the Markdown `markdown(i)`.
pub fn sections_course(dir: &Path, title: &str, n: usize, markdown: impl Fn(usize) -> String) {
    let files: Vec<(String, String)> = (0..n).map(|i| (format!("s{i}.md"), markdown(i))).collect();
    let sections: Vec<String> = (0..n)
        .map(|i| format!(r#"{{"id":"s{i}","title":"Section {i}","file":"s{i}.md"}}"#))
        .collect();
    write_course(
        dir,
        &format!(
            r#"{{"title":{},"language":"en","sections":[{}]}}"#,
            serde_json::to_string(title).unwrap(),
            sections.join(",")
        ),
        &files
            .iter()
            .map(|(p, md)| (p.as_str(), md.as_bytes()))
            .collect::<Vec<_>>(),
    );
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

/// The `course-export` binary, with presets, history and the media cache in a temporary folder
/// named `home` (never the real user folders).
pub fn course_export(home: &str) -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_course-export"));
    c.env("COURSE_EXPORT_HOME", std::env::temp_dir().join(home));
    c
}
