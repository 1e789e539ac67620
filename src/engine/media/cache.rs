//! The media cache: processed files keyed by the SHA-256 of the source's content and the
//! processing settings, so a re-export with the same settings does no media work.
//!
//! Layout: `<dir>/<key>-<size>-<sha256>.<ext>` for a processed file (`key`: 64 hex; the name
//! records the entry's own size and content hash), `<dir>/<key>.keep` for "processing would not
//! make it smaller, use the source" (so that decision is cached too), and `<dir>/.tmp-*` for
//! files being written. Entries are synced to disk before they appear, and appear only by
//! rename, which is atomic on the same file system, so a concurrent export or an interrupted one
//! never sees a half-written file; an entry whose size or hash does not match its name (a disk
//! that lost writes, a truncated copy) is deleted and redone, never packaged. A temp file is
//! locked by its writer while it is written; one that nobody holds is a leftover of a killed
//! export and the next export removes it. Entries of the older layout (`<key>.<ext>`) are no
//! longer used and age out. The file's modification time is its "last used" time (touched on every hit) and the
//! size cap evicts the least recently used entries. Only names of these shapes are ever
//! deleted, so pointing the cache at a folder with other files in it is harmless.

use std::collections::HashMap;
use std::fs::{self, File};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use sha2::{Digest, Sha256};

use crate::engine::error::ExportError;

/// Default size cap of the media cache.
pub const DEFAULT_CACHE_CAP_BYTES: u64 = 2 * 1024 * 1024 * 1024;

/// Entries used this recently are never evicted: another export may have prepared them and be
/// about to copy them into its zip.
const IN_USE_GRACE: Duration = Duration::from_secs(60 * 60);

/// A temp file is removed once nobody holds its lock and it is at least this old (a writer
/// creates the file, then locks it: this covers the instant between the two).
const TEMP_GRACE: Duration = Duration::from_secs(60);

pub const TEMP_PREFIX: &str = ".tmp-";
pub const KEEP_EXT: &str = "keep";

/// What the cache did for the media work of this process, per cache folder. Tests count hits
/// with it; the UI can say "12 files from the cache".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CacheStats {
    /// Files served from the cache (no media work).
    pub hits: u64,
    /// Files transcoded or resized (media work done), cached or not.
    pub processed: u64,
}

static STATS: Mutex<Option<HashMap<PathBuf, CacheStats>>> = Mutex::new(None);

/// Counters for one cache folder (`None` = exports without a cache folder) since this process
/// started.
pub fn cache_stats(dir: Option<&Path>) -> CacheStats {
    let stats = STATS.lock().unwrap_or_else(PoisonError::into_inner);
    stats
        .as_ref()
        .and_then(|m| m.get(&stats_key(dir)))
        .copied()
        .unwrap_or_default()
}

pub(super) fn record(dir: Option<&Path>, f: impl FnOnce(&mut CacheStats)) {
    let mut stats = STATS.lock().unwrap_or_else(PoisonError::into_inner);
    f(stats
        .get_or_insert_with(HashMap::new)
        .entry(stats_key(dir))
        .or_default());
}

fn stats_key(dir: Option<&Path>) -> PathBuf {
    // Canonical so `cache` and `./cache` count together; a missing dir keeps its spelling.
    dir.map(|d| fs::canonicalize(d).unwrap_or_else(|_| d.to_path_buf()))
        .unwrap_or_default()
}

/// SHA-256 and length of a file's content, streamed in 1 MiB blocks (never the whole file in
/// memory).
fn content_hash(path: &Path) -> Result<([u8; 32], u64), ExportError> {
    let mut content = Sha256::new();
    let mut f = File::open(path).map_err(ExportError::io("reading", path))?;
    let mut buf = vec![0u8; 1 << 20];
    let mut len = 0u64;
    loop {
        let n = f.read(&mut buf).map_err(ExportError::io("reading", path))?;
        if n == 0 {
            break;
        }
        len += n as u64;
        content.update(&buf[..n]);
    }
    Ok((content.finalize().into(), len))
}

/// The cache key: SHA-256 over a version tag, the processing recipe and the source's content.
pub fn key(source: &Path, recipe: &str) -> Result<String, ExportError> {
    let (content, _) = content_hash(source)?;
    let mut k = Sha256::new();
    k.update(b"course-export media cache v1\0");
    k.update(recipe.as_bytes());
    k.update(b"\0");
    k.update(content);
    Ok(hex(&k.finalize()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub enum Lookup {
    /// The processed file.
    File(PathBuf),
    /// Processing was found not to pay: use the source.
    KeepOriginal,
    Miss,
}

/// The size and content hash an entry's name records (`<key>-<size>-<sha256>.<ext>`).
fn recorded(name: &str, key: &str, ext: &str) -> Option<(u64, String)> {
    let rest = name.strip_prefix(key)?.strip_prefix('-')?;
    let rest = rest.strip_suffix(ext)?.strip_suffix('.')?;
    let (size, hash) = rest.split_once('-')?;
    let size = size.parse().ok()?;
    (hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| (size, hash.to_owned()))
}

/// Whether an entry still holds what its name records: non-empty, the recorded size and hash.
fn intact(path: &Path, size: u64, hash: &str) -> bool {
    let Ok(meta) = fs::metadata(path) else {
        return false;
    };
    meta.is_file()
        && meta.len() == size
        && size > 0
        && content_hash(path).is_ok_and(|(h, _)| hex(&h) == hash)
}

pub fn lookup(dir: &Path, key: &str, ext: &str) -> Lookup {
    if let Ok(read) = fs::read_dir(dir) {
        for e in read.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let Some((size, hash)) = recorded(&name, key, ext) else {
                continue;
            };
            let file = e.path();
            if intact(&file, size, &hash) {
                touch(&file);
                return Lookup::File(file);
            }
            // Truncated or damaged: never packaged; redone and replaced by this export.
            let _ = fs::remove_file(&file);
        }
    }
    let keep = dir.join(format!("{key}.{KEEP_EXT}"));
    if keep.is_file() {
        touch(&keep);
        return Lookup::KeepOriginal;
    }
    Lookup::Miss
}

/// Marks an entry as just used (LRU order). Best effort: a read-only cache still works.
fn touch(path: &Path) {
    if let Ok(f) = File::options().append(true).open(path) {
        let _ = f.set_modified(SystemTime::now());
    }
}

/// A temp file in the cache folder (same file system, so the final rename is atomic), locked by
/// this process while it exists. Deleted on drop unless persisted: cancel and errors leave
/// nothing behind; a killed process leaves it unlocked for the next export to remove.
pub fn temp_file(dir: &Path, ext: &str) -> Result<tempfile::NamedTempFile, ExportError> {
    let tmp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .suffix(&format!(".{ext}"))
        .tempfile_in(dir)
        .map_err(ExportError::io("creating a temporary file in", dir))?;
    // Best effort: a file system without locks still works (its leftovers age out).
    let _ = tmp.as_file().try_lock();
    Ok(tmp)
}

/// Atomically publishes a finished temp file as the entry for `key`: synced to disk, its size
/// and content hash recorded in its name. An empty result is an error, never an entry.
pub fn publish(
    tmp: tempfile::NamedTempFile,
    dir: &Path,
    key: &str,
    ext: &str,
) -> Result<PathBuf, ExportError> {
    let path = tmp.path().to_path_buf();
    // ffmpeg wrote through the path: sync through a handle of our own on the same file.
    File::open(&path)
        .and_then(|f| f.sync_all())
        .map_err(ExportError::io("syncing", &path))?;
    let (hash, size) = content_hash(&path)?;
    if size == 0 {
        return Err(ExportError::Media {
            path,
            message: "processing produced an empty file; nothing was cached".into(),
        });
    }
    let dest = dir.join(format!("{key}-{size}-{}.{ext}", hex(&hash)));
    tmp.persist(&dest)
        .map_err(|e| ExportError::io("saving to the media cache", &dest)(e.error))?;
    sync_dir(dir);
    Ok(dest)
}

/// Makes a rename in `dir` durable (Unix; best effort: not every file system supports it).
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// Records "use the source" for `key`.
pub fn publish_keep(dir: &Path, key: &str) -> Result<(), ExportError> {
    let tmp = temp_file(dir, KEEP_EXT)?;
    let dest = dir.join(format!("{key}.{KEEP_EXT}"));
    tmp.persist(&dest)
        .map_err(|e| ExportError::io("saving to the media cache", &dest)(e.error))?;
    Ok(())
}

/// Removes temp files of killed exports: `.tmp-*` that no process holds locked (and older than a
/// minute). Best effort.
pub fn clean_stale_temps(dir: &Path) {
    let Ok(read) = fs::read_dir(dir) else { return };
    let now = SystemTime::now();
    for e in read.flatten() {
        if !e.file_name().to_string_lossy().starts_with(TEMP_PREFIX) {
            continue;
        }
        let Ok(meta) = e.metadata() else { continue };
        let age = now
            .duration_since(meta.modified().unwrap_or(now))
            .unwrap_or_default();
        if !meta.is_file() || age < TEMP_GRACE {
            continue;
        }
        if crate::engine::publish::writer_is_gone(&e.path()) {
            let _ = fs::remove_file(e.path());
        }
    }
}

/// Is this a name the cache wrote (`<64 hex>.<ext>` or `<64 hex>-<size>-<64 hex>.<ext>`)?
fn is_entry_name(name: &str) -> bool {
    let is_hash = |s: &str| s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit());
    let Some((stem, ext)) = name.split_once('.') else {
        return false;
    };
    let stem_ok = match stem.split_once('-') {
        None => is_hash(stem),
        Some((key, rest)) => {
            is_hash(key)
                && rest.split_once('-').is_some_and(|(size, hash)| {
                    !size.is_empty() && size.bytes().all(|b| b.is_ascii_digit()) && is_hash(hash)
                })
        }
    };
    stem_ok && !ext.is_empty() && ext.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// Evicts least recently used entries until the cache holds at most `cap` bytes (entries used
/// in the last hour are spared: a concurrent export may be about to read them), and removes
/// stale temp files of interrupted exports. Returns the bytes left in the cache.
pub fn trim_cache(dir: &Path, cap: u64) -> Result<u64, ExportError> {
    clean_stale_temps(dir);
    let now = SystemTime::now();
    let mut entries = Vec::new();
    let mut total = 0u64;
    let read = fs::read_dir(dir).map_err(ExportError::io("reading the media cache", dir))?;
    for e in read.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Ok(meta) = e.metadata() else { continue };
        if !meta.is_file() {
            continue;
        }
        let modified = meta.modified().unwrap_or(now);
        let age = now.duration_since(modified).unwrap_or_default();
        if name.starts_with(TEMP_PREFIX) {
            continue;
        }
        if is_entry_name(&name) {
            total += meta.len();
            entries.push((modified, age, meta.len(), e.path()));
        }
    }
    entries.sort_by_key(|(modified, ..)| *modified);
    for (_, age, len, path) in entries {
        if total <= cap {
            break;
        }
        if age < IN_USE_GRACE {
            // Sorted oldest first: everything after this was used even more recently.
            break;
        }
        if fs::remove_file(&path).is_ok() {
            total -= len;
        }
    }
    Ok(total)
}
