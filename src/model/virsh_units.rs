//! Units for migration options: bandwidths with explicit units, normalised once to libvirt's
//! MiB/s; durations ("30s", "500ms", "2m"); bandwidth schedules ("5s=100MiB/s,20s=1GiB/s").

/// Parses a bandwidth with an explicit unit and returns libvirt's unit, MiB/s (rounded up, at
/// least 1: libvirt's 0 means "unlimited", which a user asking for a small rate never means).
///
/// Accepted units (case-sensitive where it matters: `b` = bits, `B` = bytes):
/// `KiB/s MiB/s GiB/s` (binary bytes), `kB/s MB/s GB/s` (decimal bytes),
/// `kbit/s Mbit/s Gbit/s`, `kbps Mbps Gbps` (decimal bits). `unlimited` → 0.
pub fn parse_bandwidth_mib(s: &str) -> Result<u64, String> {
    let s = s.trim();
    if s.eq_ignore_ascii_case("unlimited") {
        return Ok(0);
    }
    let i = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .ok_or_else(|| {
            format!("bandwidth `{s}` has no unit (use e.g. 100MiB/s, 800Mbit/s, 1Gbps)")
        })?;
    let num: f64 = s[..i]
        .parse()
        .map_err(|_| format!("bandwidth `{s}`: not a number"))?;
    let unit = s[i..].trim();
    let bytes_per_s: f64 = match unit {
        "B/s" => 1.0,
        "KiB/s" => 1024.0,
        "MiB/s" => 1024.0 * 1024.0,
        "GiB/s" => 1024.0 * 1024.0 * 1024.0,
        "kB/s" | "KB/s" => 1e3,
        "MB/s" => 1e6,
        "GB/s" => 1e9,
        "bit/s" | "bps" => 1.0 / 8.0,
        "kbit/s" | "Kbit/s" | "kbps" | "Kbps" => 1e3 / 8.0,
        "Mbit/s" | "Mbps" => 1e6 / 8.0,
        "Gbit/s" | "Gbps" => 1e9 / 8.0,
        _ => {
            return Err(format!(
                "bandwidth `{s}`: unknown unit `{unit}` (use MiB/s, GiB/s, MB/s, Mbit/s, Gbit/s, Mbps, …)"
            ))
        }
    };
    let mib = num * bytes_per_s / (1024.0 * 1024.0);
    if !mib.is_finite() || mib <= 0.0 {
        return Err(format!("bandwidth `{s}` must be positive"));
    }
    if mib > 1e9 {
        return Err(format!("bandwidth `{s}` is implausibly large"));
    }
    Ok((mib.ceil() as u64).max(1))
}

/// "30s", "500ms", "2m", "1h", "90" (seconds).
pub fn parse_duration(s: &str) -> Result<std::time::Duration, String> {
    let s = s.trim();
    let i = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(s.len());
    let n: f64 = s[..i]
        .parse()
        .map_err(|_| format!("duration `{s}`: not a number (use e.g. 30s, 500ms, 2m)"))?;
    let mult = match s[i..].trim() {
        "" | "s" | "sec" => 1.0,
        "ms" => 0.001,
        "m" | "min" => 60.0,
        "h" => 3600.0,
        u => return Err(format!("duration `{s}`: unknown unit `{u}` (ms, s, m, h)")),
    };
    let secs = n * mult;
    if !secs.is_finite() || !(0.0..=1e7).contains(&secs) {
        return Err(format!("duration `{s}` out of range"));
    }
    Ok(std::time::Duration::from_secs_f64(secs))
}

/// A bandwidth change at a time after the migration started.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduleStep {
    pub after: std::time::Duration,
    /// MiB/s; 0 = unlimited.
    pub mib_per_s: u64,
}

/// "5s=100MiB/s,20s=unlimited" → steps sorted by time.
pub fn parse_schedule(s: &str) -> Result<Vec<ScheduleStep>, String> {
    let mut v = Vec::new();
    for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (t, bw) = part
            .split_once('=')
            .ok_or_else(|| format!("schedule step `{part}`: expected TIME=BANDWIDTH"))?;
        v.push(ScheduleStep {
            after: parse_duration(t)?,
            mib_per_s: parse_bandwidth_mib(bw)?,
        });
    }
    if v.is_empty() {
        return Err("empty bandwidth schedule".into());
    }
    v.sort_by_key(|s| s.after);
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn bandwidth_units_normalise_to_mib() {
        assert_eq!(parse_bandwidth_mib("100MiB/s"), Ok(100));
        assert_eq!(parse_bandwidth_mib("1GiB/s"), Ok(1024));
        assert_eq!(parse_bandwidth_mib("800Mbit/s"), Ok(96)); // 95.37 → 96
        assert_eq!(parse_bandwidth_mib("1 Gbps"), Ok(120)); // 119.2 → 120
        assert_eq!(parse_bandwidth_mib("100MB/s"), Ok(96));
        assert_eq!(parse_bandwidth_mib("512KiB/s"), Ok(1));
        assert_eq!(parse_bandwidth_mib("unlimited"), Ok(0));
        assert!(parse_bandwidth_mib("100").unwrap_err().contains("no unit"));
        assert!(parse_bandwidth_mib("100Mb").is_err());
        assert!(parse_bandwidth_mib("0MiB/s").is_err());
    }

    #[test]
    fn durations_and_schedules() {
        assert_eq!(parse_duration("30s"), Ok(Duration::from_secs(30)));
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
        assert_eq!(parse_duration("7"), Ok(Duration::from_secs(7)));
        assert!(parse_duration("x").is_err());
        let s = parse_schedule("20s=unlimited, 5s=100MiB/s").unwrap();
        assert_eq!(s[0].after, Duration::from_secs(5));
        assert_eq!(s[0].mib_per_s, 100);
        assert_eq!(s[1].mib_per_s, 0);
        assert!(parse_schedule("5s").is_err());
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "(?s).{0,40}") {
            let _ = parse_bandwidth_mib(&s);
            let _ = parse_duration(&s);
            let _ = parse_schedule(&s);
        }
    }
}
