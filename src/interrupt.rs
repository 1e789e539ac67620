//! Ctrl+C (SIGINT) and SIGTERM for the command line: instead of dying mid-write, the process
//! raises one flag that an export's cancel check and `try`'s serving loop both read. The export
//! then stops at its next step, removes its temporary file and leaves any existing package as it
//! was; `try` writes its record and exits 0.
//!
//! Only the flag is set inside the handler (an atomic store is async-signal-safe). A second
//! Ctrl+C while the first is being honoured ends the process at once, as users expect.

use std::sync::atomic::{AtomicBool, Ordering};

static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// The flag Ctrl+C raises. Install the handler first with [`install`].
pub fn flag() -> &'static AtomicBool {
    &INTERRUPTED
}

/// Whether Ctrl+C (or SIGTERM) was received since the start.
pub fn requested() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

// The crate denies `unsafe_code`; installing a signal handler needs it (the other place is
// ffmpeg's parent-death signal in engine/media/ffmpeg.rs).
#[cfg(unix)]
#[allow(unsafe_code)]
extern "C" fn on_signal(_sig: libc::c_int) {
    if INTERRUPTED.swap(true, Ordering::SeqCst) {
        // The second interrupt: the user insists. `_exit` is async-signal-safe.
        // SAFETY: `_exit` takes no pointers and never returns.
        unsafe { libc::_exit(130) };
    }
}

/// Installs the handler for SIGINT and SIGTERM (once; later calls do nothing harmful).
#[cfg(unix)]
#[allow(unsafe_code)]
pub fn install() {
    for sig in [libc::SIGINT, libc::SIGTERM] {
        // SAFETY: `sigaction` is given a zeroed struct with a plain `extern "C"` handler that
        // only touches an atomic; the old action pointer may be null.
        unsafe {
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = on_signal as *const () as libc::sighandler_t;
            libc::sigemptyset(&mut action.sa_mask);
            // SA_RESTART: a blocking read or accept is resumed, the flag is polled.
            action.sa_flags = libc::SA_RESTART;
            libc::sigaction(sig, &action, std::ptr::null_mut());
        }
    }
}

/// Other platforms keep the default Ctrl+C behaviour: the process ends at once, and an export's
/// temporary `.NAME.*.tmp` file beside the destination may stay (the destination itself is
/// untouched: it is only ever replaced by a rename).
#[cfg(not(unix))]
pub fn install() {}
