//! What the check found: each kind of problem once, with how often it occurred and where.

use std::collections::HashMap;

use serde::Serialize;

/// A stable name for each kind of finding (the `code` of `--json`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Code {
    CannotOpen,
    NotAZip,
    EntryUnreadable,
    UnsafePath,
    BackslashPaths,
    DuplicateEntry,
    SymlinkEntry,
    NotScorm,
    NoManifest,
    ManifestNotAtRoot,
    ManifestTooLarge,
    Encoding,
    NotWellFormed,
    Doctype,
    TooComplex,
    Namespace,
    ContentModel,
    AdlcpSpelling,
    InvalidValue,
    InvalidIdentifier,
    DuplicateIdentifier,
    DanglingReference,
    FileOutsidePackage,
    FileMissing,
    FileCase,
    SchemaVersion,
    ScormTypeMissing,
    NoSco,
    UnlistedFile,
    TooManyFindings,
}

/// One kind of problem or warning: the message says what is wrong, `paths` say where (zip
/// entries, hrefs or identifiers), `count` how many times it occurred.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub code: Code,
    pub message: String,
    pub count: usize,
    pub paths: Vec<String>,
}

/// At most this many paths are kept per finding (the count goes on).
const MAX_PATHS: usize = 100;
/// At most this many distinct findings per severity: arbitrary input cannot grow the report.
const MAX_FINDINGS: usize = 300;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Severity {
    Problem,
    Warning,
}

/// Collects findings, merging repeats of the same message.
#[derive(Debug, Default)]
pub(crate) struct Findings {
    pub problems: Vec<Finding>,
    pub warnings: Vec<Finding>,
    index: HashMap<(Severity, Code, String), usize>,
}

impl Findings {
    /// A problem: the package is wrong.
    pub fn problem(&mut self, code: Code, message: impl Into<String>, path: Option<String>) {
        self.add(Severity::Problem, code, message.into(), path);
    }

    /// A warning: worth knowing, the package still works.
    pub fn warning(&mut self, code: Code, message: impl Into<String>, path: Option<String>) {
        self.add(Severity::Warning, code, message.into(), path);
    }

    fn add(&mut self, sev: Severity, code: Code, message: String, path: Option<String>) {
        let key = (sev, code, message);
        let list = match sev {
            Severity::Problem => &mut self.problems,
            Severity::Warning => &mut self.warnings,
        };
        let i = match self.index.get(&key) {
            Some(&i) => i,
            None if list.len() < MAX_FINDINGS => {
                list.push(Finding {
                    code,
                    message: key.2.clone(),
                    count: 0,
                    paths: Vec::new(),
                });
                self.index.insert(key, list.len() - 1);
                list.len() - 1
            }
            None => {
                let overflow = (sev, Code::TooManyFindings, String::new());
                match self.index.get(&overflow) {
                    Some(&i) => i,
                    None => {
                        list.push(Finding {
                            code: Code::TooManyFindings,
                            message: "more kinds of finding than a report can list".into(),
                            count: 0,
                            paths: Vec::new(),
                        });
                        self.index.insert(overflow, list.len() - 1);
                        list.len() - 1
                    }
                }
            }
        };
        let f = &mut list[i];
        f.count += 1;
        if let Some(p) = path
            && f.paths.len() < MAX_PATHS
            && !f.paths.contains(&p)
        {
            f.paths.push(p);
        }
    }
}

impl Finding {
    /// One line: the message, how often, and up to `max_paths` of its paths.
    pub fn line(&self, max_paths: usize) -> String {
        let mut s = self.message.clone();
        if self.count > 1 {
            s.push_str(&format!(" ({}×)", self.count));
        }
        if max_paths > 0 && !self.paths.is_empty() {
            let shown: Vec<&str> = self
                .paths
                .iter()
                .take(max_paths)
                .map(String::as_str)
                .collect();
            s.push_str(": ");
            s.push_str(&shown.join(", "));
            let more = self.paths.len() - shown.len();
            if more > 0 {
                s.push_str(&format!(" … and {more} more"));
            } else if self.paths.len() == MAX_PATHS && self.count > MAX_PATHS {
                s.push_str(" … and more");
            }
        }
        s
    }
}
