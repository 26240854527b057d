//! cephctl against a REAL one-node Ceph 16 cluster (3 bluestore OSDs on files) started once by
//! scripts/ceph-start: healthy, balancer off, pool with data, noout (cluster-wide and per OSD),
//! ok-to-stop / safe-destroy refusals, an OSD down (OSD_DOWN, degraded PGs), a real crash posted
//! with `ceph crash post`, and finally the monitors gone. One cluster start (~15 s) for the
//! whole sequence; the drop guard stops it by PID.
//!
//! Parser unit tests on recorded JSON from the same kind of cluster live in src/model/ceph*.rs.

mod common;

use std::process::Output;
use std::time::{Duration, Instant};

use common::ceph::Ceph;
use common::Sandbox;
use serde_json::Value;

struct Ctl<'a> {
    sb: &'a Sandbox,
    ceph: &'a Ceph,
}

impl Ctl<'_> {
    /// `cephctl ARGS` (cluster from `[ceph] conf/keyring` in the sandbox config); returns the
    /// output and the ceph commands the execution layer ran or planned.
    fn run(&self, args: &[&str]) -> (Output, Vec<Vec<String>>) {
        let _ = std::fs::remove_file(self.sb.exec_log());
        let out = self
            .sb
            .cmd_as("cephctl")
            .args(args)
            .env_remove("CEPH_ARGS")
            .env_remove("CEPH_CONF")
            .output()
            .unwrap();
        let calls = self
            .sb
            .exec_entries()
            .iter()
            .map(|e| {
                e["argv"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|a| a.as_str().unwrap().to_string())
                    .collect()
            })
            .collect();
        (out, calls)
    }

    /// Runs a read command with --json, checks the exit code and the call budget.
    fn json(&self, args: &[&str], code: i32) -> Value {
        let mut a = args.to_vec();
        a.push("--json");
        let (out, calls) = self.run(&a);
        assert_eq!(
            out.status.code(),
            Some(code),
            "cephctl {args:?}: stdout {} stderr {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert_budget(args, &calls);
        let s = String::from_utf8_lossy(&out.stdout);
        serde_json::from_str(s.lines().last().unwrap_or(""))
            .unwrap_or_else(|e| panic!("cephctl {args:?}: {e}: {s}"))
    }

    fn text(&self, args: &[&str], code: i32) -> String {
        let (out, calls) = self.run(args);
        assert_eq!(
            out.status.code(),
            Some(code),
            "cephctl {args:?}: stdout {} stderr {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert_budget(args, &calls);
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    }

    fn osd_flags(&self, id: i64) -> Vec<String> {
        let d = self.ceph.json(&["osd", "dump"]);
        d["osds"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["osd"] == id)
            .map(|o| {
                o["state"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|s| s.as_str().unwrap().to_string())
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// Every ceph call passes --connect-timeout; reads pass -f json; at most 3 calls per command.
fn assert_budget(args: &[&str], calls: &[Vec<String>]) {
    let ceph: Vec<&Vec<String>> = calls.iter().filter(|c| c[0] == "ceph").collect();
    let reads = ceph
        .iter()
        .filter(|c| c.windows(2).any(|w| w[0] == "-f" && w[1] == "json"))
        .count();
    // `pg balance --apply` adds one call per recommendation it applies.
    let limited = if args.contains(&"--apply") {
        reads
    } else {
        ceph.len()
    };
    assert!(
        limited <= 3,
        "cephctl {args:?} made {} ceph calls: {ceph:?}",
        ceph.len()
    );
    for c in ceph {
        assert!(c.iter().any(|a| a == "--connect-timeout"), "{c:?}");
        let is_setter = c.iter().any(|a| {
            [
                "set",
                "unset",
                "add-noout",
                "rm-noout",
                "out",
                "in",
                "destroy",
                "on",
                "mode",
            ]
            .contains(&a.as_str())
        }) && !c
            .iter()
            .any(|a| a == "ok-to-stop" || a == "safe-to-destroy");
        if !is_setter {
            assert!(
                c.windows(2).any(|w| w[0] == "-f" && w[1] == "json"),
                "{c:?}"
            );
        }
    }
}

fn check(v: &Value, code: &str) -> Option<Value> {
    v["checks"]
        .as_array()
        .or(v["alerts"].as_array())
        .and_then(|a| a.iter().find(|c| c["code"] == code).cloned())
}

#[test]
fn cephctl_against_a_real_cluster() {
    let t0 = Instant::now();
    let Some(ceph) = Ceph::start("cephctl_against_a_real_cluster", 3) else {
        return;
    };
    eprintln!("cluster up in {:?}", t0.elapsed());
    let sb = Sandbox::new();
    sb.write_config(&format!(
        "[ceph]\nconf = \"{}\"\nkeyring = \"{}\"\nconnect_timeout = 10\n",
        ceph.conf().display(),
        ceph.keyring().display()
    ));
    let ctl = Ctl {
        sb: &sb,
        ceph: &ceph,
    };

    // ---- healthy -------------------------------------------------------------------------
    let s = ctl.json(&["status"], 0);
    assert_eq!(s["health"], "HEALTH_OK");
    assert_eq!(s["osds"]["total"], 3);
    assert_eq!(s["osds"]["up"], 3);
    assert_eq!(s["osds"]["in"], 3);
    assert!(s["capacity"]["total_bytes"].as_u64().unwrap() > 0);
    assert!(s["checks"].as_array().unwrap().is_empty());
    let text = ctl.text(&["status"], 0);
    assert!(
        text.contains("HEALTH_OK") && text.contains("3 total, 3 up, 3 in"),
        "{text}"
    );
    let a = ctl.json(&["alerts"], 0);
    assert_eq!(a["status"], "ok");
    assert!(a["alerts"].as_array().unwrap().is_empty());

    // The cluster can be named by flags, CEPH_CONF or CEPH_ARGS too (config cleared here).
    let plain = Sandbox::new();
    let conf = ceph.conf().display().to_string();
    let keyring = ceph.keyring().display().to_string();
    for (how, args, env) in [
        (
            "flags",
            vec!["--conf", conf.as_str(), "--keyring", keyring.as_str()],
            None,
        ),
        ("CEPH_CONF", vec![], Some(("CEPH_CONF", conf.clone()))),
        (
            "CEPH_ARGS",
            vec![],
            Some(("CEPH_ARGS", format!("-c {conf} --keyring {keyring}"))),
        ),
    ] {
        let mut c = plain.cmd_as("cephctl");
        c.env_remove("CEPH_ARGS").env_remove("CEPH_CONF");
        if let Some((k, v)) = env {
            c.env(k, v);
        }
        let out = c.args(["status", "--json"]).args(&args).output().unwrap();
        assert!(
            out.status.success(),
            "{how}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("\"health\":\"HEALTH_OK\""),
            "{how}"
        );
    }

    let osds = ctl.json(&["osd", "list"], 0);
    let rows = osds.as_array().unwrap();
    assert_eq!(rows.len(), 3);
    for r in rows {
        assert_eq!(r["up"], true);
        assert_eq!(r["in"], true);
        assert!(!r["host"].as_str().unwrap().is_empty());
        assert!(r["size_bytes"].as_u64().unwrap() > 0);
    }

    // ---- pg balance: balancer off → recommendation, --dry-run shows it, --apply runs it ----
    assert!(ceph.ceph(&["balancer", "off"]).status.success());
    let b = ctl.json(&["pg", "balance"], 0);
    assert_eq!(b["balancer_active"], false);
    let recs: Vec<String> = b["recommendations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["args"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_str().unwrap())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    assert_eq!(recs, ["balancer on"]);
    let text = ctl.text(&["pg", "balance"], 0);
    assert!(
        text.contains("  ceph balancer on"),
        "exact command printed: {text}"
    );
    let (out, calls) = ctl.run(&["pg", "balance", "--apply", "--dry-run"]);
    assert!(out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("would run: ceph -c"),
        "plan shown"
    );
    assert!(calls
        .iter()
        .any(|c| c.ends_with(&["balancer".to_string(), "on".to_string()])));
    assert_eq!(
        ceph.json(&["balancer", "status"])["active"],
        false,
        "dry run changed nothing"
    );
    let text = ctl.text(&["pg", "balance", "--apply"], 0);
    assert!(text.contains("applied: ceph balancer on"), "{text}");
    assert_eq!(ceph.json(&["balancer", "status"])["active"], true);
    assert!(sb
        .audit_entries()
        .iter()
        .any(|e| e["command"].as_str().unwrap_or("").ends_with("balancer on")));

    // ---- a replicated pool with data; capacity + fill projection from the history --------
    assert!(ceph
        .ceph(&["osd", "pool", "create", "rbd-test", "8"])
        .status
        .success());
    assert!(ceph
        .ceph(&["osd", "pool", "set", "rbd-test", "size", "2"])
        .status
        .success());
    assert!(ceph
        .ceph(&["osd", "pool", "application", "enable", "rbd-test", "rbd"])
        .status
        .success());
    let blob = sb.path().join("blob");
    std::fs::write(&blob, vec![7u8; 1 << 20]).unwrap();
    for i in 0..6 {
        ceph.rados_put("rbd-test", &format!("obj{i}"), &blob);
    }
    ceph.wait_clean(120);
    // Pool statistics lag behind the writes (the mgr aggregates OSD reports): wait until they
    // show ALL the data the assertions below need, not merely some.
    let end = Instant::now() + Duration::from_secs(90);
    let stored = || -> u64 {
        ceph.json(&["df"])["pools"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == "rbd-test")
            .and_then(|p| p["stats"]["stored"].as_u64())
            .unwrap_or(0)
    };
    while stored() < 6 << 20 {
        assert!(
            Instant::now() < end,
            "pool stats never showed the 6 MiB written: {}",
            stored()
        );
        std::thread::sleep(Duration::from_millis(500));
    }
    // An older sample, as the hourly timer would have left: 2 days ago the pool was empty.
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let hist = sb.path().join("state/ceph-pool-history.json");
    std::fs::create_dir_all(hist.parent().unwrap()).unwrap();
    std::fs::write(
        &hist,
        format!(
            r#"{{"version":1,"samples":[{{"t":{},"stored":{{"rbd-test":0}},"max_avail":{{}}}}]}}"#,
            now - 2 * 86_400
        ),
    )
    .unwrap();
    let pools = ctl.json(&["pool", "capacity", "--record"], 0);
    let p = pools
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "rbd-test")
        .unwrap()
        .clone();
    assert_eq!(p["protection"], "2 replicas");
    assert_eq!(p["pg_num"], 8);
    assert!(p["stored_bytes"].as_u64().unwrap() >= 6 << 20, "{p}");
    assert!(p["max_avail_bytes"].as_u64().unwrap() > 0);
    let proj = &p["projection"];
    assert_eq!(proj["samples"], 2, "{p}");
    assert!(proj["growth_bytes_per_day"].as_f64().unwrap() > 0.0);
    assert!(proj["days_until_full"].as_f64().unwrap() > 0.0);
    let saved: Value = serde_json::from_str(&std::fs::read_to_string(&hist).unwrap()).unwrap();
    assert_eq!(saved["samples"].as_array().unwrap().len(), 2);
    let text = ctl.text(&["pool", "capacity"], 0);
    assert!(
        text.contains("rbd-test") && text.contains("days (+"),
        "{text}"
    );

    // ---- ok-to-stop: the OSD holding the size-1 pool's only PG must not stop --------------
    let holder = ceph.json(&["pg", "map", "1.0"])["acting"][0]
        .as_i64()
        .unwrap();
    let other = (0..3).find(|i| *i != holder).unwrap();
    let v = ctl.json(&["ok-to-stop", &format!("osd.{holder}")], 1);
    assert_eq!(v["ok_to_stop"], false);
    assert!(v["bad_become_inactive"].to_string().contains("1.0"), "{v}");
    let v = ctl.json(&["ok-to-stop", &other.to_string()], 0);
    assert_eq!(v["ok_to_stop"], true);
    // exact ids: a non-existent OSD is an error (Ceph itself says "ok" for it), junk is usage
    let text = ctl.text(&["ok-to-stop", "osd.7"], 5);
    assert!(text.contains("osd.7 does not exist"), "{text}");
    ctl.text(&["ok-to-stop", "osd.1x"], 2);
    // safe-destroy refuses an OSD that holds data, and never calls `osd destroy`
    let (out, calls) = ctl.run(&["osd", "safe-destroy", &other.to_string(), "--yes"]);
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("not safe to destroy"));
    assert!(
        !calls.iter().any(|c| c.contains(&"destroy".to_string())),
        "{calls:?}"
    );

    // ---- noout: cluster-wide, then for one OSD only ---------------------------------------
    ctl.text(&["noout", "set"], 0);
    assert!(ceph.json(&["osd", "dump"])["flags_set"]
        .to_string()
        .contains("noout"));
    let a = ctl.json(&["alerts"], 1);
    let f = check(&a, "OSDMAP_FLAGS").expect("OSDMAP_FLAGS alert");
    assert!(f["action"]
        .as_str()
        .unwrap()
        .contains("cephctl noout unset"));
    ctl.text(&["noout", "unset"], 0);
    assert!(!ceph.json(&["osd", "dump"])["flags_set"]
        .to_string()
        .contains("noout"));
    let o = other.to_string();
    ctl.text(&["noout", "set", "--osd", &o], 0);
    assert!(ctl.osd_flags(other).contains(&"noout".to_string()));
    for i in (0..3).filter(|i| *i != other) {
        assert!(
            !ctl.osd_flags(i).contains(&"noout".to_string()),
            "osd.{i} untouched"
        );
    }
    let a = ctl.json(&["alerts"], 1);
    assert!(check(&a, "OSD_FLAGS").is_some(), "{a}");
    let text = ctl.text(&["noout", "set", "--osd", &o], 0);
    assert!(text.contains("already set"), "{text}");
    ctl.text(&["noout", "unset", "--osd", &o], 0);
    assert!(!ctl.osd_flags(other).contains(&"noout".to_string()));

    // ---- osd out / in: exact ids, dry run, idempotent ------------------------------------
    // Ceph itself exits 0 for `osd out osd.10` on a 3-OSD cluster; cephctl refuses.
    let (out, calls) = ctl.run(&["osd", "out", "10"]);
    assert_eq!(
        out.status.code(),
        Some(5),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !calls.iter().any(|c| c.contains(&"out".to_string())),
        "{calls:?}"
    );
    let text = ctl.text(&["osd", "out", &o, "--dry-run"], 0);
    assert!(
        text.contains("would run: ceph -c") && text.contains(&format!("osd out osd.{other}")),
        "{text}"
    );
    assert_eq!(
        ceph.json(&["osd", "dump"])["osds"][other as usize]["in"],
        1,
        "dry run changed nothing"
    );
    ctl.text(&["osd", "out", &o], 0);
    assert_eq!(ceph.json(&["osd", "dump"])["osds"][other as usize]["in"], 0);
    assert!(ctl.text(&["osd", "out", &o], 0).contains("already out"));
    ctl.text(&["osd", "in", &format!("osd.{other}")], 0);
    assert_eq!(ceph.json(&["osd", "dump"])["osds"][other as usize]["in"], 1);
    ceph.wait_clean(90);
    // The balancer turned on above keeps moving PGs with upmap entries; a PG whose acting set was
    // already remapped away from the OSD we stop reports misplaced, not degraded, data. Switch it
    // off, drop its upmaps and let the placement settle before stopping an OSD.
    assert!(ceph.ceph(&["balancer", "off"]).status.success());
    let dump = ceph.json(&["osd", "dump"]);
    for u in dump["pg_upmap_items"].as_array().into_iter().flatten() {
        if let Some(pg) = u["pgid"].as_str() {
            ceph.ceph(&["osd", "rm-pg-upmap-items", pg]);
        }
    }
    ceph.wait_status("no remapped PGs", 120, |s| {
        s["osdmap"]["num_remapped_pgs"].as_u64() == Some(0)
            && s["pgmap"]["pgs_by_state"]
                .as_array()
                .is_some_and(|a| a.iter().all(|x| x["state_name"] == "active+clean"))
    });

    // ---- an OSD down: OSD_DOWN + degraded PGs -------------------------------------------
    // With size 2 on 3 OSDs a PG may keep a complete stray copy on the third OSD (left by the
    // out/in above) and go active+clean+remapped instead of degraded when an OSD stops (seen
    // in runs). With size 3 on 3 OSDs every PG of the pool has a replica on every OSD and no
    // spare: stopping one always leaves its PGs undersized+degraded.
    assert!(ceph
        .ceph(&["osd", "pool", "set", "rbd-test", "size", "3"])
        .status
        .success());
    ceph.wait_status("rbd-test at size 3, clean", 120, |s| {
        s["pgmap"]["pgs_by_state"]
            .as_array()
            .is_some_and(|a| a.iter().all(|x| x["state_name"] == "active+clean"))
            && s["osdmap"]["num_remapped_pgs"].as_u64() == Some(0)
    });
    let down = other;
    ceph.stop_daemon(&format!("osd.{down}"));
    ceph.wait_status("OSD_DOWN and PG_DEGRADED", 90, |s| {
        s["health"]["checks"].get("OSD_DOWN").is_some()
            && s["health"]["checks"].get("PG_DEGRADED").is_some()
    });
    let s = ctl.json(&["status"], 0);
    assert_eq!(s["health"], "HEALTH_WARN");
    assert_eq!(s["osds"]["up"], 2);
    let c = check(&s, "OSD_DOWN").expect("OSD_DOWN explained");
    assert!(
        c["action"]
            .as_str()
            .unwrap()
            .contains(&format!("ceph-osd@{down}")),
        "{c}"
    );
    assert!(c["detail"].to_string().contains(&format!("osd.{down}")));
    assert!(!c["explanation"].as_str().unwrap().is_empty());
    assert!(check(&s, "PG_DEGRADED").is_some());
    assert!(s["pgs"]["degraded_objects"].as_u64().unwrap() > 0, "{s}");
    let text = ctl.text(&["alerts"], 1);
    assert!(
        text.contains("WARNING  OSD_DOWN") && text.contains("PG_DEGRADED"),
        "{text}"
    );
    let rows = ctl.json(&["osd", "list"], 0);
    let r = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == down)
        .unwrap()
        .clone();
    assert_eq!(r["up"], false);
    assert!(
        r["suggestions"].to_string().contains("down: start it"),
        "{r}"
    );
    // still not safe to destroy: its PGs have no complete second copy elsewhere yet
    let (out, calls) = ctl.run(&["osd", "safe-destroy", &down.to_string(), "--yes"]);
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!calls.iter().any(|c| c.contains(&"destroy".to_string())));
    // Back to size 2: the rest expects the pool to heal on the two OSDs left.
    assert!(ceph
        .ceph(&["osd", "pool", "set", "rbd-test", "size", "2"])
        .status
        .success());

    // ---- a real crash: restart the OSD, SIGABRT it, post its report -----------------------
    ceph.start_daemon(&format!("osd.{down}"));
    let pid = ceph.pid_of(&format!("osd.{down}")).unwrap();
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(pid),
        nix::sys::signal::Signal::SIGABRT,
    )
    .unwrap();
    let end = Instant::now() + Duration::from_secs(30);
    while std::path::Path::new(&format!("/proc/{pid}")).exists()
        && std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|s| !s.contains(") Z "))
    {
        assert!(Instant::now() < end, "osd.{down} did not die");
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = std::fs::remove_file(ceph.dir.join(format!("pids/osd.{down}.pid")));
    let mut posted = 0;
    let end = Instant::now() + Duration::from_secs(30);
    while posted == 0 {
        for e in std::fs::read_dir(ceph.dir.join("crash")).unwrap().flatten() {
            let meta = e.path().join("meta");
            if meta.exists() {
                let out = ceph.ceph(&["crash", "post", "-i", meta.to_str().unwrap()]);
                assert!(
                    out.status.success(),
                    "crash post: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
                posted += 1;
            }
        }
        assert!(Instant::now() < end, "no crash report was written");
        std::thread::sleep(Duration::from_millis(200));
    }
    let end = Instant::now() + Duration::from_secs(30);
    let a = loop {
        let (out, _) = ctl.run(&["alerts", "--json"]);
        let a: Value = serde_json::from_slice(&out.stdout).unwrap();
        if check(&a, "RECENT_CRASH").is_some() {
            assert_eq!(out.status.code(), Some(1));
            break a;
        }
        assert!(Instant::now() < end, "RECENT_CRASH never raised: {a}");
        std::thread::sleep(Duration::from_millis(500));
    };
    let crashes = a["recent_crashes"].as_array().unwrap();
    assert!(
        crashes
            .iter()
            .any(|c| c["entity_name"] == format!("osd.{down}")),
        "{a}"
    );
    let rows = ctl.json(&["osd", "list"], 0);
    let r = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == down)
        .unwrap()
        .clone();
    assert_eq!(r["crashes"], 1);
    assert!(r["suggestions"].to_string().contains("crashed"), "{r}");

    // ---- replace the crashed OSD: out, wait for its data to move, then safe-destroy -------
    ctl.text(&["osd", "out", &down.to_string()], 0);
    ceph.wait_pgs_clean(120);
    let (out, calls) = ctl.run(&["osd", "safe-destroy", &down.to_string()]);
    assert_eq!(out.status.code(), Some(3), "no --yes, no terminal: refused");
    assert!(String::from_utf8_lossy(&out.stderr).contains("needs --yes"));
    assert!(!calls.iter().any(|c| c.contains(&"destroy".to_string())));
    let text = ctl.text(&["osd", "safe-destroy", &down.to_string(), "--dry-run"], 0);
    assert!(
        text.contains(&format!("osd destroy osd.{down} --yes-i-really-mean-it")),
        "{text}"
    );
    assert!(!ctl.osd_flags(down).contains(&"destroyed".to_string()));
    let text = ctl.text(&["osd", "safe-destroy", &down.to_string(), "--yes"], 0);
    assert!(text.contains("destroyed"), "{text}");
    assert!(ctl.osd_flags(down).contains(&"destroyed".to_string()));
    assert!(sb
        .audit_entries()
        .iter()
        .any(|e| e["action"] == "ceph-osd-destroy"));

    // ---- the monitors gone: alerts is critical after the connect timeout ------------------
    ceph.stop_all();
    let started = Instant::now();
    let (out, calls) = ctl.run(&["alerts", "--json", "--cluster-timeout", "3"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let a: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(a["alerts"][0]["code"], "CLUSTER_UNREACHABLE");
    assert!(calls[0]
        .windows(2)
        .any(|w| w[0] == "--connect-timeout" && w[1] == "3"));
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "bounded by --connect-timeout"
    );
    eprintln!("whole real-Ceph sequence took {:?}", t0.elapsed());
}

/// A node without a cluster: one line naming the missing file and how to point at one, instead
/// of librados' "ObjectNotFound('RADOS object not found (error calling conf_read_file)')".
#[test]
fn cephctl_without_a_cluster_names_the_missing_configuration() {
    let sb = Sandbox::new();
    let missing = sb.path().join("no/ceph.conf");
    let out = sb
        .cmd()
        .args(["cephctl", "status"])
        .env("CEPH_CONF", &missing)
        .env_remove("CEPH_ARGS")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(
        err.contains(&format!("{} does not exist", missing.display())),
        "{err}"
    );
    assert!(
        err.contains("--conf FILE, CEPH_CONF or [ceph] conf"),
        "{err}"
    );
    assert!(
        !err.contains("ObjectNotFound") && err.lines().count() == 1,
        "{err}"
    );
}
