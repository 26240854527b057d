# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_k8sctl_global_optspecs
    string join \n kubeconfig= dry-run json v/verbose q/quiet y/yes config= h/help V/version
end

function __fish_k8sctl_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_k8sctl_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_k8sctl_using_subcommand
    set -l cmd (__fish_k8sctl_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c k8sctl -n "__fish_k8sctl_needs_command" -l kubeconfig -d 'kubeconfig [env: KUBECONFIG] [config: k8s.kubeconfig]' -r -F
complete -c k8sctl -n "__fish_k8sctl_needs_command" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c k8sctl -n "__fish_k8sctl_needs_command" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c k8sctl -n "__fish_k8sctl_needs_command" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c k8sctl -n "__fish_k8sctl_needs_command" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c k8sctl -n "__fish_k8sctl_needs_command" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c k8sctl -n "__fish_k8sctl_needs_command" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c k8sctl -n "__fish_k8sctl_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c k8sctl -n "__fish_k8sctl_needs_command" -s V -l version -d 'Print version'
complete -c k8sctl -n "__fish_k8sctl_needs_command" -f -a "nodes" -d 'Node health (Ready, pressure conditions, cordon) and resources'
complete -c k8sctl -n "__fish_k8sctl_needs_command" -f -a "workloads" -d 'Deployments, StatefulSets and DaemonSets with ready counts; failing pods first'
complete -c k8sctl -n "__fish_k8sctl_needs_command" -f -a "logs" -d 'Pod logs (-f follows until Ctrl-C)'
complete -c k8sctl -n "__fish_k8sctl_needs_command" -f -a "debug" -d 'Attach an ephemeral debug container to a pod (interactive)'
complete -c k8sctl -n "__fish_k8sctl_needs_command" -f -a "addon" -d 'Addons shipped with the toolbox (manifests under the addons directory)'
complete -c k8sctl -n "__fish_k8sctl_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c k8sctl -n "__fish_k8sctl_using_subcommand nodes" -l kubeconfig -d 'kubeconfig [env: KUBECONFIG] [config: k8s.kubeconfig]' -r -F
complete -c k8sctl -n "__fish_k8sctl_using_subcommand nodes" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c k8sctl -n "__fish_k8sctl_using_subcommand nodes" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c k8sctl -n "__fish_k8sctl_using_subcommand nodes" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c k8sctl -n "__fish_k8sctl_using_subcommand nodes" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c k8sctl -n "__fish_k8sctl_using_subcommand nodes" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c k8sctl -n "__fish_k8sctl_using_subcommand nodes" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c k8sctl -n "__fish_k8sctl_using_subcommand nodes" -s h -l help -d 'Print help'
complete -c k8sctl -n "__fish_k8sctl_using_subcommand workloads" -l kubeconfig -d 'kubeconfig [env: KUBECONFIG] [config: k8s.kubeconfig]' -r -F
complete -c k8sctl -n "__fish_k8sctl_using_subcommand workloads" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c k8sctl -n "__fish_k8sctl_using_subcommand workloads" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c k8sctl -n "__fish_k8sctl_using_subcommand workloads" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c k8sctl -n "__fish_k8sctl_using_subcommand workloads" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c k8sctl -n "__fish_k8sctl_using_subcommand workloads" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c k8sctl -n "__fish_k8sctl_using_subcommand workloads" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c k8sctl -n "__fish_k8sctl_using_subcommand workloads" -s h -l help -d 'Print help'
complete -c k8sctl -n "__fish_k8sctl_using_subcommand logs" -s n -l namespace -r
complete -c k8sctl -n "__fish_k8sctl_using_subcommand logs" -s c -l container -r
complete -c k8sctl -n "__fish_k8sctl_using_subcommand logs" -l tail -r
complete -c k8sctl -n "__fish_k8sctl_using_subcommand logs" -l kubeconfig -d 'kubeconfig [env: KUBECONFIG] [config: k8s.kubeconfig]' -r -F
complete -c k8sctl -n "__fish_k8sctl_using_subcommand logs" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c k8sctl -n "__fish_k8sctl_using_subcommand logs" -s f -l follow
complete -c k8sctl -n "__fish_k8sctl_using_subcommand logs" -s p -l previous -d 'Logs of the previous (crashed) container'
complete -c k8sctl -n "__fish_k8sctl_using_subcommand logs" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c k8sctl -n "__fish_k8sctl_using_subcommand logs" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c k8sctl -n "__fish_k8sctl_using_subcommand logs" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c k8sctl -n "__fish_k8sctl_using_subcommand logs" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c k8sctl -n "__fish_k8sctl_using_subcommand logs" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c k8sctl -n "__fish_k8sctl_using_subcommand logs" -s h -l help -d 'Print help'
complete -c k8sctl -n "__fish_k8sctl_using_subcommand debug" -s n -l namespace -r
complete -c k8sctl -n "__fish_k8sctl_using_subcommand debug" -l image -r
complete -c k8sctl -n "__fish_k8sctl_using_subcommand debug" -l target -d 'Share the process namespace of this container' -r
complete -c k8sctl -n "__fish_k8sctl_using_subcommand debug" -l kubeconfig -d 'kubeconfig [env: KUBECONFIG] [config: k8s.kubeconfig]' -r -F
complete -c k8sctl -n "__fish_k8sctl_using_subcommand debug" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c k8sctl -n "__fish_k8sctl_using_subcommand debug" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c k8sctl -n "__fish_k8sctl_using_subcommand debug" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c k8sctl -n "__fish_k8sctl_using_subcommand debug" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c k8sctl -n "__fish_k8sctl_using_subcommand debug" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c k8sctl -n "__fish_k8sctl_using_subcommand debug" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c k8sctl -n "__fish_k8sctl_using_subcommand debug" -s h -l help -d 'Print help'
complete -c k8sctl -n "__fish_k8sctl_using_subcommand addon; and not __fish_seen_subcommand_from list enable disable help" -l kubeconfig -d 'kubeconfig [env: KUBECONFIG] [config: k8s.kubeconfig]' -r -F
complete -c k8sctl -n "__fish_k8sctl_using_subcommand addon; and not __fish_seen_subcommand_from list enable disable help" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c k8sctl -n "__fish_k8sctl_using_subcommand addon; and not __fish_seen_subcommand_from list enable disable help" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c k8sctl -n "__fish_k8sctl_using_subcommand addon; and not __fish_seen_subcommand_from list enable disable help" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c k8sctl -n "__fish_k8sctl_using_subcommand addon; and not __fish_seen_subcommand_from list enable disable help" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c k8sctl -n "__fish_k8sctl_using_subcommand addon; and not __fish_seen_subcommand_from list enable disable help" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c k8sctl -n "__fish_k8sctl_using_subcommand addon; and not __fish_seen_subcommand_from list enable disable help" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c k8sctl -n "__fish_k8sctl_using_subcommand addon; and not __fish_seen_subcommand_from list enable disable help" -s h -l help -d 'Print help'
complete -c k8sctl -n "__fish_k8sctl_using_subcommand addon; and not __fish_seen_subcommand_from list enable disable help" -f -a "list" -d 'Addons and whether they are enabled'
complete -c k8sctl -n "__fish_k8sctl_using_subcommand addon; and not __fish_seen_subcommand_from list enable disable help" -f -a "enable" -d 'Apply an addon\'s manifest'
complete -c k8sctl -n "__fish_k8sctl_using_subcommand addon; and not __fish_seen_subcommand_from list enable disable help" -f -a "disable" -d 'Delete an addon\'s objects'
complete -c k8sctl -n "__fish_k8sctl_using_subcommand addon; and not __fish_seen_subcommand_from list enable disable help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c k8sctl -n "__fish_k8sctl_using_subcommand addon; and __fish_seen_subcommand_from list" -l kubeconfig -d 'kubeconfig [env: KUBECONFIG] [config: k8s.kubeconfig]' -r -F
complete -c k8sctl -n "__fish_k8sctl_using_subcommand addon; and __fish_seen_subcommand_from list" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c k8sctl -n "__fish_k8sctl_using_subcommand addon; and __fish_seen_subcommand_from list" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c k8sctl -n "__fish_k8sctl_using_subcommand addon; and __fish_seen_subcommand_from list" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c k8sctl -n "__fish_k8sctl_using_subcommand addon; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c k8sctl -n "__fish_k8sctl_using_subcommand addon; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c k8sctl -n "__fish_k8sctl_using_subcommand addon; and __fish_seen_subcommand_from list" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c k8sctl -n "__fish_k8sctl_using_subcommand addon; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c k8sctl -n "__fish_k8sctl_using_subcommand addon; and __fish_seen_subcommand_from enable" -l kubeconfig -d 'kubeconfig [env: KUBECONFIG] [config: k8s.kubeconfig]' -r -F
complete -c k8sctl -n "__fish_k8sctl_using_subcommand addon; and __fish_seen_subcommand_from enable" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c k8sctl -n "__fish_k8sctl_using_subcommand addon; and __fish_seen_subcommand_from enable" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c k8sctl -n "__fish_k8sctl_using_subcommand addon; and __fish_seen_subcommand_from enable" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c k8sctl -n "__fish_k8sctl_using_subcommand addon; and __fish_seen_subcommand_from enable" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c k8sctl -n "__fish_k8sctl_using_subcommand addon; and __fish_seen_subcommand_from enable" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c k8sctl -n "__fish_k8sctl_using_subcommand addon; and __fish_seen_subcommand_from enable" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c k8sctl -n "__fish_k8sctl_using_subcommand addon; and __fish_seen_subcommand_from enable" -s h -l help -d 'Print help'
complete -c k8sctl -n "__fish_k8sctl_using_subcommand addon; and __fish_seen_subcommand_from disable" -l kubeconfig -d 'kubeconfig [env: KUBECONFIG] [config: k8s.kubeconfig]' -r -F
complete -c k8sctl -n "__fish_k8sctl_using_subcommand addon; and __fish_seen_subcommand_from disable" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c k8sctl -n "__fish_k8sctl_using_subcommand addon; and __fish_seen_subcommand_from disable" -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c k8sctl -n "__fish_k8sctl_using_subcommand addon; and __fish_seen_subcommand_from disable" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c k8sctl -n "__fish_k8sctl_using_subcommand addon; and __fish_seen_subcommand_from disable" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c k8sctl -n "__fish_k8sctl_using_subcommand addon; and __fish_seen_subcommand_from disable" -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c k8sctl -n "__fish_k8sctl_using_subcommand addon; and __fish_seen_subcommand_from disable" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c k8sctl -n "__fish_k8sctl_using_subcommand addon; and __fish_seen_subcommand_from disable" -s h -l help -d 'Print help'
complete -c k8sctl -n "__fish_k8sctl_using_subcommand addon; and __fish_seen_subcommand_from help" -f -a "list" -d 'Addons and whether they are enabled'
complete -c k8sctl -n "__fish_k8sctl_using_subcommand addon; and __fish_seen_subcommand_from help" -f -a "enable" -d 'Apply an addon\'s manifest'
complete -c k8sctl -n "__fish_k8sctl_using_subcommand addon; and __fish_seen_subcommand_from help" -f -a "disable" -d 'Delete an addon\'s objects'
complete -c k8sctl -n "__fish_k8sctl_using_subcommand addon; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c k8sctl -n "__fish_k8sctl_using_subcommand help; and not __fish_seen_subcommand_from nodes workloads logs debug addon help" -f -a "nodes" -d 'Node health (Ready, pressure conditions, cordon) and resources'
complete -c k8sctl -n "__fish_k8sctl_using_subcommand help; and not __fish_seen_subcommand_from nodes workloads logs debug addon help" -f -a "workloads" -d 'Deployments, StatefulSets and DaemonSets with ready counts; failing pods first'
complete -c k8sctl -n "__fish_k8sctl_using_subcommand help; and not __fish_seen_subcommand_from nodes workloads logs debug addon help" -f -a "logs" -d 'Pod logs (-f follows until Ctrl-C)'
complete -c k8sctl -n "__fish_k8sctl_using_subcommand help; and not __fish_seen_subcommand_from nodes workloads logs debug addon help" -f -a "debug" -d 'Attach an ephemeral debug container to a pod (interactive)'
complete -c k8sctl -n "__fish_k8sctl_using_subcommand help; and not __fish_seen_subcommand_from nodes workloads logs debug addon help" -f -a "addon" -d 'Addons shipped with the toolbox (manifests under the addons directory)'
complete -c k8sctl -n "__fish_k8sctl_using_subcommand help; and not __fish_seen_subcommand_from nodes workloads logs debug addon help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c k8sctl -n "__fish_k8sctl_using_subcommand help; and __fish_seen_subcommand_from addon" -f -a "list" -d 'Addons and whether they are enabled'
complete -c k8sctl -n "__fish_k8sctl_using_subcommand help; and __fish_seen_subcommand_from addon" -f -a "enable" -d 'Apply an addon\'s manifest'
complete -c k8sctl -n "__fish_k8sctl_using_subcommand help; and __fish_seen_subcommand_from addon" -f -a "disable" -d 'Delete an addon\'s objects'
