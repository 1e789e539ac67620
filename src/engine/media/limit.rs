//! A small counting semaphore. Media jobs run on many threads; these bound how many decoded
//! pixels and how many ffmpeg processes exist at once, so peak memory and CPU oversubscription
//! stay bounded whatever the core count (rayon/threads alone would start one job per core).

use std::sync::{Condvar, Mutex, PoisonError};

pub struct Budget {
    capacity: u64,
    used: Mutex<u64>,
    freed: Condvar,
}

pub struct Permit<'a> {
    budget: &'a Budget,
    amount: u64,
}

impl Budget {
    pub const fn new(capacity: u64) -> Self {
        Self {
            capacity,
            used: Mutex::new(0),
            freed: Condvar::new(),
        }
    }

    /// Waits until `amount` fits. A request larger than the whole budget is clamped to it, so it
    /// still runs (alone) instead of waiting forever.
    pub fn acquire(&self, amount: u64) -> Permit<'_> {
        let amount = amount.clamp(1, self.capacity.max(1));
        // A poisoned lock only means another job panicked while holding it; the count is
        // still consistent because it is updated in one statement.
        let mut used = self.used.lock().unwrap_or_else(PoisonError::into_inner);
        while *used + amount > self.capacity.max(1) {
            used = self
                .freed
                .wait(used)
                .unwrap_or_else(PoisonError::into_inner);
        }
        *used += amount;
        Permit {
            budget: self,
            amount,
        }
    }
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        let mut used = self
            .budget
            .used
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        *used = used.saturating_sub(self.amount);
        self.budget.freed.notify_all();
    }
}
