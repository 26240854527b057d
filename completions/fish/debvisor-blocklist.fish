# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_debvisor_blocklist_global_optspecs
    string join \n blocklist= whitelist= check-overlaps sha256= metadata= abort-on-failure dry-run json v/verbose q/quiet y/yes config= h/help V/version
end

function __fish_debvisor_blocklist_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_debvisor_blocklist_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_debvisor_blocklist_using_subcommand
    set -l cmd (__fish_debvisor_blocklist_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_needs_command" -l blocklist -r -F
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_needs_command" -l whitelist -r -F
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_needs_command" -l sha256 -r
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_needs_command" -l metadata -r -F
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_needs_command" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_needs_command" -l check-overlaps
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_needs_command" -l abort-on-failure
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_needs_command" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_needs_command" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_needs_command" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_needs_command" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_needs_command" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_needs_command" -s V -l version -d 'Print version'
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_needs_command" -f -a "validate" -d 'Check sources: bad lines (FILE:LINE: reason), special ranges, duplicates, overlaps; exit 0 valid, 5 invalid'
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_needs_command" -f -a "compile" -d 'Print the effective set (block − allow) as the fewest CIDRs, or as the nftables snippet'
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_needs_command" -f -a "apply" -d 'Load the effective set into nftables atomically (only the delta since the last apply, or a staged full load) and write the snippet'
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_needs_command" -f -a "diff" -d 'Compare the sets of two lists; exit 0 same, 1 different'
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_needs_command" -f -a "stats" -d 'Entries and addresses per source and for the effective set'
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_needs_command" -f -a "verify" -d 'Check the SHA-256 of sources against blocklist-metadata.json; fails closed'
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_using_subcommand validate" -s b -l block -l blocklist -d 'Another block source (repeatable)' -r -F
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_using_subcommand validate" -s a -l allow -l whitelist -d 'Allow source carved out of the block set (repeatable) [default: config blocklist.allow]' -r -F
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_using_subcommand validate" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_using_subcommand validate" -l allow-huge -d 'Accept 0.0.0.0/0 and ::/0 in a block source'
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_using_subcommand validate" -l check-overlaps -d 'Accepted for compatibility (overlaps are always reported)'
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_using_subcommand validate" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_using_subcommand validate" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_using_subcommand validate" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_using_subcommand validate" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_using_subcommand validate" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_using_subcommand validate" -s h -l help -d 'Print help'
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_using_subcommand compile" -s b -l block -l blocklist -d 'Another block source (repeatable)' -r -F
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_using_subcommand compile" -s a -l allow -l whitelist -d 'Allow source carved out of the block set (repeatable) [default: config blocklist.allow]' -r -F
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_using_subcommand compile" -s f -l format -d 'list: one CIDR per line (a /32 or /128 as a bare address); nft: the snippet' -r -f -a "list\t''
nft\t''"
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_using_subcommand compile" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_using_subcommand compile" -l allow-huge -d 'Accept 0.0.0.0/0 and ::/0 in a block source'
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_using_subcommand compile" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_using_subcommand compile" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_using_subcommand compile" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_using_subcommand compile" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_using_subcommand compile" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_using_subcommand compile" -s h -l help -d 'Print help'
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_using_subcommand apply" -s b -l block -l blocklist -d 'Another block source (repeatable)' -r -F
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_using_subcommand apply" -s a -l allow -l whitelist -d 'Allow source carved out of the block set (repeatable) [default: config blocklist.allow]' -r -F
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_using_subcommand apply" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_using_subcommand apply" -l allow-huge -d 'Accept 0.0.0.0/0 and ::/0 in a block source'
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_using_subcommand apply" -l full -d 'Replace the whole table (heals drift) instead of sending the delta'
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_using_subcommand apply" -l force -d 'Apply even when the guard refuses (too much address space, or most of the set removed)'
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_using_subcommand apply" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_using_subcommand apply" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_using_subcommand apply" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_using_subcommand apply" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_using_subcommand apply" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_using_subcommand apply" -s h -l help -d 'Print help'
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_using_subcommand diff" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_using_subcommand diff" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_using_subcommand diff" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_using_subcommand diff" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_using_subcommand diff" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_using_subcommand diff" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_using_subcommand diff" -s h -l help -d 'Print help'
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_using_subcommand stats" -s b -l block -l blocklist -d 'Another block source (repeatable)' -r -F
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_using_subcommand stats" -s a -l allow -l whitelist -d 'Allow source carved out of the block set (repeatable) [default: config blocklist.allow]' -r -F
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_using_subcommand stats" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_using_subcommand stats" -l allow-huge -d 'Accept 0.0.0.0/0 and ::/0 in a block source'
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_using_subcommand stats" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_using_subcommand stats" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_using_subcommand stats" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_using_subcommand stats" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_using_subcommand stats" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_using_subcommand stats" -s h -l help -d 'Print help'
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_using_subcommand verify" -l blocklist -d 'Same as FILE (legacy spelling)' -r -F
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_using_subcommand verify" -s m -l metadata -d 'Metadata file [default: config blocklist.metadata]' -r -F
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_using_subcommand verify" -l sha256 -d 'Check one FILE against this hash instead of the metadata' -r
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_using_subcommand verify" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_using_subcommand verify" -l print -d 'Only print the SHA-256 of each FILE (no check)'
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_using_subcommand verify" -l abort-on-failure
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_using_subcommand verify" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_using_subcommand verify" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_using_subcommand verify" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_using_subcommand verify" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_using_subcommand verify" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_using_subcommand verify" -s h -l help -d 'Print help'
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_using_subcommand help; and not __fish_seen_subcommand_from validate compile apply diff stats verify help" -f -a "validate" -d 'Check sources: bad lines (FILE:LINE: reason), special ranges, duplicates, overlaps; exit 0 valid, 5 invalid'
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_using_subcommand help; and not __fish_seen_subcommand_from validate compile apply diff stats verify help" -f -a "compile" -d 'Print the effective set (block − allow) as the fewest CIDRs, or as the nftables snippet'
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_using_subcommand help; and not __fish_seen_subcommand_from validate compile apply diff stats verify help" -f -a "apply" -d 'Load the effective set into nftables atomically (only the delta since the last apply, or a staged full load) and write the snippet'
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_using_subcommand help; and not __fish_seen_subcommand_from validate compile apply diff stats verify help" -f -a "diff" -d 'Compare the sets of two lists; exit 0 same, 1 different'
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_using_subcommand help; and not __fish_seen_subcommand_from validate compile apply diff stats verify help" -f -a "stats" -d 'Entries and addresses per source and for the effective set'
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_using_subcommand help; and not __fish_seen_subcommand_from validate compile apply diff stats verify help" -f -a "verify" -d 'Check the SHA-256 of sources against blocklist-metadata.json; fails closed'
complete -c debvisor-blocklist -n "__fish_debvisor_blocklist_using_subcommand help; and not __fish_seen_subcommand_from validate compile apply diff stats verify help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
