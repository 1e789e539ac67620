//! The user's data: named export presets, the export history and the package archive.
//! Presets and history are JSON files written atomically (temp + rename). A file that cannot be
//! read is moved aside (`*.corrupt-<time>`, `*.corrupt-<time>-2`, … never replacing an earlier
//! one) with a notice and never overwritten.
//!
//! Several studio windows (or a studio and the CLI) may share these files. Every change is a
//! read-merge-write under an exclusive lock on `<file>.lock` (the standard library's `File::lock`:
//! `flock` on Unix, `LockFileEx` on Windows, released by the OS even when a process is killed):
//! the file is read again, the one change applied to what is on disk, and the result written, so
//! no instance ever writes back a stale list and no entry is lost.

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::clock::Clock;
use super::settings::ExportSettings;
use super::text_file::read_text;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{action} {}: {source}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("a preset named “{0}” already exists")]
    NameTaken(String),
    #[error("there is no preset named “{0}”")]
    NoSuchPreset(String),
    #[error("the preset name is empty")]
    EmptyName,
    #[error("{}: {message}", path.display())]
    Json { path: PathBuf, message: String },
}

fn io(action: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> StoreError {
    let path = path.to_path_buf();
    move |source| StoreError::Io {
        action,
        path,
        source,
    }
}

/// Where the app keeps its files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreDirs {
    pub config: PathBuf,
    pub data: PathBuf,
    pub cache: PathBuf,
}

impl StoreDirs {
    /// The platform's directories (XDG on Linux).
    pub fn platform() -> Option<Self> {
        let d = directories::ProjectDirs::from("io.github", "courseexport", "course-export")?;
        Some(Self {
            config: d.config_dir().to_path_buf(),
            data: d.data_dir().to_path_buf(),
            cache: d.cache_dir().to_path_buf(),
        })
    }
    /// Everything under one folder (tests, portable use).
    pub fn under(root: &Path) -> Self {
        Self {
            config: root.join("config"),
            data: root.join("data"),
            cache: root.join("cache"),
        }
    }
    /// `COURSE_EXPORT_HOME` overrides the platform directories (tests, CI, portable installs).
    pub fn from_env_or_platform() -> Self {
        if let Some(root) = std::env::var_os("COURSE_EXPORT_HOME") {
            return Self::under(Path::new(&root));
        }
        Self::platform().unwrap_or_else(|| Self::under(Path::new(".course-export")))
    }
}

/// Write `bytes` to `path` atomically: a temp file in the same folder, synced, then renamed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(io("creating", dir))?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(io("creating a file in", dir))?;
    std::io::Write::write_all(&mut tmp, bytes).map_err(io("writing", path))?;
    tmp.as_file().sync_all().map_err(io("syncing", path))?;
    tmp.persist(path)
        .map_err(|e| io("replacing", path)(e.error))?;
    Ok(())
}

/// Most a presets or history file may hold (history grows by about 1 KB an export).
const MAX_STORE_BYTES: u64 = 64 * 1024 * 1024;

/// An exclusive lock on `<path>.lock`, held until dropped (the lock file itself is never
/// deleted: deleting lock files races with their next user).
struct FileLock {
    _file: std::fs::File,
}

fn lock_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    path.with_file_name(name)
}

fn lock(path: &Path) -> Result<FileLock, StoreError> {
    let lock = lock_path(path);
    if let Some(dir) = lock.parent() {
        std::fs::create_dir_all(dir).map_err(io("creating", dir))?;
    }
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock)
        .map_err(io("opening the lock file", &lock))?;
    file.lock().map_err(io("locking", &lock))?;
    Ok(FileLock { _file: file })
}

/// Move an unreadable file aside under a name no earlier one has: `<name>.corrupt-<secs>`, then
/// `-2`, `-3`, … A hard link never replaces an existing file, so two instances handling two
/// corrupt files in the same second keep both.
fn move_aside(path: &Path, secs: u64) -> std::io::Result<PathBuf> {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    for n in 1..10_000u32 {
        let aside = path.with_file_name(if n == 1 {
            format!("{name}.corrupt-{secs}")
        } else {
            format!("{name}.corrupt-{secs}-{n}")
        });
        match std::fs::hard_link(path, &aside) {
            Ok(()) => {
                if let Err(e) = std::fs::remove_file(path) {
                    let _ = std::fs::remove_file(&aside);
                    return Err(e);
                }
                return Ok(aside);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            // No hard links on this file system (FAT, some network shares): rename if free.
            Err(_) if aside.exists() => {}
            Err(_) => {
                std::fs::rename(path, &aside)?;
                return Ok(aside);
            }
        }
    }
    Err(std::io::Error::other("too many files moved aside already"))
}

/// Load a JSON file. Missing → default. Unreadable → moved aside, default, and a notice.
fn load_json<T: DeserializeOwned + Default>(path: &Path, now: SystemTime) -> (T, Option<String>) {
    let text = match read_text(path, MAX_STORE_BYTES) {
        Ok(t) => t,
        Err(e) if e.is_not_found() => return (T::default(), None),
        Err(e) => {
            return (
                T::default(),
                Some(format!("Could not read {}: {e}", path.display())),
            );
        }
    };
    match serde_json::from_str(&text) {
        Ok(v) => (v, None),
        Err(e) => {
            let secs = now.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
            let msg = match move_aside(path, secs) {
                Ok(aside) => format!(
                    "{} could not be read ({e}). It was moved to {} and a new one was started; nothing was overwritten.",
                    path.display(),
                    aside.display()
                ),
                Err(me) => format!(
                    "{} could not be read ({e}) and could not be moved aside ({me}); it will not be overwritten this session.",
                    path.display()
                ),
            };
            (T::default(), Some(msg))
        }
    }
}

/// Load under the file's lock (so two instances never both move the same file aside); without
/// a lock (read-only folder) it still loads.
fn load_locked<T: DeserializeOwned + Default>(path: &Path, now: SystemTime) -> (T, Option<String>) {
    let _lock = lock(path).ok();
    load_json(path, now)
}

/// The read-merge-write of one change: under the lock, read what is on disk now (another
/// instance may have written since), apply `change`, write it back. Returns the new contents.
fn update_json<F, R>(
    path: &Path,
    writable: bool,
    now: SystemTime,
    fallback: F,
    change: impl FnOnce(&mut F) -> Result<R, StoreError>,
) -> Result<(F, R), StoreError>
where
    F: DeserializeOwned + Default + Serialize,
{
    if !writable {
        return Err(not_writable(path));
    }
    let _lock = lock(path)?;
    let (on_disk, notice): (F, _) = load_json(path, now);
    // A file that turned unreadable since was moved aside: start again from what this instance
    // knows, so the change still lands and nothing more is lost.
    let mut file = if notice.is_some() { fallback } else { on_disk };
    let r = change(&mut file)?;
    save_json(path, true, &file)?;
    Ok((file, r))
}

fn not_writable(path: &Path) -> StoreError {
    StoreError::Json {
        path: path.to_path_buf(),
        message: "the existing file could not be read or moved aside, so it is left untouched"
            .into(),
    }
}

/// Write a JSON file atomically, unless it is a file that could not be read nor moved aside
/// (`writable == false`): that one is left untouched so no user data is lost.
fn save_json<T: Serialize>(path: &Path, writable: bool, value: &T) -> Result<(), StoreError> {
    if !writable {
        return Err(not_writable(path));
    }
    let json = serde_json::to_vec_pretty(value).map_err(|e| StoreError::Json {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    write_atomic(path, &json)
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Preset {
    pub name: String,
    pub settings: ExportSettings,
    /// Seconds since the epoch.
    #[serde(default)]
    pub updated: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct PresetsFile {
    #[serde(default)]
    version: u32,
    #[serde(default)]
    presets: Vec<Preset>,
}

/// Named export presets (`presets.json` in the config folder).
#[derive(Debug, Clone)]
pub struct Presets {
    path: PathBuf,
    /// `false` when the file could not be moved aside: then it is never overwritten.
    writable: bool,
    pub items: Vec<Preset>,
}

fn secs(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

impl Presets {
    pub fn load(config_dir: &Path, clock: &dyn Clock) -> (Self, Option<String>) {
        let path = config_dir.join("presets.json");
        let (file, notice): (PresetsFile, _) = load_locked(&path, clock.now());
        let writable = !path.exists() || notice.is_none();
        (
            Self {
                path,
                writable,
                items: file.presets,
            },
            notice,
        )
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// One change, merged with what other instances saved since (see the module comment).
    fn update<R>(
        &mut self,
        now: SystemTime,
        change: impl FnOnce(&mut Vec<Preset>) -> Result<R, StoreError>,
    ) -> Result<R, StoreError> {
        let known = PresetsFile {
            version: 1,
            presets: self.items.clone(),
        };
        let (file, r) = update_json(&self.path, self.writable, now, known, |f| {
            f.version = 1;
            change(&mut f.presets)
        })?;
        self.items = file.presets;
        Ok(r)
    }

    pub fn get(&self, name: &str) -> Option<&Preset> {
        self.items.iter().find(|p| p.name == name)
    }

    pub fn names(&self) -> Vec<String> {
        self.items.iter().map(|p| p.name.clone()).collect()
    }

    /// Save settings under `settings.export_name` (replacing a preset of that name).
    pub fn save_preset(
        &mut self,
        settings: &ExportSettings,
        clock: &dyn Clock,
    ) -> Result<(), StoreError> {
        let name = settings.export_name.trim().to_owned();
        if name.is_empty() {
            return Err(StoreError::EmptyName);
        }
        let mut settings = settings.clone();
        settings.export_name = name.clone();
        let preset = Preset {
            name,
            settings,
            updated: secs(clock.now()),
        };
        self.update(clock.now(), |items| {
            upsert(items, preset);
            Ok(())
        })
    }

    pub fn rename(&mut self, old: &str, new: &str, clock: &dyn Clock) -> Result<(), StoreError> {
        let new = new.trim();
        if new.is_empty() {
            return Err(StoreError::EmptyName);
        }
        let updated = secs(clock.now());
        self.update(clock.now(), |items| {
            if new != old && items.iter().any(|p| p.name == new) {
                return Err(StoreError::NameTaken(new.to_owned()));
            }
            let p = items
                .iter_mut()
                .find(|p| p.name == old)
                .ok_or_else(|| StoreError::NoSuchPreset(old.to_owned()))?;
            p.name = new.to_owned();
            p.settings.export_name = new.to_owned();
            p.updated = updated;
            Ok(())
        })
    }

    /// Copy a preset as "<name> (copy)", "<name> (copy 2)", … and return the new name.
    pub fn duplicate(&mut self, name: &str, clock: &dyn Clock) -> Result<String, StoreError> {
        let updated = secs(clock.now());
        self.update(clock.now(), |items| {
            let src = items
                .iter()
                .find(|p| p.name == name)
                .cloned()
                .ok_or_else(|| StoreError::NoSuchPreset(name.to_owned()))?;
            let mut n = 1;
            let new_name = loop {
                let candidate = if n == 1 {
                    format!("{name} (copy)")
                } else {
                    format!("{name} (copy {n})")
                };
                if !items.iter().any(|p| p.name == candidate) {
                    break candidate;
                }
                n += 1;
            };
            let mut settings = src.settings;
            settings.export_name = new_name.clone();
            upsert(
                items,
                Preset {
                    name: new_name.clone(),
                    settings,
                    updated,
                },
            );
            Ok(new_name)
        })
    }

    pub fn delete(&mut self, name: &str) -> Result<(), StoreError> {
        self.update(SystemTime::now(), |items| {
            let before = items.len();
            items.retain(|p| p.name != name);
            if items.len() == before {
                return Err(StoreError::NoSuchPreset(name.to_owned()));
            }
            Ok(())
        })
    }
}

/// Insert or replace the preset of that name, keeping the list sorted by name.
fn upsert(items: &mut Vec<Preset>, preset: Preset) {
    match items.iter_mut().find(|p| p.name == preset.name) {
        Some(p) => *p = preset,
        None => items.push(preset),
    }
    items.sort_by_key(|p| p.name.to_lowercase());
}

/// One export run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// Seconds since the epoch.
    pub at: u64,
    pub export_name: String,
    pub course_title: String,
    pub course_dir: PathBuf,
    pub outputs: Vec<PathBuf>,
    pub size: u64,
    pub duration_ms: u64,
    /// `None` on success, else the error in plain words.
    pub error: Option<String>,
    pub settings: ExportSettings,
    /// Where the run was asked to write (per-section packages: the base name the engine adds
    /// `-<section>` to). `None` in entries written before it was kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination: Option<PathBuf>,
    /// How the run ended. Entries written before it was kept are read from `error`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<RunOutcome>,
}

/// How an export run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RunOutcome {
    Done,
    Cancelled,
    Failed,
}

impl HistoryEntry {
    pub fn succeeded(&self) -> bool {
        self.run_outcome() == RunOutcome::Done
    }

    /// How the run ended (for old entries: from the error text, the only record they have).
    pub fn run_outcome(&self) -> RunOutcome {
        if let Some(o) = self.outcome {
            return o;
        }
        match &self.error {
            None => RunOutcome::Done,
            Some(e) if e.contains("cancelled") => RunOutcome::Cancelled,
            Some(_) => RunOutcome::Failed,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct HistoryFile {
    #[serde(default)]
    version: u32,
    #[serde(default)]
    runs: Vec<HistoryEntry>,
}

/// Every export run, newest first (`history.json` in the data folder).
#[derive(Debug, Clone)]
pub struct History {
    path: PathBuf,
    writable: bool,
    pub runs: Vec<HistoryEntry>,
}

impl History {
    pub fn load(data_dir: &Path, clock: &dyn Clock) -> (Self, Option<String>) {
        let path = data_dir.join("history.json");
        let (mut file, notice): (HistoryFile, _) = load_locked(&path, clock.now());
        file.runs.sort_by_key(|r| std::cmp::Reverse(r.at));
        let writable = !path.exists() || notice.is_none();
        (
            Self {
                path,
                writable,
                runs: file.runs,
            },
            notice,
        )
    }

    /// Add a run, merged with the runs other instances recorded since (see the module comment).
    pub fn record(&mut self, entry: HistoryEntry) -> Result<(), StoreError> {
        let known = HistoryFile {
            version: 1,
            runs: self.runs.clone(),
        };
        let (file, ()) = update_json(&self.path, self.writable, SystemTime::now(), known, |f| {
            f.version = 1;
            f.runs.insert(0, entry);
            f.runs.sort_by_key(|r| std::cmp::Reverse(r.at));
            Ok(())
        })?;
        self.runs = file.runs;
        Ok(())
    }

    /// Runs whose export name contains `filter` (case-insensitive), newest first.
    pub fn filtered(&self, filter: &str) -> Vec<&HistoryEntry> {
        let f = filter.trim().to_lowercase();
        self.runs
            .iter()
            .filter(|r| f.is_empty() || r.export_name.to_lowercase().contains(&f))
            .collect()
    }
}

/// A package kept in the archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchiveEntry {
    pub export_name: String,
    pub path: PathBuf,
    pub size: u64,
    /// Seconds since the epoch.
    pub created: u64,
    /// The course title and SCORM version, read from the package's manifest (`None` when it
    /// cannot be read).
    pub course_title: Option<String>,
    pub version: Option<String>,
}

/// The organization's title and the schema version of a package's manifest, for listing.
fn manifest_facts(pkg: &Path) -> (Option<String>, Option<String>) {
    use quick_xml::events::Event;
    let Ok(xml) = super::check::read_manifest(pkg) else {
        return (None, None);
    };
    let mut reader = quick_xml::Reader::from_str(&xml);
    let (mut title, mut version) = (None, None);
    let mut path: Vec<Vec<u8>> = Vec::new();
    // Text arrives in pieces around entity references (`&amp;`): gathered until the end tag.
    let mut text = String::new();
    while title.is_none() || version.is_none() {
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                path.push(e.local_name().as_ref().to_vec());
                text.clear();
            }
            Ok(Event::Text(t)) => text.push_str(&t.decode().unwrap_or_default()),
            Ok(Event::GeneralRef(r)) => match r.resolve_char_ref() {
                Ok(Some(c)) => text.push(c),
                _ => text.push_str(match r.decode().unwrap_or_default().as_ref() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    _ => "",
                }),
            },
            Ok(Event::End(_)) => {
                let here = path.pop();
                let parent = path.last().map(Vec::as_slice);
                let value = text.trim().to_owned();
                match here.as_deref() {
                    Some(b"schemaversion") => {
                        version.get_or_insert(value);
                    }
                    Some(b"title") if parent == Some(b"organization") => {
                        title.get_or_insert(value);
                    }
                    _ => {}
                }
                text.clear();
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    (title, version)
}

/// Packages produced, kept under `<data>/archive/<export name>/<time>-<file>.zip`.
#[derive(Debug, Clone)]
pub struct Archive {
    pub dir: PathBuf,
}

/// A folder name for an export name: keeps letters, digits, space, `-`, `_`, `.`.
pub fn safe_folder_name(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let s = s.trim().trim_matches('.').to_owned();
    if s.is_empty() { "unnamed".into() } else { s }
}

impl Archive {
    pub fn new(data_dir: &Path) -> Self {
        Self {
            dir: data_dir.join("archive"),
        }
    }

    /// Copy a package into the archive (atomically) and return its archive path.
    pub fn add(
        &self,
        package: &Path,
        export_name: &str,
        clock: &dyn Clock,
    ) -> Result<PathBuf, StoreError> {
        let folder = self.dir.join(safe_folder_name(export_name));
        std::fs::create_dir_all(&folder).map_err(io("creating", &folder))?;
        let file = package.file_name().map_or_else(
            || "package.zip".into(),
            |n| n.to_string_lossy().into_owned(),
        );
        // Two exports in the same second must not replace each other: add -2, -3, … when taken.
        let stamp = secs(clock.now());
        let mut dest = folder.join(format!("{stamp}-{file}"));
        let mut n = 2;
        while dest.exists() {
            dest = folder.join(format!("{stamp}-{n}-{file}"));
            n += 1;
        }
        let mut tmp =
            tempfile::NamedTempFile::new_in(&folder).map_err(io("creating a file in", &folder))?;
        let mut src = std::fs::File::open(package).map_err(io("reading", package))?;
        std::io::copy(&mut src, &mut tmp).map_err(io("copying", package))?;
        tmp.persist(&dest)
            .map_err(|e| io("saving", &dest)(e.error))?;
        Ok(dest)
    }

    /// Every archived package, grouped by export name (sorted), newest first within a group.
    pub fn list(&self) -> Vec<ArchiveEntry> {
        let mut out = Vec::new();
        let Ok(groups) = std::fs::read_dir(&self.dir) else {
            return out;
        };
        for g in groups.flatten() {
            let name = g.file_name().to_string_lossy().into_owned();
            let Ok(files) = std::fs::read_dir(g.path()) else {
                continue;
            };
            for f in files.flatten() {
                let path = f.path();
                if path.extension().and_then(|e| e.to_str()) != Some("zip") {
                    continue;
                }
                let fname = f.file_name().to_string_lossy().into_owned();
                let created = fname
                    .split_once('-')
                    .and_then(|(t, _)| t.parse().ok())
                    .unwrap_or(0);
                let size = f.metadata().map_or(0, |m| m.len());
                let (course_title, version) = manifest_facts(&path);
                out.push(ArchiveEntry {
                    export_name: name.clone(),
                    path,
                    size,
                    created,
                    course_title,
                    version,
                });
            }
        }
        out.sort_by(|a, b| {
            a.export_name
                .to_lowercase()
                .cmp(&b.export_name.to_lowercase())
                .then(b.created.cmp(&a.created))
        });
        out
    }

    /// Remove an archived package (only files inside the archive).
    pub fn delete(&self, path: &Path) -> Result<(), StoreError> {
        if !path.starts_with(&self.dir) {
            return Err(StoreError::Io {
                action: "deleting",
                path: path.to_path_buf(),
                source: std::io::Error::other("not an archived package"),
            });
        }
        std::fs::remove_file(path).map_err(io("deleting", path))
    }

    /// Copy an archived package elsewhere (atomically).
    pub fn save_copy(&self, path: &Path, dest: &Path) -> Result<(), StoreError> {
        let dir = dest.parent().unwrap_or(Path::new("."));
        let mut tmp =
            tempfile::NamedTempFile::new_in(dir).map_err(io("creating a file in", dir))?;
        let mut src = std::fs::File::open(path).map_err(io("reading", path))?;
        std::io::copy(&mut src, &mut tmp).map_err(io("copying", path))?;
        tmp.persist(dest).map_err(|e| io("saving", dest)(e.error))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::clock::FixedClock;

    #[test]
    fn presets_round_trip_rename_duplicate_delete() {
        let dir = tempfile::tempdir().unwrap();
        let clock = FixedClock(1_700_000_000);
        let (mut p, notice) = Presets::load(dir.path(), &clock);
        assert!(notice.is_none());
        let mut s = ExportSettings::default();
        s.export_name = "Moodle".into();
        s.extended_analytics = true;
        p.save_preset(&s, &clock).unwrap();
        let (p2, _) = Presets::load(dir.path(), &clock);
        assert_eq!(p2.get("Moodle").unwrap().settings, s);
        p.rename("Moodle", "Moodle 4", &clock).unwrap();
        assert_eq!(p.duplicate("Moodle 4", &clock).unwrap(), "Moodle 4 (copy)");
        assert!(matches!(
            p.rename("Moodle 4", "Moodle 4 (copy)", &clock),
            Err(StoreError::NameTaken(_))
        ));
        p.delete("Moodle 4").unwrap();
        let (p3, _) = Presets::load(dir.path(), &clock);
        assert_eq!(p3.names(), vec!["Moodle 4 (copy)".to_owned()]);
    }

    #[test]
    fn archive_keeps_both_packages_exported_in_the_same_second() {
        let dir = tempfile::tempdir().unwrap();
        let clock = FixedClock(1_700_000_000);
        let archive = Archive::new(dir.path());
        let pkg = dir.path().join("course.zip");
        std::fs::write(&pkg, b"first").unwrap();
        let a = archive.add(&pkg, "LMS / test", &clock).unwrap();
        std::fs::write(&pkg, b"second").unwrap();
        let b = archive.add(&pkg, "LMS / test", &clock).unwrap();
        assert_ne!(a, b);
        assert_eq!(std::fs::read(&a).unwrap(), b"first");
        assert_eq!(std::fs::read(&b).unwrap(), b"second");
        let list = archive.list();
        assert_eq!(list.len(), 2);
        assert!(
            list.iter()
                .all(|e| e.export_name == "LMS _ test" && e.created == 1_700_000_000)
        );
    }

    #[test]
    fn corrupt_presets_are_moved_aside_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let clock = FixedClock(42);
        std::fs::write(dir.path().join("presets.json"), "{ not json").unwrap();
        let (mut p, notice) = Presets::load(dir.path(), &clock);
        let notice = notice.unwrap();
        assert!(notice.contains("moved to"), "{notice}");
        let aside = dir.path().join("presets.json.corrupt-42");
        assert_eq!(std::fs::read_to_string(&aside).unwrap(), "{ not json");
        p.save_preset(&ExportSettings::default(), &clock).unwrap();
        assert_eq!(std::fs::read_to_string(&aside).unwrap(), "{ not json");
    }

    #[test]
    fn archive_rows_know_their_course_and_version() {
        use std::io::Write as _;
        let dir = tempfile::tempdir().unwrap();
        let pkg = dir.path().join("p.zip");
        let mut z = zip::ZipWriter::new(std::fs::File::create(&pkg).unwrap());
        z.start_file("imsmanifest.xml", zip::write::SimpleFileOptions::default())
            .unwrap();
        z.write_all(
            br#"<manifest><metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>
<organizations default="O"><organization identifier="O"><title>Lab &amp; Co &lt;1&gt;</title>
<item identifier="I"><title>Item</title></item></organization></organizations><resources/></manifest>"#,
        )
        .unwrap();
        z.finish().unwrap();
        assert_eq!(
            manifest_facts(&pkg),
            (
                Some("Lab & Co <1>".to_owned()),
                Some("2004 4th Edition".to_owned())
            )
        );
        std::fs::write(&pkg, "not a zip").unwrap();
        assert_eq!(manifest_facts(&pkg), (None, None));
    }
}
