//! Debian 13's ceph-mgr 18.2 and its PyO3 python3-bcrypt: detection, and the reversible fix that
//! firstboot applies to the managers it starts and `cephctl mgr-compat` applies to any node.
//!
//! The condition: ceph-mgr runs every module in a Python sub-interpreter, `mgr_util.py` (imported
//! by all of them) does `import bcrypt`, and python3-bcrypt 4.x is a PyO3 extension, which refuses
//! to load in a sub-interpreter. Every module then fails (MGR_MODULE_DEPENDENCY): no `.mgr` pool,
//! no balancer, no autoscaler, never HEALTH_OK. Debian 12 (bcrypt 3.2, cffi) is not affected, nor
//! a Ceph whose mgr_util no longer imports bcrypt at the top (upstream moved such calls into a
//! child process: ceph/ceph PR 62951).
//!
//! The fix mirrors upstream's: a `bcrypt` package (packaging/ceph-mgr/bcrypt, embedded here) put
//! first on ceph-mgr's PYTHONPATH, whose functions run Debian's real bcrypt in a child `python3 -I`
//! (a main interpreter, where PyO3 loads). Nothing is stubbed: the dashboard's password hashes
//! are real bcrypt hashes. Two files, both ours: the module under `[ceph] mgr_compat_dir` and,
//! for systemd-run managers, the drop-in `ceph-mgr@.service.d/debvisor-mgr-compat.conf`;
//! `disable` removes both. Applying twice changes nothing.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::exec::files::FileSpec;
use crate::exec::Exec;

/// The module ceph-mgr imports instead of python3-bcrypt (one source: the packaging tree).
pub const BCRYPT_MODULE: &str = include_str!("../packaging/ceph-mgr/bcrypt/__init__.py");

/// Where Debian's Ceph keeps the mgr's shared Python code.
pub const MGR_UTIL: &str = "/usr/share/ceph/mgr/mgr_util.py";
/// Debian's python3-bcrypt.
pub const PYTHON_BCRYPT_DIR: &str = "/usr/lib/python3/dist-packages/bcrypt";
/// Default `[ceph] mgr_compat_dir`: world-readable (ceph-mgr runs as user ceph), the admin's
/// tree (no package owns it), outside STATE_DIR (root:debvisor 2750, unreadable for ceph).
pub const DEFAULT_DIR: &str = "/usr/local/lib/debvisor/ceph-mgr-python";
/// Default `[ceph] systemd_unit_dir`.
pub const DEFAULT_UNIT_DIR: &str = "/etc/systemd/system";
const DROPIN: &str = "ceph-mgr@.service.d/debvisor-mgr-compat.conf";

/// Where the fix lives.
#[derive(Debug, Clone)]
pub struct Paths {
    pub python_dir: PathBuf,
    pub unit_dir: PathBuf,
}

impl Paths {
    pub fn new(python_dir: Option<&Path>, unit_dir: Option<&Path>) -> Paths {
        Paths {
            python_dir: python_dir.unwrap_or(Path::new(DEFAULT_DIR)).to_path_buf(),
            unit_dir: unit_dir
                .unwrap_or(Path::new(DEFAULT_UNIT_DIR))
                .to_path_buf(),
        }
    }
    pub fn module(&self) -> PathBuf {
        self.python_dir.join("bcrypt/__init__.py")
    }
    pub fn dropin(&self) -> PathBuf {
        self.unit_dir.join(DROPIN)
    }
    fn dropin_text(&self) -> String {
        format!(
            "# Written by debvisor (`cephctl mgr-compat enable`); removed by `cephctl mgr-compat disable`.\n\
             # ceph-mgr 18.2's modules cannot import Debian 13's PyO3 python3-bcrypt in their\n\
             # sub-interpreters; {} runs the real bcrypt in a child process instead.\n\
             [Service]\nEnvironment=PYTHONPATH={}\n",
            self.module().display(),
            self.python_dir.display()
        )
    }
}

/// Whether this system's ceph-mgr needs the fix, and why.
#[derive(Debug, Clone, Serialize)]
pub struct Need {
    pub needed: bool,
    pub reason: String,
}

/// Reads the two facts the condition depends on (files only, no process).
pub fn detect() -> Need {
    detect_in(Path::new(MGR_UTIL), Path::new(PYTHON_BCRYPT_DIR))
}

pub fn detect_in(mgr_util: &Path, bcrypt_dir: &Path) -> Need {
    let no = |r: &str| Need {
        needed: false,
        reason: r.to_string(),
    };
    let Ok(util) = std::fs::read_to_string(mgr_util) else {
        return no(&format!(
            "no {} (ceph-mgr is not installed)",
            mgr_util.display()
        ));
    };
    if !imports_bcrypt_at_top(&util) {
        return no("this Ceph's mgr_util.py does not import bcrypt at load time");
    }
    match pyo3_extension(bcrypt_dir) {
        Some(so) => Need {
            needed: true,
            reason: format!(
                "mgr_util.py imports bcrypt, and {} is a PyO3 extension, which cannot load in ceph-mgr's sub-interpreters",
                so.display()
            ),
        },
        None => no("python3-bcrypt is not a PyO3 extension (it loads in sub-interpreters)"),
    }
}

/// A module-level `import bcrypt` (not one inside a function, which upstream's fix uses).
pub fn imports_bcrypt_at_top(source: &str) -> bool {
    source
        .lines()
        .any(|l| l == "import bcrypt" || l.starts_with("from bcrypt import"))
}

/// The compiled `_bcrypt*.so` of the package, if it was built with PyO3.
fn pyo3_extension(dir: &Path) -> Option<PathBuf> {
    let entries = std::fs::read_dir(dir).ok()?;
    entries.flatten().map(|e| e.path()).find(|p| {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        name.starts_with("_bcrypt")
            && name.ends_with(".so")
            && std::fs::read(p).is_ok_and(|b| contains(&b, b"PyO3"))
    })
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// What is installed now.
#[derive(Debug, Clone, Serialize)]
pub struct Installed {
    /// The module is present with exactly this build's content.
    pub module: bool,
    /// The systemd drop-in is present with exactly this build's content.
    pub dropin: bool,
}

pub fn installed(p: &Paths) -> Installed {
    let same = |path: &Path, want: &str| std::fs::read_to_string(path).is_ok_and(|t| t == want);
    Installed {
        module: same(&p.module(), BCRYPT_MODULE),
        dropin: same(&p.dropin(), &p.dropin_text()),
    }
}

/// Writes the module and (for systemd-run managers) the drop-in, each only if it differs.
/// Returns whether anything changed (the caller restarts the managers then).
pub fn enable(exec: &Exec, p: &Paths, systemd: bool) -> anyhow::Result<bool> {
    let mut changed = false;
    let module = p.module();
    if let Some(dir) = module.parent() {
        exec.create_dir_all(dir, 0o755)?;
    }
    changed |= exec.write_file_if_changed(&module, BCRYPT_MODULE.as_bytes(), FileSpec::PUBLIC)?;
    if systemd {
        let dropin = p.dropin();
        if let Some(dir) = dropin.parent() {
            exec.create_dir_all(dir, 0o755)?;
        }
        changed |=
            exec.write_file_if_changed(&dropin, p.dropin_text().as_bytes(), FileSpec::PUBLIC)?;
    }
    Ok(changed)
}

/// Removes exactly the files [`enable`] writes (nothing else). Returns whether anything was there.
pub fn disable(exec: &Exec, p: &Paths) -> anyhow::Result<bool> {
    let mut changed = false;
    for f in [p.dropin(), p.module()] {
        if f.exists() {
            exec.remove_file(&f)?;
            changed = true;
        }
    }
    Ok(changed)
}

/// The PYTHONPATH for a manager this tool starts directly (no unit), when the fix is needed.
pub fn direct_pythonpath(p: &Paths) -> Option<&Path> {
    installed(p).module.then_some(p.python_dir.as_path())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn top_level_import_only() {
        assert!(imports_bcrypt_at_top(
            "import os\nimport bcrypt\nimport cephfs\n"
        ));
        assert!(!imports_bcrypt_at_top(
            "def password_hash(p):\n    import bcrypt\n"
        ));
        assert!(!imports_bcrypt_at_top("import bcrypt_pbkdf\n"));
    }

    #[test]
    fn detection_reads_the_module_and_the_extension() {
        let d = tempfile::tempdir().unwrap();
        let util = d.path().join("mgr_util.py");
        let bc = d.path().join("bcrypt");
        std::fs::create_dir(&bc).unwrap();
        assert!(!detect_in(&util, &bc).needed, "no ceph-mgr");
        std::fs::write(&util, "import os\nimport bcrypt\n").unwrap();
        std::fs::write(bc.join("_bcrypt.abi3.so"), b"\x7fELF cffi stuff").unwrap();
        let n = detect_in(&util, &bc);
        assert!(!n.needed, "{n:?}");
        std::fs::write(
            bc.join("_bcrypt.cpython-313-x86_64-linux-gnu.so"),
            b"\x7fELF ... PyO3 modules do not yet support subinterpreters",
        )
        .unwrap();
        let n = detect_in(&util, &bc);
        assert!(n.needed && n.reason.contains("PyO3"), "{n:?}");
        std::fs::write(&util, "def f():\n    import bcrypt\n").unwrap();
        assert!(!detect_in(&util, &bc).needed);
    }

    #[test]
    fn dropin_points_at_the_module_dir() {
        let p = Paths::new(
            Some(Path::new("/x/py")),
            Some(Path::new("/etc/systemd/system")),
        );
        assert_eq!(
            p.dropin(),
            Path::new("/etc/systemd/system/ceph-mgr@.service.d/debvisor-mgr-compat.conf")
        );
        assert!(p
            .dropin_text()
            .contains("\n[Service]\nEnvironment=PYTHONPATH=/x/py\n"));
        assert!(BCRYPT_MODULE.contains("def hashpw(") && BCRYPT_MODULE.contains("\"-I\""));
    }
}
