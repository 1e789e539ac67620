//! The package as the test LMS sees it: an index of the zip's entries (served without
//! extraction) and what the manifest says about each launchable item.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, Read as _};
use std::path::{Path, PathBuf};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use serde::Serialize;
use zip::CompressionMethod;

use super::TryError;

/// Largest manifest read (a hostile zip cannot make us allocate without bound).
const MANIFEST_MAX: u64 = 16 * 1024 * 1024;

/// Where one entry's bytes are in the zip.
#[derive(Debug, Clone)]
pub struct Entry {
    pub index: usize,
    pub size: u64,
    /// Offset of the data in the zip file; stored entries are served from here with seeks.
    pub data_start: u64,
    pub stored: bool,
}

/// The zip's file entries by name (directories left out).
#[derive(Debug)]
pub struct ZipIndex {
    pub path: PathBuf,
    pub entries: HashMap<String, Entry>,
}

impl ZipIndex {
    pub fn open(path: &Path) -> Result<(ZipIndex, zip::ZipArchive<BufReader<File>>), TryError> {
        let file = File::open(path).map_err(|source| TryError::Open {
            path: path.to_owned(),
            source,
        })?;
        let mut zip =
            zip::ZipArchive::new(BufReader::new(file)).map_err(|e| TryError::NotAZip {
                path: path.to_owned(),
                message: e.to_string(),
            })?;
        let mut entries = HashMap::new();
        for index in 0..zip.len() {
            let f = zip.by_index_raw(index).map_err(|e| TryError::NotAZip {
                path: path.to_owned(),
                message: e.to_string(),
            })?;
            if f.is_dir() {
                continue;
            }
            entries.insert(
                f.name().to_owned(),
                Entry {
                    index,
                    size: f.size(),
                    data_start: f.data_start(),
                    stored: f.compression() == CompressionMethod::Stored && !f.encrypted(),
                },
            );
        }
        Ok((
            ZipIndex {
                path: path.to_owned(),
                entries,
            },
            zip,
        ))
    }
}

/// Reads imsmanifest.xml from the archive.
pub fn manifest_text(zip: &mut zip::ZipArchive<BufReader<File>>) -> Result<String, TryError> {
    let entry = zip
        .by_name("imsmanifest.xml")
        .map_err(|_| TryError::NoManifest)?;
    let mut text = String::new();
    entry
        .take(MANIFEST_MAX)
        .read_to_string(&mut text)
        .map_err(|e| TryError::Manifest(format!("not readable text ({e})")))?;
    Ok(text)
}

/// A text entry of the archive (at most 64 MiB), `None` when absent or not text.
pub fn entry_text(zip: &mut zip::ZipArchive<BufReader<File>>, name: &str) -> Option<String> {
    let entry = zip.by_name(name).ok()?;
    let mut text = String::new();
    entry
        .take(64 * 1024 * 1024)
        .read_to_string(&mut text)
        .ok()?;
    Some(text)
}

/// One launchable item of the organization, with the values the LMS gives its run-time.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Sco {
    pub id: String,
    pub title: String,
    /// Launch URL relative to the package root (xml:base applied, parameters appended).
    pub href: String,
    pub mastery_score: Option<String>,
    pub launch_data: Option<String>,
    pub max_time_allowed: Option<String>,
    pub time_limit_action: Option<String>,
    pub completion_threshold: Option<String>,
    pub scaled_passing_score: Option<String>,
    pub completion_set_by_content: bool,
    pub objective_set_by_content: bool,
    /// `adlcp:scormType` says "asset": launched, but it never talks to the API.
    pub asset: bool,
}

/// An item of the organization tree (for the page's tree), flattened with its depth.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TreeItem {
    pub id: String,
    pub title: String,
    pub depth: usize,
    pub sco: bool,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PackageInfo {
    /// "1.2" or "2004".
    pub version: String,
    /// "3rd" / "4th" for 2004 (2nd Edition "CAM 1.3" is run as 3rd), None for 1.2.
    pub edition: Option<String>,
    pub schemaversion: String,
    pub items: Vec<TreeItem>,
    pub scos: Vec<Sco>,
}

#[derive(Default, Debug)]
struct RawItem {
    id: String,
    title: String,
    depth: usize,
    identifierref: Option<String>,
    parameters: Option<String>,
    mastery: Option<String>,
    data_from_lms: Option<String>,
    max_time: Option<String>,
    time_limit_action: Option<String>,
    threshold_text: Option<String>,
    threshold_by_measure: Option<bool>,
    threshold_min: Option<String>,
    completion_set_by_content: Option<bool>,
    objective_set_by_content: Option<bool>,
    satisfied_by_measure: Option<bool>,
    min_normalized: Option<String>,
}

#[derive(Debug)]
struct RawResource {
    href: Option<String>,
    base: String,
    asset: bool,
}

fn local(name: &[u8]) -> &[u8] {
    match name.iter().rposition(|b| *b == b':') {
        Some(i) => &name[i + 1..],
        None => name,
    }
}

fn attr(e: &BytesStart, want: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| {
            local(a.key.as_ref()) == want && (want != b"base" || a.key.as_ref() == b"xml:base")
        })
        .and_then(|a| a.unescape_value().ok().map(std::borrow::Cow::into_owned))
}

fn attr_bool(e: &BytesStart, want: &[u8]) -> Option<bool> {
    attr(e, want).map(|v| v.trim() == "true")
}

/// Joins an xml:base and a relative reference (a base without a trailing slash is a folder).
fn join(base: &str, href: &str) -> String {
    if base.is_empty() || href.contains("://") || href.starts_with('/') {
        return href.to_owned();
    }
    if base.ends_with('/') {
        format!("{base}{href}")
    } else {
        format!("{base}/{href}")
    }
}

/// Item parameters appended to the launch href (CAM4 §3.4.1.12 item parameters).
fn with_parameters(href: &str, params: Option<&str>) -> String {
    let Some(p) = params.map(str::trim).filter(|p| !p.is_empty()) else {
        return href.to_owned();
    };
    let p = p.trim_start_matches(['?', '&']);
    if p.starts_with('#') {
        return format!("{href}{p}");
    }
    if href.contains('?') {
        format!("{href}&{p}")
    } else {
        format!("{href}?{p}")
    }
}

/// Reads the default organization of a manifest.
pub fn parse_manifest(xml: &str) -> Result<PackageInfo, TryError> {
    let mut reader = Reader::from_str(xml);
    // Not trimmed by the reader: entities split the text into several events (trimmed at the end).
    let mut stack: Vec<Vec<u8>> = Vec::new();
    let mut text_target: Option<&'static str> = None;
    let mut text_buf = String::new();
    let mut schemaversion = String::new();
    let mut manifest_base = String::new();
    let mut resources_base = String::new();
    let mut default_org: Option<String> = None;
    let mut orgs: Vec<(String, Vec<RawItem>)> = Vec::new();
    let mut item_stack: Vec<usize> = Vec::new();
    let mut resources: HashMap<String, RawResource> = HashMap::new();
    let mut camel_type = false;
    let mut lower_type = false;

    loop {
        let ev = reader
            .read_event()
            .map_err(|e| TryError::Manifest(format!("not well-formed XML ({e})")))?;
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(ev, Event::Empty(_));
                text_buf.clear();
                let name = local(e.name().as_ref()).to_vec();
                let parent = stack.last().map(std::vec::Vec::as_slice);
                match name.as_slice() {
                    b"manifest" if stack.is_empty() => {
                        manifest_base = attr(e, b"base").unwrap_or_default();
                    }
                    b"schemaversion" if stack.len() == 2 => text_target = Some("schemaversion"),
                    b"organizations" => default_org = attr(e, b"default"),
                    b"organization" => {
                        orgs.push((attr(e, b"identifier").unwrap_or_default(), Vec::new()));
                    }
                    b"item" => {
                        if let Some((_, items)) = orgs.last_mut() {
                            items.push(RawItem {
                                id: attr(e, b"identifier").unwrap_or_default(),
                                depth: item_stack.len(),
                                identifierref: attr(e, b"identifierref"),
                                parameters: attr(e, b"parameters"),
                                ..RawItem::default()
                            });
                            if !empty {
                                item_stack.push(items.len() - 1);
                            }
                        }
                    }
                    b"title" if parent == Some(b"item") => text_target = Some("title"),
                    b"masteryscore" => text_target = Some("mastery"),
                    b"datafromlms" | b"dataFromLMS" => text_target = Some("data"),
                    b"maxtimeallowed" => text_target = Some("maxtime"),
                    b"timelimitaction" => text_target = Some("tla"),
                    b"completionThreshold" => {
                        if let Some(item) = current(&mut orgs, &item_stack) {
                            item.threshold_by_measure = attr_bool(e, b"completedByMeasure");
                            item.threshold_min = attr(e, b"minProgressMeasure");
                        }
                        text_target = Some("threshold");
                    }
                    b"deliveryControls" => {
                        if let Some(item) = current(&mut orgs, &item_stack) {
                            item.completion_set_by_content =
                                attr_bool(e, b"completionSetByContent");
                            item.objective_set_by_content = attr_bool(e, b"objectiveSetByContent");
                        }
                    }
                    b"primaryObjective" => {
                        if let Some(item) = current(&mut orgs, &item_stack) {
                            item.satisfied_by_measure = attr_bool(e, b"satisfiedByMeasure");
                        }
                    }
                    b"minNormalizedMeasure" if stack.iter().any(|s| s == b"primaryObjective") => {
                        text_target = Some("minnorm");
                    }
                    b"resources" => resources_base = attr(e, b"base").unwrap_or_default(),
                    b"resource" => {
                        let id = attr(e, b"identifier").unwrap_or_default();
                        let ty = e
                            .attributes()
                            .flatten()
                            .find(|a| local(a.key.as_ref()).eq_ignore_ascii_case(b"scormtype"));
                        if let Some(a) = &ty {
                            if local(a.key.as_ref()) == b"scormType" {
                                camel_type = true;
                            } else {
                                lower_type = true;
                            }
                        }
                        let asset = ty
                            .and_then(|a| a.unescape_value().ok().map(|v| v.trim() == "asset"))
                            .unwrap_or(false);
                        resources.insert(
                            id,
                            RawResource {
                                href: attr(e, b"href"),
                                base: attr(e, b"base").unwrap_or_default(),
                                asset,
                            },
                        );
                    }
                    _ => {}
                }
                if !empty {
                    stack.push(name);
                } else if text_target.is_some() {
                    text_target = None;
                }
            }
            Event::Text(t) if text_target.is_some() => {
                let part = t
                    .decode()
                    .map_err(|e| TryError::Manifest(format!("bad text ({e})")))?;
                text_buf.push_str(&part);
            }
            Event::GeneralRef(r) if text_target.is_some() => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    text_buf.push(c);
                } else {
                    let name = r.decode().unwrap_or_default();
                    text_buf.push_str(match name.as_ref() {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        "apos" => "'",
                        _ => "",
                    });
                }
            }
            Event::CData(t) if text_target.is_some() => {
                text_buf.push_str(&String::from_utf8_lossy(&t));
            }
            Event::End(_) => {
                let name = stack.pop().unwrap_or_default();
                if let Some(target) = text_target.take() {
                    let value = std::mem::take(&mut text_buf).trim().to_owned();
                    assign(&mut orgs, &item_stack, &mut schemaversion, target, value);
                }
                text_buf.clear();
                if name == b"item" {
                    item_stack.pop();
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }

    let is12 =
        schemaversion.trim() == "1.2" || (schemaversion.is_empty() && lower_type && !camel_type);
    let version = if is12 { "1.2" } else { "2004" }.to_owned();
    let edition = if is12 {
        None
    } else if schemaversion.contains("4th") {
        Some("4th".to_owned())
    } else if schemaversion.contains("3rd") || schemaversion.contains("CAM 1.3") {
        Some("3rd".to_owned())
    } else {
        Some("4th".to_owned())
    };

    let org = match &default_org {
        Some(d) => orgs
            .iter()
            .position(|(id, _)| id == d)
            .or(if orgs.is_empty() { None } else { Some(0) }),
        None => {
            if orgs.is_empty() {
                None
            } else {
                Some(0)
            }
        }
    };
    let Some(org) = org else {
        return Err(TryError::NoSco);
    };
    let raw_items = std::mem::take(&mut orgs[org].1);

    let mut items = Vec::new();
    let mut scos = Vec::new();
    for it in raw_items {
        let res = it.identifierref.as_ref().and_then(|r| resources.get(r));
        let launch = res.and_then(|r| {
            r.href.as_ref().map(|h| {
                let base = join(&join(&manifest_base, &resources_base), &r.base);
                with_parameters(&join(&base, h), it.parameters.as_deref())
            })
        });
        items.push(TreeItem {
            id: it.id.clone(),
            title: it.title.clone(),
            depth: it.depth,
            sco: launch.is_some(),
        });
        let Some(href) = launch else { continue };
        let threshold = if version == "1.2" {
            None
        } else if edition.as_deref() == Some("4th") {
            // 4th: only completedByMeasure="true" makes the threshold count (CAM4 §5.1.1.1).
            if it.threshold_by_measure == Some(true) {
                Some(it.threshold_min.clone().unwrap_or_else(|| "1.0".to_owned()))
            } else if it.threshold_by_measure.is_none() && it.threshold_min.is_none() {
                it.threshold_text.clone().filter(|t| !t.is_empty())
            } else {
                None
            }
        } else {
            it.threshold_text.clone().filter(|t| !t.is_empty())
        };
        let sps = if version == "2004" && it.satisfied_by_measure == Some(true) {
            Some(
                it.min_normalized
                    .clone()
                    .unwrap_or_else(|| "1.0".to_owned()),
            )
        } else {
            None
        };
        scos.push(Sco {
            id: it.id,
            title: it.title,
            href,
            mastery_score: it.mastery.filter(|m| !m.is_empty()),
            launch_data: it.data_from_lms,
            max_time_allowed: it.max_time,
            time_limit_action: it.time_limit_action,
            completion_threshold: threshold,
            scaled_passing_score: sps,
            // Sequencing defaults are false (SN4 §5.1.7 deliveryControls).
            completion_set_by_content: it.completion_set_by_content.unwrap_or(false),
            objective_set_by_content: it.objective_set_by_content.unwrap_or(false),
            asset: res.is_some_and(|r| r.asset),
        });
    }
    if scos.is_empty() {
        return Err(TryError::NoSco);
    }
    Ok(PackageInfo {
        version,
        edition,
        schemaversion,
        items,
        scos,
    })
}

/// Stores an element's text where it belongs.
fn assign(
    orgs: &mut [(String, Vec<RawItem>)],
    item_stack: &[usize],
    schemaversion: &mut String,
    target: &str,
    value: String,
) {
    if target == "schemaversion" {
        *schemaversion = value;
        return;
    }
    let Some(item) = current(orgs, item_stack) else {
        return;
    };
    let slot = match target {
        "title" => {
            item.title = value;
            return;
        }
        "mastery" => &mut item.mastery,
        "data" => &mut item.data_from_lms,
        "maxtime" => &mut item.max_time,
        "tla" => &mut item.time_limit_action,
        "threshold" => &mut item.threshold_text,
        "minnorm" => &mut item.min_normalized,
        _ => return,
    };
    *slot = Some(value);
}

fn current<'a>(
    orgs: &'a mut [(String, Vec<RawItem>)],
    item_stack: &[usize],
) -> Option<&'a mut RawItem> {
    let i = *item_stack.last()?;
    orgs.last_mut()?.1.get_mut(i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_items_bases_and_lms_values() {
        let xml = r#"<?xml version="1.0"?>
<manifest identifier="M" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3" xmlns:imsss="http://www.imsglobal.org/xsd/imsss" xml:base="root/">
 <metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>
 <organizations default="ORG"><organization identifier="ORG"><title>Course</title>
  <item identifier="CH1"><title>Chapter</title>
   <item identifier="I1" identifierref="R1" parameters="?page=2"><title>One</title>
    <adlcp:completionThreshold completedByMeasure="true" minProgressMeasure="0.6"/>
    <imsss:sequencing><imsss:objectives><imsss:primaryObjective objectiveID="p" satisfiedByMeasure="true"><imsss:minNormalizedMeasure>0.8</imsss:minNormalizedMeasure></imsss:primaryObjective></imsss:objectives>
    <imsss:deliveryControls completionSetByContent="true" objectiveSetByContent="true"/></imsss:sequencing>
   </item>
  </item>
  <item identifier="I2" identifierref="R2"><title>Q&amp;A &#8211; two</title></item>
 </organization></organizations>
 <resources xml:base="res"><resource identifier="R1" type="webcontent" adlcp:scormType="sco" href="a.html" xml:base="sco1/"><file href="a.html"/></resource>
 <resource identifier="R2" type="webcontent" adlcp:scormType="asset" href="b.html"/></resources>
</manifest>"#;
        let p = parse_manifest(xml).unwrap();
        assert_eq!(p.version, "2004");
        assert_eq!(p.edition.as_deref(), Some("4th"));
        assert_eq!(p.items.len(), 3);
        assert_eq!((p.items[0].depth, p.items[0].sco), (0, false));
        assert_eq!((p.items[1].depth, p.items[1].sco), (1, true));
        assert_eq!(p.scos[0].href, "root/res/sco1/a.html?page=2");
        assert_eq!(p.scos[0].completion_threshold.as_deref(), Some("0.6"));
        assert_eq!(p.scos[0].scaled_passing_score.as_deref(), Some("0.8"));
        assert!(p.scos[0].completion_set_by_content && p.scos[0].objective_set_by_content);
        assert_eq!(p.scos[1].href, "root/res/b.html");
        assert_eq!(p.scos[1].title, "Q&A \u{2013} two");
        assert!(p.scos[1].asset && !p.scos[1].completion_set_by_content);
    }

    #[test]
    fn scorm12_masteryscore() {
        let xml = r#"<manifest identifier="M" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"><metadata><schemaversion>1.2</schemaversion></metadata>
<organizations default="O"><organization identifier="O"><item identifier="I" identifierref="R"><title>T</title><adlcp:masteryscore>80</adlcp:masteryscore><adlcp:datafromlms>x=1</adlcp:datafromlms></item></organization></organizations>
<resources><resource identifier="R" type="webcontent" adlcp:scormtype="sco" href="index.html"/></resources></manifest>"#;
        let p = parse_manifest(xml).unwrap();
        assert_eq!(p.version, "1.2");
        assert_eq!(p.scos[0].mastery_score.as_deref(), Some("80"));
        assert_eq!(p.scos[0].launch_data.as_deref(), Some("x=1"));
    }

    #[test]
    fn no_launchable_item_is_an_error() {
        let xml = r#"<manifest><organizations><organization identifier="O"><item identifier="I"><title>T</title></item></organization></organizations><resources/></manifest>"#;
        assert!(matches!(parse_manifest(xml), Err(TryError::NoSco)));
        assert!(matches!(
            parse_manifest("<manifest><a></b>"),
            Err(TryError::Manifest(_))
        ));
    }
}
