//! `xorriso`: builds the NoCloud seed ISO (ISO 9660 + Joliet + Rock Ridge) reproducibly.

use std::path::Path;

use crate::exec::Cmd;

/// `YYYYMMDDhhmmsscc` (UTC) for xorriso's fixed-date options.
pub fn iso_date(epoch: u64) -> String {
    let days = (epoch / 86_400) as i64;
    let secs = epoch % 86_400;
    // Civil-from-days (Howard Hinnant's algorithm), proleptic Gregorian, UTC.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}{m:02}{d:02}{:02}{:02}{:02}00",
        secs / 3600,
        (secs / 60) % 60,
        secs % 60
    )
}

/// `xorriso -as mkisofs -V LABEL -J -r` over `dir` into `out`, with every timestamp and the
/// volume UUID fixed to `epoch` and rational Rock Ridge owners/modes (uid 0, no write bits),
/// so the same files always give the same bytes.
pub fn build_iso(dir: &Path, out: &Path, label: &str, epoch: u64) -> Cmd {
    let date = iso_date(epoch);
    Cmd::new("xorriso")
        .env("SOURCE_DATE_EPOCH", epoch.to_string())
        .args(["-no_rc", "-as", "mkisofs", "-quiet", "-o"])
        .arg(out)
        .args(["-V", label, "-J", "-r", "-input-charset", "utf-8"])
        .arg(format!("--modification-date={date}"))
        .args(["--set_all_file_dates", &date])
        .arg(dir)
        .timeout_secs(120)
        .what("xorriso building the seed ISO")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(iso_date(0), "1970010100000000");
        assert_eq!(iso_date(1_700_000_000), "2023111422132000");
        assert_eq!(iso_date(951_782_400), "2000022900000000");
    }
}
