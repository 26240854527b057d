complete -c debvisor-join -l mode -d 'What to join: Ceph (OSDs + CRUSH), Kubernetes, or both (etcd registration always)' -r -f -a "ceph\t''
k8s\t''
all\t''"
complete -c debvisor-join -l cluster -d 'A [[cluster.nodes]] node already in the cluster (reached over ssh for preflight and the join token)' -r
complete -c debvisor-join -l disk -d 'Create OSDs on exactly these disks (each must pass the blank-disk survey) [default: every blank disk]' -r
complete -c debvisor-join -l node-name -d 'This node\'s name in CRUSH, Kubernetes and etcd [default: [join] node_name, else the short hostname]' -r
complete -c debvisor-join -l log-file -d 'Legacy, ignored: logs go to the journal/stderr, actions to the audit log' -r
complete -c debvisor-join -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor-join -l check -d 'Run the preflight checks only and say what a join would do'
complete -c debvisor-join -l force -d 'Join even though this node is marked in maintenance (`debvisor maintenance status`)'
complete -c debvisor-join -l rollback -d 'Undo what an interrupted join recorded in its journal'
complete -c debvisor-join -l skip-ceph -d 'Legacy: --mode k8s'
complete -c debvisor-join -l skip-k8s -d 'Legacy: --mode ceph'
complete -c debvisor-join -l force-disk -d 'Legacy: confirm the use of the selected disks (same as --yes)'
complete -c debvisor-join -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor-join -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor-join -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor-join -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor-join -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor-join -s h -l help -d 'Print help (see more with \'--help\')'
complete -c debvisor-join -s V -l version -d 'Print version'
