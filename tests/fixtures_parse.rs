//! The recorded output of the real tools on BOTH supported releases (tests/fixtures/tools/
//! {debian12,debian13}, written by scripts/record-fixtures; each file's command is in its
//! directory's README.md and INDEX.tsv) fed to the parser the applet uses, with concrete values
//! asserted.
//!
//! "Kept in sync with the live runs": the `live_*` tests re-run, on the running release
//! (/etc/os-release VERSION_ID 12 or 13), the same commands as the recorder, against daemons
//! they start themselves or as self-contained invocations, and fail when the output no longer
//! has the shape of the committed sample (its JSON key paths, its `key:` lines, its line shapes).
//! A tool that is missing makes them skip loudly (tests/common's `skip`).

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Duration;

use debvisor::error::Termination;
use debvisor::exec::Output;
use debvisor::model::cidr::parse_net;
use debvisor::model::cidr_set::Sets;
use debvisor::model::dns::{parse_any_name, parse_server, parse_zone, serial_ge, RType};
use debvisor::model::dns_dig::{self, Query};
use debvisor::model::dns_nsupdate::{self, Failure};
use debvisor::model::virsh::{self as vm, DomState};
use debvisor::model::{domain_xml, k8s, tsig, virsh_list, vm_address};
use debvisor::tools::{delv, etcdctl, nft, nsupdate};
use serde_json::Value;

const RELEASES: [&str; 2] = ["debian12", "debian13"];
const PATH: &str = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

// ---- samples ------------------------------------------------------------------------------------

fn release_dir(rel: &str) -> PathBuf {
    common::repo().join("tests/fixtures/tools").join(rel)
}

/// One row of GROUP/INDEX.tsv: NAME, EXIT ("-" for a copied file), COMMAND as the recorder ran it.
fn index(rel: &str, group: &str) -> Vec<(String, Option<i32>, String)> {
    let p = release_dir(rel).join(group).join("INDEX.tsv");
    let text = std::fs::read_to_string(&p).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (record it: scripts/record-fixtures {rel} {group})",
            p.display()
        )
    });
    text.lines()
        .filter(|l| !l.is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), 4, "{}: bad line {l:?}", p.display());
            (f[0].to_string(), f[1].parse().ok(), f[2].to_string())
        })
        .collect()
}

#[derive(Debug, Clone)]
struct Sample {
    /// debian12/bind/rndc-status
    id: String,
    rc: Option<i32>,
    cmd: String,
    out: String,
    err: String,
    input: Option<String>,
}

impl Sample {
    /// The sample as an execution-layer result (what the applets' parsers receive).
    fn output(&self) -> Output {
        Output {
            status: Termination::Exited(self.rc.expect("a command sample")),
            stdout: self.out.clone(),
            stderr: self.err.clone(),
            duration: Duration::ZERO,
            ran: true,
        }
    }
}

fn sample(rel: &str, group: &str, name: &str) -> Sample {
    let (_, rc, cmd) = index(rel, group)
        .into_iter()
        .find(|(n, ..)| n == name)
        .unwrap_or_else(|| panic!("{rel}/{group}/INDEX.tsv has no sample {name}"));
    let dir = release_dir(rel).join(group);
    let read = |ext: &str| std::fs::read_to_string(dir.join(format!("{name}.{ext}"))).ok();
    Sample {
        id: format!("{rel}/{group}/{name}"),
        rc,
        cmd,
        out: read("out").unwrap_or_else(|| panic!("{rel}/{group}/{name}.out missing")),
        err: read("err").unwrap_or_default(),
        input: read("in"),
    }
}

/// KEY=VALUE lines.
fn env_map(text: &str) -> BTreeMap<String, String> {
    text.lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect()
}

fn v4(s: &str) -> u32 {
    u32::from(s.parse::<std::net::Ipv4Addr>().unwrap())
}

fn sets_of(cidrs: &[&str]) -> Sets {
    let nets: Vec<_> = cidrs
        .iter()
        .map(|c| parse_net(c.as_bytes()).unwrap())
        .collect();
    Sets::from_nets(&nets)
}

#[test]
fn both_releases_have_the_same_samples() {
    for group in ["bind", "nft", "libvirt", "etcd", "kubectl"] {
        let names = |rel: &str| -> BTreeSet<String> {
            index(rel, group).into_iter().map(|(n, ..)| n).collect()
        };
        assert_eq!(
            names("debian12"),
            names("debian13"),
            "{group}: re-record both releases with the same scripts/record-fixtures"
        );
        for rel in RELEASES {
            for (name, ..) in index(rel, group) {
                assert!(
                    release_dir(rel)
                        .join(group)
                        .join(format!("{name}.out"))
                        .exists(),
                    "{rel}/{group}/{name}.out"
                );
            }
            let readme = std::fs::read_to_string(release_dir(rel).join("README.md")).unwrap();
            assert!(readme.contains(&format!("## {group}")), "{rel}/README.md");
        }
    }
}

// ---- BIND ---------------------------------------------------------------------------------------

#[test]
fn bind_tsig_keygen_output_parses_as_key_files() {
    for rel in RELEASES {
        for (name, key, alg) in [
            ("tsig-keygen-hmac-sha256", "fixture-key", "hmac-sha256"),
            (
                "tsig-keygen-hmac-sha512",
                "fixture-key.example",
                "hmac-sha512",
            ),
            ("tsig-keygen-default", "tsig-key", "hmac-sha256"),
        ] {
            let s = sample(rel, "bind", name);
            assert_eq!(s.rc, Some(0), "{}", s.id);
            let keys = tsig::parse(&s.out).unwrap_or_else(|e| panic!("{}: {e}", s.id));
            assert_eq!(keys.len(), 1, "{}", s.id);
            assert_eq!(keys[0].name, key, "{}", s.id);
            assert_eq!(keys[0].algorithm, alg, "{}", s.id);
            let secret =
                tsig::base64_decode(std::str::from_utf8(keys[0].secret.expose()).unwrap()).unwrap();
            assert_eq!(Some(secret.len()), tsig::key_bytes(alg), "{}", s.id);
        }
    }
}

#[test]
fn bind_named_checkconf_reports_file_line_and_reason() {
    for rel in RELEASES {
        let s = sample(rel, "bind", "named-checkconf-ok");
        assert_eq!((s.rc, s.out.as_str(), s.err.as_str()), (Some(0), "", ""));
        for (name, line, reason) in [
            ("named-checkconf-syntax", 3, "missing ';' before '}'"),
            (
                "named-checkconf-badsecret",
                1,
                "bad secret 'bad base64 encoding'",
            ),
            (
                "named-checkconf-missing-include",
                1,
                "parsing failed: file not found",
            ),
        ] {
            let s = sample(rel, "bind", name);
            assert_eq!(s.rc, Some(1), "{}", s.id);
            // named-checkconf prints its errors on stdout (tsig-rotate shows the command's output).
            let want = format!("tests/fixtures/tools/{rel}/bind/{name}.in:{line}: {reason}\n");
            assert_eq!(s.out, want, "{}", s.id);
        }
        // Neither 9.18 nor 9.20 rejects a grant of an undefined key (named logs it at load).
        let s = sample(rel, "bind", "named-checkconf-unknown-key");
        assert_eq!((s.rc, s.out.as_str()), (Some(0), ""), "{}", s.id);
    }
}

#[test]
fn bind_rndc_status_and_reconfig() {
    for (rel, version) in [("debian12", "9.18."), ("debian13", "9.20.")] {
        let s = sample(rel, "bind", "rndc-status");
        assert_eq!(s.rc, Some(0), "{}", s.id);
        let kv = vm::parse_colon_kv(&s.out);
        assert!(
            kv["version"].starts_with(&format!("BIND {version}")),
            "{}",
            s.id
        );
        assert_eq!(
            kv["number of zones"].split(' ').next(),
            Some(if rel == "debian12" { "4" } else { "3" })
        );
        assert!(s.out.lines().any(|l| l == "server is up and running"));
        let s = sample(rel, "bind", "rndc-reconfig");
        assert_eq!((s.rc, s.out.as_str()), (Some(0), ""), "{}", s.id);
        let s = sample(rel, "bind", "rndc-status-refused");
        assert_eq!(s.rc, Some(1));
        assert_eq!(
            s.err,
            "rndc: connect failed: 127.0.0.1#1: connection refused\n"
        );
    }
}

/// The queries of a recorded `dig -f -` batch (its stdin), as dns-update builds them.
fn batch_queries(s: &Sample) -> Vec<Query> {
    s.input
        .as_deref()
        .unwrap_or_else(|| panic!("{}: no batch", s.id))
        .lines()
        .map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            assert_eq!((f.len(), f[1]), (5, "-p"), "{}: {l}", s.id);
            let host = f[0].strip_prefix('@').unwrap();
            Query {
                server: parse_server(&format!("{host}:{}", f[2])).unwrap(),
                name: parse_any_name(f[3]).unwrap(),
                rtype: RType::parse(f[4]).unwrap(),
            }
        })
        .collect()
}

#[test]
fn bind_dig_yaml_batches() {
    for rel in RELEASES {
        let env = env_map(&sample(rel, "bind", "dns.env").out);
        let primary: u16 = env["DNS_PRIMARY_PORT"].parse().unwrap();

        // Fresh server: SOA, A, NXDOMAIN, reverse-zone SOA, the secondary, nothing listening.
        let s = sample(rel, "bind", "dig-batch-fresh");
        assert_eq!(
            s.rc,
            Some(9),
            "{}: dig exits 9 when a server did not answer",
            s.id
        );
        let q = batch_queries(&s);
        let r = dns_dig::parse_yaml(&s.out);
        let paired = dns_dig::pair(&q, r.clone()).unwrap_or_else(|e| panic!("{}: {e}", s.id));
        assert_eq!(paired.len(), 6);
        assert_eq!(r[0].status.as_deref(), Some("NOERROR"), "{}", s.id);
        assert_eq!(r[0].response_port, Some(primary));
        let soa = r[0].soa().unwrap();
        assert_eq!(soa.name, "debvisor.local.");
        let serial = soa.soa_serial().unwrap();
        assert!(serial >= 1, "{}", s.id);
        assert_eq!(r[1].answers("A").next().unwrap().data, "127.0.0.1");
        assert_eq!(r[2].status.as_deref(), Some("NXDOMAIN"));
        assert_eq!(r[2].soa().unwrap().name, "debvisor.local.");
        // The zone of a PTR name: from the SOA in the NXDOMAIN's authority section.
        assert_eq!(r[3].status.as_deref(), Some("NXDOMAIN"));
        assert_eq!(r[3].soa().unwrap().name, "20.10.10.in-addr.arpa.");
        // The secondary had transferred the zone: same serial.
        assert_eq!(r[4].soa().and_then(|s| s.soa_serial()), Some(serial));
        assert_eq!(r[5].status, None);
        assert_eq!(r[5].error.as_deref(), Some("no servers could be reached"));

        // After the updates.
        let s = sample(rel, "bind", "dig-batch-updated");
        let q = batch_queries(&s);
        let r = dns_dig::parse_yaml(&s.out);
        dns_dig::pair(&q, r.clone()).unwrap_or_else(|e| panic!("{}: {e}", s.id));
        let updated = r[0].answers("SOA").next().unwrap().soa_serial().unwrap();
        assert!(
            serial_ge(updated, serial.wrapping_add(1)),
            "{}: {updated} after {serial}",
            s.id
        );
        assert!(!r[1].answers("DNSKEY").next().unwrap().data.is_empty());
        assert_eq!(r[2].answers("A").next().unwrap().data, "10.10.20.7");
        assert_eq!(r[3].answers("AAAA").next().unwrap().data, "2001:db8::7");
        assert_eq!(
            r[4].answers("TXT").next().unwrap().data,
            "\"debvisor-owner=node1\""
        );
        assert_eq!(
            r[5].answers("PTR").next().unwrap().data,
            "vm1.debvisor.local."
        );
        assert_eq!(r[6].soa().unwrap().name, "20.10.10.in-addr.arpa.");
        assert_eq!(
            r[7].answers("A").next().unwrap().data,
            "10.10.20.7",
            "{}: secondary",
            s.id
        );
        assert!(r.iter().all(|x| x.answers("RRSIG").next().is_none()));

        // +dnssec: RRSIGs next to the signed zone's answers, and the trust anchor delv gets.
        let s = sample(rel, "bind", "dig-batch-dnssec");
        let q = batch_queries(&s);
        let r = dns_dig::parse_yaml(&s.out);
        dns_dig::pair(&q, r.clone()).unwrap_or_else(|e| panic!("{}: {e}", s.id));
        assert_eq!(
            r[2].answers("RRSIG").next().and_then(|x| x.rrsig_covers()),
            Some("A")
        );
        assert_eq!(
            r[5].answers("RRSIG").count(),
            0,
            "the reverse zone is not signed"
        );
        let keys: Vec<String> = r[1].answers("DNSKEY").map(|k| k.data.clone()).collect();
        let zone = parse_zone("debvisor.local").unwrap();
        let anchor = delv::anchor_from_dnskeys(&zone, &keys).unwrap();
        assert_eq!(
            Some(anchor),
            sample(rel, "bind", "delv-validated").input,
            "{}: the anchor from the DNSKEY answer is the one delv validated with",
            s.id
        );

        // health-check's `dig +short SOA`: the third field is the serial.
        let s = sample(rel, "bind", "dig-short-soa");
        let f: Vec<&str> = s.out.split_whitespace().collect();
        assert_eq!(f.len(), 7, "{}", s.id);
        assert_eq!(f[0], "ns1.debvisor.local.");
        assert!(serial_ge(f[2].parse().unwrap(), updated), "{}", s.id);
        let s = sample(rel, "bind", "dig-short-soa-unserved");
        assert_eq!((s.rc, s.out.trim()), (Some(0), ""), "{}", s.id);
    }
}

#[test]
fn bind_nsupdate_replies_and_failures() {
    for rel in RELEASES {
        let key = std::path::Path::new("/k");
        let judge = |name: &str, messages: usize| {
            let s = sample(rel, "bind", name);
            (
                s.clone(),
                nsupdate::outcome(&s.output(), messages, "SERVER", key),
            )
        };
        let (s, o) = judge("nsupdate-ok", 2);
        assert_eq!(o.statuses, ["NOERROR", "NOERROR"], "{}", s.id);
        assert!(o.failure.is_none(), "{}: {:?}", s.id, o.failure);
        for (name, messages, statuses, kind, says) in [
            (
                "nsupdate-yxrrset",
                2,
                &["YXRRSET", "YXRRSET"][..],
                Failure::Concurrent,
                "YXRRSET",
            ),
            (
                "nsupdate-badsig",
                1,
                &["NOTAUTH"][..],
                Failure::Auth,
                "BADSIG",
            ),
            (
                "nsupdate-badkey",
                1,
                &["NOTAUTH"][..],
                Failure::Auth,
                "BADKEY",
            ),
            (
                "nsupdate-refused",
                1,
                &["REFUSED"][..],
                Failure::Refused,
                "REFUSED",
            ),
            (
                "nsupdate-notauth",
                1,
                &["NOTAUTH"][..],
                Failure::WrongZone,
                "NOTAUTH",
            ),
            (
                "nsupdate-notzone",
                1,
                &["NOTZONE"][..],
                Failure::WrongZone,
                "NOTZONE",
            ),
            (
                "nsupdate-nokeyfile",
                1,
                &["REFUSED"][..],
                Failure::Auth,
                "could not read the TSIG key",
            ),
            (
                "nsupdate-unreachable",
                1,
                &[][..],
                Failure::Unreachable,
                "cannot reach",
            ),
            (
                "nsupdate-timeout",
                1,
                &[][..],
                Failure::Timeout,
                "did not answer the update in time",
            ),
            (
                "nsupdate-syntax",
                1,
                &[][..],
                Failure::Syntax,
                "invalid owner name",
            ),
            (
                "nsupdate-bad-rdata",
                1,
                &[][..],
                Failure::Syntax,
                "rejected the update script",
            ),
        ] {
            let (s, o) = judge(name, messages);
            assert_ne!(s.rc, Some(0), "{}", s.id);
            assert_eq!(o.statuses, statuses, "{}", s.id);
            let d = o
                .failure
                .unwrap_or_else(|| panic!("{}: judged a success", s.id));
            assert_eq!(d.kind, kind, "{}: {}", s.id, d.message);
            assert!(d.message.contains(says), "{}: {}", s.id, d.message);
        }
    }
}

#[test]
fn bind_delv_verdicts() {
    for rel in RELEASES {
        let s = sample(rel, "bind", "delv-validated");
        assert!(delv::fully_validated(&s.out, &s.err), "{}", s.id);
        assert!(s
            .out
            .contains("vm1.debvisor.local.\t300\tIN\tA\t10.10.20.7"));
        // A broken chain exits 0: only the missing `; fully validated` tells.
        let s = sample(rel, "bind", "delv-wrong-anchor");
        assert_eq!(s.rc, Some(0), "{}", s.id);
        assert!(!delv::fully_validated(&s.out, &s.err), "{}", s.id);
        assert!(
            s.err.contains("resolution failed: broken trust chain"),
            "{}",
            s.id
        );
        let s = sample(rel, "bind", "delv-unsigned");
        assert!(!delv::fully_validated(&s.out, &s.err), "{}", s.id);
        assert!(s.out.starts_with("; authoritative\n"), "{}", s.id);
    }
}

// ---- nftables -----------------------------------------------------------------------------------

#[test]
fn nft_json_listings_parse_into_the_blocklist_sets() {
    for (rel, version) in [("debian12", "1.0.6"), ("debian13", "1.1.3")] {
        let s = sample(rel, "nft", "table-missing");
        assert_eq!(s.rc, Some(1), "{}", s.id);
        assert!(
            s.err.starts_with("Error: No such file or directory"),
            "{}",
            s.id
        );
        for name in [
            "blocklist-check",
            "blocklist-load",
            "blocklist-delta",
            "interval-load",
        ] {
            let s = sample(rel, "nft", name);
            assert_eq!(
                (s.rc, s.out.as_str(), s.err.as_str()),
                (Some(0), "", ""),
                "{}",
                s.id
            );
        }

        let parse = |name: &str| {
            let s = sample(rel, "nft", name);
            assert_eq!(s.rc, Some(0), "{}", s.id);
            let v: Value = serde_json::from_str(&s.out).unwrap();
            assert_eq!(v["nftables"][0]["metainfo"]["version"], version, "{}", s.id);
            nft::parse_sets_json(&s.out).unwrap_or_else(|e| panic!("{}: {e}", s.id))
        };
        // The per-prefix-length hash sets count as their networks.
        let loaded = sets_of(&[
            "192.0.2.1/32",
            "192.0.2.77/32",
            "10.20.0.0/16",
            "198.51.100.0/24",
            "203.0.113.0/25",
            "2001:db8::1/128",
            "2001:db8:1::/48",
            "2001:db8:2::/64",
        ]);
        assert_eq!(parse("list-table"), loaded, "{rel}");
        assert_eq!(loaded.v6.count(), 1 + (1 << 80) + (1 << 64));
        assert_eq!(parse("list-set-nets24"), sets_of(&["198.51.100.0/24"]));
        assert_eq!(parse("list-set-ips6"), sets_of(&["2001:db8::1/128"]));
        assert_eq!(
            parse("list-table-after-delta"),
            sets_of(&[
                "192.0.2.1/32",
                "192.0.2.99/32",
                "10.20.0.0/16",
                "100.64.16.0/20",
                "198.51.100.0/24",
                "203.0.113.0/25",
                "2001:db8::1/128",
                "2001:db8:1::/48",
                "2001:db8:2::/64",
            ])
        );
        // Interval sets (prefix, range, address) and elements with counters.
        let s = parse("list-table-interval");
        assert_eq!(
            s.v4.intervals(),
            &[
                (v4("10.0.0.0"), v4("10.255.255.255")),
                (v4("84.205.100.205"), v4("84.205.100.205")),
                (v4("192.0.2.10"), v4("192.0.2.20")),
                (v4("198.51.100.128"), v4("198.51.100.255")),
                (v4("203.0.113.5"), v4("203.0.113.6")),
            ],
            "{rel}"
        );
        assert_eq!(s.v6.count(), (1u128 << 96) + 255 + 1, "{rel}");
        assert_eq!(s.v6.intervals().len(), 3);
        assert_eq!(parse("list-set-interval4").v4.intervals().len(), 4);

        // A delta that drifted (element gone) fails in nft -c already: apply reloads fully.
        for name in ["blocklist-drift-check", "blocklist-drift"] {
            let s = sample(rel, "nft", name);
            assert_eq!(s.rc, Some(1), "{}", s.id);
            assert!(
                s.err.starts_with(&format!(
                    "tests/fixtures/tools/{rel}/nft/blocklist-drift.in:1:54-64: Error: Could not process rule: No such file or directory\n"
                )),
                "{}: {}",
                s.id,
                s.err
            );
        }
        let s = sample(rel, "nft", "check-syntax-error");
        assert_eq!(s.rc, Some(1), "{}", s.id);
        assert!(
            s.err.contains("check-syntax-error.in:2:50-60: Error: "),
            "{}",
            s.id
        );
    }
}

// ---- libvirt ------------------------------------------------------------------------------------

#[test]
fn virsh_list_domstats_and_hvctl_rows() {
    for rel in RELEASES {
        let want = [
            (Some(1), "fx1", Some(DomState::Running)),
            (Some(2), "fxmig", Some(DomState::Running)),
            (None, "fxoff", Some(DomState::ShutOff)),
        ];
        for name in ["list-all", "list-all-header", "list-during-migration"] {
            let s = sample(rel, "libvirt", name);
            let got: Vec<_> = vm::parse_list(&s.out)
                .into_iter()
                .map(|e| (e.id, e.name, e.state))
                .collect();
            let want: Vec<_> = want
                .iter()
                .map(|(i, n, st)| (*i, n.to_string(), *st))
                .collect();
            assert_eq!(got, want, "{}", s.id);
        }
        let s = sample(rel, "libvirt", "list-during-migration-dest");
        let l = vm::parse_list(&s.out);
        assert_eq!(l.len(), 1, "{}", s.id);
        assert_eq!(
            (l[0].name.as_str(), l[0].state),
            ("fxmig", Some(DomState::Paused))
        );
        let s = sample(rel, "libvirt", "list-running-names");
        assert_eq!(
            s.out.split_whitespace().collect::<Vec<_>>(),
            ["fx1", "fxmig"],
            "{}",
            s.id
        );

        // hvctl list: one virsh process, both parsers on the same output.
        let s = sample(rel, "libvirt", "list-and-stats");
        let rows = virsh_list::join(&vm::parse_list(&s.out), &vm::parse_domstats(&s.out));
        assert_eq!(rows.len(), 3, "{}", s.id);
        let row = |n: &str| rows.iter().find(|r| r.name == n).unwrap();
        let fx1 = row("fx1");
        assert_eq!(
            (fx1.id, fx1.state, fx1.vcpus),
            (Some(1), Some(DomState::Running), Some(1))
        );
        assert_eq!(fx1.memory_bytes, Some(128 << 20), "{}", s.id);
        assert!(fx1.rss_bytes.is_some_and(|b| b > 1 << 20), "{}", s.id);
        assert!(fx1.cpu_time_s.is_some_and(|t| t > 0.0), "{}", s.id);
        assert_eq!(row("fxmig").max_memory_bytes, Some(256 << 20));
        let off = row("fxoff");
        assert_eq!(
            (off.id, off.state, off.vcpus),
            (None, Some(DomState::ShutOff), Some(1))
        );
        assert_eq!(off.rss_bytes, None);

        let s = sample(rel, "libvirt", "domstats");
        let st = vm::parse_domstats(&s.out);
        assert_eq!(st.len(), 3, "{}", s.id);
        let d = st.iter().find(|d| d.name == "fx1").unwrap();
        assert_eq!(d.state(), Some(DomState::Running));
        assert_eq!(
            (d.vcpus(), d.memory_kib(), d.max_memory_kib()),
            (Some(1), Some(131072), Some(131072))
        );
        assert_eq!(d.block_rd_bytes(), Some(0), "{}", s.id);
        assert_eq!(d.net_rx_bytes(), Some(0), "{}: no NIC", s.id);
        assert!(d
            .get("block.0.path")
            .unwrap()
            .ends_with("/lv/images/fx1.qcow2"));
        let s = sample(rel, "libvirt", "domstats-of");
        let st = vm::parse_domstats(&s.out);
        assert_eq!((st.len(), st[0].name.as_str()), (1, "fx1"), "{}", s.id);
    }
}

#[test]
fn virsh_dominfo_domstate_dumpxml_disks_and_node_memory() {
    for rel in RELEASES {
        let s = sample(rel, "libvirt", "dominfo-running");
        let i = vm::parse_dominfo(&s.out);
        assert_eq!(
            (i.id, i.name.as_str(), i.state),
            (Some(1), "fx1", Some(DomState::Running)),
            "{}",
            s.id
        );
        assert_eq!((i.vcpus, i.os_type.as_str()), (Some(1), "hvm"));
        assert_eq!(
            (i.max_memory_bytes, i.used_memory_bytes),
            (Some(128 << 20), Some(128 << 20))
        );
        assert_eq!(
            (i.persistent, i.autostart),
            (Some(true), Some(false)),
            "{}",
            s.id
        );
        assert!(i.cpu_time_s.is_some_and(|t| t > 0.0), "{}", s.id);
        assert_eq!(i.uuid.len(), 36);
        let s = sample(rel, "libvirt", "dominfo-shutoff");
        let i = vm::parse_dominfo(&s.out);
        assert_eq!(
            (i.id, i.state, i.cpu_time_s),
            (None, Some(DomState::ShutOff), None),
            "{}",
            s.id
        );

        for (name, state) in [
            ("domstate-running", DomState::Running),
            ("domstate-shutoff", DomState::ShutOff),
            ("domstate-reason", DomState::Running),
            ("domstate-migrated-source", DomState::ShutOff),
            ("domstate-migrated-dest", DomState::Running),
        ] {
            let s = sample(rel, "libvirt", name);
            assert_eq!(vm::parse_domstate(&s.out), Some(state), "{}", s.id);
        }
        // migrate::engine::state_at and vm-register's vm_is_gone match these words.
        for name in [
            "domstate-missing",
            "domifaddr-missing",
            "test-domstate-missing",
        ] {
            let s = sample(rel, "libvirt", name);
            assert_eq!(s.rc, Some(1), "{}", s.id);
            assert_eq!(
                s.err, "error: failed to get domain 'nosuchvm'\n",
                "{}",
                s.id
            );
        }
        let s = sample(rel, "libvirt", "domifaddr-shutoff");
        assert!(s.err.contains("domain is not running"), "{}", s.id);
        // No NIC: nothing to parse. libvirt 9.0 prints an empty table; 11.3 fails when the
        // network driver (the default lease source) is not loaded, which vm-register treats as
        // "not yet" (it keeps polling), not as "gone".
        let s = sample(rel, "libvirt", "domifaddr-nonic");
        assert!(vm_address::parse_domifaddr(&s.out).is_empty(), "{}", s.id);
        assert!(!s.err.contains("failed to get domain") && !s.err.contains("not running"));

        let s = sample(rel, "libvirt", "dumpxml-shutoff");
        let x = domain_xml::parse(&s.out).unwrap_or_else(|e| panic!("{}: {e}", s.id));
        assert_eq!(x.name.as_deref(), Some("fxoff"));
        assert_eq!(x.macs(), ["52:54:00:aa:bb:01"], "{}", s.id);
        assert_eq!(x.interfaces[0].kind, "network");
        let uuid = vm::parse_dominfo(&sample(rel, "libvirt", "dominfo-shutoff").out).uuid;
        assert_eq!(x.uuid.as_deref(), Some(uuid.as_str()));

        let s = sample(rel, "libvirt", "domblklist");
        let b = vm::parse_domblklist(&s.out);
        assert_eq!(b.len(), 1, "{}", s.id);
        assert_eq!(
            (
                b[0].kind.as_str(),
                b[0].device.as_str(),
                b[0].target.as_str()
            ),
            ("file", "disk", "vda")
        );
        assert_eq!(
            b[0].source,
            format!("/tmp/dv-record.{rel}/lv/images/fx1.qcow2")
        );

        let s = sample(rel, "libvirt", "nodeinfo");
        let kv = vm::parse_colon_kv(&s.out);
        assert!(kv["CPU(s)"].parse::<u32>().unwrap() >= 1, "{}", s.id);
        assert!(vm::parse_size(&kv["Memory size"]).unwrap() > 1 << 30);
        let s = sample(rel, "libvirt", "nodememstats");
        let m = vm::parse_nodememstats(&s.out);
        assert!(m.total.unwrap() > m.free.unwrap(), "{}", s.id);
        assert!(m.available().unwrap() >= m.free.unwrap());
        // `-q freecell --all` on a one-cell host: no Total line (both releases).
        let s = sample(rel, "libvirt", "freecell");
        assert!(!s.out.contains("Total"), "{}", s.id);
        let total = vm::parse_freecell_total(&s.out).unwrap_or_else(|| panic!("{}", s.id));
        assert!(total > 1 << 20 && total <= m.total.unwrap(), "{}", s.id);

        // -q silences "Domain snapshot … created".
        let s = sample(rel, "libvirt", "snapshot-create");
        assert_eq!(
            (s.rc, s.out.trim(), s.err.as_str()),
            (Some(0), "", ""),
            "{}",
            s.id
        );
        for name in ["snapshot-list", "snapshot-list-header"] {
            let s = sample(rel, "libvirt", name);
            let l = vm::parse_snapshot_list(&s.out);
            assert_eq!(l.len(), 1, "{}", s.id);
            assert_eq!(
                (l[0].name.as_str(), l[0].state.as_str()),
                ("before-upgrade", "shutoff")
            );
            assert!(
                l[0].created.ends_with(" +0000") && l[0].created.len() == 25,
                "{}",
                s.id
            );
        }
    }
}

#[test]
fn virsh_domjobinfo_during_and_after_a_live_migration() {
    for rel in RELEASES {
        for name in ["domjobinfo-none", "domjobinfo-none-human"] {
            let s = sample(rel, "libvirt", name);
            let j = vm::parse_jobinfo(&s.out);
            assert_eq!(j.job_type, "none", "{}", s.id);
            assert!(!j.active());
        }
        // 256 MiB of guest RAM plus device state.
        let total = 285_671_424;
        for name in [
            "domjobinfo-migrating",
            "domjobinfo-migrating-later",
            "domjobinfo-migrating-human",
        ] {
            let s = sample(rel, "libvirt", name);
            let j = vm::parse_jobinfo(&s.out);
            assert!(j.active(), "{}", s.id);
            assert_eq!(
                (j.job_type.as_str(), j.operation.as_str()),
                ("unbounded", "outgoing_migration"),
                "{}",
                s.id
            );
            assert!(j.time_elapsed_ms.is_some_and(|t| t > 100), "{}", s.id);
            match j.data_total {
                Some(dt) => {
                    assert!(dt.abs_diff(total) < 1 << 10, "{}: {dt}", s.id);
                    assert!(
                        j.percent().is_some_and(|p| (0.0..100.0).contains(&p)),
                        "{}",
                        s.id
                    );
                    assert_eq!(j.downtime_ms, Some(300), "{}: expected downtime", s.id);
                }
                // qemu 10 (Debian 13) while the migration sets up: every counter 0, which the
                // parser reads as "not measured yet", never as "0 bytes remaining".
                None => {
                    assert_eq!(rel, "debian13", "{}", s.id);
                    assert_eq!((j.data_remaining, j.percent()), (None, None), "{}", s.id);
                }
            }
            // qemu 10 reports no rate until it first measured one: no rate, no ETA then.
            match j.memory_bps {
                Some(b) => {
                    assert!(
                        (500_000..3_000_000).contains(&b),
                        "{}: --bandwidth 1 → {b}",
                        s.id
                    );
                    assert!(j.eta_secs().is_some_and(|e| e > 0.0));
                }
                None => assert_eq!(j.eta_secs(), None),
            }
        }
        let later = vm::parse_jobinfo(&sample(rel, "libvirt", "domjobinfo-migrating-later").out);
        assert!(
            later.memory_bps.is_some() && later.data_total.is_some(),
            "{rel}: measured one second later"
        );

        let s = sample(rel, "libvirt", "domjobinfo-migrating-dest");
        assert_eq!(s.rc, Some(1), "{}", s.id);
        assert!(
            s.err.contains("available only on the source host"),
            "{}",
            s.id
        );

        // migrate reads the measured downtime from the destination's completed job.
        for name in [
            "domjobinfo-completed-dest",
            "domjobinfo-completed-dest-human",
        ] {
            let s = sample(rel, "libvirt", name);
            let j = vm::parse_jobinfo(&s.out);
            assert_eq!(
                (j.job_type.as_str(), j.operation.as_str()),
                ("completed", "incoming_migration"),
                "{}",
                s.id
            );
            assert!(!j.active());
            assert!(
                j.downtime_ms.is_some_and(|d| d > 0 && d < 5000),
                "{}: {:?}",
                s.id,
                j.downtime_ms
            );
            assert_eq!(j.data_remaining, Some(0));
            assert_eq!(j.percent(), Some(100.0), "{}", s.id);
            assert!(j.iteration.is_some_and(|i| i >= 1));
        }
    }
}

#[test]
fn virsh_test_driver() {
    for rel in RELEASES {
        for name in ["test-list-all", "test-list-all-header"] {
            let s = sample(rel, "libvirt", name);
            assert_eq!(
                vm::parse_list(&s.out),
                [vm::ListEntry {
                    id: Some(1),
                    name: "test".into(),
                    state: Some(DomState::Running)
                }],
                "{}",
                s.id
            );
        }
        // The test driver reports the state only (hvctl shows `-` for the rest).
        for name in ["test-list-and-stats", "test-domstats"] {
            let s = sample(rel, "libvirt", name);
            let st = vm::parse_domstats(&s.out);
            assert_eq!(st.len(), 1, "{}", s.id);
            assert_eq!(
                (st[0].state(), st[0].vcpus(), st[0].memory_kib()),
                (Some(DomState::Running), None, None)
            );
        }
        let s = sample(rel, "libvirt", "test-dominfo");
        let i = vm::parse_dominfo(&s.out);
        assert_eq!(
            (i.name.as_str(), i.vcpus, i.max_memory_bytes),
            ("test", Some(2), Some(8 << 30)),
            "{}",
            s.id
        );
        assert_eq!(
            vm::parse_domstate(&sample(rel, "libvirt", "test-domstate").out),
            Some(DomState::Running)
        );
        let kv = vm::parse_colon_kv(&sample(rel, "libvirt", "test-nodeinfo").out);
        assert_eq!(
            (kv["CPU(s)"].as_str(), kv["NUMA cell(s)"].as_str()),
            ("16", "2")
        );
    }
}

// ---- etcd ---------------------------------------------------------------------------------------

#[test]
fn etcdctl_values_json_and_errors() {
    for (rel, version) in [("debian12", "3.4."), ("debian13", "3.5.")] {
        let s = sample(rel, "etcd", "get-value");
        assert_eq!(
            etcdctl::parse_value(&s.out).as_deref(),
            Some("node1"),
            "{}",
            s.id
        );
        let s = sample(rel, "etcd", "get-value-missing");
        assert_eq!(
            (s.rc, etcdctl::parse_value(&s.out)),
            (Some(0), None),
            "{}",
            s.id
        );
        for (name, out) in [("put", "OK\n"), ("put-fqdn", "OK\n"), ("del", "1\n")] {
            let s = sample(rel, "etcd", name);
            assert_eq!((s.rc, s.out.as_str()), (Some(0), out), "{}", s.id);
        }
        let s = sample(rel, "etcd", "get-json");
        let v: Value = serde_json::from_str(&s.out).unwrap();
        let b64 = |v: &Value| {
            String::from_utf8(tsig::base64_decode(v.as_str().unwrap()).unwrap()).unwrap()
        };
        assert_eq!(
            b64(&v["kvs"][0]["key"]),
            "/debvisor/nodes/node1/fqdn",
            "{}",
            s.id
        );
        assert_eq!(b64(&v["kvs"][0]["value"]), "node1.debvisor.local");
        assert_eq!(v["count"], 1);
        assert!(v["header"]["revision"].as_u64().unwrap() >= 3);
        let s = sample(rel, "etcd", "get-json-missing");
        let v: Value = serde_json::from_str(&s.out).unwrap();
        assert!(
            v.get("kvs").is_none() && v.get("count").is_none(),
            "{}",
            s.id
        );
        let s = sample(rel, "etcd", "get-prefix");
        assert_eq!(
            s.out,
            "/debvisor/nodes/node1/fqdn\nnode1.debvisor.local\n/debvisor/self/node_id\nnode1\n"
        );
        let s = sample(rel, "etcd", "version");
        assert!(
            s.out.starts_with(&format!("etcdctl version: {version}")),
            "{}",
            s.id
        );
        // etcd down: the bounded call fails (exit 1), nothing on stdout.
        let s = sample(rel, "etcd", "get-unreachable");
        assert_eq!(
            (s.rc, etcdctl::parse_value(&s.out)),
            (Some(1), None),
            "{}",
            s.id
        );
        assert_eq!(
            s.err.lines().last(),
            Some("Error: context deadline exceeded")
        );
    }
}

// ---- kubectl ------------------------------------------------------------------------------------

#[test]
fn kubectl_version_and_nodes() {
    for rel in RELEASES {
        let s = sample(rel, "kubectl", "version-client-json");
        let v: Value = serde_json::from_str(&s.out).unwrap();
        assert_eq!(v["clientVersion"]["major"], "1", "{}", s.id);
        assert!(v["clientVersion"]["gitVersion"]
            .as_str()
            .unwrap()
            .starts_with("v1.32."));
        assert!(v.get("serverVersion").is_none());
        let s = sample(rel, "kubectl", "version-client");
        assert!(s.out.starts_with("Client Version: v1.32."), "{}", s.id);

        // kubectl re-encodes what the (stub) API server returned; k8sctl parses that.
        let s = sample(rel, "kubectl", "get-nodes");
        let list: k8s::List<k8s::Node> = serde_json::from_str(&s.out).unwrap();
        let n = k8s::summarize_nodes(&list, None);
        let mut names: Vec<_> = n.iter().map(|x| x.name.as_str()).collect();
        names.sort();
        assert_eq!(names, ["hv1", "hv2", "hv3"], "{}", s.id);
        let node = |name: &str| n.iter().find(|x| x.name == name).unwrap();
        assert!(node("hv1").ready && node("hv1").schedulable);
        assert!(
            node("hv2").ready && !node("hv2").schedulable,
            "{}: hv2 is cordoned",
            s.id
        );
        assert!(!node("hv3").ready, "{}: hv3 stopped reporting", s.id);
        assert!(n.iter().all(|x| x.version == "v1.28.4"));
        let s = sample(rel, "kubectl", "get-nodes-refused");
        assert_eq!(s.rc, Some(1), "{}", s.id);
        assert!(s.err.contains("was refused"), "{}", s.id);
    }
}

// ==== live checks: the running release's tools still print what was recorded ===================

/// debian12 / debian13 from /etc/os-release, or a loud skip.
fn live_release(test: &str) -> Option<&'static str> {
    let text = std::fs::read_to_string("/etc/os-release").unwrap_or_default();
    let id = text
        .lines()
        .find_map(|l| l.strip_prefix("VERSION_ID="))
        .map(|v| {
            v.trim_matches('"')
                .split('.')
                .next()
                .unwrap_or("")
                .to_string()
        });
    match id.as_deref() {
        Some("12") => Some("debian12"),
        Some("13") => Some("debian13"),
        other => {
            common::skip(
                test,
                &format!("/etc/os-release VERSION_ID {other:?} is neither 12 nor 13: no samples to compare with"),
            );
            None
        }
    }
}

fn have_tool(test: &str, name: &str) -> bool {
    let found = PATH
        .split(':')
        .any(|d| std::path::Path::new(d).join(name).exists());
    if !found {
        common::skip(
            test,
            &format!("{name} is not installed (scripts/install-deps --test)"),
        );
    }
    found
}

/// The words of a command as the recorder's `show` quoted it ('…' with '\'' for a quote).
fn shell_words(cmd: &str) -> Vec<String> {
    let (mut words, mut cur, mut quoted, mut any) = (Vec::new(), String::new(), false, false);
    let mut chars = cmd.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                quoted = !quoted;
                any = true;
            }
            '\\' if !quoted => {
                if let Some(n) = chars.next() {
                    cur.push(n);
                }
            }
            c if c.is_whitespace() && !quoted => {
                if any || !cur.is_empty() {
                    words.push(std::mem::take(&mut cur));
                }
                any = false;
            }
            c => cur.push(c),
        }
    }
    if any || !cur.is_empty() {
        words.push(cur);
    }
    words
}

/// Runs a sample's command again (with `subst` applied to the command line and to its stdin),
/// from the checkout root like the recorder.
fn rerun(s: &Sample, subst: &[(String, String)]) -> Sample {
    let apply = |t: &str| {
        subst
            .iter()
            .fold(t.to_string(), |t, (a, b)| t.replace(a, b))
    };
    let cmd = apply(&s.cmd);
    let cmd = cmd.split(" < ").next().unwrap();
    let w = shell_words(cmd);
    let input = s.input.as_deref().map(apply);
    let mut c = Command::new(&w[0]);
    c.args(&w[1..])
        .current_dir(common::repo())
        .env("PATH", PATH)
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = c
        .spawn()
        .unwrap_or_else(|e| panic!("{}: cannot run {cmd}: {e}", s.id));
    if let Some(i) = &input {
        child.stdin.take().unwrap().write_all(i.as_bytes()).unwrap();
    }
    let o = child.wait_with_output().unwrap();
    Sample {
        id: format!("live {}", s.id),
        rc: o.status.code(),
        cmd: cmd.to_string(),
        out: String::from_utf8_lossy(&o.stdout).into_owned(),
        err: String::from_utf8_lossy(&o.stderr).into_owned(),
        input,
    }
}

fn assert_same_shape(fixture: &Sample, what: &str, want: BTreeSet<String>, live: BTreeSet<String>) {
    let gone: Vec<_> = want.difference(&live).collect();
    let new: Vec<_> = live.difference(&want).collect();
    let (rel, group) = {
        let mut p = fixture.id.split('/');
        (p.next().unwrap().to_string(), p.next().unwrap().to_string())
    };
    assert!(
        gone.is_empty() && new.is_empty(),
        "the live output of `{}` ({what}) no longer has the shape of the committed sample {}:\n  \
         only in the sample: {gone:?}\n  only live: {new:?}\n\
         The tool changed: check its parser, then re-record with `scripts/record-fixtures {rel} {group}`",
        fixture.cmd,
        fixture.id
    );
}

fn assert_same_rc(fixture: &Sample, live: &Sample) {
    assert_eq!(
        live.rc, fixture.rc,
        "`{}` now exits {:?}, the committed sample {} exited {:?} (stderr: {})",
        live.cmd, live.rc, fixture.id, fixture.rc, live.err
    );
}

/// Every key path of a JSON document (`.nftables[].set.elem[]`, …).
fn json_paths(text: &str) -> BTreeSet<String> {
    fn walk(v: &Value, p: &str, out: &mut BTreeSet<String>) {
        match v {
            Value::Object(m) => {
                for (k, v) in m {
                    let q = format!("{p}.{k}");
                    out.insert(q.clone());
                    walk(v, &q, out);
                }
            }
            Value::Array(a) => {
                for v in a {
                    walk(v, &format!("{p}[]"), out);
                }
            }
            _ => {}
        }
    }
    let v: Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"));
    let mut out = BTreeSet::new();
    walk(&v, "", &mut out);
    out
}

/// A line with its variable parts masked: numbers → 0, long base64/hex tokens → B64,
/// whitespace runs → one space.
fn line_shape(l: &str) -> String {
    l.split_whitespace()
        .map(|t| {
            let core = t.trim_matches(|c: char| "\"';,()".contains(c));
            if core.len() >= 16
                && core
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(&b))
            {
                return t.replace(core, "B64");
            }
            let mut s = String::new();
            let mut in_num = false;
            for c in t.chars() {
                if c.is_ascii_digit() {
                    if !in_num {
                        s.push('0');
                    }
                    in_num = true;
                } else {
                    s.push(c);
                    in_num = false;
                }
            }
            s
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn line_shapes(text: &str) -> BTreeSet<String> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(line_shape)
        .collect()
}

/// `key: value` / `key=value` output: the keys (indentation kept), other lines as shapes.
fn key_shapes(text: &str, sep: char) -> BTreeSet<String> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let t = l.trim_start();
            let indent = &l[..l.len() - t.len()];
            let (dash, t) = match t.strip_prefix("- ") {
                Some(r) => ("- ", r),
                None => ("", t),
            };
            if t.starts_with('\'') || t.starts_with('"') {
                return format!("{indent}{dash}<item>");
            }
            match t.split_once(sep) {
                Some((k, _))
                    if k.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b" ._-()/".contains(&b)) =>
                {
                    format!("{indent}{dash}{k}{sep}")
                }
                _ => format!("{indent}{dash}{}", line_shape(t)),
            }
        })
        .collect()
}

#[test]
fn live_bind_self_contained_commands() {
    let t = "live_bind_self_contained_commands";
    let Some(rel) = live_release(t) else { return };
    if !have_tool(t, "tsig-keygen") || !have_tool(t, "named-checkconf") {
        return;
    }
    for (name, ..) in index(rel, "bind") {
        let s = sample(rel, "bind", &name);
        if name.starts_with("tsig-keygen-") {
            let live = rerun(&s, &[]);
            assert_same_rc(&s, &live);
            let mask = |t: &str| -> Vec<String> { t.lines().map(line_shape).collect() };
            assert_eq!(mask(&live.out), mask(&s.out), "{}: `{}`", s.id, s.cmd);
            assert_eq!(
                tsig::parse(&live.out).unwrap()[0].name,
                tsig::parse(&s.out).unwrap()[0].name
            );
        } else if name.starts_with("named-checkconf-") {
            // Same command on the same committed file: the very same output.
            let live = rerun(&s, &[]);
            assert_same_rc(&s, &live);
            assert_eq!(
                (&live.out, &live.err),
                (&s.out, &s.err),
                "{}: `{}`",
                s.id,
                s.cmd
            );
        }
    }
}

#[test]
fn live_bind_daemon() {
    let t = "live_bind_daemon";
    let Some(rel) = live_release(t) else { return };
    for tool in ["dig", "rndc", "nsupdate", "delv"] {
        if !have_tool(t, tool) {
            return;
        }
    }
    let Some(dns) = common::dns::Dns::start_signed(t) else {
        return;
    };
    let rec = env_map(&sample(rel, "bind", "dns.env").out);
    let rndc_key = sample(rel, "bind", "rndc-status")
        .cmd
        .split_whitespace()
        .nth(2)
        .unwrap()
        .to_string();
    let mut subst = Vec::new();
    for k in [
        "DNS_PRIMARY_PORT",
        "DNS_SECONDARY_PORT",
        "DNS_PRIMARY_RNDC_PORT",
    ] {
        for end in [" ", "\n"] {
            subst.push((format!(" {}{end}", rec[k]), format!(" {}{end}", dns.get(k))));
        }
    }
    subst.extend([
        (rndc_key, dns.get("DNS_RNDC_KEYFILE").to_string()),
        (
            "$WORK/dns/ddns.key".to_string(),
            dns.get("DNS_TSIG_KEYFILE").to_string(),
        ),
    ]);
    // `running on HOSTNAME: …`: the recording machine's name.
    let unhost = |t: &str| -> String {
        t.lines()
            .map(|l| match l.strip_prefix("running on ") {
                Some(r) => format!("running on HOST:{}", r.split_once(':').map_or("", |x| x.1)),
                None => l.to_string(),
            })
            .collect::<Vec<_>>()
            .join("\n")
    };

    let s = sample(rel, "bind", "rndc-status");
    let live = rerun(&s, &subst);
    assert_same_rc(&s, &live);
    assert_same_shape(
        &s,
        "its `key: value` lines",
        key_shapes(&unhost(&s.out), ':'),
        key_shapes(&unhost(&live.out), ':'),
    );
    let s = sample(rel, "bind", "rndc-status-refused");
    let live = rerun(&s, &subst);
    assert_same_rc(&s, &live);
    assert_eq!(live.err, s.err);

    // dig +yaml: the same batch (same names and types) against a fresh server.
    let s = sample(rel, "bind", "dig-batch-fresh");
    let live = rerun(&s, &subst);
    assert_same_rc(&s, &live);
    assert_same_shape(
        &s,
        "its YAML keys",
        key_shapes(&s.out, ':'),
        key_shapes(&live.out, ':'),
    );
    let q = batch_queries(&live);
    dns_dig::pair(&q, dns_dig::parse_yaml(&live.out)).unwrap();

    // nsupdate's `answer` output, then delv on what it added.
    let s = sample(rel, "bind", "nsupdate-ok");
    let mut live = rerun(&s, &subst);
    assert_same_rc(&s, &live);
    assert_same_shape(
        &s,
        "its reply lines",
        line_shapes(&s.out),
        line_shapes(&live.out),
    );
    assert_eq!(
        dns_nsupdate::reply_statuses(&live.out),
        ["NOERROR", "NOERROR"]
    );
    live.id = s.id.clone();

    // Inline signing adds the RRSIG shortly after the update.
    let port = dns.get("DNS_PRIMARY_PORT").to_string();
    let dig = |args: &[&str]| -> String {
        let o = Command::new("dig")
            .env("PATH", PATH)
            .args(["+norec", "-p", &port, "@127.0.0.1"])
            .args(args)
            .output()
            .unwrap();
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let t0 = std::time::Instant::now();
    while !dig(&["+noall", "+answer", "+dnssec", "vm1.debvisor.local", "A"]).contains("RRSIG") {
        assert!(
            t0.elapsed() < Duration::from_secs(10),
            "vm1 A was never signed"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let zone = parse_zone("debvisor.local").unwrap();
    let keys: Vec<String> = dig(&["+short", "debvisor.local", "DNSKEY"])
        .lines()
        .map(str::to_string)
        .collect();
    let mut s = sample(rel, "bind", "delv-validated");
    s.input = delv::anchor_from_dnskeys(&zone, &keys);
    assert!(s.input.is_some(), "no KSK in {keys:?}");
    let live = rerun(&s, &subst);
    assert_same_rc(&s, &live);
    assert!(
        delv::fully_validated(&live.out, &live.err),
        "{}: {live:?}",
        s.id
    );
    assert_same_shape(&s, "its lines", line_shapes(&s.out), line_shapes(&live.out));

    let s = sample(rel, "bind", "dig-short-soa");
    let live = rerun(&s, &subst);
    assert_eq!(
        live.out.split_whitespace().count(),
        s.out.split_whitespace().count(),
        "{}",
        s.id
    );
}

#[test]
fn live_nft_replays_the_recorded_session() {
    let t = "live_nft_replays_the_recorded_session";
    let Some(rel) = live_release(t) else { return };
    let Some(ns) = common::netns::Netns::create(t) else {
        return;
    };
    for (name, ..) in index(rel, "nft") {
        let s = sample(rel, "nft", &name);
        // `ip netns exec dv-rec-PID nft …`: the same commands, in this test's namespace.
        let recorded_ns = shell_words(&s.cmd)[3].clone();
        let live = rerun(
            &s,
            &[(format!(" {recorded_ns} "), format!(" {} ", ns.name))],
        );
        assert_same_rc(&s, &live);
        if s.out.starts_with('{') {
            assert_same_shape(
                &s,
                "its JSON key paths",
                json_paths(&s.out),
                json_paths(&live.out),
            );
            assert_eq!(
                nft::parse_sets_json(&live.out).unwrap(),
                nft::parse_sets_json(&s.out).unwrap(),
                "{}",
                s.id
            );
        } else {
            assert_eq!(live.out, s.out, "{}", s.id);
        }
        // Error location and kind (the rest may name the resolver's answer).
        let head = |e: &str| e.split("Error: ").next().unwrap_or("").to_string();
        assert_eq!(head(&live.err), head(&s.err), "{}: {}", s.id, live.err);
        assert_eq!(
            live.err.contains("Error: "),
            s.err.contains("Error: "),
            "{}",
            s.id
        );
    }
}

#[test]
fn live_virsh_test_driver() {
    let t = "live_virsh_test_driver";
    let Some(rel) = live_release(t) else { return };
    if !have_tool(t, "virsh") {
        return;
    }
    for (name, ..) in index(rel, "libvirt") {
        if !name.starts_with("test-") {
            continue;
        }
        let s = sample(rel, "libvirt", &name);
        let live = rerun(&s, &[]);
        assert_same_rc(&s, &live);
        assert_eq!(live.err, s.err, "{}", s.id);
        match name.as_str() {
            // Counters (CPU time) change: the keys must not.
            "test-dominfo" => assert_same_shape(
                &s,
                "its keys",
                key_shapes(&s.out, ':'),
                key_shapes(&live.out, ':'),
            ),
            "test-domstats" | "test-list-and-stats" => assert_same_shape(
                &s,
                "its keys",
                key_shapes(&s.out, '='),
                key_shapes(&live.out, '='),
            ),
            _ => assert_eq!(live.out, s.out, "{}: `{}`", s.id, s.cmd),
        }
    }
}

#[test]
fn live_etcdctl() {
    let t = "live_etcdctl";
    let Some(rel) = live_release(t) else { return };
    let Some(etcd) = common::etcd::Etcd::start(t) else {
        return;
    };
    let recorded = sample(rel, "etcd", "put")
        .cmd
        .split_whitespace()
        .find_map(|w| w.strip_prefix("--endpoints="))
        .unwrap()
        .to_string();
    let subst = [(recorded, etcd.endpoint())];
    for (name, ..) in index(rel, "etcd") {
        let s = sample(rel, "etcd", &name);
        if name == "get-unreachable" {
            etcd.stop();
        }
        let live = rerun(&s, &subst);
        assert_same_rc(&s, &live);
        match name.as_str() {
            "get-json" | "get-json-missing" => assert_same_shape(
                &s,
                "its JSON key paths",
                json_paths(&s.out),
                json_paths(&live.out),
            ),
            "version" => {
                assert_same_shape(&s, "its lines", line_shapes(&s.out), line_shapes(&live.out))
            }
            "get-unreachable" => {
                assert_eq!(live.err.lines().last(), s.err.lines().last(), "{}", s.id)
            }
            _ => assert_eq!(live.out, s.out, "{}", s.id),
        }
    }
}

#[test]
fn live_kubectl() {
    let t = "live_kubectl";
    let Some(rel) = live_release(t) else { return };
    if !have_tool(t, "kubectl") {
        return;
    }
    let s = sample(rel, "kubectl", "version-client-json");
    let live = rerun(&s, &[]);
    assert_same_rc(&s, &live);
    assert_same_shape(
        &s,
        "its JSON key paths",
        json_paths(&s.out),
        json_paths(&live.out),
    );
    let s = sample(rel, "kubectl", "version-client");
    let live = rerun(&s, &[]);
    assert_same_shape(&s, "its lines", line_shapes(&s.out), line_shapes(&live.out));

    let Some(stub) = common::k8s::StubApi::start(t, false) else {
        return;
    };
    let s = sample(rel, "kubectl", "get-nodes");
    let subst = [
        (
            "$WORK/k8s/kubeconfig".to_string(),
            stub.kubeconfig().display().to_string(),
        ),
        (
            "$WORK/k8s/cache".to_string(),
            stub.dir.path().join("cache").display().to_string(),
        ),
    ];
    let live = rerun(&s, &subst);
    assert_same_rc(&s, &live);
    assert_same_shape(
        &s,
        "its JSON key paths",
        json_paths(&s.out),
        json_paths(&live.out),
    );
    let list: k8s::List<k8s::Node> = serde_json::from_str(&live.out).unwrap();
    assert_eq!(list.items.len(), 3);
}
