# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_debvisor_console_ticket_global_optspecs
    string join \n u/user= ttl= read-only verify= dry-run json v/verbose q/quiet y/yes config= h/help V/version
end

function __fish_debvisor_console_ticket_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_debvisor_console_ticket_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_debvisor_console_ticket_using_subcommand
    set -l cmd (__fish_debvisor_console_ticket_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c debvisor-console-ticket -n "__fish_debvisor_console_ticket_needs_command" -s u -l user -d 'Who the ticket is for [default: $SUDO_USER, else $USER]' -r
complete -c debvisor-console-ticket -n "__fish_debvisor_console_ticket_needs_command" -l ttl -d 'Lifetime: 60s, 5m, 1h (a bare number means minutes, as before) [config: console.default_ttl, max console.max_ttl]' -r
complete -c debvisor-console-ticket -n "__fish_debvisor_console_ticket_needs_command" -l verify -d 'Legacy form of `console-ticket verify TICKET --vm VM`' -r
complete -c debvisor-console-ticket -n "__fish_debvisor_console_ticket_needs_command" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor-console-ticket -n "__fish_debvisor_console_ticket_needs_command" -l read-only -d 'View-only console'
complete -c debvisor-console-ticket -n "__fish_debvisor_console_ticket_needs_command" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor-console-ticket -n "__fish_debvisor_console_ticket_needs_command" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor-console-ticket -n "__fish_debvisor_console_ticket_needs_command" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor-console-ticket -n "__fish_debvisor_console_ticket_needs_command" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor-console-ticket -n "__fish_debvisor_console_ticket_needs_command" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor-console-ticket -n "__fish_debvisor_console_ticket_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c debvisor-console-ticket -n "__fish_debvisor_console_ticket_needs_command" -s V -l version -d 'Print version'
complete -c debvisor-console-ticket -n "__fish_debvisor_console_ticket_needs_command" -a "issue" -d 'Issue a ticket (same as without a subcommand)'
complete -c debvisor-console-ticket -n "__fish_debvisor_console_ticket_needs_command" -a "verify" -d 'Check a ticket (signature, expiry, VM, single use) and consume it'
complete -c debvisor-console-ticket -n "__fish_debvisor_console_ticket_needs_command" -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c debvisor-console-ticket -n "__fish_debvisor_console_ticket_using_subcommand issue" -s u -l user -d 'Who the ticket is for [default: $SUDO_USER, else $USER]' -r
complete -c debvisor-console-ticket -n "__fish_debvisor_console_ticket_using_subcommand issue" -l ttl -d 'Lifetime: 60s, 5m, 1h (a bare number means minutes, as before) [config: console.default_ttl, max console.max_ttl]' -r
complete -c debvisor-console-ticket -n "__fish_debvisor_console_ticket_using_subcommand issue" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor-console-ticket -n "__fish_debvisor_console_ticket_using_subcommand issue" -l read-only -d 'View-only console'
complete -c debvisor-console-ticket -n "__fish_debvisor_console_ticket_using_subcommand issue" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor-console-ticket -n "__fish_debvisor_console_ticket_using_subcommand issue" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor-console-ticket -n "__fish_debvisor_console_ticket_using_subcommand issue" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor-console-ticket -n "__fish_debvisor_console_ticket_using_subcommand issue" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor-console-ticket -n "__fish_debvisor_console_ticket_using_subcommand issue" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor-console-ticket -n "__fish_debvisor_console_ticket_using_subcommand issue" -s h -l help -d 'Print help'
complete -c debvisor-console-ticket -n "__fish_debvisor_console_ticket_using_subcommand verify" -l vm -d 'Require the ticket to be for this VM' -r
complete -c debvisor-console-ticket -n "__fish_debvisor_console_ticket_using_subcommand verify" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor-console-ticket -n "__fish_debvisor_console_ticket_using_subcommand verify" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor-console-ticket -n "__fish_debvisor_console_ticket_using_subcommand verify" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor-console-ticket -n "__fish_debvisor_console_ticket_using_subcommand verify" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor-console-ticket -n "__fish_debvisor_console_ticket_using_subcommand verify" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor-console-ticket -n "__fish_debvisor_console_ticket_using_subcommand verify" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor-console-ticket -n "__fish_debvisor_console_ticket_using_subcommand verify" -s h -l help -d 'Print help'
complete -c debvisor-console-ticket -n "__fish_debvisor_console_ticket_using_subcommand help; and not __fish_seen_subcommand_from issue verify help" -f -a "issue" -d 'Issue a ticket (same as without a subcommand)'
complete -c debvisor-console-ticket -n "__fish_debvisor_console_ticket_using_subcommand help; and not __fish_seen_subcommand_from issue verify help" -f -a "verify" -d 'Check a ticket (signature, expiry, VM, single use) and consume it'
complete -c debvisor-console-ticket -n "__fish_debvisor_console_ticket_using_subcommand help; and not __fish_seen_subcommand_from issue verify help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
