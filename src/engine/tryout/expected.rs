//! What the status table says one of our own packages should reach ("for our own
//! packages it also shows what the status table says this preset should reach").
//!
//! Read from the package itself (`content/course-data.js`): the status format, the tracking mode
//! and the embedded status table. The outcome of a learner who finishes the course: with quiz
//! results, the table's `pass` row; with course completion, its `viewed` row. 1.2 packages turn
//! the pair into one `lesson_status` through `scorm12_lesson_status`, as the player does.

use serde_json::{Value, json};

/// `None` when the text is not our course data, or the table has no row for the case.
pub fn expected_from_course_data(js: &str, version: &str) -> Option<Value> {
    let json = js
        .trim()
        .strip_prefix("window.COURSE_DATA =")?
        .trim()
        .strip_suffix(';')?;
    let data: Value = serde_json::from_str(json).ok()?;
    let format = data.get("status_format")?.as_str()?;
    let mode = data.get("tracking")?.get("mode")?.as_str()?;
    let event = match mode {
        "quiz-results" => "pass",
        "course-completion" => "viewed",
        _ => return None,
    };
    let table = data.get("status_table")?;
    let row = table.get("formats")?.get(format)?.get(event)?;
    let completion = row.get("completion")?;
    let success = row.get("success")?;
    if completion.is_null() {
        return None;
    }
    if version == "1.2" {
        let status = table
            .get("scorm12_lesson_status")?
            .as_array()?
            .iter()
            .find(|m| m.get("completion") == Some(completion) && m.get("success") == Some(success))?
            .get("lesson_status")?
            .clone();
        return Some(json!({ "lesson_status": status }));
    }
    // "Not applicable" (null) is never written: the LMS keeps "unknown".
    let success = if success.is_null() {
        Value::from("unknown")
    } else {
        success.clone()
    };
    Some(json!({ "completion_status": completion, "success_status": success }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(format: &str, mode: &str) -> String {
        let table: Value =
            serde_json::from_str(include_str!("../../../assets/player/status-table.json")).unwrap();
        let d = json!({"status_format": format, "tracking": {"mode": mode}, "status_table": table});
        format!("window.COURSE_DATA = {d};\n")
    }

    #[test]
    fn quiz_results_expect_the_pass_row() {
        assert_eq!(
            expected_from_course_data(&data("passed-failed", "quiz-results"), "2004"),
            Some(json!({"completion_status": "completed", "success_status": "passed"}))
        );
        assert_eq!(
            expected_from_course_data(&data("passed-failed", "quiz-results"), "1.2"),
            Some(json!({"lesson_status": "passed"}))
        );
        assert_eq!(
            expected_from_course_data(&data("completed-incomplete", "quiz-results"), "2004"),
            Some(json!({"completion_status": "completed", "success_status": "unknown"}))
        );
    }

    #[test]
    fn course_completion_expects_the_viewed_row() {
        assert_eq!(
            expected_from_course_data(&data("completed-incomplete", "course-completion"), "1.2"),
            Some(json!({"lesson_status": "completed"}))
        );
        assert_eq!(
            expected_from_course_data(&data("passed-failed", "course-completion"), "2004"),
            None
        );
        assert_eq!(expected_from_course_data("var x = 1;", "2004"), None);
    }
}
