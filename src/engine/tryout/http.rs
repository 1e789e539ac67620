//! HTTP details of the test LMS server: package paths, Range headers, MIME types.

/// Why a request path cannot name a file of the package.
#[derive(Debug, PartialEq, Eq)]
pub enum PathError {
    /// `..`, a backslash, an absolute or a drive path: outside the package (403).
    Outside,
    /// Not valid percent-encoding or not UTF-8 (400).
    Malformed,
}

/// Decodes `%XX` escapes (a `+` stays a `+`: this is a path, not a form).
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The zip entry name a URL path (after `/pkg/`, query and fragment removed) asks for.
pub fn entry_name(raw: &str) -> Result<String, PathError> {
    let raw = raw.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode(raw).ok_or(PathError::Malformed)?;
    if decoded.contains('\\') || decoded.contains('\0') || decoded.starts_with('/') {
        return Err(PathError::Outside);
    }
    let mut parts = Vec::new();
    for seg in decoded.split('/') {
        match seg {
            ".." => return Err(PathError::Outside),
            "" | "." => continue,
            s if s.len() >= 2 && s.as_bytes()[1] == b':' && parts.is_empty() => {
                return Err(PathError::Outside);
            }
            s => parts.push(s),
        }
    }
    Ok(parts.join("/"))
}

/// A satisfiable byte range of a file of `size` bytes: `start..=end`.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub struct ByteRange {
    pub start: u64,
    pub end: u64,
}

#[derive(Debug, PartialEq, Eq)]
pub enum RangeRequest {
    /// No Range header, or one we answer with the whole file (several ranges, other units).
    Full,
    Partial(ByteRange),
    /// 416 Range Not Satisfiable.
    Unsatisfiable,
}

/// Parses a `Range` header (RFC 9110 §14.2) for a file of `size` bytes. One range only;
/// a list of ranges is answered with the whole file, which the RFC allows.
pub fn parse_range(header: Option<&str>, size: u64) -> RangeRequest {
    let Some(h) = header else {
        return RangeRequest::Full;
    };
    let Some(spec) = h.trim().strip_prefix("bytes=") else {
        return RangeRequest::Full;
    };
    if spec.contains(',') {
        return RangeRequest::Full;
    }
    let Some((a, b)) = spec.trim().split_once('-') else {
        return RangeRequest::Unsatisfiable;
    };
    let (a, b) = (a.trim(), b.trim());
    let range = if a.is_empty() {
        // Suffix: the last N bytes.
        let Ok(n) = b.parse::<u64>() else {
            return RangeRequest::Unsatisfiable;
        };
        if n == 0 || size == 0 {
            return RangeRequest::Unsatisfiable;
        }
        ByteRange {
            start: size.saturating_sub(n),
            end: size - 1,
        }
    } else {
        let Ok(start) = a.parse::<u64>() else {
            return RangeRequest::Unsatisfiable;
        };
        let end = if b.is_empty() {
            size.saturating_sub(1)
        } else {
            match b.parse::<u64>() {
                Ok(e) if e >= start => e.min(size.saturating_sub(1)),
                _ => return RangeRequest::Unsatisfiable,
            }
        };
        if start >= size {
            return RangeRequest::Unsatisfiable;
        }
        ByteRange { start, end }
    };
    RangeRequest::Partial(range)
}

/// Content-Type by file extension.
pub fn mime_type(name: &str) -> &'static str {
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "xml" | "xsd" | "dtd" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "vtt" => "text/vtt; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "svg" => "image/svg+xml",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "bmp" => "image/bmp",
        "mp4" | "m4v" => "video/mp4",
        "webm" => "video/webm",
        "ogv" => "video/ogg",
        "mov" => "video/quicktime",
        "mp3" => "audio/mpeg",
        "m4a" => "audio/mp4",
        "aac" => "audio/aac",
        "oga" | "ogg" => "audio/ogg",
        "wav" => "audio/wav",
        "pdf" => "application/pdf",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "wasm" => "application/wasm",
        "swf" => "application/x-shockwave-flash",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(entry_name("index.html"), Ok("index.html".into()));
        assert_eq!(
            entry_name("media/a%20b.png?x=1#f"),
            Ok("media/a b.png".into())
        );
        assert_eq!(entry_name("./a//b"), Ok("a/b".into()));
        assert_eq!(entry_name("../secret"), Err(PathError::Outside));
        assert_eq!(entry_name("a/%2e%2e/%2e%2e/etc"), Err(PathError::Outside));
        assert_eq!(entry_name("a%5c..%5cb"), Err(PathError::Outside));
        assert_eq!(entry_name("%2fetc/passwd"), Err(PathError::Outside));
        assert_eq!(entry_name("C:/x"), Err(PathError::Outside));
        assert_eq!(entry_name("%zz"), Err(PathError::Malformed));
        assert_eq!(entry_name("%ff"), Err(PathError::Malformed));
    }

    #[test]
    fn ranges() {
        use RangeRequest::*;
        let r = |s, e| Partial(ByteRange { start: s, end: e });
        assert_eq!(parse_range(None, 10), Full);
        assert_eq!(parse_range(Some("bytes=0-3"), 10), r(0, 3));
        assert_eq!(parse_range(Some("bytes=5-"), 10), r(5, 9));
        assert_eq!(parse_range(Some("bytes=-4"), 10), r(6, 9));
        assert_eq!(parse_range(Some("bytes=-40"), 10), r(0, 9));
        assert_eq!(parse_range(Some("bytes=8-100"), 10), r(8, 9));
        assert_eq!(parse_range(Some("bytes=10-"), 10), Unsatisfiable);
        assert_eq!(parse_range(Some("bytes=4-2"), 10), Unsatisfiable);
        assert_eq!(parse_range(Some("bytes=x-"), 10), Unsatisfiable);
        assert_eq!(parse_range(Some("bytes=0-1,4-5"), 10), Full);
        assert_eq!(parse_range(Some("items=0-1"), 10), Full);
        assert_eq!(parse_range(Some("bytes=-0"), 10), Unsatisfiable);
    }

    #[test]
    fn mime() {
        assert_eq!(mime_type("a/INDEX.HTML"), "text/html; charset=utf-8");
        assert_eq!(mime_type("v.mp4"), "video/mp4");
        assert_eq!(
            mime_type("player/player.js"),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(mime_type("noext"), "application/octet-stream");
    }
}
