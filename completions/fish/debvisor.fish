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
complete -c debvisor -n "__fish_debvisor_needs_command" -f -a "vnc-target" -d 'Show a VM\'s VNC listen address and port, and whether it answers'
complete -c debvisor -n "__fish_debvisor_needs_command" -f -a "vnc-ensure" -d 'Run one websockify per VM on its own port and print the noVNC URL'
complete -c debvisor -n "__fish_debvisor_needs_command" -f -a "console-ticket" -d 'Issue and verify signed, single-use, time-limited console tickets for one VM'
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
complete -c debvisor -n "__fish_debvisor_using_subcommand vnc-target" -s c -l connect -d 'libvirt URI [env: LIBVIRT_DEFAULT_URI] [config: libvirt.uri]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand vnc-target" -l timeout -d 'How long the reachability probe may take' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand vnc-target" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand vnc-target" -l port -d 'Print only the TCP port (for scripts); no reachability probe'
complete -c debvisor -n "__fish_debvisor_using_subcommand vnc-target" -s n -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand vnc-target" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand vnc-target" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand vnc-target" -s q -l quiet -d 'Only errors; no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand vnc-target" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand vnc-target" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c debvisor -n "__fish_debvisor_using_subcommand vnc-target" -s V -l version -d 'Print version'
complete -c debvisor -n "__fish_debvisor_using_subcommand vnc-ensure" -s c -l connect -d 'libvirt URI [env: LIBVIRT_DEFAULT_URI] [config: libvirt.uri]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand vnc-ensure" -l host -d 'Host name in the noVNC URL [config: console.public_url] [default: this host\'s name]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand vnc-ensure" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand vnc-ensure" -l check -d 'Change nothing: exit 0 when the VM\'s instance runs and is current, 1 otherwise'
complete -c debvisor -n "__fish_debvisor_using_subcommand vnc-ensure" -l stop -d 'Stop the VM\'s instance and free its port'
complete -c debvisor -n "__fish_debvisor_using_subcommand vnc-ensure" -l list -d 'List the instances and whether each is running or stale'
complete -c debvisor -n "__fish_debvisor_using_subcommand vnc-ensure" -l prune -d 'Stop and forget every stale instance'
complete -c debvisor -n "__fish_debvisor_using_subcommand vnc-ensure" -l ssl -d 'https:// URL (noVNC then uses wss://)'
complete -c debvisor -n "__fish_debvisor_using_subcommand vnc-ensure" -s n -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand vnc-ensure" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand vnc-ensure" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand vnc-ensure" -s q -l quiet -d 'Only errors; no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand vnc-ensure" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand vnc-ensure" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c debvisor -n "__fish_debvisor_using_subcommand vnc-ensure" -s V -l version -d 'Print version'
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and not __fish_seen_subcommand_from issue verify help" -s u -l user -d 'Who the ticket is for [default: $SUDO_USER, else $USER]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and not __fish_seen_subcommand_from issue verify help" -l ttl -d 'Lifetime: 60s, 5m, 1h (a bare number means minutes, as before) [config: console.default_ttl, max console.max_ttl]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and not __fish_seen_subcommand_from issue verify help" -l verify -d 'Legacy form of `console-ticket verify TICKET --vm VM`' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and not __fish_seen_subcommand_from issue verify help" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and not __fish_seen_subcommand_from issue verify help" -l read-only -d 'View-only console'
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and not __fish_seen_subcommand_from issue verify help" -s n -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and not __fish_seen_subcommand_from issue verify help" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and not __fish_seen_subcommand_from issue verify help" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and not __fish_seen_subcommand_from issue verify help" -s q -l quiet -d 'Only errors; no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and not __fish_seen_subcommand_from issue verify help" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and not __fish_seen_subcommand_from issue verify help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and not __fish_seen_subcommand_from issue verify help" -s V -l version -d 'Print version'
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and not __fish_seen_subcommand_from issue verify help" -a "issue" -d 'Issue a ticket (same as without a subcommand)'
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and not __fish_seen_subcommand_from issue verify help" -a "verify" -d 'Check a ticket (signature, expiry, VM, single use) and consume it'
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and not __fish_seen_subcommand_from issue verify help" -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and __fish_seen_subcommand_from issue" -s u -l user -d 'Who the ticket is for [default: $SUDO_USER, else $USER]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and __fish_seen_subcommand_from issue" -l ttl -d 'Lifetime: 60s, 5m, 1h (a bare number means minutes, as before) [config: console.default_ttl, max console.max_ttl]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and __fish_seen_subcommand_from issue" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and __fish_seen_subcommand_from issue" -l read-only -d 'View-only console'
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and __fish_seen_subcommand_from issue" -s n -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and __fish_seen_subcommand_from issue" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and __fish_seen_subcommand_from issue" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and __fish_seen_subcommand_from issue" -s q -l quiet -d 'Only errors; no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and __fish_seen_subcommand_from issue" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and __fish_seen_subcommand_from issue" -s h -l help -d 'Print help'
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and __fish_seen_subcommand_from verify" -l vm -d 'Require the ticket to be for this VM' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and __fish_seen_subcommand_from verify" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and __fish_seen_subcommand_from verify" -s n -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and __fish_seen_subcommand_from verify" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and __fish_seen_subcommand_from verify" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and __fish_seen_subcommand_from verify" -s q -l quiet -d 'Only errors; no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and __fish_seen_subcommand_from verify" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help'
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and __fish_seen_subcommand_from help" -f -a "issue" -d 'Issue a ticket (same as without a subcommand)'
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and __fish_seen_subcommand_from help" -f -a "verify" -d 'Check a ticket (signature, expiry, VM, single use) and consume it'
complete -c debvisor -n "__fish_debvisor_using_subcommand console-ticket; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and not __fish_seen_subcommand_from health-check install-links generate vnc-target vnc-ensure console-ticket help" -f -a "health-check" -d 'Check this node\'s tools and services and score its health'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and not __fish_seen_subcommand_from health-check install-links generate vnc-target vnc-ensure console-ticket help" -f -a "install-links" -d 'Create (or remove) the applet links in a directory'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and not __fish_seen_subcommand_from health-check install-links generate vnc-target vnc-ensure console-ticket help" -f -a "generate" -d 'Generate man pages or shell completions'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and not __fish_seen_subcommand_from health-check install-links generate vnc-target vnc-ensure console-ticket help" -f -a "vnc-target" -d 'Show a VM\'s VNC listen address and port, and whether it answers'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and not __fish_seen_subcommand_from health-check install-links generate vnc-target vnc-ensure console-ticket help" -f -a "vnc-ensure" -d 'Run one websockify per VM on its own port and print the noVNC URL'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and not __fish_seen_subcommand_from health-check install-links generate vnc-target vnc-ensure console-ticket help" -f -a "console-ticket" -d 'Issue and verify signed, single-use, time-limited console tickets for one VM'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and not __fish_seen_subcommand_from health-check install-links generate vnc-target vnc-ensure console-ticket help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and __fish_seen_subcommand_from console-ticket" -f -a "issue" -d 'Issue a ticket (same as without a subcommand)'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and __fish_seen_subcommand_from console-ticket" -f -a "verify" -d 'Check a ticket (signature, expiry, VM, single use) and consume it'
