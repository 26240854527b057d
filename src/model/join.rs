//! join: pure logic — the journal of what a join created (rolled back in reverse order), the
//! strict parser of `kubeadm token create --print-join-command`, ceph-volume's OSD id, the CRUSH
//! weight of a disk, and the clock-skew estimate. No I/O.

use serde::{Deserialize, Serialize};

/// One thing a join created, in creation order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Created {
    /// `ceph-volume lvm create` is about to run / ran on `device` (`id` once known).
    Osd { device: String, id: Option<u32> },
    /// The CRUSH host bucket (only when this join created it).
    CrushBucket { name: String },
    /// `kubeadm join` ran (or was about to) for this Kubernetes node name.
    K8sJoin { node: String },
    /// A bootstrap token created on cluster node `on` for this join (`id`: the public part,
    /// enough to delete it; the secret part is never recorded).
    K8sToken { on: String, id: String },
    /// An etcd key this join wrote (`previous`: its value before, restored on rollback).
    EtcdKey {
        key: String,
        #[serde(default)]
        previous: Option<String>,
    },
}

impl Created {
    pub fn describe(&self) -> String {
        match self {
            Created::Osd {
                device,
                id: Some(id),
            } => format!("osd.{id} on {device}"),
            Created::Osd { device, id: None } => format!("OSD on {device} (id unknown)"),
            Created::CrushBucket { name } => format!("CRUSH host bucket {name}"),
            Created::K8sJoin { node } => format!("Kubernetes node {node}"),
            Created::K8sToken { on, id } => format!("bootstrap token {id} on {on}"),
            Created::EtcdKey { key, .. } => format!("etcd key {key}"),
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Journal {
    pub id: String,
    pub started: String,
    pub node: String,
    pub cluster: String,
    pub mode: String,
    pub created: Vec<Created>,
    pub finished: Option<String>,
    /// Set when a failed run was rolled back (what could not be undone stays in `created`).
    pub rolled_back: Option<String>,
}

impl Journal {
    pub fn open(&self) -> bool {
        self.finished.is_none() && self.rolled_back.is_none()
    }
    pub fn osd_ids(&self) -> Vec<u32> {
        self.created
            .iter()
            .filter_map(|c| match c {
                Created::Osd { id: Some(id), .. } => Some(*id),
                _ => None,
            })
            .collect()
    }
}

/// What `kubeadm token create --print-join-command` printed, checked strictly: exactly one line
/// `kubeadm join HOST:PORT --token T --discovery-token-ca-cert-hash sha256:HEX` (flags in any
/// order). The token is a secret: it goes into a private JoinConfiguration file, never on argv.
#[derive(Clone, PartialEq)]
pub struct JoinCommand {
    pub endpoint: String,
    pub token: String,
    pub ca_hash: String,
}

impl JoinCommand {
    /// The token's public id (`abcdef` of `abcdef.0123456789abcdef`), which names it for
    /// `kubeadm token delete` without revealing the secret.
    pub fn token_id(&self) -> &str {
        self.token.split('.').next().unwrap_or("")
    }
}

impl std::fmt::Debug for JoinCommand {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "JoinCommand {{ endpoint: {}, token: <secret>, ca_hash: {} }}",
            self.endpoint, self.ca_hash
        )
    }
}

fn valid_token(t: &str) -> bool {
    let Some((id, secret)) = t.split_once('.') else {
        return false;
    };
    let ok = |s: &str, n: usize| {
        s.len() == n
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    };
    ok(id, 6) && ok(secret, 16)
}

fn valid_hash(h: &str) -> bool {
    h.strip_prefix("sha256:").is_some_and(|x| {
        x.len() == 64
            && x.bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

fn valid_endpoint(e: &str) -> bool {
    let Some((host, port)) = e.rsplit_once(':') else {
        return false;
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b".-:".contains(&b))
        && port.parse::<u16>().is_ok_and(|p| p > 0)
}

/// Parses the join command. The error never contains the token.
pub fn parse_join_command(out: &str) -> Result<JoinCommand, String> {
    let lines: Vec<&str> = out
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let [line] = lines.as_slice() else {
        return Err(format!(
            "expected one `kubeadm join …` line, got {} line(s)",
            lines.len()
        ));
    };
    let words: Vec<&str> = line.split_whitespace().collect();
    if words.len() < 3 || words[0] != "kubeadm" || words[1] != "join" {
        return Err("the line does not start with `kubeadm join`".into());
    }
    let endpoint = words[2];
    if !valid_endpoint(endpoint) {
        return Err(format!("bad API server endpoint `{endpoint}`"));
    }
    let (mut token, mut hash) = (None, None);
    let mut i = 3;
    while i < words.len() {
        let (flag, value) = match words[i].split_once('=') {
            Some((f, v)) => (f, Some(v)),
            None => (words[i], words.get(i + 1).copied()),
        };
        let step = if words[i].contains('=') { 1 } else { 2 };
        match flag {
            "--token" => token = value,
            "--discovery-token-ca-cert-hash" => hash = value,
            // A control-plane join command is not what a worker/storage join may run.
            other => return Err(format!("unexpected argument `{other}` in the join command")),
        }
        i += step;
    }
    let token = token.ok_or("no --token in the join command")?;
    if !valid_token(token) {
        return Err("the --token value is not a bootstrap token ([a-z0-9]{6}.[a-z0-9]{16})".into());
    }
    let hash = hash.ok_or("no --discovery-token-ca-cert-hash in the join command")?;
    if !valid_hash(hash) {
        return Err("the CA cert hash is not sha256:<64 hex digits>".into());
    }
    Ok(JoinCommand {
        endpoint: endpoint.to_string(),
        token: token.to_string(),
        ca_hash: hash.to_string(),
    })
}

fn yaml_str(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// The kubeadm JoinConfiguration (v1beta3) carrying the token (written to a private file).
pub fn join_configuration(j: &JoinCommand, node_name: &str) -> String {
    format!(
        "apiVersion: kubeadm.k8s.io/v1beta3\nkind: JoinConfiguration\ndiscovery:\n  bootstrapToken:\n    \
         apiServerEndpoint: {}\n    token: {}\n    caCertHashes:\n    - {}\nnodeRegistration:\n  name: {}\n",
        yaml_str(&j.endpoint),
        yaml_str(&j.token),
        yaml_str(&j.ca_hash),
        yaml_str(node_name)
    )
}

/// The OSD id in ceph-volume's output (`--> ceph-volume lvm activate successful for osd ID: 3`,
/// printed on stderr by Pacific; stdout is searched too). None when absent or ambiguous.
pub fn parse_ceph_volume_osd_id(stdout: &str, stderr: &str) -> Option<u32> {
    let mut ids: Vec<u32> = stdout
        .lines()
        .chain(stderr.lines())
        .filter_map(|l| {
            let l = l.trim();
            let rest = l.strip_prefix("--> ceph-volume lvm activate successful for osd ID:")?;
            rest.trim().parse().ok()
        })
        .collect();
    ids.dedup();
    match ids.as_slice() {
        [id] => Some(*id),
        _ => None,
    }
}

/// The CRUSH weight of a disk: its size in TiB, 4 decimals (Ceph's own convention).
pub fn crush_weight(size_bytes: u64) -> String {
    format!("{:.4}", size_bytes as f64 / (1u64 << 40) as f64)
}

/// The remote clock's offset from ours, in seconds: `remote - midpoint(local before, after)`.
/// `remote` is `date +%s.%N` output. None when unparsable.
pub fn clock_skew(local_before: f64, remote: &str, local_after: f64) -> Option<f64> {
    let r: f64 = remote.trim().parse().ok()?;
    if !r.is_finite() || r <= 0.0 {
        return None;
    }
    Some(r - (local_before + local_after) / 2.0)
}

/// The toolbox version from `debvisor --version` output (`debvisor 0.1.0`).
pub fn parse_version(out: &str) -> Option<String> {
    let line = out.lines().find(|l| !l.trim().is_empty())?.trim();
    let v = line.strip_prefix("debvisor ")?.trim();
    (!v.is_empty() && !v.contains(char::is_whitespace)).then(|| v.to_string())
}

/// A node name usable as a CRUSH bucket, a Kubernetes node name and an etcd path element.
pub fn valid_node_name(n: &str) -> bool {
    !n.is_empty()
        && n.len() <= 63
        && n.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !n.starts_with('-')
        && !n.ends_with('-')
}

/// A Kubernetes label `key=value` (key with an optional DNS prefix, value ≤ 63 safe characters).
pub fn valid_label(l: &str) -> bool {
    let Some((k, v)) = l.split_once('=') else {
        return false;
    };
    let name_ok = |s: &str| {
        !s.is_empty()
            && s.len() <= 63
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
    };
    let (prefix, name) = match k.split_once('/') {
        Some((p, n)) => (Some(p), n),
        None => (None, k),
    };
    prefix.is_none_or(|p| {
        !p.is_empty()
            && p.len() <= 253
            && p.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-.".contains(&b))
    }) && name_ok(name)
        && (v.is_empty() || name_ok(v))
}

/// A taint `key[=value]:NoSchedule|PreferNoSchedule|NoExecute`.
pub fn valid_taint(t: &str) -> bool {
    let Some((kv, effect)) = t.rsplit_once(':') else {
        return false;
    };
    if !["NoSchedule", "PreferNoSchedule", "NoExecute"].contains(&effect) {
        return false;
    }
    if kv.contains('=') {
        valid_label(kv)
    } else {
        valid_label(&format!("{kv}="))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const HASH: &str = "sha256:0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";

    #[test]
    fn join_command_is_parsed_strictly() {
        // Shape of kubeadm 1.28 `token create --print-join-command` (one line, trailing space).
        let out = format!("kubeadm join 10.0.0.1:6443 --token abcdef.0123456789abcdef --discovery-token-ca-cert-hash {HASH} \n");
        let j = parse_join_command(&out).unwrap();
        assert_eq!(j.endpoint, "10.0.0.1:6443");
        assert_eq!(j.token, "abcdef.0123456789abcdef");
        assert_eq!(j.ca_hash, HASH);
        assert!(!format!("{j:?}").contains("0123456789abcdef"));
        let cfg = join_configuration(&j, "hv4");
        assert!(cfg.contains("token: \"abcdef.0123456789abcdef\""), "{cfg}");
        assert!(cfg.contains("name: \"hv4\""), "{cfg}");
        for bad in [
            String::new(),
            "kubeadm join 10.0.0.1:6443 --token abcdef.0123456789abcdef".into(),
            format!("kubeadm join 10.0.0.1:6443 --token ABCDEF.0123456789abcdef --discovery-token-ca-cert-hash {HASH}"),
            format!("kubeadm join 10.0.0.1 --token abcdef.0123456789abcdef --discovery-token-ca-cert-hash {HASH}"),
            format!("kubeadm join 10.0.0.1:6443 --token abcdef.0123456789abcdef --discovery-token-ca-cert-hash {HASH} --control-plane"),
            format!("W0101 warning\nkubeadm join 10.0.0.1:6443 --token abcdef.0123456789abcdef --discovery-token-ca-cert-hash {HASH}"),
            "kubeadm join 10.0.0.1:6443 --token abcdef.0123456789abcdef --discovery-token-ca-cert-hash sha256:xyz".into(),
        ] {
            let e = parse_join_command(&bad).unwrap_err();
            assert!(!e.contains("0123456789abcdef"), "{e}");
        }
        let eq = format!("kubeadm join [fd00::1]:6443 --token=abcdef.0123456789abcdef --discovery-token-ca-cert-hash={HASH}");
        assert_eq!(parse_join_command(&eq).unwrap().endpoint, "[fd00::1]:6443");
    }

    #[test]
    fn ceph_volume_id_weight_skew_version() {
        // Tail of a real `ceph-volume lvm create` (Pacific) run, as printed on stderr.
        let err = "Running command: /usr/bin/ceph-authtool --gen-print-key\n\
                   Running command: /usr/bin/systemctl start ceph-osd@3\n\
                   --> ceph-volume lvm activate successful for osd ID: 3\n\
                   --> ceph-volume lvm create successful for: /dev/sdb\n";
        assert_eq!(parse_ceph_volume_osd_id("", err), Some(3));
        assert_eq!(parse_ceph_volume_osd_id("", "nothing"), None);
        assert_eq!(crush_weight(2 << 30), "0.0020");
        assert_eq!(crush_weight(4 << 40), "4.0000");
        assert_eq!(crush_weight(3_840_755_982_336), "3.4931");
        assert_eq!(clock_skew(100.0, "102.5\n", 101.0), Some(2.0));
        assert_eq!(clock_skew(100.0, "garbage", 101.0), None);
        assert_eq!(parse_version("debvisor 0.1.0\n"), Some("0.1.0".into()));
        assert_eq!(parse_version("bash: debvisor: not found"), None);
        assert!(valid_node_name("hv-4"));
        assert!(!valid_node_name("hv_4") && !valid_node_name("") && !valid_node_name("-a"));
        assert!(valid_label("debvisor.io/role=storage") && valid_label("a="));
        assert!(!valid_label("a") && !valid_label("a=b c") && !valid_label("/x=y"));
        assert!(valid_taint("debvisor.io/storage=true:NoSchedule") && valid_taint("k:NoExecute"));
        assert!(!valid_taint("k=v:Never") && !valid_taint("k=v"));
    }

    #[test]
    fn journal_round_trips() {
        let j = Journal {
            created: vec![
                Created::Osd {
                    device: "/dev/sdb".into(),
                    id: Some(3),
                },
                Created::CrushBucket { name: "hv4".into() },
                Created::EtcdKey {
                    key: "/debvisor/nodes/hv4/info/fqdn".into(),
                    previous: None,
                },
            ],
            ..Default::default()
        };
        let t = serde_json::to_string(&j).unwrap();
        assert!(t.contains("\"kind\":\"osd\""), "{t}");
        let back: Journal = serde_json::from_str(&t).unwrap();
        assert_eq!(back.created, j.created);
        assert_eq!(back.osd_ids(), vec![3]);
        assert!(back.open());
    }

    proptest! {
        #[test]
        fn parsers_never_panic(s in "\\PC{0,300}") {
            let _ = parse_join_command(&s);
            let _ = parse_ceph_volume_osd_id(&s, &s);
            let _ = clock_skew(1.0, &s, 2.0);
            let _ = parse_version(&s);
            let _ = valid_label(&s);
            let _ = valid_taint(&s);
            let _ = serde_json::from_str::<Journal>(&s);
        }
    }
}
