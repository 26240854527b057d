//! Ctrl-C / SIGTERM while a child runs: children live in their own process group (so a timeout
//! can kill the whole group), which means the terminal's SIGINT no longer reaches them. We catch
//! the signal, kill the child's group ourselves, and report the interruption.

use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::sync::Once;

use nix::sys::signal::{sigaction, SaFlags, SigAction, SigHandler, SigSet, Signal};

static INTERRUPTED: AtomicI32 = AtomicI32::new(0);
static INSTALLED: Once = Once::new();
static ACTIVE: AtomicBool = AtomicBool::new(false);

extern "C" fn on_signal(sig: i32) {
    INTERRUPTED.store(sig, Ordering::SeqCst);
}

/// Installs the handlers (once, lazily: start-up stays free of work).
pub fn install() {
    INSTALLED.call_once(|| {
        let act = SigAction::new(
            SigHandler::Handler(on_signal),
            SaFlags::SA_RESTART,
            SigSet::empty(),
        );
        for s in [Signal::SIGINT, Signal::SIGTERM, Signal::SIGHUP] {
            // SAFETY: the handler only stores into an atomic, which is async-signal-safe.
            unsafe {
                let _ = sigaction(s, &act);
            }
        }
        ACTIVE.store(true, Ordering::SeqCst);
    });
}

/// The signal received since start, if any.
pub fn pending() -> Option<i32> {
    match INTERRUPTED.load(Ordering::SeqCst) {
        0 => None,
        s => Some(s),
    }
}
