//! Ceph JSON (`ceph … -f json`, Pacific 16.2) as typed values.
//!
//! Every struct is `#[serde(default)]` and every scalar goes through a lenient deserializer:
//! a missing field, `null`, a string where a number was expected or a float where an integer
//! was expected never fails and never panics; only output that is not JSON at all (or not the
//! expected top-level shape) is an error. Field names follow the real output captured in
//! tests/fixtures/ceph/ (see its README).

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};

/// Lenient scalar deserializers (numbers as ints, floats or strings; null as the default).
pub mod lenient {
    use super::*;
    use serde_json::Value;

    pub fn u64<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
        Ok(match Value::deserialize(d)? {
            Value::Number(n) => n
                .as_u64()
                .or_else(|| {
                    n.as_f64()
                        .filter(|f| f.is_finite() && *f > 0.0)
                        .map(|f| f as u64)
                })
                .unwrap_or(0),
            Value::String(s) => s.trim().parse().unwrap_or(0),
            Value::Bool(b) => b as u64,
            _ => 0,
        })
    }

    pub fn i64<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
        Ok(match Value::deserialize(d)? {
            Value::Number(n) => n
                .as_i64()
                .or_else(|| n.as_f64().filter(|f| f.is_finite()).map(|f| f as i64))
                .unwrap_or(0),
            Value::String(s) => s.trim().parse().unwrap_or(0),
            Value::Bool(b) => b as i64,
            _ => 0,
        })
    }

    pub fn f64<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        Ok(match Value::deserialize(d)? {
            Value::Number(n) => n.as_f64().filter(|f| f.is_finite()).unwrap_or(0.0),
            Value::String(s) => s
                .trim()
                .parse()
                .ok()
                .filter(|f: &f64| f.is_finite())
                .unwrap_or(0.0),
            Value::Bool(b) => b as u8 as f64,
            _ => 0.0,
        })
    }

    pub fn bool<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
        Ok(match Value::deserialize(d)? {
            Value::Bool(b) => b,
            Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
            Value::String(s) => matches!(s.trim(), "true" | "True" | "1" | "yes"),
            _ => false,
        })
    }

    pub fn string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        Ok(match Value::deserialize(d)? {
            Value::String(s) => s,
            Value::Null => String::new(),
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            _ => String::new(),
        })
    }

    pub fn opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        Ok(match Value::deserialize(d)? {
            Value::String(s) if !s.is_empty() => Some(s),
            _ => None,
        })
    }

    /// A list of T where each element that does not fit is dropped (not an error).
    pub fn vec<'de, D: Deserializer<'de>, T: DeserializeOwned>(d: D) -> Result<Vec<T>, D::Error> {
        Ok(match Value::deserialize(d)? {
            Value::Array(a) => a
                .into_iter()
                .filter_map(|v| serde_json::from_value(v).ok())
                .collect(),
            _ => Vec::new(),
        })
    }

    /// A map of String → T where entries that do not fit are dropped.
    pub fn map<'de, D: Deserializer<'de>, T: DeserializeOwned>(
        d: D,
    ) -> Result<BTreeMap<String, T>, D::Error> {
        Ok(match Value::deserialize(d)? {
            Value::Object(m) => m
                .into_iter()
                .filter_map(|(k, v)| serde_json::from_value(v).ok().map(|v| (k, v)))
                .collect(),
            _ => BTreeMap::new(),
        })
    }

    /// A list of numbers (ids); non-numbers are dropped.
    pub fn ids<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<i64>, D::Error> {
        Ok(match Value::deserialize(d)? {
            Value::Array(a) => a.iter().filter_map(Value::as_i64).collect(),
            _ => Vec::new(),
        })
    }

    /// A list of strings; others are dropped.
    pub fn strings<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
        Ok(match Value::deserialize(d)? {
            Value::Array(a) => a
                .into_iter()
                .filter_map(|v| match v {
                    Value::String(s) => Some(s),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        })
    }
}

/// Parses one `ceph … -f json` document. Empty output is an error (write commands print
/// nothing on stdout; never parse those).
pub fn parse<T: DeserializeOwned>(what: &str, text: &str) -> Result<T, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err(format!("`ceph {what}` printed no JSON"));
    }
    serde_json::from_str(t).map_err(|e| format!("`ceph {what}` printed unexpected JSON: {e}"))
}

// ---------------------------------------------------------------------------------------------
// health / health detail / status

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Health {
    #[serde(deserialize_with = "lenient::string")]
    pub status: String,
    #[serde(deserialize_with = "lenient::map")]
    pub checks: BTreeMap<String, HealthCheck>,
}

impl Health {
    /// The checks an operator muted (`ceph health mute`): Ceph leaves them out of `status`, so a
    /// cluster whose only problems are muted says HEALTH_OK.
    pub fn muted(&self) -> Vec<(&str, &HealthCheck)> {
        self.checks
            .iter()
            .filter(|(_, c)| c.muted)
            .map(|(k, c)| (k.as_str(), c))
            .collect()
    }

    /// The health gate of upgrade, join and maintenance: passes only on HEALTH_OK with nothing
    /// muted. A muted check holds the gate (it would otherwise pass silently) and is named.
    pub fn gate(&self) -> Result<(), String> {
        let list = |checks: Vec<(&str, &HealthCheck)>| -> String {
            checks
                .iter()
                .map(|(k, c)| format!("{k} ({})", c.summary.message))
                .collect::<Vec<_>>()
                .join(", ")
        };
        if self.status != "HEALTH_OK" {
            let open: Vec<_> = self
                .checks
                .iter()
                .filter(|(_, c)| !c.muted)
                .map(|(k, c)| (k.as_str(), c))
                .collect();
            return Err(if open.is_empty() {
                format!("Ceph is {}, not HEALTH_OK", self.status)
            } else {
                format!("Ceph is {}, not HEALTH_OK: {}", self.status, list(open))
            });
        }
        let muted = self.muted();
        if !muted.is_empty() {
            let codes: Vec<&str> = muted.iter().map(|(k, _)| *k).collect();
            return Err(format!(
                "Ceph says HEALTH_OK only because these checks are muted: {}; a muted check still holds \
                 this gate: fix it, or `ceph health unmute {}` to see it again",
                list(muted),
                codes.join(" ")
            ));
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct HealthCheck {
    #[serde(deserialize_with = "lenient::string")]
    pub severity: String,
    pub summary: Summary,
    #[serde(deserialize_with = "lenient::vec")]
    pub detail: Vec<Summary>,
    #[serde(deserialize_with = "lenient::bool")]
    pub muted: bool,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Summary {
    #[serde(deserialize_with = "lenient::string")]
    pub message: String,
    #[serde(deserialize_with = "lenient::u64")]
    pub count: u64,
}

/// `ceph status -f json`
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Status {
    #[serde(deserialize_with = "lenient::string")]
    pub fsid: String,
    pub health: Health,
    #[serde(deserialize_with = "lenient::strings")]
    pub quorum_names: Vec<String>,
    pub monmap: MonMapSummary,
    pub osdmap: OsdMapSummary,
    pub pgmap: PgMap,
    pub mgrmap: MgrMapSummary,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct MonMapSummary {
    #[serde(deserialize_with = "lenient::u64")]
    pub num_mons: u64,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct MgrMapSummary {
    #[serde(deserialize_with = "lenient::bool")]
    pub available: bool,
    #[serde(deserialize_with = "lenient::u64")]
    pub num_standbys: u64,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct OsdMapSummary {
    #[serde(deserialize_with = "lenient::u64")]
    pub num_osds: u64,
    #[serde(deserialize_with = "lenient::u64")]
    pub num_up_osds: u64,
    #[serde(deserialize_with = "lenient::u64")]
    pub num_in_osds: u64,
    #[serde(deserialize_with = "lenient::u64")]
    pub num_remapped_pgs: u64,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct PgState {
    #[serde(deserialize_with = "lenient::string")]
    pub state_name: String,
    #[serde(deserialize_with = "lenient::u64")]
    pub count: u64,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct PgMap {
    #[serde(deserialize_with = "lenient::vec")]
    pub pgs_by_state: Vec<PgState>,
    #[serde(deserialize_with = "lenient::u64")]
    pub num_pgs: u64,
    #[serde(deserialize_with = "lenient::u64")]
    pub num_pools: u64,
    #[serde(deserialize_with = "lenient::u64")]
    pub num_objects: u64,
    #[serde(deserialize_with = "lenient::u64")]
    pub data_bytes: u64,
    #[serde(deserialize_with = "lenient::u64")]
    pub bytes_used: u64,
    #[serde(deserialize_with = "lenient::u64")]
    pub bytes_avail: u64,
    #[serde(deserialize_with = "lenient::u64")]
    pub bytes_total: u64,
    #[serde(deserialize_with = "lenient::u64")]
    pub read_bytes_sec: u64,
    #[serde(deserialize_with = "lenient::u64")]
    pub write_bytes_sec: u64,
    #[serde(deserialize_with = "lenient::u64")]
    pub read_op_per_sec: u64,
    #[serde(deserialize_with = "lenient::u64")]
    pub write_op_per_sec: u64,
    #[serde(deserialize_with = "lenient::u64")]
    pub recovering_bytes_per_sec: u64,
    #[serde(deserialize_with = "lenient::u64")]
    pub degraded_objects: u64,
    #[serde(deserialize_with = "lenient::u64")]
    pub degraded_total: u64,
    #[serde(deserialize_with = "lenient::f64")]
    pub degraded_ratio: f64,
    #[serde(deserialize_with = "lenient::u64")]
    pub misplaced_objects: u64,
}

// ---------------------------------------------------------------------------------------------
// osd df [tree]

/// `ceph osd df [tree] -f json`
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct OsdDf {
    #[serde(deserialize_with = "lenient::vec")]
    pub nodes: Vec<OsdDfNode>,
    #[serde(deserialize_with = "lenient::vec")]
    pub stray: Vec<OsdDfNode>,
    pub summary: OsdDfSummary,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct OsdDfNode {
    #[serde(deserialize_with = "lenient::i64")]
    pub id: i64,
    #[serde(deserialize_with = "lenient::string")]
    pub name: String,
    #[serde(rename = "type", deserialize_with = "lenient::string")]
    pub kind: String,
    #[serde(deserialize_with = "lenient::ids")]
    pub children: Vec<i64>,
    #[serde(deserialize_with = "lenient::string")]
    pub device_class: String,
    #[serde(deserialize_with = "lenient::f64")]
    pub crush_weight: f64,
    #[serde(deserialize_with = "lenient::f64")]
    pub reweight: f64,
    #[serde(deserialize_with = "lenient::u64")]
    pub kb: u64,
    #[serde(deserialize_with = "lenient::u64")]
    pub kb_used: u64,
    #[serde(deserialize_with = "lenient::u64")]
    pub kb_avail: u64,
    #[serde(deserialize_with = "lenient::f64")]
    pub utilization: f64,
    #[serde(deserialize_with = "lenient::f64")]
    pub var: f64,
    #[serde(deserialize_with = "lenient::u64")]
    pub pgs: u64,
    #[serde(deserialize_with = "lenient::string")]
    pub status: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct OsdDfSummary {
    #[serde(deserialize_with = "lenient::u64")]
    pub total_kb: u64,
    #[serde(deserialize_with = "lenient::u64")]
    pub total_kb_used: u64,
    #[serde(deserialize_with = "lenient::f64")]
    pub average_utilization: f64,
    #[serde(deserialize_with = "lenient::f64")]
    pub min_var: f64,
    #[serde(deserialize_with = "lenient::f64")]
    pub max_var: f64,
    #[serde(deserialize_with = "lenient::f64")]
    pub dev: f64,
}

impl OsdDf {
    /// The OSD entries (not hosts/roots).
    pub fn osds(&self) -> impl Iterator<Item = &OsdDfNode> {
        self.nodes
            .iter()
            .chain(&self.stray)
            .filter(|n| n.kind == "osd" || (n.kind.is_empty() && n.id >= 0))
    }

    /// The host (CRUSH bucket of type host) holding each OSD id, from a `tree` listing.
    pub fn host_of(&self) -> BTreeMap<i64, String> {
        let mut m = BTreeMap::new();
        for n in self.nodes.iter().filter(|n| n.kind == "host") {
            for c in &n.children {
                m.insert(*c, n.name.clone());
            }
        }
        m
    }
}

// ---------------------------------------------------------------------------------------------
// osd dump / osd pool ls detail

/// `ceph osd dump -f json`
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct OsdDump {
    #[serde(deserialize_with = "lenient::u64")]
    pub epoch: u64,
    #[serde(deserialize_with = "lenient::strings")]
    pub flags_set: Vec<String>,
    #[serde(deserialize_with = "lenient::f64")]
    pub full_ratio: f64,
    #[serde(deserialize_with = "lenient::f64")]
    pub backfillfull_ratio: f64,
    #[serde(deserialize_with = "lenient::f64")]
    pub nearfull_ratio: f64,
    #[serde(deserialize_with = "lenient::vec")]
    pub pools: Vec<Pool>,
    #[serde(deserialize_with = "lenient::vec")]
    pub osds: Vec<OsdState>,
    #[serde(deserialize_with = "lenient::map")]
    pub erasure_code_profiles: BTreeMap<String, BTreeMap<String, serde_json::Value>>,
}

impl OsdDump {
    pub fn osd(&self, id: u32) -> Option<&OsdState> {
        self.osds.iter().find(|o| o.osd == id as i64)
    }
    /// Near-full ratio, Ceph's default (0.85) when absent.
    pub fn nearfull(&self) -> f64 {
        if self.nearfull_ratio > 0.0 {
            self.nearfull_ratio
        } else {
            0.85
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct OsdState {
    #[serde(deserialize_with = "lenient::i64")]
    pub osd: i64,
    #[serde(deserialize_with = "lenient::bool")]
    pub up: bool,
    #[serde(rename = "in", deserialize_with = "lenient::bool")]
    pub is_in: bool,
    #[serde(deserialize_with = "lenient::f64")]
    pub weight: f64,
    #[serde(deserialize_with = "lenient::strings")]
    pub state: Vec<String>,
}

impl OsdState {
    pub fn has_state(&self, s: &str) -> bool {
        self.state.iter().any(|x| x == s)
    }
}

/// One pool, as in `osd dump` (`pool`) or `osd pool ls detail` (`pool_id`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Pool {
    #[serde(alias = "pool_id", rename = "pool", deserialize_with = "lenient::i64")]
    pub id: i64,
    #[serde(deserialize_with = "lenient::string")]
    pub pool_name: String,
    /// 1 = replicated, 3 = erasure.
    #[serde(rename = "type", deserialize_with = "lenient::u64")]
    pub kind: u64,
    #[serde(deserialize_with = "lenient::u64")]
    pub size: u64,
    #[serde(deserialize_with = "lenient::u64")]
    pub min_size: u64,
    #[serde(deserialize_with = "lenient::u64")]
    pub pg_num: u64,
    #[serde(deserialize_with = "lenient::u64")]
    pub pg_num_target: u64,
    #[serde(deserialize_with = "lenient::string")]
    pub pg_autoscale_mode: String,
    #[serde(deserialize_with = "lenient::string")]
    pub erasure_code_profile: String,
    #[serde(deserialize_with = "lenient::u64")]
    pub quota_max_bytes: u64,
    #[serde(deserialize_with = "lenient::u64")]
    pub quota_max_objects: u64,
}

impl Pool {
    pub fn is_erasure(&self) -> bool {
        self.kind == 3
    }
}

// ---------------------------------------------------------------------------------------------
// df detail

/// `ceph df [detail] -f json`
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Df {
    pub stats: DfStats,
    #[serde(deserialize_with = "lenient::vec")]
    pub pools: Vec<DfPool>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct DfStats {
    #[serde(deserialize_with = "lenient::u64")]
    pub total_bytes: u64,
    #[serde(deserialize_with = "lenient::u64")]
    pub total_avail_bytes: u64,
    #[serde(deserialize_with = "lenient::u64")]
    pub total_used_raw_bytes: u64,
    #[serde(deserialize_with = "lenient::f64")]
    pub total_used_raw_ratio: f64,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct DfPool {
    #[serde(deserialize_with = "lenient::string")]
    pub name: String,
    #[serde(deserialize_with = "lenient::i64")]
    pub id: i64,
    pub stats: DfPoolStats,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct DfPoolStats {
    #[serde(deserialize_with = "lenient::u64")]
    pub stored: u64,
    #[serde(deserialize_with = "lenient::u64")]
    pub objects: u64,
    #[serde(deserialize_with = "lenient::u64")]
    pub bytes_used: u64,
    #[serde(deserialize_with = "lenient::f64")]
    pub percent_used: f64,
    #[serde(deserialize_with = "lenient::u64")]
    pub max_avail: u64,
    #[serde(deserialize_with = "lenient::u64")]
    pub quota_objects: u64,
    #[serde(deserialize_with = "lenient::u64")]
    pub quota_bytes: u64,
}

// ---------------------------------------------------------------------------------------------
// mgr modules: crash, balancer, autoscaler

/// One entry of `ceph crash ls[-new] -f json`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Crash {
    #[serde(deserialize_with = "lenient::string")]
    pub crash_id: String,
    #[serde(deserialize_with = "lenient::string")]
    pub entity_name: String,
    #[serde(deserialize_with = "lenient::string")]
    pub timestamp: String,
    #[serde(
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub archived: Option<String>,
    #[serde(deserialize_with = "lenient::string")]
    pub utsname_hostname: String,
    #[serde(deserialize_with = "lenient::string")]
    pub process_name: String,
}

/// `ceph balancer status -f json`
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Balancer {
    #[serde(deserialize_with = "lenient::bool")]
    pub active: bool,
    #[serde(deserialize_with = "lenient::string")]
    pub mode: String,
    #[serde(deserialize_with = "lenient::string")]
    pub optimize_result: String,
    #[serde(deserialize_with = "lenient::bool")]
    pub no_optimization_needed: bool,
}

/// One entry of `ceph osd pool autoscale-status -f json`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Autoscale {
    #[serde(deserialize_with = "lenient::string")]
    pub pool_name: String,
    #[serde(deserialize_with = "lenient::i64")]
    pub pool_id: i64,
    #[serde(deserialize_with = "lenient::string")]
    pub pg_autoscale_mode: String,
    #[serde(deserialize_with = "lenient::u64")]
    pub pg_num_target: u64,
    #[serde(deserialize_with = "lenient::u64")]
    pub pg_num_final: u64,
    #[serde(deserialize_with = "lenient::bool")]
    pub would_adjust: bool,
    #[serde(deserialize_with = "lenient::bool")]
    pub bulk: bool,
}

// ---------------------------------------------------------------------------------------------
// maintenance checks

/// `ceph osd ok-to-stop ID -f json` (rc 16 with this JSON on stdout when not ok).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct OkToStop {
    #[serde(deserialize_with = "lenient::bool")]
    pub ok_to_stop: bool,
    #[serde(deserialize_with = "lenient::ids")]
    pub osds: Vec<i64>,
    #[serde(deserialize_with = "lenient::u64")]
    pub num_ok_pgs: u64,
    #[serde(deserialize_with = "lenient::u64")]
    pub num_not_ok_pgs: u64,
    #[serde(deserialize_with = "lenient::strings")]
    pub bad_become_inactive: Vec<String>,
}

/// `ceph osd safe-to-destroy ID -f json` (rc 0 either way; the lists say why).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct SafeToDestroy {
    #[serde(deserialize_with = "lenient::ids")]
    pub safe_to_destroy: Vec<i64>,
    #[serde(deserialize_with = "lenient::ids")]
    pub active: Vec<i64>,
    #[serde(deserialize_with = "lenient::ids")]
    pub missing_stats: Vec<i64>,
    #[serde(deserialize_with = "lenient::ids")]
    pub stored_pgs: Vec<i64>,
}

impl SafeToDestroy {
    pub fn is_safe(&self, id: u32) -> bool {
        self.safe_to_destroy.contains(&(id as i64))
    }

    /// Why an OSD is not safe to destroy, in plain words.
    pub fn reason(&self, id: u32) -> String {
        let id = id as i64;
        let mut r = Vec::new();
        if self.active.contains(&id) {
            r.push("it still holds active PGs (wait until its data has moved: `ceph osd out` first, then until all PGs are active+clean)");
        }
        if self.stored_pgs.contains(&id) {
            r.push("it still stores PG data that has no other copy yet");
        }
        if self.missing_stats.contains(&id) {
            r.push("the cluster has no PG statistics for it yet (try again in a minute)");
        }
        if r.is_empty() {
            r.push("Ceph did not list it as safe to destroy");
        }
        r.join("; ")
    }
}

/// Parses an OSD id exactly: `N` or `osd.N`, decimal digits only, no sign, no leading zeros,
/// no surrounding text — so `osd.1` never matches `osd.10` (the legacy grep bug).
pub fn parse_osd_id(s: &str) -> Result<u32, String> {
    let digits = s.strip_prefix("osd.").unwrap_or(s);
    let bad = || format!("`{s}` is not an OSD id (expected N or osd.N, e.g. osd.3)");
    if digits.is_empty()
        || !digits.bytes().all(|b| b.is_ascii_digit())
        || (digits.len() > 1 && digits.starts_with('0'))
    {
        return Err(bad());
    }
    digits.parse::<u32>().map_err(|_| bad())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> String {
        let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/ceph")
            .join(name);
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    }

    #[test]
    fn osd_ids_match_exactly() {
        assert_eq!(parse_osd_id("osd.1"), Ok(1));
        assert_eq!(parse_osd_id("10"), Ok(10));
        assert_eq!(parse_osd_id("0"), Ok(0));
        for bad in [
            "osd.",
            "osd.1x",
            "osd.01",
            "-1",
            "+1",
            "osd.1 ",
            "osd1",
            "1.0",
            "",
            "osd.99999999999",
        ] {
            assert!(parse_osd_id(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn health_gate_holds_on_muted_checks() {
        // Recorded from real Ceph 18.2.7 (Debian 13; tests/fixtures/ceph/README.md, `reef-*`).
        let ok: Status = parse("status", &fixture("reef-healthy-status.json")).unwrap();
        assert_eq!(ok.health.gate(), Ok(()));
        let broken: Status = parse("status", &fixture("reef-mgr-pyo3-status.json")).unwrap();
        let e = broken.health.gate().unwrap_err();
        assert!(
            e.starts_with(
                "Ceph is HEALTH_WARN, not HEALTH_OK: MGR_MODULE_DEPENDENCY (11 mgr modules"
            ),
            "{e}"
        );
        // Muted: Ceph itself says HEALTH_OK; the gate must not.
        let muted: Status = parse("status", &fixture("reef-muted-status.json")).unwrap();
        assert_eq!(muted.health.status, "HEALTH_OK");
        let e = muted.health.gate().unwrap_err();
        assert!(
            e.contains("only because these checks are muted: MGR_MODULE_DEPENDENCY"),
            "{e}"
        );
        assert!(
            e.contains("`ceph health unmute MGR_MODULE_DEPENDENCY`"),
            "{e}"
        );
        // Bookworm's recorded healthy cluster passes too.
        let p16: Status = parse("status", &fixture("01-healthy-status.json")).unwrap();
        assert_eq!(p16.health.gate(), Ok(()));
    }

    #[test]
    fn parses_recorded_status_and_health() {
        // Recorded from a real Ceph 16.2.15 cluster (see tests/fixtures/ceph/README.md).
        let s: Status = parse("status", &fixture("04-osd-down-status.json")).unwrap();
        assert_eq!(s.health.status, "HEALTH_WARN");
        assert_eq!(s.osdmap.num_osds, 3);
        assert_eq!(s.osdmap.num_up_osds, 2);
        assert_eq!(s.pgmap.degraded_objects, 31);
        assert!(s.health.checks.contains_key("OSD_DOWN"));
        let h: Health = parse("health detail", &fixture("08-crashed-health-detail.json")).unwrap();
        assert_eq!(h.checks["RECENT_CRASH"].detail.len(), 1);
        let s: Status = parse("status", &fixture("03-loaded-status.json")).unwrap();
        assert_eq!(s.pgmap.write_bytes_sec, 6707462);
    }

    #[test]
    fn parses_recorded_osd_and_pool_views() {
        let t: OsdDf = parse("osd df tree", &fixture("03-loaded-osd-df-tree.json")).unwrap();
        assert_eq!(t.osds().count(), 3);
        assert_eq!(t.host_of()[&1], "vm");
        let d: OsdDump = parse("osd dump", &fixture("05-noout-osd-dump.json")).unwrap();
        assert!(d.flags_set.iter().any(|f| f == "noout"));
        assert!(!d.osd(2).unwrap().up);
        assert!(d.osd(2).unwrap().is_in);
        assert!(d.osd(10).is_none());
        assert!((d.nearfull() - 0.85).abs() < 1e-6);
        let pools: Vec<Pool> = parse(
            "osd pool ls detail",
            &fixture("03-loaded-pool-ls-detail.json"),
        )
        .unwrap();
        assert_eq!(pools[1].id, 2);
        assert_eq!(pools[1].size, 2);
        let df: Df = parse("df detail", &fixture("03-loaded-df-detail.json")).unwrap();
        assert_eq!(df.pools[1].stats.stored, 67108992);
        let c: Vec<Crash> = parse("crash ls", &fixture("08-crash-ls.json")).unwrap();
        assert_eq!(c[0].entity_name, "osd.2");
        assert!(c[0].archived.is_none());
        let c: Vec<Crash> = parse("crash ls", &fixture("09-archived-crash-ls.json")).unwrap();
        assert!(c[0].archived.is_some());
        let b: Balancer = parse(
            "balancer status",
            &fixture("03-loaded-balancer-status.json"),
        )
        .unwrap();
        assert!(b.active);
        assert_eq!(b.mode, "upmap");
        let a: Vec<Autoscale> = parse(
            "osd pool autoscale-status",
            &fixture("03-loaded-autoscale-status.json"),
        )
        .unwrap();
        assert_eq!((a[1].pg_num_target, a[1].pg_num_final), (8, 32));
    }

    #[test]
    fn odd_values_do_not_fail() {
        let s: Status = parse(
            "status",
            r#"{"health":{"status":null,"checks":{"X":5,"Y":{"severity":7}}},"osdmap":{"num_osds":"3","num_up_osds":2.0},"pgmap":{"pgs_by_state":[1,{"state_name":"active+clean","count":-4}]}}"#,
        )
        .unwrap();
        assert_eq!(s.osdmap.num_osds, 3);
        assert_eq!(s.osdmap.num_up_osds, 2);
        assert_eq!(s.health.checks.len(), 1);
        assert_eq!(s.pgmap.pgs_by_state.len(), 1);
        assert!(parse::<Status>("status", "").is_err());
        assert!(parse::<Status>("status", "Error EINVAL").is_err());
    }
}
