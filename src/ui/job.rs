//! The export running on a background thread: the engine's `Progress` comes back over a channel
//! and each message asks egui for a repaint, so the window never freezes. Cancel sets the shared
//! flag; the engine then stops and removes its temporary files. [`Outcome`] is how it ended.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::Instant;

use crate::engine::ExportSettings;
use crate::engine::check::CheckReport;
use crate::engine::course::Course;
use crate::engine::error::ExportError;
use crate::engine::media::MediaOptions;
use crate::engine::package::{ExportContext, ExportReport, Progress, export};

enum Msg {
    Progress(Progress),
    Done(Result<ExportReport, ExportError>),
}

/// How the last export ended (shown in the export window and the status bar).
#[derive(Debug, Clone)]
pub enum Outcome {
    Success {
        /// Each package written: its path, size and self-check.
        packages: Vec<(PathBuf, u64, CheckReport)>,
        duration_ms: u64,
    },
    Failed(String),
    /// Stopped by the user: nothing was written, the previous package (if any) is untouched.
    Cancelled,
}

/// One export in flight.
pub struct ExportJob {
    pub settings: ExportSettings,
    pub course: Arc<Course>,
    pub out: PathBuf,
    pub progress: Progress,
    pub started: Instant,
    cancel: Arc<AtomicBool>,
    rx: Receiver<Msg>,
    spawn_error: Option<String>,
}

/// How a finished job ended.
pub enum JobEnd {
    Finished(Result<ExportReport, ExportError>),
    /// The thread ended without a result (it panicked or never started): reported as an error.
    Lost(String),
}

impl ExportJob {
    pub fn spawn(
        course: Arc<Course>,
        settings: ExportSettings,
        out: PathBuf,
        media: MediaOptions,
        repaint: Option<egui::Context>,
    ) -> Self {
        let (tx, rx) = channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let mut job = Self {
            settings: settings.clone(),
            course: Arc::clone(&course),
            out: out.clone(),
            progress: Progress {
                step: "Starting".into(),
                file: String::new(),
                fraction: 0.0,
            },
            started: Instant::now(),
            cancel: Arc::clone(&cancel),
            rx,
            spawn_error: None,
        };
        let spawn_error = std::thread::Builder::new()
            .name("export".into())
            .spawn(move || {
                let progress_tx = std::sync::Mutex::new(tx.clone());
                let ctx_for_progress = repaint.clone();
                let progress = move |p: Progress| {
                    if let Ok(tx) = progress_tx.lock() {
                        let _ = tx.send(Msg::Progress(p));
                    }
                    if let Some(ctx) = &ctx_for_progress {
                        ctx.request_repaint();
                    }
                };
                let ctx = ExportContext {
                    progress: &progress,
                    cancel: &cancel,
                    media,
                };
                let result = export(&course, &settings, &out, &ctx);
                let _ = tx.send(Msg::Done(result));
                if let Some(ctx) = &repaint {
                    ctx.request_repaint();
                }
            })
            .err()
            .map(|e| format!("could not start the export thread: {e}"));
        job.spawn_error = spawn_error;
        job
    }

    /// Ask the export to stop. The engine removes what it started writing.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelling(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// Take in the messages that arrived; `Some` once the export is over.
    pub fn poll(&mut self) -> Option<JobEnd> {
        loop {
            match self.rx.try_recv() {
                Ok(Msg::Progress(p)) => self.progress = p,
                Ok(Msg::Done(r)) => return Some(JobEnd::Finished(r)),
                Err(TryRecvError::Empty) => return None,
                Err(TryRecvError::Disconnected) => {
                    return Some(JobEnd::Lost(self.spawn_error.clone().unwrap_or_else(
                        || "the export stopped unexpectedly (internal error)".to_owned(),
                    )));
                }
            }
        }
    }
}

/// `name` → `name.zip` (a package path without the extension is almost always a slip).
pub fn with_zip_extension(path: &Path) -> PathBuf {
    match path.extension().and_then(|e| e.to_str()) {
        Some(e) if e.eq_ignore_ascii_case("zip") => path.to_path_buf(),
        _ => {
            let mut s = path.as_os_str().to_owned();
            s.push(".zip");
            PathBuf::from(s)
        }
    }
}
