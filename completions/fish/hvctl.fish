# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_hvctl_global_optspecs
    string join \n c/connect= dry-run json v/verbose q/quiet y/yes config= h/help V/version
end

function __fish_hvctl_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_hvctl_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_hvctl_using_subcommand
    set -l cmd (__fish_hvctl_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c hvctl -n "__fish_hvctl_needs_command" -s c -l connect -d 'libvirt URI (before the subcommand) [env: LIBVIRT_DEFAULT_URI] [config: libvirt.uri]' -r
complete -c hvctl -n "__fish_hvctl_needs_command" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c hvctl -n "__fish_hvctl_needs_command" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c hvctl -n "__fish_hvctl_needs_command" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c hvctl -n "__fish_hvctl_needs_command" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c hvctl -n "__fish_hvctl_needs_command" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c hvctl -n "__fish_hvctl_needs_command" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c hvctl -n "__fish_hvctl_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hvctl -n "__fish_hvctl_needs_command" -s V -l version -d 'Print version'
complete -c hvctl -n "__fish_hvctl_needs_command" -f -a "list" -d 'List VMs (running, paused, shut off)'
complete -c hvctl -n "__fish_hvctl_needs_command" -f -a "info" -d 'Show one VM\'s details'
complete -c hvctl -n "__fish_hvctl_needs_command" -f -a "resources" -d 'CPU time and %, memory, block and network I/O (two samples, INTERVAL apart)'
complete -c hvctl -n "__fish_hvctl_needs_command" -f -a "start" -d 'Start a VM'
complete -c hvctl -n "__fish_hvctl_needs_command" -f -a "shutdown" -d 'Ask a VM to shut down (ACPI) and wait until it is off'
complete -c hvctl -n "__fish_hvctl_needs_command" -f -a "destroy" -d 'Power a VM off at once (like pulling the plug; destructive)'
complete -c hvctl -n "__fish_hvctl_needs_command" -f -a "reboot" -d 'Reboot a VM (ACPI)'
complete -c hvctl -n "__fish_hvctl_needs_command" -f -a "snapshot" -d 'Create, list, revert or delete snapshots'
complete -c hvctl -n "__fish_hvctl_needs_command" -f -a "console" -d 'Attach to the VM\'s serial console (Ctrl+] to leave)'
complete -c hvctl -n "__fish_hvctl_needs_command" -f -a "migrate" -d 'Live-migrate a VM to another node (same engine as debvisor-migrate)'
complete -c hvctl -n "__fish_hvctl_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hvctl -n "__fish_hvctl_using_subcommand list" -s f -l filter -d 'Only VMs matching: state=running|paused|shut_off|…, name=GLOB (same key: any; different keys: all)' -r
complete -c hvctl -n "__fish_hvctl_using_subcommand list" -s c -l columns -d 'Columns for table/csv output [default: id,name,state,vcpus,memory,cpu_time]' -r -f -a "id\t''
name\t''
state\t''
vcpus\t''
memory\t''
max_memory\t''
rss\t''
cpu_time\t''"
complete -c hvctl -n "__fish_hvctl_using_subcommand list" -s o -l output -d 'Output format [default: table; --json = json]' -r -f -a "table\t''
json\t''
csv\t''"
complete -c hvctl -n "__fish_hvctl_using_subcommand list" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c hvctl -n "__fish_hvctl_using_subcommand list" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c hvctl -n "__fish_hvctl_using_subcommand list" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c hvctl -n "__fish_hvctl_using_subcommand list" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c hvctl -n "__fish_hvctl_using_subcommand list" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c hvctl -n "__fish_hvctl_using_subcommand list" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c hvctl -n "__fish_hvctl_using_subcommand list" -s h -l help -d 'Print help'
complete -c hvctl -n "__fish_hvctl_using_subcommand info" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c hvctl -n "__fish_hvctl_using_subcommand info" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c hvctl -n "__fish_hvctl_using_subcommand info" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c hvctl -n "__fish_hvctl_using_subcommand info" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c hvctl -n "__fish_hvctl_using_subcommand info" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c hvctl -n "__fish_hvctl_using_subcommand info" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c hvctl -n "__fish_hvctl_using_subcommand info" -s h -l help -d 'Print help'
complete -c hvctl -n "__fish_hvctl_using_subcommand resources" -l interval -d 'Time between the two samples' -r
complete -c hvctl -n "__fish_hvctl_using_subcommand resources" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c hvctl -n "__fish_hvctl_using_subcommand resources" -s a -l all -d 'Every running VM (two bulk calls, whatever the number of VMs)'
complete -c hvctl -n "__fish_hvctl_using_subcommand resources" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c hvctl -n "__fish_hvctl_using_subcommand resources" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c hvctl -n "__fish_hvctl_using_subcommand resources" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c hvctl -n "__fish_hvctl_using_subcommand resources" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c hvctl -n "__fish_hvctl_using_subcommand resources" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c hvctl -n "__fish_hvctl_using_subcommand resources" -s h -l help -d 'Print help'
complete -c hvctl -n "__fish_hvctl_using_subcommand start" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c hvctl -n "__fish_hvctl_using_subcommand start" -l force -d 'Start it even though this node is in maintenance mode'
complete -c hvctl -n "__fish_hvctl_using_subcommand start" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c hvctl -n "__fish_hvctl_using_subcommand start" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c hvctl -n "__fish_hvctl_using_subcommand start" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c hvctl -n "__fish_hvctl_using_subcommand start" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c hvctl -n "__fish_hvctl_using_subcommand start" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c hvctl -n "__fish_hvctl_using_subcommand start" -s h -l help -d 'Print help'
complete -c hvctl -n "__fish_hvctl_using_subcommand shutdown" -l timeout -d 'Deadline for the guest to power off' -r
complete -c hvctl -n "__fish_hvctl_using_subcommand shutdown" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c hvctl -n "__fish_hvctl_using_subcommand shutdown" -l force -d 'Destroy (power off) the VM if it is still running at the deadline'
complete -c hvctl -n "__fish_hvctl_using_subcommand shutdown" -l no-wait -d 'Send the request and return'
complete -c hvctl -n "__fish_hvctl_using_subcommand shutdown" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c hvctl -n "__fish_hvctl_using_subcommand shutdown" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c hvctl -n "__fish_hvctl_using_subcommand shutdown" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c hvctl -n "__fish_hvctl_using_subcommand shutdown" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c hvctl -n "__fish_hvctl_using_subcommand shutdown" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c hvctl -n "__fish_hvctl_using_subcommand shutdown" -s h -l help -d 'Print help'
complete -c hvctl -n "__fish_hvctl_using_subcommand destroy" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c hvctl -n "__fish_hvctl_using_subcommand destroy" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c hvctl -n "__fish_hvctl_using_subcommand destroy" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c hvctl -n "__fish_hvctl_using_subcommand destroy" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c hvctl -n "__fish_hvctl_using_subcommand destroy" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c hvctl -n "__fish_hvctl_using_subcommand destroy" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c hvctl -n "__fish_hvctl_using_subcommand destroy" -s h -l help -d 'Print help'
complete -c hvctl -n "__fish_hvctl_using_subcommand reboot" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c hvctl -n "__fish_hvctl_using_subcommand reboot" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c hvctl -n "__fish_hvctl_using_subcommand reboot" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c hvctl -n "__fish_hvctl_using_subcommand reboot" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c hvctl -n "__fish_hvctl_using_subcommand reboot" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c hvctl -n "__fish_hvctl_using_subcommand reboot" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c hvctl -n "__fish_hvctl_using_subcommand reboot" -s h -l help -d 'Print help'
complete -c hvctl -n "__fish_hvctl_using_subcommand snapshot" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c hvctl -n "__fish_hvctl_using_subcommand snapshot" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c hvctl -n "__fish_hvctl_using_subcommand snapshot" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c hvctl -n "__fish_hvctl_using_subcommand snapshot" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c hvctl -n "__fish_hvctl_using_subcommand snapshot" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c hvctl -n "__fish_hvctl_using_subcommand snapshot" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c hvctl -n "__fish_hvctl_using_subcommand snapshot" -s h -l help -d 'Print help'
complete -c hvctl -n "__fish_hvctl_using_subcommand console" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c hvctl -n "__fish_hvctl_using_subcommand console" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c hvctl -n "__fish_hvctl_using_subcommand console" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c hvctl -n "__fish_hvctl_using_subcommand console" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c hvctl -n "__fish_hvctl_using_subcommand console" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c hvctl -n "__fish_hvctl_using_subcommand console" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c hvctl -n "__fish_hvctl_using_subcommand console" -s h -l help -d 'Print help'
complete -c hvctl -n "__fish_hvctl_using_subcommand migrate" -l bandwidth -d 'Bandwidth limit with a unit: 100MiB/s, 1GiB/s, 800Mbit/s, 1Gbps, unlimited [config: migrate.bandwidth]' -r
complete -c hvctl -n "__fish_hvctl_using_subcommand migrate" -l bandwidth-schedule -d 'Change the bandwidth mid-flight, e.g. 10s=200MiB/s,60s=unlimited (times count from when data starts moving)' -r
complete -c hvctl -n "__fish_hvctl_using_subcommand migrate" -l postcopy-after -d 'Pre-copy time before switching to post-copy [default: 10s]' -r
complete -c hvctl -n "__fish_hvctl_using_subcommand migrate" -l timeout -d 'Abort the migration (the VM keeps running on the source) after this long, e.g. 10m [config: migrate.timeout]' -r
complete -c hvctl -n "__fish_hvctl_using_subcommand migrate" -l max-downtime -d 'Maximum tolerable switch-over downtime, e.g. 300ms [config: migrate.max_downtime]' -r
complete -c hvctl -n "__fish_hvctl_using_subcommand migrate" -l storage -d 'Disks: auto (detect shared storage, copy local disks), shared (same paths on both nodes), copy (--copy-storage-all)' -r -f -a "auto\t''
shared\t''
copy\t''"
complete -c hvctl -n "__fish_hvctl_using_subcommand migrate" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c hvctl -n "__fish_hvctl_using_subcommand migrate" -l check -d 'Run the pre-checks only'
complete -c hvctl -n "__fish_hvctl_using_subcommand migrate" -l force -d 'Allow a target node that is in maintenance mode (`debvisor maintenance status`)'
complete -c hvctl -n "__fish_hvctl_using_subcommand migrate" -l auto-converge -d 'Throttle the guest\'s vCPUs when memory is dirtied faster than it is sent'
complete -c hvctl -n "__fish_hvctl_using_subcommand migrate" -l postcopy -d 'Switch to post-copy when pre-copy has not finished after --postcopy-after (guarantees completion; cannot be rolled back once switched)'
complete -c hvctl -n "__fish_hvctl_using_subcommand migrate" -l undefine-source -d 'Remove the VM\'s definition from the source after success (default: keep it, shut off)'
complete -c hvctl -n "__fish_hvctl_using_subcommand migrate" -l p2p -d 'Peer-to-peer: the source libvirtd connects to the target itself'
complete -c hvctl -n "__fish_hvctl_using_subcommand migrate" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c hvctl -n "__fish_hvctl_using_subcommand migrate" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c hvctl -n "__fish_hvctl_using_subcommand migrate" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c hvctl -n "__fish_hvctl_using_subcommand migrate" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c hvctl -n "__fish_hvctl_using_subcommand migrate" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c hvctl -n "__fish_hvctl_using_subcommand migrate" -s h -l help -d 'Print help'
complete -c hvctl -n "__fish_hvctl_using_subcommand help; and not __fish_seen_subcommand_from list info resources start shutdown destroy reboot snapshot console migrate help" -f -a "list" -d 'List VMs (running, paused, shut off)'
complete -c hvctl -n "__fish_hvctl_using_subcommand help; and not __fish_seen_subcommand_from list info resources start shutdown destroy reboot snapshot console migrate help" -f -a "info" -d 'Show one VM\'s details'
complete -c hvctl -n "__fish_hvctl_using_subcommand help; and not __fish_seen_subcommand_from list info resources start shutdown destroy reboot snapshot console migrate help" -f -a "resources" -d 'CPU time and %, memory, block and network I/O (two samples, INTERVAL apart)'
complete -c hvctl -n "__fish_hvctl_using_subcommand help; and not __fish_seen_subcommand_from list info resources start shutdown destroy reboot snapshot console migrate help" -f -a "start" -d 'Start a VM'
complete -c hvctl -n "__fish_hvctl_using_subcommand help; and not __fish_seen_subcommand_from list info resources start shutdown destroy reboot snapshot console migrate help" -f -a "shutdown" -d 'Ask a VM to shut down (ACPI) and wait until it is off'
complete -c hvctl -n "__fish_hvctl_using_subcommand help; and not __fish_seen_subcommand_from list info resources start shutdown destroy reboot snapshot console migrate help" -f -a "destroy" -d 'Power a VM off at once (like pulling the plug; destructive)'
complete -c hvctl -n "__fish_hvctl_using_subcommand help; and not __fish_seen_subcommand_from list info resources start shutdown destroy reboot snapshot console migrate help" -f -a "reboot" -d 'Reboot a VM (ACPI)'
complete -c hvctl -n "__fish_hvctl_using_subcommand help; and not __fish_seen_subcommand_from list info resources start shutdown destroy reboot snapshot console migrate help" -f -a "snapshot" -d 'Create, list, revert or delete snapshots'
complete -c hvctl -n "__fish_hvctl_using_subcommand help; and not __fish_seen_subcommand_from list info resources start shutdown destroy reboot snapshot console migrate help" -f -a "console" -d 'Attach to the VM\'s serial console (Ctrl+] to leave)'
complete -c hvctl -n "__fish_hvctl_using_subcommand help; and not __fish_seen_subcommand_from list info resources start shutdown destroy reboot snapshot console migrate help" -f -a "migrate" -d 'Live-migrate a VM to another node (same engine as debvisor-migrate)'
complete -c hvctl -n "__fish_hvctl_using_subcommand help; and not __fish_seen_subcommand_from list info resources start shutdown destroy reboot snapshot console migrate help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
