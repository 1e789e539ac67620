//! A small XML syntax highlighter for the manifest preview: one [`LayoutJob`] per line, so the
//! preview draws only the visible lines of a long manifest.
//!
//! Tokenized by hand (the manifest comes from our own writer, but anything is drawn safely:
//! an unexpected character just keeps the current colour).

use egui::text::{LayoutJob, TextFormat};
use egui::{Color32, FontId};

/// What a run of characters is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token {
    /// `<`, `>`, `/>`, `</`, `=`.
    Punct,
    /// Element name.
    Tag,
    /// Attribute name.
    Attr,
    /// Attribute value with its quotes.
    Value,
    /// Text between tags.
    Text,
    /// `<!-- … -->`, `<?xml … ?>`.
    Comment,
}

/// The colours of each token, for dark or light backgrounds.
#[derive(Debug, Clone, Copy)]
pub struct Palette {
    pub punct: Color32,
    pub tag: Color32,
    pub attr: Color32,
    pub value: Color32,
    pub text: Color32,
    pub comment: Color32,
}

impl Palette {
    pub fn for_dark_mode(dark: bool) -> Self {
        if dark {
            Self {
                punct: Color32::from_rgb(140, 150, 165),
                tag: Color32::from_rgb(110, 180, 250),
                attr: Color32::from_rgb(230, 180, 110),
                value: Color32::from_rgb(150, 210, 130),
                text: Color32::from_rgb(220, 220, 220),
                comment: Color32::from_rgb(130, 130, 130),
            }
        } else {
            Self {
                punct: Color32::from_rgb(110, 115, 125),
                tag: Color32::from_rgb(20, 90, 190),
                attr: Color32::from_rgb(160, 80, 0),
                value: Color32::from_rgb(20, 120, 40),
                text: Color32::from_rgb(30, 30, 30),
                comment: Color32::from_rgb(120, 120, 120),
            }
        }
    }

    fn color(&self, t: Token) -> Color32 {
        match t {
            Token::Punct => self.punct,
            Token::Tag => self.tag,
            Token::Attr => self.attr,
            Token::Value => self.value,
            Token::Text => self.text,
            Token::Comment => self.comment,
        }
    }
}

/// Split XML into `(token, text)` runs. Concatenating the texts gives back the input.
pub fn tokenize(xml: &str) -> Vec<(Token, &str)> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        Text,
        TagName,
        InTag,
        AttrName,
        Value(u8),
        Comment,
    }
    let bytes = xml.as_bytes();
    let mut out: Vec<(Token, usize, usize)> = Vec::new();
    let mut state = State::Text;
    let mut start = 0;
    let mut i = 0;
    let push = |out: &mut Vec<(Token, usize, usize)>, tok: Token, from: usize, to: usize| {
        if to <= from {
            return;
        }
        match out.last_mut() {
            // Merge neighbours of the same kind (keeps jobs small).
            Some((t, _, end)) if *t == tok && *end == from => *end = to,
            _ => out.push((tok, from, to)),
        }
    };
    while i < bytes.len() {
        let b = bytes[i];
        match state {
            State::Text => {
                if b == b'<' {
                    push(&mut out, Token::Text, start, i);
                    if bytes[i..].starts_with(b"<!--") || bytes[i..].starts_with(b"<?") {
                        state = State::Comment;
                        start = i;
                    } else {
                        let len = if bytes[i..].starts_with(b"</") { 2 } else { 1 };
                        push(&mut out, Token::Punct, i, i + len);
                        i += len;
                        start = i;
                        state = State::TagName;
                        continue;
                    }
                }
            }
            State::Comment => {
                let end = if bytes[start..].starts_with(b"<?") {
                    b"?>".as_slice()
                } else {
                    b"-->".as_slice()
                };
                if bytes[i..].starts_with(end) {
                    i += end.len();
                    push(&mut out, Token::Comment, start, i);
                    start = i;
                    state = State::Text;
                    continue;
                }
            }
            State::TagName => {
                if b.is_ascii_whitespace() || b == b'>' || b == b'/' {
                    push(&mut out, Token::Tag, start, i);
                    start = i;
                    state = State::InTag;
                    continue;
                }
            }
            State::InTag => {
                if b == b'>' {
                    push(&mut out, Token::Text, start, i);
                    push(&mut out, Token::Punct, i, i + 1);
                    i += 1;
                    start = i;
                    state = State::Text;
                    continue;
                } else if b == b'/' || b == b'=' {
                    push(&mut out, Token::Text, start, i);
                    push(&mut out, Token::Punct, i, i + 1);
                    i += 1;
                    start = i;
                    continue;
                } else if b == b'"' || b == b'\'' {
                    push(&mut out, Token::Text, start, i);
                    start = i;
                    state = State::Value(b);
                } else if !b.is_ascii_whitespace() {
                    push(&mut out, Token::Text, start, i);
                    start = i;
                    state = State::AttrName;
                }
            }
            State::AttrName => {
                if b.is_ascii_whitespace() || b == b'=' || b == b'>' || b == b'/' {
                    push(&mut out, Token::Attr, start, i);
                    start = i;
                    state = State::InTag;
                    continue;
                }
            }
            State::Value(q) => {
                if b == q && i > start {
                    push(&mut out, Token::Value, start, i + 1);
                    i += 1;
                    start = i;
                    state = State::InTag;
                    continue;
                }
            }
        }
        i += 1;
    }
    let last = match state {
        State::Text | State::InTag => Token::Text,
        State::TagName => Token::Tag,
        State::AttrName => Token::Attr,
        State::Value(_) => Token::Value,
        State::Comment => Token::Comment,
    };
    push(&mut out, last, start, bytes.len());
    // Every boundary is at an ASCII byte, so `get` never fails; skip rather than panic anyway.
    out.into_iter()
        .filter_map(|(t, a, b)| xml.get(a..b).map(|s| (t, s)))
        .collect()
}

/// One highlighted [`LayoutJob`] per line of `xml` (without the line breaks).
pub fn highlight_lines(xml: &str, font: &FontId, palette: &Palette) -> Vec<LayoutJob> {
    let mut lines = vec![LayoutJob::default()];
    for (tok, text) in tokenize(xml) {
        let format = TextFormat::simple(font.clone(), palette.color(tok));
        let mut parts = text.split('\n');
        if let Some(first) = parts.next()
            && !first.is_empty()
            && let Some(job) = lines.last_mut()
        {
            job.append(first, 0.0, format.clone());
        }
        for part in parts {
            let mut job = LayoutJob::default();
            if !part.is_empty() {
                job.append(part, 0.0, format.clone());
            }
            lines.push(job);
        }
    }
    if xml.ends_with('\n') && lines.len() > 1 {
        lines.pop();
    }
    for job in &mut lines {
        job.wrap.max_width = f32::INFINITY;
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_cover_the_input_and_classify() {
        let xml = "<?xml version=\"1.0\"?>\n<manifest identifier=\"M-1\" a='x'>\n  <!-- c -->\n  <file href=\"a b.html\"/>\n  text &amp; more\n</manifest>\n";
        let toks = tokenize(xml);
        let joined: String = toks.iter().map(|(_, s)| *s).collect();
        assert_eq!(joined, xml);
        assert!(toks.contains(&(Token::Tag, "manifest")));
        assert!(toks.contains(&(Token::Attr, "identifier")));
        assert!(toks.contains(&(Token::Value, "\"M-1\"")));
        assert!(toks.contains(&(Token::Value, "'x'")));
        assert!(toks.contains(&(Token::Value, "\"a b.html\"")));
        assert!(toks.contains(&(Token::Comment, "<!-- c -->")));
        assert!(toks.contains(&(Token::Comment, "<?xml version=\"1.0\"?>")));
        assert!(
            toks.iter()
                .any(|(t, s)| *t == Token::Text && s.contains("&amp;"))
        );
    }

    #[test]
    fn lines_match_the_text() {
        let xml = "<a>\n  <b x=\"1\"/>\n</a>\n";
        let lines = highlight_lines(xml, &FontId::monospace(12.0), &Palette::for_dark_mode(true));
        let texts: Vec<&str> = lines.iter().map(|j| j.text.as_str()).collect();
        assert_eq!(texts, vec!["<a>", "  <b x=\"1\"/>", "</a>"]);
    }

    #[test]
    fn broken_xml_does_not_panic() {
        for s in [
            "<",
            "<a",
            "<a b",
            "<a b=\"",
            "<!--",
            "é<ü x='ö'>ß",
            "<<>>\"'",
        ] {
            let joined: String = tokenize(s).iter().map(|(_, t)| *t).collect();
            assert_eq!(joined, s);
        }
    }
}
