//! Path normalisation for the policy checks: the same file must compare equal however it was
//! named (relative, `..`, symlinks), including files that do not exist yet.

use std::path::{Component, Path, PathBuf};

/// An absolute, lexically normalised path (no symlink resolution for files that do not exist).
pub(super) fn absolute(p: &Path) -> PathBuf {
    let base = if p.is_absolute() {
        PathBuf::new()
    } else {
        std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"))
    };
    let mut out = PathBuf::new();
    for c in base.join(p).components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Resolves symlinks where the path exists (the parent otherwise).
pub(super) fn canonical(p: &Path) -> PathBuf {
    let abs = absolute(p);
    if let Ok(c) = abs.canonicalize() {
        return c;
    }
    match (
        abs.parent().and_then(|d| d.canonicalize().ok()),
        abs.file_name(),
    ) {
        (Some(d), Some(n)) => d.join(n),
        _ => abs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absolute_paths_are_normalised() {
        assert_eq!(
            absolute(Path::new("/a/b/../c/./d")),
            PathBuf::from("/a/c/d")
        );
    }
}
