//! The zip around the manifest: entry names (unsafe, duplicate, symlinks, Windows separators),
//! what kind of package it is, and the one capped reader of `imsmanifest.xml`.

use std::collections::{BTreeSet, HashMap};
use std::io::{Read, Seek, SeekFrom};

use serde::Serialize;

use super::findings::{Code, Findings};
use crate::engine::manifest::MANIFEST_NAME;

/// The most of `imsmanifest.xml` any reader takes: real manifests are a few hundred KiB.
pub const MANIFEST_CAP: u64 = 16 * 1024 * 1024;

/// Why the manifest of a package cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum ManifestError {
    #[error("cannot open {path}: {source}")]
    Open {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    #[error("not a readable zip file ({0})")]
    NotZip(String),
    #[error("the package has no imsmanifest.xml")]
    Missing,
    #[error(
        "imsmanifest.xml is larger than {} MiB ({size} bytes or more): no manifest is that large",
        MANIFEST_CAP / 1024 / 1024
    )]
    TooLarge { size: u64 },
    #[error("imsmanifest.xml cannot be read from the zip: {0}")]
    Read(String),
}

/// What a zip holds, by the files that name each kind of e-learning package.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PackageKind {
    Scorm,
    Cmi5,
    Xapi,
    Aicc,
    #[default]
    Unknown,
}

/// Read a zip entry through a cap: never more than [`MANIFEST_CAP`] bytes, whatever its header says.
pub(super) fn read_capped<R: Read + Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
) -> Result<Vec<u8>, ManifestError> {
    let entry = zip.by_name(name).map_err(|e| match e {
        zip::result::ZipError::FileNotFound => ManifestError::Missing,
        other => ManifestError::Read(other.to_string()),
    })?;
    if entry.size() > MANIFEST_CAP {
        return Err(ManifestError::TooLarge { size: entry.size() });
    }
    let mut bytes = Vec::new();
    entry
        .take(MANIFEST_CAP + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| ManifestError::Read(e.to_string()))?;
    if bytes.len() as u64 > MANIFEST_CAP {
        return Err(ManifestError::TooLarge {
            size: bytes.len() as u64,
        });
    }
    Ok(bytes)
}

/// Read `imsmanifest.xml` from an opened zip.
pub(super) fn read_manifest_bytes<R: Read + Seek>(
    zip: &mut zip::ZipArchive<R>,
) -> Result<Vec<u8>, ManifestError> {
    read_capped(zip, MANIFEST_NAME)
}

/// The zip's file names (with `/` separators) after the hygiene checks.
pub(super) struct Entries {
    pub files: BTreeSet<String>,
}

/// Check every entry name; report each kind of trouble once.
pub(super) fn scan_entries<R: Read + Seek>(
    zip: &mut zip::ZipArchive<R>,
    all_names: Option<Vec<String>>,
    f: &mut Findings,
) -> Entries {
    let mut files = BTreeSet::new();
    for i in 0..zip.len() {
        let (name, symlink) = match zip.by_index_raw(i) {
            Ok(e) => (e.name().to_owned(), e.is_symlink()),
            Err(e) => {
                f.problem(
                    Code::EntryUnreadable,
                    format!("an entry of the zip cannot be read: {e}"),
                    Some(format!("entry {i}")),
                );
                continue;
            }
        };
        if name.contains('\\') {
            f.problem(
                Code::BackslashPaths,
                "entry names use “\\” as folder separator: the zip was made with a tool that writes Windows separators, and LMSs on other systems see one file named “a\\b.html” instead of a folder; zip it again with a tool that writes “/”",
                Some(name.clone()),
            );
        }
        let name = name.replace('\\', "/");
        let drive = name.as_bytes().get(1) == Some(&b':');
        if name.starts_with('/')
            || name.split('/').any(|p| p == "..")
            || drive
            || name.contains(':')
        {
            f.problem(
                Code::UnsafePath,
                "entry has an unsafe path (absolute, “..”, or a drive letter or “:”): an LMS may refuse the package or write outside its folder",
                Some(name.clone()),
            );
        }
        if symlink {
            f.problem(
                Code::SymlinkEntry,
                "entry is a symbolic link: LMSs refuse them or unpack a broken file; put the file itself in the zip",
                Some(name.clone()),
            );
        }
        if !name.ends_with('/') {
            files.insert(name);
        }
    }
    if let Some(names) = all_names {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for n in &names {
            *seen.entry(n.as_str()).or_default() += 1;
        }
        let mut dups: Vec<(&str, usize)> = seen.into_iter().filter(|(_, c)| *c > 1).collect();
        dups.sort_unstable();
        for (name, _) in dups {
            f.problem(
                Code::DuplicateEntry,
                "the zip holds two or more entries with the same name: which one an LMS unpacks is undefined",
                Some(name.to_owned()),
            );
        }
    }
    Entries { files }
}

/// Name the kind of package from its files; problems when it is not (only) SCORM.
pub(super) fn kind(files: &BTreeSet<String>, f: &mut Findings) -> PackageKind {
    let base = |n: &str| n.rsplit('/').next().unwrap_or(n).to_ascii_lowercase();
    if files.contains(MANIFEST_NAME) {
        return PackageKind::Scorm;
    }
    if let Some(n) = files.iter().find(|n| base(n) == MANIFEST_NAME) {
        let msg = if n.contains('/') {
            "imsmanifest.xml is not at the root of the zip: zip the folder's contents, not the folder"
        } else {
            "the manifest must be named imsmanifest.xml, in lower case"
        };
        f.problem(Code::ManifestNotAtRoot, msg, Some(n.clone()));
        return PackageKind::Scorm;
    }
    let found = |wanted: &dyn Fn(&str) -> bool| files.iter().find(|n| wanted(&base(n))).cloned();
    let (kind, file, what) = if let Some(n) = found(&|b| b == "cmi5.xml") {
        (PackageKind::Cmi5, n, "a cmi5 package (it has cmi5.xml)")
    } else if let Some(n) = found(&|b| b == "tincan.xml") {
        (
            PackageKind::Xapi,
            n,
            "an xAPI (Tin Can) package (it has tincan.xml)",
        )
    } else if let Some(n) = found(&|b| {
        [".au", ".crs", ".des", ".cst"]
            .iter()
            .any(|ext| b.ends_with(ext))
    }) {
        (
            PackageKind::Aicc,
            n,
            "an AICC package (it has .au/.crs/.des/.cst course files)",
        )
    } else {
        f.problem(
            Code::NoManifest,
            "the zip has no imsmanifest.xml: it is not a SCORM package",
            None,
        );
        return PackageKind::Unknown;
    };
    f.problem(
        Code::NotScorm,
        format!("this is {what}, not a SCORM package: it has no imsmanifest.xml, and an LMS imports it only as that kind"),
        Some(file),
    );
    kind
}

fn u16_at(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from(u16::from_le_bytes(
        b.get(at..at + 2)?.try_into().ok()?,
    )))
}

fn u32_at(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from(u32::from_le_bytes(
        b.get(at..at + 4)?.try_into().ok()?,
    )))
}

fn u64_at(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(b.get(at..at + 8)?.try_into().ok()?))
}

/// Every name in the central directory, duplicates included (the zip library keeps only one
/// entry per name). `None` when the directory cannot be walked; the zip library reports why.
pub(super) fn central_directory_names<R: Read + Seek>(r: &mut R) -> Option<Vec<String>> {
    let len = r.seek(SeekFrom::End(0)).ok()?;
    let tail_len = len.min(22 + 65_535);
    r.seek(SeekFrom::Start(len - tail_len)).ok()?;
    let mut tail = vec![0; usize::try_from(tail_len).ok()?];
    r.read_exact(&mut tail).ok()?;
    let eocd = tail.windows(4).rposition(|w| w == b"PK\x05\x06")?;
    let eocd_pos = len - tail_len + eocd as u64;
    let e = &tail[eocd..];
    let (mut count, mut cd_size, mut cd_end) = (u16_at(e, 10)?, u32_at(e, 12)?, eocd_pos);
    if count == 0xFFFF || cd_size == 0xFFFF_FFFF {
        // Zip64: the locator just before the end record points at the Zip64 end record.
        let loc = eocd.checked_sub(20)?;
        let l = &tail[loc..eocd];
        (l.get(..4)? == b"PK\x06\x07").then_some(())?;
        let z64_pos = u64_at(l, 8)?;
        r.seek(SeekFrom::Start(z64_pos)).ok()?;
        let mut z = [0u8; 56];
        r.read_exact(&mut z).ok()?;
        (&z[..4] == b"PK\x06\x06").then_some(())?;
        count = u64_at(&z, 32)?;
        cd_size = u64_at(&z, 40)?;
        cd_end = z64_pos;
    }
    if cd_size > 64 * 1024 * 1024 {
        return None;
    }
    // Measured back from its end, the directory is found even behind prepended data.
    let cd_start = cd_end.checked_sub(cd_size)?;
    r.seek(SeekFrom::Start(cd_start)).ok()?;
    let mut cd = Vec::new();
    r.by_ref().take(cd_size).read_to_end(&mut cd).ok()?;
    let mut names = Vec::new();
    let mut at = 0usize;
    for _ in 0..count {
        let h = cd.get(at..at + 46)?;
        (&h[..4] == b"PK\x01\x02").then_some(())?;
        let n = usize::try_from(u16_at(h, 28)?).ok()?;
        let extra = usize::try_from(u16_at(h, 30)?).ok()?;
        let comment = usize::try_from(u16_at(h, 32)?).ok()?;
        let name = cd.get(at + 46..at + 46 + n)?;
        names.push(String::from_utf8_lossy(name).replace('\\', "/"));
        at += 46 + n + extra + comment;
    }
    Some(names)
}
