//! The media cache: processed files keyed by the SHA-256 of the source's content and the
//! processing settings, so a re-export with the same settings does no media work.
//!
//! Layout: `<dir>/<64 hex>.<ext>` for a processed file, `<dir>/<64 hex>.keep` for "processing
//! would not make it smaller, use the source" (so that decision is cached too), and
//! `<dir>/.tmp-*` for files being written. Entries appear only by rename, which is atomic on the
//! same file system, so a concurrent export or an interrupted one never sees a half-written
//! file. The file's modification time is its "last used" time (touched on every hit) and the
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

/// Temp files older than this are leftovers of a killed export (a live one renames or deletes
/// its temp files long before), so trimming removes them.
const STALE_TEMP: Duration = Duration::from_secs(24 * 60 * 60);

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

/// The cache key: SHA-256 over a version tag, the processing recipe and the source's content,
/// streamed in 1 MiB blocks (never the whole file in memory).
pub fn key(source: &Path, recipe: &str) -> Result<String, ExportError> {
    let mut content = Sha256::new();
    let mut f = File::open(source).map_err(ExportError::io("reading", source))?;
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = f
            .read(&mut buf)
            .map_err(ExportError::io("reading", source))?;
        if n == 0 {
            break;
        }
        content.update(&buf[..n]);
    }
    let mut k = Sha256::new();
    k.update(b"course-export media cache v1\0");
    k.update(recipe.as_bytes());
    k.update(b"\0");
    k.update(content.finalize());
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

pub fn lookup(dir: &Path, key: &str, ext: &str) -> Lookup {
    let file = dir.join(format!("{key}.{ext}"));
    if file.is_file() {
        touch(&file);
        return Lookup::File(file);
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

/// A temp file in the cache folder (same file system, so the final rename is atomic). Deleted
/// on drop unless persisted: cancel and errors leave nothing behind.
pub fn temp_file(dir: &Path, ext: &str) -> Result<tempfile::NamedTempFile, ExportError> {
    tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .suffix(&format!(".{ext}"))
        .tempfile_in(dir)
        .map_err(ExportError::io("creating a temporary file in", dir))
}

/// Atomically publishes a finished temp file as the entry `key.ext`.
pub fn publish(
    tmp: tempfile::NamedTempFile,
    dir: &Path,
    key: &str,
    ext: &str,
) -> Result<PathBuf, ExportError> {
    let dest = dir.join(format!("{key}.{ext}"));
    tmp.persist(&dest)
        .map_err(|e| ExportError::io("saving to the media cache", &dest)(e.error))?;
    Ok(dest)
}

/// Records "use the source" for `key`.
pub fn publish_keep(dir: &Path, key: &str) -> Result<(), ExportError> {
    let tmp = temp_file(dir, KEEP_EXT)?;
    publish(tmp, dir, key, KEEP_EXT).map(|_| ())
}

/// Is this a name the cache wrote (`<64 hex>.<ext>`)?
fn is_entry_name(name: &str) -> bool {
    match name.split_once('.') {
        Some((stem, ext)) => {
            stem.len() == 64
                && stem.bytes().all(|b| b.is_ascii_hexdigit())
                && !ext.is_empty()
                && ext.bytes().all(|b| b.is_ascii_alphanumeric())
        }
        None => false,
    }
}

/// Evicts least recently used entries until the cache holds at most `cap` bytes (entries used
/// in the last hour are spared: a concurrent export may be about to read them), and removes
/// stale temp files of interrupted exports. Returns the bytes left in the cache.
pub fn trim_cache(dir: &Path, cap: u64) -> Result<u64, ExportError> {
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
            if age > STALE_TEMP {
                let _ = fs::remove_file(e.path());
            }
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
