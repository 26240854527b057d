# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_cephctl_global_optspecs
    string join \n c/conf= k/keyring= cluster-timeout= dry-run json v/verbose q/quiet y/yes config= h/help V/version
end

function __fish_cephctl_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_cephctl_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_cephctl_using_subcommand
    set -l cmd (__fish_cephctl_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c cephctl -n "__fish_cephctl_needs_command" -s c -l conf -d 'Ceph configuration file [env: CEPH_CONF, CEPH_ARGS] [config: ceph.conf]' -r -F
complete -c cephctl -n "__fish_cephctl_needs_command" -s k -l keyring -d 'Client keyring [env: CEPH_ARGS] [config: ceph.keyring]' -r -F
complete -c cephctl -n "__fish_cephctl_needs_command" -l cluster-timeout -d 'Seconds to wait for the monitors (ceph --connect-timeout) [config: ceph.connect_timeout] [default: 10]' -r
complete -c cephctl -n "__fish_cephctl_needs_command" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c cephctl -n "__fish_cephctl_needs_command" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c cephctl -n "__fish_cephctl_needs_command" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c cephctl -n "__fish_cephctl_needs_command" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c cephctl -n "__fish_cephctl_needs_command" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c cephctl -n "__fish_cephctl_needs_command" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c cephctl -n "__fish_cephctl_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cephctl -n "__fish_cephctl_needs_command" -s V -l version -d 'Print version'
complete -c cephctl -n "__fish_cephctl_needs_command" -f -a "status" -d 'Health (each check explained, with a suggested action), capacity, OSDs, PGs, client I/O'
complete -c cephctl -n "__fish_cephctl_needs_command" -f -a "osd" -d 'Per-OSD report and OSD maintenance'
complete -c cephctl -n "__fish_cephctl_needs_command" -f -a "pool" -d 'Pool reports'
complete -c cephctl -n "__fish_cephctl_needs_command" -f -a "pg" -d 'Placement group reports'
complete -c cephctl -n "__fish_cephctl_needs_command" -f -a "alerts" -d 'Critical and warning checks (worst first), recent crashes, near-full OSDs; exit 0 ok, 1 warning, 2 critical'
complete -c cephctl -n "__fish_cephctl_needs_command" -f -a "noout" -d 'Set or unset noout, cluster-wide or for one OSD (maintenance)'
complete -c cephctl -n "__fish_cephctl_needs_command" -f -a "ok-to-stop" -d 'Whether an OSD can be stopped without making PGs inactive; exit 0 yes, 1 no'
complete -c cephctl -n "__fish_cephctl_needs_command" -f -a "mgr-compat" -d 'Debian 13: let ceph-mgr 18.2 load its modules with the PyO3 python3-bcrypt (status, enable, disable)'
complete -c cephctl -n "__fish_cephctl_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cephctl -n "__fish_cephctl_using_subcommand status" -s c -l conf -d 'Ceph configuration file [env: CEPH_CONF, CEPH_ARGS] [config: ceph.conf]' -r -F
complete -c cephctl -n "__fish_cephctl_using_subcommand status" -s k -l keyring -d 'Client keyring [env: CEPH_ARGS] [config: ceph.keyring]' -r -F
complete -c cephctl -n "__fish_cephctl_using_subcommand status" -l cluster-timeout -d 'Seconds to wait for the monitors (ceph --connect-timeout) [config: ceph.connect_timeout] [default: 10]' -r
complete -c cephctl -n "__fish_cephctl_using_subcommand status" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c cephctl -n "__fish_cephctl_using_subcommand status" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c cephctl -n "__fish_cephctl_using_subcommand status" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c cephctl -n "__fish_cephctl_using_subcommand status" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c cephctl -n "__fish_cephctl_using_subcommand status" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c cephctl -n "__fish_cephctl_using_subcommand status" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c cephctl -n "__fish_cephctl_using_subcommand status" -s h -l help -d 'Print help'
complete -c cephctl -n "__fish_cephctl_using_subcommand osd; and not __fish_seen_subcommand_from list out in safe-destroy help" -s c -l conf -d 'Ceph configuration file [env: CEPH_CONF, CEPH_ARGS] [config: ceph.conf]' -r -F
complete -c cephctl -n "__fish_cephctl_using_subcommand osd; and not __fish_seen_subcommand_from list out in safe-destroy help" -s k -l keyring -d 'Client keyring [env: CEPH_ARGS] [config: ceph.keyring]' -r -F
complete -c cephctl -n "__fish_cephctl_using_subcommand osd; and not __fish_seen_subcommand_from list out in safe-destroy help" -l cluster-timeout -d 'Seconds to wait for the monitors (ceph --connect-timeout) [config: ceph.connect_timeout] [default: 10]' -r
complete -c cephctl -n "__fish_cephctl_using_subcommand osd; and not __fish_seen_subcommand_from list out in safe-destroy help" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c cephctl -n "__fish_cephctl_using_subcommand osd; and not __fish_seen_subcommand_from list out in safe-destroy help" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c cephctl -n "__fish_cephctl_using_subcommand osd; and not __fish_seen_subcommand_from list out in safe-destroy help" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c cephctl -n "__fish_cephctl_using_subcommand osd; and not __fish_seen_subcommand_from list out in safe-destroy help" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c cephctl -n "__fish_cephctl_using_subcommand osd; and not __fish_seen_subcommand_from list out in safe-destroy help" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c cephctl -n "__fish_cephctl_using_subcommand osd; and not __fish_seen_subcommand_from list out in safe-destroy help" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c cephctl -n "__fish_cephctl_using_subcommand osd; and not __fish_seen_subcommand_from list out in safe-destroy help" -s h -l help -d 'Print help'
complete -c cephctl -n "__fish_cephctl_using_subcommand osd; and not __fish_seen_subcommand_from list out in safe-destroy help" -f -a "list" -d 'Host, up/in, weight/reweight, utilisation and variance, PGs and a suggestion per OSD'
complete -c cephctl -n "__fish_cephctl_using_subcommand osd; and not __fish_seen_subcommand_from list out in safe-destroy help" -f -a "out" -d 'Mark an OSD out (its data moves to other OSDs)'
complete -c cephctl -n "__fish_cephctl_using_subcommand osd; and not __fish_seen_subcommand_from list out in safe-destroy help" -f -a "in" -d 'Mark an OSD in again'
complete -c cephctl -n "__fish_cephctl_using_subcommand osd; and not __fish_seen_subcommand_from list out in safe-destroy help" -f -a "safe-destroy" -d 'Destroy a (down) OSD, only if `ceph osd safe-to-destroy` says no data would be lost; needs --yes'
complete -c cephctl -n "__fish_cephctl_using_subcommand osd; and not __fish_seen_subcommand_from list out in safe-destroy help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cephctl -n "__fish_cephctl_using_subcommand osd; and __fish_seen_subcommand_from list" -s c -l conf -d 'Ceph configuration file [env: CEPH_CONF, CEPH_ARGS] [config: ceph.conf]' -r -F
complete -c cephctl -n "__fish_cephctl_using_subcommand osd; and __fish_seen_subcommand_from list" -s k -l keyring -d 'Client keyring [env: CEPH_ARGS] [config: ceph.keyring]' -r -F
complete -c cephctl -n "__fish_cephctl_using_subcommand osd; and __fish_seen_subcommand_from list" -l cluster-timeout -d 'Seconds to wait for the monitors (ceph --connect-timeout) [config: ceph.connect_timeout] [default: 10]' -r
complete -c cephctl -n "__fish_cephctl_using_subcommand osd; and __fish_seen_subcommand_from list" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c cephctl -n "__fish_cephctl_using_subcommand osd; and __fish_seen_subcommand_from list" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c cephctl -n "__fish_cephctl_using_subcommand osd; and __fish_seen_subcommand_from list" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c cephctl -n "__fish_cephctl_using_subcommand osd; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c cephctl -n "__fish_cephctl_using_subcommand osd; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c cephctl -n "__fish_cephctl_using_subcommand osd; and __fish_seen_subcommand_from list" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c cephctl -n "__fish_cephctl_using_subcommand osd; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c cephctl -n "__fish_cephctl_using_subcommand osd; and __fish_seen_subcommand_from out" -s c -l conf -d 'Ceph configuration file [env: CEPH_CONF, CEPH_ARGS] [config: ceph.conf]' -r -F
complete -c cephctl -n "__fish_cephctl_using_subcommand osd; and __fish_seen_subcommand_from out" -s k -l keyring -d 'Client keyring [env: CEPH_ARGS] [config: ceph.keyring]' -r -F
complete -c cephctl -n "__fish_cephctl_using_subcommand osd; and __fish_seen_subcommand_from out" -l cluster-timeout -d 'Seconds to wait for the monitors (ceph --connect-timeout) [config: ceph.connect_timeout] [default: 10]' -r
complete -c cephctl -n "__fish_cephctl_using_subcommand osd; and __fish_seen_subcommand_from out" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c cephctl -n "__fish_cephctl_using_subcommand osd; and __fish_seen_subcommand_from out" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c cephctl -n "__fish_cephctl_using_subcommand osd; and __fish_seen_subcommand_from out" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c cephctl -n "__fish_cephctl_using_subcommand osd; and __fish_seen_subcommand_from out" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c cephctl -n "__fish_cephctl_using_subcommand osd; and __fish_seen_subcommand_from out" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c cephctl -n "__fish_cephctl_using_subcommand osd; and __fish_seen_subcommand_from out" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c cephctl -n "__fish_cephctl_using_subcommand osd; and __fish_seen_subcommand_from out" -s h -l help -d 'Print help'
complete -c cephctl -n "__fish_cephctl_using_subcommand osd; and __fish_seen_subcommand_from in" -s c -l conf -d 'Ceph configuration file [env: CEPH_CONF, CEPH_ARGS] [config: ceph.conf]' -r -F
complete -c cephctl -n "__fish_cephctl_using_subcommand osd; and __fish_seen_subcommand_from in" -s k -l keyring -d 'Client keyring [env: CEPH_ARGS] [config: ceph.keyring]' -r -F
complete -c cephctl -n "__fish_cephctl_using_subcommand osd; and __fish_seen_subcommand_from in" -l cluster-timeout -d 'Seconds to wait for the monitors (ceph --connect-timeout) [config: ceph.connect_timeout] [default: 10]' -r
complete -c cephctl -n "__fish_cephctl_using_subcommand osd; and __fish_seen_subcommand_from in" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c cephctl -n "__fish_cephctl_using_subcommand osd; and __fish_seen_subcommand_from in" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c cephctl -n "__fish_cephctl_using_subcommand osd; and __fish_seen_subcommand_from in" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c cephctl -n "__fish_cephctl_using_subcommand osd; and __fish_seen_subcommand_from in" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c cephctl -n "__fish_cephctl_using_subcommand osd; and __fish_seen_subcommand_from in" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c cephctl -n "__fish_cephctl_using_subcommand osd; and __fish_seen_subcommand_from in" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c cephctl -n "__fish_cephctl_using_subcommand osd; and __fish_seen_subcommand_from in" -s h -l help -d 'Print help'
complete -c cephctl -n "__fish_cephctl_using_subcommand osd; and __fish_seen_subcommand_from safe-destroy" -s c -l conf -d 'Ceph configuration file [env: CEPH_CONF, CEPH_ARGS] [config: ceph.conf]' -r -F
complete -c cephctl -n "__fish_cephctl_using_subcommand osd; and __fish_seen_subcommand_from safe-destroy" -s k -l keyring -d 'Client keyring [env: CEPH_ARGS] [config: ceph.keyring]' -r -F
complete -c cephctl -n "__fish_cephctl_using_subcommand osd; and __fish_seen_subcommand_from safe-destroy" -l cluster-timeout -d 'Seconds to wait for the monitors (ceph --connect-timeout) [config: ceph.connect_timeout] [default: 10]' -r
complete -c cephctl -n "__fish_cephctl_using_subcommand osd; and __fish_seen_subcommand_from safe-destroy" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c cephctl -n "__fish_cephctl_using_subcommand osd; and __fish_seen_subcommand_from safe-destroy" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c cephctl -n "__fish_cephctl_using_subcommand osd; and __fish_seen_subcommand_from safe-destroy" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c cephctl -n "__fish_cephctl_using_subcommand osd; and __fish_seen_subcommand_from safe-destroy" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c cephctl -n "__fish_cephctl_using_subcommand osd; and __fish_seen_subcommand_from safe-destroy" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c cephctl -n "__fish_cephctl_using_subcommand osd; and __fish_seen_subcommand_from safe-destroy" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c cephctl -n "__fish_cephctl_using_subcommand osd; and __fish_seen_subcommand_from safe-destroy" -s h -l help -d 'Print help'
complete -c cephctl -n "__fish_cephctl_using_subcommand osd; and __fish_seen_subcommand_from help" -f -a "list" -d 'Host, up/in, weight/reweight, utilisation and variance, PGs and a suggestion per OSD'
complete -c cephctl -n "__fish_cephctl_using_subcommand osd; and __fish_seen_subcommand_from help" -f -a "out" -d 'Mark an OSD out (its data moves to other OSDs)'
complete -c cephctl -n "__fish_cephctl_using_subcommand osd; and __fish_seen_subcommand_from help" -f -a "in" -d 'Mark an OSD in again'
complete -c cephctl -n "__fish_cephctl_using_subcommand osd; and __fish_seen_subcommand_from help" -f -a "safe-destroy" -d 'Destroy a (down) OSD, only if `ceph osd safe-to-destroy` says no data would be lost; needs --yes'
complete -c cephctl -n "__fish_cephctl_using_subcommand osd; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cephctl -n "__fish_cephctl_using_subcommand pool; and not __fish_seen_subcommand_from capacity help" -s c -l conf -d 'Ceph configuration file [env: CEPH_CONF, CEPH_ARGS] [config: ceph.conf]' -r -F
complete -c cephctl -n "__fish_cephctl_using_subcommand pool; and not __fish_seen_subcommand_from capacity help" -s k -l keyring -d 'Client keyring [env: CEPH_ARGS] [config: ceph.keyring]' -r -F
complete -c cephctl -n "__fish_cephctl_using_subcommand pool; and not __fish_seen_subcommand_from capacity help" -l cluster-timeout -d 'Seconds to wait for the monitors (ceph --connect-timeout) [config: ceph.connect_timeout] [default: 10]' -r
complete -c cephctl -n "__fish_cephctl_using_subcommand pool; and not __fish_seen_subcommand_from capacity help" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c cephctl -n "__fish_cephctl_using_subcommand pool; and not __fish_seen_subcommand_from capacity help" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c cephctl -n "__fish_cephctl_using_subcommand pool; and not __fish_seen_subcommand_from capacity help" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c cephctl -n "__fish_cephctl_using_subcommand pool; and not __fish_seen_subcommand_from capacity help" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c cephctl -n "__fish_cephctl_using_subcommand pool; and not __fish_seen_subcommand_from capacity help" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c cephctl -n "__fish_cephctl_using_subcommand pool; and not __fish_seen_subcommand_from capacity help" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c cephctl -n "__fish_cephctl_using_subcommand pool; and not __fish_seen_subcommand_from capacity help" -s h -l help -d 'Print help'
complete -c cephctl -n "__fish_cephctl_using_subcommand pool; and not __fish_seen_subcommand_from capacity help" -f -a "capacity" -d 'Stored, used, max available, replicas/EC, PGs, quota and fill projection per pool'
complete -c cephctl -n "__fish_cephctl_using_subcommand pool; and not __fish_seen_subcommand_from capacity help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cephctl -n "__fish_cephctl_using_subcommand pool; and __fish_seen_subcommand_from capacity" -s c -l conf -d 'Ceph configuration file [env: CEPH_CONF, CEPH_ARGS] [config: ceph.conf]' -r -F
complete -c cephctl -n "__fish_cephctl_using_subcommand pool; and __fish_seen_subcommand_from capacity" -s k -l keyring -d 'Client keyring [env: CEPH_ARGS] [config: ceph.keyring]' -r -F
complete -c cephctl -n "__fish_cephctl_using_subcommand pool; and __fish_seen_subcommand_from capacity" -l cluster-timeout -d 'Seconds to wait for the monitors (ceph --connect-timeout) [config: ceph.connect_timeout] [default: 10]' -r
complete -c cephctl -n "__fish_cephctl_using_subcommand pool; and __fish_seen_subcommand_from capacity" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c cephctl -n "__fish_cephctl_using_subcommand pool; and __fish_seen_subcommand_from capacity" -l record -d 'Append a sample to the growth history (STATE_DIR/ceph-pool-history.json); the timer does this hourly'
complete -c cephctl -n "__fish_cephctl_using_subcommand pool; and __fish_seen_subcommand_from capacity" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c cephctl -n "__fish_cephctl_using_subcommand pool; and __fish_seen_subcommand_from capacity" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c cephctl -n "__fish_cephctl_using_subcommand pool; and __fish_seen_subcommand_from capacity" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c cephctl -n "__fish_cephctl_using_subcommand pool; and __fish_seen_subcommand_from capacity" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c cephctl -n "__fish_cephctl_using_subcommand pool; and __fish_seen_subcommand_from capacity" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c cephctl -n "__fish_cephctl_using_subcommand pool; and __fish_seen_subcommand_from capacity" -s h -l help -d 'Print help'
complete -c cephctl -n "__fish_cephctl_using_subcommand pool; and __fish_seen_subcommand_from help" -f -a "capacity" -d 'Stored, used, max available, replicas/EC, PGs, quota and fill projection per pool'
complete -c cephctl -n "__fish_cephctl_using_subcommand pool; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cephctl -n "__fish_cephctl_using_subcommand pg; and not __fish_seen_subcommand_from balance help" -s c -l conf -d 'Ceph configuration file [env: CEPH_CONF, CEPH_ARGS] [config: ceph.conf]' -r -F
complete -c cephctl -n "__fish_cephctl_using_subcommand pg; and not __fish_seen_subcommand_from balance help" -s k -l keyring -d 'Client keyring [env: CEPH_ARGS] [config: ceph.keyring]' -r -F
complete -c cephctl -n "__fish_cephctl_using_subcommand pg; and not __fish_seen_subcommand_from balance help" -l cluster-timeout -d 'Seconds to wait for the monitors (ceph --connect-timeout) [config: ceph.connect_timeout] [default: 10]' -r
complete -c cephctl -n "__fish_cephctl_using_subcommand pg; and not __fish_seen_subcommand_from balance help" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c cephctl -n "__fish_cephctl_using_subcommand pg; and not __fish_seen_subcommand_from balance help" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c cephctl -n "__fish_cephctl_using_subcommand pg; and not __fish_seen_subcommand_from balance help" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c cephctl -n "__fish_cephctl_using_subcommand pg; and not __fish_seen_subcommand_from balance help" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c cephctl -n "__fish_cephctl_using_subcommand pg; and not __fish_seen_subcommand_from balance help" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c cephctl -n "__fish_cephctl_using_subcommand pg; and not __fish_seen_subcommand_from balance help" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c cephctl -n "__fish_cephctl_using_subcommand pg; and not __fish_seen_subcommand_from balance help" -s h -l help -d 'Print help'
complete -c cephctl -n "__fish_cephctl_using_subcommand pg; and not __fish_seen_subcommand_from balance help" -f -a "balance" -d 'PG and utilisation spread, balancer and autoscaler state, and recommendations as exact commands'
complete -c cephctl -n "__fish_cephctl_using_subcommand pg; and not __fish_seen_subcommand_from balance help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cephctl -n "__fish_cephctl_using_subcommand pg; and __fish_seen_subcommand_from balance" -s c -l conf -d 'Ceph configuration file [env: CEPH_CONF, CEPH_ARGS] [config: ceph.conf]' -r -F
complete -c cephctl -n "__fish_cephctl_using_subcommand pg; and __fish_seen_subcommand_from balance" -s k -l keyring -d 'Client keyring [env: CEPH_ARGS] [config: ceph.keyring]' -r -F
complete -c cephctl -n "__fish_cephctl_using_subcommand pg; and __fish_seen_subcommand_from balance" -l cluster-timeout -d 'Seconds to wait for the monitors (ceph --connect-timeout) [config: ceph.connect_timeout] [default: 10]' -r
complete -c cephctl -n "__fish_cephctl_using_subcommand pg; and __fish_seen_subcommand_from balance" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c cephctl -n "__fish_cephctl_using_subcommand pg; and __fish_seen_subcommand_from balance" -l apply -d 'Run the recommended commands (with --dry-run: only show them)'
complete -c cephctl -n "__fish_cephctl_using_subcommand pg; and __fish_seen_subcommand_from balance" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c cephctl -n "__fish_cephctl_using_subcommand pg; and __fish_seen_subcommand_from balance" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c cephctl -n "__fish_cephctl_using_subcommand pg; and __fish_seen_subcommand_from balance" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c cephctl -n "__fish_cephctl_using_subcommand pg; and __fish_seen_subcommand_from balance" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c cephctl -n "__fish_cephctl_using_subcommand pg; and __fish_seen_subcommand_from balance" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c cephctl -n "__fish_cephctl_using_subcommand pg; and __fish_seen_subcommand_from balance" -s h -l help -d 'Print help'
complete -c cephctl -n "__fish_cephctl_using_subcommand pg; and __fish_seen_subcommand_from help" -f -a "balance" -d 'PG and utilisation spread, balancer and autoscaler state, and recommendations as exact commands'
complete -c cephctl -n "__fish_cephctl_using_subcommand pg; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cephctl -n "__fish_cephctl_using_subcommand alerts" -s c -l conf -d 'Ceph configuration file [env: CEPH_CONF, CEPH_ARGS] [config: ceph.conf]' -r -F
complete -c cephctl -n "__fish_cephctl_using_subcommand alerts" -s k -l keyring -d 'Client keyring [env: CEPH_ARGS] [config: ceph.keyring]' -r -F
complete -c cephctl -n "__fish_cephctl_using_subcommand alerts" -l cluster-timeout -d 'Seconds to wait for the monitors (ceph --connect-timeout) [config: ceph.connect_timeout] [default: 10]' -r
complete -c cephctl -n "__fish_cephctl_using_subcommand alerts" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c cephctl -n "__fish_cephctl_using_subcommand alerts" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c cephctl -n "__fish_cephctl_using_subcommand alerts" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c cephctl -n "__fish_cephctl_using_subcommand alerts" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c cephctl -n "__fish_cephctl_using_subcommand alerts" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c cephctl -n "__fish_cephctl_using_subcommand alerts" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c cephctl -n "__fish_cephctl_using_subcommand alerts" -s h -l help -d 'Print help'
complete -c cephctl -n "__fish_cephctl_using_subcommand noout" -l osd -d 'Only this OSD (N or osd.N) via `ceph osd add-noout`/`rm-noout`' -r
complete -c cephctl -n "__fish_cephctl_using_subcommand noout" -s c -l conf -d 'Ceph configuration file [env: CEPH_CONF, CEPH_ARGS] [config: ceph.conf]' -r -F
complete -c cephctl -n "__fish_cephctl_using_subcommand noout" -s k -l keyring -d 'Client keyring [env: CEPH_ARGS] [config: ceph.keyring]' -r -F
complete -c cephctl -n "__fish_cephctl_using_subcommand noout" -l cluster-timeout -d 'Seconds to wait for the monitors (ceph --connect-timeout) [config: ceph.connect_timeout] [default: 10]' -r
complete -c cephctl -n "__fish_cephctl_using_subcommand noout" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c cephctl -n "__fish_cephctl_using_subcommand noout" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c cephctl -n "__fish_cephctl_using_subcommand noout" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c cephctl -n "__fish_cephctl_using_subcommand noout" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c cephctl -n "__fish_cephctl_using_subcommand noout" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c cephctl -n "__fish_cephctl_using_subcommand noout" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c cephctl -n "__fish_cephctl_using_subcommand noout" -s h -l help -d 'Print help'
complete -c cephctl -n "__fish_cephctl_using_subcommand ok-to-stop" -s c -l conf -d 'Ceph configuration file [env: CEPH_CONF, CEPH_ARGS] [config: ceph.conf]' -r -F
complete -c cephctl -n "__fish_cephctl_using_subcommand ok-to-stop" -s k -l keyring -d 'Client keyring [env: CEPH_ARGS] [config: ceph.keyring]' -r -F
complete -c cephctl -n "__fish_cephctl_using_subcommand ok-to-stop" -l cluster-timeout -d 'Seconds to wait for the monitors (ceph --connect-timeout) [config: ceph.connect_timeout] [default: 10]' -r
complete -c cephctl -n "__fish_cephctl_using_subcommand ok-to-stop" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c cephctl -n "__fish_cephctl_using_subcommand ok-to-stop" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c cephctl -n "__fish_cephctl_using_subcommand ok-to-stop" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c cephctl -n "__fish_cephctl_using_subcommand ok-to-stop" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c cephctl -n "__fish_cephctl_using_subcommand ok-to-stop" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c cephctl -n "__fish_cephctl_using_subcommand ok-to-stop" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c cephctl -n "__fish_cephctl_using_subcommand ok-to-stop" -s h -l help -d 'Print help'
complete -c cephctl -n "__fish_cephctl_using_subcommand mgr-compat" -s c -l conf -d 'Ceph configuration file [env: CEPH_CONF, CEPH_ARGS] [config: ceph.conf]' -r -F
complete -c cephctl -n "__fish_cephctl_using_subcommand mgr-compat" -s k -l keyring -d 'Client keyring [env: CEPH_ARGS] [config: ceph.keyring]' -r -F
complete -c cephctl -n "__fish_cephctl_using_subcommand mgr-compat" -l cluster-timeout -d 'Seconds to wait for the monitors (ceph --connect-timeout) [config: ceph.connect_timeout] [default: 10]' -r
complete -c cephctl -n "__fish_cephctl_using_subcommand mgr-compat" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c cephctl -n "__fish_cephctl_using_subcommand mgr-compat" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c cephctl -n "__fish_cephctl_using_subcommand mgr-compat" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c cephctl -n "__fish_cephctl_using_subcommand mgr-compat" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c cephctl -n "__fish_cephctl_using_subcommand mgr-compat" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c cephctl -n "__fish_cephctl_using_subcommand mgr-compat" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c cephctl -n "__fish_cephctl_using_subcommand mgr-compat" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cephctl -n "__fish_cephctl_using_subcommand help; and not __fish_seen_subcommand_from status osd pool pg alerts noout ok-to-stop mgr-compat help" -f -a "status" -d 'Health (each check explained, with a suggested action), capacity, OSDs, PGs, client I/O'
complete -c cephctl -n "__fish_cephctl_using_subcommand help; and not __fish_seen_subcommand_from status osd pool pg alerts noout ok-to-stop mgr-compat help" -f -a "osd" -d 'Per-OSD report and OSD maintenance'
complete -c cephctl -n "__fish_cephctl_using_subcommand help; and not __fish_seen_subcommand_from status osd pool pg alerts noout ok-to-stop mgr-compat help" -f -a "pool" -d 'Pool reports'
complete -c cephctl -n "__fish_cephctl_using_subcommand help; and not __fish_seen_subcommand_from status osd pool pg alerts noout ok-to-stop mgr-compat help" -f -a "pg" -d 'Placement group reports'
complete -c cephctl -n "__fish_cephctl_using_subcommand help; and not __fish_seen_subcommand_from status osd pool pg alerts noout ok-to-stop mgr-compat help" -f -a "alerts" -d 'Critical and warning checks (worst first), recent crashes, near-full OSDs; exit 0 ok, 1 warning, 2 critical'
complete -c cephctl -n "__fish_cephctl_using_subcommand help; and not __fish_seen_subcommand_from status osd pool pg alerts noout ok-to-stop mgr-compat help" -f -a "noout" -d 'Set or unset noout, cluster-wide or for one OSD (maintenance)'
complete -c cephctl -n "__fish_cephctl_using_subcommand help; and not __fish_seen_subcommand_from status osd pool pg alerts noout ok-to-stop mgr-compat help" -f -a "ok-to-stop" -d 'Whether an OSD can be stopped without making PGs inactive; exit 0 yes, 1 no'
complete -c cephctl -n "__fish_cephctl_using_subcommand help; and not __fish_seen_subcommand_from status osd pool pg alerts noout ok-to-stop mgr-compat help" -f -a "mgr-compat" -d 'Debian 13: let ceph-mgr 18.2 load its modules with the PyO3 python3-bcrypt (status, enable, disable)'
complete -c cephctl -n "__fish_cephctl_using_subcommand help; and not __fish_seen_subcommand_from status osd pool pg alerts noout ok-to-stop mgr-compat help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cephctl -n "__fish_cephctl_using_subcommand help; and __fish_seen_subcommand_from osd" -f -a "list" -d 'Host, up/in, weight/reweight, utilisation and variance, PGs and a suggestion per OSD'
complete -c cephctl -n "__fish_cephctl_using_subcommand help; and __fish_seen_subcommand_from osd" -f -a "out" -d 'Mark an OSD out (its data moves to other OSDs)'
complete -c cephctl -n "__fish_cephctl_using_subcommand help; and __fish_seen_subcommand_from osd" -f -a "in" -d 'Mark an OSD in again'
complete -c cephctl -n "__fish_cephctl_using_subcommand help; and __fish_seen_subcommand_from osd" -f -a "safe-destroy" -d 'Destroy a (down) OSD, only if `ceph osd safe-to-destroy` says no data would be lost; needs --yes'
complete -c cephctl -n "__fish_cephctl_using_subcommand help; and __fish_seen_subcommand_from pool" -f -a "capacity" -d 'Stored, used, max available, replicas/EC, PGs, quota and fill projection per pool'
complete -c cephctl -n "__fish_cephctl_using_subcommand help; and __fish_seen_subcommand_from pg" -f -a "balance" -d 'PG and utilisation spread, balancer and autoscaler state, and recommendations as exact commands'
