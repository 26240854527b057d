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
complete -c debvisor -n "__fish_debvisor_needs_command" -f -a "blocklist" -d 'Validate, compile and atomically apply IPv4/IPv6 blocklists to nftables'
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
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and not __fish_seen_subcommand_from validate compile apply diff stats verify help" -l blocklist -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and not __fish_seen_subcommand_from validate compile apply diff stats verify help" -l whitelist -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and not __fish_seen_subcommand_from validate compile apply diff stats verify help" -l sha256 -r
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and not __fish_seen_subcommand_from validate compile apply diff stats verify help" -l metadata -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and not __fish_seen_subcommand_from validate compile apply diff stats verify help" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and not __fish_seen_subcommand_from validate compile apply diff stats verify help" -l check-overlaps
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and not __fish_seen_subcommand_from validate compile apply diff stats verify help" -l abort-on-failure
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and not __fish_seen_subcommand_from validate compile apply diff stats verify help" -s n -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and not __fish_seen_subcommand_from validate compile apply diff stats verify help" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and not __fish_seen_subcommand_from validate compile apply diff stats verify help" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and not __fish_seen_subcommand_from validate compile apply diff stats verify help" -s q -l quiet -d 'Only errors; no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and not __fish_seen_subcommand_from validate compile apply diff stats verify help" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and not __fish_seen_subcommand_from validate compile apply diff stats verify help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and not __fish_seen_subcommand_from validate compile apply diff stats verify help" -s V -l version -d 'Print version'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and not __fish_seen_subcommand_from validate compile apply diff stats verify help" -f -a "validate" -d 'Check sources: bad lines (FILE:LINE: reason), special ranges, duplicates, overlaps; exit 0 valid, 5 invalid'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and not __fish_seen_subcommand_from validate compile apply diff stats verify help" -f -a "compile" -d 'Print the effective set (block − allow) as the fewest CIDRs, or as the nftables snippet'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and not __fish_seen_subcommand_from validate compile apply diff stats verify help" -f -a "apply" -d 'Load the effective set into nftables in one transaction (only the delta since the last apply) and write the snippet'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and not __fish_seen_subcommand_from validate compile apply diff stats verify help" -f -a "diff" -d 'Compare the sets of two lists; exit 0 same, 1 different'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and not __fish_seen_subcommand_from validate compile apply diff stats verify help" -f -a "stats" -d 'Entries and addresses per source and for the effective set'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and not __fish_seen_subcommand_from validate compile apply diff stats verify help" -f -a "verify" -d 'Check the SHA-256 of sources against blocklist-metadata.json; fails closed'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and not __fish_seen_subcommand_from validate compile apply diff stats verify help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from validate" -s b -l block -l blocklist -d 'Another block source (repeatable)' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from validate" -s a -l allow -l whitelist -d 'Allow source carved out of the block set (repeatable) [default: config blocklist.allow]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from validate" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from validate" -l allow-huge -d 'Accept 0.0.0.0/0 and ::/0 in a block source'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from validate" -l check-overlaps -d 'Accepted for compatibility (overlaps are always reported)'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from validate" -s n -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from validate" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from validate" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from validate" -s q -l quiet -d 'Only errors; no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from validate" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from validate" -s h -l help -d 'Print help'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from compile" -s b -l block -l blocklist -d 'Another block source (repeatable)' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from compile" -s a -l allow -l whitelist -d 'Allow source carved out of the block set (repeatable) [default: config blocklist.allow]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from compile" -s f -l format -d 'list: one CIDR per line (a /32 or /128 as a bare address); nft: the snippet' -r -f -a "list\t''
nft\t''"
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from compile" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from compile" -l allow-huge -d 'Accept 0.0.0.0/0 and ::/0 in a block source'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from compile" -s n -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from compile" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from compile" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from compile" -s q -l quiet -d 'Only errors; no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from compile" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from compile" -s h -l help -d 'Print help'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from apply" -s b -l block -l blocklist -d 'Another block source (repeatable)' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from apply" -s a -l allow -l whitelist -d 'Allow source carved out of the block set (repeatable) [default: config blocklist.allow]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from apply" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from apply" -l allow-huge -d 'Accept 0.0.0.0/0 and ::/0 in a block source'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from apply" -l full -d 'Replace the whole table (heals drift) instead of sending the delta'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from apply" -l force -d 'Apply even when the guard refuses (too much address space, or most of the set removed)'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from apply" -s n -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from apply" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from apply" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from apply" -s q -l quiet -d 'Only errors; no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from apply" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from apply" -s h -l help -d 'Print help'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from diff" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from diff" -s n -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from diff" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from diff" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from diff" -s q -l quiet -d 'Only errors; no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from diff" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from diff" -s h -l help -d 'Print help'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from stats" -s b -l block -l blocklist -d 'Another block source (repeatable)' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from stats" -s a -l allow -l whitelist -d 'Allow source carved out of the block set (repeatable) [default: config blocklist.allow]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from stats" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from stats" -l allow-huge -d 'Accept 0.0.0.0/0 and ::/0 in a block source'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from stats" -s n -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from stats" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from stats" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from stats" -s q -l quiet -d 'Only errors; no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from stats" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from stats" -s h -l help -d 'Print help'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from verify" -l blocklist -d 'Same as FILE (legacy spelling)' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from verify" -s m -l metadata -d 'Metadata file [default: config blocklist.metadata]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from verify" -l sha256 -d 'Check one FILE against this hash instead of the metadata' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from verify" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from verify" -l print -d 'Only print the SHA-256 of each FILE (no check)'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from verify" -l abort-on-failure
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from verify" -s n -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from verify" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from verify" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from verify" -s q -l quiet -d 'Only errors; no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from verify" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from help" -f -a "validate" -d 'Check sources: bad lines (FILE:LINE: reason), special ranges, duplicates, overlaps; exit 0 valid, 5 invalid'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from help" -f -a "compile" -d 'Print the effective set (block − allow) as the fewest CIDRs, or as the nftables snippet'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from help" -f -a "apply" -d 'Load the effective set into nftables in one transaction (only the delta since the last apply) and write the snippet'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from help" -f -a "diff" -d 'Compare the sets of two lists; exit 0 same, 1 different'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from help" -f -a "stats" -d 'Entries and addresses per source and for the effective set'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from help" -f -a "verify" -d 'Check the SHA-256 of sources against blocklist-metadata.json; fails closed'
complete -c debvisor -n "__fish_debvisor_using_subcommand blocklist; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and not __fish_seen_subcommand_from health-check install-links generate blocklist help" -f -a "health-check" -d 'Check this node\'s tools and services and score its health'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and not __fish_seen_subcommand_from health-check install-links generate blocklist help" -f -a "install-links" -d 'Create (or remove) the applet links in a directory'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and not __fish_seen_subcommand_from health-check install-links generate blocklist help" -f -a "generate" -d 'Generate man pages or shell completions'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and not __fish_seen_subcommand_from health-check install-links generate blocklist help" -f -a "blocklist" -d 'Validate, compile and atomically apply IPv4/IPv6 blocklists to nftables'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and not __fish_seen_subcommand_from health-check install-links generate blocklist help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and __fish_seen_subcommand_from blocklist" -f -a "validate" -d 'Check sources: bad lines (FILE:LINE: reason), special ranges, duplicates, overlaps; exit 0 valid, 5 invalid'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and __fish_seen_subcommand_from blocklist" -f -a "compile" -d 'Print the effective set (block − allow) as the fewest CIDRs, or as the nftables snippet'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and __fish_seen_subcommand_from blocklist" -f -a "apply" -d 'Load the effective set into nftables in one transaction (only the delta since the last apply) and write the snippet'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and __fish_seen_subcommand_from blocklist" -f -a "diff" -d 'Compare the sets of two lists; exit 0 same, 1 different'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and __fish_seen_subcommand_from blocklist" -f -a "stats" -d 'Entries and addresses per source and for the effective set'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and __fish_seen_subcommand_from blocklist" -f -a "verify" -d 'Check the SHA-256 of sources against blocklist-metadata.json; fails closed'
