//! Loop-device disks for storage tests: blank, with a filesystem signature, partitioned, mounted.
//! Detached (and unmounted) on drop, even when the test fails.

use std::path::PathBuf;
use std::process::Command;

pub struct LoopDisks {
    pub dir: tempfile::TempDir,
    pub devices: Vec<String>,
    mounts: Vec<PathBuf>,
}

fn run(cmd: &mut Command) -> Result<String, String> {
    let out = cmd.output().map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(format!("{cmd:?}: {}", String::from_utf8_lossy(&out.stderr)));
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

impl LoopDisks {
    pub fn new(test: &str) -> Option<LoopDisks> {
        if !super::is_root() {
            super::skip(test, "loop devices need root");
            return None;
        }
        Some(LoopDisks {
            dir: tempfile::Builder::new()
                .prefix("dv-disks.")
                .tempdir()
                .unwrap(),
            devices: vec![],
            mounts: vec![],
        })
    }

    /// A new 2 GiB loop disk; returns its path.
    pub fn add(&mut self) -> String {
        let img = self.dir.path().join(format!("d{}.img", self.devices.len()));
        run(Command::new("truncate").args(["-s", "2G"]).arg(&img)).unwrap();
        let dev = run(Command::new("losetup")
            .args(["-P", "-f", "--show"])
            .arg(&img))
        .unwrap();
        self.devices.push(dev.clone());
        dev
    }

    pub fn mkfs(&self, dev: &str) {
        run(Command::new("mkfs.ext4").args(["-q", "-F", dev])).unwrap();
    }

    pub fn partition(&self, dev: &str) {
        let mut c = Command::new("sh");
        c.arg("-c").arg(format!("printf 'label: gpt\\nsize=256MiB, type=L\\n' | sfdisk -q {dev} && partx -a {dev} || true"));
        run(&mut c).unwrap();
    }

    pub fn mount(&mut self, dev: &str) -> PathBuf {
        let m = self.dir.path().join(format!("m{}", self.mounts.len()));
        std::fs::create_dir_all(&m).unwrap();
        run(Command::new("mount").arg(dev).arg(&m)).unwrap();
        self.mounts.push(m.clone());
        m
    }
}

impl Drop for LoopDisks {
    fn drop(&mut self) {
        for m in self.mounts.iter().rev() {
            let _ = Command::new("umount").arg(m).output();
        }
        for d in &self.devices {
            let _ = Command::new("losetup").arg("-d").arg(d).output();
        }
    }
}
