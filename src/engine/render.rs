//! Markdown → HTML with pulldown-cmark. Local links are checked at load time and rewritten to their
//! packaged paths here; an image link to a video or audio file becomes an HTML5 player.
//! Raw HTML in the author's Markdown is kept: it is the author's own content.

use std::collections::HashMap;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};
use pulldown_cmark_escape::{escape_href, escape_html};

use super::course::MediaKind;

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TASKLISTS
}

/// Whether a link destination points at a file of the course (not a web address or an anchor).
pub fn is_local(dest: &str) -> bool {
    let d = dest.trim();
    if d.is_empty() || d.starts_with('#') || d.starts_with("//") || d.starts_with('?') {
        return false;
    }
    // A scheme (http:, mailto:, data:, …) comes before any slash.
    match (d.find(':'), d.find('/')) {
        (Some(c), Some(s)) => c > s,
        (Some(_), None) => false,
        _ => true,
    }
}

/// Decode `%XX` escapes of a link or href (invalid escapes are kept as written).
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = (bytes[i] == b'%')
            .then(|| s.get(i + 1..i + 3))
            .flatten()
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match hex {
            Some(v) => {
                out.push(v);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_owned())
}

/// The file part of a local destination (without `#fragment` or `?query`).
pub fn file_part(dest: &str) -> &str {
    let end = dest.find(['#', '?']).unwrap_or(dest.len());
    dest[..end].trim()
}

/// Every local link or image destination of the Markdown, with its 1-based line.
pub fn local_links(markdown: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = event
            && is_local(&dest_url)
        {
            {
                let line = markdown[..range.start.min(markdown.len())]
                    .matches('\n')
                    .count()
                    + 1;
                out.push((line, file_part(&dest_url).to_owned()));
            }
        }
    }
    out
}

/// The local videos a section plays (image syntax, `![Walk](media/walk.mp4)`), by destination
/// file part as written; a plain link to a video (`[download](walk.mp4)`) is not one.
pub fn video_players(markdown: &str) -> Vec<String> {
    Parser::new_ext(markdown, options())
        .filter_map(|event| match event {
            Event::Start(Tag::Image { dest_url, .. })
                if is_local(&dest_url)
                    && MediaKind::from_path(file_part(&dest_url)) == MediaKind::Video =>
            {
                Some(file_part(&dest_url).to_owned())
            }
            _ => None,
        })
        .collect()
}

/// What goes with a packaged video or audio file: caption tracks (language, packaged path), a
/// poster (packaged path) and the captions' text for a transcript.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MediaExtras {
    pub tracks: Vec<(String, String)>,
    pub poster: Option<String>,
    pub transcript: Vec<String>,
}

/// Render Markdown to HTML. `packaged` maps each local destination's file part (as written in the
/// Markdown) to its path inside the package, relative to the launch page (written percent-encoded).
/// `extras`: per packaged video/audio path, its captions, poster and transcript.
pub fn render_markdown(
    markdown: &str,
    packaged: &HashMap<String, String>,
    extras: &HashMap<String, MediaExtras>,
) -> String {
    let mut events: Vec<Event> = Vec::new();
    let mut parser = Parser::new_ext(markdown, options());
    let rewrite = |dest: &CowStr| -> Option<String> {
        if !is_local(dest) {
            return None;
        }
        let file = file_part(dest);
        let suffix = &dest[dest.find(['#', '?']).unwrap_or(dest.len())..];
        // Percent-encoded: a packaged `50%.png` or `a#b.png` must reach that file, not `P.png`
        // or `a` (the HTML writer leaves `%` escapes as they are).
        packaged
            .get(file)
            .map(|p| format!("{}{suffix}", super::href::encode_href(p)))
    };
    while let Some(event) = parser.next() {
        match event {
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let target = rewrite(&dest_url);
                let kind = MediaKind::from_path(file_part(&dest_url));
                if let (Some(src), MediaKind::Video | MediaKind::Audio) = (&target, kind) {
                    // Collect the caption text up to the end of the image.
                    let mut caption = String::new();
                    for inner in parser.by_ref() {
                        match inner {
                            Event::End(TagEnd::Image) => break,
                            Event::Text(t) | Event::Code(t) => caption.push_str(&t),
                            _ => {}
                        }
                    }
                    let none = MediaExtras::default();
                    let more = packaged_path_of(src, packaged)
                        .and_then(|p| extras.get(p))
                        .unwrap_or(&none);
                    events.push(Event::Html(media_player(kind, src, &caption, more).into()));
                } else {
                    events.push(Event::Start(Tag::Image {
                        link_type,
                        dest_url: target.map(CowStr::from).unwrap_or(dest_url),
                        title,
                        id,
                    }));
                }
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => events.push(Event::Start(Tag::Link {
                link_type,
                dest_url: rewrite(&dest_url).map(CowStr::from).unwrap_or(dest_url),
                title,
                id,
            })),
            other => events.push(other),
        }
    }
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, unwrap_lone_players(events).into_iter());
    html
}

/// A paragraph holding only a media player would give `<p><figure>…</figure></p>`, which is
/// invalid HTML (browsers close the `<p>` early and leave an empty one): drop that paragraph.
fn unwrap_lone_players(events: Vec<Event>) -> Vec<Event> {
    let mut out: Vec<Event> = Vec::with_capacity(events.len());
    let mut it = events.into_iter().peekable();
    while let Some(e) = it.next() {
        if matches!(e, Event::Start(Tag::Paragraph)) {
            let mut inner = Vec::new();
            while let Some(x) = it.next_if(|x| !matches!(x, Event::End(TagEnd::Paragraph))) {
                inner.push(x);
            }
            let end = it.next();
            let lone = inner
                .iter()
                .filter(|x| !matches!(x, Event::SoftBreak | Event::HardBreak))
                .all(|x| matches!(x, Event::Html(h) if h.starts_with("<figure class=\"media")));
            if lone && !inner.is_empty() {
                out.extend(inner);
            } else {
                out.push(e);
                out.extend(inner);
                out.extend(end);
            }
        } else {
            out.push(e);
        }
    }
    out
}

/// The packaged path (as in `packaged`) whose encoded form is `src`.
fn packaged_path_of<'a>(src: &str, packaged: &'a HashMap<String, String>) -> Option<&'a String> {
    packaged
        .values()
        .find(|p| super::href::encode_href(p) == src.split(['#', '?']).next().unwrap_or(src))
}

fn push_attr(s: &mut String, name: &str, value: &str, href: bool) {
    s.push(' ');
    s.push_str(name);
    s.push_str("=\"");
    if href {
        let _ = escape_href(&mut *s, value);
    } else {
        let _ = escape_html(&mut *s, value);
    }
    s.push('"');
}

fn media_player(kind: MediaKind, src: &str, caption: &str, extras: &MediaExtras) -> String {
    let tag = if kind == MediaKind::Video {
        "video"
    } else {
        "audio"
    };
    let mut s = String::new();
    s.push_str("<figure class=\"media media-");
    s.push_str(tag);
    s.push_str("\"><");
    s.push_str(tag);
    s.push_str(" controls preload=\"metadata\"");
    push_attr(&mut s, "src", src, true);
    if !caption.is_empty() {
        push_attr(&mut s, "aria-label", caption, false);
    }
    if let Some(poster) = &extras.poster {
        push_attr(&mut s, "poster", &super::href::encode_href(poster), true);
    }
    s.push('>');
    // Browsers draw captions for video only; audio gets the transcript below.
    if kind == MediaKind::Video {
        for (i, (lang, path)) in extras.tracks.iter().enumerate() {
            s.push_str("<track kind=\"captions\"");
            push_attr(&mut s, "src", &super::href::encode_href(path), true);
            push_attr(&mut s, "srclang", lang, false);
            push_attr(&mut s, "label", lang, false);
            if i == 0 {
                s.push_str(" default");
            }
            s.push('>');
        }
    }
    s.push_str("</");
    s.push_str(tag);
    s.push('>');
    if !caption.is_empty() {
        s.push_str("<figcaption>");
        let _ = escape_html(&mut s, caption);
        s.push_str("</figcaption>");
    }
    if !extras.transcript.is_empty() {
        // The player puts its own word for "Transcript" in the summary (course language).
        s.push_str("<details class=\"transcript\"><summary>Transcript</summary>");
        for cue in &extras.transcript {
            s.push_str("<p>");
            let _ = escape_html(&mut s, cue);
            s.push_str("</p>");
        }
        s.push_str("</details>");
    }
    s.push_str("</figure>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_link_detection() {
        assert!(is_local("../media/a.png"));
        assert!(is_local("img/a b.png"));
        assert!(!is_local("https://x.org/a.png"));
        assert!(!is_local("mailto:a@b"));
        assert!(!is_local("#top"));
        assert!(!is_local("data:image/png;base64,AAA"));
        assert_eq!(file_part("a.pdf#page=2"), "a.pdf");
    }

    #[test]
    fn video_image_link_becomes_player_with_escaped_caption() {
        let mut m = HashMap::new();
        m.insert("../media/walk.mp4".to_owned(), "media/walk.mp4".to_owned());
        let html = render_markdown(
            "![Walk < through & \"more\"](../media/walk.mp4)",
            &m,
            &HashMap::new(),
        );
        assert!(html.contains("<video controls"), "{html}");
        assert!(html.contains("src=\"media/walk.mp4\""), "{html}");
        assert!(
            html.contains("Walk &lt; through &amp; &quot;more&quot;"),
            "{html}"
        );
        assert!(
            html.starts_with("<figure"),
            "no <p> around a lone player: {html}"
        );
    }

    #[test]
    fn image_links_are_rewritten_and_lines_reported() {
        let mut m = HashMap::new();
        m.insert("pic.png".to_owned(), "media/sections/pic.png".to_owned());
        let md = "# T\n\ntext\n![a](pic.png#x) [site](https://e.org)";
        assert_eq!(local_links(md), vec![(4, "pic.png".to_owned())]);
        let html = render_markdown(md, &m, &HashMap::new());
        assert!(html.contains("src=\"media/sections/pic.png#x\""), "{html}");
    }

    #[test]
    fn packaged_names_are_percent_encoded_in_links() {
        let mut m = HashMap::new();
        m.insert("a%2523.png".to_owned(), "media/a%23 #.png".to_owned());
        let html = render_markdown("![a](a%2523.png)", &m, &HashMap::new());
        assert!(html.contains("src=\"media/a%2523%20%23.png\""), "{html}");
    }
}
