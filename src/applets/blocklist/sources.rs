//! Reading block and allow sources (files, or directories of files) and validating them:
//! per-line errors, special-range warnings, duplicates and overlaps (which entry covers which).

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::model::cidr::{parse_line, special_labels, Net, NetCidr};
use crate::model::cidr_set::{Addr, IntervalSet, Sets};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Block,
    Allow,
}

/// One input file after reading.
#[derive(Debug, Clone, Serialize)]
pub struct FileInfo {
    pub path: String,
    pub role: Role,
    pub entries: usize,
    pub ipv4: usize,
    pub ipv6: usize,
    pub invalid: usize,
    /// SHA-256 of the bytes read (the same bytes that were parsed).
    #[serde(skip)]
    pub sha256: String,
}

/// A problem at a line: `FILE:LINE: message`.
#[derive(Debug, Clone, Serialize)]
pub struct Diag {
    pub file: String,
    pub line: u32,
    pub entry: String,
    pub message: String,
}

impl std::fmt::Display for Diag {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

/// A parsed entry with where it came from (kept only when validating).
#[derive(Debug, Clone, Copy)]
pub struct Entry {
    pub net: Net,
    pub file: u32,
    pub line: u32,
    pub role: Role,
}

#[derive(Debug, Default)]
pub struct Loaded {
    pub files: Vec<FileInfo>,
    pub errors: Vec<Diag>,
    /// Per role: [block, allow].
    v4: [Vec<(u32, u32)>; 2],
    v6: [Vec<(u128, u128)>; 2],
    pub entries: Vec<Entry>,
    keep_entries: bool,
}

impl Loaded {
    pub fn new(keep_entries: bool) -> Self {
        Loaded {
            keep_entries,
            ..Default::default()
        }
    }

    /// Reads `paths` (a directory means its regular, non-hidden files, in name order).
    pub fn read(&mut self, paths: &[PathBuf], role: Role) -> anyhow::Result<()> {
        for p in paths {
            for f in expand(p)? {
                let bytes = std::fs::read(&f).map_err(|e| {
                    crate::error::invalid(format!("cannot read {}: {e}", f.display()))
                })?;
                self.add_text(&f.display().to_string(), &bytes, role);
            }
        }
        Ok(())
    }

    /// Parses one file's contents.
    pub fn add_text(&mut self, name: &str, bytes: &[u8], role: Role) {
        let idx = self.files.len() as u32;
        let r = role as usize;
        let mut info = FileInfo {
            path: name.to_string(),
            role,
            entries: 0,
            ipv4: 0,
            ipv6: 0,
            invalid: 0,
            sha256: super::verify::sha256_hex(bytes),
        };
        for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
            match parse_line(line) {
                Ok(None) => {}
                Ok(Some(net)) => {
                    info.entries += 1;
                    match net {
                        Net::V4(..) => {
                            info.ipv4 += 1;
                            self.v4[r].extend(u32::from_net(&net));
                        }
                        Net::V6(..) => {
                            info.ipv6 += 1;
                            self.v6[r].extend(u128::from_net(&net));
                        }
                    }
                    if self.keep_entries {
                        self.entries.push(Entry {
                            net,
                            file: idx,
                            line: i as u32 + 1,
                            role,
                        });
                    }
                }
                Err(e) => {
                    info.invalid += 1;
                    let entry = String::from_utf8_lossy(line).trim().to_string();
                    self.errors.push(Diag {
                        file: name.to_string(),
                        line: i as u32 + 1,
                        entry,
                        message: e.to_string(),
                    });
                }
            }
        }
        self.files.push(info);
    }

    /// Block entries covering the whole address space are refused unless `allow_huge`.
    pub fn refuse_huge(&mut self, allow_huge: bool) {
        if allow_huge || !self.keep_entries {
            // Without entries (compile/apply) the check runs on the intervals instead.
            let mut found = Vec::new();
            if !allow_huge {
                if self.v4[0].iter().any(|&(a, b)| a == 0 && b == u32::MAX) {
                    found.push("0.0.0.0/0");
                }
                if self.v6[0].iter().any(|&(a, b)| a == 0 && b == u128::MAX) {
                    found.push("::/0");
                }
            }
            for f in found {
                self.errors.push(Diag {
                    file: "(block sources)".into(),
                    line: 0,
                    entry: f.into(),
                    message: huge_message(f),
                });
            }
            return;
        }
        let huge: Vec<Diag> = self
            .entries
            .iter()
            .filter(|e| e.role == Role::Block && e.net.prefix_len() == 0)
            .map(|e| Diag {
                file: self.files[e.file as usize].path.clone(),
                line: e.line,
                entry: e.net.to_string(),
                message: huge_message(&NetCidr(e.net).to_string()),
            })
            .collect();
        self.errors.extend(huge);
    }

    /// The effective set: union(block) − union(allow).
    pub fn effective(&mut self) -> Sets {
        let block = Sets {
            v4: IntervalSet::from_intervals(std::mem::take(&mut self.v4[0])),
            v6: IntervalSet::from_intervals(std::mem::take(&mut self.v6[0])),
        };
        let allow = Sets {
            v4: IntervalSet::from_intervals(std::mem::take(&mut self.v4[1])),
            v6: IntervalSet::from_intervals(std::mem::take(&mut self.v6[1])),
        };
        if allow.is_empty() {
            block
        } else {
            block.difference(&allow)
        }
    }

    /// Fails with exit 5 when any line was invalid, listing the first errors.
    pub fn ensure_valid(&self) -> anyhow::Result<()> {
        if self.errors.is_empty() {
            return Ok(());
        }
        const SHOW: usize = 20;
        for d in self.errors.iter().take(SHOW) {
            eprintln!("{d}");
        }
        if self.errors.len() > SHOW {
            eprintln!("… and {} more", self.errors.len() - SHOW);
        }
        Err(crate::error::invalid(format!(
            "{} invalid entr{} in the sources: nothing was changed (see `blocklist validate`)",
            self.errors.len(),
            if self.errors.len() == 1 { "y" } else { "ies" }
        )))
    }
}

fn huge_message(what: &str) -> String {
    format!(
        "{what} would block the whole address space (refused; pass --allow-huge if you mean it)"
    )
}

/// A path, or the files of a directory (non-hidden regular files, skipping metadata and
/// editor/package leftovers), sorted.
pub fn expand(p: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let meta = std::fs::metadata(p)
        .map_err(|e| crate::error::invalid(format!("cannot read {}: {e}", p.display())))?;
    if !meta.is_dir() {
        return Ok(vec![p.to_path_buf()]);
    }
    let mut v = Vec::new();
    let rd = std::fs::read_dir(p)
        .map_err(|e| crate::error::invalid(format!("cannot list {}: {e}", p.display())))?;
    for e in rd.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let skip = name.starts_with('.')
            || name.ends_with('~')
            || name.ends_with(".json")
            || name.ends_with(".sha256")
            || name.contains(".dpkg-");
        if !skip && e.path().is_file() {
            v.push(e.path());
        }
    }
    v.sort();
    Ok(v)
}

#[derive(Debug, Clone, Serialize)]
pub struct Overlap {
    pub file: String,
    pub line: u32,
    pub entry: String,
    pub role: Role,
    pub covered_by: Diag,
}

/// Findings of `validate` beyond syntax: warnings, duplicates, overlaps.
#[derive(Debug, Default, Serialize)]
pub struct Findings {
    pub warnings: Vec<Diag>,
    pub duplicates: Vec<Overlap>,
    pub overlaps: Vec<Overlap>,
}

/// Duplicates and overlaps within each role (block with block, allow with allow), and
/// special-range warnings for block entries. CIDRs are nested or disjoint, so one sort by
/// (family, start, prefix length) and a stack of open containers finds, for each entry, the
/// innermost earlier entry covering it. Adjacent networks do not overlap.
pub fn findings(l: &Loaded) -> Findings {
    let mut f = Findings::default();
    let at = |e: &Entry| Diag {
        file: l.files[e.file as usize].path.clone(),
        line: e.line,
        entry: e.net.to_string(),
        message: String::new(),
    };
    for e in l.entries.iter().filter(|e| e.role == Role::Block) {
        let labels = special_labels(&e.net);
        if !labels.is_empty() {
            let mut d = at(e);
            d.message = format!(
                "warning: {} is in a special range: {}",
                e.net,
                labels.join(", ")
            );
            f.warnings.push(d);
        }
    }
    for role in [Role::Block, Role::Allow] {
        let mut idx: Vec<&Entry> = l.entries.iter().filter(|e| e.role == role).collect();
        idx.sort_by_key(|e| {
            let (lo, _) = e.net.bounds();
            (!e.net.is_v4(), lo, e.net.prefix_len(), e.file, e.line)
        });
        let mut stack: Vec<&Entry> = Vec::new();
        for e in idx {
            let (lo, _) = e.net.bounds();
            while let Some(top) = stack.last() {
                if top.net.is_v4() != e.net.is_v4() || top.net.bounds().1 < lo {
                    stack.pop();
                } else {
                    break;
                }
            }
            if let Some(top) = stack.last() {
                let mut by = at(top);
                by.message = if top.net == e.net {
                    "duplicate"
                } else {
                    "covers"
                }
                .into();
                let o = Overlap {
                    file: l.files[e.file as usize].path.clone(),
                    line: e.line,
                    entry: e.net.to_string(),
                    role,
                    covered_by: by,
                };
                if top.net == e.net {
                    f.duplicates.push(o);
                    continue;
                }
                f.overlaps.push(o);
            }
            stack.push(e);
        }
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_legacy_example_overlaps_and_not_adjacent_ones() {
        let mut l = Loaded::new(true);
        l.add_text(
            "block.txt",
            b"203.0.113.0/24 # botnet\n203.0.113.10/32\n198.51.100.0/24\n203.0.113.0/26\n\
              198.51.100.50\n10.0.0.0/25\n10.0.0.128/25\n2001:db8::/32\n2001:db8::/32\n",
            Role::Block,
        );
        l.add_text("allow.txt", b"203.0.113.10\n", Role::Allow);
        let f = findings(&l);
        let ov: Vec<String> = f
            .overlaps
            .iter()
            .map(|o| format!("{}:{} {} < {}", o.file, o.line, o.entry, o.covered_by.entry))
            .collect();
        assert_eq!(f.overlaps.len(), 3, "{ov:?}");
        assert!(ov.contains(&"block.txt:4 203.0.113.0/26 < 203.0.113.0/24".to_string()));
        assert!(ov.contains(&"block.txt:2 203.0.113.10 < 203.0.113.0/26".to_string()));
        assert!(ov.contains(&"block.txt:5 198.51.100.50 < 198.51.100.0/24".to_string()));
        assert_eq!(f.duplicates.len(), 1);
        assert_eq!(f.duplicates[0].line, 9);
        assert_eq!(f.duplicates[0].covered_by.line, 8);
        // Every documentation range is warned about; allow entries are not.
        assert_eq!(f.warnings.len(), 9);
        let eff = l.effective();
        assert_eq!(eff.v4.count(), 256 + 256 + 256 - 1);
    }
}
