//! The manifest as XML: decoded (UTF-8, or UTF-16 with or without a byte-order mark), read to
//! the end with quick-xml, and kept as a small tree. Every well-formedness error is a problem;
//! entities are never expanded (only the five predefined ones and character references).

use quick_xml::NsReader;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;

use super::findings::{Code, Findings};

/// A manifest with more elements than this is refused (real ones have a few thousand).
const MAX_ELEMENTS: usize = 100_000;
/// Deeper nesting is refused (the checks walk the tree recursively).
const MAX_DEPTH: usize = 200;

const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

#[derive(Debug)]
pub(super) struct Attr {
    /// The namespace URI, `None` for an unprefixed attribute.
    pub ns: Option<String>,
    pub qname: String,
    pub local: String,
    pub value: String,
}

#[derive(Debug)]
pub(super) struct Node {
    pub ns: Option<String>,
    pub qname: String,
    pub local: String,
    pub attrs: Vec<Attr>,
    /// The element's own text (character data and references), not its children's.
    pub text: String,
    pub children: Vec<usize>,
    pub parent: Option<usize>,
    pub line: usize,
}

impl Node {
    /// An unprefixed attribute's value.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|a| a.ns.is_none() && a.local == name)
            .map(|a| a.value.as_str())
    }

    /// `xml:base`, if set.
    pub fn xml_base(&self) -> Option<&str> {
        self.attrs
            .iter()
            .find(|a| {
                a.local == "base" && (a.ns.as_deref() == Some(XML_NS) || a.qname == "xml:base")
            })
            .map(|a| a.value.as_str())
    }

    /// How a message names it: `<item identifier="X"> (line 12)`.
    pub fn label(&self) -> String {
        match self.attr("identifier") {
            Some(id) => format!("<{} identifier=\"{id}\"> (line {})", self.qname, self.line),
            None => format!("<{}> (line {})", self.qname, self.line),
        }
    }
}

/// The element tree; `nodes[0]` is the root element.
#[derive(Debug, Default)]
pub(super) struct Doc {
    pub nodes: Vec<Node>,
}

/// Whether a character may appear in an XML 1.0 document (the `Char` production).
pub(super) fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Decode the manifest's bytes. UTF-16 (with or without a byte-order mark) is decoded and
/// warned about; anything that is neither UTF-8 nor UTF-16 is a problem.
pub(super) fn decode(bytes: &[u8], f: &mut Findings) -> Option<String> {
    let utf16 = match bytes {
        [0xFF, 0xFE, rest @ ..] => Some((rest, false)),
        [0xFE, 0xFF, rest @ ..] => Some((rest, true)),
        [b'<', 0, ..] => Some((bytes, false)),
        [0, b'<', ..] => Some((bytes, true)),
        _ => None,
    };
    if let Some((body, big_endian)) = utf16 {
        let units = body.chunks(2).map(|c| match (c, big_endian) {
            ([a, b], false) => Ok(u16::from_le_bytes([*a, *b])),
            ([a, b], true) => Ok(u16::from_be_bytes([*a, *b])),
            _ => Err(()),
        });
        let mut text = String::with_capacity(body.len() / 2);
        for (i, u) in char::decode_utf16(units.map_while(Result::ok)).enumerate() {
            match u {
                Ok(c) => text.push(c),
                Err(_) => {
                    f.problem(
                        Code::Encoding,
                        format!(
                            "imsmanifest.xml is UTF-16 but holds an unpaired surrogate (code unit {i}): it cannot be decoded"
                        ),
                        None,
                    );
                    return None;
                }
            }
        }
        if body.len() % 2 == 1 {
            f.problem(
                Code::Encoding,
                "imsmanifest.xml is UTF-16 but has an odd number of bytes: it is cut short",
                None,
            );
            return None;
        }
        f.warning(
            Code::Encoding,
            "imsmanifest.xml is UTF-16: valid XML, but some LMSs read only UTF-8",
            None,
        );
        return Some(text);
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(body) {
        Ok(text) => {
            let declared = declared_encoding(text).map(str::to_ascii_lowercase);
            if declared.as_deref().is_some_and(|e| e.starts_with("utf-16")) {
                f.problem(
                    Code::Encoding,
                    "imsmanifest.xml declares encoding=\"UTF-16\" but is written in UTF-8 (or ASCII): XML parsers refuse it",
                    None,
                );
            }
            Some(text.to_owned())
        }
        Err(e) => {
            let declared = std::str::from_utf8(&body[..e.valid_up_to()])
                .ok()
                .and_then(declared_encoding)
                .unwrap_or("UTF-8");
            f.problem(
                Code::Encoding,
                format!(
                    "imsmanifest.xml is not valid UTF-8 (byte {} is not; it declares encoding “{declared}”): save it as UTF-8, which every LMS reads",
                    e.valid_up_to()
                ),
                None,
            );
            None
        }
    }
}

/// `encoding="…"` of the XML declaration, if there is one.
fn declared_encoding(text: &str) -> Option<&str> {
    let decl = text.strip_prefix("<?xml")?;
    let decl = &decl[..decl.find("?>")?];
    let at = decl.find("encoding")?;
    let rest = decl[at + "encoding".len()..]
        .trim_start()
        .strip_prefix('=')?
        .trim_start();
    let quote = rest.chars().next().filter(|q| *q == '"' || *q == '\'')?;
    let rest = &rest[1..];
    Some(&rest[..rest.find(quote)?])
}

/// Line and column (1-based, in characters) of byte positions in a text. The line starts are
/// found once: a manifest of 120,000 lines was scanned from its start for every element, and its
/// check took minutes.
struct Lines<'a> {
    text: &'a str,
    /// Byte offset where each line starts.
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self { text, starts }
    }

    fn line_col(&self, pos: usize) -> (usize, usize) {
        let mut cut = pos.min(self.text.len());
        while !self.text.is_char_boundary(cut) {
            cut -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= cut);
        let start = self.starts.get(line.wrapping_sub(1)).copied().unwrap_or(0);
        let col = self.text.get(start..cut).map_or(0, |s| s.chars().count()) + 1;
        (line.max(1), col)
    }
}

/// Every character outside XML 1.0 `Char` is a problem (one finding, every place listed).
fn check_chars(text: &str, lines: &Lines, f: &mut Findings) -> bool {
    let mut ok = true;
    for (i, c) in text.char_indices().filter(|(_, c)| !is_xml_char(*c)) {
        let (line, col) = lines.line_col(i);
        f.problem(
            Code::NotWellFormed,
            "imsmanifest.xml holds a character XML 1.0 does not allow (control characters other than tab and line breaks, U+FFFE, U+FFFF)",
            Some(format!("U+{:04X} at line {line}, column {col}", u32::from(c))),
        );
        ok = false;
    }
    ok
}

fn is_name_start(c: char) -> bool {
    c.is_alphabetic() || c == '_' || c == ':'
}

fn is_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(is_name_start)
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '_' | ':' | '-' | '.' | '\u{B7}'))
}

/// Parse `text` to a tree, reporting every well-formedness problem; `None` when it is not XML.
pub(super) fn parse(text: &str, f: &mut Findings) -> Option<Doc> {
    let lines = Lines::new(text);
    let chars_ok = check_chars(text, &lines, f);
    let mut p = Parser {
        text,
        lines,
        f,
        doc: Doc::default(),
        stack: Vec::new(),
        root_closed: false,
    };
    let ok = p.run();
    let doc = p.doc;
    (ok && chars_ok).then_some(doc)
}

struct Parser<'a, 'f> {
    text: &'a str,
    lines: Lines<'a>,
    f: &'f mut Findings,
    doc: Doc,
    stack: Vec<usize>,
    root_closed: bool,
}

impl Parser<'_, '_> {
    fn fail(&mut self, pos: u64, what: impl std::fmt::Display) -> bool {
        let (line, col) = self
            .lines
            .line_col(usize::try_from(pos).unwrap_or(usize::MAX));
        self.f.problem(
            Code::NotWellFormed,
            format!("imsmanifest.xml is not well-formed XML: {what}"),
            Some(format!("line {line}, column {col}")),
        );
        false
    }

    fn append_text(&mut self, pos: u64, s: &str) -> bool {
        match self.stack.last() {
            Some(&i) => {
                self.doc.nodes[i].text.push_str(s);
                true
            }
            None if s.trim().is_empty() => true,
            None => {
                let shown: String = s.trim().chars().take(40).collect();
                let where_ = if self.root_closed {
                    "after the root element"
                } else {
                    "before any element"
                };
                self.fail(pos, format!("text “{shown}” {where_}"))
            }
        }
    }

    /// A start tag: checked, resolved and added to the tree.
    fn open(
        &mut self,
        reader: &NsReader<&[u8]>,
        start: u64,
        ns: Result<Option<String>, String>,
        e: &BytesStart,
        empty: bool,
    ) -> bool {
        if self.root_closed {
            return self.fail(start, "a second root element after the first one closed");
        }
        if self.stack.len() >= MAX_DEPTH || self.doc.nodes.len() >= MAX_ELEMENTS {
            self.f.problem(
                Code::TooComplex,
                format!(
                    "imsmanifest.xml nests elements more than {MAX_DEPTH} deep or has more than {MAX_ELEMENTS} elements: not checked further"
                ),
                None,
            );
            return false;
        }
        let qname = String::from_utf8_lossy(e.name().as_ref()).into_owned();
        if !is_name(&qname) {
            return self.fail(start, format!("“{qname}” is not a valid element name"));
        }
        let local = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
        let ns = match ns {
            Ok(ns) => ns,
            Err(prefix) => {
                return self.fail(
                    start,
                    format!(
                        "the prefix “{prefix}:” of <{qname}> is not declared (xmlns:{prefix}=\"…\")"
                    ),
                );
            }
        };
        let mut attrs = Vec::new();
        for a in e.attributes() {
            let a = match a {
                Ok(a) => a,
                Err(err) => return self.fail(start, format!("in <{qname}>: {err}")),
            };
            let key = String::from_utf8_lossy(a.key.as_ref()).into_owned();
            if a.value.contains(&b'<') {
                return self.fail(start, format!("attribute {key} of <{qname}> contains “<”"));
            }
            let value = match a.unescape_value() {
                Ok(v) => v.into_owned(),
                Err(err) => {
                    return self.fail(
                        start,
                        format!(
                            "attribute {key} of <{qname}>: {err} (only &lt; &gt; &amp; &apos; &quot; and character references exist without a DTD)"
                        ),
                    );
                }
            };
            if let Some(c) = value.chars().find(|c| !is_xml_char(*c)) {
                return self.fail(
                    start,
                    format!(
                        "attribute {key} of <{qname}> refers to character U+{:04X}, which XML 1.0 does not allow",
                        u32::from(c)
                    ),
                );
            }
            if key == "xmlns" || key.starts_with("xmlns:") {
                continue;
            }
            let (rns, alocal) = reader.resolve_attribute(a.key);
            let ans = match resolved(&rns) {
                Ok(ns) => ns,
                Err(prefix) => {
                    return self.fail(
                        start,
                        format!("the prefix “{prefix}:” of attribute {key} is not declared"),
                    );
                }
            };
            attrs.push(Attr {
                ns: ans,
                qname: key,
                local: String::from_utf8_lossy(alocal.as_ref()).into_owned(),
                value,
            });
        }
        let idx = self.doc.nodes.len();
        let parent = self.stack.last().copied();
        let (line, _) = self
            .lines
            .line_col(usize::try_from(start).unwrap_or(usize::MAX));
        self.doc.nodes.push(Node {
            ns,
            qname,
            local,
            attrs,
            text: String::new(),
            children: Vec::new(),
            parent,
            line,
        });
        if let Some(p) = parent {
            self.doc.nodes[p].children.push(idx);
        }
        if empty {
            self.root_closed |= parent.is_none();
        } else {
            self.stack.push(idx);
        }
        true
    }

    /// Read every event to the end; false after the first fatal error.
    fn run(&mut self) -> bool {
        let mut reader = NsReader::from_str(self.text);
        reader.config_mut().check_comments = true;
        reader.config_mut().check_end_names = true;
        let mut first = true;
        loop {
            let start = reader.buffer_position();
            let (ns, ev) = match reader.read_resolved_event() {
                Ok((ns, ev)) => (resolved(&ns), ev),
                Err(e) => return self.fail(reader.error_position(), e),
            };
            let was_first = std::mem::replace(&mut first, false);
            match ev {
                Event::Decl(_) if !was_first => {
                    return self.fail(
                        start,
                        "an XML declaration <?xml …?> that is not at the very start",
                    );
                }
                Event::Decl(_) | Event::Comment(_) => {}
                Event::PI(pi) => {
                    if pi.target().eq_ignore_ascii_case(b"xml") {
                        return self.fail(
                            start,
                            "an XML declaration <?xml …?> that is not at the very start",
                        );
                    }
                }
                Event::DocType(d) => {
                    let body = String::from_utf8_lossy(&d).into_owned();
                    if body.contains("<!ENTITY") {
                        self.f.problem(
                            Code::Doctype,
                            "imsmanifest.xml has a DOCTYPE that declares entities: SCORM never needs one, and this check does not expand entities",
                            None,
                        );
                    } else {
                        self.f.warning(
                            Code::Doctype,
                            "imsmanifest.xml has a DOCTYPE: SCORM manifests do not need one",
                            None,
                        );
                    }
                }
                Event::Start(e) => {
                    if !self.open(&reader, start, ns, &e, false) {
                        return false;
                    }
                }
                Event::Empty(e) => {
                    if !self.open(&reader, start, ns, &e, true) {
                        return false;
                    }
                }
                Event::End(e) => {
                    if self.stack.pop().is_none() {
                        let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                        return self.fail(
                            start,
                            format!("</{name}> closes an element that was never opened"),
                        );
                    }
                    self.root_closed |= self.stack.is_empty();
                }
                Event::Text(t) => {
                    let s = match t.decode() {
                        Ok(s) => s.into_owned(),
                        Err(e) => return self.fail(start, e),
                    };
                    if !self.append_text(start, &s) {
                        return false;
                    }
                }
                Event::CData(t) => {
                    let s = String::from_utf8_lossy(&t).into_owned();
                    if self.stack.is_empty() {
                        return self.fail(start, "a CDATA section outside the root element");
                    }
                    self.append_text(start, &s);
                }
                Event::GeneralRef(r) => {
                    let name = String::from_utf8_lossy(&r).into_owned();
                    let c = match name.as_str() {
                        "lt" => '<',
                        "gt" => '>',
                        "amp" => '&',
                        "apos" => '\'',
                        "quot" => '"',
                        _ => match r.resolve_char_ref() {
                            Ok(Some(c)) if is_xml_char(c) => c,
                            Ok(Some(c)) => {
                                return self.fail(start, format!("&{name}; refers to character U+{:04X}, which XML 1.0 does not allow", u32::from(c)));
                            }
                            Ok(None) => {
                                return self.fail(start, format!("the entity &{name}; is not one of the five XML defines (&lt; &gt; &amp; &apos; &quot;); entities declared in a DOCTYPE are never expanded"));
                            }
                            Err(e) => return self.fail(start, format!("&{name};: {e}")),
                        },
                    };
                    if !self.append_text(start, &c.to_string()) {
                        return false;
                    }
                }
                Event::Eof => break,
            }
        }
        if let Some(&open) = self.stack.last() {
            let name = self.doc.nodes[open].qname.clone();
            let line = self.doc.nodes[open].line;
            return self.fail(
                self.text.len() as u64,
                format!("the file ends before <{name}> (opened on line {line}) is closed: closing tags are missing"),
            );
        }
        if self.doc.nodes.is_empty() {
            let what = if self.text.trim().is_empty() {
                "the file is empty"
            } else {
                "the file holds no element"
            };
            return self.fail(self.text.len() as u64, what);
        }
        true
    }
}

/// The namespace of a name: `Ok(Some(uri))`, `Ok(None)` if unbound, `Err(prefix)` if undeclared.
fn resolved(r: &ResolveResult) -> Result<Option<String>, String> {
    match r {
        ResolveResult::Bound(ns) => Ok(Some(String::from_utf8_lossy(ns.as_ref()).into_owned())),
        ResolveResult::Unbound => Ok(None),
        ResolveResult::Unknown(p) => Err(String::from_utf8_lossy(p).into_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::Lines;

    /// The line and column as a person counts them: newlines before, characters since the last.
    fn counted(text: &str, pos: usize) -> (usize, usize) {
        let before: String = text
            .char_indices()
            .take_while(|(i, _)| *i < pos)
            .map(|(_, c)| c)
            .collect();
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        (line, col)
    }

    #[test]
    fn line_and_column_of_every_position() {
        let text = "<a>\n  <bé>ü\n\n<c/>\r\n€x";
        let lines = Lines::new(text);
        for pos in 0..=text.len() + 3 {
            // Inside a character: that character's own place.
            let mut at = pos.min(text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            assert_eq!(lines.line_col(pos), counted(text, at), "at byte {pos}");
        }
        assert_eq!(Lines::new("").line_col(0), (1, 1));
    }
}
