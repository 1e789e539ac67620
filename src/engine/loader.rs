//! Loads and validates a course folder. Reports every problem at once, each naming the file, the
//! field path and what is wrong. Never panics, never reads outside the course folder.

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use serde::Deserialize;

use super::course::{
    ContentSection, Course, MediaKind, MediaRef, Question, QuestionType, Quiz, Section, SectionKind,
};
use super::error::{CourseError, Problem};
use super::ids::is_valid_course_id;
use super::text_file::{TextError, read_text};
use super::xml_chars::check_xml_text;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCourse {
    title: String,
    #[serde(default = "default_language")]
    language: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    version: Option<String>,
    #[serde(default)]
    sections: Vec<RawSection>,
}

fn default_language() -> String {
    "en".to_owned()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSection {
    id: String,
    title: String,
    #[serde(default)]
    file: Option<String>,
    #[serde(default)]
    quiz: Option<RawQuiz>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuiz {
    #[serde(default = "default_quiz_threshold")]
    pass_threshold_percent: u32,
    #[serde(default)]
    show_correct_answers: Option<bool>,
    #[serde(default)]
    max_attempts: Option<u32>,
    #[serde(default)]
    questions: Vec<RawQuestion>,
}

fn default_quiz_threshold() -> u32 {
    80
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestion {
    id: String,
    #[serde(rename = "type")]
    kind: QuestionType,
    prompt: String,
    #[serde(default)]
    options: Vec<String>,
    #[serde(default)]
    correct: Vec<RawAnswer>,
    #[serde(default)]
    weight: Option<f64>,
    #[serde(default)]
    explanation: Option<String>,
}

/// Authors may write answers as strings, numbers or booleans.
#[derive(Deserialize)]
#[serde(untagged)]
enum RawAnswer {
    Text(String),
    Number(f64),
    Bool(bool),
}

impl RawAnswer {
    fn to_text(&self) -> String {
        match self {
            Self::Text(s) => s.clone(),
            Self::Number(n) => format_number(*n),
            Self::Bool(b) => b.to_string(),
        }
    }
}

fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

const COURSE_FILE: &str = "course.json";

/// Largest course.json accepted (a course with thousands of questions is a few MiB).
pub const MAX_COURSE_JSON_BYTES: u64 = 16 * 1024 * 1024;
/// Largest Markdown section accepted. Parsing and rendering take up to ~50 bytes of memory per
/// byte of dense Markdown (an 8 MiB section peaked at 390 MB RSS), so 2 MiB keeps an export near
/// 100 MB; a longer text reads better split into sections anyway.
pub const MAX_SECTION_BYTES: u64 = 2 * 1024 * 1024;
/// Longest section or question id (ids become file names, `sco-<id>.html`, and manifest ids).
pub const MAX_ID_LEN: usize = 64;

/// Load `dir/course.json` and everything it references.
pub fn load_course(dir: &Path) -> Result<Course, CourseError> {
    let root = dir.canonicalize().map_err(|e| CourseError::Io {
        path: dir.to_path_buf(),
        message: format!("cannot open the course folder: {e}"),
    })?;
    let json_path = root.join(COURSE_FILE);
    let text = read_text(&json_path, MAX_COURSE_JSON_BYTES).map_err(|e| CourseError::Io {
        path: json_path.clone(),
        message: if e.is_not_found() {
            "course.json is missing: a course folder needs a course.json".into()
        } else {
            format!("cannot read it: {e}")
        },
    })?;
    let de = &mut serde_json::Deserializer::from_str(&text);
    let raw: RawCourse = serde_path_to_error::deserialize(de).map_err(|e| {
        let field = e.path().to_string();
        CourseError::Invalid(vec![Problem::new(
            COURSE_FILE,
            if field == "." { String::new() } else { field },
            e.inner().to_string(),
        )])
    })?;
    let problems = text_problems(&text);
    build(root, raw, problems)
}

/// Every string of course.json that XML 1.0 cannot hold, with its field path (all of them: any
/// field may reach the manifest or the LMS, and the rule is simpler to state that way).
fn text_problems(text: &str) -> Vec<Problem> {
    fn walk(v: &serde_json::Value, path: &str, out: &mut Vec<Problem>) {
        match v {
            serde_json::Value::String(s) => {
                if let Err(why) = check_xml_text(s) {
                    out.push(Problem::new(COURSE_FILE, path, why));
                }
            }
            serde_json::Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    walk(item, &format!("{path}[{i}]"), out);
                }
            }
            serde_json::Value::Object(map) => {
                for (k, item) in map {
                    let sub = if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    };
                    walk(item, &sub, out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    if let Ok(value) = serde_json::from_str::<serde_json::Value>(text) {
        walk(&value, "", &mut out);
    }
    out
}

fn build(root: PathBuf, raw: RawCourse, mut problems: Vec<Problem>) -> Result<Course, CourseError> {
    let mut p = |field: String, msg: String| problems.push(Problem::new(COURSE_FILE, field, msg));

    if raw.title.trim().is_empty() {
        p("title".into(), "the course title is empty".into());
    }
    if !is_plausible_bcp47(&raw.language) {
        p(
            "language".into(),
            format!(
                "“{}” is not a BCP 47 language tag (e.g. en, en-GB, pt-BR)",
                raw.language
            ),
        );
    }
    if raw.sections.is_empty() {
        p(
            "sections".into(),
            "the course is empty: add at least one section".into(),
        );
    }

    let mut seen_ids: HashSet<String> = HashSet::new();
    let mut check_id = |field: String, id: &str, problems: &mut Vec<Problem>| {
        let len = id.chars().count();
        if len > MAX_ID_LEN {
            let start: String = id.chars().take(16).collect();
            problems.push(Problem::new(
                COURSE_FILE,
                field,
                format!("id “{start}…” is {len} characters long; at most {MAX_ID_LEN} are allowed"),
            ));
        } else if let Err(why) = is_valid_course_id(id) {
            problems.push(Problem::new(COURSE_FILE, field, why));
        } else if !seen_ids.insert(id.to_owned()) {
            problems.push(Problem::new(
                COURSE_FILE,
                field,
                format!("duplicate id “{id}”: ids must be unique across sections and questions"),
            ));
        }
    };

    let mut sections = Vec::new();
    // Packaged media names, case-folded: `A.png` and `a.png` are one file on Windows and macOS.
    let mut media_names: HashMap<String, String> = HashMap::new();
    for (i, s) in raw.sections.into_iter().enumerate() {
        let base = format!("sections[{i}]");
        check_id(format!("{base}.id"), &s.id, &mut problems);
        if s.title.trim().is_empty() {
            problems.push(Problem::new(
                COURSE_FILE,
                format!("{base}.title"),
                "the section title is empty",
            ));
        }
        let kind = match (s.file, s.quiz) {
            (Some(file), None) => {
                load_content(&root, &file, &base, &mut problems, &mut media_names)
                    .map(SectionKind::Content)
            }
            (None, Some(quiz)) => {
                load_quiz(quiz, &base, &mut problems, &mut check_id).map(SectionKind::Quiz)
            }
            (Some(_), Some(_)) => {
                problems.push(Problem::new(
                    COURSE_FILE,
                    base.clone(),
                    "a section has either \"file\" (content) or \"quiz\", not both",
                ));
                None
            }
            (None, None) => {
                problems.push(Problem::new(
                    COURSE_FILE,
                    base.clone(),
                    "a section needs \"file\" (a Markdown file) or \"quiz\"",
                ));
                None
            }
        };
        if let Some(kind) = kind {
            sections.push(Section {
                id: s.id,
                title: s.title,
                kind,
            });
        }
    }

    if !problems.is_empty() {
        return Err(CourseError::Invalid(problems));
    }
    Ok(Course {
        root,
        title: raw.title,
        language: raw.language,
        description: raw.description.filter(|d| !d.trim().is_empty()),
        version: raw.version.filter(|v| !v.trim().is_empty()),
        sections,
        index: super::course::SectionIndex::default(),
    })
}

pub(crate) fn is_plausible_bcp47(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let Some(first) = parts.next() else {
        return false;
    };
    (2..=8).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

fn load_content(
    root: &Path,
    file: &str,
    base: &str,
    problems: &mut Vec<Problem>,
    media_names: &mut HashMap<String, String>,
) -> Option<ContentSection> {
    let field = format!("{base}.file");
    let path = match resolve_inside(root, Path::new(""), file) {
        Ok(p) => p,
        Err(why) => {
            problems.push(Problem::new(COURSE_FILE, field, format!("“{file}”: {why}")));
            return None;
        }
    };
    let markdown = match read_text(&path, MAX_SECTION_BYTES) {
        Ok(t) => t,
        Err(e) => {
            let hint = match e {
                TextError::TooLarge { .. } => "; split it into several sections",
                _ => "",
            };
            problems.push(Problem::new(
                COURSE_FILE,
                field,
                format!("cannot read “{file}”: {e}{hint}"),
            ));
            return None;
        }
    };
    let md_dir = Path::new(file)
        .parent()
        .unwrap_or(Path::new(""))
        .to_path_buf();
    let mut media: Vec<MediaRef> = Vec::new();
    for (line, dest) in super::render::local_links(&markdown) {
        let at = |why: String| Problem::new(file, format!("line {line}"), why);
        match resolve_inside(root, &md_dir, &dest) {
            Ok(source) => {
                if media.iter().any(|m| m.source == source) {
                    continue;
                }
                let rel = rel_path(root, &source);
                if source.to_str().is_none() {
                    problems.push(at(format!(
                        "link “{dest}”: the file name is not valid UTF-8 text; rename the file"
                    )));
                    continue;
                }
                if let Some(why) = media_name_problem(&rel) {
                    problems.push(at(format!("media file “{}”: {why}", rel.escape_debug())));
                    continue;
                }
                match media_names.get(&rel.to_lowercase()) {
                    Some(other) if *other != rel => {
                        problems.push(at(format!(
                            "media files “{rel}” and “{other}” differ only in upper/lower case; \
                             Windows and macOS see one file, so rename one of them"
                        )));
                        continue;
                    }
                    Some(_) => {}
                    None => {
                        media_names.insert(rel.to_lowercase(), rel.clone());
                    }
                }
                let size = std::fs::metadata(&source).map_or(0, |m| m.len());
                media.push(MediaRef {
                    kind: MediaKind::from_path(&rel),
                    source,
                    rel,
                    size,
                });
            }
            Err(why) => problems.push(at(format!("link “{dest}”: {why}"))),
        }
    }
    // Captions and posters beside videos and audio files are packaged with them.
    let mut companions = Vec::new();
    let players: Vec<(String, bool)> = media
        .iter()
        .filter(|m| matches!(m.kind, MediaKind::Video | MediaKind::Audio))
        .map(|m| (m.rel.clone(), m.kind == MediaKind::Video))
        .collect();
    for (rel, video) in players {
        let (found, why) = super::companions::find(root, &rel, video);
        for w in why {
            problems.push(Problem::new(file, "media", w));
        }
        let files = found
            .tracks
            .iter()
            .map(|t| t.rel.clone())
            .chain(found.poster.clone());
        for extra in files {
            if media.iter().any(|m| m.rel == extra) {
                continue;
            }
            if let Some(why) = media_name_problem(&extra) {
                problems.push(Problem::new(
                    file,
                    "media",
                    format!("media file “{}”: {why}", extra.escape_debug()),
                ));
                continue;
            }
            let source = root.join(&extra);
            let size = std::fs::metadata(&source).map_or(0, |m| m.len());
            media.push(MediaRef {
                kind: MediaKind::from_path(&extra),
                source: source.canonicalize().unwrap_or(source),
                rel: extra,
                size,
            });
        }
        if !found.tracks.is_empty() || found.poster.is_some() {
            companions.push(found);
        }
    }
    Some(ContentSection {
        file: file.to_owned(),
        markdown,
        media,
        companions,
    })
}

/// Why a media file's path (relative to the course, `/`-separated) cannot be packaged: control
/// characters, characters or names Windows does not allow. LMS servers and learners on Windows
/// would get them.
pub fn media_name_problem(rel: &str) -> Option<String> {
    if let Some(c) = rel.chars().find(|c| c.is_control()) {
        return Some(format!(
            "the name contains the control character U+{:04X}; rename the file",
            u32::from(c)
        ));
    }
    if let Some(c) = rel
        .chars()
        .find(|c| matches!(c, ':' | '*' | '?' | '"' | '<' | '>' | '|' | '\\'))
    {
        return Some(format!(
            "the name contains “{c}”, which Windows does not allow in file names; rename the file"
        ));
    }
    for part in rel.split('/') {
        if part.ends_with('.') || part.ends_with(' ') {
            return Some(format!(
                "“{part}” ends with a dot or a space, which Windows drops; rename it"
            ));
        }
        let stem = part.split('.').next().unwrap_or(part).to_ascii_uppercase();
        let reserved = matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
            || ((stem.starts_with("COM") || stem.starts_with("LPT"))
                && stem.len() == 4
                && stem.as_bytes()[3].is_ascii_digit());
        if reserved {
            return Some(format!(
                "“{part}” is a device name on Windows and cannot be a file name there; rename it"
            ));
        }
    }
    None
}

/// Resolve `target` (relative to `base_dir`, itself relative to `root`) to a file inside `root`.
/// Rejects absolute paths, `..` that leaves the folder, missing files and symlinks that point
/// outside the folder.
pub fn resolve_inside(root: &Path, base_dir: &Path, target: &str) -> Result<PathBuf, String> {
    let decoded = super::render::percent_decode(target);
    let t = Path::new(&decoded);
    if t.is_absolute() || decoded.starts_with('/') || decoded.starts_with('\\') {
        return Err("absolute paths are not allowed; use a path relative to the file".into());
    }
    let mut parts: Vec<std::ffi::OsString> = Vec::new();
    for c in base_dir.components().chain(t.components()) {
        match c {
            Component::Normal(x) => parts.push(x.to_os_string()),
            Component::CurDir => {}
            Component::ParentDir => {
                if parts.pop().is_none() {
                    return Err("the path leaves the course folder".into());
                }
            }
            Component::RootDir | Component::Prefix(_) => {
                return Err("absolute paths are not allowed".into());
            }
        }
    }
    let mut full = root.to_path_buf();
    full.extend(parts);
    let canon = full.canonicalize().map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => "the file does not exist".to_owned(),
        _ => format!("the file cannot be opened: {e}"),
    })?;
    if !canon.starts_with(root) {
        return Err("the path (through a symbolic link) leaves the course folder".into());
    }
    if !canon.is_file() {
        return Err("this is not a file".into());
    }
    Ok(canon)
}

/// Path of `file` relative to `root`, with forward slashes.
pub fn rel_path(root: &Path, file: &Path) -> String {
    file.strip_prefix(root)
        .unwrap_or(file)
        .components()
        .filter_map(|c| match c {
            Component::Normal(x) => Some(x.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

fn load_quiz(
    raw: RawQuiz,
    base: &str,
    problems: &mut Vec<Problem>,
    check_id: &mut dyn FnMut(String, &str, &mut Vec<Problem>),
) -> Option<Quiz> {
    let mut p = |field: String, msg: String| problems_push(problems, field, msg);
    if raw.pass_threshold_percent > 100 {
        p(
            format!("{base}.quiz.pass_threshold_percent"),
            format!("{} is out of range (0–100)", raw.pass_threshold_percent),
        );
    }
    if raw.max_attempts == Some(0) {
        p(
            format!("{base}.quiz.max_attempts"),
            "0 attempts: write at least 1, or leave the field out for unlimited attempts".into(),
        );
    }
    if raw.questions.is_empty() {
        p(
            format!("{base}.quiz.questions"),
            "the quiz has no questions".into(),
        );
    }
    let mut questions = Vec::new();
    for (j, q) in raw.questions.into_iter().enumerate() {
        let qb = format!("{base}.quiz.questions[{j}]");
        check_id(format!("{qb}.id"), &q.id, problems);
        if let Some(question) = build_question(q, &qb, problems) {
            questions.push(question);
        }
    }
    Some(Quiz {
        pass_threshold_percent: raw.pass_threshold_percent,
        show_correct_answers: raw.show_correct_answers,
        max_attempts: raw.max_attempts,
        questions,
    })
}

fn problems_push(problems: &mut Vec<Problem>, field: String, msg: String) {
    problems.push(Problem::new(COURSE_FILE, field, msg));
}

fn build_question(q: RawQuestion, qb: &str, problems: &mut Vec<Problem>) -> Option<Question> {
    let before = problems.len();
    let mut p = |field: &str, msg: String| problems_push(problems, format!("{qb}.{field}"), msg);
    if q.prompt.trim().is_empty() {
        p("prompt", "the prompt is empty".into());
    }
    let weight = q.weight.unwrap_or(1.0);
    if !(weight.is_finite() && weight > 0.0) {
        p("weight", format!("{weight} must be a number above 0"));
    }
    let correct: Vec<String> = q.correct.iter().map(RawAnswer::to_text).collect();
    if correct.is_empty() {
        p("correct", "no correct answer given".into());
    }
    let mut options = q.options;
    match q.kind {
        QuestionType::SingleChoice | QuestionType::MultipleChoice => {
            if options.len() < 2 {
                p(
                    "options",
                    "a choice question needs at least two options".into(),
                );
            }
            let mut seen = HashSet::new();
            for (k, o) in options.iter().enumerate() {
                if o.trim().is_empty() {
                    p(&format!("options[{k}]"), "the option is empty".into());
                } else if !seen.insert(o.as_str()) {
                    p(
                        &format!("options[{k}]"),
                        format!("option “{o}” appears twice"),
                    );
                }
            }
            for (k, c) in correct.iter().enumerate() {
                if !options.contains(c) {
                    p(
                        &format!("correct[{k}]"),
                        format!("“{c}” is not among the options"),
                    );
                }
            }
            if q.kind == QuestionType::SingleChoice && correct.len() > 1 {
                p(
                    "correct",
                    "a single-choice question has exactly one correct answer".into(),
                );
            }
        }
        QuestionType::TrueFalse => {
            if !options.is_empty() {
                p(
                    "options",
                    "a true-false question has no options (they are True and False)".into(),
                );
            }
            options = vec!["True".into(), "False".into()];
            if correct.len() != 1 || !matches!(correct[0].as_str(), "true" | "false") {
                p("correct", "write [true] or [false]".into());
            }
        }
        QuestionType::FillIn => {
            if !options.is_empty() {
                p("options", "a fill-in question has no options".into());
            }
            if correct.iter().any(|c| c.trim().is_empty()) {
                p("correct", "an accepted answer is empty".into());
            }
        }
        QuestionType::Numeric => {
            if !options.is_empty() {
                p("options", "a numeric question has no options".into());
            }
            for (k, c) in correct.iter().enumerate() {
                if parse_numeric_answer(c).is_none() {
                    p(
                        &format!("correct[{k}]"),
                        format!("“{c}” is not a number or a “min:max” range"),
                    );
                }
            }
        }
    }
    if problems.len() != before {
        return None;
    }
    let correct = if q.kind == QuestionType::TrueFalse {
        correct
            .iter()
            .map(|c| if c == "true" { "True" } else { "False" }.to_owned())
            .collect()
    } else {
        correct
    };
    Some(Question {
        id: q.id,
        kind: q.kind,
        prompt: q.prompt,
        options,
        correct,
        weight,
        explanation: q.explanation.filter(|e| !e.trim().is_empty()),
    })
}

/// `"42"` → (42, 42); `"40:45"` → (40, 45).
pub fn parse_numeric_answer(s: &str) -> Option<(f64, f64)> {
    let parse = |x: &str| x.trim().parse::<f64>().ok().filter(|v| v.is_finite());
    match s.split_once(':') {
        Some((a, b)) => {
            let (a, b) = (parse(a)?, parse(b)?);
            (a <= b).then_some((a, b))
        }
        None => parse(s).map(|v| (v, v)),
    }
}
