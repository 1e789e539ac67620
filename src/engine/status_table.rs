//! The status table: what the package sends to the LMS at each event for each status format.
//! The single source is `assets/player/status-table.json`; the engine embeds it into every package
//! (the player reads it from there) and the studio shows it from here, so the two cannot differ.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use super::settings::{ScormVersion, StatusFormat, TrackingMode, keyed_enum};

pub const STATUS_TABLE_JSON: &str = include_str!("../../assets/player/status-table.json");

keyed_enum! {
    #[strum(serialize_all = "kebab-case")]
    pub enum StatusEvent {
        Start,
        Pass,
        Fail,
        Viewed,
    }
}

impl StatusEvent {
    /// The row label the studio shows in its status table.
    pub fn label(self) -> &'static str {
        match self {
            Self::Start => "On the course start",
            Self::Pass => "When the learner passes the quiz",
            Self::Fail => "When the learner fails the quiz",
            Self::Viewed => "Without a final quiz, when the needed content % is viewed",
        }
    }
    /// Whether the event can happen under this tracking mode.
    pub fn happens_with(self, mode: TrackingMode) -> bool {
        match self {
            Self::Start => true,
            Self::Pass | Self::Fail => mode == TrackingMode::QuizResults,
            Self::Viewed => mode == TrackingMode::CourseCompletion,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusPair {
    pub completion: Option<String>,
    pub success: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scorm12Row {
    pub completion: Option<String>,
    pub success: Option<String>,
    pub lesson_status: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatusTable {
    #[serde(rename = "_about", default)]
    pub about: String,
    pub events: Vec<StatusEvent>,
    pub formats: BTreeMap<StatusFormat, BTreeMap<StatusEvent, StatusPair>>,
    pub scorm12_lesson_status: Vec<Scorm12Row>,
}

// Serde map keys are their `key()` strings; the maps sort formats by key, events in table order.
impl PartialOrd for StatusFormat {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for StatusFormat {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.key().cmp(other.key())
    }
}
impl PartialOrd for StatusEvent {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for StatusEvent {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (*self as u8).cmp(&(*other as u8))
    }
}

static TABLE: LazyLock<Result<StatusTable, String>> = LazyLock::new(|| {
    serde_json::from_str(STATUS_TABLE_JSON).map_err(|e| format!("status-table.json: {e}"))
});

/// The parsed table. It is our own embedded file, checked by tests; an error here is a build bug.
pub fn table() -> Result<&'static StatusTable, String> {
    TABLE.as_ref().map_err(Clone::clone)
}

/// What the LMS receives at one event: on 2004 the two elements, on 1.2 one lesson_status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum SentValues {
    Scorm2004 {
        completion_status: Option<String>,
        success_status: Option<String>,
    },
    Scorm12 {
        lesson_status: Option<String>,
    },
}

impl StatusTable {
    pub fn pair(&self, format: StatusFormat, event: StatusEvent) -> Option<&StatusPair> {
        self.formats.get(&format)?.get(&event)
    }

    /// The 1.2 lesson_status for a 2004 pair; `None` when nothing applies (nothing is written).
    pub fn lesson_status(&self, pair: &StatusPair) -> Option<String> {
        self.scorm12_lesson_status
            .iter()
            .find(|r| r.completion == pair.completion && r.success == pair.success)
            .map(|r| r.lesson_status.clone())
    }

    pub fn sent(
        &self,
        format: StatusFormat,
        version: ScormVersion,
        event: StatusEvent,
    ) -> SentValues {
        let pair = self.pair(format, event).cloned().unwrap_or(StatusPair {
            completion: None,
            success: None,
        });
        if version.is_2004() {
            SentValues::Scorm2004 {
                completion_status: pair.completion,
                success_status: pair.success,
            }
        } else {
            SentValues::Scorm12 {
                lesson_status: self.lesson_status(&pair),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> Option<String> {
        Some(v.to_owned())
    }

    #[test]
    fn table_parses_and_covers_every_format_and_event() {
        let t = table().unwrap();
        for f in StatusFormat::ALL {
            for e in StatusEvent::ALL {
                assert!(t.pair(f, e).is_some(), "{f:?} {e:?}");
            }
        }
    }

    #[test]
    fn rows_match_the_parta_tables() {
        let t = table().unwrap();
        let v4 = ScormVersion::Scorm2004_4th;
        assert_eq!(
            t.sent(StatusFormat::PassedIncomplete, v4, StatusEvent::Fail),
            SentValues::Scorm2004 {
                completion_status: s("incomplete"),
                success_status: s("unknown")
            }
        );
        assert_eq!(
            t.sent(StatusFormat::CompletedFailed, v4, StatusEvent::Pass),
            SentValues::Scorm2004 {
                completion_status: s("completed"),
                success_status: s("unknown")
            }
        );
        assert_eq!(
            t.sent(StatusFormat::CompletedIncomplete, v4, StatusEvent::Start),
            SentValues::Scorm2004 {
                completion_status: s("incomplete"),
                success_status: None
            }
        );
        assert_eq!(
            t.sent(StatusFormat::PassedFailed, v4, StatusEvent::Viewed),
            SentValues::Scorm2004 {
                completion_status: None,
                success_status: None
            }
        );
    }

    #[test]
    fn scorm12_mapping() {
        let t = table().unwrap();
        let v = ScormVersion::Scorm12;
        let ls = |f, e| match t.sent(f, v, e) {
            SentValues::Scorm12 { lesson_status } => lesson_status,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            ls(StatusFormat::PassedFailed, StatusEvent::Pass),
            s("passed")
        );
        assert_eq!(
            ls(StatusFormat::PassedFailed, StatusEvent::Fail),
            s("failed")
        );
        assert_eq!(
            ls(StatusFormat::CompletedFailed, StatusEvent::Fail),
            s("failed")
        );
        assert_eq!(
            ls(StatusFormat::CompletedFailed, StatusEvent::Pass),
            s("completed")
        );
        assert_eq!(
            ls(StatusFormat::PassedIncomplete, StatusEvent::Fail),
            s("incomplete")
        );
        assert_eq!(
            ls(StatusFormat::CompletedIncomplete, StatusEvent::Viewed),
            s("completed")
        );
        assert_eq!(ls(StatusFormat::PassedFailed, StatusEvent::Viewed), None);
    }
}
