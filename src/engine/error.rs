//! Typed engine errors. Each names the file, the field and the problem in plain words.

use std::path::PathBuf;

use super::settings::SettingsProblem;

/// One problem in a course project: which file, which field (or line), what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    pub file: String,
    pub field: String,
    pub message: String,
}

impl Problem {
    pub fn new(
        file: impl Into<String>,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            file: file.into(),
            field: field.into(),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.field.is_empty() {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(f, "{}: {}: {}", self.file, self.field, self.message)
        }
    }
}

fn list<T: std::fmt::Display>(items: &[T]) -> String {
    items
        .iter()
        .map(|p| format!("  - {p}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[derive(Debug, thiserror::Error)]
pub enum CourseError {
    #[error("{message} ({})", path.display())]
    Io { path: PathBuf, message: String },
    #[error("the course has {} problem(s):\n{}", .0.len(), list(.0))]
    Invalid(Vec<Problem>),
}

impl CourseError {
    /// Every problem, as plain lines (for the UI and the CLI).
    pub fn problems(&self) -> Vec<String> {
        match self {
            Self::Io { .. } => vec![self.to_string()],
            Self::Invalid(p) => p.iter().map(ToString::to_string).collect(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Course(#[from] CourseError),
    #[error("the export settings have {} problem(s):\n{}", .0.len(), list(.0))]
    Settings(Vec<SettingsProblem>),
    #[error("{action} {}: {source}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("writing the zip {}: {message}", path.display())]
    Zip { path: PathBuf, message: String },
    #[error("media file {}: {message}", path.display())]
    Media { path: PathBuf, message: String },
    #[error("the package failed its self-check:\n{}", list(.0))]
    SelfCheck(Vec<String>),
    #[error("the export was cancelled; nothing was written")]
    Cancelled,
    #[error(
        "refusing to write the package to {}: that is {}, a file the course reads; \
         choose another destination",
        destination.display(),
        input.display()
    )]
    OutputIsInput {
        destination: PathBuf,
        input: PathBuf,
    },
}

impl ExportError {
    pub fn io(
        action: &'static str,
        path: impl Into<PathBuf>,
    ) -> impl FnOnce(std::io::Error) -> Self {
        let path = path.into();
        move |source| Self::Io {
            action,
            path,
            source,
        }
    }

    /// A zip library error in plain words: an I/O error keeps the operating system's reason
    /// ("No space left on device") with the file, never the library's wrapping.
    pub fn from_zip(path: impl Into<PathBuf>, e: zip::result::ZipError) -> Self {
        let path = path.into();
        match e {
            zip::result::ZipError::Io(source) => Self::Io {
                action: "writing",
                path,
                source,
            },
            other => Self::Zip {
                path,
                message: other.to_string(),
            },
        }
    }
}
