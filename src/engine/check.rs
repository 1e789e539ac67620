//! The package self-check. Works on any SCORM zip, ours or not: the manifest parses, every
//! `<file href>` and resource `href` exists in the zip, every `identifierref` resolves, identifiers
//! are unique valid `xs:ID`s, the schemaversion and `scormType` spelling fit, and no entry has `..`
//! or an absolute path. These are the checks an XSD cannot make.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use serde::Serialize;

use super::ids::is_valid_xs_id;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CheckReport {
    /// Problems that make the package wrong.
    pub problems: Vec<String>,
    /// Things worth knowing that do not break the package (e.g. files the manifest does not list).
    pub warnings: Vec<String>,
    /// `<schemaversion>` as found.
    pub schema_version: Option<String>,
    pub entries: usize,
    pub scos: usize,
}

impl CheckReport {
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Check a zip file on disk.
pub fn check_package(path: &Path) -> CheckReport {
    let mut report = CheckReport::default();
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) => {
            report
                .problems
                .push(format!("cannot open {}: {e}", path.display()));
            return report;
        }
    };
    let mut zip = match zip::ZipArchive::new(BufReader::new(file)) {
        Ok(z) => z,
        Err(e) => {
            report
                .problems
                .push(format!("not a readable zip file: {e}"));
            return report;
        }
    };
    let mut names: HashSet<String> = HashSet::new();
    for i in 0..zip.len() {
        let name = match zip.by_index_raw(i) {
            Ok(f) => f.name().to_owned(),
            Err(e) => {
                report
                    .problems
                    .push(format!("entry {i} cannot be read: {e}"));
                continue;
            }
        };
        if name.starts_with('/')
            || name.contains('\\')
            || name.split('/').any(|p| p == "..")
            || name.contains(':')
        {
            report.problems.push(format!(
                "entry “{name}” has an unsafe path (absolute, .., \\ or :)"
            ));
        }
        if !name.ends_with('/') {
            names.insert(name);
        }
    }
    report.entries = names.len();
    let manifest = match zip.by_name("imsmanifest.xml") {
        Ok(mut f) => {
            let mut s = String::new();
            match f.read_to_string(&mut s) {
                Ok(_) => s,
                Err(e) => {
                    report
                        .problems
                        .push(format!("imsmanifest.xml cannot be read as UTF-8 text: {e}"));
                    return report;
                }
            }
        }
        Err(_) => {
            let nested = names.iter().find(|n| n.ends_with("/imsmanifest.xml"));
            report.problems.push(match nested {
                Some(n) => format!(
                    "imsmanifest.xml is not at the root of the zip (found “{n}”): zip the folder's contents, not the folder"
                ),
                None => "the zip has no imsmanifest.xml".into(),
            });
            return report;
        }
    };
    check_manifest(&manifest, &names, &mut report);
    report
}

/// The `imsmanifest.xml` of a package (the studio's "Show manifest"). Reads at most 16 MiB, so
/// a hostile zip cannot make it allocate without bound.
pub fn read_manifest(pkg: &Path) -> Result<String, String> {
    use std::io::Read as _;
    let file = std::fs::File::open(pkg).map_err(|e| e.to_string())?;
    let mut zip = zip::ZipArchive::new(std::io::BufReader::new(file))
        .map_err(|e| format!("not a readable zip file ({e})"))?;
    let mut entry = zip
        .by_name(super::package::MANIFEST_NAME)
        .map_err(|_| "the package has no imsmanifest.xml".to_owned())?;
    let mut text = String::new();
    entry
        .by_ref()
        .take(16 * 1024 * 1024)
        .read_to_string(&mut text)
        .map_err(|e| format!("the manifest is not readable text ({e})"))?;
    Ok(text)
}

#[derive(Default)]
struct Parsed {
    ids: Vec<String>,
    org_ids: HashSet<String>,
    default_org: Option<String>,
    resources: HashMap<String, Option<String>>,
    item_refs: Vec<(String, String)>,
    dep_refs: Vec<String>,
    files: Vec<String>,
    schema_version: Option<String>,
    scormtype_lower: usize,
    scormtype_camel: usize,
    sco_resources: usize,
}

fn attr(e: &BytesStart, name: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
}

fn local(name: &[u8]) -> &[u8] {
    match name.iter().rposition(|b| *b == b':') {
        Some(i) => &name[i + 1..],
        None => name,
    }
}

/// Check manifest text against the zip's file names.
pub fn check_manifest(xml: &str, names: &HashSet<String>, report: &mut CheckReport) {
    let mut p = Parsed::default();
    let mut reader = Reader::from_str(xml);
    let mut stack: Vec<Vec<u8>> = Vec::new();
    let mut in_resource: Option<String> = None;
    loop {
        let ev = match reader.read_event() {
            Ok(ev) => ev,
            Err(e) => {
                report.problems.push(format!(
                    "imsmanifest.xml is not well-formed XML at byte {}: {e}",
                    reader.buffer_position()
                ));
                return;
            }
        };
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let is_empty = matches!(ev, Event::Empty(_));
                let name = e.name().as_ref().to_vec();
                let l = local(&name).to_vec();
                if let Some(id) = attr(e, b"identifier") {
                    p.ids.push(id);
                }
                match l.as_slice() {
                    b"organizations" => p.default_org = attr(e, b"default"),
                    b"organization" => {
                        if let Some(id) = attr(e, b"identifier") {
                            p.org_ids.insert(id);
                        }
                    }
                    b"item" => {
                        if let Some(r) = attr(e, b"identifierref") {
                            let id = attr(e, b"identifier").unwrap_or_default();
                            p.item_refs.push((id, r));
                        }
                    }
                    b"resource" => {
                        let id = attr(e, b"identifier").unwrap_or_default();
                        let href = attr(e, b"href");
                        if let Some(h) = &href {
                            p.files.push(h.clone());
                        }
                        let lower = attr(e, b"adlcp:scormtype");
                        let camel = attr(e, b"adlcp:scormType");
                        p.scormtype_lower += usize::from(lower.is_some());
                        p.scormtype_camel += usize::from(camel.is_some());
                        if lower.or(camel).as_deref() == Some("sco") {
                            p.sco_resources += 1;
                        }
                        p.resources.insert(id.clone(), href);
                        if !is_empty {
                            in_resource = Some(id);
                        }
                    }
                    b"file" if in_resource.is_some() => {
                        if let Some(h) = attr(e, b"href") {
                            p.files.push(h);
                        }
                    }
                    b"dependency" => {
                        if let Some(r) = attr(e, b"identifierref") {
                            p.dep_refs.push(r);
                        }
                    }
                    _ => {}
                }
                if !is_empty {
                    stack.push(l);
                }
            }
            Event::End(_) => {
                let closed = stack.pop();
                if closed.as_deref() == Some(b"resource") {
                    in_resource = None;
                }
            }
            Event::Text(t) if stack.last().map(Vec::as_slice) == Some(b"schemaversion") => {
                let text = t.decode().map(|c| c.trim().to_owned()).unwrap_or_default();
                p.schema_version = Some(text);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    verify(p, names, report);
}

fn verify(p: Parsed, names: &HashSet<String>, report: &mut CheckReport) {
    let problems = &mut report.problems;
    let mut seen = HashSet::new();
    for id in &p.ids {
        if let Err(why) = is_valid_xs_id(id) {
            problems.push(format!("identifier {why}"));
        }
        if !seen.insert(id) {
            problems.push(format!("identifier “{id}” is used more than once"));
        }
    }
    match &p.default_org {
        Some(d) if !p.org_ids.contains(d) => problems.push(format!(
            "<organizations default=\"{d}\"> names no organization"
        )),
        _ => {}
    }
    for (item, r) in &p.item_refs {
        match p.resources.get(r) {
            None => problems.push(format!(
                "item “{item}” refers to resource “{r}”, which does not exist"
            )),
            Some(None) => problems.push(format!(
                "item “{item}” launches resource “{r}”, which has no href"
            )),
            Some(Some(_)) => {}
        }
    }
    for r in &p.dep_refs {
        if !p.resources.contains_key(r) {
            problems.push(format!(
                "dependency on resource “{r}”, which does not exist"
            ));
        }
    }
    let mut listed = BTreeSet::new();
    for f in &p.files {
        let path = normalize_href(f);
        if path.starts_with('/') || path.split('/').any(|s| s == "..") {
            problems.push(format!("file “{f}” points outside the package"));
            continue;
        }
        if path.contains("://") {
            continue;
        }
        if !names.contains(&path) {
            let case = names.iter().find(|n| n.eq_ignore_ascii_case(&path));
            problems.push(match case {
                Some(n) => format!("file “{f}” is listed but the zip has “{n}” (case differs)"),
                None => format!("file “{f}” is listed in the manifest but not in the zip"),
            });
        }
        listed.insert(path);
    }
    report.scos = p.sco_resources;
    match p.schema_version.as_deref() {
        Some("1.2") => {
            if p.scormtype_camel > 0 {
                problems.push(
                    "SCORM 1.2 spells the attribute adlcp:scormtype (lower-case t), not adlcp:scormType"
                        .into(),
                );
            }
        }
        Some("2004 3rd Edition" | "2004 4th Edition" | "CAM 1.3") => {
            if p.scormtype_lower > 0 {
                problems.push(
                    "SCORM 2004 spells the attribute adlcp:scormType (capital T), not adlcp:scormtype"
                        .into(),
                );
            }
        }
        Some(other) => problems.push(format!(
            "<schemaversion> is “{other}”; expected “1.2”, “2004 3rd Edition” or “2004 4th Edition”"
        )),
        None => report
            .warnings
            .push("the manifest has no <schemaversion>".into()),
    }
    if p.sco_resources == 0 {
        report
            .warnings
            .push("no resource is marked as a SCO: the LMS will not track anything".into());
    }
    report.schema_version = p.schema_version;
    let mut unlisted: Vec<&String> = names
        .iter()
        .filter(|n| n.as_str() != "imsmanifest.xml" && !listed.contains(*n))
        .collect();
    unlisted.sort();
    for n in unlisted {
        report.warnings.push(format!(
            "“{n}” is in the zip but not listed in the manifest"
        ));
    }
}

/// A manifest href as a zip entry name: no query or fragment, percent-decoded, no leading "./".
fn normalize_href(href: &str) -> String {
    let end = href.find(['?', '#']).unwrap_or(href.len());
    let mut s = href[..end].trim().to_owned();
    while let Some(rest) = s.strip_prefix("./") {
        s = rest.to_owned();
    }
    super::render::percent_decode(&s)
}
