//! dig batch files (`dig -f -`) and dig's `+yaml` output: one query per line in, one YAML item
//! per query out, in order. Parsing never panics; a reply that cannot be matched to its query
//! is reported, not guessed.

use super::dns::{Fqdn, RType, Server};

/// One query of a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    pub server: Server,
    pub name: Fqdn,
    pub rtype: RType,
}

/// Renders the batch file: one `@HOST -p PORT NAME TYPE` line per query. Every field is
/// validated (IP or LDH host, numeric port, LDH name, known type), so no line can carry an
/// extra option.
pub fn render_batch(queries: &[Query]) -> String {
    let mut s = String::with_capacity(queries.len() * 48);
    for q in queries {
        s.push_str(&format!(
            "@{} -p {} {} {}\n",
            q.server.host, q.server.port, q.name, q.rtype
        ));
    }
    s
}

/// A resource record as dig prints it: `NAME TTL CLASS TYPE DATA…`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rr {
    pub name: String,
    pub ttl: u32,
    pub rtype: String,
    pub data: String,
}

impl Rr {
    pub fn parse(line: &str) -> Option<Rr> {
        let mut it = line.split_ascii_whitespace();
        let name = it.next()?.to_ascii_lowercase();
        let ttl = it.next()?.parse().ok()?;
        let class = it.next()?;
        if class != "IN" {
            return None;
        }
        let rtype = it.next()?.to_string();
        let data = it.collect::<Vec<_>>().join(" ");
        Some(Rr {
            name,
            ttl,
            rtype,
            data,
        })
    }

    /// The SOA serial when this is a SOA record.
    pub fn soa_serial(&self) -> Option<u32> {
        if self.rtype != "SOA" {
            return None;
        }
        self.data.split_ascii_whitespace().nth(2)?.parse().ok()
    }

    /// For an RRSIG: the type it covers.
    pub fn rrsig_covers(&self) -> Option<&str> {
        if self.rtype != "RRSIG" {
            return None;
        }
        self.data.split_ascii_whitespace().next()
    }
}

/// The outcome of one query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reply {
    /// RCODE (`NOERROR`, `NXDOMAIN`, `REFUSED`, …); None when no reply came.
    pub status: Option<String>,
    /// dig's error text when no reply came (`no servers could be reached`, timed out).
    pub error: Option<String>,
    pub response_port: Option<u16>,
    pub question: Option<String>,
    pub answer: Vec<Rr>,
    pub authority: Vec<Rr>,
}

impl Reply {
    /// The answer records of a given type.
    pub fn answers(&self, rtype: &str) -> impl Iterator<Item = &Rr> {
        let rtype = rtype.to_string();
        self.answer.iter().filter(move |r| r.rtype == rtype)
    }

    /// The SOA (from the answer or the authority section) and its owner = the zone.
    pub fn soa(&self) -> Option<&Rr> {
        self.answer
            .iter()
            .chain(self.authority.iter())
            .find(|r| r.rtype == "SOA")
    }
}

fn unquote(v: &str) -> String {
    let v = v.trim();
    if let Some(inner) = v.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')) {
        return inner.replace("''", "'");
    }
    if let Some(inner) = v.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
        return inner.replace("\\\"", "\"");
    }
    v.to_string()
}

/// Parses dig `+yaml` output into one [`Reply`] per query, in order.
pub fn parse_yaml(out: &str) -> Vec<Reply> {
    #[derive(PartialEq)]
    enum Sec {
        None,
        Question,
        Answer,
        Authority,
        Other,
        ErrorText,
    }
    let mut replies: Vec<Reply> = Vec::new();
    let mut sec = Sec::None;
    for line in out.lines() {
        if let Some(kind) = line.strip_prefix("- type: ") {
            let mut r = Reply::default();
            if kind.trim() == "DIG_ERROR" {
                r.error = Some(String::new());
            }
            replies.push(r);
            sec = Sec::None;
            continue;
        }
        let Some(cur) = replies.last_mut() else {
            continue;
        };
        let t = line.trim_start();
        let indent = line.len() - t.len();
        if cur.error.is_some() && cur.status.is_none() {
            // `  message: |` followed by the indented error text.
            if let Some(rest) = t.strip_prefix("message:") {
                let rest = rest.trim();
                if rest != "|" && !rest.is_empty() {
                    cur.error = Some(unquote(rest));
                } else {
                    sec = Sec::ErrorText;
                }
            } else if sec == Sec::ErrorText && !t.is_empty() {
                let e = cur.error.get_or_insert_with(String::new);
                if !e.is_empty() {
                    e.push(' ');
                }
                e.push_str(t);
            }
            continue;
        }
        if let Some(item) = t.strip_prefix("- ") {
            let rr_text = unquote(item);
            match sec {
                Sec::Question => cur.question = Some(rr_text),
                Sec::Answer => cur.answer.extend(Rr::parse(&rr_text)),
                Sec::Authority => cur.authority.extend(Rr::parse(&rr_text)),
                _ => {}
            }
            continue;
        }
        if let Some((k, v)) = t.split_once(':') {
            let v = v.trim();
            match k {
                "status" if indent >= 4 => cur.status = Some(v.to_string()),
                "response_port" => cur.response_port = v.parse().ok(),
                "QUESTION_SECTION" => sec = Sec::Question,
                "ANSWER_SECTION" => sec = Sec::Answer,
                "AUTHORITY_SECTION" => sec = Sec::Authority,
                "ADDITIONAL_SECTION" | "OPT_PSEUDOSECTION" | "response_message_data" => {
                    sec = Sec::Other
                }
                _ => {}
            }
        }
    }
    replies
}

/// Pairs queries with replies; errs when the counts or the questions do not line up.
pub fn pair(queries: &[Query], replies: Vec<Reply>) -> Result<Vec<(&Query, Reply)>, String> {
    if replies.len() != queries.len() {
        return Err(format!(
            "dig returned {} replies for {} queries",
            replies.len(),
            queries.len()
        ));
    }
    let mut out = Vec::with_capacity(queries.len());
    for (q, r) in queries.iter().zip(replies) {
        if let Some(qs) = &r.question {
            let mut f = qs.split_ascii_whitespace();
            let name = f.next().unwrap_or("").to_ascii_lowercase();
            let rtype = f.nth(1).unwrap_or("");
            if name != q.name.as_str() || rtype != q.rtype.as_str() {
                return Err(format!(
                    "dig reply for `{qs}` does not match query {} {}",
                    q.name, q.rtype
                ));
            }
        }
        if let (Some(p), true) = (r.response_port, r.status.is_some()) {
            if p != q.server.port {
                return Err(format!(
                    "dig reply from port {p} does not match server {}",
                    q.server
                ));
            }
        }
        out.push((q, r));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::dns::{parse_any_name, parse_server};

    const SAMPLE: &str = r#"- type: MESSAGE
  message:
    type: AUTH_RESPONSE
    response_address: "127.0.0.1"
    response_port: 21712
    response_message_data:
      opcode: QUERY
      status: NOERROR
      id: 38912
      QUESTION_SECTION:
        - 'vm1.debvisor.local. IN A'
      ANSWER_SECTION:
        - 'vm1.debvisor.local. 300 IN A 10.10.20.7'
        - 'vm1.debvisor.local. 300 IN RRSIG A 13 3 300 20261206000342 20261122065442 42236 debvisor.local. Bnh3cx F9Xz=='
      AUTHORITY_SECTION:
        - 'debvisor.local. 300 IN NS ns1.debvisor.local.'
- type: DIG_ERROR
  message: |
    no servers could be reached
- type: MESSAGE
  message:
    response_port: 21712
    response_message_data:
      status: NXDOMAIN
      QUESTION_SECTION:
        - '9.20.10.10.in-addr.arpa. IN SOA'
      AUTHORITY_SECTION:
        - '20.10.10.in-addr.arpa. 0 IN SOA ns1.debvisor.local. hostmaster.debvisor.local. 2 60 30 86400 60'
"#;

    #[test]
    fn parses_replies_errors_and_soa() {
        let r = parse_yaml(SAMPLE);
        assert_eq!(r.len(), 3);
        assert_eq!(r[0].status.as_deref(), Some("NOERROR"));
        assert_eq!(r[0].answers("A").next().unwrap().data, "10.10.20.7");
        assert_eq!(
            r[0].answers("RRSIG").next().unwrap().rrsig_covers(),
            Some("A")
        );
        assert_eq!(r[1].status, None);
        assert_eq!(r[1].error.as_deref(), Some("no servers could be reached"));
        let soa = r[2].soa().unwrap();
        assert_eq!(soa.name, "20.10.10.in-addr.arpa.");
        assert_eq!(soa.soa_serial(), Some(2));

        let s = |p: &str| parse_server(p).unwrap();
        let q = vec![
            Query {
                server: s("127.0.0.1:21712"),
                name: parse_any_name("vm1.debvisor.local").unwrap(),
                rtype: RType::A,
            },
            Query {
                server: s("127.0.0.1:1"),
                name: parse_any_name("vm1.debvisor.local").unwrap(),
                rtype: RType::A,
            },
            Query {
                server: s("127.0.0.1:21712"),
                name: parse_any_name("9.20.10.10.in-addr.arpa").unwrap(),
                rtype: RType::SOA,
            },
        ];
        assert!(pair(&q, r.clone()).is_ok());
        assert!(pair(&q[..2], r.clone()).is_err());
        let mut swapped = q.clone();
        swapped.swap(0, 2);
        assert!(pair(&swapped, r).is_err());
        assert_eq!(
            render_batch(&q[..1]),
            "@127.0.0.1 -p 21712 vm1.debvisor.local. A\n"
        );
    }

    proptest::proptest! {
        #[test]
        fn parser_never_panics(s in "\\PC{0,400}") {
            let _ = parse_yaml(&s);
            let _ = Rr::parse(&s);
        }
        #[test]
        fn parser_never_panics_on_yaml_like(lines in proptest::collection::vec(
            proptest::prop_oneof![
                proptest::strategy::Just("- type: MESSAGE".to_string()),
                proptest::strategy::Just("- type: DIG_ERROR".to_string()),
                proptest::strategy::Just("      ANSWER_SECTION:".to_string()),
                proptest::strategy::Just("  message: |".to_string()),
                "\\PC{0,60}",
                "        - '[a-z. 0-9]{0,40}'",
            ], 0..40)) {
            let _ = parse_yaml(&lines.join("\n"));
        }
    }
}
