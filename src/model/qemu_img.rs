//! Pure logic for vm-convert: disk image magic detection, `qemu-img` output parsing (progress,
//! `info --output=json`), the chunk plan and journal of a resumable conversion, the integrity
//! manifest, and `--image-opts` strings. No I/O; parsers never panic on odd input.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// Image formats vm-convert reads and writes.
pub const FORMATS: [&str; 6] = ["qcow2", "raw", "vmdk", "vdi", "vhdx", "vpc"];

/// Guesses a format from the first 4 KiB of a file, from magic numbers only (never by asking
/// qemu to probe). Anything unrecognised is raw. The guess is then *pinned* (`-f FMT`), so a raw
/// disk whose guest wrote a qcow2 header stays raw only when the caller says `--from raw`; a
/// file that looks like an image header is opened as that format, and its backing references
/// are checked before any data is read.
pub fn sniff_format(head: &[u8]) -> &'static str {
    if head.starts_with(b"QFI\xfb") {
        "qcow2"
    } else if head.starts_with(b"KDMV") || head.starts_with(b"# Disk DescriptorFile") {
        "vmdk"
    } else if head.starts_with(b"vhdxfile") {
        "vhdx"
    } else if head.starts_with(b"conectix") {
        "vpc"
    } else if head.len() >= 0x44 && head[0x40..0x44] == [0x7f, 0x10, 0xda, 0xbe] {
        "vdi"
    } else {
        "raw"
    }
}

/// One `qemu-img convert -p` progress update, e.g. `"    (12.50/100%)"` → 12.5.
pub fn parse_progress(line: &str) -> Option<f64> {
    let t = line.trim();
    let inner = t.strip_prefix('(')?.strip_suffix(')')?;
    let (pct, rest) = inner.split_once('/')?;
    if rest != "100%" {
        return None;
    }
    let v: f64 = pct.trim().parse().ok()?;
    (0.0..=100.0).contains(&v).then_some(v)
}

/// The parts of `qemu-img info --output=json` vm-convert relies on (unknown fields ignored;
/// qemu 10 adds `children`, 7.2 does not).
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(rename_all = "kebab-case", default)]
pub struct ImageInfo {
    pub filename: String,
    pub format: String,
    pub virtual_size: u64,
    pub actual_size: Option<u64>,
    pub backing_filename: Option<String>,
    pub full_backing_filename: Option<String>,
    pub backing_filename_format: Option<String>,
    pub format_specific: Option<FormatSpecific>,
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(default)]
pub struct FormatSpecific {
    #[serde(rename = "type")]
    pub kind: String,
    pub data: serde_json::Value,
}

impl ImageInfo {
    /// Parses one info document.
    pub fn parse(json: &str) -> Result<ImageInfo, String> {
        serde_json::from_str(json).map_err(|e| format!("unexpected qemu-img info output: {e}"))
    }

    /// Parses `info --backing-chain --output=json` (an array, top image first).
    pub fn parse_chain(json: &str) -> Result<Vec<ImageInfo>, String> {
        serde_json::from_str(json).map_err(|e| format!("unexpected qemu-img info output: {e}"))
    }

    /// The backing file as qemu resolves it (absolute), if any.
    pub fn backing(&self) -> Option<&str> {
        self.full_backing_filename
            .as_deref()
            .or(self.backing_filename.as_deref())
    }

    /// Files other than the image itself that opening it reads: the backing file and vmdk
    /// extents (a vmdk descriptor may name any host file as an extent).
    pub fn referenced_files(&self) -> Vec<String> {
        let mut v: Vec<String> = self.backing().map(str::to_string).into_iter().collect();
        if let Some(fs) = &self.format_specific {
            if let Some(ext) = fs.data.get("extents").and_then(|e| e.as_array()) {
                for e in ext {
                    if let Some(f) = e.get("filename").and_then(|f| f.as_str()) {
                        if f != self.filename {
                            v.push(f.to_string());
                        }
                    }
                }
            }
        }
        v
    }

    pub fn compression_type(&self) -> Option<&str> {
        self.format_specific
            .as_ref()
            .and_then(|f| f.data.get("compression-type"))
            .and_then(|c| c.as_str())
    }
}

/// Whether `file` (absolute, normalised) lies inside one of `dirs`.
pub fn inside_any(file: &Path, dirs: &[PathBuf]) -> bool {
    dirs.iter().any(|d| file.starts_with(d))
}

/// `qemu-img measure --output=json`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Measure {
    pub required: u64,
    #[serde(default)]
    pub fully_allocated: u64,
}

impl Measure {
    pub fn parse(json: &str) -> Result<Measure, String> {
        serde_json::from_str(json).map_err(|e| format!("unexpected qemu-img measure output: {e}"))
    }
}

/// Escapes a value for a qemu `key=value,…` option string (a comma is doubled).
pub fn opt_escape(s: &str) -> String {
    s.replace(',', ",,")
}

/// An `--image-opts` string for the window `[offset, offset+len)` of `file` opened as `format`:
/// a `raw` node with offset/size on top of the format node. Writing through it works for every
/// format vm-convert supports (but not compressed writes).
pub fn window_opts(file: &Path, format: &str, offset: u64, len: u64, force_share: bool) -> String {
    let f = opt_escape(&file.to_string_lossy());
    let mut s = format!("driver=raw,offset={offset},size={len},");
    if format == "raw" {
        s.push_str(&format!("file.driver=file,file.filename={f}"));
    } else {
        s.push_str(&format!(
            "file.driver={format},file.file.driver=file,file.file.filename={f}"
        ));
    }
    if force_share {
        s.push_str(",force-share=on,read-only=on");
    }
    s
}

/// Chunk size for a resumable conversion: at least 64 MiB, at most 64 chunks, a multiple of
/// 64 MiB (aligned to every target format's cluster/block size).
pub fn chunk_size(virtual_size: u64) -> u64 {
    const UNIT: u64 = 64 << 20;
    let per = virtual_size.div_ceil(64).max(1);
    per.div_ceil(UNIT).max(1) * UNIT
}

/// The chunks `[offset, len)` covering `size`.
pub fn chunks(size: u64, chunk: u64) -> Vec<(u64, u64)> {
    let mut v = Vec::new();
    let mut off = 0;
    while off < size && chunk > 0 {
        let len = chunk.min(size - off);
        v.push((off, len));
        off += len;
    }
    v
}

/// The progress journal of a resumable conversion, `DST.part.json` beside `DST.part`.
/// A resume is accepted only when everything that decides the bytes written is unchanged.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Journal {
    pub version: u32,
    pub source: String,
    pub source_format: String,
    pub source_size: u64,
    pub source_mtime_ns: i128,
    pub target_format: String,
    /// Target creation options and conversion flags that change the bytes written.
    pub options: Vec<String>,
    pub virtual_size: u64,
    pub chunk_size: u64,
    /// Chunks written completely, in order (their data is in the file, possibly only in the
    /// page cache: valid after a kill, not after a reboot).
    pub chunks_done: u64,
    /// Chunks whose data was also fsynced: what survives a reboot.
    #[serde(default)]
    pub chunks_synced: u64,
    /// The kernel boot id when `chunks_done` was recorded.
    #[serde(default)]
    pub boot_id: String,
    /// `chunks` (one qemu-img per chunk) or `stream` (one qemu-img for the whole image, in-order
    /// writes; resumed from the written high-water mark).
    #[serde(default)]
    pub mode: String,
    /// Stream mode: bytes below this offset were written AND fsynced (survive a reboot).
    #[serde(default)]
    pub synced_bytes: u64,
}

impl Journal {
    pub fn same_job(&self, other: &Journal) -> bool {
        let strip = |j: &Journal| Journal {
            chunks_done: 0,
            chunks_synced: 0,
            synced_bytes: 0,
            boot_id: String::new(),
            ..j.clone()
        };
        strip(self) == strip(other)
    }

    /// Where a resume may start: every chunk that was written, unless the machine rebooted
    /// since (unflushed page-cache data may then be lost): then only the synced ones.
    pub fn resume_point(&self, boot_id: &str) -> u64 {
        if !self.boot_id.is_empty() && self.boot_id == boot_id {
            self.chunks_done
        } else {
            self.chunks_synced.min(self.chunks_done)
        }
    }
}

/// Bytes re-converted below the written high-water mark on a resume: covers the one write that
/// may have been in flight when the previous run died (qemu-img writes at most a few MiB per
/// request), so a torn write is always redone.
pub const RESUME_MARGIN: u64 = 16 << 20;

/// Where a stream-mode conversion resumes. `high_water` is the end of the last written data
/// in the partial image (see [`high_water`]): trusted only within the same boot (after a kill,
/// the page cache still holds every completed write) and only below the virtual size (a file
/// system without hole reporting shows everything as data). Otherwise the last fsynced
/// checkpoint counts. Minus [`RESUME_MARGIN`], aligned down to 1 MiB.
pub fn stream_resume_offset(j: &Journal, boot_id: &str, high_water: Option<u64>) -> u64 {
    let same_boot = !j.boot_id.is_empty() && j.boot_id == boot_id;
    let trusted = match high_water {
        Some(h) if same_boot && h < j.virtual_size => h.max(j.synced_bytes),
        _ => j.synced_bytes,
    };
    (trusted.saturating_sub(RESUME_MARGIN) & !((1 << 20) - 1)).min(j.virtual_size)
}

#[derive(Deserialize)]
struct MapExtent {
    start: u64,
    length: u64,
    #[serde(default)]
    data: bool,
    #[serde(default)]
    zero: bool,
    #[serde(default)]
    present: bool,
}

/// The end of the last extent holding written data in `qemu-img map --output=json` output
/// (guest offsets); 0 when nothing was written, None when the output cannot be read, and None
/// when some extent is not mapped (`present: false`): a qcow2 whose metadata preallocation was
/// cut short, where a later run's allocations may have been lost with its process, so the
/// high-water mark proves nothing (the caller starts over).
pub fn high_water(map_json: &str) -> Option<u64> {
    let extents: Vec<MapExtent> = serde_json::from_str(map_json).ok()?;
    if extents.iter().any(|e| !e.present) {
        return None;
    }
    Some(
        extents
            .iter()
            .filter(|e| e.data && !e.zero)
            .map(|e| e.start.saturating_add(e.length))
            .max()
            .unwrap_or(0),
    )
}

/// The integrity manifest written beside a verified output: `DST.manifest.json`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Manifest {
    pub version: u32,
    /// File name of the image (relative to the manifest's directory).
    pub image: String,
    pub format: String,
    pub virtual_size: u64,
    /// BLAKE3 of the guest-visible bytes (the disk as raw, `virtual_size` bytes): the same for
    /// the same disk in any format, and equal to `b3sum` of `qemu-img convert -O raw`
    /// (version 2; BLAKE3 hashes ~4x faster than SHA-256 here, so hashing hides behind the
    /// comparison's reads).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guest_blake3: Option<String>,
    /// SHA-256 of the guest-visible bytes (version 1 manifests; still checked).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guest_sha256: Option<String>,
    pub source: String,
    pub source_format: String,
    pub created: String,
    pub tool: String,
}

pub fn manifest_path(dst: &Path) -> PathBuf {
    let mut s = dst.as_os_str().to_owned();
    s.push(".manifest.json");
    PathBuf::from(s)
}

pub fn part_path(dst: &Path) -> PathBuf {
    let mut s = dst.as_os_str().to_owned();
    s.push(".part");
    PathBuf::from(s)
}

pub fn journal_path(dst: &Path) -> PathBuf {
    let mut s = dst.as_os_str().to_owned();
    s.push(".part.json");
    PathBuf::from(s)
}

/// Lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Result of `qemu-img compare` from its exit status (0 identical, 1 differ, else error).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CompareResult {
    Identical,
    Differ(String),
    Error(String),
}

pub fn compare_result(code: Option<i32>, stdout: &str, stderr: &str) -> CompareResult {
    match code {
        Some(0) => CompareResult::Identical,
        Some(1) => CompareResult::Differ(stdout.trim().to_string()),
        _ => CompareResult::Error(format!("{} {}", stdout.trim(), stderr.trim())),
    }
}

/// `qemu-img check` exit status: 0 clean, 2 corruption, 3 leaks only, 63 format cannot be
/// checked; 1 means the check itself failed.
pub fn check_status(code: Option<i32>) -> &'static str {
    match code {
        Some(0) => "clean",
        Some(2) => "corrupt",
        Some(3) => "leaks",
        Some(63) => "unsupported",
        _ => "error",
    }
}

/// Whether qemu-img's stderr says the image is locked by another process (a running VM).
pub fn is_lock_error(stderr: &str) -> bool {
    stderr.contains("Failed to get shared \"write\" lock")
        || stderr.contains("Failed to get \"write\" lock")
        || stderr.contains("Failed to get shared \"consistent read\" lock")
}

/// Parses a size or rate such as `512K`, `100M`, `2G` or a plain byte count (binary units).
pub fn parse_size(s: &str) -> Option<u64> {
    let t = s.trim();
    let (num, mult) = match t.char_indices().last()? {
        (i, 'k' | 'K') => (&t[..i], 1u64 << 10),
        (i, 'm' | 'M') => (&t[..i], 1 << 20),
        (i, 'g' | 'G') => (&t[..i], 1 << 30),
        (i, 't' | 'T') => (&t[..i], 1 << 40),
        _ => (t, 1),
    };
    let n: u64 = num.trim().parse().ok()?;
    n.checked_mul(mult).filter(|v| *v > 0)
}

/// A deadline for moving `bytes`: 5 minutes plus the time at `min_rate` bytes/s.
pub fn timeout_for(bytes: u64, min_rate: u64) -> u64 {
    300 + bytes / min_rate.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn magic() {
        assert_eq!(sniff_format(b"QFI\xfb\0\0\0\x03"), "qcow2");
        assert_eq!(sniff_format(b"KDMV...."), "vmdk");
        assert_eq!(sniff_format(b"vhdxfile"), "vhdx");
        assert_eq!(sniff_format(b"conectix"), "vpc");
        let mut vdi = vec![0u8; 0x50];
        vdi[0x40..0x44].copy_from_slice(&[0x7f, 0x10, 0xda, 0xbe]);
        assert_eq!(sniff_format(&vdi), "vdi");
        assert_eq!(sniff_format(b""), "raw");
        assert_eq!(sniff_format(&[0u8; 512]), "raw");
    }

    #[test]
    fn progress_lines() {
        // Recorded from qemu-img 7.2 `convert -p` (stdout, lines ended by \r).
        assert_eq!(parse_progress("    (0.00/100%)"), Some(0.0));
        assert_eq!(parse_progress("    (12.50/100%)"), Some(12.5));
        assert_eq!(parse_progress("    (100.00/100%)"), Some(100.0));
        assert_eq!(parse_progress("Images are identical."), None);
        assert_eq!(parse_progress("(x/100%)"), None);
        assert_eq!(parse_progress("(500/100%)"), None);
    }

    #[test]
    fn info_parsing() {
        // Recorded from `qemu-img info --output=json` (qemu-img 7.2).
        let j = r#"{"virtual-size": 134217728, "filename": "/i/b.qcow2", "cluster-size": 65536,
            "format": "qcow2", "actual-size": 200704, "backing-filename": "base.raw",
            "full-backing-filename": "/i/base.raw", "backing-filename-format": "raw",
            "format-specific": {"type": "qcow2", "data": {"compat": "1.1",
            "compression-type": "zlib", "lazy-refcounts": false}}, "dirty-flag": false}"#;
        let i = ImageInfo::parse(j).unwrap();
        assert_eq!(i.format, "qcow2");
        assert_eq!(i.virtual_size, 134217728);
        assert_eq!(i.backing(), Some("/i/base.raw"));
        assert_eq!(i.compression_type(), Some("zlib"));
        assert_eq!(i.referenced_files(), vec!["/i/base.raw".to_string()]);
        let vmdk = r#"{"virtual-size": 1, "filename": "/i/d.vmdk", "format": "vmdk",
            "format-specific": {"type": "vmdk", "data": {"extents": [
            {"filename": "/etc/shadow", "format": "FLAT"}]}}}"#;
        assert_eq!(
            ImageInfo::parse(vmdk).unwrap().referenced_files(),
            vec!["/etc/shadow".to_string()]
        );
        assert!(ImageInfo::parse("not json").is_err());
    }

    #[test]
    fn chunk_plan() {
        assert_eq!(chunk_size(1 << 30), 64 << 20);
        assert_eq!(chunk_size(1), 64 << 20);
        assert_eq!(chunk_size(100 << 30), 1600 << 20);
        let c = chunks(130 << 20, 64 << 20);
        assert_eq!(
            c,
            vec![(0, 64 << 20), (64 << 20, 64 << 20), (128 << 20, 2 << 20)]
        );
        assert!(chunks(0, 64).is_empty());
    }

    #[test]
    fn resume_point_after_kill_or_reboot() {
        let j = Journal {
            version: 1,
            source: "/a".into(),
            source_format: "raw".into(),
            source_size: 1,
            source_mtime_ns: 1,
            target_format: "qcow2".into(),
            options: vec![],
            virtual_size: 1,
            chunk_size: 1,
            chunks_done: 7,
            chunks_synced: 4,
            boot_id: "b1".into(),
            mode: String::new(),
            synced_bytes: 0,
        };
        assert_eq!(j.resume_point("b1"), 7);
        assert_eq!(j.resume_point("b2"), 4);
        let other = Journal {
            chunks_done: 0,
            chunks_synced: 0,
            boot_id: "x".into(),
            ..j.clone()
        };
        assert!(j.same_job(&other));
        assert!(!j.same_job(&Journal {
            source_size: 2,
            ..j.clone()
        }));
    }

    #[test]
    fn stream_resume_from_high_water_or_checkpoint() {
        let j = Journal {
            version: 1,
            source: "/a".into(),
            source_format: "raw".into(),
            source_size: 1 << 30,
            source_mtime_ns: 1,
            target_format: "qcow2".into(),
            options: vec![],
            virtual_size: 1 << 30,
            chunk_size: 0,
            chunks_done: 0,
            chunks_synced: 0,
            boot_id: "b1".into(),
            mode: "stream".into(),
            synced_bytes: 100 << 20,
        };
        // Same boot: the high-water mark minus the margin, aligned to 1 MiB.
        let hw = (500 << 20) + 12345;
        assert_eq!(stream_resume_offset(&j, "b1", Some(hw)), 484 << 20);
        // Rebooted: only the fsynced checkpoint.
        assert_eq!(stream_resume_offset(&j, "b2", Some(hw)), 84 << 20);
        // No readable map, or a file system that reports everything as data.
        assert_eq!(stream_resume_offset(&j, "b1", None), 84 << 20);
        assert_eq!(stream_resume_offset(&j, "b1", Some(1 << 30)), 84 << 20);
        // Nothing trusted: from the start.
        let fresh = Journal {
            synced_bytes: 0,
            ..j.clone()
        };
        assert_eq!(stream_resume_offset(&fresh, "b2", Some(hw)), 0);
        assert_eq!(stream_resume_offset(&fresh, "b1", Some(1 << 20)), 0);
        assert!(j.same_job(&Journal {
            synced_bytes: 7,
            ..j.clone()
        }));
        assert!(!j.same_job(&Journal {
            mode: "chunks".into(),
            ..j.clone()
        }));
    }

    #[test]
    fn high_water_of_recorded_map_output() {
        // Recorded from qemu-img 7.2 `map --output=json` of a qcow2 with preallocated metadata
        // whose conversion was killed at about 500 MiB.
        let m = r#"[{ "start": 0, "length": 524288000, "depth": 0, "present": true, "zero": false, "data": true, "offset": 327680},
{ "start": 524288000, "length": 12582912, "depth": 0, "present": true, "zero": true, "data": true, "offset": 524615680},
{ "start": 536870912, "length": 536870912, "depth": 0, "present": true, "zero": true, "data": true, "offset": 537264128}]"#;
        assert_eq!(high_water(m), Some(524288000));
        // Recorded: a fresh preallocated qcow2 (nothing written) and a sparse raw file.
        assert_eq!(
            high_water(
                r#"[{ "start": 0, "length": 67108864, "depth": 0, "present": true, "zero": true, "data": true, "offset": 327680}]"#
            ),
            Some(0)
        );
        let raw = r#"[{ "start": 0, "length": 8388608, "depth": 0, "present": true, "zero": true, "data": false, "offset": 0},
{ "start": 8388608, "length": 4194304, "depth": 0, "present": true, "zero": false, "data": true, "offset": 8388608},
{ "start": 12582912, "length": 54525952, "depth": 0, "present": true, "zero": true, "data": false, "offset": 12582912}]"#;
        assert_eq!(high_water(raw), Some(12582912));
        // Unmapped clusters (preallocation cut short): no trustworthy mark.
        assert_eq!(
            high_water(
                r#"[{ "start": 0, "length": 1073741824, "depth": 0, "present": false, "zero": true, "data": false}]"#
            ),
            None
        );
        assert_eq!(high_water("[]"), Some(0));
        assert_eq!(high_water("not json"), None);
        assert_eq!(
            high_water(
                r#"[{"start": 18446744073709551615, "length": 5, "data": true, "present": true}]"#
            ),
            Some(u64::MAX)
        );
    }

    #[test]
    fn window_strings() {
        let s = window_opts(Path::new("/a,b/x.qcow2"), "qcow2", 0, 10, false);
        assert_eq!(
            s,
            "driver=raw,offset=0,size=10,file.driver=qcow2,file.file.driver=file,file.file.filename=/a,,b/x.qcow2"
        );
        assert!(window_opts(Path::new("/x"), "raw", 5, 6, true)
            .ends_with("force-share=on,read-only=on"));
    }

    #[test]
    fn compare_and_check_codes() {
        assert_eq!(compare_result(Some(0), "", ""), CompareResult::Identical);
        assert!(matches!(
            compare_result(Some(1), "Content mismatch at offset 512!", ""),
            CompareResult::Differ(_)
        ));
        assert!(matches!(
            compare_result(Some(2), "", "x"),
            CompareResult::Error(_)
        ));
        assert_eq!(check_status(Some(63)), "unsupported");
        assert!(is_lock_error(
            "qemu-img: Could not open 'x': Failed to get shared \"write\" lock\nIs another process using the image [x]?"
        ));
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_size("100M"), Some(100 << 20));
        assert_eq!(parse_size("4096"), Some(4096));
        assert_eq!(parse_size("1g"), Some(1 << 30));
        assert_eq!(parse_size("0"), None);
        assert_eq!(parse_size("x"), None);
        assert_eq!(parse_size(""), None);
    }

    proptest! {
        #[test]
        fn parsers_never_panic(s in ".{0,200}", b in proptest::collection::vec(any::<u8>(), 0..200)) {
            let _ = parse_progress(&s);
            let _ = ImageInfo::parse(&s);
            let _ = ImageInfo::parse_chain(&s);
            let _ = Measure::parse(&s);
            let _ = sniff_format(&b);
            let _ = parse_size(&s);
        }
    }
}
