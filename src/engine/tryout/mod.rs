//! `course-export try`: a test LMS on 127.0.0.1 for any SCORM package.
//!
//! The SCORM run-time (data model, API, LMS rules) runs in the page, `assets/lms/runtime.js`,
//! because the API must answer synchronously and browsers refuse synchronous requests during
//! unload. This server only serves (the test page, and the package straight from the zip with
//! MIME types and Range requests), and keeps the record the page sends after every Commit and
//! Terminate, written atomically to `TryOptions::record`. See `docs/architecture.md ("The test LMS")`.

mod expected;
mod http;
mod package;
mod record;

use std::fs::File;
use std::io::{BufReader, Cursor, Read, Seek, SeekFrom};
use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tiny_http::{Header, Method, Request, Response, StatusCode};

pub use expected::expected_from_course_data;
pub use package::{PackageInfo, Sco, TreeItem, parse_manifest};
pub use record::{Attempt, Call, Record, Session, Summary};

const PAGE_HTML: &str = include_str!("../../../assets/lms/lms.html");
const PAGE_JS: &str = include_str!("../../../assets/lms/page.js");
const RUNTIME_JS: &str = include_str!("../../../assets/lms/runtime.js");
const PAGE_CSS: &str = include_str!("../../../assets/lms/lms.css");

/// Largest record patch accepted from the page.
const BODY_MAX: usize = 64 * 1024 * 1024;

/// What a relaunch after a non-suspend exit does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NewAttempt {
    /// A new attempt with empty data (as SCORM Cloud).
    #[default]
    Reset,
    /// The same attempt's data again, entry "" (as Moodle).
    Keep,
}

impl NewAttempt {
    fn as_str(self) -> &'static str {
        match self {
            NewAttempt::Reset => "reset",
            NewAttempt::Keep => "keep",
        }
    }
}

/// Options of a test LMS run (the `course-export try` flags that reach the engine).
#[derive(Debug, Clone, Default)]
pub struct TryOptions {
    /// The package zip.
    pub package: PathBuf,
    /// `None`: a free port.
    pub port: Option<u16>,
    /// The record file, overwritten at start and after every commit and terminate.
    pub record: Option<PathBuf>,
    pub new_attempt: NewAttempt,
    /// 1.2: the LMS sets passed/failed from `adlcp:masteryscore` and `score.raw`.
    pub mastery_override: bool,
    /// The LMS sets completed at exit when the content reported nothing.
    pub auto_complete: bool,
    /// What the status table predicts: keys of `reached`, e.g.
    /// `{"completion_status": "completed", "success_status": "passed"}`. `None`: read from the
    /// package when it is one of ours (`content/course-data.js`), else no expectation.
    pub expected: Option<Value>,
}

#[derive(Debug, thiserror::Error)]
pub enum TryError {
    #[error("cannot open {path}: {source}")]
    Open {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is not a readable zip file: {message}")]
    NotAZip { path: PathBuf, message: String },
    #[error("the package has no imsmanifest.xml")]
    NoManifest,
    #[error("the manifest cannot be read: {0}")]
    Manifest(String),
    #[error(
        "the package has nothing to launch: no item of its organization references a resource with an href"
    )]
    NoSco,
    #[error(
        "port {port} is busy (another program listens on 127.0.0.1:{port}); choose another with --port, or leave it out for a free one"
    )]
    PortBusy { port: u16 },
    #[error("cannot listen on 127.0.0.1: {0}")]
    Bind(String),
    #[error("cannot write the record {path}: {source}")]
    Record {
        path: PathBuf,
        source: std::io::Error,
    },
}

struct Shared {
    state: Mutex<record::RecordState>,
    changed: Condvar,
    /// The last failure to write the record (reported, the run goes on).
    write_error: Mutex<Option<String>>,
}

struct Ctx {
    index: package::ZipIndex,
    archive: Mutex<zip::ZipArchive<BufReader<File>>>,
    /// The page's configuration; each request adds the record so far ("resume": a reload).
    config: Value,
    token: String,
    port: u16,
    record_path: Option<PathBuf>,
    shared: Arc<Shared>,
}

/// A running test LMS. Dropping it (or [`TryServer::stop`]) stops the server.
pub struct TryServer {
    url: String,
    port: u16,
    info: PackageInfo,
    expected: Option<Value>,
    server: Arc<tiny_http::Server>,
    thread: Option<JoinHandle<()>>,
    shared: Arc<Shared>,
    record_path: Option<PathBuf>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A handler that panicked cannot leave the record half-merged (merges build a new list
    // before swapping it in), so a poisoned lock is still usable.
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Starts the test LMS for `opts.package` on 127.0.0.1 and returns once it listens.
pub fn serve(opts: TryOptions) -> Result<TryServer, TryError> {
    let (index, mut archive) = package::ZipIndex::open(&opts.package)?;
    let manifest = package::manifest_text(&mut archive)?;
    let info = package::parse_manifest(&manifest)?;
    let expected = opts.expected.clone().or_else(|| {
        package::entry_text(&mut archive, "content/course-data.js")
            .and_then(|js| expected_from_course_data(&js, &info.version))
    });

    let listener = match TcpListener::bind(("127.0.0.1", opts.port.unwrap_or(0))) {
        Ok(l) => l,
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
            return Err(TryError::PortBusy {
                port: opts.port.unwrap_or(0),
            });
        }
        Err(e) => return Err(TryError::Bind(e.to_string())),
    };
    let port = listener
        .local_addr()
        .map_err(|e| TryError::Bind(e.to_string()))?
        .port();
    let server = tiny_http::Server::from_listener(listener, None)
        .map_err(|e| TryError::Bind(e.to_string()))?;

    let package_name = opts
        .package
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let version_label = if info.version == "1.2" {
        "1.2".to_owned()
    } else {
        match info.edition.as_deref() {
            Some(ed) => format!("2004 {ed} Edition"),
            None => "2004".to_owned(),
        }
    };
    let token = uuid::Uuid::new_v4().simple().to_string();
    let config: Value = json!({
        "token": token,
        "package": package_name,
        "version": info.version,
        "version_label": version_label,
        "edition": info.edition,
        "schemaversion": info.schemaversion,
        "items": info.items,
        "scos": info.scos,
        "options": {
            "newAttempt": opts.new_attempt.as_str(),
            "masteryOverride": opts.mastery_override,
            "autoComplete": opts.auto_complete,
        },
        "expected": expected,
    });

    let record = Record {
        package: package_name,
        version: record_version(&info),
        expected: expected.clone(),
        reached: None,
        attempts: Vec::new(),
    };
    if let Some(path) = &opts.record {
        record::write_atomic(path, &record).map_err(|source| TryError::Record {
            path: path.clone(),
            source,
        })?;
    }
    let shared = Arc::new(Shared {
        state: Mutex::new(record::RecordState {
            record,
            ..Default::default()
        }),
        changed: Condvar::new(),
        write_error: Mutex::new(None),
    });
    let ctx = Arc::new(Ctx {
        index,
        archive: Mutex::new(archive),
        config,
        token,
        port,
        record_path: opts.record.clone(),
        shared: Arc::clone(&shared),
    });
    let server = Arc::new(server);
    let srv = Arc::clone(&server);
    let thread = std::thread::Builder::new()
        .name("try-lms".into())
        .spawn(move || {
            for req in srv.incoming_requests() {
                let ctx = Arc::clone(&ctx);
                // One thread per request: a long video range never holds up the page.
                let spawned = std::thread::Builder::new()
                    .name("try-lms-req".into())
                    .spawn(move || handle(req, &ctx));
                if spawned.is_err() {
                    // Out of threads: the request is dropped (the connection closes).
                    continue;
                }
            }
        })
        .map_err(|e| TryError::Bind(e.to_string()))?;

    Ok(TryServer {
        url: format!("http://127.0.0.1:{port}/"),
        port,
        info,
        expected,
        server,
        thread: Some(thread),
        shared,
        record_path: opts.record,
    })
}

/// Opens `url` in the desktop's browser (xdg-open, open, start). An error says why, so the
/// caller can show the address to open by hand.
pub fn open_in_browser(url: &str) -> std::io::Result<()> {
    let mut cmd = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    cmd.arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map(drop)
}

/// The record's "version": "1.2", "2004-3rd", "2004-4th" or "2004".
fn record_version(info: &PackageInfo) -> String {
    if info.version == "1.2" {
        return "1.2".into();
    }
    if info.schemaversion.contains("3rd") {
        "2004-3rd".into()
    } else if info.schemaversion.contains("4th") {
        "2004-4th".into()
    } else {
        "2004".into()
    }
}

impl TryServer {
    /// The test page: `http://127.0.0.1:PORT/`.
    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn addr(&self) -> SocketAddr {
        SocketAddr::from(([127, 0, 0, 1], self.port))
    }

    /// What the manifest says (version, organization, launchable items).
    pub fn package(&self) -> &PackageInfo {
        &self.info
    }

    /// The record as it stands.
    pub fn record(&self) -> Record {
        lock(&self.shared.state).record.clone()
    }

    /// The last failure to write the record file, if any.
    pub fn write_error(&self) -> Option<String> {
        lock(&self.shared.write_error).clone()
    }

    /// Whether a SCO session ended with Terminate.
    pub fn terminated(&self) -> bool {
        lock(&self.shared.state).terminated
    }

    /// Waits until a SCO session ends with Terminate (`None`: no time limit). True if it did.
    pub fn wait_terminated(&self, timeout: Option<Duration>) -> bool {
        let deadline = timeout.map(|t| Instant::now() + t);
        let mut st = lock(&self.shared.state);
        while !st.terminated {
            match deadline {
                None => {
                    st = self
                        .shared
                        .changed
                        .wait(st)
                        .unwrap_or_else(std::sync::PoisonError::into_inner);
                }
                Some(d) => {
                    let now = Instant::now();
                    if now >= d {
                        return false;
                    }
                    st = self
                        .shared
                        .changed
                        .wait_timeout(st, d - now)
                        .map_or_else(|p| p.into_inner().0, |(g, _)| g);
                }
            }
        }
        true
    }

    /// `Some(true)` when every value `expected` names is what the LMS reached, `Some(false)`
    /// when not, `None` without expectations (not one of our packages).
    pub fn outcome_matches(&self) -> Option<bool> {
        let expected = self.expected.as_ref()?.as_object()?.clone();
        let reached = self.record().reached.unwrap_or(Value::Null);
        Some(expected.iter().all(|(k, v)| reached.get(k) == Some(v)))
    }

    /// Stops the server and writes the record a last time.
    pub fn stop(mut self) -> Result<(), TryError> {
        self.shutdown();
        if let Some(path) = &self.record_path {
            let rec = self.record();
            record::write_atomic(path, &rec).map_err(|source| TryError::Record {
                path: path.clone(),
                source,
            })?;
        }
        Ok(())
    }

    fn shutdown(&mut self) {
        self.server.unblock();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for TryServer {
    fn drop(&mut self) {
        self.shutdown();
    }
}

// --- requests ----------------------------------------------------------------------------

type Body = Box<dyn Read + Send>;

fn header(name: &str, value: &str) -> Option<Header> {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).ok()
}

fn reply(req: Request, status: u16, content_type: &str, body: Vec<u8>) {
    let len = body.len();
    let headers = [
        header("Content-Type", content_type),
        header("Cache-Control", "no-store"),
        header("X-Content-Type-Options", "nosniff"),
    ]
    .into_iter()
    .flatten()
    .collect();
    let head = *req.method() == Method::Head;
    let data: Body = if head {
        Box::new(std::io::empty())
    } else {
        Box::new(Cursor::new(body))
    };
    // The client may be gone (a reload): nothing to do about it.
    let _ = req.respond(Response::new(
        StatusCode(status),
        headers,
        data,
        Some(len),
        None,
    ));
}

fn text(req: Request, status: u16, msg: &str) {
    reply(
        req,
        status,
        "text/plain; charset=utf-8",
        msg.as_bytes().to_vec(),
    );
}

fn req_header<'a>(req: &'a Request, name: &str) -> Option<&'a str> {
    req.headers()
        .iter()
        .find(|h| h.field.as_str().as_str().eq_ignore_ascii_case(name))
        .map(|h| h.value.as_str())
}

/// Only pages addressed to this server by its loopback name (no DNS rebinding).
fn host_ok(req: &Request, port: u16) -> bool {
    match req_header(req, "Host") {
        Some(h) => h == format!("127.0.0.1:{port}") || h == format!("localhost:{port}"),
        None => false,
    }
}

fn handle(req: Request, ctx: &Ctx) {
    if !host_ok(&req, ctx.port) {
        return text(req, 403, "wrong Host");
    }
    let url = req.url().to_owned();
    let (path, query) = url.split_once('?').unwrap_or((url.as_str(), ""));
    let method = req.method().clone();
    let read = method == Method::Get || method == Method::Head;
    match path {
        "/" | "/index.html" if read => {
            reply(req, 200, "text/html; charset=utf-8", PAGE_HTML.into());
        }
        "/lms/page.js" if read => reply(req, 200, "text/javascript; charset=utf-8", PAGE_JS.into()),
        "/lms/runtime.js" if read => reply(
            req,
            200,
            "text/javascript; charset=utf-8",
            RUNTIME_JS.into(),
        ),
        "/lms/lms.css" if read => reply(req, 200, "text/css; charset=utf-8", PAGE_CSS.into()),
        "/lms/config.json" if read => {
            let mut cfg = ctx.config.clone();
            {
                let st = lock(&ctx.shared.state);
                cfg["resume"] = json!({
                    "record": st.record,
                    "seq": st.seq,
                    "gen": st.generation,
                });
            }
            let body = serde_json::to_vec(&cfg).unwrap_or_default();
            reply(req, 200, "application/json", body);
        }
        "/lms/record" if method == Method::Post => post_record(req, ctx, query),
        "/lms/record.json" if read => {
            if !token_ok(query, &ctx.token) {
                return text(req, 403, "bad token");
            }
            let rec = lock(&ctx.shared.state).record.clone();
            let body = serde_json::to_vec_pretty(&rec).unwrap_or_default();
            reply(req, 200, "application/json", body);
        }
        p if read && p.starts_with("/pkg/") => serve_entry(req, ctx, &url["/pkg/".len()..]),
        _ if !read && method != Method::Post => text(req, 405, "method not allowed"),
        _ => text(req, 404, "not found"),
    }
}

fn token_ok(query: &str, token: &str) -> bool {
    query
        .split('&')
        .any(|kv| kv.strip_prefix("token=").is_some_and(|t| t == token))
}

fn post_record(mut req: Request, ctx: &Ctx, query: &str) {
    // The token only reaches pages of this origin (config.json): no other site can post.
    if !token_ok(query, &ctx.token) {
        return text(req, 403, "bad token");
    }
    if req.body_length().is_some_and(|n| n > BODY_MAX) {
        return text(req, 413, "record too large");
    }
    let mut body = Vec::new();
    if req
        .as_reader()
        .take(BODY_MAX as u64 + 1)
        .read_to_end(&mut body)
        .is_err()
        || body.len() > BODY_MAX
    {
        return text(req, 400, "unreadable body");
    }
    let patch: record::Patch = match serde_json::from_slice(&body) {
        Ok(p) => p,
        Err(e) => return text(req, 400, &format!("not a record patch: {e}")),
    };
    let mut st = lock(&ctx.shared.state);
    if st.apply(patch) {
        if let Some(path) = &ctx.record_path {
            let res = record::write_atomic(path, &st.record);
            *lock(&ctx.shared.write_error) = res
                .err()
                .map(|e| format!("cannot write {}: {e}", path.display()));
        }
        ctx.shared.changed.notify_all();
    }
    drop(st);
    match lock(&ctx.shared.write_error).clone() {
        Some(e) => text(req, 500, &e),
        None => reply(req, 204, "text/plain", Vec::new()),
    }
}

fn serve_entry(req: Request, ctx: &Ctx, raw: &str) {
    let name = match http::entry_name(raw) {
        Ok(n) => n,
        Err(http::PathError::Outside) => return text(req, 403, "outside the package"),
        Err(http::PathError::Malformed) => return text(req, 400, "malformed path"),
    };
    let Some(entry) = ctx.index.entries.get(&name) else {
        return text(req, 404, "not in the package");
    };
    let size = entry.size;
    let (status, start, len, content_range) =
        match http::parse_range(req_header(&req, "Range"), size) {
            http::RangeRequest::Full => (200, 0, size, None),
            http::RangeRequest::Partial(r) => (
                206,
                r.start,
                r.end - r.start + 1,
                Some(format!("bytes {}-{}/{size}", r.start, r.end)),
            ),
            http::RangeRequest::Unsatisfiable => {
                let h = header("Content-Range", &format!("bytes */{size}"));
                let _ = req.respond(Response::new(
                    StatusCode(416),
                    h.into_iter().collect(),
                    std::io::empty(),
                    Some(0),
                    None,
                ));
                return;
            }
        };
    let Ok(len_usize) = usize::try_from(len) else {
        return text(req, 500, "entry too large");
    };
    let mut headers: Vec<Header> = [
        header("Content-Type", http::mime_type(&name)),
        header("Accept-Ranges", "bytes"),
        header("Cache-Control", "no-store"),
        header("X-Content-Type-Options", "nosniff"),
    ]
    .into_iter()
    .flatten()
    .collect();
    if let Some(cr) = content_range.and_then(|v| header("Content-Range", &v)) {
        headers.push(cr);
    }
    if *req.method() == Method::Head {
        let _ = req.respond(Response::new(
            StatusCode(status),
            headers,
            std::io::empty(),
            Some(len_usize),
            None,
        ));
        return;
    }
    let body: Result<Body, String> = if entry.stored {
        // Stored entries (media) are read in place: seeks, no decompression, no copy.
        File::open(&ctx.index.path)
            .and_then(|mut f| {
                f.seek(SeekFrom::Start(entry.data_start + start))?;
                Ok(Box::new(f.take(len)) as Body)
            })
            .map_err(|e| e.to_string())
    } else {
        let mut zip = lock(&ctx.archive);
        match zip.by_index(entry.index) {
            Ok(mut f) => {
                // Deflated: decompress up to the range's start, then keep the range.
                let mut buf = Vec::with_capacity(len_usize.min(64 * 1024 * 1024));
                let skipped = std::io::copy(&mut (&mut f).take(start), &mut std::io::sink());
                let read = skipped.and_then(|_| f.take(len).read_to_end(&mut buf));
                match read {
                    Ok(_) => Ok(Box::new(Cursor::new(buf)) as Body),
                    Err(e) => Err(e.to_string()),
                }
            }
            Err(e) => Err(e.to_string()),
        }
    };
    match body {
        Ok(b) => {
            let _ = req.respond(Response::new(
                StatusCode(status),
                headers,
                b,
                Some(len_usize),
                None,
            ));
        }
        Err(e) => text(req, 500, &format!("cannot read {name}: {e}")),
    }
}
