//! A real prometheus-node-exporter (textfile collector) and a real Prometheus scraping it every
//! second, on loopback (scripts/prometheus-start), stopped by PID on drop. Queries go over a
//! plain HTTP/1.0 GET to Prometheus's HTTP API.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

pub struct Prometheus {
    pub dir: tempfile::TempDir,
    pub env: HashMap<String, String>,
}

impl Prometheus {
    /// Starts both with `rules` loaded, or returns None after a loud skip notice.
    pub fn start(test: &str, rules: Option<&Path>) -> Option<Prometheus> {
        if !super::programs_installed(
            test,
            &["prometheus", "prometheus-node-exporter"],
            "run scripts/install-deps --test",
        ) {
            return None;
        }
        let dir = tempfile::Builder::new()
            .prefix("dv-prom.")
            .tempdir()
            .unwrap();
        let mut cmd = Command::new(super::script("prometheus-start"));
        cmd.arg(dir.path());
        if let Some(r) = rules {
            cmd.env("PROM_RULES", r);
        }
        match super::run_env_script(&mut cmd) {
            Ok(env) => Some(Prometheus { dir, env }),
            Err(e) => {
                let _ = Command::new(super::script("prometheus-stop"))
                    .arg(dir.path())
                    .output();
                super::skip(test, &format!("Prometheus did not start: {e}"));
                None
            }
        }
    }

    pub fn textfile_dir(&self) -> PathBuf {
        PathBuf::from(&self.env["PROM_TEXTFILE_DIR"])
    }

    fn get(&self, path: &str) -> Result<String, String> {
        let addr = format!("{}:{}", self.env["PROM_ADDR"], self.env["PROM_PORT"]);
        let mut s = std::net::TcpStream::connect(&addr).map_err(|e| e.to_string())?;
        s.set_read_timeout(Some(Duration::from_secs(10))).ok();
        write!(s, "GET {path} HTTP/1.0\r\nHost: {addr}\r\n\r\n").map_err(|e| e.to_string())?;
        let mut resp = String::new();
        s.read_to_string(&mut resp).map_err(|e| e.to_string())?;
        let (head, body) = resp.split_once("\r\n\r\n").ok_or("no HTTP body")?;
        if !head.starts_with("HTTP/1.0 200") && !head.starts_with("HTTP/1.1 200") {
            return Err(format!("{head}\n{body}"));
        }
        Ok(body.to_string())
    }

    /// The result vector of an instant query (`/api/v1/query`).
    pub fn query(&self, expr: &str) -> Vec<serde_json::Value> {
        let body = self
            .get(&format!("/api/v1/query?query={}", urlencode(expr)))
            .unwrap_or_else(|e| panic!("query {expr}: {e}"));
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(v["status"], "success", "{v}");
        v["data"]["result"].as_array().cloned().unwrap_or_default()
    }

    /// Polls `expr` until `ok` accepts the result, or panics after `secs` naming what it waited
    /// for and what it last saw.
    pub fn wait_for(
        &self,
        what: &str,
        expr: &str,
        secs: u64,
        ok: impl Fn(&[serde_json::Value]) -> bool,
    ) -> Vec<serde_json::Value> {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            let r = self.query(expr);
            if ok(&r) {
                return r;
            }
            if Instant::now() > deadline {
                panic!("waited {secs} s for {what}; `{expr}` last returned {r:?}");
            }
            std::thread::sleep(Duration::from_millis(250));
        }
    }
}

/// The value of one result of an instant query.
pub fn value(r: &serde_json::Value) -> f64 {
    r["value"][1].as_str().unwrap().parse().unwrap()
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

impl Drop for Prometheus {
    fn drop(&mut self) {
        let _ = Command::new(super::script("prometheus-stop"))
            .arg(self.dir.path())
            .output();
    }
}
