fn main() {
    // Writing to a closed pipe (`hvctl list | head`) ends the process quietly, like C tools.
    // SAFETY: restoring the default disposition of SIGPIPE before any thread exists.
    unsafe {
        let _ = nix::sys::signal::signal(
            nix::sys::signal::Signal::SIGPIPE,
            nix::sys::signal::SigHandler::SigDfl,
        );
    }
    let code = debvisor::cli::main(std::env::args_os().collect());
    std::process::exit(code);
}
