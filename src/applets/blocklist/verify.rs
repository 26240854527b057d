//! `blocklist verify`: SHA-256 of each source against blocklist-metadata.json (legacy layout:
//! `{"blocklists": {"<file>": {"sha256": "<hex>", …}, …}, …}`, paths relative to the metadata
//! file's directory). Fails closed: a mismatch, a missing or placeholder hash, a file unknown
//! to the metadata, or a listed file that cannot be read all fail.

use std::path::{Path, PathBuf};

use serde::Serialize;
use sha2::{Digest, Sha256};

pub fn sha256_hex(bytes: &[u8]) -> String {
    let d = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in d {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Ok,
    Mismatch,
    MissingHash,
    Unknown,
    Unreadable,
}

#[derive(Debug, Clone, Serialize)]
pub struct Result {
    pub file: String,
    pub status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actual: Option<String>,
    pub message: String,
}

/// The `blocklists` map of a metadata file: (key as written, resolved path, sha256 value).
pub fn read_metadata(path: &Path) -> anyhow::Result<Vec<(String, PathBuf, Option<String>)>> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| crate::error::invalid(format!("cannot read {}: {e}", path.display())))?;
    let v: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| crate::error::invalid(format!("{}: not valid JSON: {e}", path.display())))?;
    let lists = v
        .get("blocklists")
        .and_then(|b| b.as_object())
        .ok_or_else(|| {
            crate::error::invalid(format!(
                "{}: no \"blocklists\" object (legacy blocklist-metadata.json layout expected)",
                path.display()
            ))
        })?;
    let dir = path.parent().unwrap_or(Path::new("."));
    Ok(lists
        .iter()
        .map(|(k, e)| {
            let p = Path::new(k);
            let resolved = if p.is_absolute() {
                p.to_path_buf()
            } else {
                dir.join(p)
            };
            let h = e.get("sha256").and_then(|h| h.as_str()).map(str::to_string);
            (k.clone(), resolved, h)
        })
        .collect())
}

fn valid_hex(h: &str) -> bool {
    h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Checks one file's bytes against an expected hash (case-insensitive hex).
pub fn check(file: &str, bytes: Option<&[u8]>, expected: Option<&str>) -> Result {
    let actual = bytes.map(sha256_hex);
    let (status, message) = match (expected, &actual) {
        (_, None) => (Status::Unreadable, "cannot read the file".to_string()),
        (None, _) => (Status::MissingHash, "no sha256 recorded".to_string()),
        (Some(h), _) if !valid_hex(h) => (
            Status::MissingHash,
            format!("recorded sha256 {h:?} is not a SHA-256 (placeholder?)"),
        ),
        (Some(h), Some(a)) if h.eq_ignore_ascii_case(a) => (Status::Ok, "ok".into()),
        (Some(_), Some(_)) => (Status::Mismatch, "SHA-256 mismatch".into()),
    };
    Result {
        file: file.to_string(),
        status,
        expected: expected.map(str::to_string),
        actual,
        message,
    }
}

pub fn unknown(file: &str, bytes: Option<&[u8]>) -> Result {
    Result {
        file: file.to_string(),
        status: Status::Unknown,
        expected: None,
        actual: bytes.map(sha256_hex),
        message: "not listed in the metadata".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_known_vector_and_statuses() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        let up = "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD";
        assert_eq!(check("f", Some(b"abc"), Some(up)).status, Status::Ok);
        assert_eq!(check("f", Some(b"abd"), Some(up)).status, Status::Mismatch);
        assert_eq!(
            check(
                "f",
                Some(b"abc"),
                Some("placeholder-compute-after-generation")
            )
            .status,
            Status::MissingHash
        );
        assert_eq!(check("f", Some(b"abc"), None).status, Status::MissingHash);
        assert_eq!(check("f", None, Some(up)).status, Status::Unreadable);
    }
}
