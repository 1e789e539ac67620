//! Injected time, so history records and snapshots are reproducible in tests.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

pub trait Clock: Send + Sync {
    fn now(&self) -> SystemTime;
}

pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}

/// Always the same instant (seconds since the epoch).
pub struct FixedClock(pub u64);

impl Clock for FixedClock {
    fn now(&self) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(self.0)
    }
}

/// `2026-11-25 10:01` in UTC.
pub fn format_utc_minutes(t: SystemTime) -> String {
    let s = humantime::format_rfc3339_seconds(t).to_string();
    // "2026-11-25T10:01:02Z" → "2026-11-25 10:01"
    s.get(..16).map(|x| x.replace('T', " ")).unwrap_or(s)
}
