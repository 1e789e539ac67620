//! The manifest identifiers of an export, known before anything is written: custom ids are
//! capped in length, and no two identifiers of one manifest (custom, derived from the export name,
//! or derived from section ids) may be equal. Today's planner would otherwise write a manifest
//! that fails its own self-check ("used more than once") after all the media work.
//!
//! The naming scheme mirrors `package::plan` (single: the item and `RES-<item>`; multi:
//! `<item>-<section>`, `RES-<section>` and the shared `RES-SHARED`; one package per section:
//! every id suffixed `-<section>`). The test `predicted_ids_are_the_manifest_ids` in
//! `tests/hardening.rs` keeps the two in step.

use super::course::Course;
use super::package::resolve_ids;
use super::settings::{ExportMode, ExportSettings, IdMode, SettingField, SettingsProblem};

/// Longest custom identifier accepted (LMS database columns are often 255; derived ids append a
/// section id of at most 64 characters).
pub const MAX_CUSTOM_ID_LEN: usize = 100;

/// The shared resource of a multi export (`package::SHARED_RESOURCE_ID`).
const SHARED_RESOURCE_ID: &str = "RES-SHARED";

/// One identifier of a manifest: its value, what it is, and the setting to fix when it clashes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedId {
    pub value: String,
    pub what: String,
    pub field: SettingField,
    /// Typed by the user (the custom manifest ids), not derived.
    pub custom: bool,
}

/// Every identifier of every manifest this export writes, one list per package.
pub fn planned_ids(settings: &ExportSettings, course: &Course) -> Vec<Vec<PlannedId>> {
    let ids = resolve_ids(course, settings);
    let custom = settings.manifest_ids.mode == IdMode::Custom;
    let id = |value: String, what: String, field, is_custom| PlannedId {
        value,
        what,
        field,
        custom: is_custom && custom,
    };
    let published = settings.published(course);
    let base = |suffix: &str| {
        vec![
            id(
                format!("{}{suffix}", ids.manifest),
                "the manifest identifier".into(),
                SettingField::Identifier,
                suffix.is_empty(),
            ),
            id(
                format!("{}{suffix}", ids.organization),
                "the organization id".into(),
                SettingField::OrganizationId,
                suffix.is_empty(),
            ),
        ]
    };
    match settings.export_mode {
        ExportMode::Single => {
            let mut v = base("");
            v.push(id(
                ids.item.clone(),
                "the item id".into(),
                SettingField::ItemId,
                true,
            ));
            v.push(id(
                format!("RES-{}", ids.item),
                "the SCO's resource id (RES- and the item id)".into(),
                SettingField::ItemId,
                false,
            ));
            vec![v]
        }
        ExportMode::Multi => {
            let mut v = base("");
            for s in &published {
                v.push(id(
                    format!("{}-{s}", ids.item),
                    format!("the item of section “{s}” (item id, -, section id)"),
                    SettingField::ItemId,
                    false,
                ));
                v.push(id(
                    format!("RES-{s}"),
                    format!("the resource of section “{s}” (RES- and the section id)"),
                    SettingField::Content,
                    false,
                ));
            }
            v.push(id(
                SHARED_RESOURCE_ID.into(),
                "the shared files' resource".into(),
                SettingField::Content,
                false,
            ));
            vec![v]
        }
        ExportMode::MultiPerSection => published
            .iter()
            .map(|s| {
                let suffix = format!("-{s}");
                let mut v = base(&suffix);
                v.push(id(
                    format!("{}{suffix}", ids.item),
                    "the item id".into(),
                    SettingField::ItemId,
                    false,
                ));
                v.push(id(
                    format!("RES-{}{suffix}", ids.item),
                    "the SCO's resource id".into(),
                    SettingField::ItemId,
                    false,
                ));
                v
            })
            .collect(),
    }
}

/// Problems with the identifiers of this export: custom ids too long, and any two identifiers of
/// one manifest that would be equal (two custom ids that are equal are reported by
/// `ExportSettings::validate` already).
pub fn id_problems(settings: &ExportSettings, course: &Course) -> Vec<SettingsProblem> {
    let mut out = Vec::new();
    if settings.manifest_ids.mode == IdMode::Custom {
        let m = &settings.manifest_ids;
        for (field, value) in [
            (SettingField::Identifier, &m.identifier),
            (SettingField::OrganizationId, &m.organization_id),
            (SettingField::ItemId, &m.item_id),
        ] {
            let n = value.chars().count();
            if n > MAX_CUSTOM_ID_LEN {
                out.push(SettingsProblem {
                    field,
                    message: format!(
                        "the identifier is {n} characters long; at most {MAX_CUSTOM_ID_LEN} are allowed"
                    ),
                });
            }
        }
    }
    for package in planned_ids(settings, course) {
        // The first id of each value: a multi export of 10,000 sections has 20,000 ids, too
        // many to compare each with every other one on every change.
        let mut first_of: std::collections::HashMap<&str, usize> =
            std::collections::HashMap::with_capacity(package.len());
        for (i, later) in package.iter().enumerate() {
            let first = *first_of.entry(later.value.as_str()).or_insert(i);
            if first == i {
                continue;
            }
            let first = &package[first];
            if first.custom && later.custom {
                continue;
            }
            let problem = SettingsProblem {
                field: if later.custom {
                    later.field
                } else {
                    first.field
                },
                message: format!(
                    "the manifest would use “{}” twice: as {} and as {}; choose ids that differ",
                    later.value, first.what, later.what
                ),
            };
            if !out.contains(&problem) {
                out.push(problem);
            }
        }
    }
    out
}
