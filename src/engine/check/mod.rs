//! The package check. Works on any zip, ours or not, and never panics or reads without bound:
//! - the zip: unsafe, duplicate and symlink entries, Windows separators, and what kind of package
//!   it is (SCORM, cmi5, xAPI, AICC);
//! - `imsmanifest.xml` (read through one capped reader): UTF-8 or UTF-16, well-formed to the
//!   end, only XML 1.0 characters, no entity declarations;
//! - the IMS CP content model (order and cardinality), the adlcp / imsss extensions as the
//!   declared version spells them, identifiers, references, and every file an href names
//!   (resolved against `xml:base`, percent-decoded).
//!
//! Each kind of problem is reported once, with a count and where it occurred.

mod archive;
mod findings;
mod model;
mod xml;

use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::Path;

use serde::Serialize;

pub use archive::{MANIFEST_CAP, ManifestError, PackageKind};
use findings::Findings;
pub use findings::{Code, Finding};

use crate::engine::manifest::MANIFEST_NAME;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckReport {
    /// What the zip is.
    pub kind: PackageKind,
    /// Problems that make the package wrong, one line per kind (message, count, where).
    pub problems: Vec<String>,
    /// Things worth knowing that do not break the package, one line per kind.
    pub warnings: Vec<String>,
    /// `<schemaversion>` as found.
    pub schema_version: Option<String>,
    pub entries: usize,
    pub scos: usize,
    /// The problems as found: code, message, count and paths (what `--json` prints).
    pub problem_findings: Vec<Finding>,
    /// The warnings as found.
    pub warning_findings: Vec<Finding>,
}

/// Paths shown per line in `problems` / `warnings`.
const PATHS_PER_LINE: usize = 5;

impl CheckReport {
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }

    fn finish(mut self, f: Findings) -> Self {
        self.problems = f.problems.iter().map(|p| p.line(PATHS_PER_LINE)).collect();
        self.warnings = f.warnings.iter().map(|w| w.line(PATHS_PER_LINE)).collect();
        self.problem_findings = f.problems;
        self.warning_findings = f.warnings;
        self
    }

    /// The codes of the problems found (for tests and scripts).
    pub fn problem_codes(&self) -> Vec<Code> {
        self.problem_findings.iter().map(|p| p.code).collect()
    }

    /// The report as `course-export check` prints it: the verdict first (so `| head -1` shows
    /// it), then each problem (a few of its paths, all when `verbose`); warnings one line per
    /// kind, with their paths when `verbose`.
    pub fn to_text(&self, path: &Path, verbose: bool) -> String {
        let mut out = String::new();
        let what = match self.kind {
            PackageKind::Scorm => format!(
                "SCORM {}",
                self.schema_version
                    .as_deref()
                    .unwrap_or("of unknown version")
            ),
            PackageKind::Cmi5 => "cmi5".into(),
            PackageKind::Xapi => "xAPI".into(),
            PackageKind::Aicc => "AICC".into(),
            PackageKind::Unknown => "not a SCORM package".into(),
        };
        if self.ok() {
            out.push_str(&format!(
                "OK: {} ({what}; {} file(s), {} SCO(s){})\n",
                path.display(),
                self.entries,
                self.scos,
                match self.warning_findings.iter().map(|w| w.count).sum::<usize>() {
                    0 => String::new(),
                    n => format!(", {n} warning(s)"),
                }
            ));
        } else {
            let n: usize = self.problem_findings.iter().map(|p| p.count).sum();
            out.push_str(&format!(
                "FAILED: {n} problem(s) in {} ({what})\n",
                path.display()
            ));
        }
        let paths = if verbose { usize::MAX } else { PATHS_PER_LINE };
        for p in &self.problem_findings {
            out.push_str(&format!("problem: {}\n", p.line(paths)));
        }
        for w in &self.warning_findings {
            if verbose {
                out.push_str(&format!("warning: {}\n", w.line(usize::MAX)));
            } else if w.paths.is_empty() {
                out.push_str(&format!("warning: {}\n", w.line(0)));
            } else {
                out.push_str(&format!("warning: {} (--verbose lists them)\n", w.line(0)));
            }
        }
        out
    }

    /// The report as JSON for CI: `{"ok", "kind", "version", "problems", "warnings"}`.
    pub fn to_json(&self) -> String {
        #[derive(Serialize)]
        struct Json<'a> {
            ok: bool,
            kind: PackageKind,
            version: Option<&'a str>,
            problems: &'a [Finding],
            warnings: &'a [Finding],
        }
        let json = Json {
            ok: self.ok(),
            kind: self.kind,
            version: self.schema_version.as_deref(),
            problems: &self.problem_findings,
            warnings: &self.warning_findings,
        };
        // Serialising plain strings, numbers and enums cannot fail; an empty object is the
        // honest fallback if it ever did.
        serde_json::to_string_pretty(&json).unwrap_or_else(|_| "{}".into())
    }
}

/// Check a zip file on disk.
pub fn check_package(path: &Path) -> CheckReport {
    match File::open(path) {
        Ok(file) => check_archive(BufReader::new(file)),
        Err(e) => {
            let mut f = Findings::default();
            f.problem(
                Code::CannotOpen,
                format!("cannot open {}: {e}", path.display()),
                None,
            );
            CheckReport::default().finish(f)
        }
    }
}

/// Check a zip from any seekable reader (a file, or bytes in memory).
pub fn check_archive<R: Read + Seek>(mut reader: R) -> CheckReport {
    let mut f = Findings::default();
    let mut report = CheckReport::default();
    let all_names = archive::central_directory_names(&mut reader);
    let zip = reader
        .seek(SeekFrom::Start(0))
        .map_err(|e| e.to_string())
        .and_then(|_| zip::ZipArchive::new(reader).map_err(|e| e.to_string()));
    let mut zip = match zip {
        Ok(z) => z,
        Err(e) => {
            f.problem(Code::NotAZip, format!("not a readable zip file: {e}"), None);
            return report.finish(f);
        }
    };
    let entries = archive::scan_entries(&mut zip, all_names, &mut f);
    report.entries = entries.files.len();
    report.kind = archive::kind(&entries.files, &mut f);
    if report.kind != PackageKind::Scorm {
        return report.finish(f);
    }
    if !entries.files.contains(MANIFEST_NAME) {
        return report.finish(f); // kind() named what is wrong
    }
    let bytes = match archive::read_manifest_bytes(&mut zip) {
        Ok(b) => b,
        Err(e @ ManifestError::TooLarge { .. }) => {
            f.problem(Code::ManifestTooLarge, e.to_string(), None);
            return report.finish(f);
        }
        Err(e) => {
            f.problem(Code::EntryUnreadable, e.to_string(), None);
            return report.finish(f);
        }
    };
    let Some(text) = xml::decode(&bytes, &mut f) else {
        return report.finish(f);
    };
    drop(bytes);
    if let Some(doc) = xml::parse(&text, &mut f) {
        let s = model::check(&doc, &entries.files, &mut f);
        report.schema_version = s.schema_version;
        report.scos = s.scos;
    }
    report.finish(f)
}

/// The `imsmanifest.xml` of a package as text (the studio's "Show manifest"), read through the
/// same cap as the check: a hostile zip cannot make it allocate without bound.
pub fn read_manifest(pkg: &Path) -> Result<String, ManifestError> {
    let file = File::open(pkg).map_err(|source| ManifestError::Open {
        path: pkg.to_owned(),
        source,
    })?;
    let mut zip = zip::ZipArchive::new(BufReader::new(file))
        .map_err(|e| ManifestError::NotZip(e.to_string()))?;
    let bytes = archive::read_manifest_bytes(&mut zip)?;
    let mut f = Findings::default();
    xml::decode(&bytes, &mut f).ok_or_else(|| {
        ManifestError::Read(
            f.problems
                .first()
                .map_or_else(|| "not readable text".into(), |p| p.message.clone()),
        )
    })
}
