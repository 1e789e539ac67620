//! The worst-case size of the player's `suspend_data`, so an export can warn before a learner's
//! progress could outgrow what the LMS must store (SCORM 1.2: 4,096 characters; 2004: 64,000).
//! Mirrors `suspendDataEstimate` in assets/player/js/state.js (a player unit test pins that function
//! to the real encoding; `tests/player` and this module's test use the same figures).

use super::course::{Course, QuestionType, SectionKind};
use super::settings::ScormVersion;

/// Longest accepted text answers (the player's MAX_TEXT_ANSWER / MAX_NUMERIC_ANSWER).
const MAX_TEXT_ANSWER: usize = 250;
const MAX_NUMERIC_ANSWER: usize = 40;
/// The structure hash is FNV-1a in base 36: at most 7 characters.
const MAX_SIGNATURE: usize = 7;

/// The smallest maximum an LMS must store for `cmi.suspend_data`.
pub fn limit(version: ScormVersion) -> usize {
    if version.is_2004() { 64_000 } else { 4_096 }
}

/// Worst-case `suspend_data` length for a SCO presenting these sections.
pub fn worst_case_len(course: &Course, sections: &[String]) -> usize {
    let secs: Vec<_> = sections
        .iter()
        .filter_map(|id| course.section(id))
        .collect();
    let mut n = 2 + MAX_SIGNATURE + 1; // "1|<sig>|"
    n += secs.len().div_ceil(6) + 1; // viewed bitset + "|"
    let mut first = true;
    let mut quizzes: usize = 0;
    for s in &secs {
        let SectionKind::Quiz(q) = &s.kind else {
            continue;
        };
        quizzes += 1;
        for question in &q.questions {
            if !first {
                n += 1;
            }
            first = false;
            n += match question.kind {
                QuestionType::FillIn => 3 * MAX_TEXT_ANSWER,
                QuestionType::Numeric => 3 * MAX_NUMERIC_ANSWER,
                _ => question.options.len().div_ceil(6),
            };
        }
    }
    n += 1; // "|"
    n += quizzes * 8 + quizzes.saturating_sub(1); // "aa.100.1" per quiz, comma-separated
    n + 2 // "|a"
}

/// A warning when the worst case exceeds the version's limit.
pub fn warning(
    course: &Course,
    sco_title: &str,
    sections: &[String],
    version: ScormVersion,
) -> Option<String> {
    let need = worst_case_len(course, sections);
    let max = limit(version);
    (need > max).then(|| {
        format!(
            "“{sco_title}”: saved progress can need up to {need} characters, more than the {max} \
             that {} guarantees. If a learner types the longest text answers everywhere, their \
             answers will not be kept for resume (the player tells them; nothing is cut silently). \
             Use SCORM 2004 or fewer fill-in questions.",
            version.label()
        )
    })
}
