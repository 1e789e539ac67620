//! The test LMS server (`engine::tryout`, issue 13): serves the page and the package straight
//! from the zip (MIME types, Range), refuses paths outside the package, keeps the record.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may fail loudly

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::time::Duration;

use course_export::engine::tryout::{self, NewAttempt, TryError, TryOptions};
use serde_json::{Value, json};
use zip::CompressionMethod;
use zip::write::SimpleFileOptions;

const MANIFEST_12: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="M1" version="1" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="ORG"><organization identifier="ORG"><title>Course</title>
    <item identifier="ITEM-1" identifierref="RES-1"><title>Lesson</title><adlcp:masteryscore>80</adlcp:masteryscore></item>
  </organization></organizations>
  <resources><resource identifier="RES-1" type="webcontent" adlcp:scormtype="sco" href="index.html"><file href="index.html"/></resource></resources>
</manifest>"#;

fn video() -> Vec<u8> {
    (0..5000u32).map(|i| (i % 251) as u8).collect()
}

fn write_zip(path: &Path, with_manifest: bool) {
    let f = std::fs::File::create(path).unwrap();
    let mut z = zip::ZipWriter::new(f);
    let deflate = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    let store = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    if with_manifest {
        z.start_file("imsmanifest.xml", deflate).unwrap();
        z.write_all(MANIFEST_12.as_bytes()).unwrap();
    }
    z.start_file("index.html", deflate).unwrap();
    z.write_all(b"<!doctype html><title>SCO</title><p>Hello")
        .unwrap();
    z.start_file("media/clip.mp4", store).unwrap();
    z.write_all(&video()).unwrap();
    z.start_file("media/notes long.txt", deflate).unwrap();
    z.write_all("0123456789".repeat(100).as_bytes()).unwrap();
    z.finish().unwrap();
}

struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A minimal HTTP/1.1 client: the raw path goes on the wire as given (no normalization).
fn request(port: u16, method: &str, path: &str, extra: &[(&str, &str)], body: &[u8]) -> Reply {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    if !extra.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
        head.push_str(&format!("Host: 127.0.0.1:{port}\r\n"));
    }
    for (k, v) in extra {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes()).unwrap();
    s.write_all(body).unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a header block");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    Reply {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    }
}

fn get(port: u16, path: &str) -> Reply {
    request(port, "GET", path, &[], b"")
}

fn setup() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let pkg = dir.path().join("course.zip");
    write_zip(&pkg, true);
    let rec = dir.path().join("record.json");
    std::fs::write(&rec, "stale").unwrap();
    (dir, pkg, rec)
}

#[test]
fn serves_the_page_and_the_package_from_the_zip() {
    let (_dir, pkg, rec) = setup();
    let srv = tryout::serve(TryOptions {
        package: pkg,
        record: Some(rec.clone()),
        ..TryOptions::default()
    })
    .unwrap();
    let port = srv.port();
    assert_eq!(srv.url(), format!("http://127.0.0.1:{port}/"));

    // The record is overwritten at start.
    let start: Value = serde_json::from_slice(&std::fs::read(&rec).unwrap()).unwrap();
    assert_eq!(
        start,
        json!({"package": "course.zip", "version": "1.2", "expected": null, "reached": null, "attempts": []})
    );

    let page = get(port, "/");
    assert_eq!(page.status, 200);
    assert_eq!(
        page.header("Content-Type"),
        Some("text/html; charset=utf-8")
    );
    let html = String::from_utf8(page.body).unwrap();
    for needle in [
        "Exit and relaunch",
        "New attempt",
        "Reset learner",
        "/lms/runtime.js",
        "id=\"sco\"",
    ] {
        assert!(html.contains(needle), "page lacks {needle}");
    }
    for js in ["/lms/runtime.js", "/lms/page.js"] {
        let r = get(port, js);
        assert_eq!(r.status, 200, "{js}");
        assert_eq!(
            r.header("Content-Type"),
            Some("text/javascript; charset=utf-8")
        );
    }
    let cfg: Value = serde_json::from_slice(&get(port, "/lms/config.json").body).unwrap();
    assert_eq!(cfg["version"], "1.2");
    assert_eq!(cfg["scos"][0]["id"], "ITEM-1");
    assert_eq!(cfg["scos"][0]["href"], "index.html");
    assert_eq!(cfg["scos"][0]["masteryScore"], "80");
    assert_eq!(cfg["options"]["newAttempt"], "reset");

    let sco = get(port, "/pkg/index.html?launch=1");
    assert_eq!(sco.status, 200);
    assert_eq!(sco.header("Content-Type"), Some("text/html; charset=utf-8"));
    assert_eq!(sco.body, b"<!doctype html><title>SCO</title><p>Hello");

    let clip = get(port, "/pkg/media/clip.mp4");
    assert_eq!(clip.status, 200);
    assert_eq!(clip.header("Content-Type"), Some("video/mp4"));
    assert_eq!(clip.header("Accept-Ranges"), Some("bytes"));
    assert_eq!(clip.body, video());

    let notes = get(port, "/pkg/media/notes%20long.txt");
    assert_eq!(notes.status, 200);
    assert_eq!(
        notes.header("Content-Type"),
        Some("text/plain; charset=utf-8")
    );
    assert_eq!(notes.body.len(), 1000);

    assert_eq!(get(port, "/pkg/missing.html").status, 404);
    assert_eq!(get(port, "/nothing").status, 404);
    srv.stop().unwrap();
}

#[test]
fn range_requests_on_stored_and_deflated_entries() {
    let (_dir, pkg, _rec) = setup();
    let srv = tryout::serve(TryOptions {
        package: pkg,
        ..TryOptions::default()
    })
    .unwrap();
    let port = srv.port();
    let v = video();
    let r = request(
        port,
        "GET",
        "/pkg/media/clip.mp4",
        &[("Range", "bytes=100-199")],
        b"",
    );
    assert_eq!(r.status, 206);
    assert_eq!(r.header("Content-Range"), Some("bytes 100-199/5000"));
    assert_eq!(r.header("Content-Length"), Some("100"));
    assert_eq!(r.body, &v[100..200]);
    let tail = request(
        port,
        "GET",
        "/pkg/media/clip.mp4",
        &[("Range", "bytes=-10")],
        b"",
    );
    assert_eq!(tail.status, 206);
    assert_eq!(tail.body, &v[4990..]);
    let open = request(
        port,
        "GET",
        "/pkg/media/clip.mp4",
        &[("Range", "bytes=4000-")],
        b"",
    );
    assert_eq!(open.body, &v[4000..]);
    let deflated = request(
        port,
        "GET",
        "/pkg/media/notes%20long.txt",
        &[("Range", "bytes=15-24")],
        b"",
    );
    assert_eq!(deflated.status, 206);
    assert_eq!(deflated.body, b"5678901234");
    let bad = request(
        port,
        "GET",
        "/pkg/media/clip.mp4",
        &[("Range", "bytes=5000-")],
        b"",
    );
    assert_eq!(bad.status, 416);
    assert_eq!(bad.header("Content-Range"), Some("bytes */5000"));
    let head = request(port, "HEAD", "/pkg/media/clip.mp4", &[], b"");
    assert_eq!(head.status, 200);
    assert_eq!(head.header("Content-Length"), Some("5000"));
    assert!(head.body.is_empty());
}

#[test]
fn paths_outside_the_package_and_foreign_hosts_are_refused() {
    let (_dir, pkg, _rec) = setup();
    let srv = tryout::serve(TryOptions {
        package: pkg,
        ..TryOptions::default()
    })
    .unwrap();
    let port = srv.port();
    for p in [
        "/pkg/../Cargo.toml",
        "/pkg/media/../../etc/passwd",
        "/pkg/%2e%2e/secret",
        "/pkg/media/%2e%2e%2f%2e%2e%2fetc",
        "/pkg/..%5c..%5cwin.ini",
        "/pkg/%2fetc/passwd",
    ] {
        assert_eq!(get(port, p).status, 403, "{p}");
    }
    let foreign = request(
        port,
        "GET",
        "/pkg/index.html",
        &[("Host", "evil.example:80")],
        b"",
    );
    assert_eq!(foreign.status, 403);
}

#[test]
fn the_record_is_written_after_every_post_and_needs_the_token() {
    let (_dir, pkg, rec) = setup();
    let srv = tryout::serve(TryOptions {
        package: pkg,
        record: Some(rec.clone()),
        new_attempt: NewAttempt::Keep,
        expected: Some(json!({"lesson_status": "passed"})),
        ..TryOptions::default()
    })
    .unwrap();
    let port = srv.port();
    let cfg: Value = serde_json::from_slice(&get(port, "/lms/config.json").body).unwrap();
    assert_eq!(cfg["options"]["newAttempt"], "keep");
    let token = cfg["token"].as_str().unwrap().to_owned();
    let call = |m: &str| json!({"method": m, "args": [""], "result": "true", "error": "0", "diagnostic": "", "t_ms": 3});
    let patch = |seq: u64,
                 reason: &str,
                 status: &str,
                 calls_from: usize,
                 calls: Vec<Value>,
                 terminated: bool| {
        json!({"seq": seq, "gen": 0, "reason": reason, "reached": {"lesson_status": status, "score": 90},
            "attempts": [{"number": 1, "cmi": {"ITEM-1": {"cmi.core.lesson_status": status}},
            "sessions": [{"sco": "ITEM-1", "entry": "ab-initio", "exit": "", "terminated": terminated,
                          "calls_from": calls_from, "calls": calls}]}]})
        .to_string()
    };

    let no_token = request(
        port,
        "POST",
        "/lms/record",
        &[],
        patch(1, "commit", "incomplete", 0, vec![], false).as_bytes(),
    );
    assert_eq!(no_token.status, 403);
    let url = format!("/lms/record?token={token}");
    let r = request(
        port,
        "POST",
        &url,
        &[],
        patch(
            1,
            "commit",
            "incomplete",
            0,
            vec![call("LMSInitialize"), call("LMSCommit")],
            false,
        )
        .as_bytes(),
    );
    assert_eq!(r.status, 204);
    let written: Value = serde_json::from_slice(&std::fs::read(&rec).unwrap()).unwrap();
    assert_eq!(
        written["attempts"][0]["cmi"]["ITEM-1"]["cmi.core.lesson_status"],
        "incomplete"
    );
    assert_eq!(
        written["attempts"][0]["sessions"][0]["calls"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert!(!srv.terminated());
    assert_eq!(srv.outcome_matches(), Some(false));

    let r = request(
        port,
        "POST",
        &url,
        &[],
        patch(2, "terminate", "passed", 2, vec![call("LMSFinish")], true).as_bytes(),
    );
    assert_eq!(r.status, 204);
    assert!(srv.wait_terminated(Some(Duration::from_secs(5))));
    assert_eq!(srv.outcome_matches(), Some(true));
    let written: Value = serde_json::from_slice(&std::fs::read(&rec).unwrap()).unwrap();
    assert_eq!(written["expected"], json!({"lesson_status": "passed"}));
    assert_eq!(written["reached"]["lesson_status"], "passed");
    let s = &written["attempts"][0]["sessions"][0];
    assert_eq!(s["terminated"], true);
    let methods: Vec<&str> = s["calls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["method"].as_str().unwrap())
        .collect();
    assert_eq!(methods, ["LMSInitialize", "LMSCommit", "LMSFinish"]);
    // Exactly the record's format: these keys, in this order.
    let text = std::fs::read_to_string(&rec).unwrap();
    let at = |k: &str| text.find(&format!("\"{k}\":")).unwrap();
    assert!(at("package") < at("version") && at("version") < at("expected"));
    assert!(at("expected") < at("reached") && at("reached") < at("attempts"));
    assert_eq!(request(port, "POST", &url, &[], b"{not json").status, 400);
    // No temporary files are left beside the record.
    assert_eq!(std::fs::read_dir(rec.parent().unwrap()).unwrap().count(), 2);
    srv.stop().unwrap();
}

#[test]
fn typed_errors_for_bad_packages_and_a_busy_port() {
    let dir = tempfile::tempdir().unwrap();
    let not_zip = dir.path().join("x.zip");
    std::fs::write(&not_zip, "hello").unwrap();
    let opts = |p: &Path| TryOptions {
        package: p.to_owned(),
        ..TryOptions::default()
    };
    assert!(matches!(
        tryout::serve(opts(&not_zip)),
        Err(TryError::NotAZip { .. })
    ));
    assert!(matches!(
        tryout::serve(opts(&dir.path().join("missing.zip"))),
        Err(TryError::Open { .. })
    ));
    let bare = dir.path().join("bare.zip");
    write_zip(&bare, false);
    assert!(matches!(
        tryout::serve(opts(&bare)),
        Err(TryError::NoManifest)
    ));

    let good = dir.path().join("good.zip");
    write_zip(&good, true);
    let busy = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = busy.local_addr().unwrap().port();
    let err = tryout::serve(TryOptions {
        port: Some(port),
        ..opts(&good)
    })
    .err()
    .unwrap();
    assert!(matches!(err, TryError::PortBusy { port: p } if p == port));
    assert!(err.to_string().contains(&format!("port {port} is busy")));
}

#[test]
fn holds_up_to_many_requests() {
    let (_dir, pkg, _rec) = setup();
    let srv = tryout::serve(TryOptions {
        package: pkg,
        ..TryOptions::default()
    })
    .unwrap();
    let port = srv.port();
    let handles: Vec<_> = (0..8)
        .map(|_| {
            std::thread::spawn(move || (0..50).all(|_| get(port, "/pkg/index.html").status == 200))
        })
        .collect();
    for h in handles {
        assert!(h.join().unwrap());
    }
}

const MANIFEST_TWO_ITEMS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="M2" version="1" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="ORG"><organization identifier="ORG"><title>Course</title>
    <item identifier="ITEM-1" identifierref="RES-1"><title>One</title></item>
    <item identifier="ITEM-2" identifierref="RES-1" parameters="?two"><title>Two</title></item>
  </organization></organizations>
  <resources xml:base="sco/"><resource identifier="RES-1" type="webcontent" adlcp:scormtype="sco" href="index.html"><file href="index.html"/></resource></resources>
</manifest>"#;

const MANIFEST_2004_TWO_ITEMS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="M3" version="1" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3" xmlns:imsss="http://www.imsglobal.org/xsd/imsss">
  <metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>
  <organizations default="ORG"><organization identifier="ORG"><title>Course</title>
    <item identifier="ITEM-1" identifierref="RES-1"><title>One</title>
      <adlcp:completionThreshold completedByMeasure="true" minProgressMeasure="0.6"/>
      <imsss:sequencing><imsss:objectives><imsss:primaryObjective objectiveID="p1" satisfiedByMeasure="true"><imsss:minNormalizedMeasure>0.8</imsss:minNormalizedMeasure></imsss:primaryObjective></imsss:objectives>
      <imsss:deliveryControls completionSetByContent="true" objectiveSetByContent="true"/></imsss:sequencing>
    </item>
    <item identifier="ITEM-2" identifierref="RES-1" parameters="?two"><title>Two</title>
      <imsss:sequencing><imsss:deliveryControls completionSetByContent="true" objectiveSetByContent="true"/></imsss:sequencing>
    </item>
  </organization></organizations>
  <resources xml:base="sco/"><resource identifier="RES-1" type="webcontent" adlcp:scormType="sco" href="index.html"><file href="index.html"/></resource></resources>
</manifest>"#;

fn browser_package(dir: &Path, manifest: &str) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let pkg = dir.join("two-items.zip");
    let f = std::fs::File::create(&pkg).unwrap();
    let mut z = zip::ZipWriter::new(f);
    let o = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    z.start_file("imsmanifest.xml", o).unwrap();
    z.write_all(manifest.as_bytes()).unwrap();
    z.start_file("sco/index.html", o).unwrap();
    z.write_all(&std::fs::read(root.join("tests/lms/browser/sco.html")).unwrap())
        .unwrap();
    z.finish().unwrap();
    pkg
}

/// Runs tests/lms/browser/drive.js against a server; its checks depend on the version.
fn drive(url: &str, rec: &Path) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = std::process::Command::new("node")
        .arg(root.join("tests/lms/browser/drive.js"))
        .arg(url)
        .arg(rec)
        .output()
        .unwrap_or_else(|e| panic!("cannot run node ({e}): install Node.js 20 or later"));
    assert!(
        out.status.success(),
        "browser checks failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The page in Debian's chromium through this server (SCORM 1.2): API discovery, the log,
/// resume after Exit and relaunch, a new attempt after a normal exit, the tree, a tab closed
/// mid-course. Needs /usr/bin/chromium, node and tests/browser/node_modules (npm ci): fails,
/// never skips.
#[test]
fn the_page_in_chromium_12() {
    let dir = tempfile::tempdir().unwrap();
    let pkg = browser_package(dir.path(), MANIFEST_TWO_ITEMS);
    let rec = dir.path().join("record.json");
    let srv = tryout::serve(TryOptions {
        package: pkg,
        record: Some(rec.clone()),
        expected: Some(json!({"lesson_status": "passed"})),
        ..TryOptions::default()
    })
    .unwrap();
    drive(srv.url(), &rec);
    let record: Value = serde_json::from_slice(&std::fs::read(&rec).unwrap()).unwrap();
    // Every Terminate is in the record, exactly once per session that ended with one.
    for a in record["attempts"].as_array().unwrap() {
        for s in a["sessions"].as_array().unwrap() {
            let finishes = s["calls"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|c| c["method"] == "LMSFinish" && c["result"] == "true")
                .count();
            assert_eq!(
                finishes,
                usize::from(s["terminated"] == true),
                "session {s}"
            );
        }
    }
    srv.stop().unwrap();
}

/// SCORM 2004 in chromium: threshold and passing score from the manifest, nav requests.
#[test]
fn the_page_in_chromium_2004() {
    let dir = tempfile::tempdir().unwrap();
    let pkg = browser_package(dir.path(), MANIFEST_2004_TWO_ITEMS);
    let rec = dir.path().join("record.json");
    let srv = tryout::serve(TryOptions {
        package: pkg,
        record: Some(rec.clone()),
        ..TryOptions::default()
    })
    .unwrap();
    drive(srv.url(), &rec);
    srv.stop().unwrap();
}

/// Manual check: `cargo test --test try_lms serve_for_a_while -- --ignored --nocapture`.
#[test]
#[ignore]
fn serve_for_a_while() {
    let dir = tempfile::tempdir().unwrap();
    let pkg = browser_package(dir.path(), MANIFEST_2004_TWO_ITEMS);
    let srv = tryout::serve(TryOptions {
        package: pkg,
        port: Some(48124),
        record: Some(dir.path().join("record.json")),
        ..TryOptions::default()
    })
    .unwrap();
    println!("Serving {}", srv.url());
    std::thread::sleep(Duration::from_secs(90));
}
