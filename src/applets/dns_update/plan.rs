//! The run's side of planning, around `model::dns::plan`: which RRsets to read first, which
//! deletes `--owner` leaves alone, the owner TXT that follows a name's addresses, and the added
//! addresses whose PTR cannot be managed. Pure: works on what was read, sends nothing.

use std::collections::{BTreeMap, BTreeSet};

use super::report::Kept;
use crate::model::dns::{self, Change, Fqdn, Key, Op, RType, Rrset};

/// Whether the run reads and maintains `op`'s owner TXT: with --owner for every name; without,
/// for deleted names (so that the removal of a name's last address also removes its owner tag).
fn tracks_owner(owner: Option<&str>, op: &Op) -> bool {
    owner.is_some() || matches!(op, Op::Delete { .. })
}

/// The RRsets to read before planning `ops`: the owner TXTs, the addresses (both families for
/// a delete) and, with `ptr`, the PTRs of the addresses named.
pub(super) fn keys_to_read(ops: &[Op], owner: Option<&str>, ptr: bool) -> BTreeSet<Key> {
    let mut keys: BTreeSet<Key> = BTreeSet::new();
    for op in ops {
        if tracks_owner(owner, op) {
            keys.insert(Key {
                name: op.name().clone(),
                rtype: RType::TXT,
            });
        }
    }
    for op in ops {
        match op {
            Op::Add { name, addr, .. } => {
                keys.insert(Key {
                    name: name.clone(),
                    rtype: RType::for_addr(addr),
                });
                if ptr {
                    keys.insert(Key {
                        name: dns::ptr_name(addr),
                        rtype: RType::PTR,
                    });
                }
            }
            Op::Delete { name, addr } => {
                keys.insert(Key {
                    name: name.clone(),
                    rtype: RType::A,
                });
                keys.insert(Key {
                    name: name.clone(),
                    rtype: RType::AAAA,
                });
                if let (Some(a), true) = (addr, ptr) {
                    keys.insert(Key {
                        name: dns::ptr_name(a),
                        rtype: RType::PTR,
                    });
                }
            }
        }
    }
    keys
}

/// The PTRs of the addresses the named hosts hold now that `read` lacks: a replaced or
/// deleted address takes its PTR with it, so the plan needs that PTR's current value.
pub(super) fn current_ptr_keys(
    ops: &[Op],
    current: &BTreeMap<Key, Rrset>,
    read: &BTreeSet<Key>,
) -> BTreeSet<Key> {
    dns::ptrs_of_current(ops, current)
        .into_iter()
        .map(|n| Key {
            name: n,
            rtype: RType::PTR,
        })
        .filter(|k| !read.contains(k))
        .collect()
}

fn txt_of(current: &BTreeMap<Key, Rrset>, name: &Fqdn) -> Rrset {
    current
        .get(&Key {
            name: name.clone(),
            rtype: RType::TXT,
        })
        .cloned()
        .unwrap_or_default()
}

/// With --owner, the deletes of names another owner registered since (e.g. the destination of
/// a live migration) are left out; they come back as [`Kept`]. Adds always stay.
pub(super) fn leave_others_names(
    ops: Vec<Op>,
    owner: Option<&str>,
    current: &BTreeMap<Key, Rrset>,
) -> (Vec<Op>, Vec<Kept>) {
    let Some(tag) = owner else {
        return (ops, Vec::new());
    };
    let mut kept = Vec::new();
    let ops = ops
        .into_iter()
        .filter(
            |op| match (op, dns::owner_in(&txt_of(current, op.name()))) {
                (Op::Delete { name, .. }, Some(other)) if other != tag => {
                    kept.push(Kept {
                        name: name.to_string(),
                        owner: other,
                    });
                    false
                }
                _ => true,
            },
        )
        .collect();
    (ops, kept)
}

/// The owner TXT changes that go with `changes`: the owner TXT follows the addresses: set
/// (with --owner) while the name has one, removed with the last one.
pub(super) fn owner_changes(
    zone: &Fqdn,
    ops: &[Op],
    owner: Option<&str>,
    changes: &[Change],
    current: &BTreeMap<Key, Rrset>,
    ttl: u32,
) -> Vec<Change> {
    let names: BTreeSet<&Fqdn> = ops
        .iter()
        .filter(|op| tracks_owner(owner, op))
        .map(Op::name)
        .collect();
    let mut out = Vec::new();
    for name in names {
        let has_addr = [RType::A, RType::AAAA].iter().any(|t| {
            let k = Key {
                name: name.clone(),
                rtype: *t,
            };
            match changes.iter().find(|c| c.key() == k) {
                Some(c) => !c.new.is_empty(),
                None => current.get(&k).is_some_and(|r| !r.values.is_empty()),
            }
        });
        let tag = match (owner, has_addr) {
            (Some(t), true) => Some(t),
            (None, true) => continue,
            (_, false) => None,
        };
        if let Some(c) = dns::owner_change(zone, name, &txt_of(current, name), tag, ttl) {
            out.push(c);
        }
    }
    out
}

/// The added addresses without a reverse zone (per `reverse_zone_of`): their PTRs are not
/// managed.
pub(super) fn unmanaged_ptrs(
    ops: &[Op],
    reverse_zone_of: impl Fn(&Fqdn) -> Option<Fqdn>,
) -> Vec<String> {
    ops.iter()
        .filter_map(|op| match op {
            Op::Add { addr, .. } if reverse_zone_of(&dns::ptr_name(addr)).is_none() => {
                Some(addr.to_string())
            }
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::dns::parse_zone;

    fn fqdn(s: &str) -> Fqdn {
        parse_zone(s).unwrap()
    }

    fn key(name: &str, rtype: RType) -> Key {
        Key {
            name: fqdn(name),
            rtype,
        }
    }

    fn add(host: &str, addr: &str) -> Op {
        Op::Add {
            name: fqdn(&format!("{host}.example.test")),
            addr: addr.parse().unwrap(),
            ttl: None,
        }
    }

    fn delete(host: &str, addr: Option<&str>) -> Op {
        Op::Delete {
            name: fqdn(&format!("{host}.example.test")),
            addr: addr.map(|a| a.parse().unwrap()),
        }
    }

    fn current(entries: &[(&str, RType, &[&str])]) -> BTreeMap<Key, Rrset> {
        entries
            .iter()
            .map(|(name, rtype, values)| {
                (
                    key(name, *rtype),
                    Rrset {
                        ttl: Some(60),
                        values: values.iter().map(|s| s.to_string()).collect(),
                    },
                )
            })
            .collect()
    }

    fn keys(list: &[(&str, RType)]) -> BTreeSet<Key> {
        list.iter().map(|(n, t)| key(n, *t)).collect()
    }

    #[test]
    fn reads_addresses_ptrs_and_owner_tags() {
        let ops = [
            add("vm1", "10.0.0.5"),
            delete("vm2", None),
            delete("vm3", Some("fd00::3")),
        ];
        let ptr6 = "3.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.d.f.ip6.arpa.";
        assert_eq!(
            keys_to_read(&ops, None, true),
            keys(&[
                ("vm1.example.test", RType::A),
                ("5.0.0.10.in-addr.arpa", RType::PTR),
                ("vm2.example.test", RType::A),
                ("vm2.example.test", RType::AAAA),
                ("vm2.example.test", RType::TXT),
                ("vm3.example.test", RType::A),
                ("vm3.example.test", RType::AAAA),
                ("vm3.example.test", RType::TXT),
                (ptr6, RType::PTR),
            ])
        );
        // --owner tracks the added name too; without PTR management no PTR is read.
        assert_eq!(
            keys_to_read(&ops[..1], Some("node-a"), false),
            keys(&[
                ("vm1.example.test", RType::A),
                ("vm1.example.test", RType::TXT),
            ])
        );
    }

    #[test]
    fn current_ptrs_come_from_the_current_addresses() {
        let ops = [add("vm1", "10.0.0.5")];
        let now = current(&[("vm1.example.test", RType::A, &["10.0.0.4", "10.0.0.5"])]);
        let read = keys(&[("5.0.0.10.in-addr.arpa", RType::PTR)]);
        assert_eq!(
            current_ptr_keys(&ops, &now, &read),
            keys(&[("4.0.0.10.in-addr.arpa", RType::PTR)])
        );
    }

    #[test]
    fn owner_leaves_deletes_of_names_registered_by_others() {
        let ops = vec![
            delete("vm1", None),
            delete("vm2", None),
            delete("vm3", None),
            add("vm4", "10.0.0.4"),
        ];
        let now = current(&[
            (
                "vm1.example.test",
                RType::TXT,
                &["\"debvisor-owner=node-b\""],
            ),
            (
                "vm2.example.test",
                RType::TXT,
                &["\"debvisor-owner=node-a\""],
            ),
            (
                "vm4.example.test",
                RType::TXT,
                &["\"debvisor-owner=node-b\""],
            ),
        ]);
        let (left, kept) = leave_others_names(ops.clone(), Some("node-a"), &now);
        assert_eq!(left, [ops[1].clone(), ops[2].clone(), ops[3].clone()]);
        assert_eq!(
            kept,
            [Kept {
                name: "vm1.example.test.".into(),
                owner: "node-b".into(),
            }]
        );
        // Without --owner every delete stays.
        let (left, kept) = leave_others_names(ops.clone(), None, &now);
        assert_eq!(left, ops);
        assert!(kept.is_empty());
    }

    #[test]
    fn owner_tag_follows_the_addresses() {
        let zone = fqdn("example.test");
        let ops = [add("vm1", "10.0.0.5"), delete("vm2", None)];
        let planned = [
            Change {
                zone: zone.clone(),
                name: fqdn("vm1.example.test"),
                rtype: RType::A,
                ttl: 300,
                old: vec![],
                new: vec!["10.0.0.5".into()],
            },
            Change {
                zone: zone.clone(),
                name: fqdn("vm2.example.test"),
                rtype: RType::A,
                ttl: 60,
                old: vec!["10.0.0.6".into()],
                new: vec![],
            },
        ];
        let now = current(&[
            ("vm2.example.test", RType::A, &["10.0.0.6"]),
            (
                "vm2.example.test",
                RType::TXT,
                &["\"debvisor-owner=node-a\"", "\"note\""],
            ),
        ]);
        let changes = owner_changes(&zone, &ops, Some("node-a"), &planned, &now, 300);
        assert_eq!(
            changes,
            [
                Change {
                    zone: zone.clone(),
                    name: fqdn("vm1.example.test"),
                    rtype: RType::TXT,
                    ttl: 300,
                    old: vec![],
                    new: vec!["\"debvisor-owner=node-a\"".into()],
                },
                Change {
                    zone: zone.clone(),
                    name: fqdn("vm2.example.test"),
                    rtype: RType::TXT,
                    ttl: 60,
                    old: vec!["\"debvisor-owner=node-a\"".into(), "\"note\"".into()],
                    new: vec!["\"note\"".into()],
                },
            ]
        );
        // Without --owner an add does not touch the tag; the last address's delete removes it.
        let changes = owner_changes(&zone, &ops, None, &planned, &now, 300);
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].name, fqdn("vm2.example.test"));
        assert_eq!(changes[0].new, ["\"note\""]);
    }

    #[test]
    fn a_delete_keeps_the_tag_while_another_address_remains() {
        let zone = fqdn("example.test");
        let ops = [delete("vm2", Some("10.0.0.6"))];
        let now = current(&[
            ("vm2.example.test", RType::AAAA, &["fd00::6"]),
            (
                "vm2.example.test",
                RType::TXT,
                &["\"debvisor-owner=node-a\""],
            ),
        ]);
        assert!(owner_changes(&zone, &ops, None, &[], &now, 300).is_empty());
    }

    #[test]
    fn addresses_outside_every_reverse_zone_are_unmanaged() {
        let ops = [
            add("vm1", "10.0.0.5"),
            add("vm2", "192.168.1.5"),
            delete("vm3", Some("192.168.1.6")),
        ];
        let reverse = fqdn("0.10.in-addr.arpa");
        let rz = |n: &Fqdn| n.is_in(&reverse).then(|| reverse.clone());
        assert_eq!(unmanaged_ptrs(&ops, rz), ["192.168.1.5"]);
    }
}
