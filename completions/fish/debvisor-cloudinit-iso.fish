complete -c debvisor-cloudinit-iso -l name -d 'VM name: default instance-id and host name' -r
complete -c debvisor-cloudinit-iso -s o -l out -l output -d 'The seed image to write' -r -F
complete -c debvisor-cloudinit-iso -s u -l user-data -d 'user-data (#cloud-config, script or MIME multipart) [default: generated]' -r -F
complete -c debvisor-cloudinit-iso -s m -l meta-data -d 'meta-data [default: instance-id and local-hostname]' -r -F
complete -c debvisor-cloudinit-iso -l network-config -d 'network-config (version 1 or 2)' -r -F
complete -c debvisor-cloudinit-iso -l vendor-data -d 'vendor-data' -r -F
complete -c debvisor-cloudinit-iso -l template -d 'Generate user-data from an embedded template (see --list-templates)' -r
complete -c debvisor-cloudinit-iso -l ssh-key -d 'SSH public key file(s) for the default user' -r -F
complete -c debvisor-cloudinit-iso -l username -d 'Create this sudo user (with the SSH keys) instead of the image\'s default user' -r
complete -c debvisor-cloudinit-iso -l password-file -d 'A file holding the user\'s crypt(3) password hash (console login; SSH password login stays off)' -r -F
complete -c debvisor-cloudinit-iso -l password -d 'Refused: a hash on the command line is visible to every user (use --password-file)' -r
complete -c debvisor-cloudinit-iso -l packages -d 'Extra packages to install on first boot' -r
complete -c debvisor-cloudinit-iso -l hostname -d 'Host name [default: the VM name]' -r
complete -c debvisor-cloudinit-iso -l instance-id -d 'instance-id [default: the VM name]' -r
complete -c debvisor-cloudinit-iso -l format -d 'Image type' -r -f -a "iso\t''
vfat\t''"
complete -c debvisor-cloudinit-iso -l show-template -d 'Print a template\'s text' -r
complete -c debvisor-cloudinit-iso -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor-cloudinit-iso -l force -d 'Replace an existing output file'
complete -c debvisor-cloudinit-iso -l validate-only -l validate -d 'Only validate the inputs; write nothing'
complete -c debvisor-cloudinit-iso -l list-templates -d 'List the embedded templates'
complete -c debvisor-cloudinit-iso -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor-cloudinit-iso -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor-cloudinit-iso -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor-cloudinit-iso -s q -l quiet -d 'Only errors on the terminal (the journal still gets info); no progress bars'
complete -c debvisor-cloudinit-iso -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor-cloudinit-iso -s h -l help -d 'Print help (see more with \'--help\')'
complete -c debvisor-cloudinit-iso -s V -l version -d 'Print version'
