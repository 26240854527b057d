//! The harness itself: two real libvirtd nodes, a KVM guest started and migrated between them.
//! (The applets' own libvirt tests build on this.)

mod common;

#[test]
fn two_real_libvirtd_nodes_run_and_migrate_a_kvm_guest() {
    let Some(nodes) = common::libvirt::Nodes::start(
        "two_real_libvirtd_nodes_run_and_migrate_a_kvm_guest",
        2,
        None,
    ) else {
        return;
    };
    nodes.define_guest(1, "tiny1", "h1");
    nodes.virsh(1, &["start", "h1"]);
    assert_eq!(nodes.domstate(1, "h1").as_deref(), Some("running"));
    nodes.virsh(
        1,
        &[
            "migrate",
            "--live",
            "--unsafe",
            "--persistent",
            "--undefinesource",
            "h1",
            &nodes.tcp_uri(2),
        ],
    );
    assert_eq!(nodes.domstate(2, "h1").as_deref(), Some("running"));
    assert_eq!(nodes.domstate(1, "h1"), None);
    let hooks = std::fs::read_to_string(nodes.hooks_log(1)).unwrap();
    assert!(hooks.contains("h1 started begin -"), "{hooks}");
}
