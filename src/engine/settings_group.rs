//! The seven settings groups of the Export window, and which group shows each field: one table.
//! The window draws the groups in [`SettingsGroup::ALL`] order, counts each group's problems
//! with [`SettingField::group`], and names the group in the list of problems above Export.

use super::settings::SettingField;

/// A group of settings, as numbered in the Export window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SettingsGroup {
    ScormVersion,
    ExtendedAnalytics,
    CompletionTracking,
    Content,
    Media,
    Reporting,
    ManifestIds,
}

impl SettingsGroup {
    /// In the order the window shows them.
    pub const ALL: [SettingsGroup; 7] = [
        Self::ScormVersion,
        Self::ExtendedAnalytics,
        Self::CompletionTracking,
        Self::Content,
        Self::Media,
        Self::Reporting,
        Self::ManifestIds,
    ];

    /// The group's title, without its number.
    pub fn title(self) -> &'static str {
        match self {
            Self::ScormVersion => "SCORM version",
            Self::ExtendedAnalytics => "Extended analytics",
            Self::CompletionTracking => "Completion tracking",
            Self::Content => "Content to publish",
            Self::Media => "Media resource resolution",
            Self::Reporting => "Data and reporting",
            Self::ManifestIds => "Manifest identifiers",
        }
    }

    /// The group's number in the window (1 to 7).
    pub fn number(self) -> usize {
        self as usize + 1
    }
}

impl SettingField {
    /// The group that shows this field's problems. `None`: the export name, which sits above
    /// the groups.
    pub fn group(self) -> Option<SettingsGroup> {
        match self {
            Self::ExportName => None,
            Self::PassThreshold | Self::FinalQuiz | Self::ScoreFormat => {
                Some(SettingsGroup::CompletionTracking)
            }
            Self::Content => Some(SettingsGroup::Content),
            Self::StatusFormat | Self::SaveOn | Self::SaveInterval => {
                Some(SettingsGroup::Reporting)
            }
            Self::Identifier | Self::OrganizationId | Self::ItemId => {
                Some(SettingsGroup::ManifestIds)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_are_numbered_in_window_order() {
        for (i, g) in SettingsGroup::ALL.into_iter().enumerate() {
            assert_eq!(g.number(), i + 1, "{g:?}");
        }
    }

    #[test]
    fn the_score_format_is_shown_with_completion_tracking() {
        assert_eq!(
            SettingField::ScoreFormat.group(),
            Some(SettingsGroup::CompletionTracking)
        );
        assert_eq!(SettingField::ExportName.group(), None);
    }
}
