//! The record of a run: what the page sends, merged, and written atomically.

use std::io::Write as _;
use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// One API call as the page logged it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Call {
    pub method: String,
    #[serde(default)]
    pub args: Vec<Value>,
    #[serde(default)]
    pub result: String,
    #[serde(default)]
    pub error: String,
    #[serde(default)]
    pub diagnostic: String,
    #[serde(default)]
    pub t_ms: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct Session {
    pub sco: String,
    pub entry: String,
    pub exit: String,
    pub terminated: bool,
    pub calls: Vec<Call>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct Attempt {
    pub number: u64,
    pub sessions: Vec<Session>,
    /// ITEM_ID -> { "cmi.element": "value" }
    pub cmi: Map<String, Value>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct Record {
    pub package: String,
    pub version: String,
    pub expected: Option<Value>,
    pub reached: Option<Value>,
    pub attempts: Vec<Attempt>,
}

/// What the page posts: the whole run, each session's calls from `calls_from` on.
#[derive(Debug, Deserialize)]
pub struct Patch {
    pub seq: u64,
    #[serde(default, rename = "gen")]
    pub generation: u64,
    pub reason: String,
    #[serde(default)]
    pub reached: Option<Value>,
    pub attempts: Vec<PatchAttempt>,
}

#[derive(Debug, Deserialize)]
pub struct PatchAttempt {
    pub number: u64,
    #[serde(default)]
    pub cmi: Map<String, Value>,
    pub sessions: Vec<PatchSession>,
}

#[derive(Debug, Deserialize)]
pub struct PatchSession {
    pub sco: String,
    #[serde(default)]
    pub entry: String,
    #[serde(default)]
    pub exit: String,
    #[serde(default)]
    pub terminated: bool,
    #[serde(default)]
    pub calls_from: usize,
    #[serde(default)]
    pub calls: Vec<Call>,
}

/// The record and where the page's patches stand.
#[derive(Debug, Default)]
pub struct RecordState {
    pub record: Record,
    pub seq: u64,
    pub generation: u64,
    /// A session ended with Terminate (for `--exit-after-terminate`).
    pub terminated: bool,
}

impl RecordState {
    /// Applies a patch. Returns false when it is older than one already applied (ignored).
    /// Patches are idempotent: a session's calls from `calls_from` on replace what the record
    /// holds from there, so a beacon at unload may repeat calls a fetch already delivered.
    pub fn apply(&mut self, patch: Patch) -> bool {
        if patch.generation < self.generation
            || (patch.generation == self.generation && patch.seq <= self.seq && self.seq > 0)
        {
            return false;
        }
        if patch.generation != self.generation {
            // "Reset learner": nothing of the earlier learner is kept.
            self.record.attempts.clear();
            self.generation = patch.generation;
        }
        self.seq = patch.seq;
        let mut old = std::mem::take(&mut self.record.attempts);
        for pa in patch.attempts {
            let prev = old
                .iter_mut()
                .find(|a| a.number == pa.number)
                .map(std::mem::take)
                .unwrap_or_default();
            let mut prev_sessions = prev.sessions.into_iter();
            let sessions = pa
                .sessions
                .into_iter()
                .map(|ps| {
                    let mut calls = prev_sessions.next().map(|s| s.calls).unwrap_or_default();
                    calls.truncate(ps.calls_from);
                    calls.extend(ps.calls);
                    Session {
                        sco: ps.sco,
                        entry: ps.entry,
                        exit: ps.exit,
                        terminated: ps.terminated,
                        calls,
                    }
                })
                .collect();
            self.record.attempts.push(Attempt {
                number: pa.number,
                sessions,
                cmi: pa.cmi,
            });
        }
        self.record.reached = patch.reached;
        if patch.reason == "terminate" {
            self.terminated = true;
        }
        true
    }
}

/// Writes the record next to its final name and renames it over: a reader never sees half a file.
pub fn write_atomic(path: &Path, record: &Record) -> std::io::Result<()> {
    let json = serde_json::to_vec_pretty(record).map_err(std::io::Error::other)?;
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(&json)?;
    tmp.write_all(b"\n")?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn patch(v: Value) -> Patch {
        serde_json::from_value(v).unwrap()
    }

    fn call(m: &str) -> Value {
        json!({"method": m, "args": [""], "result": "true", "error": "0", "diagnostic": "", "t_ms": 1})
    }

    #[test]
    fn patches_merge_idempotently_and_stale_ones_are_ignored() {
        let mut st = RecordState::default();
        assert!(
            st.apply(patch(json!({"seq": 1, "reason": "commit", "attempts": [
            {"number": 1, "cmi": {"I": {"cmi.location": "p1"}}, "sessions": [
                {"sco": "I", "entry": "ab-initio", "exit": "", "terminated": false, "calls_from": 0,
                 "calls": [call("Initialize"), call("Commit")]}]}]})))
        );
        // The beacon repeats Commit (from 1) and adds Terminate.
        assert!(st.apply(patch(json!({"seq": 3, "reason": "terminate", "reached": {"completion_status": "completed"}, "attempts": [
            {"number": 1, "cmi": {"I": {"cmi.location": "p2"}}, "sessions": [
                {"sco": "I", "entry": "ab-initio", "exit": "suspend", "terminated": true, "calls_from": 1,
                 "calls": [call("Commit"), call("Terminate")]}]}]}))));
        // A late fetch with an older seq changes nothing.
        assert!(!st.apply(patch(json!({"seq": 2, "reason": "commit", "attempts": []}))));
        let a = &st.record.attempts[0];
        let methods: Vec<_> = a.sessions[0]
            .calls
            .iter()
            .map(|c| c.method.as_str())
            .collect();
        assert_eq!(methods, ["Initialize", "Commit", "Terminate"]);
        assert_eq!(a.cmi["I"]["cmi.location"], "p2");
        assert!(a.sessions[0].terminated && st.terminated);
        assert_eq!(
            st.record.reached,
            Some(json!({"completion_status": "completed"}))
        );
        // Reset learner: a new generation starts from nothing.
        assert!(st.apply(patch(
            json!({"seq": 4, "gen": 1, "reason": "end", "attempts": []})
        )));
        assert!(st.record.attempts.is_empty());
    }

    #[test]
    fn atomic_write() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("rec.json");
        let r = Record {
            package: "p.zip".into(),
            version: "1.2".into(),
            ..Record::default()
        };
        write_atomic(&p, &r).unwrap();
        let back: Value = serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap();
        assert_eq!(
            back,
            json!({"package": "p.zip", "version": "1.2", "expected": null, "reached": null, "attempts": []})
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}

/// What a person watching a run needs at a glance (the studio's live panel): the state the LMS
/// keeps, what the status table expects, and the API calls so far.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Summary {
    /// `(element, value)` the LMS recorded, e.g. `("completion_status", "completed")`.
    pub reached: Vec<(String, String)>,
    /// What the status table predicts (our own packages only).
    pub expected: Vec<(String, String)>,
    /// `Some(true)` when every expected value was reached.
    pub matches: Option<bool>,
    pub attempts: usize,
    pub sessions: usize,
    pub calls: usize,
    /// Calls that ended with an error code other than "0".
    pub errors: usize,
    /// The last failing call, as "Method(args): error code — diagnostic".
    pub last_error: Option<String>,
}

fn pairs(v: Option<&Value>) -> Vec<(String, String)> {
    let Some(Value::Object(m)) = v else {
        return Vec::new();
    };
    m.iter()
        .map(|(k, v)| {
            let text = match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            (k.clone(), text)
        })
        .collect()
}

impl Record {
    pub fn summary(&self) -> Summary {
        let calls = self
            .attempts
            .iter()
            .flat_map(|a| &a.sessions)
            .flat_map(|s| &s.calls);
        let failing: Vec<&Call> = calls
            .clone()
            .filter(|c| !c.error.is_empty() && c.error != "0")
            .collect();
        let reached = pairs(self.reached.as_ref());
        let expected = pairs(self.expected.as_ref());
        let matches = (!expected.is_empty()).then(|| {
            expected
                .iter()
                .all(|(k, v)| reached.iter().any(|(rk, rv)| rk == k && rv == v))
        });
        Summary {
            reached,
            expected,
            matches,
            attempts: self.attempts.len(),
            sessions: self.attempts.iter().map(|a| a.sessions.len()).sum(),
            calls: calls.count(),
            errors: failing.len(),
            last_error: failing.last().map(|c| {
                let args: Vec<String> = c.args.iter().map(Value::to_string).collect();
                let mut s = format!("{}({}): error {}", c.method, args.join(", "), c.error);
                if !c.diagnostic.is_empty() {
                    s.push_str(" — ");
                    s.push_str(&c.diagnostic);
                }
                s
            }),
        }
    }
}

#[cfg(test)]
mod summary_tests {
    use super::*;
    use serde_json::json;

    fn call(method: &str, error: &str) -> Call {
        Call {
            method: method.into(),
            args: vec![json!("cmi.core.lesson_status"), json!("done")],
            result: "false".into(),
            error: error.into(),
            diagnostic: if error == "0" {
                String::new()
            } else {
                "not a vocabulary value".into()
            },
            t_ms: 1,
        }
    }

    #[test]
    fn counts_calls_and_errors_and_compares_with_the_expectation() {
        let mut r = Record {
            expected: Some(json!({"lesson_status": "passed"})),
            reached: Some(json!({"lesson_status": "incomplete", "score": 40})),
            ..Record::default()
        };
        r.attempts.push(Attempt {
            number: 1,
            sessions: vec![Session {
                calls: vec![
                    call("LMSInitialize", "0"),
                    call("LMSSetValue", "405"),
                    call("LMSGetValue", ""),
                ],
                ..Session::default()
            }],
            cmi: Map::new(),
        });
        let s = r.summary();
        assert_eq!((s.attempts, s.sessions, s.calls, s.errors), (1, 1, 3, 1));
        assert_eq!(s.matches, Some(false));
        assert_eq!(s.reached[1], ("score".to_owned(), "40".to_owned()));
        assert_eq!(
            s.last_error.as_deref(),
            Some(
                "LMSSetValue(\"cmi.core.lesson_status\", \"done\"): error 405 — not a vocabulary value"
            )
        );
        r.reached = Some(json!({"lesson_status": "passed"}));
        assert_eq!(r.summary().matches, Some(true));
        r.expected = None;
        assert_eq!(r.summary().matches, None);
    }
}
