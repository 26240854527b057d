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
complete -c debvisor -n "__fish_debvisor_needs_command" -f -a "migrate" -d 'Live-migrate VMs between nodes (pre-checks, progress, rollback report, evacuation)'
complete -c debvisor -n "__fish_debvisor_needs_command" -f -a "hvctl" -d 'Hypervisor control: list VMs, info, resources, lifecycle, snapshots, console, migration'
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
complete -c debvisor -n "__fish_debvisor_using_subcommand migrate" -s c -l connect -d 'Source libvirt URI [env: LIBVIRT_DEFAULT_URI] [config: libvirt.uri]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand migrate" -l evacuate -d 'Migrate every running VM off NODE (a [cluster] node name or URI)' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand migrate" -l to -d 'With --evacuate: target nodes (default: every other [cluster] node)' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand migrate" -l parallel -d 'With --evacuate: migrations at a time [config: migrate.parallel] [default: 2]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand migrate" -l set-bandwidth -d 'Change the bandwidth of VM\'s migration that is running now (from another shell)' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand migrate" -l bandwidth -d 'Bandwidth limit with a unit: 100MiB/s, 1GiB/s, 800Mbit/s, 1Gbps, unlimited [config: migrate.bandwidth]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand migrate" -l bandwidth-schedule -d 'Change the bandwidth mid-flight, e.g. 10s=200MiB/s,60s=unlimited' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand migrate" -l postcopy-after -d 'Pre-copy time before switching to post-copy [default: 10s]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand migrate" -l timeout -d 'Abort the migration (the VM keeps running on the source) after this long, e.g. 10m [config: migrate.timeout]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand migrate" -l max-downtime -d 'Maximum tolerable switch-over downtime, e.g. 300ms [config: migrate.max_downtime]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand migrate" -l storage -d 'Disks: auto (detect shared storage, copy local disks), shared (same paths on both nodes), copy (--copy-storage-all)' -r -f -a "auto\t''
shared\t''
copy\t''"
complete -c debvisor -n "__fish_debvisor_using_subcommand migrate" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand migrate" -l check -d 'Run the pre-checks only'
complete -c debvisor -n "__fish_debvisor_using_subcommand migrate" -l auto-converge -d 'Throttle the guest\'s vCPUs when memory is dirtied faster than it is sent'
complete -c debvisor -n "__fish_debvisor_using_subcommand migrate" -l postcopy -d 'Switch to post-copy when pre-copy has not finished after --postcopy-after (guarantees completion; cannot be rolled back once switched)'
complete -c debvisor -n "__fish_debvisor_using_subcommand migrate" -l undefine-source -d 'Remove the VM\'s definition from the source after success (default: keep it, shut off)'
complete -c debvisor -n "__fish_debvisor_using_subcommand migrate" -l p2p -d 'Peer-to-peer: the source libvirtd connects to the target itself'
complete -c debvisor -n "__fish_debvisor_using_subcommand migrate" -s n -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand migrate" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand migrate" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand migrate" -s q -l quiet -d 'Only errors; no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand migrate" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand migrate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c debvisor -n "__fish_debvisor_using_subcommand migrate" -s V -l version -d 'Print version'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and not __fish_seen_subcommand_from list info resources start shutdown destroy reboot snapshot console migrate help" -s c -l connect -d 'libvirt URI (before the subcommand) [env: LIBVIRT_DEFAULT_URI] [config: libvirt.uri]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and not __fish_seen_subcommand_from list info resources start shutdown destroy reboot snapshot console migrate help" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and not __fish_seen_subcommand_from list info resources start shutdown destroy reboot snapshot console migrate help" -s n -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and not __fish_seen_subcommand_from list info resources start shutdown destroy reboot snapshot console migrate help" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and not __fish_seen_subcommand_from list info resources start shutdown destroy reboot snapshot console migrate help" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and not __fish_seen_subcommand_from list info resources start shutdown destroy reboot snapshot console migrate help" -s q -l quiet -d 'Only errors; no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and not __fish_seen_subcommand_from list info resources start shutdown destroy reboot snapshot console migrate help" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and not __fish_seen_subcommand_from list info resources start shutdown destroy reboot snapshot console migrate help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and not __fish_seen_subcommand_from list info resources start shutdown destroy reboot snapshot console migrate help" -s V -l version -d 'Print version'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and not __fish_seen_subcommand_from list info resources start shutdown destroy reboot snapshot console migrate help" -f -a "list" -d 'List VMs (running, paused, shut off)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and not __fish_seen_subcommand_from list info resources start shutdown destroy reboot snapshot console migrate help" -f -a "info" -d 'Show one VM\'s details'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and not __fish_seen_subcommand_from list info resources start shutdown destroy reboot snapshot console migrate help" -f -a "resources" -d 'CPU time and %, memory, block and network I/O (two samples, INTERVAL apart)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and not __fish_seen_subcommand_from list info resources start shutdown destroy reboot snapshot console migrate help" -f -a "start" -d 'Start a VM'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and not __fish_seen_subcommand_from list info resources start shutdown destroy reboot snapshot console migrate help" -f -a "shutdown" -d 'Ask a VM to shut down (ACPI) and wait until it is off'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and not __fish_seen_subcommand_from list info resources start shutdown destroy reboot snapshot console migrate help" -f -a "destroy" -d 'Power a VM off at once (like pulling the plug; destructive)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and not __fish_seen_subcommand_from list info resources start shutdown destroy reboot snapshot console migrate help" -f -a "reboot" -d 'Reboot a VM (ACPI)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and not __fish_seen_subcommand_from list info resources start shutdown destroy reboot snapshot console migrate help" -f -a "snapshot" -d 'Create, list, revert or delete snapshots'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and not __fish_seen_subcommand_from list info resources start shutdown destroy reboot snapshot console migrate help" -f -a "console" -d 'Attach to the VM\'s serial console (Ctrl+] to leave)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and not __fish_seen_subcommand_from list info resources start shutdown destroy reboot snapshot console migrate help" -f -a "migrate" -d 'Live-migrate a VM to another node (same engine as debvisor-migrate)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and not __fish_seen_subcommand_from list info resources start shutdown destroy reboot snapshot console migrate help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from list" -s f -l filter -d 'Only VMs matching: state=running|paused|shut_off|…, name=GLOB (same key: any; different keys: all)' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from list" -s c -l columns -d 'Columns for table/csv output [default: id,name,state,vcpus,memory,cpu_time]' -r -f -a "id\t''
name\t''
state\t''
vcpus\t''
memory\t''
max_memory\t''
rss\t''
cpu_time\t''"
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format [default: table; --json = json]' -r -f -a "table\t''
json\t''
csv\t''"
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from list" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from list" -s n -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from list" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Only errors; no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from list" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from info" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from info" -s n -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from info" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from info" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from info" -s q -l quiet -d 'Only errors; no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from info" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from info" -s h -l help -d 'Print help'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from resources" -l interval -d 'Time between the two samples' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from resources" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from resources" -s a -l all -d 'Every running VM (two bulk calls, whatever the number of VMs)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from resources" -s n -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from resources" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from resources" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from resources" -s q -l quiet -d 'Only errors; no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from resources" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from resources" -s h -l help -d 'Print help'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from start" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from start" -s n -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from start" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from start" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from start" -s q -l quiet -d 'Only errors; no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from start" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from start" -s h -l help -d 'Print help'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from shutdown" -l timeout -d 'Deadline for the guest to power off' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from shutdown" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from shutdown" -l force -d 'Destroy (power off) the VM if it is still running at the deadline'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from shutdown" -l no-wait -d 'Send the request and return'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from shutdown" -s n -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from shutdown" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from shutdown" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from shutdown" -s q -l quiet -d 'Only errors; no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from shutdown" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from shutdown" -s h -l help -d 'Print help'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from destroy" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from destroy" -s n -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from destroy" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from destroy" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from destroy" -s q -l quiet -d 'Only errors; no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from destroy" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from destroy" -s h -l help -d 'Print help'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from reboot" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from reboot" -s n -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from reboot" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from reboot" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from reboot" -s q -l quiet -d 'Only errors; no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from reboot" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from reboot" -s h -l help -d 'Print help'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from snapshot" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from snapshot" -s n -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from snapshot" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from snapshot" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from snapshot" -s q -l quiet -d 'Only errors; no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from snapshot" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from snapshot" -s h -l help -d 'Print help'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from console" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from console" -s n -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from console" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from console" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from console" -s q -l quiet -d 'Only errors; no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from console" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from console" -s h -l help -d 'Print help'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from migrate" -l bandwidth -d 'Bandwidth limit with a unit: 100MiB/s, 1GiB/s, 800Mbit/s, 1Gbps, unlimited [config: migrate.bandwidth]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from migrate" -l bandwidth-schedule -d 'Change the bandwidth mid-flight, e.g. 10s=200MiB/s,60s=unlimited' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from migrate" -l postcopy-after -d 'Pre-copy time before switching to post-copy [default: 10s]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from migrate" -l timeout -d 'Abort the migration (the VM keeps running on the source) after this long, e.g. 10m [config: migrate.timeout]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from migrate" -l max-downtime -d 'Maximum tolerable switch-over downtime, e.g. 300ms [config: migrate.max_downtime]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from migrate" -l storage -d 'Disks: auto (detect shared storage, copy local disks), shared (same paths on both nodes), copy (--copy-storage-all)' -r -f -a "auto\t''
shared\t''
copy\t''"
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from migrate" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from migrate" -l check -d 'Run the pre-checks only'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from migrate" -l auto-converge -d 'Throttle the guest\'s vCPUs when memory is dirtied faster than it is sent'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from migrate" -l postcopy -d 'Switch to post-copy when pre-copy has not finished after --postcopy-after (guarantees completion; cannot be rolled back once switched)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from migrate" -l undefine-source -d 'Remove the VM\'s definition from the source after success (default: keep it, shut off)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from migrate" -l p2p -d 'Peer-to-peer: the source libvirtd connects to the target itself'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from migrate" -s n -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from migrate" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from migrate" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from migrate" -s q -l quiet -d 'Only errors; no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from migrate" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from migrate" -s h -l help -d 'Print help'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from help" -f -a "list" -d 'List VMs (running, paused, shut off)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from help" -f -a "info" -d 'Show one VM\'s details'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from help" -f -a "resources" -d 'CPU time and %, memory, block and network I/O (two samples, INTERVAL apart)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from help" -f -a "start" -d 'Start a VM'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from help" -f -a "shutdown" -d 'Ask a VM to shut down (ACPI) and wait until it is off'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from help" -f -a "destroy" -d 'Power a VM off at once (like pulling the plug; destructive)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from help" -f -a "reboot" -d 'Reboot a VM (ACPI)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from help" -f -a "snapshot" -d 'Create, list, revert or delete snapshots'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from help" -f -a "console" -d 'Attach to the VM\'s serial console (Ctrl+] to leave)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from help" -f -a "migrate" -d 'Live-migrate a VM to another node (same engine as debvisor-migrate)'
complete -c debvisor -n "__fish_debvisor_using_subcommand hvctl; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and not __fish_seen_subcommand_from health-check install-links generate migrate hvctl help" -f -a "health-check" -d 'Check this node\'s tools and services and score its health'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and not __fish_seen_subcommand_from health-check install-links generate migrate hvctl help" -f -a "install-links" -d 'Create (or remove) the applet links in a directory'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and not __fish_seen_subcommand_from health-check install-links generate migrate hvctl help" -f -a "generate" -d 'Generate man pages or shell completions'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and not __fish_seen_subcommand_from health-check install-links generate migrate hvctl help" -f -a "migrate" -d 'Live-migrate VMs between nodes (pre-checks, progress, rollback report, evacuation)'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and not __fish_seen_subcommand_from health-check install-links generate migrate hvctl help" -f -a "hvctl" -d 'Hypervisor control: list VMs, info, resources, lifecycle, snapshots, console, migration'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and not __fish_seen_subcommand_from health-check install-links generate migrate hvctl help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and __fish_seen_subcommand_from hvctl" -f -a "list" -d 'List VMs (running, paused, shut off)'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and __fish_seen_subcommand_from hvctl" -f -a "info" -d 'Show one VM\'s details'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and __fish_seen_subcommand_from hvctl" -f -a "resources" -d 'CPU time and %, memory, block and network I/O (two samples, INTERVAL apart)'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and __fish_seen_subcommand_from hvctl" -f -a "start" -d 'Start a VM'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and __fish_seen_subcommand_from hvctl" -f -a "shutdown" -d 'Ask a VM to shut down (ACPI) and wait until it is off'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and __fish_seen_subcommand_from hvctl" -f -a "destroy" -d 'Power a VM off at once (like pulling the plug; destructive)'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and __fish_seen_subcommand_from hvctl" -f -a "reboot" -d 'Reboot a VM (ACPI)'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and __fish_seen_subcommand_from hvctl" -f -a "snapshot" -d 'Create, list, revert or delete snapshots'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and __fish_seen_subcommand_from hvctl" -f -a "console" -d 'Attach to the VM\'s serial console (Ctrl+] to leave)'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and __fish_seen_subcommand_from hvctl" -f -a "migrate" -d 'Live-migrate a VM to another node (same engine as debvisor-migrate)'
