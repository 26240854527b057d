//! The blocklist's live table read over netlink (rule, set and element dumps): a read, not a
//! spawn, and the way to read a large table (see `model::nft_netlink` for why not `nft -j`).
//! Memory: the elements are folded into interval lists as each reply buffer arrives; nothing
//! holds more than one buffer of the kernel's output.

use std::os::fd::{AsRawFd, OwnedFd};
use std::time::Duration;

use nix::sys::socket::{
    bind, recv, send, setsockopt, socket, sockopt, AddressFamily, MsgFlags, NetlinkAddr, SockFlag,
    SockProtocol, SockType,
};
use nix::sys::time::TimeVal;

use crate::model::cidr_nft::{parse_set_name, CHAIN_FORWARD, CHAIN_INPUT};
use crate::model::cidr_set::{IntervalSet, Sets};
use crate::model::nft_netlink::{self as wire, Reply, ELEM_INTERVAL_END, SET_INTERVAL};
use crate::tools::nft::TableInfo;

/// How long one reply may take: a dump of a million elements streams in well under a second;
/// a kernel that stops answering is an error, not a hang.
const REPLY_TIMEOUT: Duration = Duration::from_secs(30);

/// Large enough for any single netlink message of a dump (the kernel fills up to ~32 KiB).
const BUF_SIZE: usize = 256 * 1024;

struct Socket {
    fd: OwnedFd,
    seq: u32,
    buf: Vec<u8>,
}

impl Socket {
    fn open() -> anyhow::Result<Socket> {
        let fd = socket(
            AddressFamily::Netlink,
            SockType::Raw,
            SockFlag::SOCK_CLOEXEC,
            SockProtocol::NetlinkNetFilter,
        )
        .map_err(|e| anyhow::anyhow!("netlink socket (NETLINK_NETFILTER): {e}"))?;
        bind(fd.as_raw_fd(), &NetlinkAddr::new(0, 0))
            .map_err(|e| anyhow::anyhow!("netlink bind: {e}"))?;
        let tv = TimeVal::new(REPLY_TIMEOUT.as_secs() as i64, 0);
        setsockopt(&fd, sockopt::ReceiveTimeout, &tv)
            .map_err(|e| anyhow::anyhow!("netlink receive timeout: {e}"))?;
        Ok(Socket {
            fd,
            seq: 1,
            buf: vec![0; BUF_SIZE],
        })
    }

    /// Sends a dump request and hands each data message to `each`. Err(errno) for a kernel
    /// error reply (e.g. ENOENT: no such table or set).
    fn dump(
        &mut self,
        what: &str,
        request: impl Fn(u32) -> Vec<u8>,
        mut each: impl FnMut(&[u8]) -> anyhow::Result<()>,
    ) -> anyhow::Result<Result<(), i32>> {
        self.seq = self.seq.wrapping_add(1);
        let seq = self.seq;
        send(self.fd.as_raw_fd(), &request(seq), MsgFlags::empty())
            .map_err(|e| anyhow::anyhow!("netlink {what} dump request: {e}"))?;
        loop {
            let n = recv(self.fd.as_raw_fd(), &mut self.buf, MsgFlags::empty()).map_err(|e| {
                anyhow::anyhow!(
                    "netlink {what} dump: {}",
                    if e == nix::errno::Errno::EAGAIN {
                        format!("no reply within {} s", REPLY_TIMEOUT.as_secs())
                    } else {
                        e.to_string()
                    }
                )
            })?;
            for r in wire::replies(&self.buf[..n], seq)
                .map_err(|e| anyhow::anyhow!("netlink {what} dump: {e}"))?
            {
                match r {
                    Reply::Data(d) => each(d)?,
                    Reply::Done => return Ok(Ok(())),
                    Reply::Error(0) => {}
                    Reply::Error(errno) => return Ok(Err(errno)),
                }
            }
        }
    }
}

/// The blocklist table `table` (family inet) as the kernel holds it: None when it does not
/// exist; else the union of the sets its chains reference (a set no rule references blocks
/// nothing: a staged load's sets, or what an interrupted one left, do not count), each
/// per-prefix-length set's elements read as their networks, and the table's sets.
pub fn read_table(table: &str) -> anyhow::Result<Option<(Sets, TableInfo)>> {
    let mut sock = Socket::open()?;
    let mut info = TableInfo::default();
    // The set dump first: a table that does not exist answers ENOENT (a rule dump filtered by
    // a missing table is just empty).
    let mut sets = Vec::new();
    let listed = sock.dump(
        "set",
        |seq| wire::sets_request(table, seq),
        |m| {
            sets.push(wire::set_info(m)?);
            Ok(())
        },
    )?;
    if listed == Err(libc_enoent()) {
        return Ok(None);
    }
    listed.map_err(|e| errno_error("set", e))?;
    let rules = sock.dump(
        "rule",
        |seq| wire::rules_request(table, seq),
        |m| {
            let (chain, sets) = wire::rule_lookups(m)?;
            if chain == CHAIN_INPUT || chain == CHAIN_FORWARD {
                info.referenced.extend(sets);
            }
            Ok(())
        },
    )?;
    if rules == Err(libc_enoent()) {
        return Ok(None);
    }
    rules.map_err(|e| errno_error("rule", e))?;
    info.sets = sets.iter().map(|s| s.name.clone()).collect();
    let (mut v4, mut v6) = (Vec::new(), Vec::new());
    for set in sets.iter().filter(|s| info.referenced.contains(&s.name)) {
        read_set(&mut sock, table, set, &mut v4, &mut v6)?;
    }
    Ok(Some((
        Sets {
            v4: IntervalSet::from_intervals(v4),
            v6: IntervalSet::from_intervals(v6),
        },
        info,
    )))
}

fn libc_enoent() -> i32 {
    nix::errno::Errno::ENOENT as i32
}

fn errno_error(what: &str, errno: i32) -> anyhow::Error {
    anyhow::anyhow!(
        "netlink {what} dump: {}",
        nix::errno::Errno::from_raw(errno).desc()
    )
}

/// One set's elements, appended as intervals. A per-prefix-length set's elements are networks
/// of its length; an interval set (the layout of old versions) pairs each start with the end
/// element that follows it.
fn read_set(
    sock: &mut Socket,
    table: &str,
    set: &wire::SetInfo,
    v4: &mut Vec<(u32, u32)>,
    v6: &mut Vec<(u128, u128)>,
) -> anyhow::Result<()> {
    let len = parse_set_name(&set.name).map(|(_, _, l)| l);
    let interval = set.flags & SET_INTERVAL != 0;
    let mut marks: Vec<(u128, bool)> = Vec::new();
    let what = format!("element (set {})", set.name);
    sock.dump(
        &what,
        |seq| wire::elements_request(table, &set.name, seq),
        |m| {
            let mut fault = None;
            wire::elements(m, |key, flags| {
                let value = match (set.key_len, key.len()) {
                    (4, 4) => u32::from_be_bytes([key[0], key[1], key[2], key[3]]) as u128,
                    (16, 16) => u128::from_be_bytes(key.try_into().unwrap_or_default()),
                    _ => {
                        fault = Some("an element key of an unexpected length");
                        return;
                    }
                };
                if interval {
                    marks.push((value, flags & ELEM_INTERVAL_END != 0));
                    return;
                }
                let bits = if set.key_len == 4 { 32 } else { 128 };
                let span = match len {
                    Some(l) if l < bits => (bits - l) as u32,
                    _ => 0,
                };
                let last = value | 1u128.checked_shl(span).map_or(u128::MAX, |x| x - 1);
                if set.key_len == 4 {
                    v4.push((value as u32, last as u32));
                } else {
                    v6.push((value, last));
                }
            })?;
            match fault {
                Some(f) => anyhow::bail!("netlink {what} dump: {f}"),
                None => Ok(()),
            }
        },
    )?
    .map_err(|e| errno_error(&what, e))?;
    if interval {
        // Starts and ends sorted by address: a start runs to the next end (exclusive), or to
        // the end of the address space.
        marks.sort_unstable();
        let max = if set.key_len == 4 {
            u32::MAX as u128
        } else {
            u128::MAX
        };
        let mut open: Option<u128> = None;
        let mut push = |a: u128, b: u128| {
            if set.key_len == 4 {
                v4.push((a as u32, b as u32));
            } else {
                v6.push((a, b));
            }
        };
        for (addr, end) in marks {
            match (open, end) {
                (None, false) => open = Some(addr),
                (Some(a), true) if addr > a => {
                    push(a, addr - 1);
                    open = None;
                }
                _ => {}
            }
        }
        if let Some(a) = open {
            push(a, max);
        }
    }
    Ok(())
}
