//! Property tests: arbitrary titles, descriptions and Markdown (including `<&"'`, `]]>`,
//! `</script>`, RTL and emoji) always give well-formed, XSD-valid manifests and inert course data.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may fail loudly

mod common;

use common::*;
use course_export::engine::launch_page;
use course_export::engine::load_course;
use course_export::engine::media::MediaOptions;
use course_export::engine::package::{self, EntrySource};
use course_export::engine::settings::{ExportMode, ExportSettings, ScormVersion};
use proptest::prelude::*;

fn nasty_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "<",
        ">",
        "&",
        "\"",
        "'",
        "]]>",
        "</script>",
        "<script>alert(1)</script>",
        "<!--",
        "שלום",
        "مرحبا",
        "\u{202e}",
        "🎓",
        "👩‍🏫",
        "a",
        " ",
        "Z",
        "\t",
        "&amp;",
        "\u{2028}",
        "%",
        "{{SCO}}",
        "\\",
        "é",
    ]);
    prop::collection::vec(pieces, 1..12).prop_map(|v| v.concat())
}

fn course_json(title: &str, description: &str, section_title: &str, prompt: &str) -> String {
    serde_json::json!({
        "title": title,
        "description": description,
        "sections": [
            { "id": "s1", "title": section_title, "file": "s1.md" },
            { "id": "quiz", "title": section_title, "quiz": { "questions": [
                { "id": "q1", "type": "single-choice", "prompt": prompt,
                  "options": [prompt, "other"], "correct": [prompt] }
            ] } }
        ]
    })
    .to_string()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

    #[test]
    fn manifests_are_valid_and_data_is_inert(
        title in nasty_text().prop_filter("non-blank", |t| !t.trim().is_empty()),
        description in nasty_text(),
        section_title in nasty_text().prop_filter("non-blank", |t| !t.trim().is_empty()),
        prompt in nasty_text().prop_filter("non-blank", |t| !t.trim().is_empty() && t != "other"),
        markdown in nasty_text(),
        version in prop::sample::select(ScormVersion::ALL.to_vec()),
        multi in any::<bool>(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let json = course_json(&title, &description, &section_title, &prompt);
        write_course(dir.path(), &json, &[("s1.md", markdown.as_bytes())]);
        let course = load_course(dir.path()).unwrap();
        let mut s = ExportSettings::default();
        s.scorm_version = version;
        // Export names refuse controls and stay short (names.rs); the rest of the nasty text
        // still reaches the derived ids.
        let name: String = title.chars().filter(|c| !c.is_control()).take(80).collect();
        s.export_name = if name.trim().is_empty() { "x".into() } else { name };
        if multi { s.export_mode = ExportMode::Multi; }
        let plan = &package::plan(&course, &s, &MediaOptions::default()).unwrap()[0];

        // Well-formed: quick-xml reads it to the end, and the title round-trips.
        let mut reader = quick_xml::Reader::from_str(&plan.manifest);
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(_) => {}
                Err(e) => prop_assert!(false, "not well-formed: {e}\n{}", plan.manifest),
            }
        }
        if let Err(e) = validate_manifest(&plan.manifest, version.key()) {
            prop_assert!(false, "XSD: {e}\n{}", plan.manifest);
        }

        for e in &plan.entries {
            let EntrySource::Bytes(b) = &e.source else { continue };
            let text = String::from_utf8_lossy(b);
            if e.path == "content/course-data.js" {
                // No '<' at all: the data cannot close a script element or open a comment.
                prop_assert!(!text.contains('<'), "raw < in course data");
                let json = text.trim().strip_prefix("window.COURSE_DATA = ").unwrap().strip_suffix(';').unwrap();
                let v: serde_json::Value = serde_json::from_str(json).unwrap();
                prop_assert_eq!(v["title"].as_str(), Some(title.as_str()));
                prop_assert_eq!(v["sections"][0]["title"].as_str(), Some(section_title.as_str()));
            }
            if e.path.ends_with(".html") {
                // Launch pages carry no course text: they are exactly the template filled with the
                // language and the SCO id, whatever the title, prompts or Markdown.
                let sco = e.path.strip_prefix("sco-").and_then(|x| x.strip_suffix(".html")).unwrap_or("");
                let expected = launch_page(&course.language, sco);
                prop_assert_eq!(text.as_ref(), expected.as_str());
                prop_assert!(!text.contains("{{"), "unfilled placeholder in {}", e.path);
            }
        }
    }
}
