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
complete -c debvisor -n "__fish_debvisor_needs_command" -f -a "vm-convert" -d 'Convert VM disk images safely, resumably and verifiably (qemu-img)'
complete -c debvisor -n "__fish_debvisor_needs_command" -f -a "cloudinit-iso" -d 'Build a validated, reproducible cloud-init NoCloud seed image (ISO or vfat)'
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
complete -c debvisor -n "__fish_debvisor_using_subcommand vm-convert" -s i -l in -d 'Source image (file or block device)' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand vm-convert" -s o -l out -d 'Destination image (written as DST.part, renamed on success)' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand vm-convert" -s f -l from -d 'Source format (default: from the header magic; never probed by qemu)' -r -f -a "qcow2\t''
raw\t''
vmdk\t''
vdi\t''
vhdx\t''
vpc\t''"
complete -c debvisor -n "__fish_debvisor_using_subcommand vm-convert" -s O -l to -d 'Destination format' -r -f -a "qcow2\t''
raw\t''
vmdk\t''
vdi\t''
vhdx\t''
vpc\t''"
complete -c debvisor -n "__fish_debvisor_using_subcommand vm-convert" -s t -l cache -d 'Destination cache mode [config: images.cache] [default: writeback]' -r -f -a "none\t''
writeback\t''
writethrough\t''
directsync\t''
unsafe\t''"
complete -c debvisor -n "__fish_debvisor_using_subcommand vm-convert" -l rate-limit -d 'Bandwidth limit in bytes/s (suffixes K, M, G)' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand vm-convert" -s m -l coroutines -l threads -d 'Parallel coroutines, 1..16 [config: images.coroutines] [default: 8]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand vm-convert" -l check -d 'Re-verify DST against its manifest (read-only)' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand vm-convert" -l allow-backing-dir -d 'Also allow backing/extent files under DIR [config: images.allowed_backing_dirs]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand vm-convert" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand vm-convert" -s c -l compress -d 'Compress (qcow2: zstd where supported, else zlib; not resumable)'
complete -c debvisor -n "__fish_debvisor_using_subcommand vm-convert" -l sparse -d 'Leave zero areas unallocated (default)'
complete -c debvisor -n "__fish_debvisor_using_subcommand vm-convert" -l no-sparse -d 'Write every byte (no zero detection)'
complete -c debvisor -n "__fish_debvisor_using_subcommand vm-convert" -s W -l parallel-writes -d 'Allow out-of-order writes (faster on some storage)'
complete -c debvisor -n "__fish_debvisor_using_subcommand vm-convert" -l verify -d 'Compare with the source and record a guest-data SHA-256 in DST.manifest.json'
complete -c debvisor -n "__fish_debvisor_using_subcommand vm-convert" -l force -d 'Replace an existing DST (only after the new image is complete)'
complete -c debvisor -n "__fish_debvisor_using_subcommand vm-convert" -s U -l force-shared -d 'Read a disk that a running VM has open (qemu-img -U); the copy may be inconsistent'
complete -c debvisor -n "__fish_debvisor_using_subcommand vm-convert" -l restart -d 'Discard an interrupted conversion instead of resuming it'
complete -c debvisor -n "__fish_debvisor_using_subcommand vm-convert" -s n -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand vm-convert" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand vm-convert" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand vm-convert" -s q -l quiet -d 'Only errors; no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand vm-convert" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand vm-convert" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c debvisor -n "__fish_debvisor_using_subcommand vm-convert" -s V -l version -d 'Print version'
complete -c debvisor -n "__fish_debvisor_using_subcommand cloudinit-iso" -l name -d 'VM name: default instance-id and host name' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand cloudinit-iso" -s o -l out -l output -d 'The seed image to write' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand cloudinit-iso" -s u -l user-data -d 'user-data (#cloud-config, script or MIME multipart) [default: generated]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand cloudinit-iso" -s m -l meta-data -d 'meta-data [default: instance-id and local-hostname]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand cloudinit-iso" -l network-config -d 'network-config (version 1 or 2)' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand cloudinit-iso" -l vendor-data -d 'vendor-data' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand cloudinit-iso" -l template -d 'Generate user-data from an embedded template (see --list-templates)' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand cloudinit-iso" -l ssh-key -d 'SSH public key file(s) for the default user' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand cloudinit-iso" -l hostname -d 'Host name [default: the VM name]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand cloudinit-iso" -l instance-id -d 'instance-id [default: the VM name]' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand cloudinit-iso" -l format -d 'Image type' -r -f -a "iso\t''
vfat\t''"
complete -c debvisor -n "__fish_debvisor_using_subcommand cloudinit-iso" -l show-template -d 'Print a template\'s text' -r
complete -c debvisor -n "__fish_debvisor_using_subcommand cloudinit-iso" -l config -d 'Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]' -r -F
complete -c debvisor -n "__fish_debvisor_using_subcommand cloudinit-iso" -l force -d 'Replace an existing output file'
complete -c debvisor -n "__fish_debvisor_using_subcommand cloudinit-iso" -l validate-only -l validate -d 'Only validate the inputs; write nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand cloudinit-iso" -l list-templates -d 'List the embedded templates'
complete -c debvisor -n "__fish_debvisor_using_subcommand cloudinit-iso" -s n -l dry-run -d 'Print the plan (every state-changing command and file write) and change nothing'
complete -c debvisor -n "__fish_debvisor_using_subcommand cloudinit-iso" -l json -d 'Machine-readable output: one JSON document per line on stdout'
complete -c debvisor -n "__fish_debvisor_using_subcommand cloudinit-iso" -s v -l verbose -d 'Log more (-v: every state-changing command, -vv: every command)'
complete -c debvisor -n "__fish_debvisor_using_subcommand cloudinit-iso" -s q -l quiet -d 'Only errors; no progress bars'
complete -c debvisor -n "__fish_debvisor_using_subcommand cloudinit-iso" -s y -l yes -d 'Confirm destructive steps (required when not on a terminal)'
complete -c debvisor -n "__fish_debvisor_using_subcommand cloudinit-iso" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c debvisor -n "__fish_debvisor_using_subcommand cloudinit-iso" -s V -l version -d 'Print version'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and not __fish_seen_subcommand_from health-check install-links generate vm-convert cloudinit-iso help" -f -a "health-check" -d 'Check this node\'s tools and services and score its health'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and not __fish_seen_subcommand_from health-check install-links generate vm-convert cloudinit-iso help" -f -a "install-links" -d 'Create (or remove) the applet links in a directory'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and not __fish_seen_subcommand_from health-check install-links generate vm-convert cloudinit-iso help" -f -a "generate" -d 'Generate man pages or shell completions'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and not __fish_seen_subcommand_from health-check install-links generate vm-convert cloudinit-iso help" -f -a "vm-convert" -d 'Convert VM disk images safely, resumably and verifiably (qemu-img)'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and not __fish_seen_subcommand_from health-check install-links generate vm-convert cloudinit-iso help" -f -a "cloudinit-iso" -d 'Build a validated, reproducible cloud-init NoCloud seed image (ISO or vfat)'
complete -c debvisor -n "__fish_debvisor_using_subcommand help; and not __fish_seen_subcommand_from health-check install-links generate vm-convert cloudinit-iso help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
