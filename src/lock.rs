//! Exclusive locks against concurrent runs of the same operation (flock on a file under the
//! lock directory). The lock is released when the guard drops or the process dies, so a crash
//! never leaves a stale lock behind.

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use nix::fcntl::{Flock, FlockArg};

pub struct LockGuard {
    _lock: Flock<File>,
    pub path: PathBuf,
}

/// Takes the lock `name` under `dir`, waiting at most `wait`. Fails with exit code 3 naming the
/// lock when another run holds it.
pub fn acquire(dir: &Path, name: &str, wait: Duration) -> anyhow::Result<LockGuard> {
    std::fs::create_dir_all(dir).map_err(|e| {
        crate::error::precondition(format!(
            "cannot create lock directory {}: {e}",
            dir.display()
        ))
    })?;
    let path = dir.join(format!("{name}.lock"));
    let deadline = Instant::now() + wait;
    loop {
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| {
                crate::error::precondition(format!("cannot open lock {}: {e}", path.display()))
            })?;
        match Flock::lock(file, FlockArg::LockExclusiveNonblock) {
            Ok(lock) => return Ok(LockGuard { _lock: lock, path }),
            Err((_, nix::errno::Errno::EWOULDBLOCK)) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(100));
            }
            Err((_, e)) => {
                return Err(crate::error::precondition(format!(
                    "another run holds the lock {} ({e}); waited {} s",
                    path.display(),
                    wait.as_secs()
                )))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_holder_is_refused_until_release() {
        let d = tempfile::tempdir().unwrap();
        let a = acquire(d.path(), "x", Duration::ZERO).unwrap();
        let e = acquire(d.path(), "x", Duration::from_millis(150))
            .err()
            .unwrap();
        assert_eq!(crate::error::exit_code_of(&e), 3);
        assert!(e.to_string().contains("x.lock"));
        drop(a);
        acquire(d.path(), "x", Duration::ZERO).unwrap();
    }
}
