//! The pool growth history behind `cephctl pool capacity`'s fill projection: a small JSON file of
//! samples (unix time, per pool stored bytes and max available), appended by
//! `cephctl pool capacity --record` (run hourly by debvisor-ceph-health.timer) and capped.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// File name under `[general] state_dir`.
pub const FILE_NAME: &str = "ceph-pool-history.json";

/// The projection needs samples spanning at least this long (shorter spans are noise).
pub const MIN_SPAN_SECS: u64 = 3600;

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct History {
    pub version: u32,
    pub samples: Vec<Sample>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct Sample {
    /// Unix time (seconds).
    pub t: u64,
    /// Pool name → stored bytes.
    pub stored: BTreeMap<String, u64>,
    /// Pool name → max available bytes.
    pub max_avail: BTreeMap<String, u64>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Projection {
    /// Least-squares growth of stored bytes per day over the recorded samples.
    pub growth_bytes_per_day: f64,
    /// Days until max_avail is used up at that rate (None when not growing).
    pub days_until_full: Option<f64>,
    pub samples: usize,
    pub span_days: f64,
}

impl History {
    /// Parses the history file; a corrupt file yields an empty history (it is only a cache of
    /// measurements) rather than an error.
    pub fn parse(text: &str) -> History {
        serde_json::from_str(text).unwrap_or_default()
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".into()) + "\n"
    }

    /// Appends a sample (pool → (stored, max_avail)), keeping samples sorted by time and at
    /// most `max_samples` of them.
    pub fn push(&mut self, t: u64, pools: BTreeMap<String, (u64, u64)>, max_samples: usize) {
        self.version = 1;
        let mut s = Sample {
            t,
            ..Default::default()
        };
        for (name, (stored, avail)) in pools {
            s.stored.insert(name.clone(), stored);
            s.max_avail.insert(name, avail);
        }
        self.samples.push(s);
        self.samples.sort_by_key(|s| s.t);
        let max = max_samples.max(2);
        if self.samples.len() > max {
            let drop = self.samples.len() - max;
            self.samples.drain(..drop);
        }
    }

    /// Linear fit of the pool's stored bytes over time, including the current value at the
    /// time of the newest sample if it is not already recorded.
    pub fn projection(
        &self,
        pool: &str,
        _stored_now: u64,
        max_avail_now: u64,
    ) -> Option<Projection> {
        let pts: Vec<(f64, f64)> = self
            .samples
            .iter()
            .filter_map(|s| s.stored.get(pool).map(|v| (s.t as f64, *v as f64)))
            .collect();
        if pts.len() < 2 {
            return None;
        }
        let span = pts.last()?.0 - pts.first()?.0;
        if span < MIN_SPAN_SECS as f64 {
            return None;
        }
        let n = pts.len() as f64;
        let mx = pts.iter().map(|p| p.0).sum::<f64>() / n;
        let my = pts.iter().map(|p| p.1).sum::<f64>() / n;
        let sxx: f64 = pts.iter().map(|p| (p.0 - mx).powi(2)).sum();
        let sxy: f64 = pts.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
        if sxx <= 0.0 || !sxy.is_finite() {
            return None;
        }
        let per_day = sxy / sxx * 86_400.0;
        let days = if per_day > 0.0 {
            Some(((max_avail_now as f64 / per_day) * 10.0).round() / 10.0)
        } else {
            None
        };
        Some(Projection {
            growth_bytes_per_day: per_day.round(),
            days_until_full: days,
            samples: pts.len(),
            span_days: (span / 86_400.0 * 100.0).round() / 100.0,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caps_sorts_and_projects() {
        let mut h = History::default();
        for i in 0..10u64 {
            h.push(
                i * 86_400,
                [("p".to_string(), (1000 * i, 10_000))].into(),
                5,
            );
        }
        assert_eq!(h.samples.len(), 5);
        assert_eq!(h.samples[0].t, 5 * 86_400);
        let p = h.projection("p", 9000, 10_000).unwrap();
        assert_eq!(p.growth_bytes_per_day, 1000.0);
        assert_eq!(p.days_until_full, Some(10.0));
        assert!(h.projection("other", 0, 0).is_none());
        let back = History::parse(&h.to_json());
        assert_eq!(back, h);
        assert_eq!(History::parse("garbage"), History::default());
    }

    #[test]
    fn no_projection_from_a_short_span_or_shrinking_pool() {
        let mut h = History::default();
        h.push(0, [("p".to_string(), (10, 1))].into(), 10);
        h.push(60, [("p".to_string(), (20, 1))].into(), 10);
        assert!(h.projection("p", 20, 1).is_none());
        h.push(86_400, [("p".to_string(), (5, 1))].into(), 10);
        let p = h.projection("p", 5, 1).unwrap();
        assert!(p.growth_bytes_per_day < 0.0);
        assert_eq!(p.days_until_full, None);
    }
}
