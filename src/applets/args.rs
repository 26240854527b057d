//! Command-line arguments that several applets share, defined once so that their names, short
//! flags and help (and so the man pages) cannot drift apart.

use clap::Arg;

/// `-c/--connect URI`: the libvirt connection (flag > LIBVIRT_DEFAULT_URI > `[libvirt] uri` >
/// libvirt's default). Callers may refine the help, e.g. hvctl's "before the subcommand".
pub fn connect() -> Arg {
    Arg::new("connect")
        .long("connect")
        .short('c')
        .value_name("URI")
        .help("libvirt URI [env: LIBVIRT_DEFAULT_URI] [config: libvirt.uri]")
}
