//! `check`: a validator users can trust. Every fixture is written here, from Rust.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may fail loudly

mod common;

use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use course_export::engine::check::{
    CheckReport, Code, MANIFEST_CAP, ManifestError, PackageKind, check_archive, check_package,
    read_manifest,
};
use proptest::prelude::*;

// ---------------------------------------------------------------------------------------------
// Fixture helpers

const CP12: &str = r#"xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2""#;
const CP2004: &str = r#"xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3" xmlns:imsss="http://www.imsglobal.org/xsd/imsss""#;

/// A one-SCO manifest; `item_extra` goes inside the item after its title, `resource_attrs` on
/// the resource, `files` are its `<file>` hrefs.
fn manifest(
    ns: &str,
    version: &str,
    scormtype: &str,
    item_extra: &str,
    resource_attrs: &str,
    files: &[&str],
) -> String {
    let files: String = files
        .iter()
        .map(|f| format!(r#"<file href="{f}"/>"#))
        .collect();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="M1" version="1.0" {ns}>
  <metadata><schema>ADL SCORM</schema><schemaversion>{version}</schemaversion></metadata>
  <organizations default="ORG-1">
    <organization identifier="ORG-1">
      <title>Course</title>
      <item identifier="ITEM-1" identifierref="RES-1"><title>Lesson</title>{item_extra}</item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="RES-1" type="webcontent" adlcp:{scormtype}="sco" href="index.html" {resource_attrs}>{files}</resource>
  </resources>
</manifest>
"#
    )
}

fn manifest12(item_extra: &str, resource_attrs: &str, files: &[&str]) -> String {
    manifest(CP12, "1.2", "scormtype", item_extra, resource_attrs, files)
}

fn manifest2004(edition: &str, item_extra: &str) -> String {
    let version = format!("2004 {edition} Edition");
    manifest(
        CP2004,
        &version,
        "scormType",
        item_extra,
        "",
        &["index.html"],
    )
}

/// A zip (deflated) from name → bytes.
fn zip_bytes(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let o = zip::write::SimpleFileOptions::default();
    for (name, bytes) in entries {
        z.start_file(*name, o).unwrap();
        z.write_all(bytes).unwrap();
    }
    z.finish().unwrap().into_inner()
}

fn check_bytes(zip: &[u8]) -> CheckReport {
    check_archive(Cursor::new(zip.to_vec()))
}

/// Check a package holding `manifest` and `index.html`.
fn check_manifest(manifest: &[u8]) -> CheckReport {
    check_bytes(&zip_bytes(&[
        ("imsmanifest.xml", manifest),
        ("index.html", b"<html></html>"),
    ]))
}

fn has(r: &CheckReport, code: Code) -> bool {
    r.problem_codes().contains(&code)
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = (crc >> 1) ^ (0xEDB8_8320 & (!(crc & 1)).wrapping_add(1));
        }
    }
    !crc
}

/// A stored (uncompressed) zip written byte by byte, so that it can hold what zip writers
/// refuse: duplicate names, backslashes, symlinks. `(name, bytes, unix_mode)`.
fn raw_zip(entries: &[(&str, &[u8], u32)]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data, mode) in entries {
        let offset = out.len() as u32;
        let crc = crc32(data);
        let n = name.len() as u16;
        let size = data.len() as u32;
        out.extend_from_slice(b"PK\x03\x04");
        for v in [20u16, 0, 0, 0, 0] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(&crc.to_le_bytes());
        out.extend_from_slice(&size.to_le_bytes());
        out.extend_from_slice(&size.to_le_bytes());
        out.extend_from_slice(&n.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);
        central.extend_from_slice(b"PK\x01\x02");
        for v in [(3u16 << 8) | 20, 20, 0, 0, 0, 0] {
            central.extend_from_slice(&v.to_le_bytes());
        }
        central.extend_from_slice(&crc.to_le_bytes());
        central.extend_from_slice(&size.to_le_bytes());
        central.extend_from_slice(&size.to_le_bytes());
        for v in [n, 0, 0, 0, 0] {
            central.extend_from_slice(&v.to_le_bytes());
        }
        central.extend_from_slice(&(mode << 16).to_le_bytes());
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name.as_bytes());
    }
    let cd_offset = out.len() as u32;
    let count = entries.len() as u16;
    out.extend_from_slice(&central);
    out.extend_from_slice(b"PK\x05\x06");
    for v in [0u16, 0, count, count] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&cd_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

const FILE: u32 = 0o100_644;
const SYMLINK: u32 = 0o120_777;

fn bin() -> Command {
    common::course_export("course-export-check-tests")
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().unwrap()
}

fn write_zip(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

// ---------------------------------------------------------------------------------------------
// 1. Well-formedness

#[test]
fn what_is_not_xml_fails() {
    let cases: &[(&str, &[u8])] = &[
        ("plain text", b"hello world"),
        ("empty", b""),
        ("html", b"<html><body>hi</body></html>"),
        (
            "missing closing tags",
            b"<?xml version=\"1.0\"?>\n<manifest identifier=\"M\"><organizations>",
        ),
        ("mismatched tags", b"<manifest><a></b></manifest>"),
        ("text after the root", b"<manifest/>trailing words"),
        ("two roots", b"<manifest/><manifest/>"),
        ("undeclared entity", b"<manifest>&nbsp;</manifest>"),
        ("undeclared prefix", b"<manifest><x:y/></manifest>"),
        ("duplicate attribute", b"<manifest a=\"1\" a=\"2\"/>"),
    ];
    for (what, bytes) in cases {
        let r = check_manifest(bytes);
        assert!(!r.ok(), "{what}: passed: {r:?}");
        if *what != "html" {
            assert!(has(&r, Code::NotWellFormed), "{what}: {:?}", r.problems);
        }
    }
    // <html> is well-formed but is no manifest.
    let r = check_manifest(b"<html><body>hi</body></html>");
    assert!(
        r.problems.iter().any(|p| p.contains("<html>")),
        "{:?}",
        r.problems
    );
    // The full manifest still passes.
    let ok = check_manifest(manifest12("", "", &["index.html"]).as_bytes());
    assert!(ok.ok(), "{:?}", ok.problems);
}

#[test]
fn a_doctype_declaring_entities_is_flagged_and_never_expanded() {
    let m = manifest12("", "", &["index.html"]).replacen(
        "<manifest",
        "<!DOCTYPE manifest [<!ENTITY boom \"bang\">]>\n<manifest",
        1,
    );
    let r = check_manifest(m.as_bytes());
    assert!(has(&r, Code::Doctype), "{:?}", r.problems);
    let m = m.replace("<title>Lesson</title>", "<title>&boom;</title>");
    let r = check_manifest(m.as_bytes());
    assert!(has(&r, Code::Doctype), "{:?}", r.problems);
    assert!(
        r.problems.iter().any(|p| p.contains("&boom;")),
        "{:?}",
        r.problems
    );
}

#[test]
fn characters_outside_xml_1_0_fail() {
    for c in ['\u{0B}', '\u{01}', '\u{1F}', '\u{FFFE}'] {
        let m = manifest12("", "", &["index.html"]).replace("Lesson", &format!("Les{c}son"));
        let r = check_manifest(m.as_bytes());
        assert!(
            has(&r, Code::NotWellFormed),
            "U+{:04X}: {:?}",
            u32::from(c),
            r.problems
        );
    }
    let m = manifest12("", "", &["index.html"]).replace("Lesson", "Les&#11;son");
    assert!(has(&check_manifest(m.as_bytes()), Code::NotWellFormed));
}

fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    let units = std::iter::once(0xFEFF)
        .filter(|_| bom)
        .chain(text.encode_utf16());
    for u in units {
        out.extend_from_slice(&if big_endian {
            u.to_be_bytes()
        } else {
            u.to_le_bytes()
        });
    }
    out
}

#[test]
fn utf16_manifests_are_decoded_or_refused_clearly() {
    let m = manifest12("", "", &["index.html"]).replace("UTF-8", "UTF-16");
    for (be, bom) in [(false, true), (true, true), (false, false), (true, false)] {
        let r = check_manifest(&utf16(&m, be, bom));
        assert!(r.ok(), "be={be} bom={bom}: {:?}", r.problems);
        assert_eq!(r.schema_version.as_deref(), Some("1.2"));
        assert!(
            r.warning_findings.iter().any(|w| w.code == Code::Encoding),
            "{:?}",
            r.warnings
        );
    }
    let mut cut = utf16(&m, false, true);
    cut.push(b'<');
    let r = check_manifest(&cut);
    assert!(has(&r, Code::Encoding), "{:?}", r.problems);
    // Latin-1 bytes are refused with the reason, not a parser's internals.
    let latin = manifest12("", "", &["index.html"])
        .replace("UTF-8", "ISO-8859-1")
        .replace("Lesson", "Le\u{e7}on");
    let bytes: Vec<u8> = latin.chars().map(|c| c as u8).collect();
    let r = check_manifest(&bytes);
    assert!(has(&r, Code::Encoding), "{:?}", r.problems);
    assert!(r.problems[0].contains("ISO-8859-1"), "{:?}", r.problems);
}

// ---------------------------------------------------------------------------------------------
// 2. Bounded reads

#[test]
fn a_huge_manifest_is_refused_by_the_check_and_the_reader() {
    let m = manifest12("", "", &["index.html"]);
    let padding = " ".repeat(MANIFEST_CAP as usize + 10);
    let huge = m.replacen("<manifest", &format!("<!--{padding}-->\n<manifest"), 1);
    let dir = tempfile::tempdir().unwrap();
    let zip = write_zip(
        dir.path(),
        "huge.zip",
        &zip_bytes(&[("imsmanifest.xml", huge.as_bytes()), ("index.html", b"x")]),
    );
    drop(huge);
    let r = check_package(&zip);
    assert!(has(&r, Code::ManifestTooLarge), "{:?}", r.problems);
    assert!(matches!(
        read_manifest(&zip),
        Err(ManifestError::TooLarge { .. })
    ));
    let small = write_zip(
        dir.path(),
        "small.zip",
        &zip_bytes(&[("imsmanifest.xml", m.as_bytes())]),
    );
    assert_eq!(read_manifest(&small).unwrap(), m);
}

// ---------------------------------------------------------------------------------------------
// 3. IMS CP semantics

#[test]
fn xml_base_is_resolved_for_hrefs() {
    let m = manifest12("", r#"xml:base="content/""#, &["index.html", "js/app.js"])
        .replace("<resources>", r#"<resources xml:base="course/">"#);
    let zip = zip_bytes(&[
        ("imsmanifest.xml", m.as_bytes()),
        ("course/content/index.html", b"x"),
        ("course/content/js/app.js", b"x"),
    ]);
    let r = check_bytes(&zip);
    assert!(r.ok(), "{:?}", r.problems);
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
}

#[test]
fn hrefs_are_percent_decoded() {
    let m = manifest12(
        "",
        "",
        &["index.html", "my%20page%23.html", "caf%C3%A9.png"],
    );
    let zip = zip_bytes(&[
        ("imsmanifest.xml", m.as_bytes()),
        ("index.html", b"x"),
        ("my page#.html", b"x"),
        ("café.png", b"x"),
    ]);
    let r = check_bytes(&zip);
    assert!(r.ok(), "{:?}", r.problems);
}

#[test]
fn the_content_model_order_and_cardinality_are_checked() {
    let bad = [
        (
            "metadata after adlcp:masteryscore",
            manifest12(
                "<adlcp:masteryscore>80</adlcp:masteryscore><metadata/>",
                "",
                &["index.html"],
            ),
        ),
        (
            "metadata inside resources after a resource",
            manifest12("", "", &["index.html"]).replace("</resources>", "<metadata/></resources>"),
        ),
        (
            "two titles",
            manifest12("<title>again</title>", "", &["index.html"]),
        ),
        (
            "schemaversion before schema",
            manifest12("", "", &["index.html"]).replace(
                "<schema>ADL SCORM</schema><schemaversion>1.2</schemaversion>",
                "<schemaversion>1.2</schemaversion><schema>ADL SCORM</schema>",
            ),
        ),
        ("no resources", {
            let m = manifest12("", "", &["index.html"]);
            let (a, b) = (
                m.find("<resources>").unwrap(),
                m.find("</manifest>").unwrap(),
            );
            format!("{}{}", &m[..a], &m[b..])
        }),
        (
            "file before dependency order broken",
            manifest12("", "", &["index.html"]).replace(
                r#"<file href="index.html"/>"#,
                r#"<dependency identifierref="RES-1"/><file href="index.html"/>"#,
            ),
        ),
        (
            "resource without type",
            manifest12("", "", &["index.html"]).replace(r#" type="webcontent""#, ""),
        ),
        (
            "unknown IMS CP element",
            manifest12("<bogus/>", "", &["index.html"]),
        ),
    ];
    for (what, m) in bad {
        let r = check_manifest(m.as_bytes());
        assert!(has(&r, Code::ContentModel), "{what}: {:?}", r.problems);
    }
}

#[test]
fn adlcp_names_are_spelled_as_the_version_spells_them() {
    let bad12 = [
        "<adlcp:dataFromLMS>x</adlcp:dataFromLMS>",
        "<adlcp:maxTimeAllowed>0000:10:00</adlcp:maxTimeAllowed>",
        "<adlcp:timeLimitAction>exit,message</adlcp:timeLimitAction>",
        "<adlcp:completionThreshold>0.5</adlcp:completionThreshold>",
    ];
    for extra in bad12 {
        let r = check_manifest(manifest12(extra, "", &["index.html"]).as_bytes());
        assert!(has(&r, Code::AdlcpSpelling), "{extra}: {:?}", r.problems);
    }
    let good12 = "<adlcp:prerequisites type=\"aicc_script\">ITEM-1</adlcp:prerequisites><adlcp:maxtimeallowed>0000:10:00</adlcp:maxtimeallowed><adlcp:timelimitaction>exit,message</adlcp:timelimitaction><adlcp:datafromlms>x</adlcp:datafromlms><adlcp:masteryscore>80</adlcp:masteryscore>";
    let r = check_manifest(manifest12(good12, "", &["index.html"]).as_bytes());
    assert!(r.ok(), "{:?}", r.problems);
    let r = check_manifest(
        manifest12("", "", &["index.html"])
            .replace("adlcp:scormtype", "adlcp:scormType")
            .as_bytes(),
    );
    assert!(has(&r, Code::AdlcpSpelling), "{:?}", r.problems);

    let bad2004 = [
        ("3rd", "<adlcp:datafromlms>x</adlcp:datafromlms>"),
        ("4th", "<adlcp:masteryscore>80</adlcp:masteryscore>"),
        (
            "4th",
            "<adlcp:timelimitaction>exit,message</adlcp:timelimitaction>",
        ),
        ("4th", "<adlcp:prerequisites>x</adlcp:prerequisites>"),
        (
            "3rd",
            r#"<adlcp:completionThreshold minProgressMeasure="0.8"/>"#,
        ),
    ];
    for (ed, extra) in bad2004 {
        let r = check_manifest(manifest2004(ed, extra).as_bytes());
        assert!(
            has(&r, Code::AdlcpSpelling),
            "{ed} {extra}: {:?}",
            r.problems
        );
    }
    let good = [
        (
            "3rd",
            "<adlcp:timeLimitAction>exit,message</adlcp:timeLimitAction><adlcp:dataFromLMS>x</adlcp:dataFromLMS><adlcp:completionThreshold>0.8</adlcp:completionThreshold>",
        ),
        (
            "4th",
            r#"<adlcp:completionThreshold completedByMeasure="true" minProgressMeasure="0.8"/><imsss:sequencing><imsss:deliveryControls completionSetByContent="true" objectiveSetByContent="true"/></imsss:sequencing>"#,
        ),
    ];
    for (ed, extra) in good {
        let r = check_manifest(manifest2004(ed, extra).as_bytes());
        assert!(r.ok(), "{ed} {extra}: {:?}", r.problems);
    }
    let r = check_manifest(
        manifest2004("4th", "")
            .replace("scormType", "scormtype")
            .as_bytes(),
    );
    assert!(has(&r, Code::AdlcpSpelling), "{:?}", r.problems);
}

#[test]
fn values_and_sequencing_order_are_checked() {
    let r = check_manifest(
        manifest12(
            "<adlcp:masteryscore>150</adlcp:masteryscore>",
            "",
            &["index.html"],
        )
        .as_bytes(),
    );
    assert!(has(&r, Code::InvalidValue), "{:?}", r.problems);
    let bad = [
        r#"<imsss:sequencing><imsss:deliveryControls completionSetByContent="yes"/></imsss:sequencing>"#,
        r#"<imsss:sequencing><imsss:deliveryControls/><imsss:controlMode flow="true"/></imsss:sequencing>"#,
        r#"<imsss:sequencing><imsss:foo/></imsss:sequencing>"#,
        r#"<imsss:sequencing/><adlcp:completionThreshold completedByMeasure="true" minProgressMeasure="0.8"/>"#,
        r#"<adlcp:completionThreshold minProgressMeasure="1.5"/>"#,
    ];
    for extra in bad {
        let r = check_manifest(manifest2004("4th", extra).as_bytes());
        assert!(!r.ok(), "{extra}: passed");
    }
}

/// `SCORM_SCHEMAS=DIR`, else `<repo>/../shared/scorm-schemas`.
fn schemas_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("SCORM_SCHEMAS").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/scorm-schemas"),
        PathBuf::from,
    );
    dir.join("validate.sh").is_file().then_some(dir)
}

#[test]
fn check_agrees_with_the_adl_schemas_and_sees_what_they_cannot() {
    let Some(dir) = schemas_dir() else {
        println!(
            "SKIPPED schema validation: no scorm-schemas folder (set SCORM_SCHEMAS=DIR or put it at ../shared/scorm-schemas)"
        );
        return;
    };
    let mut cases: Vec<(PathBuf, String)> = Vec::new();
    for (folder, v) in [
        ("scorm12", "1.2"),
        ("scorm2004-3rd", "2004-3rd"),
        ("scorm2004-4th", "2004-4th"),
    ] {
        cases.push((
            dir.join("examples").join(folder).join("imsmanifest.xml"),
            v.into(),
        ));
    }
    let expected = std::fs::read_to_string(dir.join("examples/broken/EXPECTED.txt")).unwrap();
    for line in expected
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let mut parts = line.split('|').map(str::trim);
        let (file, v) = (parts.next().unwrap(), parts.next().unwrap());
        cases.push((dir.join("examples/broken").join(file), v.into()));
    }
    assert!(
        cases.len() > 20,
        "too few manifests found in {}",
        dir.display()
    );
    for (path, v) in cases {
        let out = Command::new("bash")
            .arg(dir.join("validate.sh"))
            .arg(&path)
            .arg(&v)
            .output()
            .unwrap();
        let code = out.status.code();
        assert!(
            matches!(code, Some(0 | 3)),
            "validate.sh {} {v} could not judge (rc {code:?}; is xmllint installed? apt-get install -y libxml2-utils): {}",
            path.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        let xsd_valid = code == Some(0);
        let manifest = std::fs::read(&path).unwrap();
        // The manifest alone: missing files are what the XSD cannot see, the rest it can.
        let r = check_bytes(&zip_bytes(&[("imsmanifest.xml", &manifest)]));
        let schema_problems: Vec<&String> = r
            .problem_findings
            .iter()
            .zip(&r.problems)
            .filter(|(f, _)| f.code != Code::FileMissing)
            .map(|(_, line)| line)
            .collect();
        let name = path.display();
        let broken = path.parent().is_some_and(|p| p.ends_with("broken"));
        if xsd_valid && !broken {
            assert!(
                schema_problems.is_empty(),
                "{name}: XSD-valid but check says {schema_problems:?}"
            );
        } else if !xsd_valid {
            assert!(
                !schema_problems.is_empty(),
                "{name}: XSD-invalid but check passes it"
            );
        } else {
            // Broken in ways the XSD cannot see: check must see them.
            assert!(!r.ok(), "{name}: broken but check passes it");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 4. Zip hygiene

#[test]
fn duplicate_symlink_and_unsafe_entries_are_reported() {
    let m = manifest12("", "", &["index.html", "a.js"]);
    let zip = raw_zip(&[
        ("imsmanifest.xml", m.as_bytes(), FILE),
        ("index.html", b"x", FILE),
        ("a.js", b"1", FILE),
        ("a.js", b"2", FILE),
        ("link.html", b"/etc/passwd", SYMLINK),
        ("../evil.txt", b"x", FILE),
    ]);
    let r = check_bytes(&zip);
    for code in [Code::DuplicateEntry, Code::SymlinkEntry, Code::UnsafePath] {
        assert!(has(&r, code), "{code:?}: {:?}", r.problems);
    }
}

#[test]
fn backslash_entries_are_reported_once() {
    let files: Vec<String> = (0..85).map(|i| format!("content\\page{i}.html")).collect();
    let hrefs: Vec<String> = (0..85).map(|i| format!("content/page{i}.html")).collect();
    let href_refs: Vec<&str> = hrefs.iter().map(String::as_str).collect();
    let m = manifest12("", "", &href_refs)
        .replace("href=\"index.html\"", "href=\"content/page0.html\"");
    let mut entries: Vec<(&str, &[u8], u32)> = vec![("imsmanifest.xml", m.as_bytes(), FILE)];
    for f in &files {
        entries.push((f, b"x", FILE));
    }
    let dir = tempfile::tempdir().unwrap();
    let zip = write_zip(dir.path(), "win.zip", &raw_zip(&entries));
    let o = run(&["check", zip.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{text}");
    let lines: Vec<&str> = text.lines().filter(|l| l.starts_with("problem:")).collect();
    assert_eq!(lines.len(), 1, "{text}");
    assert!(lines[0].contains("Windows separators"), "{text}");
    assert!(lines[0].contains("(85×)"), "{text}");
}

// ---------------------------------------------------------------------------------------------
// 5. Say what it is

#[test]
fn cmi5_xapi_and_aicc_packages_are_named() {
    let cases: [(&str, PackageKind, &str); 4] = [
        ("cmi5.xml", PackageKind::Cmi5, "cmi5"),
        ("tincan.xml", PackageKind::Xapi, "xAPI"),
        ("course.AU", PackageKind::Aicc, "AICC"),
        ("readme.txt", PackageKind::Unknown, "no imsmanifest.xml"),
    ];
    for (file, kind, word) in cases {
        let r = check_bytes(&zip_bytes(&[(file, b"<x/>"), ("index.html", b"x")]));
        assert_eq!(r.kind, kind, "{file}");
        assert!(!r.ok());
        assert!(r.problems[0].contains(word), "{file}: {:?}", r.problems);
    }
    let dir = tempfile::tempdir().unwrap();
    let zip = write_zip(dir.path(), "c.zip", &zip_bytes(&[("cmi5.xml", b"<x/>")]));
    let o = run(&["check", "--json", zip.to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["kind"], "cmi5");
}

// ---------------------------------------------------------------------------------------------
// 6. Output

#[test]
fn each_problem_once_with_a_count_and_warnings_summarised() {
    let m = manifest12("", "", &["index.html", "a.js", "b.js", "c.js"]);
    let mut entries: Vec<(String, Vec<u8>)> = vec![
        ("imsmanifest.xml".into(), m.into_bytes()),
        ("index.html".into(), b"x".to_vec()),
    ];
    for i in 0..30 {
        entries.push((format!("extra/unlisted{i}.txt"), b"x".to_vec()));
    }
    let refs: Vec<(&str, &[u8])> = entries
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let zip = write_zip(dir.path(), "p.zip", &zip_bytes(&refs));
    let o = run(&["check", zip.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&o.stdout).into_owned();
    assert_eq!(o.status.code(), Some(1), "{text}");
    assert!(text.starts_with("FAILED:"), "{text}");
    let missing: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("not in the zip"))
        .collect();
    assert_eq!(missing.len(), 1, "{text}");
    assert!(
        missing[0].contains("(3×)") && missing[0].contains("c.js"),
        "{text}"
    );
    let warnings: Vec<&str> = text.lines().filter(|l| l.starts_with("warning:")).collect();
    assert_eq!(warnings.len(), 1, "{text}");
    assert!(
        warnings[0].contains("(30×") && !warnings[0].contains("unlisted7"),
        "{text}"
    );
    let o = run(&["check", "--verbose", zip.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(text.contains("extra/unlisted7.txt"), "{text}");

    let o = run(&["check", "--json", zip.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["ok"], false);
    assert_eq!(v["kind"], "scorm");
    assert_eq!(v["version"], "1.2");
    let p = &v["problems"][0];
    assert_eq!(p["code"], "file-missing");
    assert_eq!(p["count"], 3);
    assert_eq!(p["paths"].as_array().unwrap().len(), 3);
    assert!(p["message"].is_string());
    assert_eq!(v["warnings"][0]["code"], "unlisted-file");
    assert_eq!(v["warnings"][0]["count"], 30);
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let m = manifest12("", "", &["index.html"]);
    let zip = write_zip(
        dir.path(),
        "ok.zip",
        &zip_bytes(&[("imsmanifest.xml", m.as_bytes())]),
    );
    for args in [
        vec!["check", "--verbose", zip.to_str().unwrap()],
        vec!["settings", "--print-default"],
        vec!["manifest"],
    ] {
        let mut child = bin()
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take()); // the reader goes away, as `| head -0` would
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_ne!(out.status.code(), Some(101), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(!err.contains("Broken pipe"), "{args:?}: {err}");
    }
}

// ---------------------------------------------------------------------------------------------
// 7. Never panics, bounded memory, on arbitrary bytes

fn valid_zip() -> Vec<u8> {
    let m = manifest2004(
        "4th",
        r#"<adlcp:completionThreshold completedByMeasure="true" minProgressMeasure="0.8"/>"#,
    );
    zip_bytes(&[
        ("imsmanifest.xml", m.as_bytes()),
        ("index.html", b"<html/>"),
    ])
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, .. ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        let r = check_archive(Cursor::new(bytes));
        prop_assert!(!r.ok());
    }

    #[test]
    fn mutated_zips_never_panic(
        edits in proptest::collection::vec((any::<proptest::sample::Index>(), any::<u8>()), 1..12),
        cut in proptest::option::of(any::<proptest::sample::Index>()),
    ) {
        let mut zip = valid_zip();
        for (at, b) in edits {
            let i = at.index(zip.len());
            zip[i] = b;
        }
        if let Some(c) = cut {
            zip.truncate(c.index(zip.len()));
        }
        let _ = check_archive(Cursor::new(zip));
    }

    #[test]
    fn mutated_manifests_never_panic(
        edits in proptest::collection::vec((any::<proptest::sample::Index>(), any::<u8>()), 1..8),
    ) {
        let mut m = manifest2004("4th", "<imsss:sequencing><imsss:controlMode flow=\"true\"/></imsss:sequencing>").into_bytes();
        for (at, b) in edits {
            let i = at.index(m.len());
            m[i] = b;
        }
        let r = check_manifest(&m);
        prop_assert!(r.problems.len() == r.problem_findings.len());
    }
}

#[test]
fn the_valid_fixture_passes() {
    let r = check_bytes(&valid_zip());
    assert!(r.ok(), "{:?}", r.problems);
    assert_eq!(r.kind, PackageKind::Scorm);
    assert_eq!(r.scos, 1);
}
