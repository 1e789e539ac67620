//! Files that go with a video or an audio file, found beside it by name (as designers keep
//! them): captions (`walk.vtt`, or `walk.en.vtt` per language) and, for a video, a poster image
//! (`walk.jpg` / `.jpeg` / `.png` / `.webp`). Captions become `<track>`s of the video and, for
//! audio and video alike, a transcript under the player (browsers draw no captions for audio).

use std::path::Path;

use serde::Serialize;

use super::text_file::read_text;

/// Largest caption file read (a feature film's subtitles are ~100 KB).
pub const MAX_VTT_BYTES: u64 = 1024 * 1024;

const POSTER_EXTENSIONS: [&str; 4] = ["jpg", "jpeg", "png", "webp"];

/// The companions of one media file, by course-relative paths.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Companions {
    /// The media file they go with (course-relative, `/`-separated).
    pub media: String,
    pub tracks: Vec<CaptionTrack>,
    pub poster: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaptionTrack {
    /// Course-relative path of the `.vtt` file.
    pub rel: String,
    /// From `walk.<lang>.vtt`; `None` for `walk.vtt` (the course's language).
    pub lang: Option<String>,
    /// The cue texts, in order, for the transcript.
    pub cues: Vec<String>,
}

/// Looks beside `media_rel` (a video or audio file, course-relative) in `root` for captions and,
/// for a video, a poster. A caption file that cannot be read is a problem (its message).
pub fn find(root: &Path, media_rel: &str, video: bool) -> (Companions, Vec<String>) {
    let mut found = Companions {
        media: media_rel.to_owned(),
        ..Companions::default()
    };
    let mut problems = Vec::new();
    let (dir, name) = media_rel.rsplit_once('/').unwrap_or(("", media_rel));
    let Some((stem, _)) = name.rsplit_once('.') else {
        return (found, problems);
    };
    let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
        return (found, problems);
    };
    let mut names: Vec<String> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let join = |n: &str| {
        if dir.is_empty() {
            n.to_owned()
        } else {
            format!("{dir}/{n}")
        }
    };
    for n in &names {
        let Some(rest) = n.strip_prefix(stem).and_then(|r| r.strip_prefix('.')) else {
            continue;
        };
        let lower = rest.to_ascii_lowercase();
        if let Some(lang) = lower.strip_suffix("vtt") {
            let lang = lang.strip_suffix('.').filter(|l| !l.is_empty());
            if lang.is_some_and(|l| !is_language_tag(l)) {
                continue;
            }
            let rel = join(n);
            match read_text(&root.join(&rel), MAX_VTT_BYTES) {
                Ok(text) => found.tracks.push(CaptionTrack {
                    rel,
                    lang: lang.map(|l| rest[..l.len()].to_owned()),
                    cues: cue_texts(&text),
                }),
                Err(e) => problems.push(format!("captions “{rel}”: {e}")),
            }
        } else if video && POSTER_EXTENSIONS.contains(&lower.as_str()) && found.poster.is_none() {
            found.poster = Some(join(n));
        }
    }
    (found, problems)
}

/// A language tag in a caption file name (`walk.de.vtt`): the loader's BCP 47 rule, with a
/// primary subtag of 2–3 letters so that `walk.notes.vtt` is not taken for a language.
fn is_language_tag(s: &str) -> bool {
    super::loader::is_plausible_bcp47(s)
        && s.split('-')
            .next()
            .is_some_and(|primary| primary.len() <= 3)
}

/// The text of each cue of a WebVTT file: no header, timings, ids, NOTE/STYLE/REGION blocks or
/// tags (`<v Anna>`, `<i>`); the basic entities decoded. The result is plain text (escaped where
/// it is written into HTML).
pub fn cue_texts(vtt: &str) -> Vec<String> {
    let mut cues = Vec::new();
    for block in vtt.replace("\r\n", "\n").split("\n\n") {
        let lines: Vec<&str> = block.lines().filter(|l| !l.trim().is_empty()).collect();
        let Some(timing) = lines.iter().position(|l| l.contains("-->")) else {
            continue;
        };
        if lines.first().is_some_and(|l| {
            l.starts_with("NOTE") || l.starts_with("STYLE") || l.starts_with("REGION")
        }) {
            continue;
        }
        let text = lines[timing + 1..]
            .iter()
            .map(|l| strip_tags(l))
            .collect::<Vec<_>>()
            .join(" ");
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if !text.is_empty() {
            cues.push(text);
        }
    }
    cues
}

fn strip_tags(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut in_tag = false;
    for c in line.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn cues_without_timings_ids_notes_or_tags() {
        let vtt = "WEBVTT - walk\n\nNOTE made by hand\n\n1\n00:00.000 --> 00:02.000\n<v Anna>Mind the <i>wet</i> floor</v>\n\n00:02.000 --> 00:04.000 align:start\nFish &amp; chips\nare hot\n";
        assert_eq!(
            cue_texts(vtt),
            ["Mind the wet floor", "Fish & chips are hot"]
        );
        assert!(cue_texts("WEBVTT\n").is_empty());
    }

    #[test]
    fn finds_captions_and_a_poster_beside_the_video() {
        let d = tempfile::tempdir().unwrap();
        let m = d.path().join("media");
        std::fs::create_dir_all(&m).unwrap();
        for (n, t) in [
            ("walk.mp4", ""),
            ("walk.vtt", "WEBVTT\n\n00:00.000 --> 00:01.000\nHello\n"),
            ("walk.de.vtt", "WEBVTT\n\n00:00.000 --> 00:01.000\nHallo\n"),
            ("walk.jpg", ""),
            ("walk.notes.vtt.bak", ""),
            ("walkway.vtt", "WEBVTT\n"),
        ] {
            std::fs::write(m.join(n), t).unwrap();
        }
        let (c, problems) = find(d.path(), "media/walk.mp4", true);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(c.poster.as_deref(), Some("media/walk.jpg"));
        let tracks: Vec<(&str, Option<&str>, &[String])> = c
            .tracks
            .iter()
            .map(|t| (t.rel.as_str(), t.lang.as_deref(), t.cues.as_slice()))
            .collect();
        assert_eq!(
            tracks,
            [
                ("media/walk.de.vtt", Some("de"), &["Hallo".to_owned()][..]),
                ("media/walk.vtt", None, &["Hello".to_owned()][..]),
            ]
        );
        // Audio gets captions (as a transcript) but no poster.
        let (c, _) = find(d.path(), "media/walk.mp4", false);
        assert_eq!(c.poster, None);
    }
}
