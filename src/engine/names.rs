//! Export names and the file names made from them.
//!
//! An export name names a preset, a History entry, an Archive folder and (with the course
//! title) the package file, so it must fit all of them: at most [`EXPORT_NAME_MAX`] characters
//! and no control characters. File names keep the title readable ("Lab Safety (Basics) &
//! 'Spills'.zip", not "Lab Safety _Basics_ _ _Spills_.zip") and are legal on Windows, macOS
//! and Linux, so a package can be copied to any learner's or LMS admin's machine.

/// Longest export name, in characters.
pub const EXPORT_NAME_MAX: usize = 80;

/// Longest file stem we derive, in bytes (file systems allow 255; the per-section suffix,
/// `.zip` and a temp file's `.NAME.XXXXXX.tmp` need room too).
const STEM_MAX_BYTES: usize = 150;

/// Why `name` cannot be an export name, if it cannot.
pub fn check_export_name(name: &str) -> Result<(), String> {
    let name = name.trim();
    if name.is_empty() {
        return Err("the export name is empty; name the preset".into());
    }
    let len = name.chars().count();
    if len > EXPORT_NAME_MAX {
        return Err(format!(
            "the export name has {len} characters; use at most {EXPORT_NAME_MAX}"
        ));
    }
    if let Some(c) = name.chars().find(|c| c.is_control()) {
        return Err(format!(
            "the export name holds a control character (U+{:04X}); type it again without it",
            u32::from(c)
        ));
    }
    Ok(())
}

/// Names Windows reserves whatever the extension.
const WINDOWS_RESERVED: [&str; 22] = [
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// A readable file stem for `text`, legal on Windows, macOS and Linux: characters those systems
/// refuse become their nearest legal look-alike (`<…>` → `(…)`, `"` → `'`, `:` → ` -`, slashes
/// and `|` → `-`; `?` and `*` go), controls go, spaces collapse, no trailing dot or space, no
/// reserved device name, at most 150 bytes. Never empty.
pub fn file_stem(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' | '[' => s.push('('),
            '>' | ']' => s.push(')'),
            '"' => s.push('\''),
            ':' => s.push_str(" -"),
            '/' | '\\' | '|' => s.push('-'),
            '?' | '*' => {}
            c if c.is_control() => s.push(' '),
            c => s.push(c),
        }
    }
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    // A leading dot hides the file on Linux and macOS.
    let mut out = out.trim_start_matches('.').to_owned();
    if out.len() > STEM_MAX_BYTES {
        let mut cut = STEM_MAX_BYTES;
        while !out.is_char_boundary(cut) {
            cut -= 1;
        }
        out.truncate(cut);
    }
    let out = out.trim_end_matches(['.', ' ']).to_owned();
    if out.is_empty() {
        return "course".into();
    }
    let device = out
        .split('.')
        .next()
        .unwrap_or_default()
        .to_ascii_uppercase();
    if WINDOWS_RESERVED.contains(&device.as_str()) {
        return format!("{out}_");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_stay_readable() {
        assert_eq!(
            file_stem("Lab Safety <Basics> & \"Spills\""),
            "Lab Safety (Basics) & 'Spills'"
        );
        assert_eq!(file_stem("Fire: Part 1/2"), "Fire - Part 1-2");
        assert_eq!(file_stem("Why? *Now*"), "Why Now");
        assert_eq!(file_stem("Café – Ünïcode ok"), "Café – Ünïcode ok");
    }

    #[test]
    fn what_systems_refuse_is_gone() {
        assert_eq!(file_stem("a\tb\nc\u{7}"), "a b c");
        assert_eq!(file_stem("trailing dots... "), "trailing dots");
        assert_eq!(file_stem(".hidden"), "hidden");
        assert_eq!(file_stem("CON"), "CON_");
        assert_eq!(file_stem("lpt1.backup"), "lpt1.backup_");
        assert_eq!(file_stem("???"), "course");
        assert_eq!(file_stem(""), "course");
        let long = file_stem(&"é".repeat(300));
        assert!(
            long.len() <= 150 && long.chars().all(|c| c == 'é'),
            "{long}"
        );
        for bad in ['<', '>', ':', '"', '/', '\\', '|', '?', '*'] {
            assert!(!file_stem(&format!("a{bad}b")).contains(bad));
        }
    }

    #[test]
    fn export_names_are_bounded() {
        assert!(check_export_name("Moodle – 1.2").is_ok());
        assert!(check_export_name("  ").unwrap_err().contains("empty"));
        let long = "x".repeat(81);
        assert!(
            check_export_name(&long)
                .unwrap_err()
                .contains("81 characters")
        );
        assert!(check_export_name(&"x".repeat(80)).is_ok());
        assert!(check_export_name("a\u{1}b").unwrap_err().contains("U+0001"));
    }
}
