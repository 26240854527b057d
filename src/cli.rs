//! Dispatch and the clap tree. `main` does nothing before dispatch: no config, no logging set-up,
//! no filesystem access — only argv is looked at, so `--help` and `--version` are instant.

use std::ffi::OsString;
use std::io::Write;

use clap::{Arg, ArgAction, ArgMatches, Command};

use crate::applets::{self, Applet, APPLETS};
use crate::context::{Ctx, GlobalFlags};
use crate::error::{code, exit_code_of};

pub const VERSION: &str = env!("CARGO_PKG_VERSION");

const EXIT_CODES: &str = "\
Exit codes: 0 ok, 1 failed, 2 usage error, 3 precondition not met (missing tool, lock held, \
unreachable), 4 configuration error, 5 invalid input, 6 partial success or rolled back, \
124 timed out.";

/// Entry point: returns the process exit code.
pub fn main(args: Vec<OsString>) -> i32 {
    let argv0 = args
        .first()
        .map(|a| {
            std::path::Path::new(a)
                .file_name()
                .unwrap_or(a)
                .to_string_lossy()
                .into_owned()
        })
        .unwrap_or_default();

    if let Some(applet) = applets::by_argv0(&argv0) {
        return run_applet(applet, argv0.clone(), args.clone(), &args);
    }
    // `debvisor [GLOBAL FLAGS] <applet> …` (busybox/git habit): the global flags move behind the
    // applet name, where its clap tree takes them. String comparisons only: no start-up work.
    let args = hoist_global_flags(args);
    // `debvisor <applet> …` or `debvisor --list|--help|--version`.
    let first = args.get(1).map(|a| a.to_string_lossy().into_owned());
    match first.as_deref() {
        Some("--list") | Some("-l") => {
            print_list();
            code::OK
        }
        Some("--version") | Some("-V") => {
            println!("debvisor {VERSION}");
            code::OK
        }
        None | Some("--help") | Some("-h") | Some("help") => {
            let _ = top_command().print_long_help();
            code::OK
        }
        Some(name) => match applets::find(name) {
            Some(applet) => run_applet(
                applet,
                format!("debvisor {}", applet.name),
                args[1..].to_vec(),
                &args,
            ),
            None => {
                eprintln!("debvisor: unknown applet `{name}` (try --list or --help)");
                code::USAGE
            }
        },
    }
}

/// `debvisor --dry-run --config F hvctl list` → `debvisor hvctl --dry-run --config F list`.
/// Only the global flags of [`with_global_flags`] move; anything else before the applet name is
/// left where it is (and then reported as an unknown applet).
fn hoist_global_flags(args: Vec<OsString>) -> Vec<OsString> {
    let is_global = |a: &str| {
        matches!(
            a,
            "--dry-run" | "--json" | "--verbose" | "--quiet" | "--yes"
        ) || a.starts_with("--config=")
            || (a.len() > 1
                && a.starts_with('-')
                && !a.starts_with("--")
                && a[1..].chars().all(|c| "vqy".contains(c)))
    };
    let mut globals = Vec::new();
    let mut i = 1;
    while let Some(a) = args.get(i).and_then(|a| a.to_str()) {
        if a == "--config" && i + 1 < args.len() {
            globals.extend_from_slice(&args[i..i + 2]);
            i += 2;
        } else if is_global(a) {
            globals.push(args[i].clone());
            i += 1;
        } else {
            break;
        }
    }
    if globals.is_empty() || i >= args.len() {
        return args;
    }
    let mut out = Vec::with_capacity(args.len());
    out.push(args[0].clone());
    out.push(args[i].clone());
    out.extend(globals);
    out.extend_from_slice(&args[i + 1..]);
    out
}

fn print_list() {
    let mut out = std::io::stdout().lock();
    for a in APPLETS {
        let _ = writeln!(out, "{:<18} {}", a.name, a.about);
    }
}

/// The full clap definition of one applet, with the global flags every applet takes.
pub fn applet_command(applet: &Applet) -> Command {
    // No bin_name here: as a subcommand of `debvisor` (man page, completions) clap derives it
    // from the parent; run_applet sets the name the operator actually typed.
    let cmd = (applet.command)()
        .name(applet.name)
        .version(VERSION)
        .about(applet.about);
    let cmd = with_global_flags(cmd);
    // Examples (after_help) stay visible in `--help`, followed by the exit-code table.
    let after = match cmd.get_after_long_help().or(cmd.get_after_help()) {
        Some(h) => format!("{h}\n\n{EXIT_CODES}"),
        None => EXIT_CODES.to_string(),
    };
    cmd.after_long_help(after)
}

/// `debvisor` itself, with every applet as a subcommand (help, man page, completions).
pub fn top_command() -> Command {
    let mut top = Command::new("debvisor")
        .version(VERSION)
        .about("DebVisor node toolbox: one binary for hypervisor, storage, DNS and cluster operations")
        .long_about(
            "DebVisor node toolbox. One static binary, busybox-style: call it as `debvisor APPLET …` \
             or through a link named after the applet (hvctl, cephctl, debvisor-migrate, …; see \
             `debvisor install-links`).",
        )
        .arg(
            Arg::new("list")
                .long("list")
                .short('l')
                .action(ArgAction::SetTrue)
                .help("List the applets"),
        )
        .subcommand_required(false)
        .after_long_help(EXIT_CODES);
    for a in APPLETS {
        // bin_name "debvisor NAME": nested subcommands (console-ticket verify, hvctl list) then
        // resolve from the top command, which the completion generators require.
        top = top.subcommand(applet_command(a).bin_name(format!("debvisor {}", a.name)));
    }
    top
}

fn with_global_flags(cmd: Command) -> Command {
    cmd.arg(
        Arg::new("dry-run")
            .long("dry-run")
            .global(true)
            .action(ArgAction::SetTrue)
            .help(
                "Print the plan (every state-changing command and file write) and change nothing",
            ),
    )
    .arg(
        Arg::new("json")
            .long("json")
            .global(true)
            .action(ArgAction::SetTrue)
            .help("Machine-readable output: one JSON document per line on stdout"),
    )
    .arg(
        Arg::new("verbose")
            .long("verbose")
            .short('v')
            .global(true)
            .action(ArgAction::Count)
            .help("Log more (-v: every state-changing command, -vv: every command)"),
    )
    .arg(
        Arg::new("quiet")
            .long("quiet")
            .short('q')
            .global(true)
            .action(ArgAction::SetTrue)
            .conflicts_with("verbose")
            .help("Only errors on the terminal (the journal still gets info); no progress bars"),
    )
    .arg(
        Arg::new("yes")
            .long("yes")
            .short('y')
            .global(true)
            .action(ArgAction::SetTrue)
            .help("Confirm destructive steps (required when not on a terminal)"),
    )
    .arg(
        Arg::new("config")
            .long("config")
            .global(true)
            .value_name("FILE")
            .value_parser(clap::value_parser!(std::path::PathBuf))
            .help(
                "Configuration file [env: DEBVISOR_CONFIG] [default: /etc/debvisor/debvisor.toml]",
            ),
    )
}

fn global_flags(m: &ArgMatches) -> GlobalFlags {
    GlobalFlags {
        dry_run: m.get_flag("dry-run"),
        json: m.get_flag("json"),
        verbose: m.get_count("verbose"),
        quiet: m.get_flag("quiet"),
        yes: m.get_flag("yes"),
        config: m.get_one::<std::path::PathBuf>("config").cloned(),
    }
}

fn run_applet(
    applet: &'static Applet,
    invoked_as: String,
    args: Vec<OsString>,
    full_argv: &[OsString],
) -> i32 {
    // `APPLET --version` is answered before the clap tree is built: the same output as clap's,
    // without the work (start-up time is a feature).
    if args.len() == 2 && matches!(args[1].to_str(), Some("--version" | "-V")) {
        println!("{} {VERSION}", applet.name);
        return code::OK;
    }
    let matches = match applet_command(applet)
        .bin_name(invoked_as)
        .try_get_matches_from(&args)
    {
        Ok(m) => m,
        Err(e) => {
            let code = if e.use_stderr() {
                code::USAGE
            } else {
                code::OK
            };
            let _ = e.print();
            return code;
        }
    };
    let flags = global_flags(&matches);
    crate::logging::init(flags.verbose, flags.quiet, applet.name);
    // The audit log records the command line exactly as the operator typed it.
    let argv: Vec<String> = full_argv
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let mut ctx = Ctx::new(applet.name, argv, flags);
    match (applet.run)(&mut ctx, &matches) {
        Ok(code) => code,
        Err(e) => {
            let code = exit_code_of(&e);
            // One line: the whole context chain, outermost first.
            eprintln!("{}: error: {e:#}", applet.name);
            code
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(a: &[&str]) -> Vec<OsString> {
        a.iter().map(OsString::from).collect()
    }

    #[test]
    fn global_flags_before_the_applet_move_behind_it() {
        assert_eq!(
            hoist_global_flags(v(&["debvisor", "--dry-run", "hvctl", "shutdown", "web1"])),
            v(&["debvisor", "hvctl", "--dry-run", "shutdown", "web1"])
        );
        assert_eq!(
            hoist_global_flags(v(&[
                "debvisor",
                "--config",
                "F",
                "-vy",
                "health-check",
                "--json"
            ])),
            v(&["debvisor", "health-check", "--config", "F", "-vy", "--json"])
        );
        assert_eq!(
            hoist_global_flags(v(&["debvisor", "--config=F", "health-check"])),
            v(&["debvisor", "health-check", "--config=F"])
        );
        // Every global flag clap defines is one the hoisting knows (they are listed twice so
        // that dispatch needs no clap tree).
        for a in with_global_flags(Command::new("x")).get_arguments() {
            let Some(long) = a.get_long() else { continue };
            let flag = format!("--{long}");
            let mut argv = vec!["debvisor", flag.as_str()];
            if a.get_action().takes_values() {
                argv.push("VALUE");
            }
            argv.push("hvctl");
            let hoisted = hoist_global_flags(v(&argv));
            assert_eq!(
                hoisted[1],
                OsString::from("hvctl"),
                "--{long} is not hoisted"
            );
            if let Some(short) = a.get_short().filter(|_| !a.get_action().takes_values()) {
                let s = format!("-{short}");
                assert_eq!(
                    hoist_global_flags(v(&["debvisor", &s, "hvctl"]))[1],
                    OsString::from("hvctl"),
                    "{s}"
                );
            }
        }
        for unchanged in [
            &["debvisor", "hvctl", "--dry-run", "list"][..],
            &["debvisor", "--list"],
            &["debvisor", "--dry-run"],
            &["debvisor", "--bogus", "hvctl"],
            &["debvisor", "-x", "hvctl"],
        ] {
            assert_eq!(hoist_global_flags(v(unchanged)), v(unchanged));
        }
    }
}
