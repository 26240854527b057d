//! `ip -j addr`, `ip -j route` and `bridge -j link` as firstboot needs them, and the plan that
//! moves a node's primary NIC into bridge br0 keeping its addresses, routes and MAC.

use serde::Deserialize;

#[derive(Debug, Default, Deserialize, Clone)]
#[serde(default)]
pub struct Link {
    pub ifname: String,
    pub address: Option<String>,
    pub operstate: Option<String>,
    pub master: Option<String>,
    pub link_type: Option<String>,
    pub flags: Vec<String>,
    pub addr_info: Vec<AddrInfo>,
    pub linkinfo: Option<LinkInfo>,
}

#[derive(Debug, Default, Deserialize, Clone)]
#[serde(default)]
pub struct LinkInfo {
    pub info_kind: Option<String>,
    pub info_data: Option<serde_json::Value>,
}

#[derive(Debug, Default, Deserialize, Clone, PartialEq)]
#[serde(default)]
pub struct AddrInfo {
    pub family: String,
    pub local: String,
    pub prefixlen: u8,
    pub scope: String,
}

#[derive(Debug, Default, Deserialize, Clone)]
#[serde(default)]
pub struct Route {
    pub dst: String,
    pub gateway: Option<String>,
    pub dev: Option<String>,
}

#[derive(Debug, Default, Deserialize, Clone)]
#[serde(default)]
pub struct BridgePort {
    pub ifname: String,
    pub master: Option<String>,
    pub state: Option<String>,
}

impl Link {
    fn global_v4(&self) -> Vec<&AddrInfo> {
        self.addr_info
            .iter()
            .filter(|a| a.family == "inet" && a.scope == "global")
            .collect()
    }
}

/// What the network phase must do.
#[derive(Debug, PartialEq)]
pub enum BridgeState {
    /// br0 exists, the NIC is its port and br0 carries the addresses.
    Done {
        nic: String,
    },
    Todo(BridgePlan),
    /// br0 exists with its port but carries no IPv4 address yet: what networkd's bridge looks
    /// like at boot until a port forwards (it configures addresses only with carrier).
    Settling {
        nic: String,
    },
}

/// The name of the networkd file that gives the bridge its addresses (one of
/// [`BridgePlan::networkd_files`]): its presence says an earlier run configured the bridge.
pub fn bridge_network_file(bridge: &str) -> String {
    format!("12-debvisor-{bridge}.network")
}

#[derive(Debug, PartialEq, Clone)]
pub struct BridgePlan {
    pub bridge: String,
    pub nic: String,
    pub mac: String,
    pub addrs: Vec<String>,
    pub gateway: Option<String>,
}

/// Finds the primary NIC (the default route's device, else the only non-loopback interface with
/// a global IPv4 address) and decides whether br0 is already in place.
pub fn bridge_state(
    links: &[Link],
    default_routes: &[Route],
    bridge: &str,
) -> Result<BridgeState, String> {
    if let Some(br) = links.iter().find(|l| l.ifname == bridge) {
        let port = links.iter().find(|l| l.master.as_deref() == Some(bridge));
        match port {
            Some(p) if !br.global_v4().is_empty() => return Ok(BridgeState::Done { nic: p.ifname.clone() }),
            Some(p) => return Ok(BridgeState::Settling { nic: p.ifname.clone() }),
            None => {
                return Err(format!(
                    "{bridge} exists but is incomplete (port: none, IPv4 on it: {}); fix or delete it by hand",
                    br.global_v4().len()
                ))
            }
        }
    }
    let via_route = default_routes
        .iter()
        .find_map(|r| r.dev.clone())
        .filter(|d| d != bridge);
    let nic =
        match via_route {
            Some(d) => d,
            None => {
                let cands: Vec<&Link> = links
                    .iter()
                    .filter(|l| {
                        l.ifname != "lo"
                            && l.link_type.as_deref() != Some("loopback")
                            && !l.global_v4().is_empty()
                    })
                    .collect();
                match cands.as_slice() {
                    [one] => one.ifname.clone(),
                    [] => return Err(
                        "no interface with a global IPv4 address: cannot choose the primary NIC"
                            .into(),
                    ),
                    many => {
                        return Err(format!(
                    "no default route and several candidate NICs ({}): set [firstboot] primary_nic",
                    many.iter()
                        .map(|l| l.ifname.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
                    }
                }
            }
        };
    let link = links
        .iter()
        .find(|l| l.ifname == nic)
        .ok_or_else(|| format!("primary NIC {nic} not found"))?;
    if link.master.is_some() {
        return Err(format!(
            "{nic} is already enslaved to {}",
            link.master.as_deref().unwrap_or("?")
        ));
    }
    let addrs: Vec<String> = link
        .global_v4()
        .iter()
        .map(|a| format!("{}/{}", a.local, a.prefixlen))
        .collect();
    if addrs.is_empty() {
        return Err(format!(
            "{nic} has no global IPv4 address to move to {bridge}"
        ));
    }
    Ok(BridgeState::Todo(BridgePlan {
        bridge: bridge.to_string(),
        nic,
        mac: link.address.clone().unwrap_or_default(),
        addrs,
        gateway: default_routes.iter().find_map(|r| r.gateway.clone()),
    }))
}

impl BridgePlan {
    /// One `ip -batch` script: a single process makes the switch, so the window without an
    /// address is as short as the kernel allows. STP is enabled later, once the port forwards
    /// (enabling it first keeps the port in listening/learning for ~30 s).
    pub fn ip_batch(&self) -> String {
        let (b, n) = (&self.bridge, &self.nic);
        // The MAC is given at creation, not set afterwards: udev's MACAddressPolicy=persistent
        // (Debian's 99-default.link) replaces the address of a new bridge whose address was not
        // set by the user, and its "add" event can come after a separate `link set address`
        // (found on a Debian 13 guest: br0 came up with a udev-generated MAC).
        let mut s = if self.mac.is_empty() {
            format!("link add {b} type bridge stp_state 0 forward_delay 200\n")
        } else {
            format!(
                "link add {b} address {} type bridge stp_state 0 forward_delay 200\n",
                self.mac
            )
        };
        s.push_str(&format!("link set {n} master {b}\nlink set {b} up\n"));
        for a in &self.addrs {
            s.push_str(&format!("addr del {a} dev {n}\naddr add {a} dev {b}\n"));
        }
        if let Some(gw) = &self.gateway {
            s.push_str(&format!("route replace default via {gw} dev {b}\n"));
        }
        s
    }

    /// systemd-networkd files so the bridge survives a reboot: (file name, contents).
    pub fn networkd_files(&self) -> Vec<(String, String)> {
        let (b, n) = (&self.bridge, &self.nic);
        let mut net = format!("[Match]\nName={b}\n\n[Network]\n");
        for a in &self.addrs {
            net.push_str(&format!("Address={a}\n"));
        }
        if let Some(gw) = &self.gateway {
            net.push_str(&format!("Gateway={gw}\n"));
        }
        let mac = if self.mac.is_empty() {
            String::new()
        } else {
            format!("MACAddress={}\n", self.mac)
        };
        vec![
            (
                format!("10-debvisor-{b}.netdev"),
                format!("# Written by debvisor firstboot.\n[NetDev]\nName={b}\nKind=bridge\n{mac}\n[Bridge]\nSTP=yes\nForwardDelaySec=2\n"),
            ),
            (format!("11-debvisor-{n}.network"), format!("# Written by debvisor firstboot.\n[Match]\nName={n}\n\n[Network]\nBridge={b}\n")),
            (bridge_network_file(b), format!("# Written by debvisor firstboot.\n{net}")),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    // Recorded in a simulated node (network namespace) with `ip -j addr show` / `ip -j route show default`.
    const ADDR: &str = r#"[{"ifindex":1,"ifname":"lo","flags":["LOOPBACK","UP","LOWER_UP"],"mtu":65536,"qdisc":"noqueue","operstate":"UNKNOWN","group":"default","txqlen":1000,"link_type":"loopback","address":"00:00:00:00:00:00","broadcast":"00:00:00:00:00:00","addr_info":[{"family":"inet","local":"127.0.0.1","prefixlen":8,"scope":"host","label":"lo","valid_life_time":4294967295,"preferred_life_time":4294967295}]},{"ifindex":2,"link_index":3,"ifname":"eth0","flags":["BROADCAST","MULTICAST","UP","LOWER_UP"],"mtu":1500,"qdisc":"noqueue","operstate":"UP","group":"default","txqlen":1000,"link_type":"ether","address":"f6:eb:11:26:36:e1","broadcast":"ff:ff:ff:ff:ff:ff","link_netnsid":0,"addr_info":[{"family":"inet","local":"10.251.0.11","prefixlen":24,"scope":"global","label":"eth0","valid_life_time":4294967295,"preferred_life_time":4294967295}]}]"#;

    #[test]
    fn plans_a_bridge_keeping_address_and_mac() {
        let links: Vec<Link> = serde_json::from_str(ADDR).unwrap();
        let routes = vec![Route {
            dst: "default".into(),
            gateway: Some("10.251.0.1".into()),
            dev: Some("eth0".into()),
        }];
        let BridgeState::Todo(p) = bridge_state(&links, &routes, "br0").unwrap() else {
            panic!()
        };
        assert_eq!(p.nic, "eth0");
        assert_eq!(p.mac, "f6:eb:11:26:36:e1");
        assert_eq!(p.addrs, ["10.251.0.11/24"]);
        let batch = p.ip_batch();
        assert!(batch.starts_with(
            "link add br0 address f6:eb:11:26:36:e1 type bridge stp_state 0 forward_delay 200\nlink set eth0 master br0\n"
        ));
        assert!(batch.ends_with("route replace default via 10.251.0.1 dev br0\n"));
        assert!(p.networkd_files()[2]
            .1
            .contains("Address=10.251.0.11/24\nGateway=10.251.0.1\n"));
        // Without a default route the single addressed NIC is chosen.
        assert!(matches!(
            bridge_state(&links, &[], "br0"),
            Ok(BridgeState::Todo(_))
        ));
    }

    #[test]
    fn detects_done_and_half_done_bridges() {
        let mut links: Vec<Link> = serde_json::from_str(ADDR).unwrap();
        let mut br = links[1].clone();
        br.ifname = "br0".into();
        links[1].master = Some("br0".into());
        links[1].addr_info.clear();
        links.push(br.clone());
        assert_eq!(
            bridge_state(&links, &[], "br0"),
            Ok(BridgeState::Done { nic: "eth0".into() })
        );
        links.last_mut().unwrap().addr_info.clear();
        assert_eq!(
            bridge_state(&links, &[], "br0"),
            Ok(BridgeState::Settling { nic: "eth0".into() })
        );
        links[1].master = None;
        assert!(bridge_state(&links, &[], "br0")
            .unwrap_err()
            .contains("incomplete"));
    }

    proptest! {
        #[test]
        fn parsers_never_panic(s in "\\PC{0,300}") {
            let _ = serde_json::from_str::<Vec<Link>>(&s);
            let _ = serde_json::from_str::<Vec<Route>>(&s);
            let _ = serde_json::from_str::<Vec<BridgePort>>(&s);
        }
    }
}
