//! The few facts the libvirt hook needs from a domain XML document (name, UUID, NICs and their
//! MAC addresses), read by a small, strict, bounded tokenizer.
//!
//! Why not an XML crate: we read three element paths from a document libvirt itself generated;
//! a tokenizer of ~150 lines that never allocates more than the input, has no entity expansion
//! (so no billion-laughs), a depth limit, and is fuzzed below is smaller than the dependency.
//! Anything it does not understand is an error, never a panic and never a guess.

/// Input larger than this is refused (libvirt domain XML is a few KiB).
pub const MAX_XML_BYTES: usize = 4 << 20;
const MAX_DEPTH: usize = 64;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DomainInfo {
    pub name: Option<String>,
    pub uuid: Option<String>,
    pub interfaces: Vec<Interface>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Interface {
    /// `<interface type='…'>`: network, bridge, user, direct, …
    pub kind: String,
    /// Normalized lower-case `aa:bb:cc:dd:ee:ff`, if the XML has a valid one.
    pub mac: Option<String>,
}

impl DomainInfo {
    /// The valid MAC addresses of all interfaces, in document order, without duplicates.
    pub fn macs(&self) -> Vec<String> {
        let mut v: Vec<String> = Vec::new();
        for m in self.interfaces.iter().filter_map(|i| i.mac.clone()) {
            if !v.contains(&m) {
                v.push(m);
            }
        }
        v
    }
}

/// Parses a domain XML document. Errors describe the first problem found.
pub fn parse(xml: &str) -> Result<DomainInfo, String> {
    if xml.len() > MAX_XML_BYTES {
        return Err(format!("domain XML larger than {MAX_XML_BYTES} bytes"));
    }
    let mut info = DomainInfo::default();
    let mut stack: Vec<&str> = Vec::new();
    let mut text = String::new();
    let mut saw_root = false;
    let mut rest = xml;

    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            collect_text(&stack, rest, &mut text)?;
            break;
        };
        if lt > 0 {
            collect_text(&stack, &rest[..lt], &mut text)?;
        }
        rest = &rest[lt..];
        if let Some(r) = rest.strip_prefix("<!--") {
            let end = r.find("-->").ok_or("unterminated comment")?;
            rest = &r[end + 3..];
        } else if let Some(r) = rest.strip_prefix("<![CDATA[") {
            let end = r.find("]]>").ok_or("unterminated CDATA section")?;
            if in_text_element(&stack) {
                text.push_str(&r[..end]);
            }
            rest = &r[end + 3..];
        } else if let Some(r) = rest.strip_prefix("<?") {
            let end = r.find("?>").ok_or("unterminated processing instruction")?;
            rest = &r[end + 2..];
        } else if rest.starts_with("<!") {
            return Err("DOCTYPE declarations are not accepted".into());
        } else if let Some(r) = rest.strip_prefix("</") {
            let end = r.find('>').ok_or("unterminated end tag")?;
            let name = r[..end].trim();
            match stack.pop() {
                Some(open) if open == name => {}
                Some(open) => return Err(format!("end tag </{name}> does not close <{open}>")),
                None => return Err(format!("unexpected end tag </{name}>")),
            }
            if stack.len() == 1 {
                let t = text.trim().to_string();
                match name {
                    "name" if info.name.is_none() => info.name = Some(t),
                    "uuid" if info.uuid.is_none() => info.uuid = Some(t),
                    _ => {}
                }
            }
            text.clear();
            rest = &r[end + 1..];
        } else {
            let (tag, after) = start_tag(&rest[1..])?;
            rest = after;
            if stack.is_empty() {
                if saw_root {
                    return Err("more than one root element".into());
                }
                if tag.name != "domain" {
                    return Err(format!("root element is <{}>, not <domain>", tag.name));
                }
                saw_root = true;
            }
            let path_len = stack.len();
            if path_len == 2 && stack[1] == "devices" && tag.name == "interface" {
                info.interfaces.push(Interface {
                    kind: tag.attr("type").unwrap_or_default(),
                    mac: None,
                });
            }
            if path_len == 3
                && stack[1] == "devices"
                && stack[2] == "interface"
                && tag.name == "mac"
            {
                if let (Some(iface), Some(a)) = (info.interfaces.last_mut(), tag.attr("address")) {
                    if iface.mac.is_none() {
                        iface.mac = normalize_mac(&a);
                    }
                }
            }
            if !tag.self_closing {
                if stack.len() >= MAX_DEPTH {
                    return Err("elements nested too deeply".into());
                }
                stack.push(tag.name);
                text.clear();
            }
        }
    }
    if !saw_root {
        return Err("no <domain> element".into());
    }
    if let Some(open) = stack.last() {
        return Err(format!("unclosed element <{open}>"));
    }
    Ok(info)
}

/// Text is only kept for `<domain><name>` and `<domain><uuid>`.
fn in_text_element(stack: &[&str]) -> bool {
    stack.len() == 2 && matches!(stack[1], "name" | "uuid")
}

fn collect_text(stack: &[&str], raw: &str, text: &mut String) -> Result<(), String> {
    if in_text_element(stack) {
        text.push_str(&decode_entities(raw)?);
    } else if stack.is_empty() && !raw.trim().is_empty() {
        return Err("text outside the root element".into());
    }
    Ok(())
}

struct StartTag<'a> {
    name: &'a str,
    attrs: Vec<(&'a str, &'a str)>,
    self_closing: bool,
}

impl StartTag<'_> {
    fn attr(&self, k: &str) -> Option<String> {
        self.attrs
            .iter()
            .find(|(n, _)| *n == k)
            .and_then(|(_, v)| decode_entities(v).ok())
    }
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ':')
}

/// Parses `name attr='v' attr2="w">` or `… />` (the leading `<` already consumed).
fn start_tag(s: &str) -> Result<(StartTag<'_>, &str), String> {
    let end_name = s.find(|c: char| !is_name_char(c)).unwrap_or(s.len());
    let name = &s[..end_name];
    if name.is_empty() {
        return Err("malformed start tag".into());
    }
    let mut rest = &s[end_name..];
    let mut attrs = Vec::new();
    loop {
        rest = rest.trim_start();
        if let Some(r) = rest.strip_prefix("/>") {
            return Ok((
                StartTag {
                    name,
                    attrs,
                    self_closing: true,
                },
                r,
            ));
        }
        if let Some(r) = rest.strip_prefix('>') {
            return Ok((
                StartTag {
                    name,
                    attrs,
                    self_closing: false,
                },
                r,
            ));
        }
        let end = rest.find(|c: char| !is_name_char(c)).unwrap_or(rest.len());
        if end == 0 {
            return Err(format!("malformed attribute in <{name}>"));
        }
        let key = &rest[..end];
        rest = rest[end..].trim_start();
        rest = rest
            .strip_prefix('=')
            .ok_or_else(|| format!("attribute `{key}` in <{name}> has no value"))?
            .trim_start();
        let quote = rest
            .chars()
            .next()
            .filter(|c| *c == '\'' || *c == '"')
            .ok_or_else(|| format!("attribute `{key}` in <{name}> is not quoted"))?;
        rest = &rest[1..];
        let close = rest
            .find(quote)
            .ok_or_else(|| format!("unterminated attribute `{key}` in <{name}>"))?;
        let value = &rest[..close];
        if value.contains('<') {
            return Err(format!("`<` in attribute `{key}` of <{name}>"));
        }
        attrs.push((key, value));
        rest = &rest[close + 1..];
    }
}

/// The five predefined entities and numeric character references; anything else is an error.
pub fn decode_entities(s: &str) -> Result<String, String> {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let r = &rest[amp + 1..];
        let semi = r
            .find(';')
            .filter(|i| *i <= 10)
            .ok_or("unterminated entity reference")?;
        let ent = &r[..semi];
        let c = match ent {
            "lt" => '<',
            "gt" => '>',
            "amp" => '&',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let n = if let Some(h) = ent.strip_prefix("#x").or_else(|| ent.strip_prefix("#X")) {
                    u32::from_str_radix(h, 16).ok()
                } else if let Some(d) = ent.strip_prefix('#') {
                    d.parse().ok()
                } else {
                    None
                };
                n.and_then(char::from_u32)
                    .ok_or_else(|| format!("unknown entity `&{ent};`"))?
            }
        };
        out.push(c);
        rest = &r[semi + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// `52:54:00:AB:cd:0f` → `52:54:00:ab:cd:0f`; anything else → None.
pub fn normalize_mac(s: &str) -> Option<String> {
    let parts: Vec<&str> = s.trim().split(':').collect();
    if parts.len() != 6
        || parts
            .iter()
            .any(|p| p.len() != 2 || !p.chars().all(|c| c.is_ascii_hexdigit()))
    {
        return None;
    }
    Some(parts.join(":").to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const N1: &str = r#"<?xml version="1.0"?>
<!-- generated by libvirt -->
<domain type='kvm' id='3'>
  <name>n1</name>
  <uuid>8a5f0c2e-1b7d-4c3a-9e6f-000000000001</uuid>
  <metadata><name>not-this</name></metadata>
  <devices>
    <disk type='file' device='disk'><source file='/x/r1.qcow2'/><target dev='vda' bus='virtio'/></disk>
    <interface type='user'><mac address='52:54:00:12:34:56'/><model type='virtio'/></interface>
    <interface type="network">
      <mac address="52:54:00:AB:CD:EF"/>
      <source network="default"/>
    </interface>
    <interface type='bridge'><mac address='garbage'/></interface>
  </devices>
</domain>
"#;

    #[test]
    fn reads_name_uuid_and_macs() {
        let d = parse(N1).unwrap();
        assert_eq!(d.name.as_deref(), Some("n1"));
        assert_eq!(
            d.uuid.as_deref(),
            Some("8a5f0c2e-1b7d-4c3a-9e6f-000000000001")
        );
        assert_eq!(d.interfaces.len(), 3);
        assert_eq!(d.interfaces[0].kind, "user");
        assert_eq!(d.macs(), vec!["52:54:00:12:34:56", "52:54:00:ab:cd:ef"]);
        assert_eq!(d.interfaces[2].mac, None);
    }

    #[test]
    fn entities_cdata_and_errors() {
        let d = parse("<domain><name>a&amp;b&#x41;</name></domain>").unwrap();
        assert_eq!(d.name.as_deref(), Some("a&bA"));
        let d = parse("<domain><name><![CDATA[x<y]]></name></domain>").unwrap();
        assert_eq!(d.name.as_deref(), Some("x<y"));
        for bad in [
            "",
            "<network/>",
            "<domain>",
            "<domain></name>",
            "<domain><name>&bogus;</name></domain>",
            "<!DOCTYPE x [<!ENTITY a 'b'>]><domain/>",
            "<domain a=b/>",
            "<domain/><domain/>",
            "junk<domain/>",
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
        assert_eq!(normalize_mac("52:54:00:12:34:5"), None);
    }

    proptest! {
        #[test]
        fn never_panics_on_arbitrary_input(s in "\\PC{0,300}") {
            let _ = parse(&s);
        }

        #[test]
        fn never_panics_on_xmlish_input(s in "[<>/='\"!?a-z &;#x0-9\\[\\]-]{0,300}") {
            let _ = parse(&s);
            let _ = parse(&format!("<domain>{s}</domain>"));
            let _ = parse(&format!("<domain><devices><interface type='x'>{s}</interface></devices></domain>"));
        }

        #[test]
        fn round_trips_names_and_macs(name in "[a-z][a-z0-9-]{0,20}", mac in "([0-9a-f]{2}:){5}[0-9a-f]{2}") {
            let xml = format!("<domain type='kvm'><name>{name}</name><devices><interface type='network'><mac address='{mac}'/></interface></devices></domain>");
            let d = parse(&xml).unwrap();
            prop_assert_eq!(d.name.as_deref(), Some(name.as_str()));
            prop_assert_eq!(d.macs(), vec![mac]);
        }
    }
}
