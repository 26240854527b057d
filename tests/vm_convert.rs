//! vm-convert against the real qemu-img / qemu-nbd (and a real QEMU process holding a disk
//! lock, as a running VM does). Images are small (tens of MiB) and made of random data.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::Sandbox;

use common::have;

fn need_qemu(test: &str) -> bool {
    if !have("qemu-img") || !have("qemu-nbd") {
        common::skip(
            test,
            "qemu-img/qemu-nbd not installed (apt-get install qemu-utils)",
        );
        return false;
    }
    true
}

/// A raw image: `mib` MiB, the first half random, the rest zero (sparse).
fn random_raw(path: &Path, mib: u64) {
    let mut f = std::fs::File::create(path).unwrap();
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15 ^ mib;
    let mut buf = vec![0u8; 1 << 20];
    for _ in 0..mib / 2 {
        for b in buf.chunks_mut(8) {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            b.copy_from_slice(&state.to_le_bytes()[..b.len()]);
        }
        f.write_all(&buf).unwrap();
    }
    f.set_len(mib << 20).unwrap();
}

fn qemu_img(args: &[&str]) -> std::process::Output {
    Command::new("qemu-img").args(args).output().unwrap()
}

/// `qemu-img info|map --output=json -f FMT FILE`, parsed.
fn qemu_img_json(cmd: &str, fmt: &str, file: &Path) -> serde_json::Value {
    let out = qemu_img(&[cmd, "--output=json", "-f", fmt, file.to_str().unwrap()]);
    assert!(out.status.success(), "qemu-img {cmd}: {out:?}");
    serde_json::from_slice(&out.stdout).unwrap()
}

fn identical(a: &Path, af: &str, b: &Path, bf: &str) -> bool {
    qemu_img(&[
        "compare",
        "-f",
        af,
        "-F",
        bf,
        a.to_str().unwrap(),
        b.to_str().unwrap(),
    ])
    .status
    .success()
}

/// BLAKE3 of a file, computed here (not by the tool).
fn b3_file(p: &Path) -> String {
    let mut h = blake3::Hasher::new();
    h.update(&std::fs::read(p).unwrap());
    h.finalize().to_hex().to_string()
}

/// BLAKE3 of the guest data of `img`, via an independent `qemu-img convert -O raw`.
fn digest_of_raw_conversion(sb: &Sandbox, img: &Path, fmt: &str) -> String {
    let raw = sb.path().join("sha.raw");
    let _ = std::fs::remove_file(&raw);
    assert!(qemu_img(&[
        "convert",
        "-f",
        fmt,
        "-O",
        "raw",
        img.to_str().unwrap(),
        raw.to_str().unwrap()
    ])
    .status
    .success());
    b3_file(&raw)
}

fn last_json(stdout: &[u8]) -> serde_json::Value {
    let s = String::from_utf8_lossy(stdout);
    serde_json::from_str(s.lines().last().unwrap_or("{}")).unwrap()
}

#[test]
fn converts_verifies_and_checks_every_format() {
    if !need_qemu("converts_verifies_and_checks_every_format") {
        return;
    }
    let sb = Sandbox::new();
    let src = sb.path().join("disk.raw");
    random_raw(&src, 48);
    let mut digests = Vec::new();
    for fmt in ["qcow2", "vmdk", "vdi", "vhdx", "vpc", "raw"] {
        let dst = sb.path().join(format!("out.{fmt}"));
        let out = sb
            .cmd_as("debvisor-vm-convert")
            .args([
                "--in",
                src.to_str().unwrap(),
                "--out",
                dst.to_str().unwrap(),
            ])
            .args(["--to", fmt, "--verify", "--json"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{fmt}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let done = last_json(&out.stdout);
        assert_eq!(done["event"], "done");
        assert_eq!(done["changed"], true, "{done}");
        assert_eq!(done["format"], fmt);
        // JSON progress events came first.
        assert!(String::from_utf8_lossy(&out.stdout).contains("\"event\":\"progress\""));
        let info = qemu_img_json("info", fmt, &dst);
        assert_eq!(
            info["virtual-size"],
            48u64 << 20,
            "{fmt}: size kept (vpc force_size)"
        );
        assert!(identical(&src, "raw", &dst, fmt), "{fmt}: content differs");
        assert!(!sb.path().join(format!("out.{fmt}.part")).exists());
        let man: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(sb.path().join(format!("out.{fmt}.manifest.json"))).unwrap(),
        )
        .unwrap();
        assert_eq!(man["version"], 2);
        assert_eq!(man["guest_blake3"], done["guest_blake3"]);
        digests.push(man["guest_blake3"].as_str().unwrap().to_string());
        let chk = sb
            .cmd()
            .args(["vm-convert", "--check", dst.to_str().unwrap(), "--json"])
            .output()
            .unwrap();
        assert!(
            chk.status.success(),
            "{fmt}: check: {}",
            String::from_utf8_lossy(&chk.stdout)
        );
        assert_eq!(last_json(&chk.stdout)["status"], "ok");
    }
    // Format-independent: one digest for all six, equal to the BLAKE3 of the raw disk.
    assert!(digests.iter().all(|d| *d == digests[0]), "{digests:?}");
    assert_eq!(b3_file(&src), digests[0]);
    // And from a non-raw source to a non-raw target (checksum through qemu-nbd).
    let q = sb.path().join("out.qcow2");
    let v = sb.path().join("again.vdi");
    let out = sb
        .cmd()
        .args([
            "vm-convert",
            "--in",
            q.to_str().unwrap(),
            "--out",
            v.to_str().unwrap(),
        ])
        .args(["--to", "vdi", "--verify", "--json", "--compress"])
        .output()
        .unwrap();
    // --compress is refused for vdi (usage error), then done properly for qcow2.
    assert_eq!(out.status.code(), Some(2));
    let out = sb
        .cmd()
        .args([
            "vm-convert",
            "--in",
            sb.path().join("out.vhdx").to_str().unwrap(),
        ])
        .args([
            "--out",
            sb.path().join("c.qcow2").to_str().unwrap(),
            "--compress",
            "--verify",
            "--json",
        ])
        .output()
        .unwrap();
    common::assert_ok(&out);
    assert_eq!(last_json(&out.stdout)["guest_blake3"], digests[0]);
    let info = qemu_img_json("info", "qcow2", &sb.path().join("c.qcow2"));
    assert_eq!(info["format-specific"]["data"]["compression-type"], "zstd");

    // --check notices a changed image.
    let raw = sb.path().join("out.raw");
    let mut f = std::fs::OpenOptions::new().write(true).open(&raw).unwrap();
    use std::io::{Seek, SeekFrom};
    f.seek(SeekFrom::Start(4096)).unwrap();
    f.write_all(b"tampered").unwrap();
    drop(f);
    let chk = sb
        .cmd()
        .args(["vm-convert", "--check", raw.to_str().unwrap(), "--json"])
        .output()
        .unwrap();
    assert_eq!(chk.status.code(), Some(1));
    assert_eq!(last_json(&chk.stdout)["status"], "mismatch");

    // Version 1 manifests (SHA-256) are still checked, with SHA-256.
    let vdi = sb.path().join("out.vdi");
    let mf = sb.path().join("out.vdi.manifest.json");
    let mut man: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&mf).unwrap()).unwrap();
    let sum = Command::new("sha256sum").arg(&src).output().unwrap();
    let sum = String::from_utf8_lossy(&sum.stdout)
        .split_whitespace()
        .next()
        .unwrap()
        .to_string();
    man["version"] = 1.into();
    man.as_object_mut().unwrap().remove("guest_blake3");
    man["guest_sha256"] = sum.clone().into();
    std::fs::write(&mf, man.to_string()).unwrap();
    let chk = sb
        .cmd()
        .args(["vm-convert", "--check", vdi.to_str().unwrap(), "--json"])
        .output()
        .unwrap();
    let r = last_json(&chk.stdout);
    assert_eq!(chk.status.code(), Some(0), "{r}");
    assert_eq!(r["algorithm"], "sha256");
    assert_eq!(r["actual"], sum);
    let wrong = if sum.starts_with('0') { "1" } else { "0" };
    man["guest_sha256"] = format!("{wrong}{}", &sum[1..]).into();
    std::fs::write(&mf, man.to_string()).unwrap();
    let chk = sb
        .cmd()
        .args(["vm-convert", "--check", vdi.to_str().unwrap(), "--json"])
        .output()
        .unwrap();
    assert_eq!(chk.status.code(), Some(1));
    assert_eq!(digest_of_raw_conversion(&sb, &q, "qcow2"), digests[0]);
}

#[test]
fn refuses_overwrite_same_file_and_unsafe_images() {
    if !need_qemu("refuses_overwrite_same_file_and_unsafe_images") {
        return;
    }
    let sb = Sandbox::new();
    let src = sb.path().join("a.raw");
    random_raw(&src, 8);
    let dst = sb.path().join("b.qcow2");
    std::fs::write(&dst, b"precious").unwrap();
    let out = sb
        .cmd()
        .args([
            "vm-convert",
            "--in",
            src.to_str().unwrap(),
            "--out",
            dst.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
    assert_eq!(std::fs::read(&dst).unwrap(), b"precious");
    let out = sb
        .cmd()
        .args([
            "vm-convert",
            "--in",
            src.to_str().unwrap(),
            "--out",
            src.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));

    // A "raw" disk whose guest wrote a qcow2 header pointing at a host file: the header is
    // detected, the backing file is outside the allowed directories, so nothing is read.
    let secret_dir = tempfile::tempdir().unwrap();
    let secret = secret_dir.path().join("host-secret.raw");
    std::fs::write(&secret, vec![b'S'; 1 << 20]).unwrap();
    let evil = sb.path().join("evil.img");
    assert!(qemu_img(&[
        "create",
        "-q",
        "-f",
        "qcow2",
        "-b",
        secret.to_str().unwrap(),
        "-F",
        "raw",
        evil.to_str().unwrap(),
        "1M"
    ])
    .status
    .success());
    let out = sb
        .cmd()
        .args(["vm-convert", "--in", evil.to_str().unwrap(), "--out"])
        .arg(sb.path().join("evil.qcow2"))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(5),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("outside the allowed directories"), "{err}");
    assert!(!sb.path().join("evil.qcow2").exists());
    // With --from raw the same file is copied as raw bytes: its header, not the host file.
    let out = sb
        .cmd()
        .args([
            "vm-convert",
            "--from",
            "raw",
            "--to",
            "raw",
            "--in",
            evil.to_str().unwrap(),
            "--out",
        ])
        .arg(sb.path().join("evil.raw"))
        .output()
        .unwrap();
    common::assert_ok(&out);
    // (qemu rounds a raw disk up to whole 512-byte sectors.)
    let copied = std::fs::read(sb.path().join("evil.raw")).unwrap();
    let orig = std::fs::read(&evil).unwrap();
    assert!(copied.len() == orig.len().div_ceil(512) * 512 && copied.starts_with(&orig));
    // Allowed explicitly: converts and flattens the chain.
    let out = sb
        .cmd()
        .args([
            "vm-convert",
            "--in",
            evil.to_str().unwrap(),
            "--allow-backing-dir",
        ])
        .arg(secret_dir.path())
        .arg("--out")
        .arg(sb.path().join("flat.qcow2"))
        .output()
        .unwrap();
    common::assert_ok(&out);

    // --force replaces only after success; the old file survives a failed run.
    let out = sb
        .cmd()
        .args([
            "vm-convert",
            "--from",
            "vdi",
            "--in",
            src.to_str().unwrap(),
            "--force",
            "--out",
        ])
        .arg(&dst)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5));
    assert_eq!(std::fs::read(&dst).unwrap(), b"precious");
    let out = sb
        .cmd()
        .args([
            "vm-convert",
            "--in",
            src.to_str().unwrap(),
            "--force",
            "--out",
        ])
        .arg(&dst)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(identical(&src, "raw", &dst, "qcow2"));
    let audit = sb.audit_entries();
    assert!(audit.iter().any(|e| e["action"] == "vm_convert"));
}

/// A real QEMU process with the disk open (as a running VM has it) holds its write lock.
struct Qemu(std::process::Child);
impl Drop for Qemu {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn refuses_disk_of_running_vm_unless_force_shared() {
    if !need_qemu("refuses_disk_of_running_vm_unless_force_shared") {
        return;
    }
    if !have("qemu-system-x86_64") {
        common::skip(
            "refuses_disk_of_running_vm",
            "qemu-system-x86_64 not installed",
        );
        return;
    }
    let sb = Sandbox::new();
    let disk = sb.path().join("vm.qcow2");
    assert!(
        qemu_img(&["create", "-q", "-f", "qcow2", disk.to_str().unwrap(), "16M"])
            .status
            .success()
    );
    let _vm = Qemu(
        Command::new("qemu-system-x86_64")
            .args([
                "-machine",
                "none",
                "-nodefaults",
                "-display",
                "none",
                "-monitor",
                "none",
            ])
            .arg("-drive")
            .arg(format!(
                "file={},format=qcow2,if=none,id=d0",
                disk.display()
            ))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap(),
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    while qemu_img(&["info", disk.to_str().unwrap()]).status.success() {
        assert!(Instant::now() < deadline, "qemu never locked the disk");
        std::thread::sleep(Duration::from_millis(100));
    }
    let out = sb
        .cmd()
        .args(["vm-convert", "--in", disk.to_str().unwrap(), "--out"])
        .arg(sb.path().join("copy.qcow2"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("in use") && err.contains("--force-shared"),
        "{err}"
    );
    let out = sb
        .cmd()
        .args([
            "vm-convert",
            "--force-shared",
            "--verify",
            "--in",
            disk.to_str().unwrap(),
            "--out",
        ])
        .arg(sb.path().join("copy.qcow2"))
        .output()
        .unwrap();
    common::assert_ok(&out);
}

fn children_of(pid: u32) -> Vec<u32> {
    let mut v = Vec::new();
    for e in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(p) = e.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        if let Ok(stat) = std::fs::read_to_string(format!("/proc/{p}/stat")) {
            let after = stat.rsplit_once(") ").map(|x| x.1).unwrap_or("");
            if after.split_whitespace().nth(1) == Some(&pid.to_string()) {
                v.push(p);
            }
        }
    }
    v
}

/// Starts a rate-limited conversion, waits until `midway(journal, events)` says it is midway,
/// then SIGKILLs the tool and its qemu-img at once (as in a power loss of the processes).
fn convert_and_kill(
    sb: &Sandbox,
    src: &Path,
    dst: &Path,
    extra: &[&str],
    midway: &dyn Fn(Option<serde_json::Value>, &str) -> bool,
) {
    let journal = PathBuf::from(format!("{}.part.json", dst.display()));
    let events = sb.path().join("events.jsonl");
    let mut child = Command::new(common::bin())
        .args([
            "vm-convert",
            "--in",
            src.to_str().unwrap(),
            "--out",
            dst.to_str().unwrap(),
        ])
        .args(["--rate-limit", "96M", "--json"])
        .args(extra)
        .env("DEBVISOR_CONFIG", sb.config_path())
        .env("DEBVISOR_AUDIT_LOG", sb.audit_log())
        .env("DEBVISOR_LOCK_DIR", sb.path().join("lock"))
        .env("DEBVISOR_STATE_DIR", sb.path().join("state"))
        .stdout(std::fs::File::create(&events).unwrap())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let j = std::fs::read_to_string(&journal)
            .ok()
            .and_then(|s| serde_json::from_str::<serde_json::Value>(&s).ok());
        if midway(j, &std::fs::read_to_string(&events).unwrap_or_default()) {
            break;
        }
        assert!(Instant::now() < deadline, "conversion made no progress");
        assert!(
            child.try_wait().unwrap().is_none(),
            "finished before the kill"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let kids = children_of(child.id());
    let _ = nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(child.id() as i32),
        nix::sys::signal::Signal::SIGKILL,
    );
    for k in kids {
        let _ = nix::sys::signal::kill(
            nix::unistd::Pid::from_raw(k as i32),
            nix::sys::signal::Signal::SIGKILL,
        );
    }
    let _ = child.wait();
    std::thread::sleep(Duration::from_millis(200));
    assert!(!dst.exists(), "no half-written DST under its final name");
    assert!(PathBuf::from(format!("{}.part", dst.display())).exists());
}

fn straight_conversion(sb: &Sandbox, src: &Path) -> PathBuf {
    let straight = sb.path().join("straight.qcow2");
    assert!(qemu_img(&[
        "convert",
        "-f",
        "raw",
        "-O",
        "qcow2",
        src.to_str().unwrap(),
        straight.to_str().unwrap()
    ])
    .status
    .success());
    straight
}

fn resume(sb: &Sandbox, src: &Path, dst: &Path, extra: &[&str]) -> serde_json::Value {
    let _ = std::fs::remove_file(sb.exec_log());
    let out = sb
        .cmd()
        .args([
            "vm-convert",
            "--in",
            src.to_str().unwrap(),
            "--out",
            dst.to_str().unwrap(),
            "--json",
        ])
        .args(extra)
        .output()
        .unwrap();
    common::assert_ok(&out);
    assert!(!PathBuf::from(format!("{}.part.json", dst.display())).exists());
    last_json(&out.stdout)
}

fn assert_same_as_straight(sb: &Sandbox, straight: &Path, dst: &Path) {
    assert!(identical(straight, "qcow2", dst, "qcow2"));
    assert!(qemu_img(&["check", "-f", "qcow2", dst.to_str().unwrap()])
        .status
        .success());
    assert_eq!(
        digest_of_raw_conversion(sb, dst, "qcow2"),
        digest_of_raw_conversion(sb, straight, "qcow2")
    );
}

/// Default (stream mode): ONE qemu-img into a qcow2 with preallocated metadata; the resume
/// starts at the written high-water mark (minus a 16 MiB margin) with ONE windowed convert.
#[test]
fn resumes_after_kill_and_matches_a_straight_conversion() {
    if !need_qemu("resumes_after_kill_and_matches_a_straight_conversion") {
        return;
    }
    let sb = Sandbox::new();
    let src = sb.path().join("big.raw");
    random_raw(&src, 512); // 256 MiB random + 256 MiB zero
    let straight = straight_conversion(&sb, &src);
    let dst = sb.path().join("out.qcow2");
    let percent = |events: &str| -> f64 {
        events
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter_map(|e| e["percent"].as_f64())
            .fold(0.0, f64::max)
    };
    convert_and_kill(&sb, &src, &dst, &[], &|j, ev| {
        j.is_some_and(|j| j["mode"] == "stream") && percent(ev) >= 30.0
    });
    // What the killed run wrote, read here with qemu-img map: the end of the last data extent.
    let part = sb.path().join("out.qcow2.part");
    let map = qemu_img_json("map", "qcow2", &part);
    let written = map
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["data"] == true && e["zero"] == false)
        .map(|e| e["start"].as_u64().unwrap() + e["length"].as_u64().unwrap())
        .max()
        .unwrap_or(0);
    assert!(written > 32 << 20, "the killed run wrote {written} bytes");
    let d = resume(&sb, &src, &dst, &[]);
    let from = d["resumed_from_bytes"].as_u64().unwrap();
    // Resumed just below what was written (16 MiB margin for a torn write, 1 MiB aligned).
    assert!(
        from < written && from + (17 << 20) >= written,
        "{d} vs {written}"
    );
    assert_eq!(from % (1 << 20), 0);
    // One qemu-img convert for the rest, starting exactly there.
    let converts: Vec<_> = sb
        .exec_entries()
        .into_iter()
        .filter(|e| e["argv"][1] == "convert")
        .collect();
    assert_eq!(converts.len(), 1, "{converts:?}");
    let argv = converts[0]["argv"].to_string();
    assert!(argv.contains(&format!("offset={from},")), "{argv}");
    assert_same_as_straight(&sb, &straight, &dst);
    // A part with unmapped clusters (its metadata preallocation cut short) gives no
    // trustworthy mark, whatever data it holds: the conversion starts over.
    let dst2 = sb.path().join("again.qcow2");
    convert_and_kill(&sb, &src, &dst2, &[], &|j, ev| {
        j.is_some_and(|j| j["mode"] == "stream") && percent(ev) >= 30.0
    });
    let part2 = sb.path().join("again.qcow2.part");
    std::fs::remove_file(&part2).unwrap();
    let p2 = part2.to_str().unwrap();
    assert!(qemu_img(&["create", "-q", "-f", "qcow2", p2, "512M"])
        .status
        .success());
    let garbage = Command::new("qemu-io")
        .args(["-f", "qcow2", "-c", "write -P 0xaa 0 64M", p2])
        .output()
        .unwrap();
    assert!(garbage.status.success(), "{garbage:?}");
    let d2 = resume(&sb, &src, &dst2, &[]);
    assert_eq!(d2["resumed_from_bytes"], 0, "{d2}");
    assert_same_as_straight(&sb, &straight, &dst2);

    // The documented stream layout: preallocated metadata (apparent size = virtual size), but
    // sparse on disk (only the 256 MiB of data allocated).
    assert!(std::fs::metadata(&dst).unwrap().len() >= 512 << 20);
    let info = qemu_img_json("info", "qcow2", &dst);
    assert!(info["actual-size"].as_u64().unwrap() < 300 << 20, "{info}");
}

/// --compact (chunk mode): one qemu-img per 64 MiB chunk; only the missing chunks are redone.
#[test]
fn compact_resumes_by_chunks() {
    if !need_qemu("compact_resumes_by_chunks") {
        return;
    }
    let sb = Sandbox::new();
    let src = sb.path().join("big.raw");
    random_raw(&src, 512); // 8 chunks of 64 MiB
    let straight = straight_conversion(&sb, &src);
    let dst = sb.path().join("out.qcow2");
    convert_and_kill(&sb, &src, &dst, &["--compact"], &|j, _| {
        j.and_then(|j| j["chunks_done"].as_u64()).unwrap_or(0) >= 3
    });
    let journal = sb.path().join("out.qcow2.part.json");
    let j: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&journal).unwrap()).unwrap();
    let done_before = j["chunks_done"].as_u64().unwrap();
    assert!((3..8).contains(&done_before), "{done_before}");
    let d = resume(&sb, &src, &dst, &["--compact"]);
    assert_eq!(d["resumed_from_bytes"], done_before * (64 << 20));
    // Only the remaining chunks were converted.
    let converts = sb
        .exec_entries()
        .iter()
        .filter(|e| e["argv"][1] == "convert")
        .count() as u64;
    assert_eq!(converts, 8 - done_before);
    assert_same_as_straight(&sb, &straight, &dst);
    // Compact: no preallocated metadata, the file holds about the data only.
    let size = std::fs::metadata(&dst).unwrap().len();
    assert!(size < 300 << 20, "{size}");
}

#[test]
fn dry_run_plans_without_writing() {
    if !need_qemu("dry_run_plans_without_writing") {
        return;
    }
    let sb = Sandbox::new();
    let src = sb.path().join("a.raw");
    random_raw(&src, 4);
    let out = sb
        .cmd()
        .args([
            "vm-convert",
            "--dry-run",
            "--in",
            src.to_str().unwrap(),
            "--out",
        ])
        .arg(sb.path().join("b.qcow2"))
        .output()
        .unwrap();
    common::assert_ok(&out);
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("would run: qemu-img convert"), "{s}");
    assert!(s.contains("preallocation=metadata"), "{s}");
    assert!(s.contains("would rename"), "{s}");
    let names: Vec<PathBuf> = std::fs::read_dir(sb.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(
        !names
            .iter()
            .any(|p| p.to_string_lossy().contains("b.qcow2")),
        "{names:?}"
    );
}
