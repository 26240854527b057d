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
complete -c debvisor -n "__fish_debvisor_needs_command" -f -a "dns-update" -d 'Add, replace or delete A/AAAA + PTR records with TSIG-signed updates and verify propagation'
complete -c debvisor -n "__fish_debvisor_needs_command" -f -a "tsig-keygen" -d 'Generate a TSIG key: BIND include + nsupdate key file, atomically, with safe modes'
complete -c debvisor -n "__fish_debvisor_needs_command" -f -a "tsig-rotate" -d 'Rotate the TSIG update key with zero downtime (rndc), or delegate to the HA Ansible playbook'
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
complete -c debvisor -n "__fish_debvisor_using_subcommand dns-update" -s b -l batch -d 'Read operations from FILE (or stdin): `add NAME ADDR [TTL]`, `delete NAME [ADDR]`, # comments' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand dns-update" -l rollback -d 'Restore the records a previous run replaced (its journal ID; default: the latest)' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand dns-update" -l ttl -d 'TTL of added records [config: dns.ttl] [default: 300]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand dns-update" -s z -l zone -d 'Forward zone [config: dns.zone]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand dns-update" -s s -l server -d 'Primary server; repeat for several (the first reachable one gets the update) [config: dns.primaries]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand dns-update" -l secondary -d 'Secondary server to verify; repeatable [config: dns.secondaries]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand dns-update" -s k -l key-file -d 'TSIG key file for nsupdate -k [config: dns.key_file] [default: /etc/debvisor/dns-update.key]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand dns-update" -l deadline -d 'How long to wait for propagation [config: dns.verify_deadline] [default: 30]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand dns-update" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand dns-update" -s d -l delete -d 'Delete NAME\'s A/AAAA records (only ADDR when given) and the matching PTRs'
complete -c debvisor -n "__fish_debvisor_using_subcommand dns-update" -l journal -d 'List the rollback journal'
complete -c debvisor -n "__fish_debvisor_using_subcommand dns-update" -l rollback-on-failure -d 'Restore the old records when the update fails part-way or does not propagate'
complete -c debvisor -n "__fish_debvisor_using_subcommand dns-update" -l no-verify -d 'Do not wait for the servers to serve the change'
complete -c debvisor -n "__fish_debvisor_using_subcommand dns-update" -s n -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand dns-update" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand dns-update" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand dns-update" -s q -l quiet -d 'Only errors; no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand dns-update" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand dns-update" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c debvisor -n "__fish_debvisor_using_subcommand dns-update" -s V -l version -d 'Print version'
complete -c debvisor -n "__fish_debvisor_using_subcommand tsig-keygen" -s a -l algorithm -d 'HMAC algorithm [config: tsig.algorithm] [default: hmac-sha256]' -r -f -a "hmac-sha256\t''
hmac-sha384\t''
hmac-sha512\t''
hmac-sha224\t''
hmac-sha1\t''"
complete -c debvisor -n "__fish_debvisor_using_subcommand tsig-keygen" -l bind-include -d 'BIND include to write (0640 root:GROUP) [config: tsig.bind_include] [default: /etc/bind/debvisor-tsig.key]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand tsig-keygen" -l client-key -d 'Client key file for nsupdate -k (0600) [config: tsig.client_key, else dns.key_file]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand tsig-keygen" -l group -d 'Group that may read the BIND include [config: tsig.group] [default: bind]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand tsig-keygen" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand tsig-keygen" -s f -l force -d 'Overwrite existing key files'
complete -c debvisor -n "__fish_debvisor_using_subcommand tsig-keygen" -s n -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand tsig-keygen" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand tsig-keygen" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand tsig-keygen" -s q -l quiet -d 'Only errors; no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand tsig-keygen" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand tsig-keygen" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c debvisor -n "__fish_debvisor_using_subcommand tsig-keygen" -s V -l version -d 'Print version'
complete -c debvisor -n "__fish_debvisor_using_subcommand tsig-rotate" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand tsig-rotate" -s n -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand tsig-rotate" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand tsig-rotate" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand tsig-rotate" -s q -l quiet -d 'Only errors; no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand tsig-rotate" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand tsig-rotate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c debvisor -n "__fish_debvisor_using_subcommand tsig-rotate" -s V -l version -d 'Print version'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and not __fish_seen_subcommand_from health-check install-links generate dns-update tsig-keygen tsig-rotate help" -f -a "health-check" -d 'Check this node\'s tools and services and score its health'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and not __fish_seen_subcommand_from health-check install-links generate dns-update tsig-keygen tsig-rotate help" -f -a "install-links" -d 'Create (or remove) the applet links in a directory'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and not __fish_seen_subcommand_from health-check install-links generate dns-update tsig-keygen tsig-rotate help" -f -a "generate" -d 'Generate man pages or shell completions'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and not __fish_seen_subcommand_from health-check install-links generate dns-update tsig-keygen tsig-rotate help" -f -a "dns-update" -d 'Add, replace or delete A/AAAA + PTR records with TSIG-signed updates and verify propagation'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and not __fish_seen_subcommand_from health-check install-links generate dns-update tsig-keygen tsig-rotate help" -f -a "tsig-keygen" -d 'Generate a TSIG key: BIND include + nsupdate key file, atomically, with safe modes'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and not __fish_seen_subcommand_from health-check install-links generate dns-update tsig-keygen tsig-rotate help" -f -a "tsig-rotate" -d 'Rotate the TSIG update key with zero downtime (rndc), or delegate to the HA Ansible playbook'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and not __fish_seen_subcommand_from health-check install-links generate dns-update tsig-keygen tsig-rotate help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
