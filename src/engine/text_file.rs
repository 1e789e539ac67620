//! Reading the user's text files (course.json, Markdown, settings and store JSON): size-capped so
//! no input can take unbounded memory, UTF-8 with or without a byte-order mark (Windows Notepad
//! writes one), and errors that say what is wrong in plain words.

use std::io::Read;
use std::path::Path;

/// The UTF-8 byte-order mark, as a character.
pub const BOM: char = '\u{FEFF}';

/// `text` without a leading byte-order mark.
pub fn strip_bom(text: &str) -> &str {
    text.strip_prefix(BOM).unwrap_or(text)
}

/// Why a text file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum TextError {
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("it is {} MiB; at most {} MiB are accepted", mib(*.size), mib(*.cap))]
    TooLarge { size: u64, cap: u64 },
    #[error("it is not UTF-8 text (line {line} has an invalid byte); save it as UTF-8")]
    NotUtf8 { line: usize },
}

impl TextError {
    pub fn is_not_found(&self) -> bool {
        matches!(self, Self::Io(e) if e.kind() == std::io::ErrorKind::NotFound)
    }
}

fn mib(bytes: u64) -> String {
    let m = bytes as f64 / (1024.0 * 1024.0);
    if m.fract() == 0.0 {
        format!("{m:.0}")
    } else {
        format!("{m:.1}")
    }
}

/// Read a UTF-8 text file of at most `cap` bytes, without its byte-order mark. Never reads more
/// than `cap + 1` bytes, whatever the file's size.
pub fn read_text(path: &Path, cap: u64) -> Result<String, TextError> {
    let file = std::fs::File::open(path)?;
    let size = file.metadata().map_or(0, |m| m.len());
    if size > cap {
        return Err(TextError::TooLarge { size, cap });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(cap + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > cap {
        return Err(TextError::TooLarge {
            size: bytes.len() as u64,
            cap,
        });
    }
    match String::from_utf8(bytes) {
        Ok(mut s) => {
            if s.starts_with(BOM) {
                s.drain(..BOM.len_utf8());
            }
            Ok(s)
        }
        Err(e) => {
            let good = e.utf8_error().valid_up_to();
            let line = e.as_bytes()[..good].iter().filter(|b| **b == b'\n').count() + 1;
            Err(TextError::NotUtf8 { line })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_cap_and_utf8() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let p = dir.path().join("t.txt");
        let write = |b: &[u8]| std::fs::write(&p, b).unwrap_or_else(|e| panic!("{e}"));
        write(b"\xEF\xBB\xBFhello");
        assert_eq!(read_text(&p, 100).ok().as_deref(), Some("hello"));
        write(b"0123456789");
        assert!(matches!(
            read_text(&p, 5),
            Err(TextError::TooLarge { size: 10, cap: 5 })
        ));
        write(b"a\nb\n\xFFc");
        assert!(matches!(
            read_text(&p, 100),
            Err(TextError::NotUtf8 { line: 3 })
        ));
        assert!(read_text(&dir.path().join("missing"), 5).is_err_and(|e| e.is_not_found()));
    }
}
