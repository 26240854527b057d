# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_debvisor_global_optspecs
    string join \n l/list h/help V/version
end

function __fish_debvisor_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_debvisor_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_debvisor_using_subcommand
    set -l cmd (__fish_debvisor_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c debvisor -n "__fish_debvisor_needs_command" -s l -l list -d 'List the applets'
complete -c debvisor -n "__fish_debvisor_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c debvisor -n "__fish_debvisor_needs_command" -s V -l version -d 'Print version'
complete -c debvisor -n "__fish_debvisor_needs_command" -f -a "health-check" -d 'Check this node\'s tools and services and score its health'
complete -c debvisor -n "__fish_debvisor_needs_command" -f -a "install-links" -d 'Create (or remove) the applet links in a directory'
complete -c debvisor -n "__fish_debvisor_needs_command" -f -a "generate" -d 'Generate man pages or shell completions'
complete -c debvisor -n "__fish_debvisor_needs_command" -f -a "cephctl" -d 'Ceph status, capacity, balance and alerts, and safe OSD maintenance'
complete -c debvisor -n "__fish_debvisor_needs_command" -f -a "zfs-scrub" -d 'Scrub ZFS pools one at a time, wait, and report the errors found'
complete -c debvisor -n "__fish_debvisor_needs_command" -f -a "zfs-status" -d 'ZFS pool health, capacity, fragmentation, last scrub and degraded devices'
complete -c debvisor -n "__fish_debvisor_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c debvisor -n "__fish_debvisor_using_subcommand health-check" -s c -l connect -d 'libvirt URI [env: LIBVIRT_DEFAULT_URI] [config: libvirt.uri]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand health-check" -l only -d 'Run only these checks' -r -f -a "libvirt\t''
qemu-img\t''
ceph\t''
zfs\t''
dns\t''
kubernetes\t''
disk\t''"
complete -c debvisor -n "__fish_debvisor_using_subcommand health-check" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand health-check" -s n -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand health-check" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand health-check" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand health-check" -s q -l quiet -d 'Only errors; no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand health-check" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand health-check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c debvisor -n "__fish_debvisor_using_subcommand health-check" -s V -l version -d 'Print version'
complete -c debvisor -n "__fish_debvisor_using_subcommand install-links" -l target -d 'What the links point to [default: this binary]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand install-links" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand install-links" -l legacy -d 'Also create the legacy script names (e.g. debvisor-migrate.sh) for drop-in compatibility'
complete -c debvisor -n "__fish_debvisor_using_subcommand install-links" -l force -d 'Replace files or foreign links that have an applet\'s name'
complete -c debvisor -n "__fish_debvisor_using_subcommand install-links" -l remove -d 'Remove the links this command created (only links pointing at the target)'
complete -c debvisor -n "__fish_debvisor_using_subcommand install-links" -s n -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand install-links" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand install-links" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand install-links" -s q -l quiet -d 'Only errors; no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand install-links" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand install-links" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c debvisor -n "__fish_debvisor_using_subcommand install-links" -s V -l version -d 'Print version'
complete -c debvisor -n "__fish_debvisor_using_subcommand generate" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand generate" -s n -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand generate" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand generate" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand generate" -s q -l quiet -d 'Only errors; no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand generate" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand generate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c debvisor -n "__fish_debvisor_using_subcommand generate" -s V -l version -d 'Print version'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and not __fish_seen_subcommand_from status osd pool pg alerts noout ok-to-stop help" -s c -l conf -d 'Ceph configuration file [env: CEPH_CONF, CEPH_ARGS] [config: ceph.conf]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and not __fish_seen_subcommand_from status osd pool pg alerts noout ok-to-stop help" -s k -l keyring -d 'Client keyring [env: CEPH_ARGS] [config: ceph.keyring]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and not __fish_seen_subcommand_from status osd pool pg alerts noout ok-to-stop help" -l cluster-timeout -d 'Seconds to wait for the monitors (ceph --connect-timeout) [config: ceph.connect_timeout] [default: 10]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and not __fish_seen_subcommand_from status osd pool pg alerts noout ok-to-stop help" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and not __fish_seen_subcommand_from status osd pool pg alerts noout ok-to-stop help" -s n -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and not __fish_seen_subcommand_from status osd pool pg alerts noout ok-to-stop help" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and not __fish_seen_subcommand_from status osd pool pg alerts noout ok-to-stop help" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and not __fish_seen_subcommand_from status osd pool pg alerts noout ok-to-stop help" -s q -l quiet -d 'Only errors; no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and not __fish_seen_subcommand_from status osd pool pg alerts noout ok-to-stop help" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and not __fish_seen_subcommand_from status osd pool pg alerts noout ok-to-stop help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and not __fish_seen_subcommand_from status osd pool pg alerts noout ok-to-stop help" -s V -l version -d 'Print version'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and not __fish_seen_subcommand_from status osd pool pg alerts noout ok-to-stop help" -f -a "status" -d 'Health (each check explained, with a suggested action), capacity, OSDs, PGs, client I/O'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and not __fish_seen_subcommand_from status osd pool pg alerts noout ok-to-stop help" -f -a "osd" -d 'Per-OSD report and OSD maintenance'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and not __fish_seen_subcommand_from status osd pool pg alerts noout ok-to-stop help" -f -a "pool" -d 'Pool reports'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and not __fish_seen_subcommand_from status osd pool pg alerts noout ok-to-stop help" -f -a "pg" -d 'Placement group reports'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and not __fish_seen_subcommand_from status osd pool pg alerts noout ok-to-stop help" -f -a "alerts" -d 'Critical and warning checks (worst first), recent crashes, near-full OSDs; exit 0 ok, 1 warning, 2 critical'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and not __fish_seen_subcommand_from status osd pool pg alerts noout ok-to-stop help" -f -a "noout" -d 'Set or unset noout, cluster-wide or for one OSD (maintenance)'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and not __fish_seen_subcommand_from status osd pool pg alerts noout ok-to-stop help" -f -a "ok-to-stop" -d 'Whether an OSD can be stopped without making PGs inactive; exit 0 yes, 1 no'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and not __fish_seen_subcommand_from status osd pool pg alerts noout ok-to-stop help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from status" -s c -l conf -d 'Ceph configuration file [env: CEPH_CONF, CEPH_ARGS] [config: ceph.conf]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from status" -s k -l keyring -d 'Client keyring [env: CEPH_ARGS] [config: ceph.keyring]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from status" -l cluster-timeout -d 'Seconds to wait for the monitors (ceph --connect-timeout) [config: ceph.connect_timeout] [default: 10]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from status" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from status" -s n -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from status" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from status" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from status" -s q -l quiet -d 'Only errors; no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from status" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from osd" -s c -l conf -d 'Ceph configuration file [env: CEPH_CONF, CEPH_ARGS] [config: ceph.conf]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from osd" -s k -l keyring -d 'Client keyring [env: CEPH_ARGS] [config: ceph.keyring]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from osd" -l cluster-timeout -d 'Seconds to wait for the monitors (ceph --connect-timeout) [config: ceph.connect_timeout] [default: 10]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from osd" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from osd" -s n -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from osd" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from osd" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from osd" -s q -l quiet -d 'Only errors; no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from osd" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from osd" -s h -l help -d 'Print help'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from osd" -f -a "list" -d 'Host, up/in, weight/reweight, utilisation and variance, PGs and a suggestion per OSD'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from osd" -f -a "out" -d 'Mark an OSD out (its data moves to other OSDs)'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from osd" -f -a "in" -d 'Mark an OSD in again'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from osd" -f -a "safe-destroy" -d 'Destroy a (down) OSD, only if `ceph osd safe-to-destroy` says no data would be lost; needs --yes'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from osd" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from pool" -s c -l conf -d 'Ceph configuration file [env: CEPH_CONF, CEPH_ARGS] [config: ceph.conf]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from pool" -s k -l keyring -d 'Client keyring [env: CEPH_ARGS] [config: ceph.keyring]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from pool" -l cluster-timeout -d 'Seconds to wait for the monitors (ceph --connect-timeout) [config: ceph.connect_timeout] [default: 10]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from pool" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from pool" -s n -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from pool" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from pool" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from pool" -s q -l quiet -d 'Only errors; no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from pool" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from pool" -s h -l help -d 'Print help'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from pool" -f -a "capacity" -d 'Stored, used, max available, replicas/EC, PGs, quota and fill projection per pool'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from pool" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from pg" -s c -l conf -d 'Ceph configuration file [env: CEPH_CONF, CEPH_ARGS] [config: ceph.conf]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from pg" -s k -l keyring -d 'Client keyring [env: CEPH_ARGS] [config: ceph.keyring]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from pg" -l cluster-timeout -d 'Seconds to wait for the monitors (ceph --connect-timeout) [config: ceph.connect_timeout] [default: 10]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from pg" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from pg" -s n -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from pg" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from pg" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from pg" -s q -l quiet -d 'Only errors; no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from pg" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from pg" -s h -l help -d 'Print help'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from pg" -f -a "balance" -d 'PG and utilisation spread, balancer and autoscaler state, and recommendations as exact commands'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from pg" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from alerts" -s c -l conf -d 'Ceph configuration file [env: CEPH_CONF, CEPH_ARGS] [config: ceph.conf]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from alerts" -s k -l keyring -d 'Client keyring [env: CEPH_ARGS] [config: ceph.keyring]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from alerts" -l cluster-timeout -d 'Seconds to wait for the monitors (ceph --connect-timeout) [config: ceph.connect_timeout] [default: 10]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from alerts" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from alerts" -s n -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from alerts" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from alerts" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from alerts" -s q -l quiet -d 'Only errors; no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from alerts" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from alerts" -s h -l help -d 'Print help'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from noout" -l osd -d 'Only this OSD (N or osd.N) via `ceph osd add-noout`/`rm-noout`' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from noout" -s c -l conf -d 'Ceph configuration file [env: CEPH_CONF, CEPH_ARGS] [config: ceph.conf]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from noout" -s k -l keyring -d 'Client keyring [env: CEPH_ARGS] [config: ceph.keyring]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from noout" -l cluster-timeout -d 'Seconds to wait for the monitors (ceph --connect-timeout) [config: ceph.connect_timeout] [default: 10]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from noout" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from noout" -s n -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from noout" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from noout" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from noout" -s q -l quiet -d 'Only errors; no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from noout" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from noout" -s h -l help -d 'Print help'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from ok-to-stop" -s c -l conf -d 'Ceph configuration file [env: CEPH_CONF, CEPH_ARGS] [config: ceph.conf]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from ok-to-stop" -s k -l keyring -d 'Client keyring [env: CEPH_ARGS] [config: ceph.keyring]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from ok-to-stop" -l cluster-timeout -d 'Seconds to wait for the monitors (ceph --connect-timeout) [config: ceph.connect_timeout] [default: 10]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from ok-to-stop" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from ok-to-stop" -s n -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from ok-to-stop" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from ok-to-stop" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from ok-to-stop" -s q -l quiet -d 'Only errors; no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from ok-to-stop" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from ok-to-stop" -s h -l help -d 'Print help'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from help" -f -a "status" -d 'Health (each check explained, with a suggested action), capacity, OSDs, PGs, client I/O'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from help" -f -a "osd" -d 'Per-OSD report and OSD maintenance'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from help" -f -a "pool" -d 'Pool reports'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from help" -f -a "pg" -d 'Placement group reports'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from help" -f -a "alerts" -d 'Critical and warning checks (worst first), recent crashes, near-full OSDs; exit 0 ok, 1 warning, 2 critical'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from help" -f -a "noout" -d 'Set or unset noout, cluster-wide or for one OSD (maintenance)'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from help" -f -a "ok-to-stop" -d 'Whether an OSD can be stopped without making PGs inactive; exit 0 yes, 1 no'
complete -c debvisor -n "__fish_debvisor_using_subcommand cephctl; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c debvisor -n "__fish_debvisor_using_subcommand zfs-scrub" -l timeout -d 'Longest wait per pool [defaults file: ZFS_SCRUB_TIMEOUT] [config: zfs.scrub_timeout_secs] [default: 43200]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand zfs-scrub" -l stagger-max -d 'Upper bound of the per-host start delay, 0 for none [defaults file: ZFS_SCRUB_STAGGER] [config: zfs.stagger_max_secs] [default: 1800]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand zfs-scrub" -l defaults-file -d 'KEY=VALUE file with ZFS_SCRUB_POOLS etc. [config: zfs.defaults_file] [default: /etc/default/debvisor-zfs-scrub]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand zfs-scrub" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand zfs-scrub" -s n -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand zfs-scrub" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand zfs-scrub" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand zfs-scrub" -s q -l quiet -d 'Only errors; no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand zfs-scrub" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand zfs-scrub" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c debvisor -n "__fish_debvisor_using_subcommand zfs-scrub" -s V -l version -d 'Print version'
complete -c debvisor -n "__fish_debvisor_using_subcommand zfs-status" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand zfs-status" -s n -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand zfs-status" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand zfs-status" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand zfs-status" -s q -l quiet -d 'Only errors; no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand zfs-status" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand zfs-status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c debvisor -n "__fish_debvisor_using_subcommand zfs-status" -s V -l version -d 'Print version'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and not __fish_seen_subcommand_from health-check install-links generate cephctl zfs-scrub zfs-status help" -f -a "health-check" -d 'Check this node\'s tools and services and score its health'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and not __fish_seen_subcommand_from health-check install-links generate cephctl zfs-scrub zfs-status help" -f -a "install-links" -d 'Create (or remove) the applet links in a directory'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and not __fish_seen_subcommand_from health-check install-links generate cephctl zfs-scrub zfs-status help" -f -a "generate" -d 'Generate man pages or shell completions'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and not __fish_seen_subcommand_from health-check install-links generate cephctl zfs-scrub zfs-status help" -f -a "cephctl" -d 'Ceph status, capacity, balance and alerts, and safe OSD maintenance'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and not __fish_seen_subcommand_from health-check install-links generate cephctl zfs-scrub zfs-status help" -f -a "zfs-scrub" -d 'Scrub ZFS pools one at a time, wait, and report the errors found'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and not __fish_seen_subcommand_from health-check install-links generate cephctl zfs-scrub zfs-status help" -f -a "zfs-status" -d 'ZFS pool health, capacity, fragmentation, last scrub and degraded devices'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and not __fish_seen_subcommand_from health-check install-links generate cephctl zfs-scrub zfs-status help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and __fish_seen_subcommand_from cephctl" -f -a "status" -d 'Health (each check explained, with a suggested action), capacity, OSDs, PGs, client I/O'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and __fish_seen_subcommand_from cephctl" -f -a "osd" -d 'Per-OSD report and OSD maintenance'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and __fish_seen_subcommand_from cephctl" -f -a "pool" -d 'Pool reports'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and __fish_seen_subcommand_from cephctl" -f -a "pg" -d 'Placement group reports'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and __fish_seen_subcommand_from cephctl" -f -a "alerts" -d 'Critical and warning checks (worst first), recent crashes, near-full OSDs; exit 0 ok, 1 warning, 2 critical'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and __fish_seen_subcommand_from cephctl" -f -a "noout" -d 'Set or unset noout, cluster-wide or for one OSD (maintenance)'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and __fish_seen_subcommand_from cephctl" -f -a "ok-to-stop" -d 'Whether an OSD can be stopped without making PGs inactive; exit 0 yes, 1 no'
