//! Identifiers: validation of course ids and `xs:ID` manifest ids, and the stable derived ids that
//! let a re-export of the same preset update the course in the LMS instead of adding a new one.

use uuid::Uuid;

/// Course ids (sections, questions): letters, digits, `-`, `_`.
pub fn is_valid_course_id(id: &str) -> Result<(), String> {
    if id.is_empty() {
        return Err("the id is empty".into());
    }
    if let Some(c) = id
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
    {
        return Err(format!(
            "id “{id}” contains “{c}”; use only letters, digits, - and _"
        ));
    }
    Ok(())
}

/// `xs:ID` is an NCName: starts with a letter or `_`, then letters, digits, `.`, `-`, `_`;
/// no spaces, no colons. Letters and digits are ASCII only: the ADL schemas and many LMSs reject
/// ids such as `a²` or `ⅰtem` that Unicode calls alphanumeric.
pub fn is_valid_xs_id(id: &str) -> Result<(), String> {
    let mut chars = id.chars();
    let Some(first) = chars.next() else {
        return Err("the identifier is empty".into());
    };
    if !(first.is_ascii_alphabetic() || first == '_') {
        return Err(format!(
            "“{id}” must start with a letter or “_” (an xs:ID cannot start with “{first}”)"
        ));
    }
    if id.contains(char::is_whitespace) {
        return Err(format!("“{id}” contains a space; identifiers cannot"));
    }
    if id.contains(':') {
        return Err(format!("“{id}” contains a colon; identifiers cannot"));
    }
    if let Some(c) = id
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')))
    {
        return Err(format!(
            "“{id}” contains “{c}”; use ASCII letters, digits, “.”, “-” and “_”"
        ));
    }
    Ok(())
}

/// The namespace for derived ids (a fixed random UUID: changing it would change every id).
const NAMESPACE: Uuid = Uuid::from_u128(0x6c1f_7f0e_2b8a_4c55_9d1e_3a0b_5e7c_4f21);

/// The manifest identifier, organization id and item id of one export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedIds {
    pub manifest: String,
    pub organization: String,
    pub item: String,
}

/// Derive stable ids from course title, export name and the preset's salt (empty until the user
/// regenerates). The same inputs always give the same ids.
pub fn derive_ids(course_title: &str, export_name: &str, salt: &str) -> ResolvedIds {
    let key = format!("{course_title}\u{1f}{export_name}\u{1f}{salt}");
    let u = Uuid::new_v5(&NAMESPACE, key.as_bytes())
        .simple()
        .to_string();
    ResolvedIds {
        manifest: format!("MANIFEST-{u}"),
        organization: format!("ORG-{u}"),
        item: format!("ITEM-{u}"),
    }
}

/// Where fresh randomness comes from ("Regenerate"), injectable for reproducible tests.
pub trait IdSource: Send + Sync {
    fn fresh_salt(&self) -> String;
}

/// Random v4 UUIDs.
pub struct RandomIds;

impl IdSource for RandomIds {
    fn fresh_salt(&self) -> String {
        Uuid::new_v4().simple().to_string()
    }
}

/// A counter-based source for tests and snapshots.
pub struct SequentialIds(pub std::sync::atomic::AtomicU64);

impl IdSource for SequentialIds {
    fn fresh_salt(&self) -> String {
        let n = self.0.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        format!("salt-{n}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xs_id_rules() {
        assert!(is_valid_xs_id("ORG-1").is_ok());
        assert!(is_valid_xs_id("_x.y").is_ok());
        assert!(is_valid_xs_id("1abc").is_err());
        assert!(is_valid_xs_id("RES 1").is_err());
        assert!(is_valid_xs_id("a:b").is_err());
        assert!(is_valid_xs_id("").is_err());
    }

    #[test]
    fn derived_ids_are_stable_and_differ_by_name_and_salt() {
        let a = derive_ids("Course", "LMS A", "");
        assert_eq!(a, derive_ids("Course", "LMS A", ""));
        assert_ne!(a, derive_ids("Course", "LMS B", ""));
        assert_ne!(a, derive_ids("Course", "LMS A", "s1"));
        assert!(is_valid_xs_id(&a.manifest).is_ok());
        assert!(is_valid_xs_id(&a.organization).is_ok());
        assert!(is_valid_xs_id(&a.item).is_ok());
    }
}
