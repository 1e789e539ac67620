//! `ExportSettings`: every setting of the Export tab, named as the user sees them. This is also the
//! preset file format, so every field has a serde default (old presets keep loading).

use serde::{Deserialize, Serialize};

use super::course::{Course, Quiz, SectionKind};
use super::ids::is_valid_xs_id;

/// SCORM edition written into the manifest and spoken by the player.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum ScormVersion {
    #[default]
    #[serde(rename = "2004-4th")]
    Scorm2004_4th,
    #[serde(rename = "2004-3rd")]
    Scorm2004_3rd,
    #[serde(rename = "1.2")]
    Scorm12,
}

impl ScormVersion {
    pub const ALL: [ScormVersion; 3] = [Self::Scorm2004_4th, Self::Scorm2004_3rd, Self::Scorm12];

    /// The name used in files, flags and the preset JSON.
    pub fn key(self) -> &'static str {
        match self {
            Self::Scorm2004_4th => "2004-4th",
            Self::Scorm2004_3rd => "2004-3rd",
            Self::Scorm12 => "1.2",
        }
    }

    /// What the user reads in the Export tab.
    pub fn label(self) -> &'static str {
        match self {
            Self::Scorm2004_4th => "SCORM 2004 4th Edition",
            Self::Scorm2004_3rd => "SCORM 2004 3rd Edition",
            Self::Scorm12 => "SCORM 1.2",
        }
    }

    /// The exact `<schemaversion>` text.
    pub fn schema_version(self) -> &'static str {
        match self {
            Self::Scorm2004_4th => "2004 4th Edition",
            Self::Scorm2004_3rd => "2004 3rd Edition",
            Self::Scorm12 => "1.2",
        }
    }

    pub fn is_2004(self) -> bool {
        !matches!(self, Self::Scorm12)
    }

    pub fn from_key(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.key() == s)
    }
}

/// Single export, multi export (one package, one SCO per section) or one package per section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum ExportMode {
    #[default]
    Single,
    Multi,
    MultiPerSection,
}

impl ExportMode {
    pub fn key(self) -> &'static str {
        match self {
            Self::Single => "single",
            Self::Multi => "multi",
            Self::MultiPerSection => "multi-per-section",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::Single => "Single export",
            Self::Multi => "Multi export (one package, one SCO per section)",
            Self::MultiPerSection => "Multi export (one package per section)",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum TrackingMode {
    #[default]
    CourseCompletion,
    QuizResults,
}

impl TrackingMode {
    pub fn key(self) -> &'static str {
        match self {
            Self::CourseCompletion => "course-completion",
            Self::QuizResults => "quiz-results",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::CourseCompletion => "Course completion",
            Self::QuizResults => "Quiz results",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum ScoreFormat {
    #[default]
    Percentage,
    Points,
}

impl ScoreFormat {
    pub fn key(self) -> &'static str {
        match self {
            Self::Percentage => "percentage",
            Self::Points => "points",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::Percentage => "Percentage",
            Self::Points => "Points",
        }
    }
    /// One line saying what the LMS receives.
    pub fn explanation(self) -> &'static str {
        match self {
            Self::Percentage => "Sends 0–100 to score.raw, with score.max = 100.",
            Self::Points => {
                "Sends the number of correct answers to score.raw, with score.max = number of questions."
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CompletionTracking {
    pub mode: TrackingMode,
    /// Percentage of published content sections that must be viewed (course completion).
    pub pass_threshold_percent: u32,
    /// Section id of the final quiz (quiz results).
    pub final_quiz: Option<String>,
    pub score_format: ScoreFormat,
}

impl Default for CompletionTracking {
    fn default() -> Self {
        Self {
            mode: TrackingMode::CourseCompletion,
            pass_threshold_percent: 100,
            final_quiz: None,
            score_format: ScoreFormat::Percentage,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ContentSelection {
    /// Sections left out of the package. Stored as exclusions so that sections added to the course
    /// later are published by default.
    pub excluded_sections: Vec<String>,
}

/// Video resolution / image size step. For images the step is the longest side in pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Resolution {
    #[default]
    #[serde(rename = "original")]
    Original,
    #[serde(rename = "1080p")]
    P1080,
    #[serde(rename = "720p")]
    P720,
    #[serde(rename = "480p")]
    P480,
    #[serde(rename = "360p")]
    P360,
}

impl Resolution {
    pub const ALL: [Resolution; 5] = [
        Self::Original,
        Self::P1080,
        Self::P720,
        Self::P480,
        Self::P360,
    ];
    pub fn key(self) -> &'static str {
        match self {
            Self::Original => "original",
            Self::P1080 => "1080p",
            Self::P720 => "720p",
            Self::P480 => "480p",
            Self::P360 => "360p",
        }
    }
    pub fn from_key(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.key() == s)
    }
    /// Video: the target height in pixels (never upscaled). `None` = keep.
    pub fn video_height(self) -> Option<u32> {
        match self {
            Self::Original => None,
            Self::P1080 => Some(1080),
            Self::P720 => Some(720),
            Self::P480 => Some(480),
            Self::P360 => Some(360),
        }
    }
    /// Images: the longest side in pixels (never upscaled). `None` = keep.
    pub fn image_max_side(self) -> Option<u32> {
        match self {
            Self::Original => None,
            Self::P1080 => Some(1920),
            Self::P720 => Some(1280),
            Self::P480 => Some(854),
            Self::P360 => Some(640),
        }
    }
    pub fn video_label(self) -> &'static str {
        match self {
            Self::Original => "Original (no compression)",
            Self::P1080 => "1080p",
            Self::P720 => "720p",
            Self::P480 => "480p",
            Self::P360 => "360p",
        }
    }
    pub fn image_label(self) -> &'static str {
        match self {
            Self::Original => "Original size",
            Self::P1080 => "1920 px",
            Self::P720 => "1280 px",
            Self::P480 => "854 px",
            Self::P360 => "640 px",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MediaSettings {
    pub video_resolution: Resolution,
    pub image_max_size: Resolution,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum StatusFormat {
    #[default]
    PassedIncomplete,
    PassedFailed,
    CompletedFailed,
    CompletedIncomplete,
}

impl StatusFormat {
    pub const ALL: [StatusFormat; 4] = [
        Self::PassedIncomplete,
        Self::PassedFailed,
        Self::CompletedFailed,
        Self::CompletedIncomplete,
    ];
    pub fn key(self) -> &'static str {
        match self {
            Self::PassedIncomplete => "passed-incomplete",
            Self::PassedFailed => "passed-failed",
            Self::CompletedFailed => "completed-failed",
            Self::CompletedIncomplete => "completed-incomplete",
        }
    }
    pub fn from_key(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.key() == s)
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::PassedIncomplete => "Passed / In progress",
            Self::PassedFailed => "Passed / Failed",
            Self::CompletedFailed => "Completed / Failed",
            Self::CompletedIncomplete => "Completed / In progress",
        }
    }
    /// Whether this format has meaning for the tracking mode. The Parta.io tables mark the
    /// "viewed threshold" row "Not applicable" for passed-failed and completed-failed: without a
    /// quiz those formats could never report anything but "in progress".
    pub fn applies_to(self, mode: TrackingMode) -> bool {
        match mode {
            TrackingMode::QuizResults => true,
            TrackingMode::CourseCompletion => {
                matches!(self, Self::PassedIncomplete | Self::CompletedIncomplete)
            }
        }
    }
    /// The format for a SCO or package without the final quiz under quiz-results tracking: it
    /// can only be viewed, so a format that needs a quiz becomes its course-completion counterpart.
    pub fn for_content_only(self) -> Self {
        match self {
            Self::PassedFailed => Self::PassedIncomplete,
            Self::CompletedFailed => Self::CompletedIncomplete,
            f => f,
        }
    }

    /// Why a format is unavailable (for tooltips and validation messages).
    pub fn not_applicable_reason(self, mode: TrackingMode) -> Option<&'static str> {
        (!self.applies_to(mode)).then_some(
            "needs a final quiz: with course completion tracking nothing can pass or fail, so \
             only “Passed / In progress” and “Completed / In progress” apply",
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SaveTrigger {
    Navigation,
    Interval,
    Unload,
}

impl SaveTrigger {
    pub const ALL: [SaveTrigger; 3] = [Self::Navigation, Self::Interval, Self::Unload];
    pub fn key(self) -> &'static str {
        match self {
            Self::Navigation => "navigation",
            Self::Interval => "interval",
            Self::Unload => "unload",
        }
    }
    pub fn from_key(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.key() == s)
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::Navigation => "Navigation",
            Self::Interval => "Interval",
            Self::Unload => "Unload",
        }
    }
    pub fn explanation(self) -> &'static str {
        match self {
            Self::Navigation => "Commits progress every time the learner changes section.",
            Self::Interval => "Commits every N seconds while something changed.",
            Self::Unload => "Saves when the page is hidden or closed (pagehide, visibilitychange).",
        }
    }
}

pub const SAVE_INTERVAL_RANGE: std::ops::RangeInclusive<u32> = 5..=120;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Reporting {
    pub status_format: StatusFormat,
    pub save_on: Vec<SaveTrigger>,
    pub save_interval_seconds: u32,
    pub debug: bool,
}

impl Default for Reporting {
    fn default() -> Self {
        Self {
            status_format: StatusFormat::PassedIncomplete,
            save_on: vec![SaveTrigger::Navigation, SaveTrigger::Unload],
            save_interval_seconds: 30,
            debug: false,
        }
    }
}

impl Reporting {
    pub fn saves_on(&self, t: SaveTrigger) -> bool {
        self.save_on.contains(&t)
    }
    pub fn set_save_on(&mut self, t: SaveTrigger, on: bool) {
        self.save_on.retain(|x| *x != t);
        if on {
            self.save_on.push(t);
            self.save_on.sort();
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum IdMode {
    #[default]
    New,
    Custom,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ManifestIds {
    pub mode: IdMode,
    /// Mixed into the derived "new" ids; "Regenerate" sets a fresh random salt.
    pub salt: String,
    pub identifier: String,
    pub organization_id: String,
    pub item_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ExportSettings {
    pub export_name: String,
    pub export_mode: ExportMode,
    pub scorm_version: ScormVersion,
    pub extended_analytics: bool,
    pub completion_tracking: CompletionTracking,
    pub content: ContentSelection,
    pub media: MediaSettings,
    pub reporting: Reporting,
    pub manifest_ids: ManifestIds,
}

impl Default for ExportSettings {
    fn default() -> Self {
        Self {
            export_name: "Default".to_owned(),
            export_mode: ExportMode::Single,
            scorm_version: ScormVersion::default(),
            extended_analytics: false,
            completion_tracking: CompletionTracking::default(),
            content: ContentSelection::default(),
            media: MediaSettings::default(),
            reporting: Reporting::default(),
            manifest_ids: ManifestIds::default(),
        }
    }
}

/// Which setting a validation problem belongs to, so the UI can show it next to its field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SettingField {
    ExportName,
    PassThreshold,
    FinalQuiz,
    ScoreFormat,
    Content,
    StatusFormat,
    SaveOn,
    SaveInterval,
    Identifier,
    OrganizationId,
    ItemId,
}

impl SettingField {
    /// The field's name in the preset JSON.
    pub fn path(self) -> &'static str {
        match self {
            Self::ExportName => "export_name",
            Self::PassThreshold => "completion_tracking.pass_threshold_percent",
            Self::FinalQuiz => "completion_tracking.final_quiz",
            Self::ScoreFormat => "completion_tracking.score_format",
            Self::Content => "content.excluded_sections",
            Self::StatusFormat => "reporting.status_format",
            Self::SaveOn => "reporting.save_on",
            Self::SaveInterval => "reporting.save_interval_seconds",
            Self::Identifier => "manifest_ids.identifier",
            Self::OrganizationId => "manifest_ids.organization_id",
            Self::ItemId => "manifest_ids.item_id",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{}: {message}", field.path())]
pub struct SettingsProblem {
    pub field: SettingField,
    pub message: String,
}

impl ExportSettings {
    /// Points send the number of correct answers as score.raw; two combinations cannot work.
    fn check_points_format(&self, quiz: &Quiz, push: &mut impl FnMut(SettingField, String)) {
        if self.completion_tracking.score_format != ScoreFormat::Points {
            return;
        }
        let n = quiz.questions.len();
        if self.scorm_version == ScormVersion::Scorm12 && n > 100 {
            push(
                SettingField::ScoreFormat,
                format!(
                    "SCORM 1.2 scores stay within 0–100, but with Points this {n}-question quiz can \
                     score up to {n}; use Percentage"
                ),
            );
        }
        let first = quiz.questions.first().map(|q| q.weight);
        let unequal = quiz.questions.iter().any(|q| Some(q.weight) != first);
        if unequal && self.reporting.status_format == StatusFormat::PassedFailed {
            // The LMS then judges the pass from correct answers / questions (mastery score or
            // scaled score), while the quiz's pass mark weighs the questions: the two could disagree.
            push(
                SettingField::ScoreFormat,
                "with Points and “Passed / Failed” the LMS judges the pass from the number of \
                 correct answers, but this quiz weighs its questions differently; use Percentage \
                 or give every question the same weight"
                    .into(),
            );
        }
    }

    /// Whether a section is published.
    pub fn includes(&self, section_id: &str) -> bool {
        !self
            .content
            .excluded_sections
            .iter()
            .any(|s| s == section_id)
    }

    pub fn set_included(&mut self, section_id: &str, included: bool) {
        self.content.excluded_sections.retain(|s| s != section_id);
        if !included {
            self.content.excluded_sections.push(section_id.to_owned());
        }
    }

    /// Every problem with these settings for this course, all at once.
    pub fn validate(&self, course: &Course) -> Vec<SettingsProblem> {
        let mut out = Vec::new();
        let mut push = |field, message: String| out.push(SettingsProblem { field, message });

        if self.export_name.trim().is_empty() {
            push(
                SettingField::ExportName,
                "the export name is empty; name the preset".into(),
            );
        }
        let t = &self.completion_tracking;
        if t.pass_threshold_percent > 100 {
            push(
                SettingField::PassThreshold,
                format!(
                    "pass threshold {}% is out of range (0–100)",
                    t.pass_threshold_percent
                ),
            );
        }
        for id in &self.content.excluded_sections {
            if course.section(id).is_none() {
                push(
                    SettingField::Content,
                    format!("excluded section “{id}” is not in the course"),
                );
            }
        }
        let published: Vec<_> = course
            .sections
            .iter()
            .filter(|s| self.includes(&s.id))
            .collect();
        if published.is_empty() {
            push(
                SettingField::Content,
                "nothing left to publish: every section is excluded".into(),
            );
        }
        if t.mode == TrackingMode::QuizResults {
            match t.final_quiz.as_deref() {
                None | Some("") => push(
                    SettingField::FinalQuiz,
                    "quiz results tracking needs a final quiz; choose one".into(),
                ),
                Some(id) => match course.section(id) {
                    None => push(
                        SettingField::FinalQuiz,
                        format!("final quiz “{id}” does not exist in the course"),
                    ),
                    Some(s) if !matches!(s.kind, SectionKind::Quiz(_)) => push(
                        SettingField::FinalQuiz,
                        format!("section “{id}” is not a quiz"),
                    ),
                    Some(_) if !self.includes(id) => push(
                        SettingField::FinalQuiz,
                        format!(
                            "final quiz “{id}” is excluded from the export; publish it or choose another"
                        ),
                    ),
                    Some(s) => {
                        if let SectionKind::Quiz(q) = &s.kind {
                            self.check_points_format(q, &mut push);
                        }
                    }
                },
            }
        }
        if let Some(reason) = self.reporting.status_format.not_applicable_reason(t.mode) {
            push(
                SettingField::StatusFormat,
                format!(
                    "status format “{}” does not apply: it {reason}",
                    self.reporting.status_format.label()
                ),
            );
        }
        if self.reporting.save_on.is_empty() {
            push(
                SettingField::SaveOn,
                "choose at least one of Navigation, Interval, Unload".into(),
            );
        }
        if !SAVE_INTERVAL_RANGE.contains(&self.reporting.save_interval_seconds) {
            push(
                SettingField::SaveInterval,
                format!(
                    "time interval {} s is out of range (5–120 s)",
                    self.reporting.save_interval_seconds
                ),
            );
        }
        if self.manifest_ids.mode == IdMode::Custom {
            let ids = [
                (SettingField::Identifier, &self.manifest_ids.identifier),
                (
                    SettingField::OrganizationId,
                    &self.manifest_ids.organization_id,
                ),
                (SettingField::ItemId, &self.manifest_ids.item_id),
            ];
            for (i, (field, value)) in ids.iter().enumerate() {
                if let Err(why) = is_valid_xs_id(value) {
                    push(*field, why);
                } else if ids[..i].iter().any(|(_, other)| other == value) {
                    push(
                        *field,
                        format!("“{value}” is used twice; each identifier must be unique"),
                    );
                }
            }
        }
        out.extend(super::id_check::id_problems(self, course));
        out
    }
}
