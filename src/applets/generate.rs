//! generate: renders the man pages and shell completions from the same clap definitions that
//! parse the command line. The output is committed under man/ and completions/; a test fails
//! when it is stale.

use std::path::{Path, PathBuf};

use clap::{Arg, ArgMatches, Command};
use clap_complete::Shell;

use super::{Applet, APPLETS};
use crate::cli::{applet_command, top_command};
use crate::context::Ctx;
use crate::exec::files::FileSpec;
use crate::exec::Exec;

pub const APPLET: Applet = Applet {
    name: "generate",
    bare_link: false,
    legacy: &[],
    section: 1,
    about: "Generate man pages or shell completions",
    command: cli,
    run,
};

fn cli() -> Command {
    clap::Command::new("generate")
        .arg(
            Arg::new("what")
                .value_name("WHAT")
                .required(true)
                .value_parser(["man", "completions"]),
        )
        .arg(
            Arg::new("dir")
                .value_name("DIR")
                .required(true)
                .value_parser(clap::value_parser!(PathBuf)),
        )
        .after_help(
            "Examples:\n  debvisor generate man man/\n  debvisor generate completions completions/",
        )
}

/// The name an applet is best known by (its bare link, else `debvisor-NAME`).
pub fn primary_name(a: &Applet) -> String {
    if a.bare_link {
        a.name.to_string()
    } else {
        format!("debvisor-{}", a.name)
    }
}

fn run(ctx: &mut Ctx, m: &ArgMatches) -> anyhow::Result<i32> {
    let dir = m.get_one::<PathBuf>("dir").expect("required");
    let exec = ctx.exec()?;
    match m.get_one::<String>("what").map(String::as_str) {
        Some("man") => man_pages(exec, dir)?,
        _ => completions(exec, dir)?,
    }
    Ok(0)
}

fn man_pages(exec: &Exec, dir: &Path) -> anyhow::Result<()> {
    exec.create_dir_all(dir, 0o755)?;
    write_man(exec, dir, top_command(), "debvisor", 1)?;
    for a in APPLETS {
        let name = primary_name(a);
        let cmd = applet_command(a).name(name.clone()).bin_name(name.clone());
        write_man(exec, dir, cmd, &name, a.section)?;
    }
    Ok(())
}

fn write_man(exec: &Exec, dir: &Path, cmd: Command, name: &str, section: u8) -> anyhow::Result<()> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(cmd)
        .section(section.to_string())
        .manual("DebVisor")
        .source(format!("debvisor {}", crate::cli::VERSION))
        .render(&mut buf)?;
    exec.write_file(
        &dir.join(format!("{name}.{section}")),
        &buf,
        FileSpec::PUBLIC,
    )
}

fn completions(exec: &Exec, dir: &Path) -> anyhow::Result<()> {
    for (shell, sub) in [
        (Shell::Bash, "bash"),
        (Shell::Zsh, "zsh"),
        (Shell::Fish, "fish"),
    ] {
        let d = dir.join(sub);
        exec.create_dir_all(&d, 0o755)?;
        // Applet subcommands carry their own bin_name (`cephctl`); under `debvisor` their nested
        // subcommands must be named `debvisor cephctl …` or clap_complete cannot find them.
        let top = top_command().mut_subcommands(|sc| {
            let n = sc.get_name().to_string();
            sc.bin_name(format!("debvisor {n}"))
        });
        let mut cmds: Vec<(String, Command)> = vec![("debvisor".into(), top)];
        for a in APPLETS {
            let name = primary_name(a);
            cmds.push((
                name.clone(),
                applet_command(a).name(name.clone()).bin_name(name),
            ));
        }
        for (name, mut cmd) in cmds {
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut cmd, name.clone(), &mut buf);
            let file = match shell {
                Shell::Zsh => format!("_{name}"),
                Shell::Fish => format!("{name}.fish"),
                _ => name.clone(),
            };
            exec.write_file(&d.join(file), &buf, FileSpec::PUBLIC)?;
        }
    }
    Ok(())
}
