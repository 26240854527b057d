//! Wall-clock times: RFC 3339 UTC timestamps for audit lines, reports and journals (the civil
//! date arithmetic is the `time` crate's).

use std::time::{SystemTime, UNIX_EPOCH};

/// `2026-11-22T07:36:49.123Z` (always milliseconds, always `Z`: audit lines sort as text).
pub fn rfc3339(t: SystemTime) -> String {
    let d = time::OffsetDateTime::from(t);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        d.year(),
        u8::from(d.month()),
        d.day(),
        d.hour(),
        d.minute(),
        d.second(),
        d.millisecond()
    )
}

pub fn now_rfc3339() -> String {
    rfc3339(SystemTime::now())
}

pub fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn known_instants() {
        assert_eq!(rfc3339(UNIX_EPOCH), "1970-01-01T00:00:00.000Z");
        let t = UNIX_EPOCH + Duration::from_millis(1_795_333_009_123);
        assert_eq!(rfc3339(t), "2026-11-22T07:36:49.123Z");
        // leap day
        let t = UNIX_EPOCH + Duration::from_secs(951_782_400);
        assert_eq!(rfc3339(t), "2000-02-29T00:00:00.000Z");
    }
}
