//! XML 1.0 characters. Every string that reaches `imsmanifest.xml` must consist of XML 1.0
//! `Char`s (`#x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]`); anything
//! else makes the whole manifest unreadable for every XML parser, so the loader refuses such text
//! with its field path and the character (a refusal, not a silent normalisation: the author sees
//! exactly what to fix, and the package never differs from the course).

/// Whether `c` is an XML 1.0 `Char`.
pub fn is_xml_char(c: char) -> bool {
    matches!(
        c,
        '\u{9}' | '\u{A}' | '\u{D}' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..
    )
}

/// The first character XML 1.0 cannot hold, with its 1-based position in characters.
pub fn first_non_xml_char(s: &str) -> Option<(usize, char)> {
    s.chars()
        .enumerate()
        .find(|(_, c)| !is_xml_char(*c))
        .map(|(i, c)| (i + 1, c))
}

/// `U+000B (vertical tab)`: the code point and, for the usual suspects, a name people know.
pub fn describe_char(c: char) -> String {
    let name = match c {
        '\u{0}' => " (NUL)",
        '\u{8}' => " (backspace)",
        '\u{B}' => " (vertical tab, as pasted from Word)",
        '\u{C}' => " (form feed, a page break)",
        '\u{1B}' => " (escape)",
        '\u{FFFE}' | '\u{FFFF}' => " (a noncharacter)",
        c if c.is_control() => " (a control character)",
        _ => "",
    };
    format!("U+{:04X}{name}", u32::from(c))
}

/// `Err` with a message naming the character and where it is, when `s` holds a character that
/// XML 1.0 cannot hold.
pub fn check_xml_text(s: &str) -> Result<(), String> {
    match first_non_xml_char(s) {
        None => Ok(()),
        Some((pos, c)) => Err(format!(
            "contains {} at character {pos}, which XML (the SCORM manifest) cannot hold; \
             remove it (or replace it with a space)",
            describe_char(c)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_chars() {
        for c in [
            '\t', '\n', '\r', ' ', 'é', '\u{D7FF}', '\u{E000}', '\u{FFFD}', '🎓',
        ] {
            assert!(is_xml_char(c), "{c:?}");
        }
        for c in [
            '\u{0}', '\u{1}', '\u{B}', '\u{C}', '\u{1F}', '\u{FFFE}', '\u{FFFF}',
        ] {
            assert!(!is_xml_char(c), "{c:?}");
        }
        assert_eq!(first_non_xml_char("ab\u{B}c"), Some((3, '\u{B}')));
        let msg = check_xml_text("a\u{B}").unwrap_err();
        assert!(
            msg.contains("U+000B") && msg.contains("character 2"),
            "{msg}"
        );
    }
}
