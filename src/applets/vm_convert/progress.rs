//! Progress of a conversion or verification pass: an indicatif bar on a terminal, JSON
//! `progress` events (at most one per percent) with `--json`, nothing otherwise.

use serde::Serialize;

use crate::context::Ctx;
use crate::output;

#[derive(Serialize)]
struct ProgressEvent<'a> {
    event: &'static str,
    phase: &'a str,
    percent: f64,
    done_bytes: u64,
    total_bytes: u64,
}

/// Progress: an indicatif bar on a terminal, JSON events with --json, nothing otherwise.
pub(super) struct Progress {
    bar: Option<indicatif::ProgressBar>,
    json: bool,
    phase: &'static str,
    total: u64,
    last_pct: f64,
}

impl Progress {
    pub(super) fn new(ctx: &Ctx, phase: &'static str, total: u64) -> Self {
        let bar = ctx.progress_allowed().then(|| {
            let b = indicatif::ProgressBar::new(total);
            b.set_style(
                indicatif::ProgressStyle::with_template(
                    "{msg:8} [{bar:30}] {bytes}/{total_bytes} {binary_bytes_per_sec} ETA {eta}",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
                .progress_chars("=> "),
            );
            b.set_message(phase);
            b
        });
        Progress {
            bar,
            json: ctx.json(),
            phase,
            total,
            last_pct: -1.0,
        }
    }

    pub(super) fn set(&mut self, done: u64) {
        let done = done.min(self.total);
        if let Some(b) = &self.bar {
            b.set_position(done);
        }
        if self.json {
            let pct = if self.total == 0 {
                100.0
            } else {
                (done as f64 * 10000.0 / self.total as f64).round() / 100.0
            };
            if pct >= self.last_pct + 1.0 || (pct >= 100.0 && self.last_pct < 100.0) {
                self.last_pct = pct;
                let _ = output::print_json(&ProgressEvent {
                    event: "progress",
                    phase: self.phase,
                    percent: pct,
                    done_bytes: done,
                    total_bytes: self.total,
                });
            }
        }
    }

    /// Stops drawing without claiming completion (after an error).
    pub(super) fn abandon(&mut self) {
        if let Some(b) = self.bar.take() {
            b.abandon();
        }
    }

    pub(super) fn finish(&mut self) {
        self.set(self.total);
        if let Some(b) = self.bar.take() {
            b.finish_and_clear();
        }
    }
}
