//! Output policy: aligned tables for people, one-line JSON documents for automation, CSV for
//! spreadsheets. JSON field names are part of the interface: renaming one is a breaking change.

use std::io::Write;

use serde::Serialize;

/// Prints a JSON document on one line of stdout.
pub fn print_json<T: Serialize + ?Sized>(value: &T) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer(&mut out, value)?;
    writeln!(out)?;
    Ok(())
}

/// An aligned text table. Columns are padded to the widest cell; the last column is not padded.
#[derive(Debug, Clone, Default)]
pub struct Table {
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    right_aligned: Vec<bool>,
}

impl Table {
    pub fn new<S: Into<String>>(headers: impl IntoIterator<Item = S>) -> Self {
        let headers: Vec<String> = headers.into_iter().map(Into::into).collect();
        let n = headers.len();
        Table {
            headers,
            rows: Vec::new(),
            right_aligned: vec![false; n],
        }
    }

    /// Right-aligns a (numeric) column.
    pub fn right(mut self, col: usize) -> Self {
        if col < self.right_aligned.len() {
            self.right_aligned[col] = true;
        }
        self
    }

    pub fn row<S: Into<String>>(&mut self, cells: impl IntoIterator<Item = S>) {
        self.rows.push(cells.into_iter().map(Into::into).collect());
    }

    pub fn render(&self) -> String {
        let n = self.headers.len();
        let mut widths: Vec<usize> = self.headers.iter().map(|h| h.chars().count()).collect();
        for r in &self.rows {
            for (w, c) in widths.iter_mut().zip(r.iter()) {
                *w = (*w).max(c.chars().count());
            }
        }
        let mut s = String::new();
        let mut line = |cells: &[String]| {
            let mut parts = Vec::with_capacity(n);
            for (i, (width, right)) in widths.iter().zip(&self.right_aligned).enumerate() {
                let c = cells.get(i).map(String::as_str).unwrap_or("");
                let pad = width.saturating_sub(c.chars().count());
                if *right {
                    parts.push(format!("{}{c}", " ".repeat(pad)));
                } else if i + 1 == n {
                    parts.push(c.to_string());
                } else {
                    parts.push(format!("{c}{}", " ".repeat(pad)));
                }
            }
            s.push_str(parts.join("  ").trim_end());
            s.push('\n');
        };
        line(&self.headers);
        for r in &self.rows {
            line(r);
        }
        s
    }

    pub fn render_csv(&self) -> String {
        let mut s = String::new();
        let esc = |c: &str| {
            if c.contains([',', '"', '\n']) {
                format!("\"{}\"", c.replace('"', "\"\""))
            } else {
                c.to_string()
            }
        };
        s.push_str(
            &self
                .headers
                .iter()
                .map(|h| esc(h))
                .collect::<Vec<_>>()
                .join(","),
        );
        s.push('\n');
        for r in &self.rows {
            s.push_str(&r.iter().map(|c| esc(c)).collect::<Vec<_>>().join(","));
            s.push('\n');
        }
        s
    }

    pub fn print(&self) -> anyhow::Result<()> {
        let mut out = std::io::stdout().lock();
        out.write_all(self.render().as_bytes())?;
        Ok(())
    }
}

/// Human-readable byte sizes (binary units).
pub fn bytes(n: u64) -> String {
    const UNITS: [&str; 6] = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
    let mut v = n as f64;
    let mut u = 0;
    while v >= 1024.0 && u + 1 < UNITS.len() {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 {
        format!("{n} B")
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_align() {
        let mut t = Table::new(["NAME", "STATE", "MEM"]).right(2);
        t.row(["vm1", "running", "512"]);
        t.row(["longname", "shut off", "16384"]);
        assert_eq!(
            t.render(),
            "NAME      STATE       MEM\nvm1       running     512\nlongname  shut off  16384\n"
        );
        assert_eq!(
            t.render_csv().lines().nth(2),
            Some("longname,shut off,16384")
        );
    }

    #[test]
    fn sizes() {
        assert_eq!(bytes(512), "512 B");
        assert_eq!(bytes(1536), "1.5 KiB");
        assert_eq!(bytes(10 * 1024 * 1024 * 1024), "10.0 GiB");
    }
}
