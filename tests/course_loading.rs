//! Loading a course folder: every bad input gives a clear error naming file, field and problem;
//! all problems are reported at once; nothing outside the course folder is read.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may fail loudly

mod common;

use common::*;
use course_export::engine::course::{MediaKind, QuestionType, SectionKind};
use course_export::engine::{CourseError, load_course};

fn problems(dir: &std::path::Path) -> Vec<String> {
    match load_course(dir) {
        Ok(_) => panic!("expected the course to be refused"),
        Err(e) => e.problems(),
    }
}

#[test]
fn the_sample_course_is_complete() {
    let c = load_course(&sample_course()).unwrap();
    let content = c.sections.iter().filter(|s| !s.is_quiz()).count();
    assert!(content >= 6, "{content} content sections");
    assert_eq!(c.quizzes().count(), 2);
    let mut types = std::collections::HashSet::new();
    for (_, q) in c.quizzes() {
        for question in &q.questions {
            types.insert(question.kind);
        }
    }
    for t in [
        QuestionType::SingleChoice,
        QuestionType::MultipleChoice,
        QuestionType::TrueFalse,
        QuestionType::FillIn,
        QuestionType::Numeric,
    ] {
        assert!(types.contains(&t), "{t:?} not used by the sample course");
    }
    let kinds: Vec<_> = c
        .sections
        .iter()
        .flat_map(course_export::engine::course::Section::media)
        .map(|m| m.kind)
        .collect();
    assert!(kinds.contains(&MediaKind::Video));
    assert!(kinds.contains(&MediaKind::Image));
}

#[test]
fn unknown_fields_are_rejected_with_their_path() {
    let dir = tempfile::tempdir().unwrap();
    write_course(
        dir.path(),
        r#"{"title":"T","sections":[{"id":"a","title":"A","file":"a.md","colour":"red"}]}"#,
        &[("a.md", b"x")],
    );
    let p = problems(dir.path());
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(
        p[0].contains("course.json") && p[0].contains("sections[0]") && p[0].contains("colour"),
        "{}",
        p[0]
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    let dir = tempfile::tempdir().unwrap();
    write_course(
        dir.path(),
        r#"{"title":"T","language":"english!","sections":[
            {"id":"a","title":"A","file":"sections/a.md"},
            {"id":"a","title":"Dup","file":"sections/missing.md"},
            {"id":"bad id","title":"B","file":"sections/a.md"},
            {"id":"q","title":"Quiz","quiz":{"pass_threshold_percent":150,"questions":[
              {"id":"q1","type":"single-choice","prompt":"P","options":["x","y"],"correct":["z"]},
              {"id":"q2","type":"numeric","prompt":"N","correct":["ten"]},
              {"id":"q3","type":"true-false","prompt":"TF","correct":["maybe"]}
            ]}},
            {"id":"c","title":"C"}
        ]}"#,
        &[(
            "sections/a.md",
            b"# A\n\n![gone](../media/nope.png)\n\n[escape](../../etc/passwd)\n\n![abs](/etc/hostname)\n",
        )],
    );
    let p = problems(dir.path());
    let all = p.join("\n");
    for needle in [
        "language",
        "duplicate id “a”",
        "sections[1].file",
        "id “bad id”",
        "pass_threshold_percent",
        "“z” is not among the options",
        "“ten” is not a number",
        "write [true] or [false]",
        "sections[4]: a section needs",
        "sections/a.md: line 3: link “../media/nope.png”: the file does not exist",
        "leaves the course folder",
        "absolute paths are not allowed",
    ] {
        assert!(all.contains(needle), "missing “{needle}” in:\n{all}");
    }
}

#[test]
fn empty_course_and_missing_course_json() {
    let dir = tempfile::tempdir().unwrap();
    write_course(dir.path(), r#"{"title":"T","sections":[]}"#, &[]);
    assert!(problems(dir.path())[0].contains("the course is empty"));
    let empty = tempfile::tempdir().unwrap();
    let err = load_course(empty.path()).unwrap_err();
    assert!(matches!(err, CourseError::Io { .. }));
    assert!(err.to_string().contains("course.json is missing"), "{err}");
    // Not JSON at all.
    write_course(empty.path(), "{ nope", &[]);
    assert!(problems(empty.path())[0].contains("course.json"));
}

#[cfg(unix)]
#[test]
fn symlinks_leaving_the_folder_are_refused() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.png"), b"secret").unwrap();
    let dir = tempfile::tempdir().unwrap();
    write_course(
        dir.path(),
        r#"{"title":"T","sections":[{"id":"a","title":"A","file":"a.md"}]}"#,
        &[("a.md", b"![s](media/link.png)")],
    );
    std::fs::create_dir_all(dir.path().join("media")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.png"),
        dir.path().join("media/link.png"),
    )
    .unwrap();
    let p = problems(dir.path());
    assert!(p[0].contains("symbolic link"), "{p:?}");
}

#[test]
fn question_answers_are_normalised() {
    let dir = tempfile::tempdir().unwrap();
    small_course(dir.path());
    let c = load_course(dir.path()).unwrap();
    let (_, quiz) = c.quizzes().next().unwrap();
    let tf = quiz
        .questions
        .iter()
        .find(|q| q.kind == QuestionType::TrueFalse)
        .unwrap();
    assert_eq!(tf.options, vec!["True", "False"]);
    assert_eq!(tf.correct, vec!["True"]);
    let n = quiz
        .questions
        .iter()
        .find(|q| q.kind == QuestionType::Numeric)
        .unwrap();
    assert_eq!(n.correct, vec!["42"]);
    assert!(matches!(c.sections[0].kind, SectionKind::Content(_)));
    assert_eq!(c.sections[0].media()[0].rel, "media/pic.png");
}

#[test]
fn garbage_never_panics() {
    let dir = tempfile::tempdir().unwrap();
    for text in [
        "",
        "null",
        "[]",
        "{}",
        "{\"title\": 5}",
        "{\"title\":\"t\",\"sections\":[{}]}",
        "{\"title\":\"t\",\"sections\":[{\"id\":\"\",\"title\":\"\",\"quiz\":{\"questions\":[{\"id\":\"x\",\"type\":\"numeric\",\"prompt\":\"\",\"weight\":-1}]}}]}",
        "\u{feff}{\"title\":\"t\"}",
    ] {
        std::fs::write(dir.path().join("course.json"), text).unwrap();
        assert!(load_course(dir.path()).is_err(), "accepted: {text}");
    }
}
