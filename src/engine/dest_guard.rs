//! Output over input: a package is never written over a file the course reads (course.json, a
//! section's Markdown, a media file). Called at the start of every export, so the command line and
//! the studio's *Save to* get the same rule.
//!
//! Paths are compared canonically (symbolic links, `..` and `.` resolved; a destination that does
//! not exist yet is its canonical folder plus its name) and then case-folded, always: on
//! case-insensitive file systems (the default on macOS and Windows) `Course.JSON` is `course.json`,
//! and on case-sensitive ones refusing a destination whose name differs from an input only in
//! case costs nothing (choose another name) while guessing the file system's rules could lose data.

use std::path::{Path, PathBuf};

use super::course::{Course, SectionKind};
use super::error::ExportError;

/// Every file the course reads: course.json, each section's Markdown and each media file.
pub fn course_inputs(course: &Course) -> Vec<PathBuf> {
    let mut inputs = vec![course.root.join("course.json")];
    for s in &course.sections {
        if let SectionKind::Content(c) = &s.kind {
            inputs.push(course.root.join(&c.file));
            inputs.extend(c.media.iter().map(|m| m.source.clone()));
        }
    }
    inputs
}

/// The canonical form of `path`, which need not exist: its deepest existing ancestor
/// canonicalized, then the remaining components.
pub fn canonical_destination(path: &Path) -> PathBuf {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().map_or_else(|_| path.to_path_buf(), |d| d.join(path))
    };
    if let Ok(c) = absolute.canonicalize() {
        return c;
    }
    let mut rest = Vec::new();
    let mut cur = absolute.as_path();
    loop {
        match (cur.parent(), cur.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                if let Ok(c) = parent.canonicalize() {
                    let mut out = c;
                    out.extend(rest.iter().rev());
                    return out;
                }
                cur = parent;
            }
            _ => return absolute,
        }
    }
}

fn fold(p: &Path) -> String {
    p.to_string_lossy().to_lowercase()
}

/// Refuses any destination that is (or, on a case-insensitive file system, could be) a file the
/// course reads; the error names both paths.
pub fn refuse_output_over_input<I, P>(course: &Course, destinations: I) -> Result<(), ExportError>
where
    I: IntoIterator<Item = P>,
    P: AsRef<Path>,
{
    let inputs: Vec<(String, PathBuf)> = course_inputs(course)
        .into_iter()
        .map(|p| {
            let c = canonical_destination(&p);
            (fold(&c), p)
        })
        .collect();
    for dest in destinations {
        let dest = dest.as_ref();
        let folded = fold(&canonical_destination(dest));
        if let Some((_, input)) = inputs.iter().find(|(f, _)| *f == folded) {
            return Err(ExportError::OutputIsInput {
                destination: dest.to_path_buf(),
                input: input.clone(),
            });
        }
    }
    Ok(())
}
