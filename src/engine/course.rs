//! The course model (what a loaded, validated course looks like). Loading lives in `loader.rs`.

use std::path::PathBuf;

use serde::Serialize;

#[derive(Debug, Clone, PartialEq)]
pub struct Course {
    /// The course folder, canonicalized.
    pub root: PathBuf,
    pub title: String,
    pub language: String,
    pub description: Option<String>,
    pub version: Option<String>,
    pub sections: Vec<Section>,
    /// Section id → position, built on the first lookup (a plan of 10,000 sections looked each
    /// one up by a scan: most of its second went there).
    pub(crate) index: SectionIndex,
}

/// See [`Course::section`]. Not part of a course's value: equal courses have equal sections.
#[derive(Debug, Clone, Default)]
pub(crate) struct SectionIndex(std::sync::OnceLock<std::collections::HashMap<String, usize>>);

impl PartialEq for SectionIndex {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub id: String,
    pub title: String,
    pub kind: SectionKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum SectionKind {
    Content(ContentSection),
    Quiz(Quiz),
}

#[derive(Debug, Clone, PartialEq)]
pub struct ContentSection {
    /// As written in course.json, relative to the course folder.
    pub file: String,
    pub markdown: String,
    /// Every local file the Markdown links to, in order of first appearance, without repeats
    /// (and the captions and posters found beside its videos and audio).
    pub media: Vec<MediaRef>,
    /// Captions and posters of its videos and audio files (`companions.rs`).
    pub companions: Vec<super::companions::Companions>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MediaRef {
    /// Absolute, canonical path of the file (checked to be inside the course folder).
    pub source: PathBuf,
    /// Path relative to the course folder, with forward slashes.
    pub rel: String,
    pub size: u64,
    pub kind: MediaKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MediaKind {
    Image,
    Video,
    Audio,
    Other,
    /// Not a course file: a still taken with ffmpeg from the video at `source`, packaged as a
    /// JPEG poster for a video that has no image beside it (`rel` is the poster's name).
    PosterFrame,
}

impl MediaKind {
    pub fn from_path(path: &str) -> Self {
        let ext = path
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "png" | "jpg" | "jpeg" | "gif" | "webp" | "svg" | "avif" => Self::Image,
            "mp4" | "m4v" | "webm" | "ogv" | "mov" | "mkv" | "avi" => Self::Video,
            "mp3" | "m4a" | "aac" | "ogg" | "oga" | "wav" | "opus" | "flac" => Self::Audio,
            _ => Self::Other,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quiz {
    pub pass_threshold_percent: u32,
    /// Optional: `false` hides the correct answers in the feedback after submission (default: shown).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub show_correct_answers: Option<bool>,
    /// Optional: how many attempts the learner has (at least 1; unlimited when absent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_attempts: Option<u32>,
    pub questions: Vec<Question>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum QuestionType {
    SingleChoice,
    MultipleChoice,
    TrueFalse,
    FillIn,
    Numeric,
}

impl QuestionType {
    pub fn is_choice(self) -> bool {
        matches!(self, Self::SingleChoice | Self::MultipleChoice)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Question {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: QuestionType,
    pub prompt: String,
    /// Choice options; "True"/"False" for true-false; empty otherwise.
    pub options: Vec<String>,
    /// Option texts (choice, true-false), accepted answers (fill-in), "n" or "min:max" (numeric).
    pub correct: Vec<String>,
    pub weight: f64,
    /// Optional plain text shown with the question's feedback after submission.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<String>,
}

impl Course {
    pub fn section(&self, id: &str) -> Option<&Section> {
        let index = self.index.0.get_or_init(|| {
            let mut map = std::collections::HashMap::with_capacity(self.sections.len());
            for (i, s) in self.sections.iter().enumerate() {
                map.entry(s.id.clone()).or_insert(i);
            }
            map
        });
        index
            .get(id)
            .and_then(|&i| self.sections.get(i))
            .filter(|s| s.id == id)
    }

    pub fn quizzes(&self) -> impl Iterator<Item = (&Section, &Quiz)> {
        self.sections.iter().filter_map(|s| match &s.kind {
            SectionKind::Quiz(q) => Some((s, q)),
            SectionKind::Content(_) => None,
        })
    }

    /// The last quiz of the course: the natural default for "final quiz".
    pub fn last_quiz_id(&self) -> Option<&str> {
        self.quizzes().last().map(|(s, _)| s.id.as_str())
    }
}

impl Section {
    pub fn media(&self) -> &[MediaRef] {
        match &self.kind {
            SectionKind::Content(c) => &c.media,
            SectionKind::Quiz(_) => &[],
        }
    }
    pub fn media_size(&self) -> u64 {
        self.media().iter().map(|m| m.size).sum()
    }
    pub fn is_quiz(&self) -> bool {
        matches!(self.kind, SectionKind::Quiz(_))
    }
}
