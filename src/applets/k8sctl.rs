//! k8sctl: Kubernetes from the node operator's side — node health and resources, workloads with
//! failing pods first, logs, debug containers, and the addons shipped with the toolbox.
//! Every kubectl call carries a request timeout and a hard deadline; listing uses one call per
//! command (several kinds in one `kubectl get`).

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use clap::{Arg, ArgAction, ArgMatches, Command};
use serde::{Deserialize, Serialize};

use super::Applet;
use crate::context::Ctx;
use crate::error::{self, code};
use crate::model::k8s::{self, List, Node, NodeMetricsList, Pod, Workload};
use crate::output::{self, Table};
use crate::tools::kubectl::Kubectl;

pub const APPLET: Applet = Applet {
    name: "k8sctl",
    bare_link: true,
    legacy: &[],
    section: 8,
    about: "Kubernetes nodes, workloads, logs, debug containers and addons",
    command: cli,
    run,
};

fn cli() -> Command {
    let pod = || Arg::new("pod").value_name("POD").required(true);
    let ns = || {
        Arg::new("namespace")
            .long("namespace")
            .short('n')
            .value_name("NS")
            .default_value("default")
    };
    clap::Command::new("k8sctl")
        .subcommand_required(true)
        .arg(Arg::new("kubeconfig").long("kubeconfig").value_name("FILE").global(true).value_parser(clap::value_parser!(PathBuf)).help("kubeconfig [env: KUBECONFIG] [config: k8s.kubeconfig]"))
        .subcommand(clap::Command::new("nodes").about("Node health (Ready, pressure conditions, cordon) and resources"))
        .subcommand(clap::Command::new("workloads").about("Deployments, StatefulSets and DaemonSets with ready counts; failing pods first"))
        .subcommand(
            clap::Command::new("logs")
                .about("Pod logs (-f follows until Ctrl-C)")
                .arg(pod())
                .arg(ns())
                .arg(Arg::new("container").long("container").short('c').value_name("NAME"))
                .arg(Arg::new("follow").long("follow").short('f').action(ArgAction::SetTrue))
                .arg(Arg::new("previous").long("previous").short('p').action(ArgAction::SetTrue).help("Logs of the previous (crashed) container"))
                .arg(Arg::new("tail").long("tail").value_name("LINES").default_value("200").value_parser(clap::value_parser!(u32))),
        )
        .subcommand(
            clap::Command::new("debug")
                .about("Attach an ephemeral debug container to a pod (interactive)")
                .arg(pod())
                .arg(ns())
                .arg(Arg::new("image").long("image").value_name("IMAGE").default_value("busybox:1.36"))
                .arg(Arg::new("target").long("target").value_name("CONTAINER").help("Share the process namespace of this container")),
        )
        .subcommand(
            clap::Command::new("addon")
                .about("Addons shipped with the toolbox (manifests under the addons directory)")
                .subcommand_required(true)
                .subcommand(clap::Command::new("list").about("Addons and whether they are enabled"))
                .subcommand(clap::Command::new("enable").about("Apply an addon's manifest").arg(Arg::new("name").value_name("NAME").required(true)))
                .subcommand(clap::Command::new("disable").about("Delete an addon's objects").arg(Arg::new("name").value_name("NAME").required(true))),
        )
        .after_help(
            "Examples:\n  k8sctl nodes\n  k8sctl workloads --json\n  k8sctl logs -n kube-system coredns-5d78c9869d-abcde --tail 50\n  \
             k8sctl debug web-7c9f -n shop --target app\n  k8sctl addon list\n  k8sctl addon enable storage-ceph-rbd --dry-run",
        )
}

/// `[k8s]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct K8sConfig {
    kubeconfig: Option<PathBuf>,
    context: Option<String>,
    /// kubectl --request-timeout (seconds).
    request_timeout: u64,
    /// Hard deadline for one kubectl process (seconds).
    deadline: u64,
    addons_dir: PathBuf,
}

impl Default for K8sConfig {
    fn default() -> Self {
        K8sConfig {
            kubeconfig: None,
            context: None,
            request_timeout: 5,
            deadline: 20,
            addons_dir: "/usr/share/debvisor/addons".into(),
        }
    }
}

fn run(ctx: &mut Ctx, m: &ArgMatches) -> anyhow::Result<i32> {
    let cfg: K8sConfig = ctx.config()?.section("k8s")?;
    let kubeconfig = crate::config::resolve::kubeconfig(
        m.get_one::<PathBuf>("kubeconfig").cloned(),
        cfg.kubeconfig.clone(),
    );
    let kubectl = Kubectl {
        kubeconfig,
        context: cfg.context.clone(),
        request_timeout: cfg.request_timeout,
        deadline: cfg.deadline,
        cache_dir: std::env::var_os("DEBVISOR_KUBECTL_CACHE_DIR").map(PathBuf::from),
    };
    match m.subcommand() {
        Some(("nodes", _)) => nodes(ctx, &kubectl),
        Some(("workloads", _)) => workloads(ctx, &kubectl),
        Some(("logs", s)) => logs(ctx, &kubectl, s),
        Some(("debug", s)) => debug(ctx, &kubectl, s),
        Some(("addon", s)) => match s.subcommand() {
            Some(("list", _)) => addon_list(ctx, &kubectl, &cfg.addons_dir),
            Some(("enable", a)) => addon_enable(
                ctx,
                &kubectl,
                &cfg.addons_dir,
                a.get_one::<String>("name").unwrap(),
            ),
            Some(("disable", a)) => addon_disable(
                ctx,
                &kubectl,
                &cfg.addons_dir,
                a.get_one::<String>("name").unwrap(),
            ),
            _ => unreachable!("clap requires a subcommand"),
        },
        _ => unreachable!("clap requires a subcommand"),
    }
}

fn parse<T: serde::de::DeserializeOwned>(what: &str, json: &str) -> anyhow::Result<T> {
    serde_json::from_str(json)
        .with_context(|| format!("kubectl returned unparsable JSON for {what}"))
}

fn nodes(ctx: &Ctx, kubectl: &Kubectl) -> anyhow::Result<i32> {
    let exec = ctx.exec()?;
    let out = exec.run(&kubectl.get_nodes())?;
    let list: List<Node> = parse("nodes", &out.stdout)?;
    let metrics = exec.run(&kubectl.node_metrics())?;
    let metrics: Option<NodeMetricsList> = metrics
        .success()
        .then(|| serde_json::from_str(&metrics.stdout).ok())
        .flatten();
    let summary = k8s::summarize_nodes(&list, metrics.as_ref());
    let unhealthy = summary
        .iter()
        .filter(|n| !n.ready || !n.problems.is_empty())
        .count();
    if ctx.json() {
        output::print_json(&summary)?;
    } else {
        let mut t = Table::new([
            "NAME", "STATUS", "ROLES", "VERSION", "CPU", "MEMORY", "PODS", "PROBLEMS",
        ]);
        for n in &summary {
            let cpu = match n.cpu_used_millicores {
                Some(u) => format!("{u}m/{}m", n.cpu_allocatable_millicores),
                None => format!("{}m", n.cpu_allocatable_millicores),
            };
            let mem = match n.memory_used_bytes {
                Some(u) => format!(
                    "{}/{}",
                    output::bytes(u),
                    output::bytes(n.memory_allocatable_bytes)
                ),
                None => output::bytes(n.memory_allocatable_bytes),
            };
            t.row([
                n.name.clone(),
                n.status.clone(),
                n.roles.join(","),
                n.version.clone(),
                cpu,
                mem,
                n.pods_allocatable.to_string(),
                n.problems.join(","),
            ]);
        }
        t.print()?;
    }
    Ok(if unhealthy > 0 {
        code::FAILED
    } else {
        code::OK
    })
}

#[derive(Serialize)]
struct WorkloadReport {
    failing_pods: Vec<k8s::FailingPod>,
    workloads: Vec<k8s::WorkloadSummary>,
}

fn workloads(ctx: &Ctx, kubectl: &Kubectl) -> anyhow::Result<i32> {
    let exec = ctx.exec()?;
    // One call for all four kinds.
    let out = exec.run(&kubectl.get_all("deployments,statefulsets,daemonsets,pods"))?;
    let all: List<serde_json::Value> = parse("workloads", &out.stdout)?;
    let (mut wl, mut pods) = (
        List::<Workload> { items: vec![] },
        List::<Pod> { items: vec![] },
    );
    for item in all.items {
        match item.get("kind").and_then(|k| k.as_str()) {
            Some("Pod") => pods.items.extend(serde_json::from_value(item).ok()),
            Some(_) => wl.items.extend(serde_json::from_value(item).ok()),
            None => {}
        }
    }
    let report = WorkloadReport {
        failing_pods: k8s::failing_pods(&pods),
        workloads: k8s::summarize_workloads(&wl),
    };
    let bad = !report.failing_pods.is_empty() || report.workloads.iter().any(|w| !w.healthy);
    if ctx.json() {
        output::print_json(&report)?;
    } else {
        if !report.failing_pods.is_empty() {
            println!("FAILING PODS");
            let mut t =
                Table::new(["NAMESPACE", "POD", "NODE", "PHASE", "REASON", "RESTARTS"]).right(5);
            for p in &report.failing_pods {
                t.row([
                    p.namespace.clone(),
                    p.name.clone(),
                    p.node.clone().unwrap_or_else(|| "-".into()),
                    p.phase.clone(),
                    p.reason.clone(),
                    p.restarts.to_string(),
                ]);
            }
            t.print()?;
            println!();
        }
        let mut t = Table::new(["NAMESPACE", "KIND", "NAME", "READY", "STATUS"]);
        for w in &report.workloads {
            t.row([
                w.namespace.clone(),
                w.kind.clone(),
                w.name.clone(),
                format!("{}/{}", w.ready, w.desired),
                if w.healthy {
                    "ok".into()
                } else {
                    "DEGRADED".to_string()
                },
            ]);
        }
        t.print()?;
    }
    Ok(if bad { code::FAILED } else { code::OK })
}

/// Pod and container names are DNS-1123 labels/subdomains; refusing anything else keeps odd
/// input away from kubectl's own flag parsing.
fn k8s_name(what: &str, s: &str) -> anyhow::Result<()> {
    let ok = !s.is_empty()
        && s.len() <= 253
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.')
        && s.as_bytes()[0].is_ascii_alphanumeric();
    if ok {
        Ok(())
    } else {
        Err(error::invalid(format!(
            "{what} `{s}`: not a valid Kubernetes name (lowercase letters, digits, '-', '.')"
        )))
    }
}

fn logs(ctx: &Ctx, kubectl: &Kubectl, m: &ArgMatches) -> anyhow::Result<i32> {
    let pod = m.get_one::<String>("pod").unwrap();
    let ns = m.get_one::<String>("namespace").unwrap();
    k8s_name("pod", pod)?;
    k8s_name("namespace", ns)?;
    let mut args = vec!["logs".to_string(), "-n".into(), ns.clone(), pod.clone()];
    if let Some(c) = m.get_one::<String>("container") {
        k8s_name("container", c)?;
        args.extend(["-c".into(), c.clone()]);
    }
    args.push(format!("--tail={}", m.get_one::<u32>("tail").unwrap()));
    if m.get_flag("previous") {
        args.push("--previous".into());
    }
    let exec = ctx.exec()?;
    if m.get_flag("follow") {
        args.push("--follow".into());
        // Following is open-ended by design: hand the terminal to kubectl (Ctrl-C ends it).
        exec.exec_replace(&kubectl.cmd(args).read_only().inherit_stdin())?;
        return Ok(code::OK);
    }
    let out = exec.run(&kubectl.cmd(args).read_only())?;
    print!("{}", out.stdout);
    Ok(code::OK)
}

fn debug(ctx: &Ctx, kubectl: &Kubectl, m: &ArgMatches) -> anyhow::Result<i32> {
    let pod = m.get_one::<String>("pod").unwrap();
    let ns = m.get_one::<String>("namespace").unwrap();
    k8s_name("pod", pod)?;
    k8s_name("namespace", ns)?;
    let image = m.get_one::<String>("image").unwrap();
    let mut args = vec![
        "debug".to_string(),
        "-n".into(),
        ns.clone(),
        pod.clone(),
        "-it".into(),
        format!("--image={image}"),
    ];
    if let Some(t) = m.get_one::<String>("target") {
        k8s_name("container", t)?;
        args.push(format!("--target={t}"));
    }
    // Adds an ephemeral container to a running pod: a change, so it is planned under --dry-run.
    ctx.exec()?
        .exec_replace(&kubectl.cmd(args).mutating().inherit_stdin())?;
    Ok(code::OK)
}

#[derive(Debug, Serialize)]
struct AddonStatus {
    name: String,
    description: String,
    objects: usize,
    present: usize,
    status: &'static str,
}

/// An addon: `ADDONS_DIR/NAME.json`, a `v1 List` of manifests; its description is the
/// `debvisor.io/description` annotation of the first object.
struct Addon {
    name: String,
    path: PathBuf,
    description: String,
    /// (kind, namespace, name) of every object.
    objects: Vec<(String, String, String)>,
}

fn load_addons(dir: &Path) -> anyhow::Result<Vec<Addon>> {
    let rd = std::fs::read_dir(dir)
        .map_err(|e| error::precondition(format!("addons directory {}: {e}", dir.display())))?;
    let mut v = Vec::new();
    for e in rd.flatten() {
        let path = e.path();
        let Some(name) = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".json"))
        else {
            continue;
        };
        let text = std::fs::read_to_string(&path)?;
        let list: serde_json::Value = serde_json::from_str(&text)
            .map_err(|e| error::invalid(format!("{}:{}: {e}", path.display(), e.line())))?;
        let items = list
            .get("items")
            .and_then(|i| i.as_array())
            .cloned()
            .unwrap_or_default();
        let field = |o: &serde_json::Value, p: &str| {
            o.pointer(p)
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string()
        };
        let description = items
            .first()
            .map(|o| field(o, "/metadata/annotations/debvisor.io~1description"))
            .unwrap_or_default();
        let objects = items
            .iter()
            .map(|o| {
                (
                    field(o, "/kind"),
                    field(o, "/metadata/namespace"),
                    field(o, "/metadata/name"),
                )
            })
            .collect();
        v.push(Addon {
            name: name.to_string(),
            path,
            description,
            objects,
        });
    }
    v.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(v)
}

fn find_addon(dir: &Path, name: &str) -> anyhow::Result<Addon> {
    let all = load_addons(dir)?;
    let names: Vec<String> = all.iter().map(|a| a.name.clone()).collect();
    all.into_iter().find(|a| a.name == name).ok_or_else(|| {
        error::invalid(format!(
            "unknown addon `{name}` (available: {})",
            names.join(", ")
        ))
    })
}

fn addon_list(ctx: &Ctx, kubectl: &Kubectl, dir: &Path) -> anyhow::Result<i32> {
    let addons = load_addons(dir)?;
    let mut present = std::collections::BTreeSet::new();
    if !addons.is_empty() {
        // One call for every addon's objects.
        let mut args = vec![
            "get".to_string(),
            "--ignore-not-found".into(),
            "-o".into(),
            "json".into(),
        ];
        for a in &addons {
            args.push("-f".into());
            args.push(a.path.display().to_string());
        }
        let out = ctx.exec()?.run(&kubectl.cmd(args).read_only())?;
        let found: serde_json::Value = if out.stdout.trim().is_empty() {
            serde_json::json!({"items": []})
        } else {
            parse("addon objects", &out.stdout)?
        };
        // A single found object comes back bare, several as a List.
        let items = match found.get("items").and_then(|i| i.as_array()) {
            Some(items) => items.clone(),
            None => vec![found.clone()],
        };
        for o in items {
            let f = |p: &str| {
                o.pointer(p)
                    .and_then(|v| v.as_str())
                    .unwrap_or("")
                    .to_string()
            };
            present.insert((f("/kind"), f("/metadata/namespace"), f("/metadata/name")));
        }
    }
    let rows: Vec<AddonStatus> = addons
        .iter()
        .map(|a| {
            let n = a.objects.iter().filter(|o| present.contains(o)).count();
            AddonStatus {
                name: a.name.clone(),
                description: a.description.clone(),
                objects: a.objects.len(),
                present: n,
                status: if n == 0 {
                    "disabled"
                } else if n == a.objects.len() {
                    "enabled"
                } else {
                    "partial"
                },
            }
        })
        .collect();
    if ctx.json() {
        output::print_json(&rows)?;
    } else {
        let mut t = Table::new(["ADDON", "STATUS", "OBJECTS", "DESCRIPTION"]);
        for r in &rows {
            t.row([
                r.name.clone(),
                r.status.to_string(),
                format!("{}/{}", r.present, r.objects),
                r.description.clone(),
            ]);
        }
        t.print()?;
    }
    Ok(code::OK)
}

fn addon_enable(ctx: &Ctx, kubectl: &Kubectl, dir: &Path, name: &str) -> anyhow::Result<i32> {
    let addon = find_addon(dir, name)?;
    let _lock = ctx.lock("k8sctl-addon", std::time::Duration::from_secs(60))?;
    // Server-side apply: the API server validates and merges. Client-side schema validation is
    // off: it needs the OpenAPI document and adds nothing for the toolbox's own, reviewed
    // manifests (the server still rejects malformed objects).
    let cmd = kubectl
        .cmd([
            "apply",
            "--server-side",
            "--field-manager=debvisor",
            "--validate=false",
            "-f",
        ])
        .arg(&addon.path)
        .what(format!("applying addon {name}"));
    let out = ctx.exec()?.run(&cmd)?;
    if !ctx.dry_run() && !ctx.flags.quiet {
        print!("{}", out.stdout);
    }
    Ok(code::OK)
}

fn addon_disable(ctx: &Ctx, kubectl: &Kubectl, dir: &Path, name: &str) -> anyhow::Result<i32> {
    let addon = find_addon(dir, name)?;
    ctx.confirm(&format!(
        "This deletes the {} objects of addon {name} (and the data of any volume they own).",
        addon.objects.len()
    ))?;
    let _lock = ctx.lock("k8sctl-addon", std::time::Duration::from_secs(60))?;
    let cmd = kubectl
        .cmd(["delete", "--ignore-not-found", "--wait=false", "-f"])
        .arg(&addon.path)
        .what(format!("deleting addon {name}"));
    let out = ctx.exec()?.run(&cmd)?;
    if !ctx.dry_run() && !ctx.flags.quiet {
        print!("{}", out.stdout);
    }
    Ok(code::OK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_validated() {
        assert!(k8s_name("pod", "web-7c9f.x").is_ok());
        for bad in ["", "-rf", "Web", "a b", "a/b", "--all-namespaces"] {
            assert!(k8s_name("pod", bad).is_err(), "{bad}");
        }
    }
}
