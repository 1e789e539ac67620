//! `course-export try` from the command line (issue 13): one stdout line with the URL, usage
//! errors for export flags with a zip, a busy port named, a course folder exported first (and
//! `--section` picking a per-section package), Ctrl+C writes the record and exits 0, and an
//! interrupted export leaves nothing behind.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may fail loudly

mod common;

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

fn bin() -> Command {
    course_export("course-export-try-cli-tests")
}

/// A package of ours to play.
fn exported_zip(dir: &Path) -> std::path::PathBuf {
    let zip = dir.join("sample.zip");
    let o = bin()
        .args(["export", "--out", zip.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    zip
}

/// Starts `try` and reads its one stdout line; returns the child and the URL.
fn start_try(args: &[&str]) -> (Child, String, BufReader<std::process::ChildStdout>) {
    let mut child = bin()
        .arg("try")
        .args(args)
        .arg("--no-browser")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    out.read_line(&mut line).unwrap();
    if line.is_empty() {
        let mut err = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        panic!("try printed nothing on stdout; stderr: {err}");
    }
    let url = line
        .trim_end()
        .strip_prefix("Serving ")
        .unwrap_or_else(|| panic!("first stdout line: {line:?}"))
        .to_owned();
    assert!(
        url.starts_with("http://127.0.0.1:") && url.ends_with('/'),
        "{url}"
    );
    (child, url, out)
}

fn port_of(url: &str) -> u16 {
    url.trim_start_matches("http://127.0.0.1:")
        .trim_end_matches('/')
        .parse()
        .unwrap()
}

/// A plain GET; returns the status line and the body.
fn get(port: u16, path: &str) -> (String, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = String::new();
    s.read_to_string(&mut raw).unwrap();
    let status = raw.lines().next().unwrap_or_default().to_owned();
    let body = raw.split_once("\r\n\r\n").map(|x| x.1).unwrap_or_default();
    (status, body.to_owned())
}

fn interrupt(child: &Child) {
    let ok = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap()
        .success();
    assert!(ok, "kill -INT failed");
}

fn wait_exit(child: &mut Child, secs: u64) -> i32 {
    let start = Instant::now();
    loop {
        if let Some(st) = child.try_wait().unwrap() {
            return st.code().unwrap_or(-1);
        }
        if start.elapsed() > Duration::from_secs(secs) {
            let _ = child.kill();
            panic!("try did not exit within {secs} s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_zip_is_served_until_ctrl_c_which_writes_the_record_and_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    let zip = exported_zip(dir.path());
    let rec = dir.path().join("run.json");
    std::fs::write(&rec, "old content").unwrap();
    let (mut child, url, mut out) =
        start_try(&[zip.to_str().unwrap(), "--record", rec.to_str().unwrap()]);
    let port = port_of(&url);
    let (status, body) = get(port, "/");
    assert!(status.contains(" 200 "), "{status}");
    assert!(
        body.contains("<html") || body.contains("<!doctype"),
        "{body}"
    );
    // The record is overwritten at start.
    let record: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&rec).unwrap()).expect("the record is JSON");
    assert_eq!(record["package"], "sample.zip");
    assert_eq!(record["version"], "2004-4th");
    interrupt(&child);
    assert_eq!(wait_exit(&mut child, 20), 0);
    let mut rest = String::new();
    out.read_to_string(&mut rest).unwrap();
    assert_eq!(rest, "", "stdout holds exactly one line");
    assert!(
        TcpStream::connect(("127.0.0.1", port)).is_err(),
        "still serving after Ctrl+C"
    );
}

#[test]
fn export_flags_with_a_zip_are_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let zip = exported_zip(dir.path());
    for extra in [
        &["--tracking", "quiz-results"][..],
        &["--section", "intro"][..],
        &["--preset", "Moodle"][..],
    ] {
        let o = bin()
            .arg("try")
            .arg(&zip)
            .args(extra)
            .arg("--no-browser")
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{extra:?}");
        assert!(o.stdout.is_empty());
        assert!(
            String::from_utf8_lossy(&o.stderr).contains("not to a zip"),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
}

#[test]
fn a_busy_port_exits_1_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let zip = exported_zip(dir.path());
    let taken = TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let o = bin()
        .args([
            "try",
            zip.to_str().unwrap(),
            "--no-browser",
            "--port",
            &port,
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains(&format!("port {port} is busy")), "{err}");
    assert!(o.stdout.is_empty());
}

#[test]
fn not_a_package_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("notes.zip");
    std::fs::write(&bad, "not a zip").unwrap();
    let o = bin()
        .args(["try", bad.to_str().unwrap(), "--no-browser"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("notes.zip") && err.contains("not a readable zip"),
        "{err}"
    );
}

#[test]
fn a_course_folder_is_exported_first_with_the_export_flags() {
    let dir = tempfile::tempdir().unwrap();
    small_course(dir.path());
    let (mut child, url, _out) = start_try(&[
        dir.path().to_str().unwrap(),
        "--scorm-version",
        "1.2",
        "--multi=per-section",
        "--section",
        "final",
    ]);
    let (status, body) = get(port_of(&url), "/lms/config.json");
    interrupt(&child);
    assert_eq!(wait_exit(&mut child, 20), 0);
    assert!(status.contains(" 200 "), "{status}: {body}");
    let config: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(config["version"], "1.2", "{config}");
    assert!(
        config["package"].as_str().unwrap().ends_with("-final.zip"),
        "{config}"
    );
    // A section that does not exist is named with the ones that do.
    let o = bin()
        .args([
            "try",
            dir.path().to_str().unwrap(),
            "--no-browser",
            "--multi=per-section",
            "--section",
            "nope",
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("“nope”") && err.contains("one, two, final"),
        "{err}"
    );
}

/// Ctrl+C in the middle of an export: the process stops, no temporary file stays, and the
/// package that was there before is untouched.
#[test]
fn ctrl_c_during_an_export_leaves_the_old_package_and_no_temp_file() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    let zip = out_dir.join("course.zip");
    std::fs::write(&zip, b"the previous package").unwrap();
    // A course with enough media that the export takes a moment.
    let course = dir.path().join("course");
    let noise: Vec<u8> = (0..40_000_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    write_course(
        &course,
        r#"{"title": "Big", "language": "en", "sections": [
            {"id": "a", "title": "A", "file": "a.md"}]}"#,
        &[
            ("a.md", b"# A\n\n[data](media/blob.bin)\n"),
            ("media/blob.bin", &noise),
        ],
    );
    let mut child = bin()
        .args(["export", "--progress", "--course"])
        .arg(&course)
        .arg("--out")
        .arg(&zip)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until the export has started writing (its first progress line), then interrupt.
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    err.read_line(&mut line).unwrap();
    interrupt(&child);
    let code = wait_exit(&mut child, 60);
    let mut rest = String::new();
    err.read_to_string(&mut rest).unwrap();
    let left: Vec<String> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, ["course.zip"], "stderr: {line}{rest}");
    assert_eq!(std::fs::read(&zip).unwrap(), b"the previous package");
    assert_eq!(code, 130, "stderr: {line}{rest}");
    assert!(rest.contains("interrupted"), "{rest}");
}
