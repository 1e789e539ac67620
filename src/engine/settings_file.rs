//! Reading a settings file (the preset JSON format) from disk: a byte-order mark is accepted, the
//! file and every group in it must be a JSON object (serde would otherwise accept an array and
//! assign its values by position), and errors name the file and the field.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::settings::ExportSettings;
use super::text_file::{TextError, read_text, strip_bom};

/// Settings files are small; anything bigger is not one.
pub const MAX_SETTINGS_BYTES: u64 = 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum SettingsFileError {
    #[error("cannot read {}: {source}", path.display())]
    Read { path: PathBuf, source: TextError },
    #[error("{}: {}{message}", path.display(), field_prefix(field))]
    Invalid {
        path: PathBuf,
        field: String,
        message: String,
    },
}

fn field_prefix(field: &str) -> String {
    if field.is_empty() || field == "." {
        String::new()
    } else {
        format!("{field}: ")
    }
}

/// Read and parse a settings file.
pub fn load_settings_file(path: &Path) -> Result<ExportSettings, SettingsFileError> {
    let text = read_text(path, MAX_SETTINGS_BYTES).map_err(|source| SettingsFileError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    parse_settings_json(&text).map_err(|(field, message)| SettingsFileError::Invalid {
        path: path.to_path_buf(),
        field,
        message,
    })
}

/// Parse settings JSON text; `Err((field path, message))`.
pub fn parse_settings_json(text: &str) -> Result<ExportSettings, (String, String)> {
    let text = strip_bom(text);
    let value: Value = serde_json::from_str(text).map_err(|e| (String::new(), e.to_string()))?;
    // The defaults, serialized, have an object wherever the format wants one.
    let reference = serde_json::to_value(ExportSettings::default()).unwrap_or(Value::Null);
    objects_where_expected(&value, &reference, "")?;
    let de = &mut serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(de).map_err(|e| (e.path().to_string(), e.inner().to_string()))
}

/// Fails where `reference` has an object and `value` has anything else but `null` (a wrong scalar
/// is reported by serde itself; an array would be read by position).
pub fn objects_where_expected(
    value: &Value,
    reference: &Value,
    path: &str,
) -> Result<(), (String, String)> {
    let Value::Object(expected) = reference else {
        return Ok(());
    };
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                if let Some(r) = expected.get(k) {
                    let sub = if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    };
                    objects_where_expected(v, r, &sub)?;
                }
            }
            Ok(())
        }
        Value::Array(_) => Err((
            path.to_owned(),
            format!(
                "{} must be a JSON object ({{ … }}) with named fields, not an array",
                if path.is_empty() {
                    "a settings file"
                } else {
                    "this group"
                }
            ),
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrays_are_refused_and_bom_accepted() {
        let err = parse_settings_json("[\"x\", \"single\"]").unwrap_err();
        assert!(err.1.contains("must be a JSON object"), "{err:?}");
        let err = parse_settings_json(r#"{"reporting": ["passed-failed"]}"#).unwrap_err();
        assert_eq!(err.0, "reporting");
        let s = parse_settings_json("\u{feff}{\"export_name\": \"LMS\"}").unwrap_or_default();
        assert_eq!(s.export_name, "LMS");
        let s =
            parse_settings_json(r#"{"content": {"excluded_sections": ["a"]}}"#).unwrap_or_default();
        assert_eq!(s.content.excluded_sections, vec!["a".to_owned()]);
    }
}
