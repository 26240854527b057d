//! nf_tables over netlink, the part without I/O: the dump requests the blocklist reads its live
//! table with, and a parser of the kernel's replies that never panics (fuzzed below).
//!
//! Why not `nft -j list table`: nft 1.0.6 fetches every element of every set for any listing
//! (24 s and 580 MB for 900k elements), and builds its JSON in memory on top. A dump of the
//! same sets over netlink streams ~40 bytes per element that are folded into intervals as they
//! arrive (`tools::nft_netlink`).
//!
//! Wire format (linux/netlink.h, linux/netfilter/nfnetlink.h, nf_tables.h): a message is a
//! 16-byte `nlmsghdr` (length, type, flags, sequence, port; host byte order), a 4-byte
//! `nfgenmsg` (family, version, resource id), then attributes: 2-byte length, 2-byte type (the
//! top two bits are flags), the payload, padding to 4 bytes. Integers inside nf_tables
//! attributes are big-endian.

/// `NETLINK_NETFILTER`, the protocol of the socket.
pub const NETLINK_NETFILTER: i32 = 12;
const NFNL_SUBSYS_NFTABLES: u16 = 10;
pub const MSG_GETRULE: u8 = 7;
pub const MSG_GETSET: u8 = 10;
pub const MSG_GETSETELEM: u8 = 13;
const NLM_F_REQUEST: u16 = 0x1;
const NLM_F_DUMP: u16 = 0x300;
const NLMSG_NOOP: u16 = 1;
const NLMSG_ERROR: u16 = 2;
const NLMSG_DONE: u16 = 3;
const NFPROTO_INET: u8 = 1;
const NLA_TYPE_MASK: u16 = 0x3fff;

/// Attribute numbers (nf_tables.h).
mod attr {
    pub const RULE_TABLE: u16 = 1;
    pub const RULE_CHAIN: u16 = 2;
    pub const RULE_EXPRESSIONS: u16 = 4;
    pub const LIST_ELEM: u16 = 1;
    pub const EXPR_NAME: u16 = 1;
    pub const EXPR_DATA: u16 = 2;
    pub const LOOKUP_SET: u16 = 1;
    pub const SET_TABLE: u16 = 1;
    pub const SET_NAME: u16 = 2;
    pub const SET_FLAGS: u16 = 3;
    pub const SET_KEY_LEN: u16 = 5;
    pub const ELEM_LIST_TABLE: u16 = 1;
    pub const ELEM_LIST_SET: u16 = 2;
    pub const ELEM_LIST_ELEMENTS: u16 = 3;
    pub const ELEM_KEY: u16 = 1;
    pub const ELEM_FLAGS: u16 = 3;
    pub const ELEM_KEY_END: u16 = 10;
    pub const DATA_VALUE: u16 = 1;
}

/// `NFT_SET_INTERVAL`: the set holds ranges (start elements and interval-end elements).
pub const SET_INTERVAL: u32 = 0x4;
/// `NFT_SET_ELEM_INTERVAL_END`: this element is the first address past a range.
pub const ELEM_INTERVAL_END: u32 = 0x1;

/// A malformed reply (the caller says which dump it was).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("malformed netlink reply: {0}")]
pub struct Malformed(pub &'static str);

/// A dump request of message `msg` for table `table` (family inet), with `extra` string
/// attributes after the table's (e.g. the set name of an element dump).
pub fn dump_request(
    msg: u8,
    seq: u32,
    table_attr: u16,
    table: &str,
    extra: &[(u16, &str)],
) -> Vec<u8> {
    let mut out = vec![0u8; 16];
    out.extend_from_slice(&[NFPROTO_INET, 0, 0, 0]);
    for (kind, value) in std::iter::once((table_attr, table)).chain(extra.iter().copied()) {
        let len = 4 + value.len() + 1;
        out.extend_from_slice(&(len as u16).to_ne_bytes());
        out.extend_from_slice(&kind.to_ne_bytes());
        out.extend_from_slice(value.as_bytes());
        out.push(0);
        while out.len() & 3 != 0 {
            out.push(0);
        }
    }
    let len = out.len() as u32;
    out[0..4].copy_from_slice(&len.to_ne_bytes());
    out[4..6].copy_from_slice(&(NFNL_SUBSYS_NFTABLES << 8 | msg as u16).to_ne_bytes());
    out[6..8].copy_from_slice(&(NLM_F_REQUEST | NLM_F_DUMP).to_ne_bytes());
    out[8..12].copy_from_slice(&seq.to_ne_bytes());
    out
}

pub fn rules_request(table: &str, seq: u32) -> Vec<u8> {
    dump_request(MSG_GETRULE, seq, attr::RULE_TABLE, table, &[])
}

pub fn sets_request(table: &str, seq: u32) -> Vec<u8> {
    dump_request(MSG_GETSET, seq, attr::SET_TABLE, table, &[])
}

pub fn elements_request(table: &str, set: &str, seq: u32) -> Vec<u8> {
    dump_request(
        MSG_GETSETELEM,
        seq,
        attr::ELEM_LIST_TABLE,
        table,
        &[(attr::ELEM_LIST_SET, set)],
    )
}

/// One message of a reply buffer.
#[derive(Debug, PartialEq, Eq)]
pub enum Reply<'a> {
    /// A data message: its attributes (after the nfgenmsg header).
    Data(&'a [u8]),
    /// The end of the dump.
    Done,
    /// An error reply: the errno (positive; 0 is an acknowledgement).
    Error(i32),
}

/// The messages of one `recv` buffer, for sequence number `seq` (others are skipped).
pub fn replies(mut buf: &[u8], seq: u32) -> Result<Vec<Reply<'_>>, Malformed> {
    let mut out = Vec::new();
    while buf.len() >= 16 {
        let len = u32::from_ne_bytes(buf[0..4].try_into().unwrap_or_default()) as usize;
        if len < 16 || len > buf.len() {
            return Err(Malformed("message length"));
        }
        let kind = u16::from_ne_bytes([buf[4], buf[5]]);
        let mseq = u32::from_ne_bytes(buf[8..12].try_into().unwrap_or_default());
        let body = &buf[16..len];
        if mseq == seq {
            match kind {
                NLMSG_NOOP => {}
                NLMSG_DONE => out.push(Reply::Done),
                NLMSG_ERROR => {
                    let errno = body
                        .get(0..4)
                        .map(|b| i32::from_ne_bytes(b.try_into().unwrap_or_default()))
                        .ok_or(Malformed("error message"))?;
                    out.push(Reply::Error(errno.saturating_neg()));
                }
                _ => out.push(Reply::Data(body.get(4..).ok_or(Malformed("nfgenmsg"))?)),
            }
        }
        let next = (len + 3) & !3;
        buf = buf.get(next..).unwrap_or(&[]);
    }
    Ok(out)
}

/// The attributes in `buf`: (type without flags, payload).
pub fn attrs(mut buf: &[u8]) -> Result<Vec<(u16, &[u8])>, Malformed> {
    let mut out = Vec::new();
    while buf.len() >= 4 {
        let len = u16::from_ne_bytes([buf[0], buf[1]]) as usize;
        let kind = u16::from_ne_bytes([buf[2], buf[3]]) & NLA_TYPE_MASK;
        if len < 4 || len > buf.len() {
            return Err(Malformed("attribute length"));
        }
        out.push((kind, &buf[4..len]));
        buf = buf.get((len + 3) & !3..).unwrap_or(&[]);
    }
    Ok(out)
}

fn find<'a>(a: &[(u16, &'a [u8])], kind: u16) -> Option<&'a [u8]> {
    a.iter().find(|(k, _)| *k == kind).map(|(_, v)| *v)
}

fn string(v: &[u8]) -> String {
    let end = v.iter().position(|&b| b == 0).unwrap_or(v.len());
    String::from_utf8_lossy(&v[..end]).into_owned()
}

fn be32(v: &[u8]) -> Result<u32, Malformed> {
    Ok(u32::from_be_bytes(
        v.get(0..4)
            .ok_or(Malformed("32-bit attribute"))?
            .try_into()
            .map_err(|_| Malformed("32-bit attribute"))?,
    ))
}

/// A rule of a rule dump: its chain and the sets its `lookup` expressions name.
pub fn rule_lookups(msg: &[u8]) -> Result<(String, Vec<String>), Malformed> {
    let a = attrs(msg)?;
    let chain = find(&a, attr::RULE_CHAIN).map(string).unwrap_or_default();
    let mut sets = Vec::new();
    if let Some(exprs) = find(&a, attr::RULE_EXPRESSIONS) {
        for (kind, e) in attrs(exprs)? {
            if kind != attr::LIST_ELEM {
                continue;
            }
            let e = attrs(e)?;
            if find(&e, attr::EXPR_NAME).map(string).as_deref() != Some("lookup") {
                continue;
            }
            if let Some(data) = find(&e, attr::EXPR_DATA) {
                if let Some(set) = find(&attrs(data)?, attr::LOOKUP_SET) {
                    sets.push(string(set));
                }
            }
        }
    }
    Ok((chain, sets))
}

/// A set of a set dump.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetInfo {
    pub name: String,
    pub flags: u32,
    pub key_len: u32,
}

pub fn set_info(msg: &[u8]) -> Result<SetInfo, Malformed> {
    let a = attrs(msg)?;
    Ok(SetInfo {
        name: find(&a, attr::SET_NAME)
            .map(string)
            .ok_or(Malformed("set without a name"))?,
        flags: find(&a, attr::SET_FLAGS)
            .map(be32)
            .transpose()?
            .unwrap_or(0),
        key_len: find(&a, attr::SET_KEY_LEN)
            .map(be32)
            .transpose()?
            .ok_or(Malformed("set without a key length"))?,
    })
}

/// The elements of one message of an element dump: `each(key, flags)` per element. A
/// concatenated-range element (a key end) is refused: no set of the blocklist has one.
pub fn elements(msg: &[u8], mut each: impl FnMut(&[u8], u32)) -> Result<(), Malformed> {
    let a = attrs(msg)?;
    let Some(list) = find(&a, attr::ELEM_LIST_ELEMENTS) else {
        return Ok(());
    };
    for (kind, e) in attrs(list)? {
        if kind != attr::LIST_ELEM {
            continue;
        }
        let e = attrs(e)?;
        if find(&e, attr::ELEM_KEY_END).is_some() {
            return Err(Malformed("element with a key end (concatenated range)"));
        }
        let flags = find(&e, attr::ELEM_FLAGS)
            .map(be32)
            .transpose()?
            .unwrap_or(0);
        let key = find(&e, attr::ELEM_KEY).ok_or(Malformed("element without a key"))?;
        let value = find(&attrs(key)?, attr::DATA_VALUE).ok_or(Malformed("key without a value"))?;
        each(value, flags);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn nla(kind: u16, payload: &[u8]) -> Vec<u8> {
        let mut v = ((4 + payload.len()) as u16).to_ne_bytes().to_vec();
        v.extend_from_slice(&kind.to_ne_bytes());
        v.extend_from_slice(payload);
        while v.len() & 3 != 0 {
            v.push(0);
        }
        v
    }
    fn nested(kind: u16, parts: &[Vec<u8>]) -> Vec<u8> {
        nla(kind | 0x8000, &parts.concat())
    }
    fn msg(kind: u16, seq: u32, attrs: &[u8]) -> Vec<u8> {
        let mut v = vec![0u8; 16];
        v.extend_from_slice(&[NFPROTO_INET, 0, 0, 0]);
        v.extend_from_slice(attrs);
        let len = v.len() as u32;
        v[0..4].copy_from_slice(&len.to_ne_bytes());
        v[4..6].copy_from_slice(&kind.to_ne_bytes());
        v[8..12].copy_from_slice(&seq.to_ne_bytes());
        v
    }

    #[test]
    fn requests_are_well_formed_dumps() {
        let r = elements_request("debvisor_blocklist", "blocked_ips", 7);
        assert_eq!(r.len() % 4, 0);
        assert_eq!(
            u32::from_ne_bytes(r[0..4].try_into().unwrap()) as usize,
            r.len()
        );
        assert_eq!(u16::from_ne_bytes([r[4], r[5]]), 10 << 8 | 13);
        assert_eq!(u16::from_ne_bytes([r[6], r[7]]), 0x301);
        assert_eq!(u32::from_ne_bytes(r[8..12].try_into().unwrap()), 7);
        let a = attrs(&r[20..]).unwrap();
        assert_eq!(a[0], (1, &b"debvisor_blocklist\0"[..]));
        assert_eq!(a[1], (2, &b"blocked_ips\0"[..]));
    }

    #[test]
    fn parses_rules_sets_and_elements() {
        let lookup = nested(
            1,
            &[
                nla(1, b"lookup\0"),
                nested(
                    2,
                    &[nla(1, b"blocked_nets_24\0"), nla(2, &1u32.to_be_bytes())],
                ),
            ],
        );
        let payload = nested(1, &[nla(1, b"payload\0")]);
        let rule = [
            nla(1, b"debvisor_blocklist\0"),
            nla(2, b"debvisor_blocklist_input\0"),
            nested(4, &[payload, lookup]),
        ]
        .concat();
        let buf = [msg(10 << 8 | 6, 3, &rule), msg(NLMSG_DONE, 3, &[0; 4])].concat();
        let r = replies(&buf, 3).unwrap();
        assert_eq!(r.len(), 2);
        let Reply::Data(d) = r[0] else { panic!() };
        assert_eq!(
            rule_lookups(d).unwrap(),
            (
                "debvisor_blocklist_input".into(),
                vec!["blocked_nets_24".into()]
            )
        );
        assert_eq!(r[1], Reply::Done);

        let set = [
            nla(2, b"blocked_ips\0"),
            nla(3, &4u32.to_be_bytes()),
            nla(5, &4u32.to_be_bytes()),
        ]
        .concat();
        assert_eq!(
            set_info(&set).unwrap(),
            SetInfo {
                name: "blocked_ips".into(),
                flags: SET_INTERVAL,
                key_len: 4
            }
        );

        let el = |a: [u8; 4], flags: Option<u32>| {
            let mut parts = vec![nested(1, &[nla(1, &a)])];
            if let Some(f) = flags {
                parts.push(nla(3, &f.to_be_bytes()));
            }
            nested(1, &parts)
        };
        let elems = [
            nla(1, b"debvisor_blocklist\0"),
            nla(2, b"blocked_ips\0"),
            nested(3, &[el([10, 0, 0, 1], None), el([10, 0, 0, 9], Some(1))]),
        ]
        .concat();
        let mut got = Vec::new();
        elements(&elems, |k, f| got.push((k.to_vec(), f))).unwrap();
        assert_eq!(got, vec![(vec![10, 0, 0, 1], 0), (vec![10, 0, 0, 9], 1)]);

        // Replies of another sequence number are not ours; errors carry the errno; a
        // truncated message is malformed.
        let buf = msg(10 << 8 | 6, 9, &rule);
        assert_eq!(replies(&buf, 3).unwrap(), vec![]);
        let mut err = vec![0u8; 16];
        err.extend_from_slice(&(-2i32).to_ne_bytes());
        err[0..4].copy_from_slice(&20u32.to_ne_bytes());
        err[4..6].copy_from_slice(&NLMSG_ERROR.to_ne_bytes());
        err[8..12].copy_from_slice(&3u32.to_ne_bytes());
        assert_eq!(replies(&err, 3).unwrap(), vec![Reply::Error(2)]);
        assert!(replies(&buf[..buf.len() - 3], 3).is_err());
    }

    proptest! {
        #[test]
        fn parsers_never_panic(buf in proptest::collection::vec(any::<u8>(), 0..512), seq in 0u32..4) {
            if let Ok(r) = replies(&buf, seq) {
                for m in r {
                    if let Reply::Data(d) = m {
                        let _ = rule_lookups(d);
                        let _ = set_info(d);
                        let _ = elements(d, |_, _| {});
                    }
                }
            }
            let _ = rule_lookups(&buf);
            let _ = set_info(&buf);
            let _ = elements(&buf, |_, _| {});
        }
    }
}
