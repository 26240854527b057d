# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_debvisor_maintenance_global_optspecs
    string join \n dry-run json v/verbose q/quiet y/yes config= h/help V/version
end

function __fish_debvisor_maintenance_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_debvisor_maintenance_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_debvisor_maintenance_using_subcommand
    set -l cmd (__fish_debvisor_maintenance_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c debvisor-maintenance -n "__fish_debvisor_maintenance_needs_command" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor-maintenance -n "__fish_debvisor_maintenance_needs_command" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor-maintenance -n "__fish_debvisor_maintenance_needs_command" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor-maintenance -n "__fish_debvisor_maintenance_needs_command" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor-maintenance -n "__fish_debvisor_maintenance_needs_command" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor-maintenance -n "__fish_debvisor_maintenance_needs_command" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor-maintenance -n "__fish_debvisor_maintenance_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c debvisor-maintenance -n "__fish_debvisor_maintenance_needs_command" -s V -l version -d 'Print version'
complete -c debvisor-maintenance -n "__fish_debvisor_maintenance_needs_command" -f -a "enable" -d 'Put NODE into maintenance: mark, noout its OSDs, evacuate its VMs, drain it'
complete -c debvisor-maintenance -n "__fish_debvisor_maintenance_needs_command" -f -a "disable" -d 'Take NODE out of maintenance: clear the flags this tool set, uncordon, restore, wait for HEALTH_OK'
complete -c debvisor-maintenance -n "__fish_debvisor_maintenance_needs_command" -f -a "status" -d 'Every [cluster] node\'s maintenance state, since when, by whom, why, and what is pending'
complete -c debvisor-maintenance -n "__fish_debvisor_maintenance_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c debvisor-maintenance -n "__fish_debvisor_maintenance_using_subcommand enable" -l reason -d 'Why (shown by status and health-check)' -r
complete -c debvisor-maintenance -n "__fish_debvisor_maintenance_using_subcommand enable" -l bandwidth -d 'Bandwidth limit with a unit: 100MiB/s, 1GiB/s, 800Mbit/s, 1Gbps, unlimited [config: migrate.bandwidth]' -r
complete -c debvisor-maintenance -n "__fish_debvisor_maintenance_using_subcommand enable" -l bandwidth-schedule -d 'Change the bandwidth mid-flight, e.g. 10s=200MiB/s,60s=unlimited (times count from when data starts moving)' -r
complete -c debvisor-maintenance -n "__fish_debvisor_maintenance_using_subcommand enable" -l postcopy-after -d 'Pre-copy time before switching to post-copy [default: 10s]' -r
complete -c debvisor-maintenance -n "__fish_debvisor_maintenance_using_subcommand enable" -l timeout -d 'Abort the migration (the VM keeps running on the source) after this long, e.g. 10m [config: migrate.timeout]' -r
complete -c debvisor-maintenance -n "__fish_debvisor_maintenance_using_subcommand enable" -l max-downtime -d 'Maximum tolerable switch-over downtime, e.g. 300ms [config: migrate.max_downtime]' -r
complete -c debvisor-maintenance -n "__fish_debvisor_maintenance_using_subcommand enable" -l storage -d 'Disks: auto (detect shared storage, copy local disks), shared (same paths on both nodes), copy (--copy-storage-all)' -r -f -a "auto\t''
shared\t''
copy\t''"
complete -c debvisor-maintenance -n "__fish_debvisor_maintenance_using_subcommand enable" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor-maintenance -n "__fish_debvisor_maintenance_using_subcommand enable" -l force -d 'Enter maintenance even when some VMs cannot be moved (they are named and recorded)'
complete -c debvisor-maintenance -n "__fish_debvisor_maintenance_using_subcommand enable" -l auto-converge -d 'Throttle the guest\'s vCPUs when memory is dirtied faster than it is sent'
complete -c debvisor-maintenance -n "__fish_debvisor_maintenance_using_subcommand enable" -l postcopy -d 'Switch to post-copy when pre-copy has not finished after --postcopy-after (guarantees completion; cannot be rolled back once switched)'
complete -c debvisor-maintenance -n "__fish_debvisor_maintenance_using_subcommand enable" -l undefine-source -d 'Remove the VM\'s definition from the source after success (default: keep it, shut off)'
complete -c debvisor-maintenance -n "__fish_debvisor_maintenance_using_subcommand enable" -l p2p -d 'Peer-to-peer: the source libvirtd connects to the target itself'
complete -c debvisor-maintenance -n "__fish_debvisor_maintenance_using_subcommand enable" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor-maintenance -n "__fish_debvisor_maintenance_using_subcommand enable" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor-maintenance -n "__fish_debvisor_maintenance_using_subcommand enable" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor-maintenance -n "__fish_debvisor_maintenance_using_subcommand enable" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor-maintenance -n "__fish_debvisor_maintenance_using_subcommand enable" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor-maintenance -n "__fish_debvisor_maintenance_using_subcommand enable" -s h -l help -d 'Print help'
complete -c debvisor-maintenance -n "__fish_debvisor_maintenance_using_subcommand disable" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor-maintenance -n "__fish_debvisor_maintenance_using_subcommand disable" -l restore-vms -d 'Migrate the VMs that enable moved away back to NODE'
complete -c debvisor-maintenance -n "__fish_debvisor_maintenance_using_subcommand disable" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor-maintenance -n "__fish_debvisor_maintenance_using_subcommand disable" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor-maintenance -n "__fish_debvisor_maintenance_using_subcommand disable" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor-maintenance -n "__fish_debvisor_maintenance_using_subcommand disable" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor-maintenance -n "__fish_debvisor_maintenance_using_subcommand disable" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor-maintenance -n "__fish_debvisor_maintenance_using_subcommand disable" -s h -l help -d 'Print help'
complete -c debvisor-maintenance -n "__fish_debvisor_maintenance_using_subcommand status" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor-maintenance -n "__fish_debvisor_maintenance_using_subcommand status" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor-maintenance -n "__fish_debvisor_maintenance_using_subcommand status" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor-maintenance -n "__fish_debvisor_maintenance_using_subcommand status" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor-maintenance -n "__fish_debvisor_maintenance_using_subcommand status" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor-maintenance -n "__fish_debvisor_maintenance_using_subcommand status" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor-maintenance -n "__fish_debvisor_maintenance_using_subcommand status" -s h -l help -d 'Print help'
complete -c debvisor-maintenance -n "__fish_debvisor_maintenance_using_subcommand help; and not __fish_seen_subcommand_from enable disable status help" -f -a "enable" -d 'Put NODE into maintenance: mark, noout its OSDs, evacuate its VMs, drain it'
complete -c debvisor-maintenance -n "__fish_debvisor_maintenance_using_subcommand help; and not __fish_seen_subcommand_from enable disable status help" -f -a "disable" -d 'Take NODE out of maintenance: clear the flags this tool set, uncordon, restore, wait for HEALTH_OK'
complete -c debvisor-maintenance -n "__fish_debvisor_maintenance_using_subcommand help; and not __fish_seen_subcommand_from enable disable status help" -f -a "status" -d 'Every [cluster] node\'s maintenance state, since when, by whom, why, and what is pending'
complete -c debvisor-maintenance -n "__fish_debvisor_maintenance_using_subcommand help; and not __fish_seen_subcommand_from enable disable status help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
