//! `content/course-data.js`: the course and the settings the player needs, as one JSON object
//! written by serde (never by pasting text into JavaScript).

use std::collections::HashMap;

use serde_json::{Value, json};

use super::course::{Course, SectionKind};
use super::manifest::Sco;
use super::render::{MediaExtras, render_markdown};
use super::settings::{ExportSettings, TrackingMode};
use super::status_table::STATUS_TABLE_JSON;

/// The object the player reads as `window.COURSE_DATA`.
pub fn course_data(
    course: &Course,
    settings: &ExportSettings,
    sections: &[&str],
    scos: &[Sco],
    media_paths: &HashMap<String, HashMap<String, String>>,
    media_extras: &HashMap<String, HashMap<String, MediaExtras>>,
) -> Value {
    let t = &settings.completion_tracking;
    let tracking = match t.mode {
        TrackingMode::CourseCompletion => json!({
            "mode": t.mode.key(),
            "pass_threshold_percent": t.pass_threshold_percent,
        }),
        TrackingMode::QuizResults => json!({
            "mode": t.mode.key(),
            "final_quiz": t.final_quiz,
            "score_format": t.score_format.key(),
        }),
    };
    let status_table: Value = serde_json::from_str(STATUS_TABLE_JSON).unwrap_or(Value::Null);
    let empty = HashMap::new();
    let no_extras = HashMap::new();
    let sections: Vec<Value> = sections
        .iter()
        .filter_map(|id| course.section(id))
        .map(|s| match &s.kind {
            SectionKind::Content(c) => json!({
                "id": s.id,
                "title": s.title,
                "kind": "content",
                "html": render_markdown(
                    &c.markdown,
                    media_paths.get(&s.id).unwrap_or(&empty),
                    media_extras.get(&s.id).unwrap_or(&no_extras),
                ),
            }),
            SectionKind::Quiz(q) => json!({
                "id": s.id,
                "title": s.title,
                "kind": "quiz",
                "quiz": q,
            }),
        })
        .collect();
    // Multi export with quiz tracking: only the final quiz's SCO can pass or fail; the others
    // complete when viewed (the manifest's rollup counts only the final quiz towards the course).
    let content_only =
        json!({ "mode": TrackingMode::CourseCompletion.key(), "pass_threshold_percent": 100 });
    let scos: Vec<Value> = scos
        .iter()
        .map(|s| {
            if scos.len() > 1 && t.mode == TrackingMode::QuizResults && !s.has_final_quiz {
                json!({
                    "id": sco_key(s),
                    "sections": s.sections,
                    "tracking": content_only,
                    "status_format": settings.reporting.status_format.for_content_only().key(),
                })
            } else {
                json!({ "id": sco_key(s), "sections": s.sections })
            }
        })
        .collect();
    json!({
        "format": 1,
        "title": course.title,
        "language": course.language,
        "description": course.description,
        "scorm_version": settings.scorm_version.key(),
        "export_mode": settings.export_mode.key(),
        "extended_analytics": settings.extended_analytics,
        "tracking": tracking,
        "status_format": settings.reporting.status_format.key(),
        "save_on": settings.reporting.save_on,
        "save_interval_seconds": settings.reporting.save_interval_seconds,
        "debug": settings.reporting.debug,
        "status_table": status_table,
        "sections": sections,
        "scos": scos,
    })
}

/// The SCO's key as launch pages name it (`data-sco`): empty for the only SCO of a package.
pub fn sco_key(sco: &Sco) -> String {
    if sco.href == "index.html" {
        String::new()
    } else {
        sco.sections.first().cloned().unwrap_or_default()
    }
}

/// The JavaScript file: one assignment of serde_json output. `<` is escaped as \u003c so the data
/// stays inert even if someone inlines the file into a <script> element.
pub fn course_data_js(data: &Value) -> String {
    let json = serde_json::to_string(data)
        .unwrap_or_else(|_| "null".into())
        .replace('<', "\\u003c")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029");
    format!("window.COURSE_DATA = {json};\n")
}

#[cfg(test)]
mod tests {
    use crate::engine::course::SectionKind;
    use crate::engine::loader::load_course;

    fn quiz_course(quiz_extra: &str, question_extra: &str) -> String {
        format!(
            r#"{{"title": "T", "language": "en", "sections": [
                {{"id": "q", "title": "Quiz", "quiz": {{"pass_threshold_percent": 50{quiz_extra}, "questions": [
                    {{"id": "q1", "type": "single-choice", "prompt": "P", "options": ["A", "B"], "correct": ["B"]{question_extra}}}
                ]}}}}
            ]}}"#
        )
    }

    fn quiz_json(course_json: &str) -> Result<serde_json::Value, String> {
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        std::fs::write(dir.path().join("course.json"), course_json).map_err(|e| e.to_string())?;
        let course = load_course(dir.path()).map_err(|e| format!("{e:?}"))?;
        match &course.sections[0].kind {
            SectionKind::Quiz(q) => serde_json::to_value(q).map_err(|e| e.to_string()),
            SectionKind::Content(_) => Err("not a quiz".into()),
        }
    }

    #[test]
    fn optional_feedback_fields_reach_the_player_under_the_names_it_reads() {
        let q = quiz_json(&quiz_course(
            r#", "show_correct_answers": false, "max_attempts": 2"#,
            r#", "explanation": "B is right.""#,
        ))
        .unwrap();
        assert_eq!(q["show_correct_answers"], false);
        assert_eq!(q["max_attempts"], 2);
        assert_eq!(q["questions"][0]["explanation"], "B is right.");
    }

    #[test]
    fn older_courses_stay_valid_and_their_data_unchanged() {
        let q = quiz_json(&quiz_course("", "")).unwrap();
        let quiz = q.as_object().unwrap();
        assert!(!quiz.contains_key("show_correct_answers"));
        assert!(!quiz.contains_key("max_attempts"));
        assert!(
            !q["questions"][0]
                .as_object()
                .unwrap()
                .contains_key("explanation")
        );
        // A blank explanation is no explanation.
        let q = quiz_json(&quiz_course("", r#", "explanation": "  ""#)).unwrap();
        assert!(
            !q["questions"][0]
                .as_object()
                .unwrap()
                .contains_key("explanation")
        );
    }

    #[test]
    fn zero_attempts_is_refused() {
        let err = quiz_json(&quiz_course(r#", "max_attempts": 0"#, "")).unwrap_err();
        assert!(err.contains("max_attempts"), "{err}");
    }
}
