//! Putting finished packages in place: all or nothing.
//!
//! Each package is written to a locked temp file beside its destination (same folder, so the
//! final rename is atomic). Only when every package is written and self-checked are they renamed
//! into place; what each rename replaces is kept aside until all renames have succeeded, and any
//! failure puts every previous package back byte for byte.
//!
//! A killed export (`kill -9`, power loss) leaves its temp file behind, unlocked: the next export
//! to the same destination removes it. A kill during the rename phase may leave a kept-aside
//! previous package (`.NAME.*.old`) with no package at NAME: the next export puts it back first.

use std::fs::{self, File};
use std::path::{Path, PathBuf};

use super::error::ExportError;

const TEMP_SUFFIX: &str = ".tmp";
const OLD_SUFFIX: &str = ".old";

fn file_name(dest: &Path) -> String {
    dest.file_name().map_or_else(
        || "package.zip".into(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// `.NAME.` — the prefix of this destination's temp and kept-aside files.
fn prefix(dest: &Path) -> String {
    format!(".{}.", file_name(dest))
}

/// A temp file for `dest` in `dir`, locked by this process while it exists (deleted on drop).
pub(crate) fn temp_for(dest: &Path, dir: &Path) -> Result<tempfile::NamedTempFile, ExportError> {
    let tmp = tempfile::Builder::new()
        .prefix(&prefix(dest))
        .suffix(TEMP_SUFFIX)
        .tempfile_in(dir)
        .map_err(ExportError::io("creating a temporary file in", dir))?;
    // Best effort: where the file system has no locks, a stale temp file simply stays.
    let _ = tmp.as_file().try_lock();
    Ok(tmp)
}

/// Removes what earlier, killed exports to `dests` left in `dir`: temp files no process holds
/// locked, and a kept-aside previous package, which goes back to its destination when that is
/// missing. One listing of `dir` for all of them (a per-section export of 10,000 sections
/// listed its folder once per package, 10,000 times, as the folder filled up).
/// Best effort: a file that cannot be removed stays, the export goes on.
pub(crate) fn clean_stale(dests: &[&Path], dir: &Path) {
    let Ok(read) = fs::read_dir(dir) else { return };
    let by_name: std::collections::HashMap<String, &Path> =
        dests.iter().map(|d| (file_name(d), *d)).collect();
    for e in read.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        // `.NAME.<random>.tmp` or `.NAME.<random>.old` (the random part has no dot).
        let Some(rest) = name.strip_prefix('.') else {
            continue;
        };
        let (temp, stem) = match (
            rest.strip_suffix(TEMP_SUFFIX),
            rest.strip_suffix(OLD_SUFFIX),
        ) {
            (Some(stem), _) => (true, stem),
            (None, Some(stem)) => (false, stem),
            (None, None) => continue,
        };
        let Some(dest) = stem
            .rsplit_once('.')
            .and_then(|(dest_name, _)| by_name.get(dest_name))
        else {
            continue;
        };
        if !e.file_type().is_ok_and(|t| t.is_file()) || !writer_is_gone(&e.path()) {
            continue;
        }
        if temp || dest.exists() {
            let _ = fs::remove_file(e.path());
        } else {
            let _ = fs::rename(e.path(), dest);
        }
    }
}

/// Whether the process that wrote this temporary file is gone: it held a lock on it while
/// alive, and the OS drops a dead process's locks (kill -9 included).
pub(crate) fn writer_is_gone(path: &Path) -> bool {
    File::open(path).is_ok_and(|f| f.try_lock().is_ok())
}

/// Refuses destinations that are folders (or anything but a file) before anything is renamed.
pub(crate) fn check_destinations<'a>(
    dests: impl IntoIterator<Item = &'a Path>,
) -> Result<(), ExportError> {
    for d in dests {
        if let Ok(meta) = fs::symlink_metadata(d)
            && !meta.is_file()
            && !meta.file_type().is_symlink()
        {
            return Err(ExportError::io("saving the package to", d)(
                std::io::Error::new(
                    std::io::ErrorKind::IsADirectory,
                    "a folder (or another non-file) has that name; choose another destination",
                ),
            ));
        }
    }
    Ok(())
}

/// One replaced destination: where it is and where its previous file was kept.
struct Placed {
    dest: PathBuf,
    kept: Option<PathBuf>,
}

/// Renames every temp file to its destination. On any failure, every destination is put back
/// as it was (previous file restored, or removed when there was none) and the error returned.
pub(crate) fn replace_all(
    files: Vec<(tempfile::NamedTempFile, PathBuf)>,
    dir: &Path,
) -> Result<(), ExportError> {
    let mut placed: Vec<Placed> = Vec::with_capacity(files.len());
    for (tmp, dest) in files {
        match place_one(tmp, &dest, dir) {
            Ok(p) => placed.push(p),
            Err((e, kept)) => {
                if let Some(k) = kept {
                    let _ = fs::rename(&k, &dest);
                }
                roll_back(placed);
                return Err(e);
            }
        }
    }
    for p in placed {
        if let Some(k) = p.kept {
            let _ = fs::remove_file(k);
        }
    }
    Ok(())
}

/// Keeps `dest`'s previous file aside (when there is one), then renames `tmp` to `dest`. On
/// failure returns the error and where the previous file was kept.
fn place_one(
    tmp: tempfile::NamedTempFile,
    dest: &Path,
    dir: &Path,
) -> Result<Placed, (ExportError, Option<PathBuf>)> {
    if let Err(e) = check_destinations([dest]) {
        return Err((e, None));
    }
    let kept = if fs::symlink_metadata(dest).is_ok() {
        let aside = tempfile::Builder::new()
            .prefix(&prefix(dest))
            .suffix(OLD_SUFFIX)
            .rand_bytes(8)
            .make_in(dir, |p| fs::rename(dest, p))
            .map_err(|e| {
                (
                    ExportError::io("keeping the previous package", dest)(e),
                    None,
                )
            })?;
        // Not deleted on drop: it is put back or removed explicitly.
        match aside.into_temp_path().keep() {
            Ok(p) => Some(p),
            Err(e) => {
                return Err((
                    ExportError::io("keeping the previous package", dest)(e.error),
                    None,
                ));
            }
        }
    } else {
        None
    };
    match tmp.persist(dest) {
        Ok(_) => Ok(Placed {
            dest: dest.to_path_buf(),
            kept,
        }),
        Err(e) => Err((
            ExportError::io("saving the package to", dest)(e.error),
            kept,
        )),
    }
}

fn roll_back(placed: Vec<Placed>) {
    for p in placed.into_iter().rev() {
        match p.kept {
            Some(k) => {
                let _ = fs::rename(&k, &p.dest);
            }
            None => {
                let _ = fs::remove_file(&p.dest);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use std::io::Write as _;

    fn temp_with(dir: &Path, dest: &Path, text: &str) -> tempfile::NamedTempFile {
        let mut t = temp_for(dest, dir).unwrap();
        t.write_all(text.as_bytes()).unwrap();
        t
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn all_replaced_and_nothing_left_aside() {
        let d = tempfile::tempdir().unwrap();
        let (a, b) = (d.path().join("a.zip"), d.path().join("b.zip"));
        fs::write(&a, "old a").unwrap();
        let files = vec![
            (temp_with(d.path(), &a, "new a"), a.clone()),
            (temp_with(d.path(), &b, "new b"), b.clone()),
        ];
        replace_all(files, d.path()).unwrap();
        assert_eq!(fs::read_to_string(&a).unwrap(), "new a");
        assert_eq!(fs::read_to_string(&b).unwrap(), "new b");
        assert_eq!(names(d.path()), ["a.zip", "b.zip"]);
    }

    #[test]
    fn a_failing_rename_puts_every_previous_package_back() {
        let d = tempfile::tempdir().unwrap();
        let (a, b, c) = (
            d.path().join("a.zip"),
            d.path().join("b.zip"),
            d.path().join("c.zip"),
        );
        fs::write(&a, "old a").unwrap();
        // c.zip is a folder: its placing fails after a and b were placed.
        fs::create_dir(&c).unwrap();
        fs::write(c.join("inside"), "x").unwrap();
        let files = vec![
            (temp_with(d.path(), &a, "new a"), a.clone()),
            (temp_with(d.path(), &b, "new b"), b.clone()),
            (temp_with(d.path(), &c, "new c"), c.clone()),
        ];
        let err = replace_all(files, d.path()).unwrap_err().to_string();
        assert!(err.contains("c.zip"), "{err}");
        assert_eq!(fs::read_to_string(&a).unwrap(), "old a");
        assert!(!b.exists(), "b.zip did not exist before: it must not now");
        assert_eq!(fs::read_to_string(c.join("inside")).unwrap(), "x");
        assert_eq!(names(d.path()), ["a.zip", "c.zip"]);
    }

    #[test]
    fn a_folder_destination_is_refused_before_anything_moves() {
        let d = tempfile::tempdir().unwrap();
        let c = d.path().join("c.zip");
        fs::create_dir(&c).unwrap();
        let err = check_destinations([c.as_path()]).unwrap_err().to_string();
        assert!(err.contains("c.zip") && err.contains("folder"), "{err}");
        check_destinations([d.path().join("new.zip").as_path()]).unwrap();
    }

    #[test]
    fn stale_files_of_killed_exports_are_cleaned_live_ones_kept() {
        let d = tempfile::tempdir().unwrap();
        let dest = d.path().join("course.zip");
        // A killed export's temp file: unlocked.
        fs::write(d.path().join(".course.zip.AbC123.tmp"), "partial").unwrap();
        // A running export's temp file: locked by its (here: our) handle.
        let live = temp_for(&dest, d.path()).unwrap();
        // A previous package kept aside by an export killed mid-rename, dest now missing.
        fs::write(d.path().join(".course.zip.XyZ98765.old"), "previous").unwrap();
        // Another destination's temp file is not ours to touch.
        fs::write(d.path().join(".other.zip.AbC123.tmp"), "other").unwrap();
        clean_stale(&[&dest], d.path());
        let live_name = live
            .path()
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let mut want = vec![
            ".other.zip.AbC123.tmp".to_owned(),
            "course.zip".to_owned(),
            live_name,
        ];
        want.sort();
        assert_eq!(names(d.path()), want);
        assert_eq!(fs::read_to_string(&dest).unwrap(), "previous");
    }
}
