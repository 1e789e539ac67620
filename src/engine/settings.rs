//! `ExportSettings`: every setting of the Export tab, named as the user sees them. This is also the
//! preset file format, so every field has a serde default (old presets keep loading).

use serde::{Deserialize, Serialize};

use super::course::{Course, Quiz, SectionKind};
use super::ids::is_valid_xs_id;

/// A settings enum whose values have one key each: the name in the preset JSON, in
/// `course-data.js` and on the command line. The keys are written once, as `#[strum(...)]`
/// attributes; from them this derives `ALL`, `key()`, `from_key()` and serde (the key string),
/// and the CLI builds its typed flags from `ALL` and `key()`.
macro_rules! keyed_enum {
    ($(#[$meta:meta])* pub enum $t:ident { $($body:tt)* }) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[derive(strum::IntoStaticStr, strum::EnumString)]
        #[derive(strum::VariantNames, strum::VariantArray, strum::EnumCount)]
        $(#[$meta])*
        pub enum $t { $($body)* }

        impl $t {
            /// Every value, in declaration order (the order the studio lists them).
            pub const ALL: [$t; <$t as strum::EnumCount>::COUNT] =
                $crate::engine::settings::all_variants(<$t as strum::VariantArray>::VARIANTS);

            /// The name used in the preset JSON, `course-data.js` and the CLI flags.
            pub fn key(self) -> &'static str {
                self.into()
            }

            /// The value a key names (exactly as `key()` writes it).
            pub fn from_key(s: &str) -> Option<Self> {
                s.parse().ok()
            }
        }

        impl serde::Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.key())
            }
        }

        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let key = <String as serde::Deserialize>::deserialize(d)?;
                Self::from_key(&key).ok_or_else(|| {
                    serde::de::Error::unknown_variant(&key, <$t as strum::VariantNames>::VARIANTS)
                })
            }
        }
    };
}
pub(crate) use keyed_enum;

/// `VARIANTS` as an array (`ALL` stays an array: callers iterate it by value).
pub(crate) const fn all_variants<T: Copy, const N: usize>(variants: &[T]) -> [T; N] {
    match variants.first_chunk::<N>() {
        Some(all) if variants.len() == N => *all,
        _ => panic!("EnumCount and VariantArray disagree"),
    }
}

keyed_enum! {
    /// SCORM edition written into the manifest and spoken by the player.
    #[derive(Default)]
    pub enum ScormVersion {
        #[default]
        #[strum(serialize = "2004-4th")]
        Scorm2004_4th,
        #[strum(serialize = "2004-3rd")]
        Scorm2004_3rd,
        #[strum(serialize = "1.2")]
        Scorm12,
    }
}

impl ScormVersion {
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
}

keyed_enum! {
    /// Single export, multi export (one package, one SCO per section) or one package per section.
    #[derive(Default)]
    #[strum(serialize_all = "kebab-case")]
    pub enum ExportMode {
        #[default]
        Single,
        Multi,
        MultiPerSection,
    }
}

impl ExportMode {
    pub fn label(self) -> &'static str {
        match self {
            Self::Single => "Single export",
            Self::Multi => "Multi export (one package, one SCO per section)",
            Self::MultiPerSection => "Multi export (one package per section)",
        }
    }
}

keyed_enum! {
    #[derive(Default)]
    #[strum(serialize_all = "kebab-case")]
    pub enum TrackingMode {
        #[default]
        CourseCompletion,
        QuizResults,
    }
}

impl TrackingMode {
    pub fn label(self) -> &'static str {
        match self {
            Self::CourseCompletion => "Course completion",
            Self::QuizResults => "Quiz results",
        }
    }
}

keyed_enum! {
    #[derive(Default)]
    #[strum(serialize_all = "kebab-case")]
    pub enum ScoreFormat {
        #[default]
        Percentage,
        Points,
    }
}

impl ScoreFormat {
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

keyed_enum! {
    /// Video resolution / image size step. For images the step is the longest side in pixels.
    #[derive(Default)]
    pub enum Resolution {
        #[default]
        #[strum(serialize = "original")]
        Original,
        #[strum(serialize = "1080p")]
        P1080,
        #[strum(serialize = "720p")]
        P720,
        #[strum(serialize = "480p")]
        P480,
        #[strum(serialize = "360p")]
        P360,
    }
}

impl Resolution {
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

keyed_enum! {
    #[derive(Default)]
    #[strum(serialize_all = "kebab-case")]
    pub enum StatusFormat {
        #[default]
        PassedIncomplete,
        PassedFailed,
        CompletedFailed,
        CompletedIncomplete,
    }
}

impl StatusFormat {
    pub fn label(self) -> &'static str {
        match self {
            Self::PassedIncomplete => "Passed / In progress",
            Self::PassedFailed => "Passed / Failed",
            Self::CompletedFailed => "Completed / Failed",
            Self::CompletedIncomplete => "Completed / In progress",
        }
    }
    /// Whether this format has meaning for the tracking mode. The status table marks the
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

keyed_enum! {
    #[derive(PartialOrd, Ord)]
    #[strum(serialize_all = "kebab-case")]
    pub enum SaveTrigger {
        Navigation,
        Interval,
        Unload,
    }
}

impl SaveTrigger {
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

keyed_enum! {
    #[derive(Default)]
    #[strum(serialize_all = "kebab-case")]
    pub enum IdMode {
        #[default]
        New,
        Custom,
    }
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
    /// The course (its title) the custom ids were set for. Custom ids make the LMS replace the
    /// course that has them, so they never go silently with another course: a preset used on
    /// another course, or saved before this field existed (`None`), must be confirmed first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub for_course: Option<String>,
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

    /// The ids of the published sections, in course order. (A set of the excluded ones: with
    /// 10,000 sections, asking `includes` for each is 10,000 × excluded comparisons.)
    pub fn published<'a>(&self, course: &'a Course) -> Vec<&'a str> {
        let excluded: std::collections::HashSet<&str> = self
            .content
            .excluded_sections
            .iter()
            .map(String::as_str)
            .collect();
        course
            .sections
            .iter()
            .map(|s| s.id.as_str())
            .filter(|id| !excluded.contains(id))
            .collect()
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

        if let Err(why) = super::names::check_export_name(&self.export_name) {
            push(SettingField::ExportName, why);
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
        if self.published(course).is_empty() {
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
        if self.manifest_ids.mode == IdMode::Custom
            && self.manifest_ids.for_course.as_deref() != Some(course.title.as_str())
        {
            push(
                SettingField::Identifier,
                match &self.manifest_ids.for_course {
                    Some(other) => format!(
                        "these custom ids were set for the course “{other}”: exporting “{}” with \
                         them would replace that course in the LMS. Choose New ids, or confirm \
                         them for this course (command line: give --identifier)",
                        course.title
                    ),
                    None => format!(
                        "these custom ids were saved without their course: confirm that they \
                         belong to “{}” (an LMS replaces the course that has them), or choose \
                         New ids (command line: give --identifier)",
                        course.title
                    ),
                },
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Every key of a settings enum, in `ALL` order: serde, `key()` and `from_key()` agree.
    macro_rules! assert_keys {
        ($t:ty, $keys:expr) => {{
            let keys: &[&str] = &$keys;
            assert_eq!(<$t>::ALL.map(<$t>::key).as_slice(), keys);
            for v in <$t>::ALL {
                let json = serde_json::to_string(&v).unwrap();
                assert_eq!(json, format!("\"{}\"", v.key()));
                assert_eq!(serde_json::from_str::<$t>(&json).unwrap(), v);
                assert_eq!(<$t>::from_key(v.key()), Some(v));
            }
            assert_eq!(<$t>::from_key("no-such-key"), None);
        }};
    }

    #[test]
    fn each_settings_enum_has_one_list_of_keys() {
        assert_keys!(ScormVersion, ["2004-4th", "2004-3rd", "1.2"]);
        assert_keys!(ExportMode, ["single", "multi", "multi-per-section"]);
        assert_keys!(TrackingMode, ["course-completion", "quiz-results"]);
        assert_keys!(ScoreFormat, ["percentage", "points"]);
        assert_keys!(Resolution, ["original", "1080p", "720p", "480p", "360p"]);
        assert_keys!(
            StatusFormat,
            [
                "passed-incomplete",
                "passed-failed",
                "completed-failed",
                "completed-incomplete"
            ]
        );
        assert_keys!(SaveTrigger, ["navigation", "interval", "unload"]);
        assert_keys!(IdMode, ["new", "custom"]);
        assert_keys!(
            crate::engine::status_table::StatusEvent,
            ["start", "pass", "fail", "viewed"]
        );
    }

    #[test]
    fn an_unknown_key_in_a_preset_names_the_possible_ones() {
        let e = serde_json::from_str::<ExportSettings>(r#"{"scorm_version": "1.3"}"#)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("unknown variant `1.3`, expected one of `2004-4th`, `2004-3rd`, `1.2`"),
            "{e}"
        );
        // Keys are exact: the preset format is not case-insensitive.
        assert_eq!(ScormVersion::from_key("2004-4TH"), None);
    }
}
